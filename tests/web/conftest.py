"""Fixtures for the web tests: the app in-process, a live server on a free loopback port, a browser."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from according.config import DEFAULT_SETTINGS, Settings
from according.schema import Attribution, Document, Entity, Figure, Span
from according.web import WebConfig, create_app

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("ACCORDING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def web_settings() -> Settings:
    """Extraction settings for the web tests: the shipped default (``ACCORDING_TEST_MODE`` overrides)."""
    return DEFAULT_SETTINGS.with_(mode=os.environ.get("ACCORDING_TEST_MODE") or None)


@pytest.fixture(scope="session")
def article_text(khamenei_text: str) -> str:
    """The shared Khamenei example (the tests check his quotes); skips when ../shared is absent."""
    return khamenei_text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(config: WebConfig) -> Iterator[str]:
    """Serve ``create_app(config)`` with uvicorn in a thread; yields the base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(config), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="session")
def serve():
    """``with serve(WebConfig(...)) as base_url:`` runs a live server on a free loopback port."""
    return live_server


@pytest.fixture
def make_client(web_settings: Settings):
    """``make_client(**config)``: an in-process TestClient for an app with that config."""
    from fastapi.testclient import TestClient

    clients = []

    def make(**kwargs: object) -> TestClient:
        kwargs.setdefault("settings", web_settings)
        client = TestClient(create_app(WebConfig(**kwargs)))  # type: ignore[arg-type]
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium through Playwright; skipped when either is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (run .ci/browser.sh)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def flood_report(doc_id: str, speaker: str, number: str, value: float, outlet: str, published: str
                 ) -> Document:
    """A one-sentence article reporting a death toll (two of them disagree: a contested figure)."""
    content = f"{number} people were killed in the flood"
    text = f"{speaker} said {content}."
    c, q = len(speaker) + 1, len(speaker) + 6
    return Document(
        id=doc_id, text=text,
        meta={"outlet": outlet, "published": published, "title": f"Flood toll: {number}"},
        attributions=[Attribution("a1", "indirect", Span(0, len(speaker), speaker), Span(c, c + 4, "said"),
                                  Span(q, q + len(content), content), speaker="e1")],
        entities=[Entity("e1", speaker, "PERSON", [(0, len(speaker))])],
        figures=[Figure("f1", q, q + len(number) + 7, f"{number} people", value, None, None, "exact",
                        "people", "killed", "a1", "e1")])


FLOOD_REPORTS = (
    ("flood-a", "Health minister Ada Byron", "120", 120.0, "Daily Planet", "2024-03-02"),
    ("flood-b", "Mayor Grace Hopper", "80", 80.0, "Gazette", "2024-03-04"),
)


#: PostgreSQL server for the corpus tests (``source .ci/postgres.sh`` sets it); SQLite always runs.
PG_URL = os.environ.get("ACCORDING_TEST_PG_URL")


@pytest.fixture(scope="session")
def make_corpus(tmp_path_factory):
    """``make_corpus(*docs, backend=...)``: a new corpus holding the two flood reports and ``docs``.

    PostgreSQL corpora each live in a schema of their own, dropped at the end of the session.
    """
    from according.store import open_store

    schemas: list[str] = []

    def target(backend: str) -> str:
        if backend == "sqlite":
            return str(tmp_path_factory.mktemp("corpus") / "corpus.db")
        if not PG_URL:
            pytest.skip("ACCORDING_TEST_PG_URL not set (source .ci/postgres.sh)")
        from sqlalchemy import create_engine, text

        schema = f"web_{uuid.uuid4().hex[:12]}"
        engine = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        engine.dispose()
        schemas.append(schema)
        return f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"

    def make(*docs: Document, backend: str = "sqlite") -> str:
        db = target(backend)
        with open_store(db) as store:
            for args in FLOOD_REPORTS:
                store.add_document(flood_report(*args))
            for doc in docs:
                store.add_document(doc)
        return db

    yield make
    if schemas:
        from sqlalchemy import create_engine, text

        engine = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as conn:
            for schema in schemas:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        engine.dispose()


@pytest.fixture(scope="session")
def article_doc(article_text, web_settings):
    """The example article through the pipeline the server uses (once per session)."""
    import according

    return according.extract(article_text, id="khamenei-gaza-speech", settings=web_settings,
                             title="Khamenei: Israel has suffered a defeat", outlet="AP",
                             published="2023-11-19")
