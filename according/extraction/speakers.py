"""Speaker resolution within an article: every attribution's source → one entity per speaker.

No packaged coreference model runs offline, so this is a deterministic resolver on spaCy's
parse and named entities, in one left-to-right pass over the article:

* proper names link when one is the other with parts left out ("Khamenei" → "Ali Khamenei",
  "the Post" → "The Washington Post", "DNC" → "Democratic National Committee"), never when
  they share nothing or their given names differ ("Bill Clinton" ≠ "Hillary Clinton");
* a capital and its country are one speaker, as news uses the seat of government for the
  government ("Tehran" → "Iran", "Washington" → "the U.S.", ``lexicon.CAPITALS``);
* definite descriptions ("the Supreme Leader", "the agency", "the influential US daily")
  link to the latest entity introduced with that title or noun, or to a news outlet for
  the nouns of ``lexicon.MEDIA_NOUNS``; indefinite ones ("a source") always start a new
  entity, and "the source" then points back to it;
* pronouns link to the nearest compatible entity within a few sentences, preferring
  subjects and earlier speakers and skipping mentions inside the reported content itself
  (in ``“…Obama…,” he said`` "he" is not Obama); first-person sources inside a quote are
  the quote's speaker, relative pronouns their antecedent.

Names drop titles and possessives ("Iran’s Supreme Leader Ayatollah Ali Khamenei" → "Ali
Khamenei"). Work is linear in the article's length: each mention looks back over a bounded
window and an index of name words.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import numpy as np
from spacy.tokens import Doc, Span, Token

from according.extraction.authors import author, byline
from according.extraction.lexicon import (
    AGENCY_INITIALS,
    ANONYMOUS_NOUNS,
    CAPITALS,
    COUNTRY_OF,
    CUE_VERBS,
    DOCUMENT_NOUNS,
    FIRST_PERSON,
    GENDER_NOUNS,
    GENDER_TITLES,
    GROUP_NOUNS,
    KIN_COVERS,
    KIN_NOUNS,
    MEDIA_NAME_WORDS,
    MEDIA_NOUNS,
    ORG_NOUNS,
    PERSON_NOUNS,
    PLACE_NOUNS,
    PRONOUN_GENDER,
    PRONOUN_TYPES,
    RELATIVE_PRONOUNS,
    TITLES,
    same_given,
)
from according.extraction.nlp import doc_text, tokens_where
from according.extraction.quotes import QuoteMap
from according.extraction.transcripts import ANSWER_LABELS, ROLE_LABELS, turn_label
from according.schema import Attribution, Entity

#: NER labels that name a possible speaker, and the entity type each gives.
NER_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "NORP": "NORP", "FAC": "ORG",
             "LOC": "GPE"}
#: Prepositions whose object is a place ("lived in Eastbrook", "flew to Accra").
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "from", "to", "into", "across", "around"})
#: The most words a first line may have to be read as a headline.
HEADLINE_WORDS = 25
#: How many sentences back a pronoun looks for its antecedent.
PRONOUN_WINDOW = 8
#: Nouns that stand for any organisation the article just named ("the group", "the agency").
GENERIC_ORG_NOUNS = frozenset({"group", "organization", "organisation", "agency", "center", "centre",
                               "institute", "company", "firm", "office", "foundation", "think tank",
                               "bank", "panel", "committee", "union"})
#: Generic nouns for a business, and heads of names of public bodies, which they never take up
#: ("The company said" after "Vexa Motors …, the National Highway Traffic Safety
#: Administration said" is Vexa Motors).
BUSINESS_NOUNS = frozenset({"company", "firm"})
PUBLIC_BODY_HEADS = frozenset("""
administration agency commission ministry department government council parliament congress
senate assembly tribunal authority bureau court embassy police army committee party
""".split())
#: Nouns for a candidate's campaign, named after the candidate ("the Trump camp").
#: A title that also makes its holder known by a plainer role ("Justice Frank Nervo" is "the judge").
#: Abbreviated titles are known by the word too ("Gen. Norman Ham" is "the general"); not
#: "Sen." and "Rep.", which political news gives to several people at once (on PolNeAR dev they
#: cost two speakers right).
ROLE_EQUIVALENTS = {"justice": "judge", "magistrate": "judge", "congressman": "representative",
                    "congresswoman": "representative", "spokesman": "spokesperson",
                    "spokeswoman": "spokesperson", "gen": "general", "gov": "governor",
                    "adm": "admiral", "col": "colonel", "lt": "lieutenant", "sgt": "sergeant",
                    "supt": "superintendent", "dr": "doctor", "physician": "doctor",
                    "attorney": "lawyer"}
#: Words that make a role another one: "the vice presidential nominee" is not "the nominee".
ROLE_MODIFIERS = frozenset({"vice", "deputy", "assistant", "associate", "acting", "lieutenant"})
#: Shortest surname that a one-letter variant still links to (``_Resolver.match_misspelt``).
MISSPELT_MIN_LENGTH = 5
#: What someone says or proposes, which speaks for its owner ("Mr. Obama's announcement").
OWNED_WORDS = frozenset({"announcement", "statement", "remark", "comment", "speech", "testimony",
                         "plan", "proposal"})
#: Nouns for a candidate's campaign; the ``TEAM_NOUNS`` among them only after a person's name.
TEAM_NOUNS = frozenset({"team"})
CAMPAIGN_NOUNS = frozenset({"campaign", "camp"}) | TEAM_NOUNS
#: Extra distance (in half sentences) a pronoun pays for a mention inside reported content:
#: "Wimes believes the Clinton campaign erred. “…,” she said." is Wimes.
REPORTED_PENALTY = 3
#: Extra distance (in half sentences) a pronoun pays for a person known only by a bare name.
WEAK_PERSON = 3
#: Roles that cover a country's head, whatever their title ("the Turkish leader" is its
#: president): with the country, they reach as far back as a pronoun.
LEADER_NOUNS = frozenset({"leader", "strongman", "ruler"})
#: How many sentences back an unmatched definite description ("the nominee") looks for a person.
DESCRIPTION_WINDOW = 2
#: Body sentences in which a headline's role-only source ("Lawmaker Urges …") is introduced.
LEDE_SENTENCES = 2
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_INDEFINITE = frozenset({"a", "an", "another", "one", "some", "several", "many", "two", "three",
                         "other", "any", "no"})
_NAME_DEPS = frozenset({"compound", "flat", "nmod", "amod", "poss"})
_PLACE_TYPES = frozenset({"GPE", "ORG", "OTHER"})
#: Words that end a company's name, whose first words alone name it too ("Patriot Coal" is
#: "Patriot", unlike the "Clinton Foundation" and Clinton).
COMPANY_SUFFIXES = frozenset("""
inc inc. corp corp. co. llc ltd plc holdings industries partners healthcare coal energy airlines
motors pharmaceuticals technologies bank
""".split())
#: Last words that make a name an organisation even when NER calls it a person (not surnames):
#: bodies, and the suffixes and trades that end company names.
ORG_HEADS = frozenset("""
foundation committee campaign commission ministry department agency council party institute
university corporation association federation league administration government organisation
organization coalition alliance company charity embassy parliament congress senate assembly
tribunal authority bureau newspaper magazine service society network museum
""".split()) | COMPANY_SUFFIXES
_PEOPLE_NOUNS = PERSON_NOUNS | GROUP_NOUNS
_LATENT_NOUNS = _PEOPLE_NOUNS | ORG_NOUNS
_QUANTITY_HEADS = frozenset({"percent", "%", "majority", "minority", "half", "third", "quarter",
                             "most", "many", "some", "all", "none", "number", "dozen", "plurality"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_SKIP_NAME_WORDS = frozenset({"the", "’s", "'s", "’", "'"})
#: Lower-case words that belong inside a name ("Charles de Gaulle", "Ludwig van Beethoven").
_NAME_PARTICLES = frozenset({"de", "del", "della", "der", "van", "von", "bin", "ibn", "al", "da",
                             "di", "du", "la", "le", "of", "and", "for", "the"})


@dataclass
class _Ent:
    """An entity being built: what is known of it so far."""

    type: str
    names: list[tuple[str, ...]] = field(default_factory=list)  # lower-cased name words
    displays: list[str] = field(default_factory=list)  # proper names as written
    description: str | None = None  # name when it has no proper name ("Israeli officials")
    descriptors: set[str] = field(default_factory=set)  # titles and nouns ("leader", "agency")
    gender: str | None = None  # from the pronouns that refer to it, its titles and nouns
    pronoun_gender: bool = False  # whether ``gender`` rests on pronouns alone
    name_gender: str | None = None  # from its given name, a weaker hint
    plural: bool = False
    media: bool = False
    mentions: list[tuple[int, int]] = field(default_factory=list)
    speaker: bool = False
    last: int = -1  # order of the latest mention processed
    first: int = -1  # order of the first
    described: list[tuple[str, Token]] = field(default_factory=list)  # (head lemma, root)
    places: set[str] = field(default_factory=set)  # place words qualifying its roles ("indiana")

    def add_name(self, words: tuple[str, ...], display: str) -> None:
        if words and words not in self.names:
            self.names.append(words)
            self.displays.append(display)
            self.media = self.media or any(w in MEDIA_NAME_WORDS for w in words)
            if self.type == "PERSON" and len(words) >= 2 and not self.name_gender:
                self.name_gender = _given_name_gender(display.split()[0])

    def kind(self) -> str:
        """Which of ``schema.SOURCE_KINDS`` this source is."""
        heads = {lemma for lemma, _ in self.described}
        if self.names:
            if (self.names[0][-1] in DOCUMENT_NOUNS or self.names[-1][-1] in DOCUMENT_NOUNS) \
                    and not heads & (ORG_NOUNS | MEDIA_NOUNS):
                # "New Poll", "the Quinnipiac poll"; but "the U.S. Geological Survey … the
                # agency said" is a body
                return "document"
            return "group" if self.type == "NORP" or (self.plural and self.type == "GROUP") else "named"
        if heads & DOCUMENT_NOUNS:
            return "document"
        if heads & ANONYMOUS_NOUNS:
            return "unnamed"  # "officials", "sources": anonymous however many
        return "group" if self.plural or self.type in ("GROUP", "NORP") else "unnamed"

    def name(self) -> str:
        if self.displays:
            # a country's name before its capital's ("Iran", not "Tehran"), then the fullest
            full = max(self.displays, key=lambda d: (d.lower() not in CAPITALS, len(d.split()),
                                                     not d.isupper(), len(d)))
            acronym = self.acronym_of(full)
            if acronym is None and len(full.split()) == 1:
                full = AGENCY_INITIALS.get(full.replace(".", "").lower(), full)  # "AP"
            return f"{full} ({acronym})" if acronym else full
        return self.description or "unknown"

    def acronym_of(self, full: str) -> str | None:
        """The acronym an organisation also goes by in the article, shown with its full name
        ("International Monetary Fund (IMF)"): readers and queries know it by either."""
        if self.type != "ORG" or len(full.split()) < 2:
            return None
        initials = _acronyms(tuple(full.lower().split()))
        for d in self.displays:
            bare = d.replace(".", "")
            if len(d.split()) == 1 and len(bare) >= 2 and bare.isupper() and bare.lower() in initials:
                return d
        return None


@dataclass
class _Mention:
    """What one mention says about its entity, read off the parse."""

    start: int
    end: int
    root: Token | None
    kind: str  # "name", "description", "pronoun", "first", "relative", "other"
    type: str
    words: tuple[str, ...] = ()
    display: str = ""
    descriptors: frozenset[str] = frozenset()
    determiner: str = ""
    plural: bool = False
    gender: str | None = None
    known_only: bool = False  # a possessor ("the president's"): only a mention of a known entity


def _tokens_of(doc: Doc, start: int, end: int) -> Span | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span


def _name_tokens(root: Token) -> list[Token]:
    """The proper-name words around ``root``: its NER entity, else its run of proper nouns."""
    doc = root.doc
    if root.ent_type_ in NER_TYPES:
        i, j = root.i, root.i
        while i > 0 and doc[i].ent_iob_ == "I" and doc[i - 1].ent_type_ == root.ent_type_:
            i -= 1
        while j + 1 < len(doc) and doc[j + 1].ent_iob_ == "I":
            j += 1
        toks = list(doc[i:j + 1])
    else:
        toks = [root]
    # Extend left over proper nouns attached to the same head ("Supreme Leader Ayatollah …").
    i = toks[0].i
    while i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].head.i in range(i - 1, root.i + 1) \
            and doc[i - 1].dep_ in _NAME_DEPS and (doc[i - 1].ent_type_ in (root.ent_type_, "ORG")
                                                   or doc[i - 1].ent_type_ not in NER_TYPES):
        i -= 1
    toks = list(doc[i:toks[0].i]) + toks
    toks = [t for t in toks if t.lower_ not in _SKIP_NAME_WORDS and t.dep_ != "case" and not t.is_punct]
    while len(toks) > 1 and toks[0].text.islower() and toks[0].lower_ not in _NAME_PARTICLES:
        toks.pop(0)  # a role the tagger read as part of the name: "wife Ivana"
    # A name's words are capitalised: "Trump charges that …" is "Trump", whatever NER says.
    while len(toks) > 1 and toks[-1].text[:1].islower() and toks[-1].lower_ not in _NAME_PARTICLES \
            and not (doc[toks[-1].i - 1].text == "-" and not doc[toks[-1].i - 1].whitespace_):
        toks.pop()  # ("Ki-moon" keeps its "moon")
    # Headlines fool the tagger: "Obama Says" is not a name; but the subject of another verb
    # is a name's own word ("Consumer Reports, which tests cars, said").
    if root.ent_type_ != "ORG":
        cut = next((k for k, t in enumerate(toks) if k and _cue_verb_form(t) and not (
            t.dep_ in ("nsubj", "nsubjpass") and t.head.pos_ in ("VERB", "AUX"))), None)
        if cut is not None:
            toks = toks[:cut]
    return toks


def _cue_verb_form(t: Token) -> bool:
    """An inflected cue verb, even where a headline's capitals make it a proper noun ("Says",
    "Vows", "Warned")."""
    low = t.lower_
    if t.lemma_.lower() in CUE_VERBS and low != t.lemma_.lower():
        return True
    return t.pos_ == "PROPN" and any(low.endswith(end) and low[:-len(end)] in CUE_VERBS
                                     for end in ("s", "es", "ed", "d"))


@lru_cache(maxsize=1)
def _gender_detector() -> Any:
    try:
        from gender_guesser.detector import Detector
    except ImportError:  # pragma: no cover - a pinned dependency; resolution works without it
        return None
    return Detector(case_sensitive=False)


@lru_cache(maxsize=4096)
def _given_name_gender(name: str, mostly: bool = False) -> str | None:
    """"m"/"f" when a given name is (almost) always one gender in gender-guesser's lists;
    with ``mostly``, also when it is mostly one ("Mary"), enough to tell two parents apart."""
    if not name[:1].isupper() or len(name) < 2 or name.endswith("."):
        return None
    detector = _gender_detector()
    if detector is None:
        return None
    found = detector.get_gender(name)
    if mostly:
        found = found.removeprefix("mostly_")
    return {"male": "m", "female": "f"}.get(found)


@lru_cache(maxsize=4096)
def _is_given_name(name: str) -> bool:
    """Whether a capitalised word is in gender-guesser's lists of given names ("Chris", "Jane")."""
    detector = _gender_detector()
    return detector is not None and name[:1].isupper() and detector.get_gender(name) != "unknown"


