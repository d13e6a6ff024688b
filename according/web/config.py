"""Settings of one running web app (the CLI's ``serve`` flags end up here)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from according.config import DEFAULT_SETTINGS, Settings

#: Environment variable holding the write API key when ``--api-key`` is not given.
API_KEY_ENV = "ACCORDING_API_KEY"


@dataclass(frozen=True)
class WebConfig:
    """What the app serves and how it guards writes.

    ``db`` is a store target (path or URL) or None for an extraction-only server; ``api_key``
    None disables writes altogether (403) rather than leaving them open.
    """

    db: str | None = None
    api_key: str | None = None
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = DEFAULT_SETTINGS.max_bytes
    settings: Settings = field(default=DEFAULT_SETTINGS)
    #: Load the spaCy model at start-up so the first request does not pay for it.
    warm_up: bool = True

    @classmethod
    def from_env(cls, **kwargs: object) -> WebConfig:
        """A config whose ``api_key`` falls back to ``$ACCORDING_API_KEY``."""
        if kwargs.get("api_key") is None:
            kwargs["api_key"] = os.environ.get(API_KEY_ENV) or None
        return cls(**kwargs)  # type: ignore[arg-type]
