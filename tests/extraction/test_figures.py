"""Figures: normalisation, qualifiers, ranges, vague amounts, counted/predicate, exclusions, linking."""

from __future__ import annotations

import re

import pytest
from text_to_num import text2num

from according.extraction.figures import extract_figures
from according.extraction.numbers import (
    is_digits,
    parse_cardinal,
    parse_fraction,
    split_range_token,
    split_suffixed,
    vague_range,
)
from according.schema import Attribution, Entity, Span


def _figures(nlp, text, attributions=(), entities=()):
    return extract_figures(nlp(text), list(attributions), list(entities))


def _one(nlp, text):
    figs = _figures(nlp, text)
    assert len(figs) == 1, [f.text for f in figs]
    return figs[0]


def _span(text, needle, nth=0):
    start = [m.start() for m in re.finditer(re.escape(needle), text)][nth]
    return Span(start, start + len(needle), needle)


def _attribution(text, id, source, cue, content, speaker=None, type="indirect"):
    return Attribution(id, type, _span(text, source) if source else None, _span(text, cue),
                       _span(text, content), speaker=speaker)


# ---- numbers.py: string-level normalisation ----------------------------------------------------

@pytest.mark.parametrize("words, value", [
    ("1,200", 1200), ("12.3 million", 12_300_000), ("4.5bn", 4_500_000_000), ("300 m", 300_000_000),
    ("1.2k", 1200), ("three dozen", 36), ("a dozen", 12), ("a hundred", 100),
    ("two hundred and fifty", 250), ("twenty - five", 25), ("1.5 trillion", 1.5e12),
    ("twelve million three hundred thousand", 12_300_000), ("0.5", 0.5),
])
def test_parse_cardinal_table(words, value):
    assert parse_cardinal(words.split()) == value


@pytest.mark.parametrize("word, digits, suffixed, range_", [
    ("1,200", True, None, None), ("12.3", True, None, None), ("3.8.0", False, None, None),
    ("24/7", False, None, None), ("1st", False, None, None), ("4.5bn", False, ("4.5", "bn"), None),
    ("300m", False, ("300", "m"), None), ("200–300", False, None, ("200", "300")),
    ("1,000-2,000", False, None, ("1,000", "2,000")),
])
def test_token_shapes(word, digits, suffixed, range_):
    assert is_digits(word) is digits
    assert split_suffixed(word) == suffixed
    assert split_range_token(word) == range_


def test_parse_cardinal_rejects_two_numbers_and_non_numbers():
    assert parse_cardinal(["1", "2"]) is None
    assert parse_cardinal(["people"]) is None
    assert parse_cardinal([]) is None


@pytest.mark.parametrize("phrase", [
    "two hundred and fifty", "twenty five thousand", "one million", "nineteen", "ninety nine",
    "three hundred thousand", "four billion", "seven hundred and twelve",
])
def test_parse_cardinal_agrees_with_text2num(phrase):
    assert parse_cardinal(phrase.split()) == text2num(phrase, "en")


@pytest.mark.parametrize("words, value", [
    ("half", 0.5), ("a third", 0.3333), ("two - thirds", 0.6667), ("three quarters", 0.75),
    ("a quarter", 0.25), ("third of", None),
])
def test_parse_fraction_table(words, value):
    assert parse_fraction(words.split()) == value


@pytest.mark.parametrize("words, bounds", [
    ("thousands", (2000, 9999)), ("dozens", (24, 99)), ("hundreds", (200, 999)),
    ("tens of thousands", (20_000, 99_999)), ("hundreds of thousands", (200_000, 999_999)),
    ("several hundred", (300, 900)), ("few thousand", (2000, 5000)), ("millions", (2e6, 1e7 - 1)),
])
def test_vague_range_orders_of_magnitude(words, bounds):
    assert vague_range(words.split()) == bounds


# ---- phrases in text: values, qualifiers, ranges ---------------------------------------------------

@pytest.mark.parametrize("text, value, counted", [
    ("Officials said 1,200 people were evacuated.", 1200, "people"),
    ("The flood displaced 12.3 million people.", 12_300_000, "people"),
    ("The company lost $4.5bn last year.", 4_500_000_000, "dollars"),
    ("The fund raised £300m from investors.", 300_000_000, "pounds"),
    ("The EU pledged €2.5 billion in aid.", 2_500_000_000, "euros"),
    ("Three dozen people gathered outside.", 36, "people"),
    ("Police detained twenty-five protesters.", 25, "protesters"),
    ("The army sent 5,000 aid trucks.", 5000, "aid trucks"),
])
def test_values_are_normalised(nlp, text, value, counted):
    fig = _one(nlp, text)
    assert fig.value == value and fig.counted == counted
    assert fig.qualifier == "exact" and fig.low == fig.high == value


@pytest.mark.parametrize("text, share", [
    ("Roughly a third of the population fled.", 33.33),
    ("Half of the children were vaccinated.", 50),
    ("Two-thirds of voters backed the plan.", 66.67),
    ("Half the population fled the city.", 50),
])
def test_fractions_are_shares_in_percent(nlp, text, share):
    """"half of voters" and "50 percent of voters" are one quantity."""
    fig = _one(nlp, text)
    assert fig.value == share and fig.counted == "percent"


@pytest.mark.parametrize("text, value, counted", [
    ("The cuts would cost half a percentage point of growth.", 0.5, "percentage points"),
    ("Refugees were less than half of 1 percent of arrivals.", 0.5, None),
])
def test_fraction_of_an_amount_stays_a_fraction(nlp, text, value, counted):
    fig = _figures(nlp, text)[0]
    assert fig.value == value and (counted is None or fig.counted == counted)


@pytest.mark.parametrize("text, share, phrase", [
    ("But two out of three Americans still feel the country is on the wrong track.", 66.67,
     "two out of three"),
    ("One in five voters backed the plan.", 20, "One in five"),
    ("Nine in 10 doctors agreed.", 90, "Nine in 10"),
    ("Nearly eight of 10 voters say they plan to watch.", 80, "Nearly eight of 10"),
    ("About one of every nine dollars went abroad.", 11.11, "About one of every nine"),
    ("About $4 of every $5 goes to the United States.", 80, "About $4 of every $5"),
])
def test_ratios_are_shares_in_percent(nlp, text, share, phrase):
    fig = _one(nlp, text)
    assert (fig.text, fig.value, fig.counted) == (phrase, share, "percent")


def test_one_of_a_few_is_not_a_share(nlp):
    figs = _figures(nlp, "She is one of three candidates on the ballot.")
    assert all(f.counted != "percent" for f in figs)


def test_odds_are_a_ratio_not_a_range(nlp):
    fig = [f for f in _figures(nlp, "Critics outnumbered fans by a 3 to 1 margin.") if f.text == "3 to 1"][0]
    assert (fig.value, fig.low, fig.high) == (3, 3, 3)


@pytest.mark.parametrize("text, first, second", [
    ("Shares of the company rose $2.47 to $37.75 on Tuesday.", 2.47, 37.75),
    ("Its approval rating declined from 58 percent to 55 percent.", 58, 55),
])
def test_change_of_value_is_two_figures_not_a_range(nlp, text, first, second):
    figs = _figures(nlp, text)
    assert [f.value for f in figs] == [first, second]
    assert all(f.low == f.high == f.value for f in figs)


def test_plus_or_minus_is_a_margin_not_a_sign(nlp):
    fig = _one(nlp, "The margin of error is plus or minus 4 percentage points.")
    assert (fig.text, fig.value) == ("plus or minus 4 percentage points", 4)


