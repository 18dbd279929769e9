"""A SPARQL 1.1 server as the store: Virtuoso, Fuseki, GraphDB, QLever, anything that speaks Query and Update.

The embedded store serves one researcher; a newsroom with millions of articles runs a triple store server.
:class:`RemoteStore` gives that server the same interface as :class:`~allegiance.store.Store`, so ingest,
validation, reasoning and the endpoint run on it unchanged. What differs, and why:

* **The union is a named graph.** Servers disagree on what the default graph is (Virtuoso: every graph,
  including its own system graphs, each triple once per graph holding it; Fuseki: the real default graph or,
  configured so, the union; QLever: the union). So the union is kept in a graph of its own, ``UNION_GRAPH``,
  written in the same request as the document, and queries are sent with ``default-graph-uri`` naming it
  (except those that name graphs themselves: see ``_default_graphs``).
* **A catalogue names our graphs.** ``GRAPH ?g`` on a server also sees graphs that are not ours (Virtuoso
  ships a dozen). ``CATALOGUE_GRAPH`` holds one triple per graph we wrote, ``<g> <CATALOGUE#sha256> "…"``:
  it lists our graphs and remembers the hash of what we wrote, so writing an unchanged document costs one small
  query instead of downloading the graph (and a server that normalises literals, as Virtuoso turns "007" into
  "7", does not make every rewrite look like a change).
* **One request per write.** Replacing a document is one SPARQL Update request: drop the old graph and the
  union triples only it supported, insert the new graph and its union triples, record it in the catalogue.
  A server runs one request as one transaction (verified for Virtuoso by killing it mid-request: nothing of
  the request survives the restart); docs/scale-out.md lists what we checked and what we did not.
* **Results are pyoxigraph objects.** Queries return the same QuerySolutions / QueryBoolean / QueryTriples
  the embedded store returns, parsed from the server's standard result formats, so the endpoint serialises
  and limits them exactly as before.
* **Text, not conveniences.** pyoxigraph's ``prefixes=`` and ``substitutions=`` do not exist on the wire: our
  prefixes become PREFIX declarations, and parameter bindings a VALUES block built from terms serialised by
  pyoxigraph (never a user's raw string), placed at the end of the query's WHERE group.

A running ``allegiance serve`` is such a server too (``?union=default`` in the store URL), which is how a
second process ingests into the embedded store its server holds open. Its default graph already is the union,
kept by every write, and it holds nothing but our graphs: there the union triples go into the default graph,
as the embedded store writes them, and there is no catalogue (the graphs are the server's named graphs, the
hash of one is computed from the graph itself).

HTTP goes through ``requests`` (already installed with spaCy): one keep-alive session per thread, and Digest
authentication (Virtuoso's ``/sparql-auth`` wants it), Basic only where the store URL says ``?auth=basic``, or a
Bearer token (``allegiance serve --update-token``), chosen from the server's challenge, with credentials from
``ALLEGIANCE_STORE_USER`` and ``ALLEGIANCE_STORE_PASSWORD`` or ``ALLEGIANCE_STORE_TOKEN``, never from the command
line. The client trusts the server with as little as it can: Basic (the password itself, readable by anyone on
the way) is not sent to whatever asks for it, a redirect is not followed (it would carry the query or update, and
credentials, wherever it points), a busy server is waited for at most ``MAX_BUSY_WAIT`` seconds at a time, and
an answer that cannot be read is the store's error, not the client's. The Graph Store Protocol is not needed:
Query and Update do everything, keep the union write in the same request, and are what every server (QLever
included) implements.
"""

from __future__ import annotations

import threading
import time
import uuid
import weakref
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import IO
from urllib.parse import parse_qs, urljoin, urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from allegiance.config import SCHEMES, setting
from allegiance.namespaces import PREFIXES
from allegiance.sparql import significant
from allegiance.store import (
    GraphChange,
    GraphStore,
    QueryResult,
    StoreError,
    checked_triples,
    fingerprint,
    forget_update,
)

