"""The document: news text with its metadata, the unit that is ingested, validated and stored as one graph.

Everything downstream points into ``Document.text`` by character offsets, so the text is kept exactly as read
(after decoding and HTML extraction) and never edited afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

SECTION_KINDS = ("headline", "paragraph", "update", "blockQuote", "caption", "embeddedPost")
TEXT_SECTIONS = ("headline", "paragraph", "caption")
"""The kinds that tile the running text: each is parsed on its own; the other kinds group them."""


@dataclass(frozen=True)
class Section:
    """A structural part of a document: a liveblog update, a block quote, a photo caption, an embedded post.

    ``time`` is the moment the section speaks from (an update's "0825 GMT" on the publication day); relative
    dates inside the section ("on Monday") are resolved against it.
    """

    kind: str
    begin: int
    end: int
    time: datetime | None = None
    attribution: str | None = None  # an embedded post's author line ("The Telegraph (@Telegraph)")


@dataclass(frozen=True)
class Document:
    """One news item as read, before any extraction."""

    text: str
    origin: str  # where it came from, for error messages: a path, "path:line" or "<stdin>"
    source: str | None = None  # the URL of the article
    title: str | None = None
    published: date | datetime | None = None
    publisher: str | None = None
    retrieved: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))
    sections: tuple[Section, ...] = ()

    @property
    def key(self) -> str:
        """What names the document: its source URL, so new text at the same source replaces the old graph."""
        return self.source or "sha256:" + self.sha256

    @property
    def sha256(self) -> str:
        import hashlib

        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def day(self) -> date | None:
        """The publication day, against which relative dates are resolved."""
        if isinstance(self.published, datetime):
            return self.published.date()
        return self.published


class InputError(ValueError):
    """A document that cannot be ingested, with where it came from and why, in words a user can act on."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason
