"""The core schema flattened into the four batch tables."""

from __future__ import annotations

import pytest

from according.batch.tables import COLUMNS, TABLES, arrow_schema, flatten, month_of, to_arrow
from according.schema import Attribution, Document, Entity, Figure, Span

TEXT = 'The mayor said "we will build 3 bridges" on Monday. According to the police, 12 people left.'


def _doc() -> Document:
    content = Span.from_pieces(TEXT, [(16, 40)])
    return Document(
        id="d1", text=TEXT, meta={"title": "T", "published": "2024-02-29T10:00:00Z"},
        attributions=[
            Attribution("a1", "direct", Span(0, 9, "The mayor"), Span(10, 14, "said"), content, "e1", 0.9),
            Attribution("a2", "according_to", Span(56, 72, "According to the police"[13:]), None,
                        Span.from_pieces(TEXT, [(74, 84), (85, 95)]), None),
        ],
        entities=[Entity("e1", "mayor", "PERSON", [(0, 9)])],
        figures=[Figure("f1", 30, 31, "3", 3.0, None, None, "exact", "bridges", "build", "a1", "e1")],
    )


def test_flatten_gives_one_row_per_item_with_the_document_id():
    rows = flatten(_doc().to_dict())
    counts = {t: len(r) for t, r in rows.items()}
    assert counts == {"articles": 1, "attributions": 2, "entities": 1, "figures": 1}
    assert all(r["doc_id"] == "d1" for table in rows.values() for r in table)
    article = rows["articles"][0]
    assert (article["title"], article["n_attributions"], article["url"]) == ("T", 2, None)
    a1, a2 = rows["attributions"]
    assert (a1["source_text"], a1["cue_text"], a1["speaker"], a1["content_spans"]) == \
        ("The mayor", "said", "e1", [[16, 40]])
    assert (a2["cue_start"], a2["cue_text"], a2["content_spans"]) == (None, None, [[74, 84], [85, 95]])
    assert rows["figures"][0]["value"] == 3.0 and rows["entities"][0]["mentions"] == [[0, 9]]


@pytest.mark.parametrize("table", TABLES)
def test_rows_fit_the_arrow_schema(table):
    rows = flatten(_doc().to_dict())[table]
    arrow = to_arrow(table, rows)
    assert arrow.schema == arrow_schema(table) and arrow.num_rows == len(rows)
    assert arrow.column_names == [name for name, _ in COLUMNS[table]]


@pytest.mark.parametrize(("published", "month"), [
    ("2024-02-29T10:00:00Z", "2024-02"), ("2016-09-08", "2016-09"), ("2016-13-01", "unknown"),
    ("September 2016", "unknown"), (None, "unknown"), ("", "unknown"),
])
def test_month_partition(published, month):
    assert month_of(published) == month
