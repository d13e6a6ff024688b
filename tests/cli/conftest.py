"""Fixtures for the CLI tests: a runner for ``according extract`` and sample inputs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

#: Sample articles shared with the reader tests.
DATA = Path(__file__).resolve().parent.parent / "readers" / "data"
#: The fast rule-based mode keeps CLI tests quick; the pipeline loads once per process.
TEST_MODE = os.environ.get("ACCORDING_TEST_MODE", "rules")


@pytest.fixture(scope="session")
def story_path() -> Path:
    return DATA / "story.txt"


@pytest.fixture(scope="session")
def page_path() -> Path:
    return DATA / "page.html"


@pytest.fixture(scope="session")
def german_path() -> Path:
    return DATA / "german.txt"


@pytest.fixture(scope="session")
def test_mode() -> str:
    """The extraction mode the CLI tests run (ACCORDING_TEST_MODE, default "rules")."""
    return TEST_MODE


@pytest.fixture
def run_extract() -> Callable[..., Result]:
    """run_extract(*args, input=None) → click Result of ``according extract --mode rules ARGS``."""
    from according.cli.main import cli

    def _run(*args: object, input: bytes | str | None = None) -> Result:
        argv = ["extract", *map(str, args)]
        if "--mode" not in argv:
            argv += ["--mode", TEST_MODE]
        return CliRunner().invoke(cli, argv, input=input, catch_exceptions=False)

    return _run


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """write(name, content) → path of a file in a fresh directory (str content as UTF-8)."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return _write
