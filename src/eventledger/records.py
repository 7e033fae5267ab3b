"""The plain records that flow between pipeline stages.

Every stage is a function from these records to these records, so each can be
tested alone and run anywhere (a script, a worker, the web server).

    ingest  -> Document
    annotate/extract -> Mention (one event as one report tells it, with evidence)
    normalise -> Mention with resolved places, dates, actors and numbers
    merge   -> Event (one real event, its mentions as sources, disputes)
    export  -> the contract's event record (``Event.to_record``)

Offsets (``start``/``end``) are always character offsets into ``Document.text``,
the cleaned text that the store keeps, so any field can be shown in place.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
UNDATED_STAMP = "00000000"


def date_stamp(value: str | None) -> str:
    """``YYYYMMDD`` of a date (``2021-07`` gives ``20210700``, ``2021``
    ``20210000``; no date ``00000000``): the start of event and mention ids,
    so that ids sort by time. A live feed's new ids then land together at the
    end of every index keyed by them, instead of one to a page across a large
    store."""
    found = _DATE.match(value or "")
    if not found:
        return UNDATED_STAMP
    year, month, day = found.groups()
    return f"{year}{month or '00'}{day or '00'}"


def id_digest(identifier: str) -> str:
    """An id without its date stamp (``20210706-3f8a...`` -> ``3f8a...``); ids
    without one are returned as they are. Ties the merger breaks by id are
    broken by this part, as before ids carried the date."""
    head, sep, tail = identifier.partition("-")
    return tail if sep and len(head) == 8 and head.isdigit() else identifier


def content_hash(text: str) -> str:
    """Identity of a document's cleaned text; the same text is stored once."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Document:
    id: str  # file name, or the JSON record's "id"
    text: str  # cleaned text: boilerplate removed; offsets point into this
    published: str | None = None  # YYYY-MM-DD
    # where ``published`` came from: "meta", "record", "text" (inferred), or None
    published_source: str | None = None
    # how sure the date is, 0..1 (1.0 for metadata, lower for inferred dates)
    published_confidence: float = 0.0
    publisher: str | None = None
    url: str | None = None
    title: str | None = None
    language: str | None = "en"
    path: str | None = None
    removed: list[str] = field(default_factory=list)  # boilerplate lines dropped
    flags: list[str] = field(default_factory=list)  # e.g. "no-date"
    # the metadata fields a meta file or JSON record stated (not stored): a
    # re-ingest updates only what it states
    stated: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @property
    def hash(self) -> str:
        return content_hash(self.text)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["hash"] = self.hash
        return d


@dataclass(slots=True)
class Span:
    """A piece of evidence: the text and where it stands in the document."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Place:
    """A resolved place. ``precision`` follows ACLED's geo_precision."""

    location: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    precision: int | None = None  # 1 the place itself, 2 near/part of, 3 region
    geonameid: int | None = None
    kind: str | None = None  # "city", "admin1", "country", "district", "supplement"

    @property
    def is_town(self) -> bool:
        """Whether this names one settlement or site, not an area (a country,
        a province, a district) and not nothing."""
        return self.kind not in (None, "country", "admin1", "district")


@dataclass(slots=True)
class Mention:
    """One event as one report tells it.

    ``evidence`` maps a field name ("trigger", "actor1", "location", "event_date",
    "fatalities", "quantities.prisoners_freed", ...) to the span it was read from.
    ``raw`` keeps the wording behind normalised values ("dozens", "more than 60")
    so the merger can tell a real disagreement from a vague one.
    """

    document: str
    sentence: Span
    event_type: str | None = None
    sub_event_type: str | None = None
    plover_type: str | None = None
    plover_mode: str | None = None
    status: str = "occurred"
    actor1: str | None = None
    assoc_actor_1: str | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    place: Place = field(default_factory=Place)
    event_date: str | None = None
    time_precision: int | None = None
    fatalities: int | None = None
    quantities: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, Span] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    publisher: str | None = None
    published: str | None = None
    confidence: float = 0.5
    id: str | None = None  # set by ``assign_mention_ids``

    def key(self) -> str:
        """Deterministic identity within the corpus: the publication day, then a
        hash of the document, sentence, coding and trigger (``20210706-3f8a...``)."""
        basis = f"{self.document}|{self.sentence.start}|{self.event_type}|{self.sub_event_type}|{self.plover_type}|{self.evidence.get('trigger', self.sentence).start}"
        return f"{date_stamp(self.published)}-{hashlib.sha1(basis.encode()).hexdigest()[:16]}"

    def stated(self, key: str):
        """The count behind a quantity (or ``"fatalities"``) as the report worded
        it ("some 600", "dozens": a ``numbers.Count``), else the bare number.
        The wording tells a disagreement from vagueness when reports differ."""
        from .normalise.numbers import parse_count

        value = self.fatalities if key == "fatalities" else self.quantities.get(key)
        raw = self.raw.get(key if key == "fatalities" else f"quantities.{key}")
        parsed = parse_count(raw) if raw else None
        return parsed if parsed is not None and parsed.value == value else int(value or 0)

    def details(self) -> set[str]:
        """The quantities a report counts or merely tells ("freeing prisoners")."""
        return set(self.quantities) | {k.removeprefix("facet.") for k in self.raw if k.startswith("facet.")}

    def source(self) -> dict[str, Any]:
        """The contract's ``sources`` item for this mention."""
        return {
            "document": self.document,
            "publisher": self.publisher,
            "published": self.published,
            "sentence": self.sentence.text,
            "start": self.sentence.start,
            "end": self.sentence.end,
            # extension: per-field evidence inside the document
            "evidence": {k: v.to_dict() for k, v in self.evidence.items()},
        }


RECORD_FIELDS = (
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "plover_type",
    "plover_mode",
    "status",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "quantities",
    "notes",
    "sources",
    "disputes",
)


@dataclass(slots=True)
class Event:
    """One real event, fused from one or more mentions."""

    event_id: str
    mentions: list[Mention]
    event_type: str | None = None
    sub_event_type: str | None = None
    plover_type: str | None = None
    plover_mode: str | None = None
    status: str = "occurred"
    actor1: str | None = None
    assoc_actor_1: str | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    place: Place = field(default_factory=Place)
    event_date: str | None = None
    time_precision: int | None = None
    fatalities: int | None = None
    quantities: dict[str, int] = field(default_factory=dict)
    notes: str = ""
    disputes: list[dict[str, Any]] = field(default_factory=list)
    independent_sources: int = 1

    def to_record(self) -> dict[str, Any]:
        """The contract's event record (``../shared/SCHEMA.md``), plus extensions."""
        p = self.place
        return {
            "event_id": self.event_id,
            "event_date": self.event_date,
            "time_precision": self.time_precision,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "plover_type": self.plover_type,
            "plover_mode": self.plover_mode,
            "status": self.status,
            "actor1": self.actor1,
            "assoc_actor_1": self.assoc_actor_1,
            "actor2": self.actor2,
            "assoc_actor_2": self.assoc_actor_2,
            "country": p.country,
            "admin1": p.admin1,
            "admin2": p.admin2,
            "location": p.location,
            "latitude": p.latitude,
            "longitude": p.longitude,
            "geo_precision": p.precision,
            "fatalities": self.fatalities,
            "quantities": dict(self.quantities),
            "notes": self.notes,
            "sources": [m.source() for m in self.mentions],
            "disputes": list(self.disputes),
            # extension
            "independent_sources": self.independent_sources,
        }


@dataclass(slots=True)
class IngestError:
    """A document that could not be read; reported, never fatal to a batch."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"
