"""Named queries: the contract (names, columns, parameters) on the demo graph, run through the CLI."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from support import cli_reading

from allegiance import queries
from allegiance.cli import main
from allegiance.results import to_rows
from allegiance.store import Store

CONTRACT = {
    "who-backs-whom": [
        "backer",
        "backer_label",
        "backer_wikidata",
        "backed",
        "backed_label",
        "backed_wikidata",
        "relation",
        "attributed_to_label",
        "evidence",
        "source",
        "date",
    ],
    "statements": [
        "statement",
        "speaker",
        "speaker_label",
        "speaker_wikidata",
        "kind",
        "text",
        "date",
        "source",
    ],
}
REQUIRED = {
    "who-backs-whom",
    "statements",
    "who-blames-whom",
    "statements-about",
    "actor-profile",
    "officials",
    "denials",
    "alignments-over-time",
}


def test_every_query_file_declares_title_and_projected_parameters() -> None:
    catalogue = queries.catalogue()
    assert set(catalogue) >= REQUIRED
    for named in catalogue.values():
        assert named.title and named.description
        projection = named.sparql.split("WHERE", 1)[0]
        for parameter in named.parameters:
            assert re.search(rf"\?{parameter.name}\b", projection), (named.name, parameter.name)


@pytest.mark.parametrize("name", sorted(REQUIRED - {"statements-about"}))
def test_each_query_answers_on_the_demo_graph(demo_store: Store, name: str) -> None:
    columns, rows = to_rows(demo_store.query(queries.get(name).sparql))
    assert rows, f"{name} returned nothing on the demo graph"
    if name in CONTRACT:
        assert columns == CONTRACT[name]


def test_parameters_filter_rows_and_bad_values_are_refused(demo_store: Store) -> None:
    named = queries.get("who-backs-whom")
    russia = "https://w3id.org/allegiance/id/actor/russia"
    _, rows = to_rows(demo_store.query(named.sparql, bindings=named.bindings({"backer": russia})))
    assert rows and all(row[0] == russia for row in rows)
    with pytest.raises(queries.QueryError, match="expects iri"):
        named.bindings({"backer": "not an iri> } DROP ALL {"})
    with pytest.raises(queries.QueryError, match="has no parameter"):
        named.bindings({"nonsense": "x"})
    with pytest.raises(queries.QueryError, match="needs parameter about"):
        queries.get("statements-about").bindings({})


@pytest.fixture
def runner(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """The CLI, reading the demo store."""
    return cli_reading(monkeypatch, demo_store)


def test_cli_prints_csv_with_a_header_and_json_objects(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "who-backs-whom", "--format", "csv"])
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(result.output)))
    assert table[0] == CONTRACT["who-backs-whom"] and len(table) > 1
    result = runner.invoke(main, ["query", "statements", "-p", "kind=denial", "--format", "json"])
    assert result.exit_code == 0 and all(row["kind"] == "denial" for row in json.loads(result.output))
    result = runner.invoke(main, ["query", "--sparql", "ASK { ?s a al:Statement }"])
    assert result.exit_code == 0 and "true" in result.output
    result = runner.invoke(main, ["query", "no-such-query"])
    assert result.exit_code == 1 and "no named query" in result.output
    result = runner.invoke(main, ["query", "--sparql", "SELECT WHERE {"])
    assert result.exit_code == 1 and result.output.startswith("error:")


def test_cli_pages_rows_and_says_how_many_there_are(runner: CliRunner) -> None:
    whole = runner.invoke(main, ["query", "officials", "--format", "csv"])
    rows = whole.stdout.splitlines()
    assert whole.exit_code == 0 and len(rows) > 4
    page = runner.invoke(main, ["query", "officials", "--format", "csv", "--limit", "2", "--offset", "1"])
    assert page.exit_code == 0 and page.stdout.splitlines() == [rows[0], *rows[2:4]]
    assert page.stderr == f"2 of {len(rows) - 1:,} rows, from row 2\n"
    refused = runner.invoke(main, ["query", "--sparql", "ASK { ?s ?p ?o }", "--limit", "1"])
    assert refused.exit_code == 2 and "page the rows of a SELECT" in refused.output


def test_parameter_names_leave_the_underscore_to_paging() -> None:
    with pytest.raises(queries.QueryError, match="cannot read parameter line"):
        queries.parse("paged", "# title: t\n# param: _limit integer optional  clashes\nSELECT ?_limit {}\n")
