"""Speaker scores against gold coreference (gum-other's ``coref/``)."""

from __future__ import annotations

import json

import pytest

from according.errors import InputError
from according.evaluation.speakers import names_cluster, read_coref, speaker_scores
from according.schema import Attribution, Document, Entity, Span

TEXT = "Dear Ruth:\n\nI think the mill will close. Tom Hale says it will not.\n\nLove,\n\nOdile Marsh"
ODILE = {"id": "1", "identity": "Odile_Marsh", "mentions": [[12, 13], [TEXT.index("Odile"), len(TEXT)]]}
HALE = {"id": "2", "identity": "Thomas_Hale_%28farmer%29",
        "mentions": [[TEXT.index("Tom"), TEXT.index(" says")]]}


@pytest.mark.parametrize(("name", "cluster", "named"), [
    ("Odile Marsh", ODILE, True),
    ("Odile", ODILE, True),
    ("Tom Hale", HALE, True),  # a mention of the cluster
    ("Hale", HALE, True),  # a part of the identity, its note in brackets left out
    ("Thomas J. Hale", HALE, True),  # the identity with more
    ("the writer", ODILE, False),
    ("Ruth", ODILE, False),
])
def test_a_name_names_its_cluster(name, cluster, named):
    assert names_cluster(name, cluster, TEXT) is named


def _span(needle: str) -> Span:
    start = TEXT.index(needle)
    return Span(start, start + len(needle), needle)


def test_paired_attributions_are_scored_by_their_speakers_name(tmp_path):
    (tmp_path / "coref").mkdir()
    gold = {"clusters": [ODILE, HALE], "attributions": [
        {"content": [[TEXT.index("the mill"), TEXT.index(". Tom")]], "source": [[12, 13]], "cluster": "1"},
        {"content": [[TEXT.index("it will"), TEXT.index(".\n\nLove")]], "source": [], "cluster": "2"}]}
    (tmp_path / "coref" / "letter.json").write_text(json.dumps(gold))
    doc = Document("letter", TEXT, attributions=[
        Attribution("a1", "indirect", _span("I"), _span("think"), _span("the mill will close"), speaker="e1"),
        Attribution("a2", "indirect", _span("Tom Hale"), _span("says"), _span("it will not"), speaker="e2")],
        entities=[Entity("e1", "the writer", "PERSON"), Entity("e2", "Tom Hale", "PERSON")])
    scores = speaker_scores({"letter": TEXT}, read_coref(tmp_path), [doc])
    assert scores["speaker/named_accuracy"] == 0.5
    assert scores["_speaker_counts"] == {"named_gold": 2, "paired": 2, "correct": 1}


def test_a_directory_without_coreference_has_no_speaker_score(tmp_path):
    assert read_coref(tmp_path) == {}
    assert speaker_scores({}, {}, []) == {}


@pytest.mark.parametrize("content", ["{not json", "[1, 2]"])
def test_a_coreference_file_that_cannot_be_read_is_named(tmp_path, content):
    (tmp_path / "coref").mkdir()
    (tmp_path / "coref" / "bad.json").write_text(content)
    with pytest.raises(InputError, match="bad.json"):
        read_coref(tmp_path)
