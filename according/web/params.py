"""Request parameters as bounded types, checked at the edge before anything reaches the store.

Integers are ASCII digits only (``²`` or Arabic-Indic ``٣`` are refused, never read as numbers),
row ids fit a signed 64-bit column, text filters hold no control characters, and an identifier
made of digits always means a store row: the same rules apply when an id is written and read.
"""

from __future__ import annotations

import re

from fastapi import HTTPException
from pydantic import BeforeValidator

from according.store.tables import row_id as store_row_id

#: Largest page offset a request may ask for.
MAX_OFFSET = 10_000_000
#: Longest identifier (document id, speaker name) a request may carry.
MAX_ID_CHARS = 200
#: Longest metadata value (title, url, published, outlet).
MAX_META_CHARS = 2000
#: No control characters (they can only be mistakes, and PostgreSQL refuses NUL in text).
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
#: ASCII digits; a zero fraction ("30.0") is still a whole number, as JSON Schema counts integers.
_ASCII_INT = re.compile(r"(-?[0-9]{1,19})(?:\.0*)?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _ascii_int(value: object) -> object:
    """A query string as an int only when it is plain ASCII digits (no ``+``, ``_``, spaces, ``٣``)."""
    if isinstance(value, str):
        match = _ASCII_INT.fullmatch(value)
        if match is None:
            raise ValueError("must be a whole number written with the ASCII digits 0-9")
        return int(match[1])
    return value


#: Marks an integer query parameter as ASCII digits only: ``Annotated[int, Query(ge=0), ASCII_INT]``
#: (beside ``Query``, not nested in another ``Annotated``, so the bounds reach the OpenAPI document).
ASCII_INT = BeforeValidator(_ascii_int)


def row_id(ident: str) -> int | None:
    """The store row ``ident`` names when it is all digits, else None (``store.tables.row_id``).

    Digits that are not ASCII and numbers past ``MAX_ROW_ID`` name nothing: 404 with the reason,
    rather than reading ``٣`` as 3 or overflowing the database's integer.
    """
    try:
        return store_row_id(ident)
    except ValueError as exc:
        raise HTTPException(404, f"no such id: {exc}") from None


def check_ident(ident: str | None) -> str | None:
    """``ident`` (an id, name or alias) unchanged once its numeric form is valid (see ``row_id``)."""
    if ident is not None:
        row_id(ident)
    return ident


def document_key(ident: str) -> str | int:
    """What a ``/documents/{id}`` path names: a store row (digits) or a document id / text hash."""
    n = row_id(ident)
    return ident if n is None else n


def check_new_document_id(doc_id: str) -> str:
    """A client-chosen document id: printable, at most MAX_ID_CHARS, and not all digits.

    Digits name store rows (``/api/documents/1`` is row 1), so a document stored under the id
    "1" could never be fetched by it; such ids are refused rather than shadowed.
    """
    if not doc_id.strip():
        raise HTTPException(422, "id: the document id is blank")
    if len(doc_id) > MAX_ID_CHARS:
        raise HTTPException(422, f"id: the document id is longer than {MAX_ID_CHARS} characters")
    if _CONTROL.search(doc_id):
        raise HTTPException(422, "id: the document id holds a control character")
    if doc_id.strip().isdigit():
        raise HTTPException(422, "id: a document id may not be all digits (digits name store rows)")
    return doc_id


def check_meta(name: str, value: str) -> str:
    """A metadata field (title, url, published, outlet): no control characters, bounded length."""
    if _CONTROL.search(value):
        raise HTTPException(422, f"{name}: holds a control character")
    if len(value) > MAX_META_CHARS:
        raise HTTPException(422, f"{name}: longer than {MAX_META_CHARS} characters")
    return value


def check_article_text(text: str) -> str:
    """Article text both back ends can store: not blank, valid UTF-8, no NUL."""
    if not text.strip():
        raise HTTPException(422, "the article text is empty")
    if "\x00" in text:
        raise HTTPException(422, "the article text holds a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise HTTPException(422, "the article text holds unpaired surrogates") from None
    return text
