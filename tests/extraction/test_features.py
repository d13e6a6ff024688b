"""Per-token tagger features: each column means what its name says (the model depends on it)."""

from __future__ import annotations

import numpy as np
import spacy

from according.extraction.features import FEATURE_VERSION, FLAG_NAMES, ID_COLUMNS, featurize

COL = {name: j for j, (name, _) in enumerate(ID_COLUMNS)}
SIZE = dict(ID_COLUMNS)
FLAG = {name: j for j, name in enumerate(FLAG_NAMES)}


def _bucket(doc, string: str, column: str) -> int:
    return doc.vocab.strings[string] % SIZE[column]


def test_ids_are_hashed_strings_of_token_head_and_cue_relation(nlp):
    doc = nlp("Donald Trump said the wall would be built.")
    f = featurize(doc)
    trump, said = doc[1], doc[2]
    assert trump.head.i == said.i and trump.dep_ == "nsubj"
    assert f.ids[1, COL["lower"]] == _bucket(doc, "trump", "lower")
    assert f.ids[2, COL["lemma"]] == _bucket(doc, "say", "lemma")
    assert f.ids[1, COL["head_lemma"]] == _bucket(doc, "say", "head_lemma")
    assert f.ids[1, COL["ent"]] == _bucket(doc, f"I-{trump.ent_type_}", "ent")
    assert f.ids[0, COL["ent"]] == _bucket(doc, f"B-{doc[0].ent_type_}", "ent")
    assert f.ids[1, COL["cue_ctx"]] == _bucket(doc, "nsubj>say", "cue_ctx")
    assert f.ids[2, COL["cue_ctx"]] == _bucket(doc, "ROOT>say", "cue_ctx")  # the root heads itself
    wall = next(t for t in doc if t.text == "wall")
    assert f.ids[wall.i, COL["cue_ctx"]] == _bucket(doc, "-", "cue_ctx")
    assert f.ids[1, COL["head_dep"]] == doc.vocab.strings[said.dep_] % SIZE["head_dep"]
    assert f.ids[1, COL["tag"]] == doc.vocab.strings[trump.tag_] % SIZE["tag"]
    assert f.flags[2, FLAG["cue_lemma"]] == 1 and f.flags[1, FLAG["head_cue_lemma"]] == 1
    assert f.flags[1, FLAG["head_right"]] == 1 and f.flags[2, FLAG["is_root"]] == 1


def test_flags_for_quotes_sentences_paragraphs_and_colons(nlp):
    text = 'He said: "We will rebuild." Then he left.\n\nNew paragraph here.'
    doc = nlp(text)
    f = featurize(doc)
    rebuild = next(t.i for t in doc if t.text == "rebuild")
    opening = next(t.i for t in doc if t.text == '"')
    assert f.flags[rebuild, FLAG["in_quote"]] == 1 and f.flags[0, FLAG["in_quote"]] == 0
    assert f.flags[opening, FLAG["is_quote"]] == 1
    assert f.flags[0, FLAG["sent_start"]] == 1 and f.flags[len(doc) - 1, FLAG["sent_end"]] == 1
    new = next(t.i for t in doc if t.text == "New")
    # spaCy makes the blank line a token of its own: it carries the newline flag
    assert doc[new - 1].is_space and f.flags[new - 1, FLAG["newline_before"]] == 1
    assert f.flags[new, FLAG["sent_start"]] == 1 and f.flags[0, FLAG["para_start"]] == 1
    assert [t.text for t in doc if f.flags[t.i, FLAG["para_start"]]] == ["He", "New"]
    assert f.flags[rebuild, FLAG["after_colon"]] == 1  # same sentence as the colon
    assert f.flags[new, FLAG["after_colon"]] == 0
    colon = next(t.i for t in doc if t.text == ":")
    assert f.flags[colon, FLAG["after_colon"]] == 0  # the colon itself is not after one


def test_empty_and_unparsed_documents_have_well_shaped_features():
    blank = spacy.blank("en")
    empty = featurize(blank(""))
    assert empty.ids.shape == (0, len(ID_COLUMNS)) and empty.flags.shape == (0, len(FLAG_NAMES))
    f = featurize(blank("no parse: here at all"))
    assert f.ids.shape == (6, len(ID_COLUMNS)) and np.isfinite(f.flags).all()
    assert (f.flags[:, FLAG["is_root"]] == 1).all()  # every token is its own head


def test_featurize_passes_no_python_ints_beyond_int64_to_numpy(nlp, monkeypatch):
    """Regression: numpy 2.5 raises OverflowError where older numpy wrapped spaCy's 64-bit
    string hashes (Python ints) into int64; ``np.where`` is made as strict here."""
    where = np.where

    def strict_where(cond, *values):
        for v in values:
            if isinstance(v, int) and not -(2**63) <= v < 2**63:
                raise OverflowError("Python int too large to convert to C long")
        return where(cond, *values)

    monkeypatch.setattr(np, "where", strict_where)
    doc = nlp('The minister said: "We are ready."')
    assert featurize(doc).ids.shape == (len(doc), len(ID_COLUMNS))


def test_para_start_marks_the_word_after_a_blank_line_token(nlp):
    """Regression: the blank line is a token of its own, so the flag looked only at the gap
    between it and the next word and fired on the first token alone."""
    doc = nlp("First paragraph ends.\n\n\n  Second one starts.\nThird line.")
    f = featurize(doc)
    assert [t.text for t in doc if f.flags[t.i, FLAG["para_start"]]] == ["First", "Second", "Third"]


def test_version_1_features_keep_the_old_para_start_for_models_trained_on_them(nlp):
    from according.extraction.tagger import TaggerConfig

    doc = nlp("First paragraph ends.\n\nSecond one starts.")
    old, new = featurize(doc, version=1), featurize(doc)
    assert [t.text for t in doc if old.flags[t.i, FLAG["para_start"]]] == ["First"]
    assert [t.text for t in doc if new.flags[t.i, FLAG["para_start"]]] == ["First", "Second"]
    second = next(t.i for t in doc if t.text == "Second")
    assert old.flags[second, FLAG["newline_before"]] == 0 and new.flags[second, FLAG["newline_before"]] == 1
    changed = [FLAG["para_start"], FLAG["newline_before"]]
    np.testing.assert_array_equal(np.delete(old.flags, changed, 1), np.delete(new.flags, changed, 1))
    assert TaggerConfig.from_dict({}).feature_version == 1  # configs written before versions
    assert TaggerConfig().feature_version == FEATURE_VERSION == 2
