"""Validation at the door of the store, quarantine, and ``allegiance validate`` over a real on-disk store."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH
from support import cli_reading

from allegiance.cli import main
from allegiance.config import Settings
from allegiance.ingest import bootstrap, pipeline
from allegiance.ingest.pipeline import Ingestor, Report
from allegiance.ingest.readers import Defaults, read_inputs
from allegiance.iris import REFERENCE_GRAPH, Minter
from allegiance.namespaces import DCTERMS, Al, Nif, Rdf, Xsd
from allegiance.shapes.door import Door
from allegiance.shapes.validate import (
    referenced_ntriples,
    unvalidated_graphs,
    validate_store,
)
from allegiance.store import Store

ARTICLE = Path(__file__).parent / "data" / "article.txt"
DEFAULTS = Defaults(published="2016-10-20", source="https://example.org/aleppo")


@dataclass
class Ingested:
    """A store holding the ontology, the reference actors and one real document, and the ingestor that made it."""

    store: Store
    settings: Settings
    ingestor: Ingestor
    document: str


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ingested]:
    root = tmp_path_factory.mktemp("validation")
    settings = Settings(store=root / "store")
    store = Store(settings.store)
    ingestor = Ingestor(settings, store)
    report = ingest(ingestor, [ARTICLE])
    (outcome,) = report.outcomes
    assert outcome.status == "stored", outcome.detail
    yield Ingested(store, settings, ingestor, outcome.document)
    store.close()


def ingest(ingestor: Ingestor, paths: list[Path], defaults: Defaults = DEFAULTS) -> Report:
    return ingestor.run(read_inputs([str(p) for p in paths], defaults, max_bytes=10_000_000))


def shifted(triples: list[ox.Triple]) -> list[ox.Triple]:
    """The triples with one mention moved one character to the right, its anchor text unchanged."""
    mention = min(
        (t.subject for t in triples if t.predicate == Al.refersTo.node), key=lambda node: node.value
    )
    offsets = {Nif.beginIndex.node, Nif.endIndex.node}

    def moved(value: ox.Literal) -> ox.Literal:
        return ox.Literal(str(int(value.value) + 1), datatype=Xsd.nonNegativeInteger.node)

    return [
        ox.Triple(t.subject, t.predicate, moved(t.object))
        if t.subject == mention and t.predicate in offsets
        else t
        for t in triples
    ]


def corrupting(marker: str) -> Any:
    """A stand-in for ingest's ``document_triples`` that shifts a mention in documents whose text has ``marker``."""
    original = pipeline.document_triples

    def build(document: Any, extraction: Any, minter: Minter) -> tuple[str, list[ox.Triple]]:
        iri, triples = original(document, extraction, minter)
        return iri, shifted(triples) if marker in document.text else triples

    return build


def snapshot(store: Store) -> tuple[bytes, list[str]]:
    """Everything the store holds: its named graphs and its union graph."""
    named = io.BytesIO()
    store.export(named)
    return named.getvalue(), sorted(str(t) for t in store.triples())


def test_what_ingest_writes_passes_the_door_and_the_whole_store_conforms(ingested: Ingested) -> None:
    verdicts = list(validate_store(ingested.store, ingested.settings.base_iri))
    assert {v.graph for v in verdicts} == {ingested.document, Minter().graph(REFERENCE_GRAPH)}
    assert all(v.conforms for v in verdicts), "\n".join(line for v in verdicts for line in v.lines())


def test_the_door_looks_up_only_the_actors_the_document_references(ingested: Ingested) -> None:
    triples = list(ingested.store.triples(ingested.document))
    skip = unvalidated_graphs(ingested.settings.base_iri)
    context = referenced_ntriples(ingested.store, ingested.document, triples, skip=skip)
    looked_up = {t.subject for t in ox.parse(context, format=ox.RdfFormat.N_TRIPLES)}
    referenced = {t.object for t in triples if t.predicate == Al.refersTo.node}
    typed = {t.subject for t in triples if t.predicate == Rdf.type.node}
    assert looked_up and looked_up <= {term for t in triples for term in (t.subject, t.predicate, t.object)}
    assert referenced - typed <= looked_up
    assert Minter().actor("Afghanistan").node not in looked_up  # in the store, but not referenced


def test_a_reference_to_an_actor_nobody_defined_is_rejected(ingested: Ingested) -> None:
    triples = list(ingested.store.triples(ingested.document))
    statement = next(t.subject for t in triples if t.predicate == Al.speaker.node)
    stranger = Minter().actor("No Such Brigade").node
    triples.append(ox.Triple(statement, Al.about.node, stranger))
    verdict = Door(ingested.store, ingested.settings.base_iri).check(ingested.document, triples)
    assert not verdict.conforms
    assert any("is used as an actor but no graph types it" in f.message for f in verdict.findings)
    assert "no-such-brigade" in verdict.summary()


