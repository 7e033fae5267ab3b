"""Folding: the triggers of one sentence that tell one event become one
candidate (ACLED's precedence decides its type), and the mentions of one event
told twice in one report become one mention.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span as SpacySpan

from ..normalise.numbers import Count, compatible
from ..records import Mention, Span
from .coding import ARMED_KINDS, Coding, family, stronger
from .cues import (
    CALLED_PEACEFUL,
    DESTRUCTION_WORDS,
    GENERIC_ATTACKS,
    MUTUAL_FIGHTS,
    VIOLENT_TYPES,
    called_peaceful,
    clause_chain,
    clause_verb,
)
from .triggers import Trigger

# where an armed side stands guard: an attack on one meets its defenders
MILITARY_POSTS = {"position", "checkpoint", "outpost", "post", "barracks", "garrison", "base"}


@dataclass
class Candidate:
    coding: Coding
    status: str
    trigger: Trigger
    sentence: SpacySpan
    actor1: Any = None  # normalise.actors.Actor
    actor2: Any = None
    actor1_span: Span | None = None
    actor2_span: Span | None = None
    quantities: dict[str, Count] = field(default_factory=dict)
    fatalities: Count | None = None
    absorbed: bool = False
    facets: set[str] = field(default_factory=set)
    specific: bool = False  # anchored by an actor, count, date or place of its own
    continues: bool = False  # its actor is the one the sentence before told of ("some of them")
    like_before: bool = False  # "46 such attacks": more of the kind of event told before
    retold: bool = False  # an earlier event told again with its own count, time and place
    notes: dict[str, str] = field(default_factory=dict)  # why a field was coded so (the mention's ``raw``)


def _told_as_cause(head, main_head) -> bool:
    """Whether ``head`` sits in an "after"/"following" clause of the main
    event's verb ("clashes erupted after a teenager was shot dead")."""
    clause = head
    while clause.dep_ not in ("advcl", "ROOT") and clause.head is not clause:
        clause = clause.head
    if clause.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ in ("after", "following", "since")
                                         for c in clause.children):
        return False
    main_verb = main_head.head if main_head.pos_ == "NOUN" else main_head  # "clashes erupted": the noun's verb
    return clause.head == main_verb


