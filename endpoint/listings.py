"""The rows behind the browsing lists and the home page's figures, read once per store version and kept.

Why: pyoxigraph's ORDER BY compares IRIs by their text, which it looks up at every comparison (ordering the
38,000 statements of a 1-million-triple graph by IRI took 13 s, by date 1 s), and a query that touches every
statement looks each one's properties up one by one: each page of statements took 5 s, the newest documents
2 s, counting the graph's triples 1 s. So each list reads one compact row per item (the columns it filters and
sorts on) with one query and no ORDER BY, sorts it in Python, and keeps the rows, and each order of them, until
``GraphStore.version`` says the store was written. A page is then a slice; only the 50 rows it shows are read
in full. The first request after a write pays for the read (1.5 s of CPU for those statements); the others
cost milliseconds.

Orders follow SPARQL's ORDER BY on the same columns: a missing value sorts first, descending puts it last, text
compares by code point, ties are broken by the item's IRI so that pages never overlap.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from typing import Any, TypeVar, cast

import pyoxigraph as ox

from allegiance.endpoint.execution import Deadline
from allegiance.endpoint.views import local_name
from allegiance.results import SEPARATOR
from allegiance.store import GraphStore

T = TypeVar("T")
Row = dict[str, str]
"""One solution as plain values, '' where a variable is unbound."""
Order = tuple[tuple[Callable[[Row], Any], bool], ...]
"""Sort keys, most significant first, each with whether it is descending."""
Bindings = Mapping[str, ox.NamedNode | ox.Literal]
Reader = Callable[[GraphStore, Deadline, Bindings], list[Row]]

PAGE_SIZE = 50


def read_rows(
    store: GraphStore, sparql: str, deadline: Deadline, bindings: Bindings | None = None
) -> list[Row]:
    """Run a fixed query; rows as plain values, checking the time budget as they stream in."""
    result = store.query(sparql, bindings=bindings)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    found = []
    for count, solution in enumerate(result):
        if count % 256 == 0:
            deadline.check()
        found.append({name: (term.value if (term := solution[name]) is not None else "") for name in names})
    return found


class Memo:
    """Values derived from the whole store, kept while the store's version stays the same.

    Only the latest version's values are kept. One lock per key makes the requests that arrive together after a
    write wait for one computation instead of each running their own.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: str | None = None
        self._values: dict[str, object] = {}
        self._computing: dict[str, threading.Lock] = {}

    def get(self, version: str, key: str, compute: Callable[[], T]) -> T:
        """The value of ``key`` at ``version``, computed now if it is not kept. The caller reads ``version``
        before the store, so a value is never kept under a version older than the data it came from."""
        with self._lock:
            if version != self._version:
                self._version, self._values = version, {}
            computing = self._computing.setdefault(key, threading.Lock())
        with computing:
            with self._lock:
                if self._version == version and key in self._values:
                    return cast(T, self._values[key])
            value = compute()
            with self._lock:
                if self._version == version:
                    self._values[key] = value
            return value


def ordered(rows: Iterable[Row], order: Order) -> list[Row]:
    """Rows sorted by several keys, each ascending or descending: stable sorts, least significant key first."""
    result = list(rows)
    for key, descending in reversed(order):
        result.sort(key=key, reverse=descending)
    return result


def folded(column: str) -> Callable[[Row], str]:
    """A column compared without case, as SPARQL's LCASE."""
    return lambda row: row[column].lower()


def number(column: str) -> Callable[[Row], int]:
    """A column of counts, compared as numbers."""
    return lambda row: int(row[column] or 0)


def page_of(rows: Iterable[Row], page: int) -> tuple[list[Row], bool]:
    """Page ``page`` (from 1) of ``rows``, and whether another follows (one row more is taken to know)."""
    start = (page - 1) * PAGE_SIZE
    found = list(islice(rows, start, start + PAGE_SIZE + 1))
    return found[:PAGE_SIZE], len(found) > PAGE_SIZE


@dataclass(frozen=True)
class Listing:
    """One list: how to read one row per item (the bindings restrict it), and the orders it offers by name."""

    name: str
    read: Reader
    orders: Mapping[str, Order]


def _reader(sparql: str) -> Reader:
    return lambda store, deadline, bindings: read_rows(store, sparql, deadline, bindings)


