"""The Store API on both back ends: writing, deduplication, round trip, queries."""

from __future__ import annotations

import pytest

from according.errors import AccordingError


def test_generated_document_spans_match_text(make_doc):
    doc = make_doc("d", [("Jane Roe", "taxes will rise")], figures=[("12", 12.0, "jobs", "lost", "Jane Roe")])
    for a in doc.attributions:
        assert doc.text[a.content.start:a.content.end] == a.content.text
        assert doc.text[a.source.start:a.source.end] == a.source.text
    f = doc.figures[0]
    assert doc.text[f.start:f.end] == "12"


def test_add_document_round_trips_the_core_schema(store, make_doc):
    doc = make_doc("art-1", [("Jane Roe", "taxes will rise"), ("John Doe", "they will not")],
                        outlet="AP", published="2016-10-01", url="https://example.org/1",
                        figures=[("12", 12.0, "jobs", "lost", "Jane Roe")])
    pk = store.add_document(doc)
    assert pk is not None
    assert store.document(pk).to_dict() == doc.to_dict()
    assert store.document("art-1").to_dict() == doc.to_dict()
    assert [d.to_dict() for d in store.iter_documents()] == [doc.to_dict()]


def test_duplicate_text_or_url_is_skipped(store, make_doc):
    a = make_doc("a", [("Jane Roe", "one")], url="https://example.org/a")
    assert store.add_document(a) is not None
    assert store.add_document(a) is None
    same_text = make_doc("a", [("Jane Roe", "one")], url="https://example.org/other")
    assert store.add_document(same_text) is None
    same_url = make_doc("b", [("Jane Roe", "two")], url="https://example.org/a")
    assert store.add_document(same_url) is None
    assert store.stats()["documents"] == 1
    assert store.contains(a.text_sha256)


def test_stats_counts_every_table(store, make_doc):
    store.add_document(make_doc("a", [("Jane Roe", "one"), ("John Doe", "two")],
                                     figures=[("3", 3.0, "people", "died", "Jane Roe")]))
    assert store.stats() == {"documents": 1, "attributions": 2, "entities": 2, "speakers": 2,
                             "figures": 1}


@pytest.fixture
def corpus(store, make_doc):
    docs = [
        make_doc("d1", [("Hillary Clinton", "the economy is growing"), ("Tim Kaine", "we will win")],
                      outlet="CNN", published="2016-09-01"),
        make_doc("d2", [("Hillary Clinton", "taxes on the wealthy must rise")],
                      outlet="Breitbart", published="2016-09-15T12:00:00Z"),
        make_doc("d3", [("Donald Trump", "the economy is a disaster"), ("Mr. Trump", "jobs are leaving")],
                      outlet="Breitbart", published="2016-10-02"),
        make_doc("d4", [("Hillary Clinton", "growth, growth and more growth")], outlet="CNN"),
    ]
    for d in docs:
        store.add_document(d)
    store.relink_speakers()
    return store


def test_quotes_by_speaker_newest_first_undated_last(corpus):
    rows = corpus.quotes("Hillary Clinton")
    assert [r["content"] for r in rows] == ["taxes on the wealthy must rise", "the economy is growing",
                                             "growth, growth and more growth"]
    assert {r["speaker"] for r in rows} == {"Hillary Clinton"}
    assert corpus.quotes("hillary  CLINTON")[0]["content"] == rows[0]["content"]


def test_quotes_filters_dates_outlet_contains_and_pages(corpus):
    assert [r["document"] for r in corpus.quotes("Clinton", since="2016-09-10")] == ["d2"]
    assert [r["document"] for r in corpus.quotes("Clinton", until="2016-09-01")] == ["d1"]
    assert [r["document"] for r in corpus.quotes("Clinton", outlet="cnn")] == ["d1", "d4"]
    assert [r["content"] for r in corpus.quotes("Clinton", contains="ECONOMY")] == ["the economy is growing"]
    assert corpus.quotes("Clinton", contains="100%") == []
    page = corpus.quotes("Clinton", limit=1, offset=1)
    assert [r["document"] for r in page] == ["d1"]
    assert corpus.quotes("Nobody Known") == []
    assert len(corpus.quotes(limit=100)) == 6


def test_quotes_rejects_a_bad_date(corpus):
    with pytest.raises(AccordingError, match="not a date"):
        corpus.quotes("Clinton", since="last tuesday")


def test_surname_and_title_forms_reach_the_full_name(corpus):
    assert {r["content"] for r in corpus.quotes("Trump")} == {"the economy is a disaster", "jobs are leaving"}
    assert {r["speaker"] for r in corpus.quotes("Trump")} == {"Donald Trump"}


