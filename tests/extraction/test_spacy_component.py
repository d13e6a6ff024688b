"""The spaCy component: ``nlp.add_pipe("according")`` gives the same attributions as ``according.extract``."""

from __future__ import annotations

import pytest
import spacy

import according
from according.config import DEFAULT_SETTINGS
from according.extraction.pipeline import Pipeline

TEXTS = ["The minister said the port would reopen on Monday.",
         "\u201cWe will rebuild the harbour,\u201d the mayor told reporters. Critics disagreed."]


@pytest.fixture(scope="module")
def nlp_with_component():
    """A plain spaCy pipeline with the component added by name (the package's spaCy entry point)."""
    nlp = spacy.load(DEFAULT_SETTINGS.spacy_model)
    nlp.add_pipe("according", config={"mode": "fast"})
    return nlp


def _spans(doc: according.Document) -> list[tuple[str | None, str]]:
    return [(a.source.text if a.source else None, a.content.text) for a in doc.attributions]


def test_the_component_finds_what_extract_finds(nlp_with_component):
    settings = DEFAULT_SETTINGS.with_(mode="fast")
    for text in TEXTS:
        doc = nlp_with_component(text)
        expected = according.extract(text, settings=settings)
        assert doc._.according.attributions == doc._.attributions
        assert _spans(doc._.according) == _spans(expected) and doc._.attributions
        assert doc._.according_entities == doc._.according.entities
        assert doc._.according_figures == doc._.according.figures


def test_pipe_gives_each_doc_its_own_result(nlp_with_component):
    piped = list(nlp_with_component.pipe(TEXTS, batch_size=1))
    alone = [nlp_with_component(t) for t in TEXTS]
    assert [_spans(d._.according) for d in piped] == [_spans(d._.according) for d in alone]


def test_the_component_builds_its_pipeline_on_the_spacy_pipeline_it_belongs_to(nlp_with_component):
    component = nlp_with_component.get_pipe("according")
    assert isinstance(component.pipeline, Pipeline)
    assert component.pipeline.nlp is nlp_with_component
    assert component.pipeline.settings.mode == "fast"
