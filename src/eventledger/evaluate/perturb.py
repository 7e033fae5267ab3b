"""``eventledger eval --perturb``: how much the coding changes when a report's
names and numbers are swapped for others of the same sort. It needs no gold: a
coder that generalises codes "Taliban fighters stormed Qala i Naw" and
"Houthi fighters stormed Charikar" alike, with the new place and group.

Each report is read once as it is and once per kind of swap (places, persons,
groups, numbers: ``rewrite.py``, ``swap_places.py``), and the events are
compared (``stability.py``). The reports are the seed corpus, the ACLED-dev
notes' text and the world-dev reports when their texts are present; the bench
file is read for measurement only, as ``eval`` reads it. Every choice comes
from ``random.Random`` seeded with the seed, the report and the kind of swap,
so a run is repeatable and one report's swaps do not depend on the others.
"""
from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..records import Document
from .rewrite import (
    ACTORS_PATH,
    FAMILY_NAMES,
    GIVEN_NAMES,
    Rewrite,
    apply_swaps,
    find_groups,
    group_swaps,
    load_groups,
    number_swaps,
    person_spans,
    person_swaps,
)
from .stability import FIELDS, FOLLOWS, KINDS, Tally

BATCH = 8
SETS = ("seeds", "world-dev", "acled")
FIELD_LABELS = {
    "event_type": "event type", "sub_event_type": "sub-event type", "plover_type": "PLOVER type",
    "status": "status", "actor1": "actor1", "actor2": "actor2", "country": "country",
    "event_date": "date", "place": "place", "fatalities": "fatalities", "quantities": "other counts",
}
KIND_LABELS = {"place": "places", "person": "persons", "group": "groups", "number": "numbers"}


# ------------------------------------------------------------------- reports

def report_sets(shared: Path, only: str = "all", limit: int | None = None, world_dev: Path | None = None,
                echo: Callable[[str], None] = print) -> dict[str, list[Document]]:
    """The reports to rewrite, by set; ``limit`` keeps the first N of each."""
    from ..ingest import read_paths
    from ..records import IngestError

    sets: dict[str, list[Document]] = {}
    wanted = SETS if only == "all" else (only,)
    if "seeds" in wanted:
        seeds = shared / "corpus" / "seeds"
        sets["seeds"] = [d for d in read_paths([seeds], meta=seeds / "meta.jsonl") if not isinstance(d, IngestError)]
    if "world-dev" in wanted:
        from . import _missing_texts, world_dev_folder

        folder = world_dev or world_dev_folder()
        meta = shared / "corpus" / "world-dev" / "meta.jsonl"
        missing = _missing_texts(folder, meta) if meta.exists() else ["meta.jsonl"]
        if missing:
            echo(f"perturb: the world-dev texts are not in {folder}; left out (see ../shared/corpus/world-dev/README.md)")
        else:
            files = [folder / json.loads(line)["file"] for line in meta.read_text("utf-8").splitlines() if line.strip()]
            sets["world-dev"] = [d for d in read_paths(files, meta=meta) if not isinstance(d, IngestError)]
    if "acled" in wanted:
        from .acled import documents_for, load_rows

        sets["acled"] = list(documents_for(load_rows(shared / "bench" / "acled-dev.csv")))
    return {name: docs[:limit] if limit else docs for name, docs in sets.items()}


# ----------------------------------------------------------------- rewriting

