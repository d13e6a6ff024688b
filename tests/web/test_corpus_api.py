"""Corpus endpoints over a real SQLite store: filters, paging, profiles, ingest and merges."""

from __future__ import annotations

import pytest

from according.schema import Document

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]

KEY = "corpus-test-key"


@pytest.fixture(scope="module", params=BACKENDS)
def client(request, make_corpus, article_doc, web_settings):
    """The app over a corpus on each back end (SQLite; PostgreSQL when configured)."""
    from fastapi.testclient import TestClient

    from according.web import WebConfig, create_app

    db = make_corpus(article_doc, backend=request.param)
    app = create_app(WebConfig(db=db, api_key=KEY, settings=web_settings))
    with TestClient(app) as c:
        yield c


@pytest.fixture(params=BACKENDS)
def writable(request, make_client, make_corpus):
    """A client over a fresh corpus that tests may change."""
    return make_client(db=make_corpus(backend=request.param), api_key=KEY)


def items(r) -> list[dict]:
    assert r.status_code == 200, r.text
    return r.json()["items"]


def test_quotes_are_paged(client):
    first = client.get("/api/quotes?limit=1").json()
    assert first["count"] == 1 and first["next_offset"] == 1
    second = client.get("/api/quotes?limit=1&offset=1").json()
    assert second["items"][0]["id"] != first["items"][0]["id"]
    last = client.get("/api/quotes?limit=50&offset=100000").json()
    assert last["items"] == [] and last["next_offset"] is None


@pytest.mark.parametrize(("query", "expect"), [
    ("outlet=Gazette", {"Mayor Grace Hopper"}),
    ("outlet=gazette", {"Mayor Grace Hopper"}),
    ("since=2024-03-03", {"Mayor Grace Hopper"}),
    ("since=2024-01-01&until=2024-03-02", {"Health minister Ada Byron"}),
    ("contains=flood", {"Mayor Grace Hopper", "Health minister Ada Byron"}),
    ("speaker=Grace%20Hopper", {"Mayor Grace Hopper"}),
    ("speaker=nobody%20at%20all", set()),
    ("since=2024-03-05&until=2024-03-01", set()),
])
def test_quote_filters_match_the_cli(client, query, expect):
    assert {q["speaker"] for q in items(client.get(f"/api/quotes?{query}"))} == expect


def test_quotes_by_khamenei(client):
    quotes = items(client.get("/api/quotes?speaker=Khamenei"))
    assert quotes and all("Khamenei" in q["speaker"] for q in quotes)
    assert {q["outlet"] for q in quotes} == {"AP"}


@pytest.mark.parametrize(("query", "status"), [
    ("since=2024-13-01", 422), ("until=yesterday", 422),
    ("limit=0", 422), ("limit=501", 422), ("offset=-1", 422), ("speaker=%00", 422), ("outlet=a%0Ab", 422),
])
def test_bad_filters_are_client_errors(client, query, status):
    r = client.get(f"/api/quotes?{query}")
    assert r.status_code == status, r.text


def test_speakers_ranked_with_outlets(client):
    rows = items(client.get("/api/speakers"))
    assert rows[0]["quotes"] >= rows[-1]["quotes"]
    top = items(client.get("/api/speakers?top=2"))
    assert len(top) == 2
    # No name contains the title, but the store resolves it to the same person.
    by_name = items(client.get("/api/speakers?q=Khamenei"))
    titled = items(client.get("/api/speakers?q=Ayatollah%20Ali%20Khamenei"))
    assert titled and titled[0]["id"] in {s["id"] for s in by_name}
    assert items(client.get("/api/speakers?q=Nobody%20Atall")) == []
    hopper = items(client.get("/api/speakers?q=hopper"))
    assert [s["name"] for s in hopper] == ["Mayor Grace Hopper"]
    assert hopper[0]["outlets"] == {"Gazette": 1}
    assert [s["name"] for s in items(client.get("/api/speakers?outlet=Daily%20Planet"))] == [
        "Health minister Ada Byron"]


def test_speaker_profile(client):
    r = client.get("/api/speakers/Khamenei")
    assert r.status_code == 200, r.text
    profile = r.json()
    assert "Khamenei" in profile["name"]
    assert profile["quotes"] >= 1 and profile["outlets"] == {"AP": profile["quotes"]}
    assert profile["cues"] and profile["per_month"] == {"2023-11": profile["quotes"]}
    by_id = client.get(f"/api/speakers/{profile['id']}").json()
    assert by_id["name"] == profile["name"]


