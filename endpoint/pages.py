"""The pages a person browses: home, search, lists of actors, statements and documents, and the query page.

Every query here is fixed text; what a visitor types into one (a search, a speaker) is bound by the store as an
RDF term (``Store.query(bindings=...)``), so no input can change what a query does. The lists are read once per
store version and sorted in Python (``listings``); the other filters (kind, dates) and the sort key are checked
and compared with those rows in Python, and a page's rows are then read with a VALUES block of the IRIs the
store itself returned, serialised by pyoxigraph. All pages are Jinja templates with autoescape, and a
Content-Security-Policy that allows scripts only from our own static files, so even a value that slipped past
escaping could not run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from flask.blueprints import BlueprintSetupState

from allegiance import queries
from allegiance.endpoint import assets, network
from allegiance.endpoint.addresses import href, local
from allegiance.endpoint.listings import (
    ACTORS,
    DOCUMENTS,
    STATEMENTS,
    Listing,
    Memo,
    Row,
    Snapshot,
    page_of,
    read_rows,
)
from allegiance.endpoint.search import matches
from allegiance.endpoint.service import HttpError, service
from allegiance.endpoint.views import curie, isolated, local_name
from allegiance.namespaces import KIND, ONTOLOGY_IRI, PREFIXES, RELATION_KINDS, STATEMENT_KINDS

blueprint = Blueprint("pages", __name__, template_folder="templates", static_folder="static")

T = TypeVar("T")
MEMO = "allegiance.pages"
"""Where the app keeps the lists' rows between requests (``app.extensions``)."""


