"""Curation over HTTP: the operations for curators, the log and exports for everyone, and what pages show.

Reading stays public: the log, the exports, the pages. A correction needs a curator's token, sent as
``Authorization: Bearer <token>`` by programs, or kept in a cookie after signing in at ``/curate/sign-in`` by
people using the pages' forms. The cookie is ``SameSite=Strict`` and HttpOnly, and a form post must come from
this site (``Sec-Fetch-Site``), so another site cannot make a signed-in curator's browser send a correction. A server
started without ``--curators`` takes no corrections at all (403). The logic is ``allegiance.curation``'s.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, g, jsonify, redirect, render_template, request
from flask.blueprints import BlueprintSetupState
from werkzeug.wrappers import Response as BaseResponse

from allegiance.curation import Corrections, CurationError
from allegiance.endpoint.addresses import EXTENSIONS, SERVED, iri_for, local
from allegiance.endpoint.service import HttpError, service
from allegiance.endpoint.views import Alignment, Report
from allegiance.namespaces import ACTOR_CLASS_NAMES, RELATION_KINDS, STATEMENT_KINDS

blueprint = Blueprint("curation", __name__, template_folder="templates")

COOKIE = "allegiance_curator"
SAME_SITE = (None, "same-origin", "none")
"""What a browser says of where a form post comes from (``Sec-Fetch-Site``; absent from older browsers, which
the SameSite cookie still covers). ``Origin`` cannot tell: under the pages' ``no-referrer`` policy it is null."""
WRITING = threading.Lock()
"""One correction at a time: each reads the graphs it changes, then writes them."""


def _desk() -> Corrections:
    current = service()
    return Corrections(current.store, current.settings)


def curator() -> str | None:
    """The signed-in curator of this request (token in the Authorization header, or the pages' cookie)."""
    accounts = service().curators
    if accounts is None:
        return None
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    token = given.strip() if scheme.lower() == "bearer" else request.cookies.get(COOKIE, "")
    return accounts.who(token) if token else None


def _required_curator() -> str:
    if service().curators is None:
        raise HttpError(
            403, "this server takes no corrections: start it with --curators FILE (docs/curation.md)"
        )
    name = curator()
    if name is None:
        raise HttpError(
            401,
            "a correction needs a curator's token: send 'Authorization: Bearer <token>', or sign in at "
            "/curate/sign-in",
            {"WWW-Authenticate": 'Bearer realm="allegiance curators"'},
        )
    if "Authorization" not in request.headers and request.headers.get("Sec-Fetch-Site") not in SAME_SITE:
        raise HttpError(403, "a correction from a page must come from this site's own pages")
    return name


def _value(name: str) -> str:
    body = request.get_json(silent=True)
    found = body.get(name, "") if isinstance(body, dict) else request.values.get(name, "")
    return str(found).strip()


def _given(name: str) -> str:
    if not (found := _value(name)):
        raise CurationError(f"the field {name!r} is missing")
    return found


def _optional(name: str) -> str | None:
    return _value(name) or None


def _classes() -> list[str]:
    """A type correction's classes: a page form's several values, or one field of them separated by | or ,."""
    chosen = request.form.getlist("classes")
    return ("|".join(chosen) if len(chosen) > 1 else _given("classes")).replace(",", "|").split("|")


CHOICES = {"relation": RELATION_KINDS, "statement": STATEMENT_KINDS, "actor": sorted(ACTOR_CLASS_NAMES)}
"""What the pages' forms offer: the kinds a relation or a statement can be corrected to, the actor classes."""

OPERATIONS: dict[str, Callable[[Corrections, str], str]] = {
    "reject": lambda desk, by: desk.reject(_given("iri"), by=by, reason=_value("reason")),
    "confirm": lambda desk, by: desk.confirm(_given("iri"), by=by, reason=_value("reason")),
    "merge": lambda desk, by: desk.merge(_given("iri"), _given("into"), by=by, reason=_value("reason")),
    "alias": lambda desk, by: desk.alias(_given("iri"), _given("label"), by=by, reason=_value("reason")),
    "unalias": lambda desk, by: desk.alias(
        _given("iri"), _given("label"), by=by, reason=_value("reason"), remove=True
    ),
    "relabel": lambda desk, by: desk.relabel(_given("iri"), _given("label"), by=by, reason=_value("reason")),
    "type": lambda desk, by: desk.set_types(_given("iri"), _classes(), by=by, reason=_value("reason")),
    "wikidata": lambda desk, by: desk.set_wikidata(
        _given("iri"), _optional("qid"), by=by, reason=_value("reason")
    ),
    "not-an-actor": lambda desk, by: desk.not_an_actor(_given("iri"), by=by, reason=_value("reason")),
    "statement": lambda desk, by: desk.correct_statement(
        _given("iri"), by=by, speaker=_optional("speaker"), kind=_optional("kind"), reason=_value("reason")
    ),
    "relation": lambda desk, by: desk.correct_relation(
        _given("iri"),
        by=by,
        kind=_optional("kind"),
        reverse=bool(_optional("reverse")),
        source=_optional("source"),
        target=_optional("target"),
        reason=_value("reason"),
    ),
    "revert": lambda desk, by: desk.revert(_given("iri"), by=by, reason=_value("reason")),
    "split": lambda desk, by: desk.split(_given("iri"), by=by, reason=_value("reason")),
}
"""Each operation and the fields it reads (form fields or a JSON object): ``iri`` is what it changes."""


