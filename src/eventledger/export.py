"""Writing event records (``Event.to_record``) as JSON lines, ACLED-style CSV or GeoJSON.

    write(store.event_records(), "acled-csv", sys.stdout)

Verbal events (``event_type`` null: statements, demands, talks) are outside
ACLED's scope but are part of our dataset, so they are written by default
with an empty ``event_type``; ``include_verbal=False`` drops them, which gives
a file with only ACLED's kinds of events.

The ACLED CSV is what an ACLED analyst loads without cleaning: ACLED's 31
columns in ACLED's order, filled as ACLED fills them (``eventledger.acled``):
actor types as ACLED's text labels, the region, ``event_date`` always a full
day (a week or a month dated at its middle, ``time_precision`` 1-3), the
source scale, the crowd size in ``tags``. Events known only to the year,
which ACLED does not record, are left out unless ``year_only="keep"``. After
ACLED's columns come ours (``EXTRA_COLUMNS``): the date as the reports give
it, the numeric inter codes, and the ids of events merged into each event.
Text cells a spreadsheet would run as a formula are neutralised (OWASP's
CSV-injection advice: a leading ``'``) unless ``csv_guard=False``; numeric
columns are left alone, so a negative longitude stays a number.
"""
from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO

from .acled import ActorTypes, SourceScales, acled_date, crowd_size_tag, interaction_code, interaction_label
from .acled import iso_numeric as _iso_numeric
from .acled import region as acled_region
from .acled import year_only_date
from .acled.inter import LABELS

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

# Ours, after ACLED's: the date as the reports give it (2021-07, or the first
# day of a week's window), ACLED's numeric codes, the ids merged into the event.
EXTRA_COLUMNS = ("event_date_reported", "inter1_code", "inter2_code", "interaction_code", "absorbed_event_ids")

# Columns that hold numbers: never touched by the CSV guard.
NUMERIC_COLUMNS = frozenset({
    "year", "time_precision", "iso", "latitude", "longitude", "geo_precision", "fatalities", "timestamp",
    "inter1_code", "inter2_code", "interaction_code",
})
# OWASP: a cell starting with one of these is run as a formula by spreadsheets
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

INTER_STYLES = ("text", "numeric")
YEAR_ONLY = ("omit", "keep")

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
_LABEL_CODES = {label: code for code, label in LABELS.items()}


@dataclass
class AcledCsvOptions:
    """How the ACLED CSV is written.

    ``inter``: ``"text"`` (ACLED's labels since 2023, the default) or
    ``"numeric"`` (1-8 and 12, 60, ... as in older exports) in ``inter1``,
    ``inter2`` and ``interaction``; ``year_only``: ``"omit"`` (the default:
    ACLED records no event known only to the year) or ``"keep"`` (dated at
    the middle of the year, ``time_precision`` 4, a value ACLED never uses);
    ``extra_columns``: our columns after ACLED's; ``csv_guard``: neutralise
    formula cells. ``omitted`` is set by ``write``: how many events were left out.
    """

    inter: str = "text"
    year_only: str = "omit"
    extra_columns: bool = True
    csv_guard: bool = True
    omitted: int = 0

    def __post_init__(self) -> None:
        if self.inter not in INTER_STYLES:
            raise ValueError(f"inter must be one of {', '.join(INTER_STYLES)}, not {self.inter!r}")
        if self.year_only not in YEAR_ONLY:
            raise ValueError(f"year_only must be one of {', '.join(YEAR_ONLY)}, not {self.year_only!r}")

    @property
    def columns(self) -> tuple[str, ...]:
        return ACLED_COLUMNS + (EXTRA_COLUMNS if self.extra_columns else ())


def write(
    records: Iterable[dict[str, Any]],
    fmt: str,
    out: TextIO,
    *,
    include_verbal: bool = True,
    acled: AcledCsvOptions | None = None,
) -> int:
    """Write ``records`` to ``out`` in format ``fmt``; returns how many were written.

    For GeoJSON the count is of located features; records without coordinates
    are counted in the collection's ``"unlocated"`` member instead. ``acled``
    sets how the ACLED CSV is written (default ``AcledCsvOptions()``).
    """
    writers = {"jsonl": _write_jsonl, "acled-csv": _write_acled_csv, "geojson": _write_geojson}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if not include_verbal:
        records = (r for r in records if r.get("event_type"))
    if fmt == "acled-csv":
        return _write_acled_csv(records, out, acled or AcledCsvOptions())
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


def _write_acled_csv(records: Iterable[dict[str, Any]], out: TextIO, options: AcledCsvOptions) -> int:
    writer = csv.writer(out, lineterminator="\n")
    columns = options.columns
    writer.writerow(columns)
    exported_at = int(time.time())
    types, scales = ActorTypes.load(), SourceScales.load()
    count = 0
    options.omitted = 0
    for record in records:
        row = acled_row(record, exported_at, inter=options.inter, year_only=options.year_only, types=types,
                        scales=scales)
        if row is None:
            options.omitted += 1
            continue
        writer.writerow([_cell(row[column], column, options.csv_guard) for column in columns])
        count += 1
    return count


