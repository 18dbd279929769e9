"""Where a node's IRI is served: the configured base IRI maps onto this server's root.

A deployment mints IRIs under ``Settings.base_iri`` (``https://w3id.org/allegiance/`` by default, which w3id
redirects to the deployment). This server answers for the part after the base: ``<base>id/actor/russia`` is
``/id/actor/russia`` here, under whatever prefix the server is mounted at (``request.script_root``). Only the
``id/`` tree is served as linked data; the ontology and concept IRIs (``ontology#``, ``kind/``) are documented
by the ontology files, not by pages.
"""

from __future__ import annotations

from flask import request

from allegiance.endpoint.service import service

SERVED = "id/"
"""The part of the base IRI's space that has pages: every minted node lives under it."""

EXTENSIONS = ("html", "ttl", "jsonld", "nt")
"""The documents that describe a node, one per format: ``/id/actor/russia.ttl`` and so on."""


def iri_for(path: str) -> str:
    """The IRI a local path names: ``id/actor/russia`` -> ``<base>id/actor/russia``."""
    return service().settings.base_iri + path


def local(iri: str, extension: str = "html") -> str | None:
    """This server's URL for the document describing ``iri`` in a format, or None when it is not served here.

    A fragment stays a fragment of the document: the span ``<doc>#char=10,25`` is ``/id/document/x.html#char=10,25``,
    which the document page resolves to the highlighted span.
    """
    base = service().settings.base_iri
    if not iri.startswith(base + SERVED):
        return None
    path, hash_, fragment = iri[len(base) :].partition("#")
    return f"{request.script_root}/{path}.{extension}" + (f"#{fragment}" if hash_ else "")


def href(iri: str) -> str | None:
    """Where a link to ``iri`` goes: its page here, else the IRI itself when a browser can open it."""
    found = local(iri)
    if found is not None:
        return found
    return iri if iri.startswith(("http://", "https://")) else None