BOOKKEEPING = "urn:x-allegiance:"
"""The prefix of every bookkeeping graph, ours and an allegiance server's (its backing network, the wholes)."""
UNION_GRAPH = "urn:x-allegiance:union"
CATALOGUE_GRAPH = "urn:x-allegiance:catalogue"
EMPTY_GRAPH = "urn:x-allegiance:empty"
"""Named by ``default-graph-uri`` when a query asks for an empty default graph: the protocol has no other way."""
SHA256 = ox.NamedNode(CATALOGUE_GRAPH + "#sha256")
VERSION = ox.NamedNode(CATALOGUE_GRAPH + "#version")
"""The catalogue's change marker: every write request gives it a new value (``RemoteStore.version``)."""

BATCH_TRIPLES = 1000
"""Triples per INSERT DATA operation: Virtuoso refuses (400) a single INSERT DATA of 5,000 short triples."""
BUSY_RETRIES = 6
"""How many times a request refused as busy is sent again (``allegiance serve`` asks for 5 s each time)."""
MAX_BUSY_WAIT = 30
"""The longest ``Retry-After`` (seconds) obeyed: a server that asks for more (one asked for 3600) is answered with
an error at once, rather than an ingest that hangs for an hour without a word."""
LOAD_QUADS = 20_000
"""Quads per request (so per transaction) when bulk loading, sent as operations of ``BATCH_TRIPLES``."""

TRIPLE_SEPARATOR = " .\n"
JSON_RESULTS = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


@dataclass(frozen=True)
class Endpoints:
    """Where queries and updates go, read from a ``sparql+http(s)://`` store URL.

    ``sparql+http://host:8890/sparql`` sends both to ``http://host:8890/sparql``; ``?update=URL`` (absolute, or
    a path on the same server) sends updates elsewhere, as Fuseki (``/ds/query``, ``/ds/update``) and GraphDB
    (``/repositories/r``, ``/repositories/r/statements``) want. ``?union=default`` says that the server's
    default graph is the union of its named graphs, kept so by its writers, as ``allegiance serve``'s is.
    ``?auth=basic`` allows HTTP Basic authentication (Fuseki's and GraphDB's): it sends the password itself, so
    only to a server the user named for it, never to any server that asks.
    """

    query: str
    update: str
    union_default: bool = False
    basic_auth: bool = False

    @classmethod
    def parse(cls, spec: str) -> Endpoints:
        if not spec.startswith(SCHEMES):
            raise StoreError(f"a store URL starts with {' or '.join(SCHEMES)}, got {spec!r}")
        parts = urlsplit(spec.removeprefix("sparql+"))
        if parts.username or parts.password:
            raise StoreError(
                "credentials do not belong in the store URL (it shows in process lists and shell history); "
                "set ALLEGIANCE_STORE_USER and ALLEGIANCE_STORE_PASSWORD"
            )
        options = parse_qs(parts.query)
        if unknown := sorted(set(options) - {"update", "union", "auth"}):
            raise StoreError(
                f"unknown store URL option(s) {', '.join(unknown)}; the options are update=URL, union=default "
                "and auth=basic"
            )
        for name, only in (("union", "default"), ("auth", "basic")):
            if options.get(name, [only]) != [only]:
                raise StoreError(f"the only store URL option {name}= is {name}={only}, got {options[name]}")
        query = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))
        update = urljoin(query, options["update"][0]) if "update" in options else query
        return cls(query, update, union_default="union" in options, basic_auth="auth" in options)


class _Bearer(AuthBase):
    """``Authorization: Bearer TOKEN``, what ``allegiance serve --update-token`` asks writers for."""

    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


