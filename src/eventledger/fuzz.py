"""Faults and fuzz for ``eventledger ingest``: bad files of every kind mixed
with good reports, kills mid-batch, concurrent writers.

``make fuzz`` runs ``python -m eventledger.fuzz`` (the long part: thousands of
generated bad files, repeated SIGKILLs, concurrent writers) and prints the
figures the README quotes. ``tests/test_faults.py`` uses the same pieces on a
small scale in ``make test``.

The promise checked: in one command, every good report is stored, every bad
file is named in exactly one line of stderr, there is no traceback, and the
exit status is 1; after any kill the store is consistent, and finishing the
run gives the same events as a run that was never killed.
"""
from __future__ import annotations

import argparse
import codecs
import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

MAX_SIZE = "200KB"  # the size limit the runs use, so an over-size file is cheap to make

GOOD_REPORTS = [
    "Rebels attack town\nRebels attacked the town of Gao on Tuesday, killing 4 soldiers, officials said.\n",
    "Fighting in Gao\nClashes between rebels and the army broke out in Gao on Tuesday, residents said. At least 4 soldiers died.\n",
    "Arrests in Lahore\nPolice arrested 12 protesters in Lahore on Saturday after a march on the governor's house.\n",
    "Aid workers abducted\nGunmen abducted three aid workers near Maiduguri on Thursday, the agency said.\n",
    "Market struck\nAn air strike hit a market in Idlib on Wednesday, killing 9 civilians, rescuers said.\n",
    "Checkpoint attacked\nTaliban fighters attacked a checkpoint in Zabul province on Sunday, killing two policemen, officials said.\n",
]


_ACTORS = ["Rebels", "Militants", "Soldiers", "Gunmen", "Police officers", "Protesters", "Armed herders",
           "Insurgent fighters", "Unidentified attackers", "Militia members"]
_ACTS = ["attacked", "raided", "shelled", "stormed", "surrounded", "burned", "looted", "blockaded"]
_TARGETS = ["a checkpoint", "the market", "an army base", "a police station", "the main road", "a village school",
            "the district office", "a convoy"]
_TOWNS = ["Gao", "Timbuktu", "Mopti", "Kidal", "Segou", "Sikasso", "Kayes", "Menaka", "Kandahar", "Herat", "Jalalabad",
          "Ghazni", "Kunduz", "Maiduguri", "Kano", "Sokoto", "Zaria", "Aleppo", "Homs", "Hama", "Idlib", "Mosul",
          "Kirkuk", "Tikrit", "Goma", "Beni", "Bunia", "Mogadishu", "Kismayo", "Baidoa"]
_DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday"]
_SOURCES = ["officials", "residents", "a local journalist", "the governor", "witnesses", "a hospital worker",
            "the army spokesman"]


def distinct_paragraphs(chars: int, seed: int = 5) -> str:
    """A long report of varied, numbered news paragraphs, at least ``chars``
    long, none so like another that the cleaner's repeat rule drops it."""
    rng = random.Random(seed)
    out, size, n = ["A long report"], 0, 0
    while size < chars:
        k = rng.randrange(2, 60)
        outcome = rng.choice([f"killing {k} people", f"wounding {k} residents", f"abducting {k} travellers",
                              f"displacing {k} families", "destroying several houses", "forcing shops to close"])
        line = (f"Report {n}. {rng.choice(_ACTORS)} {rng.choice(_ACTS)} {rng.choice(_TARGETS)} in "
                f"{rng.choice(_TOWNS)} {rng.choice(_DAYS)}, {outcome}, {rng.choice(_SOURCES)} said.")
        out.append(line)
        size, n = size + len(line) + 2, n + 1
    return "\n\n".join(out) + "\n"


# ------------------------------------------------------------------ bad files


def _jsonl(*records: object) -> bytes:
    return ("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n").encode("utf-8")


