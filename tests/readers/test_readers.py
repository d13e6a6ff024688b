"""Readers: each format, ids, metadata pass-through, normalisation and every kind of bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from according.config import Settings
from according.errors import InputError
from according.readers import Article, read_inputs
from according.readers.language import guess_english
from according.registry import readers

SETTINGS = Settings()


def read(*inputs, settings: Settings = SETTINGS, **kw) -> list[Article | InputError]:
    return list(read_inputs([str(i) for i in inputs], settings, **kw))


def only(results: list[Article | InputError]) -> Article | InputError:
    assert len(results) == 1, results
    return results[0]


def error(results: list[Article | InputError]) -> InputError:
    result = only(results)
    assert isinstance(result, InputError), result
    return result


# --------------------------------------------------------------------------- formats


def test_readers_are_registered_by_format():
    assert {"txt", "html", "jsonl"} <= set(readers.names())


def test_txt_article_id_is_file_name_without_extension(write, story):
    path = write("port-talks.txt", story)
    art = only(read(path))
    assert isinstance(art, Article)
    assert (art.id, art.text, art.origin, art.meta) == ("port-talks", story, str(path), {})


def test_txt_normalisation_strips_bom_and_normalises_newlines(write):
    path = write("crlf.txt", "\ufeffFirst line.\r\nSecond line.\rThird line.\n")
    assert only(read(path)).text == "First line.\nSecond line.\nThird line.\n"


def test_txt_other_whitespace_and_unicode_untouched(write):
    text = "  Indented “quote” — café\tand a tab.\n\n"
    assert only(read(write("keep.txt", text))).text == text


def test_html_main_text_without_boilerplate_and_metadata(write, page):
    art = only(read(write("talks.html", page)))
    assert isinstance(art, Article)
    assert art.id == "talks"
    assert "We will not be held hostage" in art.text
    for boilerplate in ("Home", "Cookie settings", "<p>", "Copyright"):
        assert boilerplate not in art.text
    assert art.meta == {"title": "Port talks collapse", "url": "https://harbourtimes.example/port-talks",
                        "published": "2026-03-14", "outlet": "Harbour Times"}


def test_htm_extension_is_html(write, page):
    assert only(read(write("talks.htm", page))).meta["outlet"] == "Harbour Times"


def test_html_declared_legacy_charset_is_honoured(write, page):
    legacy = page.replace('charset="utf-8"', 'charset="windows-1252"').replace("minister", "ministère")
    art = only(read(write("legacy.html", legacy.encode("cp1252"))))
    assert isinstance(art, Article)
    assert "ministère" in art.text


def test_html_offsets_refer_to_the_extracted_text(write, page):
    """Extraction on an HTML article: every span indexes the extracted text the output carries."""
    import according

    art = only(read(write("talks.html", page)))
    doc = according.extract(art.text, id=art.id, settings=Settings(mode="rules"), **art.meta)
    assert doc.text == art.text
    assert doc.attributions
    for a in doc.attributions:
        for s, e in a.content.pieces:
            assert doc.text[s:e] in a.content.text
        if a.cue:
            assert doc.text[a.cue.start:a.cue.end] == a.cue.text
    assert doc.to_dict()["title"] == "Port talks collapse"


def test_unknown_extension_is_sniffed_as_html_or_text(write, page, story):
    html = only(read(write("page.php", page)))
    text = only(read(write("README", story)))
    assert "Cookie" not in html.text and html.meta["title"] == "Port talks collapse"
    assert text.text == story and text.id == "README"


def test_unknown_extension_and_stdin_sniffed_as_jsonl(write, story):
    lines = "\n".join(json.dumps({"id": i, "text": story}) for i in ("a", "b")) + "\n"
    assert [a.id for a in read(write("batch.out", lines))] == ["a", "b"]
    arts = read("-", stdin=io.BytesIO(lines.encode()))
    assert [(a.id, a.origin) for a in arts] == [("a", "<stdin>:1"), ("b", "<stdin>:2")]


def test_json_file_is_refused_with_a_hint(write, story):
    err = error(read(write("articles.json", json.dumps([{"id": "a", "text": story}], indent=2))))
    assert "give JSONL" in err.message


def test_input_format_overrides_extension(write, page):
    art = only(read(write("page.txt", page), input_format="html"))
    assert "<p>" not in art.text


def test_jsonl_articles_ids_and_metadata_pass_through(write, story):
    lines = [
        {"id": "one", "text": story, "title": "T", "url": "https://x.example/1",
         "published": "2026-03-14", "outlet": "Harbour Times", "extra": [1, 2]},
        {"id": 2, "text": story.replace("\n", "\r\n")},
    ]
    path = write("batch.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n\n")
    first, second = read(path)
    assert (first.id, first.origin) == ("one", f"{path}:1")
    assert first.meta == {"title": "T", "url": "https://x.example/1", "published": "2026-03-14",
                          "outlet": "Harbour Times"}
    assert (second.id, second.meta, second.origin) == ("2", {}, f"{path}:2")
    assert "\r" not in second.text


def test_jsonl_leading_bom_and_blank_lines(write, story):
    path = write("bom.jsonl", "\ufeff" + json.dumps({"id": "a", "text": story}) + "\n\n  \n"
                 + json.dumps({"id": "b", "text": story}) + "\n")
    assert [(a.id, a.origin) for a in read(path)] == [("a", f"{path}:1"), ("b", f"{path}:4")]


def test_stdin_text_and_jsonl(story):
    art = only(read("-", stdin=io.BytesIO(story.encode())))
    assert (art.id, art.origin, art.text) == ("stdin", "<stdin>", story)
    line = json.dumps({"id": "s1", "text": story, "outlet": "Wire"}).encode()
    arts = read("-", stdin=io.BytesIO(line + b"\nnot json\n"), input_format="jsonl")
    assert arts[0].id == "s1" and arts[0].meta == {"outlet": "Wire"}
    assert isinstance(arts[1], InputError) and arts[1].where == "<stdin>:2"


def test_empty_stdin():
    assert error(read("-", stdin=io.BytesIO(b""))).message == "empty input"


def test_stdin_html_with_input_format(page):
    art = only(read("-", stdin=io.BytesIO(page.encode()), input_format="html"))
    assert art.id == "stdin" and art.meta["outlet"] == "Harbour Times" and "<p>" not in art.text


def test_jsonl_with_windows_line_ends(write, story):
    lines = "\r\n".join(json.dumps({"id": i, "text": story}) for i in ("a", "b")) + "\r\n"
    assert [a.id for a in read(write("crlf.jsonl", lines))] == ["a", "b"]


def test_stdin_given_twice_is_an_error(story):
    results = read("-", "-", stdin=io.BytesIO(story.encode()))
    assert isinstance(results[0], Article)
    assert error(results[1:]).where == "<stdin>"


def test_unknown_input_format_is_a_programming_error(write, story):
    with pytest.raises(ValueError, match="unknown input format"):
        read(write("a.txt", story), input_format="pdf")


# --------------------------------------------------------------------------- bad input


def test_bad_inputs_do_not_stop_the_others(write, story, tmp_path):
    good = write("good.txt", story)
    results = read(tmp_path / "missing.txt", write("empty.txt", ""), good, tmp_path)
    assert [type(r).__name__ for r in results] == ["InputError", "InputError", "Article", "InputError"]


def test_empty_file(write):
    err = error(read(path := write("empty.txt", b"")))
    assert err.where == str(path) and err.message == "empty file"


def test_whitespace_only_file(write):
    assert "only whitespace" in error(read(write("blank.txt", " \n\t\n"))).message


def test_binary_file_with_nul_bytes(write):
    assert "binary file" in error(read(write("data.txt", b"abc\x00\x01\x02def" * 10))).message


def test_binary_file_named_by_its_signature(write):
    assert "PDF" in error(read(write("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"))).message


def test_invalid_utf8_names_the_byte(write):
    data = b"Line one.\nThe minister said caf\xe9 prices rose."
    err = error(read(write("latin1.txt", data)))
    offset = data.index(b"\xe9")
    assert f"invalid UTF-8 at byte {offset} (0xE9, line 2)" in err.message


def test_utf16_with_bom_is_decoded(write, story):
    art = only(read(write("utf16.txt", story.encode("utf-16"))))
    assert art.text == story


def test_file_over_max_bytes_is_refused_from_its_size(write, tmp_path):
    """A 20 MB (sparse) file: refused from its size on disk, the message says how big."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(20 * 1024 * 1024)
    err = error(read(path))
    assert "20.0 MB" in err.message and "5.0 MB limit" in err.message


