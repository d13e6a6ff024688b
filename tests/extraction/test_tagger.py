from __future__ import annotations

import numpy as np
import pytest

import according
from according.config import Settings
from according.errors import InputError
from according.extraction.encoder import resolve_precision
from according.extraction.features import featurize
from according.extraction.tagger import (
    TAGS,
    AccurateExtractor,
    LargeExtractor,
    TaggerExtractor,
    decode,
    decode_many,
    load_model,
    predict_probs,
    save_model,
)
from tests.markers import needs_mpnet

TAG = {t: i for i, t in enumerate(TAGS)}


@pytest.fixture(scope="module")
def extractor() -> TaggerExtractor:
    return TaggerExtractor(Settings())


@pytest.fixture(scope="module")
def large() -> LargeExtractor:
    """The shipped large model, loaded once (its MPNet encoder takes seconds)."""
    return LargeExtractor(Settings(mode="large"))


def test_decode_turns_an_orphan_inside_tag_into_a_beginning():
    probs = np.eye(len(TAGS))[[TAG["O"], TAG["I-CON"], TAG["I-CON"], TAG["B-CUE"], TAG["I-SRC"]]] * 0.8 \
        + 0.2 * np.eye(len(TAGS))[[TAG["O"], TAG["B-CON"], TAG["O"], TAG["O"], TAG["B-SRC"]]]
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


@pytest.fixture(scope="module")
def accurate() -> AccurateExtractor:
    return AccurateExtractor(Settings(mode="accurate"))


@pytest.mark.parametrize("mode", ["fast", "accurate", pytest.param("large", marks=needs_mpnet)])
def test_batch_results_do_not_depend_on_batch_composition(nlp, mode, request):
    """Regression: the accurate and large taggers ran in dynamic int8 on the CPU, which scales
    activations per batch; a document's tag probabilities moved by up to 0.24 on dev with the
    other documents in its batch. Taggers now run in float32 there."""
    extractor = request.getfixturevalue({"fast": "extractor"}.get(mode, mode))
    a = nlp("Smith said the plan failed.")
    b = nlp("Officials said on Friday that the talks, which began in March, had collapsed. "
            "The union disagreed, saying a deal was close.")
    alone = extractor.extract([a])[0]
    together = extractor.extract([b, a])[1]
    assert [(c.content, c.cue, c.source) for c in alone] == [(c.content, c.cue, c.source) for c in together]
    assert [c.confidence for c in alone] == pytest.approx([c.confidence for c in together], abs=1e-5)


def test_default_mode_is_the_tagger(khamenei_doc):
    import according.extraction.pipeline as pipeline

    assert pipeline.load_extractor(Settings()).name == pipeline.DEFAULT_MODE
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


@pytest.mark.shared
@needs_mpnet
def test_large_mode_reads_mpnet_and_beats_the_fast_tagger_on_a_dev_slice(polnear_dev, nlp, extractor,
                                                                           large):
    """The large model (frozen all-mpnet-base-v2 layers 6 and 9) against the fast tagger on
    the same slice of dev (full dev: see the large MODEL_CARD)."""
    from according.training.brat import read_dir
    from according.training.metrics import relation_f1

    assert large.net.config.encoder == "mpnet" and large.net.config.encoder_layers == (6, 9)
    golds = read_dir(polnear_dev)[:12]
    docs = list(nlp.pipe([g.text for g in golds]))
    big, base = (relation_f1(golds, x.extract(docs))["linked_f1"] for x in (large, extractor))
    assert big >= 0.65 and big > base


@pytest.mark.shared
@needs_mpnet
def test_large_mode_keeps_its_quality_with_a_float32_encoder(polnear_dev, nlp, large):
    """Regression: a large tagger that learned int8 encoder vectors only lost 0.01-0.02 when the
    encoder ran in float32, as on a GPU. The taggers learn both variants."""
    from according.extraction.encoder import ContextEncoder
    from according.training.brat import read_dir
    from according.training.metrics import relation_f1

    assert len(large.nets) == 2  # two taggers over one encoder pass
    golds = read_dir(polnear_dev)[:24]  # an int8-only tagger: 0.807 int8, 0.790 float32 here
    docs = list(nlp.pipe([g.text for g in golds]))
    cfg, shipped_encoder = large.net.config, large.encoder
    try:
        large.encoder = ContextEncoder(cfg.encoder, cfg.encoder_layers, "cpu", "int8")
        int8 = relation_f1(golds, large.extract(docs))["linked_f1"]
        large.encoder = ContextEncoder(cfg.encoder, cfg.encoder_layers, "cpu", "fp32")
        fp32 = relation_f1(golds, large.extract(docs))["linked_f1"]
    finally:
        large.encoder = shipped_encoder
    assert fp32 >= int8 - 0.005, (int8, fp32)


