"""Who did what to whom: agent and patient phrases of a trigger, from the parse."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .cues import clause_verb
from .triggers import is_misread_participle

# Heads that only count or group what follows ("hundreds of people",
# "a convoy of Afghan security forces"): the actor is the "of" object.
COLLECTIVE_HEADS = {
    "hundred", "thousand", "dozen", "dozens", "hundreds", "thousands", "score", "scores",
    "convoy", "group", "member", "members", "unit", "units", "team", "band", "number",
    "some", "many", "most", "all", "one", "two", "three", "several", "few", "crowd",
    "million", "millions", "rest", "majority", "contingent", "column", "batch", "squad",
    # measures: "two tons of cannabis", "a quantity of explosives"
    "ton", "tons", "tonne", "kilogram", "kilo", "kg", "gram", "pound", "litre", "liter", "barrel",
    "box", "bag", "package", "packet", "piece", "quantity", "amount", "load", "consignment", "lot",
    # what belongs to a side: "the positions of the military forces of Azerbaijan"
    "position", "positions",
}
# nouns whose owner follows them: "military forces of Armenia"
FORCE_HEADS = {"force", "forces", "troop", "troops", "army", "military", "soldier", "soldiers", "police", "unit"}
SUBJECTS = ("nsubj", "csubj")
MODIFIER_DEPS = {"compound", "amod", "poss", "det", "nummod", "nmod", "quantmod", "case", "npadvmod"}


@dataclass(slots=True)
class Phrase:
    head: Token
    start: int  # token index
    end: int

    @property
    def text(self) -> str:
        return self.head.doc[self.start : self.end].text

    @property
    def char_span(self) -> tuple[int, int]:
        doc = self.head.doc
        return doc[self.start].idx, doc[self.end - 1].idx + len(doc[self.end - 1])


def noun_phrase(tok: Token) -> Phrase:
    """The noun with its left modifiers, following "X of Y" past collective heads."""
    if tok.lemma_.lower() in COLLECTIVE_HEADS or tok.lower_ in COLLECTIVE_HEADS:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    inner = noun_phrase(objs[0])
                    return Phrase(inner.head, min(_left_edge(tok), inner.start), inner.end)
    if tok.lemma_.lower() in FORCE_HEADS:
        # "military forces of Armenia": whose forces they are follows the noun
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [c for c in child.children if c.dep_ == "pobj" and c.pos_ == "PROPN"]
                if objs:
                    return Phrase(tok, _left_edge(tok), objs[0].i + 1)
    return Phrase(tok, _left_edge(tok), tok.i + 1)


def modifier_phrase(tok: Token) -> Phrase | None:
    """The modifiers before a noun, without the noun ("Saudi-led coalition" of
    "a Saudi-led coalition airstrike"), or None when there are none."""
    start = _left_edge(tok)
    while start < tok.i and tok.doc[start].dep_ == "det":
        start += 1
    if start >= tok.i:
        return None
    return Phrase(tok.doc[tok.i - 1], start, tok.i)


def _left_edge(tok: Token) -> int:
    start = tok.i
    for child in tok.lefts:
        if child.dep_ in MODIFIER_DEPS or child.dep_ == "punct" and child.text == "-":
            start = min(start, child.left_edge.i)
    # a comma closes what comes before it ("Ramadan, Islah-affiliated forces")
    comma = next((i for i in range(tok.i - 1, start - 1, -1) if tok.doc[i].text == ","), None)
    return start if comma is None else comma + 1


# verbs that judge an act someone else did: "blamed X for the attack", "jailed for the killing"
JUDGING_VERBS = {"blame", "accuse", "condemn", "denounce", "criticize", "criticise", "praise", "thank", "punish",
                 "sanction", "apologize", "apologise", "mourn", "investigate", "arrest", "detain", "sentence", "charge",
                 "convict", "try", "jail", "prosecute", "hold", "fault", "credit", "reward", "compensate"}

def _child(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _prep_object(tok: Token, *preps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in preps:
            obj = _child(c, "pobj")
            if obj is None:
                # "fired on youths hurling rocks": the parse hangs the clause
                # on the preposition; its subject is the object
                doing = _child(c, "pcomp")
                obj = _child(doing, "nsubj") if doing is not None and doing.tag_ == "VBG" else None
            if obj is not None and obj.ent_type_ not in ("DATE", "TIME"):
                return obj  # "on Monday", "on 3 May" tell when, not whom
    return None


def _nearest_subject(verb: Token) -> Token | None:
    # a dateline ("KABUL, Afghanistan - The Taliban broke ...") parses as a
    # second subject; the one nearest the verb is the real one
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if not subjects:
        return None
    before = [c for c in subjects if c.i < verb.i]
    subject = max(before, key=lambda c: c.i) if before else subjects[0]
    if subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        # "students, who ransacked the rooms": the relative pronoun stands
        # for the noun the clause hangs on
        return verb.head
    if subject.dep_ == "csubj" and subject.tag_ == "VBG":
        # "police sailing the river fired shots": the parse made the
        # participle the subject; whoever does the participle acts
        doer = next((c for c in subject.children if c.dep_ == "nsubj" and c.i < subject.i), None)
        if doer is not None:
            return doer
    return subject


def _swallowed_subject(verb: Token) -> Token | None:
    """A subject the parser hung on a clause before the verb: in "X and Y
    forces (coded as Z) took control", X is the subject of "coded"; in
    "hundreds of tribesmen coming from Marib arrived", of "coming"."""
    for c in verb.lefts:
        if c.dep_ in ("advcl", "parataxis") and c.pos_ == "VERB" and (
                c.tag_ in ("VBG", "VBN") or any(t.text == "(" for t in c.doc[c.left_edge.i : c.i])):
            subj = _nearest_subject(c)
            if subj is not None and subj.i < c.i:
                return subj
    if verb.dep_ == "ROOT":
        # "In Cuernavaca, Morelos, members of a gang delivered food": the
        # subject was hung on the fronted place as an apposition. It is the
        # noun phrase that ends right before the verb.
        end = verb.i - 1
        while end >= verb.sent.start and verb.doc[end].dep_ in ("advmod", "aux", "auxpass", "neg", "punct") and verb.doc[end].text != ",":
            end -= 1
        for tok in verb.lefts:
            for cand in tok.subtree:
                if (cand.dep_ == "appos" and cand.pos_ in ("NOUN", "PROPN") and cand.right_edge.i == end
                        and (cand.head.ent_type_ in ("GPE", "LOC", "FAC") or cand.head.pos_ == "PROPN")):
                    return cand
                # "In Pesqueria, police responding to a call clashed with ...":
                # the subject and its participle were read as the place's clause
                if (tok.dep_ == "prep" and cand.dep_ == "nsubj" and cand.head.dep_ == "pcomp" and cand.head.tag_ == "VBG"
                        and cand.left_edge.i > 0 and verb.doc[cand.left_edge.i - 1].text == ","
                        and cand.head.right_edge.i == end):
                    return cand
                # "At the start of Ramadan, Islah-affiliated forces disappeared a
                # citizen": the subject was read as the fronted phrase's noun
                if (tok.dep_ == "prep" and cand.pos_ == "NOUN" and cand.i == end and cand.dep_ in ("pobj", "conj")
                        and not cand.ent_type_ and _after_comma_within(cand)):
                    return cand
    return None


def _after_comma_within(noun: Token) -> bool:
    """Whether a comma sits inside the noun's phrase and all the phrase's words
    after it modify the noun ("Ramadan, Islah-affiliated military forces")."""
    words = list(noun.subtree)
    commas = [i for i, t in enumerate(words) if t.text == "," and t.i < noun.i]
    if not commas:
        return False
    after = words[commas[-1] + 1 :]
    return bool(after) and after[-1] == noun and all(t.head == noun or t.head in after for t in after[:-1])


def clause_subject(verb: Token) -> tuple[Token | None, bool]:
    """The subject of a verb, climbing through coordination, control and
    participial clauses ("stormed the city ... and released", "agreed to
    release", "..., killing dozens"). Returns (subject, passive)."""
    seen = 0
    tok = verb
    while tok is not None and seen < 6:
        seen += 1
        subj = _nearest_subject(tok)
        if subj is not None:
            return subj, False
        subjpass = _child(tok, "nsubjpass")
        if subjpass is not None:
            return subjpass, True
        swallowed = _swallowed_subject(tok)
        if swallowed is not None:
            return swallowed, False
        if tok.dep_ in ("relcl", "acl") and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return tok.head, tok.dep_ == "acl" and tok.tag_ == "VBN"
        if tok.dep_ == "advcl" and tok.tag_ == "VBN":
            root = tok.head
            root_subject = _nearest_subject(root) if root.dep_ == "ROOT" and root.tag_ == "VBG" else None
            if root_subject is not None and root_subject.i < root.i and _child(root, "aux") is None:
                # "police responding to a call clashed with gunmen": a bare
                # participle cannot head the sentence, so the parse swapped the
                # two; the subject is the one who clashed
                return root_subject, False
            return None, True  # ", signed on 29 February": the participle's subject is not the clause's
        if tok.dep_ in ("conj", "xcomp", "advcl", "ccomp", "pcomp") and tok.head != tok:
            tok = tok.head
            continue
        break
    return None, False


def _misread_participle(head: Token) -> tuple[Phrase | None, Phrase | None] | None:
    """Roles of a passive whose participle the small model read as a noun or
    adjective ("the offices were overrun on Monday by students": "overrun"/NN
    under "were"). The subject of "be" undergoes it, the "by" phrase does it."""
    if not is_misread_participle(head):
        return None
    subject = _nearest_subject(head.head)
    by = _prep_object(head, "by")
    agent = noun_phrase(by) if by is not None and by.pos_ != "PRON" else None
    patient = noun_phrase(subject) if subject is not None and (
        subject.pos_ != "PRON" or subject.lower_ in PERSONAL_PRONOUNS) else None
    return agent, patient


# "by" these, bare, tells how, not who: "taken by helicopter", "by road"
MEANS = {"helicopter", "plane", "air", "road", "bus", "car", "boat", "sea", "train", "truck", "convoy", "ambulance", "force",
         "phone", "telephone", "email", "mail", "foot", "land", "vehicle"}

# What is fired or thrown at someone, who is the target: "sprayed tear gas and
# rubber pellets at the marchers", "hurled stones at police"
PROJECTILES = {"fire", "shot", "shots", "gas", "teargas", "bullet", "round", "shell", "rocket", "missile", "grenade",
               "stone", "rock", "canister", "projectile", "pellet", "salvo", "volley", "mortar", "brick", "bottle"}

# Verbs whose subject undergoes the event (it has no doer in the clause)
UNDERGOING_VERBS = {"die", "perish", "drown", "succumb"}

# Stretches of time that can stand before what filled them ("a night of
# rioting", "two days of clashes")
SPELL_NOUNS = {"night", "day", "week", "weekend", "month", "hour", "evening", "morning", "afternoon", "spell", "wave", "round", "bout", "series"}


# Verbs whose subject runs into a device and is hit by it: "a vehicle struck an
# IED", "a shepherd stepped on a mine".
RAN_INTO = {"strike", "hit", "step", "run", "drive", "roll", "tread"}


# a common noun before an act that says who did it: "militia attacks", "rebel shelling"
DOER_NOUNS = {"militia", "rebel", "gang", "army", "police", "jihadist", "militant", "insurgent", "government", "military",
              "troop", "bandit", "pirate", "terrorist", "guerrilla", "regime", "soldier", "mob", "cartel"}
# verbs by which an act is done: "the attack was carried out (perpetrated, launched) by X"
CARRIED_OUT = {"carry", "perpetrate", "launch", "conduct", "stage", "mount", "commit", "execute", "claim", "plan",
               "organise", "organize", "orchestrate"}
# people on the run from something: "fled after attacks" (they did not attack)
FLIGHT_VERBS = {"flee", "escape", "evacuate", "run", "abandon", "desert"}


def roles(head: Token) -> tuple[Phrase | None, Phrase | None]:
    """(agent, patient) phrases of a trigger head."""
    agent_tok: Token | None = None
    patient_tok: Token | None = None
    misread = _misread_participle(head)
    if misread is not None:
        return misread
    if head.lemma_.lower() in UNDERGOING_VERBS and head.pos_ == "VERB":
        # "168 people died in the attack": who dies undergoes it; no one is named doing it
        subject, _ = clause_subject(head)
        if subject is not None and subject.pos_ != "PRON":
            return None, noun_phrase(subject)
        return None, None
    if head.pos_ in ("VERB", "AUX") or head.tag_.startswith("VB"):
        passive = _child(head, "nsubjpass", "auxpass") is not None
        if (not passive and head.dep_ == "conj" and head.tag_ == "VBN" and _child(head, "aux", "dobj", "obj") is None
                and _child(head.head, "auxpass") is not None and _child(head, "nsubj") is not None):
            # "facilities were destroyed and some fighters killed": the second
            # clause shares the first's "were", so its subject undergoes it
            passive = True
            patient_tok = _child(head, "nsubj")
        by = _prep_object(head, "by")
        if by is not None and by.lemma_.lower() in MEANS and not any(c.dep_ in ("det", "poss", "nummod") for c in by.children):
            by = None  # "taken by helicopter", "sent by road": how, not who
        if passive:
            agent_tok = by
            # the nearest of two ("in Recife, Pernambuco, a man was beaten": the man)
            patient_tok = patient_tok or max((c for c in head.lefts if c.dep_ == "nsubjpass"), key=lambda c: c.i, default=None)
            if patient_tok is None:
                patient_tok, _ = clause_subject(head)
        else:
            subj, was_passive = clause_subject(head)
            if was_passive and head.dep_ == "conj":
                subj = None
            if was_passive and head.dep_ == "acl":
                # "prisoners released by the government": the noun undergoes it
                agent_tok, patient_tok = by, subj
                agent = noun_phrase(agent_tok) if agent_tok is not None and agent_tok.pos_ != "PRON" else None
                patient = noun_phrase(patient_tok) if patient_tok is not None and patient_tok.pos_ != "PRON" else None
                return agent, patient
            agent_tok = subj
            # "into" and "to" name where someone went ("fled into Tajikistan"), not whom
            patient_tok = _child(head, "dobj", "obj") or _prep_object(head, "on", "against", "at")
            if patient_tok is not None and patient_tok.lemma_.lower() in PROJECTILES:
                # "opened fire on a civilian": the fire is the act, the civilian its target
                patient_tok = _prep_object(head, "on", "at", "upon") or _prep_object(patient_tok, "on", "at", "upon")
    else:
        # a nominal trigger: "the Taliban attack on X", "US airstrikes", "attack by X"
        agent_tok = _prep_object(head, "by")
        if agent_tok is None:
            # "a landmine planted by militants", "a rocket fired by the army"
            for c in head.children:
                if c.dep_ == "acl" and c.tag_ == "VBN":
                    agent_tok = _prep_object(c, "by")
                    if agent_tok is not None:
                        break
        if agent_tok is None:
            for c in head.lefts:
                if c.dep_ in ("compound", "poss", "amod", "nmod") and (
                    c.ent_type_ in ("ORG", "NORP", "GPE", "PERSON") or c.pos_ == "PROPN"
                    or (c.dep_ == "compound" and c.lemma_.lower() in DOER_NOUNS)  # "militia attacks", "rebel shelling"
                ):
                    agent_tok = c
        patient_tok = _prep_object(head, "on", "against", "of", "at")
        if patient_tok is None and head.dep_ in ("dobj", "obj"):
            # "launched attacks on X", "opened fire on X": the parse often
            # hangs the target on the verb
            patient_tok = _prep_object(head.head, "on", "against", "at", "upon")
        # "an army vehicle struck an IED", "a shepherd stepped on a mine": what
        # ran into the device was hit by it
        governor = head.head.head if head.dep_ == "pobj" else head.head
        ran_into = governor.lemma_.lower() in RAN_INTO and (
            head.dep_ in ("dobj", "obj") or (head.dep_ == "pobj" and head.head.lower_ in ("on", "onto", "over", "upon", "into")))
        if agent_tok is None and ran_into:
            subject, passive = clause_subject(governor)
            if not passive and patient_tok is None:
                patient_tok = subject
        elif agent_tok is None and head.dep_ == "nsubjpass" and head.head.lemma_.lower() in CARRIED_OUT:
            # "the attack was carried out by Al Shabaab": who carried it out did it
            agent_tok = _prep_object(head.head, "by")
        elif agent_tok is None and head.dep_ in ("dobj", "obj", "nsubjpass"):
            # "launched attacks", "set off a car bomb": the verb's subject acts
            agent_tok, passive = clause_subject(head.head)
            if passive:
                agent_tok = None
        elif (agent_tok is None and head.dep_ == "compound" and head.head.dep_ in ("dobj", "obj")
              and head.head.head.pos_ == "VERB"):
            # "carried out an arrest campaign": the campaign's doer
            agent_tok, passive = clause_subject(head.head.head)
            if passive:
                agent_tok = None
        elif (agent_tok is None and head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ == "VERB"
              and head.head.head.lemma_.lower() in FLIGHT_VERBS):
            # "refugees fled after attacks on their villages": who fled underwent them
            if patient_tok is None:
                patient_tok, _ = clause_subject(head.head.head)
        elif (agent_tok is None and head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ == "VERB"
              and head.head.head.lemma_.lower() not in JUDGING_VERBS):
            # "in the attack by ...", "during clashes with police" (but who
            # "blamed X for the attack" or "was jailed for a killing" did not do it)
            agent_tok, passive = clause_subject(head.head.head)
            if passive:
                agent_tok = None
        elif agent_tok is None and head.dep_ == "pobj" and head.head.lower_ in ("following", "after", "amid", "during"):
            # "A took the town from B following clashes": the parse hung the
            # clashes on a noun (or on "following" read as a verb); they were A's with B
            verb = clause_verb(head.head.head)
            if verb.pos_ == "VERB":
                agent_tok, passive = clause_subject(verb)
                if passive:
                    agent_tok = None
                elif patient_tok is None:
                    patient_tok = _prep_object(verb, "from", "against")
    if (head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.lemma_.lower() in UNDERGOING_VERBS
            and head.pos_ != "VERB" and with_partner(head) is None):
        # "168 people died in the attack (by gunmen) on Kauru": the dead were its
        # victims, not its doers (but "protesters died in clashes with police":
        # one side of the clash); whom it hit says more than where
        victims, _ = clause_subject(head.head.head)
        if agent_tok is not None and victims is not None and agent_tok.i == victims.i:
            agent_tok = None
        if victims is not None and (patient_tok is None or patient_tok.ent_type_ in ("GPE", "LOC", "FAC")):
            patient_tok = victims
    if agent_tok is not None and agent_tok.lemma_.lower() in SPELL_NOUNS:
        # "a night of rioting killed five": the rioting did, the night is when
        agent_tok = _prep_object(agent_tok, "of") or agent_tok
    agent = noun_phrase(agent_tok) if agent_tok is not None and agent_tok.pos_ != "PRON" else None
    # people told of by a pronoun are still people undergoing it ("they were seized")
    patient = noun_phrase(patient_tok) if patient_tok is not None and (
        patient_tok.pos_ != "PRON" or patient_tok.lower_ in PERSONAL_PRONOUNS) else None
    return agent, patient


PERSONAL_PRONOUNS = {"they", "them", "he", "him", "she", "her"}


def with_partner(head: Token) -> Phrase | None:
    """The other side in "clashes with X", "fought X", "battle between A and B"."""
    obj = _prep_object(head, "with", "between", "against")
    if obj is not None and obj.pos_ != "PRON":
        return noun_phrase(obj)
    return None


def _named_two(obj: Token) -> tuple[Phrase, Phrase] | None:
    """"between two rival groups, A and B": the sides are the two the words
    after the count name (the parse makes A an apposition of "groups", or a
    third member of the list)."""
    if not any(c.dep_ == "nummod" and c.lower_ == "two" for c in obj.children):
        return None
    named = next((c for c in obj.children if c.dep_ in ("appos", "conj") and c.i > obj.i + 1
                  and obj.doc[c.i - 1].dep_ != "cc" and any(t.text == "," for t in obj.doc[obj.i + 1:c.i])), None)
    second = next((c for c in named.children if c.dep_ == "conj"), None) if named is not None else None
    if second is None:
        return None
    return noun_phrase(named), noun_phrase(second)


def between_pair(head: Token) -> tuple[Phrase, Phrase] | None:
    """The two sides of "clashes between A and B" (also "clashes broke out in
    X between A and B", where the parse hangs "between" on the verb)."""
    obj = _prep_object(head, "between")
    if obj is None and head.dep_ == "nsubj" and head.pos_ == "NOUN":
        obj = _prep_object(head.head, "between")
    if obj is None or obj.pos_ == "PRON":
        return None
    named = _named_two(obj)
    if named is not None:
        return named
    first = noun_phrase(obj)
    other = next((c for c in obj.children if c.dep_ == "conj"), None)
    if other is None:
        # "between members of the rebels and regime forces": the parse joins
        # the second side to the first's "of" noun, but "between" has two sides
        other = next((c for c in first.head.children if c.dep_ == "conj"), None) if first.head is not obj else None
    if other is None:
        return None
    return first, noun_phrase(other)
