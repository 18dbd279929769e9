"""The backing network: who backs whom, summed up over every document, kept by the store as it writes.

One row per (backer, backed actor, kind of backing) in the graph ``NETWORK_GRAPH``: how many documents assert
it, the first and last date it was reported, and who denies it. The rows are what ``who-backs-whom`` would sum
up (the same kinds, both directions for an alliance or fighting side by side, a document's assertion left out
where the same document denies it), but reading them does not touch a single report, so the whole network is
one small graph to sort and page instead of a join over every relation node.

Why it is kept the way it is:

* Each row depends on one key only, so a write refreshes the keys it touches and nothing else. A write marks
  the keys of the graph's old and new relations in ``PENDING_GRAPH``, then :func:`refresh` recomputes the rows
  of the marked keys from the union graph and clears the marks. The store sends all of it with the graph's own
  write as one SPARQL Update (one transaction): a reader never sees a document without its rows.
* The definition lives in :func:`refresh` only: a from-scratch build (:func:`rebuild`, after a bulk load) is
  marking every key, and another component that changes what counts marks the keys it changed in the same
  update as its own write (:func:`mark_keys`, or :func:`mark` of a graph: a curator's correction, written with
  ``Store.edit``, marks the graphs it rewrites or whose relations it rejects).
* The graph is bookkeeping, outside the union default graph: the named queries that read it name it, and no
  other query can mistake a row for a report.
"""

from __future__ import annotations

from collections.abc import Iterable

from allegiance.namespaces import RELATION_KINDS, Kind

NETWORK_GRAPH = "urn:x-allegiance:network"
PENDING_GRAPH = "urn:x-allegiance:network-pending"
ROW_PREFIX = "urn:x-allegiance:network:"
"""A row's IRI is this and the SHA-1 of its key, so that the same key always names the same row."""

_SIDING = [kind for kind in RELATION_KINDS.values() if kind.stance == "support"]
BACKING = " ".join(f"<{Kind[kind.name]}>" for kind in _SIDING)
UNDIRECTED = " ".join(f"<{Kind[kind.name]}>" for kind in _SIDING if kind.symmetric)
"""The kinds of ``who-backs-whom`` (those of support); the undirected (symmetric) ones count for both actors, each
the backer of the other."""

_EDGE = (
    f"?relation al:relationType ?kind . VALUES ?kind {{ {BACKING} }} "
    "{ ?relation al:sourceActor ?backer ; al:targetActor ?backed } "
    f"UNION {{ VALUES ?kind {{ {UNDIRECTED} }} ?relation al:sourceActor ?backed ; al:targetActor ?backer }}"
)
"""A relation node of a backing kind and the key it counts for: (?backer, ?kind, ?backed)."""

_STANDING = "FILTER NOT EXISTS {{ {} al:rejectedBy [] }}"
"""A relation a curator rejected counts for nothing (docs/curation.md): the correction marks its key."""


def mark(graph: str | None) -> str:
    """Update: mark the keys of every backing relation in named graph ``graph`` (None: the union), whatever
    its polarity, since a denial changes a row too."""
    edge = _EDGE if graph is None else f"GRAPH <{graph}> {{ {_EDGE} }}"
    return f"INSERT {{ GRAPH <{PENDING_GRAPH}> {{ ?backer ?kind ?backed }} }} WHERE {{ {edge} }}"


def mark_keys(keys: Iterable[tuple[str, str, str]]) -> str:
    """Update: mark the given (backer, kind, backed) IRIs, for a writer that knows which rows it changed."""
    triples = " ".join(f"<{backer}> <{kind}> <{backed}> ." for backer, kind, backed in keys)
    return f"INSERT DATA {{ GRAPH <{PENDING_GRAPH}> {{ {triples} }} }}"


def _step(subject: str, *steps: str) -> str:
    """Patterns that each extend one certainly bound node, as nested ``OPTIONAL``s.

    oxigraph runs such an ``OPTIONAL`` once per row before it, looking the node up. Joined as plain patterns
    (or as ``OPTIONAL``s of a variable that may be unbound) the planner, which does not know that the marked
    keys are few, starts from every relation node in the store: 0.5-4 s per write at 1M triples, not 0.06 s.
    """
    return " ".join(f"OPTIONAL {{ {subject} {step} }}" for step in steps)


def _reports(source: str, target: str, polarity: str, *, keyed: bool) -> str:
    """The relation nodes from ``source`` to ``target`` of kind ``?kind`` with ``polarity``, with ``?document``
    and ``?when``: looked up from each marked key (``keyed``), or joined over the whole graph (a rebuild, where
    the planner's hash joins are right: 14 s at 1M triples where key by key takes 78 s)."""
    if not keyed:
        return (
            f"?relation al:sourceActor {source} ; al:targetActor {target} ; al:relationType ?kind ; "
            f"al:polarity {polarity} ; prov:wasDerivedFrom ?document . OPTIONAL {{ ?relation al:date ?when }} "
            f"{_STANDING.format('?relation')}"
        )
    return (
        f"{_KEY} OPTIONAL {{ ?relation al:sourceActor {source} "
        f"{_step('?relation', 'al:targetActor ?target', 'al:relationType ?type', 'al:polarity ?polarity')} "
        f"{_step('?relation', 'prov:wasDerivedFrom ?document', 'al:date ?when')} }} "
        f"FILTER(?target = {target} && ?type = ?kind && ?polarity = {polarity} && BOUND(?document)) "
        f"{_STANDING.format('?relation')}"
    )


