"""Extraction over one parsed document.

For each sentence: match triggers, read roles and status, code each trigger
(``DocumentExtractor.code_trigger`` reads it; the codebook's rule for its
class, in ``rules``, codes it), then fold the
triggers that describe one event into one candidate (``folding``). Candidates
get their place, date and counts from the sentence (or, failing that, from the
paragraph and the publication date, marked as such), and the mentions of one
event told twice in the same report are folded together. The word lists and
parse clues the rules read are in ``cues``.

What the extractor knows of the report lives beside it: its places
(``report_places``), its dates (``report_dates``), its actors
(``report_actors``); a candidate becomes a mention in ``mention``.
"""
from __future__ import annotations

from dataclasses import replace as dc_replace
from functools import cached_property
from typing import TYPE_CHECKING

from spacy.tokens import Span as SpacySpan

from ..normalise.numbers import Count, lowest_credible
from ..records import Document, Mention, Place, Span
from .coding import TERRITORY_NOUNS, UNARMED_KINDS, VERBAL_PLOVER, Coding
from .cues import (
    ARMED_WORD,
    COUNTED_ONLY,
    DEVICE_NOUNS,
    FIGHTING_LEMMAS,
    GENERIC_ATTACKS,
    MEASURE_NOUNS,
    ONE_INDIVIDUAL,
    PLANTING_VERBS,
    RECIPROCAL,
    REMOTE,
    SHOTS_IN_THE_AIR,
    VIOLENT_CLASSES,
    VIOLENT_TYPES,
    WAR_REMNANT,
    counted_fire,
    counted_fire_subtype,
    in_purpose_clause,
    is_headline,
    weapon_of,
)
from .folding import Candidate, fold_document, fold_sentence
from .mention import MentionMaking, take_kind
from .report_actors import PART_OF_THEM, ActorReading, part_of_them, speaker_of
from .report_dates import DateReading
from .report_places import PlaceReading
from .rules import RULES, CodebookRules, Reading
from .quantities import counts_by_role, fatalities, forget_counts, singular_deaths
from .roles import FLIGHT_VERBS, _prep_object, between_pair, modifier_phrase, noun_phrase, roles, with_partner
from .status import is_label, is_reference, is_running_total, more_of_a_kind, retold, status_of
from .triggers import Trigger


if TYPE_CHECKING:  # pragma: no cover
    from . import Extractor


