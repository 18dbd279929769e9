"""The direct edges: the rule docs/ontology.md writes in SPARQL is the one ``allegiance.edges.derive`` applies, and
each graph holds the edges its own relation nodes give, whoever wrote it."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from support import triples_of

from allegiance import curated, edges, ontology
from allegiance.config import DEFAULT_BASE_IRI
from allegiance.ingest.bootstrap import skolemised
from allegiance.iris import CURATION_GRAPH, ONTOLOGY_GRAPH, Minter
from allegiance.namespaces import RELATION_KINDS, Al
from allegiance.store import GraphStore, Store

MINTER = Minter(DEFAULT_BASE_IRI)
CURATION = MINTER.graph(CURATION_GRAPH)
DOCS = Path(__file__).resolve().parents[1] / "docs" / "ontology.md"


def documented_rule() -> str:
    """The SPARQL block of docs/ontology.md that derives the direct edges."""
    (rule,) = [
        block
        for block in re.findall(r"```sparql\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
        if "al:directProperty ?edge" in block
    ]
    return rule


def by_the_documented_rule(store: GraphStore) -> set[str]:
    found = store.query(documented_rule())
    assert isinstance(found, ox.QueryTriples)
    return {str(t) for t in found}


def by_derive(store: GraphStore) -> set[str]:
    """``derive`` on each stored graph, with the rejections of the curation graph."""
    rejected = curated.read(store, CURATION).rejected
    return {str(e) for g in store.graph_names() for e in edges.derive(store.triples(g), rejected)}


def test_the_documented_rule_is_the_code_and_the_demo_graph_holds_it(demo_store: Store) -> None:
    derived = by_derive(demo_store)
    assert len(derived) > 20, "the demo graph has direct edges from its relation nodes"
    assert by_the_documented_rule(demo_store) == derived
    union = {str(t) for kind in RELATION_KINDS.values() for t in demo_store.triples_with(str(kind.edge))}
    assert derived <= union, "ingest wrote every edge its documents' relation nodes give"


CASES = {
    "doc/1": "r1 asserted arms iran saa | r2 asserted funds qatar rebels",
    # qatar's denial is another source's: it leaves doc/1's edge; a graph's own denial takes its edge away
    "doc/2": "r3 denied funds qatar rebels | r4 asserted backs a b | r5 denied backs a b",
    # a rejected denial denies nothing, a rejected relation gives nothing, a node without a target nothing
    "doc/3": "r6 asserted alliedWith x y | r7 denied alliedWith x y | r8 asserted leads p q | r9 asserted backs m",
}
REJECTED = ("r7", "r8")
EXPECTED = {("iran", "arms", "saa"), ("qatar", "funds", "rebels"), ("x", "alliedWith", "y")}


def test_the_rule_and_the_code_agree_on_cases_made_to_tell_scopes_apart(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    name = MINTER.graph(ONTOLOGY_GRAPH)
    store.replace_graph(name, skolemised(ontology.graph(), name))
    for name, relations in CASES.items():
        turtle = []
        for relation in relations.split(" | "):
            node, polarity, kind, *actors = relation.split()
            turtle.append(
                f"x:{node} a al:Relation ; al:relationType kind:{kind} ; al:polarity kind:{polarity} ; "
                + " ; ".join(
                    f"al:{role} x:{actor}"
                    for role, actor in zip(("sourceActor", "targetActor"), actors, strict=False)
                )
                + " ."
            )
        store.replace_graph(f"https://example.org/{name}", triples_of(PREFIXES + "\n".join(turtle)))
    marks = " ".join(f"x:{node} al:rejectedBy x:correction ." for node in REJECTED)
    store.replace_graph(CURATION, triples_of(PREFIXES + marks))
    expected = {
        f"<https://example.org/{a}> <{Al[edge]}> <https://example.org/{b}>" for a, edge, b in EXPECTED
    }
    assert by_derive(store) == by_the_documented_rule(store) == expected
    store.close()


PREFIXES = """@prefix al: <https://w3id.org/allegiance/ontology#> . @prefix kind: <https://w3id.org/allegiance/kind/> .
@prefix x: <https://example.org/> .
"""
