"""Query results as rows for people and programs: one conversion, used by the CLI and the named-query API.

SPARQL tools get the standard result formats from the endpoint; these are the simpler shapes a script or a
spreadsheet wants: a header and plain values.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from allegiance.namespaces import PREFIXES
from allegiance.store import GraphStore, QueryResult


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


SEPARATOR = "; "
"""How the several values of one cell are joined (a statement's targets, a speaker's types)."""
RECORD_FORMATS = ("csv", "json", "parquet")


def records(
    columns: Sequence[str], rows: Iterable[Mapping[str, str]], fmt: str, numbers: Mapping[str, type]
) -> bytes:
    """Rows of plain values as a download: CSV (a header, then the values), JSON (a list of objects) or Parquet
    (a table of strings). A column of ``numbers`` (``{"confidence": float}``) is a number in JSON and Parquet,
    null where it is empty; everything else stays a string, as the store gave it."""
    table = [{column: row.get(column, "") for column in columns} for row in rows]
    if fmt == "csv":
        return render(list(columns), [list(row.values()) for row in table], "csv").encode()
    typed = [
        {**row, **{c: kind(row[c]) if row[c] else None for c, kind in numbers.items() if c in row}}
        for row in table
    ]
    if fmt == "json":
        return (json.dumps(typed, indent=1, ensure_ascii=False) + "\n").encode()
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        arrow = {float: pa.float64(), int: pa.int64()}
        schema = pa.schema([(c, arrow[numbers[c]] if c in numbers else pa.string()) for c in columns])
        out = io.BytesIO()
        pq.write_table(pa.Table.from_pylist(typed, schema=schema), out)
        return out.getvalue()
    raise ValueError(f"downloads come as {', '.join(RECORD_FORMATS)}, not {fmt!r}")


GAP = "  "
NARROWEST = 8
"""No column is wrapped narrower than this: below it a table is easier to read as CSV."""
WORD = 20
"""A column is kept as wide as its longest word up to this many characters, so that a name or a date is never
cut; a longer word (an IRI, a URL) is cut where the column ends."""


def _header(name: str, width: int) -> list[str]:
    """A column's name on as many lines as it needs, cut after its underscores (``attributed_`` / ``to_label``)."""
    lines = [""]
    for part in re.split(r"(?<=_)", name):
        if lines[-1] and len(lines[-1]) + len(part) > width:
            lines.append("")
        lines[-1] += part
    return [piece for line in lines for piece in textwrap.wrap(line, width) or [""]]


def _widths(columns: list[str], rows: list[list[str]], room: int) -> list[int]:
    """Column widths that fit ``room``: each column's widest cell when they all fit. Otherwise a column that
    fits in an equal share of the room keeps its width (repeated with what is left), and the wide ones share
    the rest: each gets its longest word (``WORD`` at most) or ``NARROWEST``, and what is left goes to them in
    proportion to what more they would take. A long evidence sentence takes the room, a name or a count keeps
    its own. When the longest words alone would not fit, every column may be cut down to ``NARROWEST``."""
    whole = [max(len(row[i]) for row in [columns, *rows]) for i in range(len(columns))]
    if sum(whole) <= room:
        return whole
    longest = [
        max(
            [len(part) for part in re.split(r"(?<=_)", columns[i])]
            + [len(word) for row in rows for word in row[i].split()]
        )
        for i in range(len(columns))
    ]
    floor = [min(whole[i], max(NARROWEST, min(WORD, longest[i]))) for i in range(len(columns))]
    if sum(floor) > room:  # a narrow terminal: words are cut rather than lines made longer than it
        floor = [min(whole[i], NARROWEST) for i in range(len(columns))]
    widths: dict[int, int] = {}
    while len(widths) < len(whole):
        wide = [i for i in range(len(whole)) if i not in widths]
        fair = (room - sum(widths.values())) // len(wide)
        fitting = {i: whole[i] for i in wide if whole[i] <= fair}
        if not fitting:
            left = max(0, room - sum(widths.values()) - sum(floor[i] for i in wide))
            more = sum(whole[i] - floor[i] for i in wide)
            widths.update({i: floor[i] + left * (whole[i] - floor[i]) // more for i in wide})
        widths.update(fitting)
    return [widths[i] for i in range(len(whole))]


def _table(columns: list[str], rows: list[list[str]]) -> str:
    """Aligned columns that wrap to the terminal's width; rows that wrap are set apart by an empty line."""
    room = max(40, shutil.get_terminal_size((120, 20)).columns) - len(GAP) * (len(columns) - 1)
    widths = _widths(columns, rows, room)
    wrapped = [[_header(name, width) for name, width in zip(columns, widths, strict=True)]] + [
        [
            textwrap.wrap(cell, width, break_on_hyphens=False) or [""]
            for cell, width in zip(row, widths, strict=True)
        ]
        for row in rows
    ]
    spaced = any(len(lines) > 1 for row in wrapped[1:] for lines in row)
    out = []
    for number, row in enumerate(wrapped):
        if number > 1 and spaced:
            out.append("")
        for depth in range(max(len(lines) for lines in row)):
            cells = [lines[depth] if depth < len(lines) else "" for lines in row]
            out.append(GAP.join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)).rstrip())
        if number == 0:
            out.append(GAP.join("-" * w for w in widths))
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


LABELS = "SELECT ?x (SAMPLE(?name) AS ?label) WHERE { VALUES ?x { %s } ?x rdfs:label ?name } GROUP BY ?x"
BATCH = 500


def for_people(
    store: GraphStore, columns: list[str], rows: list[list[str]]
) -> tuple[list[str], list[list[str]]]:
    """What a table shows a person: names, not IRIs. A column ``X`` beside ``X_label`` is shown as the label
    under the name ``X``; any other IRI with a label in the store is shown as its label, and one without as a
    prefixed name (``wd:Q159``, ``kind:backs``). CSV and JSON keep the IRIs: they are for programs."""
    paired = {c for c in columns if f"{c}_label" in columns}
    keep = [i for i, c in enumerate(columns) if c not in paired]
    names = [
        columns[i].removesuffix("_label") if columns[i].removesuffix("_label") in paired else columns[i]
        for i in keep
    ]
    kept = [[row[i] for i in keep] for row in rows]
    iris = sorted({value for row in kept for value in row if _is_iri(value)})
    labels: dict[str, str] = {}
    for start in range(0, len(iris), BATCH):
        values = " ".join(f"<{iri}>" for iri in iris[start : start + BATCH])
        solutions = store.query(LABELS % values)
        assert isinstance(solutions, ox.QuerySolutions)
        labels.update((row["x"].value, row["label"].value) for row in solutions)
    return names, [[labels.get(value) or _prefixed(value) for value in row] for row in kept]


def _is_iri(value: str) -> bool:
    if not value.startswith(("http://", "https://", "urn:")):
        return False
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


def _prefixed(value: str) -> str:
    for prefix, namespace in PREFIXES.items():
        rest = value.removeprefix(namespace)
        if rest != value and rest and all(ch.isalnum() or ch in "-_." for ch in rest):
            return f"{prefix}:{rest}"
    return value
