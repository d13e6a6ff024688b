"""Source notes under a chart's or table's text."""
from __future__ import annotations

from according.extraction.base import Candidate
from according.extraction.notes import MAX_COVERED_CHARS, source_notes, with_notes

_CHART = ("Leaders met in Riga on Friday.\n\nDefense spending by member.\n\n"
          "Only five members spend more than 2 percent of output on defense.\n\n"
          "Source: NATO.\n\nThe talks resume in May.")


def _text(text: str, pieces: list[tuple[int, int]]) -> str:
    return " ".join(text[s:e] for s, e in pieces)


def test_a_note_gives_the_source_of_the_paragraph_above_it():
    [note] = source_notes(_CHART)
    assert _text(_CHART, note.source) == "NATO"
    assert _text(_CHART, note.cue) == "Source:"
    assert _text(_CHART, note.content) == "Only five members spend more than 2 percent of output on defense."


def test_a_note_does_not_cover_an_articles_long_paragraph_or_a_quotation():
    long = _CHART.replace("Only five", "Only five " + "members, " * (MAX_COVERED_CHARS // 9))
    assert source_notes(long) == []
    quoted = _CHART.replace("Only five members spend", "“Only five members spend").replace(
        "on defense.", "on defense,” he said.")
    assert source_notes(quoted) == []


def test_a_sentence_naming_sources_is_no_note():
    text = "Officials spoke.\n\nSources: two officials who asked not to be named said so."
    assert source_notes(text) == []
    assert source_notes("Sources say the talks failed.") == []


def test_an_extractors_attribution_of_the_paragraph_comes_first():
    s = _CHART.index("Only five")
    found = Candidate(content=[(s, s + 20)], source=[(0, 7)], confidence=0.5)
    assert with_notes(_CHART, [found]) == [found]
    assert len(with_notes(_CHART, [])) == 1


def test_the_figures_of_a_chart_go_to_its_noted_source():
    from according import extract

    doc = extract(_CHART)
    names = {e.id: e.name for e in doc.entities}
    sources = {f.text: names.get(f.source_entity) for f in doc.figures}
    assert sources["five"] == "NATO" and sources["more than 2 percent"] == "NATO"