class _Http:
    """POSTs form requests with one keep-alive session per thread (sessions are not thread-safe) and the
    authentication scheme the server asks for, decided at its first challenge.

    A session lives as long as its thread (the endpoint streams each export from a thread of its own), so the
    sessions are only weakly remembered, for ``close``.
    """

    def __init__(
        self, user: str | None, password: str | None, token: str | None, timeout: float, *, basic: bool
    ) -> None:
        self._credentials = (user, password or "") if user else None
        self._token = token
        self._basic = basic
        self._auth: AuthBase | None = None
        self._timeout = timeout
        self._local = threading.local()
        self._sessions: weakref.WeakSet[requests.Session] = weakref.WeakSet()
        self._lock = threading.Lock()

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            with self._lock:
                self._sessions.add(session)
        return session

    def post(self, url: str, form: Sequence[tuple[str, str]], accept: str) -> requests.Response:
        """POST ``form`` and return the answer, or raise: SyntaxError for a request the server refused as
        malformed (what the embedded store raises for a bad query), StoreError for anything else."""
        try:
            response = self._send(url, form, accept)
            if response.status_code == 401 and self._auth is None:
                self._auth = self._scheme(url, response.headers.get("WWW-Authenticate", ""))
                if self._auth is not None:
                    response = self._send(url, form, accept)
        except requests.RequestException as error:
            raise StoreError(f"the store at {url} cannot be reached: {error}") from error
        if response.is_redirect:
            raise StoreError(
                f"the store at {url} redirects to {response.headers['Location']}, not followed: the request would "
                "carry its query or update, and credentials, wherever the redirect points. Put the URL the server "
                "means in the store URL"
            )
        if response.status_code == 400:
            raise SyntaxError(f"the store refused the request: {_message(response)}")
        if response.status_code in (401, 403):
            raise StoreError(
                f"the store at {url} refused access ({response.status_code}: {_message(response)}); check "
                "ALLEGIANCE_STORE_USER and ALLEGIANCE_STORE_PASSWORD, or ALLEGIANCE_STORE_TOKEN"
            )
        if not response.ok:
            raise StoreError(f"the store at {url} answered {response.status_code}: {_message(response)}")
        return response

    def _send(self, url: str, form: Sequence[tuple[str, str]], accept: str) -> requests.Response:
        """One POST. A busy server that says when to come back (503 with Retry-After in seconds, as ``allegiance
        serve`` does when every query slot is taken) has done nothing with the request: it is sent again then,
        up to ``BUSY_RETRIES`` times, so that an ingest through a server under load waits instead of failing."""
        for attempt in range(BUSY_RETRIES + 1):
            response = self._session().post(
                url,
                data=list(form),
                headers={"Accept": accept},
                auth=self._auth,
                timeout=self._timeout,
                allow_redirects=False,
            )
            wait = response.headers.get("Retry-After", "")
            if response.status_code != 503 or not wait.isdecimal() or attempt == BUSY_RETRIES:
                break
            if int(wait) > MAX_BUSY_WAIT:
                raise StoreError(
                    f"the store at {url} is busy and asks to be asked again in {wait} s, longer than the "
                    f"{MAX_BUSY_WAIT} s this client waits; try again later"
                )
            time.sleep(int(wait))
        return response

    def _scheme(self, url: str, challenge: str) -> AuthBase | None:
        """The credentials the challenge asks for, or None when we have none of that kind."""
        scheme = challenge.split(" ", 1)[0].lower()
        if scheme == "bearer":
            return _Bearer(self._token) if self._token else None
        if self._credentials is None:
            return None
        user, password = self._credentials
        if scheme == "digest":
            return HTTPDigestAuth(user, password)
        if scheme == "basic" and self._basic:
            return HTTPBasicAuth(user, password)
        raise StoreError(
            f"the store at {url} asks for {scheme or 'unnamed'} authentication; the password is sent only by "
            "Digest, or by HTTP Basic (the password itself, readable on the way) where the store URL says "
            "?auth=basic for a server you trust with it"
        )

    def close(self) -> None:
        with self._lock:
            for session in list(self._sessions):
                session.close()
            self._sessions.clear()


def _message(response: requests.Response) -> str:
    """The first lines of an error answer: servers echo the whole query after the message."""
    return " ".join(response.text.strip().splitlines()[:3])[:500]


