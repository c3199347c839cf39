"""Quantity: construction, invariants, and the phrases of reporting."""

from __future__ import annotations

import math
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# -- phrases it refuses rather than guess ---------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "at least 10 or more",
        "more than at least 5",
        "up to at most 3",
        "at most up to 3",
        "10+ or more",
        "over 5+",
        "fewer than 10 or fewer",
        "at least between 3 and 5",
        "more than 300 and up to at most 600",
    ],
)
def test_refuses_stacked_bound_words(phrase: str) -> None:
    """Two bound words on one figure are refused, not a KeyError."""
    with pytest.raises(ValidationError, match="bound"):
        Quantity.parse(phrase)


@pytest.mark.parametrize(
    "phrase", ["about about 400", "roughly about 400", "~about 5", "at least about ~12"]
)
def test_refuses_repeated_hedges(phrase: str) -> None:
    """A hedge on a figure already hedged is refused as a repeated hedge."""
    with pytest.raises(ValidationError, match="hedge"):
        Quantity.parse(phrase)


@pytest.mark.parametrize("phrase", ["4 of 6 million", "2 out of 3 thousand", "4 of the 6 bn"])
def test_refuses_a_scale_on_the_whole_only(phrase: str) -> None:
    """ "4 of 6 million" could be 4 or 4 million of 6 million: refused as ambiguous."""
    with pytest.raises(ValidationError, match="ambiguous"):
        Quantity.parse(phrase)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("4 million of 6 million", Q(low=4e6, best=4e6, high=4e6, total=6e6)),
        ("4 of 6,000,000", Q(low=4, best=4, high=4, total=6_000_000)),
        ("one of a million", Q(low=1, best=1, high=1, total=1_000_000)),
        ("1,000.5", Q.exact(1000.5)),
        ("1.5", Q.exact(1.5)),
        ("2.25", Q.exact(2.25)),
        ("0.500", Q.exact(0.5)),
        ("1234.500", Q.exact(1234.5)),
    ],
)
def test_reads_the_unambiguous_neighbours(phrase: str, expected: Quantity) -> None:
    """Forms next to the refused ones still read."""
    assert Quantity.parse(phrase) == expected


@pytest.mark.parametrize("phrase", ["1.000", "12.500", "about 1.000", "1.000 to 2.000", "-5.250"])
def test_refuses_a_dot_before_three_digits(phrase: str) -> None:
    """ "1.000" is 1 with a decimal point or 1,000 with a German thousands dot."""
    with pytest.raises(ValidationError, match="thousands separator"):
        Quantity.parse(phrase)


@pytest.mark.parametrize(
    ("phrase", "advice"),
    [("1.000", "write 1,000 or 1"), ("1.001", "write 1,001 or 1.0010"), ("-5.250", "or -5.25")],
)
def test_the_dot_refusal_says_how_to_write_each_reading(phrase: str, advice: str) -> None:
    """The refusal spells both readings so that neither is ambiguous: "1.001" cannot
    lose trailing zeros, so its decimal reading gains one."""
    with pytest.raises(ValidationError, match=re.escape(advice)):
        Quantity.parse(phrase)


@pytest.mark.parametrize("number", [1.001, -12.345, 999.999])
def test_a_number_with_three_decimals_is_written_so_that_it_reads_back(number: float) -> None:
    """str() of 1.001 is "1.0010": "1.001" would be refused as ambiguous, and the
    library's own text must read back (found by hypothesis under the thorough
    profile, from the text "1.0010")."""
    quantity = Quantity.exact(number)
    assert str(quantity).endswith("0")
    assert Quantity.parse(str(quantity)) == quantity


@pytest.mark.parametrize(
    ("phrase", "words"),
    [
        ("over 1 million dead", "'dead'"),
        ("63 of its troops", "'of its troops'"),
        ("about 400 soldiers", "'soldiers'"),
    ],
)
def test_names_the_trailing_words_it_cannot_read(phrase: str, words: str) -> None:
    """A figure followed by words is refused naming those words, not as vague."""
    with pytest.raises(ValidationError, match=words) as caught:
        Quantity.parse(phrase)
    assert "vague" not in str(caught.value)


