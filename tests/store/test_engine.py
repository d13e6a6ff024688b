"""Opening stores: back ends by scheme, migrations, and one-line errors for bad targets."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from according.errors import StoreError
from according.store import open_store
from according.store.engine import current_revision, head_revision


def test_open_migrates_and_records_the_schema_version(target):
    store = open_store(target)
    assert current_revision(store.engine) == head_revision() != ""
    assert store.stats() == {"documents": 0, "attributions": 0, "entities": 0, "speakers": 0,
                             "figures": 0}
    store.close()
    open_store(target).close()  # reopening an up-to-date store is a no-op


def test_sqlite_uses_wal_and_foreign_keys(tmp_path):
    store = open_store(tmp_path / "c.db")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()
    open_store(f"sqlite:///{tmp_path / 'd.db'}").close()
    assert (tmp_path / "d.db").exists()


@pytest.mark.parametrize("target", ["mysql://u:p@localhost/x", "mongodb://h/db", "ftp://x/y.db"])
def test_unknown_scheme_is_one_line(target):
    with pytest.raises(StoreError, match="unsupported database URL scheme") as err:
        open_store(target)
    assert "\n" not in str(err.value)


def test_unreachable_postgres_is_one_line_and_quick():
    started = time.monotonic()
    with pytest.raises(StoreError, match="cannot open database") as err:
        open_store("postgresql://according:secret@127.0.0.1:1/nowhere")
    assert time.monotonic() - started < 30
    assert "\n" not in str(err.value) and "secret" not in str(err.value)


def test_corrupt_sqlite_file(tmp_path):
    bad = tmp_path / "corrupt.db"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="corrupt.db") as err:
        open_store(bad)
    assert "\n" not in str(err.value)
    assert bad.read_bytes().startswith(b"this is not a database")


def test_missing_directory_and_directory_target(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no" / "such" / "c.db")
    with pytest.raises(StoreError, match="is a directory"):
        open_store(tmp_path)


def test_read_only_sqlite_can_be_queried_not_written(tmp_path, make_doc):
    path = tmp_path / "ro.db"
    store = open_store(path)
    store.add_document(make_doc("a", [("Jane Roe", "one")]))
    store.close()
    sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    os.chmod(path, 0o444)
    try:
        ro = open_store(path)
        assert ro.stats()["documents"] == 1
        assert ro.quotes("Jane Roe")[0]["content"] == "one"
        with pytest.raises(StoreError, match="read-only") as err:
            ro.add_document(make_doc("b", [("Jane Roe", "two")]))
        assert "\n" not in str(err.value)
        ro.close()
    finally:
        os.chmod(path, 0o644)
    assert open_store(path).stats()["documents"] == 1


def test_read_only_empty_file_needs_migration(tmp_path):
    path = tmp_path / "empty.db"
    sqlite3.connect(path).execute("CREATE TABLE x (y)").close()
    os.chmod(path, 0o444)
    try:
        with pytest.raises(StoreError, match="read-only database needs a schema upgrade"):
            open_store(path)
    finally:
        os.chmod(path, 0o644)


def test_newer_schema_is_refused(target):
    store = open_store(target)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    store.close()
    with pytest.raises(StoreError, match="newer than this version"):
        open_store(target)


def test_upgrade_from_the_first_revision_fills_the_speaker_counts(target, make_doc):
    store = open_store(target)
    store.add_document(make_doc("u1", [("Jane Roe", "one"), ("Jane Roe", "two")], outlet="AP"))
    expected = store.speakers()
    with store.engine.begin() as conn:  # back to a database as revision 0001 once made it
        conn.exec_driver_sql("DROP TABLE speaker_outlets")
        conn.exec_driver_sql("DROP INDEX ix_entities_name_key")
        conn.exec_driver_sql("CREATE INDEX ix_entities_name_key ON entities (name_key)")
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
    store.close()
    store = open_store(target)
    assert current_revision(store.engine) == head_revision()
    assert store.speakers() == expected and expected[0]["quotes"] == 2
    store.close()


def test_upgrade_from_revision_0002_adds_the_figure_agent(target, make_doc):
    store = open_store(target)
    with store.engine.begin() as conn:  # back to a database as revision 0002 made it
        conn.exec_driver_sql("ALTER TABLE figures DROP COLUMN agent")
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0002'")
    store.close()
    store = open_store(target)
    assert current_revision(store.engine) == head_revision() == "0006"
    store.add_document(make_doc("a1", [("Jane Roe", "one")]))
    store.close()


def test_upgrade_from_revision_0003_adds_the_figure_place_and_period(target, make_doc):
    store = open_store(target)
    with store.engine.begin() as conn:  # back to a database as revision 0003 made it
        conn.exec_driver_sql("ALTER TABLE figures DROP COLUMN place")
        conn.exec_driver_sql("ALTER TABLE figures DROP COLUMN period")
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0003'")
    store.close()
    store = open_store(target)
    assert current_revision(store.engine) == head_revision() == "0006"
    store.add_document(make_doc("p1", [], figures=[("40", 40.0, "people", "killed", "Ann Lee", None,
                                                    "gaza", "2023")]))
    [row] = store.figures()
    assert (row["place"], row["period"]) == ("gaza", "2023")
    store.close()


def test_upgrade_from_revision_0005_adds_the_attribution_parent(target, make_doc):
    store = open_store(target)
    with store.engine.begin() as conn:  # back to a database as revision 0005 made it
        conn.exec_driver_sql("ALTER TABLE attributions DROP COLUMN parent")
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0005'")
    store.close()
    store = open_store(target)
    assert current_revision(store.engine) == head_revision() == "0006"
    doc = make_doc("n1", [("Jane Roe", "I think the bridge will hold"), ("Jane Roe", "the bridge will hold")])
    doc.attributions[1].parent = doc.attributions[0].id
    store.add_document(doc)
    back = store.document("n1")
    assert [a.parent for a in back.attributions] == [None, doc.attributions[0].id]
    store.close()