def fold_sentence(cands: list[Candidate]) -> list[Candidate]:
    """Triggers in one sentence that tell one event become one candidate."""
    out: list[Candidate] = []
    by_family: dict[str, Candidate] = {}
    for cand in cands:
        if cand.absorbed or cand.retold:
            out.append(cand)  # (an event retold with its own time is not the sentence's other one)
            continue
        fam = family(cand.coding) + "|" + cand.status
        if cand.coding.sub_event_type == "Peaceful protest" and called_peaceful(cand.trigger.head):
            # "the bloodiest incident of the mostly peaceful protests": the
            # protests the sentence calls peaceful are not its violent incident
            fam += "|peaceful"
        have = by_family.get(fam)
        if have is None:
            by_family[fam] = cand
            out.append(cand)
            continue
        winner = stronger(have.coding, cand.coding)
        if cand.trigger.head.pos_ == "VERB" and have.trigger.head.pos_ != "VERB":
            # a verb carries the tense and the date: let it speak for the event
            have.trigger, cand.trigger = cand.trigger, have.trigger
            have.status = cand.status
        have.coding = winner
        if (have.actor1 is None and cand.actor1 is None and have.actor2 is not None and cand.actor2 is not None
                and have.actor2.name != cand.actor2.name):
            # "two soldiers were killed in an exchange of fire with the other
            # side's troops": the dead are one side, the partner the other
            have.actor1, have.actor1_span = cand.actor2, cand.actor2_span
        have.actor1 = have.actor1 or cand.actor1
        have.actor1_span = have.actor1_span or cand.actor1_span
        have.actor2 = have.actor2 or cand.actor2
        have.actor2_span = have.actor2_span or cand.actor2_span
        for k, v in cand.quantities.items():
            have.quantities.setdefault(k, v)
        have.facets |= cand.facets
        have.fatalities = have.fatalities or cand.fatalities
        have.specific = have.specific or cand.specific
        have.continues = have.continues or cand.continues
        have.like_before = have.like_before or cand.like_before
    out = _fold_weapons_of_one_phrase(out)
    out = _fold_round_up_into_killing(out)
    out = _fold_weapons_of_a_battle(out)
    out = _fold_means_into_attack(out)
    # an attack that kills some and carries off others is an attack (the
    # deadlier act names it), with the abducted counted
    abducting = [c for c in out if c.coding.sub_event_type == "Abduction/forced disappearance"]
    killing = [c for c in out if c.trigger.cls == "kill" and c.fatalities and c.fatalities.value and c not in abducting]
    if abducting and (killing or any(c.fatalities and c.fatalities.value for c in abducting)):
        for c in abducting:
            c.coding = Coding.acled("Attack")
            c.fatalities = c.fatalities or (killing[0].fatalities if killing else None)
        out = [c for c in out if c not in killing or c.coding.sub_event_type != "Attack"]
    # the dead of a mine left from a past war were killed by it, not attacked
    remnant = next((c for c in out if "war remnant" in c.facets), None)
    if remnant is not None:
        killed = [c for c in out if c.trigger.cls == "kill" and c.coding.sub_event_type in ("Attack", "Mob violence")]
        for c in killed:
            remnant.fatalities = remnant.fatalities or c.fatalities
        out = [c for c in out if c not in killed]
    # a killing reported with a remote-violence or battle event is its outcome
    kinds = {c.coding.event_type for c in out}
    if kinds & {"Explosions/Remote violence", "Battles"}:
        main = next(c for c in out if c.coding.event_type in ("Explosions/Remote violence", "Battles"))
        # (a killing told as what came before, "clashes erupted after a teenager
        # was shot dead by police", is its cause, an event of its own)
        causes = [c for c in out if c.trigger.cls == "kill" and c is not main
                  and _told_as_cause(c.trigger.head, main.trigger.head)]
        outcome = [c for c in out if c.coding.sub_event_type == "Attack" and c.trigger.cls == "kill" and c not in causes]
        for cause in causes:
            if main.fatalities is not None and cause.fatalities is not None and main.fatalities.start == cause.fatalities.start:
                main.fatalities = None  # the dead of the cause are not the main event's
        if outcome:
            if main.coding.event_type == "Battles" and getattr(main.actor2, "kind", None) not in ARMED_KINDS and not _hits_post(main):
                # "gunmen attacked a village, killing 12 people": no armed side was
                # attacked, so it is violence against civilians, not a battle
                main.coding = Coding.acled("Attack")
                main.actor1 = main.actor1 or outcome[0].actor1
                main.actor1_span = main.actor1_span or outcome[0].actor1_span
                main.actor2 = main.actor2 or outcome[0].actor2
                main.actor2_span = main.actor2_span or outcome[0].actor2_span
            for c in outcome:
                main.fatalities = main.fatalities or c.fatalities
            out = [c for c in out if c not in outcome]
    # property wrecked by rioters is part of the riot ("youths overran the
    # building and ransacked it")
    riot = next((c for c in out if c.coding.event_type == "Riots" and not c.absorbed), None)
    if riot is not None:
        out = [c for c in out if not (c.coding.sub_event_type == "Looting/property destruction" and c.status == riot.status
                                      and c.trigger.phrase in DESTRUCTION_WORDS and getattr(c.actor1, "kind", None) not in ARMED_KINDS)]
    # people killed or hurt in a demonstration, by no one the sentence names,
    # are the demonstration's toll ("five were killed during an anti-UN protest")
    demo = next((c for c in out if c.coding.event_type in ("Protests", "Riots") and not c.absorbed), None)
    if demo is not None:
        toll = [c for c in out if is_casualty(c) and c.status == demo.status]
        for c in toll:
            demo.fatalities = demo.fatalities or c.fatalities
            for k, v in c.quantities.items():
                demo.quantities.setdefault(k, v)
        if toll and demo.fatalities and demo.fatalities.value and demo.coding.sub_event_type == "Peaceful protest":
            demo.coding = Coding.acled("Violent demonstration")  # a demonstration people died in was not peaceful
        out = [c for c in out if c not in toll]
        # protesters arrested at their protest: ACLED's protest with intervention,
        # no arrest event of its own ("scores of protesters were arrested")
        # (a protest told in a relative clause, "youths who were accused of
        # taking part in a protest", says who was arrested, not where)
        described = any(t.dep_ in ("relcl", "acl") for t in [demo.trigger.head, *list(demo.trigger.head.ancestors)[:4]])
        held = [c for c in out if c.coding.sub_event_type == "Arrests" and c.status == demo.status and not described
                and getattr(c.actor2, "kind", None) in ("protesters", "rioters")]
        for c in held:
            for k, v in c.quantities.items():
                demo.quantities.setdefault(k, v)
            if demo.actor2 is None and getattr(c.actor1, "kind", None) in ("state_police", "state_military"):
                demo.actor2, demo.actor2_span = c.actor1, c.actor1_span
        out = [c for c in out if c not in held]
    return out