def _fixed_kinds() -> dict[str, bytes]:
    """One file of each kind of bad content (special files are made apart)."""
    record = {"id": "r", "text": "Rebels attacked Gao on Tuesday."}
    return {
        "empty.txt": b"",
        "blank.txt": b" \n\t\n  \n",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01",
        "latin1.txt": "Kämpfe in Kabul am Montag, sagte die Polizei.".encode("latin-1"),
        "utf16-truncated.txt": codecs.BOM_UTF16_LE + "Rebels attacked Gao.".encode("utf-16-le")[:-1],
        "utf32-garbage.txt": codecs.BOM_UTF32_LE + b"\xff\xff\xff\xff" * 8,
        "deep.jsonl": ("[" * 100_000 + "]" * 100_000 + "\n").encode(),
        "surrogate.jsonl": b'{"id": "s", "text": "Shelling hit \\ud800 the town on Monday."}\n',
        "array-line.jsonl": _jsonl("[1, 2, 3]"),
        "malformed.jsonl": _jsonl('{"id": "m", "text": "unterminated'),
        "no-text.jsonl": _jsonl({"id": "n"}),
        "bool-id.jsonl": _jsonl({"id": True, "text": "Rebels attacked Gao."}),
        "yesterday.jsonl": _jsonl({**record, "published": "yesterday"}),
        "bad-utf8-line.jsonl": b'{"id": "u", "text": "caf\xe9 in Gao"}\n',
        "meta-shaped.jsonl": _jsonl({"file": "a.txt", "published": "2021-07-07"}),
        "long-line.jsonl": _jsonl({"id": "big", "text": "word " * 60_000}),
        "malformed.json": b'{"id": "j", "text": ',
        "script-only.html": b"<html><body><script>var x = 1;</script></body></html>",
        "only-boilerplate.txt": b"Subscribe\n0\nloader\n",
        "too-big.txt": b"Rebels attacked Gao. " * 12_000,
    }


def _random_bad(rng: random.Random, n: int) -> tuple[str, bytes]:
    """A generated bad file: random bytes, broken encodings, broken or odd JSON."""
    choice = rng.randrange(9)
    body = " ".join(rng.choice(["Rebels", "attacked", "Gao", "on", "Tuesday", "killing", "soldiers", "said"])
                    for _ in range(rng.randrange(5, 60)))
    if choice == 0:
        return f"random-{n}.txt", bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))) + b"\x00\xff"
    if choice == 1:
        raw = bytearray(body.encode())
        raw.insert(rng.randrange(len(raw)), rng.choice([0xFF, 0xC3, 0xE9, 0x80]))
        if raw[-1] in (0xC3,):
            raw.append(0x28)
        return f"broken-utf8-{n}.txt", bytes(raw) + b"\xff"
    if choice == 2:
        line = json.dumps({"id": f"r{n}", "text": body})
        return f"truncated-{n}.jsonl", line[: rng.randrange(1, len(line) - 1)].encode() + b"\n"
    if choice == 3:
        depth = rng.randrange(2_000, 200_000)
        return f"nested-{n}.jsonl", ('{"a":' * depth + "1" + "}" * depth + "\n").encode()
    if choice == 4:
        lone = rng.choice(["\\ud800", "\\udbff", "\\udc00", "\\udfff"])
        return f"surrogate-{n}.jsonl", f'{{"id": "s{n}", "text": "{body} {lone} end"}}\n'.encode()
    if choice == 5:
        value = rng.choice(["[]", "null", "42", '"text"', "true", '{"id": 1}', '{"text": "x"}', '{"id": [], "text": "x"}'])
        return f"not-a-record-{n}.jsonl", (value + "\n").encode()
    if choice == 6:
        date = rng.choice(["yesterday", "soon", "2021-13-45", "July", "2021-07", "0000-00-00", "last week"])
        return f"bad-date-{n}.jsonl", _jsonl({"id": f"d{n}", "text": body + ".", "published": date})
    if choice == 7:
        return f"empty-{n}.txt", rng.choice([b"", b"\n", b"   ", b"\r\n\r\n", b"\xef\xbb\xbf"])
    return f"boilerplate-{n}.txt", rng.choice([b"Subscribe\n", b"0\n1\n2\n", b"Menu\nHome\nLogin\n", b"loader\n"])


