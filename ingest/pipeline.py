"""The ingest job: read, segment, extract, build the graph, and store it, one transaction per document.

Documents flow in batches so that spaCy parses many paragraphs per ``nlp.pipe`` call, but each document is
committed on its own: a bad document is reported and skipped, and the rest of the batch goes on. A document
whose text and software version are already stored is skipped before any parsing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from allegiance import __version__
from allegiance import curated as corrections
from allegiance.config import Settings
from allegiance.ingest import bootstrap, nlp
from allegiance.ingest import gazetteer as gazetteers
from allegiance.ingest.document import Document, InputError
from allegiance.ingest.extract import Extractor, Parsed
from allegiance.ingest.graph import document_triples
from allegiance.ingest.readers import Defaults, read_inputs
from allegiance.iris import CURATION_GRAPH, REFERENCE_GRAPH, Minter
from allegiance.namespaces import PREFIXES
from allegiance.shapes.door import Door
from allegiance.shapes.validate import Verdict, quarantine
from allegiance.store import GraphStore, checked_triples

__all__ = ["Defaults", "Ingestor", "NQuadsBatches", "Outcome", "Report", "ingest_inputs"]

BATCH = 32
FIRST_BATCH = 4


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


class NQuadsBatches:
    """The bulk path's output: the validated graphs of each ingest batch in one N-Quads file, for
    ``allegiance load`` into either backend later, instead of one store transaction per document.

    A batch is written to a hidden temporary file and renamed when it is complete, so a killed run leaves
    only whole files behind; names carry the process id, so several ingest jobs can share one folder.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self._quads: list[ox.Quad] = []
        self._written = 0

    def add(self, iri: str, triples: list[ox.Triple]) -> None:
        name = ox.NamedNode(str(iri))
        self._quads += [
            ox.Quad(t.subject, t.predicate, t.object, name) for t in checked_triples(str(iri), triples)
        ]

    def close_batch(self) -> None:
        if not self._quads:
            return
        self._written += 1
        final = self.directory / f"part-{os.getpid()}-{self._written:06d}.nq"
        partial = final.with_name("." + final.name + ".partial")
        with partial.open("wb") as out:
            ox.serialize(self._quads, out, format=ox.RdfFormat.N_QUADS)
        partial.rename(final)
        self._quads = []


