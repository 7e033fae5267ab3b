"""The ``eventledger`` command line; each command mirrors a library function.

Errors in input are one line on stderr naming the file; a bad document never
stops a batch. Commands exit non-zero when any input was bad.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import __version__

SHARED_DEFAULT = Path(os.environ.get("EVENTLEDGER_SHARED", Path.cwd().parent / "shared"))


def _fail(message: str) -> None:
    click.echo(f"eventledger: {message}", err=True)
    raise SystemExit(1)


def _progress() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


def _store(db: str | None, *, read_only: bool = False, create: bool = True):
    """The store at ``--db``. Reading commands pass ``read_only``: a store that
    does not exist is an error (exit 2), not an empty store silently created,
    and nothing is written, so a store in a read-only folder can be read."""
    from .store import Store
    from .store.errors import StoreError, one_line

    try:
        return Store(db, read_only=read_only, create=create)
    except StoreError as exc:
        option = "--db " if isinstance(exc, ValueError) and db else ""
        click.echo(f"eventledger: {option}{exc}", err=True)
        raise SystemExit(exc.exit_code) from None
    except Exception as exc:  # an unreachable server: one line, not a traceback
        _fail(f"cannot open database {db or os.environ.get('EVENTLEDGER_DB') or 'default'}: {one_line(exc)}")


db_option = click.option("--db", "db", default=None, help="SQLAlchemy URL; default $EVENTLEDGER_DB or sqlite:///eventledger.sqlite")


def reading_options(command):
    """--max-size, --encoding and --follow-external-links, read into ``ReadOptions``."""
    command = click.option("--follow-external-links", is_flag=True,
                           help="read files that symbolic links in a folder point to outside it (refused by default)")(command)
    command = click.option("--encoding", default="utf-8", show_default=True,
                           help="encoding of files without a byte-order mark: a codec name (cp1252, latin-1...) or 'auto' to detect it")(command)
    command = click.option("--max-size", default="10MB", show_default=True,
                           help="largest document read: a file, or one line of a JSON-lines file")(command)
    return command


def _read_options(max_size: str, encoding: str, follow_external_links: bool, as_jsonl: bool = False):
    from .ingest import ReadOptions
    from .ingest.readers import parse_size

    try:
        return ReadOptions(max_bytes=parse_size(max_size), encoding=encoding,
                           follow_external_links=follow_external_links, as_jsonl=as_jsonl)
    except ValueError as exc:
        _fail(f"--max-size/--encoding: {exc}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventledger")
def cli() -> None:
    """Turn news reports into a clean, geolocated, deduplicated event dataset."""


def _workers_option(command):
    return click.option(
        "--workers", type=click.IntRange(min=1), default=None,
        help="extraction processes (default: this machine's cores); 1 extracts in this process. "
             "The results are the same whatever the number")(command)


def _workers(workers: int | None) -> int:
    from .engine import default_workers

    return workers or default_workers()


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--meta", type=click.Path(), default=None, help="JSON lines of {file, published, publisher, url, title, language}")
@reading_options
@db_option
@_workers_option
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: this machine's processes; ray: a Ray cluster (pip install -e '.[ray]')")
@click.option("--ray-address", default=None,
              help="with --engine ray: the cluster to join (ray://host:10001, or 'auto'); default $RAY_ADDRESS, "
                   "else a Ray started on this machine for the run")
def ingest(paths: tuple[str, ...], meta: str | None, db: str | None, max_size: str, encoding: str,
           follow_external_links: bool, workers: int | None, engine: str, ray_address: str | None) -> None:
    """Read files and folders, extract events, merge them into the database.

    Each bad file (or JSON line) is named in one line and skipped; the exit
    status is then 1. A known document read with new metadata is updated. A
    fault of the store itself (disk full, damaged, read-only) stops the batch
    with one line saying what to do; what was stored before it stays whole.
    """
    if ray_address and engine != "ray":
        _fail("--ray-address goes with --engine ray")
    options = _read_options(max_size, encoding, follow_external_links)
    store = _store(db)  # first: a wrong --db fails before the language model loads
    if engine == "ray":
        from .engine.ray import RayUnavailable, ingest_on_ray

        try:
            report = ingest_on_ray(list(paths), store, meta=meta, address=ray_address, workers=workers,
                                   progress=_progress(), options=options)
        except RayUnavailable as exc:
            _fail(str(exc))
    else:
        from .pipeline import ingest as run

        report = run(list(paths), store, meta=meta, progress=_progress(), options=options, workers=_workers(workers))
    if report.fault is not None:
        click.echo(f"eventledger: {report.fault}", err=True)
    stopped = "; stopped early" if report.fault is not None else ""
    used = f"; {report.workers.summary()}" if report.workers is not None else ""
    updated = f", {report.updated} updated" if report.updated else ""
    warned = f", {len(report.warnings)} warnings" if report.warnings else ""
    click.echo(
        f"read {report.read} documents: {report.stored} stored{updated}, {report.duplicates} already known, "
        f"{len(report.errors)} errors{warned}; {report.mentions} mentions; {report.events} events in the store"
        f"{used}{stopped}",
        err=True,
    )
    if report.errors or report.fault is not None:
        raise SystemExit(1)


@cli.command()
@click.argument("files", nargs=-1)
@click.option("--input", "input_path", type=click.Path(), default=None,
              help="JSON lines of {id, text, published?, publisher?}, whatever the file's name ('-': standard input)")
@click.option("--published", default=None, help="publication date (YYYY-MM-DD) for documents that carry none")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl")
@click.option("--meta", type=click.Path(), default=None)
@click.option("--names-as-of", default=None,
              help="name actors as an export made on this date (YYYY-MM-DD) would; 'latest' closes every ended period")
@click.option("--mentions", "mentions_out", default=None,
              help="instead of events: write each document and its mentions to this file (.jsonl or .parquet; "
                   "- for standard output), for `eventledger merge`")
@click.option("--mentions-format", type=click.Choice(["jsonl", "parquet"]), default=None,
              help="the --mentions file's format when its suffix does not say")
@_workers_option
@reading_options
def extract(files: tuple[str, ...], input_path: str | None, published: str | None, fmt: str, meta: str | None,
            names_as_of: str | None, mentions_out: str | None, mentions_format: str | None,
            workers: int | None, max_size: str, encoding: str, follow_external_links: bool) -> None:
    """Stateless: the events of each document alone, one JSON line per document
    (or, with --mentions, the mentions for `eventledger merge`)."""
    from itertools import chain

    from .engine import ExtractorSpec
    from .ingest import document_warnings, read_paths
    from .pipeline import events_of_document, extract_with_workers
    from .records import IngestError

    if not files and not input_path:
        _fail("extract needs FILE arguments or --input JSONL")
    if mentions_format and not mentions_out:
        _fail("--mentions-format goes with --mentions FILE")
    from datetime import date

    dated = [("--published", published)] + ([("--names-as-of", names_as_of)] if names_as_of != "latest" else [])
    for option, value in dated:
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                _fail(f"{option} must be YYYY-MM-DD, not {value!r}")
    writer = None
    if mentions_out:
        from .interchange import BadMentionsFile, MentionsWriter

        try:
            writer = MentionsWriter(mentions_out, mentions_format)
        except BadMentionsFile as exc:
            _fail(str(exc))
    errors = 0
    options = _read_options(max_size, encoding, follow_external_links)
    as_jsonl = _read_options(max_size, encoding, follow_external_links, as_jsonl=True)

    def documents():
        nonlocal errors
        items = read_paths(list(files), meta=meta, progress=_progress(), options=options) if files else iter(())
        if input_path:
            items = chain(items, _read_input(input_path, meta, as_jsonl))
        for item in items:
            if isinstance(item, IngestError):
                errors += 1
                click.echo(f"eventledger: {item}", err=True)
                continue
            for warning in document_warnings(item):
                click.echo(f"eventledger: warning: {warning}", err=True)
            if published and not item.published or (published and item.published_source == "text"):
                item.published, item.published_source, item.published_confidence = published, "option", 1.0
            yield item

    def on_error(message: str) -> None:
        nonlocal errors
        errors += 1
        click.echo(f"eventledger: {message}", err=True)

    spec = ExtractorSpec(names_as_of=names_as_of) if names_as_of else None
    extracted = extract_with_workers(documents(), _workers(workers), on_error, spec=spec)
    if writer is not None:
        with writer:
            for doc, mentions in extracted:
                writer.write(doc, mentions)
        if mentions_out != "-":
            click.echo(f"wrote {writer.documents} documents and {writer.mentions} mentions to {mentions_out}", err=True)
    else:
        out = sys.stdout
        for doc, mentions in extracted:
            record = {"id": doc.id, "events": [e.to_record() for e in events_of_document(mentions)]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    if errors:
        raise SystemExit(1)


def _read_input(input_path: str, meta: str | None, options):
    """``extract --input``: JSON lines from a file, or from standard input for '-'."""
    from .ingest import read_paths

    if input_path != "-":
        yield from read_paths([input_path], meta=meta, progress=_progress(), options=options)
        return
    import shutil
    import tempfile

    # standard input is no regular file: it is spooled to one, within the size limit per line
    with tempfile.TemporaryDirectory(prefix="eventledger-stdin-") as folder:
        spooled = Path(folder) / "stdin"
        with open(spooled, "wb") as out:
            shutil.copyfileobj(sys.stdin.buffer, out)
        for item in read_paths([str(spooled)], meta=meta, options=options):
            if hasattr(item, "path") and item.path and item.path.startswith(str(spooled)):
                item.path = "<stdin>" + item.path[len(str(spooled)):]
            yield item


@cli.command()
@click.argument("mentions", nargs=-1, required=True)
@db_option
def merge(mentions: tuple[str, ...], db: str | None) -> None:
    """Store the documents of mentions files (from `extract --mentions`; files or
    folders of them) and merge their mentions into the events, as ingest does."""
    store = _store(db)
    from .interchange import merge_files

    report = merge_files(list(mentions), store)
    if report.fault is not None:
        click.echo(f"eventledger: {report.fault}", err=True)
    stopped = "; stopped early" if report.fault is not None else ""
    click.echo(
        f"read {report.read} documents: {report.stored} stored, {report.duplicates} already known, "
        f"{len(report.errors)} errors; {report.mentions} mentions; {report.events} events in the store{stopped}",
        err=True,
    )
    if report.errors or report.fault is not None:
        raise SystemExit(1)


def _filter_options(command):
    """The web API's event filters (``/api/events``, ``/api/export``), as options."""
    options = [
        click.option("--date-from", default=None, help="events on or after: YYYY, YYYY-MM or YYYY-MM-DD"),
        click.option("--date-to", default=None, help="events on or before: YYYY, YYYY-MM or YYYY-MM-DD"),
        click.option("--event-type", multiple=True, help="ACLED event type; repeat for any of several"),
        click.option("--sub-event-type", multiple=True, help="ACLED sub-event type; repeatable"),
        click.option("--plover-type", multiple=True, help="PLOVER type, e.g. ASSAULT; repeatable"),
        click.option("--status", "status_", multiple=True, help="occurred, planned, claimed, ...; repeatable"),
        click.option("--country", multiple=True, help="country name; repeatable"),
        click.option("--admin1", multiple=True, help="first-level region; repeatable"),
        click.option("--actor", default=None, help="case-insensitive part of any actor's name"),
        click.option("--q", "q", default=None, help="words that must all occur in the notes or a source sentence"),
        click.option("--disputed/--undisputed", default=None, help="only events whose reports disagree (or agree)"),
        click.option("--document", default=None, help="only events with a source in this document"),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _filters(date_from, date_to, event_type, sub_event_type, plover_type, status_, country, admin1, actor, q, disputed,
             document) -> dict:
    from .store.filters import event_conditions

    filters = {
        "date_from": date_from, "date_to": date_to, "event_type": list(event_type) or None,
        "sub_event_type": list(sub_event_type) or None, "plover_type": list(plover_type) or None,
        "status": list(status_) or None, "country": list(country) or None, "admin1": list(admin1) or None,
        "actor": actor, "q": q, "disputed": disputed, "document": document,
    }
    filters = {k: v for k, v in filters.items() if v not in (None, "")}
    try:
        event_conditions(**filters)  # a bad date fails here, in one line
    except ValueError as exc:
        _fail(str(exc))
    return filters


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "acled-csv", "geojson", "parquet"]), required=True)
@click.option("--out", type=click.Path(), default=None, help="file to write; default standard output (not for parquet)")
@click.option("--inter", "inter", type=click.Choice(["text", "numeric"]), default="text", show_default=True,
              help="acled-csv: actor types as ACLED's labels (State forces, ...) or its numeric codes (1-8, 12, ...)")
