"""Each actor's whole, kept by the store as it writes, equals the wholes computed from scratch, write after write;
and a named query rolled up to the wholes says what the plain query says of their parts.

The graphs are written for these tests: a state of our own (Kovia) with its government, an army that is part
of the government, a minister holding a post in it and a rebel group; documents then mint a navy for the
government, and the reference graph is rewritten so that the government no longer belongs to the state.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from support import triples_of

from allegiance import queries, wholes
from allegiance.config import Settings
from allegiance.ingest import bootstrap
from allegiance.namespaces import AL, PREFIXES
from allegiance.results import to_rows
from allegiance.store import Store

X = "https://example.org/kovia/"
HEAD = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in PREFIXES.items()) + f"@prefix x: <{X}> .\n"
STATE = """
x:kovia a al:State ; rdfs:label "Kovia" .
x:government a al:Government ; rdfs:label "Kovian government" ; al:governmentOf x:kovia .
x:rebels a al:ArmedGroup ; rdfs:label "Kovian rebels" .
x:minister a al:Person ; rdfs:label "Ana Vel" ; org:holds x:post .
x:post a org:Post ; org:postIn x:government .
"""
ARMY = "x:army a al:GovernmentBody ; rdfs:label 'Kovian army' ; al:partOf x:government ."
NAVY = """
x:navy a al:GovernmentBody ; rdfs:label "Kovian navy" ; al:partOf x:government .
x:mention al:refersTo x:navy .
"""

Wholes = set[tuple[str, str]]


def turtle(text: str) -> list[ox.Triple]:
    return triples_of(HEAD + text)


def pairs_of(store: Store, pattern: str) -> Wholes:
    found = store.query(f"SELECT ?a ?w WHERE {{ {pattern} }}")
    assert isinstance(found, ox.QuerySolutions)
    return {(row["a"].value, row["w"].value) for row in found}


def kept(store: Store) -> Wholes:
    """The wholes as the store keeps them, in their own graph: the union stays exactly the named graphs'."""
    assert not pairs_of(store, "?a al:rollsUpTo ?w")
    return pairs_of(store, f"GRAPH <{wholes.WHOLES_GRAPH}> {{ ?a al:rollsUpTo ?w }}")


def from_scratch(store: Store) -> Wholes:
    store.update(wholes.rebuild())
    return kept(store)


def whole(store: Store, actor: str) -> str:
    return dict(kept(store))[X + actor]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "store")
    bootstrap.ensure(opened, Settings(store=tmp_path / "store"))
    yield opened
    opened.close()


def test_the_kept_wholes_follow_every_write(store: Store, tmp_path: Path) -> None:
    store.replace_graph(X + "reference", turtle(STATE + ARMY))
    assert {whole(store, a) for a in ("kovia", "government", "army", "minister")} == {X + "kovia"}
    assert whole(store, "rebels") == X + "rebels", "an actor that belongs to nothing is its own whole"
    assert kept(store) == from_scratch(store)

    store.replace_graph(X + "doc/1", turtle(NAVY))
    assert whole(store, "navy") == X + "kovia", "a body a document mints rolls up through the reference chain"
    assert kept(store) == from_scratch(store)

    store.replace_graph(X + "reference", turtle(STATE.replace("; al:governmentOf x:kovia", "") + ARMY))
    for part in ("government", "army", "navy", "minister"):
        assert whole(store, part) == X + "government", f"{part}: the chain above it changed"
    assert kept(store) == from_scratch(store)

    store.remove_graph(X + "doc/1")
    assert kept(store) == from_scratch(store)

    dump = io.BytesIO()
    store.export(dump)
    loaded = Store(tmp_path / "loaded")
    loaded.load(io.BytesIO(dump.getvalue()))
    assert kept(loaded) == kept(store)
    loaded.close()


def test_a_rolled_up_query_says_of_the_wholes_what_the_plain_one_says_of_their_parts(
    demo_store: Store,
) -> None:
    """On the demo graph: the rolled-up who-backs-whom lists exactly the pairs of wholes of the plain pairs (a
    whole backing itself through two of its parts included), and statements about a state gather those about
    its government, army and officials."""
    of = dict(kept(demo_store))
    named = queries.get("who-backs-whom")
    assert named.rolls_up

    def pairs(text: str) -> set[tuple[str, str]]:
        header, rows = to_rows(demo_store.query(text))
        return {(row[header.index("backer")], row[header.index("backed")]) for row in rows}

    plain = pairs(named.sparql)
    assert pairs(named.text(rollup=True)) == {(of[backer], of[backed]) for backer, backed in plain}
    assert any(of[b] != b for b, _ in plain), "the demo has backers that are parts of a whole"

    about = queries.get("statements-about")
    russia = {"about": ox.NamedNode("https://w3id.org/allegiance/id/actor/russia")}
    direct = to_rows(demo_store.query(about.sparql, bindings=russia))[1]
    rolled = to_rows(demo_store.query(about.text(rollup=True), bindings=russia))[1]
    assert len(rolled) > len(direct)


def test_a_states_page_shows_what_it_did_through_its_parts(demo_client: FlaskClient) -> None:
    """Russia's page lists what its government and armed forces did, and its Turtle twin says which parts roll
    up to it (a page and its twin carry the same facts)."""
    page = demo_client.get("/id/actor/russia.html")
    assert page.status_code == 200 and 'id="by-parts"' in page.text
    section = page.text.split('id="by-parts"', 1)[1].split("</section>", 1)[0]
    assert (
        'href="/id/actor/russian-government.html"' in section
        and 'href="/id/actor/syrian-government.html"' in section
    )
    twin = Graph().parse(data=demo_client.get("/id/actor/russia.ttl").text, format="turtle")
    parts = set(twin.subjects(AL.rollsUpTo, URIRef("https://w3id.org/allegiance/id/actor/russia")))
    assert URIRef("https://w3id.org/allegiance/id/actor/russian-government") in parts
