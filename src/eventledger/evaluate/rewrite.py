"""Rewriting a report for the perturbation check (``perturb.py``).

A rewrite swaps, in one report, the names or numbers of one kind for others of
the same sort, and keeps a map between the offsets of the old text and the new
one, so that an event read from the rewritten report can be matched with the
event read from the original:

- places: a city for a city of similar size in the same country, a province for
  a province of the same country, a district for a district (see ``places``);
- persons: spaCy's PERSON entities for names from ``GIVEN_NAMES``/``FAMILY_NAMES``;
- groups: a named armed group of ``data/actors.json`` for another group of the
  same kind, of the same country where there is one;
- numbers: a figure for another figure in the same wording (digits for digits,
  with the same grouping commas and decimals; a number word for a number word);
  days, years, times, durations, distances and unit numbers are left alone,
  since changing them would rightly change the event's date or place, as are
  vague words ("dozens"), which carry no figure to swap.

Every choice is drawn from a ``random.Random`` the caller seeds, and every name
or number is replaced the same way wherever it recurs in the report, so the
report stays coherent ("64 were killed ... the 64 dead").
"""
from __future__ import annotations

import bisect
import json
import math
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

ACTORS_PATH = Path(__file__).resolve().parent.parent / "data" / "actors.json"


@dataclass(frozen=True, slots=True)
class Swap:
    """One replacement, at ``start``-``end`` of the original text.

    ``source`` and ``target`` say what was swapped for what: a place key
    (``places.PlaceRef``), a group id, a person's name, or a number's value.
    """

    kind: str  # "place", "person", "group", "number"
    start: int
    end: int
    old: str
    new: str
    source: object = None
    target: object = None


@dataclass(slots=True)
class Rewrite:
    """A rewritten text and the way back to the original's offsets."""

    original: str
    text: str
    swaps: list[Swap]
    # cumulative length change after each swap, for the offset maps
    _old_ends: list[int] = field(default_factory=list, repr=False)
    _new_ends: list[int] = field(default_factory=list, repr=False)
    _shift: list[int] = field(default_factory=list, repr=False)

    def to_new(self, pos: int) -> int:
        """The position in the new text of original position ``pos``; a position
        inside a replaced stretch goes to the same place in its replacement, or
        to its end when the replacement is shorter."""
        i = bisect.bisect_right(self._old_ends, pos)
        shift = self._shift[i - 1] if i else 0
        if i < len(self.swaps) and self.swaps[i].start < pos:
            swap = self.swaps[i]
            return swap.start + shift + min(pos - swap.start, len(swap.new))
        return pos + shift

    def to_old(self, pos: int) -> int:
        """The inverse of ``to_new``."""
        i = bisect.bisect_right(self._new_ends, pos)
        shift = self._shift[i - 1] if i else 0
        if i < len(self.swaps):
            swap = self.swaps[i]
            new_start = swap.start + shift
            if new_start < pos:
                return swap.start + min(pos - new_start, swap.end - swap.start)
        return pos - shift

    def swaps_within(self, start: int, end: int) -> list[Swap]:
        """Swaps inside ``start``-``end`` of the original text."""
        return [s for s in self.swaps if start <= s.start and s.end <= end]

    def rewrite_span(self, start: int, end: int) -> str:
        """The original stretch ``start``-``end`` with the swaps inside it made."""
        out, pos = [], start
        for s in self.swaps_within(start, end):
            out.append(self.original[pos:s.start])
            out.append(s.new)
            pos = s.end
        out.append(self.original[pos:end])
        return "".join(out)


def apply_swaps(text: str, swaps: Iterable[Swap]) -> Rewrite:
    """The text with ``swaps`` made; overlapping swaps keep the first (leftmost,
    then longest) and drop the rest."""
    chosen: list[Swap] = []
    for swap in sorted(swaps, key=lambda s: (s.start, -(s.end - s.start))):
        if text[swap.start:swap.end] != swap.old:
            raise ValueError(f"swap {swap.old!r} does not match the text at {swap.start}")
        if chosen and swap.start < chosen[-1].end:
            continue
        chosen.append(swap)
    parts, pos, shift = [], 0, 0
    rewrite = Rewrite(text, "", chosen)
    for swap in chosen:
        parts.append(text[pos:swap.start])
        parts.append(swap.new)
        pos = swap.end
        shift += len(swap.new) - (swap.end - swap.start)
        rewrite._old_ends.append(swap.end)
        rewrite._new_ends.append(swap.end + shift)
        rewrite._shift.append(shift)
    parts.append(text[pos:])
    rewrite.text = "".join(parts)
    return rewrite


