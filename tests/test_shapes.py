"""The SHACL shapes: what ingest writes conforms, and known-bad data is rejected by each shape, with its message.

The good graph is built by ingest's own ``GraphBuilder`` from a hand-made extraction (no spaCy), so the shapes
are tested against exactly the triples ingest writes; each bad variant is one SPARQL update away from it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD

from allegiance.ingest.document import SECTION_KINDS, Document, Section
from allegiance.ingest.extraction import Actor, Extraction, Mention, PostFact, RelationFact, StatementFact
from allegiance.ingest.graph import document_triples
from allegiance.iris import Minter
from allegiance.namespaces import (
    AL,
    POLARITIES,
    PREFIXES,
    QUOTE_MODES,
    RDF,
    RDFS,
    RELATION_KINDS,
    STATEMENT_KINDS,
    WD,
    Kind,
)
from allegiance.rdflib_bridge import ox_term, ox_triples, rdflib_graph
from allegiance.shapes.compiled import UnsupportedShape, compile_shapes
from allegiance.shapes.validate import Verdict, pyshacl_verdict, shapes_graph, validate_ntriples, violations

MINTER = Minter()
FIRST = "Kremlin spokesman Dmitry Peskov said Russia arms the Syrian government."
SECOND = "Reportedly, Iran backs the Syrian government."
TEXT = f"{FIRST}\n{SECOND}\n"


def actor(label: str, cls: str, *, new: bool = False) -> Actor:
    return Actor(MINTER.actor(label), label, cls, new)


RUSSIA, IRAN = actor("Russia", "State"), actor("Iran", "State")
SYRIA_GOV = actor("Syrian government", "Government")
PESKOV, KREMLIN = actor("Dmitry Peskov", "Person", new=True), actor("Kremlin", "Government", new=True)


def at(phrase: str, line: int = 0) -> tuple[int, int]:
    """The offsets of ``phrase`` in the given line of the text."""
    start = TEXT.index(phrase, 0 if line == 0 else len(FIRST) + 1)
    return start, start + len(phrase)


def sample() -> tuple[str, Graph]:
    """A document graph as ingest writes it, merged with what the store knows of the actors it references."""
    second = len(FIRST) + 1
    document = Document(
        text=TEXT,
        origin="test",
        source="https://example.org/peskov",
        title="Peskov on arms",
        published=date(2016, 10, 24),
        sections=(
            Section("paragraph", 0, len(FIRST)),
            Section("update", second, second + len(SECOND), time=datetime(2016, 10, 24, 8, 15, tzinfo=UTC)),
        ),
    )
    statement = StatementFact(
        speaker=PESKOV,
        kind="claim",
        mode="paraphrase",
        text="Russia arms the Syrian government",
        evidence=[(0, len(FIRST))],
        rule="reported-speech",
        confidence=0.8,
        date=date(2016, 10, 24),
        on_behalf_of=KREMLIN,
        about=[RUSSIA, SYRIA_GOV],
    )
    extraction = Extraction(
        mentions=[
            Mention(at("Kremlin"), KREMLIN, "gazetteer-alias", 0.95),
            Mention(at("Dmitry Peskov"), PESKOV, "gazetteer-alias", 0.95),
            Mention(at("Russia"), RUSSIA, "gazetteer-alias", 0.95),
            Mention(at("Iran", 1), IRAN, "gazetteer-alias", 0.95),
        ],
        statements=[statement],
        relations=[
            RelationFact(
                "arms",
                RUSSIA,
                SYRIA_GOV,
                "asserted",
                [at("Russia arms the Syrian government")],
                "verb",
                0.8,
                date=date(2016, 10, 24),
                statement=statement,
            ),
            RelationFact(
                "backs", IRAN, SYRIA_GOV, "asserted", [at(SECOND, 1)], "verb", 0.7, hedge="Reportedly"
            ),
        ],
        posts=[PostFact(PESKOV, KREMLIN, "spokesperson", at("Kremlin spokesman Dmitry Peskov"))],
    )
    iri, triples = document_triples(document, extraction, MINTER)
    graph = rdflib_graph(triples)
    for known in (RUSSIA, IRAN, SYRIA_GOV):
        graph.add((URIRef(known.iri), RDF.type, AL[known.cls]))
        graph.parse(data=f'<{known.iri}> <{RDFS.label}> "{known.label}" .', format="nt")
    graph.add((URIRef(RUSSIA.iri), AL.wikidata, WD.Q159))
    return str(iri), graph


@pytest.fixture(scope="module")
def good() -> tuple[str, Graph]:
    return sample()


def ntriples(graph: Graph) -> bytes:
    return ox.serialize(ox_triples(graph), format=ox.RdfFormat.N_TRIPLES) or b""


def check(good: tuple[str, Graph], update: str) -> Verdict:
    name, graph = good
    changed = Graph()
    changed += graph
    changed.update(update, initNs=PREFIXES)
    return validate_ntriples(name, ntriples(changed))


def test_what_ingest_writes_conforms(good: tuple[str, Graph]) -> None:
    verdict = validate_ntriples(good[0], ntriples(good[1]))
    assert verdict.conforms, "\n".join(verdict.lines())


# Each case: a SPARQL update that breaks the good graph, a phrase of the message that must say why, and a
# phrase of the node it must name.
CASES = {
    # actors
    "actor-untyped": (
        "DELETE WHERE { ?a a al:State ; rdfs:label 'Iran' }",
        "is used as an actor but no graph types it",
        "actor/iran",
    ),
    "actor-no-label": (
        "DELETE { ?a rdfs:label ?l } WHERE { ?a rdfs:label 'Iran', ?l }",
        "rdfs:label",
        "iran",
    ),
    "actor-blank-label": (
        "DELETE { ?a rdfs:label ?l } INSERT { ?a rdfs:label '  ' } WHERE { ?a a al:State ; rdfs:label 'Iran' ; "
        "rdfs:label ?l }",
        "rdfs:label",
        "iran",
    ),
    "actor-two-wikidata": (
        "INSERT { ?a al:wikidata wd:Q1 } WHERE { ?a al:wikidata wd:Q159 }",
        "at most one",
        "russia",
    ),
    "actor-wikidata-page": (
        "DELETE { ?a al:wikidata ?q } INSERT { ?a al:wikidata <https://www.wikidata.org/wiki/Q159> } "
        "WHERE { ?a al:wikidata ?q }",
        "http://www.wikidata.org/entity/Q",
        "russia",
    ),
    "actor-wikidata-literal": (
        "DELETE { ?a al:wikidata ?q } INSERT { ?a al:wikidata 'Q159' } WHERE { ?a al:wikidata ?q }",
        "al:wikidata takes at most one",
        "russia",
    ),
    "speaker-not-a-person": (
        "INSERT { ?state al:speaksFor ?org } WHERE { ?p al:speaksFor ?org . ?state rdfs:label 'Iran' }",
        "only a person speaks for",
        "iran",
    ),
    "speaks-for-a-state": (
        "DELETE { ?p al:speaksFor ?org } INSERT { ?p al:speaksFor ?state } "
        "WHERE { ?p al:speaksFor ?org . ?state rdfs:label 'Iran' }",
        "must point to an al:Organization",
        "dmitry-peskov",
    ),
    "country-a-government": (
        "INSERT { ?a al:country ?g } WHERE { ?a rdfs:label 'Iran' . ?g a al:Government }",
        "al:country must point to an al:State",
        "iran",
    ),
    "actor-start-as-text": (
        "INSERT { ?a al:startDate 'since 2012' } WHERE { ?a rdfs:label 'Iran' }",
        "al:startDate",
        "iran",
    ),
    # documents and activities
    "url-literal": (
        "DELETE { ?d schema:url ?u } INSERT { ?d schema:url 'https://example.org/peskov' } WHERE { ?d schema:url ?u }",
        "schema:url",
        "document/",
    ),
    "issued-string": (
        "DELETE { ?d dcterms:issued ?x } INSERT { ?d dcterms:issued 'Monday' } WHERE { ?d dcterms:issued ?x }",
        "dcterms:issued",
        "document/",
    ),
    "no-retrieved": ("DELETE WHERE { ?d al:retrieved ?x }", "al:retrieved", "document/"),
    "sha256-upper-case": (
        "DELETE { ?d al:sha256 ?x } INSERT { ?d al:sha256 ?upper } WHERE { ?d al:sha256 ?x BIND(UCASE(?x) AS ?upper) }",
        "64 lower-case hexadecimal digits",
        "document/",
    ),
    "sha256-of-other-text": (
        "DELETE { ?d nif:isString ?t } INSERT { ?d nif:isString ?edited } "
        "WHERE { ?d nif:isString ?t BIND(REPLACE(?t, 'arms', 'helps') AS ?edited) }",
        "is not the SHA-256 of the document's text",
        "document/",
    ),
    "no-text": ("DELETE WHERE { ?d nif:isString ?t }", "nif:isString", "document/"),
    "two-titles": (
        "INSERT { ?d dcterms:title 'Another' } WHERE { ?d a al:Document }",
        "dcterms:title",
        "document/",
    ),
    "activity-no-software": ("DELETE WHERE { ?a al:software ?s }", "al:software", "/activity/"),
    "activity-used-nothing": ("DELETE WHERE { ?a prov:used ?d }", "prov:used", "/activity/"),
    "activity-date-not-time": (
        "DELETE { ?a prov:startedAtTime ?t } INSERT { ?a prov:startedAtTime '2016-10-24'^^xsd:date } "
        "WHERE { ?a prov:startedAtTime ?t }",
        "prov:startedAtTime",
        "/activity/",
    ),
    # spans, evidence, mentions, sections
    "span-end-beyond-text": (
        "DELETE { ?s nif:endIndex ?e } INSERT { ?s nif:endIndex 500 } "
        "WHERE { ?s a al:Section ; al:sectionKind kind:update ; nif:endIndex ?e }",
        "does not fit the text",
        "document/",
    ),
    "span-begin-not-before-end": (
        "DELETE { ?s nif:beginIndex ?b } INSERT { ?s nif:beginIndex ?e } "
        "WHERE { ?s a al:Section ; al:sectionKind kind:paragraph ; nif:beginIndex ?b ; nif:endIndex ?e }",
        "smaller than its nif:endIndex",
        "/section/",
    ),
    "span-negative-begin": (
        "DELETE { ?s nif:beginIndex ?b } INSERT { ?s nif:beginIndex -1 } "
        "WHERE { ?s a al:Section ; al:sectionKind kind:paragraph ; nif:beginIndex ?b }",
        "a number from 0",
        "/section/",
    ),
    "span-decimal-offset": (
        "DELETE { ?s nif:beginIndex ?b } INSERT { ?s nif:beginIndex 0.5 } "
        "WHERE { ?s a al:Section ; al:sectionKind kind:paragraph ; nif:beginIndex ?b }",
        "offsets must be integers",
        "document/",
    ),
    "span-no-document": (
        "DELETE { ?s nif:referenceContext ?d } WHERE { ?s al:sectionKind kind:update ; nif:referenceContext ?d }",
        "nif:referenceContext",
        "/section/",
    ),
    "span-two-anchors": (
        "INSERT { ?s nif:anchorOf 'Kremlin!' } WHERE { ?s a al:Mention ; nif:anchorOf 'Kremlin' }",
        "nif:anchorOf, when present, is one plain string",
        "#char=0,7",
    ),
    "evidence-without-anchor": (
        "DELETE { ?s nif:anchorOf ?a } WHERE { ?r a al:Relation ; al:evidence ?s . ?s nif:anchorOf ?a }",
        "an evidence span must carry its nif:anchorOf",
        "#char=",
    ),
    "evidence-not-a-span": (
        "INSERT { ?r al:evidence ?d } WHERE { ?r a al:Relation . ?d a al:Document }",
        "al:evidence must point to an al:Span",
        "document/",
    ),
    "mention-refers-to-nothing": (
        "DELETE { ?m al:refersTo ?a } WHERE { ?m al:refersTo ?a . ?a rdfs:label 'Iran' }",
        "which actor it names",
        "#char=",
    ),
    "mention-without-anchor": (
        "DELETE { ?m nif:anchorOf ?x } WHERE { ?m a al:Mention ; nif:anchorOf 'Russia', ?x }",
        "a mention must carry its nif:anchorOf",
        "#char=",
    ),
    "section-kind-unknown": (
        "DELETE { ?s al:sectionKind ?k } INSERT { ?s al:sectionKind kind:sidebar } "
        "WHERE { ?s al:sectionKind kind:update, ?k }",
        "al:sectionKind from kind:sectionKinds",
        "/section/",
    ),
    "section-date-string": (
        "DELETE { ?s al:date ?x } INSERT { ?s al:date '08:15 GMT' } WHERE { ?s a al:Section ; al:date ?x }",
        "al:date, when known",
        "/section/",
    ),
    # what extraction produced
    "confidence-above-one": (
        "DELETE { ?r al:confidence ?c } INSERT { ?r al:confidence 1.5 } WHERE { ?r a al:Relation ; al:confidence ?c }",
        "between 0 and 1",
        "/relation/",
    ),
    "confidence-as-string": (
        "DELETE { ?m al:confidence ?c } INSERT { ?m al:confidence 'high' } "
        "WHERE { ?m a al:Mention ; nif:anchorOf 'Iran' ; al:confidence ?c }",
        "between 0 and 1",
        "#char=",
    ),
    "no-rule": (
        "DELETE { ?s al:rule ?r } WHERE { ?s a al:Statement ; al:rule ?r }",
        "al:rule",
        "/statement/",
    ),
    "no-activity": (
        "DELETE { ?s prov:wasGeneratedBy ?a } WHERE { ?s a al:Relation ; prov:wasGeneratedBy ?a }",
        "prov:wasGeneratedBy",
        "/relation/",
    ),
    "relation-type-unknown": (
        "DELETE { ?r al:relationType ?k } INSERT { ?r al:relationType kind:likes } WHERE { ?r al:relationType ?k }",
        "al:relationType from kind:relationKinds",
        "/relation/",
    ),
    "relation-no-source": ("DELETE WHERE { ?r al:sourceActor ?a }", "al:sourceActor", "/relation/"),
    "relation-two-targets": (
        "INSERT { ?r al:targetActor ?x } WHERE { ?r al:targetActor ?a . ?x rdfs:label 'Iran' }",
        "al:targetActor",
        "/relation/",
    ),
    "relation-polarity-unknown": (
        "DELETE { ?r al:polarity ?p } INSERT { ?r al:polarity kind:rumoured } WHERE { ?r al:polarity ?p }",
        "kind:asserted or kind:denied",
        "/relation/",
    ),
    "relation-according-to-a-span": (
        "DELETE { ?r al:accordingTo ?x } INSERT { ?r al:accordingTo ?s } "
        "WHERE { ?r al:accordingTo ?x ; al:evidence ?s }",
        "al:accordingTo",
        "/relation/",
    ),
    "relation-without-evidence": (
        "DELETE { ?r al:evidence ?s } WHERE { ?r a al:Relation ; al:evidence ?s }",
        "at least one al:evidence span",
        "/relation/",
    ),
    "relation-empty-hedge": (
        "DELETE { ?r al:hedge ?h } INSERT { ?r al:hedge '' } WHERE { ?r al:hedge ?h }",
        "al:hedge",
        "/relation/",
    ),
    "relation-attributed-to-a-statement-that-denies-it": (
        "DELETE { ?s al:asserts ?r } INSERT { ?s al:denies ?r } WHERE { ?s al:asserts ?r }",
        "which does not assert it",
        "/relation/",
    ),
    "relation-not-derived": (
        "DELETE { ?r prov:wasDerivedFrom ?d } WHERE { ?r a al:Relation ; prov:wasDerivedFrom ?d }",
        "wasDerivedFrom",
        "/relation/",
    ),
    "statement-no-speaker": ("DELETE WHERE { ?s al:speaker ?a }", "al:speaker", "/statement/"),
    "statement-blank-text": (
        "DELETE { ?s al:text ?t } INSERT { ?s al:text ' ' } WHERE { ?s al:text ?t }",
        "al:text",
        "/statement/",
    ),
    "statement-kind-unknown": (
        "DELETE { ?s al:statementKind ?k } INSERT { ?s al:statementKind kind:boast } WHERE { ?s al:statementKind ?k }",
        "kind:statementKinds",
        "/statement/",
    ),
    "statement-mode-unknown": (
        "DELETE { ?s al:mode ?m } INSERT { ?s al:mode kind:rumour } WHERE { ?s al:mode ?m }",
        "kind:directQuote or kind:paraphrase",
        "/statement/",
    ),
    "statement-without-evidence": (
        "DELETE { ?s al:evidence ?e } WHERE { ?s a al:Statement ; al:evidence ?e }",
        "a statement needs at least one al:evidence",
        "/statement/",
    ),
    "statement-asserts-an-actor": (
        "INSERT { ?s al:asserts ?a } WHERE { ?s al:speaker ?a }",
        "al:asserts, al:denies and al:disputes must point to al:Relation",
        "/statement/",
    ),
    "statement-date-text": (
        "DELETE { ?s al:date ?d } INSERT { ?s al:date 'back in April' } WHERE { ?s a al:Statement ; al:date ?d }",
        "xsd:dateTime (a moment), xsd:date (a day), xsd:gYearMonth or xsd:gYear",
        "/statement/",
    ),
    # posts
    "post-role-not-a-role": (
        "DELETE { ?p org:role ?r } INSERT { ?p org:role kind:claim } WHERE { ?p org:role ?r }",
        "org:role",
        "/post/",
    ),
    "post-in-a-state": (
        "DELETE { ?p org:postIn ?o } INSERT { ?p org:postIn ?state } "
        "WHERE { ?p org:postIn ?o . ?state rdfs:label 'Iran' }",
        "never in a state",
        "/post/",
    ),
    "post-held-by-nobody": (
        "DELETE WHERE { ?person org:holds ?p }",
        "held (org:holds) by an al:Person",
        "/post/",
    ),
    "post-start-as-text": (
        "INSERT { ?p al:startDate 'since 2012' } WHERE { ?p a al:Post }",
        "al:startDate",
        "/post/",
    ),
}


@pytest.mark.parametrize(("update", "message", "focus"), CASES.values(), ids=CASES.keys())
def test_known_bad_data_is_rejected_with_its_message(
    good: tuple[str, Graph], update: str, message: str, focus: str
) -> None:
    verdict = check(good, update)
    assert not verdict.conforms
    assert any(message in f.message and focus in f.focus for f in verdict.findings), "\n".join(
        verdict.lines()
    )


def test_an_offset_shifted_by_one_character_fails_and_names_the_span(good: tuple[str, Graph]) -> None:
    verdict = check(
        good,
        "DELETE { ?m nif:beginIndex ?b ; nif:endIndex ?e } INSERT { ?m nif:beginIndex ?b1 ; nif:endIndex ?e1 } "
        "WHERE { ?m a al:Mention ; nif:anchorOf 'Russia' ; nif:beginIndex ?b ; nif:endIndex ?e "
        "BIND (?b + 1 AS ?b1) BIND (?e + 1 AS ?e1) }",
    )
    assert not verdict.conforms
    (finding,) = verdict.findings
    begin, end = at("Russia")
    assert (
        f'quotes "Russia", but the text of this document at {begin + 1}..{end + 1} is "ussia "'
        in finding.message
    )
    assert finding.value.endswith(f"#char={begin},{end}>")  # the span (named by its original offsets)
    assert finding.focus == f"<{good[0]}>"


def test_a_document_without_url_or_publication_date_conforms(good: tuple[str, Graph]) -> None:
    """Text from stdin or a file without --source has no URL; a page may have no readable date."""
    verdict = check(good, "DELETE WHERE { ?d schema:url ?u } ; DELETE WHERE { ?d dcterms:issued ?i }")
    assert verdict.conforms, "\n".join(verdict.lines())


def test_messages_name_node_path_and_value(good: tuple[str, Graph]) -> None:
    verdict = check(
        good,
        "DELETE { ?r al:confidence ?c } INSERT { ?r al:confidence 2.0 } WHERE { ?r a al:Relation ; al:hedge ?h ; al:confidence ?c }",
    )
    (line,) = [line for line in verdict.lines() if "al:confidence" in line]
    assert "/relation/" in line and "needs exactly one al:confidence" in line and "(value: '2.0')" in line


def _closed_list(path: URIRef) -> set[str]:
    shapes = shapes_graph()
    (members,) = [shapes.value(shape, SH["in"]) for shape in shapes.subjects(SH.path, path)]
    return {str(member) for member in Collection(shapes, members)}


@pytest.mark.parametrize(
    ("path", "names"),
    [
        (AL.relationType, tuple(RELATION_KINDS)),
        (AL.statementKind, STATEMENT_KINDS),
        (AL.polarity, POLARITIES),
        (AL.mode, QUOTE_MODES),
        (AL.sectionKind, SECTION_KINDS),
    ],
)
def test_closed_vocabularies_match_the_code(path: URIRef, names: tuple[str, ...]) -> None:
    assert _closed_list(path) == {Kind[name] for name in names}


def test_every_constraint_has_a_message() -> None:
    shapes = shapes_graph()
    constrained = (
        set(shapes.subjects(SH.path, None))
        | set(shapes.objects(None, SH.sparql))
        | {s for s in shapes.subjects(RDF.type, SH.NodeShape) if (s, SH["class"], None) in shapes}
    )
    assert constrained
    assert [str(node) for node in constrained if (node, SH.message, None) not in shapes] == []


# The compiled shapes (shapes/compiled.py) decide whether a graph conforms; pyshacl writes the report of one that
# does not. Both must find the same (focus node, shape) pairs, or a bad graph could pass the door unreported.


def key(focus: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """A focus node as both engines name it: blank node labels differ by parser, and oxigraph stores numbers in
    canonical form (``0.700`` as ``0.7``, every integer type as ``xsd:integer``)."""
    return (
        "_:"
        if isinstance(focus, ox.BlankNode)
        else "literal"
        if isinstance(focus, ox.Literal)
        else str(focus)
    )


def by_pyshacl(graph: Graph) -> set[tuple[str, str]]:
    """The (focus node, shape) pairs of pyshacl's report."""
    report = pyshacl_verdict("test", ntriples(graph)).report
    pairs = (
        (report.value(result, SH.focusNode), report.value(result, SH.sourceShape))
        for result in report.objects(None, SH.result)
    )
    return {(key(ox_term(focus)), str(shape)) for focus, shape in pairs}


