"""Settings shared by every command and the server, read once from the environment.

Kept in one small dataclass so a deployment changes behaviour through documented environment variables
(or the matching CLI options), never by editing code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

SCHEMES = ("sparql+http://", "sparql+https://")
"""A store location starting with one of these is a SPARQL server (``RemoteStore``), anything else a directory."""

DEFAULT_BASE_IRI = "https://w3id.org/allegiance/"
"""Where minted IRIs live unless ``ALLEGIANCE_BASE_IRI`` says otherwise. Shipped data is written against it."""


def store_location(value: str | Path) -> Path | str:
    """A ``--store`` value as a directory, or unchanged when it is a server URL (``Path`` would eat its ``//``)."""
    text = str(value)
    return text if text.startswith(SCHEMES) else Path(text)


def _data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def default_store_path() -> Path | str:
    """``$ALLEGIANCE_STORE``, else ``$XDG_DATA_HOME/allegiance/store`` (``~/.local/share/allegiance/store``)."""
    if env := os.environ.get("ALLEGIANCE_STORE"):
        return store_location(env)
    return _data_home() / "allegiance" / "store"


def default_quarantine_path() -> Path | None:
    """``$ALLEGIANCE_QUARANTINE`` when set; otherwise None, meaning ``quarantine`` next to the store."""
    env = os.environ.get("ALLEGIANCE_QUARANTINE")
    return Path(env) if env else None


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with the defaults a single researcher on a laptop wants."""

    store: Path | str = field(default_factory=default_store_path)
    """A directory (the embedded store) or a ``sparql+http(s)://`` URL (a SPARQL server, docs/scale-out.md)."""
    base_iri: str = field(default_factory=lambda: os.environ.get("ALLEGIANCE_BASE_IRI", DEFAULT_BASE_IRI))
    max_document_bytes: int = int(os.environ.get("ALLEGIANCE_MAX_DOCUMENT_BYTES", str(2_000_000)))
    query_timeout: float = float(os.environ.get("ALLEGIANCE_QUERY_TIMEOUT", "10"))
    quarantine: Path | None = field(default_factory=default_quarantine_path)

    def __post_init__(self) -> None:
        if not self.base_iri.endswith("/"):
            raise ValueError(f"ALLEGIANCE_BASE_IRI must end with '/', got {self.base_iri!r}")

    @property
    def quarantine_dir(self) -> Path:
        """Where ingest keeps documents that failed validation: beside the store unless configured, so that
        the store directory itself holds nothing but the database; for a server, in the user's data folder."""
        if self.quarantine:
            return self.quarantine
        if isinstance(self.store, str):
            return _data_home() / "allegiance" / "quarantine"
        return self.store.parent / "quarantine"
