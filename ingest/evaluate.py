"""Extraction quality against a gold annotation (the format of ``shared/eval/seed-gold.json``).

The gold names entity classes with aliases and QIDs; a system actor matches a class when its label,
normalised, equals an alias, or its Wikidata QID is listed. The system's output is read through the named
queries ``who-backs-whom`` and ``statements``, so what is scored is exactly what users get.

Scores:
* backs: precision, recall and F1 of (backer, backed) class pairs per document; ``also_ok`` pairs are neither
  hits nor errors; an edge whose ends match no class is a false hit.
* statements: recall of the required ones, precision over all system statements. A system statement matches
  a gold one when its speaker matches one of the gold speaker classes and the gold quote, normalised, is part
  of its text.
* actors: for each gold class a document's annotations name, how many distinct graph actors its mentions were
  linked to (fragmentation: 1.0 is one actor per real-world actor); the same after rolling each actor up to
  the whole it is part of through al:partOf, al:governmentOf and posts (a gold class groups a state with its government, organs and office holders, which stay actors of their own
  but are parts of the state); and the actors a document minted that
  match no gold class (junk candidates: "many militants", "heavy artillery"; some may be real actors the gold
  leaves out).
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from allegiance import queries
from allegiance.config import Settings
from allegiance.ingest.document import Document, InputError
from allegiance.ingest.lexicon import normalise
from allegiance.ingest.pipeline import Ingestor
from allegiance.ingest.readers import Defaults, read_inputs
from allegiance.results import to_rows
from allegiance.store import Store


def fold(text: str) -> str:
    """Quotes, dashes and spaces folded, case ignored: how a quote is compared with a statement's text."""
    return re.sub(r"\s+", " ", normalise(text)).strip()


@dataclass
class Classes:
    """The gold's entity classes, and which class a system actor falls in."""

    aliases: dict[str, set[str]]
    qids: dict[str, set[str]]

    @classmethod
    def of(cls, entities: dict[str, Any]) -> Classes:
        aliases: dict[str, set[str]] = {}
        qids: dict[str, set[str]] = {}
        for name, entity in entities.items():
            for alias in entity.get("aliases", []):
                aliases.setdefault(normalise(alias), set()).add(name)
            for qid in entity.get("qids", []):
                qids.setdefault(qid, set()).add(name)
        return cls(aliases, qids)

    def match(self, label: str, wikidata: str) -> set[str]:
        found = set(self.aliases.get(normalise(label), set()))
        if wikidata:
            found |= self.qids.get(wikidata.rsplit("/", 1)[-1], set())
        return found


@dataclass
class Score:
    hits: int = 0
    false_hits: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        total = self.hits + len(self.false_hits)
        return self.hits / total if total else 0.0

    @property
    def recall(self) -> float:
        total = self.hits + len(self.misses)
        return self.hits / total if total else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class DocumentFigures:
    """One document's line of the per-document table."""

    name: str
    backs: tuple[int, int, int] = (0, 0, 0)  # hits, false, missed
    statements: tuple[int, int, int] = (0, 0, 0)  # required hits, required missed, false
    split: dict[str, list[str]] = field(default_factory=dict)  # gold class -> the actors its mentions became
    wholes: dict[str, set[str]] = field(
        default_factory=dict
    )  # gold class -> the wholes those actors roll up to
    junk: list[str] = field(default_factory=list)

    def line(self) -> str:
        classes = [len(actors) for actors in self.split.values()]
        worst = max(classes, default=0)
        return (
            f"  {self.name:<12} backs {self.backs[0]:>2}/{self.backs[1]:>2}/{self.backs[2]:>2}   "
            f"statements {self.statements[0]:>2}/{self.statements[1]:>2}/{self.statements[2]:>2}   "
            f"actors per class {sum(classes) / len(classes) if classes else 0:.2f} (max {worst})   "
            f"junk {len(self.junk)}"
        )


