"""Shared fixtures. The Hypothesis profiles are in the project's root conftest.py,
so that they apply to the doctests of the package and the README as well."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def makiivka():
    """The bundled Makiivka example."""
    from claimkit import examples

    return examples.load("makiivka")
