"""Check a graph against the ontology with the HermiT reasoner, and say in plain words what clashes.

HermiT (bundled with owlready2, run on Java) proves whether the ontology plus some individuals is consistent,
but when it is not it only says so. The usual cause is an individual that ends up in two classes the ontology
declares disjoint (a Person that is also a State, an organisation used as the range of al:governmentOf), so on
failure we look for exactly that in the RDF ourselves and name the individuals and the classes involved.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from importlib.resources import as_file, files
from itertools import combinations
from pathlib import Path

from owlready2 import OwlReadyInconsistentOntologyError, World, sync_reasoner_hermit
from rdflib import BNode, Graph, Node, URIRef
from rdflib.collection import Collection

from allegiance.namespaces import OWL, PREFIXES, RDF, RDFS
from allegiance.ontology import RDFXML, graph

__all__ = ["Clash", "ConsistencyReport", "check_consistency", "find_clashes", "java_available"]


@dataclass(frozen=True)
class Clash:
    """An individual that belongs to two classes declared disjoint, with how it came to belong to each."""

    individual: str
    first: str
    second: str

    def __str__(self) -> str:
        return (
            f"{self.individual} is typed both {self.first} and {self.second}, "
            "which the ontology says are disjoint"
        )


@dataclass(frozen=True)
class ConsistencyReport:
    """HermiT's verdict, plus the disjointness clashes we could find when it is negative."""

    consistent: bool
    clashes: tuple[Clash, ...] = ()

    def __bool__(self) -> bool:
        return self.consistent

    def __str__(self) -> str:
        if self.consistent:
            return "consistent"
        if not self.clashes:
            return (
                "inconsistent, but no individual is in two disjoint classes; look for a functional property "
                "with two values or a literal that does not fit its property's datatype"
            )
        return "inconsistent:\n" + "\n".join(f"- {clash}" for clash in self.clashes)


def java_available() -> bool:
    """HermiT is a Java program; without ``java`` on PATH no check can run."""
    return shutil.which("java") is not None


def check_consistency(extra: Graph | None = None) -> ConsistencyReport:
    """Run HermiT on the ontology plus ``extra`` (individuals to test), in a world of its own.

    Each call uses a fresh owlready2 ``World`` rather than the default one, so calls never see each other's
    individuals. Literals of datatypes outside the OWL 2 datatype map (such as xsd:date) are ignored by HermiT
    rather than rejected, since real data uses them.
    """
    if not java_available():
        raise RuntimeError("the consistency check runs HermiT, which needs Java; put java on PATH")
    world = World()
    try:
        with as_file(files(__package__).joinpath(RDFXML)) as ontology_file:
            world.get_ontology(ontology_file.as_uri()).load()
        with tempfile.TemporaryDirectory() as tmp:
            if extra is not None:
                extra_file = Path(tmp) / "extra.owl"
                extra.serialize(extra_file, format="xml")
                world.get_ontology(extra_file.as_uri()).load()
            try:
                sync_reasoner_hermit(
                    world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
                )
            except OwlReadyInconsistentOntologyError:
                return ConsistencyReport(consistent=False, clashes=find_clashes(extra or Graph()))
    finally:
        world.close()
    return ConsistencyReport(consistent=True)


def find_clashes(extra: Graph) -> tuple[Clash, ...]:
    """Individuals of ``extra`` that the ontology places in two disjoint classes.

    An individual's classes are those asserted with rdf:type and those implied by the domain or range of the
    properties it is used with, each widened to all superclasses; that covers the mistakes our pipeline makes.
    """
    ontology = graph()
    merged = ontology + extra
    classes = _classes(merged, ontology)
    disjoint = _disjoint_pairs(ontology)
    clashes = []
    for individual in sorted(set(extra.subjects()) | set(extra.objects()), key=str):
        found = classes.get(individual, {})
        for first, second in disjoint:
            if first in found and second in found:
                clashes.append(Clash(str(individual), found[first], found[second]))
    return tuple(clashes)


def _classes(data: Graph, ontology: Graph) -> dict[Node, dict[Node, str]]:
    """For each node, its classes, each described by how it was reached (for the message)."""
    found: dict[Node, dict[Node, str]] = defaultdict(dict)

    def add(individual: Node, cls: Node, why: str) -> None:
        for superclass in filter(None, ontology.transitive_objects(cls, RDFS.subClassOf)):
            via = "" if superclass == cls else f" via {_short(cls)}"
            found[individual].setdefault(superclass, f"{_short(superclass)} ({why}{via})")

    for subject, predicate, obj in data:
        if predicate == RDF.type:
            add(subject, obj, "asserted")
            continue
        for prop in ontology.transitive_objects(predicate, RDFS.subPropertyOf):
            for domain in ontology.objects(prop, RDFS.domain):
                add(subject, domain, f"domain of {_short(predicate)}")
            if isinstance(obj, URIRef | BNode):
                for range_ in ontology.objects(prop, RDFS.range):
                    add(obj, range_, f"range of {_short(predicate)}")
    return found


def _disjoint_pairs(ontology: Graph) -> list[tuple[Node, Node]]:
    """Every pair of named classes declared disjoint, by owl:disjointWith or owl:AllDisjointClasses."""
    pairs: set[tuple[Node, Node]] = set(ontology.subject_objects(OWL.disjointWith))
    for group in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = ontology.value(group, OWL.members)
        if members is not None:
            pairs.update((a, b) for a, b in combinations(Collection(ontology, members), 2))
    return sorted(pairs, key=str)


def _short(iri: Node) -> str:
    """``al:Person`` rather than the full IRI, for readable messages."""
    for prefix, namespace in PREFIXES.items():
        if str(iri).startswith(namespace):
            return f"{prefix}:{str(iri)[len(namespace) :]}"
    return str(iri)
