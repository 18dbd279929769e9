"""Curation in a real browser (Debian's Chromium, driven by Playwright, as in test_browser.py): a curator signs in,
merges two actors, rejects a relation, sees both pages change and reverts the merge; an anonymous visitor sees
no controls and is refused by the API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from support import Running, serving
from test_browser import browser, shot, tab  # noqa: F401  (the browser and tab fixtures)
from test_curation import ACTOR, FIRST, backing

from allegiance.config import Settings
from allegiance.endpoint.accounts import Accounts
from allegiance.endpoint.app import create_app
from allegiance.endpoint.execution import Limits
from allegiance.ingest.pipeline import Ingestor
from allegiance.store import Store

pytestmark = pytest.mark.slow

KEPT, MERGED = f"{ACTOR}abu-karim", f"{ACTOR}abu-kareem"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Running, str, str]]:
    """The server over a store holding the test document, with one curator: (server, token, relation)."""
    folder = tmp_path_factory.mktemp("curated")
    store = Store(folder / "store")
    settings = Settings(store=folder / "store")
    assert not Ingestor(settings, store).run([FIRST]).failed
    token = Accounts(folder / "curators.tsv").issue("Alice")
    app = create_app(store, settings, limits=Limits(timeout=10), curators=Accounts(folder / "curators.tsv"))
    with serving(app) as running:
        yield running, token, backing(store)
    store.close()


def page_of(running: Running, iri: str) -> str:
    return running.url + "/" + iri.removeprefix("https://w3id.org/allegiance/") + ".html"


def sign_in(window: Any, running: Running, token: str, iri: str) -> None:
    """Sign in on the sign-in page, which sends the curator back to the page of ``iri``."""
    page = page_of(running, iri)
    window.goto(f"{running.url}/curate/sign-in?next={page.removeprefix(running.url)}")
    window.get_by_label("Curator token").fill(token)
    window.get_by_role("button", name="Sign in").click()
    window.wait_for_url(page)  # the form posts, is redirected back, and the page loads


def test_an_anonymous_visitor_sees_no_controls_and_the_api_refuses_them(
    site: tuple[Running, str, str],
    tab: Any,  # noqa: F811
) -> None:
    running, _, relation = site
    for iri in (MERGED, relation):
        tab.goto(page_of(running, iri))
        assert tab.locator("section.curation").count() == 1
        assert tab.locator("section.curation form.curate").count() == 0
        assert tab.get_by_role("link", name="Sign in to curate").count() == 1
    refused = requests.post(f"{running.url}/api/curate/merge", data={"iri": MERGED, "into": KEPT}, timeout=30)
    assert refused.status_code == 401
    assert tab.errors == []


def test_a_curator_merges_rejects_sees_the_pages_change_and_reverts(
    site: tuple[Running, str, str],
    tab: Any,  # noqa: F811
) -> None:
    from playwright.sync_api import expect  # here: without playwright the tab fixture skips the test

    running, token, relation = site
    tab.goto(page_of(running, MERGED))
    tab.get_by_role("link", name="Sign in to curate").click()
    tab.get_by_label("Curator token").fill(token)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(page_of(running, MERGED))  # the form posts, is redirected back, and the page loads
    assert "road to the north" in tab.content()

    tab.get_by_label("Merge into").fill(KEPT)
    tab.get_by_role("button", name="Merge").click()
    tab.wait_for_url(page_of(running, KEPT))
    body = tab.content()
    assert "road to the north" in body and "his fighters had taken the hill" in body
    assert tab.locator("table.history").get_by_text("merge").count() == 1
    shot(tab, "curation-merged")

    tab.goto(page_of(running, relation))
    tab.get_by_label("Why is it wrong?").fill("the diplomats said nothing of the kind")
    tab.get_by_role("button", name="Reject").click()
    tab.wait_for_url(page_of(running, relation))
    tab.locator("h1 del").wait_for()
    assert "Rejected by" in tab.locator("p.rejected-note").inner_text()
    assert "the diplomats said nothing of the kind" in tab.content()
    shot(tab, "curation-rejected")

    tab.goto(page_of(running, KEPT))
    tab.locator("table.history tr", has_text="merge").get_by_role("button", name="Revert").click()
    tab.wait_for_url(page_of(running, KEPT))
    expect(tab.locator("main")).not_to_contain_text("road to the north")
    tab.goto(page_of(running, MERGED))
    assert tab.url == page_of(running, MERGED) and "road to the north" in tab.content()
    assert tab.errors == []


def test_a_curator_corrects_kinds_directions_speakers_and_names_on_the_pages(
    site: tuple[Running, str, str],
    tab: Any,  # noqa: F811
) -> None:
    from playwright.sync_api import expect  # here: without playwright the tab fixture skips the test

    running, token, relation = site
    sign_in(tab, running, token, relation)
    tab.get_by_label("Kind").select_option("arms")
    tab.get_by_role("button", name="Correct the kind").click()
    expect(tab.locator("h1")).to_contain_text(re.compile("Russia\\W* arms \\W*Syrian government"))
    tab.get_by_role("button", name="Reverse its direction").click()
    expect(tab.locator("h1")).to_contain_text(re.compile("Syrian government\\W* arms \\W*Russia"))
    tab.get_by_label("Target (the IRI of the actor it really is)").fill(f"{ACTOR}iran")
    tab.get_by_role("button", name="Correct the target").click()
    expect(tab.locator("h1")).to_contain_text(re.compile("Syrian government\\W* arms \\W*Iran"))

    said = requests.get(f"{running.url}/api/statements", timeout=30).json()
    statement = next(row["statement"] for row in said if "taken the hill" in row["text"])
    tab.goto(page_of(running, statement))
    tab.get_by_label("Kind").select_option("denial")
    tab.get_by_role("button", name="Correct the kind").click()
    tab.get_by_label("Speaker (the IRI of the actor who said it)").fill(f"{ACTOR}russia")
    tab.get_by_role("button", name="Correct the speaker").click()
    history = tab.locator("table.history")
    expect(history).to_contain_text("statement-kind denial")
    expect(history).to_contain_text(f"speaker {ACTOR}russia")

    tab.goto(page_of(running, KEPT))
    tab.get_by_label("Also called").fill("Abu Karim of Aleppo")
    tab.get_by_role("button", name="Add alias").click()
    tab.get_by_label("Not called").fill("Abu Karim of Aleppo")
    tab.get_by_role("button", name="Remove alias").click()
    tab.get_by_label("Classes").select_option(["Person"])
    tab.get_by_role("button", name="Set the type").click()
    tab.get_by_label("Wikidata item (Q…; empty: none)").fill("Q999999999")
    tab.get_by_role("button", name="Set the Wikidata item").click()
    history = tab.locator("table.history")
    for line in (
        "alias Abu Karim of Aleppo",
        "unalias Abu Karim of Aleppo",
        "type Person",
        "wikidata Q999999999",
    ):
        expect(history).to_contain_text(line)
    shot(tab, "curation-corrected")
    assert tab.errors == []
