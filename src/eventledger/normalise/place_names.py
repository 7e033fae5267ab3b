"""Finding place names in running text: spaCy's place entities and gazetteer
names (token n-grams looked up in one batch), overlaps settled, with what
makes a name no place here (a word of a person's or an organisation's
name, a thing named after a place, a landmark "X de Lima").

``NameFinding`` is a part of ``places.PlaceResolver`` (a mixin: it uses the
resolver's ``gazetteer``, ``_lookup`` and ``_common``)."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from .gazetteer import GENERIC_SUFFIXES, RANK_COUNTRY, RANK_SUPPLEMENT, name_key, squash_key
from .place_words import (
    CONNECTORS,
    Entity,
    NAME_CONNECTORS,
    PLACE_LABELS,
    PLACE_WORDS_BEFORE_OF,
    ROMANCE_OF,
    TITLES,
    _ARABIC_ARTICLE,
    _THING_AFTER,
    _TITLE_APPOSED,
    _TOKEN,
)


@dataclass(slots=True)
class PlaceMention:
    """A stretch of text that may name a place."""

    start: int
    end: int
    text: str
    label: str  # a spaCy label, "GAZ" (found in the gazetteer) or "DEF" (an appositive)


class NameFinding:
    """How ``PlaceResolver`` finds the names a report may give places."""

    # ------------------------------------------------------------ mentions
    def _merge_mentions(self, text: str, ents: list[Entity]) -> list[PlaceMention]:
        """spaCy's place entities and gazetteer names, overlaps settled."""
        blockers = [(s, e, label) for s, e, _, label in ents if label in ("PERSON", "NORP", "ORG")]
        # a word of a person's name elsewhere in the report ("Fawad Aman" ...
        # "said Aman") is that person, not a town that shares the word
        person_words = {w for _, _, t, label in ents if label == "PERSON" and " " in t.strip()
                        for w in t.split()[1:]}
        options: list[tuple[bool, int, bool, PlaceMention]] = []
        for s, e, t, label in ents:
            if label not in PLACE_LABELS:
                continue
            s, e, t = _strip_entity(text, s, e)
            if t and not any(ch.isupper() for ch in t):
                continue  # "mosques", "the border": a common noun the model took for a place
            if t and t not in person_words:
                options.append((False, e - s, False, PlaceMention(s, e, t, label)))
        for s, e, t in self._place_names(text):
            if t in person_words:
                continue
            blocked = False
            for bs, be, label in blockers:
                if bs < e and s < be:
                    # spaCy calls "Spin Boldak" a PERSON or ORG: keep a match of the
                    # whole entity, never a name inside a longer person's or
                    # organisation's name ("Voice of America", "Kabul University")
                    if label == "NORP" or not (s <= bs and be <= e):
                        blocked = True
            if not blocked:
                options.append((True, e - s, True, PlaceMention(s, e, t, "GAZ")))
        # a name that is a thing's name here: "Molotov cocktails", "Kalashnikov rifles";
        # a person's, when a title follows it ("Santos, Colombia's former president")
        options = [o for o in options if not _THING_AFTER.match(text, o[3].end) and not _TITLE_APPOSED.match(text, o[3].end)]
        resolvable = {}
        for _, _, _, m in options:
            resolvable[m.text] = any(c.match != "skeleton" for c in self._lookup(_clean_key(m.text))[0])
        options.sort(key=lambda o: (not resolvable[o[3].text], -o[1], not o[2]))
        chosen: list[PlaceMention] = []
        starts: list[int] = []  # of ``chosen``, kept sorted; chosen spans never overlap
        for _, _, _, m in options:
            at = bisect.bisect_left(starts, m.start)
            if at < len(chosen) and chosen[at].start < m.end:
                continue  # overlaps the next chosen span
            if at > 0 and chosen[at - 1].end > m.start:
                continue  # overlaps the previous one
            starts.insert(at, m.start)
            chosen.insert(at, m)
        return chosen

    def find_place_names(self, text: str) -> list[tuple[int, int, str]]:
        """Gazetteer names in running text: (start, end, text), non-overlapping.

        Capitalised token n-grams of up to four tokens (lower-case connectors such
        as "i" or "e" allowed inside) are looked up in one batched query. Only
        plausible places are kept: countries, provinces, supplement places, towns
        of 1,000 or more and administrative seats, never a common English word or
        first name (those are taken only when followed by "province"/"state"...).
        """
        return list(self._place_names(text))

    def _place_names(self, text: str) -> list[tuple[int, int, str]]:
        """``find_place_names``, remembered for the last text (read it only)."""
        last = self._last_place_names
        if last is not None and last[0] == text:
            return last[1]
        found = self._find_place_names(text, _tokenize(text))
        self._last_place_names = (text, found)
        return found

    def _find_place_names(self, text: str, tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        count = len(tokens)
        spans: dict[int, list[tuple[int, str]]] = {}  # first token -> [(last token, key)]
        for i in range(count):
            word = tokens[i][2]
            if not word[:1].isupper():
                continue
            parts = [_word_key(word)]
            found_here = [(i, parts[0])]
            for j in range(i + 1, min(i + 4, count)):
                gap = text[tokens[j - 1][1]:tokens[j][0]]
                if gap != " " and gap != "-":
                    break
                next_word = tokens[j][2]
                upper = next_word[:1].isupper()
                if not upper and next_word not in CONNECTORS:
                    break
                parts.append(_word_key(next_word))
                if upper:  # a connector cannot end a name
                    found_here.append((j, " ".join(parts)))
            spans[i] = found_here
        keys = {key for options in spans.values() for _, key in options}
        # a name may be known only without its Arabic article ("Ar-Raqqa")
        bare = {key: key[m.end():] for key in keys if (m := _ARABIC_ARTICLE.match(key))}
        surface = self.gazetteer.surface(keys | {key.replace(" ", "") for key in keys} | set(bare.values()))
        if not surface:
            return []
        found: list[tuple[int, int, str]] = []
        next_free = 0
        for i, options in spans.items():
            if i < next_free:
                continue
            for j, key in reversed(options):  # longest first
                info = surface.get(key) or surface.get(key.replace(" ", "")) or surface.get(bare.get(key, ""))
                if info is None:
                    continue
                s, e = tokens[i][0], tokens[j][1]
                suffix = self._generic_suffix(text, e)
                if not self._plausible(text, tokens, i, j, key, info, suffix is not None):
                    continue
                if suffix is None and info[0] == 0 and info[1] < 100_000 and self._inside_longer_name(text, tokens, i, j):
                    break  # "Toda" of "Toda Kalyanpur", "Choro" of "Choro del Mono"
                if suffix is None and self._named_after(text, tokens, i):
                    break  # "Garita de Lima", "Plaza de Mayo": a landmark named after the place

                if suffix is not None:
                    e = suffix
                found.append((s, e, text[s:e]))
                next_free = j + 1 + (1 if suffix is not None else 0)
                break
        return found

    def _inside_longer_name(self, text: str, tokens: list, i: int, j: int) -> bool:
        """Whether tokens i..j sit inside a longer capitalised name we don't know.

        A small town's name found inside an unknown longer name is usually a
        coincidence; a known place followed by an ordinary capitalised word
        ("Kunduz Governor") is not blocked.
        """
        def joined(a: int, b: int) -> bool:
            return 0 <= a and b < len(tokens) and text[tokens[a][1]:tokens[b][0]] in (" ", "-")

        def name_word(k: int) -> bool:
            word = tokens[k][2]
            return word[:1].isupper() and not self._common(word.lower())

        before = i - 1
        if joined(before, i) and tokens[before][2] in NAME_CONNECTORS:
            before -= 1  # "Sahm el Golan"
            if not joined(before, before + 1):
                before = -1
        after = j + 1
        if after < len(tokens) and joined(j, after) and tokens[after][2] in NAME_CONNECTORS:
            after += 1
            if after >= len(tokens) or not joined(after - 1, after):
                after = len(tokens)
        return (before >= 0 and joined(before, before + 1) and name_word(before)) or (
            after < len(tokens) and joined(after - 1, after) and name_word(after))

    def _named_after(self, text: str, tokens: list, i: int) -> bool:
        """Whether the name at token i ends a Romance "X de Name" we don't know
        as a whole: a street, a square, a gate or a saint named after a place
        stands elsewhere, however big the place is. A generic word before it
        ("Provincia de Lima", "Ciudad de Panama") is the place itself."""
        if i < 2 or tokens[i - 1][2] not in ROMANCE_OF:
            return False
        if text[tokens[i - 2][1]:tokens[i - 1][0]] != " " or text[tokens[i - 1][1]:tokens[i][0]] != " ":
            return False
        word = tokens[i - 2][2]
        return word[:1].isupper() and word.lower() not in PLACE_WORDS_BEFORE_OF and not self._common(word.lower())

    @staticmethod
    def _generic_suffix(text: str, end: int) -> int | None:
        """End of a generic word ("province", "district", "city") right after a name."""
        m = re.match(r" ([A-Za-z]+)\b", text[end:end + 20])
        if m and m.group(1).lower() in GENERIC_SUFFIXES and m.group(1).lower() not in ("area", "valley"):
            return end + m.end()
        return None

    def _plausible(self, text: str, tokens: list, i: int, j: int, key: str,
                   info: tuple[int, int, int], has_suffix: bool) -> bool:
        rank, population, common = info
        surface_text = text[tokens[i][0]:tokens[j][1]]
        if i > 0 and tokens[i - 1][2].lower().rstrip(".") in TITLES and text[tokens[i - 1][1]:tokens[i][0]] in (" ", ". "):
            return False  # "Governor Shams", "Mr Kabul"
        if len(squash_key(key)) <= 3:
            # "US", "UK", "DRC" only in capitals; a three-letter word otherwise,
            # unless a province or listed place has the name ("Gao", "Ibb")
            if surface_text.replace(".", "").isupper():
                return rank == RANK_COUNTRY
            return rank >= RANK_SUPPLEMENT and common != 2
        if common == 1 and (rank >= RANK_SUPPLEMENT or population >= 100_000):
            return True  # a noun that is also a known place: "Kabul", "Niger"
        if common:
            if rank == RANK_COUNTRY:
                return True  # "Chad", "Jordan", "Turkey"
            if rank >= RANK_SUPPLEMENT and (has_suffix or " " in key):
                return True  # "Plateau State", "Upper Nile"
            if " " in key and population >= 500_000:
                return True  # a district of half a million people: "Negros Occidental"
            return False
        return True

    def _is_common(self, word: str) -> bool:
        return bool(self.gazetteer.common_words([word]))


# ------------------------------------------------------------------- helpers

_last_tokens: tuple[str, list[tuple[int, int, str]]] | None = None


def _tokenize(text: str) -> list[tuple[int, int, str]]:
    """Word tokens (start, end, word); hyphenated names stay whole, a possessive
    "'s" is left out. (Remembered for the last text, which a report's place
    context and its place names both read: read the list only.)"""
    global _last_tokens
    last = _last_tokens
    if last is not None and last[0] == text:
        return last[1]
    tokens = _tokenize_uncached(text)
    _last_tokens = (text, tokens)
    return tokens


def _tokenize_uncached(text: str) -> list[tuple[int, int, str]]:
    tokens = []
    for m in _TOKEN.finditer(text):
        s, e, word = m.start(), m.end(), m.group(0)
        if word.endswith(("'s", "’s")):
            e -= 2
        elif word.endswith(("'", "’")):
            e -= 1
        tokens.append((s, e, text[s:e]))
    return tokens


_word_key = lru_cache(maxsize=200_000)(name_key)


@lru_cache(maxsize=200_000)
def _clean_key(text: str) -> str:
    """The lookup key of an entity's text: no leading "the", no possessive."""
    text = re.sub(r"['’]s$", "", text.strip())
    key = name_key(text)
    if key.startswith("the "):
        key = key[4:]
    return key


def _strip_entity(text: str, start: int, end: int) -> tuple[int, int, str]:
    span = text[start:end]
    m = re.match(r"(?:the|The)\s+", span)
    if m:
        start += m.end()
    span = text[start:end]
    m = re.search(r"['’]s$", span)
    if m:
        end -= 2
    return start, end, text[start:end].strip()
