"""Reports over time as an SVG bar chart drawn on the server: one bar per day, month or year, by the span.

Why on the server rather than a charting script: the chart is a few dozen rectangles computed from what the page
already holds (an actor's reports, an alignment's, or those the reports table's filters keep), so it needs no request, no script and no library, reads without
JavaScript, and its labels go through Jinja's escaping like the rest of the page (``_chart.html`` draws it,
with a table of the same counts for screen readers). Asserted reports stack under denied ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from allegiance.endpoint.views import Report

WIDTH, HEIGHT = 720, 180
LEFT, RIGHT, TOP, BOTTOM = 34, 8, 10, 26
"""Margins around the bars: the counts' axis on the left, the periods' labels below."""
MAX_DAYS = 92
"""Reports within three months are counted by day; past that, by month."""
MAX_MONTHS = 60
"""Past five years of months, bars would be thinner than a few pixels: the chart counts years instead."""
MAX_BAR = 28
"""The widest a bar gets, so that two periods do not fill the chart with two slabs."""
MAX_TICKS = 8


@dataclass(frozen=True)
class Bar:
    period: str  # "2016-10-25", "2016-10" or "2016"
    asserted: int
    denied: int
    x: float
    width: float
    asserted_y: float
    denied_y: float
    base_y: float  # bottom of the plot: bars grow upwards from it

    @property
    def asserted_height(self) -> float:
        return round(self.base_y - self.asserted_y, 1)

    @property
    def denied_height(self) -> float:
        return round(self.asserted_y - self.denied_y, 1)


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    ticks: list[Bar]  # the bars whose period is written under the axis
    peak: int
    undated: int
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP

    @property
    def base_y(self) -> int:
        return HEIGHT - BOTTOM

    @property
    def unit(self) -> str:
        return {10: "day", 7: "month", 4: "year"}[len(self.bars[0].period)]

    @property
    def summary(self) -> str:
        """The chart in words, for its <desc>."""
        counted = sum(b.asserted + b.denied for b in self.bars)
        span = f"{self.bars[0].period} to {self.bars[-1].period}" if self.bars else "no date"
        return (
            f"{counted} dated reports from {span}, at most {self.peak} in one period; {self.undated} undated"
        )


def _periods(days: list[str]) -> tuple[list[str], int]:
    """Every day, month or year from the first report to the last (the finest that fits), and the length of
    that period's name (10, 7 or 4 characters of an ISO date)."""
    first, last = min(days), max(days)
    if len(first) >= 10 and len(last) >= 10:
        start, end = date.fromisoformat(first[:10]), date.fromisoformat(last[:10])
        if (end - start).days < MAX_DAYS:
            return [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)], 10
    year, month = int(first[:4]), int(first[5:7])
    span = (int(last[:4]) - year) * 12 + int(last[5:7]) - month + 1
    if span > MAX_MONTHS:
        return [str(y) for y in range(year, int(last[:4]) + 1)], 4
    periods = []
    for step in range(span):
        y, m = divmod(month - 1 + step, 12)
        periods.append(f"{year + y:04d}-{m + 1:02d}")
    return periods, 7


class Dated(NamedTuple):
    """What the chart reads of a report: which one it is (each is counted once), its date and its polarity."""

    report: str
    date: str
    polarity: str


def dated(reports: Iterable[Report]) -> list[Dated]:
    """The reports a page lists, as the chart reads them."""
    return [Dated(report.node.iri, report.date, report.polarity) for report in reports]


def timeline(title: str, reports: Iterable[Dated]) -> Chart | None:
    """The chart of ``reports``, or None when none of them has a date."""
    unique = {report.report: report for report in reports}.values()
    days = [r for r in unique if len(r.date) >= 7]
    if not days:
        return None
    periods, size = _periods([r.date for r in days])
    asserted = Counter(r.date[:size] for r in days if r.polarity != "denied")
    denied = Counter(r.date[:size] for r in days if r.polarity == "denied")
    peak = max((asserted[p] + denied[p] for p in periods), default=1)
    base = HEIGHT - BOTTOM
    scale = (base - TOP) / peak
    step = min((WIDTH - LEFT - RIGHT) / len(periods), MAX_BAR / 0.8)
    bars = []
    for index, period in enumerate(periods):
        low = base - asserted[period] * scale
        bars.append(
            Bar(
                period,
                asserted[period],
                denied[period],
                round(LEFT + index * step + step * 0.1, 1),
                round(step * 0.8, 1),
                round(low, 1),
                round(low - denied[period] * scale, 1),
                base,
            )
        )
    every = -(-len(bars) // MAX_TICKS)
    return Chart(title, bars, bars[::every], peak, len(unique) - len(days))
