"""``according batch`` (every core, resumable) and ``according spark`` (the same job on Spark)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from according.batch.inputs import INPUT_KINDS
from according.batch.ledger import FORMATS
from according.cli.options import device_option, min_confidence_option, nested_option, precision_option
from according.config import DEFAULT_SETTINGS
from according.errors import AccordingError
from according.spark.command import JobOptions, spark_command


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output directory (re-run the same command to resume).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: every core).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="parquet", show_default=True,
              help="parquet: tables articles/attributions/entities/figures; jsonl: one article per line.")
@click.option("--db", default=None, help="Also ingest into this corpus (SQLite path or PostgreSQL URL).")
@click.option("--text-column", default="text", show_default=True, help="Text column of Parquet inputs.")
@click.option("--input-format", type=click.Choice(INPUT_KINDS), default="auto", show_default=True,
              help="Read every input as this kind (default: by name; folders are read recursively).")
@click.option("--mode", default=None, help="Extraction mode (default: the shipped best).")
@device_option
@precision_option
@min_confidence_option
@nested_option
@click.option("--part-size", type=click.IntRange(min=1), default=500, show_default=True,
              help="Articles per committed output part (the most a crash can lose).")
@click.option("--no-language-check", is_flag=True, help="Accept articles that do not look English.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
def batch(inputs: tuple[str, ...], out: Path, jobs: int | None, fmt: str, db: str | None,
          text_column: str, input_format: str, mode: str | None, device: str | None,
          encoder_precision: str | None, min_confidence: float | None, nested: bool | None, part_size: int,
          no_language_check: bool, quiet: bool) -> None:
    """Extract from many articles on every core into Parquet tables or JSONL.

    INPUT: folders of .txt/.html (recursive), .jsonl/.jsonl.gz, .parquet, .warc/.warc.gz.
    Articles that fail are listed with reasons in OUT/failures.jsonl; the exit status is 1
    when any did. Re-running the same command skips the articles already finished.
    """
    from according.batch.run import BatchOptions, run_batch
    from according.extraction.parallel import default_jobs

    settings = DEFAULT_SETTINGS.with_(mode=mode, device=device, encoder_precision=encoder_precision,
                                      min_confidence=min_confidence, nested=nested)
    options = BatchOptions(
        out=out, jobs=jobs or default_jobs(), format=fmt, db=db, text_column=text_column,
        input_format=input_format, check_language=not no_language_check, settings=settings,
        part_size=part_size, progress=not quiet and sys.stdout.isatty())
    result = run_batch(list(inputs), options)
    if not quiet:
        line = (f"according batch: {result.done} extracted, {result.skipped} already done, "
                f"{result.failed} failed in {result.seconds:.1f} s ({result.rate:.1f} articles/s) → {out}")
        if result.failures_path:
            line += f"; failures in {result.failures_path}"
        click.echo(line, err=True)
    if result.failed:
        sys.exit(1)


def _run_spark(options: JobOptions, master: str | None) -> dict[str, int]:
    try:
        from according.spark.job import run_job
    except ImportError as exc:  # pragma: no cover
        raise AccordingError(f"the spark command needs pyspark ({exc})") from None
    return run_job(options, master=master)


spark = spark_command(_run_spark)


COMMANDS = [batch, spark]
