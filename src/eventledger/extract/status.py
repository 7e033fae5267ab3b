"""Did it happen? Modality of a trigger: occurred, planned, demanded, threatened,
denied, claimed, or not an event at all (negated or hypothetical)."""
from __future__ import annotations

from spacy.tokens import Token
from .triggers import is_misread_participle, is_past_form

FUTURE_AUX = {"will", "would", "shall", "'ll", "wo"}
# (trying is doing: "tried to storm the airport" is an attempt that happened, as ACLED codes it)
PLAN_VERBS = {"plan", "intend", "prepare", "schedule", "expect", "set", "aim", "promise", "pledge", "vow", "hope", "seek", "want", "propose", "offer", "consider", "require", "oblige", "suppose", "due", "decide", "agree_to_future"}
# what is done about an event told elsewhere, or who is linked to it: "the organisers
# of the attack", "condemned the attack", "in retaliation for the raid"
# (a claim of responsibility for an attack tells the attack)
REFERRING_NOUNS = {"organiser", "organizer", "perpetrator", "victim", "survivor", "anniversary", "aftermath", "wake",
                   "response", "retaliation", "reprisal", "revenge", "comparison", "memory", "commemoration",
                   "condemnation", "investigation", "probe", "inquiry", "suspect", "mastermind", "planner",
                   "funeral", "mourning", "footage", "video", "report", "news", "eve", "connection"}
REFERRING_VERBS = {"condemn", "denounce", "investigate", "probe", "commemorate", "mourn", "recall", "compare",
                   "remember", "mark", "blame", "avenge", "film", "organise", "organize", "orchestrate", "mastermind"}
# nouns that name an act, which a word before them may only qualify ("the mob killing")
EVENT_NOUNS = {"killing", "attack", "bombing", "assault", "shooting", "massacre", "murder", "lynching", "raid", "riot",
               "clash", "ambush", "abduction", "kidnapping", "violence", "strike", "explosion", "blast"}
# violence that can be told again in passing, with its particulars ("the deaths of 14 miners ...")
RETOLD_NOUNS = EVENT_NOUNS | {"death"}
# what an act is when it is only "the goal was to ..."
AIM_NOUNS = {"goal", "aim", "objective", "intention", "purpose", "plan", "mission", "idea", "target", "ambition", "hope",
             "response", "answer", "reaction", "strategy", "policy"}
HABITUAL = {"long", "often", "repeatedly", "usually", "always", "regularly", "frequently", "routinely", "traditionally"}
TOPIC_VERBS = {"discuss", "debate", "consider", "review", "study", "plan", "finalize", "finalise", "decision"}
# what they hold back has not happened: "delaying the prisoner swap" (but a
# blocked attack was an attack, resisted)
HELD_BACK_VERBS = {"delay", "stall", "postpone"}
# verbs whose infinitive tells what an act made happen ("forced thousands to
# flee"), when it tells an escape or a flight: what a deal or a court allows
# ("allowed the government to release 300 prisoners") is not done yet
OUTCOME_VERBS = {"allow", "force", "enable", "let", "cause", "prompt", "compel", "drive"}
FLIGHT_LEMMAS = {"escape", "flee", "run", "leave", "abandon", "break"}
DEMAND_VERBS = {"demand", "call", "urge", "ask", "request", "appeal", "press", "insist"}
THREAT_VERBS = {"threaten", "warn"}
DENY_VERBS = {"deny", "reject", "refute", "dismiss"}
CLAIM_VERBS = {"claim", "allege", "insist", "assert"}
HYPOTHETICAL_MARKS = {"if", "unless", "whether"}
NOT_YET = {"may", "might", "could", "should", "must"}
QUOTES = "\"“”‘’'«»"
# whoever may do it: "anyone who joins the protest" tells no protest
ANYONE = {"anyone", "anybody", "whoever", "everyone", "everybody", "whomever", "any"}

# Statuses after which the event itself did not (yet) happen.
NON_OCCURRED = {"planned", "demanded", "threatened", "denied"}


def _has_child(tok: Token, deps: set[str], words: set[str] | None = None) -> bool:
    return any(c.dep_ in deps and (words is None or c.lower_ in words or c.lemma_.lower() in words) for c in tok.children)