# a toll updated: "the death toll has risen to at least 61" supersedes the lead's figure
TOLL_ROSE = re.compile(r"\btoll\b[^.;]{0,60}?\b(?:rose|risen|rises|climbed|jumped|reached|increased)\b", re.I)
# a report's words for turning to another incident
SEPARATE_INCIDENT = re.compile(r"\b(?:in another|in a separate|in a different|separately|elsewhere|in an unrelated|"
                               r"in a (?:nearby|neighbouring|neighboring) (?:district|neighbou?rhood|village|town|suburb))\b", re.I)
# the verbs that tell what an incident cost, not what someone did
CASUALTY_LEMMAS = {"kill", "injure", "wound", "die", "hurt", "shoot"}


def is_casualty(c: Candidate) -> str | None:
    """A killing or wounding told by its victims, with no doer named: "five
    people were killed", "at least 80 were wounded" ("toll"); bodies found
    ("bodies"). None for an act someone is told to have done."""
    if (c.trigger.cls != "kill" or (c.actor1_span is not None and c.status != "claimed")
            or c.coding.sub_event_type not in ("Attack", "Armed clash")):
        return None  # (an air strike told by the verb "killed" is still the strike; "X
        # claimed they killed five soldiers in the attack" is its toll, and X its author)
    if c.trigger.phrase in BODY_PHRASES:
        return "bodies"
    return "toll" if c.trigger.head.lemma_.lower() in CASUALTY_LEMMAS else None


# bodies found after an incident are its dead, found then or the day after
BODY_PHRASES = {"body of", "bodies of", "corpse", "find dead", "body be find", "body find", "bodies be find", "remains be find"}


def _same_clause(a, b) -> bool:
    ha, hb = a.trigger.head, b.trigger.head
    if ha.is_ancestor(hb) or hb.is_ancestor(ha) or clause_verb(ha) in clause_chain(hb) or clause_verb(hb) in clause_chain(ha):
        return True
    # side by side ("an IED targeting a patrol"), whatever the parse made of it
    lo, hi = sorted((ha.i, hb.i))
    return hi - lo <= 3 and not any(t.is_punct for t in ha.doc[lo + 1 : hi])


# which weapon names an event told with two in one phrase: a "drone bomb
# attack" came from the air, a "suicide car bomb" was a suicide bombing
WEAPON_RANK = ["Suicide bomb", "Air/drone strike", "Chemical weapon", "Grenade",
               "Shelling/artillery/missile attack", "Remote explosive/landmine/IED"]


