"""Batch inputs of every kind: folders, JSONL(.gz), Parquet and WARC (generated with warcio)."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from according.batch.inputs import article_from_bytes, iter_articles, kind_of
from according.config import DEFAULT_SETTINGS
from according.errors import InputError
from according.readers.article import Article
from tests.batch.batch_articles import article_text, write_folder, write_jsonl


def _read(*inputs, **kw):
    items = list(iter_articles([str(i) for i in inputs], DEFAULT_SETTINGS, **kw))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, InputError)]


def page(i: int, title: str = "Council news") -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in article_text(i).split("\n\n"))
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title} {i}</title></head>"
            f"<body><nav><a href=\"/\">Home</a></nav><article><h1>{title} {i}</h1>{paragraphs}</article>"
            "<footer>Copyright Example News</footer></body></html>").encode()


def write_warc(path: Path, records: list[tuple[str, str, bytes, str, str]]) -> None:
    """WARC (gzip) records: (type, url, payload, content type, http status)."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n, (rec_type, url, payload, ctype, status) in enumerate(records):
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1") \
                if rec_type == "response" else None
            headers = {"WARC-Date": f"2024-03-{5 + n:02d}T10:00:00Z"}
            if rec_type == "conversion":
                headers["Content-Type"] = ctype
            record = writer.create_warc_record(url, rec_type, payload=io.BytesIO(payload), http_headers=http,
                                               warc_headers_dict=headers)
            writer.write_record(record)


def test_kind_by_name():
    assert kind_of("x/CC-NEWS-2024.warc.gz") == "warc"
    assert kind_of("a.parquet") == "parquet"
    assert kind_of("a.jsonl.gz") == "jsonl"
    assert kind_of("folder/") == "text"


def test_folder_is_read_recursively_with_path_ids(folder):
    root, ids = folder
    articles, errors = _read(root)
    assert not errors
    assert [a.id for a in articles] == sorted(ids, key=lambda i: ("/" in i, i))
    assert "more/story002" in ids
    assert [a.text for a in articles][0].startswith("Maria Lopez, the mayor")


def test_folder_reports_bad_files_and_goes_on(tmp_path):
    write_folder(tmp_path, 2, nested=False)
    (tmp_path / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "notes.csv").write_text("ignored,file\n")
    articles, errors = _read(tmp_path)
    assert len(articles) == 2
    assert len(errors) == 1 and errors[0].where.endswith("broken.txt") and "binary" in errors[0].message


def test_jsonl_and_jsonl_gz(tmp_path):
    ids = write_jsonl(tmp_path / "a.jsonl", 3)
    data = (tmp_path / "a.jsonl").read_bytes() + b"{not json}\n"
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(data.replace(b'"j', b'"z')))
    articles, errors = _read(tmp_path / "a.jsonl", tmp_path / "b.jsonl.gz")
    assert [a.id for a in articles] == ids + [i.replace("j", "z") for i in ids]
    assert articles[0].meta == {"title": "Story 0", "url": "https://example.org/0", "published": "2024-01-15",
                                "outlet": "Example News"}
    assert len(errors) == 1 and errors[0].where.endswith("b.jsonl.gz:4")
    assert "invalid JSON" in errors[0].message


def test_corrupt_gzip_is_one_error(tmp_path):
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(b'{"id": "x"}\n' * 50)[:40])
    _, errors = _read(tmp_path / "c.jsonl.gz")
    assert errors and all(e.where.startswith(str(tmp_path / "c.jsonl.gz")) for e in errors)


def test_parquet_with_text_column_option_and_metadata(tmp_path):
    path = tmp_path / "news.parquet"
    pq.write_table(pa.table({
        "body": [article_text(0), article_text(1), ""],
        "id": ["p0", "p1", "p2"],
        "url": ["https://example.org/p0", None, None],
        "published": pa.array([None, "2023-11-02", None], pa.string()),
        "extra": [1, 2, 3],
    }), path)
    articles, errors = _read(path, text_column="body")
    assert [a.id for a in articles] == ["p0", "p1"]
    assert articles[0].meta == {"url": "https://example.org/p0"}
    assert articles[1].meta == {"published": "2023-11-02"}
    assert len(errors) == 1 and errors[0].where == f"{path}:3" and "empty" in errors[0].message
    _, errors = _read(path)
    assert len(errors) == 1
    assert "no column 'text'" in errors[0].message and "--text-column" in errors[0].message


def test_parquet_without_id_column_gets_content_ids(tmp_path):
    path = tmp_path / "n.parquet"
    pq.write_table(pa.table({"text": [article_text(2), article_text(3)]}), path)
    articles, _ = _read(path)
    assert len({a.id for a in articles}) == 2 and all(a.id.startswith("sha256:") for a in articles)
    again, _ = _read(path)
    assert [a.id for a in again] == [a.id for a in articles]


def test_not_parquet_is_one_error(tmp_path):
    (tmp_path / "x.parquet").write_text("hello")
    articles, errors = _read(tmp_path / "x.parquet")
    assert not articles and len(errors) == 1 and "Parquet" in errors[0].message


def test_warc_html_responses_become_articles(tmp_path):
    path = tmp_path / "CC-NEWS-test.warc.gz"
    write_warc(path, [
        ("response", "https://example.org/a", page(0), "text/html; charset=utf-8", "200 OK"),
        ("response", "https://example.org/logo.png", b"\x89PNG....", "image/png", "200 OK"),
        ("response", "https://example.org/gone", page(1), "text/html", "404 Not Found"),
        ("response", "https://example.org/b", page(2), "text/html", "200 OK"),
        ("response", "https://example.org/empty", b"<html><body></body></html>", "text/html", "200 OK"),
    ])
    articles, errors = _read(path)
    assert [a.meta["url"] for a in articles] == ["https://example.org/a", "https://example.org/b"]
    assert articles[0].meta["published"] == "2024-03-05" and articles[1].meta["published"] == "2024-03-08"
    assert "We will finish the work on the harbour" in articles[0].text
    assert "Copyright" not in articles[0].text
    assert len({a.id for a in articles}) == 2
    assert len(errors) == 1 and "example.org/empty" in errors[0].where


def test_wet_conversion_records_are_plain_text(tmp_path):
    path = tmp_path / "x.warc.wet.gz"
    write_warc(path, [("conversion", "https://example.org/w", article_text(4).encode(), "text/plain", "")])
    articles, errors = _read(path)
    assert not errors and articles[0].text == article_text(4)


def test_not_a_warc_is_one_error(tmp_path):
    (tmp_path / "bad.warc.gz").write_bytes(gzip.compress(b"this is not a warc file\n" * 3))
    articles, errors = _read(tmp_path / "bad.warc.gz")
    assert not articles and len(errors) == 1 and "WARC" in errors[0].message


@pytest.mark.parametrize("name", ["story.txt", "page.html"])
def test_bytes_reader_matches_the_file_reader(tmp_path, name):
    data = page(5) if name.endswith("html") else article_text(5).encode()
    (tmp_path / name).write_bytes(data)
    [from_file], _ = _read(tmp_path)
    from_bytes = article_from_bytes(name, from_file.id, data, DEFAULT_SETTINGS)
    assert isinstance(from_bytes, Article)
    assert (from_bytes.id, from_bytes.text, from_bytes.meta) == (from_file.id, from_file.text, from_file.meta)
