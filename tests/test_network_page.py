"""The whole network (/network and its JSON twin), reports over time on actor and relation pages, and the actor
diagram's size, asking the demo graph's app in-process through Flask's test client; the figures are checked
against SPARQL queries of the same app."""

from __future__ import annotations

import csv
import io
import re

import pyarrow.parquet as pq
import pytest
from flask.testing import FlaskClient

from allegiance.endpoint import assets
from allegiance.endpoint.timeline import Dated, timeline

ID = "https://w3id.org/allegiance/id/"


def count(client: FlaskClient, sparql: str) -> int:
    """The one number a SELECT of one row and one column answers."""
    answer = client.post(
        "/sparql", data={"query": sparql}, headers={"Accept": "application/sparql-results+json"}
    ).json
    row = answer["results"]["bindings"][0]
    return int(next(iter(row.values()))["value"])


def test_the_network_twin_counts_each_alignments_documents(demo_client: FlaskClient) -> None:
    found = demo_client.get("/network.json").json
    nodes = {node["id"]: node for node in found["nodes"]}
    assert len(found["edges"]) > 20 and len(nodes) > 20
    weights = [edge["documents"] for edge in found["edges"]]
    assert weights == sorted(weights, reverse=True), "heaviest first"
    for edge in found["edges"]:
        assert edge["source"] in nodes and edge["target"] in nodes
    assert nodes[ID + "actor/russia"] == {
        "id": ID + "actor/russia",
        "label": "Russia",
        "type": "State",
        "reports": sum(
            e["documents"] for e in found["edges"] if ID + "actor/russia" in (e["source"], e["target"])
        ),
        "page": "/id/actor/russia.html",
    }
    for edge in found["edges"][:5]:
        assert edge["documents"] == count(
            demo_client,
            f"""SELECT (COUNT(DISTINCT ?document) AS ?n) WHERE {{
              ?r al:polarity kind:asserted ; al:relationType kind:{edge["kind"]} ;
                 al:sourceActor <{edge["source"]}> ; al:targetActor <{edge["target"]}> ;
                 prov:wasDerivedFrom ?document }}""",
        ), edge
    assert len(found["edges"]) == count(
        demo_client,
        """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?t ?k WHERE {
             ?r al:polarity kind:asserted ; al:relationType ?k ; al:sourceActor ?s ; al:targetActor ?t ;
                prov:wasDerivedFrom ?d } }""",
    )


def test_the_network_filters_by_kind_date_and_documents(demo_client: FlaskClient) -> None:
    everything = demo_client.get("/network.json").json["edges"]
    hostile = demo_client.get("/network.json?kind=attacks&kind=opposes").json
    assert hostile["filters"]["kind"] == ["opposes", "attacks"]
    assert hostile["edges"] and {e["kind"] for e in hostile["edges"]} <= {"attacks", "opposes"}
    assert {e["tone"] for e in hostile["edges"]} == {"hostile"}
    assert len(hostile["edges"]) == sum(1 for e in everything if e["kind"] in ("attacks", "opposes"))

    heavy = demo_client.get("/network.json?min=2").json["edges"]
    assert heavy and all(e["documents"] >= 2 for e in heavy)
    assert len(heavy) == sum(1 for e in everything if e["documents"] >= 2)

    window = demo_client.get("/network.json?from=2016-10-10&to=2016-10-20").json["edges"]
    assert window and len(window) < len(everything)
    assert all("2016-10-10" <= e["first"] <= e["last"] <= "2016-10-20" for e in window)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind=likes", "kind must be among"),
        ("min=0", "min must be a whole number"),
        ("min=two", "min must be a whole number"),
        ("from=yesterday", "from must be a date"),
    ],
)
def test_a_bad_network_filter_is_a_400_that_says_what_is_allowed(
    demo_client: FlaskClient, query: str, message: str
) -> None:
    for path in ("/network", "/network.json"):
        response = demo_client.get(f"{path}?{query}")
        assert response.status_code == 400 and message in response.text, (path, response.text)


def test_the_network_page_lists_the_edges_and_links_its_twin(demo_client: FlaskClient) -> None:
    response = demo_client.get("/network?min=2&kind=backs&kind=alliedWith")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert f"script-src 'self'; style-src 'self' {assets.CYTOSCAPE_STYLE};" in policy
    html = response.text
    assert 'data-source="/network.json?kind=backs&amp;kind=alliedWith&amp;min=2"' in html
    assert (
        'src="/static/vendor/cytoscape.min.js"' in html
        and demo_client.get("/static/vendor/cytoscape.min.js").status_code == 200
    )
    rows = re.findall(r'<tr class="support">(.*?)</tr>', html, re.S)
    assert len(rows) == len(demo_client.get("/network.json?min=2&kind=backs&kind=alliedWith").json["edges"])
    assert all(re.search(r'href="/id/actor/[^"]+\.html"', row) for row in rows)
    assert '<input type="checkbox" name="kind" value="attacks">' in html, "unchosen kinds stay unticked"
    nothing = demo_client.get("/network?from=1990-01-01&to=1990-12-31").text
    assert "No alignment matches these filters." in nothing and 'id="network"' not in nothing