@dataclass
class Corpus:
    folder: Path
    meta: Path
    good: list[str] = field(default_factory=list)  # document ids expected in the store
    bad: list[str] = field(default_factory=list)  # file names each expected in exactly one error line
    outside: Path | None = None


def make_corpus(root: Path, good_reports: list[tuple[str, str]], random_bad: int = 0, seed: int = 17,
                special: bool = True) -> Corpus:
    """A folder of bad files of every kind (and ``random_bad`` generated ones)
    mixed with good reports, and a meta file for the good ones."""
    folder = root / "in"
    folder.mkdir(parents=True)
    corpus = Corpus(folder=folder, meta=root / "meta.jsonl")
    meta = []
    for name, text in good_reports:
        (folder / name).write_text(text, encoding="utf-8")
        corpus.good.append(name)
        meta.append({"file": name, "published": "2021-07-07", "publisher": f"Outlet {len(meta) % 3}"})
    # good, but odd: byte-order marks, a name that is not UTF-8, bidi controls, quoted <script> tags
    odd = {
        "good-utf16.txt": codecs.BOM_UTF16_LE + GOOD_REPORTS[3].replace("Maiduguri", "Kano").encode("utf-16-le"),
        "good-utf32.txt": codecs.BOM_UTF32_BE + GOOD_REPORTS[4].replace("Idlib", "Hama").encode("utf-32-be"),
        "good-bidi.txt": GOOD_REPORTS[5].replace("Zabul", "Ghazni").replace("attacked", "\u202eattacked\u202c").encode(),
        "good-script.txt": (GOOD_REPORTS[2].replace("Lahore", "Karachi") + "\nTheir flyer quoted <script>alert(1)</script> "
                            "and <script>x</script> and <script>y</script> verbatim, police said.\n").encode(),
    }
    for name, data in odd.items():
        (folder / name).write_bytes(data)
        corpus.good.append(name)
    os.makedirs(os.fsencode(folder) + b"/sub", exist_ok=True)
    (Path(os.fsdecode(os.fsencode(folder) + b"/sub/caf\xe9-report.txt"))).write_text(
        GOOD_REPORTS[0].replace("Gao", "Timbuktu"), encoding="utf-8")
    corpus.good.append("caf\\xe9-report.txt")

    for name, data in _fixed_kinds().items():
        (folder / f"bad-{name}").write_bytes(data)
        corpus.bad.append(f"bad-{name}")
    rng = random.Random(seed)
    for n in range(random_bad):
        name, data = _random_bad(rng, n)
        (folder / f"gen-{name}").write_bytes(data)
        corpus.bad.append(f"gen-{name}")
    if special:
        outside = root / "outside"
        outside.mkdir()
        (outside / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash\n")
        links = {"bad-link-out.txt": outside / "secret.txt", "bad-zero.txt": Path("/dev/zero"),
                 "bad-dangling.txt": folder / "gone.txt", "bad-loop-1": folder / "bad-loop-2",
                 "bad-loop-2": folder / "bad-loop-1"}
        for name, target in links.items():
            (folder / name).symlink_to(target)
            corpus.bad.append(name)
        os.mkfifo(folder / "bad-fifo.txt")
        corpus.bad.append("bad-fifo.txt")
        corpus.outside = outside
    corpus.meta.write_text("".join(json.dumps(m) + "\n" for m in meta), encoding="utf-8")
    return corpus


def open_socket(corpus: Corpus) -> socket.socket:
    """A listening Unix socket in the folder (closed by the caller)."""
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(corpus.folder / "bad-socket.txt"))
    corpus.bad.append("bad-socket.txt")
    return server


# ------------------------------------------------------------------ running and checking


