"""Remove web boilerplate from a news report while keeping the article intact.

Syndicated copies of news reports carry the publishing site's leftovers: site
stamps, section labels, "Subscribe" buttons, photo credits, captions repeating
the body, comment-box prompts, "popular posts" link farms, UI strings in another
script. ``clean_text`` drops them by the *shape* of a line, not by a list of known
strings. Each rule is small and named after what it recognises:

line rules (a line alone gives itself away)
  * foreign script: a run of another script glued to the end of a line, or a whole
    line in it, in a document written in one script;
  * credit line: starts with ©, "(c)", "Photo:", "Image:", "Credit:" ...;
  * site stamp: "- Some Site, 1920" on its own, or a caption ending in
    "- Some Site, 1920, 04.08.2021";
  * pictured caption: ends with "(pictured ...)", "(Pictured: ...)", "(photo ...)";
  * lone word: a one-word line that is not a sentence ("Subscribe", "World", "0").
context rules (a line's neighbours or earlier lines give it away)
  * repeat: a line that repeats an earlier one verbatim or nearly (token sets
    overlapping by 90% or more, the shorter at least half the longer); the first
    full sentence is kept, so a caption-like copy above its body line goes too;
  * caption run: a long line without final punctuation right next to a caption;
  * link farm: a "Popular posts" / "Related" style heading followed only by
    title-like lines to the end;
  * tail: from the first non-sentence line of the short lines ending the
    document ("Source link", "Leave a Reply", "log in or register" ...);
  * header: when the document opens with site chrome, a short line above the
    first title-like line that shares few words with the article (a tagline).

Before any rule, bidirectional control characters (the right-to-left override
U+202E and its kin) are removed: they make text display in another order than
it reads, and nothing in a report needs them once it is plain text.

Kept lines are returned unchanged apart from trailing whitespace and a stripped
foreign-script tail, joined by "\\n", with one blank line wherever the source had
a paragraph break; the cleaned text is what all offsets point into.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["clean_text"]

# A line repeating an earlier one: share of the smaller token set found in the
# larger, and the least size ratio between the two.
NEAR_DUPLICATE_OVERLAP = 0.9
NEAR_DUPLICATE_SIZE_RATIO = 0.5
# Lines shorter than this (in tokens) are compared verbatim only.
NEAR_DUPLICATE_MIN_TOKENS = 5
# A sentence this short may be boilerplate when it ends the document below junk
# ("Your email address will not be published.").
TAIL_SHORT_SENTENCE_WORDS = 8
# Title-like lines: a link-farm entry, a headline.
TITLE_MAX_WORDS = 30
HEADLINE_MIN_WORDS = 4
# How many kept lines from the top a headline is looked for in.
HEADLINE_SEARCH_LINES = 4
# Above a headline, site chrome is tagline-sized and mostly about other things
# than the article (share of its longer words found in the article below).
HEADER_MAX_WORDS = 25
HEADER_MAX_SHARED = 0.34
# A caption without a marker is still a whole clause.
CAPTION_MIN_WORDS = 6
FOREIGN_RUN_MIN_LETTERS = 3

# Embeddings, overrides, isolates and marks (LRM, RLM, ALM).
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"))

_WORD = re.compile(r"[^\W_]+")
_CAMEL_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CLOSERS = "\"'”’»)]*"
_SENTENCE_END = ".!?…"
_BULLET = re.compile(r"^\s*(?:[-–—•*·▪]|\d{1,2}[.)])\s+\S")

_CREDIT = re.compile(
    r"(?i)^\s*(?:©|\(c\)\s|copyright\b|photo(?:graph)?\s*(?:credit)?\s*:|image\s*:|picture\s*:|credit\s*:|source\s+image\b)"
)
_SITE_NAME = r"[A-Z][\w&'.]*(?:\s+[A-Z][\w&'.]*){0,4}"
_STAMP_DATE = r"\d{1,2}[./]\d{1,2}[./]\d{2,4}"
# "- Sputnik International, 1920" on its own line
_SITE_STAMP_LINE = re.compile(rf"^\s*[-–—|•]?\s*{_SITE_NAME},\s*\d{{1,4}}(?:,\s*{_STAMP_DATE})?\s*$")
# "<caption> - Sputnik International, 1920, 04.08.2021"
_SITE_STAMP_SUFFIX = re.compile(rf"\s[-–—|]\s+{_SITE_NAME},\s*\d{{1,4}},\s*{_STAMP_DATE}\s*$")
_PICTURED = re.compile(
    r"(?i)\((?:pictured|photo(?:graphed)?|file\s+photo|above|below|left|right|inset|seen\s+here)\b[^()]*\)\s*$"
    r"|\(\s*pictured\s*:"
)
_TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")
_LINK_FARM_HEADING = re.compile(
    r"(?i)^\W*(?:popular|related|recommended|trending|most\s+(?:read|popular|viewed|shared)"
    r"|more\s+(?:from|stories|news|on|like\s+this)|read\s+(?:more|next|also)|also\s+read"
    r"|you\s+(?:may|might)\s+(?:also\s+)?(?:like|be\s+interested)|see\s+also|further\s+reading"
    r"|top\s+stories|latest\s+(?:news|stories|posts)|other\s+news|recent\s+posts|editor'?s\s+picks)\b"
)


@dataclass(slots=True)
class _Line:
    index: int  # position among the source's lines (blank ones included)
    text: str
    words: int
    sentence: bool
    compare_tokens: frozenset[str]  # word set, without a trailing stamp or parenthesis
    normalised: str
    removed: str | None = None  # the rule that dropped it
    extra_removed: list[str] = field(default_factory=list)  # stripped foreign tails

    @property
    def kept(self) -> bool:
        return self.removed is None


def clean_text(raw: str) -> tuple[str, list[str]]:
    """Remove boilerplate from a report.

    Returns ``(cleaned_text, removed)``: the article's lines joined by "\\n" (a blank
    line between paragraphs where the source had one) and the removed lines (and
    stripped foreign-script tails) in document order.
    """
    raw = raw.translate(BIDI_CONTROLS)
    source_lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    dominant = _dominant_script(raw)
    lines: list[_Line] = []
    for index, text in enumerate(source_lines):
        text = text.rstrip()
        if not text.strip():
            continue
        tail = ""
        if dominant:
            text, tail = _split_foreign_tail(text, dominant)
        line = _make_line(index, text) if text.strip() else _make_line(index, tail)
        if tail and text.strip():
            line.extra_removed.append(tail.strip())
        elif tail:
            line.removed = "foreign script"
        lines.append(line)

    _apply_line_rules(lines)
    opens_with_chrome = bool(lines) and not lines[0].kept
    _remove_repeats(lines)
    _remove_caption_runs(lines)
    _remove_link_farm(lines)
    _trim_tail(lines)
    if opens_with_chrome:
        _trim_header(lines)

    kept_parts: list[str] = []
    removed: list[str] = []
    previous_index: int | None = None
    for line in lines:
        removed.extend(line.extra_removed)
        if not line.kept:
            removed.append(line.text.strip())
            continue
        if previous_index is not None:
            had_blank = any(not source_lines[i].strip() for i in range(previous_index + 1, line.index))
            kept_parts.append("\n\n" if had_blank else "\n")
        kept_parts.append(line.text)
        previous_index = line.index
    return "".join(kept_parts), removed


# --- building lines ------------------------------------------------------------------


def _make_line(index: int, text: str) -> _Line:
    # A caption is compared without its site stamp or "(pictured ...)" aside.
    core = _SITE_STAMP_SUFFIX.sub("", text)
    if core.rstrip().endswith(")"):
        core = _TRAILING_PARENTHESIS.sub("", core)
    return _Line(
        index=index,
        text=text,
        words=len(_WORD.findall(text)),
        sentence=_is_sentence(text),
        compare_tokens=_tokens(core),
        normalised=" ".join(text.lower().split()),
    )


def _tokens(text: str) -> frozenset[str]:
    # Split words glued by a missing space ("Rahmat GulAfghan") so a caption glued
    # to its credit still matches the caption elsewhere.
    return frozenset(w.lower() for w in _WORD.findall(_CAMEL_GLUE.sub(" ", text)))


def _is_sentence(text: str) -> bool:
    """Whether a line ends like a sentence (final punctuation, maybe inside quotes)."""
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _is_bullet(line: _Line) -> bool:
    return bool(_BULLET.match(line.text))


# --- scripts -------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _script_of(char: str) -> str | None:
    """The script of a letter ("LATIN", "CYRILLIC", ...), None for anything else."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else None


