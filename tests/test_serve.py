"""The web API (``eventledger serve``) through FastAPI's TestClient.

The store is built by hand from records written here, so every filter and
count can be checked exactly; only the upload tests run the real pipeline
(extraction and merging), and they check what the API promises, not what
the extractor finds.
"""
from __future__ import annotations

import csv
import io
import json
import os
import time
import warnings

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's note about httpx vs httpx2
    from fastapi.testclient import TestClient

from eventledger.records import Document, Event, Mention, Place, Span
from eventledger.serve import create_app
from eventledger.serve.access import AccessPolicy
from eventledger.store import Store
from scratch_stores import scratch_url

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# Two short reports of one raid, with a disagreement on the prisoners freed.
TEXT_A = (
    "Taliban storm Qala-i-Naw\n"
    "Taliban fighters stormed the city of Qala-i-Naw on Wednesday and freed about 600 prisoners "
    "from the provincial jail, officials said. Five soldiers were killed.\n"
    "Separately, hundreds of traders protested in Lahore against new taxes on Saturday."
)
TEXT_B = (
    "Afghan forces retake Qala-i-Naw\n"
    "Insurgents broke into the prison in Qala-i-Naw on Wednesday and some 400 inmates escaped. "
    "The Taliban demanded the release of 7,000 prisoners in July.\n"
    "A roadside bomb exploded in Kabul on 1 August, a police spokesman said."
)


def span(text: str, piece: str) -> Span:
    start = text.index(piece)
    return Span(start, start + len(piece), piece)


def sentence(text: str, piece: str) -> Span:
    at = text.index(piece)
    start = max(text.rfind("\n", 0, at), text.rfind(". ", 0, at) + 1)
    start = start + 1 if start >= 0 else 0
    end = text.find(".", at) + 1
    return Span(start, end, text[start:end])


QALA = Place("Qala-i-Naw", "Afghanistan", "Badghis", None, 34.985, 63.128, 1)
LAHORE = Place("Lahore", "Pakistan", "Punjab", None, 31.558, 74.351, 1)
KABUL = Place("Kabul", "Afghanistan", "Kabul", None, 34.528, 69.172, 1)


def mention(doc: Document, piece: str, trigger: str, **fields) -> Mention:
    evidence = {"trigger": span(doc.text, trigger)}
    evidence.update({k: span(doc.text, v) for k, v in fields.pop("evidence", {}).items()})
    return Mention(
        document=doc.id,
        sentence=sentence(doc.text, piece),
        evidence=evidence,
        publisher=doc.publisher,
        published=doc.published,
        **fields,
    )


