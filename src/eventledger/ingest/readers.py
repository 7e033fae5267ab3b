"""Turning bytes on disk into text: decoding, HTML extraction, JSON records.

Everything here reports bad input by raising ``BadInput`` with a one-line
message; the caller turns it into an ``IngestError`` and carries on.
"""
from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}

# Enough of a file's start to recognise HTML without a telling file name.
_HTML_SNIFF_CHARS = 2048
_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAG = re.compile(r"</?(?:p|div|br|span|a|article|section|h[1-6]|li|ul|table|script|meta|title)\b[^>]*>", re.I)


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


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (a BOM allowed) or BOM-marked UTF-16; nothing is guessed."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise BadInput(f"invalid UTF-16 at byte {error.start}") from None
    if b"\x00" in data:
        raise BadInput("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        # Guessing another encoding could silently garble names and numbers.
        raise BadInput(f"invalid UTF-8 at byte {error.start}; convert the file to UTF-8") from None


def looks_like_html(text: str) -> bool:
    """Whether text is an HTML page (or a fragment with a few block tags)."""
    head = text[:_HTML_SNIFF_CHARS]
    if _HTML_START.match(head):
        return True
    return len(_HTML_TAG.findall(head)) >= 3


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


def iter_json_lines(text: str) -> Iterator[tuple[int, dict[str, Any] | BadInput]]:
    """Each non-blank line of a JSON-lines text as (line number, record or BadInput)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield number, BadInput(f"malformed JSON ({error.msg} at column {error.colno})")
            continue
        yield number, check_record(record)


def looks_like_meta_file(text: str) -> bool:
    """Whether JSON lines describe files (a meta file) rather than hold documents."""
    for line in text.splitlines():
        if line.strip():
            try:
                first = json.loads(line)
            except json.JSONDecodeError:
                return False
            return isinstance(first, dict) and "file" in first and "text" not in first
    return False


def iter_json_file(text: str) -> Iterator[tuple[int, dict[str, Any] | BadInput]]:
    """Records of a .json file holding one record or a list of them, numbered from 1."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadInput(f"malformed JSON ({error.msg} at line {error.lineno}, column {error.colno})") from None
    items = data if isinstance(data, list) else [data]
    for number, record in enumerate(items, start=1):
        yield number, check_record(record)


def check_record(record: Any) -> dict[str, Any] | BadInput:
    """A JSON record with a usable ``id`` and ``text``, or the reason it is not one."""
    if not isinstance(record, dict):
        return BadInput(f"expected a JSON object, got {type(record).__name__}")
    missing = [key for key in ("id", "text") if record.get(key) in (None, "")]
    if missing:
        return BadInput("record has no " + " or ".join(f"'{key}'" for key in missing))
    if not isinstance(record["text"], str):
        return BadInput("record 'text' is not a string")
    if not isinstance(record["id"], (str, int)):
        return BadInput("record 'id' is not a string or number")
    return record


def _clean_str(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None
