"""Reading inputs: every format and kind of input, every bad input with its message, metadata precedence."""

from __future__ import annotations

import io
import json
import sys
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from allegiance.ingest.document import Document, InputError
from allegiance.ingest.readers import Defaults, parse_published, read_inputs

DATA = Path(__file__).parent / "data" / "inputs"
LIMIT = 100_000
NO_DEFAULTS = Defaults()
ENGLISH = "Government forces shelled the northern suburbs on Sunday, residents and a monitoring group said.\n"


def read(
    *inputs: str | Path, defaults: Defaults = NO_DEFAULTS, **options: str
) -> list[Document | InputError]:
    return list(read_inputs([str(i) for i in inputs], defaults, max_bytes=LIMIT, **options))


def one_document(*inputs: str | Path, **options: str) -> Document:
    (item,) = read(*inputs, **options)
    assert isinstance(item, Document), item
    return item


def one_error(*inputs: str | Path, **options: str) -> InputError:
    (item,) = read(*inputs, **options)
    assert isinstance(item, InputError), item
    return item


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


# -- plain text ----------------------------------------------------------------------------------------------


def test_plain_text_is_kept_exactly_with_the_defaults_applied(tmp_path: Path) -> None:
    path = write(tmp_path, "story.txt", ENGLISH + "  Indented line\twith a tab.  \n")
    defaults = Defaults(published="2016-10-25", source="https://example.org/a", title="T", publisher="P")
    document = one_document(path, defaults=defaults)
    assert document.text == ENGLISH + "  Indented line\twith a tab.  \n"
    assert document.origin == str(path)
    assert (document.source, document.title, document.publisher) == ("https://example.org/a", "T", "P")
    assert document.published == date(2016, 10, 25)


def test_line_ends_and_byte_order_mark_are_normalised(tmp_path: Path) -> None:
    path = write(
        tmp_path, "dos.txt", b"\xef\xbb\xbf" + ENGLISH.rstrip("\n").encode() + b"\r\nSecond.\rThird.\r\n"
    )
    assert one_document(path).text == ENGLISH + "Second.\nThird.\n"


def test_utf16_with_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "wide.txt", ENGLISH.encode("utf-16"))
    assert one_document(path).text == ENGLISH


def test_zero_width_and_bidi_characters_are_kept(tmp_path: Path) -> None:
    text = "Fighters of the \u200bbrigade entered \u202bحلب\u202c on Monday, the\u200d monitors said.\n"
    assert one_document(write(tmp_path, "bidi.txt", text)).text == text


# -- HTML ----------------------------------------------------------------------------------------------------


def test_html_main_text_without_scripts_styles_or_boilerplate() -> None:
    document = one_document(DATA / "article.html")
    assert "TRACKING_SCRIPT_MARKER" not in document.text
    assert "FOOTER_SCRIPT_MARKER" not in document.text
    assert "font-family" not in document.text
    assert "Subscribe now" not in document.text
    assert "All rights reserved" not in document.text
    assert "withdrew from a strategic river crossing" in document.text
    paragraphs = document.text.split("\n")
    assert any(p.startswith("The United Nations envoy welcomed") for p in paragraphs)  # one paragraph a line
    assert document.title == "Militia pulls back from river crossing"
    assert document.source == "https://daily.example.org/world/2019/06/militia-pulls-back"
    assert document.published == date(2019, 6, 11)
    assert document.publisher == "The Daily Example"


def test_html_metadata_wins_over_defaults_which_fill_the_gaps(tmp_path: Path) -> None:
    body = "<p>" + ENGLISH.strip() + " The truce was agreed in the capital last month by both sides.</p>"
    bare = write(tmp_path, "bare.html", f"<html><body><article>{body}</article></body></html>")
    defaults = Defaults(
        published="2020-01-02", source="https://flag.example/x", title="Flag", publisher="Flag"
    )
    page = one_document(DATA / "article.html", defaults=defaults)
    assert (page.title, page.publisher, page.published) == (
        "Militia pulls back from river crossing",
        "The Daily Example",
        date(2019, 6, 11),
    )
    plain = one_document(bare, defaults=defaults)
    assert (plain.source, plain.published) == ("https://flag.example/x", date(2020, 1, 2))


def test_html_with_no_article_text_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.html", "<html><head><script>var x = 1;</script></head><body></body></html>")
    assert "no article text found in the HTML" in one_error(path).reason


