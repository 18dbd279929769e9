"""Shared fixtures: a small store of conflict-news facts and a real HTTP server on 127.0.0.1 serving it."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from support import (
    UPDATE_TOKEN,
    VIRTUOSO_INI,
    VIRTUOSO_PASSWORD,
    W3C_RESULTS,
    Running,
    Virtuoso,
    clear,
    fill,
    free_port,
    serving,
)

from allegiance.config import Settings
from allegiance.endpoint.app import create_app
from allegiance.endpoint.execution import Limits
from allegiance.ingest import gazetteer, nlp
from allegiance.ingest.extract import Extractor
from allegiance.iris import Minter
from allegiance.store import GraphStore, Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = fill(Store(tmp_path / "store"))
    yield opened
    opened.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(store=tmp_path / "store")


@pytest.fixture
def app(store: Store, settings: Settings) -> Flask:
    """The read-only endpoint (no update token) over the sample store."""
    return create_app(store, settings, limits=Limits(timeout=5))


@pytest.fixture
def writable_app(store: Store, settings: Settings) -> Flask:
    """The endpoint with updates and graph writes enabled by ``UPDATE_TOKEN``."""
    return create_app(store, settings, update_token=UPDATE_TOKEN, limits=Limits(timeout=5))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """The read-only endpoint in-process, through Flask's test client: what a route answers needs no socket."""
    return app.test_client()


@pytest.fixture
def writable_client(writable_app: Flask) -> FlaskClient:
    return writable_app.test_client()


@pytest.fixture
def server(app: Flask) -> Iterator[Running]:
    """The read-only endpoint on a real server, for tests of the wire and of real clients."""
    with serving(app) as running:
        yield running


@pytest.fixture
def writable_server(writable_app: Flask) -> Iterator[Running]:
    with serving(writable_app) as running:
        yield running


def pytest_configure(config: pytest.Config) -> None:
    config.stash[W3C_RESULTS] = {}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """Print the W3C conformance counts at the end of every run that executed any of those tests."""
    results = config.stash.get(W3C_RESULTS, {})
    if not results:
        return
    terminalreporter.section("W3C SPARQL 1.1 conformance")
    for suite, outcomes in results.items():
        passed = sum(outcomes.values())
        failed = sorted(name for name, ok in outcomes.items() if not ok)
        line = f"{suite}: {passed}/{len(outcomes)} passed"
        terminalreporter.write_line(line + (f"; failed: {', '.join(failed)}" if failed else ""))


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A real on-disk store holding the demo graph (ontology, reference actors, the demo corpus), built once."""
    from allegiance.cli.demo import build

    path = tmp_path_factory.mktemp("demo") / "store"
    built = Store(path)
    report = build(built, Settings(store=path))
    assert not report.failed, list(report.lines())
    yield built
    built.close()


# --- a real SPARQL server: Virtuoso ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """Virtuoso in the foreground on free loopback ports, with a throwaway database, for the whole session.

    Skipped where the binary is absent, except in CI (``CI`` set), where that is a failure: the suites that
    promise to run on both backends must not pass by skipping.
    """
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None:
        message = "virtuoso-t / isql-vt not installed (Debian: virtuoso-opensource-7-bin; `make system` installs it)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run the remote-store tests")
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("virtuoso")
    sql, http = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql=sql, http=http))
    with (folder / "console.log").open("wb") as console:
        process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=console,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(f"http://127.0.0.1:{http}/sparql?query=ASK%7B%7D", process, folder)
        subprocess.run(  # a new database's dba password is "dba"; set a known one, as an operator would
            [
                isql,
                f"127.0.0.1:{sql}",
                "dba",
                "dba",
                f"exec=USER_SET_PASSWORD('dba', '{VIRTUOSO_PASSWORD}');",
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield Virtuoso(f"sparql+http://127.0.0.1:{http}/sparql-auth")
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(url: str, process: subprocess.Popen[bytes], folder: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"virtuoso-t exited with {process.returncode}: {(folder / 'console.log').read_text()}"
            )
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(
        f"virtuoso-t did not answer within {seconds:g} s: {(folder / 'console.log').read_text()}"
    )


BACKENDS = ["embedded", "virtuoso"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of each backend: every test that takes it runs twice."""
    opened: GraphStore
    if request.param == "embedded":
        opened = Store(tmp_path / "store")
    else:
        opened = request.getfixturevalue("virtuoso").store()
        clear(opened)
    yield opened
    if request.param != "embedded":
        clear(opened)
    opened.close()


@pytest.fixture(scope="module")
def demo_app(demo_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The read-only endpoint, pages included, over the demo graph."""
    return create_app(
        demo_store, Settings(store=tmp_path_factory.mktemp("unused")), limits=Limits(timeout=10)
    )


@pytest.fixture(scope="module")
def demo(demo_app: Flask) -> Iterator[Running]:
    """The demo endpoint on a real server on 127.0.0.1 (the browser, real clients)."""
    with serving(demo_app) as running:
        yield running


@pytest.fixture
def demo_client(demo_app: Flask) -> FlaskClient:
    return demo_app.test_client()


@pytest.fixture
def planted_app(tmp_path: Path) -> Iterator[Flask]:
    """The endpoint over a store holding the planted hostile documents (see planted.py)."""
    from planted import plant

    store = plant(tmp_path / "planted")
    yield create_app(store, Settings(store=tmp_path / "planted"), limits=Limits(timeout=10))
    store.close()


@pytest.fixture
def planted(planted_app: Flask) -> Iterator[Running]:
    with serving(planted_app) as running:
        yield running


@pytest.fixture
def planted_client(planted_app: Flask) -> FlaskClient:
    return planted_app.test_client()


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """One spaCy pipeline and gazetteer for every test that reads text: loading them takes seconds."""
    reference = gazetteer.reference()
    return Extractor(nlp.load(reference), reference, Minter())
