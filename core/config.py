"""Settings shared by every command and the server, read once from the environment.

Kept in one small dataclass so a deployment changes behaviour through documented environment variables
(or the matching CLI options), never by editing code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_BASE_IRI = "https://w3id.org/allegiance/"
"""Where minted IRIs live unless ``ALLEGIANCE_BASE_IRI`` says otherwise. Shipped data is written against it."""


def default_store_path() -> Path:
    """``$ALLEGIANCE_STORE``, else ``$XDG_DATA_HOME/allegiance/store`` (``~/.local/share/allegiance/store``)."""
    if env := os.environ.get("ALLEGIANCE_STORE"):
        return Path(env)
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "allegiance" / "store"


def default_quarantine_path() -> Path | None:
    """``$ALLEGIANCE_QUARANTINE`` when set; otherwise None, meaning ``quarantine`` next to the store."""
    env = os.environ.get("ALLEGIANCE_QUARANTINE")
    return Path(env) if env else None


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with the defaults a single researcher on a laptop wants."""

    store: Path = field(default_factory=default_store_path)
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
        the store directory itself holds nothing but the database."""
        return self.quarantine or self.store.parent / "quarantine"
