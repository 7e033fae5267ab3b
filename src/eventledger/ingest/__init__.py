"""Read reports from files and folders into cleaned ``Document`` records.

    for item in read_paths(["corpus/"], meta="corpus/meta.jsonl"):
        if isinstance(item, IngestError):
            print(item, file=sys.stderr)   # reported, never fatal
        else:
            store(item)

Inputs: plain text, HTML (by suffix or by its structure; main text via
trafilatura) and JSON lines of ``{"id", "text", "published"?, "url"?,
"publisher"?, "title"?, "language"?}`` whose text may itself be HTML. Folders
are walked recursively in sorted order, skipping hidden files and the meta
file itself; only regular files are read, symbolic links only while they stay
inside the folder given (``files.py``). Text is UTF-8 unless a byte-order mark
says otherwise or ``encoding`` names another codec (or ``"auto"``).

Each document (a file, or a line of a JSON-lines file) is read, decoded and
checked on its own, and at most ``max_bytes`` of it: whatever is wrong with one
becomes an ``IngestError`` naming it (``file`` or ``file:line``), in one line,
and the others are read. JSON-lines files are streamed, a line at a time.

The publication date comes from, in order: the meta file ("meta", confidence
1.0), the JSON record ("record", 1.0), the page markup ("meta", 0.9: markup is
metadata, but some sites stamp the last change rather than the first
publication), the text itself ("text", the inference's confidence). With none,
``published`` is None and the document is flagged "no-date". A stated date
that is not a day ("yesterday", "2021-07") is an error: the document is not
read, since its date is what its relative dates are resolved against.

The meta file is all or nothing: if any of its lines cannot be read, no
document is read (each bad line is named), because a line that cannot be read
cannot say which document it describes, and a document stored without its
metadata would be stored wrong.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from eventledger.ingest.clean import clean_text
from eventledger.ingest.files import DEFAULT_MAX_BYTES, count_lines, display, find_files, open_regular, read_regular
from eventledger.ingest.language import identify_language, is_english, language_name
from eventledger.ingest.pubdate import infer_published
from eventledger.ingest.readers import (
    AUTO,
    HTML_SUFFIXES,
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    BadInput,
    bom_encoding,
    check_encoding,
    check_record,
    decode_text,
    html_to_text,
    is_meta_entry,
    is_unicode,
    iter_json_file,
    iter_lines,
    looks_like_html,
    parse_json,
)
from eventledger.records import Document, IngestError

__all__ = ["read_paths", "load_meta", "clean_text", "infer_published", "document_warnings", "DEFAULT_MAX_BYTES"]

PAGE_DATE_CONFIDENCE = 0.9
TITLE_MAX_WORDS = 30
_STATED_FIELDS = ("publisher", "url", "title", "language")


@dataclass(slots=True)
class ReadOptions:
    """How files are read (the ``ingest`` and ``extract`` options of the same names)."""

    max_bytes: int = DEFAULT_MAX_BYTES  # per document: a file, or a line of JSON lines
    encoding: str = "utf-8"  # a codec name, or "auto"
    follow_external_links: bool = False
    as_jsonl: bool = False  # read every file named as JSON lines, whatever its name

    def __post_init__(self) -> None:
        self.encoding = check_encoding(self.encoding)
        if self.max_bytes <= 0:
            raise ValueError("the size limit must be positive")


@dataclass(slots=True)
class MetaTable:
    """A meta file's entries by file name, with the line each came from."""

    path: str = ""
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def get(self, name: str) -> tuple[dict[str, Any] | None, str]:
        if name not in self.entries:
            return None, ""
        return self.entries[name], f"{self.path}:{self.lines[name]}"


def read_meta(path: str | os.PathLike[str], options: ReadOptions | None = None) -> tuple[MetaTable, list[IngestError]]:
    """A JSON-lines meta file, and an ``IngestError`` for each line that cannot be used.

    Each line is ``{"file", "published"?, "publisher"?, "url"?, "title"?,
    "language"?}``; ``file`` may carry a directory, only its base name is used
    for matching. Two lines for the same name with different values are an error.
    """
    options = options or ReadOptions()
    where = display(path)
    table = MetaTable(path=where)
    errors: list[IngestError] = []
    try:
        stream = open_regular(os.fspath(path))
    except BadInput as error:
        return table, [IngestError(where, f"unreadable meta file: {error}")]
    with stream:
        codec, skip = bom_encoding(stream.read(4))
        stream.seek(skip)
        codec = codec or ("utf-8" if options.encoding == AUTO else options.encoding)
        for number, line in iter_lines(stream, codec, options.max_bytes):
            line_where = f"{where}:{number}"
            if isinstance(line, BadInput):
                errors.append(IngestError(line_where, str(line)))
                continue
            if not line.strip():
                continue
            try:
                entry = parse_json(line)
            except BadInput as error:
                errors.append(IngestError(line_where, str(error)))
                continue
            name = entry.get("file") if isinstance(entry, dict) else None
            if not isinstance(name, str) or not name.strip():
                errors.append(IngestError(line_where, 'expected an object with a "file" name'))
                continue
            bad = [k for k, v in entry.items() if isinstance(v, str) and not is_unicode(v)]
            if bad:
                errors.append(IngestError(line_where, f"'{bad[0]}' is not valid Unicode (a lone surrogate such as \\ud800)"))
                continue
            key = os.path.basename(name.strip())
            if key in table.entries and table.entries[key] != entry:
                errors.append(IngestError(line_where, f"describes {key} again, differently (first at line {table.lines[key]})"))
                continue
            table.entries.setdefault(key, entry)
            table.lines.setdefault(key, number)
    if not table.entries and not errors:
        errors.append(IngestError(where, "empty meta file"))
    return table, errors


