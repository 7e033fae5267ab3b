#!/usr/bin/env bash
# Vendors the web page's third-party files from the npm registry into
# src/eventledger/serve/static/vendor/, with their licences, so that
# `eventledger serve` needs no network at run time. The result is committed;
# rerun only to change a version (edit the pins below), then commit the diff.
#
#   scripts/vendor-web.sh            # needs npm and the npm registry
set -euo pipefail

LEAFLET=leaflet@1.9.4
MARKERCLUSTER=leaflet.markercluster@1.5.3
WORLD_ATLAS=world-atlas@2.0.2          # Natural Earth 1:50m countries as TopoJSON
TOPOJSON_CLIENT=topojson-client@3.1.0

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/src/eventledger/serve/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch() {  # fetch PACKAGE@VERSION -> unpacked into $work/NAME/package
    local spec="$1" name="${1%@*}"
    mkdir -p "$work/$name"
    # npm pack checks the tarball against the registry's integrity hash
    (cd "$work/$name" && npm pack --silent "$spec" >/dev/null 2>&1 && tar -xzf ./*.tgz)
    sha256sum "$work/$name"/*.tgz | sed "s|  .*/|  |" >>"$work/SHA256SUMS"
    echo "$spec" >>"$work/VERSIONS"
}

for spec in "$LEAFLET" "$MARKERCLUSTER" "$WORLD_ATLAS" "$TOPOJSON_CLIENT"; do
    fetch "$spec"
done

rm -rf "$dest"
mkdir -p "$dest/leaflet/images" "$dest/leaflet.markercluster" "$dest/world-atlas" "$dest/topojson-client"

pkg="$work/leaflet/package"
cp "$pkg/dist/leaflet.js" "$pkg/dist/leaflet.css" "$pkg/LICENSE" "$dest/leaflet/"
cp "$pkg/dist/images/"*.png "$dest/leaflet/images/"

pkg="$work/leaflet.markercluster/package"
cp "$pkg/dist/leaflet.markercluster.js" "$pkg/dist/MarkerCluster.css" "$pkg/dist/MarkerCluster.Default.css" \
   "$pkg/MIT-LICENCE.txt" "$dest/leaflet.markercluster/"

pkg="$work/world-atlas/package"
cp "$pkg/countries-50m.json" "$pkg/LICENSE" "$dest/world-atlas/"

pkg="$work/topojson-client/package"
cp "$pkg/dist/topojson-client.min.js" "$pkg/LICENSE" "$dest/topojson-client/"

# Source-map comments would make browser dev tools ask for files we do not ship.
sed -i -e '/^\/\/# sourceMappingURL=/d' "$dest/leaflet/leaflet.js" "$dest/leaflet.markercluster/leaflet.markercluster.js"

{
    echo "Vendored by scripts/vendor-web.sh from the npm registry; do not edit by hand."
    echo
    cat "$work/VERSIONS"
    echo
    echo "sha256 of the npm tarballs:"
    cat "$work/SHA256SUMS"
} >"$dest/VERSIONS.txt"

echo "vendored into $dest:"
(cd "$dest" && find . -type f | sort | xargs du -b | awk '{printf "  %8d  %s\n", $1, $2}')