def test_six_figures_is_an_order_of_magnitude(nlp):
    fig = _one(nlp, "Her salary now runs to six figures.")
    assert (fig.value, fig.low, fig.high) == (None, 100_000, 999_999)


def test_count_within_a_duration_is_not_a_ratio(nlp):
    fig = _one(nlp, "Police arrested 3 in 10 days.")
    assert (fig.text, fig.value) == ("3", 3)


@pytest.mark.parametrize("text, value", [
    ("You don't have to find a quarter of a million dollars for college.", 250_000),
    ("The plan costs half a billion dollars.", 500_000_000),
])
def test_fraction_of_a_scale_is_a_cardinal(nlp, text, value):
    fig = _one(nlp, text)
    assert (fig.value, fig.counted) == (value, "dollars")


def test_about_after_learn_more_is_a_preposition_not_a_qualifier(nlp):
    fig = _one(nlp, "Parents can learn more about 529 plans online.")
    assert (fig.text, fig.qualifier) == ("529", "exact")


def test_predicate_lemma_does_not_come_from_the_small_model(nlp):
    # regression: spaCy's small model lemmatises "rated" as "rat", giving "ratted"
    fig = _one(nlp, "PolitiFact rated 32% of Republican claims as false.")
    assert fig.predicate == "rated"


def test_negative_numbers(nlp):
    fig = _one(nlp, "Trump's net rating is minus 41 among women.")
    assert fig.value == -41 and fig.text == "minus 41"


def test_currency_on_both_ends_of_a_range(nlp):
    fig = _one(nlp, "His speaking fee was between $50,000 and $100,000 for the event.")
    assert (fig.text, fig.low, fig.high) == ("between $50,000 and $100,000", 50000, 100000)
    assert fig.counted == "dollars"


@pytest.mark.parametrize("text, value", [
    ("Unemployment rose to 12% in the region.", 12), ("Turnout was 52.3 percent this time.", 52.3),
    ("Support fell to 15 per cent among the young.", 15),
])
def test_percentages_count_percent(nlp, text, value):
    fig = _one(nlp, text)
    assert fig.value == value and fig.counted == "percent"


@pytest.mark.parametrize("text, qualifier, value, low, high", [
    ("The strike killed about 1,200 people.", "approximately", 1200, None, None),
    ("The strike killed roughly 40 people.", "approximately", 40, None, None),
    ("The strike killed nearly 500 people.", "approximately", 500, None, None),
    ("The raids killed more than 12,300 people.", "more_than", 12300, 12300, None),
    ("The raids killed over 300 people.", "more_than", 300, 300, None),
    ("Fewer than 10 doctors remain in the city.", "less_than", 10, None, 10),
    ("The blast killed at least 30 children.", "at_least", 30, 30, None),
    ("The blast killed no fewer than 7 soldiers.", "at_least", 7, 7, None),
    ("Up to 40 drones were launched at the base.", "up_to", 40, None, 40),
    ("As many as 90 workers were hurt.", "up_to", 90, None, 90),
    ("Police arrested 500 or more protesters.", "at_least", 500, 500, None),
    ("Israel moved 5,000-plus troops to the border.", "more_than", 5000, 5000, None),
    ("The fire destroyed 200 or so homes.", "approximately", 200, None, None),
    ("The fire destroyed some 200 homes.", "approximately", 200, None, None),
    ("The fire destroyed an estimated 200 homes.", "approximately", 200, None, None),
    ("The fund holds in excess of $3bn.", "more_than", 3e9, 3e9, None),
    ("The fund holds as much as $3bn.", "up_to", 3e9, None, 3e9),
])
def test_qualifiers(nlp, text, qualifier, value, low, high):
    fig = _one(nlp, text)
    assert (fig.qualifier, fig.value, fig.low, fig.high) == (qualifier, value, low, high)


@pytest.mark.parametrize("text, low, high, counted", [
    ("Between 200 and 300 people were arrested.", 200, 300, "people"),
    ("Officials said 200-300 people were arrested.", 200, 300, "people"),
    ("Officials said 200 to 300 people were arrested.", 200, 300, "people"),
    ("Two or three soldiers were wounded.", 2, 3, "soldiers"),
    ("The deal is worth $2-3bn to the company.", 2e9, 3e9, "dollars"),
    ("Mexico imposed tariffs ranging from 5 percent to 25 percent on the goods.", 5, 25, "percent"),
    ("Rates of 5% to 25% apply to the goods.", 5, 25, "percent"),
])
def test_ranges_have_bounds_and_no_value(nlp, text, low, high, counted):
    fig = _one(nlp, text)
    assert (fig.value, fig.low, fig.high, fig.counted) == (None, low, high, counted)


@pytest.mark.parametrize("text, low, high, counted", [
    ("Dozens of people were wounded.", 24, 99, "people"),
    ("Hundreds of homes were destroyed.", 200, 999, "homes"),
    ("Israel has killed thousands of children, he said.", 2000, 9999, "children"),
    ("Tens of thousands of people fled south.", 20_000, 99_999, "people"),
    ("Several hundred families were evacuated.", 300, 900, "families"),
])
def test_vague_amounts_keep_null_value(nlp, text, low, high, counted):
    fig = _one(nlp, text)
    assert (fig.qualifier, fig.value, fig.low, fig.high, fig.counted) == ("vague", None, low, high, counted)


# ---- counted and predicate ----------------------------------------------------------------------

@pytest.mark.parametrize("text, counted, predicate", [
    ("Gunmen stormed the town, killing about 1,200 people, mostly civilians.", "people", "killed"),
    ("The bombing has killed more than 12,300 people, including more than 5,000 children.",
     "people", "killed"),
    ("Police arrested 15 protesters on Sunday.", "protesters", "arrested"),
    ("The storm displaced 12.3 million people.", "people", "displaced"),
    ("More than 40 people were injured in the crash.", "people", "injured"),
    ("About 1,200 people killed in the attack were buried on Monday.", "people", "killed"),
    ("The death toll rose to 1,200 on Monday.", None, "killed"),
    ("Dozens of people were wounded in the blast.", "people", "wounded"),
    ("Israel has 300 tanks near the border.", "tanks", None),
    ("The attack left 14 people dead on Friday.", "people", "killed"),
    ("The blast left 30 dead in the market.", None, "killed"),
    ("Officials said 300 missing after the flood.", None, "missing"),
])
def test_counted_and_predicate(nlp, text, counted, predicate):
    fig = _figures(nlp, text)[0]
    assert (fig.counted, fig.predicate) == (counted, predicate)


@pytest.mark.parametrize("text, expected", [
    # the example article: the union's figure is another value of the authority's cost
    ("According to the port authority, the stoppage has cost 310 million lira in lost fees. "
     "The dockworkers' union says the true figure is closer to 120 million lira.",
     ("lira", "cost", "stoppage")),
    ("Airstrikes killed 40 civilians. Local officials put the figure at 300.",
     ("civilians", "killed", "airstrikes")),
    ("The storm killed 12 people. The actual toll was nearer 2,000.", ("people", "killed", "storm")),
    # not a restatement: no restating noun, or the earlier quantity counts something else
    ("The company lost 5 million dollars. Its share price is 40 dollars.", ("dollars", None, None)),
    ("Gunmen killed 30 people. The real number is 50 trucks.", ("trucks", None, None)),
    ("Gunmen killed 30 people. Troops arrived. Roads closed. Rain fell. Power failed. "
     "The real number is 50 people.", ("people", None, None)),
])
def test_a_restated_quantity_takes_the_earlier_figures_event(nlp, text, expected):
    last = _figures(nlp, text)[-1]
    assert (last.counted, last.predicate, last.agent) == expected


