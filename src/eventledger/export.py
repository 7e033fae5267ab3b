"""Writing event records (``Event.to_record``) as JSON lines, ACLED-style CSV or GeoJSON.

    write(store.event_records(), "acled-csv", sys.stdout)

Verbal events (``event_type`` null: statements, demands, talks) are outside
ACLED's scope but are part of our dataset, so they are written by default
with an empty ``event_type``; ``include_verbal=False`` drops them, which gives
a file with only ACLED's kinds of events.
"""
from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any, TextIO

FORMATS = ("jsonl", "acled-csv", "geojson")

# ACLED's public export, in its order.
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
STRATEGIC_DEVELOPMENTS = "Strategic developments"

# ACLED's disorder_type follows from the event type, except for the two
# sub-event types that are both political violence and demonstrations.
_DISORDER_BY_EVENT_TYPE = {
    "Battles": POLITICAL_VIOLENCE,
    "Explosions/Remote violence": POLITICAL_VIOLENCE,
    "Violence against civilians": POLITICAL_VIOLENCE,
    "Protests": DEMONSTRATIONS,
    "Riots": DEMONSTRATIONS,
    "Strategic developments": STRATEGIC_DEVELOPMENTS,
}
_DISORDER_BY_SUB_EVENT_TYPE = {
    "Excessive force against protesters": f"{POLITICAL_VIOLENCE}; {DEMONSTRATIONS}",
    "Mob violence": f"{POLITICAL_VIOLENCE}; {DEMONSTRATIONS}",
}

# Country names as ACLED spells them that pycountry does not know by that name.
_ISO_ALPHA3_BY_ACLED_NAME = {
    "bolivia": "BOL",
    "brunei": "BRN",
    "cape verde": "CPV",
    "czech republic": "CZE",
    "democratic republic of congo": "COD",
    "east timor": "TLS",
    "eswatini": "SWZ",
    "iran": "IRN",
    "ivory coast": "CIV",
    "laos": "LAO",
    "micronesia": "FSM",
    "moldova": "MDA",
    "north korea": "PRK",
    "palestine": "PSE",
    "republic of congo": "COG",
    "russia": "RUS",
    "south korea": "KOR",
    "syria": "SYR",
    "taiwan": "TWN",
    "tanzania": "TZA",
    "turkey": "TUR",
    "united states": "USA",
    "venezuela": "VEN",
    "vietnam": "VNM",
}


def write(
    records: Iterable[dict[str, Any]],
    fmt: str,
    out: TextIO,
    *,
    include_verbal: bool = True,
) -> int:
    """Write ``records`` to ``out`` in format ``fmt``; returns how many were written.

    For GeoJSON the count is of located features; records without coordinates
    are counted in the collection's ``"unlocated"`` member instead.
    """
    writers = {"jsonl": _write_jsonl, "acled-csv": _write_acled_csv, "geojson": _write_geojson}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if not include_verbal:
        records = (r for r in records if r.get("event_type"))
    return writers[fmt](records, out)


# --------------------------------------------------------------------- jsonl


def _write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


# ----------------------------------------------------------------- acled-csv


def _write_acled_csv(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ACLED_COLUMNS)
    exported_at = int(time.time())
    count = 0
    for record in records:
        row = acled_row(record, exported_at)
        writer.writerow([_cell(row[column]) for column in ACLED_COLUMNS])
        count += 1
    return count


