"""Curators correct the graph: the CLI and HTTP operations, corrections that survive re-ingest, bad input that
changes nothing (docs/curation.md).

The documents are a few sentences written for these tests, ingested for real; each test works on its own copy
of the ingested store.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from support import cli_reading

from allegiance import curated, network, queries, wholes
from allegiance.cli import main
from allegiance.config import Settings
from allegiance.curation import Corrections, CurationError
from allegiance.endpoint.accounts import Accounts
from allegiance.endpoint.app import create_app
from allegiance.endpoint.execution import Limits
from allegiance.ingest.document import Document
from allegiance.ingest.pipeline import Ingestor
from allegiance.iris import CURATION_GRAPH, Minter
from allegiance.namespaces import PREFIXES, PROV
from allegiance.results import to_rows
from allegiance.shapes.validate import validate_store
from allegiance.store import Store

ACTOR = "https://w3id.org/allegiance/id/actor/"
FIRST = Document(
    text=(
        "Russia is backing the Syrian government, Western diplomats said on Monday. Abu Karim, a militia "
        "commander, said on Monday that his fighters had taken the hill. Abu Kareem said on Monday that the "
        "road to the north was open again."
    ),
    origin="first",
    source="https://example.org/first",
    published=date(2016, 10, 24),
)
LATER = Document(
    text="Abu Kareem said on Tuesday that the town would hold whatever came.",
    origin="later",
    source="https://example.org/later",
    published=date(2016, 10, 25),
)

WIRE = Document(  # another paper printing the first document's words
    text=FIRST.text, origin="wire", source="https://example.org/wire", published=date(2016, 10, 24)
)
ELSEWHERE = Document(  # the same fact, in other words
    text="Russia is backing the Syrian government, officials in Moscow said on Tuesday.",
    origin="elsewhere",
    source="https://example.org/elsewhere",
    published=date(2016, 10, 25),
)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the first document, ingested for real (copied by each test)."""
    path = tmp_path_factory.mktemp("ingested") / "store"
    store = Store(path)
    report = Ingestor(Settings(store=path), store).run([FIRST])
    assert not report.failed, list(report.lines())
    store.close()
    return path


@pytest.fixture
def store(ingested: Path, tmp_path: Path) -> Iterator[Store]:
    shutil.copytree(ingested, tmp_path / "store")
    opened = Store(tmp_path / "store")
    yield opened
    opened.close()


