"""HTML pages (``.html``/``.htm``): the main article text, found by trafilatura.

Offsets in the output refer to the extracted text, which the output's ``text`` holds
(paragraphs joined by ``\n``; navigation, comments, tables and other page furniture
left out).
Title, canonical URL, publication date and site name become ``title``, ``url``,
``published`` and ``outlet`` when trafilatura finds them in the page.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from according.config import Settings
from according.errors import InputError
from according.readers.article import Article
from according.readers.decode import bytes_to_text, check_binary, normalise
from according.readers.text import read_bytes, source_id, source_name
from according.registry import readers

#: A charset declared in the page (``<meta charset=…>`` or the http-equiv form).
DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
#: A page's start, for telling HTML from plain text on inputs without an extension.
HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
#: Fewer words than this is page furniture (a menu, a cookie notice), not an article.
MIN_ARTICLE_WORDS = 10


def looks_like_html(text: str) -> bool:
    """Whether a text starts like an HTML page."""
    return bool(HTML_START.match(text[:4096]))


def decode_html(data: bytes, where: str) -> str:
    """Text of a page: UTF-8, or the legacy charset the page declares (e.g. windows-1252)."""
    declared = DECLARED_CHARSET.search(data[:4096])
    charset = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    try:
        is_utf = codecs.lookup(charset).name in ("utf-8", "utf-16", "ascii")
    except LookupError:
        is_utf = True  # an unknown declared charset: insist on UTF-8
    if is_utf or not data:
        return bytes_to_text(data, where)
    check_binary(data, where)
    try:
        text = normalise(data.decode(charset))
    except UnicodeDecodeError as exc:
        raise InputError(
            where, f"invalid {charset} (the page's declared charset) at byte {exc.start}") from None
    if not text.strip():
        raise InputError(where, "no text (the file holds only whitespace)")
    return text


def html_article(html: str, where: str, article_id: str) -> Article:
    """The article in a page, or InputError when the page holds no article text."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                            include_tables=False)
    except Exception as exc:  # trafilatura/lxml on pathological markup
        raise InputError(where, f"cannot parse the HTML ({type(exc).__name__})") from None
    text = normalise(found.text or "") if found is not None else ""
    words = len(text.split())
    if words < MIN_ARTICLE_WORDS:
        detail = f" (only {words} word{'s' if words != 1 else ''} of page text)" if words else ""
        raise InputError(where, f"no article text found in the HTML{detail}")
    meta: dict[str, Any] = {}
    for key, attr in (("title", "title"), ("url", "url"), ("published", "date"), ("outlet", "sitename")):
        value = getattr(found, attr, None)
        if isinstance(value, str) and value.strip():
            meta[key] = value.strip()
    return Article(id=article_id, text=text, meta=meta, origin=where)


@readers.register("html")
def read_html(source: Path | BinaryIO, settings: Settings, name: str | None = None
              ) -> Iterator[Article | InputError]:
    """One article from an HTML file or stream."""
    where = source_name(source, name)
    try:
        html = decode_html(read_bytes(source, settings, where), where)
        yield html_article(html, where, source_id(source))
    except InputError as err:
        yield err
