"""Times in news: a day, a month or a year as precise as the text gives it, start dates from "since", and the
report date on every relation and statement. Sentences written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from support import extraction_of

from allegiance.config import Settings
from allegiance.ingest import dates
from allegiance.ingest.dates import Period
from allegiance.ingest.document import Document
from allegiance.ingest.extract import Extractor
from allegiance.ingest.graph import document_triples
from allegiance.ingest.pipeline import Ingestor
from allegiance.iris import Minter
from allegiance.namespaces import Al, Xsd
from allegiance.store import Store

JUNE = date(2024, 6, 10)  # a Monday


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("on Monday", date(2024, 6, 10)),
        ("last Tuesday", date(2024, 6, 4)),
        ("October 3", date(2023, 10, 3)),  # a day after the story's month is last year's
        ("two weeks ago", date(2024, 5, 27)),
        ("back in April", Period("2024-04")),
        ("in December", Period("2023-12")),
        ("in early March 2016", Period("2016-03")),
        ("last month", Period("2024-05")),
        ("last year", Period("2023")),
        ("in mid-2023", Period("2023")),
        ("the April offensive", None),  # a month alone names an event here, not a time
        ("the 2011 uprising", None),
        ("recently", None),
    ],
)
def test_a_phrase_pins_down_a_day_else_a_month_or_a_year(phrase: str, expected: dates.When | None) -> None:
    assert dates.when(phrase, JUNE) == expected


def test_since_gives_a_start() -> None:
    assert dates.since("since 2015", JUNE) == Period("2015")
    assert dates.since("ever since October 7", JUNE) == date(2023, 10, 7)
    assert dates.since("since the start of the war", JUNE) is None


def extract(extractor: Extractor, text: str) -> tuple[Document, object]:
    document = Document(text=text, origin="test", published=JUNE)
    return document, extraction_of(extractor, document)


def test_a_statement_is_dated_by_its_clause_and_not_by_a_time_inside_its_content(
    extractor: Extractor,
) -> None:
    text = (
        "Back in April, the UAE foreign ministry sent a letter to the Security Council accusing the Sudanese "
        "army of lying.\n"
        "The United States on Monday pulled out of the talks, blaming Russia for the collapse of last month's "
        "truce.\n"
    )
    _, extraction = extract(extractor, text)
    found = {s.speaker.label: (s.date, s.reported) for s in extraction.statements}  # type: ignore[attr-defined]
    assert found["United States"] == (date(2024, 6, 10), JUNE)
    assert found["UAE foreign ministry"] == (
        Period("2024-04"),
        JUNE,
    )


def test_a_relation_keeps_its_start_its_time_and_its_report_date(extractor: Extractor) -> None:
    text = (
        "Russia has backed the Syrian government since 2015.\n"
        "Last year, the United Arab Emirates armed the Rapid Support Forces.\n"
        "Iran has long armed the Houthis, who ruled parts of Yemen until 1962.\n"
    )
    document, extraction = extract(extractor, text)
    found = {
        (r.source.label, r.target.label): (r.date, r.start, r.reported)
        for r in extraction.relations  # type: ignore[attr-defined]
    }
    assert found[("Russia", "Syrian government")] == (JUNE, Period("2015"), JUNE)
    assert found[("United Arab Emirates", "Rapid Support Forces")] == (Period("2023"), None, JUNE)
    assert found[("Iran", "Houthis")] == (JUNE, None, JUNE)  # 1962 dates the Houthis' rule, not the arming
    triples = document_triples(document, extraction, Minter())[1]  # type: ignore[arg-type]
    typed = {(t.predicate, t.object.datatype) for t in triples if isinstance(t.object, ox.Literal)}
    assert {
        (Al.startDate.node, Xsd.gYear.node),
        (Al.date.node, Xsd.gYear.node),
        (Al.reportDate.node, Xsd.date.node),
    } <= typed


def test_a_document_with_months_years_and_starts_conforms_and_is_stored(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    ingestor = Ingestor(Settings(store=tmp_path / "store"), store)
    document = Document(
        text="Back in April, Russia said it had armed the junta since 2021.\nLast year, Iran armed the Houthis.\n",
        origin="test",
        published=JUNE,
    )
    assert [o.status for o in ingestor.run([document]).outcomes] == ["stored"]
    assert store.ask(
        "PREFIX al: <https://w3id.org/allegiance/ontology#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
        "ASK { ?r al:date ?d ; al:reportDate ?reported . FILTER(DATATYPE(?d) = xsd:gYear) }"
    )
