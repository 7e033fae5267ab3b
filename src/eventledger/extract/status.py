"""Did it happen? Modality of a trigger: occurred, planned, demanded, threatened,
denied, claimed, or not an event at all (negated or hypothetical)."""
from __future__ import annotations

from spacy.tokens import Token

FUTURE_AUX = {"will", "would", "shall", "'ll", "wo"}
PLAN_VERBS = {"plan", "intend", "prepare", "schedule", "expect", "set", "aim", "promise", "pledge", "vow", "hope", "seek", "want", "try", "attempt", "propose", "offer", "consider"}
DEMAND_VERBS = {"demand", "call", "urge", "ask", "request", "appeal", "press", "insist"}
THREAT_VERBS = {"threaten", "warn"}
DENY_VERBS = {"deny", "reject", "refute", "dismiss"}
CLAIM_VERBS = {"claim", "allege", "insist", "assert"}
HYPOTHETICAL_MARKS = {"if", "unless", "whether"}
NOT_YET = {"may", "might", "could", "should", "must"}
QUOTES = "\"“”‘’'«»"

# Statuses after which the event itself did not (yet) happen.
NON_OCCURRED = {"planned", "demanded", "threatened", "denied"}


def _has_child(tok: Token, deps: set[str], words: set[str] | None = None) -> bool:
    return any(c.dep_ in deps and (words is None or c.lower_ in words or c.lemma_.lower() in words) for c in tok.children)


def _governors(tok: Token, limit: int = 4):
    """Verbs above a trigger through complement and control links."""
    cur = tok
    for _ in range(limit):
        if cur.head is cur:
            return
        dep = cur.dep_
        cur = cur.head
        yield dep, cur


def in_quotes(tok: Token) -> bool:
    """Inside a quotation in its sentence (odd number of quote marks before it)."""
    sent = tok.sent
    before = sent.doc.text[sent.start_char : tok.idx]
    straight = before.count('"')
    opened = before.count("“") + before.count("‘") - before.count("”") - before.count("’")
    return straight % 2 == 1 or opened > 0


def status_of(head: Token) -> tuple[str | None, str | None]:
    """(status, governing verb lemma). ``None`` status means: not an event."""
    if _has_child(head, {"neg"}):
        return None, None
    if head.dep_ in ("advcl",) and _has_child(head, {"mark"}, HYPOTHETICAL_MARKS):
        return None, None
    if _has_child(head, {"advcl"}) and any(
        _has_child(c, {"mark"}, HYPOTHETICAL_MARKS) for c in head.children if c.dep_ == "advcl"
    ):
        return None, None
    if _has_child(head, {"aux"}, NOT_YET):
        return None, None
    future = _has_child(head, {"aux"}, FUTURE_AUX)
    for dep, gov in _governors(head):
        lemma = gov.lemma_.lower()
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
        if lemma in PLAN_VERBS and dep in ("xcomp",):
            return "planned", lemma
        if dep in ("xcomp", "ccomp") and _has_child(gov, {"aux"}, FUTURE_AUX) and lemma not in {"say", "tell", "add"}:
            future = True
        if dep not in ("xcomp", "ccomp", "conj", "dobj", "pobj", "prep", "pcomp"):
            break
    if future:
        return "planned", None
    return "occurred", None