class DocumentExtractor(PlaceReading, DateReading, ActorReading, MentionMaking, CodebookRules):
    """One report's extraction: ``run`` reads it sentence by sentence. What it
    knows of the report's places, dates and actors, and how a candidate becomes
    a mention, are its mixins' (``report_places``, ``report_dates``,
    ``report_actors``, ``mention``); the codebook's rules are ``rules``'."""

    def __init__(self, ex: "Extractor", document: Document, sdoc):
        forget_counts()
        self.ex = ex
        self.document = document
        self.sdoc = sdoc
        self.text = document.text
        newline = self.text.find("\n")
        self.first_line_end = newline if newline >= 0 else len(self.text)
        self.ents = self._entities()
        self.place_ctx = ex.places.document_context(self.text, self.ents)
        self.place_ctx.mentions = [m for m in self.place_ctx.mentions if not self._in_dateline(m.start)]
        self.place_ctx.excluded = [(s, e) for s, e, _ in self.datelines]
        # a named group's home backs a reading of a place faintly, as a
        # people's name does: "the Taliban ... in Jalalabad" is Afghanistan's
        actor_ctx = ex.actors.document_context(self.text)
        for group, _, _ in actor_ctx.mentions:
            cc = ex.places.country_code(ex.actors.groups[group].country)
            if cc:
                self.place_ctx.add(f"group:{group}", cc, 0.5, faint=True)
        self.main_place = ex.places.main_place(self.place_ctx)
        self.dateline_place = self._dateline_place()
        code = self.place_ctx.country
        self.country = ex.places.gazetteer.country_names.get(code) if code else None
        # the places' country, when they name one, is the actors' too
        self.actor_ctx = dc_replace(actor_ctx, country=self.country) if self.country else actor_ctx
        self._stext_at, self._stext = -1, ""
        self.continues_dated = False
        # the date of the event told last, which "two days earlier" counts from
        self.told_date: tuple[str, int] | None = None
        self.told_protest = False  # whether a protest or riot was told before


    @cached_property
    def snippet(self) -> bool:
        """A report of a sentence or three (a wire snippet, a note): see ``to_mention``."""
        return len(self.text) <= 800 and sum(1 for _ in self.sdoc.sents) <= 3


    @cached_property
    def tells_fighting(self) -> bool:
        """Whether any fighting is told anywhere in the report (asked only of takeovers)."""
        return any(t.lemma_.lower() in FIGHTING_LEMMAS for t in self.sdoc)


    def _at_another_site(self, cand, sent, sent_date, carry_date, told: list[Mention]) -> Mention | None:
        """"Guards repelled the raid on that jail and on another site named B":
        the site named first is the incident told before, the "another" one an
        incident of its own, placed there, and (told with it, no day of its
        own) dated as that incident."""
        for span in self._listed_with(None, cand.trigger.head):
            place = self.ex.places.resolve(span.text, self.place_ctx)
            if place is None or not place.is_town or (self.country is not None and place.country != self.country):
                continue
            m = self.to_mention(cand, sent, sent_date, place, span, carry_date, (None, None))
            if m is None:
                return None
            m.raw["location.other_site"] = "another site than the one referred to"  # (kept apart by the merger)
            # the incident "that prison" refers to: the last one of its kind the report dated
            referred = next((o for o in reversed(told) if o.event_type == m.event_type
                             and "event_date" in o.evidence and "event_date" not in o.raw), None)
            if referred is not None and m.raw.get("event_date") == "publication date":
                m.event_date, m.time_precision = referred.event_date, referred.time_precision
                m.raw["event_date"] = "the incident it is told with"
                m.evidence["event_date"] = referred.evidence["event_date"]
            return m
        return None

    # -------------------------------------------------------------------- run
    def run(self) -> list[Mention]:
        mentions: list[Mention] = []
        carry_date: tuple[str | None, int | None, Span | None] = (None, None, None)
        carry_place: tuple[Place | None, Span | None] = (None, None)
        prev_end = 0
        paragraph_start = 0
        previous_dated = False  # whether the sentence before, in this paragraph, was dated
        told: Mention | None = None  # the last event told, which "such attacks" are more of
        for sent in self.sdoc.sents:
            if "\n" in self.text[prev_end : sent.start_char]:
                # a new paragraph starts a new account, unless it goes straight
                # on from an event told just before (a quote, a detail)
                if not (mentions and mentions[-1].sentence.end >= prev_end and "\n\n\n" not in self.text[prev_end : sent.start_char]):
                    carry_place = (None, None)
                carry_date = (None, None, None)
                paragraph_start = sent.start_char
                previous_dated = False
            prev_end = sent.start_char + len(self.stext(sent).rstrip())
            cands = self.sentence_candidates(sent)
            admitter = _admission(sent) if mentions else None
            if cands and admitter is not None:
                # "The air force conceded the raid, though it said it had hit
                # only fighters": the raid told before, not another one
                cands = [c for c in cands if c.trigger.phrase not in GENERIC_ATTACKS]
            sent_ents = [e for e in self.ents if sent.start_char <= e[0] and e[1] <= sent.end_char]
            if mentions:
                self._note_claims(sent, mentions, admitter, same_paragraph=mentions[-1].sentence.start >= paragraph_start)
            if not cands:
                self._note_toll(sent, mentions, paragraph_start)
                # a dated sentence with no event of ours still dates the
                # account it opens ("On 28 April, militiamen stopped a bus.")
                dated = self._has_date_entity(sent) and self.sentence_dates(sent)
                if dated:
                    carry_date = dated[0]
                    self._note_told_date(dated[0][1], dated[0][2])
                previous_dated = bool(dated)
                # and a place it is set in frames it too ("In Chuao, Aragua
                # state, armed men tried to land. Police detained 13.")
                framed = self._frame_place(sent, sent_ents)
                if framed[0] is not None:
                    carry_place = framed
                continue
            sent_date = self.sentence_dates(sent)
            self.continues_dated = previous_dated
            previous_dated = bool(sent_date)
            # a sentence that names places, none of them an event's, does not
            # continue the paragraph's place either (a name that is no known
            # place, "police, soldiers and Colectivos", does not count)
            names_places = any(self.ex.places.resolve(text, self.place_ctx) is not None
                               for _, _, text, _ in self._locative_names(sent_ents))
            place = place_span = None
            told_here = told
            for cand in cands:
                c_place, c_span = self.clause_place(cand.trigger.head, sent, sent_ents)
                mention = self.to_mention(cand, sent, sent_date, c_place, c_span, carry_date,
                                          (None, None) if names_places else carry_place)
                if mention is None and c_place is None:
                    mention = self._at_another_site(cand, sent, sent_date, carry_date, mentions)
                if mention is not None and cand.like_before and told is not None:
                    take_kind(mention, told)  # "46 such attacks": of the kind told before
                told_apart = self._per_date(mention, sent, sent_date) if mention is not None else ()
                for mention in [m for dated in told_apart for m in self._per_place(dated, c_span, cand.trigger.head)]:
                    mentions.append(mention)
                    self.told_protest = self.told_protest or mention.event_type in ("Protests", "Riots")
                    if mention.event_type is not None and not mention.raw.get("coding"):
                        told_here = mention
                    # (a report's undated lead event happened as it was published)
                    if mention.event_type is not None and mention.raw.get("event_date") != "paragraph":
                        self._note_told_date(mention.event_date, mention.time_precision)
                if place is None and c_place is not None:
                    place, place_span = c_place, c_span
            if place is not None:
                carry_place = (place, place_span)
            if sent_date:
                carry_date = sent_date[0]
            told = told_here
        return [self.finish(m) for m in fold_document(mentions)]


    # -------------------------------------------------------- per sentence
    def stext(self, sent: SpacySpan) -> str:
        """The sentence's text, sliced once (spaCy rebuilds ``Span.text`` from its tokens on every call)."""
        if self._stext_at != sent.start_char:
            self._stext_at, self._stext = sent.start_char, self.text[sent.start_char : sent.end_char]
        return self._stext

    def sentence_candidates(self, sent: SpacySpan) -> list[Candidate]:
        # "by March 10" is a date, not a march; "the March 23 Movement" a name
        triggers = [t for t in self.ex.lexicon.match(sent)
                    if not any(tok.ent_type_ in ("DATE", "TIME") for tok in self.sdoc[t.start : t.end])
                    and not (t.phrase == "march" and self.sdoc[t.start].text == "March" and t.start > sent.start)
                    and not _struck_something(t)
                    and not self._in_a_name(t, sent)]
        # shared by every trigger of the sentence (and by the place of a sentence without one)
        self.sent_triggers = triggers
        if not triggers:
            return []
        self.sent_lemmas = {t.lemma_.lower() for t in sent}
        classes = {t.cls for t in triggers}
        cands: list[Candidate] = []
        for trig in triggers:
            cand = self.code_trigger(trig, sent, classes)
            if cand is not None:
                cands.append(cand)
        return fold_sentence(cands)

    def _in_a_name(self, trig: Trigger, sent: SpacySpan) -> bool:
        """A capitalised trigger word inside an organisation's or a law's name
        ("the Operation Anti-Sexual Harassment/Assault", "the Protest Act"):
        a name, not an event."""
        first = self.sdoc[trig.start]
        if trig.start == sent.start or not first.text[:1].isupper():
            return False
        if first.ent_type_ in ("ORG", "LAW", "WORK_OF_ART", "EVENT", "FAC") and (
                first.ent_iob_ == "I" or (trig.end < len(self.sdoc) and self.sdoc[trig.end].ent_iob_ == "I")):
            return True
        # the model may miss the name: a capitalised word in a run of them,
        # mid-sentence in the body ("of the Operation Anti-Sexual Harassment/Assault")
        if sent.start_char < self.first_line_end:
            return False  # (a title capitalises every word)
        k = trig.start - 1
        while k > sent.start and self.sdoc[k].text in ("-", "/", "&"):
            k -= 1
        before = self.sdoc[k]
        return k > sent.start and before.text[:1].isupper() and before.is_alpha


    def code_trigger(self, trig: Trigger, sent: SpacySpan, classes: set[str]) -> Candidate | None:
        head = trig.head
        cls = trig.cls
        headline = is_headline(self.stext(sent), sent.start_char, self.first_line_end)
        status, governor = status_of(head, headline=headline)
        if status is None:
            return None
        if is_label(head) or is_reference(head, headline) or is_running_total(head):
            return None
        if cls in VIOLENT_CLASSES and any(c.dep_ in ("amod", "compound") and c.lemma_.lower() in FIGURATIVE_ARENAS for c in head.children):
            return None  # "a political siege", "a legal battle", "a diplomatic offensive": no one fought
        if cls in VERBAL_PLOVER and in_purpose_clause(head):
            return None  # "came to Kabul to meet the government": the meeting is an aim
        if (cls in ("regain", "seize") and head.dep_ == "acl" and head.head.lemma_.lower() in EFFORT_NOUNS
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)):
            return None  # "launched an offensive to retake the city": the offensive's aim, not yet won
        if cls == "clash" and _fled_from(head):
            return None  # "100,000 people have fled the fighting": why they fled, no fight told
        if (cls in VERBAL_PLOVER or cls == "change_group") and head.dep_ == "relcl":
            return None  # "prisoners who had vowed ...", "men who arrived in two cars": who they are
        if head.dep_ in ("relcl", "advcl") and head.tag_ == "VBG" and any(
                c.dep_ == "nsubj" and any(w.lower_ in ("whom", "which") for w in c.subtree) for c in head.children):
            return None  # "the freed men, most of whom were serving with the militia": who they were
        if cls == "clash" and head.tag_ == "VBN" and head.dep_ in ("acl", "amod") and trig.phrase in ("besiege", "encircle", "siege"):
            return None  # "towns besieged by rebels": the state they are in, told in passing
        if cls != "protest" and "protest" in classes and head.pos_ == "NOUN" and head.dep_ == "pobj" and head.head.lower_ in ("against", "over", "about"):
            return None  # "protested against the arrest of an editor": the grievance, told elsewhere
        agent, patient = roles(head)
        if agent is not None and trig.start <= agent.head.i < trig.end and not any(
                not trig.start <= t.i < trig.end and (t.ent_type_ in ("NORP", "GPE", "ORG") or t.pos_ == "PROPN")
                for t in agent.head.doc[agent.start : agent.end]):
            # "prisoner releases": the trigger's own words are not its actor
            # (but "Ukrainian drones struck ..." names whose drones)
            agent = None
        if agent is None:
            pronoun = next((c for c in head.children if c.dep_ == "nsubj" and c.tag_ == "PRP"), None)
            speaker = speaker_of(pronoun) if pronoun is not None else None
            if speaker is not None:
                agent = noun_phrase(speaker)  # "the army says it has retaken Aleppo": the army
        continues = False
        if (agent is None and part_of_them(head)) or (agent is not None and PART_OF_THEM.fullmatch(agent.text)):
            # "Thousands gathered outside parliament. Some of them broke into
            # the building": the crowd the sentence before told of
            antecedent = self._previous_subject(sent)
            if antecedent is not None:
                agent, continues = antecedent, True
        partner = with_partner(head)
        if partner is None and agent is not None and RECIPROCAL.search(self.text[head.idx : sent.end_char]):
            # "X and Y fought one another": the second of the pair is the other side
            other = next((c for c in agent.head.children if c.dep_ == "conj"), None)
            if other is not None:
                partner = noun_phrase(other)
        pair = between_pair(head) if agent is None else None
        if pair is not None:
            agent, partner = pair
        a1, a1_span = self.resolve_actor(agent)
        if a1 is None and head.pos_ == "NOUN" and not (pair or partner):
            # "a Saudi-led coalition airstrike": the words before a nominal
            # trigger name who struck when the actor file knows them
            a1, a1_span = self.resolve_actor(modifier_phrase(head))
            if a1 is not None and a1.kind in UNARMED_KINDS:
                a1, a1_span = None, None
        a2, a2_span = self.resolve_actor(patient)
        if a2 is None and partner is not None:
            a2, a2_span = self.resolve_actor(partner)
        if cls == "clash" and a2 is None and head.pos_ == "VERB" and in_purpose_clause(head):
            return None  # "a curfew to combat the spread of the virus": an aim, and no enemy
        patient_lemma = patient.head.lemma_.lower() if patient is not None else ""
        if patient_lemma in MEASURE_NOUNS:
            # "seized a ton of marijuana": what was measured is the patient
            measured = _prep_object(patient.head, "of")
            if measured is not None:
                patient_lemma = measured.lemma_.lower()
        patient_is_place = patient is not None and (
            patient_lemma in TERRITORY_NOUNS or patient.head.ent_type_ in ("GPE", "LOC", "FAC") or self._is_place(patient)
        )
        k1 = getattr(a1, "kind", None)
        k2 = getattr(a2, "kind", None)
        sent_lemmas = self.sent_lemmas
        coding: Coding | None = None
        extra_qty: dict[str, str] = {}
        facets: set[str] = set()  # one-off details told even without a number ("freeing prisoners")

        if cls in VERBAL_PLOVER:
            return self.code_verbal(trig, sent, status, governor, a1, a1_span, a2, a2_span)
        if status in ("demanded", "threatened", "denied") and governor is not None:
            # the demanded/threatened/denied act is folded into the verbal event
            return Candidate(Coding(None, None, None, None), status, trig, sent, a1, a2, a1_span, a2_span, absorbed=True)

        weapon = weapon_of(self.stext(sent))
        if cls in ("clash", "kill") and SHOTS_IN_THE_AIR.search(self.stext(sent)) and not fatalities(self.stext(sent)) and not (
                {"injure", "wound"} & sent_lemmas):
            # warning shots hit no one: a show of force, not an attack; fired
            # at a crowd the report told of, the force used on its demonstration
            if self.told_protest or CROWD_WORDS & sent_lemmas:
                return None
            coding = Coding.acled("Other", ("THREATEN", None))
            return self._candidate(coding, status, trig, sent, a1, None, a1_span, None, facets, {})
        if cls in REMOTE and WAR_REMNANT.search(self.stext(sent)):
            # a mine or shell left from a past war: no one attacked anyone, but
            # whoever it killed is counted as ACLED counts the dead of any event
            coding = Coding.acled("Other")
            cand = self._candidate(coding, status, trig, sent, None, a2, None, a2_span, facets | {"war remnant"}, {})
            cand.fatalities = fatalities(self.stext(sent), sent.start_char)
            return cand
        if cls == "displace":
            return self._code_displacement(trig, sent, status, agent, patient)
        if trig.phrase in COUNTED_ONLY and head.pos_ in ("NOUN", "PROPN"):
            # "projectiles", "bursts of fire", "shots" are an event only as an
            # observer's count ("57 shots were heard"); the heavy weapons'
            # fire is shelling, small arms or both sides firing a clash
            if not counted_fire(head, self.stext(sent)):
                return None
            coding = Coding.acled(counted_fire_subtype(self.stext(sent)))
            return self._candidate(coding, status, trig, sent, a1, a2, a1_span, a2_span, facets, {})
        if trig.phrase == "fire" and not (head.pos_ == "VERB" and any(
                c.dep_ == "prep" and c.lower_ in ("on", "at", "towards", "toward", "upon") for c in head.children)):
            return None  # only "fired (weapons) at/on someone" is an attack; "a fire broke out" is not
        armed_men = agent is not None and bool(ARMED_WORD.search(agent.text))
        r = Reading(trig=trig, sent=sent, classes=classes, status=status, head=head, cls=cls, agent=agent,
                    patient=patient, a1=a1, a1_span=a1_span, a2=a2, a2_span=a2_span, k1=k1, k2=k2,
                    patient_lemma=patient_lemma, patient_is_place=patient_is_place, sent_lemmas=sent_lemmas,
                    weapon=weapon, armed_men=armed_men, facets=facets, extra_qty=extra_qty)
        rule = RULES.get(cls)
        outcome = getattr(self, rule)(r) if rule is not None else None
        if isinstance(outcome, Coding):
            outcome = self._candidate(outcome, r.status, r.trig, r.sent, r.a1, r.a2, r.a1_span, r.a2_span, r.facets, r.extra_qty)
        if outcome is not None:
            outcome.continues = continues
            outcome.notes.update(r.notes)
            outcome.like_before = more_of_a_kind(head)
            outcome.retold = retold(head)
            if not outcome.specific and self._one_person(patient):
                outcome.specific = True  # "arrested a prominent commander": someone in particular
        return outcome  # (or a candidate the rule built itself, or no event)

    def _candidate(self, coding, status, trig, sent, a1, a2, a1_span, a2_span, facets, extra_qty) -> Candidate:
        cand = Candidate(coding, status, trig, sent, a1, a2, a1_span, a2_span)
        cand.facets = facets
        role_map = {"killed": "killed", "injured": "injured", "arrested": "arrested", "abducted": "abducted", "captured": "captured", "participants": "participants", "displaced": "displaced"}
        role_map.update(extra_qty)
        cand.quantities = self.quantities(sent, role_map)
        if coding.event_type in VIOLENT_TYPES or coding.event_type == "Riots" or coding.sub_event_type == "Excessive force against protesters":
            cand.fatalities = fatalities(self.stext(sent), sent.start_char) or singular_deaths(sent)
        named = lambda a: a is not None and not getattr(a, "generic", False)  # noqa: E731
        # "a man was arrested": one person told of is a particular event, as a
        # count is; generic talk speaks of kinds ("prisoners are released")
        one = any(span is not None and ONE_INDIVIDUAL.match(span.text) for span in (a1_span, a2_span))
        cand.specific = bool(named(a1) or named(a2) or cand.quantities or cand.fatalities or one)
        return cand

    def quantities(self, sent: SpacySpan, role_map: dict[str, str]) -> dict[str, Count]:
        found = counts_by_role(self.stext(sent), sent.start_char)
        out: dict[str, Count] = {}
        for role, counts in found.items():
            key = role_map.get(role)
            if key:
                best = lowest_credible(counts)
                if best is not None:
                    out[key] = best
        return out


    def _note_claims(self, sent: SpacySpan, mentions: list[Mention], admitter=None, same_paragraph: bool = True) -> None:
        """"X claimed responsibility", "the device was planted by X": name X as
        the author of the attack just told (in this paragraph; an admission of
        "the attack", ``admitter`` the subject of "admitted conducting the
        raid" found by ``_admission``, may come a paragraph later, as a
        report's second)."""
        lemmas = {t.lemma_.lower() for t in sent}
        subj = admitter
        if subj is None and not same_paragraph:
            return
        if subj is None:
            # "X claimed responsibility", "X took responsibility", "X claimed the
            # attack", "X claimed to have killed five soldiers"
            subj = next((t for t in sent if t.dep_ == "nsubj" and t.head.lemma_.lower() in ("claim", "take")
                         and ("responsibility" in lemmas or t.head.lemma_.lower() == "claim")), None)
        if subj is None:
            # "The device was likely planted by JNIM militants."
            subj = next((_prep_object(t, "by") for t in sent if t.lemma_.lower() in PLANTING_VERBS
                         and any(c.dep_ == "nsubjpass" and c.lemma_.lower() in DEVICE_NOUNS for c in t.children)), None)
        if subj is None:
            return
        actor, span = self.resolve_actor(noun_phrase(subj))
        if actor is None or getattr(actor, "kind", None) in ("civilians", "government"):
            return
        for m in reversed(mentions[-3:]):
            if m.event_type in VIOLENT_TYPES and (m.actor1 is None or m.actor1.startswith("Unidentified")):
                m.actor1 = actor.name
                if span is not None:
                    m.evidence["actor1"] = span
                m.raw["actor1"] = "claimed responsibility"
                break

    def _note_toll(self, sent: SpacySpan, mentions: list[Mention], paragraph_start: int) -> None:
        """A toll told in its own sentence ("At least 4 soldiers died.") belongs to
        the violent event just told in the same paragraph."""
        toll = fatalities(self.stext(sent), sent.start_char) or singular_deaths(sent)
        if toll is None or not mentions:
            return
        last = mentions[-1]
        # (a figure told after a vague word replaces it: "scores were killed ... at least 81 died")
        vague_before = bool(last.fatalities) and getattr(last.stated("fatalities"), "vague", False) and not toll.vague
        if last.event_type in VIOLENT_TYPES and last.sentence.start >= paragraph_start and (not last.fatalities or vague_before):
            last.fatalities = toll.value
            last.evidence["fatalities"] = Span(toll.start, toll.end, toll.text)
            last.raw["fatalities"] = toll.text
            last.raw["facet.killed"] = "1"
            if toll.value:
                last.quantities.setdefault("killed", toll.value)


