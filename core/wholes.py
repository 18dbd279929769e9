"""The whole each actor belongs to, kept by the store as it writes, so that a question can roll parts up.

A state's government, its ministries and armed forces, and the people holding posts in them are actors of their
own, linked by ``al:partOf``, ``al:governmentOf`` and ``org:holds``/``org:postIn``. A researcher asking "who
backs whom" between states wants them summed up. Following those links at query time (a property path from every
row) made whole-graph questions 2.8 times slower even when nobody asked for a roll-up, and the actor pages' chain
query took a minute at a million triples (docs/queries.md). So the answer is kept instead: one triple
``?actor al:rollsUpTo ?whole`` per actor, its whole being the top of its chain of parts and posts, or itself.

Why it is kept the way it is:

* It is written to ``WHOLES_GRAPH``, bookkeeping outside the union default graph like the backing network (so
  that the union stays exactly the named graphs' triples), and a query joins it where it asks for a roll-up:
  ``GRAPH <urn:x-allegiance:wholes> { ?part al:rollsUpTo ?whole }``. A named query's rolled-up text is made that
  way (``allegiance.queries.NamedQuery.text``), so that the texts without it cost what they cost before.
* A write marks the actors its graph names or links (before the write; after it, of the actors it only names,
  those without a whole yet), and the parts below an actor whose own chain the graph states, then
  :func:`refresh` recomputes theirs, all in the write's own transaction, as the network does.
  A chain changes at its lower end when a document mints a body of a government or gives a person a post;
  changes higher up come with the reference graph, which marks every actor it holds.
* The top of a chain is the smallest IRI among the chain's ends when there are several (a person with posts in
  two states), so that the same data always gives the same whole; an actor in a cycle is its own whole.
"""

from __future__ import annotations

from allegiance.namespaces import ACTOR_CLASSES

WHOLES_GRAPH = "urn:x-allegiance:wholes"
MARKED_GRAPH = "urn:x-allegiance:wholes-pending"

CLASSES = " ".join(f"<{cls}>" for cls in ACTOR_CLASSES)
"""The actor classes a graph types its actors with (looked up by value: a subclass path from every typed node
of a document, its mentions and reports included, cost more than the rest of the bookkeeping)."""

_LINKS = "al:partOf|al:governmentOf|org:holds"
"""What a part states of its whole (a person holds a post, which is in the whole)."""
_UP = f"{_LINKS}/org:postIn"
"""One step from a part towards its whole."""


def _within(graph: str | None, pattern: str) -> str:
    return f"{{ GRAPH <{graph}> {{ {pattern} }} }}" if graph else f"{{ {pattern} }}"


def _named(graph: str | None, *, unknown: bool = False) -> str:
    """The actors named graph ``graph`` (None: the union) types as actors, mentions or links into a chain; with
    ``unknown``, of those it only types or mentions, the ones without a whole yet."""
    typed = f"{{ VALUES ?class {{ {CLASSES} }} {_within(graph, '?actor a ?class')} }}"
    named = f"{typed} UNION {_within(graph, '[] al:refersTo ?actor')}"
    if unknown:
        named = f"{{ {named} FILTER NOT EXISTS {{ GRAPH <{WHOLES_GRAPH}> {{ ?actor al:rollsUpTo [] }} }} }}"
    linked = f"{_within(graph, f'?actor {_LINKS} []')} UNION {_within(graph, '[] al:partOf|al:governmentOf ?actor')}"
    return f"{named} UNION {linked}"


def _mark_named(graph: str | None, *, unknown: bool = False) -> str:
    """Update: mark the actors :func:`_named` finds."""
    return (
        f"INSERT {{ GRAPH <{MARKED_GRAPH}> {{ ?actor al:rollsUpTo ?actor }} }} WHERE {{ "
        f"{_named(graph, unknown=unknown)} FILTER(isIRI(?actor)) }}"
    )


def mark(graph: str, *, written: bool = False) -> str:
    """Update: mark the actors named graph ``graph`` types, mentions or links, and the parts below an actor whose
    own chain it changes (it states that actor's government, whole or post).

    Right after a graph is ``written``, an actor it only names keeps the whole it has (its chain is stated
    elsewhere): only those without one yet are marked, with every actor it links. Before a graph goes, all of
    them are, since one may lose the last graph that names it."""
    linked = f"GRAPH <{graph}> {{ ?actor {_LINKS} [] }}"
    return (
        f"{_mark_named(graph, unknown=written)} ;\n"
        f"INSERT {{ GRAPH <{MARKED_GRAPH}> {{ ?part al:rollsUpTo ?part }} }} WHERE {{ {linked} ?part ({_UP})+ ?actor }}"
    )


def refresh() -> str:
    """Update: recompute the wholes of the marked actors that some graph still names, then clear the marks."""
    marked = f"GRAPH <{MARKED_GRAPH}> {{ ?actor al:rollsUpTo ?actor }}"
    return (
        f"DELETE {{ GRAPH <{WHOLES_GRAPH}> {{ ?actor al:rollsUpTo ?old }} }} WHERE {{ "
        f"{marked} GRAPH <{WHOLES_GRAPH}> {{ ?actor al:rollsUpTo ?old }} }} ;\n"
        f"INSERT {{ GRAPH <{WHOLES_GRAPH}> {{ ?actor al:rollsUpTo ?whole }} }} WHERE {{ "
        f"{{ SELECT ?actor (MIN(STR(?top)) AS ?first) WHERE {{ {marked} FILTER EXISTS {{ {_named(None)} }} "
        f"OPTIONAL {{ ?actor ({_UP})+ ?top FILTER(isIRI(?top) && NOT EXISTS {{ ?top {_UP} [] }}) }} }} "
        "GROUP BY ?actor } BIND(COALESCE(IRI(?first), ?actor) AS ?whole) } ;\n"
        f"DROP SILENT GRAPH <{MARKED_GRAPH}>"
    )


def rebuild() -> str:
    """Update: every actor's whole from scratch (after a bulk load, whose file may hold none or stale ones)."""
    return f"DROP SILENT GRAPH <{WHOLES_GRAPH}> ;\n{_mark_named(None)} ;\n{refresh()}"