@click.option("--year-only", "year_only", type=click.Choice(["omit", "keep"]), default="omit", show_default=True,
              help="acled-csv and parquet: events known only to the year (ACLED records none) are left out, "
                   "or kept dated at mid-year with time_precision 4")
@click.option("--acled-columns-only", is_flag=True,
              help="acled-csv: only ACLED's 31 columns, without ours (event_date_reported, inter codes, absorbed ids)")
@click.option("--no-csv-guard", is_flag=True,
              help="acled-csv: write text cells starting with = + - @ as they are (by default they get a leading ' "
                   "so that spreadsheets do not run them)")
@click.option("--include-verbal/--acled-types-only", default=True, show_default=True,
              help="keep verbal events (statements, demands: no ACLED event type), or only ACLED's kinds")
@_filter_options
def export(db: str | None, fmt: str, out: str | None, inter: str, year_only: str, acled_columns_only: bool,
           no_csv_guard: bool, include_verbal: bool, **filter_values) -> None:
    """Write the merged events as jsonl, acled-csv, geojson or parquet, streamed
    (memory stays flat whatever the store's size), filtered as the web API filters."""
    from .export import AcledCsvOptions, write

    filters = _filters(**filter_values)
    if fmt == "parquet" and not out:
        _fail("--format parquet needs --out FILE")
    store = _store(db, read_only=True)
    options = AcledCsvOptions(inter=inter, year_only=year_only, extra_columns=not acled_columns_only,
                              csv_guard=not no_csv_guard)
    total = store.count_events(**filters) if _progress() else 0
    if fmt == "parquet":  # columns a chunk at a time: no record dicts (export_columns.py)
        from .export_parquet import ParquetEventWriter
        from .store.chunks import read_ahead

        chunks = _with_progress(read_ahead(store.iter_event_chunks(**filters)), total=total, what="events",
                                sized=True)
        with ParquetEventWriter(out, year_only=year_only) as writer:
            count = writer.write_chunks(chunks, include_verbal=include_verbal)
        options.omitted = writer.omitted
    else:
        records = _with_progress(store.iter_event_records(**filters), total=total, what="events")
        if not include_verbal:
            records = (record for record in records if record.get("event_type"))
        if out:
            with open(out, "w", encoding="utf-8", newline="") as fh:
                count = write(records, fmt, fh, acled=options)
        else:
            count = write(records, fmt, sys.stdout, acled=options)
    if options.omitted:
        click.echo(f"eventledger: {options.omitted} events known only to the year left out of the ACLED file "
                   "(--year-only keep writes them)", err=True)
    if out:
        click.echo(f"wrote {count} events to {out}", err=True)