# who owns an attack: "conceded conducting the raid", "acknowledged the strike"
ADMITTING_VERBS = {"admit", "acknowledge", "confirm", "concede"}
_CARRYING_OUT = {"carry", "conduct", "launch", "stage", "perpetrate", "execute", "commit", "mount"}
_ATTACK_NOUNS = {"attack", "strike", "airstrike", "raid", "bombing", "shelling", "bombardment", "assault", "ambush",
                 "operation", "killing", "massacre"}


# what is launched to win something: "an offensive to retake the city"
EFFORT_NOUNS = {"offensive", "operation", "campaign", "attack", "assault", "bid", "push", "drive", "effort", "attempt",
                "mission", "counteroffensive", "counter-offensive"}


def _struck_something(trig: Trigger) -> bool:
    """"Missiles struck a building", "their vehicle struck a mine": the verb
    that hits something is no labour strike (workers strike no one), and no
    protest is told for the sentence's other triggers to read as one."""
    head = trig.head
    if trig.cls != "protest" or trig.phrase != "strike":
        return False
    if head.pos_ == "VERB":
        return any(c.dep_ in ("dobj", "obj") for c in head.children)
    # "an Israeli strike", "US strikes on militia bases": a state's strike hits something
    return any(c.dep_ in ("amod", "compound", "poss") and c.ent_type_ in ("NORP", "GPE") for c in head.children) or any(
        c.dep_ == "prep" and c.lower_ in ("on", "against") for c in head.children)


