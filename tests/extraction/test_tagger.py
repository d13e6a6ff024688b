from __future__ import annotations

import numpy as np
import pytest

import according
from according.config import Settings
from according.errors import InputError
from according.extraction.features import featurize
from according.extraction.tagger import TAGS, TaggerExtractor, decode, load_model, predict_probs, save_model

TAG = {t: i for i, t in enumerate(TAGS)}


@pytest.fixture(scope="module")
def extractor() -> TaggerExtractor:
    return TaggerExtractor(Settings())


def test_decode_turns_an_orphan_inside_tag_into_a_beginning():
    probs = np.eye(len(TAGS))[[TAG["O"], TAG["I-CON"], TAG["I-CON"], TAG["B-CUE"], TAG["I-SRC"]]]
    assert [TAGS[t] for t in decode(probs)] == ["O", "B-CON", "I-CON", "B-CUE", "B-SRC"]


def test_missing_or_corrupt_model_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no tagger model"):
        load_model(tmp_path)
    net = load_model()
    save_model(net, tmp_path)
    (tmp_path / "model.safetensors").write_bytes(b"not a model")
    with pytest.raises(InputError, match="unreadable tagger model"):
        load_model(tmp_path)


def test_saved_model_reloads_with_identical_outputs(nlp, tmp_path):
    net = load_model()
    save_model(net, tmp_path)
    again = load_model(tmp_path)
    feats = [featurize(nlp("The minister said the port would reopen on Monday."))]
    assert np.allclose(predict_probs(net, feats)[0], predict_probs(again, feats)[0])
    assert again.config == net.config


def test_reported_speech_with_said(nlp, extractor):
    text = "The harbour minister said the port would reopen on Monday after repairs."
    [cands] = extractor.extract([nlp(text)])
    [c] = cands
    assert [text[s:e] for s, e in c.cue] == ["said"]
    assert "The harbour minister" in text[c.source[0][0]:c.source[-1][1]]
    assert "the port would reopen on Monday" in text[c.content[0][0]:c.content[-1][1]]
    assert 0.0 < c.confidence < 1.0


def test_quote_interrupted_by_its_cue_is_one_attribution(nlp, extractor):
    text = ('"We will not back down," the governor told reporters on Tuesday, '
            '"and we will win this fight in the courts."')
    [cands] = extractor.extract([nlp(text)])
    [c] = [c for c in cands if c.cue and "told" in text[c.cue[0][0]:c.cue[-1][1]]]
    assert len(c.content) == 2
    assert "the governor" in text[c.source[0][0]:c.source[-1][1]]


def test_documents_without_attributions_and_empty_documents(nlp, extractor):
    docs = [nlp(""), nlp("   \n\n "), nlp("The bridge is 40 metres long.")]
    assert extractor.extract(docs) == [[], [], []]


def test_batch_results_do_not_depend_on_batch_composition(nlp, extractor):
    a = nlp("Smith said the plan failed.")
    b = nlp("Officials said on Friday that the talks, which began in March, had collapsed. "
            "The union disagreed, saying a deal was close.")
    alone = extractor.extract([a])[0]
    together = extractor.extract([b, a])[1]
    assert [(c.content, c.cue, c.source) for c in alone] == [(c.content, c.cue, c.source) for c in together]
    assert [c.confidence for c in alone] == pytest.approx([c.confidence for c in together], abs=1e-5)


def test_default_mode_is_the_tagger(khamenei_doc):
    import according.extraction.pipeline as pipeline

    assert pipeline.load_extractor(Settings()).name == "tagger"
    assert len(khamenei_doc.attributions) >= 14


@pytest.mark.shared
def test_dev_quality_does_not_regress(polnear_dev, nlp, extractor):
    """A fixed slice of PolNeAR dev: relation F1 of the shipped model (full dev: see MODEL_CARD)."""
    from according.training.brat import read_dir
    from according.training.metrics import relation_f1

    golds = read_dir(polnear_dev)[:12]
    cands = extractor.extract(list(nlp.pipe([g.text for g in golds])))
    m = relation_f1(golds, cands)
    assert m["linked_f1"] >= 0.6 and m["content_f1"] >= 0.68


def test_model_path_setting_loads_that_model(tmp_path, khamenei_text):
    save_model(load_model(), tmp_path)
    doc = according.extract("Smith said the plan failed.", settings=Settings(model_path=str(tmp_path)))
    assert [a.cue.text for a in doc.attributions] == ["said"]


def test_unavailable_cuda_device_is_an_input_error(monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(InputError, match="no CUDA device"):
        TaggerExtractor(Settings(device="cuda"))
    assert TaggerExtractor(Settings(device="auto")).device == "cpu"
