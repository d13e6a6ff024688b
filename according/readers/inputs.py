"""``read_inputs``: paths and ``-`` (stdin) → a stream of Articles and InputErrors.

The format comes from ``input_format`` or, when that is None/"auto", from the file
extension; files with another extension, and stdin, are read by content: JSONL when the
first line is an article object, HTML when it starts like a page, else plain text.
Bad input never raises: it is yielded as an ``InputError`` naming the input (``file``
or ``file:LINE``) and reading goes on with the next one.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from according.config import Settings
from according.errors import InputError
from according.readers.article import Article
from according.readers.decode import bytes_to_text
from according.readers.html import html_article, looks_like_html
from according.readers.language import language_problem
from according.readers.text import STDIN_NAME, read_bytes, source_id, source_name
from according.registry import readers

#: Input formats a user can name; "auto" picks by extension.
INPUT_FORMATS = ("auto", "txt", "html", "jsonl")
#: File extensions → reader names.
FORMAT_BY_SUFFIX = {
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}
STDIN = "-"


def format_for(path: Path) -> str | None:
    """The reader for a path by its extension, or None when the extension says nothing."""
    return FORMAT_BY_SUFFIX.get(path.suffix.lower())


def looks_like_jsonl(text: str) -> bool:
    """Whether a text's first line is a JSON object with a "text" field (an article line)."""
    first = text.lstrip().split("\n", 1)[0]
    if not first.startswith("{"):
        return False
    try:
        obj = json.loads(first)
    except ValueError:
        return False
    return isinstance(obj, dict) and "text" in obj


def _read_sniffed(source: Path | BinaryIO, settings: Settings) -> Iterator[Article | InputError]:
    """Articles from an input of unknown format: JSONL, an HTML page or plain text, by content.

    The whole input must then fit in ``settings.max_bytes``; name the format for larger
    JSONL streams.
    """
    where = source_name(source, None)
    try:
        data = read_bytes(source, settings, where)
        text = bytes_to_text(data, where, "file" if isinstance(source, Path) else "input")
        if looks_like_jsonl(text):
            yield from readers.get("jsonl")(io.BytesIO(data), settings, where)
        elif looks_like_html(text):
            yield html_article(text, where, source_id(source))
        else:
            yield Article(id=source_id(source), text=text, origin=where)
    except InputError as err:
        if "limit" in err.message and not isinstance(source, Path):
            err = InputError(err.where, f"{err.message}; for a JSONL stream use --input-format jsonl")
        yield err


def _read_one(name: str, settings: Settings, input_format: str | None,
              stdin: BinaryIO | None) -> Iterator[Article | InputError]:
    fmt = None if input_format in (None, "auto") else input_format
    if name == STDIN:
        stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
        if stream is None:
            yield InputError(STDIN_NAME, "standard input is closed")
            return
        yield from readers.get(fmt)(stream, settings) if fmt else _read_sniffed(stream, settings)
        return
    path = Path(name)
    if not fmt and path.suffix.lower() == ".json":
        yield InputError(name, "JSON files are not an input format: give JSONL (.jsonl, one article "
                               'object {"id", "text"} per line), or choose one with --input-format')
        return
    fmt = fmt or format_for(path)
    yield from readers.get(fmt)(path, settings, name) if fmt else _read_sniffed(path, settings)


def read_inputs(inputs: Iterable[str | Path], settings: Settings, input_format: str | None = None,
                *, check_language: bool = True, stdin: BinaryIO | None = None
                ) -> Iterator[Article | InputError]:
    """Articles from each input in order, with an ``InputError`` in place of each bad one.

    ``inputs`` are paths, or ``-`` for standard input (read once; ``stdin`` overrides
    ``sys.stdin.buffer``). ``check_language`` refuses articles that do not look English.
    """
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r} (known: {', '.join(INPUT_FORMATS)})")
    stdin_used = False
    for item in inputs:
        name = str(item)
        if name == STDIN:
            if stdin_used:
                yield InputError(STDIN_NAME, "standard input given more than once")
                continue
            stdin_used = True
        for result in _read_one(name, settings, input_format, stdin):
            if isinstance(result, Article) and check_language:
                problem = language_problem(result.text)
                if problem:
                    yield InputError(result.origin, problem)
                    continue
            yield result
