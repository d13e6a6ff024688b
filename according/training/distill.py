"""Knowledge distillation: a teacher model's tag probabilities on train, as soft targets.

A tagger that reads a larger encoder (too slow for the default mode) tags the training articles;
the default-mode tagger then learns from its probabilities beside the gold tags.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from according.errors import InputError
from according.training.dataset import Example, add_context

log = logging.getLogger(__name__)


def teacher_probs(path: str | Path, examples: list[Example], data_dir: str | Path,
                  cache_dir: str | Path | None, spacy_model: str, feature_version: int,
                  device: str = "cpu") -> list[np.ndarray]:
    """Tag probabilities (n_tokens, n_tags) of the model in ``path`` (and its ensemble members,
    in float32) on ``examples``; leaves the examples without encoder vectors."""
    from according.extraction.tagger import ensemble_probs, load_members, load_model

    net = load_model(path, device)
    cfg = net.config
    if cfg.feature_version != feature_version:
        raise InputError(str(path), f"the teacher reads feature version {cfg.feature_version}, "
                         f"the model being trained {feature_version}")
    nets = [net, *load_members(path, cfg, device)]
    if cfg.encoder:
        add_context(examples, data_dir, cache_dir, spacy_model, cfg.encoder, cfg.encoder_layers,
                    precisions=("int8",))
    log.info("teacher %s: tagging %d training documents", path, len(examples))
    probs = ensemble_probs(nets, [e.feats for e in examples], device)
    for e in examples:
        e.feats.ctx, e.ctx_variants = None, []
    return probs