def compiled(graph: Graph) -> set[tuple[str, str]]:
    return {(key(v.focus), v.shape) for v in violations(ntriples(graph))}


def damaged(good: tuple[str, Graph], update: str) -> Graph:
    changed = Graph()
    changed += good[1]
    changed.update(update, initNs=PREFIXES)
    return changed


@pytest.mark.parametrize("update", [case[0] for case in CASES.values()], ids=CASES.keys())
def test_compiled_shapes_find_what_pyshacl_finds_in_known_bad_data(
    good: tuple[str, Graph], update: str
) -> None:
    changed = damaged(good, update)
    found = compiled(changed)
    assert found, "the compiled shapes let a known-bad graph through"
    assert found == by_pyshacl(changed)


def test_compiled_shapes_pass_what_ingest_writes(good: tuple[str, Graph]) -> None:
    assert compiled(good[1]) == set() == by_pyshacl(good[1])


# Damage a validator might miss: a triple gone, a value doubled, a value of the wrong kind or datatype, an
# ill-formed literal, a node swapped for another node of the graph.
ODD_VALUES = (
    Literal("not a number", datatype=XSD.decimal),
    Literal("2016-13-45", datatype=XSD.date),
    Literal("20xx", datatype=XSD.gYear),
    Literal("-3", datatype=XSD.integer),
    Literal("1.5", datatype=XSD.decimal),
    Literal("0.5", datatype=XSD.decimal),
    Literal(" ", datatype=XSD.string),
    Literal("text", lang="en"),
    Literal("2016-10-24", datatype=XSD.date),
    Literal("2016-10-24T08:15:00", datatype=XSD.dateTime),
    Literal("2016-1", datatype=XSD.gYearMonth),
    Literal("7", datatype=XSD.nonNegativeInteger),
    BNode("odd"),
    URIRef("https://example.org/nobody"),
    URIRef("http://www.wikidata.org/entity/Q0"),
)


