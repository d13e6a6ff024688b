"""Request and response bodies of the HTTP API, for validation and the OpenAPI document.

The response models describe ``according.schema`` output (``Document.to_dict()``) for clients;
the API returns that dict as is, and the fuzz tests check the two agree.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from according.schema import META_FIELDS
from according.web.params import MAX_META_CHARS, PRINTABLE

#: Article text: a non-space character and no NUL (which PostgreSQL cannot store).
ARTICLE_TEXT = r"^[^\x00]*[^\x00\s][^\x00]*$"
#: A client-chosen document id: printable, with a non-space, and not all digits (see ``params``).
DOCUMENT_ID = r"^(?!\s*\d+\s*$)[^\x00-\x1f\x7f]*[^\x00-\x20\x7f][^\x00-\x1f\x7f]*$"


class ArticleIn(BaseModel):
    """An article sent as JSON."""

    model_config = ConfigDict(extra="forbid", regex_engine="python-re")

    text: str = Field(min_length=1, pattern=ARTICLE_TEXT, description="The article's plain text.")
    id: str | None = Field(None, min_length=1, max_length=200, pattern=DOCUMENT_ID,
                           description="Document id (default: from the text hash); not all digits, "
                                       "which name store rows.")
    title: str | None = Field(None, max_length=MAX_META_CHARS, pattern=PRINTABLE)
    url: str | None = Field(None, max_length=MAX_META_CHARS, pattern=PRINTABLE)
    published: str | None = Field(None, max_length=MAX_META_CHARS, pattern=PRINTABLE,
                                  description="Publication date, ISO 8601.")
    outlet: str | None = Field(None, max_length=MAX_META_CHARS, pattern=PRINTABLE)

    @field_validator("text")
    @classmethod
    def _text_usable(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("the article text is empty")
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("the article text holds unpaired surrogates") from None
        return v

    @field_validator("id", "title", "url", "published", "outlet")
    @classmethod
    def _encodable(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("holds unpaired surrogates") from None
        return v

    def meta(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in META_FIELDS if getattr(self, k) is not None}


class SpanOut(BaseModel):
    start: int
    end: int
    text: str
    spans: list[list[int]] | None = None


class AttributionOut(BaseModel):
    id: str
    type: str
    source: SpanOut | None
    cue: SpanOut | None
    content: SpanOut
    speaker: str | None
    confidence: float
    #: The id of the attribution whose content holds this one (with nested extraction).
    parent: str | None = None


class EntityOut(BaseModel):
    id: str
    name: str
    type: str
    kind: Literal["named", "unnamed", "group", "document"]
    mentions: list[list[int]]


class FigureOut(BaseModel):
    id: str
    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    counted: str | None
    predicate: str | None
    attribution: str | None
    source_entity: str | None
    agent: str | None = None
    place: str | None = None
    period: str | None = None


class DocumentOut(BaseModel):
    """``Document.to_dict()``: the versioned output schema."""

    model_config = ConfigDict(extra="allow")

    schema_: int = Field(alias="schema")
    id: str
    text_sha256: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    attributions: list[AttributionOut]
    entities: list[EntityOut]
    figures: list[FigureOut]
    text: str


class Error(BaseModel):
    """Every error answer: ``detail`` is a message or a list of validation problems."""

    detail: str | list[dict[str, Any]]
