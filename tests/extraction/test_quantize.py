"""The encoders' int8 path: smoothing of outlier channels and per-channel weights."""

from __future__ import annotations

import copy
import warnings

import numpy as np
import pytest
import torch

from according.extraction.encoder import ContextEncoder
from according.extraction.quantize import (
    calibration_path,
    encoder_linears,
    load_calibration,
    quantize_int8,
    record_absmax,
    save_calibration,
    smooth_,
)

TEXT = ("The minister said on Monday that the port would reopen within weeks, and that "
        "\u201cnobody should doubt it.\u201d Union leaders, who met him on Tuesday, disagreed.")


@pytest.fixture(scope="module")
def fp32():
    return ContextEncoder(precision="fp32")


def test_the_shipped_minilm_calibration_covers_every_block_linear(fp32):
    absmax, alpha = load_calibration("minilm-l6")
    assert 0 < alpha <= 1
    linears = encoder_linears(fp32.model)
    assert set(linears) <= set(absmax)
    for name, lin in linears.items():
        assert absmax[name].shape == (lin.in_features,) and bool((absmax[name] > 0).all())


def test_smoothing_alone_leaves_the_float32_vectors_unchanged(fp32, nlp):
    doc = nlp(TEXT)
    before = fp32([doc])[0]
    smoothed = fp32.quantized({}, 0.0)  # a copy to reuse its windows and pooling
    smoothed.model = smooth_(copy.deepcopy(fp32.model), *load_calibration("minilm-l6"))
    smoothed.precision = "fp32"
    assert np.allclose(smoothed([doc])[0], before, atol=1e-4)


def test_regression_outlier_channels_no_longer_swamp_the_int8_range(fp32, nlp):
    """Per-tensor int8 is off float32 by 0.16 on dev, the smoothed path by 0.03."""
    doc = nlp(TEXT)
    ref = fp32([doc])[0]
    plain = fp32.quantized({}, 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain.model = torch.ao.quantization.quantize_dynamic(copy.deepcopy(fp32.model), {torch.nn.Linear})
    old = float(np.abs(plain([doc])[0] - ref).mean())
    new = float(np.abs(ContextEncoder(precision="int8")([doc])[0] - ref).mean())
    assert new < 0.5 * old, (new, old)


def test_without_a_calibration_the_layers_are_still_int8_per_channel(fp32):
    model = quantize_int8(copy.deepcopy(fp32.model), None)
    quantized = [m for m in model.modules() if isinstance(m, torch.ao.nn.quantized.dynamic.Linear)]
    assert len(quantized) == len(encoder_linears(fp32.model))
    assert all(m.weight().qscheme() == torch.per_channel_affine for m in quantized)


def test_record_absmax_sees_each_linears_largest_input(fp32, nlp):
    def hooks() -> int:
        return sum(len(m._forward_hooks) for m in fp32.model.modules())

    doc = nlp(TEXT)
    before = hooks()
    amax = record_absmax(fp32.model, lambda: fp32([doc]))
    assert set(amax) == set(encoder_linears(fp32.model))
    assert hooks() == before  # its hooks are removed again


def test_calibration_round_trips_and_a_missing_file_is_none(tmp_path):
    key = "encoder.layer.0.output.dense"
    save_calibration(tmp_path / "c.safetensors", {key: torch.arange(1.0, 5.0)}, 0.8, "test")
    loaded, alpha = load_calibration("minilm-l6", tmp_path / "c.safetensors")
    assert alpha == 0.8 and torch.equal(loaded[key], torch.arange(1.0, 5.0))
    assert load_calibration("minilm-l6", tmp_path / "none.safetensors") is None
    assert calibration_path("mpnet").name == "absmax-mpnet.safetensors"


def test_a_failed_calibration_write_leaves_no_file(tmp_path, monkeypatch):
    import safetensors.torch

    from according.errors import InputError

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safetensors.torch, "save", full_disk)
    with pytest.raises(InputError, match="No space left on device"):
        save_calibration(tmp_path / "c.safetensors", {"x": torch.ones(2)}, 0.9)
    assert list(tmp_path.iterdir()) == []
