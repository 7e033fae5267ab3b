"""Guess a report's publication date from its own text.

Used only when neither a meta file nor the JSON record nor the page markup gives
the date. Every cue found becomes a candidate with a weight saying how much it
speaks for *publication* (rather than for something the story mentions):

    0.90  a labelled stamp       "Published: 7 July 2021", "Posted on July 7, 2021"
    0.80  a site stamp           "- Sputnik International, 1920, 04.08.2021", a short
                                 line that is just a date, a dated dateline
    0.75  an update stamp        "Updated 10:32 GMT, July 8, 2021"
    0.70  weekday + month-day    "said Wednesday (July 7)" whose year is settled by
                                 the weekday against the years the text mentions
    0.30  a full date in a sentence (the story's own dates: weak evidence, and
          weaker still (0.20) inside a caption or parenthesis)

The candidate with the heaviest cue wins; between equal cues, stamps prefer the
most frequent and then the earliest date (later stamps are usually updates),
in-text cues the latest (a report is dated on or after everything it tells).
The confidence is the winning cue's weight, slightly raised when other cues agree.

The work is bounded whatever the input: only the start of a long text is read
(``SCAN_CHARS``, where stamps and datelines are) and its end (``TAIL_CHARS``,
where some sites put theirs), and a line is read up to ``LINE_CHARS`` from
each end, so a 30 MB single line costs what a long report does.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from eventledger.normalise.dates import DateExpr, find_date_expressions

__all__ = ["infer_published"]

# The years a publication date may plausibly fall in; also bounds the weekday check.
YEAR_RANGE = range(2000, 2036)

WEIGHT_LABELLED = 0.90
WEIGHT_STAMP = 0.80
WEIGHT_UPDATED = 0.75
WEIGHT_WEEKDAY = 0.70
WEIGHT_WEEKDAY_AMBIGUOUS = 0.40
WEIGHT_BODY = 0.30
WEIGHT_CAPTION = 0.20

# How much of a text is looked at (see the module's docstring).
SCAN_CHARS = 50_000
TAIL_CHARS = 5_000
LINE_CHARS = 2_000

_LABEL = re.compile(
    r"(?i)\b(?P<label>first\s+published|published|posted|last\s+updated|updated|date)\b(?:\s+on)?\s*:?\s*"
)
_LABEL_POSITION = re.compile(r"(?:.*[|·•—–]\s*)?\W*")
# "KABUL, Afghanistan (AP) —", "WASHINGTON, July 7 (Reuters) -": an all-caps place
# opening the first paragraph, up to the dash that ends the dateline.
_DATELINE = re.compile(r"^(?P<head>[A-Z][A-Z'.\-]{2,}(?:\s+[A-Z][A-Z'.\-]+)*,?[^\n]{0,60}?)\s+[-–—]{1,2}\s")
_CAPTION_HINT = re.compile(r"(?i)©|\(pictured|\bphoto\b|\bimage\b|\bcredit\b")
_YEAR_MENTION = re.compile(r"(?<![\d.,/-])(?P<y>20[0-3]\d)(?![\d%]|s\b|[.,/-]\d)")
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_NUMERIC_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")


@dataclass(slots=True)
class _Cue:
    day: date
    weight: float
    evidence: str
    stamp: bool  # a publishing stamp (tie-break: earliest) or an in-text cue (latest)
    position: int


def infer_published(text: str) -> tuple[str | None, float, str | None]:
    """Infer the publication date of a report from its text.

    Returns ``(YYYY-MM-DD, confidence 0..1, evidence)``, or ``(None, 0.0, None)``
    when nothing in the text supports a choice. Pass the raw text (before
    boilerplate removal): site stamps live in the lines the cleaner drops.
    """
    if not text:
        return None, 0.0, None
    text = _bounded(text)
    lines = text.splitlines()
    mentioned_years = {int(m.group("y")) for m in _YEAR_MENTION.finditer(text)}
    cues: list[_Cue] = []
    position = 0
    first_lines = _first_nonblank_indexes(lines, 3)
    for index, line in enumerate(lines):
        if line.strip():
            cues.extend(_line_cues(line, index in first_lines, mentioned_years, position))
        position += len(line) + 1
    if not cues:
        return None, 0.0, None
    return _choose(cues)


def _bounded(text: str) -> str:
    """The parts of a text worth reading for its date, of bounded length."""
    if len(text) > SCAN_CHARS + TAIL_CHARS:
        text = text[:SCAN_CHARS] + "\n" + text[-TAIL_CHARS:]
    if len(text) > 2 * LINE_CHARS and any(len(line) > 2 * LINE_CHARS for line in text.splitlines()):
        text = "\n".join(
            line if len(line) <= 2 * LINE_CHARS else line[:LINE_CHARS] + " … " + line[-LINE_CHARS:]
            for line in text.splitlines()
        )
    return text


def _line_cues(line: str, near_top: bool, mentioned_years: set[int], position: int) -> list[_Cue]:
    cues: list[_Cue] = []
    labelled_until = -1
    label = _LABEL.search(line)
    # A label opens its line or a segment of a byline ("By Jane Doe | Updated ..."),
    # or stands on a short line; "updated figures" inside a sentence is no stamp.
    if label and not (_LABEL_POSITION.fullmatch(line[: label.start()]) or len(_WORD.findall(line)) <= 15):
        label = None
    if label:
        weight = WEIGHT_UPDATED if "updated" in label.group("label").lower() else WEIGHT_LABELLED
        if label.group("label").lower() == "date" and not near_top:
            weight = WEIGHT_STAMP
        for expr in find_date_expressions(line[label.end() : label.end() + 60]):
            day = _full_date(expr)
            if day:
                cues.append(_Cue(day, weight, _snippet(line, label.start(), label.end() + expr.end), True, position))
                labelled_until = label.end() + expr.end
                break

    dateline = _DATELINE.match(line) if near_top else None
    for expr in find_date_expressions(line):
        if expr.start < labelled_until:
            continue
        parts = expr.parts
        day = _full_date(expr)
        evidence = _snippet(line, expr.start, expr.end)
        if day is not None:
            numeric = _NUMERIC_DATE.search(expr.text) is not None
            # in the dateline, or the date right after it ("KABUL (AP) — July 7, 2021 — ...")
            in_dateline = dateline is not None and (
                expr.end <= dateline.end("head") or expr.start <= dateline.end() + 1
            )
            # words on the line besides the date: a stamp line carries few
            other_words = len(_WORD.findall(line[: expr.start] + " " + line[expr.end :]))
            caption = _inside_caption(line, expr)
            stamp_shaped = not caption and (
                in_dateline
                or other_words <= 4
                or (numeric and (other_words <= 10 or _ends_line(line, expr)))
                # a header line ("By Jane Doe, July 7, 2021"), not a sentence
                or (near_top and other_words <= 10 and not _SENTENCE_END.search(line))
            )
            if stamp_shaped:
                cues.append(_Cue(day, WEIGHT_STAMP, evidence, True, position + expr.start))
            else:
                weight = WEIGHT_CAPTION if caption else WEIGHT_BODY
                if mentioned_years and day.year < max(mentioned_years):
                    continue  # an older date the story looks back on, not its own date
                cues.append(_Cue(day, weight, evidence, False, position + expr.start))
        elif parts.get("type") == "day" and parts.get("weekday_check") is not None:
            cue = _weekday_cue(expr, mentioned_years, line, position)
            if cue:
                cues.append(cue)
        elif dateline is not None and parts.get("type") == "day" and expr.end <= dateline.end("head"):
            # "WASHINGTON, July 7 (Reuters) -": the year is the latest the text mentions
            if mentioned_years:
                year = max(mentioned_years)
                try:
                    day = date(year, parts["month"], parts["day"])
                except ValueError:
                    continue
                cues.append(_Cue(day, WEIGHT_WEEKDAY_AMBIGUOUS, evidence, True, position + expr.start))
    return cues


def _weekday_cue(expr: DateExpr, mentioned_years: set[int], line: str, position: int) -> _Cue | None:
    """A "Wednesday (July 7)" cue, dated by the year(s) whose July 7 is a Wednesday."""
    parts = expr.parts
    month, day_of_month, weekday = parts["month"], parts["day"], parts["weekday_check"]

    def fitting(years) -> list[int]:
        found = []
        for year in sorted(set(years)):
            try:
                if date(year, month, day_of_month).weekday() == weekday:
                    found.append(year)
            except ValueError:
                pass
        return found

    # A report mentions past years; it is published in one of them or the year after.
    near = [y for y in mentioned_years | {y + 1 for y in mentioned_years} if y in YEAR_RANGE]
    years, weight = fitting(near), WEIGHT_WEEKDAY
    if not years:
        # Nothing in the text to go by: only a single fitting year in the whole range
        # would do (rare, since a weekday/date pair recurs every 5 to 11 years).
        years, weight = fitting(YEAR_RANGE), WEIGHT_WEEKDAY_AMBIGUOUS
    if len(years) != 1:
        return None
    evidence = _snippet(line, expr.start, expr.end)
    return _Cue(date(years[0], month, day_of_month), weight, evidence, False, position + expr.start)


def _choose(cues: list[_Cue]) -> tuple[str | None, float, str | None]:
    """The date of the strongest cue; ties by frequency, then earliest stamp / latest text date."""
    by_day: dict[date, list[_Cue]] = defaultdict(list)
    for cue in cues:
        by_day[cue.day].append(cue)
    top_weight = max(c.weight for c in cues)
    contenders = [d for d, cs in by_day.items() if max(c.weight for c in cs) == top_weight]
    prefer_earliest = any(c.stamp for d in contenders for c in by_day[d] if c.weight == top_weight)

    def rank(day: date) -> tuple[int, int]:
        count = len(by_day[day])
        return (count, -day.toordinal()) if prefer_earliest else (count, day.toordinal())

    best = max(contenders, key=rank)
    supporting = by_day[best]
    strongest = max(supporting, key=lambda c: (c.weight, -c.position))
    # Agreement between cues adds a little; disagreement among equally strong ones
    # takes a little away.
    confidence = top_weight + 0.05 * (len(supporting) - 1) - 0.05 * (len(contenders) - 1)
    confidence = round(max(0.05, min(0.95, confidence)), 2)
    return best.isoformat(), confidence, strongest.evidence


def _full_date(expr: DateExpr) -> date | None:
    """The date of an expression that names a day with its year, else None."""
    parts = expr.parts
    if parts.get("type") != "day" or not parts.get("year"):
        return None
    if parts["year"] not in YEAR_RANGE:
        return None
    try:
        return date(parts["year"], parts["month"], parts["day"])
    except ValueError:
        return None


def _inside_caption(line: str, expr: DateExpr) -> bool:
    before = line[: expr.start]
    return before.count("(") > before.count(")") or bool(_CAPTION_HINT.search(line))


def _ends_line(line: str, expr: DateExpr) -> bool:
    return not line[expr.end :].strip(" .,;)")


def _first_nonblank_indexes(lines: list[str], count: int) -> set[int]:
    found: set[int] = set()
    for index, line in enumerate(lines):
        if line.strip():
            found.add(index)
            if len(found) == count:
                break
    return found


def _snippet(line: str, start: int, end: int, context: int = 30) -> str:
    """The cue with some context on the line, cut at word boundaries."""
    left = max(0, start - context)
    while left > 0 and not line[left - 1].isspace():
        left -= 1
    right = min(len(line), end + context)
    while right < len(line) and not line[right].isspace():
        right += 1
    return line[left:right].strip()
