from __future__ import annotations

import pytest

from according.errors import InputError
from according.training.brat import parse_ann, read_dir


def test_reads_discontinuous_content_and_all_roles(tiny_polnear):
    docs = {d.name: d for d in read_dir(tiny_polnear)}
    assert set(docs) == {"a", "b"}
    told = docs["b"].attributions[0]
    text = docs["b"].text
    assert [text[s:e] for s, e in told.content] == ['"Prices will fall,"', '"but not soon."']
    assert [text[s:e] for s, e in told.source] == ["the governor"]
    according = docs["a"].attributions[2]
    assert docs["a"].text[according.cue[0][0]:according.cue[0][1]] == "According to"


def test_events_without_content_are_skipped(tmp_path):
    ann = tmp_path / "x_a.ann"
    ann.write_text("T1\tCue 0 4\tsaid\nT2\tAttribution 0 4\tsaid\nE1\tAttribution:T2 Cue:T1\n")
    assert parse_ann(ann) == []


def test_missing_directories_raise_input_error(tmp_path):
    with pytest.raises(InputError, match="not a PolNeAR directory"):
        read_dir(tmp_path)
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    with pytest.raises(InputError, match="no annotated documents"):
        read_dir(tmp_path)
