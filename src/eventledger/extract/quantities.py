"""Fatalities and the contract's other counts, read from a sentence.

A count belongs to a role when a role word stands right after it ("60 soldiers
were killed", "1,600 troops have fled") or right before it ("killing dozens",
"released some 600 prisoners"). ACLED's rule picks the lowest credible figure
per role (``numbers.lowest_credible``).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..normalise.numbers import Count, find_counts, lowest_credible

# role -> (words after the count, words before the count)
ROLE_CUES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {}


def _cue(after: str, before: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return (
        re.compile(rf"^\W*(?:[\w'’-]+\s+){{0,6}}?(?:{after})\b", re.I),
        re.compile(rf"\b(?:{before})\s+(?:[\w'’-]+\s+){{0,2}}?$", re.I),
    )


ROLE_CUES = {
    "killed": _cue(
        r"(?:were|was|have been|had been|are|being|reportedly|also)?\s*(?:killed|dead|died|deaths?|fatalit(?:y|ies)|bodies|corpses|lost their lives|slain|perished|killing"
        r"|executed|murdered|massacred|slaughtered|beheaded|assassinated|lynched|shot dead|gunned down|(?:stabbed|hacked|beaten|burned|burnt) to death)",
        r"kill(?:ed|ing|s)?|left|leaving|claimed the lives of|deaths of|"
        # the other verbs of killing, with whom they killed after them
        r"execut(?:ed|ing)|murder(?:ed|ing)|massacr(?:ed|ing)|slaughter(?:ed|ing)|behead(?:ed|ing)|assassinat(?:ed|ing)|lynch(?:ed|ing)|"
        r"sh(?:ot|ooting) dead|gun(?:ned|ning) down|slew|slaying|toll(?:\s+[\w'’-]+){0,6}?\s+(?:(?:has|had)\s+)?(?:rose|risen|rising|climbed|jumped|reached|stood|stands|stand)(?:\s+(?:to|at))?|toll (?:of|at)|"
        r"toll of|fatalit(?:y|ies) (?:were |was )?coded (?:as|to|at)",
    ),
    "injured": _cue(
        r"(?:were|was|have been|had been|are|others)?\s*(?:injured|wounded|hurt|injuries)",
        r"injur(?:ed|ing)|wound(?:ed|ing)",
    ),
    "arrested": _cue(r"(?:were|was|have been|had been)?\s*(?:arrested|detained|apprehended|held)", r"arrest(?:ed|ing)|detain(?:ed|ing)|round(?:ed)? up"),
    "abducted": _cue(r"(?:were|was|have been|had been)?\s*(?:abducted|kidnapped|taken hostage|taken captive|taken away|carried off)", r"abduct(?:ed|ing)|kidnap(?:ped|ping)"),
    "captured": _cue(r"(?:were|was|have been|had been)?\s*(?:captured|taken prisoner)", r"captur(?:ed|ing)"),
    "prisoners": _cue(r"prisoners?|captives?|detainees?|inmates?|hostages?|convicts?", r"release(?:d)?|free(?:d|ing)?|set free"),
    "participants": _cue(r"people|protesters|demonstrators|rioters|supporters|students|workers|farmers|residents|members", r"of|about|some"),
    "fled": _cue(r"(?:troops|soldiers|people|residents|families|civilians|villagers|households|personnel|members)?\s*(?:have |had |to )?(?:fled|flee|escaped|crossed)", r"fled|flee"),
    "displaced": _cue(r"(?:\w+\s+)?(?:displaced|displacement|homeless|refugees|uprooted)", r"displac(?:ed|ing)"),
}

# a role word no more than a word after the count ("12 were killed", "30 people dead")
_NEAR_AFTER = {role: re.compile(after_re.pattern.replace("{0,6}", "{0,1}"), re.I) for role, (after_re, _) in ROLE_CUES.items()}
# a verb just before the count, a hedge at most between ("killed at least 12")
_RIGHT_BEFORE = re.compile(r"\b[a-z]+(?:ed|ing)\s+(?:(?:at least|about|around|some|nearly|almost|more than|over|up to)\s+)?$", re.I)
# a toll whose words run long before its figure
_TOLL_BEFORE = re.compile(r"\b(?:death|casualty)\s+toll\b[^.;\d]{0,90}?\b(?:rose|risen|rising|climbed|jumped|reached|stood|stands|hit)"
                          r"(?:\s+(?:to|at))?\s+(?:(?:at\s+least|about|around|some|nearly|more\s+than|over)\s+)?$", re.I)
# the attacker named beside the dead: one more death ("nine guards as well as the bomber")
_AND_THE_ATTACKER = re.compile(r"(?:\s+[\w'’-]+){0,2}?\s+(?:as well as|and|plus)\s+(?:the|a|one)\s+(?:suicide\s+)?(?:attacker|bomber|assailant|gunman|perpetrator|driver)\b", re.I)
_OF_NEXT = re.compile(r"^\s+of\s+(?:the\s+)?$", re.I)
# "killing four soldiers and nine militiamen": one toll of two parts
_AND_NEXT = re.compile(r"^\s+(?:[\w'’-]+\s+){0,3}?(?:and|as well as|plus|,)\s+$", re.I)
_CLAUSE_END = re.compile(r"\b(?:and|but|while|whereas)\s+(?!(?:[\w'’-]+\s+){0,2}(?:were|was|have|had)\b)|;", re.I)
# some of the dead, not their number: "two Turks were among those killed"
_AMONG = re.compile(r"^[^.;]{0,40}?\bamong (?:those|the) (?:killed|dead|victims|wounded|injured|casualties)\b", re.I)
# a running total, not one event's toll: "1,500 killed since the coup"
_CUMULATIVE = re.compile(
    r"^[^.;]{0,40}?\b(?:since (?:the )?(?:start|beginning|outbreak|coup|war|conflict|uprising|insurgency|invasion|"
    r"fighting began|\d{4}|january|february|march|april|may|june|july|august|september|october|november|december|last year)|"
    r"so far this year|this year alone|to date|over the (?:past|last) (?:\w+ )?(?:years|months|decades?)|"
    r"in the (?:past|last) (?:\w+ )?(?:years|months|decades?))\b", re.I)
NO_FATALITIES = re.compile(r"\bno (?:fatalities|deaths|casualties|one was killed|injuries or fatalities)\b|\bno(?:body| one) (?:was|were) (?:killed|hurt|injured)\b", re.I)


def counts_by_role(text: str, offset: int = 0) -> dict[str, list[Count]]:
    """See ``_counts_by_role``; a fresh dict (the lists are shared: read them only)."""
    return dict(_counts_by_role(text, offset))


@lru_cache(maxsize=4096)
def _counts_by_role(text: str, offset: int = 0) -> dict[str, list[Count]]:
    # (every trigger of a sentence asks of the same sentence: remembered for
    # one report, see ``forget_counts``)
    """Counts in ``text`` grouped by role; offsets shifted by ``offset``.

    A role word belongs to the nearest count: "On the 11th the ministry said
    168 died" gives 168 alone. Counts joined by "and" under one role word are
    one figure ("killing four soldiers and nine militiamen": 13), and a running
    total ("1,500 killed since the coup") is no event's toll.
    """
    out: dict[str, list[Count]] = {}
    counts = find_counts(text)
    roles: list[str | None] = []
    for n, count in enumerate(counts):
        s, e = count.start, count.end
        roles.append(None)
        if n + 1 < len(counts) and _OF_NEXT.match(text[e : counts[n + 1].start]):
            continue  # "one of thousands of prisoners": the count that matters is the next
        after_end = counts[n + 1].start if n + 1 < len(counts) else len(text)
        before_start = counts[n - 1].end if n else 0
        after, before = text[e : min(e + 60, after_end)], text[max(0, s - 40, before_start) : s]
        # a role word past "and" tells of the next clause: "killed one and injured 3"
        after = _CLAUSE_END.split(after, 1)[0]
        # the word after a count says more than one before it ("20 were killed
        # and 30 wounded": 30 wounded), and "people" after a count says only
        # that it counts people
        if _TOLL_BEFORE.search(text[max(0, s - 120, before_start) : s]):
            roles[n] = "killed"  # "the death toll from Monday's bombing in the capital rose to 45"
            continue
        after_role = next((role for role, (after_re, _) in ROLE_CUES.items() if role != "participants" and after_re.search(after)), None)
        before_role = next((role for role, (_, before_re) in ROLE_CUES.items() if role != "participants" and before_re.search(before)), None)
        if after_role and before_role and before_role != after_role and _RIGHT_BEFORE.search(before) and not _NEAR_AFTER[after_role].search(after):
            # "gunmen who killed 12 villagers in Kaya on Monday fled": the verb
            # just before the count is its own, not one a clause later
            after_role = None
        roles[n] = after_role or before_role or ("participants" if ROLE_CUES["participants"][0].search(after) else None)
    # counts joined by "and" under one role word: "killing four soldiers and
    # nine militiamen" (13), "five civilians and five militiamen were killed"
    # (10); "between 43 and 52 were killed" is a range (the lowest counts)
    groups: list[list[int]] = []
    for n in range(len(counts)):
        joined = n and _AND_NEXT.match(text[counts[n - 1].end : counts[n].start])
        if joined and groups and len(({roles[k] for k in groups[-1]} | {roles[n]}) - {None}) <= 1 and "participants" not in {roles[n], roles[n - 1]}:
            groups[-1].append(n)
        else:
            groups.append([n])
    for group in groups:
        role = next((roles[k] for k in group if roles[k]), None)
        if role is None:
            continue
        parts = [counts[k] for k in group]
        if role in ("killed", "injured") and (_CUMULATIVE.search(text[parts[-1].end : parts[-1].end + 80])
                                              or _AMONG.search(text[parts[-1].end : parts[-1].end + 60])):
            continue
        ranged = len(parts) == 2 and re.search(r"\bbetween\s+$", text[max(0, parts[0].start - 10) : parts[0].start], re.I)
        if len(parts) > 1 and not ranged and not any(p.vague for p in parts):
            whole = text[parts[0].start : parts[-1].end]
            parts = [Count(sum(p.value for p in parts), whole, parts[0].start, parts[-1].end, False, parts[0].hedge)]
        attacker = _AND_THE_ATTACKER.match(text, parts[-1].end) if role == "killed" and len(parts) == 1 and not parts[0].vague else None
        if attacker:
            # "killed nine guards as well as the bomber": ACLED counts the attacker's death too
            p = parts[0]
            parts = [Count(p.value + 1, text[p.start : attacker.end()], p.start, attacker.end(), False, p.hedge)]
        for count in parts:
            out.setdefault(role, []).append(Count(count.value, count.text, count.start + offset, count.end + offset, count.vague, count.hedge))
    return out


def forget_counts() -> None:
    """Start a new report: counts are remembered per report only, so that a
    corpus of repeated reports measures what a corpus of new ones costs."""
    _counts_by_role.cache_clear()


def fatalities(text: str, offset: int = 0) -> Count | None:
    """ACLED's fatality figure stated in ``text``: the lowest credible one."""
    if NO_FATALITIES.search(text):
        m = NO_FATALITIES.search(text)
        assert m is not None
        return Count(0, m.group(0), offset + m.start(), offset + m.end())
    return lowest_credible(counts_by_role(text, offset).get("killed", []))


