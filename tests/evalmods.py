"""The evaluation scripts under eval/ loaded as modules by the tests that gate their figures."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"  # the real corpora, read in place
EVAL = ROOT / "eval"


def eval_module(name: str) -> ModuleType:
    """eval/NAME.py, loaded once (registered under its own name: dataclasses look it up there)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, EVAL / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def require_shared(folder: Path, gate: str) -> None:
    """Skip when ../shared data is absent locally; fail under CI, where the gate must run."""
    import os

    import pytest

    if not folder.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{folder} is missing; CI is set, so the {gate} gate must run")
        pytest.skip(f"{folder} is missing")