class RemoteStore(GraphStore):
    """A SPARQL 1.1 Query + Update server holding one named graph per source, the union and a catalogue (or, with
    ``?union=default``, the union as its default graph and no catalogue)."""

    evaluates_here = False  # the server evaluates; this process only sends requests to it

    def __init__(
        self,
        spec: str,
        *,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 300.0,
    ) -> None:
        """Connect to the store URL ``spec``; credentials default to ``ALLEGIANCE_STORE_USER`` / ``_PASSWORD``
        (or ``ALLEGIANCE_STORE_TOKEN`` for a server that asks for a Bearer token).

        Nothing is sent until the first call, so a wrong URL is reported by the first query with the URL in it.
        """
        self.endpoints = Endpoints.parse(spec)
        self.spec = spec
        self.union: str | None = None if self.endpoints.union_default else UNION_GRAPH
        """The named graph that holds the union, or None when the server's default graph is the union; only a
        store with a union graph of its own has a catalogue."""
        self.internal_graphs = (UNION_GRAPH, CATALOGUE_GRAPH) if self.union else ()
        self._http = _Http(
            user or setting("ALLEGIANCE_STORE_USER") or None,
            password or setting("ALLEGIANCE_STORE_PASSWORD") or None,
            setting("ALLEGIANCE_STORE_TOKEN") or None,
            timeout,
            basic=self.endpoints.basic_auth,
        )

    def __repr__(self) -> str:
        return f"RemoteStore({self.spec!r})"

    # --- reading ----------------------------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
        default_graph: Sequence[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None,
        named_graphs: Sequence[ox.NamedNode | ox.BlankNode] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        form = query_form(sparql)
        text = prologue(base_iri) + with_values(sparql, bindings or {})
        dataset = [
            ("default-graph-uri", iri) for iri in _default_graphs(sparql, default_graph, self.union)
        ] + [("named-graph-uri", _iri(graph)) for graph in named_graphs or ()]
        if form in ("CONSTRUCT", "DESCRIBE"):
            return _query_triples(self._triples(text, dataset))
        response = self._http.post(self.endpoints.query, [("query", text), *dataset], JSON_RESULTS)
        _check_complete(response)
        result = _results(self.endpoints.query, response.content)
        if form == "ASK" and isinstance(result, ox.QuerySolutions):
            # Virtuoso 7.2 answers ASK with one row binding ?__ASK_RETVAL to 1, or no row, instead of a boolean.
            return _boolean(any(row[0] is not None and row[0].value not in ("0", "false") for row in result))
        return result

    def _triples(self, text: str, dataset: Sequence[tuple[str, str]] = ()) -> Iterator[ox.Triple]:
        """The triples a CONSTRUCT or DESCRIBE query answers, read as N-Triples."""
        response = self._http.post(self.endpoints.query, [("query", text), *dataset], N_TRIPLES)
        _check_complete(response)
        try:
            for quad in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES):
                yield quad.triple
        except SyntaxError as error:
            raise _unreadable(self.endpoints.query, error) from error

    def graph_names(self) -> list[str]:
        solutions = self.query(
            f"SELECT ?g WHERE {{ GRAPH <{CATALOGUE_GRAPH}> {{ ?g {SHA256} ?hash }} }}"
            if self.union
            else f'SELECT ?g WHERE {{ GRAPH ?g {{ }} FILTER(!STRSTARTS(STR(?g), "{BOOKKEEPING}")) }}'
        )  # an allegiance server's bookkeeping graphs (its backing network, the wholes) are not data
        assert isinstance(solutions, ox.QuerySolutions)
        return sorted(row["g"].value for row in solutions)

    def has_graph(self, graph: str) -> bool:
        if self.union:
            return self._recorded(graph) is not None
        return self.ask(f"ASK {{ GRAPH {ox.NamedNode(graph)} {{ }} }}")

    def _recorded(self, graph: str) -> str | None:
        """The hash of what ``graph`` holds (the catalogue's, or computed from the graph where there is no
        catalogue), or None when there is no such graph."""
        if not self.union:
            return fingerprint(self.triples(graph)) if self.has_graph(graph) else None
        solutions = self.query(
            f"SELECT ?hash WHERE {{ GRAPH <{CATALOGUE_GRAPH}> {{ {ox.NamedNode(graph)} {SHA256} ?hash }} }}"
        )
        assert isinstance(solutions, ox.QuerySolutions)
        return next((row["hash"].value for row in solutions), None)

    def triples(self, graph: str | None = None) -> Iterator[ox.Triple]:
        pattern = _in_graph(graph or self.union, "?s ?p ?o")
        return self._triples(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {pattern} }}")

    def triples_with(self, predicate: str) -> Iterator[ox.Triple]:
        p = ox.NamedNode(predicate)
        pattern = _in_graph(self.union, f"?s {p} ?o")
        return self._triples(f"CONSTRUCT {{ ?s {p} ?o }} WHERE {{ {pattern} }}")

    # --- writing ----------------------------------------------------------------------------------------------

    def replace_graph(self, graph: str, data: Iterable[ox.Triple]) -> GraphChange:
        name = str(graph)
        triples = checked_triples(name, data)
        digest = fingerprint(triples)
        recorded = self._recorded(name)
        if recorded == digest:
            return GraphChange(name, changed=False, triples=len(triples))
        node = ox.NamedNode(name)
        operations = [self._forget(name)] if recorded is not None else []
        operations += _insert_data({name: triples, self.union: triples})
        if self.union:
            operations += _insert_data({CATALOGUE_GRAPH: [ox.Triple(node, SHA256, ox.Literal(digest))]})
        self._update(operations)
        return GraphChange(name, changed=True, triples=len(triples))

    def remove_graph(self, graph: str) -> bool:
        name = str(graph)
        if not self.has_graph(name):
            return False
        self._update([self._forget(name)])
        return True

    def _forget(self, name: str) -> str:
        """Drop the graph, the union triples only it supported, and its catalogue entry."""
        if not self.union:
            return forget_update(name)
        return (
            f"{forget_update(name, union=self.union, internal=(CATALOGUE_GRAPH,))} ;\n"
            f"DELETE WHERE {{ GRAPH <{CATALOGUE_GRAPH}> {{ {ox.NamedNode(name)} {SHA256} ?hash }} }}"
        )

    def version(self) -> str:
        """The catalogue's change marker ("" before the first write): every write request of any process that
        writes through this class replaces it in the same transaction. Writes that bypass this class (a server's
        own bulk loader) do not move it. A server whose default graph is the union has no catalogue; there each
        call answers a new token, so nothing derived from the store is kept."""
        if not self.union:
            return uuid.uuid4().hex
        solutions = self.query(
            f"SELECT ?v WHERE {{ GRAPH <{CATALOGUE_GRAPH}> {{ <{CATALOGUE_GRAPH}> {VERSION} ?v }} }}"
        )
        assert isinstance(solutions, ox.QuerySolutions)
        return next((row["v"].value for row in solutions), "")

    def _update(self, operations: Sequence[str], base_iri: str | None = None) -> None:
        """Send the operations as one request, which the server runs as one transaction; with a catalogue, the
        request also moves the change marker (``version``) in the same transaction. The marker goes first: a
        user's update may end in a comment or a semicolon, after which nothing can follow."""
        if self.union:
            marker = ox.Triple(ox.NamedNode(CATALOGUE_GRAPH), VERSION, ox.Literal(uuid.uuid4().hex))
            operations = [
                f"DELETE WHERE {{ GRAPH <{CATALOGUE_GRAPH}> {{ {marker.subject} {VERSION} ?v }} }}",
                *_insert_data({CATALOGUE_GRAPH: [marker]}),
                *operations,
            ]
        self._http.post(
            self.endpoints.update, [("update", prologue(base_iri) + " ;\n".join(operations))], "*/*"
        )

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        self._update([sparql], base_iri)

    def load(self, source: IO[bytes], *, format: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> int:
        """Bulk-load in requests of ``LOAD_QUADS`` quads, each one transaction; every graph is catalogued with
        an empty hash, so the next ``replace_graph`` of it writes rather than trusting a partial load."""
        count = 0
        quads = ox.parse(source, format=format)
        while batch := list(islice(quads, LOAD_QUADS)):
            count += len(batch)
            graphs: dict[str | None, list[ox.Triple]] = {self.union: [quad.triple for quad in batch]}
            for quad in batch:
                if isinstance(quad.graph_name, ox.NamedNode):
                    graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
            names = [name for name in graphs if name is not None and name != self.union]
            operations = _insert_data(graphs)
            if self.union:
                catalogue = [ox.Triple(ox.NamedNode(name), SHA256, ox.Literal("")) for name in names]
                operations = [
                    *(
                        f"DELETE WHERE {{ GRAPH <{CATALOGUE_GRAPH}> {{ <{name}> {SHA256} ?hash }} }}"
                        for name in names
                    ),
                    *operations,
                    *_insert_data({CATALOGUE_GRAPH: catalogue}),
                ]
            self._update(operations)
        return count

    def named_quads(self) -> Iterator[ox.Quad]:
        """The named graphs one at a time, each read with one query."""
        for name in self.graph_names():
            graph = ox.NamedNode(name)
            for t in self.triples(name):
                yield ox.Quad(t.subject, t.predicate, t.object, graph)

    def flush(self) -> None:
        """Nothing to do: the server made every answered update durable."""

    def close(self) -> None:
        self._http.close()


# --- SPARQL text ----------------------------------------------------------------------------------------------


def prologue(base_iri: str | None = None) -> str:
    """Our prefixes (and the base IRI) as declarations; a query's own declarations come after and win."""
    base = f"BASE {ox.NamedNode(base_iri)}\n" if base_iri else ""
    return base + "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of these keywords, read by the endpoint's lexer, so a
    prefix, a string or a comment never counts. It decides which result format to ask the server for."""
    for match in significant(sparql):
        if match.lastgroup == "word" and (word := match.group().upper()) in (
            "SELECT",
            "ASK",
            "CONSTRUCT",
            "DESCRIBE",
        ):
            return word
    raise SyntaxError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")


def with_values(sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with ``bindings`` as a one-row VALUES block at the end of its WHERE group.

    The values are pyoxigraph terms serialised by pyoxigraph, and the names must be valid variable names, so
    nothing a user typed reaches the text unescaped. At the end of the group the block joins what the group
    computed (a BIND of the same variable included) before any GROUP BY, as pyoxigraph's substitutions do. The
    WHERE group is the last top-level group that is not a VALUES clause of the query's own.
    """
    if not bindings:
        return sparql
    variables = [ox.Variable(name) for name in bindings]
    block = f" VALUES ({' '.join(map(str, variables))}) {{ ({' '.join(map(str, bindings.values()))}) }} "
    depth = 0
    closing = -1
    after_values = False
    for match in significant(sparql):
        token = match.group()
        if depth == 0 and match.lastgroup == "word" and token.upper() == "VALUES":
            after_values = True
        elif token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0:
                if not after_values:
                    closing = match.start()
                after_values = False
    if closing < 0:
        raise SyntaxError("cannot bind parameters: the query has no WHERE group")
    return sparql[:closing] + block + sparql[closing:]


def _insert_data(graphs: Mapping[str | None, Sequence[ox.Triple]]) -> list[str]:
    """INSERT DATA operations writing each graph's triples (None: the default graph), ``BATCH_TRIPLES`` at most
    per operation."""
    blocks = [
        (name, triples[start : start + BATCH_TRIPLES])
        for name, triples in graphs.items()
        for start in range(0, len(triples), BATCH_TRIPLES)
    ]
    return [
        f"INSERT DATA {{ {_in_graph(name, TRIPLE_SEPARATOR.join(map(str, chunk)))} }}"
        for name, chunk in blocks
        if chunk
    ]


def _in_graph(name: str | None, pattern: str) -> str:
    """``pattern`` inside ``GRAPH <name>``, or as it is for the default graph (None)."""
    return f"GRAPH <{name}> {{ {pattern} }}" if name else pattern


def _default_graphs(
    sparql: str, graphs: Sequence[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None, union: str | None
) -> list[str]:
    """The ``default-graph-uri`` values for a query: the graphs the caller chose, else the union graph, unless
    the query names graphs itself (FROM, or GRAPH) or the server's default graph is the union (``union`` None).

    A protocol dataset also sets the named graphs: to none (the SPARQL 1.1 Protocol, Fuseki) or, on Virtuoso,
    to none for ``GRAPH <iri>`` but every graph for ``GRAPH ?g``. So a query with GRAPH is sent without one,
    and its GRAPH patterns see every graph of the server; what it matches outside GRAPH is then the server's
    default graph (Virtuoso: all graphs). docs/scale-out.md has the table.
    """
    if graphs is None:
        names_graphs = any(
            match.lastgroup == "word" and match.group().upper() in ("GRAPH", "FROM")
            for match in significant(sparql)
        )
        return [] if names_graphs or not union else [union]
    if not graphs:
        return [EMPTY_GRAPH]
    names = []
    for graph in graphs:
        if not isinstance(graph, ox.DefaultGraph):
            names.append(_iri(graph))
        elif union:
            names.append(union)
        else:
            raise StoreError("the default graph of this server cannot be named in a dataset")
    return names


def _iri(graph: ox.NamedNode | ox.BlankNode) -> str:
    if not isinstance(graph, ox.NamedNode):
        raise StoreError("a SPARQL server names graphs by IRI; blank node graph names cannot be sent")
    return graph.value


def _check_complete(response: requests.Response) -> None:
    """Refuse a result the server cut short: Virtuoso stops at ResultSetMaxRows and only says so in a header."""
    if limit := response.headers.get("X-SPARQL-MaxRows"):
        raise StoreError(
            f"the store cut the result at {limit} rows (Virtuoso's ResultSetMaxRows); raise it in virtuoso.ini "
            "or page the query with LIMIT and OFFSET"
        )


def _results(url: str, content: bytes) -> ox.QuerySolutions | ox.QueryBoolean:
    """The server's SPARQL JSON results, every row read once before they are handed on.

    pyoxigraph reads rows as they are asked for, so a term it refuses (Virtuoso passes on an IRI with a space from
    a SERVICE call, or holds one its own loader wrote) would fail wherever the rows are read, as the endpoint's
    500. Read here, it is the store's error (502). Costs a second parse of a body that is in memory anyway.
    """
    try:
        checked = ox.parse_query_results(content, format=ox.QueryResultsFormat.JSON)
        if isinstance(checked, ox.QuerySolutions):
            deque(checked, maxlen=0)
    except SyntaxError as error:
        raise _unreadable(url, error) from error
    result = ox.parse_query_results(content, format=ox.QueryResultsFormat.JSON)
    assert isinstance(result, ox.QuerySolutions | ox.QueryBoolean)
    return result


def _unreadable(url: str, error: SyntaxError) -> StoreError:
    return StoreError(f"the store at {url} answered what cannot be read as SPARQL results: {error}")


def _boolean(value: bool) -> ox.QueryBoolean:
    result = ox.parse_query_results(
        b'{"head": {}, "boolean": %s}' % (b"true" if value else b"false"), format=ox.QueryResultsFormat.JSON
    )
    assert isinstance(result, ox.QueryBoolean)
    return result


def _query_triples(triples: Iterable[ox.Triple]) -> ox.QueryTriples:
    """Triples as the QueryTriples a CONSTRUCT on the embedded store returns (pyoxigraph has no constructor for
    it): they go through an in-memory store, which costs a copy of a result that is in memory anyway."""
    scratch = ox.Store()
    scratch.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    result = scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert isinstance(result, ox.QueryTriples)
    return result
