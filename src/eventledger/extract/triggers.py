"""Find event triggers in a parsed sentence.

The lexicon (``data/triggers.json``, extendable through ``EVENTLEDGER_TRIGGERS``)
lists lemmas and lemma phrases by class. Matching walks the tokens once and
looks phrases up by their first lemma, so its cost is linear in the sentence.
A report's lookup forms are read once, from one array of the parse, and only
the tokens some phrase can start at are looked at.
"""
from __future__ import annotations

import json
import os
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.attrs import LEMMA, LOWER, TAG
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan


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


def _norm_forms(lemma_: str, lower: str, tag: str) -> str:
    """The form a token with this lemma, lowercase form and tag is looked up by."""
    lemma = lemma_.lower()
    if lemma == lower and lemma in IRREGULAR_FORMS:
        return IRREGULAR_FORMS[lemma]
    if tag in ("NNPS", "NNS", "NNP") and lemma not in _first_words():
        # the small model leaves capitalised plurals unlemmatised ("Clashes",
        # "Airstrikes") and cuts some too far ("corpses" to "corps")
        for form in (lemma, lower):
            for cut in ("s", "es"):
                if form.endswith(cut) and form[: -len(cut)] in _first_words():
                    return form[: -len(cut)]
    return lemma


# (norm, lowercase form) by a token's (lemma, lower, tag) hashes, as the 24
# bytes of one row of ``Doc.to_array``: the same words come back in every
# report, and looking a whole report's rows up at once is much cheaper than
# asking each token for its strings
_FORMS: dict[bytes, tuple[str, str]] = {}
_FORMS_LIMIT = 200_000


def _doc_forms(doc: Doc) -> list[tuple[str, str]]:
    """Every token's (lookup form, lowercase form), in order."""
    if len(_FORMS) > _FORMS_LIMIT:
        _FORMS.clear()
    rows = doc.to_array([LEMMA, LOWER, TAG])
    keys = rows.view("S24").ravel().tolist() if len(doc) else []  # (a row's bytes, its trailing zeros cut: one key per row still)
    forms = list(map(_FORMS.get, keys))
    if None in forms:
        strings = doc.vocab.strings
        for i, found in enumerate(forms):
            if found is None:
                lemma, lower, tag = (strings[h] for h in rows[i].tolist())
                forms[i] = _FORMS[keys[i]] = (_norm_forms(lemma, lower, tag), lower)
    return forms


class Lexicon:
    """Trigger phrases indexed by their first word."""

    def __init__(self, classes: dict[str, list[str]]):
        self.classes = classes
        self.by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for cls, phrases in classes.items():
            for phrase in phrases:
                for words in _tokenised(phrase):
                    entry = (words, cls)
                    if entry not in self.by_first.get(words[0], ()):
                        self.by_first.setdefault(words[0], []).append(entry)
        for entries in self.by_first.values():
            entries.sort(key=lambda e: -len(e[0]))  # longest phrase first
        self._last_doc: tuple[Doc, list[tuple[str, str]], list[int]] | None = None

    @classmethod
    def load(cls, extra: list[str | Path] | None = None) -> "Lexicon":
        return _load(tuple(str(p) for p in (extra or [])) + _env_paths())

    def match(self, sent: SpacySpan) -> list[Trigger]:
        found: list[Trigger] = []
        doc = sent.doc
        last = self._last_doc  # (the sentences of one report come one after another)
        if last is None or last[0] is not doc:
            forms = _doc_forms(doc)
            by_first = self.by_first
            # the tokens some phrase can start at: the only ones worth a look
            starts = [i for i, (norm, lower) in enumerate(forms) if norm in by_first or lower in by_first]
            last = self._last_doc = (doc, forms, starts)
        _, forms, starts = last
        end = sent.end
        i = sent.start  # the first token not yet matched
        for at in range(bisect_left(starts, i), len(starts)):
            first = starts[at]
            if first >= end:
                break
            if first < i:
                continue  # inside the phrase matched before
            norm, lower = forms[first]
            candidates = self.by_first.get(norm) or self.by_first.get(lower)
            for words, cls in candidates or ():
                n = len(words)
                if first + n <= end and all(w == forms[first + k][0] or w == forms[first + k][1] for k, w in enumerate(words)):
                    head = _span_head([doc[j] for j in range(first, first + n)])
                    found.append(Trigger(cls, head, first, first + n, " ".join(words)))
                    # a phrase can belong to several classes ("storm": clash, riot);
                    # keep every class for the same words, then move past them
                    for words2, cls2 in candidates:
                        if words2 == words and cls2 != cls:
                            found.append(Trigger(cls2, head, first, first + n, " ".join(words)))
                    i = first + n
                    break
        return found


_PARTICLES = {"up", "out", "off", "over", "down", "in", "on", "away", "back", "into"}


def _tokenised(phrase: str) -> list[tuple[str, ...]]:
    """A phrase's words as the parser splits them: a hyphen is a token of its
    own ("sit-in": sit - in), and a phrase of two words or more is also
    written hyphenated ("baton charge" and "baton-charged"), but for a verb
    and its particle ("break up": a "break-up" is no dispersal)."""
    words = tuple(w for w in re.split(r"\s+|(-)", phrase.lower()) if w)
    spelled = [words]
    if "-" not in words and len(words) > 1 and words[-1] not in _PARTICLES:
        hyphened: list[str] = []
        for w in words:
            hyphened += [w, "-"]
        spelled.append(tuple(hyphened[:-1]))
    return spelled


def _span_head(tokens: list[Token]) -> Token:
    # "prisoners released": a verb in the match heads it, whatever the parse says
    # (but a hyphened word is one word, headed where the parse says: "sit-ins")
    verbs = [t for t in tokens if t.pos_ == "VERB"]
    if verbs and len(tokens) > 1 and not any(t.text == "-" for t in tokens):
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
