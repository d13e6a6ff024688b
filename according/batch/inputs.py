"""Batch inputs → a stream of Articles and InputErrors, never loading an archive whole.

Kinds, picked per input:

- a folder: every ``.txt``/``.html``/``.htm`` (and ``.jsonl``) file below it, in sorted
  order, read by ``according.readers``; an article's id is its path below the folder
  without the extension (``2024/story``), so files of the same name in different
  sub-folders stay apart (a file directly in the folder keeps ``according extract``'s id);
- ``.jsonl`` / ``.jsonl.gz``: one article per line (``according.readers.jsonl``);
- ``.parquet``: one article per row, read in record batches; the text column is
  configurable, ``id``/``title``/``url``/``published``/``outlet`` columns are used when
  present (without an id column, an article's id is ``sha256:`` and the first 16 hex digits
  of its text's hash — stable across runs and the same in the Spark job);
- ``.warc`` / ``.warc.gz`` (Common Crawl News): every HTML ``response`` record becomes an
  article through the core's HTML reader (``according.readers.html``); ``url`` comes from
  ``WARC-Target-URI``, ``published`` from the page's own date when it declares one, else
  from ``WARC-Date``; the id is the ``WARC-Record-ID`` uuid. Plain-text ``conversion``
  records (WET files) are read as they are;
- anything else: ``according.readers.read_inputs`` (``.txt``, ``.html``, ``-`` for stdin).
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from according.config import Settings
from according.errors import InputError
from according.readers import read_inputs
from according.readers.article import Article
from according.readers.decode import bytes_to_text, human_size, normalise
from according.readers.html import decode_html, html_article
from according.readers.jsonl import read_jsonl
from according.readers.language import language_problem
from according.schema import META_FIELDS, text_sha256

#: File suffixes picked up inside folders.
FOLDER_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
#: Input kinds a user can name (``--input-format``); "auto" picks by name.
INPUT_KINDS = ("auto", "text", "jsonl", "parquet", "warc")
#: Rows per Parquet record batch (bounds memory on large files).
PARQUET_BATCH_ROWS = 256
#: Content types of WARC responses read as HTML.
HTML_TYPES = ("text/html", "application/xhtml+xml")


def kind_of(path: str) -> str:
    """The input kind of a path by its name: folder → text, else by suffix."""
    lower = path.lower().rstrip("/")
    if lower.endswith((".warc", ".warc.gz", ".arc.gz", ".wet.gz", ".wet")):
        return "warc"
    if lower.endswith((".parquet", ".pq")):
        return "parquet"
    if lower.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")):
        return "jsonl"
    return "text"


def iter_articles(inputs: Iterable[str | Path], settings: Settings, *, text_column: str = "text",
                  input_format: str | None = None, check_language: bool = True
                  ) -> Iterator[Article | InputError]:
    """Articles from every input in order, an ``InputError`` in place of each bad one."""
    for item in inputs:
        name = str(item)
        kind = kind_of(name) if input_format in (None, "auto") else input_format
        if name != "-" and os.path.isdir(name):
            yield from _folder(Path(name), settings, check_language)
        elif kind == "parquet":
            yield from _checked(read_parquet(Path(name), settings, text_column), check_language)
        elif kind == "warc":
            yield from _checked(read_warc(Path(name), settings), check_language)
        elif kind == "jsonl" and name.lower().endswith(".gz"):
            yield from _checked(_read_jsonl_gz(Path(name), settings), check_language)
        else:
            fmt = "jsonl" if kind == "jsonl" else None
            yield from read_inputs([name], settings, fmt, check_language=check_language)


def _checked(items: Iterable[Article | InputError], check_language: bool) -> Iterator[Article | InputError]:
    """The readers' language check on articles from the batch-only kinds."""
    for item in items:
        if isinstance(item, Article) and check_language:
            problem = language_problem(item.text)
            if problem:
                yield InputError(item.origin, problem)
                continue
        yield item


def _folder(root: Path, settings: Settings, check_language: bool) -> Iterator[Article | InputError]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if not filename.lower().endswith(FOLDER_SUFFIXES) or filename.startswith("."):
                continue
            relative = path.relative_to(root).with_suffix("").as_posix()
            for item in read_inputs([path], settings, check_language=check_language):
                if isinstance(item, Article) and not filename.lower().endswith(".jsonl"):
                    item.id = relative
                yield item


def _read_jsonl_gz(path: Path, settings: Settings) -> Iterator[Article | InputError]:
    try:
        fh = gzip.open(path, "rb")
    except OSError as exc:
        yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        try:
            yield from read_jsonl(fh, settings, str(path))  # type: ignore[arg-type]
        except (OSError, EOFError) as exc:
            yield InputError(str(path), f"cannot read the gzip stream: {exc}")


# -- Parquet ---------------------------------------------------------------------------------

