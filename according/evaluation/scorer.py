"""The project's metrics, defined exactly as the reference scorer defines them.

Every span is reduced to the set of word tokens (``\\w+``) it touches, so punctuation never
counts. Roles are scored one-to-one exact and token-overlap; relations are matched greedily
by content Dice ≥ 0.5, and "linked" also needs the sources to share a token (or both be absent).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

ROLES = ("source", "cue", "content")
WORD = re.compile(r"\w+")

Pieces = list[tuple[int, int]]
Roles = Mapping[str, Pieces | None]


class Tokens:
    """Word-token offsets of a text, for mapping character pieces to token-index sets."""

    def __init__(self, text: str) -> None:
        spans = [m.span() for m in WORD.finditer(text)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def cover(self, pieces: Pieces | None) -> frozenset[int]:
        out: set[int] = set()
        for start, end in pieces or ():
            # tokens with token_start < end and token_end > start
            lo = bisect_right(self.ends, start)
            hi = bisect_left(self.starts, end)
            out.update(range(lo, hi))
        return frozenset(out)


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, hits: float, predicted: float, gold: float) -> PRF:
        p = hits / predicted if predicted else 0.0
        r = hits / gold if gold else 0.0
        return cls(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def _dice(a: frozenset[int], b: frozenset[int]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def role_pieces(role: Mapping | None) -> Pieces | None:
    """Pieces of a predicted role dict: its ``spans`` when given, else (start, end)."""
    if not role:
        return None
    if role.get("spans"):
        return [(int(s), int(e)) for s, e in role["spans"]]
    if "start" in role and "end" in role:
        return [(int(role["start"]), int(role["end"]))]
    return None


def _tokenise(toks: Tokens, attrs: list[Roles]) -> list[dict[str, frozenset[int]]]:
    """Role token sets of each attribution that has content (others are not scored)."""
    out = []
    for a in attrs:
        t = {r: toks.cover(a.get(r)) for r in ROLES}
        if t["content"]:
            out.append(t)
    return out


def pair_relations(G: list[dict[str, frozenset[int]]], P: list[dict[str, frozenset[int]]]
           ) -> list[tuple[int, int, bool]]:
    """Matched (prediction, gold, sources agree) triples.

    Greedy one-to-one matching by content Dice ≥ 0.5, best pairs first.
    """
    pairs = sorted(((_dice(p["content"], g["content"]), i, j)
                    for i, p in enumerate(P) for j, g in enumerate(G)), reverse=True)
    out = []
    used_p: set[int] = set()
    used_g: set[int] = set()
    for d, i, j in pairs:
        if d < 0.5:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        ps, gs = P[i]["source"], G[j]["source"]
        out.append((i, j, (not ps and not gs) or bool(ps & gs)))
    return out


def _match(G: list[dict[str, frozenset[int]]], P: list[dict[str, frozenset[int]]]
           ) -> list[tuple[bool, bool]]:
    """Per prediction: (content matched a gold attribution, and the sources agree)."""
    result = [(False, False)] * len(P)
    for i, _, linked in pair_relations(G, P):
        result[i] = (True, linked)
    return result


def match_relations(text: str, gold: list[Roles], predicted: list[Roles]) -> list[tuple[bool, bool]]:
    """Per predicted attribution (in order): (content matched gold, and linked to the right source).

    Predictions without content tokens never match.
    """
    toks = Tokens(text)
    G = _tokenise(toks, gold)
    keep = [i for i, a in enumerate(predicted) if toks.cover(a.get("content"))]
    flags = _match(G, _tokenise(toks, predicted))
    result = [(False, False)] * len(predicted)
    for i, flag in zip(keep, flags, strict=True):
        result[i] = flag
    return result


def score(gold: Iterable[tuple[str, str, list[Roles]]], predictions: Mapping[str, list[Roles]]
          ) -> dict[str, PRF | dict[str, int]]:
    """Metrics over ``gold`` (name, text, attributions) and predictions by document name.

    Attributions are mappings role → pieces. Returns ``role/<r>/exact``, ``role/<r>/overlap``,
    ``relation/content``, ``relation/linked`` and ``_counts``.
    """
    counts: Counter[str] = Counter()
    n_docs = 0
    for name, text, gold_attrs in gold:
        n_docs += 1
        toks = Tokens(text)

        G = _tokenise(toks, gold_attrs)
        P = _tokenise(toks, predictions.get(name, []))
        for role in ROLES:
            gs = [g[role] for g in G if g[role]]
            ps = [p[role] for p in P if p[role]]
            unmatched = Counter(gs)
            hits = 0
            for p in ps:
                if unmatched[p] > 0:
                    unmatched[p] -= 1
                    hits += 1
            counts[f"{role}.exact.hit"] += hits
            counts[f"{role}.exact.pred"] += len(ps)
            counts[f"{role}.exact.gold"] += len(gs)
            g_union = frozenset().union(*gs)
            p_union = frozenset().union(*ps)
            counts[f"{role}.overlap.hit"] += len(g_union & p_union)
            counts[f"{role}.overlap.pred"] += len(p_union)
            counts[f"{role}.overlap.gold"] += len(g_union)
        for content_hit, linked_hit in _match(G, P):
            counts["relation.content.hit"] += content_hit
            counts["relation.linked.hit"] += linked_hit
        counts["relation.pred"] += len(P)
        counts["relation.gold"] += len(G)
    metrics: dict[str, PRF | dict[str, int]] = {}
    for role in ROLES:
        for kind in ("exact", "overlap"):
            k = f"{role}.{kind}"
            metrics[f"role/{role}/{kind}"] = PRF.of(
                counts[k + ".hit"], counts[k + ".pred"], counts[k + ".gold"])
    for kind in ("content", "linked"):
        metrics[f"relation/{kind}"] = PRF.of(counts[f"relation.{kind}.hit"], counts["relation.pred"],
                                             counts["relation.gold"])
    metrics["_counts"] = {"gold_attributions": counts["relation.gold"],
                          "predicted_attributions": counts["relation.pred"], "documents": n_docs}
    return metrics


def score_by_type(gold: Iterable[tuple[str, str, list[Roles]]],
                  predictions: Mapping[str, list[Roles]], predicted_types: Mapping[str, list[str]]
                  ) -> dict[str, PRF | dict[str, int]]:
    """``relation/linked`` per attribution type: direct, mixed, indirect, according_to.

    A gold attribution's type is read off its text as extraction types its own output
    (``QuoteMap.attribution_type``: quotation marks around the content, an "according to"
    cue). Recall counts the gold of a type that a prediction links; precision, the
    predictions of that type (``predicted_types``, aligned with ``predictions``) that link a
    gold attribution of any type. ``_counts`` gives gold and predicted numbers per type.
    """
    from according.extraction.quotes import QuoteMap

    counts: Counter[str] = Counter()
    for name, text, gold_attrs in gold:
        toks = Tokens(text)
        quotes = QuoteMap(text)
        kept = [a for a in gold_attrs if toks.cover(a.get("content"))]
        g_types = [quotes.attribution_type(tuple(a["content"] or ()), " ".join(
            text[s:e] for s, e in a.get("cue") or ()) or None) for a in kept]
        preds = predictions.get(name, [])
        types = predicted_types.get(name, [])
        p_kept = [t for a, t in zip(preds, types, strict=True) if toks.cover(a.get("content"))]
        for i, j, linked in pair_relations(_tokenise(toks, kept), _tokenise(toks, preds)):
            if linked:
                counts[f"{g_types[j]}.gold_hit"] += 1
                counts[f"{p_kept[i]}.pred_hit"] += 1
        counts.update(f"{t}.gold" for t in g_types)
        counts.update(f"{t}.pred" for t in p_kept)
    metrics: dict[str, PRF | dict[str, int]] = {}
    sizes: dict[str, int] = {}
    for t in ("direct", "mixed", "indirect", "according_to"):
        p = counts[f"{t}.pred_hit"] / counts[f"{t}.pred"] if counts[f"{t}.pred"] else 0.0
        r = counts[f"{t}.gold_hit"] / counts[f"{t}.gold"] if counts[f"{t}.gold"] else 0.0
        metrics[f"by_type/{t}/linked"] = PRF(p, r, 2 * p * r / (p + r) if p + r else 0.0)
        sizes[f"{t}_gold"], sizes[f"{t}_predicted"] = counts[f"{t}.gold"], counts[f"{t}.pred"]
    metrics["_by_type_counts"] = sizes
    return metrics


def score_by_group(gold: Iterable[tuple[str, str, list[Roles]]], predictions: Mapping[str, list[Roles]],
                   group_of: Callable[[str], str | None]) -> dict[str, PRF | dict[str, int]]:
    """``relation/linked`` and ``role/content/exact`` per group of documents (``group_of`` maps a
    document name to its group, e.g. a genre; None leaves it out); ``_groups`` gives each
    group's gold count."""
    groups: dict[str, list[tuple[str, str, list[Roles]]]] = {}
    for item in gold:
        key = group_of(item[0])
        if key is not None:
            groups.setdefault(key, []).append(item)
    metrics: dict[str, PRF | dict[str, int]] = {}
    sizes: dict[str, int] = {}
    for key in sorted(groups):
        m = score(groups[key], predictions)
        metrics[f"by_group/{key}/linked"] = m["relation/linked"]
        metrics[f"by_group/{key}/content_exact"] = m["role/content/exact"]
        sizes[key] = m["_counts"]["gold_attributions"]  # type: ignore[index]
    metrics["_groups"] = sizes
    return metrics


def format_metrics(metrics: Mapping[str, PRF | float | dict[str, int]]) -> str:
    """The reference scorer's text layout, one metric a line."""
    lines = []
    for k, v in metrics.items():
        if isinstance(v, PRF):
            lines.append(f"{k:28s} P={v.precision:.3f} R={v.recall:.3f} F1={v.f1:.3f}")
        elif isinstance(v, float):
            lines.append(f"{k:28s} {v:.3f}")
        else:
            lines.append(f"{k} {v}")
    return "\n".join(lines)
