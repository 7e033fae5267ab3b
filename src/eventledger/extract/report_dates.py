"""When a report's events happened.

The dates a sentence gives (absolute ones, resolved against the publication
date, and ones counted from the event told before: "two days earlier"), which
of them date a trigger's own clause (``clause_dates``: "IS said Thursday it
carried out the bombings" dates the saying), the date the report last told,
and a list of counts by day split into one event a day.
"""
from __future__ import annotations

import re
from dataclasses import replace as dc_replace
from datetime import date
from functools import cached_property

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..normalise import dates as date_norm
from ..records import Mention, Span
from .cues import ATTRIBUTION, DATED_DATELINE, ORG_AFTER_DATE, SAYING_LEMMAS, clause_chain, clause_verb


class DateReading:
    """How ``DocumentExtractor`` reads dates (a mixin: it uses the extractor's
    ``text``, ``sdoc``, ``ents``, ``document`` and ``told_date``)."""

    def clause_dates(self, head, sent_date, verbal: bool = False):
        if not sent_date:
            return []
        sent = head.sent
        chain = clause_chain(head)
        own_verb = chain[0] if chain else None
        own = []
        just_before = []  # dates of an "after"/"when" clause of the event's own verb
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
            elif verb.dep_ == "pcomp" and verb.head.head in chain:
                # "fired on protesters marching through X on Friday": the
                # parse hangs the date on the clause of the fire's object
                own.append(item)
            elif own_verb is not None and _shares_coordination(own_verb, verb):
                # "arrested 11 people, confiscated weapons and seized drugs on
                # Tuesday": a date after the last of verbs sharing one subject dates them all
                own.append(item)
            elif own_verb is not None and _told_just_before(own_verb, verb) and self._this_week(item):
                just_before.append(item)
        # "4,000 inmates escaped after gunmen stormed the prison on Tuesday
        # night": an undated event a lead ties to one dated this week followed it at once
        return own or just_before

    def _this_week(self, item) -> bool:
        """Whether a date is a day of the week before publication."""
        _, value, precision = item
        published = self.document.published
        if precision != 1 or not value or not published or len(value) != 10:
            return False
        return 0 <= (date.fromisoformat(published[:10]) - date.fromisoformat(value)).days <= 7

    def sentence_dates(self, sent: SpacySpan) -> list[tuple[Span, str | None, int | None]]:
        out = []
        for expr in date_norm.find_date_expressions(self.stext(sent)):
            if expr.kind != "date":
                continue
            s = sent.start_char + expr.start
            e = s + (expr.end - expr.start)
            value, precision = date_norm.resolve(expr, self._speaking_day(expr.text, s))
            if value is None:
                continue
            if any(label == "ORG" and es <= s and e <= ee for es, ee, _, label in self.ents) or ORG_AFTER_DATE.match(self.text, e):
                continue  # a date in a name ("the March 23 Movement") dates nothing
            if self._in_dated_dateline(s):
                continue  # "Jan. 10 (UPI) -- Police arrested ...": when the story was filed
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

    def _speaking_day(self, expr_text: str, offset: int) -> str | None:
        """The day "today" and "yesterday" count from: the publication day, but
        inside a quotation the day the speaker spoke. A report published the
        day after its event quotes what was said on the event's day ("12 dead
        on Monday in X. 'We have confirmed 12 dead today,' a source said",
        published on Tuesday): so a quotation's deictic day counts from the
        day the report last told, when that day is one or two days before
        publication."""
        published = self.document.published
        if not DEICTIC_DAY.fullmatch(expr_text.strip()) or self.told_date is None or not published:
            return published
        told, precision = self.told_date
        if precision != 1 or not self._quoted(offset):
            return published
        try:
            gap = (date.fromisoformat(published[:10]) - date.fromisoformat(told)).days
        except ValueError:
            return published
        return told if 1 <= gap <= 2 else published

    def _quoted(self, offset: int) -> bool:
        """Whether ``offset`` lies inside a quotation opened in its paragraph
        (a quotation often runs over several sentences)."""
        before = self.text[self.text.rfind("\n", 0, offset) + 1 : offset]
        opened = before.count("“") - before.count("”")
        return opened > 0 or before.count('"') % 2 == 1

    @cached_property
    def dated_datelines(self) -> list[tuple[int, int]]:
        """The report's dated datelines opening a paragraph ("Jan. 10 (UPI) --"), found once."""
        starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        return [(start, found.end()) for start in starts if (found := DATED_DATELINE.match(self.text, start))]

    def _in_dated_dateline(self, offset: int) -> bool:
        """Whether ``offset`` is in a dated dateline opening a paragraph."""
        return any(s <= offset < e for s, e in self.dated_datelines)

    def _has_date_entity(self, sent: SpacySpan) -> bool:
        return any(e[3] == "DATE" and sent.start_char <= e[0] < sent.end_char for e in self.ents)

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


def _told_just_before(own_verb: Token, verb: Token) -> bool:
    """Whether ``verb`` heads an "after"/"when" clause of ``own_verb`` (the
    parser makes "when" a mark or an adverb of the clause)."""
    return verb.dep_ == "advcl" and verb.head == own_verb and any(
        (c.dep_ == "mark" and c.lower_ in ("after", "when", "as")) or (c.dep_ == "advmod" and c.lower_ == "when")
        for c in verb.children)


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


# the days a speaker names from the day of speaking
DEICTIC_DAY = re.compile(r"(?:earlier\s+)?(?:today|tonight|yesterday|last\s+night|this\s+(?:morning|afternoon|evening))", re.I)
# a count right before a day in a list: "46 such attacks on Sunday, 17 on Monday"
COUNT_BEFORE_DATE = re.compile(r"(?:^|[\s,])(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?)"
                               r"(?:\s+[\w'’-]+){0,5}?\s+(?:on\s+)?$", re.I)
