"""The Spark job's executor side, without Spark: ids, partitions, one model load per process."""

from __future__ import annotations

import json

import pytest

from according.config import DEFAULT_SETTINGS
from according.extraction import parallel as workers
from according.extraction import pipeline as pipeline_mod
from according.readers.article import Article
from according.spark import job
from according.spark.job import detect_kind, extract_partition, file_id, table_rows
from tests.batch.batch_articles import MODE, article_text

SETTINGS = DEFAULT_SETTINGS.with_(mode=MODE)


@pytest.mark.parametrize(("path", "root", "expected"), [
    ("file:/data/in/sub/story.txt", "/data/in", "sub/story"),
    ("file:///data/in/story.html", "file:///data/in/", "story"),
    ("s3a://bucket/news/2024/a.txt", "s3a://bucket/news", "2024/a"),
    ("file:/data/in/story.txt", "/data/in/story.txt", "story"),
])
def test_file_ids_match_the_batch_folder_ids(path, root, expected):
    assert file_id(path, root) == expected


def test_kind_detection():
    assert detect_kind("s3a://b/cc-news/CC-NEWS-2024.warc.gz") == "warc"
    assert detect_kind("gs://b/warcs/") == "warc"
    assert detect_kind("hdfs:///x/part.jsonl.gz") == "jsonl"
    assert detect_kind("/data/texts/") == "text"


def test_partitions_load_the_model_once_per_process(monkeypatch):
    loads = []

    class Counting(pipeline_mod.Pipeline):
        def __init__(self, settings):
            loads.append(settings)
            super().__init__(settings)

    monkeypatch.setattr(pipeline_mod, "Pipeline", Counting)
    monkeypatch.setattr(pipeline_mod, "_PIPELINES", {})
    # the executor set-up, minus its process-wide thread settings (this is the test process)
    monkeypatch.setattr(workers, "worker_init", workers.load_pipeline)
    monkeypatch.setattr(job, "_EXECUTOR_READY", set())
    out = []
    for part in range(3):  # three tasks on one executor Python worker
        rows = [("article", Article(f"p{part}-{i}", article_text(i), {"published": "2024-05-01"}, "x"))
                for i in range(2)]
        out += list(extract_partition(iter([*rows, ("error", "bad.txt", "empty file")]), SETTINGS))
    assert len(loads) == 1
    docs = [json.loads(r[1]) for r in out if r[0] == "doc"]
    assert sorted(d["id"] for d in docs) == sorted(f"p{p}-{i}" for p in range(3) for i in range(2))
    assert [r for r in out if r[0] == "fail"] == [("fail", None, "bad.txt", "empty file")] * 3
    rows = list(table_rows(("doc", json.dumps(docs[0])), "articles"))
    assert len(rows) == 1 and rows[0][0] == docs[0]["id"] and rows[0][-1] == "2024-05"