# deaths told of one person without a number: "a man was shot dead", "killing a
# civilian", "the victim died", "the body of a farmer was found"
_KILLING_LEMMAS = {"kill", "murder", "execute", "behead", "assassinate", "lynch", "slay", "slaughter", "die"}
_TO_DEATH = re.compile(r"^\s+(?:dead|to death)\b", re.I)
_FATALLY = {"fatally", "mortally"}
_NOT_ONE = {"no", "nobody", "none", "one", "anyone", "everyone", "someone", "each", "every"}
_CANDIDATE_LEMMAS = _KILLING_LEMMAS | {"shoot", "stab", "beat", "hack", "gun", "find", "burn", "torture", "leave", "wound",
                                        "injure", "assault", "attack"}


def _persons(token) -> int | None:
    """How many people a noun phrase names without a number: 1 for "a man",
    "the victim", "his wife", "Ali Hamza"; the sum over "a man and his son";
    None for plurals and counted phrases (the counts above read those)."""
    members = [token] + [c for c in token.children if c.dep_ == "conj"]
    total = 0
    for t in members:
        if t.tag_ not in ("NN", "NNP") or t.lower_ in _NOT_ONE or t.lemma_.lower() in ("people", "body") and t.tag_ != "NN":
            return None
        if any(c.dep_ == "nummod" for c in t.children):
            return None
        if t.tag_ == "NNP" and t.ent_type_ not in ("PERSON", ""):
            return None  # "Kabul was hit"
        if t.tag_ == "NN" and t.ent_type_ in ("GPE", "LOC", "ORG", "FAC"):
            return None
        if t.lemma_.lower() in ("toll", "attack", "fire", "explosion", "blast", "bomb", "vehicle", "car", "house", "building"):
            return None
        total += 1
    return total


