"""What a request may make the server do: never reach out to the network or the file system.

pyoxigraph evaluates ``SERVICE`` by calling the remote endpoint and ``LOAD`` by fetching the IRI, so a query
or update containing either would let any visitor make our server send requests (to the intranet, to cloud
metadata services) or read files. ``FROM``/``FROM NAMED`` and the protocol's dataset parameters only select
graphs, but naming something that is not a graph in the store is almost always a client expecting us to fetch
it, so it is refused with a message that says so instead of silently answering from an empty graph.

The check works on tokens (``allegiance.sparql``), not substrings: comments, string literals and IRIs are read as whole tokens, so a
query is refused for the SERVICE keyword but not for ``"SERVICE"`` in a string, ``?service`` or
``ex:SERVICE``. The lexer follows the SPARQL 1.1 terminals that can hide a keyword; anything it cannot read is
left to pyoxigraph's parser, which then rejects the query as a syntax error before any evaluation. The SPARQL
grammar allows ``\\uXXXX`` escapes anywhere in the text; pyoxigraph reads them only inside strings and IRIs, but
the keywords are looked for in the unescaped text too, so a future parser that follows the grammar to the letter
cannot be tricked either.

What the check finds depends on the text and the base IRI only, so it is kept for the last few hundred texts
seen: clients send the same queries again and again, and lexing a query in Python costs more than answering a
point query (about 100 µs for a one-line query, a millisecond or two for a named query's 2 KB). Whether the
graphs it names exist is asked of the store on every request, since graphs come and go.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

from allegiance.namespaces import PREFIXES
from allegiance.sparql import Token, tokens


class UnsafeRequest(ValueError):
    """A query or update that would reach outside the store; the message tells the user what to change."""


@dataclass(frozen=True)
class Inspection:
    """What the safety check learnt about a request: the graphs it names and the dataset clauses it uses.

    Immutable, because one inspection is shared by every request with the same text."""

    from_graphs: tuple[str, ...] = ()
    from_named_graphs: tuple[str, ...] = ()
    uses_dataset_clause: bool = False  # USING / USING NAMED / WITH in an update


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _refuse_remote(word: str) -> None:
    """Refuse a word or prefixed name that starts with SERVICE or LOAD.

    pyoxigraph's parser matches a keyword without looking at the character after it, so ``SERVICEex:a`` is
    SERVICE followed by ``ex:a`` to it, not one prefixed name; any word that starts with either keyword is
    therefore refused (a prefix called ``services:`` has to be renamed)."""
    keyword = "SERVICE" if word.startswith("SERVICE") else "LOAD" if word.startswith("LOAD") else word
    if keyword == "SERVICE":
        raise UnsafeRequest(
            "SERVICE (federated query) is disabled on this endpoint: it would make the server send requests "
            "to other hosts. Run the remote part against that endpoint yourself."
        )
    if keyword == "LOAD":
        raise UnsafeRequest(
            "LOAD is disabled on this endpoint: it would make the server fetch a URL or read a file. Send "
            "the data in the request body through the Graph Store Protocol instead."
        )


MAX_NESTING = 100
"""Deepest nesting of braces and brackets a request may have: the SPARQL parser recurses once per level, and a
few thousand levels overflow its stack and kill the whole server."""


def _check_nesting(stream: list[Token]) -> None:
    depth = deepest = 0
    for token in stream:
        if token.text in ("{", "(", "["):
            depth += 1
            deepest = max(deepest, depth)
        elif token.text in ("}", ")", "]"):
            depth -= 1
    if deepest > MAX_NESTING:
        raise UnsafeRequest(
            f"the request nests braces or brackets {deepest} levels deep; this endpoint accepts at most "
            f"{MAX_NESTING}. Flatten the query (a VALUES block or UNION of simple patterns usually does)."
        )


CACHED_TEXT = 16_384
"""Longest text whose inspection is kept, in characters: 256 of them take at most 16 MB, whatever clients
send."""


def inspect(sparql: str, *, base_iri: str | None = None) -> Inspection:
    """Refuse SERVICE, LOAD and runaway nesting; collect the IRIs of FROM, FROM NAMED, USING and WITH (resolved
    like the parser). A refusal raises, so only texts that pass are remembered."""
    if len(sparql) <= CACHED_TEXT:
        return _remembered(sparql, base_iri)
    return _inspect(sparql, base_iri)


PUNCTUATION = frozenset("{}()[].,;*/+-!=<>&|^_0123456789")
"""What may stand outside a token the lexer knows: SPARQL's operators, brackets and digits. Anything else (a stray
backslash, an unclosed quote) means the lexer may be reading the text differently from the parser, which is
how keywords were once hidden from it, so such a request is refused rather than guessed at."""


def _check_readable(stream: list[Token]) -> None:
    for token in stream:
        if token.kind == "other" and token.text not in PUNCTUATION:
            raise UnsafeRequest(
                f"this endpoint cannot read {token.text!r} outside a string, IRI or comment, so it does not run the "
                "request; check the quoting and escaping around it"
            )


_AFTER_EXPRESSION = re.compile(r"[)\]]\.?([A-Za-z_][\w\-]*)")


def _hidden_words(stream: list[Token]) -> Iterator[Token]:
    """Words that a parser may read as keywords inside what the lexer takes for an IRI.

    ``FILTER(?a<2)SERVICE#>`` is an IRI ``<2)SERVICE#>`` to a lexer, and ``?a < 2``, ``)``, ``SERVICE`` and a
    comment to a parser that reads ``<`` as less-than. A keyword can only follow an expression that such an
    IRI closes, so a word right after ``)`` or ``]`` (or ``).``) inside an IRI counts as code; ``<…/LOAD>`` or
    ``<…#Service>`` stay plain IRIs."""
    for token in stream:
        if token.kind == "iri":
            for match in _AFTER_EXPRESSION.finditer(token.text):
                yield Token("word", match.group(1))


