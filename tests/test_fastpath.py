"""The readers' fast paths agree with the detailed ones: the hand-written hooks for
attributions and claims build what the detailed converter builds, or refuse,
whatever the record holds; and the claims' canonical text written by hand is what
:mod:`json` writes."""

from __future__ import annotations

import copy
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimkit import Attribution, Claim, ValidationError
from claimkit._canonical import (
    CLAIM_DOMAIN,
    _claim_text,
    claim_content,
    claim_digest,
    digest,
    dumps_canonical,
)
from claimkit._frozen import FrozenDict
from claimkit._serial import DEFAULT_CONVERTER, _fast_hooks, structure
from claimkit.testing import attributions, claims, identifiers, quantities

#: JSON values to put in place of a field: wrong types, empty and blank text, text
#: that is not in normal form C or holds what identifiers may not, numbers that
#: equal booleans, and values of other fields.
ODD = st.sampled_from(
    [
        None,
        0,
        1,
        -1,
        1.0,
        1.5,
        True,
        False,
        "",
        " ",
        " x",
        "x ",
        "a\x00b",
        "a\x85b",
        "\ud800",
        "e\u0301",
        "\u212b",
        "x",
        [],
        ["x"],
        ["x", "x"],
        [1],
        {},
        {"a": 1},
        {"type": "quantity"},
        {"type": "quantity", "best": 5},
        {"type": "quantity", "best": True},
        {"type": "quantity", "low": 5, "high": 1},
        {"type": "date", "value": "2023-01"},
        {"type": "date", "value": "2023-02-30"},
        {"type": "date", "value": 2023},
        {"type": "date", "value": "2023", "x": 1},
        {"type": "unknown", "low": 1},
        {"type": "bogus"},
        {"document": "d", "start": 0, "end": 3},
        "2023",
        "2023-01-02",
        "2023-13",
        "quote",
        "denies",
        "preferred",
        "probable",
        "asserts",
        "source",
        10**400,
        1e308,
    ]
)
ATTRIBUTION_KEYS = st.sampled_from(
    [a.alias for a in attrs.fields(Attribution) if a.init] + ["bogus"]
)
CLAIM_KEYS = st.sampled_from([a.alias for a in attrs.fields(Claim) if a.init] + ["id", "bogus"])


def deep(value: object) -> object:
    """A value with the types of everything inside it, for comparing exactly."""
    if attrs.has(kind := type(value)):
        return (kind, [(a.name, deep(getattr(value, a.name))) for a in attrs.fields(kind)])
    if isinstance(value, FrozenDict | dict):
        return (type(value), [(deep(key), deep(item)) for key, item in value.items()])
    if isinstance(value, tuple | list):
        return (type(value), [deep(item) for item in value])
    return (type(value), repr(value))


def both(raw: Any, kind: type[Any]) -> tuple[object, object]:
    """What the hand-written hook and the detailed converter make of ``raw``: each
    a record, or the exception raised."""
    hook = _fast_hooks()[kind]
    try:
        fast: object = hook(copy.deepcopy(raw), kind)
    except Exception as error:  # any failure sends the reader to the detailed path
        fast = error
    try:
        detailed: object = structure(DEFAULT_CONVERTER, copy.deepcopy(raw), kind, "")
    except ValidationError as error:
        detailed = error
    return fast, detailed


def agree(fast: object, detailed: object) -> None:
    """The fast path either refused, or built exactly what the detailed one built."""
    if isinstance(fast, Exception):
        return
    assert not isinstance(detailed, Exception), (fast, detailed)
    assert deep(fast) == deep(detailed)
    assert fast == detailed
    assert hash(fast) == hash(detailed)
    if isinstance(fast, Claim):
        assert isinstance(detailed, Claim)
        assert fast.id == detailed.id


SOURCE_IDS = ["ap", "ru-mod", "ua-stratcom", "e\u0301", "caf\u00e9"]


@given(attributions(claim_ids=["c" * 32, "d" * 32], source_ids=SOURCE_IDS))
def test_attributions_built_by_hand_equal_detailed(attribution: Attribution) -> None:
    raw = DEFAULT_CONVERTER.unstructure(attribution)
    fast, detailed = both(raw, Attribution)
    assert not isinstance(fast, Exception)
    agree(fast, detailed)
    assert fast == attribution


@given(claims())
def test_claims_built_by_hand_equal_detailed(claim: Claim) -> None:
    raw = DEFAULT_CONVERTER.unstructure(claim)
    fast, detailed = both(raw, Claim)
    assert not isinstance(fast, Exception)
    agree(fast, detailed)
    assert fast == claim


