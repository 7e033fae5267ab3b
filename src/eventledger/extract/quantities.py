"""Fatalities and the contract's other counts, read from a sentence.

A count belongs to a role when a role word stands right after it ("60 soldiers
were killed", "1,600 troops have fled") or right before it ("killing dozens",
"released some 600 prisoners"). ACLED's rule picks the lowest credible figure
per role (``numbers.lowest_credible``).
"""
from __future__ import annotations

import re

from ..normalise.numbers import Count, find_counts, lowest_credible

# role -> (words after the count, words before the count)
ROLE_CUES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {}


def _cue(after: str, before: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return (
        re.compile(rf"^\W*(?:[\w'’-]+\s+){{0,5}}?(?:{after})\b", re.I),
        re.compile(rf"\b(?:{before})\s+(?:[\w'’-]+\s+){{0,2}}?$", re.I),
    )


ROLE_CUES = {
    "killed": _cue(
        r"(?:were|was|have been|had been|are|being|reportedly|also)?\s*(?:killed|dead|died|deaths?|fatalities|bodies|lost their lives|slain|perished|killing)",
        r"kill(?:ed|ing|s)?|left|leaving|claimed the lives of|death toll (?:rose |rising )?(?:to|of|at)|toll of",
    ),
    "injured": _cue(
        r"(?:were|was|have been|had been|are|others)?\s*(?:injured|wounded|hurt|injuries)",
        r"injur(?:ed|ing)|wound(?:ed|ing)",
    ),
    "arrested": _cue(r"(?:were|was|have been|had been)?\s*(?:arrested|detained|apprehended|held)", r"arrest(?:ed|ing)|detain(?:ed|ing)|round(?:ed)? up"),
    "abducted": _cue(r"(?:were|was|have been|had been)?\s*(?:abducted|kidnapped|taken hostage)", r"abduct(?:ed|ing)|kidnap(?:ped|ping)"),
    "captured": _cue(r"(?:were|was|have been|had been)?\s*(?:captured|taken prisoner)", r"captur(?:ed|ing)"),
    "prisoners": _cue(r"prisoners?|captives?|detainees?|inmates?|hostages?|convicts?", r"release(?:d)?|free(?:d|ing)?|set free"),
    "participants": _cue(r"people|protesters|demonstrators|rioters|supporters|students|workers|farmers|residents|members", r"of|about|some"),
    "fled": _cue(r"(?:troops|soldiers|people|residents|families|civilians|villagers|households|personnel|members)?\s*(?:have |had |to )?(?:fled|flee|escaped|crossed)", r"fled|flee"),
    "displaced": _cue(r"(?:\w+\s+)?(?:displaced|displacement|homeless|refugees|uprooted)", r"displac(?:ed|ing)"),
}

_OF_NEXT = re.compile(r"^\s+of\s+(?:the\s+)?$", re.I)
NO_FATALITIES = re.compile(r"\bno (?:fatalities|deaths|casualties|one was killed|injuries or fatalities)\b|\bno(?:body| one) (?:was|were) (?:killed|hurt|injured)\b", re.I)


def counts_by_role(text: str, offset: int = 0) -> dict[str, list[Count]]:
    """Counts in ``text`` grouped by role; offsets shifted by ``offset``."""
    out: dict[str, list[Count]] = {}
    counts = find_counts(text)
    for n, count in enumerate(counts):
        s, e = count.start, count.end
        if n + 1 < len(counts) and _OF_NEXT.match(text[e : counts[n + 1].start]):
            continue  # "one of thousands of prisoners": the count that matters is the next
        after, before = text[e : e + 60], text[max(0, s - 40) : s]
        for role, (after_re, before_re) in ROLE_CUES.items():
            if after_re.search(after) or (role != "participants" and before_re.search(before)):
                shifted = Count(count.value, count.text, s + offset, e + offset, count.vague, count.hedge)
                out.setdefault(role, []).append(shifted)
                break
    return out


def fatalities(text: str, offset: int = 0) -> Count | None:
    """ACLED's fatality figure stated in ``text``: the lowest credible one."""
    if NO_FATALITIES.search(text):
        m = NO_FATALITIES.search(text)
        assert m is not None
        return Count(0, m.group(0), offset + m.start(), offset + m.end())
    return lowest_credible(counts_by_role(text, offset).get("killed", []))
