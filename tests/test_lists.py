"""The list pages' facets and twins (endpoint/lists.py), and ``allegiance reports`` reading only the reports of
the actor or kind asked for, on the demo graph, asking the app in-process through Flask's test client."""

from __future__ import annotations

import csv
import html
import io
import re
from urllib.parse import parse_qsl, urlsplit

import pyarrow.parquet as pq
import pytest
from flask.testing import FlaskClient
from support import cli_reading
from werkzeug.test import TestResponse

from allegiance.cli import main
from allegiance.queries.facets import Facet, facet
from allegiance.queries.reports import Filters, read_keys
from allegiance.store import Store

ACTOR = "https://w3id.org/allegiance/id/actor/"
FACET = re.compile(r'<li><a href="([^"]+)"><bdi>([^<]*)</bdi></a> <span class="note">([\d,]+)</span></li>')
"""A facet value on a page: its link, its label, its count."""


def get(client: FlaskClient, path: str) -> TestResponse:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return response


def facets(page: str) -> dict[str, list[tuple[str, str, int]]]:
    """Each facet of a page by name: (link, label, count) of each value it offers."""
    found = {}
    for section in re.findall(r'<div class="facet" id="facet-(\w+)">(.*?)</div>', page, re.DOTALL):
        name, body = section
        found[name] = [
            (html.unescape(link), label, int(n.replace(",", ""))) for link, label, n in FACET.findall(body)
        ]
    return found


def total(page: str) -> int:
    return int(re.search(r"([\d,]+) match", page).group(1).replace(",", ""))  # type: ignore[union-attr]


def twin(client: FlaskClient, link: str, fmt: str = "csv") -> TestResponse:
    """The twin of the page at ``link`` (a path with its query)."""
    path, _, query = link.partition("?")
    return get(client, f"{path}.{fmt}?{query}")


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("/statements", {"kind", "speaker_type", "publisher", "year"}),
        ("/statements?kind=denial&from=2016-10-01", {"kind", "speaker_type", "publisher", "year"}),
        ("/documents", {"publisher", "year"}),
        ("/actors?type=Person", {"type", "country"}),
        ("/actors?country=" + ACTOR + "syria", {"type", "country"}),
    ],
)
def test_each_facet_value_counts_what_following_it_shows(
    demo_client: FlaskClient, path: str, names: set[str]
) -> None:
    """Following a facet's value keeps the other filters and shows as many rows as the facet counted, which
    is what the twin of that page holds; a filter already chosen still offers its other values."""
    page = get(demo_client, path).text
    found = facets(page)
    assert set(found) == names, set(found)
    given = dict(parse_qsl(urlsplit(path).query))
    for name, values in found.items():
        assert values, name
        for link, _, count in values:
            arguments = dict(parse_qsl(urlsplit(link).query))
            assert {k: v for k, v in arguments.items() if k != name} == {
                k: v for k, v in given.items() if k != name
            }
            followed = get(demo_client, link).text
            assert total(followed) == count == int(twin(demo_client, link).headers["X-Total-Count"]), link
    if "kind" in given:
        assert len(found["kind"]) > 1, "the kind chosen does not hide the others"


def test_a_facet_filters_the_rows_and_the_chosen_value_can_be_let_go(demo_client: FlaskClient) -> None:
    page = get(demo_client, "/statements?kind=denial").text
    assert "<strong><bdi>denial</bdi></strong>" in page
    let_go = re.search(r'<a href="([^"]+)" class="clear"', page).group(1)  # type: ignore[union-attr]
    assert "kind=" not in html.unescape(let_go)
    rows = list(csv.DictReader(io.StringIO(twin(demo_client, "/statements?kind=denial&year=2016").text)))
    assert rows and {r["kind"] for r in rows} == {"denial"} and {r["date"][:4] for r in rows} == {"2016"}
    states = list(csv.DictReader(io.StringIO(twin(demo_client, "/statements?speaker_type=State").text)))
    assert states and all("State" in r["speaker_type"].split("; ") for r in states)
    syrian = list(csv.DictReader(io.StringIO(twin(demo_client, f"/actors?country={ACTOR}syria").text)))
    assert syrian and {r["country_label"] for r in syrian} == {"Syria"}
    bbc = list(csv.DictReader(io.StringIO(twin(demo_client, "/documents?publisher=BBC News").text)))
    assert bbc and {r["publisher"] for r in bbc} == {"BBC News"}


