"""Second training stage of the ``accurate`` model: fine-tune the encoder's top layers.

Stage one trains the tagger on frozen MiniLM vectors. Here the layers above ``frozen`` (by
default 3 and 4, the top of the cut encoder) are trained jointly with the tagger, starting from
stage one. The frozen bottom runs once: its word-piece outputs are cached for every encoder
window, both in int8 (what a CPU runs) and float32 (what a GPU runs), and each training window
draws one at random. Training windows are the encoder's own windows (whole sentences up to
``encoder.WINDOW`` pieces), so a window's tokens get their vectors from exactly its pieces,
as at run time. Only the fine-tuned layers ship, in float16.
"""

from __future__ import annotations

import copy
import logging
import pickle
import random
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from according.extraction.encoder import ContextEncoder, Pieces, pad_windows, pool_tokens
from according.extraction.encoder_model import attention_mask
from according.extraction.quantize import ABSMAX_PREFIX, INT8_VERSION
from according.extraction.tagger import ENCODER_FILE, TaggerNet, batch_tensors
from according.training.batches import batch_gold
from according.training.dataset import Example, cache_key

log = logging.getLogger(__name__)
#: Encoder layers that stay frozen (their output is cached); the ones above are fine-tuned.
FROZEN = 2


@dataclass
class CachedWindow:
    """An encoder window with the frozen bottom's output: one array per variant (int8, fp32)."""

    example: int
    pieces: Pieces
    hidden: list[np.ndarray]
    #: The hidden state cached in ``hidden`` (0 = embeddings).
    layer: int


def cache_bottom(examples: list[Example], data_dir: str | Path, cache_dir: str | Path | None,
                 spacy_model: str, encoder: str, frozen: int) -> list[CachedWindow]:
    """Every window of ``examples`` with the output of the encoder's first ``frozen`` layers."""
    path = None
    shape = (len(examples), sum(len(e.doc) for e in examples))
    if cache_dir:
        name = f"{encoder}-bottom{frozen}-v2-int8v{INT8_VERSION}.pkl"
        path = Path(cache_dir) / cache_key(Path(data_dir), spacy_model) / name
        if path.exists():
            with open(path, "rb") as fh:
                cached_shape, cached = pickle.load(fh)
            if cached_shape == shape:
                log.info("loaded %d cached encoder windows from %s", len(cached), path)
                return cached
    docs = [e.doc for e in examples]
    variants = []
    for precision in ("int8", "fp32"):
        log.info("encoding %d documents up to layer %d (%s)", len(docs), frozen, precision)
        enc = ContextEncoder(encoder, (frozen,), "cpu", precision=precision)
        wins = enc.encode_windows(docs)
        hidden = []
        with torch.inference_mode():
            for w in wins:
                ids = torch.from_numpy(w.ids)[None]
                h = enc.model(ids)[frozen]
                hidden.append(h[0].numpy().astype(np.float16))
        variants.append((wins, hidden))
    (wins, h8), (_, h32) = variants
    out = [CachedWindow(w.doc, w, [a, b], frozen) for w, a, b in zip(wins, h8, h32, strict=True)]
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            pickle.dump((shape, out), fh, protocol=pickle.HIGHEST_PROTOCOL)
    return out


def top_layers(encoder: str, frozen: int, top: int, weights: dict[str, Any] | None = None
               ) -> nn.ModuleList:
    """Float32 copies of the encoder's layers ``frozen + 1 .. top`` (1-based, as hidden states),
    with ``weights`` (fine-tuned parameters) applied."""
    base = ContextEncoder(encoder, (top,), "cpu", precision="fp32", weights=weights).model
    return copy.deepcopy(base.encoder.layer[frozen:top])


def save_encoder(layers: nn.ModuleList, frozen: int, out: str | Path,
                 absmax: dict[str, torch.Tensor] | None = None) -> None:
    """Write the fine-tuned layers to ``out/ENCODER_FILE``, keyed as in the base encoder's
    ``state_dict``, in float16, with their int8 channel maxima ``absmax`` (by linear layer
    name, float32) under ``quantize.ABSMAX_PREFIX``."""
    from safetensors.torch import save_file

    state = {f"encoder.layer.{frozen + i}.{k}": v.detach().cpu().half().contiguous()
             for i, layer in enumerate(layers) for k, v in layer.state_dict().items()}
    state.update({ABSMAX_PREFIX + k: v.detach().cpu().float().contiguous()
                  for k, v in (absmax or {}).items()})
    save_file(state, str(Path(out) / ENCODER_FILE))


