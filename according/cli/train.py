"""``according train``: train the tagger model on PolNeAR-layout BRAT data."""

from __future__ import annotations

import logging

import click

from according.config import FEATURE_VERSION
from according.errors import InputError

#: Default stage-two epochs of ``--mode accurate``: none. Three epochs on CPU did not beat the
#: frozen encoder on dev (0.742-0.745 against 0.747 linked F1; see the accurate model card).
FINETUNE_EPOCHS = 0
#: The frozen encoder each trainable mode reads.
MODE_ENCODERS = {"accurate": "minilm-l6", "large": "mpnet"}


@click.command("train")
@click.option("--data", "data_dir", required=True, type=click.Path(file_okay=False),
              help="Training data (PolNeAR layout: text/ and attributions/).")
@click.option("--sparse-data", "sparse_dir", default=None,
              type=click.Path(exists=True, file_okay=False),
              help="More training data, annotated only in part (e.g. gum-other, which leaves noun-"
                   "phrase contents out): its tagged spans teach, its untagged words do not count "
                   "as no attribution.")
@click.option("--dev", "dev_dir", required=True, type=click.Path(file_okay=False),
              help="Development data, same layout; selects the epoch and fits calibration.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Directory to write the model (config.json, model.safetensors, metrics.json).")
@click.option("--mode", default="fast", show_default=True,
              type=click.Choice(["fast", "accurate", "large"]),
              help="fast: spaCy features only; accurate: also a frozen MiniLM encoder; large: "
                   "frozen all-mpnet-base-v2 layers instead.")
@click.option("--finetune-epochs", default=None, type=int,
              help="accurate mode: epochs of a second stage that fine-tunes the encoder's top "
                   f"layers with the tagger (default {FINETUNE_EPOCHS}: the encoder stays frozen).")
@click.option("--finetune-frozen", "frozen", default=None, type=int,
              help="Stage two: hidden states up to this one stay frozen (0 = embeddings only; "
                   "default: the encoder's top layer alone is tuned).")
@click.option("--init-model", default=None, type=click.Path(file_okay=False),
              help="Skip stage one: fine-tune this trained accurate model (needs --finetune-epochs).")
@click.option("--seed", default=0, show_default=True, help="Random seed.")
@click.option("--epochs", default=20, show_default=True, help="Training epochs.")
@click.option("--device", default="cpu", show_default=True,
              type=click.Choice(["cpu", "cuda", "auto"]), help="Torch device.")
@click.option("--cache", "cache_dir", default=None, type=click.Path(file_okay=False),
              help="Cache spaCy parses here (re-used across runs).")
@click.option("--feature-version", type=click.IntRange(1, FEATURE_VERSION), default=FEATURE_VERSION,
              show_default=True, help="Token features to train on (1: those of the shipped models; "
                                      "2 fixed the paragraph-start flag).")
@click.option("--jobs", default=1, show_default=True, help="Parsing processes (-1: every core).")
@click.option("--role-weight", "role_weights", multiple=True, metavar="ROLE=W",
              help="Weigh a role's tags in the loss (source, cue or content; default 1), e.g. "
                   "--role-weight source=2 --role-weight cue=2. Repeatable.")
@click.option("--teacher", default=None, type=click.Path(file_okay=False),
              help="A trained model (e.g. a large one) whose tag probabilities on the training "
                   "data become soft targets beside the gold tags (knowledge distillation).")
@click.option("--distill", default=0.5, show_default=True, type=click.FloatRange(0.0, 1.0),
              help="With --teacher: the weight of its soft targets in the loss.")
@click.option("--encoder-weights", default=None, type=click.Path(exists=True),
              help="Tuned encoder layers to read through (the directory `according "
                   "distill-encoder` wrote, or its encoder.safetensors); the model ships them.")
@click.option("--warm-start", default=None, type=click.Path(exists=True, file_okay=False),
              help="Start from this trained model's tagger (an ensemble's main one) instead of "
                   "random weights, e.g. to train further on more data.")
