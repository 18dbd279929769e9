"""Facets: how many items of a list hold each value of a column, beside the filter that keeps them.

This is Datasette's faceted browsing: a list page shows, for a few columns (a statement's kind, its speaker's
type, its publisher, its year), each value with the number of items that hold it, and following one adds it to
the filters. The counts follow the other filters: a facet counts the items that pass every active filter but its
own, so once a kind is chosen the kind facet still offers the other kinds with what choosing them would give,
and the year facet counts the statements of that kind only.

One pass over the items does it (:func:`facet`): an item that fails no filter is chosen and counts in every
facet; one that fails only a facet's own filter counts in that facet; any other counts nowhere. So a page of a
list costs one test of each active filter per item, whatever the number of facets (docs/browse.md has figures).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
Test = Callable[[T], bool]
"""An active filter, as a test of one item."""


@dataclass(frozen=True)
class Facet(Generic[T]):
    """A column a list is counted and filtered by.

    ``name`` is the filter's name in a URL; ``values`` the values an item holds in the column (several for a
    statement whose speaker has two types, none for a document without a date); ``label`` how an item names its
    value, for a column of IRIs (a country); ``newest_first`` lists the values by value, newest first (years),
    instead of by count.
    """

    name: str
    values: Callable[[T], Collection[str]]
    label: Callable[[T], str] | None = None
    newest_first: bool = False

    def test(self, value: str) -> Test[T]:
        """The filter that keeps the items holding ``value``."""
        return lambda item: value in self.values(item)


@dataclass(frozen=True)
class Count:
    """One value of a facet, how to show it, and how many items hold it."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Faceted(Generic[T]):
    """The items every filter keeps, in their order, and each facet's counts."""

    chosen: list[T]
    counts: dict[str, list[Count]]


def facet(items: Iterable[T], tests: Mapping[str, Test[T]], facets: Sequence[Facet[T]]) -> Faceted[T]:
    """Choose the items that pass every test (``tests`` by filter name), and count each facet over the items
    that pass every test but the one of its own name."""
    by_name = {f.name: f for f in facets}
    held: dict[str, list[str]] = {f.name: [] for f in facets}
    labels: dict[str, dict[str, str]] = {f.name: {} for f in facets}
    chosen: list[T] = []
    for item in items:
        failed = [name for name, test in tests.items() if not test(item)]
        if not failed:
            chosen.append(item)
            counted: Sequence[Facet[T]] = facets
        elif len(failed) == 1 and failed[0] in by_name:
            counted = (by_name[failed[0]],)
        else:
            continue
        for f in counted:
            values = f.values(item)
            held[f.name].extend(values)
            if f.label is not None:
                for value in values:
                    labels[f.name].setdefault(value, f.label(item))
    return Faceted(chosen, {f.name: _listed(f, Counter(held[f.name]), labels[f.name]) for f in facets})


def _listed(f: Facet[T], counter: Counter[str], labels: Mapping[str, str]) -> list[Count]:
    if f.newest_first:
        found = sorted(counter.items(), reverse=True)
    else:
        found = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return [Count(value, labels.get(value) or value, count) for value, count in found]
