"""Synthetic stores for the benchmarks: documents written by ingest's own graph builder.

Each document is made of sentences such as "Group 12 arms Group 7, Person 3 said." with its mentions, a
statement, a relation node (some denied, some structural), sections and posts, so that every shape and every
materialisation rule has work to do. The graphs are built by ``allegiance.ingest.graph`` from hand-made
extractions (no spaCy), so they are exactly what ingest writes, at ~800 triples per document.

:func:`build` writes them into a store document by document (each a transaction, as ingest does);
:func:`write_nquads` streams them to N-Quads for a bulk load, the way to 10 million triples and more (about
10 minutes per 10 million on one core, in constant memory):

    python benchmarks/synthetic.py --triples 10000000 -o graph.nq.gz
"""

from __future__ import annotations

import argparse
import gzip
import random
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from allegiance.config import Settings
from allegiance.ingest import bootstrap
from allegiance.ingest.document import Document, Section
from allegiance.ingest.extraction import Actor, Extraction, Mention, PostFact, RelationFact, StatementFact
from allegiance.ingest.graph import document_triples
from allegiance.iris import Minter
from allegiance.namespaces import Al, Rdf, Rdfs
from allegiance.store import Store

ORGANISATION_CLASSES = ("ArmedGroup", "Militia", "RebelGroup", "Government", "GovernmentBody", "Coalition")
KINDS = (
    "backs",
    "arms",
    "funds",
    "attacks",
    "opposes",
    "alliedWith",
    "fightsAlongside",
    "partOf",
    "memberOf",
)
SENTENCES = 12
ACTOR_GRAPH = "synthetic-actors"


