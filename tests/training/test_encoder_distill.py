"""Feature distillation of the accurate encoder, and taggers trained through its tuned layers."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from click.testing import CliRunner
from safetensors.torch import load_file, save_file

from according.cli.main import cli
from according.config import Settings
from according.errors import InputError
from according.extraction.encoder import ContextEncoder
from according.extraction.quantize import Smoothed, split_calibration
from according.extraction.tagger import ENCODER_FILE, AccurateExtractor, load_model, tuned_hidden_states
from according.training import train
from according.training.dataset import load_split
from according.training.encoder_distill import DISTILL_FILE, distill_encoder, prune_ffn_
from according.training.ensemble import combine
from according.training.finetune import cache_bottom, context_vectors, top_layers
from tests.markers import needs_mpnet


@pytest.fixture(scope="module")
def distilled(tiny_polnear, tmp_path_factory):
    root = tmp_path_factory.mktemp("distilled")
    result = distill_encoder(tiny_polnear, tiny_polnear, root / "enc", epochs=2, lr=1e-3,
                             cache_dir=root / "cache")
    return root, result


@pytest.fixture(scope="module")
def tuned_taggers(distilled, tiny_polnear):
    root, _ = distilled
    for seed in (1, 2):
        train(tiny_polnear, tiny_polnear, root / f"t{seed}", seed=seed, epochs=1,
              cache_dir=root / "cache", encoder="minilm-l6", encoder_weights=root / "enc")
    return root


@needs_mpnet  # the teacher is MPNet
def test_distillation_tunes_the_layers_above_the_frozen_one_and_logs_each_epoch(distilled):
    root, result = distilled
    weights = load_file(str(root / "enc" / ENCODER_FILE))
    assert tuned_hidden_states(weights) == (2, 3)  # hidden state 1 stays MiniLM's own
    params, absmax = split_calibration(weights)
    assert all(v.dtype == torch.float16 for v in params.values())
    # the tuned layers' own int8 channel maxima, one per input channel of each of their linears
    linears = {k[:-len(".weight")] for k in params if k.endswith(".weight") and params[k].dim() == 2}
    assert set(absmax) == linears and len(linears) == 12
    assert all(a.shape == (params[k + ".weight"].shape[1],) and (a > 0).all() for k, a in absmax.items())
    assert [(h["stage"], h["epoch"]) for h in result["history"]] == [("probe", 1), ("tune", 1), ("tune", 2)]
    assert all(np.isfinite(h["dev_loss"]) and h["dev_loss"] > 0 for h in result["history"])
    recipe = json.loads((root / "enc" / DISTILL_FILE).read_text())
    assert (recipe["teacher"], recipe["teacher_layers"], recipe["frozen"]) == ("mpnet", [6, 9], 1)
    base = ContextEncoder(precision="fp32").model.state_dict()
    key = "encoder.layer.2.attention.self.query.weight"
    assert not torch.allclose(weights[key].float(), base[key], atol=1e-4)


@needs_mpnet  # the teacher is MPNet
def test_a_tagger_trained_through_tuned_layers_ships_and_runs_them(tuned_taggers, tiny_polnear, nlp):
    model = tuned_taggers / "t1"
    net = load_model(model)
    assert net.config.encoder_tuned == (2, 3)
    assert (model / ENCODER_FILE).read_bytes() == (tuned_taggers / "enc" / ENCODER_FILE).read_bytes()
    assert json.loads((model / "metrics.json").read_text())["encoder_weights"].endswith("enc")
    ex = AccurateExtractor(Settings(mode="accurate", model_path=model, encoder_precision="fp32"))
    doc = nlp("The minister said the port would reopen on Monday.")
    tuned = ex.encoder([doc])[0]
    base = ContextEncoder(precision="fp32")([doc])[0]
    weights = load_file(str(model / ENCODER_FILE))
    expected = ContextEncoder(precision="fp32", weights=weights)([doc])[0]
    assert np.allclose(tuned, expected) and not np.allclose(tuned, base, atol=1e-3)


@needs_mpnet  # the teacher is MPNet
def test_tuned_vectors_are_cached_apart_from_the_base_encoders(tuned_taggers):
    names = {p.name for p in (tuned_taggers / "cache").glob("*/minilm-l6-2-3-*.npy")}
    assert names and all("-tuned" in n for n in names)  # no base vectors were needed here
    assert {n.split("-")[4] for n in names} == {"int8v2", "fp32"}


@needs_mpnet  # the teacher is MPNet
def test_taggers_on_the_same_tuned_layers_make_an_ensemble_that_ships_them_once(tuned_taggers, tiny_polnear):
    out = tuned_taggers / "ens"
    combine([tuned_taggers / "t1", tuned_taggers / "t2"], tiny_polnear, out,
            cache_dir=tuned_taggers / "cache")
    assert (out / ENCODER_FILE).is_file() and not (out / "member-1" / ENCODER_FILE).exists()
    assert load_model(out / "member-1").config.encoder_tuned == (2, 3)


@needs_mpnet  # the teacher is MPNet
def test_taggers_on_other_tuned_layers_do_not_make_an_ensemble(tuned_taggers, tiny_polnear, tmp_path):
    import shutil

    other = tmp_path / "t2"
    shutil.copytree(tuned_taggers / "t2", other)
    weights = load_file(str(other / ENCODER_FILE))
    weights = {k: v + 1 for k, v in weights.items()}
    save_file(weights, str(other / ENCODER_FILE))
    with pytest.raises(InputError, match="other tuned encoder layers"):
        combine([tuned_taggers / "t1", other], tiny_polnear, tmp_path / "x",
                cache_dir=tuned_taggers / "cache")
    with pytest.raises(InputError, match="other features or encoder layers"):
        combine([tuned_taggers / "t1", model_dir_of_frozen(tuned_taggers, tiny_polnear)], tiny_polnear,
                tmp_path / "y", cache_dir=tuned_taggers / "cache")


def model_dir_of_frozen(root, data):
    """A tagger over the untouched encoder (trained once per module)."""
    out = root / "frozen"
    if not out.is_dir():
        train(data, data, out, seed=1, epochs=1, cache_dir=root / "cache", encoder="minilm-l6")
    return out


def test_bad_encoder_weights_are_one_line_errors(tiny_polnear, tmp_path):
    runner = CliRunner()
    args = ["train", "--mode", "accurate", "--data", str(tiny_polnear), "--dev", str(tiny_polnear),
            "--out", str(tmp_path / "m"), "--epochs", "1", "--encoder-weights", str(tmp_path)]
    res = runner.invoke(cli, args)  # InputError: the console entry point prints it as one line
    assert isinstance(res.exception, InputError) and "no tuned encoder layers" in str(res.exception)
    res = runner.invoke(cli, [*args[:2], "fast", *args[3:]])
    assert isinstance(res.exception, InputError)
    assert "needs a mode that reads an encoder" in str(res.exception)
    assert not (tmp_path / "m").exists()


def test_distill_encoder_cli_rejects_a_frozen_layer_at_the_top(tiny_polnear, tmp_path):
    res = CliRunner().invoke(cli, ["distill-encoder", "--data", str(tiny_polnear), "--dev",
                                   str(tiny_polnear), "--out", str(tmp_path / "e"), "--frozen", "3"])
    assert isinstance(res.exception, InputError)
    assert "must lie below the student's top layer 3" in str(res.exception) and not (tmp_path / "e").exists()


@needs_mpnet  # the teacher is MPNet
def test_distillation_reads_no_labels(distilled, tiny_polnear, tmp_path):
    """Only texts are read: the same articles with empty annotations give the same layers."""
    import shutil

    root, _ = distilled
    bare = tmp_path / "bare"
    shutil.copytree(tiny_polnear, bare)
    for ann in (bare / "attributions").glob("*.ann"):
        ann.write_text("", encoding="utf-8")
    distill_encoder(bare, bare, tmp_path / "enc", epochs=2, lr=1e-3, cache_dir=tmp_path / "cache")
    ours = load_file(str(tmp_path / "enc" / ENCODER_FILE))
    theirs = load_file(str(root / "enc" / ENCODER_FILE))
    assert ours.keys() == theirs.keys() and all(torch.equal(ours[k], theirs[k]) for k in ours)


def test_pruning_drops_the_neurons_that_add_nothing(tiny_polnear, tmp_path):
    """Neurons whose outgoing weights are zero are the least important: cutting exactly them
    leaves the layers' output unchanged."""
    examples = load_split(tiny_polnear, tmp_path, Settings().spacy_model)
    wins = cache_bottom(examples, tiny_polnear, tmp_path, Settings().spacy_model, "minilm-l6", 1)[:8]
    layers = top_layers("minilm-l6", 1, 3)
    dead = torch.arange(0, 1536, 3)  # a third of each layer's neurons
    with torch.no_grad():
        for layer in layers:
            layer.output.dense.weight[:, dead] = 0.0
    before = context_vectors(layers, wins, [1] * len(wins), "cpu")
    kept = prune_ffn_(layers, wins, 1536 - len(dead))
    assert all(not set(k.tolist()) & set(dead.tolist()) for k in kept)
    assert layers[1].intermediate.dense.weight.shape == (1024, 384)
    assert layers[1].output.dense.weight.shape == (384, 1024)
    assert torch.allclose(context_vectors(layers, wins, [1] * len(wins), "cpu"), before, atol=1e-5)


