"""How fast the web page's first render is on a large store.

    python -m eventledger.bench_serve                 # 100k synthetic events
    python -m eventledger.bench_serve --events 20000 --db /tmp/big.sqlite --keep

Builds a synthetic store (documents, one mention per event, events spread over
real places, three years and all event types), serves it on a free loopback
port, times the API calls the page makes for its first render (median of a
few runs), and, when Debian's Chromium and Playwright are installed, the page
load in headless Chromium up to its "rendered" marker. The target: map and
timeline in under two seconds for 100k events.
"""
from __future__ import annotations

import argparse
import random
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert

from .records import Document, Event, Mention, Place, Span
from .store import Store
from .store.models import DocumentRow, MentionRow, utcnow
from .store.serialize import document_row, mention_row

CHROMIUM = Path("/usr/bin/chromium")
MENTIONS_PER_DOCUMENT = 50

# (location, admin1, country, latitude, longitude): where the synthetic events happen
PLACES = [
    ("Kabul", "Kabul", "Afghanistan", 34.528, 69.172),
    ("Kandahar", "Kandahar", "Afghanistan", 31.613, 65.71),
    ("Herat", "Herat", "Afghanistan", 34.348, 62.199),
    ("Qala-i-Naw", "Badghis", "Afghanistan", 34.985, 63.128),
    ("Lashkar Gah", "Helmand", "Afghanistan", 31.593, 64.371),
    ("Kunduz", "Kunduz", "Afghanistan", 36.728, 68.868),
    ("Mazar-e Sharif", "Balkh", "Afghanistan", 36.709, 67.11),
    ("Jalalabad", "Nangarhar", "Afghanistan", 34.43, 70.447),
    ("Peshawar", "Khyber Pakhtunkhwa", "Pakistan", 34.008, 71.578),
    ("Quetta", "Balochistan", "Pakistan", 30.184, 67.0),
    ("Lahore", "Punjab", "Pakistan", 31.558, 74.351),
    ("Karachi", "Sindh", "Pakistan", 24.86, 67.01),
    ("Baghdad", "Baghdad", "Iraq", 33.315, 44.366),
    ("Mosul", "Ninewa", "Iraq", 36.34, 43.13),
    ("Aleppo", "Aleppo", "Syria", 36.202, 37.134),
    ("Idlib", "Idleb", "Syria", 35.93, 36.633),
    ("Sanaa", "Amanat al Asimah", "Yemen", 15.354, 44.207),
    ("Aden", "Aden", "Yemen", 12.785, 45.019),
    ("Mogadishu", "Banadir", "Somalia", 2.046, 45.318),
    ("Maiduguri", "Borno", "Nigeria", 11.846, 13.16),
    ("Gao", "Gao", "Mali", 16.272, -0.044),
    ("Goma", "North Kivu", "Democratic Republic of Congo", -1.679, 29.222),
    ("Khartoum", "Khartoum", "Sudan", 15.5, 32.56),
    ("Bakhmut", "Donetsk", "Ukraine", 48.595, 38.0),
    ("Kharkiv", "Kharkiv", "Ukraine", 49.993, 36.231),
    ("Medellin", "Antioquia", "Colombia", 6.244, -75.581),
    ("Culiacan", "Sinaloa", "Mexico", 24.8, -107.39),
    ("Marawi", "Lanao del Sur", "Philippines", 8.0, 124.29),
]
TYPES = [
    ("Battles", "Armed clash", "ASSAULT", 0.30),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "ASSAULT", 0.15),
    ("Explosions/Remote violence", "Air/drone strike", "ASSAULT", 0.08),
    ("Violence against civilians", "Attack", "ASSAULT", 0.12),
    ("Protests", "Peaceful protest", "PROTEST", 0.15),
    ("Riots", "Violent demonstration", "PROTEST", 0.05),
    ("Strategic developments", "Arrests", "COERCE", 0.07),
    (None, None, "DEMAND", 0.08),
]
ACTORS = ["Taliban", "Military Forces of Afghanistan (2014-2021)", "Islamic State (Afghanistan)",
          "Unidentified Armed Group", "Protesters", "Police Forces", "Civilians"]


# ---------------------------------------------------------------- the store


