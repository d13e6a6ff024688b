"""Attributions inside another's content: found on the parse, each with its parent."""

from __future__ import annotations

import pytest

from according.extraction.base import Candidate
from according.extraction.nested import inner, nested


def _whole(text: str, part: str) -> list[tuple[int, int]]:
    start = text.index(part)
    return [(start, start + len(part))]


def _roles(text: str, c: Candidate) -> tuple[str, str, str]:
    assert c.source and c.cue
    return (text[slice(*c.source[0])], text[slice(*c.cue[0])],
            " ".join(text[s:e] for s, e in c.content))


def _outer(text: str, content: str, source: str, cue: str, confidence: float = 0.9) -> Candidate:
    return Candidate(content=_whole(text, content), cue=_whole(text, cue), source=_whole(text, source),
                     confidence=confidence)


def test_a_quoted_speakers_belief_is_an_inner_attribution(nlp):
    text = '"I think the bridge will hold through the winter," Mayor Ana Ruiz said on Tuesday.'
    outer = _outer(text, '"I think the bridge will hold through the winter,"', "Mayor Ana Ruiz", "said")
    [(found, parent)] = nested(nlp(text), [outer])
    assert parent is outer
    assert _roles(text, found) == ("I", "think", "the bridge will hold through the winter")


def test_a_quoted_report_of_someone_else_keeps_both_sources(nlp):
    text = '"My brother told me the factory would close in June," said Tom Reyes, a welder.'
    outer = _outer(text, '"My brother told me the factory would close in June,"', "Tom Reyes, a welder",
                   "said")
    [(found, _)] = nested(nlp(text), [outer])
    assert _roles(text, found) == ("My brother", "told", "the factory would close in June")


def test_an_outlet_reporting_a_belief_layers_the_sources(nlp):
    text = "According to the Daily Ledger, the minister believes the strike will end by Friday."
    outer = _outer(text, "the minister believes the strike will end by Friday", "the Daily Ledger",
                   "According to")
    [(found, _)] = nested(nlp(text), [outer])
    assert _roles(text, found) == ("the minister", "believes", "the strike will end by Friday")


def test_inner_confidence_is_capped_by_its_parents(nlp):
    text = '"I think the bridge will hold through the winter," Mayor Ana Ruiz said on Tuesday.'
    outer = _outer(text, '"I think the bridge will hold through the winter,"', "Mayor Ana Ruiz", "said",
                   confidence=0.45)
    [(found, _)] = nested(nlp(text), [outer])
    assert found.confidence == 0.45


@pytest.mark.parametrize("text", [
    '"You know, the cranes are ready and the crews are waiting," Ruiz said.',  # discourse marker
    '"We can promise that, and we will," Ruiz said.',  # an object, not a statement
    '"Build it," Ruiz said.',  # too short to hold an attribution
])
def test_no_inner_attribution_where_none_is_reported(nlp, text):
    quote = text[:text.rindex('"') + 1]
    outer = _outer(text, quote, "Ruiz", "said")
    assert inner(nlp(text), outer, set()) == []


def test_an_outer_cue_or_source_is_never_an_inner_one(nlp):
    text = "The minister believes the strike will end by Friday, the Daily Ledger reported."
    outer = _outer(text, "The minister believes the strike will end by Friday", "the Daily Ledger",
                   "reported")
    believes = _outer(text, "the strike will end by Friday", "The minister", "believes")
    assert [c for c, _ in nested(nlp(text), [outer, believes])] == []


def test_the_pipeline_names_each_inner_attributions_parent():
    import according
    from according.config import DEFAULT_SETTINGS

    text = '"I think the bridge will hold through the winter," Mayor Ana Ruiz said on Tuesday.'
    off = according.extract(text, settings=DEFAULT_SETTINGS.with_(mode="rules"))
    on = according.extract(text, settings=DEFAULT_SETTINGS.with_(mode="rules", nested=True))
    assert [a.parent for a in off.attributions] == [None]
    [outer, found] = on.attributions
    assert (found.parent, found.source.text, found.cue.text) == (outer.id, "I", "think")
    assert found.speaker == outer.speaker  # "I" in her quotation is the mayor
