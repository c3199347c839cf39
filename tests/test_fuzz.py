"""Hostile input for every reader (JSON, JSON Lines, PROV-JSON, PROV-N, PROV-O, Wikidata,
CSV): only ValidationError may come out. The harness is bench/fuzz.py; here it runs with few
examples, and with 10,000 per reader and input kind under ``pytest -m slow``."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_harness", ROOT / "bench" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_harness"] = module
    spec.loader.exec_module(module)
    return module


fuzz = _harness()
CASES = [(reader, kind) for reader in fuzz.READERS for kind in fuzz.properties(reader)]


@pytest.mark.parametrize(("reader", "kind"), CASES)
def test_readers_raise_only_validation_errors(reader: str, kind: str) -> None:
    """A quick run of each fuzz property."""
    prop = fuzz.properties(reader)[kind]
    settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])(prop)()


@pytest.mark.slow
@pytest.mark.parametrize(("reader", "kind"), CASES)
def test_readers_raise_only_validation_errors_at_length(reader: str, kind: str) -> None:
    """10,000 examples of each fuzz property."""
    prop = fuzz.properties(reader)[kind]
    settings(
        max_examples=10_000, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )(prop)()
