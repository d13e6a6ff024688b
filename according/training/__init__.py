"""Training the learned tagger on PolNeAR-style BRAT data (``according train``)."""

from __future__ import annotations

from typing import Any


def train(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """See :func:`according.training.train.train` (imported lazily: it pulls in torch)."""
    from according.training.train import train as _train

    return _train(*args, **kwargs)
