"""Letters: the "I" of a letter is whoever signs it.

A letter printed whole (an open letter, a politician's newsletter, a letter quoted in full)
ends with a closing line ("Yours,", "Sincerely,", "Love and faithful feelings,") and the
writer's name on the next line, or on the same one ("Sincerely, [William Mathée]"). Outside
quotations its first person is that signer, not an anonymous "writer".
"""

from __future__ import annotations

import re

#: Lines at the end of a text searched for a closing and a signature.
TAIL_LINES = 6
#: Longest closing line, in characters ("Love and faithful feelings,").
MAX_CLOSING = 40
_CLOSING = re.compile(
    r"(?i)^(?:yours\b|sincerely\b|(?:with )?love\b|best\b|(?:kind |warm |warmest )?regards\b|"
    r"cordially\b|respectfully\b|faithfully\b|affectionately\b|stay in touch\b|all the best\b|"
    r"cheers\b|fondly\b|warmly\b|with (?:best|warm|kind)\b)[^\n]*$")
#: A signature: up to four capitalised words, maybe marked "[Signed]" or set in brackets.
_SIGNATURE = re.compile(r"^(?:\[signed\]\s*)?\[?((?:[A-Z][\w.'’-]*)(?: [A-Z][\w.'’-]*){0,3})\]?\.?$",
                        re.IGNORECASE)


def _signature_in(line: str, offset: int) -> tuple[int, int, str] | None:
    """The name a signature line gives, as (start, end, name), or None."""
    m = _SIGNATURE.match(line)
    if m is None or not all(w[0].isupper() for w in m.group(1).split()):
        return None
    return offset + m.start(1), offset + m.end(1), m.group(1)


def signer(text: str) -> tuple[int, int, str] | None:
    """Where the text signs off as a letter, the signer's name (start, end, name); else None."""
    lines: list[tuple[int, str]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            lines.append((pos + raw.index(stripped[0]), stripped))
        pos += len(raw)
    tail = lines[-TAIL_LINES:]
    for k, (start, line) in enumerate(tail):
        closing = _CLOSING.match(line)
        if closing is None:
            continue
        head, _, rest = line.partition(",")
        if rest.strip() and len(head) <= MAX_CLOSING:  # "Sincerely, [William Mathée]"
            found = _signature_in(rest.strip(), start + line.index(rest.strip(), len(head)))
            if found:
                return found
        if len(line) <= MAX_CLOSING and k + 1 < len(tail):
            next_start, next_line = tail[k + 1]
            found = _signature_in(next_line, next_start)
            if found:
                return found
    return None
