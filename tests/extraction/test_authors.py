"""Letters: the signer of a text that signs off as a letter."""

from __future__ import annotations

import pytest

from according.extraction.letters import signer

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
