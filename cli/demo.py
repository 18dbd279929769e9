"""The demo graph: the shipped ontology, reference actors and demo corpus, ingested into a store.

The corpus (``demo/corpus.jsonl``) is written in the project's own words from public reporting of October 2016
on Aleppo and Yemen; each item's ``source`` points at the reporting its facts come from.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import as_file, files

from allegiance.config import Settings
from allegiance.ingest.pipeline import Ingestor, Outcome, Report
from allegiance.ingest.readers import Defaults, read_inputs
from allegiance.store import GraphStore

CORPUS = files("allegiance.cli").joinpath("demo/corpus.jsonl")
"""The shipped demo corpus, one JSON document per line (readers.py's JSON Lines fields)."""


def build(store: GraphStore, settings: Settings, listener: Callable[[Outcome], None] | None = None) -> Report:
    """Ingest the demo corpus (documents already stored unchanged are skipped, so a rebuild is quick)."""
    with as_file(CORPUS) as corpus:
        items = read_inputs([str(corpus)], Defaults(), fmt="jsonl", max_bytes=settings.max_document_bytes)
        return Ingestor(settings, store).run(items, listener=listener)
