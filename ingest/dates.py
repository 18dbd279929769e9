"""Relative dates in news, resolved against the moment the text speaks from.

"On Monday" in a story of Tuesday 25 October 2016 is 24 October 2016; in a liveblog update the reference is the
update's own time. Only what the text pins to a day is resolved; vaguer phrases ("earlier this month") fall
back to the reference day, which is what a reader would cite.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_WEEKDAY = re.compile(r"\b(?:(last|this|next)\s+)?(" + "|".join(WEEKDAYS) + r")\b", re.I)
_MONTH_DAY = re.compile(
    r"\b(?:(\d{1,2})\s+("
    + "|".join(MONTHS)
    + r")\.?|("
    + "|".join(MONTHS)
    + r")\.?\s+(\d{1,2}))(?:st|nd|rd|th)?"
    r"(?:,?\s+(\d{4}))?\b",
    re.I,
)
_DAY_WORD = re.compile(r"\b(yesterday|today|tonight|last night|this morning)\b", re.I)


def resolve(phrase: str, reference: date) -> date | None:
    """The first day a phrase pins down, relative to ``reference`` (None if it names no day)."""
    candidates: list[tuple[int, date]] = []
    if match := _MONTH_DAY.search(phrase):
        day = int(match.group(1) or match.group(4))
        month = MONTHS[(match.group(2) or match.group(3)).lower().rstrip(".")]
        year = int(match.group(5)) if match.group(5) else reference.year
        try:
            found = date(year, month, day)
        except ValueError:
            found = None
        if found and not match.group(5) and found > reference + timedelta(days=31):
            found = found.replace(year=year - 1)  # "December 30" in a January story is last year's
        if found:
            candidates.append((match.start(), found))
    if match := _WEEKDAY.search(phrase):
        target = WEEKDAYS.index(match.group(2).lower())
        back = (reference.weekday() - target) % 7
        modifier = (match.group(1) or "").lower()
        if modifier == "last":
            back = back or 7  # "last Tuesday" said on a Tuesday is a week ago
        elif modifier == "next":
            back = -((target - reference.weekday()) % 7 or 7)
        candidates.append((match.start(), reference - timedelta(days=back)))
    if match := _DAY_WORD.search(phrase):
        offset = 1 if match.group(1).lower() in ("yesterday", "last night") else 0
        candidates.append((match.start(), reference - timedelta(days=offset)))
    return min(candidates)[1] if candidates else None
