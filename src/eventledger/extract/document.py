"""Extraction over one parsed document.

For each sentence: match triggers, read roles and status, code each trigger
(``DocumentExtractor.code_trigger`` reads it; the codebook's rule for its
class, in ``rules``, codes it), then fold the
triggers that describe one event into one candidate (``folding``). Candidates
get their place, date and counts from the sentence (or, failing that, from the
paragraph and the publication date, marked as such), and the mentions of one
event told twice in the same report are folded together. The word lists and
parse clues the rules read are in ``cues``.
"""
from __future__ import annotations

import re
from dataclasses import replace as dc_replace
from functools import cached_property
from typing import TYPE_CHECKING

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..normalise import dates as date_norm
from ..normalise.numbers import Count, lowest_credible
from ..records import Document, Mention, Place, Span
from .coding import (
    ARMED_KINDS,
    STATE_KINDS,
    TERRITORY_NOUNS,
    UNARMED_KINDS,
    VERBAL_PLOVER,
    Coding,
)
from .cues import (
    ATTRIBUTION,
    ORG_AFTER_DATE,
    MILITARY_WORDS,
    ACRONYM_DEFINED,
    FIRE_NOUNS,
    MEMBER_NOUNS,
    DATELINE_REACH,
    ARMED_WORD,
    COUNTED_ONLY,
    CROWD_VIOLENCE,
    DATELINE,
    DESTINATION,
    DEVICE_NOUNS,
    EITHER_GROUP,
    EXCESSIVE_FORCE,
    FIGHTING_LEMMAS,
    GANG_HALLMARKS,
    GENERIC_ACTORS,
    DATED_HISTORY_YEARS,
    HISTORY_YEARS,
    INTERVENTION,
    LOCATIVE_BEFORE,
    MEASURE_NOUNS,
    ONE_INDIVIDUAL,
    PLANTING_VERBS,
    RECIPROCAL,
    REMOTE,
    SECURITY_FORCES,
    SAYING_LEMMAS,
    SENTENCE_FRAME,
    SHOTS_IN_THE_AIR,
    SLASHED_GROUP,
    THE_PLACE,
    VAGUE_PERIOD,
    VAGUE_PLACE,
    VIOLENT_CLASSES,
    VIOLENT_TYPES,
    WAR_REMNANT,
    clause_chain,
    clause_verb,
    counted_fire,
    counted_fire_subtype,
    in_purpose_clause,
    is_definite,
    is_headline,
    weapon_of,
)
from .folding import Candidate, fold_document, fold_sentence, is_casualty
from .rules import RULES, CodebookRules, Reading
from .quantities import counts_by_role, fatalities, forget_counts, singular_deaths
from .roles import Phrase, _prep_object, between_pair, modifier_phrase, noun_phrase, roles, with_partner
from .status import in_quotes, is_label, is_reference, is_running_total, more_of_a_kind, retold, status_of
from .triggers import Trigger



if TYPE_CHECKING:  # pragma: no cover
    from . import Extractor


def _shares_coordination(first: Token, later: Token) -> bool:
    """Whether ``later`` is a verb coordinated after ``first`` with no subject
    of its own (so what modifies the end of the list modifies the whole list)."""
    if later.i <= first.i or later.pos_ != "VERB":
        return False
    tok = later
    while tok.dep_ == "conj" and tok.head != tok:
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            return False
        tok = tok.head
        if tok == first:
            return True
    return False


