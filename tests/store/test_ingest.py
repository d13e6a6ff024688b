"""Ingest: deduplication, per-input errors, and crash safety (SIGKILL mid-ingest, re-run)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

#: A stand-in extractor for ingest mechanics (no parsing): one attribution per "X Y said Z."
FAKE_EXTRACTOR = '''
import re, sys, time
import according
from according.schema import Attribution, Document, Entity, Span

DELAY = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0

def fake_extract_many(items, n_process=1, settings=None, batch_size=None):
    for item in items:
        text = item["text"]
        meta = {k: v for k, v in item.items() if k not in ("text", "id")}
        ents, atts = {}, []
        for m in re.finditer(r"([A-Z][a-z]+ [A-Z][a-z]+) said ([^.]+)\\.", text):
            e = ents.setdefault(m[1], Entity(f"e{len(ents) + 1}", m[1], "PERSON", []))
            e.mentions.append((m.start(1), m.end(1)))
            atts.append(Attribution(f"a{len(atts) + 1}", "indirect", Span(m.start(1), m.end(1), m[1]),
                                    None, Span(m.start(2), m.end(2), m[2]), e.id))
        time.sleep(DELAY)
        yield Document(str(item["id"]), text, atts, list(ents.values()), [], meta)
'''

#: Only in child processes: patched in this process, the skipped language check leaked into
#: later tests (a German article then counted as extracted in tests/batch).
RUN = FAKE_EXTRACTOR + '''
# The language check imports spaCy (seconds per child process); these articles are English.
import according.readers.inputs
according.readers.inputs.language_problem = lambda text: None
from according.store import open_store
from according.store.ingest import ingest
report = ingest(open_store(sys.argv[1]), [sys.argv[3]], extract_many=fake_extract_many)
print(report.ingested, report.skipped, report.failed, flush=True)
'''


def write_articles(directory: Path, n: int) -> dict[str, int]:
    """``n`` small English articles; returns expected attributions per article id."""
    directory.mkdir()
    expected = {}
    people = ["Ann Lee", "Bob Ray", "Cara Diaz", "Dan Moss"]
    for i in range(n):
        k = 1 + i % 3
        said = " ".join(f"{people[(i + j) % 4]} said that the plan number {i} was {'good' if j else 'bad'}."
                        for j in range(k))
        (directory / f"art{i:02d}.txt").write_text(
            f"This is the report for the day {i}. It was a day of news about the city. {said}\n",
            encoding="utf-8")
        expected[f"art{i:02d}"] = k
    return expected


def _run(target: str, folder: Path, script: Path, delay: float = 0.0) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen([sys.executable, str(script), target, str(delay), str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _check_complete(store, expected: dict[str, int]) -> int:
    docs = list(store.iter_documents())
    ids = [d.id for d in docs]
    assert len(ids) == len(set(ids)), "duplicate articles"
    for d in docs:
        assert len(d.attributions) == expected[d.id], f"{d.id} half-written"
        assert all(a.speaker for a in d.attributions)
    return len(docs)


def test_sigkill_mid_ingest_then_rerun_loses_and_duplicates_nothing(target, tmp_path):
    from according.store import open_store

    expected = write_articles(tmp_path / "in", 30)
    script = tmp_path / "run.py"
    script.write_text(RUN, encoding="utf-8")
    store = open_store(target)  # migrated before the child starts
    proc = _run(target, tmp_path / "in", script, delay=0.15)
    deadline = time.monotonic() + 120
    while store.stats()["documents"] < 3:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "ingest made no progress"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored = _check_complete(store, expected)
    assert 3 <= stored < 30

    proc = _run(target, tmp_path / "in", script)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert out.split() == [str(30 - stored), str(stored), "0"]
    assert _check_complete(store, expected) == 30
    counts = store.stats()
    assert counts["attributions"] == sum(expected.values())
    assert counts["speakers"] == 4

    proc = _run(target, tmp_path / "in", script)
    out, _ = proc.communicate(timeout=120)
    assert out.split() == ["0", "30", "0"]
    assert store.stats() == counts
    store.close()


def _fake():
    ns: dict = {}
    exec(compile(FAKE_EXTRACTOR.replace("sys.argv[2]", "'0'"), "fake", "exec"), ns)
    return ns["fake_extract_many"]


def test_bad_inputs_are_reported_and_the_rest_ingested(store, tmp_path):
    from according.store.ingest import ingest

    write_articles(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    dup = tmp_path / "dup.txt"
    dup.write_text((tmp_path / "in" / "art00.txt").read_text(encoding="utf-8"), encoding="utf-8")
    errors: list[str] = []
    report = ingest(store, [str(tmp_path / "in"), str(tmp_path / "missing.txt"), str(dup)],
                    on_error=errors.append, extract_many=_fake())
    assert (report.ingested, report.skipped, report.failed) == (3, 1, 2)
    assert len(errors) == 2 and all("\n" not in e for e in errors)
    assert any("missing.txt" in e for e in errors) and any("empty.txt" in e for e in errors)
    assert re.match(r"ingested 3, skipped 1 as duplicates, failed 2 ", report.summary())


def test_an_article_that_breaks_the_extractor_fails_alone(store, tmp_path):
    from according.store.ingest import ingest

    fake = _fake()

    def flaky_many(items, **kw):
        for doc in fake(items, **kw):
            if "day 1." in doc.text:
                raise RuntimeError("boom")
            yield doc

    write_articles(tmp_path / "in", 4)
    errors: list[str] = []
    report = ingest(store, [str(tmp_path / "in")], on_error=errors.append, extract_many=flaky_many)
    assert (report.ingested, report.failed) == (3, 1)
    assert "art01.txt" in errors[0] and "boom" in errors[0]
    assert sorted(d.id for d in store.iter_documents()) == ["art00", "art02", "art03"]


@pytest.mark.shared
def test_polnear_articles_through_the_real_pipeline(store, polnear_dev):
    from according.config import DEFAULT_SETTINGS
    from according.store.ingest import ingest

    files = sorted((polnear_dev / "text").glob("*.txt"))[:2]
    settings = DEFAULT_SETTINGS.with_(mode="rules")  # fast, and needs no trained model
    report = ingest(store, [str(f) for f in files], settings)
    assert (report.ingested, report.failed) == (2, 0)
    again = ingest(store, [str(f) for f in files], settings)
    assert (again.ingested, again.skipped) == (0, 2)
    assert store.stats()["documents"] == 2


def test_progress_bar_counts_every_article(store, tmp_path, capsys):
    from according.store.ingest import ingest

    write_articles(tmp_path / "in", 5)
    report = ingest(store, [str(tmp_path / "in")], progress=True, extract_many=_fake())
    assert (report.ingested, report.failed) == (5, 0)
    again = ingest(store, [str(tmp_path / "in")], progress=True, extract_many=_fake())
    assert again.skipped == 5
