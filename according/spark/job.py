"""The batch job on Apache Spark (3.5+/4.x): the same inputs in, the same tables out.

Run it as ``according spark --input URI --output URI`` or with ``spark-submit``::

    spark-submit --master yarn according/spark/job.py --input s3a://bucket/warc/ --output s3a://bucket/out/

(``python -m according.spark.job`` takes the same flags; see docs/batch.md for clusters).

How it works: inputs are read into articles with the batch readers
(``according.batch.inputs``: text/HTML files, JSONL lines, Parquet rows, WARC records);
articles are grouped by id (duplicates become failures, as in ``according batch``) into
``--partitions`` tasks; each task runs ``extract_chunk`` — the parallel extraction function —
over its articles in spaCy batches, with the pipeline loaded once per executor Python
process (``according.extraction.pipeline.get_pipeline``'s module-level cache; Spark reuses
Python workers between tasks). The documents are persisted once and flattened into the
tables of ``according.batch.tables``, written as Parquet partitioned by ``month``, or as
JSONL (``Document.to_dict()`` per line); failures go to ``OUTPUT/failures/`` as JSON lines.
"""

from __future__ import annotations

import io
import json
import os
import posixpath
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from according.batch.inputs import FOLDER_SUFFIXES, article_from_bytes, kind_of
from according.batch.tables import COLUMNS, PARTITION, TABLES, flatten, month_of
from according.config import Settings
from according.errors import AccordingError, InputError
from according.readers.article import Article
from according.spark.command import INPUT_KINDS, JobOptions, spark_command

#: Whole-file suffixes read by the text kind (JSONL inside folders is not: name it with --input).
TEXT_SUFFIXES = tuple(s for s in FOLDER_SUFFIXES if s != ".jsonl")

#: Rows of the articles RDD: ("article", Article) or ("error", where, message).
Row = tuple[Any, ...]


# -- executor side: everything below runs inside Spark's Python workers -------------------

_EXECUTOR_READY: set[Settings] = set()


def _executor_setup(settings: Settings) -> None:
    """Once per executor Python process: one thread per task, the model loaded."""
    if settings not in _EXECUTOR_READY:
        from according.extraction.parallel import worker_init

        worker_init(settings)
        _EXECUTOR_READY.add(settings)


def _local_path(uri: str) -> str | None:
    """The local path of a ``file:`` URI (or a plain path), None for remote schemes."""
    if uri.startswith("file:"):
        path = uri[len("file:"):]
        return "/" + path.lstrip("/") if path.startswith("//") else path
    return None if "://" in uri else uri


def _strip_scheme(uri: str) -> str:
    local = _local_path(uri)
    if local is not None:
        return local.rstrip("/")
    return uri.split("://", 1)[1].rstrip("/")


def file_id(path: str, root: str) -> str:
    """A whole-file article's id as ``according batch`` gives it: path below the root, no suffix."""
    p, r = _strip_scheme(path), _strip_scheme(root)
    rel = p[len(r) + 1:] if p.startswith(r + "/") else posixpath.basename(p)
    return posixpath.splitext(rel)[0]


def _wrap(item: Article | InputError) -> Row:
    if isinstance(item, InputError):
        return ("error", item.where, item.message)
    return ("article", item)


def _checked(item: Article | InputError, check_language: bool) -> Row:
    if isinstance(item, Article) and check_language:
        from according.readers.language import language_problem

        problem = language_problem(item.text)
        if problem:
            return ("error", item.origin, problem)
    return _wrap(item)


def read_text_files(rows: Iterable[Any], root: str, settings: Settings, check_language: bool
                    ) -> Iterator[Row]:
    for row in rows:
        path = row["path"]
        if not path.lower().endswith(TEXT_SUFFIXES):
            continue
        yield _wrap(article_from_bytes(_strip_scheme(path), file_id(path, root), bytes(row["content"]),
                                       settings, check_language))


def read_jsonl_lines(lines: Iterable[str], where: str, settings: Settings, check_language: bool
                     ) -> Iterator[Row]:
    from according.readers.jsonl import parse_line

    for line in lines:
        data = line.encode("utf-8")
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        if not data.strip():
            continue
        try:
            yield _checked(parse_line(data, where), check_language)
        except InputError as err:
            yield _wrap(err)


def read_parquet_rows(rows: Iterable[Any], text_column: str, where: str, settings: Settings,
                      check_language: bool) -> Iterator[Row]:
    from according.batch.inputs import parquet_row

    for row in rows:
        yield _checked(parquet_row(row.asDict(), text_column, where, settings), check_language)


