"""Real SPARQL clients against the real server: SPARQLWrapper, rdflib's SPARQLStore, and curl against
``allegiance serve`` started as its own process, exactly as a user would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper
from support import BASE, Running, fill, free_port

from allegiance.store import Store

LABELS = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?a ?label { ?a rdfs:label ?label } ORDER BY ?label"
EXPECTED_LABELS = ["Iran", "Russia", "Syrian government"]


def wrapper(running: Running, fmt: str, query: str = LABELS) -> SPARQLWrapper:
    client = SPARQLWrapper(running.url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_sparqlwrapper_json(server: Running) -> None:
    result = cast(dict[str, Any], wrapper(server, JSON).queryAndConvert())
    assert [b["label"]["value"] for b in result["results"]["bindings"]] == EXPECTED_LABELS


def test_sparqlwrapper_xml(server: Running) -> None:
    document = wrapper(server, XML).queryAndConvert()
    labels = [n.firstChild.data for n in document.getElementsByTagName("literal")]  # type: ignore[union-attr]
    assert labels == EXPECTED_LABELS


def test_sparqlwrapper_csv(server: Running) -> None:
    text = wrapper(server, CSV).queryAndConvert().decode()  # type: ignore[union-attr]
    assert [line.rsplit(",", 1)[1] for line in text.splitlines()[1:]] == EXPECTED_LABELS


def test_sparqlwrapper_post_and_ask(server: Running) -> None:
    client = wrapper(server, JSON, "ASK { ?s ?p ?o }")
    client.setMethod("POST")
    assert cast(dict[str, Any], client.queryAndConvert())["boolean"] is True


def test_sparqlwrapper_construct_turtle(server: Running) -> None:
    query = "CONSTRUCT { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    data = wrapper(server, TURTLE, query).queryAndConvert()
    graph = Graph().parse(data=data, format="turtle")  # type: ignore[arg-type]
    assert (
        URIRef(f"{BASE}actor/iran"),
        URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
        Literal("Iran"),
    ) in graph


def test_rdflib_sparqlstore(server: Running) -> None:
    graph = Graph(store=SPARQLStore(server.url + "/sparql"))
    labels = sorted(str(row.label) for row in graph.query(LABELS))  # type: ignore[union-attr]
    assert labels == EXPECTED_LABELS
    assert (URIRef(f"{BASE}actor/russia"), None, None) in graph
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True


@pytest.fixture
def served_by_cli(tmp_path: Path) -> Iterator[str]:
    """``allegiance --store DIR serve`` in its own process, on a free port of 127.0.0.1."""
    store = fill(Store(tmp_path / "store"))
    store.close()
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("allegiance")),
        "--store",
        str(tmp_path / "store"),
        "serve",
        "--port",
        str(port),
    ]
    env = {k: v for k, v in os.environ.items() if k != "ALLEGIANCE_UPDATE_TOKEN"}
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(url + "/sparql", timeout=1)
                break
            except requests.ConnectionError:
                if process.poll() is not None:
                    raise AssertionError(process.stdout.read().decode()) from None  # type: ignore[union-attr]
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_against_allegiance_serve(served_by_cli: str) -> None:
    # -g: without it curl reads {...} in a URL as its own glob syntax and sends "ASK?s?p?o"
    ask = subprocess.run(
        ["curl", "-s", "-g", "--noproxy", "*", f"{served_by_cli}/sparql?query=ASK{{?s?p?o}}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    assert ask.stdout.strip() == '{"head": {}, "boolean": true}'
    csv = subprocess.run(
        [
            "curl",
            "-s",
            "--noproxy",
            "*",
            "-H",
            "Accept: text/csv",
            "--data-urlencode",
            f"query={LABELS}",
            f"{served_by_cli}/sparql",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    assert csv.stdout.splitlines()[0] == "a,label" and "Syrian government" in csv.stdout
    update = subprocess.run(
        [
            "curl",
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "--noproxy",
            "*",
            "--data-urlencode",
            "update=CLEAR ALL",
            f"{served_by_cli}/sparql",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    assert update.stdout == "403"