@click.option("--lr", default=2e-3, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Peak learning rate of stage one.")
@click.option("--quiet", is_flag=True, help="Only print the final metrics.")
def train(data_dir: str, sparse_dir: str | None, dev_dir: str, out_dir: str, mode: str,
          finetune_epochs: int | None,
          frozen: int | None, init_model: str | None, seed: int, epochs: int, device: str,
          cache_dir: str | None, feature_version: int, jobs: int, role_weights: tuple[str, ...],
          teacher: str | None, distill: float, encoder_weights: str | None, warm_start: str | None,
          lr: float, quiet: bool) -> None:
    """Train the learned tagger; logs dev metrics per epoch and keeps the best epoch."""
    import json

    tag_weights = parse_role_weights(role_weights) if role_weights else None

    if epochs < 1:
        raise InputError("--epochs", f"must be at least 1 (got {epochs})")
    if finetune_epochs is not None and (finetune_epochs < 0 or mode != "accurate"):
        raise InputError("--finetune-epochs", "needs --mode accurate and a count of at least 0")
    if (frozen is not None or init_model) and not finetune_epochs:
        raise InputError("--finetune-frozen/--init-model", "need --finetune-epochs of at least 1")
    if device == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise InputError("--device cuda", "no CUDA device available")
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO,
                        format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    from according.extraction.tagger import TaggerConfig
    from according.training import train as run

    if device == "auto":
        import torch

        device = "cuda" if torch.cuda.is_available() else "cpu"
    result = run(data_dir, dev_dir, out_dir, seed=seed, epochs=epochs, device=device,
                 cache_dir=cache_dir, encoder=MODE_ENCODERS.get(mode),
                 finetune_epochs=FINETUNE_EPOCHS if finetune_epochs is None else finetune_epochs,
                 frozen=frozen, init_model=init_model, n_process=jobs,
                 config=TaggerConfig(feature_version=feature_version), tag_weights=tag_weights,
                 teacher=teacher, distill=distill, encoder_weights=encoder_weights,
                 warm_start=warm_start, lr=lr, sparse_dir=sparse_dir)
    click.echo(json.dumps({"best": result["best"], "calibration": result["calibration"]}, indent=2))


def parse_role_weights(items: tuple[str, ...]) -> list[float]:
    """``("source=2", "cue=2")`` → a loss weight per tag, in ``tagger.TAGS`` order (B and I alike)."""
    from according.extraction.tagger import ROLE_OF_TAG

    weights = {"source": 1.0, "cue": 1.0, "content": 1.0}
    for item in items:
        role, _, value = item.partition("=")
        try:
            w = float(value)
        except ValueError:
            w = -1.0
        if role.strip().lower() not in weights or not 0 < w < 1000:
            raise InputError("--role-weight", f"expected ROLE=W with ROLE source, cue or content and "
                                              f"W a positive number (got {item!r})")
        weights[role.strip().lower()] = w
    return [1.0 if role is None else weights[role] for role in ROLE_OF_TAG]


@click.command()
@click.argument("models", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@click.option("--dev", "dev_dir", required=True, type=click.Path(file_okay=False),
              help="PolNeAR-layout directory to fit the ensemble's calibration on.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Where to write the ensemble model (may be the first MODEL).")
@click.option("--cache", "cache_dir", default=None, type=click.Path(file_okay=False),
              help="Cache for parses and encoder vectors (as for train).")
@click.option("--int8", "int8", is_flag=True,
              help="Run the taggers in int8 on the CPU: about a quarter faster, but int8 scales "
                   "activations per batch, so a document's results then depend on its batch.")
@click.option("--float16", "half", is_flag=True,
              help="Store the taggers' weights in float16: half the size on disk and in git; "
                   "they still run in float32, and calibration is fitted on the rounded weights.")
def ensemble(models: tuple[str, ...], dev_dir: str, out_dir: str, cache_dir: str | None,
             int8: bool, half: bool) -> None:
    """Combine trained taggers (MODEL...; the first is the main one) into one model that averages
    their tag probabilities; calibration is refitted on --dev."""
    import json

    from according.training.ensemble import combine

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    result = combine(list(models), dev_dir, out_dir, cache_dir=cache_dir, quantize=int8, half=half)
    click.echo(json.dumps({"dev": result["dev"], "calibration": result["calibration"]}, indent=2))


@click.command("calibrate-encoder")
@click.option("--encoder", default="minilm-l6", show_default=True,
              type=click.Choice(sorted(set(MODE_ENCODERS.values()))),
              help="The frozen encoder whose int8 path to calibrate.")
@click.option("--data", "data_dir", required=True, type=click.Path(file_okay=False),
              help="Articles to measure on (text/*.txt), e.g. PolNeAR train.")
@click.option("--fit", default=200, show_default=True, type=click.IntRange(1),
              help="Articles whose activation maxima are recorded (the first, sorted by name).")
@click.option("--check", default=40, show_default=True, type=click.IntRange(1),
              help="Further articles on which the smoothing strength is chosen.")
@click.option("--out", default=None, type=click.Path(dir_okay=False),
              help="File to write (default: the one shipped in the package for this encoder).")
def calibrate_encoder(encoder: str, data_dir: str, fit: int, check: int, out: str | None) -> None:
    """Measure an encoder's activation maxima for its smoothed int8 path (CPUs without native
    bfloat16); no labels are read."""
    import json
    from dataclasses import asdict

    from according.config import DEFAULT_SETTINGS
    from according.extraction.quantize import calibration_path
    from according.training.encoder_calibration import calibrate_encoder as run

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    result = run(encoder, data_dir, out or calibration_path(encoder), DEFAULT_SETTINGS.spacy_model,
                 fit=fit, check=check)
    click.echo(json.dumps(asdict(result), indent=2))


@click.command("distill-encoder")
@click.option("--data", "data_dir", required=True, type=click.Path(file_okay=False),
              help="PolNeAR-layout training directory (only its texts are read).")
@click.option("--dev", "dev_dir", required=True, type=click.Path(file_okay=False),
              help="PolNeAR-layout directory the error is measured on after each epoch.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Where to write the tuned layers (then: according train --encoder-weights OUT).")
@click.option("--teacher", default="mpnet", show_default=True,
              type=click.Choice(sorted(set(MODE_ENCODERS.values()) - {MODE_ENCODERS["accurate"]})),
              help="Encoder whose token vectors (the layers its mode reads) are the targets.")
@click.option("--frozen", default=1, show_default=True, type=click.IntRange(0),
              help="Hidden state below the tuned layers (MiniLM's layers above it are trained).")
@click.option("--epochs", default=3, show_default=True, type=click.IntRange(1), help="Epochs.")
@click.option("--lr", default=1e-4, show_default=True, type=click.FloatRange(0.0, min_open=True),
              help="Peak learning rate of the tuned layers.")
@click.option("--ffn", default=0, show_default=True, type=int,
              help="Feed-forward neurons kept per tuned layer (the most important, before tuning; "
                   "0 keeps all). Fewer run faster.")
@click.option("--seed", default=0, show_default=True, help="Random seed.")
@click.option("--cache", "cache_dir", default=None, type=click.Path(file_okay=False),
              help="Cache for parses and encoder vectors (as for train).")
def distill_encoder(data_dir: str, dev_dir: str, out_dir: str, teacher: str, frozen: int,
                    epochs: int, lr: float, seed: int, ffn: int, cache_dir: str | None) -> None:
    """Tune the accurate mode's encoder layers so that its token vectors predict a larger
    encoder's (feature distillation; no labels are read)."""
    import json

    from according.training.encoder_distill import distill_encoder as run

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    result = run(data_dir, dev_dir, out_dir, student=MODE_ENCODERS["accurate"], teacher=teacher,
                 frozen=frozen, epochs=epochs, lr=lr, seed=seed, ffn=ffn, cache_dir=cache_dir)
    click.echo(json.dumps(result["history"], indent=2))


COMMANDS = [train, ensemble, calibrate_encoder, distill_encoder]
