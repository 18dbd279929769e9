"""The reference actors: the tables of ``ingest/data/actors/*.tsv``, checked, as the reference-actors graph.

The actors are data, reviewed as data: one row per actor or post, each naming the page it was taken from, with
section notes as ``#`` comments (the format: one header row naming the columns, ``|`` between the values of a
cell, links by the exact label of another row). This module is the only code between the tables and the
graph, so a mistake in a row (a misspelt type, a link to a label nobody defined, an alias that already names
another actor) is reported with its file and line when the tables are loaded, not found later as a false
actor in every ingested document.

``python -m allegiance.ingest.reference --check`` prints what the tables hold and every problem (exit 1 if any).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import pyoxigraph as ox

from allegiance.config import DEFAULT_BASE_IRI
from allegiance.ingest.lexicon import normalise
from allegiance.iris import Minter, slug
from allegiance.namespaces import (
    ACTOR_CLASS_NAMES,
    ROLES,
    Al,
    Dcterms,
    Kind,
    Org,
    Rdf,
    Rdfs,
    Skos,
    Term,
    Wd,
    Xsd,
)

__all__ = ["UNVERIFIED", "ReferenceDataError", "Tables", "check", "load", "main", "read", "to_triples"]

UNVERIFIED = "unverified:2016-tables"
"""The source of rows carried over from the 2016 tables that no page read since supports (no triple is made)."""

LINKS = {  # column -> (predicate, the type the linked actor must have, or None for any actor)
    "country": (Al.country, "State"),
    "part_of": (Al.partOf, None),
    "member_of": (Al.memberOf, None),
    "government_of": (Al.governmentOf, "State"),
    "leads": (Al.leads, None),
    "speaks_for": (Al.speaksFor, None),
    "renamed_to": (Al.renamedTo, None),
}
NAMES = {"capital": Al.capital, "demonym": Al.demonym, "place": Al.place}
ACTOR_COLUMNS = frozenset(
    {"label", "type", "aliases", "from", "to", "wikidata", "source", "note", *LINKS, *NAMES}
)
POST_COLUMNS = frozenset({"person", "role", "organisation", "from", "to", "source", "note"})
REQUIRED = {"actor": ("label", "type", "source"), "post": ("person", "role", "organisation", "source")}
DATE_TYPES = {4: Xsd.gYear, 7: Xsd.gYearMonth, 10: Xsd.date}  # by the length of YYYY, YYYY-MM, YYYY-MM-DD
QID_TABLE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "wikidata-qids.tsv"
"""The team's Wikidata table beside a checkout; an installed package has none (its tables were checked before)."""
MINTER = Minter(DEFAULT_BASE_IRI)  # shipped data is written against the default base; bootstrap rebases it


@dataclass(frozen=True)
class Row:
    """One row of a table, with where it came from for error messages."""

    file: str
    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")

    def values(self, column: str) -> list[str]:
        """The ``|``-separated values of a cell, trimmed."""
        return [v.strip() for v in self[column].split("|") if v.strip()]

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Tables:
    """Every actor row and post row, and the problems found while reading them."""

    actors: list[Row]
    posts: list[Row]
    problems: list[str]


class ReferenceDataError(ValueError):
    """The tables have problems: each is ``file:line: what is wrong``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("the reference actor tables have problems:\n  " + "\n  ".join(problems))
        self.problems = problems


def folder() -> Traversable:
    """The shipped tables, read through importlib.resources so that a wheel works like a checkout."""
    return files("allegiance.ingest").joinpath("data/actors")


def read(tables: Traversable | Path | None = None) -> Tables:
    """Every ``*.tsv`` file of the folder: ``posts-*.tsv`` are posts, the others actors."""
    result = Tables([], [], [])
    for path in sorted(
        (p for p in (tables or folder()).iterdir() if p.name.endswith(".tsv")), key=lambda p: p.name
    ):
        kind = "post" if path.name.startswith("posts-") else "actor"
        known = POST_COLUMNS if kind == "post" else ACTOR_COLUMNS
        rows = result.posts if kind == "post" else result.actors
        header: list[str] | None = None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = [c.strip() for c in line.split("\t")]
            where = f"{path.name}:{number}"
            if header is None:
                header = cells
                result.problems += [f"{where}: unknown column {c!r}" for c in cells if c not in known]
                result.problems += [f"{where}: no {c!r} column" for c in REQUIRED[kind] if c not in cells]
            elif len(cells) > len(header):
                result.problems.append(f"{where}: {len(cells)} cells but {len(header)} columns")
            else:
                rows.append(Row(path.name, number, dict(zip(header, cells, strict=False))))
    return result


def trusted_qids(table: Path = QID_TABLE) -> frozenset[str] | None:
    """The QIDs the team's table marks 'verified' or 'well-known'; None when the table is absent."""
    if not table.exists():
        return None
    rows = [line.split("\t") for line in table.read_text(encoding="utf-8").splitlines()[1:]]
    return frozenset(r[1].strip() for r in rows if len(r) > 3 and r[3].strip() in {"verified", "well-known"})


