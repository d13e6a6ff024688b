"""The JSON API under ``/api``: extraction, ingest and the corpus queries the CLI offers."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse

from according.errors import AccordingError, InputError
from according.schema import Document, text_sha256
from according.web.auth import api_key_header, bearer, has_key, require_write_key
from according.web.corpus import Corpus, jsonable
from according.web.inputs import ArticleBody, media_type, read_article
from according.web.models import ARTICLE_TEXT, ArticleIn, DocumentOut, Error
from according.web.params import ASCII_INT, MAX_OFFSET, PRINTABLE, check_ident, document_key
from according.web.workers import RETRY_AFTER, BudgetExceeded, Cancelled, Job, ShuttingDown

router = APIRouter(prefix="/api", tags=["api"])
log = logging.getLogger("according.web")

#: Errors every endpoint may answer, for the OpenAPI document.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Error, "description": "Bad request"},
    422: {"model": Error, "description": "Invalid parameters or body"},
}
CORPUS_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS, 503: {"model": Error, "description": "No corpus configured, or it cannot be reached"}}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **CORPUS_ERRORS,
    401: {"model": Error, "description": "Missing or wrong API key"},
    403: {"model": Error, "description": "Writes are disabled (no API key configured)"},
}
ARTICLE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The article: plain text, an HTML page (its main text is extracted), or JSON "
                       "with text and metadata. Raw bodies take metadata as query parameters.",
        "content": {
            "text/plain": {"schema": {"type": "string", "minLength": 1, "pattern": ARTICLE_TEXT}},
            "text/html": {"schema": {"type": "string", "minLength": 1, "pattern": "<"}},
            "application/json": {"schema": ArticleIn.model_json_schema()},
        },
    }
}
ARTICLE_ERRORS = {**ERRORS, 403: {"model": Error, "description": "A cross-site text/plain request"},
                  413: {"model": Error, "description": "Body or article over the size limit"},
                  415: {"model": Error, "description": "Unsupported Content-Type"},
                  503: {"model": Error, "description": "Busy (see Retry-After), over the time budget, "
                                                       "or the extraction model could not be loaded"}}

Limit = Annotated[int, Query(ge=1, le=500, description="Page size."), ASCII_INT]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip."), ASCII_INT]
Text = Annotated[str | None, Query(max_length=200, pattern=PRINTABLE)]


def corpus(request: Request) -> Corpus:
    return request.app.state.corpus


def page(items: Any, limit: int, offset: int) -> dict[str, Any]:
    """A page of results: ``next_offset`` is null on the last page."""
    items = jsonable(list(items))
    return {"items": items, "limit": limit, "offset": offset, "count": len(items),
            "next_offset": offset + len(items) if len(items) == limit else None}


async def extract_article(request: Request, article: ArticleBody) -> dict[str, Any]:
    """``Document.to_dict()`` of the article, extracted within the request's budget.

    Without the API key the text may be at most ``anonymous_max_chars`` long and run for
    ``anonymous_extract_seconds``; with it, ``extract_seconds``. The work runs in the app's
    ``ExtractionPool`` so the event loop keeps serving reads.
    """
    config = request.app.state.config
    keyed = has_key(request)
    if not keyed and len(article.text) > config.anonymous_max_chars:
        raise _too_long(len(article.text), config.anonymous_max_chars)
    budget = config.extract_seconds if keyed else config.anonymous_extract_seconds
    job = Job(article.text, article.id or text_sha256(article.text)[:16], article.meta)
    try:
        return await request.app.state.extractor.run(job, budget, request.is_disconnected)
    except InputError as exc:
        raise HTTPException(422, exc.message) from None
    except BudgetExceeded:
        raise HTTPException(503, f"extraction stopped at its time budget of {budget:g} s"
                                 + ("" if keyed else " (larger with the API key)")) from None
    except Cancelled:
        raise HTTPException(503, "extraction stopped: the client went away") from None
    except ShuttingDown:
        raise HTTPException(503, "the server is restarting; retry later",
                            headers={"Retry-After": str(RETRY_AFTER)}) from None
    except AccordingError as exc:  # the model could not be loaded: the server's problem, not the input's
        log.error("extraction unavailable: %s", exc)
        raise HTTPException(503, "extraction unavailable: the model could not be loaded (see the server log)"
                            ) from None


def _too_long(chars: int, limit: int) -> HTTPException:
    return HTTPException(413, f"the article is {chars} characters long; without the API key the limit "
                              f"is {limit}")


#: Most bytes one character of article text takes in a body of each type (UTF-8 or UTF-16 text:
#: 4; JSON ``\uXXXX`` escapes: 6); HTML carries markup besides, so its bound is looser.
BYTES_PER_CHAR = {"text/plain": 4, "application/json": 6, "text/html": 16}


async def read_within_budget(request: Request) -> ArticleBody:
    """The request's article; without the API key, a body declared longer than any text within
    ``anonymous_max_chars`` could be is refused before it is read (a refusal costs no parsing)."""
    limit = request.app.state.config.anonymous_max_chars
    declared = request.headers.get("content-length", "")
    factor = BYTES_PER_CHAR.get(media_type(request)[0], 16)
    if declared.isascii() and declared.isdigit() and int(declared) > factor * limit and not has_key(request):
        raise HTTPException(413, f"the body is {declared} bytes; without the API key an article may be "
                                 f"at most {limit} characters")
    return await read_article(request)


@router.post("/extract", response_model=None, openapi_extra=ARTICLE_BODY,
             responses={200: {"model": DocumentOut, "description": "The extracted document"},
                        **ARTICLE_ERRORS})
async def extract(request: Request) -> JSONResponse:
    """Extract attributions, speakers and figures from one article (nothing is stored)."""
    article = await read_within_budget(request)
    return JSONResponse(await extract_article(request, article))


@router.post("/documents", response_model=None, status_code=201, openapi_extra=ARTICLE_BODY,
             dependencies=[Depends(require_write_key), Depends(api_key_header), Depends(bearer)],
             responses={201: {"description": "Stored; the body is the extracted document"},
                        200: {"description": "Already stored (same text or URL); nothing written"},
                        **ARTICLE_ERRORS, **WRITE_ERRORS})
async def ingest(request: Request) -> JSONResponse:
    """Extract one article and add it to the corpus (needs the API key).

    The answer is the extracted document plus ``stored`` (the store's id, or null when the same
    text or URL was already there).
    """
    store = corpus(request)
    _ = store.store  # fail with 503 before spending time on extraction
    article = await read_within_budget(request)
    extracted = await extract_article(request, article)
    stored = await anyio.to_thread.run_sync(store.call, "add_document", Document.from_dict(extracted))
    body = {**extracted, "stored": stored}
    return JSONResponse(body, 201 if stored is not None else 200)


@router.get("/documents/{doc_id:path}", response_model=None,
            responses={200: {"model": DocumentOut}, 404: {"model": Error}, **CORPUS_ERRORS})
def get_document(request: Request, doc_id: Annotated[str, Path(max_length=200, pattern=PRINTABLE)]
                 ) -> JSONResponse:
    """One stored document in the output schema, by store id, document id or text SHA-256."""
    doc = corpus(request).call("document", document_key(doc_id))
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return JSONResponse(doc.to_dict())


@router.get("/documents", responses=CORPUS_ERRORS)
def list_documents(request: Request, limit: Limit = 50, offset: Offset = 0, outlet: Text = None
                   ) -> dict[str, Any]:
    """Stored articles (without text), newest first."""
    return page(corpus(request).call("documents", outlet=outlet, limit=limit, offset=offset), limit, offset)


@router.get("/quotes", responses=CORPUS_ERRORS)
def quotes(request: Request, limit: Limit = 50, offset: Offset = 0,
           speaker: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE,
                                                description="Speaker id, name or alias.")] = None,
           since: Annotated[dt.date | None, Query(description="Published on or after (YYYY-MM-DD).")] = None,
           until: Annotated[dt.date | None, Query(description="Published on or before (YYYY-MM-DD).")] = None,
           outlet: Text = None,
           contains: Annotated[str | None, Query(max_length=500, pattern=PRINTABLE,
                                                 description="Text the quote contains.")] = None,
           ) -> dict[str, Any]:
    """Attributed quotes across the corpus, newest first, filtered like ``according quotes``."""
    items = corpus(request).call("quotes", check_ident(speaker), since=_iso(since), until=_iso(until),
                                 outlet=outlet, contains=contains, limit=limit, offset=offset)
    return page(items, limit, offset)


@router.get("/speakers", responses=CORPUS_ERRORS)
def speakers(request: Request, limit: Limit = 50, offset: Offset = 0,
             q: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE,
                                            description="Name or alias contains.")] = None,
             top: Annotated[int | None, Query(ge=1, le=500, description="Only the N most quoted."),
                            ASCII_INT] = None,
             outlet: Text = None) -> dict[str, Any]:
    """Speakers by number of quotes (with their outlets), optionally within one outlet or by name."""
    n = min(limit, top) if top else limit
    return page(corpus(request).find_speakers(q, outlet, n, offset), n, offset)


@router.get("/sourcing", responses=CORPUS_ERRORS)
def sourcing(request: Request, by_outlet: Annotated[bool, Query(
        description="One breakdown per outlet.")] = False) -> dict[str, Any]:
    """Attributions by kind of source (named, unnamed, group, document, none) with their shares,
    overall or per outlet: how much of the corpus rests on anonymous sources."""
    return {"items": corpus(request).call("sourcing", by_outlet=by_outlet)}


@router.get("/speakers/{speaker_id}", responses={404: {"model": Error}, 409: {"model": Error},
                                                 **CORPUS_ERRORS})
def speaker(request: Request, speaker_id: Annotated[str, Path(max_length=200, pattern=PRINTABLE)]
            ) -> dict[str, Any]:
    """One speaker (by id, name or alias): counts, outlets quoting them, cues used, quotes per month."""
    return corpus(request).speaker_profile(check_ident(speaker_id))


@router.post("/speakers/{speaker_id}/merge",
             responses={404: {"model": Error}, 409: {"model": Error}, **WRITE_ERRORS},
             dependencies=[Depends(require_write_key), Depends(api_key_header), Depends(bearer)])
def merge_speaker(request: Request, speaker_id: Annotated[str, Path(max_length=200, pattern=PRINTABLE)],
                  into: Annotated[str, Query(max_length=200, pattern=PRINTABLE,
                                             description="Speaker that absorbs this one.")]
                  ) -> dict[str, Any]:
    """Merge one speaker into another (the same person under two names); needs the API key."""
    c = corpus(request)
    keep = c.resolve_speaker(check_ident(into))
    gone = c.resolve_speaker(check_ident(speaker_id))
    if keep["id"] == gone["id"]:
        raise HTTPException(409, f"{speaker_id!r} and {into!r} are already the same speaker")
    return {"merged": gone, "into": c.call("merge_speakers", str(keep["id"]), str(gone["id"]))}


@router.get("/figures", responses=CORPUS_ERRORS)
def figures(request: Request, limit: Limit = 50, offset: Offset = 0,
            about: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE,
                                               description="What is counted (substring).")] = None,
            contested: Annotated[bool, Query(description="Group quantities sources disagree on.")] = False,
            window_days: Annotated[int, Query(ge=0, le=3660, description="With contested: reports "
                                              "at most this many days apart."), ASCII_INT] = 31,
            ) -> dict[str, Any]:
    """Figures and who reported them; ``contested`` gives groups of disagreeing reports instead."""
    c = corpus(request)
    if contested:
        items = c.call("contested_figures", about=about, window_days=window_days, limit=limit, offset=offset)
    else:
        items = c.call("figures", about=about, limit=limit, offset=offset)
    return page(items, limit, offset)


@router.get("/search", responses=CORPUS_ERRORS)
def search(request: Request,
           q: Annotated[str, Query(min_length=1, max_length=500, pattern=PRINTABLE,
                                   description="Words (all required), \"a phrase\", A OR B, -excluded; "
                                               "the same on SQLite and PostgreSQL.")],
           limit: Limit = 50, offset: Offset = 0,
           speaker: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE)] = None,
           since: dt.date | None = None, until: dt.date | None = None, outlet: Text = None,
           ) -> dict[str, Any]:
    """Full-text search over quotes, best match first, with the quote filters."""
    items = corpus(request).search(q, speaker=check_ident(speaker), since=_iso(since), until=_iso(until),
                                   outlet=outlet, limit=limit, offset=offset)
    return page(items, limit, offset)


@router.get("/stats", responses=CORPUS_ERRORS)
def stats(request: Request) -> dict[str, Any]:
    """Corpus totals: documents, attributions, entities, speakers and figures."""
    return jsonable(corpus(request).call("stats"))


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
