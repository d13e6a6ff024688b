"""Measuring an encoder's activation maxima for its int8 path (``according calibrate-encoder``).

The float32 encoder runs over calibration articles, and the largest input of each channel of
each linear layer is recorded (``quantize.record_absmax``). Each smoothing strength in
``quantize.ALPHAS`` is then tried on articles held back from that set. The one whose int8
vectors differ least from float32 is kept with the maxima. Only the encoder's arithmetic is
calibrated: no tagger and no gold label is involved.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from according.errors import InputError
from according.extraction.encoder import ENCODER_LAYERS, ContextEncoder
from according.extraction.nlp import load_nlp
from according.extraction.quantize import ALPHAS, record_absmax, save_calibration

log = logging.getLogger(__name__)


@dataclass
class CalibrationResult:
    """What ``calibrate_encoder`` measured and wrote."""

    path: str
    alpha: float
    #: Mean absolute difference from float32 of the held-back vectors, per alpha; "none" is
    #: per-channel int8 without smoothing.
    errors: dict[str, float]
    fit_docs: int
    check_docs: int


def _mean_abs_diff(a: list[np.ndarray], b: list[np.ndarray]) -> float:
    return float(np.abs(np.concatenate(a) - np.concatenate(b)).mean())


def calibrate_encoder(encoder: str, data_dir: str | Path, out: str | Path, spacy_model: str,
                      fit: int = 200, check: int = 40) -> CalibrationResult:
    """Channel maxima of ``encoder`` on the first ``fit`` texts of ``data_dir/text`` (sorted by
    name), alpha chosen on the next ``check``; written to ``out``."""
    if encoder not in ENCODER_LAYERS:
        raise InputError("--encoder", f"unknown {encoder!r} (known: {', '.join(ENCODER_LAYERS)})")
    paths = sorted((Path(data_dir) / "text").glob("*.txt"))
    if len(paths) < 2 or fit < 1 or check < 1:
        raise InputError(str(data_dir), "needs text/*.txt: at least one article to fit and one to check")
    out = Path(out)
    if out.is_dir() or (out.parent.exists() and not out.parent.is_dir()):
        raise InputError(str(out), "cannot write the calibration there (not a file path)")
    fit_paths, check_paths = paths[:fit], paths[fit:fit + check] or paths[-1:]
    nlp = load_nlp(spacy_model)
    log.info("parsing %d + %d articles", len(fit_paths), len(check_paths))
    fit_docs = list(nlp.pipe(p.read_text(encoding="utf-8") for p in fit_paths))
    check_docs = list(nlp.pipe(p.read_text(encoding="utf-8") for p in check_paths))
    fp32 = ContextEncoder(encoder, ENCODER_LAYERS[encoder], "cpu", precision="fp32")
    log.info("recording activation maxima (float32 %s)", encoder)
    absmax = record_absmax(fp32.model, lambda: fp32(fit_docs))
    reference = fp32(check_docs)
    errors: dict[str, float] = {}
    errors["none"] = _mean_abs_diff(fp32.quantized({}, 0.0)(check_docs), reference)
    for alpha in ALPHAS:
        errors[str(alpha)] = _mean_abs_diff(fp32.quantized(absmax, alpha)(check_docs), reference)
        log.info("alpha %.2f: mean |int8 - float32| %.4f", alpha, errors[str(alpha)])
    alpha = min(ALPHAS, key=lambda a: errors[str(a)])
    note = (f"{encoder} layers 1-{max(ENCODER_LAYERS[encoder])}: input channel maxima on "
            f"{len(fit_docs)} articles of {Path(data_dir).name}; alpha chosen on {len(check_docs)} more")
    save_calibration(out, absmax, alpha, note)
    return CalibrationResult(str(out), alpha, errors, len(fit_docs), len(check_docs))
