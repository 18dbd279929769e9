"""The pages in a real browser: Debian's Chromium, driven by Playwright, against the real server on 127.0.0.1.

A person's path through the site: home, search, actor page, an evidence link to the highlighted span of its
document, a named query run on the query page; and a statement whose words are a script, which must show as
text and never run. Screenshots go to test-artifacts/ (kept by CI, ignored by git).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
import requests
from planted import HOSTILE
from support import Running

from allegiance import queries

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _must_run() -> bool:
    """CI runs as root with CI=true and installs Chromium itself (make system): there the tests may not skip."""
    return os.environ.get("CI") == "true" and os.geteuid() == 0


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if _must_run():
            raise
        pytest.skip("the playwright package is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        if _must_run():
            pytest.fail(f"{CHROMIUM} is missing; `make system` installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (make system does, as root)")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
            viewport={"width": 1200, "height": 900},
        )
        yield context
        context.close()


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    """A fresh page that records console errors (a CSP violation or a script error shows up there)."""
    page = browser.new_page()
    page.errors = []
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    page.close()


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_actor_follow_evidence_to_highlighted_span(tab: Any, demo: Running) -> None:
    tab.goto(demo.url + "/")
    shot(tab, "01-home")
    tab.locator("#home-search").fill("Russia")
    tab.locator("#home-search").press("Enter")
    tab.wait_for_url(re.compile(r"/search\?q=Russia"))
    shot(tab, "02-search")
    tab.locator("ul.results a", has_text=re.compile(r"^Russia$")).first.click()
    tab.wait_for_url(re.compile(r"/id/actor/russia\.html$"))
    assert tab.locator("h1").inner_text() == "Russia"
    assert tab.locator("svg.neighbourhood").is_visible()
    shot(tab, "03-actor-russia")

    evidence = tab.locator("blockquote.evidence a").first
    target = evidence.get_attribute("href")
    assert re.match(r"^/id/document/\w+\.html#char=\d+,\d+$", target)
    evidence.click()
    tab.wait_for_url(re.compile(re.escape(target) + "$"))
    fragment = target.partition("#")[2]
    span = tab.locator(f'[id="{fragment}"]')
    state = span.evaluate(
        """element => {
            const box = element.getBoundingClientRect();
            return {
                target: element.matches(":target"),
                background: getComputedStyle(element).backgroundColor,
                inView: box.top >= 0 && box.top < window.innerHeight,
                tag: element.tagName,
            };
        }"""
    )
    assert state["tag"] == "MARK" and state["target"], state
    assert state["background"] == "rgb(255, 207, 64)", "the linked span is highlighted in the target colour"
    assert state["inView"], "the browser scrolled the span into view"
    shot(tab, "04-document-span")
    assert not tab.errors, tab.errors


def test_dereferencing_an_iri_keeps_the_fragment_through_the_redirect(tab: Any, demo: Running) -> None:
    tab.goto(demo.url + "/id/actor/russia")
    assert tab.url.endswith("/id/actor/russia.html")
    document = tab.locator("blockquote.evidence a").first.get_attribute("href")
    path, _, fragment = document.partition("#")
    tab.goto(demo.url + path.removesuffix(".html") + "#" + fragment)  # the span's IRI, mapped to this server
    assert tab.url.endswith(document)
    assert tab.locator(f'[id="{fragment}"]').evaluate("element => element.matches(':target')")


def editor_text(page: Any) -> str:
    """What YASGUI's editor (CodeMirror) holds."""
    return page.locator(".CodeMirror").first.evaluate("element => element.CodeMirror.getValue()")


def results(page: Any) -> Any:
    """YASGUI's results table once it has rows."""
    table = page.locator(".yasr table.dataTable")
    table.locator("tbody tr").first.wait_for()
    return table


