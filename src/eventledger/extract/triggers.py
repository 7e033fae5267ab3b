"""Find event triggers in a parsed sentence.

The lexicon (``data/triggers.json``, extendable through ``EVENTLEDGER_TRIGGERS``)
lists lemmas and lemma phrases by class. Matching walks the tokens once and
looks phrases up by their first lemma, so its cost is linear in the sentence.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token


@dataclass(frozen=True, slots=True)
class Trigger:
    cls: str  # lexicon class: "clash", "release", "demand", ...
    head: Token  # the syntactic head of the matched words
    start: int  # token index (doc-level) of the first matched token
    end: int  # token index after the last matched token
    phrase: str  # the lexicon entry that matched

    @property
    def lemma(self) -> str:
        return self.phrase


# Irregular forms of the lexicon's verbs, for when the small model tags one
# wrongly and leaves it unlemmatised ("The Iraqi army retook ...": "retook"/VB)
IRREGULAR_FORMS = {
    "took": "take", "taken": "take", "retook": "retake", "retaken": "retake", "overtook": "overtake",
    "overtaken": "overtake", "overran": "overrun", "fought": "fight", "shot": "shoot", "struck": "strike",
    "stole": "steal", "stolen": "steal", "fled": "flee", "broke": "break", "broken": "break", "threw": "throw",
    "thrown": "throw", "beaten": "beat", "slew": "slay", "slain": "slay", "blew": "blow", "blown": "blow",
    "withdrew": "withdraw", "withdrawn": "withdraw", "drove": "drive", "driven": "drive", "led": "lead",
    "met": "meet", "held": "hold", "freed": "free", "seized": "seize", "hid": "hide", "hidden": "hide",
    "swept": "sweep", "sought": "seek", "bound": "bind", "laid": "lay", "set": "set", "sent": "send",
}


# Past participles that do not end in "-ed", for is_misread_participle
IRREGULAR_PARTICIPLES = {
    "overrun", "taken", "retaken", "overtaken", "stolen", "thrown", "beaten", "slain", "blown", "withdrawn",
    "driven", "hidden", "broken", "shot", "struck", "held", "bound", "swept", "fought", "led", "sent", "hit",
    "burnt", "caught", "torn", "overthrown",
}


def is_misread_participle(token: Token) -> bool:
    """A passive participle the small model read as a noun or adjective after
    "be" ("the offices were overrun on Monday by students": "overrun"/NN):
    a verb all the same, telling what was done to the subject."""
    if token.tag_.startswith("VB") or not (token.lower_.endswith("ed") or token.lower_ in IRREGULAR_PARTICIPLES):
        return False
    return token.dep_ in ("acomp", "attr", "oprd") and token.head.lemma_ == "be"


def is_past_form(token: Token) -> bool:
    """Whether the word is an irregular past form, whatever the tagger made of
    it ("the army retook the town": "retook"/VBP is no present tense)."""
    form = token.lower_
    return form in IRREGULAR_FORMS and IRREGULAR_FORMS[form] != form


def _norm(token: Token) -> str:
    lemma = token.lemma_.lower()
    if lemma == token.lower_ and lemma in IRREGULAR_FORMS:
        return IRREGULAR_FORMS[lemma]
    if token.tag_ in ("NNPS", "NNS", "NNP") and lemma not in _first_words():
        # the small model leaves capitalised plurals unlemmatised ("Clashes",
        # "Airstrikes") and cuts some too far ("corpses" to "corps")
        for form in (lemma, token.lower_):
            for cut in ("s", "es"):
                if form.endswith(cut) and form[: -len(cut)] in _first_words():
                    return form[: -len(cut)]
    return lemma


class Lexicon:
    """Trigger phrases indexed by their first word."""

    def __init__(self, classes: dict[str, list[str]]):
        self.classes = classes
        self.by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for cls, phrases in classes.items():
            for phrase in phrases:
                words = tuple(phrase.lower().split())
                self.by_first.setdefault(words[0], []).append((words, cls))
        for entries in self.by_first.values():
            entries.sort(key=lambda e: -len(e[0]))  # longest phrase first

    @classmethod
    def load(cls, extra: list[str | Path] | None = None) -> "Lexicon":
        return _load(tuple(str(p) for p in (extra or [])) + _env_paths())

    def match(self, sent: SpacySpan) -> list[Trigger]:
        found: list[Trigger] = []
        tokens = list(sent)
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            candidates = self.by_first.get(_norm(tok)) or self.by_first.get(tok.lower_)
            matched = False
            for words, cls in candidates or ():
                n = len(words)
                window = tokens[i : i + n]
                if len(window) == n and all(
                    w == _norm(t) or w == t.lower_ for w, t in zip(words, window)
                ):
                    head = _span_head(window)
                    found.append(Trigger(cls, head, window[0].i, window[-1].i + 1, " ".join(words)))
                    # a phrase can belong to several classes ("storm": clash, riot);
                    # keep every class for the same words, then move past them
                    for words2, cls2 in candidates:
                        if words2 == words and cls2 != cls:
                            found.append(Trigger(cls2, head, window[0].i, window[-1].i + 1, " ".join(words)))
                    i += n
                    matched = True
                    break
            if not matched:
                i += 1
        return found


def _span_head(tokens: list[Token]) -> Token:
    # "prisoners released": a verb in the match heads it, whatever the parse says
    verbs = [t for t in tokens if t.pos_ == "VERB"]
    if verbs and len(tokens) > 1:
        return verbs[0]
    ids = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return tokens[-1]


def _env_paths() -> tuple[str, ...]:
    raw = os.environ.get("EVENTLEDGER_TRIGGERS", "")
    return tuple(p for p in raw.split(os.pathsep) if p)


@lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> Lexicon:
    data = json.loads(resources.files("eventledger.data").joinpath("triggers.json").read_text("utf-8"))
    classes: dict[str, list[str]] = {k: list(v) for k, v in data["classes"].items()}
    for path in extra:
        try:
            more = json.loads(Path(path).read_text("utf-8"))["classes"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}: not a trigger file ({exc})") from None
        for cls, phrases in more.items():
            classes.setdefault(cls, []).extend(phrases)
    return Lexicon(classes)


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    return frozenset(_load(()).by_first)
