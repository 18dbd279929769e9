"""The structure of a news text: headline, paragraphs, liveblog updates, block quotes, captions, embedded
posts.

Extraction needs it for two things: who speaks (a block quote belongs to the speaker its introducing
paragraph names, an embedded post to its author line, a caption to nobody) and when (a liveblog update speaks
from its own time, against which "on Monday" is resolved). The rules below are written for the conventions of
news in general (wire copy, liveblogs, web articles extracted from HTML), not for one outlet, and each is
simple enough to explain to a user who wonders why a paragraph was or was not taken as a quote:

* Paragraphs are lines. A line continues the previous one only when that one is plainly cut mid-sentence (it
  ends without sentence punctuation and either the next line starts in lower case or the cut line is long and
  ends on a lower-case word): text copied from PDFs and e-mails is hard-wrapped that way.
* The headline is the first paragraph when it is short and has no final full stop, or the paragraph (among the
  first few) that repeats the document's title.
* An update starts at a marker at the start of a paragraph ("UPDATE 0825 GMT:", "Update, 14:30 GMT:",
  "Updated at 10.30am BST", "09:15 BST —", "UPDATE:") and runs to the next marker, or to a marker for the
  original story ("ORIGINAL ENTRY:", "EARLIER:"). Its time is the publication day at that time, in UTC when
  the zone is known (GMT, BST, CET, EST, ET, MSK, UTC+3, ...), naive when it is not, None without a
  publication day.
* A caption is a paragraph labelled "PHOTO:", "Image:", "Caption:" or the like.
* An embedded post is an author line ("— The Telegraph (@Telegraph) October 23, 2016", "A post shared by ...")
  with the paragraph before it, and more paragraphs before that while the whole stays within a post's length
  (280 characters, links not counted).
* A block quote follows a paragraph that introduces speech: one ending in a colon whose last sentence has a
  speech word ("said on Monday:", "told reporters:", "A statement from X said:"), or a bare reporting clause
  ("Spokesman John Kirby said on Monday."). It takes the next paragraph, then each further paragraph that does
  not look like narration, ending before an update, a caption, an embedded post, a heading-like line, a new
  introduction, or a paragraph that reports speech in the third person ("Kirby said only that ...").
  Paragraphs starting in the first person ("We're always concerned ...") right after a paragraph that reports
  someone communicating ("cautioned Turkey") are a block quote too: news narration is not written as "we".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from allegiance.ingest.document import Document, Section

POST_LENGTH = 280
"""The most characters (links not counted) an embedded post gathers from the paragraphs before its author
line."""

HEADLINE_LENGTH = 200

# -- time zones ----------------------------------------------------------------------------------------------

_FIXED_ZONES = {
    "GMT": 0, "UTC": 0, "UT": 0, "Z": 0, "WET": 0, "BST": 60, "WEST": 60, "CET": 60, "CEST": 120, "EET": 120,
    "EEST": 180, "MSK": 180, "TRT": 180, "IDT": 180, "IRST": 210, "GST": 240, "PKT": 300, "JST": 540,
    "AEST": 600, "AEDT": 660, "EST": -300, "EDT": -240, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480,
    "PDT": -420,
}  # fmt: skip
"""Abbreviations with one meaning in news, as minutes east of UTC. Ambiguous ones (IST, AST, CST) are left out
on purpose: a wrong zone is worse than a naive time."""

_DST_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "PT": "America/Los_Angeles"}
"""Abbreviations whose offset depends on the date, resolved through the tz database."""

# -- patterns ------------------------------------------------------------------------------------------------

_ZONE_NAMES = "|".join(sorted([*_FIXED_ZONES, *_DST_ZONES, "IST", "AST", "CST"], key=len, reverse=True))
_ZONE = rf"(?:GMT|UTC)\s?[+\u2212-]\s?\d{{1,2}}(?::?\d{{2}})?|(?:{_ZONE_NAMES})\b"
_SEP = r"[:\u2014\u2013-]"  # what ends a marker: colon or dash
_UPDATE_MARKER = re.compile(
    rf"""^(?:
        (?:UPDATE[D]?|Update[d]?)[\s,]*(?:at\s+|[(\[]\s*)?
            (?P<h1>\d{{1,2}})[:.h]?(?P<m1>\d{{2}})\s*(?P<ampm1>[ap]\.?m\b\.?)?\s*(?P<zone1>{_ZONE})?\s*[)\]]?
            (?:\s*{_SEP}|\s*$|\s+(?=[A-Z“"]))
      | (?:UPDATE[D]?|Update[d]?)\s*(?:{_SEP}|$)
      | (?P<h2>\d{{1,2}})[:.](?P<m2>\d{{2}})\s*(?P<ampm2>[ap]\.?m\b\.?)?\s*(?P<zone2>{_ZONE})?\s*(?:{_SEP}|$)
      | (?P<h3>\d{{2}})(?P<m3>\d{{2}})\s*(?P<zone3>{_ZONE})\s*(?:{_SEP}|$)
    )""",
    re.VERBOSE,
)
"""A paragraph that starts a liveblog update. A bare time needs a separator ("09:15 —") or a zone
("0915 GMT:") so that a year or a figure at the start of a line is not taken for one."""

_END_MARKER = re.compile(
    r"^(?:ORIGINAL\s+(?:ENTRY|POST|STORY|ARTICLE)|EARLIER(?:\s+UPDATES?)?|PREVIOUSLY)\s*:", re.IGNORECASE
)
_CAPTION = re.compile(
    r"^(?:(?:top|main|featured|lead|file|header)\s+)?(?:photo(?:graph)?|image|picture|pic|caption|video)s?"
    r"\s*(?:\([^)]{0,40}\))?\s*:",
    re.IGNORECASE,
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_AUTHOR_LINE = re.compile(
    rf"""^(?:
        [—\u2013―-]{{1,2}}\s*(?P<who>[^\n()@]{{1,80}}?\s*\(@\w{{1,15}}\))
            (?:\s+(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}))?
      | A\s+post\s+shared\s+by\s+(?P<who2>[^\n]{{1,80}}?(?:\(@[\w.]{{1,30}}\))?)\s+on\s+{_MONTH}.*
    )\s*$""",
    re.VERBOSE,
)
_URL = re.compile(r"\S*(?:https?://|pic\.twitter\.com/|www\.)\S*")

_SPEECH = (
    r"said|says|say|saying|told|tells|tell|telling|stated|states|statement|added|adds|adding|wrote|writes|"
    r"declared|declares|announced|announces|warned|warns|tweeted|tweets|posted|continued|explained|explains|"
    r"insisted|insists|asserted|asserts|claimed|claims|noted|notes|replied|replies|responded|urged|urges|"
    r"cautioned|remarked|commented|reads|read|according\s+to|spokes(?:man|men|woman|women|person)|"
    r"message|interview|briefing|put\s+it|in\s+a\s+post"
)
_SPEECH_CUE = re.compile(rf"\b(?:{_SPEECH})\b", re.IGNORECASE)
_COMMUNICATION_CUE = re.compile(
    rf"\b(?:{_SPEECH}|criticised|criticized|condemned|expressed|concern|concerned|called\s+on)\b",
    re.IGNORECASE,
)
_WHEN_WORDS = (
    r"on|last|this|late|early|earlier|later|in|at|during|to|a|an|the|his|her|its|their|today|yesterday|"
    r"tonight|reporters|journalists|statement|press|news|conference|briefing|interview|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday|morning|afternoon|evening|night|week|weekend"
)
_BARE_REPORT = re.compile(
    rf"""^[A-Z][^.!?“”",]{{2,150}}?\s+(?:\w+ly\s+)?
        (?:said|says|told|stated|added|wrote|declared|explained|continued|insisted|warned|tweeted)
        (?:\s+(?:{_WHEN_WORDS}))*\s*[.:]$""",
    re.VERBOSE,
)
"""A paragraph that is nothing but "Who said [when]." (the colon dropped by the editor) before the quote. No comma:
"..., the portal said." reports what was said."""

_THIRD_PERSON_REPORT = re.compile(
    r"(?:^|[\s,;(])(?!(?i:I|we|you|who|which|that|have|has|had|be|been|is|was|were|are|am|not|never|"
    r"always|also|already|just)\b)[\w\u2019'.-]+\s+(?:\w+ly\s+)?"
    r"(?:said|says|added|adds|told|tells|asserted|claimed|insisted|noted|continued|explained|warned|stated|"
    r"wrote|tweeted|declared|announced|argued|replied|responded)\b"
    r"|^(?:Asked|According\s+to|Meanwhile)\b"
)
"""Narration reporting speech in the third person ("Kirby said only that", "the agency said"): it ends a block
quote. Quoted speech reports in the first person ("as I said") or not at all, so this rarely cuts a quote."""

_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_FIRST_PERSON_START = re.compile(r"^(?:I|We|Our|My|Us)(?:['\u2019](?:m|re|ve|ll|d))?\b")
_TERMINAL = re.compile(r"[.!?:;…][\"”\u2019)\]]*$")
_ENDS_CUT = re.compile(
    r"(?:[,\u2013—-]|\b(?:the|a|an|of|to|in|on|at|by|for|with|from|into|over|under|after|before|between|"
    r"against|about|than|as|and|or|but|nor|that|which|who|whose|its|their|his|her|our|is|are|was|were|be|"
    r"been|has|have|had|will|would|could|should|may|might|not|said|says|told|including|near|across))$"
)
"""How a line that was cut before a capitalised word ends: a comma or dash, or a word that cannot end a
sentence ("attacks by the" / "Rapid Support Forces"). A line ending in another word ("killed the U.S.
contractor") is a paragraph that lost its full stop, more often than not."""


@dataclass(frozen=True)
class _Paragraph:
    begin: int
    end: int
    text: str
    marker: str | None  # "update", "end", "caption", "author" or None for running text


def segment(document: Document) -> tuple[Section, ...]:
    """All sections of the document, containers before what they contain, sorted by where they begin.

    Pure: the pipeline stores the result with ``dataclasses.replace(document, sections=segment(document))``.
    """
    paragraphs = _paragraphs(document.text)
    sections: list[Section] = []
    headline = _headline(paragraphs, document.title)
    for index, paragraph in enumerate(paragraphs):
        kind = "paragraph"
        if index == headline:
            kind = "headline"
        elif paragraph.marker == "caption":
            kind = "caption"
        sections.append(Section(kind, paragraph.begin, paragraph.end))
    sections.extend(_updates(paragraphs, document.day))
    posts = _embedded_posts(paragraphs)
    sections.extend(section for section, _ in posts)
    in_post = {index for _, indices in posts for index in indices}
    sections.extend(_block_quotes(paragraphs, in_post))
    order = {kind: rank for rank, kind in enumerate(("update", "embeddedPost", "blockQuote"))}
    return tuple(sorted(sections, key=lambda s: (s.begin, -s.end, order.get(s.kind, len(order)))))


# -- paragraphs ----------------------------------------------------------------------------------------------


def _paragraphs(text: str) -> list[_Paragraph]:
    """Non-empty lines, trimmed of surrounding white space, with hard-wrapped lines joined (see module doc).

    Only "\\n" separates lines: the reader has normalised line ends, and other characters that ``splitlines``
    would break on (form feed, U+2028) are left inside their paragraph so offsets stay simple.
    """
    paragraphs: list[_Paragraph] = []
    previous_blank = True
    position = 0
    for line in text.split("\n"):
        start, stop = position, position + len(line)
        position = stop + 1
        stripped = line.strip()
        if not stripped:
            previous_blank = True
            continue
        begin = start + len(line) - len(line.lstrip())
        end = stop - (len(line) - len(line.rstrip()))
        marker = _marker(stripped)
        last = paragraphs[-1] if paragraphs else None
        if (
            last is not None
            and not previous_blank
            and _continues(last, stripped, marker, len(paragraphs) == 1)
        ):
            paragraphs[-1] = _Paragraph(last.begin, end, text[last.begin : end], last.marker)
        else:
            paragraphs.append(_Paragraph(begin, end, stripped, marker))
        previous_blank = False
    return paragraphs


def _marker(line: str) -> str | None:
    if _clock(line) is not None:
        return "update"
    if _END_MARKER.match(line):
        return "end"
    if _CAPTION.match(line):
        return "caption"
    if _AUTHOR_LINE.match(line):
        return "author"
    return None


def _continues(paragraph: _Paragraph, line: str, marker: str | None, first: bool) -> bool:
    """Whether ``line`` is the rest of a sentence that ``paragraph`` left cut by a hard line break.

    The first line of a text is its headline more often than a cut sentence, so only a line in lower case
    continues it.
    """
    tail = paragraph.text.rsplit("\n", 1)[-1]
    if marker or paragraph.marker in ("author", "end") or _TERMINAL.search(tail) or _heading_like(tail):
        return False
    return line[0].islower() or (not first and len(tail) >= 50 and bool(_ENDS_CUT.search(tail)))


def _heading_like(text: str) -> bool:
    """A short line without sentence punctuation at its end, in title case or very short: a (sub)heading."""
    if len(text) > 120 or re.search(r"[.!?:;,…][\"”\u2019)\]]*$", text):
        return False
    words = re.findall(r"[^\W\d_][\w\u2019'-]*", text)
    long_words = [w for w in words if len(w) >= 4]
    capitalised = sum(w[0].isupper() for w in long_words)
    return len(words) <= 8 or capitalised >= 0.6 * len(long_words)


def _headline(paragraphs: Sequence[_Paragraph], title: str | None) -> int | None:
    if not paragraphs:
        return None
    if title:
        wanted = _fold(title)
        for index, paragraph in enumerate(paragraphs[:5]):
            if paragraph.marker is None and _fold(paragraph.text) == wanted:
                return index
    first = paragraphs[0]
    if first.marker is None and len(first.text) <= HEADLINE_LENGTH and not re.search(r"[.!?]$", first.text):
        return 0
    return None


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


# -- updates -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Clock:
    """What an update marker says: a time of day (None for a bare "UPDATE:") and the zone as written."""

    at: time | None
    zone: str | None


def _clock(line: str) -> _Clock | None:
    """The update marker at the start of ``line``, or None when there is none or its digits are no time."""
    match = _UPDATE_MARKER.match(line)
    if match is None:
        return None
    groups = match.groupdict()
    number = next((n for n in "123" if groups[f"h{n}"] is not None), None)
    if number is None:
        return _Clock(None, None)
    hour, minute = int(groups[f"h{number}"]), int(groups[f"m{number}"])
    ampm = (groups.get(f"ampm{number}") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return _Clock(time(hour, minute), groups[f"zone{number}"])


def _update_time(clock: _Clock, day: date | None) -> datetime | None:
    """The moment an update marker names on ``day``: UTC when its zone is known, naive when not."""
    if clock.at is None or day is None:
        return None
    local = datetime.combine(day, clock.at)
    zone = _zone(clock.zone)
    return local.replace(tzinfo=zone).astimezone(UTC) if zone else local


def _zone(name: str | None) -> tzinfo | None:
    if not name:
        return None
    if name in _DST_ZONES:
        return ZoneInfo(_DST_ZONES[name])
    if name in _FIXED_ZONES:
        return timezone(timedelta(minutes=_FIXED_ZONES[name]))
    offset = re.fullmatch(r"(?:GMT|UTC)\s?([+\u2212-])\s?(\d{1,2})(?::?(\d{2}))?", name)
    if offset:
        minutes = int(offset.group(2)) * 60 + int(offset.group(3) or 0)
        return timezone(timedelta(minutes=-minutes if offset.group(1) != "+" else minutes))
    return None


def _updates(paragraphs: Sequence[_Paragraph], day: date | None) -> list[Section]:
    sections = []
    for index, paragraph in enumerate(paragraphs):
        if paragraph.marker != "update":
            continue
        last = index
        while last + 1 < len(paragraphs) and paragraphs[last + 1].marker not in ("update", "end"):
            last += 1
        clock = _clock(paragraph.text)
        assert clock is not None  # the marker says it is one
        when = _update_time(clock, day)
        sections.append(Section("update", paragraph.begin, paragraphs[last].end, time=when))
    return sections


# -- embedded posts ------------------------------------------------------------------------------------------


def _embedded_posts(paragraphs: Sequence[_Paragraph]) -> list[tuple[Section, range]]:
    """Each author line with the post paragraphs before it, and the indices of all the post's paragraphs."""
    posts = []
    for index, paragraph in enumerate(paragraphs):
        if paragraph.marker != "author":
            continue
        first, length = index, 0
        while first > 0:
            candidate = paragraphs[first - 1]
            if candidate.marker is not None or _is_introduction(candidate.text):
                break
            length += len(_URL.sub("", candidate.text).strip())
            if first < index and (length > POST_LENGTH or _heading_like(candidate.text)):
                break
            first -= 1
        match = _AUTHOR_LINE.match(paragraph.text)
        assert match is not None  # the marker says it matches
        who = re.sub(r"\s+", " ", match.group("who") or match.group("who2")).strip()
        section = Section("embeddedPost", paragraphs[first].begin, paragraph.end, attribution=who)
        posts.append((section, range(first, index + 1)))
    return posts


# -- block quotes --------------------------------------------------------------------------------------------


def _is_introduction(text: str) -> bool:
    """Whether a paragraph announces the quote that follows it (see module doc)."""
    if text.endswith(":"):
        last_sentence = re.split(r"(?<=[.!?])\s+", text[:-1])[-1]
        return bool(_SPEECH_CUE.search(last_sentence))
    return bool(_BARE_REPORT.match(text))


def _is_narration(text: str) -> bool:
    return bool(_THIRD_PERSON_REPORT.search(_QUOTED.sub("", text)))


def _block_quotes(paragraphs: Sequence[_Paragraph], in_post: set[int]) -> list[Section]:
    sections = []
    taken: set[int] = set()
    for index, paragraph in enumerate(paragraphs):
        if index in taken or index in in_post or paragraph.marker in ("author", "caption"):
            continue
        if _is_introduction(paragraph.text):
            quoted = _quoted_run(paragraphs, index + 1, in_post, first_person=False)
        elif (
            _FIRST_PERSON_START.match(paragraph.text) is None
            and _COMMUNICATION_CUE.search(paragraph.text)
            and index + 1 < len(paragraphs)
            and _FIRST_PERSON_START.match(paragraphs[index + 1].text)
        ):
            quoted = _quoted_run(paragraphs, index + 1, in_post, first_person=True)
        else:
            continue
        if quoted:
            taken.update(quoted)
            sections.append(Section("blockQuote", paragraphs[quoted[0]].begin, paragraphs[quoted[-1]].end))
    return sections


def _quoted_run(
    paragraphs: Sequence[_Paragraph], start: int, in_post: set[int], *, first_person: bool
) -> list[int]:
    """The paragraphs of a block quote starting at ``start``: the first always, the rest unless narration."""
    run: list[int] = []
    for index in range(start, len(paragraphs)):
        paragraph = paragraphs[index]
        text = paragraph.text
        if paragraph.marker is not None or index in in_post or _heading_like(text) or _is_introduction(text):
            break
        if first_person and not _FIRST_PERSON_START.match(text):
            break
        if run and _is_narration(text):
            break
        run.append(index)
    return run
