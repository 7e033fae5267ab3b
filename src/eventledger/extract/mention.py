"""From a coded candidate to a mention: its date, place, actors and counts.

``to_mention`` dates the candidate (its clause's date, else the paragraph's,
else the publication's), drops what is background, a trend or generic talk,
places it (the clause's place, the paragraph's, the report's geography, the
country), completes the sides the codebook always names, and attaches every
field's evidence. ``finish`` adds what only the whole paragraph tells (how a
demonstration went) once the report's mentions are folded.
"""
from __future__ import annotations

import re
from dataclasses import replace as dc_replace
from functools import cached_property

from spacy.tokens import Token

from ..records import Mention, Place, Span
from .coding import STATE_KINDS, Coding
from .cues import (
    CALLED_PEACEFUL,
    CROWD_VIOLENCE,
    DATED_HISTORY_YEARS,
    DESTINATION,
    EXCESSIVE_FORCE,
    FIRED_ON_BY_OTHERS,
    GANG_HALLMARKS,
    GENERIC_ACTORS,
    HISTORY_YEARS,
    INTERVENTION,
    MILITARY_WORDS,
    POLICE_HELD_SITES,
    SECURITY_FORCES,
    SENTENCE_FRAME,
    THE_PLACE,
    VAGUE_PERIOD,
    VAGUE_PLACE,
    VIOLENT_TYPES,
    called_peaceful,
    clause_verb,
    is_definite,
    is_headline,
)
from .folding import is_casualty
from .status import in_quotes


class MentionMaking:
    """How ``DocumentExtractor`` makes mentions (a mixin: it uses the extractor's
    helpers for places, dates and actors)."""

    def paragraph(self, offset: int) -> str:
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return self.text[start : end if end >= 0 else len(self.text)]

    def _host_of(self, cand) -> str | None:
        """The country that "hosted" the talks, meeting or summit the trigger names."""
        head = cand.trigger.head
        verb = head if head.lemma_.lower() == "host" else head.head if head.dep_ in ("dobj", "obj") else None
        if verb is None or verb.lemma_.lower() != "host" or cand.actor1 is None:
            return None
        return cand.actor1.country if cand.actor1.kind == "government" else None

    @cached_property
    def lead_end(self) -> int:
        """Where the report's lead ends: its first paragraph, after the title if
        there is one (a short first line)."""
        lines = [m for m in re.finditer(r"[^\n]+", self.text) if m.group().strip()]
        if not lines:
            return 0
        lead = lines[1] if len(lines) > 1 and len(lines[0].group()) <= 150 else lines[0]
        return lead.end()

    def finish(self, m: Mention) -> Mention:
        """What only the whole paragraph tells: how a demonstration went, and
        the actors ACLED always names (protesters, rioters, unknown attackers)
        in the country where it happened."""
        where = m.place.country or self.country
        if m.event_type in ("Protests", "Riots"):
            para = self.paragraph(m.sentence.start)
            sub = m.sub_event_type
            if m.raw.get("sub_event_type") in (CALLED_PEACEFUL, FIRED_ON_BY_OTHERS):
                pass  # the violence the paragraph tells is an incident of its own, or not the state's
            elif EXCESSIVE_FORCE.search(para):
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
                    elif m.actor1.startswith(("Police", "Military")) and (
                            not m.actor2 or m.actor2.startswith(("Protesters", "Rioters", "Civilians"))):
                        # "soldiers shot dead 12 protesters": the crowd is actor1 now, the force its other side
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
        m.raw.update(cand.notes)
        if coding.sub_event_type == "Peaceful protest" and called_peaceful(cand.trigger.head):
            m.raw["sub_event_type"] = CALLED_PEACEFUL  # (no paragraph cue makes it violent: see ``finish``)
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
            # "Peruvian troops bombed a camp", told nowhere in particular in a
            # report about Lima that names Chile more often (as the talks'
            # host): the forces act at home, where the report's main place is
            m.place = Place(location=own_forces, country=own_forces, precision=3, kind="country")
            m.raw["location"] = "the forces' own country"
        elif self.country:
            m.place = Place(location=self.country, country=self.country, precision=3, kind="country")
            m.raw["location"] = "document country"
        host = self._host_of(cand)
        if host is not None and m.place.kind in (None, "country") and place is None:
            # "Iran hosted talks with the Taliban": the meeting was where the host is
            capital = self._capital(host)
            if capital is not None:
                m.place = dc_replace(capital, precision=3)
                m.raw["location"] = "the host's capital"
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
            # the lead tells the news: a counted act it tells in the past
            # happened, where the report is, when it was filed ("blamed X for a
            # drone attack that wounded seven soldiers")
            lead_news = (sent.start_char < self.lead_end and bool(cand.quantities or cand.fatalities)
                         and _told_in_past(cand.trigger.head) and m.place.kind not in (None, "country"))
            if not specific_place and not sent_date and not goes_on and not lead_news:
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
                a2 = self.default_actor("militants" if a1.kind in STATE_KINDS else _defenders(cand), where, m.event_date)
            elif a1 is None and a2 is None:
                a1, a2 = self.default_actor("militants", where, m.event_date), self.default_actor(_defenders(cand), where, m.event_date)
                if coding.sub_event_type == "Government regains territory":
                    a1, a2 = a2, a1  # the state regains: it is the side that acted
        elif coding.event_type == "Riots" and a2 is None and _attacks_a_police_held_site(
                cand.trigger.head, ("on", "against", "at", "to", "into")):
            # a crowd that sets fire to a police station riots against the police
            a2 = self.default_actor("police", where, m.event_date)
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


def take_kind(mention: Mention, told: Mention) -> None:
    """Code a mention as the kind of event told before it ("46 such attacks")."""
    mention.event_type, mention.sub_event_type = told.event_type, told.sub_event_type
    mention.plover_type, mention.plover_mode = told.plover_type, told.plover_mode
    mention.actor1, mention.actor2 = told.actor1, told.actor2
    mention.raw["coding"] = "the kind of event told before"
    if mention.place.kind in (None, "country") and told.place.kind not in (None, "country"):
        mention.place = told.place
        mention.raw["location"] = "the event told before"


def _defenders(cand) -> str:
    """Who holds what a battle's unnamed attackers hit: a prison or a police
    station is held by police (its guards), anything else by the army."""
    return "police" if _attacks_a_police_held_site(cand.trigger.head) else "government forces"


def _attacks_a_police_held_site(head, preps: tuple[str, ...] = ("on", "against", "at")) -> bool:
    """Whether what the trigger hits is a prison or a police station ("stormed
    the prison", "an attack on a police post", "inmates escaped after gunmen
    stormed the prison"), which police hold."""
    after = [c for c in head.children if c.dep_ == "advcl" and any(m.dep_ == "mark" for m in c.children)]
    for c in [*head.children, *(g for verb in after for g in verb.children)]:
        targets = [c] if c.dep_ in ("dobj", "nsubjpass") else [
            g for g in c.children if g.dep_ == "pobj"] if c.dep_ == "prep" and c.lower_ in preps else []
        for target in targets:
            words = head.doc[target.left_edge.i:target.i + 1].text
            if POLICE_HELD_SITES.search(words):
                return True
    return False