class Perturber:
    """Rewrites one report in each kind of swap."""

    def __init__(self, resolver, groups=None):
        from .swap_places import PlaceSwapper

        self.places = PlaceSwapper(resolver)
        self.groups = groups if groups is not None else load_groups()
        data = json.loads(ACTORS_PATH.read_text("utf-8"))
        # leaders are their governments: a swapped leader would rightly change the actor
        self.reserved = {w.lower() for c in data.get("countries", {}).values() for name in c.get("leaders", [])
                         for w in name.split()}
        # groups whose names name no place ("Sudan People's Liberation
        # Movement" names Sudan): the replacements abroad, where a place in a
        # name would pull the report's geography away
        demonyms = self.places.gazetteer.demonyms
        self.placeless = {g.id for g in self.groups if not self.places.resolver.find_place_names(g.display)
                          and not any(w.lower() in demonyms for w in re.findall(r"[A-Za-z]+", g.display))}
        self.given_names = tuple(n for n in GIVEN_NAMES if not self._is_place(n))
        self.family_names = tuple(n for n in FAMILY_NAMES if not self._is_place(n))

    def _is_place(self, name: str) -> bool:
        """Whether the gazetteer knows a place by ``name`` (not merely a look-alike)."""
        resolver = self.places.resolver
        return bool(resolver.find_place_names(f"It happened in {name} today.")
                    or any(c.match in ("name", "alias") for c in resolver.lookup(name)))

    def rewrites(self, doc: Document, ents: list[tuple[int, int, str, str]], seed: int) -> dict[str, Rewrite]:
        """One rewrite per kind of swap the report allows (reports with no
        name or number of a kind get no rewrite of that kind)."""
        text = doc.text

        def rng(kind: str) -> random.Random:
            return random.Random(f"{seed}:{doc.id}:{kind}")

        group_spans = [(s, e) for s, e, _ in find_groups(text, self.groups, doc.published)]
        ctx = self.places.resolver.document_context(text, ents)
        country = self.places.gazetteer.country_names.get(ctx.country or "")
        place_swaps = self.places.swaps(text, ents, rng("place"), blocked=group_spans, ctx=ctx)
        place_spans = [(s, e) for s, e, _ in self.places.resolver.find_place_names(text)]
        persons = person_spans(ents, text, group_spans, self.reserved, place_spans)
        found = {
            "place": place_swaps,
            "person": person_swaps(text, persons, rng("person"), self.given_names, self.family_names),
            "group": group_swaps(text, self.groups, rng("group"), doc.published, country, self.placeless),
            "number": number_swaps(text, rng("number")),
        }
        return {kind: apply_swaps(text, swaps) for kind, swaps in found.items() if swaps}


def _variant(doc: Document, kind: str, text: str) -> Document:
    return Document(id=f"{doc.id}#{kind}", text=text, published=doc.published, published_source=doc.published_source,
                    published_confidence=doc.published_confidence, publisher=doc.publisher, url=doc.url,
                    title=doc.title, language=doc.language, path=doc.path, flags=list(doc.flags))


def _batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def measure(documents: Iterable[Document], seed: int = 0, extractor=None, perturber: Perturber | None = None,
            on_error: Callable[[str], None] = print, progress=None) -> Tally:
    """Read each report and its rewrites, and tally how the events changed.
    A report whose extraction fails is reported through ``on_error`` and left
    out; ``progress`` is called with the number of reports done in each batch."""
    from ..extract import default_extractor
    from ..extract.document import DocumentExtractor

    ex = extractor or default_extractor()
    perturber = perturber or Perturber(ex.places)
    tally = Tally()
    for batch in _batches(list(documents), BATCH):
        parsed = list(ex.nlp.pipe((d.text for d in batch), batch_size=BATCH))
        jobs = []  # (document, its mentions, {kind: rewrite})
        for doc, sdoc in zip(batch, parsed):
            try:
                mentions = DocumentExtractor(ex, doc, sdoc).run()
                ents = [(e.start_char, e.end_char, e.text, e.label_) for e in sdoc.ents]
                jobs.append((doc, mentions, perturber.rewrites(doc, ents, seed)))
            except Exception as exc:  # one bad report must not end the run
                on_error(f"{doc.path or doc.id}: {type(exc).__name__}: {exc}")
        variants = [(doc, mentions, kind, rewrite) for doc, mentions, rewrites in jobs for kind, rewrite in rewrites.items()]
        texts = (rewrite.text for _, _, _, rewrite in variants)
        for (doc, mentions, kind, rewrite), sdoc in zip(variants, ex.nlp.pipe(texts, batch_size=BATCH)):
            variant = _variant(doc, kind, rewrite.text)
            try:
                tally.add(kind, mentions, DocumentExtractor(ex, variant, sdoc).run(), rewrite)
            except Exception as exc:
                on_error(f"{variant.id}: {type(exc).__name__}: {exc}")
        if progress is not None:
            progress(len(batch))
    return tally


