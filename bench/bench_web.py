"""Load benchmark of the web API on loopback: latency (p50/p99) and throughput.

Starts ``according serve`` in a subprocess on a free 127.0.0.1 port over a throwaway corpus,
then drives ``POST /api/extract`` (the example article) and ``GET /api/quotes`` with 1, 8 and
32 concurrent clients (httpx, asyncio) for a bounded time each, and stops by itself.

Baselines measured in the same run: the same work called in-process (``according.extract`` and
``Store.quotes``), so the HTTP cost shows as a ratio that does not depend on the machine.

Then the same two requests (1 extract client, 4 read clients) while a long article (``--big-kb``,
1 MB by default) is being extracted with the API key, and while it is posted without the key over
and over (each answered 413): their p50/p99 show whether one long article ties the server up.

    nice python bench/bench_web.py                  # 5 s per scenario
    nice python bench/bench_web.py --seconds 3 --clients 1,8 --json /tmp/bench_web.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

from according.config import DEFAULT_SETTINGS

ROOT = Path(__file__).resolve().parent.parent
SHARED_EXAMPLE = ROOT.parent / "shared" / "examples" / "khamenei-gaza-speech.txt"
OWN_EXAMPLE = ROOT / "examples" / "harbour-minister-speech.txt"
HOST = "127.0.0.1"  # loopback only, never anything else
KEY = "bench-key"
#: Extraction settings for the in-process baseline and the server (``--mode`` changes both).
SETTINGS = DEFAULT_SETTINGS


@dataclass
class Result:
    endpoint: str
    clients: int
    requests: int
    errors: int
    seconds: float
    throughput: float
    p50_ms: float
    p99_ms: float
    baseline_ms: float

    @property
    def overhead(self) -> float:
        """p50 latency over the in-process baseline (1.0 = no HTTP cost)."""
        return self.p50_ms / self.baseline_ms if self.baseline_ms else float("nan")


def example_text() -> str:
    path = SHARED_EXAMPLE if SHARED_EXAMPLE.exists() else OWN_EXAMPLE
    return path.read_text(encoding="utf-8")


def long_article(text: str, size: int) -> bytes:
    """``text`` repeated to ``size`` bytes (whole paragraphs), as one long article."""
    unit = text.strip() + "\n\n"
    return (unit * (size // len(unit.encode()) + 1)).encode()[:size].rsplit(b"\n\n", 1)[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def build_corpus(db: str, text: str, copies: int) -> None:
    """A corpus of ``copies`` variants of the example article (distinct texts, outlets and dates)."""
    import according
    from according.schema import Document
    from according.store import open_store

    doc = according.extract(text, id="base", settings=SETTINGS)
    with open_store(db) as store:
        for i in range(copies):
            meta = {"outlet": f"Outlet {i % 7}", "published": f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    "title": f"Copy {i}"}
            variant = doc.text + "\n" * (i + 1)  # distinct text (no deduplication), same offsets
            store.add_document(Document(f"copy-{i}", variant, doc.attributions, doc.entities,
                                        doc.figures, meta))


def baseline_extract(text: str, n: int = 10) -> float:
    import according

    according.extract(text, settings=SETTINGS)  # load the model
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        according.extract(text, id="bench", settings=SETTINGS)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def baseline_quotes(db: str, n: int = 50) -> float:
    from according.store import open_store

    with open_store(db) as store:
        store.quotes(limit=50)
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            store.quotes(limit=50)
            times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


async def drive(base: str, method: str, path: str, body: bytes | None, clients: int, seconds: float,
                max_requests: int) -> tuple[list[float], int, float]:
    """``clients`` loops sending requests until ``seconds`` pass or ``max_requests`` are sent."""
    latencies: list[float] = []
    errors = 0
    sent = 0
    deadline = time.perf_counter() + seconds
    headers = {"Content-Type": "text/plain; charset=utf-8"} if body is not None else {}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        async def worker() -> None:
            nonlocal errors, sent
            while time.perf_counter() < deadline and sent < max_requests:
                sent += 1
                t0 = time.perf_counter()
                try:
                    r = await client.request(method, path, content=body, headers=headers)
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies.append(time.perf_counter() - t0)
                else:
                    errors += 1

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - start
    return latencies, errors, elapsed


async def under_load(base: str, big: bytes | None, keyed: bool, body: bytes, seconds: float
                     ) -> tuple[tuple[list[float], int, float], tuple[list[float], int, float], list[int]]:
    """Normal extracts and reads while ``big`` is extracted (``keyed``) or refused again and again
    (``big`` None: on a quiet server, for comparison).

    Returns the extract and read measurements (as ``drive``) and the big requests' status codes.
    """
    statuses: list[int] = []
    headers = {"Content-Type": "text/plain; charset=utf-8", **({"X-API-Key": KEY} if keyed else {})}

    async def background() -> None:
        if big is None:
            return
        async with httpx.AsyncClient(base_url=base, timeout=3600) as client:
            while True:
                r = await client.post("/api/extract", content=big, headers=headers)
                statuses.append(r.status_code)
                if keyed:
                    return

    task = asyncio.create_task(background())
    await asyncio.sleep(1.0)  # the big article is in the worker (or being refused) by now
    extracts, reads = await asyncio.gather(
        drive(base, "POST", "/api/extract", body, 1, seconds, 10_000),
        drive(base, "GET", "/api/quotes?limit=50", None, 4, seconds, 10_000))
    still_running = not task.done()
    task.cancel()  # a keyed extraction still running is abandoned: the server stops its worker
    try:
        await task
    except asyncio.CancelledError:
        pass
    if keyed and still_running:
        statuses.append(0)  # 0: still extracting when the measurement ended
    return extracts, reads, statuses


def start_server(db: str, port: int, workers: int, extract_workers: int = 1) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "according.cli.main", "serve", "--db", db, "--host", HOST,
           "--port", str(port), "--log-level", "warning", "--mode", SETTINGS.mode, "--workers", str(workers),
           "--api-key", KEY, "--extract-workers", str(extract_workers), "--extract-timeout", "3600"]
    env = {**os.environ, "ACCORDING_API_KEY": ""}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"bench_web: server exited: {proc.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"http://{HOST}:{port}/api/stats", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("bench_web: server did not start within 120 s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0, help="Run time per scenario (default 5).")
    ap.add_argument("--clients", default="1,8,32", help="Concurrency levels (default 1,8,32).")
    ap.add_argument("--max-requests", type=int, default=5000, help="Cap per scenario (default 5000).")
    ap.add_argument("--copies", type=int, default=200, help="Articles in the corpus (default 200).")
    ap.add_argument("--workers", type=int, default=1, help="Server processes (default 1).")
    ap.add_argument("--extract-workers", type=int, default=2,
                    help="Extraction processes per server process (default 2: one may hold the long one).")
    ap.add_argument("--big-kb", type=int, default=1000, help="Long article size in KB (default 1000).")
    ap.add_argument("--mode", default="default", help="Extraction mode (default: the shipped best).")
    ap.add_argument("--json", dest="json_out", help="Also write the results here as JSON.")
    args = ap.parse_args()
    global SETTINGS
    SETTINGS = DEFAULT_SETTINGS.with_(mode=args.mode)
    levels = [int(c) for c in args.clients.split(",") if c.strip()]
    text = example_text()
    body = text.encode("utf-8")

    with tempfile.TemporaryDirectory(prefix="bench_web_") as tmp:
        db = str(Path(tmp) / "corpus.db")
        build_corpus(db, text, args.copies)
        base_extract, base_quotes = baseline_extract(text), baseline_quotes(db)
        port = free_port()
        proc = start_server(db, port, args.workers, args.extract_workers)
        results: list[Result] = []
        try:
            base = f"http://{HOST}:{port}"
            scenarios = [("POST /api/extract", "POST", "/api/extract", body, base_extract),
                         ("GET /api/quotes", "GET", "/api/quotes?limit=50", None, base_quotes)]
            for label, method, path, payload, baseline in scenarios:
                asyncio.run(drive(base, method, path, payload, 1, 0.5, 5))  # warm up
                for clients in levels:
                    lat, errors, elapsed = asyncio.run(
                        drive(base, method, path, payload, clients, args.seconds, args.max_requests))
                    ms = sorted(x * 1000 for x in lat)
                    results.append(Result(label, clients, len(lat), errors, round(elapsed, 2),
                                          round(len(lat) / elapsed, 1), round(percentile(ms, 50), 1),
                                          round(percentile(ms, 99), 1), round(baseline, 1)))
                    r = results[-1]
                    print(f"{label:18} clients={clients:<3} n={r.requests:<5} err={r.errors:<3} "
                          f"{r.throughput:8.1f} req/s  p50={r.p50_ms:8.1f} ms  p99={r.p99_ms:8.1f} ms  "
                          f"p50/in-process={r.overhead:6.2f}x", flush=True)
            big = long_article(text, args.big_kb * 1000)
            loads = ((None, False, "nothing else running"), (big, False, f"{args.big_kb} KB refused (413)"),
                     (big, True, f"{args.big_kb} KB extracting"))
            for long_body, keyed, what in loads:
                extracts, reads, statuses = asyncio.run(
                    under_load(base, long_body, keyed, body, args.seconds))
                for label, (lat, errors, elapsed), clients, baseline in (
                        ("POST /api/extract", extracts, 1, base_extract),
                        ("GET /api/quotes", reads, 4, base_quotes)):
                    ms = sorted(x * 1000 for x in lat)
                    results.append(Result(f"{label} while {what}", clients, len(lat), errors,
                                          round(elapsed, 2), round(len(lat) / elapsed, 1),
                                          round(percentile(ms, 50), 1), round(percentile(ms, 99), 1),
                                          round(baseline, 1)))
                    r = results[-1]
                    print(f"{label:18} clients={clients:<3} n={r.requests:<5} err={r.errors:<3} "
                          f"p50={r.p50_ms:8.1f} ms  p99={r.p99_ms:8.1f} ms  while {what}"
                          + (f" (long article answers: {dict(Counter(statuses))})" if long_body else ""),
                          flush=True)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    print(f"baselines (in-process median): extract {base_extract:.1f} ms, quotes(limit=50) "
          f"{base_quotes:.1f} ms; article {len(text)} chars, corpus {args.copies} articles, "
          f"mode {SETTINGS.mode}, {args.workers} server process(es) with {args.extract_workers} "
          f"extraction process(es) each, {os.cpu_count()} CPUs")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(
            [{**asdict(r), "p50_over_in_process": round(r.overhead, 2)} for r in results], indent=2))


if __name__ == "__main__":
    main()
