"""Quantity: construction, invariants, and the phrases of reporting."""

from __future__ import annotations

import math

import pytest
from hypothesis import given

from claimkit import Quantity, ValidationError
from claimkit.testing import numbers, quantities

Q = Quantity

# Phrases as they appear in news reports, casualty counts and data sets.
PHRASES = [
    ("63", Q(low=63, best=63, high=63)),
    ("all 40", Q(low=40, best=40, high=40)),
    ("700,000", Q.exact(700_000)),
    ("1,234,567", Q.exact(1_234_567)),
    ("0.5", Q.exact(0.5)),
    ("forty", Q.exact(40)),
    ("forty-two", Q.exact(42)),
    ("Six", Q.exact(6)),
    ("about 400", Q(low=400, best=400, high=400, approximate=True)),
    ("About 400", Q.about(400)),
    ("around 1,000", Q.about(1000)),
    ("roughly 300", Q.about(300)),
    ("approximately 12", Q.about(12)),
    ("close to 200", Q.about(200)),
    ("nearly 2,000", Q.about(2000)),
    ("almost 50", Q.about(50)),
    ("some 400", Q.about(400)),
    ("an estimated 1.5 million", Q.about(1_500_000)),
    ("~70", Q.about(70)),
    ("at least 12", Q(low=12)),
    ("no fewer than 9", Q(low=9)),
    ("more than 700,000", Q(low=700_000, low_exclusive=True)),
    ("over 100", Q(low=100, low_exclusive=True)),
    ("in excess of 5,000", Q(low=5000, low_exclusive=True)),
    ("10 or more", Q(low=10)),
    ("10+", Q(low=10)),
    ("up to 600", Q(high=600)),
    ("at most 30", Q(high=30)),
    ("as many as 2,500", Q(high=2500)),
    ("no more than 7", Q(high=7)),
    ("fewer than 10", Q(high=10, high_exclusive=True)),
    ("less than 1%", Q(high=1, high_exclusive=True, unit="%")),
    ("between 300 and 600", Q(low=300, high=600)),
    ("300 to 600", Q.between(300, 600)),
    ("300-600", Q.between(300, 600)),
    ("300–600", Q.between(300, 600)),
    ("from 20 to 30", Q.between(20, 30)),
    ("between 2 and 3 million", Q.between(2_000_000, 3_000_000)),
    ("2 to 3.5 million", Q.between(2_000_000, 3_500_000)),
    ("about 300 to 600", Q.between(300, 600, approximate=True)),
    ("4 of 6", Q(low=4, best=4, high=4, total=6)),
    ("four of the six", Q(low=4, best=4, high=4, total=6)),
    ("3 out of 10", Q(low=3, best=3, high=3, total=10)),
    ("1.5 million", Q.exact(1_500_000)),
    ("4.35 million", Q.exact(4_350_000)),
    ("2 billion", Q.exact(2_000_000_000)),
    ("700k", Q.exact(700_000)),
    ("a hundred", Q.exact(100)),
    ("one thousand", Q.exact(1000)),
    ("12%", Q.exact(12, unit="%")),
    ("12 percent", Q.exact(12, unit="%")),
    ("400 (between 300 and 600)", Q(low=300, best=400, high=600)),
    ("at least about 12", Q(low=12, approximate=True)),
    ("more than 300 and up to 600", Q(low=300, high=600, low_exclusive=True)),
    ("-5 to -3", Q.between(-5, -3)),
]


@pytest.mark.parametrize(("phrase", "expected"), PHRASES)
def test_reads_reporting_phrases(phrase: str, expected: Quantity) -> None:
    """Each phrase of the table reads as the quantity it means."""
    assert Quantity.parse(phrase) == expected


def test_reads_the_seed_articles_figures() -> None:
    """The figures of the Makiivka article read as intended."""
    assert Quantity.parse("63").is_exact
    assert Quantity.parse("about 400") == Quantity.about(400)
    assert Quantity.parse("about 300").approximate
    assert Quantity.parse("more than 700,000").low == 700_000
    assert Quantity.parse("four of the six").total == 6


def test_unit_is_stripped_when_named() -> None:
    """A trailing unit is removed when the caller names it, and kept on the result."""
    assert Quantity.parse("roughly 1,200 km", unit="km") == Quantity.about(1200, unit="km")


@pytest.mark.parametrize(
    "phrase",
    [
        "",
        "N/A",
        "Not Available",
        "63 of its troops",
        "dozens",
        "hundreds of",
        "several hundred",
        "many",
        "a few",
        "1,5",
        "12,34",
        "between 600 and 300",
        "about",
        "more than",
        "five hundred thousand million people",
        "4 of 3",
        "1e5",
        "63 troops",
    ],
)
def test_refuses_what_it_cannot_read(phrase: str) -> None:
    """Text that is not a known form raises ValidationError instead of a guess."""
    with pytest.raises(ValidationError):
        Quantity.parse(phrase)


