"""Crafted input at the edge, on SQLite and PostgreSQL: bounded ids and integers, JSON depth, NUL
characters, document id rules, errors that leak nothing, HTML errors, favicon, links and
cross-site requests."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from according.web import WebConfig, create_app

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
KEY = "edge-test-key"
HTML = {"Accept": "text/html"}
BIG = str(2**63)
HUGE = "9" * 40


@pytest.fixture(scope="module", params=BACKENDS)
def client(request, make_corpus, web_settings):
    """An app over the two flood reports (speakers 1 and 2), without loading the model."""
    app = create_app(WebConfig(db=make_corpus(backend=request.param), api_key=KEY, settings=web_settings,
                               warm_up=False))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("path", [
    f"/api/speakers/{BIG}", f"/api/speakers/{HUGE}", f"/api/documents/{BIG}", f"/api/documents/{HUGE}",
    f"/api/quotes?speaker={BIG}", f"/api/search?q=flood&speaker={HUGE}", "/api/speakers/%C2%B2",
    "/api/speakers/%D9%A1", f"/speakers/{BIG}", f"/documents/{HUGE}", f"/search?q=flood&speaker={BIG}",
])
def test_ids_out_of_range_or_not_ascii_are_404(client, path):
    r = client.get(path)
    assert r.status_code == 404, r.text
    assert "ASCII" in r.text or "at most" in r.text


def test_arabic_indic_digit_does_not_resolve_to_a_row(client):
    assert client.get("/api/speakers/1").status_code == 200
    assert client.get("/api/speakers/\u0661").status_code == 404  # Arabic-Indic one
    assert client.get("/api/documents/1").status_code == 200
    assert client.get("/api/documents/\u0661").status_code == 404


def test_merge_with_an_id_out_of_range_is_404(client):
    r = client.post(f"/api/speakers/1/merge?into={BIG}", headers={"X-API-Key": KEY})
    assert r.status_code == 404


@pytest.mark.parametrize("value", ["1_0", "+5", " 5", "5.5", "\u0663", "%C2%B2", "0x10", BIG])
def test_integer_parameters_are_plain_ascii_digits(client, value):
    for path in (f"/api/quotes?limit={value}", f"/api/documents?offset={value}",
                 f"/api/speakers?top={value}", f"/api/figures?window_days={value}"):
        r = client.get(path)
        assert r.status_code == 422, (path, r.text)
    assert client.get(f"/speakers?offset={value}", headers=HTML).status_code == 422


@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"])
def test_deeply_nested_json_is_400(client, body):
    r = client.post("/api/extract", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert "nested too deeply" in r.json()["detail"]


@pytest.mark.parametrize("path", ["/api/extract", "/api/documents"])
def test_nul_in_the_article_is_422_on_every_back_end(client, path):
    before = client.get("/api/stats").json()["documents"]
    headers = {"X-API-Key": KEY}
    r = client.post(path, content=b"The mayor said\x00 the bridge is closed.",
                    headers={**headers, "Content-Type": "text/plain"})
    assert r.status_code == 422 and "NUL" in r.text
    r = client.post(path, json={"text": "The mayor said\u0000 the bridge is closed."}, headers=headers)
    assert r.status_code == 422
    r = client.post(path, json={"text": "The mayor said the bridge is closed.", "title": "a\u0000b"},
                    headers=headers)
    assert r.status_code == 422
    assert client.get("/api/stats").json()["documents"] == before


@pytest.mark.parametrize("doc_id", ["x" * 5000, "a\x00b", "tab\there", "1", " 42 ", "\u0663"])
def test_document_ids_that_could_not_be_read_back_are_refused(client, doc_id):
    headers = {"X-API-Key": KEY}
    r = client.post("/api/documents", params={"id": doc_id}, content=b"The mayor said it rained.",
                    headers={**headers, "Content-Type": "text/plain"})
    assert r.status_code == 422, r.text
    r = client.post("/api/documents", json={"text": "The mayor said it rained.", "id": doc_id},
                    headers=headers)
    assert r.status_code == 422, r.text


def test_row_ids_and_document_ids_do_not_shadow_each_other(client):
    by_row = client.get("/api/documents/1").json()
    assert client.get(f"/api/documents/{by_row['id']}").json()["text"] == by_row["text"]
    assert client.get("/api/documents/flood-b").json()["id"] == "flood-b"


def test_html_pages_answer_errors_as_html_and_the_api_as_json(client):
    r = client.get("/speakers/nobody-at-all", headers=HTML)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    r = client.get("/api/speakers/nobody-at-all", headers=HTML)
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")


def test_an_unexpected_error_is_a_500_page_without_the_traceback(client, monkeypatch):
    from according.web.corpus import Corpus

    def broken(*args, **kwargs):
        raise RuntimeError("/secret/path/to/module.py exploded")

    monkeypatch.setattr(Corpus, "find_speakers", broken)
    r = client.get("/speakers", headers=HTML)
    assert r.status_code == 500 and r.headers["content-type"].startswith("text/html")
    assert "/secret/path" not in r.text and "Traceback" not in r.text
    r = client.get("/api/speakers")
    assert r.status_code == 500 and r.json() == {"detail": "internal server error"}


def test_favicon_is_served(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200
    assert r.headers["content-type"] == "image/x-icon"
    assert r.content[:4] == b"\x00\x00\x01\x00"


@pytest.mark.parametrize("path", ["/", "/speakers", "/search?q=flood", "/speakers/1", "/documents/1",
                                  "/speakers/nobody-at-all"])
def test_links_are_never_built_from_the_host_header(client, path):
    r = client.get(path, headers={"Host": "evil.example.com", **HTML})
    assert "evil.example.com" not in r.text
    assert 'href="/static/style.css"' in r.text


def test_links_follow_the_root_path(make_corpus, web_settings):
    app = create_app(WebConfig(db=make_corpus(), settings=web_settings, warm_up=False))
    with TestClient(app, root_path="/according") as c:
        page = c.get("/speakers").text
        assert 'href="/according/static/style.css"' in page
        assert 'href="/according/speakers/1"' in page
        assert 'data-root="/according"' in page
        assert "/according/openapi.json" in c.get("/docs").text


class TestErrorsLeakNothing:
    """A database that fails answers 503 naming the problem, never its URL or file path."""

    def check(self, target: str, secrets: list[str]) -> None:
        app = create_app(WebConfig(db=target, warm_up=False))
        with TestClient(app, raise_server_exceptions=False) as c:
            for path, headers in (("/api/stats", {}), ("/api/quotes", {}), ("/speakers", HTML),
                                  ("/api/documents/abc", {})):
                r = c.get(path, headers=headers)
                assert r.status_code == 503, r.text
                assert "corpus unavailable" in r.text
                for secret in secrets:
                    assert secret not in r.text

    def test_postgresql_url(self):
        self.check("postgresql://secretuser:secretpw@127.0.0.1:1/secretdb", ["secret", "127.0.0.1"])

    def test_sqlite_path(self, tmp_path):
        target = tmp_path / "no-such-dir" / "corpus.db"
        self.check(str(target), [str(tmp_path), "no-such-dir"])

    def test_a_read_only_server_does_not_create_a_corpus(self, tmp_path):
        target = tmp_path / "missing.db"
        self.check(str(target), [str(tmp_path)])
        assert not target.exists()


class TestCrossSite:
    """A web page elsewhere cannot make a visitor's browser post text/plain to the server."""

    BODY = b"   "  # blank: a request that passes the check ends in 422, without running extraction

    @pytest.mark.parametrize("headers", [{"Origin": "https://evil.example"},
                                         {"Sec-Fetch-Site": "cross-site"},
                                         {"Sec-Fetch-Site": "same-site", "Origin": "http://testserver"},
                                         {"Origin": "null"}])
    def test_cross_site_text_plain_is_403(self, client, headers):
        r = client.post("/api/extract", content=self.BODY, headers={"Content-Type": "text/plain", **headers})
        assert r.status_code == 403 and "cross-site" in r.json()["detail"]

    @pytest.mark.parametrize("headers", [{}, {"Origin": "http://testserver"},
                                         {"Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"}])
    def test_same_site_and_non_browser_text_plain_pass(self, client, headers):
        r = client.post("/api/extract", content=self.BODY, headers={"Content-Type": "text/plain", **headers})
        assert r.status_code == 422

    def test_json_is_not_a_simple_request(self, client):
        r = client.post("/api/extract", content=json.dumps({"text": " "}),
                        headers={"Content-Type": "application/json", "Origin": "https://evil.example"})
        assert r.status_code == 422

    def test_a_cors_origin_may_post_text(self, make_client):
        c = make_client(cors_origins=("https://newsroom.example",), warm_up=False)
        headers = {"Content-Type": "text/plain", "Origin": "https://newsroom.example",
                   "Sec-Fetch-Site": "cross-site"}
        r = c.post("/api/extract", content=self.BODY, headers=headers)
        assert r.status_code == 422
