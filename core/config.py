"""Settings shared by every command and the server, and the one table of the environment variables that set them.

A deployment changes behaviour through documented environment variables (or the matching CLI options), never
by editing code. Every variable is in ``VARIABLES`` with its default and what it sets (Datasette's settings are
the model), and is read when a ``Settings`` or the endpoint's ``Limits`` is made, never at import: a test or a
script that sets one before building its settings gets what it set.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

SCHEMES = ("sparql+http://", "sparql+https://")
"""A store location starting with one of these is a SPARQL server (``RemoteStore``), anything else a directory."""

DEFAULT_BASE_IRI = "https://w3id.org/allegiance/"
"""Where minted IRIs live unless ``ALLEGIANCE_BASE_IRI`` says otherwise. Shipped data is written against it."""

DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
"""The licence the dataset description and dumps state for the graph unless ``ALLEGIANCE_LICENCE`` says
otherwise: the extracted facts are the deployer's, who may choose another (docs/publishing.md)."""

DEFAULT_FETCH_TIMEOUT = 30.0
"""Seconds ``allegiance ingest URL`` waits for a whole page unless ``ALLEGIANCE_FETCH_TIMEOUT`` says otherwise."""

YES = ("1", "yes", "true", "on")
NO = ("0", "no", "false", "off")


def flag(name: str) -> bool:
    """A yes/no variable; anything else is an error rather than a silent default."""
    value = setting(name).strip().lower()
    if value not in YES + NO:
        raise ValueError(f"{name} must be one of {', '.join(YES + NO)}, got {value!r}")
    return value in YES


@dataclass(frozen=True)
class Variable:
    """An environment variable allegiance reads: its name, its default (empty: none, or computed) and its help."""

    name: str
    default: str
    help: str


VARIABLES: dict[str, Variable] = {
    variable.name: variable
    for variable in (
        Variable(
            "ALLEGIANCE_STORE",
            "",
            "the store: a directory, or a sparql+http(s):// URL of a SPARQL server "
            "(default: $XDG_DATA_HOME/allegiance/store)",
        ),
        Variable("ALLEGIANCE_BASE_IRI", DEFAULT_BASE_IRI, "where minted IRIs live; must end with '/'"),
        Variable(
            "ALLEGIANCE_QUARANTINE", "", "where documents that fail validation go (default: beside the store)"
        ),
        Variable("ALLEGIANCE_MAX_DOCUMENT_BYTES", "2000000", "the largest document ingest reads"),
        Variable("ALLEGIANCE_QUERY_TIMEOUT", "10", "seconds a query may run"),
        Variable("ALLEGIANCE_MAX_ROWS", "100000", "rows a query may return on the endpoint"),
        Variable(
            "ALLEGIANCE_MAX_REQUEST_BYTES",
            str(10 * 1024 * 1024),
            "the largest request body the endpoint reads",
        ),
        Variable(
            "ALLEGIANCE_MAX_RESULT_BYTES", str(64 * 1024 * 1024), "the largest result the endpoint sends"
        ),
        Variable("ALLEGIANCE_MAX_CONCURRENT_QUERIES", "4", "queries the endpoint runs at once"),
        Variable("ALLEGIANCE_MAX_QUERIES_PER_CLIENT", "2", "queries one client may have running at once"),
        Variable(
            "ALLEGIANCE_WORKER_MEMORY", str(4 * 1024**3), "address space of a query worker process, bytes"
        ),
        Variable(
            "ALLEGIANCE_UPDATE_TOKEN",
            "",
            "the bearer token that enables updates on the endpoint (none: read-only)",
        ),
        Variable("ALLEGIANCE_STORE_USER", "", "user name for a SPARQL server store"),
        Variable("ALLEGIANCE_STORE_PASSWORD", "", "password for a SPARQL server store"),
        Variable(
            "ALLEGIANCE_LICENCE", DEFAULT_LICENCE, "the IRI of the licence the graph is published under"
        ),
        Variable(
            "ALLEGIANCE_PUBLISH_TEXTS",
            "yes",
            "whether the server gives out the articles' full texts (yes or no; docs/publishing.md)",
        ),
        Variable(
            "ALLEGIANCE_FETCH_TIMEOUT",
            str(DEFAULT_FETCH_TIMEOUT),
            "seconds `allegiance ingest URL` waits for a whole page",
        ),
        Variable(
            "ALLEGIANCE_CURATORS",
            "",
            "the file of curator accounts `allegiance serve` accepts corrections from (none: no corrections)",
        ),
        Variable(
            "ALLEGIANCE_STORE_TOKEN", "", "bearer token for a SPARQL server store (an allegiance serve)"
        ),
    )
}
"""Every environment variable allegiance reads; docs/endpoint.md and the README say more about each."""


