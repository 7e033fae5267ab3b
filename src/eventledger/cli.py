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


@click.group()
@click.version_option(__version__, prog_name="eventledger")
def cli() -> None:
    """Turn news reports into a clean, geolocated, deduplicated event dataset."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--meta", type=click.Path(), default=None, help="JSON lines of {file, published, publisher, url, title, language}")
@db_option
def ingest(paths: tuple[str, ...], meta: str | None, db: str | None) -> None:
    """Read files and folders, extract events, merge them into the database."""
    store = _store(db)  # first: a wrong --db fails before the language model loads
    from .pipeline import ingest as run

    report = run(list(paths), store, meta=meta, progress=_progress())
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


@cli.command()
@click.argument("files", nargs=-1)
@click.option("--input", "input_path", type=click.Path(), default=None, help="JSON lines of {id, text, published?, publisher?}")
@click.option("--published", default=None, help="publication date (YYYY-MM-DD) for documents that carry none")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl")
@click.option("--meta", type=click.Path(), default=None)
@click.option("--names-as-of", default=None,
              help="name actors as an export made on this date (YYYY-MM-DD) would; 'latest' closes every ended period")
def extract(files: tuple[str, ...], input_path: str | None, published: str | None, fmt: str, meta: str | None,
            names_as_of: str | None) -> None:
    """Stateless: the events of each document alone, one JSON line per document."""
    from .ingest import read_paths
    from .pipeline import events_of_document, extract_documents
    from .records import IngestError

    if not files and not input_path:
        _fail("extract needs FILE arguments or --input JSONL")
    from datetime import date

    dated = [("--published", published)] + ([("--names-as-of", names_as_of)] if names_as_of != "latest" else [])
    for option, value in dated:
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                _fail(f"{option} must be YYYY-MM-DD, not {value!r}")
    extractor = None
    if names_as_of:
        from .extract import Extractor
        from .normalise.actors import ActorResolver

        extractor = Extractor(actors=ActorResolver.load(as_of=names_as_of))
    errors = 0

    def documents():
        nonlocal errors
        for item in read_paths(list(files) + ([input_path] if input_path else []), meta=meta, progress=_progress()):
            if isinstance(item, IngestError):
                errors += 1
                click.echo(f"eventledger: {item}", err=True)
                continue
            if published and not item.published or (published and item.published_source == "text"):
                item.published, item.published_source, item.published_confidence = published, "option", 1.0
            yield item

    def on_error(message: str) -> None:
        nonlocal errors
        errors += 1
        click.echo(f"eventledger: {message}", err=True)

    out = sys.stdout
    for doc, mentions in extract_documents(documents(), extractor=extractor, on_error=on_error):
        record = {"id": doc.id, "events": [e.to_record() for e in events_of_document(mentions)]}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    if errors:
        raise SystemExit(1)


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "acled-csv", "geojson"]), required=True)
@click.option("--out", type=click.Path(), default=None, help="file to write; default standard output")
@click.option("--inter", "inter", type=click.Choice(["text", "numeric"]), default="text", show_default=True,
              help="acled-csv: actor types as ACLED's labels (State forces, ...) or its numeric codes (1-8, 12, ...)")
@click.option("--year-only", "year_only", type=click.Choice(["omit", "keep"]), default="omit", show_default=True,
              help="acled-csv: events known only to the year (ACLED records none) are left out, "
                   "or kept dated at mid-year with time_precision 4")
@click.option("--acled-columns-only", is_flag=True,
              help="acled-csv: only ACLED's 31 columns, without ours (event_date_reported, inter codes, absorbed ids)")
@click.option("--no-csv-guard", is_flag=True,
              help="acled-csv: write text cells starting with = + - @ as they are (by default they get a leading ' "
                   "so that spreadsheets do not run them)")
def export(db: str | None, fmt: str, out: str | None, inter: str, year_only: str, acled_columns_only: bool,
           no_csv_guard: bool) -> None:
    """Write the merged events as jsonl, acled-csv or geojson."""
    from .export import AcledCsvOptions, write

    store = _store(db, read_only=True)
    options = AcledCsvOptions(inter=inter, year_only=year_only, extra_columns=not acled_columns_only,
                              csv_guard=not no_csv_guard)
    records = _with_progress(_records_in_chunks(store), total=store.count_events(), what="events")
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


def _records_in_chunks(store, chunk: int = 2000):
    """The store's records a chunk at a time: a large export never sits in memory whole."""
    offset = 0
    while True:
        records = store.event_records(limit=chunk, offset=offset)
        yield from records
        if len(records) < chunk:
            return
        offset += chunk


def _with_progress(items, total: int, what: str):
    """A progress bar on a terminal; nothing in pipes and CI."""
    if not _progress():
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, unit=f" {what}", desc="export", file=sys.stderr, leave=False)


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
@click.option("--copies", type=int, default=20, help="how many times the seed corpus is repeated")
@click.option("--merge", "merge_scale", is_flag=True, help="instead: merging 1,000 new mentions into stores of 10k and 100k")
@click.option("--sizes", default="10000,100000", help="with --merge: store sizes to measure at")
def bench(shared: str, copies: int, merge_scale: bool, sizes: str) -> None:
    """Throughput and peak memory of the pipeline and of the spaCy pass alone
    (or, with --merge, how merging scales with the store)."""
    root = Path(shared)
    if not (root / "corpus" / "seeds").exists():
        _fail(f"{root}: no corpus/seeds folder (pass --shared)")
    if merge_scale:
        from .bench_merge import run as run_merge

        try:
            wanted = tuple(int(x) for x in sizes.split(","))
        except ValueError:
            _fail(f"--sizes takes numbers separated by commas, not {sizes!r}")
        run_merge(root, sizes=wanted, echo=click.echo)
        return
    from .bench import run

    run(root, copies=copies, echo=click.echo)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(db: str | None, host: str, port: int) -> None:
    """The web interface and its JSON API (OpenAPI at /docs)."""
    _store(db, create=False).close()  # a store that does not exist is an error, not a new empty one
    from .serve import run

    run(db, host=host, port=port)


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
