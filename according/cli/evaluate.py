"""``according evaluate GOLD_DIR``: extraction scored against PolNeAR-layout gold."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from according.cli.options import device_option, min_confidence_option, nested_option, precision_option
from according.config import DEFAULT_SETTINGS


@click.command()
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--mode", default=None, help="Extraction mode (default: the shipped best).")
@click.option("--model", "model_path", default=None, type=click.Path(exists=True), help="Model directory.")
@device_option
@precision_option
@min_confidence_option
@nested_option
@click.option("--pred-out", default=None, type=click.Path(dir_okay=False),
              help="Also write the predictions (reference scorer's JSONL input).")
@click.option("--jobs", default=1, show_default=True, help="Worker processes (-1: every core).")
@click.option("--by-type", is_flag=True,
              help="Also print linked F1 per attribution type (direct, mixed, indirect, according_to).")
@click.option("--group-by", default=None, metavar="REGEX",
              help="Also print linked and content-exact scores per group of documents: the "
                   "regular expression's first group in each name (e.g. 'GUM_([a-z]+)_' for "
                   "gum-other's genres).")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
def evaluate(gold_dir: str, mode: str | None, model_path: str | None, device: str | None,
             encoder_precision: str | None, min_confidence: float | None, nested: bool | None,
             pred_out: str | None,
             jobs: int, by_type: bool, group_by: str | None, as_json: bool) -> None:
    """Extract from every article in GOLD_DIR (PolNeAR layout) and print the reference metrics."""
    from according.evaluation.run import evaluate_dir
    from according.evaluation.scorer import PRF, format_metrics

    settings = DEFAULT_SETTINGS.with_(mode=mode, model_path=model_path, device=device,
                                      encoder_precision=encoder_precision,
                                      min_confidence=min_confidence, nested=nested)
    if group_by is not None:
        import re

        try:
            re.compile(group_by)
        except re.error as exc:
            raise click.BadParameter(f"not a regular expression ({exc})", param_hint="'--group-by'") from None
    metrics = evaluate_dir(gold_dir, settings, n_process=jobs, pred_out=pred_out, by_type=by_type,
                           group_by=group_by)
    if as_json:
        out = {k: (list(asdict(v).values()) if isinstance(v, PRF) else v) for k, v in metrics.items()}
        click.echo(json.dumps(out))
    else:
        click.echo(format_metrics(metrics))


COMMANDS = [evaluate]