_NOT_ASCII_LETTER = re.compile(r"[^A-Za-z]+")
_ASCII = re.compile(r"[\x00-\x7f]+")


def _dominant_script(text: str) -> str | None:
    # ASCII letters are counted in one pass of C code; only the rest one by one
    counts: dict[str, int] = {}
    latin = len(_NOT_ASCII_LETTER.sub("", text))
    if latin:
        counts["LATIN"] = latin
    for char in _ASCII.sub("", text):
        script = _script_of(char)
        if script:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    script, count = max(counts.items(), key=lambda item: item[1])
    # Only a clearly single-script document has "foreign" runs.
    return script if count >= 0.8 * sum(counts.values()) else None


def _split_foreign_tail(text: str, dominant: str) -> tuple[str, str]:
    """Split off a run of another script ending the line: ("kept", "tail")."""
    foreign_letters = 0
    cut = len(text)
    for position in range(len(text) - 1, -1, -1):
        char = text[position]
        script = _script_of(char)
        if script == dominant or char.isdigit():
            break
        if script is not None:
            foreign_letters += 1
            cut = position
    if foreign_letters < FOREIGN_RUN_MIN_LETTERS:
        return text, ""
    return text[:cut].rstrip(), text[cut:]


# --- line rules ----------------------------------------------------------------------


