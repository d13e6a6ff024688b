"""Bounded extraction work: size and time budgets (larger with the API key), a bounded queue
answering 503 with Retry-After, worker processes that reads never wait behind, cancellation when
the client goes away, and a server that stops within seconds of SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import anyio
import httpx
import pytest

from according.web import WebConfig
from according.web.workers import BudgetExceeded, ExtractionPool, Job

KEY = "budget-key"
SENTENCE = "The harbour minister said the port would reopen on Monday. "
PLAIN = {"Content-Type": "text/plain"}


class FakeDoc:
    def __init__(self, text: str) -> None:
        self.text = text

    def to_dict(self) -> dict:
        return {"text": self.text}


@pytest.fixture
def slow_extract(monkeypatch):
    """``according.extract`` that takes 0.5 s (for the thread-mode pool)."""
    import according

    def extract(text, id=None, settings=None, **meta):
        time.sleep(0.5)
        return FakeDoc(text)

    monkeypatch.setattr(according, "extract", extract)


def run_many(pool: ExtractionPool, n: int, budget: float = 10.0) -> list[object]:
    """``n`` concurrent ``pool.run`` calls; each result or the exception it raised."""
    results: list[object] = [None] * n

    async def never() -> bool:
        return False

    async def one(i: int) -> None:
        try:
            results[i] = await pool.run(Job(f"article {i}", str(i), {}), budget, never)
        except Exception as exc:  # collected for the assertions
            results[i] = exc

    async def main() -> None:
        async with anyio.create_task_group() as tg:
            for i in range(n):
                tg.start_soon(one, i)

    # In a thread of its own: a session fixture (the browser) may hold an event loop in this one.
    runner = threading.Thread(target=anyio.run, args=(main,))
    runner.start()
    runner.join()
    return results


def test_a_full_queue_answers_503_with_retry_after(slow_extract, web_settings):
    from fastapi import HTTPException

    pool = ExtractionPool(web_settings, workers=0, queue=2)
    results = run_many(pool, 5)
    refused = [r for r in results if isinstance(r, HTTPException)]
    assert len(refused) == 2 and all(r.status_code == 503 and r.headers["Retry-After"] for r in refused)
    assert sum(isinstance(r, dict) for r in results) == 3
    assert pool.busy == 0


def test_the_time_budget_stops_waiting(slow_extract, web_settings):
    pool = ExtractionPool(web_settings, workers=0, queue=2)
    assert isinstance(run_many(pool, 1, budget=0.1)[0], BudgetExceeded)


def test_anonymous_requests_get_the_smaller_budgets(make_client):
    client = make_client(api_key=KEY, anonymous_max_chars=100, warm_up=False)
    text = (SENTENCE * 3).encode()
    r = client.post("/api/extract", content=text, headers=PLAIN)
    assert r.status_code == 413 and "without the API key the limit is 100" in r.json()["detail"]
    r = client.post("/api/extract", content=text, headers={**PLAIN, "X-API-Key": KEY})
    assert r.status_code == 200 and r.json()["text"] == text.decode()


def test_over_the_time_budget_is_503(make_client, slow_extract):
    client = make_client(anonymous_extract_seconds=0.1, warm_up=False)
    r = client.post("/api/extract", content=SENTENCE.encode(), headers=PLAIN)
    assert r.status_code == 503 and "time budget of 0.1 s" in r.json()["detail"]


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _post_and_hang_up(base: str, body: bytes, seconds: float) -> None:
    """Send a keyed extract request, then close the connection after ``seconds``."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as s:
        s.sendall(b"POST /api/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                  + f"X-API-Key: {KEY}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
        time.sleep(seconds)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads CPU time from /proc")
def test_worker_processes_keep_reads_answering_and_stop_when_the_client_leaves(serve, make_corpus,
                                                                               web_settings):
    config = WebConfig(db=make_corpus(), api_key=KEY, settings=web_settings, extract_workers=1)
    long_text = (SENTENCE * 5000).encode()  # 300 KB: tens of seconds of extraction
    with serve(config) as base:
        worker = _live_workers()
        assert len(worker) == 1
        pid = worker[0]
        hang = threading.Thread(target=_post_and_hang_up, args=(base, long_text, 3.0))
        hang.start()
        time.sleep(1.0)
        before = _cpu_ticks(pid)
        reads = []
        for _ in range(5):
            start = time.monotonic()
            assert httpx.get(f"{base}/api/stats", timeout=10).status_code == 200
            reads.append(time.monotonic() - start)
        assert max(reads) < 1.0, reads
        assert _cpu_ticks(pid) > before, "the worker was not extracting"
        hang.join()
        gone = time.monotonic()
        while Path(f"/proc/{pid}").exists() and time.monotonic() - gone < 5:
            time.sleep(0.05)
        assert not Path(f"/proc/{pid}").exists()
        assert time.monotonic() - gone < 2.0
        # A fresh worker took its place and extracts the next article.
        r = httpx.post(f"{base}/api/extract", content=SENTENCE.encode(), headers=PLAIN, timeout=180)
        assert r.status_code == 200 and r.json()["attributions"]


def _live_workers() -> list[int]:
    """Pids of this process's extraction workers."""
    import multiprocessing

    return [p.pid for p in multiprocessing.active_children() if p.name == "according-extract"]


def test_the_server_stops_within_5_seconds_of_sigterm_while_extracting(tmp_path):
    from according.store import open_store

    db = str(tmp_path / "c.db")
    open_store(db).close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "ACCORDING_API_KEY"}
    mode = ["--mode", os.environ["ACCORDING_TEST_MODE"]] if os.environ.get("ACCORDING_TEST_MODE") else []
    cmd = [sys.executable, "-m", "according.cli.main", "serve", "--db", db, "--port", str(port),
           "--api-key", KEY, "--extract-workers", "1", "--log-level", "warning", *mode]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    answers: list[int] = []
    try:
        deadline = time.monotonic() + 240
        while True:
            assert proc.poll() is None, proc.stderr.read()
            try:
                httpx.get(f"{base}/api/stats", timeout=5)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "server did not come up"
                time.sleep(0.25)

        def post() -> None:
            r = httpx.post(f"{base}/api/extract", content=(SENTENCE * 5000).encode(),
                           headers={**PLAIN, "X-API-Key": KEY}, timeout=60)
            answers.append(r.status_code)

        client = threading.Thread(target=post)
        client.start()
        time.sleep(2.0)
        stop = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        took = time.monotonic() - stop
        client.join(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert took < 5.0, took
    assert answers == [503]
    assert "Traceback" not in err


def test_a_worker_that_cannot_load_the_model_answers_503(make_client, web_settings, tmp_path):
    broken = web_settings.with_(mode="accurate", model_path=str(tmp_path / "no-model"))
    client = make_client(settings=broken, extract_workers=1)
    for _ in range(2):
        r = client.post("/api/extract", content=SENTENCE.encode(), headers=PLAIN)
        assert r.status_code == 503 and "model could not be loaded" in r.json()["detail"]
        assert str(tmp_path) not in r.text
