"""Authors: whom a text's own "I" is, where the text names them.

Outside quotations the first person of a text is its writer or speaker. Often the text says
who that is:
- a letter printed whole (an open letter, a newsletter, a letter quoted in full) ends with a
  closing line ("Yours,", "Sincerely,", "Love and faithful feelings,") and the writer's name on
  the next line, or on the same one ("Sincerely, [William Mathée]");
- an essay or column carries a byline on a line of its own ("By Cory Doctorow");
- a speech's or hearing's heading names whose words follow ("Jawaharlal Nehru's Inaugural
  Address", "Testimony of Dr. Ann Lee").
Otherwise the "I" stays an anonymous "writer".
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

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


def _lines(text: str) -> list[tuple[int, str]]:
    """The non-empty lines of a text as (start, stripped line)."""
    out: list[tuple[int, str]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            out.append((pos + raw.index(stripped[0]), stripped))
        pos += len(raw)
    return out


def signer(text: str) -> tuple[int, int, str] | None:
    """Where the text signs off as a letter, the signer's name (start, end, name); else None."""
    tail = _lines(text)[-TAIL_LINES:]
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


#: Non-empty lines at the top of a text searched for a byline or a heading.
HEAD_LINES = 4
_BYLINE = re.compile(r"^By ((?:[A-Z][\w.'’-]*)(?: [A-Z][\w.'’-]*){1,3})$")
#: Nouns of a heading that names whose words follow ("Inaugural Address", "Remarks by …").
SPEECH_NOUNS = frozenset({"address", "speech", "remarks", "statement", "testimony", "argument",
                          "lecture", "sermon", "eulogy", "keynote"})
#: Longest heading, in words.
MAX_HEADING_WORDS = 15


def byline(text: str) -> tuple[int, int, str] | None:
    """The name of a byline at the top of the text ("By Cory Doctorow"), or None."""
    for start, line in _lines(text)[:HEAD_LINES]:
        m = _BYLINE.match(line)
        if m:
            return start + m.start(1), start + m.end(1), m.group(1)
    return None


def heading_speaker(doc: Doc, text: str | None = None) -> tuple[int, int, str] | None:
    """The person a heading at the top names as the maker of the speech, statement or
    testimony that follows, by a possessive or "of"/"by" ("Jawaharlal Nehru's Inaugural
    Address", "Oral argument of Gen. Elizabeth Prelogar"), or None. A headline about a speech
    ("Trump Mocks Clinton's Speech") has a verb and is no such heading. ``text``: the doc's
    text, when the caller has it already."""
    for start, line in _lines(doc.text if text is None else text)[:HEAD_LINES]:
        words = line.split()
        if len(words) > MAX_HEADING_WORDS or line.endswith((".", "?", "!")):
            continue
        span = doc.char_span(start, start + len(line), alignment_mode="expand")
        if span is None or any(t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN" for t in span):
            continue
        for person in (e for e in span.ents if e.label_ == "PERSON"):
            person = _name_part(person)
            if person is None:
                continue
            after = [t.lower_ for t in doc[person.end:person.end + 4]]
            before = [t.lower_ for t in doc[max(span.start, person.start - 4):person.start]]
            owned = after[:1] in (["'s"], ["’s"]) and any(w in SPEECH_NOUNS for w in after[1:])
            made_by = any(w in SPEECH_NOUNS and before[k + 1:k + 2] in (["of"], ["by"])
                          for k, w in enumerate(before))
            if (owned or made_by) and not (after[:1] == ["and"] or before[-1:] == ["and"]):
                return person.start_char, person.end_char, person.text
    return None


#: Words that end a name the tagger ran on into, in a heading set in capitals ("PRELOGAR ON
#: BEHALF OF THE PETITIONERS").
_NAME_STOPS = frozenset({"on", "of", "for", "at", "behalf", "before", "to", "in", "and"})


def _name_part(person: Span) -> Span | None:
    """A PERSON entity without the heading words it ran on into; None when nothing is left or
    the entity is a speech noun itself ("Floor Speech")."""
    end = person.start
    while end < person.end and person.doc[end].lower_ not in _NAME_STOPS:
        end += 1
    name = person.doc[person.start:end]
    if not len(name) or any(t.lower_ in SPEECH_NOUNS for t in name):
        return None
    return name


def author(doc: Doc, text: str | None = None) -> tuple[int, int, str] | None:
    """Whom the text's own first person is, as the text names them (start, end, name): a
    letter's signer, a byline's writer, or a heading's speaker; None when it does not say.
    ``text``: the doc's text, when the caller has it already."""
    text = doc.text if text is None else text
    return signer(text) or byline(text) or heading_speaker(doc, text)