def read_warc_files(rows: Iterable[Any], settings: Settings, check_language: bool) -> Iterator[Row]:
    """Articles of WARC files: streamed from local paths, else from the bytes Spark read."""
    from warcio.archiveiterator import ArchiveIterator

    from according.batch.inputs import read_warc, warc_record_article

    for row in rows:
        path = row["path"]
        local = _local_path(path)
        if local is not None:
            from pathlib import Path

            for item in read_warc(Path(local), settings):
                yield _checked(item, check_language)
            continue
        try:
            for record in ArchiveIterator(io.BytesIO(bytes(row["content"]))):
                item = warc_record_article(record, path, settings)
                if item is not None:
                    yield _checked(item, check_language)
        except Exception as exc:
            yield ("error", path, f"not a readable WARC file ({type(exc).__name__}: {exc})")


def dedupe(group: tuple[str, Iterable[Article]]) -> Iterator[Row]:
    """One article per id (the first by origin); the others are failures, as in ``batch``."""
    doc_id, articles = group
    first, *rest = sorted(articles, key=lambda a: a.origin)
    yield ("article", first)
    for a in rest:
        yield ("error", a.origin or a.id, f"duplicate id {doc_id!r} (first in {first.origin})")


def extract_partition(rows: Iterable[Row], settings: Settings) -> Iterator[tuple[Any, ...]]:
    """("doc", json) or ("fail", id, where, reason) per row, in spaCy-sized chunks."""
    from according.extraction.parallel import extract_chunk

    _executor_setup(settings)
    chunk: list[Article] = []

    def run(chunk: list[Article]) -> Iterator[tuple[Any, ...]]:
        items = [(a.id, a.text, {k: v for k, v in a.meta.items() if k != "id"}) for a in chunk]
        for a, (doc, err) in zip(chunk, extract_chunk(settings, items), strict=True):
            if doc is not None:
                yield ("doc", json.dumps(doc, ensure_ascii=False))
            else:
                yield ("fail", a.id, a.origin or a.id, err or "failed")

    for row in rows:
        if row[0] == "error":
            yield ("fail", None, row[1], row[2])
            continue
        chunk.append(row[1])
        if len(chunk) >= settings.batch_size:
            yield from run(chunk)
            chunk = []
    if chunk:
        yield from run(chunk)


def table_rows(result: tuple[Any, ...], table: str) -> Iterator[tuple[Any, ...]]:
    """The rows of ``table`` for one extracted document, with its month partition last."""
    doc = json.loads(result[1])
    month = month_of(doc.get("published"))
    names = [name for name, _ in COLUMNS[table]]
    for row in flatten(doc)[table]:
        yield (*(row.get(n) for n in names), month)


# -- driver side ---------------------------------------------------------------------------