def context_vectors(layers: nn.ModuleList, wins: list[CachedWindow], variant: list[int],
                    device: str, read: tuple[int, ...] | None = None) -> torch.Tensor:
    """Token vectors (batch, tokens, dim) of the windows: the hidden states ``read`` (default:
    the bottom output and every top layer's), concatenated."""
    pieces = [w.pieces for w in wins]
    _, mask, tok = pad_windows(pieces, device)
    h = torch.zeros(*mask.shape, wins[0].hidden[0].shape[1], device=device)
    for r, (w, v) in enumerate(zip(wins, variant, strict=True)):
        h[r, :len(w.pieces.ids)] = torch.from_numpy(w.hidden[v].astype(np.float32))
    prepared = attention_mask(mask, layers[0].kind, h.dtype) if len(layers) else None
    outs = [h]
    for layer in layers:
        h = layer(h, prepared)
        outs.append(h)
    if read is not None:  # outs[k] is hidden state ``bottom + k``
        bottom = wins[0].layer
        outs = [outs[r - bottom] for r in read]
    return pool_tokens(torch.cat(outs, -1), tok, max(p.n_tokens for p in pieces))


def set_dev_context(layers: nn.ModuleList, examples: list[Example], wins: list[CachedWindow],
                    device: str = "cpu", read: tuple[int, ...] | None = None) -> None:
    """Recompute ``feats.ctx`` of ``examples`` with the current layers (int8 bottom, as on CPU),
    from the hidden states ``read`` (default: all)."""
    layers.eval()
    width = wins[0].hidden[0].shape[1] * (len(read) if read else len(layers) + 1) if wins else 0
    ctx = [np.zeros((len(e.doc), width), dtype=np.float32) for e in examples]
    order = sorted(range(len(wins)), key=lambda k: len(wins[k].pieces.ids))
    with torch.inference_mode():
        for b in range(0, len(order), 32):
            chunk = [wins[k] for k in order[b:b + 32]]
            vecs = context_vectors(layers, chunk, [0] * len(chunk), device, read).cpu().numpy()
            for r, w in enumerate(chunk):
                p = w.pieces
                ctx[w.example][p.t0:p.t0 + p.n_tokens] = vecs[r, :p.n_tokens]
    for e, c in zip(examples, ctx, strict=True):
        e.feats.ctx = c


def optimizer_step(loss: torch.Tensor, opt: torch.optim.Optimizer, sched: Any,
                   params: list[nn.Parameter], steps: int) -> None:
    """One step: gradients of ``loss``, clipped to norm 5, then the optimiser and its one-cycle
    schedule (which must not step past its ``steps``)."""
    opt.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(params, 5.0)
    opt.step()
    if sched.last_epoch + 1 < steps:
        sched.step()


def finetune(net: TaggerNet, layers: nn.ModuleList, train_ex: list[Example],
             train_wins: list[CachedWindow], epochs: int, on_epoch: Any, seed: int = 0,
             device: str = "cpu", lr_encoder: float = 5e-5, lr_tagger: float = 5e-4,
             batch_size: int = 16) -> None:
    """Optimise ``layers`` and ``net`` together; ``on_epoch(epoch, loss, seconds)`` after each."""
    rng = random.Random(seed)
    items = [w for w in train_wins if w.pieces.n_tokens >= 4]
    steps = epochs * ((len(items) + batch_size - 1) // batch_size)
    opt = torch.optim.AdamW([{"params": layers.parameters(), "lr": lr_encoder},
                             {"params": net.parameters(), "lr": lr_tagger}], weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=[lr_encoder, lr_tagger],
                                                total_steps=max(steps, 1), pct_start=0.1,
                                                anneal_strategy="linear")
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    params = [*layers.parameters(), *net.parameters()]
    for epoch in range(1, epochs + 1):
        t0 = time.time()
        net.train()
        layers.train()
        rng.shuffle(items)
        total = 0.0
        for i in range(0, len(items), batch_size):
            chunk = items[i:i + batch_size]
            ctx = context_vectors(layers, chunk, [rng.randrange(2) for _ in chunk], device,
                           net.config.encoder_layers)
            # the window's features without stored vectors: ``ctx`` above replaces them
            feats = [replace(train_ex[w.example].feats.slice(w.pieces.t0, w.pieces.t0 + w.pieces.n_tokens),
                             ctx=None) for w in chunk]
            dense, ids, flags, lengths, _ = batch_tensors(feats, device)
            gold = batch_gold([train_ex[w.example].tags[w.pieces.t0:w.pieces.t0 + w.pieces.n_tokens]
                               for w in chunk], device)
            logits = net(dense, ids, flags, lengths, ctx[:, :dense.shape[1]])
            loss = loss_fn(logits.reshape(-1, logits.shape[-1]), gold.reshape(-1))
            optimizer_step(loss, opt, sched, params, steps)
            total += float(loss.detach()) * len(chunk)
        on_epoch(epoch, total / max(len(items), 1), time.time() - t0)

