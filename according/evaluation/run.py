"""Extraction over a PolNeAR-layout directory, scored with the project's metrics."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from according.config import Settings
from according.evaluation.scorer import ROLES, role_pieces, score, score_by_group, score_by_type
from according.evaluation.speakers import read_coref, speaker_scores
from according.schema import Document
from according.training.brat import GoldDoc, read_dir


def predictions_of(doc: Document) -> list[dict[str, Any]]:
    """The scorer's view of a document: its attributions as dicts."""
    return doc.to_dict()["attributions"]


def evaluate_dir(gold_dir: str | Path, settings: Settings, n_process: int = 1,
                 pred_out: str | Path | None = None, by_type: bool = False,
                 group_by: str | None = None) -> dict[str, Any]:
    """Run extraction on every gold article and score it; optionally write the predictions JSONL.

    ``by_type`` adds linked F1 per attribution type (``scorer.score_by_type``); ``group_by``, a
    regular expression whose first group picks a document's group out of its name (GUM's genre:
    ``GUM_([a-z]+)_``), adds linked and content-exact scores per group. A directory with gold
    coreference (``coref/``) also gets ``speaker/named_accuracy`` (``evaluation.speakers``)."""
    from according import extract_many

    gold = read_dir(gold_dir)
    coref = read_coref(gold_dir)  # read before extracting: a bad file fails at once
    docs = extract_many(((g.text, {"id": g.name}) for g in gold), n_process=n_process, settings=settings)
    preds: dict[str, list[dict[str, Any]]] = {}
    types: dict[str, list[str]] = {}
    lines = []
    finished: list[Document] = []
    for doc in docs:
        finished.append(doc)
        attrs = predictions_of(doc)
        preds[doc.id] = [{r: role_pieces(a[r]) for r in ROLES} for a in attrs]
        types[doc.id] = [a["type"] for a in attrs]
        lines.append(json.dumps({"id": doc.id, "attributions": attrs}, ensure_ascii=False))
    if pred_out is not None:
        tmp = Path(str(pred_out) + ".part")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        tmp.replace(pred_out)
    metrics = score(gold_triples(gold), preds)
    if coref:
        metrics.update(speaker_scores({g.name: g.text for g in gold}, coref, finished))
    if by_type:
        metrics.update(score_by_type(gold_triples(gold), preds, types))
    if group_by:
        pattern = re.compile(group_by)

        def group_of(name: str) -> str | None:
            m = pattern.search(name)
            return (m.group(1) if m.groups() else m.group(0)) if m else None

        metrics.update(score_by_group(gold_triples(gold), preds, group_of))
    return metrics


def gold_triples(gold: list[GoldDoc]):
    """(name, text, attributions-as-role-mappings) for the scorer."""
    return [(g.name, g.text, [{"source": a.source, "cue": a.cue, "content": a.content}
                              for a in g.attributions]) for g in gold]
