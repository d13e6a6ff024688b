"""The corpus: articles, attributions, speakers and figures in SQLite or PostgreSQL.

>>> from according.store import open_store
>>> store = open_store("according.db")            # or "postgresql://user:pw@host/db"
>>> store.add_document(according.extract(text))   # one transaction per article
>>> store.quotes(speaker="Khamenei", since="2023-10-01", limit=20)
"""

from __future__ import annotations

from according.store.engine import open_store
from according.store.store import PAGE, Store

__all__ = ["PAGE", "Store", "open_store"]