@dataclass
class Evaluation:
    backs: Score = field(default_factory=Score)
    required_statements: Score = field(default_factory=Score)  # recall of required statements
    statements: Score = field(default_factory=Score)  # precision over system statements
    failures: list[str] = field(default_factory=list)  # documents that could not be ingested score nothing
    documents: list[DocumentFigures] = field(default_factory=list)

    def lines(self) -> Iterator[str]:
        b, r, s = self.backs, self.required_statements, self.statements
        split = [len(actors) for d in self.documents for actors in d.split.values()]
        rolled = [len(wholes) for d in self.documents for wholes in d.wholes.values()]
        yield (
            f"backs:       precision {b.precision:.2f}  recall {b.recall:.2f}  F1 {b.f1:.2f}  "
            f"({b.hits} hits, {len(b.false_hits)} false, {len(b.misses)} missed)"
        )
        yield (
            f"statements:  required recall {r.recall:.2f} ({r.hits} of {r.hits + len(r.misses)})  "
            f"precision {s.precision:.2f} ({s.hits} of {s.hits + len(s.false_hits)})"
        )
        junk = [f"{d.name}: {label}" for d in self.documents for label in d.junk]
        fragmented = [
            f"{d.name}: {name} -> {' | '.join(actors)}"
            for d in self.documents
            for name, actors in d.split.items()
            if len(actors) > 1
        ]
        yield (
            f"actors:      {sum(split) / len(split) if split else 0:.2f} per gold class and document "
            f"({len(fragmented)} of {len(split)} classes split), "
            f"{sum(rolled) / len(rolled) if rolled else 0:.2f} after roll-up to the whole  junk candidates {len(junk)}"
        )
        yield "per document (backs hits/false/missed, statements required hits/missed/false):"
        yield from (d.line() for d in self.documents)
        for title, items in (
            ("documents not ingested", self.failures),
            ("missed backs", b.misses),
            ("false backs", b.false_hits),
            ("missed required statements", r.misses),
            ("false statements", s.false_hits),
            ("gold classes split over several actors", fragmented),
            ("minted actors that match no gold class", junk),
        ):
            if items:
                yield f"{title}:"
                yield from (f"  - {item}" for item in items)


def _documents(
    gold_path: Path, gold: dict[str, Any]
) -> Iterator[tuple[dict[str, Any], Document | InputError]]:
    """Each gold document with the document it annotates, found beside the gold file or above it."""
    for entry in gold["docs"]:
        name, _, record = entry["file"].partition("#")
        path = next((p / name for p in [gold_path.parent, *gold_path.parents] if (p / name).exists()), None)
        if path is None:
            yield entry, InputError(entry["file"], f"not found beside {gold_path} or in any folder above it")
            continue
        defaults = Defaults(published=entry.get("published"), source=entry.get("source"))
        if record:
            found = next(
                (r for r in path.read_text("utf-8").splitlines() if json.loads(r).get("id") == record), None
            )
            if found is None:
                yield entry, InputError(entry["file"], f"no record with id {record!r} in {path}")
                continue
            with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as one:
                one.write(found + "\n")
            items = list(read_inputs([one.name], defaults, fmt="jsonl", max_bytes=10_000_000))
            Path(one.name).unlink()
        else:
            items = list(read_inputs([str(path)], defaults, max_bytes=10_000_000))
        yield entry, items[0]


def _rows(store: Store, name: str) -> list[dict[str, str]]:
    columns, rows = to_rows(store.query(queries.get(name).sparql))
    return [dict(zip(columns, row, strict=True)) for row in rows]


def evaluate(gold_path: Path, settings: Settings | None = None) -> Evaluation:
    """Ingest the gold's documents into a fresh temporary store and score what the named queries return."""
    gold = json.loads(gold_path.read_text("utf-8"))
    classes = Classes.of(gold["entities"])
    result = Evaluation()
    with tempfile.TemporaryDirectory(prefix="allegiance-eval-") as folder:
        store = Store(Path(folder) / "store")
        pairs = list(_documents(gold_path, gold))
        for _, item in pairs:
            if isinstance(item, InputError):
                raise ValueError(str(item))
        base = settings or Settings(store=Path(folder) / "store")
        report = Ingestor(base, store).run(item for _, item in pairs)
        result.failures = [o.detail for o in report.outcomes if o.status == "failed"]
        backs, statements = _rows(store, "who-backs-whom"), _rows(store, "statements")
        actors = _actor_rows(store)
        for entry, item in pairs:
            assert isinstance(item, Document)
            source = item.source or ""
            before = (result.backs.hits, len(result.backs.false_hits), len(result.backs.misses))
            said = (
                result.required_statements.hits,
                len(result.required_statements.misses),
                len(result.statements.false_hits),
            )
            _score_backs(entry, [r for r in backs if r["source"] == source], classes, result.backs)
            _score_statements(entry, [r for r in statements if r["source"] == source], classes, result)
            figures = _actor_figures(entry, [r for r in actors if r["source"] == source], classes)
            figures.backs = (
                result.backs.hits - before[0],
                len(result.backs.false_hits) - before[1],
                len(result.backs.misses) - before[2],
            )
            figures.statements = (
                result.required_statements.hits - said[0],
                len(result.required_statements.misses) - said[1],
                len(result.statements.false_hits) - said[2],
            )
            result.documents.append(figures)
        store.close()
    return result