def singular_deaths(sent, offset: int = 0) -> Count | None:
    """Deaths a sentence tells of named or single people without a figure."""
    doc = sent.doc
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma not in _CANDIDATE_LEMMAS:
            continue
        # (``Doc.text`` is rebuilt on every access: read the next words as tokens)
        after = " " + " ".join(t.lower_ for t in doc[tok.i + 1 : min(tok.i + 3, len(doc))])
        to_death = _TO_DEATH.match(after) or any(
            (c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children))
            or (c.dep_ in ("oprd", "acomp", "advmod", "xcomp") and c.lower_ == "dead") for c in tok.children)
        killing = lemma in _KILLING_LEMMAS or (lemma in ("shoot", "stab", "beat", "hack", "gun", "find", "burn", "torture", "leave") and to_death) or (
            lemma in ("shoot", "stab", "wound", "injure", "assault", "attack", "beat") and any(c.lower_ in _FATALLY for c in tok.children))
        if not killing or tok.pos_ not in ("VERB", "AUX"):
            continue
        if any(c.dep_ == "neg" for c in tok.children):
            continue
        if lemma in ("die", "find") or any(c.dep_ == "auxpass" for c in tok.children):
            holder = tok if any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children) or tok.dep_ != "conj" else tok.head
            # "a suspect was shot and died": the subject of the first verb
            victims = sorted((c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")), key=lambda c: abs(c.i - tok.i))
            aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass") and c.i < tok.i]
            if aux:
                # the noun right before "was killed", whatever the parse hung it on
                # ("in Manaus, Amazonas, a man was beaten to death")
                before = sent.doc[min(c.i for c in aux) - 1] if min(c.i for c in aux) > sent.start else None
                if before is not None and before.pos_ in ("NOUN", "PROPN") and before not in victims:
                    victims.append(before)
        else:
            victims = [c for c in tok.children if c.dep_ == "dobj"]
        for victim in victims:
            n = _persons(victim)
            if n:
                last = max([victim] + [c for c in victim.children if c.dep_ == "conj"], key=lambda t: t.i)
                phrase = sent.doc[victim.left_edge.i : last.i + 1]
                return Count(n, phrase.text, offset + phrase.start_char, offset + phrase.end_char)
    return None