class Ingestor:
    """Turns documents into stored graphs, with one pipeline and one gazetteer for the whole run.

    With ``nquads_out`` the validated graphs go to N-Quads files (:class:`NQuadsBatches`) instead of the store,
    which is still read: for the actors it knows, for validation and to skip documents it already holds.
    """

    def __init__(
        self,
        settings: Settings,
        store: GraphStore | None,
        *,
        workers: int = 1,
        nquads_out: Path | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.batches = NQuadsBatches(nquads_out) if nquads_out is not None else None
        self.minter = Minter(settings.base_iri)
        if store is not None:
            bootstrap.ensure(store, settings)
            curated = [self.minter.graph(name) for name in (REFERENCE_GRAPH, CURATION_GRAPH)]
            self.curation = corrections.read(store, curated[1])
            self.gazetteer = gazetteers.from_store(store, self.curation, curated)
        else:
            self.gazetteer = gazetteers.reference()
            self.curation = corrections.Curation()
        self.extractor = Extractor(nlp.load(self.gazetteer), self.gazetteer, self.minter, workers)

    def run(
        self,
        items: Iterable[Document | InputError],
        *,
        dry_run: bool = False,
        out: IO[str] = sys.stdout,
        listener: Callable[[Outcome], None] | None = None,
    ) -> Report:
        """Ingest ``items`` batch by batch, in three overlapping stages. This thread parses batch k with spaCy.
        A second thread runs the rules over batch k−1, builds its graphs and hands them to the door, then
        commits them in input order as their verdicts arrive. The door validates in a process of its own
        (:class:`~allegiance.shapes.door.Door`) when there is more than one batch. A batch's graphs are validated
        against the store once the batch before it is committed.

        The parse is the longest stage, so everything else is kept off this thread: spaCy's matrix products
        and pyoxigraph's writes let go of the GIL. With the rules here too, ingest took 170 ms a document
        against 144 ms (docs/validation.md)."""
        report = Report(listener=listener)
        door = None if dry_run or self.store is None else Door(self.store, self.settings.base_iri)
        batches = _batches(iter(items))
        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="finish") as finisher:
                settled: Future[None] | None = None
                batch = next(batches, None)
                while batch is not None:
                    parsed = self._parse(batch, dry_run)
                    following = next(batches, None)  # read ahead: a run of one batch validates here, at once
                    here = settled is None and following is None
                    if settled is not None:
                        settled.result()
                    settled = finisher.submit(self._finish, parsed, door, out, here, report)
                    batch = following
                if settled is not None:
                    settled.result()
        finally:
            if door is not None:
                door.close()
        return report

    def _parse(self, batch: list[Document | InputError], dry_run: bool) -> list[Outcome | Parsed]:
        """Parse a batch; what needs no parse is an outcome already."""
        triaged = [self._triage(item, dry_run) for item in batch]
        documents = [item for item in triaged if isinstance(item, Document)]
        parsed = iter(self.extractor.parse_many(documents))
        return [item if isinstance(item, Outcome) else next(parsed) for item in triaged]

    def _finish(
        self, parsed: list[Outcome | Parsed], door: Door | None, out: IO[str], here: bool, report: Report
    ) -> None:
        """Run the rules over a parsed batch and build its graphs, hand them to the door, then settle the batch."""
        built = (item if isinstance(item, Outcome) else self._built(item) for item in parsed)
        self._settle([self._hand_over(item, door, out, here=here) for item in built], report)

    def _triage(self, item: Document | InputError, dry_run: bool) -> Outcome | Document:
        """A bad input or an unchanged document is an outcome already; the rest is parsed."""
        if isinstance(item, InputError):
            return Outcome(item.origin, "failed", detail=str(item))
        if not dry_run and self._unchanged(item):
            return Outcome(item.origin, "unchanged", self.minter.document(item.key))
        return item

    def _built(self, parsed: Parsed) -> _Built:
        extraction = self.extractor.extract(parsed)
        iri, extracted = document_triples(parsed.document, extraction, self.minter)
        triples = self.curation.written(str(iri), extracted)  # after minting: a corrected fact keeps its IRI
        summary = f"({len(extraction.statements)} statements, {len(extraction.relations)} relations)"
        return _Built(parsed.document, iri, triples, summary)

    def _hand_over(self, item: Outcome | _Built, door: Door | None, out: IO[str], *, here: bool) -> _Pending:
        """A built graph goes to the door (validated ``here``, or in the validating process), or is printed."""
        if isinstance(item, Outcome):
            return _Pending(item)
        if door is None:
            out.write(trig(item.iri, item.triples))
            return _Pending(Outcome(item.document.origin, "printed", item.name, item.summary))
        return _Pending(
            item, door.check(item.name, item.triples) if here else door.submit(item.name, item.triples)
        )

    def _settle(self, waiting: list[_Pending], report: Report) -> None:
        """Commit (or quarantine) the graphs of a batch as their verdicts arrive, in input order."""
        for pending in waiting:
            if isinstance(pending.item, Outcome):
                report.add(pending.item)
                continue
            assert pending.verdict is not None, "a built graph is always handed over with its verdict"
            verdict = pending.verdict.result() if isinstance(pending.verdict, Future) else pending.verdict
            report.add(self._commit(pending.item, verdict))
        if self.batches is not None:
            self.batches.close_batch()

    def _unchanged(self, document: Document) -> bool:
        """Same text, same software: the stored graph is what this run would write."""
        assert self.store is not None
        iri = self.minter.document(document.key)
        return self.store.ask(
            f"ASK {{ GRAPH <{iri}> {{ <{iri}> al:sha256 {ox.Literal(document.sha256)} . "
            f"?activity prov:used <{iri}> ; al:software {ox.Literal('allegiance ' + __version__)} }} }}"
        )

    def _commit(self, built: _Built, verdict: Verdict) -> Outcome:
        """Store the graph only if it conforms to the shapes; otherwise quarantine it and say why.

        Validation saw the graph with what the store already knows of the actors it references (and nothing
        else), so it costs the same whatever the size of the store. A rejected graph leaves the store as it was.
        """
        assert self.store is not None
        origin = built.document.origin
        if not verdict.conforms:
            kept = quarantine(self.settings.quarantine_dir, verdict, trig(built.iri, built.triples))
            return Outcome(
                origin,
                "failed",
                built.name,
                f"{origin}: {verdict.summary()}; not stored (report and graph in {kept}.report.ttl, "
                f"{kept}.trig)",
            )
        if self.batches is not None:
            self.batches.add(built.iri, built.triples)
        else:
            self.store.replace_graph(built.iri, built.triples)
        return Outcome(origin, "stored", built.name, built.summary)


@dataclass(frozen=True)
class _Built:
    """A document's graph, built and waiting for its verdict."""

    document: Document
    iri: str
    triples: list[ox.Triple]
    summary: str

    @property
    def name(self) -> str:
        return str(self.iri)


@dataclass(frozen=True)
class _Pending:
    """A slot of a batch in input order: an outcome already known, or a graph and its (future) verdict."""

    item: Outcome | _Built
    verdict: Verdict | Future[Verdict] | None = None


def _batches(items: Iterator[Document | InputError]) -> Iterator[list[Document | InputError]]:
    """Batches of ``FIRST_BATCH`` documents, doubling up to ``BATCH``: the second stage starts on the first few
    documents while the rest are parsed, so that a run of a dozen documents overlaps its stages too, and a long
    run still parses ``BATCH`` documents per ``nlp.pipe`` call."""
    size = min(FIRST_BATCH, BATCH)
    while batch := list(islice(items, size)):
        yield batch
        size = min(2 * size, BATCH)


def trig(iri: str, triples: Iterable[ox.Triple]) -> str:
    """One document's graph as TriG, with the project's prefixes."""
    name = ox.NamedNode(str(iri))
    quads = [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]
    return (ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=dict(PREFIXES)) or b"").decode()


def ingest_inputs(
    inputs: Iterable[str],
    defaults: Defaults,
    *,
    fmt: str,
    store: GraphStore | None,
    settings: Settings,
    dry_run: bool = False,
    workers: int = 1,
    listener: Callable[[Outcome], None] | None = None,
    nquads_out: Path | None = None,
) -> Report:
    """What ``allegiance ingest`` does: read the inputs and ingest every document they hold."""
    items = read_inputs(
        inputs, defaults, fmt=fmt, max_bytes=settings.max_document_bytes, fetch_timeout=settings.fetch_timeout
    )
    ingestor = Ingestor(settings, None if dry_run else store, workers=workers, nquads_out=nquads_out)
    return ingestor.run(items, dry_run=dry_run, listener=listener)
