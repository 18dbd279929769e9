"""Sources beyond files of text: pages fetched by URL from a real local HTTP server (offline, too large, too slow,
missing), and PDF reports, whose page texts become the stored text that every evidence span points into."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from pdfs import build_pdf
from support import free_port

from allegiance.cli import main
from allegiance.ingest.document import Document, InputError
from allegiance.ingest.pdf import PAGE_BREAK
from allegiance.ingest.readers import Defaults, read_inputs
from allegiance.store import Store

PAGE_ONE = [
    "The Panel of Experts on Yemen reported on its work in 2016.",
    "It found that Iran backs the Houthis.",
]
PAGE_TWO = ["Russia arms the Syrian government, the panel said."]
REPORT = build_pdf([PAGE_ONE, PAGE_TWO], "Final report of the Panel of Experts")
ARTICLE = """<!doctype html><html><head><title>Iran backs the Houthis, panel says</title>
<meta property="og:site_name" content="Allegiance Test Wire"></head><body><article>
<h1>Iran backs the Houthis, panel says</h1>
<p>A panel of experts said on Monday that Iran backs the Houthis in Yemen, a finding Tehran rejected.</p>
<p>The panel said it had reviewed shipping records and interviewed officials in the region over several months.</p>
<p>Its report is due to be published in full later this month, diplomats told reporters in New York.</p>
</article></body></html>"""
LIMIT = 2_000_000


class Pages(BaseHTTPRequestHandler):
    """Our own pages: an article, a report, a body too large, one that trickles, and nothing else."""

    def do_GET(self) -> None:
        if self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(30):  # a byte every 0.2 s: no read ever waits long enough to time out
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)
            return
        bodies = {
            "/article": (ARTICLE.encode(), "text/html; charset=utf-8"),
            "/files/report": (REPORT, "application/pdf"),
            "/big": (b"word " * (LIMIT * 10 // 5 + 1), "text/plain"),
        }
        if self.path not in bodies:
            self.send_error(404)
            return
        body, media = bodies[self.path]
        self.send_response(200)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests check what the reader says."""


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def read(*inputs: str, fetch_timeout: float = 10) -> list[Document | InputError]:
    return list(read_inputs(inputs, Defaults(), max_bytes=LIMIT, fetch_timeout=fetch_timeout))


def test_a_url_is_fetched_and_read_as_its_content_type_says(site: str) -> None:
    [page, report] = read(f"{site}/article", f"{site}/files/report")
    assert isinstance(page, Document) and isinstance(report, Document)
    assert "Iran backs the Houthis in Yemen" in page.text and page.source == f"{site}/article"
    assert page.publisher == "Allegiance Test Wire"
    assert report.source == f"{site}/files/report" and report.title == "Final report of the Panel of Experts"
    assert report.text == "\n".join(PAGE_ONE) + PAGE_BREAK + "\n".join(PAGE_TWO)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/nothing-here", "the server answered 404"),
        ("/big", "larger than 20,000,000 bytes"),
        ("/slow", "took longer than 1 s"),
    ],
)
def test_a_url_that_cannot_be_read_is_one_clear_error(site: str, path: str, reason: str) -> None:
    started = time.monotonic()
    [error, good] = read(f"{site}{path}", f"{site}/article", fetch_timeout=1)
    assert isinstance(error, InputError) and reason in error.reason, error
    assert isinstance(good, Document), "the other inputs are still read"
    assert time.monotonic() - started < 10


def test_offline_is_a_clear_error() -> None:
    [error] = read(f"http://127.0.0.1:{free_port()}/article")
    assert isinstance(error, InputError)
    assert "cannot reach 127.0.0.1" in error.reason and "offline" in error.reason


def test_a_pdf_is_known_by_its_bytes_whatever_its_name(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(REPORT)
    (tmp_path / "report.bin").write_bytes(REPORT)
    (tmp_path / "scan.pdf").write_bytes(build_pdf([[], []], "A scan"))
    (tmp_path / "broken.pdf").write_bytes(REPORT[:200])
    named, sniffed, scan, broken = read(
        *(str(tmp_path / n) for n in ("report.pdf", "report.bin", "scan.pdf", "broken.pdf"))
    )
    assert isinstance(named, Document) and isinstance(sniffed, Document) and named.text == sniffed.text
    assert isinstance(scan, InputError) and "no text layer" in scan.reason and "OCR" in scan.reason
    assert isinstance(broken, InputError)


@pytest.mark.slow
def test_evidence_from_a_pdf_points_into_the_stored_text_page_by_page(tmp_path: Path) -> None:
    """Ingested through the CLI: each span's words are the stored text at its offsets, and the form feeds
    before a span say its page."""
    (tmp_path / "report.pdf").write_bytes(REPORT)
    store_path = tmp_path / "store"
    result = CliRunner().invoke(
        main,
        ["--store", str(store_path), "ingest", str(tmp_path / "report.pdf"), "--published", "2017-01-27",
         "--source", "https://example.org/reports/panel.pdf"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    store = Store(store_path)
    rows = store.query(
        "SELECT ?text ?begin ?end ?words WHERE { ?d a al:Document ; nif:isString ?text . "
        "?s nif:referenceContext ?d ; nif:beginIndex ?begin ; nif:endIndex ?end ; nif:anchorOf ?words }"
    )
    assert isinstance(rows, ox.QuerySolutions)
    pages = set()
    for row in rows:
        text, begin, end = row["text"].value, int(row["begin"].value), int(row["end"].value)
        assert text[begin:end] == row["words"].value
        pages.add(1 + text[:begin].count("\f"))
    store.close()
    assert pages == {1, 2}
