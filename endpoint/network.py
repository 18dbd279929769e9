"""The whole alignment network: who is reported to back, arm, fight or lead whom, over every document.

One edge per source, target and kind of alignment, weighed by the number of documents that assert it (denials
are left out, hedged reports kept, as in the named query who-backs-whom), with the first and last date it was
reported; one node per actor on an edge. Visitors filter it by kind, by a date range and by a minimum number of
reporting documents; ``/network`` draws it (Cytoscape.js) and lists its edges, ``/network.json`` is its twin.

Every filter works on one compact row per report (relation node and document), read with one query per store
version and kept (``listings.Memo``), so a change of filter costs no query. Everything the network reads from
the store is ``REPORT_ROWS`` in ``_reports``: an aggregated backing network kept in the store (issue 16) can
take its place there, as long as it still gives dated reports for the date filter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from urllib.parse import urlencode

from allegiance.endpoint.diagram import HOSTILE, STRUCTURAL
from allegiance.endpoint.listings import ACTORS, Listing, Row, Snapshot, read_rows
from allegiance.endpoint.service import HttpError
from allegiance.endpoint.views import local_name
from allegiance.namespaces import KIND, RELATION_KINDS

REPORT_ROWS = """SELECT ?relation ?source ?target ?kind ?document ?date WHERE {
  ?relation al:polarity kind:asserted ;
      al:relationType ?kind ;
      al:sourceActor ?source ;
      al:targetActor ?target ;
      prov:wasDerivedFrom ?document .
  OPTIONAL { ?relation al:date ?date }
}"""
"""One row per asserted relation node and the document it came from; al:polarity has al:Relation as its domain."""

REPORTS = Listing(
    "network-reports",
    lambda store, deadline, bindings: read_rows(store, REPORT_ROWS, deadline, bindings),
    {"date": ((itemgetter("date"), False), (itemgetter("relation"), False))},
)


@dataclass(frozen=True)
class Filters:
    """What the visitor asked for, checked: kinds (all when none), a range of days, a minimum of documents."""

    kinds: tuple[str, ...] = tuple(RELATION_KINDS)
    since: str = ""
    until: str = ""
    minimum: int = 1

    @classmethod
    def parse(cls, kinds: list[str], since: str, until: str, minimum: str) -> Filters:
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
        )

    def query(self) -> str:
        """The filters as a query string ('' for none), the same whichever way the visitor wrote them."""
        pairs = [("kind", k) for k in self.kinds] if self.kinds != tuple(RELATION_KINDS) else []
        pairs += [(name, value) for name, value in (("from", self.since), ("to", self.until)) if value]
        pairs += [("min", str(self.minimum))] if self.minimum > 1 else []
        return urlencode(pairs)

    def keeps(self, day: str) -> bool:
        """Whether a report of that day (may be '') falls in the range; without a range every report does."""
        return (not self.since or (day != "" and day >= self.since)) and (
            not self.until or (day != "" and day <= self.until)
        )


def tone(kind: str) -> str:
    """How an edge of that kind is coloured: support, hostile or structure (as on the actor diagram)."""
    return "hostile" if kind in HOSTILE else "structure" if kind in STRUCTURAL else "support"


@dataclass
class Edge:
    source: str
    target: str
    kind: str
    documents: set[str] = field(default_factory=set)
    first: str = ""
    last: str = ""

    def add(self, document: str, day: str) -> None:
        self.documents.add(document)
        if day:
            self.first = min(self.first or day, day)
            self.last = max(self.last, day)


@dataclass(frozen=True)
class Node:
    iri: str
    label: str
    type: str
    documents: int


@dataclass(frozen=True)
class Network:
    nodes: list[Node]
    edges: list[Edge]


def _reports(snapshot: Snapshot) -> list[Row]:
    """Every asserted report, as kept for the store's current version."""
    return snapshot.rows(REPORTS, "date")


def network(snapshot: Snapshot, filters: Filters) -> Network:
    """The edges the filters keep, heaviest first, and the actors on them (named by the actor list's rows)."""
    wanted = {str(KIND[kind]): kind for kind in filters.kinds}
    edges: dict[tuple[str, str, str], Edge] = {}
    for row in _reports(snapshot):
        kind = wanted.get(row["kind"])
        day = row["date"][:10]
        if kind is None or not filters.keeps(day):
            continue
        key = (row["source"], row["target"], kind)
        edges.setdefault(key, Edge(*key)).add(row["document"], day)
    kept = sorted(
        (e for e in edges.values() if len(e.documents) >= filters.minimum),
        key=lambda e: (-len(e.documents), e.source, e.target, e.kind),
    )
    return Network(_nodes(snapshot, kept), kept)


def _nodes(snapshot: Snapshot, edges: Iterable[Edge]) -> list[Node]:
    """The actors on ``edges``, each with its name, its class and the documents on its edges."""
    documents: dict[str, set[str]] = {}
    for edge in edges:
        for actor in (edge.source, edge.target):
            documents.setdefault(actor, set()).update(edge.documents)
    named: dict[str, Row] = {}
    for row in snapshot.rows(ACTORS, "name"):
        if row["actor"] in documents:
            named.setdefault(row["actor"], row)
    return [
        Node(
            actor,
            named[actor]["label"] if actor in named else local_name(actor),
            local_name(named[actor]["class"]) if actor in named else "",
            len(found),
        )
        for actor, found in sorted(documents.items())
    ]
