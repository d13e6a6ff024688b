"""Source notes: "Source: NATO." under a chart's or table's text gives the source of its figures.

Pages carry graphics as short blocks of text (a title, a sentence or two of figures) closed by a
note on a line of its own naming where the numbers come from. Taggers trained on running prose
do not read such a note as a source, so it is read off the layout: the note's name is the source,
"Source:" the cue, and the short paragraph just above it the content.
"""

from __future__ import annotations

import re

from according.extraction.base import Candidate

#: Confidence of an attribution read off a source note.
NOTE_CONFIDENCE = 0.9
#: Longest paragraph a note covers: a chart's few lines, not an article's paragraph.
MAX_COVERED_CHARS = 600
#: "Source: NATO." on a line of its own: a name (capitalised), not a sentence.
_NOTE = re.compile(r"(?m)^[ \t]*(Sources?):[ \t]+([A-Z0-9][^\n]{0,80}?)\.?[ \t]*$")


def source_notes(text: str) -> list[Candidate]:
    """An attribution for each source note of ``text`` that closes a short paragraph."""
    found = []
    for m in _NOTE.finditer(text):
        above_end = text.rfind("\n\n", 0, m.start())
        if above_end < 0:
            continue
        above_start = text.rfind("\n\n", 0, above_end)
        start = above_start + 2 if above_start >= 0 else 0
        while start < above_end and text[start].isspace():
            start += 1
        end = above_end
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end or end - start > MAX_COVERED_CHARS or text[start] in "\"“":
            continue  # nothing above, an article's paragraph, or a quotation: not a chart's text
        found.append(Candidate(content=[(start, end)], cue=[(m.start(1), m.end(1) + 1)],
                               source=[(m.start(2), m.end(2))], confidence=NOTE_CONFIDENCE))
    return found


def with_notes(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """``candidates`` and the source notes whose paragraph no candidate already reports."""
    notes = [n for n in source_notes(text)
             if not any(s < n.content[0][1] and n.content[0][0] < e
                        for c in candidates for s, e in c.content)]
    return candidates + notes
