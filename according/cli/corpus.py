"""Corpus commands: ``ingest`` articles into a store and query it across articles.

Every command takes ``--db TARGET`` (a SQLite file, default ``according.db`` or $ACCORDING_DB,
or a ``postgresql://`` URL); query commands print ``--format table|json|csv`` (json: a list of
objects).  The queries themselves live in ``according.store.Store``; this module only formats.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from according.cli.options import min_confidence_option, nested_option
from according.config import DEFAULT_SETTINGS
from according.schema import SOURCE_KINDS

OUTPUT_FORMATS = ("table", "json", "csv")


def db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--db", "db", default=None, metavar="TARGET",
                        help=f"SQLite file or postgresql:// URL [default: {DEFAULT_SETTINGS.db}].")(f)


def format_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table",
                        show_default=True, help="Output format.")(f)


def page_options(default: int = 50) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def deco(f: Callable[..., Any]) -> Callable[..., Any]:
        f = click.option("--offset", default=0, show_default=True, type=click.IntRange(min=0),
                         help="Skip this many results (paging).")(f)
        return click.option("--limit", default=default, show_default=True,
                            type=click.IntRange(min=1), help="At most this many results.")(f)
    return deco


def _store(db: str | None, create: bool = False) -> Any:
    """The corpus ``--db`` names; only ``ingest`` (``create=True``) may start a new SQLite file."""
    from according.store import open_store

    return open_store(db or DEFAULT_SETTINGS.db, create=create)


def speaker_ident(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A speaker name or id; an id must be ASCII digits within a row id's range."""
    from according.store.tables import row_id

    if value is not None:
        try:
            row_id(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return ", ".join(f"{k} ({v})" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, float):
        return f"{int(value):,}" if value.is_integer() and abs(value) < 1e18 else f"{value:,.6g}"
    return str(value)


def emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str], title: str = "") -> None:
    """Print ``rows``: a rich table of ``columns``, a JSON list, or CSV of every field."""
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        fields = list(rows[0]) if rows else list(columns)
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
                             for k, v in r.items()})
    elif not rows:  # an empty table is only a header: say so instead
        click.echo(f"{title or 'Results'}: (no results)", err=True)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title or None, show_lines=False)
        for c in columns:
            table.add_column(c.replace("_", " "), overflow="fold")
        for r in rows:
            table.add_row(*(_cell(r.get(c)) for c in columns))
        Console().print(table)


# -- ingest -------------------------------------------------------------------------------

@click.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option("--mode", default=None, help="Extraction mode (default: the shipped best).")
@min_confidence_option
@nested_option
@click.option("--input-format", type=click.Choice(("auto", "txt", "html", "jsonl")), default=None,
              help="Read every input as this format [default: by extension].")
