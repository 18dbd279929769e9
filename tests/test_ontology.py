"""The ontology: its RDF/XML twin, its agreement with core/namespaces.py, its documentation and HermiT."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from allegiance.namespaces import (
    AL,
    KIND,
    ONTOLOGY_IRI,
    OWL,
    POLARITIES,
    PREFIXES,
    QUOTE_MODES,
    RDF,
    RDFS,
    RELATION_KINDS,
    SKOS,
    STATEMENT_KINDS,
    RelationKind,
)
from allegiance.ontology import diagram, graph, rdfxml_text, turtle_text
from allegiance.ontology.reasoner import check_consistency, find_clashes, java_available

DOC = Path(__file__).resolve().parents[1] / "docs" / "ontology.md"
ONTOLOGY = graph()
DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
AL_NS = str(AL._NS)

# The datatypes HermiT accepts (the OWL 2 datatype map); anything else in an axiom makes it refuse to run.
# (XSD itself is not imported: pytest probes module attributes and rdflib's XSD warns about unknown names.)
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
OWL2_DATATYPES = {
    URIRef(XSD_NS + name)
    for name in [
        "decimal",
        "integer",
        "nonNegativeInteger",
        "nonPositiveInteger",
        "positiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
        "double",
        "float",
        "string",
        "normalizedString",
        "token",
        "language",
        "Name",
        "NCName",
        "NMTOKEN",
        "boolean",
        "hexBinary",
        "base64Binary",
        "anyURI",
        "dateTime",
        "dateTimeStamp",
    ]
} | {RDFS.Literal, RDF.PlainLiteral, RDF.XMLLiteral, OWL.real, OWL.rational}

needs_java = pytest.mark.skipif(not java_available(), reason="HermiT needs Java and `java` is not on PATH")

EXAMPLE = """
@prefix al: <https://w3id.org/allegiance/ontology#> .
@prefix kind: <https://w3id.org/allegiance/kind/> .
@prefix actor: <https://w3id.org/allegiance/id/actor/> .
@prefix doc: <https://w3id.org/allegiance/id/document/d1/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

actor:russia a al:State ; rdfs:label "Russia" ; al:demonym "Russian" ; al:capital "Moscow" ;
    al:wikidata wd:Q159 .
actor:russian-government a al:Government ; rdfs:label "Russian government" ; al:governmentOf actor:russia .
actor:russian-mfa a al:GovernmentBody ; rdfs:label "Russian foreign ministry" ;
    al:partOf actor:russian-government .
actor:maria-zakharova a al:Person ; rdfs:label "Maria Zakharova" ;
    org:holds <https://w3id.org/allegiance/id/post/zakharova> ; al:speaksFor actor:russian-mfa .
<https://w3id.org/allegiance/id/post/zakharova> a al:Post ; org:postIn actor:russian-mfa ;
    org:role kind:spokesperson ; al:startDate "2015-08-10"^^xsd:date .
actor:syria a al:State ; rdfs:label "Syria" .
actor:syrian-government a al:Government ; rdfs:label "Syrian government" ; al:governmentOf actor:syria .
actor:ndf a al:Militia, al:GovernmentBody ; rdfs:label "National Defence Forces" ;
    al:partOf actor:syrian-government .
actor:reuters a al:MediaOrganization ; rdfs:label "Reuters" .
actor:russia al:backs actor:syrian-government .

<https://w3id.org/allegiance/id/document/d1> a al:Document ;
    schema:url <https://example.org/news/1> ;
    dcterms:title "Moscow denies arming militia" ;
    dcterms:publisher actor:reuters ;
    dcterms:issued "2024-05-01T10:00:00Z"^^xsd:dateTime ;
    al:retrieved "2024-05-02T08:00:00Z"^^xsd:dateTime ;
    al:sha256 "0000000000000000000000000000000000000000000000000000000000000000" ;
    nif:isString "Russia reportedly backs Damascus. Zakharova denied that Russia arms the NDF." .

<https://w3id.org/allegiance/id/document/d1#char=0,33> a al:Span ;
    nif:beginIndex 0 ; nif:endIndex 33 ; nif:anchorOf "Russia reportedly backs Damascus." ;
    nif:referenceContext <https://w3id.org/allegiance/id/document/d1> .
<https://w3id.org/allegiance/id/document/d1#char=34,77> a al:Span ;
    nif:beginIndex 34 ; nif:endIndex 77 ; nif:anchorOf "Zakharova denied that Russia arms the NDF." ;
    nif:referenceContext <https://w3id.org/allegiance/id/document/d1> .
<https://w3id.org/allegiance/id/document/d1#char=0,6> a al:Mention ;
    nif:beginIndex 0 ; nif:endIndex 6 ; nif:anchorOf "Russia" ;
    nif:referenceContext <https://w3id.org/allegiance/id/document/d1> ; al:refersTo actor:russia .
