"""Reports in PDF: UN panel-of-experts reports, NGO and government reports are key sources on who arms whom.

The text of each page is read with pypdf (pure Python: no system library to install, nothing to compile, BSD
licence; README says why not the others) and the pages are joined with ``PAGE_BREAK``, a form feed on a line of
its own. That joined text is the document's text: the graph stores it (``nif:isString``), and every evidence span
counts its offsets into it, so provenance points into what the graph holds, like for any other input. The page
of a span is one more than the number of form feeds before its start; a form feed is a control character the
readers keep, and the structure reader sees the line it stands on as an empty paragraph.

Line breaks are left as pypdf gives them: the structure reader joins hard-wrapped lines into paragraphs.
A PDF without a text layer (a scan) has no text to read: it is refused with a hint to run OCR first.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

MAGIC = b"%PDF-"
"""How every PDF file starts: what ``--format auto`` recognises one by, whatever its name."""

PAGE_BREAK = "\n\f\n"


class PdfProblem(ValueError):
    """A PDF that cannot be read as text, with the reason."""


@dataclass(frozen=True)
class PdfText:
    text: str
    title: str | None


def pdf_text(data: bytes) -> PdfText:
    """The text of every page (pages joined by ``PAGE_BREAK``) and the title the file declares, if any."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfProblem("the PDF is encrypted with a password; decrypt it first (e.g. qpdf --decrypt)")
        pages = [(page.extract_text() or "").strip("\n") for page in reader.pages]
        title = reader.metadata.title if reader.metadata is not None else None
    except PyPdfError as error:
        raise PdfProblem(f"not a readable PDF ({error})") from None
    if not any(page.strip() for page in pages):
        raise PdfProblem(
            f"the PDF's {len(pages)} page(s) hold no text layer (a scan?); run OCR first, e.g. ocrmypdf"
        )
    return PdfText(PAGE_BREAK.join(pages), title.strip() if title and title.strip() else None)
