"""Where a report's events happened: the report's own geography.

The names the report gives (spaCy's entities, with the gazetteer's names the
small model missed), its datelines (where the reporter filed from, which place
nothing), its main, dominant and only places, and the place of one trigger's
clause (``clause_place``: "released prisoners to start talks in Doha" did not
happen in Doha). Names are resolved by ``normalise.places``.
"""
from __future__ import annotations

import re
from dataclasses import replace as dc_replace
from functools import cached_property

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..normalise.actors import ORGANISATION_HEADS
from ..records import Mention, Place, Span
from .cues import DATELINE_REACH, DATELINE, LOCATIVE_BEFORE, clause_chain, clause_verb
from .roles import Phrase


class PlaceReading:
    """How ``DocumentExtractor`` reads places (a mixin: it uses the extractor's
    ``ex``, ``text``, ``sdoc``, ``ents``, ``place_ctx``, ``datelines`` and
    ``sent_triggers``)."""

    def _capital(self, country: str | None) -> Place | None:
        places = self.ex.places
        cc = places.country_code(country)
        region = places.gazetteer.country(cc) if cc else None
        capital = places.gazetteer.capital_of(region) if region is not None else None
        return capital.to_place() if capital is not None else None

    @cached_property
    def dominant_place(self) -> tuple[Place | None, Span | None]:
        return self.ex.places.dominant_place(self.place_ctx)

    @cached_property
    def sole_place(self) -> tuple[Place | None, Span | None]:
        return self.ex.places.sole_place(self.place_ctx)

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
            if _named_organisation_after(_NAME_GOES_ON.match(self.text, pe).group(0)):
                continue  # the first word of an armed group's name: "the Al-Nour Force" is no town
            if not any(s < pe and ps < e for s, e, *_ in out):
                out.append((ps, pe, pt, "GPE"))
            elif not any(s < pe and ps < e for s, e in taken):
                if any(label == "PERSON" and s <= ps and pe <= e and (s, e) != (ps, pe) for s, e, _, label in out):
                    continue  # a word of a longer person's name: "Colonel Mahmud Hamza" is no town
                out = [x for x in out if not (x[0] < pe and ps < x[1] and x[3] in ("ORG", "PERSON"))]
                out.append((ps, pe, pt, "GPE"))
        return sorted(out)

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
        # the sentence's talks and deals, whose places a concessive phrase may give
        held_elsewhere = {t.head.i for t in getattr(self, "sent_triggers", ()) if t.cls in _HELD_ELSEWHERE}

        def in_clause(start: int, end: int, descriptions: bool = False) -> bool:
            span = self.sdoc.char_span(start, end, alignment_mode="expand")
            if span is None:
                return True
            root = span.root
            if held_elsewhere and _despite(root, head, held_elsewhere):
                return False  # "fighting in several cities despite talks in Doha": the talks' place
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

    def _frame_place(self, sent: SpacySpan, sent_ents: list) -> tuple[Place | None, Span | None]:
        """The place a sentence with no event of ours is set in, if it names one below country level."""
        if not self._locative_names(sent_ents):
            return None, None
        place, span = self.clause_place(sent.root, sent, sent_ents)
        if place is None or place.kind == "country":
            return None, None
        return place, span

    def _is_place(self, phrase: Phrase) -> bool:
        s, e = phrase.char_span
        return any(s <= es and ee <= e and label in ("GPE", "LOC", "FAC") for es, ee, _, label in self.ents)

    def _per_place(self, mention: Mention, place_span: Span | None, head: Token) -> list[Mention]:
        """One mention per place of a list ("protests in Lagos, Abuja and
        Kano", "attacked the jail in X and another in Y"): ACLED records an
        event per location. The counts stay with the first place, since the
        report gives them for all together; any other mention as it is."""
        if mention.event_type is None or mention.place.kind in (None, "country"):
            return [mention]
        out = [mention]
        seen = {mention.place.location}
        for span in self._listed_with(place_span, head):
            place = self.ex.places.resolve(span.text, self.place_ctx)
            if (place is None or not place.is_town or place.location in seen
                    or place.country != mention.place.country or mention.place.admin1 == place.location):
                continue
            seen.add(place.location)
            copy = dc_replace(mention, evidence={k: v for k, v in mention.evidence.items()
                                                 if not k.startswith("quantities.") and k != "fatalities"},
                              raw={k: v for k, v in mention.raw.items() if not k.startswith(("quantities.", "fatalities"))},
                              quantities={}, fatalities=0 if mention.fatalities is not None else None)
            copy.place = place
            copy.evidence["location"] = span
            copy.raw["location.list"] = "one of the places listed"
            mention.raw["location.list"] = "one of the places listed"
            copy.id = copy.key()
            out.append(copy)
        return out

    def _other_sites(self, head: Token) -> list[Token]:
        """The nouns of "another" site told just after the trigger, joined to it
        by "and" ("the post in A and another one in B", "raided a depot in A and
        another warehouse named B")."""
        sites = []
        for tok in head.sent:
            if (tok.lower_ == "another" and tok.dep_ == "det" and 0 < tok.i - head.i <= 12
                    and tok.head.pos_ in ("NOUN", "PRON", "NUM")
                    and any(t.lower_ == "and" for t in head.doc[head.i + 1 : tok.i])):
                sites.append(tok.head)
        return sites

    def _listed_with(self, place_span: Span | None, head: Token) -> list[Span]:
        """The places listed with the event's: names coordinated with it ("in
        A, B and C"), and the place of "another" site told after the trigger
        ("the prison in A and another in B", "and another warehouse named B")."""
        toks: list[Token] = []
        sent = head.sent
        if place_span is not None and sent.start_char <= place_span.start < sent.end_char:
            named = self.sdoc.char_span(place_span.start, place_span.end, alignment_mode="expand")
            listed = named.root.conjuncts if named is not None else ()
            # a list joined by "and" ("in A, B and C"), not a place and its
            # province ("in Manaus, Amazonas") nor the two ends of a road
            # ("between A and B")
            if (any(c.dep_ == "cc" and c.lower_ == "and" for t in (named.root, *listed) for c in t.children)
                    and not any(t.lower_ == "between" for t in (named.root.head, *named.root.ancestors))):
                toks.extend(listed)
        toks.extend(t for site in self._other_sites(head) for t in site.subtree)
        out: list[Span] = []
        for tok in toks:
            ent = next((e for e in self.ents if e[3] in ("GPE", "LOC", "FAC") and e[0] <= tok.idx < e[1]), None)
            if ent is not None and all(s.start != ent[0] for s in out):
                out.append(Span(ent[0], ent[1], ent[2]))
        return out