def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def read_parquet(path: Path, settings: Settings, text_column: str = "text"
                 ) -> Iterator[Article | InputError]:
    """One article per row of a Parquet file, streamed in record batches."""
    import pyarrow.parquet as pq

    where = str(path)
    try:
        pf = pq.ParquetFile(path)
    except FileNotFoundError:
        yield InputError(where, "no such file")
        return
    except Exception as exc:  # ArrowInvalid, OSError: not a Parquet file
        yield InputError(where, f"cannot read as Parquet ({type(exc).__name__}: {exc})")
        return
    names = pf.schema_arrow.names
    if text_column not in names:
        yield InputError(where, f"no column {text_column!r} (columns: {', '.join(names)}); "
                                "name the text column with --text-column")
        return
    wanted = [text_column] + [c for c in ("id", *META_FIELDS) if c in names and c != text_column]
    row = 0
    try:
        for batch in pf.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=wanted):
            for record in batch.to_pylist():
                row += 1
                yield parquet_row(record, text_column, f"{where}:{row}", settings)
    except Exception as exc:  # a corrupt page mid-file
        yield InputError(f"{where}:{row + 1}", f"cannot read the row ({type(exc).__name__}: {exc})")


def parquet_row(record: dict[str, Any], text_column: str, at: str, settings: Settings
                ) -> Article | InputError:
    """The Article of one Parquet row (``at`` names it in errors)."""
    text = record.get(text_column)
    if isinstance(text, bytes):
        try:
            text = bytes_to_text(text, at, "value")
        except InputError as err:
            return err
    if not isinstance(text, str) or not text.strip():
        return InputError(at, f"column {text_column!r} is empty")
    if len(text.encode("utf-8")) > settings.max_bytes:
        return InputError(at, f"text is over the {human_size(settings.max_bytes)} limit (settings.max_bytes)")
    text = normalise(text)
    doc_id = _as_text(record.get("id")) or f"sha256:{text_sha256(text)[:16]}"
    meta = {k: _as_text(record.get(k)) for k in META_FIELDS if record.get(k) is not None}
    return Article(id=doc_id, text=text, meta=meta, origin=at)


# -- WARC ------------------------------------------------------------------------------------

def read_warc(path: Path, settings: Settings) -> Iterator[Article | InputError]:
    """Articles from the HTML responses (and WET text conversions) of a WARC file."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    where = str(path)
    try:
        fh = open(path, "rb")  # noqa: SIM115  (closed below)
    except FileNotFoundError:
        yield InputError(where, "no such file")
        return
    except OSError as exc:
        yield InputError(where, f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        try:
            for record in ArchiveIterator(fh):
                item = warc_record_article(record, where, settings)
                if item is not None:
                    yield item
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            yield InputError(where, f"not a readable WARC file ({type(exc).__name__}: {exc})")


def warc_record_article(record: Any, where: str, settings: Settings) -> Article | InputError | None:
    """An Article from one WARC record, an InputError, or None for records that hold none."""
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    record_id = (headers.get_header("WARC-Record-ID") or "").strip("<>")
    record_id = record_id.removeprefix("urn:uuid:")
    at = f"{where}:{url or record_id}"
    if record.rec_type == "response":
        if record.http_headers is None or record.http_headers.get_statuscode() != "200":
            return None
        ctype = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
        if ctype not in HTML_TYPES:
            return None
    elif record.rec_type != "conversion":
        return None
    data = record.content_stream().read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        limit = human_size(settings.max_bytes)
        return InputError(at, f"record is over the {limit} limit (settings.max_bytes)")
    meta: dict[str, Any] = {}
    try:
        if record.rec_type == "response":
            article = html_article(decode_html(data, at), at, record_id)
            meta.update(article.meta)
            text = article.text
        else:
            text = bytes_to_text(data, at, "record")
    except InputError as err:
        return err
    if url:
        meta["url"] = url
    date = headers.get_header("WARC-Date")
    if date and "published" not in meta:
        meta["published"] = date[:10]
    return Article(id=record_id or at, text=text, meta=meta, origin=at)


def article_from_bytes(name: str, doc_id: str, data: bytes, settings: Settings,
                       check_language: bool = True) -> Article | InputError:
    """A whole-file text/HTML article from its bytes, exactly as ``read_inputs`` reads it.

    Used where files arrive as bytes rather than local paths (Spark's binaryFile source).
    """
    from according.readers.html import looks_like_html

    try:
        if len(data) > settings.max_bytes:
            raise InputError(name, f"input is {human_size(len(data))}, over the "
                                   f"{human_size(settings.max_bytes)} limit (settings.max_bytes)")
        if name.lower().endswith((".html", ".htm", ".xhtml")):
            article = html_article(decode_html(data, name), name, doc_id)
        else:
            text = bytes_to_text(data, name)
            suffix = Path(name).suffix.lower()
            if suffix not in (".txt", ".text") and looks_like_html(text):
                article = html_article(text, name, doc_id)
            else:
                article = Article(id=doc_id, text=text, origin=name)
    except InputError as err:
        return err
    if check_language:
        problem = language_problem(article.text)
        if problem:
            return InputError(name, problem)
    return article
