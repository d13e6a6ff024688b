"""Spark local-mode overhead against ``according batch`` on the same articles (ratio, one run).

Runs ``according batch -j C`` (a fresh process) and then the Spark job on ``local[C]`` over
the same input, and reports both times and their ratio — with and without the Spark session's
start-up (JVM, Python workers) — plus a check that both wrote the same number of rows.

    python bench/bench_spark.py [--articles 500] [--cores 2] [--mode default]

Input: the first N PolNeAR train articles (../shared) when present, else generated ones.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.dataset as ds

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import make_input, run  # noqa: E402

from according.batch.tables import TABLES  # noqa: E402
from according.config import DEFAULT_SETTINGS  # noqa: E402


def rows(out: Path) -> dict[str, int]:
    return {t: ds.dataset(out / t, format="parquet", partitioning="hive").count_rows() for t in TABLES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--mode", default="default")
    parser.add_argument("--input", type=Path, default=None, help="folder of .txt articles")
    args = parser.parse_args()
    from according.spark.job import JobOptions, run_on, session

    with tempfile.TemporaryDirectory(prefix="bench-spark-") as tmp:
        tmp_path = Path(tmp)
        origin = make_input(tmp_path / "in", args.articles, args.input)
        batch_s = run(tmp_path / "in", tmp_path / "batch", args.cores, args.mode)

        start = time.perf_counter()
        spark = session(f"local[{args.cores}]", app="according-bench")
        spark.sparkContext.setLogLevel("ERROR")
        session_s = time.perf_counter() - start
        options = JobOptions(input_uri=str(tmp_path / "in"), output_uri=str(tmp_path / "spark"),
                             settings=DEFAULT_SETTINGS.with_(mode=args.mode), check_language=False)
        start = time.perf_counter()
        summary = run_on(spark, options)
        job_s = time.perf_counter() - start
        spark.stop()

        batch_rows, spark_rows = rows(tmp_path / "batch"), rows(tmp_path / "spark")
        n = summary["articles"]
        print(f"input: {origin}; mode {args.mode}; {args.cores} cores; "
              f"load average {os.getloadavg()[0]:.1f} (shared machine)")
        batch_rate = batch_rows["articles"] / batch_s
        print(f"  batch -j {args.cores}:       {batch_s:7.1f} s  ({batch_rate:.2f} articles/s,"
              " start-up included)")
        print(f"  spark local[{args.cores}] job:  {job_s:7.1f} s  ({n / job_s:.2f} articles/s)"
              f" + {session_s:.1f} s session start")
        print(f"  ratio spark/batch: {(job_s + session_s) / batch_s:.2f}x with session start, "
              f"{job_s / batch_s:.2f}x job only")
        print(f"  same row counts: {batch_rows == spark_rows} (batch {batch_rows}, spark {spark_rows})")


if __name__ == "__main__":
    main()