@pytest.mark.parametrize("phrase", ["1.5 millions", "3 thousands", "2 billions"])
def test_names_an_unknown_scale_word(phrase: str) -> None:
    """A plural scale word is refused as a scale word it does not know."""
    with pytest.raises(ValidationError, match="scale word") as caught:
        Quantity.parse(phrase)
    assert "vague" not in str(caught.value)


def test_parse_refuses_a_unit_that_is_not_text() -> None:
    """A unit that is not a string is a ValidationError naming it, not an AttributeError."""
    with pytest.raises(ValidationError) as caught:
        Quantity.parse("5", unit=5)  # type: ignore[arg-type]
    assert caught.value.path == "unit"


# -- numbers beyond the range of a float ----------------------------------------------

HUGE = 10**5000


@pytest.mark.parametrize(
    "number",
    [HUGE, -HUGE, 10**400, int(sys.float_info.max) + 1],
    ids=["10**5000", "-10**5000", "10**400", "float-max+1"],
)
@pytest.mark.parametrize("field", ["low", "best", "high", "total"])
def test_refuses_numbers_beyond_float_range(number: int, field: str) -> None:
    """A number a float cannot hold is refused with a clear message naming the field."""
    with pytest.raises(ValidationError, match="largest float") as caught:
        Quantity(**{field: number})  # type: ignore[arg-type]
    assert caught.value.path == field
    assert len(str(caught.value)) < 300


def test_accepts_the_largest_float() -> None:
    """The float range itself is allowed, at both ends."""
    top = sys.float_info.max
    assert Quantity(low=-top, high=top).high == top
    assert Quantity.exact(int(top)).best == int(top)


@pytest.mark.parametrize("digits", [400, 5000])
def test_parse_refuses_numbers_beyond_float_range(digits: int) -> None:
    """Parsed digits beyond the float range are refused with a short message."""
    with pytest.raises(ValidationError, match="largest float") as caught:
        Quantity.parse("1" + "0" * digits)
    assert len(str(caught.value)) < 300
    with pytest.raises(ValidationError, match="largest float"):
        Quantity.parse("about 1" + "0" * digits + ".5 million")


def test_parse_keeps_every_digit_of_a_scaled_number() -> None:
    """A long figure with a scale is multiplied exactly, not to 28 digits."""
    assert Quantity.parse("1234567890123456789012345678901 million").best == (
        1234567890123456789012345678901 * 10**6
    )


# -- composed phrases: a quantity or a ValidationError --------------------------------

_PREFIXES = st.sampled_from(
    ["about", "roughly", "some", "nearly", "~", "an estimated", "at least", "more than",
     "no fewer than", "over", "up to", "at most", "fewer than", "under", "as many as",
     "between", "from", "all"]
)  # fmt: skip
_NUMBERS = st.one_of(
    st.integers(-(10**6), 10**12).map(str),
    st.integers(0, 10**9).map(lambda n: f"{n:,}"),
    st.decimals(0, 10**6, places=3, allow_nan=False, allow_infinity=False).map(str),
    st.sampled_from(["forty", "forty-two", "six", "a", "one", "1.000", "0.5", ".5", "1e5"]),
)
_SCALES = st.sampled_from(["", "", " million", " thousand", "k", " millions", " bn"])
_SUFFIXES = st.sampled_from(["", "", " or more", " or fewer", "+", "%", " dead", " km"])


@st.composite
def _figures(draw: st.DrawFn) -> str:
    prefixes = draw(st.lists(_PREFIXES, max_size=3))
    return " ".join([*prefixes, draw(_NUMBERS) + draw(_SCALES) + draw(_SUFFIXES)])


@st.composite
def _phrases(draw: st.DrawFn) -> str:
    first = draw(_figures())
    joiner = draw(st.sampled_from(["", "", " and ", " to ", "-", " of ", " out of the "]))
    if not joiner:
        return first
    return first + joiner + draw(_figures())


# Cheap examples, and the shapes are many: more of them than the profile's default.
@settings(max_examples=max(500, settings().max_examples))
@given(_phrases())
def test_composed_phrases_read_or_are_refused(phrase: str) -> None:
    """Bound words, hedges, scales and numbers stacked in any order give a quantity
    that reads back from its own text, or a ValidationError; never another exception."""
    try:
        quantity = Quantity.parse(phrase)
    except ValidationError as error:
        message = str(error)
    else:
        assert Quantity.parse(str(quantity), unit=quantity.unit) == quantity
        return
    assert phrase[:40] in message
