"""The shapes compiled to SPARQL that pyoxigraph answers: which focus nodes violate which shape.

pyshacl is pure Python: it spent about 65 ms of CPU on a typical document, two thirds of what spaCy spends
parsing it, and held ingest below 0.6 of a bare spaCy parse. Compiled, the same shapes are about a hundred small
queries, one per constraint, evaluated in Rust over an in-memory copy of the data graph (docs/validation.md has
the figures). pyshacl stays the reference: a graph the queries find fault with is validated again by pyshacl,
whose report people read (:func:`~allegiance.shapes.validate.validate_ntriples`). ``tests/test_shapes.py``
checks that both find the same (focus node, shape) pairs on every known-bad graph and on random damage to a
good one.

Only the parts of SHACL the shapes use are compiled, and a shape that uses any other part is refused when the
shapes are compiled, so a new kind of constraint cannot be skipped in silence. Each constraint becomes a
condition on one value that holds when the value is fine; a condition that raises a SPARQL error counts as a
violation, as in SHACL (``COALESCE(…, false)``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from allegiance.namespaces import Rdf, Rdfs

__all__ = ["CompiledShapes", "UnsupportedShape", "Violation", "compile_shapes"]

_FOCUS = "urn:allegiance:shacl:focus:"
"""``<shape> focus:on ?this``: marks the focus nodes of a shape (literals too, hence the shape as subject)."""
_INSTANCE = "urn:allegiance:shacl:instance:"
"""``instance:of``: marks the instances of a class and of its superclasses (SHACL's ``rdf:type/rdfs:subClassOf*``)."""
_FOCUS_ON, _INSTANCE_OF = ox.NamedNode(f"{_FOCUS}on"), ox.NamedNode(f"{_INSTANCE}of")
_TYPE, _SUBCLASS = Rdf.type.node, Rdfs.subClassOf.node
_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class Violation:
    """A focus node that does not conform to a shape (the shape's IRI)."""

    focus: _Term
    shape: str


class UnsupportedShape(ValueError):
    """A shape uses a part of SHACL this compiler does not know; pyshacl alone can check it."""


@dataclass(frozen=True)
class _Check:
    """One constraint of one shape: a query for the focus nodes (``?this``) that violate it."""

    shape: str
    query: str


@dataclass(frozen=True)
class CompiledShapes:
    """Shapes compiled to queries, and their targets, which are found in Python (see :meth:`_mark`).

    Parsing is most of what oxigraph spends on a query over one document, and targets are the longest part of
    a shape (``shape:Actor`` has 37); one big query of all constraints took longer to parse than to answer
    ten times over. Written into the data as ``<shape> focus:on ?this``, once per document, targets cost each
    query a single triple pattern.
    """

    targets: dict[str, tuple[tuple[URIRef, str], ...]]
    checks: tuple[_Check, ...]

    def violations(self, data: ox.Store) -> set[Violation]:
        """Every (focus node, shape) pair that violates the shapes in the default graph of ``data``.

        ``data`` must hold the class hierarchy, as pyshacl's data graph does: ``sh:class`` and
        ``sh:targetClass`` follow ``rdfs:subClassOf``. Marks are added to ``data``: use a scratch store.
        """
        self._mark(data)
        found: set[Violation] = set()
        for check in self.checks:
            solutions = data.query(check.query)
            assert isinstance(solutions, ox.QuerySolutions)
            found.update(Violation(row[0], check.shape) for row in solutions)
        return found

    def _mark(self, data: ox.Store) -> None:
        """Add the instances of every class (``instance:of``, through subclasses) and the focus nodes of every
        shape (``focus:on``) to ``data``."""
        supers: dict[_Term, set[_Term]] = {}
        for sub, _, sup, _ in data.quads_for_pattern(None, _SUBCLASS, None):
            supers.setdefault(sub, set()).add(sup)
        closure: dict[_Term, set[_Term]] = {}

        def above(cls: _Term) -> set[_Term]:
            if cls not in closure:
                closure[cls] = {cls}  # a cycle of subclasses ends here
                closure[cls] = {cls}.union(*(above(sup) for sup in supers.get(cls, ())))
            return closure[cls]

        data.extend(
            [
                ox.Quad(node, _INSTANCE_OF, cls)
                for node, _, direct, _ in data.quads_for_pattern(None, _TYPE, None)
                for cls in above(direct)
            ]
        )
        data.extend(
            [
                ox.Quad(ox.NamedNode(shape), _FOCUS_ON, node)
                for shape, targets in self.targets.items()
                for kind, argument in targets
                for node in _focus_nodes(data, kind, ox.NamedNode(argument))
            ]
        )


def _focus_nodes(data: ox.Store, kind: URIRef, argument: ox.NamedNode) -> Iterator[_Term]:
    """The nodes of ``data`` that one target (``sh:targetClass`` and so on) selects."""
    if kind == SH.targetNode:
        yield argument
        return
    predicate, obj = (_INSTANCE_OF, argument) if kind == SH.targetClass else (argument, None)
    for quad in data.quads_for_pattern(None, predicate, obj):
        yield quad.object if kind == SH.targetObjectsOf else quad.subject


@cache
def compile_shapes(shapes: Graph) -> CompiledShapes:
    """The shapes as one query per constraint (compiled once per shapes graph)."""
    declarations = {
        (str(shapes.value(d, SH.prefix)), str(shapes.value(d, SH.namespace)))
        for d in shapes.objects(None, SH.declare)
    } | {("focus", _FOCUS), ("instance", _INSTANCE)}
    prologue = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in sorted(declarations))
    ordered = sorted(_shapes(shapes), key=str)
    return CompiledShapes(
        targets={str(shape): tuple(_targets(shapes, shape)) for shape in ordered},
        checks=tuple(
            _Check(
                str(shape),
                f"{prologue}SELECT DISTINCT ?this WHERE {{ {shape.n3()} focus:on ?this . {branch} }}",
            )
            for shape in ordered
            for branch in _branches(shapes, shape)
        ),
    )