def build_store(url: str, n_events: int, seed: int = 7) -> Store:
    """A store of ``n_events`` synthetic events, written in bulk."""
    rng = random.Random(seed)
    store = Store(url)
    start = date(2021, 1, 1)
    type_weights = [t[3] for t in TYPES]
    # a few busy places, as in real data: the map then has dense spots
    place_weights = [1 / (i + 1) ** 0.7 for i in range(len(PLACES))]
    documents: list[dict] = []
    mention_rows: list[dict] = []
    events: list[Event] = []
    now = utcnow()
    for first in range(0, n_events, MENTIONS_PER_DOCUMENT):
        count = min(MENTIONS_PER_DOCUMENT, n_events - first)
        doc_id = f"synthetic-{first // MENTIONS_PER_DOCUMENT:06d}.txt"
        published = start + timedelta(days=rng.randrange(3 * 365))
        lines, specs = [f"Synthetic bulletin {doc_id}"], []
        offset = len(lines[0]) + 1
        for i in range(count):
            event_type, sub_type, plover, _ = rng.choices(TYPES, type_weights)[0]
            location, admin1, country, lat, lon = rng.choices(PLACES, place_weights)[0]
            day = published - timedelta(days=rng.randrange(4))
            actor = rng.choice(ACTORS)
            killed = int(rng.expovariate(0.3)) if event_type in ("Battles", "Explosions/Remote violence") else 0
            line = f"On {day:%d %B %Y}, {actor} were involved in an incident in {location} ({admin1}); {killed} were killed."
            sentence = Span(offset, offset + len(line), line)
            trigger_at = line.index("involved")
            place = Place(location, country, admin1, None, lat + rng.gauss(0, 0.25), lon + rng.gauss(0, 0.25), 1)
            specs.append((sentence, trigger_at, event_type, sub_type, plover, actor, place, day, killed))
            lines.append(line)
            offset += len(line) + 1
        text = "\n".join(lines)
        doc = Document(doc_id, text, published=published.isoformat(), published_source="meta",
                       published_confidence=1.0, publisher=rng.choice(["Wire A", "Wire B", "Daily C", "Radio D"]),
                       title=f"Synthetic bulletin {doc_id}")
        row = document_row(doc, doc_id)
        documents.append({c.key: getattr(row, c.key) for c in DocumentRow.__table__.columns if c.key != "ingested_at"}
                         | {"ingested_at": now})
        for ordinal, (sentence, trigger_at, event_type, sub_type, plover, actor, place, day, killed) in enumerate(specs):
            number = first + ordinal
            mention = Mention(
                document=doc_id, sentence=sentence, event_type=event_type, sub_event_type=sub_type, plover_type=plover,
                status="occurred" if event_type else "demanded", actor1=actor, place=place,
                event_date=day.isoformat(), time_precision=1, fatalities=killed,
                evidence={"trigger": Span(sentence.start + trigger_at, sentence.start + trigger_at + 8, "involved")},
                publisher=doc.publisher, published=doc.published, id=f"m{number:07d}",
            )
            m_row = mention_row(mention, mention.id, doc_id, ordinal)
            mention_rows.append({c.key: getattr(m_row, c.key) for c in MentionRow.__table__.columns})
            events.append(Event(
                event_id=f"SYN{number:07d}", mentions=[mention], event_type=event_type, sub_event_type=sub_type,
                plover_type=plover, status=mention.status, actor1=actor, place=place, event_date=day.isoformat(),
                time_precision=1, fatalities=killed,
                notes=f"On {day:%d %B %Y}, {actor} in {place.location} ({place.admin1}, {place.country}).",
                disputes=[{"field": "fatalities", "values": [{"value": killed, "text": "x", "document": doc_id}]}]
                if number % 97 == 0 else [],
            ))
    with store.engine.begin() as connection:
        connection.execute(insert(DocumentRow), documents)
        for chunk in range(0, len(mention_rows), 20_000):
            connection.execute(insert(MentionRow), mention_rows[chunk:chunk + 20_000])
    store.replace_events(events, [])
    return store


# ---------------------------------------------------------------- measuring


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_in_thread(store: Store, cache: bool = True):
    import uvicorn

    from .serve import create_app

    port = _free_port()
    app = create_app(store, cache=cache)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


def first_render_calls() -> list[tuple[str, str]]:
    """The API calls of the page's first render (sent together), then the
    filter menus (asked right after) and a pan of the map."""
    return [
        ("table page (50)", "/api/events?limit=50&offset=0&sort=event_date&order=desc"),
        ("timeline", "/api/aggregates/timeline"),
        ("map, fitted", "/api/aggregates/map?zoom=2&fit=656x488"),
        ("stats", "/api/stats"),
        ("documents page", "/api/documents?limit=50&offset=0"),
        ("facets (after)", "/api/facets"),
        ("map, panned", "/api/aggregates/map?zoom=5&bbox=55,25,80,40&with_extent=false"),
    ]


