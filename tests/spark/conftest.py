"""Spark tests: a local[2] session shared by the module; skipped without pyspark or Java."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "spark: runs Apache Spark (local[2]); needs pyspark and Java 17+")


def java() -> str | None:
    """The java binary Spark will start (JAVA_HOME's, else PATH's), or None."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


@pytest.fixture(scope="session")
def spark():
    pytest.importorskip("pyspark", reason="pyspark not installed (pip install 'according[spark]')")
    if java() is None:
        pytest.skip("Java not found (source .ci/java.sh)")
    from according.spark.job import session

    spark = session("local[2]", app="according-tests")
    spark.sparkContext.setLogLevel("ERROR")
    yield spark
    spark.stop()
