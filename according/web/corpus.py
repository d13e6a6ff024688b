"""The app's handle on the corpus store: opened once, lazily, with store errors as HTTP errors.

Every query goes through ``according.store`` (``open_store(target) -> Store``); the web layer
never builds SQL. Results are turned into JSON-ready values by ``jsonable``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Mapping
from typing import Any

from fastapi import HTTPException

from according.errors import StoreError


class Corpus:
    """Lazily opened store for ``target`` (None: an extraction-only server, corpus routes 503)."""

    def __init__(self, target: str | None) -> None:
        self.target = target
        self._store: Any = None
        self._lock = threading.Lock()

    @property
    def store(self) -> Any:
        if self.target is None:
            raise HTTPException(503, "no corpus configured: start the server with --db TARGET")
        with self._lock:
            if self._store is None:
                try:
                    from according.store import open_store
                except ImportError as exc:
                    raise HTTPException(503, f"corpus back end not available: {exc}") from None
                try:
                    self._store = open_store(self.target)
                except StoreError as exc:
                    raise HTTPException(503, f"corpus unavailable: {exc}") from None
            return self._store

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """``store.method(*args, **kwargs)`` with store errors turned into 503 / bad filters into 400."""
        fn = getattr(self.store, method, None)
        if fn is None:
            raise HTTPException(503, f"the corpus back end has no {method!r} query")
        try:
            return fn(*args, **kwargs)
        except StoreError as exc:
            raise HTTPException(503, f"corpus unavailable: {exc}") from None
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None

    def close(self) -> None:
        with self._lock:
            if self._store is not None and hasattr(self._store, "close"):
                self._store.close()
            self._store = None


def jsonable(value: Any) -> Any:
    """Store results (dataclasses, ``to_dict`` objects, rows, dates) as plain JSON values."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if hasattr(value, "to_dict"):
        return jsonable(value.to_dict())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if hasattr(value, "_mapping"):
        return jsonable(dict(value._mapping))
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return str(value)
