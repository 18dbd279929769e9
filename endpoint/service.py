"""What every route of the endpoint shares: the store, the limits, the query runner and the update token."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import current_app, request

from allegiance.config import Settings
from allegiance.endpoint.execution import Limits, QueryRunner
from allegiance.store import GraphStore

if TYPE_CHECKING:
    from allegiance.endpoint.accounts import Accounts
    from allegiance.endpoint.workers import WorkerPool


class HttpError(Exception):
    """An error answer: a status, a message a person can act on, and any headers the status calls for."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}

    def __reduce__(self) -> tuple[type[HttpError], tuple[int, str, dict[str, str]]]:
        """Pickled by its fields: a worker process raises it and the server answers with it."""
        return HttpError, (self.status, self.message, self.headers)


@dataclass
class Service:
    store: GraphStore
    settings: Settings
    limits: Limits
    runner: QueryRunner
    update_token: str | None
    workers: WorkerPool | None = None
    """Where query texts from the public run: worker processes over the embedded store; None for a SPARQL
    server backend, whose queries run on ``runner``."""
    curators: Accounts | None = None
    """Who may correct the graph (docs/curation.md); None: nobody, the server takes no corrections."""

    def require_write_access(self) -> None:
        """Refuse a write unless the server was started with a token and the request carries it.

        Without a token the server is read-only by construction (403). With one, a missing or wrong token is 401
        with a Bearer challenge. The comparison takes constant time so the token cannot be guessed by timing.
        """
        if self.update_token is None:
            raise HttpError(
                403,
                "this endpoint is read-only: updates and graph writes are enabled only when the server is started "
                "with --update-token (or ALLEGIANCE_UPDATE_TOKEN), and then need 'Authorization: Bearer <token>'",
            )
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode(), self.update_token.encode()
        ):
            raise HttpError(
                401,
                "this write needs the server's update token in an 'Authorization: Bearer <token>' header",
                {"WWW-Authenticate": 'Bearer realm="allegiance"'},
            )


def service() -> Service:
    """The Service of the running app (set up by ``create_app``)."""
    found: Service = current_app.extensions["allegiance"]
    return found