ACTOR_ROWS = """SELECT ?actor ?class (SAMPLE(?name) AS ?label) (SAMPLE(?qid) AS ?wikidata)
       (COUNT(DISTINCT ?said) AS ?statements)
WHERE { ?actor a ?class ; rdfs:label ?name . ?class rdfs:subClassOf* al:Actor . FILTER(STRSTARTS(STR(?class), STR(al:)))
        FILTER NOT EXISTS { ?actor owl:sameAs [] }
        OPTIONAL { ?actor al:wikidata ?qid } OPTIONAL { ?said al:speaker ?actor } }
GROUP BY ?actor ?class"""
"""One row per actor and class it has (so an actor of two classes is listed under both); an actor merged into
another is left out (docs/curation.md)."""

COUNTRIES = "SELECT ?actor ?country WHERE { ?actor al:country ?country }"
"""Where each actor is from (al:country, one per actor in the reference data; the least IRI should there be two)."""


def _actor_rows(store: GraphStore, deadline: Deadline, bindings: Bindings) -> list[Row]:
    """One row per actor and class, with the class by name (``type``) and the actor's country and its name."""
    rows = read_rows(store, ACTOR_ROWS, deadline, bindings)
    countries: dict[str, str] = {}
    for found in read_rows(store, COUNTRIES, deadline, bindings):
        countries[found["actor"]] = min(found["country"], countries.get(found["actor"], found["country"]))
    names = {row["actor"]: row["label"] for row in rows}
    for row in rows:
        row["type"] = local_name(row.pop("class"))
        row["country"] = countries.get(row["actor"], "")
        row["country_label"] = names.get(row["country"], "")
    return rows


ACTORS = Listing(
    "actors",
    _actor_rows,
    {
        "name": ((folded("label"), False), (itemgetter("actor"), False)),
        "statements": ((number("statements"), True), (folded("label"), False), (itemgetter("actor"), False)),
        "type": ((itemgetter("type"), False), (folded("label"), False), (itemgetter("actor"), False)),
    },
)

STATEMENT_ROWS = """SELECT ?statement ?speaker ?kind ?date WHERE {
  { SELECT ?statement ?speaker WHERE {
    ?statement al:speaker ?speaker FILTER NOT EXISTS { ?statement al:rejectedBy [] } } }
  { SELECT ?statement ?kind WHERE { ?statement al:statementKind ?kind } }
  OPTIONAL { SELECT ?statement ?date WHERE { ?statement al:date ?date } }
}"""
"""What the statement list filters and sorts on; one row per statement and kind (a statement may have two).

Each property is read by a sub-select of its own, which pyoxigraph joins by hashing both sides, where in a plain
group it looks each statement's other properties up one by one: half the time at 1 million triples. (With a
speaker bound, the plain group would find that speaker's statements faster, 4 ms against 0.1 s, as pyoxigraph
plans a query before it substitutes the bound values; one query for both cases is worth that.) Both properties
have al:Statement as their domain, so no ``a al:Statement`` is asked for. Statements a curator rejected are left
out (docs/curation.md)."""
SPEAKER_LABELS = """SELECT ?speaker (MIN(?label) AS ?name) WHERE {
  { SELECT DISTINCT ?speaker WHERE { ?statement al:speaker ?speaker } } ?speaker rdfs:label ?label
} GROUP BY ?speaker"""
"""One name per speaker (its labels' first, so that a speaker of two labels does not list its statements twice)."""


SPEAKER_TYPES = """SELECT ?speaker ?class WHERE {
  { SELECT DISTINCT ?speaker WHERE { ?statement al:speaker ?speaker } }
  ?speaker a ?class . ?class rdfs:subClassOf* al:Actor . FILTER(STRSTARTS(STR(?class), STR(al:)))
}"""
"""Each speaker's classes, as the actor list reads them."""
PUBLISHERS = """SELECT ?statement ?speaker ?publisher WHERE {
  ?statement al:speaker ?speaker ; prov:wasDerivedFrom ?document . ?document dcterms:publisher ?publisher
}"""
"""Who published each statement's document (the least, should there be two)."""


def _statement_rows(store: GraphStore, deadline: Deadline, bindings: Bindings) -> list[Row]:
    """One row per statement and kind (by name), with its speaker's name and types (``SEPARATOR``-joined) and
    its publisher, read by separate queries and joined here: a join in the store multiplies the rows."""
    names = {row["speaker"]: row["name"] for row in read_rows(store, SPEAKER_LABELS, deadline, bindings)}
    types: dict[str, set[str]] = defaultdict(set)
    for row in read_rows(store, SPEAKER_TYPES, deadline, bindings):
        types[row["speaker"]].add(local_name(row["class"]))
    publishers: dict[str, str] = {}
    for row in read_rows(store, PUBLISHERS, deadline, bindings):
        publishers[row["statement"]] = min(
            row["publisher"], publishers.get(row["statement"], row["publisher"])
        )
    joined = {speaker: SEPARATOR.join(sorted(classes)) for speaker, classes in types.items()}
    rows = read_rows(store, STATEMENT_ROWS, deadline, bindings)
    for row in rows:
        row["kind"] = local_name(row["kind"])
        row["speaker_label"] = names.get(row["speaker"], "")
        row["speaker_type"] = joined.get(row["speaker"], "")
        row["publisher"] = publishers.get(row["statement"], "")
    return rows


