"""One search language: the parser, its FTS5 and tsquery forms, and the same rows on both back ends."""

from __future__ import annotations

import pytest

from according.store.search import STOPWORDS, SearchQuery, Term, fts5, parse

QUOTES = [
    ("Ada Byron", "taxes on fuel will rise next year"),
    ("Ada Byron", "the tax cut was a mistake"),
    ("Grace Hopper", "the harbour will reopen on Monday"),
    ("Grace Hopper", "fuel prices are falling"),
    ("Alan Turing", "the war on drugs has failed"),
    ("Alan Turing", "a new harbour tax is coming"),
]

#: query → contents it finds, the same on SQLite and PostgreSQL.
CASES = {
    "tax": {QUOTES[0][1], QUOTES[1][1], QUOTES[5][1]},
    "taxes": {QUOTES[0][1], QUOTES[1][1], QUOTES[5][1]},
    "tax OR harbour": {QUOTES[0][1], QUOTES[1][1], QUOTES[2][1], QUOTES[5][1]},
    "fuel OR harbour tax": {QUOTES[0][1], QUOTES[5][1]},
    "tax -harbour": {QUOTES[0][1], QUOTES[1][1]},
    'tax -"tax cut"': {QUOTES[0][1], QUOTES[5][1]},
    '"harbour will reopen"': {QUOTES[2][1]},
    '"reopen harbour"': set(),
    '"the harbour"': {QUOTES[2][1], QUOTES[5][1]},  # stopwords at a phrase's edges are ignored
    '"war on drugs"': {QUOTES[4][1]},
    "a": set(),  # stopwords alone: nothing, on both back ends
    "the OR a": set(),
    "-tax": set(),  # exclusions alone: nothing
    "FUEL Prices": {QUOTES[3][1]},
    "harbour OR": {QUOTES[2][1], QUOTES[5][1]},
    'AND OR NOT ( * : ^ "': set(),
}


def test_parse_words_phrases_or_and_exclusions():
    q = parse('Tax OR "harbour fees" rise -"war on drugs" -fuel')
    assert q.groups == [[Term(("tax",)), Term(("harbour", "fees"))], [Term(("rise",))]]
    assert q.excluded == [Term(("war", "on", "drugs")), Term(("fuel",))]
    assert fts5(q) == '(("tax" OR "harbour fees") AND ("rise")) NOT "war on drugs" NOT "fuel"'


def test_stopwords_and_syntax_alone_are_no_query():
    assert not parse("the a OR of")
    assert not parse("-tax")
    assert not parse('" ( * : ^ ')
    assert parse("or tax") == SearchQuery([[Term(("tax",))]])  # lower-case "or" is a stopword


def test_stopwords_are_postgresqls_english_list():
    assert len(STOPWORDS) == 127 and {"a", "the", "not", "or", "more"} <= STOPWORDS


@pytest.fixture
def corpus(store, make_doc):
    for i, (name, said) in enumerate(QUOTES):
        store.add_document(make_doc(f"q{i}", [(name, said)]))
    return store


@pytest.mark.parametrize(("query", "expected"), CASES.items(), ids=list(CASES))
def test_the_same_query_finds_the_same_rows_on_every_back_end(corpus, query, expected):
    assert {r["content"] for r in corpus.search(query, limit=100)} == expected
    assert {r["content"] for r in corpus.search(query, limit=100, order="relevance")} == expected
