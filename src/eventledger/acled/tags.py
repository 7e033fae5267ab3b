"""ACLED's ``tags`` column: for demonstrations, the crowd size as the reports word it.

ACLED writes ``crowd size=<words>`` for every protest and riot: the size as
reported ("hundreds", "around 200", "more than 1,000"), or ``no report``.
"""
from __future__ import annotations

import re
from typing import Any

from eventledger.normalise.numbers import parse_count

DEMONSTRATIONS = ("Protests", "Riots")
# reporters' words for an approximate number, written by ACLED as "around"
_AROUND = re.compile(r"^(?:about|some|approximately|roughly|an estimated|estimated|an approximate)\s+", re.I)


def crowd_size_tag(record: dict[str, Any]) -> str | None:
    """``crowd size=...`` for a demonstration, None for other events."""
    if record.get("event_type") not in DEMONSTRATIONS:
        return None
    size = (record.get("quantities") or {}).get("participants")
    if size is None:
        return "crowd size=no report"
    return f"crowd size={_wording(record, size) or _number(size)}"


def _wording(record: dict[str, Any], size: int) -> str | None:
    """The words of the first source whose count is the event's."""
    for source in record.get("sources") or []:
        span = (source.get("evidence") or {}).get("quantities.participants")
        text = " ".join(str((span or {}).get("text") or "").split())
        if not text:
            continue
        parsed = parse_count(text)
        if parsed is not None and parsed.value == size:
            return _AROUND.sub("around ", text.lower())
    return None


def _number(size: int) -> str:
    return f"{size:,}"