@pytest.mark.parametrize("text, agent", [
    ("Gunmen stormed across the border on October 7, killing about 1,200 people.", "gunmen"),
    ("Israel's bombing campaign and ground invasion have killed more than 12,300 people.",
     "israel bombing campaign"),
    ("Russian strikes killed 40 civilians on Monday.", "russian strikes"),
    ("About 40 people were killed by the storm.", "storm"),
    ("They killed 40 people.", None),
    ("About 40 people died in the fire.", None),
    ("Officials said 40 people were killed.", None),
])
def test_agent_of_the_counted_event(nlp, text, agent):
    assert _one(nlp, text).agent == agent


@pytest.mark.parametrize("text, predicate", [
    ("Police arrested a total of 300 protesters.", "arrested"),
    # regression: "of" passed the figure to any noun, so these got "required" and "allowed"
    ("The law requires the nominee of the two major parties to release returns.", None),
    ("Trump claimed a loss of $916 million, which could have allowed him to avoid taxes.", None),
])
def test_of_passes_the_event_only_from_quantity_nouns(nlp, text, predicate):
    assert _figures(nlp, text)[0].predicate == predicate


def test_figure_in_including_phrase_inherits_the_event(nlp):
    text = "The bombing has killed more than 12,300 people, including more than 5,000 children."
    figs = _figures(nlp, text)
    assert [(f.value, f.counted, f.predicate) for f in figs] == [
        (12300, "people", "killed"), (5000, "children", "killed")]


# ---- not figures --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The attack came on October 7 after weeks of tension.",
    "Tehran has backed the cause since the 1979 Islamic revolution.",
    "The force also unveiled Fattah 2, an upgraded missile.",
    "A 65-year-old man was arrested at the scene.",
    "The suspect, aged 40, was released on bail.",
    "John Smith, 52, said he was innocent.",
    "The airline grounded its Boeing 737 jets.",
    "Leaders of the G7 met in Rome.",
    "Hospitals are full of Covid-19 patients.",
    "For help call 555-123-4567 or (202) 555-0100.",
    "Section 230 of the act shields platforms.",
    "Madrid won 3-1 on Saturday.",
    "He will be sworn in on the third attempt.",
    "The vote was held in 2019.",
    "The meeting starts at 5 pm.",
    "One of the men fled.",
    "His party was still the No. 1 force in Spain.",
    "It is now a two-man race.",
    "Under 70 Auto Sales is a used-car lot.",
    "The event started at 11: 06 a.m. sharp.",
    "The file was dated 2016-02-15.",
    "For one thing, it was late.",
    "The other two declined to comment.",
    "Sarah and Timothy Rogers, 27 and 29 years old, rode in the car.",
    "For those between the ages of 17 and 20, the rate is high.",
    "The program helps people under 30 engage in public service.",
    "Forty-three, yes; forty-four, no.",
    "The team suffered a 2-3 defeat at home.",
    "As FiveThirtyEight noted. [538] The race goes on.",
    "Those aged 17-20 were excluded.",
    "The board decided against revisiting the 2004 changes to the test.",
])
def test_not_figures(nlp, text):
    assert _figures(nlp, text) == []


def test_ages_in_a_list_of_names_are_not_figures(nlp):
    figs = _figures(nlp, "He has five children: Donald Jr., 38; Ivanka, 34; Eric, 32.")
    assert [(f.text, f.counted) for f in figs] == [("five", "children")]


def test_one_is_a_figure_only_in_a_reported_event(nlp):
    fig = _one(nlp, "One person was killed and the shop was closed.")
    assert (fig.value, fig.counted, fig.predicate) == (1, "person", "killed")
    assert _figures(nlp, "One operative inside the tower tried to stop him.") == []


def test_year_like_number_counting_a_plural_noun_is_a_figure(nlp):
    fig = _one(nlp, "The storm destroyed 2000 homes.")
    assert fig.value == 2000 and fig.counted == "homes"


def test_range_near_a_sports_word_without_a_dash_is_not_a_score(nlp):
    # regression: "leads ranging from 2 to 9" was refused as a score and left "9" alone
    fig = _one(nlp, "Polls show Trump with modest leads ranging from 2 to 9 percentage points.")
    assert (fig.text, fig.low, fig.high, fig.counted) == (
        "from 2 to 9 percentage points", 2, 9, "percentage points")


def test_score_second_half_is_not_a_figure(nlp):
    # regression: "3-1" split as "3" "-" "1" left the "1" behind as a figure
    assert _figures(nlp, "They won 3-1. Then they lost 2-2.") == []


# ---- attribution linking ------------------------------------------------------------------------

KHAMENEI = (
    "Israel has been pounding the Hamas-ruled Gaza Strip since gunmen stormed across the border "
    "on October 7, killing about 1,200 people, mostly civilians, according to Israeli officials.\n"
    "The Hamas government says Israel’s bombing campaign and ground invasion have killed more than "
    "12,300 people in the narrow Palestinian territory, including more than 5,000 children.\n"
    "Tehran has made support for the Palestinian cause a centrepiece of its foreign policy since "
    "the 1979 Islamic revolution.\n"
    "Khamenei said Israel has “killed thousands of children without any remorse”.\n"
    "The force also unveiled Fattah 2, an upgraded version of a hypersonic missile.")


def _khamenei(nlp, officials_content):
    t = KHAMENEI
    atts = [
        _attribution(t, "a1", "Israeli officials", "according to", officials_content, "e1", "according_to"),
        _attribution(t, "a2", "The Hamas government", "says",
                     "Israel’s bombing campaign and ground invasion have killed more than 12,300 people "
                     "in the narrow Palestinian territory, including more than 5,000 children", "e2"),
        _attribution(t, "a3", "Khamenei", "said",
                     "Israel has “killed thousands of children without any remorse”", "e3", "mixed"),
    ]
    ents = [Entity("e1", "Israeli officials", "GROUP"), Entity("e2", "Hamas government", "ORG"),
            Entity("e3", "Ali Khamenei", "PERSON")]
    return {f.text: f for f in _figures(nlp, t, atts, ents)}


@pytest.mark.parametrize("officials_content", [
    # content spans an extractor might give: whole clause, the clause before the cue only, a stub
    "Israel has been pounding the Hamas-ruled Gaza Strip since gunmen stormed across the border "
    "on October 7, killing about 1,200 people, mostly civilians",
    "Israel has been pounding the Hamas-ruled Gaza Strip since gunmen stormed across the border",
    "Israel has been pounding the Hamas-ruled Gaza Strip",
])
def test_according_to_links_even_when_content_misses_the_figure(nlp, officials_content):
    figs = _khamenei(nlp, officials_content)
    assert set(figs) == {"about 1,200", "more than 12,300", "more than 5,000", "thousands"}
    assert (figs["about 1,200"].attribution, figs["about 1,200"].source_entity) == ("a1", "e1")
    assert figs["more than 12,300"].attribution == figs["more than 5,000"].attribution == "a2"
    assert figs["more than 5,000"].source_entity == "e2"
    assert (figs["thousands"].attribution, figs["thousands"].source_entity) == ("a3", "e3")