def _with_progress(items, total: int, what: str, sized: bool = False):
    """A progress bar on a terminal; nothing in pipes and CI. ``sized``: each
    item counts its ``len`` (a chunk of events)."""
    if not _progress():
        return items
    from tqdm import tqdm

    bar = tqdm(None if sized else items, total=total, unit=f" {what}", desc="export", file=sys.stderr, leave=False)
    if not sized:
        return bar

    def counted():
        with bar:
            for item in items:
                yield item
                bar.update(len(item))

    return counted()


@cli.command()
@db_option
def summary(db: str | None) -> None:
    """A readable account of the store: events by type and date, merged events, disputes."""
    from .report import summary as render

    click.echo(render(_store(db, read_only=True)))


@cli.command("eval")
@click.option("--shared", type=click.Path(), default=str(SHARED_DEFAULT), help="folder with gold/ and bench/ (default ../shared)")
@click.option("--only", type=click.Choice(["seeds", "world-dev", "acled", "plover", "all"]), default="all")
@click.option("--world-dev", "world_dev", type=click.Path(file_okay=False), default=None,
              help="folder of the rebuilt world-dev texts (default $EVENTLEDGER_WORLD_DEV or ~/.cache/eventledger/world-dev)")
@click.option("--limit", type=int, default=None, help="score only the first N benchmark rows (with --perturb: N reports of each set)")
@click.option("--verbose", "-v", is_flag=True, help="list misses and false positives (with --perturb: the most frequent changes)")
@click.option("--perturb", is_flag=True, help="instead: how the coding changes when place, person and group names and numbers are swapped")
@click.option("--seed", type=int, default=0, show_default=True, help="with --perturb: the seed of the swaps")
def evaluate(shared: str, only: str, world_dev: str | None, limit: int | None, verbose: bool, perturb: bool, seed: int) -> None:
    """Score the pipeline on the seed gold, world-dev, ACLED-coded notes and PLOVER records
    (or, with --perturb, measure how stable the coding is on them; no gold needed)."""
    from .evaluate import run

    root = Path(shared)
    if not root.exists():
        _fail(f"{root}: no such folder (pass --shared)")
    run(root, only=only, limit=limit, verbose=verbose, echo=click.echo, world_dev=Path(world_dev) if world_dev else None,
        perturb=perturb, seed=seed, progress=_progress())


