"""Search: actors by name or alias, and the words of statements, evidence and documents.

Every query is fixed text; the words typed are bound by the store as one literal (``?needle``) and matched as a
phrase, without case (``CONTAINS`` on ``LCASE``), so a quote finds the statement that holds it. There is no
full-text index: at 1 million triples the three text scans take 0.1 to 0.3 s each (docs/browse.md), and an
index kept beside the store would have to follow every way the store is written (ingest, ``allegiance load``,
a SPARQL server's own loader); it is the next step when the scans grow too slow.
"""

from __future__ import annotations

import pyoxigraph as ox

from allegiance.endpoint.execution import Deadline
from allegiance.endpoint.listings import Row, read_rows
from allegiance.endpoint.service import service
from allegiance.store import GraphStore

LIMIT = 100
"""Matches of each kind shown, best or newest first."""

ACTORS = """SELECT ?actor (SAMPLE(?label) AS ?name) (GROUP_CONCAT(DISTINCT ?matched; separator="; ") AS ?matches)
       (MAX(?exact) AS ?best) (SAMPLE(?className) AS ?type) ?needle
WHERE {
  ?actor rdfs:label|skos:altLabel ?matched .
  FILTER(CONTAINS(LCASE(STR(?matched)), LCASE(?needle)))
  OPTIONAL { ?actor a ?class . ?class rdfs:subClassOf* al:Actor . FILTER(STRSTARTS(STR(?class), STR(al:)))
             ?actor rdfs:label ?label }
  FILTER(BOUND(?class))
  BIND(STRAFTER(STR(?class), "#") AS ?className)
  BIND(IF(LCASE(STR(?matched)) = LCASE(?needle), 1, 0) AS ?exact)
}
GROUP BY ?actor ?needle
ORDER BY DESC(?best) STRLEN(?name) ?name ?actor
LIMIT 100"""
"""Actors whose label or an alias (``skos:altLabel``) holds the words, exact matches first. The class and label
are read in an OPTIONAL that must match: pyoxigraph evaluates an OPTIONAL once per name that matched, where a
plain join reads every typed node of the graph first (3 times slower at 1 million triples)."""

STATEMENTS = """SELECT ?statement ?text ?speaker ?speakerLabel ?date ?needle WHERE {
  ?statement al:text ?text .
  FILTER(CONTAINS(LCASE(?text), LCASE(?needle)))
  OPTIONAL { ?statement al:speaker ?speaker OPTIONAL { ?speaker rdfs:label ?speakerLabel } }
  OPTIONAL { ?statement al:date ?date }
}
ORDER BY DESC(?date) ?statement
LIMIT 100"""

EVIDENCE = """SELECT ?span ?words ?node ?document ?title ?needle WHERE {
  ?span nif:anchorOf ?words .
  FILTER(CONTAINS(LCASE(?words), LCASE(?needle)))
  ?node al:evidence ?span .
  OPTIONAL { ?span nif:referenceContext ?document OPTIONAL { ?document dcterms:title ?title } }
}
ORDER BY ?document ?span ?node
LIMIT 100"""
"""Evidence spans (what relations and statements were read from); mentions, which are spans too, are left out."""

DOCUMENTS = """SELECT ?document ?title ?issued ?needle WHERE {
  ?document a al:Document .
  OPTIONAL { ?document dcterms:title ?title }
  OPTIONAL { ?document nif:isString ?text }
  FILTER(CONTAINS(LCASE(COALESCE(?title, "")), LCASE(?needle)) || CONTAINS(LCASE(COALESCE(?text, "")), LCASE(?needle)))
  OPTIONAL { ?document dcterms:issued ?issued }
}
ORDER BY DESC(?issued) ?document
LIMIT 100"""
"""Documents whose title or text holds the words."""

KINDS = {"actors": ACTORS, "statements": STATEMENTS, "evidence": EVIDENCE, "documents": DOCUMENTS}
HELPERS = ("needle", "best")
"""Columns the queries project only to bind the words (pyoxigraph binds projected variables) or to order the
actors: not matches, so left out of what the page and its JSON twin get."""


def matches(needle: str) -> dict[str, list[Row]]:
    """Every kind of match for ``needle``, under the endpoint's time limit (nothing for empty words)."""
    if not needle:
        return {kind: [] for kind in KINDS}
    current = service()
    bindings = {"needle": ox.Literal(needle)}
    return current.runner.run(
        lambda deadline: {
            kind: [
                {name: value for name, value in row.items() if name not in HELPERS}
                for row in read_rows(current.store, sparql, deadline, bindings)
            ]
            for kind, sparql in KINDS.items()
        }
    )


def named(name: str) -> list[Row]:
    """The actors whose label or an alias is ``name`` (without case): what a filter given a name means."""
    current = service()
    return current.runner.run(lambda deadline: named_in(current.store, name, deadline))


def named_in(store: GraphStore, name: str, deadline: Deadline) -> list[Row]:
    """:func:`named` on a store the caller holds (the CLI's)."""
    rows = read_rows(store, ACTORS, deadline, {"needle": ox.Literal(name)})
    return [row for row in rows if row["best"] == "1"]