def test_actor_and_relation_pages_chart_their_reports_over_time(demo_client: FlaskClient) -> None:
    actor = ID + "actor/russian-government"
    html = demo_client.get("/id/actor/russian-government.html").text
    dated = count(
        demo_client,
        f"""SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{
          ?r a al:Relation ; al:date ?d . {{ ?r al:sourceActor <{actor}> }} UNION {{ ?r al:targetActor <{actor}> }} }}""",
    )
    desc = re.search(r'<desc id="chart-desc">(\d+) dated reports from (\S+) to (\S+),', html)
    assert desc and int(desc.group(1)) == dated
    bars = [
        int(reported) + int(denied or 0)
        for reported, denied in re.findall(r"<title>[\d-]+: (\d+) reported(?:, (\d+) denied)?", html)
    ]
    assert sum(bars) == dated and "reports per day" in html

    relation = re.search(r'href="(/id/document/\w+/relation/[^"#]+\.html)"', html)
    assert relation
    page = demo_client.get(relation.group(1)).text
    assert '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 180"' in page
    assert "Reports of this alignment over time" in page


def test_the_diagram_is_sized_to_its_neighbours_and_left_out_without_any(demo_client: FlaskClient) -> None:
    few = demo_client.get("/id/actor/russian-government.html").text
    box = re.search(r'viewBox="(-?\d+) (-?\d+) (\d+) (\d+)" width="(\d+)"[^>]*class="neighbourhood"', few)
    assert box and box.group(3) == box.group(5)
    x, y, width, height = (int(box.group(n)) for n in range(1, 5))
    assert width < 720 and height < 520, "four neighbours do not need the room of sixteen"
    for cx, cy in re.findall(r'<circle cx="(-?[\d.]+)" cy="(-?[\d.]+)"', few):
        assert x < float(cx) < x + width and y < float(cy) < y + height
    lonely = demo_client.get("/id/actor/dominica.html").text
    assert "No alignments recorded." in lonely
    assert 'class="neighbourhood"' not in lonely and 'class="timeline"' not in lonely


@pytest.mark.parametrize(
    ("days", "periods"),
    [
        (["2016-10-01", "2016-10-03"], ["2016-10-01", "2016-10-02", "2016-10-03"]),
        (["2016-01-20", "2016-05-02"], ["2016-01", "2016-02", "2016-03", "2016-04", "2016-05"]),
        (["2009-03-01", "2016-05-02T10:00:00Z"], [str(y) for y in range(2009, 2017)]),
    ],
)
def test_a_chart_counts_by_day_month_or_year_as_its_span_allows(days: list[str], periods: list[str]) -> None:
    reports = [Dated(f"r{i}", day, "asserted") for i, day in enumerate(days)] + [
        Dated("d", days[0], "denied")
    ]
    reports += [Dated("r0", days[0], "asserted"), Dated("undated", "", "")]  # the same node twice counts once
    chart = timeline("t", reports)
    assert chart is not None
    assert [bar.period for bar in chart.bars] == periods
    assert (chart.bars[0].asserted, chart.bars[0].denied, chart.undated) == (1, 1, 1)
    assert sum(bar.asserted for bar in chart.bars) == len(days)
    assert timeline("t", [Dated("undated", "", "asserted")]) is None


def test_the_network_csv_and_parquet_twins_list_the_pages_edges_with_its_filters(
    demo_client: FlaskClient,
) -> None:
    filters = "kind=backs&kind=alliedWith&from=2016-10-01&min=2"
    page = demo_client.get(f"/network?{filters}").text
    assert f'href="/network.csv?{filters.replace("&", "&amp;")}"' in page
    assert f'href="/network.parquet?{filters.replace("&", "&amp;")}"' in page
    edges = demo_client.get(f"/network.json?{filters}").json["edges"]
    assert 1 < len(edges) < len(demo_client.get("/network.json").json["edges"])
    response = demo_client.get(f"/network.csv?{filters}")
    assert response.headers["X-Total-Count"] == str(len(edges))
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert [
        (r["source"], r["kind"], r["target"], int(r["documents"]), r["first"], r["last"]) for r in table
    ] == [(e["source"], e["kind"], e["target"], e["documents"], e["first"], e["last"]) for e in edges]
    assert {r["source_label"] for r in table if r["source"] == ID + "actor/russian-government"} == {
        "Russian government"
    }
    parquet = pq.read_table(io.BytesIO(demo_client.get(f"/network.parquet?{filters}").data)).to_pylist()
    assert [{**r, "documents": str(r["documents"])} for r in parquet] == table
    assert demo_client.get("/network.csv?_limit=1&_offset=1").text.count("\n") == 2
    assert demo_client.get("/network.csv?min=0").status_code == 400


def test_each_alignment_of_an_actor_page_links_to_its_pairs_reports(demo_client: FlaskClient) -> None:
    html = demo_client.get("/id/actor/russian-government.html").text
    table = html[html.index('<table class="alignments stack">') :]
    rows = re.findall(r"<tr>(.*?)</tr>", table[: table.index("</table>")], re.S)[1:]
    assert len(rows) > 2
    for row in rows:
        link = re.search(r'href="(/reports\?actor=[^"]+)">reports over time', row)
        assert link, row
        pair = demo_client.get(link.group(1).replace("&amp;", "&").replace("/reports?", "/reports.csv?")).text
        listed = {ID + path for path in re.findall(r'href="/id/(document/\w+/relation/\w+)\.html', row)}
        assert listed and listed <= {line.split(",")[0] for line in pair.splitlines()}, row
