"""Smoke test of the long-document benchmark: it runs, with a busy core, and reports each size."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_long.py"


def test_bench_long_reports_time_and_memory_against_the_parse(polnear_dev):
    proc = subprocess.run([sys.executable, str(BENCH), str(polnear_dev), "--sizes", "3000,50000",
                           "--mode", "rules", "--busy", "1"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["busy"] == 1 and [r["chars"] for r in report["sizes"]] == [3000, 50000]
    for row in report["sizes"]:
        assert row["parse"]["cpu_s"] > 0 and row["extract"]["peak_rss_mb"] > 100 and row["ratio"] > 0
