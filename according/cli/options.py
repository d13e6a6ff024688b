"""Options shared by every command that extracts, declared once."""

from __future__ import annotations

import click

from according.config import DEFAULT_SETTINGS, ENCODER_PRECISIONS

#: ``--device`` for every command that extracts.
device_option = click.option(
    "--device", type=click.Choice(["auto", "cpu", "cuda"]), default=None,
    help="Where learned modes run (default auto: a CUDA GPU when present, else the CPU; "
         "cuda without a GPU falls back to the CPU with a warning).")


#: ``--encoder-precision`` for every command that extracts.
precision_option = click.option(
    "--encoder-precision", type=click.Choice(ENCODER_PRECISIONS), default=None,
    help="Encoder arithmetic of the accurate and large modes (default auto: fp32 on a GPU; on a "
         "CPU bf16 where it has native bfloat16, else int8).")


#: ``--min-confidence`` for every command that extracts.
min_confidence_option = click.option(
    "--min-confidence", type=click.FloatRange(0.0, 1.0), default=None,
    help=f"Drop attributions below this calibrated confidence (default "
         f"{DEFAULT_SETTINGS.min_confidence}; 0 keeps every one).")


#: ``--nested`` for every command that extracts.
nested_option = click.option(
    "--nested/--no-nested", default=None,
    help="Also output the attributions inside another's content (\"I think …\" within a "
         "quotation), each naming its parent (default: off; news standards mark the outermost).")
