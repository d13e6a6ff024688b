"""Ingest: read articles → skip those already stored → extract → store, one transaction each.

Killing an ingest at any moment loses at most the article being written (never half of it);
running it again skips what is stored and carries on.  Cross-article speaker links are
settled once at the end (``Store.relink_speakers``), which is idempotent too.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from according.config import DEFAULT_SETTINGS, Settings
from according.errors import InputError
from according.readers.article import Article
from according.schema import Document, text_sha256
from according.store.store import Store

#: Articles read ahead to know the total (for the progress bar's ETA) before starting.
LOOKAHEAD = 5000


@dataclass
class IngestReport:
    """What an ingest did; ``errors`` holds one line per failed input."""

    ingested: int = 0
    skipped: int = 0
    failed: int = 0
    attributions: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Articles ingested per second."""
        return self.ingested / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        return (f"ingested {self.ingested}, skipped {self.skipped} as duplicates, "
                f"failed {self.failed} ({self.attributions} attributions, "
                f"{self.rate:.1f} articles/s)")


def expand_inputs(inputs: Iterable[str]) -> Iterator[str]:
    """Inputs with each directory replaced by the article files under it (sorted)."""
    from according.readers.inputs import FORMAT_BY_SUFFIX

    for name in inputs:
        path = Path(name)
        if name != "-" and path.is_dir():
            files = sorted(str(p) for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in FORMAT_BY_SUFFIX)
            yield from files or [name]  # an empty directory: let the reader say so
        else:
            yield name


def read_articles(inputs: Iterable[str], settings: Settings = DEFAULT_SETTINGS,
                  input_format: str | None = None) -> Iterator[Article | InputError]:
    """Articles (or one ``InputError`` per bad input) from files, directories or ``-``."""
    from according.readers import read_inputs

    yield from read_inputs(list(expand_inputs(inputs)), settings, input_format=input_format)


class _Fatal(Exception):
    """The extractor cannot run at all (its cause says why): stop, do not retry per article."""


#: ``according.extract_many``-like: (dicts with id/text/meta, n_process=, settings=) → Documents.
ExtractMany = Callable[..., Iterator[Document]]


def _extract(articles: Iterator[Article], settings: Settings, n_process: int, many: ExtractMany
             ) -> Iterator[tuple[Article, Document | None, str | None]]:
    """(article, document, None) in order; (article, None, error) for an article that breaks
    the extractor, found by retrying the failing batch one article at a time."""
    pending: deque[Article] = deque()

    def feed() -> Iterator[dict[str, Any]]:
        for art in articles:
            pending.append(art)
            yield {**art.meta, "id": art.id, "text": art.text}

    while True:
        try:
            for doc in many(feed(), n_process=n_process, settings=settings):
                yield pending.popleft(), doc, None
            return
        except _Fatal as fatal:
            raise fatal.__cause__ from None
        except Exception:  # noqa: BLE001 — isolate the article(s) at fault, go on with the rest
            while pending:
                art = pending.popleft()
                try:
                    one = {**art.meta, "id": art.id, "text": art.text}
                    yield art, next(iter(many([one], n_process=1, settings=settings))), None
                except Exception as exc:  # noqa: BLE001
                    yield art, None, f"extraction failed: {type(exc).__name__}: {exc}"


def ingest(store: Store, inputs: Iterable[str], settings: Settings = DEFAULT_SETTINGS, *,
           n_process: int = 1, input_format: str | None = None,
           on_error: Callable[[str], None] | None = None, progress: bool = False,
           extract_many: ExtractMany | None = None) -> IngestReport:
    """Ingest ``inputs`` into ``store``; errors go to ``on_error`` (one line each) and on.

    ``extract_many`` replaces ``according.extract_many`` (another extractor, tests)."""
    report = IngestReport()
    started = time.perf_counter()
    # A mode or model that cannot load fails once, before the first article needs it (not
    # once per article); a re-run that only skips duplicates never loads it.
    preload = extract_many is None and n_process in (0, 1)
    if extract_many is None:
        import according

        extract_many = according.extract_many
    seen: set[str] = set()

    def fail(line: str) -> None:
        report.failed += 1
        report.errors.append(line)
        if on_error:
            on_error(line)

    source = read_articles(inputs, settings, input_format)
    ahead: list[Article | InputError] = []
    for item in source:
        ahead.append(item)
        if len(ahead) >= LOOKAHEAD:
            break
    total = None if len(ahead) >= LOOKAHEAD else sum(isinstance(i, Article) for i in ahead)

    bar = _Progress(total) if progress else None

    def fresh() -> Iterator[Article]:
        for item in _chain(ahead, source):
            if isinstance(item, InputError):
                fail(str(item))
                continue
            sha, url = text_sha256(item.text), item.meta.get("url") or None
            if sha in seen or (url and url in seen) or store.contains(sha, url):
                report.skipped += 1
                if bar:
                    bar.advance()
                continue
            seen.update(k for k in (sha, url) if k)
            if preload:
                from according.extraction.pipeline import get_pipeline

                try:
                    get_pipeline(settings)
                except Exception as exc:
                    raise _Fatal() from exc
            yield item

    try:
        for art, doc, error in _extract(fresh(), settings, n_process, extract_many):
            if doc is None:
                fail(f"{art.origin or art.id}: {error}")
            elif store.add_document(doc) is None:
                report.skipped += 1
            else:
                report.ingested += 1
                report.attributions += len(doc.attributions)
            if bar:
                bar.advance()
        if report.ingested:
            store.relink_speakers()
    finally:
        report.seconds = time.perf_counter() - started
        if bar:
            bar.stop()
    return report


def _chain(first: list[Any], rest: Iterator[Any]) -> Iterator[Any]:
    yield from first
    first.clear()  # let the read-ahead go once consumed
    yield from rest


class _Progress:
    """A rich progress bar on stderr: done/total, articles/s and time left."""

    def __init__(self, total: int | None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            SpinnerColumn(), TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
            TaskProgressColumn(), TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True)
        self.task = self.progress.add_task("ingest", total=total, rate="")
        self.started = time.perf_counter()
        self.done = 0
        self.progress.start()

    def advance(self) -> None:
        self.done += 1
        elapsed = time.perf_counter() - self.started
        rate = f"{self.done / elapsed:.1f} articles/s" if elapsed > 0 else ""
        self.progress.update(self.task, advance=1, rate=rate)

    def stop(self) -> None:
        self.progress.stop()

