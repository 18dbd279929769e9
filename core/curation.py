"""Curators correct the graph: every operation the CLI, the HTTP API and the pages offer, and its record.

Each correction is one SPARQL Update (one transaction): its record in the curation graph (who, when, why, what
it did, and the exact quads it removed and added) together with what it does to every stored graph it touches
(``allegiance.curated`` says what that is; ingest applies the same to every graph it writes afterwards). Every
check runs before that write, so bad input (an unknown IRI, merging a state into a person, a QID of the wrong
form, a page form older than the fact) changes nothing. Reverting a correction undoes what it did to the curation
graph and writes every graph it affected again from what extraction wrote, with the corrections still in force
(written after it too: each graph notes what curation changed in it). docs/curation.md has the model.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pyoxigraph as ox

from allegiance import curated
from allegiance.config import Settings
from allegiance.iris import CURATION_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, Minter, digest
from allegiance.namespaces import (
    ACTOR_CLASS_NAMES,
    PREFIXES,
    RELATION_KINDS,
    STATEMENT_KINDS,
    Al,
    Kind,
    Owl,
    Prov,
    Rdf,
    Rdfs,
    Skos,
    Wd,
    Xsd,
)
from allegiance.store import GraphStore

QID = re.compile(r"^Q[1-9][0-9]*$")
LOG_COLUMNS = ("record", "operation", "target", "value", "reason", "by", "at", "reverted_by")
SHARED_COLUMNS = ("operation", "target", "value", "reason", "by", "at")
"""The CSV a team exchanges (``curate export`` / ``curate import``): the corrections in force, oldest first."""


class CurationError(ValueError):
    """A correction that cannot be made as asked; nothing was changed."""


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def _triple(subject: str, predicate: str, value: ox.NamedNode | ox.Literal) -> ox.Triple:
    return ox.Triple(_n(subject), _n(predicate), value)


@dataclass(frozen=True)
class Plan:
    """What one correction will do to the curation graph, before anything is written; what it does to the other
    graphs follows from that (``Corrections._commit``)."""

    operation: str
    target: str
    value: str = ""
    reason: str = ""
    properties: tuple[str, ...] = ()
    added: tuple[ox.Triple, ...] = ()  # into the curation graph
    removed: tuple[ox.Triple, ...] = ()  # out of the curation graph
    # nodes marked with the record besides the target (the relations in a rejected statement's voice)
    marked: tuple[str, ...] = ()
    # a rejection's reading (``curated.readings``), and the facts in other graphs that read the same words again
    reading: str = ""
    rereads: tuple[str, ...] = ()


class Corrections:
    """The curation desk of one store: operations, each returning the IRI of its record."""

    def __init__(self, store: GraphStore, settings: Settings) -> None:
        self.store = store
        self.minter = Minter(settings.base_iri)
        self.graph = self.minter.graph(CURATION_GRAPH)
        self._skipped = {self.graph, *(self.minter.graph(g) for g in (ONTOLOGY_GRAPH, INFERRED_GRAPH))}
        self._journal: list[tuple[list[ox.Quad], list[ox.Quad], list[str]]] | None = None
        """While an import runs, the edits it made, so that a refused row can undo them."""

    # --- reading ----------------------------------------------------------------------------------------------

    def _rows(self, sparql: str, **nodes: str) -> list[dict[str, str]]:
        """Rows of a fixed query, with each ``$name`` in it the IRI given for it (pyoxigraph checks an IRI's form,
        so no value can change the query; its substitutions would have to be projected)."""
        for name, iri in nodes.items():
            sparql = sparql.replace(f"${name}", str(_n(iri)))
        result = self.store.query(sparql)
        assert isinstance(result, ox.QuerySolutions)
        names = [v.value for v in result.variables]
        return [{n: (t.value if (t := row[n]) is not None else "") for n in names} for row in result]

    def kind(self, iri: str) -> str | None:
        """'actor', 'relation', 'statement' or 'correction': what the store holds under ``iri``, if anything."""
        rows = self._rows(
            "SELECT ?kind WHERE { { $x a al:Relation BIND('relation' AS ?kind) } "
            "UNION { $x a al:Statement BIND('statement' AS ?kind) } "
            "UNION { $x a al:Correction BIND('correction' AS ?kind) } "
            "UNION { $x a ?class . ?class rdfs:subClassOf* al:Actor BIND('actor' AS ?kind) } } LIMIT 1",
            x=iri,
        )
        return rows[0]["kind"] if rows else None

    def _expect(self, iri: str, *kinds: str) -> str:
        if not re.match(r"^https?://\S+$", iri):
            raise CurationError(f"{iri!r} is not an IRI")
        found = self.kind(iri)
        if found not in kinds:
            what = " or ".join(kinds)
            raise CurationError(
                f"<{iri}> is not {'an' if what[0] in 'aeio' else 'a'} {what} this store holds"
            )
        return found

    def token(self, iri: str) -> str:
        """A digest of what the store says of ``iri`` and what curation says of it: a page's form carries it, and
        a correction sent with an older one is refused (someone changed the fact since the page was shown)."""
        rows = self._rows("SELECT ?p ?o WHERE { { $x ?p ?o } UNION { ?o ?p $x } }", x=iri)
        return digest(*sorted(f"{r['p']} {r['o']}" for r in rows))

    def fresh(self, iri: str, expected: str | None) -> None:
        """Refuse a correction sent from a form drawn when ``iri`` said something else (``expected``: the form's
        ``token``; None: no form, nothing to compare). Every page form carries one, whatever it corrects."""
        if expected is not None and expected != self.token(iri):
            raise CurationError(
                f"<{iri}> changed since the form was shown (someone corrected it meanwhile); reload the page"
            )

    def merged_into(self, actor: str) -> str | None:
        rows = self._rows(f"SELECT ?b WHERE {{ GRAPH <{self.graph}> {{ $a owl:sameAs ?b }} }}", a=actor)
        return rows[0]["b"] if rows else None

    def _curation_values(self, subject: str, predicate: str) -> list[ox.Triple]:
        """What the curation graph itself says of ``subject`` with ``predicate``."""
        pattern = f"{_n(subject)} {_n(predicate)} ?v"
        result = self.store.query(f"SELECT ?v WHERE {{ GRAPH <{self.graph}> {{ {pattern} }} }}")
        assert isinstance(result, ox.QuerySolutions)
        return [ox.Triple(_n(subject), _n(predicate), row["v"]) for row in result]

    # --- operations -------------------------------------------------------------------------------------------

    def reject(self, fact: str, *, by: str, reason: str) -> str:
        return self._status(fact, Al.rejectedBy, "reject", by=by, reason=reason)

    def confirm(self, fact: str, *, by: str, reason: str = "") -> str:
        return self._status(fact, Al.confirmedBy, "confirm", by=by, reason=reason)

    def _status(self, fact: str, mark: str, operation: str, *, by: str, reason: str) -> str:
        """Mark a fact; rejecting a statement rejects the relations reported in its voice with it (what it said is
        not said), in the same record, so that reverting it restores them too."""
        self._expect(fact, "relation", "statement")
        if operation == "reject" and not reason.strip():
            raise CurationError("a rejection needs a reason (--reason)")
        if self._curation_values(fact, mark):
            raise CurationError(f"<{fact}> is already {operation}ed; revert that correction first")
        rejecting = operation == "reject"
        voiced = self._voiced(fact) if rejecting else []
        reading = self._reading(fact) if rejecting else ""
        marks = [
            t
            for node in (fact, *voiced)
            for t in (
                *self._curation_values(node, Al.rejectedBy),
                *self._curation_values(node, Al.confirmedBy),
            )
        ]
        plan = Plan(
            operation,
            fact,
            reason=reason,
            removed=tuple(marks),
            marked=tuple(voiced),
            reading=reading,
            rereads=tuple(self._rereadings(fact, reading)) if rejecting else (),
        )
        return self._commit(plan, by, marks_with=mark)

    def _voiced(self, statement: str) -> list[str]:
        """The relations reported in the voice of ``statement`` that no correction rejected yet."""
        rows = self._rows(
            "SELECT DISTINCT ?r WHERE { ?r al:accordingTo $s FILTER NOT EXISTS { ?r al:rejectedBy [] } } ORDER BY ?r",
            s=statement,
        )
        return [row["r"] for row in rows]

    def _reading(self, fact: str) -> str:
        """The reading of a stored fact (``curated.readings``): what it says and the words it was read from."""
        result = self.store.query(
            f"SELECT ?s ?p ?o WHERE {{ {{ {_n(fact)} ?p ?o BIND({_n(fact)} AS ?s) }} UNION "
            f"{{ {_n(fact)} al:evidence ?s . ?s nif:anchorOf ?o BIND(nif:anchorOf AS ?p) }} }}"
        )
        assert isinstance(result, ox.QuerySolutions)
        triples = [ox.Triple(row["s"], row["p"], row["o"]) for row in result]
        return curated.readings(triples).get(fact, "")

    def _rereadings(self, fact: str, reading: str) -> list[str]:
        """The stored facts, in other documents, that read the same words as ``fact`` the same way."""
        rows = self._rows(
            "SELECT DISTINCT ?other WHERE { $f al:evidence/nif:anchorOf ?words . ?span nif:anchorOf ?words . "
            "?other al:evidence ?span FILTER(?other != $f) }",
            f=fact,
        )
        return [row["other"] for row in rows if self._reading(row["other"]) == reading]

    def merge(self, actor: str, into: str, *, by: str, reason: str = "") -> str:
        self._expect(actor, "actor")
        self._expect(into, "actor")
        if actor == into:
            raise CurationError("an actor cannot be merged into itself")
        for iri in (actor, into):
            if (survivor := self.merged_into(iri)) is not None:
                raise CurationError(f"<{iri}> was already merged into <{survivor}>")
        if clash := self._disjoint(self._types(actor), self._types(into)):
            raise CurationError(
                f"cannot merge <{actor}> into <{into}>: one is a {clash[0]}, the other a {clash[1]}, "
                "and nothing is both"
            )
        plan = Plan(
            "merge",
            actor,
            value=into,
            reason=reason,
            added=(_triple(actor, Owl.sameAs, _n(into)), *self._definition(into)),
        )
        return self._commit(plan, by)

    def alias(self, actor: str, label: str, *, by: str, reason: str = "", remove: bool = False) -> str:
        self._expect(actor, "actor")
        label = _label(label)
        current = {r["l"] for r in self._rows("SELECT ?l WHERE { $a skos:altLabel|rdfs:label ?l }", a=actor)}
        if not remove:
            if label in current:
                raise CurationError(f"<{actor}> is already called {label!r}")
            added = (_triple(actor, Skos.altLabel, ox.Literal(label)),)
            return self._commit(Plan("alias", actor, value=label, reason=reason, added=added), by)
        aliases = {r["l"] for r in self._rows("SELECT ?l WHERE { $a skos:altLabel ?l }", a=actor)}
        if label not in aliases:
            raise CurationError(f"<{actor}> has no alias {label!r}")
        return self._decide(
            actor,
            Skos.altLabel,
            [ox.Literal(a) for a in sorted(aliases - {label})],
            "unalias",
            by,
            reason,
            label,
        )

    def relabel(self, actor: str, label: str, *, by: str, reason: str = "") -> str:
        self._expect(actor, "actor")
        label = _label(label)
        return self._decide(actor, Rdfs.label, [ox.Literal(label)], "relabel", by, reason, label)

    def set_types(self, actor: str, classes: Sequence[str], *, by: str, reason: str = "") -> str:
        self._expect(actor, "actor")
        if not classes or (unknown := sorted(set(classes) - set(ACTOR_CLASS_NAMES))):
            raise CurationError(
                f"unknown actor class {', '.join(unknown) if classes else '(none given)'}; "
                f"the classes are {', '.join(sorted(ACTOR_CLASS_NAMES))}"
            )
        iris = [Al[c] for c in classes]
        if clash := self._disjoint(iris, iris):
            raise CurationError(f"nothing is both a {clash[0]} and a {clash[1]}")
        return self._decide(actor, Rdf.type, [_n(i) for i in iris], "type", by, reason, "|".join(classes))

    def set_wikidata(self, actor: str, qid: str | None, *, by: str, reason: str = "") -> str:
        self._expect(actor, "actor")
        if qid is not None and not QID.match(qid):
            raise CurationError(f"{qid!r} is not a Wikidata item ID (Q followed by digits, such as Q42)")
        values = [Wd[qid].node] if qid else []
        return self._decide(actor, Al.wikidata, values, "wikidata", by, reason, qid or "")

    def not_an_actor(self, actor: str, *, by: str, reason: str) -> str:
        self._expect(actor, "actor")
        if not reason.strip():
            raise CurationError("say why it is not an actor (--reason)")
        return self._commit(Plan("not-an-actor", actor, reason=reason), by)

    def correct_statement(
        self,
        statement: str,
        *,
        by: str,
        speaker: str | None = None,
        kind: str | None = None,
        reason: str = "",
    ) -> str:
        self._expect(statement, "statement")
        if speaker is not None:
            return self._party(statement, Al.speaker, speaker, "speaker", by, reason)
        if kind not in STATEMENT_KINDS:
            raise CurationError(
                f"unknown statement kind {kind!r}; the kinds are {', '.join(STATEMENT_KINDS)}"
            )
        return self._decide(
            statement, Al.statementKind, [Kind[kind].node], "statement-kind", by, reason, kind
        )

    def correct_relation(
        self,
        relation: str,
        *,
        by: str,
        kind: str | None = None,
        reverse: bool = False,
        source: str | None = None,
        target: str | None = None,
        reason: str = "",
    ) -> str:
        """Correct a relation's kind, its direction, or one of its actors (what splits the facts of an actor
        extraction read two people as, fact by fact, onto the other)."""
        self._expect(relation, "relation")
        if source is not None:
            return self._party(relation, Al.sourceActor, source, "source", by, reason)
        if target is not None:
            return self._party(relation, Al.targetActor, target, "target", by, reason)
        if reverse:
            ends = self._rows("SELECT ?s ?t WHERE { $r al:sourceActor ?s ; al:targetActor ?t }", r=relation)
            if len(ends) != 1:
                raise CurationError(f"<{relation}> does not have exactly one source and one target")
            source, target = ends[0]["s"], ends[0]["t"]
            plan = Plan(
                "reverse",
                relation,
                reason=reason,
                properties=(Al.sourceActor, Al.targetActor),
                added=(
                    _triple(relation, Al.sourceActor, _n(target)),
                    _triple(relation, Al.targetActor, _n(source)),
                ),
                removed=(
                    *self._curation_values(relation, Al.sourceActor),
                    *self._curation_values(relation, Al.targetActor),
                ),
            )
            return self._commit(plan, by)
        if kind not in RELATION_KINDS:
            raise CurationError(f"unknown relation kind {kind!r}; the kinds are {', '.join(RELATION_KINDS)}")
        return self._decide(relation, Al.relationType, [Kind[kind].node], "relation-kind", by, reason, kind)

    def _party(self, fact: str, predicate: str, actor: str, operation: str, by: str, reason: str) -> str:
        """Decide who a fact's speaker, source or target is; the actor's classes and name are kept with it."""
        self._expect(actor, "actor")
        plan = Plan(
            operation,
            fact,
            value=actor,
            reason=reason,
            properties=(predicate,),
            added=(_triple(fact, predicate, _n(actor)), *self._definition(actor)),
            removed=tuple(self._curation_values(fact, predicate)),
        )
        return self._commit(plan, by)

    def revert(self, record: str, *, by: str, reason: str = "") -> str:
        self._expect(record, "correction")
        rows = self._rows(
            f"SELECT ?op ?target ?removed ?added ?undone WHERE {{ GRAPH <{self.graph}> {{ $c al:operation ?op ; "
            "al:target ?target OPTIONAL { $c al:removedQuads ?removed } OPTIONAL { $c al:addedQuads ?added } "
            "OPTIONAL { $c al:revertedBy ?undone } } }",
            c=record,
        )
        row = rows[0]
        if row["undone"]:
            raise CurationError(f"<{record}> was already reverted by <{row['undone']}>")
        if row["op"] == "revert":
            raise CurationError("a revert cannot be reverted; make the correction again")
        mine = ox.NamedNode(self.graph)
        plan = Plan(  # its own changes to the curation graph undone; the other graphs follow from those
            "revert",
            record,
            reason=reason,
            added=tuple(q.triple for q in _quads(row["removed"]) if q.graph_name == mine),
            removed=tuple(q.triple for q in _quads(row["added"]) if q.graph_name == mine),
        )
        return self._commit(plan, by)

    def split(self, actor: str, *, by: str, reason: str = "") -> str:
        """Split an actor merged into another off again: the revert of the merge that stands for it (a split
        is nothing else, so that its history reads as one merge and its undoing)."""
        self._expect(actor, "actor")
        merges = [
            row["record"]
            for row in self.log()
            if row["operation"] == "merge" and row["target"] == actor and not row["reverted_by"]
        ]
        if not merges:
            raise CurationError(f"<{actor}> is merged into no other actor; nothing to split")
        return self.revert(merges[-1], by=by, reason=reason)

    # --- the write ----------------------------------------------------------------------------------------------

    def _decide(
        self,
        subject: str,
        predicate: str,
        values: Sequence[ox.NamedNode | ox.Literal],
        operation: str,
        by: str,
        reason: str,
        shown: str,
    ) -> str:
        """A correction that decides the values of one property of one node, in place of what graphs say."""
        plan = Plan(
            operation,
            subject,
            value=shown,
            reason=reason,
            properties=(str(predicate),),
            added=tuple(_triple(subject, predicate, v) for v in values),
            removed=tuple(self._curation_values(subject, predicate)),
        )
        return self._commit(plan, by)

    def _commit(self, plan: Plan, by: str, marks_with: str | None = None) -> str:
        """Write the correction and everything it does, in one transaction.

        Every graph whose corrections differ afterwards (``Curation.differs``: found by the nodes it holds, or by
        the note of what curation changed in it) is rewritten from what extraction wrote into it
        (``curated.extracted``), so a graph written while a correction stood loses it on a revert like the others.
        """
        name = by.strip()
        if not name:
            raise CurationError("say who makes the correction (--by NAME)")
        now = datetime.now(UTC)
        record = self.minter.correction(plan.operation, plan.target, name, now.isoformat(), uuid.uuid4().hex)
        curator = self.minter.curator(name)
        mine = ox.NamedNode(self.graph)
        before = list(self.store.triples(self.graph))
        held = set(before)
        added = list(plan.added)
        if marks_with is not None:
            added += [_triple(node, marks_with, _n(record)) for node in (plan.target, *plan.marked)]
        if plan.operation == "revert":
            added.append(_triple(plan.target, Al.revertedBy, _n(record)))
        about = [
            _triple(record, Rdf.type, Al.Correction.node),
            _triple(record, Rdf.type, Prov.Activity.node),
            _triple(record, Al.operation, ox.Literal(plan.operation)),
            _triple(record, Al.target, _n(plan.target)),
            _triple(record, Prov.wasAssociatedWith, _n(curator)),
            _triple(
                record,
                Prov.endedAtTime,
                ox.Literal(now.isoformat(), datatype=Xsd.dateTime.node),
            ),
            _triple(curator, Rdf.type, Al.Curator.node),
            _triple(curator, Rdfs.label, ox.Literal(name)),
            *(_triple(record, Al.curatedProperty, _n(p)) for p in plan.properties),
        ]
        if plan.reason.strip():
            about.append(_triple(record, Al.reason, ox.Literal(plan.reason.strip())))
        if plan.reading:
            about.append(_triple(record, Al.reading, ox.Literal(plan.reading)))
        if plan.value:
            value = (
                _n(plan.value) if plan.value.startswith(("http://", "https://")) else ox.Literal(plan.value)
            )
            about.append(_triple(record, Al.value, value))
        dropped = set(plan.removed)
        after = dict.fromkeys(t for t in before if t not in dropped)
        after.update(dict.fromkeys([*added, *about]))
        state = curated.from_triples(after)
        removed_quads: list[ox.Quad] = [_in(t, mine) for t in before if t not in after]
        added_quads: list[ox.Quad] = [_in(t, mine) for t in after if t not in held and t not in about]
        graphs = self._graphs(state.differs(curated.from_triples(before)) | set(plan.rereads))
        for graph in graphs:
            node = ox.NamedNode(graph)
            current = list(self.store.triples(graph))
            result = state.written(graph, curated.extracted(graph, current))
            now_set, result_set = set(current), set(result)
            removed_quads += [_in(t, node) for t in current if t not in result_set]
            added_quads += [_in(t, node) for t in result if t not in now_set]
        trace = [
            _triple(record, Al.removedQuads, ox.Literal(_nquads(removed_quads))),
            _triple(record, Al.addedQuads, ox.Literal(_nquads(added_quads))),
        ]
        added_quads += [_in(t, mine) for t in [*about, *trace] if t not in held]
        self.store.edit(removed_quads, added_quads, touched=graphs)
        if self._journal is not None:
            self._journal.append((removed_quads, added_quads, graphs))
        return str(record)

    def _graphs(self, nodes: Iterable[str]) -> list[str]:
        """The stored graphs (documents, reference actors) that say anything of or about these nodes, or whose note
        of what curation changed in them names one (what a merge or a dropped actor took out of a graph)."""
        wanted = sorted(set(nodes))
        if not wanted:
            return []
        values = " ".join(f"<{n}>" for n in wanted)
        named = " || ".join(f"CONTAINS(?d, {ox.Literal(f'<{n}>')})" for n in wanted)
        rows = self._rows(
            f"SELECT DISTINCT ?g WHERE {{ {{ VALUES ?x {{ {values} }} GRAPH ?g {{ {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }} }} }} "
            f"UNION {{ GRAPH ?g {{ ?n al:curationRemoved|al:curationAdded ?d }} FILTER({named}) }} }}"
        )
        return sorted(
            r["g"] for r in rows if r["g"] not in self._skipped and r["g"] not in self.store.internal_graphs
        )

    def _definition(self, actor: str) -> tuple[ox.Triple, ...]:
        """An actor's classes and a name, to be kept in the curation graph: an actor that facts now point at
        stays defined when the documents that minted it go (what the shapes ask of every actor a graph uses)."""
        names = self._rows("SELECT ?l WHERE { $a rdfs:label ?l } ORDER BY ?l LIMIT 1", a=actor)
        return (
            *(_triple(actor, Rdf.type, _n(c)) for c in self._types(actor)),
            *(_triple(actor, Rdfs.label, ox.Literal(row["l"])) for row in names),
        )

    def _types(self, actor: str) -> list[str]:
        return [
            r["c"] for r in self._rows("SELECT ?c WHERE { $a a ?c . ?c rdfs:subClassOf* al:Actor }", a=actor)
        ]

    def _disjoint(self, first: Sequence[str], second: Sequence[str]) -> tuple[str, str] | None:
        """Two classes, one of each list, that the ontology says nothing can be at once, if there are any."""
        left = " ".join(f"<{c}>" for c in first)
        right = " ".join(f"<{c}>" for c in second)
        if not left or not right:
            return None
        rows = self._rows(
            f"SELECT ?x ?y WHERE {{ VALUES ?x {{ {left} }} VALUES ?y {{ {right} }} "
            "?x rdfs:subClassOf* ?cx . ?y rdfs:subClassOf* ?cy . "
            "{ ?cx owl:disjointWith ?cy } UNION { ?cy owl:disjointWith ?cx } UNION "
            "{ ?d a owl:AllDisjointClasses ; owl:members ?l . ?l rdf:rest*/rdf:first ?cx . "
            "?l rdf:rest*/rdf:first ?cy . FILTER(?cx != ?cy) } } LIMIT 1"
        )
        return (rows[0]["x"].rpartition("#")[2], rows[0]["y"].rpartition("#")[2]) if rows else None

    # --- the log, export and import ---------------------------------------------------------------------------

    def log(self) -> list[dict[str, str]]:
        """Every correction, oldest first, with who made it and what undid it."""
        return self._rows(
            f"SELECT ?record ?operation ?target ?value ?reason ?by ?at ?reverted_by WHERE {{ GRAPH <{self.graph}> {{ "
            "?record a al:Correction ; al:operation ?operation ; al:target ?target ; prov:endedAtTime ?at ; "
            "prov:wasAssociatedWith/rdfs:label ?by . OPTIONAL { ?record al:value ?value } "
            "OPTIONAL { ?record al:reason ?reason } OPTIONAL { ?record al:revertedBy ?reverted_by } } } "
            "ORDER BY ?at ?record"
        )

    def history(self, iri: str) -> list[dict[str, str]]:
        """The corrections of one node (or that merged it, or that mark it: the rejection of the statement it was
        reported in, or of another reading of its words), oldest first."""
        marks = {r["c"] for r in self._rows("SELECT ?c WHERE { $x al:rejectedBy|al:confirmedBy ?c }", x=iri)}
        return [row for row in self.log() if iri in (row["target"], row["value"]) or row["record"] in marks]

    def rejections(self) -> dict[str, dict[str, str]]:
        """Every fact that stands rejected, with its rejection's row of the log: those a rejection names, and those
        it marks besides (the relations in a rejected statement's voice, other readings of the same words)."""
        records = {row["record"]: row for row in self.log()}
        marks = self._rows("SELECT ?f ?c WHERE { ?f al:rejectedBy ?c }")
        return {mark["f"]: records[mark["c"]] for mark in marks if mark["c"] in records}

    def facts_of(self, document: str) -> list[dict[str, str]]:
        """The relations and statements read from a document, with what a curator needs to judge them."""
        return self._rows(
            "SELECT ?fact ?kind ?what WHERE { ?fact prov:wasDerivedFrom $d . "
            "{ ?fact a al:Relation ; al:relationType ?k ; al:sourceActor/rdfs:label ?s ; al:targetActor/rdfs:label ?t "
            "BIND('relation' AS ?kind) BIND(CONCAT(?s, ' ', STRAFTER(STR(?k), STR(kind:)), ' ', ?t) AS ?what) } "
            "UNION { ?fact a al:Statement ; al:speaker/rdfs:label ?s ; al:text ?x "
            "BIND('statement' AS ?kind) BIND(CONCAT(?s, ': ', ?x) AS ?what) } } ORDER BY ?kind ?what ?fact",
            d=document,
        )

    def export_csv(self) -> str:
        """The corrections in force as the CSV a team shares (``SHARED_COLUMNS``)."""
        rows = [r for r in self.log() if not r["reverted_by"] and r["operation"] != "revert"]
        return _csv(rows, SHARED_COLUMNS)

    def trig(self) -> str:
        """The whole curation graph (records, marks and decided values) as TriG."""
        name = ox.NamedNode(self.graph)
        quads = [_in(t, name) for t in self.store.triples(self.graph)]
        return (ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b"").decode()

    def log_csv(self) -> str:
        return _csv(self.log(), LOG_COLUMNS)

    def import_csv(self, text: str, *, by: str | None = None) -> tuple[int, int]:
        """Apply a shared CSV's corrections in order, skipping those already in force; (applied, skipped).

        All or nothing: every row's operation, curator and IRIs are checked before any is applied, and a row the
        store refuses all the same (an actor merged twice) undoes the rows before it, exactly, before the error
        (which names the row's line) is raised."""
        reader = csv.DictReader(io.StringIO(text))
        if missing := sorted({"operation", "target"} - set(reader.fieldnames or ())):
            raise CurationError(
                f"the CSV has no {', '.join(missing)} column; it needs {', '.join(SHARED_COLUMNS)}"
            )
        rows = list(enumerate(reader, start=2))
        for line, row in rows:
            try:
                self._check(row, by)
            except CurationError as error:
                raise CurationError(f"line {line}: {error}; nothing was imported") from None
        applied = skipped = 0
        self._journal = []
        try:
            for line, row in rows:
                if self._in_force(row):
                    skipped += 1
                    continue
                try:
                    IMPORTABLE[row["operation"]].apply(
                        self, row["target"], row.get("value") or "", row.get("reason") or "", by or row["by"]
                    )
                except CurationError as error:
                    for removed, added, touched in reversed(self._journal):
                        self.store.edit(added, removed, touched=touched)
                    raise CurationError(f"line {line}: {error}; nothing was imported") from None
                applied += 1
        finally:
            self._journal = None
        return applied, skipped

    def _check(self, row: dict[str, str], by: str | None) -> None:
        """What an imported row can be refused for without applying the rows before it (its target must be held
        unless the row is in force: an actor a standing correction says is none is no longer held)."""
        if (shared := IMPORTABLE.get(row["operation"])) is None:
            raise CurationError(
                f"cannot import the operation {row['operation']!r}; importable are {', '.join(IMPORTABLE)}"
            )
        if not (by or (row.get("by") or "").strip()):
            raise CurationError("no curator in the 'by' column")
        if self._in_force(row):
            return
        self._expect(row["target"], *shared.targets)
        if shared.names_actor:
            self._expect(row.get("value") or "", "actor")

    def _in_force(self, row: dict[str, str]) -> bool:
        """Whether the store already has what the row asks for: a standing correction the same as the row (so that
        importing a file twice changes nothing, and a reversal is not reversed back), or, for the corrections a
        team shares, the state the row would make (another curator merged or aliased the same)."""
        operation, target, value = row["operation"], row["target"], row.get("value") or ""
        standing = {(r["operation"], r["target"], r["value"]) for r in self.log() if not r["reverted_by"]}
        if (operation, target, value) in standing:
            return True
        if operation == "merge":
            return self.merged_into(target) == value
        if operation == "alias":
            return any(
                r["l"] == value for r in self._rows("SELECT ?l WHERE { $a skos:altLabel ?l }", a=target)
            )
        marks = {"reject": Al.rejectedBy, "confirm": Al.confirmedBy}
        return operation in marks and bool(self._curation_values(target, marks[operation]))


@dataclass(frozen=True)
class Shared:
    """How a row of the shared CSV is applied: what its target is, whether its value names an actor, and the
    operation it calls (the value column holds what the log's does: a label, an IRI, a kind, a QID)."""

    targets: tuple[str, ...]
    apply: Callable[[Corrections, str, str, str, str], str]  # (desk, target, value, reason, by)
    names_actor: bool = False


FACT, ACTOR, STATEMENT, RELATION = ("relation", "statement"), ("actor",), ("statement",), ("relation",)
IMPORTABLE: dict[str, Shared] = {
    "merge": Shared(ACTOR, lambda c, t, v, why, by: c.merge(t, v, by=by, reason=why), names_actor=True),
    "alias": Shared(ACTOR, lambda c, t, v, why, by: c.alias(t, v, by=by, reason=why)),
    "reject": Shared(FACT, lambda c, t, v, why, by: c.reject(t, by=by, reason=why)),
    "confirm": Shared(FACT, lambda c, t, v, why, by: c.confirm(t, by=by, reason=why)),
    "unalias": Shared(ACTOR, lambda c, t, v, why, by: c.alias(t, v, by=by, reason=why, remove=True)),
    "relabel": Shared(ACTOR, lambda c, t, v, why, by: c.relabel(t, v, by=by, reason=why)),
    "type": Shared(ACTOR, lambda c, t, v, why, by: c.set_types(t, v.split("|"), by=by, reason=why)),
    "wikidata": Shared(ACTOR, lambda c, t, v, why, by: c.set_wikidata(t, v or None, by=by, reason=why)),
    "not-an-actor": Shared(ACTOR, lambda c, t, v, why, by: c.not_an_actor(t, by=by, reason=why)),
    "speaker": Shared(
        STATEMENT,
        lambda c, t, v, why, by: c.correct_statement(t, speaker=v, by=by, reason=why),
        names_actor=True,
    ),
    "statement-kind": Shared(
        STATEMENT, lambda c, t, v, why, by: c.correct_statement(t, kind=v, by=by, reason=why)
    ),
    "reverse": Shared(
        RELATION, lambda c, t, v, why, by: c.correct_relation(t, reverse=True, by=by, reason=why)
    ),
    "source": Shared(
        RELATION,
        lambda c, t, v, why, by: c.correct_relation(t, source=v, by=by, reason=why),
        names_actor=True,
    ),
    "target": Shared(
        RELATION,
        lambda c, t, v, why, by: c.correct_relation(t, target=v, by=by, reason=why),
        names_actor=True,
    ),
    "relation-kind": Shared(
        RELATION, lambda c, t, v, why, by: c.correct_relation(t, kind=v, by=by, reason=why)
    ),
}
"""Every correction ``curate export`` writes (all but a revert, which is in the log only): a team shares whom to
merge, what else an actor is called and which facts are wrong, and whatever else it decided, and another store
imports all of it."""


def _in(triple: ox.Triple, graph: ox.NamedNode) -> ox.Quad:
    return ox.Quad(triple.subject, triple.predicate, triple.object, graph)


def _label(text: str) -> str:
    label = " ".join(text.split())
    if not label:
        raise CurationError("the label is empty")
    return label


def _csv(rows: list[dict[str, str]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _nquads(quads: list[ox.Quad]) -> str:
    return (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"").decode()


def _quads(text: str) -> list[ox.Quad]:
    return list(ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS)) if text else []
