"""Turn a request body (plain text, HTML or JSON) into article text and metadata."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import anyio
from fastapi import HTTPException, Request
from pydantic import ValidationError

from according.errors import InputError
from according.readers.decode import decode_utf8, normalise
from according.readers.html import decode_html, html_article
from according.web.models import ArticleIn
from according.web.params import check_article_text, check_meta, check_new_document_id

#: Media types ``POST /api/extract`` and ``POST /api/documents`` accept.
ACCEPTED_TYPES = ("text/plain", "text/html", "application/json")


@dataclass
class ArticleBody:
    """A request's article: its text plus pass-through metadata (and an optional id)."""

    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    id: str | None = None


def media_type(request: Request) -> tuple[str, str | None]:
    """The request's media type (lower case) and charset parameter."""
    raw = request.headers.get("content-type", "")
    parts = [p.strip() for p in raw.split(";")]
    charset = None
    for p in parts[1:]:
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset":
            charset = v.strip().strip('"') or None
    return parts[0].lower(), charset


def decode(body: bytes, charset: str | None) -> str:
    """A text body as the readers read a file: a declared charset honoured, else UTF-8 (or
    BOM-marked UTF-16); a leading BOM dropped and line ends made ``\\n``, so offsets match
    ``according extract`` on the same bytes. Undecodable bytes are the client's error (400)."""
    if charset is None or charset.lower().replace("_", "-") in ("utf-8", "utf8"):
        try:
            return normalise(decode_utf8(body, "request body", "body"))
        except InputError as exc:
            raise HTTPException(400, exc.message) from None
    try:
        return normalise(body.decode(charset))
    except LookupError:
        raise HTTPException(400, f"unknown charset {charset!r}") from None
    except UnicodeDecodeError as exc:
        raise HTTPException(400, f"body is not valid {charset}: {exc.reason} at byte {exc.start}") from None


def html_to_text(body: bytes, charset: str | None) -> tuple[str, dict[str, Any]]:
    """Main text and metadata of an HTML page, read as ``according extract`` reads an HTML file
    (``readers.html``: its declared charset, trafilatura, the same least article length)."""
    try:
        html = decode(body, charset) if charset else decode_html(body, "request body")
        article = html_article(html, "request body", "request")
    except InputError as exc:
        raise HTTPException(422 if "article text" in exc.message else 400, exc.message) from None
    return article.text, dict(article.meta)


async def read_article(request: Request) -> ArticleBody:
    """Parse the body by Content-Type; 415 for other types, 400/422 for unusable content."""
    kind, charset = media_type(request)
    if kind == "text/plain":
        refuse_cross_site(request)
    if kind not in ACCEPTED_TYPES:
        accepted = ", ".join(ACCEPTED_TYPES)
        raise HTTPException(415, f"unsupported Content-Type {kind or 'none'!r}; send one of {accepted}")
    body = await request.body()
    if kind == "application/json":
        data = parse_json(body)
        try:
            article = ArticleIn.model_validate(data)
        except ValidationError as exc:
            raise HTTPException(422, _errors(exc)) from None
        return checked(ArticleBody(normalise(article.text), article.meta(), article.id))
    meta: dict[str, Any] = {}
    if kind == "text/html":
        # trafilatura is CPU-bound: off the event loop, so reads keep answering meanwhile.
        text, meta = await anyio.to_thread.run_sync(html_to_text, body, charset)
    else:
        text = decode(body, charset)
    for key in ("title", "url", "published", "outlet"):
        # Metadata may come as query parameters alongside a raw text body.
        value = request.query_params.get(key)
        if value:
            meta[key] = value
    return checked(ArticleBody(text, meta, request.query_params.get("id") or None))


def refuse_cross_site(request: Request) -> None:
    """403 for a ``text/plain`` POST another web site's page made.

    Browsers send ``text/plain`` across sites without asking the server first (a CORS "simple"
    request), so any page a user visits could make their browser drive a server on their own
    machine. JSON and HTML bodies need a preflight that only ``--cors-origin`` grants. The
    browser says where a request comes from in ``Sec-Fetch-Site`` (or, in older ones, ``Origin``);
    clients that send neither (curl, scripts) are not browsers and pass.
    """
    origin = request.headers.get("origin")
    allowed = request.app.state.config.cors_origins
    if origin and (origin in allowed or "*" in allowed):
        return
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        same = site in ("same-origin", "none")
    else:
        same = origin is None or urlsplit(origin).netloc == request.headers.get("host", "")
    if not same:
        raise HTTPException(403, "cross-site text/plain requests are refused: send application/json, "
                                 "or start the server with --cors-origin for that site")


def parse_json(body: bytes) -> Any:
    """The body as JSON; 400 for invalid JSON and for nesting deeper than the parser's stack."""
    try:
        return json.loads(body)
    except RecursionError:
        raise HTTPException(400, "body is not valid JSON: nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise HTTPException(400, f"body is not valid JSON: {exc}") from None


def checked(article: ArticleBody) -> ArticleBody:
    """``article`` once its text, id and metadata pass the rules every back end can store."""
    check_article_text(article.text)
    if article.id is not None:
        check_new_document_id(article.id)
    for key, value in article.meta.items():
        if isinstance(value, str):
            check_meta(key, value)
    return article


def _errors(exc: ValidationError) -> list[dict[str, Any]]:
    return [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
