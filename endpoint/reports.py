"""``/reports``: the flat table of reports as a page, and its twins ``/reports.csv``, ``.json`` and ``.parquet``.

The filters are query-string values (``?kind=backs&from=2016-10-01``), checked by ``Filters.parse`` as the CLI's
options are. The keys of every report are kept until the store is written (``listings.Memo``), so a page costs
the filtering and the facets' counts in Python and the full rows of its 50 reports. The twins are built as every
list's are (``lists.twin``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask import Blueprint, Response, current_app, render_template, request
from flask.blueprints import BlueprintSetupState

from allegiance.endpoint.execution import Deadline
from allegiance.endpoint.listings import PAGE_SIZE, Memo
from allegiance.endpoint.lists import OWN, downloads, twin
from allegiance.endpoint.pages import Paging, page_number
from allegiance.endpoint.service import service
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


def _filters() -> Filters:
    return Filters.parse({k: v for k, v in request.args.items() if k not in OWN})


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