def test_search_is_stemmed_all_words_and_safe(corpus):
    assert {r["document"] for r in corpus.search("economy")} == {"d1", "d3"}
    assert [r["document"] for r in corpus.search("economies disaster")] == ["d3"]
    assert [r["content"] for r in corpus.search('"more growth"')] == ["growth, growth and more growth"]
    assert corpus.search('"') == [] and corpus.search("") == []
    assert corpus.search("AND OR NOT ( * : ^") == []
    assert len(corpus.search("economy", limit=1)) == 1
    assert [r["document"] for r in corpus.search("economy")] == ["d3", "d1"]  # newest ingest first
    assert {r["document"] for r in corpus.search("economy", order="relevance")} == {"d1", "d3"}
    assert [r["document"] for r in corpus.search("growth", order="relevance", offset=1)] == []
    with pytest.raises(AccordingError, match="unknown search order"):
        corpus.search("economy", order="random")


def test_speakers_top_with_outlets(corpus):
    top = corpus.speakers(top=2)
    assert [(s["name"], s["quotes"], s["documents"]) for s in top] == [
        ("Hillary Clinton", 3, 3), ("Donald Trump", 2, 1)]
    assert top[0]["outlets"] == {"CNN": 2, "Breitbart": 1}
    only = corpus.speakers(outlet="breitbart")
    assert [(s["name"], s["quotes"]) for s in only] == [("Donald Trump", 2), ("Hillary Clinton", 1)]
    assert only[1]["outlets"] == {"Breitbart": 1}
    assert [s["name"] for s in corpus.speakers(top=1, offset=1)] == ["Donald Trump"]


def test_figures_and_contested_quantities(store, make_doc):
    store.add_document(make_doc("f1", [], outlet="AP", published="2023-10-20",
                                     figures=[("500", 500.0, "people", "killed", "Health Ministry Gaza")]))
    store.add_document(make_doc("f2", [], outlet="Reuters", published="2023-10-22",
                                     figures=[("100", 100.0, "people", "killed", "Army Spokesman Jones")]))
    store.add_document(make_doc("f3", [], outlet="AP", published="2023-12-30",
                                     figures=[("900", 900.0, "people", "killed", "Someone Else")]))
    store.add_document(make_doc("f4", [], outlet="AP", published="2023-10-21",
                                     figures=[("500", 500.0, "people", "killed", "Other Person"),
                                              ("7", 7.0, "hospitals", "hit", "Other Person")]))
    assert len(store.figures()) == 5
    assert [f["text"] for f in store.figures(about="hospital")] == ["7"]
    groups = store.contested_figures()
    assert len(groups) == 1
    g = groups[0]
    assert (g["counted"], g["predicate"], g["values"]) == ("people", "killed", [100.0, 500.0])
    # f3 is two months later: outside the window, not part of this disagreement.
    assert {r["document"] for r in g["reports"]} == {"f1", "f2", "f4"}
    assert {r["outlet"] for r in g["reports"]} == {"AP", "Reuters"}
    wide = store.contested_figures(window_days=365)
    assert {r["document"] for r in wide[0]["reports"]} == {"f1", "f2", "f3", "f4"}
    assert store.contested_figures(about="hospitals") == []
    assert store.contested_figures(offset=1) == []
    capped = store.contested_figures(max_reports=2)[0]
    assert len(capped["reports"]) == 2 and capped["total_reports"] == 3


def test_tolls_with_different_agents_are_not_contested(store, make_doc):
    # the example article: "gunmen ... killing about 1,200" and "Israel's bombing campaign ...
    # killed more than 12,300" are two tolls, not two sources disagreeing on one
    store.add_document(make_doc("g1", [], figures=[
        ("1,200", 1200.0, "people", "killed", "Israeli Officials", "gunmen"),
        ("12,300", 12300.0, "people", "killed", "Hamas Government", "israel bombing campaign")]))
    assert store.contested_figures() == []
    assert {f["agent"] for f in store.figures()} == {"gunmen", "israel bombing campaign"}
    # the same actor named twice ("israeli strikes"), or a report elsewhere naming none, still
    # clash; each disagreement is a group of its own, with the reason it was grouped
    store.add_document(make_doc("g2", [], figures=[
        ("11,000", 11000.0, "people", "killed", "Army Spokesman", "israeli strikes")]))
    store.add_document(make_doc("g3", [], figures=[("900", 900.0, "people", "killed", "Aid Group")]))
    groups = store.contested_figures()
    assert sorted(g["values"] for g in groups) == [[900.0, 1200.0], [11000.0, 12300.0]]
    strikes = next(g for g in groups if 11000.0 in g["values"])
    assert strikes["reason"].startswith("people killed by israel")
    assert "within" not in strikes["reason"]  # no article has a date


def test_values_an_order_of_magnitude_apart_are_not_one_quantity(store, make_doc):
    # a helicopter crash's 16 deaths against a war's 52,000
    store.add_document(make_doc("h1", [], figures=[("16", 16.0, "people", "killed", "Police Chief")]))
    store.add_document(make_doc("h2", [], figures=[("52,000", 52000.0, "people", "killed", "Ministry")]))
    assert store.contested_figures() == []


