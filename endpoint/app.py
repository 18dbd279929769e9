"""The Flask application: SPARQL Protocol, Graph Store Protocol, named-query API and exports over one store.

``create_app`` takes an open Store rather than a path so that the caller decides who owns the store's lock:
``allegiance serve`` opens it once per process (only one process may), tests hand in a temporary one.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException

from allegiance.config import Settings
from allegiance.endpoint import (
    api,
    curating,
    exports,
    graphstore,
    linkeddata,
    pages,
    protocol,
    publishing,
    reports,
)
from allegiance.endpoint.accounts import Accounts
from allegiance.endpoint.execution import Limits, Overloaded, QueryRunner, QueryTimeout, ResultTooLarge
from allegiance.endpoint.safety import UnsafeRequest
from allegiance.endpoint.service import HttpError, Service
from allegiance.endpoint.workers import ClientBusy, WorkerDied, WorkerPool
from allegiance.queries import QueryError
from allegiance.store import GraphStore, Store, StoreError

log = logging.getLogger("allegiance.endpoint")

CORS_METHODS = "GET, HEAD, POST, OPTIONS"
CORS_HEADERS = "Accept, Content-Type"


def create_app(
    store: GraphStore,
    settings: Settings,
    *,
    update_token: str | None = None,
    limits: Limits | None = None,
    curators: Accounts | None = None,
) -> Flask:
    """Build the app. Updates and graph writes exist only when ``update_token`` is given, corrections only when
    ``curators`` are."""
    if update_token is not None and len(update_token) < 16:
        raise ValueError("the update token must be at least 16 characters long")
    limits = limits or Limits.from_settings(settings)
    withhold = publishing.withheld(settings)
    if withhold and not isinstance(store, Store):
        raise ValueError(
            "the articles' texts can be withheld only over the embedded store: a SPARQL server behind this "
            "endpoint answers its queries itself, texts included; serve its data from an embedded store instead"
        )
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = limits.max_request_bytes
    app.extensions["allegiance"] = Service(
        store,
        settings,
        limits,
        QueryRunner(limits, confine=store.evaluates_here),
        update_token,
        WorkerPool(store, limits, withhold) if isinstance(store, Store) else None,
        curators,
    )
    for module in (protocol, graphstore, api, exports, publishing, linkeddata, pages, reports, curating):
        app.register_blueprint(module.blueprint)
    _register_errors(app)
    app.after_request(_cors)
    app.after_request(_no_sniffing)
    return app


def _text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return Response(
        message.rstrip("\n") + "\n", status=status, content_type="text/plain; charset=utf-8", headers=headers
    )


def _register_errors(app: Flask) -> None:
    """Every error is a plain-text message with the status the protocol calls for, never an HTML page."""

    @app.errorhandler(HttpError)
    def http_error(error: HttpError) -> Response:
        return _text(error.status, error.message, error.headers)

    @app.errorhandler(UnsafeRequest)
    @app.errorhandler(QueryError)
    @app.errorhandler(ResultTooLarge)
    def refused(error: Exception) -> Response:
        return _text(400, str(error))

    @app.errorhandler(StoreError)
    def store_failed(error: StoreError) -> Response:
        """A SPARQL server behind us that cannot be reached or refuses us: its fault, not the client's."""
        log.error("store error: %s", error)
        return _text(502, f"the store behind this endpoint failed: {error}")

    @app.errorhandler(QueryTimeout)
    def timed_out(error: QueryTimeout) -> Response:
        log.warning("query timed out: %s", request.values.get("query", "")[:200])
        return _text(503, str(error))

    @app.errorhandler(WorkerDied)
    def worker_died(error: WorkerDied) -> Response:
        log.warning("a query ended its worker: %s", request.values.get("query", "")[:200])
        return _text(503, str(error))

    @app.errorhandler(Overloaded)
    def overloaded(error: Overloaded) -> Response:
        """Every slot busy (503), or this client's share of them (429): come back in a few seconds."""
        retry = str(app.extensions["allegiance"].limits.retry_after)
        return _text(429 if isinstance(error, ClientBusy) else 503, str(error), {"Retry-After": retry})

    @app.errorhandler(HTTPException)
    def http_exception(error: HTTPException) -> Response:
        headers = dict(error.get_headers())
        headers.pop("Content-Type", None)
        message = {
            405: f"method {request.method} is not allowed here",
            413: "the request body is larger than this endpoint accepts",
        }.get(error.code or 500, error.description or error.name)
        return _text(error.code or 500, message, headers)


def _no_sniffing(response: Response) -> Response:
    """Every answer is read as the type it says: error messages quote the request, and a browser that guessed
    HTML from such a text/plain body would run what the request put there."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _cors(response: Response) -> Response:
    """Let browser tools on other origins read: any response to a request that cannot change anything.

    That is GET, HEAD and query POSTs to /sparql (YASGUI posts long queries). Preflight answers allow only
    Accept and Content-Type, so a browser can never send the Authorization header
    that writes need: updates stay out of reach of web pages.
    """
    if request.method in ("GET", "HEAD", "OPTIONS") or g.get("read_only_post", False):
        response.headers["Access-Control-Allow-Origin"] = "*"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = CORS_METHODS
        response.headers["Access-Control-Allow-Headers"] = CORS_HEADERS
        response.headers["Access-Control-Max-Age"] = "86400"
    return response
