"""Dates in news, resolved against the moment the text speaks from.

"On Monday" in a story of Tuesday 25 October 2016 is 24 October 2016; in a liveblog update the reference is the
update's own time. A phrase is resolved to what it pins down: a day ("on Monday", "October 3", "two days ago"),
else a month ("back in April", "last month") or a year ("in 2019", "last year") as a ``Period``. Vaguer
phrases ("earlier this month", "recently") resolve to nothing, and the caller falls back to the report date.

Our own patterns rather than dateparser (installed through trafilatura): dateparser's ``parse`` gives no
precision ("April" comes back as 10 April) and took up to 4 s for one phrase while it guessed the language
(docs/extraction.md, "Dates").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from spacy.tokens import Token

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
_AGO = re.compile(r"\b(a|an|one|two|three|four|five|six|seven|\d{1,2})\s+(day|week)s?\s+ago\b", re.I)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_IN = r"(?:\b(?:in|during|early|late|mid|since|until|by)\s*-?\s*)"
_MONTH = re.compile(
    rf"(?P<at>{_IN})?\b(?P<month>{'|'.join(MONTHS)})\.?(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d\d))?\b", re.I
)
_THIS_OR_LAST = re.compile(r"\b(last|this|past)\s+(month|year)\b", re.I)
_YEAR = re.compile(rf"{_IN}(?:the\s+)?((?:19|20)\d\d)\b(?![-/]\d)", re.I)
_SINCE = re.compile(
    r"\b(?:ever\s+)?since\s+((?:(?:the\s+)?(?:start|end|beginning|middle)\s+of\s+)?[^,;.()]{1,30})", re.I
)


@dataclass(frozen=True)
class Period:
    """A month or a year, when that is all the text says: ``iso`` is "2024-04" or "2019"."""

    iso: str


When: TypeAlias = date | Period
"""What a phrase pins down: a day, or a month or year."""


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
    if match := _AGO.search(phrase):
        count = _NUMBERS.get(match.group(1).lower()) or int(match.group(1))
        candidates.append(
            (
                match.start(),
                reference - timedelta(days=count * (7 if match.group(2).lower() == "week" else 1)),
            )
        )
    return min(candidates)[1] if candidates else None


def period(phrase: str, reference: date) -> Period | None:
    """The month or year a phrase names when it names no day: "back in April" in a June story is April of the
    same year, in a February story April of the year before (news reports what has happened)."""
    candidates: list[tuple[int, Period]] = []
    for match in _MONTH.finditer(phrase):
        if not (match.group("at") or match.group("year")):
            continue  # "April" alone is not a time ("the April offensive"): "in April" or "April 2023" is
        month = MONTHS[match.group("month").lower()]
        year = int(match.group("year") or reference.year - (month > reference.month))
        candidates.append((match.start(), Period(f"{year:04d}-{month:02d}")))
        break
    if relative := _THIS_OR_LAST.search(phrase):
        back = 0 if relative.group(1).lower() == "this" else 1
        if relative.group(2).lower() == "year":
            candidates.append((relative.start(), Period(f"{reference.year - back:04d}")))
        else:
            first = reference.replace(day=1) - timedelta(days=back)
            candidates.append((relative.start(), Period(f"{first.year:04d}-{first.month:02d}")))
    if not candidates and (bare := _YEAR.search(phrase)):
        candidates.append((bare.start(), Period(bare.group(1))))
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def when(phrase: str, reference: date) -> When | None:
    """The day a phrase pins down, else its month or year, else None."""
    return resolve(phrase, reference) or period(phrase, reference)


def since(phrase: str, reference: date) -> When | None:
    """The start a phrase gives with "since" ("since 2015", "since March", "ever since October 7")."""
    match = _SINCE.match(phrase.strip())
    return when(match.group(0), reference) if match else None


TIME_DEPS = frozenset({"prep", "npadvmod", "advmod", "tmod"})
CLAUSE_LINKS = frozenset({"acl", "advcl", "xcomp", "conj"})
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "appos"})


def _is_time(phrase: Token) -> bool:
    """Whether a phrase is a time by spaCy's DATE entities: its head or the object of its preposition ("on
    Monday", "back in April"). "For the collapse of last month's truce" is about a truce, not a time."""
    near = [phrase, *phrase.children]
    near += [g for c in phrase.children if c.dep_ == "prep" for g in c.children]
    return any(t.ent_type_ == "DATE" for t in near)


def _takes_time_from_head(word: Token) -> bool:
    """A participle, infinitive or subjectless coordinated verb takes its time from the clause it hangs from
    ("..., blaming Moscow", "sent a letter accusing X"); so does a noun that is an argument of its verb ("is a
    major ally"). A clause with its own subject ("even though the Taliban was an ally") and a noun inside a
    prepositional phrase ("after a decade fighting ...") do not."""
    if word.head is word:
        return False
    if word.dep_ in CLAUSE_LINKS:
        return not any(c.dep_ in ("nsubj", "nsubjpass") for c in word.children)
    return word.pos_ not in ("VERB", "AUX") and word.dep_ in ARGUMENT_DEPS


def of_word(word: Token, reference: date) -> tuple[When | None, When | None]:
    """The time and the start that the phrases hanging from a word give ('said on Monday', 'has armed the
    Houthis since 2015', 'back in April ... sent a letter'); a noun's or adjective's are its verb's ("its
    backing of X since 2023", "is a major ally"). Times elsewhere in the sentence date something else ("who
    ruled Yemen until 1962")."""
    words = [word]
    while _takes_time_from_head(words[-1]) and len(words) < 4:
        words.append(words[-1].head)  # "sent a letter accusing X": the letter was sent back in April
    phrases = [
        " ".join(t.text for t in child.subtree)
        for w in words
        for child in w.children
        if child.dep_ in TIME_DEPS and _is_time(child)
    ]
    at = start = None
    for phrase in phrases:
        if _SINCE.match(phrase):
            start = start or since(phrase, reference)
        else:
            at = at or when(phrase, reference)
    return at, start
