"""The web app and HTTP API: FastAPI routes over extraction and the corpus store."""

from according.web.app import create_app
from according.web.config import WebConfig

__all__ = ["WebConfig", "create_app"]