# ------------------------------------------------------------------- numbers

_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
           r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DIGITS = re.compile(r"(?<![\w.,:/$€£#+-])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w:/]|[.,]\d|-\d)")
_WORD_VALUES = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_WORDS = re.compile(rf"(?<![\w-])({'|'.join(_WORD_VALUES)})(?![\w-])", re.I)
# what a number must not be: a day, a year, a time, a duration, a distance, a
# unit's number, an ordinal, a label ("Resolution 2098", "Route 5", "616 Brigade")
_DAY_BEFORE = re.compile(rf"\b{_MONTHS}\s*$")
_AFTER_NOT_COUNT = re.compile(
    rf"^(?:(?:st|nd|rd|th)\b|\s+(?:of\s+)?{_MONTHS}(?![a-z])|\s*(?:a\.?m\b|p\.?m\b|GMT|UTC|hrs?\b|h\b)|"
    r"[\s-]*(?:days?|nights?|weeks?|months?|years?|yrs?|hours?|minutes?|seconds?|decades?|centur(?:y|ies)|"
    r"km|kilomet(?:re|er)s?|miles?|met(?:re|er)s?|feet|foot|ft)\b|"
    r"\s+(?:brigade|division|battalion|regiment|squadron|corps|platoon|infantry|armou?red|mechani[sz]ed)\b)", re.I)
_LABEL_BEFORE = re.compile(
    r"\b(?:update|part|phase|no|number|resolution|article|chapter|section|paragraph|route|highway|road|"
    r"camp|gate|block|sector|zone|level|ward|unit|covid|brigade|division|battalion|page|flight|bus|"
    r"sura|verse|line|term|round|stage|grade|class|act|law|decree|km|kilomet(?:re|er)s?)\.?\s*[-#]?\s*$", re.I)


@dataclass(frozen=True, slots=True)
class NumberSpan:
    start: int
    end: int
    text: str
    value: float
    wording: str  # "digits" or "word"


def find_numbers(text: str) -> list[NumberSpan]:
    """Figures that may be swapped: digits and number words ("two" ... "ninety"),
    not days, years, times, durations, distances or labels. "one" is left alone
    (it is rarely a count: "one of the", "no one"), and so are parts of
    compound number words ("twenty-five")."""
    found = []
    for m in _DIGITS.finditer(text):
        whole, decimals = m.group(1), m.group(2)
        value = float(whole.replace(",", "") + (f".{decimals}" if decimals else ""))
        if "," not in whole and not decimals and len(whole) == 4 and 1800 <= value <= 2100:
            continue  # a year
        if value == 0 or _not_a_count(text, m.start(), m.end()):
            continue
        found.append(NumberSpan(m.start(), m.end(), m.group(0), value, "digits"))
    for m in _WORDS.finditer(text):
        if _not_a_count(text, m.start(), m.end()):
            continue
        found.append(NumberSpan(m.start(), m.end(), m.group(0), float(_WORD_VALUES[m.group(1).lower()]), "word"))
    return sorted(found, key=lambda n: n.start)


def _not_a_count(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 24):start], text[end:end + 24]
    return bool(_DAY_BEFORE.search(before) or _AFTER_NOT_COUNT.match(after) or _LABEL_BEFORE.search(before))


