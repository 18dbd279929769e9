"""The third-party scripts and styles some pages need (YASGUI, Swagger UI, Cytoscape.js), served from this server.

They are not in the repository: ``make assets`` installs them from npm (pinned by package-lock.json) and copies
the built files into ``static/vendor/``, before the Python install, whose link tree must see them. A page that
needs a file the build did not produce answers with an error that says so, rather than a page that silently does
nothing; every other page, the SPARQL service and the API work without them.
"""

from __future__ import annotations

from pathlib import Path

from allegiance.endpoint.service import HttpError

VENDOR = Path(__file__).parent / "static" / "vendor"


def require(*files: str) -> None:
    """Refuse the page (a 500 naming the fix) when one of its vendored files is missing."""
    missing = [name for name in files if not (VENDOR / name).is_file()]
    if missing:
        raise HttpError(
            500,
            f"this page needs {', '.join(missing)}, which this installation lacks: build them with "
            "`make assets` (npm ci, then a copy into endpoint/static/vendor) and install again (`make setup`)",
        )


YASGUI_STYLE = "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='"
"""The stylesheet YASGUI's results table writes into the page (its column resizer's fixed rules), allowed by hash:
the page may hold that exact text and no other inline style. Another YASGUI version may write another text; the
browser test then fails on the CSP report, which names the new hash."""

CYTOSCAPE_STYLE = "'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='"
"""The one rule Cytoscape.js writes into the page (its container is positioned), allowed by hash, as above."""