def acled_row(
    record: dict[str, Any],
    exported_at: int | None = None,
    *,
    inter: str = "text",
    year_only: str = "keep",
    types: ActorTypes | None = None,
    scales: SourceScales | None = None,
) -> dict[str, Any] | None:
    """One record as ACLED's columns (and ``EXTRA_COLUMNS``); values we cannot
    know are left empty. None for an event known only to the year when
    ``year_only="omit"``.

    A record may carry ACLED-only fields (``inter1``, ``inter2``,
    ``interaction``, ``disorder_type``, ``civilian_targeting``, ``iso``,
    ``region``, ``admin3``, ``source_scale``, ``tags``, ``timestamp``); they
    win over anything derived here.
    """
    types = types or ActorTypes.load()
    scales = scales or SourceScales.load()
    reported = record.get("event_date")
    dated = acled_date(reported, record.get("time_precision"), weekend=_said_weekend(record))
    if dated is None:
        if year_only == "omit":
            return None
        date, precision = year_only_date(reported) or "", record.get("time_precision")
    else:
        date, precision = dated
    event_type = record.get("event_type")
    sub_event_type = record.get("sub_event_type")
    country = record.get("country")
    disorder = record.get("disorder_type") or disorder_type(event_type, sub_event_type)
    code1 = _code(record.get("inter1")) or types.code(record.get("actor1"), country)
    code2 = _code(record.get("inter2")) or types.code(record.get("actor2"), country)
    publishers = _publishers(record.get("sources") or [])
    if inter == "numeric":
        shown1, shown2, shown_interaction = code1, code2, interaction_code(code1, code2)
    else:
        shown1, shown2 = LABELS.get(code1), LABELS.get(code2)
        shown_interaction = interaction_label(code1, code2)
    return {
        "event_id_cnty": record.get("event_id"),
        "event_date": date,
        "year": date[:4] or None,
        "time_precision": precision,
        "disorder_type": disorder,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": record.get("actor1"),
        "assoc_actor_1": record.get("assoc_actor_1"),
        "inter1": shown1,
        "actor2": record.get("actor2"),
        "assoc_actor_2": record.get("assoc_actor_2"),
        "inter2": shown2,
        "interaction": record.get("interaction") or shown_interaction,
        "civilian_targeting": record.get("civilian_targeting") or civilian_targeting(disorder, record.get("actor2")),
        "iso": record.get("iso") or iso_numeric(country),
        "region": record.get("region") or acled_region(country),
        "country": country,
        "admin1": record.get("admin1"),
        "admin2": record.get("admin2"),
        "admin3": record.get("admin3"),
        "location": record.get("location"),
        "latitude": record.get("latitude"),
        "longitude": record.get("longitude"),
        "geo_precision": record.get("geo_precision"),
        "source": "; ".join(publishers),
        "source_scale": record.get("source_scale") or scales.combined(publishers, country),
        "notes": record.get("notes"),
        # ACLED writes 0 when no fatalities are reported; it has no "unknown"
        "fatalities": record.get("fatalities") or 0,
        "tags": record.get("tags") or crowd_size_tag(record),
        "timestamp": record.get("timestamp") or _unix_time(record.get("updated_at")) or exported_at or int(time.time()),
        "event_date_reported": reported,
        "inter1_code": code1,
        "inter2_code": code2,
        "interaction_code": interaction_code(code1, code2),
        "absorbed_event_ids": record.get("absorbed_ids") or [],
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


def iso_numeric(country: str | None) -> int | None:
    """ISO 3166-1 numeric code (ACLED's ``iso``)."""
    return _iso_numeric(country)


def _code(value: Any) -> int | None:
    """An inter code given in a record, as a number or as ACLED's label."""
    if isinstance(value, int) and value in LABELS:
        return value
    if isinstance(value, str):
        if value.isdigit() and int(value) in LABELS:
            return int(value)
        return _LABEL_CODES.get(value)
    return None


def _said_weekend(record: dict[str, Any]) -> bool:
    """Whether a week-precision date is a weekend ("last weekend"), read from the date's evidence."""
    if record.get("time_precision") != 2:
        return False
    for source in record.get("sources") or []:
        span = (source.get("evidence") or {}).get("event_date") or {}
        if "weekend" in str(span.get("text") or "").lower():
            return True
    return False


def _publishers(sources: Iterable[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(s["publisher"] for s in sources if s.get("publisher")))


def _unix_time(iso_timestamp: str | None) -> int | None:
    if not iso_timestamp:
        return None
    try:
        return int(datetime.fromisoformat(iso_timestamp).timestamp())
    except ValueError:
        return None


def _cell(value: Any, column: str = "", guard: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        text = "; ".join(str(v) for v in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    if guard and column not in NUMERIC_COLUMNS and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


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
