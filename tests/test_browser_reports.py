"""The reports table and search in Chromium (the fixtures of test_browser.py): filter the reports with the form,
download what the filters keep as CSV, and search for a quote. Screenshots go to test-artifacts/."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
import requests
from support import Running
from test_browser import browser, shot, tab

pytestmark = pytest.mark.slow
__all__ = ["browser", "tab"]  # fixtures, used by name


def test_filter_reports_and_download_the_csv(demo: Running, tab: Any) -> None:
    tab.goto(f"{demo.url}/reports")
    tab.select_option("#f-kind", "backs")
    tab.fill("#f-from", "2016-10-01")
    tab.click("form.filters button[type=submit]")
    tab.wait_for_url("**/reports?*kind=backs*")
    assert "from=2016-10-01" in tab.url
    shot(tab, "reports-filtered")
    shown = tab.locator("table.reports tbody tr").count()
    with tab.expect_download() as download:
        tab.click("text=CSV")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    expected = requests.get(f"{demo.url}/reports.csv?kind=backs&from=2016-10-01", timeout=30)
    assert rows and len(rows) == shown == int(expected.headers["X-Total-Count"])
    assert {row["kind"] for row in rows} == {"backs"} and all(row["date"] >= "2016-10-01" for row in rows)
    assert tab.errors == []


def test_search_a_quote(demo: Running, tab: Any) -> None:
    tab.goto(f"{demo.url}/")
    tab.fill("#site-search", "reserves the right")
    tab.press("#site-search", "Enter")
    tab.wait_for_url("**/search?q=reserves*")
    statements = tab.locator("#statements + ul li")
    assert statements.count() >= 1 and "reserves the right" in statements.first.inner_text().lower()
    shot(tab, "search-quote")
    tab.locator("#evidence + ul a.evlink").first.click()
    tab.wait_for_load_state()
    assert "reserves the right" in tab.locator(":target").inner_text().lower()
    assert tab.errors == []


def test_click_a_facet_and_download_the_filtered_statements(demo: Running, tab: Any) -> None:
    """Filter the statements by dates with the form, click a kind in the facets, download the CSV twin: it holds
    the rows the page counts, with the dates and the kind (the old "As data" link dropped the dates)."""
    tab.goto(f"{demo.url}/statements")
    tab.fill("#f-from", "2016-10-01")
    tab.fill("#f-to", "2016-10-31")
    tab.click("form.filters button[type=submit]")
    tab.wait_for_url("**/statements?*from=2016-10-01*")
    kinds = tab.locator("#facet-kind li a")
    chosen = kinds.first.inner_text()
    counted = int(kinds.first.locator("xpath=following-sibling::span[1]").inner_text().replace(",", ""))
    kinds.first.click()
    tab.wait_for_url(f"**/statements?*kind={chosen}*")
    assert tab.locator("#facet-kind strong").inner_text() == chosen
    shot(tab, "statements-facet")
    assert f"{counted:,} match" in tab.locator("main").inner_text()
    with tab.expect_download() as download:
        tab.click("p.twins >> text=CSV")
    rows = list(csv.DictReader(Path(download.value.path()).read_text(encoding="utf-8").splitlines()))
    assert len(rows) == counted
    assert {row["kind"] for row in rows} == {chosen}
    assert all("2016-10-01" <= row["date"][:10] <= "2016-10-31" for row in rows)
    assert tab.errors == []


def test_follow_a_network_edge_to_its_pairs_reports_over_time(demo: Running, tab: Any) -> None:
    """From the network's table to the reports between the two actors, charted over time."""
    tab.goto(f"{demo.url}/network?kind=backs")
    row = tab.locator("table.edges tbody tr").first
    actors = [a.inner_text() for a in row.locator("td[data-label=Actor] a").all()]
    row.locator("text=reports over time").click()
    tab.wait_for_url("**/reports?actor=*&with=*")
    chart = tab.locator("svg.timeline")
    assert chart.is_visible() and chart.bounding_box()["height"] > 50
    reported = tab.locator("table.reports tbody tr")
    assert reported.count() >= 1
    for n in range(reported.count()):
        cells = reported.nth(n).locator("td[data-label=Source], td[data-label=Target]").all_inner_texts()
        assert all(any(actor in cell for cell in cells) for actor in actors), cells
    shot(tab, "pair-history")
    assert tab.errors == []