@pytest.mark.parametrize("ident", ["999999", "Nobody%20Atall"])
def test_unknown_speaker_is_404(client, ident):
    r = client.get(f"/api/speakers/{ident}")
    assert r.status_code == 404 and r.json()["detail"]


def test_contested_figures_group_disagreeing_sources(client):
    groups = items(client.get("/api/figures?contested=true&about=people"))
    flood = [g for g in groups if {80.0, 120.0} <= set(g["values"])]
    assert flood, groups
    sources = {r["speaker"] for r in flood[0]["reports"]}
    assert {"Mayor Grace Hopper", "Health minister Ada Byron"} <= sources
    plain = items(client.get("/api/figures?about=people"))
    assert {f["text"] for f in plain} >= {"80 people", "120 people"}
    assert all("agent" in f for f in plain)


def test_search_with_filters(client):
    both = items(client.get("/api/search?q=flood"))
    assert {r["speaker"] for r in both} == {"Mayor Grace Hopper", "Health minister Ada Byron"}
    assert [r["outlet"] for r in items(client.get("/api/search?q=flood&outlet=Gazette"))] == ["Gazette"]
    dated = items(client.get("/api/search?q=flood&since=2024-03-03&until=2024-03-31"))
    assert [r["outlet"] for r in dated] == ["Gazette"]
    assert items(client.get("/api/search?q=flood&speaker=Khamenei")) == []
    assert items(client.get("/api/search?q=flood&speaker=No%20Such%20Person")) == []
    assert client.get("/api/search").status_code == 422
    assert items(client.get('/api/search?q="NOT%20OR%20*%20(%20NEAR"')) == []


def test_stats_and_documents(client, article_doc):
    stats = client.get("/api/stats").json()
    assert stats["documents"] == 3 and stats["attributions"] >= 3
    r = client.get(f"/api/documents/{article_doc.id}")
    assert r.status_code == 200
    stored = Document.from_dict(r.json())
    assert stored.text == article_doc.text
    assert len(stored.attributions) == len(article_doc.attributions)
    assert client.get("/api/documents/nope").status_code == 404
    listed = items(client.get("/api/documents?limit=10"))
    assert {d["document"] for d in listed} == {"flood-a", "flood-b", article_doc.id}


def test_ingest_then_duplicate(writable):
    body = {"text": "The port authority said 12 cranes were damaged.", "id": "wire/port-1", "outlet": "Wire"}
    r = writable.post("/api/documents", json=body, headers={"X-API-Key": KEY})
    assert r.status_code == 201, r.text
    assert r.json()["stored"] is not None
    again = writable.post("/api/documents", json=body, headers={"X-API-Key": KEY})
    assert again.status_code == 200 and again.json()["stored"] is None
    assert writable.get("/api/documents/wire/port-1").json()["outlet"] == "Wire"
    page = writable.get("/documents/wire/port-1")
    assert page.status_code == 200 and "cranes were damaged" in page.text
    assert writable.get("/api/stats").json()["documents"] == 3


def test_bad_ingest_writes_nothing(writable):
    before = writable.get("/api/stats").json()
    for content, ctype in ((b"", "text/plain"), (b"{", "application/json"), (b"x", "image/png")):
        headers = {"Content-Type": ctype, "X-API-Key": KEY}
        r = writable.post("/api/documents", content=content, headers=headers)
        assert 400 <= r.status_code < 500
    assert writable.get("/api/stats").json() == before


def test_merge_speakers(writable):
    hopper = items(writable.get("/api/speakers?q=Hopper"))[0]
    byron = items(writable.get("/api/speakers?q=Byron"))[0]
    url = f"/api/speakers/{hopper['id']}/merge?into={byron['id']}"
    assert writable.post(url).status_code == 401
    r = writable.post(url, headers={"Authorization": f"Bearer {KEY}"})
    assert r.status_code == 200, r.text
    assert r.json()["into"]["id"] == byron["id"]
    names = {q["speaker"] for q in items(writable.get("/api/quotes?contains=flood"))}
    assert len(names) == 1
    # The merged-away id is gone; by name, both now designate the same speaker.
    assert writable.post(url, headers={"X-API-Key": KEY}).status_code == 404
    again = "/api/speakers/Grace%20Hopper/merge?into=Ada%20Byron"
    assert writable.post(again, headers={"X-API-Key": KEY}).status_code == 409
    assert writable.post(f"/api/speakers/999999/merge?into={byron['id']}",
                         headers={"X-API-Key": KEY}).status_code == 404


