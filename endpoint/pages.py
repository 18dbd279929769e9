"""The pages a person browses: home, search, lists of actors, statements and documents, and the query page.

Every query here is fixed text; what a visitor types (a search, a speaker, a date) is bound by the store as an
RDF term (``Store.query(bindings=...)``), and optional filters are chosen from fixed fragments, so no input can
change what a query does. Sorting picks one of a few fixed ORDER BY clauses. All pages are Jinja templates with
autoescape, and a Content-Security-Policy that allows scripts only from our own static files, so even a value
that slipped past escaping could not run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request, url_for
from flask.blueprints import BlueprintSetupState

from allegiance import queries
from allegiance.endpoint.addresses import href, local
from allegiance.endpoint.execution import Deadline
from allegiance.endpoint.service import HttpError, service
from allegiance.endpoint.views import curie, local_name
from allegiance.namespaces import KIND, ONTOLOGY_IRI, STATEMENT_KINDS, XSD

blueprint = Blueprint("pages", __name__, template_folder="templates", static_folder="static")

PAGE_SIZE = 50
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


@blueprint.after_app_request
def content_security(response: Response) -> Response:
    """Every HTML answer of the app (the API's tables too) may run only our own script files, never inline ones."""
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


@blueprint.record_once
def helpers(state: BlueprintSetupState) -> None:
    """What every template (and every imported macro) may call: where a node's page is, how to name a term."""
    state.app.jinja_env.globals.update(href=href, local=local, curie=curie, local_name=local_name)


def _rows(
    sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
) -> list[dict[str, str]]:
    """Run a fixed query under the endpoint's limits; rows as plain values ('' where unbound)."""
    current = service()

    def work(deadline: Deadline) -> list[dict[str, str]]:
        result = current.store.query(sparql, bindings=bindings)
        assert isinstance(result, ox.QuerySolutions)
        names = [v.value for v in result.variables]
        found = []
        for count, solution in enumerate(result):
            if count % 256 == 0:
                deadline.check()
            found.append(
                {name: (solution[name].value if solution[name] is not None else "") for name in names}
            )
        return found

    return current.runner.run(work)


@dataclass(frozen=True)
class Paging:
    """Which page of a list, and the links to its neighbours (fetching one row more tells whether there is a next)."""

    number: int
    has_next: bool

    def link(self, number: int) -> str:
        arguments: dict[str, Any] = request.args.to_dict()
        arguments["page"] = str(number)
        return url_for(request.endpoint or "", **arguments)


def _page_number() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        raise HttpError(400, f"page must be a positive whole number, got {raw!r}")
    return int(raw)


def _sorted(options: Mapping[str, str], default: str) -> tuple[str, str]:
    """The visitor's sort key, checked against the fixed ORDER BY clauses this list offers."""
    key = request.args.get("sort", default)
    if key not in options:
        raise HttpError(400, f"sort must be one of {', '.join(options)}, got {key!r}")
    return key, options[key]


def _paged(
    sparql: str, order: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]
) -> tuple[list[dict[str, str]], Paging]:
    number = _page_number()
    limit = f"\nORDER BY {order}\nLIMIT {PAGE_SIZE + 1} OFFSET {(number - 1) * PAGE_SIZE}"
    rows = _rows(sparql + limit, bindings)
    return rows[:PAGE_SIZE], Paging(number, len(rows) > PAGE_SIZE)


# --- home and search ---------------------------------------------------------------------------------------

NEWEST = """SELECT ?document ?title ?issued ?publisher WHERE {
  ?document a al:Document . OPTIONAL { ?document dcterms:title ?title } OPTIONAL { ?document dcterms:issued ?issued }
  OPTIONAL { ?document dcterms:publisher ?publisher } } ORDER BY DESC(?issued) ?document LIMIT 10"""


@blueprint.route("/")
def home() -> str:
    current = service()
    return render_template(
        "home.html",
        title="allegiance",
        stats=current.runner.run(lambda deadline: current.store.stats()),
        newest=_rows(NEWEST),
        named=queries.catalogue().values(),
        types=_actor_types(),
    )


SEARCH = """SELECT ?actor (SAMPLE(?label) AS ?name) (GROUP_CONCAT(DISTINCT ?matched; separator="; ") AS ?matches)
       (MAX(?exact) AS ?best) (SAMPLE(?className) AS ?type) ?needle
WHERE {
  ?actor rdfs:label|skos:altLabel ?matched .
  FILTER(CONTAINS(LCASE(STR(?matched)), LCASE(?needle)))
  ?actor rdfs:label ?label ; a ?class . ?class rdfs:subClassOf* al:Actor . FILTER(STRSTARTS(STR(?class), STR(al:)))
  BIND(STRAFTER(STR(?class), "#") AS ?className)
  BIND(IF(LCASE(STR(?matched)) = LCASE(?needle), 1, 0) AS ?exact)
}
GROUP BY ?actor ?needle
ORDER BY DESC(?best) STRLEN(?name) ?name
LIMIT 100"""


@blueprint.route("/search")
def search() -> str:
    """Actors whose name or an alias contains the words typed, exact matches first."""
    needle = request.args.get("q", "").strip()
    results = _rows(SEARCH, {"needle": ox.Literal(needle)}) if needle else []
    return render_template(
        "search.html", title=f"Search: {needle}" if needle else "Search", q=needle, results=results
    )


# --- lists -------------------------------------------------------------------------------------------------

ACTOR_TYPES = """SELECT ?class (COUNT(DISTINCT ?actor) AS ?actors) WHERE {
  ?actor a ?class ; rdfs:label ?label . ?class rdfs:subClassOf* al:Actor . FILTER(STRSTARTS(STR(?class), STR(al:)))
} GROUP BY ?class ORDER BY ?class"""


