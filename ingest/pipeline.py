"""The ingest job: read, segment, extract, build the graph, and store it, one transaction per document.

Documents flow in batches so that spaCy parses many paragraphs per ``nlp.pipe`` call, but each document is
committed on its own: a bad document is reported and skipped, and the rest of the batch goes on. A document
whose text and software version are already stored is skipped before any parsing.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import IO

from rdflib import Dataset, Graph, Literal, URIRef

from allegiance import __version__, bootstrap
from allegiance.config import Settings
from allegiance.ingest import gazetteer as gazetteers
from allegiance.ingest import nlp
from allegiance.ingest.document import Document, InputError
from allegiance.ingest.extract import Extractor
from allegiance.ingest.graph import document_graph
from allegiance.ingest.readers import Defaults, read_inputs
from allegiance.ingest.structure import segment
from allegiance.iris import Minter
from allegiance.namespaces import PREFIXES
from allegiance.store import Store

__all__ = ["Defaults", "Ingestor", "Outcome", "Report", "ingest_inputs"]

BATCH = 32


@dataclass(frozen=True)
class Outcome:
    """What happened to one document."""

    origin: str
    status: str  # stored | unchanged | failed | printed
    document: str = ""
    detail: str = ""


@dataclass
class Report:
    """The outcomes of a run, told to ``listener`` as they happen (the CLI prints them: that is its progress)."""

    outcomes: list[Outcome] = field(default_factory=list)
    listener: Callable[[Outcome], None] | None = None

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        if self.listener:
            self.listener(outcome)

    @property
    def failed(self) -> bool:
        return any(o.status == "failed" for o in self.outcomes)

    @staticmethod
    def line(outcome: Outcome) -> str:
        if outcome.status == "failed":
            return f"error: {outcome.detail}"
        return f"{outcome.status}: {outcome.origin} -> {outcome.document} {outcome.detail}".rstrip()

    def summary(self) -> str:
        counts = {
            s: sum(o.status == s for o in self.outcomes) for s in ("stored", "unchanged", "printed", "failed")
        }
        return ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no documents"

    def lines(self) -> Iterator[str]:
        yield from map(self.line, self.outcomes)
        yield self.summary()


class Ingestor:
    """Turns documents into stored graphs, with one pipeline and one gazetteer for the whole run."""

    def __init__(self, settings: Settings, store: Store | None, *, workers: int = 1) -> None:
        self.settings = settings
        self.store = store
        self.minter = Minter(settings.base_iri)
        if store is not None:
            bootstrap.ensure(store, settings)
            self.gazetteer = gazetteers.from_store(store)
        else:
            self.gazetteer = gazetteers.reference()
        self.extractor = Extractor(nlp.load(self.gazetteer), self.gazetteer, self.minter, workers)

    def run(
        self,
        items: Iterable[Document | InputError],
        *,
        dry_run: bool = False,
        out: IO[str] = sys.stdout,
        listener: Callable[[Outcome], None] | None = None,
    ) -> Report:
        report = Report(listener=listener)
        iterator = iter(items)
        while batch := list(islice(iterator, BATCH)):
            documents = []
            for item in batch:
                if isinstance(item, InputError):
                    report.add(Outcome(item.origin, "failed", detail=str(item)))
                elif not dry_run and self._unchanged(item):
                    report.add(Outcome(item.origin, "unchanged", str(self.minter.document(item.key))))
                else:
                    documents.append(dataclasses.replace(item, sections=segment(item)))
            for document, extraction in zip(documents, self.extractor.extract_many(documents), strict=True):
                iri, graph = document_graph(document, extraction, self.minter)
                summary = f"({len(extraction.statements)} statements, {len(extraction.relations)} relations)"
                if dry_run:
                    out.write(trig(iri, graph))
                    report.add(Outcome(document.origin, "printed", str(iri), summary))
                else:
                    report.add(self._commit(document, iri, graph, summary))
        return report

    def _unchanged(self, document: Document) -> bool:
        """Same text, same software: the stored graph is what this run would write."""
        assert self.store is not None
        iri = self.minter.document(document.key)
        return self.store.ask(
            f"ASK {{ GRAPH <{iri}> {{ <{iri}> al:sha256 {Literal(document.sha256).n3()} . "
            f"?activity prov:used <{iri}> ; al:software {Literal('allegiance ' + __version__).n3()} }} }}"
        )

    def _commit(self, document: Document, iri: URIRef, graph: Graph, summary: str) -> Outcome:
        """Store the graph only if it conforms to the shapes; otherwise quarantine it and say why.

        Validation sees the graph with what the store already knows of the actors it references (and nothing
        else), so it costs the same whatever the size of the store. A rejected graph leaves the store as it was.
        """
        from allegiance.shapes.validate import quarantine, validate_document

        assert self.store is not None
        verdict = validate_document(self.store, str(iri), graph, self.settings.base_iri)
        if not verdict.conforms:
            kept = quarantine(self.settings.quarantine_dir, verdict, trig(iri, graph))
            return Outcome(
                document.origin,
                "failed",
                str(iri),
                f"{document.origin}: {verdict.summary()}; not stored (report and graph in {kept}.report.ttl, "
                f"{kept}.trig)",
            )
        self.store.replace_graph(iri, graph)
        return Outcome(document.origin, "stored", str(iri), summary)


def trig(iri: URIRef, graph: Graph) -> str:
    """One document's graph as TriG, with the project's prefixes."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    named = dataset.graph(iri)
    for triple in graph:
        named.add(triple)
    return dataset.serialize(format="trig")


def ingest_inputs(
    inputs: Iterable[str],
    defaults: Defaults,
    *,
    fmt: str,
    store: Store | None,
    settings: Settings,
    dry_run: bool = False,
    workers: int = 1,
    listener: Callable[[Outcome], None] | None = None,
) -> Report:
    """What ``allegiance ingest`` does: read the inputs and ingest every document they hold."""
    items = read_inputs(inputs, defaults, fmt=fmt, max_bytes=settings.max_document_bytes)
    ingestor = Ingestor(settings, None if dry_run else store, workers=workers)
    return ingestor.run(items, dry_run=dry_run, listener=listener)
