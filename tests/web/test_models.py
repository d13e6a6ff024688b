"""The API's models and the store's tables stay the schema's: a field added to ``schema.py`` and
forgotten in either fails here."""

from __future__ import annotations

import dataclasses
import typing

import pytest

from according import schema
from according.store import tables
from according.web import models

#: API model of each schema dataclass.
PAIRS = [(schema.Attribution, models.AttributionOut), (schema.Entity, models.EntityOut),
         (schema.Figure, models.FigureOut), (schema.Span, models.SpanOut)]


def _fields(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


@pytest.mark.parametrize(("dataclass", "model"), PAIRS, ids=lambda c: c.__name__)
def test_each_api_model_has_the_schema_fields(dataclass, model):
    assert set(model.model_fields) == _fields(dataclass)


def test_the_document_model_has_the_schema_keys():
    doc = schema.Document("d", "Ann said so.", meta={k: "x" for k in schema.META_FIELDS})
    keys = {f.alias or name for name, f in models.DocumentOut.model_fields.items()}
    assert keys == set(doc.to_dict())


def test_enumerations_are_the_schemas():
    assert typing.get_args(models.EntityOut.model_fields["kind"].annotation) == schema.SOURCE_KINDS


def test_store_tables_hold_every_schema_field():
    entity = {c.name for c in tables.entities.columns}
    figure = {c.name for c in tables.figures.columns}
    attribution = {c.name for c in tables.attributions.columns}
    assert _fields(schema.Entity) - {"id"} <= entity and "local_id" in entity
    assert _fields(schema.Figure) - {"id"} <= figure and "local_id" in figure
    roles = {f"{role}_{part}" for role in ("source", "cue", "content") for part in ("start", "end", "text")}
    assert roles | {"type", "confidence", "content_spans"} <= attribution
