"""JSON Lines (``.jsonl``): one article per line, ``{"id": …, "text": …}``.

``id`` and ``text`` are required; ``title``, ``url``, ``published`` and ``outlet`` are
optional and passed through to the output; other fields are ignored. Blank lines are
skipped. The file is streamed line by line, so it may be of any size; the
``settings.max_bytes`` limit applies to each line (one article).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from according.config import Settings
from according.errors import InputError
from according.readers.article import Article
from according.readers.decode import check_binary, decode_utf8, human_size, normalise, open_path
from according.readers.text import source_name
from according.registry import readers
from according.schema import META_FIELDS

#: Read size while skipping the rest of an over-long line.
_CHUNK = 1 << 20


def _lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[bytes, bool]]:
    """(line, too_long) pairs; an over-long line is skipped without being held in memory."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield b"", True
        else:
            yield line, False


def parse_line(line: bytes | str, where: str) -> Article:
    """One JSONL line (raw bytes, or already-decoded text) as an Article; InputError names
    what is wrong with it."""
    if isinstance(line, str):
        raw = line
    elif b"\x00" in line:
        raise InputError(where, "binary data (NUL bytes), not a JSON line")
    else:
        raw = decode_utf8(line, where, "line")
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise InputError(where, f"expected a JSON object with \"id\" and \"text\", got {_kind(obj)}")
    missing = [k for k in ("id", "text") if obj.get(k) is None]
    if missing:
        raise InputError(where, "missing required field " + " and ".join(f'"{k}"' for k in missing))
    for key, value in obj.items():
        if key in ("id", "text", *META_FIELDS) and isinstance(value, str):
            _check_encodable(value, key, where)
    doc_id, text = obj["id"], obj["text"]
    if isinstance(doc_id, bool) or not isinstance(doc_id, str | int):
        raise InputError(where, f"\"id\" must be a string or an integer, got {_kind(doc_id)}")
    if not str(doc_id).strip():
        raise InputError(where, "\"id\" is empty")
    if not isinstance(text, str):
        raise InputError(where, f"\"text\" must be a string, got {_kind(text)}")
    text = normalise(text)
    if not text.strip():
        raise InputError(where, "\"text\" is empty")
    meta: dict[str, Any] = {}
    for key in META_FIELDS:
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(where, f"\"{key}\" must be a string, got {_kind(value)}")
        meta[key] = value
    return Article(id=str(doc_id), text=text, meta=meta, origin=where)


def _check_encodable(value: str, key: str, where: str) -> None:
    """Refuse lone surrogates (JSON allows ``\\ud800``; UTF-8 output cannot hold them)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(where, f"\"{key}\" holds an unpaired surrogate "
                                f"(\\u{ord(value[exc.start]):04x}) at character {exc.start}") from None


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number",
             bool: "a boolean", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _read_stream(stream: BinaryIO, settings: Settings, where: str) -> Iterator[Article | InputError]:
    head = stream.peek(16)[:16] if hasattr(stream, "peek") else b""
    if head:
        try:
            check_binary(head, where)
        except InputError as err:
            yield err
            return
    seen = False
    for number, (line, too_long) in enumerate(_lines(stream, settings.max_bytes), start=1):
        at = f"{where}:{number}"
        if too_long:
            seen = True
            yield InputError(at, f"line is longer than the {human_size(settings.max_bytes)} limit "
                                 "(settings.max_bytes)")
            continue
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line.strip():
            continue
        seen = True
        try:
            yield parse_line(line, at)
        except InputError as err:
            yield err
    if not seen:
        yield InputError(where, "empty file (no JSON lines)")


@readers.register("jsonl")
def read_jsonl(source: Path | BinaryIO, settings: Settings, name: str | None = None
               ) -> Iterator[Article | InputError]:
    """Articles from a JSONL file or stream, one per line, errors per line (``file:LINE``)."""
    where = source_name(source, name)
    try:
        stream = open_path(source, where) if isinstance(source, Path) else source
    except InputError as err:
        yield err
        return
    try:
        yield from _read_stream(stream, settings, where)
    except OSError as exc:
        yield InputError(where, f"cannot read: {exc.strerror or exc}")
    finally:
        if stream is not source:
            stream.close()
