"""Name normalisation for cross-article speaker links."""

from __future__ import annotations

import pytest

from according.store.names import alias_key, name_key, same_agent


@pytest.mark.parametrize(("name", "key", "kind"), [
    ("Ayatollah Ali Khamenei", "ali khamenei", "full"),
    ("ALI KHAMENEI", "ali khamenei", "full"),
    ("José Álvarez Jr.", "jose alvarez jr", "full"),
    ("U.S. President Donald Trump", "donald trump", "full"),
    ("Mr. Trump", "trump", "surname"),
    ("Khamenei", "khamenei", "surname"),
    ("Iran’s Supreme Leader", "iran supreme leader", "title"),
    ("the senator", "senator", "title"),
    ("Trump's campaign manager", "trump campaign manager", "title"),
    ("Del Harris", "del harris", "full"),
])
def test_name_key(name, key, kind):
    nk = name_key(name, "PERSON")
    assert (nk.key, nk.kind) == (key, kind)


def test_typed_names_ignore_case():
    assert name_key("ali khamenei", "PERSON", cased=False).key == "ali khamenei"
    assert name_key("ali khamenei", "PERSON").kind == "title"  # in an article: lower case is no name


def test_initials_keep_different_people_apart():
    assert name_key("George W. Bush").key != name_key("George H. W. Bush").key


@pytest.mark.parametrize("name", ["he", "They", "officials", "Sources", "a spokesman", ""])
def test_pronouns_and_generic_sources_never_link(name):
    assert name_key(name) is None


def test_organisations_keep_their_whole_name():
    assert name_key("Reuters", "ORG").kind == "full"
    assert name_key("The Associated Press", "ORG").key == "associated press"


def test_alias_key_folds_possessive_and_quotes():
    assert alias_key("Iran's Supreme Leader") == alias_key("Iran’s supreme leader") == "iran supreme leader"


@pytest.mark.parametrize(("place", "country"), [("Tehran", "Iran"), ("the U.S.", "United States"),
                                                ("Washington", "the United States"),
                                                ("Britain", "United Kingdom")])
def test_a_place_that_speaks_for_a_country_takes_its_key(place, country):
    assert name_key(place, "GPE") == name_key(country, "GPE")


def test_only_places_take_a_country_key():
    assert name_key("Washington", "PERSON").key == "washington"  # Denzel, not the government
    assert name_key("Moscow", "GPE") != name_key("Kyiv", "GPE")


@pytest.mark.parametrize(("a", "b", "same"), [
    ("gunmen", "israel bombing campaign", False),
    ("israel bombing campaign", "israeli strikes", True),
    ("air strikes", "strike", True),
    ("hamas gunmen", None, True),
    (None, None, True),
    ("storm", "earthquake", False),
])
def test_figure_agents_differ_only_when_both_are_known_and_share_no_word(a, b, same):
    assert same_agent(a, b) is same


def test_an_acronym_shown_with_a_name_is_not_part_of_its_key():
    full = name_key("International Monetary Fund (IMF)", "ORG")
    assert full is not None and full.key == name_key("International Monetary Fund", "ORG").key
