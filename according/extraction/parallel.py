"""Extraction over worker processes with bounded work in flight and per-article failures.

The one multi-process engine behind ``according.extract_many``, ``according batch`` and the
Spark job: at most ``2 × jobs`` chunks are in flight — memory stays flat on a
million-article input — and an article that makes extraction raise is reported as a
failure while the rest of its chunk still comes through. Workers load the
model once each (``according.extraction.pipeline.get_pipeline``); the same chunk function
runs inside Spark executors.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any

from according.config import DEFAULT_SETTINGS, Settings
from according.errors import AccordingError, one_line
from according.readers.article import Article
from according.schema import Document

if TYPE_CHECKING:
    from according.extraction.pipeline import Pipeline

#: (id, text, meta without id) — what travels to a worker.
Item = tuple[str, str, dict[str, Any]]


@dataclass
class Outcome:
    """One article's result: its ``Document.to_dict()``, or the reason it failed."""

    article: Article
    doc: dict[str, Any] | None = None
    error: str | None = None


#: Consecutive worker-pool deaths without a finished chunk before the run stops.
MAX_POOL_BREAKS = 3
#: Longest exception text kept as a failure reason.
MAX_REASON = 300


class SetupError(AccordingError):
    """The extraction pipeline cannot be loaded (bad mode or model): the whole run stops."""


def _reason(exc: BaseException) -> str:
    return one_line(exc, MAX_REASON)


def load_pipeline(settings: Settings) -> Pipeline:
    """This process's pipeline (loaded once); SetupError, picklable, when it cannot load."""
    from according.extraction.pipeline import get_pipeline

    try:
        return get_pipeline(settings)
    except Exception as exc:
        raise SetupError(f"cannot load the extraction pipeline: {_reason(exc)}") from None


def worker_init(settings: Settings) -> None:
    """Worker start: one thread per process (the processes are the parallelism), model loaded.

    Ctrl-C is left to the parent, which commits the finished articles and stops the workers.
    """
    import signal

    if mp_current_is_child():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:  # pragma: no cover
        pass
    try:
        load_pipeline(settings)
    except SetupError:
        pass  # raised again, to the parent, by the first chunk


def mp_current_is_child() -> bool:
    """Whether this is a worker process started by multiprocessing (not Spark's or the main one)."""
    import multiprocessing as mp

    return mp.parent_process() is not None


def extract_chunk(settings: Settings, items: list[Item]) -> list[tuple[dict[str, Any] | None, str | None]]:
    """(doc dict, None) or (None, reason) per item; one bad article never sinks the others."""
    pipeline = load_pipeline(settings)
    pairs = [(text, {**meta, "id": doc_id}) for doc_id, text, meta in items]
    try:
        return [(d.to_dict(), None) for d in pipeline.pipe(pairs, batch_size=len(pairs) or None)]
    except Exception:  # retry one by one to isolate the article that raised
        pass
    out: list[tuple[dict[str, Any] | None, str | None]] = []
    for pair in pairs:
        try:
            out.append((next(pipeline.pipe([pair])).to_dict(), None))
        except Exception as exc:
            out.append((None, _reason(exc)))
    return out


def default_jobs() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover  (not Linux)
        return os.cpu_count() or 1


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _items(chunk: list[Article]) -> list[Item]:
    return [(a.id, a.text, {k: v for k, v in a.meta.items() if k != "id"}) for a in chunk]


def _outcomes(chunk: list[Article], results: list[tuple[dict[str, Any] | None, str | None]]
              ) -> list[Outcome]:
    return [Outcome(a, doc, err) for a, (doc, err) in zip(chunk, results, strict=True)]


@contextmanager
def _one_thread() -> Iterator[None]:
    """torch on one thread while a one-job run lasts (restored after).

    ``-j 1`` means one core: torch's default thread pool spins on the other cores and, on a
    busy machine, spent several times the CPU per article in measurements (bench_batch).
    """
    try:
        import torch
    except ImportError:  # pragma: no cover
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def run_articles(articles: Iterable[Article], settings: Settings, jobs: int = 1,
                 chunk_size: int | None = None) -> Iterator[Outcome]:
    """Extract ``articles`` over ``jobs`` processes, yielding outcomes in input order."""
    size = chunk_size or settings.batch_size
    if jobs <= 1:
        chunks = _chunks(articles, size)
        first = next(chunks, None)
        if first is None:  # nothing to extract: torch and the model are never loaded
            return
        with _one_thread():
            for chunk in chain([first], chunks):
                yield from _outcomes(chunk, extract_chunk(settings, _items(chunk)))
        return
    import multiprocessing as mp

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(jobs, mp_context=mp.get_context("spawn"),
                                   initializer=worker_init, initargs=(settings,))

    pool = new_pool()
    in_flight: deque[tuple[list[Article], Future[Any]]] = deque()
    breaks = 0  # pool breaks since the last chunk that came back
    try:
        chunks = _chunks(articles, size)
        while True:
            while len(in_flight) < 2 * jobs:
                chunk = next(chunks, None)
                if chunk is None:
                    break
                in_flight.append((chunk, pool.submit(extract_chunk, settings, _items(chunk))))
            if not in_flight:
                break
            chunk, future = in_flight.popleft()
            try:
                results = future.result()
                breaks = 0
                yield from _outcomes(chunk, results)
            except BrokenProcessPool:
                # A worker died (killed, out of memory): everything in flight is lost with it.
                breaks += 1
                if breaks >= MAX_POOL_BREAKS:
                    raise SetupError(f"worker processes died {breaks} times in a row without finishing "
                                     "an article (out of memory? try fewer --jobs)") from None
                reason = "worker process died (killed or out of memory)"
                yield from (Outcome(a, None, reason) for a in chunk)
                for lost, _ in in_flight:
                    yield from (Outcome(a, None, reason) for a in lost)
                in_flight.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def extract_many(items: Iterable[tuple[str, dict[str, Any]]], n_process: int = 1,
                 settings: Settings = DEFAULT_SETTINGS, batch_size: int | None = None,
                 on_error: Callable[[str, str], None] | None = None) -> Iterator[Document]:
    """Extract from many (text, meta) pairs, in order, over ``n_process`` worker processes.

    Workers load the model once each and keep a bounded amount of work in flight
    (``run_articles``). An article the pipeline fails on is passed to
    ``on_error(id, reason)`` and skipped; without ``on_error`` it raises ``ExtractionError``.
    """
    if n_process == -1:
        n_process = default_jobs()
    articles = (Article(id=str(meta.get("id", f"doc{i + 1}")), text=text,
                        meta={k: v for k, v in meta.items() if k != "id"})
                for i, (text, meta) in enumerate(items))
    for outcome in run_articles(articles, settings, jobs=n_process, chunk_size=batch_size):
        if outcome.doc is not None:
            yield Document.from_dict(outcome.doc)
        elif on_error is not None:
            on_error(outcome.article.id, outcome.error or "failed")
        else:
            from according.extraction.pipeline import ExtractionError

            raise ExtractionError(f"{outcome.article.id}: {outcome.error}")
