"""Validate graphs against the shapes: one document at the door of the store, or everything already stored.

What a graph is validated with, and why:

* the shapes (``shapes.ttl``), parsed once per process;
* the ontology's class hierarchy (subclass axioms and the classes of its named individuals), so that
  ``sh:class al:Actor`` accepts an ``al:Militia`` and ``sh:class al:Role`` accepts ``kind:spokesperson``;
* what the *other* graphs of the store say about the nodes this graph points to (their types, labels and
  Wikidata links): the reference actors, curated actors and actors earlier documents introduced. Only those
  nodes are looked up, by IRI, so the cost of validating a document does not grow with the store
  (docs/validation.md has the figures).

The shapes compiled to SPARQL (``shapes/compiled.py``) decide whether a graph conforms; pyshacl writes the report
of one that does not. The data graph given to pyshacl answers SPARQL with pyoxigraph (:class:`_OxigraphQueries`);
the figures that led to that, and to the layout of the shapes, are in docs/validation.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pyshacl import validate as pyshacl_validate
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.query import Result
from rdflib.term import Node

from allegiance.iris import CURATION_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, Minter
from allegiance.namespaces import DCTERMS, OWL, PREFIXES, RDF, RDFS, Al, Rdf, Rdfs
from allegiance.rdflib_bridge import ox_term, ox_triples, rdflib_term
from allegiance.shapes.compiled import Violation, compile_shapes
from allegiance.store import GraphStore

__all__ = [
    "FACTS",
    "Finding",
    "Verdict",
    "class_hierarchy",
    "combined_report",
    "door_ntriples",
    "pyshacl_verdict",
    "quarantine",
    "referenced_ntriples",
    "shapes_graph",
    "unvalidated_graphs",
    "validate_ntriples",
    "validate_store",
    "violations",
]

SHAPES = "shapes.ttl"
FACTS = (Rdf.type, Rdfs.label, Al.wikidata)
"""What another graph may say about a node that this graph's shapes look at."""
_TYPE = Rdf.type.node


@cache
def shapes_graph() -> Graph:
    """The shapes, parsed once (callers must not modify the graph)."""
    return Graph().parse(
        data=files(__package__).joinpath(SHAPES).read_text(encoding="utf-8"), format="turtle"
    )


@cache
def class_hierarchy() -> Graph:
    """The part of the ontology the shapes need: named subclass axioms, and the classes of named individuals.

    The whole ontology (~940 triples, mostly labels and comments) would be copied into every data graph for
    nothing; these ~120 triples are all that ``sh:class`` and ``sh:targetClass`` read.
    """
    from allegiance import ontology

    source = ontology.graph()
    classes = set(source.subjects(RDF.type, OWL.Class))
    hierarchy = Graph()
    for subject, predicate, obj in source:
        if not (isinstance(subject, URIRef) and isinstance(obj, URIRef)):
            continue
        if predicate == RDFS.subClassOf or (predicate == RDF.type and obj in classes):
            hierarchy.add((subject, predicate, obj))
    return hierarchy


class _OxigraphQueries(Graph):
    """An rdflib graph whose SPARQL queries pyoxigraph answers, over a copy made at the first query.

    pyshacl evaluates ``sh:sparql`` constraints with ``Graph.query``; rdflib parses the text again for every
    focus node (about 37 ms each) and evaluates slowly, which made the span checks most of the cost of
    validating a document. pyshacl does not modify the data graph while validating without rules, so the copy
    stays exact. Oxigraph reads integer offsets as ``xsd:integer`` whatever their declared integer type, as the
    store does, and the span checks accept both.
    """

    _mirror: ox.Store | None = None

    def query(
        self, query_object: Any, *args: Any, initBindings: Mapping[str, Node] | None = None, **kwargs: Any
    ) -> Any:
        if self._mirror is None:
            self._mirror = ox.Store()
            self._mirror.extend(ox.Quad(t.subject, t.predicate, t.object) for t in ox_triples(self))
        substitutions = {ox.Variable(name): ox_term(term) for name, term in (initBindings or {}).items()}
        solutions = self._mirror.query(str(query_object), substitutions=substitutions or None)  # type: ignore[arg-type]
        assert isinstance(solutions, ox.QuerySolutions), "shapes use SELECT queries only"
        result = Result("SELECT")
        result.vars = [Variable(v.value) for v in solutions.variables]
        result.bindings = [
            {
                var: rdflib_term(value)
                for var, value in zip(result.vars, row, strict=True)
                if value is not None
            }
            for row in solutions
        ]
        return result


@dataclass(frozen=True)
class Finding:
    """One validation result, in the words printed to a person."""

    focus: str
    path: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}".rstrip()
        said = self.value in (self.focus, "") or self.value.strip("<>") in self.message
        return f"{where}: {self.message}" + ("" if said else f" (value: {self.value})")


