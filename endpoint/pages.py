"""The pages a person browses: home, search, lists of actors, statements and documents, and the query page.

Every query here is fixed text; what a visitor types into one (a search, a speaker) is bound by the store as an
RDF term (``Store.query(bindings=...)``), so no input can change what a query does. The lists are read once per
store version and sorted in Python (``listings``); their filters, facets and twins are ``lists``: the other
filters (kind, dates, publisher) and the sort key are checked and compared with those rows in Python, and a
page's rows are then read with a VALUES block of the IRIs the store itself returned, serialised by pyoxigraph. All pages are Jinja templates with autoescape, and a
Content-Security-Policy that allows scripts only from our own static files, so even a value that slipped past
escaping could not run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from flask.blueprints import BlueprintSetupState

from allegiance import queries
from allegiance.endpoint import assets, lists, network
from allegiance.endpoint.addresses import href, local
from allegiance.endpoint.listings import DOCUMENTS, PAGE_SIZE, Memo, Row, Snapshot
from allegiance.endpoint.lists import BROWSINGS, carried, downloads, refine, twin
from allegiance.endpoint.search import matches
from allegiance.endpoint.service import HttpError, service
from allegiance.endpoint.views import curie, isolated, local_name
from allegiance.namespaces import PREFIXES, RELATION_KINDS, STATEMENT_KINDS
from allegiance.queries.facets import Faceted

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
        href=href,
        local=local,
        curie=curie,
        local_name=local_name,
        isolated=isolated,
        refine=refine,
        carried=carried,
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


# --- home and search ---------------------------------------------------------------------------------------

NEWEST = 10


@blueprint.route("/")
def home() -> str:
    def work(snapshot: Snapshot) -> dict[str, Any]:
        return {
            "stats": snapshot.stats(),
            "newest": snapshot.rows(DOCUMENTS, "newest")[:NEWEST],
            "types": snapshot.actor_types(),
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


def _list(name: str, **shown: Any) -> str:
    """A list page: its filters, facets, one page of 50 rows and its twins (``lists.BROWSINGS[name]``)."""
    browsing, number, arguments = BROWSINGS[name], page_number(), request.args.to_dict()
    start = (number - 1) * PAGE_SIZE

    def work(snapshot: Snapshot) -> tuple[Faceted[Row], list[Row]]:
        found = browsing.choose(snapshot, arguments)
        return found, browsing.full(
            snapshot.store, snapshot.deadline, found.chosen[start : start + PAGE_SIZE]
        )

    found, rows = _at_version(work)
    return render_template(
        f"{name}.html",
        title=name.capitalize(),
        rows=rows,
        total=len(found.chosen),
        paging=Paging(number, start + PAGE_SIZE < len(found.chosen)),
        facets=found.counts,
        sort=browsing.sort(arguments),
        sorts=browsing.listing.orders,
        args=request.args,
        filtered=any(name != "sort" for name in carried()),
        downloads=downloads("pages.list_twin", name=name),
        **shown,
    )


@blueprint.route("/actors")
def actors() -> str:
    return _list("actors")


@blueprint.route("/statements")
def statements() -> str:
    """Statements, filtered by speaker, kind, speaker type, publisher, year and a date range, newest first."""
    return _list("statements", kinds=STATEMENT_KINDS)


@blueprint.route("/documents")
def documents() -> str:
    return _list("documents")


@blueprint.route("/<any(actors, statements, documents):name>.<fmt>")
def list_twin(name: str, fmt: str) -> Response:
    """A list's CSV, JSON or Parquet twin: every row its page's filters keep, or a page with ``_limit``."""
    browsing, store, arguments = BROWSINGS[name], service().store, request.args.to_dict()
    chosen = _at_version(lambda snapshot: browsing.choose(snapshot, arguments).chosen)
    return twin(
        name,
        fmt,
        chosen,
        lambda deadline, rows: browsing.full(store, deadline, list(rows)),
        browsing.columns,
        browsing.numbers,
    )


# --- the whole network ------------------------------------------------------------------------------------

NETWORK_TABLE = 200
"""Edges listed under the drawing (the heaviest first); the drawing and the JSON twin have every one."""


def _network() -> tuple[network.Filters, network.Network]:
    """The network the visitor's filters keep (``kind`` may repeat; ``from``, ``to``, ``min``, ``_rejected``)."""
    args = request.args
    since, until = (lists.day(name, args[name]) if args.get(name) else "" for name in ("from", "to"))
    filters = network.Filters.parse(
        args.getlist("kind"), since, until, args.get("min", "1"), args.get("_rejected", "")
    )
    return filters, _at_version(lambda snapshot: network.network(snapshot, filters))


@blueprint.route("/network")
def network_page() -> Response:
    """The network drawn by Cytoscape.js (served from here) from its JSON twin, and its heaviest edges listed."""
    assets.require("cytoscape.min.js")
    filters, found = _network()
    suffix = f"?{filters.query()}" if filters.query() else ""
    page = render_template(
        "network.html",
        title="Network",
        filters=filters,
        kinds=RELATION_KINDS,
        network=found,
        labels={node.iri: node.label for node in found.nodes},
        table=found.edges[:NETWORK_TABLE],
        twin=url_for("pages.network_json") + suffix,
        downloads={fmt: url_for("pages.network_download", fmt=fmt) + suffix for fmt in ("csv", "parquet")},
        tone=network.tone,
        history=lambda edge: url_for("reports.table") + "?" + filters.history(edge),
    )
    return _styled(page, assets.CYTOSCAPE_STYLE)


@blueprint.route("/network.<any(csv, parquet):fmt>")
def network_download(fmt: str) -> Response:
    """The edges the page's filters keep, heaviest first, as the twins of every list are (``_limit``, ``_offset``)."""
    _, found = _network()
    return lists.twin(
        "network",
        fmt,
        found.edges,
        lambda _, edges: found.rows(list(edges)),
        network.COLUMNS,
        {"documents": int},
    )


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
