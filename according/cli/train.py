"""``according train``: train the tagger model on PolNeAR-layout BRAT data."""

from __future__ import annotations

import logging

import click

from according.errors import InputError


@click.command("train")
@click.option("--data", "data_dir", required=True, type=click.Path(file_okay=False),
              help="Training data (PolNeAR layout: text/ and attributions/).")
@click.option("--dev", "dev_dir", required=True, type=click.Path(file_okay=False),
              help="Development data, same layout; selects the epoch and fits calibration.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Directory to write the model (config.json, model.safetensors, metrics.json).")
@click.option("--mode", default="fast", show_default=True, type=click.Choice(["fast", "accurate"]),
              help="fast: spaCy features only; accurate: also a frozen MiniLM encoder.")
@click.option("--seed", default=0, show_default=True, help="Random seed.")
@click.option("--epochs", default=20, show_default=True, help="Training epochs.")
@click.option("--device", default="cpu", show_default=True,
              type=click.Choice(["cpu", "cuda", "auto"]), help="Torch device.")
@click.option("--cache", "cache_dir", default=None, type=click.Path(file_okay=False),
              help="Cache spaCy parses here (re-used across runs).")
@click.option("--quiet", is_flag=True, help="Only print the final metrics.")
def train(data_dir: str, dev_dir: str, out_dir: str, mode: str, seed: int, epochs: int, device: str,
          cache_dir: str | None, quiet: bool) -> None:
    """Train the learned tagger; logs dev metrics per epoch and keeps the best epoch."""
    import json

    if epochs < 1:
        raise InputError("--epochs", f"must be at least 1 (got {epochs})")
    if device == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise InputError("--device cuda", "no CUDA device available")
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO,
                        format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    from according.training import train as run

    if device == "auto":
        import torch

        device = "cuda" if torch.cuda.is_available() else "cpu"
    result = run(data_dir, dev_dir, out_dir, seed=seed, epochs=epochs, device=device,
                 cache_dir=cache_dir, encoder="minilm-l6" if mode == "accurate" else None)
    click.echo(json.dumps({"best": result["best"], "calibration": result["calibration"]}, indent=2))


COMMANDS = [train]