def _governors(tok: Token, limit: int = 4):
    """Verbs above a trigger through complement and control links."""
    cur = tok
    for _ in range(limit):
        if cur.head == cur:
            return
        dep = cur.dep_
        cur = cur.head
        yield dep, cur


def in_quotes(tok: Token, text: str) -> bool:
    """Inside a quotation in its sentence (odd number of quote marks before it).
    ``text`` is the document's text (``Doc.text`` is rebuilt at every access)."""
    sent = tok.sent
    before = text[sent.start_char : tok.idx]
    straight = before.count('"')
    opened = before.count("“") + before.count("‘") - before.count("”") - before.count("’")
    return straight % 2 == 1 or opened > 0


def is_reference(head: Token, headline: bool = False) -> bool:
    """A noun that names an event already told rather than telling one:
    "the attack on X is the latest ...", "the release was part of the deal",
    "attacks on capitals are banned", "the latest in the offensive". A title
    tells in the present what happened, so only what is done about an event
    ("response to organisers of Kerman attack") makes one of its nouns a
    reference."""
    if head.pos_ not in ("NOUN", "PROPN") or is_misread_participle(head) or retold(head):
        return False
    gov = head.head
    if (head.dep_ in ("compound", "nmod") and gov.pos_ == "NOUN" and gov.i != head.i and gov.lemma_.lower() in EVENT_NOUNS
            and is_reference(gov, headline)):
        return True  # "in connection with the mob killing": the mob's act is the one referred to
    if not headline and _refers_by_tense(head, gov):
        return True
    return _refers_by_use(head, gov)


def retold(head: Token) -> bool:
    """An event told again with its own particulars, however it is brought up
    ("marching in memory of the deaths of 14 miners two months ago in Potosi"):
    its count, its time and its place make it a telling, not a mere reference.
    (Violence only: a deal or a release brought up is background.)"""
    if head.lemma_.lower() not in RETOLD_NOUNS:
        return False
    below = list(head.subtree)
    # "18 deaths", or "the deaths of 18 civilians" (the count two steps below "of")
    counted = any(t.dep_ == "nummod" and (t.head.i == head.i or t.head.head.head.i == head.i) for t in below)
    dated = any(t.ent_type_ == "DATE" for t in below)
    placed = any(t.ent_type_ in ("GPE", "LOC") for t in below)
    return counted and dated and placed


def more_of_a_kind(head: Token) -> bool:
    """Whether a noun counts more events of the kind just told: "46 such
    attacks on Sunday", "five similar attacks on Friday" (but "the first such
    attack" points back at one already told)."""
    kind = any(c.lower_ in ("such", "similar") for c in head.children if c.dep_ in ("amod", "det", "predet"))
    counted = any(c.dep_ == "nummod" for c in head.children)
    return kind and counted


def _refers_by_tense(head: Token, gov: Token) -> bool:
    if head.dep_ in ("nsubj", "nsubjpass") and gov.lemma_ == "be":
        return True
    if head.dep_ in ("nsubj", "nsubjpass") and gov.tag_ in ("VBZ", "VBP") and not _has_child(gov, {"aux", "auxpass"}, {"have", "has"}):
        return True  # present tense: a standing fact, not an occurrence
    if head.dep_ == "nsubjpass" and _has_child(gov, {"auxpass"}, {"are", "is"}):
        return True
    if head.dep_ == "pobj" and gov.dep_ == "prep" and gov.head.pos_ not in ("VERB", "AUX", "NOUN", "PROPN"):
        return True
    return False