def test_named_query_runs_on_the_query_page(tab: Any, demo: Running) -> None:
    tab.goto(demo.url + "/query")
    tab.get_by_label("Start from a named query").select_option("who-backs-whom")
    text = editor_text(tab)
    assert "# title: Who backs whom" in text and "PREFIX al: <https://w3id.org/allegiance/ontology#>" in text
    tab.locator(".yasqe_queryButton").click()
    table = results(tab)
    assert table.locator("tbody tr").count() > 5
    assert "backer_label" in table.locator("thead").inner_text()
    assert table.locator("tbody a[href^='/id/actor/']").count() > 0, "actors in results link to their pages"
    tab.locator(".iri-label").first.wait_for()
    shot(tab, "05-query")
    assert not tab.errors, tab.errors


def test_a_permalink_runs_its_query_and_names_the_iris(tab: Any, demo: Running) -> None:
    """A shared link is the query page with the query in its address: opening it runs the query here."""
    sparql = "SELECT ?backer ?backed WHERE { ?r al:relationType kind:backs ; al:sourceActor ?backer ; al:targetActor ?backed }"
    tab.goto(demo.url + "/query?" + urlencode({"query": sparql}))
    table = results(tab)
    russia = table.locator("a[href='/id/actor/russia.html']").first
    assert russia.get_attribute("data-iri") == "https://w3id.org/allegiance/id/actor/russia"
    label = russia.locator("xpath=following-sibling::span[@class='iri-label']")
    label.wait_for()
    assert label.inner_text() == "Russia", "the actor's name is shown beside its IRI"
    editor = tab.locator(".CodeMirror-code").inner_text()
    assert "PREFIX al: <https://w3id.org/allegiance/ontology#>" in editor and "PREFIX kind:" in editor
    assert tab.locator(".parseErrorIcon").count() == 0, "the editor finds the predefined prefixes declared"
    tab.locator(".yasqe_share").click()
    link = tab.locator(".share-link, .yasqe_sharePopup input, .yasqe_sharePopup textarea").first
    shared = link.input_value()
    assert "query=" in shared and urlsplit(shared).path == "/query", shared
    shot(tab, "10-query-permalink")
    assert not tab.errors, tab.errors


def test_the_api_page_shows_every_named_query_and_runs_one(tab: Any, demo: Running) -> None:
    tab.goto(demo.url + "/api")
    operation = tab.locator(".opblock", has_text="/api/who-backs-whom")
    operation.wait_for()
    assert tab.locator(".opblock").count() == len(queries.catalogue())
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Execute").click()
    body = operation.locator(".live-responses-table .microlight").first  # the answer, not the example
    body.wait_for()
    assert "backer_label" in body.inner_text()
    shot(tab, "11-api")
    assert not tab.errors, tab.errors


def test_the_network_is_drawn_and_an_actor_opens_its_page(tab: Any, demo: Running) -> None:
    tab.goto(demo.url + "/network")
    drawing = tab.locator("#network[data-drawn-ms]")
    drawing.wait_for()
    nodes = tab.evaluate("document.getElementById('network').cytoscape.nodes().length")
    assert nodes == len(requests.get(demo.url + "/network.json", timeout=30).json()["nodes"])
    shot(tab, "12-network")
    # Click where the library drew the Syrian government, as a person would.
    box = drawing.bounding_box()
    x, y = tab.evaluate(
        """() => {
            const cy = document.getElementById('network').cytoscape;
            const node = cy.getElementById('https://w3id.org/allegiance/id/actor/syrian-government');
            cy.zoom(3);
            cy.center(node);  // as a person zooms in on a crowded drawing before clicking
            const at = node.renderedPosition();
            return [at.x, at.y];
        }"""
    )
    tab.mouse.click(box["x"] + x, box["y"] + y)
    tab.wait_for_url(re.compile(r"/id/actor/syrian-government\.html$"))
    assert tab.locator("h1").inner_text() == "Syrian government"
    assert tab.locator("svg.timeline").is_visible(), "the actor's reports over time"
    shot(tab, "13-network-to-actor")
    assert not tab.errors, tab.errors