def _fled_from(head) -> bool:
    """Whether a fight noun is what people fled ("fled the fighting", "escaped
    from the clashes"), told with no clause of its own."""
    if head.pos_ != "NOUN" or any(c.dep_ in ("relcl", "acl") for c in head.children):
        return False
    verb = (head.head.head if head.dep_ == "pobj" and head.head.lower_ == "from"
            else head.head if head.dep_ in ("dobj", "obj") else None)  # (fled "after attacks" tells them)
    return verb is not None and verb.lemma_.lower() in FLIGHT_VERBS


def _admission(sent):
    """The subject of "conceded conducting the raid" in a sentence, if any."""
    return next((t for t in sent if t.dep_ == "nsubj" and t.head.lemma_.lower() in ADMITTING_VERBS
                 and _owns_an_attack(t.head)), None)


def _owns_an_attack(verb) -> bool:
    """Whether an admitting verb's object is an attack the subject made."""
    for c in verb.children:
        if c.dep_ == "dobj" and c.lemma_.lower() in _ATTACK_NOUNS:
            return True
        if c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in _CARRYING_OUT and not any(
                n.dep_ == "neg" for n in c.children):
            return any(o.dep_ == "dobj" and o.lemma_.lower() in _ATTACK_NOUNS for o in c.children)
    return False


# a crowd fired over: "to disperse the crowd", "demonstrators"
CROWD_WORDS = {"crowd", "protester", "protestor", "demonstrator", "rioter", "mob", "demonstration", "protest", "riot"}
# arenas where "battles", "sieges" and "offensives" are only words
FIGURATIVE_ARENAS = {"political", "legal", "diplomatic", "economic", "media", "verbal", "electoral", "court", "legislative",
                     "cultural", "public-relations", "propaganda", "charm", "bureaucratic", "budget", "trade", "price",
                     "custody", "courtroom", "uphill", "ideological"}