_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)


def _shapes(shapes: Graph) -> set[Node]:
    return {shape for target in _TARGETS for shape in shapes.subjects(target, None)}


def _targets(shapes: Graph, shape: Node) -> Iterator[tuple[URIRef, str]]:
    for kind in _TARGETS:
        for argument in shapes.objects(shape, kind):
            if not isinstance(argument, URIRef):
                raise UnsupportedShape(f"{shape} has a target that is not an IRI: {argument}")
            yield kind, str(argument)


def _branches(shapes: Graph, shape: Node) -> Iterator[str]:
    """One graph pattern per constraint of ``shape``, for the focus nodes (``?this``) that violate it."""
    unknown = {p for p in shapes.predicates(shape, None) if p not in _SHAPE_TERMS}
    unknown |= {cls for cls in shapes.objects(shape, RDF.type) if cls in (RDFS.Class, OWL.Class)}
    if unknown:  # a shape that is also a class targets its instances implicitly: not compiled either
        raise UnsupportedShape(
            f"{shape} uses {sorted(map(str, unknown))}, which shapes/compiled.py cannot compile"
        )
    path = shapes.value(shape, SH.path)
    values = f"?this {_path(shapes, path)} ?value ." if path is not None else "BIND (?this AS ?value)"
    if (least := shapes.value(shape, SH.minCount)) is not None:
        yield (
            f"{{ SELECT ?this WHERE {{ {shape.n3()} focus:on ?this OPTIONAL {{ {values} }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {least.n3()}) }}"
        )
    if (most := shapes.value(shape, SH.maxCount)) is not None:
        yield (
            f"{{ SELECT ?this WHERE {{ {shape.n3()} focus:on ?this . {values} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {most.n3()}) }}"
        )
    for condition in _conditions(shapes, shape):
        yield f"{values} FILTER (!COALESCE({condition}, false))"
    for other in shapes.objects(shape, SH.lessThan):
        yield f"{values} ?this {other.n3()} ?other . FILTER (!COALESCE(?value < ?other, false))"
    for constraint in shapes.objects(shape, SH.sparql):
        yield f"{{ {_select(shapes, constraint)} }}"


