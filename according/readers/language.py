"""A cheap English check: the share of English stop words among an article's words.

English news prose has 26–60 % stop words (PolNeAR train/dev: min 0.26, median 0.46);
other languages written in Latin script score below 0.13 on spaCy's example sentences,
and other scripts score 0. A text too short to judge is accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

#: Word tokens: letters, with one inner apostrophe (don't, minister's).
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
#: Below this share of stop words a text is taken as not English.
MIN_STOP_SHARE = 0.18
#: Texts with fewer word tokens than this are not judged.
MIN_WORDS = 25
#: Only the start of a text is inspected (enough to judge, cheap on long inputs).
SAMPLE_CHARS = 20_000


@cache
def stop_words() -> frozenset[str]:
    """spaCy's English stop words (imported on first use: importing spaCy is slow)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@dataclass(frozen=True)
class LanguageGuess:
    """Whether a text looks English, with the evidence (for the error message)."""

    english: bool
    stop_share: float
    words: int


def guess_english(text: str) -> LanguageGuess:
    """Judge whether ``text`` is English from its share of English stop words."""
    words = [w.lower().replace("’", "'") for w in WORD.findall(text[:SAMPLE_CHARS])]
    if len(words) < MIN_WORDS:
        return LanguageGuess(True, 1.0, len(words))
    stops = stop_words()
    share = sum(w in stops for w in words) / len(words)
    return LanguageGuess(share >= MIN_STOP_SHARE, share, len(words))


def language_problem(text: str) -> str | None:
    """An error message when ``text`` does not look English, else None."""
    guess = guess_english(text)
    if guess.english:
        return None
    return (f"does not look like English ({guess.stop_share:.0%} English stop words among "
            f"{guess.words} words, expected at least {MIN_STOP_SHARE:.0%}); "
            "use --no-language-check to process it anyway")
