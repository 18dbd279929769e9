"""The lists a person browses (actors, statements, documents): their filters and facets, and every list's twins.

A list is a :class:`Browsing`: the listing its rows come from (``listings``: read once per store version and
sorted in Python), the facets it counts (``queries.facets``; each facet is a filter of the same name), the
column a date range compares, the filter the store binds (a speaker), and the columns of its twins.
:meth:`Browsing.choose` applies a visitor's arguments the same way for the page and for its twins, so a twin
holds what the page shows, every page of it.

:func:`twin` answers every list's downloads, the reports table's too (``/statements.csv``, ``/reports.parquet``):
``_limit`` and ``_offset`` as in the named-query API, the total in ``X-Total-Count``, the neighbouring pages in
``Link``; without ``_limit``, every row that matches (up to the endpoint's row limit), read ``CHUNK`` rows per
run of the query runner so that each run stays within the time limit. :func:`downloads` and :func:`refine` are
the links a page carries: its twins with the same filters, and itself with one filter more or less.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from flask import Response, request, url_for

from allegiance.endpoint.api import count_argument, page_links
from allegiance.endpoint.execution import Deadline, ResultTooLarge
from allegiance.endpoint.listings import (
    ACTORS,
    DOCUMENTS,
    STATEMENTS,
    Bindings,
    Listing,
    Row,
    Snapshot,
    statement_details,
)
from allegiance.endpoint.service import HttpError, service
from allegiance.namespaces import ACTOR_CLASS_NAMES, STATEMENT_KINDS
from allegiance.queries import Parameter, QueryError
from allegiance.queries.facets import Facet, Faceted, Test, facet
from allegiance.queries.reports import CHUNK
from allegiance.results import SEPARATOR, Page, records
from allegiance.store import GraphStore

T = TypeVar("T")
Check = Callable[[str], str]
"""A filter's value as the visitor wrote it, checked (a QueryError, a 400, says what fits) and as it compares."""

MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "parquet": "application/vnd.apache.parquet",
}
"""The twins' media types (Parquet's as registered with IANA in 2024)."""
OWN = ("page", "_limit", "_offset")
"""Arguments that choose a page rather than filter; a twin's links and a facet's links leave them out."""


def one_of(name: str, allowed: Sequence[str]) -> Check:
    def check(raw: str) -> str:
        if raw not in allowed:
            raise QueryError(f"{name} must be one of {', '.join(allowed)}, got {raw!r}")
        return raw

    return check


def year(raw: str) -> str:
    if not re.fullmatch(r"\d{4}", raw):
        raise QueryError(f"year must be four digits like 2016, got {raw!r}")
    return raw


def iri(name: str) -> Check:
    return lambda raw: Parameter(name, "iri", False, "").bind(raw).value


def day(name: str, raw: str) -> str:
    """A date filter as an ISO day; lists compare the day a date falls on, so a date with a time counts on it."""
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        raise QueryError(f"{name} must be a date like 2016-10-25, got {raw!r}") from None


def single(column: str) -> Callable[[Row], tuple[str, ...]]:
    """A facet's values: the column's, none where it is empty."""
    return lambda row: (row[column],) if row[column] else ()


def several(column: str) -> Callable[[Row], list[str]]:
    """A facet's values: the column's, joined by ``SEPARATOR`` (a speaker's types)."""
    return lambda row: row[column].split(SEPARATOR) if row[column] else []


def year_of(column: str) -> Callable[[Row], tuple[str, ...]]:
    """A facet's values: the year of the column's date."""
    return lambda row: (row[column][:4],) if row[column] else ()


@dataclass(frozen=True)
class Browsing:
    """One list: where its rows come from, how it is filtered and counted, what its twins hold.

    ``checks`` checks the value of a facet's filter (a facet without one takes any text); ``dated`` is the
    column ``from`` and ``to`` compare ('' when the list takes no dates); ``bound`` names the filters that the
    store binds in the listing's queries (its rows are then read now, not kept); ``details`` adds what a page
    shows besides the listing's columns, for the rows shown or downloaded only.
    """

    listing: Listing
    default: str
    facets: tuple[Facet[Row], ...]
    columns: tuple[str, ...]
    checks: Mapping[str, Check] = field(default_factory=dict)
    numbers: Mapping[str, type] = field(default_factory=dict)
    dated: str = ""
    bound: tuple[str, ...] = ()
    details: Callable[[GraphStore, Deadline, list[Row]], list[Row]] | None = None

    def sort(self, arguments: Mapping[str, str]) -> str:
        """The visitor's sort key, checked against the orders this list offers."""
        key = arguments.get("sort") or self.default
        if key not in self.listing.orders:
            raise QueryError(f"sort must be one of {', '.join(self.listing.orders)}, got {key!r}")
        return key

    def filters(self, arguments: Mapping[str, str]) -> tuple[dict[str, Test[Row]], Bindings]:
        """The visitor's filters, checked: tests of a row by name, and the values the store binds."""
        tests: dict[str, Test[Row]] = {}
        for f in self.facets:
            if raw := arguments.get(f.name):
                tests[f.name] = f.test(self.checks.get(f.name, str)(raw))
        if self.dated:
            column = self.dated
            if raw := arguments.get("from"):
                since = day("from", raw)
                tests["from"] = lambda row: row[column][:10] >= since
            if raw := arguments.get("to"):
                until = day("to", raw)
                tests["to"] = lambda row: "" < row[column][:10] <= until
        bindings = {
            name: Parameter(name, "iri", False, "").bind(raw)
            for name in self.bound
            if (raw := arguments.get(name))
        }
        return tests, bindings

    def choose(self, snapshot: Snapshot, arguments: Mapping[str, str]) -> Faceted[Row]:
        """The rows the visitor's filters keep, in the order asked for, and each facet's counts."""
        tests, bindings = self.filters(arguments)
        rows = snapshot.rows(self.listing, self.sort(arguments), bindings)
        return facet(rows, tests, self.facets)

    def full(self, store: GraphStore, deadline: Deadline, rows: list[Row]) -> list[Row]:
        """``rows`` with what the page shows of them besides the listing's columns."""
        return self.details(store, deadline, rows) if self.details else rows


