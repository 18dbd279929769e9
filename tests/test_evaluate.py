"""`allegiance evaluate` on a gold file written for this test: the scores, the actor figures and the table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from allegiance.ingest.evaluate import evaluate

TEXT = (
    "Chad sent weapons to the Karsi Liberation Front (KLF) on Monday. "
    "The KLF later denied that it had shelled the market. "
    "The Ostrava Movement said on Tuesday that the talks had failed. "
    "The Chadian government said on Wednesday that the shipment had been delayed."
)


@pytest.mark.slow
def test_scores_actor_figures_and_the_per_document_table(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(TEXT, encoding="utf-8")
    gold = {
        "entities": {
            "KLF": {"aliases": ["Karsi Liberation Front", "KLF"]},
            "TCD": {"aliases": ["Chad", "Chadian government"]},
        },
        "docs": [
            {
                "id": "one",
                "file": "one.txt",
                "published": "2024-03-04",
                "source": "https://example.org/one",
                "backs": [["TCD", "KLF"]],
                "statements": [
                    {"speaker": ["KLF"], "quote": "shelled the market", "required": True},
                ],
            }
        ],
    }
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    lines = list(evaluate(tmp_path / "gold.json").lines())
    assert lines[0].startswith("backs:       precision 1.00  recall 1.00")
    assert lines[1].startswith("statements:  required recall 1.00 (1 of 1)  precision 0.33 (1 of 3)")
    # Chad and its government are two actors, one after the roll-up (the government is Chad's).
    assert lines[2].startswith(
        "actors:      1.50 per gold class and document (1 of 2 classes split), 1.00 after roll-up to the whole"
    )
    # The Ostrava Movement is minted and in no gold class: a junk candidate (here a real actor the gold omits).
    assert lines[2].endswith("junk candidates 1")
    assert "  - one: Ostrava Movement" in lines
    assert any(line.strip().startswith("one") and "backs  1/ 0/ 0" in line for line in lines)
