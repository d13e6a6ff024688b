"""``according extract INPUT...``: attributions, speakers and figures from articles.

Inputs are read by ``according.readers.read_inputs`` and extracted through
``according.extract_many``. Each bad input is reported as one line on stderr
(``according: error: <where>: <message>``) while the others are still processed; the
exit status is 1 when any input failed. ``--out`` is written atomically.
Set ``ACCORDING_DEBUG=1`` to see the traceback of a pipeline failure instead.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import click

from according.atomic import AtomicFile
from according.cli.options import device_option, min_confidence_option, nested_option, precision_option
from according.config import DEFAULT_SETTINGS, Settings
from according.errors import AccordingError, InputError, one_line
from according.readers import INPUT_FORMATS, Article, read_inputs
from according.schema import ARTICLES_OWN, Document

OUTPUT_FORMATS = ("jsonl", "json", "text")
#: Longest exception text shown for an article the pipeline failed on.
_MAX_REASON = 200

#: Opening and closing quotation marks of a content's outer pair, trimmed in the text listing
#: (it adds its own).
_OPENING, _CLOSING = '"“„«', '"”»'

Report = Callable[[InputError], None]


# --------------------------------------------------------------------------- extraction


def _item(article: Article) -> tuple[str, dict[str, Any]]:
    return article.text, {"id": article.id, **article.meta}


def _reason(exc: BaseException) -> str:
    return one_line(exc, _MAX_REASON)


def extract_articles(articles: Iterable[Article], settings: Settings, jobs: int,
                     report: Report) -> Iterator[Document]:
    """Documents for ``articles`` in order, over ``jobs`` worker processes.

    An article the pipeline fails on is reported (``extract_many`` isolates it from its
    batch) and the others go on; a mode or model that cannot load stops the run.
    """
    import according

    origins: dict[str, str] = {}

    def items() -> Iterator[tuple[str, dict[str, Any]]]:
        for article in articles:
            origins[article.id] = article.origin
            yield _item(article)

    def failed(doc_id: str, reason: str) -> None:
        report(InputError(origins.get(doc_id, doc_id), f"extraction failed ({reason})"))

    try:
        yield from according.extract_many(items(), n_process=jobs, settings=settings, on_error=failed)
    except AccordingError:
        raise
    except Exception as exc:
        if os.environ.get("ACCORDING_DEBUG"):
            raise
        raise AccordingError(f"extraction failed: {_reason(exc)}") from None


def check_mode(mode: str) -> None:
    """A usage error for an extraction mode that does not exist."""
    import according.extraction.modes  # noqa: F401  (registers the modes)
    from according.registry import extractors

    if mode != "default" and mode not in extractors:
        known = ", ".join(["default", *extractors.names()])
        raise click.BadParameter(f"unknown mode {mode!r} (known: {known})", param_hint="'--mode'")


def load_pipeline(settings: Settings) -> None:
    """Load the extraction pipeline; a mode or model that cannot load is one AccordingError line."""
    from according.extraction.pipeline import get_pipeline

    try:
        get_pipeline(settings)
    except AccordingError:
        raise
    except Exception as exc:
        if os.environ.get("ACCORDING_DEBUG"):
            raise
        what = f"model {settings.model_path}" if settings.model_path else f"mode {settings.mode!r}"
        raise AccordingError(f"cannot load the extraction pipeline ({what}): {_reason(exc)}") from None


# --------------------------------------------------------------------------- output


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _speaker(doc: Document, attribution: Any) -> str:
    entity = doc.entity(attribution.speaker)
    if entity is not None:
        return entity.name
    return _one_line(attribution.source.text) if attribution.source else "(no source)"


def _figure_source(doc: Document, figure: Any) -> str:
    entity = doc.entity(figure.source_entity)
    if entity is not None:
        return f"according to {entity.name}"
    attribution = next((a for a in doc.attributions if a.id == figure.attribution), None)
    if attribution is not None:
        return f"according to {_speaker(doc, attribution)}"
    return ARTICLES_OWN


Segments = list[tuple[str, str]]


def _header(doc: Document) -> list[Segments]:
    """The id, title, metadata and counts of a document, as lines of (text, style) segments."""
    title = doc.meta.get("title")
    lines = [[(doc.id, "bold cyan")] + ([(f"  {_one_line(title)}", "bold")] if title else [])]
    lines += [[(f"  {key}: {doc.meta[key]}", "dim")] for key in ("outlet", "published", "url")
              if doc.meta.get(key)]
    lines.append([(f"  {len(doc.attributions)} attributions, {len(doc.entities)} speakers, "
                   f"{len(doc.figures)} figures", "dim")])
    return lines


def _attribution_row(doc: Document, a: Any) -> dict[str, str]:
    return {"#": a.id, "type": a.type, "speaker": _speaker(doc, a),
            "cue": _one_line(a.cue.text) if a.cue else "(no cue)",
            "content": f"“{_unquoted(_one_line(a.content.text))}”", "conf.": f"{a.confidence:.2f}"}


def _unquoted(text: str) -> str:
    """``text`` without its outer pair of quotation marks, if it has one. A mark at one end only
    belongs to a quote inside (``the offer was "a step."``) and stays."""
    text = text.strip()
    if len(text) >= 2 and text[0] in _OPENING and text[-1] in _CLOSING:
        return text[1:-1].strip()
    return text


_PERCENT_WRITTEN = re.compile(r"%|per ?cent|pct", re.I)
_IN_YEARS_WRITTEN = re.compile(r"decade|centur", re.I)


def _counted_label(f: Any) -> str:
    """What a figure counts, unless its text says it already ("6 percent"); a share written as
    a fraction ("about a third") is kept in percent and a time in decades in years, so its
    value is shown with it."""
    if f.counted == "years" and _IN_YEARS_WRITTEN.search(f.text) and f.value is not None:
        return f"{f.value:g} years"  # "nearly two decades": 20 years
    if not f.counted or f.counted in f.text or f.counted.rstrip("s") in f.text.lower():
        return ""  # "6 percent", "a three-week strike"
    if f.counted == "percent":
        if _PERCENT_WRITTEN.search(f.text):
            return ""
        return f"{f.value:g} percent" if f.value is not None else ""
    return f.counted


def _figure_row(doc: Document, f: Any) -> dict[str, str]:
    counted = _counted_label(f)
    return {"#": f.id, "figure": _one_line(f.text), "counted": counted, "qualifier": f.qualifier or "",
            "source": _figure_source(doc, f)}


def text_lines(doc: Document) -> list[str]:
    """The plain listing of one document (one line per attribution and per figure)."""
    lines = ["".join(seg for seg, _ in line) for line in _header(doc)]
    if doc.attributions:
        lines.append("  Attributions")
    for a in doc.attributions:
        r = _attribution_row(doc, a)
        lines.append(f"    {r['#']:>4} [{r['type']}] {r['speaker']} — {r['cue']} — {r['content']}"
                     f"  ({r['conf.']})")
    if doc.figures:
        lines.append("  Figures")
    for f in doc.figures:
        r = _figure_row(doc, f)
        qualifier = f" ({r['qualifier']})" if r["qualifier"] not in ("", "exact") else ""
        counted = f" [{r['counted']}]" if r["counted"] else ""
        lines.append(f"    {r['#']:>4} {r['figure']}{counted}{qualifier} — {r['source']}")
    return lines


#: Column styles of the terminal tables.
_ATTRIBUTION_STYLES = {"#": "dim", "type": "magenta", "speaker": "bold green", "cue": "yellow",
                       "content": "", "conf.": "dim"}
_FIGURE_STYLES = {"#": "dim", "figure": "bold", "counted": "", "qualifier": "dim", "source": "green"}


def rich_listing(doc: Document) -> list[Any]:
    """The listing for a terminal: the header, then attributions and figures as tables."""
    from rich.table import Table
    from rich.text import Text

    def table(title: str, styles: dict[str, str], rows: list[dict[str, str]]) -> Table:
        t = Table(title=title, title_justify="left", box=None, pad_edge=False, header_style="bold dim")
        for name, style in styles.items():
            t.add_column(name, style=style, overflow="fold", ratio=5 if name == "content" else None)
        for row in rows:
            t.add_row(*(Text(v, style="red") if v == ARTICLES_OWN else v for v in row.values()))
        return t

    out: list[Any] = [Text.assemble(*line) for line in _header(doc)]
    if doc.attributions:
        out.append(table("Attributions", _ATTRIBUTION_STYLES,
                         [_attribution_row(doc, a) for a in doc.attributions]))
    if doc.figures:
        out.append(table("Figures", _FIGURE_STYLES, [_figure_row(doc, f) for f in doc.figures]))
    return out


class Writer:
    """Writes documents in one of ``OUTPUT_FORMATS`` to a binary stream (UTF-8)."""

    def __init__(self, stream: IO[bytes], fmt: str, as_list: bool, rich_console: Any = None) -> None:
        self.stream = stream
        self.fmt = fmt
        self.as_list = as_list
        self.console = rich_console
        self.count = 0
        self._held: list[dict[str, Any]] = []

    def _emit(self, text: str) -> None:
        self.stream.write(text.encode("utf-8"))
        self.stream.flush()

    def write(self, doc: Document) -> None:
        self.count += 1
        if self.fmt == "jsonl":
            self._emit(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
        elif self.fmt == "json":
            self._held.append(doc.to_dict())
        elif self.console is not None:
            if self.count > 1:
                self.console.print()
            for renderable in rich_listing(doc):
                self.console.print(renderable)
        else:
            self._emit(("\n" if self.count > 1 else "") + "\n".join(text_lines(doc)) + "\n")

    def close(self) -> None:
        if self.fmt == "json" and (self._held or self.as_list):
            single = not self.as_list and len(self._held) == 1
            held: Any = self._held[0] if single else self._held
            self._emit(json.dumps(held, ensure_ascii=False, indent=2) + "\n")


def _single_article(inputs: tuple[str, ...], input_format: str) -> bool:
    """Whether the inputs name exactly one article (json output is then an object)."""
    if len(inputs) != 1 or input_format == "jsonl":
        return False
    from according.readers.inputs import STDIN, format_for

    return inputs[0] == STDIN or format_for(Path(inputs[0])) != "jsonl"


def _silence_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the exit flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


# --------------------------------------------------------------------------- command


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-f", "--format", "out_format", type=click.Choice(OUTPUT_FORMATS), default="jsonl",
              show_default=True,
              help="jsonl: one document per line; json: indented (a list for several articles); "
                   "text: a readable listing.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True,
              help="How to read the inputs; auto goes by extension (.txt, .html/.htm, .jsonl), "
                   "else (and for stdin) by content.")
@click.option("--mode", default=None, help="Extraction mode (default: the shipped best).")
@click.option("--model", "model_path", default=None, type=click.Path(exists=True),
              help="Model directory for learned modes.")
@min_confidence_option
@nested_option
@device_option
@precision_option
@click.option("-o", "--out", type=click.Path(dir_okay=False), default=None,
              help="Write to FILE (atomically) instead of stdout.")
@click.option("--jobs", type=click.IntRange(min=-1), default=1, show_default=True,
              help="Worker processes (-1: every core).")
@click.option("--no-language-check", is_flag=True, help="Process articles that do not look English.")
@click.pass_context
def extract(ctx: click.Context, inputs: tuple[str, ...], out_format: str, input_format: str,
            mode: str | None, model_path: str | None, min_confidence: float | None, nested: bool | None,
            device: str | None, encoder_precision: str | None, out: str | None, jobs: int,
            no_language_check: bool) -> None:
    """Extract who said what, according to whom, from each INPUT.

    INPUT is a .txt, .html/.htm or .jsonl file (one article per line: "id", "text", and
    optional "title", "url", "published", "outlet"), or - for standard input. Each bad
    input is reported on stderr and skipped; the exit status is 1 if any input failed.

    Offsets refer to the article text in the output: the input with a leading BOM
    removed and line ends turned into \\n (for HTML, the extracted article text).
    """
    if jobs == 0:
        raise click.BadParameter("must be at least 1, or -1 for every core", param_hint="'--jobs'")
    settings = DEFAULT_SETTINGS.with_(mode=mode, model_path=model_path, min_confidence=min_confidence,
                                      nested=nested,
                                      device=device, encoder_precision=encoder_precision)
    failed = 0

    def report(err: InputError) -> None:
        nonlocal failed
        failed += 1
        click.echo(f"according: error: {_one_line(str(err))}", err=True)

    def articles() -> Iterator[Article]:
        loaded = False
        for result in read_inputs(inputs, settings, input_format, check_language=not no_language_check):
            if isinstance(result, InputError):
                report(result)
                continue
            if not loaded:  # only once there is an article: refusing bad input stays instant
                load_pipeline(settings)
                loaded = True
            yield result

    if mode is not None:
        check_mode(settings.mode)
    try:
        target = AtomicFile(out) if out else None
    except AccordingError as exc:
        click.echo(f"according: error: {_one_line(str(exc))}", err=True)
        ctx.exit(1)
    stdout = getattr(sys.stdout, "buffer", None)
    if target is None and stdout is None:
        click.echo("according: error: <stdout>: standard output is closed", err=True)
        ctx.exit(1)
    console = None
    if target is None and out_format == "text" and sys.stdout.isatty():
        from rich.console import Console

        console = Console(highlight=False)
    stream = target.stream if target else stdout
    writer = Writer(stream, out_format, as_list=not _single_article(inputs, input_format),
                    rich_console=console)
    try:
        for doc in extract_articles(articles(), settings, jobs, report):
            writer.write(doc)
        if writer.count or not failed:
            writer.close()
    except BrokenPipeError:
        _silence_stdout()
        ctx.exit(1 if failed else 0)
    except AccordingError as exc:
        if target:
            target.discard()
        click.echo(f"according: error: {_one_line(str(exc))}", err=True)
        ctx.exit(1)
    except OSError as exc:
        if target:
            target.discard()
        where = out or "<stdout>"
        click.echo(f"according: error: {where}: cannot write: {exc.strerror or exc}", err=True)
        ctx.exit(1)
    except BaseException:
        if target:
            target.discard()
        raise
    if target:
        if writer.count or not failed:
            target.commit()
        else:
            target.discard()
            click.echo(f"according: nothing written to {out}: no input could be processed", err=True)
    ctx.exit(1 if failed else 0)


COMMANDS = [extract]