def _denials(*, keyed: bool) -> str:
    """The denials of the key (``?backer`` denies backing ``?backed`` in kind ``?kind``) and their ``?voice``."""
    if not keyed:
        return (
            f"VALUES ?kind {{ {BACKING} }} ?denial al:sourceActor ?backer ; al:targetActor ?backed ; "
            "al:relationType ?kind ; al:polarity kind:denied ; al:accordingTo ?voice . "
            f"OPTIONAL {{ ?voice al:speaker ?speaker }} {_STANDING.format('?denial')}"
        )
    return (
        f"{_KEY} OPTIONAL {{ ?denial al:sourceActor ?backer "
        f"{_step('?denial', 'al:targetActor ?target', 'al:relationType ?type', 'al:polarity ?polarity')} "
        "OPTIONAL { ?denial al:accordingTo ?voice OPTIONAL { ?voice al:speaker ?speaker } } } "
        "FILTER(?target = ?backed && ?type = ?kind && ?polarity = kind:denied && BOUND(?voice)) "
        f"{_STANDING.format('?denial')}"
    )


_KEY = f"GRAPH <{PENDING_GRAPH}> {{ ?backer ?kind ?backed }}"
_ROW = (
    f'BIND(IRI(CONCAT("{ROW_PREFIX}", SHA1(CONCAT(STR(?backer), " ", STR(?kind), " ", STR(?backed))))) '
    "AS ?row)"
)


def _compute(*, keyed: bool) -> str:
    """Update: write the rows of the marked keys (``keyed``) or of every key into the network graph.

    A key and document count when the document asserts the key and does not deny it (``who-backs-whom``'s
    ``MINUS``); a key no document counts gets no row. Who denies it is the speaker of each denial, or the
    document when the publication denies it in its own voice.
    """
    kinds = "" if keyed else f"VALUES ?kind {{ {BACKING} }} "
    by_document = (  # per key and document: its dates, and whether the document denies the key too
        "SELECT ?backer ?kind ?backed ?document (MIN(?when) AS ?earliest) (MAX(?when) AS ?latest) "
        "(MAX(?denies) AS ?denied) WHERE { "
        f"{{ {kinds}{_reports('?backer', '?backed', 'kind:asserted', keyed=keyed)} BIND(0 AS ?denies) }} "
        f"UNION {{ VALUES ?kind {{ {UNDIRECTED} }} {_reports('?backed', '?backer', 'kind:asserted', keyed=keyed)} "
        "BIND(0 AS ?denies) } "
        f"UNION {{ {kinds}{_reports('?backer', '?backed', 'kind:denied', keyed=keyed)} BIND(1 AS ?denies) }} "
        "} GROUP BY ?backer ?kind ?backed ?document"
    )
    return (
        f"INSERT {{ GRAPH <{NETWORK_GRAPH}> {{ ?row a al:Backing ; al:backer ?backer ; al:backingKind ?kind ; "
        "al:backed ?backed ; al:documents ?documents ; al:firstReported ?first ; al:lastReported ?last } } "
        "WHERE { { SELECT ?backer ?kind ?backed (COUNT(?document) AS ?documents) (MIN(?earliest) AS ?first) "
        f"(MAX(?latest) AS ?last) WHERE {{ {{ {by_document} }} FILTER(?denied = 0) }} "
        f"GROUP BY ?backer ?kind ?backed }} {_ROW} }} ;\n"
        f"INSERT {{ GRAPH <{NETWORK_GRAPH}> {{ ?row al:deniedBy ?denier }} }} WHERE {{ "
        f"{{ {_denials(keyed=keyed)} }} {_ROW} BIND(COALESCE(?speaker, ?voice) AS ?denier) "
        f"FILTER EXISTS {{ GRAPH <{NETWORK_GRAPH}> {{ ?row a al:Backing }} }} }}"
    )


def refresh() -> str:
    """Update: recompute the rows of the marked keys from the union graph, then clear the marks.

    Every lookup starts from a marked key (see :func:`_step`), so a refresh costs what the key's actors have,
    not what the store holds.
    """
    old = (
        f"OPTIONAL {{ GRAPH <{NETWORK_GRAPH}> {{ ?old al:backer ?backer "
        f"{_step('?old', 'al:backingKind ?oldKind', 'al:backed ?oldBacked', '?p ?o')} }} }} "
        "FILTER(?oldKind = ?kind && ?oldBacked = ?backed)"
    )
    return (
        f"DELETE {{ GRAPH <{NETWORK_GRAPH}> {{ ?old ?p ?o }} }} WHERE {{ {_KEY} {old} }} ;\n"
        f"{_compute(keyed=True)} ;\n"
        f"DROP SILENT GRAPH <{PENDING_GRAPH}>"
    )


def rebuild() -> str:
    """Update: the whole network from scratch, from every report in the union graph (after a bulk load)."""
    return f"DROP SILENT GRAPH <{NETWORK_GRAPH}> ;\nDROP SILENT GRAPH <{PENDING_GRAPH}> ;\n{_compute(keyed=False)}"
