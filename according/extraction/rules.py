"""Rule-based extractor on the dependency parse (mode "rules"). PLACEHOLDER: being written."""

from __future__ import annotations

from spacy.tokens import Doc

from according.config import Settings
from according.extraction.base import Candidate
from according.registry import extractors


@extractors.register("rules")
class RuleExtractor:
    name = "rules"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def extract(self, docs: list[Doc]) -> list[list[Candidate]]:
        out = []
        for doc in docs:
            cands = []
            for tok in doc:
                if tok.lemma_ == "say" and tok.pos_ == "VERB":
                    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
                    comp = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp")]
                    if comp:
                        sub = list(comp[0].subtree)
                        src = [(subj[0].left_edge.idx, subj[0].right_edge.idx + len(subj[0].right_edge))] \
                            if subj else None
                        cands.append(Candidate(
                            content=[(sub[0].idx, sub[-1].idx + len(sub[-1]))],
                            cue=[(tok.idx, tok.idx + len(tok))], source=src, confidence=0.5))
            out.append(cands)
        return out