def test_a_failing_document_is_quarantined_the_store_is_unchanged_and_the_batch_goes_on(
    ingested: Ingested, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_text("Iran backs the Syrian government, officials said on Monday. [bad]\n", encoding="utf-8")
    good.write_text("Turkey-backed rebels advanced on al-Bab on Monday.\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "document_triples", corrupting("[bad]"))
    before = snapshot(ingested.store)
    (alone,) = ingest(ingested.ingestor, [bad], Defaults(published="2016-10-20")).outcomes
    assert alone.status == "failed"
    assert snapshot(ingested.store) == before

    report = ingest(ingested.ingestor, [bad, good], Defaults(published="2016-10-20"))
    assert [o.status for o in report.outcomes] == ["failed", "stored"]
    failed = report.outcomes[0]
    assert str(bad) in failed.detail and failed.document in failed.detail and "quotes" in failed.detail
    assert next(report.lines()).startswith(f"error: {bad}")
    assert not ingested.store.has_graph(failed.document)

    stem = ingested.settings.quarantine_dir / failed.document.rsplit("/", 1)[-1]
    kept = Dataset().parse(f"{stem}.trig", format="trig")
    assert len(kept.graph(URIRef(failed.document))) > 0
    quarantined = Graph().parse(f"{stem}.report.ttl", format="turtle")
    assert (None, SH.conforms, Literal(False)) in quarantined
    assert (None, DCTERMS.source, URIRef(failed.document)) in quarantined


def test_a_run_of_several_batches_is_validated_in_the_validating_process_with_the_same_verdicts(
    ingested: Ingested, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = {
        "first.txt": "Russia backs the Syrian government, officials said on Monday.\n",
        "bad.txt": "Iran backs the Syrian government, officials said on Monday. [bad]\n",
        "third.txt": "Hezbollah fighters fought alongside Syrian troops near Aleppo on Sunday.\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(pipeline, "BATCH", 1)  # three batches: all three are validated in the process
    monkeypatch.setattr(pipeline, "document_triples", corrupting("[bad]"))
    report = ingest(ingested.ingestor, [tmp_path / name for name in texts], Defaults(published="2016-10-20"))
    assert [o.status for o in report.outcomes] == ["stored", "failed", "stored"]
    assert "quotes" in report.outcomes[1].detail and not ingested.store.has_graph(report.outcomes[1].document)
    assert all(ingested.store.has_graph(report.outcomes[i].document) for i in (0, 2))


@pytest.fixture
def copied(ingested: Ingested, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A fresh store with the ingested document, which the CLI (run in this process) uses as its own."""
    store = Store(tmp_path / "store")
    bootstrap.ensure(store, ingested.settings)
    store.replace_graph(ingested.document, ingested.store.triples(ingested.document))
    cli_reading(monkeypatch, store)
    monkeypatch.setenv("ALLEGIANCE_QUARANTINE", str(tmp_path / "quarantine"))
    yield store
    store.close()


def test_cli_validate_exits_0_only_when_the_data_conforms(
    ingested: Ingested, copied: Store, tmp_path: Path
) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert "2 graphs checked: 2 conform, 0 do not" in result.output  # the document and the reference actors

    copied.replace_graph(ingested.document, shifted(list(copied.triples(ingested.document))))
    report = tmp_path / "report.ttl"
    result = runner.invoke(main, ["validate", "--report", str(report)])
    assert result.exit_code == 1
    assert f"{ingested.document}: 1 problem" in result.output and "quotes" in result.output
    written = Graph().parse(report, format="turtle")
    assert (None, SH.conforms, Literal(False)) in written
    assert (None, DCTERMS.source, URIRef(ingested.document)) in written

    reference = Minter().graph(REFERENCE_GRAPH)
    result = runner.invoke(main, ["validate", "--document", reference])
    assert result.exit_code == 0 and "1 graph checked: 1 conform" in result.output
    result = runner.invoke(main, ["validate", "--document", "https://example.org/nothing"])
    assert result.exit_code == 1 and "no graph named" in result.output


def test_cli_ingest_names_the_failed_document_and_exits_non_zero(
    copied: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "document_triples", corrupting("Iran"))
    bad = tmp_path / "bad.txt"
    bad.write_text("Iran backs the Syrian government, officials said.\n", encoding="utf-8")
    before = snapshot(copied)
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "store"), "ingest", str(bad)])
    assert result.exit_code == 1
    assert (
        f"error: {bad}:" in result.output and "not stored" in result.output and "quarantine" in result.output
    )
    assert snapshot(copied) == before
    assert list((tmp_path / "quarantine").glob("*.report.ttl"))