def test_phone_width_has_no_sideways_scrolling(browser: Any, demo: Running) -> None:
    phone = browser.new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    for path, name in (
        ("/id/actor/russia.html", "06-phone-actor"),
        ("/statements", "07-phone-statements"),
        ("/network", "14-phone-network"),
        ("/query?example=who-backs-whom", "15-phone-query"),
        ("/api", "16-phone-api"),
        ("/reports", "17-phone-reports"),
        ("/actors", "18-phone-actors"),
        ("/documents", "19-phone-documents"),
    ):
        phone.goto(demo.url + path)
        fits = "document.documentElement.scrollWidth <= window.innerWidth + 1"
        for _ in range(
            50
        ):  # the page settles within 10 s (the editor's script replaces its raw, wide textarea)
            if phone.evaluate(fits):
                break
            phone.wait_for_timeout(200)
        assert phone.evaluate(fits), path
        if path in ("/statements", "/network", "/reports", "/actors", "/documents"):  # tables as cards
            boxes = (
                "Array.from(document.querySelectorAll('.table-wrap')).map(w => w.scrollWidth - w.clientWidth)"
            )
            assert max(phone.evaluate(boxes)) <= 1, path
        shot(phone, name)
    phone.close()


def test_a_planted_script_shows_as_text_and_never_runs(tab: Any, planted: Running) -> None:
    for path in (
        "/id/document/planted/statement/hostile.html",
        "/id/actor/alpha-front.html",
        "/id/document/planted.html",
        "/statements",
    ):
        tab.goto(planted.url + path)
        assert HOSTILE in tab.locator("main").inner_text(), path
        assert tab.evaluate("typeof window.__pwned") == "undefined", path
    shot(tab, "08-planted-statement")
    tab.goto(planted.url + "/query?" + urlencode({"query": "SELECT ?text WHERE { ?s al:text ?text }"}))
    assert HOSTILE in results(tab).inner_text()
    assert tab.evaluate("typeof window.__pwned") == "undefined"


def test_a_label_with_a_right_to_left_override_turns_nothing_else_around(tab: Any, planted: Running) -> None:
    """U+202E in a label reverses the rest of its line unless the label is isolated: what follows the label must
    still run left to right, in a list and in a title made of labels. (Chromium lays out each SVG text chunk on
    its own, so the diagram's verbs, a chunk of their own under the label, are not turned around even without the
    isolates; the HTTP tests check that the diagram's labels carry them, for renderers that do.)"""
    tab.goto(planted.url + "/search?q=Gamma")
    result = tab.locator("ul.results li").first
    label, note = result.locator("a").first.bounding_box(), result.locator(".note").bounding_box()
    assert note["x"] >= label["x"] + label["width"] - 1, "the type after the label stays after it"

    tab.goto(planted.url + "/id/document/planted-odd/relation/backs.html")
    verb, target = tab.locator("h1").evaluate(
        """h1 => ["backs", "Beta"].map(word => {
            const text = h1.firstChild, range = document.createRange(), at = text.data.indexOf(word);
            range.setStart(text, at);
            range.setEnd(text, at + word.length);
            return range.getBoundingClientRect().left;
        })"""
    )
    assert verb < target, "the title reads 'Gamma Brigade backs Beta Army', not 'ymrA ateB skcab'"
    assert not tab.errors, tab.errors


def test_a_very_long_word_does_not_widen_any_page(browser: Any, planted: Running) -> None:
    """A 60,000-character word in a document's text and title once made its page 700,000 px wide."""
    for width in (1200, 390):
        tab = browser.new_page()
        tab.set_viewport_size({"width": width, "height": 900})
        for path in ("/id/document/planted-odd.html", "/documents", "/", "/id/actor/gamma-brigade.html"):
            tab.goto(planted.url + path)
            assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (
                width,
                path,
            )
        shot(tab, f"09-long-word-{width}")
        tab.close()