def _date_problem(value: str) -> str | None:
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
    try:
        date.fromisoformat((value + "-01-01")[:10])
    except ValueError:
        return f"date {value!r} does not exist"
    return None


def _common_problems(row: Row, kind: str) -> list[str]:
    """Required cells, sources and dates: what actor and post rows share."""
    problems = [f"{row.where}: no {c}" for c in REQUIRED[kind] if not row[c]]
    for source in row.values("source"):
        if source != UNVERIFIED and not re.fullmatch(r"https?://\S+", source):
            problems.append(f"{row.where}: source {source!r} is neither an http(s) URL nor {UNVERIFIED!r}")
    dates = [row[c] for c in ("from", "to") if row[c]]
    problems += [f"{row.where}: {p}" for d in dates if (p := _date_problem(d))]
    if len(dates) == 2 and not any(map(_date_problem, dates)):
        start, end = (d[: min(map(len, dates))] for d in dates)
        if start > end:
            problems.append(f"{row.where}: from {dates[0]} is after to {dates[1]}")
    return problems


def check(tables: Tables, trusted: frozenset[str] | None = None) -> list[str]:
    """Every problem of the tables, as ``file:line: what is wrong``; QIDs are checked against ``trusted``."""
    problems = list(tables.problems)
    by_label: dict[str, Row] = {}
    by_slug: dict[str, Row] = {}
    for row in tables.actors:
        problems += _common_problems(row, "actor")
        if not row["label"]:
            continue
        first = by_slug.setdefault(slug(row["label"]), row)
        if first is not row:
            problems.append(
                f"{row.where}: label {row['label']!r} repeats {first['label']!r} ({first.where}): "
                f"both would be actor:{slug(row['label'])}"
            )
        by_label.setdefault(row["label"], row)
        problems += [
            f"{row.where}: unknown type {t!r}" for t in row.values("type") if t not in ACTOR_CLASS_NAMES
        ]
        qid = row["wikidata"]
        if qid and not re.fullmatch(r"Q[1-9][0-9]*", qid):
            problems.append(f"{row.where}: malformed QID {qid!r}")
        elif qid and trusted is not None and qid not in trusted:
            problems.append(f"{row.where}: QID {qid} is not 'verified' or 'well-known' in the shared table")

    def refer(row: Row, column: str, label: str, expected: str | None) -> None:
        target = by_label.get(label)
        if target is None:
            problems.append(f"{row.where}: {column} refers to {label!r}, which no row defines")
        elif expected and expected not in target.values("type"):
            problems.append(f"{row.where}: {column} {label!r} is not a {expected}")

    owners: dict[str, set[str]] = defaultdict(set)
    for row in tables.actors:
        for column, (_, expected) in LINKS.items():
            for label in row.values(column):
                refer(row, column, label, expected)
        for name in [row["label"], *row.values("aliases")]:
            owners[normalise(name)].add(row["label"])
    for name, labels in sorted(owners.items()):
        if len(labels) > 1:
            places = ", ".join(f"{label!r} ({by_label[label].where})" for label in sorted(labels))
            problems.append(f"name clash: {name!r} names {places}")
    posts: dict[str, Row] = {}
    for row in tables.posts:
        problems += _common_problems(row, "post")
        if row["role"] and row["role"] not in ROLES:
            problems.append(f"{row.where}: unknown role {row['role']!r}")
        if row["person"]:
            refer(row, "person", row["person"], "Person")
        if row["organisation"]:
            refer(row, "organisation", row["organisation"], None)
        first = posts.setdefault(MINTER.post(row["person"], row["role"], row["organisation"]), row)
        if first is not row:
            problems.append(f"{row.where}: the same post as {first.where}")
    return problems