def test_html_declaring_its_charset_is_decoded_with_it(tmp_path: Path) -> None:
    text = "Caf\xe9 owners in the old town said the shelling stopped at dawn after a night of heavy fire."
    head = '<head><meta charset="windows-1252"></head>'
    html = f"<html>{head}<body><article><p>{text}</p></article></body></html>"
    assert text in one_document(write(tmp_path, "old.html", html.encode("cp1252"))).text


NOT_TEXT_ENCODINGS = ("rot13", "base64", "zlib", "hex", "bz2", "uu")
"""Codecs that ``codecs.lookup`` knows but that turn bytes into bytes: a page declaring one stopped the run."""


def page_declaring(charset: str) -> bytes:
    """An HTML page in Windows-1252 (so not UTF-8) whose ``<meta>`` declares ``charset``."""
    head = f'<head><meta charset="{charset}"></head>'
    return f"<html>{head}<body><article><p>Caf\xe9 {ENGLISH}</p></article></body></html>".encode("cp1252")


@pytest.mark.parametrize("charset", NOT_TEXT_ENCODINGS)
def test_html_declaring_a_codec_that_is_not_a_text_encoding_is_an_error(tmp_path: Path, charset: str) -> None:
    good = write(tmp_path, "good.txt", ENGLISH)
    page = page_declaring(charset)
    error, after = read(write(tmp_path, "bad.html", page), good)
    expected = f"not valid UTF-8 at byte {page.index(0xE9)} (0xe9); convert it to UTF-8 first"
    assert isinstance(error, InputError) and error.reason.startswith(expected), error
    assert isinstance(after, Document) and after.origin == str(good)


