"""What the server publishes about its dataset and on which terms: the deployer's licence, whether the articles'
full texts go out, the JSON-LD context, the VoID and DCAT description, and the whole-graph dumps.

* **Terms are the deployer's.** The licence IRI and whether texts are published come from ``Settings``
  (``ALLEGIANCE_LICENCE``, ``ALLEGIANCE_PUBLISH_TEXTS``, or ``allegiance serve --licence --no-texts``), never from
  code. Texts not published means ``nif:isString`` is left out of every page, twin, dump and Graph Store answer
  here, and out of what ``/sparql`` reads (``workers``).
* **The description is RDF, not pasted text.** VoID and DCAT are built as triples and written by the same
  serialisers as everything else, so no value can break the syntax. Every IRI in it comes from the configured
  base IRI (which maps onto this server's root, ``addresses``), never from the request: the Host header once
  went into the Turtle verbatim.
* **Dumps are files.** Each dump is written once per store version into a temporary folder and served from
  there, so a download has a length, can be resumed (``Range``, 206 and 416) and revalidated (``ETag``, 304),
  and the second download costs no export. The ETag is the file's SHA-256, so it names the bytes: the same
  content gets the same tag after a restart, and different content never shares one.
"""

from __future__ import annotations

import gzip
import hashlib
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request, send_file
from flask.blueprints import BlueprintSetupState

from allegiance.config import Settings
from allegiance.endpoint import formats, jsonld
from allegiance.endpoint.execution import Deadline
from allegiance.endpoint.service import HttpError, Service, service
from allegiance.namespaces import Al, Dcat, Dcterms, Nif, Rdf, Term, Void, Xsd
from allegiance.store import GraphStore

blueprint = Blueprint("publishing", __name__)

TEXT = Nif.isString
DUMPS = {"dump.nq.gz": ox.RdfFormat.N_QUADS, "dump.trig.gz": ox.RdfFormat.TRIG}
MEDIA = {"dump.nq.gz": "application/n-quads", "dump.trig.gz": "application/trig"}
IANA = "https://www.iana.org/assignments/media-types/"
DESCRIPTION = "/.well-known/void"


def withheld(settings: Settings) -> frozenset[str]:
    """The predicates whose values this server never gives out: the articles' texts, unless published."""
    return frozenset() if settings.publish_texts else frozenset({TEXT})


def write(triples: list[ox.Triple], fmt: formats.Format) -> bytes:
    """RDF for a reader: JSON-LD compacted against the published context, other formats as usual."""
    if formats.RDF_FORMATS[fmt] == ox.RdfFormat.JSON_LD:
        return jsonld.compact(triples, service().settings.base_iri + jsonld.PATH)
    return formats.write_triples(triples, fmt)


def _negotiated() -> formats.Format:
    try:
        return formats.negotiate(
            request.headers.get("Accept"), formats.GRAPH_FORMATS, request.args.get("format")
        )
    except formats.NotAcceptable as error:
        raise HttpError(406, str(error)) from None


def _licence_link(settings: Settings) -> dict[str, str]:
    return {"Link": f'<{settings.licence}>; rel="license"'}


@blueprint.route(f"/{jsonld.PATH}")
def context() -> Response:
    """The JSON-LD context the server's JSON-LD documents name; it changes only with the ontology."""
    response = Response(jsonld.context_document(), content_type="application/ld+json")
    response.add_etag()
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    response.make_conditional(request)
    return response


# --- the dataset description ----------------------------------------------------------------------------------

COUNTS = {
    Void.triples: "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
    Void.entities: "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o FILTER(isIRI(?s)) }",
    Void.classes: "SELECT (COUNT(DISTINCT ?c) AS ?n) { ?s a ?c }",
    Void.documents: "SELECT (COUNT(DISTINCT ?d) AS ?n) { ?d a al:Document }",
}
MODIFIED = "SELECT (MAX(?t) AS ?n) { ?d a al:Document ; al:retrieved ?t }"


def _scalar(store: GraphStore, sparql: str, deadline: Deadline) -> ox.NamedNode | ox.Literal | None:
    solutions = store.query(sparql)
    assert isinstance(solutions, ox.QuerySolutions)
    deadline.check()
    value = next(iter(solutions))[0]
    return value if isinstance(value, ox.NamedNode | ox.Literal) else None


