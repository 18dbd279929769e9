"""Named queries as a web API: ``/api/<name>`` runs ``queries/<name>.rq`` with parameters from the URL.

This is for people and programs that want rows, not SPARQL: JSON (a list of objects), CSV or an HTML table,
chosen by the Accept header or an extension (``/api/who-backs-whom.csv``). The files are the same ones the CLI's
``allegiance query NAME`` runs, and parameter values are bound as RDF terms by the store, never pasted into the
query text. ``/api/openapi.json`` describes every query, so API clients can be generated.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request

from allegiance import __version__, queries
from allegiance.endpoint import formats
from allegiance.endpoint.execution import Deadline, ResultTooLarge
from allegiance.endpoint.service import HttpError, service
from allegiance.results import render, to_rows

blueprint = Blueprint("api", __name__, template_folder="templates")

JSON = formats.Format("application/json", (), ("json",))
CSV = formats.Format("text/csv", (), ("csv",))
HTML = formats.Format("text/html", ("application/xhtml+xml",), ("html",))
API_FORMATS = (JSON, CSV, HTML)

SCHEMAS: dict[str, dict[str, str]] = {
    "iri": {"type": "string", "format": "iri"},
    "string": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
}


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
    bindings = named.bindings(request.args.to_dict())
    try:
        fmt = formats.negotiate(request.headers.get("Accept"), API_FORMATS, extension or None)
    except formats.NotAcceptable as error:
        raise HttpError(406, str(error)) from None
    current = service()

    def work(deadline: Deadline) -> tuple[list[str], list[list[str]]]:
        columns, rows = to_rows(current.store.query(named.sparql, bindings=bindings))
        if len(rows) > current.limits.max_rows:
            raise ResultTooLarge(
                f"{name} returned more than {current.limits.max_rows:,} rows, the limit of this endpoint"
            )
        return columns, rows

    columns, rows = current.runner.run(work)
    if fmt is HTML:
        page = render_template(
            "table.html", query=named, columns=columns, rows=rows, arguments=request.args.to_dict()
        )
        return Response(page, content_type=fmt.content_type, headers={"Vary": "Accept"})
    body = render(columns, rows, "json" if fmt is JSON else "csv")
    return Response(body, content_type=fmt.content_type, headers={"Vary": "Accept"})
