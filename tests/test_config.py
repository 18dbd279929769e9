"""Configuration: one table of environment variables, read when settings are made, each documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from allegiance.config import VARIABLES, Settings
from allegiance.endpoint.execution import Limits

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ("core", "cli", "ontology", "queries", "shapes", "ingest", "endpoint")


def test_every_variable_the_code_reads_is_in_the_table_and_the_architecture_document() -> None:
    named = {
        name
        for folder in PACKAGE
        for path in (ROOT / folder).rglob("*.py")
        for name in re.findall(r'"(ALLEGIANCE_[A-Z_]+)"', path.read_text())
    }
    assert named == set(VARIABLES)
    table = (ROOT / "docs/architecture.md").read_text()
    for variable in VARIABLES.values():
        assert f"| `{variable.name}` | {variable.default and f'`{variable.default}`'} |" in table, (
            variable.name
        )


def test_settings_are_read_when_they_are_made_not_when_the_module_is_imported(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ALLEGIANCE_QUERY_TIMEOUT", "2.5")
    monkeypatch.setenv("ALLEGIANCE_MAX_ROWS", "7")
    assert Settings(store=tmp_path).query_timeout == 2.5
    assert Limits().max_rows == 7
    monkeypatch.setenv("ALLEGIANCE_MAX_ROWS", "many")
    with pytest.raises(ValueError, match="ALLEGIANCE_MAX_ROWS must be a number, got 'many'"):
        Limits()