Values = list[tuple[Term, ox.NamedNode | ox.Literal]]
"""A node's predicates and values, as :func:`to_triples` collects them per row."""


def _dates_and_sources(row: Row) -> Values:
    """al:startDate and al:endDate typed by their precision, and dcterms:source for each page cited."""
    dates: Values = [
        (predicate, ox.Literal(row[column], datatype=DATE_TYPES[len(row[column])].node))
        for column, predicate in (("from", Al.startDate), ("to", Al.endDate))
        if row[column]
    ]
    return dates + [(Dcterms.source, ox.NamedNode(s)) for s in row.values("source") if s != UNVERIFIED]


def to_triples(tables: Tables) -> list[ox.Triple]:
    """The tables as RDF, each triple once, in the order of the rows; assumes :func:`check` found nothing."""
    triples: dict[ox.Triple, None] = {}

    def add(node: Term, values: Values) -> None:
        triples.update(dict.fromkeys(ox.Triple(node.node, p.node, value) for p, value in values))

    for row in tables.actors:
        values: Values = [(Rdfs.label, ox.Literal(row["label"]))]
        values += [(Rdf.type, Al[t].node) for t in row.values("type")]
        values += [(Skos.altLabel, ox.Literal(alias)) for alias in row.values("aliases")]
        for column, (predicate, _) in LINKS.items():
            values += [(predicate, MINTER.actor(label).node) for label in row.values(column)]
        for column, predicate in NAMES.items():
            values += [(predicate, ox.Literal(name)) for name in row.values(column)]
        if row["wikidata"]:
            values += [(Al.wikidata, Wd[row["wikidata"]].node), (Skos.exactMatch, Wd[row["wikidata"]].node)]
        add(MINTER.actor(row["label"]), values + _dates_and_sources(row))
    for row in tables.posts:
        post = MINTER.post(row["person"], row["role"], row["organisation"])
        add(MINTER.actor(row["person"]), [(Org.holds, post.node)])
        add(
            post,
            [
                (Rdf.type, Al.Post.node),
                (Org.role, Kind[row["role"]].node),
                (Org.postIn, MINTER.actor(row["organisation"]).node),
                *_dates_and_sources(row),
            ],
        )
    return list(triples)


def load(tables: Traversable | Path | None = None) -> list[ox.Triple]:
    """The reference-actors graph of the shipped tables (or of another folder); raises on any problem."""
    read_tables = read(tables)
    if problems := check(read_tables, trusted_qids()):
        raise ReferenceDataError(problems)
    return to_triples(read_tables)


def _report(tables: Tables, problems: Iterable[str]) -> list[str]:
    """Counts per type and per file, the unverified rows, then the problems."""
    types = Counter(t for row in tables.actors for t in row.values("type"))
    per_file = Counter(row.file for row in [*tables.actors, *tables.posts])
    unverified = sum(UNVERIFIED in row.values("source") for row in [*tables.actors, *tables.posts])
    lines = [f"{len(tables.actors)} actors, {len(tables.posts)} posts", "actors per type:"]
    lines += [f"  {t:<26} {n:>5}" for t, n in sorted(types.items())]
    lines += ["rows per file:"] + [f"  {f:<26} {n:>5}" for f, n in sorted(per_file.items())]
    lines.append(f"rows with source {UNVERIFIED}: {unverified}")
    problems = list(problems)
    lines.append(f"{len(problems)} problems" + (":" if problems else ""))
    return lines + [f"  {p}" for p in problems]


def main(argv: list[str] | None = None) -> int:
    """The check as a command, for reviewing a table before it is committed; 1 when anything is wrong."""
    parser = argparse.ArgumentParser(prog="python -m allegiance.ingest.reference", description=__doc__)
    parser.add_argument(
        "--check", action="store_true", required=True, help="check the tables and print counts"
    )
    parser.add_argument("--folder", type=Path, help="the tables to check (default: the shipped ones)")
    parser.add_argument("--qids", type=Path, default=QID_TABLE, help="the team's Wikidata table (if present)")
    args = parser.parse_args(argv)
    tables = read(args.folder)
    problems = check(tables, trusted_qids(args.qids))
    print("\n".join(_report(tables, problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