STATEMENT_DETAILS = """SELECT ?statement ?text ?document ?title WHERE {
  VALUES ?statement { %s }
  OPTIONAL { ?statement al:text ?text }
  OPTIONAL { ?statement prov:wasDerivedFrom ?document OPTIONAL { ?document dcterms:title ?title } }
}"""
"""What a statement list shows besides the columns it filters and sorts on, for the statements of one page."""


def statement_details(store: GraphStore, deadline: Deadline, rows: list[Row]) -> list[Row]:
    """``rows`` with their statements' text and source (a statement's first source, if it has several), read
    from a VALUES block of the IRIs the store returned, serialised by pyoxigraph."""
    if not rows:
        return []
    values = " ".join(sorted({str(ox.NamedNode(row["statement"])) for row in rows}))
    details: dict[str, Row] = {}
    for found in sorted(read_rows(store, STATEMENT_DETAILS % values, deadline), key=itemgetter("document")):
        details.setdefault(found["statement"], found)
    return [{**details.get(row["statement"], {}), **row} for row in rows]


STATEMENTS = Listing(
    "statements",
    _statement_rows,
    {
        "newest": ((itemgetter("date"), True), (itemgetter("statement"), False)),
        "oldest": ((itemgetter("date"), False), (itemgetter("statement"), False)),
        "speaker": (
            (folded("speaker_label"), False),
            (itemgetter("date"), True),
            (itemgetter("statement"), False),
        ),
    },
)

DOCUMENT_ROWS = """SELECT ?document ?title ?issued ?publisher ?url WHERE {
  ?document a al:Document .
  OPTIONAL { SELECT ?document ?title WHERE { ?document dcterms:title ?title } }
  OPTIONAL { SELECT ?document ?issued WHERE { ?document dcterms:issued ?issued } }
  OPTIONAL { SELECT ?document ?publisher WHERE { ?document dcterms:publisher ?publisher } }
  OPTIONAL { SELECT ?document ?url WHERE { ?document schema:url ?url } }
}"""
"""Read property by property, as ``STATEMENT_ROWS`` is: a third of the time of a plain group."""

DOCUMENTS = Listing(
    "documents",
    _reader(DOCUMENT_ROWS),
    {
        "newest": ((itemgetter("issued"), True), (itemgetter("document"), False)),
        "oldest": ((itemgetter("issued"), False), (itemgetter("document"), False)),
        "title": ((folded("title"), False), (itemgetter("document"), False)),
    },
)


@dataclass(frozen=True)
class Snapshot:
    """The lists as of one store version, for one request: what the memo holds, else read now."""

    memo: Memo
    store: GraphStore
    version: str
    deadline: Deadline

    def rows(self, listing: Listing, order: str, bindings: Bindings | None = None) -> list[Row]:
        """Every row of ``listing`` in ``order`` (one of ``listing.orders``).

        With ``bindings`` (one speaker's statements, say) only the matching rows are read, now, and not kept:
        an indexed pattern finds a few hundred rows sooner than the whole list is read after a write.
        """
        if bindings:
            return ordered(listing.read(self.store, self.deadline, bindings), listing.orders[order])
        return self.memo.get(
            self.version,
            f"{listing.name}/{order}",
            lambda: ordered(self._unsorted(listing), listing.orders[order]),
        )

    def _unsorted(self, listing: Listing) -> list[Row]:
        """Every row of ``listing`` as read, which each of its orders sorts."""
        return self.memo.get(self.version, listing.name, lambda: listing.read(self.store, self.deadline, {}))

    def stats(self) -> dict[str, Any]:
        """The store's figures (``GraphStore.stats``), which count the whole graph."""
        return self.memo.get(self.version, "stats", self.store.stats)

    def actor_types(self) -> list[tuple[str, int]]:
        """(class name, number of actors) for every actor class in use, by name."""
        return sorted(Counter(row["type"] for row in self._unsorted(ACTORS)).items())
