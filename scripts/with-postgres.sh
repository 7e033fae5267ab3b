#!/usr/bin/env bash
# Runs a command beside a private, throw-away PostgreSQL server, with
# EVENTLEDGER_TEST_PG naming a scratch database on it: the store and API tests
# (tests/test_store.py, tests/test_serve.py, tests/test_store_faults.py, ...)
# then run on PostgreSQL as well as on SQLite.
#
#     scripts/with-postgres.sh .venv/bin/python -m pytest -q
#
# The cluster lives in a temporary folder, listens on 127.0.0.1 on a free port,
# and is stopped and deleted when the command ends, whether it passed, failed or
# was interrupted. Debian's server is installed with apt-get when it is missing
# and we are root. The command's exit status is this script's exit status.
#
# Without a server (and no way to install one) the command runs on SQLite only,
# with a warning; under CI (CI set) that is an error, so a broken PostgreSQL
# setup can never pass unnoticed.
set -euo pipefail

say() { echo "with-postgres: $*" >&2; }

find_bindir() {
    local dir
    # Debian keeps the server binaries out of PATH, one folder per version
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
        return 0
    fi
    return 1
}

install_server() {
    [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
    local log
    log="$(mktemp)"
    say "installing Debian's PostgreSQL server (apt-get)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 \
            || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; } >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
}

if [ "$#" -eq 0 ]; then
    say "usage: scripts/with-postgres.sh COMMAND [ARG...]"
    exit 2
fi

bindir="$(find_bindir || true)"
if [ -z "$bindir" ]; then
    install_server || true
    bindir="$(find_bindir || true)"
fi
if [ -z "$bindir" ]; then
    if [ -n "${CI:-}" ]; then
        say "no PostgreSQL server could be found or installed; CI must run the store and API tests on PostgreSQL"
        exit 1
    fi
    say "no PostgreSQL server found: the store and API tests run on SQLite only"
    exec "$@"
fi

# initdb refuses to run as root: the cluster then belongs to the postgres user.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    owner=postgres
    id "$owner" >/dev/null 2>&1 || owner=nobody
    as_owner=(runuser -u "$owner" --)
fi

workdir="$(mktemp -d "${TMPDIR:-/tmp}/eventledger-pg.XXXXXX")"
[ "${#as_owner[@]}" -eq 0 ] || chown "$owner" "$workdir"
data="$workdir/data"

stop() {
    if [ -f "$data/postmaster.pid" ]; then
        "${as_owner[@]}" "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$workdir"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

if ! "${as_owner[@]}" "$bindir/initdb" -D "$data" -U eventledger -A trust -E UTF8 --locale=C --no-sync >"$workdir/initdb.log" 2>&1; then
    cat "$workdir/initdb.log" >&2
    say "initdb failed"
    exit 1
fi
# A scratch server: durability settings off, it is deleted afterwards.
if ! "${as_owner[@]}" "$bindir/pg_ctl" -D "$data" -l "$workdir/server.log" -w -t 60 \
        -o "-p $port -k $workdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
    cat "$workdir/server.log" >&2 || true
    say "the PostgreSQL server did not start"
    exit 1
fi
"${as_owner[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U eventledger eventledger_test

export EVENTLEDGER_TEST_PG="postgresql://eventledger@127.0.0.1:$port/eventledger_test"
version="$("$bindir/postgres" --version 2>/dev/null || echo PostgreSQL)"
say "$version on 127.0.0.1:$port: store and API tests run on it as well as on SQLite"

# The command runs as a child we wait for, so that an interrupt or a TERM
# (a cancelled CI job) reaches it at once and the server is still stopped.
"$@" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 130' INT  # (a background child ignores SIGINT)
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 143' TERM
set +e
wait "$child"
status=$?
set -e
exit "$status"
