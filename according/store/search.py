"""The one search language, translated to each back end: SQLite FTS5 and PostgreSQL tsquery.

A query is words (all required), ``"a phrase"`` (its words in that order), ``A OR B`` (either;
binds tighter than the implicit AND) and ``-word`` / ``-"a phrase"`` (excluded). Words are
stemmed and matched case-insensitively on both back ends. English stopwords ("a", "the", "not")
are ignored on both, the way PostgreSQL's ``english`` configuration ignores them, so a query of
stopwords alone, or of exclusions alone, matches nothing anywhere. Inside a phrase, SQLite still
requires the stopwords between its words as written, where PostgreSQL accepts any word there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, literal_column

#: PostgreSQL's (Snowball's) English stopword list, ``tsearch_data/english.stop``.
STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below
between both but by can did do does doing don down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own s same she
should so some such t than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
you your yours yourself yourselves
""".split())
#: A phrase, an OR, or a word (with an optional leading ``-``).
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Term:
    """Words that must occur together, in order (one word is a phrase of one)."""

    words: tuple[str, ...]


@dataclass
class SearchQuery:
    """All ``groups`` (each: any one of its terms) and none of ``excluded``."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    def __bool__(self) -> bool:
        """False when nothing can match: no required term (exclusions alone select nothing)."""
        return bool(self.groups)


def _term(text: str) -> Term | None:
    """The searchable words of ``text``; None when it holds only stopwords or no word at all."""
    words = [w.lower() for w in _WORD.findall(text)]
    while words and words[0] in STOPWORDS:
        words.pop(0)
    while words and words[-1] in STOPWORDS:
        words.pop()
    return Term(tuple(words)) if words else None


def parse(query: str) -> SearchQuery:
    """The user's query as required groups and exclusions (see the module docstring)."""
    parsed = SearchQuery()
    pending_or = False
    for minus, phrase, bare in _TOKEN.findall(query):
        if bare == "OR":
            pending_or = bool(parsed.groups)
            continue
        negative = bool(minus) or (bare.startswith("-") and len(bare) > 1)
        term = _term(phrase if not bare else bare.removeprefix("-") if negative else bare)
        if term is None:
            pending_or = False
            continue
        if negative:
            parsed.excluded.append(term)
        elif pending_or:
            parsed.groups[-1].append(term)
        else:
            parsed.groups.append([term])
        pending_or = False
    return parsed


def fts5(query: SearchQuery) -> str:
    """The query as an FTS5 MATCH expression (every term quoted, so user text is never syntax)."""
    def quoted(t: Term) -> str:
        return '"' + " ".join(t.words) + '"'

    required = " AND ".join("(" + " OR ".join(quoted(t) for t in group) + ")" for group in query.groups)
    return f"({required})" + "".join(f" NOT {quoted(t)}" for t in query.excluded)


def tsquery(query: SearchQuery, config: str = "english") -> tuple[ColumnElement[Any], dict[str, str]]:
    """The query as a PostgreSQL ``tsquery`` built from bound phrases (never parsed as tsquery
    syntax), and its parameters."""
    params: dict[str, str] = {}

    def phrase(t: Term) -> ColumnElement[Any]:
        name = f"q{len(params)}"
        params[name] = " ".join(t.words)
        return func.phraseto_tsquery(literal_column(f"'{config}'"), bindparam(name))

    def either(group: list[Term]) -> ColumnElement[Any]:
        expr = phrase(group[0])
        for t in group[1:]:
            expr = func.tsquery_or(expr, phrase(t))
        return expr

    expr = either(query.groups[0])
    for group in query.groups[1:]:
        expr = func.tsquery_and(expr, either(group))
    for t in query.excluded:
        expr = func.tsquery_and(expr, func.tsquery_not(phrase(t)))
    return expr, params