def _path(shapes: Graph, path: Node | None) -> str:
    """A SHACL path as a SPARQL property path (predicates, inverse and alternative paths)."""
    if isinstance(path, URIRef):
        return path.n3()
    if isinstance(path, BNode):
        if (inverse := shapes.value(path, SH.inversePath)) is not None:
            return f"^{_path(shapes, inverse)}"
        if (alternatives := shapes.value(path, SH.alternativePath)) is not None:
            return "(" + "|".join(_path(shapes, p) for p in Collection(shapes, alternatives)) + ")"
    raise UnsupportedShape(f"cannot compile the path {path}")


def _datatype(shapes: Graph, shape: Node, datatype: Node) -> str:
    # A literal of the datatype whose lexical form is valid: the cast of an ill-typed literal is an error.
    well_formed = "true" if datatype == XSD.string else f"STRLEN(STR({datatype.n3()}(STR(?value)))) >= 0"
    return f"(isLiteral(?value) && DATATYPE(?value) = {datatype.n3()} && {well_formed})"


def _class(shapes: Graph, shape: Node, cls: Node) -> str:
    return f"EXISTS {{ ?value instance:of {cls.n3()} }}"


def _node_kind(shapes: Graph, shape: Node, kind: Node) -> str:
    tests = {SH.IRI: "isIRI(?value)", SH.Literal: "isLiteral(?value)", SH.BlankNode: "isBlank(?value)"}
    if not isinstance(kind, URIRef) or kind not in tests:
        raise UnsupportedShape(f"cannot compile sh:nodeKind {kind}")
    return tests[kind]


def _in(shapes: Graph, shape: Node, members: Node) -> str:
    return "(" + " || ".join(f"sameTerm(?value, {m.n3()})" for m in Collection(shapes, members)) + ")"


def _pattern(shapes: Graph, shape: Node, pattern: Node) -> str:
    flags = shapes.value(shape, SH.flags)
    arguments = ", ".join(Literal(str(a)).n3() for a in (pattern, flags) if a is not None)
    return f"(!isBlank(?value) && REGEX(STR(?value), {arguments}))"


def _or(shapes: Graph, shape: Node, members: Node) -> str:
    alternatives = []
    for member in Collection(shapes, members):
        extra = set(shapes.predicates(member, None)) - set(_VALUE_CONSTRAINTS) - {RDF.type, SH.flags}
        if extra:
            raise UnsupportedShape(f"sh:or member {member} uses {sorted(map(str, extra))}")
        alternatives.append(" && ".join(("true", *_conditions(shapes, member))))
    return "(" + " || ".join(f"COALESCE({a}, false)" for a in alternatives) + ")"


_VALUE_CONSTRAINTS = {
    SH.datatype: _datatype,
    SH["class"]: _class,
    SH.nodeKind: _node_kind,
    SH["in"]: _in,
    SH.pattern: _pattern,
    SH["or"]: _or,
    SH.minInclusive: lambda shapes, shape, bound: f"?value >= {bound.n3()}",
    SH.maxInclusive: lambda shapes, shape, bound: f"?value <= {bound.n3()}",
    SH.minLength: lambda shapes, shape, n: f"(!isBlank(?value) && STRLEN(STR(?value)) >= {n.n3()})",
}


_SHAPE_TERMS = {
    RDF.type,
    RDFS.comment,
    RDFS.label,
    SH.message,
    SH.path,
    SH.minCount,
    SH.maxCount,
    SH.lessThan,
    SH.sparql,
    SH.flags,
    *_TARGETS,
    *_VALUE_CONSTRAINTS,
}
"""What a shape may say: its targets, message and the constraints compiled here (``rdfs:`` notes for people)."""


def _conditions(shapes: Graph, shape: Node) -> Iterator[str]:
    """What must hold of each value of ``shape``, one SPARQL expression per constraint."""
    for predicate, compile_ in _VALUE_CONSTRAINTS.items():
        for argument in shapes.objects(shape, predicate):
            yield compile_(shapes, shape, argument)


def _select(shapes: Graph, constraint: Node) -> str:
    """An ``sh:sparql`` constraint as a sub-select of ``?this`` (its prefixes are declared by the whole query)."""
    return str(shapes.value(constraint, SH.select)).replace("$this", "?this")