def setting(name: str) -> str:
    """The variable's value now, or its default when it is unset or empty."""
    return os.environ.get(name) or VARIABLES[name].default


def number(name: str) -> float:
    """A numeric variable, with an error that names it when it is not a number."""
    value = setting(name)
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {value!r}") from None


def store_location(value: str | Path) -> Path | str:
    """A ``--store`` value as a directory, or unchanged when it is a server URL (``Path`` would eat its ``//``).

    A bare http(s) URL is refused: as a path it would become a directory named ``http:``, and guessing that it
    means a SPARQL server would send every write to whatever answers there."""
    text = str(value)
    if text.lower().startswith(("http://", "https://")):
        raise ValueError(
            f"the store {text!r} is a web address: a SPARQL server is named sparql+{text} "
            "(docs/scale-out.md), a store on disk by its directory"
        )
    return text if text.startswith(SCHEMES) else Path(text)


def _data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def default_store_path() -> Path | str:
    """``$ALLEGIANCE_STORE``, else ``$XDG_DATA_HOME/allegiance/store`` (``~/.local/share/allegiance/store``)."""
    if env := setting("ALLEGIANCE_STORE"):
        return store_location(env)
    return _data_home() / "allegiance" / "store"


def default_quarantine_path() -> Path | None:
    """``$ALLEGIANCE_QUARANTINE`` when set; otherwise None, meaning ``quarantine`` next to the store."""
    env = setting("ALLEGIANCE_QUARANTINE")
    return Path(env) if env else None


def is_iri(text: str) -> bool:
    """Whether ``text`` is an IRI at all (a path may decode to what none holds: ``/id/a%20b``, ``/id/%00``)."""
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with the defaults a single researcher on a laptop wants."""

    store: Path | str = field(default_factory=default_store_path)
    """A directory (the embedded store) or a ``sparql+http(s)://`` URL (a SPARQL server, docs/scale-out.md)."""
    base_iri: str = field(default_factory=lambda: setting("ALLEGIANCE_BASE_IRI"))
    max_document_bytes: int = field(default_factory=lambda: int(number("ALLEGIANCE_MAX_DOCUMENT_BYTES")))
    query_timeout: float = field(default_factory=lambda: number("ALLEGIANCE_QUERY_TIMEOUT"))
    fetch_timeout: float = field(default_factory=lambda: number("ALLEGIANCE_FETCH_TIMEOUT"))
    quarantine: Path | None = field(default_factory=default_quarantine_path)
    licence: str = field(default_factory=lambda: setting("ALLEGIANCE_LICENCE"))
    """The IRI of the licence under which the server publishes the graph (VoID, DCAT, dumps)."""
    publish_texts: bool = field(default_factory=lambda: flag("ALLEGIANCE_PUBLISH_TEXTS"))
    """Whether the server gives out the full texts of the articles (``nif:isString``): pages, twins, dumps, the
    Graph Store and /sparql. A deployer who may not republish the articles turns it off (docs/publishing.md)."""

    def __post_init__(self) -> None:
        if not self.base_iri.endswith("/"):
            raise ValueError(f"ALLEGIANCE_BASE_IRI must end with '/', got {self.base_iri!r}")
        if not self.licence.startswith(("http://", "https://")) or not is_iri(self.licence):
            raise ValueError(f"the licence must be the http(s) IRI of its text, got {self.licence!r}")

    @property
    def quarantine_dir(self) -> Path:
        """Where ingest keeps documents that failed validation: beside the store unless configured, so that
        the store directory itself holds nothing but the database; for a server, in the user's data folder."""
        if self.quarantine:
            return self.quarantine
        if isinstance(self.store, str):
            return _data_home() / "allegiance" / "quarantine"
        return self.store.parent / "quarantine"
