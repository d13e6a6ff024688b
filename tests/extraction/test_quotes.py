"""Quotation marks: quoted runs, attribution types, one speaker per quotation."""
from __future__ import annotations

from according.extraction.base import Candidate
from according.extraction.quotes import QuoteMap, one_speaker_per_quotation


def _at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return (i, i + len(needle))


def test_quotation_is_the_one_run_holding_every_word():
    text = 'He said: "We will win. We will build." Then he left. "Soon," she said.'
    q = QuoteMap(text)
    first = _at(text, '"We will win. We will build."')
    assert q.quotation([_at(text, "We will build.")]) == first
    assert q.quotation([_at(text, "win. We")]) == first
    assert q.quotation([_at(text, "Then he left")]) is None
    assert q.quotation([_at(text, "build."), _at(text, "Soon")]) is None  # two quotations


def test_attribution_type_by_share_quoted():
    text = 'Lee said "the plan works" and that costs were low. "It works," Lee said.'
    q = QuoteMap(text)
    assert q.attribution_type((_at(text, '"It works,"'),), "said") == "direct"
    assert q.attribution_type((_at(text, '"the plan works" and that costs were low'),), "said") == "mixed"
    assert q.attribution_type((_at(text, "costs were low"),), "According to") == "according_to"


def test_a_quotation_split_between_two_sources_goes_to_the_one_that_introduces_it():
    text = ("Senator Lee made the following comment:\n\n"
            '"Rents have doubled. In Dayton, they have tripled. We must act."\n\n'
            "The Ledger examined the claim and rated it true.")
    first = Candidate([_at(text, '"Rents have doubled.')], [_at(text, "made")],
                      [_at(text, "Senator Lee")], 0.9)
    second = Candidate([_at(text, 'In Dayton, they have tripled. We must act."')], None,
                       [_at(text, "The Ledger")], 0.8)
    out = one_speaker_per_quotation(text, [first, second], QuoteMap(text))
    assert len(out) == 1
    assert out[0].source == first.source
    assert out[0].content == [_at(text, '"Rents have doubled. In Dayton, they have tripled. We must act."')]
    assert out[0].confidence == 0.9


def test_a_report_made_inside_a_quotation_keeps_its_own_source():
    text = ('WALLACE: "Let us start with the news. After the Lee camp announced that it was '
            'inviting a critic, what do you say?"')
    host = Candidate([_at(text, '"Let us start with the news.')], None, [_at(text, "WALLACE")], 0.9)
    camp = Candidate([_at(text, "that it was inviting a critic")], [_at(text, "announced")],
                     [_at(text, "the Lee camp")], 0.8)
    assert one_speaker_per_quotation(text, [host, camp], QuoteMap(text)) == [host, camp]


def test_separate_quotations_keep_their_speakers():
    text = '"We will win," Lee said. "You will not," Park said.'
    lee = Candidate([_at(text, '"We will win,"')], [_at(text, "said")], [_at(text, "Lee")])
    park = Candidate([_at(text, '"You will not,"')], [_at(text, "said", 1)], [_at(text, "Park")])
    assert one_speaker_per_quotation(text, [lee, park], QuoteMap(text)) == [lee, park]
