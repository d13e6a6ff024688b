"""``according batch``: tables, JSONL, failures side file, resuming, and a SIGKILL halfway."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

import according
from according.batch import BatchOptions, flatten, run_batch
from according.batch.ledger import BatchError
from according.cli.main import cli
from according.config import DEFAULT_SETTINGS
from according.extraction.pipeline import Pipeline
from tests.batch.batch_articles import MODE, article_text, write_folder, write_jsonl

SETTINGS = DEFAULT_SETTINGS.with_(mode=MODE)


def _options(out: Path, **kw) -> BatchOptions:
    return BatchOptions(out=out, jobs=kw.pop("jobs", 1), settings=SETTINGS, **kw)


def table(out: Path, name: str) -> list[dict]:
    return ds.dataset(out / name, format="parquet", partitioning="hive").to_table().to_pylist()


def rows_of(out: Path, name: str) -> Counter:
    """A table's rows as an order-insensitive multiset."""
    return Counter(json.dumps(r, sort_keys=True) for r in table(out, name))


def test_parquet_tables_hold_every_item_of_every_document(tmp_path, folder):
    root, ids = folder
    result = run_batch([str(root)], _options(tmp_path / "out"))
    assert (result.done, result.failed, result.skipped) == (len(ids), 0, 0)
    docs = [d.to_dict() for d in according.extract_many(
        [(a, {"id": i}) for a, i in ((article_text(n), ids[n]) for n in range(len(ids)))], settings=SETTINGS)]
    for name in ("articles", "attributions", "entities", "figures"):
        expected = Counter(json.dumps({**r, "month": "unknown"}, sort_keys=True)
                           for d in docs for r in flatten(d)[name])
        assert rows_of(tmp_path / "out", name) == expected, name
    assert sum(len(d["attributions"]) for d in docs) > 0


