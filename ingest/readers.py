"""Reading news into ``Document`` objects: plain text, HTML, PDF and JSON Lines, from files, directories,
globs, URLs (``fetch``) and stdin.

Every problem with one input becomes an ``InputError`` item in the output stream rather than an exception, so
a batch keeps going past a bad file and the caller can report each problem and leave the store untouched for
it. That includes the problems nobody foresaw: an exception escaping the reading of one file (or one JSON line)
becomes that input's error, because an exception in this stream would stop the whole run, and the good
documents already read but not yet stored would be lost with it. Only a mistake in the run's own options (an
unknown format, a ``--published`` that is not a date) raises, and it does so before anything is read.

Text is kept exactly as read apart from three normalisations that make character offsets portable: a leading
byte-order mark is dropped, and ``\\r\\n`` and lone ``\\r`` become ``\\n``. Zero-width and bidirectional
control characters are deliberately kept: evidence spans must match the source text character for character,
and they do no harm downstream (they are format characters, not line breaks, so they never split a paragraph).
"""

from __future__ import annotations

import codecs
import glob
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from allegiance.config import DEFAULT_FETCH_TIMEOUT
from allegiance.ingest import pdf
from allegiance.ingest.document import Document, InputError
from allegiance.ingest.fetch import fetch, is_url
from allegiance.ingest.language import non_english_reason

FORMATS = ("auto", "text", "html", "pdf", "jsonl")

EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".pdf": "pdf",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}  # fmt: skip
"""What a directory is searched for, and how ``fmt="auto"`` reads a file by its extension."""

HTML_MARKUP_FACTOR = 10
"""Raw HTML may be this many times ``max_bytes``: the limit is on the article text, and markup (inline
scripts, JSON state, navigation) often outweighs the text of a news page by far."""

MAX_CONTROL_SHARE = 0.02
"""Text in which more than this share of characters are control characters (other than tab, newline and
form feed) is binary data that happened to decode, not news."""

MAX_LINE_CHARS = 100_000
"""The longest line a document may have. A news paragraph is a few hundred characters and a whole article
flattened onto one line some tens of thousands; a longer line is data or text that lost its line breaks, and one
paragraph is parsed as a whole: spaCy refuses more than 1,000,000 characters (which stopped the whole batch) and
its time grows faster than the length (measured: 40 s for 100,000 characters on one line, 9 minutes for
500,000)."""

STDIN = "<stdin>"