def description(current: Service, deadline: Deadline) -> list[ox.Triple]:
    """VoID and DCAT about the dataset: size, licence, dumps (as DCAT distributions), the SPARQL service."""
    settings = current.settings
    base = settings.base_iri
    dataset = ox.NamedNode(f"{base}{DESCRIPTION[1:]}#dataset")
    service_node = ox.NamedNode(f"{base}{DESCRIPTION[1:]}#sparql")
    endpoint = ox.NamedNode(f"{base}sparql")
    licence = ox.NamedNode(settings.licence)
    texts = "with" if settings.publish_texts else "without"
    triples: list[tuple[ox.NamedNode, Term, ox.NamedNode | ox.Literal]] = [
        (dataset, Rdf.type, Void.Dataset.node),
        (dataset, Rdf.type, Dcat.Dataset.node),
        (
            dataset,
            Dcterms.title,
            ox.Literal("allegiance: actors, alignments and statements from conflict news"),
        ),
        (
            dataset,
            Dcterms.description,
            ox.Literal(
                "Who backs, arms, funds, fights or denies whom, and who said what, as reported in news, each "
                f"fact linked to the characters of its source; published {texts} the full texts of the articles."
            ),
        ),
        (dataset, Dcterms.license, licence),
        (dataset, Void.sparqlEndpoint, endpoint),
        (dataset, Void.uriSpace, ox.Literal(base)),
        (dataset, Void.vocabulary, ox.NamedNode(Al.base)),
        (dataset, Void.rootResource, ox.NamedNode(f"{base}id/")),
        (service_node, Rdf.type, Dcat.DataService.node),
        (service_node, Dcat.endpointURL, endpoint),
        (service_node, Dcat.servesDataset, dataset),
        (service_node, Dcterms.conformsTo, ox.NamedNode("https://www.w3.org/TR/sparql11-protocol/")),
        (service_node, Dcterms.license, licence),
    ]
    for name, media in MEDIA.items():
        url = ox.NamedNode(f"{base}export/{name}")
        distribution = ox.NamedNode(f"{base}{DESCRIPTION[1:]}#{name}")
        triples += [
            (dataset, Void.dataDump, url),
            (dataset, Dcat.distribution, distribution),
            (distribution, Rdf.type, Dcat.Distribution.node),
            (distribution, Dcat.downloadURL, url),
            (distribution, Dcat.mediaType, ox.NamedNode(IANA + media)),
            (distribution, Dcat.compressFormat, ox.NamedNode(IANA + "application/gzip")),
            (distribution, Dcterms.license, licence),
        ]
    for predicate, sparql in COUNTS.items():
        found = _scalar(current.store, sparql, deadline)
        count = int(found.value) if found is not None else 0
        triples.append((dataset, predicate, ox.Literal(str(count), datatype=Xsd.integer.node)))
    if (modified := _scalar(current.store, MODIFIED, deadline)) is not None:
        triples.append((dataset, Dcterms.modified, modified))
    return [ox.Triple(s, p.node, o) for s, p, o in triples]


@blueprint.route(DESCRIPTION)
def void() -> Response:
    """The dataset description, Turtle unless the client asks for another RDF format."""
    fmt = _negotiated()
    current = service()
    triples = current.runner.run(lambda deadline: description(current, deadline))
    headers = {"Vary": "Accept", **_licence_link(current.settings)}
    return Response(write(triples, fmt), content_type=fmt.content_type, headers=headers)


# --- dumps ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dump:
    path: Path
    etag: str
    version: str


class Dumps:
    """The dump files of one server: one per format, rewritten when the store's version has moved on."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="allegiance-dumps-")
        self._lock = threading.Lock()
        self._made: dict[str, Dump] = {}

    def get(self, store: GraphStore, name: str, withhold: frozenset[str]) -> Dump:
        """The dump ``name`` of what the store holds now. One export at a time: a second request for the same
        version waits for the first instead of exporting again."""
        with self._lock:
            version = store.version()  # read before the export: a write during it moves the version on
            made = self._made.get(name)
            if made is not None and made.version == version:
                return made
            dump = self._write(store, name, withhold, version)
            self._made[name] = dump
            if made is not None and made.path != dump.path:
                made.path.unlink(missing_ok=True)  # a download under way keeps its open file
            return dump

    def _write(self, store: GraphStore, name: str, withhold: frozenset[str], version: str) -> Dump:
        part = Path(self._folder.name) / f"{name}.part"
        with part.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as zipped:
            store.export(zipped, format=DUMPS[name], withhold=withhold)  # type: ignore[arg-type]
        with part.open("rb") as written:
            etag = hashlib.file_digest(written, "sha256").hexdigest()[:32]
        path = part.with_name(f"{etag}-{name}")
        part.replace(path)
        return Dump(path, etag, version)


@blueprint.record_once
def _dumps_folder(state: BlueprintSetupState) -> None:
    state.app.extensions["allegiance-dumps"] = Dumps()


@blueprint.route("/export/<any('dump.nq.gz', 'dump.trig.gz'):name>")
def dump(name: str) -> Response:
    """Every named graph (documents, ontology, reference actors, curation), gzipped, with a length and ETag,
    in ranges when asked."""
    current = service()
    dumps: Dumps = current_app.extensions["allegiance-dumps"]
    made = dumps.get(current.store, name, withheld(current.settings))
    response = send_file(
        made.path,
        mimetype="application/gzip",
        as_attachment=True,
        download_name=f"allegiance-{name}",
        etag=made.etag,
        conditional=True,
        max_age=0,
    )
    response.headers.update(_licence_link(current.settings))
    return response


def without(triples: Iterator[ox.Triple], hidden: frozenset[str]) -> Iterator[ox.Triple]:
    """The triples whose predicate is not withheld."""
    return (t for t in triples if t.predicate.value not in hidden) if hidden else triples
