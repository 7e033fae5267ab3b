"""The codebook's rules, one method per trigger class.

``DocumentExtractor.code_trigger`` reads a trigger once (its roles, actors,
status, the sentence's other triggers) into a ``Reading`` and hands it to the
rule of the trigger's class. A rule returns the ``Coding`` the event gets (the
reading's actors and counts may have been changed on the way), a ``Candidate``
it built itself, or None when the trigger tells no event of ACLED's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..normalise.actors import Actor
from ..records import Span
from .coding import (
    ARMED_KINDS,
    MILITARY_NOUNS,
    PRISONER_NOUNS,
    STATE_KINDS,
    TERRITORY_NOUNS,
    UNARMED_KINDS,
    VERBAL_PLOVER,
    WEAPON_NOUNS,
    Coding,
)
from .cues import (
    AGREEMENT_GOVERNORS,
    BASE_NOUNS,
    BODIES_FOUND,
    BODY_NOUNS,
    BUILDING_NOUNS,
    COUNT_NOUNS,
    DEMONSTRATION_CUE,
    DESTRUCTION_WORDS,
    DISPLACED_NOUNS,
    ESCAPE_WORDS,
    FAILED_BLAST,
    FIRED_ON_BY_OTHERS,
    GENERIC_ATTACKS,
    HUMAN_NOUNS,
    MUTUAL_FIGHTS,
    PEACEFUL_TAKEOVERS,
    PROPERTY_NOUNS,
    PROTEST_CUE,
    REMOTE,
    RETURNING_NOUNS,
    SETTLEMENT_NOUNS,
    TALK_GOVERNORS,
    UNNAMED_ASSAILANTS,
    VIOLENT_CLASSES,
    WEAPON_SYSTEM_NOUNS,
    bodies_told,
    called_peaceful,
    clause_verb,
    counted_fire,
    counted_fire_subtype,
    forbidden,
    found_body,
    found_not_fired,
    governed_by,
    mob_cue,
    weapon_of,
)
from .folding import Candidate, with_of
from .quantities import fatalities
from .roles import PERSONAL_PRONOUNS, Phrase, _prep_object, clause_subject, noun_phrase, roles
from .status import PLAN_VERBS, into_effect, status_of

# what is repelled when a battle is fought off
REPELLED_NOUNS = {"attack", "assault", "raid", "offensive", "incursion", "ambush", "advance", "onslaught"}

# ground that changed hands by a deal: "regained Homs after the evacuation of the rebel fighters"
HANDED_OVER = re.compile(r"\b(?:following|after|with)\s+(?:the\s+)?(?:\w+\s+){0,2}(?:evacuation|withdrawal|surrender|departure|handover|hand-over|deal|agreement)\b", re.I)
# what a situation "threatens to" do, which no one threatens
HAPPENINGS = {"escalate", "spread", "spill", "spiral", "derail", "collapse", "unravel", "engulf", "destabilise",
              "destabilize", "worsen", "overshadow", "overwhelm", "boil", "erupt", "deepen", "widen", "drag"}
# places a visit goes to see, not an authority it consults
VISITED_SITES = BUILDING_NOUNS | BASE_NOUNS | {"prison", "jail", "site", "scene", "camp", "area", "morgue", "ruin",
                                              "wreckage", "village", "neighbourhood", "neighborhood", "street", "front"}
# what is "executed" or "shot" when no one is: a plan carried out, a film made
CARRIED_OUT = {"operation", "plan", "order", "warrant", "raid", "search", "strategy", "programme", "program", "project",
               "contract", "decision", "policy", "mission", "task", "video", "film", "footage", "scene", "photo", "picture"}
# what a running total is the work of ("the conflict has displaced millions")
SITUATION_NOUNS = {"violence", "conflict", "war", "fighting", "insurgency", "crisis", "unrest", "instability", "hostility", "clash"}
# what a protest word may only describe ("protest camps were dismantled")
PROTEST_THINGS = {"camp", "leader", "movement", "group", "organiser", "organizer", "song", "sign", "slogan", "site", "banner",
                  "vote", "law", "ban", "right", "culture", "music", "art", "letter", "tent"}
# a gathering or a situation that "turned violent": rioting told without a rioter
TURNED_VIOLENT = re.compile(r"\b(?:turned|turns|turning|became|grew|descended into|degenerated into)\s+(?:violent|ugly|chaotic|into (?:a )?(?:riot|violence|chaos))", re.I)
# carrying someone: a release only when a plane or bus brings freed prisoners
CONVEYING = {"carry", "transport", "ferry"}
VEHICLE_NOUNS = {"flight", "plane", "aircraft", "airplane", "jet", "bus", "convoy", "ship", "boat", "helicopter", "vehicle"}
JOURNEY_VERBS = {"leave", "depart", "land", "arrive", "take", "fly", "reach", "touch", "set"}
# the fire of guns aimed at someone
FIRING_ON = {"fire", "fire on", "fire at", "open fire", "open fire on", "firing", "gunfire"}
# what a rioting crowd throws
CROWD_MISSILES = {"stone", "rock", "brick", "bottle", "molotov", "firebomb", "petrol"}
# bombs a crowd throws ("petrol bombs", "fire bombs"): part of a riot, not remote violence
HAND_THROWN = {"fire", "petrol", "gasoline", "molotov", "incendiary", "paint", "smoke", "stink"}
# people held whose rank says who they are ("the detention of a commander")
LEADER_NOUNS = {"commander", "leader", "chief", "head", "colonel", "general", "officer", "minister", "official",
                "journalist", "activist", "spokesman", "spokesperson", "politician", "mayor", "governor", "lawmaker"}
# every word for people an act can befall
PEOPLE_NOUNS = HUMAN_NOUNS | MILITARY_NOUNS | PRISONER_NOUNS | LEADER_NOUNS
# verbs that make a "threat" a risk someone runs, not a threat someone made
RISK_GOVERNORS = {"face", "pose", "see", "perceive", "represent", "constitute", "remain", "present", "consider", "fear", "under"}
# verbs of setting people free, whose object hostages were taken before
FREEING_VERBS = {"free", "release", "rescue", "liberate", "exchange", "swap", "hand", "recover"}
# places where the people an attack hits are civilians
CIVILIAN_SITES = {"studio", "school", "church", "mosque", "temple", "synagogue", "hospital", "clinic", "market", "hotel",
                  "restaurant", "bar", "nightclub", "university", "college", "house", "home", "office", "shop", "store",
                  "mall", "bus", "train", "wedding", "funeral", "festival", "concert", "newsroom", "newspaper", "station"}
# what a vow promises when it is a threat ("vowed revenge", "vowed to crush
# the rebels"); a vow to do anything else ("never to return to the
# battlefield") is a pledge, no threat
HOSTILE_VOWS = {"revenge", "retaliate", "retaliation", "avenge", "punish", "crush", "destroy", "eliminate", "wipe",
                "retribution", "response", "respond", "hunt", "annihilate", "eradicate", "continue"}
# what an "explosion" of something is, when it is no bomb
FIGURATIVE_BLASTS = {"violence", "anger", "rage", "protest", "unrest", "fury", "joy", "fighting", "popularity", "demand", "growth", "activity"}
# who people set free were: "detained leaders", "jailed activists"
HELD_PARTICIPLES = {"detain", "jail", "imprison", "capture", "kidnap", "abduct", "hold", "arrest", "incarcerate"}
# words telling people were held, and set free by a deal
HELD_CUES = {"kidnap", "abduct", "hostage", "captive", "captivity", "negotiation", "negotiate", "deal", "swap", "exchange", "ransom", "hold"}
from .triggers import Trigger


@dataclass
class Reading:
    """What code_trigger read of one trigger, for the rule of its class to code."""

    trig: Trigger
    sent: SpacySpan
    classes: set[str]  # the classes of every trigger in the sentence
    status: str
    head: Token
    cls: str
    agent: Phrase | None
    patient: Phrase | None
    a1: Actor | None
    a1_span: Span | None
    a2: Actor | None
    a2_span: Span | None
    k1: str | None
    k2: str | None
    patient_lemma: str
    patient_is_place: bool
    sent_lemmas: set[str]
    weapon: str | None
    armed_men: bool  # the agent is described as armed ("armed men")
    facets: set[str] = field(default_factory=set)
    extra_qty: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # why a field was coded so (the mention's ``raw``)
    coding: Coding | None = None


# what bodies bear that says they were killed: "the bloodied corpses", "bullet-riddled bodies"
VIOLENT_MARKS = {"bloodied", "bloody", "mutilated", "bullet-riddled", "riddled", "charred", "decapitated", "headless",
                 "tortured", "dismembered", "blindfolded", "bound", "handcuffed", "gagged", "tied", "shot"}


def _marked_by_violence(body: Token) -> bool:
    """Bodies described with the marks of a killing ("the mutilated bodies of
    three farmers, their wrists bound")."""
    return any(t.lower_ in VIOLENT_MARKS for t in body.subtree if t.i != body.i)


# ground a force holds and may give up ("withdrew from the town"; a border or talks are not held ground)
HELD_GROUND = {"town", "city", "village", "capital", "base", "outpost", "camp", "garrison", "district", "airport",
               "port", "hub", "position", "stronghold", "headquarters"}


def _protested_against(head) -> bool:
    """Whether an act is what a protest was against ("to protest the killing of
    a driver by a police officer", "in protest at the killing"): the crowd's
    grievance, not force used on the crowd."""
    gov = head.head
    if head.dep_ == "pobj" and gov.lower_ in ("against", "over", "at"):
        gov = gov.head
    return head.dep_ in ("dobj", "obj", "pobj") and gov.lemma_.lower() in ("protest", "denounce", "condemn", "decry", "mourn")


def _in_the_hands_of(head):
    """X in "..., leaving it in the hands of X" (or "handing it to X")."""
    for tok in head.subtree:
        if tok.lower_ == "hands" and tok.head.lower_ == "in":
            return _prep_object(tok, "of")
    return None


class CodebookRules:
    """The rules of ``DocumentExtractor``, apart (a mixin: they use its helpers)."""

    def _rule_clash(self, r: Reading) -> Coding | Candidate | None:
        """A fight, an attack, a raid: a battle, or violence a crowd or a band does."""
        if r.k1 in STATE_KINDS and r.k2 in ("protesters", "rioters") and r.trig.phrase not in MUTUAL_FIGHTS:
            # the state's forces firing on a crowd: no battle (a crowd is no armed
            # side); the crowd's event tells it, or it is force used on protesters
            if r.classes & {"disperse", "protest", "riot"}:
                return None
            r.coding = Coding.acled("Excessive force against protesters")
            r.a1, r.a1_span, r.a2, r.a2_span = r.a2, r.a2_span, r.a1, r.a1_span  # ACLED names the protesters first
            return r.coding
        if (r.k2 in ("protesters", "rioters") and r.k1 not in STATE_KINDS | UNARMED_KINDS
                and r.trig.phrase in FIRING_ON and r.status == "occurred"):
            # guards or gunmen firing on a crowd: a crowd that hurls rocks or
            # fire bombs riots, with the shooters its other side; a peaceful one
            # is attacked (no battle: a crowd is no armed side)
            if "riot" in r.classes or CROWD_MISSILES & r.sent_lemmas:
                shooters, shooters_span = r.a1, r.a1_span
                self._crowd_riot(r)
                r.a2, r.a2_span = shooters, shooters_span
                r.notes["sub_event_type"] = FIRED_ON_BY_OTHERS  # (not the state's excessive force: see ``finish``)
            else:
                r.coding = Coding.acled("Attack")
            return r.coding
        if r.k1 in ("civilians", "protesters", "rioters") and r.trig.phrase not in ("fight", "fighting", "battle", "offensive") and not r.armed_men:
            # an unorganised crowd turning on people is mob violence, not a
            # battle; demonstrators doing so demonstrate violently
            demonstrators = r.agent is not None and r.agent.head.lemma_.lower() in ("protester", "protestor", "demonstrator", "marcher")
            r.coding = Coding.acled("Violent demonstration" if demonstrators else "Mob violence")
        elif "loot" in r.classes and r.patient_lemma in BUILDING_NOUNS and r.k2 is None:
            return None  # "attacked and burned a school": the destruction is the event
        elif any(t.cls == "loot" and t.head.head.i == r.head.i and t.head.dep_ in ("compound", "amod", "nmod") for t in self.sent_triggers):
            return None  # "an arson attack": the destruction is the event
        elif (r.trig.phrase in GENERIC_ATTACKS and r.patient_lemma in BUILDING_NOUNS - BASE_NOUNS and r.k2 is None
              and not fatalities(self.stext(r.sent)) and not ({"injure", "wound", "kill"} & r.sent_lemmas)):
            # "the oil field was attacked": property hit and no one hurt
            # (by protests: "the building was attacked in protests against him" is a riot)
            if "protest" in r.classes and r.k1 in (None, "protesters", "rioters", "civilians"):
                self._crowd_riot(r)
            else:
                r.coding = Coding.acled("Looting/property destruction")
        elif (r.trig.phrase in ("besiege", "siege", "storm", "raid", "assault", "attack") and r.patient_lemma in CIVILIAN_SITES
              and r.k2 is None and r.k1 not in STATE_KINDS | UNARMED_KINDS):
            # gunmen besieging a television studio or storming a school attack
            # the people in it: no armed side was there to fight
            r.coding = Coding.acled("Attack")
            r.a2, r.a2_span = self.default_actor("civilians"), None
        elif (r.trig.phrase in MUTUAL_FIGHTS and r.k1 is None and self.told_protest and not r.armed_men
              and (r.k2 == "state_police" or (r.k2 is None and "police" in r.sent_lemmas))):
            # "eight dead in Cusco in clashes with the police", in a report of
            # protests: the crowd's clash with the police
            self._crowd_riot(r)
            if r.a2 is None:
                r.a2, r.a2_span = self.default_actor("police"), None
        elif r.trig.phrase in MUTUAL_FIGHTS and (r.k1 in UNARMED_KINDS or r.k2 in UNARMED_KINDS):
            # a fight with an unarmed crowd (vendors, villagers, demonstrators)
            # is not a battle: ACLED's battles are between organised armed groups
            demonstrating = "protesters" in (r.k1, r.k2) or "protest" in r.classes or DEMONSTRATION_CUE.search(self.paragraph(r.sent.start_char))
            r.coding = Coding.acled("Violent demonstration" if demonstrating else "Mob violence")
        elif r.k1 not in ARMED_KINDS and r.k2 not in ARMED_KINDS and mob_cue(self.stext(r.sent)):
            r.coding = Coding.acled("Mob violence")  # a fight between groups with no organised armed side
        elif r.weapon and r.trig.phrase in GENERIC_ATTACKS:
            r.coding = Coding.acled(REMOTE[r.weapon])  # "the air force targeted a convoy"
        elif r.trig.phrase in ("storm", "attack", "assault", "raid", "target", "fire", "fire on", "fire at", "open fire", "open fire on") and r.k2 in ("civilians",) and r.k1 in ARMED_KINDS | {None}:
            # armed men firing at people who are not armed attack them: no battle takes two sides
            r.coding = Coding.acled("Attack")
        elif r.k1 in ("protesters", "rioters") or (r.trig.phrase == "storm" and "riot" in r.classes and r.k1 in UNARMED_KINDS | {None}
                                                    and not r.armed_men):
            return None  # a crowd storming: the riot rule codes it (armed men storming a prison fight)
        elif (r.k1 is None and r.k2 not in ARMED_KINDS and r.trig.phrase in ("break into", "storm", "overrun", "attack", "assault")
              and DEMONSTRATION_CUE.search(self.paragraph(r.sent.start_char)) and not r.armed_men
              and not any(t.lemma_.lower() in MILITARY_NOUNS for t in r.sent)):
            # "Some of them broke into the government building" in a paragraph
            # about a demonstration: the demonstrators did
            r.coding = Coding.acled("Violent demonstration")
            r.a1, r.a1_span = self.default_actor("rioters"), None
        elif (r.trig.phrase in ("attack", "raid", "storm", "assault") and r.k2 is None and r.k1 not in STATE_KINDS
              and self._settlements_hit(r)):
            # "militiamen attacked three villages": an armed band falling on
            # villages with no defenders told attacks their people
            r.coding = Coding.acled("Attack")
            r.a2, r.a2_span = self.default_actor("civilians"), None
        else:
            r.coding = Coding.acled("Armed clash")
        return r.coding

    def _settlements_hit(self, r: Reading) -> bool:
        """Whether the patient is one or more villages ("Natugo village", "the
        villages of A and B", "A, B and C villages") and no armed side is near it."""
        if r.patient is None:
            return False
        listed, todo = [], [r.patient.head]
        while todo:  # the patient and the names listed or set beside it, not what a preposition adds
            t = todo.pop()
            listed.append(t)
            todo.extend(c for c in t.children if c.dep_ in ("conj", "appos", "compound"))
        if not any(t.lemma_.lower() in SETTLEMENT_NOUNS for t in listed):
            return False
        return not any(t.lemma_.lower() in MILITARY_NOUNS for t in r.sent)

    def _rule_kill(self, r: Reading) -> Coding | Candidate | None:
        """A killing: whom it hit says which violence it was."""
        if r.trig.phrase in ("execute", "shoot") and r.patient is not None and r.patient_lemma in CARRIED_OUT:
            return None  # "shot a video": made, no one killed
        if r.trig.phrase == "death" and not any(t.dep_ == "nummod" for t in r.head.subtree):
            return None  # "the death of a commander", "death threats": counted deaths only ("the deaths of 18 civilians")
        if r.trig.phrase == "execute" and not (self._people(r.patient) if r.patient is not None else self._people_besides_doers(r)):
            # "the raid was the latest of many being executed": a plan
            # carried out; an execution is of people
            return None
        if (r.k1 == "civilians" and r.agent is not None and r.agent.head.lemma_.lower() in UNNAMED_ASSAILANTS
                and not r.armed_men and r.patient is not None):
            # "beaten to death by 12 men": a band of unnamed men, not a crowd,
            # is ACLED's unidentified armed group attacking a civilian
            r.coding = Coding.acled("Attack")
            r.a1, r.a1_span = self.default_actor("unidentified armed group"), None
        elif r.k1 in ("civilians", "protesters", "rioters") and r.trig.phrase not in ("fight", "fighting", "battle", "offensive") and not r.armed_men:
            # an unorganised crowd turning on people is mob violence, not a battle
            r.coding = Coding.acled("Mob violence")
        elif (r.k1 is None and r.trig.phrase in ("death", "die") and any(
                t.cls == "protest" and any(c.lemma_.lower() in ("violent", "deadly", "bloody") for c in t.head.children)
                for t in self.sent_triggers)):
            # "the deaths of 14 miners ... in a violent protest": the protest's toll
            self._crowd_riot(r)
        elif r.trig.phrase in BODY_NOUNS and not found_body(r.head) and not _marked_by_violence(r.head):
            return None  # "the body of the report", "a corpse was buried": no violence told
        elif r.trig.phrase in BODIES_FOUND | BODY_NOUNS:
            # ACLED codes bodies found with marks of violence as an attack on
            # civilians by an unidentified group, each body a fatality
            r.coding = Coding.acled("Attack")
            cand = self._candidate(r.coding, r.status, r.trig, r.sent, r.a1, r.a2, r.a1_span, r.a2_span, r.facets, {})
            if cand.fatalities is None:
                cand.fatalities = bodies_told(r.trig, r.sent)
            cand.specific = True
            return cand
        else:
            victim_human = r.patient is not None and (r.patient_lemma in HUMAN_NOUNS or r.k2 == "civilians")
            if r.k2 in ARMED_KINDS or (r.patient is not None and r.patient_lemma in MILITARY_NOUNS):
                r.coding = Coding.acled("Armed clash")
            elif not _protested_against(r.head) and (
                    (r.k2 == "protesters" and ("protest" in r.classes or DEMONSTRATION_CUE.search(self.paragraph(r.sent.start_char))))
                    or (r.k1 in STATE_KINDS and (r.patient_lemma in ("protester", "demonstrator")
                                                 or ("protest" in r.classes and r.k2 in (None, "civilians", "protesters"))))):
                # state forces killing people during a demonstration ("Israeli
                # fire killed 18 Palestinians during mass protests")
                r.coding = Coding.acled("Excessive force against protesters")
                if r.k2 != "protesters":
                    r.a2, r.a2_span = None, None  # the protesters are named by finish(), the force goes second
            elif r.k2 == "protesters":
                # "killed 4 youths": a crowd word with no demonstration told is civilians
                r.coding = Coding.acled("Attack")
                r.a2, r.a2_span = self.default_actor("civilians"), None
            elif victim_human or r.k2 in ("civilians",) or (r.patient is None and r.k1 is not None):
                r.coding = Coding.acled("Attack")
            elif r.patient is None and r.trig.head.tag_ == "VBN":
                r.coding = Coding.acled("Attack")
            elif (r.patient is not None and (r.patient.head.ent_type_ == "PERSON" or r.patient.head.pos_ in ("NOUN", "PROPN"))
                  and r.patient_lemma not in WEAPON_NOUNS | TERRITORY_NOUNS | COUNT_NOUNS and r.patient.head.ent_type_ not in ("CARDINAL", "QUANTITY")):
                r.coding = Coding.acled("Attack")  # "the leader of a local group was shot dead"
            else:
                return None
        return r.coding

    def _rule_remote(self, r: Reading) -> Coding | Candidate | None:
        """Air strikes, shelling, explosives, grenades, suicide bombs."""
        if r.cls == "explosive" and any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in HAND_THROWN for c in r.head.children):
            return None  # "youths hurling fire bombs": a crowd's missiles, part of its riot
        finder = found_not_fired(r.head) if r.cls in ("explosive", "grenade", "shelling") else None
        if finder is not None or (r.cls in ("explosive", "grenade") and FAILED_BLAST.search(self.stext(r.sent))):
            # a bomb or mortar round found, defused or seized, or a bomb that failed to go off
            r.coding = Coding.acled("Disrupted weapons use")
            if r.a1 is None and finder is not None:
                subject, passive = clause_subject(finder)
                if subject is not None and not passive:
                    r.a1, r.a1_span = self.resolve_actor(noun_phrase(subject))
            return self._candidate(r.coding, r.status, r.trig, r.sent, r.a1, r.a2, r.a1_span, r.a2_span, r.facets, {})
        if r.head.dep_ == "compound" and r.head.head.lemma_.lower() in WEAPON_SYSTEM_NOUNS:
            return None  # "Patriot missile batteries", "rocket launchers": equipment, not a strike
        if r.trig.phrase in ("explosion", "blast") and any(
                g.lemma_.lower() in FIGURATIVE_BLASTS for c in r.head.children if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children if g.dep_ == "pobj"):
            return None  # "an explosion of violence", "a blast of anger": a figure of speech
        if r.cls == "explosive" and "defuse" in r.classes:
            return None  # a bomb found and defused is disrupted weapons use
        if r.cls == "explosive" and r.k1 in STATE_KINDS and (
                r.trig.phrase in ("detonate", "set off")
                or (r.head.dep_ in ("dobj", "obj") and r.head.head.lemma_.lower() in ("detonate", "explode", "blow"))):
            # police or soldiers detonating a bomb are disposing of it
            # (an army vehicle that "struck an IED" is its target)
            r.coding = Coding.acled("Disrupted weapons use")
            return self._candidate(r.coding, r.status, r.trig, r.sent, r.a1, r.a2, r.a1_span, r.a2_span, r.facets, {})
        if r.cls == "explosive" and "suicide" in r.classes:
            return None  # the suicide trigger codes it
        if r.cls == "explosive" and "grenade" in r.classes and r.trig.phrase in ("explode", "explosion", "blast", "detonate", "set off"):
            return None  # "a grenade exploded": the grenade codes it
        if r.cls == "explosive" and ("air" in r.classes or "shelling" in r.classes) and r.trig.phrase in ("bomb", "bombing", "explosion", "blast"):
            return None
        if r.cls == "air" and r.trig.phrase == "air support" and r.status == "occurred" and not r.a1:
            return None
        r.coding = Coding.acled(REMOTE[r.cls])
        if r.cls == "explosive" and r.weapon == "air" and (
                r.head.head.lemma_.lower() in ("drop", "release")
                or (r.head.pos_ == "VERB" and r.agent is not None and weapon_of(r.agent.text) == "air")):
            r.coding = Coding.acled("Air/drone strike")  # bombs dropped from aircraft; "the air force bombed"
        elif r.cls == "explosive" and r.trig.phrase == "bomb" and r.head.pos_ == "VERB" and r.k1 == "state_military" and not r.weapon:
            # an army that "bombed" a camp bombed it from the air: armies plant no IEDs
            r.coding = Coding.acled("Air/drone strike")
        if r.cls == "explosive" and r.trig.phrase in ("explosion", "blast") and counted_fire(r.head, self.stext(r.sent)):
            # explosions counted by an observer, with no device named, are
            # heavy weapons fire: shelling, or a clash when both sides fire
            r.coding = Coding.acled(counted_fire_subtype(self.stext(r.sent)))
        return r.coding

    def _rule_sexual(self, r: Reading) -> Coding | Candidate | None:
        r.coding = Coding.acled("Sexual violence")
        return r.coding

    def _rule_abduct(self, r: Reading) -> Coding | Candidate | None:
        # kidnapping is abduction whoever does it; arrests are the state's lawful detentions
        if r.head.pos_ == "NOUN" and r.head.dep_ in ("dobj", "obj") and r.head.head.lemma_.lower() in FREEING_VERBS:
            return None  # "police freed hostages the gunmen had taken": the rescue is told, the taking was before
        r.coding = Coding.acled("Abduction/forced disappearance")
        if r.k1 == "civilians" and r.agent is not None and r.agent.head.lemma_.lower() in UNNAMED_ASSAILANTS:
            # "abducted by individuals traveling in three vehicles": unnamed men
            # who kidnap are ACLED's unidentified armed group, not civilians
            r.a1, r.a1_span = self.default_actor("unidentified armed group"), None
        return r.coding

    def _rule_seizure(self, r: Reading) -> Coding | Candidate | None:
        """Seizing or regaining: property, weapons, people or ground."""
        if r.patient is not None and r.patient_lemma in PROPERTY_NOUNS and r.cls == "seize":
            if r.k1 not in ARMED_KINDS | STATE_KINDS:
                return None
            r.coding = Coding.acled("Looting/property destruction", ("COERCE", "seize"))
        elif r.patient is not None and r.patient_lemma in WEAPON_NOUNS:
            if r.k1 not in ARMED_KINDS | STATE_KINDS:
                return None  # "thousands taking up arms" is not a seizure
            r.coding = Coding.acled("Disrupted weapons use")
        elif r.patient is not None and not r.patient_is_place and (
                r.patient.head.ent_type_ == "PERSON" or r.patient_lemma in HUMAN_NOUNS | MILITARY_NOUNS | PRISONER_NOUNS
                or (r.patient.head.tag_ == "PRP" and r.patient.head.lower_ in PERSONAL_PRONOUNS)):
            if r.cls == "regain":
                return None
            if (r.trig.phrase == "take" and r.agent is None and _prep_object(r.head, "from") is None
                    and not any(c.lower_ in ("away", "hostage", "captive", "prisoner") for c in r.head.children)):
                # "they were taken by helicopter to Abuja", "taken to hospital":
                # moved somewhere, by no one told seizing them ("taken from
                # their school" is an abduction)
                return None
            r.coding = Coding.acled("Arrests") if r.k1 in STATE_KINDS else Coding.acled("Abduction/forced disappearance")
        elif r.trig.phrase in ("fall",):
            # "X fell to the Taliban": the place is the subject, the taker follows "to"
            taker = _prep_object(r.head, "to")
            if taker is None or any(c.lemma_.lower() in ("victim", "prey") for c in r.head.children):
                return None  # "fell victim to gang assaults": the idiom, not a place taken
            r.a1, r.a1_span = self.resolve_actor(noun_phrase(taker))
            r.k1 = getattr(r.a1, "kind", None)
            r.coding = Coding.acled("Government regains territory" if r.k1 in STATE_KINDS else "Non-state actor overtakes territory")
        elif r.trig.phrase in ("repel", "repulse"):
            # an attack fought off: a battle, whatever ground it was for
            r.coding = Coding.acled("Armed clash")
            self._attackers_first(r)
        elif r.patient_is_place or r.trig.phrase in ("take control", "take over", "takeover", "gain control", "regain control", "overrun", "drive out", "push out", "flush out", "recapture", "retake"):
            if r.trig.phrase in ("take",) and not r.patient_is_place:
                return None
            if r.k1 in UNARMED_KINDS:
                return None  # a crowd overrunning a building riots (the riot rule), it takes no ground
            if (not self.tells_fighting and r.trig.phrase in PEACEFUL_TAKEOVERS) or HANDED_OVER.search(self.stext(r.sent)):
                # (and ground regained "following the evacuation" of the other side
                # changed hands by a deal, not a battle)
                # ACLED's battles for territory are fought: control taken
                # with no fighting told anywhere in the report is a transfer
                r.coding = Coding.acled("Non-violent transfer of territory")
            elif r.k1 in STATE_KINDS or (r.cls == "regain" and r.k1 not in ARMED_KINDS - STATE_KINDS):
                r.coding = Coding.acled("Government regains territory")
            else:
                r.coding = Coding.acled("Non-state actor overtakes territory")
        else:
            return None
        return r.coding

    def _rule_protest(self, r: Reading) -> Coding | Candidate | None:
        if r.trig.phrase in ("strike",) and ("air" in r.classes or "drone" in r.sent_lemmas or r.k1 in STATE_KINDS | {"government"}
                                             or any(c.dep_ == "prep" and c.lower_ in ("on", "against") for c in r.head.children)):
            return None  # "Iran launched strikes on US bases": a military strike, not a walkout
        if forbidden(r.head):
            return None  # "extended the ban on marches and protests": what is banned did not happen
        if (r.head.pos_ == "NOUN" and r.head.dep_ == "nsubj" and r.head.head.lemma_.lower() in PLAN_VERBS | {"threaten", "vow"}
                and any(c.dep_ == "xcomp" for c in r.head.head.children)):
            return None  # "protesters vowed to march on Friday": the march they vow is not held yet
        if r.head.dep_ in ("compound", "amod") and r.head.head.lemma_.lower() in PROTEST_THINGS:
            return None  # "protest camps", "protest leaders": things of protests, not one told
        if r.k1 in ARMED_KINDS or (r.head.pos_ == "VERB" and r.trig.phrase in ("rally", "march") and r.patient is not None):
            return None  # "rallied their militias", "marched troops": not a demonstration
        if r.trig.phrase in ("gather", "block", "blockade") and "disperse" not in r.classes and not PROTEST_CUE.search(self.stext(r.sent)):
            return None
        if r.trig.phrase == "demonstrate" and r.head.pos_ == "VERB" and any(c.dep_ in ("ccomp", "dobj", "obj") for c in r.head.children):
            return None  # "to demonstrate they can reach Riyadh", "demonstrated its resolve": showing, not protesting
        if "riot" in r.classes and not called_peaceful(r.head):
            # (the report's "mostly peaceful protests" stay peaceful beside the
            # violent incident it tells of them)
            r.coding = Coding.acled("Violent demonstration")
        elif "disperse" in r.classes or any(t.cls == "arrest" and t.head.pos_ == "VERB" and t.head.dep_ not in ("amod", "acl")
                                            and status_of(t.head)[0] == "occurred" for t in self.sent_triggers):
            # "protested against the arrest of an editor", "the release of
            # jailed leaders": the arrest is their cause, not an intervention
            r.coding = Coding.acled("Protest with intervention")
        else:
            r.coding = Coding.acled("Peaceful protest")
        return r.coding

    def _rule_riot(self, r: Reading) -> Coding | Candidate | None:
        if any(a.dep_ == "acl" and a.tag_ == "VBN" and a.head.lemma_.lower() in ("roadblock", "barricade", "barrier", "road", "street", "checkpoint", "blockade")
               for a in list(r.head.ancestors)[:3]):
            return None  # "people stepped around barricades built with burning tyres": a scene described
        if r.trig.phrase == "riot" and r.head.head.lemma_.lower() == "run" and r.head.dep_ in ("dobj", "npadvmod", "advmod", "oprd"):
            return None  # "gangs running riot across the capital": rampaging, said of anyone
        if (r.trig.phrase in ("storm", "overrun", "break into") and r.k1 not in ("protesters", "rioters", "civilians")
                and not (r.k1 is None and self._crowd_goes_on(r))):
            return None  # armed men storming a town is a battle, not a riot
        if r.trig.phrase in DESTRUCTION_WORDS and r.k1 not in ("protesters", "rioters", "civilians") and "protest" not in r.classes:
            return None  # soldiers or a gang torching houses destroy property: the loot rule codes it
        if r.k1 is None and self._crowd_goes_on(r):
            r.coding = Coding.acled("Violent demonstration")  # the demonstrators told before
        elif "protest" not in r.classes and (r.trig.phrase in ("mob", "lynch mob") or not DEMONSTRATION_CUE.search(self.paragraph(r.sent.start_char))):
            # stones thrown or property wrecked with no demonstration told:
            # ACLED's mob violence, not a violent demonstration
            r.coding = Coding.acled("Mob violence")
        else:
            r.coding = Coding.acled("Violent demonstration")
        return r.coding

    def _crowd_goes_on(self, r: Reading) -> bool:
        """"A warehouse was also stormed", with no one named, in a report that
        told of a crowd rioting: the crowd went on (no armed men, no troops told)."""
        return (self.told_protest and not r.armed_men and any(c.lower_ == "also" for c in r.head.children)
                and not any(t.lemma_.lower() in MILITARY_NOUNS for t in r.sent))

    def _rule_disperse(self, r: Reading) -> Coding | Candidate | None:
        if r.trig.phrase == "break up" and "protest" not in r.classes:
            return None
        # forces dispersing a crowd: the crowd's act is the event
        crowd_violent = "riot" in r.classes or bool({"stone", "rock", "brick", "torch"} & r.sent_lemmas)
        r.coding = Coding.acled("Violent demonstration" if crowd_violent else "Protest with intervention")
        police, police_span, crowd_span = r.a1, r.a1_span, r.a2_span
        crowd_actor = self.default_actor("rioters" if crowd_violent else "protesters")
        r.a1, r.a1_span, r.a2, r.a2_span = crowd_actor, crowd_span, police, police_span
        return r.coding

    def _rule_arrest(self, r: Reading) -> Coding | Candidate | None:
        if r.head.dep_ == "compound" and r.head.head.lemma_.lower() in ("warrant", "order", "threat", "record", "quota"):
            return None  # "arrest warrants for ten leaders": a paper, no one held yet
        told_as_noun = r.head.pos_ == "NOUN" and r.patient is not None and (
            r.patient.head.ent_type_ == "PERSON"  # "the detention of General X" (by whom, the parse may lose)
            or (r.agent is not None and r.patient_lemma in HUMAN_NOUNS | MILITARY_NOUNS | LEADER_NOUNS))
        if r.head.pos_ != "VERB" and r.trig.phrase not in ("arrest",) and not told_as_noun:
            # "freed prisoners from its jail": a place, not an arrest; but "the
            # detention of a commander by a rival force" tells one: who, by whom
            return None
        if r.head.dep_ == "amod" or (r.head.dep_ == "acl" and "release" in r.classes):
            return None  # "four detained leaders were released": who they are, not an arrest told
        if r.patient is not None and r.patient_is_place:
            return None  # "captured the town": ground taken (the seizure rule), no one held
        named_force = r.a1 is not None and "named-in-report" in r.a1.flags and r.k1 == "militia"
        if r.k1 is not None and r.k1 not in STATE_KINDS and r.k1 != "government" and not named_force:
            # (a force the report names but we do not know may hold the ground
            # it arrests on: ACLED's arrests by those in de facto control)
            r.coding = Coding.acled("Abduction/forced disappearance")
        else:
            r.coding = Coding.acled("Arrests")
        return r.coding

    def _rule_release(self, r: Reading) -> Coding | Candidate | None:
        """Prisoners freed by agreement, or by force."""
        if r.trig.phrase in CONVEYING and not self._prisoners_flown_home(r):
            return None  # a truck carrying goods, a bus carrying prisoners to court
        if (r.head.dep_ == "pobj" and r.head.head.lower_ == "to"
                and r.head.head.head.lemma_.lower() in ("agree", "consent", "commit", "accede")):
            return None  # "agreed to the prisoner release": the agreement is what was told
        prisonerish = (
            r.patient_lemma in PRISONER_NOUNS
            or any(w in r.trig.phrase for w in ("prisoner", "prison", "jail"))
            or (r.patient is not None and r.patient.head.ent_type_ == "PERSON")
            or (r.agent is not None and r.agent.head.lemma_.lower() in PRISONER_NOUNS and r.trig.phrase in ESCAPE_WORDS)
            or (r.patient is None and {"prisoner", "detainee", "inmate", "captive"} & r.sent_lemmas)
            # people held by someone and set free by a deal ("21 schoolgirls were
            # released as a result of negotiations", "the kidnapped workers were freed")
            or (r.patient is not None and r.patient_lemma in HUMAN_NOUNS | {"girl", "schoolgirl", "boy", "student", "worker", "hostage"}
                and bool(HELD_CUES & r.sent_lemmas))
            # "four detained leaders were released"
            or (r.patient is not None and any(c.dep_ in ("amod", "acl") and c.lemma_.lower() in HELD_PARTICIPLES
                                              for c in r.patient.head.children))
        )
        if not prisonerish:
            return None
        forced = r.trig.phrase in ESCAPE_WORDS or (r.k1 in ARMED_KINDS - STATE_KINDS and {"clash", "seize"} & r.classes)
        if forced:
            if r.status != "occurred":
                return None
            r.coding = Coding.acled("Armed clash")
            r.extra_qty["prisoners"] = "prisoners_freed"
            r.facets.add("prisoners_freed")
            r.a2, r.a2_span, r.k2 = None, None, None  # the prisoners are not the other side
            if r.trig.phrase in ESCAPE_WORDS and r.k1 in ("civilians", None):
                r.a1, r.a1_span, r.k1 = None, None, None  # nor, when they fled, the side that attacked
            if r.trig.phrase in ESCAPE_WORDS and not ({"clash", "seize"} & r.classes):
                cand = Candidate(r.coding, r.status, r.trig, r.sent, None, None, absorbed=True)
                cand.quantities = self.quantities(r.sent, {"prisoners": "prisoners_freed", "fled": "prisoners_freed"})
                return cand  # an escape reported on its own: folded into the attack it follows
        else:
            r.coding = Coding.acled("Agreement", ("CONCEDE", None) if r.status == "planned" else ("RETREAT", "release"))
            r.extra_qty["prisoners"] = "prisoners_released"
            if r.patient is not None and any(c.dep_ in ("amod", "acl") and c.lemma_.lower() in HELD_PARTICIPLES
                                             for c in r.patient.head.children):
                r.extra_qty["arrested"] = "prisoners_released"  # "four detained leaders were released": four released
        return r.coding

    def _prisoners_flown_home(self, r: Reading) -> bool:
        """"A plane carrying 150 freed prisoners landed in Aden": how a swap or a
        release is carried out and told, the vehicle taking off or arriving
        with prisoners of a release the sentence names or a freed or former
        captive. An attack on the vehicle, or prisoners taken to court or to
        jail, is no release."""
        if r.head.dep_ == "acl":  # "a plane carrying prisoners landed"
            vehicle, moved = r.head.head, clause_verb(r.head.head)
        elif r.head.dep_ == "advcl":  # "the plane took off carrying prisoners"
            moved = r.head.head
            vehicle = next((c for c in moved.children if c.dep_ == "nsubj"), moved)
        else:
            return False
        if (vehicle.lemma_.lower() not in VEHICLE_NOUNS or moved.lemma_.lower() not in JOURNEY_VERBS
                or r.status != "occurred"
                or any(t.cls in VIOLENT_CLASSES and t.head.i != moved.i for t in self.sent_triggers)  # ("took off" is no taking)
                or r.patient is None or r.patient_lemma not in PRISONER_NOUNS):
            return False
        told = r.patient.head
        freed = any(c.lemma_.lower() in ("free", "release", "former", "exchange", "swap")
                    for c in told.children if c.dep_ in ("amod", "compound", "acl"))
        of_war = any(c.lower_ == "of" and any(g.lower_ == "war" for g in c.children) for c in told.children)
        return freed or of_war or bool({"swap", "exchange", "release"} & r.sent_lemmas)

    def _attackers_first(self, r: Reading) -> None:
        """"Police repelled an attack by gunmen", "soldiers repulsed a rebel
        attack": the attack's authors began the battle, so they are actor1 and
        those who fought it off actor2, as ACLED codes who initiated. (An
        attack with no author told keeps the defenders first.)"""
        attack = r.patient.head if r.patient is not None else None
        if attack is None or attack.lemma_.lower() not in REPELLED_NOUNS:
            return
        by = _prep_object(attack, "by")
        doer = by if by is not None else next(
            (c for c in attack.children if c.dep_ in ("compound", "amod") and c.pos_ in ("NOUN", "PROPN", "ADJ")), None)
        if doer is None:
            return
        attacker, span = self.resolve_actor(noun_phrase(doer))
        if attacker is None or (r.a1 is not None and attacker.name == r.a1.name):
            return
        r.a2, r.a2_span, r.k2 = r.a1, r.a1_span, r.k1
        r.a1, r.a1_span, r.k1 = attacker, span, getattr(attacker, "kind", None)

    def _rule_agree(self, r: Reading) -> Coding | Candidate | None:
        if r.head.pos_ == "NOUN" or r.head.pos_ == "PROPN":
            gov = r.head.head
            signed = any(c.dep_ == "acl" and c.lemma_.lower() in AGREEMENT_GOVERNORS for c in r.head.children)
            parties = r.a1 is not None and r.a2 is not None  # "the US deal with the Taliban"
            if into_effect(r.head):
                # "the truce took effect on Sunday": the deal told as starting,
                # as its verb tells it ("will take effect", "failed to take effect")
                r.status = status_of(gov)[0]
                if r.status is None:
                    return None
            elif not signed and not parties and not (r.head.dep_ in ("dobj", "nsubjpass") and gov.lemma_.lower() in AGREEMENT_GOVERNORS):
                return None
        elif any(c.dep_ == "xcomp" and any(t.head.i == c.i for t in self.sent_triggers) for c in r.head.children):
            return None  # "agreed to release": the release is the event
        r.coding = Coding.acled("Agreement", ("AGREE", None))
        if r.status == "planned":
            r.coding = Coding.acled("Agreement", ("CONCEDE", None))
        return r.coding

    def _rule_defuse(self, r: Reading) -> Coding | Candidate | None:
        if r.k1 not in ARMED_KINDS | STATE_KINDS and r.patient_lemma not in WEAPON_NOUNS:
            return None
        if r.trig.phrase in ("dismantle", "destroy", "dispose") and r.patient_lemma not in WEAPON_NOUNS | {
                "device", "bomb", "ied", "mine", "explosive", "cache", "charge", "rocket", "missile", "launcher", "network", "cell", "factory", "laboratory", "lab"}:
            return None  # "protest camps dismantled": taken down, no weapon disrupted
        r.coding = Coding.acled("Disrupted weapons use")
        return r.coding

    def _rule_border_closure(self, r: Reading) -> Coding | Candidate | None:
        if r.k1 in ARMED_KINDS | STATE_KINDS and (r.patient_is_place or {"entrance", "city", "town", "area"} & r.sent_lemmas) and not (
                {"border", "crossing", "airspace"} & r.sent_lemmas):
            # forces sealing off a town or its entrances change how they hold it
            r.coding = Coding.acled("Change to group/activity", ("SANCTION", None))
        elif r.k1 not in STATE_KINDS or not ({"border", "crossing", "gate", "road", "highway", "airport", "port", "airspace"} & r.sent_lemmas):
            return None
        else:
            r.coding = Coding.acled("Other", ("SANCTION", None))
        return r.coding

    def _rule_loot(self, r: Reading) -> Coding | Candidate | None:
        """Looting and destruction of property."""
        if r.a1 is None and r.head.dep_ == "amod" and (verb := clause_verb(r.head.head)).pos_ == "VERB":
            # "students blocked the road with a burning vehicle": who set it burning is the clause's doer
            doer, passive = clause_subject(verb)
            if doer is not None and not passive:
                r.a1, r.a1_span = self.resolve_actor(noun_phrase(doer))
                r.k1 = getattr(r.a1, "kind", None)
        if r.head.dep_ in ("compound", "amod", "nmod") and any(
                t.cls == "clash" and t.head.i == r.head.head.i for t in self.sent_triggers):
            # "carried out an arson attack on a mall": the attack is the
            # destruction, told by the attack's words (its actor, place, date)
            r.trig = next(t for t in self.sent_triggers if t.cls == "clash" and t.head.i == r.head.head.i)
            r.agent, r.patient = roles(r.trig.head)
            r.a1, r.a1_span = self.resolve_actor(r.agent)
            r.coding = Coding.acled("Looting/property destruction")
        elif r.k1 in {"protesters", "rioters"} | ({"civilians"} if r.trig.phrase not in ("loot", "plunder", "pillage", "steal", "rob") else set()):
            # a crowd burning or wrecking things riots (ACLED's Riots), whatever it wrecks
            demonstrating = "protest" in r.classes or DEMONSTRATION_CUE.search(self.paragraph(r.sent.start_char))
            r.coding = Coding.acled("Violent demonstration" if demonstrating else "Mob violence")
        elif r.k1 is None and (TURNED_VIOLENT.search(self.stext(r.sent)) or "protest" in r.classes):
            # "the march turned ugly, with shops looted and cars set on fire":
            # a crowd's doing, with no one else named
            self._crowd_riot(r)
            r.k1 = "rioters"
        else:
            # a riot word of its own, not this very word read as both ("torched")
            rioting = any(t.cls == "riot" and t.start != r.trig.start for t in self.sent_triggers)
            if rioting and r.k1 in ("protesters", "rioters", "civilians", None) and r.trig.phrase not in ("loot", "plunder", "pillage"):
                return None
            if (r.classes & {"kill", "air", "shelling", "explosive", "suicide", "grenade"}
                    or ("clash" in r.classes and r.patient_lemma not in BUILDING_NOUNS)) and r.trig.phrase not in ("loot", "plunder", "pillage"):
                return None
            if r.trig.phrase in ("damage", "destroy") and r.a1 is None:
                return None
            r.coding = Coding.acled("Looting/property destruction")
        return r.coding

    def _rule_withdraw(self, r: Reading) -> Coding | Candidate | None:
        mover_military = r.k1 in ("state_military", "external") or (r.agent is not None and r.agent.head.lemma_.lower() in MILITARY_NOUNS)
        troops_moved = r.trig.phrase in ("withdraw", "pull out", "relocate") and r.patient is not None and (
            r.patient_lemma in MILITARY_NOUNS or any(c.lemma_.lower() in MILITARY_NOUNS for c in r.patient.head.conjuncts))
        if troops_moved and not r.patient_is_place and not mover_military:
            # "withdrawing 300 troops from Saudi Arabia": a state moving its
            # forces changes how it acts; a place handed over is a transfer
            r.coding = Coding.acled("Change to group/activity", ("RETREAT", "withdraw"))
            if r.a1 is None:
                # "the US government announced it was withdrawing troops": its forces
                speaker = next((c for c in r.head.head.children if c.dep_ == "nsubj"), None) if r.head.dep_ == "ccomp" else None
                country = self.ex.actors.country_of(noun_phrase(speaker).text) if speaker is not None else None
                if country is not None:
                    r.a1 = self.default_actor("troops", country)
            return self._candidate(r.coding, r.status, r.trig, r.sent, r.a1, None, r.a1_span, None, r.facets, {})
        if r.trig.phrase == "surrender" and r.k1 in ARMED_KINDS - STATE_KINDS and not any(
                t.cls in VIOLENT_CLASSES and status_of(t.head)[0] == "occurred" for t in self.sent_triggers):
            # ACLED counts an armed group's surrender, told with no fighting, among agreements
            r.coding = Coding.acled("Agreement", ("RETREAT", "disarm"))
            return self._candidate(r.coding, r.status, r.trig, r.sent, r.a1, r.a2, r.a1_span, r.a2_span, r.facets, {})
        if not mover_military:
            return None
        if r.trig.phrase in ("flee", "surrender", "retreat"):
            r.coding = Coding.acled("Other", ("RETREAT", "withdraw"))
            r.extra_qty["fled"] = "fled"
            r.facets.add("fled")
        elif r.patient_is_place or r.trig.phrase in ("hand over", "handover") or {"base"} & r.sent_lemmas:
            r.coding = Coding.acled("Non-violent transfer of territory")
        elif r.trig.phrase in ("withdraw", "pull out") and self._left_a_place(r):
            # "the army withdrew from the town, leaving it in the hands of the
            # rebels": ground given up; whoever holds it now took it
            r.coding = Coding.acled("Non-violent transfer of territory")
            holder = _in_the_hands_of(r.head)
            if holder is not None:
                taker, taker_span = self.resolve_actor(noun_phrase(holder))
                if taker is not None and taker.kind in ARMED_KINDS:
                    r.a1, r.a1_span, r.a2, r.a2_span = taker, taker_span, r.a1, r.a1_span
        else:
            return None
        return r.coding

    def _left_a_place(self, r: Reading) -> bool:
        """Whether the mover left a town, a base or a named place below a country
        ("withdrew from the town of X"; a force leaving a country changes what it does)."""
        left = _prep_object(r.head, "from")
        if left is None:
            return False
        if left.lemma_.lower() in HELD_GROUND:
            return True
        named = noun_phrase(left)
        return (left.ent_type_ in ("GPE", "FAC") or self._is_place(named)) and self.ex.actors.country_of(named.text) is None

    def _rule_base(self, r: Reading) -> Coding | Candidate | None:
        if r.trig.phrase in ("establish", "set up", "construct", "build") and r.patient_lemma not in BASE_NOUNS:
            return None
        if r.k1 not in ARMED_KINDS | STATE_KINDS:
            return None
        r.coding = Coding.acled("Headquarters or base established")
        return r.coding

    def _rule_change_group(self, r: Reading) -> Coding | Candidate | None:
        """Forces moving, recruiting, patrolling, handing out; curfews and edicts."""
        if ((r.head.dep_ in ("acl", "amod") and r.head.tag_ in ("VBN", "VBD")) or with_of(r.head) is not None) and any(
                t.cls in VIOLENT_CLASSES for t in self.sent_triggers):
            return None  # "battles with gunships deployed in the city": how the battle was fought
        if r.trig.phrase in ("order", "ban", "impose", "decree", "edict"):
            if r.k1 not in ARMED_KINDS | {"government"}:
                return None
            if r.agent is not None and r.agent.head.lemma_.lower() in ("court", "judge", "tribunal", "prosecutor", "justice", "magistrate"):
                return None  # a court's order is a ruling, not a change in how a force acts
            if not any(t.lemma_.lower() in HUMAN_NOUNS or t.lower_ in ("women", "men", "villagers", "residents") for t in r.sent):
                return None
            r.coding = Coding.acled("Other", ("COERCE", "restrict"))
        elif r.trig.phrase in ("curfew", "imposition"):
            # ACLED: a curfew imposed by an armed group or the state changes how it acts
            if not ({"curfew"} & r.sent_lemmas) or (r.k1 is not None and r.k1 not in ARMED_KINDS | {"government"}):
                return None
            if r.a1 is None:
                # "the STC declared the imposition of a curfew": who declared it
                gov = clause_verb(r.head.head) if r.head.dep_ in ("dobj", "pobj", "nsubjpass") else None
                subj = next((c for c in gov.children if c.dep_ == "nsubj"), None) if gov is not None else None
                if subj is not None:
                    r.a1, r.a1_span = self.resolve_actor(noun_phrase(subj))
                if r.a1 is None or r.a1.kind not in ARMED_KINDS | {"government"}:
                    return None
            r.coding = Coding.acled("Change to group/activity", ("COERCE", "restrict"))
        elif r.trig.phrase in ("enter", "fortification") and (
                r.classes & VIOLENT_CLASSES or r.a1 is None or r.a1.kind not in ARMED_KINDS - {"unidentified"}
                or (r.trig.phrase == "enter" and (not r.patient_is_place or r.patient_lemma in BUILDING_NOUNS))):
            # troops entering a village to attack it: the attack is the event;
            # gunmen entering a building are part of their attack
            return None
        elif r.trig.phrase in ("recruit", "merge", "defect", "split", "deploy", "redeploy", "reinforcement", "reinforce", "patrol", "dissolve", "dissolution", "train", "graduate", "relocate", "arrive", "deliver", "distribute", "form", "hand out", "enter", "fortification"):
            if r.a1 is None and r.head.dep_ == "acl" and r.trig.phrase in ("deploy", "redeploy", "relocate") and r.k2 in ARMED_KINDS | STATE_KINDS:
                r.a1, r.a1_span, r.a2, r.a2_span = r.a2, r.a2_span, None, None  # "forces, ..., deployed in the streets": the forces move
            if r.trig.phrase in ("arrive", "deliver", "distribute", "form", "hand out") and (r.a1 is None or r.a1.kind not in ARMED_KINDS | {"identity_militia"}):
                return None  # only armed groups' moves and handouts are changes to their activity
            if r.head.dep_ in ("advcl", "conj") and r.trig.phrase in ("arrive", "deploy"):
                return None  # "before Afghan forces arrived": the time of another event
            if r.a1 is None and not (r.head.pos_ == "NOUN" and any(c.dep_ in ("compound", "amod", "poss") for c in r.head.children)):
                return None
            if r.a1 is not None and r.a1.kind not in ARMED_KINDS | STATE_KINDS:
                return None
            if r.trig.phrase in ("deliver", "distribute", "hand out"):
                r.coding = Coding.acled("Change to group/activity", ("AID", None))  # an armed group's handouts
            else:
                r.coding = Coding.acled("Change to group/activity", ("MOBILIZE", "troops" if r.trig.phrase in ("deploy", "redeploy", "reinforcement", "reinforce") else None))
        else:
            return None
        return r.coding


    def _code_displacement(self, trig: Trigger, sent: SpacySpan, status: str, agent: Phrase | None,
                           patient: Phrase | None) -> Candidate | None:
        """Civilians fleeing, displaced or returning: ACLED records the movement
        itself as Strategic developments / Other, beside any fighting that caused it."""
        head = trig.head
        if trig.phrase == "evacuate" and any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children):
            return None  # "civilians were evacuated from the area": a rescue, not a flight
        if (agent is not None and agent.head.lemma_.lower() in SITUATION_NOUNS
                and any(c.dep_ == "aux" and c.lemma_ == "have" for c in head.children)):
            return None  # "the violence has displaced 1.85 million": a running total, no one movement
        movers = [p.head for p in (agent, patient) if p is not None]
        # "fighting forced 500 villagers to flee": the people are the object of "forced"
        if head.dep_ == "xcomp":
            movers += [c for c in head.head.children if c.dep_ in ("dobj", "obj")]
        if head.pos_ == "NOUN":
            movers += [c for c in head.children if c.dep_ in ("poss", "compound")]
            movers += [o for o in (_prep_object(head, "of"),) if o is not None]
        wanted = RETURNING_NOUNS if trig.phrase in ("return", "arrive") else DISPLACED_NOUNS
        mover = next((t for t in movers if t.lemma_.lower() in wanted or t.lower_ in wanted), None)
        if mover is None and head.pos_ == "VERB":
            # "in Paletwa Town, ..., 108 villagers from X village fled": the
            # parser hung the people on a place; they are the nearest such
            # noun before the verb that no other verb governs
            mover = next((t for t in reversed(sent[: head.i - sent.start]) if (t.lemma_.lower() in wanted or t.lower_ in wanted)
                          and ((gov := clause_verb(t.head)) == head or gov.pos_ not in ("VERB", "AUX"))), None)
        if mover is None:
            return None
        people, people_span = self.resolve_actor(noun_phrase(mover))
        if people is None or people.kind != "civilians":
            people = self.default_actor("civilians")
            people_span = None
        cand = Candidate(Coding.acled("Other"), status, trig, sent, people, None, people_span, None)
        cand.quantities = self.quantities(sent, {"fled": "displaced", "displaced": "displaced", "participants": "displaced"})
        cand.facets = {"displaced"}
        cand.specific = True
        return cand

    @staticmethod
    def _people(patient: Phrase | None) -> bool:
        """Whether a patient phrase names people: a person, a word for people
        or a pronoun for them."""
        if patient is None:
            return False
        head = patient.head
        lemma = head.lemma_.lower()
        if head.ent_type_ in ("PERSON", "NORP") or lemma in PEOPLE_NOUNS:
            return True
        if head.tag_ == "PRP" and head.lower_ in PERSONAL_PRONOUNS:
            return True
        # "five of the hostages", "dozens of men"
        of = _prep_object(head, "of")
        return of is not None and (of.ent_type_ in ("PERSON", "NORP") or of.lemma_.lower() in HUMAN_NOUNS | MILITARY_NOUNS | PRISONER_NOUNS)

    @staticmethod
    def _people_besides_doers(r: Reading) -> bool:
        """Whether the sentence names people other than the doers (an
        execution with no patient parsed: "the villagers were rounded up and shot")."""
        return any(
            t.ent_type_ == "PERSON" or t.lemma_.lower() in HUMAN_NOUNS | PRISONER_NOUNS | MILITARY_NOUNS
            or t.lower_ in PERSONAL_PRONOUNS | {"men", "women"}
            for t in r.sent if r.agent is None or not (r.agent.start <= t.i < r.agent.end))

    @staticmethod
    def _one_person(phrase: Phrase | None) -> bool:
        """Whether a phrase names one person: "a senior officer of the 9th
        Brigade", "an aid worker", a person's name."""
        if phrase is None:
            return False
        head = phrase.head
        if head.ent_type_ == "PERSON":
            return True
        return (head.tag_ == "NN" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children)
                and head.lemma_.lower() in PEOPLE_NOUNS)

    def _crowd_riot(self, r: Reading) -> Coding:
        """Code a reading as a crowd's violent demonstration, the rioters acting."""
        r.coding = Coding.acled("Violent demonstration")
        r.a1, r.a1_span = self.default_actor("rioters"), None
        return r.coding

    def _vows_harm(self, vow: Token) -> bool:
        """Whether what a vow promises is harm to someone: an act of violence
        told under it, or revenge, punishment and the like."""
        promised = [c for c in vow.children if c.dep_ in ("xcomp", "dobj", "ccomp")]
        for what in promised:
            if any(c.dep_ == "neg" or c.lower_ in ("never", "not") for c in what.children):
                return False
            words = {t.lemma_.lower() for t in what.subtree}
            if words & HOSTILE_VOWS:
                return True
            if any(t.cls in VIOLENT_CLASSES and t.head in what.subtree for t in self.sent_triggers):
                return True
        return False

    def code_verbal(self, trig, sent, status, governor, a1, a1_span, a2, a2_span) -> Candidate | None:
        head = trig.head
        cls = trig.cls
        if a1 is None:
            return None  # a verbal act needs someone who acts
        if cls in ("aid", "sanction") and head.dep_ in ("compound", "amod", "nmod") and head.head.pos_ in ("NOUN", "PROPN"):
            return None  # "aid workers", "an aid convoy", "sanctions regime": a kind of thing, no act
        if (cls == "demand" and a1.kind in ("protesters", "rioters")) or (cls == "mobilize" and a1.kind in ("protesters", "rioters", "civilians")):
            # a crowd's demands are what it protests for, and a crowd that
            # "mobilises" marches: the protest is the event, coded as such
            # (elders or a people that demand something make a demand)
            return None
        if cls == "threaten" and head.pos_ == "NOUN" and head.head.lemma_.lower() in RISK_GOVERNORS:
            return None  # "face a real security threat", "pose a threat": a risk, not a threat made
        plover, mode = VERBAL_PLOVER[cls]
        if cls == "consult":
            visited = next((c for c in head.children if c.dep_ in ("dobj", "obj")), None)
            if trig.phrase == "visit" and visited is not None and visited.lemma_.lower() in VISITED_SITES:
                return None  # "a reporter who visited the prison": a trip to a site, consulting no one
            if any(c.dep_ == "dobj" and c.lemma_.lower() in ("deal", "agreement", "accord", "ceasefire", "truce", "settlement") for c in head.children):
                return None  # "negotiated a peace deal": the deal is the event
            if head.pos_ == "NOUN":
                gov = head.head
                if not (gov.lemma_.lower() in TALK_GOVERNORS and head.dep_ in ("dobj", "nsubj")) and trig.phrase not in ("host talks", "hold talks"):
                    if not any(c.lemma_.lower() in TALK_GOVERNORS for c in head.children if c.dep_ in ("acl", "relcl")):
                        return None
            new_status = status if status != "occurred" else "occurred"
        elif cls == "demand":
            embedded = any(
                t.cls not in VERBAL_PLOVER and t.head.i != head.i and governed_by(t.head, head) for t in self.sent_triggers
            )
            new_status = "demanded" if embedded else "statement"
        elif cls == "threaten":
            if any(c.dep_ == "xcomp" and c.lemma_.lower() in HAPPENINGS for c in head.children):
                return None  # "the war threatened to escalate": a risk, not a threat anyone made
            if trig.phrase == "vow" and head.pos_ == "VERB" and not self._vows_harm(head):
                return None  # "vowed never to return to the battlefield": a pledge
            new_status = "threatened"
        else:
            new_status = "statement"
        if status in ("planned",) and cls != "consult":
            return None
        if status in ("demanded", "denied", "threatened") and governor is not None:
            return None  # reported inside another verbal act
        cand = Candidate(Coding.verbal(plover, mode), new_status, trig, sent, a1, a2, a1_span, a2_span)
        if cls == "demand":
            cand.quantities = self.quantities(sent, {"prisoners": "prisoners_demanded"})
        cand.specific = True
        return cand

RULES = {
    "clash": "_rule_clash",
    "kill": "_rule_kill",
    **{cls: "_rule_remote" for cls in REMOTE},
    "sexual": "_rule_sexual",
    "abduct": "_rule_abduct",
    "seize": "_rule_seizure",
    "regain": "_rule_seizure",
    "protest": "_rule_protest",
    "riot": "_rule_riot",
    "disperse": "_rule_disperse",
    "arrest": "_rule_arrest",
    "release": "_rule_release",
    "agree": "_rule_agree",
    "defuse": "_rule_defuse",
    "border_closure": "_rule_border_closure",
    "loot": "_rule_loot",
    "withdraw": "_rule_withdraw",
    "base": "_rule_base",
    "change_group": "_rule_change_group",
}