def _fold_round_up_into_killing(cands: list[Candidate]) -> list[Candidate]:
    """"The villagers were rounded up and shot": people gathered for a killing
    are the killing's, when no one is told arresting them."""
    killing_heads = {c.trigger.head.i for c in cands if not c.absorbed and c.trigger.cls == "kill"}
    if not killing_heads:
        return cands
    return [c for c in cands if not (c.coding.sub_event_type == "Arrests" and c.actor1_span is None and (
        {t.i for t in c.trigger.head.conjuncts} & killing_heads))]


def _fold_weapons_of_a_battle(cands: list[Candidate]) -> list[Candidate]:
    """Weapons a battle was fought "with" ("battles resumed with tanks and
    helicopter gunships") are how it was fought, not strikes of their own."""
    # (fighting, not an attack: "targeted the office with a grenade" is a grenade attack)
    battles = {c.trigger.head.i for c in cands if not c.absorbed and c.coding.event_type == "Battles" and c.trigger.phrase in MUTUAL_FIGHTS}
    if not battles:
        return cands
    out = []
    for c in cands:
        h = c.trigger.head
        w = with_of(h) if not c.absorbed and c.coding.event_type == "Explosions/Remote violence" else None
        if w is not None and (w.head.i in battles or w.head.head.i in battles or any(b in {t.i for t in w.head.children} for b in battles)):
            continue
        out.append(c)
    return out


def with_of(tok):
    """The "with" a noun hangs on, if any: "with tanks and gunships", and the
    absolute "with gunships deployed and artillery fire heard"."""
    for anc in tok.ancestors:
        if anc.lower_ == "with" and anc.dep_ == "prep":
            return anc
        if anc.dep_ == "ROOT" or (anc.pos_ == "VERB" and anc.dep_ not in ("pcomp", "conj", "acl")):
            return None
    return None


def _fold_weapons_of_one_phrase(cands: list[Candidate]) -> list[Candidate]:
    """Two weapons in one noun phrase ("a drone bomb attack", "a rocket and
    mortar barrage" is two, but "drone bomb" modifies one head) are one event."""
    remote = [c for c in cands if not c.absorbed and c.coding.event_type == "Explosions/Remote violence"]
    if len(remote) < 2:
        return cands
    out = list(cands)
    for a in remote:
        for b in remote:
            if a is b or a not in out or b not in out or a.status != b.status:
                continue
            ha, hb = a.trigger.head, b.trigger.head
            if not (ha.pos_ == "NOUN" and hb.pos_ == "NOUN" and ha.head == hb and ha.dep_ in ("compound", "amod", "nmod")):
                continue  # a modifies b's head: one thing named
            rank = lambda c: WEAPON_RANK.index(c.coding.sub_event_type) if c.coding.sub_event_type in WEAPON_RANK else 99  # noqa: E731
            keep, drop = (a, b) if rank(a) <= rank(b) else (b, a)
            _take_details(keep, drop)
            out.remove(drop)
    return out


def _take_details(keep: Candidate, drop: Candidate) -> None:
    """What a candidate folded away told that the one kept lacks: its sides,
    counts, facets and toll."""
    if keep.actor1 is None:
        keep.actor1, keep.actor1_span = drop.actor1, drop.actor1_span
    if keep.actor2 is None:
        keep.actor2, keep.actor2_span = drop.actor2, drop.actor2_span
    for k, v in drop.quantities.items():
        keep.quantities.setdefault(k, v)
    keep.facets |= drop.facets
    keep.fatalities = keep.fatalities or drop.fatalities
    keep.specific = keep.specific or drop.specific


