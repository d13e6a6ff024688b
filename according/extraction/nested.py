"""Attributions inside another's content: ``“I think we will win,” she said`` also holds
``I — think — we will win``.

A tagger gives each token one role, so an attribution reported within another's content (a
quoted speaker's "I think", a witness quoting what someone told them, an outlet reporting
what a person believes) is lost to the outer one. This pass reads such inner attributions off
the parse of each content: a speech or cognition verb (``lexicon.SPEECH_VERBS``,
``lexicon.COGNITION_VERBS``) whose subject and clausal complement both lie in that content,
or that stands as a parenthetical in it (``It will pass, I think``). Each is returned with
the outer attribution as its ``parent``; its source and cue are never another attribution's.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from according.extraction.base import Candidate, Pieces
from according.extraction.lexicon import COGNITION_VERBS, SPEECH_VERBS
from according.extraction.rules import (
    clause_tokens,
    cue_pieces,
    source_pieces,
    subject_of,
    token_pieces,
    token_set,
)

#: Verbs read as inner cues. "know" and "mean" are left out: inside speech they are mostly the
#: discourse markers "you know" and "I mean".
NESTED_VERBS = (SPEECH_VERBS | COGNITION_VERBS) - {"know", "mean", "support", "back", "oppose",
                                                   "favor", "favour", "endorse"}
#: Fewest word tokens an outer content needs to hold an attribution of its own.
MIN_OUTER_WORDS = 5
#: Confidence of an inner attribution, at most its parent's: the share of them that match a gold
#: attribution on gum-other (36 of 61, with the default mode; ``according evaluate
#: ../shared/data/gum-other --nested --min-confidence 0``).
NESTED_CONFIDENCE = 0.6


def _tokens_in(doc: Doc, pieces: Pieces) -> set[int]:
    """Indices of the word tokens of ``doc`` that lie within ``pieces`` (character offsets)."""
    return {i for s, e in pieces for i in token_set(doc, s, e) if not doc[i].is_space}


def _taken(doc: Doc, candidates: list[Candidate]) -> set[int]:
    """Tokens that already are some attribution's cue or source."""
    out: set[int] = set()
    for c in candidates:
        out |= _tokens_in(doc, (c.cue or []) + (c.source or []))
    return out


def _parenthetical(verb: Token, inside: set[int]) -> set[int]:
    """What a parenthetical cue comments on (``It will pass, I think``): its head's clause."""
    if verb.dep_ != "parataxis" or verb.head.i not in inside:
        return set()
    own = {t.i for t in verb.subtree}
    return {t.i for t in verb.head.subtree} - own


def inner(doc: Doc, outer: Candidate, taken: set[int]) -> list[Candidate]:
    """The attributions within ``outer``'s content whose cue and source are not in ``taken``."""
    inside = _tokens_in(doc, outer.content)
    if sum(1 for i in inside if not doc[i].is_punct) < MIN_OUTER_WORDS:
        return []
    found = []
    for i in sorted(inside):
        verb = doc[i]
        if verb.pos_ not in ("VERB", "AUX") or i in taken or verb.lemma_.lower() not in NESTED_VERBS:
            continue
        subj = subject_of(verb)
        if subj is None or subj.i not in inside or subj.i in taken or subj.dep_ == "nsubjpass":
            continue
        own = {t.i for t in subj.subtree}
        toks = (clause_tokens(verb, {subj.i}) or _parenthetical(verb, inside)) & inside
        toks -= own | {verb.i}
        while toks and (doc[min(toks)].is_punct or doc[min(toks)].is_space):
            toks.discard(min(toks))  # the outer quotation's marks stay the outer's
        while toks and (doc[max(toks)].is_punct or doc[max(toks)].is_space):
            toks.discard(max(toks))
        if not any(doc[k].pos_ in ("VERB", "AUX") for k in toks):
            continue  # an object ("promise that"), not a statement
        content = token_pieces(doc, toks)
        if not content:
            continue
        found.append(Candidate(content=content, cue=cue_pieces(verb), source=source_pieces(subj),
                               confidence=min(outer.confidence, NESTED_CONFIDENCE)))
        taken |= own | {verb.i}
    return found


def nested(doc: Doc, candidates: list[Candidate]) -> list[tuple[Candidate, Candidate]]:
    """(inner attribution, the one whose content holds it) for every candidate's content."""
    taken = _taken(doc, candidates)
    return [(c, outer) for outer in candidates for c in inner(doc, outer, taken)]
