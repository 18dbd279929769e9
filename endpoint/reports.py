"""``/reports``: the flat table of reports as a page, and its twins ``/reports.csv``, ``.json`` and ``.parquet``.

The filters are query-string values (``?kind=backs&from=2016-10-01``), checked by ``Filters.parse`` as the CLI's
options are. The keys of every report are kept until the store is written (``listings.Memo``), so a page costs
the filtering and the facets' counts in Python and the full rows of its 50 reports. The twins are built as every
list's are (``lists.twin``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, render_template, request
from flask.blueprints import BlueprintSetupState

from allegiance.endpoint import search
from allegiance.endpoint.execution import Deadline
from allegiance.endpoint.listings import PAGE_SIZE, Memo
from allegiance.endpoint.lists import OWN, downloads, twin
from allegiance.endpoint.pages import Paging, page_number
from allegiance.endpoint.service import HttpError, service
from allegiance.endpoint.timeline import Dated, timeline
from allegiance.namespaces import ACTOR_CLASS_NAMES
from allegiance.queries.facets import Faceted, facet
from allegiance.queries.reports import (
    COLUMNS,
    FACETS,
    KINDS,
    NUMBERS,
    Filters,
    Key,
    read_keys,
    read_rows,
)
from allegiance.results import for_people

blueprint = Blueprint("reports", __name__, template_folder="templates")

MEMO = "allegiance.reports"


@blueprint.record_once
def keep_keys(state: BlueprintSetupState) -> None:
    state.app.extensions[MEMO] = Memo()


def _chosen(filters: Filters) -> Faceted[Key]:
    """The keys of the reports the filters keep, in the table's order, and the facets' counts."""
    current = service()
    memo: Memo = current_app.extensions[MEMO]

    def work(deadline: Deadline) -> Faceted[Key]:
        version = current.store.version()
        keys = memo.get(version, "keys", lambda: read_keys(current.store, deadline.check))
        return facet(keys, filters.tests(current.store), FACETS)

    return current.runner.run(work)


def _reader() -> Callable[[Deadline, Sequence[Key]], list[dict[str, str]]]:
    """How the query runner reads the full rows of some reports (it has no app context to find the store in)."""
    store = service().store
    return lambda deadline, keys: read_rows(store, [key.report for key in keys], deadline.check)


IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
"""What the actor filters take as an IRI; any other value is an actor's name."""


def _filters() -> Filters:
    """The filters of the address. An actor given by its name (``actor=Syria``) that names one actor exactly (a
    label or an alias, without case) is a 303 to the same address with its IRI; one that names none or several is
    a 400 that lists them."""
    given = {k: v for k, v in request.args.items() if k not in OWN}
    for name in ("actor", "with"):
        value = given.get(name, "")
        if value and not IRI.fullmatch(value):
            found = search.named(value)
            if len(found) == 1:
                address = (
                    f"{request.base_url}?{urlencode({**request.args.to_dict(), name: found[0]['actor']})}"
                )
                raise HttpError(303, f"{value} is {found[0]['actor']}\n", {"Location": address})
            listed = "; ".join(f"{row['name']} <{row['actor']}>" for row in found)
            raise HttpError(
                400,
                f"{name}: {value!r} names {'several actors: ' + listed if found else 'no actor'}; give an IRI "
                f"(/search?{urlencode({'q': value})} finds actors by part of a name)",
            )
    return Filters.parse(given)


@blueprint.route("/reports")
def table() -> str:
    """The table page: filters, facets with counts, the chart of every report that matches over time (an actor's
    history with ``actor``, a pair's with ``with`` too), 50 reports a page and the downloads."""
    filters, number = _filters(), page_number()
    found = _chosen(filters)
    start = (number - 1) * PAGE_SIZE
    shown = found.chosen[start : start + PAGE_SIZE]
    read = _reader()
    rows = service().runner.run(lambda deadline: read(deadline, shown))
    store, asked = service().store, [iri for iri in (filters.actor, filters.other) if iri]
    names = service().runner.run(lambda _: for_people(store, asked, [asked])[1][0]) if asked else []
    return render_template(
        "reports.html",
        title="Reports",
        rows=rows,
        chart=timeline("Reports over time", (Dated(k.report, k.date, k.polarity) for k in found.chosen)),
        total=len(found.chosen),
        first=start + 1,
        paging=Paging(number, start + PAGE_SIZE < len(found.chosen)),
        facets=found.counts,
        filters=filters,
        actors=list(zip(asked, names, strict=True)),
        filtered=bool(filters.arguments()),
        kinds=KINDS,
        types=ACTOR_CLASS_NAMES,
        downloads=downloads("reports.download"),
    )


@blueprint.route("/reports.<fmt>")
def download(fmt: str) -> Response:
    """A twin of the page: every report that matches, or a page of them with ``_limit`` and ``_offset``."""
    return twin("reports", fmt, _chosen(_filters()).chosen, _reader(), COLUMNS, NUMBERS)
