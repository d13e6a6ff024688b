"""Quotation marks: which characters open/close quotes and how an attribution is typed."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from according.extraction.base import Candidate, Pieces

OPENING = "\"“„«‹「『‘‚"
CLOSING = "\"”“»›」』’‘"
QUOTE_CHARS = frozenset(OPENING + CLOSING + "'`´″")
# Characters that only count as quotes at word boundaries (apostrophes otherwise).
_AMBIGUOUS = frozenset("'’‘`")
#: First words of cues that name a source in a phrase, not a verb ("according to", "per").
ACCORDING_WORDS = frozenset({"according", "per", "by"})


def is_quote_char(text: str, i: int) -> bool:
    """True when ``text[i]`` is a quotation mark (not an apostrophe inside a word)."""
    ch = text[i]
    if ch not in QUOTE_CHARS:
        return False
    if ch in _AMBIGUOUS:
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        return not (before.isalnum() and after.isalnum()) and not (before.isalpha() and ch == "’")
    return True


class QuoteMap:
    """Which characters of a text lie inside quotation marks (computed once per text).

    Quote state runs across sentences; a paragraph break closes it, since a quote that
    continues into a new paragraph reopens with a new mark.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        inside = bytearray(len(text))
        state = False
        for i, ch in enumerate(text):
            if ch in QUOTE_CHARS and ch not in _AMBIGUOUS:
                state = not state
                inside[i] = 1
                continue
            if ch == "\n" and i + 1 < len(text) and text[i + 1] == "\n":
                state = False
            inside[i] = state
        self.inside = inside
        runs: list[tuple[int, int]] = []  # quotations: maximal runs of quoted characters
        start = None
        for i, flag in enumerate(inside):
            if flag and start is None:
                start = i
            elif not flag and start is not None:
                runs.append((start, i))
                start = None
        if start is not None:
            runs.append((start, len(text)))
        self.runs = runs
        self._run_starts = [r[0] for r in runs]

    def quotation(self, pieces: Pieces) -> tuple[int, int] | None:
        """The one quotation (a run of quoted text, marks included) holding every alphanumeric
        character of ``pieces``; None when some lie outside quotes or in two quotations."""
        found: tuple[int, int] | None = None
        for s, e in pieces:
            for i in range(s, e):
                if not self.text[i].isalnum():
                    continue
                k = bisect_right(self._run_starts, i) - 1
                if k < 0 or not self.runs[k][0] <= i < self.runs[k][1]:
                    return None
                if found is not None and found != self.runs[k]:
                    return None
                found = self.runs[k]
        return found

    def quoted(self, pieces: tuple[tuple[int, int], ...]) -> tuple[int, int]:
        """(alphanumeric characters inside quotes, alphanumeric characters) over ``pieces``."""
        q = n = 0
        text, inside = self.text, self.inside
        for s, e in pieces:
            for i in range(s, e):
                if text[i].isalnum():
                    n += 1
                    q += inside[i]
        return q, n

    def attribution_type(self, pieces: tuple[tuple[int, int], ...], cue_text: str | None) -> str:
        """direct (all quoted), mixed (partly quoted), according_to, or indirect."""
        q, n = self.quoted(pieces)
        if n and q >= 0.9 * n:
            return "direct"
        if q >= 3:
            return "mixed"
        if cue_text and cue_text.lower().split()[0] in ACCORDING_WORDS:
            return "according_to"  # "according to", "per the CDC", "by one estimate"
        return "indirect"


def one_speaker_per_quotation(text: str, candidates: list[Candidate], quotes: QuoteMap
                              ) -> list[Candidate]:
    """One quotation has one speaker: contents that split one quotation between sources
    outside it ("He said:" before a quoted paragraph, "Politifact seized on …" after it) are
    merged into the one whose cue introduces the quotation. A report made inside the quotation
    ("After the Clinton camp announced that …" in a host's question) keeps its own source."""
    groups: dict[tuple[int, int], list[Candidate]] = {}
    for c in candidates:
        q = quotes.quotation(c.content)
        if q is not None and c.source and not _inside(c.source, q):
            groups.setdefault(q, []).append(c)
    dropped: set[int] = set()
    merged: dict[int, Candidate] = {}
    for q, group in groups.items():
        if len(group) < 2 or len({tuple(map(tuple, c.source or ())) for c in group}) < 2:
            continue
        best = min(group, key=lambda c: _distance(text, c, q))
        start = min(s for c in group for s, _ in c.content)
        end = max(e for c in group for _, e in c.content)
        merged[id(best)] = replace(best, content=[(start, end)],
                                   confidence=max(c.confidence for c in group))
        dropped.update(id(c) for c in group if c is not best)
    return [merged.get(id(c), c) for c in candidates if id(c) not in dropped]


def _inside(pieces: Pieces, span: tuple[int, int]) -> bool:
    return all(span[0] <= s and e <= span[1] for s, e in pieces)


def _distance(text: str, c: Candidate, q: tuple[int, int]) -> int:
    """How far a candidate's cue stands from quotation ``q``, in characters (a source with no
    cue counts from the end of the text); a cue whose sentence ends in a colon just before
    the quotation ("He said:", "Sanders made the following comment:") introduces it."""
    if not c.cue:
        return len(text)
    s, e = c.cue[0][0], c.cue[-1][1]
    if e <= q[0]:
        between = text[e:q[0]].strip()
        if between.endswith(":") and not any(ch in between[:-1] for ch in ".!?\n"):
            return 0
        return q[0] - e
    return max(0, s - q[1])