def spark_schema(table: str) -> Any:
    """The Spark schema of ``table`` plus the partition column (from the shared column list)."""
    from pyspark.sql.types import (
        ArrayType,
        DoubleType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    types = {"str": StringType(), "int": LongType(), "float": DoubleType(),
             "pairs": ArrayType(ArrayType(LongType()))}
    fields = [StructField(name, types[kind]) for name, kind in COLUMNS[table]]
    return StructType([*fields, StructField(PARTITION, StringType(), nullable=False)])


def detect_kind(uri: str) -> str:
    """The input kind of a URI by its name (a folder or glob of files → text)."""
    kind = kind_of(uri)
    if kind == "text" and any(uri.lower().rstrip("/").endswith(s) for s in ("warc", "warcs")):
        return "warc"
    return kind


def read_articles(spark: Any, options: JobOptions) -> Any:
    """An RDD of ("article", Article) / ("error", where, message) rows from the input."""
    kind = options.input_format or detect_kind(options.input_uri)
    if kind not in INPUT_KINDS:
        raise AccordingError(f"unknown input format {kind!r} (known: {', '.join(INPUT_KINDS)})")
    uri, settings, check = options.input_uri, options.settings, options.check_language
    sc = spark.sparkContext
    if kind == "jsonl":
        return sc.textFile(uri).mapPartitions(lambda lines: read_jsonl_lines(lines, uri, settings, check))
    if kind == "parquet":
        df = spark.read.parquet(uri)
        from according.schema import META_FIELDS

        if options.text_column not in df.columns:
            raise AccordingError(f"{uri}: no column {options.text_column!r} "
                                 f"(columns: {', '.join(df.columns)}); name it with --text-column")
        cols = [options.text_column] + [c for c in ("id", *META_FIELDS)
                                        if c in df.columns and c != options.text_column]
        column = options.text_column
        return df.select(*cols).rdd.mapPartitions(
            lambda rows: read_parquet_rows(rows, column, uri, settings, check))
    files = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(uri)
    if kind == "warc":
        if _local_path(uri) is not None:  # executors stream each file from its path
            paths = [r["path"] for r in files.select("path").collect()]
            rdd = sc.parallelize([{"path": p} for p in paths], max(1, len(paths)))
        else:
            rdd = files.select("path", "content").rdd
        return rdd.mapPartitions(lambda rows: read_warc_files(rows, settings, check))
    return files.select("path", "content").rdd.mapPartitions(
        lambda rows: read_text_files(rows, uri, settings, check))


def session(master: str | None = None, app: str = "according") -> Any:
    """A SparkSession: ``master`` if given, spark-submit's when launched by it, else local[*]."""
    try:
        from pyspark import SparkConf
        from pyspark.sql import SparkSession
    except ImportError:
        raise AccordingError("Spark needs pyspark: pip install 'according[spark]'") from None

    builder = SparkSession.builder.appName(app).config("spark.python.worker.reuse", "true") \
        .config("spark.executorEnv.OMP_NUM_THREADS", "1") \
        .config("spark.sql.sources.partitionOverwriteMode", "static") \
        .config("spark.ui.showConsoleProgress", str(sys.stderr.isatty()).lower())
    try:
        conf = SparkConf()
        submitted = conf.contains("spark.master")
        if master or not submitted:
            builder = builder.master(master or "local[*]")
        python = local_worker_python(master or conf.get("spark.master", "local[*]"), conf)
        if python:  # PySpark reads the workers' Python from the environment when it starts
            os.environ["PYSPARK_PYTHON"] = python
            builder = builder.config("spark.pyspark.python", python)
        return builder.getOrCreate()
    except Exception as exc:  # no Java, bad master URL
        message = " ".join(str(exc).split())[:300]
        raise AccordingError(f"cannot start Spark ({type(exc).__name__}: {message}); "
                             "Spark needs Java 17+ (set JAVA_HOME)") from None


def local_worker_python(master: str, conf: Any) -> str | None:
    """The Python for local Spark workers: this interpreter (its venv holds ``according``),
    unless ``PYSPARK_PYTHON`` or ``spark.pyspark.python`` names one; None on a cluster,
    whose executors run their own Python."""
    if not master.startswith("local") or os.environ.get("PYSPARK_PYTHON") \
            or conf.contains("spark.pyspark.python"):
        return None
    return sys.executable


def run_on(spark: Any, options: JobOptions) -> dict[str, int]:
    """Run the job on a live session; returns counts of extracted and failed articles."""
    from pyspark import StorageLevel

    settings = options.settings
    rows = read_articles(spark, options)
    errors = rows.filter(lambda r: r[0] == "error")
    n = options.partitions or max(1, spark.sparkContext.defaultParallelism * 4)
    articles = rows.filter(lambda r: r[0] == "article").map(lambda r: (r[1].id, r[1])) \
        .groupByKey(n).flatMap(dedupe)
    results = errors.union(articles).mapPartitions(lambda it: extract_partition(it, settings)) \
        .persist(StorageLevel.MEMORY_AND_DISK)
    try:
        docs = results.filter(lambda r: r[0] == "doc")
        out = options.output_uri.rstrip("/")
        if options.format == "jsonl":
            spark.createDataFrame(docs.map(lambda r: (r[1],)), "value string") \
                .write.mode("overwrite").text(f"{out}/articles")
        else:
            for table in TABLES:
                df = spark.createDataFrame(docs.flatMap(lambda r, t=table: table_rows(r, t)),
                                           spark_schema(table))
                df.write.mode("overwrite").partitionBy(PARTITION).parquet(f"{out}/{table}")
        fails = results.filter(lambda r: r[0] == "fail").map(
            lambda r: (json.dumps({"id": r[1], "where": r[2], "error": r[3]}, ensure_ascii=False),))
        spark.createDataFrame(fails, "value string").coalesce(1) \
            .write.mode("overwrite").text(f"{out}/failures")
        counts = results.map(lambda r: r[0]).countByValue()
    finally:
        results.unpersist()
    return {"articles": int(counts.get("doc", 0)), "failed": int(counts.get("fail", 0))}


def run_job(options: JobOptions, master: str | None = None) -> dict[str, int]:
    """Start (or join) a Spark session and run the job; Spark's errors become one line."""
    spark = session(master)
    spark.sparkContext.setLogLevel(os.environ.get("ACCORDING_SPARK_LOG", "ERROR"))
    try:
        return run_on(spark, options)
    except AccordingError:
        raise
    except Exception as exc:
        if os.environ.get("ACCORDING_DEBUG"):
            raise
        raise AccordingError(f"spark job failed: {_spark_message(exc)}") from None


def _spark_message(exc: BaseException) -> str:
    """The useful line of a Spark/Py4J error (the JVM's stack trace is left out)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    useful = next((line for line in lines if not line.startswith(("at ", "JVM stacktrace", "Traceback"))),
                  type(exc).__name__)
    return " ".join(useful.split())[:400]


def main(argv: list[str] | None = None) -> None:
    """spark-submit entry point: the flags of ``according spark``.

    The work runs in the imported ``according.spark.job`` module (not ``__main__``), so
    executors import it from the installed package instead of receiving pickled copies.
    """
    import click

    from according.spark import job  # the installed module, also when this file is __main__

    try:
        spark_command(job.run_job).main(args=sys.argv[1:] if argv is None else argv,
                                        prog_name="according spark")
    except AccordingError as exc:
        click.echo(f"according: error: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
