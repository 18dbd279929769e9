"""``/reports``: the flat table of reports as a page, and its twins ``/reports.csv``, ``.json`` and ``.parquet``.

The filters are query-string values (``?kind=backs&from=2016-10-01``), checked by ``Filters.parse`` as the CLI's
options are. The keys of every report are kept until the store is written (``listings.Memo``), so a page costs
the filtering in Python and the full rows of its 50 reports. The twins take ``_limit`` and ``_offset`` as the
named-query API does, with the total in ``X-Total-Count`` and the neighbouring pages in ``Link``; without
``_limit`` they hold every report that matches, read ``CHUNK`` reports per run of the query runner so that
each run stays within the time limit.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, render_template, request
from flask.blueprints import BlueprintSetupState

from allegiance.endpoint.api import count_argument, page_links
from allegiance.endpoint.execution import Deadline, ResultTooLarge
from allegiance.endpoint.listings import PAGE_SIZE, Memo
from allegiance.endpoint.pages import Paging, page_number
from allegiance.endpoint.service import service
from allegiance.queries.reports import CHUNK, KINDS, TYPES, Filters, Key, facets, read_keys, read_rows, render
from allegiance.results import Page

blueprint = Blueprint("reports", __name__, template_folder="templates")

MEMO = "allegiance.reports"
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "parquet": "application/vnd.apache.parquet",
}
"""The twins' media types (Parquet's as registered with IANA in 2024)."""
OWN = ("page", "_limit", "_offset")
"""Arguments that choose a page rather than filter."""


@blueprint.record_once
def keep_keys(state: BlueprintSetupState) -> None:
    state.app.extensions[MEMO] = Memo()


def _chosen(filters: Filters) -> list[Key]:
    """The keys of the reports the filters keep, in the table's order."""
    current = service()
    memo: Memo = current_app.extensions[MEMO]

    def work(deadline: Deadline) -> list[Key]:
        version = current.store.version()
        keys = memo.get(version, "keys", lambda: read_keys(current.store, deadline.check))
        keep = filters.matcher(current.store)
        return [key for key in keys if keep(key)]

    return current.runner.run(work)


def _rows(reports: list[str]) -> list[dict[str, str]]:
    """The full rows of ``reports``, one run of the query runner per ``CHUNK`` of them."""
    current = service()
    rows: list[dict[str, str]] = []
    for start in range(0, len(reports), CHUNK):
        chunk = reports[start : start + CHUNK]
        rows += current.runner.run(
            lambda deadline, chunk=chunk: read_rows(current.store, chunk, deadline.check)  # type: ignore[misc]
        )
    return rows


def _filters() -> Filters:
    return Filters.parse({k: v for k, v in request.args.items() if k not in OWN})


@blueprint.route("/reports")
def table() -> str:
    """The table page: filters, facets with counts, 50 reports a page and the downloads."""
    filters, number = _filters(), page_number()
    chosen = _chosen(filters)
    start = (number - 1) * PAGE_SIZE
    rows = _rows([key.report for key in chosen[start : start + PAGE_SIZE]])
    arguments = filters.arguments()
    return render_template(
        "reports.html",
        title="Reports",
        rows=rows,
        total=len(chosen),
        first=start + 1,
        paging=Paging(number, start + PAGE_SIZE < len(chosen)),
        facets=facets(chosen),
        filters=filters,
        arguments=arguments,
        kinds=KINDS,
        types=TYPES,
        downloads={fmt: f"{request.script_root}/reports.{fmt}?{urlencode(arguments)}" for fmt in MEDIA},
    )


@blueprint.route("/reports.<fmt>")
def download(fmt: str) -> Response:
    """A twin of the page: every report that matches, or a page of them with ``_limit`` and ``_offset``."""
    if fmt not in MEDIA:
        return Response(f"reports come as {', '.join(MEDIA)}\n", status=404, content_type="text/plain")
    filters = _filters()
    offset, limit = count_argument("_offset") or 0, count_argument("_limit")
    chosen = _chosen(filters)
    reports = [key.report for key in chosen[offset : None if limit is None else offset + limit]]
    if len(reports) > service().limits.max_rows:
        raise ResultTooLarge(
            f"{len(reports):,} reports match, more than the {service().limits.max_rows:,} rows this endpoint "
            "answers at once (ask for pages with _limit and _offset)"
        )
    rows = _rows(reports)
    page = Page([], [], offset, len(chosen))
    links = page_links(request.base_url, request.args.to_dict(), page, limit)
    headers = {"X-Total-Count": str(len(chosen))}
    if links:
        headers["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())
    if fmt != "json":
        headers["Content-Disposition"] = f'attachment; filename="reports.{fmt}"'
    return Response(render(rows, fmt), content_type=MEDIA[fmt], headers=headers)
