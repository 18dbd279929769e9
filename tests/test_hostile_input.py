"""Hostile input: random bytes, huge lines, deep nesting, invalid UTF-8, zero-width and bidi characters, HTML
with scripts, through the readers, ``structure.segment`` and the whole extraction.

The contract under test: never a crash and never a hang, always either an ``InputError`` naming the input with
a one-line reason, or a clean document whose graph's evidence spans quote the text exactly at their offsets.
Property-based (hypothesis) with small example counts and per-example deadlines, so that the file runs in well
under a minute yet a regression that crashes or hangs on odd input shows up. ``tests/test_readers.py`` keeps
the exact message of each known bad input; here it is the shape of every answer that matters.

atheris is not used: coverage-guided fuzzing pays off on parsers written in C or in tight Python loops, and
the parsers here are CPython's json and codecs, lxml (inside trafilatura) and spaCy, each fuzzed upstream;
what is ours is the glue, which the generators below reach directly (atheris also has no wheel for every
Python we support, and would make CI build it from source).
"""

from __future__ import annotations

import codecs
import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allegiance.config import Settings
from allegiance.ingest.document import Document, InputError
from allegiance.ingest.pipeline import Ingestor
from allegiance.ingest.readers import MAX_LINE_CHARS, Defaults, read_inputs
from allegiance.ingest.structure import segment
from allegiance.namespaces import Nif
from allegiance.store import Store

LIMIT = 200_000
"""``max_bytes`` for these tests: small enough that oversized input is cheap to make."""

SENTENCES = [
    "Government forces shelled the northern suburbs on Sunday, residents said.",
    "The Defence Ministry said its aircraft had struck a convoy near the border.",
    "Rebel commanders denied receiving weapons from abroad.",
    "A spokesman for the coalition warned that the truce would not hold.",
    "Russia backs the Syrian government, the envoy told reporters on Monday.",
    "Iran has armed the militia for years, according to two officials.",
    "The United Nations called on both sides to open a corridor for aid.",
    '"We will not withdraw," the group said in a statement.',
    "UPDATE 0815 GMT: Turkey denied that its troops had crossed the river.",
    "PHOTO: smoke rises over the old city.",
]
"""News sentences in our own words, so that generated documents pass the language check and reach the parser."""

INVISIBLE = [
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",  # zero-width space, non-joiner, joiner, word joiner, BOM
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # bidi embeddings and overrides, pop
    "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c",  # bidi isolates and marks
    "\u00a0", "\u2028", "\u2029", "\u3000", "\t", "\f", "\u0301", "\U0001f600", "\r", "\r\n",
]  # fmt: skip
"""Characters that look like nothing, reorder text, or break lines in some tools but not in others."""

ONE_LINE = re.compile(r"[^\n]+")


