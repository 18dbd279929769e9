"""Dereferencing node IRIs: ``/id/...`` answers 303 See Other to the document that describes the node.

An actor, a statement or a relation is not a web page, so its IRI (``/id/actor/russia``) answers with a
redirect, chosen by the Accept header, to one of the documents about it: ``/id/actor/russia.html``, ``.ttl``,
``.jsonld`` or ``.nt``. Those documents have their own URLs, which is what a person cites and a cache stores
without ``Vary``. docs/browse.md says why this and not 200 with content negotiation. Every representation is
rendered from the same ``Description``, and each links its twins (``Link`` header, and in HTML ``<link
rel="alternate">`` plus visible links).
"""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, redirect, render_template, request
from werkzeug.wrappers import Response as BaseResponse

from allegiance.config import is_iri
from allegiance.endpoint import formats
from allegiance.endpoint.addresses import EXTENSIONS, SERVED, iri_for, local
from allegiance.endpoint.api import HTML
from allegiance.endpoint.curating import standing, unrejected
from allegiance.endpoint.descriptions import Description, describe, kind_of
from allegiance.endpoint.diagram import neighbourhood
from allegiance.endpoint.execution import Deadline
from allegiance.endpoint.publishing import withheld, write
from allegiance.endpoint.service import HttpError, service
from allegiance.endpoint.timeline import dated, timeline
from allegiance.endpoint.views import View, actor_page, document_page, node_page, page_title

blueprint = Blueprint("linkeddata", __name__, template_folder="templates")


def _rdf(name: str) -> formats.Format:
    return next(fmt for fmt in formats.GRAPH_FORMATS if name in fmt.names)


TWINS: dict[str, formats.Format] = {
    "html": HTML,
    "ttl": _rdf("ttl"),
    "jsonld": _rdf("jsonld"),
    "nt": _rdf("nt"),
}
LABELS = {"html": "HTML", "ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples"}
assert tuple(TWINS) == EXTENSIONS


def twins(iri: str) -> list[tuple[str, str, str]]:
    """(label, media type, URL) of every document describing ``iri``."""
    return [(LABELS[ext], fmt.media_type, local(iri, ext) or "") for ext, fmt in TWINS.items()]


def _link_header(iri: str) -> str:
    return ", ".join(f'<{url}>; rel="alternate"; type="{media}"' for _, media, url in twins(iri))


def _split(rest: str) -> tuple[str, str | None]:
    """``actor/russia.ttl`` -> (``actor/russia``, ``ttl``); a path without a known extension names the node."""
    stem, dot, extension = rest.rpartition(".")
    if dot and extension in EXTENSIONS:
        return stem, extension
    return rest, None


@blueprint.route("/id/<path:rest>")
def resource(rest: str) -> BaseResponse:
    path, extension = _split(rest)
    iri = iri_for(SERVED + path)
    if not is_iri(iri):  # nothing can be known about it: the 404 of any unknown node
        return not_found(iri, TWINS[extension or "html"])
    current = service()
    if extension is None:
        if current.runner.run(lambda deadline: kind_of(current.store, iri)) is None:
            return not_found(iri, HTML)
        try:
            fmt = formats.negotiate(request.headers.get("Accept"), list(TWINS.values()))
        except formats.NotAcceptable as error:
            raise HttpError(406, str(error)) from None
        extension = next(ext for ext, twin in TWINS.items() if twin is fmt)
        target = local(iri, extension) or ""
        if request.query_string:
            target += "?" + request.query_string.decode("latin-1")
        response = redirect(target, code=303)
        response.headers["Vary"] = "Accept"
        response.headers["Link"] = _link_header(iri)
        return response
    fmt = TWINS[extension]

    def work(deadline: Deadline) -> Description | None:
        return describe(current.store, iri, deadline, withheld(current.settings))

    description = current.runner.run(work)
    if description is None:
        return not_found(iri, fmt)
    body = render_page(description) if fmt is HTML else write(description.triples, fmt)
    return Response(body, content_type=fmt.content_type, headers={"Link": _link_header(iri)})


def not_found(iri: str, fmt: formats.Format) -> Response:
    """404: an HTML page for browsers (with a way on), a line of text for programs."""
    if fmt is HTML:
        return Response(
            render_template("not_found.html", iri=iri), status=404, content_type=HTML.content_type
        )
    return Response(f"nothing is known about <{iri}>\n", status=404, content_type="text/plain; charset=utf-8")


def _selected() -> tuple[int, int] | None:
    """The span named by ``?span=10,25`` (the query-string twin of the ``#char=10,25`` fragment)."""
    begin, comma, end = request.args.get("span", "").partition(",")
    if comma and begin.isdigit() and end.isdigit():
        return int(begin), int(end)
    return None


def render_page(description: Description) -> str:
    view = View(description)
    context = {
        "view": view,
        "title": page_title(view),
        "iri": description.iri,
        "twins": twins(description.iri),
        "facts": view.properties(),
    }
    if description.kind == "actor":
        page = actor_page(view)
        # The list strikes rejected reports through; the drawings leave them out.
        drawn = standing(page.alignments)
        diagram = neighbourhood(replace(page, alignments=drawn), view.link(description.iri))
        reports = [r for a in drawn for r in (*a.asserted, *a.denied)]
        chart = timeline("Alignment reports over time", dated(reports))
        return render_template("actor.html", page=page, diagram=diagram, chart=chart, **context)
    if description.kind == "document":
        return render_template("document.html", page=document_page(view, _selected()), **context)
    if description.kind in ("statement", "relation"):
        node = node_page(view)
        chart = (
            timeline("Reports of this alignment over time", dated(unrejected([node.report, *node.related])))
            if description.kind == "relation"
            else None
        )
        return render_template(f"{description.kind}.html", page=node, chart=chart, **context)
    return render_template("resource.html", **context)
