"""Read reports from files and folders into cleaned ``Document`` records.

    for item in read_paths(["corpus/"], meta="corpus/meta.jsonl"):
        if isinstance(item, IngestError):
            print(item, file=sys.stderr)   # reported, never fatal
        else:
            store(item)

Inputs: plain text (any file that decodes as UTF-8), HTML (by suffix or by
content; main text via trafilatura) and JSON lines of
``{"id", "text", "published"?, "url"?, "publisher"?, "title"?, "language"?}``
whose text may itself be HTML. Folders are walked recursively in sorted order,
skipping hidden files and the meta file itself.

The publication date comes from, in order: the meta file ("meta", confidence
1.0), the JSON record ("record", 1.0), the page markup ("meta", 0.9: markup is
metadata, but some sites stamp the last change rather than the first
publication), the text itself ("text", the inference's confidence). With none,
``published`` is None and the document is flagged "no-date".
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from eventledger.ingest.clean import clean_text
from eventledger.ingest.pubdate import infer_published
from eventledger.ingest.readers import (
    HTML_SUFFIXES,
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    BadInput,
    decode,
    html_to_text,
    iter_json_file,
    iter_json_lines,
    looks_like_html,
    looks_like_meta_file,
)
from eventledger.records import Document, IngestError

__all__ = ["read_paths", "load_meta", "clean_text", "infer_published"]

PAGE_DATE_CONFIDENCE = 0.9
TITLE_MAX_WORDS = 30


def load_meta(path: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """Read a JSON-lines meta file into ``{file name: entry}``.

    Each line is ``{"file", "published"?, "publisher"?, "url"?, "title"?,
    "language"?}``; ``file`` may carry a directory, only its base name is used for
    matching. Raises ``OSError`` when the file cannot be read and ``ValueError``
    (naming ``path:line``) when a line is not such an object.
    """
    try:
        text = decode(Path(path).read_bytes())
    except BadInput as error:
        raise ValueError(f"{path}: {error}") from None
    table: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}:{number}: malformed JSON ({error.msg})") from None
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) or not entry["file"].strip():
            raise ValueError(f"{path}:{number}: expected an object with a \"file\" name")
        table[os.path.basename(entry["file"].strip())] = entry
    return table


def read_paths(
    paths: Iterable[str | os.PathLike[str]],
    meta: str | os.PathLike[str] | None = None,
    progress: bool = False,
) -> Iterator[Document | IngestError]:
    """Read files and folders into Documents, reporting bad input as IngestErrors.

    Folders are walked recursively in sorted order (hidden files and the meta file
    skipped); the order of the output is deterministic. ``meta`` entries are
    matched by file name (for JSON records, by record id). With ``progress`` a
    bar is shown on stderr when it is a terminal.
    """
    meta_table: dict[str, dict[str, Any]] = {}
    meta_path: Path | None = None
    if meta is not None:
        meta_path = Path(meta)
        try:
            meta_table = load_meta(meta_path)
        except ValueError as error:
            yield IngestError(str(meta_path), f"unreadable meta file: {str(error).removeprefix(f'{meta_path}: ')}")
        except OSError as error:
            yield IngestError(str(meta_path), f"unreadable meta file: {error.strerror or error}")

    items = list(_expand(paths, skip=meta_path))
    if progress:
        from tqdm import tqdm

        # disable=None: a bar on a terminal, silence in pipes and CI logs
        items = tqdm(items, disable=None, unit="file", desc="ingest", file=sys.stderr)
    for item in items:
        if isinstance(item, IngestError):
            yield item
        else:
            yield from _read_file(item, meta_table)


def _expand(paths: Iterable[str | os.PathLike[str]], skip: Path | None) -> Iterator[Path | IngestError]:
    """Files named or found under the folders named, in a stable order."""
    skip_resolved = skip.resolve() if skip is not None else None
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path):
                if skip_resolved is None or file.resolve() != skip_resolved:
                    yield file
        elif path.is_file():
            if skip_resolved is None or path.resolve() != skip_resolved:
                yield path
        elif path.exists():
            yield IngestError(str(path), "not a regular file")
        else:
            yield IngestError(str(path), "no such file or directory")


def _walk(folder: Path) -> Iterator[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root) / name for name in files if not name.startswith("."))
    # sorted by path relative to the folder, so the order is the same everywhere
    yield from sorted(found, key=lambda p: p.relative_to(folder).parts)


def _read_file(path: Path, meta_table: dict[str, dict[str, Any]]) -> Iterator[Document | IngestError]:
    try:
        data = path.read_bytes()
    except OSError as error:
        yield IngestError(str(path), f"cannot read: {error.strerror or error}")
        return
    if not data.strip():
        yield IngestError(str(path), "empty file")
        return
    try:
        text = decode(data)
    except BadInput as error:
        yield IngestError(str(path), str(error))
        return
    if not text.strip():
        yield IngestError(str(path), "empty file")
        return

    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES and looks_like_meta_file(text):
        # One clear message rather than "no 'id'" for every line.
        yield IngestError(str(path), 'a meta file (lines name a "file", hold no "text"); pass it as the meta file')
        return
    if suffix in JSONL_SUFFIXES or suffix in JSON_SUFFIXES:
        try:
            records = iter_json_lines(text) if suffix in JSONL_SUFFIXES else iter_json_file(text)
            for number, record in records:
                where = f"{path}:{number}"
                if isinstance(record, BadInput):
                    yield IngestError(where, str(record))
                    continue
                record_id = str(record["id"])
                yield _document(
                    doc_id=record_id,
                    body=record["text"],
                    where=where,
                    meta=meta_table.get(record_id),
                    record=record,
                )
        except BadInput as error:
            yield IngestError(str(path), str(error))
        return

    yield _document(
        doc_id=path.name,
        body=text,
        where=str(path),
        meta=meta_table.get(path.name),
        record=None,
        html=suffix in HTML_SUFFIXES,
    )


def _document(
    doc_id: str,
    body: str,
    where: str,
    meta: dict[str, Any] | None,
    record: dict[str, Any] | None,
    html: bool = False,
) -> Document | IngestError:
    """Clean one text and settle its metadata; an IngestError if nothing is left."""
    meta = meta or {}
    record = record or {}
    page_title = page_date = page_site = page_url = None
    if html or looks_like_html(body):
        try:
            page = html_to_text(body, url=_str(meta.get("url")) or _str(record.get("url")))
        except BadInput as error:
            return IngestError(where, str(error))
        body, page_title, page_date, page_site, page_url = page.text, page.title, page.date, page.sitename, page.url

    cleaned, removed = clean_text(body)
    if not cleaned.strip():
        return IngestError(where, "empty after removing boilerplate" if removed else "empty file")

    doc = Document(id=doc_id, text=cleaned, path=where, removed=removed)
    doc.publisher = _str(meta.get("publisher")) or _str(record.get("publisher")) or page_site
    doc.url = _str(meta.get("url")) or _str(record.get("url")) or page_url
    doc.title = _str(meta.get("title")) or _str(record.get("title")) or page_title or _headline(cleaned)
    doc.language = _str(meta.get("language")) or _str(record.get("language")) or doc.language

    for source, value, confidence in (
        ("meta", meta.get("published"), 1.0),
        ("record", record.get("published"), 1.0),
        ("meta", page_date, PAGE_DATE_CONFIDENCE),
    ):
        if value in (None, ""):
            continue
        day = _iso_day(value)
        if day is None:
            doc.flags.append(f"bad-published:{source}")
            continue
        doc.published, doc.published_source, doc.published_confidence = day, source, confidence
        break
    if doc.published is None:
        # The raw text still has the site stamps the cleaner removed.
        day, confidence, _evidence = infer_published(body)
        if day is not None:
            doc.published, doc.published_source, doc.published_confidence = day, "text", confidence
        else:
            doc.flags.append("no-date")
    return doc


def _iso_day(value: Any) -> str | None:
    """A stated publication date as YYYY-MM-DD, or None if it does not name a day."""
    from eventledger.normalise.dates import resolve

    day, precision = resolve(str(value).strip(), None)
    return day if precision == 1 else None


def _headline(text: str) -> str | None:
    """The first line when it reads like a headline (no final punctuation, short)."""
    first = text.split("\n", 1)[0].strip()
    if not first or first[-1] in ".!?…\"'”’" or len(first.split()) > TITLE_MAX_WORDS:
        return None
    return first


def _str(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None
