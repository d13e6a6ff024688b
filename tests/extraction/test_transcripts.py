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


TITLE_CASE = ("Mayor Ana Ruiz spoke with The Ledger about the strike.\n\n"
              "The Ledger: Will the buses run on Monday?\n\n"
              "Ruiz: I hope so. The drivers have a fair offer on the table.\n\n"
              "The Ledger: The union says the offer cuts 300 jobs.\n\n"
              "Ruiz: That is not true, and I have told them so.\n")


def test_labels_in_title_case_make_a_transcript_when_two_speakers_recur():
    found = [_roles(TITLE_CASE, c) for c in turns(TITLE_CASE)]
    assert [s for s, _, _ in found] == ["The Ledger", "Ruiz", "The Ledger", "Ruiz"]
    assert found[1][2] == "I hope so. The drivers have a fair offer on the table."
    # a speaker's full name, then the surname alone, is one speaker
    panel = ("Gail Ortiz: The plan is sound, and it will pass.\n\nTom Bryce: It will not pass "
             "this year.\n\nOrtiz: We have the votes for it.\n\nBryce: You do not have them.\n")
    assert [_roles(panel, c)[0] for c in turns(panel)] == ["Gail Ortiz", "Tom Bryce", "Ortiz", "Bryce"]


def test_fields_results_and_lists_in_title_case_are_no_transcript():
    results = ("Delegates so far.\n\nClinton: 1,769.\n\nSanders: 1,501.\n\nClinton: 547.\n\n"
               "Sanders: 46.\n")
    places = ("Where to go.\n\nBasse Terre: green and lush, with a volcano.\n\nGrande Terre: flat "
              "and dry, with many beaches.\n\nPetite Terre: uninhabited and quite wild.\n")
    verdicts = "Sanders: Win in a walk.\n\nClinton: Keep it close.\n\nRubio: Finish a strong second.\n"
    assert turns(results) == turns(places) == turns(verdicts) == []


def test_a_report_within_a_turn_stays_but_a_retelling_of_the_turn_goes():
    text = TITLE_CASE
    says = text.index("says")
    union = text.index("The union")
    inner = Candidate(content=[(text.index("the offer cuts"), text.index(" 300 jobs") + 9)],
                      cue=[(says, says + 4)], source=[(union, union + 9)], confidence=0.7)
    hope = text.index("hope")
    retold = Candidate(content=[(text.index("I hope"), text.index("so.") + 3),
                                (text.index("The drivers"), text.index("the table."))],
                       cue=[(hope, hope + 4)], source=[(text.index("I hope"), text.index("I hope") + 1)],
                       confidence=0.6)
    out = with_turns(text, [inner, retold])
    assert inner in out and retold not in out


def test_a_headline_with_a_label_is_no_turn():
    """Regression: the headline "Interview: the scientist who …" was a turn of a speaker
    named "Interview"."""
    text = ("Interview: the scientist who found a new antibiotic\n\n"
            "Q: How did you find the compound?\n"
            "Maria Torres: We screened soil samples from 200 sites.\n\n"
            "Q: When could it reach patients?\n"
            "Torres: Not for at least ten years, and most drugs fail.\n\n"
            "Q: Are you worried about resistance?\n"
            "Torres: Always. Bacteria adapt, and they adapt fast.\n")
    labels = [text[slice(*c.source[0])] for c in turns(text)]
    assert labels == ["Q", "Maria Torres", "Q", "Torres", "Q", "Torres"]
    # a first line whose speaker speaks again is a turn
    bare = INTERVIEW.split("\n\n", 1)[1]
    assert [bare[slice(*c.source[0])] for c in turns(bare)][0] == "HOST"
