"""Reasoning: one test per materialisation rule, the rebuild of the inferred graph, and HermiT's clash report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import cli_reading, triples_of

from allegiance import queries
from allegiance.cli import main
from allegiance.config import DEFAULT_BASE_IRI, Settings
from allegiance.ingest import bootstrap
from allegiance.iris import CURATION_GRAPH, INFERRED_GRAPH, Minter
from allegiance.ontology.materialise import check_actors, materialise, rules
from allegiance.ontology.reasoner import java_available
from allegiance.results import to_rows
from allegiance.store import Store

INFERRED = Minter().graph(INFERRED_GRAPH)
PREFIXES = """
@prefix al: <https://w3id.org/allegiance/ontology#> . @prefix kind: <https://w3id.org/allegiance/kind/> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix x: <https://example.org/> .
"""
needs_java = pytest.mark.skipif(
    not java_available(), reason="HermiT needs java on PATH (apt install default-jre)"
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "store")
    yield opened
    opened.close()


def put(store: Store, name: str, turtle: str) -> None:
    store.replace_graph(f"https://example.org/doc/{name}", triples_of(PREFIXES + turtle))


def inferred(store: Store, pattern: str) -> bool:
    """Whether the inferred graph holds the triple pattern (Turtle-ish, with the prefixes above)."""
    prefixes = "PREFIX x: <https://example.org/> PREFIX foaf: <http://xmlns.com/foaf/0.1/> "
    return store.ask(f"{prefixes} ASK {{ GRAPH <{INFERRED}> {{ {pattern} }} }}")


def test_rules_are_generated_from_the_ontology_axioms() -> None:
    names = [rule.name for rule in rules()]
    assert names[:4] == ["subclass", "subproperty", "inverse", "symmetric"]
    assert {"transitive al:partOf", "chain al:onBehalfOf"} <= set(names)
    assert "transitive al:memberOf" not in names  # a member of a member is not a member


def test_subclass_closure(store: Store) -> None:
    put(store, "1", "x:ndf a al:Militia .")
    materialise(store, DEFAULT_BASE_IRI)
    for cls in ("al:ArmedGroup", "al:Organization", "al:Actor", "prov:Agent", "foaf:Agent"):
        assert inferred(store, f"x:ndf a {cls}"), cls
    assert not inferred(store, "x:ndf a al:Militia")  # asserted: not repeated


def test_subproperty_closure(store: Store) -> None:
    put(store, "1", "x:iran al:arms x:hezbollah . x:st al:accuses x:iran . x:rel al:evidence x:span .")
    materialise(store, DEFAULT_BASE_IRI)
    assert inferred(store, "x:iran al:backs x:hezbollah")
    assert inferred(store, "x:st al:about x:iran")
    assert inferred(store, "x:rel prov:wasDerivedFrom x:span")


def test_inverse_properties(store: Store) -> None:
    put(store, "1", "x:nusra al:renamedTo x:jfs .")
    materialise(store, DEFAULT_BASE_IRI)
    assert inferred(store, "x:jfs al:formerlyKnownAs x:nusra")


def test_symmetric_properties(store: Store) -> None:
    put(store, "1", "x:russia al:alliedWith x:syria . x:hezbollah al:fightsAlongside x:saa .")
    materialise(store, DEFAULT_BASE_IRI)
    assert inferred(store, "x:syria al:alliedWith x:russia")
    assert inferred(store, "x:saa al:fightsAlongside x:hezbollah")
    assert not inferred(store, "x:syria al:backs x:russia")


def test_transitive_part_of_but_not_member_of(store: Store) -> None:
    put(store, "1", "x:brigade al:partOf x:division . x:division al:partOf x:army . x:army al:partOf x:mod .")
    put(store, "2", "x:faction al:memberOf x:umbrella . x:umbrella al:memberOf x:coalition .")
    materialise(store, DEFAULT_BASE_IRI)
    assert inferred(
        store, "x:brigade al:partOf x:army . x:brigade al:partOf x:mod . x:division al:partOf x:mod"
    )
    assert not inferred(store, "x:faction al:memberOf x:coalition")


def test_a_spokespersons_statement_is_on_behalf_of_their_body(store: Store) -> None:
    put(store, "1", "x:zakharova al:speaksFor x:mfa .")
    put(store, "2", "x:st al:speaker x:zakharova .")
    materialise(store, DEFAULT_BASE_IRI)
    assert inferred(store, "x:st al:onBehalfOf x:mfa")


RELATION = """x:{id} a al:Relation ; al:relationType kind:{kind} ; al:polarity kind:{polarity} ;
    al:sourceActor x:{source} ; al:targetActor x:{target} ."""


def relation(id: str, kind: str, source: str, target: str, polarity: str = "asserted") -> str:
    return RELATION.format(id=id, kind=kind, source=source, target=target, polarity=polarity)


def test_direct_edges_come_from_each_graphs_asserted_relations_that_it_does_not_deny(store: Store) -> None:
    """Graphs written without their edges (as a SPARQL update would) get them from reason, by the rule of
    ``allegiance.edges``: a denial counts in its own graph, and a curator's rejection counts everywhere."""
    put(store, "1", relation("r1", "arms", "iran", "saa") + relation("r2", "funds", "qatar", "rebels"))
    put(
        store,
        "2",
        relation("r3", "funds", "qatar", "rebels", "denied")
        + relation("r4", "attacks", "isis", "sdf")
        + relation("r5", "backs", "a", "b")
        + relation("r6", "backs", "a", "b", "denied")
        + relation("r7", "leads", "p", "q"),
    )
    store.replace_graph(
        Minter().graph(CURATION_GRAPH), triples_of(PREFIXES + "x:r7 al:rejectedBy x:correction .")
    )
    done = materialise(store, DEFAULT_BASE_IRI)
    assert inferred(store, "x:iran al:arms x:saa . x:iran al:backs x:saa")  # with the superproperty
    assert inferred(store, "x:isis al:attacks x:sdf . x:isis al:opposes x:sdf")
    assert inferred(store, "x:qatar al:funds x:rebels")  # another document's denial is no veto
    assert not inferred(store, "x:a al:backs x:b")
    assert not inferred(store, "x:p al:leads x:q")
    assert done.by_rule["direct edges"] == 3