@pytest.mark.parametrize(("path", "status"), [
    ("/search?q=%00", 200), ("/search?q=<script>alert(1)</script>", 200), ("/search?q=flood&since=nope", 400),
    ("/search?q=flood&since=2024-03-03", 200), ("/speakers?q=%25_%5C", 200), ("/speakers?offset=-1", 422),
    ("/speakers/%00", 422), ("/speakers/<img src=x onerror=alert(1)>", 404), ("/figures?about=%25", 200),
    ("/documents/%2e%2e%2fetc%2fpasswd", 404), ("/search?q=" + "x" * 600, 422),
])
def test_pages_answer_odd_parameters_without_server_errors(client, path, status):
    """Bad page parameters get an HTML error page, never a 500, and are never echoed as markup."""
    r = client.get(path, headers={"Accept": "text/html"})
    assert r.status_code == status, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    assert "<script>alert" not in r.text and "<img src=x" not in r.text


def test_sourcing_counts_every_attribution_once_by_kind(client):
    overall = items(client.get("/api/sourcing"))
    kinds = {r["kind"] for r in overall}
    assert kinds <= {"named", "unnamed", "group", "document", "none"} and "named" in kinds
    assert abs(sum(r["share"] for r in overall) - 1) < 0.01
    per_outlet = items(client.get("/api/sourcing?by_outlet=true"))
    assert sum(r["attributions"] for r in per_outlet) == sum(r["attributions"] for r in overall)
    assert {r["outlet"] for r in per_outlet} >= {"AP"}


def _said(doc_id: str, speaker: str, said: str) -> Document:
    from according.schema import Attribution, Entity, Span

    text = f"{speaker} said {said}."
    n = len(speaker)
    attribution = Attribution("a1", "indirect", Span(0, n, speaker), Span(n + 1, n + 5, "said"),
                              Span(n + 6, n + 6 + len(said), said), "e1")
    return Document(doc_id, text, [attribution], [Entity("e1", speaker, "PERSON", [(0, n)])], [],
                    {"outlet": "Post"})


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_ambiguous_name_lists_its_candidates_and_a_full_name_finds_one(make_client, make_corpus, backend):
    from according.errors import AmbiguousName
    from according.store import open_store

    db = make_corpus(_said("l1", "Ann Lee", "the bridge is safe"), _said("l2", "Bo Lee", "it is not"),
                     _said("l3", "Ann Lee", "repairs are done"), backend=backend)
    client = make_client(db=db, api_key=KEY)
    r = client.get("/api/quotes?speaker=Lee")
    assert r.status_code == 409
    assert "Ann Lee (id" in r.json()["detail"] and "2 quotes" in r.json()["detail"]
    assert "Bo Lee" in r.json()["detail"]
    with open_store(db) as store, pytest.raises(AmbiguousName) as err:
        store.quotes("Lee")
    assert str(err.value) == r.json()["detail"]  # the CLI prints the same line
    assert {q["content"] for q in items(client.get("/api/quotes?speaker=Ann%20Lee"))} == {
        "the bridge is safe", "repairs are done"}


def test_the_search_page_lists_the_candidates_of_an_ambiguous_name(make_client, make_corpus):
    db = make_corpus(_said("l1", "Ann Lee", "the bridge is safe"), _said("l2", "Bo Lee", "it is not"))
    client = make_client(db=db, api_key=KEY)
    page = client.get("/search?speaker=Lee")
    assert page.status_code == 200 and 'id="speaker-candidates"' in page.text
    assert "Ann Lee</a> (1 quotes)" in page.text and "Bo Lee</a> (1 quotes)" in page.text
    one = client.get("/search?speaker=Ann%20Lee")
    assert "speaker-candidates" not in one.text and "the bridge is safe" in one.text
    assert "it is not" not in one.text