def _fold_means_into_attack(cands: list[Candidate]) -> list[Candidate]:
    """A remote weapon told with a generic attack in the same clause is that
    attack's means ("planted an IED targeting a patrol", "carried out a remote
    explosive attack on a vehicle"): one event, coded by the weapon as ACLED
    codes it; and what the attack hit ("a patrol") is no event of its own."""
    remote = [c for c in cands if not c.absorbed and c.coding.event_type == "Explosions/Remote violence"]
    if not remote:
        return cands
    out = list(cands)
    for c in cands:
        if c.absorbed or c.coding.sub_event_type != "Armed clash" or c.trigger.phrase not in GENERIC_ATTACKS | {"kill", "injure", "wound"}:
            continue
        means = next((r for r in remote if r.status == c.status and _same_clause(r, c)), None)
        if means is None:
            continue
        if c.trigger.head.pos_ == "VERB" and means.trigger.head.pos_ != "VERB":
            means.trigger, c.trigger = c.trigger, means.trigger  # the verb carries tense, date and place
        _take_details(means, c)
        out.remove(c)
    heads = {c.trigger.head.i for c in out if c.coding.event_type in VIOLENT_TYPES}
    return [c for c in out if not (
        c.coding.event_type == "Strategic developments" and c.trigger.head.pos_ == "NOUN"
        and c.trigger.head.dep_ in ("dobj", "pobj") and (c.trigger.head.head.i in heads or c.trigger.head.head.head.i in heads))]


def _compatible_dates(a: Mention, b: Mention) -> bool:
    if a.event_date is None or b.event_date is None:
        return True
    inferred = "event_date" in a.raw or "event_date" in b.raw
    if inferred:
        if len(a.event_date) == 10 and len(b.event_date) == 10:
            # (two days a week apart are two days, even in one month)
            return abs(_days(a.event_date) - _days(b.event_date)) <= 7
        return a.event_date[:7] == b.event_date[:7] or abs(_days(a.event_date) - _days(b.event_date)) <= 7
    n = min(len(a.event_date), len(b.event_date))
    return a.event_date[:n] == b.event_date[:n]


def _undated_retelling(told: Mention, m: Mention) -> bool:
    """Whether ``m``, dated only by the report's day, goes on about the deal
    just told, which the report dated before that day ("the truce agreed in
    May ... The two sides signed an accord that obliged ..."): a report
    turning to a new event of the same kind says when it happened."""
    return (m.plover_type == told.plover_type == "AGREE"
            and m.raw.get("event_date") == "publication date" and "event_date" in told.evidence
            and "event_date" not in told.raw and bool(told.event_date) and bool(m.event_date)
            and told.event_date < m.event_date[: len(told.event_date)]
            and not m.quantities and not _FRESH.search(m.sentence.text))


# words that tell a new one of the kind: "signed a new deal", "agreed again"
_FRESH = re.compile(r"\b(?:new|another|again|fresh|second|further|more|latest)\b", re.I)


def _days(value: str) -> int:
    from datetime import date

    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2]).toordinal()


def _compatible_places(a: Mention, b: Mention) -> bool:
    pa, pb = a.place, b.place
    if pa.precision is None or pb.precision is None or pa.kind == "country" or pb.kind == "country":
        return pa.country == pb.country or pa.country is None or pb.country is None
    if pa.location == pb.location:
        return True
    return bool(pa.admin1 and pa.admin1 == pb.admin1 and (pa.precision >= 2 or pb.precision >= 2))


def _takes_toll(event: Mention, casualty: Mention) -> bool:
    """Whether a casualty report can be the toll of ``event``."""
    found_next_day = (casualty.raw.get("casualty") == "bodies" and event.event_date and casualty.event_date
                      and len(event.event_date) == len(casualty.event_date) == 10
                      and 0 <= _days(casualty.event_date) - _days(event.event_date) <= 1)
    return (event is not casualty and not event.raw.get("casualty")
            and event.event_type in VIOLENT_TYPES | {"Protests", "Riots"}
            and _status_group(event.status) == _status_group(casualty.status)
            and (_compatible_dates(event, casualty) or found_next_day) and _compatible_places(event, casualty))


