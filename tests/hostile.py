"""What an attacker sends to ``/sparql``, for the tests and for ``benchmarks/hostile_bench.py``: a canary server that
records any request the endpoint is tricked into making, a grammar of obfuscated SERVICE spellings (a
hypothesis strategy), and the texts that once killed the server or held its slots.
"""

from __future__ import annotations

import http.server
import threading

from hypothesis import strategies as st


class Canary:
    """An HTTP server that records the paths of the requests it gets."""

    def __init__(self) -> None:
        heard = self.heard = []  # type: list[str]

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                heard.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.end_headers()
                self.wfile.write(b'{"head":{"vars":[]},"results":{"bindings":[{}]}}')

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# -- obfuscated SERVICE ----------------------------------------------------------------------------------------

_GAPS = st.sampled_from([" ", "\n", "\t", "", "#>\n", "# SERVICE '\n", "#'\n", " . "])
_NOISE = st.sampled_from(
    [
        "BIND(1 AS ?a) FILTER(?a<2)",
        "OPTIONAL { ?z schema:a\\' ?w }",
        "OPTIONAL { ?z schema:a\\# ?w }",
        "?s ?p 'it''s' .",
        '?s ?p """a "quoted" \\""" .',
        "?s <http://x/a)b> ?o .",
        "FILTER(?a<3&&?a>0)",
        "VALUES ?v { 1 2 }",
        "?s ex:a\\.b\\-c ?o .",
        "",
    ]
)


@st.composite
def _keyword(draw: st.DrawFn, word: str) -> str:
    """The keyword in random case, with some letters as \\u escapes (which the SPARQL grammar allows)."""
    letters = []
    for letter in word:
        letter = letter.lower() if draw(st.booleans()) else letter
        letters.append(f"\\u{ord(letter):04X}" if draw(st.integers(0, 5)) == 0 else letter)
    return "".join(letters)


@st.composite
def reaching_query(draw: st.DrawFn, url: str) -> str:
    """A query that would make pyoxigraph call ``url``, spelt to slip past a lexer that reads it differently."""
    gap = draw(_GAPS)
    target = draw(st.sampled_from([f"<{url}/fuzz>", "ex:fuzz", "?target"]))
    service = f"{draw(_keyword('SERVICE'))}{gap}{draw(st.sampled_from(['', 'SILENT ']))}{target}"
    pattern = f"{draw(_NOISE)}{draw(_GAPS)}{service} {{ ?s ?p ?o }}{draw(_GAPS)}{draw(_NOISE)}"
    wrapped = draw(
        st.sampled_from(
            [
                "{p}",
                "OPTIONAL {{ {p} }}",
                "FILTER EXISTS {{ {p} }}",
                "{{ SELECT * {{ {p} }} }}",
                "GRAPH ?g {{ {p} }}",
            ]
        )
    ).format(p=pattern)
    return f"PREFIX ex: <{url}/> SELECT * WHERE {{ BIND(<{url}/v> AS ?target) {wrapped} }}{draw(_GAPS)}"


# -- texts that killed the server or held its slots ------------------------------------------------------------


def _repeat(unit: str, characters: int, separator: str = "") -> str:
    return separator.join([unit] * (characters // (len(unit) + len(separator))))


FLAT_KILLERS = {
    # Each of these, about 10 KB long, once overflowed the query thread's stack and killed the server: the
    # nesting check counts brackets, and these build deep trees without any.
    "negations": "SELECT (" + "!" * 10_000 + "true AS ?x) {}",
    "sums": "SELECT (" + _repeat("1", 20_000, "+") + " AS ?x) {}",
    "unions": "SELECT * {" + _repeat("{}", 90_000, " UNION ") + "}",
    "filters": "SELECT * { BIND(1 AS ?a) " + _repeat("FILTER(?a)", 110_000, " ") + "}",
    "binds": "SELECT * {" + " ".join(f"BIND(1 AS ?v{i})" for i in range(3_000)) + "}",
    "disjunction": "SELECT * { BIND(1 AS ?a) FILTER(" + _repeat("?a", 20_000, "||") + ")}",
    # The same at the longest text the endpoint reads, for the constructs that parse fast at that length.
    "longest negations": "SELECT (" + "!" * 250_000 + "true AS ?x) {}",
    "longest parentheses": "SELECT (" + "(" * 125_000 + "1" + ")" * 125_000 + " AS ?x) {}",
    "longest concat": "SELECT (" + "CONCAT(" * 35_000 + '"a"' + ")" * 35_000 + " AS ?x) {}",
    "longest exists": "ASK {" + "FILTER EXISTS {" * 16_000 + "}" * 16_000 + "}",
    "longest path": "SELECT * { ?s " + "(" * 125_000 + "<http://x/p>" + ")" * 125_000 + " ?o }",
}

SLOT_HOLDERS = {
    # 22 KB: 1,000 chained triple patterns; four of them once made every request 503 for about 270 s.
    "chained patterns": "SELECT * {" + " ".join(f"?v{i} ?p{i} ?v{i + 1} ." for i in range(1_000)) + "}",
    # A cross product counted inside one engine call: no row comes out before the end.
    "counted product": "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    # A stored text doubled 30 times: far more memory than a worker may have.
    "concat doubling": "SELECT ?t30 { ?s ?p ?t0 FILTER(isLiteral(?t0)) "
    + "".join(f"BIND(CONCAT(?t{i}, ?t{i}) AS ?t{i + 1}) " for i in range(30))
    + "} LIMIT 1",
}