@dataclass(frozen=True)
class Verdict:
    """Whether one named graph conforms, the ``sh:ValidationReport`` that says so, and its results in words."""

    graph: str
    conforms: bool
    report: Graph
    findings: tuple[Finding, ...]

    def summary(self) -> str:
        """One line: the graph and its first problem, for a batch's log."""
        if self.conforms:
            return f"{self.graph} conforms"
        more = f" (and {len(self.findings) - 1} more)" if len(self.findings) > 1 else ""
        return f"{self.graph} does not conform: {self.findings[0]}{more}"

    def lines(self) -> Iterator[str]:
        """The graph, then every problem on a line of its own."""
        if self.conforms:
            yield f"{self.graph}: conforms"
            return
        yield f"{self.graph}: {len(self.findings)} problem{'s' if len(self.findings) != 1 else ''}"
        for finding in self.findings:
            yield f"  - {finding}"


def validate_ntriples(name: str, text: bytes) -> Verdict:
    """Validate a graph and its context given as N-Triples, the form in which they travel from the store.

    The compiled shapes decide (:func:`violations`, about three times cheaper); only a graph they find fault
    with is validated again by pyshacl, whose report and messages people read.
    """
    if not violations(text):
        return Verdict(name, True, _report(set()), ())
    return pyshacl_verdict(name, text)


def violations(text: bytes) -> set[Violation]:
    """The (focus node, shape) pairs the compiled shapes (``shapes/compiled.py``) find in a graph and its
    context, given as N-Triples, with the class hierarchy."""
    scratch = ox.Store()
    scratch.load(text, format=ox.RdfFormat.N_TRIPLES)
    scratch.extend(_hierarchy_quads())
    return compile_shapes(shapes_graph()).violations(scratch)


def pyshacl_verdict(name: str, text: bytes) -> Verdict:
    """pyshacl's verdict and report on a graph and its context, given as N-Triples, with the class hierarchy:
    the reference the compiled shapes are tested against."""
    data = _OxigraphQueries()
    data.parse(data=text, format="nt")
    data += class_hierarchy()
    try:
        conforms, report, _ = pyshacl_validate(
            data, shacl_graph=shapes_graph(), inference="none", inplace=True
        )
    except ReportableRuntimeError:  # pyshacl gives up on some malformed data: a blank node for sh:lessThan
        report = _report(violations(text))
        conforms = False
    assert isinstance(report, Graph)
    return Verdict(name, bool(conforms), report, _findings(report))


def _report(found: set[Violation]) -> Graph:
    """A validation report of what the compiled shapes found: each focus node, its shape and the shape's
    message (no path or value, which only pyshacl reports)."""
    report = Graph()
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(not found)))
    for violation in found:
        result, shape = BNode(), URIRef(violation.shape)
        report.add((node, SH.result, result))
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.focusNode, rdflib_term(violation.focus)))
        report.add((result, SH.sourceShape, shape))
        report.add((result, SH.resultSeverity, SH.Violation))
        for message in shapes_graph().objects(shape, SH.message):
            report.add((result, SH.resultMessage, message))
    return report


@cache
def _hierarchy_quads() -> tuple[ox.Quad, ...]:
    return tuple(ox.Quad(t.subject, t.predicate, t.object) for t in ox_triples(class_hierarchy()))


def referenced_ntriples(
    store: GraphStore, name: str, triples: Sequence[ox.Triple], *, skip: Iterable[str] = ()
) -> bytes:
    """What the store's other graphs say (types, labels, Wikidata links) about the nodes ``triples`` point to,
    as N-Triples, the form in which it travels to a validating process.

    Looked up by IRI, so the cost grows with the document, not with the store. The graph ``name`` itself is
    left out, so that a new version of a document is validated as the store will hold it once it replaces the
    old one; so are the graphs in ``skip`` (see :func:`unvalidated_graphs`).
    """
    classes = {t.object for t in triples if t.predicate == _TYPE}
    nodes = {
        term
        for triple in triples
        for term in (triple.subject, triple.object)
        if isinstance(term, ox.NamedNode) and term not in classes and not term.value.startswith(name)
    }
    if not nodes:
        return b""
    excluded = ", ".join(f"<{graph_name}>" for graph_name in (name, *skip, *store.internal_graphs))
    ordered = sorted(nodes, key=str)
    found = b""
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        pairs = " ".join(f"({node} <{p}>)" for node in ordered[start : start + LOOKUP_CHUNK] for p in FACTS)
        answer = store.query(  # one VALUES of pairs: oxigraph joins two VALUES blocks ~7 times slower
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES (?s ?p) {{ {pairs} }} "
            f"GRAPH ?g {{ ?s ?p ?o }} FILTER (?g NOT IN ({excluded})) }}"
        )
        assert isinstance(answer, ox.QueryTriples)
        found += ox.serialize(answer, format=ox.RdfFormat.N_TRIPLES) or b""
    return found