def _mutate(raw: dict[str, Any], changes: list[tuple[str, object, bool]]) -> dict[str, Any]:
    changed = dict(raw)
    for key, value, delete in changes:
        if delete:
            changed.pop(key, None)
        else:
            changed[key] = copy.deepcopy(value)
    return changed


@given(
    attributions(claim_ids=["c" * 32], source_ids=SOURCE_IDS),
    st.lists(st.tuples(ATTRIBUTION_KEYS, ODD | identifiers(), st.booleans()), max_size=3),
)
def test_mutated_attributions_are_refused_or_built_alike(
    attribution: Attribution, changes: list[tuple[str, object, bool]]
) -> None:
    raw = _mutate(DEFAULT_CONVERTER.unstructure(attribution), changes)
    agree(*both(raw, Attribution))


@given(
    claims(),
    st.lists(st.tuples(CLAIM_KEYS, ODD, st.booleans()), max_size=3),
    st.lists(st.tuples(st.sampled_from(["location", "e\u0301", " ", ""]), ODD), max_size=2),
    st.booleans(),
)
def test_mutated_claims_are_refused_or_built_alike(
    claim: Claim,
    changes: list[tuple[str, object, bool]],
    qualifiers: list[tuple[str, object]],
    fix_id: bool,
) -> None:
    raw = _mutate(DEFAULT_CONVERTER.unstructure(claim), changes)
    if qualifiers:
        raw["qualifiers"] = dict(qualifiers)
    if fix_id:
        # Give the changed content its own id, so that it can be read.
        _, detailed = both({**raw, "id": "?"}, Claim)
        if isinstance(detailed, ValidationError) and detailed.path == "id":
            raw["id"] = detailed.message.rsplit("gives ", 1)[1].split(":", 1)[0].strip("'")
    agree(*both(raw, Claim))


#: Identifiers and texts: good ones (some not in normal form C), and bad ones
#: (blank, padded, with a control character or a lone surrogate).
GOOD_NAMES = st.sampled_from(["ap", "ru-mod", "e\u0301", "caf\u00e9", "\u212b", "x"])
BAD_NAMES = st.sampled_from([" x", "x ", "", " ", "a\x00b", "a\x85b", "\ud800", "a\u2028"])
GOOD_DATES = st.sampled_from(["2023", "2023-01", "2023-01-02", "2024-02-29"])
BAD_DATES = st.sampled_from(["2023-02-30", "2023-13", "02023", " 2023", "2023-1", "\u0662023"])
NUMBERS = st.sampled_from([0, 1, 5, 1.0, 2.5, -0.0, 1e308, -1e308, 10**300])
BAD_NUMBERS = st.sampled_from([True, False, "1", 10**400, [1]])
FLAGS = st.booleans()
BAD_FLAGS = st.sampled_from([None, 0, 1, "true", 1.0])


def one_change(
    good: st.SearchStrategy[dict[str, Any]], bad: dict[str, st.SearchStrategy[object]]
) -> st.SearchStrategy[dict[str, Any]]:
    """Records drawn from ``good``, most with one field removed, added or replaced
    by a value of that field's ``bad`` strategy (or any odd value)."""

    def change(raw: dict[str, Any], key: str, value: object, action: str) -> dict[str, Any]:
        if action == "delete":
            raw.pop(key, None)
        elif action == "replace":
            raw[key] = value
        return raw

    keys = st.sampled_from(sorted(bad))
    focused = keys.flatmap(
        lambda key: st.builds(
            change, good, st.just(key), bad[key], st.sampled_from(["replace", "replace", "delete"])
        )
    )
    anything = st.builds(change, good, keys, ODD, st.just("replace"))
    return st.one_of(focused, focused, focused, anything, good)


