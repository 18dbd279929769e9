"""Named queries as a web API: ``/api/<name>`` runs ``queries/<name>.rq`` with parameters from the URL.

This is for people and programs that want rows, not SPARQL: JSON (a list of objects), CSV or an HTML table,
chosen by the Accept header or an extension (``/api/who-backs-whom.csv``). The files are the same ones the CLI's
``allegiance query NAME`` runs, and parameter values are bound as RDF terms by the store, never pasted into the
query text. ``/api/openapi.json`` describes every query, so API clients can be generated.

``_limit`` and ``_offset`` ask for a page of the rows (the underscore keeps them apart from the queries' own
parameters, which cannot start with one); every answer says how many rows there are in all in ``X-Total-Count``
and links the next and previous pages in a ``Link`` header, leaving the JSON and CSV bodies as they were. The
HTML table shows ``TABLE_PAGE`` rows at a time.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, render_template, request

from allegiance import __version__, queries
from allegiance.endpoint import assets, formats
from allegiance.endpoint.execution import Deadline, ResultTooLarge
from allegiance.endpoint.service import HttpError, service
from allegiance.queries import kept
from allegiance.results import Page, render

blueprint = Blueprint("api", __name__, template_folder="templates")

JSON = formats.Format("application/json", (), ("json",))
CSV = formats.Format("text/csv", (), ("csv",))
HTML = formats.Format("text/html", ("application/xhtml+xml",), ("html",))
API_FORMATS = (JSON, CSV, HTML)
PAGING = ("_limit", "_offset", "_rejected", "_rollup")
TABLE_PAGE = 100
"""Rows per HTML table page when the address asks for no page size: a table people scroll, not a dump."""

SCHEMAS: dict[str, dict[str, str]] = {
    "iri": {"type": "string", "format": "iri"},
    "string": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "integer": {"type": "integer"},
}


@blueprint.route("/api")
def docs() -> str:
    """The named queries for people: Swagger UI (served from here) over the OpenAPI document."""
    assets.require("swagger-ui-bundle.js", "swagger-ui.css")
    return render_template("api.html", title="API", named=queries.catalogue().values())


@blueprint.route("/api/openapi.json")
def openapi() -> Response:
    """An OpenAPI 3.1 document with one GET operation per named query."""
    paths = {}
    for named in queries.catalogue().values():
        paths[f"/api/{named.name}"] = {
            "get": {
                "operationId": named.name.replace("-", "_"),
                "summary": named.title,
                "description": named.description,
                "parameters": [
                    {
                        "name": p.name,
                        "in": "query",
                        "required": p.required,
                        "description": p.description,
                        "schema": SCHEMAS[p.type],
                    }
                    for p in named.parameters
                ]
                + [
                    {
                        "name": "_limit",
                        "in": "query",
                        "required": False,
                        "description": "At most this many rows (a page); X-Total-Count gives all rows.",
                        "schema": {"type": "integer", "minimum": 0},
                    },
                    {
                        "name": "_offset",
                        "in": "query",
                        "required": False,
                        "description": "Skip this many rows first.",
                        "schema": {"type": "integer", "minimum": 0},
                    },
                    {
                        "name": "_rejected",
                        "in": "query",
                        "required": False,
                        "description": "'include': keep the facts curators rejected (left out by default).",
                        "schema": {"type": "string", "enum": ["include"]},
                    },
                    {
                        "name": "_rollup",
                        "in": "query",
                        "required": False,
                        "description": "'1': roll every actor up to its whole (a state for its government, "
                        "ministries, armed forces and officials).",
                        "schema": {"type": "string", "enum": ["1"]},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "One object (JSON), line (CSV) or table row (HTML) per result row.",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"type": "object", "additionalProperties": {"type": "string"}},
                                }
                            },
                            "text/csv": {"schema": {"type": "string"}},
                            "text/html": {"schema": {"type": "string"}},
                        },
                    },
                    "400": {"description": "A parameter is missing, unknown or of the wrong type."},
                    "404": {"description": "No named query by that name."},
                    "503": {
                        "description": "The query ran out of time, or the server is busy (see Retry-After)."
                    },
                },
            }
        }
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "allegiance named queries", "version": __version__},
        "servers": [{"url": request.script_root or "/"}],
        "paths": paths,
    }
    return jsonify(document)


@blueprint.route("/api/<name>")
def named_query(name: str) -> Response:
    stem, dot, extension = name.rpartition(".")
    if dot and extension in ("json", "csv", "html"):
        name = stem
    else:
        extension = ""
    if name not in queries.catalogue():
        raise HttpError(404, f"no named query {name!r}; see /api/openapi.json for the list")
    named = queries.get(name)
    arguments = {key: value for key, value in request.args.items() if key not in PAGING}
    bindings = named.bindings(arguments)
    try:
        fmt = formats.negotiate(request.headers.get("Accept"), API_FORMATS, extension or None)
    except formats.NotAcceptable as error:
        raise HttpError(406, str(error)) from None
    offset = count_argument("_offset") or 0
    limit = count_argument("_limit")
    if limit is None and fmt is HTML:
        limit = TABLE_PAGE
    current = service()
    text = named.text(
        rejected=request.args.get("_rejected") == "include",
        rollup=request.args.get("_rollup") in ("1", "true"),
    )

    def work(deadline: Deadline) -> Page:
        page = kept.answer(current.store, named, text, bindings, offset, limit)
        if len(page.rows) > current.limits.max_rows:
            raise ResultTooLarge(
                f"{name} returned more than {current.limits.max_rows:,} rows, the limit of this endpoint "
                "(ask for pages of fewer rows with _limit and _offset)"
            )
        return page

    page: Page = current.runner.run(work)
    links = page_links(request.base_url, request.args.to_dict(), page, limit)
    headers = {"Vary": "Accept", "X-Total-Count": str(page.total)}
    if links:
        headers["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())
    if fmt is HTML:
        body = render_template(
            "table.html", query=named, page=page, links=links, arguments=request.args.to_dict()
        )
    else:
        body = render(page.columns, page.rows, "json" if fmt is JSON else "csv")
    return Response(body, content_type=fmt.content_type, headers=headers)


def count_argument(key: str) -> int | None:
    """A paging argument: a whole number of rows, or None when the address has none."""
    raw = request.args.get(key)
    if raw is None or raw == "":
        return None
    if not raw.isdigit():
        raise HttpError(400, f"{key} expects a whole number of rows, got {raw!r}")
    return int(raw)


def page_links(base: str, arguments: dict[str, str], page: Page, limit: int | None) -> dict[str, str]:
    """The addresses of the next and previous pages (same arguments, another ``_offset``), where there are any."""
    if limit is None or limit == 0:
        return {}
    found = {}
    if page.offset + limit < page.total:
        found["next"] = page.offset + limit
    if page.offset > 0:
        found["prev"] = max(0, page.offset - limit)
    return {
        rel: f"{base}?{urlencode({**arguments, '_limit': str(limit), '_offset': str(offset)})}"
        for rel, offset in found.items()
    }