LOOKUP_CHUNK = 200
"""Nodes per look-up: a document has a few hundred, but the reference graph has thousands, and Virtuoso refuses
a VALUES block that compiles to more than 10,000 lines of SQL (and the endpoint, queries over 256 Ki
characters)."""


def unvalidated_graphs(base_iri: str) -> tuple[str, str]:
    """The graphs that are not data: the ontology (the schema itself) and ``inferred`` (derived by ``reason``)."""
    minter = Minter(base_iri)
    return minter.graph(ONTOLOGY_GRAPH), minter.graph(INFERRED_GRAPH)


def door_ntriples(
    store: GraphStore, name: str, triples: Sequence[ox.Triple], *, skip: Iterable[str]
) -> bytes:
    """A document's graph, then what the store's other graphs say of its nodes, as one N-Triples text: what
    :func:`validate_ntriples` reads, here or in the validating process (``shapes/door.py``)."""
    graph = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return graph + referenced_ntriples(store, name, triples, skip=skip)


def validate_store(store: GraphStore, base_iri: str, *, only: str | None = None) -> Iterator[Verdict]:
    """Validate the stored named graphs one at a time (or only the graph ``only``), each like a new document.

    One graph is in memory at a time, so checking a large store needs the memory of its largest document, and
    a problem is reported against the graph (the document) that holds it. The ontology and the inferred
    graph are not data and are skipped. So is the curation graph, which is no document: it holds corrections
    and fragments of the nodes they correct (a rejection's mark, a decided kind), which the shapes of a
    document's nodes would find incomplete; the graphs a correction changes are checked as it leaves them, and
    what the curation graph says of the actors they use is looked up with them.
    """
    skipped = unvalidated_graphs(base_iri)
    if only is not None and not store.has_graph(only):
        raise ValueError(f"the store has no graph named {only}; `allegiance query` lists documents")
    curation = Minter(base_iri).graph(CURATION_GRAPH)
    names = [only] if only is not None else [n for n in store.graph_names() if n not in (*skipped, curation)]
    for name in names:
        yield validate_ntriples(name, door_ntriples(store, name, list(store.triples(name)), skip=skipped))


def combined_report(verdicts: Iterable[Verdict]) -> Graph:
    """One ``sh:ValidationReport`` for many graphs; each result names its graph with ``dcterms:source``."""
    combined = Graph()
    for prefix, namespace in PREFIXES.items():
        combined.bind(prefix, namespace)
    combined.bind("sh", str(SH))
    node = BNode()
    conforms = True
    for verdict in verdicts:
        conforms = conforms and verdict.conforms
        for result in verdict.report.objects(None, SH.result):
            combined.add((node, SH.result, result))
            combined.add((result, DCTERMS.source, URIRef(verdict.graph)))
        for triple in verdict.report:
            if triple[1] != SH.result and triple[2] != SH.ValidationReport and triple[1] != SH.conforms:
                combined.add(triple)
    combined.add((node, RDF.type, SH.ValidationReport))
    combined.add((node, SH.conforms, Literal(conforms)))
    return combined


def quarantine(folder: Path, verdict: Verdict, trig: str) -> Path:
    """Keep a rejected document graph (TriG) and its validation report (Turtle) side by side for inspection.

    Files are named after the document's IRI (its last path segment, a digest), so re-ingesting the same
    document overwrites its earlier quarantine rather than piling up copies. Returns the path without suffix.
    """
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / verdict.graph.rstrip("/").rsplit("/", 1)[-1]
    Path(f"{stem}.trig").write_text(trig, encoding="utf-8")
    combined_report([verdict]).serialize(f"{stem}.report.ttl", format="turtle")
    return stem


def _findings(report: Graph) -> tuple[Finding, ...]:
    """The report's results as findings, sorted by node so that a document's problems read in order."""
    names = Graph()
    for prefix, namespace in PREFIXES.items():
        names.bind(prefix, namespace)

    def show(term: Node | None) -> str:
        if term is None:
            return ""
        if isinstance(term, Literal):
            return repr(str(term)) if len(str(term)) <= 80 else repr(str(term)[:77] + "...")
        if isinstance(term, URIRef):
            return term.n3(names.namespace_manager)
        return _path(report, term, show)

    found = []
    for result in report.objects(None, SH.result):
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        found.append(
            Finding(
                focus=show(report.value(result, SH.focusNode)),
                path=show(report.value(result, SH.resultPath)),
                value=show(report.value(result, SH.value)),
                message=" ".join(" ".join(messages).split()),
            )
        )
    return tuple(sorted(found, key=lambda f: (f.focus, f.path, f.message, f.value)))


def _path(report: Graph, node: Node, show: Any) -> str:
    """A blank-node SHACL path as SPARQL writes it (``^org:holds``, ``al:asserts|al:denies``)."""
    if (inverse := report.value(node, SH.inversePath)) is not None:
        return f"^{show(inverse)}"
    if (alternatives := report.value(node, SH.alternativePath)) is not None:
        return "|".join(show(member) for member in Collection(report, alternatives))
    return str(node)
