"""Export a corpus: ``jsonl`` (one Document per line, core schema) or ``parquet``.

Parquet goes to a directory holding one file per table (``documents.parquet``,
``attributions.parquet``, ``entities.parquet``, ``entity_aliases.parquet``,
``speakers.parquet``, ``figures.parquet``, ``speaker_corrections.parquet``) with the store's
columns; JSON columns (mentions, content spans, aliases) are JSON strings.  Output is written
beside the target and renamed into place at the end: an interrupted export leaves nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, Integer, String, Table, Text, select
from sqlalchemy.exc import SQLAlchemyError

from according.errors import StoreError
from according.store.errors import describe
from according.store.store import Store
from according.store.tables import TABLES

FORMATS = ("jsonl", "parquet")
#: Rows per Parquet row group / fetch.
CHUNK = 50_000


def export(store: Store, fmt: str, out: str | os.PathLike[str]) -> dict[str, int]:
    """Write the corpus to ``out``; rows written per table (jsonl: ``{"documents": n}``)."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    out = Path(out)
    if not out.parent.is_dir():
        raise StoreError(f"{out}: directory {out.parent} does not exist")
    if fmt == "parquet" and out.exists() and not out.is_dir():
        raise StoreError(f"{out}: exists and is not a directory (parquet export writes one)")
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        if fmt == "jsonl":
            target = tmp / out.name
            counts = _jsonl(store, target)
            os.replace(target, out)
        else:
            counts = _parquet(store, tmp / "out")
            if out.exists():
                shutil.rmtree(out)
            os.replace(tmp / "out", out)
    except OSError as exc:
        raise StoreError(f"{out}: cannot write: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return counts


def _jsonl(store: Store, path: Path) -> dict[str, int]:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for doc in store.iter_documents():
            fh.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return {"documents": n}


def _arrow_type(column: Any) -> Any:
    import pyarrow as pa

    t = column.type
    if isinstance(t, JSON):
        return pa.string()
    if isinstance(t, Boolean):
        return pa.bool_()
    if isinstance(t, Integer):
        return pa.int64()
    if isinstance(t, Float):
        return pa.float64()
    if isinstance(t, DateTime):
        return pa.timestamp("us")
    if isinstance(t, String | Text):
        return pa.string()
    return pa.string()


def _parquet(store: Store, directory: Path) -> dict[str, int]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    directory.mkdir()
    counts: dict[str, int] = {}
    for table in TABLES:
        schema = pa.schema([(c.name, _arrow_type(c)) for c in table.columns])
        json_cols = [c.name for c in table.columns if isinstance(c.type, JSON)]
        n = 0
        with pq.ParquetWriter(directory / f"{table.name}.parquet", schema) as writer:
            for rows in _chunks(store, table):
                for r in rows:
                    for c in json_cols:
                        r[c] = json.dumps(r[c], ensure_ascii=False) if r[c] is not None else None
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                n += len(rows)
        counts[table.name] = n
    return counts


def _chunks(store: Store, table: Table) -> Any:
    try:
        with store.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=CHUNK).execute(
                select(table).order_by(*table.primary_key.columns))
            for part in result.mappings().partitions(CHUNK):
                yield [dict(r) for r in part]
    except SQLAlchemyError as exc:
        raise StoreError(f"{store.display}: {describe(exc)}") from None