def _capitalised_run(toks: list[Token], span: Span) -> list[Token]:
    """A name that runs on, inside its mention, over capitalised words joined by small words
    ("Alliance to Reclaim Our Schools", where the tagger stops at "Alliance")."""
    tail = [t for t in span if t.i > toks[-1].i]
    if not tail or toks[-1].ent_type_ == "PERSON" or any(t.lower_ in ("and", "&") or (
            t.ent_type_ and t.ent_type_ != toks[-1].ent_type_) for t in tail) \
            or not all(t.text[:1].isupper() or t.lower_ in _ACRONYM_SKIPS for t in tail) \
            or not tail[-1].text[:1].isupper() or tail[0].i != toks[-1].i + 1:
        return toks
    return toks + tail


def _is_title(t: Token) -> bool:
    return t.lower_ in TITLES or t.lower_.rstrip(".") in TITLES or (
        t.lower_.endswith("s") and t.lemma_.lower() in TITLES)


def _only_titles(toks: list[Token]) -> bool:
    """Whether a name is title words only ("Senator"), not a country also used as one ("U.S.")."""
    return all(_is_title(t) for t in toks) and " ".join(t.lower_ for t in toks) not in COUNTRY_OF


def _strip_titles(toks: list[Token], person: bool) -> tuple[list[Token], list[Token]]:
    """(name words, title words): for a person, everything up to the last title goes.

    "Ohio Democratic Party Chairman David Pepper" → "David Pepper", "Mr. King" → "King",
    but "John King" and "Martin Luther King Jr." stay whole.
    """
    titles: list[Token] = []
    if person:
        cut = -1
        for k, t in enumerate(toks[:-1]):
            rest = toks[k + 1:]
            if _is_title(t) and any(r.lower_.rstrip(".") not in _SUFFIXES and r.pos_ in ("PROPN", "X")
                                    for r in rest):
                cut = k
        if cut >= 0:
            titles, toks = toks[:cut + 1], toks[cut + 1:]
        while len(toks) > 1 and (_is_title(toks[0]) or toks[0].pos_ not in ("PROPN", "X") or (
                # a role leading a full name: "Activist Angela Davis"
                len(toks) > 2 and toks[0].lower_ in PERSON_NOUNS and not _is_given_name(toks[0].text))):
            titles.append(toks.pop(0))
    while len(toks) > 1 and toks[0].lower_ in _DEFINITE:
        toks.pop(0)
    return toks, titles


def _display(text: str, toks: list[Token]) -> str:
    """The name as written, without stray marks the tokeniser left on it ('">Sanders')."""
    shown = text[toks[0].idx:toks[-1].idx + len(toks[-1])]
    start = next((i for i, c in enumerate(shown) if c.isalnum()), 0)
    return shown[start:]


def _conjoined(span: Span, root: Token) -> str | None:
    """The text of a source naming several speakers together ("Obama and Clinton", "the
    nominee and his aides"): a group of its own, never one of them. None for one speaker."""
    def someone(t: Token) -> bool:
        return t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or (
            t.pos_ == "NOUN" and t.lemma_.lower() in _LATENT_NOUNS)

    def determined(t: Token) -> bool:
        return any(c.dep_ in ("det", "poss") for c in t.children)

    if not someone(root):
        return None
    for c in root.children:
        # after a description, only a phrase of its own is someone else: "the nominee and his
        # aides", not "the former secretary and current nominee", "his wife and Senator X"
        if root.pos_ == "NOUN" and not determined(c):
            continue
        if c.dep_ == "conj" and span.start <= c.i < span.end and someone(c) and any(
                t.dep_ == "cc" and t.ent_iob_ == "O" for t in span.doc[root.i + 1:c.i]):
            return span.text.strip(" ,")  # not "Smith & Wesson": one name holds its "&"
    return None


def _trailing_person(span: Span, root: Token) -> Token:
    """The person named at the end of a source whose parse roots it elsewhere, when only
    places, bodies and titles precede the name: "Tulsa police Chief Chuck Jordan", a dateline's
    "WASHINGTON -- President Obama". Not "a spokesman for Hillary Clinton", "Trump's aide
    Dan Scavino" or "Trump and Mike Pence": there the name is not the whole speaker."""
    last = span[-1]
    if last.ent_type_ != "PERSON" or root.ent_type_ == "PERSON" or root.i == last.i:
        return root
    begin = last.i
    while begin > span.start and span.doc[begin].ent_iob_ == "I":
        begin -= 1  # back to the first word of the name
    before = span.doc[span.start:begin]
    if not len(before) or any(t.pos_ in ("ADP", "CCONJ", "PRON", "DET") or t.tag_ == "POS"
                              or t.dep_ == "case" for t in before):
        return root
    return last


def _common_noun_in_capitals(root: Token, det: str, headline: bool) -> bool:
    """Whether a word the tagger read as a name is a common noun: a kind of body after "a"
    ("a super PAC"), or people in a headline's or a shout's capitals ("Black Lawmakers Rip …",
    "FELLOW DOCTORS DON'T WANT …")."""
    if det in ("a", "an") and root.ent_type_ != "PERSON" and not any(
            c.dep_ in ("compound", "flat") and c.pos_ == "PROPN" for c in root.children):
        return True
    low = root.lower_
    return (headline or root.text.isupper()) and low.endswith("s") and (
        low[:-1] in _PEOPLE_NOUNS or root.lemma_.lower() in _PEOPLE_NOUNS)


def _in_party_tag(tok: Token) -> bool:
    """Whether a word lies in a party-and-place tag after a politician's name: "(D-Newport
    News)", "(R-Texas)"."""
    doc = tok.doc
    for i in range(tok.i, max(tok.i - 6, 0), -1):
        if doc[i].text == ")":
            return False
        if doc[i].text == "(":
            return i + 2 < len(doc) and doc[i + 1].text in ("D", "R", "I") and doc[i + 2].text == "-"
    return False


def _before_relative(span: Span, root: Token) -> Token:
    """The noun a source's relative clause describes, when the parse roots the source in that
    clause's verb ("Aisha Bello, whose 12-year-old was among those freed": "Bello" the subject
    of "was"): the head of the words before ", who", ", whose" or ", which"."""
    doc = span.doc
    for k in range(span.start + 1, span.end - 1):
        if doc[k].text == "," and doc[k + 1].lower_ in RELATIVE_PRONOUNS - {"that"} \
                and doc[k + 1].tag_ in ("WP", "WP$", "WDT"):
            head = doc[span.start:k].root
            return head if head.pos_ in ("PROPN", "NOUN") else root
    return root


def _lower_case_word(tok: Token) -> bool:
    """A word in lower case, which heads no name whatever its tags ("The Gaza health
    ministry"); the end of a hyphenated name ("Hye-ah") and a handle ("@nycsouthpaw") are no
    such word."""
    doc = tok.doc
    return tok.text.islower() and not tok.text.startswith("@") and not (
        tok.i > 0 and doc[tok.i - 1].text in ("-", "@") and not doc[tok.i - 1].whitespace_)


def _kin_root(root: Token) -> Token:
    """The noun of a hyphenated relation the parser splits ("ex-wife" as "ex", "-", "wife")."""
    doc = root.doc
    if root.lower_ == "ex" and root.i + 2 < len(doc) and doc[root.i + 1].text == "-" \
            and doc[root.i + 2].lemma_.lower() in PERSON_NOUNS:
        return doc[root.i + 2]
    return root


def _possessor(root: Token) -> Token | None:
    """Whose relative a noun names: "his" of "his ex-wife", "Scott" of "Keith Scott's wife"."""
    heads = [root]
    if root.i >= 2 and root.doc[root.i - 1].text == "-":
        heads.append(root.doc[root.i - 2])  # "His ex-wife": the parser hangs "His" on "ex"
    return next((c for h in heads for c in h.children if c.dep_ == "poss"), None)


def _relative_names(doc: Doc) -> list[tuple[str, Token | None, list[list[Token]]]]:
    """Relatives the article names with their relation: (kinship noun, its possessor, the
    names), from "my parents, James and Olive Meehan", "his wife, Rakeyia Scott", "Rakeyia
    Scott, his wife" and "wife Ivana". A name the coordination leaves without its surname
    takes the last one's ("James" and "Olive Meehan" are both Meehans)."""
    found: list[tuple[str, Token | None, list[list[Token]]]] = []
    for k in tokens_where(doc, "DEP", ("appos", "compound")):
        tok = doc[k]
        if tok.dep_ == "compound":  # "wife Ivana", "his wife Ivana"
            kin, named, owner = tok, tok.head, _possessor(tok.head)
        elif tok.pos_ == "PROPN":  # "my parents, James and Olive Meehan"
            kin, named, owner = tok.head, tok, _possessor(tok.head)
        else:  # "Rakeyia Scott, his wife"
            kin, named, owner = tok, tok.head, _possessor(tok)
        lemma = kin.lemma_.lower()
        if lemma not in KIN_NOUNS or not kin.text.islower() or named.pos_ != "PROPN" \
                or _in_party_tag(named):
            continue
        heads = [named] + [c for c in named.children if c.dep_ == "conj" and c.pos_ == "PROPN"]
        names = [[t for t in _name_tokens(h) if not t.text.islower()] for h in heads]
        names = [n for n in names if n]
        if len(names) > 1 and len(names[-1]) > 1:
            names = [n + [names[-1][-1]] if len(n) == 1 and _is_given_name(n[0].text) else n
                     for n in names]
        if names:
            found.append((lemma, owner, names))
    return found


