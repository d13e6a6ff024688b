"""The app's handle on the corpus store: opened once, lazily, with store errors as HTTP errors.

Every query goes through ``according.store`` (``open_store(target) -> Store``); the web layer
never builds SQL. Where the store has no query for a page (a speaker's profile, name search,
filtered full-text search) this module composes its public queries over a bounded window.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from fastapi import HTTPException

from according.errors import InputError, StoreError

log = logging.getLogger("according.web")
#: What a client learns when the store fails: never the database URL or file path (those go to the log).
UNAVAILABLE = "corpus unavailable: the database cannot be reached or read (see the server log)"
#: Most rows scanned when a page filters the store's results itself.
SCAN_LIMIT = 2000
#: Most quotes read to build one speaker's profile.
PROFILE_QUOTES = 1000
#: Store queries running at once; more threads only fight over the GIL and the connection pool.
MAX_CONCURRENT_QUERIES = 4



def _http_error(exc: StoreError) -> HTTPException:
    """A store error as its HTTP status: a speaker name that matches none (404) or several
    (409, the candidates listed), else the corpus unavailable (503)."""
    if exc.status == 503:
        return unavailable(exc)
    return HTTPException(exc.status, str(exc))


class Corpus:
    """Lazily opened store for ``target`` (None: an extraction-only server, corpus routes 503)."""

    def __init__(self, target: str | None, create: bool = False) -> None:
        self.target = target
        #: Whether a missing SQLite file may be created (a server that takes writes), else 503.
        self.create = create
        self._store: Any = None
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(MAX_CONCURRENT_QUERIES)

    @property
    def store(self) -> Any:
        if self.target is None:
            raise HTTPException(503, "no corpus configured: start the server with --db TARGET")
        with self._lock:
            if self._store is None:
                try:
                    from according.store import open_store

                    self._store = open_store(self.target, create=self.create)
                except (ImportError, StoreError) as exc:
                    raise unavailable(exc) from None
            return self._store

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """``store.method(*args, **kwargs)``: store errors → 503, bad filter values → 400."""
        fn: Callable[..., Any] | None = getattr(self.store, method, None)
        if fn is None:
            raise HTTPException(503, f"the corpus back end has no {method!r} query")
        try:
            with self._slots:
                return fn(*args, **kwargs)
        except InputError as exc:
            raise HTTPException(400, str(exc)) from None
        except StoreError as exc:
            raise _http_error(exc) from None
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None

    def close(self) -> None:
        with self._lock:
            if self._store is not None and hasattr(self._store, "close"):
                self._store.close()
            self._store = None

    # -- compositions of the store's queries ------------------------------------------------

    def resolve_speaker(self, ident: str) -> dict[str, Any]:
        """The speaker an id, name or alias designates: 404 when none, 409 when ambiguous."""
        store = self.store
        try:
            with self._slots:
                return store.resolve_speaker(ident)
        except StoreError as exc:
            raise _http_error(exc) from None

    def speaker_profile(self, ident: str, recent: int = 50) -> dict[str, Any]:
        """A speaker with counts, outlets, cues and quotes per month (from up to PROFILE_QUOTES quotes)."""
        speaker = self.resolve_speaker(ident)
        quotes = self.call("quotes", str(speaker["id"]), limit=PROFILE_QUOTES, offset=0)
        outlets = Counter(q.get("outlet") or "(unknown)" for q in quotes)
        cues = Counter((q.get("cue") or "").lower() for q in quotes if q.get("cue"))
        months = Counter(m for q in quotes if (m := month_of(q.get("published_at") or q.get("published"))))
        dates = sorted(str(q.get("published_at") or q.get("published"))[:10] for q in quotes
                       if q.get("published_at") or q.get("published"))
        return {**speaker,
                "quotes": len(quotes), "complete": len(quotes) < PROFILE_QUOTES,
                "documents": len({q.get("document_id") for q in quotes}),
                "first": dates[0] if dates else None, "last": dates[-1] if dates else None,
                "outlets": dict(outlets.most_common()), "cues": dict(cues.most_common()),
                "per_month": dict(sorted(months.items())), "recent": quotes[:recent]}

    def find_speakers(self, q: str | None, outlet: str | None, limit: int, offset: int
                      ) -> list[dict[str, Any]]:
        """Most-quoted speakers; with ``q``, those whose name or alias contains it, else the one
        speaker the store resolves ``q`` to (a title, full name or surname: "Ayatollah Khamenei")."""
        if not q:
            return self.call("speakers", top=limit, outlet=outlet, offset=offset)
        needle = q.casefold().strip()
        rows = self.call("speakers", top=SCAN_LIMIT, outlet=outlet, offset=0)
        hits = [r for r in rows if needle in str(r.get("name", "")).casefold()
                or any(needle in str(a).casefold() for a in r.get("aliases") or ())]
        if not hits:
            try:
                found = self.resolve_speaker(q)
            except HTTPException as exc:
                if exc.status_code not in (404, 409):
                    raise
                return []
            hits = [r for r in rows if r.get("id") == found["id"]]
        return hits[offset:offset + limit]

    def search(self, q: str, *, speaker: str | None, since: str | None, until: str | None,
               outlet: str | None, limit: int, offset: int) -> list[dict[str, Any]]:
        """Full-text search; filters apply to the best SCAN_LIMIT matches."""
        if not (speaker or since or until or outlet):
            return self.call("search", q, limit=limit, offset=offset)
        speaker_id = None
        if speaker:
            try:
                speaker_id = self.resolve_speaker(speaker)["id"]
            except HTTPException as exc:
                if exc.status_code == 404:
                    return []
                raise
        wanted = offset + limit
        hits: list[dict[str, Any]] = []
        for start in range(0, SCAN_LIMIT, 200):
            rows = self.call("search", q, limit=200, offset=start)
            for r in rows:
                day = str(r.get("published_at") or r.get("published") or "")[:10]
                if speaker_id is not None and r.get("speaker_id") != speaker_id:
                    continue
                if outlet and str(r.get("outlet") or "").casefold() != outlet.casefold():
                    continue
                if (since or until) and not day:
                    continue
                if (since and day < since) or (until and day > until):
                    continue
                hits.append(r)
            if len(rows) < 200 or len(hits) >= wanted:
                break
        return hits[offset:wanted]


def unavailable(exc: BaseException) -> HTTPException:
    """503 for a store failure: the cause goes to the log, the client gets a message without it."""
    log.error("corpus unavailable: %s", exc)
    return HTTPException(503, UNAVAILABLE)


def month_of(value: object) -> str | None:
    """``YYYY-MM`` of an ISO date string or date, else None."""
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, str) and len(value) >= 7 and value[:4].isdigit() and value[5:7].isdigit():
        return value[:7]
    return None


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
