"""Authors: a letter's signer, a byline's writer, a heading's speaker."""

from __future__ import annotations

import pytest

from according.extraction.authors import author, byline, heading_speaker, signer

LETTER = "Dear Ruth:\n\nI think the mill will close by June.\n\n{closing}\n\n{name}\n"


@pytest.mark.parametrize(("closing", "name", "signed"), [
    ("Love and faithful feelings,", "Odile", "Odile"),
    ("Yours faithfully", "[Signed] Tomas Berg", "Tomas Berg"),
    ("Stay in touch,", "Ana Ruiz\n\nMember of the Council", "Ana Ruiz"),
    ("Sincerely,", "[The undersigned]", None),
    ("Best wishes,", "and more to come next week", None),
])
def test_the_name_under_a_closing_line_signs_the_letter(closing, name, signed):
    text = LETTER.format(closing=closing, name=name)
    found = signer(text)
    assert (found[2] if found else None) == signed
    if found:
        assert text[found[0]:found[1]] == signed


def test_a_closing_and_a_name_on_one_line():
    text = "Dear John;\n\nThank you for the papers.\n\nSincerely, [Walter Hume]"
    assert signer(text)[2] == "Walter Hume"


def test_a_news_story_is_no_letter():
    text = ("The council voted 5-2 on Monday, officials said.\n\nBest of all, the plan costs "
            "nothing, the mayor said.\n\nReporting by Ann Lee")
    assert signer(text) is None


@pytest.mark.parametrize(("text", "name"), [
    ("Notes on Quiet\n\nBy Mara Lindqvist\n\nI write in the mornings.", "Mara Lindqvist"),
    ("By Monday morning, the ritual had begun.", None),
    ("By the Way\n\nI write in the mornings.", None),
])
def test_a_byline_names_the_writer(text, name):
    found = byline(text)
    assert (found[2] if found else None) == name


@pytest.mark.parametrize(("text", "name"), [
    ("Prime Minister Jawaharlal Nehru's Inaugural Address\n\nLong years ago we made a pledge.",
     "Jawaharlal Nehru"),
    ("Remarks by President Joe Biden and Vice President Kamala Harris\n\nThank you all.", None),
    ("Joe Biden said he would sign the bill.\n\nI think it will pass.", None),
])
def test_a_heading_names_the_speaker(nlp, text, name):
    found = heading_speaker(nlp(text))
    assert (found[2] if found else None) == name


def test_the_author_is_the_signer_first(nlp):
    text = "By Mara Lindqvist\n\nI think the mill will close.\n\nYours,\n\nOdile"
    assert author(nlp(text))[2] == "Odile"
