"""Local Spark workers run the Python ``according`` was started from, unless configured."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from according.spark.job import local_worker_python
from tests.batch.batch_articles import MODE, write_folder
from tests.spark.conftest import java


class Conf:
    """A SparkConf stand-in holding ``values``."""

    def __init__(self, **values: str) -> None:
        self.values = {k.replace("_", "."): v for k, v in values.items()}

    def contains(self, key: str) -> bool:
        return key in self.values


def test_local_workers_get_this_interpreter(monkeypatch):
    monkeypatch.delenv("PYSPARK_PYTHON", raising=False)
    assert local_worker_python("local[*]", Conf()) == sys.executable
    assert local_worker_python("local[2]", Conf()) == sys.executable


def test_a_configured_python_or_a_cluster_is_left_alone(monkeypatch):
    monkeypatch.delenv("PYSPARK_PYTHON", raising=False)
    assert local_worker_python("local[*]", Conf(spark_pyspark_python="/opt/py/bin/python")) is None
    assert local_worker_python("yarn", Conf()) is None
    monkeypatch.setenv("PYSPARK_PYTHON", "/opt/py/bin/python")
    assert local_worker_python("local[*]", Conf()) is None


@pytest.mark.spark
def test_the_cli_runs_by_its_path_without_an_activated_venv(tmp_path):
    """``<venv>/bin/according spark`` from cron: no venv on PATH, the system python3 first."""
    pytest.importorskip("pyspark", reason="pyspark not installed (pip install 'according[spark]')")
    if java() is None:
        pytest.skip("Java not found (source .ci/java.sh)")
    command = Path(sys.executable).parent / "according"
    if not command.is_file():
        pytest.skip(f"{command} not installed (pip install -e .)")
    ids = write_folder(tmp_path / "in", 3, nested=False)
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON", "PYTHONPATH")}
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"
    out = subprocess.run([str(command), "spark", "--input", str(tmp_path / "in"),
                          "--output", str(tmp_path / "out"), "--format", "jsonl", "--mode", MODE,
                          "--master", "local[1]"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = [json.loads(line) for p in (tmp_path / "out" / "articles").glob("part-*")
             for line in p.read_text(encoding="utf-8").splitlines()]
    assert sorted(d["id"] for d in lines) == sorted(ids)
