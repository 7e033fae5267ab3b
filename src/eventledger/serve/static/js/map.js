// The event map: country outlines drawn from the bundled Natural Earth TopoJSON
// (no tile server), events as circles sized by fatalities and coloured by type.
// Few events in view: points, clustered in the browser (Leaflet.markercluster).
// Many: the server's grid clusters, so the browser draws a few hundred markers
// whatever the size of the store.
/* global L, topojson */
import { getJSON } from './api.js';
import { colorFor, radiusFor, typeLabel } from './colors.js';
import { el, formatDate, formatNumber } from './dom.js';

const OUTLINES = '/static/vendor/world-atlas/countries-50m.json';

export function createMap(container, { onEventClick }) {
  const map = L.map(container, {
    preferCanvas: true,
    worldCopyJump: true,
    minZoom: 2,
    maxZoom: 13,
    zoomSnap: 0.5,
    attributionControl: false,
  }).setView([30, 40], 2);

  L.control.attribution({ prefix: false })
    .addAttribution('Outlines: Natural Earth (world-atlas) · Leaflet')
    .addTo(map);
  const status = viewStatus(() => {
    if (lastResult && lastResult.extent) {
      const [s, w, n, e] = lastResult.extent;
      map.fitBounds([[s, w], [n, e]], { padding: [20, 20] });
    }
  });
  status.addTo(map);

  map.createPane('outlines').classList.add('outlines-pane');
  const outlinesReady = loadOutlines(map);

  const points = L.markerClusterGroup({
    maxClusterRadius: 28,
    showCoverageOnHover: false,
    spiderfyOnMaxZoom: true,
    chunkedLoading: true,
    iconCreateFunction: (cluster) => {
      const counts = {};
      for (const marker of cluster.getAllChildMarkers()) {
        const type = marker.options.eventType || '';
        counts[type] = (counts[type] || 0) + 1;
      }
      const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
      return clusterIcon(cluster.getChildCount(), top);
    },
  }).addTo(map);
  const serverClusters = L.layerGroup().addTo(map);

  let filters = {};
  let sequence = 0;
  let fitted = false;
  let fitting = false;
  let complete = false;
  let known = null; // located, unlocated, extent: for the current filters
  let lastResult = null;

  // Loads for the current view. The first load of a filter set asks the
  // server to fit the view as well (one request); after that, only a view
  // holding a subset of the events needs reloading when the map moves.
  async function load() {
    const mine = ++sequence;
    const params = { ...filters, zoom: map.getZoom() };
    const size = map.getSize();
    if (fitted) params.bbox = map.getBounds().toBBoxString();
    else params.fit = `${Math.round(size.x)}x${Math.round(size.y)}`;
    // the totals and extent of these filters do not change as the map moves
    if (known) params.with_extent = false;
    const data = await getJSON('/api/aggregates/map', params);
    if (mine !== sequence) return lastResult; // a newer request is under way
    if (known) Object.assign(data, known);
    else known = { located: data.located, unlocated: data.unlocated, extent: data.extent };
    lastResult = data;
    if (!fitted) {
      fitted = true;
      complete = data.mode === 'points'; // every matching event is on the map
      let target = null;
      if (data.view) target = { center: data.view.center, zoom: data.view.zoom };
      else if (data.extent) {
        const [s, w, n, e] = data.mode === 'points' ? focusBox(data.points, data.extent) : data.extent;
        const bounds = L.latLngBounds([s, w], [n, e]).pad(0.15);
        // Zoomed no closer than a region: one event should not fill the screen.
        target = { center: bounds.getCenter(), zoom: Math.min(map.getBoundsZoom(bounds), 7) };
      }
      if (target) {
        fitting = true;
        map.setView(target.center, target.zoom, { animate: false });
        fitting = false;
      }
    } else {
      complete = false;
    }
    draw(data);
    return data;
  }

  function draw(data) {
    points.clearLayers();
    serverClusters.clearLayers();
    if (data.mode === 'points') {
      points.addLayers(data.points.map(pointMarker));
    } else {
      for (const c of data.clusters) serverClusters.addLayer(serverClusterMarker(c));
    }
    status.update(data);
    container.dataset.mode = data.mode;
    container.dataset.markers = data.mode === 'points' ? data.points.length : data.clusters.length;
  }

  function pointMarker(p) {
    const marker = L.circleMarker([p.latitude, p.longitude], {
      radius: radiusFor(p.fatalities),
      fillColor: colorFor(p.event_type),
      color: '#1f2933',
      weight: 0.8,
      fillOpacity: 0.82,
      eventType: p.event_type || '',
      eventId: p.event_id,
    });
    marker.bindTooltip(
      () =>
        el('div', { className: 'map-tip' },
          el('strong', { text: p.sub_event_type || typeLabel(p.event_type) }),
          el('div', { text: `${p.location || 'unnamed place'} · ${formatDate(p.event_date)}` }),
          p.fatalities ? el('div', { text: `${formatNumber(p.fatalities)} fatalities` }) : null),
      { direction: 'top', offset: [0, -4] },
    );
    marker.on('click', () => onEventClick(p.event_id));
    return marker;
  }

  function serverClusterMarker(c) {
    const marker = L.marker([c.latitude, c.longitude], { icon: clusterIcon(c.count, c.top_type || '') });
    marker.bindTooltip(
      el('div', { className: 'map-tip' },
        el('strong', { text: `${formatNumber(c.count)} events` }),
        el('div', { text: `${formatNumber(c.fatalities)} fatalities · mostly ${typeLabel(c.top_type)}` }),
        el('div', { className: 'muted', text: 'click to zoom in' })),
      { direction: 'top' },
    );
    marker.on('click', () => {
      const [s, w, n, e] = c.bounds;
      if (s === n && w === e) map.setView([s, w], Math.min(map.getZoom() + 3, map.getMaxZoom()));
      else map.fitBounds([[s, w], [n, e]], { padding: [30, 30] });
    });
    return marker;
  }

  map.on('moveend', () => {
    // With every event already drawn, markercluster regroups them itself.
    if (fitted && !fitting && !complete) load().catch(() => {});
  });

  return {
    map,
    ready: outlinesReady,
    setFilters(next) {
      filters = next;
      known = null;
      return load();
    },
    refit(next) {
      filters = next;
      known = null;
      fitted = false;
      return load();
    },
    invalidate() {
      map.invalidateSize();
    },
  };
}

