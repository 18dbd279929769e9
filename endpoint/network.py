"""The whole alignment network: who is reported to back, arm, fight or lead whom, over every document.

One edge per source, target and kind of alignment, weighed by the number of documents that assert it (denials
are left out, hedged reports kept, as in the named query who-backs-whom), with the first and last date it was
reported; one node per actor on an edge. Visitors filter it by kind, by a date range and by a minimum number of
reporting documents; ``/network`` draws it (Cytoscape.js) and lists its edges, ``/network.json`` is the twin the
drawing reads (nodes and edges), ``/network.csv`` and ``/network.parquet`` list the same edges as every list's
twins do.

Every filter works on the alignments' reports (day and document), read with one query per store version,
grouped by alignment and kept (``listings.Memo``): a change of filter costs no query, and walks the alignments
rather than every report unless it has a date range. Everything the network reads from
the store is ``REPORT_ROWS`` in ``_reports``: an aggregated backing network kept in the store (issue 16) can
take its place there, as long as it still gives dated reports for the date filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from allegiance.endpoint.listings import ACTORS, Row, Snapshot, read_rows
from allegiance.endpoint.service import HttpError
from allegiance.endpoint.views import local_name
from allegiance.namespaces import RELATION_KINDS, Kind

REPORT_ROWS = """SELECT ?relation ?source ?target ?kind ?document ?date WHERE {
  ?relation al:polarity kind:asserted ;
      al:relationType ?kind ;
      al:sourceActor ?source ;
      al:targetActor ?target ;
      prov:wasDerivedFrom ?document .
  OPTIONAL { ?relation al:date ?date }
  %s
}"""
"""One row per asserted relation node and the document it came from; al:polarity has al:Relation as its domain.
A relation a curator rejected is left out, as the backing network leaves it out (docs/curation.md), unless the
visitor asks for them (``_rejected=include``)."""
UNREJECTED = "FILTER NOT EXISTS { ?relation al:rejectedBy [] }"


@dataclass(frozen=True)
class Filters:
    """What the visitor asked for, checked: kinds (all when none), a range of days, a minimum of documents."""

    kinds: tuple[str, ...] = tuple(RELATION_KINDS)
    since: str = ""
    until: str = ""
    minimum: int = 1
    rejected: bool = False  # whether the relations curators rejected count too

    @classmethod
    def parse(cls, kinds: list[str], since: str, until: str, minimum: str, rejected: str = "") -> Filters:
        """The filters from the query string's values; the dates come as ISO days, already checked."""
        unknown = [k for k in kinds if k not in RELATION_KINDS]
        if unknown:
            raise HttpError(400, f"kind must be among {', '.join(RELATION_KINDS)}, got {unknown[0]!r}")
        if not minimum.isdigit() or int(minimum) < 1:
            raise HttpError(400, f"min must be a whole number of documents, 1 or more, got {minimum!r}")
        return cls(
            tuple(k for k in RELATION_KINDS if k in kinds) or tuple(RELATION_KINDS),
            since,
            until,
            int(minimum),
            _included(rejected),
        )

    def query(self) -> str:
        """The filters as a query string ('' for none), the same whichever way the visitor wrote them."""
        pairs = [("kind", k) for k in self.kinds] if self.kinds != tuple(RELATION_KINDS) else []
        pairs += [(name, value) for name, value in (("from", self.since), ("to", self.until)) if value]
        pairs += [("min", str(self.minimum))] if self.minimum > 1 else []
        pairs += [("_rejected", "include")] if self.rejected else []
        return urlencode(pairs)

    def history(self, edge: Edge) -> str:
        """The reports table's filters (a query string) for the pair of ``edge``: every report between the two
        actors, of any kind and either way round, asserted or denied, in the same range of days (its page charts
        them)."""
        dates = [(name, value) for name, value in (("from", self.since), ("to", self.until)) if value]
        return urlencode([("actor", edge.source), ("with", edge.target), *dates])

    def keeps(self, day: str) -> bool:
        """Whether a report of that day (may be '') falls in the range; without a range every report does."""
        return (not self.since or (day != "" and day >= self.since)) and (
            not self.until or (day != "" and day <= self.until)
        )