doc:section-1 a al:Section ; al:sectionKind kind:paragraph ; nif:beginIndex 0 ; nif:endIndex 77 ;
    nif:referenceContext <https://w3id.org/allegiance/id/document/d1> .

doc:relation-1 a al:Relation ; al:relationType kind:backs ;
    al:sourceActor actor:russia ; al:targetActor actor:syrian-government ; al:polarity kind:asserted ;
    al:accordingTo <https://w3id.org/allegiance/id/document/d1> ; al:hedge "reportedly" ;
    al:date "2024-05-01"^^xsd:date ; al:confidence 0.8 ; al:rule "backs-verb" ;
    al:evidence <https://w3id.org/allegiance/id/document/d1#char=0,33> ;
    prov:wasGeneratedBy doc:activity ; prov:wasDerivedFrom <https://w3id.org/allegiance/id/document/d1> .
doc:relation-2 a al:Relation ; al:relationType kind:arms ;
    al:sourceActor actor:russia ; al:targetActor actor:ndf ; al:polarity kind:denied ;
    al:accordingTo doc:statement-1 ;
    al:evidence <https://w3id.org/allegiance/id/document/d1#char=34,77> .
doc:relation-3 a al:Relation ; al:relationType kind:arms ;
    al:sourceActor actor:russia ; al:targetActor actor:ndf ; al:polarity kind:asserted ;
    al:accordingTo <https://w3id.org/allegiance/id/document/d1> ;
    al:evidence <https://w3id.org/allegiance/id/document/d1#char=34,77> .
doc:statement-1 a al:Statement ; al:speaker actor:maria-zakharova ;
    al:text "that Russia arms the NDF" ; al:mode kind:paraphrase ; al:statementKind kind:denial ;
    al:about actor:ndf ; al:denies doc:relation-2 ; al:date "2024-05-01"^^xsd:date ;
    al:evidence <https://w3id.org/allegiance/id/document/d1#char=34,77> ;
    prov:wasGeneratedBy doc:activity .