def _apply_line_rules(lines: list[_Line]) -> None:
    for line in lines:
        if not line.kept:
            continue
        text = line.text
        if _CREDIT.match(text):
            line.removed = "credit"
        elif _SITE_STAMP_LINE.match(text) or _SITE_STAMP_SUFFIX.search(text):
            line.removed = "site stamp"
        elif _PICTURED.search(text):
            line.removed = "caption"
        elif line.words <= 1 and not line.sentence:
            line.removed = "lone word"


# --- context rules -------------------------------------------------------------------


def _near_duplicate(a: frozenset[str], b: frozenset[str]) -> bool:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if len(small) < NEAR_DUPLICATE_MIN_TOKENS or len(small) < NEAR_DUPLICATE_SIZE_RATIO * len(large):
        return False
    return len(small & large) >= NEAR_DUPLICATE_OVERLAP * len(small)


def _remove_repeats(lines: list[_Line]) -> None:
    """Drop lines repeating earlier ones; keep the first one that is a full sentence."""
    headline = _first_kept(lines)
    candidates = _RepeatCandidates([line for line in lines if line.removed != "foreign script"])
    for line in lines:
        if line.removed == "foreign script":
            continue
        for other in candidates.earlier(line):
            if not line.kept:
                break
            same = line.normalised == other.normalised
            if not same and not _near_duplicate(line.compare_tokens, other.compare_tokens):
                continue
            if not other.kept:
                # Repeats a caption already dropped; a full sentence stays.
                if same or not line.sentence:
                    line.removed = "repeat"
            elif other is headline:
                # A caption repeating the headline goes; a sentence restating it stays.
                if same or not line.sentence:
                    line.removed = "repeat"
            elif line.sentence and not other.sentence and not same:
                # A caption-like copy stood above the full sentence: drop the copy.
                other.removed = "repeat"
            else:
                line.removed = "repeat"
        candidates.add(line)


class _RepeatCandidates:
    """The earlier lines a line could repeat, found without comparing it to every one.

    A near duplicate shares at least 90% of the smaller token set, and the
    smaller set is at least half the larger one (and has 5 tokens or more).
    With tokens ordered rarest first, two sets sharing ``t`` tokens share one
    among the first ``size - t + 1`` of each (prefix filtering). Each line is
    indexed twice: by a short prefix, for when it is the smaller set
    (``t = 0.9 * its size``), and by a long one, for when it is the larger
    (``t = 0.9 * the least size a partner may have``); a line looks up its
    long prefix among the short ones and its short prefix among the long
    ones. Lines that are the same text are found by that text. The candidates
    include every line the rules could act on, in document order, so the
    result is that of comparing with every earlier line.
    """

    def __init__(self, lines: list[_Line]) -> None:
        frequency: dict[str, int] = {}
        for line in lines:
            for token in line.compare_tokens:
                frequency[token] = frequency.get(token, 0) + 1
        self._frequency = frequency
        self._short: dict[str, list[int]] = {}
        self._long: dict[str, list[int]] = {}
        self._by_text: dict[str, list[int]] = {}
        self._lines: list[_Line] = []

    def _prefixes(self, tokens: frozenset[str]) -> tuple[list[str], list[str]]:
        size = len(tokens)
        if size < NEAR_DUPLICATE_MIN_TOKENS:
            return [], []  # too short to be a near duplicate: only the same text counts
        as_smaller = math.ceil(NEAR_DUPLICATE_OVERLAP * size - 1e-9)
        least_partner = max(NEAR_DUPLICATE_MIN_TOKENS, math.ceil(NEAR_DUPLICATE_SIZE_RATIO * size - 1e-9))
        as_larger = math.ceil(NEAR_DUPLICATE_OVERLAP * least_partner - 1e-9)
        ordered = sorted(tokens, key=lambda t: (self._frequency.get(t, 0), t))
        return ordered[: size - as_smaller + 1], ordered[: size - as_larger + 1]

    def earlier(self, line: _Line) -> list[_Line]:
        found = set(self._by_text.get(line.normalised, ()))
        short, long = self._prefixes(line.compare_tokens)
        for token in long:
            found.update(self._short.get(token, ()))
        for token in short:
            found.update(self._long.get(token, ()))
        return [self._lines[i] for i in sorted(found)]

    def add(self, line: _Line) -> None:
        index = len(self._lines)
        self._lines.append(line)
        self._by_text.setdefault(line.normalised, []).append(index)
        short, long = self._prefixes(line.compare_tokens)
        for token in short:
            self._short.setdefault(token, []).append(index)
        for token in long:
            self._long.setdefault(token, []).append(index)