def test_ids_in_text_order(nlp):
    figs = list(_khamenei(nlp, "Israel has been pounding the Hamas-ruled Gaza Strip").values())
    assert [f.id for f in figs] == ["f1", "f2", "f3", "f4"]
    assert [f.start for f in figs] == sorted(f.start for f in figs)
    assert all(KHAMENEI[f.start:f.end] == f.text for f in figs)


def test_unattributed_figures_are_listed_with_null_source(nlp):
    text = "The storm destroyed 300 homes. Officials said 12 people died."
    atts = [_attribution(text, "a1", "Officials", "said", "12 people died", "e1")]
    figs = _figures(nlp, text, atts, [Entity("e1", "Officials", "GROUP")])
    assert [(f.text, f.attribution, f.source_entity) for f in figs] == [
        ("300", None, None), ("12", "a1", "e1")]


def test_figure_inside_the_source_is_not_reported_by_it(nlp):
    text = "Two officials said the talks had failed."
    atts = [_attribution(text, "a1", "Two officials", "said", "the talks had failed", "e1")]
    figs = _figures(nlp, text, atts)
    assert [(f.value, f.attribution) for f in figs] == [(2, None)]


def test_innermost_content_wins(nlp):
    text = "The minister said aides told him that 40 people were hurt."
    outer = _attribution(text, "a1", "The minister", "said", "aides told him that 40 people were hurt", "e1")
    inner = _attribution(text, "a2", "aides", "told", "40 people were hurt", "e2")
    figs = _figures(nlp, text, [outer, inner])
    assert figs[0].attribution == "a2" and figs[0].source_entity == "e2"


def test_reporting_verb_claims_figures_in_its_complement_beyond_the_content_span(nlp):
    text = "The ministry said 40 people were killed and 120 were wounded in the strike."
    atts = [_attribution(text, "a1", "The ministry", "said", "40 people were killed", "e1")]
    figs = _figures(nlp, text, atts)
    assert [(f.text, f.attribution) for f in figs] == [("40", "a1"), ("120", "a1")]


def test_figure_in_an_adverbial_of_the_reporting_verb_is_not_reported(nlp):
    # regression: "Speaking to … thousands of people …, Mr. Obama said" linked the crowd to Obama
    text = "Speaking to dignitaries and thousands of people on the Mall, Mr. Obama said the museum was open."
    atts = [_attribution(text, "a1", "Mr. Obama", "said", "the museum was open", "e1")]
    assert [(f.text, f.attribution) for f in _figures(nlp, text, atts)] == [("thousands", None)]


def test_according_to_at_the_end_of_the_sentence_claims_its_figures(nlp):
    text = "Some 35 percent of jobs depend on trade and 6 million jobs on exports, according to the ministry."
    atts = [_attribution(text, "a1", "the ministry", "according to",
                         "Some 35 percent of jobs depend on trade", "e1", "according_to")]
    figs = _figures(nlp, text, atts)
    assert [(f.text, f.attribution) for f in figs] == [("Some 35 percent", "a1"), ("6 million", "a1")]


def test_content_spanning_several_sentences_claims_figures_in_each(nlp):
    text = ("“The strike hit the market. It killed 40 people. Another 120 were hurt,” the mayor said. "
            "The city has 300 buses.")
    content = "“The strike hit the market. It killed 40 people. Another 120 were hurt,”"
    atts = [_attribution(text, "a1", "the mayor", "said", content, "e1", "direct")]
    figs = _figures(nlp, text, atts)
    assert [(f.text, f.attribution) for f in figs] == [("40", "a1"), ("120", "a1"), ("300", None)]


def test_cue_in_another_sentence_does_not_claim_the_figure(nlp):
    text = "Officials said the road was closed. The storm destroyed 300 homes."
    atts = [_attribution(text, "a1", "Officials", "said", "the road was closed", "e1")]
    assert _figures(nlp, text, atts)[0].attribution is None


def test_whitespace_only_cue_is_ignored(nlp):
    # regression: a cue span over whitespace expanded to an empty spaCy span and raised IndexError
    text = "Officials said  300 homes were destroyed."
    atts = [Attribution("a1", "indirect", None, Span(14, 15, " "), Span(0, 8, "Official"))]
    assert [(f.text, f.attribution) for f in _figures(nlp, text, atts)] == [("300", None)]


@pytest.mark.parametrize("text", [
    "$", "3-1-", "- 5 -", "between and", "more than", "a third of", "1,200,", "12.3.4 million",
    "US$ bn m k", "thousands of of", "minus minus 5", "((555) 555-0100", "[", "2019-", "half",
    "tens of", "1/2 of 3/4", "5%%", "per cent", "\n\n 7 \n", "٣٠٠ people", "１２ people",
])
def test_odd_inputs_never_raise_and_spans_match_the_text(nlp, text):
    for fig in _figures(nlp, text):
        assert text[fig.start:fig.end] == fig.text
        assert fig.low is None or fig.high is None or fig.low <= fig.high


def test_no_numbers_no_figures(nlp):
    assert _figures(nlp, "Nobody said anything about it.") == []
    assert _figures(nlp, "") == []


def test_figure_round_trips_through_dict(nlp):
    from according.schema import Figure

    fig = _one(nlp, "The strike killed about 1,200 people.")
    assert Figure.from_dict(fig.to_dict()) == fig


# ---- end to end on the shared example -------------------------------------------------------------

@pytest.mark.shared
def test_khamenei_end_to_end(khamenei_doc):
    doc = khamenei_doc
    figs = {f.text: f for f in doc.figures}
    by_id = {a.id: a for a in doc.attributions}

    def source_of(fig):
        a = by_id.get(fig.attribution)
        return a.source.text if a and a.source else None

    f = figs["about 1,200"]
    assert (f.qualifier, f.predicate, f.counted) == ("approximately", "killed", "people")
    assert "Israeli officials" in source_of(f)
    for text, counted in (("more than 12,300", "people"), ("more than 5,000", "children")):
        got = (figs[text].qualifier, figs[text].predicate, figs[text].counted)
        assert got == ("more_than", "killed", counted)
        assert "Hamas government" in source_of(figs[text])
    f = figs["thousands"]
    assert (f.qualifier, f.value, f.counted) == ("vague", None, "children")
    assert "Khamenei" in source_of(f) or doc.entity(f.source_entity).name.endswith("Khamenei")
    assert not any(t in f.text for f in doc.figures for t in ("Fattah", "October", "1979"))
    assert not any(f.text.strip() in ("2", "7", "1979") for f in doc.figures)
    assert all(f.source_entity == by_id[f.attribution].speaker for f in doc.figures if f.attribution)


def test_a_polls_results_run_on_in_the_next_sentences(nlp):
    text = ("The race is tied, according to a new national poll. "
            "Among likely voters, 46 percent would choose Clinton and 44 percent would back Trump.")
    poll = _attribution(text, "a1", "a new national poll", "according to", "The race is tied",
                        type="according_to")
    figs = _figures(nlp, text, [poll])
    assert [(f.text, f.attribution) for f in figs] == [("46 percent", "a1"), ("44 percent", "a1")]


def test_a_share_that_answers_a_poll_belongs_to_the_poll(nlp):
    text = ("A new survey found that voters are worried. "
            "However, 63 percent said the economy was improving.")
    survey = _attribution(text, "a1", "A new survey", "found", "voters are worried")
    answer = _attribution(text, "a2", "63 percent", "said", "the economy was improving")
    fig = _figures(nlp, text, [survey, answer])[0]
    assert (fig.text, fig.attribution) == ("63 percent", "a1")