def ingest_command(corpus: Corpus, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "eventledger.cli", "ingest", str(corpus.folder), "--meta", str(corpus.meta),
            "--db", f"sqlite:///{db}", "--max-size", MAX_SIZE, *extra]


def run_ingest(corpus: Corpus, db: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, CI="1")
    return subprocess.run(ingest_command(corpus, db), capture_output=True, text=True, env=env, timeout=3600)


def check_run(corpus: Corpus, result: subprocess.CompletedProcess, db: Path) -> list[str]:
    """What broke the promise, as readable lines (empty when all held)."""
    problems: list[str] = []
    if result.returncode != 1:
        problems.append(f"exit status {result.returncode}, not 1")
    if "Traceback" in result.stderr:
        problems.append("a traceback on stderr")
    lines = result.stderr.splitlines()
    for name in corpus.bad:
        named = [line for line in lines if re.search(rf"(^|/){re.escape(name)}(:|$| )", line)]
        if len(named) != 1:
            problems.append(f"{name} named {len(named)} times")
    stored = stored_documents(db)
    missing = [name for name in corpus.good if name not in stored]
    if missing:
        problems.append(f"good reports not stored: {', '.join(missing)}")
    problems.extend(store_problems(db))
    return problems


def stored_documents(db: Path) -> set[str]:
    with sqlite3.connect(db) as connection:
        return {row[0] for row in connection.execute("select id from documents")}


def store_problems(db: Path) -> list[str]:
    """A store's consistency: pages, keys, every mention in exactly one event, no empty event."""
    problems = []
    with sqlite3.connect(db) as connection:
        if connection.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            problems.append("integrity check failed")
        if connection.execute("PRAGMA foreign_key_check").fetchall():
            problems.append("foreign keys broken")
        twice = connection.execute(
            "select count(*) from (select mention_id from event_mentions group by mention_id having count(*) > 1)").fetchone()[0]
        empty = connection.execute(
            "select count(*) from events where event_id not in (select event_id from event_mentions)").fetchone()[0]
        if twice:
            problems.append(f"{twice} mentions in more than one event")
        if empty:
            problems.append(f"{empty} events without sources")
    return problems


def unmerged(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "select count(*) from mentions where id not in (select mention_id from event_mentions)").fetchone()[0]


def event_digest(db: Path) -> list[tuple]:
    """The events of a store, without timestamps: equal for runs that should agree."""
    with sqlite3.connect(db) as connection:
        events = connection.execute(
            "select event_id, event_type, sub_event_type, event_date, location, fatalities from events order by event_id"
        ).fetchall()
        links = connection.execute("select event_id, mention_id from event_mentions order by event_id, mention_id").fetchall()
    return [*events, *links]


