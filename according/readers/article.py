"""The reader's unit of work: an article's id, text and pass-through metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Article:
    """Raw article as read from an input, before extraction."""

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    #: Where it came from (file name, file:line) for error messages.
    origin: str = ""