def build_store(url: str) -> Store:
    store = Store(url)
    doc_a = Document("a.txt", TEXT_A, published="2021-07-08", publisher="Voice of America", title="Taliban storm Qala-i-Naw")
    doc_b = Document("b.txt", TEXT_B, published="2021-08-02", publisher="The New York Times", title=None)
    raid = dict(event_type="Battles", sub_event_type="Non-state actor overtakes territory", plover_type="ASSAULT",
                actor1="Taliban", actor2="Military Forces of Afghanistan (2014-2021)", place=QALA,
                event_date="2021-07-07", time_precision=1)
    raid_a = mention(doc_a, "stormed the city", "stormed", fatalities=5, quantities={"prisoners_freed": 600},
                     evidence={"actor1": "Taliban fighters", "location": "Qala-i-Naw", "quantities.prisoners_freed": "about 600 prisoners"},
                     **raid)
    raid_b = mention(doc_b, "broke into the prison", "broke into", quantities={"prisoners_freed": 400},
                     evidence={"location": "Qala-i-Naw", "quantities.prisoners_freed": "some 400 inmates"}, **raid)
    protest = mention(doc_a, "traders protested", "protested", event_type="Protests", sub_event_type="Peaceful protest",
                      plover_type="PROTEST", actor1="Protesters (Pakistan)", place=LAHORE, event_date="2021-07-03",
                      time_precision=1)
    demand = mention(doc_b, "demanded the release", "demanded", plover_type="DEMAND", status="demanded",
                     actor1="Taliban", event_date="2021-07", time_precision=3, quantities={"prisoners_demanded": 7000})
    bomb = mention(doc_b, "roadside bomb", "exploded", event_type="Explosions/Remote violence",
                   sub_event_type="Remote explosive/landmine/IED", plover_type="ASSAULT",
                   actor1="Unidentified Armed Group (Afghanistan)", place=KABUL, event_date="2021-08-01", time_precision=1)
    assert store.add_document(doc_a, [raid_a, protest])
    assert store.add_document(doc_b, [raid_b, demand, bomb])

    events = [
        Event("EV-RAID", [raid_a, raid_b], notes="On 7 July 2021, Taliban stormed Qala-i-Naw (Badghis).",
              fatalities=5, quantities={"prisoners_freed": 400}, independent_sources=2,
              disputes=[{"field": "quantities.prisoners_freed", "values": [
                  {"value": 600, "text": "about 600 prisoners", "document": "a.txt"},
                  {"value": 400, "text": "some 400 inmates", "document": "b.txt"}]}],
              **raid),
        Event("EV-PROTEST", [protest], event_type="Protests", sub_event_type="Peaceful protest", plover_type="PROTEST",
              actor1="Protesters (Pakistan)", place=LAHORE, event_date="2021-07-03", time_precision=1,
              notes="On 3 July 2021, traders protested in Lahore."),
        Event("EV-DEMAND", [demand], plover_type="DEMAND", status="demanded", actor1="Taliban",
              event_date="2021-07", time_precision=3, quantities={"prisoners_demanded": 7000},
              notes="In July 2021, Taliban demanded the release of prisoners."),
        Event("EV-BOMB", [bomb], event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
              plover_type="ASSAULT", actor1="Unidentified Armed Group (Afghanistan)", place=KABUL,
              event_date="2021-08-01", time_precision=1, fatalities=0, notes="On 1 August 2021, a bomb exploded in Kabul."),
    ]
    store.replace_events(events, [{"action": "join", "event_id": "EV-RAID", "mention_id": raid_b.id,
                                   "reason": "same Battles, same day, same place", "score": 0.9}])
    return store


PG_URL = os.environ.get("EVENTLEDGER_TEST_PG")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"] if PG_URL else ["sqlite"])
def store(request, tmp_path_factory) -> Store:
    """The hand-made store, on SQLite, and on PostgreSQL too when
    EVENTLEDGER_TEST_PG names a scratch database (its tables are dropped).
    Read-only tests only: uploads re-merge events."""
    with scratch_url(request.param, tmp_path_factory.mktemp("serve"), "events.sqlite", PG_URL) as url:
        store = build_store(url)
        yield store
        store.close()


TOKEN = "test-token-0123456789"
BASE_URL = "http://localhost:8000"  # the Host the server answers by default
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def token_client(app) -> TestClient:
    """A script's client: the server's Host, and the token on every request."""
    return TestClient(app, base_url=BASE_URL, headers=AUTH)


@pytest.fixture(scope="module")
def client(store) -> TestClient:
    with token_client(create_app(store, access=AccessPolicy.local(TOKEN))) as client:
        yield client


@pytest.fixture(scope="module")
def upload_client(tmp_path_factory) -> TestClient:
    """A store of its own for the tests that add reports."""
    store = build_store(f"sqlite:///{tmp_path_factory.mktemp('serve-upload') / 'events.sqlite'}")
    with token_client(create_app(store, access=AccessPolicy.local(TOKEN))) as client:
        yield client
    store.close()


def finished_job(client: TestClient, response, timeout: float = 180.0) -> dict:
    """An upload's answer (202 and a job), followed until the job is over."""
    assert response.status_code == 202, response.text
    job = response.json()
    assert response.headers["location"] == job["url"] == f"/api/jobs/{job['job_id']}"
    deadline = time.monotonic() + timeout
    while job["state"] in ("queued", "running"):
        assert time.monotonic() < deadline, f"the upload job is still {job['state']}"
        time.sleep(0.05)
        polled = client.get(job["url"])
        assert polled.status_code == 200, polled.text
        job = polled.json()
    return job


def added_report(client: TestClient, response) -> dict:
    job = finished_job(client, response)
    assert job["state"] == "done", job["error"]
    return job["result"]


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["event_id"] for item in response.json()["items"]]


def error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status and body["detail"], body
    return body


# ------------------------------------------------------------------ the page