def other_number(number: NumberSpan, rng: random.Random) -> str:
    """Another figure in the same wording: digits keep their count, grouping
    commas, decimals and round zeros ("600" becomes "300" or "900", never
    "613"; "1,600" becomes "2,300"); a
    number word becomes another word of the same sort (a unit for a unit, a
    ten for a ten), its capital kept."""
    if number.wording == "word":
        word = number.text
        value = _WORD_VALUES[word.lower()]
        pool = [w for w, v in _WORD_VALUES.items() if v != value and (v % 10 == 0 and v >= 20) == (value % 10 == 0 and value >= 20)]
        new = rng.choice(sorted(pool))
        return new.capitalize() if word[:1].isupper() else new
    text = number.text
    whole, _, decimals = text.partition(".")
    digits = whole.replace(",", "")
    if decimals:
        while True:
            new = f"{rng.uniform(max(number.value * 0.4, 0.1), number.value * 2.5 + 1):.{len(decimals)}f}"
            if float(new) != number.value:
                return new
    value = int(digits)
    if digits.startswith("0") and len(digits) > 1:  # "07": keep the width
        return f"{rng.choice([v for v in range(1, 10) if v != value]):0{len(digits)}d}"
    # as many digits, as round, between 0.4 and 2.5 times the figure
    zeros = len(digits) - len(digits.rstrip("0"))
    step = 10 ** min(zeros, len(digits) - 1)
    low = max(10 ** (len(digits) - 1), value * 0.4, 2)
    high = min(10 ** len(digits) - 1, value * 2.5 + 1)
    while True:
        choices = [v for v in range(math.ceil(low / step) * step, int(high) + 1, step) if v != value]
        if len(choices) >= 4 or step == 1:
            break
        step //= 10  # "100000": round to ten thousands rather than offer one figure
    if not choices:  # "9": no other one-digit figure that near
        choices = [v for v in range(2, 10) if v != value]
    new_value = rng.choice(choices)
    return f"{new_value:,}" if "," in whole else str(new_value)


def number_swaps(text: str, rng: random.Random) -> list[Swap]:
    """Every swappable figure of ``text`` for another, the same figure
    (in the same words) the same way each time."""
    chosen: dict[str, str] = {}
    swaps = []
    for number in find_numbers(text):
        key = number.text.lower()
        if key not in chosen:
            chosen[key] = other_number(number, rng)
        new = chosen[key]
        if number.wording == "word":
            new = new.capitalize() if number.text[:1].isupper() else new.lower()
        swaps.append(Swap("number", number.start, number.end, number.text, new, number.value, _value_of(new)))
    return swaps


def _value_of(text: str) -> float:
    word = _WORD_VALUES.get(text.lower())
    return float(word) if word is not None else float(text.replace(",", ""))


# -------------------------------------------------------------------- groups

SWAPPABLE_GROUP_KINDS = ("rebel", "militia", "identity_militia")
_ABBREVIATION = re.compile(r"[A-Z][A-Z0-9&/-]{1,7}s?")  # "TTP", "M23", "SPLM-IO", "PDFs"


@dataclass(frozen=True, slots=True)
class Group:
    """A named armed group of the actor file, as the swaps need it."""

    id: str
    kind: str
    country: str | None
    names: tuple[str, ...]  # the ACLED names the coder may give it
    display: str  # how a report names it: the actor file's first proper-name alias
    aliases: tuple[str, ...]  # proper-name aliases, longest first
    short: tuple[str, ...]  # abbreviations ("TTP", "M23")
    # (from, to) days in which the group is coded as a state's forces ("" for open ends)
    as_state: tuple[str, str] | None
    fixed_name: bool  # one ACLED name wherever and whenever it acts: usable as a replacement

    def is_state_on(self, day: str | None) -> bool:
        """Whether the coder names the group as a state's forces on ``day``
        (the Houthis always, the Taliban from August 2021; unknown days count)."""
        if self.as_state is None:
            return False
        start, end = self.as_state
        return day is None or (day >= start and (not end or day < end))


