"""The reports table (queries/reports.py) through the CLI and over HTTP, and search over statements, evidence and
documents, on the demo graph in a real store, asking the app in-process through Flask's test client."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyarrow.parquet as pq
import pytest
from flask.testing import FlaskClient
from support import cli_reading, triples_of
from werkzeug.test import TestResponse

from allegiance.cli import main
from allegiance.queries.reports import COLUMNS, Filters, ReportError, read_keys, read_rows
from allegiance.store import Store

ACTOR = "https://w3id.org/allegiance/id/actor/"


def table(client: FlaskClient, query: str) -> tuple[TestResponse, list[dict[str, str]]]:
    response = client.get(f"/reports.csv?{query}")
    assert response.status_code == 200, response.text
    return response, list(csv.DictReader(io.StringIO(response.text)))


def test_one_row_per_relation_report_and_statement(demo_store: Store) -> None:
    counted = demo_store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { { ?r a al:Relation } UNION { ?r a al:Statement } }"
    )
    keys = read_keys(demo_store)
    assert len(keys) == int(next(iter(counted))["n"].value)  # type: ignore[call-overload]
    rows = read_rows(demo_store, [key.report for key in keys])
    assert [row["report"] for row in rows] == [key.report for key in keys]
    kinds = {row["kind"] for row in rows}
    assert {"backs", "attacks", "claim", "denial"} <= kinds
    backs = next(row for row in rows if row["kind"] == "backs")
    assert backs["cameo"] == "05; 07" and backs["plover"] == "AID; SUPPORT"
    assert backs["span"].startswith(backs["document"] + "#char=") and backs["evidence"]
    russia = next(row for row in rows if row["source_actor"] == ACTOR + "russia")
    assert russia["source_wikidata"] == "Q159" and russia["source_label"] == "Russia"
    dates = [row["date"] for row in rows]
    assert dates == sorted(dates, reverse=True)


def test_filters_keep_what_they_say(demo_store: Store) -> None:
    keys = read_keys(demo_store)

    def chosen(**given: str) -> list[dict[str, str]]:
        keep = Filters.parse(given).matcher(demo_store)
        return read_rows(demo_store, [key.report for key in keys if keep(key)])

    attacks = chosen(kind="attacks", **{"from": "2016-10-20", "to": "2016-10-25"})
    assert attacks and all(
        r["kind"] == "attacks" and "2016-10-20" <= r["date"][:10] <= "2016-10-25" for r in attacks
    )
    denied = chosen(polarity="denied")
    assert denied and all(r["polarity"] == "denied" for r in denied)
    sure = chosen(min_confidence="0.85")
    assert sure and all(float(r["confidence"]) >= 0.85 for r in sure)
    assert len(sure) < len(keys)
    bbc = chosen(publisher="BBC News")
    assert bbc and all(r["publisher"] == "BBC News" for r in bbc)
    states = chosen(actor_type="Person")
    assert states and len(states) < len(keys)
    syria = chosen(actor=ACTOR + "syria")
    rolled = chosen(actor=ACTOR + "syria", rollup="1")
    assert {r["report"] for r in syria} < {r["report"] for r in rolled}
    assert any(ACTOR + "syrian-government" in (r["source_actor"], r["target_actor"]) for r in rolled)
    for given, message in [
        ({"kind": "hugs"}, "kind must be one of"),
        ({"from": "last week"}, "from must be a date"),
        ({"min_confidence": "2"}, "min_confidence must be a number from 0 to 1"),
        ({"actor": "not an iri"}, "expects iri"),
        ({"colour": "red"}, "no filter 'colour'"),
    ]:
        with pytest.raises(ReportError if "iri" not in message else ValueError, match=message):
            Filters.parse(given)


def test_twins_page_with_a_total_and_the_same_rows_in_three_formats(demo_client: FlaskClient) -> None:
    whole, rows = table(demo_client, "kind=backs&from=2016-10-01")
    total = int(whole.headers["X-Total-Count"])
    assert len(rows) == total > 3 and list(rows[0]) == list(COLUMNS)
    pages = []
    for offset in range(0, total, 3):
        response, page = table(demo_client, f"kind=backs&from=2016-10-01&_limit=3&_offset={offset}")
        assert response.headers["X-Total-Count"] == str(total)
        pages += page
    assert pages == rows
    assert 'rel="next"' in table(demo_client, "kind=backs&from=2016-10-01&_limit=3")[0].headers["Link"]
    listed = demo_client.get("/reports.json?kind=backs&from=2016-10-01").json
    assert [r["report"] for r in listed] == [r["report"] for r in rows]
    assert all(isinstance(r["confidence"], float) for r in listed)
    parquet = demo_client.get("/reports.parquet?kind=backs&from=2016-10-01")
    assert parquet.headers["Content-Type"] == "application/vnd.apache.parquet"
    back = pq.read_table(io.BytesIO(parquet.data)).to_pylist()
    assert [r["report"] for r in back] == [r["report"] for r in rows]
    assert back[0]["evidence"] == rows[0]["evidence"] and back[0]["confidence"] == float(
        rows[0]["confidence"]
    )


def test_page_shows_filters_facets_and_downloads(demo_client: FlaskClient) -> None:
    response = demo_client.get("/reports?kind=backs&from=2016-10-01")
    assert response.status_code == 200
    total = table(demo_client, "kind=backs&from=2016-10-01")[0].headers["X-Total-Count"]
    assert f"{total} match" in response.text
    assert "/reports.csv?kind=backs&amp;from=2016-10-01" in response.text
    assert "CAMEO 05; 07" in response.text
    assert (
        '<a href="/reports?kind=backs&amp;from=2016-10-01&amp;polarity=denied"><bdi>denied</bdi></a>'
        in response.text
    )
    bad = demo_client.get("/reports?kind=hugs")
    assert bad.status_code == 400 and "kind must be one of" in bad.text


def test_cli_gives_the_rows_of_the_page(
    demo_client: FlaskClient, demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = cli_reading(monkeypatch, demo_store)
    result = runner.invoke(main, ["reports", "--format", "csv", "--kind", "backs", "--from", "2016-10-01"])
    assert result.exit_code == 0, result.output
    assert (
        list(csv.DictReader(io.StringIO(result.stdout)))
        == table(demo_client, "kind=backs&from=2016-10-01")[1]
    )
    assert result.stderr.endswith("reports, from row 1\n")
    paged = runner.invoke(main, ["reports", "--format", "json", "--polarity", "denied", "--limit", "1"])
    assert paged.exit_code == 0 and len(json.loads(paged.stdout)) == 1
    out = tmp_path / "reports.parquet"
    written = runner.invoke(
        main, ["reports", "--format", "parquet", "-o", str(out), "--actor", ACTOR + "russia"]
    )
    assert written.exit_code == 0 and pq.read_table(out).num_rows > 0
    refused = runner.invoke(main, ["reports", "--kind", "hugs"])
    assert refused.exit_code == 1 and "kind must be one of" in refused.stderr
    assert runner.invoke(main, ["reports", "--format", "parquet"]).exit_code == 2


def test_a_pair_keeps_the_reports_between_two_actors_either_way_round_and_charts_them(
    demo_client: FlaskClient, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, other = ACTOR + "russian-government", ACTOR + "syrian-government"
    _, either = table(demo_client, f"actor={one}")
    between = [
        r
        for r in either
        if (r["source_actor"] == one and other in r["target_actor"].split("; "))
        or (r["source_actor"] == other and one in r["target_actor"].split("; "))
    ]
    _, rows = table(demo_client, f"actor={one}&with={other}")
    assert rows == between and 0 < len(rows) < len(either)
    assert table(demo_client, f"actor={other}&with={one}")[1] == rows, "a pair has no first actor"
    _, rolled = table(demo_client, f"actor={ACTOR}russia&with={ACTOR}syria&rollup=1")
    assert {r["report"] for r in rows} <= {r["report"] for r in rolled}

    page = demo_client.get(f"/reports?actor={one}&with={other}").text
    summary = re.search(r'<desc id="chart-desc">(\d+) dated reports from', page)
    assert summary and int(summary.group(1)) == sum(1 for r in rows if r["date"])
    assert f'name="with" value="{other}"' in page
    heading = re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", page).group(1))  # type: ignore[union-attr]
    assert heading == "Reports between Russian government and Syrian government"
    rolled_page = demo_client.get(f"/reports?actor={ACTOR}syria&rollup=1").text
    assert "<h1>Reports involving " in rolled_page and "Syria</bdi></a> (with its parts)</h1>" in rolled_page
    refused = demo_client.get(f"/reports?with={other}")
    assert refused.status_code == 400 and "give actor too" in refused.text

    runner = cli_reading(monkeypatch, demo_store)
    result = runner.invoke(main, ["reports", "--format", "csv", "--actor", one, "--with", other])
    assert result.exit_code == 0 and list(csv.DictReader(io.StringIO(result.stdout))) == rows
    by_name = runner.invoke(
        main, ["reports", "--format", "csv", "--actor", "russian GOVERNMENT", "--with", "Syrian government"]
    )
    assert by_name.exit_code == 0 and by_name.stdout == result.stdout, "a name is read as the page reads it"
    unknown = runner.invoke(main, ["reports", "--actor", "Nobody at all"])
    assert unknown.exit_code == 2 and "'Nobody at all' names no actor" in unknown.output


def test_an_actor_filter_given_a_name_that_names_one_actor_goes_to_its_iri(demo_client: FlaskClient) -> None:
    asked = demo_client.get("/reports.csv?kind=backs&actor=russian%20GOVERNMENT&with=Syrian%20government")
    assert asked.status_code == 303
    first = urlsplit(asked.headers["Location"])
    assert first.path == "/reports.csv" and parse_qs(first.query)["actor"] == [ACTOR + "russian-government"]
    then = demo_client.get(asked.headers["Location"])
    assert then.status_code == 303 and parse_qs(urlsplit(then.headers["Location"]).query) == {
        "kind": ["backs"],
        "actor": [ACTOR + "russian-government"],
        "with": [ACTOR + "syrian-government"],
    }
    unknown = demo_client.get("/reports?actor=Nobody%20at%20all")
    assert unknown.status_code == 400 and "'Nobody at all' names no actor" in unknown.text
    assert "/search?q=Nobody+at+all" in unknown.text


def test_a_name_of_several_actors_is_a_400_that_lists_them(store: Store, client: FlaskClient) -> None:
    store.replace_graph(
        "urn:x-test:twins",
        triples_of(
            """@prefix al: <https://w3id.org/allegiance/ontology#> .
               @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
               @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
               al:State rdfs:subClassOf al:Actor .
               <urn:x-test:a> a al:State ; rdfs:label "North Twin" ; skos:altLabel "Twin" .
               <urn:x-test:b> a al:State ; rdfs:label "South Twin" ; skos:altLabel "twin" ."""
        ),
    )
    answer = client.get("/reports?actor=TWIN")
    assert answer.status_code == 400
    assert "'TWIN' names several actors: North Twin <urn:x-test:a>; South Twin <urn:x-test:b>" in answer.text


def test_the_network_links_each_pair_to_its_reports(demo_client: FlaskClient) -> None:
    page = demo_client.get("/network?kind=backs&from=2016-10-01").text
    links = re.findall(r'<a href="(/reports\?actor=[^"]+)">reports over time</a>', page)
    edges = demo_client.get("/network.json?kind=backs&from=2016-10-01").json["edges"]
    assert len(links) == len(edges)
    first = html.unescape(links[0])
    assert "from=2016-10-01" in first
    _, rows = table(demo_client, first.removeprefix("/reports?"))
    pair = {edges[0]["source"], edges[0]["target"]}
    assert (
        sum(1 for r in rows if r["kind"] == "backs" and r["polarity"] == "asserted") >= edges[0]["documents"]
    )
    assert all(pair & {r["source_actor"]} and pair & set(r["target_actor"].split("; ")) for r in rows)


# --- search ----------------------------------------------------------------------------------------------------


def test_search_finds_a_quote_in_statements_evidence_and_documents(demo_client: FlaskClient) -> None:
    found = demo_client.get("/search.json", query_string={"q": "reserves the right"}).json
    assert found["statements"] and all("reserves the right" in r["text"].lower() for r in found["statements"])
    assert found["evidence"] and found["documents"]
    assert not any("needle" in row for rows in found.values() if isinstance(rows, list) for row in rows)
    page = demo_client.get("/search", query_string={"q": "reserves the right"})
    assert found["statements"][0]["statement"].rpartition("/")[2] in page.text


def test_actor_search_reads_aliases(demo_client: FlaskClient) -> None:
    found = demo_client.get("/search.json", query_string={"q": "rapid support militia"}).json
    assert [r["actor"] for r in found["actors"]] == [ACTOR + "rapid-support-forces"]
    assert set(found["actors"][0]) == {"actor", "name", "type", "matches"}, "no helper columns"
