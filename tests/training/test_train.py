from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from according.cli.main import cli
from according.extraction.tagger import load_model
from according.training import train
from tests.markers import needs_mpnet


def test_train_writes_a_loadable_model_with_metrics(tiny_polnear, tmp_path):
    out = tmp_path / "model"
    result = train(tiny_polnear, tiny_polnear, out, seed=1, epochs=2, cache_dir=tmp_path / "cache")
    assert {"best", "calibration", "history"} <= set(result)
    assert len(result["history"]) == 2 and result["history"][0]["epoch"] == 1
    assert (out / "config.json").is_file() and (out / "model.safetensors").is_file()
    saved = json.loads((out / "metrics.json").read_text())
    assert saved["seed"] == 1
    net = load_model(out)
    assert len(net.config.calibration) == 2


def test_training_is_reproducible_with_a_seed(tiny_polnear, tmp_path):
    a = train(tiny_polnear, tiny_polnear, tmp_path / "a", seed=3, epochs=1, cache_dir=tmp_path / "c")
    b = train(tiny_polnear, tiny_polnear, tmp_path / "b", seed=3, epochs=1, cache_dir=tmp_path / "c")
    assert a["history"][0]["loss"] == b["history"][0]["loss"]


def test_cli_train_on_a_missing_directory_fails_with_one_line(tmp_path):
    entry = Path(sys.executable).with_name("according")
    proc = subprocess.run([str(entry), "train", "--data", str(tmp_path / "nope"), "--dev",
                           str(tmp_path), "--out", str(tmp_path / "m"), "--epochs", "1", "--quiet"],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr == f"according: error: {tmp_path / 'nope'}: not a PolNeAR directory " \
        "(needs text/ and attributions/)\n"
    assert not (tmp_path / "m").exists()


def test_cli_train_rejects_zero_epochs(tiny_polnear, tmp_path):
    res = CliRunner().invoke(cli, ["train", "--data", str(tiny_polnear), "--dev", str(tiny_polnear),
                                   "--out", str(tmp_path / "m"), "--epochs", "0"])
    assert res.exit_code != 0 and "at least 1" in str(res.exception)


def test_train_accurate_mode_stores_the_encoder_and_caches_its_vectors(tiny_polnear, tmp_path):
    out = tmp_path / "acc"
    train(tiny_polnear, tiny_polnear, out, seed=1, epochs=1, cache_dir=tmp_path / "cache",
          encoder="minilm-l6")
    net = load_model(out)
    assert net.config.encoder == "minilm-l6"
    assert net.config.ctx_dim == 384 * len(net.config.encoder_layers)
    # both encoder variants (int8 for CPU, float32 for GPU) are cached for the next run
    assert len(list((tmp_path / "cache").glob("*/minilm-l6-*-int8v2.npy"))) == 1
    assert len(list((tmp_path / "cache").glob("*/minilm-l6-*-fp32.npy"))) == 1


def test_cli_train_accurate_mode(tiny_polnear, tmp_path):
    res = CliRunner().invoke(cli, ["train", "--mode", "accurate", "--data", str(tiny_polnear),
                                   "--dev", str(tiny_polnear), "--out", str(tmp_path / "m"),
                                   "--epochs", "1", "--quiet"])
    assert res.exit_code == 0, res.output
    assert json.loads((tmp_path / "m" / "config.json").read_text())["encoder"] == "minilm-l6"


@needs_mpnet
def test_cli_train_large_mode_reads_mpnet_layers(tiny_polnear, tmp_path):
    res = CliRunner().invoke(cli, ["train", "--mode", "large", "--data", str(tiny_polnear),
                                   "--dev", str(tiny_polnear), "--out", str(tmp_path / "m"),
                                   "--epochs", "1", "--quiet"])
    assert res.exit_code == 0, res.output
    cfg = json.loads((tmp_path / "m" / "config.json").read_text())
    assert (cfg["encoder"], cfg["encoder_layers"], cfg["ctx_dim"]) == ("mpnet", [6, 9], 768 * 2)


def test_training_package_keeps_its_train_function_after_a_run(tiny_polnear, tmp_path):
    """Regression: the lazy import of a submodule named ``train`` replaced the function."""
    import according.training as training

    training.train(tiny_polnear, tiny_polnear, tmp_path / "m", epochs=1, cache_dir=tmp_path / "c")
    assert callable(training.train) and training.train.__module__ == "according.training"


def test_cli_finetune_epochs_needs_the_accurate_mode(tiny_polnear, tmp_path):
    res = CliRunner().invoke(cli, ["train", "--data", str(tiny_polnear), "--dev", str(tiny_polnear),
                                   "--out", str(tmp_path / "m"), "--finetune-epochs", "2"])
    assert res.exit_code != 0 and "--mode accurate" in str(res.exception)
    assert not (tmp_path / "m").exists()



def test_cli_init_model_needs_finetune_epochs(tiny_polnear, tmp_path):
    res = CliRunner().invoke(cli, ["train", "--data", str(tiny_polnear), "--dev", str(tiny_polnear),
                                   "--out", str(tmp_path / "m"), "--mode", "accurate",
                                   "--init-model", str(tmp_path)])
    assert res.exit_code != 0 and "--finetune-epochs" in str(res.exception)
    assert not (tmp_path / "m").exists()


def test_cli_feature_version_is_recorded_in_the_model(tiny_polnear, tmp_path):
    import json

    res = CliRunner().invoke(cli, ["train", "--data", str(tiny_polnear), "--dev", str(tiny_polnear),
                                   "--out", str(tmp_path / "m"), "--epochs", "1", "--feature-version", "1",
                                   "--quiet"])
    assert res.exit_code == 0, res.output
    assert json.loads((tmp_path / "m" / "config.json").read_text())["feature_version"] == 1
    res = CliRunner().invoke(cli, ["train", "--data", str(tiny_polnear), "--dev", str(tiny_polnear),
                                   "--out", str(tmp_path / "x"), "--feature-version", "3"])
    assert res.exit_code != 0 and not (tmp_path / "x").exists()


def test_role_weights_change_the_loss(tiny_polnear, tmp_path):
    plain = train(tiny_polnear, tiny_polnear, tmp_path / "a", seed=3, epochs=1, cache_dir=tmp_path / "c")
    weighted = train(tiny_polnear, tiny_polnear, tmp_path / "b", seed=3, epochs=1, cache_dir=tmp_path / "c",
                     tag_weights=[1.0, 2.0, 2.0, 2.0, 2.0, 1.0, 1.0])
    assert weighted["history"][0]["loss"] != plain["history"][0]["loss"]


def test_cli_role_weight_maps_roles_to_tags_and_rejects_bad_ones(tiny_polnear, tmp_path):
    from according.cli.train import parse_role_weights

    assert parse_role_weights(("source=2", "cue=1.5")) == [1.0, 2.0, 2.0, 1.5, 1.5, 1.0, 1.0]
    res = CliRunner().invoke(cli, ["train", "--data", str(tiny_polnear), "--dev", str(tiny_polnear),
                                   "--out", str(tmp_path / "m"), "--role-weight", "speaker=2"])
    assert res.exit_code != 0 and "--role-weight" in str(res.exception)
    assert not (tmp_path / "m").exists()


def test_metrics_record_the_training_recipe(tiny_polnear, tmp_path):
    train(tiny_polnear, tiny_polnear, tmp_path / "m", seed=3, epochs=1, cache_dir=tmp_path / "c",
          tag_weights=[1.0, 2.0, 2.0, 1.0, 1.0, 1.0, 1.0])
    recipe = json.loads((tmp_path / "m" / "metrics.json").read_text())
    assert (recipe["seed"], recipe["epochs"], recipe["finetune_epochs"]) == (3, 1, 0)
    assert recipe["tag_weights"] == [1.0, 2.0, 2.0, 1.0, 1.0, 1.0, 1.0]


def test_warm_start_trains_further_from_a_model(tiny_polnear, tmp_path):
    first = tmp_path / "first"
    train(tiny_polnear, tiny_polnear, first, seed=3, epochs=1, cache_dir=tmp_path / "c")
    again = train(tiny_polnear, tiny_polnear, tmp_path / "again", seed=3, epochs=1,
                  cache_dir=tmp_path / "c", warm_start=first, lr=1e-3)
    fresh = train(tiny_polnear, tiny_polnear, tmp_path / "fresh", seed=3, epochs=1, cache_dir=tmp_path / "c")
    assert again["history"][0]["loss"] < fresh["history"][0]["loss"]
    assert (again["warm_start"], again["lr"]) == (str(first), 1e-3)


def test_sparse_data_teaches_only_its_tagged_words(tiny_polnear, tmp_path):
    from according.training.trainer import _windows

    plain = train(tiny_polnear, tiny_polnear, tmp_path / "a", seed=3, epochs=1, cache_dir=tmp_path / "c")
    sparse = train(tiny_polnear, tiny_polnear, tmp_path / "b", seed=3, epochs=1, cache_dir=tmp_path / "c",
                   sparse_dir=tiny_polnear)
    assert sparse["sparse_data"] == str(tiny_polnear)
    assert sparse["history"][0]["loss"] != plain["history"][0]["loss"]
    import random

    import numpy as np

    from according.extraction.features import DocFeatures

    feats = DocFeatures(np.zeros((20, 96), np.float32), np.zeros((20, 10), np.int64),
                        np.zeros((20, 14), np.float32))
    blank = np.full(20, -100)
    assert _windows([(feats, blank, [], None)], 16, random.Random(0)) == []