@pytest.fixture
def cli(store: Store, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """The CLI, on the test's store."""
    return cli_reading(monkeypatch, store)


def run(runner: CliRunner, *arguments: str) -> str:
    result = runner.invoke(main, list(arguments))
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def rows(store: Store, name: str, *, rejected: bool = False) -> list[dict[str, str]]:
    named = queries.get(name)
    columns, found = to_rows(store.query(named.with_rejected if rejected else named.sparql))
    return [dict(zip(columns, row, strict=True)) for row in found]


def backing(store: Store) -> str:
    """The relation node of 'Russia is backing the Syrian government'."""
    found = to_rows(store.query("SELECT ?r WHERE { ?r al:relationType kind:backs }"))[1]
    assert len(found) == 1, found
    return found[0][0]


def edge(store: Store) -> bool:
    return store.ask(f"ASK {{ <{ACTOR}russia> al:backs <{ACTOR}syrian-government> }}")


def speakers(store: Store) -> set[str]:
    return {row["speaker"] for row in rows(store, "statements")}


def reingest(store: Store, settings: Settings, *documents: Document) -> None:
    """Read the documents again from their text, as a new run of ingest does (the old graphs are dropped first,
    so that nothing of them survives but what curation keeps)."""
    for document in documents:
        store.remove_graph(Ingestor(settings, store).minter.document(document.key))
    report = Ingestor(settings, store).run(list(documents))
    assert not report.failed, list(report.lines())


def snapshot(store: Store) -> list[str]:
    out = io.BytesIO()
    store.export(out)
    return sorted(out.getvalue().decode().splitlines())


def test_a_rejected_relation_is_left_out_and_stays_rejected_when_read_again(
    cli: CliRunner, store: Store, settings: Settings
) -> None:
    relation = backing(store)
    pair = {"backer": f"{ACTOR}russia", "backed": f"{ACTOR}syrian-government"}
    assert any(pair.items() <= row.items() for row in rows(store, "who-backs-whom")) and edge(store)
    record = run(
        cli, "curate", "reject", relation, "--reason", "the diplomats said no such thing", "--by", "Alice"
    )
    assert not any(pair.items() <= row.items() for row in rows(store, "who-backs-whom"))
    assert any(pair.items() <= row.items() for row in rows(store, "who-backs-whom", rejected=True))
    assert not edge(store), "the direct edge it gave goes too"
    included = run(cli, "query", "who-backs-whom", "--format", "csv", "--include-rejected")
    assert "russia" in included and "russia" not in run(cli, "query", "who-backs-whom", "--format", "csv")

    reingest(store, settings, FIRST)
    assert backing(store) == relation, "read again from the same evidence, the fact has the same IRI"
    assert not any(pair.items() <= row.items() for row in rows(store, "who-backs-whom"))
    assert not edge(store)

    run(cli, "curate", "revert", record, "--by", "Bob")
    assert any(pair.items() <= row.items() for row in rows(store, "who-backs-whom")) and edge(store)
    (logged, reverting) = json.loads(run(cli, "curate", "log", "--format", "json"))
    assert (logged["operation"], logged["by"], logged["reason"]) == (
        "reject",
        "Alice",
        "the diplomats said no such thing",
    )
    assert logged["reverted_by"] == reverting["record"] and reverting["by"] == "Bob"


def test_a_merge_applies_to_the_facts_read_before_it_and_to_actors_minted_later(
    cli: CliRunner, store: Store, settings: Settings
) -> None:
    kept, merged = f"{ACTOR}abu-karim", f"{ACTOR}abu-kareem"
    assert {kept, merged} <= speakers(store)
    record = run(cli, "curate", "merge", merged, "--into", kept, "--by", "Alice", "--reason", "one man")
    assert merged not in speakers(store) and kept in speakers(store)
    assert store.ask(f"ASK {{ <{merged}> owl:sameAs <{kept}> }}")
    assert merged not in {row["actor"] for row in rows(store, "actor-profile")}
    alias = run(cli, "curate", "alias", kept, "Abu Karim al-Halabi", "--by", "Alice")
    assert alias.startswith("https://w3id.org/allegiance/id/correction/")

    reingest(store, settings, FIRST, LATER)  # the first read again, and one that mints the merged name anew
    said = rows(store, "statements")
    assert merged not in {row["speaker"] for row in said}
    assert {"Tuesday" in row["text"] for row in said if row["speaker"] == kept} == {True, False}

    run(cli, "curate", "revert", record, "--by", "Alice")
    assert not store.ask(f"ASK {{ <{merged}> owl:sameAs ?any }}")
    assert merged in speakers(store), "the facts read before the merge are the merged actor's again"


def test_splitting_a_merged_actor_reverts_its_merge(cli: CliRunner, store: Store) -> None:
    kept, merged = f"{ACTOR}abu-karim", f"{ACTOR}abu-kareem"
    record = run(cli, "curate", "merge", merged, "--into", kept, "--by", "Alice")
    split = run(cli, "curate", "split", merged, "--by", "Bob", "--reason", "two men")
    assert merged in speakers(store) and not store.ask(f"ASK {{ <{merged}> owl:sameAs ?any }}")
    (_, undone) = json.loads(run(cli, "curate", "log", "--format", "json"))
    assert (undone["record"], undone["operation"], undone["target"], undone["reason"]) == (
        split,
        "revert",
        record,
        "two men",
    )
    again = cli.invoke(main, ["curate", "split", merged, "--by", "Bob"])
    assert again.exit_code == 1 and "merged into no other actor" in again.output


def test_the_facts_of_an_actor_read_as_two_are_moved_one_by_one(
    cli: CliRunner, store: Store, settings: Settings
) -> None:
    """Extraction read two actors as one: a curator moves each fact that is the other's (a relation's source or
    target, a statement's speaker), and the move holds when the document is read again."""
    relation, iran = backing(store), f"{ACTOR}iran"
    record = run(cli, "curate", "relation", relation, "--source", iran, "--by", "Alice", "--reason", "Tehran")
    reingest(store, settings, FIRST)
    assert store.ask(f"ASK {{ <{relation}> al:sourceActor <{iran}> }}")
    assert store.ask(f"ASK {{ <{iran}> al:backs <{ACTOR}syrian-government> }}") and not edge(store)
    refused = cli.invoke(
        main, ["curate", "relation", relation, "--source", f"{ACTOR}nobody", "--by", "Alice"]
    )
    assert refused.exit_code == 1 and "is not an actor this store holds" in refused.output
    run(cli, "curate", "revert", record, "--by", "Bob")
    assert edge(store) and not store.ask(f"ASK {{ <{iran}> al:backs <{ACTOR}syrian-government> }}")


def test_corrections_of_actors_and_facts_hold_after_reingest(store: Store, settings: Settings) -> None:
    desk = Corrections(store, settings)
    statement = next(
        row["statement"] for row in rows(store, "statements") if row["speaker"] == f"{ACTOR}abu-karim"
    )
    desk.relabel(f"{ACTOR}abu-karim", "Abu Karim al-Halabi", by="Alice")
    desk.set_wikidata(f"{ACTOR}abu-karim", "Q4115189", by="Alice", reason="checked by hand")
    desk.correct_statement(statement, kind="announcement", by="Alice")
    desk.correct_relation(backing(store), reverse=True, by="Alice")
    desk.not_an_actor(f"{ACTOR}abu-kareem", by="Alice", reason="a misspelt place name")
    reingest(store, settings, FIRST)
    profile = {row["actor"]: row for row in rows(store, "actor-profile")}
    assert profile[f"{ACTOR}abu-karim"]["label"] == "Abu Karim al-Halabi"
    assert profile[f"{ACTOR}abu-karim"]["wikidata"] == "http://www.wikidata.org/entity/Q4115189"
    assert f"{ACTOR}abu-kareem" not in profile
    assert f"{ACTOR}abu-kareem" not in speakers(store)
    assert {row["kind"] for row in rows(store, "statements") if row["statement"] == statement} == {
        "announcement"
    }
    assert store.ask(f"ASK {{ <{ACTOR}syrian-government> al:backs <{ACTOR}russia> }}") and not edge(store)
    desk.reject(statement, by="Alice", reason="said by someone else")
    verdicts = list(validate_store(store, settings.base_iri))
    assert verdicts and all(v.conforms for v in verdicts), "\n".join(
        line for v in verdicts for line in v.lines()
    )


def comparable(store: Store, settings: Settings) -> list[str]:
    """Every quad of the store but the curation graph's, and but the time each extraction ran: what a store that
    saw no correction and one whose corrections were all reverted must hold alike."""
    curation = f"<{Minter(settings.base_iri).graph(CURATION_GRAPH)}> ."
    return [
        line
        for line in snapshot(store)
        if not line.endswith(curation) and f"<{PROV.startedAtTime}>" not in line
    ]


@pytest.fixture(scope="module")
def later_alone(ingested: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The store after the later document is ingested with no correction ever made (``comparable``)."""
    path = tmp_path_factory.mktemp("alone") / "store"
    shutil.copytree(ingested, path)
    store = Store(path)
    try:
        assert not Ingestor(Settings(store=path), store).run([LATER]).failed
        return comparable(store, Settings(store=path))
    finally:
        store.close()


@pytest.mark.parametrize(
    "correct",
    [
        lambda desk: desk.merge(f"{ACTOR}abu-kareem", f"{ACTOR}abu-karim", by="Alice"),
        lambda desk: desk.not_an_actor(f"{ACTOR}abu-kareem", by="Alice", reason="a place"),
        lambda desk: desk.relabel(f"{ACTOR}abu-kareem", "Abu Kareem of Aleppo", by="Alice"),
    ],
    ids=["merge", "not an actor", "relabel"],
)
def test_a_revert_reaches_the_documents_first_ingested_while_the_correction_stood(
    store: Store,
    settings: Settings,
    later_alone: list[str],
    correct: Callable[[Corrections], str],
) -> None:
    desk = Corrections(store, settings)
    record = correct(desk)
    assert not Ingestor(settings, store).run([LATER]).failed
    assert comparable(store, settings) != later_alone, "the later document was written corrected"
    desk.revert(record, by="Bob")
    assert comparable(store, settings) == later_alone, "every graph as if the correction had never been made"


def backings_read(store: Store, *, rejected: bool) -> set[str]:
    """The documents the backing of the Syrian government by Russia is read from, rejected or standing."""
    found = to_rows(
        store.query(
            f"SELECT ?d WHERE {{ ?r al:relationType kind:backs ; al:sourceActor <{ACTOR}russia> ; "
            f"prov:wasDerivedFrom ?d FILTER({'' if rejected else '!'}EXISTS {{ ?r al:rejectedBy [] }}) }}"
        )
    )[1]
    return {row[0].rpartition("/")[2] for row in found}


@pytest.mark.parametrize("wire_first", [False, True], ids=["printed again later", "printed already"])
def test_a_rejection_holds_for_every_reading_of_the_same_words(
    cli: CliRunner, store: Store, settings: Settings, wire_first: bool
) -> None:
    minter = Minter(settings.base_iri)
    first, wire, elsewhere = (minter.document(d.key).rpartition("/")[2] for d in (FIRST, WIRE, ELSEWHERE))
    relation = backing(store)
    if wire_first:
        assert not Ingestor(settings, store).run([WIRE, ELSEWHERE]).failed
    before = comparable(store, settings)
    record = run(cli, "curate", "reject", relation, "--reason", "misread", "--by", "Alice")
    if not wire_first:
        assert not Ingestor(settings, store).run([WIRE, ELSEWHERE]).failed
    assert backings_read(store, rejected=True) == {first, wire}, "the same words, wherever printed"
    assert backings_read(store, rejected=False) == {elsewhere}, "other words are other evidence"
    assert [row["backer"] for row in rows(store, "who-backs-whom")].count(f"{ACTOR}russia") == 1
    assert not store.ask(
        f"ASK {{ GRAPH <{minter.document(WIRE.key)}> {{ <{ACTOR}russia> al:backs ?x }} }}"
    ), "the reprint's edge goes too"
    wire_fact = to_rows(
        store.query(
            f"SELECT ?r WHERE {{ ?r al:rejectedBy <{record}> ; prov:wasDerivedFrom <{minter.document(WIRE.key)}> }}"
        )
    )[1][0][0]
    assert Corrections(store, settings).rejections()[wire_fact]["reason"] == "misread"
    assert bookkeeping(store) == rebuilt(store), "the backing network leaves the reprint out"

    reingest(store, settings, WIRE)
    assert backings_read(store, rejected=True) == {first, wire}
    run(cli, "curate", "revert", record, "--by", "Bob")
    assert backings_read(store, rejected=True) == set()
    assert bookkeeping(store) == rebuilt(store)
    if wire_first:
        assert comparable(store, settings) == before, "every graph as before the rejection"


def test_rejecting_a_statement_rejects_the_relations_reported_in_its_voice(
    cli: CliRunner, store: Store
) -> None:
    said = next(
        row["statement"] for row in rows(store, "statements") if row["speaker"] == f"{ACTOR}western-diplomats"
    )
    relation = backing(store)
    assert store.ask(f"ASK {{ <{relation}> al:accordingTo <{said}> }}")
    confirmed = run(cli, "curate", "confirm", relation, "--by", "Bob")
    record = run(cli, "curate", "reject", said, "--reason", "no diplomat said it", "--by", "Alice")
    marked = to_rows(store.query(f"SELECT ?fact WHERE {{ ?fact al:rejectedBy <{record}> }} ORDER BY ?fact"))[
        1
    ]
    assert sorted(row[0] for row in marked) == sorted([said, relation]), "one record rejects both"
    assert not store.ask(f"ASK {{ <{relation}> al:confirmedBy [] }}"), "the rejection lifts the confirmation"
    assert not any(row["backer"] == f"{ACTOR}russia" for row in rows(store, "who-backs-whom")) and not edge(
        store
    )

    run(cli, "curate", "revert", record, "--by", "Alice")
    assert not store.ask("ASK { ?fact al:rejectedBy ?record }")
    assert store.ask(f"ASK {{ <{relation}> al:confirmedBy <{confirmed}> }}")
    assert any(row["backer"] == f"{ACTOR}russia" for row in rows(store, "who-backs-whom")) and edge(store)


def test_not_an_actor_takes_what_depends_on_it_and_nothing_else(store: Store, settings: Settings) -> None:
    diplomats = f"{ACTOR}western-diplomats"
    relation = backing(store)
    document = Minter(settings.base_iri).document(FIRST.key)
    spans = "SELECT ?span ?p ?o WHERE { ?span nif:referenceContext ?d ; ?p ?o } ORDER BY ?span ?p ?o"
    mentions = "SELECT ?m ?a WHERE { ?m al:refersTo ?a } ORDER BY ?m"
    before_spans, before_mentions = to_rows(store.query(spans))[1], to_rows(store.query(mentions))[1]
    Corrections(store, settings).not_an_actor(diplomats, by="Alice", reason="not one body")
    reingest(store, settings, FIRST)  # and what ingest then writes conforms to the shapes
    curation = Minter(settings.base_iri).graph(CURATION_GRAPH)
    assert not store.ask(
        f"ASK {{ GRAPH ?g {{ {{ <{diplomats}> ?p ?o }} UNION {{ ?s ?p <{diplomats}> }} }} FILTER(?g != <{curation}>) }}"
    ), "nothing but its correction names it"
    assert diplomats not in speakers(store), "its statement goes"
    assert store.ask(f"ASK {{ <{relation}> al:accordingTo <{document}> }}"), "what it was said to say stays"
    assert edge(store) and any(row["backer"] == f"{ACTOR}russia" for row in rows(store, "who-backs-whom"))
    assert to_rows(store.query(mentions))[1] == [m for m in before_mentions if m[1] != diplomats]
    gone = {m[0] for m in before_mentions if m[1] == diplomats}
    assert to_rows(store.query(spans))[1] == [s for s in before_spans if s[0] not in gone]


def test_a_mention_that_is_also_evidence_keeps_its_span() -> None:
    span = "https://example.org/doc#char=0,6"
    declared = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in PREFIXES.items())
    text = f"""{declared}
        <{span}> a al:Mention, al:Span ; nif:beginIndex 0 ; nif:endIndex 6 ; nif:anchorOf "Russia" ;
            al:refersTo <{ACTOR}russia> ; al:rule "gazetteer" ; al:confidence 0.9 .
        <https://example.org/r> a al:Relation ; al:sourceActor <{ACTOR}iran> ; al:evidence <{span}> ."""
    given = [quad.triple for quad in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)]
    kept = curated.Curation(dropped=frozenset({f"{ACTOR}russia"})).apply(given)
    left = {(t.predicate.value.rpartition("#")[2], t.object.value) for t in kept if t.subject.value == span}
    assert left == {
        ("type", "https://w3id.org/allegiance/ontology#Span"),
        ("beginIndex", "0"),
        ("endIndex", "6"),
        ("anchorOf", "Russia"),
    }
    assert {t for t in given if t.subject.value != span} <= set(kept), "the fact it is evidence of stays"


def test_an_import_is_all_or_nothing(
    cli: CliRunner, store: Store, settings: Settings, tmp_path: Path
) -> None:
    header = "operation,target,value,reason,by\n"
    good = f"merge,{ACTOR}abu-kareem,{ACTOR}abu-karim,one man,Alice\n"
    before = snapshot(store)
    refused = {
        "unknown IRI": (
            f"reject,{ACTOR}nobody,,misread,Alice\n",
            "line 3: .* is not a relation or statement this store holds",
        ),
        "refused when applied": (
            f"merge,{ACTOR}abu-kareem,{ACTOR}russia,twice,Alice\n",
            "line 3: .*already merged into .*",
        ),
    }
    desk = Corrections(store, settings)
    for bad, error in refused.values():
        with pytest.raises(CurationError, match=f"{error}; nothing was imported"):
            desk.import_csv(header + good + bad)
        assert snapshot(store) == before
    table = tmp_path / "team.csv"
    table.write_text(header + good + refused["refused when applied"][0])
    result = cli.invoke(main, ["curate", "import", str(table)])
    assert result.exit_code == 1 and "line 3" in result.output and snapshot(store) == before
    assert desk.import_csv(header + good) == (1, 0)


def bookkeeping(store: Store) -> list[str]:
    """The backing network and each actor's whole, as the store keeps them."""
    found = store.query(
        f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} VALUES ?g {{ <{network.NETWORK_GRAPH}> "
        f"<{wholes.WHOLES_GRAPH}> }} }}"
    )
    return sorted(" ".join(str(row[v]) for v in ("g", "s", "p", "o")) for row in found)


def rebuilt(store: Store) -> list[str]:
    """The network and the wholes computed from scratch (and left so: it must have changed nothing)."""
    store.update(f"{network.rebuild()} ;\n{wholes.rebuild()}")
    return bookkeeping(store)


def test_corrections_keep_the_network_and_the_wholes_as_a_rebuild_has_them(
    store: Store, settings: Settings
) -> None:
    desk = Corrections(store, settings)
    relation = backing(store)

    def backings() -> set[tuple[str, str, str]]:
        found = to_rows(store.query(queries.get("backing-network").sparql))
        at = {name: found[0].index(name) for name in ("backer", "kind", "backed")}
        return {(row[at["backer"]], row[at["kind"]], row[at["backed"]]) for row in found[1]}

    russia, syria = f"{ACTOR}russia", f"{ACTOR}syrian-government"
    assert (russia, "backs", syria) in backings()
    steps: list[tuple[Callable[[], str], set[tuple[str, str, str]]]] = [
        (lambda: desk.merge(f"{ACTOR}abu-kareem", f"{ACTOR}abu-karim", by="A"), {(russia, "backs", syria)}),
        (lambda: desk.reject(relation, by="A", reason="misread"), set()),
        (lambda: desk.revert(desk.log()[-1]["record"], by="A"), {(russia, "backs", syria)}),
        (lambda: desk.correct_relation(relation, reverse=True, by="A"), {(syria, "backs", russia)}),
        (lambda: desk.correct_relation(relation, kind="arms", by="A"), {(syria, "arms", russia)}),
        (lambda: desk.not_an_actor(f"{ACTOR}abu-karim", by="A", reason="no one"), {(syria, "arms", russia)}),
        (lambda: desk.revert(desk.log()[0]["record"], by="A"), {(syria, "arms", russia)}),
    ]
    for step, expected in steps:
        step()
        assert backings() == expected
        kept = bookkeeping(store)
        assert kept == rebuilt(store), f"after {desk.log()[-1]['operation']}"


@pytest.mark.parametrize(
    "attempt",
    [
        lambda desk, s: desk.reject("https://w3id.org/allegiance/id/nothing", by="A", reason="r"),
        lambda desk, s: desk.reject(f"{ACTOR}russia", by="A", reason="an actor is not a fact"),
        lambda desk, s: desk.reject(backing(s), by="A", reason=""),
        lambda desk, s: desk.reject(backing(s), by=" ", reason="nobody"),
        lambda desk, s: desk.merge(f"{ACTOR}russia", f"{ACTOR}abu-karim", by="A"),
        lambda desk, s: desk.merge(f"{ACTOR}russia", f"{ACTOR}russia", by="A"),
        lambda desk, s: desk.set_wikidata(f"{ACTOR}russia", "159", by="A"),
        lambda desk, s: desk.set_wikidata(f"{ACTOR}russia", "Q0159x", by="A"),
        lambda desk, s: desk.set_types(f"{ACTOR}russia", ["Nation"], by="A"),
        lambda desk, s: desk.set_types(f"{ACTOR}russia", ["State", "Person"], by="A"),
        lambda desk, s: desk.correct_relation(backing(s), kind="likes", by="A"),
        lambda desk, s: desk.revert(f"{ACTOR}russia", by="A"),
    ],
    ids=[
        "unknown IRI",
        "an actor is no fact",
        "no reason",
        "no curator",
        "a state into a person",
        "into itself",
        "QID without Q",
        "QID of the wrong form",
        "unknown class",
        "disjoint classes",
        "unknown relation kind",
        "revert what is no correction",
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_changes_nothing(
    store: Store, settings: Settings, attempt: Callable[[Corrections, Store], str]
) -> None:
    desk = Corrections(store, settings)
    before = snapshot(store)
    with pytest.raises(CurationError) as refused:
        attempt(desk, store)
    assert len(str(refused.value)) > 15
    assert snapshot(store) == before


def test_a_team_shares_its_corrections_as_csv(
    cli: CliRunner, store: Store, settings: Settings, ingested: Path, tmp_path: Path
) -> None:
    run(cli, "curate", "merge", f"{ACTOR}abu-kareem", "--into", f"{ACTOR}abu-karim", "--by", "Alice")
    run(cli, "curate", "alias", f"{ACTOR}abu-karim", "Abu Karim al-Halabi", "--by", "Alice")
    run(cli, "curate", "reject", backing(store), "--reason", "misread", "--by", "Bob")
    exported = run(cli, "curate", "export")
    table = list(csv.DictReader(io.StringIO(exported)))
    assert [(r["operation"], r["by"]) for r in table] == [
        ("merge", "Alice"),
        ("alias", "Alice"),
        ("reject", "Bob"),
    ]
    assert "al:Correction" in run(cli, "curate", "export", "--format", "trig")
    assert (
        run(cli, "curate", "log").splitlines()[0] == "record,operation,target,value,reason,by,at,reverted_by"
    )

    shutil.copytree(ingested, tmp_path / "other")
    other = Store(tmp_path / "other")
    try:
        desk = Corrections(other, Settings(store=tmp_path / "other"))
        assert desk.import_csv(exported) == (3, 0)
        assert desk.import_csv(exported) == (0, 3)
        assert [(r["operation"], r["by"]) for r in desk.log()] == [(r["operation"], r["by"]) for r in table]
        assert not edge(other) and f"{ACTOR}abu-kareem" not in speakers(other)
        with pytest.raises(CurationError, match="line 2: cannot import the operation 'revert'"):
            desk.import_csv("operation,target,value,by\nrevert,x,y,Alice\n")
    finally:
        other.close()


def test_a_store_imports_every_correction_another_exported(
    cli: CliRunner,
    store: Store,
    settings: Settings,
    ingested: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whatever ``curate export`` writes, ``curate import`` applies: the other store ends up holding what this one
    holds, and a second import changes nothing (a reversal is not reversed back)."""
    said = next(
        row["statement"] for row in rows(store, "statements") if row["speaker"] == f"{ACTOR}abu-karim"
    )
    relation, karim = backing(store), f"{ACTOR}abu-karim"
    for arguments in (
        ("alias", karim, "Abu Karim al-Halabi"),
        ("alias", karim, "Abu Karim al-Halabi", "--remove"),
        ("relabel", karim, "Abu Karim of Aleppo"),
        ("type", karim, "Person"),
        ("wikidata", karim, "Q4115189"),
        ("wikidata", karim, "--remove"),
        ("statement", said, "--kind", "announcement"),
        ("statement", said, "--speaker", f"{ACTOR}russia"),
        ("relation", relation, "--reverse"),
        ("relation", relation, "--kind", "arms"),
        ("relation", relation, "--target", f"{ACTOR}iran"),
        ("not-an-actor", f"{ACTOR}abu-kareem", "--reason", "a place"),
        ("confirm", relation),
    ):
        run(cli, "curate", *arguments, "--by", "Alice")
    table = tmp_path / "ours.csv"
    run(cli, "curate", "export", "-o", str(table))

    shutil.copytree(ingested, tmp_path / "other")
    other = Store(tmp_path / "other")
    try:
        imported = cli_reading(monkeypatch, other)
        result = imported.invoke(main, ["curate", "import", str(table)])
        assert result.exit_code == 0, result.output
        assert "13 corrections applied, 0 already in force" in result.stderr
        assert comparable(other, settings) == comparable(store, settings)
        again = imported.invoke(main, ["curate", "import", str(table)])
        assert "0 corrections applied, 13 already in force" in again.stderr
        assert comparable(other, settings) == comparable(store, settings)
    finally:
        other.close()


# --- through the endpoint (in-process) ---------------------------------------------------------------------


@pytest.fixture
def curators(tmp_path: Path) -> tuple[Accounts, str]:
    accounts = Accounts(tmp_path / "curators.tsv")
    token = accounts.issue("Alice Example")
    assert (
        "Alice" in (tmp_path / "curators.tsv").read_text()
        and token.split(".")[1] not in (tmp_path / "curators.tsv").read_text()
    )
    return accounts, token


@pytest.fixture
def curating(store: Store, settings: Settings, curators: tuple[Accounts, str]) -> FlaskClient:
    """The endpoint with curator accounts, asked in-process through Flask's test client."""
    return create_app(store, settings, limits=Limits(timeout=10), curators=curators[0]).test_client()


def test_the_api_takes_corrections_from_curators_only(
    curating: FlaskClient, store: Store, curators: tuple[Accounts, str]
) -> None:
    relation = backing(store)
    before = snapshot(store)
    anonymous = curating.post("/api/curate/reject", data={"iri": relation, "reason": "x"})
    assert anonymous.status_code == 401 and "Bearer" in anonymous.headers["WWW-Authenticate"]
    wrong = curating.post(
        "/api/curate/reject",
        data={"iri": relation, "reason": "x"},
        headers={"Authorization": "Bearer alice-example.not-the-token"},
    )
    assert wrong.status_code == 401 and snapshot(store) == before

    auth = {"Authorization": f"Bearer {curators[1]}"}
    bad = curating.post("/api/curate/wikidata", json={"iri": f"{ACTOR}russia", "qid": "Q1x"}, headers=auth)
    assert bad.status_code == 400 and "Wikidata item ID" in bad.text and snapshot(store) == before

    made = curating.post("/api/curate/reject", json={"iri": relation, "reason": "misread"}, headers=auth)
    assert made.status_code == 201, made.text
    record = made.json["record"]
    listed = curating.get("/api/who-backs-whom").json
    assert not any(row["backer"] == f"{ACTOR}russia" for row in listed)
    kept = curating.get("/api/who-backs-whom?_rejected=include").json
    assert any(row["backer"] == f"{ACTOR}russia" for row in kept)
    log = curating.get("/api/curate/log.json").json
    assert [(r["record"], r["by"], r["reason"]) for r in log] == [(record, "Alice Example", "misread")]
    assert "reject" in curating.get("/api/curate/export.csv").text

    page = curating.get(f"{relation.removeprefix('https://w3id.org/allegiance')}.html").text
    assert "<del>" in page and "Alice Example" in page and "misread" in page
    assert 'name="reject"' not in page, "an anonymous visitor sees no controls"
    document = curating.get(
        f"{relation.partition('/relation/')[0].removeprefix('https://w3id.org/allegiance')}.html"
    )
    struck = document.text.split('<section aria-labelledby="facts">')[1].split("</section>")[0]
    assert "rejected by <bdi>Alice Example</bdi>: <bdi>misread</bdi></span> <del>" in struck
    assert struck.count("<del>") == 1 and "[<del><bdi>" in document.text, (
        "the fact's list and its link in the text"
    )


def test_a_form_shown_before_the_fact_changed_is_refused(
    curating: FlaskClient, store: Store, settings: Settings, curators: tuple[Accounts, str]
) -> None:
    """Every operation checks the token a page form carries, whatever it corrects."""
    desk, relation, russia = Corrections(store, settings), backing(store), f"{ACTOR}russia"
    shown = {relation: desk.token(relation), russia: desk.token(russia)}
    desk.confirm(relation, by="Bob")
    desk.alias(russia, "Rossiya", by="Bob")
    before = snapshot(store)
    auth = {"Authorization": f"Bearer {curators[1]}"}
    for operation, fields in (
        ("reject", {"iri": relation, "reason": "wrong"}),
        ("relation", {"iri": relation, "reverse": "1"}),
        ("alias", {"iri": russia, "label": "RF"}),
        ("type", {"iri": russia, "classes": "State"}),
        ("wikidata", {"iri": russia, "qid": "Q159"}),
    ):
        refused = curating.post(
            f"/api/curate/{operation}", data={**fields, "expected": shown[fields["iri"]]}, headers=auth
        )
        assert refused.status_code == 400 and "changed since the form was shown" in refused.text, operation
    assert snapshot(store) == before
    fresh = curating.post(
        "/api/curate/alias", data={"iri": russia, "label": "RF", "expected": desk.token(russia)}, headers=auth
    )
    assert fresh.status_code == 201, fresh.text


def test_a_server_without_curators_takes_no_corrections(store: Store, settings: Settings) -> None:
    client = create_app(store, settings, limits=Limits(timeout=10)).test_client()
    refused = client.post("/api/curate/reject", data={"iri": backing(store)})
    assert refused.status_code == 403 and "--curators" in refused.text
    assert client.get("/api/curate/log.json").json == []


def people(client: FlaskClient) -> str:
    """Every page of the list of people."""
    pages = (client.get(f"/actors?type=Person&page={n}").text for n in range(1, 6))
    return "".join(pages)


def test_the_lists_leave_out_rejected_statements_and_merged_actors(
    curating: FlaskClient, store: Store, curators: tuple[Accounts, str]
) -> None:
    auth = {"Authorization": f"Bearer {curators[1]}"}
    said = next(row for row in rows(store, "statements") if row["speaker"] == f"{ACTOR}abu-karim")
    assert "taken the hill" in curating.get("/statements").text
    assert "Abu Kareem" in people(curating)
    for operation, fields in (
        ("reject", {"iri": said["statement"], "reason": "said by someone else"}),
        ("merge", {"iri": f"{ACTOR}abu-kareem", "into": f"{ACTOR}abu-karim"}),
    ):
        made = curating.post(f"/api/curate/{operation}", data=fields, headers=auth)
        assert made.status_code == 201, made.text
    assert "taken the hill" not in curating.get("/statements").text
    assert "Abu Kareem" not in people(curating)
    assert curating.get("/id/actor/abu-kareem.ttl").location == "/id/actor/abu-karim.ttl"
    negotiated = curating.get(
        "/id/actor/abu-kareem", headers={"Accept": "text/turtle"}, follow_redirects=True
    )
    assert negotiated.request.path == "/id/actor/abu-karim.ttl", "the merged IRI negotiates as the survivor's"
    assert negotiated.content_type.startswith("text/turtle")


def page_of(iri: str) -> str:
    return iri.removeprefix("https://w3id.org/allegiance") + ".html"


def test_the_reports_and_the_networks_leave_out_rejected_facts(
    curating: FlaskClient, cli: CliRunner, store: Store, curators: tuple[Accounts, str]
) -> None:
    relation = backing(store)
    edge_line = f"{ACTOR}russia,Russia,backs,{ACTOR}syrian-government"

    def shown() -> dict[str, bool]:
        return {
            "reports": relation in curating.get("/reports.csv").text,
            "reports with rejected": relation in curating.get("/reports.csv?include_rejected=1").text,
            "cli": relation in run(cli, "reports", "--format", "csv"),
            "cli with rejected": relation in run(cli, "reports", "--format", "csv", "--include-rejected"),
            "network": edge_line in curating.get("/export/network.csv").text,
            "network with rejected": edge_line in curating.get("/export/network.csv?_rejected=include").text,
            "actor diagram": "syrian-government"
            in curating.get("/id/actor/russia.html")
            .text.split('<figure class="diagram">')[1]
            .split("</figure>")[0],
            "relation chart": '<figure class="chart">' in curating.get(page_of(relation)).text,
            "network page": edge_line in curating.get("/network.csv").text,
            "network page with rejected": edge_line in curating.get("/network.csv?_rejected=include").text,
        }

    assert set(shown().values()) == {True}
    made = curating.post(
        "/api/curate/reject",
        data={"iri": relation, "reason": "misread"},
        headers={"Authorization": f"Bearer {curators[1]}"},
    )
    assert made.status_code == 201, made.text
    assert shown() == {
        "reports": False,
        "reports with rejected": True,
        "cli": False,
        "cli with rejected": True,
        "network": False,
        "network with rejected": True,
        "actor diagram": False,
        "relation chart": False,
        "network page": False,
        "network page with rejected": True,
    }
    page = curating.get("/reports?include_rejected=1&kind=backs").text
    assert "<del>" in page and "rejected by <bdi>Alice Example</bdi>: <bdi>misread</bdi>" in page
    russia = curating.get("/id/actor/russia.html").text
    assert "rejected by <bdi>Alice Example</bdi>" in russia, (
        "the list strikes it through, the diagram leaves it out"
    )