def test_answers_of_a_polls_respondents_keep_the_poll_talking(nlp):
    text = ("The race is tied, according to a new poll. The debate is on Monday. It starts at nine. "
            "A majority of voters expect Clinton to win. Nearly all say they will watch. "
            "Clinton leads among women by 12 points.")
    poll = _attribution(text, "a1", "a new poll", "according to", "The race is tied", type="according_to")
    majority = _attribution(text, "a2", "A majority of voters", "expect", "Clinton to win")
    fig = [f for f in _figures(nlp, text, [poll, majority]) if f.value == 12][0]
    assert fig.attribution == "a1"


def test_a_persons_words_do_not_run_on_without_a_cue(nlp):
    text = "The mayor said the city was recovering. The flood destroyed 300 homes."
    mayor = _attribution(text, "a1", "The mayor", "said", "the city was recovering", "e1")
    fig = _one_with(nlp, text, [mayor])
    assert (fig.attribution, fig.source_entity) == (None, None)


def test_a_poll_does_not_run_on_past_its_window(nlp):
    text = ("The race is tied, according to a new poll. The debate is on Monday. It starts at nine. "
            "Tickets sold out fast. The hall is small. Police closed the roads. Some 4,000 people came.")
    poll = _attribution(text, "a1", "a new poll", "according to", "The race is tied", type="according_to")
    fig = [f for f in _figures(nlp, text, [poll]) if f.value == 4000][0]
    assert fig.attribution is None


def test_a_studys_findings_run_on_past_reports_of_what_it_studied(nlp):
    text = ("A study by the Media Institute found the Daily Ledger favoured incumbents. "
            "The Daily Ledger counted 40% of incumbents' claims as true, compared to 12% of rivals' "
            "claims.")
    study = _attribution(text, "a1", "A study by the Media Institute", "found",
                         "the Daily Ledger favoured incumbents")
    rated = _attribution(text, "a2", "The Daily Ledger", "counted",
                         "40% of incumbents' claims as true")
    figs = {f.text: f.attribution for f in _figures(nlp, text, [study, rated])}
    assert figs["12%"] == "a1"


def test_a_poll_runs_on_past_its_own_outlets_report(nlp):
    text = ("The latest Harbor/Ipsos poll shows Lee leading Park by 4 points. "
            "That is the same lead as last month, Harbor reported. "
            "Another 19 percent said they would pick neither.")
    poll = _attribution(text, "a1", "The latest Harbor/Ipsos poll", "shows",
                        "Lee leading Park by 4 points")
    outlet = _attribution(text, "a2", "Harbor", "reported", "That is the same lead as last month")
    fig = [f for f in _figures(nlp, text, [poll, outlet]) if f.value == 19][0]
    assert fig.attribution == "a1"


def test_a_study_does_not_run_on_past_someone_elses_words(nlp):
    text = ("A study by the Media Institute found the Daily Ledger favoured incumbents. "
            "Ann Park said the study was flawed. Rivals lost 12 seats.")
    study = _attribution(text, "a1", "A study by the Media Institute", "found",
                         "the Daily Ledger favoured incumbents")
    park = _attribution(text, "a2", "Ann Park", "said", "the study was flawed")
    fig = [f for f in _figures(nlp, text, [study, park]) if f.value == 12][0]
    assert fig.attribution is None


def test_a_polls_result_by_a_margin_runs_on(nlp):
    text = ("Clinton leads by 3 points, according to a new poll. "
            "Women favour her 58% to 29%, a 2 to 1 margin.")
    poll = _attribution(text, "a1", "a new poll", "according to", "Clinton leads by 3 points",
                        type="according_to")
    figs = {f.text: f.attribution for f in _figures(nlp, text, [poll])}
    assert figs["58%"] == "a1" and figs["2 to 1"] == "a1"


def _one_with(nlp, text, attributions):
    figs = _figures(nlp, text, attributions, [Entity("e1", "x", "PERSON")])
    assert len(figs) == 1, [f.text for f in figs]
    return figs[0]


def test_a_polls_method_is_the_articles_own(nlp):
    text = ("Clinton leads by 3 points, according to a new poll. "
            "The sample is 834 voters, with a margin of error of 4 points.")
    poll = _attribution(text, "a1", "a new poll", "according to", "Clinton leads by 3 points",
                        type="according_to")
    figs = {f.text: f for f in _figures(nlp, text, [poll])}
    assert figs["834"].attribution is None and figs["4"].attribution is None


@pytest.mark.parametrize("text, place, period", [
    ("In Gaza, 52,000 people have been killed since October 2023.", "gaza", "october 2023"),
    ("A helicopter crash in Nepal killed 16 people on Monday.", "nepal", "monday"),
    ("The flood destroyed 300 homes.", None, None),
    # an age after a name is tagged DATE, but it is no time of the figure
    ("Maria Okafor, 61, lost 12 goats in the flood.", None, None),
])
def test_a_figure_knows_its_place_and_period(nlp, text, place, period):
    fig = _one(nlp, text)
    assert (fig.place, fig.period) == (place, period)


def test_a_citation_inside_a_report_backs_that_report_not_the_main_clause(nlp):
    """Regression: "Shares … fell 9% after the company warned …, citing weak demand" gave the
    9% to the company."""
    text = ("Shares of Norvik Foods fell 7% on Monday after the company warned that sales would "
            "slow, citing weak demand for frozen meals.")
    warned = _attribution(text, "a1", "the company", "warned", "that sales would slow", "e1")
    citing = _attribution(text, "a2", "the company", "citing", "weak demand for frozen meals", "e1")
    [fig] = _figures(nlp, text, [warned, citing])
    assert (fig.text, fig.attribution, fig.source_entity) == ("7%", None, None)
    ended = "The plant cut 300 jobs, according to the union."
    union = _attribution(ended, "a1", "the union", "according to", "The plant cut 300 jobs", "e1",
                         "according_to")
    union.content = _span(ended, "The plant cut")  # a content cut short still ends in the cue
    assert [f.attribution for f in _figures(nlp, ended, [union])] == ["a1"]


def test_the_reporters_own_setting_is_not_the_figures(nlp):
    text = "Officials in Paris said on Monday that 40 people were hurt."
    att = _attribution(text, "a1", "Officials in Paris", "said on Monday", "40 people were hurt", "e1")
    fig = _one_with(nlp, text, [att])
    assert (fig.place, fig.period) == (None, None)


@pytest.mark.parametrize("text, source, cue, content", [
    # "X, Y reported": the figure is in what Y reports
    ("The death toll rose overnight to 3,381, state-run Anadolu news agency reported.",
     "state-run Anadolu news agency", "reported", "The death toll rose overnight to 3,381"),
    # a count someone documents is theirs
    ("The White Helmets, a rescue group, documented more than 790 deaths in the province.",
     "The White Helmets, a rescue group,", "documented", "more than 790 deaths in the province"),
    # the cue is a clause on the figure's noun ...
    ("Rescuers searched the 12 buildings that officials said were destroyed.",
     "officials", "said", "were destroyed"),
    # ... also where the small parser glues the noun to the source ("buildings officials")
    ("Rescuers pulled survivors from 12 buildings officials said were destroyed.",
     "officials", "said", "were destroyed"),
    # ... or on the subject of the figure's verb
    ("The deaths tallied by the health ministry reached 3,381 on Monday.",
     "the health ministry", "tallied by", "The deaths"),
    # a participle giving the toll belongs to the statement it continues
    ("The health ministry said on Sunday that strikes continued, giving a toll of 52,000.",
     "The health ministry", "said", "strikes continued"),
    # a cue that reports nothing gives no source: the article's own figure
    ("State law requires a license for charities that raise more than $25,000 a year.",
     "State law", "requires", "a license for charities that raise more than $25,000 a year"),
    ("The senator grilled the chief executive over a scheme that opened 2 million accounts.",
     "The senator", "grilled", "the chief executive over a scheme that opened 2 million accounts"),
])
def test_who_a_figure_is_from(nlp, text, source, cue, content):
    att = _attribution(text, "a1", source, cue, content, "e1")
    fig = _one_with(nlp, text, [att])
    reports = cue not in ("requires", "grilled")
    assert (fig.attribution, fig.source_entity) == (("a1", "e1") if reports else (None, None))