@blueprint.route("/api/curate/<operation>", methods=["POST"])
def correct(operation: str) -> BaseResponse:
    """Make a correction: 201 with its record's IRI, or back to the page the form was on (303)."""
    if operation not in OPERATIONS:
        raise HttpError(404, f"no curation operation {operation!r}; they are {', '.join(OPERATIONS)}")
    by = _required_curator()
    with WRITING:
        try:
            desk = _desk()
            desk.fresh(_given("iri"), _optional("expected"))
            record = OPERATIONS[operation](desk, by)
        except CurationError as error:
            raise HttpError(400, str(error)) from None
    back = _value("next")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back, code=303)
    created = jsonify(record=record)
    created.status_code = 201
    return created


@blueprint.route("/api/curate/log")
@blueprint.route("/api/curate/log.<extension>")
def log(extension: str = "json") -> Response:
    """Every correction, oldest first (public)."""
    desk = _desk()
    if extension == "csv":
        return Response(desk.log_csv(), content_type="text/csv; charset=utf-8")
    if extension != "json":
        raise HttpError(404, "the log is at /api/curate/log.json and /api/curate/log.csv")
    return jsonify(desk.log())


@blueprint.route("/api/curate/export.<extension>")
def export(extension: str) -> Response:
    """The corrections in force as the CSV a team imports, or the curation graph as TriG (public)."""
    desk = _desk()
    if extension == "csv":
        return Response(desk.export_csv(), content_type="text/csv; charset=utf-8")
    if extension == "trig":
        return Response(desk.trig(), content_type="application/trig; charset=utf-8")
    raise HttpError(404, "the exports are /api/curate/export.csv and /api/curate/export.trig")


@blueprint.route("/curate/sign-in", methods=["GET", "POST"])
def sign_in() -> BaseResponse | str:
    """A form for a curator's token; the token is kept in a cookie only this site's requests carry."""
    if service().curators is None:
        raise HttpError(
            403, "this server takes no corrections: start it with --curators FILE (docs/curation.md)"
        )
    back = _value("next") or "/"
    back = back if back.startswith("/") and not back.startswith("//") else "/"
    if request.method == "GET":
        return render_template("sign_in.html", title="Sign in to curate", back=back, failed=False)
    token = _value("token")
    if service().curators.who(token) is None:  # type: ignore[union-attr]
        return Response(
            render_template("sign_in.html", title="Sign in to curate", back=back, failed=True), status=401
        )
    response = redirect(back, code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", secure=request.is_secure)
    return response


@blueprint.route("/curate/sign-out", methods=["POST"])
def sign_out() -> BaseResponse:
    response = redirect("/", code=303)
    response.delete_cookie(COOKIE)
    return response


@blueprint.before_app_request
def merged_actor() -> BaseResponse | None:
    """The page of an actor merged into another is the other's page (its IRI stays as an alias)."""
    if not request.path.startswith(f"/{SERVED}"):
        return None
    stem, dot, extension = request.path[1:].rpartition(".")
    path, extension = (stem, extension) if dot and extension in EXTENSIONS else (request.path[1:], "")
    survivor = _desk().merged_into(iri_for(path)) if path.startswith(f"{SERVED}actor/") else None
    target = local(survivor, extension or "html") if survivor else None
    if target and not extension:  # the survivor's IRI, which negotiates the format as the merged one's did
        target = target.removesuffix(".html")
    return redirect(target, code=302) if target else None  # not 301: a revert splits them again


def _rejections() -> dict[str, dict[str, str]]:
    """The rejected facts, with who rejected them, when and why (read once per request)."""
    if "rejections" not in g:
        g.rejections = _desk().rejections()
    found: dict[str, dict[str, str]] = g.rejections
    return found


def rejection(iri: str) -> dict[str, str] | None:
    """Who rejected this fact, when and why, if it stands rejected (what pages strike it through with)."""
    return _rejections().get(iri)


def unrejected(reports: Iterable[Report]) -> list[Report]:
    """The reports no curator rejected: what a page's drawings count, while its lists strike the others through."""
    return [r for r in reports if not rejection(r.node.iri)]


def standing(alignments: Iterable[Alignment]) -> list[Alignment]:
    """The alignments without the reports curators rejected (and without those left with none): what an actor
    page's diagram and chart draw."""
    kept = [replace(a, asserted=unrejected(a.asserted), denied=unrejected(a.denied)) for a in alignments]
    return [a for a in kept if a.asserted or a.denied]


def curation_of(iri: str, kind: str) -> dict[str, Any]:
    """What a page's curation panel shows: the node's history, and for a curator the forms."""
    desk = _desk()
    return {
        "kind": kind,
        "curator": curator(),
        "accounts": service().curators is not None,
        "history": desk.history(iri),
        "rejected": rejection(iri),
        "token": desk.token(iri),
        "facts": [{**f, "token": desk.token(f["fact"])} for f in desk.facts_of(iri)]
        if kind == "document"
        else [],
        "choices": CHOICES,
    }


@blueprint.record_once
def helpers(state: BlueprintSetupState) -> None:
    state.app.jinja_env.globals.update(curation_of=curation_of, rejection=rejection)