def test_model_path_setting_loads_that_model(tmp_path, khamenei_text):
    save_model(load_model(), tmp_path)
    doc = according.extract("Smith said the plan failed.", settings=Settings(model_path=str(tmp_path)))
    assert [a.cue.text for a in doc.attributions] == ["said"]


def test_cuda_without_a_gpu_falls_back_to_the_cpu_with_a_warning(monkeypatch, caplog):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert TaggerExtractor(Settings(device="cuda")).device == "cpu"
    assert "no CUDA GPU available, running on the CPU" in caplog.text
    assert TaggerExtractor(Settings(device="auto")).device == "cpu"
    # the CPU's precision (int8, or bf16 where native), not the GPU's float32
    cpu = resolve_precision(Settings().encoder_precision, "cpu")
    assert AccurateExtractor(Settings(device="cuda")).encoder.precision == cpu


def _onehot(tags: list[int], p: float = 0.9) -> np.ndarray:
    probs = np.full((len(tags), len(TAGS)), (1 - p) / (len(TAGS) - 1))
    probs[np.arange(len(tags)), tags] = p
    return probs


def test_decode_keeps_a_valid_argmax_sequence():
    tags = [0, 1, 2, 3, 5, 6, 6, 0]
    assert decode(_onehot(tags)).tolist() == tags


def test_decode_never_starts_a_span_with_an_inside_tag():
    probs = _onehot([0, 6, 6, 0])  # argmax says I-CON after O
    out = decode(probs).tolist()
    for prev, cur in zip([0, *out], out, strict=False):
        assert cur not in (2, 4, 6) or prev in (cur, cur - 1)


def test_decode_extends_a_confident_span_rather_than_cutting_it():
    # B-CON, then a token that is slightly more "O" than "I-CON", then confident I-CON tokens:
    # argmax would open a second span; the best valid path keeps one.
    probs = _onehot([5, 6, 6, 6])
    probs[1] = [0.5, 0, 0, 0, 0, 0.02, 0.48]
    assert decode(probs).tolist() == [5, 6, 6, 6]


def test_decode_finds_the_best_valid_path_and_batches_give_the_same_paths():
    import itertools

    allowed = lambda a, b: b not in (2, 4, 6) or a in (b, b - 1)  # noqa: E731
    rng = np.random.default_rng(7)
    docs = [rng.dirichlet(np.full(len(TAGS), 0.4), size=n) for n in (1, 2, 3, 4, 4)]
    for probs in docs:
        best = max((seq for seq in itertools.product(range(len(TAGS)), repeat=len(probs))
                    if seq[0] not in (2, 4, 6) and all(allowed(a, b) for a, b in itertools.pairwise(seq))),
                   key=lambda seq: sum(np.log(probs[i, t]) for i, t in enumerate(seq)))
        assert decode(probs).tolist() == list(best)
    assert [t.tolist() for t in decode_many(docs)] == [decode(p).tolist() for p in docs]


def test_a_model_naming_an_unknown_encoder_is_an_input_error(tmp_path):
    import json
    import shutil

    from according.extraction.tagger import SHIPPED_MODELS

    shutil.copytree(SHIPPED_MODELS["accurate"], tmp_path / "m")
    cfg = json.loads((tmp_path / "m" / "config.json").read_text())
    (tmp_path / "m" / "config.json").write_text(json.dumps({**cfg, "encoder": "bert-huge"}))
    with pytest.raises(InputError, match="unknown encoder"):
        AccurateExtractor(Settings(model_path=str(tmp_path / "m")))
