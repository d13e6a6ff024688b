"""Publication dates: whatever the input gave → naive UTC ``datetime`` for filtering."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

from according.errors import InputError


def parse_date(value: object, strict: bool = False) -> datetime | None:
    """ISO 8601 (``2016-11-08``, ``2016-11-08T14:00:00Z``) or RFC 2822 → naive UTC datetime.

    Unparseable values give None, or an ``InputError`` when ``strict`` (user-typed filters).
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    else:
        s = str(value).strip()
        try:
            dt = datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s)
        except ValueError:
            try:
                dt = parsedate_to_datetime(s)
            except (TypeError, ValueError, IndexError):
                if strict:
                    raise InputError(repr(s), "not a date (use YYYY-MM-DD or ISO 8601)") from None
                return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt


def isoformat(dt: datetime | None) -> str | None:
    """``2016-11-08`` for midnight, full ISO otherwise."""
    if dt is None:
        return None
    if dt.time() == datetime.min.time():
        return dt.date().isoformat()
    return dt.isoformat()
