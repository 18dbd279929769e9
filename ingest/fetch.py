"""Fetching the page a URL names, for ``allegiance ingest https://...``.

One GET with requests, bounded three ways so that a slow, huge or endless answer costs one failed input and
never the run: the body may be no larger than a file may be (``limit``, read in chunks and abandoned past it),
each connect and read waits at most ``timeout`` seconds, and the whole download must finish within it too (a
server that trickles a byte a second never trips a read timeout). Every failure, offline included, is an
``InputError`` that says what happened. What the body is comes from its Content-Type, else the URL's file
extension, else the readers sniff it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlparse

import requests

from allegiance import __version__
from allegiance.ingest.document import InputError

SCHEMES = ("http://", "https://")
KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "text",
    "application/pdf": "pdf",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
}
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Fetched:
    url: str
    """Where the body came from, after redirects: the document's source unless the page names its own."""
    data: bytes
    kind: str
    """html, text, pdf, jsonl, or auto when neither the Content-Type nor the URL says."""


def is_url(argument: str) -> bool:
    return argument.lower().startswith(SCHEMES)


def fetch(url: str, *, limit: int, timeout: float, extensions: dict[str, str]) -> Fetched | InputError:
    """The body at ``url`` (at most ``limit`` bytes, within ``timeout`` seconds), or why there is none."""
    deadline = time.monotonic() + timeout
    try:
        with requests.get(
            url,
            stream=True,
            timeout=timeout,
            headers={"User-Agent": f"allegiance/{__version__} (ingest)"},
        ) as response:
            if response.status_code >= 400:
                return InputError(url, f"the server answered {response.status_code} {response.reason}")
            body = bytearray()
            # read1: what has arrived, at most a chunk (decompressed), so the deadline is checked between reads
            for chunk in iter(lambda: response.raw.read1(CHUNK, decode_content=True), b""):
                body += chunk
                if len(body) > limit:
                    return InputError(
                        url,
                        f"the answer is larger than {limit:,} bytes, the most a document may be "
                        "(ALLEGIANCE_MAX_DOCUMENT_BYTES, times 10 for markup)",
                    )
                if time.monotonic() > deadline:
                    return InputError(
                        url, f"the download took longer than {timeout:g} s (ALLEGIANCE_FETCH_TIMEOUT)"
                    )
            media = response.headers.get("Content-Type", "").partition(";")[0].strip().lower()
            suffix = PurePosixPath(urlparse(response.url).path).suffix.lower()
            return Fetched(response.url, bytes(body), KINDS.get(media) or extensions.get(suffix, "auto"))
    except requests.Timeout:
        return InputError(url, f"no answer within {timeout:g} s (ALLEGIANCE_FETCH_TIMEOUT)")
    except requests.ConnectionError as error:
        return InputError(
            url, f"cannot reach {urlparse(url).netloc} (offline, or a wrong address?): {_reason(error)}"
        )
    except requests.RequestException as error:
        return InputError(url, f"cannot be fetched: {_reason(error)}")


def _reason(error: Exception) -> str:
    """The innermost cause requests wraps, which is the one that names the problem."""
    while error.__context__ is not None and isinstance(error.__context__, Exception):
        error = error.__context__
    return str(error) or type(error).__name__
