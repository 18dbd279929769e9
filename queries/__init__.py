"""Named queries: the ``*.rq`` files in this package, each a stable contract used by the CLI, the API and users.

Each file starts with a comment block that says what it is and which parameters it takes::

    # title: Who backs whom
    # description: One row per backer, backed actor and source.
    # param: actor iri optional  Only rows where this actor is the backer or the backed.

A parameter is a column of the query's results (a projected variable such as ``?backer``); a value keeps the
rows whose column holds it. pyoxigraph applies it like a VALUES block joined to the whole query, so a query
must not rely on the value inside its own patterns (a BIND from it would see it unbound). The value is converted to an RDF term and handed to the store as a substitution
(SPARQL SEP-0007), never pasted into the query text, so no value can change what the query does.

Every query ends with an ORDER BY that orders its rows completely, so that a page of them (``--limit`` and
``--offset`` in the CLI, ``_limit`` and ``_offset`` in the API) is the same page each time the store holds the
same data. Parameter names cannot start with ``_``: those names are the API's own.

Every query reads the curated graph (docs/curation.md): each relation or statement node it reads is followed by
``FILTER NOT EXISTS { ?node al:rejectedBy [] }``, always spelled so, and :attr:`NamedQuery.with_rejected` is
the same text without those filters, for those who ask to see what curators rejected too.

Every actor position is spelled as a predicate and a variable (``al:sourceActor ?backer``), so that
:meth:`NamedQuery.text` can roll every actor up to its whole (``--rollup`` in the CLI, ``_rollup=1`` in the API):
who backs whom between states, what was said about a state or any of its parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

import pyoxigraph as ox

from allegiance.namespaces import Xsd
from allegiance.wholes import WHOLES_GRAPH

PARAM_TYPES = ("iri", "string", "date", "integer")
REJECTED = re.compile(r"\s*FILTER NOT EXISTS \{ \?\w+ al:rejectedBy \[\] \}")
"""The one spelling by which a query leaves rejected facts out."""


class QueryError(ValueError):
    """An unknown query name or a parameter value that does not fit its declaration."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    required: bool
    description: str

    def bind(self, raw: str) -> ox.NamedNode | ox.Literal:
        """Turn a user's string into the RDF term the query expects, refusing what does not fit."""
        try:
            if self.type == "iri":
                if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$", raw):
                    raise ValueError("not an absolute IRI")
                return ox.NamedNode(raw)
            if self.type == "date":
                return ox.Literal(date.fromisoformat(raw).isoformat(), datatype=Xsd.date.node)
            if self.type == "integer":
                return ox.Literal(str(int(raw)), datatype=Xsd.integer.node)
            return ox.Literal(raw)
        except ValueError as error:
            raise QueryError(f"parameter {self.name!r} expects {self.type}, got {raw!r}: {error}") from error


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    sparql: str

    def bindings(self, given: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
        """Check and convert the given parameter values; unknown names and missing required ones are errors."""
        known = {p.name: p for p in self.parameters}
        if unknown := sorted(set(given) - set(known)):
            raise QueryError(
                f"query {self.name!r} has no parameter {', '.join(unknown)}; it takes {sorted(known)}"
            )
        if missing := [p.name for p in self.parameters if p.required and p.name not in given]:
            raise QueryError(f"query {self.name!r} needs parameter {', '.join(missing)}")
        return {name: known[name].bind(value) for name, value in given.items() if value != ""}

    @property
    def with_rejected(self) -> str:
        """The query text that keeps the facts curators rejected."""
        return REJECTED.sub("", self.sparql)

    @property
    def rolls_up(self) -> bool:
        """Whether the query has actors to roll up to their wholes."""
        return bool(ACTOR_STEP.search(self.sparql))

    def text(self, *, rejected: bool = False, rollup: bool = False) -> str:
        """The query text as asked for: keeping what curators rejected, and with every actor rolled up to the
        whole it belongs to (a state for its government, ministries, armed forces and office holders)."""
        text = self.with_rejected if rejected else self.sparql
        return rolled_up(text) if rollup else text


def rolled_up(text: str) -> str:
    """The query with each actor position read as the actor's whole: ``?r al:sourceActor ?backer`` becomes
    ``?r al:sourceActor ?backer_part1`` joined, in the same group, with the kept whole of that part
    (``allegiance.wholes``), so that ``?backer`` is the whole everywhere else in the query."""
    edits: list[tuple[int, int, str]] = []  # (start, end, new text) in the original text's offsets
    for number, match in enumerate(ACTOR_STEP.finditer(text), start=1):
        predicate, space, variable = match.groups()
        part = f"{variable}_part{number}"
        edits.append((match.start(), match.end(), f"al:{predicate}{space}?{part}"))
        at, closing = _statement_end(text, match.end())
        join = f"GRAPH <{WHOLES_GRAPH}> {{ ?{part} al:rollsUpTo ?{variable} }}"
        edits.append((at, at, f" . {join} " if closing else f" {join} ."))
    for _, (start, end, new) in sorted(enumerate(edits), key=lambda e: (e[1][0], e[0]), reverse=True):
        text = text[:start] + new + text[end:]  # from the end, so that earlier offsets still hold
    return text


_IRI = re.compile(r"<[^\s<>]*>")


def _statement_end(text: str, start: int) -> tuple[int, bool]:
    """Where the triples statement around ``start`` ends: just after its '.' (False) or just before the '}' that
    closes its group (True). Strings, IRIs, comments and nested brackets are skipped."""
    depth, at = 0, start
    while at < len(text):
        char = text[at]
        if char == "#":
            newline = text.find("\n", at)
            at = len(text) if newline < 0 else newline
            continue
        if char in "\"'":
            at = text.index(char, at + 1) + 1
            continue
        if char == "<" and (iri := _IRI.match(text, at)):
            at = iri.end()
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                return at, True
            depth -= 1
        elif char == "." and depth == 0 and (at + 1 == len(text) or text[at + 1].isspace()):
            return at + 1, False
        at += 1
    return at, True


ACTOR_STEP = re.compile(r"\bal:(sourceActor|targetActor|speaker|about|accuses|addressee)(\s+)\?(\w+)")
"""An actor position in a query's patterns, spelled as a predicate and a variable (``al:sourceActor ?backer``):
the rolled-up text joins it with the whole the store keeps for it (``allegiance.wholes``)."""

_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*)$")


