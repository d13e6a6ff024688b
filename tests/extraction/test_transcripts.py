"""Transcript turns: ``NAME: words`` lines are attributions to the speaker they name."""

from __future__ import annotations

from according.extraction.base import Candidate
from according.extraction.transcripts import turns, with_turns

INTERVIEW = ("Partial transcript of the interview.\n\n"
             "HOST: Will the senator be at the hearing?\n\n"
             "DOE: She will not. The committee has not asked her.\n\n"
             "HOST: Why not?\n\n"
             "DOE: Ask the chairman.\n")


def _roles(text: str, c: Candidate) -> tuple[str, str, str]:
    assert c.source and c.cue
    return (text[slice(*c.source[0])], text[slice(*c.cue[0])], text[slice(*c.content[0])])


def test_each_turn_is_its_labels_statement():
    found = [_roles(INTERVIEW, c) for c in turns(INTERVIEW)]
    assert found == [("HOST", ":", "Will the senator be at the hearing?"),
                     ("DOE", ":", "She will not. The committee has not asked her."),
                     ("HOST", ":", "Why not?"), ("DOE", ":", "Ask the chairman.")]


def test_kickers_and_single_labels_are_no_transcript():
    assert turns("VIDEO: The senator speaks.\n\nUPDATE: She left.\n\nBYLINE: Ann Lee.\n") == []
    assert turns("AP: The senator spoke.\n\nAP: She left.\n\nAP: Then she came back.\n") == []
    assert turns("HOST: Will she come?\n\nDOE: No.\n") == []  # two lines are not a transcript


def test_a_turn_replaces_the_label_of_the_turn_before_and_keeps_nested_attributions():
    start = INTERVIEW.index("She will not")
    end = INTERVIEW.index("asked her.") + len("asked her.")
    host = INTERVIEW.index("HOST")
    wrong = Candidate(content=[(start, end)], source=[(host, host + 4)], confidence=0.9)
    nested_src = INTERVIEW.index("The committee")
    nested = Candidate(content=[(INTERVIEW.index("has not"), end)],
                       source=[(nested_src, nested_src + len("The committee"))], confidence=0.8)
    out = with_turns(INTERVIEW, [wrong, nested])
    assert wrong not in out and nested in out
    assert ("DOE", ":", "She will not. The committee has not asked her.") in [
        _roles(INTERVIEW, c) for c in out if c.cue]