def test_file_over_max_bytes_never_read_whole(write, tmp_path, monkeypatch):
    """Refusing a huge file reads nothing of it (the size check comes first)."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(20 * 1024 * 1024)
    from according.readers import decode

    def fail(*_a, **_k):
        raise AssertionError("read_stream called on an oversized file")

    monkeypatch.setattr(decode, "read_stream", fail)
    assert "limit" in error(read(path)).message


def test_stream_over_max_bytes(story):
    small = Settings(max_bytes=100)
    err = error(read("-", settings=small, stdin=io.BytesIO(story.encode())))
    assert err.where == "<stdin>" and "larger than the 100 bytes limit" in err.message


def test_html_without_article_text(write):
    page = "<!DOCTYPE html><html><head><title>Menu</title></head><body><nav></nav></body></html>"
    assert error(read(write("empty.html", page))).message == "no article text found in the HTML"


def test_html_with_only_page_furniture(write):
    page = "<html><body><nav><a href='/'>Home</a></nav><p>Subscribe to our newsletter</p></body></html>"
    err = error(read(write("menu.html", page)))
    assert err.message.startswith("no article text found in the HTML (only")


def test_missing_path(tmp_path):
    err = error(read(tmp_path / "nope.txt"))
    assert err.message == "no such file" and err.where.endswith("nope.txt")


def test_missing_jsonl_path(tmp_path):
    assert error(read(tmp_path / "nope.jsonl")).message == "no such file"


def test_directory(tmp_path):
    assert "is a directory" in error(read(tmp_path)).message
    (tmp_path / "dir.jsonl").mkdir()
    assert "is a directory" in error(read(tmp_path / "dir.jsonl")).message


def test_unreadable_path(write, story, monkeypatch):
    path = write("secret.txt", story)

    def denied(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    assert error(read(path)).message == "permission denied"


def test_non_english_article_refused_unless_check_disabled(write, german):
    path = write("german.txt", german)
    err = error(read(path))
    assert "does not look like English" in err.message and "--no-language-check" in err.message
    assert only(read(path, check_language=False)).text == german


def test_non_english_jsonl_line_names_the_line(write, german, story):
    path = write("mixed.jsonl", json.dumps({"id": "en", "text": story}) + "\n"
                 + json.dumps({"id": "de", "text": german}) + "\n")
    results = read(path)
    assert results[0].id == "en"
    assert isinstance(results[1], InputError) and results[1].where == f"{path}:2"


def test_language_check_on_english_and_other_scripts(story, khamenei_text):
    assert guess_english(story).english
    assert guess_english(khamenei_text).english
    assert not guess_english("Министр заявил во вторник, что переговоры провалились. " * 5).english
    assert guess_english("Port talks collapse").english  # too short to judge


@pytest.mark.shared
def test_language_check_accepts_every_polnear_dev_article(polnear_dev):
    texts = sorted((polnear_dev / "text").glob("*.txt"))
    refused = [t.name for t in texts if not guess_english(t.read_text(encoding="utf-8")).english]
    assert texts and refused == []


def test_unbalanced_quotation_marks_are_read_normally(write):
    text = 'The minister said "we will not be held hostage. The union disagreed, it said.\n'
    assert only(read(write("unbalanced.txt", text))).text == text


@pytest.mark.parametrize(("line", "message"), [
    ("{not json", "invalid JSON"),
    ('["id", "text"]', "expected a JSON object"),
    ('{"text": "The minister said so."}', 'missing required field "id"'),
    ('{"id": "x"}', 'missing required field "text"'),
    ('{"id": "x", "text": 42}', '"text" must be a string, got a number'),
    ('{"id": true, "text": "The minister said so."}', '"id" must be a string or an integer'),
    ('{"id": "x", "text": "   "}', '"text" is empty'),
    ('{"id": "x", "text": "The minister said so.", "title": 3}', '"title" must be a string'),
])
def test_malformed_jsonl_line_names_file_and_line(write, story, line, message):
    good = json.dumps({"id": "ok", "text": story})
    path = write("batch.jsonl", f"{good}\n{line}\n{good}\n")
    results = read(path)
    assert [type(r).__name__ for r in results] == ["Article", "InputError", "Article"]
    assert results[1].where == f"{path}:2"
    assert message in results[1].message


def test_jsonl_unpaired_surrogate_is_refused(write, story):
    """JSON escapes can encode lone surrogates, which UTF-8 output cannot hold."""
    path = write("sur.jsonl", '{"id": "a", "text": "caf\\ud800"}\n{"id": "\\udc00", "text": "x"}\n')
    first, second = read(path)
    assert first.message == '"text" holds an unpaired surrogate (\\ud800) at character 3'
    assert second.where == f"{path}:2" and second.message.startswith('"id" holds an unpaired surrogate')


def test_file_name_that_is_not_utf8_gives_a_printable_id(tmp_path, story):
    import os

    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text(story)
    art = only(read(tmp_path / name))
    assert art.id == "caf\ufffd" and art.text == story


def test_jsonl_invalid_utf8_line(write, story):
    good = json.dumps({"id": "ok", "text": story}).encode()
    path = write("bad.jsonl", good + b'\n{"id": "x", "text": "caf\xe9"}\n')
    results = read(path)
    assert isinstance(results[1], InputError) and results[1].where == f"{path}:2"
    assert "invalid UTF-8 at byte 24" in results[1].message


def test_jsonl_line_over_max_bytes_is_skipped(write, story):
    small = Settings(max_bytes=200)
    long_line = json.dumps({"id": "big", "text": story * 20})
    short = json.dumps({"id": "s", "text": "The minister said so."})
    path = write("big.jsonl", f"{long_line}\n{short}\n")
    results = read(path, settings=small)
    assert isinstance(results[0], InputError) and results[0].where == f"{path}:1"
    assert "longer than the 200 bytes limit" in results[0].message
    assert isinstance(results[1], Article) and results[1].id == "s"


def test_empty_jsonl_file(write):
    assert "empty file" in error(read(write("empty.jsonl", "\n\n"))).message


def test_binary_jsonl_file(write):
    assert "binary file" in error(read(write("x.jsonl", b"\x1f\x8b\x08\x00gzipped"))).message


def test_parse_line_takes_bytes_or_text(story):
    from according.readers.jsonl import parse_line

    line = json.dumps({"id": "a", "text": story, "outlet": "Wire"})
    assert parse_line(line, "x:1") == parse_line(line.encode(), "x:1")
    with pytest.raises(InputError, match="invalid JSON"):
        parse_line("{", "x:2")
