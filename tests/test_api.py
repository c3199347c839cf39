"""The public surface: honest ``__all__``, docstrings, type hints, typing marker."""

from __future__ import annotations

import importlib
import inspect
import typing
from importlib import metadata, resources
from pathlib import Path

import pytest

import claimkit

PUBLIC_MODULES = [
    "claimkit",
    "claimkit.policies",
    "claimkit.examples",
    "claimkit.testing",
    "claimkit.cli",
]
DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_lists_exactly_the_public_names(name: str) -> None:
    """Each public module's ``__all__`` names only what exists, and every public
    name it defines (the package: every public name it holds) is in it."""
    module = importlib.import_module(name)
    exported = set(module.__all__)
    assert len(exported) == len(module.__all__), "duplicates in __all__"
    assert all(hasattr(module, item) for item in exported)
    if name == "claimkit":
        public = {
            key
            for key, value in vars(module).items()
            if not key.startswith("_") and not inspect.ismodule(value) and key != "annotations"
        }
    else:
        public = {
            key
            for key, value in vars(module).items()
            if not key.startswith("_") and getattr(value, "__module__", None) == name
        }
    assert public <= exported


def test_dir_is_all() -> None:
    """``dir(claimkit)`` shows the public names."""
    assert dir(claimkit) == sorted(claimkit.__all__)


@pytest.mark.parametrize("name", sorted(claimkit.__all__))
def test_every_public_name_is_documented(name: str) -> None:
    """Every exported name has a docstring (or, for constants and aliases, a
    documentation comment in the reference)."""
    value = getattr(claimkit, name)
    if name in {"__version__", "FORMAT_VERSION", "Value"}:
        assert name in (DOCS / "reference.rst").read_text(encoding="utf-8")
        return
    assert inspect.getdoc(value), f"{name} has no docstring"
    if inspect.isclass(value):
        for member, attribute in vars(value).items():
            if member.startswith("_") or (
                not callable(attribute) and not isinstance(attribute, property)
            ):
                continue
            assert inspect.getdoc(attribute), f"{name}.{member} has no docstring"


@pytest.mark.parametrize("name", sorted(claimkit.__all__))
def test_every_public_name_is_in_the_reference(name: str) -> None:
    """The API reference documents every exported name."""
    reference = (DOCS / "reference.rst").read_text(encoding="utf-8")
    assert name in reference


@pytest.mark.parametrize(
    "cls",
    [
        getattr(claimkit, name)
        for name in claimkit.__all__
        if inspect.isclass(getattr(claimkit, name))
    ],
)
def test_type_hints_resolve(cls: type) -> None:
    """``typing.get_type_hints`` works on every public class."""
    typing.get_type_hints(cls)
    init = getattr(cls, "__init__", None)
    if init is not None and inspect.isfunction(init):
        typing.get_type_hints(init)


def test_typed_marker_and_version() -> None:
    """The package ships py.typed and reports its installed version."""
    assert resources.files("claimkit").joinpath("py.typed").is_file()
    assert claimkit.__version__ == metadata.version("claimkit")
    with pytest.raises(AttributeError):
        claimkit.no_such_name  # noqa: B018


def test_errors_derive_from_builtins() -> None:
    """``except ValueError`` keeps working for callers."""
    assert issubclass(claimkit.ValidationError, ValueError)
    assert issubclass(claimkit.ValidationError, claimkit.ClaimkitError)
    assert issubclass(claimkit.ReconciliationError, ValueError)
    assert issubclass(claimkit.NotFoundError, LookupError)
    assert not issubclass(claimkit.NotFoundError, KeyError)