@pytest.mark.parametrize(
    "path",
    [
        "/statements?kind=denial&from=2016-10-20&to=2016-10-25&sort=oldest",
        f"/statements?speaker={ACTOR}john-kerry",
        "/documents?sort=title&year=2016",
        "/actors?type=Person&sort=statements",
    ],
)
def test_every_list_has_twins_with_its_filters_order_and_paging(demo_client: FlaskClient, path: str) -> None:
    page = get(demo_client, path).text
    links = dict(re.findall(r'<a href="([^"]+)" type="text/(csv)"', page))
    csv_link = html.unescape(next(link for link, fmt in links.items() if fmt == "csv"))
    assert dict(parse_qsl(urlsplit(csv_link).query)) == dict(parse_qsl(urlsplit(path).query))
    whole = get(demo_client, csv_link)
    rows = list(csv.DictReader(io.StringIO(whole.text)))
    assert len(rows) == int(whole.headers["X-Total-Count"]) == total(page) > 2
    assert whole.headers["Content-Disposition"].startswith("attachment")
    first = re.search(r"<tbody><tr><td[^>]*>(.*?)</td>", page).group(1)  # type: ignore[union-attr]
    assert html.unescape(re.sub("<[^>]+>", "", first)) in rows[0].values(), "the same order as the page"
    pages = []
    for offset in range(0, len(rows), 2):
        part = get(demo_client, f"{csv_link}&_limit=2&_offset={offset}")
        assert part.headers["X-Total-Count"] == str(len(rows))
        pages += list(csv.DictReader(io.StringIO(part.text)))
    assert pages == rows
    assert 'rel="next"' in get(demo_client, f"{csv_link}&_limit=2").headers["Link"]
    key = next(iter(rows[0]))
    listed = get(demo_client, csv_link.replace(".csv?", ".json?")).json
    assert [r[key] for r in listed] == [r[key] for r in rows]
    back = pq.read_table(
        io.BytesIO(get(demo_client, csv_link.replace(".csv?", ".parquet?")).data)
    ).to_pylist()
    assert [r[key] for r in back] == [r[key] for r in rows]
    if path.startswith("/statements?kind"):
        assert all("2016-10-20" <= r["date"][:10] <= "2016-10-25" and r["kind"] == "denial" for r in rows)
        assert all(r["text"] and r["document"] for r in rows), "what the page shows, not only the keys"
    if path.startswith("/actors"):
        assert all(isinstance(r["statements"], int) for r in listed)


@pytest.mark.parametrize(
    "path",
    [
        "/statements?year=16",
        "/statements?speaker_type=Alien",
        "/statements.csv?kind=hugs",
        "/documents?from=yesterday",
        "/documents.json?year=x",
        "/actors?country=not%20an%20iri",
        "/actors.csv?sort=evil",
        "/actors.csv?_limit=x",
    ],
)
def test_bad_filters_are_400_on_pages_and_twins(demo_client: FlaskClient, path: str) -> None:
    response = demo_client.get(path)
    assert response.status_code == 400 and ("must be" in response.text or "expects" in response.text)


def test_a_twin_of_another_format_is_404(demo_client: FlaskClient) -> None:
    assert demo_client.get("/statements.xlsx").status_code == 404


def test_facet_counts_follow_the_other_filters_only() -> None:
    """An item failing one filter counts in that filter's facet only; failing two, nowhere."""
    items = [("a", "x"), ("a", "y"), ("b", "x"), ("b", "y"), ("b", "y")]
    letters, signs = Facet("letter", lambda i: (i[0],)), Facet("sign", lambda i: (i[1],))
    found = facet(items, {"letter": letters.test("a"), "sign": signs.test("y")}, [letters, signs])
    assert found.chosen == [("a", "y")]
    assert [(c.value, c.count) for c in found.counts["letter"]] == [("b", 2), ("a", 1)]
    assert [(c.value, c.count) for c in found.counts["sign"]] == [("x", 1), ("y", 1)]


@pytest.mark.parametrize(
    "given",
    [
        {"actor": ACTOR + "russia"},
        {"actor": ACTOR + "syria", "rollup": "1"},
        {"kind": "backs"},
        {"kind": "denial", "actor": ACTOR + "syria"},
        {"polarity": "denied"},
    ],
)
def test_keys_read_from_the_actor_or_kind_are_the_keys_the_filters_keep(
    demo_store: Store, given: dict[str, str]
) -> None:
    filters = Filters.parse(given)
    keep = filters.matcher(demo_store)
    everything = [key for key in read_keys(demo_store) if keep(key)]
    started = filters.reports(demo_store)
    assert (started is None) == ("actor" not in given and "kind" not in given)
    chosen = [key for key in read_keys(demo_store, reports=started) if keep(key)]
    assert chosen == everything and everything
    if started is not None:
        assert len(started) < len(read_keys(demo_store))


def test_cli_with_an_actor_gives_the_rows_of_the_page(
    demo_client: FlaskClient, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = cli_reading(monkeypatch, demo_store).invoke(
        main, ["reports", "--format", "csv", "--actor", ACTOR + "syria", "--rollup"]
    )
    assert result.exit_code == 0, result.output
    page = get(demo_client, f"/reports.csv?actor={ACTOR}syria&rollup=1").text
    assert result.stdout == page and page.count("\n") > 2
