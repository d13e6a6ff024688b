"""Exactly-once output for resumable batches: committed part files plus a ledger of manifests.

A batch writes its output in *parts*. A part's data files (one per table and month, or one
JSONL file) are written to temporary names and renamed into place; then the part's manifest
— the ids it holds, the failures it saw, the files it wrote — is written atomically to
``DIR/_ledger/``. The manifest's rename is the commit point: on the next run every data file
whose part has no manifest (a run killed mid-part) is deleted, and the ids of committed parts
are skipped. A SIGKILL at any moment therefore loses at most the part in progress, and the
rerun's output has every article exactly once.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from according.batch.tables import PARTITION, TABLES, flatten, month_of, to_arrow
from according.errors import AccordingError

LEDGER_DIR = "_ledger"
RUN_FILE = "_batch.json"
LOCK_FILE = "_lock"
FAILURES_FILE = "failures.jsonl"
FORMATS = ("parquet", "jsonl")


class BatchError(AccordingError):
    """An output directory that cannot be used for this batch (shown as one line)."""


def _fsync_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: temp file, fsync, rename."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


@dataclass
class Failure:
    """An article (or input) that produced no output, and why."""

    where: str
    error: str
    id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "where": self.where, "error": self.error}


@dataclass
class Part:
    """The articles and failures gathered since the last commit."""

    docs: list[dict[str, Any]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.docs) + len(self.failures)


class Ledger:
    """An output directory: finished ids, committed parts, failures; one writer at a time."""

    def __init__(self, out: Path, fmt: str, run_config: dict[str, Any]) -> None:
        if fmt not in FORMATS:
            raise BatchError(f"unknown output format {fmt!r} (known: {', '.join(FORMATS)})")
        self.out = Path(out)
        self.format = fmt
        self.done: set[str] = set()
        self.failures: dict[str, Failure] = {}
        self._parts: set[str] = set()
        self._run = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{uuid.uuid4().hex[:8]}"
        self._seq = 0
        try:
            (self.out / LEDGER_DIR).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BatchError(f"{out}: cannot create output directory ({exc.strerror})") from None
        self._lock = open(self.out / LOCK_FILE, "w")  # noqa: SIM115  (held for the run)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            raise BatchError(f"{out}: in use by another 'according batch' run") from None
        self._check_config({"format": fmt, **run_config})
        self._load()
        self._sweep()

    # -- opening -------------------------------------------------------------------------
    def _check_config(self, config: dict[str, Any]) -> None:
        path = self.out / RUN_FILE
        if path.exists():
            try:
                old = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                old = None
            if old is not None and old != config:
                diff = ", ".join(f"{k}={old.get(k)!r}" for k in config if old.get(k) != config[k])
                raise BatchError(f"{self.out}: holds a batch run with different settings ({diff}); "
                                 "use another --out directory")
        _fsync_write(path, json.dumps(config, sort_keys=True).encode())

    def _manifests(self) -> Iterator[dict[str, Any]]:
        for path in sorted((self.out / LEDGER_DIR).glob("part-*.json")):
            try:
                yield json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:  # a committed manifest is never partial
                raise BatchError(f"{path}: unreadable ledger manifest ({exc})") from None

    def _load(self) -> None:
        for manifest in self._manifests():
            self._parts.add(manifest["part"])
            self.done.update(manifest["ids"])
            for f in manifest.get("failures", []):
                self.failures[f.get("id") or f["where"]] = Failure(f["where"], f["error"], f.get("id"))

    def _sweep(self) -> None:
        """Delete temporary files and data files of parts that never committed."""
        for table in TABLES:
            root = self.out / table
            if not root.is_dir():
                continue
            for path in root.rglob("*"):
                if not path.is_file():
                    continue
                part = path.name.split(".")[0]
                if path.name.endswith(".tmp") or (part.startswith("part-") and part not in self._parts):
                    path.unlink()
        for path in (self.out / LEDGER_DIR).glob("*.tmp"):
            path.unlink()

    # -- writing -------------------------------------------------------------------------
    def commit(self, part: Part) -> None:
        """Write ``part``'s data files, then its manifest (the commit point)."""
        if not len(part):
            return
        self._seq += 1
        name = f"part-{self._run}-{self._seq:05d}"
        files = self._write_jsonl(name, part.docs) if self.format == "jsonl" else \
            self._write_parquet(name, part.docs)
        manifest = {"part": name, "ids": [d["id"] for d in part.docs],
                    "failures": [f.to_dict() for f in part.failures], "files": files}
        _fsync_write(self.out / LEDGER_DIR / f"{name}.json", json.dumps(manifest).encode())
        self._parts.add(name)
        self.done.update(manifest["ids"])
        for f in part.failures:
            self.failures[f.id or f.where] = f
        self._write_failures()

    def _write_jsonl(self, name: str, docs: list[dict[str, Any]]) -> list[str]:
        if not docs:
            return []
        path = self.out / "articles" / f"{name}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
        _fsync_write(path, data.encode("utf-8"))
        return [str(path.relative_to(self.out))]

    def _write_parquet(self, name: str, docs: list[dict[str, Any]]) -> list[str]:
        by_table: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for doc in docs:
            month = month_of(doc.get("published"))
            for table, rows in flatten(doc).items():
                by_table.setdefault((table, month), []).extend(rows)
        import pyarrow.parquet as pq

        files = []
        for (table, month), rows in sorted(by_table.items()):
            if not rows:
                continue
            path = self.out / table / f"{PARTITION}={month}" / f"{name}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            pq.write_table(to_arrow(table, rows), tmp, compression="zstd")
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, path)
            files.append(str(path.relative_to(self.out)))
        return files

    def _write_failures(self) -> None:
        """Rewrite ``failures.jsonl``: every failure whose article has not since succeeded."""
        lines = [json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for key, f in self.failures.items()
                 if not (f.id and f.id in self.done)]
        path = self.out / FAILURES_FILE
        if lines or path.exists():
            _fsync_write(path, "".join(lines).encode("utf-8"))

    def pending_failures(self) -> list[Failure]:
        """Failures still standing (their article not finished since)."""
        return [f for f in self.failures.values() if not (f.id and f.id in self.done)]

    def close(self) -> None:
        self._lock.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