@needs_mpnet  # the teacher is MPNet
def test_a_pruned_distillation_ships_narrow_layers_that_run_in_int8(tiny_polnear, nlp, tmp_path):
    result = distill_encoder(tiny_polnear, tiny_polnear, tmp_path / "enc", epochs=1, lr=1e-3,
                             ffn=96, cache_dir=tmp_path / "cache")
    assert result["ffn"] == 96
    weights = load_file(str(tmp_path / "enc" / ENCODER_FILE))
    assert weights["encoder.layer.2.intermediate.dense.weight"].shape == (96, 384)
    assert weights["absmax.encoder.layer.2.output.dense"].shape == (96,)
    doc = nlp("The minister said the port would reopen on Monday, according to state media.")
    fp32 = ContextEncoder(precision="fp32", weights=weights)
    int8 = ContextEncoder(precision="int8", weights=weights)
    assert fp32.model.encoder.layer[2].output.dense.in_features == 96
    narrow = int8.model.encoder.layer[2].output.dense
    assert isinstance(narrow, Smoothed) and narrow.inv_scale.shape == (96,)  # smoothed by its own maxima
    a, b = fp32([doc])[0], int8([doc])[0]
    assert a.shape == (len(doc), 768) and np.abs(a - b).mean() < 0.1


def test_bad_ffn_widths_are_one_line_errors(tiny_polnear, tmp_path):
    res = CliRunner().invoke(cli, ["distill-encoder", "--data", str(tiny_polnear), "--dev",
                                   str(tiny_polnear), "--out", str(tmp_path / "e"), "--ffn", "2000"])
    assert isinstance(res.exception, InputError) and "1536 feed-forward neurons" in str(res.exception)
    assert not (tmp_path / "e").exists()
    weights = {"encoder.layer.7.intermediate.dense.weight": torch.zeros(8, 384)}
    with pytest.raises(InputError, match="bad fine-tuned weights"):
        ContextEncoder(precision="fp32", weights=weights)