def policy(*styles: str) -> str:
    """The Content-Security-Policy of a page; ``styles`` allows the exact inline stylesheets (by hash) that a
    vendored script writes into it (``assets``), and nothing else inline."""
    style = " ".join(("'self'", *styles))
    return (
        f"default-src 'self'; script-src 'self'; style-src {style}; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


CSP = policy()


def _styled(page: str, *styles: str) -> Response:
    """An HTML page into which a vendored script writes the inline stylesheets ``styles`` (their hashes)."""
    return Response(page, mimetype="text/html", headers={"Content-Security-Policy": policy(*styles)})


@blueprint.after_app_request
def content_security(response: Response) -> Response:
    """Every HTML answer of the app (the API's tables too) may run only our own script files, never inline ones."""
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


@blueprint.record_once
def helpers(state: BlueprintSetupState) -> None:
    """What every template (and every imported macro) may call: where a node's page is, how to name a term."""
    state.app.jinja_env.globals.update(
        href=href, local=local, curie=curie, local_name=local_name, isolated=isolated
    )


@blueprint.record_once
def keep_lists(state: BlueprintSetupState) -> None:
    """Each app keeps the lists' rows of the store it serves, between requests."""
    state.app.extensions[MEMO] = Memo()


def _at_version(work: Callable[[Snapshot], T]) -> T:
    """Run ``work`` on the query runner, with the lists as of the store's current version."""
    current = service()
    memo: Memo = current_app.extensions[MEMO]
    return current.runner.run(
        lambda deadline: work(Snapshot(memo, current.store, current.store.version(), deadline))
    )


@dataclass(frozen=True)
class Paging:
    """Which page of a list, and the links to its neighbours (fetching one row more tells whether there is a next)."""

    number: int
    has_next: bool

    def link(self, number: int) -> str:
        arguments: dict[str, Any] = request.args.to_dict()
        arguments["page"] = str(number)
        return url_for(request.endpoint or "", **arguments)


def page_number() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        raise HttpError(400, f"page must be a positive whole number, got {raw!r}")
    return int(raw)


def _sort(listing: Listing, default: str) -> str:
    """The visitor's sort key, checked against the orders this list offers."""
    key = request.args.get("sort", default)
    if key not in listing.orders:
        raise HttpError(400, f"sort must be one of {', '.join(listing.orders)}, got {key!r}")
    return key


def _types(snapshot: Snapshot) -> list[tuple[str, int]]:
    """(class name, number of actors) for the actor classes in use."""
    return [(local_name(iri), count) for iri, count in snapshot.actor_types()]


# --- home and search ---------------------------------------------------------------------------------------

NEWEST = 10


@blueprint.route("/")
def home() -> str:
    def work(snapshot: Snapshot) -> dict[str, Any]:
        return {
            "stats": snapshot.stats(),
            "newest": snapshot.rows(DOCUMENTS, "newest")[:NEWEST],
            "types": _types(snapshot),
        }

    return render_template(
        "home.html", title="allegiance", named=queries.catalogue().values(), **_at_version(work)
    )


@blueprint.route("/search")
def search() -> str:
    """Actors whose name or an alias holds the words typed, and statements, evidence and documents that do."""
    needle = request.args.get("q", "").strip()
    return render_template(
        "search.html", title=f"Search: {needle}" if needle else "Search", q=needle, **matches(needle)
    )


@blueprint.route("/search.json")
def search_data() -> Response:
    """The search page's twin: its matches as JSON, one list per kind."""
    needle = request.args.get("q", "").strip()
    return jsonify({"q": needle, **matches(needle)})


# --- lists -------------------------------------------------------------------------------------------------


@blueprint.route("/actors")
def actors() -> str:
    chosen = request.args.get("type", "")
    if chosen and not chosen.isidentifier():
        raise HttpError(400, f"type must be a class name such as State, got {chosen!r}")
    wanted = f"{ONTOLOGY_IRI}#{chosen}"
    sort, number = _sort(ACTORS, "name"), page_number()

    def work(snapshot: Snapshot) -> tuple[list[Row], bool, list[tuple[str, int]]]:
        rows = snapshot.rows(ACTORS, sort)
        shown, has_next = page_of((r for r in rows if r["class"] == wanted) if chosen else rows, number)
        return shown, has_next, _types(snapshot)

    rows, has_next, types = _at_version(work)
    return render_template(
        "actors.html",
        title="Actors",
        rows=rows,
        paging=Paging(number, has_next),
        sort=sort,
        sorts=ACTORS.orders,
        chosen=chosen,
        types=types,
    )


STATEMENT_DETAILS = """SELECT ?statement ?text ?document ?title WHERE {
  VALUES ?statement { %s }
  OPTIONAL { ?statement al:text ?text }
  OPTIONAL { ?statement prov:wasDerivedFrom ?document OPTIONAL { ?document dcterms:title ?title } }
}"""
"""What a statement list shows besides the columns it sorts on, for one page of statements."""


def _date(name: str) -> str:
    """A date filter as an ISO day ('' when not given); statements compare by the day their date falls on."""
    raw = request.args.get(name, "")
    if not raw:
        return ""
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        raise HttpError(400, f"{name} must be a date like 2016-10-25, got {raw!r}") from None


def _speaker() -> dict[str, ox.NamedNode | ox.Literal]:
    """The speaker the visitor chose, checked, as a binding of the list's query (none when not given)."""
    speaker = request.args.get("speaker", "")
    return {"speaker": queries.Parameter("speaker", "iri", False, "").bind(speaker)} if speaker else {}


def _statement_filter() -> Callable[[Row], bool]:
    """What else the visitor asked for (kind, dates), checked, as a test of a statement row."""
    kind = request.args.get("kind", "")
    if kind and kind not in STATEMENT_KINDS:
        raise HttpError(400, f"kind must be one of {', '.join(STATEMENT_KINDS)}, got {kind!r}")
    kind_iri = str(KIND[kind]) if kind else ""
    since, until = _date("from"), _date("to")

    def keep(row: Row) -> bool:
        day = row["date"][:10]
        return (
            (not kind_iri or row["kind"] == kind_iri)
            and (not since or (day != "" and day >= since))
            and (not until or (day != "" and day <= until))
        )

    return keep


def _with_details(snapshot: Snapshot, rows: list[Row]) -> list[Row]:
    """The page's statement rows with their text and source (a statement's first source, if it has several)."""
    if not rows:
        return []
    values = " ".join(sorted({str(ox.NamedNode(row["statement"])) for row in rows}))
    details: dict[str, Row] = {}
    for found in sorted(
        read_rows(snapshot.store, STATEMENT_DETAILS % values, snapshot.deadline), key=lambda r: r["document"]
    ):
        details.setdefault(found["statement"], found)
    return [{**details.get(row["statement"], {}), **row} for row in rows]


@blueprint.route("/statements")
def statements() -> str:
    """Statements, filtered by speaker, kind and a date range, newest first unless asked otherwise."""
    speaker, keep = _speaker(), _statement_filter()
    sort, number = _sort(STATEMENTS, "newest"), page_number()

    def work(snapshot: Snapshot) -> tuple[list[Row], bool]:
        rows = snapshot.rows(STATEMENTS, sort, speaker)
        shown, has_next = page_of((r for r in rows if keep(r)), number)
        return _with_details(snapshot, shown), has_next

    rows, has_next = _at_version(work)
    api = {k: v for k, v in request.args.items() if k in ("speaker", "kind")}
    return render_template(
        "statements.html",
        title="Statements",
        rows=rows,
        paging=Paging(number, has_next),
        sort=sort,
        sorts=STATEMENTS.orders,
        kinds=STATEMENT_KINDS,
        args=request.args,
        api=api,
    )


@blueprint.route("/documents")
def documents() -> str:
    sort, number = _sort(DOCUMENTS, "newest"), page_number()
    rows, has_next = _at_version(lambda snapshot: page_of(snapshot.rows(DOCUMENTS, sort), number))
    return render_template(
        "documents.html",
        title="Documents",
        rows=rows,
        paging=Paging(number, has_next),
        sort=sort,
        sorts=DOCUMENTS.orders,
    )


# --- the whole network ------------------------------------------------------------------------------------

NETWORK_TABLE = 200
"""Edges listed under the drawing (the heaviest first); the drawing and the JSON twin have every one."""


def _network() -> tuple[network.Filters, network.Network]:
    """The network the visitor's filters keep (``kind`` may repeat; ``from``, ``to``, ``min``)."""
    args = request.args
    filters = network.Filters.parse(args.getlist("kind"), _date("from"), _date("to"), args.get("min", "1"))
    return filters, _at_version(lambda snapshot: network.network(snapshot, filters))


@blueprint.route("/network")
def network_page() -> Response:
    """The network drawn by Cytoscape.js (served from here) from its JSON twin, and its heaviest edges listed."""
    assets.require("cytoscape.min.js")
    filters, found = _network()
    page = render_template(
        "network.html",
        title="Network",
        filters=filters,
        kinds=RELATION_KINDS,
        network=found,
        labels={node.iri: node.label for node in found.nodes},
        table=found.edges[:NETWORK_TABLE],
        twin=url_for("pages.network_json") + (f"?{filters.query()}" if filters.query() else ""),
        tone=network.tone,
    )
    return _styled(page, assets.CYTOSCAPE_STYLE)


@blueprint.route("/network.json")
def network_json() -> Response:
    """The network as data: nodes with their pages, edges with their kind, colour, documents and dates."""
    filters, found = _network()
    return jsonify(
        {
            "filters": {
                "kind": list(filters.kinds),
                "from": filters.since,
                "to": filters.until,
                "min": filters.minimum,
            },
            "nodes": [
                {"id": n.iri, "label": n.label, "type": n.type, "reports": n.reports, "page": href(n.iri)}
                for n in found.nodes
            ],
            "edges": [
                {
                    "source": e.source,
                    "target": e.target,
                    "kind": e.kind,
                    "tone": network.tone(e.kind),
                    "documents": e.documents,
                    "first": e.first,
                    "last": e.last,
                }
                for e in found.edges
            ],
        }
    )


# --- the query page ----------------------------------------------------------------------------------------


@blueprint.route("/query")
def query_page() -> Response:
    """The SPARQL editor (YASGUI, served from here): the named queries as examples, a permalink's query run."""
    assets.require("yasgui.min.js", "yasgui.min.css")
    chosen = request.args.get("example", "")
    catalogue = queries.catalogue()
    page = render_template(
        "query.html",
        title="Query",
        named=catalogue.values(),
        chosen=chosen,
        text=catalogue[chosen].sparql if chosen in catalogue else "",
        prefixes=PREFIXES,
        base_iri=service().settings.base_iri,
    )
    return _styled(page, assets.YASGUI_STYLE)


@blueprint.route("/query/prefixes.json")
def query_prefixes() -> Response:
    """The prefixes every query may use undeclared, for the editor's completion (YASQE's ``prefixCcApi``)."""
    return jsonify(PREFIXES)