# ------------------------------------------------------------------ printing

def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _echo_tally(tally: Tally, echo: Callable[[str], None], verbose: bool, top: int) -> None:
    kinds = [k for k in KINDS if tally.reports[k]]
    echo(f"  {'':24s}" + "".join(f"{KIND_LABELS[k]:>10s}" for k in kinds) + f"{'all':>10s}")

    def row(label: str, values: list, total) -> None:
        echo(f"  {label:24s}" + "".join(f"{v:>10}" for v in values) + f"{total:>10}")

    for name, label in (("reports", "reports rewritten"), ("swaps", "names/numbers swapped"),
                        ("events", "events before"), ("vanished", "events vanished"), ("appeared", "events appeared"),
                        ("sides_swapped", "actors changed sides")):
        counts = getattr(tally, name)
        row(label, [counts[k] for k in kinds], sum(counts[k] for k in kinds))
    row("coding unchanged", [_rate(tally.headline((k,))) for k in kinds], _rate(tally.headline(kinds)))
    echo("  as it should be, of matched events:")
    for name in FIELDS:
        row(f"  {FIELD_LABELS[name]}", [_rate(tally.field_rate(name, (k,))) for k in kinds], _rate(tally.field_rate(name, kinds)))
    echo("  the swapped value followed (swapped place, group, or number read as a count):")
    for name in FOLLOWS:
        ok, n = tally.follow_counts(name, kinds)
        if n:
            echo(f"    {FIELD_LABELS.get(name, name + 's'):22s} {ok / n:.2f} ({ok}/{n})")
    if verbose:
        echo("  most frequent changes (kind, field: before -> after, pairs; an example sentence of the original):")
        for (kind, name, before, after), n in tally.changes.most_common(top):
            example = tally.examples[(kind, name, before, after)]
            echo(f"    {n:4d}  {kind}, {name}: {before} -> {after}")
            echo(f"          | {example[:220]}")


def run(shared: Path, only: str = "all", limit: int | None = None, verbose: bool = False,
        echo: Callable[[str], None] = print, world_dev: Path | None = None, seed: int = 0,
        progress: bool = False, top: int = 30) -> dict:
    """The perturbation check on the default report sets; prints the headline
    and the breakdown, returns the figures."""
    if only not in SETS + ("all",):
        echo(f"perturb: runs on {', '.join(SETS)} (not {only})")
        return {}
    sets = report_sets(shared, only, limit, world_dev, echo)
    total = sum(len(docs) for docs in sets.values())
    bar = None
    if progress:
        import sys

        from tqdm import tqdm

        bar = tqdm(total=total, unit=" reports", desc="perturb", file=sys.stderr, leave=False)
    started = time.perf_counter()
    failures: list[str] = []
    tallies = {}
    for name, docs in sets.items():
        tallies[name] = measure(docs, seed=seed, on_error=failures.append, progress=bar.update if bar else None)
    if bar is not None:
        bar.close()
    overall = Tally()
    for tally in tallies.values():
        overall.merge(tally)
    elapsed = time.perf_counter() - started
    echo(f"coding unchanged under perturbation: {_rate(overall.headline())}")
    echo(f"  ({total} reports: {', '.join(f'{n} {len(d)}' for n, d in sets.items())}; seed {seed}; {elapsed:.0f}s."
         " Events whose type, sub-type, PLOVER type, status and actors stay as they should, of all events"
         " before plus those that appeared.)")
    for name, tally in tallies.items():
        echo(f"  {name:10s} {_rate(tally.headline())}")
    _echo_tally(overall, echo, verbose, top)
    if failures:
        echo(f"  {len(failures)} reports or rewrites failed to extract (left out); first: {failures[0]}")
    result = overall.as_dict()
    result["sets"] = {name: tally.as_dict() for name, tally in tallies.items()}
    result["failures"] = len(failures)
    result["seed"] = seed
    return result
