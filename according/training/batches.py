"""Padded target tensors for a batch of training windows (shared by every training stage)."""

from __future__ import annotations

import numpy as np
import torch


def batch_soft(soft: list[np.ndarray], n_tags: int, device: str) -> torch.Tensor:
    """Teacher probabilities padded with all-zero rows (which add nothing to the loss)."""
    n = max(len(s) for s in soft)
    out = np.zeros((len(soft), n, n_tags), dtype=np.float32)
    for i, s in enumerate(soft):
        out[i, :len(s)] = s
    return torch.from_numpy(out).to(device)


def batch_gold(tags: list[np.ndarray], device: str) -> torch.Tensor:
    """Gold tag ids padded with -100 (the label cross-entropy ignores)."""
    n = max(len(t) for t in tags)
    out = np.full((len(tags), n), -100, dtype=np.int64)
    for i, t in enumerate(tags):
        out[i, :len(t)] = t
    return torch.from_numpy(out).to(device)