def _refers_by_use(head: Token, gov: Token) -> bool:
    if head.dep_ in ("dobj", "pobj") and gov.lemma_.lower() in TOPIC_VERBS:
        return True
    if head.dep_ == "attr" and gov.lemma_ == "be" and any(
            c.dep_ == "nsubj" and c.pos_ == "NOUN" and c.ent_type_ not in ("PERSON", "NORP", "ORG") for c in gov.children):
        # "the bombing was a reprisal attack": what the subject was, no second
        # event ("a group assumed to be rioters" says who the group were)
        return True
    if (head.dep_ == "nsubj" and gov.lemma_.lower() in ("come", "follow") and not into_effect(head) and
            any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)):
        return True  # "The attack came a day after ...": the one just told, put in time
    if any(c.lower_ == "such" for c in head.children if c.dep_ in ("amod", "det", "predet")) and not more_of_a_kind(head):
        return True  # "the first such attacks": the ones just told
    if _apposed_to_verb(head):
        return True  # "gunmen killed 12 villagers on Monday, the deadliest attack since 2019"
    # what is done about an event already known ("the attack", "Sunday's
    # bombing", "the Kerman attack"); "a drone attack" is told here for the first time
    known = any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "another") for c in head.children) or any(
        c.dep_ in ("compound", "amod") and c.pos_ == "PROPN" for c in head.children)
    if known and head.dep_ in ("dobj", "nsubjpass") and gov.lemma_.lower() in REFERRING_VERBS:
        return True  # "condemned the attack", "the attack was condemned"
    if known and head.dep_ == "pobj" and gov.dep_ == "prep" and (
            gov.head.lemma_.lower() in REFERRING_NOUNS or (gov.head.lemma_.lower() in REFERRING_VERBS and gov.head.pos_ == "VERB")):
        return True  # "organisers of the attack", "blamed Israel for the bombings"
    if (head.dep_ == "pobj" and gov.lower_ == "of" and gov.head.lemma_.lower() in REFERRING_NOUNS
            and not any(c.dep_ in ("det", "nummod") for c in head.children)):
        return True  # "a shelter for survivors of rape": a kind of act, none told
    if known and head.dep_ == "pobj" and gov.lower_ == "behind":
        return True  # "was behind the attack", "the group behind the bombing"
    return False


# a period that makes what is counted in it a running total, not one event:
# "has killed 1,500 people since 2019", "displaced 40,000 over the past two years"
_SINCE_WHAT = {"start", "beginning", "outbreak", "onset", "war", "conflict", "coup", "uprising", "insurgency",
               "invasion", "revolution", "crisis", "independence"}
_WAR_NOUNS = {"war", "conflict", "insurgency", "uprising", "rebellion", "violence", "fighting", "unrest", "crisis",
              "civil war", "campaign", "offensive", "revolution"}
_LONG_SPANS = {"year", "month", "decade"}
_SHORT_SPANS = {"day", "week", "night", "hour", "morning", "weekend"}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"}


def _told_under(tok: Token, through: tuple[str, ...]) -> Token | None:
    """The verb a noun is told under, climbing only through ``through``
    relations ("died in the floods and clashes": "died"), if it is a verb."""
    verb = tok
    while verb.dep_ in through and verb.head is not verb:
        verb = verb.head
    return verb if verb.pos_ in ("VERB", "AUX") else None


def is_running_total(head: Token) -> bool:
    """A verb whose period is months or years long tells a tally of many
    events, not one: "the conflict has killed 1,500 people since 2019",
    "security forces have arrested 300 suspects since the start of the year",
    "2 million people have been displaced to date". A day or a week ("since
    Monday", "over the past two days") is one event's span and is left alone."""
    verbs = [head] if head.pos_ in ("VERB", "AUX") else []
    if head.pos_ == "NOUN" and head.dep_ in ("pobj", "conj"):
        # "168 people had died in clashes since the start of the month": the
        # verb the fighting is told under says over what period
        verb = _told_under(head, ("pobj", "conj", "prep"))
        if verb is not None:
            verbs.append(verb)
    if head.dep_ in ("relcl", "conj") and head.pos_ == "VERB":
        # "an insurgency since 2015 that has killed thousands": the relative
        # clause's noun is counted over the period its own verb is told in
        noun = head.head if head.dep_ == "relcl" else head.head.head if head.head.dep_ == "relcl" else None
        if noun is not None:
            if noun.lemma_.lower() in _WAR_NOUNS and _has_child(head, {"aux"}, {"has", "have", "had"}):
                return True  # a war, an insurgency that "has killed": all its dead
            verb = _told_under(noun, ("pobj", "dobj", "conj", "prep"))
            if verb is not None:
                verbs.append(verb)
    if head.dep_ == "xcomp" and head.head.pos_ == "VERB":
        verbs.append(head.head)  # "forced 40,000 people to flee over the past two years"
    for verb in verbs:
        attached = list(verb.children)
        attached += [g for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and not _apposed_to_verb(c)
                     for g in c.children]
        for c in attached:
            if c.dep_ == "prep" and _tallies(c):
                return True
            if c.dep_ == "advcl" and _has_child(c, {"mark"}, {"since"}) and any(
                    g.dep_ in ("nsubj", "nsubjpass") and g.lemma_.lower() in _SINCE_WHAT for g in c.children):
                return True  # "since the war began"
    return False


