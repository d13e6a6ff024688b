"""Acceptance test on the shared example article: Khamenei's nine statements and the sourced figures."""

from __future__ import annotations

import pytest

import according
from according.config import Settings
from according.schema import Attribution, Document
from tests.markers import needs_mpnet

#: Khamenei's nine statements: (words of the content, the cue).
KHAMENEI_STATEMENTS = [
    ("has suffered a “defeat”", "said"),
    ("the defeat of the Zionist regime", "said"),
    ("Advancing and entering hospitals", "said"),
    ("has so far failed", "charged"),
    ("This incapacity reflects the inability", "added"),
    ("killed thousands of children", "said"),
    ("Zionists consider themselves to be a superior race", "claimed"),
    ("cut off", "urged"),
    ("Some Islamic governments", "said"),
]

#: Other sourced statements: (words of the content, the source as written).
OTHER_SOURCES = [
    ("1,200", "Israeli officials"),
    ("12,300", "The Hamas government"),
    ("5,000", "The Hamas government"),
    ("unveiled new defence systems", "state media"),
    ("Fattah 2", "official news agency IRNA"),
]


@pytest.fixture(scope="module",
                params=["default", "fast", "accurate", pytest.param("large", marks=needs_mpnet), "rules"])
def doc(request, khamenei_text) -> Document:
    """The article through the default mode (the shared fixture) and through every named mode."""
    if request.param == "default":
        return request.getfixturevalue("khamenei_doc")
    return according.extract(khamenei_text, id="khamenei-gaza-speech",
                             settings=Settings(mode=request.param))


def _find(doc: Document, words: str, cue: str) -> Attribution:
    found = [a for a in doc.attributions if words in a.content.text and a.cue and cue in a.cue.text]
    assert found, f"no attribution of {words!r} cued by {cue!r}"
    return found[0]


def test_all_nine_khamenei_statements_resolve_to_one_entity(doc):
    found = [_find(doc, words, cue) for words, cue in KHAMENEI_STATEMENTS]
    assert len({a.id for a in found}) == 9
    speakers = {a.speaker for a in found}
    assert len(speakers) == 1
    khamenei = doc.entity(speakers.pop())
    assert khamenei is not None
    assert khamenei.name == "Ali Khamenei" and khamenei.type == "PERSON"
    assert [e for e in doc.entities if e.name == "Ali Khamenei"] == [khamenei]
    # Every pronoun and surname used as a source is one of the entity's mentions.
    for a in found:
        assert a.source is not None and (a.source.start, a.source.end) in khamenei.mentions


@pytest.mark.parametrize(("words", "source"), OTHER_SOURCES)
def test_figures_and_reports_keep_their_sources(doc, words, source):
    found = [a for a in doc.attributions if words in a.content.text and a.source
             and a.source.text.strip(" ,") == source]
    assert found, f"no attribution of {words!r} to {source!r}"
    entity = doc.entity(found[0].speaker)
    assert entity is not None
    expected = {"Israeli officials": ("Israeli officials", "GROUP"),
                "The Hamas government": ("Hamas government", "ORG"),
                "state media": ("state media", "ORG"),
                "official news agency IRNA": ("IRNA", "ORG")}[source]
    assert (entity.name, entity.type) == expected


def test_entities_are_numbered_by_first_mention(doc):
    firsts = [e.mentions[0] for e in doc.entities]
    assert firsts == sorted(firsts)
    assert [e.id for e in doc.entities] == [f"e{i + 1}" for i in range(len(doc.entities))]
    assert all(a.speaker in {e.id for e in doc.entities} for a in doc.attributions if a.source)
