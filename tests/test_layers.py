"""The tiers of docs/architecture.md: every import points down, and the diagram there is the code's.

Imports are read from the source with ``ast`` (inside functions too: a deferred import is still a dependency),
so the check needs no third-party tool and sees exactly what Python would import.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LAYERS: tuple[tuple[str, ...], ...] = (
    ("foundation",),
    ("ontology", "queries"),
    ("shapes",),
    ("ingest", "endpoint"),
    ("cli",),
)
"""Bottom first. A package may import its own modules and those of packages in lower rows; packages in one row
are independent of each other."""

FOLDERS = {"foundation": "core", **{name: name for row in LAYERS[1:] for name in row}}
RANK = {name: rank for rank, row in enumerate(LAYERS) for name in row}


def package_of(module: str) -> str | None:
    """The package of an ``allegiance`` module (``allegiance.store`` is the foundation), None for others."""
    parts = module.split(".")
    if parts[0] != "allegiance":
        return None
    return parts[1] if len(parts) > 1 and parts[1] in RANK else "foundation"


def imported(path: Path) -> Iterator[tuple[int, str]]:
    """The line and module of every ``allegiance`` import in a file, names imported from the package itself
    counting as modules (``from allegiance import queries`` imports ``allegiance.queries``)."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "allegiance":
                yield from ((node.lineno, f"allegiance.{alias.name}") for alias in node.names)
            else:
                yield node.lineno, node.module


def dependencies() -> Iterator[tuple[str, str, str]]:
    """(importing package, imported package, where) for every import between two packages."""
    for package, folder in FOLDERS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            for line, module in imported(path):
                target = package_of(module)
                if target is not None and target != package:
                    yield package, target, f"{path.relative_to(ROOT)}:{line} imports {module}"


def test_every_import_points_down() -> None:
    upward = [where for source, target, where in dependencies() if RANK[target] >= RANK[source]]
    assert not upward, "imports that do not point down (docs/architecture.md):\n" + "\n".join(upward)


def test_the_diagram_in_the_architecture_document_is_the_code() -> None:
    edges = {(source, target) for source, target, _ in dependencies()}
    text = (ROOT / "docs/architecture.md").read_text()
    block = re.search(r"```mermaid\n(.*?)```", text, re.DOTALL)
    assert block, "docs/architecture.md has no mermaid diagram"
    drawn = set(re.findall(r"^\s*(\w+) --> (\w+)$", block.group(1), re.MULTILINE))
    expected = "\n".join(f"  {s} --> {t}" for s, t in sorted(edges, key=lambda e: (-RANK[e[0]], e)))
    assert drawn == edges, f"the diagram's arrows should be:\n{expected}"


def test_tests_import_neither_conftest_nor_benchmarks() -> None:
    """Benchmarks use the tests' harness (tests/faults.py, tests/load.py, tests/hostile.py), not the reverse;
    what tests share is imported from tests/support.py, and fixtures come from conftest.py through pytest."""
    scripts = {path.stem for path in (ROOT / "benchmarks").glob("*.py")}
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in sorted((ROOT / "tests").glob("*.py"))
        for line, module in imported(path)
        if module.split(".")[0] in {"conftest", "benchmarks", *scripts}
    ]
    assert not found, "\n".join(found)
