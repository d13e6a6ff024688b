"""``run_batch``: inputs → extraction on every core → committed output parts, resumably."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from according.batch.inputs import iter_articles
from according.batch.ledger import Failure, Ledger, Part
from according.config import DEFAULT_SETTINGS, Settings
from according.errors import InputError
from according.extraction.parallel import default_jobs, run_articles
from according.readers.article import Article
from according.schema import SCHEMA_VERSION, Document


@dataclass
class BatchOptions:
    """How a batch runs; the CLI fills it from flags."""

    out: Path
    jobs: int = field(default_factory=default_jobs)
    format: str = "parquet"
    db: str | None = None
    text_column: str = "text"
    input_format: str | None = None
    check_language: bool = True
    settings: Settings = DEFAULT_SETTINGS
    #: Articles per committed part (a SIGKILL loses at most one part's work).
    part_size: int = 500
    #: A part is also committed after this many seconds, so slow runs lose little.
    commit_seconds: float = 60.0
    progress: bool = False


@dataclass
class BatchResult:
    """What a run did."""

    done: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    failures_path: Path | None = None

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0


def _progress(enabled: bool, total: int | None) -> tuple[AbstractContextManager[Any], Any]:
    """A rich progress bar with articles/s and ETA, or a no-op."""
    if not enabled:
        return nullcontext(), None
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} articles/s"), TimeElapsedColumn(), TextColumn("ETA"),
        TimeRemainingColumn(), TextColumn("[red]{task.fields[failed]} failed"),
        transient=False, refresh_per_second=4,
    )
    task = progress.add_task("batch", total=total, rate="–", failed=0)
    return progress, (progress, task)


def _lines(path: str) -> int:
    try:
        with open(path, "rb") as fh:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    except OSError:
        return 0


def count_articles(inputs: Iterable[str]) -> int | None:
    """A cheap article count for the progress bar: folder files, Parquet rows, plain JSONL lines.

    None when any input would need decompressing or parsing to count (WARC, gzip).
    """
    import os

    from according.batch.inputs import FOLDER_SUFFIXES, kind_of

    total = 0
    for name in inputs:
        kind = kind_of(name)
        if os.path.isdir(name):
            for dirpath, _, files in os.walk(name):
                for f in files:
                    if f.startswith(".") or not f.lower().endswith(FOLDER_SUFFIXES):
                        continue
                    total += _lines(os.path.join(dirpath, f)) if f.lower().endswith(".jsonl") else 1
        elif kind == "parquet":
            try:
                import pyarrow.parquet as pq

                total += pq.ParquetFile(name).metadata.num_rows
            except Exception:
                pass
        elif kind == "jsonl" and not name.lower().endswith(".gz"):
            total += _lines(name)
        elif kind == "text":
            total += 1
        else:
            return None
    return total


class _Corpus:
    """The ``--db`` store, opened once per run; ``add`` is idempotent (deduplicated by text hash)."""

    def __init__(self, target: str) -> None:
        from according.store import open_store

        self.store = open_store(target)
        self.added = 0

    def add(self, docs: list[dict[str, Any]]) -> None:
        for d in docs:
            if self.store.add_document(Document.from_dict(d)) is not None:
                self.added += 1

    def settle(self) -> None:
        """Settle speaker links across the new articles (``Store.relink_speakers``)."""
        if self.added:
            self.store.relink_speakers()


def run_batch(inputs: list[str], options: BatchOptions) -> BatchResult:
    """Extract every article of ``inputs`` into ``options.out``; finished ids are skipped.

    Never stops for a bad article: failures go to ``OUT/failures.jsonl`` with reasons.
    """
    settings = options.settings
    result = BatchResult()
    start = time.perf_counter()
    config = {"mode": settings.mode, "model_path": settings.model_path, "schema": SCHEMA_VERSION,
              "min_confidence": settings.min_confidence}
    corpus = _Corpus(options.db) if options.db else None
    with Ledger(options.out, options.format, config) as ledger, (corpus.store if corpus else nullcontext()):
        # ids read in this run (duplicates are failures); ids finished before are in ledger.done
        seen: set[str] = set()
        part = Part()
        last_commit = time.monotonic()
        total = count_articles(inputs) if options.progress else None
        bar_cm, bar = _progress(options.progress, total)

        def todo() -> Iterator[Article]:
            for item in iter_articles(inputs, settings, text_column=options.text_column,
                                      input_format=options.input_format,
                                      check_language=options.check_language):
                if isinstance(item, InputError):
                    part.failures.append(Failure(item.where, item.message))
                    result.failed += 1
                    _advance(bar, result)
                    continue
                if item.id in seen:
                    part.failures.append(Failure(item.origin or item.id,
                                                 f"duplicate id {item.id!r} (already read in this run)"))
                    result.failed += 1
                    _advance(bar, result)
                    continue
                if item.id in ledger.done:
                    result.skipped += 1
                    _advance(bar, result)
                    continue
                seen.add(item.id)
                yield item

        def commit() -> None:
            nonlocal part, last_commit
            if corpus is not None:
                corpus.add(part.docs)
            ledger.commit(part)
            part = Part()
            last_commit = time.monotonic()

        with bar_cm:
            try:
                for outcome in run_articles(todo(), settings, jobs=options.jobs):
                    if outcome.doc is not None:
                        part.docs.append(outcome.doc)
                        result.done += 1
                    else:
                        a = outcome.article
                        part.failures.append(Failure(a.origin or a.id, outcome.error or "failed", a.id))
                        result.failed += 1
                    _advance(bar, result, time.perf_counter() - start)
                    if len(part.docs) >= options.part_size or (
                            time.monotonic() - last_commit >= options.commit_seconds):
                        commit()
            except KeyboardInterrupt:
                commit()  # keep what is finished: the rerun starts after it
                raise
            commit()
        if corpus is not None:
            corpus.settle()
        result.failures_path = options.out / "failures.jsonl" if ledger.pending_failures() else None
    result.seconds = time.perf_counter() - start
    return result


def _advance(bar: Any, result: BatchResult, elapsed: float | None = None) -> None:
    if bar is None:
        return
    progress, task = bar
    fields: dict[str, Any] = {"failed": result.failed}
    if elapsed:
        fields["rate"] = f"{result.done / elapsed:.1f}"
    progress.update(task, completed=result.done + result.skipped + result.failed, **fields)
