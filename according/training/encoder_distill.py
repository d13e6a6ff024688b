"""Feature distillation: tune the cut MiniLM's top layers towards a larger encoder's vectors.

The ``large`` mode's taggers read MPNet (hidden states 6 and 9) and beat the same taggers over
MiniLM (hidden states 2 and 3) on every dev metric, but MPNet is 5-6 times slower. Here MiniLM's
layers above ``frozen`` are trained so that a linear map of the token vectors the taggers read
predicts MPNet's token vectors (each dimension standardised; mean squared error). No labels are
read: the teacher's vectors are the targets. The tuned layers keep MiniLM's cost; the taggers are
then trained on their vectors (``according train --encoder-weights``). The linear map is only a
training device and is not kept.

The frozen bottom's output comes from ``finetune.cache_bottom`` (int8 and float32, one drawn
at random per window, as the taggers' training does), the tuned layers and the pooling onto
spaCy tokens from ``finetune``, and the teacher's vectors from the training cache
(``dataset.add_context``).
"""

from __future__ import annotations

import json
import logging
import random
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from according.config import DEFAULT_SETTINGS
from according.extraction.encoder import ENCODER_LAYERS
from according.training.dataset import Example, add_context, load_split
from according.training.finetune import (
    CachedWindow,
    _context,
    cache_bottom,
    optimizer_step,
    save_encoder,
    top_layers,
)

log = logging.getLogger(__name__)
#: Written beside the tuned layers: the recipe and the loss per epoch.
DISTILL_FILE = "encoder_distill.json"


def teacher_targets(examples: list[Example], data_dir: str | Path, cache_dir: str | Path | None,
                    spacy_model: str, teacher: str, precision: str) -> list[np.ndarray]:
    """The teacher encoder's token vectors for each example (float16), through the cache."""
    saved = [(e.ctx_variants, e.feats.ctx) for e in examples]
    add_context(examples, data_dir, cache_dir, spacy_model, teacher, ENCODER_LAYERS[teacher],
                precisions=(precision,))
    out = [e.ctx_variants[0] for e in examples]
    for e, (variants, ctx) in zip(examples, saved, strict=True):
        e.ctx_variants, e.feats.ctx = variants, ctx
    return out


class _Targets:
    """Standardised teacher vectors of a batch of windows, with the mask of real tokens."""

    def __init__(self, vectors: list[np.ndarray]) -> None:
        sample = np.concatenate(vectors[::10] or vectors).astype(np.float32)
        self.vectors = vectors
        self.mean = torch.from_numpy(sample.mean(0))
        self.scale = torch.from_numpy(sample.std(0) + 1e-3)

    def batch(self, wins: list[CachedWindow]) -> tuple[torch.Tensor, torch.Tensor]:
        n = max(w.pieces.n_tokens for w in wins)
        y = torch.zeros(len(wins), n, self.mean.shape[0])
        mask = torch.zeros(len(wins), n)
        for r, w in enumerate(wins):
            p = w.pieces
            t = torch.from_numpy(self.vectors[w.example][p.t0:p.t0 + p.n_tokens].astype(np.float32))
            y[r, :p.n_tokens] = (t - self.mean) / self.scale
            mask[r, :p.n_tokens] = 1.0
        return y, mask


def _loss(layers: nn.ModuleList, head: nn.Linear, wins: list[CachedWindow], targets: _Targets,
          variant: list[int], read: tuple[int, ...]) -> tuple[torch.Tensor, float]:
    """Mean squared error per real token, and the number of tokens."""
    y, mask = targets.batch(wins)
    pred = head(_context(layers, wins, variant, "cpu", read)[:, :y.shape[1]])
    err = ((pred - y) ** 2).mean(-1)
    n = float(mask.sum())
    return (err * mask).sum() / max(n, 1.0), n


def _dev_loss(layers: nn.ModuleList, head: nn.Linear, wins: list[CachedWindow],
              targets: _Targets, read: tuple[int, ...]) -> float:
    """The error on dev, with the int8 bottom (what a CPU runs)."""
    layers.eval()
    head.eval()
    total = count = 0.0
    order = sorted(range(len(wins)), key=lambda k: len(wins[k].pieces.ids))
    with torch.inference_mode():
        for b in range(0, len(order), 32):
            chunk = [wins[k] for k in order[b:b + 32]]
            loss, n = _loss(layers, head, chunk, targets, [0] * len(chunk), read)
            total += float(loss) * n
            count += n
    return total / max(count, 1.0)


