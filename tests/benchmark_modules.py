"""The scripts of ``benchmarks/`` as modules, for the tests of their generators and of what they generate."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def load(name: str) -> ModuleType:
    """A module of ``benchmarks/``, which holds scripts rather than part of the package."""
    spec = importlib.util.spec_from_file_location(f"allegiance_bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module