def _status_group(status: str) -> str:
    return "happened" if status in ("occurred", "claimed") else status


def fold_casualties(mentions: list[Mention]) -> list[Mention]:
    """What an incident cost, told in a sentence of its own ("Some 40 people
    were hurt", "Nine police officers have died in Tahoua"), is
    that incident's toll, not an event of its own: it goes to the nearest
    incident told before it (or, in a headline or lead, after it) that it can
    belong to, without recoding it."""
    out = list(mentions)
    for m in list(out):
        if not m.raw.get("casualty") or m not in out or SEPARATE_INCIDENT.search(m.sentence.text):
            continue  # (but "in another neighbourhood, two bodies ..." is an incident of its own)
        i = out.index(m)
        before = [o for o in reversed(out[:i]) if _takes_toll(o, m)]
        after = [o for o in out[i + 1:] if _takes_toll(o, m)]
        target = before[0] if before else (after[0] if after else None)
        if target is None:
            continue
        _absorb(target, m, recode=False)
        out.remove(m)
    return out


def fold_headline(mentions: list[Mention]) -> list[Mention]:
    """A title retells the story's events in a few words, often with other
    verbs ("Three dead as fuel protests spread", "Y vows to punish
    organisers of Quetta bombing"): a title's event goes to the story's event
    it can be, of its own kind first, and stands alone only when the story
    tells nothing it can be."""
    body = [m for m in mentions if not m.raw.get("headline")]
    out = list(mentions)
    for h in [m for m in mentions if m.raw.get("headline")]:
        fits = [b for b in body if (b.event_type is None) == (h.event_type is None)
                and _status_group(b.status) == _status_group(h.status)
                and _compatible_dates(b, h) and _compatible_places(b, h)]
        target = next((b for b in fits if _same_family(b, h)), None)
        if target is not None:
            _absorb(target, h, recode=False)
            out.remove(h)
    return out


def fold_document(mentions: list[Mention]) -> list[Mention]:
    """The same event told twice in one report is one mention: the first telling
    keeps its sentence, later ones add what it lacked."""
    out: list[Mention] = []
    for m in mentions:
        toll_of = _fighting_told_before(m, out)
        if toll_of is not None:
            # "At least 12 civilians were killed in the fighting": the dead of
            # the battle just told, not an attack of its own
            toll_of.fatalities = m.fatalities
            for key in ("fatalities", "quantities.killed"):
                if key in m.evidence:
                    toll_of.evidence[key] = m.evidence[key]
            _lend_counts(toll_of, m)
            toll_of.raw["fatalities"] = m.raw.get("fatalities", "")
            continue
        target = _attack_it_belongs_to(m, out)
        if target is not None:
            # "The attackers also burned houses and abducted 30 women": what
            # the attack also did, told after it, is no event of its own
            _lend_counts(target, m)
            continue
        if m.raw.get("absorbed"):
            # an escape or a demanded act told on its own: lend its counts to the event it belongs to
            target = next((o for o in reversed(out[-3:]) if o.event_type == "Battles"), None)
            if target is not None:
                _lend_counts(target, m)
            continue
        twin = next(
            (
                o for o in out
                if _same_family(o, m)
                and not _listed_apart(o, m)
                and (o.status == m.status or {o.status, m.status} == {"occurred", "claimed"})
                and (_compatible_dates(o, m) or (o is out[-1] and _undated_retelling(o, m)))
                and _compatible_places(o, m)
                and (_same_actor(o, m) or "actor1" not in m.evidence)
                and _compatible_counts(o, m)
                and _nested_details(o, m)
            ),
            None,
        )
        if twin is None:
            out.append(m)
            continue
        # a later sentence whose doer was filled in by default ("A third was
        # kidnapped") adds its details to the event, not its coding
        _absorb(twin, m, recode=_same_actor(twin, m))
    return fold_headline(fold_casualties(out))