def load_meta(path: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """A meta file as ``{file name: entry}``; ``ValueError`` naming ``path:line``
    for the first line that cannot be used."""
    table, errors = read_meta(path)
    if errors:
        raise ValueError(str(errors[0]))
    return table.entries


def read_paths(
    paths: Iterable[str | os.PathLike[str]],
    meta: str | os.PathLike[str] | None = None,
    progress: bool = False,
    *,
    options: ReadOptions | None = None,
    skip: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[Document | IngestError]:
    """Read files and folders into Documents, reporting bad input as IngestErrors.

    The order of the output is deterministic. ``meta`` entries are matched by
    file name (for JSON records, by record id). Files in ``skip`` (and the
    meta file) are not read. With ``progress`` a bar counting documents (a
    JSON-lines file counts its lines) is shown on stderr when it is a terminal.
    """
    options = options or ReadOptions()
    table = MetaTable()
    if meta is not None:
        table, errors = read_meta(meta, options)
        if errors:
            yield from errors
            yield IngestError(display(meta), "not used, and so no document was read (one could be stored without "
                                             "its metadata); fix the lines named and run again")
            return

    skip = [*skip, *([meta] if meta is not None else [])]
    found = list(find_files(paths, skip=skip, follow_external_links=options.follow_external_links))
    bar = None
    if progress:
        from tqdm import tqdm

        total = sum(_estimated_documents(item, options) for item in found)
        # disable=None: a bar on a terminal, silence in pipes and CI logs
        bar = tqdm(total=total, disable=None, unit="doc", desc="ingest", file=sys.stderr)
    try:
        for item in found:
            if isinstance(item, IngestError):
                if bar is not None:
                    bar.update(1)
                yield item
                continue
            expected, done = _estimated_documents(item, options) if bar is not None else 0, 0
            for result in _read_file(item, table, options):
                if bar is not None and done < expected:
                    bar.update(1)
                done += 1
                yield result
            if bar is not None and done < expected:
                bar.update(expected - done)
    finally:
        if bar is not None:
            bar.close()


def document_warnings(doc: Document) -> list[str]:
    """What the user should know about a document that was read all the same."""
    if not is_english(doc.language):
        return [f"{doc.path or doc.id}: written in {language_name(doc.language)} ({doc.language}), not English; "
                "events are read from English text only"]
    return []


def _estimated_documents(item: str | IngestError, options: ReadOptions) -> int:
    if isinstance(item, IngestError):
        return 1
    if options.as_jsonl or os.path.splitext(item)[1].lower() in JSONL_SUFFIXES:
        return count_lines(item)
    return 1


def _read_file(path: str, meta: MetaTable, options: ReadOptions) -> Iterator[Document | IngestError]:
    where = display(path)
    suffix = os.path.splitext(path)[1].lower()
    if options.as_jsonl or suffix in JSONL_SUFFIXES:
        yield from _read_json_lines(path, where, meta, options)
        return
    try:
        data = read_regular(path, options.max_bytes)
        if not data.strip():
            raise BadInput("empty file")
        text, codec = decode_text(data, options.encoding)
        del data
        if not text.strip():
            raise BadInput("empty file")
    except BadInput as error:
        yield IngestError(where, str(error))
        return

    if suffix in JSON_SUFFIXES:
        try:
            records = list(iter_json_file(text))
        except BadInput as error:
            yield IngestError(where, str(error))
            return
        for number, record in records:
            yield _record_document(record, f"{where}:{number}", meta, codec)
        return

    name = display(os.path.basename(path))
    entry, entry_where = meta.get(name)
    yield _document(doc_id=name, body=text, where=where, meta=entry, meta_where=entry_where, record=None,
                    html=suffix in HTML_SUFFIXES, codec=codec)


def _read_json_lines(path: str, where: str, meta: MetaTable, options: ReadOptions) -> Iterator[Document | IngestError]:
    """A JSON-lines file, streamed: each line is a document, read on its own."""
    try:
        stream = open_regular(path)
    except BadInput as error:
        yield IngestError(where, str(error))
        return
    with stream:
        codec, skip = bom_encoding(stream.read(4))
        if codec is None:
            codec = _sniff_codec(stream) if options.encoding == AUTO else options.encoding
        stream.seek(skip)
        records = 0
        for number, line in iter_lines(stream, codec, options.max_bytes):
            line_where = f"{where}:{number}"
            if isinstance(line, BadInput):
                records += 1
                yield IngestError(line_where, str(line))
                continue
            if not line.strip():
                continue
            records += 1
            try:
                record = parse_json(line)
            except BadInput as error:
                yield IngestError(line_where, str(error))
                continue
            if records == 1 and is_meta_entry(record):
                # One clear message rather than "no 'text'" for every line.
                yield IngestError(where, 'a meta file (lines name a "file", hold no "text"); pass it as the meta file')
                return
            yield _record_document(check_record(record), line_where, meta, codec)
        if records == 0:
            yield IngestError(where, "empty file")


def _sniff_codec(stream) -> str:
    """The encoding of a JSON-lines file without a byte-order mark, from its first megabyte."""
    start = stream.tell()
    sample = stream.read(1 << 20)
    stream.seek(start)
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        if error.start >= len(sample) - 3 and len(sample) == 1 << 20:
            return "utf-8"  # a character cut by the sample's end
    try:
        return decode_text(sample, AUTO)[1]
    except BadInput:
        return "utf-8"  # each line then says what is wrong with it


def _record_document(record: dict[str, Any] | BadInput, where: str, meta: MetaTable, codec: str) -> Document | IngestError:
    if isinstance(record, BadInput):
        return IngestError(where, str(record))
    record_id = str(record["id"])
    entry, entry_where = meta.get(record_id)
    return _document(doc_id=record_id, body=record["text"], where=where, meta=entry, meta_where=entry_where,
                     record=record, codec=codec)


def _document(
    doc_id: str,
    body: str,
    where: str,
    meta: dict[str, Any] | None,
    meta_where: str,
    record: dict[str, Any] | None,
    html: bool = False,
    codec: str = "utf-8",
) -> Document | IngestError:
    """Clean one text and settle its metadata; an IngestError if nothing is left."""
    meta = meta or {}
    record = record or {}
    stated_date = None
    for source, value, origin in (("meta", meta.get("published"), f" in {meta_where}"), ("record", record.get("published"), "")):
        if value in (None, ""):
            continue
        day = _iso_day(value)
        if day is None:
            shown = repr(value if not isinstance(value, str) or len(value) <= 40 else value[:40] + "...")
            return IngestError(where, f"'published'{origin} is not a date: {shown} (give YYYY-MM-DD); document not read")
        stated_date = (day, source)
        break

    page_title = page_date = page_site = page_url = None
    if html or looks_like_html(body):
        try:
            page = html_to_text(body, url=_str(meta.get("url")) or _str(record.get("url")))
        except BadInput as error:
            return IngestError(where, str(error))
        except Exception as error:  # noqa: BLE001 - a parser's failure on one page ends only that page
            return IngestError(where, f"HTML could not be read: {type(error).__name__}")
        body, page_title, page_date, page_site, page_url = page.text, page.title, page.date, page.sitename, page.url

    cleaned, removed = clean_text(body)
    if not cleaned.strip():
        return IngestError(where, "empty after removing boilerplate" if removed else "empty file")

    doc = Document(id=doc_id, text=cleaned, path=where, removed=removed)
    doc.publisher = _str(meta.get("publisher")) or _str(record.get("publisher")) or page_site
    doc.url = _str(meta.get("url")) or _str(record.get("url")) or page_url
    doc.title = _str(meta.get("title")) or _str(record.get("title")) or page_title or _headline(cleaned)
    declared = _str(meta.get("language")) or _str(record.get("language"))
    doc.language = declared or identify_language(cleaned) or doc.language
    doc.stated = tuple(f for f in _STATED_FIELDS if _str(meta.get(f)) or _str(record.get(f)))
    if codec != "utf-8":
        doc.flags.append(f"encoding:{codec}")

    if stated_date is not None:
        doc.published, doc.published_source = stated_date
        doc.published_confidence = 1.0
        doc.stated += ("published",)
    elif page_date:
        day = _iso_day(page_date)
        if day is not None:
            doc.published, doc.published_source, doc.published_confidence = day, "meta", PAGE_DATE_CONFIDENCE
        else:
            doc.flags.append("bad-published:page")
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

    text = str(value).strip()
    if len(text) > 60:
        return None
    day, precision = resolve(text, None)
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
