"""The mentions of one document, kept sorted, for the linker's questions about a stretch of text.

The rules ask them for every pronoun, every "the rebels", every capitalised head word and every statement:
which actors were named in the 3,000 characters before this word, which organisation named earlier has this
word in its name, which actors are mentioned inside this quote. Answered by scanning every mention of the
document, they made extraction grow with the square of the document's length (docs/robustness.md has the
figures); here each costs a binary search and the mentions of its own stretch of text.

Mentions are added as the rules find them, mostly but not always in text order (a pronoun's antecedent may be
minted after later mentions): ``insort`` puts each in its place, which moves the pointers after it. That is
a ``memmove`` of at most a few hundred kilobytes for the tens of thousands of mentions of a 2 MB document, too
small to show in its time, and it keeps the structure a plain sorted list.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator

from allegiance.ingest.extraction import Mention


def _start(mention: Mention) -> int:
    return mention.offsets[0]


def _end(mention: Mention) -> int:
    return mention.offsets[1]


def _offsets(mention: Mention) -> tuple[int, int]:
    return mention.offsets


class MentionIndex:
    """A document's mentions, each once: in text order (by offsets), by where they end, and by the words of
    their actor's label."""

    def __init__(self) -> None:
        self._in_order: list[Mention] = []
        self._by_end: list[Mention] = []
        self._by_word: dict[str, list[Mention]] = {}
        self._known: set[Mention] = set()

    def add(self, mention: Mention) -> None:
        if mention in self._known:
            return
        self._known.add(mention)
        insort(self._in_order, mention, key=_offsets)
        insort(self._by_end, mention, key=_end)
        for word in set(mention.actor.label.lower().split()):
            insort(self._by_word.setdefault(word, []), mention, key=_offsets)

    def remove(self, mention: Mention) -> None:
        """Forget a mention (a generic name found to name no one, or to be another group): rare, so a scan."""
        if mention not in self._known:
            return
        self._known.discard(mention)
        self._in_order.remove(mention)
        self._by_end.remove(mention)
        for word in set(mention.actor.label.lower().split()):
            self._by_word[word].remove(mention)

    def __iter__(self) -> Iterator[Mention]:
        """Every mention in text order."""
        return iter(self._in_order)

    def starting_in(self, begin: int, end: int) -> list[Mention]:
        """The mentions that start at ``begin`` or after and before ``end``, in text order."""
        return self._in_order[
            bisect_left(self._in_order, begin, key=_start) : bisect_left(self._in_order, end, key=_start)
        ]

    def ending_between(self, first: int, last: int) -> list[Mention]:
        """The mentions that end at ``first`` or after and at ``last`` or before, the latest in text order first."""
        window = self._by_end[
            bisect_left(self._by_end, first, key=_end) : bisect_right(self._by_end, last, key=_end)
        ]
        return sorted(window, key=_offsets, reverse=True)

    def named_before(self, word: str, position: int) -> Iterator[Mention]:
        """The mentions ending at ``position`` or before whose actor has ``word`` (lower case) in its label, the
        latest in text order first."""
        named = self._by_word.get(word, [])
        for index in range(bisect_right(named, position, key=_start) - 1, -1, -1):
            if named[index].offsets[1] <= position:
                yield named[index]