// Where most events are: the events within a region's reach of the median
// position, when they are most of them. A few far-off events (a report
// recalling 9/11 in a story about Afghanistan) would otherwise zoom the map
// out to the whole world; the view-status control says what is off-screen.
function focusBox(points, extent) {
  if (points.length < 10) return extent;
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const lat = median(points.map((p) => p.latitude));
  const lon = median(points.map((p) => p.longitude));
  const near = points.filter((p) => Math.abs(p.latitude - lat) <= 20 && Math.abs(p.longitude - lon) <= 25);
  if (near.length < 0.6 * points.length) return extent;
  const lats = near.map((p) => p.latitude);
  const lons = near.map((p) => p.longitude);
  return [Math.min(...lats), Math.min(...lons), Math.max(...lats), Math.max(...lons)];
}

function clusterIcon(count, type) {
  const size = Math.round(Math.min(48, 24 + 6 * Math.log10(count + 1)));
  const body = el('div', { className: 'ev-cluster-body' }, el('span', { text: compact(count) }));
  body.style.borderColor = colorFor(type);
  return L.divIcon({ html: body, className: 'ev-cluster', iconSize: [size, size] });
}

function compact(n) {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}

async function loadOutlines(map) {
  const response = await fetch(OUTLINES);
  const topo = await response.json();
  const countries = topojson.feature(topo, topo.objects.countries);
  const layer = L.geoJSON(countries, {
    pane: 'outlines',
    interactive: false,
    style: { color: '#9aa5b1', weight: 0.7, fillColor: '#f4f1ea', fillOpacity: 1 },
  }).addTo(map);
  countryLabels(map, layer);
}

// Country names, for the countries big enough on screen to hold one: without
// tiles the outlines alone are hard to read.
function countryLabels(map, layer) {
  map.createPane('labels').classList.add('labels-pane');
  const countries = [];
  layer.eachLayer((country) => {
    const name = country.feature.properties && country.feature.properties.name;
    // the largest ring's box: overseas islands must not drag the label into the sea
    if (name) countries.push({ name, bounds: mainBounds(country) });
  });
  const labels = L.layerGroup().addTo(map);
  const draw = () => {
    labels.clearLayers();
    const view = map.getBounds();
    for (const { name, bounds } of countries) {
      if (!view.intersects(bounds)) continue;
      const sw = map.latLngToContainerPoint(bounds.getSouthWest());
      const ne = map.latLngToContainerPoint(bounds.getNorthEast());
      if (Math.abs(ne.x - sw.x) < name.length * 7 || Math.abs(sw.y - ne.y) < 18) continue;
      labels.addLayer(L.marker(bounds.getCenter(), {
        pane: 'labels',
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: 'country-label', html: el('span', { text: name }), iconSize: null }),
      }));
    }
  };
  map.on('zoomend moveend', draw);
  draw();
}

function mainBounds(country) {
  const latlngs = country.getLatLngs();
  // Polygon: [ring, ...]; MultiPolygon: [[ring, ...], ...]
  const polygons = Array.isArray(latlngs[0][0]) ? latlngs : [latlngs];
  let best = null;
  let bestArea = -1;
  for (const polygon of polygons) {
    const bounds = L.latLngBounds(polygon[0]);
    const area = (bounds.getNorth() - bounds.getSouth()) * (bounds.getEast() - bounds.getWest());
    if (area > bestArea) { best = bounds; bestArea = area; }
  }
  return best;
}

function viewStatus(onShowAll) {
  const control = L.control({ position: 'topright' });
  let box;
  control.onAdd = () => {
    box = el('div', { className: 'map-status' });
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  control.update = (data) => {
    if (!box) return;
    const parts = [`${formatNumber(data.total)} of ${formatNumber(data.located)} located events in view`];
    if (data.mode === 'clusters') parts.push('grouped by area');
    box.replaceChildren(el('span', { text: parts.join(' · ') }));
    if (data.total < data.located) box.append(' ', el('button', { type: 'button', className: 'link', text: 'show all', onclick: onShowAll }));
    const notes = [data.mode === 'points' ? 'circles sized by fatalities' : 'click a group to zoom in'];
    if (data.unlocated) notes.push(`${formatNumber(data.unlocated)} not located`);
    box.append(el('div', { className: 'muted', text: notes.join(' · ') }));
  };
  return control;
}
