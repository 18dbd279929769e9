"""The package works from an installed wheel, away from the checkout: data files ship and are found."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHECK = """
import allegiance
assert allegiance.__file__.startswith(TARGET), allegiance.__file__
from allegiance import queries, ontology
from allegiance.ingest import gazetteer
from importlib.resources import files
assert len(queries.catalogue()) >= 8
assert len(ontology.graph()) > 500
assert len(gazetteer.reference().actors) > 400
assert files("allegiance.cli").joinpath("demo/corpus.jsonl").read_text().count("\\n") >= 10
print("ok", allegiance.__file__)
"""


@pytest.mark.slow
def test_a_wheel_carries_its_data_and_works_outside_the_checkout(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
    )
    wheel = next((tmp_path / "dist").glob("allegiance-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "allegiance/queries/who-backs-whom.rq",
        "allegiance/ontology/allegiance.ttl",
        "allegiance/ontology/allegiance.owl",
        "allegiance/cli/demo/corpus.jsonl",
        "allegiance/py.typed",
        "allegiance/ingest/data/actors/states.tsv",
        "allegiance/endpoint/static/vendor/yasgui.min.js",  # built by make assets before the wheel
        "allegiance/endpoint/static/vendor/cytoscape.min.js",
        "allegiance/endpoint/static/vendor/swagger-ui-dist.LICENSE",
        *(
            f"allegiance/ingest/data/actors/{table.name}"
            for table in (ROOT / "ingest/data/actors").glob("*.tsv")
        ),
    ):
        assert expected in names, expected
    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True,
    )
    result = subprocess.run(
        [sys.executable, "-c", f"TARGET = {str(target)!r}\n" + CHECK],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stdout