def test_a_relative_clause_whose_subject_is_the_figure_does_not_source_it(nlp):
    text = "The board has three members who voted against the plan."
    att = _attribution(text, "a1", "who", "voted against", "the plan", "e1")
    fig = _one_with(nlp, text, [att])
    assert fig.attribution is None


@pytest.mark.parametrize("text, phrase, value", [
    ("Steyer gave more than $38million to the group.", "more than $38million", 38_000_000),
    ("The total reached $846.8million in August.", "$846.8million", 846_800_000),
])
def test_a_scale_written_onto_the_digits(nlp, text, phrase, value):
    fig = _one(nlp, text)
    assert (fig.text, fig.value, fig.counted) == (phrase, value, "dollars")


@pytest.mark.parametrize("text, phrase, value", [
    ("The U.S. spends more than twice as much as its allies.", "more than twice", 2),
    ("It was a threefold increase since the 1960s.", "threefold", 3),
    ("Obama won the state twice.", "twice", 2),
])
def test_multiples_count_times(nlp, text, phrase, value):
    fig = _one(nlp, text)
    assert (fig.text, fig.value, fig.counted) == (phrase, value, "times")


def test_a_spelled_out_lead_in_points_is_a_figure(nlp):
    fig = _one(nlp, "Romney had a ten-point lead among high earners.")
    assert (fig.text, fig.value) == ("ten", 10)


def test_a_report_nested_in_a_content_is_the_figures(nlp):
    text = ("Bloomberg reports that Trump won voters making $100,000 or more in 2012, according to "
            "the Roper Center, and that he is losing them now.")
    outer = _attribution(text, "a1", "Bloomberg", "reports",
                         "that Trump won voters making $100,000 or more in 2012, according to the Roper "
                         "Center, and that he is losing them now", "e1")
    inner = _attribution(text, "a2", "the Roper Center", "according to",
                         "Trump won voters making $100,000 or more in 2012", "e2", "according_to")
    inner.content = _span(text, "Trump won voters making")  # the inner report's content is cut short
    figs = _figures(nlp, text, [outer, inner], [Entity("e1", "Bloomberg", "ORG"),
                                                Entity("e2", "Roper Center", "ORG")])
    assert [(f.text, f.attribution) for f in figs] == [("$100,000 or more", "a2")]


def test_an_estimating_verbs_subject_gives_the_figure(nlp):
    text = ("The plan would raise $1.1 trillion; the Center at the Tax Foundation puts the figure "
            "at $498 billion.")
    start = text.index("Tax Foundation")
    foundation = Entity("e1", "Tax Foundation", "ORG", [(start, start + len("Tax Foundation"))])
    figs = {f.text: f for f in _figures(nlp, text, [], [foundation])}
    assert (figs["$498 billion"].attribution, figs["$498 billion"].source_entity) == (None, "e1")
    assert figs["$1.1 trillion"].source_entity is None


def test_a_part_of_an_estimate_is_the_estimators(nlp):
    """"including 31 children": the parser tags the preposition a verb; it passes the figure up."""
    text = "The relief agency put the death toll at 64, including 19 children."
    start = text.index("The relief agency")
    agency = Entity("e1", "relief agency", "ORG", [(start, start + len("The relief agency"))])
    figs = {f.text: f for f in _figures(nlp, text, [], [agency])}
    assert figs["64"].source_entity == figs["19"].source_entity == "e1"


@pytest.mark.parametrize("text, figure", [
    ("That was enough to hold the IMF's estimate of global growth steady at 3.1 percent.",
     "3.1 percent"),
    ("By Sunday the IMF's count of affected firms had reached 1,400.", "1,400"),
])
def test_a_speakers_estimate_gives_the_figure(nlp, text, figure):
    start = text.index("IMF")
    imf = Entity("e1", "IMF", "ORG", [(start, start + 3)])
    figs = {f.text: f for f in _figures(nlp, text, [], [imf])}
    assert figs[figure].source_entity == "e1"


def test_an_estimate_nobody_owns_is_the_articles_own(nlp):
    text = "The IMF met on Monday. The estimate of global growth stayed at 3.1 percent."
    imf = Entity("e1", "IMF", "ORG", [(4, 7)])
    assert _figures(nlp, text, [], [imf])[0].source_entity is None


def test_a_claim_inside_a_report_belongs_to_its_claimant(nlp):
    text = ("PolitiFact did a fact-check on Donald Trump's claim that there have been thousands "
            "of shootings in Chicago this year.")
    trump, pf = text.index("Donald Trump"), text.index("PolitiFact")
    entities = [Entity("e1", "PolitiFact", "ORG", [(pf, pf + 10)]),
                Entity("e2", "Donald Trump", "PERSON", [(trump, trump + 12)])]
    report = _attribution(text, "a1", "PolitiFact", "did a fact-check",
                          text[text.index("on Donald"):].rstrip("."), speaker="e1")
    fig = _figures(nlp, text, [report], entities)[0]
    assert (fig.text, fig.source_entity) == ("thousands", "e2")


@pytest.mark.parametrize("text, who", [
    ("Clinton's plan would also cap the value of deductions at 28 percent.", "Clinton"),
    ("Under the proposal, Clinton would raise the top rate to 35 percent.", "Clinton"),
])
def test_the_figures_of_a_speakers_proposal_are_theirs(nlp, text, who):
    start = text.index(who)
    clinton = Entity("e1", "Hillary Clinton", "PERSON", [(start, start + len(who))])
    assert _figures(nlp, text, [], [clinton])[0].source_entity == "e1"


def test_who_a_speakers_proposal_applies_to_is_part_of_it(nlp):
    text = "For families with incomes above $2 million, Lee would add a new tax bracket."
    start = text.index("Lee")
    lee = Entity("e1", "Ann Lee", "PERSON", [(start, start + 3)])
    fig = _figures(nlp, text, [], [lee])[0]
    assert (fig.text, fig.source_entity) == ("above $2 million", "e1")


def test_what_happened_to_a_speaker_is_not_their_figure(nlp):
    text = "Clinton lost 12 percent of her lead in a week."
    clinton = Entity("e1", "Hillary Clinton", "PERSON", [(0, 7)])
    assert _figures(nlp, text, [], [clinton])[0].source_entity is None


@pytest.mark.parametrize("text, tally", [
    ("The committee voted 19-15 along party lines.", "19-15"),
    ("The court made a surprise 5-4 decision.", "5-4"),
    ("By a 2-to-1 vote, the court sent the case back.", "2-to-1"),
])
def test_a_vote_tally_is_one_figure_of_votes(nlp, text, tally):
    fig = _figures(nlp, text)[0]
    assert (fig.text, fig.counted, fig.value, fig.low, fig.high) == (tally, "votes", None, None, None)


