"""The flat table of reports: one row per relation report (asserted or denied, hostile kinds included) and per
statement, the way ACLED exports one row per event. The page ``/reports``, its CSV, JSON and Parquet twins and
``allegiance reports`` all read their rows here, with the same filters, so the rows are the same everywhere.

Why two queries and not one named query: the filters compare ranges (dates, confidence), match an actor on
either side, and roll an actor up to its state, none of which a named query's parameters can say (a parameter
is a column the store binds, and pyoxigraph binds only projected variables). And reading every column of every
report is slow where reading a few is not: at 1 million triples the full rows of all 30,000 reports take about
25 s, their keys 2.2 s (docs/browse.md). So:

* ``KEYS`` reads, for every report, what the filters and the order use (one compact row per report and
  target). Each property is a sub-select of its own, which pyoxigraph joins by hashing (as the browsing lists
  do). The endpoint keeps the keys until the store is written; the CLI, which runs once, reads only the keys of
  the reports the actor or kind given names (:meth:`Filters.reports`).
* :meth:`Filters.tests` turns each filter into a test of a key (``queries.facets`` counts under them). What a
  test needs from the store is read starting from the value given: the parts of the actor asked for (roll-up),
  the actors of the type asked for.
* ``ROWS`` is the one text every row comes from: it starts from a ``VALUES`` block of the chosen reports' IRIs,
  as the store returned them and serialised by pyoxigraph (nothing a user typed), so it reads those reports
  only: 50 for a page in about 0.1 s at 1 million triples.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import pyoxigraph as ox

from allegiance.namespaces import ACTOR_CLASS_NAMES, POLARITIES, RELATION_KINDS, STATEMENT_KINDS, Al, Kind
from allegiance.queries import Parameter, QueryError
from allegiance.queries.facets import Facet, Test
from allegiance.results import SEPARATOR, records
from allegiance.store import GraphStore

COLUMNS = (
    "report",
    "report_type",
    "kind",
    "cameo",
    "plover",
    "polarity",
    "hedge",
    "confidence",
    "source_actor",
    "source_label",
    "source_wikidata",
    "target_actor",
    "target_label",
    "target_wikidata",
    "according_to",
    "according_to_label",
    "date",
    "published",
    "publisher",
    "source_url",
    "document",
    "text",
    "evidence",
    "span",
)
"""The table's columns, in order. A statement's targets (whom it accuses, addresses or is about) and a report's
evidence spans can be several: their cells hold the values joined by ``SEPARATOR``, target by target and span by
span (a target without a Wikidata item leaves its place in ``target_wikidata`` empty)."""
NUMBERS = {"confidence": float}
"""The column that is a number in JSON and Parquet."""
KINDS = (*RELATION_KINDS, *STATEMENT_KINDS)
CHUNK = 500
"""Reports whose full rows one ROWS query reads: a download of thousands is read in several, each short."""

KEYS = """SELECT ?report ?kind ?polarity ?source ?target ?date ?confidence ?publisher ?rejected WHERE {
  { { SELECT ?report ?kind WHERE { %(start)s ?report al:relationType ?kind } }
    { SELECT ?report ?polarity WHERE { %(start)s ?report al:polarity ?polarity } }
    { SELECT ?report ?source WHERE { %(start)s ?report al:sourceActor ?source } } }
  UNION
  { { SELECT ?report ?kind WHERE { %(start)s ?report al:statementKind ?kind } }
    { SELECT ?report ?source WHERE { %(start)s ?report al:speaker ?source } } }
  { SELECT ?report ?document WHERE { %(start)s ?report prov:wasDerivedFrom ?document } }
  OPTIONAL { SELECT ?report ?target WHERE { %(start)s ?report al:targetActor|al:accuses|al:addressee|al:about ?target } }
  OPTIONAL { SELECT ?report ?date WHERE { %(start)s ?report al:date ?date } }
  OPTIONAL { SELECT ?report ?confidence WHERE { %(start)s ?report al:confidence ?confidence } }
  OPTIONAL { SELECT ?document ?publisher WHERE { ?document dcterms:publisher ?publisher } }
  OPTIONAL { SELECT DISTINCT ?report ?rejected WHERE { %(start)s ?report al:rejectedBy [] BIND(true AS ?rejected) } }
}"""
"""What the filters and the order read, one row per report and target. Written as plain patterns it took 2.5 times
as long at 1 million triples (every report's properties looked up one by one). ``%(start)s`` is empty to read
every report, or a ``VALUES ?report`` block that each sub-select starts from, to read only those (10 ms for an
actor's 84 reports at 1 million triples, where every report's keys take 0.6 to 3.6 s)."""

ROWS = """SELECT ?report ?report_type ?kind ?scheme ?code ?polarity ?hedge ?confidence
       ?source_actor ?source_label ?source_wikidata ?target_actor ?target_label ?target_wikidata
       ?according_to ?according_to_label ?date ?published ?publisher ?source_url ?document ?text ?evidence ?span
WHERE {
  %s
  { ?report a al:Relation ; al:relationType ?kindConcept ; al:sourceActor ?source_actor ;
        al:polarity ?polarityConcept ; al:accordingTo ?voice .
    OPTIONAL { ?voice al:speaker/rdfs:label ?speakerName }
    BIND("relation" AS ?report_type) }
  UNION
  { ?report a al:Statement ; al:statementKind ?kindConcept ; al:speaker ?source_actor ; al:text ?text .
    BIND("statement" AS ?report_type) }
  ?report prov:wasDerivedFrom ?document .
  # The target's own lookups sit inside its OPTIONAL: outside, a statement without a target would leave
  # ?target_actor unbound and match every label in the store.
  OPTIONAL { ?report al:targetActor|al:accuses|al:addressee|al:about ?target_actor
             OPTIONAL { ?target_actor rdfs:label ?target_label }
             OPTIONAL { ?target_actor al:wikidata ?target_wikidata } }
  OPTIONAL { ?source_actor rdfs:label ?source_label }
  OPTIONAL { ?source_actor al:wikidata ?source_wikidata }
  OPTIONAL { ?report al:hedge ?hedge }
  OPTIONAL { ?report al:confidence ?confidence }
  OPTIONAL { ?report al:date ?date }
  OPTIONAL { ?report al:evidence ?span OPTIONAL { ?span nif:anchorOf ?evidence } }
  OPTIONAL { ?document dcterms:issued ?published }
  OPTIONAL { ?document dcterms:publisher ?publisher }
  OPTIONAL { ?document schema:url ?source_url }
  # The kind's CAMEO and PLOVER codes, as the ontology maps them (close, broad or related matches).
  OPTIONAL { ?kindConcept skos:closeMatch|skos:broadMatch|skos:relatedMatch ?codeConcept .
             ?codeConcept skos:inScheme ?scheme ; skos:notation ?code . VALUES ?scheme { kind:cameo kind:plover } }
  BIND(COALESCE(?voice, ?document) AS ?according_to)
  BIND(COALESCE(?speakerName, ?publisher, "the publication") AS ?according_to_label)
  BIND(STRAFTER(STR(?kindConcept), STR(kind:)) AS ?kind)
  BIND(STRAFTER(STR(?polarityConcept), STR(kind:)) AS ?polarity)
}"""
"""The full rows of the reports named in the VALUES block put at ``%s``, one solution per target, span and code
(folded into one row per report by :func:`read_rows`). Starting from the block, the store looks each report up
by its IRI; the same text without a block reads every report, which at 1 million triples is 25 s."""

PARTS = "SELECT ?whole ?part WHERE { ?part (al:partOf|al:governmentOf)+ ?whole }"
"""The bodies that are part of a whole, at any depth: a state's government, its ministries, their forces."""
TYPED = "SELECT ?class ?actor WHERE { ?actor a ?class }"
INVOLVING = """SELECT ?actor ?report WHERE {
  { ?report al:sourceActor|al:speaker ?actor } UNION { ?report al:targetActor|al:accuses|al:addressee|al:about ?actor }
}"""
"""The reports an actor is the source or a target of (what the ``actor`` filter keeps), with the actor bound."""
OF_KIND = "SELECT ?kind ?report WHERE { ?report al:relationType|al:statementKind ?kind }"

Check = Callable[[], None]
PUBLIC = {"since": "from", "until": "to", "other": "with"}
"""The filters whose public names are Python keywords."""


class ReportError(QueryError):
    """A filter value that does not fit, with what would."""


@dataclass(frozen=True)
class Key:
    """What the filters and the order read of one report (its kind and polarity by name: ``backs``, ``denied``)."""

    report: str
    kind: str
    polarity: str
    source: str
    targets: frozenset[str]
    date: str
    confidence: float | None
    publisher: str
    rejected: bool
    """A curator rejected it: the table leaves it out unless ``include_rejected`` (docs/curation.md)."""


FACETS: tuple[Facet[Key], ...] = (
    Facet("kind", lambda key: (key.kind,)),
    Facet("polarity", lambda key: (key.polarity,) if key.polarity else ()),
    Facet("publisher", lambda key: (key.publisher,) if key.publisher else ()),
)
"""What the page counts, each a filter of the same name too."""


@dataclass(frozen=True)
class Filters:
    """The filters of the table, each empty (or None) when not given. Their names in a URL or on the command line
    are ``kind``, ``polarity``, ``from``, ``to``, ``actor``, ``with``, ``rollup``, ``actor_type``, ``publisher``,
    ``min_confidence`` and ``include_rejected``. ``with`` names the actor on the other side of ``actor``'s
    reports: the reports between the two, in either direction (a pair's history). The facts curators rejected
    are left out unless ``include_rejected`` is given."""

    kind: str = ""
    polarity: str = ""
    since: str = ""
    until: str = ""
    actor: str = ""
    other: str = ""
    rollup: bool = False
    actor_type: str = ""
    publisher: str = ""
    min_confidence: float | None = None
    include_rejected: bool = False

    @staticmethod
    def public(name: str) -> str:
        """A filter's name in a URL or an option, for the name of its field."""
        return PUBLIC.get(name, name)

    @classmethod
    def parse(cls, given: Mapping[str, str]) -> Filters:
        """Check each value given by its public name; an unknown name or a value that does not fit is an error."""
        names = {cls.public(f.name): f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for public, raw in given.items():
            if public not in names:
                raise ReportError(f"reports have no filter {public!r}; they take {', '.join(names)}")
            if raw != "":
                values[names[public]] = _checked(public, raw)
        if "other" in values and "actor" not in values:
            raise ReportError("with names the other actor of a pair: give actor too")
        return cls(**values)

    def arguments(self) -> dict[str, str]:
        """The filters given, by public name, as they would be written in a URL."""
        found = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in ("", None, False):
                found[self.public(f.name)] = "1" if value is True else str(value)
        return found

    def tests(self, store: GraphStore) -> dict[str, Test[Key]]:
        """Each filter given, by public name, as a test of a key (what ``facet`` takes); what a test needs from
        the store is read now, starting from the value given."""
        found: dict[str, Test[Key]] = {
            f.name: f.test(getattr(self, f.name)) for f in FACETS if getattr(self, f.name)
        }
        if self.since:
            found["from"] = lambda key: key.date[:10] >= self.since
        if self.until:
            found["to"] = lambda key: "" < key.date[:10] <= self.until
        if self.actor and self.other:
            ones, others = self._parts(store, self.actor), self._parts(store, self.other)
            found["actor"] = lambda key: (
                (key.source in ones and not others.isdisjoint(key.targets))
                or (key.source in others and not ones.isdisjoint(key.targets))
            )
        elif self.actor:
            actors = self._parts(store, self.actor)
            found["actor"] = lambda key: key.source in actors or not actors.isdisjoint(key.targets)
        if self.actor_type:
            typed = _second(store, TYPED, "class", Al[self.actor_type].node)
            found["actor_type"] = lambda key: key.source in typed or not typed.isdisjoint(key.targets)
        if self.min_confidence is not None:
            least = self.min_confidence
            found["min_confidence"] = lambda key: (key.confidence or 0.0) >= least
        if not self.include_rejected:
            found["include_rejected"] = lambda key: not key.rejected
        return found

    def matcher(self, store: GraphStore) -> Test[Key]:
        """One test of a key for every filter given."""
        tests = list(self.tests(store).values())
        return lambda key: all(test(key) for test in tests)

    def reports(self, store: GraphStore) -> set[str] | None:
        """The reports the filters can keep at most, read starting from the actor or kind given (None when
        neither is: then any report can be kept). What a one-actor ``allegiance reports`` reads is that actor's
        reports, not every report's keys."""
        if self.actor:
            return {
                report
                for actor in self._parts(store, self.actor)
                for report in _second(store, INVOLVING, "actor", ox.NamedNode(actor))
            }
        if self.kind:
            return _second(store, OF_KIND, "kind", Kind[self.kind].node)
        return None

    def _parts(self, store: GraphStore, actor: str) -> set[str]:
        """The actor, and its parts when the filters roll up."""
        if not self.rollup:
            return {actor}
        return {actor} | _second(store, PARTS, "whole", ox.NamedNode(actor))


def _checked(name: str, raw: str) -> Any:
    """One filter's value, as the filter compares it."""
    choices = {"kind": KINDS, "polarity": POLARITIES, "actor_type": ACTOR_CLASS_NAMES}
    if name in choices and raw not in choices[name]:
        raise ReportError(f"{name} must be one of {', '.join(choices[name])}, got {raw!r}")
    if name in ("from", "to"):
        try:
            return date.fromisoformat(raw).isoformat()
        except ValueError:
            raise ReportError(f"{name} must be a date like 2016-10-25, got {raw!r}") from None
    if name in ("actor", "with"):
        return Parameter(name, "iri", False, "").bind(raw).value
    if name in ("rollup", "include_rejected"):
        if raw not in ("0", "1", "true", "false"):
            raise ReportError(f"{name} must be 1 or 0, got {raw!r}")
        return raw in ("1", "true")
    if name == "min_confidence":
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if not 0.0 <= value <= 1.0:
            raise ReportError(f"min_confidence must be a number from 0 to 1, got {raw!r}")
        return value
    return raw


def _second(store: GraphStore, sparql: str, bound: str, value: ox.NamedNode) -> set[str]:
    """The values of the query's second column, with its first bound to ``value``."""
    result = store.query(sparql, bindings={bound: value})
    assert isinstance(result, ox.QuerySolutions)
    column = [v.value for v in result.variables][1]
    return {term.value for solution in result if (term := solution[column]) is not None}


def _solutions(store: GraphStore, sparql: str, check: Check) -> Iterator[dict[str, str]]:
    result = store.query(sparql)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    for count, solution in enumerate(result):
        if count % 256 == 0:
            check()
        yield {name: (term.value if (term := solution[name]) is not None else "") for name in names}


def read_keys(
    store: GraphStore, check: Check = lambda: None, reports: Collection[str] | None = None
) -> list[Key]:
    """The keys of ``reports`` (of every report when None), newest first, then by IRI: the table's one order, so
    that pages never overlap (a report without a date comes last, as SPARQL's descending order puts it)."""
    if reports is None:
        solutions: Iterable[dict[str, str]] = _solutions(store, KEYS % {"start": ""}, check)
    else:
        ordered = sorted(reports)
        solutions = (
            solution
            for start in range(0, len(ordered), CHUNK)
            for solution in _solutions(
                store, KEYS % {"start": _values(ordered[start : start + CHUNK])}, check
            )
        )
    found: dict[str, dict[str, Any]] = {}
    targets: dict[str, set[str]] = defaultdict(set)
    for row in solutions:
        found.setdefault(row["report"], row)
        if row["target"]:
            targets[row["report"]].add(row["target"])
    keys = [
        Key(
            report,
            _name(row["kind"]),
            _name(row["polarity"]),
            row["source"],
            frozenset(targets[report]),
            row["date"],
            float(row["confidence"]) if row["confidence"] else None,
            row["publisher"],
            bool(row["rejected"]),
        )
        for report, row in sorted(found.items())
    ]
    keys.sort(key=lambda key: key.date, reverse=True)
    return keys


def _name(concept: str) -> str:
    """A kind's or polarity's name, from its concept's IRI."""
    return concept.rpartition("/")[2]


def _values(reports: Iterable[str]) -> str:
    """A VALUES block of report IRIs as the store returned them, serialised by pyoxigraph."""
    return "VALUES ?report { " + " ".join(str(ox.NamedNode(iri)) for iri in reports) + " }"


def read_rows(store: GraphStore, reports: Sequence[str], check: Check = lambda: None) -> list[dict[str, str]]:
    """The full rows of ``reports``, in that order, read ``CHUNK`` reports at a time."""
    rows: list[dict[str, str]] = []
    for start in range(0, len(reports), CHUNK):
        chunk = reports[start : start + CHUNK]
        grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
        for solution in _solutions(store, ROWS % _values(chunk), check):
            grouped[solution["report"]].append(solution)
        rows += [_folded(grouped[iri]) for iri in chunk if grouped[iri]]
    return rows


def _folded(solutions: list[dict[str, str]]) -> dict[str, str]:
    """One report's solutions as one row: single values as they are (the least, should there be two), targets
    and spans in order, each listed once, their cells joined in the same order."""
    row = {column: min((s.get(column, "") for s in solutions), default="") for column in COLUMNS}
    row["source_wikidata"] = _qid(row["source_wikidata"])
    targets = sorted(
        {
            (s["target_label"], s["target_actor"], _qid(s["target_wikidata"]))
            for s in solutions
            if s["target_actor"]
        }
    )
    row["target_label"], row["target_actor"], row["target_wikidata"] = (
        SEPARATOR.join(t[i] for t in targets) for i in range(3)
    )
    spans = sorted({(s["span"], s["evidence"]) for s in solutions if s["span"]})
    row["span"] = SEPARATOR.join(span for span, _ in spans)
    row["evidence"] = " | ".join(text for _, text in spans)
    for scheme in ("cameo", "plover"):
        row[scheme] = SEPARATOR.join(
            sorted({s["code"] for s in solutions if s["scheme"].endswith("/" + scheme)})
        )
    return row


def _qid(iri: str) -> str:
    """A Wikidata item's ID (Q159) from its IRI, as researchers cite it."""
    return iri.rpartition("/")[2]


def render(rows: Sequence[Mapping[str, str]], fmt: str) -> bytes:
    """The rows as CSV, JSON (confidence a number) or Parquet (confidence a double)."""
    return records(COLUMNS, rows, fmt, NUMBERS)
