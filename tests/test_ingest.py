"""Extraction on text written for these tests: each construction of news English the rules claim to read."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from support import extraction_of

from allegiance.cli import main
from allegiance.config import Settings
from allegiance.ingest import gazetteer
from allegiance.ingest.document import Document
from allegiance.ingest.extract import COMPONENTS, Extractor, check_order, paragraph_spans
from allegiance.ingest.extraction import Extraction
from allegiance.ingest.graph import document_triples
from allegiance.ingest.pipeline import Ingestor
from allegiance.ingest.readers import Defaults, read_inputs
from allegiance.ingest.structure import segment
from allegiance.iris import Minter
from allegiance.namespaces import Al, Nif, Skos
from allegiance.store import Store

ARTICLE = Path(__file__).parent / "data" / "article.txt"
PUBLISHED = date(2016, 10, 20)  # a Thursday


@pytest.fixture(scope="module")
def document() -> Document:
    text = ARTICLE.read_text(encoding="utf-8")
    plain = Document(text=text, origin=str(ARTICLE), source="https://example.org/aleppo", published=PUBLISHED)
    return dataclasses.replace(plain, sections=segment(plain))


@pytest.fixture(scope="module")
def extraction(extractor: Extractor, document: Document) -> Extraction:
    return extraction_of(extractor, document)


def relations(extraction: Extraction) -> set[tuple[str, str, str, str]]:
    return {(r.kind, r.source.label, r.target.label, r.polarity) for r in extraction.relations}


def test_hard_wrapped_lines_join_and_liveblog_labels_are_not_parsed() -> None:
    text = (
        "Headline of the story\nUPDATE 0900 GMT: The army said on Monday that its units had moved north\n"
        "of the city overnight.\nNext line."
    )
    document = Extractor.structure(Document(text=text, origin="test"))
    assert [text[b:e] for b, e in paragraph_spans(document)] == [
        "Headline of the story",
        "The army said on Monday that its units had moved north\nof the city overnight.",
        "Next line.",
    ]


def test_hyphenated_passive_and_participle_backing(extraction: Extraction) -> None:
    found = relations(extraction)
    assert ("funds", "Iran", "Harakat al-Nujaba", "asserted") in found
    assert ("backs", "Turkey", "rebels", "asserted") in found
    assert ("backs", "Qatar", "rebels", "asserted") in found


def test_ally_and_alongside(extraction: Extraction) -> None:
    found = relations(extraction)
    assert (
        "alliedWith",
        "Hezbollah",
        "Syrian government",
        "asserted",
    ) in found  # "an ally of the Assad regime"
    assert (
        "fightsAlongside",
        "Hezbollah",
        "Syrian government",
        "asserted",
    ) in found  # "government troops" near Aleppo


def test_a_denied_alignment_is_kept_as_denied_by_the_speaker(extraction: Extraction) -> None:
    denied = [r for r in extraction.relations if r.polarity == "denied"]
    assert [(r.kind, r.source.label, r.target.label) for r in denied] == [
        ("arms", "Russian government", "People's Protection Units")
    ]
    assert denied[0].statement is not None and denied[0].statement.kind == "denial"


def test_demonym_attack_and_hedge(extraction: Extraction) -> None:
    attacks = [r for r in extraction.relations if r.kind == "attacks"]
    assert any(
        r.source.label == "Turkish Armed Forces" and r.target.label == "People's Protection Units"
        for r in attacks
    )
    hedged = [r for r in extraction.relations if r.hedge]
    assert any(r.hedge == "reportedly" and r.target.label == "rebels" for r in hedged)


def test_block_quote_is_one_statement_by_the_official_for_his_office(extraction: Extraction) -> None:
    peskov = [s for s in extraction.statements if s.speaker.label == "Dmitry Peskov"]
    assert len(peskov) == 1
    assert peskov[0].mode == "directQuote" and peskov[0].text.startswith("Our air force is acting only")
    assert peskov[0].date == date(2016, 10, 19)  # "on Wednesday" in a Thursday story


def test_direct_quote_with_title_and_relative_date(extraction: Extraction) -> None:
    erdogan = [s for s in extraction.statements if s.speaker.label == "Recep Tayyip Erdoğan"]
    assert erdogan and erdogan[0].text.startswith("We will not allow a terror corridor")
    assert erdogan[0].date == date(2016, 10, 17)


def test_demand_with_addressee_and_capital_metonymy(extraction: Extraction) -> None:
    kinds = {(s.speaker.label, s.kind) for s in extraction.statements}
    assert ("United Nations", "demand") in kinds
    assert ("Russian government", "denial") in kinds  # "Moscow denied ..."
    denial = [s for s in extraction.statements if s.kind == "denial"]
    assert "which it says" in denial[0].text  # one sentence, one speaker: one statement, of the telling kind


def test_every_span_in_the_graph_quotes_the_text_exactly(extraction: Extraction, document: Document) -> None:
    triples = document_triples(document, extraction, Minter())[1]
    about: dict[str, dict[str, str]] = defaultdict(dict)
    for node, predicate, value in gazetteer.as_text(triples):
        about[node][predicate] = value
    spans = [values for values in about.values() if Nif.anchorOf in values]
    assert spans
    for span in spans:
        begin, end = int(span[Nif.beginIndex]), int(span[Nif.endIndex])
        assert document.text[begin:end] == span[Nif.anchorOf]
    assert any(t.predicate == Al.backs.node for t in triples)


def test_reingesting_the_same_text_is_a_no_op_and_new_text_replaces(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    settings = Settings(store=tmp_path / "store")
    ingestor = Ingestor(settings, store)
    defaults = Defaults(published="2016-10-20", source="https://example.org/aleppo")

    def run(path: Path) -> list[str]:
        items = read_inputs([str(path)], defaults, max_bytes=settings.max_document_bytes)
        return [o.status for o in ingestor.run(items).outcomes]

    assert run(ARTICLE) == ["stored"]
    before = store.count()
    assert run(ARTICLE) == ["unchanged"] and store.count() == before
    shorter = tmp_path / "shorter.txt"
    shorter.write_text("Turkey-backed rebels advanced on al-Bab.\n", encoding="utf-8")
    assert run(shorter) == ["stored"]
    assert store.count() < before
    assert len([g for g in store.graph_names() if "/id/document/" in g]) == 1


def test_a_bad_document_is_reported_and_the_rest_go_on(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    settings = Settings(store=tmp_path / "store")
    items = read_inputs([str(empty), str(ARTICLE)], Defaults(published="2016-10-20"), max_bytes=10_000_000)
    report = Ingestor(settings, store).run(items)
    assert [o.status for o in report.outcomes] == ["failed", "stored"]
    assert "empty" in report.outcomes[0].detail


def test_the_cli_stores_every_good_file_around_pages_declaring_codecs_that_are_not_text(
    tmp_path: Path,
) -> None:
    """Each such page used to stop ``allegiance ingest`` with a LookupError, losing the good files read before
    it in the same directory (issue 13). Good and bad files alternate here, in the order they are read."""
    folder = tmp_path / "news"
    folder.mkdir()
    good, bad = [], []
    for n, charset in enumerate(("rot13", "base64", "zlib", "hex", "bz2", "uu")):
        good.append(folder / f"{n}a.txt")
        good[-1].write_text(
            f"Iran backs the Syrian government, officials said in report {n}.\n", encoding="utf-8"
        )
        bad.append(folder / f"{n}b-{charset}.html")
        head = f'<head><meta charset="{charset}"></head>'
        page = f"<html>{head}<body><p>Caf\xe9 owners said the shelling stopped.</p></body></html>"
        bad[-1].write_bytes(page.encode("cp1252"))
    good.append(folder / "9.txt")
    good[-1].write_text("Russia backs the Syrian government, the envoy said.\n", encoding="utf-8")

    result = CliRunner().invoke(main, ["--store", str(tmp_path / "store"), "ingest", str(folder)])

    assert result.exit_code == 1, result.output  # some inputs failed, and nothing raised
    for path in bad:
        assert f"error: {path}: not valid UTF-8 at byte" in result.output
    stored = [line for line in result.output.splitlines() if line.startswith("stored: ")]
    assert [line.split()[1] for line in stored] == [str(path) for path in good]
    assert f"{len(good)} stored, {len(bad)} failed" in result.output
    documents = [g for g in Store(tmp_path / "store", read_only=True).graph_names() if "/id/document/" in g]
    assert len(documents) == len(good)


def test_a_renaming_in_parentheses_links_old_and_new_names(extractor: Extractor) -> None:
    text = "Jabhat Fatah al-Sham (formerly Jabhat al-Nusra) has few fighters in the east."
    extraction = extraction_of(extractor, Document(text=text, origin="test"))
    assert [(r.old.label, r.new.label) for r in extraction.renamings] == [
        ("Jabhat al-Nusra", "Jabhat Fatah al-Sham")
    ]


def test_an_unknown_group_gets_its_kind_from_the_words_around_it(extractor: Extractor) -> None:
    text = "The rebel group Jaish al-Nasr said on Monday that it had taken the hill."
    extraction = extraction_of(extractor, Document(text=text, origin="test", published=PUBLISHED))
    speakers = {(s.speaker.label, s.speaker.cls, s.speaker.minted) for s in extraction.statements}
    assert speakers == {("Jaish al-Nasr", "RebelGroup", True)}


def test_a_post_is_held_in_an_organisation_of_the_persons_own_sentence(extractor: Extractor) -> None:
    """Not in "the rebels" of the sentence before, nor in any collective: such a post would fail the shapes
    and cost the whole document."""
    text = (
        "The Karsi Brigade is led by a former officer who broke with the rebels early in the war. "
        "Anna Velbrook, a spokeswoman for the Ostravian foreign ministry, dismissed the claims. "
        "Aid workers said civilians were trapped. Hassan Nasrallah, the leader of Hezbollah, spoke on Monday."
    )
    extraction = extraction_of(extractor, Document(text=text, origin="test", published=PUBLISHED))
    posts = {(p.person.label, p.role, p.organization.label, p.organization.cls) for p in extraction.posts}
    assert all(cls not in ("CollectiveActor", "Person", "State") for *_, cls in posts), posts
    assert ("Hassan Nasrallah", "head", "Hezbollah", "ArmedGroup") in posts


def test_an_alias_added_to_the_graph_is_used_by_the_next_ingest(tmp_path: Path) -> None:
    """The graph is its own gazetteer: curation adds a name, and the next document is linked by it."""
    store = Store(tmp_path / "store")
    settings = Settings(store=tmp_path / "store")
    text = "The Tiger Brigades said on Monday that they had advanced."
    document = Document(text=text, origin="test", source="https://example.org/tigers", published=PUBLISHED)
    first = extraction_of(Ingestor(settings, store).extractor, document)
    assert "https://w3id.org/allegiance/id/actor/syrian-arab-army" not in {
        a.iri for a in first.actors.values()
    }
    army = "https://w3id.org/allegiance/id/actor/syrian-arab-army"
    curation = [ox.Triple(ox.NamedNode(army), Skos.altLabel.node, ox.Literal("Tiger Brigades"))]
    store.replace_graph("https://w3id.org/allegiance/graph/curation", curation)
    second = extraction_of(Ingestor(settings, store).extractor, document)
    assert [s.speaker.iri for s in second.statements] == [army]


def test_the_same_rules_read_other_wars(extractor: Extractor) -> None:
    """Ukraine, Libya and Yemen, in sentences written for this test: nothing here is about Syria."""
    text = (Path(__file__).parent / "data" / "beyond-syria.txt").read_text(encoding="utf-8")
    extraction = extraction_of(extractor, Document(text=text, origin="test", published=PUBLISHED))
    found = relations(extraction)
    assert ("backs", "Russia", "Russian-backed separatists", "asserted") in found
    assert ("backs", "Russian government", "rebels", "asserted") in found  # what Kiev accuses Moscow of ...
    assert ("backs", "Russian government", "rebels", "denied") in found  # ... and the Kremlin denies
    assert ("backs", "Egypt", "Khalifa Haftar", "asserted") in found  # "who is backed by": the clause's noun
    assert (
        "attacks",
        "Libyan National Army",
        "Government of National Accord",
        "asserted",
    ) in found  # "forces loyal to Haftar"
    assert ("backs", "United Kingdom", "Saudi-led coalition", "asserted") in found
    assert ("attacks", "Saudi-led coalition", "Houthis", "asserted") in found
    speakers = {(s.speaker.label, s.kind) for s in extraction.statements}
    assert {("Ukrainian government", "accusation"), ("Russian government", "denial")} <= speakers


def test_a_quote_belongs_to_the_speech_verb_outside_it(extractor: Extractor) -> None:
    """'"We warn ... . We will ...," he added': the warning inside the quote is the speaker's words; and a quote
    closed by a comma goes to the attribution after it however the parse splits the sentence."""
    text = (
        "The rebel leader Abdul-Malik al-Houthi spoke on television on Thursday.\n"
        "“We warn the invaders that they will face a harder war than before. We will never stop our operations,”"
        " he added.\n"
    )
    extraction = extraction_of(extractor, Document(text=text, origin="test", published=PUBLISHED))
    quotes = [s for s in extraction.statements if s.mode == "directQuote"]
    assert [(s.speaker.label, s.text) for s in quotes] == [
        (
            "Abdul-Malik al-Houthi",
            "We warn the invaders that they will face a harder war than before. We will never stop our operations,",
        )
    ]


def test_the_components_declare_their_order_and_the_provenance_names_those_that_ran(
    extractor: Extractor, extraction: Extraction, document: Document
) -> None:
    check_order(COMPONENTS)
    with pytest.raises(ValueError, match="'voice' needs"):
        check_order(tuple(c for c in COMPONENTS if c.name != "relations"))
    assert extraction.components == extractor.components
    assert extraction.components[:2] == ["structure", "parse:tok2vec"]
    assert {"parse:names_exact", "parse:ner", "statements", "voice", "dates"} <= set(extraction.components)
    _, triples = document_triples(document, extraction, Minter())
    written = [t.object.value for t in triples if t.predicate == Al.component.node]
    assert sorted(written) == sorted(extractor.components)


def test_a_denial_that_names_no_party_disputes_the_report_it_answers(extractor: Extractor) -> None:
    """The accusation stays an asserted relation in the accuser's voice; the denial is linked to it (al:disputes)
    and takes nothing back, so the direct edge stands with its dispute beside it."""
    text = (
        "A senior Sudanese general accused the UAE of supplying weapons to the RSF.\n"
        "The UAE denied arming any group.\n"
    )
    document = Document(text=text, origin="test", published=PUBLISHED)
    extraction = extraction_of(extractor, document)
    (arming,) = [r for r in extraction.relations if r.kind == "arms"]
    assert (arming.polarity, arming.statement and arming.statement.kind) == ("asserted", "accusation")
    (denial,) = [s for s in extraction.statements if s.kind == "denial"]
    assert denial.disputes == [arming]
    _, triples = document_triples(document, extraction, Minter())
    assert sum(t.predicate == Al.disputes.node for t in triples) == 1
    assert any(t.predicate == Al.arms.node for t in triples)