class DocumentExtractor(CodebookRules):
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

    def _capital(self, country: str | None) -> Place | None:
        places = self.ex.places
        cc = places.country_code(country)
        region = places.gazetteer.country(cc) if cc else None
        capital = places.gazetteer.capital_of(region) if region is not None else None
        return capital.to_place() if capital is not None else None

    @cached_property
    def snippet(self) -> bool:
        """A report of a sentence or three (a wire snippet, a note): see ``to_mention``."""
        return len(self.text) <= 800 and sum(1 for _ in self.sdoc.sents) <= 3

    @cached_property
    def dominant_place(self) -> tuple[Place | None, Span | None]:
        return self.ex.places.dominant_place(self.place_ctx)

    @cached_property
    def sole_place(self) -> tuple[Place | None, Span | None]:
        return self.ex.places.sole_place(self.place_ctx)

    @cached_property
    def tells_fighting(self) -> bool:
        """Whether any fighting is told anywhere in the report (asked only of takeovers)."""
        return any(t.lemma_.lower() in FIGHTING_LEMMAS for t in self.sdoc)

    # ------------------------------------------------------------------ setup
    def _find_datelines(self) -> list[tuple[int, int, str]]:
        """Datelines opening the report or one of its first paragraphs: (start,
        end, place named). A dateline is where the reporter filed from, not where
        anything happened ("KABUL, Afghanistan - The Taliban ..."); it must name
        a place the gazetteer knows, so that "Police:" opens no dateline."""
        found = []
        starts = [0] + [m.end() for m in re.finditer(r"\n\s*", self.text[:DATELINE_REACH])]
        for start in starts:
            m = DATELINE.match(self.text, start)
            if m is None or m.end() - start > 80:
                continue
            known = [name for name in (m.group("place"), m.group("region"), m.group("paren")) if name
                     and any(c.match in ("name", "alias") and c.kind in ("city", "country", "admin1")
                             for c in self.ex.places.lookup(name))]
            if m.group("place") in known or (known and m.group("region") in known):
                found.append((start, m.end(), m.group("place")))
        return found

    def _dateline_place(self) -> tuple[Place | None, Span | None]:
        """The town of the report's first dateline, when the report names no
        place of its own below the country: there "the city" is that town
        ("KABUL (AP) - Mobs attacked women in the city"). A report that names
        places is placed by them."""
        if not self.datelines or self.main_place[0] is not None:
            return None, None
        start, _, name = self.datelines[0]
        place = self.ex.places.resolve(name, self.place_ctx)
        if place is None or place.kind == "country":
            return None, None
        at = self.text.find(name, start)
        return place, Span(at, at + len(name), name)

    def _in_dateline(self, offset: int) -> bool:
        return any(s <= offset < e for s, e, _ in self.datelines)

    def _entities(self) -> list[tuple[int, int, str, str]]:
        self.datelines = self._find_datelines()
        ents = [(e.start_char, e.end_char, e.text, e.label_) for e in self.sdoc.ents if not self._in_dateline(e.start_char)]
        places = self.ex.places.find_place_names(self.text)
        taken = [(s, e) for s, e, _, label in ents if label in ("GPE", "LOC", "FAC")]
        out = []
        for s, e, t, label in ents:
            # the gazetteer knows better than the small model that "Spin Boldak" is a place
            if label in ("ORG", "PERSON") and any(ps <= s and e <= pe for ps, pe, *_ in places):
                label = "GPE"
            out.append((s, e, t, label))
        for ps, pe, pt in places:
            if self._in_dateline(ps):
                continue
            if not any(s < pe and ps < e for s, e, *_ in out):
                out.append((ps, pe, pt, "GPE"))
            elif not any(s < pe and ps < e for s, e in taken):
                if any(label == "PERSON" and s <= ps and pe <= e and (s, e) != (ps, pe) for s, e, _, label in out):
                    continue  # a word of a longer person's name: "Colonel Mahmud Hamza" is no town
                out = [x for x in out if not (x[0] < pe and ps < x[1] and x[3] in ("ORG", "PERSON"))]
                out.append((ps, pe, pt, "GPE"))
        return sorted(out)

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
            sent_ents = [e for e in self.ents if sent.start_char <= e[0] and e[1] <= sent.end_char]
            if mentions and mentions[-1].sentence.start >= paragraph_start:
                self._note_claims(sent, mentions)
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
                if mention is not None and cand.like_before and told is not None:
                    _take_kind(mention, told)  # "46 such attacks": of the kind told before
                for mention in self._per_date(mention, sent, sent_date) if mention is not None else ():
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

    def _note_told_date(self, value: str | None, precision: int | None) -> None:
        """Remember a day or a week told, which "two days earlier" counts from."""
        if value and precision and precision <= 2:
            self.told_date = (value, precision)

    def _per_date(self, mention: Mention, sent: SpacySpan, sent_date) -> list[Mention]:
        """One mention per day of a list of counts by day ("30 assaults on Friday,
        12 on Saturday and 9 on Sunday"), each dated and evidenced by its own
        day; any other mention as it is."""
        own = mention.evidence.get("event_date")
        if own is None or len(sent_date) < 2:
            return [mention]
        counted = [d for d in sent_date if d[1] is not None and COUNT_BEFORE_DATE.search(self.text[max(sent.start_char, d[0].start - 40) : d[0].start])]
        if len(counted) < 2 or not any(d[0] == own for d in counted):
            return [mention]
        out = []
        for span, value, precision in counted:
            copy = dc_replace(mention, evidence=dict(mention.evidence), raw=dict(mention.raw), quantities=dict(mention.quantities))
            copy.event_date, copy.time_precision = value, precision
            copy.evidence["event_date"] = span
            copy.raw["event_date.list"] = "one of a list of days"
            out.append(copy)
        return out

    def _forces_country(self, cand: Candidate) -> str | None:
        """The country of a state's forces the phrase itself names ("Colombian
        troops", "the Iraqi army"), not one completed from the report."""
        actor, span = cand.actor1, cand.actor1_span
        if actor is None or span is None or actor.kind not in ("state_military", "state_police"):
            return None
        named = self.ex.actors.country_of(span.text)
        return named if named == actor.country else None

    def _frame_place(self, sent: SpacySpan, sent_ents: list) -> tuple[Place | None, Span | None]:
        """The place a sentence with no event of ours is set in, if it names one below country level."""
        if not self._locative_names(sent_ents):
            return None, None
        place, span = self.clause_place(sent.root, sent, sent_ents)
        if place is None or place.kind == "country":
            return None, None
        return place, span

    def _has_date_entity(self, sent: SpacySpan) -> bool:
        return any(e[3] == "DATE" and sent.start_char <= e[0] < sent.end_char for e in self.ents)

    # ------------------------------------------------------------ finishing
    def paragraph(self, offset: int) -> str:
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return self.text[start : end if end >= 0 else len(self.text)]

    def finish(self, m: Mention) -> Mention:
        """What only the whole paragraph tells: how a demonstration went, and
        the actors ACLED always names (protesters, rioters, unknown attackers)
        in the country where it happened."""
        where = m.place.country or self.country
        if m.event_type in ("Protests", "Riots"):
            para = self.paragraph(m.sentence.start)
            sub = m.sub_event_type
            if EXCESSIVE_FORCE.search(para):
                sub = "Excessive force against protesters"
            elif CROWD_VIOLENCE.search(para) and sub not in ("Mob violence", "Excessive force against protesters"):
                sub = "Violent demonstration"
            elif INTERVENTION.search(para) and sub == "Peaceful protest":
                sub = "Protest with intervention"
            if sub != m.sub_event_type:
                coding = Coding.acled(sub)
                m.event_type, m.sub_event_type, m.plover_type, m.plover_mode = coding.event_type, coding.sub_event_type, coding.plover_type, coding.plover_mode
                m.raw["sub_event_type"] = "paragraph cues"
            crowd = "rioters" if m.event_type == "Riots" else "protesters"
            if sub == "Excessive force against protesters":
                crowd = "protesters"
            crowd_country = where
            said = m.evidence.get("actor1")
            if (said is not None and m.actor1 and m.actor1.endswith(")")
                    and m.actor1.startswith(("Civilians (", "Protesters (", "Rioters ("))
                    and self.ex.actors.country_of(said.text) == m.actor1[m.actor1.index("(") + 1 : -1]):
                # "Indian nationals clashed with Nepali police": ACLED's brackets
                # say whose people they are, which the report named
                crowd_country = m.actor1[m.actor1.index("(") + 1 : -1]
            actor = self.default_actor(crowd, crowd_country, m.event_date)
            if actor is not None:
                if m.actor1 and m.actor1 != actor.name and not m.actor1.startswith(("Protesters", "Rioters")):
                    # the group that demonstrated is ACLED's associated actor
                    if not m.assoc_actor_1 and not m.actor1.startswith(("Civilians", "Unidentified", "Police", "Military")):
                        m.assoc_actor_1 = m.actor1
                    elif m.actor1.startswith(("Police", "Military")) and not m.actor2:
                        m.actor2 = m.actor1
                m.actor1 = actor.name
        elif m.actor1 is None and (m.sub_event_type == "Looting/property destruction" or "facet.war remnant" in m.raw):
            # property wrecked by no one named, a mine laid by no one named:
            # ACLED's unidentified armed group of the country
            unknown = self.default_actor("unidentified armed group", where, m.event_date)
            if unknown is not None:
                m.actor1 = unknown.name
        elif m.event_type == "Explosions/Remote violence" and m.actor1 is None and m.sub_event_type != "Air/drone strike":
            unknown = self.default_actor("unidentified armed group", where, m.event_date)
            if unknown is not None:
                m.actor1 = unknown.name
        for field_name in ("actor1", "actor2"):
            value = getattr(m, field_name)
            # generic actors take the country of the event, not of the report
            # (and one resolved before any country was known gets it now)
            base = value.split(" (")[0] if value else None
            if (where and base in GENERIC_ACTORS and value != f"{base} ({where})"
                    and m.raw.get(f"{field_name}.country") != "named"):
                setattr(m, field_name, f"{base} ({where})")
        return m

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

    def resolve_actor(self, phrase: Phrase | None):
        if phrase is None:
            return None, None
        speaker = _speaker_of(phrase.head)
        if speaker is not None:
            # "The ELN said it bombed the academy": "it" is the ELN
            phrase = noun_phrase(speaker)
        said_to_be = _said_to_be(phrase.head)
        if said_to_be is not None:
            # "men suspected to be Al Shabaab militants" are those militants
            actor, span = self.resolve_actor(noun_phrase(said_to_be))
            if actor is not None and actor.kind in ARMED_KINDS:
                return actor, span
        actor = self.ex.actors.resolve(phrase.text, self.document.published, self.actor_ctx, self.country)
        if actor is None and phrase.head.lemma_.lower() in FIRE_NOUNS:
            # "Israeli fire", "Russian shelling": the fire of that state's forces
            modifier = modifier_phrase(phrase.head)
            if modifier is not None:
                forces = self.ex.actors.resolve(f"{modifier.text} forces", self.document.published, self.actor_ctx, self.country)
                actor = forces if forces is not None and forces.kind in STATE_KINDS | ARMED_KINDS else None
        if actor is None:
            # "GNA and LNA forces": the first of a pair shares the last one's noun
            shared = next((c for c in phrase.head.children if c.dep_ == "conj" and c.pos_ == "NOUN"), None)
            if shared is not None and phrase.head.pos_ == "PROPN":
                actor = self.ex.actors.resolve(f"{phrase.text} {shared.text}", self.document.published, self.actor_ctx, self.country)
        if actor is None or actor.name.startswith("Unidentified"):
            # the file knows no such group: the report's own name for it
            named = self._named_organisation(phrase)
            if named is not None:
                actor = named
        if actor is None:
            return None, None
        if actor.kind in ARMED_KINDS:
            # "JNIM or ISGS militants", "Boko Haram/IS": ACLED names both, "A and/or B"
            pair = None
            alt = next((c for c in phrase.head.children if c.dep_ == "conj"), None)
            if alt is not None and any(c.dep_ == "cc" and c.lower_ == "or" for c in phrase.head.children):
                pair = (actor, self.ex.actors.resolve(noun_phrase(alt).text, self.document.published, self.actor_ctx, self.country))
            elif (either := EITHER_GROUP.search(phrase.text)) is not None:
                pair = tuple(self.ex.actors.resolve(either.group(i), self.document.published, self.actor_ctx, self.country) for i in (1, 2))
            elif (slashed := SLASHED_GROUP.match(self.text, phrase.char_span[1])) is not None:
                # "Boko Haram/IS claimed ...": the parser left the second name out of the phrase
                pair = (actor, self.ex.actors.resolve(slashed.group(1), self.document.published, self.actor_ctx, self.country))
            if pair and None not in pair and pair[0].name != pair[1].name and {pair[0].kind, pair[1].kind} <= ARMED_KINDS:
                actor = dc_replace(actor, name=self.ex.actors.pair(pair[0].name, pair[1].name))
        s, e = phrase.char_span
        return actor, Span(s, e, self.text[s:e])

    @cached_property
    def acronyms(self) -> dict[str, str]:
        """Acronyms the report expands: "National Liberation Army (ELN)"."""
        return {m.group(2): re.sub(r"^The\s+", "", m.group(1)) for m in ACRONYM_DEFINED.finditer(self.text)}

    def _named_organisation(self, phrase: Phrase):
        """An armed organisation the report names that the actor file lacks: the
        phrase's own name, an organisation's name inside it, or one set beside it
        ("two armed factions, the 7th Brigade and the Nawasi")."""
        s, e = phrase.char_span
        names = [t for es, ee, t, label in self.ents if label == "ORG" and s <= es and ee <= e]
        names += [noun_phrase(c).text for c in phrase.head.children if c.dep_ == "appos"]
        # "fighters of the Jalisco New Generation Cartel" (but "the leader of X" is a person)
        if phrase.head.lemma_.lower() in MEMBER_NOUNS:
            names += [noun_phrase(g).text for c in phrase.head.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj"]
        names.append(self.text[s:e])
        for name in names:
            actor = self.ex.actors.named_organisation(name, self.country, self.acronyms)
            if actor is not None:
                return actor
        return None

    def default_actor(self, description: str, country: str | None = None, date: str | None = None):
        return self.ex.actors.resolve(description, date or self.document.published, self.actor_ctx, country or self.country)

    def _at_event(self, actor, span: Span | None, date: str | None, country: str | None):
        """Name the actor as of the event's date and place (regimes change: "U.S."
        in a 2020 deal; "IS" in Syria is ACLED's Islamic State (Syria))."""
        if actor is None or span is None or " and/or " in actor.name:
            return actor  # (a pair, "JNIM or ISGS militants", was named from the parse, not the words)
        same_year = date is None or date[:4] == (self.document.published or "")[:4]
        if same_year and (country is None or country == self.country):
            return actor
        again = self.ex.actors.resolve(span.text, date or self.document.published, self.actor_ctx, country or self.country)
        return again if again is not None and again.kind == actor.kind else actor

    def _previous_subject(self, sent: SpacySpan) -> Phrase | None:
        """The subject of the sentence just before, when it names who acted (a pronoun's antecedent, by the simplest rule: the
        last subject told)."""
        # (news paragraphs are often one sentence long: the one before may
        # end the paragraph before; a quotation told in between is passed over)
        start = sent.start
        for _ in range(3):
            if start == 0:
                return None
            before = self.sdoc[start - 1].sent
            start = before.start
            if in_quotes(before.root, self.text):
                continue
            for tok in before:
                # the first subject that names someone (not "we", not "some of them" again)
                if tok.dep_ != "nsubj" or tok.pos_ == "PRON" or PART_OF_THEM.fullmatch(noun_phrase(tok).text):
                    continue
                phrase = noun_phrase(tok)
                actor, _ = self.resolve_actor(phrase)
                if actor is not None:
                    return phrase
                break
            else:
                continue  # no subject of its own: look further back
            return None
        return None

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
        if agent is not None and trig.start <= agent.head.i < trig.end:
            agent = None  # "prisoner releases": the trigger's own words are not its actor
        if agent is None:
            pronoun = next((c for c in head.children if c.dep_ == "nsubj" and c.tag_ == "PRP"), None)
            speaker = _speaker_of(pronoun) if pronoun is not None else None
            if speaker is not None:
                agent = noun_phrase(speaker)  # "the army says it has retaken Aleppo": the army
        continues = False
        if (agent is None and _part_of_them(head)) or (agent is not None and PART_OF_THEM.fullmatch(agent.text)):
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
            # warning shots hit no one: a show of force, not an attack
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

    def _is_place(self, phrase: Phrase) -> bool:
        s, e = phrase.char_span
        return any(s <= es and ee <= e and label in ("GPE", "LOC", "FAC") for es, ee, _, label in self.ents)

    def _note_claims(self, sent: SpacySpan, mentions: list[Mention]) -> None:
        """"X claimed responsibility", "the device was planted by X": name X as
        the author of the attack just told."""
        lemmas = {t.lemma_.lower() for t in sent}
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

    # ------------------------------------------------------------ places
    def _locative_names(self, sent_ents: list) -> list:
        """The sentence's place entities used as places ("in Kabul"), not as actors."""
        return [e for e in sent_ents if e[3] in ("GPE", "LOC", "FAC") and self._locative(e[0], e[1])]

    def _locative(self, start: int, end: int) -> bool:
        """A name used as a place ("in Kabul"), not as an actor ("the US airstrikes")."""
        span = self.sdoc.char_span(start, end, alignment_mode="expand")
        return span is not None and span.root.dep_ in ("pobj", "dobj", "appos", "conj")

    def clause_place(self, head, sent: SpacySpan, sent_ents):
        """The event place among the names in the trigger's clause (or the clauses
        above it): "released 5,000 prisoners to help start talks in Doha" did not
        happen in Doha."""
        ctx = self.place_ctx
        chain = clause_chain(head)

        def in_clause(start: int, end: int, descriptions: bool = False) -> bool:
            span = self.sdoc.char_span(start, end, alignment_mode="expand")
            if span is None:
                return True
            root = span.root
            verb = clause_verb(root)
            if verb in chain or root.i == head.i or root.head.i == head.i or (head.pos_ != "VERB" and head.is_ancestor(root)):
                return True
            # a place inside another clause belongs to that clause only when the
            # clause is an aim or a description ("to start talks in Doha",
            # "the commander overseeing an assault on Lashkargah"):
            # climb to the clause that hangs from the trigger's own clauses and
            # judge that one: "to help start talks in Doha" is an aim,
            # "when attempting to pass a checkpoint in Helmand" a circumstance
            for _ in range(8):
                above = clause_verb(verb.head) if verb.head != verb else verb
                if above in chain or above == verb:
                    break
                verb = above
            aim = verb.dep_ in ("advcl", "xcomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            return not aim and (descriptions or verb.dep_ not in ("acl", "relcl"))

        mentions = [m for m in ctx.mentions if sent.start_char <= m.start and m.end <= sent.end_char]

        def narrowed(descriptions: bool):
            """The sentence's names that ``in_clause`` keeps, and the context holding only those."""
            kept = [m for m in mentions if in_clause(m.start, m.end, descriptions)]
            ents = [e for e in sent_ents if in_clause(e[0], e[1], descriptions)]
            if len(kept) == len(mentions) and len(ents) == len(sent_ents):
                return ents, ctx
            return ents, dc_replace(ctx, mentions=[m for m in ctx.mentions if m not in mentions or m in kept])

        ents, local = narrowed(descriptions=False)
        place, span = self.ex.places.event_place(self.stext(sent), sent.start_char, ents, local)
        if span is not None and not in_clause(span.start, span.end):
            place, span = None, None
        if (place is None or place.kind == "country") and local is not ctx:
            # no place of its own: a place told in a description beside the
            # event ("militants who attacked positions in X") is still where it
            # happened, but never one in an aim ("to start talks in Doha")
            ents, local = narrowed(descriptions=True)
            wide, wide_span = self.ex.places.event_place(self.stext(sent), sent.start_char, ents, local)
            if (wide is not None and wide.kind != "country" and in_clause(wide_span.start, wide_span.end, descriptions=True)
                    and LOCATIVE_BEFORE.search(self.text[max(0, wide_span.start - 40) : wide_span.start])
                    and not self._tells_other_event(wide_span, head)):
                return wide, wide_span
        return place, span

    def _names_place_of_other_event(self, sent: SpacySpan, head) -> bool:
        """Whether a place the sentence names belongs to another event told in it
        ("the commander leading an assault on Kunduz was released")."""
        return any(self._tells_other_event(Span(m.start, m.end, m.text), head) for m in self.place_ctx.mentions
                   if sent.start_char <= m.start and m.end <= sent.end_char)

    def _tells_other_event(self, span: Span, head) -> bool:
        """Whether the clause naming ``span`` has an event trigger of its own
        ("the commander overseeing an assault on Lashkargah")."""
        toks = self.sdoc.char_span(span.start, span.end, alignment_mode="expand")
        if toks is None:
            return False
        verb = clause_verb(toks.root)
        own = {t.i for t in verb.subtree}
        return any(t.head.i in own and t.head.i != head.i and not head.is_ancestor(t.head) for t in self.sent_triggers)

    # ------------------------------------------------------------ dates
    def clause_dates(self, head, sent_date, verbal: bool = False):
        if not sent_date:
            return []
        sent = head.sent
        chain = clause_chain(head)
        own_verb = chain[0] if chain else None
        own = []
        for item in sent_date:
            span = item[0]
            tok = self.sdoc.char_span(span.start, span.end, alignment_mode="expand")
            if tok is None:
                continue
            root = tok.root
            verb = clause_verb(root)
            if not verbal and verb != own_verb and verb.lemma_.lower() in SAYING_LEMMAS and verb in chain:
                continue  # "IS said Thursday it carried out the bombings": when it spoke
            if not verbal and ATTRIBUTION.search(self.text[max(sent.start_char, span.start - 90) : span.start]):
                continue  # "... according to reports by officials on Saturday": when they reported
            # a noun owns what modifies it ("the deal signed last year"); a verb
            # does not own the clauses below it ("released ... to start talks in May")
            if verb in chain or head.i in {t.i for t in tok} or root.head.i == head.i or (head.pos_ != "VERB" and head.is_ancestor(root)):
                own.append(item)
            elif own_verb is not None and _shares_coordination(own_verb, verb):
                # "arrested 11 people, confiscated weapons and seized drugs on
                # Tuesday": a date after the last of verbs sharing one subject dates them all
                own.append(item)
        return own

    def sentence_dates(self, sent: SpacySpan) -> list[tuple[Span, str | None, int | None]]:
        out = []
        for expr in date_norm.find_date_expressions(self.stext(sent)):
            if expr.kind != "date":
                continue
            value, precision = date_norm.resolve(expr, self.document.published)
            if value is None:
                continue
            s = sent.start_char + expr.start
            e = s + (expr.end - expr.start)
            if any(label == "ORG" and es <= s and e <= ee for es, ee, _, label in self.ents) or ORG_AFTER_DATE.match(self.text, e):
                continue  # a date in a name ("the March 23 Movement") dates nothing
            out.append((Span(s, e, expr.text), value, precision))
        absolute = list(out)
        for rel in date_norm.find_relative_to_event(self.stext(sent)):
            # "A week before that, militants killed ...": from the event told
            # last; but "told Reuters on Wednesday that the strike a day
            # earlier ...": from the sentence's own date before it
            s = sent.start_char + rel.start
            e = s + (rel.end - rel.start)
            if any(span.start < e and s < span.end for span, _, _ in absolute):
                continue
            if rel.before_clause:
                after = self.sdoc.char_span(e - 5, e, alignment_mode="expand")
                if after is None or after[-1].dep_ != "mark":
                    continue  # "came a week after the inauguration": from another thing
            own = [(v, p) for span, v, p in absolute if span.end <= s and v is not None and p is not None and p <= 2]
            anchor = own[-1] if own else self.told_date
            if anchor is not None:
                value, precision = date_norm.shift(*anchor, rel.days, rel.precision)
                if value is not None:
                    out.append((Span(s, e, rel.text), value, precision))
        out.sort(key=lambda d: d[0].start)
        return out

    # ------------------------------------------------------------ mention
    def to_mention(self, cand, sent, sent_date, place, place_span, carry_date, carry_place) -> Mention | None:
        coding = cand.coding
        sentence = Span(sent.start_char, sent.end_char, self.stext(sent))
        trig_tok = self.sdoc[cand.trigger.start : cand.trigger.end]
        trigger_span = Span(trig_tok.start_char, trig_tok.end_char, trig_tok.text)
        m = Mention(document=self.document.id, sentence=sentence, status=cand.status,
                    publisher=self.document.publisher, published=self.document.published)
        m.event_type, m.sub_event_type = coding.event_type, coding.sub_event_type
        m.plover_type, m.plover_mode = coding.plover_type, coding.plover_mode
        m.evidence["trigger"] = trigger_span
        if cand.absorbed:
            m.raw["absorbed"] = "1"
        casualty = is_casualty(cand)
        if casualty:
            m.raw["casualty"] = casualty  # a toll told alone: see folding.fold_casualties
        if sent.start_char < self.first_line_end and is_headline(self.stext(sent), sent.start_char, self.first_line_end):
            m.raw["headline"] = "1"  # the title: see folding.fold_headline
        if in_quotes(cand.trigger.head, self.text) and m.status == "occurred" and coding.event_type is not None:
            m.status = "claimed"

        # date: an expression in the trigger's clause or one above it (not one
        # that dates another clause: "the commander of the assault was freed
        # last year"); else the paragraph's; else the report's
        own_dates = self.clause_dates(cand.trigger.head, sent_date, verbal=coding.event_type is None)
        if not own_dates and cand.status in ("occurred", "claimed"):
            # "On 28 April, X (coded as Y) took ...": a date that opens the
            # sentence frames all of it, however the parse hung it
            own_dates = [d for d in sent_date if SENTENCE_FRAME.fullmatch(self.text[sent.start_char : d[0].start])]
        if own_dates:
            span, value, precision = min(own_dates, key=lambda d: abs(d[0].start - trigger_span.start))
            if VAGUE_PERIOD.search(span.text) and cand.coding.event_type is not None:
                return None  # "in recent months": a trend, not an event
            m.event_date, m.time_precision = value, precision
            m.evidence["event_date"] = span
        elif sent_date and not own_dates and cand.status != "occurred":
            return None
        elif VAGUE_PERIOD.search(self.stext(sent)) and cand.coding.event_type is not None:
            return None  # "in recent months": a trend, not an event
        elif carry_date[1] is not None:
            m.event_date, m.time_precision = carry_date[1], carry_date[2]
            m.raw["event_date"] = "paragraph"
            if carry_date[0] is not None:
                m.evidence["event_date"] = carry_date[0]
        elif self.document.published:
            m.event_date, m.time_precision = self.document.published, 1
            m.raw["event_date"] = "publication date"

        recalled = ("event_date" in m.evidence and int(self.document.published[:4]) - int(m.event_date[:4]) <= DATED_HISTORY_YEARS
                    and (m.time_precision == 1 or (coding.event_type in VIOLENT_TYPES and place is not None and place.kind not in (None, "country")
                                                   and ({"death", "die", "kill", "killing"} & self.sent_lemmas))))
        if (m.event_date and self.document.published and int(self.document.published[:4]) - int(m.event_date[:4]) > HISTORY_YEARS
                and not recalled):
            # background; but an incident of this decade dated to its day ("on
            # January 3, 2020"), or an attack recalled with its own place and
            # time ("the colonel's killing by a missile in Idlib three years ago"), is one
            return None
        if m.status == "planned" and not own_dates:
            return None  # an intention with no time is not yet an event to record

        # place: the sentence's event place; else the paragraph's; else the country
        went_to = False
        if place is not None and cand.trigger.cls == "withdraw" and place_span is not None and DESTINATION.search(self.text[max(0, place_span.start - 30) : place_span.start]):
            place, went_to = None, True  # "fled into Tajikistan": where they went, not where it happened
        # a country alone says little: the report's own geography places the
        # event more closely when it lies in that country
        country_named = place.country if place is not None and place.kind == "country" else None
        dominant = self.dominant_place[0]
        if place is not None and place.kind != "country":
            m.place = place
            if place_span is not None:
                m.evidence["location"] = place_span
        elif carry_place[0] is not None:
            m.place = carry_place[0]
            m.raw["location"] = "paragraph"
            if carry_place[1] is not None:
                m.evidence["location"] = carry_place[1]
        elif THE_PLACE.search(self.stext(sent)) and self.main_place[0] is not None:
            # "drove the insurgents out of the city": the city the report is about
            m.place, m.evidence["location"] = self.main_place
            m.raw["location"] = "the report's main place"
        elif (self.dateline_place[0] is not None and place is None and not went_to
              and THE_PLACE.search(self.stext(sent))
              and self.dateline_place[0].country == (country_named or self.country)):
            # "the city" of a report that names no town but its dateline's is
            # that town; an event told with no place word at all is not put
            # there, since wire stories filed from a capital tell of the
            # whole country ("NAIROBI (AP) - Gunmen killed five herders")
            m.place, m.evidence["location"] = self.dateline_place
            m.raw["location"] = "the dateline's town"
        elif (self.sole_place[0] is not None and country_named in (None, self.sole_place[0].country)
              and not self._names_place_of_other_event(sent, cand.trigger.head)):
            # a report whose every place lies in one province (a short note,
            # "gunmen attacked IDPs near a village west of X (North Darfur)"):
            # the event is there, whatever the parse made of the sentence
            m.place, m.evidence["location"] = self.sole_place
            m.raw["location"] = "the report's only province"
        elif (dominant is not None and coding.event_type is not None and not went_to
              and (country_named or self.country) == dominant.country
              and not (self.dominant_place[1] is not None and self.dominant_place[1].text in self.stext(sent)
                       and self._names_place_of_other_event(sent, cand.trigger.head))):
            # (but not the place the sentence itself gives another act: "the
            # commander leading an assault on Kunduz was released")
            m.place, m.evidence["location"] = self.dominant_place
            m.raw["location"] = "the report's dominant province"
        elif place is not None:
            m.place = place
            if place_span is not None:
                m.evidence["location"] = place_span
        elif ((own_forces := self._forces_country(cand)) is not None and own_forces != self.country
              and self.main_place[0] is not None and self.main_place[0].country == own_forces):
            # "Colombian troops bombed a camp", told nowhere in particular in a
            # report about Bogota that names Cuba more often (as the talks'
            # host): the forces act at home, where the report's main place is
            m.place = Place(location=own_forces, country=own_forces, precision=3, kind="country")
            m.raw["location"] = "the forces' own country"
        elif self.country:
            m.place = Place(location=self.country, country=self.country, precision=3, kind="country")
            m.raw["location"] = "document country"
        if (m.place.kind == "country" and coding.event_type == "Strategic developments" and cand.actor1 is not None
                and cand.actor1.kind == "government" and cand.actor1.country == m.place.country):
            # a national government's act told nowhere in particular ("prisoners
            # were released by Nicaragua") is placed at its capital, as ACLED does
            capital = self._capital(m.place.country)
            if capital is not None:
                m.place = dc_replace(capital, precision=3)
                m.raw["location"] = "the capital (a national government's act)"

        if (cand.coding.event_type in VIOLENT_TYPES and VAGUE_PLACE.search(self.stext(sent)) and not cand.retold
                and not (place is not None and place.kind != "country" and not own_dates)):
            return None  # "clashes in several cities": a situation, not one event
        if (cand.trigger.head.pos_ == "NOUN" and is_definite(cand.trigger.head) and not own_dates
                and place is None and not cand.quantities and not cand.fatalities):
            return None  # "the prisoner release": a reference back to an event told elsewhere
        # a snippet of a sentence or two is all news: what it tells in the past
        # tense happened, dated or not, placed or not
        news = self.snippet and _told_in_past(cand.trigger.head)
        has_own_anchor = cand.specific or bool(sent_date) or (place is not None and place.kind != "country") or news or cand.continues
        if not cand.absorbed and not has_own_anchor:
            return None  # generic talk ("prisoner releases are a necessary step")
        if coding.event_type in VIOLENT_TYPES and not cand.absorbed and not news:
            # the place may come from the paragraph ("stormed the city" after "Fort
            # Nau"), but not from the report's main place alone
            specific_place = m.place.kind not in (None, "country") and m.raw.get("location") != "the report's dominant province"
            # a counted act right after a dated sentence goes on with its
            # account ("On 28 April, militiamen stopped a bus. Nine were abducted.")
            # (and so does what "some of them" did, after the crowd was told of)
            goes_on = (self.continues_dated and bool(cand.quantities or cand.fatalities)) or cand.continues
            if not specific_place and not sent_date and not goes_on:
                return None  # "clashes somewhere in the country": not a codable event

        # actors, with defaults where the report leaves a side implicit
        where = m.place.country or self.country
        a1 = self._at_event(cand.actor1, cand.actor1_span, m.event_date, where)
        a2 = self._at_event(cand.actor2, cand.actor2_span, m.event_date, where)
        cand.actor1, cand.actor2 = a1, a2
        if (coding.event_type in ("Protests", "Riots") and where and a1 is not None and a1.kind in ("protesters", "rioters")
                and a1.country != where and a1.generic):
            a1 = self.default_actor(a1.kind, where)
        if coding.event_type == "Battles":
            if a1 is None and a2 is not None and a2.kind in STATE_KINDS:
                a1 = self.default_actor("militants", where, m.event_date)
            elif a1 is not None and a2 is None:
                a2 = self.default_actor("militants" if a1.kind in STATE_KINDS else "government forces", where, m.event_date)
            elif a1 is None and a2 is None:
                a1, a2 = self.default_actor("militants", where, m.event_date), self.default_actor("government forces", where, m.event_date)
        elif coding.event_type == "Violence against civilians":
            a1 = a1 or self.default_actor("unidentified gunmen", where, m.event_date)
            a2 = a2 or self.default_actor("civilians", where, m.event_date)
            if a1 is not None and a1.kind == "unidentified" and GANG_HALLMARKS.search(self.paragraph(sent.start_char)):
                # bodies mutilated, bound or left with a message: organised crime's marks
                a1 = self.default_actor("gang", where, m.event_date) or a1
        elif coding.sub_event_type == "Arrests" and a1 is None:
            a1 = self.default_actor("police", where, m.event_date)
        elif (coding.sub_event_type == "Arrests" and a1.kind == "state_military" and cand.actor1_span is not None
              and SECURITY_FORCES.search(cand.actor1_span.text)):
            # "security forces arrested ...": ACLED's police, who make the state's
            # arrests; of the same side ("Houthi security forces": the Houthis' police)
            as_police = SECURITY_FORCES.sub("police", cand.actor1_span.text)
            a1 = self.default_actor(as_police, a1.country or where, m.event_date) or a1
        troop_moves = cand.trigger.phrase in ("deploy", "redeploy", "reinforce", "reinforcement", "patrol", "fortification") or (
            cand.trigger.phrase in ("withdraw", "withdrawal", "pull out", "pullout") and bool(MILITARY_WORDS & self.sent_lemmas))
        if a1 is not None and a1.kind == "government" and (coding.event_type in ("Battles", "Explosions/Remote violence") or troop_moves):
            # "Turkey conducted a patrol": a state that fights or moves troops is its forces
            forces = self.default_actor(f"{a1.country} forces") if a1.country else None
            if forces is not None and forces.kind == "state_military":
                a1 = forces
        if a1 is not None and a2 is not None and a1.name == a2.name:
            a2 = None
        m.actor1 = a1.name if a1 else None
        m.actor2 = a2.name if a2 else None
        for field_name, actor in (("actor1", a1), ("actor2", a2)):
            if actor is not None and actor.country and not actor.generic:
                # "Venezuelan refugees" in Colombia are Venezuela's civilians
                m.raw[f"{field_name}.country"] = "named"
            if actor is not None and "named-in-report" in actor.flags:
                m.raw[f"{field_name}.name"] = "the report's"  # not the actor file's: outlets name it differently
        if cand.actor1_span and a1 is cand.actor1:
            m.evidence["actor1"] = cand.actor1_span
        if cand.actor2_span and a2 is cand.actor2:
            m.evidence["actor2"] = cand.actor2_span

        for facet in sorted(cand.facets | set(cand.quantities)):
            m.raw[f"facet.{facet}"] = "1"
        for key, count in cand.quantities.items():
            m.quantities[key] = count.value
            m.evidence[f"quantities.{key}"] = Span(count.start, count.end, count.text)
            m.raw[f"quantities.{key}"] = count.text
        if cand.fatalities is not None:
            if cand.fatalities.value:
                m.raw["facet.killed"] = "1"
            m.fatalities = cand.fatalities.value
            m.evidence["fatalities"] = Span(cand.fatalities.start, cand.fatalities.end, cand.fatalities.text)
            m.raw["fatalities"] = cand.fatalities.text
            m.quantities.setdefault("killed", cand.fatalities.value)
        elif coding.event_type is not None and m.status == "occurred":
            m.fatalities = 0  # ACLED codes 0 when no death is reported
        m.id = m.key()
        return m


# arenas where "battles", "sieges" and "offensives" are only words
FIGURATIVE_ARENAS = {"political", "legal", "diplomatic", "economic", "media", "verbal", "electoral", "court", "legislative",
                     "cultural", "public-relations", "propaganda", "charm", "bureaucratic", "budget", "trade", "price",
                     "custody", "courtroom", "uphill", "ideological"}
# a part of a group told of before: "some of them", "many of those"
PART_OF_THEM = re.compile(r"(?:some|many|most|several|dozens|hundreds|thousands|scores|a few|a number|a group|one|two|three|others?|all|part)"
                          r"(?:\s+of)?\s+(?:them|those)"
                          # a bare count ("A few hundred entered the building"): of whom, the report just said
                          r"|(?:a few|several|some|about|around|nearly|more than|at least)?\s*(?:dozens?|hundreds?|thousands?|scores?)",
                          re.I)


# a count right before a day in a list: "46 such attacks on Sunday, 17 on Monday"
COUNT_BEFORE_DATE = re.compile(r"(?:^|[\s,])(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?)"
                               r"(?:\s+[\w'’-]+){0,5}?\s+(?:on\s+)?$", re.I)


def _take_kind(mention: Mention, told: Mention) -> None:
    """Code a mention as the kind of event told before it ("46 such attacks")."""
    mention.event_type, mention.sub_event_type = told.event_type, told.sub_event_type
    mention.plover_type, mention.plover_mode = told.plover_type, told.plover_mode
    mention.actor1, mention.actor2 = told.actor1, told.actor2
    mention.raw["coding"] = "the kind of event told before"
    if mention.place.kind in (None, "country") and told.place.kind not in (None, "country"):
        mention.place = told.place
        mention.raw["location"] = "the event told before"


def _part_of_them(head: Token) -> bool:
    """Whether the verb's subject is a part of a group told of before ("some
    of them", "many of those"). A bare "they" is left alone: it mostly goes on
    about the same act, which is already told."""
    subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    words = head.doc[subject.left_edge.i : subject.right_edge.i + 1].text
    return bool(PART_OF_THEM.fullmatch(words))


def _speaker_of(head: Token) -> Token | None:
    """The subject of the saying verb a pronoun's clause depends on: "it" in
    "the group said it carried out the attack" is the group."""
    if head.tag_ != "PRP" or head.lower_ not in ("it", "they", "he", "she", "we"):
        return None
    verb = head.head
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in SAYING_LEMMAS:
        return None
    subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    # the speaker must come first: in "They threw stones, said an official"
    # the official quotes what others did
    return subj if subj is not None and subj.tag_ != "PRP" and subj.i < head.i else None


def _told_in_past(head: Token) -> bool:
    """Whether the trigger's clause is in a past tense: "stormed", "were
    killed", "has been arrested"; a noun takes its clause's verb."""
    verb = head if head.pos_ in ("VERB", "AUX") else clause_verb(head)
    if verb.tag_ == "VBD":
        return True
    # "were killed", "has been arrested"; not "are arrested", the present of kinds
    # ("were stopped and dispersed": a verb joined to another shares its auxiliary)
    shares = [verb.head] if verb.dep_ == "conj" and verb.head.tag_ == "VBN" else []
    return verb.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and (c.tag_ == "VBD" or (c.tag_ in ("VBZ", "VBP") and c.lemma_ == "have"))
                                      for v in (verb, *shares) for c in v.children)


def _said_to_be(head: Token) -> Token | None:
    """X in "men suspected (believed, thought, said) to be X"."""
    for acl in head.children:
        if acl.dep_ == "acl" and acl.lemma_.lower() in ("suspect", "believe", "think", "say", "identify", "report"):
            for be in acl.children:
                if be.dep_ == "xcomp" and be.lemma_ == "be":
                    return next((c for c in be.children if c.dep_ == "attr"), None)
    return None
