"""Who acted, in a report's words.

A phrase becomes an actor through the actor file (``normalise.actors``), with
what the report itself tells: a pronoun's speaker ("the group said it ..."),
"men suspected to be X", a state's fire ("Israeli shelling"), an organisation
the file lacks under the report's own name (acronyms expanded as the report
expands them), pairs ("JNIM or ISGS militants"), the subject of the sentence
before for "some of them", and the actor as named on the event's date and place.
"""
from __future__ import annotations

import re
from dataclasses import replace as dc_replace
from functools import cached_property

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..normalise.actors import ORGANISATION_HEADS
from ..records import Span
from .coding import ARMED_KINDS, STATE_KINDS
from .cues import ACRONYM_DEFINED, FIRE_NOUNS, MEMBER_NOUNS, EITHER_GROUP, SAYING_LEMMAS, SLASHED_GROUP, is_headline
from .folding import Candidate
from .roles import Phrase, _prep_object, modifier_phrase, noun_phrase
from .status import in_quotes


class ActorReading:
    """How ``DocumentExtractor`` names actors (a mixin: it uses the extractor's
    ``ex``, ``text``, ``sdoc``, ``ents``, ``document``, ``country`` and
    ``actor_ctx``)."""

    def resolve_actor(self, phrase: Phrase | None):
        if phrase is None:
            return None, None
        speaker = speaker_of(phrase.head)
        if speaker is not None:
            # "The ELN said it bombed the academy": "it" is the ELN
            phrase = noun_phrase(speaker)
        if phrase.head.lemma_.lower() in VOICE_NOUNS:
            # "a spokesman for the Taliban": they speak for it
            whose = _prep_object(phrase.head, "for", "of")
            if whose is not None:
                actor, span = self.resolve_actor(noun_phrase(whose))
                if actor is not None:
                    return actor, span
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
            elif actor is None and self._name_of_a_states_unit(phrase):
                # "the Presidential Guard": the state's forces
                actor = self.ex.actors.resolve("forces", self.document.published, self.actor_ctx, self.country)
        elif actor.kind in ("state_military", "state_police") and self._own_name_of_a_group(phrase):
            # "the Al-Nour Force": "Force" made it the state's, but the name is a group's own
            actor = self.ex.actors.named_organisation(phrase.text, self.country, self.acronyms, distinct=False) or actor
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
        # (a name must have a word of its own, "the Presidential Guard" is a
        # state's, but for one set beside a group noun: that says it is a group)
        names = [(t, True) for es, ee, t, label in self.ents if label == "ORG" and s <= es and ee <= e]
        names += [(noun_phrase(c).text, False) for c in phrase.head.children if c.dep_ == "appos"]
        # "fighters of the Jalisco New Generation Cartel" (but "the leader of X" is a person)
        if phrase.head.lemma_.lower() in MEMBER_NOUNS:
            names += [(noun_phrase(g).text, True) for c in phrase.head.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj"]
        names.append((self.text[s:e], True))
        for name, distinct in names:
            actor = self.ex.actors.named_organisation(name, self.country, self.acronyms, distinct=distinct)
            if actor is not None:
                return actor
        return None

    def _name_of_a_states_unit(self, phrase: Phrase) -> bool:
        """A proper name made of the words states name their units with, ending
        in an armed organisation's noun: "the Presidential Guard"."""
        head = phrase.head
        return (head.pos_ == "PROPN" and head.lower_ in ORGANISATION_HEADS and self.country is not None
                and not self.ex.actors.distinctly_named(phrase.text))

    def _own_name_of_a_group(self, phrase: Phrase) -> bool:
        """Whether a phrase the actor file read as a state's forces is rather an
        organisation's own name: a proper name ("the Al-Nour Force") with a word
        no state names its units with and no country named ("the Libyan
        National Army" is named by its country). A headline's title case
        makes every phrase look like a name: there it is not trusted."""
        if phrase.head.pos_ != "PROPN":
            return False
        sent = phrase.head.sent
        if is_headline(self.stext(sent), sent.start_char, self.first_line_end):
            return False
        if self.ex.actors.country_of(phrase.text) is not None:
            return False
        # "two armed groups, the 55th Brigade and ...": the report says it is a group's
        return _listed_as_groups(phrase.head) or self.ex.actors.distinctly_named(phrase.text)

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

    def _forces_country(self, cand: Candidate) -> str | None:
        """The country of a state's forces the phrase itself names ("Colombian
        troops", "the Iraqi army"), not one completed from the report."""
        actor, span = cand.actor1, cand.actor1_span
        if actor is None or span is None or actor.kind not in ("state_military", "state_police"):
            return None
        named = self.ex.actors.country_of(span.text)
        return named if named == actor.country else None


# nouns a report sorts non-state armed organisations under
GROUP_NOUNS = {"group", "faction", "militia", "gang", "cartel", "movement", "organisation", "organization"}


def _listed_as_groups(head: Token) -> bool:
    """Whether a name is one of a list set after a noun of groups: "two armed
    groups, the 55th Brigade and the Al-Nour Force" (the parse joins the names
    to that noun as apposition or conjunct)."""
    cur = head
    for _ in range(3):
        if cur.dep_ not in ("appos", "conj") or cur.head is cur:
            return False
        cur = cur.head
        if cur.lemma_.lower() in GROUP_NOUNS and cur.pos_ == "NOUN":
            return True
    return False


def speaker_of(head: Token) -> Token | None:
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


def _said_to_be(head: Token) -> Token | None:
    """X in "men suspected (believed, thought, said) to be X"."""
    for acl in head.children:
        if acl.dep_ == "acl" and acl.lemma_.lower() in ("suspect", "believe", "think", "say", "identify", "report"):
            for be in acl.children:
                if be.dep_ == "xcomp" and be.lemma_ == "be":
                    return next((c for c in be.children if c.dep_ == "attr"), None)
    return None


# who speaks for a group: "a spokesman for the Taliban" (a leader or a member
# is a person of their own, as when one is killed)
VOICE_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "representative", "negotiator", "envoy", "delegate",
               "delegation", "statement"}
# a part of a group told of before: "some of them", "many of those"
PART_OF_THEM = re.compile(r"(?:some|many|most|several|dozens|hundreds|thousands|scores|a few|a number|a group|one|two|three|others?|all|part)"
                          r"(?:\s+of)?\s+(?:them|those)"
                          # a bare count ("A few hundred entered the building"): of whom, the report just said
                          r"|(?:a few|several|some|about|around|nearly|more than|at least)?\s*(?:dozens?|hundreds?|thousands?|scores?)",
                          re.I)


def part_of_them(head: Token) -> bool:
    """Whether the verb's subject is a part of a group told of before ("some
    of them", "many of those"). A bare "they" is left alone: it mostly goes on
    about the same act, which is already told."""
    subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    words = head.doc[subject.left_edge.i : subject.right_edge.i + 1].text
    return bool(PART_OF_THEM.fullmatch(words))
