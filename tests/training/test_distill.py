"""Knowledge distillation: a teacher's tag probabilities as soft targets for the student."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from click.testing import CliRunner

from according.cli.main import cli
from according.config import DEFAULT_SETTINGS, FEATURE_VERSION
from according.errors import InputError
from according.extraction.tagger import TAGS, TaggerConfig, TaggerNet, load_model, predict_probs
from according.training import train
from according.training.dataset import load_split
from according.training.distill import teacher_probs
from according.training.trainer import fit


@pytest.fixture(scope="module")
def teacher(tiny_polnear, tmp_path_factory):
    root = tmp_path_factory.mktemp("teacher")
    train(tiny_polnear, tiny_polnear, root / "t", seed=1, epochs=1, cache_dir=root / "cache")
    return root


def _fit_once(examples, soft, distill: float) -> dict[str, torch.Tensor]:
    torch.manual_seed(0)
    net = TaggerNet(TaggerConfig())
    items = [(e.feats, e.tags, [], s) for e, s in zip(examples, soft, strict=True)]
    fit(net, items, 1, lambda *a: None, seed=0, distill=distill, batch_size=2)
    return {k: v.clone() for k, v in net.state_dict().items()}


def test_distilling_from_one_hot_gold_equals_training_on_gold(tiny_polnear, teacher):
    examples = load_split(tiny_polnear, teacher / "cache", DEFAULT_SETTINGS.spacy_model)
    one_hot = [np.eye(len(TAGS), dtype=np.float32)[e.tags] for e in examples]
    plain = _fit_once(examples, [None] * len(examples), 0.0)
    soft = _fit_once(examples, one_hot, 1.0)
    assert all(torch.allclose(plain[k], soft[k], atol=1e-5) for k in plain)
    uniform = [np.full_like(p, 1 / len(TAGS)) for p in one_hot]
    other = _fit_once(examples, uniform, 1.0)
    assert not all(torch.allclose(plain[k], other[k], atol=1e-5) for k in plain)


def test_teacher_probabilities_cover_every_training_token(tiny_polnear, teacher):
    examples = load_split(tiny_polnear, teacher / "cache", DEFAULT_SETTINGS.spacy_model)
    probs = teacher_probs(teacher / "t", examples, tiny_polnear, teacher / "cache",
                          DEFAULT_SETTINGS.spacy_model, feature_version=FEATURE_VERSION)
    expected = predict_probs(load_model(teacher / "t"), [e.feats for e in examples])
    for p, e, x in zip(probs, examples, expected, strict=True):
        assert p.shape == (len(e.doc), len(TAGS)) and np.allclose(p.sum(1), 1, atol=1e-5)
        assert np.allclose(p, x) and e.feats.ctx is None


def test_a_teacher_reading_other_features_is_an_input_error(tiny_polnear, teacher):
    examples = load_split(tiny_polnear, teacher / "cache", DEFAULT_SETTINGS.spacy_model, feature_version=1)
    with pytest.raises(InputError, match="feature version 2"):
        teacher_probs(teacher / "t", examples, tiny_polnear, teacher / "cache",
                      DEFAULT_SETTINGS.spacy_model, feature_version=1)


def test_cli_train_with_a_teacher_records_it(tiny_polnear, teacher, tmp_path):
    out = tmp_path / "student"
    res = CliRunner().invoke(cli, ["train", "--data", str(tiny_polnear), "--dev", str(tiny_polnear),
                                   "--out", str(out), "--epochs", "1",
                                   "--cache", str(teacher / "cache"), "--teacher", str(teacher / "t"),
                                   "--distill", "0.7", "--quiet"])
    assert res.exit_code == 0, res.output
    saved = json.loads((out / "metrics.json").read_text())
    assert saved["teacher"] == str(teacher / "t") and saved["distill"] == 0.7
    res = CliRunner().invoke(cli, ["train", "--data", str(tiny_polnear), "--dev", str(tiny_polnear),
                                   "--out", str(tmp_path / "x"), "--teacher", str(teacher / "t"),
                                   "--distill", "2"])
    assert res.exit_code == 2 and not (tmp_path / "x").exists()


def test_a_teacher_with_init_model_is_an_input_error_in_the_api_too(tiny_polnear, teacher, tmp_path):
    with pytest.raises(InputError, match="cannot start from --init-model"):
        train(tiny_polnear, tiny_polnear, tmp_path / "m", epochs=1, init_model=teacher / "t",
              finetune_epochs=1, teacher=teacher / "t")
    assert not (tmp_path / "m").exists()
