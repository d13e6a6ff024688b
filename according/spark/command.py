"""``according spark``: the Spark job's flags, declared once for the CLI and for spark-submit.

``spark_command(run_job)`` builds the click command around the function that runs the job, so
the CLI (``according.cli.batch``) and the spark-submit script (``according/spark/job.py``)
parse the same flags without importing each other.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import click

from according.batch.ledger import FORMATS
from according.cli.options import min_confidence_option, nested_option
from according.config import DEFAULT_SETTINGS, Settings

#: Input kinds the job reads.
INPUT_KINDS = ("warc", "jsonl", "parquet", "text")


@dataclass
class JobOptions:
    """What the job reads, how it extracts and where it writes."""

    input_uri: str
    output_uri: str
    input_format: str | None = None
    format: str = "parquet"
    text_column: str = "text"
    settings: Settings = field(default_factory=lambda: DEFAULT_SETTINGS)
    #: Tasks to spread the articles over (default: 4 × the cluster's default parallelism).
    partitions: int | None = None
    check_language: bool = True


#: Runs the job: (options, Spark master or None) → counts of "articles" and "failed".
RunJob = Callable[[JobOptions, str | None], dict[str, int]]


def spark_command(run_job: RunJob) -> click.Command:
    """The ``according spark`` command, running the job through ``run_job``."""

    @click.command(name="spark")
    @click.option("--input", "input_uri", required=True,
                  help="Input path or URI (file://, hdfs://, s3a://, gs://).")
    @click.option("--output", "output_uri", required=True, help="Output directory URI (overwritten).")
    @click.option("--input-format", type=click.Choice(INPUT_KINDS), default=None,
                  help="Input kind (default: detected from the name).")
    @click.option("--format", "fmt", type=click.Choice(FORMATS), default="parquet", show_default=True)
    @click.option("--text-column", default="text", show_default=True, help="Text column of Parquet inputs.")
    @click.option("--mode", default=None, help="Extraction mode (default: the shipped best).")
    @min_confidence_option
    @nested_option
    @click.option("--master", default=None, help="Spark master (default: spark-submit's, else local[*]).")
    @click.option("--partitions", type=click.IntRange(min=1), default=None,
                  help="Repartition the articles into this many tasks (default: as read).")
    @click.option("--no-language-check", is_flag=True, help="Accept articles that do not look English.")
    def spark(input_uri: str, output_uri: str, input_format: str | None, fmt: str, text_column: str,
              mode: str | None, min_confidence: float | None, nested: bool | None, master: str | None,
              partitions: int | None, no_language_check: bool) -> None:
        """Run the batch job on Apache Spark (needs pyspark: pip install 'according[spark]')."""
        options = JobOptions(input_uri=input_uri, output_uri=output_uri, input_format=input_format,
                             format=fmt, text_column=text_column,
                             settings=DEFAULT_SETTINGS.with_(mode=mode, min_confidence=min_confidence,
                                                             nested=nested),
                             partitions=partitions, check_language=not no_language_check)
        summary = run_job(options, master)
        click.echo(f"according spark: {summary['articles']} extracted, {summary['failed']} failed → "
                   f"{output_uri}", err=True)
        if summary["failed"]:
            sys.exit(1)

    return spark