@click.option("--jobs", default=1, show_default=True, type=int,
              help="Extraction worker processes (-1: every core).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
def ingest(inputs: tuple[str, ...], db: str | None, mode: str | None, min_confidence: float | None,
           nested: bool | None,
           input_format: str | None, jobs: int, quiet: bool) -> None:
    """Extract from INPUTS (files, directories, - for stdin) and store them in the corpus.

    Articles already stored (same text, or same URL) are skipped, so re-running is safe;
    each article is written in one transaction. Exits 1 when any input failed.
    """
    from according.store.ingest import ingest as run

    if mode not in (None, "default"):
        import according.extraction.modes  # noqa: F401  (registers the modes)
        from according.registry import extractors

        if mode not in extractors:
            raise click.BadParameter(f"unknown mode {mode!r} (known: default, "
                                     f"{', '.join(extractors.names())})", param_hint="--mode")
    settings = DEFAULT_SETTINGS.with_(mode=mode, min_confidence=min_confidence, nested=nested)
    store = _store(db, create=True)
    try:
        report = run(store, inputs, settings, n_process=jobs, input_format=input_format,
                     on_error=lambda line: click.echo(f"according: error: {line}", err=True),
                     progress=not quiet and sys.stderr.isatty())
    finally:
        store.close()
    if not quiet:
        click.echo(report.summary(), err=True)
    if report.failed:
        sys.exit(1)


# -- queries ------------------------------------------------------------------------------

QUOTE_COLUMNS = ("speaker", "type", "content", "outlet", "published", "document")


@click.command()
@click.option("--speaker", default=None, callback=speaker_ident, help="Name, alias or id of the speaker.")
@click.option("--since", default=None, metavar="DATE", help="Published on or after (YYYY-MM-DD).")
@click.option("--until", default=None, metavar="DATE", help="Published on or before (YYYY-MM-DD).")
@click.option("--outlet", default=None, help="Only this outlet (case-insensitive).")
@click.option("--contains", default=None, metavar="TEXT", help="Content contains TEXT.")
@page_options()
@db_option
@format_option
def quotes(speaker: str | None, since: str | None, until: str | None, outlet: str | None,
           contains: str | None, limit: int, offset: int, db: str | None, fmt: str) -> None:
    """Quotes (attributions), newest first, optionally by one speaker."""
    with _store(db) as store:
        rows = store.quotes(speaker, since=since, until=until, outlet=outlet, contains=contains,
                            limit=limit, offset=offset)
    emit(rows, fmt, QUOTE_COLUMNS, title=f"Quotes of {speaker}" if speaker else "Quotes")


@click.group(invoke_without_command=True)
@click.option("--top", default=20, show_default=True, type=click.IntRange(min=1),
              help="How many speakers.")
@click.option("--offset", default=0, show_default=True, type=click.IntRange(min=0),
              help="Skip this many speakers (paging).")
@click.option("--outlet", default=None, help="Count only quotes in this outlet.")
@click.option("--kind", "kind", default="named", show_default=True,
              type=click.Choice([*SOURCE_KINDS, "all"]),
              help="Which sources: named people and bodies, or the unnamed, group or document "
                   "sources (each one article's), or all.")
@db_option
@format_option
@click.pass_context
def speakers(ctx: click.Context, top: int, offset: int, outlet: str | None, kind: str, db: str | None,
             fmt: str) -> None:
    """Who is quoted, how often, and by which outlets; ``sourcing`` counts named and anonymous
    sources; ``merge``/``split`` correct links."""
    ctx.ensure_object(dict).update(db=db, fmt=fmt)
    if ctx.invoked_subcommand is not None:
        return
    with _store(db) as store:
        rows = store.speakers(top=top, outlet=outlet, offset=offset, kind=kind)
    emit(rows, fmt, ("id", "name", "type", "quotes", "documents", "outlets"), title="Speakers")


@speakers.command("sourcing")
@click.option("--by-outlet", is_flag=True, help="One breakdown per outlet.")
@db_option
@format_option
@click.pass_context
def speakers_sourcing(ctx: click.Context, by_outlet: bool, db: str | None, fmt: str) -> None:
    """Attributions by kind of source: named, unnamed (anonymous), group, document, or none
    given; with each kind's share, overall or per outlet."""
    with _store(_speaker_db(ctx, db)) as store:
        rows = store.sourcing(by_outlet=by_outlet)
    columns = ("outlet", "kind", "attributions", "share") if by_outlet else ("kind", "attributions", "share")
    emit(rows, fmt, columns, title="Sources by kind")


def _speaker_db(ctx: click.Context, db: str | None) -> str | None:
    return db or ctx.obj.get("db")


@speakers.command("merge")
@click.argument("into", callback=speaker_ident)
@click.argument("other", callback=speaker_ident)
@db_option
@click.pass_context
def speakers_merge(ctx: click.Context, into: str, other: str, db: str | None) -> None:
    """Merge speaker OTHER into INTO (names or ids); remembered across re-ingests."""
    with _store(_speaker_db(ctx, db)) as store:
        result = store.merge_speakers(into, other)
    click.echo(f"merged into {result['id']}: {result['name']} "
               f"(aliases: {', '.join(result['aliases'])})")


def _split(ctx: click.Context, name: str, db: str | None) -> None:
    with _store(_speaker_db(ctx, db)) as store:
        rows = store.split_speaker(name)
    emit(rows, ctx.obj.get("fmt", "table"), ("id", "name", "type", "aliases"), title="Speakers now")


@speakers.command("split")
@click.argument("name", callback=speaker_ident)
@db_option
@click.pass_context
def speakers_split(ctx: click.Context, name: str, db: str | None) -> None:
    """Undo merges into speaker NAME and its surname/title links; remembered."""
    _split(ctx, name, db)


@speakers.command("unmerge")
@click.argument("name", callback=speaker_ident)
@db_option
@click.pass_context
def speakers_unmerge(ctx: click.Context, name: str, db: str | None) -> None:
    """Same as ``split``."""
    _split(ctx, name, db)


@click.command()
@click.option("--about", default=None, metavar="TEXT", help="Quantity or text mentions TEXT.")
@click.option("--contested", is_flag=True,
              help="Same quantity reported with values that do not overlap by different sources "
                   "(each group says why it was grouped).")
@click.option("--window", "window_days", default=31, show_default=True, type=click.IntRange(min=0),
              help="With --contested: days apart two articles may be published.")
@page_options()
@db_option
@format_option
def figures(about: str | None, contested: bool, window_days: int, limit: int, offset: int,
            db: str | None, fmt: str) -> None:
    """Figures (numeric claims) and who reported them."""
    from according.schema import ARTICLES_OWN

    with _store(db) as store:
        if not contested:
            rows = store.figures(about=about, limit=limit, offset=offset)
            if fmt == "table":
                rows = [{**r, "speaker": r["speaker"] or f"({ARTICLES_OWN})"} for r in rows]
            emit(rows, fmt, ("text", "value", "counted", "predicate", "place", "period", "speaker",
                             "outlet", "published"), title="Figures")
            return
        groups = store.contested_figures(about=about, window_days=window_days, limit=limit,
                                         offset=offset)
    if fmt != "table":
        flat = groups if fmt == "json" else [
            {"counted": g["counted"], "predicate": g["predicate"], **r} for g in groups for r in g["reports"]]
        emit(flat, fmt, ())
        return
    if not groups:
        emit([], fmt, (), title="Contested figures")
    for g in groups:  # a table per group, titled with why its reports were grouped
        rows = [{**r, "speaker": r["speaker"] or f"({ARTICLES_OWN})"} for r in g["reports"]]
        emit(rows, fmt, ("value", "text", "speaker", "outlet", "published", "document"),
             title=f"Contested: {g['reason']}")


@click.command()
@click.argument("text")
@click.option("--order", type=click.Choice(("recent", "relevance")), default="recent", show_default=True,
              help="Most recently ingested first, or best match first (slower on common words).")
@page_options()
@db_option
@format_option
def search(text: str, order: str, limit: int, offset: int, db: str | None, fmt: str) -> None:
    """Full-text search over what was said: all words, "quoted phrases", A OR B, -excluded."""
    with _store(db) as store:
        rows = store.search(text, order=order, limit=limit, offset=offset)
    emit(rows, fmt, QUOTE_COLUMNS, title=f"Search: {text}")


@click.command()
@db_option
@format_option
def stats(db: str | None, fmt: str) -> None:
    """How many documents, attributions, entities, speakers and figures the corpus holds."""
    with _store(db) as store:
        counts = store.stats()
    if fmt == "json":
        click.echo(json.dumps(counts))
    else:
        emit([counts], fmt, tuple(counts), title="Corpus")


@click.command()
@click.option("--format", "fmt", type=click.Choice(("jsonl", "parquet")), required=True,
              help="jsonl: one document per line (core schema); parquet: a directory, one file "
                   "per table.")
@click.option("--out", required=True, type=click.Path(), help="Output file (jsonl) or directory (parquet).")
@db_option
@click.option("--quiet", "-q", is_flag=True, help="No summary line.")
def export(fmt: str, out: str, db: str | None, quiet: bool) -> None:
    """Write the whole corpus out, replacing OUT only once complete."""
    from according.store.export import export as run

    with _store(db) as store:
        counts = run(store, fmt, out)
    if not quiet:
        click.echo(f"exported to {out}: " + ", ".join(f"{k} {v}" for k, v in counts.items()), err=True)


COMMANDS = [ingest, quotes, speakers, figures, search, stats, export]
