"""Stage two of the ``accurate`` model: fine-tuning the encoder's top layers."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from according.config import Settings
from according.errors import InputError
from according.extraction.encoder import DEFAULT_LAYERS
from according.extraction.tagger import ENCODER_FILE, AccurateExtractor, load_encoder_weights, load_model
from according.training import train
from according.training.dataset import load_split
from according.training.finetune import FROZEN, cache_bottom, save_encoder, set_dev_context, top_layers

TOP = max(DEFAULT_LAYERS)
#: Hidden states produced by the fine-tuned layers, as a model's config names them.
TUNED = list(range(FROZEN + 1, TOP + 1))


@pytest.fixture(scope="module")
def tuned_run(tiny_polnear, tmp_path_factory):
    out = tmp_path_factory.mktemp("tuned") / "m"
    cache = out.parent / "cache"
    result = train(tiny_polnear, tiny_polnear, out, seed=2, epochs=1, cache_dir=cache,
                   encoder="minilm-l6", finetune_epochs=2)
    return out, cache, result


def test_finetuning_logs_its_epochs_after_stage_one(tuned_run):
    _, _, result = tuned_run
    stages = [h.get("stage", "tagger") for h in result["history"]]
    assert stages == ["tagger", "finetune", "finetune"]
    assert [h["epoch"] for h in result["history"]] == [1, 2, 3]
    assert result["finetune_epochs"] == 2


def test_the_bottom_layers_are_cached_once_per_split(tuned_run, tiny_polnear):
    out, cache, _ = tuned_run
    (path,) = cache.glob(f"*/minilm-l6-bottom{FROZEN}-v2-int8v*.pkl")
    examples = load_split(tiny_polnear, cache, Settings().spacy_model)
    wins = cache_bottom(examples, tiny_polnear, cache, Settings().spacy_model, "minilm-l6", FROZEN)
    assert wins and all(len(w.hidden) == 2 for w in wins)  # int8 and float32 variants
    assert all(w.hidden[0].shape == (len(w.pieces.ids), 384) for w in wins)
    covered = sorted((w.example, w.pieces.t0, w.pieces.n_tokens) for w in wins)
    assert {e for e, _, _ in covered} == {0, 1}


def test_set_dev_context_with_base_layers_matches_the_run_time_encoder(tiny_polnear, tmp_path):
    """Training and run time must build the same token vectors from the same layers."""
    from according.extraction.encoder import ContextEncoder

    examples = load_split(tiny_polnear, None, Settings().spacy_model)
    wins = cache_bottom(examples, tiny_polnear, None, Settings().spacy_model, "minilm-l6", FROZEN)
    for w in wins:  # the float32 bottom in place of the int8 one
        w.hidden = [w.hidden[1], w.hidden[1]]
    set_dev_context(top_layers("minilm-l6", FROZEN, TOP), examples, wins)
    fp32 = ContextEncoder(precision="fp32")([e.doc for e in examples])
    for e, ref in zip(examples, fp32, strict=True):
        assert e.feats.ctx.shape == ref.shape
        assert np.allclose(e.feats.ctx, ref, atol=2e-2)  # the cache holds float16


def test_tuned_layers_ship_in_float16_and_the_extractor_loads_them(tuned_run, tmp_path, nlp):
    import shutil

    src, _, _ = tuned_run
    model = tmp_path / "m"
    shutil.copytree(src, model)
    layers = top_layers("minilm-l6", FROZEN, TOP)
    with torch.no_grad():
        layers[0].output.dense.bias.fill_(0.5)
    save_encoder(layers, FROZEN, model)
    cfg = json.loads((model / "config.json").read_text())
    cfg["encoder_tuned"] = TUNED
    (model / "config.json").write_text(json.dumps(cfg))
    weights = load_encoder_weights(model, load_model(model).config)
    assert weights and all(k.startswith(tuple(f"encoder.layer.{k - 1}." for k in TUNED))
                           for k in weights)
    assert all(v.dtype == torch.float16 for v in weights.values())
    from according.extraction.encoder import ContextEncoder

    ext = AccurateExtractor(Settings(model_path=model, device="cpu"))
    doc = nlp("The minister said the port would reopen.")
    tuned, base = ext.encoder([doc])[0], ContextEncoder(precision=ext.encoder.precision)([doc])[0]
    assert np.allclose(tuned[:, :384], base[:, :384], atol=1e-5)  # layer 2 is frozen
    assert not np.allclose(tuned[:, 384:], base[:, 384:], atol=1e-2)
    assert isinstance(ext.extract([doc])[0], list)


def test_a_model_missing_its_tuned_layers_is_an_input_error(tuned_run, tmp_path):
    import shutil

    src, _, _ = tuned_run
    model = tmp_path / "m"
    shutil.copytree(src, model)
    (model / ENCODER_FILE).unlink(missing_ok=True)
    cfg = json.loads((model / "config.json").read_text())
    cfg["encoder_tuned"] = TUNED
    (model / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(InputError, match="fine-tuned encoder layers"):
        AccurateExtractor(Settings(model_path=model, device="cpu"))


def test_encoder_weights_for_unknown_parameters_are_an_input_error():
    from according.extraction.encoder import ContextEncoder

    with pytest.raises(InputError, match="unknown parameters"):
        ContextEncoder(weights={"encoder.layer.9.output.dense.bias": torch.zeros(384)})


def test_set_dev_context_reads_only_the_tagger_layers_from_a_low_frozen_bottom(tiny_polnear):
    """With every layer tuned (bottom = embeddings) the tagger still sees hidden states 2-3."""
    from according.extraction.encoder import ContextEncoder

    examples = load_split(tiny_polnear, None, Settings().spacy_model)
    wins = cache_bottom(examples, tiny_polnear, None, Settings().spacy_model, "minilm-l6", 0)
    assert {w.layer for w in wins} == {0}
    for w in wins:
        w.hidden = [w.hidden[1], w.hidden[1]]
    set_dev_context(top_layers("minilm-l6", 0, TOP), examples, wins, read=DEFAULT_LAYERS)
    fp32 = ContextEncoder(precision="fp32")([e.doc for e in examples])
    for e, ref in zip(examples, fp32, strict=True):
        assert e.feats.ctx.shape == ref.shape == (len(e.doc), 384 * len(DEFAULT_LAYERS))
        assert np.allclose(e.feats.ctx, ref, atol=2e-2)


@pytest.fixture(scope="module")
def stage_one(tiny_polnear, tmp_path_factory):
    out = tmp_path_factory.mktemp("stage1") / "m"
    train(tiny_polnear, tiny_polnear, out, seed=2, epochs=1, encoder="minilm-l6")
    return out


def test_stage_two_from_a_trained_model_tunes_every_layer_and_keeps_the_best(stage_one, tiny_polnear,
                                                                            tmp_path):
    out = tmp_path / "tuned"
    result = train(tiny_polnear, tiny_polnear, out, seed=2, encoder="minilm-l6", finetune_epochs=2,
                   frozen=0, init_model=stage_one)
    stages = [h.get("stage") for h in result["history"]]
    assert stages == ["init", "finetune", "finetune"]
    assert result["epochs"] == 0 and result["finetune_epochs"] == 2
    assert result["best"]["linked_f1"] >= result["history"][0]["linked_f1"]
    net = load_model(out)
    if result["best"]["stage"] == "finetune":
        assert net.config.encoder_tuned == tuple(range(1, TOP + 1))
        weights = load_encoder_weights(out, net.config)
        assert {k.split(".")[2] for k in weights} == {str(i) for i in range(TOP)}
    else:  # the starting model, unchanged
        assert not net.config.encoder_tuned
    AccurateExtractor(Settings(model_path=out, device="cpu"))  # loads either way


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"frozen": TOP, "finetune_epochs": 1}, "must lie below"),
    ({"frozen": 0, "finetune_epochs": 0}, "at least one fine-tuning epoch"),
])
def test_bad_stage_two_starts_are_input_errors(stage_one, tiny_polnear, tmp_path, kwargs, message):
    with pytest.raises(InputError, match=message):
        train(tiny_polnear, tiny_polnear, tmp_path / "x", encoder="minilm-l6", init_model=stage_one,
              **kwargs)


def test_stage_two_from_a_fast_model_is_an_input_error(tiny_polnear, tmp_path):
    from according.config import MODELS_DIR

    with pytest.raises(InputError, match="needs an accurate model"):
        train(tiny_polnear, tiny_polnear, tmp_path / "x", finetune_epochs=1, init_model=MODELS_DIR / "fast")


def test_stage_two_keeps_the_feature_version_of_its_starting_model(stage_one, tiny_polnear, tmp_path):
    import shutil

    start = tmp_path / "v1"
    shutil.copytree(stage_one, start)
    cfg = json.loads((start / "config.json").read_text())
    assert cfg["feature_version"] == 2
    del cfg["feature_version"]  # as written before feature versions existed
    (start / "config.json").write_text(json.dumps(cfg))
    train(tiny_polnear, tiny_polnear, tmp_path / "out", seed=2, encoder="minilm-l6", finetune_epochs=1,
          init_model=start)
    assert load_model(tmp_path / "out").config.feature_version == 1


def test_a_frozen_layer_at_or_above_the_top_is_an_input_error_without_init_model(tiny_polnear, tmp_path):
    with pytest.raises(InputError, match="must lie below"):
        train(tiny_polnear, tiny_polnear, tmp_path / "x", epochs=1, encoder="minilm-l6",
              finetune_epochs=1, frozen=TOP)
    assert not (tmp_path / "x").exists()


def test_stage_two_from_an_ensemble_tunes_its_main_tagger(stage_one, tiny_polnear, tmp_path):
    from according.training.ensemble import combine

    ens = tmp_path / "ens"
    combine([stage_one, stage_one], tiny_polnear, ens)
    train(tiny_polnear, tiny_polnear, tmp_path / "out", seed=2, encoder="minilm-l6", finetune_epochs=1,
          init_model=ens)
    cfg = load_model(tmp_path / "out").config
    assert cfg.members == () and not cfg.quantize
    AccurateExtractor(Settings(model_path=tmp_path / "out", device="cpu"))
