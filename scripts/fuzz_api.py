#!/usr/bin/env python3
"""API load during an ingest: thousands of concurrent requests to
``eventledger serve`` on 127.0.0.1 while ``eventledger ingest`` writes to the
same store, counting 5xx answers and failed requests.

    .venv/bin/python scripts/fuzz_api.py                   # 4,000 requests, 48 at a time
    .venv/bin/python scripts/fuzz_api.py --requests 20000 --concurrency 128

The server and the ingest are the real commands, each in a process of its
own, on a store in a temporary folder. The requests mix what the page and
scripts send (every read endpoint with random filters, pages and ids; the
page and its files), malformed parameters, refused requests (wrong Host, no
or wrong token, another origin, a cookie without the page's header), and
uploads with the token (reports, HTML with no text, multipart files, one
large report first) whose jobs are followed to their end. Every answer is
checked against what its kind allows (a read on loopback: 200 or 404; an
upload: 202, 429 or 503; ...). It exits 1 on any 5xx, transport failure,
unexpected status, job left unfinished, or ingest failure, and prints the
figures the README quotes.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

from eventledger.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"

BAD_PARAMS = [
    {"limit": "-1"}, {"limit": "0"}, {"limit": "99999999999999999999"}, {"offset": "-5"}, {"offset": "1e9"},
    {"date_from": "yesterday"}, {"date_to": "2021-13-45"}, {"date_from": "\x00"}, {"sort": "notes; DROP TABLE events"},
    {"order": "sideways"}, {"disputed": "perhaps"}, {"q": "x" * 5000}, {"bbox": "1,2,3"}, {"bbox": "nan,nan,nan,nan"},
    {"bbox": "0,10,1,5"}, {"zoom": "99"}, {"fit": "99999999x1"}, {"point_limit": "-3"}, {"format": "xlsx"},
    {"event_type": "\u202e" * 50}, {"actor": "%' OR 1=1 --"}, {"country": "../../etc/passwd"},
]
ODD_IDS = ["..%2f..%2fetc%2fpasswd", "%00", "x" * 3000, "EV-%E2%80%AE", "'; --", "%2e%2e", "\u202eEV"]
# Well under the server's keep-alive (30 s): a client must not reuse a
# connection the server may be closing at that very moment.
KEEPALIVE_SECONDS = 5.0
ODD_HOSTS = ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil.example", ""]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_copies(folder: Path, copies: int) -> Path:
    """The seed reports ``copies`` times, each copy a text of its own, as one JSON-lines file."""
    meta = {m["file"]: m for m in map(json.loads, (SEEDS / "meta.jsonl").read_text().splitlines()) if m}
    path = folder / "copies.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(copies):
            for report in sorted(SEEDS.glob("*.txt")):
                m = meta.get(report.name, {})
                # a whole sentence of its own: the cleaner drops a short tag as boilerplate
                marker = f"This copy, number {n}, of the report below was filed again for a load test of the ledger.\n\n"
                record = {"id": f"copy{n:03d}-{report.stem}", "text": marker + report.read_text(),
                          "published": m.get("published"), "publisher": m.get("publisher")}
                out.write(json.dumps(record) + "\n")
    return path


def report_text(rng: random.Random, n: int) -> str:
    place = rng.choice(["Kunduz", "Maimana", "Kandahar", "Lahore", "Aleppo", "Goma", "Mopti", "Kidal"])
    verb = rng.choice(["attacked a police post in", "protested in", "clashed with soldiers near", "abducted two traders in"])
    who = rng.choice(["Gunmen", "Hundreds of traders", "Taliban fighters", "Unidentified men"])
    return f"{who} {verb} {place} on Tuesday, officials said, killing {rng.randint(0, 9)} people. (Load test {n}.)"


class Tally:
    def __init__(self) -> None:
        self.status: dict[str, Counter] = defaultdict(Counter)
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.unexpected: list[str] = []
        self.failures: list[str] = []
        self.jobs: set[str] = set()

    def record(self, kind: str, what: str, status: int, seconds: float, allowed: set[int]) -> None:
        self.status[kind][status] += 1
        self.latency[kind].append(seconds)
        if status not in allowed:
            self.unexpected.append(f"{kind}: {what} -> {status}")

    @property
    def total(self) -> int:
        return sum(sum(c.values()) for c in self.status.values()) + len(self.failures)

    def count(self, predicate) -> int:
        return sum(n for c in self.status.values() for s, n in c.items() if predicate(s))


class Load:
    def __init__(self, base: str, port: int, token: str, rng: random.Random, tally: Tally) -> None:
        self.base, self.port, self.token, self.rng, self.tally = base, port, token, rng, tally
        self.bearer = {"Authorization": f"Bearer {token}"}
        self.event_ids: list[str] = []
        self.document_ids: list[str] = []
        self.uploads = 0

    async def send(self, client: httpx.AsyncClient, kind: str, method: str, path: str, allowed: set[int],
                   **kwargs) -> httpx.Response | None:
        began = time.perf_counter()
        try:
            response = await client.request(method, self.base + path, **kwargs)
            await response.aread()
        except httpx.HTTPError as exc:
            self.tally.failures.append(f"{kind}: {method} {path[:80]}: {type(exc).__name__}: {exc}")
            return None
        self.tally.record(kind, f"{method} {path[:80]}", response.status_code, time.perf_counter() - began, allowed)
        return response

    async def one(self, client: httpx.AsyncClient, n: int) -> None:
        roll = self.rng.random()
        if roll < 0.55:
            await self.read(client)
        elif roll < 0.70:
            await self.malformed(client)
        elif roll < 0.85:
            await self.refused(client)
        elif roll < 0.95:
            await self.upload(client, n)
        else:
            await self.send(client, "page", "GET", self.rng.choice(["/", "/docs", "/static/js/main.js", "/openapi.json"]), {200})

    async def read(self, client: httpx.AsyncClient) -> None:
        rng = self.rng
        choice = rng.randrange(9)
        if choice == 0:
            params = {"limit": rng.choice([1, 10, 50, 500]), "offset": rng.randrange(0, 200),
                      "sort": rng.choice(["event_date", "fatalities", "sources", "country"]), "order": rng.choice(["asc", "desc"])}
            if rng.random() < 0.4:
                params["event_type"] = rng.choice(["Battles", "Protests", "Riots", "Violence against civilians"])
            if rng.random() < 0.3:
                params["q"] = rng.choice(["Taliban", "prison", "Qala", "killed"])
            response = await self.send(client, "read", "GET", "/api/events", {200}, params=params)
            if response is not None and response.status_code == 200:
                self.event_ids = [e["event_id"] for e in response.json()["items"]][:200] or self.event_ids
        elif choice == 1 and self.event_ids:
            await self.send(client, "read", "GET", f"/api/events/{rng.choice(self.event_ids)}", {200, 404})
        elif choice == 2:
            response = await self.send(client, "read", "GET", "/api/documents", {200}, params={"limit": 50})
            if response is not None and response.status_code == 200:
                self.document_ids = [d["id"] for d in response.json()["items"]] or self.document_ids
        elif choice == 3 and self.document_ids:
            await self.send(client, "read", "GET", f"/api/documents/{rng.choice(self.document_ids)}", {200, 404})
        elif choice == 4:
            await self.send(client, "read", "GET", "/api/aggregates/map", {200},
                            params={"zoom": rng.randrange(0, 12), "fit": "800x600"})
        elif choice == 5:
            await self.send(client, "read", "GET", "/api/aggregates/timeline", {200})
        elif choice == 6:
            await self.send(client, "read", "GET", "/api/facets", {200})
        elif choice == 7:
            await self.send(client, "read", "GET", "/api/export", {200},
                            params={"format": rng.choice(["jsonl", "acled-csv", "geojson"])})
        else:
            await self.send(client, "read", "GET", "/api/stats", {200})

    async def malformed(self, client: httpx.AsyncClient) -> None:
        rng = self.rng
        if rng.random() < 0.6:
            path = rng.choice(["/api/events", "/api/aggregates/map", "/api/aggregates/timeline", "/api/export"])
            await self.send(client, "malformed", "GET", path, {200, 400, 422}, params=rng.choice(BAD_PARAMS))
        elif rng.random() < 0.5:
            path = rng.choice(["/api/events/", "/api/documents/", "/api/jobs/", "/static/"]) + rng.choice(ODD_IDS)
            await self.send(client, "malformed", "GET", path, {404, 400, 422})
        else:
            body = rng.choice([b'{"text": "unclosed', b"[]", b'{"text": 5, "published": "2021-01-01"}',
                               b'{"text": "x", "published": "yesterday"}', b'{"text": "\\ud800", "published": "2021-01-01"}',
                               b"\xff\xfe\x00", b"{" * 20000 + b"}" * 20000])
            await self.send(client, "malformed", "POST", "/api/documents", {400, 422}, content=body,
                            headers={**self.bearer, "Content-Type": "application/json"})

    async def refused(self, client: httpx.AsyncClient) -> None:
        rng = self.rng
        body = {"text": "Gunmen attacked a market in Goma.", "published": "2021-07-07"}
        choice = rng.randrange(5)
        if choice == 0:
            await self.send(client, "refused", rng.choice(["GET", "POST"]), "/api/events", {400},
                            headers={"Host": rng.choice(ODD_HOSTS)})
        elif choice == 1:
            await self.send(client, "refused", "POST", "/api/documents", {401}, json=body)
        elif choice == 2:
            await self.send(client, "refused", "POST", "/api/documents", {401}, json=body,
                            headers={"Authorization": "Bearer " + secrets.token_urlsafe(32)})
        elif choice == 3:
            origin = rng.choice(["http://127.0.0.1:1", "http://evil.example", "null"])
            files = {"file": ("r.txt", b"Gunmen attacked a market in Goma.", "text/plain")}
            await self.send(client, "refused", "POST", "/api/documents/upload", {403}, files=files,
                            data={"published": "2021-07-07"}, headers={**self.bearer, "Origin": origin,
                                                                       "Sec-Fetch-Site": "same-site"})
        else:
            await self.send(client, "refused", "POST", "/api/documents", {401}, json=body,
                            headers={"Cookie": f"eventledger_token_{self.port}=forged", "X-Eventledger": "1"})

    async def upload(self, client: httpx.AsyncClient, n: int) -> None:
        rng = self.rng
        self.uploads += 1
        if rng.random() < 0.3:
            files = {"file": ("r.txt", report_text(rng, n).encode(), "text/plain")}
            response = await self.send(client, "upload", "POST", "/api/documents/upload", {202, 429, 503},
                                       files=files, data={"published": "2021-07-07"}, headers=self.bearer)
        else:
            text = report_text(rng, n) if rng.random() < 0.8 else f"<html><body><script>{n}</script></body></html>"
            response = await self.send(client, "upload", "POST", "/api/documents", {202, 429, 503},
                                       json={"text": text, "published": "2021-07-07"}, headers=self.bearer)
        if response is not None and response.status_code == 202:
            self.tally.jobs.add(response.json()["url"])
        elif response is not None and response.status_code in (429, 503) and "retry-after" not in response.headers:
            self.tally.unexpected.append(f"upload: {response.status_code} without Retry-After")


def _client(concurrency: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency,
                          keepalive_expiry=KEEPALIVE_SECONDS)
    return httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(60.0))


async def run_reads(args, base: str, port: int, token: str, tally: Tally) -> float:
    """Reads alone, before anything else runs: the latencies to compare with."""
    load = Load(base, port, token, random.Random(args.seed), tally)
    async with _client(args.concurrency) as client:
        counter = iter(range(args.baseline))

        async def worker() -> None:
            for _ in counter:
                await load.read(client)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(args.concurrency)))
        return time.perf_counter() - began


async def run_load(args, base: str, port: int, token: str, tally: Tally) -> tuple[float, str | None]:
    rng = random.Random(args.seed)
    load = Load(base, port, token, rng, tally)
    async with _client(args.concurrency) as client:
        # one large report first: it must not stall what follows
        big = " ".join(report_text(rng, n) for n in range(args.large_words // 20))
        response = await load.send(client, "upload", "POST", "/api/documents/upload", {202},
                                   files={"file": ("large.txt", big.encode(), "text/plain")},
                                   data={"published": "2021-07-07"}, headers=load.bearer)
        big_job = None
        if response is not None and response.status_code == 202:
            big_job = response.json()["url"]
            tally.jobs.add(big_job)
        counter = iter(range(args.requests))

        async def worker() -> None:
            for n in counter:
                await load.one(client, n)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(args.concurrency)))
        return time.perf_counter() - began, big_job


async def follow_jobs(base: str, token: str, urls: set[str], timeout: float) -> dict[str, dict]:
    """Each job's last state, waiting up to ``timeout`` seconds in all for them to end."""
    jobs: dict[str, dict] = {}
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(timeout=30) as client:
        for url in sorted(urls):
            while True:
                job = (await client.get(base + url, headers={"Authorization": f"Bearer {token}"})).json()
                if job["state"] in ("done", "failed") or time.monotonic() > deadline:
                    jobs[url] = job
                    break
                await asyncio.sleep(0.5)
    return jobs


