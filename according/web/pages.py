"""Server-rendered pages: Analyze, a stored document, Speakers, a speaker, Figures and Search."""

from __future__ import annotations

import datetime as dt
from http import HTTPStatus
from pathlib import Path as FilePath
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context

from according import __version__
from according.web.params import ASCII_INT, MAX_OFFSET, PRINTABLE, check_ident, document_key
from according.web.plot import timeline_svg

TEMPLATES = Jinja2Templates(directory=FilePath(__file__).resolve().parent / "templates")
TEMPLATES.env.globals["version"] = __version__


@pass_context
def url_for(context: Any, name: str, /, **params: Any) -> str:
    """A root-relative link (``/speakers``, under ``--root-path`` if set): never built from ``Host``."""
    request: Request = context["request"]
    return root_path(context) + str(request.app.url_path_for(name, **params))


@pass_context
def root_path(context: Any) -> str:
    """The prefix the app is mounted under behind a proxy (``serve --root-path``), or ""."""
    return str(context["request"].scope.get("root_path", "")).rstrip("/")


TEMPLATES.env.globals["url_for"] = url_for
TEMPLATES.env.globals["root_path"] = root_path
router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
PageOffset = Annotated[int, Query(ge=0, le=MAX_OFFSET), ASCII_INT]


def safe_url(value: Any) -> str | None:
    """An http(s) URL or None, so stored metadata can never become a ``javascript:`` link."""
    if not isinstance(value, str):
        return None
    try:
        return value if urlsplit(value.strip()).scheme.lower() in ("http", "https") else None
    except ValueError:
        return None


def quoted(text: Any) -> str:
    """Text in curly quotes, unless it already opens or closes with a quotation mark."""
    s = str(text or "").strip()
    return s if s[:1] in QUOTE_MARKS or s[-1:] in QUOTE_MARKS else f"“{s}”"


QUOTE_MARKS = "\"'“”‘’«»"
TEMPLATES.env.filters["safe_url"] = safe_url
TEMPLATES.env.filters["quoted"] = quoted


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Error"
    return render(request, "error.html", status, status=status, reason=reason, message=message)


def _corpus(request: Request) -> Any:
    return request.app.state.corpus


@router.get("/", response_class=HTMLResponse, name="analyze_page")
def analyze_page(request: Request) -> HTMLResponse:
    return render(request, "analyze.html", heading="Analyze", document=None)


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse, name="document_page")
def document_page(request: Request, doc_id: Annotated[str, Path(max_length=200, pattern=PRINTABLE)]
                  ) -> HTMLResponse:
    doc = _corpus(request).call("document", document_key(doc_id))
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    doc = doc.to_dict()
    return render(request, "analyze.html", heading=doc.get("title") or doc_id, document=doc)


@router.get("/speakers", response_class=HTMLResponse, name="speakers_page")
def speakers_page(request: Request, q: Annotated[str | None, Query(max_length=200)] = None,
                  outlet: Annotated[str | None, Query(max_length=200)] = None,
                  offset: PageOffset = 0) -> HTMLResponse:
    items = _corpus(request).find_speakers(_clean(q), _clean(outlet), PAGE_SIZE, offset)
    return render(request, "speakers.html", speakers=items, q=q or "", outlet=outlet or "",
                  offset=offset, page_size=PAGE_SIZE)


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse, name="speaker_page")
def speaker_page(request: Request, speaker_id: Annotated[str, Path(max_length=200, pattern=PRINTABLE)]
                 ) -> HTMLResponse:
    profile = _corpus(request).speaker_profile(check_ident(speaker_id), recent=100)
    svg = timeline_svg(profile["per_month"])
    return render(request, "speaker.html", speaker=profile, plot=svg)


@router.get("/figures", response_class=HTMLResponse, name="figures_page")
def figures_page(request: Request, about: Annotated[str | None, Query(max_length=200)] = None,
                 offset: PageOffset = 0) -> HTMLResponse:
    c = _corpus(request)
    groups = c.call("contested_figures", about=_clean(about), limit=PAGE_SIZE, offset=offset)
    return render(request, "figures.html", groups=groups, about=about or "", offset=offset,
                  page_size=PAGE_SIZE)


@router.get("/search", response_class=HTMLResponse, name="search_page")
def search_page(request: Request, q: Annotated[str | None, Query(max_length=500)] = None,
                speaker: Annotated[str | None, Query(max_length=200)] = None,
                outlet: Annotated[str | None, Query(max_length=200)] = None,
                since: Annotated[str | None, Query(max_length=10)] = None,
                until: Annotated[str | None, Query(max_length=10)] = None,
                offset: PageOffset = 0) -> HTMLResponse:
    dates = {k: _date(k, v) for k, v in (("since", since), ("until", until))}
    results = None
    candidates: list[dict] = []
    filters = {"speaker": check_ident(_clean(speaker)), "outlet": _clean(outlet), **dates}
    corpus = _corpus(request)
    if filters["speaker"]:
        # an ambiguous name: the same candidates the CLI and the API list, as links
        candidates = corpus.call("speaker_candidates", filters["speaker"])
        if len(candidates) > 1:
            filters = {}
    if query := _clean(q):
        if filters or not candidates:
            results = corpus.search(query, limit=PAGE_SIZE, offset=offset, **filters)
    elif any(filters.values()):
        results = corpus.call("quotes", filters.pop("speaker"), limit=PAGE_SIZE, offset=offset, **filters)
    return render(request, "search.html", q=q or "", speaker=speaker or "", outlet=outlet or "",
                  since=since or "", until=until or "", results=results, offset=offset, page_size=PAGE_SIZE,
                  candidates=candidates if len(candidates) > 1 else [])


def _clean(value: str | None) -> str | None:
    """A form field's value, stripped; None when empty or holding control characters."""
    if value is None or not value.strip() or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return None
    return value.strip()


def _date(name: str, value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(400, f"{name}: not a date (YYYY-MM-DD): {value!r}") from None