def read_bytes(data: bytes, name: str, **options: str) -> list[Document | InputError]:
    """Write ``data`` to a file called ``name`` in a fresh directory and read it back with the readers."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return list(read_inputs([str(path)], Defaults(), max_bytes=LIMIT, **options))


def assert_clean(items: list[Document | InputError], *, may_be_empty: bool = False) -> None:
    """Every item is an error with a one-line reason naming its input, or a document the pipeline can use;
    only a feed without records (a JSON Lines file of blank lines) may give nothing at all."""
    assert items or may_be_empty, "an input produced nothing at all, not even an error"
    for item in items:
        if isinstance(item, InputError):
            assert item.origin and ONE_LINE.fullmatch(item.reason), repr(item.reason)
            assert str(item).startswith(item.origin)
        else:
            assert isinstance(item, Document)
            assert item.text.strip() and "\r" not in item.text and "\0" not in item.text
            assert len(item.text.encode("utf-8")) <= LIMIT
            assert max(map(len, item.text.split("\n"))) <= MAX_LINE_CHARS


def normalised(text: str) -> str:
    """What the reader keeps of a UTF-8 text file: the text with a leading BOM dropped and line ends as "\\n"."""
    return re.sub(r"\r\n?", "\n", text.removeprefix("\ufeff"))


@st.composite
def news(draw: st.DrawFn, max_sentences: int = 6) -> str:
    """A few news sentences in lines and paragraphs, with invisible and bidi characters slipped in anywhere."""
    sentences = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=max_sentences))
    breaks = draw(
        st.lists(st.sampled_from([" ", "\n", "\n\n", "\r\n", "\n \n", "\n\t"]), min_size=len(sentences))
    )
    text = "".join(s + b for s, b in zip(sentences, breaks, strict=False))
    for position, character in draw(st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(INVISIBLE)))):
        at = position % (len(text) + 1)
        text = text[:at] + character + text[at:]
    return text


@pytest.fixture(scope="module", autouse=True)
def warm_language_model() -> None:
    """Load the language detector once, so that its start-up does not count against the first deadline."""
    read_bytes(SENTENCES[0].encode(), "warm.txt")


FAST = settings(max_examples=120, deadline=timedelta(seconds=3), suppress_health_check=[HealthCheck.too_slow])

# -- readers -------------------------------------------------------------------------------------------------


@FAST
@given(data=st.binary(max_size=4096), name=st.sampled_from(["a.txt", "a.html", "a.jsonl", "a"]))
def test_random_bytes_give_an_error_or_a_clean_document(data: bytes, name: str) -> None:
    blank = all(not line.decode("utf-8", "replace").strip() for line in data.split(b"\n"))
    assert_clean(read_bytes(data, name), may_be_empty=name.endswith(".jsonl") and blank)


@FAST
@given(text=news(), name=st.sampled_from(["a.txt", "a.md", "a"]))
def test_invisible_and_bidi_characters_are_kept_exactly(text: str, name: str) -> None:
    """Evidence must quote the source character for character, so nothing is silently cleaned away."""
    (item,) = read_bytes(text.encode("utf-8"), name, fmt="text")
    assert_clean([item])
    if isinstance(item, Document):
        assert item.text == normalised(text)


@FAST
@given(good=news(max_sentences=2), tail=st.binary(max_size=64).map(lambda b: b.replace(b"\0", b"\x80")))
def test_invalid_utf8_names_the_first_bad_byte(good: str, tail: bytes) -> None:
    """(NUL bytes are kept out: they make the input binary, which is reported first.)"""
    data = good.encode("utf-8") + b"\xff" + tail  # 0xff never occurs in UTF-8
    (item,) = read_bytes(data, "a.txt")
    assert isinstance(item, InputError)
    if good.startswith("\ufeff"):  # a byte-order mark makes it UTF-8-with-BOM: offsets count after the mark
        assert "not valid UTF-8" in item.reason
    else:
        assert item.reason.startswith(f"not valid UTF-8 at byte {len(good.encode('utf-8'))} (0xff)")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "text": st.one_of(news(), JSON_VALUES),
        "html": st.one_of(news().map(lambda t: f"<p>{t}</p>"), JSON_VALUES),
        "url": st.one_of(st.text(max_size=30), JSON_VALUES),
        "published": st.one_of(st.dates().map(str), st.text(max_size=12), JSON_VALUES),
        "title": JSON_VALUES,
    },
)


@FAST
@given(
    lines=st.lists(
        st.one_of(
            RECORDS.map(lambda r: json.dumps(r).encode()),
            JSON_VALUES.map(lambda v: json.dumps(v).encode()),
            st.integers(1, 200_000).map(lambda depth: b"[" * depth + b"]" * depth),
            st.integers(1, 200_000).map(lambda depth: b'{"text":' * depth),
            st.binary(max_size=200).filter(lambda b: b"\n" not in b),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_json_lines_each_line_gives_an_error_or_a_document(lines: list[bytes]) -> None:
    """Deep nesting, wrong types, invalid UTF-8, NUL bytes: each line is judged on its own, with its number."""
    items = read_bytes(b"\n".join(lines) + b"\n", "feed.jsonl")
    assert_clean(items, may_be_empty=True)
    assert [int(item.origin.rsplit(":", 1)[1]) for item in items] == judged_lines(lines)


def judged_lines(lines: list[bytes]) -> list[int]:
    """The numbers of the lines that must give one item each: every line that is not blank, up to and including
    the first with a NUL byte (binary data: the rest of the file is skipped)."""
    numbers: list[int] = []
    for number, raw in enumerate(lines, 1):
        if b"\0" in raw:
            return [*numbers, number]
        try:
            blank = not raw.removeprefix(codecs.BOM_UTF8 if number == 1 else b"").decode("utf-8").strip()
        except UnicodeDecodeError:
            blank = False
        if not blank:
            numbers.append(number)
    return numbers


def test_deep_json_is_an_error_for_its_line_and_the_next_line_is_read() -> None:
    good = b'{"text": "' + SENTENCES[0].encode() + b'"}'
    first, second = read_bytes(b"[" * 100_000 + b"\n" + good + b"\n", "deep.jsonl")
    assert isinstance(first, InputError) and "nested too deeply" in first.reason
    assert isinstance(second, Document) and second.origin.endswith(":2")


def test_a_huge_line_is_refused_with_its_length() -> None:
    line = (SENTENCES[0] + " ") * (MAX_LINE_CHARS // len(SENTENCES[0]) + 1)
    (item,) = read_bytes(line.encode(), "one-line.txt")
    assert isinstance(item, InputError)
    assert f"a line of {len(line):,} characters, over the limit of {MAX_LINE_CHARS:,}" in item.reason
    wrapped = "\n".join(line[i : i + 5_000] for i in range(0, len(line), 5_000))
    (document,) = read_bytes(wrapped.encode(), "wrapped.txt")
    assert isinstance(document, Document)


def test_a_huge_json_line_is_refused_without_decoding_it_all() -> None:
    (item,) = read_bytes(b'{"text": "' + b"a" * (3 * LIMIT) + b'"}\n', "big.jsonl")
    assert isinstance(item, InputError) and "over the limit" in item.reason


@pytest.mark.parametrize("depth", [300, 5_000, 100_000])
def test_deeply_nested_html_is_an_error_or_a_document(depth: int) -> None:
    body = "<div>" * depth + f"<p>{SENTENCES[0]} {SENTENCES[2]}</p>" + "</div>" * depth
    assert_clean(read_bytes(f"<html><body>{body}</body></html>".encode(), "deep.html"))


SCRIPTS = st.sampled_from(
    [
        "<script>{}</script>",
        "<script type='module'>{}</script>",
        "<SCRIPT SRC='x.js'>{}</SCRIPT>",
        "<style>p::after {{ content: '{}' }}</style>",
        "<!-- {} -->",
        "<noscript><iframe src='javascript:{}'></iframe></noscript>",
        "<svg><script>{}</script></svg>",
        "<img src=x onerror='{}'>",
        "<a href='javascript:{}'>link</a>",
    ]
)
MARKER = "XSSMARKER"


@FAST
@given(
    paragraphs=st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6),
    hostile=st.lists(st.tuples(SCRIPTS, st.text(max_size=30)), min_size=1, max_size=6),
    where=st.lists(st.integers(0, 10)),
)
def test_scripts_styles_and_comments_never_reach_the_text(
    paragraphs: list[str], hostile: list[tuple[str, str]], where: list[int]
) -> None:
    blocks = [f"<p>{p}</p>" for p in paragraphs]
    for index, (template, payload) in enumerate(hostile):
        code = template.format(f"{MARKER}{payload}".replace("<", "").replace("'", ""))
        at = (where[index] if index < len(where) else index) % (len(blocks) + 1)
        blocks.insert(at, code)
    page = f"<html><head><title>Page</title></head><body><article>{''.join(blocks)}</article></body></html>"
    items = read_bytes(page.encode(), "page.html")
    assert_clean(items)
    for item in items:
        if isinstance(item, Document):
            assert MARKER not in item.text and "<script" not in item.text.lower()


# -- structure -----------------------------------------------------------------------------------------------

FRAGMENTS = st.sampled_from(
    [
        *SENTENCES,
        *INVISIBLE,
        "\n",
        "\n\n",
        " ",
        "UPDATE:",
        "Update, 14:30 GMT —",
        "09:15 BST —",
        "0915 UTC+3:",
        "99:99 XYZ:",
        "ORIGINAL ENTRY:",
        "Caption:",
        "— The Example (@example) October 23, 2016",
        "A post shared by someone (@some.one) on Oct 1, 2016",
        "https://t.co/x pic.twitter.com/y",
        "He said:",
        "Spokesman John Kirby said on Monday.",
        "We're always concerned",
        "“",
        "”",
        '"',
        ":",
        "…",
    ]
)


@settings(max_examples=300, deadline=timedelta(seconds=2))
@given(
    fragments=st.lists(FRAGMENTS, max_size=40),
    noise=st.text(max_size=80),
    title=st.none() | st.text(max_size=40) | st.sampled_from(SENTENCES),
    published=st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
)
def test_segment_returns_sections_inside_the_text_in_order(
    fragments: list[str], noise: str, title: str | None, published: date | None
) -> None:
    text = "".join(fragments) + noise
    document = Document(text=text, origin="t", title=title, published=published)
    sections = segment(document)
    assert sections == segment(document)  # pure
    for section in sections:
        assert 0 <= section.begin < section.end <= len(text), section
        if section.kind in ("headline", "paragraph", "caption"):
            part = text[section.begin : section.end]
            assert part == part.strip() and "\n\n" not in part
    assert [(s.begin, -s.end) for s in sections] == sorted((s.begin, -s.end) for s in sections)


# -- the whole extraction ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ingestor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ingestor]:
    """The real pipeline (spaCy, rules, graph, validation) over a real on-disk store, loaded once."""
    path = tmp_path_factory.mktemp("hostile") / "store"
    store = Store(path)
    yield Ingestor(Settings(store=path, quarantine=path.parent / "quarantine"), store)
    store.close()


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=timedelta(seconds=20),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=news(max_sentences=8), published=st.none() | st.dates(date(2000, 1, 1), date(2030, 1, 1)))
def test_extraction_of_hostile_text_stores_a_graph_whose_spans_quote_the_text(
    ingestor: Ingestor, text: str, published: date | None
) -> None:
    """Read, segment, parse, extract, build, validate, store: the document is stored (not refused by the
    shapes) and every span's anchor text is the document text at the span's offsets."""
    assert ingestor.store is not None
    items = read_bytes(text.encode("utf-8"), "story.txt")
    assert_clean(items)
    (item,) = items
    if isinstance(item, InputError):
        return
    item = replace(item, published=published, source=None)
    (outcome,) = ingestor.run([item]).outcomes
    assert outcome.status in ("stored", "unchanged"), outcome.detail
    triples = list(ingestor.store.triples(outcome.document))
    assert {t.object.value for t in triples if t.predicate == Nif.isString.node} == {item.text}
    values = {(t.subject, t.predicate): t.object.value for t in triples}
    for span, anchor in ((t.subject, t.object.value) for t in triples if t.predicate == Nif.anchorOf.node):
        begin, end = values.get((span, Nif.beginIndex.node)), values.get((span, Nif.endIndex.node))
        assert begin is not None and end is not None, span
        assert item.text[int(begin) : int(end)] == anchor, span
