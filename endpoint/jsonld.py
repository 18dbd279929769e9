"""JSON-LD that people can read: compacted against one published ``@context``.

pyoxigraph writes expanded JSON-LD, where every key is a full IRI and every value an object; correct, but a
reader cannot tell a label from a date at a glance. The server publishes one context at ``<base>context.jsonld``
(served at ``/context.jsonld``), and the JSON-LD documents it writes for people and programs (the twins of the
pages, one document's graph from the Graph Store, the dataset description) are compacted against it and refer
to it by that URL, as schema.org's documents do, instead of repeating it in every document.

The context is generated from the ontology, so it cannot drift from it: our prefixes, and one term per property
the ontology declares, named by its local name (``backs``, ``beginIndex``), with ``"@type": "@id"`` for object
properties and the declared XSD datatype for datatype properties. When two vocabularies use the same local name
(``org:memberOf``, ``al:memberOf``) the ontology's own property (``al:``) gets the term and the other keeps its
prefixed name. A value the term does not fit (a literal where an IRI was declared, another datatype) is written
with its prefixed name, so compaction never changes what a document says.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Any

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, XSD, URIRef

from allegiance import ontology
from allegiance.namespaces import PREFIXES, Al
from allegiance.rdflib_bridge import rdflib_graph

PATH = "context.jsonld"
"""Where the context lives, under the base IRI and under this server's root."""


def _local(iri: str) -> tuple[str, str] | None:
    """(prefix, local name) of an IRI in one of our namespaces, or None."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and iri[len(namespace) :].isidentifier():
            return prefix, iri[len(namespace) :]
    return None


@cache
def context() -> dict[str, Any]:
    """The context: our prefixes, then a term per object and datatype property of the ontology."""
    source = ontology.graph()
    terms: dict[str, Any] = dict(PREFIXES)
    own = Al.base
    properties = sorted(
        (str(p), kind)
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for p in source.subjects(RDF.type, kind)
        if isinstance(p, URIRef)
    )
    # the ontology's own properties first, so that they win a shared local name
    for iri, kind in sorted(properties, key=lambda pair: (not pair[0].startswith(own), pair[0])):
        named = _local(iri)
        if named is None or named[1] in terms:
            continue
        prefix, name = named
        definition: dict[str, str] = {"@id": f"{prefix}:{name}"}
        if kind == OWL.ObjectProperty:
            definition["@type"] = "@id"
        else:
            ranges = [r for r in source.objects(URIRef(iri), RDFS.range) if str(r).startswith(str(XSD))]
            if len(ranges) == 1 and ranges[0] != XSD.string:
                definition["@type"] = f"xsd:{str(ranges[0]).removeprefix(str(XSD))}"
        terms[name] = definition
    return {"@context": terms}


def context_document() -> bytes:
    return json.dumps(context(), indent=2, sort_keys=True).encode()


def compact(triples: Iterable[ox.Triple], url: str) -> bytes:
    """The triples as JSON-LD compacted against the context, which the document names by ``url``."""
    graph = rdflib_graph(triples)
    document = json.loads(graph.serialize(format="json-ld", context=context()["@context"], auto_compact=True))
    if isinstance(document, dict):
        document["@context"] = url
    else:  # an empty graph compacts to an empty list
        document = {"@context": url, "@graph": document}
    return json.dumps(document, indent=1, ensure_ascii=False).encode()