def test_page_is_served_with_a_strict_content_security_policy(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    # no inline script or style anywhere in the page
    html = response.text
    assert "<script>" not in html and "<style" not in html and " style=" not in html
    assert 'src="http' not in html and 'href="http' not in html  # nothing from the internet


def test_api_responses_carry_the_security_headers_too(client):
    response = client.get("/api/events")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"


def test_every_asset_the_page_names_is_bundled(client):
    html = client.get("/").text
    import re

    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert len(assets) >= 6
    for path in assets + ["/static/vendor/world-atlas/countries-50m.json", "/static/js/map.js", "/docs"]:
        assert client.get(path).status_code == 200, path
    for licence in ("leaflet/LICENSE", "leaflet.markercluster/MIT-LICENCE.txt", "world-atlas/LICENSE", "topojson-client/LICENSE"):
        assert client.get(f"/static/vendor/{licence}").status_code == 200, licence


def test_openapi_documents_the_api(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/documents", "/api/documents/{document_id}",
                 "/api/export", "/api/aggregates/timeline", "/api/aggregates/map", "/api/facets"):
        assert path in spec["paths"], path
    assert "post" in spec["paths"]["/api/documents"]
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"date_from", "date_to", "event_type", "sub_event_type", "plover_type", "status", "country", "admin1",
            "actor", "q", "disputed", "limit", "offset"} <= params


# ------------------------------------------------------------------ events


def test_events_are_paged_with_a_total(client):
    first = client.get("/api/events", params={"limit": 2, "sort": "event_date", "order": "asc"}).json()
    second = client.get("/api/events", params={"limit": 2, "offset": 2, "sort": "event_date", "order": "asc"}).json()
    assert first["total"] == second["total"] == 4
    assert len(first["items"]) == len(second["items"]) == 2
    everything = [i["event_id"] for i in first["items"] + second["items"]]
    assert sorted(everything) == ["EV-BOMB", "EV-DEMAND", "EV-PROTEST", "EV-RAID"]
    assert client.get("/api/events", params={"offset": 10}).json()["items"] == []


def test_table_rows_are_light_and_count_sources(client):
    rows = {i["event_id"]: i for i in client.get("/api/events").json()["items"]}
    assert rows["EV-RAID"]["sources"] == 2 and rows["EV-RAID"]["disputed"] is True
    assert rows["EV-BOMB"]["sources"] == 1 and rows["EV-BOMB"]["disputed"] is False
    assert "evidence" not in json.dumps(rows)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"event_type": "Battles"}, ["EV-RAID"]),
        ({"event_type": ["Battles", "Protests"]}, ["EV-PROTEST", "EV-RAID"]),
        ({"sub_event_type": "Peaceful protest"}, ["EV-PROTEST"]),
        ({"plover_type": "ASSAULT"}, ["EV-BOMB", "EV-RAID"]),
        ({"status": "demanded"}, ["EV-DEMAND"]),
        ({"country": "Afghanistan"}, ["EV-BOMB", "EV-RAID"]),
        ({"admin1": "Badghis"}, ["EV-RAID"]),
        ({"actor": "taliban"}, ["EV-DEMAND", "EV-RAID"]),
        ({"q": "Lahore traders"}, ["EV-PROTEST"]),
        ({"q": "inmates"}, ["EV-RAID"]),  # words of a source sentence, not of the notes
        ({"disputed": "true"}, ["EV-RAID"]),
        ({"disputed": "false"}, ["EV-BOMB", "EV-DEMAND", "EV-PROTEST"]),
        ({"date_from": "2021-07-05", "date_to": "2021-07-31"}, ["EV-DEMAND", "EV-RAID"]),
        ({"date_from": "2021-08"}, ["EV-BOMB"]),
        ({"document": "a.txt"}, ["EV-PROTEST", "EV-RAID"]),
        ({"event_type": "", "country": ""}, ["EV-BOMB", "EV-DEMAND", "EV-PROTEST", "EV-RAID"]),  # empty = any
        ({"event_type": "Riots"}, []),
    ],
)
def test_filters(client, params, expected):
    response = client.get("/api/events", params=params)
    assert sorted(ids(response)) == expected
    assert response.json()["total"] == len(expected)