BROWSINGS = {
    "actors": Browsing(
        ACTORS,
        "name",
        (
            Facet("type", single("type")),
            Facet("country", single("country"), label=lambda row: row["country_label"]),
        ),
        ("actor", "label", "type", "country", "country_label", "wikidata", "statements"),
        checks={"type": one_of("type", ACTOR_CLASS_NAMES), "country": iri("country")},
        numbers={"statements": int},
    ),
    "statements": Browsing(
        STATEMENTS,
        "newest",
        (
            Facet("kind", single("kind")),
            Facet("speaker_type", several("speaker_type")),
            Facet("publisher", single("publisher")),
            Facet("year", year_of("date"), newest_first=True),
        ),
        (
            "statement",
            "date",
            "kind",
            "speaker",
            "speaker_label",
            "speaker_type",
            "text",
            "document",
            "title",
            "publisher",
        ),
        checks={
            "kind": one_of("kind", STATEMENT_KINDS),
            "speaker_type": one_of("speaker_type", ACTOR_CLASS_NAMES),
            "year": year,
        },
        dated="date",
        bound=("speaker",),
        details=statement_details,
    ),
    "documents": Browsing(
        DOCUMENTS,
        "newest",
        (Facet("publisher", single("publisher")), Facet("year", year_of("issued"), newest_first=True)),
        ("document", "title", "issued", "publisher", "url"),
        checks={"year": year},
        dated="issued",
    ),
}
"""Every list a person browses, by the name of its page."""


def carried() -> dict[str, str]:
    """The page's filters and sort, as the address gives them: what its twins and facet links keep."""
    return {key: value for key, value in request.args.items() if value and key not in OWN}


def downloads(endpoint: str, **values: str) -> dict[str, str]:
    """The page's twins, by format, with the page's filters and sort."""
    arguments: dict[str, Any] = {**values, **carried()}
    return {fmt: url_for(endpoint, fmt=fmt, **arguments) for fmt in MEDIA}


def refine(name: str, value: str) -> str:
    """This page, from its first page, with the filter ``name`` set to ``value`` (left out when empty)."""
    arguments: dict[str, Any] = {**(request.view_args or {}), **carried(), name: value}
    return url_for(request.endpoint or "", **{k: v for k, v in arguments.items() if v})


def twin(
    name: str,
    fmt: str,
    chosen: Sequence[T],
    read: Callable[[Deadline, Sequence[T]], list[Row]],
    columns: Sequence[str],
    numbers: Mapping[str, type],
) -> Response:
    """A list's download: the full rows (``read``) of ``chosen``, or of the page of them that ``_limit`` and
    ``_offset`` ask for, as ``fmt``, with the total and the neighbouring pages in the headers."""
    if fmt not in MEDIA:
        raise HttpError(404, f"{name} come as {', '.join(MEDIA)}")
    current = service()
    offset, limit = count_argument("_offset") or 0, count_argument("_limit")
    part = chosen[offset : None if limit is None else offset + limit]
    if len(part) > current.limits.max_rows:
        raise ResultTooLarge(
            f"{len(part):,} {name} match, more than the {current.limits.max_rows:,} rows this endpoint answers "
            "at once (ask for pages with _limit and _offset)"
        )
    rows: list[Row] = []
    for start in range(0, len(part), CHUNK):
        rows += current.runner.run(lambda deadline, chunk=part[start : start + CHUNK]: read(deadline, chunk))  # type: ignore[misc]
    headers = {"X-Total-Count": str(len(chosen))}
    links = page_links(request.base_url, request.args.to_dict(), Page([], [], offset, len(chosen)), limit)
    if links:
        headers["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())
    if fmt != "json":
        headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return Response(records(columns, rows, fmt, numbers), content_type=MEDIA[fmt], headers=headers)
