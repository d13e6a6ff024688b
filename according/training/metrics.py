"""Dev-set metrics computed during training: token tag F1, relation F1 and calibration error.

The relation matching mirrors the PolNeAR reference scorer (word tokens, punctuation ignored,
greedy one-to-one matching by content Dice >= 0.5, linked when the sources overlap or are both
absent) so that model selection tracks the headline metric.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from according.evaluation import scorer
from according.extraction.base import Candidate
from according.training.brat import GoldDoc


def tag_f1(gold: Sequence[np.ndarray], pred: Sequence[np.ndarray]) -> float:
    """Micro F1 over tokens whose gold or predicted tag is not O (exact tag match)."""
    tp = n_p = n_g = 0
    for g, p in zip(gold, pred, strict=False):
        tp += int(((g == p) & (g > 0)).sum())
        n_p += int((p > 0).sum())
        n_g += int((g > 0).sum())
    return 2 * tp / (n_p + n_g) if n_p + n_g else 0.0


def match_relations(gold: GoldDoc, cands: Sequence[Candidate]) -> list[tuple[bool, bool]]:
    """Per candidate: (content matched a gold attribution, and its source agrees) — the
    reference scorer's matching (``according.evaluation.scorer``)."""
    roles = ("source", "cue", "content")
    return scorer.match_relations(
        gold.text, [{r: getattr(a, r) for r in roles} for a in gold.attributions],
        [{r: getattr(c, r) for r in roles} for c in cands])


def relation_f1(golds: Sequence[GoldDoc], preds: Sequence[Sequence[Candidate]]) -> dict[str, float]:
    """Relation content/linked precision, recall and F1 over documents."""
    n_p = sum(len(p) for p in preds)
    n_g = sum(sum(1 for a in g.attributions if a.content) for g in golds)
    content = linked = 0
    for g, p in zip(golds, preds, strict=False):
        for c, lk in match_relations(g, p):
            content += c
            linked += lk
    out = {}
    for name, tp in (("content", content), ("linked", linked)):
        prec = tp / n_p if n_p else 0.0
        rec = tp / n_g if n_g else 0.0
        out[f"{name}_p"], out[f"{name}_r"] = prec, rec
        out[f"{name}_f1"] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return out


def expected_calibration_error(conf: Sequence[float], correct: Sequence[bool], bins: int = 10) -> float:
    """Weighted mean |accuracy - confidence| over equal-width confidence bins."""
    c = np.asarray(conf, dtype=np.float64)
    y = np.asarray(correct, dtype=np.float64)
    if not len(c):
        return 0.0
    idx = np.minimum((c * bins).astype(int), bins - 1)
    err = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            err += m.sum() / len(c) * abs(y[m].mean() - c[m].mean())
    return float(err)


def fit_platt(conf: Sequence[float], correct: Sequence[bool], steps: int = 500) -> tuple[float, float]:
    """(a, b) of sigmoid(a * logit(p) + b) fitted by logistic regression (Newton steps)."""
    p = np.clip(np.asarray(conf, dtype=np.float64), 1e-6, 1 - 1e-6)
    y = np.asarray(correct, dtype=np.float64)
    if not len(p) or y.min() == y.max():
        return (1.0, 0.0)
    x = np.stack([np.log(p / (1 - p)), np.ones_like(p)], 1)
    w = np.array([1.0, 0.0])
    for _ in range(steps):
        q = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (q - y)
        hess = (x * (q * (1 - q))[:, None]).T @ x + 1e-6 * np.eye(2)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return (float(w[0]), float(w[1]))
