"""How alike two evidence sentences are, in meaning.

Static sentence embeddings from ``tokenlearn-static-model`` (a 64-dimension
Model2Vec-style model baked into its PyPI wheel, so nothing is downloaded),
averaged with the overlap of content words: the embeddings tell "freed" from
"ambushed", the words keep names and numbers in view. Cached per sentence.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_STOP = frozenset(
    "the and for with that this from have has had was were are been said says also after before into their they them "
    "than then its his her who whom which while when where there about over under more most some such not but".split()
)
_model_failed = False


def load() -> None:
    """Load the embedding model now (it loads on first use otherwise)."""
    _embedding("load")


@lru_cache(maxsize=65536)
def _embedding(text: str) -> tuple[float, ...] | None:
    global _model_failed
    if _model_failed:
        return None
    try:
        from static_model import get_embeddings
    except ImportError:  # pragma: no cover - the package is a dependency
        _model_failed = True
        return None
    vec = get_embeddings(text)
    norm = math.sqrt(sum(v * v for v in vec)) or 1.0
    return tuple(v / norm for v in vec)


@lru_cache(maxsize=65536)
def _content(text: str) -> frozenset[str]:
    words = set()
    for w in _WORD.findall(text.lower()):
        if w in _STOP:
            continue
        for suffix in ("ing", "ed", "es", "s"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 4:
                w = w[: -len(suffix)]
                break
        words.add(w)
    return frozenset(words)


def similarity(a: str, b: str) -> float:
    """0..1: 1 for the same sentence (a syndicated copy), ~0.5 for related news."""
    return _similarity(a, b) if a <= b else _similarity(b, a)


@lru_cache(maxsize=262144)
def _similarity(a: str, b: str) -> float:
    # (asked for every pair of mentions a neighbourhood holds, and syndicated
    # reports repeat their sentences: remembered per pair)
    if " ".join(a.split()) == " ".join(b.split()):
        return 1.0
    ca, cb = _content(a), _content(b)
    lexical = len(ca & cb) / len(ca | cb) if ca and cb else 0.0
    ea, eb = _embedding(a), _embedding(b)
    if ea is None or eb is None:
        return lexical
    cosine = sum(x * y for x, y in zip(ea, eb))
    return max(0.0, min(1.0, 0.5 * cosine + 0.5 * math.sqrt(lexical)))