QUANTITIES = st.fixed_dictionaries(
    {"type": st.just("quantity")},
    optional={
        "low": NUMBERS,
        "best": NUMBERS,
        "high": NUMBERS,
        "total": NUMBERS,
        "unit": GOOD_NAMES,
        "approximate": FLAGS,
        "low_exclusive": FLAGS,
        "high_exclusive": FLAGS,
    },
)
QUANTITIES = one_change(
    QUANTITIES,
    {
        **dict.fromkeys(["low", "best", "high", "total"], BAD_NUMBERS),
        "unit": BAD_NAMES,
        **dict.fromkeys(["approximate", "low_exclusive", "high_exclusive"], BAD_FLAGS),
        "type": st.sampled_from(["Quantity", "date", "unknown"]),
        "bogus": st.just(1),
    },
)
DATE_VALUES = one_change(
    st.fixed_dictionaries({"type": st.just("date"), "value": GOOD_DATES}),
    {"value": BAD_DATES, "type": st.just("quantity"), "bogus": st.just(1)},
)
UNKNOWNS = st.fixed_dictionaries(
    {"type": st.just("unknown")},
    optional={"low": NUMBERS, "high": NUMBERS, "unit": GOOD_NAMES},
)
VALUES = st.one_of(GOOD_NAMES, st.booleans(), QUANTITIES, DATE_VALUES, UNKNOWNS)
BAD_VALUES = st.one_of(BAD_NAMES, BAD_FLAGS, ODD)


def choices(*names: str) -> st.SearchStrategy[str]:
    return st.sampled_from(names)


RAW_ATTRIBUTIONS = one_change(
    st.fixed_dictionaries(
        {"claim": GOOD_NAMES, "source": st.sampled_from(["ap", "ru-mod"]) | GOOD_NAMES},
        optional={
            "via": st.lists(st.sampled_from(["ap", "ru-mod", "tass"]) | GOOD_NAMES, max_size=3),
            "stated": GOOD_DATES,
            "mode": st.none() | choices("quote", "paraphrase", "implied"),
            "stance": choices("asserts", "denies", "retracts", "declines-to-confirm"),
            "certainty": choices("certain", "probable", "possible"),
            "quote": st.none() | GOOD_NAMES,
            "channel": st.none() | GOOD_NAMES,
            "retrieved": st.none() | GOOD_DATES,
            "rank": choices("preferred", "normal", "deprecated"),
            "rank_reason": st.none() | GOOD_NAMES,
            "evidence": st.just({"document": "d", "start": 0, "end": 3}),
            "extensions": st.just({"x": [1]}),
        },
    ),
    {
        "claim": BAD_NAMES,
        "source": BAD_NAMES,
        "via": st.lists(BAD_NAMES, min_size=1, max_size=2) | BAD_NAMES,
        "stated": BAD_DATES,
        "retrieved": BAD_DATES,
        "mode": choices("Quote", "QUOTE", " quote", "asserts"),
        "stance": choices("ASSERTS", "Asserts", "quote"),
        "certainty": choices("CERTAIN", "normal"),
        "rank": choices("NORMAL", "certain"),
        "quote": BAD_NAMES,
        "channel": BAD_NAMES,
        "rank_reason": BAD_NAMES,
        "evidence": st.just({"document": "d", "start": 5, "end": 3}),
        "extensions": st.just({"x": float("nan")}),
        "bogus": st.just(1),
    },
)
RAW_CLAIMS = one_change(
    st.fixed_dictionaries(
        {"subject": GOOD_NAMES, "predicate": GOOD_NAMES, "value": VALUES},
        optional={
            "qualifiers": st.dictionaries(GOOD_NAMES, VALUES, max_size=3),
            "negated": FLAGS,
            "opinion": FLAGS,
            "extensions": st.just({"x": [1]}),
        },
    ),
    {
        "subject": BAD_NAMES,
        "predicate": BAD_NAMES,
        "value": BAD_VALUES,
        "qualifiers": st.dictionaries(GOOD_NAMES | BAD_NAMES, VALUES | BAD_VALUES, min_size=1),
        "negated": BAD_FLAGS,
        "opinion": BAD_FLAGS,
        "extensions": st.just({"x": float("nan")}),
        "bogus": st.just(1),
    },
)


@settings(max_examples=max(settings.default.max_examples, 500))
@given(RAW_ATTRIBUTIONS)
def test_attributions_of_any_shape_are_refused_or_built_alike(raw: dict[str, Any]) -> None:
    agree(*both(raw, Attribution))