ACTORS = """
SELECT DISTINCT ?source ?actor ?label ?wikidata ?minted ?whole WHERE {
  ?mention a al:Mention ; al:refersTo ?actor ; nif:referenceContext ?document .
  ?actor rdfs:label ?label .
  OPTIONAL {  # the whole it is part of: the top of its chain of parts and posts
    ?actor (al:partOf|al:governmentOf|org:holds/org:postIn)+ ?top .
    FILTER NOT EXISTS { ?top al:partOf|al:governmentOf|org:holds/org:postIn [] }
  }
  BIND(COALESCE(STR(?top), STR(?actor)) AS ?whole)
  OPTIONAL { ?actor al:wikidata ?qid }
  OPTIONAL { ?document schema:url ?url }
  BIND(COALESCE(STR(?url), STR(?document)) AS ?source)
  BIND(COALESCE(STR(?qid), "") AS ?wikidata)
  BIND(EXISTS { ?actor prov:wasDerivedFrom ?document } AS ?minted)
}
"""
"""Every actor a document's mentions were linked to, whether the document minted it, its source, and the whole it
rolls up to (itself when it is part of nothing)."""


def _actor_rows(store: Store) -> list[dict[str, str]]:
    columns, rows = to_rows(store.query(ACTORS))
    return [dict(zip(columns, row, strict=True)) for row in rows]


def _actor_figures(entry: dict[str, Any], rows: list[dict[str, str]], classes: Classes) -> DocumentFigures:
    """Which graph actors each gold class of the document became, and the minted actors of no class."""
    named = {name for pair in entry.get("backs", []) for name in pair}
    named |= {name for statement in entry.get("statements", []) for name in statement["speaker"]}
    figures = DocumentFigures(entry["id"])
    for row in rows:
        found = classes.match(row["label"], row["wikidata"])
        for name in found & named:
            figures.split.setdefault(name, [])
            if row["label"] not in figures.split[name]:
                figures.split[name].append(row["label"])
            figures.wholes.setdefault(name, set()).add(row["whole"])
        if not found and row["minted"] == "true":
            figures.junk.append(row["label"])
    return figures


def _score_backs(entry: dict[str, Any], rows: list[dict[str, str]], classes: Classes, score: Score) -> None:
    gold = {tuple(pair) for pair in entry.get("backs", [])}
    also_ok = {tuple(pair) for pair in entry.get("also_ok", [])}
    found: set[tuple[str, str]] = set()
    for row in rows:
        backers = classes.match(row["backer_label"], row["backer_wikidata"])
        backed = classes.match(row["backed_label"], row["backed_wikidata"])
        candidates = {(a, b) for a in backers for b in backed}
        if hits := candidates & gold:
            found |= hits
        elif not candidates & also_ok:
            score.false_hits.append(
                f"{entry['id']}: {row['backer_label']} -> {row['backed_label']} ({row['evidence'][:80]})"
            )
    score.hits += len(found)
    score.misses += [f"{entry['id']}: {a} -> {b}" for a, b in sorted(gold - found)]


def _score_statements(
    entry: dict[str, Any], rows: list[dict[str, str]], classes: Classes, result: Evaluation
) -> None:
    gold = entry.get("statements", [])

    def matches(row: dict[str, str], statement: dict[str, Any]) -> bool:
        speakers = classes.match(row["speaker_label"], row["speaker_wikidata"])
        return bool(speakers & set(statement["speaker"])) and fold(statement["quote"]) in fold(row["text"])

    for statement in gold:
        if statement.get("required"):
            if any(matches(row, statement) for row in rows):
                result.required_statements.hits += 1
            else:
                result.required_statements.misses.append(
                    f"{entry['id']}: {'/'.join(statement['speaker'])}: {statement['quote'][:80]}"
                )
    for row in rows:
        if any(matches(row, statement) for statement in gold):
            result.statements.hits += 1
        else:
            result.statements.false_hits.append(f"{entry['id']}: {row['speaker_label']}: {row['text'][:80]}")