def test_tables_are_partitioned_by_month(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", 4)
    run_batch([str(tmp_path / "a.jsonl")], _options(tmp_path / "out"))
    months = sorted(p.name for p in (tmp_path / "out" / "articles").iterdir())
    assert months == ["month=2024-01", "month=2024-02", "month=2024-03"]
    assert {r["doc_id"]: r["month"] for r in table(tmp_path / "out", "articles")}["j1"] == "2024-02"


def test_jsonl_output_equals_according_extract(tmp_path):
    root = tmp_path / "in"
    write_folder(root, 5, nested=False)
    runner = CliRunner()
    res = runner.invoke(cli, ["batch", str(root), "--out", str(tmp_path / "out"), "--format", "jsonl",
                              "-j", "1", "--mode", MODE, "-q"])
    assert res.exit_code == 0, res.output
    batch_lines = [json.loads(line) for p in sorted((tmp_path / "out" / "articles").glob("*.jsonl"))
                   for line in p.read_text(encoding="utf-8").splitlines()]
    res = runner.invoke(cli, ["extract", *sorted(str(p) for p in root.glob("*.txt")), "--mode", MODE])
    assert res.exit_code == 0, res.output
    extract_lines = [json.loads(line) for line in res.stdout.splitlines()]
    key = lambda d: d["id"]  # noqa: E731
    assert sorted(batch_lines, key=key) == sorted(extract_lines, key=key)
    assert len(batch_lines) == 5


def test_failures_side_file_lists_reasons_and_the_batch_goes_on(tmp_path, monkeypatch):
    root = tmp_path / "in"
    write_folder(root, 4, nested=False)
    (root / "binary.txt").write_bytes(b"%PDF-1.7 \x00\x01")
    german = ("Der Bürgermeister sagte am Montag, dass die neue Brücke im Winter fertig sein wird "
              "und dass niemand mehr dafür bezahlen muss. Die Stadt hat noch keine Zahlen, aber sie "
              "will bald mit der Arbeit beginnen und die Kosten sollen nicht steigen, sagte er den "
              "Journalisten in der Stadt.")
    (root / "german.txt").write_text(german, encoding="utf-8")
    (root / "explode.txt").write_text(article_text(9).replace("Monday", "Monday EXPLODE"), encoding="utf-8")
    real = Pipeline.process_docs

    def process_docs(self, docs, metas):
        if any("EXPLODE" in d.text for d in docs):
            raise RuntimeError("extractor broke\non two lines")
        return real(self, docs, metas)

    monkeypatch.setattr(Pipeline, "process_docs", process_docs)
    res = CliRunner().invoke(cli, ["batch", str(root), "--out", str(tmp_path / "out"), "-j", "1",
                                   "--mode", MODE, "--part-size", "2"])
    assert res.exit_code == 1
    assert "4 extracted" in res.stderr and "3 failed" in res.stderr and "failures.jsonl" in res.stderr
    failures = [json.loads(line) for line in (tmp_path / "out" / "failures.jsonl").read_text().splitlines()]
    by_file = {Path(f["where"]).name: f for f in failures}
    assert set(by_file) == {"binary.txt", "german.txt", "explode.txt"}
    assert "binary" in by_file["binary.txt"]["error"]
    assert "English" in by_file["german.txt"]["error"] or "language" in by_file["german.txt"]["error"]
    assert by_file["explode.txt"] == {"id": "explode", "where": str(root / "explode.txt"),
                                      "error": "RuntimeError: extractor broke on two lines"}
    done = sorted(r["doc_id"] for r in table(tmp_path / "out", "articles"))
    assert done == [f"story{i:03d}" for i in range(4)]
    # fixed and re-run: the failed article is retried and leaves the side file
    monkeypatch.setattr(Pipeline, "process_docs", real)
    result = run_batch([str(root)], _options(tmp_path / "out", check_language=True))
    assert (result.done, result.skipped, result.failed) == (1, 4, 2)
    names = {Path(json.loads(line)["where"]).name for line in (tmp_path / "out" / "failures.jsonl").open()}
    assert names == {"binary.txt", "german.txt"}


def test_rerun_skips_finished_articles_and_adds_new_ones(tmp_path, folder):
    root, ids = folder
    out = tmp_path / "out"
    first = run_batch([str(root)], _options(out, part_size=3))
    again = run_batch([str(root)], _options(out, part_size=3))
    assert (first.done, again.done, again.skipped) == (len(ids), 0, len(ids))
    (root / "late.txt").write_text(article_text(20), encoding="utf-8")
    third = run_batch([str(root)], _options(out, part_size=3))
    assert (third.done, third.skipped) == (1, len(ids))
    doc_ids = [r["doc_id"] for r in table(out, "articles")]
    assert sorted(doc_ids) == sorted([*ids, "late"])


def test_duplicate_ids_are_failures_not_duplicate_rows(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", 2)
    write_jsonl(tmp_path / "b.jsonl", 3)  # j0, j1 again, and j2
    result = run_batch([str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")], _options(tmp_path / "out"))
    assert (result.done, result.failed) == (3, 2)
    assert sorted(r["doc_id"] for r in table(tmp_path / "out", "articles")) == ["j0", "j1", "j2"]
    failures = (tmp_path / "out" / "failures.jsonl").read_text()
    assert "duplicate id 'j0'" in failures and "b.jsonl:1" in failures


def test_other_settings_in_the_same_out_dir_is_refused(tmp_path, folder):
    root, _ = folder
    run_batch([str(root)], _options(tmp_path / "out"))
    with pytest.raises(BatchError, match="different settings.*format='parquet'"):
        run_batch([str(root)], _options(tmp_path / "out", format="jsonl"))


def test_store_ingest_with_db(tmp_path, folder):
    store_mod = pytest.importorskip("according.store")
    if not hasattr(store_mod, "open_store"):
        pytest.skip("according.store.open_store not available yet")
    root, ids = folder
    db = tmp_path / "corpus.db"
    run_batch([str(root)], _options(tmp_path / "out", db=str(db), part_size=3))
    store = store_mod.open_store(str(db))
    assert store.stats()["documents"] == len(ids)


def _committed(out: Path) -> int:
    return len(list((out / "_ledger").glob("part-*.json"))) if (out / "_ledger").is_dir() else 0


def test_sigkill_halfway_then_rerun_is_complete_without_duplicates(tmp_path):
    """Kill the whole batch (parent and workers) after two committed parts; the rerun completes it."""
    root = tmp_path / "in"
    ids = write_folder(root, 16)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "according.cli.main", "batch", str(root), "--out", str(out),
           "-j", "2", "--part-size", "2", "--mode", MODE, "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 300
    while _committed(out) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    _, err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL, err.decode()
    killed_at = _committed(out)
    assert 2 <= killed_at < 8, "the run was not killed halfway"
    result = run_batch([str(root)], _options(out, part_size=2))
    assert result.skipped == 2 * killed_at and result.done == len(ids) - result.skipped
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    doc_ids = [r["doc_id"] for r in table(out, "articles")]
    assert sorted(doc_ids) == sorted(ids)
    for name in ("attributions", "entities", "figures"):
        keys = [(r["doc_id"], r["id"]) for r in table(out, name)]
        assert len(keys) == len(set(keys)), name
    # identical to an uninterrupted single-process run
    run_batch([str(root)], _options(tmp_path / "ref"))
    for name in ("articles", "attributions", "entities", "figures"):
        assert rows_of(out, name) == rows_of(tmp_path / "ref", name), name


def test_progress_total_counts_files_lines_and_rows(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from according.batch.run import count_articles

    write_folder(tmp_path / "in", 2, nested=False)
    write_jsonl(tmp_path / "in" / "more.jsonl", 3)
    pq.write_table(pa.table({"text": ["a", "b"]}), tmp_path / "x.parquet")
    assert count_articles([str(tmp_path / "in"), str(tmp_path / "x.parquet")]) == 7
    assert count_articles([str(tmp_path / "in"), "CC-NEWS.warc.gz"]) is None