def test_units_without_an_agent_are_not_one_quantity(store, make_doc):
    # Apple's, Nike's and an unnamed $10 billion "held" are three sums, not a disagreement
    store.add_document(make_doc("u1", [], figures=[
        ("$214.9 billion", 214.9e9, "dollars", "held", "Researchers", "apple"),
        ("$28.6 billion", 28.6e9, "dollars", "held", "Researchers", "goldman sachs")]))
    store.add_document(make_doc("u2", [], figures=[("$10 billion", 10e9, "dollars", "held", "Analyst")]))
    assert store.contested_figures() == []


def test_one_article_contests_only_a_named_agent(store, make_doc):
    # one article's "$350 million raised" by developers and "$1.1 trillion raised" by a tax plan
    store.add_document(make_doc("r1", [], figures=[
        ("$1.1 trillion", 1.1e12, "dollars", "raised", "Tax Policy Center", "clinton tax plan"),
        ("$498 billion", 498e9, "dollars", "raised", "Tax Foundation", "clinton tax plan"),
        ("$350 billion", 350e9, "dollars", "raised", "Officials")]))
    [group] = store.contested_figures()
    assert group["values"] == [498e9, 1.1e12]


@pytest.mark.parametrize("first, second", [
    (("gaza", None), ("nepal", None)),  # two places
    ((None, "in 2013"), (None, "2014")),  # two years
])
def test_figures_in_different_places_or_years_are_not_one_quantity(store, make_doc, first, second):
    for doc, number, speaker, setting in (("y1", "40", "Ann Lee", first), ("y2", "400", "Bob Ray", second)):
        store.add_document(make_doc(doc, [], figures=[
            (number, float(number), "people", "killed", speaker, None, *setting)]))
    assert store.contested_figures() == []


def test_a_quantity_without_predicate_is_never_contested(store, make_doc):
    store.add_document(make_doc("p1", [], figures=[("5", 5.0, "percent", None, "Ann Lee")]))
    store.add_document(make_doc("p2", [], figures=[("50", 50.0, "percent", None, "Bob Ray")]))
    assert store.contested_figures() == []


def test_same_value_or_same_source_is_not_contested(store, make_doc):
    store.add_document(make_doc("x1", [], figures=[("5", 5.0, "cars", "sold", "Ann Lee")]))
    store.add_document(make_doc("x2", [], figures=[("5", 5.0, "cars", "sold", "Bob Ray")]))
    store.add_document(make_doc("x3", [], figures=[("6", 6.0, "cars", "sold", "Ann Lee")]))
    groups = store.contested_figures()
    assert len(groups) == 1
    # Ann Lee's own 5 vs 6 is a revision, not a contest; Bob Ray's 5 vs Ann Lee's 6 is.
    assert {(r["speaker"], r["value"]) for r in groups[0]["reports"]} == {("Bob Ray", 5.0), ("Ann Lee", 6.0)}


def test_documents_listing(corpus):
    rows = corpus.documents()
    assert [r["document"] for r in rows] == ["d3", "d2", "d1", "d4"]
    assert rows[0]["attributions"] == 2 and "text" not in rows[0]
    assert [r["document"] for r in corpus.documents(outlet="CNN")] == ["d1", "d4"]


def test_concurrent_writers_store_each_article_once(target, make_doc):
    from concurrent.futures import ThreadPoolExecutor

    from according.store import open_store

    people = ["Ann Lee", "Bob Ray", "Cara Diaz", "Dan Moss", "Eve Park"]
    docs = [make_doc(f"c{i}", [(people[i % 5], f"statement {i}")]) for i in range(12)]
    open_store(target).close()

    def write(offset: int) -> list[int | None]:
        with open_store(target) as s:
            return [s.add_document(d) for d in docs[offset:] + docs[:offset]]

    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(write, [0, 4, 8]))
    stored = [pk for r in results for pk in r if pk is not None]
    assert len(stored) == len(set(stored)) == 12
    with open_store(target) as s:
        assert s.stats()["documents"] == 12 and s.stats()["speakers"] == 5


@pytest.mark.parametrize("field", ["text", "title", "id"])
def test_nul_characters_are_refused_alike_on_every_back_end(store, make_doc, field):
    from dataclasses import replace

    from according.errors import InputError

    doc = make_doc("nul-doc", [("Ada Byron", "the bridge is closed")], outlet="Gazette")
    doc = {"text": replace(doc, text=doc.text[:-1] + "\x00"), "title": replace(doc, meta={"title": "a\x00b"}),
           "id": replace(doc, id="nul\x00doc")}[field]
    with pytest.raises(InputError, match="NUL"):
        store.add_document(doc)
    assert store.stats()["documents"] == 0


def test_a_row_id_and_a_document_id_never_shadow_each_other(store, make_doc):
    store.add_document(make_doc("1", [("Ada Byron", "the bridge is closed")]))
    pk = store.add_document(make_doc("other", [("Ada Byron", "the road is open")]))
    assert store.document(pk).id == "other"
    assert store.document("1").id == "1"
    assert store.document(str(pk)) is None
    assert store.document(2**63) is None