def _seconds(job: dict) -> float | None:
    from datetime import datetime

    if not (job.get("started") and job.get("finished")):
        return None
    parse = lambda value: datetime.fromisoformat(value.replace("Z", "+00:00"))  # noqa: E731
    return (parse(job["finished"]) - parse(job["started"])).total_seconds()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--baseline", type=int, default=500, help="reads sent first, alone, to compare latencies")
    parser.add_argument("--concurrency", type=int, default=48)
    parser.add_argument("--copies", type=int, default=20, help="copies of the seed reports the ingest reads")
    parser.add_argument("--large-words", type=int, default=40_000, help="words in the large report uploaded first")
    parser.add_argument("--upload-rate", type=float, default=300, help="the server's --upload-rate")
    parser.add_argument("--upload-queue", type=int, default=16, help="the server's --upload-queue")
    parser.add_argument("--job-timeout", type=float, default=900, help="seconds to wait for queued uploads at the end")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    if not SEEDS.is_dir():
        print(f"fuzz_api: the seed corpus is not there ({SEEDS})", file=sys.stderr)
        return 1

    tally, baseline = Tally(), Tally()
    with tempfile.TemporaryDirectory(prefix="eventledger-fuzz-api-") as tmp:
        folder = Path(tmp)
        db = f"sqlite:///{folder / 'events.sqlite'}"
        copies = write_copies(folder, args.copies)
        Store(db).close()  # serve opens a store; it does not create one
        port, token = free_port(), secrets.token_urlsafe(32)
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "EVENTLEDGER_TOKEN": token, "CI": "1"}
        server = subprocess.Popen(
            [sys.executable, "-m", "eventledger", "serve", "--db", db, "--port", str(port),
             "--upload-rate", str(args.upload_rate), "--upload-queue", str(args.upload_queue)],
            env=env, stdout=subprocess.DEVNULL, stderr=open(folder / "server.log", "w"))
        ingest = None
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(base + "/api/stats", timeout=1)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        print("fuzz_api: the server did not start", file=sys.stderr)
                        return 1
                    time.sleep(0.2)
            asyncio.run(run_reads(args, base, port, token, baseline))
            ingest_began = time.perf_counter()
            ingest = subprocess.Popen([sys.executable, "-m", "eventledger", "ingest", str(copies), "--db", db],
                                      env=env, stdout=subprocess.DEVNULL, stderr=open(folder / "ingest.log", "w"))
            ingest_ended: list[float] = []
            watcher = threading.Thread(target=lambda: (ingest.wait(), ingest_ended.append(time.perf_counter())))
            watcher.start()
            time.sleep(2)  # the ingest has opened the store and is parsing
            load_began = time.perf_counter()
            seconds, big_job = asyncio.run(run_load(args, base, port, token, tally))
            watcher.join(timeout=3600)
            ingest_rc = ingest.returncode
            ingest_seconds = ingest_ended[0] - ingest_began
            overlap = min(ingest_ended[0], load_began + seconds) - load_began
            jobs = asyncio.run(follow_jobs(base, token, tally.jobs, args.job_timeout))
            stats = httpx.get(base + "/api/stats", timeout=30).json()
        finally:
            for process in (ingest, server):
                if process is not None and process.poll() is None:
                    process.terminate()
                    try:
                        process.wait(timeout=30)
                    except subprocess.TimeoutExpired:
                        process.kill()
        server_log = (folder / "server.log").read_text(errors="replace")
        ingest_log = (folder / "ingest.log").read_text(errors="replace")

    five_xx = tally.count(lambda s: s >= 500 and s != 503) + baseline.count(lambda s: s >= 500)
    job_states = Counter(job["state"] for job in jobs.values())
    unfinished = sum(n for state, n in job_states.items() if state not in ("done", "failed"))
    print(f"API load during an ingest: {tally.total:,} requests, {args.concurrency} at a time, in {seconds:.1f} s "
          f"({tally.total / seconds:,.0f}/s); the ingest of {args.copies * 5} reports took {ingest_seconds:.0f} s "
          f"and ran during {max(0.0, overlap):.0f} s of the load")
    print(f"{'kind':<14} {'count':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  statuses")
    for name, kinds in (("alone", baseline), ("", tally)):
        for kind in sorted(kinds.status):
            lat = kinds.latency[kind]
            statuses = ", ".join(f"{s}: {n}" for s, n in sorted(kinds.status[kind].items()))
            label = f"{kind} ({name})" if name else kind
            print(f"{label:<14} {sum(kinds.status[kind].values()):>5,} {percentile(lat, 50) * 1000:>8.0f} "
                  f"{percentile(lat, 95) * 1000:>8.0f} {max(lat) * 1000:>8.0f}  {statuses}")
    print(f"5xx (other than 503 queue full): {five_xx}; transport failures: {len(tally.failures) + len(baseline.failures)}; "
          f"unexpected statuses: {len(tally.unexpected) + len(baseline.unexpected)}")
    print(f"upload jobs: {len(tally.jobs)} accepted -> " + ", ".join(f"{k}: {v}" for k, v in sorted(job_states.items()))
          + f"; ingest exit {ingest_rc}; store: {stats['documents']} documents, {stats['events']} events")
    if big_job in jobs:
        took = _seconds(jobs[big_job])
        print(f"the large report ({args.large_words:,} words) queued first: {jobs[big_job]['state']}"
              + (f" after {took:.0f} s in the worker" if took is not None else ""))
    for line in (tally.failures + tally.unexpected + baseline.failures + baseline.unexpected)[:20]:
        print("  " + line)
    tracebacks = server_log.count("Traceback")
    if tracebacks:
        print(f"server log: {tracebacks} tracebacks (failed jobs are logged with theirs)")
    if tally.failures or five_xx:
        print("server log (end):\n" + server_log[-4000:])
    ok = not (five_xx or tally.failures or tally.unexpected or baseline.failures or baseline.unexpected
              or unfinished or ingest_rc != 0)
    if ingest_rc != 0:
        print("ingest failed:\n" + ingest_log[-2000:])
    print("fuzz_api: " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
