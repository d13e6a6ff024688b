"""Interview transcripts: each ``NAME: words`` turn is an attribution to the speaker it names.

News prints interviews as turns, one a paragraph (``WALLACE: Will she be there?`` then
``PENCE: She will not.``). The label is the source, the colon the cue and the rest of the line
the content. Taggers trained on running prose pair a turn with the label of the turn before, so
turns are read off the text's layout instead and replace what an extractor found there.

A text counts as a transcript when at least ``MIN_TURNS`` lines open with a label and at least
two labels differ; headline kickers ("VIDEO:", "UPDATE:", "BYLINE:") are no speakers. Labels in
title case ("Solberg:") count only when two of them recur, each before a sentence.
"""

from __future__ import annotations

import re
from collections import Counter

from according.extraction.base import Candidate

#: Fewest labelled lines that make a text a transcript.
MIN_TURNS = 3
#: Confidence of a turn read off the layout.
TURN_CONFIDENCE = 0.95
#: Upper-case labels that open lines without naming a speaker.
KICKERS = frozenset("""
video watch update updated email byline exclusive breaking busted boom look photos photo abstract
full text letters letter note editor's editors correction corrections read more related source
sources fix is in analysis opinion commentary live transcript media ad audio
""".split())
#: Labels of the interviewer's turns, and how that speaker is described.
ROLE_LABELS = {"q": "interviewer", "question": "interviewer", "interviewer": "interviewer",
               "host": "host", "moderator": "moderator", "anchor": "anchor", "reporter": "reporter"}
#: Labels of the answers: the interviewee the article introduces.
ANSWER_LABELS = frozenset({"a", "answer"})
_TURN = re.compile(r"^[\"“]?((?:[A-Z][A-Z.'’-]*)(?: [A-Z][A-Z.'’-]*){0,3}):[ \t]+(\S.*)$", re.MULTILINE)
#: Labels in title case ("Solberg:", "The Courier:"), which also open lists of fields ("When:",
#: "Bats: Left"): such labels make turns only when two speakers (a label's last word) each open
#: at least ``TITLE_REPEATS`` lines of at least ``TITLE_WORDS`` words.
_TITLE_TURN = re.compile(r"^[\"“]?((?:[A-Z][\w.'’-]*)(?: [A-Z][\w.'’-]*){0,3}):[ \t]+(\S.*)$",
                         re.MULTILINE)
TITLE_REPEATS = 2
TITLE_WORDS = 3
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.?!][\"”’]?\s+(?=\S)")


def _is_kicker(label: str) -> bool:
    return any(w.lower().strip(".") in KICKERS for w in label.split())


def _labelled(text: str, pattern: re.Pattern[str]) -> list[tuple[str, Candidate]]:
    """Every line ``pattern`` reads as ``LABEL: words``, with its turn."""
    found = []
    for m in pattern.finditer(text):
        label = m.group(1)
        if _is_kicker(label) or not any(c.isalpha() for c in label):
            continue
        start, end = m.start(2), m.end(2)
        while end > start and text[end - 1] in " \t\"”":
            end -= 1  # the closing mark of a quoted paragraph is not content
        if end > start:
            found.append((label, Candidate(content=[(start, end)], cue=[(m.end(1), m.end(1) + 1)],
                                           source=[(m.start(1), m.end(1))],
                                           confidence=TURN_CONFIDENCE)))
    return found


def _is_transcript(found: list[tuple[str, Candidate]]) -> bool:
    return len(found) >= MIN_TURNS and len({label for label, _ in found}) >= 2


def _speaker(label: str) -> str:
    """Who a label names: its last word ("Chris Matthews" and "Matthews" are one speaker)."""
    return label.split()[-1].lower()


def _no_headline(text: str, found: list[tuple[str, Candidate]]) -> list[tuple[str, Candidate]]:
    """``found`` without the text's first line when no other line has its label's speaker: a
    headline ("Interview: the scientist who found a new antibiotic") is no turn."""
    first = len(text) - len(text.lstrip())
    once = Counter(_speaker(label) for label, _ in found)
    return [(label, c) for label, c in found
            if not (c.source and c.source[0][0] == first and once[_speaker(label)] == 1)]


def turns(text: str) -> list[Candidate]:
    """The transcript turns of ``text`` as attributions; none when it is not a transcript."""
    found = _no_headline(text, _labelled(text, _TURN))
    if _is_transcript(found):
        return [c for _, c in found]
    spoken = _no_headline(text, [
        (label, c) for label, c in _labelled(text, _TITLE_TURN)
        if len(_WORD.findall(text[c.content[0][0]:c.content[0][1]])) >= TITLE_WORDS])
    repeated = Counter(_speaker(label) for label, _ in spoken)
    if sum(n >= TITLE_REPEATS for n in repeated.values()) >= 2 and _is_transcript(spoken):
        return [c for _, c in spoken]
    return []


def with_turns(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """``candidates`` with every transcript turn in place of what was found over its words."""
    spoken = turns(text)
    if not spoken:
        return candidates
    lines = [(c.source[0][0], c.content[0][1], c.content[0]) for c in spoken if c.source]

    def retold(c: Candidate) -> bool:
        """Whether ``c`` is a turn found another way: most of the turn, or most of ``c`` in a
        turn with its source outside that line (an attribution nested in a turn stays)."""
        n = sum(e - s for s, e in c.content)
        for line_start, line_end, (ts, te) in lines:
            if c.source and c.cue and all(ts <= s and e <= te for s, e in c.source + c.cue) \
                    and not _SENTENCE_END.search(text, min(s for s, _ in c.content),
                                                 max(e for _, e in c.content)):
                continue  # said within the turn: "The unions say the cuts will cost 6,000 jobs"
            overlap = sum(max(0, min(e, te) - max(s, ts)) for s, e in c.content)
            outside = not c.source or any(s < line_start or e > line_end for s, e in c.source)
            if overlap > (te - ts) / 2 or (outside and overlap > n / 2):
                return True
        return False

    return [c for c in candidates if not retold(c)] + spoken


def turn_label(text: str, source: tuple[int, int] | None, cue: tuple[int, int] | None) -> str | None:
    """The label of a transcript turn (source ``LABEL`` at a line's start, cue its colon), else None."""
    if source is None or cue is None or text[cue[0]:cue[1]] != ":" or cue[0] != source[1]:
        return None
    label = text[source[0]:source[1]]
    line_start = text.rfind("\n", 0, source[0]) + 1
    if text[line_start:source[0]].strip("\"“ \t") or not _TITLE_TURN.match(text, line_start):
        return None
    return label
