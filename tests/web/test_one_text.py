"""The same input bytes give the same article text, and so the same offsets, through every way
in: ``according extract``, ``according ingest``, ``according batch``, ``POST /api/extract`` and the
Spark job's reader of binary files (its per-partition code, run here without Spark)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from according.cli.main import cli

PLAIN = ("\ufeffThe mayor said the bridge would reopen on Monday.\r\n\r\n"
         "\u201cWe are nearly done,\u201d she said.\r\nCrews worked through the night.\r\n").encode()
PAGE = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>Bridge</title></head><body>"
        "<article><p>The mayor said the bridge would reopen on Monday after three weeks of "
        "repairs to its deck and railings.</p>\r\n<p>\u201cWe are nearly done,\u201d she said, adding "
        "that crews had worked through the night to finish the job before the holiday.</p>"
        "</article></body></html>").encode()


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(("name", "data", "ctype"), [("bridge.txt", PLAIN, "text/plain"),
                                                     ("bridge.html", PAGE, "text/html")])
def test_every_way_in_reads_the_same_text(tmp_path, make_client, name, data, ctype):
    path = tmp_path / name
    path.write_bytes(data)
    extracted = json.loads(_cli("extract", str(path), "--mode", "rules", "-f", "json"))
    text = extracted["text"]
    assert "\r" not in text and not text.startswith("\ufeff")

    from according.config import DEFAULT_SETTINGS

    client = make_client(settings=DEFAULT_SETTINGS.with_(mode="rules"))
    api = client.post("/api/extract", content=data, headers={"Content-Type": ctype})
    assert api.status_code == 200, api.text
    assert api.json()["text"] == text
    assert [a["content"]["start"] for a in api.json()["attributions"]] == [
        a["content"]["start"] for a in extracted["attributions"]]

    db = tmp_path / "c.db"
    _cli("ingest", str(path), "--db", str(db), "--mode", "rules", "-q")
    from according.store import open_store

    with open_store(db) as store:
        stored = store.document(1)
    assert stored is not None and stored.text == text

    out = tmp_path / "batch"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(data)
    _cli("batch", str(folder), "--out", str(out), "--format", "jsonl", "--mode", "rules", "-j", "1")
    [line] = [json.loads(x) for f in sorted(out.rglob("*.jsonl")) if f.name != "failures.jsonl"
              for x in f.read_text().splitlines() if x.strip()]
    assert line["text"] == text

    from according.config import Settings
    from according.spark.job import read_text_files

    [(kind, article)] = list(read_text_files([{"path": f"file://{path}", "content": data}],
                                             f"file://{tmp_path}", Settings(mode="rules"), False))
    assert kind == "article" and article.text == text
