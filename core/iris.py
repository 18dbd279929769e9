"""Minting IRIs: one rule per kind of node, so the same thing always gets the same name.

Stable names are what make re-ingesting idempotent and let two documents that mention "Liwa al-Quds" meet on
one entity. Every minted IRI lives under the configured base IRI. Each is a :class:`~allegiance.namespaces.Term`,
like the vocabulary's: its text, which is what the store gives back and what the pages index by, with its
pyoxigraph node for writing triples (docs/architecture.md, "One term model inside").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from allegiance.config import DEFAULT_BASE_IRI
from allegiance.namespaces import Term

ONTOLOGY_GRAPH = "ontology"
REFERENCE_GRAPH = "reference-actors"
CURATION_GRAPH = "curation"
INFERRED_GRAPH = "inferred"
"""The fixed named graphs, by the name :meth:`Minter.graph` puts under ``<base>graph/``."""
MINTED = (f"{DEFAULT_BASE_IRI}id/", f"{DEFAULT_BASE_IRI}graph/")
"""Where the minter puts what it names, under the default base: what :meth:`Minter.rebase` rewrites."""


def slug(name: str) -> str:
    """A readable, ASCII, lower-case path segment: "Liwa al-Quds" -> "liwa-al-quds", "O’Brien" -> "obrien"."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    folded = re.sub(r"['’`]", "", folded.lower())
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "unnamed"


def digest(*parts: str, length: int = 16) -> str:
    """A short hex digest of the parts, for nodes whose identity is their content."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:length]


class Minter:
    """Mints every IRI a deployment writes, under one base IRI."""

    def __init__(self, base_iri: str = DEFAULT_BASE_IRI) -> None:
        self.base = base_iri

    def actor(self, name: str) -> Term:
        return Term(f"{self.base}id/actor/{slug(name)}")

    def post(self, person: str, role: str, organization: str) -> Term:
        """A post is named by who holds it, in which role, where: the same post found twice is one node."""
        return Term(f"{self.base}id/post/{slug(person)}-{role.lower()}-{slug(organization)}")

    def document(self, key: str) -> Term:
        """A document is named by its source URL (or by its text when it has none); the IRI names its graph too."""
        return Term(f"{self.base}id/document/{digest(key)}")

    def node(self, kind: str, document: str, *parts: str) -> Term:
        """A node extracted from a document (statement, relation, span, section, activity)."""
        return Term(f"{document}/{kind}/{digest(*parts, length=12)}")

    def correction(self, *parts: str) -> Term:
        """A curator's correction: named by what it did, to what, by whom and when, so no two share a name."""
        return Term(f"{self.base}id/correction/{digest(*parts)}")

    def curator(self, name: str) -> Term:
        return Term(f"{self.base}id/curator/{slug(name)}")

    @staticmethod
    def span(document: str, begin: int, end: int) -> Term:
        """A character range, named the NIF way (RFC 5147 fragment): ``<doc>#char=10,25``."""
        return Term(f"{document}#char={begin},{end}")

    def graph(self, name: str) -> Term:
        """One of the fixed named graphs (``ONTOLOGY_GRAPH``, …)."""
        return Term(f"{self.base}graph/{name}")

    def rebase(self, iri: str) -> str:
        """Shipped data is written against the default base; a deployment with its own base rewrites what was
        minted (``id/``, ``graph/``), not the ontology and kinds that share the default base's host."""
        if self.base != DEFAULT_BASE_IRI and iri.startswith(MINTED):
            return self.base + iri[len(DEFAULT_BASE_IRI) :]
        return iri
