"""Who each source is, scored against gold coreference.

A gold directory with a ``coref/`` folder (gum-other's layout: ``coref/NAME.json`` holds the
coreference clusters and, for each gold attribution, its content pieces and the cluster of its
source) gets a speaker score besides the span scores. Of the gold attributions whose source
cluster names someone (a Wikipedia identity: "Zora_Neale_Hurston") and that a prediction pairs
with (content Dice ≥ 0.5, as the span scorer pairs them), ``speaker/named_accuracy`` is the share
whose predicted ``speaker`` entity is that one: its name is the identity, a part of it
("Zora"), the identity with more ("Otto Harry Jespersen"), or one of the cluster's mentions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from according.errors import InputError
from according.evaluation.scorer import Tokens, pair_relations
from according.schema import Document

_NOT_WORD = re.compile(r"[^\w\s]")


def _normal(name: str) -> str:
    """A name lower-cased, without punctuation or a leading "the"."""
    words = _NOT_WORD.sub(" ", name.lower()).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def read_coref(gold_dir: str | Path) -> dict[str, dict[str, Any]]:
    """The coreference files of a gold directory by document name (empty when it has none);
    a file that is not such JSON is an ``InputError`` naming it."""
    folder = Path(gold_dir) / "coref"
    if not folder.is_dir():
        return {}
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(str(path), f"not readable as coreference JSON ({exc})") from None
        if not isinstance(data, dict) or not isinstance(data.get("clusters", []), list) \
                or not isinstance(data.get("attributions", []), list):
            raise InputError(str(path), "not coreference JSON: needs lists 'clusters' and 'attributions'")
        out[path.stem] = data
    return out


def names_cluster(name: str, cluster: Mapping[str, Any], text: str) -> bool:
    """Whether an entity name names a gold cluster: its identity ("Richard_Nixon"), a part of
    it ("Nixon"), the identity with more ("Richard M. Nixon"), or one of its mentions ("the
    President")."""
    got = _normal(name)
    if not got:
        return False
    identity = _normal(re.sub(r"\(.*?\)", "", unquote(cluster.get("identity") or "").replace("_", " ")))
    if identity and (set(got.split()) <= set(identity.split()) or set(identity.split()) <= set(got.split())):
        return True
    return any(_normal(text[s:e]) == got for s, e in cluster.get("mentions", []))


def speaker_scores(texts: Mapping[str, str], coref: Mapping[str, Mapping[str, Any]],
                   docs: Iterable[Document]) -> dict[str, Any]:
    """``speaker/named_accuracy`` and its counts over the documents that have coreference."""
    gold_n = paired = correct = 0
    for doc in docs:
        data = coref.get(doc.id)
        if data is None:
            continue
        text = texts[doc.id]
        clusters = {c["id"]: c for c in data.get("clusters", []) if isinstance(c, dict) and c.get("id")}
        toks = Tokens(text)
        gold = [(g, clusters[g["cluster"]]) for g in data.get("attributions", [])
                if isinstance(g, dict) and g.get("cluster") in clusters
                and clusters[g["cluster"]].get("identity")]
        gold_n += len(gold)
        G = [{"content": toks.cover(g.get("content")), "source": frozenset()} for g, _ in gold]
        kept = [a for a in doc.attributions if toks.cover(a.content.pieces)]
        P = [{"content": toks.cover(a.content.pieces), "source": frozenset()} for a in kept]
        names = {e.id: e.name for e in doc.entities}
        for i, j, _ in pair_relations(G, P):
            paired += 1
            name = names.get(kept[i].speaker or "")
            correct += bool(name) and names_cluster(name, gold[j][1], text)
    if not gold_n:
        return {}
    return {"speaker/named_accuracy": correct / paired if paired else 0.0,
            "_speaker_counts": {"named_gold": gold_n, "paired": paired, "correct": correct}}
