"""Plain-text articles (``.txt``): the whole file is the article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from according.config import Settings
from according.errors import InputError
from according.readers.article import Article
from according.readers.decode import bytes_to_text, read_path, read_stream
from according.registry import readers

#: Name and id used for standard input.
STDIN_NAME = "<stdin>"
STDIN_ID = "stdin"


def source_name(source: Path | BinaryIO, name: str | None) -> str:
    """How an input is named in messages: the path as given, or ``<stdin>``."""
    if name is not None:
        return name
    return str(source) if isinstance(source, Path) else STDIN_NAME


def source_id(source: Path | BinaryIO) -> str:
    """An article id for a whole-file input: the file name without its extension."""
    if not isinstance(source, Path):
        return STDIN_ID
    # A file name that is not valid UTF-8 arrives with surrogate escapes; show them as U+FFFD.
    return source.stem.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_bytes(source: Path | BinaryIO, settings: Settings, where: str) -> bytes:
    """All bytes of a file or stream, within ``settings.max_bytes``."""
    if isinstance(source, Path):
        return read_path(source, settings.max_bytes, where)
    try:
        return read_stream(source, settings.max_bytes, where)
    except OSError as exc:
        raise InputError(where, f"cannot read: {exc.strerror or exc}") from None


@readers.register("txt")
def read_text(source: Path | BinaryIO, settings: Settings, name: str | None = None
              ) -> Iterator[Article | InputError]:
    """One article from a UTF-8 text file or stream."""
    where = source_name(source, name)
    try:
        text = bytes_to_text(read_bytes(source, settings, where), where,
                             "file" if isinstance(source, Path) else "input")
    except InputError as err:
        yield err
        return
    yield Article(id=source_id(source), text=text, origin=where)
