"""Ingest as a Dask job on a local cluster of worker processes: the same graphs as a single-process ingest."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from distributed import Client, LocalCluster
from support import Virtuoso, clear, demo_documents

from allegiance.config import Settings
from allegiance.ingest.cluster import ingest_on_cluster
from allegiance.ingest.pipeline import Ingestor
from allegiance.namespaces import PROV

STARTED = ox.NamedNode(str(PROV.startedAtTime))


def quads(folder: Path) -> list[str]:
    """Every quad the N-Quads files in ``folder`` hold, but the run's start time, sorted."""
    found = []
    for path in folder.glob("*.nq"):
        with path.open("rb") as stream:
            found += [str(q) for q in ox.parse(stream, format=ox.RdfFormat.N_QUADS) if q.predicate != STARTED]
    return sorted(found)


@pytest.mark.slow
def test_a_local_cluster_ingests_what_a_single_process_ingests(
    virtuoso: Virtuoso, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALLEGIANCE_STORE_USER", virtuoso.user)  # what the worker processes read
    monkeypatch.setenv("ALLEGIANCE_STORE_PASSWORD", virtuoso.password)
    store = virtuoso.store()
    clear(store)
    items = demo_documents(4)
    settings = Settings(store=tmp_path / "unused", quarantine=tmp_path / "quarantine")
    single = Ingestor(settings, store, nquads_out=tmp_path / "single").run(items)
    assert [o.status for o in single.outcomes] == ["stored"] * 4
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        written = ingest_on_cluster(
            client, items, settings, store=virtuoso.url, nquads_out=tmp_path / "cluster"
        )
        assert sorted(o.document for o in written.outcomes) == sorted(o.document for o in single.outcomes)
        assert len(list((tmp_path / "cluster").glob("*.nq"))) == 2  # one batch per partition
        assert quads(tmp_path / "cluster") == quads(tmp_path / "single")
        committed = ingest_on_cluster(client, items, settings, store=virtuoso.url)
    assert [o.status for o in committed.outcomes] == ["stored"] * 4
    assert set(o.document for o in committed.outcomes) <= set(store.graph_names())
    clear(store)
    store.close()


def test_a_cluster_ingest_refuses_a_store_directory(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="sparql"):
        ingest_on_cluster(None, [], Settings(store=tmp_path / "s"), store=str(tmp_path / "s"))  # type: ignore[arg-type]