doc:activity a al:ExtractionActivity ; al:software "allegiance 0.1.0" ; al:component "ingest.extraction" .
"""


def example() -> Graph:
    return Graph().parse(data=EXAMPLE, format="turtle")


def declared(namespace: str) -> set[URIRef]:
    return {
        s
        for t in DECLARATIONS
        for s in ONTOLOGY.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(namespace)
    }


def kind_terms() -> set[URIRef]:
    return {s for s in ONTOLOGY.subjects() if isinstance(s, URIRef) and str(s).startswith(str(KIND))}


def test_the_api_reads_the_packaged_turtle() -> None:
    assert turtle_text().startswith("# The allegiance ontology")
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in ONTOLOGY
    assert ONTOLOGY.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo) is not None


def test_rdfxml_twin_is_isomorphic_to_the_turtle() -> None:
    twin = Graph().parse(data=rdfxml_text(), format="xml")
    assert isomorphic(twin, ONTOLOGY), "allegiance.owl is stale: run `python -m allegiance.ontology`"


def test_namespaces_py_and_the_ontology_declare_the_same_al_terms() -> None:
    in_code = {AL[name] for name in AL.__annotations__}
    in_ontology = declared(AL_NS)
    assert sorted(in_code - in_ontology) == [], "spelled in namespaces.py but not declared in the ontology"
    assert sorted(in_ontology - in_code) == [], "declared in the ontology but missing from namespaces.py"


def test_every_term_has_an_english_label_and_comment() -> None:
    for term in sorted(declared(AL_NS) | kind_terms()):
        for annotation in (RDFS.label, RDFS.comment):
            values = [v for v in ONTOLOGY.objects(term, annotation) if isinstance(v, Literal)]
            assert any(v.language == "en" for v in values), f"{term} has no English {annotation}"


@pytest.mark.parametrize(
    ("scheme", "names"),
    [
        ("relationKinds", tuple(RELATION_KINDS)),
        ("statementKinds", STATEMENT_KINDS),
        ("polarities", POLARITIES),
        ("quoteModes", QUOTE_MODES),
    ],
)
def test_closed_vocabularies_are_concepts_of_their_scheme(scheme: str, names: tuple[str, ...]) -> None:
    assert (KIND[scheme], RDF.type, SKOS.ConceptScheme) in ONTOLOGY
    for name in names:
        assert (KIND[name], RDF.type, SKOS.Concept) in ONTOLOGY, name
        assert (KIND[name], SKOS.inScheme, KIND[scheme]) in ONTOLOGY, name
    members = set(ONTOLOGY.subjects(SKOS.inScheme, KIND[scheme]))
    assert members == {KIND[name] for name in names}, "the scheme holds concepts namespaces.py does not list"


@pytest.mark.parametrize("kind", RELATION_KINDS.values(), ids=list(RELATION_KINDS))
def test_relation_kinds_say_what_the_ontology_says(kind: RelationKind) -> None:
    """namespaces.RELATION_KINDS against the concept: its label, its direct edge, whether that edge is
    symmetric, and its stance (hostile: kind:opposes or narrower; structure: no CAMEO or PLOVER match). The
    ontology is an rdflib graph (its OWL lists), so the kind's terms are read in rdflib's form."""
    concept, edge = URIRef(kind.concept), URIRef(kind.edge)
    assert ONTOLOGY.value(concept, RDFS.label) == Literal(kind.label, lang="en")
    assert ONTOLOGY.value(concept, AL.directProperty) == edge
    assert ((edge, RDF.type, OWL.SymmetricProperty) in ONTOLOGY) == kind.symmetric
    assert (kind.inverse == kind.label) == kind.symmetric, "a symmetric kind reads alike from both ends"
    broader = set(ONTOLOGY.transitive_objects(concept, SKOS.broader))
    matches = [
        match
        for mapping in (
            SKOS.closeMatch,
            SKOS.broadMatch,
            SKOS.relatedMatch,
            SKOS.exactMatch,
            SKOS.narrowMatch,
        )
        for match in ONTOLOGY.objects(concept, mapping)
        if str(match).startswith((str(KIND.cameo), str(KIND.plover)))
    ]
    stance = "hostile" if KIND.opposes in broader else "structure" if not matches else "support"
    assert kind.stance == stance


def test_statement_by_a_spokesperson_is_on_behalf_of_their_body() -> None:
    chain = ONTOLOGY.value(AL.onBehalfOf, OWL.propertyChainAxiom)
    assert chain is not None
    assert list(Collection(ONTOLOGY, chain)) == [AL.speaker, AL.speaksFor]


def test_axioms_use_only_datatypes_hermit_accepts() -> None:
    used = {o for o in ONTOLOGY.objects(None, RDFS.range) if str(o).startswith(XSD_NS)}
    assert used <= OWL2_DATATYPES, f"HermiT would refuse {sorted(used - OWL2_DATATYPES)}"


def test_clashes_name_the_individual_and_both_classes() -> None:
    person_state = URIRef("https://w3id.org/allegiance/id/actor/x")
    militia = URIRef("https://w3id.org/allegiance/id/actor/militia")
    extra = Graph()
    extra.add((person_state, RDF.type, AL.Person))
    extra.add((person_state, RDF.type, AL.State))
    extra.add((militia, RDF.type, AL.Militia))
    extra.add((URIRef("https://w3id.org/allegiance/id/actor/g"), AL.governmentOf, militia))
    messages = [str(clash) for clash in find_clashes(extra)]
    assert messages == [
        f"{militia} is typed both al:Organization (asserted via al:Militia) and al:State (range of "
        "al:governmentOf), which the ontology says are disjoint",
        f"{person_state} is typed both al:Person (asserted) and al:State (asserted), which the ontology says "
        "are disjoint",
    ]


def test_the_example_has_no_clashes() -> None:
    assert find_clashes(example()) == ()


def test_documented_diagram_is_what_the_generator_produces() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert diagram.embed(text) == text, "run `python -m allegiance.ontology.diagram docs/ontology.md`"
    assert "    Relation --> Actor : sourceActor, targetActor\n" in diagram.mermaid()


def test_documented_queries_run_and_answer_on_the_example() -> None:
    queries = re.findall(r"```sparql\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert len(queries) >= 4
    data = ox.Store()  # each source a named graph, as in the store: the direct-edge rule asks for the graphs
    for name, source in {"document": example(), "ontology": ONTOLOGY}.items():
        text = source.serialize(format="nt", encoding="utf-8")
        data.load(text, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(f"https://example.org/{name}"))
    for query in queries:
        unknown = {AL[t] for t in re.findall(r"\bal:(\w+)", query)} - declared(AL_NS)
        assert not unknown, f"the documented query uses undeclared terms {unknown}"
        answer = data.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
        assert isinstance(answer, ox.QuerySolutions | ox.QueryTriples) and list(answer), (
            f"no answer:\n{query}"
        )


@pytest.mark.slow
@needs_java
def test_hermit_finds_the_ontology_consistent() -> None:
    assert check_consistency().consistent


@pytest.mark.slow
@needs_java
def test_hermit_reports_a_person_that_is_a_state() -> None:
    extra = Graph()
    x = URIRef("https://w3id.org/allegiance/id/actor/x")
    extra.add((x, RDF.type, AL.Person))
    extra.add((x, RDF.type, AL.State))
    report = check_consistency(extra)
    assert not report.consistent
    assert [clash.individual for clash in report.clashes] == [str(x)]
    assert f"{x} is typed both al:Person" in str(report)


@pytest.mark.slow
@needs_java
def test_hermit_accepts_the_example_in_a_world_of_its_own() -> None:
    """Runs after an inconsistent check: individuals from earlier calls must not leak into this one."""
    report = check_consistency(example())
    assert report.consistent, str(report)