# what a clause concedes is told beside its event: "despite talks in Doha"
_CONCESSIVE = {"despite", "notwithstanding"}
# the events a concessive phrase names that are held somewhere of their own (talks, deals, truces)
_HELD_ELSEWHERE = {"consult", "agree"}


def _despite(tok, head, trigger_heads: set[int]) -> bool:
    """Whether ``tok`` is the place of talks or a deal that a concessive
    phrase sets beside the trigger ("despite ongoing talks in B", "in spite
    of the truce signed in B"; ``trigger_heads``: where the sentence names
    such events). What else it names ("despite a ban on rallies in B",
    "despite a curfew in B") frames the event's own place."""
    cur = tok
    below = None
    for _ in range(10):
        if cur.i == head.i or cur.head == cur:
            return False
        if cur.dep_ == "prep" and (cur.lower_ in _CONCESSIVE or (cur.lower_ == "of" and cur.head.lower_ == "spite")):
            return below is not None and below.i in trigger_heads
        below, cur = cur, cur.head
    return False


# the capitalised words that carry a name on after a place word ("Tripoli Revolutionaries Brigade")
_NAME_GOES_ON = re.compile(r"(?:[ -][A-Z][\w'’-]*){0,3}")


def _named_organisation_after(rest: str) -> bool:
    """Whether the capitalised words after a place word end in what names an
    armed organisation (" Brigade", "-Nour Force", whatever spaCy made of the
    name): the place word is then part of the group's name, and a town that
    shares it is a coincidence. (Other names, "Kabul University", are settled
    with the gazetteer's names in ``PlaceResolver.document_context``.)"""
    words = rest.split()
    return bool(words) and words[-1][:1].isupper() and words[-1].lower() in ORGANISATION_HEADS