def test_the_inferred_graph_is_rebuilt_not_appended_to(store: Store) -> None:
    put(store, "1", "x:a al:partOf x:b . x:b al:partOf x:c .")
    first = materialise(store, DEFAULT_BASE_IRI)
    assert first.changed and first.triples == 1 and first.by_rule["transitive al:partOf"] == 1
    assert not materialise(store, DEFAULT_BASE_IRI).changed
    store.remove_graph("https://example.org/doc/1")
    put(store, "2", "x:a al:alliedWith x:b .")
    again = materialise(store, DEFAULT_BASE_IRI)
    assert again.changed and again.triples == 1
    assert not store.ask(
        "PREFIX x: <https://example.org/> ASK { x:a al:partOf x:c }"
    )  # gone from the union too
    assert inferred(store, "x:b al:alliedWith x:a")


CLASH = {
    "doc/person": "x:assad a al:Person .",
    "doc/state": "x:assad a al:State .",
}


@needs_java
def test_a_type_clash_names_the_entity_and_the_documents_that_typed_it(store: Store) -> None:
    for name, turtle in CLASH.items():
        put(store, name.split("/")[1], turtle)
    check = check_actors(store, DEFAULT_BASE_IRI)
    assert not check.consistent
    (clash,) = check.clashes
    assert clash.clash.individual == "https://example.org/assad"
    assert ("https://example.org/doc/person", "a al:Person") in clash.sources
    assert ("https://example.org/doc/state", "a al:State") in clash.sources
    text = "\n".join(check.lines())
    assert "https://example.org/assad is typed both" in text
    assert "    https://example.org/doc/state: a al:State" in text.splitlines()


@needs_java
def test_cli_reason_materialises_and_exits_1_on_a_clash(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = cli_reading(monkeypatch, store)
    put(store, "1", "x:assad a al:Person . x:nusra al:renamedTo x:jfs .")
    result = runner.invoke(main, ["reason"])
    assert result.exit_code == 0, result.output
    assert f"{INFERRED}: " in result.output and "consistent: the ontology and 1 actors" in result.output
    assert inferred(store, "x:jfs al:formerlyKnownAs x:nusra")
    put(store, "2", "x:assad a al:State .")
    result = runner.invoke(main, ["reason"])
    assert (
        result.exit_code == 1
        and "inconsistent" in result.output
        and "https://example.org/doc/2" in result.output
    )


def test_cli_reason_without_the_check_needs_no_java(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = cli_reading(monkeypatch, store)
    monkeypatch.setattr("allegiance.ontology.reasoner.java_available", lambda: False)
    put(store, "1", "x:a al:partOf x:b . x:b al:partOf x:c .")
    result = runner.invoke(main, ["reason", "--no-check"])
    assert result.exit_code == 0 and "1 inferred triples" in result.output
    result = CliRunner().invoke(main, ["reason"])
    assert result.exit_code == 1 and "needs java" in result.output


def test_the_backers_of_query_reads_what_reasoning_infers(tmp_path: Path) -> None:
    """Arming a state's army is backing the state's parts: visible to the named query only after reasoning."""
    store = Store(tmp_path / "store")
    settings = Settings(store=tmp_path / "store")
    bootstrap.ensure(store, settings)
    actor = "https://w3id.org/allegiance/id/actor/"
    data = triples_of(
        f"""
        @prefix al: <https://w3id.org/allegiance/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <{actor}patron> a al:State ; rdfs:label "Patronia" ; al:arms <{actor}syrian-arab-army> .
        """
    )
    store.replace_graph("https://w3id.org/allegiance/id/document/test", data)
    named = queries.get("backers-of")
    bindings = named.bindings({"whole": f"{actor}syria"})
    assert to_rows(store.query(named.sparql, bindings=bindings))[1] == []
    materialise(store, settings.base_iri)
    _, rows = to_rows(store.query(named.sparql, bindings=bindings))
    assert [(row[2], row[4]) for row in rows] == [("Patronia", "Syrian Arab Army")]
