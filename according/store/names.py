"""Name normalisation for linking speakers across articles.

``name_key("Ayatollah Ali Khamenei")`` → ``NameKey("ali khamenei", "full", "khamenei")``:
case, diacritics, punctuation, titles and suffixes are dropped, so spellings of one
full name meet.  A lone surname ("Khamenei") is kind ``surname``; a mention made only of
titles ("Iran's Supreme Leader") is kind ``title`` and keeps its words as the key.  A place
that speaks for a country ("Tehran", "the U.S.") takes the country's key.  Pronouns
and generic descriptions ("officials") get no key: they never link across articles.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from according.extraction.lexicon import COUNTRY_OF
from according.extraction.lexicon import TITLES as LEXICON_TITLES

#: Words of office and honorifics removed before comparing names: the extraction's titles
#: (``lexicon.TITLES``), without their dots, as names are compared here; but not "Del." (a
#: delegate), which without its dot is a given name ("Del Harris").
TITLES = frozenset(t.replace(".", "") for t in LEXICON_TITLES) - {"del"}
#: Suffixes set apart from the name words.
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "esq", "phd"})
#: Suffixes that name another person of the same name, kept in the key.
GENERATIONS = frozenset({"jr", "ii", "iii", "iv"})
#: Sources that are never a single speaker across articles.
GENERIC = frozenset("""
i me we us you he him she her they them it this that who one someone somebody
official officials source sources spokesman spokeswoman spokesperson people residents
witness witnesses analyst analysts expert experts observers critics report reports
statement statements police authorities government he/she
""".split())
_ARTICLES = frozenset({"the", "a", "an", "of", "for", "to", "and", "s"})
#: A trailing parenthesis after a name: the acronym it also goes by.
_ALSO_KNOWN_AS = re.compile(r"\s*\([^()]*\)\s*$")
_WORD = re.compile(r"[^\W\d_]+(?:[.'][^\W\d_]+)*\.?", re.UNICODE)


@dataclass(frozen=True)
class NameKey:
    """A normalised name: ``key`` to compare, ``kind`` full/surname/title/local, ``surname``."""

    key: str
    kind: str
    surname: str | None = None


def fold(text: str) -> str:
    """Lower case without diacritics, curly apostrophes made straight."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _tokens(text: str, keep_possessors: bool = True) -> list[tuple[str, bool]]:
    """(folded word, capitalised) pairs without dots and apostrophes; possessors optional."""
    found = _WORD.findall(text.replace("’", "'").replace("‘", "'"))
    out = []
    for i, w in enumerate(found):
        possessor = w.endswith("'s") or w.endswith("s'")
        if possessor and not keep_possessors and i < len(found) - 1:
            continue  # "Iran's Supreme Leader": Iran qualifies the leader, it is not the name
        folded = fold(w).removesuffix("'s").replace("'", "").replace(".", "")
        if folded:
            out.append((folded, w[0].isupper()))
    return out


def _words(text: str) -> list[str]:
    return [w for w, _ in _tokens(text) if w not in _ARTICLES]


def name_key(name: str, type: str = "OTHER", cased: bool = True) -> NameKey | None:
    """The linking key of an entity name, or None for pronouns and generic descriptions.

    ``cased``: only capitalised words count as name words (text from articles); pass False
    for names a user typed ("hillary clinton")."""
    name = _ALSO_KNOWN_AS.sub("", name)  # "International Monetary Fund (IMF)": the name itself
    content = _words(name)
    if type == "GPE" and " ".join(content) in _COUNTRY_KEYS:
        # a place that speaks for a country ("Tehran", "the U.S.") takes the country's key
        return NameKey(_COUNTRY_KEYS[" ".join(content)], "full")
    if not content or " ".join(content) in GENERIC or (len(content) == 1 and content[0] in GENERIC):
        return None
    if type not in ("PERSON", "OTHER"):
        # Organisations, places, groups: the whole name, no surname or title logic.
        return NameKey(" ".join(content), "full")
    # Name words are capitalised and not titles; two initials stay ("George W. Bush" and
    # "George H. W. Bush" must not meet).
    words = [w for w, cap in _tokens(name, keep_possessors=False)
             if (cap or not cased) and w not in _ARTICLES]
    last = max((i for i, w in enumerate(words) if w not in SUFFIXES), default=-1)
    # titles go, except as the surname itself ("Martin Luther King Jr.", "Stephen King")
    words = [w for i, w in enumerate(words) if w not in TITLES or (i == last and i > 0 and not all(
        x in TITLES for x in words[:i]))]
    # "Jr." and "III" tell a son from his father; "Esq." and "PhD" tell nothing
    suffix = [w for w in words[1:] if w in GENERATIONS]
    person = [w for w in words if w not in SUFFIXES]
    if not person:
        return NameKey(" ".join(content), "title")
    if len(person) == 1:
        return NameKey(person[0], "surname", person[0])
    if len(person) == 3 and len(person[1]) == 1:
        person = [person[0], person[2]]  # one middle initial: "Donald J. Trump" is Donald Trump
    return NameKey(" ".join(person + suffix), "full", person[-1])


#: Key prefix of sources that are a speaker of one article only (unnamed, group, document).
LOCAL_PREFIX = "~"


def local_key(kind: str, doc_pk: int, entity_id: str) -> NameKey:
    """The key of a source that never links across articles: one speaker per article entity."""
    return NameKey(f"{LOCAL_PREFIX}{kind}:{doc_pk}:{entity_id}", "local")


def _place_key(name: str) -> str:
    return " ".join(_words(name))


#: Place-name key → its country's key, for places that speak for a country.
_COUNTRY_KEYS = {_place_key(place): _place_key(country) for place, country in COUNTRY_OF.items()}


def alias_key(mention: str) -> str | None:
    """A mention's key for title links ("Iran's Supreme Leader" → "iran supreme leader")."""
    words = [w for w in _words(mention) if w not in _ARTICLES]
    return " ".join(words) if words else None


def same_agent(a: str | None, b: str | None) -> bool:
    """Whether two figures' agents (``Figure.agent``) may name the same actor: unless both are
    known and share no word, where a word that begins another counts as shared ("israel
    bombing campaign" and "israeli strikes"; not "gunmen" and "air strikes")."""
    if not a or not b:
        return True
    wa, wb = set(_words(a)), set(_words(b))
    return any(x == y or (min(len(x), len(y)) >= 4 and (x.startswith(y) or y.startswith(x)))
               for x in wa for y in wb)
