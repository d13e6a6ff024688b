"""The core schema flattened into four tables: articles, attributions, entities, figures.

One row per item, each carrying its document's id (``doc_id``). Both ``according batch``
(pyarrow) and the Spark job write these tables from the same column list, so their outputs
compare row for row. Tables are partitioned by ``month`` (the ``published`` year-month, or
``unknown``), written Hive-style as ``TABLE/month=YYYY-MM/part-*.parquet``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

from according.schema import legacy_kind

#: Partition value when an article has no (parsable) publication date.
UNKNOWN_MONTH = "unknown"
#: The partition column (a directory level, not stored inside the files).
PARTITION = "month"

_MONTH = re.compile(r"^(\d{4})-(\d{2})")

#: Column types, named neutrally so pyarrow and Spark schemas derive from one list.
#: "str", "int", "float", "pairs" (list of [start, end] integer pairs).
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("doc_id", "str"), ("schema", "int"), ("text_sha256", "str"), ("title", "str"),
        ("url", "str"), ("published", "str"), ("outlet", "str"), ("text", "str"),
        ("n_attributions", "int"), ("n_entities", "int"), ("n_figures", "int"),
    ],
    "attributions": [
        ("doc_id", "str"), ("id", "str"), ("type", "str"),
        ("source_start", "int"), ("source_end", "int"), ("source_text", "str"),
        ("cue_start", "int"), ("cue_end", "int"), ("cue_text", "str"),
        ("content_start", "int"), ("content_end", "int"), ("content_text", "str"),
        ("content_spans", "pairs"), ("speaker", "str"), ("confidence", "float"), ("parent", "str"),
    ],
    "entities": [
        ("doc_id", "str"), ("id", "str"), ("name", "str"), ("type", "str"), ("kind", "str"),
        ("mentions", "pairs"),
    ],
    "figures": [
        ("doc_id", "str"), ("id", "str"), ("start", "int"), ("end", "int"), ("text", "str"),
        ("value", "float"), ("low", "float"), ("high", "float"), ("qualifier", "str"),
        ("counted", "str"), ("predicate", "str"), ("attribution", "str"), ("source_entity", "str"),
        ("agent", "str"), ("place", "str"), ("period", "str"),
    ],
}
TABLES = tuple(COLUMNS)



def arrow_schema(table: str) -> pa.Schema:
    """The pyarrow schema of ``table`` (without the partition column).

    pyarrow is imported here, not with the module: the CLI reads the column lists at start-up."""
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(),
             "pairs": pa.list_(pa.list_(pa.int64()))}
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS[table]])


def month_of(published: Any) -> str:
    """The ``YYYY-MM`` partition of a publication date (ISO string), else ``unknown``."""
    if published is None:
        return UNKNOWN_MONTH
    m = _MONTH.match(str(published).strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        return UNKNOWN_MONTH
    return f"{m.group(1)}-{m.group(2)}"


def _span(prefix: str, span: dict[str, Any] | None) -> dict[str, Any]:
    if not span:
        return {f"{prefix}_start": None, f"{prefix}_end": None, f"{prefix}_text": None}
    return {f"{prefix}_start": span["start"], f"{prefix}_end": span["end"], f"{prefix}_text": span["text"]}


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def flatten(doc: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Rows of every table for one document given as ``Document.to_dict()``."""
    doc_id = str(doc["id"])
    article = {
        "doc_id": doc_id, "schema": doc["schema"], "text_sha256": doc["text_sha256"],
        "title": doc.get("title"), "url": doc.get("url"),
        "published": None if doc.get("published") is None else str(doc["published"]),
        "outlet": doc.get("outlet"), "text": doc["text"],
        "n_attributions": len(doc["attributions"]), "n_entities": len(doc["entities"]),
        "n_figures": len(doc["figures"]),
    }
    attributions = []
    for a in doc["attributions"]:
        row = {"doc_id": doc_id, "id": a["id"], "type": a["type"]}
        row.update(_span("source", a.get("source")))
        row.update(_span("cue", a.get("cue")))
        row.update(_span("content", a["content"]))
        spans = a["content"].get("spans") or [[a["content"]["start"], a["content"]["end"]]]
        row.update(content_spans=[[int(s), int(e)] for s, e in spans], speaker=a.get("speaker"),
                   confidence=_float(a.get("confidence")), parent=a.get("parent"))
        attributions.append(row)
    entities = [{"doc_id": doc_id, "id": e["id"], "name": e["name"], "type": e["type"],
                 "kind": e.get("kind") or legacy_kind(e["type"]),
                 "mentions": [[int(s), int(t)] for s, t in e.get("mentions", [])]}
                for e in doc["entities"]]
    figures = []
    for f in doc["figures"]:
        row = {"doc_id": doc_id, **{name: f.get(name) for name, _ in COLUMNS["figures"][1:]}}
        for key in ("value", "low", "high"):
            row[key] = _float(row[key])
        figures.append(row)
    return {"articles": [article], "attributions": attributions, "entities": entities, "figures": figures}


def to_arrow(table: str, rows: Iterable[dict[str, Any]]) -> pa.Table:
    """A pyarrow table of ``rows`` with ``table``'s schema (missing keys become null)."""
    import pyarrow as pa

    schema = arrow_schema(table)
    rows = list(rows)
    return pa.table({name: [r.get(name) for r in rows] for name in schema.names}, schema=schema)
