"""Feature distillation: tune the cut MiniLM's top layers towards a larger encoder's vectors.

The ``large`` mode's taggers read MPNet (hidden states 6 and 9) and beat the same taggers over
MiniLM (hidden states 2 and 3) on every dev metric, but MPNet is 5-6 times slower. Here MiniLM's
layers above ``frozen`` are trained so that a linear map of the token vectors the taggers read
predicts MPNet's token vectors (each dimension standardised; mean squared error). No labels are
read: the teacher's vectors are the targets. The tuned layers keep MiniLM's cost; the taggers are
then trained on their vectors (``according train --encoder-weights``). The linear map is only a
training device and is not kept.

With ``ffn`` the tuned layers are first cut to that many feed-forward neurons each (the ones
whose mean absolute GELU output, times the norm of their outgoing weights, is largest on train
windows): the feed-forward blocks are two thirds of a layer's multiply-adds, and distillation
then tunes the cut layers. The tuned layers' int8 channel maxima are recorded on train text
afterwards and stored with them, so the int8 path is smoothed for the layers it runs.

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
from according.extraction.encoder_model import EncoderConfig, keep_ffn_
from according.extraction.encoder_weights import model_dir
from according.extraction.quantize import record_absmax
from according.training.dataset import Example, add_context, load_split
from according.training.finetune import (
    CachedWindow,
    cache_bottom,
    context_vectors,
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


#: Windows (of the first train documents) on which neuron importance and the tuned layers'
#: channel maxima are measured.
MEASURE_WINDOWS = 2000


def _run_fp32(layers: nn.ModuleList, wins: list[CachedWindow]) -> None:
    """The layers forward over ``wins`` from the float32 bottom (for hooks to watch)."""
    layers.eval()
    with torch.inference_mode():
        for b in range(0, len(wins), 32):
            context_vectors(layers, wins[b:b + 32], [1] * len(wins[b:b + 32]), "cpu")


def prune_ffn_(layers: nn.ModuleList, wins: list[CachedWindow], keep: int) -> list[torch.Tensor]:
    """Cut each layer's feed-forward block to its ``keep`` most important neurons (in place):
    mean |GELU output| over ``wins`` times the norm of the neuron's outgoing weights, the size
    of what it adds to the layer's output. Returns the kept indices per layer."""
    sums = [torch.zeros(layer.intermediate.dense.out_features) for layer in layers]
    count = [0]

    def hook(k: int) -> Any:
        def record(_mod: nn.Module, _inp: tuple, out: torch.Tensor) -> None:
            act = torch.nn.functional.gelu(out).abs().reshape(-1, out.shape[-1])
            sums[k] += act.sum(0)
            if k == 0:
                count[0] += act.shape[0]
        return record

    handles = [layer.intermediate.dense.register_forward_hook(hook(k)) for k, layer in enumerate(layers)]
    try:
        _run_fp32(layers, wins)
    finally:
        for h in handles:
            h.remove()
    kept = []
    for layer, total in zip(layers, sums, strict=True):
        score = total / max(count[0], 1) * layer.output.dense.weight.detach().norm(dim=0)
        idx = torch.topk(score, keep).indices.sort().values
        keep_ffn_(layer, idx)
        kept.append(idx)
    return kept


def tuned_absmax(layers: nn.ModuleList, frozen: int, wins: list[CachedWindow]) -> dict[str, torch.Tensor]:
    """Channel maxima of the tuned layers' linear inputs on ``wins`` (float32), named as in the
    whole encoder (``encoder.layer.K.…``), as ``quantize.record_absmax`` names them."""
    holder = nn.Module()
    holder.add_module("encoder", nn.Module())
    holder.encoder.add_module("layer", nn.ModuleDict({str(frozen + i): m for i, m in enumerate(layers)}))
    return record_absmax(holder, lambda: _run_fp32(layers, wins))


def _loss(layers: nn.ModuleList, head: nn.Linear, wins: list[CachedWindow], targets: _Targets,
          variant: list[int], read: tuple[int, ...]) -> tuple[torch.Tensor, float]:
    """Mean squared error per real token, and the number of tokens."""
    y, mask = targets.batch(wins)
    pred = head(context_vectors(layers, wins, variant, "cpu", read)[:, :y.shape[1]])
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
                    epochs: int = 3, lr: float = 1e-4, seed: int = 0, ffn: int = 0,
                    teacher_precision: str = "int8", cache_dir: str | Path | None = None,
                    spacy_model: str = DEFAULT_SETTINGS.spacy_model) -> dict[str, Any]:
    """Tune ``student``'s layers above hidden state ``frozen`` towards ``teacher``'s vectors on
    ``data_dir``'s texts; write them to ``out_dir`` (``finetune.save_encoder``) with
    ``DISTILL_FILE``. Returns what that file holds.

    ``ffn`` > 0 cuts each tuned layer to that many feed-forward neurons first (``prune_ffn_``).
    Then a linear map alone is fitted on the untouched (or cut) layers for one epoch: its dev
    error is the baseline the tuned layers are measured against.
    """
    from according.errors import InputError

    read = ENCODER_LAYERS[student]
    if not 0 <= frozen < max(read):
        raise InputError("--frozen", f"must lie below the student's top layer {max(read)} (got {frozen})")
    if epochs < 1:
        raise InputError("--epochs", f"must be at least 1 (got {epochs})")
    neurons = EncoderConfig.read(model_dir(student), max(read)).intermediate
    if not 0 <= ffn <= neurons:
        raise InputError("--ffn", f"must lie between 1 and the encoder's {neurons} feed-forward "
                         f"neurons, or be 0 for all (got {ffn})")
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
    measure = train_w[:MEASURE_WINDOWS]
    if ffn and ffn < neurons:
        log.info("keeping %d of %d feed-forward neurons per tuned layer", ffn, neurons)
        prune_ffn_(layers, measure, ffn)
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
    save_encoder(layers, frozen, out, tuned_absmax(layers, frozen, measure))
    result = {"student": student, "layers": list(read), "frozen": frozen,
              "ffn": int(layers[0].intermediate.dense.out_features), "teacher": teacher,
              "teacher_layers": list(ENCODER_LAYERS[teacher]), "teacher_precision": teacher_precision,
              "epochs": epochs, "lr": lr, "seed": seed, "history": history}
    (out / DISTILL_FILE).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result
