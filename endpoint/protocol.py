"""The SPARQL 1.1 Protocol at ``/sparql``: queries, updates and the Service Description.

One route serves all three because that is what clients expect: SPARQLWrapper and YASGUI use a single URL for
queries and updates, and the Service Description lives at the endpoint's own URL. What a request is follows
from the protocol's rules: the method, the media type of the body and the parameter names.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox
from flask import Blueprint, Response, g, request
from werkzeug.datastructures import MultiDict

from allegiance.endpoint import formats, safety, workers
from allegiance.endpoint.execution import MAX_QUERY_CHARS, Deadline
from allegiance.endpoint.service import HttpError, Service, service
from allegiance.sparql import significant

blueprint = Blueprint("sparql", __name__)

FORMAT_PARAMS = ("format", "output", "results")
"""Result-format hints that clients send besides Accept (SPARQLWrapper sends all three)."""
QUERY_PARAMS = {"query", "default-graph-uri", "named-graph-uri", *FORMAT_PARAMS}
UPDATE_PARAMS = {"update", "using-graph-uri", "using-named-graph-uri"}
FORM = "application/x-www-form-urlencoded"
DIRECT_QUERY = "application/sparql-query"
DIRECT_UPDATE = "application/sparql-update"
UPDATE_TIMEOUT = 3600.0


@blueprint.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    """Dispatch on method and media type, as the protocol defines (sections 2.1 and 2.2)."""
    params, text, kind = _read_request()
    current = service()
    if kind is None:
        if request.method == "GET" and not params:
            return service_description(current)
        raise HttpError(
            400,
            "missing 'query' (or, with POST, 'update') parameter; GET /sparql alone describes the service",
        )
    if kind == "update":  # only with the token: ingest through the server sends whole documents, far longer
        return _update(current, params, text)
    if len(text) > MAX_QUERY_CHARS:
        raise HttpError(
            413,
            f"the query is {len(text):,} characters long; this endpoint reads at most {MAX_QUERY_CHARS:,}. "
            "Split it, or move long VALUES lists into several requests",
        )
    g.read_only_post = request.method == "POST"  # lets CORS expose the answer to browser tools
    answer = _query(current, params, text)
    return Response(answer.body, content_type=answer.content_type, headers={"Vary": "Accept"})


def _read_request() -> tuple[MultiDict[str, str], str, str | None]:
    """The protocol parameters, the query or update text, and which of the two it is (None: neither)."""
    if request.method == "GET":
        if "update" in request.args:
            raise HttpError(400, "updates must be sent with POST, never with GET")
        return _operation(request.args, None)
    params: MultiDict[str, str] = MultiDict(request.args)  # a copy: a form's fields are added to it
    mimetype = request.mimetype
    if not mimetype:
        raise HttpError(
            415,
            f"a POST needs a Content-Type: {FORM} (query= or update= parameter), {DIRECT_QUERY} or {DIRECT_UPDATE}",
        )
    if mimetype == FORM:
        params.update(request.form)
        return _operation(params, None)
    if mimetype in (DIRECT_QUERY, DIRECT_UPDATE):
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise HttpError(415, f"the body must be UTF-8 encoded, not {charset}")
        try:
            body = request.get_data().decode("utf-8")
        except UnicodeDecodeError:
            raise HttpError(400, "the body is not valid UTF-8") from None
        return _operation(params, ("query" if mimetype == DIRECT_QUERY else "update", body))
    raise HttpError(
        415, f"unsupported Content-Type {mimetype!r}; use {FORM}, {DIRECT_QUERY} or {DIRECT_UPDATE}"
    )


def _operation(
    params: MultiDict[str, str], direct: tuple[str, str] | None
) -> tuple[MultiDict[str, str], str, str | None]:
    """Check the parameter set is one operation with known parameters, and return its text."""
    kinds = [k for k in ("query", "update") if k in params] + ([direct[0]] if direct else [])
    if len(kinds) > 1:
        raise HttpError(400, "a request carries exactly one query or one update, not several")
    if not kinds:
        return params, "", None
    kind = kinds[0]
    allowed = QUERY_PARAMS if kind == "query" else UPDATE_PARAMS
    if unknown := sorted(set(params) - allowed):
        raise HttpError(
            400,
            f"unknown parameter(s) {', '.join(unknown)} for a {kind}; allowed: {', '.join(sorted(allowed))}",
        )
    if direct:
        return params, direct[1], kind
    values = params.getlist(kind)
    if len(values) != 1:
        raise HttpError(400, f"exactly one '{kind}' parameter is allowed, got {len(values)}")
    return params, values[0], kind


def _named_nodes(iris: Sequence[str], name: str) -> list[ox.NamedNode]:
    try:
        return [ox.NamedNode(iri) for iri in iris]
    except ValueError as error:
        raise HttpError(400, f"{name}: {error}") from None


def _query(current: Service, params: MultiDict[str, str], text: str) -> workers.Answer:
    """Run the query in a worker process (embedded store) or on a query thread (a SPARQL server's client)."""
    protocol_dataset = bool(params.getlist("default-graph-uri") or params.getlist("named-graph-uri"))
    job = workers.Job(
        text=text,
        base_iri=request.base_url,
        default_graphs=_iris(params, "default-graph-uri") if protocol_dataset else None,
        named_graphs=_iris(params, "named-graph-uri") if protocol_dataset else None,
        accept=request.headers.get("Accept"),
        named_format=next((params[name] for name in FORMAT_PARAMS if name in params), None),
    )
    if current.workers is not None:
        return current.workers.run(job, request.remote_addr or "")
    return current.runner.run(lambda deadline: workers.answer(current.store, job, deadline, current.limits))


def _iris(params: MultiDict[str, str], name: str) -> tuple[str, ...]:
    """The IRIs of a dataset parameter, checked here so that a bad one is the client's 400 at once."""
    return tuple(node.value for node in _named_nodes(params.getlist(name), name))


def _update(current: Service, params: MultiDict[str, str], text: str) -> Response:
    """Run an update, if writes are enabled and the request carries the token, as one transaction."""
    current.require_write_access()
    base_iri = request.base_url
    found = safety.inspect(text, base_iri=base_iri)
    using = params.getlist("using-graph-uri")
    using_named = params.getlist("using-named-graph-uri")
    if (using or using_named) and found.uses_dataset_clause:
        raise HttpError(
            400,
            "using-graph-uri / using-named-graph-uri cannot be combined with USING or WITH in the update itself",
        )
    if using or using_named:
        clause = " ".join(
            [f"USING {node}" for node in _named_nodes(using, "using-graph-uri")]
            + [f"USING NAMED {node}" for node in _named_nodes(using_named, "using-named-graph-uri")]
        )
        text = with_dataset(text, clause)

    def work(_: Deadline) -> None:
        try:
            current.store.update(text, base_iri=base_iri)
        except SyntaxError as error:
            raise HttpError(400, f"update syntax error: {error}") from None
        except PermissionError:
            raise HttpError(403, workers.WALLED) from None

    # On a query thread like any request text (its stack and network wall), but with an hour, not the query
    # limit: an update is one transaction that cannot be stopped part-way, and a 503 for an update that then
    # commits would mislead the client.
    current.runner.run(work, timeout=UPDATE_TIMEOUT)
    return Response(status=204)


def with_dataset(update: str, clause: str) -> str:
    """Put the protocol's dataset (``USING ...``) before the WHERE of every INSERT/DELETE operation.

    pyoxigraph's update API takes no dataset, and the protocol defines using-graph-uri as equivalent to USING
    in each operation that has none (we refuse requests that have some). The WHERE keywords that belong to an
    operation are those at brace depth 0 that follow a template, i.e. not the ``DELETE WHERE`` short form.
    """
    out: list[str] = []
    position = depth = 0
    previous = ""
    for match in significant(update):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif (
            depth == 0
            and match.lastgroup == "word"
            and token.upper() == "WHERE"
            and previous.upper() != "DELETE"
        ):
            out.append(update[position : match.start()] + clause + " ")
            position = match.start()
        if depth == 0 and match.lastgroup == "word":
            previous = token
    out.append(update[position:])
    return "".join(out)


SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"


def service_description(current: Service) -> Response:
    """The Service Description (SPARQL 1.1 SD) of this endpoint, in the RDF format the client asked for.

    It states what a client cannot guess: the endpoint URL, whether updates are accepted, the result formats,
    and that the default graph is the union of the named graphs (one per document).
    """
    endpoint = ox.NamedNode(request.base_url)
    node = ox.BlankNode("service")
    dataset = ox.BlankNode("dataset")
    default = ox.BlankNode("defaultGraph")

    def sd(local: str) -> ox.NamedNode:
        return ox.NamedNode(SD + local)

    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    languages = ["SPARQL11Query"] + (["SPARQL11Update"] if current.update_token else [])
    result_formats = [
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
        "TriG",
        "N-Quads",
    ]
    triples = [
        ox.Triple(node, rdf_type, sd("Service")),
        ox.Triple(node, sd("endpoint"), endpoint),
        *(ox.Triple(node, sd("supportedLanguage"), sd(language)) for language in languages),
        *(ox.Triple(node, sd("resultFormat"), ox.NamedNode(FORMATS + name)) for name in result_formats),
        ox.Triple(node, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(
            node, sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")
        ),
        ox.Triple(node, sd("defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, rdf_type, sd("Graph")),
    ]
    try:
        fmt = formats.negotiate(request.headers.get("Accept"), formats.GRAPH_FORMATS)
    except formats.NotAcceptable as error:
        raise HttpError(406, str(error)) from None
    return Response(
        formats.write_triples(triples, fmt), content_type=fmt.content_type, headers={"Vary": "Accept"}
    )
