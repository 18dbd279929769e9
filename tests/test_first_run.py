"""What a new user meets first: read commands that refuse a store that is not there, a web address that is
not a store, tables of names rather than IRIs that fit the terminal, and a server that says where to go."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS
from support import fill, free_port

from allegiance.cli import main
from allegiance.config import Settings
from allegiance.endpoint.server import welcome
from allegiance.store import Store

READ_COMMANDS = [["query", "who-backs-whom"], ["query", "--sparql", "ASK {}"], ["reports"], ["stats"], ["export"],
                 ["validate"], ["reason", "--no-check"], ["serve", "--port", "1"], ["curate", "log"],
                 ["curate", "export"]]  # fmt: skip


@pytest.mark.parametrize("command", READ_COMMANDS)
def test_read_commands_refuse_a_store_that_does_not_exist(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "nowhere"
    result = CliRunner().invoke(main, ["--store", str(missing), *command])
    assert result.exit_code == 1
    assert f"there is no store at {missing}" in result.output and "ingest" in result.output
    assert not missing.exists(), "nothing was made"


def test_an_empty_directory_is_no_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--store", str(tmp_path), "stats"])
    assert result.exit_code == 1 and "there is no store" in result.output


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_web_address_needs_sparql_plus(tmp_path: Path, how: str) -> None:
    url = "http://127.0.0.1:8890/sparql"
    arguments, env = (["--store", url], {}) if how == "option" else ([], {"ALLEGIANCE_STORE": url})
    result = CliRunner().invoke(main, [*arguments, "stats"], env=env)
    assert result.exit_code == 2
    assert f"sparql+{url}" in result.output and "Traceback" not in result.output


NOTE = "a long sentence of evidence " * 6


def tables(tmp_path: Path, select: str, where: str, width: int) -> tuple[str, str]:
    """A query's table at a terminal ``width`` characters wide, and its CSV, over a small store."""
    fill(Store(tmp_path / "store")).close()
    query = f'SELECT {select} ?note WHERE {{ {where} BIND("{NOTE}" AS ?note) }} ORDER BY {select}'
    arguments = ["--store", str(tmp_path / "store"), "query", "--sparql", query]
    table = CliRunner().invoke(main, arguments, env={"COLUMNS": str(width)}).output
    return table, CliRunner().invoke(main, [*arguments, "--format", "csv"]).output


def test_tables_show_labels_and_fit_the_terminal(tmp_path: Path) -> None:
    table, csv = tables(
        tmp_path,
        "?source ?source_label ?kind ?target",
        "?r al:sourceActor ?source ; al:relationType ?kind ; al:targetActor ?target . ?source rdfs:label ?source_label",
        60,
    )
    lines = table.splitlines()
    assert lines[0].split() == ["source", "kind", "target", "note"], "the IRI column gives way to its label"
    assert all(len(line) <= 60 for line in lines), table
    assert "https://" not in table and "Russia" in table and "Syrian" in table
    assert "kind:backs" in table, "an IRI without a label is a prefixed name"
    assert table.count("evidence") == 4 * 6 and "" in lines, "long cells wrap, rows set apart"
    assert "https://w3id.org/allegiance/actor/russia" in csv, "programs keep the IRIs"


def test_tables_cut_neither_names_nor_column_names_when_the_words_fit(tmp_path: Path) -> None:
    table, csv = tables(
        tmp_path,
        "?kind ?reported_by_label ?target_label",
        "?r al:relationType ?kind ; al:sourceActor ?source ; al:targetActor ?target . "
        "?source rdfs:label ?reported_by_label . ?target rdfs:label ?target_label",
        64,
    )
    lines = table.splitlines()
    ruler = next(n for n, line in enumerate(lines) if line.startswith("-"))
    assert all(len(line) <= 64 for line in lines), lines
    assert [line.split() for line in lines[:ruler]] == [
        ["kind", "reported_", "target_", "note"],
        ["by_label", "label"],
    ], "a column's name is cut only after an underscore"
    names = {word for row in csv.splitlines()[1:] for label in row.split(",")[1:3] for word in label.split()}
    words = {word for line in lines[ruler + 1 :] for word in line.split()}
    assert names and names <= words, "every word of every name is whole"


def test_the_server_says_where_to_browse_and_how_to_ingest() -> None:
    settings = Settings(store=Path("data/store"))
    read_only = welcome(settings, "127.0.0.1", 8080, None)
    assert "http://127.0.0.1:8080/" in read_only and "allegiance --store data/store ingest" in read_only
    local = welcome(settings, "127.0.0.1", 8080, "s3cret-token-0123456789")
    assert "ALLEGIANCE_STORE_TOKEN=s3cret-token-0123456789" in local
    assert "'sparql+http://127.0.0.1:8080/sparql?union=default' ingest" in local
    public = welcome(settings, "0.0.0.0", 80, "s3cret-token-0123456789")
    assert "s3cret" not in public and "<the update token>" in public


@pytest.mark.slow
def test_serve_takes_the_licence_and_texts_from_its_options(tmp_path: Path) -> None:
    fill(Store(tmp_path / "store")).close()
    port = free_port()
    licence = "https://example.org/licence"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALLEGIANCE_")}
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("allegiance")), "--store", str(tmp_path / "store"), "serve", "--port", str(port),
         "--licence", licence, "--no-texts"],
        stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert server.stderr is not None
        said = "".join(server.stderr.readline() for _ in range(3))  # the log line, then the welcome
        assert f"Browse the graph at http://127.0.0.1:{port}/" in said
        assert "To add articles, stop it and run" in said
        deadline = time.monotonic() + 60
        while True:
            try:
                response = requests.get(f"http://127.0.0.1:{port}/.well-known/void", timeout=10)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        graph = Graph().parse(data=response.text, format="turtle")
        assert (None, DCTERMS.license, URIRef(licence)) in graph
        assert "without the full texts" in response.text
    finally:
        server.terminate()
        server.wait(30)
