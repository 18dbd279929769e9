"""Structure of news text: headline, paragraphs, updates, block quotes, captions, embedded posts, offsets."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import shared_file

from allegiance.ingest.document import SECTION_KINDS, Document, Section
from allegiance.ingest.structure import segment

DATA = Path(__file__).parent / "data" / "inputs"


def sections_of(
    text: str, published: date | datetime | None = date(2021, 3, 3), title: str | None = None
) -> tuple[Section, ...]:
    document = Document(text=text, origin="test", published=published, title=title)
    sections = segment(document)
    assert_well_formed(document, sections)
    return sections


def assert_well_formed(document: Document, sections: tuple[Section, ...]) -> None:
    """Offsets in range, trimmed, non-empty; sorted by begin with containers first; known kinds."""
    for section in sections:
        assert section.kind in SECTION_KINDS
        assert 0 <= section.begin < section.end <= len(document.text)
        piece = document.text[section.begin : section.end]
        assert piece == piece.strip()
    assert list(sections) == sorted(sections, key=lambda s: (s.begin, -s.end))


def texts(text: str, sections: tuple[Section, ...], kind: str) -> list[str]:
    return [text[s.begin : s.end] for s in sections if s.kind == kind]


def of_kind(sections: tuple[Section, ...], kind: str) -> list[Section]:
    return [s for s in sections if s.kind == kind]


# -- a liveblog ----------------------------------------------------------------------------------------------

LIVEBLOG = (DATA / "liveblog.txt").read_text("utf-8")


def test_liveblog_headline_caption_and_paragraphs() -> None:
    sections = sections_of(LIVEBLOG)
    assert texts(LIVEBLOG, sections, "headline") == [
        "Ceasefire Talks Stall as Shelling Resumes Near the Port"
    ]
    assert texts(LIVEBLOG, sections, "caption") == [
        "Photo: Displaced families queue for water outside a school in the eastern district"
    ]
    lines = [line for line in LIVEBLOG.split("\n") if line]
    assert texts(LIVEBLOG, sections, "paragraph") == lines[2:]  # every other line is a paragraph of its own


def test_liveblog_updates_run_to_the_next_marker_with_their_time_in_utc() -> None:
    sections = sections_of(LIVEBLOG)
    first, second = of_kind(sections, "update")
    assert LIVEBLOG[first.begin : first.end].startswith("UPDATE 1540 BST: The coalition's spokesman")
    assert LIVEBLOG[first.begin : first.end].endswith("no new offensive had been ordered.")
    assert first.time == datetime(2021, 3, 3, 14, 40, tzinfo=UTC)  # BST is UTC+1
    # the second update ends before the original story, not at the end of the text
    assert LIVEBLOG[second.begin : second.end].endswith("could not be independently verified.")
    assert second.time == datetime(2021, 3, 3, 9, 10, tzinfo=UTC)


def test_liveblog_block_quote_nested_in_its_update_ends_at_narration() -> None:
    sections = sections_of(LIVEBLOG)
    (quote,) = of_kind(sections, "blockQuote")
    assert LIVEBLOG[quote.begin : quote.end] == (
        "We have given the other side every chance to withdraw from the port, and they have refused.\n"
        "Our patience is not unlimited, and we will protect the civilians of the city."
    )
    update = of_kind(sections, "update")[0]
    assert update.begin < quote.begin < quote.end < update.end
    assert sections.index(update) < sections.index(quote)


def test_liveblog_embedded_post_with_its_author() -> None:
    sections = sections_of(LIVEBLOG)
    (post,) = of_kind(sections, "embeddedPost")
    assert post.attribution == "Field Monitor Network (@fieldmonitors)"
    assert LIVEBLOG[post.begin : post.end] == (
        "Shells are falling on the market again this morning. The hospital says it has no fuel left. "
        "pic.twitter.com/Xy12AbCdEf\n— Field Monitor Network (@fieldmonitors) March 3, 2021"
    )


def test_update_time_is_none_without_a_publication_day() -> None:
    assert [s.time for s in of_kind(sections_of(LIVEBLOG, published=None), "update")] == [None, None]


# -- update markers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("marker", "expected"),
    [
        ("UPDATE 0825 GMT:", datetime(2021, 3, 3, 8, 25, tzinfo=UTC)),
        ("Update, 14:30 GMT:", datetime(2021, 3, 3, 14, 30, tzinfo=UTC)),
        ("UPDATE 1430:", datetime(2021, 3, 3, 14, 30)),  # no zone: naive
        ("09:15 BST —", datetime(2021, 3, 3, 8, 15, tzinfo=UTC)),
        ("Updated at 10.30am BST", datetime(2021, 3, 3, 9, 30, tzinfo=UTC)),
        ("1.45pm:", datetime(2021, 3, 3, 13, 45)),
        ("UPDATE (0930 UTC+3):", datetime(2021, 3, 3, 6, 30, tzinfo=UTC)),
        ("0010 MSK:", datetime(2021, 3, 2, 21, 10, tzinfo=UTC)),  # the previous day in UTC
        ("UPDATE 0900 IST:", datetime(2021, 3, 3, 9, 0)),  # ambiguous zone: naive rather than wrong
        ("UPDATE:", None),
    ],
)
def test_update_marker_formats(marker: str, expected: datetime | None) -> None:
    text = (
        f"Opening paragraph of the story.\n{marker} Fighting was reported near the airport.\nMore detail.\n"
    )
    (update,) = of_kind(sections_of(text), "update")
    assert update.time == expected
    assert text[update.begin : update.end].startswith(marker)


def test_eastern_time_follows_daylight_saving() -> None:
    text = "Opening paragraph.\nUpdate, 9:30 a.m. ET: Talks resumed.\n"
    (winter,) = of_kind(sections_of(text, published=date(2021, 1, 10)), "update")
    (summer,) = of_kind(sections_of(text, published=date(2021, 7, 10)), "update")
    assert (winter.time, summer.time) == (
        datetime(2021, 1, 10, 14, 30, tzinfo=UTC),
        datetime(2021, 7, 10, 13, 30, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    "line",
    [
        "2016 was the deadliest year of the war, the group said.",
        "10.50 million people need aid, the agency said.",
        "Updated figures show the toll has risen.",
        "25:99 — not a time of day.",
        "1430 people were displaced overnight.",
    ],
)
def test_lines_that_are_not_update_markers(line: str) -> None:
    assert of_kind(sections_of(f"Opening paragraph.\n{line}\n"), "update") == []


def test_update_stops_at_an_earlier_marker() -> None:
    text = "UPDATE 1200 GMT: New clashes.\nDetail.\nEARLIER: The original story.\nMore of it.\n"
    (update,) = of_kind(sections_of(text), "update")
    assert text[update.begin : update.end] == "UPDATE 1200 GMT: New clashes.\nDetail."


# -- block quotes --------------------------------------------------------------------------------------------


def test_a_colon_without_a_speech_word_introduces_no_quote() -> None:
    text = (
        "Footage shows a commander handing out medals to fighters:\nThe unit led the assault on the hills.\n"
    )
    assert of_kind(sections_of(text), "blockQuote") == []


def test_a_bare_reporting_clause_introduces_a_quote() -> None:
    text = (
        "The ministry's spokeswoman said on Monday.\n"
        "They discussed the corridors and the exchange of prisoners.\n"
        "Asked about the talks, she said only that they would continue.\n"
    )
    (quote,) = of_kind(sections_of(text), "blockQuote")
    assert text[quote.begin : quote.end] == "They discussed the corridors and the exchange of prisoners."


@pytest.mark.parametrize(
    "stop",
    [
        "Troops Advance on the Eastern Front",  # a heading-like line
        "UPDATE 1300 GMT: Another development.",  # an update
        "The envoy told reporters:",  # a new introduction
        "Photo: A checkpoint on the main road",  # a caption
    ],
)
def test_block_quote_ends_at_structure(stop: str) -> None:
    text = (
        f"The envoy said in a statement:\nFirst quoted paragraph.\nSecond quoted paragraph.\n{stop}\nAfter.\n"
    )
    quotes = texts(text, sections_of(text), "blockQuote")
    assert quotes[0] == "First quoted paragraph.\nSecond quoted paragraph."


def test_first_person_paragraphs_after_reported_communication_are_a_quote() -> None:
    text = (
        "The foreign ministry has warned the neighbouring state over its strikes for the first time.\n"
        "We are deeply concerned about the reports of civilian casualties.\n"
        "We will keep watching closely.\n"
        "The strikes continued overnight.\n"
    )
    assert texts(text, sections_of(text), "blockQuote") == [
        "We are deeply concerned about the reports of civilian casualties.\nWe will keep watching closely."
    ]


def test_hard_wrapped_lines_are_joined_into_paragraphs() -> None:
    text = (DATA / "wrapped.txt").read_text("utf-8")
    sections = sections_of(text)
    paragraphs = texts(text, sections, "paragraph")
    assert len(paragraphs) == 4
    assert paragraphs[1].startswith("The convoy was clearly marked") and paragraphs[1].count("\n") == 2
    (quote,) = texts(text, sections, "blockQuote")
    assert quote.startswith("The convoy was clearly marked")
    assert quote.endswith("We call for an independent investigation.")  # "The agency said ..." is narration


# -- captions, posts, headlines ------------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["PHOTO:", "Image:", "Caption:", "Top photo:", "Picture (Reuters):"])
def test_caption_labels(label: str) -> None:
    text = f"Headline Here\n{label} Smoke rises over the city\nBody paragraph.\n"
    assert texts(text, sections_of(text), "caption") == [f"{label} Smoke rises over the city"]


def test_embedded_post_takes_short_paragraphs_but_not_long_narration() -> None:
    narration = "The siege has lasted for months and the shortages are severe, aid workers said. " * 4
    text = (
        f"{narration.strip()}\n"
        "Queues at the bakery since dawn.\n"
        "No flour left by noon. https://t.co/abc\n"
        "A post shared by Local Reporter (@local.reporter) on Jun 2, 2020 at 4:05am PDT\n"
    )
    (post,) = of_kind(sections_of(text), "embeddedPost")
    assert post.attribution == "Local Reporter (@local.reporter)"
    assert text[post.begin : post.end].startswith("Queues at the bakery")


def test_headline_is_the_paragraph_repeating_the_title() -> None:
    text = "Menu\nSearch\nRebels Withdraw From the Bridge\nRebels withdrew from the bridge on Friday.\n"
    sections = sections_of(text, title="Rebels withdraw from the bridge")
    assert texts(text, sections, "headline") == ["Rebels Withdraw From the Bridge"]


def test_a_first_line_ending_in_a_full_stop_is_no_headline() -> None:
    assert of_kind(sections_of("Rebels withdrew from the bridge on Friday.\nMore.\n"), "headline") == []


def test_empty_and_odd_texts() -> None:
    assert sections_of("") == ()
    assert sections_of("\n\n  \n") == ()
    text = "\u202bحلب\u202c\u200b fell, the \u200dmonitors said:\n\u2028We left at dawn.\u2029\r\n"
    assert len(of_kind(sections_of(text), "blockQuote")) == 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab :.—@()UPDATE0123GMT\n\u200b\u202e")), max_size=200))
def test_any_text_segments_into_well_formed_sections(text: str) -> None:
    sections_of(text)


# -- the reference liveblog ----------------------------------------------------------------------------------


def test_reference_liveblog_structure() -> None:
    text = shared_file("corpus/syria-daily-2016-10-25.txt").read_text("utf-8")
    sections = sections_of(text, published=date(2016, 10, 25))
    updates = of_kind(sections, "update")
    assert [s.time for s in updates] == [
        datetime(2016, 10, 25, 8, 25, tzinfo=UTC),
        datetime(2016, 10, 25, 8, 15, tzinfo=UTC),
        datetime(2016, 10, 25, 7, 45, tzinfo=UTC),
    ]
    assert text[updates[0].begin :].startswith("UPDATE 0825 GMT")
    assert "ORIGINAL ENTRY" not in text[updates[-1].begin : updates[-1].end]
    assert "ORIGINAL ENTRY" in text[updates[-1].end :]

    quotes = of_kind(sections, "blockQuote")
    assert len(quotes) == 4
    assert all(any(u.begin < q.begin and q.end <= u.end for u in updates) for q in quotes[:2])
    assert "Konashenkov" in text[quotes[1].begin - 70 : quotes[1].begin]  # introduced by his paragraph
    assert all("pic.twitter.com" not in text[q.begin : q.end] for q in quotes)

    (caption,) = of_kind(sections, "caption")
    assert caption.begin == 0
    (post,) = of_kind(sections, "embeddedPost")
    assert post.attribution == "The Telegraph (@Telegraph)"
    assert "pic.twitter.com" in text[post.begin : post.end]
    assert any(u.begin < post.begin and post.end <= u.end for u in updates)
    assert of_kind(sections, "headline") == []  # it opens with a caption and navigation, not a headline


def test_a_report_with_its_content_does_not_introduce_a_quote() -> None:
    text = (
        "Shelling hit the market of the northern town overnight, the regional governor said.\n"
        "Relief convoys were turned back at two checkpoints on the main road.\n"
    )
    assert texts(text, sections_of(text), "blockQuote") == []
    bare = "The regional governor said on Tuesday.\nWe will rebuild the market within a month.\n"
    assert texts(bare, sections_of(bare), "blockQuote") == ["We will rebuild the market within a month."]


def test_a_capitalised_line_continues_a_cut_one_only_after_a_word_that_cannot_end_a_sentence() -> None:
    cut = (
        "Headline about the talks\n"
        "Delegations met in the capital on Monday for a third round of talks brokered by the\n"
        "African Union, officials said.\n"
    )
    assert texts(cut, sections_of(cut), "paragraph")[0].endswith("by the\nAfrican Union, officials said.")
    lost_stop = (
        "Headline about the strike\n"
        "A drone strike on the airport killed a member of the ground crew and wounded a contractor\n"
        "Officials said the runway would reopen on Thursday.\n"
    )
    assert len(texts(lost_stop, sections_of(lost_stop), "paragraph")) == 2


def test_the_first_line_is_a_headline_not_the_start_of_a_cut_sentence() -> None:
    text = "Rebels prepare to hand the border town back to the army, mediators say\nThe handover begins on Friday.\n"
    sections = sections_of(text, title=None)
    assert texts(text, sections, "headline") == [
        "Rebels prepare to hand the border town back to the army, mediators say"
    ]