@cli.command()
@click.option("--shared", type=click.Path(), default=str(SHARED_DEFAULT))
@click.option("--copies", type=int, default=None, help="how many times the seed corpus is repeated (20; 40 with --scaling)")
@click.option("--merge", "merge_scale", is_flag=True, help="instead: merging 1,000 new mentions into stores of 10k, 100k and 1M")
@click.option("--sizes", default="10000,100000,1000000", help="with --merge: store sizes to measure at")
@click.option("--scaling", is_flag=True, help="instead: reports per second with 1 and 2 workers and the Ray engine")
@click.option("--rounds", type=click.IntRange(min=1), default=3, show_default=True, help="with --scaling: runs of each")
@click.option("--export", "export_scale", is_flag=True, help="instead: exporting a large store to Parquet")
@click.option("--events", type=click.IntRange(min=1), default=1_000_000, show_default=True,
              help="with --export: events in the store")
@click.option("--long-chars", type=int, default=600_000, show_default=True,
              help="length of the one long report measured (0: none)")
def bench(shared: str, copies: int | None, merge_scale: bool, sizes: str, scaling: bool, rounds: int,
          export_scale: bool, events: int, long_chars: int) -> None:
    """Throughput and peak memory of the pipeline and of the spaCy pass alone
    (or, with --merge, how merging scales with the store; with --scaling, how
    ingesting scales with workers; with --export, a large Parquet export)."""
    if export_scale:
        from .bench_scale import run_export

        run_export(events=events, echo=click.echo)
        return
    root = Path(shared)
    if not (root / "corpus" / "seeds").exists():
        _fail(f"{root}: no corpus/seeds folder (pass --shared)")
    if scaling:
        from .bench_scale import run_scaling

        run_scaling(root, copies=copies or 40, rounds=rounds, echo=click.echo)
        return
    if merge_scale:
        from .bench_merge import run as run_merge

        try:
            wanted = tuple(int(x) for x in sizes.split(","))
        except ValueError:
            _fail(f"--sizes takes numbers separated by commas, not {sizes!r}")
        run_merge(root, sizes=wanted, echo=click.echo)
        return
    from .bench import run

    run(root, copies=copies or 20, echo=click.echo, long_chars=long_chars)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="address to listen on; beyond loopback (e.g. 0.0.0.0) a --token is required")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--token", envvar="EVENTLEDGER_TOKEN", default=None,
              help="the token that writes (and, beyond loopback, reads) need; default $EVENTLEDGER_TOKEN, "
                   "or a random one printed at start")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="also answer requests for this Host name ('.example.org': that domain and its subdomains; "
                   "'*': any); repeatable")
