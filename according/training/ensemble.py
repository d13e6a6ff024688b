"""Combining trained taggers into one model whose tag probabilities are their average.

Taggers trained differently (other loss weights, other data) make different mistakes: the
average of two of them beat either alone on PolNeAR dev (see the accurate model card). The
first model directory becomes the ensemble's main tagger; the others are copied under it as
``member-N/`` and listed in its config. Calibration is refitted on dev for the averaged output,
as the ensemble runs (float32; int8 on the CPU when ``quantize``, which makes a document's
probabilities depend on the other documents in its batch).
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from according.config import DEFAULT_SETTINGS
from according.errors import InputError
from according.extraction.tagger import (
    ENCODER_FILE,
    ensemble_probs,
    load_model,
    quantized,
    round_to_half_,
    save_model,
)
from according.training.dataset import add_context, file_digest, load_split
from according.training.trainer import calibrate, score_probs

log = logging.getLogger(__name__)
METRICS_FILE = "metrics.json"


def combine(model_dirs: list[str | Path], dev_dir: str | Path, out_dir: str | Path,
            cache_dir: str | Path | None = None, spacy_model: str = DEFAULT_SETTINGS.spacy_model,
            quantize: bool = False, half: bool = False) -> dict[str, Any]:
    """Write the ensemble of ``model_dirs`` (single taggers, the first one main) to ``out_dir``
    with calibration fitted on ``dev_dir``; returns its dev metrics and calibration. With
    ``half`` the taggers' weights are stored in float16, and calibration is fitted on them."""
    if len(model_dirs) < 2:
        raise InputError("ensemble", "needs at least two models")
    nets = [load_model(d) for d in model_dirs]
    if half:
        nets = [round_to_half_(n) for n in nets]
    main = nets[0]
    cfg = main.config
    tuned = Path(model_dirs[0]) / ENCODER_FILE if cfg.encoder_tuned else None
    for d, net in zip(model_dirs, nets, strict=True):
        c = net.config
        if c.members:
            raise InputError(str(d), "an ensemble member must be a single tagger")
        if (c.encoder, c.encoder_layers, c.encoder_tuned, c.feature_version, c.tags) != (
                cfg.encoder, cfg.encoder_layers, cfg.encoder_tuned, cfg.feature_version, cfg.tags):
            raise InputError(str(d), f"reads other features or encoder layers than {model_dirs[0]}")
        if tuned and file_digest(Path(d) / ENCODER_FILE) != file_digest(tuned):
            raise InputError(str(d), f"was trained on other tuned encoder layers than {model_dirs[0]}")
    dev_ex = load_split(dev_dir, cache_dir, spacy_model, feature_version=cfg.feature_version)
    if cfg.encoder:
        add_context(dev_ex, dev_dir, cache_dir, spacy_model, cfg.encoder, cfg.encoder_layers,
                    weights_file=tuned)
    run = [quantized(n) for n in nets] if quantize else nets
    probs = ensemble_probs(run, [e.feats for e in dev_ex])
    metrics, cands = score_probs(probs, dev_ex, cfg.calibration)
    cal = calibrate(main, dev_ex, cands)
    members = tuple(f"member-{i}" for i in range(1, len(nets)))
    cfg.members, cfg.quantize = members, quantize
    out = Path(out_dir)
    # written beside and moved into place: ``out_dir`` may be one of the inputs
    with tempfile.TemporaryDirectory(dir=out.parent if out.parent.exists() else None) as tmp:
        staged = Path(tmp) / "model"
        save_model(main, staged, half)
        if tuned:  # the members read the main tagger's encoder: one copy of its layers
            shutil.copy(tuned, staged / ENCODER_FILE)
        for name, d, net in zip(members, model_dirs[1:], nets[1:], strict=True):
            save_model(net, staged / name, half)
            if (Path(d) / METRICS_FILE).is_file():
                shutil.copy(Path(d) / METRICS_FILE, staged / name / METRICS_FILE)
        trained = Path(model_dirs[0]) / METRICS_FILE
        result = {"dev": metrics, "calibration": cal, "platt": list(cfg.calibration),
                  "members": [str(d) for d in model_dirs], "quantize": quantize, "float16": half,
                  "main_training": json.loads(trained.read_text(encoding="utf-8"))
                  if trained.is_file() else None}
        (staged / METRICS_FILE).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        keep = [f for f in out.glob("*.md")] if out.is_dir() else []  # the model card stays
        for f in keep:
            shutil.copy(f, staged / f.name)
        if out.exists():
            shutil.rmtree(out)
        shutil.move(str(staged), str(out))
    log.info("ensemble of %d taggers: dev linked_f1 %.3f; ECE raw %.3f calibrated %.3f",
             len(nets), metrics["linked_f1"], cal["ece_raw"], cal["ece_calibrated"])
    return result

