"""Database errors as one line: the message a ``StoreError`` carries."""

from __future__ import annotations


def describe(exc: BaseException) -> str:
    """The first line of a database error, without SQLAlchemy's boilerplate."""
    orig = getattr(exc, "orig", None) or exc
    lines = [ln.strip() for ln in str(orig).strip().splitlines() if ln.strip()]
    return lines[0] if lines else type(orig).__name__
