"""Bounded extraction for the web app: worker processes, a bounded queue, per-request budgets.

``/api/extract`` and ``/api/documents`` run extraction here, never in the server's own process
when ``extract_workers`` ≥ 1: reads keep answering while an article is extracted. At most
``extract_workers`` articles run at once and ``extract_queue`` more wait; past that the server
answers 503 with ``Retry-After``. A request whose client goes away, or that runs past its time
budget, has its worker process killed (its CPU is free within the poll interval) and a fresh
worker started in its place. ``extract_workers=0`` extracts in a thread of the server process
(tests, small deployments): the queue and size budget hold, but a thread cannot be stopped.
"""

from __future__ import annotations

import logging
import math
import multiprocessing as mp
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

import anyio
from fastapi import HTTPException

from according.config import Settings
from according.errors import AccordingError, InputError

log = logging.getLogger("according.web")
#: How often a waiting request checks for its client's disconnect and its deadline (seconds).
POLL_SECONDS = 0.2
#: Seconds a busy server asks clients to wait before retrying.
RETRY_AFTER = 5


class BudgetExceeded(Exception):
    """The extraction ran past its time budget."""


class Cancelled(Exception):
    """The client went away; the extraction was stopped."""


class ShuttingDown(Exception):
    """The server is stopping; the extraction was abandoned."""


@dataclass
class Job:
    """One article to extract: what ``according.extract`` takes."""

    text: str
    id: str
    meta: dict[str, Any]


def _serve(conn: Connection, settings: Settings) -> None:
    """A worker process: load the pipeline once, then extract each job the pipe brings."""
    import according
    from according.extraction.pipeline import get_pipeline

    try:
        get_pipeline(settings).warm_up()
        conn.send(("ready", None))
    except Exception as exc:  # reported to the server, which answers 503
        conn.send(("setup", f"{type(exc).__name__}: {exc}"))
        return
    while True:
        try:
            job: Job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            doc = according.extract(job.text, id=job.id, settings=settings, **job.meta)
            conn.send(("ok", doc.to_dict()))
        except InputError as exc:
            conn.send(("input", exc.message))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class Worker:
    """One worker process and the server's end of its pipe."""

    def __init__(self, settings: Settings) -> None:
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(target=_serve, args=(child, settings), daemon=True,
                                                name="according-extract")
        self.process.start()
        child.close()
        self.ready = False
        self.failed: str | None = None

    def wait_ready(self, timeout: float | None = None) -> None:
        """Block until the model is loaded; AccordingError when it cannot load (every time asked)."""
        if self.ready:
            return
        if self.failed is None:
            try:
                if not self.conn.poll(timeout):
                    raise AccordingError("the extraction worker did not start in time")
                kind, detail = self.conn.recv()
            except (EOFError, OSError):
                kind, detail = "died", f"exit code {self.process.exitcode}"
            if kind == "ready":
                self.ready = True
                return
            self.failed = f"the extraction worker could not load the model: {detail}"
        raise AccordingError(self.failed)

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class ExtractionPool:
    """Admission (running + queued) and the worker processes behind it."""

    def __init__(self, settings: Settings, workers: int, queue: int) -> None:
        self.settings = settings
        self.size = max(workers, 1)
        self.processes = workers > 0
        self.queue = queue
        self._admitted = 0
        self._lock = threading.Lock()
        self._slots = anyio.Semaphore(self.size)
        self._idle: list[Worker] = []
        self._closed = False

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> None:
        """Start the worker processes (they load the model in parallel with each other)."""
        if self.processes:
            self._idle = [Worker(self.settings) for _ in range(self.size)]

    def wait_ready(self) -> None:
        for w in list(self._idle):
            w.wait_ready()

    def abandon(self) -> None:
        """Stop taking work (a stop signal came): waiting and running requests answer 503 now,
        instead of being cut off without an answer when the server's grace period ends."""
        self._closed = True

    def close(self) -> None:
        """Kill every worker: shutdown abandons in-flight work rather than waiting for it."""
        self._closed = True
        for w in self._idle:
            w.kill()
        self._idle = []

    # -- admission ----------------------------------------------------------------------------

    def _admit(self) -> None:
        with self._lock:
            if self._admitted >= self.size + self.queue:
                raise HTTPException(503, f"the server is busy: {self.size} extraction(s) running and "
                                         f"{self.queue} waiting; retry later",
                                    headers={"Retry-After": str(RETRY_AFTER)})
            self._admitted += 1

    def _leave(self) -> None:
        with self._lock:
            self._admitted -= 1

    @property
    def busy(self) -> int:
        """Requests admitted (running or waiting)."""
        return self._admitted

    # -- running ------------------------------------------------------------------------------

    async def run(self, job: Job, budget: float, disconnected: Callable[[], Awaitable[bool]]
                  ) -> dict[str, Any]:
        """``job``'s ``Document.to_dict()``, within ``budget`` seconds of starting to run.

        Raises BudgetExceeded, Cancelled (client gone), ShuttingDown (worker processes only),
        InputError (the text), AccordingError (the model cannot load), or HTTPException 503
        (queue full).
        """
        self._admit()
        try:
            async with self._slots:
                if await disconnected():
                    raise Cancelled
                if not self.processes:
                    return await self._in_thread(job, budget)
                return await self._in_worker(job, budget, disconnected)
        finally:
            self._leave()

    async def _in_thread(self, job: Job, budget: float) -> dict[str, Any]:
        import according

        def work() -> dict[str, Any]:
            return according.extract(job.text, id=job.id, settings=self.settings, **job.meta).to_dict()

        try:
            with anyio.fail_after(budget if math.isfinite(budget) else None):
                return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
        except TimeoutError:
            raise BudgetExceeded from None

    async def _in_worker(self, job: Job, budget: float, disconnected: Callable[[], Awaitable[bool]]
                         ) -> dict[str, Any]:
        if self._closed:
            raise ShuttingDown
        worker = self._idle.pop() if self._idle else Worker(self.settings)
        keep = False
        try:
            await anyio.to_thread.run_sync(worker.wait_ready)
            worker.conn.send(job)
            deadline = time.monotonic() + budget
            while not await anyio.to_thread.run_sync(worker.conn.poll, POLL_SECONDS):
                if await disconnected():
                    raise Cancelled
                if self._closed:
                    raise ShuttingDown
                if time.monotonic() > deadline:
                    raise BudgetExceeded
                if not worker.process.is_alive():
                    raise AccordingError("the extraction worker died")
            kind, payload = worker.conn.recv()
            keep = True
        finally:
            if keep and not self._closed:
                self._idle.append(worker)
            else:
                worker.kill()
                if not self._closed:  # replace it now, so the next request finds a loaded model
                    self._idle.append(Worker(self.settings))
        if kind == "ok":
            return payload
        if kind == "input":
            raise InputError("article", payload)
        raise AccordingError(payload)
