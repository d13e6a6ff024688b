"""Fixtures for the batch tests: small generated news articles and their inputs in every kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.batch.batch_articles import write_folder


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, list[str]]:
    root = tmp_path / "in"
    return root, write_folder(root, 7)