def _descriptors(root: Token, exclude: set[int]) -> set[str]:
    """Titles and nouns said of ``root``: its modifiers and appositions ("leader", "agency")."""
    out: set[str] = set()
    for child in root.children:
        if child.i in exclude:
            continue
        if child.dep_ in ("compound", "amod", "nmod") and child.pos_ in ("NOUN", "PROPN", "ADJ"):
            out.add(child.lemma_.lower())
            out.update(t.lemma_.lower() for t in child.subtree if t.i not in exclude and (
                t.pos_ in ("NOUN", "PROPN") or (t.pos_ == "ADJ" and t.text[:1].isupper())))
        elif child.dep_ == "appos":
            out.add(child.lemma_.lower())
            out.update(t.lemma_.lower() for t in child.children
                       if t.dep_ in ("compound", "amod") and t.pos_ in ("NOUN", "PROPN", "ADJ"))
    return out


def _indefinite(tok: Token) -> bool:
    """Whether ``tok`` is the article "a" or "an"."""
    return tok.dep_ == "det" and tok.lower_ in ("a", "an")


def _headline_full_name(m: _Mention, e: _Ent) -> _Mention:
    """The given name and surname a headline's run of capitals holds for person ``e``, known by
    that surname alone (nothing else: ``words`` empty)."""
    words, shown = m.words, m.display.split()
    if e.type == "PERSON" and len(words) == len(shown):
        for i in range(1, len(words)):
            if (words[i],) in e.names and _is_given_name(shown[i - 1]):
                return replace(m, words=words[i - 1:i + 1], display=" ".join(shown[i - 1:i + 1]))
    return replace(m, words=())


#: Words an acronym may leave out ("AROS": Alliance to Reclaim Our Schools).
_ACRONYM_SKIPS = frozenset({"of", "the", "and", "for", "to", "on", "in", "at", "&"})
#: Heads a body's acronym may leave out: the Department of Veterans Affairs is "the VA".
_SHORTENED_HEADS = frozenset({"department", "ministry", "bureau", "office"})


def _acronyms(words: tuple[str, ...]) -> set[str]:
    """The acronyms a multi-word name may go by: its initials with or without the small words,
    hyphenated words counting each part ("AFAD" or "NAACP")."""
    parts = [p for w in words for p in w.replace("-", " ").split()]
    found = {"".join(p[0] for p in parts if p not in _ACRONYM_SKIPS), "".join(p[0] for p in parts)}
    if len(parts) >= 4 and parts[0] in _SHORTENED_HEADS and parts[1] == "of":
        found.add("".join(p[0] for p in parts[2:] if p not in _ACRONYM_SKIPS))  # "VA"
    return found


def _is_body(words: tuple[str, ...]) -> bool:
    """Whether a name is an organisation's, by its head ("Clinton Foundation", "Trump campaign")."""
    return len(words) >= 2 and words[-1] in ORG_HEADS


def _core_name(full: tuple[str, ...]) -> tuple[str, ...]:
    """A person's name without the suffixes after the surname ("Jr.", "III")."""
    end = len(full)
    while end > 1 and full[end - 1].rstrip(".") in _SUFFIXES:
        end -= 1
    return full[:end]


def _middle_name(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether a one-word name is a middle word of a person's full name of three words or more,
    by which the article calls them ("Lula" of "Luiz Inacio Lula da Silva")."""
    core = _core_name(full)
    return len(short) == 1 and len(core) >= 3 and short[0] in core[1:-1] \
        and short[0] not in _NAME_PARTICLES and len(short[0].rstrip(".")) > 2


def _surname_before_suffix(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether a one-word name is the surname of a full name that ends in a suffix ("Biden"
    of "Joseph R. Biden Jr.")."""
    core = _core_name(full)
    return len(short) == 1 and len(core) < len(full) and len(core) >= 2 and core[-1] == short[0]


def _unmarked_person(e: _Ent) -> bool:
    """A source the entity tagger read as a person's that nothing else marks as one: no gender
    from a pronoun, title or given name, no person's role ("Greenpeace", "Human Rights Watch").
    "The group said" right after it takes it up as the body it is; a name only mentioned
    ("… Mitt Romney") is not taken up so."""
    return e.type == "PERSON" and e.speaker and not e.gender and not e.name_gender and not e.plural \
        and not (e.descriptors & _PEOPLE_NOUNS) and not any(
            len(n) >= 2 and _is_given_name(n[0].title()) for n in e.names)


def _names_agree(e: _Ent, m: _Mention) -> bool:
    """Whether a name mention may be entity ``e`` at all: no full name of ``e`` with the same
    surname and another given name ("Rafael Cruz" is not "Ted Cruz"), and no clash between a
    gendered title or given name and what is known of ``e`` ("Mrs. Clinton" is not Bill)."""
    mw = m.words
    if len(mw) >= 2 and not _is_body(mw):
        for n in e.names:
            if len(n) >= 2 and n[-1] == mw[-1] and not _is_body(n) and not same_given(n[0], mw[0]) \
                    and n[-len(mw):] != mw:  # a surname of two words: "Guajardo Villarreal",
                return False  # "de Blasio", "Holtz-Eakin"
    if e.type == "PERSON" or m.type == "PERSON":
        mine = m.gender or (_given_name_gender(m.display.split()[0]) if len(mw) >= 2 and m.display
                            else None)
        # a title against pronouns only ("Ms. Moore" after a "his" read as hers) is no clash
        known = (None if e.pronoun_gender and m.gender else e.gender) or e.name_gender
        if mine and known and mine != known:
            return False
    return True


def headline_end(text: str) -> int:
    """Where an article's headline ends: its first line when short and followed by more text
    (0 when there is none), with the deck it runs on into ("Lawmaker urges retaliation on
    Russia;" above "Member of House panel says …"). Headlines capitalise every word, so names
    read there are weak."""
    cut = text.find("\n")
    if cut <= 0 or not text[cut:].strip() or len(text[:cut].split()) > HEADLINE_WORDS:
        return 0
    if text[:cut].rstrip().endswith(";") and text[cut + 1:cut + 2].strip():
        deck = text.find("\n", cut + 1)  # the deck is the very next line
        if deck > 0 and text[deck:].strip() and len(text[cut:deck].split()) <= HEADLINE_WORDS:
            return deck
    return cut


#: Marks of UTF-8 read as Latin-1 or Windows-1252 ("Ã§", "â€™", "Â ").
_MOJIBAKE = re.compile("[ÃÂâ][\u0080-\u00bf€™œ]|Ã.|â€")
#: A live blog's item break: a line holding only a time ("2:45 p.m.") or a rule ("___.").
_ITEM_BREAK = re.compile(
    r"(?im)^[ \t]*(?:\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\.?|[_*=-]{3,}\.?)[ \t]*$")
#: Party words, each to its party: descriptions that name another party are someone else.
_PARTY = {"democratic": "democratic", "democrat": "democratic", "republican": "republican",
          "gop": "republican", "libertarian": "libertarian", "green": "green"}


def _qualifiers(root: Token) -> dict[str, str]:
    """The proper words that qualify a description ("Democratic", "FBI", "Indiana" of "the
    Indiana governor"), each with its NER label: who it is must be known to be them."""
    near = {root.i, *(c.i for c in root.children)}
    for prep in root.children:  # "a spokeswoman for Hillary Clinton"
        if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "at", "from"):
            near.update(c.i for c in prep.children if c.dep_ == "pobj")
    return {t.lemma_.lower(): t.ent_type_ for t in root.subtree if t.i != root.i and (
        t.pos_ == "PROPN" or (t.ent_type_ in ("NORP", "ORG", "GPE") and t.pos_ in ("ADJ", "NOUN")))
        and t.dep_ != "poss"
        and (t.head.i in near or t.i in near)}


def _is_place(word: str, label: str) -> bool:
    """Whether a qualifier names a place or a nation ("Indiana", "Saudi"), not a party."""
    return label == "GPE" or (label == "NORP" and word not in _PARTY)


def _is_media(words: set[str]) -> bool:
    return bool(words & MEDIA_NOUNS)


