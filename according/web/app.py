"""``create_app``: the FastAPI application (API under ``/api``, pages at the root, docs at ``/docs``)."""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from types import FrameType

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from according import __version__
from according.errors import AccordingError
from according.web.config import CONFIG_ENV, WebConfig
from according.web.corpus import Corpus
from according.web.headers import SecurityHeadersMiddleware
from according.web.limits import BodyLimitMiddleware
from according.web.workers import ExtractionPool

log = logging.getLogger("according.web")
STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(config: WebConfig | None = None) -> FastAPI:
    """Build the app for ``config``; the spaCy model and the store are opened once, at start-up."""
    config = config or WebConfig.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool: ExtractionPool = app.state.extractor
        pool.start()
        restore = _abandon_on_stop_signal(pool)
        if config.warm_up:
            try:
                await anyio.to_thread.run_sync(_warm_up, pool, config)
            except AccordingError as exc:  # keep serving the corpus; /api/extract answers 503
                log.error("extraction unavailable: %s", exc)
            except Exception:  # a broken model must not take the corpus pages down with it
                log.exception("could not load the extraction pipeline")
        try:
            yield
        finally:
            restore()
            pool.close()
            await anyio.to_thread.run_sync(app.state.corpus.close)

    app = FastAPI(
        title="according",
        version=__version__,
        summary="Who said what, according to whom: attributions, speakers and figures from news.",
        lifespan=lifespan,
        responses={413: {"description": "Body over the size limit"}},
        docs_url=None,  # served below from packaged assets: FastAPI's default loads them from a CDN
        redoc_url=None,
    )
    app.state.config = config
    app.state.corpus = Corpus(config.db, create=bool(config.api_key))
    app.state.extractor = ExtractionPool(config.settings, config.extract_workers, config.extract_queue)

    from according.web.api import router as api_router
    from according.web.pages import router as page_router

    app.include_router(api_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _docs(app)
    _error_handlers(app)
    if config.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(config.cors_origins),
                           allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "X-API-Key", "Authorization"])
    app.add_middleware(BodyLimitMiddleware, max_bytes=config.max_body_bytes)
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    app.add_middleware(SecurityHeadersMiddleware)
    return app


def _abandon_on_stop_signal(pool: ExtractionPool) -> Callable[[], None]:
    """Chain SIGTERM/SIGINT to ``pool.abandon`` ahead of uvicorn's own handler; returns the undo.

    uvicorn waits for open requests before it shuts the app down; extraction requests then answer
    503 at once instead of holding the server until its grace period cuts them off. Only the
    main thread may set handlers (an app under a test client runs elsewhere: nothing to do).
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}

    def handler(sig: int, frame: FrameType | None) -> None:
        pool.abandon()
        before = previous[signal.Signals(sig)]
        if callable(before):
            before(sig, frame)
        else:  # the default (or ignore) disposition: restore it and let it act
            signal.signal(sig, before)
            signal.raise_signal(sig)

    for sig in previous:
        signal.signal(sig, handler)

    def restore() -> None:
        for sig, before in previous.items():
            if signal.getsignal(sig) is handler:
                signal.signal(sig, before)

    return restore


def _warm_up(pool: ExtractionPool, config: WebConfig) -> None:
    """Load the model where extraction will run: the worker processes, or this process."""
    if pool.processes:
        pool.wait_ready()
        return
    from according.extraction.pipeline import get_pipeline

    get_pipeline(config.settings).warm_up()


def app_from_environment() -> FastAPI:
    """App factory for uvicorn worker processes: the config comes in ``$ACCORDING_WEB_CONFIG``."""
    raw = os.environ.get(CONFIG_ENV)
    return create_app(WebConfig.from_json(raw) if raw else None)


def _docs(app: FastAPI) -> None:
    """Swagger UI at ``/docs`` from the assets swagger-ui-py ships, so it works offline."""
    import swagger_ui
    from fastapi.openapi.docs import get_swagger_ui_html

    assets = Path(swagger_ui.__file__).resolve().parent / "static"
    app.mount("/docs-assets", StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        root = str(request.scope.get("root_path", "")).rstrip("/")  # behind a proxy: serve --root-path
        return get_swagger_ui_html(openapi_url=root + (app.openapi_url or "/openapi.json"),
                                   title="according API",
                                   swagger_js_url=f"{root}/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url=f"{root}/docs-assets/swagger-ui.css",
                                   swagger_favicon_url=f"{root}/static/favicon.ico")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(STATIC_DIR / "favicon.ico", media_type="image/x-icon",
                            headers={"Cache-Control": "public, max-age=86400"})

    del docs, favicon  # registered by the decorators


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", "")


def _error_handlers(app: FastAPI) -> None:
    from according.web.pages import render_error

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> object:
        if _wants_html(request):
            return render_error(request, exc.status_code, str(exc.detail))
        return JSONResponse({"detail": exc.detail}, exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> object:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
                  for e in exc.errors()]
        if _wants_html(request):
            return render_error(request, 422, "; ".join(f"{e['loc'][-1]}: {e['msg']}" for e in errors))
        return JSONResponse({"detail": errors}, 422)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> object:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        if _wants_html(request):
            return render_error(request, 500, "internal server error")
        return JSONResponse({"detail": "internal server error"}, 500)

    del http_error, validation_error, server_error  # registered by the decorators