def _tallies(prep: Token) -> bool:
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None:
        return False
    word, lemma = prep.lower_, obj.lemma_.lower()
    if word == "to" and lemma == "date":
        return True
    if word == "since":
        if lemma in ("start", "beginning", "outbreak", "onset"):
            of = next((g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                       if g.dep_ == "pobj"), None)
            return of is None or of.lemma_.lower() not in _SHORT_SPANS
        if lemma in _SINCE_WHAT or (lemma == "year" and _has_child(obj, {"amod"}, {"last"})):
            return True
        if obj.like_num and len(obj.text) == 4 and obj.text.isdigit():
            return True  # "since 2019"
        # "since January", "since March 2020"; not "since March 3", a day's date
        return lemma in _MONTHS and not any(c.like_num and len(c.text) <= 2 for c in obj.children)
    if word in ("over", "in", "during", "within") and lemma in _LONG_SPANS:
        return _has_child(obj, {"amod"}, {"past", "last", "previous"}) or any(
            c.dep_ == "nummod" for c in obj.children) and _has_child(obj, {"det"}, {"the"})
    return False


def _apposed_to_verb(head: Token) -> bool:
    """A noun phrase set after a comma beside the clause that told the event
    describes that event: ", the deadliest attack since 2019", ", the second
    raid this week". The small parser hangs it on the verb as an apposition,
    a second object or an adverbial noun, or on the clause's last noun as
    its apposition ("on Monday, the deadliest attack")."""
    gov = head.head
    doc = head.doc
    edge = head.left_edge.i
    if gov.i > head.i or edge == 0 or doc[edge - 1].text != ",":
        return False
    if head.dep_ == "appos":
        return True
    if gov.pos_ != "VERB":
        return False
    if head.dep_ == "npadvmod":
        return True
    return head.dep_ == "dobj" and any(c.dep_ == "dobj" and c.i < head.i for c in gov.children)


def is_label(head: Token) -> bool:
    """A title's label before a colon ("Aleppo battle: city back under
    government control") names a topic, not an event; a bare "Arrests:" heads
    the note it names and is left to it."""
    doc = head.doc
    return (head.pos_ in ("NOUN", "PROPN") and head.left_edge.i == head.sent.start < head.i
            and head.i + 1 < len(doc) and doc[head.i + 1].text == ":")


