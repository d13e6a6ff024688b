"""Raw bytes → article text, refusing what is not a readable UTF-8 text.

Normalisation is deliberately minimal so that offsets stay meaningful: a leading byte
order mark is removed and Windows (``\\r\\n``) and old Mac (``\\r``) line ends become
``\\n``. Nothing else is touched (no whitespace stripping, no Unicode normalisation).
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from typing import BinaryIO

from according.errors import InputError

#: How much of the start of an input is inspected for binary signatures.
SNIFF_BYTES = 8192
#: File signatures of common non-text formats, named in the error message.
MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (e.g. .docx, .xlsx, .epub)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "an executable"),
)


def human_size(n: int) -> str:
    """Bytes as a short human-readable size (``20.0 MB``)."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    raise AssertionError("unreachable")


def _too_big(size: int, max_bytes: int) -> str:
    return f"input is {human_size(size)}, over the {human_size(max_bytes)} limit (settings.max_bytes)"


def open_path(path: Path, where: str) -> BinaryIO:
    """A file opened for binary reading; InputError for directories and unreadable paths."""
    if path.is_dir():
        raise InputError(where, "is a directory, not a file (pass the files in it, e.g. DIR/*.txt)")
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(where, "no such file") from None
    except PermissionError:
        raise InputError(where, "permission denied") from None
    except OSError as exc:
        raise InputError(where, f"cannot read: {exc.strerror or exc}") from None


def read_path(path: Path, max_bytes: int, where: str) -> bytes:
    """A file's bytes, refusing missing, unreadable, directory and oversized inputs.

    The size is checked on the open file before reading, so a huge file is refused at
    once; at most ``max_bytes + 1`` bytes are ever read (also for pipes and devices).
    """
    with open_path(path, where) as fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise InputError(where, _too_big(size, max_bytes))
            return read_stream(fh, max_bytes, where)
        except OSError as exc:
            raise InputError(where, f"cannot read: {exc.strerror or exc}") from None


def read_stream(stream: BinaryIO, max_bytes: int, where: str) -> bytes:
    """Up to ``max_bytes`` from a binary stream, refusing longer input without reading on."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        limit = human_size(max_bytes)
        raise InputError(where, f"input is larger than the {limit} limit (settings.max_bytes)")
    return data


def check_binary(data: bytes, where: str) -> None:
    """Refuse data that is evidently not text (known signatures, NUL bytes)."""
    head = data[:SNIFF_BYTES]
    for magic, what in MAGIC:
        if head.startswith(magic):
            raise InputError(where, f"binary file ({what}), not text")
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(where, "binary file (contains NUL bytes), not text")


def decode_utf8(data: bytes, where: str, what: str = "file") -> str:
    """Strict UTF-8 (or BOM-marked UTF-16) decoding; the error names the offending byte."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(where, f"invalid UTF-16 at byte {exc.start}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start:exc.start + 1].hex().upper()
        raise InputError(
            where, f"invalid UTF-8 at byte {exc.start} (0x{bad}, line {line}) of the {what}; "
                   "save it as UTF-8") from None


def normalise(text: str) -> str:
    """Strip a leading BOM and turn ``\\r\\n``/``\\r`` line ends into ``\\n`` (nothing else)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def bytes_to_text(data: bytes, where: str, what: str = "file") -> str:
    """Validated, normalised text from raw bytes; refuses empty, binary and non-UTF-8 data."""
    if not data:
        raise InputError(where, f"empty {what}")
    check_binary(data, where)
    text = normalise(decode_utf8(data, where, what))
    if not text.strip():
        raise InputError(where, f"no text (the {what} holds only whitespace)")
    return text
