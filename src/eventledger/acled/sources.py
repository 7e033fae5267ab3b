"""ACLED's ``source_scale``: how local or global the sources of an event are.

Publishers are looked up in ``data/source_scales.csv`` (its header says how
to read it), extended or overridden by the CSV files named in
``$EVENTLEDGER_SOURCE_SCALES`` (separated by ``os.pathsep``). A national
outlet is National for events in its own country and International elsewhere;
a regional one is Regional inside its ACLED region. An event's scales combine
as ACLED writes them: one scale alone, or the narrowest and the broadest
joined by a hyphen, narrowest first ("Subnational-National",
"National-International", "Local partner-Other"). Unknown publishers add
nothing; an event none of whose publishers is known gets no scale.
"""
from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from unidecode import unidecode

from .regions import region

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "source_scales.csv"
ENV_VAR = "EVENTLEDGER_SOURCE_SCALES"
# ACLED's source scales, narrowest first: the order its combined values use
SCALES = ("Local partner", "Other", "New media", "Subnational", "National", "Regional", "International")
_RELATIVE = ("National", "Subnational")
_SEPARATORS = re.compile(r"\s*[/;,]\s*|\s+and\s+")


class SourceScaleError(ValueError):
    """A source-scale file is malformed; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Publisher:
    name: str
    scale: str
    country: str | None


def _key(name: str) -> str:
    text = unidecode(name).lower().strip()
    text = re.sub(r"^(?:https?://)?(?:www\.)?", "", text)
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[^a-z0-9]+", "", text)


class SourceScales:
    """Publisher -> scale, relative to the country of an event."""

    def __init__(self, publishers: Iterable[tuple[str, Publisher]]) -> None:
        self._by_key: dict[str, Publisher] = {}
        for key, publisher in publishers:
            self._by_key[key] = publisher  # later files win

    @classmethod
    def load(cls, extra: Iterable[str | Path] = ()) -> "SourceScales":
        """The bundled table, then ``extra`` files, then ``$EVENTLEDGER_SOURCE_SCALES``."""
        paths = [BUNDLED, *(Path(p) for p in extra)]
        paths += [Path(p) for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
        stamps = []
        for path in paths:
            try:
                stamps.append((str(path.resolve()), path.stat().st_mtime_ns))
            except OSError:
                raise SourceScaleError(f"{path}: source-scale file not found") from None
        return _load_cached(tuple(stamps))

    def publisher_scale(self, publisher: str | None, event_country: str | None = None) -> str | None:
        """The scale of one publisher for an event in ``event_country``."""
        if not publisher:
            return None
        found = self._by_key.get(_key(publisher))
        if found is None:
            return None
        if found.country and event_country:
            if found.scale in _RELATIVE and found.country != event_country:
                return "International"
            if found.scale == "Regional" and region(found.country) != region(event_country):
                return "International"
        return found.scale

    def scales(self, publisher: str | None, event_country: str | None = None) -> set[str]:
        """The scales a publisher field stands for: one publisher, or several
        written together ("Reuters/AFP") when the whole is not a known name."""
        whole = self.publisher_scale(publisher, event_country)
        if whole is not None or not publisher:
            return {whole} if whole else set()
        return {s for part in _SEPARATORS.split(publisher) if (s := self.publisher_scale(part, event_country))}

    def combined(self, publishers: Iterable[str | None], event_country: str | None = None) -> str | None:
        """ACLED's ``source_scale`` of an event reported by ``publishers``."""
        found: set[str] = set()
        for publisher in publishers:
            found |= self.scales(publisher, event_country)
        if not found:
            return None
        ordered = sorted(found, key=SCALES.index)
        if len(ordered) == 1:
            return ordered[0]
        return f"{ordered[0]}-{ordered[-1]}"


@lru_cache(maxsize=8)
def _load_cached(stamps: tuple[tuple[str, int], ...]) -> SourceScales:
    entries: list[tuple[str, Publisher]] = []
    for path, _mtime in stamps:
        entries.extend(_read(Path(path)))
    return SourceScales(entries)


def _read(path: Path) -> list[tuple[str, Publisher]]:
    canonical = {s.lower(): s for s in SCALES}
    entries: list[tuple[str, Publisher]] = []
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceScaleError(f"{path}: cannot read source-scale file: {exc}") from None
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.lstrip().startswith("#")]
    reader = csv.DictReader((line for _n, line in numbered))
    if not reader.fieldnames or not {"publisher", "scale"} <= {f.strip() for f in reader.fieldnames}:
        raise SourceScaleError(f"{path}: a source-scale file needs a header with publisher,scale[,country,aliases]")
    for (lineno, _line), row in zip(numbered[1:], reader):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
        name, scale = row.get("publisher", ""), canonical.get(row.get("scale", "").lower())
        if not name:
            raise SourceScaleError(f"{path}:{lineno}: no publisher name")
        if scale is None:
            raise SourceScaleError(
                f"{path}:{lineno}: scale {row.get('scale')!r} is not one of ACLED's: {', '.join(SCALES)}"
            )
        publisher = Publisher(name, scale, row.get("country") or None)
        for alias in [name, *row.get("aliases", "").split("|")]:
            if alias.strip():
                entries.append((_key(alias), publisher))
    return entries