def test_an_unforeseen_failure_is_the_inputs_error_and_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library raising on one odd page (simulated: no real page is known to do it) costs that page only,
    whether it is a file of its own or a line of a JSON Lines file."""
    import trafilatura

    extract = trafilatura.extract

    def surprised(html: str, **options: object) -> str | None:
        if "SURPRISE" in html:
            raise RuntimeError("the extractor met something new")
        return extract(html, **options)  # type: ignore[no-any-return, arg-type]

    monkeypatch.setattr(trafilatura, "extract", surprised)
    page = f"<html><body><article><p>SURPRISE {ENGLISH}</p></article></body></html>"
    lines = [json.dumps({"html": page}), json.dumps({"text": ENGLISH})]
    feed = write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    good = write(tmp_path, "good.txt", ENGLISH)
    items = read(write(tmp_path, "odd.html", page), feed, good)
    assert [(item.origin, type(item).__name__) for item in items] == [
        (f"{tmp_path}/odd.html", "InputError"),
        (f"{feed}:1", "InputError"),
        (f"{feed}:2", "Document"),
        (str(good), "Document"),
    ]
    assert isinstance(items[0], InputError) and items[0].reason.startswith(
        "could not be read (RuntimeError: the extractor met something new); this input is skipped"
    )


# -- JSON Lines ----------------------------------------------------------------------------------------------


def test_jsonl_reads_good_lines_and_names_each_bad_one() -> None:
    path = DATA / "corpus.jsonl"
    items = read(path, defaults=Defaults(publisher="Fallback Wire"))
    by_origin = {item.origin: item for item in items}
    assert list(by_origin) == [f"{path}:{n}" for n in (1, 2, 3, 4, 6, 7, 8)]  # the blank line 5 is skipped

    first = by_origin[f"{path}:1"]
    assert isinstance(first, Document)
    assert (first.source, first.title, first.published, first.publisher) == (
        "https://wire.example.net/1",
        "Truce holds",
        date(2020, 2, 1),
        "Example Wire",  # the line's own value wins over the default
    )
    from_html = by_origin[f"{path}:2"]
    assert isinstance(from_html, Document)
    assert "recaptured the hill" in from_html.text and "<p>" not in from_html.text
    assert from_html.publisher == "Fallback Wire"  # the default fills the gap
    last = by_origin[f"{path}:8"]
    assert isinstance(last, Document) and last.source == "https://wire.example.net/6"

    assert str(by_origin[f"{path}:3"]) == f"{path}:3: not valid JSON (Expecting ',' delimiter at column 44)"
    assert str(by_origin[f"{path}:4"]) == f'{path}:4: the object has neither "text" nor "html"'
    assert "not an ISO 8601 date" in str(by_origin[f"{path}:6"])
    assert str(by_origin[f"{path}:7"]) == f"{path}:7: expected a JSON object, got list"


def test_an_over_long_json_line_is_refused_without_being_held(tmp_path: Path) -> None:
    """The line limit is a file's (``LIMIT`` times 10 for markup, 1 MB here); a 30 MB line is refused after
    reading 1 MB of it, and its rest is skipped a block at a time: the reader never holds it whole."""
    path = tmp_path / "feed.jsonl"
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"text": ENGLISH}) + "\n")
        out.write('{"text": "' + "x" * 30_000_000 + '"}\n')
        out.write(json.dumps({"text": ENGLISH, "url": "https://a.example/3"}) + "\n")
    tracemalloc.start()
    try:
        items = read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [item.origin for item in items] == [f"{path}:{n}" for n in (1, 2, 3)]
    first, long, last = items
    assert isinstance(first, Document) and isinstance(last, Document) and last.source == "https://a.example/3"
    assert str(long).startswith(
        f"{path}:2: the document is a line of more than 1,000,000 bytes, over the limit"
    )
    assert peak < 4_000_000, f"the reader held {peak:,} bytes at once"


def test_jsonl_field_of_the_wrong_type(tmp_path: Path) -> None:
    path = write(tmp_path, "typed.ndjson", '{"text": 42}\n')
    assert str(one_error(path)) == f'{path}:1: "text" must be a string, got int'


def test_a_source_that_is_no_iri_is_refused_by_line_and_on_the_command_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": ENGLISH, "url": url}) for url in ("https://a.example/x y", "https://a.example/ok")
    ]
    path = write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    bad, good = read(path)
    assert (
        isinstance(bad, InputError) and "is not a valid IRI" in str(bad) and str(bad).startswith(f"{path}:1")
    )
    assert isinstance(good, Document) and good.source == "https://a.example/ok"
    with pytest.raises(ValueError, match="--source: the source 'http://a b' is not a valid IRI"):
        read_inputs([str(path)], Defaults(source="http://a b"), max_bytes=LIMIT)


def test_jsonl_is_sniffed_without_an_extension(tmp_path: Path) -> None:
    line = json.dumps({"text": ENGLISH})
    path = write(tmp_path, "feed", f"{line}\n{line}\n")
    assert [item.origin for item in read(path)] == [f"{path}:1", f"{path}:2"]


# -- files, directories, globs, stdin ------------------------------------------------------------------------


def test_directory_is_read_recursively_in_sorted_order_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", ENGLISH)
    (tmp_path / "sub").mkdir()
    write(tmp_path, "sub/a.md", ENGLISH)
    write(tmp_path, "a.text", ENGLISH)
    write(tmp_path, "notes.csv", ENGLISH)
    (tmp_path / ".cache").mkdir()
    write(tmp_path, ".cache/x.txt", ENGLISH)
    write(tmp_path, ".hidden.txt", ENGLISH)
    assert [item.origin for item in read(tmp_path)] == [
        str(tmp_path / name) for name in ("a.text", "b.txt", "sub/a.md")
    ]


def test_directory_without_news_files_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "data.csv", "a,b\n")
    assert "holds no files ending in .txt" in one_error(tmp_path).reason


def test_glob_pattern_recurses() -> None:
    origins = [item.origin for item in read(DATA / "nested" / "**" / "*.*")]
    assert origins == [str(DATA / "nested" / "deeper.md"), str(DATA / "nested" / "one.txt")]


def test_glob_without_matches_is_an_error(tmp_path: Path) -> None:
    assert one_error(tmp_path / "*.nothing").reason == "no files match this pattern"


def test_missing_path_is_an_error_and_the_rest_is_still_read(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", ENGLISH)
    first, second = read(tmp_path / "missing.txt", good)
    assert isinstance(first, InputError) and first.reason == "no such file or directory"
    assert isinstance(second, Document) and second.origin == str(good)


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ENGLISH.encode())))
    document = one_document("-")
    assert (document.text, document.origin) == (ENGLISH, "<stdin>")


def test_stdin_html_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    html = (DATA / "article.html").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(html)))
    document = one_document("-")
    assert "TRACKING_SCRIPT_MARKER" not in document.text and document.origin == "<stdin>"


def test_stdin_json_lines_are_read_line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    feed = json.dumps({"text": ENGLISH}) + "\nnot json\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(feed.encode())))
    document, error = read("-", fmt="jsonl")
    assert isinstance(document, Document) and document.origin == "<stdin>:1"
    assert str(error).startswith("<stdin>:2: not valid JSON")


def test_forced_format_overrides_the_extension(tmp_path: Path) -> None:
    path = write(tmp_path, "page.txt", (DATA / "article.html").read_text())
    assert "river crossing" in one_document(path, fmt="html").text
    assert "<script>" in one_document(DATA / "article.html", fmt="text").text


# -- run options ---------------------------------------------------------------------------------------------


def test_bad_published_default_raises_before_anything_is_read(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"--published: not an ISO 8601 date or date-time: 'yesterday'"):
        read_inputs([str(tmp_path / "missing.txt")], Defaults(published="yesterday"), max_bytes=LIMIT)


def test_unknown_format_raises() -> None:
    with pytest.raises(ValueError, match="unknown input format 'docx'"):
        read_inputs([], Defaults(), fmt="docx", max_bytes=LIMIT)


def test_published_parsing() -> None:
    assert parse_published("2016-10-25") == date(2016, 10, 25)
    assert parse_published("2016-10-25T08:25:00Z") == datetime(2016, 10, 25, 8, 25, tzinfo=UTC)
    assert parse_published("2016-10-25 08:25") == datetime(2016, 10, 25, 8, 25)


# -- bad input -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the document is empty"),
        (b"  \n\t\r\n ", "the document is only whitespace"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "looks like a binary file (it contains NUL bytes), not text",
        ),
        (
            b"Caf\xe9 owners said the shelling stopped.",
            "not valid UTF-8 at byte 3 (0xe9); convert it to UTF-8",
        ),
        (bytes(range(1, 9)) * 20 + ENGLISH.encode(), "looks like binary data (160 control characters in"),
    ],
    ids=["empty", "whitespace", "binary", "undecodable", "control-characters"],
)
def test_bad_input_is_reported(tmp_path: Path, content: bytes, reason: str) -> None:
    error = one_error(write(tmp_path, "bad.txt", content))
    assert error.reason.startswith(reason), error.reason


def test_oversized_document_names_the_limit_and_how_to_raise_it(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", ENGLISH * 2000)
    error = one_error(path)
    assert error.reason.startswith(
        f"the document is {len(ENGLISH) * 2000:,} bytes, over the limit of 100,000"
    )
    assert "ALLEGIANCE_MAX_DOCUMENT_BYTES" in error.reason


def test_huge_raw_input_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    error = one_error(write(tmp_path, "huge.html", b"<p>x</p>" * 200_000))
    assert "more than 1,000,000 bytes" in error.reason and "ALLEGIANCE_MAX_DOCUMENT_BYTES" in error.reason


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Les forces gouvernementales ont repris le contrôle de la ville après trois jours de combats "
            "intenses, a annoncé mardi le ministère de la Défense, qui affirme que les rebelles ont fui.",
            "French",
        ),
        (
            "Die Regierungstruppen haben nach drei Tagen heftiger Kämpfe die Kontrolle über die Stadt "
            "zurückerlangt, teilte das Verteidigungsministerium am Dienstag mit.",
            "German",
        ),
    ],
)
def test_non_english_is_rejected_with_the_language(tmp_path: Path, text: str, language: str) -> None:
    error = one_error(write(tmp_path, "foreign.txt", text))
    assert error.reason.startswith(f"the text is in {language} (confidence ")
    assert error.reason.endswith("only English is supported")


@pytest.mark.parametrize(
    "text",
    [
        "Abu Mohammad al-Julani, Hashem al-Sheikh and Abu Amr al-Shami met Ahrar al-Sham in Jisr al-Shughur.",
        "Hayat Tahrir al-Sham, Jaish al-Izza and Harakat Nour al-Din al-Zenki shelled Khan Shaykhun.",
        "Ansar Allah said Abd Rabbuh Mansur Hadi loyalists attacked al-Hudaydah and Taiz.",
        "Strikes hit Idlib.",
    ],
)
def test_english_full_of_arabic_names_or_very_short_is_accepted(tmp_path: Path, text: str) -> None:
    assert one_document(write(tmp_path, "names.txt", text)).text == text


def test_english_with_a_long_quote_in_another_script_is_accepted(tmp_path: Path) -> None:
    quote = "قالت وزارة الدفاع إن القوات استعادت السيطرة على المدينة"
    text = ENGLISH * 12 + f"The ministry's statement read: {quote}\n" + ENGLISH * 12
    assert one_document(write(tmp_path, "mixed.txt", text)).text == text