# the attackers told of again: "the attackers", "the gunmen", "they"
_BACK_REFERENCE = re.compile(r"^(?:the (?:attackers|assailants|gunmen|raiders|bandits|militants|fighters|insurgents)|they)$", re.I)
_ATTACK_TYPES = {"Battles", "Violence against civilians", "Explosions/Remote violence"}


def _attack_it_belongs_to(m: Mention, out: list[Mention]) -> Mention | None:
    """The attack just told that a destruction of property told after it was
    part of: the same attackers told of again, or "also"."""
    if m.sub_event_type != "Looting/property destruction":
        return None
    said = m.evidence.get("actor1")
    again = said is not None and bool(_BACK_REFERENCE.match(said.text.strip()))
    also = re.search(r"\balso\b", m.sentence.text) is not None
    if not (again or also):
        return None
    return _attack_just_told(m, out)


def _attack_just_told(m: Mention, out: list[Mention]) -> Mention | None:
    """The last violent event of the two told before ``m``, if its date and
    place can be ``m``'s."""
    target = next((o for o in reversed(out[-2:]) if o.event_type in _ATTACK_TYPES), None)
    if target is None or not _compatible_dates(target, m) or not _compatible_places(target, m):
        return None
    return target


# deaths told of "the fighting" just told: "12 civilians were killed in the fighting"
_IN_THE_FIGHTING = re.compile(r"\b(?:killed|died|dead|perished|lost their lives)\b[^.;]{0,30}?\b(?:in|during) the "
                              r"(?:ensuing |heavy |fierce |recent )?(?:fighting|clashes|battle|violence|hostilities)\b", re.I)


def _fighting_told_before(m: Mention, out: list[Mention]) -> Mention | None:
    """The battle just told (no toll of its own yet) that a toll told next is of."""
    if not m.fatalities or "actor1" in m.evidence or not _IN_THE_FIGHTING.search(m.sentence.text):
        return None
    target = _attack_just_told(m, out)
    if target is None or target.event_type != "Battles" or target.fatalities:
        return None
    return target


def _lend_counts(target: Mention, m: Mention) -> None:
    for k, v in m.quantities.items():
        if k not in target.quantities:
            target.quantities[k] = v
            target.evidence[f"quantities.{k}"] = m.evidence.get(f"quantities.{k}", m.sentence)
            target.raw[f"quantities.{k}"] = m.raw.get(f"quantities.{k}", "")


def _listed_apart(a: Mention, b: Mention) -> bool:
    """Two places of one list in one sentence ("in A, B and C"): two events."""
    return (a.sentence == b.sentence and "location.list" in a.raw and "location.list" in b.raw
            and a.place.location != b.place.location)


def _same_actor(a: Mention, b: Mention) -> bool:
    return a.actor1 == b.actor1 or None in (a.actor1, b.actor1) or a.actor1 == b.actor2


def _nested_details(a: Mention, b: Mention) -> bool:
    """A report retelling an event repeats or adds to its details; two passages
    with details of their own and none in common (prisoners freed here, soldiers
    killed in an ambush there) tell two incidents."""
    da, db = a.details() - {"participants"}, b.details() - {"participants"}
    if da | db <= {"killed", "injured"}:
        return True  # the dead here, the hurt there: what one incident cost
    return not da or not db or da <= db or db <= da


def _same_family(a: Mention, b: Mention) -> bool:
    fa = family(Coding(a.event_type, a.sub_event_type, a.plover_type, None))
    fb = family(Coding(b.event_type, b.sub_event_type, b.plover_type, None))
    if CALLED_PEACEFUL in (a.raw.get("sub_event_type"), b.raw.get("sub_event_type")) and "Riots" in (a.event_type, b.event_type):
        return False  # protests the report calls peaceful, and a violent incident of them
    return fa == fb