def load_groups(path: Path = ACTORS_PATH) -> list[Group]:
    """The actor file's armed groups of the kinds swapped (rebels, militias,
    identity militias), with the aliases written as proper names."""
    data = json.loads(path.read_text("utf-8"))
    groups = []
    for g in data.get("groups", []):
        if g.get("kind") not in SWAPPABLE_GROUP_KINDS or not g.get("name"):
            continue
        # names, not descriptions: "al-Shabaab", "M23", not "settlers" or "cattle rustlers"
        proper = [a for a in g.get("aliases", []) if any(c.isupper() or c.isdigit() for c in a)]
        cased = list(g.get("cased", []))
        short = [a for a in proper + cased if _ABBREVIATION.fullmatch(a) or a in cased]
        if not proper and not cased:
            continue
        names = [n for value in (g["name"], g.get("names") or [], *g.get("by_country", {}).values())
                 for n in _dated_names(value)]
        state = g.get("as_state")
        groups.append(Group(
            id=g["id"], kind=g["kind"], country=g.get("country"), names=tuple(dict.fromkeys(names)),
            display=next((a for a in proper if a not in short), (proper or cased)[0]),
            aliases=tuple(sorted(set(proper + cased), key=len, reverse=True)), short=tuple(dict.fromkeys(short)),
            as_state=(state.get("from") or "", state.get("to") or "") if state else None,
            fixed_name=isinstance(g["name"], str) and "{" not in g["name"] and not g.get("by_country")
            and not g.get("names") and not state and any(a not in short for a in proper),
        ))
    return groups


def _dated_names(value) -> list[str]:
    """A name, or names by period (``[{"to": ..., "name": ...}, ...]``)."""
    if isinstance(value, str):
        return [value]
    return [v["name"] for v in value if isinstance(v, dict) and v.get("name")]


def names_group(actor: str | None, group: Group) -> bool:
    """Whether an actor name is one of the names the coder gives ``group``
    ("Fulani Ethnic Militia ({country})" names it in any country)."""
    if not actor:
        return False
    for name in group.names:
        if "{" in name:
            pattern = re.escape(name).replace(re.escape("{country}"), ".+")
            if re.fullmatch(pattern, actor):
                return True
        elif actor == name:
            return True
    return False


def find_groups(text: str, groups: Iterable[Group], published: str | None = None) -> list[tuple[int, int, Group]]:
    """Where the report names the groups: (start, end, group), longest names
    first, never overlapping. A group the coder names as a state's forces on
    ``published`` (the Houthis; the Taliban after August 2021) is left out:
    swapped for a rebel group its arrests would rightly become abductions.
    A faction's name ("Raia Mutomboki-Kabala") is left whole."""
    found: list[tuple[int, int, Group]] = []
    taken: list[tuple[int, int]] = []
    candidates = []
    for group in groups:
        if group.is_state_on(published):
            continue
        for alias in group.aliases:
            candidates.append((alias, group))
    for alias, group in sorted(candidates, key=lambda c: -len(c[0])):
        # "al-Shabaab", "Al Shabab", "Al shabaab" alike; abbreviations only as written
        flags = 0 if alias in group.short else re.I
        pattern = re.compile(rf"(?<!\w){re.escape(alias)}(?!\w|-(?-i:[A-Z]))", flags)
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), m.end(), group))
    return sorted(found, key=lambda f: f[0])


def group_swaps(text: str, groups: list[Group], rng: random.Random, published: str | None = None,
                country: str | None = None, placeless: set[str] | None = None) -> list[Swap]:
    """Each group the report names for another of the same kind, of the same
    country where the actor file has one (for a group of no one country, such
    as the Islamic State, of the report's ``country``), else one whose name
    names no place (``placeless``: ids), else any; written as a name when the
    report wrote a name and as an abbreviation when it wrote one."""
    found = find_groups(text, groups, published)
    present = {g.id for _, _, g in found}
    replacement: dict[str, Group] = {}
    swaps = []
    for start, end, group in found:
        if group.id not in replacement:
            pool = [g for g in groups if g.fixed_name and g.kind == group.kind and g.id not in present
                    and g not in replacement.values()]
            home = group.country or country
            choices = ([g for g in pool if home and g.country == home]
                       or [g for g in pool if placeless is None or g.id in placeless] or pool)
            if not choices:
                continue
            replacement[group.id] = rng.choice(choices)
        target = replacement.get(group.id)
        if target is None:
            continue
        old = text[start:end]
        short = old in group.short and target.short
        new = target.short[0] if short else target.display
        swaps.append(Swap("group", start, end, old, new, group, target))
    return swaps


# ------------------------------------------------------------------- persons

