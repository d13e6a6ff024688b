"""Speakers across articles: conservative links, order independence, persistent corrections."""

from __future__ import annotations

import pytest

from according.errors import StoreError


def _speaker_of(store, name):
    rows = store.quotes(name)
    return {r["speaker"] for r in rows}


def test_khamenei_surname_and_title_join_the_full_name(store, make_doc):
    store.add_document(make_doc("k1", [("Ayatollah Ali Khamenei", "the occupation must end")],
                                extra_mentions={"Ayatollah Ali Khamenei": ["Iran’s Supreme Leader"]}))
    store.add_document(make_doc("k2", [("Khamenei", "resistance will win")]))
    store.add_document(make_doc("k3", [("Iran’s Supreme Leader", "the enemy is weak")]))
    store.relink_speakers()
    assert store.stats()["speakers"] == 1
    sp = store.speakers()[0]
    assert (sp["name"], sp["quotes"], sp["documents"]) == ("Ayatollah Ali Khamenei", 3, 3)
    assert {"Khamenei", "Iran’s Supreme Leader"} <= set(sp["aliases"])
    assert len(store.quotes("Iran's Supreme Leader")) == 3


def test_ambiguous_surname_stays_apart(store, make_doc):
    store.add_document(make_doc("c1", [("Hillary Clinton", "a")]))
    store.add_document(make_doc("c2", [("Bill Clinton", "b")]))
    store.add_document(make_doc("c3", [("Clinton", "c")]))
    store.relink_speakers()
    names = {s["name"] for s in store.speakers()}
    assert names == {"Hillary Clinton", "Bill Clinton", "Clinton"}
    assert _speaker_of(store, "Hillary Clinton") == {"Hillary Clinton"}


def test_links_do_not_depend_on_ingest_order(store, make_doc):
    # The surname comes first: it cannot link yet, but does once the full name is known ...
    store.add_document(make_doc("o1", [("Kaine", "first")]))
    store.add_document(make_doc("o2", [("Tim Kaine", "second")]))
    store.relink_speakers()
    assert _speaker_of(store, "Kaine") == {"Tim Kaine"}
    assert store.stats()["speakers"] == 1
    # ... and is unlinked again when another Kaine makes it ambiguous.
    store.add_document(make_doc("o3", [("Mary Kaine", "third")]))
    store.relink_speakers()
    rows = {r["content"]: r["speaker"] for r in store.quotes(limit=10)}
    assert rows == {"first": "Kaine", "second": "Tim Kaine", "third": "Mary Kaine"}


def test_merge_persists_and_applies_to_later_articles(store, make_doc):
    store.add_document(make_doc("m1", [("Barack Obama", "yes we can")]))
    store.add_document(make_doc("m2", [("Barry Obama", "hope")]))
    store.relink_speakers()
    assert store.stats()["speakers"] == 2  # a nickname is no evidence of one person
    merged = store.merge_speakers("Barack Obama", "Barry Obama")
    assert merged["name"] == "Barack Obama"
    assert store.stats()["speakers"] == 1
    # A later article naming the merged-away form lands on the kept speaker, even after relink.
    store.add_document(make_doc("m3", [("Barry Obama", "change")]))
    store.relink_speakers()
    assert _speaker_of(store, "Barack Obama") == {"Barack Obama"}
    assert len(store.quotes("Barack Obama")) == 3
    assert [c["action"] for c in store.corrections()] == ["merge"]


def test_split_undoes_merges_and_surname_links(store, make_doc):
    store.add_document(make_doc("s1", [("Ayatollah Ali Khamenei", "one")]))
    store.add_document(make_doc("s2", [("Khamenei", "two")]))
    store.add_document(make_doc("s3", [("Ali Hosseini Khamenei", "three")]))
    store.relink_speakers()
    store.merge_speakers("Ali Khamenei", "Ali Hosseini Khamenei")
    assert store.stats()["speakers"] == 1
    after = store.split_speaker("Ali Khamenei")
    assert {s["name"] for s in after} == {"Ayatollah Ali Khamenei", "Khamenei", "Ali Hosseini Khamenei"}
    store.add_document(make_doc("s4", [("Khamenei", "four")]))
    store.relink_speakers()
    assert {r["content"] for r in store.quotes("Ali Khamenei")} == {"one"}
    assert [c["action"] for c in store.corrections()] == ["merge", "split"]


