"""Turning bytes on disk into text: decoding, HTML extraction, JSON records.

Everything here reports bad input by raising ``BadInput`` with a one-line
message; the caller turns it into an ``IngestError`` and carries on.

Decoding: a byte-order mark decides (UTF-8, UTF-16 or UTF-32, either byte
order); otherwise the text must be UTF-8, or the encoding the user names
(``--encoding cp1252``), or ``--encoding auto`` asks charset-normalizer. The
default never guesses: a guess can silently garble names and numbers, so a
file that is not UTF-8 is an error that says how to read it.
"""
from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}

AUTO = "auto"
# UTF-32-LE's mark begins with UTF-16-LE's, so it is looked for first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WIDE = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
# charset-normalizer reads this much of a file to name its encoding
_DETECT_SAMPLE = 1 << 20

# Enough of a file's start to recognise HTML without a telling file name.
_HTML_SNIFF_CHARS = 2048
_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_OPENS_WITH_TAG = re.compile(r"^\s*(?:<!--.*?-->\s*)*</?[a-z][a-z0-9]*\b[^>]*>", re.I | re.S)
# Tags that give a text its structure. Script, style, meta and inline tags say
# nothing about it: plain text quoting a few <script> tags is still plain text.
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|hr|article|section|main|header|footer|nav|aside|h[1-6]|li|ul|ol|dl|dt|dd"
    r"|table|thead|tbody|tr|td|th|blockquote|figure|figcaption|pre)\b[^>]*>",
    re.I,
)
HTML_FRAGMENT_BLOCK_TAGS = 2  # a text opening with a tag is a fragment when it has this many
HTML_BLOCK_TAGS = 6  # anywhere in the first 2 KB: markup is the text's structure

_JSON_FIELDS = ("id", "text", "published", "url", "publisher", "title", "language")


class BadInput(Exception):
    """A document that cannot be read; the message is one line for the user."""


@dataclass(slots=True)
class PageText:
    """Main text of an HTML page and what its markup says about it."""

    text: str
    title: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None


# ------------------------------------------------------------------ encodings


def check_encoding(name: str) -> str:
    """The codec's canonical name (or ``auto``); ``ValueError`` for an unknown one."""
    if name.lower() == AUTO:
        return AUTO
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ValueError(f"unknown encoding {name!r} (use 'auto' or a Python codec name such as cp1252)") from None


