"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/rdf-graphs/service`` (indirect identification).

Reading is always on: ``?graph=IRI`` is one document's graph (or the ontology, reference actors, curation), and
``?default`` is the default graph, the union of all of them. Writing (PUT, POST, DELETE) needs the update token
and goes through ``Store.replace_graph`` / ``remove_graph``, so the union stays right. Two consequences of the
store's design: the default graph cannot be written (it is derived), and blank nodes in uploads are replaced
by skolem IRIs (``.well-known/genid/``), because every node the store holds has an IRI.

Uploads are parsed by pyoxigraph, which does not fetch anything. Its RDF/XML parser does expand internal DTD
entities, so XML with a DOCTYPE is refused outright: that stops entity-expansion bombs and external entities.
"""

from __future__ import annotations

import uuid

import pyoxigraph as ox
from flask import Blueprint, Response, request

from allegiance.endpoint import formats
from allegiance.endpoint.publishing import withheld, without, write
from allegiance.endpoint.service import HttpError, service
from allegiance.endpoint.streaming import stream

blueprint = Blueprint("graphstore", __name__)

READ_METHODS = ["GET", "HEAD"]


def _target() -> str | None:
    """The graph IRI the request names, or None for the default graph; exactly one of the two."""
    has_default = "default" in request.args
    graphs = request.args.getlist("graph")
    if has_default == bool(graphs) or len(graphs) > 1 or set(request.args) - {"graph", "default"}:
        raise HttpError(400, "name exactly one graph: ?graph=<IRI> or ?default")
    if has_default:
        return None
    try:
        return ox.NamedNode(graphs[0]).value
    except ValueError as error:
        raise HttpError(400, f"graph: {error}") from None


@blueprint.route("/rdf-graphs/service", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
def graph_store() -> Response:
    graph = _target()
    if request.method in READ_METHODS:
        return _read(graph)
    if graph is None:
        raise HttpError(
            405,
            "the default graph is the union of the named graphs and cannot be written; write a named graph",
            {"Allow": ", ".join(READ_METHODS)},
        )
    current = service()
    current.require_write_access()
    if request.method == "DELETE":
        if not current.store.remove_graph(graph):
            raise HttpError(404, f"no graph <{graph}> in this store")
        return Response(status=204)
    triples = parse_upload(graph)
    existed = current.store.has_graph(graph)
    if request.method == "POST" and existed:
        triples = list(current.store.triples(graph)) + triples
    current.store.replace_graph(graph, triples)
    return Response(status=204 if existed else 201)


def _read(graph: str | None) -> Response:
    current = service()
    if graph is not None and not current.store.has_graph(graph):
        raise HttpError(404, f"no graph <{graph}> in this store")
    try:
        fmt = formats.negotiate(request.headers.get("Accept"), formats.GRAPH_FORMATS)
    except formats.NotAcceptable as error:
        raise HttpError(406, str(error)) from None
    headers = {"Vary": "Accept"}
    if request.method == "HEAD":
        return Response(content_type=fmt.content_type, headers=headers)
    rdf_format = formats.RDF_FORMATS[fmt]
    triples = without(current.store.triples(graph), withheld(current.settings))
    if rdf_format == ox.RdfFormat.JSON_LD and graph is not None:  # compacted, read whole: a graph is bounded
        return Response(write(list(triples), fmt), content_type=fmt.content_type, headers=headers)
    body = stream(
        lambda out: ox.serialize(triples, out, format=rdf_format, prefixes=formats.prefixes_for(rdf_format))
    )
    return Response(body, content_type=fmt.content_type, headers=headers)


def parse_upload(graph: str) -> list[ox.Triple]:
    """Parse a request body as RDF of its declared media type, refusing DTDs and naming blank nodes."""
    rdf_format = next(
        (
            rdf
            for fmt, rdf in formats.RDF_FORMATS.items()
            if request.mimetype in (fmt.media_type, *fmt.aliases)
        ),
        None,
    )
    if rdf_format is None:
        raise HttpError(415, f"cannot read {request.mimetype or 'a body without Content-Type'} as RDF")
    body = request.get_data()
    if rdf_format == ox.RdfFormat.RDF_XML and (b"<!DOCTYPE" in body or b"<!ENTITY" in body):
        raise HttpError(400, "XML with a DOCTYPE or entity declarations is refused (entity expansion, XXE)")
    try:
        quads = list(ox.parse(body, format=rdf_format, base_iri=graph))
    except (SyntaxError, ValueError) as error:
        raise HttpError(400, f"cannot parse the body as {rdf_format.name}: {error}") from None
    return skolemise([quad.triple for quad in quads], service().settings.base_iri)


def skolemise(triples: list[ox.Triple], base_iri: str) -> list[ox.Triple]:
    """Replace blank nodes by fresh skolem IRIs (RDF 1.1, section 3.5), the same IRI for the same node."""
    names: dict[str, ox.NamedNode] = {}

    def named(
        term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple,
    ) -> ox.NamedNode | ox.Literal | ox.Triple:
        if isinstance(term, ox.BlankNode):
            if term.value not in names:
                names[term.value] = ox.NamedNode(f"{base_iri}.well-known/genid/{uuid.uuid4().hex}")
            return names[term.value]
        return term

    return [ox.Triple(named(t.subject), t.predicate, named(t.object)) for t in triples]  # type: ignore[arg-type]
