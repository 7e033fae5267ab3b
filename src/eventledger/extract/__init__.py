"""Event mentions from documents: triggers, roles, status, codes, place, date, counts.

``Extractor.pipe`` streams documents through spaCy in batches (``nlp.pipe``) and
turns each parsed document into ``Mention`` records with their evidence spans.
Each step is a small module: ``triggers`` (lexicon), ``roles`` (who did what to
whom), ``status`` (did it happen), ``coding`` (ACLED/PLOVER codes and
precedence), ``quantities`` (fatalities and counts); places, dates and actors
are resolved by ``eventledger.normalise``.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..annotate import load_nlp
from ..records import Document, Mention
from . import second_opinion as _second_opinion
from .document import DocumentExtractor

__all__ = ["Extractor", "extract_document"]


class Extractor:
    """Holds the loaded resources; reuse one instance for many documents."""

    def __init__(self, nlp=None, actors=None, places=None, lexicon=None, second_opinion: bool | None = None):
        from ..normalise.actors import ActorResolver
        from ..normalise.places import default_resolver
        from .triggers import Lexicon

        self.nlp = nlp or load_nlp()
        self.actors = actors or ActorResolver.load()
        self.places = places or default_resolver()
        self.lexicon = lexicon or Lexicon.load()
        # the learned reading of snippets the rules leave empty (``second_opinion``);
        # None: as ``EVENTLEDGER_SECOND_OPINION`` says (off unless "1")
        self.second_opinion = _second_opinion.enabled() if second_opinion is None else second_opinion

    def mentions_of(self, document: Document, sdoc) -> list[Mention]:
        """The rules' mentions of one parsed document; for a snippet they leave
        empty, the second opinion's, when it is on, installed and sure."""
        extractor = DocumentExtractor(self, document, sdoc)
        mentions = extractor.run()
        if not mentions and self.second_opinion and extractor.snippet:
            mentions = _second_opinion.second_opinion(extractor)
        return mentions

    def pipe(self, documents: Iterable[Document], batch_size: int = 16) -> Iterator[tuple[Document, list[Mention]]]:
        docs = list(documents) if not isinstance(documents, list) else documents
        parsed = self.nlp.pipe((d.text for d in docs), batch_size=batch_size)
        for document, sdoc in zip(docs, parsed):
            yield document, self.mentions_of(document, sdoc)

    def extract(self, document: Document) -> list[Mention]:
        return self.mentions_of(document, self.nlp(document.text))


_default: Extractor | None = None


def default_extractor() -> Extractor:
    global _default
    if _default is None:
        _default = Extractor()
    return _default


def extract_document(document: Document) -> list[Mention]:
    """The event mentions of one document (no cross-document merging)."""
    return default_extractor().extract(document)