class Corpus:
    """A reproducible pool of actors and a stream of documents about them."""

    def __init__(self, actors: int = 2000, seed: int = 7) -> None:
        self.minter = Minter()
        self.random = random.Random(seed)
        self.people = [self._actor(f"Person {i}", "Person") for i in range(actors // 2)]
        self.groups = [
            self._actor(f"Group {i}", ORGANISATION_CLASSES[i % len(ORGANISATION_CLASSES)])
            for i in range(actors - actors // 2)
        ]

    def _actor(self, label: str, cls: str) -> Actor:
        return Actor(self.minter.actor(label), label, cls)

    def actor_graph(self) -> list[ox.Triple]:
        """The pool as curated actors: typed and labelled, in a graph of their own."""
        return [
            triple
            for actor in (*self.people, *self.groups)
            for triple in (
                ox.Triple(ox.NamedNode(actor.iri), Rdf.type.node, Al[actor.cls].node),
                ox.Triple(ox.NamedNode(actor.iri), Rdfs.label.node, ox.Literal(actor.label)),
            )
        ]

    def document(self, number: int) -> tuple[str, list[ox.Triple]]:
        """Document ``number``: the same number always gives the same graph (but for its extraction time)."""
        pick = self.random.choice
        text, sections, mentions, statements, relations, posts = "", [], [], [], [], []
        for _ in range(SENTENCES):
            number_of_source = self.random.randrange(1, len(self.groups))
            source, speaker, kind = self.groups[number_of_source], pick(self.people), pick(KINDS)
            # part-of is a hierarchy (a brigade of a division of an army), not a random graph
            target = self.groups[number_of_source // 8] if kind == "partOf" else pick(self.groups)
            denied = self.random.random() < 0.1
            verb = f"denied that it {kind}" if denied else kind
            sentence = f"{source.label} {verb} {target.label}, {speaker.label} of {source.label} said."
            start = len(text)
            text += sentence + "\n"
            at = {
                "source": (start, start + len(source.label)),
                "target": (
                    start + sentence.index(target.label),
                    start + sentence.index(target.label) + len(target.label),
                ),
                "speaker": (
                    start + sentence.index(speaker.label),
                    start + sentence.index(speaker.label) + len(speaker.label),
                ),
            }
            mentions += [
                Mention(at["source"], source, "gazetteer-alias", 0.95),
                Mention(at["target"], target, "gazetteer-alias", 0.95),
                Mention(at["speaker"], speaker, "gazetteer-alias", 0.95),
            ]
            whole = (start, start + len(sentence))
            sections.append(Section("paragraph", *whole))
            statement = StatementFact(
                speaker,
                "claim",
                "paraphrase",
                sentence,
                [whole],
                "reported-speech",
                0.8,
                date=date(2016, 10, 24),
                on_behalf_of=None,
                about=[source, target],
                scope=whole,
            )
            statements.append(statement)
            relations.append(
                RelationFact(
                    kind,
                    source,
                    target,
                    "denied" if denied else "asserted",
                    [whole],
                    "verb",
                    0.75,
                    date=date(2016, 10, 24),
                    statement=statement,
                )
            )
            if self.random.random() < 0.2:
                posts.append(PostFact(speaker, source, "spokesperson", at["speaker"]))
        document = Document(
            text=text,
            origin=f"synthetic {number}",
            source=f"https://example.org/synthetic/{number}",
            published=date(2016, 10, 24),
            sections=tuple(sections),
        )
        extraction = Extraction(mentions=mentions, statements=statements, relations=relations, posts=posts)
        return document_triples(document, extraction, self.minter)


def build(path: Path, triples: int, corpus: Corpus) -> tuple[Store, int, float]:
    """A store at ``path`` with the shipped graphs, the actor pool and documents up to ``triples`` triples.

    Returns the store, the number of documents written and the seconds it took.
    """
    started = time.perf_counter()
    store = Store(path)
    settings = Settings(store=path)
    bootstrap.ensure(store, settings)
    store.replace_graph(corpus.minter.graph(ACTOR_GRAPH), corpus.actor_graph())
    written, number = store.count(), 0
    while written < triples:
        written += store.replace_graph(*corpus.document(number)).triples
        number += 1
    return store, number, time.perf_counter() - started


def probes(corpus: Corpus, count: int) -> Iterator[tuple[str, list[ox.Triple]]]:
    """Documents that are not in any store built by :func:`build` (their numbers are far beyond it)."""
    for number in range(10_000_000, 10_000_000 + count):
        yield corpus.document(number)


def write_nquads(output: IO[bytes], triples: int, corpus: Corpus) -> tuple[int, int]:
    """Stream the actor pool and documents up to ``triples`` quads, one named graph each, as N-Quads.

    Nothing is held but the document being written, so the size is bounded by disk, not memory. Load the file
    with ``Store.load`` or ``allegiance load`` (which add the union default graph), and the shipped graphs with
    ``bootstrap.ensure``. Returns the quads and the documents written.
    """
    written = _write_graph(output, corpus.minter.graph(ACTOR_GRAPH), corpus.actor_graph())
    number = 0
    while written < triples:
        written += _write_graph(output, *corpus.document(number))
        number += 1
    return written, number


def _write_graph(output: IO[bytes], name: str, triples: list[ox.Triple]) -> int:
    """The triples as N-Quads in the named graph ``name``."""
    graph = ox.NamedNode(name)
    quads = (ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    ox.serialize(quads, output, format=ox.RdfFormat.N_QUADS)
    return len(triples)


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Write a synthetic graph as N-Quads (gzipped if -o ends in .gz)."
    )
    parser.add_argument("--triples", type=int, default=1_000_000, help="quads to write, at least")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.output is None:
        quads, documents = write_nquads(sys.stdout.buffer, args.triples, Corpus(seed=args.seed))
    else:
        with (gzip.open if args.output.suffix == ".gz" else open)(args.output, "wb") as out:
            quads, documents = write_nquads(out, args.triples, Corpus(seed=args.seed))
    seconds = time.perf_counter() - started
    print(f"{quads:,} quads, {documents:,} documents in {seconds:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
