"""Reading SPARQL text as tokens, without parsing it: the one lexer the endpoint's safety check and the remote
store's query rewriting share.

It follows the SPARQL 1.1 terminals that can hide a keyword (comments, string literals, IRIs, variables and
prefixed names are whole tokens), so a caller looking for ``SERVICE`` or a ``WHERE`` clause does not find it
inside ``"SERVICE"``, ``?service`` or ``ex:SERVICE``. Anything it cannot read is one ``other`` character, left to
the parser to reject.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<pname>(?:[A-Za-z\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*)?:
                (?:(?:[\w\-.:%\u00b7\u00c0-\uffff]|\\[_~.\-!$&'()*+,;=/?\#@%])*
                   (?:[\w\-:%\u00b7\u00c0-\uffff]|\\[_~.\-!$&'()*+,;=/?\#@%]))?)
    | (?P<word>[A-Za-z_][\w\-]*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class Token(NamedTuple):
    """One significant token (a named tuple: a request has hundreds, and a dataclass costs more to build)."""

    kind: str
    text: str


def significant(sparql: str) -> Iterator[re.Match[str]]:
    """The matches of the significant tokens (no whitespace, no comments), with their positions."""
    for match in _TOKEN.finditer(sparql):
        if match.lastgroup not in ("space", "comment"):
            yield match


def tokens(sparql: str) -> Iterator[Token]:
    """The significant tokens of a query or update, by kind."""
    for match in significant(sparql):
        yield Token(match.lastgroup or "other", match.group())
