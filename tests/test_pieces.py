"""Long reports in pieces, and a spaCy failure that costs only its own document."""
from __future__ import annotations

import pytest
import spacy

from eventledger import pieces
from eventledger.extract import Extractor, default_extractor
from eventledger.pieces import PIECE_CHARS, extract_in_pieces, split_pieces
from eventledger.pipeline import extract_documents
from eventledger.records import Document

PARAGRAPHS = [
    "Rebels attacked the town of Gao on Tuesday, killing 4 soldiers, officials said.",
    "Police arrested 12 protesters in Lahore on Saturday after a march turned violent.",
    "Clashes between the army and militants in Kunduz left six fighters dead on Monday, residents said.",
    "Gunmen abducted three aid workers near Maiduguri on Thursday, the agency said.",
    "An air strike hit a market in Idlib on Wednesday, killing 9 civilians, rescuers said.",
]


TOWNS = ["Gao", "Timbuktu", "Mopti", "Kidal", "Segou", "Sikasso", "Kayes", "Menaka", "Kandahar", "Herat",
         "Jalalabad", "Ghazni", "Maiduguri", "Kano", "Sokoto", "Aleppo", "Homs", "Hama", "Mosul", "Kirkuk"]


def long_report(chars: int) -> str:
    """Numbered paragraphs (none repeats another) up to ``chars``: attacks on
    ever other towns, and one arrest in Lahore told again and again."""
    out, n = [], 0
    while sum(len(p) + 2 for p in out) < chars:
        if n % 4 == 3:
            out.append(f"Update {n}: " + PARAGRAPHS[1])
        else:
            out.append(f"Update {n}: Rebels attacked the town of {TOWNS[(n // 4) % len(TOWNS)]} on Tuesday, "
                       f"killing {n % 7 + 2} soldiers and burning {n // 4 + 3} houses, officials said.")
        n += 1
    return "\n\n".join(out)


def test_pieces_cover_the_text_in_order_and_cut_at_paragraphs():
    text = long_report(50_000)
    spans = split_pieces(text, 2_000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(0 < end - start <= 2_000 for start, end in spans)
    # every cut is right after a paragraph break, and pieces are not tiny
    assert all(text[end - 2 : end] == "\n\n" for _, end in spans[:-1])
    assert all(end - start >= 1_000 for start, end in spans[:-1])


def test_pieces_fall_back_to_sentences_spaces_and_finally_anywhere():
    sentences = "Rebels attacked the town. Soldiers fled the base. " * 100
    spans = split_pieces(sentences, 300)
    assert all(sentences[end - 2 : end] == ". " for _, end in spans[:-1])
    words = "word " * 1000
    assert all(words[end - 1] == " " for _, end in split_pieces(words, 333)[:-1])
    solid = "x" * 1000
    assert split_pieces(solid, 300) == [(0, 300), (300, 600), (600, 900), (900, 1000)]


@pytest.fixture(scope="module")
def extractor():
    return default_extractor()


def test_a_long_report_is_extracted_in_pieces_with_evidence_in_the_whole_text(extractor):
    text = long_report(3 * PIECE_CHARS + 5_000)
    doc = Document(id="long.txt", text=text, published="2021-07-07", published_source="meta", published_confidence=1.0)
    mentions = extract_in_pieces(extractor, doc)
    starts = sorted(m.sentence.start for m in mentions)
    assert starts[-1] > 3 * PIECE_CHARS  # found in the last piece too
    for m in mentions:
        assert m.document == "long.txt"
        for span in (m.sentence, *m.evidence.values()):
            assert text[span.start : span.end] == span.text
    # one event told in several pieces is folded, as within one report (the
    # march that turned violent, its protesters arrested: ACLED's one event)
    lahore = [m for m in mentions if m.place.location == "Lahore" and m.event_type == "Protests"]
    assert len(lahore) == 1 and lahore[0].quantities.get("arrested") == 12


class FailingNLP:
    """spaCy's pipeline, failing (inside ``pipe``, as a component would) on a marked text."""

    def __init__(self, nlp):
        self.nlp = nlp

    def pipe(self, texts, batch_size=16):
        for text in texts:
            if "POISON" in text:
                raise ValueError("a component broke\non two lines")
            yield self.nlp(text)

    def __call__(self, text):
        if "POISON" in text:
            raise ValueError("a component broke\non two lines")
        return self.nlp(text)


def test_a_failure_inside_a_spacy_batch_costs_only_the_bad_document(extractor):
    ex = Extractor(nlp=FailingNLP(extractor.nlp), actors=extractor.actors, places=extractor.places,
                   lexicon=extractor.lexicon)
    docs = [Document(id=f"d{i}", text=PARAGRAPHS[i % len(PARAGRAPHS)], path=f"in/d{i}.txt", published="2021-07-07")
            for i in range(6)]
    docs[2] = Document(id="bad", text="POISON " + PARAGRAPHS[0], path="in/bad.txt")
    errors: list[str] = []
    out = list(extract_documents(docs, extractor=ex, on_error=errors.append))
    assert [d.id for d, _ in out] == ["d0", "d1", "d3", "d4", "d5"]
    assert all(ms for _, ms in out)
    assert errors == ["in/bad.txt: extraction failed: ValueError: a component broke"]


def test_a_report_over_spacys_limit_is_extracted_not_refused(extractor, monkeypatch):
    # A blank pipeline (tokens and sentences only) keeps this fast; the limit is spaCy's own.
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ex = Extractor(nlp=nlp, actors=extractor.actors, places=extractor.places, lexicon=extractor.lexicon)
    huge = Document(id="huge", text=long_report(nlp.max_length + 50_000), path="in/huge.txt")
    small = [Document(id=f"s{i}", text=PARAGRAPHS[i], path=f"in/s{i}.txt") for i in range(3)]
    errors: list[str] = []
    out = list(extract_documents([small[0], huge, small[1], small[2]], extractor=ex, on_error=errors.append))
    assert errors == [] and [d.id for d, _ in out] == ["s0", "huge", "s1", "s2"]

    # without pieces, spaCy refuses it (E088), and only it is lost
    monkeypatch.setattr("eventledger.pipeline.LONG_DOCUMENT_CHARS", 10 * nlp.max_length)
    errors = []
    out = list(extract_documents([small[0], huge, small[1], small[2]], extractor=ex, on_error=errors.append))
    assert [d.id for d, _ in out] == ["s0", "s1", "s2"]
    (error,) = errors
    assert error.startswith("in/huge.txt: extraction failed: ValueError: [E088]") and "\n" not in error


def test_the_threshold_leaves_ordinary_reports_whole():
    assert pieces.LONG_DOCUMENT_CHARS >= 2 * PIECE_CHARS
    assert PIECE_CHARS * 50 < 1_000_000
