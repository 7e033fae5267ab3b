"""Which language a report is written in, so a report in another is reported.

The extractor reads English only: a French report gives no events, which
without a word looks like a report with nothing to tell. Reports are checked
after cleaning, on a sample from their start. Plain English, in which the
commonest function words make up a large share of the words, is recognised by
that share alone; anything else goes to py3langid (langid.py's model, in its
wheel: nothing is downloaded), whose answer counts only when it is sure.
"""
from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["identify_language", "is_english", "language_name"]

SAMPLE_CHARS = 4000
MIN_LETTERS = 80  # less text than this is not judged
SURE = 0.9  # py3langid's normalised probability needed to name a language
# Share of words that are these in English news prose: about a quarter; in
# French, Spanish, German or Portuguese prose: well under a twentieth.
ENGLISH_SHARE = 0.12
_ENGLISH_WORDS = frozenset(
    "the of and to in that was were is are said for with by from have has had been it its this "
    "they their he his she her at which who would will not but".split()
)
_WORD = re.compile(r"[^\W\d_]+")


def identify_language(text: str) -> str | None:
    """The ISO 639-1 code of the language a text is written in, or None when unsure."""
    sample = text[:SAMPLE_CHARS]
    words = _WORD.findall(sample)
    if sum(len(w) for w in words) < MIN_LETTERS:
        return None
    if sum(1 for w in words if w.lower() in _ENGLISH_WORDS) >= ENGLISH_SHARE * len(words):
        return "en"
    code, probability = _identifier().classify(sample)
    return code if probability >= SURE else None


def is_english(language: str | None) -> bool:
    """Whether a language tag ("en", "en-GB", "EN") is English; an unknown one counts as English."""
    return not language or language.strip().lower().replace("_", "-").split("-")[0] in ("en", "eng", "english")


def language_name(code: str) -> str:
    """"French" for "fr"; the code itself when the name is not known."""
    import pycountry

    primary = code.strip().lower().replace("_", "-").split("-")[0]
    found = pycountry.languages.get(alpha_2=primary) if len(primary) == 2 else pycountry.languages.get(alpha_3=primary)
    return found.name if found is not None else code


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
