"""Counts as reports state them: digits, number words, vague words, hedges.

ACLED codes the lowest credible figure and fixed values for vague words
("dozens" 12, "hundreds" 100, "several" 3); a hedge such as "more than 60" is
coded as its number. ``Count`` keeps the wording and whether it is vague so the
merger can tell "some 600" vs "dozens" (a disagreement) from "1,600" vs "more
than a thousand" (compatible).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "couple": 2, "pair": 2, "both": 2,
}
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}

# Vague quantities and the figure ACLED codes for them (lowest credible reading).
VAGUE = {
    "several": 3, "a few": 3, "few": 3, "some": 3, "a number of": 3, "multiple": 3,
    "many": 10, "numerous": 10, "scores": 20, "score": 20,
    "dozen": 12, "dozens": 12, "a dozen": 12,
    "hundreds": 100, "thousands": 1000, "tens of thousands": 10000,
    "hundreds of thousands": 100000, "millions": 1_000_000,
}

# Hedges before a number: the number itself is the lowest credible figure,
# "up to" and "nearly" bound from above and are kept as stated.
HEDGES = (
    "more than", "over", "at least", "some", "about", "around", "approximately",
    "nearly", "almost", "up to", "roughly", "an estimated", "estimated", "as many as",
    "upwards of", "fewer than", "less than", "close to",
)

_NUM_WORD = "|".join(sorted(list(UNITS) + list(SCALES), key=len, reverse=True))
_VAGUE_WORD = "|".join(sorted((re.escape(v) for v in VAGUE), key=len, reverse=True))
_HEDGE = "|".join(sorted((re.escape(h) for h in HEDGES), key=len, reverse=True))

_SCALE = "dozen|hundred|thousand|million|billion"
# Every count starts with a digit or at a word starting with one of these
# letters (the first letters of the hedges and of the words below). Checking
# that first lets the search skip most positions of a sentence at once instead
# of trying each alternative there: the same matches, in under half the time.
_FIRST_LETTERS = "".join(sorted({w[0] for w in (*HEDGES, "half", "several", "many", *UNITS, *SCALES, *VAGUE)}))
COUNT_RE = re.compile(
    rf"""(?ix)
    (?=\d|\b[{_FIRST_LETTERS}])
    (?P<hedge>\b(?:{_HEDGE})\s+)?
    (?:
      (?P<half>\bhalf\s+(?:a\s+)?(?P<hscale>{_SCALE})\b)
      |
      (?P<vmult>\b(?:several|a\ few|a\ couple\ of|many)\s+(?P<vscale>{_SCALE})\b)
      |
      (?P<digits>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s*(?P<dscale>hundred|thousand|million|billion|k)\b)?
      |
      (?P<words>\b(?:{_NUM_WORD})(?:[\s-]+(?:and\s+)?(?:{_NUM_WORD}))*\b)
      |
      (?P<vague>\b(?:{_VAGUE_WORD})\b)
    )
    """
)


@dataclass(frozen=True, slots=True)
class Count:
    value: int
    text: str
    start: int
    end: int
    vague: bool = False  # a vague word ("dozens") rather than a figure
    hedge: str | None = None  # "more than", "some", ...

    @property
    def lower_bound_only(self) -> bool:
        """True when the wording admits larger figures ("more than a thousand")."""
        return self.vague or (self.hedge or "").lower() in {"more than", "over", "at least", "upwards of"}

    @property
    def round_bound(self) -> bool:
        """A lower bound in round figures ("more than a thousand", "over 200")
        admits much larger counts; a counted one ("at least 43") is a count so far."""
        return self.lower_bound_only and (self.vague or (self.value >= 100 and self.value % 100 == 0) or self.value % 1000 == 0)

    @property
    def upper_bound_only(self) -> bool:
        """True when the wording admits smaller figures ("up to 500")."""
        return (self.hedge or "").lower() in {"up to", "fewer than", "less than", "as many as"}


def words_to_int(words: str) -> int | None:
    """'seven thousand' -> 7000, 'twenty-one' -> 21, 'a hundred' -> 100."""
    total, current, seen = 0, 0, False
    for w in re.split(r"[\s-]+", words.lower()):
        if w == "and" or not w:
            continue
        if w in UNITS:
            current += UNITS[w]
            seen = True
        elif w in SCALES:
            current = max(current, 1) * SCALES[w]
            if SCALES[w] >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def parse_count(text: str) -> Count | None:
    """The first count in ``text``, or None."""
    found = find_counts(text)
    return found[0] if found else None


_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
# a number that is a day, a time, an age, a label or a measure, not a count of
# people: "April 11", "11th", "9 am", "0900hrs", "a man (24)", "UPDATE 2:",
# "the 616 Brigade", "Route 5", "$5 million", "50 percent"
_DAY_BEFORE = re.compile(rf"\b{_MONTH}\s*$", re.I)
_DAY_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b|^(?:st|nd|rd|th)\b", re.I)
_TIME_AFTER = re.compile(r"^(?::\d\d|\s*(?:a\.?m\b\.?|p\.?m\b\.?|gmt\b|utc\b|hrs?\b|h\b|hours? (?:local|gmt)))", re.I)
_LABEL_BEFORE = re.compile(
    r"\b(?:update|part|phase|no|number|resolution|article|chapter|section|paragraph|route|highway|road|camp|"
    r"terminal|gate|block|sector|zone|level|grade|ward|unit|covid|f|su|mig|ak|km|kilometre|kilometer|mile|"
    r"brigade|division|battalion|regiment|squadron|corps|battalion|platoon|company|page|tier|room|flight|bus)\.?\s*[-#]?\s*$", re.I)
_LABEL_AFTER = re.compile(
    r"^(?:\s*:(?!\d)|\s+(?:brigade|division|battalion|regiment|squadron|corps|platoon|infantry|armou?red)\b|"
    r"\s*(?:%|per\s?cent|percent)|\s*(?:km|kilomet(?:re|er)s?|miles?|met(?:re|er)s?|kg|tons?|tonnes?|degrees?)\b)", re.I)
_AGE = re.compile(r"^\)")
_NAME_BEFORE = re.compile(r"[A-Za-z]-?$")


_ASKED = re.compile(r"\bhow\s+(?:many\s+|much\s+)?$", re.I)


def _not_a_count(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 16):start], text[end:end + 24]
    if before.endswith(("$", "€", "£", "#")) or re.search(r"(?:US|Rs|N|KSh|R)\$?\s*$", before) and before.rstrip().endswith("$"):
        return True
    if _DAY_BEFORE.search(before) or _DAY_AFTER.match(after) or _TIME_AFTER.match(after):
        return True
    if _NAME_BEFORE.search(before):
        return True  # a name with a number in it: "the M23", "G5 Sahel", "Su-25 jets"
    if (before.endswith("(") and _AGE.match(after)) or re.match(r"-?\s?years?[- ]old\b", after):
        return True  # "a man (24)", "a 48-year-old": an age
    return bool(_LABEL_BEFORE.search(before) or _LABEL_AFTER.match(after))


def find_counts(text: str, offset: int = 0) -> list[Count]:
    """All counts in ``text``; offsets are shifted by ``offset``."""
    out: list[Count] = []
    for m in COUNT_RE.finditer(text):
        hedge = (m.group("hedge") or "").strip() or None
        value: int | None
        vague = False
        if (m.group("vague") or m.group("vmult")) and _ASKED.search(text, max(0, m.start() - 14), m.start()):
            continue  # "not clear how many inmates escaped": a question, no count
        if m.group("half"):
            value = SCALES[m.group("hscale").lower()] // 2
        elif m.group("vmult"):
            # "several hundred": the lowest credible reading of "several", in hundreds
            few = m.group("vmult").lower().rsplit(" ", 1)[0]
            value, vague = VAGUE.get(few, 3) * SCALES[m.group("vscale").lower()], True
        elif m.group("digits"):
            raw = m.group("digits").replace(",", "")
            if re.fullmatch(r"(1[89]|20)\d\d", m.group("digits")) and not m.group("dscale"):
                continue  # a year, not a count
            if _not_a_count(text, m.start("digits"), m.end()):
                continue
            num = float(raw)
            scale = (m.group("dscale") or "").lower()
            if scale:
                num *= 1000 if scale == "k" else SCALES[scale]
            value = int(num)
        elif m.group("words"):
            words = m.group("words")
            if words.lower() in {"a", "an", "no", "both", "pair", "couple", "dozen"}:
                continue  # too ambiguous alone
            if _DAY_AFTER.match(text[m.end():m.end() + 24]) and words_to_int(words) and words_to_int(words) <= 31:
                continue  # "the first of May"
            value = words_to_int(words)
        else:
            phrase = m.group("vague").lower()
            if phrase == "some" and not hedge:
                continue
            value, vague = VAGUE[phrase], True
        if value is None:
            continue
        out.append(Count(value, m.group(0).strip(), offset + m.start(), offset + m.end(), vague, hedge))
    return out


def lowest_credible(counts: list[Count]) -> Count | None:
    """ACLED's rule across figures for one quantity: a stated figure beats a vague
    word, and among figures the lowest wins."""
    if not counts:
        return None
    exact = [c for c in counts if not c.vague]
    pool = exact or counts
    return min(pool, key=lambda c: c.value)


def compatible(a: Count | int, b: Count | int, tolerance: float = 0.1) -> bool:
    """Do two reports of one quantity agree, given their wording?

    "more than a thousand" agrees with 1,600; "some 600" and "dozens" do not (a
    vague plural reads as tens, not hundreds); "up to 500" agrees with 200;
    "nearly 300" with 276 and 100 with 105 (within a tenth); but two counts
    ("at least 64" and "at least 43", 4,000 and 3,600) disagree.
    """
    va = a.value if isinstance(a, Count) else a
    vb = b.value if isinstance(b, Count) else b
    if va == vb:
        return True
    lo, hi = (a, b) if va < vb else (b, a)
    lo_v, hi_v = min(va, vb), max(va, vb)
    if isinstance(lo, Count) and lo.lower_bound_only and lo.round_bound:
        if lo.vague:
            # "dozens" is credible up to ~ten dozen; "hundreds" up to ~ten hundred
            return hi_v < lo_v * 10
        return True
    if isinstance(hi, Count) and hi.upper_bound_only:
        return True
    return (hi_v - lo_v) < tolerance * hi_v
