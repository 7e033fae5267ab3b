"""Export formats: each one parses back into what went in."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from eventledger.export import (
    ACLED_COLUMNS,
    EXTRA_COLUMNS,
    FORMATS,
    AcledCsvOptions,
    acled_row,
    disorder_type,
    interaction,
    iso_numeric,
    write,
)
from eventledger.records import RECORD_FIELDS, Document, Event, Mention, Place, Span
from eventledger.store import Store

SCHEMA = Path(__file__).resolve().parents[1].parent / "shared" / "SCHEMA.md"

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
    "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
    "tags,timestamp"
)

# Reports written for these tests.
TEXT_QALA = "Taliban fighters entered Qala-i-Naw on Wednesday and freed dozens of prisoners from the city jail."
TEXT_QALA_2 = "The Taliban stormed Qala-i-Naw, the Badghis capital, releasing more than 60 inmates, a local MP said."
TEXT_QALA_3 = "Fighters stormed the Badghis capital overnight; the governor's office said the jail was emptied."
TEXT_TALKS = "A Taliban spokesman said on Friday the group would release 400 prisoners once talks resume."


def _mention(doc_id: str, text: str, trigger: str, publisher: str, **fields) -> Mention:
    start = text.index(trigger)
    return Mention(
        document=doc_id,
        sentence=Span(0, len(text), text),
        evidence={"trigger": Span(start, start + len(trigger), trigger)},
        publisher=publisher,
        published="2021-07-08",
        **fields,
    )


def sample_events() -> list[Event]:
    qala = Place(location="Qala-i-Naw", country="Afghanistan", admin1="Badghis", admin2="Qala-i-Naw",
                 latitude=34.985, longitude=63.1289, precision=1)
    storming = Event(
        event_id="AFG-2021-0101",
        mentions=[
            _mention("qala-1.txt", TEXT_QALA, "entered", "Pajhwok"),
            _mention("qala-2.txt", TEXT_QALA_2, "stormed", "TOLOnews"),
            _mention("qala-3.txt", TEXT_QALA_3, "stormed", "Pajhwok"),  # same publisher twice
        ],
        event_type="Battles",
        sub_event_type="Non-state actor overtakes territory",
        plover_type="ASSAULT",
        plover_mode="occupy",
        actor1="Taliban",
        actor2="Military Forces of Afghanistan (2014-2021)",
        place=qala,
        event_date="2021-07-07",
        time_precision=1,
        quantities={"prisoners_freed": 60},
        notes="On 7 July 2021, Taliban militants stormed Qala-i-Naw (Badghis) and freed more than 60 prisoners.",
        independent_sources=2,
    )
    killing = Event(
        event_id="AFG-2021-0102",
        mentions=[_mention("qala-1.txt", TEXT_QALA, "freed", "Pajhwok")],
        event_type="Violence against civilians",
        sub_event_type="Attack",
        plover_type="ASSAULT",
        actor1="Taliban",
        actor2="Civilians (Afghanistan)",
        place=Place(country="Afghanistan", admin1="Badghis", latitude=35.0, longitude=63.0, precision=3),
        event_date="2021-07",  # month precision stays as given
        time_precision=3,
        fatalities=3,
        notes="In July 2021, Taliban militants killed 3 civilians in Badghis — reports say in Ab Kamari.",
    )
    verbal = Event(
        event_id="AFG-2021-0103",
        mentions=[_mention("talks.txt", TEXT_TALKS, "release", "Ariana News")],
        event_type=None,
        plover_type="RETREAT",
        plover_mode="release",
        status="planned",
        actor1="Taliban",
        place=Place(country="Afghanistan", precision=3),
        event_date="2021-07-09",
        time_precision=1,
        quantities={"prisoners_released": 400},
        notes="On 9 July 2021, the Taliban said they would release 400 prisoners once talks resume.",
    )
    return [storming, killing, verbal]


@pytest.fixture
def records() -> list[dict]:
    return [event.to_record() for event in sample_events()]


def export(records, fmt: str, **options) -> str:
    out = io.StringIO()
    write(records, fmt, out, **options)
    return out.getvalue()


def schema_fields() -> set[str]:
    """Field names in the event-record table of SCHEMA.md."""
    text = SCHEMA.read_text(encoding="utf-8")
    section = text.split("## The event record", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([a-z_0-9]+)`", line.split("|")[1]))
    return names


# ------------------------------------------------------------------- jsonl


def test_jsonl_is_one_record_per_line(records) -> None:
    lines = export(records, "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == records
    assert "—" in lines[1]  # non-ASCII kept as is, not \u-escaped


def test_jsonl_records_carry_every_contract_field(records) -> None:
    expected = set(RECORD_FIELDS)
    if SCHEMA.exists():
        assert schema_fields() == expected  # records.py and the contract agree
    for line in export(records, "jsonl").splitlines():
        assert expected <= set(json.loads(line))


def test_jsonl_from_the_store_carries_every_contract_field(tmp_path: Path) -> None:
    events = sample_events()
    with Store(f"sqlite:///{tmp_path / 'ledger.sqlite'}") as store:
        texts = {m.document: m.sentence.text for e in events for m in e.mentions}
        for doc_id, text in texts.items():
            store.add_document(Document(id=doc_id, text=text),
                               [m for e in events for m in e.mentions if m.document == doc_id])
        store.replace_events(events)
        stored = store.event_records()
    parsed = [json.loads(line) for line in export(stored, "jsonl").splitlines()]
    assert [r["event_id"] for r in parsed] == ["AFG-2021-0102", "AFG-2021-0101", "AFG-2021-0103"]
    for record in parsed:
        assert set(RECORD_FIELDS) <= set(record)
        for source in record["sources"]:
            assert {"document", "publisher", "published", "sentence", "start", "end"} <= set(source)


# --------------------------------------------------------------- acled-csv


def test_acled_csv_header_is_acleds_then_ours(records) -> None:
    text = export(records, "acled-csv")
    assert ",".join(ACLED_COLUMNS) == ACLED_HEADER
    assert text.splitlines()[0] == ACLED_HEADER + "," + ",".join(EXTRA_COLUMNS)
    assert export([], "acled-csv", acled=AcledCsvOptions(extra_columns=False)) == ACLED_HEADER + "\n"


def test_acled_csv_rows(records) -> None:
    before = int(datetime.now(timezone.utc).timestamp())
    rows = list(csv.DictReader(io.StringIO(export(records, "acled-csv"))))
    assert [row["event_id_cnty"] for row in rows] == ["AFG-2021-0101", "AFG-2021-0102", "AFG-2021-0103"]

    storming, killing, verbal = rows
    assert storming["event_date"] == "2021-07-07" and storming["year"] == "2021"
    assert storming["disorder_type"] == "Political violence"
    assert storming["sub_event_type"] == "Non-state actor overtakes territory"
    assert storming["iso"] == "4" and storming["region"] == "South Asia"
    assert storming["country"] == "Afghanistan" and storming["admin1"] == "Badghis"
    assert (float(storming["latitude"]), float(storming["longitude"])) == (34.985, 63.1289)
    assert storming["geo_precision"] == "1" and storming["time_precision"] == "1"
    assert storming["source"] == "Pajhwok; TOLOnews"
    assert storming["fatalities"] == "0"  # ACLED has no "unknown": 0 when none reported
    assert storming["civilian_targeting"] == ""
    assert (storming["inter1"], storming["inter2"]) == ("Rebel group", "State forces")
    assert storming["interaction"] == "State forces-Rebel group"
    assert (storming["inter1_code"], storming["inter2_code"], storming["interaction_code"]) == ("2", "1", "12")
    assert storming["source_scale"] == "National"  # two Afghan outlets on an Afghan event
    assert storming["notes"].startswith("On 7 July 2021, Taliban militants stormed Qala-i-Naw")
    assert int(storming["timestamp"]) >= before

    # a month is dated at its middle, as ACLED does; the reports' date stays beside it
    assert killing["event_date"] == "2021-07-15" and killing["year"] == "2021"
    assert killing["time_precision"] == "3" and killing["event_date_reported"] == "2021-07"
    assert killing["interaction"] == "Rebel group-Civilians"
    assert killing["civilian_targeting"] == "Civilian targeting"
    assert killing["fatalities"] == "3"
    assert "—" in killing["notes"]

    # verbal events are kept, with an empty event_type
    assert verbal["event_type"] == "" and verbal["disorder_type"] == ""
    assert verbal["latitude"] == verbal["longitude"] == ""


def test_acled_csv_can_leave_out_verbal_events(records) -> None:
    rows = list(csv.DictReader(io.StringIO(export(records, "acled-csv", include_verbal=False))))
    assert [row["event_id_cnty"] for row in rows] == ["AFG-2021-0101", "AFG-2021-0102"]


def test_acled_fields_given_in_the_record_win(records) -> None:
    record = dict(records[0], inter1=2, inter2=1, region="Middle East", tags="crowd size=no report",
                  updated_at="2021-07-10T12:00:00+00:00")
    row = acled_row(record)
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("Rebel group", "State forces", "State forces-Rebel group")
    assert acled_row(record, inter="numeric")["interaction"] == 12
    assert row["region"] == "Middle East" and row["tags"] == "crowd size=no report"
    assert row["timestamp"] == int(datetime(2021, 7, 10, 12, tzinfo=timezone.utc).timestamp())


def test_acled_derivations() -> None:
    assert disorder_type("Riots", "Mob violence") == "Political violence; Demonstrations"
    assert disorder_type("Protests", "Peaceful protest") == "Demonstrations"
    assert disorder_type("Strategic developments", "Arrests") == "Strategic developments"
    assert disorder_type(None, None) is None
    assert interaction(6, None) == "60"
    assert interaction("State forces", "Rebel group") == "State forces-Rebel group"
    assert interaction(None, None) is None
    assert iso_numeric("Afghanistan") == 4
    assert iso_numeric("Syria") == 760
    assert iso_numeric("Atlantis") is None


# ----------------------------------------------------------------- geojson


def test_geojson_is_a_feature_collection_of_located_events(records) -> None:
    collection = json.loads(export(records, "geojson"))
    assert collection["type"] == "FeatureCollection"
    assert collection["unlocated"] == 1  # the verbal event has no coordinates
    features = collection["features"]
    assert [f["id"] for f in features] == ["AFG-2021-0101", "AFG-2021-0102"]
    for feature, record in zip(features, records[:2], strict=True):
        assert feature["type"] == "Feature"
        assert feature["geometry"] == {"type": "Point", "coordinates": [record["longitude"], record["latitude"]]}
        expected = {k: v for k, v in record.items() if k not in ("latitude", "longitude")}
        assert feature["properties"] == expected


def test_geojson_of_nothing_is_still_valid() -> None:
    assert json.loads(export([], "geojson")) == {"type": "FeatureCollection", "features": [], "unlocated": 0}


def test_write_returns_how_many_were_written(records) -> None:
    out = io.StringIO()
    assert write(records, "jsonl", out) == 3
    assert write(records, "acled-csv", io.StringIO(), include_verbal=False) == 2
    assert write(iter(records), "geojson", io.StringIO()) == 2


# ------------------------------------------------------------------ errors


def test_unknown_format_is_a_one_line_error(records) -> None:
    assert FORMATS == ("jsonl", "acled-csv", "geojson")
    with pytest.raises(ValueError) as error:
        write(records, "xlsx", io.StringIO())
    message = str(error.value)
    assert "\n" not in message and "xlsx" in message
    assert all(fmt in message for fmt in FORMATS)
