"""PartialDate: precision, calendar checks, and the relative words of reporting."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimkit import PartialDate, Precision, ValidationError
from claimkit.testing import partial_dates

P = PartialDate
#: The Makiivka article's dateline, a Tuesday.
TUESDAY = dt.date(2023, 1, 3)

RELATIVE = [
    ("Monday", P(2023, 1, 2)),
    ("said Monday".removeprefix("said "), P(2023, 1, 2)),
    ("Sunday", P(2023, 1, 1)),
    ("on Sunday", P(2023, 1, 1)),
    ("Tuesday", P(2023, 1, 3)),
    ("Wednesday", P(2022, 12, 28)),
    ("last Tuesday", P(2022, 12, 27)),
    ("last Monday", P(2023, 1, 2)),
    ("yesterday", P(2023, 1, 2)),
    ("today", P(2023, 1, 3)),
    ("the day before yesterday", P(2023, 1, 1)),
    ("New Year's Eve", P(2022, 12, 31)),
    ("New Year\u2019s Eve", P(2022, 12, 31)),
    ("new years eve", P(2022, 12, 31)),
    ("New Year's Day", P(2023, 1, 1)),
    ("Christmas", P(2022, 12, 25)),
    ("Christmas Eve", P(2022, 12, 24)),
    ("Orthodox Christmas", P(2022, 1, 7)),
    ("Easter", P(2022, 4, 17)),
    ("Orthodox Easter", P(2022, 4, 24)),
    ("Dec 31", P(2022, 12, 31)),
    ("31 December", P(2022, 12, 31)),
    ("January 3", P(2023, 1, 3)),
    ("January 4", P(2022, 1, 4)),
    ("Feb 29", P(2020, 2, 29)),
]


@pytest.mark.parametrize(("text", "expected"), RELATIVE)
def test_relative_words_against_the_dateline(text: str, expected: PartialDate) -> None:
    """Relative words resolve to the most recent such day on or before the dateline."""
    assert PartialDate.parse(text, reference=TUESDAY) == expected


ABSOLUTE = [
    ("2023", P(2023)),
    ("2023-01", P(2023, 1)),
    ("2023-01-02", P(2023, 1, 2)),
    ("January 2, 2023", P(2023, 1, 2)),
    ("2 January 2023", P(2023, 1, 2)),
    ("2nd of January 2023", P(2023, 1, 2)),
    ("Jan. 2, 2023", P(2023, 1, 2)),
    ("Sept 2022", P(2022, 9)),
    ("January 2023", P(2023, 1)),
    ("Monday, January 2, 2023", P(2023, 1, 2)),
]


@pytest.mark.parametrize(("text", "expected"), ABSOLUTE)
def test_absolute_dates(text: str, expected: PartialDate) -> None:
    """Dates that name their year need no reference and keep their precision."""
    assert PartialDate.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Monday", "relative"),
        ("yesterday", "relative"),
        ("Dec 31", "relative"),
        ("01/02/2023", "ambiguous"),
        ("2023-02-30", "no day 30"),
        ("2023-13", "between 1 and 12"),
        ("Tuesday, January 2, 2023", "not a Tuesday"),
        ("next week", "cannot read"),
        ("", "cannot read"),
        ("0000", "between 1 and 9999"),
    ],
)
def test_refuses_with_a_reason(text: str, message: str) -> None:
    """Unreadable or impossible dates raise ValidationError saying why."""
    with pytest.raises(ValidationError, match=message):
        PartialDate.parse(text)


@given(
    st.dates(min_value=dt.date(2, 1, 1)),
    st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]),
)
def test_weekday_is_the_most_recent_on_or_before(reference: dt.date, name: str) -> None:
    """A weekday name is that weekday, within the six days up to the reference."""
    day = PartialDate.parse(name, reference=reference).to_date()
    assert day.strftime("%A") == name
    assert 0 <= (reference - day).days <= 6


@given(
    st.dates(min_value=dt.date(2, 1, 1), max_value=dt.date(9998, 1, 1)),
    st.sampled_from(
        ["New Year's Eve", "Christmas", "Easter", "Orthodox Easter", "Orthodox Christmas"]
    ),
)
def test_holidays_are_the_most_recent_on_or_before(reference: dt.date, name: str) -> None:
    """A holiday is its most recent occurrence on or before the reference: the day
    itself resolves to itself, and the next year's occurrence is after the
    reference."""
    day = PartialDate.parse(name, reference=reference).to_date()
    assert day <= reference
    assert PartialDate.parse(name, reference=day).to_date() == day
    next_year = PartialDate.parse(name, reference=dt.date(day.year + 1, 12, 31)).to_date()
    assert next_year.year == day.year + 1
    assert next_year > reference


def test_orthodox_easter_in_far_years() -> None:
    """Orthodox Easter is the Julian Easter moved by the calendars' difference, also
    in the years where it falls in June (dateutil's own method builds 31 June)."""
    assert PartialDate.parse("Orthodox Easter", reference=dt.date(2023, 12, 31)) == P(2023, 4, 16)
    # Julian 25 April 6334 is 46 days behind the Gregorian calendar.
    assert PartialDate.parse("Orthodox Easter", reference=dt.date(6334, 12, 31)) == P(6334, 6, 10)
    assert PartialDate.parse("Orthodox Easter", reference=dt.date(6752, 7, 1)).to_date() <= dt.date(
        6752, 7, 1
    )


@given(partial_dates())
def test_iso_text_reads_back(date: PartialDate) -> None:
    """``fromisoformat(str(d)) == d`` and ``parse`` agrees."""
    assert PartialDate.fromisoformat(str(date)) == date
    assert PartialDate.parse(str(date)) == date


@given(partial_dates())
def test_span_contains_itself_and_orders(date: PartialDate) -> None:
    """A date's first day is not after its last; it contains itself and its year."""
    assert date.earliest <= date.latest
    assert date.contains(date)
    assert PartialDate(date.year).contains(date)
    assert PartialDate(date.year) <= date


@given(partial_dates(), partial_dates())
def test_order_is_total_and_matches_first_days(a: PartialDate, b: PartialDate) -> None:
    """Dates sort by their first day, coarser dates first on ties."""
    assert (a < b) + (a == b) + (a > b) == 1
    if a.earliest < b.earliest:
        assert a < b


def test_precision_and_span() -> None:
    """Precision follows the fields; the span covers the whole month or year."""
    assert P(2024, 2).precision is Precision.MONTH
    assert P(2024, 2).latest == dt.date(2024, 2, 29)
    assert P(2023).latest == dt.date(2023, 12, 31)
    assert P(2023, 1, 2).to_date() == dt.date(2023, 1, 2)
    with pytest.raises(ValidationError, match="only to the month"):
        P(2023, 1).to_date()


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ((2023, None, 5), "day"),
        ((2023, 2, 29), "day"),
        ((2023, 0), "month"),
        (("2023",), "year"),
        ((True,), "year"),
        ((10_000,), "year"),
    ],
)
def test_invalid_fields_name_the_field(fields: tuple[object, ...], path: str) -> None:
    """Impossible dates raise ValidationError naming the bad field."""
    with pytest.raises(ValidationError) as caught:
        PartialDate(*fields)  # type: ignore[arg-type]
    assert caught.value.path == path