@st.composite
def damage(draw: st.DrawFn, graph: Graph) -> Graph:
    triples = sorted(graph, key=str)
    nodes = sorted({term for triple in triples for term in (triple[0], triple[2])}, key=str)
    changed = Graph()
    changed += graph
    for _ in range(draw(st.integers(1, 3))):
        subject, predicate, obj = draw(st.sampled_from(triples))
        action = draw(st.sampled_from(["remove", "add", "replace"]))
        if action != "add":
            changed.remove((subject, predicate, obj))
        if action != "remove":
            value = draw(st.sampled_from(ODD_VALUES) | st.sampled_from(nodes))
            changed.add((subject, predicate, value))
    return changed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_compiled_shapes_agree_with_pyshacl_on_random_damage(
    good: tuple[str, Graph], data: st.DataObject
) -> None:
    changed = data.draw(damage(good[1]))
    assert compiled(changed) == by_pyshacl(changed)


@pytest.mark.parametrize(
    ("shape", "named"),
    [
        (
            "<urn:shape> sh:targetClass <urn:C> ; sh:path <urn:p> ; sh:qualifiedMinCount 1 .",
            "qualifiedMinCount",
        ),
        (
            "<urn:shape> sh:targetClass <urn:C> ; sh:property [ sh:path <urn:p> ; sh:minCount 1 ] .",
            "property",
        ),
        ("<urn:shape> a rdfs:Class ; sh:targetClass <urn:C> ; sh:nodeKind sh:IRI .", "Class"),
    ],
    ids=["unknown constraint", "nested property shape", "implicit class target"],
)
def test_a_shape_the_compiler_does_not_know_is_refused(shape: str, named: str) -> None:
    prefixes = (
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."
    )
    with pytest.raises(UnsupportedShape, match=named):
        compile_shapes(Graph().parse(data=f"{prefixes} {shape}", format="turtle"))


def test_data_pyshacl_gives_up_on_is_rejected_with_the_compiled_findings(good: tuple[str, Graph]) -> None:
    """pyshacl raises on a blank node compared with sh:lessThan; the verdict then comes from the compiled shapes."""
    verdict = check(
        good,
        "DELETE { ?m nif:beginIndex ?b } INSERT { ?m nif:beginIndex [] } "
        "WHERE { ?m a al:Mention ; nif:anchorOf 'Russia' ; nif:beginIndex ?b }",
    )
    assert not verdict.conforms
    assert any("a number from 0, smaller than its nif:endIndex" in f.message for f in verdict.findings), (
        "\n".join(verdict.lines())
    )
