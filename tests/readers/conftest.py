"""Fixtures for the reader tests: sample inputs (``data/``) and a file writer."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def story() -> str:
    """A short English news story with attributions (original text)."""
    return (DATA / "story.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def page() -> str:
    """A news page: navigation and footer boilerplate around an article, with metadata."""
    return (DATA / "page.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def german() -> str:
    """A German news paragraph, which the language check must refuse."""
    return (DATA / "german.txt").read_text(encoding="utf-8")


@pytest.fixture
def write(tmp_path: Path):
    """write(name, content) → path of a file in a fresh directory (str content as UTF-8)."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return _write