def test_reference_may_be_a_partial_date_or_datetime() -> None:
    """A day-precision PartialDate or a datetime serves as reference."""
    expected = P(2023, 1, 2)
    assert PartialDate.parse("Monday", reference=P(2023, 1, 3)) == expected
    assert PartialDate.parse("Monday", reference=dt.datetime(2023, 1, 3, 12)) == expected
    with pytest.raises(ValidationError):
        PartialDate.parse("Monday", reference=P(2023, 1))


def test_repr_and_str() -> None:
    """The repr can be evaluated; the text is ISO 8601."""
    assert repr(P(2023, 1)) == "PartialDate(2023, 1)"
    assert str(P(2023, 1, 2)) == "2023-01-02"
    assert str(P(33)) == "0033"


@pytest.mark.parametrize(
    "text",
    [
        "yesterday",
        "the day before yesterday",
        "New Year's Eve",
        "Christmas",
        "Easter",
        "Orthodox Easter",
        "last Monday",
        "Sunday",
        "Dec 31",
    ],
)
def test_relative_words_before_year_one_are_refused(text: str) -> None:
    """A relative date that would fall before 1 January of year 1 is a
    ValidationError saying so, not an OverflowError or ValueError."""
    with pytest.raises(ValidationError, match="before year 1"):
        PartialDate.parse(text, reference=dt.date(1, 1, 1))


def test_relative_words_on_the_first_day_still_read() -> None:
    """Words that stay within the calendar read as usual on 1 January of year 1."""
    assert PartialDate.parse("today", reference=dt.date(1, 1, 1)) == PartialDate(1, 1, 1)
    assert PartialDate.parse("New Year's Day", reference=dt.date(1, 1, 1)) == PartialDate(1, 1, 1)
