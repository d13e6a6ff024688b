"""Smoke test of the extraction benchmark: it runs, and reports every mode with its calibration."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_extract.py"


def test_bench_extract_reports_ratio_load_first_article_memory_and_ece_per_mode(polnear_dev):
    proc = subprocess.run([sys.executable, str(BENCH), str(polnear_dev), "--limit", "2", "--repeat", "1",
                           "--modes", "fast,rules"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["articles"] == 2 and report["bare_parse"]["tokens_per_s"] > 0
    for mode in ("fast", "rules"):
        m = report["modes"][mode]
        assert 0 < m["throughput_ratio"] <= 1.5
        assert m["load_s"] > 0 and m["peak_rss_mb"] > 100 and m["first_article_s"] > 0
        assert 0 <= m["calibration"]["ece"] <= 1 and m["calibration"]["attributions"] > 0
    cpu = report["cpu"]  # ratios differ between CPU classes: the report names its machine
    assert cpu["model"] and cpu["cores"] >= 1 and isinstance(cpu["native_bf16"], bool)


def test_bench_extract_times_another_model_in_the_one_mode_given(polnear_dev):
    model = Path(__file__).resolve().parents[2] / "according" / "models" / "fast"
    proc = subprocess.run([sys.executable, str(BENCH), str(polnear_dev), "--limit", "1", "--repeat", "1",
                           "--modes", "fast", "--model", str(model)], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["model"] == str(model) and report["modes"]["fast"]["throughput_ratio"] > 0
    proc = subprocess.run([sys.executable, str(BENCH), str(polnear_dev), "--modes", "fast,rules",
                           "--model", str(model)], capture_output=True, text=True, timeout=600)
    assert proc.returncode != 0 and "--model needs one mode" in proc.stderr
    assert "Traceback" not in proc.stderr and not proc.stdout