class _Resolver:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.ents: list[_Ent] = []
        self.by_word: dict[str, list[int]] = defaultdict(list)
        self.by_desc: dict[str, list[int]] = defaultdict(list)
        # Mention records for pronoun look-back: start offsets, and (entity, sentence, salient).
        self.rec_starts: list[int] = []
        self.recs: list[tuple[int, int, int, bool]] = []
        # Where reported content lies: a pronoun source looks past people named inside it.
        self.reported: list[tuple[int, int]] = []
        starts = doc.to_array("SENT_START") == 1
        starts[:1] = True
        self.sent_of = (np.cumsum(starts) - 1).tolist()
        self.order = 0
        self.headline_end = headline_end(self.text)
        self.quotes: QuoteMap | None = None  # read when a "my" needs it

    # -- reading a mention ------------------------------------------------------------------
    def in_report(self, offset: int) -> bool:
        """Whether ``offset`` lies inside some attribution's content."""
        i = bisect.bisect_right(self.reported, (offset, len(self.text) + 1)) - 1
        return i >= 0 and self.reported[i][0] <= offset < self.reported[i][1]

    def known_name_word(self, tok: Token) -> bool:
        """A capitalised word the tagger read as a common noun that is a word of a name the
        article already gave ("Trump urges …" after "Donald Trump"), or a surname misspelt
        ("Wines believes …" after "Leslie Wimes")."""
        return tok.pos_ == "NOUN" and tok.text[:1].isupper() and not tok.text.isupper() \
            and tok.tag_ in ("NN", "NNS") and (
                tok.lower_ in self.by_word or (
                    not any(c.dep_ == "det" for c in tok.children)
                    and self.match_misspelt(tok.lower_, swapped=True) is not None))

    def analyse(self, start: int, end: int, root: Token | None = None) -> _Mention:
        span = _tokens_of(self.doc, start, end)
        if span is None and root is None:
            return _Mention(start, end, None, "other", "OTHER", display=self.text[start:end])
        if root is None:
            assert span is not None
            root = span.root
            # A span cut short of its head ("Supreme Leader Ayatollah Ali" of "… Khamenei").
            while root.dep_ in ("compound", "flat", "amod") and root.head.i == span.end \
                    and root.head.text[:1].isupper() and not _cue_verb_form(root.head) \
                    and not (root.ent_type_ and root.head.ent_type_ != root.ent_type_):
                root = root.head
            # "according to X": the source is the prepositional object.
            for _ in range(3):
                if root.dep_ not in ("prep", "agent") and root.lower_ != "according":
                    break
                nxt = next((c for c in root.children if c.dep_ == "pobj"), None) or next(
                    (c for c in root.children if c.dep_ == "prep" and c.i < span.end), None)
                if nxt is None:
                    break
                root = nxt
            # A source spanning a whole relative clause ("which supports Hamas…") is rooted in
            # the clause's verb: the speaker is the relative pronoun's antecedent.
            first = span[0]
            if root.dep_ in ("relcl", "acl") and first.lower_ in RELATIVE_PRONOUNS \
                    and first.tag_ in ("WP", "WDT") and first.head.i == root.i:
                root = first
            elif root.pos_ in ("VERB", "AUX"):
                root = _before_relative(span, root)
            root = _kin_root(_trailing_person(span, root))
        together = _conjoined(span, root) if span is not None else None
        if together is not None:
            return _Mention(start, end, root, "description", "GROUP", display=together,
                            descriptors=frozenset({root.lemma_.lower()}), plural=True)
        low = root.lower_
        if root.pos_ == "PRON" or low in PRONOUN_TYPES or low in FIRST_PERSON:
            if low in FIRST_PERSON:
                plural = low.startswith(("we", "us", "our"))
                return _Mention(start, end, root, "first", "PERSON", plural=plural)
            if low in RELATIVE_PRONOUNS:
                return _Mention(start, end, root, "relative", "OTHER")
            if low in PRONOUN_TYPES:
                return _Mention(start, end, root, "pronoun", PRONOUN_TYPES[low],
                                plural=PRONOUN_TYPES[low] == "GROUP", gender=PRONOUN_GENDER.get(low))
        if low in RELATIVE_PRONOUNS and root.tag_ in ("WP", "WDT", "WP$"):
            return _Mention(start, end, root, "relative", "OTHER")
        # A common noun with a proper name in apposition or as its head: "the agency, IRNA",
        # also inside a name the tagger found ("the official IRNA news agency").
        role: Token | None = None
        if root.pos_ != "PROPN" and (root.ent_type_ not in NER_TYPES or root.pos_ == "NOUN"):
            # a name's last word may be tagged otherwise ("Lee Soo-ah": "ah" an interjection)
            appos = [c for c in root.children if c.dep_ == "appos"
                     and (c.pos_ == "PROPN" or c.ent_type_ in ("PERSON", "ORG"))]
            if appos and span is not None and _in_party_tag(appos[0]):
                # "Scott's niece, state Del. Marcia Price (D-Newport News)": the person, not
                # the party and district the parser hung the name on
                appos = [t for t in span if t.ent_type_ == "PERSON" and t.i > root.i][:1]
            if not appos and root.lemma_.lower() in PERSON_NOUNS and span is not None:
                # "An attorney for Pagliano, Mark MacDougall,": the parse hangs the name on
                # the client; a source ending in it names the attorney
                appos = [a for p in root.children if p.dep_ == "prep"
                         for o in p.children if o.dep_ == "pobj" and o.pos_ == "PROPN"
                         for a in o.children if a.dep_ == "appos" and a.ent_type_ == "PERSON"
                         and a.i < span.end and all(t.is_punct for t in span.doc[a.i + 1:span.end])]
            if not appos and root.dep_ == "nsubj" and root.head.lemma_ == "be" \
                    and root.lemma_.lower() in PERSON_NOUNS:
                # "If the candidate is Donald Trump": the role is the name it is said to be
                appos = [c for c in root.head.children if c.dep_ == "attr" and c.pos_ == "PROPN"
                         and c.ent_type_ == "PERSON"]
            if not appos and root.lemma_.lower() in PERSON_NOUNS and span is not None:
                # one person by a role and a name: "his wife and current Democratic nominee
                # Hillary Clinton" (a group of two when the name has a role of its own first:
                # "the nominee and his wife, Ann")
                appos = [c for c in root.children if c.dep_ == "conj" and c.ent_type_ == "PERSON"
                         and c.i < span.end and not any(d.dep_ in ("det", "poss", "appos")
                                                          for d in c.children)]
            if appos and (root.lemma_.lower() in ORG_NOUNS | PERSON_NOUNS
                          or appos[0].ent_type_ in ("PERSON", "ORG")):  # "Trump's running mate, Mike Pence"
                role = root  # what the name is described as: "the harbour minister, Tomas Arvelo"
                root = appos[0]
            elif root.pos_ == "NOUN" and root.lemma_.lower() in MEDIA_NOUNS | {"group", "union"}:
                # a body named by the proper noun before its head: "state-run Anadolu news
                # agency", "the White Helmets rescue group", "the NMU union"
                names = [c for c in root.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
                after = root.doc[root.i + 1] if span is not None and root.i + 1 < span.end else None
                if not names and after is not None and after.pos_ == "PROPN" and after.head.i != root.i:
                    # "state news agency Xinhua", parsed as two subjects: the name after it
                    names = [after]
                if names:
                    role, root = root, names[-1]
        det = next((c.lower_ for c in root.children if c.dep_ in ("det", "nummod", "predet")), "")
        if root.lower_ in _PARTY and det in _DEFINITE and not root.text.endswith("s"):
            # "The Republican said …": a member of the party, described by it
            party = _PARTY[root.lower_]
            return _Mention(start, end, root, "description", "PERSON", display=root.text,
                            descriptors=frozenset({root.lower_, party}), determiner=det)
        if (((root.pos_ == "PROPN" or (root.ent_type_ in NER_TYPES and root.pos_ != "NOUN"))
                and not _lower_case_word(root)) or self.known_name_word(root)) \
                and not (root.ent_type_ != "PERSON" and _only_titles(_name_tokens(root))) \
                and not _common_noun_in_capitals(root, det, start < self.headline_end):
            label = NER_TYPES.get(root.ent_type_, "")
            if role is not None and label in ("GPE", "PERSON") and root.ent_type_ != "NORP" \
                    and role.lemma_.lower() in (ORG_NOUNS | MEDIA_NOUNS) - PERSON_NOUNS:
                label = "ORG"  # "state news agency Xinhua", "the environmental group Greenpeace"
            if any(c.dep_ == "compound" and c.text.islower() and c.lemma_.lower() in KIN_NOUNS
                   for c in root.children):
                label = "PERSON"  # "wife Ivana", whatever place the tagger took her for
            toks = _name_tokens(root)
            if not toks:
                toks = [root]
            if span is not None:
                toks = _capitalised_run(toks, span)
            title_words = {t.lower_ for t in toks if t.lower_ in TITLES or t.lower_.rstrip(".") in TITLES}
            person = label == "PERSON" or (not label and bool(title_words)) or (
                label == "ORG" and bool(title_words & {"mr.", "mrs.", "ms.", "dr.", "sen.", "rep."}))
            if label == "ORG" and title_words and not person:
                # "Chancellor Olaf Scholz", read as an organisation: a title, then a given name
                # and a surname ("General Motors" and "King Abdullah University" stay bodies)
                rest, _ = _strip_titles(toks, True)
                person = 2 <= len(rest) <= 3 and rest[-1].lower_ not in ORG_HEADS \
                    and _given_name_gender(rest[0].text) is not None
            name, titles = _strip_titles(toks, person or not label)
            words = tuple(t.lower_ for t in name)
            if not label:
                if person:
                    label = "PERSON"
                elif any(w in MEDIA_NAME_WORDS for w in words) or (
                        any(w in _ACRONYM_SKIPS for w in words[1:])) or (
                        len(words) == 1 and name[0].text.isupper()):
                    label = "ORG"
                else:
                    label = "PERSON" if 2 <= len(words) <= 4 and all(t.is_title for t in name) else "OTHER"
            core = [w for w in words if len(w.rstrip(".")) > 1 and w.rstrip(".") not in _SUFFIXES]
            if label == "ORG" and 2 <= len(core) <= 3 and all(t.text[:1].isupper() for t in name) \
                    and (_given_name_gender(name[0].text) or len(core) < len(words)) \
                    and words[-1] not in ORG_HEADS and not any(w in MEDIA_NAME_WORDS for w in words):
                # "Ava DuVernay" read as an organisation: a given name leads, or an initial or
                # a suffix marks a person's name ("Vann R. Newkirk II")
                label = "PERSON"
            if label in ("PERSON", "OTHER") and len(words) >= 2 and not title_words and (
                    words[-1] in ORG_HEADS):
                label = "ORG"  # "Clinton Foundation", "Trump campaign": the head names a body
            exclude = {t.i for t in name}
            desc = _descriptors(root, exclude) | {t.lower_.rstrip(".") for t in titles}
            if role is not None:
                desc |= _descriptors(role, exclude) | {role.lemma_.lower()}
            gender = next((GENDER_TITLES[t.lower_] for t in titles if t.lower_ in GENDER_TITLES), None)
            # "Jimmy Tompkins" is one man though the tagger reads the surname as plural
            # and "Vexa Motors" is one company ("it said"), though its last word is plural
            plural = (root.tag_ == "NNPS" and not (label == "PERSON" and len(words) >= 2)
                      and not (label == "ORG" and words[-1] in COMPANY_SUFFIXES)) or (
                label == "NORP" and root.text.endswith("s"))
            display = _display(self.text, name)
            place = next((c for c in root.children if _place_possessor(c) and c.i < name[0].i), None)
            if label == "ORG" and place is not None and len(words) <= 3 and words[-1] in ORG_HEADS:
                # "Russia's Defense Ministry" is not Ukraine's: the country stays in the name
                # (its words still match "the Defense Ministry")
                display = f"{_display(self.text, [place])}'s {display}"
            return _Mention(start, end, root, "name", label, words, display,
                            frozenset(desc), det, plural, gender)
        # A description: "the president", "Israeli officials", "The Hamas government".
        lemma = root.lemma_.lower()
        owner = next((c for c in root.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
        if lemma in OWNED_WORDS and owner is None:
            # "the McKinley plan", "a speech Mrs. Clinton delivered"
            last = span.end if span is not None else len(self.doc)
            owner = next((c for c in root.children if c.dep_ == "compound" and c.pos_ == "PROPN"),
                         None) or next(
                (s for c in root.children if c.dep_ == "relcl" and c.i < last
                 for s in c.children if s.dep_ == "nsubj" and s.pos_ == "PROPN"), None)
        if lemma in OWNED_WORDS and owner is None and det in _DEFINITE:
            owner = self.earlier_maker(root)  # "In a statement, X called …" then "The statement"
        if lemma in OWNED_WORDS and owner is not None:
            # "Mr. Obama's announcement", "Mrs. Clinton's plan": what they say is the owner's
            m = self.analyse(owner.left_edge.idx, owner.idx + len(owner), owner)
            m.start, m.end = start, end
            return m
        if lemma in _QUANTITY_HEADS or root.pos_ == "NUM":
            # "52 percent of registered voters", "most of the delegates": a group of the pobj.
            of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
            if pobj is not None and pobj.tag_ in ("NNS", "NNPS"):
                desc = _descriptors(root, set()) | {pobj.lemma_.lower()}
                text = self.text[max(start, root.left_edge.idx):end].strip(" ,")
                of_what = pobj.lemma_.lower()
                if root.lower_ == "one" and of_what not in DOCUMENT_NOUNS | PLACE_NOUNS \
                        and not any(c.dep_ in ("cc", "conj") for c in root.children):  # "one or more"
                    # "one of our engineers", "one of the companies": one of them, unnamed
                    body = of_what in ORG_NOUNS | MEDIA_NOUNS
                    return _Mention(start, end, root, "description", "ORG" if body else "PERSON",
                                    display=text, descriptors=frozenset(desc), determiner="a")
                return _Mention(start, end, root, "description", "GROUP", display=text,
                                descriptors=frozenset(desc), determiner="a", plural=True)
        if root.lower_ in ORG_NOUNS:  # "media", "press": the lemmatiser singularises them
            lemma = root.lower_
        plural = root.tag_ in ("NNS", "NNPS")
        if root.tag_ == "NNP" and lemma.endswith("s") and lemma[:-1] in _PEOPLE_NOUNS:
            lemma, plural = lemma[:-1], True  # "Black Lawmakers Rip …": a headline's capitals
        if lemma in ORG_NOUNS or lemma in MEDIA_NOUNS:
            etype = "ORG"
        elif lemma in PLACE_NOUNS and not plural:
            etype = "GPE"
        elif plural and (lemma in GROUP_NOUNS or lemma in PERSON_NOUNS):
            etype = "GROUP"
        elif lemma in PERSON_NOUNS:
            etype = "PERSON"
        elif plural and lemma not in DOCUMENT_NOUNS:  # "data", "statistics" are no people
            etype = "GROUP"
        else:
            etype = "OTHER"
        desc = _descriptors(root, set()) | {lemma}
        left = root.left_edge.idx if span is None else min(root.left_edge.idx, span.start_char)
        right = root.idx + len(root)
        for child in root.rights:  # keep "of the Democratic Party" style modifiers
            if child.dep_ in ("prep", "compound", "amod") and child.right_edge.idx < end:
                right = child.right_edge.idx + len(child.right_edge)
            elif lemma in DOCUMENT_NOUNS and child.dep_ == "acl" and child.tag_ == "VBN":
                # a work's author: "research conducted by the Center for …"
                agent = next((c for c in child.children if c.dep_ == "agent"), None)
                if agent is not None and agent.right_edge.idx < end:
                    right = agent.right_edge.idx + len(agent.right_edge)
        left = max(left, start)
        text = self.text[left:right].strip(" ,")
        first = text.split(" ", 1)
        if len(first) == 2 and first[0].lower() in _DEFINITE:
            text = first[1]
        return _Mention(start, end, root, "description", etype, display=text or root.text,
                        descriptors=frozenset(desc), determiner=det, plural=plural,
                        gender=None if plural else GENDER_NOUNS.get(lemma))

    def earlier_maker(self, root: Token) -> Token | None:
        """Who made the statement a definite "the statement" takes up: the subject of the
        clause that introduced it a sentence or two before ("In a statement announcing the
        pick, the Association of Flight Attendants called …"), or its possessor there."""
        here = self.sent_of[root.i]
        lemma = root.lemma_.lower()
        for t in reversed(self.doc[:root.i]):
            if here - self.sent_of[t.i] > DESCRIPTION_WINDOW:
                return None
            if t.lemma_.lower() != lemma or t.pos_ != "NOUN":
                continue
            owner = next((c for c in t.children if c.dep_ in ("poss", "compound")
                          and c.pos_ == "PROPN"), None)
            if owner is None and t.dep_ == "pobj" and t.head.dep_ == "prep":
                owner = next((c for c in t.head.head.children if c.dep_ == "nsubj"
                              and (c.pos_ == "PROPN" or c.ent_type_ in NER_TYPES)), None)
            return owner
        return None

    def turn_mention(self, start: int, end: int, label: str) -> _Mention:
        """A transcript turn's label: a role ("HOST", "Q") or a name in capitals ("ARVELO")."""
        low = label.lower().rstrip(".")
        if low in ROLE_LABELS:
            return _Mention(start, end, None, "description", "PERSON", display=ROLE_LABELS[low],
                            descriptors=frozenset({ROLE_LABELS[low]}), determiner="the")
        words = tuple(low.split())
        return _Mention(start, end, None, "name", "PERSON", words, label.title() if label.isupper()
                        else label)

    def interviewee(self, before: int) -> int | None:
        """The person an interview's answers ("A:") belong to: the one the text names most
        often before its first answer (the earliest named, on a tie)."""
        best: tuple[int, int] | None = None
        found = None
        for k, e in enumerate(self.ents):
            if e.type != "PERSON" or not e.names:
                continue
            early = sorted(s for s, _ in e.mentions if s < before)
            if early and (best is None or (len(early), -early[0]) > best):
                best, found = (len(early), -early[0]), k
        return found

    def campaign_name(self, m: _Mention, exclude: list[tuple[int, int]]) -> _Mention | None:
        """A person's campaign as the organisation the news names after its candidate:
        "Donald Trump's campaign", "the Trump camp" and "her campaign" (she being Hillary
        Clinton) are "Trump campaign" and "Clinton campaign", one body across articles."""
        root = m.root
        if root is None or root.lemma_.lower() not in CAMPAIGN_NOUNS or m.plural:
            return None
        owner = next((c for c in root.children if c.dep_ in ("poss", "compound")), None)
        if owner is None:
            return self.candidate_campaign(m, exclude) if m.determiner == "the" else None
        surname: str | None = None
        if owner.pos_ == "PRON" and owner.lower_ in PRONOUN_GENDER:
            ref = _Mention(owner.idx, owner.idx + len(owner), owner, "pronoun", "PERSON",
                           gender=PRONOUN_GENDER[owner.lower_])
            surname = self.surname(self.match_pronoun(ref, exclude))
        elif owner.pos_ == "PROPN" or self.known_name_word(owner):
            surname = owner.text
        if not surname or not surname[:1].isupper():
            return None
        if root.lemma_.lower() in TEAM_NOUNS and not any(
                self.ents[k].type == "PERSON" for k in self.by_word.get(surname.lower(), ())):
            return None  # "the Trump team" is his campaign; "the Patriots team" is no one's
        display = f"{surname} campaign"
        return replace(m, kind="name", type="ORG", words=(surname.lower(), "campaign"),
                       display=display, descriptors=frozenset({"campaign"}), plural=False)

    def surname(self, k: int | None) -> str | None:
        """The surname, as written, of the first full name of entity ``k``."""
        if k is None:
            return None
        full = [d for d, n in zip(self.ents[k].displays, self.ents[k].names, strict=True)
                if len(n) >= 2]
        return full[0].split()[-1] if full else None

    def candidate_campaign(self, m: _Mention, exclude: list[tuple[int, int]]) -> _Mention | None:
        """"The campaign" right after a person whose campaign the article names ("Hillary
        Clinton plans …" then "The campaign says …", "Clinton's campaign" elsewhere): that
        campaign, not the one last called "the campaign" in another story of a live blog."""
        ref = replace(m, kind="pronoun", type="PERSON", gender=None)
        surname = self.surname(self.match_pronoun(ref, exclude, DESCRIPTION_WINDOW))
        if surname is None or not re.search(
                rf"\b{re.escape(surname)}(?:['’]s)? (?:presidential )?campaign\b", self.text):
            return None
        return replace(m, kind="name", type="ORG", words=(surname.lower(), "campaign"),
                       display=f"{surname} campaign", descriptors=frozenset({"campaign"}),
                       plural=False)

    # -- linking ----------------------------------------------------------------------------
    def new(self, m: _Mention) -> int:
        e = _Ent(type=m.type, plural=m.plural, gender=m.gender)
        self.ents.append(e)
        k = len(self.ents) - 1
        if m.kind == "description":
            e.description = m.display
        elif m.kind != "name":
            e.description = m.display or self.text[m.start:m.end]
        return k

    def attach(self, k: int, m: _Mention, speaker: bool) -> None:
        e = self.ents[k]
        if m.kind == "name" and m.start < self.headline_end and e.names:
            # a headline gives the full name the body shortens ("Hillary Clinton Goes After …"
            # above "Clinton said"), but not its run of capitalised words ("Washington Post Trump")
            m = _headline_full_name(m, e)
        if m.kind == "name" and m.words:
            if m.type != "OTHER" and all(len(m.words) >= len(n) for n in e.names):
                e.type = m.type  # the fullest name's type wins ("Smith" ORG, "Dr. Alan Smith")
            e.add_name(m.words, m.display)
            for w in m.words:
                if k not in self.by_word[w]:
                    self.by_word[w].append(k)
        if m.kind == "description":
            key = m.display.lower()
            if k not in self.by_desc[key]:
                self.by_desc[key].append(k)
            if m.root is not None:
                e.described.append((m.root.lemma_.lower(), m.root))
        if m.root is not None and m.kind in ("description", "name"):
            e.places |= {q for q, label in _qualifiers(m.root).items() if _is_place(q, label)}
        e.descriptors |= m.descriptors | {ROLE_EQUIVALENTS[d] for d in m.descriptors if d in ROLE_EQUIVALENTS}
        e.media = e.media or (e.type in ("ORG", "OTHER") and _is_media(set(m.descriptors)))
        if e.type == "OTHER" and m.type not in ("OTHER",) and m.kind in ("name", "description"):
            e.type = m.type
        if m.gender and (not e.gender or (e.pronoun_gender and m.kind != "pronoun")):
            # a title or a noun outweighs pronouns, which may have been resolved wrongly
            e.gender, e.pronoun_gender = m.gender, m.kind == "pronoun"
        e.mentions.append((m.start, m.end))
        e.speaker = e.speaker or speaker
        self.order += 1
        e.last = self.order
        if e.first < 0:
            e.first = self.order
        if m.root is not None and not (m.root.ent_type_ == "GPE" and m.root.dep_ == "compound"
                                       and m.root.head.idx >= m.end):
            # a place naming what a noun is ("U.S. senator") is no antecedent of a later "it"
            salient = speaker or m.root.dep_ in ("nsubj", "nsubjpass")
            pos = bisect.bisect_right(self.rec_starts, m.start)
            self.rec_starts.insert(pos, m.start)
            self.recs.insert(pos, (k, self.sent_of[m.root.i], m.end, salient))

    def match_name(self, m: _Mention) -> int | None:
        cands: set[int] = set()
        for w in m.words:
            cands.update(self.by_word.get(w, ()))
        best: int | None = None
        best_key: tuple[int, int, int, int] | None = None
        mw = m.words
        namesakes: list[int] = []
        for k in cands:
            e = self.ents[k]
            if not _names_agree(e, m):
                continue
            ok = False
            for n in e.names:
                if n == mw:
                    ok = True
                elif _is_body(n) or _is_body(mw):
                    # "Clinton Foundation" is not Clinton, "Trump campaign" not Trump; but
                    # "Patriot" is Patriot Coal
                    ok = (e.type == m.type == "ORG" and n[-len(mw):] == mw and len(mw) > 1) or (
                        e.type == "ORG" and n[-1] in COMPANY_SUFFIXES and len(mw) < len(n)
                        and n[:len(mw)] == mw and m.type in ("ORG", "PERSON", "OTHER"))
                elif "PERSON" in (e.type, m.type) and ({e.type, m.type} <= {"PERSON", "OTHER", "ORG"} or (
                        # the tagger reads some surnames as places or plurals ("McAuliffe has
                        # said", "Sanders" as NNPS)
                        min(len(mw), len(n)) == 1 and " ".join(min(mw, n, key=len)) not in COUNTRY_OF)):
                    sm, sn = set(mw), set(n)
                    if (sm < sn and (mw[-1] == n[-1] or (len(mw) == 1 and mw[0] == n[0]
                                                         and e.type == "PERSON")
                                     or (e.type == "PERSON" and (_middle_name(mw, n)
                                                                 or _surname_before_suffix(mw, n))))) or \
                            (sn < sm and (n[-1] == mw[-1] or (
                                # "wife Ivana", then "Ivana Trump"
                                len(n) == 1 and n[0] == mw[0] and m.type == "PERSON"
                                and e.type == "PERSON" and _is_given_name(m.display.split()[0])))):
                        ok = True
                elif e.type == m.type and e.type in ("ORG", "OTHER"):
                    short, long_ = (mw, n) if len(mw) < len(n) else (n, mw)
                    if long_[-len(short):] == short and short[-1] not in ORG_NOUNS:
                        ok = True
                if not ok and e.type == "ORG" and not _is_body(n) and len(mw) < len(n) \
                        and n[:len(mw)] == mw and (m.type in ("ORG", "OTHER") or (
                            m.type == "PERSON" and not any(self.ents[j].type == "PERSON"
                                                           for j in cands))):
                    # a company by the first words of its name, which the tagger may read as a
                    # person's when no person of that name is known: "Castelli" after
                    # "Castelli Logistics"
                    ok = True
                if ok:
                    break
            if not ok:
                continue
            # Among namesakes, a short name goes to one of the gender its own clause gives
            # ("Clinton allowed her staff …" is Hillary Clinton right after Bill Clinton), then
            # to whoever it already named, then to one already quoted, then to the latest:
            # "Cruz" is Ted Cruz after "his father, Rafael Cruz, is a pastor".
            namesakes.append(k)
        said = self.clause_gender(m) if len(namesakes) > 1 else None
        if said is not None and not any((self.ents[k].gender or self.ents[k].name_gender) == said
                                        for k in namesakes):
            said = None  # no namesake of that gender: the pronoun is someone else's
        for k in namesakes:
            e = self.ents[k]
            known = e.gender or e.name_gender
            # an entity the article calls by a middle name ("Lula" of "Luiz Inacio Lula da
            # Silva") is not the one its surname alone names ("Silva" is Marina Silva)
            nicknamed = any(_middle_name(x, n) and x != mw for x in e.names for n in e.names)
            key = (int(said is None or known in (None, said)), int(not nicknamed), int(mw in e.names),
                   int(e.speaker), e.last)
            if best_key is None or key > best_key:
                best, best_key = k, key
        if best is None and m.type in ("PERSON", "OTHER") and len(mw) == 1:
            best = self.match_misspelt(mw[0])
        elif best is None and m.plural and len(mw) == 1 and m.root is not None \
                and m.root.tag_ == "NNPS":
            best = self.match_misspelt(mw[0], swapped=True)  # "Wines", tagged as a plural
        if best is None and len(mw) == 1 and len(mw[0]) >= 2:
            acro = mw[0].replace(".", "")
            for k, e in enumerate(self.ents):
                if e.type in ("ORG", "GPE", "OTHER") and any(acro in _acronyms(n) for n in e.names
                                                             if len(n) > 2 or e.type != "OTHER"):
                    best = k
        if best is None and m.type in _PLACE_TYPES:
            best = self.match_country(m)
        return best

    def clause_gender(self, m: _Mention) -> str | None:
        """The gender the pronouns of the clause a name is the subject of give ("Clinton
        allowed her staff …", "In her book, Clinton noted …"), when they give one."""
        root = m.root
        if root is None or root.dep_ not in ("nsubj", "nsubjpass"):
            return None
        verb = root.head
        said = set()
        for t in verb.subtree:
            gender = PRONOUN_GENDER.get(t.lower_)
            if gender is None:
                continue
            u = t.head
            while u != verb and not any(c.dep_ in ("nsubj", "nsubjpass") for c in u.children):
                u = u.head
            if u == verb:  # no clause with a subject of its own between them
                said.add(gender)
        return said.pop() if len(said) == 1 else None

    def match_misspelt(self, word: str, swapped: bool = False) -> int | None:
        """The one person whose surname ``word`` misspells by one letter ("McLenney" for
        Tyresha McClenney; with ``swapped``, only a letter for another: "Wines" for Leslie
        Wimes, never "Parents" for Tom Parent); None when no person's or more than one
        person's does. Short surnames never match (one letter is half of "Li")."""
        if len(word) < MISSPELT_MIN_LENGTH:
            return None
        from rapidfuzz.distance import Levenshtein

        found = {k for k, e in enumerate(self.ents) if e.type == "PERSON" for n in e.names
                 if len(n) >= 2 and n[-1][:1] == word[:1]
                 and (not swapped or len(n[-1]) == len(word))
                 and Levenshtein.distance(n[-1], word, score_cutoff=1) == 1}
        return found.pop() if len(found) == 1 else None

    def match_headline_name(self, m: _Mention) -> int | None:
        """A headline's run of capitalised words holding a name of the article ("Washington
        Post Trump", "Obama Sees 'Personal Insult'"): the entity whose name it holds, the one
        named by its last words first."""
        best: int | None = None
        best_key: tuple[int, int, int] | None = None
        for k, e in enumerate(self.ents):
            for n in e.names:
                if set(n) <= set(m.words):
                    key = (int(n[-1] in m.words[-len(n):]), len(n), len(e.mentions))
                    if best_key is None or key > best_key:
                        best, best_key = k, key
        return best

    def lede_speaker(self, m: _Mention) -> int | None:
        """The speaker a headline describes by role only ("Lawmaker Urges …", "Former White
        House Doctor Says …"): whom the first ``LEDE_SENTENCES`` sentences of the body describe
        by that role, else the first named speaker of the same type they introduce. Not groups,
        anonymous sources, documents, or a speaker holding another title."""
        if m.root is None or m.plural or m.kind not in ("description", "name"):
            return None
        heads = {m.root.lemma_.lower(), m.root.lower_} | set(m.words[-1:])
        lead = self.text[m.start:m.end].lower().split()
        member_of = len(lead) > 2 and lead[0] in PERSON_NOUNS and lead[1] == "of"
        if member_of:
            # "Member of House panel": a member, whatever the parse's head, of a body the
            # headline names (no anonymous source), whose words qualify the body, not the person
            heads = {lead[0]}
        person = bool(heads & PERSON_NOUNS)
        body = bool(heads & (ORG_NOUNS | MEDIA_NOUNS))
        if (heads & DOCUMENT_NOUNS) or (heads & ANONYMOUS_NOUNS and not member_of) \
                or not (person or body):
            return None
        roles = PERSON_NOUNS | ORG_NOUNS | MEDIA_NOUNS | TITLES
        if m.kind == "name" and any(w not in roles for w in m.words) and not (
                m.words[-1] in roles and not any(
                    w in self.by_word or _is_given_name(w.title()) for w in m.words[:-1])):
            # a name of its own, not a role: "Obama Says", not "Popular Website Shows Bias"
            return None
        lede = self.lede_sentence()
        if lede is None:
            return None
        last_sent = lede + LEDE_SENTENCES - 1

        def in_lede(e: _Ent) -> int | None:
            first = self.body_start(e)
            return first[0] if first is not None and first[1] <= last_sent else None

        role = heads & (PERSON_NOUNS | ORG_NOUNS | MEDIA_NOUNS)
        described = [(first, k) for k, e in enumerate(self.ents) if not e.names
                     and role & {lemma for lemma, _ in e.described}
                     and (first := in_lede(e)) is not None]
        if described:
            return min(described)[1]  # "Judge Blocks Law" above "A federal judge blocked …"
        best: tuple[tuple[int, int], int] | None = None
        for k, e in enumerate(self.ents):
            if not e.names or not e.speaker or e.plural or e.kind() != "named" or \
                    e.type != ("PERSON" if person else "ORG"):
                continue
            first = in_lede(e)
            if first is None or (m.kind == "description" and not member_of
                                 and self.contradicts(m, k)):
                continue
            if heads & TITLES and e.descriptors & TITLES and not heads & e.descriptors:
                continue  # a title the speaker does not hold ("Judge" is no attorney general)
            # one known by the headline's role first ("Doctor Says" is Dr. Connie Mariano,
            # not the patient the lede names before her)
            holds = heads & (e.descriptors | {ROLE_EQUIVALENTS.get(d) for d in e.descriptors})
            key = (0 if holds else 1, first)
            if best is None or key < best[0]:
                best = (key, k)
        return best[1] if best else None

    def lede_sentence(self) -> int | None:
        """The sentence index of the body's first sentence, the lede; a dateline the parser
        split off ("KHARTOUM, June 9 (Reuters) -") is not one: it has no verb."""
        first_body = next((t.i for t in self.doc if t.idx >= self.headline_end and not t.is_space),
                          None)
        if first_body is None:
            return None
        sent = self.doc[first_body].sent
        if not any(t.pos_ in ("VERB", "AUX") for t in sent) and sent.end < len(self.doc):
            return self.sent_of[sent.end]
        return self.sent_of[first_body]

    def item_ledes(self) -> list[int]:
        """The lede and, in a live blog, the first sentence of each item: the one after a line
        holding only a time ("2:45 p.m.") or a rule ("___")."""
        lede = self.lede_sentence()
        if lede is None:
            return []
        breaks = [m.span() for m in _ITEM_BREAK.finditer(self.text, self.headline_end)]
        ledes = [lede]
        if not breaks:
            return ledes  # no live blog: spare every article a list of its tokens' offsets
        starts = [t.idx for t in self.doc]
        for _, end in breaks:
            k = bisect.bisect_left(starts, end)
            while k < len(starts) and (self.doc[k].is_space or any(
                    s <= starts[k] < e for s, e in breaks)):
                k += 1
            if k < len(starts) and self.sent_of[k] not in ledes:
                ledes.append(self.sent_of[k])
        return ledes

    def body_start(self, e: _Ent) -> tuple[int, int] | None:
        """Where an entity is first mentioned below the headline: (offset, sentence index)."""
        starts = [s for s, _ in e.mentions if s >= self.headline_end]
        tok = self.doc.char_span(min(starts), min(starts) + 1, alignment_mode="expand") \
            if starts else None
        return (min(starts), self.sent_of[tok[0].i]) if tok is not None else None

    def name_described(self) -> dict[int, int]:
        """Speakers the article only describes, merged into the one named entity known by
        that description anywhere in it ("A New York judge ruled …" then "Judge Frank Nervo";
        "the New York businessman" and "New York businessman Donald Trump"): old → new."""
        merged: dict[int, int] = {}
        for k, e in enumerate(self.ents):
            if e.names or not e.described or e.plural or not e.speaker:
                continue
            cands: set[int] = set()
            for lemma, root in e.described:
                if lemma in ANONYMOUS_NOUNS or lemma in DOCUMENT_NOUNS or any(
                        c.dep_ == "poss" and c.pos_ == "PRON" for c in root.children):
                    # a study is not the body whose name holds "research", nor "his lawyer"
                    # whichever lawyer the article names
                    cands = set()
                    break
                m = _Mention(root.idx, root.idx + len(root), root, "description", e.type)
                # its own words, not a name inside it ("which includes the Annenberg Institute")
                words = {t.lower_ for t in root.subtree if t.pos_ != "PROPN"}
                found = {j for j, o in enumerate(self.ents) if o.names and j != k
                         and _known_as(o, lemma, words)
                         and o.type in ({"PERSON"} if e.type == "PERSON" else {"ORG", "GPE", "OTHER"})
                         and not o.plural and not self.contradicts(m, j, skip=k)}
                if len(found) > 1:
                    # "a federal appeals court": the U.S. Court of Appeals, not the Supreme Court
                    shared = {j: len(words & {w for n in self.ents[j].names for w in n})
                              for j in found}
                    found = {j for j in found if shared[j] == max(shared.values())}
                cands = found if not cands else cands & found
            if len(cands) == 1:
                merged[k] = self.absorb(k, cands.pop())
        return merged

    def absorb(self, k: int, j: int) -> int:
        """Merge speaker ``k`` into entity ``j``, which speaks for it from now on; ``j``."""
        self.ents[j].mentions.extend(self.ents[k].mentions)
        self.ents[j].speaker = True
        self.ents[k].speaker = False
        return j

    def name_lede(self) -> dict[int, int]:
        """A lede's speaker introduced by role and named in the next sentence ("A former
        Democratic National Committee chairman says …" then "“…,” said Don Fowler"; "A House
        panel voted …" then "The House Oversight Committee voted …"; a live blog item's
        "Connecticut's tax commissioner says …" then "Kevin Sullivan says …"), merged into that
        named speaker: old → new. Only a singular person or body described with "a", "an" or a
        place's possessive, not an anonymous source, and only when the next sentence has one
        named speaker of its type who is not known by another role."""
        ledes = set(self.item_ledes())
        if not ledes:
            return {}
        sent_at = {k: first[1] if (first := self.body_start(e)) else None
                   for k, e in enumerate(self.ents)}
        merged: dict[int, int] = {}
        for k, e in enumerate(self.ents):
            if e.names or not e.speaker or e.plural or e.type not in ("PERSON", "ORG") \
                    or sent_at[k] not in ledes:
                continue
            roots = [root for lemma, root in e.described if root.idx >= self.headline_end]
            if not roots or any(lemma in ANONYMOUS_NOUNS for lemma, _ in e.described):
                continue
            lemma = roots[0].lemma_.lower()
            # "their union said …" then "The ASLEF union said …": a body known by whose it is,
            # named with the same noun
            owned = e.type == "ORG" and any(c.dep_ == "poss" and c.pos_ == "PRON"
                                            for c in roots[0].children)
            if not owned and not any(
                    _indefinite(c) or _place_possessor(c)
                    # "a doctors' group": the article belongs to the possessor
                    or (c.dep_ == "poss" and any(_indefinite(d) for d in c.children))
                    for c in roots[0].children):
                continue
            named = [j for j, o in enumerate(self.ents) if o.names and o.type == e.type
                     and o.speaker and not o.plural and sent_at[j] == sent_at[k] + 1]
            # not someone known by another role ("Attorney General Ken Paxton" for "a judge")
            named = [j for j in named if not (self.ents[j].descriptors & (PERSON_NOUNS | TITLES))
                     - {lemma, ROLE_EQUIVALENTS.get(lemma)}
                     and (not owned or self.known_as(j, lemma))]
            if len(named) != 1:
                continue
            j = named[0]
            m = _Mention(roots[0].idx, roots[0].idx + len(roots[0]), roots[0], "description", e.type)
            if self.contradicts(m, j, skip=k, names=False):  # the DNC is what he chaired
                continue
            place = {c.lower_ for c in roots[0].children if _place_possessor(c)}
            if place and self.place_possessors(j) - place:
                continue  # "Ukraine's air force said …" is not "Russia's Defense Ministry"
            merged[k] = self.absorb(k, j)
        return merged

    def place_possessors(self, k: int) -> set[str]:
        """The places whose possessive comes before a mention of entity ``k`` ("Russia's")."""
        found: set[str] = set()
        for s, e in self.ents[k].mentions:
            span = self.doc.char_span(s, e, alignment_mode="expand")
            if span is not None:
                found |= {c.lower_ for t in span for c in t.children if _place_possessor(c)}
        return found

    def placed_only(self, k: int) -> bool:
        """Whether every mention of entity ``k`` is the object of a preposition of place ("I have
        lived in Eastbrook", which the entity tagger took for a person): no one to describe."""
        for s, e in self.ents[k].mentions:
            span = self.doc.char_span(s, e, alignment_mode="expand")
            root = span.root if span is not None else None
            if root is None or root.dep_ != "pobj" or root.head.lower_ not in PLACE_PREPOSITIONS:
                return False
        return bool(self.ents[k].mentions)

    def known_as(self, k: int, noun: str) -> bool:
        """Whether entity ``k`` is described by ``noun`` or named with it ("The ASLEF union")."""
        return noun in self.ents[k].descriptors or any(
            noun in self.text[s:e + len(noun) + 2].lower().split() for s, e in self.ents[k].mentions)

    def name_relatives(self) -> dict[int, int]:
        """Speakers described by kinship, merged into the relative the article names: "my
        father" into James Meehan of "my parents, James and Olive Meehan", "Keith Lamont
        Scott's wife" into the one woman named Scott besides him ("Rakeyia Scott"), "his
        ex-wife" (his being Donald Trump's) into Ivana Trump of "wife Ivana". A relative
        named only in the introduction takes that name: old → new."""
        intros: list[tuple[str, Token | None, list[list[Token]]]] | None = None
        merged: dict[int, int] = {}
        for k, e in enumerate(self.ents):
            if e.names or not e.speaker or e.plural or e.type != "PERSON":
                continue
            for lemma, root in e.described:
                if lemma not in KIN_NOUNS or lemma in KIN_COVERS:
                    continue
                owner = self.owner(_possessor(root))
                if owner is None:
                    continue
                if intros is None:  # read once, and only for an article with such a speaker
                    intros = _relative_names(self.doc)
                named = self.introduced_relative(lemma, owner, intros)
                if named is not None:
                    words, display = named
                    surname = self.surname(owner) if isinstance(owner, int) else None
                    if len(words) == 1 and surname:
                        # "Donald Trump's divorce from wife Ivana": she is Ivana Trump where
                        # the article names her so
                        full = self.match_name(_Mention(root.idx, root.idx, None, "name", "PERSON",
                                                        (words[0], surname.lower())))
                        if full is not None:
                            words, display = (words[0], surname.lower()), f"{display} {surname}"
                    j = self.match_name(_Mention(root.idx, root.idx, None, "name", "PERSON",
                                                 words, display))
                    if j is None or j == k or self.ents[j].type != "PERSON":
                        j = k  # named in the introduction only
                    self.ents[j].add_name(words, display)
                    for w in words:
                        if j not in self.by_word[w]:
                            self.by_word[w].append(j)
                    if j == k:
                        break
                elif isinstance(owner, int) and (surname := self.surname(owner)):
                    # the one other person of that surname and the relation's sex
                    gender = GENDER_NOUNS.get(lemma)
                    same = {j for j, o in enumerate(self.ents) if j not in (k, owner)
                            and o.type == "PERSON" and not o.plural and gender is not None
                            and (o.gender or o.name_gender) == gender
                            and any(len(n) >= 2 and n[-1] == surname.lower() for n in o.names)}
                    j = same.pop() if len(same) == 1 else None
                else:
                    j = None
                if j is not None:
                    merged[k] = self.absorb(k, j)
                    break
        return merged

    def event_owner(self, m: _Mention) -> int | None:
        """Whose interview, speech or appearance a pronoun speaks in: "Mr. Trump's RT
        appearance, in which he said …" is Trump, whoever was named last."""
        root = m.root
        if root is None or root.dep_ != "nsubj" or root.head.dep_ != "relcl":
            return None
        poss = next((c for c in root.head.head.children if c.dep_ == "poss" and c.pos_ == "PROPN"),
                    None)
        k = self.owner(poss)
        if not isinstance(k, int):
            return None
        e = self.ents[k]
        known = e.gender or e.name_gender
        if e.type != "PERSON" or e.plural or (m.gender and known and known != m.gender):
            return None
        return k

    def owner(self, poss: Token | None) -> int | str | None:
        """Whom a possessor names: the writer ("i") for a "my" outside quotes, the entity a
        "his" or "her" refers back to, the entity a name is a mention of; None when unknown."""
        if poss is None:
            return None
        low = poss.lower_
        if low in FIRST_PERSON:
            if self.quotes is None:
                self.quotes = QuoteMap(self.text)
            return "i" if low == "my" and not self.quotes.inside[poss.idx] else None
        if low in PRONOUN_GENDER:
            ref = _Mention(poss.idx, poss.idx + len(poss), poss, "pronoun", "PERSON",
                           gender=PRONOUN_GENDER[low])
            return self.match_pronoun(ref, [])
        return next((k for k, e in enumerate(self.ents) if e.names
                     and any(s <= poss.idx < t for s, t in e.mentions)), None)

    def introduced_relative(self, lemma: str, owner: int | str,
                            intros: list[tuple[str, Token | None, list[list[Token]]]]
                            ) -> tuple[tuple[str, ...], str] | None:
        """The one name the article gives the ``owner``'s relative by that relation, with
        the relation's sex telling two parents apart; None for none or several."""
        gender = GENDER_NOUNS.get(lemma)
        found: dict[tuple[str, ...], str] = {}
        for kin, poss, names in intros:
            if kin != lemma and lemma not in KIN_COVERS.get(kin, ()):
                continue
            theirs = self.owner(poss)
            if theirs != owner and (owner == "i" or theirs is not None):
                continue
            for toks in names:
                name, _ = _strip_titles(toks, True)
                given = _given_name_gender(name[0].text, mostly=True) if len(name) >= 2 else None
                if (given and gender and given != gender) or (kin in KIN_COVERS and not given):
                    continue
                words = tuple(t.lower_ for t in name)
                if words not in found:
                    found[words] = " ".join(t.text for t in name)
        return next(iter(found.items())) if len(found) == 1 else None

    def match_country(self, m: _Mention) -> int | None:
        """The latest place entity standing for the same country: "Tehran" and "Iran",
        "Washington" and "the U.S." speak for one government in the news. The small parser
        often tags a capital as ORG ("Washington said"), so any type but a person counts."""
        country = COUNTRY_OF.get(" ".join(m.words))
        if country is None:
            return None
        best: int | None = None
        for k, e in enumerate(self.ents):
            if e.type in _PLACE_TYPES and any(COUNTRY_OF.get(" ".join(n)) == country for n in e.names) \
                    and (best is None or e.last > self.ents[best].last):
                best = k
        return best

    def match_description(self, m: _Mention, exclude: list[tuple[int, int]], latent: bool = False
                          ) -> int | None:
        if m.determiner in _INDEFINITE:
            return None
        same = self.by_desc.get(m.display.lower())
        if same:
            return max(same, key=lambda k: self.ents[k].last)
        assert m.root is not None
        # "Obama's former campaign strategist" is definite too, and someone other than Obama
        owner = next((c for c in m.root.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
        if m.determiner not in _DEFINITE and (owner is None or m.type != "PERSON" or m.plural):
            return None
        lemma = m.root.lemma_.lower()
        best: int | None = None
        for k, e in enumerate(self.ents if m.determiner in _DEFINITE else ()):
            if e.plural != m.plural and e.type in ("PERSON", "GROUP") and m.type in ("PERSON", "GROUP"):
                continue
            if m.type == "PERSON" and e.type not in ("PERSON",):
                continue
            if m.type == "ORG" and (e.type == "PERSON" or (e.plural and not m.plural)):
                continue  # "the bank" is no "bank executives"
            if m.type == "GPE" and e.type != "GPE":
                continue  # "the state" is no "Secretary of State Jon Husted"
            hit = (lemma in e.descriptors and not _other_role(m.descriptors, e.descriptors)) \
                or (lemma in MEDIA_NOUNS and lemma not in GENERIC_ORG_NOUNS and e.media)
            if hit and not self.contradicts(m, k) and (
                    best is None or e.last > self.ents[best].last):
                best = k
        topic = m.root.dep_ in ("nsubj", "nsubjpass") and m.root.head.dep_ == "ROOT"
        if best is None and m.type == "PERSON" and not m.plural and (not latent or topic):
            # "The Republican presidential nominee noted …" right after "Donald Trump says …",
            # but not "the FBI director" after Trump: the nearest person the description fits.
            # A clause's pronouns give its gender ("The Democratic nominee attacked her
            # opponent" is not the man named before), which makes a wider reach safe.
            gender = m.gender or self.clause_gender(m)

            def unfit(k: int) -> bool:
                # contradicted, or known by another role: "panel Chairman Chaffetz" is not
                # "Pagliano's lawyer", the candidate's doctor not "the former governor"
                e = self.ents[k]
                other_role = bool((e.descriptors & PERSON_NOUNS)
                                  - {lemma, ROLE_EQUIVALENTS.get(lemma)})
                return (self.contradicts(m, k)
                        or (lemma in e.descriptors and _other_role(m.descriptors, e.descriptors))
                        # known only as someone's relative: "wife Ivana" is not "the nominee"
                        or (lemma not in KIN_NOUNS and bool(e.descriptors & KIN_NOUNS)
                            and not e.descriptors & (PERSON_NOUNS - KIN_NOUNS))
                        or (owner is not None and (
                            k in self.by_word.get(owner.lower_, ()) or other_role))
                        or (not e.names and other_role)
                        or (not e.speaker and self.placed_only(k)))

            # "Pagliano's lawyer" is someone beside Pagliano: the nearest man or none, not the next
            best = self.match_pronoun(replace(m, gender=gender), exclude,
                                      PRONOUN_WINDOW if gender else DESCRIPTION_WINDOW,
                                      unfit=None if owner is not None else unfit)
            if best is not None and owner is not None and unfit(best):
                best = None
            places = {q for q, label in _qualifiers(m.root).items() if _is_place(q, label)}
            if best is None and owner is None and places and lemma in LEADER_NOUNS:
                # "The Turkish leader also said …" a quotation after "Erdogan told the crowd":
                # a person known to be of that place makes the wider reach safe, as gender does
                best = self.match_pronoun(m, exclude, PRONOUN_WINDOW, unfit=lambda k: unfit(k) or not (
                    places <= self.ents[k].places))
        if best is None and m.type == "GPE" and m.determiner in _DEFINITE and not latent:
            # "the 2000 election in Florida, when the state purged voters": the place just named
            best = self.match_pronoun(m, exclude, DESCRIPTION_WINDOW,
                                      unfit=lambda k: self.ents[k].type != "GPE")
        if best is None and m.type == "ORG" and not m.plural and not latent \
                and m.root.lemma_.lower() in GENERIC_ORG_NOUNS:
            # "the group said" right after "the Tax Policy Center found …": the body just named
            best = self.match_pronoun(m, exclude, DESCRIPTION_WINDOW, named_bodies=True)
            if best is not None and (not self.ents[best].names or self.contradicts(m, best)):
                best = None
            if best is not None and self.ents[best].type == "PERSON":
                self.ents[best].type = "ORG"  # "Greenpeace …. The group said": a body after all
        return best

    def contradicts(self, m: _Mention, k: int, skip: int = -1, names: bool = True) -> bool:
        """Whether a description's proper qualifiers rule entity ``k`` out: another party or
        place than the one known of it ("the Democratic nominee" is not the Republican one,
        "the Indiana governor" not the New Mexico one), or (with ``names``) a name
        the article gives to something else ("the FBI director" is not a candidate)."""
        assert m.root is not None
        known = self.ents[k].descriptors
        parties = {_PARTY.get(w, w) for w in known if w in _PARTY}
        places = self.ents[k].places
        for q, label in _qualifiers(m.root).items():
            if _is_place(q, label):
                if places and q not in places:
                    # "the Indiana governor" is not "the former New Mexico governor", nor "the
                    # Saudi government" the American one
                    return True
                continue  # a place is no body's name ("the New York state attorney general")
            if q in known:
                continue
            if q in _PARTY:
                if parties and _PARTY[q] not in parties:
                    return True
            elif names and (label in ("ORG", "PERSON") or any(
                    j not in (k, skip) and self.ents[j].type in ("PERSON", "ORG")
                    for j in self.by_word.get(q, ())) or any(
                    q in e.descriptors for j, e in enumerate(self.ents) if j not in (k, skip))):
                return True
        return False

    def match_pronoun(self, m: _Mention, exclude: list[tuple[int, int]],
                      window: int = PRONOUN_WINDOW, named_bodies: bool = False,
                      unfit: Callable[[int], bool] | None = None) -> int | None:
        """The entity a pronoun (or, with ``named_bodies``, a generic noun for an organisation
        the article named: "the group") refers back to, nearest and most salient first,
        passing over entities ``unfit`` rules out."""
        assert m.root is not None
        here = self.sent_of[m.root.i]
        pos = bisect.bisect_left(self.rec_starts, m.start)
        best: tuple[int, int] | None = None
        best_k: int | None = None
        for r in range(pos - 1, -1, -1):
            k, sent, end, salient = self.recs[r]
            reported = REPORTED_PENALTY if self.in_report(self.rec_starts[r]) else 0
            dist = here - sent
            if dist > window:
                break
            start = self.rec_starts[r]
            if any(s <= start < e for s, e in exclude) or end > m.start:
                continue
            e = self.ents[k]
            if m.type == "PERSON":
                known = e.gender or e.name_gender
                if e.type != "PERSON" or e.plural or (m.gender and known and m.gender != known):
                    continue
                # a name nobody is quoted under and nothing marks as a person ("Harsh?",
                # "Kissito Healthcare" read as people) is a weak antecedent for "he" or "she"
                penalty = 0 if known or e.speaker or e.descriptors else WEAK_PERSON
            elif m.type == "GROUP":
                if e.type not in ("GROUP", "ORG", "NORP", "GPE") or (e.type == "PERSON"):
                    continue
                penalty = 0 if e.type == "GROUP" or e.plural else 3
            elif named_bodies:  # a generic noun for the body just named
                if (e.type != "ORG" and not _unmarked_person(e)) or e.media or not e.names or (
                        m.root.lemma_.lower() in BUSINESS_NOUNS
                        and any(n[-1] in PUBLIC_BODY_HEADS for n in e.names)):
                    continue
                penalty = 0
            else:
                if e.type not in ("ORG", "GPE", "OTHER") or (e.plural and not m.plural):
                    continue  # "it" is no "far fewer publications"
                penalty = 0
            score = 2 * dist + (0 if salient else 1) + penalty + reported
            if (best is None or score < best[0]) and not (unfit is not None and unfit(k)):
                best, best_k = (score, -r), k
        return best_k

    def link(self, m: _Mention, speaker: bool, exclude: list[tuple[int, int]]) -> int:
        k: int | None = None
        if m.kind == "description" and m.root is not None and self.known_name_word(m.root):
            m = self.analyse(m.start, m.end, m.root)  # read before the name was known
        if m.kind == "description":
            m = self.campaign_name(m, exclude) or m
        if m.kind == "name":
            k = self.match_name(m)
            if k is None and m.start < self.headline_end:
                k = self.match_headline_name(m)
        elif m.kind == "description":
            k = self.match_description(m, exclude, latent=not speaker)
        elif m.kind == "pronoun":
            k = self.event_owner(m)
            if k is None:
                k = self.match_pronoun(m, exclude)
        elif m.kind == "relative" and m.root is not None:
            ante = m.root.head.head if m.root.head.dep_ in ("relcl", "acl") else m.root.head
            if ante.pos_ not in ("NOUN", "PROPN") and m.root.i > 0:
                # a clause the parser did not attach as relative ("the Department which
                # reported", read as an adverbial clause): the noun just before the pronoun
                prev = self.doc[m.root.i - 1]
                prev = self.doc[prev.i - 1] if prev.is_punct and prev.i > 0 else prev
                if prev.pos_ in ("NOUN", "PROPN"):
                    ante = prev
            for r in range(bisect.bisect_right(self.rec_starts, ante.idx) - 1, -1, -1):
                if self.recs[r][2] > ante.idx:
                    k = self.recs[r][0]
                    break
                if self.rec_starts[r] < ante.left_edge.idx:
                    break
            if k is None and ante.pos_ in ("NOUN", "PROPN"):
                m2 = self.analyse(ante.left_edge.idx, ante.idx + len(ante), ante)
                m2.start, m2.end = m.start, m.end
                return self.link(m2, speaker, exclude)
        if k is None and speaker and m.start < self.headline_end:
            k = self.lede_speaker(m)
        if k is None and m.known_only:
            return -1
        if k is None:
            k = self.new(m)
        self.attach(k, m, speaker)
        return k


def _other_role(words: Iterable[str], known: Iterable[str]) -> bool:
    """Whether a vice, deputy or acting role sets two roles apart ("the vice presidential
    nominee" and "the nominee")."""
    return bool((set(words) ^ set(known)) & ROLE_MODIFIERS)


def _place_possessor(tok: Token) -> bool:
    """A place's possessive before a role ("Connecticut's tax commissioner"): an introduction,
    not a person's relation ("Pagliano's lawyer")."""
    return tok.dep_ == "poss" and tok.ent_type_ in ("GPE", "LOC")


def _known_as(e: _Ent, lemma: str, words: set[str]) -> bool:
    """Whether a named entity is known by a description with head ``lemma`` and ``words``: it
    holds that role (not a vice or deputy one), or it is an organisation the description
    names by its head noun or paraphrases."""
    # descriptors hold each role's plainer equivalent too ("attorney" and "lawyer")
    if ROLE_EQUIVALENTS.get(lemma, lemma) in e.descriptors and not _other_role(words, e.descriptors):
        return True
    return e.type == "ORG" and any(
        lemma in n or (lemma in ORG_NOUNS and _paraphrased(n, words)) for n in e.names)


def _paraphrased(name: tuple[str, ...], words: set[str]) -> bool:
    """Whether a description holds every distinctive word of an organisation's name ("a union
    representing flight attendants" and the Association of Flight Attendants)."""
    distinctive = {w for w in name if w not in ORG_HEADS and w not in _NAME_PARTICLES}
    return bool(distinctive) and distinctive <= words


def _states_figure(pronoun: Token) -> bool:
    """Whether the clause a subject or possessive pronoun belongs to holds a number."""
    verb = pronoun.head
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
            break
        verb = verb.head
    return any(t.like_num for t in verb.subtree if t.i != pronoun.i)


def _merged(pieces: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character ranges, sorted and merged where they overlap."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(pieces):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def _speaker_piece(a: Attribution) -> tuple[int, int]:
    """The piece of a discontinuous source that names the speaker: the one nearest the cue.

    ``(Wire) - … the minister, Tomas Arvelo, promised`` → "the minister, Tomas Arvelo,".
    """
    assert a.source is not None
    pieces = a.source.pieces
    if len(pieces) == 1:
        return pieces[0]
    if a.cue is None:
        return pieces[-1]
    cue_start, cue_end = a.cue.start, a.cue.end
    return min(pieces, key=lambda p: max(cue_start - p[1], p[0] - cue_end, 0))


def resolve_speakers(doc: Doc, attributions: list[Attribution]) -> list[Entity]:
    """Group attribution sources into entities, in order of first mention; sets ``Attribution.speaker``.

    Works on any extractor's spans: a source is read off the parse wherever it lies.
    """
    return resolve_entities(doc, attributions)[0]


def resolve_entities(doc: Doc, attributions: list[Attribution], quotes: QuoteMap | None = None
                     ) -> tuple[list[Entity], list[Entity]]:
    """``resolve_speakers``'s entities, and the named people, bodies and places the article
    mentions without quoting them (ids "x1", "x2", …), which a figure may still belong to
    ("Mr. Trump's threats to slap a 35 percent tariff"). ``quotes``: the text's quotation
    marks, when the caller has read them already."""
    res = _Resolver(doc)
    res.quotes = quotes
    res.reported = _merged(p for a in attributions for p in a.content.pieces)
    text_len = len(res.text)
    sources: list[tuple[int, int, Attribution]] = []
    for a in attributions:
        a.speaker = None
        if a.source is not None:
            s, e = _speaker_piece(a)
            s, e = max(0, min(s, text_len)), max(0, min(e, text_len))
            if e > s:
                sources.append((s, e, a))
    # Latent mentions: every named person/body, so later pronouns and surnames find them.
    events: list[tuple[int, int, int, Attribution | None, _Mention]] = []
    claimed: list[tuple[int, int, Token]] = []
    first_person: list[tuple[_Mention, Attribution]] = []
    turns: list[tuple[int, int, Attribution, str]] = []
    for s, e, a in sources:
        label = turn_label(res.text, (s, e), a.cue.pieces[0] if a.cue else None)
        if label is not None:
            turns.append((s, e, a, label))
            continue
        m = res.analyse(s, e)
        if m.kind == "first":
            first_person.append((m, a))
            continue
        events.append((s, 0, len(events), a, m))
        if m.root is not None and not (m.type == "GROUP" and m.root.ent_type_ in NER_TYPES):
            claimed.append((s, e, m.root))  # the names of "Obama and Clinton" stay mentions
    claimed.sort(key=lambda c: c[0])
    starts = [c[0] for c in claimed]

    def in_source(offset: int) -> bool:
        """Whether ``offset`` lies inside an attribution's source."""
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and claimed[i][1] > offset

    # The byline's writer is no one the body describes ("By Helen Marsh" then "The mayor says"):
    # they are the text's "I", resolved below.
    by = byline(res.text)
    for ent in doc.ents:
        if ent.label_ not in NER_TYPES or (by is not None and by[0] <= ent.start_char < by[1]):
            continue
        i = bisect.bisect_right(starts, ent.start_char) - 1
        if i >= 0 and claimed[i][1] > ent.start_char and ent.start <= claimed[i][2].i < ent.end:
            continue  # this name is the source itself
        root = ent.root
        m = res.analyse(ent.start_char, ent.end_char, root)
        if m.kind != "name":
            continue
        events.append((ent.start_char, 1, len(events), None, m))
    # Latent descriptions: subjects like "the spokesman" or "demonstrators" that a later
    # pronoun may point back to, and possessors that describe someone known ("The president's
    # roots … he told").
    for k in tokens_where(doc, "DEP", ("nsubj", "nsubjpass", "poss")):
        tok = doc[k]
        if tok.ent_type_ in NER_TYPES:
            continue
        if not (tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and not tok.ent_type_
                                        and tok.lemma_.lower() in _LATENT_NOUNS)):
            continue
        if in_source(tok.idx):
            continue
        m = res.analyse(tok.left_edge.idx, tok.idx + len(tok), tok)
        if m.kind in ("description", "name"):
            m.known_only = tok.dep_ == "poss" and m.kind == "description"
            events.append((m.start, 1, len(events), None, m))
    # Latent pronouns in a clause that states a figure ("she would impose a 4 percent
    # surcharge", "it raised its forecast to 1.8 percent"): the figure's owner is whom they name.
    for k in tokens_where(doc, "DEP", ("nsubj", "poss")):
        tok = doc[k]
        if tok.lower_ not in PRONOUN_TYPES or not _states_figure(tok):
            continue
        if in_source(tok.idx):
            continue
        m = res.analyse(tok.idx, tok.idx + len(tok), tok)
        if m.kind == "pronoun":
            m.known_only = True
            events.append((m.start, 1, len(events), None, m))
    # The headline's sources are read last, against the names the article body gives.
    events.sort(key=lambda ev: (ev[0] < res.headline_end, ev[0], ev[1], ev[2]))
    for _, _, _, a, m in events:
        exclude = list(a.content.pieces) if a is not None else []
        k = res.link(m, a is not None, exclude)
        if a is not None:
            a.speaker = str(k)
    # Transcript turns, against the names the rest of the text gives.
    roles: dict[str, int] = {}
    answers = [s for s, _, _, label in turns if label.lower().rstrip(".") in ANSWER_LABELS]
    guest = res.interviewee(min(answers)) if answers else None
    for s, e, a, label in turns:
        low = label.lower().rstrip(".")
        if low in ANSWER_LABELS and guest is not None:
            k = guest
            res.attach(k, _Mention(s, e, None, "other", "PERSON"), True)
        elif low in ROLE_LABELS or low in ANSWER_LABELS:
            role = ROLE_LABELS.get(low, "interviewee")
            m = _Mention(s, e, None, "description", "PERSON", display=role,
                         descriptors=frozenset({role}), determiner="the")
            if role not in roles:
                roles[role] = res.new(m)
            k = roles[role]
            res.attach(k, m, True)
        else:
            k = res.link(res.turn_mention(s, e, label), True, list(a.content.pieces))
        a.speaker = str(k)
    # First-person sources inside a quote are the quote's speaker.
    narrators: dict[str, int] = {}
    for m, a in first_person:
        owner = next((b for b in attributions if b is not a and b.speaker is not None
                      and any(s <= m.start < e for s, e in b.content.pieces)), None)
        if owner is not None:
            k = int(owner.speaker)  # type: ignore[arg-type]
            res.attach(k, m, True)
        else:
            # Outside any quote "I" is the writer: whom the text names as its author (a
            # letter's signer, a byline, a speech's heading), else one "writer" per article
            # (and one "writers" for "we").
            key = "we" if m.plural else "i"
            named = author(res.doc, res.text) if key == "i" and key not in narrators else None
            if named is not None:
                narrators[key] = res.link(res.turn_mention(*named), True, [])
            elif key not in narrators:
                m.kind = "pronoun"
                m.display = "the writers" if m.plural else "the writer"
                narrators[key] = res.new(m)
            k = narrators[key]
            res.attach(k, m, True)
        a.speaker = str(k)
    merged = res.name_described()
    merged.update(res.name_lede())
    merged.update(res.name_relatives())
    for a in attributions:
        if a.speaker is not None and int(a.speaker) in merged:
            a.speaker = str(merged[int(a.speaker)])
    source_spans = {(s, e) for s, e, _ in sources}
    # Number the speaking entities by first mention.
    speaking = [k for k, e in enumerate(res.ents) if e.speaker]
    for k in speaking:
        ms = sorted(set(res.ents[k].mentions), key=lambda m: (m[0], -m[1]))
        # Drop a name nested in a longer mention of the same entity; sources always stay.
        kept: list[tuple[int, int]] = []
        for s, e in ms:
            if kept and s >= kept[-1][0] and e <= kept[-1][1] and (s, e) not in source_spans:
                continue
            kept.append((s, e))
        kept.sort()
        res.ents[k].mentions = kept
    speaking.sort(key=lambda k: res.ents[k].mentions[0])
    ids = {k: f"e{n + 1}" for n, k in enumerate(speaking)}
    for a in attributions:
        if a.speaker is not None:
            a.speaker = ids[int(a.speaker)]
    speakers = [Entity(ids[k], _repaired(res.ents[k].name()), res.ents[k].type,
                       res.ents[k].mentions, res.ents[k].kind()) for k in speaking]
    quiet = [k for k, e in enumerate(res.ents) if not e.speaker and e.names and not e.plural
             and e.type in ("PERSON", "ORG", "GPE") and k not in merged]
    others = [Entity(f"x{n + 1}", _repaired(res.ents[k].name()), res.ents[k].type,
                     sorted(set(res.ents[k].mentions)), res.ents[k].kind())
              for n, k in enumerate(quiet)]
    return speakers, others


def _repaired(name: str) -> str:
    """A name as it was meant to be written, where a wrong decoding upstream garbled it
    ("FranÃ§ois Hollande" → "François Hollande"), so that it reads and merges right."""
    composed = unicodedata.normalize("NFC", name)  # "Ã" may come as "A" + a combining tilde
    if not _MOJIBAKE.search(composed):
        return name
    from ftfy import fix_text  # only a garbled name pays for the import

    return fix_text(composed)
