"""Number words, scales, fractions, vague amounts and qualifiers: string-level normalisation.

Everything here works on lower-cased token texts, so it is cheap and testable without a parse;
``according.extraction.figures`` finds the phrases in a spaCy Doc and calls these helpers.

Why not a parser library: ``text2num`` (pinned) handles pure word numbers ("two hundred and
fifty") but rejects "three dozen", "a dozen", "a hundred" and mixed forms ("12.3 million",
"4.5bn"), and ``quantulum3`` needs a retrained classifier offline. The accumulator below covers
both in one pass and agrees with ``text2num`` wherever that accepts the input (tested).

Vague amounts keep ``value`` null and give an order of magnitude in ``low``/``high``: a plural
scale word X means at least two X and fewer than ten X ("thousands" → 2,000–9,999, "tens of
thousands" → 20,000–99,999, "dozens" → 24–99); "several X" → 3X–9X, "a few X" → 2X–5X.

Qualifiers: "nearly"/"almost" count as ``approximately`` (a reporter's estimate, not a stated
bound); "under"/"below"/"fewer than" as ``less_than``; "as many as"/"no more than" as ``up_to``;
"no fewer than"/"or more" as ``at_least``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
#: Multipliers that close a group ("twelve million three hundred thousand").
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
#: Abbreviated scales written after digits ("4.5bn", "300m", "1.2k", "$2 tn").
SCALE_ABBREVIATIONS = {"k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "mil": 10**6,
                       "b": 10**9, "bn": 10**9, "bln": 10**9, "tn": 10**12, "trn": 10**12}
#: Every word that may appear inside a spelled-out number.
NUMBER_WORDS = frozenset(UNITS) | frozenset(TENS) | frozenset(SCALES) | {"hundred", "dozen"}

FRACTIONS = {
    "half": 1 / 2, "halves": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4,
    "quarters": 1 / 4, "fifth": 1 / 5, "fifths": 1 / 5, "sixth": 1 / 6, "sixths": 1 / 6,
    "seventh": 1 / 7, "sevenths": 1 / 7, "eighth": 1 / 8, "eighths": 1 / 8, "ninth": 1 / 9,
    "ninths": 1 / 9, "tenth": 1 / 10, "tenths": 1 / 10,
}

#: Plural scale words used as vague amounts, with their (low, high) order of magnitude.
VAGUE = {"dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2_000, 9_999),
         "millions": (2 * 10**6, 10**7 - 1), "billions": (2 * 10**9, 10**10 - 1),
         "trillions": (2 * 10**12, 10**13 - 1)}
#: "tens of X" / "hundreds of X" multiply the magnitude of the following plural scale word.
VAGUE_MULTIPLIERS = {"tens": 10, "hundreds": 100}
#: "several hundred", "a few thousand": multiples of a singular scale word.
VAGUE_FEW = {"several": (3, 9), "few": (2, 5), "many": (2, 9)}
_FEW_SCALES = {"dozen": 12, "hundred": 100, **SCALES}

CURRENCY_SYMBOLS = {"$": "dollars", "us$": "dollars", "usd": "dollars", "a$": "dollars",
                    "c$": "dollars", "hk$": "dollars", "nz$": "dollars", "£": "pounds", "gbp": "pounds",
                    "€": "euros", "eur": "euros", "¥": "yen", "jpy": "yen", "₹": "rupees",
                    "rs": "rupees", "rs.": "rupees", "inr": "rupees", "cny": "yuan", "rmb": "yuan",
                    "₽": "roubles", "₩": "won", "chf": "francs"}
CURRENCY_WORDS = {"dollar": "dollars", "dollars": "dollars", "euro": "euros", "euros": "euros",
                  "pound": "pounds", "pounds": "pounds", "sterling": "pounds", "yen": "yen",
                  "yuan": "yuan", "rupee": "rupees", "rupees": "rupees", "rouble": "roubles",
                  "roubles": "roubles", "ruble": "roubles", "rubles": "roubles", "shekel": "shekels",
                  "shekels": "shekels", "riyal": "riyals", "riyals": "riyals", "rial": "rials",
                  "rials": "rials", "francs": "francs", "franc": "francs"}

#: Qualifier phrases written before a number, longest first when matched.
QUALIFIER_PREFIXES: dict[tuple[str, ...], str] = {
    **{(w,): "approximately" for w in ("about", "around", "roughly", "approximately", "approx.",
                                        "some", "circa", "nearly", "almost", "estimated", "~")},
    ("an", "estimated"): "approximately", ("close", "to"): "approximately",
    ("more", "than"): "more_than", ("over",): "more_than", ("above",): "more_than",
    ("upwards", "of"): "more_than", ("in", "excess", "of"): "more_than", ("exceeding",): "more_than",
    ("greater", "than"): "more_than", ("higher", "than"): "more_than", ("well", "over"): "more_than",
    ("just", "over"): "more_than", ("well", "above"): "more_than",
    ("less", "than"): "less_than", ("fewer", "than"): "less_than", ("under",): "less_than",
    ("below",): "less_than", ("just", "under"): "less_than", ("lower", "than"): "less_than",
    ("at", "least"): "at_least", ("no", "fewer", "than"): "at_least", ("no", "less", "than"): "at_least",
    ("not", "less", "than"): "at_least", ("a", "minimum", "of"): "at_least",
    ("up", "to"): "up_to", ("as", "many", "as"): "up_to", ("as", "much", "as"): "up_to",
    ("at", "most"): "up_to", ("no", "more", "than"): "up_to", ("not", "more", "than"): "up_to",
    ("a", "maximum", "of"): "up_to",
}
QUALIFIER_MAX_WORDS = max(len(k) for k in QUALIFIER_PREFIXES)
#: Qualifier phrases written after a number ("500 or more", "200-odd", "1,000-plus").
QUALIFIER_SUFFIXES: dict[tuple[str, ...], str] = {
    ("or", "more"): "at_least", ("or", "so"): "approximately", ("+",): "more_than",
    ("-", "plus"): "more_than", ("plus",): "more_than", ("-", "odd"): "approximately",
    ("odd",): "approximately", ("or", "fewer"): "up_to", ("or", "less"): "up_to",
}

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_SUFFIXED = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
                       r"(k|m|mn|mln|bn|b|bln|tn|trn|thousand|million|billion|trillion)$")
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_RANGE_TOKEN = re.compile(rf"^({_NUMBER})[-–—]({_NUMBER})$")


def is_digits(word: str) -> bool:
    """"1,200", "12.3", "2022" (not "3.8.0", "24/7", "1st")."""
    return bool(_DIGITS.match(word))


def split_suffixed(word: str) -> tuple[str, str] | None:
    """("4.5", "bn") for "4.5bn", ("38", "million") for "38million"; None when ``word`` is not
    digits with a scale suffix."""
    m = _SUFFIXED.match(word.lower())
    return (m.group(1), m.group(2)) if m else None


def split_range_token(word: str) -> tuple[str, str] | None:
    """("200", "300") for a single token "200–300"; None otherwise."""
    m = _RANGE_TOKEN.match(word)
    return (m.group(1), m.group(2)) if m else None


def digits_value(word: str) -> Decimal:
    """Exact value of a digit string ("1,200" → 1200)."""
    return Decimal(word.replace(",", ""))


def parse_cardinal(words: list[str]) -> float | None:
    """Value of a cardinal number written in digits, words or both; None if not a number.

    ``words`` are lower-cased tokens: "1,200" · "12.3 million" · "4.5bn" · "three dozen" ·
    "two hundred and fifty" · "twenty - five" · "a hundred" · "300 m" (scale abbreviations only
    after digits).
    """
    total = Decimal(0)
    current: Decimal | None = None
    seen = False
    after_digits = False
    for i, w in enumerate(words):
        if w in ("and", "-", "‐"):
            continue
        if w in ("a", "an") and i == 0:
            current, seen = Decimal(1), True
            continue
        suffixed = split_suffixed(w)
        if suffixed:
            digits, abbrev = suffixed
            total += digits_value(digits) * (SCALE_ABBREVIATIONS.get(abbrev) or SCALES[abbrev])
            current, seen, after_digits = None, True, False
            continue
        if is_digits(w):
            if current is not None:
                return None  # two numbers side by side: not one cardinal
            current, seen, after_digits = digits_value(w), True, True
            continue
        if w in UNITS or w in TENS:
            value = UNITS.get(w, TENS.get(w, 0))
            current = (current or Decimal(0)) + value
        elif w == "hundred":
            current = (current if current is not None else Decimal(1)) * 100
        elif w == "dozen":
            current = (current if current is not None else Decimal(1)) * 12
        elif w in SCALES or (after_digits and w in SCALE_ABBREVIATIONS):
            scale = SCALES.get(w) or SCALE_ABBREVIATIONS[w]
            total += (current if current is not None else Decimal(1)) * scale
            current = None
        else:
            return None
        seen, after_digits = True, False
    if not seen:
        return None
    return to_number(total + (current or Decimal(0)))


def parse_fraction(words: list[str]) -> float | None:
    """Value of "half", "a third", "two-thirds", "three quarters" (rounded to 4 places)."""
    words = [w for w in words if w not in ("-", "‐")]
    if not words or words[-1] not in FRACTIONS:
        return None
    numerator: float = 1
    if len(words) > 1:
        head = words[:-1]
        if head in (["a"], ["an"], ["one"]):
            numerator = 1
        elif len(head) == 1 and head[0] in UNITS:
            numerator = UNITS[head[0]]
        else:
            return None
    return round(numerator * FRACTIONS[words[-1]], 4)


def vague_range(words: list[str]) -> tuple[float, float] | None:
    """(low, high) for "thousands", "tens of thousands", "several hundred"; None otherwise."""
    words = [w for w in words if w != "of"]
    if len(words) == 1 and words[0] in VAGUE:
        return VAGUE[words[0]]
    if len(words) == 2 and words[0] in VAGUE_MULTIPLIERS and words[1] in VAGUE:
        low, high = VAGUE[words[1]]
        factor = VAGUE_MULTIPLIERS[words[0]]
        return (low * factor, (high + 1) * factor - 1)
    if len(words) >= 2 and words[-2] in VAGUE_FEW and words[-1] in _FEW_SCALES:
        scale = _FEW_SCALES[words[-1]]
        lo, hi = VAGUE_FEW[words[-2]]
        return (lo * scale, hi * scale)
    return None


def to_number(value: Decimal | float) -> float:
    """A plain float without binary noise (12300000.0, not 12300000.000000002)."""
    try:
        d = Decimal(value) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):  # pragma: no cover
        return float(value)
    return float(d.normalize()) if d == d.to_integral_value() else float(round(d, 6))
