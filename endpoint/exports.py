"""The alignment network for graph tools (the dumps and the dataset description are in ``publishing``).

The network files are what a network analyst opens in Gephi, networkx or a spreadsheet: one
edge per (source actor, relation kind, target actor), weighted by the number of distinct documents that assert
it, with the first and last date it was reported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree import ElementTree as ET

import pyoxigraph as ox
from flask import Blueprint, Response, request

from allegiance.endpoint.execution import Deadline
from allegiance.endpoint.service import Service, service
from allegiance.namespaces import Al, Kind

blueprint = Blueprint("exports", __name__)


EDGES = """
SELECT ?source ?kind ?target (COUNT(DISTINCT ?doc) AS ?weight) (MIN(?date) AS ?first) (MAX(?date) AS ?last) WHERE {
  ?r a al:Relation ; al:relationType ?kind ; al:sourceActor ?source ; al:targetActor ?target ;
     al:polarity kind:asserted ; al:evidence ?e .
  ?e nif:referenceContext ?doc .
  OPTIONAL { ?r al:date ?date }
  %s
}
GROUP BY ?source ?kind ?target
ORDER BY ?source ?kind ?target
"""
UNREJECTED = "FILTER NOT EXISTS { ?r al:rejectedBy [] }"
"""What leaves out the relations curators rejected, unless ``?_rejected=include`` (docs/curation.md)."""

NODES = """
SELECT ?actor (SAMPLE(?name) AS ?label) (GROUP_CONCAT(DISTINCT ?class; separator=" ") AS ?types) WHERE {
  VALUES ?actor { %s }
  OPTIONAL { ?actor rdfs:label ?name }
  OPTIONAL { ?actor a ?class FILTER(STRSTARTS(STR(?class), STR(al:))) }
}
GROUP BY ?actor
"""


@dataclass(frozen=True)
class Edge:
    source: str
    kind: str
    target: str
    weight: int
    first: str
    last: str


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    types: str


def network(current: Service, deadline: Deadline, *, rejected: bool = False) -> tuple[list[Node], list[Edge]]:
    """The aggregated alignment edges and the actors they connect, with labels and ontology types; the relations
    curators rejected count only with ``rejected``."""
    solutions = current.store.query(EDGES % ("" if rejected else UNREJECTED))
    assert isinstance(solutions, ox.QuerySolutions)
    deadline.check()
    edges = [
        Edge(
            row["source"].value,
            row["kind"].value.removeprefix(Kind.base),
            row["target"].value,
            int(row["weight"].value),
            row["first"].value if row["first"] is not None else "",
            row["last"].value if row["last"] is not None else "",
        )
        for row in solutions
    ]
    actors = sorted({e.source for e in edges} | {e.target for e in edges})
    if not actors:
        return [], edges
    values = " ".join(str(ox.NamedNode(actor)) for actor in actors)
    rows = current.store.query(NODES % values)
    assert isinstance(rows, ox.QuerySolutions)
    nodes = [
        Node(
            row["actor"].value,
            row["label"].value if row["label"] is not None else row["actor"].value,
            " ".join(t.removeprefix(Al.base) for t in sorted((row["types"] or ox.Literal("")).value.split())),
        )
        for row in rows
    ]
    return sorted(nodes, key=lambda n: n.id), edges


def edge_csv(nodes: list[Node], edges: list[Edge]) -> tuple[bytes, str]:
    labels = {n.id: n.label for n in nodes}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "source_label", "kind", "target", "target_label", "weight", "first", "last"])
    for e in edges:
        writer.writerow(
            [e.source, labels[e.source], e.kind, e.target, labels[e.target], e.weight, e.first, e.last]
        )
    return out.getvalue().encode(), "text/csv; charset=utf-8"


def graphml(nodes: list[Node], edges: list[Edge]) -> tuple[bytes, str]:
    ns = "http://graphml.graphdrawing.org/xmlns"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}graphml")
    keys = [
        ("label", "node", "string"),
        ("types", "node", "string"),
        ("kind", "edge", "string"),
        ("weight", "edge", "int"),
        ("first", "edge", "string"),
        ("last", "edge", "string"),
    ]
    for name, domain, kind in keys:
        ET.SubElement(root, f"{{{ns}}}key", {"id": name, "for": domain, "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, f"{{{ns}}}graph", {"id": "alignments", "edgedefault": "directed"})
    for n in nodes:
        element = ET.SubElement(graph, f"{{{ns}}}node", {"id": n.id})
        for key, value in (("label", n.label), ("types", n.types)):
            ET.SubElement(element, f"{{{ns}}}data", {"key": key}).text = value
    for index, e in enumerate(edges):
        element = ET.SubElement(
            graph, f"{{{ns}}}edge", {"id": f"e{index}", "source": e.source, "target": e.target}
        )
        for key, value in (("kind", e.kind), ("weight", str(e.weight)), ("first", e.first), ("last", e.last)):
            ET.SubElement(element, f"{{{ns}}}data", {"key": key}).text = value
    return ET.tostring(root, encoding="utf-8", xml_declaration=True), "application/graphml+xml; charset=utf-8"


def gexf(nodes: list[Node], edges: list[Edge]) -> tuple[bytes, str]:
    ns = "http://gexf.net/1.3"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}gexf", {"version": "1.3"})
    graph = ET.SubElement(root, f"{{{ns}}}graph", {"defaultedgetype": "directed", "mode": "static"})
    node_attributes = ET.SubElement(graph, f"{{{ns}}}attributes", {"class": "node"})
    ET.SubElement(node_attributes, f"{{{ns}}}attribute", {"id": "types", "title": "types", "type": "string"})
    edge_attributes = ET.SubElement(graph, f"{{{ns}}}attributes", {"class": "edge"})
    for name in ("first", "last"):
        ET.SubElement(edge_attributes, f"{{{ns}}}attribute", {"id": name, "title": name, "type": "string"})
    node_list = ET.SubElement(graph, f"{{{ns}}}nodes")
    for n in nodes:
        element = ET.SubElement(node_list, f"{{{ns}}}node", {"id": n.id, "label": n.label})
        values = ET.SubElement(element, f"{{{ns}}}attvalues")
        ET.SubElement(values, f"{{{ns}}}attvalue", {"for": "types", "value": n.types})
    edge_list = ET.SubElement(graph, f"{{{ns}}}edges")
    for index, e in enumerate(edges):
        element = ET.SubElement(
            edge_list,
            f"{{{ns}}}edge",
            {
                "id": f"e{index}",
                "source": e.source,
                "target": e.target,
                "label": e.kind,
                "kind": e.kind,
                "weight": str(e.weight),
            },
        )
        values = ET.SubElement(element, f"{{{ns}}}attvalues")
        for key, value in (("first", e.first), ("last", e.last)):
            ET.SubElement(values, f"{{{ns}}}attvalue", {"for": key, "value": value})
    return ET.tostring(root, encoding="utf-8", xml_declaration=True), "application/gexf+xml; charset=utf-8"


WRITERS: dict[str, Callable[[list[Node], list[Edge]], tuple[bytes, str]]] = {
    "csv": edge_csv,
    "graphml": graphml,
    "gexf": gexf,
}


@blueprint.route("/export/network.<any(csv, graphml, gexf):extension>")
def alignment_network(extension: str) -> Response:
    """The alignment network as an edge list (CSV), GraphML or GEXF."""
    current = service()
    rejected = request.args.get("_rejected") == "include"
    nodes, edges = current.runner.run(lambda deadline: network(current, deadline, rejected=rejected))
    body, content_type = WRITERS[extension](nodes, edges)
    return Response(
        body,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="allegiance-network.{extension}"'},
    )