_CAPTION_REASONS = {"credit", "site stamp", "caption", "repeat"}


def _remove_caption_runs(lines: list[_Line]) -> None:
    """A long unpunctuated line touching a dropped caption is a caption too."""
    headline = _first_kept(lines)
    changed = True
    while changed:
        changed = False
        for position, line in enumerate(lines):
            if not line.kept or line.sentence or line is headline or _is_bullet(line):
                continue
            if line.words < CAPTION_MIN_WORDS:
                continue
            neighbours = []
            if position > 0 and lines[position - 1].index == line.index - 1:
                neighbours.append(lines[position - 1])
            if position + 1 < len(lines) and lines[position + 1].index == line.index + 1:
                neighbours.append(lines[position + 1])
            if any(n.removed in _CAPTION_REASONS for n in neighbours):
                line.removed = "caption"
                changed = True


def _remove_link_farm(lines: list[_Line]) -> None:
    """Drop a "Popular posts"-style heading and the title list below it."""
    kept = [line for line in lines if line.kept]
    for position, line in enumerate(kept):
        if position < len(kept) // 2 or line.sentence or line.words > 8:
            continue
        if not _LINK_FARM_HEADING.match(line.text):
            continue
        rest = kept[position + 1 :]
        if all(other.words <= TITLE_MAX_WORDS for other in rest):
            for other in [line, *rest]:
                other.removed = "link farm"
            return


def _trim_tail(lines: list[_Line]) -> None:
    """Drop the widget text ending a document.

    The document's last lines, while short (title-sized non-sentences or very
    short sentences), are a candidate tail; it is cut from its first
    non-sentence line on, so a short closing sentence above the junk survives.
    """
    kept = [line for line in lines if line.kept]
    run_start = len(kept)
    while run_start > 0:
        line = kept[run_start - 1]
        short_sentence = line.sentence and line.words <= TAIL_SHORT_SENTENCE_WORDS
        junk_shaped = not line.sentence and line.words <= TITLE_MAX_WORDS and not _is_bullet(line)
        if not (short_sentence or junk_shaped):
            break
        run_start -= 1
    if run_start == 0:
        return  # no article body above: nothing to tell the tail from
    for position in range(run_start, len(kept)):
        if not kept[position].sentence:
            for line in kept[position:]:
                line.removed = "tail"
            return


def _trim_header(lines: list[_Line]) -> None:
    """Drop a tagline or label above the headline of a page that opens with chrome.

    Called only when the very first line was already recognised as chrome (a site
    stamp, a lone label). A line above the first title-like line goes when it is
    short and shares little with the article below: a site's tagline talks about
    the site, a lead sentence about the story.
    """
    kept = [line for line in lines if line.kept]
    for position, line in enumerate(kept[:HEADLINE_SEARCH_LINES]):
        title_like = not line.sentence and HEADLINE_MIN_WORDS <= line.words <= TITLE_MAX_WORDS
        if not title_like or _is_bullet(line):
            continue
        article_words = set().union(*(_content_words(below.text) for below in kept[position:]))
        for above in kept[:position]:
            words = _content_words(above.text)
            shared = len(words & article_words) / len(words) if words else 0.0
            if above.words <= HEADER_MAX_WORDS and shared < HEADER_MAX_SHARED:
                above.removed = "header"
        return


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) >= 4}


def _first_kept(lines: list[_Line]) -> _Line | None:
    return next((line for line in lines if line.kept), None)