def _inspect(sparql: str, base_iri: str | None) -> Inspection:
    """The check itself: the text is lexed once (twice with ``\\u`` escapes); ``inspect`` keeps answers."""
    stream = list(tokens(sparql))
    unescaped = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql)
    everything = stream if unescaped == sparql else [*stream, *tokens(unescaped)]
    for token in [*everything, *_hidden_words(everything)]:
        if token.kind in ("word", "pname"):
            _refuse_remote(token.text.upper())
    _check_readable(stream)
    _check_nesting(stream)
    prefixes = dict(PREFIXES)
    base = base_iri
    from_graphs: list[str] = []
    from_named_graphs: list[str] = []
    uses_dataset_clause = False
    for index, token in enumerate(stream):
        if token.kind != "word":
            continue
        keyword = token.text.upper()
        following = stream[index + 1 : index + 3]
        if keyword == "BASE" and following and following[0].kind == "iri":
            base = _resolve(following[0].text[1:-1], base)
        elif keyword == "PREFIX" and len(following) == 2 and following[0].kind == "pname":
            prefixes[following[0].text[:-1]] = _resolve(following[1].text[1:-1], base)
        elif keyword in ("FROM", "USING", "WITH"):
            named = bool(following) and following[0].kind == "word" and following[0].text.upper() == "NAMED"
            target = following[1] if named and len(following) > 1 else following[0] if following else None
            iri = _term_iri(target, prefixes, base) if target else None
            if keyword == "FROM":
                (from_named_graphs if named else from_graphs).append(iri or "")
            else:
                uses_dataset_clause = True
    return Inspection(tuple(from_graphs), tuple(from_named_graphs), uses_dataset_clause)


_remembered = lru_cache(maxsize=256)(_inspect)


def _resolve(iri: str, base: str | None) -> str:
    return urljoin(base, iri) if base else iri


def _term_iri(token: Token, prefixes: dict[str, str], base: str | None) -> str | None:
    if token.kind == "iri":
        return _resolve(token.text[1:-1], base)
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else None
    return None


def check_graphs(iris: Sequence[str], has_graph: Callable[[str], bool], what: str) -> None:
    """Refuse graph IRIs that are not graphs in the store, saying which and why."""
    for iri in iris:
        if not iri or not has_graph(iri):
            shown = iri or "(an IRI this endpoint could not read)"
            raise UnsafeRequest(
                f"{what} <{shown}> is not a graph in this store; the endpoint never fetches remote or file: "
                "graphs. List the graphs with SELECT DISTINCT ?g { GRAPH ?g {} }."
            )
