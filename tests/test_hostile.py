"""Hostile input: whatever the readers and parsers are given, the only exception
that comes out is ValidationError."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimkit import ClaimSet, PartialDate, Quantity, ValidationError, dumps, iter_jsonl, loads
from claimkit.testing import claimsets

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
KEYS = st.sampled_from(
    ["claimkit", "sources", "claims", "attributions", "id", "name", "kind", "value", "type",
     "low", "high", "best", "claim", "source", "via", "stated", "qualifiers", "evidence"]
)  # fmt: skip


def _only_validation_errors(call: Any, *args: Any) -> None:
    """Run ``call``; it may succeed or raise ValidationError with readable problems,
    and any other exception fails the test."""
    error: ValidationError | None = None
    try:
        call(*args)
    except ValidationError as raised:
        error = raised
    if error is not None:
        assert str(error)
        assert all(isinstance(problem, ValidationError) for problem in error.errors)


@given(JSON)
def test_loads_arbitrary_json(document: object) -> None:
    """Any JSON value is either a claim set or a ValidationError."""
    _only_validation_errors(loads, json.dumps(document))


@given(claimsets(coherent=False), st.data())
def test_loads_damaged_documents(claims: ClaimSet, data: st.DataObject) -> None:
    """A real document with one value replaced anywhere by arbitrary JSON is either
    still valid or refused with a ValidationError."""
    document = json.loads(dumps(claims))
    target: Any = document
    for _ in range(data.draw(st.integers(0, 4))):
        if isinstance(target, dict) and target:
            key = data.draw(st.sampled_from(sorted(target)))
            if not isinstance(target[key], dict | list) or not target[key]:
                break
            target = target[key]
        elif isinstance(target, list) and target:
            index = data.draw(st.integers(0, len(target) - 1))
            if not isinstance(target[index], dict | list) or not target[index]:
                break
            target = target[index]
    replacement = data.draw(JSON)
    if isinstance(target, dict):
        target[data.draw(KEYS)] = replacement
    elif isinstance(target, list):
        target.append(replacement)
    _only_validation_errors(loads, json.dumps(document))


@given(st.binary(max_size=200))
def test_loads_arbitrary_bytes(data: bytes) -> None:
    """Arbitrary bytes are refused with a ValidationError (or, rarely, read)."""
    _only_validation_errors(loads, data)


@given(st.lists(st.text(max_size=60) | JSON.map(json.dumps), max_size=6))
def test_json_lines_arbitrary_lines(lines: list[str]) -> None:
    """Arbitrary lines after a valid header give records or a ValidationError."""
    _only_validation_errors(lambda: list(iter_jsonl(['{"claimkit": "1.0"}\n', *lines])))


@given(st.text(max_size=40))
def test_quantity_parse_arbitrary_text(text: str) -> None:
    """Any text is a quantity or a ValidationError, never another exception."""
    _only_validation_errors(Quantity.parse, text)


@given(st.text(max_size=40), st.dates())
def test_date_parse_arbitrary_text(text: str, reference: Any) -> None:
    """Any text is a partial date or a ValidationError, never another exception."""
    _only_validation_errors(lambda: PartialDate.parse(text, reference=reference))


@given(
    st.from_regex(
        r"\A(about |at least |more than |up to |between )?[0-9,.\- ]{1,12}"
        r"( and [0-9,.]{1,8})?( million| thousand|%)?\Z"
    )
)
def test_quantity_parse_number_like_text(text: str) -> None:
    """Text that looks like a figure is read or refused, never crashes; what is
    read reads back from its own text."""
    try:
        quantity = Quantity.parse(text)
    except ValidationError:
        return
    assert Quantity.parse(str(quantity), unit=quantity.unit) == quantity


@pytest.mark.parametrize("version", ["².0", "1\u00b9.0", "\u0661.\u0660", "01.0", "1.0 "])
def test_a_version_of_unicode_digits_is_a_validation_error(version: str) -> None:
    """A format version with digits int() cannot read, or that the schema's
    pattern refuses, is refused by the readers too, and is not a crash."""
    document = json.dumps({"claimkit": version, "sources": [], "claims": [], "attributions": []})
    with pytest.raises(ValidationError) as whole:
        loads(document)
    assert whole.value.path == "claimkit"
    with pytest.raises(ValidationError):
        list(iter_jsonl([json.dumps({"claimkit": version})]))