def test_vague_words_get_advice() -> None:
    """Vague words are refused with advice on how to record them."""
    with pytest.raises(ValidationError, match="too vague"):
        Quantity.parse("hundreds")


def test_percent_against_another_unit() -> None:
    """A percentage cannot be read in another unit."""
    with pytest.raises(ValidationError, match="percentage"):
        Quantity.parse("12%", unit="km")


def test_parse_refuses_non_text() -> None:
    """Parsing a number instead of text is a ValidationError, not a TypeError."""
    with pytest.raises(ValidationError):
        Quantity.parse(63)  # type: ignore[arg-type]


@given(quantities())
def test_every_quantity_reads_back_from_its_text(quantity: Quantity) -> None:
    """``parse(str(q)) == q``: the text of a quantity loses nothing."""
    assert Quantity.parse(str(quantity), unit=quantity.unit) == quantity


@given(quantities())
def test_invariants_hold(quantity: Quantity) -> None:
    """Bounds are ordered and the best figure lies within them."""
    low, best, high = quantity.low, quantity.best, quantity.high
    if low is not None and high is not None:
        assert low <= high
    if best is not None:
        assert low is not None and high is not None
        assert low <= best <= high


@given(numbers())
def test_exact_is_a_point(number: float) -> None:
    """An exact quantity has equal bounds and best figure, and is exact."""
    quantity = Quantity.exact(number)
    assert quantity.low == quantity.best == quantity.high == number
    assert quantity.is_exact


@given(numbers(), numbers())
def test_best_only_is_a_point(number: float, other: float) -> None:
    """A quantity given only a best figure has its bounds set to it."""
    assert Quantity(best=number) == Quantity.exact(number)
    assert (Quantity(best=number) == Quantity(best=other)) == (number == other)


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({}, ""),
        ({"low": 5, "high": 3}, "low"),
        ({"low": 1, "best": 0, "high": 3}, "best"),
        ({"low": 1, "best": 4, "high": 3}, "best"),
        ({"low": "abc"}, "low"),
        ({"low": True}, "low"),
        ({"low": math.nan}, "low"),
        ({"high": math.inf}, "high"),
        ({"low": 1, "low_exclusive": "yes"}, "low_exclusive"),
        ({"high": 1, "low_exclusive": True}, "low_exclusive"),
        ({"low": 1, "high": 1, "high_exclusive": True}, "high_exclusive"),
        ({"low": 5, "best": 5, "high": 5, "total": 4}, "total"),
        ({"low": 5, "unit": ""}, "unit"),
        ({"low": 5, "unit": 3}, "unit"),
    ],
)
def test_invalid_quantities_name_the_field(fields: dict[str, object], path: str) -> None:
    """Constructing an invalid quantity raises ValidationError naming the field."""
    with pytest.raises(ValidationError) as caught:
        Quantity(**fields)  # type: ignore[arg-type]
    assert caught.value.path == path
    assert isinstance(caught.value, ValueError)


def test_repr_shows_what_is_set() -> None:
    """The repr lists only the fields that are set."""
    assert repr(Quantity.about(400)) == "Quantity(low=400, best=400, high=400, approximate=True)"
    assert repr(Quantity(low=12)) == "Quantity(low=12)"


@pytest.mark.parametrize(
    ("quantity", "text"),
    [
        (Quantity.exact(700_000), "700,000"),
        (Quantity.about(400), "about 400"),
        (Quantity.at_least(63, exclusive=True), "more than 63"),
        (Quantity.at_most(600), "up to 600"),
        (Quantity.between(300, 600), "between 300 and 600"),
        (Quantity.between(300, 600, approximate=True), "about 300 to 600"),
        (Quantity(low=4, best=4, high=4, total=6), "4 of 6"),
        (Quantity.exact(12, unit="%"), "12%"),
        (Quantity.exact(3.5, unit="km"), "3.5 km"),
        (Quantity.exact(1.23e-7), "0.000000123"),
    ],
)
def test_text_reads_like_reporting(quantity: Quantity, text: str) -> None:
    """``str()`` writes quantities as reporting does."""
    assert str(quantity) == text


@given(quantities(), quantities())
def test_equality_and_hash_agree(a: Quantity, b: Quantity) -> None:
    """Equal quantities hash equally (they are values)."""
    if a == b:
        assert hash(a) == hash(b)
