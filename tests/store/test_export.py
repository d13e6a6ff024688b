"""Export: jsonl in the core schema, parquet one file per table, nothing half-written."""

from __future__ import annotations

import json

import pytest

from according.errors import StoreError
from according.schema import Document
from according.store.export import export
from according.store.tables import TABLES


@pytest.fixture
def filled(store, make_doc):
    docs = [make_doc("e1", [("Jane Roe", "taxes will rise")], outlet="AP", published="2020-01-02",
                     url="https://example.org/e1", figures=[("3", 3.0, "people", "died", "Jane Roe")]),
            make_doc("e2", [("John Doe", "they will not"), ("Jane Roe", "ünïcode “quotes”")])]
    for d in docs:
        store.add_document(d)
    return store, docs


def test_jsonl_is_one_core_schema_document_per_line(filled, tmp_path):
    store, docs = filled
    out = tmp_path / "corpus.jsonl"
    assert export(store, "jsonl", out) == {"documents": 2}
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [d.to_dict() for d in docs]
    assert Document.from_dict(json.loads(lines[1])).attributions[1].content.text == "ünïcode “quotes”"


def test_parquet_writes_one_file_per_table(filled, tmp_path):
    import pyarrow.parquet as pq

    store, _ = filled
    out = tmp_path / "parquet"
    counts = export(store, "parquet", out)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t.name}.parquet" for t in TABLES)
    assert counts["documents"] == 2 and counts["attributions"] == 3 and counts["figures"] == 1
    atts = pq.read_table(out / "attributions.parquet").to_pylist()
    assert {a["content_text"] for a in atts} == {"taxes will rise", "they will not", "ünïcode “quotes”"}
    assert json.loads(atts[0]["content_spans"]) == [[atts[0]["content_start"], atts[0]["content_end"]]]
    docs = pq.read_table(out / "documents.parquet")
    assert docs.num_rows == 2 and str(docs.schema.field("published_at").type) == "timestamp[us]"
    export(store, "parquet", out)  # replacing an earlier export works


def test_bad_destinations_leave_nothing(filled, tmp_path):
    store, _ = filled
    dest = tmp_path / "dest"
    dest.mkdir()
    with pytest.raises(StoreError, match="does not exist"):
        export(store, "jsonl", dest / "nope" / "x.jsonl")
    (dest / "file").write_text("keep", encoding="utf-8")
    with pytest.raises(StoreError, match="not a directory"):
        export(store, "parquet", dest / "file")
    with pytest.raises(StoreError, match="unknown export format"):
        export(store, "xml", dest / "x.xml")
    assert sorted(p.name for p in dest.iterdir()) == ["file"]
    assert (dest / "file").read_text(encoding="utf-8") == "keep"
