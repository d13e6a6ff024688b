"""``according extract``: output formats, stdin, bad input (one line each), atomic --out."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from according.schema import SCHEMA_VERSION, Document

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "harbour-minister-speech.txt"
ENTRY_POINT = Path(sys.executable).with_name("according")


def ids(stdout: str) -> list[str]:
    return [json.loads(line)["id"] for line in stdout.splitlines()]


def assert_one_error(result, where: str, good_ids: list[str]) -> str:
    """Exactly one error line naming ``where``; the good inputs still in the output; status 1."""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"according: error: {where}: "), lines[0]
    assert ids(result.stdout) == good_ids
    assert result.exit_code == 1
    return lines[0]


# --------------------------------------------------------------------------- formats


def test_jsonl_is_one_document_per_line(run_extract, story_path, page_path):
    result = run_extract(story_path, page_path)
    assert result.exit_code == 0 and result.stderr == ""
    docs = [Document.from_dict(json.loads(line)) for line in result.stdout.splitlines()]
    assert [d.id for d in docs] == ["story", "page"]
    assert docs[0].text == story_path.read_text(encoding="utf-8")
    assert json.loads(result.stdout.splitlines()[0])["schema"] == SCHEMA_VERSION


def test_json_is_an_object_for_one_article_and_a_list_for_several(run_extract, story_path, page_path,
                                                                   write):
    one = run_extract("-f", "json", story_path)
    assert one.exit_code == 0 and json.loads(one.stdout)["id"] == "story"
    assert one.stdout.startswith("{\n  ")  # indented
    several = json.loads(run_extract("--format", "json", story_path, page_path).stdout)
    assert [d["id"] for d in several] == ["story", "page"]
    batch = write("one.jsonl", json.dumps({"id": "only", "text": story_path.read_text()}) + "\n")
    assert [d["id"] for d in json.loads(run_extract("-f", "json", batch).stdout)] == ["only"]


def test_json_from_sniffed_jsonl_on_stdin_is_a_list(run_extract, story_path):
    lines = "".join(json.dumps({"id": i, "text": story_path.read_text()}) + "\n" for i in ("a", "b"))
    result = run_extract("-f", "json", "-", input=lines)
    assert result.exit_code == 0 and [d["id"] for d in json.loads(result.stdout)] == ["a", "b"]


def test_text_is_a_plain_listing_when_not_a_terminal(run_extract, story_path):
    result = run_extract("-f", "text", story_path)
    assert result.exit_code == 0
    doc = Document.from_dict(json.loads(run_extract(story_path).stdout))
    assert result.stdout.startswith("story\n")
    assert "\x1b[" not in result.stdout  # no terminal styling when piped
    assert f"{len(doc.attributions)} attributions" in result.stdout
    for a in doc.attributions:
        line = next(line for line in result.stdout.splitlines() if line.strip().startswith(f"{a.id} "))
        assert f"[{a.type}]" in line
        if a.cue:
            assert f" — {a.cue.text} — " in line


def test_text_listing_names_figure_sources(run_extract, story_path):
    from according.cli.extract import text_lines
    from according.schema import Figure

    doc = Document.from_dict(json.loads(run_extract(story_path).stdout))
    doc.figures = [Figure("f1", 0, 3, "300", 300.0, None, None, "exact", "jobs", None, None, None)]
    lines = text_lines(doc)
    assert "  Figures" in lines
    assert any("300 [jobs] — the article's own" in line for line in lines)


def test_text_listing_writes_a_unit_once_and_a_shares_value(run_extract, story_path):
    from according.cli.extract import text_lines
    from according.schema import Figure

    doc = Document.from_dict(json.loads(run_extract(story_path).stdout))
    doc.figures = [Figure("f1", 0, 9, "6 percent", 6.0, None, None, "exact", "percent", None, None, None),
                   Figure("f2", 0, 13, "about a third", 33.33, None, None, "approximately", "percent",
                          None, None, None),
                   Figure("f3", 0, 18, "nearly two decades", 20.0, None, 20.0, "less_than", "years",
                          None, None, None),
                   Figure("f4", 0, 8, "18 years", 18.0, 18.0, 18.0, "exact", "years", None, None, None),
                   Figure("f5", 0, 10, "three-week", 3.0, 3.0, 3.0, "exact", "weeks", None, None, None)]
    lines = text_lines(doc)
    assert any(line.strip().startswith("f1 6 percent — ") for line in lines)
    assert any("about a third [33.33 percent] (approximately)" in line for line in lines)
    assert any("nearly two decades [20 years]" in line for line in lines)
    assert any(line.strip().startswith("f4 18 years — ") for line in lines)
    assert any(line.strip().startswith("f5 three-week — ") for line in lines)


def test_text_listing_styles_for_a_terminal(run_extract, story_path):
    import io

    from rich.console import Console

    from according.cli.extract import Writer

    doc = Document.from_dict(json.loads(run_extract(story_path).stdout))
    buf = io.StringIO()
    writer = Writer(io.BytesIO(), "text", as_list=False,
                    rich_console=Console(file=buf, force_terminal=True, width=200))
    writer.write(doc)
    assert "\x1b[" in buf.getvalue() and "story" in buf.getvalue()


def test_html_input_carries_metadata_and_extracted_text(run_extract, page_path):
    out = json.loads(run_extract(page_path).stdout)
    assert (out["title"], out["outlet"], out["published"]) == ("Port talks collapse", "Harbour Times",
                                                                "2026-03-14")
    assert out["url"] == "https://harbourtimes.example/port-talks"
    assert "<p>" not in out["text"] and "Cookie" not in out["text"]
    for a in out["attributions"]:
        assert out["text"][a["content"]["start"]:a["content"]["end"]].startswith(a["content"]["text"][:5])


def test_stdin_text(run_extract, story_path):
    result = run_extract("-", input=story_path.read_bytes())
    assert result.exit_code == 0 and ids(result.stdout) == ["stdin"]


def test_stdin_jsonl(run_extract, story_path):
    lines = [json.dumps({"id": f"s{i}", "text": story_path.read_text(), "outlet": "Wire"}) for i in (1, 2)]
    result = run_extract("--input-format", "jsonl", "-", input="\n".join(lines) + "\n")
    assert result.exit_code == 0 and ids(result.stdout) == ["s1", "s2"]
    assert json.loads(result.stdout.splitlines()[0])["outlet"] == "Wire"


def test_min_confidence_drops_attributions(run_extract, story_path):
    every = json.loads(run_extract(story_path).stdout)["attributions"]
    assert every
    top = max(a["confidence"] for a in every)
    kept = json.loads(run_extract("--min-confidence", top, story_path).stdout)["attributions"]
    assert kept and all(a["confidence"] >= top for a in kept)
    assert run_extract("--min-confidence", 1.5, story_path).exit_code == 2


def test_attributions_below_the_default_confidence_are_dropped(run_extract, khamenei_text, write):
    from according.config import DEFAULT_SETTINGS

    path = write("khamenei.txt", khamenei_text)
    # int8 on every CPU, so the confidences do not depend on whether the CPU has bfloat16
    int8 = ("--mode", "accurate", "--encoder-precision", "int8")
    every = json.loads(run_extract(*int8, "--min-confidence", 0, path).stdout)["attributions"]

    def strip(attributions):  # ids are numbered after the cut
        return [{k: v for k, v in a.items() if k != "id"} for a in attributions]

    # the default cut, then one that surely drops some: the stances ("Iran supports Hamas
    # financially") score lower than the statements
    dropped = 0
    for floor, flags in ((DEFAULT_SETTINGS.min_confidence, ()), (0.6, ("--min-confidence", 0.6))):
        kept = json.loads(run_extract(*int8, *flags, path).stdout)["attributions"]
        assert strip(kept) == strip(a for a in every if a["confidence"] >= floor)
        dropped += len(every) - len(kept)
    assert dropped > 0


def test_unbalanced_quotation_marks_process_normally(run_extract, write):
    path = write("unbalanced.txt", 'The minister said "we will not be held hostage. The union said it '
                                   "would strike again, and he added: \u201cnever.\n")
    result = run_extract(path)
    assert result.exit_code == 0 and result.stderr == ""
    assert ids(result.stdout) == ["unbalanced"]


def test_example_article(run_extract):
    result = run_extract(EXAMPLE)
    doc = Document.from_dict(json.loads(result.stdout))
    assert result.exit_code == 0 and doc.id == "harbour-minister-speech" and doc.attributions


def test_example_article_has_what_the_demo_needs():
    text = EXAMPLE.read_text(encoding="utf-8")
    assert 350 <= len(text.split()) <= 450
    for phrase in ("he said", "he added", "as he put it", "According to the port authority",
                   "The dockworkers' union says", "according to the Coastal Press Agency"):
        assert phrase in text


# --------------------------------------------------------------------------- bad input


BAD_FILES = {
    "empty": ("empty.txt", b"", "empty file"),
    "binary": ("blob.txt", bytes(range(256)) * 4, "binary file"),
    "invalid-utf8": ("latin1.txt", b"The minister said caf\xe9 prices rose.", "invalid UTF-8 at byte 21"),
    "html-without-text": ("menu.html", b"<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav>"
                                       b"</body></html>", "no article text"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_is_one_line_and_others_still_processed(run_extract, write, story_path, case):
    name, content, message = BAD_FILES[case]
    bad = write(name, content)
    result = run_extract(story_path, bad, story_path)
    assert message in assert_one_error(result, str(bad), ["story", "story"])


def test_file_over_max_bytes(run_extract, story_path, tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(20 * 1024 * 1024)
    line = assert_one_error(run_extract(huge, story_path), str(huge), ["story"])
    assert "20.0 MB, over the 5.0 MB limit" in line


def test_missing_path(run_extract, story_path, tmp_path):
    missing = tmp_path / "nope.txt"
    line = assert_one_error(run_extract(missing, story_path), str(missing), ["story"])
    assert line.endswith("no such file")


def test_directory(run_extract, story_path, tmp_path):
    assert "is a directory" in assert_one_error(run_extract(tmp_path, story_path), str(tmp_path), ["story"])


def test_unreadable_path(run_extract, story_path, write, monkeypatch):
    secret = write("secret.txt", story_path.read_bytes())
    real_open = Path.open

    def guarded(self, *args, **kwargs):
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded)
    line = assert_one_error(run_extract(secret, story_path), str(secret), ["story"])
    assert line.endswith("permission denied")


def test_non_english_article(run_extract, story_path, german_path):
    line = assert_one_error(run_extract(german_path, story_path), str(german_path), ["story"])
    assert "does not look like English" in line
    bypass = run_extract("--no-language-check", german_path)
    assert bypass.exit_code == 0 and ids(bypass.stdout) == ["german"]


@pytest.mark.parametrize(("line", "message"), [
    ("{oops", "invalid JSON"),
    ('{"text": "The minister said so."}', 'missing required field "id"'),
    ('{"id": "x"}', 'missing required field "text"'),
    ('{"id": "x", "text": ["The minister said so."]}', '"text" must be a string'),
])
def test_malformed_jsonl_line_names_file_and_line(run_extract, write, story_path, line, message):
    good = json.dumps({"id": "ok", "text": story_path.read_text()})
    path = write("batch.jsonl", f"{good}\n{line}\n{good.replace('ok', 'ok2', 1)}\n")
    assert message in assert_one_error(run_extract(path), f"{path}:2", ["ok", "ok2"])


def test_extraction_failure_is_reported_for_that_article_only(run_extract, write, story_path, monkeypatch):
    """If the pipeline fails on one article of a batch, only that article is lost."""
    from according.extraction import pipeline

    real = pipeline.build_document

    def fragile(doc, *args, **kwargs):
        if "EXPLODE" in doc.text:
            raise ValueError("cannot parse\nthis text")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(pipeline, "build_document", fragile)
    bad = write("bad.txt", story_path.read_text() + " EXPLODE")
    line = assert_one_error(run_extract(story_path, bad, story_path), str(bad), ["story", "story"])
    assert "extraction failed (ValueError: cannot parse this text)" in line


def test_unknown_mode_is_a_usage_error(run_extract, story_path):
    result = run_extract("--mode", "nonsense", story_path)
    assert result.exit_code == 2 and "unknown mode 'nonsense'" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_bad_input_alone_does_not_load_the_pipeline(run_extract, tmp_path, monkeypatch):
    """Refusing input is instant: the model loads only once there is an article to extract."""
    from according.cli import extract as cmd

    def fail(_settings):
        raise AssertionError("pipeline loaded")

    monkeypatch.setattr(cmd, "load_pipeline", fail)
    result = run_extract(tmp_path / "missing.txt")
    assert result.exit_code == 1 and result.stderr.endswith("no such file\n")


def test_model_that_cannot_load_is_one_line(run_extract, story_path, tmp_path):
    result = run_extract("--mode", "fast", "--model", tmp_path, story_path)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("according: error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_model_that_cannot_load_with_workers_fails_before_they_start(story_path, tmp_path):
    """Workers whose initialiser fails are respawned forever: the parent must fail first."""
    proc = subprocess.run([str(ENTRY_POINT), "extract", "--jobs", "2", "--mode", "fast", "--model",
                           str(tmp_path), str(story_path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith("according: error: ") and proc.stderr.count("\n") == 1


def test_an_unknown_encoder_precision_in_the_environment_is_one_line(story_path):
    env = {**os.environ, "ACCORDING_ENCODER_PRECISION": "fp8"}
    proc = subprocess.run([str(ENTRY_POINT), "extract", "--mode", "accurate", str(story_path)],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == ("according: error: encoder precision: unknown 'fp8' "
                           "(known: auto, int8, bf16, fp32)\n")


def test_jobs_zero_is_a_usage_error(run_extract, story_path):
    assert run_extract("--jobs", 0, story_path).exit_code == 2


# --------------------------------------------------------------------------- --out


def test_out_writes_the_file_atomically(run_extract, story_path, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run_extract("-o", out, story_path, story_path)
    assert result.exit_code == 0 and result.stdout == ""
    assert ids(out.read_text()) == ["story", "story"]
    assert os.listdir(tmp_path) == ["out.jsonl"]  # no temporary file left behind


def test_out_keeps_the_old_file_when_the_run_is_interrupted(run_extract, story_path, tmp_path,
                                                             monkeypatch):
    from according.cli import extract as cmd

    out = tmp_path / "out.jsonl"
    out.write_text("previous results\n")
    real_write = cmd.Writer.write

    def interrupted(self, doc):
        if self.count == 1:
            raise KeyboardInterrupt
        real_write(self, doc)

    monkeypatch.setattr(cmd.Writer, "write", interrupted)
    result = run_extract("-o", out, story_path, story_path)
    assert result.exit_code != 0
    assert out.read_text() == "previous results\n"
    assert os.listdir(tmp_path) == ["out.jsonl"]


def test_out_untouched_when_no_input_could_be_processed(run_extract, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("previous results\n")
    result = run_extract("-o", out, tmp_path / "missing.txt")
    assert result.exit_code == 1 and out.read_text() == "previous results\n"
    assert "Traceback" not in result.stderr


def test_out_in_a_missing_directory(run_extract, story_path, tmp_path):
    result = run_extract("-o", tmp_path / "no" / "out.jsonl", story_path)
    assert result.exit_code == 1
    assert re.fullmatch(r"according: error: .*out\.jsonl: cannot write: directory .* does not exist\n",
                        result.stderr)


# --------------------------------------------------------------------------- real entry point


def test_entry_point_reports_bad_input_and_exit_status(story_path, tmp_path, test_mode):
    proc = subprocess.run([str(ENTRY_POINT), "extract", "--mode", test_mode, str(story_path),
                           str(tmp_path / "missing.txt")], capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr == f"according: error: {tmp_path / 'missing.txt'}: no such file\n"
    assert ids(proc.stdout) == ["story"]


def test_entry_point_broken_pipe_is_quiet(story_path, tmp_path, test_mode):
    """Piped into ``head``, the command stops quietly: no traceback, no 'Exception ignored'."""
    batch = tmp_path / "batch.jsonl"
    line = json.dumps({"id": "x", "text": story_path.read_text()})
    batch.write_text("\n".join([line] * 48) + "\n")
    proc = subprocess.run(
        f"set -o pipefail; '{ENTRY_POINT}' extract --mode {test_mode} '{batch}' | head -n 1",
        shell=True, executable="/bin/bash", capture_output=True, text=True)
    assert json.loads(proc.stdout)["id"] == "x"
    assert proc.stderr == ""
    assert proc.returncode == 0


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_entry_point_output_that_cannot_be_written(story_path, test_mode):
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([str(ENTRY_POINT), "extract", "--mode", test_mode, str(story_path)],
                              stdout=full, stderr=subprocess.PIPE, text=True)
    assert proc.returncode == 1
    assert proc.stderr == "according: error: <stdout>: cannot write: No space left on device\n"


def test_default_mode_extracts_the_example_article():
    """The README demo: the shipped default mode on the example article, through the entry point."""
    proc = subprocess.run([str(ENTRY_POINT), "extract", str(EXAMPLE)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    doc = Document.from_dict(json.loads(proc.stdout))
    assert doc.id == "harbour-minister-speech" and doc.attributions and doc.figures


@pytest.mark.slow
def test_jobs_uses_worker_processes_and_keeps_order(run_extract, story_path, page_path, tmp_path):
    result = run_extract("--jobs", 2, story_path, page_path, tmp_path / "missing.txt", story_path)
    assert result.exit_code == 1 and ids(result.stdout) == ["story", "page", "story"]
    assert result.stderr.count("\n") == 1


def test_entry_point_empty_and_closed_stdin(test_mode):
    argv = [str(ENTRY_POINT), "extract", "--mode", test_mode, "-"]
    empty = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert (empty.returncode, empty.stderr) == (1, "according: error: <stdin>: empty input\n")
    closed = subprocess.run(" ".join(argv) + " <&-", shell=True, executable="/bin/bash",
                            capture_output=True, text=True)
    assert (closed.returncode, closed.stderr) == (1, "according: error: <stdin>: standard input is closed\n")


def test_entry_point_closed_stdout(story_path, test_mode):
    proc = subprocess.run(f"'{ENTRY_POINT}' extract --mode {test_mode} '{story_path}' >&-", shell=True,
                          executable="/bin/bash", stderr=subprocess.PIPE, text=True)
    assert (proc.returncode, proc.stderr) == (1, "according: error: <stdout>: standard output is closed\n")


def test_device_cuda_without_a_gpu_warns_and_runs_on_the_cpu(story_path):
    proc = subprocess.run([str(ENTRY_POINT), "extract", "--device", "cuda", "-f", "text", str(story_path)],
                          capture_output=True, text=True, env={**os.environ, "CUDA_VISIBLE_DEVICES": ""})
    assert proc.returncode == 0, proc.stderr
    assert "no CUDA GPU available, running on the CPU" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout.strip()


def test_text_listing_keeps_a_closing_quote_that_ends_an_inner_quote():
    from according.cli.extract import _unquoted

    assert _unquoted('the offer was "a step, not a solution."') == 'the offer was "a step, not a solution."'
    assert _unquoted('"We have listened," … "Now it is time."') == 'We have listened," … "Now it is time.'
    assert _unquoted("“Prices will fall”") == "Prices will fall"
    assert _unquoted('"') == '"'
