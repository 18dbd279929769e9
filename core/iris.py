"""Minting IRIs: one rule per kind of node, so the same thing always gets the same name.

Stable names are what make re-ingesting idempotent and let two documents that mention "Liwa al-Quds" meet on
one entity. Every minted IRI lives under the configured base IRI.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from allegiance.config import DEFAULT_BASE_IRI

ONTOLOGY_GRAPH = "ontology"
REFERENCE_GRAPH = "reference-actors"
CURATION_GRAPH = "curation"
INFERRED_GRAPH = "inferred"
"""The fixed named graphs, by the name :meth:`Minter.graph` puts under ``<base>graph/``."""


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

    def actor(self, name: str) -> URIRef:
        return URIRef(f"{self.base}id/actor/{slug(name)}")

    def post(self, person: str, role: str, organization: str) -> URIRef:
        """A post is named by who holds it, in which role, where: the same post found twice is one node."""
        return URIRef(f"{self.base}id/post/{slug(person)}-{role.lower()}-{slug(organization)}")

    def document(self, key: str) -> URIRef:
        """A document is named by its source URL (or by its text when it has none); the IRI names its graph too."""
        return URIRef(f"{self.base}id/document/{digest(key)}")

    def node(self, kind: str, document: URIRef, *parts: str) -> URIRef:
        """A node extracted from a document (statement, relation, span, section, activity)."""
        return URIRef(f"{document}/{kind}/{digest(*parts, length=12)}")

    def correction(self, *parts: str) -> URIRef:
        """A curator's correction: named by what it did, to what, by whom and when, so no two share a name."""
        return URIRef(f"{self.base}id/correction/{digest(*parts)}")

    def curator(self, name: str) -> URIRef:
        return URIRef(f"{self.base}id/curator/{slug(name)}")

    @staticmethod
    def span(document: URIRef, begin: int, end: int) -> URIRef:
        """A character range, named the NIF way (RFC 5147 fragment): ``<doc>#char=10,25``."""
        return URIRef(f"{document}#char={begin},{end}")

    def graph(self, name: str) -> URIRef:
        """One of the fixed named graphs (``ONTOLOGY_GRAPH``, …)."""
        return URIRef(f"{self.base}graph/{name}")

    def rebase(self, iri: str) -> str:
        """Shipped data is written against the default base; a deployment with its own base rewrites it."""
        if self.base != DEFAULT_BASE_IRI and iri.startswith(DEFAULT_BASE_IRI):
            return self.base + iri[len(DEFAULT_BASE_IRI) :]
        return iri
