"""Find date expressions in a sentence and resolve them against the publication date.

Two steps, kept apart so the extractor can look at the wording before it trusts it:

    find_date_expressions("... on Tuesday night ...")  -> [DateExpr(..., kind="date")]
    resolve(expr, published="2021-07-07")               -> ("2021-07-06", 1)

``resolve`` returns ACLED's ``time_precision`` with the date string:

    1 day    "YYYY-MM-DD"
    2 week   "YYYY-MM-DD", the first day of the window the words name:
             "this week" -> the Monday of the publication week; "last week",
             "in recent days", "a week ago" -> seven days before publication
             (the window is the seven days up to the report); "last weekend" ->
             that Saturday. A week-precision date is a window start, not a day.
    3 month  "YYYY-MM"
    4 year   "YYYY"

Relative wording ("on Tuesday", "last month", "May 1" without a year) needs the
publication date; without it ``resolve`` returns ``(None, None)``. Absolute dates
("8 April 2020", "2021-07-07", "in February 2020") resolve without it.

Matching is done with precompiled regular expressions; a sentence with no
date-like token is rejected by one cheap search, and ``dateparser`` is only a
fallback for strings handed to ``resolve`` that none of the patterns understand.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

__all__ = ["DateExpr", "RelativeToEvent", "find_date_expressions", "find_relative_to_event", "resolve", "shift"]

# How far after publication an undated "May 1" may fall and still be read as this
# year's: reports announce things "on Friday" or "on July 10" a few days ahead.
FUTURE_TOLERANCE_DAYS = 7

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "a couple of": 2, "a few": 3, "several": 3,
}

# Month names are matched case-sensitively (capitalised) so that the modal verb
# "may" and the verb "march" are never read as months. Longest names first.
_MONTH = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"|(?:Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d%]|[.,:]\d)"
_YEAR = r"(?:19|20)\d{2}(?!\d)"

# Each pattern finds the core of one kind of expression; prepositions in front of it
# ("on", "by", "since") are picked up afterwards by _PREFIX.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # also the date part of an ISO timestamp ("2021-07-07T10:00:00Z")
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:\b|(?=T\d))")),
    ("numeric", re.compile(r"\b(?P<a>[0-3]?\d)[./](?P<b>[0-3]?\d)[./](?P<y>\d{4})\b")),
    (
        "day_month",
        re.compile(
            rf"\b(?:the\s+)?(?P<d>{_DAY})\s+(?:of\s+)?(?P<month>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?"
        ),
    ),
    (
        "month_day",
        re.compile(rf"\b(?P<month>{_MONTH})\s*(?P<d>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?"),
    ),
    (
        "month",
        re.compile(
            rf"(?=(?i:[ltnem])|[JFMASOND])"
            rf"\b(?:(?P<rel>(?i:last|this|next|this\s+past|this\s+coming))\s+)?"
            rf"(?:(?P<part>(?i:early|mid|late))[-\s]+)?"
            rf"(?P<month>{_MONTH})"
            rf"(?:,?\s+(?P<y>{_YEAR})|\s+(?:of\s+)?(?P<yrel>(?i:last|this|next))\s+year\b)?"
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"(?=(?i:[ltne])|[MTWFS])"
            rf"\b(?:(?P<rel>(?i:last|this|next|this\s+past|this\s+coming))\s+)?"
            rf"(?:(?P<part>(?i:early|late))\s+(?:on\s+)?)?"
            rf"(?P<wd>{_WEEKDAY})"
            rf"(?:\s*\(\s*(?P<explicit_paren>{_MONTH}\s*{_DAY}|{_DAY}\s+{_MONTH})\s*\)"
            rf"|,?\s+(?P<explicit>(?:{_MONTH}\s*{_DAY}|{_DAY}\s+(?:of\s+)?{_MONTH})(?:,?\s+{_YEAR})?))?"
            rf"(?:\s+(?P<tod>(?i:night|morning|afternoon|evening)))?"
        ),
    ),
    (
        "year",
        re.compile(rf"\b(?:(?P<part>(?i:early|mid|late))[-\s]+)?(?P<y>{_YEAR})(?![-/.]\d|s\b|\s*%)"),
    ),
    (
        "relative_unit",
        re.compile(
            r"(?i)(?=[eltn])\b(?:(?P<part>early|late|earlier|later)\s+)?"
            r"(?:(?P<rel>last|this|next)|the\s+(?P<past>past|last))\s+"
            r"(?P<unit>week(?:end)?|month|year)\b"
        ),
    ),
    (
        "ago",
        re.compile(
            r"(?i)(?=[\daotfsen])\b(?P<n>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
            r"|a\s+couple\s+of|a\s+few|several)\s+(?P<unit>day|week|month|year)s?\s+ago\b"
        ),
    ),
    (
        "hours",
        re.compile(r"(?i)\b(?:in|over|during|within)\s+the\s+(?:last|past)\s+(?P<hours>24|48|72)\s+hours\b"),
    ),
    (
        "recent_days",
        re.compile(
            r"(?i)\b(?:in\s+recent\s+days|(?:in|over|during)\s+the\s+(?:past|last)\s+"
            r"(?:few|several|couple\s+of)\s+days|(?P<weekend>over\s+the\s+weekend))\b"
        ),
    ),
    (
        "word",
        re.compile(
            # ("overnight Tuesday" is Tuesday's night: the weekday dates it)
            r"(?i)\b(?P<word>the\s+day\s+before\s+yesterday|yesterday|today|tomorrow|tonight"
            r"|overnight(?!\s+(?:on\s+|into\s+|to\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
            r"|last\s+night|this\s+(?:morning|afternoon|evening))\b"
        ),
    ),
]

# A quick reject for sentences without anything date-like: most sentences.
# (Each search here and in _PATTERNS opens with a look-ahead on the characters
# a match can start with, so that most positions are passed over at once.)
_DATE_HINT = re.compile(
    r"(?=\d|(?i:[dnwmyahot])|[JFMASOND])"
    r"(?:(?i:day|night|week|month|year|ago|hours|today|tomorrow|tonight|overnight)"
    r"|\d{4}|\d[./-]\d|" + _MONTH + ")"
)

# Words in front of a date that say what role it plays. Matched against the text
# just before the core, anchored at its end.
_PREFIX = re.compile(
    r"(?i)\b(?P<prep>no\s+later\s+than|(?:by|until|till|at|before|since|from|around|towards?)\s+the\s+(?:end|start|beginning|middle)\s+of"
    r"|the\s+(?:end|start|beginning|middle)\s+of|by|until|till|since|on|in|during|from|through|of|before|after|around)"
    r"\s+(?:the\s+)?$"
)
# used with .match(text, pos), which anchors at pos (a "^" would not)
_DEADLINE_SUFFIX = re.compile(r"(?i)(?:'s)?\s+deadline\b")
_DEADLINE_PREPS = {"by", "until", "till", "no later than"}

# A bare month ("in May") or a bare year ("in 2020") only counts as a date with a
# word that makes it one; capitalised "May" or a number alone is too ambiguous.
_CUE_PREPS = {"in", "since", "by", "until", "till", "during", "from", "through", "of", "before", "after", "around"}

_PRIORITY = {name: i for i, (name, _) in enumerate(_PATTERNS)}


@dataclass(slots=True)
class DateExpr:
    """A date expression in a text: where it is, its wording, and its role.

    ``kind`` is "date" (when something happened or happens), "deadline" ("by
    August 31", "until ...", "the Sept. 11 deadline") or "since" ("since May 1").
    ``parts`` holds what the pattern read, for ``resolve``.
    """

    start: int
    end: int
    text: str
    kind: str = "date"
    parts: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


def find_date_expressions(text: str) -> list[DateExpr]:
    """All date expressions in ``text``, in order, without overlaps."""
    if not text or not _DATE_HINT.search(text):
        return []
    candidates: list[tuple[int, int, str, re.Match[str]]] = []
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            candidates.append((match.start(), match.end(), name, match))
    # Longest match wins where they overlap ("Wednesday (July 7)" over "July 7").
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0], _PRIORITY[c[2]]))
    taken: list[tuple[int, int]] = []
    found: list[DateExpr] = []
    for start, end, name, match in candidates:
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        expr = _build(text, start, end, name, match)
        if expr is None:
            continue
        taken.append((expr.start, expr.end))  # with its preposition and "deadline"
        found.append(expr)
    found.sort(key=lambda e: e.start)
    return found


def _build(text: str, start: int, end: int, name: str, match: re.Match[str]) -> DateExpr | None:
    """Turn a pattern match into a DateExpr, or None when it is not really a date."""
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    # "part" (early/mid/late) does not change the resolved date; it is kept for callers.
    parts: dict[str, Any] = {"type": name, "part": _norm(groups.get("part"))}

    if name in ("iso", "numeric", "day_month", "month_day"):
        if name == "iso":
            year, month, day = int(groups["y"]), int(groups["m"]), int(groups["d"])
        elif name == "numeric":
            month_day = _numeric_day_month(int(groups["a"]), int(groups["b"]))
            if month_day is None:
                return None
            day, month = month_day
            year = int(groups["y"])
        else:
            month = _month_number(groups["month"])
            day = _int_prefix(groups["d"])
            year = int(groups["y"]) if "y" in groups else None
        if not _valid_day(year, month, day):
            return None
        parts.update(type="day", year=year, month=month, day=day)
    elif name == "month":
        parts.update(
            month=_month_number(groups["month"]),
            year=int(groups["y"]) if "y" in groups else None,
            rel=_norm(groups.get("rel")),
            yrel=_norm(groups.get("yrel")),
        )
    elif name == "weekday":
        parts.update(weekday=WEEKDAYS[groups["wd"].lower()], rel=_norm(groups.get("rel")))
        explicit = groups.get("explicit_paren") or groups.get("explicit")
        if explicit:
            inner = _parse_explicit(explicit)
            if inner is None:
                return None
            parts.update(type="day", **inner, weekday_check=parts["weekday"])
    elif name == "year":
        parts.update(year=int(groups["y"]))
    elif name == "relative_unit":
        rel = _norm(groups.get("rel")) or "past"
        parts.update(rel=rel, unit=groups["unit"].lower(), part=_norm(groups.get("part")))
    elif name == "ago":
        count = groups["n"].lower()
        count = " ".join(count.split())
        parts.update(count=int(count) if count.isdigit() else NUMBER_WORDS[count], unit=groups["unit"].lower())
    elif name == "hours":
        parts.update(days=int(groups["hours"]) // 24)
    elif name == "recent_days":
        parts.update(weekend="weekend" in groups)
    elif name == "word":
        parts.update(word=" ".join(groups["word"].lower().split()))

    # Extend over a preposition in front ("on", "by the end of", "since").
    prep = None
    prefix = _PREFIX.search(text, max(0, start - 30), start)
    if prefix:
        prep = " ".join(prefix.group("prep").lower().split())
        if prep != "of":  # "of" makes "of May" a date but is no part of the wording
            start = prefix.start()
    if name in ("month", "year") and not _has_cue(prep, parts, groups):
        return None
    kind = "date"
    if prep:
        head = prep.split(" the ")[0]
        if head in _DEADLINE_PREPS:
            kind = "deadline"
        elif head == "since":
            kind = "since"
    suffix = _DEADLINE_SUFFIX.match(text, end)
    if suffix:
        kind = "deadline"
        end = suffix.end()
    if prep and "end of" in prep:
        parts["part"] = "late"
    return DateExpr(start=start, end=end, text=text[start:end], kind=kind, parts=parts)


def _has_cue(prep: str | None, parts: dict[str, Any], groups: dict[str, str]) -> bool:
    """Whether a bare month or year is clearly meant as a date ("in May", "early 2020")."""
    if groups.get("part") or parts.get("rel") or parts.get("yrel"):
        return True
    if parts["type"] == "month" and parts.get("year"):
        return True
    return prep is not None and prep.split(" ")[-1] in _CUE_PREPS


def resolve(expr: DateExpr | str, published: str | None) -> tuple[str | None, int | None]:
    """Resolve a date expression against the publication date (``YYYY-MM-DD``).

    Returns ``(date, time_precision)``: day ``YYYY-MM-DD`` (1), week start
    ``YYYY-MM-DD`` (2), month ``YYYY-MM`` (3), year ``YYYY`` (4); ``(None, None)``
    when the expression cannot be resolved (relative wording without a
    publication date, or no date at all).
    """
    pub = _parse_published(published)
    text = expr if isinstance(expr, str) else expr.text
    parts = None if isinstance(expr, str) else expr.parts
    kind = "date" if isinstance(expr, str) else expr.kind
    if not parts:
        # A bare string, or a DateExpr made by hand: read the wording again.
        found = find_date_expressions(text)
        if not found:
            return _dateparser_fallback(text, pub)
        parts = found[0].parts
        kind = kind if kind != "date" else found[0].kind
    return _RESOLVERS[parts["type"]](parts, pub, kind)


# --- resolvers, one per expression type -------------------------------------------


def _resolve_day(parts: dict[str, Any], pub: date | None, kind: str) -> tuple[str | None, int | None]:
    month, day, year = parts["month"], parts["day"], parts.get("year")
    if year is None:
        if pub is None:
            return None, None
        year = _year_for_month_day(month, day, pub, kind)
        if year is None:
            return None, None
        weekday = parts.get("weekday_check")
        if weekday is not None and date(year, month, day).weekday() != weekday:
            # "Wednesday (July 7)": a year back whose July 7 is a Wednesday fits better.
            for earlier in range(year - 1, year - 7, -1):
                if _valid_day(earlier, month, day) and date(earlier, month, day).weekday() == weekday:
                    year = earlier
                    break
    if not _valid_day(year, month, day):
        return None, None
    return date(year, month, day).isoformat(), 1


def _resolve_month(parts: dict[str, Any], pub: date | None, kind: str) -> tuple[str | None, int | None]:
    month, year = parts["month"], parts.get("year")
    if year is None:
        if pub is None:
            return None, None
        rel, yrel = parts.get("rel"), parts.get("yrel")
        if yrel:
            year = pub.year + {"last": -1, "this": 0, "next": 1}[yrel]
        elif rel == "last" or rel == "this past":
            # the most recent such month strictly before the publication month
            year = pub.year if month < pub.month else pub.year - 1
        elif rel in ("next", "this coming"):
            year = pub.year if month > pub.month else pub.year + 1
        elif rel == "this":
            year = pub.year
        elif kind == "deadline":
            year = min((pub.year - 1, pub.year, pub.year + 1), key=lambda y: abs((y * 12 + month) - (pub.year * 12 + pub.month)))
        else:
            year = pub.year if month <= pub.month else pub.year - 1
    return f"{year:04d}-{month:02d}", 3


def _resolve_weekday(parts: dict[str, Any], pub: date | None, kind: str) -> tuple[str | None, int | None]:
    if pub is None:
        return None, None
    weekday, rel = parts["weekday"], parts.get("rel")
    if rel == "last":
        # the named day in the calendar week before the publication week
        monday_before = pub - timedelta(days=pub.weekday() + 7)
        day = monday_before + timedelta(days=weekday)
    elif rel in ("next", "this coming"):
        day = pub + timedelta(days=(weekday - pub.weekday() - 1) % 7 + 1)
    elif rel == "this":
        day = pub - timedelta(days=pub.weekday()) + timedelta(days=weekday)
    elif kind == "deadline":
        day = pub + timedelta(days=(weekday - pub.weekday()) % 7)
    else:
        # "on Tuesday": the most recent Tuesday on or before publication
        day = pub - timedelta(days=(pub.weekday() - weekday) % 7)
    return day.isoformat(), 1


def _resolve_year(parts: dict[str, Any], pub: date | None, kind: str) -> tuple[str | None, int | None]:
    return f"{parts['year']:04d}", 4


def _resolve_relative_unit(parts: dict[str, Any], pub: date | None, kind: str) -> tuple[str | None, int | None]:
    if pub is None:
        return None, None
    rel, unit = parts["rel"], parts["unit"]
    step = {"last": -1, "past": -1, "this": 0, "next": 1}[rel]
    if unit == "week":
        if rel == "this":
            return (pub - timedelta(days=pub.weekday())).isoformat(), 2
        if rel == "next":
            return (pub - timedelta(days=pub.weekday()) + timedelta(days=7)).isoformat(), 2
        return (pub - timedelta(days=7)).isoformat(), 2
    if unit == "weekend":
        saturday = _last_saturday(pub)
        if rel == "next":
            saturday += timedelta(days=7)
        return saturday.isoformat(), 2
    if unit == "month":
        if rel == "past":  # "the past month": the 30 days before, a month window
            step = -1
        year, month = _add_months(pub.year, pub.month, step)
        return f"{year:04d}-{month:02d}", 3
    return f"{pub.year + step:04d}", 4


def _resolve_ago(parts: dict[str, Any], pub: date | None, kind: str) -> tuple[str | None, int | None]:
    if pub is None:
        return None, None
    count, unit = parts["count"], parts["unit"]
    if unit == "day":
        return (pub - timedelta(days=count)).isoformat(), 1
    if unit == "week":
        return (pub - timedelta(days=7 * count)).isoformat(), 2
    if unit == "month":
        year, month = _add_months(pub.year, pub.month, -count)
        return f"{year:04d}-{month:02d}", 3
    return f"{pub.year - count:04d}", 4


def _resolve_hours(parts: dict[str, Any], pub: date | None, kind: str) -> tuple[str | None, int | None]:
    if pub is None:
        return None, None
    return (pub - timedelta(days=parts["days"])).isoformat(), 1


def _resolve_recent_days(parts: dict[str, Any], pub: date | None, kind: str) -> tuple[str | None, int | None]:
    if pub is None:
        return None, None
    if parts.get("weekend"):
        return _last_saturday(pub).isoformat(), 2
    return (pub - timedelta(days=7)).isoformat(), 2


def _resolve_word(parts: dict[str, Any], pub: date | None, kind: str) -> tuple[str | None, int | None]:
    if pub is None:
        return None, None
    back = {"yesterday": 1, "last night": 1, "overnight": 1, "the day before yesterday": 2, "tomorrow": -1}.get(parts["word"].lower(), 0)
    return (pub - timedelta(days=back)).isoformat(), 1


_RESOLVERS = {
    "day": _resolve_day,
    "month": _resolve_month,
    "weekday": _resolve_weekday,
    "year": _resolve_year,
    "relative_unit": _resolve_relative_unit,
    "ago": _resolve_ago,
    "hours": _resolve_hours,
    "recent_days": _resolve_recent_days,
    "word": _resolve_word,
}


# --- helpers -----------------------------------------------------------------------


def _year_for_month_day(month: int, day: int, pub: date, kind: str) -> int | None:
    """The year of an undated month-day, judged from the publication date.

    Deadlines take the occurrence nearest to publication (they are often ahead);
    other dates the latest one not after publication (plus a few days' tolerance
    for things announced just ahead), "since" dates with no tolerance.
    """
    candidates = [y for y in (pub.year + 1, pub.year, pub.year - 1, pub.year - 2, pub.year - 3, pub.year - 4) if _valid_day(y, month, day)]
    if not candidates:
        return None
    if kind == "deadline":
        return min(candidates, key=lambda y: abs((date(y, month, day) - pub).days))
    tolerance = timedelta(days=0 if kind == "since" else FUTURE_TOLERANCE_DAYS)
    for year in candidates:  # newest first
        if date(year, month, day) <= pub + tolerance:
            return year
    return None


def _parse_explicit(text: str) -> dict[str, Any] | None:
    """Month, day and optional year from the date inside "Wednesday (July 7)"."""
    for name in ("month_day", "day_month"):
        pattern = dict(_PATTERNS)[name]
        match = pattern.search(text)
        if match:
            groups = match.groupdict()
            month = _month_number(groups["month"])
            day = _int_prefix(groups["d"])
            year = int(groups["y"]) if groups.get("y") else None
            if _valid_day(year, month, day):
                return {"month": month, "day": day, "year": year}
    return None


def _numeric_day_month(first: int, second: int) -> tuple[int, int] | None:
    """(day, month) of a numeric date: day first (04.08.2021 is 4 August) unless impossible."""
    if 1 <= second <= 12 and 1 <= first <= 31:
        return first, second
    if 1 <= first <= 12 and 1 <= second <= 31:
        return second, first
    return None


def _valid_day(year: int | None, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    # Without a year, 29 February is possible (a leap year will be found later).
    days_in_month = calendar.monthrange(year if year else 2000, month)[1]
    return day <= days_in_month


def _month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _int_prefix(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _norm(value: str | None) -> str | None:
    return " ".join(value.lower().split()) if value else None


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _last_saturday(pub: date) -> date:
    """Saturday of the most recent weekend on or before publication."""
    return pub - timedelta(days=(pub.weekday() - 5) % 7)


def _parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def _dateparser_fallback(text: str, pub: date | None) -> tuple[str | None, int | None]:
    """Let dateparser try wording the patterns do not cover (absolute dates mostly)."""
    if not _DATE_HINT.search(text):
        return None, None
    # Without a publication date only wording with a year can be resolved; dateparser
    # would otherwise silently use today's date.
    if pub is None and not re.search(_YEAR, text):
        return None, None
    from datetime import datetime

    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "STRICT_PARSING": False}
    if pub is not None:
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day)
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data is None or data.date_obj is None:
        return None, None
    when = data.date_obj.date()
    period = data.period or "day"
    if period == "year":
        return f"{when.year:04d}", 4
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}", 3
    if period == "week":
        return (when - timedelta(days=when.weekday())).isoformat(), 2
    return when.isoformat(), 1


# ---------------------------------------------------------------- event-relative
# "Two days earlier", "a week before that", "the next day": dated from the event
# the report told just before, not from the publication date. Only the forms
# that point back at the account ("before that", "earlier") are read: "two days
# before the election" dates from another thing, which the account may not date.

@dataclass(slots=True)
class RelativeToEvent:
    """An expression dating one event from the one told before it."""

    start: int
    end: int
    text: str
    days: int  # from the event told before (negative: earlier)
    precision: int  # the coarsest it can be: 1 day, 2 week, 3 month
    before_clause: bool = False  # "came a day after" must open a clause ("after X raided"), not a noun ("after the vote")


_COUNT = r"(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|a couple of|\d{1,2})"
_UNIT_DAYS = {"hour": 0, "day": 1, "night": 1, "morning": 1, "evening": 1, "week": 7, "month": 30}
_UNIT_PRECISION = {"hour": 1, "day": 1, "night": 1, "morning": 1, "evening": 1, "week": 2, "month": 3}
_RELATIVE_PATTERNS = [
    # "two days earlier", "a week before that", "three days later", "a day after that"
    (re.compile(rf"\b{_COUNT}\s+(?P<unit>hour|day|week|month)s?\s+(?P<dir>earlier|later|previously|afterwards?"
                r"|before(?=\s+that\b|\s*[,.;])|after(?=\s+that\b|\s*[,.;])|prior(?=\s+to\s+that\b|\s*[,.;]))"
                r"(?:\s+that)?", re.I), None),
    # "The ambush came barely a day after bandits looted a market": the
    # event told in the "after" clause came before the one told already
    (re.compile(rf"\b(?:came|comes|occurred|happened|took\s+place|followed)\s+(?:less\s+than\s+|about\s+|some\s+|barely\s+|just\s+"
                rf"|nearly\s+|only\s+|more\s+than\s+)?{_COUNT}\s+(?P<unit>hour|day|week)s?\s+after\b(?!\s+that\b)", re.I), "after-clause"),
    # "the previous day", "the preceding week"
    (re.compile(r"\bthe\s+(?:previous|preceding)\s+(?P<unit>day|night|morning|evening|week|month)\b", re.I), -1),
    # "the day before" (not "the day before the vote")
    (re.compile(r"\bthe\s+(?P<unit>day|night|week)\s+before\b(?!\s+(?:the|a|an|his|her|their|its|yesterday|last)\b)", re.I), -1),
    # "the next day", "the following week", "the day after"
    (re.compile(r"\bthe\s+(?:next|following)\s+(?P<unit>day|morning|night|evening|week|month)\b", re.I), 1),
    (re.compile(r"\bthe\s+(?P<unit>day|night)\s+after\b(?!\s+(?:the|a|an|his|her|their|its|tomorrow)\b)", re.I), 1),
    # "the same day", "later that day", "that night"
    (re.compile(r"\b(?:(?:that|the)\s+same\s+(?P<unit>day|night)|later\s+that\s+(?:day|night|evening)|that\s+(?:night|evening|afternoon))\b", re.I), 0),
]


# a word every pattern above needs: one cheap search rules out most sentences
_RELATIVE_HINT = re.compile(r"\b(?:earlier|later|before|after|previous|preceding|next|following|same|previously|prior|afterwards?"
                            r"|night|evening|afternoon)\b", re.I)


def find_relative_to_event(text: str) -> list[RelativeToEvent]:
    """Expressions that date an event from the one told before it, in order."""
    found: list[RelativeToEvent] = []
    if not _RELATIVE_HINT.search(text):
        return found
    for pattern, sign in _RELATIVE_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < f.end and f.start < m.end() for f in found):
                continue
            unit = (m.groupdict().get("unit") or "day").lower()
            if sign == "after-clause":
                # "came less than 24 hours after <clause>": that clause's event, a day or more before
                n = _count_of(m)
                days = -(max(1, round(n / 24)) if unit == "hour" else n * _UNIT_DAYS[unit])
            elif sign is None:
                n = _count_of(m)
                days = n // 24 if unit == "hour" else n * _UNIT_DAYS[unit]
                if m.group("dir").lower().startswith(("earlier", "before", "previously", "prior")):
                    days = -days
            else:
                days = sign * _UNIT_DAYS[unit]
            found.append(RelativeToEvent(m.start(), m.end(), m.group(0), days, _UNIT_PRECISION[unit], sign == "after-clause"))
    found.sort(key=lambda f: f.start)
    return found


def _count_of(match: re.Match[str]) -> int:
    raw = match.group("n").lower()
    return int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw, 1)


def shift(value: str, precision: int, days: int, at_least: int = 1) -> tuple[str | None, int | None]:
    """A date ``days`` from ``value`` (a day or a week start), at the coarser of
    the two precisions; a month or a year moves by whole months or stays."""
    precision = max(precision, at_least)
    if len(value) == 10:
        moved = date.fromisoformat(value) + timedelta(days=days)
        if precision >= 3:
            return (moved.strftime("%Y-%m") if precision == 3 else str(moved.year)), precision
        return moved.isoformat(), precision
    if len(value) == 7 and precision == 3:
        year, month = _add_months(int(value[:4]), int(value[5:7]), round(days / 30))
        return f"{year:04d}-{month:02d}", 3
    return value, precision
