"""How long the whole-network page takes, on the demo graph and on a synthetic graph: prints medians.

For each graph, the server's own time (in-process, as ``pages_bench.py`` measures it) for ``/network.json`` and
``/network``, right after a write to the store (the report rows are read again, as the first visitor after an
ingest waits) and again without one; then Debian's Chromium opens ``/network`` on the real server and the
page's script reports how long it took from its request for the JSON twin to the drawn network (fetch, parse,
Cytoscape.js layout and first paint), and the test measures the time from navigation to that point.

    python benchmarks/network_bench.py --triples 1000000

The synthetic graph is ``pages_bench.build``'s: two relation nodes per document among a tenth as many actors
as documents, so its network is wide and thin (at 1 million triples about 1,900 actors and 33,000 alignments,
most reported by one document). ``--min`` adds a filtered view of it, as a researcher would look at it.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

from pages_bench import build, median_ms, writer
from playwright.sync_api import sync_playwright

from allegiance.bootstrap import ensure
from allegiance.config import Settings
from allegiance.demo import build as build_demo
from allegiance.endpoint.app import create_app
from allegiance.endpoint.execution import Limits
from allegiance.endpoint.server import create_server
from allegiance.store import Store

CHROMIUM = "/usr/bin/chromium"


def browser_ms(url: str, repeats: int) -> tuple[float, float, int]:
    """Median ms from navigation to a drawn network, the script's own figure, and the actors drawn."""
    totals, drawn, actors = [], [], 0
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu"],
            headless=True,
            viewport={"width": 1200, "height": 900},
        )
        for _ in range(repeats):
            page = context.new_page()
            started = time.perf_counter()
            page.goto(url)
            holder = page.locator("#network[data-drawn-ms]")
            holder.wait_for(timeout=600_000)
            totals.append((time.perf_counter() - started) * 1000)
            drawn.append(float(holder.get_attribute("data-drawn-ms") or 0))
            actors = page.evaluate("document.getElementById('network').cytoscape.nodes().length")
            page.close()
        context.close()
    return sorted(totals)[len(totals) // 2], sorted(drawn)[len(drawn) // 2], actors


def measure(name: str, store: Store, settings: Settings, views: list[str], repeats: int) -> None:
    app = create_app(store, settings, limits=Limits(timeout=600))
    client = app.test_client()
    write = writer(store)
    print(f"\n{name}")
    print(
        f"{'view':38} {'actors':>7} {'edges':>7} {'after a write':>14} {'again':>9} {'browser':>9} {'drawing':>9}"
    )
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        for view in views:
            found = client.get("/network.json" + view).get_json()
            cold, _ = median_ms(client, "/network.json" + view, repeats, write)
            warm, _ = median_ms(client, "/network.json" + view, repeats, lambda: None)
            page, _ = median_ms(client, "/network" + view, repeats, lambda: None)
            url = f"http://127.0.0.1:{server.effective_port}/network{view}"  # type: ignore[union-attr]
            total, drawing, actors = browser_ms(url, max(1, repeats // 2))
            assert actors == len(found["nodes"])
            print(
                f"{'/network' + view:38} {len(found['nodes']):>7,} {len(found['edges']):>7,} "
                f"{cold:11.1f} ms {warm:6.1f} ms {total:6.0f} ms {drawing:6.0f} ms   (page {page:.1f} ms)",
                flush=True,
            )
    finally:
        server.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--min", type=int, default=2, help="the minimum of documents of the filtered view")
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo"
        store = Store(path)
        settings = Settings(store=path)
        build_demo(store, settings)
        measure("demo graph", store, settings, ["", "?kind=backs"], arguments.repeats)
        store.close()

        path = Path(folder) / "synthetic"
        store = Store(path)
        settings = Settings(store=path)
        ensure(store, settings)
        build(store, arguments.triples, 400, 100)
        print(f"\nsynthetic graph: {store.count():,} triples")
        views = ["", f"?min={arguments.min}", "?kind=backs&from=2016-03-01&to=2016-03-31"]
        measure(
            f"synthetic graph, {arguments.triples:,} triples asked", store, settings, views, arguments.repeats
        )
        store.close()


if __name__ == "__main__":
    main()