class AnyId(str):
    """An id equal to every other: the content of a claim is then read as it is,
    whatever its id, by both paths (which compare ids the same way)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False

    __hash__ = str.__hash__


@settings(max_examples=max(settings.default.max_examples, 500))
@given(RAW_CLAIMS, st.sampled_from(["any", "any", "any", "right", "wrong", "missing", "null"]))
def test_claims_of_any_shape_are_refused_or_built_alike(raw: dict[str, Any], id: str) -> None:
    if id == "right":
        # The id of the content, so that a good claim can be read.
        _, detailed = both({**raw, "id": "?"}, Claim)
        if isinstance(detailed, ValidationError) and detailed.path == "id":
            raw["id"] = detailed.message.rsplit("gives ", 1)[1].split(":", 1)[0].strip("'")
    elif id != "missing":
        raw["id"] = {"any": AnyId("?"), "null": None, "wrong": "0" * 32}[id]
    agree(*both(raw, Claim))


#: Claims each with one thing wrong (or odd but right) that one check must catch.
EDGE_CLAIMS = [
    {"value": " "},
    {"value": ""},
    {"value": "e\u0301"},
    {"value": "\ud800"},
    {"value": 1},
    {"value": None},
    {"subject": " "},
    {"subject": "\ud800"},
    {"subject": "e\u0301"},
    {"predicate": 1},
    {"qualifiers": {" ": "x"}},
    {"qualifiers": {"": "x"}},
    {"qualifiers": {"\ud800": "x"}},
    {"qualifiers": {"e\u0301": "x", "\u00e9": "y"}},
    {"qualifiers": {"where": " "}},
    {"qualifiers": {"where": 1}},
    {"qualifiers": {"where": None}},
    {"qualifiers": {"where": True}},
    {"qualifiers": {"where": {"type": "date", "value": "2023-02-30"}}},
    {"qualifiers": []},
    {"qualifiers": None},
    {"negated": None},
    {"negated": 0},
    {"opinion": 1},
    {"value": {"type": "quantity", "best": 5, "approximate": None}},
    {"value": {"type": "quantity", "best": 5, "approximate": 1}},
    {"value": {"type": "quantity", "best": True}},
    {"value": {"type": "quantity", "best": 5, "unit": " "}},
    {"value": {"type": "quantity", "best": 5, "unit": 5}},
    {"value": {"type": "quantity", "best": 5, "low_exclusive": True}},
    {"value": {"type": "quantity", "best": 5.0}},
    {"value": {"type": "quantity", "best": 10**400}},
    {"value": {"type": "date", "value": "2023", "x": 1}},
    {"value": {"type": "date", "value": 2023}},
    {"value": {"type": "date"}},
    {"value": {"type": "unknown", "low": 2, "high": 1}},
]
#: Attributions likewise.
EDGE_ATTRIBUTIONS = [
    {"via": ["ap"]},
    {"via": ["x", "x"]},
    {"via": ["x", "e\u0301", "\u00e9"]},
    {"via": [" x"]},
    {"via": "x"},
    {"via": None},
    {"via": []},
    {"source": "e\u0301", "via": ["\u00e9"]},
    {"source": "a\x00b"},
    {"claim": 1},
    {"claim": None},
    {"stated": "2023-02-30"},
    {"stated": 2023},
    {"stated": None},
    {"mode": "Quote"},
    {"mode": None},
    {"stance": None},
    {"stance": "ASSERTS"},
    {"certainty": "possible"},
    {"rank": 1},
    {"quote": " "},
    {"quote": "e\u0301"},
    {"channel": "\ud800"},
    {"rank_reason": ""},
]


@pytest.mark.parametrize("change", EDGE_CLAIMS, ids=repr)
def test_edge_claims_are_refused_or_built_alike(change: dict[str, Any]) -> None:
    raw = {"subject": "s", "predicate": "p", "value": "v", **change, "id": AnyId("?")}
    fast, detailed = both(raw, Claim)
    agree(fast, detailed)
    assert isinstance(fast, Exception) == isinstance(detailed, Exception)


@pytest.mark.parametrize("change", EDGE_ATTRIBUTIONS, ids=repr)
def test_edge_attributions_are_refused_or_built_alike(change: dict[str, Any]) -> None:
    fast, detailed = both({"claim": "c", "source": "ap", **change}, Attribution)
    agree(fast, detailed)
    assert isinstance(fast, Exception) == isinstance(detailed, Exception)


@given(claims(value=quantities()) | claims())
def test_canonical_text_by_hand_is_what_json_writes(claim: Claim) -> None:
    text = _claim_text(claim)
    assert text is not None
    assert text.encode() == dumps_canonical(claim_content(claim))
    assert claim_digest(claim) == digest(CLAIM_DOMAIN, claim_content(claim))


def test_canonical_text_of_awkward_numbers() -> None:
    for number in (0.1, -0.0, 1e-7, 5e-324, 1e16, 1.7976931348623157e308, 2**53 + 1, -(10**300)):
        claim = Claim(subject="s", predicate="p", value=number)
        text = _claim_text(claim)
        assert text is not None
        assert text.encode() == dumps_canonical(claim_content(claim))
