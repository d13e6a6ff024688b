"""The Spark job (local[2]) writes exactly what ``according batch`` writes for the same input."""

from __future__ import annotations

import gzip
import json
import shutil
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from according.batch import BatchOptions, run_batch
from according.batch.tables import TABLES
from according.config import DEFAULT_SETTINGS
from tests.batch.batch_articles import MODE, article_text, write_folder, write_jsonl

pytestmark = pytest.mark.spark

SETTINGS = DEFAULT_SETTINGS.with_(mode=MODE)
POLNEAR_DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "polnear" / "dev" / "text"


def rows_of(out: Path, name: str) -> Counter:
    """A table's rows (partition column included) as an order-insensitive multiset."""
    rows = ds.dataset(out / name, format="parquet", partitioning="hive").to_table().to_pylist()
    return Counter(json.dumps(r, sort_keys=True) for r in rows)


def jsonl_of(out: Path) -> Counter:
    return Counter(json.dumps(json.loads(line), sort_keys=True)
                   for p in (out / "articles").glob("*") if not p.name.startswith(("_", "."))
                   for line in p.read_text(encoding="utf-8").splitlines())


def run_both(spark, tmp_path: Path, input_path: Path, fmt: str = "parquet", **kw):
    from according.spark.job import JobOptions, run_on

    batch_out, spark_out = tmp_path / "batch", tmp_path / "spark"
    result = run_batch([str(input_path)], BatchOptions(out=batch_out, jobs=2, format=fmt, settings=SETTINGS,
                                                       text_column=kw.get("text_column", "text")))
    summary = run_on(spark, JobOptions(input_uri=str(input_path), output_uri=str(spark_out), format=fmt,
                                       settings=SETTINGS, partitions=4, **kw))
    return result, summary, batch_out, spark_out


def test_fifty_articles_same_tables_as_batch(spark, tmp_path):
    """50 PolNeAR dev articles when ../shared is there, else 50 generated ones (nested folders)."""
    src = tmp_path / "in"
    if POLNEAR_DEV.is_dir():
        src.mkdir()
        for path in sorted(POLNEAR_DEV.glob("*.txt"))[:50]:
            shutil.copy(path, src / path.name)
    else:
        write_folder(src, 50)
    result, summary, batch_out, spark_out = run_both(spark, tmp_path, src)
    assert result.done == summary["articles"] == 50 and summary["failed"] == result.failed == 0
    for name in TABLES:
        assert rows_of(spark_out, name) == rows_of(batch_out, name), name
    assert sum(rows_of(spark_out, "attributions").values()) > 50


def test_jsonl_gz_in_jsonl_out_with_failures(spark, tmp_path):
    write_jsonl(tmp_path / "a.jsonl", 8)
    data = (tmp_path / "a.jsonl").read_bytes() + b'{"id": "broken", "text": 5}\n'
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(data))
    result, summary, batch_out, spark_out = run_both(spark, tmp_path, tmp_path / "a.jsonl.gz", fmt="jsonl")
    assert (result.done, result.failed) == (summary["articles"], summary["failed"]) == (8, 1)
    assert jsonl_of(spark_out) == jsonl_of(batch_out)
    failures = [json.loads(line) for p in (spark_out / "failures").glob("part-*")
                for line in p.read_text().splitlines()]
    assert len(failures) == 1 and '"text" must be a string' in failures[0]["error"]


def test_parquet_with_text_column_and_warc_inputs(spark, tmp_path):
    path = tmp_path / "p" / "news.parquet"
    path.parent.mkdir()
    pq.write_table(pa.table({"body": [article_text(i) for i in range(6)],
                             "published": [f"2023-0{1 + i % 2}-01" for i in range(6)]}), path)
    result, summary, batch_out, spark_out = run_both(spark, tmp_path / "pq", path, text_column="body")
    assert result.done == summary["articles"] == 6
    for name in TABLES:
        assert rows_of(spark_out, name) == rows_of(batch_out, name), name

    from tests.batch.test_inputs import page, write_warc  # the batch tests' WARC generator

    warc = tmp_path / "w" / "CC-NEWS-1.warc.gz"
    warc.parent.mkdir()
    write_warc(warc, [("response", f"https://example.org/{i}", page(i), "text/html", "200 OK")
                      for i in range(5)])
    result, summary, batch_out, spark_out = run_both(spark, tmp_path / "warc", warc)
    assert result.done == summary["articles"] == 5
    for name in TABLES:
        assert rows_of(spark_out, name) == rows_of(batch_out, name), name