def bom_encoding(data: bytes) -> tuple[str | None, int]:
    """The encoding a byte-order mark announces, and the mark's length."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None, 0


def decode(data: bytes, encoding: str = "utf-8") -> str:
    """Bytes to text (see the module's docstring); ``BadInput`` when they are not text."""
    return decode_text(data, encoding)[0]


def decode_text(data: bytes, encoding: str = "utf-8") -> tuple[str, str]:
    """Bytes to text and the codec that read them."""
    codec, skip = bom_encoding(data)
    if codec is not None:
        text = _strict(data[skip:], codec, offset=skip)
    elif encoding == AUTO:
        text, codec = _detect(data)
    else:
        codec = check_encoding(encoding)
        if codec not in _WIDE and b"\x00" in data:
            raise BadInput("binary file (contains NUL bytes), not text")
        text = _strict(data, codec)
    if "\x00" in text:
        raise BadInput("binary file (contains NUL characters), not text")
    return text, codec


def _strict(data: bytes, codec: str, offset: int = 0) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        where = f"at byte {error.start + offset}"
        if codec == "utf-8":
            raise BadInput(
                f"invalid UTF-8 {where}: not UTF-8; read it with --encoding auto, or name its encoding (--encoding cp1252)"
            ) from None
        raise BadInput(f"invalid {codec} {where}") from None


def _detect(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise BadInput("binary file (contains NUL bytes), not text")
    from charset_normalizer import from_bytes

    matches = from_bytes(data[:_DETECT_SAMPLE])
    best = matches.best()
    if best is None:
        raise BadInput("its encoding could not be detected; name it with --encoding")
    codec = check_encoding(best.encoding)
    # Short texts often fit several code pages equally well (cp1250 and cp1252
    # read "Kämpfe" alike and differ on "à"); among equals, the commonest
    # legacy encoding of news text wins.
    for match in matches:
        equal = match.chaos <= best.chaos + 0.01 and match.coherence >= best.coherence - 0.01
        if equal and {"cp1252", "latin_1", "iso8859_1"} & {match.encoding, *match.could_be_from_charset}:
            codec = "cp1252"
            break
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError as error:
        raise BadInput(f"detected as {codec}, but invalid {codec} at byte {error.start}; name its encoding with --encoding") from None


def is_wide(codec: str) -> bool:
    """Whether a codec's line breaks are not the byte 0x0A (UTF-16, UTF-32)."""
    return codec in _WIDE


# ----------------------------------------------------------------------- HTML


def looks_like_html(text: str) -> bool:
    """Whether text is an HTML page or fragment, judged by its structure.

    A page opens with a doctype or an html/head/body tag; a fragment opens with
    a tag and has block tags (paragraphs, divisions, list items...), or block
    tags are frequent enough to be its structure. A stray tag in plain text, a
    quoted ``<script>``, does not make it HTML.
    """
    head = text[:_HTML_SNIFF_CHARS]
    if _HTML_START.match(head):
        return True
    blocks = len(_BLOCK_TAG.findall(head))
    if _OPENS_WITH_TAG.match(head):
        return blocks >= HTML_FRAGMENT_BLOCK_TAGS
    return blocks >= HTML_BLOCK_TAGS


def html_to_text(html: str, url: str | None = None) -> PageText:
    """The main text of a page (trafilatura) with its title, date and site name."""
    import trafilatura  # slow to import; only pages need it

    extracted = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # only dates the markup states (meta tags, URL, time elements); a guess from
        # the body text is left to pubdate, which says how sure it is
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        # Too little for trafilatura's main-text heuristics: take all visible text.
        text = trafilatura.html2txt(html) or ""
        if not text.strip():
            raise BadInput("no text found in HTML")
        return PageText(text=text)
    return PageText(
        text=text,
        title=_clean_str(getattr(extracted, "title", None)),
        date=_clean_str(getattr(extracted, "date", None)),
        sitename=_clean_str(getattr(extracted, "sitename", None)),
        url=_clean_str(getattr(extracted, "url", None)),
    )


# ----------------------------------------------------------------------- JSON


def parse_json(text: str) -> Any:
    """``json.loads`` with its failures (malformed, nested too deeply) as ``BadInput``."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BadInput(f"malformed JSON ({error.msg} at line {error.lineno}, column {error.colno})"
                       if error.lineno > 1 else f"malformed JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise BadInput("JSON nested too deeply") from None


def iter_lines(stream: BinaryIO, codec: str, max_bytes: int) -> Iterator[tuple[int, str | BadInput]]:
    """The lines of a text stream, numbered from 1, one line in memory at a time.

    A line longer than ``max_bytes`` is skipped unread (``BadInput``); a line
    that does not decode costs only itself, except in UTF-16/32, where the
    line breaks of the rest could not be trusted and reading stops there.
    """
    if is_wide(codec):
        yield from _wide_lines(stream, codec, max_bytes)
        return
    number = 0
    while True:
        chunk = stream.readline(max_bytes + 1)
        if not chunk:
            return
        number += 1
        if len(chunk) > max_bytes and not chunk.endswith(b"\n"):
            while True:  # the rest of the line is skipped, a megabyte at a time
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, BadInput(f"line is over the size limit of {human_size(max_bytes)} (raise it with --max-size)")
            continue
        try:
            yield number, chunk.decode(codec)
        except UnicodeDecodeError as error:
            hint = "; read it with --encoding auto, or name its encoding" if codec == "utf-8" else ""
            yield number, BadInput(f"invalid {codec} at byte {error.start} of the line{hint}")


def _wide_lines(stream: BinaryIO, codec: str, max_bytes: int) -> Iterator[tuple[int, str | BadInput]]:
    import io

    reader = io.TextIOWrapper(stream, encoding=codec, errors="strict", newline="")
    limit = max(1, max_bytes // 2)  # characters, at two bytes or more each
    number = 0
    try:
        while True:
            line = reader.readline(limit + 1)
            if not line:
                return
            number += 1
            if len(line) > limit and not line.endswith("\n"):
                while True:
                    rest = reader.readline(1 << 19)
                    if not rest or rest.endswith("\n"):
                        break
                yield number, BadInput(f"line is over the size limit of {human_size(max_bytes)} (raise it with --max-size)")
                continue
            yield number, line
    except UnicodeDecodeError:
        yield number + 1, BadInput(f"invalid {codec}; the rest of the file is not read")
    finally:
        reader.detach()


def iter_json_lines(lines: Iterator[tuple[int, str | BadInput]]) -> Iterator[tuple[int, dict[str, Any] | BadInput]]:
    """Each non-blank line as (line number, record or the reason it is not one)."""
    for number, line in lines:
        if isinstance(line, BadInput):
            yield number, line
            continue
        if not line.strip():
            continue
        try:
            record = parse_json(line)
        except BadInput as error:
            yield number, error
            continue
        yield number, check_record(record)


def is_meta_entry(record: Any) -> bool:
    """Whether a JSON object describes a file (a meta line) rather than holds a document."""
    return isinstance(record, dict) and "file" in record and "text" not in record


def iter_json_file(text: str) -> Iterator[tuple[int, dict[str, Any] | BadInput]]:
    """Records of a .json file holding one record or a list of them, numbered from 1."""
    data = parse_json(text)
    items = data if isinstance(data, list) else [data]
    for number, record in enumerate(items, start=1):
        yield number, check_record(record)


def check_record(record: Any) -> dict[str, Any] | BadInput:
    """A JSON record with a usable ``id`` and ``text``, or the reason it is not one."""
    if not isinstance(record, dict):
        return BadInput(f"expected a JSON object, got {_json_type(record)}")
    missing = [key for key in ("id", "text") if record.get(key) in (None, "")]
    if missing:
        return BadInput("record has no " + " or ".join(f"'{key}'" for key in missing))
    if not isinstance(record["text"], str):
        return BadInput("record 'text' is not a string")
    if isinstance(record["id"], bool) or not isinstance(record["id"], (str, int)):
        return BadInput("record 'id' is not a string or number")
    for key in _JSON_FIELDS:
        if isinstance(record.get(key), str) and not is_unicode(record[key]):
            return BadInput(f"record '{key}' is not valid Unicode (a lone surrogate such as \\ud800)")
    return record


def is_unicode(text: str) -> bool:
    """Whether a string can be written as UTF-8: JSON's \\ud800 escapes make ones that cannot."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def human_size(size: int) -> str:
    for unit, factor in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


def parse_size(text: str) -> int:
    """'10MB', '500k', '2 GiB' or a number of bytes; ``ValueError`` otherwise."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*", text, re.I)
    if not match:
        raise ValueError(f"not a size: {text!r} (use e.g. 10MB, 500KB or a number of bytes)")
    number, unit = float(match.group(1)), match.group(2).lower()
    size = int(number * {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[unit])
    if size <= 0:
        raise ValueError(f"not a size: {text!r} (must be positive)")
    return size


def _json_type(value: Any) -> str:
    return {list: "an array", str: "a string", bool: "true or false", type(None): "null",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _clean_str(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None
