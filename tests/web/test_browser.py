"""End to end in headless chromium: Analyze, speaker, figures and search pages as a reader uses them.

Screenshots land in ``artifacts/screenshots/`` (git-ignored) for people to look at.
"""

from __future__ import annotations

import httpx
import pytest

from according.web import WebConfig

KEY = "browser-test-key"
XSS = ('The minister said <script>window.__pwned = 1</script> the harbour would reopen, and '
       '<img src=x onerror="window.__pwned = 2"> officials said 40 ships waited. '
       '"<b onmouseover=window.__pwned=3>Ships</b> are coming," the mayor said.')


@pytest.fixture(scope="module")
def site(make_corpus, web_settings, article_text, serve):
    """A live server over a corpus holding the example article (ingested through the API)."""
    db = make_corpus()
    with serve(WebConfig(db=db, api_key=KEY, settings=web_settings)) as base:
        r = httpx.post(f"{base}/api/documents", json={
            "text": article_text, "id": "khamenei-gaza-speech",
            "title": "Khamenei: Israel has suffered a defeat",
            "outlet": "AP", "published": "2023-11-19"}, headers={"X-API-Key": KEY}, timeout=120)
        assert r.status_code == 201, r.text
        r = httpx.post(f"{base}/api/documents", json={"text": XSS, "id": "xss", "title": "<script>x</script>",
                                                      "outlet": "Test", "published": "2024-01-01",
                                                      "url": "javascript:window.__pwned=4"},
                       headers={"Authorization": f"Bearer {KEY}"}, timeout=120)
        assert r.status_code == 201, r.text
        yield base


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text)
          if msg.type == "error" and "Failed to load resource" not in msg.text else None)
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.on("request", lambda req: None if req.url.startswith(site) or req.url.startswith(("blob:", "data:"))
          else errors.append(f"off-site request {req.url}"))
    pg.errors, pg.dialogs = errors, dialogs  # type: ignore[attr-defined]
    yield pg
    context.close()
    assert not errors, errors
    assert not dialogs, dialogs


def analyze(page, site, text: str) -> None:
    page.goto(site + "/")
    page.fill("#text", text)
    page.click("#analyze-btn")
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)


def test_analyze_highlights_khamenei_quotes(page, site, article_text, screenshots):
    analyze(page, site, article_text)
    assert page.locator("#article .r-content").count() > 0
    assert page.locator("#article .r-source").count() > 0
    assert page.locator("#article .r-cue").count() > 0
    assert page.inner_text("#article") == article_text
    khamenei = page.locator("#speakers button", has_text="Khamenei").first
    assert khamenei.count() == 1
    # Hover one of his quotes: the panel names him and his other mentions light up.
    his = page.locator("#article .r-source.r-mention", has_text="Khamenei").first
    his.hover()
    hovered = page.locator("#article .r-content.active").first
    assert hovered.count() == 1
    assert "Khamenei" in page.inner_text("#info .said-by")
    assert page.locator("#article .speaker-hl").count() >= 2
    page.screenshot(path=str(screenshots / "analyze.png"), full_page=True)
    # Clicking pins the quote; clicking his name in the panel marks all his quotes.
    khamenei.click()
    assert page.locator("#article .r-content.active").count() >= 2
    # Legend and side panel are there; the article keeps its text exactly.
    assert page.locator(".legend li").count() == 5
    assert page.locator("#figures li").count() >= 1


def test_analyze_is_readable_on_a_phone(browser, site, article_text, screenshots):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    pg = context.new_page()
    analyze(pg, site, article_text)
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    panel, article = pg.locator(".panel").bounding_box(), pg.locator("#article").bounding_box()
    assert panel["y"] >= article["y"] + article["height"] - 1, "panel stacks under the article"
    pg.screenshot(path=str(screenshots / "analyze-phone.png"), full_page=True)
    for path in ("/speakers", "/speakers/Khamenei", "/figures", "/search?q=killed", "/docs"):
        pg.goto(site + path)
        pg.wait_for_load_state("load")
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
    pg.goto(site + "/figures")
    pg.screenshot(path=str(screenshots / "figures-phone.png"), full_page=True)
    context.close()


def test_upload_html_file(page, site, tmp_path):
    html = tmp_path / "story.html"
    html.write_text("<html><head><title>Port</title></head><body><article><p>The harbour minister said on "
                    "Monday that the port would reopen next week, according to officials.</p><p>Dock workers "
                    "said they had waited for months.</p></article></body></html>", encoding="utf-8")
    page.goto(site + "/")
    page.set_input_files("#file", str(html))
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    assert "harbour minister said" in page.inner_text("#article")
    assert "<p>" not in page.inner_text("#article")


def test_upload_text_file_and_empty_paste(page, site, tmp_path):
    txt = tmp_path / "story.txt"
    txt.write_text("Officials said the bridge would close.\n", encoding="utf-8")
    page.goto(site + "/")
    page.click("#analyze-btn")
    assert "Paste an article first" in page.inner_text("#status")
    page.set_input_files("#file", str(txt))
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    assert page.input_value("#text").startswith("Officials said")
    assert "attributions" in page.inner_text("#status")