def time_api(base: str, runs: int) -> dict[str, float]:
    import httpx

    results: dict[str, float] = {}
    with httpx.Client(timeout=60) as client:
        for name, path in first_render_calls():
            samples = []
            for _ in range(runs):
                t0 = time.perf_counter()
                response = client.get(base + path)
                samples.append(time.perf_counter() - t0)
                response.raise_for_status()
            results[name] = statistics.median(samples)
        mode = client.get(f"{base}/api/aggregates/map?zoom=2&fit=656x488").json()
        results["_map_mode"] = mode["mode"]
        results["_map_markers"] = len(mode["clusters"]) + len(mode["points"])
    return results


def time_browser(base: str, runs: int) -> list[tuple[float, float]] | str:
    """(navigation start to the page's rendered marker, as the page measures it;
    the same as the driver sees it, with its own overhead) per load."""
    if not CHROMIUM.exists():
        return f"skipped: {CHROMIUM} is missing (scripts/install-browser.sh)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "skipped: the playwright package is not installed"
    times = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, viewport={"width": 1280, "height": 800},
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        # The browser's own start-up (first navigation of a new profile) is not
        # the page's cost: warm it up on a tiny file first.
        warm = context.new_page()
        warm.goto(base + "/static/favicon.svg")
        warm.close()
        for _ in range(runs):
            page = context.new_page()
            t0 = time.perf_counter()
            page.goto(base + "/")
            page.wait_for_selector("html[data-rendered=true]", timeout=60_000)
            wall = time.perf_counter() - t0
            in_page = int(page.get_attribute("html", "data-rendered-ms")) / 1000
            times.append((in_page, wall))
            page.close()
        context.close()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eventledger.bench_serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="synthetic events to create (default 100000)")
    parser.add_argument("--db", help="SQLite file to build (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--runs", type=int, default=3, help="repetitions per measurement (median reported)")
    parser.add_argument("--no-browser", action="store_true", help="time the API only")
    args = parser.parse_args(argv)

    folder = None
    if args.db:
        path = Path(args.db)
        if path.exists():
            sys.exit(f"bench_serve: {path} exists; give a new file (it is built from scratch)")
    else:
        folder = tempfile.mkdtemp(prefix="eventledger-bench-")
        path = Path(folder) / "bench.sqlite"

    print(f"building a store of {args.events:,} synthetic events in {path} ...", flush=True)
    t0 = time.perf_counter()
    store = build_store(f"sqlite:///{path}", args.events)
    print(f"  built in {time.perf_counter() - t0:.1f} s: {store.counts()}", flush=True)

    # Queries timed without the aggregate cache: what a first visit costs.
    server, thread, base = serve_in_thread(store, cache=False)
    servers = [(server, thread)]
    try:
        api = time_api(base, args.runs)
        print(f"\nAPI calls of the first render, uncached (median of {args.runs}, one at a time):")
        total = 0.0
        for name, seconds in api.items():
            if name.startswith("_"):
                continue
            total += seconds
            print(f"  {name:<20} {seconds * 1000:8.1f} ms")
        print(f"  {'all, one after another':<20} {total * 1000:8.1f} ms")
        print(f"  the world map came as {api['_map_mode']} ({api['_map_markers']} markers)")
        if not args.no_browser:
            # A fresh server: the first load finds the aggregate cache empty.
            cached, cached_thread, cached_base = serve_in_thread(store, cache=True)
            servers.append((cached, cached_thread))
            browser = time_browser(cached_base, args.runs)
            print("\nheadless Chromium, navigation start to the 'rendered' marker (map, timeline, table on screen):")
            if isinstance(browser, str):
                print(f"  {browser}")
            else:
                def show(t: tuple[float, float]) -> str:
                    return f"{t[0]:.2f} s ({t[1]:.2f} s as the driver sees it)"

                print(f"  first load, aggregate cache empty: {show(browser[0])}")
                for t in browser[1:]:
                    print(f"  later load, aggregates cached:     {show(t)}")
                print("  target: under 2 s")
    finally:
        for server, thread in servers:
            server.should_exit = True
            thread.join(timeout=10)
        store.close()
        if folder and not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        elif args.keep:
            print(f"\nkept {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