def test_a_score_is_still_no_figure(nlp):
    assert _figures(nlp, "Chelsea won 3-1 at home.") == []


def test_the_figures_of_an_offer_are_the_offerers(nlp):
    text = "The minister offered a 6 percent pay rise spread over two years."
    offer = _attribution(text, "a1", "The minister", "offered",
                         "a 6 percent pay rise spread over two years", speaker="e1")
    fig = _figures(nlp, text, [offer], [Entity("e1", "minister", "PERSON", [(0, 12)])])[0]
    assert (fig.text, fig.attribution, fig.source_entity) == ("6 percent", "a1", "e1")


def test_a_report_set_between_commas_gives_the_figures_of_its_sentence(nlp):
    text = ("If every firm paid its taxes on time, the auditors calculated, the state would "
            "collect a further $41.5 billion.")
    report = _attribution(text, "a1", "the auditors", "calculated",
                          "If every firm paid its taxes on time", speaker="e1")
    auditors = Entity("e1", "auditors", "GROUP", [(text.index("the auditors"),
                                                    text.index("the auditors") + 12)])
    fig = next(f for f in _figures(nlp, text, [report], [auditors]) if f.value == 41.5e9)
    assert (fig.attribution, fig.source_entity) == ("a1", "e1")


def test_a_clause_joined_after_a_report_continues_it(nlp):
    text = ("The richest fifth paid 61.4 percent, the office said in a May report, and those "
            "in the poorest fifth paid 1.2 percent.")
    report = _attribution(text, "a1", "the office", "said", "The richest fifth paid 61.4 percent",
                          speaker="e1")
    office = Entity("e1", "Budget Office", "ORG", [(text.index("the office"),
                                                    text.index("the office") + 10)])
    figs = {f.text: f.source_entity for f in _figures(nlp, text, [report], [office])}
    assert figs["61.4 percent"] == figs["1.2 percent"] == "e1"


def test_a_clause_joined_after_a_report_that_reports_again_is_its_own(nlp):
    text = ("Sales rose 4 percent, the firm said, and analysts predicted a 9 percent rise.")
    report = _attribution(text, "a1", "the firm", "said", "Sales rose 4 percent", speaker="e1")
    firm = Entity("e1", "firm", "ORG", [(text.index("the firm"), text.index("the firm") + 8)])
    figs = {f.text: f.source_entity for f in _figures(nlp, text, [report], [firm])}
    assert figs["4 percent"] == "e1" and figs["9 percent"] is None


@pytest.mark.parametrize("text", [
    "Aides see little point in responding to Lee's threats to close the border and slap a 35 "
    "percent tariff on imports.",
    "Economists praised Lee's pledge to cut the top rate to 30 percent.",
])
def test_the_figures_of_what_a_speaker_commits_to_are_theirs(nlp, text):
    start = text.index("Lee")
    lee = Entity("e1", "Ann Lee", "PERSON", [(start, start + 3)])
    report = _attribution(text, "a1", text.split()[0], text.split()[1], text[start:].rstrip("."),
                          speaker="e2")
    fig = _figures(nlp, text, [report], [lee, Entity("e2", "critics", "GROUP", [(0, 7)])])[0]
    assert fig.source_entity == "e1"


def test_what_a_speaker_is_said_to_want_is_not_a_commitment_of_theirs(nlp):
    text = "Critics mocked Lee's hopes to win 40 percent of the vote."
    start = text.index("Lee")
    lee = Entity("e1", "Ann Lee", "PERSON", [(start, start + 3)])
    report = _attribution(text, "a1", "Critics", "mocked", text[start:].rstrip("."), speaker="e2")
    fig = _figures(nlp, text, [report], [lee, Entity("e2", "critics", "GROUP", [(0, 7)])])[0]
    assert fig.source_entity == "e2"


@pytest.mark.parametrize("text", [
    "Lee and Park met in May. The two taped a show that aired on Thursday.",
    "Lee and Park met in May. The two men spent months trading insults.",
    "Lee, Park and Cruz spoke first. The other three were silent.",
    "Chile and Peru signed the pact, committing their two nations to it.",
    "He said it should be done by 6 o’clock this afternoon.",
    "Business leaders in the 90’s were rich.",
    "The plan cuts emissions to 32 percent below 2005 levels.",
    "Voters asked about the health of Tom Park, who is 70.",
    "Tom Crutcher, 40 ― a father and student ― was shot.",
])
def test_references_back_clock_times_decades_base_years_and_ages_are_no_figures(nlp, text):
    assert [f.text for f in _figures(nlp, text) if f.text not in ("32 percent",)] == []


@pytest.mark.parametrize("text, figure", [
    ("The three presidential debates are 90 minutes long.", "three"),
    ("The four “loopholes” he cited are legal.", "four"),
    ("He has weathered his six corporate bankruptcies.", "six"),
])
def test_a_set_stated_for_the_first_time_is_a_figure(nlp, text, figure):
    assert figure in [f.text for f in _figures(nlp, text)]


def test_its_forecast_is_the_subjects_when_its_has_no_mention(nlp):
    text = "The fund had warned of a slump. But on Tuesday, it raised its growth forecast to 1.8 percent."
    it = text.index("it raised")
    fund = Entity("e1", "International Monetary Fund", "ORG", [(0, 8), (it, it + 2)])
    fig = _figures(nlp, text, [], [fund])[0]
    assert (fig.text, fig.source_entity) == ("1.8 percent", "e1")


def test_an_outlets_report_runs_on_in_the_next_sentence(nlp):
    text = ("Bonuses for tellers were $500 to $2,000 every three months, The Harbor Times reports. "
            "District managers could get $10,000 to $20,000 a year.")
    times = _attribution(text, "a1", "The Harbor Times", "reports",
                         "Bonuses for tellers were $500 to $2,000 every three months")
    fig = [f for f in _figures(nlp, text, [times]) if f.low == 10000][0]
    assert fig.attribution == "a1"


@pytest.mark.parametrize(("text", "source", "cue", "content", "number", "sourced"), [
    ("In the end, Patriot agreed to lend Mr. Clarke $5 million.", "Patriot", "agreed",
     "to lend Mr. Clarke $5 million", "$5 million", False),
    ("He steadfastly refuses to do what every candidate has done in the past nine elections.",
     "He", "steadfastly refuses", "to do what every candidate has done in the past nine elections",
     "nine", False),
    ("Independent analyses agree the top 1 percent would gain the most.", "Independent analyses",
     "agree", "the top 1 percent would gain the most", "1 percent", True),
])
def test_a_decision_to_act_is_told_not_reported(nlp, text, source, cue, content, number, sourced):
    ent = Entity("e1", source, "ORG", [(0, len(source))])
    a = _attribution(text, "a1", source, cue, content, "e1")
    fig = next(f for f in _figures(nlp, text, [a], [ent]) if f.text.endswith(number.split()[-1]))
    assert (fig.source_entity == "e1") is sourced


def test_a_quotation_without_a_cue_carries_on_the_speakers_quotes(nlp):
    text = ("“You squeezed employees to the breaking point,” she said. “You went on television "
            "to blame thousands of $12-an-hour workers.”\n\nThe bank opened 2 million accounts.")
    ent = Entity("e1", "Elizabeth Warren", "PERSON", [(text.index("she"), text.index("she") + 3)])
    a = _attribution(text, "a1", "she", "said", "“You squeezed employees to the breaking point,”",
                     "e1", "direct")
    figs = {f.text: f.source_entity for f in _figures(nlp, text, [a], [ent])}
    assert figs["thousands"] == "e1"
    assert figs["2 million"] is None  # a new paragraph, out of quotes: the article's own


