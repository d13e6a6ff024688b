"""Opening a corpus: target → SQLAlchemy engine (SQLite or PostgreSQL) → migrated ``Store``.

``open_store("according.db")`` opens (creating) a SQLite file in WAL mode with foreign keys on;
``open_store("postgresql://user:pw@host/db")`` a PostgreSQL database through psycopg 3.  The
schema is brought to the latest Alembic revision on open; any failure to reach, open or
migrate the database is a one-line ``StoreError``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from according.errors import StoreError
from according.registry import stores
from according.store.errors import describe

if TYPE_CHECKING:
    from according.store.store import Store

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: Seconds to wait for a PostgreSQL server / a locked SQLite file before giving up.
CONNECT_TIMEOUT = 5
BUSY_TIMEOUT_MS = 30_000


def scheme_of(target: str) -> str:
    """The URL scheme of a target ("sqlite" for plain paths)."""
    if "://" not in target:
        return "sqlite"
    return target.split("://", 1)[0].lower()


def open_store(target: str | os.PathLike[str] | None = None, *, create: bool = True) -> Store:
    """Open the corpus at ``target`` (a SQLite path or a database URL), migrating its schema.

    ``create=False`` (read commands) refuses a SQLite file that does not exist rather than
    creating an empty corpus and reporting nothing in it.
    """
    from according.config import DEFAULT_SETTINGS

    target = os.fspath(target) if target is not None else DEFAULT_SETTINGS.db
    scheme = scheme_of(target)
    if scheme not in stores:
        known = ", ".join(stores.names())
        raise StoreError(f"{target}: unsupported database URL scheme {scheme!r} (known: {known})")
    return stores.get(scheme)(target, create=create)


def _sqlite_path(target: str) -> str:
    if "://" not in target:
        return target
    url = make_url(target)
    if not url.database or url.database == ":memory:":
        raise StoreError(f"{target}: an in-memory SQLite database cannot hold a corpus; give a file")
    return url.database


def _read_only(path: Path) -> bool:
    """True when the file's mode has no write bit (honoured even for root)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK)


@stores.register("sqlite")
def open_sqlite(target: str, create: bool = True) -> Store:
    """A SQLite corpus file: WAL journal, foreign keys on, writers take the lock up front."""
    path = Path(_sqlite_path(target)).expanduser()
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a SQLite database file")
    if not create and not path.exists():
        raise StoreError(f"{path}: no such corpus (give --db, or create one with `according ingest`)")
    if not path.parent.is_dir():
        raise StoreError(f"{path}: directory {path.parent} does not exist")
    read_only = _read_only(path)
    if read_only:
        url = f"sqlite+pysqlite:///file:{path.resolve()}?mode=ro&uri=true"
    else:
        url = f"sqlite+pysqlite:///{path}"
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # transactions are begun explicitly below
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers lock at BEGIN so concurrent ingests queue instead of failing mid-article.
        immediate = conn.get_execution_options().get("write", False) and not read_only
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return _finish(engine, str(path), read_only=read_only)


@stores.register("postgresql")
@stores.register("postgresql+psycopg")
@stores.register("postgres")
def open_postgres(target: str, create: bool = True) -> Store:
    """A PostgreSQL corpus through psycopg 3 (``postgresql://`` is read as ``+psycopg``).

    The database itself must exist either way; ``create`` only matters for SQLite files."""
    try:
        url = make_url(target)
    except ArgumentError as exc:
        raise StoreError(f"{target}: not a valid database URL ({exc})") from None
    url = url.set(drivername="postgresql+psycopg")
    engine = create_engine(url, pool_pre_ping=True,
                           connect_args={"connect_timeout": CONNECT_TIMEOUT,
                                         "application_name": "according"})
    return _finish(engine, url.render_as_string(hide_password=True))


def _finish(engine: Engine, display: str, read_only: bool = False) -> Store:
    from according.store.store import Store

    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        migrate(engine, read_only=read_only)
    except StoreError:
        engine.dispose()
        raise
    except (SQLAlchemyError, OSError) as exc:
        engine.dispose()
        raise StoreError(f"{display}: cannot open database: {describe(exc)}") from None
    return Store(engine, display, read_only=read_only)


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, read_only: bool = False) -> None:
    """Upgrade the schema to the newest shipped revision (recorded in ``alembic_version``)."""
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    head = script.get_current_head()
    current = current_revision(engine)
    if current == head:
        return
    if current is not None and current not in {r.revision for r in script.walk_revisions()}:
        raise StoreError(f"{engine.url.render_as_string(hide_password=True)}: database schema "
                         f"revision {current!r} is newer than this version of according")
    if read_only:
        raise StoreError(f"{engine.url.database}: read-only database needs a schema upgrade "
                         f"(at {current or 'empty'}, need {head})")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect().execution_options(write=True) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            # Two processes opening a fresh database at once: one migrates, the other waits.
            conn.execute(text("SELECT pg_advisory_xact_lock(4242001)"))
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