_BOMS = (  # longest first: the UTF-32-LE mark starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)  # fmt: skip
_META_CHARSET = re.compile(rb"""<meta[^>]*charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_START = re.compile(r"\s*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:p|div|span|a|br|body|article|section|h[1-6]|ul|li|script|meta)\b[^>]*>", re.I)
_NEWLINES = re.compile(r"\r\n?")


@dataclass(frozen=True)
class Defaults:
    """Metadata given on the command line (``--published --source --title --publisher``), as typed.

    They apply only to documents that do not carry the value themselves: a JSON line's fields and an HTML
    page's own metadata are more specific than one flag for a whole batch.
    """

    published: str | None = None
    source: str | None = None
    title: str | None = None
    publisher: str | None = None


@dataclass(frozen=True)
class _Meta:
    """Document metadata from one origin; ``over`` layers a more specific origin over a more general one."""

    source: str | None = None
    title: str | None = None
    published: date | datetime | None = None
    publisher: str | None = None

    def over(self, general: _Meta) -> _Meta:
        return _Meta(**{f.name: getattr(self, f.name) or getattr(general, f.name) for f in fields(self)})


def parse_published(value: str) -> date | datetime:
    """An ISO 8601 date ("2016-10-25") or date-time ("2016-10-25T08:25:00Z"); raises ValueError otherwise.

    A date stays a ``date`` so that nobody later mistakes midnight for the time of publication.
    """
    text = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"not an ISO 8601 date or date-time: {value!r} (expected e.g. 2016-10-25 or 2016-10-25T08:25:00Z)"
        ) from None


def read_inputs(
    inputs: Iterable[str],
    defaults: Defaults,
    *,
    fmt: str = "auto",
    max_bytes: int,
    fetch_timeout: float = DEFAULT_FETCH_TIMEOUT,
) -> Iterator[Document | InputError]:
    """Documents (or the reason one could not be read) from each input, in order.

    ``inputs`` are file paths, directories (searched recursively for files with a known extension, in sorted
    order, hidden files skipped), glob patterns (``**`` recurses), http(s) URLs (fetched within
    ``fetch_timeout`` seconds) and "-" for stdin. ``fmt`` is "auto" (by extension or Content-Type, else sniffed
    from the content), "text", "html", "pdf" or "jsonl". ``max_bytes`` limits the UTF-8 size of each
    document's text. Raises ValueError at once, before reading anything, for an unknown ``fmt`` or a
    ``defaults.published`` that is not a date.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown input format {fmt!r}; expected one of {', '.join(FORMATS)}")
    try:
        published = parse_published(defaults.published) if defaults.published else None
    except ValueError as error:
        raise ValueError(f"--published: {error}") from None
    if reason := source_problem(defaults.source):
        raise ValueError(f"--source: {reason}")
    general = _Meta(defaults.source, defaults.title, published, defaults.publisher)
    return _read_all(list(inputs), general, fmt, max_bytes, fetch_timeout)


def _read_all(
    inputs: list[str], general: _Meta, fmt: str, max_bytes: int, fetch_timeout: float
) -> Iterator[Document | InputError]:
    for argument in inputs:
        for found in _expand(argument):
            if isinstance(found, InputError):
                yield found
                continue
            try:
                yield from _read_one(found, general, fmt, max_bytes, fetch_timeout)
            except Exception as error:  # see the module's docstring: one input's failure, not the run's
                yield _unforeseen(STDIN if found == "-" else found, error)


def _unforeseen(origin: str, error: Exception) -> InputError:
    """The error for an input whose reading raised: what was raised, and that the rest of the run went on."""
    return InputError(
        origin,
        f"could not be read ({type(error).__name__}: {error}); this input is skipped, the others are read. "
        "An input that makes the reader fail this way is worth reporting as a bug",
    )


def _expand(argument: str) -> Iterator[str | InputError]:
    """The files an argument names: itself, a directory's files, a glob's matches, or "-" for stdin."""
    if argument == "-" or is_url(argument):
        yield argument
        return
    path = Path(argument)
    if path.is_dir():
        files = _directory_files(path)
        if not files:
            known = ", ".join(EXTENSIONS)
            yield InputError(argument, f"the directory holds no files ending in {known}")
        yield from files
    elif path.exists():
        yield argument
    elif glob.has_magic(argument):
        matches = sorted(glob.glob(argument, recursive=True))
        if not matches:
            yield InputError(argument, "no files match this pattern")
        for match in matches:
            yield from _directory_files(Path(match)) if Path(match).is_dir() else [match]
    else:
        yield InputError(argument, "no such file or directory")


def _directory_files(directory: Path) -> list[str]:
    return sorted(
        str(p)
        for p in directory.rglob("*")
        if p.suffix.lower() in EXTENSIONS
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(directory).parts)
    )


def _read_one(
    name: str, general: _Meta, fmt: str, max_bytes: int, fetch_timeout: float
) -> Iterator[Document | InputError]:
    """Everything in one file (or stdin, or a URL): one document, or one per JSON line."""
    origin = STDIN if name == "-" else name
    kind = fmt if fmt != "auto" else EXTENSIONS.get(Path(name).suffix.lower(), "auto")
    limit = max_bytes * HTML_MARKUP_FACTOR
    if is_url(name):
        fetched = fetch(name, limit=limit, timeout=fetch_timeout, extensions=EXTENSIONS)
        if isinstance(fetched, InputError):
            yield fetched
            return
        yield from _read_bytes(
            fetched.data, origin, _Meta(fetched.url).over(general), fetched.kind, max_bytes
        )
        return
    try:
        if kind == "jsonl":
            with nullcontext(sys.stdin.buffer) if name == "-" else open(name, "rb") as stream:
                yield from _read_jsonl(stream, origin, general, max_bytes)
            return
        if name == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with open(name, "rb") as stream:
                data = stream.read(limit + 1)
    except OSError as error:
        yield InputError(origin, f"cannot be read ({error.strerror or error})")
        return
    if len(data) > limit:
        yield InputError(origin, _too_large(f"more than {limit:,} bytes", max_bytes))
        return
    yield from _read_bytes(data, origin, general, kind, max_bytes)


def _read_bytes(
    data: bytes, origin: str, general: _Meta, kind: str, max_bytes: int
) -> Iterator[Document | InputError]:
    """The documents in the bytes of one input, read as ``kind`` (or as what they look like, for "auto")."""
    if kind == "pdf" or (kind == "auto" and data.startswith(pdf.MAGIC)):
        yield _from_pdf(data, origin, general, max_bytes)
        return
    text = _decode(data, origin, html=kind in ("html", "auto"))
    if isinstance(text, InputError):
        yield text
        return
    if kind == "auto":
        kind = _sniff(text)
    if kind == "jsonl":
        yield from _jsonl_records(enumerate(text.split("\n"), 1), origin, general, max_bytes)
    elif kind == "html":
        yield _from_html(text, origin, general, max_bytes)
    else:
        yield _document(text, origin, general, max_bytes)


def _decode(data: bytes, origin: str, *, html: bool = False) -> str | InputError:
    """Bytes to text: UTF-8 (or UTF-16/32 with a byte-order mark), else a precise error.

    There is deliberately no silent fallback to Latin-1 or Windows-1252: a wrong guess would corrupt names in
    the evidence text without anyone noticing. The one exception is an HTML page that declares its charset.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as error:
                return InputError(origin, f"not valid {codec.upper()} at byte {error.start}")
    if b"\0" in data:
        return InputError(origin, "looks like a binary file (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        declared = _declared_charset(data) if html else None
        if declared:
            try:
                return data.decode(declared)
            except UnicodeDecodeError as second:
                reason = f"not valid {declared} (its declared charset) at byte {second.start}"
                return InputError(origin, reason)
        return InputError(
            origin,
            f"not valid UTF-8 at byte {error.start} (0x{data[error.start]:02x}); "
            "convert it to UTF-8 first, e.g. with iconv -f WINDOWS-1252 -t UTF-8",
        )


def _declared_charset(data: bytes) -> str | None:
    """The text encoding an HTML page declares in a ``<meta>`` tag, if Python has it; else None.

    Only a text encoding will do: ``codecs`` also registers bytes-to-bytes transforms (base64, bz2, hex,
    quopri, rot13, uu, zlib) that ``codecs.lookup`` finds like any other but ``bytes.decode`` refuses, with a
    LookupError that used to stop the whole run. ``str.encode`` refuses them the same way even for an empty
    string (``bytes.decode`` of nothing does not check), which makes it the public test for a text encoding.
    """
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
        "".encode(name)
    except (LookupError, UnicodeError):  # unknown, not a text encoding, or "undefined" (which refuses all)
        return None
    return name


def _sniff(text: str) -> str:
    """The format of content whose name says nothing: JSON Lines, HTML or plain text."""
    lines = [line for line in text.split("\n") if line.strip()]
    if lines and all(line.lstrip().startswith("{") for line in lines):
        return "jsonl"
    head = text[:20_000]
    if _HTML_START.match(head) or len(_HTML_TAG.findall(head)) >= 5:
        return "html"
    return "text"


def _read_jsonl(
    stream: BinaryIO, origin: str, general: _Meta, max_bytes: int
) -> Iterator[Document | InputError]:
    """JSON Lines streamed line by line, so a large corpus need not fit in memory, and neither need a long line:
    one may be as long as a file may be (``HTML_MARKUP_FACTOR`` times ``max_bytes``, as its "html" counts its
    markup), and a longer one is refused after reading that much of it, its rest skipped a block at a time."""
    limit = max_bytes * HTML_MARKUP_FACTOR

    def lines() -> Iterator[tuple[int, str | InputError]]:
        for number, raw in enumerate(iter(lambda: stream.readline(limit + 1), b""), 1):
            where = f"{origin}:{number}"
            if len(raw) > limit and not raw.endswith(b"\n"):
                _skip_line(stream)
                yield number, InputError(where, _too_large(f"a line of more than {limit:,} bytes", max_bytes))
                continue
            if b"\0" in raw:
                yield number, InputError(where, "binary data (NUL bytes); the rest of the file is skipped")
                return
            if number == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError as error:
                yield number, InputError(where, f"not valid UTF-8 at byte {error.start} of the line")

    yield from _jsonl_records(lines(), origin, general, max_bytes)


def _skip_line(stream: BinaryIO) -> None:
    """Read past the rest of the current line, a block at a time."""
    for block in iter(lambda: stream.readline(2**16), b""):
        if block.endswith(b"\n"):
            return


def _jsonl_records(
    lines: Iterable[tuple[int, str | InputError]], origin: str, general: _Meta, max_bytes: int
) -> Iterator[Document | InputError]:
    for number, line in lines:
        if isinstance(line, InputError):
            yield line
        elif line.strip():
            where = f"{origin}:{number}"
            try:
                yield _from_record(line, where, general, max_bytes)
            except Exception as error:  # see the module's docstring: one line's failure, not the run's
                yield _unforeseen(where, error)


def _from_record(line: str, origin: str, general: _Meta, max_bytes: int) -> Document | InputError:
    """One JSON object with "text" or "html" and optional "url"/"source", "title", "published", "publisher".

    An "id" field is accepted and ignored: a document is named by its source URL (or its hash), never by a
    producer's local identifier.
    """
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return InputError(origin, f"not valid JSON ({error.msg} at column {error.colno})")
    except RecursionError:  # the decoder recurses per level: a deep enough line would stop the whole batch
        return InputError(origin, "the JSON is nested too deeply to read (arrays or objects thousands deep)")
    if not isinstance(record, dict):
        return InputError(origin, f"expected a JSON object, got {type(record).__name__}")
    for key in ("text", "html", "url", "source", "title", "published", "publisher"):
        if record.get(key) is not None and not isinstance(record[key], str):
            return InputError(origin, f'"{key}" must be a string, got {type(record[key]).__name__}')
    published = None
    if record.get("published"):
        try:
            published = parse_published(record["published"])
        except ValueError as error:
            return InputError(origin, f'"published" is {error}')
    source = record.get("url") or record.get("source")
    own = _Meta(source, record.get("title"), published, record.get("publisher"))
    if record.get("text"):
        return _document(record["text"], origin, own.over(general), max_bytes)
    if record.get("html"):
        return _from_html(record["html"], origin, own.over(general), max_bytes)
    return InputError(origin, 'the object has neither "text" nor "html"')


def _from_html(html: str, origin: str, general: _Meta, max_bytes: int) -> Document | InputError:
    """The main text of a page (paragraphs one a line; navigation, scripts, styles and comments dropped), with
    the page's own URL, title, date and site name over the general metadata."""
    import trafilatura

    options: dict[str, Any] = {"include_comments": False, "include_tables": False, "deduplicate": False}
    # Precision mode drops boilerplate more aggressively; a short page can lose everything, so retry without.
    text = trafilatura.extract(html, favor_precision=True, **options) or trafilatura.extract(html, **options)
    if not text or not text.strip():
        return InputError(
            origin, "no article text found in the HTML (an index page, or text loaded by script?)"
        )
    found = trafilatura.extract_metadata(html)
    published = None
    if found is not None and found.date:
        try:
            published = parse_published(found.date)
        except ValueError:
            published = None  # a page's unparseable date is not worth rejecting the article for
    own = _Meta(found.url, found.title, published, found.sitename) if found is not None else _Meta()
    return _document(text, origin, own.over(general), max_bytes)


def _from_pdf(data: bytes, origin: str, general: _Meta, max_bytes: int) -> Document | InputError:
    """The text of a PDF's pages, with the title the file declares over the general metadata."""
    try:
        found = pdf.pdf_text(data)
    except pdf.PdfProblem as error:
        return InputError(origin, str(error))
    return _document(found.text, origin, _Meta(title=found.title).over(general), max_bytes)


def _document(text: str, origin: str, meta: _Meta, max_bytes: int) -> Document | InputError:
    """A validated document, or why this text cannot be one. Checks run cheapest first."""
    text = _NEWLINES.sub("\n", text.removeprefix("\ufeff"))
    if not text.strip():
        return InputError(origin, "the document is empty" if not text else "the document is only whitespace")
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        return InputError(origin, _too_large(f"{size:,} bytes", max_bytes))
    longest = max(map(len, text.split("\n")))
    if longest > MAX_LINE_CHARS:
        return InputError(
            origin,
            f"it has a line of {longest:,} characters, over the limit of {MAX_LINE_CHARS:,}: news comes in "
            "paragraphs; is this data, or text that lost its line breaks?",
        )
    controls = sum(1 for ch in text if ch not in "\n\t\f" and unicodedata.category(ch) == "Cc")
    if controls > MAX_CONTROL_SHARE * len(text):
        return InputError(
            origin, f"looks like binary data ({controls:,} control characters in {len(text):,}), not text"
        )
    if reason := non_english_reason(text):
        return InputError(origin, reason)
    if reason := source_problem(meta.source):
        return InputError(origin, reason)
    return Document(
        text=text,
        origin=origin,
        source=meta.source,
        title=meta.title,
        published=meta.published,
        publisher=meta.publisher,
    )


def source_problem(source: str | None) -> str | None:
    """Why a source URL cannot name a document in the graph (it becomes the document's ``schema:url``), if so."""
    if source and "://" in source:
        try:
            ox.NamedNode(source)
        except ValueError as error:
            return f"the source {source!r} is not a valid IRI ({error}); percent-encode spaces and the like"
    return None


def _too_large(size: str, max_bytes: int) -> str:
    return (
        f"the document is {size}, over the limit of {max_bytes:,} bytes; "
        f"raise it with the environment variable ALLEGIANCE_MAX_DOCUMENT_BYTES (e.g. {max_bytes * 4})"
    )


__all__ = ["EXTENSIONS", "FORMATS", "Defaults", "parse_published", "read_inputs"]