def test_corrections_name_unknown_or_ambiguous_speakers(store, make_doc):
    store.add_document(make_doc("u1", [("Hillary Clinton", "a"), ("Bill Clinton", "b")]))
    with pytest.raises(StoreError, match="no speaker matches"):
        store.merge_speakers("Hillary Clinton", "Nobody Here")
    with pytest.raises(StoreError, match="matches 2 speakers"):
        store.resolve_speaker("Clinton")
    with pytest.raises(StoreError, match="already the same"):
        store.merge_speakers("Hillary Clinton", "hillary clinton")


def test_pronoun_sources_get_no_cross_article_speaker(store, make_doc):
    store.add_document(make_doc("p1", [("He", "a"), ("officials", "b")]))
    store.add_document(make_doc("p2", [("He", "c")]))
    assert store.stats()["speakers"] == 0
    assert store.speakers() == []


def test_one_name_key_in_two_kinds_links_each_kind_its_own_way(store, make_doc):
    # Regression: "Sanders" as a surname and as a one-word organisation once shared one update,
    # so the last kind relinked won, and SQLite and PostgreSQL disagreed.
    org = make_doc("k1", [("Sanders", "the campaign is strong")])
    org.entities[0].type = "ORG"
    store.add_document(org)
    store.add_document(make_doc("k2", [("Bernie Sanders", "a")]))
    store.add_document(make_doc("k3", [("Sanders", "b")]))
    store.relink_speakers()
    by_content = {r["content"]: r["speaker"] for r in store.quotes(limit=10)}
    assert by_content == {"the campaign is strong": "Sanders", "a": "Bernie Sanders", "b": "Bernie Sanders"}
    assert store.relink_speakers() == 0


def test_speaker_counts_stay_equal_to_a_full_recount(store, make_doc):
    from according.store.linking import refresh_counts
    from according.store.tables import speaker_outlets

    store.add_document(make_doc("r1", [("Kaine", "a"), ("Ann Lee", "b")], outlet="CNN"))
    store.add_document(make_doc("r2", [("Tim Kaine", "c"), ("Tim Kaine", "d")], outlet="Fox"))
    store.add_document(make_doc("r3", [("Ann Beth Lee", "e")]))
    store.relink_speakers()
    store.merge_speakers("Ann Lee", "Ann Beth Lee")
    store.add_document(make_doc("r4", [("Mary Kaine", "f"), ("Ann Beth Lee", "g")], outlet="CNN"))
    store.relink_speakers()
    store.split_speaker("Ann Lee")

    def table():
        with store.engine.connect() as conn:
            return sorted(map(tuple, conn.execute(speaker_outlets.select())))

    kept = table()
    with store.engine.begin() as conn:
        refresh_counts(conn)
    assert table() == kept
    for sp in store.speakers(top=100):
        quotes = store.quotes(str(sp["id"]), limit=100)
        assert sp["quotes"] == len(quotes) == sum(sp["outlets"].values())
        assert sp["documents"] == len({q["document_id"] for q in quotes})


def test_surname_linked_before_it_became_ambiguous_is_relinked_everywhere(store, make_doc):
    # Regression: "Obama" linked to Barack in early articles and left alone in later ones
    # once Michelle made it ambiguous; relink compared one of the two links, by chance.
    store.add_document(make_doc("b1", [("Barack Obama", "a")]))
    store.add_document(make_doc("b2", [("Obama", "b")]))  # linked to Barack (unambiguous yet)
    store.add_document(make_doc("b3", [("Michelle Obama", "c")]))
    store.add_document(make_doc("b4", [("Obama", "d")]))  # ambiguous now: a speaker of its own
    store.relink_speakers()
    by_content = {r["content"]: r["speaker"] for r in store.quotes(limit=10)}
    assert by_content == {"a": "Barack Obama", "b": "Obama", "c": "Michelle Obama", "d": "Obama"}


def test_a_nickname_of_the_same_full_name_is_one_speaker_whatever_the_order(store, make_doc):
    store.add_document(make_doc("n1", [("Bernard Sanders", "one")]))
    store.add_document(make_doc("n2", [("Bernie Sanders", "two")]))
    store.add_document(make_doc("n3", [("Bernie Sanders", "three")]))
    store.add_document(make_doc("n4", [("Hillary Sanders", "four")]))
    store.relink_speakers()
    assert _speaker_of(store, "Bernard Sanders") == _speaker_of(store, "Bernie Sanders") == {"Bernie Sanders"}
    assert _speaker_of(store, "Hillary Sanders") == {"Hillary Sanders"}


def test_a_middle_initial_and_a_generation_suffix(store, make_doc):
    store.add_document(make_doc("g1", [("Donald J. Trump", "one")]))
    store.add_document(make_doc("g2", [("Donald Trump", "two")]))
    store.add_document(make_doc("g3", [("Donald Trump Jr.", "three")]))
    store.relink_speakers()
    assert len(_speaker_of(store, "Donald Trump")) == 1
    assert _speaker_of(store, "Donald Trump Jr.") == {"Donald Trump Jr."}
    assert len(store.quotes("Donald Trump")) == 2 and len(store.quotes("Donald Trump Jr.")) == 1


def test_unnamed_sources_never_link_across_articles_nor_rank(store, make_doc):
    from according.schema import Attribution, Document, Entity, Span

    for i, place in ((1, "port"), (2, "pier")):
        text = f"Officials said the {place} would reopen."
        store.add_document(Document(f"u{i}", text, [Attribution(
            "a1", "indirect", Span(0, 9, "Officials"), Span(10, 14, "said"), Span(15, 37, text[15:37]),
            "e1")], [Entity("e1", "Officials", "GROUP", [(0, 9)], "unnamed")], []))
    store.relink_speakers()
    assert store.speakers(top=10) == []
    assert len(store.speakers(top=10, kind="unnamed")) == 2
    assert {r["kind"]: r["attributions"] for r in store.sourcing()} == {"unnamed": 2}


def test_an_acronym_joins_the_one_organisation_named_with_it(store, make_doc):
    def org(doc):
        for e in doc.entities:
            e.type = "ORG"
        return doc

    store.add_document(org(make_doc("i1", [("IMF", "growth will slow")])))
    store.add_document(org(make_doc("i2", [("International Monetary Fund (IMF)", "Britain will slow")],
                                    extra_mentions={"International Monetary Fund (IMF)": ["IMF"]})))
    store.add_document(org(make_doc("i3", [("ABC", "ratings rose")])))
    store.relink_speakers()
    assert _speaker_of(store, "IMF") == {"International Monetary Fund (IMF)"}
    assert {s["name"] for s in store.speakers()} == {"International Monetary Fund (IMF)", "ABC"}


def test_a_speakers_type_is_the_one_most_of_its_mentions_carry(store, make_doc):
    person = make_doc("p1", [("Politifact", "the claim was true")])  # the tagger's person
    org = make_doc("p2", [("PolitiFact", "the claim was false"), ("PolitiFact", "it was wrong")],
                   extra_mentions={"PolitiFact": ["PolitiFact", "PolitiFact"]})
    for e in org.entities:
        e.type = "ORG"
    store.add_document(person)
    store.add_document(org)
    [sp] = store.speakers()
    assert (sp["type"], sp["quotes"]) == ("ORG", 3)
