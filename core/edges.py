"""The direct edges (``A al:backs B``): the one rule that derives them from relation nodes.

The rule, which docs/ontology.md also writes as SPARQL (``tests/test_edges.py`` checks that the two agree): a
relation node that is asserted gives its kind's direct edge between its two actors, unless a relation node of
the same kind between the same actors is denied in the same graph; a relation a curator rejected gives no edge
and denies none. The same graph, because a graph is one source (a document, the reference actors): a denial by
another source is a disagreement to show beside the edge, as ``who-backs-whom`` and the backing network do,
not a veto; and because the union graph can only hold what some graph states, an edge one document states
cannot be taken away by another.

Every writer of edges calls :func:`derive` on one graph's triples: ingest on a document's graph before it is
validated and stored (``allegiance.ingest.graph``), a correction on every graph it rewrites
(``allegiance.curated``), and ``allegiance reason`` on each stored graph's relation nodes, so that a graph
written some other way gets its edges in the inferred graph (``allegiance.ontology.materialise``). A function
of triples rather than SPARQL run on a store, because two of the three hold a graph in memory before it is
stored, and one pass over its triples costs less than loading them into a store to query.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import pyoxigraph as ox

from allegiance.namespaces import RELATION_KINDS, Al, Kind

__all__ = ["READS", "derive"]

_FIELDS: dict[str, str] = {Al.relationType: "kind", Al.sourceActor: "source", Al.targetActor: "target"}
_EDGE: dict[str, ox.NamedNode] = {Kind[name]: Al[name].node for name in RELATION_KINDS}

READS = frozenset([*_FIELDS, Al.polarity, Al.rejectedBy])
"""The predicates the rule reads: a caller that selects triples from a store needs these and no others."""


def derive(triples: Iterable[ox.Triple], rejected: Collection[str] = frozenset()) -> list[ox.Triple]:
    """The direct edges the relation nodes among ``triples`` (one graph's) give, sorted; the relations whose IRIs
    are in ``rejected`` (marked in the curation graph) or that ``triples`` mark ``al:rejectedBy`` (another reading
    of rejected words, marked in its own graph) give none and deny none. A node without a kind, both actors and a
    polarity gives nothing."""
    fields: dict[str, dict[str, ox.NamedNode]] = {}
    polarity: dict[str, str] = {}
    rejected = set(rejected)
    for t in triples:
        predicate = t.predicate.value
        if not isinstance(t.subject, ox.NamedNode):  # relation nodes are IRIs (the store refuses blank nodes)
            continue
        if predicate in _FIELDS and isinstance(t.object, ox.NamedNode):
            fields.setdefault(t.subject.value, {})[_FIELDS[predicate]] = t.object
        elif predicate == Al.polarity and isinstance(t.object, ox.NamedNode):
            polarity[t.subject.value] = t.object.value
        elif predicate == Al.rejectedBy:
            rejected.add(t.subject.value)
    asserted: set[ox.Triple] = set()
    denied: set[ox.Triple] = set()
    for node, found in fields.items():
        if node in rejected or len(found) < 3 or found["kind"].value not in _EDGE:
            continue
        edge = ox.Triple(found["source"], _EDGE[found["kind"].value], found["target"])
        if polarity.get(node) == Kind.asserted:
            asserted.add(edge)
        elif polarity.get(node) == Kind.denied:
            denied.add(edge)
    return sorted(asserted - denied, key=str)