@pytest.mark.parametrize(("text", "owner", "number"), [
    ("Reporters fact-checked Ms. Vance's statement about thousands of layoffs at the mill.",
     "Ms. Vance", "thousands"),
    ("Ms. Vance never lived down her remark about 30 percent of the town being idle.",
     "Ms. Vance", "30 percent"),
])
def test_a_speakers_remark_about_a_figure_is_theirs(nlp, text, owner, number):
    start = text.index(owner)
    vance = Entity("e1", "Rita Vance", "PERSON", [(start, start + len(owner))])
    fig = next(f for f in _figures(nlp, text, [], [vance]) if f.text == number)
    assert fig.source_entity == "e1"


def test_a_participle_after_a_parenthetical_cue_goes_on_with_the_report(nlp):
    text = "Lee was the subject of 60 percent of the comments, the network announced, gaining 9,000 fans."
    a = _attribution(text, "a1", "the network", "announced",
                     "Lee was the subject of 60 percent of the comments")
    figs = {f.text: f.attribution for f in _figures(nlp, text, [a])}
    assert figs == {"60 percent": "a1", "9,000": "a1"}


def test_a_percentage_after_a_refused_year_is_still_a_figure(nlp):
    text = "The rule lowers emissions by 2030 to 32 percent below 2005 levels."
    assert [f.text for f in _figures(nlp, text)] == ["32 percent"]


@pytest.mark.parametrize(("text", "content", "number", "sourced"), [
    ("Surveys show a tight race in the county, where 40,000 ballots are still uncounted.",
     "a tight race in the county, where 40,000 ballots are still uncounted", "40,000", False),
    ("Surveys show the new car costs $30,253, which is almost $8,000 more than now.",
     "the new car costs $30,253, which is almost $8,000 more than now", "almost $8,000", True),
])
def test_a_relative_clause_the_writer_adds_to_a_report_is_the_articles(nlp, text, content, number,
                                                                        sourced):
    a = _attribution(text, "a1", "Surveys", "show", content)
    fig = next(f for f in _figures(nlp, text, [a]) if f.text == number)
    assert (fig.attribution == "a1") is sourced


@pytest.mark.parametrize(("source", "body"), [
    ("Economists at the Harbor Institute", True),
    ("Leading economists", False),
])
def test_a_groups_figure_belongs_to_the_organisation_it_works_for(nlp, source, body):
    text = f"{source} estimated that the tariff would cost 30,000 jobs."
    group = Entity("e1", source, "GROUP", [(0, len(source))], kind="group")
    ents = [group]
    if body:
        start = text.index("Harbor Institute")
        ents.append(Entity("x1", "Harbor Institute", "ORG", [(start, start + len("Harbor Institute"))]))
    a = _attribution(text, "a1", source, "estimated", "that the tariff would cost 30,000 jobs",
                     speaker="e1")
    fig = _figures(nlp, text, [a], ents)[0]
    assert (fig.attribution, fig.source_entity) == ("a1", "x1" if body else "e1")


def test_a_plans_terms_run_on_in_its_conditional_sentences(nlp):
    text = ("Under Ms. Lee's plan, renters would get a credit. Owners would pay a 5 percent levy, and "
            "after that the levy would fall by two points a year until it reached the current rate "
            "of 3 percent. In effect, there would be four rates.\n\nThe city has 9,000 owners.")
    a = Attribution("a1", "indirect", _span(text, "Ms. Lee's plan"), None,
                    _span(text, "renters would get a credit"))
    figs = {f.text: f.attribution for f in _figures(nlp, text, [a])}
    assert figs == {"5 percent": "a1", "two": "a1", "3 percent": None, "four": None,
                    "9,000": None}


def test_what_people_have_heard_is_their_report(nlp):
    text = "Most voters have heard by now that 3,000 jobs left the county."
    a = _attribution(text, "a1", "Most voters", "have heard by now", "that 3,000 jobs left the county")
    assert [f.attribution for f in _figures(nlp, text, [a])] == ["a1"]


def test_who_is_charged_is_the_articles_and_what_with_is_the_charge(nlp):
    text = "Prosecutors charged three bankers with cheating clients in at least 12 states."
    a = _attribution(text, "a1", "Prosecutors", "charged",
                     "three bankers with cheating clients in at least 12 states")
    figs = {f.text: f.attribution for f in _figures(nlp, text, [a])}
    assert figs == {"three": None, "at least 12": "a1"}


@pytest.mark.parametrize(("source", "cue", "relayed"), [
    ("The Harbor Times", "reports", True),
    ("Ms. Lee", "said", False),
])
def test_an_outlet_relays_the_findings_of_whom_it_cites(nlp, source, cue, relayed):
    text = f"{source} {cue} that Lee won voters making $90,000 or more, according to the Vale Institute."
    start = text.index("Vale Institute")
    ents = [Entity("e1", source, "ORG", [(0, len(source))]),
            Entity("x1", "Vale Institute", "ORG", [(start, start + len("Vale Institute"))])]
    a = _attribution(text, "a1", source, cue, "that Lee won voters making $90,000 or more", speaker="e1")
    fig = _figures(nlp, text, [a], ents)[0]
    assert fig.source_entity == ("x1" if relayed else "e1")


@pytest.mark.parametrize(("text", "figure", "value", "counted"), [
    ("The ceasefire lasted three days.", "three days", 3, "days"),
    ("He spent 20 years in prison.", "20 years", 20, "years"),
    ("She may not have paid taxes for nearly two decades.", "nearly two decades", 20, "years"),
    ("Miners face a 45-minute commute to the seam.", "45-minute", 45, "minutes"),
    ("Every 72 minutes, a veteran takes his life.", "72 minutes", 72, "minutes"),
])
def test_a_length_of_time_is_a_figure_counted_in_its_unit(nlp, text, figure, value, counted):
    fig = _one(nlp, text)
    assert (fig.text, fig.value, fig.counted) == (figure, value, counted)


@pytest.mark.parametrize("text", [
    "The mill closed two years ago.",
    "A 70-year-old man was hurt.",
    "The debate is in 10 days.",
    "Polls taken over the past two weeks agree.",
    "With 50 days until the vote, the race is tight.",
    "Two months to go, and the race is tight.",
    "The vote is two months away.",
])
def test_a_point_in_time_an_age_or_a_countdown_is_no_length_of_time(nlp, text):
    assert _figures(nlp, text) == []


@pytest.mark.parametrize(("text", "figure"), [
    ("The cut would cost the Treasury $374 billion over 10 years.", "$374 billion"),
    ("The union won a 6 percent pay rise spread over two years.", "6 percent"),
])
def test_the_window_of_another_figure_is_not_a_figure(nlp, text, figure):
    assert [f.text for f in _figures(nlp, text)] == [figure]


def test_how_a_report_was_made_is_the_articles_aside(nlp):
    text = "The state average shows Lee ahead by 4 points, using the six most recent polls in 12 counties."
    a = _attribution(text, "a1", "The state average", "shows",
                     "Lee ahead by 4 points, using the six most recent polls in 12 counties")
    figs = {f.text: f.attribution for f in _figures(nlp, text, [a])}
    assert figs == {"4": "a1", "six": None, "12": None}
