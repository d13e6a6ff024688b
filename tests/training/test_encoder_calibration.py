"""``according calibrate-encoder``: activation maxima for the encoders' smoothed int8 path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from according.cli.main import cli
from according.extraction.quantize import ALPHAS, load_calibration


def test_cli_calibrate_encoder_writes_maxima_and_the_closest_alpha(tiny_polnear, tmp_path):
    out = tmp_path / "absmax.safetensors"
    res = CliRunner().invoke(cli, ["calibrate-encoder", "--data", str(tiny_polnear), "--fit", "1",
                                   "--check", "1", "--out", str(out)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert report["fit_docs"] == 1 and report["check_docs"] == 1
    best = min(ALPHAS, key=lambda a: report["errors"][str(a)])
    absmax, alpha = load_calibration("minilm-l6", out)
    assert alpha == report["alpha"] == best
    assert "encoder.layer.2.output.dense" in absmax


def test_cli_calibrate_encoder_without_texts_fails_with_one_line(tmp_path):
    entry = Path(sys.executable).with_name("according")
    out = tmp_path / "absmax.safetensors"
    proc = subprocess.run([str(entry), "calibrate-encoder", "--data", str(tmp_path), "--out", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"according: error: {tmp_path}: needs text/*.txt")
    assert proc.stderr.count("\n") == 1 and not out.exists()


def test_cli_calibrate_encoder_to_an_unwritable_place_fails_with_one_line(tiny_polnear, tmp_path):
    entry = Path(sys.executable).with_name("according")
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    out = blocker / "absmax.safetensors"
    proc = subprocess.run([str(entry), "calibrate-encoder", "--data", str(tiny_polnear), "--fit", "1",
                           "--check", "1", "--out", str(out)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr == f"according: error: {out}: cannot write the calibration there (not a file path)\n"
    assert list(tmp_path.iterdir()) == [blocker]
