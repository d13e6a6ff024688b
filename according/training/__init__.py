"""Training the learned tagger on PolNeAR-style BRAT data (``according train``)."""

from __future__ import annotations

from typing import Any


def train(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """See :func:`according.training.trainer.train` (imported lazily: it pulls in torch)."""
    from according.training.trainer import train as _train

    return _train(*args, **kwargs)