def acled_row(record: dict[str, Any], exported_at: int | None = None) -> dict[str, Any]:
    """One record as ACLED's columns; values we cannot know are left empty.

    A record may carry ACLED-only fields (``inter1``, ``inter2``,
    ``interaction``, ``disorder_type``, ``civilian_targeting``, ``iso``,
    ``region``, ``admin3``, ``source_scale``, ``tags``, ``timestamp``); they
    win over anything derived here.
    """
    date = record.get("event_date") or ""
    event_type = record.get("event_type")
    sub_event_type = record.get("sub_event_type")
    disorder = record.get("disorder_type") or disorder_type(event_type, sub_event_type)
    inter1, inter2 = record.get("inter1"), record.get("inter2")
    return {
        "event_id_cnty": record.get("event_id"),
        "event_date": date,
        "year": date[:4],
        "time_precision": record.get("time_precision"),
        "disorder_type": disorder,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": record.get("actor1"),
        "assoc_actor_1": record.get("assoc_actor_1"),
        "inter1": inter1,
        "actor2": record.get("actor2"),
        "assoc_actor_2": record.get("assoc_actor_2"),
        "inter2": inter2,
        "interaction": record.get("interaction") or interaction(inter1, inter2),
        "civilian_targeting": record.get("civilian_targeting") or civilian_targeting(disorder, record.get("actor2")),
        "iso": record.get("iso") or iso_numeric(record.get("country")),
        "region": record.get("region"),
        "country": record.get("country"),
        "admin1": record.get("admin1"),
        "admin2": record.get("admin2"),
        "admin3": record.get("admin3"),
        "location": record.get("location"),
        "latitude": record.get("latitude"),
        "longitude": record.get("longitude"),
        "geo_precision": record.get("geo_precision"),
        "source": "; ".join(_publishers(record.get("sources") or [])),
        "source_scale": record.get("source_scale"),
        "notes": record.get("notes"),
        # ACLED writes 0 when no fatalities are reported; it has no "unknown"
        "fatalities": record.get("fatalities") or 0,
        "tags": record.get("tags"),
        "timestamp": record.get("timestamp") or _unix_time(record.get("updated_at")) or exported_at or int(time.time()),
    }


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str | None:
    if sub_event_type in _DISORDER_BY_SUB_EVENT_TYPE:
        return _DISORDER_BY_SUB_EVENT_TYPE[sub_event_type]
    return _DISORDER_BY_EVENT_TYPE.get(event_type or "")


def civilian_targeting(disorder: str | None, actor2: str | None) -> str | None:
    """ACLED flags political violence whose primary target (actor2) is civilians."""
    if disorder and POLITICAL_VIOLENCE in disorder and (actor2 or "").startswith("Civilians"):
        return "Civilian targeting"
    return None


def interaction(inter1: Any, inter2: Any) -> str | None:
    """ACLED's interaction from the actor types given (None when neither is).

    Numeric inter codes combine as ACLED's did (1 and 3 give "13", lower code
    first; an actor alone gives "10"); named actor types as "A-B" / "A only".
    """
    if inter1 in (None, "") and inter2 in (None, ""):
        return None
    codes = [str(code) for code in (inter1, inter2) if code not in (None, "")]
    if all(code.isdigit() for code in codes):
        if len(codes) == 1:
            return f"{codes[0]}0"
        return "".join(sorted(codes))
    if len(codes) == 1:
        return f"{codes[0]} only"
    return "-".join(codes)


@lru_cache(maxsize=512)
def iso_numeric(country: str | None) -> int | None:
    """ISO 3166-1 numeric code (ACLED's ``iso``) via pycountry, if it is installed."""
    if not country:
        return None
    try:
        import pycountry
    except ImportError:
        return None
    alpha3 = _ISO_ALPHA3_BY_ACLED_NAME.get(country.strip().lower())
    try:
        entry = pycountry.countries.get(alpha_3=alpha3) if alpha3 else pycountry.countries.lookup(country.strip())
    except LookupError:
        return None
    return int(entry.numeric) if entry is not None else None


def _publishers(sources: Iterable[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(s["publisher"] for s in sources if s.get("publisher")))


def _unix_time(iso_timestamp: str | None) -> int | None:
    if not iso_timestamp:
        return None
    try:
        return int(datetime.fromisoformat(iso_timestamp).timestamp())
    except ValueError:
        return None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# ------------------------------------------------------------------- geojson


def _write_geojson(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    # Streamed feature by feature so a large export never sits in memory whole.
    out.write('{"type": "FeatureCollection", "features": [')
    located = unlocated = 0
    for record in records:
        lat, lon = record.get("latitude"), record.get("longitude")
        if lat is None or lon is None:
            unlocated += 1
            continue
        feature = {
            "type": "Feature",
            "id": record.get("event_id"),
            "geometry": {"type": "Point", "coordinates": [lon, lat]},  # GeoJSON order: lon, lat
            "properties": {k: v for k, v in record.items() if k not in ("latitude", "longitude")},
        }
        out.write(",\n" if located else "\n")
        out.write(json.dumps(feature, ensure_ascii=False))
        located += 1
    # "unlocated" is a foreign member (RFC 7946 §6.1): events we could not place
    out.write(f'\n], "unlocated": {unlocated}}}\n')
    return located