def test_sorting_puts_unknown_values_last(client):
    by_deaths = ids(client.get("/api/events", params={"sort": "fatalities", "order": "desc"}))
    assert by_deaths[:2] == ["EV-RAID", "EV-BOMB"]  # 5, then 0; the two unknowns after
    by_date = ids(client.get("/api/events", params={"sort": "event_date", "order": "desc"}))
    assert by_date[0] == "EV-BOMB"


def test_one_event_has_sources_evidence_disputes_and_merge_log(client, store):
    event = client.get("/api/events/EV-RAID").json()
    assert [s["publisher"] for s in event["sources"]] == ["Voice of America", "The New York Times"]
    texts = {d.id: d.text for d in store.documents()}
    for source in event["sources"]:
        text = texts[source["document"]]
        assert text[source["start"]:source["end"]] == source["sentence"]
        for field, ev in source["evidence"].items():
            assert text[ev["start"]:ev["end"]] == ev["text"], field
    assert event["sources"][0]["evidence"]["quantities.prisoners_freed"]["text"] == "about 600 prisoners"
    assert event["sources"][0]["document_title"] == "Taliban storm Qala-i-Naw"
    assert event["disputes"][0]["field"] == "quantities.prisoners_freed"
    assert [v["value"] for v in event["disputes"][0]["values"]] == [600, 400]
    assert event["merge_log"][0]["reason"] == "same Battles, same day, same place"


def test_documents_list_and_detail(client):
    page = client.get("/api/documents").json()
    assert page["total"] == 2 and {d["id"] for d in page["items"]} == {"a.txt", "b.txt"}
    assert "text" not in page["items"][0]
    doc = client.get("/api/documents/b.txt").json()
    assert doc["text"] == TEXT_B
    assert doc["mentions"] == 3 and len(doc["mention_list"]) == 3
    assert {e["event_id"] for e in doc["events"]} == {"EV-RAID", "EV-DEMAND", "EV-BOMB"}
    assert {m["event_id"] for m in doc["mention_list"]} == {"EV-RAID", "EV-DEMAND", "EV-BOMB"}


# ------------------------------------------------------------------ exports


@pytest.mark.parametrize(
    ("fmt", "media_type", "extension"),
    [("jsonl", "application/x-ndjson", "jsonl"), ("acled-csv", "text/csv", "csv"), ("geojson", "application/geo+json", "geojson")],
)
def test_export_in_every_format_as_a_download(client, fmt, media_type, extension):
    response = client.get("/api/export", params={"format": fmt, "country": "Afghanistan"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;") and f'.{extension}"' in disposition
    if fmt == "jsonl":
        records = [json.loads(line) for line in response.text.splitlines()]
        assert sorted(r["event_id"] for r in records) == ["EV-BOMB", "EV-RAID"]
        assert all(r["sources"] for r in records)
    elif fmt == "acled-csv":
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert sorted(r["event_id_cnty"] for r in rows) == ["EV-BOMB", "EV-RAID"]
    else:
        collection = response.json()
        assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 2


def test_export_covers_every_format_the_exporter_knows(client):
    from eventledger.export import FORMATS

    for fmt in FORMATS:
        assert client.get("/api/export", params={"format": fmt}).status_code == 200


# --------------------------------------------------------------- aggregates


def test_timeline_counts_per_day_per_type(client):
    timeline = client.get("/api/aggregates/timeline").json()
    days = {d["date"]: d["counts"] for d in timeline["days"]}
    assert days == {
        "2021-07-03": {"Protests": 1},
        "2021-07-07": {"Battles": 1},
        "2021-08-01": {"Explosions/Remote violence": 1},
    }
    assert timeline["not_by_day"] == 1  # the demand, known only to the month
    assert client.get("/api/aggregates/timeline", params={"country": "Pakistan"}).json()["days"][0]["total"] == 1


def test_map_sends_points_or_grid_clusters(client):
    points = client.get("/api/aggregates/map").json()
    assert points["mode"] == "points" and points["total"] == 3 and points["unlocated"] == 1
    assert {p["event_id"] for p in points["points"]} == {"EV-RAID", "EV-PROTEST", "EV-BOMB"}
    south, west, north, east = points["extent"]
    assert south == pytest.approx(31.558) and east == pytest.approx(74.351)

    clusters = client.get("/api/aggregates/map", params={"point_limit": 1, "zoom": 2}).json()
    assert clusters["mode"] == "clusters" and clusters["points"] == []
    assert sum(c["count"] for c in clusters["clusters"]) == 3

    in_view = client.get("/api/aggregates/map", params={"bbox": "60,30,66,36"}).json()  # around Badghis
    assert [p["event_id"] for p in in_view["points"]] == ["EV-RAID"] and in_view["located"] == 3


def test_facets_and_stats(client):
    facets = client.get("/api/facets").json()
    assert {f["value"] for f in facets["event_type"]} == {"Battles", "Protests", "Explosions/Remote violence"}
    assert {"value": "Peaceful protest", "event_type": "Protests", "count": 1} in facets["sub_event_type"]
    assert client.get("/api/stats").json()["events"] == 4


# ------------------------------------------------------------------ errors


def test_not_found_is_404_json(client):
    assert "EV-NONE" in error(client.get("/api/events/EV-NONE"), 404)["detail"]
    error(client.get("/api/documents/none.txt"), 404)
    error(client.get("/api/no-such-thing"), 404)


@pytest.mark.parametrize(
    "params",
    [{"date_from": "July"}, {"date_to": "2021-13-45"}],
)
def test_unreadable_filter_values_are_400(client, params):
    assert "YYYY" in error(client.get("/api/events", params=params), 400)["detail"]


def test_bad_bbox_is_400(client):
    error(client.get("/api/aggregates/map", params={"bbox": "1,2,3"}), 400)
    error(client.get("/api/aggregates/map", params={"bbox": "0,10,1,5"}), 400)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/events", {"limit": 0}),
        ("/api/events", {"limit": 100000}),
        ("/api/events", {"offset": -1}),
        ("/api/events", {"sort": "notes"}),
        ("/api/events", {"order": "sideways"}),
        ("/api/events", {"disputed": "perhaps"}),
        ("/api/export", {"format": "xlsx"}),
        ("/api/aggregates/map", {"zoom": 99}),
    ],
)
def test_invalid_parameters_are_422_naming_the_field(client, path, params):
    body = error(client.get(path, params=params), 422)
    assert body["errors"] and body["errors"][0]["loc"][-1] == next(iter(params))