def tone(kind: str) -> str:
    """How an edge of that kind is coloured: support, hostile or structure (as on the actor diagram)."""
    return RELATION_KINDS[kind].stance


@dataclass(frozen=True)
class Edge:
    """One source, target and kind of alignment: how many documents assert it (in the filters' range), and when."""

    source: str
    target: str
    kind: str
    documents: int
    first: str
    last: str


def _edge(key: tuple[str, str, str], reports: list[tuple[str, str]]) -> Edge:
    """The edge of ``key`` from its reports, (day, document) pairs sorted by day ('' for no date, first)."""
    days = [day for day, _ in reports if day]
    return Edge(
        *key, len({document for _, document in reports}), days[0] if days else "", days[-1] if days else ""
    )


@dataclass(frozen=True)
class Alignment:
    """Every report of one alignment, sorted by day, and its edge over all of them."""

    edge: Edge
    reports: list[tuple[str, str]]


@dataclass(frozen=True)
class Node:
    """An actor on the network's edges; ``reports`` adds up the documents of its edges."""

    iri: str
    label: str
    type: str
    reports: int


@dataclass(frozen=True)
class Network:
    nodes: list[Node]
    edges: list[Edge]

    def rows(self, edges: list[Edge]) -> list[Row]:
        """``edges`` as the rows of the CSV and Parquet twins (``COLUMNS``), each actor beside its name."""
        labels = {node.iri: node.label for node in self.nodes}
        return [
            {
                "source": e.source,
                "source_label": labels[e.source],
                "kind": e.kind,
                "target": e.target,
                "target_label": labels[e.target],
                "documents": str(e.documents),
                "first": e.first,
                "last": e.last,
            }
            for e in edges
        ]


COLUMNS = ("source", "source_label", "kind", "target", "target_label", "documents", "first", "last")
"""The columns of ``/network.csv`` and ``/network.parquet``: one row per edge, as the page's table lists them."""


def _included(value: str) -> bool:
    if value not in ("", "include"):
        raise HttpError(400, f"_rejected must be include, got {value!r}")
    return value == "include"


def _alignments(snapshot: Snapshot, rejected: bool) -> list[Alignment]:
    """Every alignment with its reports, read once per store version: a filter then walks alignments, not rows."""

    def read() -> list[Alignment]:
        grouped: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
        sparql = REPORT_ROWS % ("" if rejected else UNREJECTED)
        for row in read_rows(snapshot.store, sparql, snapshot.deadline):
            key = (row["source"], row["target"], row["kind"].removeprefix(Kind.base))
            grouped.setdefault(key, []).append((row["date"][:10], row["document"]))
        return [Alignment(_edge(key, sorted(found)), sorted(found)) for key, found in grouped.items()]

    return snapshot.memo.get(snapshot.version, "network+rejected" if rejected else "network", read)


def network(snapshot: Snapshot, filters: Filters) -> Network:
    """The edges the filters keep, heaviest first, and the actors on them (named by the actor list's rows)."""
    kinds, dated = set(filters.kinds), bool(filters.since or filters.until)
    edges = []
    for alignment in _alignments(snapshot, filters.rejected):
        edge = alignment.edge
        if edge.kind not in kinds:
            continue
        if dated:
            kept = [report for report in alignment.reports if filters.keeps(report[0])]
            if not kept:
                continue
            edge = _edge((edge.source, edge.target, edge.kind), kept)
        if edge.documents >= filters.minimum:
            edges.append(edge)
    edges.sort(key=lambda e: (-e.documents, e.source, e.target, e.kind))
    return Network(_nodes(snapshot, edges), edges)


def _nodes(snapshot: Snapshot, edges: list[Edge]) -> list[Node]:
    """The actors on ``edges``, each with its name, its class and the documents of its edges added up."""
    reports: dict[str, int] = {}
    for edge in edges:
        for actor in (edge.source, edge.target):
            reports[actor] = reports.get(actor, 0) + edge.documents
    named: dict[str, Row] = {}
    for row in snapshot.rows(ACTORS, "name"):
        if row["actor"] in reports:
            named.setdefault(row["actor"], row)
    return [
        Node(
            actor,
            named[actor]["label"] if actor in named else local_name(actor),
            named[actor]["type"] if actor in named else "",
            count,
        )
        for actor, count in sorted(reports.items())
    ]
