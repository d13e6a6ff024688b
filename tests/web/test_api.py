"""The HTTP API as a client sees it: extraction, input handling and error answers."""

from __future__ import annotations

import threading

import httpx
import pytest

from according.schema import SCHEMA_VERSION, Document
from according.web import WebConfig


@pytest.fixture
def client(make_client):
    return make_client()


def test_extract_plain_text_returns_schema_document(client, article_text):
    r = client.post("/api/extract", content=article_text.encode(), headers={"Content-Type": "text/plain"})
    assert r.status_code == 200
    body = r.json()
    assert body["schema"] == SCHEMA_VERSION
    assert body["text"] == article_text
    doc = Document.from_dict(body)
    assert doc.attributions, "the example article has attributions"
    for a in doc.attributions:
        assert article_text[a.content.start:a.content.end] == a.content.text or a.content.spans


def test_extract_json_passes_metadata_through(client):
    payload = {"text": "The minister said the port would reopen on Monday.", "title": "Port",
               "outlet": "Daily", "published": "2024-05-01", "url": "https://example.org/a", "id": "p1"}
    r = client.post("/api/extract", json=payload)
    assert r.status_code == 200
    body = r.json()
    got = (body["id"], body["title"], body["outlet"], body["published"])
    assert got == ("p1", "Port", "Daily", "2024-05-01")


def test_extract_raw_text_takes_metadata_from_query(client):
    r = client.post("/api/extract?title=T&outlet=O&id=x1", content=b"Officials said it rained.",
                    headers={"Content-Type": "text/plain; charset=utf-8"})
    assert r.status_code == 200
    assert (r.json()["id"], r.json()["title"], r.json()["outlet"]) == ("x1", "T", "O")


def test_extract_html_uses_main_text_not_markup(client):
    html = ("<html><head><title>Harbour news</title></head><body><nav>Home | World</nav><article>"
            "<h1>Harbour reopens</h1><p>The harbour minister said on Monday that the port would reopen "
            "next week after repairs, according to officials familiar with the plan.</p>"
            "<p>Workers said the damage had been worse than first thought.</p></article>"
            "<script>alert(1)</script></body></html>")
    r = client.post("/api/extract", content=html, headers={"Content-Type": "text/html"})
    assert r.status_code == 200
    text = r.json()["text"]
    assert "harbour minister said" in text
    assert "<p>" not in text and "alert(1)" not in text


def test_extract_latin1_charset_is_honoured(client):
    r = client.post("/api/extract", content="Der Bürgermeister said so.".encode("latin-1"),
                    headers={"Content-Type": "text/plain; charset=latin-1"})
    assert r.status_code == 200
    assert r.json()["text"] == "Der Bürgermeister said so."


@pytest.mark.parametrize(("content", "ctype", "status"), [
    (b"hello", "application/xml", 415),
    (b"hello", "", 415),
    (b"{not json", "application/json", 400),
    (b"\xff\xfe\xfa", "text/plain", 400),
    (b"hello", "text/plain; charset=klingon", 400),
    (b"   \n ", "text/plain", 422),
    (b'{"text": ""}', "application/json", 422),
    (b'{"text": 5}', "application/json", 422),
    (b'{"text": "a", "bogus": 1}', "application/json", 422),
    (b'["a"]', "application/json", 422),
    (b'{"text": "\\ud800 lone surrogate"}', "application/json", 422),
    (b"<html><body></body></html>", "text/html", 422),
])
def test_extract_bad_input_is_a_client_error_with_json_detail(client, content, ctype, status):
    headers = {"Content-Type": ctype} if ctype else {}
    r = client.post("/api/extract", content=content, headers=headers)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["detail"]


def test_unknown_api_path_is_json_404(client):
    r = client.get("/api/nope")
    assert r.status_code == 404 and r.json()["detail"]


def test_bad_query_parameter_is_422_not_500(client):
    r = client.get("/api/quotes?limit=abc")
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][-1] == "limit"


def test_corpus_routes_without_db_are_503(make_client):
    client = make_client(db=None)
    for path in ("/api/quotes", "/api/speakers", "/api/figures", "/api/stats", "/api/search?q=x"):
        r = client.get(path)
        assert r.status_code == 503, path
        assert "--db" in r.json()["detail"]


def test_openapi_and_docs_are_served(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/extract", "/api/documents", "/api/documents/{doc_id}", "/api/quotes", "/api/speakers",
                 "/api/speakers/{speaker_id}", "/api/figures", "/api/search", "/api/stats"):
        assert path in spec["paths"], path
    assert set(spec["paths"]["/api/extract"]["post"]["requestBody"]["content"]) == {
        "text/plain", "text/html", "application/json"}
    assert client.get("/docs").status_code == 200


def test_long_extraction_does_not_block_other_requests(monkeypatch, web_settings, serve):
    """While one extraction is running, the server still answers other requests."""
    import according

    started, release = threading.Event(), threading.Event()
    real = according.extract

    def slow_extract(text, **kwargs):
        started.set()
        assert release.wait(30), "never released"
        return real(text, **kwargs)

    monkeypatch.setattr(according, "extract", slow_extract)
    result: dict[str, object] = {}
    with serve(WebConfig(db=None, settings=web_settings)) as base:
        def post() -> None:
            result["r"] = httpx.post(f"{base}/api/extract", content=b"He said yes.",
                                     headers={"Content-Type": "text/plain"}, timeout=60)

        t = threading.Thread(target=post)
        t.start()
        assert started.wait(30)
        # The extraction is parked in its worker thread; the event loop must still serve this.
        r = httpx.get(f"{base}/api/stats", timeout=10)
        assert r.status_code == 503
        assert httpx.get(f"{base}/", timeout=10).status_code == 200
        release.set()
        t.join(60)
    assert result["r"].status_code == 200


def test_pages_without_a_corpus_explain_themselves(make_client):
    client = make_client(db=None)
    assert client.get("/", headers={"Accept": "text/html"}).status_code == 200
    r = client.get("/speakers", headers={"Accept": "text/html"})
    assert r.status_code == 503
    assert "text/html" in r.headers["content-type"] and "--db" in r.text


def test_docs_use_packaged_assets(client):
    html = client.get("/docs").text
    assert "/docs-assets/swagger-ui-bundle.js" in html and "cdn" not in html
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/redoc").status_code == 404


def test_extract_html_honours_the_page_meta_charset(client):
    html = ('<html><head><meta charset="iso-8859-1"><title>Brücke</title></head><body><article>'
            '<p>Der Bürgermeister said the bridge would close on Monday, according to city officials.</p>'
            '<p>Residents said they had expected the closure for weeks.</p></article></body></html>')
    r = client.post("/api/extract", content=html.encode("latin-1"), headers={"Content-Type": "text/html"})
    assert r.status_code == 200, r.text
    assert "Der Bürgermeister said" in r.json()["text"]
    assert r.json()["title"] == "Brücke"


def test_start_up_runs_the_warm_up_article(monkeypatch, make_client):
    """The first request should not pay for the pipeline's first-use costs: start-up runs one
    short article through it (``Pipeline.warm_up``), and a warm-up that fails leaves the
    server up."""
    from according.extraction.pipeline import Pipeline

    calls = []
    monkeypatch.setattr(Pipeline, "warm_up", lambda self: calls.append(self))
    make_client(db=None)
    assert len(calls) == 1

    def broken(self: Pipeline) -> None:
        raise RuntimeError("broken model")

    monkeypatch.setattr(Pipeline, "warm_up", broken)
    client = make_client(db=None)
    assert client.get("/", headers={"Accept": "text/html"}).status_code == 200
