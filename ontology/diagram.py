"""A Mermaid class diagram of the ontology, generated from the Turtle so the documentation cannot drift.

``python -m allegiance.ontology.diagram docs/ontology.md`` rewrites the diagram between the marker comments in
that file; without an argument it prints the diagram. A test fails when the documented diagram is stale.

The diagram shows the al: classes with their datatype properties, subclass arrows between al: classes, and an
arrow for each al: object property from its domain to its range (properties sharing both ends share an arrow).
External superclasses (prov:Agent, org:Post, …) are left out to keep it readable, unless an arrow already
shows them; the documentation lists them.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode, Graph, Node
from rdflib.collection import Collection

from allegiance.namespaces import OWL, PREFIXES, RDF, RDFS, Al
from allegiance.ontology import graph

__all__ = ["BEGIN", "END", "embed", "mermaid"]

BEGIN = "<!-- BEGIN GENERATED DIAGRAM: python -m allegiance.ontology.diagram docs/ontology.md -->"
END = "<!-- END GENERATED DIAGRAM -->"


def mermaid(ontology: Graph | None = None) -> str:
    """The ``classDiagram`` source, lines sorted so that the output changes only when the ontology does."""
    g = ontology if ontology is not None else graph()
    lines = []
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for prop in _own(g.subjects(RDF.type, OWL.ObjectProperty)):
        for domain in _members(g, RDFS.domain, prop):
            for range_ in _members(g, RDFS.range, prop):
                edges[_name(domain), _name(range_)].append(_name(prop))
    for (domain_name, range_name), props in edges.items():
        lines.append(f"{domain_name} --> {range_name} : {', '.join(sorted(props))}")
    on_diagram = {name for edge in edges for name in edge}
    for cls in _own(g.subjects(RDF.type, OWL.Class)):
        lines.append(f"class {_name(cls)}")
        for superclass in g.objects(cls, RDFS.subClassOf):
            if _is_own(superclass) or _name(superclass) in on_diagram:  # e.g. Role <|-- skos_Concept
                lines.append(f"{_name(superclass)} <|-- {_name(cls)}")
    for prop in _own(g.subjects(RDF.type, OWL.DatatypeProperty)):
        for domain in _members(g, RDFS.domain, prop):
            lines.append(f"{_name(domain)} : +{_name(prop)}")
    return "classDiagram\n" + "".join(f"    {line}\n" for line in sorted(set(lines)))


def embed(document: str, diagram: str | None = None) -> str:
    """``document`` with the text between the markers replaced by the current diagram in a mermaid fence."""
    start, end = document.index(BEGIN) + len(BEGIN), document.index(END)
    block = "\n```mermaid\n" + (diagram if diagram is not None else mermaid()) + "```\n"
    return document[:start] + block + document[end:]


def _is_own(node: Node) -> bool:
    return str(node).startswith(Al.base)


def _own(nodes: Iterable[Node]) -> list[Node]:
    """Only our terms, in a stable order."""
    return sorted(filter(_is_own, nodes), key=str)


def _members(g: Graph, predicate: Node, prop: Node) -> list[Node]:
    """The named classes a domain or range stands for, spelling out an owl:unionOf."""
    found: list[Node] = []
    for value in g.objects(prop, predicate):
        union = g.value(value, OWL.unionOf) if isinstance(value, BNode) else None
        found.extend(Collection(g, union) if union is not None else [value])
    return found


def _name(iri: Node) -> str:
    """A Mermaid identifier: the local name for al: terms, ``prefix_Local`` for others (``skos_Concept``)."""
    for prefix, namespace in PREFIXES.items():
        if str(iri).startswith(namespace):
            local = str(iri)[len(namespace) :]
            return local if prefix == "al" else f"{prefix}_{local}"
    raise ValueError(f"no prefix for {iri}; add it to allegiance.namespaces.PREFIXES")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        path = Path(sys.argv[1])
        path.write_text(embed(path.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        print(mermaid(), end="")