def test_malformed_json_body_is_400(client):
    response = client.post("/api/documents", content=b'{"text": "unclosed', headers={"content-type": "application/json"})
    error(response, 400)


@pytest.mark.parametrize(
    "payload",
    [
        {"published": "2021-07-07"},  # no text
        {"text": "", "published": "2021-07-07"},
        {"text": "Some report.", "published": "yesterday"},
        {"text": "Some report."},  # no date
        {"text": "Some report.", "published": "2021-07-07", "extra": 1},
    ],
)
def test_invalid_uploads_are_422(client, payload):
    error(client.post("/api/documents", json=payload), 422)


def test_oversized_upload_is_413(store):
    with token_client(create_app(store, max_upload_bytes=1000, access=AccessPolicy.local(TOKEN))) as small:
        body = error(small.post("/api/documents", json={"text": "x" * 2000, "published": "2021-07-07"}), 413)
        assert "1,000 bytes" in body["detail"]
        assert "default-src 'self'" in small.post("/api/documents", json={"text": "x" * 2000, "published": "2021-07-07"}).headers["content-security-policy"]
        # no Content-Length (chunked): counted as it arrives
        chunks = (b'{"text": "' + b"y" * 600, b"y" * 600 + b'", "published": "2021-07-07"}')
        error(small.post("/api/documents", content=iter(chunks), headers={"content-type": "application/json"}), 413)
        # the multipart form is limited the same way
        files = {"file": ("report.txt", b"z" * 5000, "text/plain")}
        error(small.post("/api/documents/upload", files=files, data={"published": "2021-07-07"}), 413)


def test_default_upload_limit_is_one_megabyte(client):
    error(client.post("/api/documents", json={"text": "x" * (1024 * 1024 + 1), "published": "2021-07-07"}), 413)


# ------------------------------------------------------------------ uploads

XSS_REPORT = (
    "Gunmen attack checkpoint in Kunduz\n"
    "Taliban fighters attacked a police checkpoint in Kunduz city on Monday, killing three police officers, "
    "officials said. <script>alert(1)</script> Witnesses said <img src=x onerror=alert(2)> the fighting lasted an hour."
)


