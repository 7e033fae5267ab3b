"""Long reports, extracted in pieces.

spaCy refuses a text over a million characters, and well below that the parse
and the per-document steps cost more per word as a document grows (several of
them look at the whole document for each sentence). A report longer than
``LONG_DOCUMENT_CHARS`` is therefore cut into pieces of at most
``PIECE_CHARS``, at paragraph breaks where it can be, else at line breaks,
sentence ends or spaces; each piece goes through the extractor as a document
of its own (same id and metadata), a few pieces at a time, and the offsets of
what it finds are moved into the whole document's text, so evidence still
points into the text the store keeps. An event told in two pieces is folded
into one mention, as the extractor folds the retellings within one report
(``extract.folding.fold_document``).

The context one piece gives does not reach another: the report's main
country, a place named three paragraphs up. A piece is some ten thousand
characters, as long as a long news report, so that is what a reader of a
single report would have anyway.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from .records import Document, Mention, Span

if TYPE_CHECKING:  # pragma: no cover
    from .extract import Extractor

LONG_DOCUMENT_CHARS = 30_000
PIECE_CHARS = 10_000
PIECES_AT_ONCE = 4  # spaCy batch: memory stays at a few pieces' parses

# Cut points, best first: after a blank line, after a line break, after a
# sentence's end, after a space.
_CUTS = (
    re.compile(r"\n[ \t]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?…][\"'”’)\]]*\s+"),
    re.compile(r"\s+"),
)


def split_pieces(text: str, size: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` spans that cover ``text`` in order, each at most ``size`` long.

    A piece ends at the best cut point in the second half of its window (a
    paragraph break before a line break before a sentence end before a
    space); only a window with no whitespace at all is cut mid-word.
    """
    spans: list[tuple[int, int]] = []
    start, length = 0, len(text)
    while start < length:
        if length - start <= size:
            spans.append((start, length))
            break
        window = text[start : start + size]
        end = _cut(window, size // 2)
        spans.append((start, start + end))
        start += end
    return spans


def _cut(window: str, least: int) -> int:
    """Where to end a piece in ``window``: after the last best cut mark past
    ``least``, else after the last one anywhere, else at the window's end."""
    for floor in (least, 1):
        for pattern in _CUTS:
            ends = [match.end() for match in pattern.finditer(window) if match.end() >= floor]
            if ends:
                return ends[-1]
    return len(window)


def extract_in_pieces(ex: Extractor, doc: Document, size: int = PIECE_CHARS) -> list[Mention]:
    """The mentions of a long document, extracted piece by piece, with offsets into its whole text."""
    from .extract.document import DocumentExtractor
    from .extract.folding import fold_document

    spans = split_pieces(doc.text, size)
    texts = (doc.text[start:end] for start, end in spans)
    mentions: list[Mention] = []
    for (start, end), sdoc in zip(spans, ex.nlp.pipe(texts, batch_size=PIECES_AT_ONCE)):
        piece = replace(doc, text=doc.text[start:end])
        mentions.extend(shift(m, start) for m in DocumentExtractor(ex, piece, sdoc).run())
    return fold_document(mentions)


def shift(mention: Mention, offset: int) -> Mention:
    """A piece's mention with its offsets moved into the whole document."""
    if offset:
        mention.sentence = _moved(mention.sentence, offset)
        mention.evidence = {name: _moved(span, offset) for name, span in mention.evidence.items()}
    return mention


def _moved(span: Span, offset: int) -> Span:
    return Span(span.start + offset, span.end + offset, span.text)
