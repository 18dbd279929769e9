"""Query results as rows for people and programs: one conversion, used by the CLI and the named-query API.

SPARQL tools get the standard result formats from the endpoint; these are the simpler shapes a script or a
spreadsheet wants: a header and plain values.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from dataclasses import dataclass

import pyoxigraph as ox

from allegiance.store import QueryResult


def term_value(term: object) -> str:
    """The plain value of a term: an IRI's text, a literal's lexical form, '' for an unbound variable."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def to_rows(result: QueryResult) -> tuple[list[str], list[list[str]]]:
    """Columns and rows of plain values, whatever the query form (ASK gives one 'result' cell)."""
    if isinstance(result, ox.QueryBoolean):
        return ["result"], [["true" if bool(result) else "false"]]
    if isinstance(result, ox.QueryTriples):
        return ["subject", "predicate", "object"], [
            [term_value(t.subject), term_value(t.predicate), term_value(t.object)] for t in result
        ]
    page = to_page(result)
    return page.columns, page.rows


@dataclass(frozen=True)
class Page:
    """A stretch of a result's rows (``offset`` rows skipped), with the number of rows of the whole result."""

    columns: list[str]
    rows: list[list[str]]
    offset: int
    total: int


def to_page(result: ox.QuerySolutions, offset: int = 0, limit: int | None = None) -> Page:
    """The rows after the first ``offset``, ``limit`` at most, and the count of all rows, in one pass.

    Counting by reading the result to its end costs little more than the page itself: every named query sorts
    its rows, so the store has computed all of them before it hands out the first. Only the page's rows are
    converted to values.
    """
    columns = [v.value for v in result.variables]
    end = None if limit is None else offset + limit
    rows, total = [], 0
    for solution in result:
        if total >= offset and (end is None or total < end):
            rows.append([term_value(solution[c]) for c in columns])
        total += 1
    return Page(columns, rows, offset, total)


def render(columns: list[str], rows: list[list[str]], fmt: str) -> str:
    """Render rows as 'table' (aligned, for a terminal), 'csv' (with header) or 'json' (a list of objects)."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return out.getvalue()
    if fmt == "json":
        return (
            json.dumps([dict(zip(columns, row, strict=True)) for row in rows], indent=2, ensure_ascii=False)
            + "\n"
        )
    return _table(columns, rows)


def _table(columns: list[str], rows: list[list[str]]) -> str:
    width = max(40, shutil.get_terminal_size((120, 20)).columns)
    cap = max(12, width // max(1, len(columns)) - 3)
    cells = [[c if len(c) <= cap else c[: cap - 1] + "…" for c in row] for row in [columns, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
