"""Ensembles: trained taggers combined into one model that averages their probabilities."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from click.testing import CliRunner

from according.cli.main import cli
from according.config import DEFAULT_SETTINGS
from according.errors import InputError
from according.extraction.tagger import (
    SHIPPED_MODELS,
    TaggerExtractor,
    ensemble_probs,
    load_model,
    predict_probs,
    round_to_half_,
)
from according.training import train
from according.training.dataset import load_split
from according.training.ensemble import combine


@pytest.fixture(scope="module")
def two_taggers(tiny_polnear, tmp_path_factory):
    root = tmp_path_factory.mktemp("taggers")
    for seed in (1, 2):
        train(tiny_polnear, tiny_polnear, root / f"t{seed}", seed=seed, epochs=1, cache_dir=root / "cache")
    return root


def test_the_ensemble_averages_its_taggers_and_refits_calibration(two_taggers, tiny_polnear, tmp_path):
    out = tmp_path / "ens"
    res = CliRunner().invoke(cli, ["ensemble", str(two_taggers / "t1"), str(two_taggers / "t2"),
                                   "--dev", str(tiny_polnear), "--out", str(out),
                                   "--cache", str(two_taggers / "cache")])
    assert res.exit_code == 0, res.output
    assert set(json.loads(res.output)) == {"dev", "calibration"}
    net = load_model(out)
    assert net.config.members == ("member-1",) and not net.config.quantize
    assert (out / "member-1" / "model.safetensors").is_file()
    extractor = TaggerExtractor(DEFAULT_SETTINGS.with_(mode="fast", model_path=str(out), device="cpu"))
    assert len(extractor.nets) == 2
    feats = [e.feats for e in load_split(tiny_polnear, two_taggers / "cache", DEFAULT_SETTINGS.spacy_model)]
    a, b = (predict_probs(load_model(two_taggers / t), feats) for t in ("t1", "t2"))
    for got, x, y in zip(ensemble_probs(extractor.nets, feats), a, b, strict=True):
        assert np.allclose(got, (x + y) / 2, atol=1e-6)


def test_an_ensemble_written_over_its_first_model_keeps_the_model_card(two_taggers, tiny_polnear, tmp_path):
    import shutil

    main = tmp_path / "main"
    shutil.copytree(two_taggers / "t1", main)
    (main / "MODEL_CARD.md").write_text("card\n", encoding="utf-8")
    result = combine([main, two_taggers / "t2"], tiny_polnear, main, cache_dir=two_taggers / "cache",
                     quantize=True)
    assert result["quantize"] and result["main_training"]["seed"] == 1
    assert (main / "MODEL_CARD.md").read_text(encoding="utf-8") == "card\n"
    assert load_model(main).config.quantize
    # int8 on the CPU: both taggers are quantised copies
    extractor = TaggerExtractor(DEFAULT_SETTINGS.with_(mode="fast", model_path=str(main), device="cpu"))
    assert all(type(n.lstm).__module__.startswith("torch.ao") for n in extractor.nets)


def test_a_float16_ensemble_stores_half_the_bytes_and_computes_what_it_was_calibrated_on(
        two_taggers, tiny_polnear, tmp_path):
    from safetensors.torch import load_file

    out = tmp_path / "half"
    result = combine([two_taggers / "t1", two_taggers / "t2"], tiny_polnear, out,
                     cache_dir=two_taggers / "cache", half=True)
    assert result["float16"]
    for sub in ("", "member-1"):
        stored = load_file(str(out / sub / "model.safetensors"))
        assert all(v.dtype == torch.float16 for v in stored.values() if v.is_floating_point())
        full = (two_taggers / ("t2" if sub else "t1") / "model.safetensors").stat().st_size
        assert (out / sub / "model.safetensors").stat().st_size < 0.55 * full
    feats = [e.feats for e in load_split(tiny_polnear, two_taggers / "cache", DEFAULT_SETTINGS.spacy_model)]
    extractor = TaggerExtractor(DEFAULT_SETTINGS.with_(mode="fast", model_path=str(out), device="cpu"))
    rounded = [round_to_half_(load_model(two_taggers / t)) for t in ("t1", "t2")]
    for got, want in zip(ensemble_probs(extractor.nets, feats), ensemble_probs(rounded, feats), strict=True):
        assert np.array_equal(got, want)


def test_one_model_or_mismatched_features_are_input_errors(two_taggers, tiny_polnear, tmp_path):
    with pytest.raises(InputError, match="at least two"):
        combine([two_taggers / "t1"], tiny_polnear, tmp_path / "x")
    with pytest.raises(InputError, match="other features"):
        combine([two_taggers / "t1", SHIPPED_MODELS["accurate"] / "member-1"], tiny_polnear, tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_the_shipped_accurate_model_is_a_two_tagger_float32_ensemble():
    """float32 taggers: int8 would make a document's results depend on its batch."""
    net = load_model(SHIPPED_MODELS["accurate"])
    assert net.config.members == ("member-1",) and not net.config.quantize
    assert load_model(SHIPPED_MODELS["accurate"] / "member-1").config.encoder == net.config.encoder
    assert all(p.dtype == torch.float32 for p in net.parameters())  # stored in float16, run in float32


def test_the_shipped_accurate_model_reads_its_distilled_encoder_layers():
    """Both taggers read MiniLM with layers 2-3 distilled from MPNet; the layers ship once,
    beside the main tagger."""
    from safetensors.torch import load_file

    from according.extraction.tagger import ENCODER_FILE, tuned_hidden_states

    root = SHIPPED_MODELS["accurate"]
    for path in (root, root / "member-1"):
        assert load_model(path).config.encoder_tuned == (2, 3)
    assert tuned_hidden_states(load_file(str(root / ENCODER_FILE))) == (2, 3)
    assert not (root / "member-1" / ENCODER_FILE).exists()


def test_cli_ensemble_bad_inputs_are_one_line_and_write_nothing(two_taggers, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    entry = str(Path(sys.executable).with_name("according"))
    not_a_model = tmp_path / "empty"
    not_a_model.mkdir()
    for args, needle in (([str(not_a_model), str(two_taggers / "t1")], "no tagger model"),
                         ([str(two_taggers / "t1"), str(two_taggers / "t2")], "not a PolNeAR directory")):
        dev = str(tmp_path / "missing") if needle.startswith("not a") else str(two_taggers)
        proc = subprocess.run([entry, "ensemble", *args, "--dev", dev, "--out", str(tmp_path / "out")],
                              capture_output=True, text=True)
        assert proc.returncode == 1 and needle in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
        assert not (tmp_path / "out").exists()
