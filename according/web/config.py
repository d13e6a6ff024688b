"""Settings of one running web app (the CLI's ``serve`` flags end up here)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields

from according.config import DEFAULT_SETTINGS, Settings

#: Environment variable holding the write API key when ``--api-key`` is not given.
API_KEY_ENV = "ACCORDING_API_KEY"
#: Environment variable that hands the whole config to worker processes (``serve --workers``).
CONFIG_ENV = "ACCORDING_WEB_CONFIG"


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
    #: Load the pipeline and run one short article through it at start-up, so that the first
    #: request does not pay for loading (``Pipeline.warm_up``).
    warm_up: bool = True
    #: Extraction worker processes (0: a thread of the server process; see ``web.workers``).
    extract_workers: int = 0
    #: Extraction requests that may wait for a worker; more get 503 with Retry-After.
    extract_queue: int = 4
    #: Seconds one extraction may run for a request carrying the API key.
    extract_seconds: float = 300.0
    #: Seconds, and characters of text, one extraction may take without the API key.
    anonymous_extract_seconds: float = 30.0
    anonymous_max_chars: int = 100_000

    @classmethod
    def from_env(cls, **kwargs: object) -> WebConfig:
        """A config whose ``api_key`` falls back to ``$ACCORDING_API_KEY``."""
        if kwargs.get("api_key") is None:
            kwargs["api_key"] = os.environ.get(API_KEY_ENV) or None
        return cls(**kwargs)  # type: ignore[arg-type]

    def to_json(self) -> str:
        """The config as JSON, for worker processes (see ``from_json``)."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> WebConfig:
        data = json.loads(text)
        names = {f.name for f in fields(Settings)}
        data["settings"] = Settings(**{k: v for k, v in data.get("settings", {}).items() if k in names})
        data["cors_origins"] = tuple(data.get("cors_origins", ()))
        return cls(**data)
