"""The linker's index of mentions answers each question about a stretch of text exactly as a scan of every
mention in text order did (the scans made extraction quadratic in the document's length)."""

from __future__ import annotations

import random

from allegiance.ingest.extraction import Actor, Mention
from allegiance.ingest.mentions import MentionIndex

ACTORS = [
    Actor("https://example.org/observatory", "Syrian Observatory for Human Rights", "Organization"),
    Actor("https://example.org/ministry", "Russian Defence Ministry", "GovernmentBody"),
    Actor("https://example.org/lavrov", "Sergey Lavrov", "Person"),
    Actor("https://example.org/rebels", "rebels", "CollectiveActor"),
]


def mentions(count: int, seed: int) -> list[Mention]:
    """Mentions at random places, some overlapping, some added twice, in the haphazard order the rules add them.
    No two share their offsets: the order of such a pair was never defined."""
    rng = random.Random(seed)
    found: dict[tuple[int, int], Mention] = {}
    while len(found) < count:
        start = rng.randrange(0, 5_000)
        offsets = (start, start + rng.randint(1, 40))
        found[offsets] = Mention(offsets, rng.choice(ACTORS), "test", 0.5)
    return [*found.values(), *rng.sample(list(found.values()), count // 10)]


def test_the_index_answers_as_a_scan_in_text_order_would() -> None:
    added = mentions(400, seed=7)
    index = MentionIndex()
    for mention in added:
        index.add(mention)
    in_order = sorted(set(added), key=lambda m: m.offsets)
    assert list(index) == in_order  # each once, in text order

    rng = random.Random(8)
    for _ in range(200):
        begin = rng.randrange(0, 5_000)
        end = begin + rng.randrange(0, 800)
        assert index.starting_in(begin, end) == [m for m in in_order if begin <= m.offsets[0] < end]
        latest_first = [m for m in reversed(in_order) if begin <= m.offsets[1] <= end]
        assert index.ending_between(begin, end) == latest_first
        word = rng.choice(["observatory", "ministry", "lavrov", "rebels", "defence", "absent"])
        named = [
            m for m in reversed(in_order) if m.offsets[1] <= end and word in m.actor.label.lower().split()
        ]
        assert list(index.named_before(word, end)) == named