def kill_mid_batch(command: list[str], db: Path, at_least_documents: int, timeout: float = 300) -> bool:
    """Start an ingest, SIGKILL it once it has stored ``at_least_documents``; False if it ended first."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, CI="1"))
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as connection:
                    count = connection.execute("select count(*) from documents").fetchone()[0]
            except sqlite3.Error:
                count = 0
            if count >= at_least_documents:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(timeout=30)
                return True
            time.sleep(0.05)
        return False
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


# ------------------------------------------------------------------ make fuzz


def _good_reports(shared: Path, count: int) -> list[tuple[str, str]]:
    """``count`` good reports: the seed reports, each copy made unique, or the built-in ones."""
    seeds = sorted((shared / "corpus" / "seeds").glob("*.txt"))
    texts = [p.read_text("utf-8") for p in seeds] or GOOD_REPORTS
    from .bench import unique_copy

    return [(f"good-{k:03d}.txt", unique_copy(texts[k % len(texts)], f"This is copy number {k} of the fuzz corpus."))
            for k in range(count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eventledger.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--bad", type=int, default=2000, help="generated bad files (besides one of each fixed kind)")
    parser.add_argument("--good", type=int, default=20)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--writers", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=Path.cwd().parent / "shared")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args(argv)
    failed = False
    with tempfile.TemporaryDirectory(prefix="eventledger-fuzz-") as tmp:
        root = Path(tmp)
        reports = _good_reports(args.shared, args.good)
        corpus = make_corpus(root / "mixed", reports, random_bad=args.bad, seed=args.seed)
        server = open_socket(corpus)
        try:
            db = root / "mixed.sqlite"
            started = time.perf_counter()
            result = run_ingest(corpus, db)
            seconds = time.perf_counter() - started
        finally:
            server.close()
        problems = check_run(corpus, result, db)
        good_stored = len([n for n in corpus.good if n in stored_documents(db)])
        print(f"mixed folder: {len(corpus.bad)} bad files and {len(corpus.good)} good reports in one command, "
              f"{seconds:.0f} s: {good_stored}/{len(corpus.good)} good stored, exit {result.returncode}, "
              f"{'every bad file named once, no traceback' if not problems else 'PROBLEMS: ' + '; '.join(problems[:10])}")
        failed |= bool(problems)

        # repeated kills: the same folder, killed mid-batch again and again, then finished
        clean_db = root / "clean.sqlite"
        small = make_corpus(root / "kills", reports, random_bad=50, seed=args.seed + 1)
        run_ingest(small, clean_db)
        killed_db = root / "killed.sqlite"
        rng = random.Random(args.seed)
        kills, inconsistent = 0, []
        for _ in range(args.kills):
            target = len(stored_documents(killed_db)) + rng.randrange(1, 4) if killed_db.exists() else rng.randrange(1, 4)
            if kill_mid_batch(ingest_command(small, killed_db), killed_db, target):
                kills += 1
                inconsistent.extend(store_problems(killed_db))
        final = run_ingest(small, killed_db)
        same = event_digest(killed_db) == event_digest(clean_db) and unmerged(killed_db) == 0
        print(f"repeated kills: {kills} SIGKILLs mid-batch; store consistent after each: {not inconsistent}; "
              f"finished run has the same events as an unkilled run: {same}; exit {final.returncode}")
        failed |= bool(inconsistent) or not same

        # concurrent writers: the same folder ingested by several processes at once into one store
        shared_db = root / "concurrent.sqlite"
        writers = [subprocess.Popen(ingest_command(small, shared_db), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                    text=True, env=dict(os.environ, CI="1")) for _ in range(args.writers)]
        outputs = [w.communicate(timeout=3600)[1] for w in writers]
        tracebacks = sum("Traceback" in out for out in outputs)
        texts = stored_documents(shared_db)
        once = len(texts) == len(stored_documents(clean_db))
        problems = store_problems(shared_db)
        same = event_digest(shared_db) == event_digest(clean_db)
        print(f"concurrent writers: {args.writers} processes on one store: each text stored once: {once}; "
              f"consistent: {not problems}; tracebacks: {tracebacks}; same events as one writer: {same}")
        failed |= not once or bool(problems) or bool(tracebacks)

        # a report over spaCy's million-character limit, alone
        huge = root / "huge"
        huge.mkdir()
        (huge / "huge.txt").write_text(distinct_paragraphs(1_050_000), encoding="utf-8")
        huge_db = root / "huge.sqlite"
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "eventledger.cli", "ingest", str(huge), "--db", f"sqlite:///{huge_db}",
                                 "--max-size", "5MB"], capture_output=True, text=True, env=dict(os.environ, CI="1"))
        seconds = time.perf_counter() - started
        stored = stored_documents(huge_db) == {"huge.txt"}
        with sqlite3.connect(huge_db) as connection:
            size = connection.execute("select coalesce(max(length(text)), 0) from documents").fetchone()[0]
        print(f"over spaCy's limit: one report of {size:,} characters (after cleaning) stored: {stored} in "
              f"{seconds:.0f} s, exit {result.returncode}")
        failed |= not stored or result.returncode != 0 or size <= 1_000_000
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
