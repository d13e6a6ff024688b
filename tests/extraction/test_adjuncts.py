"""Source adjuncts: "per X", "by one estimate" and "by X's own admission" on a clause."""
from __future__ import annotations

import pytest

from according.extraction.adjuncts import introduced_quotations, source_adjuncts, with_adjuncts
from according.extraction.base import Candidate


def _text(text: str, pieces: list[tuple[int, int]] | None) -> str:
    return " … ".join(text[s:e] for s, e in pieces or [])


@pytest.mark.parametrize("text, source, cue, content", [
    ("A quarter of that, per the Dale plan, is $40,000.", "the Dale plan", "per",
     "A quarter of that … is $40,000"),
    ("Per the CDC, 300 people died last year.", "the CDC", "Per", "300 people died last year"),
    ("In Ohio alone, 9,000 acres have been damaged by strip mining, by one estimate.",
     "one estimate", "by", "In Ohio alone, 9,000 acres have been damaged by strip mining"),
    ("The toll reached 412, by the agency's count.", "the agency's count", "by",
     "The toll reached 412"),
    ("By Trump's own admission, his returns are far thicker than his 100-page disclosure.",
     "Trump", "By … own admission", "his returns are far thicker than his 100-page disclosure"),
])
def test_a_source_phrase_on_a_clause_gives_its_source(nlp, text, source, cue, content):
    [adjunct] = source_adjuncts(nlp(text))
    assert (_text(text, adjunct.source), _text(text, adjunct.cue), _text(text, adjunct.content)) \
        == (source, cue, content)


@pytest.mark.parametrize("text", [
    "Deaths rose to 300 per day.",
    "Output grew 2 percent per capita last year.",
    "The mine is doing better by some measures.",
    "By all accounts, the talks went well.",
    "The bill was passed by the Senate on Monday.",
])
def test_rates_manners_and_agents_are_no_sources(nlp, text):
    assert source_adjuncts(nlp(text)) == []


def test_a_phrase_inside_an_extractors_attribution_is_left_to_it(nlp):
    text = "She said that a quarter of that, per the Dale plan, is $40,000."
    doc = nlp(text)
    s = text.index("that a")
    found = Candidate(content=[(s, len(text) - 1)], cue=[(4, 8)], source=[(0, 3)])
    assert with_adjuncts(doc, [found]) == [found]


def test_the_attribution_is_according_to(nlp):
    from according.extraction.pipeline import get_pipeline

    doc = get_pipeline()("Per the CDC, 300 people died last year.")
    assert [(a.type, a.source.text) for a in doc.attributions] == [("according_to", "the CDC")]


@pytest.mark.parametrize("line, source, cue", [
    ("The site rated this statement by Tom Park on June 11:", "Tom Park", "statement"),
    ("Critics pointed to Ann Lee's remarks:", "Ann Lee", "remarks"),
])
def test_a_statement_by_someone_introduces_the_quoted_paragraph_after_it(nlp, line, source, cue):
    text = f"{line}\n\n“If you look at the youth, 59 percent are jobless.”\n\nThe site disagreed.\n"
    doc = nlp(text)
    assert source_adjuncts(doc) == []
    [quoted] = introduced_quotations(doc)
    assert (_text(text, quoted.source), _text(text, quoted.cue), _text(text, quoted.content)) == (
        source, cue, "“If you look at the youth, 59 percent are jobless.”")


@pytest.mark.parametrize("text", [
    "The statement read as follows:\n\n“We will win.”\n",
    "Tom Park made a statement:\n\n“We will win,” he said, and left.\n",
])
def test_a_colon_without_a_named_maker_or_a_whole_quoted_paragraph_introduces_nothing(nlp, text):
    assert introduced_quotations(nlp(text)) == []