@click.option("--upload-queue", default=16, show_default=True, type=click.IntRange(1, 10_000),
              help="reports waiting to be processed before uploads are refused (503)")
@click.option("--upload-rate", default=20.0, show_default=True, type=click.FloatRange(0.1, 100_000),
              help="uploads per minute per client address, in bursts of as many (429 beyond)")
def serve(db: str | None, host: str, port: int, token: str | None, allow_hosts: tuple[str, ...],
          upload_queue: int, upload_rate: float) -> None:
    """The web interface and its JSON API (OpenAPI at /docs)."""
    from .serve import ServeRefused, plan, run

    try:
        plan(host, port, token, allow_hosts)  # a bind refused before anything is opened
    except ServeRefused as exc:
        _fail(str(exc))
    _store(db, create=False).close()  # a store that does not exist is an error, not a new empty one
    run(db, host=host, port=port, token=token, allow_hosts=allow_hosts, upload_queue=upload_queue,
        upload_rate=upload_rate)


@cli.group()
def gazetteer() -> None:
    """The embedded gazetteer index."""


@gazetteer.command("build")
@click.option("--quiet", is_flag=True)
def gazetteer_build(quiet: bool) -> None:
    """Build the gazetteer index from the installed GeoNames packages."""
    from .normalise.gazetteer import build

    path = build(progress=not quiet)
    if not quiet:
        click.echo(f"gazetteer: {path}")


def main() -> None:
    # files the user names (an --out path, a user actor or place file) and
    # faults of the store (disk full, damaged, read-only) fail with one line,
    # not a traceback
    from sqlalchemy.exc import DBAPIError

    from .store.errors import StoreError, one_line

    try:
        cli()
    except StoreError as exc:
        click.echo(f"eventledger: {exc}", err=True)
        raise SystemExit(exc.exit_code) from None
    except DBAPIError as exc:
        click.echo(f"eventledger: database error: {one_line(exc)}", err=True)
        raise SystemExit(1) from None
    except (OSError, ValueError) as exc:
        click.echo(f"eventledger: {exc}", err=True)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
