"""Source adjuncts: "per the McKinley plan", "by one estimate" and "by Trump's own admission"
give the source of a clause, and "this statement by Trump:" the source of the quoted paragraph
it introduces.

Like "according to", a clause can name where its claim comes from in a short phrase hung on its
verb: "A quarter of that, per the McKinley plan, is $40,000"; "300,000 acres have been damaged,
by one estimate". Taggers trained on news miss these rare phrases, so they are read off the
parse: the phrase's object is the source, "per" or "by" the cue, and the clause the content.
"per day" and "per capita" (no determiner, no name) are rates, not sources, and "by some
measures" ("better by some measures") is a manner, not an estimate. Likewise a paragraph that
is one quotation, after a line ending in a colon that names a statement and its maker ("how the
website rated this statement by Trump on June 11:", "Sanders's remarks:"), is that maker's.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from according.extraction.base import Candidate, Pieces
from according.extraction.lexicon import CUE_NOUNS

#: Confidence of an attribution read off a source adjunct.
ADJUNCT_CONFIDENCE = 0.85
#: What "by" introduces when it names an estimate: "by one estimate", "by the agency's count".
ESTIMATE_NOUNS = frozenset({"estimate", "count", "tally", "calculation", "reckoning"})
#: What "by" introduces when it names someone's own word: "by Trump's own admission".
OWN_WORD_NOUNS = frozenset({"admission", "account"})


def _source_object(prep: Token) -> Token | None:
    """The object of a "per" or "by" that names a source: "per the CDC", "by one estimate"."""
    if prep.head.pos_ not in ("VERB", "AUX"):
        return None  # "300 per day", "a cost per person": a rate on a noun
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    if prep.lower_ == "per":
        named = obj.pos_ == "PROPN" or any(
            c.dep_ in ("det", "poss") or (c.dep_ == "compound" and c.pos_ == "PROPN")
            for c in obj.children)
        return obj if named else None
    if obj.lemma_.lower() in OWN_WORD_NOUNS:
        # "by Trump's own admission", "by his account": the possessor is the source
        return next((c for c in obj.children if c.dep_ == "poss"), None)
    return obj if obj.lemma_.lower() in ESTIMATE_NOUNS else None


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Token range [start, end) as characters, without edge punctuation and spaces."""
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if start >= end:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def source_adjuncts(doc: Doc) -> list[Candidate]:
    """An attribution for each "per X" or "by <estimate>" phrase on a clause of ``doc``."""
    found = []
    for prep in doc:
        if prep.lower_ not in ("per", "by") or prep.dep_ != "prep":
            continue
        obj = _source_object(prep)
        if obj is None:
            continue
        verb = prep.head
        first, last = verb.left_edge.i, verb.right_edge.i + 1
        cut_start, cut_end = prep.i, prep.right_edge.i + 1
        content: Pieces = [r for r in (_trimmed(doc, first, cut_start), _trimmed(doc, cut_end, last))
                           if r is not None]
        source = _trimmed(doc, obj.left_edge.i, obj.i + 1)
        if not content or source is None:
            continue
        cue = [(prep.idx, prep.idx + len(prep))]
        if obj.dep_ == "poss":  # "By" and what the possessor's words are: "own admission"
            after = obj.i + 1 + sum(1 for t in doc[obj.i + 1:obj.i + 2] if t.dep_ == "case")
            cue += [r for r in (_trimmed(doc, after, prep.right_edge.i + 1),) if r is not None]
        found.append(Candidate(content=content, cue=cue, source=[source],
                               confidence=ADJUNCT_CONFIDENCE))
    return found


#: A line ending in a colon, then a paragraph that is one quotation.
_INTRODUCED = re.compile(r"[^\n]:[ \t]*\n\s*([\"“][^\n]+[\"”])[ \t]*(?=\n|$)")


def _statement_maker(line: Span) -> tuple[Token, Span] | None:
    """The last statement noun of ``line`` and the name of who made it: "statement by Trump",
    "Sanders's remarks"."""
    doc = line.doc
    for noun in reversed(line):
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in CUE_NOUNS:
            continue
        owner = next((c for c in noun.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
        if owner is not None:
            return noun, doc[owner.left_edge.i:owner.i + 1]
        k = noun.i + 1
        if k + 1 < line.end and doc[k].lower_ == "by" and doc[k + 1].pos_ == "PROPN":
            end = k + 1
            while end + 1 < line.end and doc[end + 1].pos_ == "PROPN":
                end += 1
            return noun, doc[k + 1:end + 1]
        return None
    return None


def introduced_quotations(doc: Doc) -> list[Candidate]:
    """An attribution for each quoted paragraph a statement by a named maker introduces."""
    found = []
    text = doc.text
    for m in _INTRODUCED.finditer(text):
        colon = m.start() + 1
        line_start = text.rfind("\n", 0, colon) + 1
        line = doc.char_span(line_start, colon, alignment_mode="contract")
        made = _statement_maker(line) if line is not None and len(line) else None
        if made is None:
            continue
        noun, maker = made
        found.append(Candidate(content=[m.span(1)], cue=[(noun.idx, noun.idx + len(noun))],
                               source=[(maker.start_char, maker.end_char)],
                               confidence=ADJUNCT_CONFIDENCE))
    return found


def with_adjuncts(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """``candidates`` and the source adjuncts no candidate already holds or reports: one outside
    every content, source and cue, so that contents stay one level deep."""
    def overlaps(a: Pieces, b: Pieces | None) -> bool:
        return any(s < be and bs < e for s, e in a for bs, be in b or ())

    adjuncts = [a for a in source_adjuncts(doc) + introduced_quotations(doc)
                if not any(overlaps(a.cue or [], c.content) or overlaps(a.cue or [], c.source)
                           or overlaps(a.cue or [], c.cue) or overlaps(a.content, c.content)
                           for c in candidates)]
    return candidates + adjuncts