def test_stored_document_links_speakers_to_the_corpus(page, site):
    page.goto(site + "/documents/khamenei-gaza-speech")
    page.wait_for_selector("body[data-ready='1']")
    assert "Khamenei" in page.inner_text("h1.doc-title")
    page.locator("#article .r-source", has_text="Khamenei").first.click()
    page.locator("#info .said-by a").click()
    page.wait_for_selector("#speaker-table")
    assert page.locator("#speaker-table a", has_text="Khamenei").count() >= 1


def test_speaker_page_for_khamenei(page, site, screenshots):
    page.goto(site + "/speakers?q=Khamenei")
    link = page.locator("#speaker-table a", has_text="Khamenei").first
    link.click()
    page.wait_for_selector("#speaker-name")
    assert "Khamenei" in page.inner_text("#speaker-name")
    assert page.locator("svg.plot rect.bar").count() >= 1
    assert "AP" in page.inner_text("#outlets")
    assert page.locator("#cues li").count() >= 1
    assert page.locator(".quote").count() >= 1
    page.screenshot(path=str(screenshots / "speaker.png"), full_page=True)
    shown = page.locator(".quote").count()
    page.click("text=All their quotes")
    page.wait_for_selector("#result-count")
    assert page.locator(".quote").count() == shown
    page.goto(site + "/speakers")
    page.screenshot(path=str(screenshots / "speakers.png"), full_page=True)


def test_contested_figures_side_by_side(page, site, screenshots):
    page.goto(site + "/figures")
    claims = page.locator(".group", has_text="120 people").locator(".claim")
    assert claims.count() >= 2
    assert page.locator(".claim", has_text="Mayor Grace Hopper").count() >= 1
    assert page.locator(".claim", has_text="Gazette").count() >= 1
    page.screenshot(path=str(screenshots / "figures.png"), full_page=True)


def test_search_with_filters(page, site, screenshots):
    page.goto(site + "/search")
    page.fill("input[name=q]", "killed")
    page.fill("input[name=speaker]", "")
    page.click("form.search-form button")
    page.wait_for_selector("#result-count")
    assert page.locator(".quote").count() >= 2
    page.screenshot(path=str(screenshots / "search.png"), full_page=True)
    # A result links to its article with that quote pinned.
    card = page.locator(".quote", has_text="Khamenei").first
    said = card.locator(".q").inner_text().strip("“”\"")
    card.locator("a[href*='/documents/']").click()
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator("#article .r-content.active").count() >= 1
    assert said in page.inner_text("#info blockquote")
    page.go_back()
    page.fill("input[name=outlet]", "Gazette")
    page.click("form.search-form button")
    page.wait_for_selector("#result-count")
    assert page.locator(".quote").count() == 1
    assert "Gazette" in page.inner_text(".quote")


def test_script_and_onerror_payloads_never_execute(page, site):
    """Article text, titles and URLs from the corpus or a paste are shown as text, never run."""
    for path in ("/documents/xss", "/search?q=minister", "/speakers", "/figures"):
        page.goto(site + path)
        page.wait_for_load_state("load")
        page.mouse.move(10, 10)
        assert page.evaluate("window.__pwned") is None, path
    page.goto(site + "/documents/xss")
    page.wait_for_selector("body[data-ready='1']")
    assert "<script>window.__pwned = 1</script>" in page.inner_text("#article")
    assert page.locator("#article img, #article script, #article b").count() == 0
    for seg in page.locator("#article .seg").all()[:20]:
        seg.hover()
    assert page.locator("a[href^='javascript:']").count() == 0
    analyze(page, site, XSS)
    page.locator("#article").hover()
    assert page.evaluate("window.__pwned") is None
    assert 'onerror="window.__pwned = 2"' in page.inner_text("#article")


def test_api_docs_render_offline(page, site, screenshots):
    """/docs is Swagger UI from packaged assets: every request stays on the server."""
    page.goto(site + "/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.locator(".opblock").count() >= 10
    assert "/api/extract" in page.inner_text("body")
    page.screenshot(path=str(screenshots / "docs.png"))


def test_missing_pages_are_friendly_html(page, site):
    r = page.goto(site + "/speakers/999999")
    assert r.status == 404
    assert "404" in page.inner_text("h1") and page.locator("nav a").count() >= 4
    r = page.goto(site + "/documents/no-such-doc")
    assert r.status == 404


def test_analyze_writes_a_figures_unit_once_and_marks_the_articles_own(page, site):
    analyze(page, site, "Prices rose 6 percent last year. The mayor said the flood killed 14 people. "
                        "The port handled 2.1 million containers, about a third of all trade. "
                        "It had not been dredged for nearly two decades.")
    items = [page.inner_text(f"#figures li >> nth={i}") for i in range(page.locator("#figures li").count())]
    six = next(t for t in items if t.startswith("6 percent"))
    assert "percent percent" not in six and "the article’s own" in six
    third = next(t for t in items if t.startswith("about a third"))
    assert "(33.33 percent)" in third  # a share in percent shows its value, not a bare unit
    decades = next(t for t in items if t.startswith("nearly two decades"))
    assert "(20 years)" in decades  # a time in decades shows its value in years
    assert any(t.startswith("14") and "according to" in t for t in items)