def parse(name: str, text: str) -> NamedQuery:
    """Read a query file's comment block; a file without a title is a mistake we want to hear about."""
    fields: dict[str, list[str]] = {"title": [], "description": [], "param": []}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _HEADER.match(line):
            fields[match.group(1)].append(match.group(2).strip())
        elif fields["description"] and line.strip("# "):
            fields["description"].append(line.lstrip("# ").strip())
    if not fields["title"]:
        raise QueryError(f"named query {name!r} has no '# title:' line")
    parameters = []
    for spec in fields["param"]:
        match = re.match(r"^(\w+)\s+(\w+)\s+(required|optional)\s*(.*)$", spec)
        if not match or match.group(2) not in PARAM_TYPES or match.group(1).startswith("_"):
            raise QueryError(f"named query {name!r}: cannot read parameter line {spec!r}")
        parameters.append(Parameter(match[1], match[2], match[3] == "required", match[4]))
    return NamedQuery(name, fields["title"][0], " ".join(fields["description"]), tuple(parameters), text)


@cache
def catalogue() -> dict[str, NamedQuery]:
    """Every named query shipped with the package, by name (the file name without ``.rq``)."""
    found = {}
    for entry in files(__package__).iterdir():
        if entry.name.endswith(".rq"):
            name = entry.name.removesuffix(".rq")
            found[name] = parse(name, entry.read_text(encoding="utf-8"))
    return dict(sorted(found.items()))


def get(name: str) -> NamedQuery:
    try:
        return catalogue()[name]
    except KeyError:
        raise QueryError(f"no named query {name!r}; known: {', '.join(catalogue())}") from None
