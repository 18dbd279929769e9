"""The browsing pages over HTTP: home, search, actor, document, statement and relation pages, lists, the query
page, escaping of hostile text, pagination and sorting, through Flask's test client in-process (the browser tests
run a real server)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient
from planted import GAMMA_LABEL, HOSTILE, SCRIPT_URL, TEXT
from rdflib import Graph
from support import BASE, UPDATE_TOKEN, Page, page

from allegiance.endpoint import assets
from allegiance.endpoint.listings import PAGE_SIZE, STATEMENTS, ordered
from allegiance.endpoint.service import HttpError
from allegiance.namespaces import AL, DCTERMS, NIF, PREFIXES


def actor_path(slug: str) -> str:
    return f"/id/actor/{slug}.html"


# --- home and search -----------------------------------------------------------------------------------------


def test_home_shows_counts_newest_documents_and_ways_in(demo_client: FlaskClient) -> None:
    response = demo_client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    home = Page(response.text)
    assert re.search(r"16\s+documents", home.all_text)
    for link in ("/query", "/api/openapi.json", "/sparql", "/actors", "/statements", "/documents"):
        assert link in home.hrefs
    assert sum(1 for h in home.hrefs if h.startswith("/id/document/")) >= 10


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Russia", "russia"),
        ("kremlin", "russian-government"),
        ("SOHR", "syrian-observatory-for-human-rights"),
    ],
)
def test_search_finds_actors_by_name_or_alias(demo_client: FlaskClient, typed: str, found: str) -> None:
    results = page(demo_client, f"/search?q={typed}")
    assert actor_path(found) in results.hrefs


def test_search_ranks_exact_matches_first(demo_client: FlaskClient) -> None:
    results = page(demo_client, "/search?q=Russia")
    actors = [h for h in results.hrefs if h.startswith("/id/actor/")]
    assert actors[0] == actor_path("russia")


@pytest.mark.parametrize("typed", ['") } SELECT * { ?s ?p ?o } #', "<b>", "'; DROP ALL", "\\u0022"])
def test_search_text_is_a_value_not_query_text(demo_client: FlaskClient, typed: str) -> None:
    response = demo_client.get("/search", query_string={"q": typed})
    assert response.status_code == 200
    assert "No actor is called anything like" in response.text
    assert "<b>" not in response.text.split("<main", 1)[1]


# --- actor page ----------------------------------------------------------------------------------------------


def test_actor_page_shows_identity_alignments_statements_and_diagram(demo_client: FlaskClient) -> None:
    response = demo_client.get(actor_path("russia"))
    russia = Page(response.text)
    text = russia.all_text
    assert "Russian Federation" in text  # alias
    assert "http://www.wikidata.org/entity/Q159" in russia.hrefs
    assert "member of" in text or "al:memberOf" in text
    assert actor_path("syrian-arab-army") in russia.hrefs  # Russia backs the Syrian Arab Army
    assert re.search(r"Statements made \(\d+\)", text)
    assert re.search(r"Statements about Russia \(\d+\)", text)
    evidence = [h for h in russia.hrefs if re.match(r"^/id/document/\w+\.html#char=\d+,\d+$", h)]
    assert evidence, "evidence links go to the highlighted span of their document"
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in response.text and 'role="img"' in response.text
    assert '<title id="diagram-title">Alignment neighbourhood of Russia</title>' in response.text


def test_actor_page_shows_denials_beside_assertions(planted_client: FlaskClient) -> None:
    alpha = planted_client.get(actor_path("alpha-front")).text
    row = alpha.split('<td data-label="Relation">arms</td>', 1)[1].split("</tr>", 1)[0]
    cells = dict(re.findall(r'<td data-label="(\w+)"[^>]*>(.*?)</td>', row, re.S))
    assert list(cells) == ["Actor", "Sources", "First", "Last", "Reported", "Denied"]
    assert "/id/document/planted/relation/asserted.html" in cells["Reported"]
    assert (
        "/id/document/planted-other/relation/denied.html" in cells["Denied"] and "denied" in cells["Denied"]
    )
    assert cells["Sources"] == "1"  # one source asserts it
    beta = Page(planted_client.get(actor_path("beta-army")).text)
    assert "armed by" in beta.all_text


def test_officials_and_posts(demo_client: FlaskClient) -> None:
    peskov = page(demo_client, actor_path("dmitry-peskov")).all_text
    assert "spokesperson of" in peskov


# --- document, statement, relation ---------------------------------------------------------------------------


def _first_document(client: FlaskClient) -> str:
    documents = page(client, "/documents")
    return next(h for h in documents.hrefs if h.startswith("/id/document/"))


def test_document_page_marks_every_evidence_span_with_its_id(demo_client: FlaskClient) -> None:
    path = _first_document(demo_client)
    ttl = Graph().parse(data=demo_client.get(path.replace(".html", ".ttl")).text, format="turtle")
    doc = Page(demo_client.get(path).text)
    spans = {str(o) for o in ttl.objects(None, AL.evidence)}
    assert spans
    for span in spans:
        assert span.partition("#")[2] in doc.ids
    text = str(next(ttl.objects(None, NIF.isString)))
    assert text in doc.all_text, "the text reads as written, with marks around spans and nothing inserted"


def test_span_query_parameter_selects_a_span(planted_client: FlaskClient) -> None:
    begin = TEXT.index("Alpha Front arms")
    html = planted_client.get(f"/id/document/planted.html?span={begin},{begin + 26}").text
    assert f'<mark class="span selected" id="char={begin},{begin + 26}">' in html


def test_statement_and_relation_pages(planted_client: FlaskClient) -> None:
    statement = page(planted_client, "/id/document/planted/statement/hostile.html")
    assert HOSTILE in statement.all_text
    assert actor_path("alpha-front") in statement.hrefs
    assert f"/id/document/planted.html#char=18,{18 + len(HOSTILE)}" in statement.hrefs
    relation = page(planted_client, "/id/document/planted/relation/asserted.html")
    assert "Alpha Front arms Beta Army" in relation.all_text
    assert "/id/document/planted-other/relation/denied.html" in relation.hrefs  # the other report, a denial


# --- safety --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/id/document/planted/statement/hostile.html",
        "/id/actor/alpha-front.html",
        "/id/document/planted.html",
        "/statements",
        "/documents",
        "/",
        "/search?q=%3Cscript%3E",
    ],
)
def test_hostile_text_is_escaped_and_no_inline_script_exists(planted_client: FlaskClient, path: str) -> None:
    response = planted_client.get(path)
    assert response.status_code == 200
    assert "<script>window" not in response.text
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    for script in Page(response.text).scripts:
        assert script.get("src", "").startswith("/static/"), "scripts come from our files, never inline"


@pytest.mark.parametrize(
    "path",
    [
        "/id/document/planted-odd.html",
        "/id/actor/gamma-brigade.html",
        "/id/actor/beta-army.html",
        "/id/document/planted-odd/relation/backs.html",
        "/actors",
        "/documents",
        "/",
        "/actors?type=RebelGroup",
        "/api/actor-profile.html",
    ],
)
def test_only_http_links_come_from_the_data(planted_client: FlaskClient, path: str) -> None:
    """A source URL or a Wikidata IRI of ``javascript:`` was once a link (only the CSP kept it from running): a
    link goes to our own pages or to http(s), and the IRI is still shown, as text."""
    shown = page(planted_client, path)
    schemes = {urlsplit(target).scheme for target in shown.hrefs if target != "data:,"}  # the empty favicon
    assert schemes <= {"", "http", "https"}, schemes
    if path == "/id/document/planted-odd.html":
        assert SCRIPT_URL in shown.all_text, "the URL is not lost, only not a link"


def test_labels_are_isolated_from_the_text_around_them(planted_client: FlaskClient) -> None:
    """A right-to-left override in a label turns everything after it around unless the label is isolated: <bdi>
    in HTML, FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE where markup cannot go (SVG, page titles)."""
    beta = planted_client.get(actor_path("beta-army")).text
    assert f"<bdi>{GAMMA_LABEL}</bdi>" in beta
    assert f">\u2068{GAMMA_LABEL}\u2069<tspan" in beta, "the diagram's label"
    relation = planted_client.get("/id/document/planted-odd/relation/backs.html").text
    assert (
        f"<title>\u2068\u2068{GAMMA_LABEL}\u2069 backs \u2068Beta Army\u2069\u2069 · allegiance</title>"
        in relation
    )
    assert f"<bdi>{GAMMA_LABEL}</bdi>" in planted_client.get("/search?q=Gamma").text
    assert (
        f"Statements about <bdi>{GAMMA_LABEL}</bdi> (0)"
        in planted_client.get(actor_path("gamma-brigade")).text
    )


def test_named_query_tables_share_the_stylesheet_and_policy(demo_client: FlaskClient) -> None:
    response = demo_client.get("/api/who-backs-whom.html")
    assert "<style>" not in response.text and "/static/style.css" in response.text
    assert "Content-Security-Policy" in response.headers


# --- lists ---------------------------------------------------------------------------------------------------


def _rows(html: str) -> int:
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr>")


def test_statements_are_paginated(demo_client: FlaskClient) -> None:
    first = demo_client.get("/statements").text
    assert _rows(first) == PAGE_SIZE and 'rel="next"' in first and 'rel="prev"' not in first
    second = demo_client.get("/statements?page=2").text
    assert 'rel="prev"' in second
    assert Page(first).hrefs != Page(second).hrefs
    last = demo_client.get("/statements?page=999").text
    assert _rows(last) == 1 and "No statements match" in last


@pytest.mark.parametrize(
    "path",
    [
        "/statements?page=0",
        "/statements?page=x",
        "/statements?sort=evil",
        "/statements?kind=evil",
        "/statements?from=yesterday",
        "/actors?type=a%20b",
        "/statements?speaker=not%20an%20iri",
    ],
)
def test_bad_list_parameters_are_400(demo_client: FlaskClient, path: str) -> None:
    assert demo_client.get(path).status_code == 400


def test_statements_filter_by_speaker_kind_and_date(demo_client: FlaskClient) -> None:
    speaker = f"{BASE}id/actor/john-kerry"
    by_kerry = demo_client.get("/statements", query_string={"speaker": speaker}).text
    speakers = {h for h in Page(by_kerry).hrefs if h.startswith("/id/actor/")}
    assert speakers == {actor_path("john-kerry")}
    denials = demo_client.get("/statements?kind=denial").text
    assert set(re.findall(r'statement/\w+\.html">(\w+)<', denials)) == {"denial"}
    dated = demo_client.get("/statements?from=2016-10-20&to=2016-10-21&sort=oldest").text
    dates = re.findall(r"<tr><td data-label=\"Date\">(\d{4}-\d\d-\d\d)", dated)
    assert dates and all("2016-10-20" <= d <= "2016-10-21" for d in dates) and dates == sorted(dates)


def test_actors_by_type_and_sorted(demo_client: FlaskClient) -> None:
    states = demo_client.get("/actors?type=State").text
    assert set(re.findall(r'</a></td><td data-label="Type">(\w+)</td>', states)) == {"State"}
    busy = demo_client.get("/actors?sort=statements").text
    counts = [int(n) for n in re.findall(r'<td class="num" data-label="Statements made">(\d+)</td>', busy)]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0


def test_documents_sorted_by_title(demo_client: FlaskClient) -> None:
    html = demo_client.get("/documents?sort=title").text
    titles = re.findall(r'<a href="/id/document/\w+\.html"><bdi>([^<]+)</bdi></a>', html)
    assert len(titles) == 16 and titles == sorted(titles, key=str.lower)


def test_list_orders_read_like_sparql_order_by() -> None:
    """A missing date sorts first, descending puts it last, and the IRI breaks ties, so pages never overlap."""
    rows = [
        {"statement": "b", "date": ""},
        {"statement": "c", "date": "2016-10-02"},
        {"statement": "a", "date": "2016-10-02"},
        {"statement": "d", "date": "2016-10-01"},
    ]
    newest = [row["statement"] for row in ordered(rows, STATEMENTS.orders["newest"])]
    oldest = [row["statement"] for row in ordered(rows, STATEMENTS.orders["oldest"])]
    assert newest == ["a", "c", "d", "b"] and oldest == ["b", "d", "a", "c"]


def test_lists_and_counts_follow_a_write(writable_client: FlaskClient) -> None:
    """The lists and counts a page keeps between requests are read again once the store has been written."""
    assert re.search(r"2\s+documents", page(writable_client, "/").all_text)
    assert "/id/document/3.html" not in page(writable_client, "/documents").hrefs
    document = f"{BASE}id/document/3"
    written = writable_client.put(
        "/rdf-graphs/service",
        query_string={"graph": document},
        data=f'<{document}> a <{AL.Document}> ; <{DCTERMS.title}> "A third report" .',
        headers={"Authorization": f"Bearer {UPDATE_TOKEN}", "Content-Type": "text/turtle"},
    )
    assert written.status_code == 201, written.text
    home = page(writable_client, "/")
    assert re.search(r"3\s+documents", home.all_text) and "/id/document/3.html" in home.hrefs
    assert "/id/document/3.html" in page(writable_client, "/documents").hrefs


def test_query_page_offers_the_named_queries(demo_client: FlaskClient) -> None:
    html = demo_client.get("/query").text
    assert '<option value="who-backs-whom">' in html
    assert '<template class="example" data-name="who-backs-whom">' in html
    loaded = demo_client.get("/query?example=denials").text
    assert "# title: Denials" in loaded.split('<template id="chosen">', 1)[1].split("</template>", 1)[0]


def test_query_page_serves_yasgui_from_here_with_the_servers_prefixes(demo_client: FlaskClient) -> None:
    response = demo_client.get("/query")
    scripts = [script["src"] for script in Page(response.text).scripts if script.get("src")]
    assert scripts == ["/static/vendor/yasgui.min.js", "/static/query.js"], "every script is our own file"
    for path in [*scripts, "/static/vendor/yasgui.min.css"]:
        assert demo_client.get(path).status_code == 200, path
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert f"style-src 'self' {assets.YASGUI_STYLE};" in policy, (
        "one inline stylesheet, by hash, and no other"
    )
    prefixes = demo_client.get("/query/prefixes.json").json
    assert prefixes == PREFIXES and prefixes["al"] == str(AL)


def test_api_page_is_swagger_ui_over_the_openapi_document(demo_client: FlaskClient) -> None:
    page = Page(demo_client.get("/api").text)
    assert [s["src"] for s in page.scripts if s.get("src")] == [
        "/static/vendor/swagger-ui-bundle.js",
        "/static/api.js",
    ]
    assert demo_client.get("/static/vendor/swagger-ui-bundle.js").status_code == 200
    document = demo_client.get("/api/openapi.json").json
    assert document["servers"] == [{"url": "/"}] and "/api/who-backs-whom" in document["paths"]


def test_a_page_whose_vendored_files_are_missing_says_how_to_build_them() -> None:
    with pytest.raises(HttpError, match=r"make assets") as refused:
        assets.require("yasgui.min.js", "not-built.js")
    assert refused.value.status == 500 and "not-built.js" in refused.value.message
    assert "yasgui.min.js" not in refused.value.message, "only what is missing is named"
