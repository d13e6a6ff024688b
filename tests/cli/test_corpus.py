"""The corpus commands: formats, exact stats JSON, corrections, export, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from according.cli.main import cli
from according.errors import AmbiguousName
from according.schema import Attribution, Document, Entity, Figure, Span


def _doc(doc_id: str, speaker: str, said: str, outlet: str, published: str,
         figure: tuple[str, float] | None = None) -> Document:
    text = f"{speaker} said {said}." + (f" They counted {figure[0]}." if figure else "")
    n = len(speaker)
    figs = []
    if figure:
        start = text.index(figure[0])
        figs = [Figure("f1", start, start + len(figure[0]), figure[0], figure[1], None, None, "exact",
                       "people", "killed", "a1", "e1")]
    return Document(doc_id, text,
                    [Attribution("a1", "indirect", Span(0, n, speaker), Span(n + 1, n + 5, "said"),
                                 Span(n + 6, n + 6 + len(said), said), "e1")],
                    [Entity("e1", speaker, "PERSON", [(0, n)])], figs,
                    {"outlet": outlet, "published": published})


@pytest.fixture
def db(tmp_path):
    from according.store import open_store

    path = tmp_path / "c.db"
    with open_store(path) as store:
        for d in [
            _doc("d1", "Hillary Clinton", "the economy, stupid", "CNN", "2016-09-01", ("40", 40.0)),
            _doc("d2", "Donald Trump", "the economy is a disaster", "Fox", "2016-09-02", ("400", 400.0)),
            _doc("d3", "Clinton", "we are stronger together", "CNN", "2016-09-03"),
            _doc("d4", "Hillary Rodham Clinton", "I am with her", "AP", "2016-09-04"),
        ]:
            store.add_document(d)
        store.relink_speakers()
    return str(path)


def run(*args: str):
    result = CliRunner(env={"COLUMNS": "250"}).invoke(cli, list(args), catch_exceptions=False)
    return result


def test_stats_json_is_exactly_the_counts(db):
    out = run("stats", "--db", db, "--format", "json")
    assert out.exit_code == 0
    assert json.loads(out.output) == {"documents": 4, "attributions": 4, "entities": 4, "speakers": 4,
                                      "figures": 2}


def test_quotes_in_every_format(db):
    # "Clinton" alone is ambiguous in this corpus (two full names and a lone surname): the user
    # gets the candidates with their quote counts, never a silent union.
    with pytest.raises(AmbiguousName) as err:
        run("quotes", "--speaker", "Clinton", "--db", db, "--format", "json")
    assert [c["name"] for c in err.value.candidates] == ["Hillary Clinton", "Hillary Rodham Clinton",
                                                         "Clinton"]
    assert "Hillary Clinton (id 1, 1 quotes)" in str(err.value)
    rows = json.loads(run("quotes", "--speaker", "Hillary Clinton", "--db", db, "--format", "json").output)
    assert [r["document"] for r in rows] == ["d1"]  # a full name: that speaker only
    rows = json.loads(run("quotes", "--speaker", "Hillary Clinton", "--since", "2016-09-02",
                          "--db", db, "--format", "json").output)
    assert [r["document"] for r in rows] == []
    table = run("quotes", "--speaker", "Donald Trump", "--db", db).output
    assert "the economy is a disaster" in table and "Fox" in table
    text = run("quotes", "--outlet", "cnn", "--contains", "stronger", "--db", db, "--format", "csv").output
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert [r["content"] for r in parsed] == ["we are stronger together"]
    assert json.loads(run("quotes", "--limit", "1", "--offset", "3", "--db", db, "--format", "json")
                      .output)[0]["document"] == "d1"


def test_search_speakers_and_figures(db):
    rows = json.loads(run("search", "economy", "--db", db, "--format", "json").output)
    assert {r["document"] for r in rows} == {"d1", "d2"}
    top = json.loads(run("speakers", "--top", "5", "--db", db, "--format", "json").output)
    # The lone "Clinton" is ambiguous between two full names: a speaker of its own.
    assert [s["name"] for s in top] == ["Hillary Clinton", "Donald Trump", "Hillary Rodham Clinton",
                                        "Clinton"]
    assert top[0]["outlets"] == {"CNN": 1}
    figs = json.loads(run("figures", "--db", db, "--format", "json").output)
    assert {f["value"] for f in figs} == {40.0, 400.0}
    contested = json.loads(run("figures", "--contested", "--db", db, "--format", "json").output)
    assert [(g["counted"], g["values"]) for g in contested] == [("people", [40.0, 400.0])]
    table = run("figures", "--contested", "--db", db).output
    assert "Fox" in table and "CNN" in table


def test_merge_and_split_from_the_command_line(db):
    out = run("speakers", "merge", "Hillary Clinton", "Hillary Rodham Clinton", "--db", db)
    assert out.exit_code == 0 and "merged into" in out.output
    top = json.loads(run("speakers", "--db", db, "--format", "json").output)
    # Merged, "Clinton" is no longer ambiguous: it joins too.
    assert [(s["name"], s["quotes"]) for s in top] == [("Hillary Clinton", 3), ("Donald Trump", 1)]
    out = run("speakers", "--db", db, "split", "Hillary Clinton")
    assert out.exit_code == 0
    names = {s["name"] for s in json.loads(run("speakers", "--db", db, "--format", "json").output)}
    assert names == {"Hillary Clinton", "Hillary Rodham Clinton", "Clinton", "Donald Trump"}


def test_export_both_formats(db, tmp_path):
    out = run("export", "--format", "jsonl", "--out", str(tmp_path / "c.jsonl"), "--db", db)
    assert out.exit_code == 0
    lines = (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["d1", "d2", "d3", "d4"]
    out = run("export", "--format", "parquet", "--out", str(tmp_path / "pq"), "--db", db)
    assert out.exit_code == 0 and (tmp_path / "pq" / "attributions.parquet").exists()


def _main(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "according.cli.main", *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_store_errors_are_one_line_with_nonzero_exit(tmp_path):
    bad = tmp_path / "corrupt.db"
    bad.write_bytes(b"garbage" * 200)
    for args in (["stats", "--db", "mysql://x/y"],
                 ["stats", "--db", str(bad)],
                 ["quotes", "--speaker", "X", "--db", "postgresql://u:pw@127.0.0.1:1/none"],
                 ["stats", "--db", str(tmp_path / "missing" / "c.db")]):
        proc = _main(*args)
        assert proc.returncode == 1, args
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("according: error: "), proc.stderr
        assert "Traceback" not in proc.stderr


def test_bad_date_and_unknown_speaker_in_corrections(db):
    proc = _main("quotes", "--since", "yesterday-ish", "--db", db)
    assert proc.returncode == 1 and "not a date" in proc.stderr
    proc = _main("speakers", "merge", "Donald Trump", "Nobody Atall", "--db", db)
    assert proc.returncode == 1 and "no speaker matches 'Nobody Atall'" in proc.stderr


def test_ingest_command_skips_duplicates_and_reports_failures(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("The mayor, Jane Roe, said on Monday that the new bridge would open in the "
                   "spring. \"We are ready,\" she said. Critics said the project was late and far "
                   "over its budget, according to a report from the city council.\n", encoding="utf-8")
    db = str(tmp_path / "c.db")
    proc = _main("ingest", str(art), str(tmp_path / "missing.txt"), "--db", db, "--mode", "rules")
    assert proc.returncode == 1
    assert "ingested 1, skipped 0 as duplicates, failed 1" in proc.stderr
    assert "according: error: " in proc.stderr and "missing.txt" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = _main("ingest", str(art), "--db", db, "--quiet", "--mode", "rules")
    assert proc.returncode == 0 and proc.stderr == ""  # skipped as a duplicate, silently
    assert json.loads(_main("stats", "--db", db, "--format", "json").stdout)["documents"] == 1


def test_the_example_articles_contested_cost(tmp_path, example_path):
    # "the stoppage has cost 310 million lira" (port authority) against "the true figure is closer
    # to 120 million lira" (the union): the second restates the first's quantity
    db = str(tmp_path / "ex.db")
    assert run("ingest", str(example_path), "--db", db, "--mode", "rules", "-q").exit_code == 0
    [group] = json.loads(run("figures", "--contested", "--db", db, "--format", "json").output)
    assert (group["counted"], group["predicate"], group["values"]) == ("lira", "cost", [1.2e8, 3.1e8])
    speakers = {r["speaker"] for r in group["reports"]}
    assert len(speakers) == 2 and "port authority" in speakers


def test_an_empty_table_is_one_line_not_a_header(tmp_path):
    from according.store import open_store

    db = str(tmp_path / "empty.db")
    open_store(db).close()
    result = CliRunner().invoke(cli, ["figures", "--contested", "--db", db])
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr.strip() == "Contested figures: (no results)"


@pytest.mark.parametrize("args", [["stats"], ["quotes"], ["speakers"], ["search", "flood"], ["figures"],
                                  ["export", "--format", "jsonl", "--out", "out.jsonl"],
                                  ["speakers", "merge", "1", "2"]])
def test_read_commands_refuse_a_corpus_that_does_not_exist(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ACCORDING_DB", raising=False)
    for db in ([], ["--db", str(tmp_path / "missing.db")]):
        result = CliRunner().invoke(cli, [*args, *db])
        assert result.exit_code == 1, result.output
        assert "no such corpus" in str(result.exception)  # the entry point prints it as one line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [["quotes", "--speaker", str(2**63)], ["quotes", "--speaker", "\u0663"],
                                  ["speakers", "merge", "99999999999999999999", "1"],
                                  ["speakers", "split", "\u00b2"]])
def test_speaker_ids_out_of_range_or_not_ascii_are_usage_errors(db, args):
    result = CliRunner().invoke(cli, [*args, "--db", db])
    assert result.exit_code == 2, result.output
    assert "is not an id" in result.output and "Traceback" not in result.output