def _fit(layers: nn.ModuleList, head: nn.Linear, wins: list[CachedWindow], targets: _Targets,
         groups: list[dict[str, Any]], epochs: int, rng: random.Random, read: tuple[int, ...],
         on_epoch: Any, batch_size: int = 16) -> None:
    """AdamW with a one-cycle schedule; batches of windows of similar length."""
    steps = epochs * ((len(wins) + batch_size - 1) // batch_size)
    opt = torch.optim.AdamW(groups, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=[g["lr"] for g in groups],
                                                total_steps=max(steps, 1), pct_start=0.1,
                                                anneal_strategy="linear")
    params = [p for g in groups for p in g["params"]]
    for epoch in range(1, epochs + 1):
        t0 = time.time()
        layers.train()
        head.train()
        items = wins[:]
        rng.shuffle(items)
        batches = []
        for i in range(0, len(items), batch_size * 50):  # sort within blocks: little padding
            block = sorted(items[i:i + batch_size * 50], key=lambda w: len(w.pieces.ids))
            batches.extend(block[j:j + batch_size] for j in range(0, len(block), batch_size))
        rng.shuffle(batches)
        total = count = 0.0
        for chunk in batches:
            loss, n = _loss(layers, head, chunk, targets, [rng.randrange(2) for _ in chunk], read)
            optimizer_step(loss, opt, sched, params, steps)
            total += float(loss.detach()) * n
            count += n
        on_epoch(epoch, total / max(count, 1.0), time.time() - t0)


def distill_encoder(data_dir: str | Path, dev_dir: str | Path, out_dir: str | Path, *,
                    student: str = "minilm-l6", teacher: str = "mpnet", frozen: int = 1,
                    epochs: int = 3, lr: float = 1e-4, seed: int = 0,
                    teacher_precision: str = "int8", cache_dir: str | Path | None = None,
                    spacy_model: str = DEFAULT_SETTINGS.spacy_model) -> dict[str, Any]:
    """Tune ``student``'s layers above hidden state ``frozen`` towards ``teacher``'s vectors on
    ``data_dir``'s texts; write them to ``out_dir`` (``finetune.save_encoder``) with
    ``DISTILL_FILE``. Returns what that file holds.

    First a linear map alone is fitted on the untouched layers (one epoch): its dev error is the
    baseline the tuned layers are measured against.
    """
    from according.errors import InputError

    read = ENCODER_LAYERS[student]
    if not 0 <= frozen < max(read):
        raise InputError("--frozen", f"must lie below the student's top layer {max(read)} (got {frozen})")
    if epochs < 1:
        raise InputError("--epochs", f"must be at least 1 (got {epochs})")
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    train_ex = load_split(data_dir, cache_dir, spacy_model)
    dev_ex = load_split(dev_dir, cache_dir, spacy_model)
    train_t = _Targets(teacher_targets(train_ex, data_dir, cache_dir, spacy_model, teacher,
                                       teacher_precision))
    dev_t = _Targets(teacher_targets(dev_ex, dev_dir, cache_dir, spacy_model, teacher, teacher_precision))
    dev_t.mean, dev_t.scale = train_t.mean, train_t.scale
    train_w = [w for w in cache_bottom(train_ex, data_dir, cache_dir, spacy_model, student, frozen)
               if w.pieces.n_tokens >= 4]
    dev_w = cache_bottom(dev_ex, dev_dir, cache_dir, spacy_model, student, frozen)
    layers = top_layers(student, frozen, max(read))
    width = train_w[0].hidden[0].shape[1]  # every hidden state is as wide as the bottom's
    head = nn.Linear(width * len(read), int(train_t.mean.shape[0]))
    history: list[dict[str, Any]] = []

    def on_epoch(stage: str) -> Any:
        def log_epoch(epoch: int, loss: float, seconds: float) -> None:
            dev = _dev_loss(layers, head, dev_w, dev_t, read)
            history.append({"stage": stage, "epoch": epoch, "train_loss": loss, "dev_loss": dev,
                            "seconds": seconds})
            log.info("%s epoch %d: train error %.4f, dev error %.4f (%.0fs)", stage, epoch, loss,
                     dev, seconds)
        return log_epoch

    layers.requires_grad_(False)
    _fit(layers, head, train_w, train_t, [{"params": list(head.parameters()), "lr": 3e-3}], 1, rng,
         read, on_epoch("probe"))
    layers.requires_grad_(True)
    _fit(layers, head, train_w, train_t, [{"params": list(layers.parameters()), "lr": lr},
                                          {"params": list(head.parameters()), "lr": 1e-3}],
         epochs, rng, read, on_epoch("tune"))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    save_encoder(layers, frozen, out)
    result = {"student": student, "layers": list(read), "frozen": frozen, "teacher": teacher,
              "teacher_layers": list(ENCODER_LAYERS[teacher]), "teacher_precision": teacher_precision,
              "epochs": epochs, "lr": lr, "seed": seed, "history": history}
    (out / DISTILL_FILE).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result