# Names written for this check, from many languages, none of them a place the
# gazetteer knows by that name (a test checks it; ``Perturber`` also drops any
# that a user's places file makes a place): a person swapped in must not bring
# a place with him.
GIVEN_NAMES = (
    "Bashir", "Dmitri", "Farid", "Ingrid", "Kwame", "Leila", "Oksana", "Samuel", "Tariq", "Ursula",
    "Wanjiru", "Yusuf", "Zainab", "Tomasz", "Priya", "Adaeze", "Babajide", "Chinonso", "Dagny", "Efua",
    "Folasade", "Hiroko", "Ifeoma", "Kofi", "Ludmila", "Matteo", "Nkechi", "Rasmus", "Svetlana", "Thandiwe",
)
FAMILY_NAMES = (
    "Okonkwo", "Haddadin", "Lindqvist", "Mwangi", "Rahimzai", "Kowalczyk", "Nakashima", "Abubakar",
    "Petrenko", "Oyelaran", "Castellanos", "Darwish", "Halvorsen", "Sorensen", "Tadesse", "Ivanchuk",
    "Adebayo", "Bergstrom", "Chukwuemeka", "Dragomirescu", "Eriksen", "Gallagher", "Hakimi", "Iwasaki",
    "Jablonski", "Kaczmarek", "Makarenko", "Nwachukwu", "Pettersson", "Umarov",
)


# what makes a "person" the name of a group or a place: a group's noun after
# it, or more of a name
_NOT_A_PERSON_AFTER = re.compile(
    r"(?:\s+(?i:tribes?(?:men)?|clans?|militias?|militiamen|fighters|forces|brigades?|battalions?|groups?|"
    r"movements?|rebels|family|families|village|town|district)\b|[ -][A-Z][a-z])")


def person_spans(ents: Iterable[tuple[int, int, str, str]], text: str, not_names: Iterable[tuple[int, int]],
                 reserved: set[str], places: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """PERSON entities that are names to swap: capitalised words only, not
    overlapping ``not_names`` (groups), not inside a place name of ``places``
    (the small model takes "Spin Boldak" for a person; "Ali Aden Farah", with
    a place inside his name, is a person), none of whose words is
    ``reserved`` (leaders the actor file names: a leader is his government,
    and swapping him would rightly change the actor)."""
    blocked = list(not_names)
    places = list(places)
    spans = []
    for start, end, _, label in ents:
        if label != "PERSON":
            continue
        m = re.search(r"['’]s?$", text[start:end])
        if m:
            end = start + m.start()
        words = text[start:end].split()
        if not words or not all(re.fullmatch(r"[A-Z][\w'’.-]*", w) for w in words):
            continue
        if any(w.strip(".").lower() in reserved for w in words):
            continue
        if any(s < end and start < e for s, e in blocked):
            continue
        if any(s <= start and end <= e for s, e in places):
            continue
        if _NOT_A_PERSON_AFTER.match(text, end):
            continue  # "Bani Qasim tribesmen", "Sultan Omar Brigade", "Ko Lay Aung village"
        spans.append((start, end))
    return spans


def person_swaps(text: str, spans: list[tuple[int, int]], rng: random.Random,
                 given_names: Iterable[str] = GIVEN_NAMES, family_names: Iterable[str] = FAMILY_NAMES) -> list[Swap]:
    """Each person for a made-up person, consistently: a full name for a full
    name, and a later bare surname ("Ghani") for the new surname."""
    given, family = list(given_names), list(family_names)
    rng.shuffle(given)
    rng.shuffle(family)
    by_word: dict[str, str] = {}
    by_name: dict[str, str] = {}
    # full names first, so that a bare surname later takes the same new surname
    for start, end in sorted(spans, key=lambda s: -len(text[s[0]:s[1]].split())):
        words = text[start:end].split()
        name = " ".join(words)
        if name in by_name:
            continue
        if len(words) == 1 and words[0] in by_word:
            by_name[name] = by_word[words[0]]
            continue
        if not family or not given:
            break
        surname = family.pop()
        if len(words) == 1:
            by_name[name] = surname
            by_word[words[0]] = surname
            continue
        first = given.pop()
        by_name[name] = f"{first} {surname}"
        by_word.setdefault(words[-1], surname)
        by_word.setdefault(words[0], first)
    swaps = []
    for start, end in spans:
        name = " ".join(text[start:end].split())
        if name in by_name:
            swaps.append(Swap("person", start, end, text[start:end], by_name[name], name, by_name[name]))
    return swaps