def _compatible_counts(a: Mention, b: Mention) -> bool:
    """Two tellings in one report with counts that cannot both hold are two events
    (100 prisoners freed on one day, 100 more the next)."""
    for key in set(a.quantities) & set(b.quantities):
        if key.startswith("prisoners") and not compatible(a.stated(key), b.stated(key)):
            return False
    return True


def _absorb(into: Mention, other: Mention, recode: bool = True) -> None:
    mine = Coding(into.event_type, into.sub_event_type, into.plover_type, into.plover_mode)
    theirs = Coding(other.event_type, other.sub_event_type, other.plover_type, other.plover_mode)
    better = stronger(mine, theirs) if recode else mine
    into.event_type, into.sub_event_type = better.event_type, better.sub_event_type
    into.plover_type, into.plover_mode = better.plover_type, better.plover_mode
    more_precise = ("event_date" not in other.raw and other.event_date and into.event_date
                    and (other.time_precision or 9) < (into.time_precision or 9) and other.event_date.startswith(into.event_date[:4]))
    if ("event_date" in into.raw and "event_date" not in other.raw and other.event_date) or more_precise:
        # a stated date beats an inferred one, and "in April 2014" the "more
        # than two years ago" of the same telling
        into.event_date, into.time_precision = other.event_date, other.time_precision
        into.raw.pop("event_date", None)
        if "event_date" in other.evidence:
            into.evidence["event_date"] = other.evidence["event_date"]
    if (into.place.precision or 9) > (other.place.precision or 9) or (into.place.kind == "country" and other.place.kind != "country"):
        into.place = other.place
        if "location" in other.evidence:
            into.evidence["location"] = other.evidence["location"]
    for field_name in ("actor1", "actor2"):
        if getattr(into, field_name) is None and getattr(other, field_name):
            setattr(into, field_name, getattr(other, field_name))
            if field_name in other.evidence:
                into.evidence[field_name] = other.evidence[field_name]
    if other.status == "occurred":
        into.status = "occurred"
    for key in other.raw:
        if key.startswith("facet."):
            into.raw[key] = "1"
    for k, v in other.quantities.items():
        key = f"quantities.{k}"
        mine = into.stated(k) if k in into.quantities else None
        theirs = other.stated(k)
        vague_mine = isinstance(mine, Count) and mine.vague
        if mine is None or (vague_mine and not (isinstance(theirs, Count) and theirs.vague)):
            # a figure ("some 600") says more than a vague word ("hundreds")
            into.quantities[k] = v
            if key in other.evidence:
                into.evidence[key] = other.evidence[key]
            if key in other.raw:
                into.raw[key] = other.raw[key]
    # a report's figure is the one it leads with; a later one stands in only
    # for none, or for a vague word ("many were killed ... 12 died")
    theirs_toll = other.stated("fatalities") if other.fatalities else None
    mine_toll = into.stated("fatalities") if into.fatalities else None
    risen = theirs_toll is not None and mine_toll is not None and other.fatalities > into.fatalities and TOLL_ROSE.search(other.sentence.text)
    if theirs_toll is not None and (mine_toll is None or risen or (isinstance(mine_toll, Count) and mine_toll.vague
                                                                   and not (isinstance(theirs_toll, Count) and theirs_toll.vague))):
        into.fatalities = other.fatalities
        if "fatalities" in other.evidence:
            into.evidence["fatalities"] = other.evidence["fatalities"]
        if "fatalities" in other.raw:
            into.raw["fatalities"] = other.raw["fatalities"]


def _hits_post(cand: Candidate) -> bool:
    """Whether the act was aimed at an armed side's post ("attacked army
    positions", "raided a checkpoint"): its defenders fight, whoever is hurt."""
    head = cand.trigger.head
    objs = [c for c in head.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    objs += [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("on", "against") for g in c.children if g.dep_ == "pobj"]
    return any(o.lemma_.lower() in MILITARY_POSTS for o in objs)
