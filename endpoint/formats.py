"""Result formats and content negotiation.

SPARQL clients disagree on how they ask: SPARQLWrapper sends a list of equivalent types without q-values
(``application/sparql-results+json,application/json,text/javascript,application/javascript``), YASGUI adds
``*/*;q=0.9``, browsers send ``text/html,...,application/xml;q=0.9,*/*;q=0.8``, rdflib's SPARQLStore asks for XML.
Negotiation therefore follows RFC 9110: the highest q-value wins, more specific ranges beat wildcards, and among
equals the client's order decides. Every alias a known client sends maps to a format we produce.

SELECT results are written here rather than by pyoxigraph's ``QuerySolutions.serialize`` because the endpoint
must stop between rows (timeouts, row limits) and must know the whole answer before choosing the status code.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from allegiance.namespaces import PREFIXES


@dataclass(frozen=True)
class Format:
    """One output format: its canonical media type, the aliases clients use for it, and its short names."""

    media_type: str
    aliases: tuple[str, ...]
    names: tuple[str, ...]

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if _is_text(self.media_type) else self.media_type


def _is_text(media_type: str) -> bool:
    return media_type.startswith("text/") or media_type.endswith(("+json", "+xml", "/json", "/xml"))


SPARQL_JSON = Format(
    "application/sparql-results+json",
    ("application/json", "text/javascript", "application/javascript"),
    ("json", "srj"),
)
SPARQL_XML = Format("application/sparql-results+xml", ("application/xml", "text/xml"), ("xml", "srx"))
SPARQL_CSV = Format("text/csv", (), ("csv",))
SPARQL_TSV = Format("text/tab-separated-values", (), ("tsv",))
SOLUTION_FORMATS = (SPARQL_JSON, SPARQL_XML, SPARQL_CSV, SPARQL_TSV)
BOOLEAN_FORMATS = (SPARQL_JSON, SPARQL_XML)

RDF_FORMATS: dict[Format, ox.RdfFormat] = {
    Format(
        "text/turtle", ("application/x-turtle", "application/turtle"), ("turtle", "ttl")
    ): ox.RdfFormat.TURTLE,
    Format("application/n-triples", ("text/plain",), ("nt", "ntriples", "n-triples")): ox.RdfFormat.N_TRIPLES,
    Format("application/ld+json", ("application/x-json+ld",), ("jsonld", "json-ld")): ox.RdfFormat.JSON_LD,
    Format(
        "application/rdf+xml", ("application/xml", "text/xml"), ("rdfxml", "rdf", "xml")
    ): ox.RdfFormat.RDF_XML,
    Format("application/trig", ("application/x-trig",), ("trig",)): ox.RdfFormat.TRIG,
    Format("application/n-quads", ("text/x-nquads",), ("nq", "nquads", "n-quads")): ox.RdfFormat.N_QUADS,
}
GRAPH_FORMATS = tuple(RDF_FORMATS)


class NotAcceptable(ValueError):
    """No format we can produce matches the client's Accept header."""


def _ranges(accept: str) -> list[tuple[float, int, int, str]]:
    """Parse an Accept header into (q, specificity, position, range), dropping q=0 and junk."""
    parsed = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        if "/" not in media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        media = media.lower()
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        parsed.append((q, specificity, position, media))
    return parsed


def _matches(media_range: str, fmt: Format) -> bool:
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):  # a wildcard stands for canonical types only, not legacy aliases
        return fmt.media_type.startswith(media_range[:-1])
    return media_range in (fmt.media_type, *fmt.aliases)


def negotiate(accept: str | None, offered: Sequence[Format], named: str | None = None) -> Format:
    """Pick the format for a response; ``named`` (a ``format=`` parameter or file extension) overrides Accept.

    The first offered format is the default for a missing or all-wildcard header. A name we do not know is
    ignored rather than refused: SPARQLWrapper sends its own names (``results=json``) alongside a good Accept.
    """
    for fmt in offered:
        if named and (named.lower() in fmt.names or named.lower() == fmt.media_type):
            return fmt
    if not accept or not accept.strip():
        return offered[0]
    best: tuple[tuple[float, int, int, int], Format] | None = None
    for q, specificity, position, media in _ranges(accept):
        for rank, fmt in enumerate(offered):
            if _matches(media, fmt):
                key = (q, specificity, -position, -rank)
                if best is None or key > best[0]:
                    best = (key, fmt)
    if best is None:
        raise NotAcceptable(f"cannot answer with {accept!r}; this result can be {_names(offered)}")
    return best[1]


def _names(offered: Sequence[Format]) -> str:
    return ", ".join(fmt.media_type for fmt in offered)


# --- SELECT and ASK results ---------------------------------------------------------------------------------


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    entry: dict[str, object] = {"type": "literal", "value": term.value}
    if term.language:
        entry["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        entry["datatype"] = term.datatype.value
    return entry


def _xml_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        parts = (("subject", term.subject), ("predicate", term.predicate), ("object", term.object))
        return "<triple>" + "".join(f"<{n}>{_xml_term(t)}</{n}>" for n, t in parts) + "</triple>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _csv_value(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def write_solutions(variables: list[str], rows: Iterable[Sequence[object]], fmt: Format) -> bytes:
    """Serialise SELECT solutions (rows of terms or None, in ``variables`` order) in a SPARQL results format."""
    if fmt is SPARQL_JSON:
        bindings = [
            {name: _json_term(term) for name, term in zip(variables, row, strict=True) if term is not None}  # type: ignore[arg-type]
            for row in rows
        ]
        document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(document, ensure_ascii=False).encode()
    if fmt is SPARQL_XML:
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        out += [f"<variable name={quoteattr(name)}/>" for name in variables]
        out.append("</head><results>")
        for row in rows:
            out.append("<result>")
            out += [
                f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"  # type: ignore[arg-type]
                for name, term in zip(variables, row, strict=True)
                if term is not None
            ]
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode()
    if fmt is SPARQL_CSV:
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_value(term) for term in row] for row in rows)
        return text.getvalue().encode()
    lines = ["\t".join(f"?{name}" for name in variables)]
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def write_boolean(value: bool, fmt: Format) -> bytes:
    if fmt is SPARQL_XML:
        word = "true" if value else "false"
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{word}</boolean></sparql>\n"
        ).encode()
    return json.dumps({"head": {}, "boolean": value}).encode()


def prefixes_for(rdf_format: ox.RdfFormat) -> dict[str, str] | None:
    """Our prefixes for the formats that abbreviate with them (the line formats have no prefixes)."""
    return PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML) else None


def write_triples(triples: Iterable[ox.Triple], fmt: Format) -> bytes:
    """Serialise CONSTRUCT or DESCRIBE triples (in the default graph, for the quad formats) with our prefixes."""
    rdf_format = RDF_FORMATS[fmt]
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes_for(rdf_format)) or b""