@pytest.fixture(scope="module")
def aggregates_before_upload(upload_client) -> dict:
    """Asked before the upload, so that they sit in the aggregate cache."""
    return {
        "timeline": upload_client.get("/api/aggregates/timeline").json(),
        "map": upload_client.get("/api/aggregates/map").json(),
        "facets": upload_client.get("/api/facets").json(),
    }


@pytest.fixture(scope="module")
def uploaded(upload_client, aggregates_before_upload) -> dict:
    response = upload_client.post(
        "/api/documents",
        json={"text": XSS_REPORT, "published": "2021-07-13", "publisher": "<b>Bold</b> News"},
    )
    return added_report(upload_client, response)


def test_upload_runs_the_pipeline_and_lists_the_documents_events(upload_client, uploaded):
    assert uploaded["stored"] is True and uploaded["document_id"].startswith("upload-2021-07-13-")
    assert uploaded["events"], "a report of an attack that killed three should yield an event"
    doc_id = uploaded["document_id"]
    for event in uploaded["events"]:
        sources = upload_client.get(f"/api/events/{event['event_id']}").json()["sources"]
        assert doc_id in {s["document"] for s in sources}
    # stored, and the events re-merged over all documents
    assert upload_client.get("/api/stats").json()["documents"] == 3
    assert set(ids(upload_client.get("/api/events", params={"document": doc_id}))) == {e["event_id"] for e in uploaded["events"]}


def test_cached_aggregates_follow_new_data(upload_client, uploaded, aggregates_before_upload):
    assert upload_client.app.state.cache.enabled
    before = aggregates_before_upload
    after_map = upload_client.get("/api/aggregates/map").json()
    after_timeline = upload_client.get("/api/aggregates/timeline").json()
    events_now = upload_client.get("/api/events", params={"limit": 1}).json()["total"]
    located_now = upload_client.get("/api/events", params={"limit": 500}).json()["items"]
    assert after_map["located"] + after_map["unlocated"] == events_now
    assert after_map["located"] == sum(1 for e in located_now if e["latitude"] is not None)
    by_day = sum(d["total"] for d in after_timeline["days"]) + after_timeline["not_by_day"]
    assert by_day == events_now
    # the report is about Kunduz, where no stored event was: the set grew, and
    # the answers cached before the upload were not served after it
    assert before["map"]["located"] + before["map"]["unlocated"] == 4 < events_now
    assert sum(d["total"] for d in before["timeline"]["days"]) + before["timeline"]["not_by_day"] == 4


def test_uploaded_markup_is_kept_as_inert_text(upload_client, uploaded):
    response = upload_client.get(f"/api/documents/{uploaded['document_id']}")
    assert response.headers["content-type"].startswith("application/json")
    doc = response.json()
    # stored as the characters that were sent: the page shows them as text
    assert "<script>alert(1)</script>" in doc["text"]
    assert "<img src=x onerror=alert(2)>" in doc["text"]
    assert doc["publisher"] == "<b>Bold</b> News"
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_the_same_report_twice_changes_nothing(upload_client, uploaded):
    before = upload_client.get("/api/stats").json()
    again = added_report(upload_client, upload_client.post("/api/documents", json={"text": XSS_REPORT, "published": "2021-07-13"}))
    assert again["stored"] is False and again["document_id"] == uploaded["document_id"]
    assert upload_client.get("/api/stats").json() == before


def test_multipart_upload(upload_client):
    text = "Protesters gathered in Kandahar on Friday to demand the release of detained relatives, officials said."
    response = upload_client.post(
        "/api/documents/upload",
        files={"file": ("report.txt", text.encode("utf-8"), "text/plain")},
        data={"published": "2021-07-17", "publisher": "Pajhwok"},
    )
    added = added_report(upload_client, response)
    assert upload_client.get(f"/api/documents/{added['document_id']}").json()["publisher"] == "Pajhwok"


def test_multipart_upload_of_binary_is_422(upload_client):
    response = upload_client.post(
        "/api/documents/upload",
        files={"file": ("x.bin", b"\x00\x01\x02binary", "application/octet-stream")},
        data={"published": "2021-07-17"},
    )
    assert "binary" in error(response, 422)["detail"]
