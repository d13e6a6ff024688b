"""``according serve``: the web app and HTTP API over a corpus."""

from __future__ import annotations

import os

import click

from according.cli.options import min_confidence_option, nested_option
from according.config import DEFAULT_SETTINGS
from according.errors import InputError

#: Seconds a stopping server waits for in-flight requests before abandoning them.
SHUTDOWN_GRACE = 3


@click.command()
@click.option("--db", "db", default=None, metavar="TARGET",
              help="Corpus to serve: SQLite path or database URL [default: $ACCORDING_DB or according.db].")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind; anything but loopback exposes the server to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--api-key", default=None, metavar="KEY",
              help="Key that writes (ingest, speaker merges) need [default: $ACCORDING_API_KEY]; "
                   "without one, writes are disabled.")
@click.option("--cors-origin", "cors_origins", multiple=True, metavar="URL",
              help="Origin allowed to call the API from a browser (repeatable); CORS is off by default.")
@click.option("--max-body-bytes", default=DEFAULT_SETTINGS.max_bytes, show_default=True,
              type=click.IntRange(1), help="Larger request bodies get 413.")
@click.option("--mode", default=None, help="Extraction mode (default: the shipped best).")
@click.option("--model", "model_path", default=None, type=click.Path(exists=True),
              help="Model directory for learned modes (default: the shipped model).")
@min_confidence_option
@nested_option
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes, each with its own --extract-workers.")
@click.option("--extract-workers", default=1, show_default=True, type=click.IntRange(0, 64),
              help="Extraction processes per server process (0: extract in a server thread, which a "
                   "disconnect or time budget cannot stop).")
@click.option("--extract-queue", default=4, show_default=True, type=click.IntRange(0),
              help="Extractions that may wait for a worker; more are answered 503 with Retry-After.")
@click.option("--extract-timeout", default=300.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds one extraction may run for a request with the API key.")
@click.option("--anonymous-timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds one extraction may run without the API key.")
@click.option("--anonymous-max-chars", default=100_000, show_default=True, type=click.IntRange(1),
              help="Longest article text (characters) extracted without the API key (413 above).")
@click.option("--root-path", default="", metavar="PATH",
              help="Path prefix a reverse proxy serves the app under (e.g. /according); links follow it.")
@click.option("--forwarded-allow-ips", default=None, metavar="IPS",
              help="Proxy addresses (comma-separated, or *) whose X-Forwarded-For/-Proto headers are "
                   "trusted; off by default.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(db: str | None, host: str, port: int, api_key: str | None, cors_origins: tuple[str, ...],
          max_body_bytes: int, mode: str | None, model_path: str | None,
          min_confidence: float | None, nested: bool | None,
          workers: int, extract_workers: int, extract_queue: int,
          extract_timeout: float, anonymous_timeout: float, anonymous_max_chars: int, root_path: str,
          forwarded_allow_ips: str | None, log_level: str) -> None:
    """Serve the Analyze, Speakers, Figures and Search pages and the JSON API (/docs)."""
    import uvicorn

    from according.web import WebConfig, create_app
    from according.web.config import CONFIG_ENV

    for origin in cors_origins:
        if origin != "*" and not origin.startswith(("http://", "https://")):
            raise InputError("--cors-origin", f"not an origin (http[s]://host[:port]): {origin!r}")
    if mode and mode != "default":
        import according.extraction.modes  # noqa: F401  (registers the modes)
        from according.registry import extractors

        if mode not in extractors:
            known = ", ".join(extractors.names())
            raise InputError("--mode", f"unknown extraction mode {mode!r} (known: {known})")
    config = WebConfig.from_env(db=db or DEFAULT_SETTINGS.db, api_key=api_key,
                                cors_origins=tuple(cors_origins), max_body_bytes=max_body_bytes,
                                settings=DEFAULT_SETTINGS.with_(mode=mode, model_path=model_path,
                                                                min_confidence=min_confidence, nested=nested),
                                extract_workers=extract_workers, extract_queue=extract_queue,
                                extract_seconds=extract_timeout, anonymous_extract_seconds=anonymous_timeout,
                                anonymous_max_chars=anonymous_max_chars)
    _check_port(host, port)
    from according.store import open_store

    # A corpus that cannot be opened is one error line now, not 503s later; a server without an
    # API key only reads, so it refuses a missing SQLite file instead of creating an empty one.
    open_store(config.db, create=bool(config.api_key)).close()
    if not config.api_key:
        click.echo("according: writes disabled (no --api-key or $ACCORDING_API_KEY)", err=True)
    if root_path and not root_path.startswith("/"):
        raise InputError("--root-path", f"not a path (/prefix): {root_path!r}")
    # On SIGTERM, in-flight requests get SHUTDOWN_GRACE seconds; then extraction workers are killed.
    options = {"host": host, "port": port, "log_level": log_level, "server_header": False,
               "timeout_graceful_shutdown": SHUTDOWN_GRACE,
               "root_path": root_path.rstrip("/"), "proxy_headers": forwarded_allow_ips is not None}
    if forwarded_allow_ips is not None:
        options["forwarded_allow_ips"] = forwarded_allow_ips
    if workers == 1:
        uvicorn.run(create_app(config), **options)
    else:
        os.environ[CONFIG_ENV] = config.to_json()
        uvicorn.run("according.web.app:app_from_environment", factory=True, workers=workers, **options)


def _check_port(host: str, port: int) -> None:
    """Fail before loading the model when the address cannot be bound."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InputError("--host", f"cannot resolve {host!r}: {exc.strerror}") from None
    family, kind, proto, _, addr = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError as exc:
            raise InputError("--port", f"cannot listen on {host}:{port}: {exc.strerror}") from None


COMMANDS = [serve]
