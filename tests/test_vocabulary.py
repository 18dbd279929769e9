"""The vocabulary of core/namespaces.py: each declared term exists where its namespace is defined, every term the
SPARQL texts and shapes use is declared, and the three forms of a term (text, pyoxigraph, rdflib) are one IRI.

(tests/test_ontology.py checks that ``Al`` is exactly the ontology's terms and ``RELATION_KINDS`` its kinds.)"""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib.namespace
from rdflib import URIRef

from allegiance.namespaces import AL, KIND, PREFIXES, VOCABULARIES, Al, Kind, Nif, Term, Vocabulary
from allegiance.ontology import graph

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = graph()
RDFLIB = {str(ns._NS): ns for ns in vars(rdflib.namespace).values() if hasattr(ns, "_NS")}
TEXTS = [
    *sorted((ROOT / "queries").glob("*.rq")),
    ROOT / "shapes" / "shapes.ttl",
    *sorted(
        path
        for folder in ("core", "ontology", "queries", "shapes", "ingest", "endpoint", "cli")
        for path in (ROOT / folder).rglob("*.py")
    ),
]
"""Where SPARQL and Turtle name terms by prefix: the named queries, the shapes, and the SPARQL in the code."""


def used(prefix: str) -> set[tuple[str, str]]:
    """(file, local name) of every ``prefix:name`` in ``TEXTS``, comments left out."""
    return {
        (path.name, name)
        for path in TEXTS
        for name in re.findall(rf"(?<![\w:/]){prefix}:(\w+)", re.sub(r"#[^\n>]*\n", "\n", path.read_text()))
    }


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_each_vocabulary_is_bound_to_its_prefix(vocabulary: type[Vocabulary]) -> None:
    assert PREFIXES[vocabulary.__name__.lower()] == vocabulary.base


@pytest.mark.parametrize(
    "vocabulary", [v for v in VOCABULARIES if v.base in RDFLIB], ids=lambda v: v.__name__
)
def test_w3c_terms_are_in_rdflibs_closed_list(vocabulary: type[Vocabulary]) -> None:
    defined = RDFLIB[vocabulary.base]
    assert [name for name in vocabulary.terms if name not in defined.__annotations__] == []


def test_nif_terms_are_the_ones_the_ontology_and_shapes_use() -> None:
    """NIF has no closed list in rdflib: the terms declared must be ones the ontology or the shapes name."""
    named = {name for _, name in used("nif")} | {
        str(o).removeprefix(Nif.base) for o in ONTOLOGY.all_nodes() if str(o).startswith(Nif.base)
    }
    assert set(Nif.terms) - named == set()


def test_declared_kinds_are_concepts_of_the_ontology() -> None:
    concepts = {str(s) for s in ONTOLOGY.subjects(rdflib.RDF.type, rdflib.SKOS.Concept)}
    assert [term for term in Kind.terms.values() if term not in concepts] == []


@pytest.mark.parametrize("prefix", ["al", "kind"])
def test_queries_shapes_and_code_use_only_declared_terms(prefix: str) -> None:
    declared = {str(t) for t in ONTOLOGY.all_nodes() if isinstance(t, URIRef)}
    base = PREFIXES[prefix]
    unknown = sorted((file, name) for file, name in used(prefix) if base + name not in declared)
    assert unknown == []
    assert used(prefix), "the pattern found no term at all: it would pass on anything"


def test_the_three_forms_of_a_term_are_one_iri() -> None:
    term = Al.sourceActor
    assert isinstance(term, str) and term == "https://w3id.org/allegiance/ontology#sourceActor"
    assert term.node == ox.NamedNode(term) and AL.sourceActor == URIRef(term)
    assert Al["backs"] is Al.backs and Kind["backs"] == KIND.backs
    index: dict[str, int] = {term: 1}
    assert index[ox.NamedNode(term).value] == 1, "a term keys what pyoxigraph gives back"
    copy = pickle.loads(pickle.dumps(term))  # the validating process receives terms
    assert isinstance(copy, Term) and copy.node == term.node


def test_a_closed_vocabulary_refuses_an_unknown_name() -> None:
    with pytest.raises(KeyError, match="nope"):
        Al["nope"]
    with pytest.raises(AttributeError):
        AL.nope  # noqa: B018