def _actor_types() -> list[tuple[str, int]]:
    return [(local_name(row["class"]), int(row["actors"])) for row in _rows(ACTOR_TYPES)]


ACTORS = """SELECT ?actor ?label ?class ?statements ?wikidata WHERE {
  { SELECT ?actor ?class (SAMPLE(?name) AS ?label) (SAMPLE(?qid) AS ?wikidata) (COUNT(DISTINCT ?said) AS ?statements)
    WHERE { ?actor a ?class ; rdfs:label ?name . ?class rdfs:subClassOf* al:Actor .
            FILTER(STRSTARTS(STR(?class), STR(al:)))
            OPTIONAL { ?actor al:wikidata ?qid } OPTIONAL { ?said al:speaker ?actor } }
    GROUP BY ?actor ?class }
}"""
ACTOR_SORTS = {
    "name": "LCASE(?label) ?actor",
    "statements": "DESC(?statements) LCASE(?label)",
    "type": "?class LCASE(?label)",
}


@blueprint.route("/actors")
def actors() -> str:
    bindings = {}
    chosen = request.args.get("type", "")
    if chosen:
        if not chosen.isidentifier():
            raise HttpError(400, f"type must be a class name such as State, got {chosen!r}")
        bindings["class"] = ox.NamedNode(f"{ONTOLOGY_IRI}#{chosen}")
    sort, order = _sorted(ACTOR_SORTS, "name")
    rows, paging = _paged(ACTORS, order, bindings)
    return render_template(
        "actors.html",
        title="Actors",
        rows=rows,
        paging=paging,
        sort=sort,
        sorts=ACTOR_SORTS,
        chosen=chosen,
        types=_actor_types(),
    )


STATEMENTS = """SELECT ?statement ?speaker ?speakerLabel ?kind ?text ?date ?document ?title ?from ?to WHERE {
  ?statement a al:Statement ; al:speaker ?speaker ; al:statementKind ?kind ; al:text ?text ;
             prov:wasDerivedFrom ?document .
  OPTIONAL { ?statement al:date ?date }
  OPTIONAL { ?speaker rdfs:label ?speakerLabel }
  OPTIONAL { ?document dcterms:title ?title }
  %s
}"""
STATEMENT_SORTS = {
    "newest": "DESC(?date) ?statement",
    "oldest": "?date ?statement",
    "speaker": "LCASE(?speakerLabel) DESC(?date) ?statement",
}


def _date(name: str) -> ox.Literal | None:
    raw = request.args.get(name, "")
    if not raw:
        return None
    try:
        return ox.Literal(date.fromisoformat(raw).isoformat(), datatype=ox.NamedNode(str(XSD.date)))
    except ValueError:
        raise HttpError(400, f"{name} must be a date like 2016-10-25, got {raw!r}") from None


@blueprint.route("/statements")
def statements() -> str:
    """Statements, filtered by speaker, kind and a date range, newest first unless asked otherwise."""
    bindings: dict[str, ox.NamedNode | ox.Literal] = {}
    filters = []
    if speaker := request.args.get("speaker", ""):
        bindings["speaker"] = queries.Parameter("speaker", "iri", False, "").bind(speaker)
    if kind := request.args.get("kind", ""):
        if kind not in STATEMENT_KINDS:
            raise HttpError(400, f"kind must be one of {', '.join(STATEMENT_KINDS)}, got {kind!r}")
        bindings["kind"] = ox.NamedNode(str(KIND[kind]))
    for name, test in (("from", "FILTER(?date >= ?from)"), ("to", "FILTER(?date <= ?to)")):
        if (value := _date(name)) is not None:
            bindings[name] = value
            filters.append(test)
    sort, order = _sorted(STATEMENT_SORTS, "newest")
    rows, paging = _paged(STATEMENTS % " ".join(filters), order, bindings)
    api = {k: v for k, v in request.args.items() if k in ("speaker", "kind")}
    return render_template(
        "statements.html",
        title="Statements",
        rows=rows,
        paging=paging,
        sort=sort,
        sorts=STATEMENT_SORTS,
        kinds=STATEMENT_KINDS,
        args=request.args,
        api=api,
    )


DOCUMENTS = """SELECT ?document ?title ?issued ?publisher ?url WHERE {
  ?document a al:Document .
  OPTIONAL { ?document dcterms:title ?title } OPTIONAL { ?document dcterms:issued ?issued }
  OPTIONAL { ?document dcterms:publisher ?publisher } OPTIONAL { ?document schema:url ?url }
}"""
DOCUMENT_SORTS = {
    "newest": "DESC(?issued) ?document",
    "oldest": "?issued ?document",
    "title": "LCASE(?title) ?document",
}


@blueprint.route("/documents")
def documents() -> str:
    sort, order = _sorted(DOCUMENT_SORTS, "newest")
    rows, paging = _paged(DOCUMENTS, order, {})
    return render_template(
        "documents.html", title="Documents", rows=rows, paging=paging, sort=sort, sorts=DOCUMENT_SORTS
    )


# --- the query page ----------------------------------------------------------------------------------------


@blueprint.route("/query")
def query_page() -> str:
    """A SPARQL editor: the named queries as examples, results fetched from /sparql by our own script file."""
    chosen = request.args.get("example", "")
    catalogue = queries.catalogue()
    text = request.args.get("query", "")
    if chosen in catalogue and ("load" in request.args or not text):
        text = catalogue[chosen].sparql
    return render_template(
        "query.html",
        title="Query",
        named=catalogue.values(),
        chosen=chosen,
        text=text,
        base_iri=service().settings.base_iri,
    )