def status_of(head: Token, headline: bool = False) -> tuple[str | None, str | None]:
    """(status, governing verb lemma). ``None`` status means: not an event.
    Headlines tell past events in the present tense, so that rule spares them."""
    if _has_child(head, {"neg"}):
        return None, None
    if _has_child(head, {"advmod"}, HABITUAL):
        return None, None
    if (head.tag_ in ("VBZ", "VBP") and _has_child(head, {"nsubj", "nsubjpass"}) and not _has_child(head, {"aux"}) and not headline
            and not is_past_form(head)):
        return None, None  # simple present: a state of affairs, not an occurrence
    if head.tag_ == "VBG" and _has_child(head, {"aux"}, {"are", "is"}) and _has_child(head, {"advmod"}, {"now", "still"}):
        return None, None  # "most are now fighting": ongoing, not an event
    if head.dep_ in ("advcl",) and _has_child(head, {"mark"}, HYPOTHETICAL_MARKS):
        return None, None
    if _has_child(head, {"advcl"}) and any(
        _has_child(c, {"mark"}, HYPOTHETICAL_MARKS) for c in head.children if c.dep_ == "advcl"
    ):
        return None, None
    if _has_child(head, {"aux"}, NOT_YET):
        return None, None
    # (a noun takes its verb: "his response was to carry out attacks")
    act = head.head if head.pos_ == "NOUN" and head.dep_ in ("dobj", "obj") else head
    if _has_child(act, {"aux"}, {"to"}) and act.dep_ in ("xcomp", "attr", "ccomp") and act.head.lemma_ == "be" and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in AIM_NOUNS for c in act.head.children):
        return None, None  # "the goal was to capture the police chief": an aim, not an act
    # "attacked the jail, allowing 300 inmates to escape": no plan (but what
    # is said of it above still counts: "officials denied that ...")
    if _has_child(head, {"aux"}, {"to"}) and head.dep_ not in ("xcomp", "advcl", "acl") and not _made_to_happen(head):
        return "planned", None  # "... and the group to free 1,000 captives": an obligation, not an act
    future = _has_child(head, {"aux"}, FUTURE_AUX)
    for dep, gov in _governors(head):
        lemma = gov.lemma_.lower()
        if dep == "relcl" and gov.lower_ in ANYONE:
            return None, None  # "arrest anyone who joins the protest": no protest told
        if _has_child(gov, {"neg"}) and dep in ("xcomp", "ccomp"):
            return None, None
        if lemma in DEMAND_VERBS and dep in ("xcomp", "ccomp", "pobj", "dobj", "prep"):
            return "demanded", lemma
        if lemma in THREAT_VERBS and dep in ("xcomp", "ccomp", "pobj", "prep"):
            return "threatened", lemma
        if lemma in DENY_VERBS and dep in ("xcomp", "ccomp", "dobj", "pcomp"):
            return "denied", lemma
        if lemma in CLAIM_VERBS and dep in ("ccomp", "xcomp"):
            return "claimed", lemma
        if lemma in PLAN_VERBS and dep in ("xcomp", "ccomp"):
            return "planned", lemma
        if lemma in TOPIC_VERBS and dep in ("dobj", "xcomp"):
            return None, None  # what is discussed or negotiated has not happened
        if lemma in HELD_BACK_VERBS and dep == "dobj":
            return None, None  # "accused Kabul of delaying the swap": nor what is held back
        if dep in ("xcomp", "ccomp") and _has_child(gov, {"aux"}, FUTURE_AUX) and lemma not in {"say", "tell", "add"}:
            future = True
        if dep not in ("xcomp", "ccomp", "conj", "dobj", "pobj", "prep", "pcomp"):
            break
    if future:
        return "planned", None
    return "occurred", None


def _made_to_happen(head) -> bool:
    """An escape or a flight that a past act made happen: "forced thousands to
    flee", "attacked the jail, allowing 300 inmates to escape", "were forced
    to flee" (the parser hangs it as a complement, or as a relative clause of
    the people it tells of). "The deal allows them to go", "will allow": not
    yet."""
    if not _has_child(head, {"aux"}, {"to"}) or head.lemma_.lower() not in FLIGHT_LEMMAS:
        return False
    gov = head.head
    if head.dep_ == "relcl" and gov.dep_ in ("dobj", "nsubj", "pobj"):
        gov = gov.head.head if gov.dep_ == "pobj" else gov.head
    elif head.dep_ not in ("ccomp", "xcomp"):
        return False
    if gov.lemma_.lower() not in OUTCOME_VERBS or _has_child(gov, {"neg"}):
        return False
    if gov.tag_ == "VBD":
        return True
    if gov.tag_ == "VBN":
        return _has_child(gov, {"auxpass"}, {"was", "were"})
    return gov.tag_ == "VBG" and gov.dep_ == "advcl" and gov.head.tag_ == "VBD"


def into_effect(head: Token) -> bool:
    """A deal told as starting: "the truce took effect", "went into effect",
    "came into force", "entered into force"."""
    gov = head.head
    return (head.dep_ == "nsubj" and gov.lemma_.lower() in ("take", "go", "come", "enter")
            and any(t.lemma_.lower() in ("effect", "force") and 0 < t.i - gov.i <= 3 for t in gov.subtree))
