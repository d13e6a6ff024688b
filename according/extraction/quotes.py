"""Quotation marks: which characters open/close quotes and how an attribution is typed."""

from __future__ import annotations

OPENING = "\"“„«‹「『‘‚"
CLOSING = "\"”“»›」』’‘"
QUOTE_CHARS = frozenset(OPENING + CLOSING + "'`´″")
# Characters that only count as quotes at word boundaries (apostrophes otherwise).
_AMBIGUOUS = frozenset("'’‘`")


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
        if cue_text and cue_text.lower().startswith("according"):
            return "according_to"
        return "indirect"
