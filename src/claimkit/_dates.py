"""Partial dates: a year, a month or a day, and the relative words articles use."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Callable
from typing import Final

import attrs
from dateutil import easter, parser
from dateutil.relativedelta import relativedelta, weekday

from ._errors import ValidationError
from ._text import fold, got

__all__ = ["PartialDate", "Precision"]


class Precision(enum.Enum):
    """How much of a :class:`PartialDate` is known.

    .. versionadded:: 0.1.0
    """

    #: Only the year.
    YEAR = "year"
    #: The year and the month.
    MONTH = "month"
    #: The full date.
    DAY = "day"


def _check_int(value: object, path: str, low: int, high: int) -> int:
    if type(value) is not int:
        raise ValidationError(f"expected a whole number, {got(value)}", path=path)
    if not low <= value <= high:
        raise ValidationError(f"must be between {low} and {high}, {got(value)}", path=path)
    return value


@attrs.frozen(repr=False, order=False, cache_hash=True)
class PartialDate:
    """A calendar date known to the year, the month or the day.

    Reporting often gives less than a full date ("in 2022", "last March"), and the
    precision matters: ``PartialDate(2023)`` is consistent with
    ``PartialDate(2023, 1, 2)``, not equal to it. The fields below the precision are
    ``None``.

    Partial dates sort chronologically by their first day, coarser dates first
    (``2023`` < ``2023-01`` < ``2023-01-01``).

    Args:
        year: The year, 1 to 9999.
        month: The month, 1 to 12, or ``None``.
        day: The day of the month, or ``None``; needs a month.

    Raises:
        ValidationError: The fields do not make a date of the Gregorian calendar.

    >>> PartialDate.parse("Monday", reference=dt.date(2023, 1, 3))
    PartialDate(2023, 1, 2)
    >>> print(PartialDate(2022, 12))
    2022-12

    .. versionadded:: 0.1.0
    """

    #: The year.
    year: int
    #: The month, or ``None`` if only the year is known.
    month: int | None = None
    #: The day of the month, or ``None`` if only the year or month is known.
    day: int | None = None

    def __attrs_post_init__(self) -> None:
        _check_int(self.year, "year", dt.MINYEAR, dt.MAXYEAR)
        if self.month is not None:
            _check_int(self.month, "month", 1, 12)
        if self.day is not None:
            if self.month is None:
                raise ValidationError("a day needs a month", path="day")
            try:
                dt.date(self.year, self.month, self.day)
            except (TypeError, ValueError):
                _check_int(self.day, "day", 1, 31)
                raise ValidationError(
                    f"{self.year:04d}-{self.month:02d} has no day {self.day}", path="day"
                ) from None

    # -- constructors -------------------------------------------------------------

    @classmethod
    def from_date(cls, date: dt.date) -> PartialDate:
        """The partial date of a full :class:`datetime.date` (day precision).

        A :class:`datetime.datetime` gives its date; the time is dropped.
        """
        if not isinstance(date, dt.date):
            raise ValidationError(f"expected a date, {got(date)}")
        return cls(date.year, date.month, date.day)

    @classmethod
    def fromisoformat(cls, text: str) -> PartialDate:
        """Read an ISO 8601 date at one of its three precisions, and nothing else.

        This is the strict reader that claimkit documents use:
        ``2023``, ``2023-01`` or ``2023-01-02``.

        Raises:
            ValidationError: ``text`` is not one of those forms, or names a day
                that does not exist.

        >>> PartialDate.fromisoformat("2023-01")
        PartialDate(2023, 1)
        """
        if not isinstance(text, str):
            raise ValidationError(f"expected a date as text (2023-01-02), {got(text)}")
        if cls is PartialDate:
            return _from_iso(text)
        return cls(*_iso_fields(text))

    @classmethod
    def parse(cls, text: str, *, reference: dt.date | PartialDate | None = None) -> PartialDate:
        """Read a date as an article or a data file writes it.

        Understood, case-insensitively:

        - ISO 8601 at its three precisions: ``2023``, ``2023-01``, ``2023-01-02``;
        - dates with month names: ``January 2, 2023``, ``2 January 2023``,
          ``Jan 2023``, and, with a ``reference``, ``Dec 31`` or ``31 December``
          (the most recent such day on or before the reference); a leading weekday
          (``Monday, January 2, 2023``) is checked against the date;
        - with a ``reference``, the relative words of reporting: ``today``,
          ``yesterday``, ``the day before yesterday``, a weekday name
          (``Monday``: the most recent Monday on or before the reference, so an
          article dated on a Monday that says "Monday" means that same day),
          ``last Monday`` (strictly before the reference) and the holidays
          ``New Year's Eve``, ``New Year's Day``, ``Christmas Eve``,
          ``Christmas``, ``Orthodox Christmas`` (7 January), ``Easter`` and
          ``Orthodox Easter``, each the most recent one on or before the
          reference.

        A leading ``on`` is ignored (``"on Monday"``). Numeric day/month forms
        such as ``01/02/2023`` are refused: they mean different days in different
        countries.

        Args:
            text: The text to read.
            reference: The date the text was written (an article's dateline),
                needed for relative words and for dates without a year. A
                :class:`PartialDate` reference must be known to the day.

        Raises:
            ValidationError: The text is not one of the forms above, names a day
                that does not exist, or needs a reference that was not given.

        >>> PartialDate.parse("2023-01")
        PartialDate(2023, 1)
        >>> PartialDate.parse("New Year's Eve", reference=dt.date(2023, 1, 3))
        PartialDate(2022, 12, 31)
        """
        if not isinstance(text, str):
            raise ValidationError(f"expected a string to parse, {got(text)}")
        ref = _reference(reference)
        phrase = fold(text).rstrip(".").removeprefix("on ")
        try:
            return _parse(phrase, ref)
        except _NeedsReference:
            raise ValidationError(
                f"{text!r} is relative to the date it was written: pass reference=<that date>"
            ) from None
        except ValidationError as error:
            raise ValidationError(f"cannot read {text!r} as a date: {error}") from None
        except _Unreadable:
            raise ValidationError(f"cannot read {text!r} as a date") from None
        except (OverflowError, ValueError):
            # Calendar arithmetic stepped out of datetime's years 1 to 9999; relative
            # words only look back, so before year 1.
            raise ValidationError(f"cannot read {text!r} as a date: {_BEFORE_YEAR_ONE}") from None

    # -- views --------------------------------------------------------------------

    @property
    def precision(self) -> Precision:
        """How much of the date is known."""
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def earliest(self) -> dt.date:
        """The first day this partial date can be."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """The last day this partial date can be."""
        if self.day is not None:
            return self.earliest
        if self.month is None:
            return dt.date(self.year, 12, 31)
        return self.earliest + relativedelta(day=31)

    def to_date(self) -> dt.date:
        """The :class:`datetime.date`, for a date known to the day.

        Raises:
            ValidationError: The date is known only to the year or month.
        """
        if self.day is None:
            raise ValidationError(f"{self} is known only to the {self.precision.value}")
        return self.earliest

    def contains(self, other: PartialDate) -> bool:
        """Whether every day ``other`` can be is a day this date can be.

        >>> PartialDate(2023).contains(PartialDate(2023, 1, 2))
        True
        """
        return self.earliest <= other.earliest and other.latest <= self.latest

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() >= other._key()

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __repr__(self) -> str:
        parts = [self.year, self.month, self.day]
        while parts[-1] is None:
            parts.pop()
        return f"PartialDate({', '.join(map(str, parts))})"


# -- reading ------------------------------------------------------------------------


class _Unreadable(Exception):
    pass


class _NeedsReference(Exception):
    pass


_NAMES: Final = parser.parserinfo()


@functools.lru_cache(maxsize=1 << 12)
def _from_iso(text: str) -> PartialDate:
    # Documents repeat the same few dates thousands of times; the dates are
    # immutable, so one instance serves them all.
    return PartialDate(*_iso_fields(text))


def _iso_fields(text: str) -> tuple[int, int | None, int | None]:
    match = _ISO.match(text)
    if match is None:
        raise ValidationError(
            f"expected an ISO 8601 date (2023, 2023-01 or 2023-01-02), {got(text)}"
        )
    year, month, day = match.groups()
    return int(year), int(month) if month else None, int(day) if day else None


_ISO: Final = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z", re.ASCII)
_NUMERIC: Final = re.compile(r"^\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?$")
_ORDINAL: Final = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_MONTH: Final = r"(?P<m>[a-z]+)\.?"
_YEAR: Final = r"(?:,? (?P<y>\d{4}))?"
_DAY_FORMS: Final = (
    re.compile(rf"^{_MONTH} {_ORDINAL}{_YEAR}$"),
    re.compile(rf"^(?:the )?{_ORDINAL} (?:of )?{_MONTH}{_YEAR}$"),
)
_MONTH_FORM: Final = re.compile(rf"^{_MONTH},? (?P<y>\d{{4}})$")
_WEEKDAY_PREFIX: Final = re.compile(r"^(?P<w>[a-z]+)\.?,? (?P<rest>\S.*)$")


def _fixed(month: int, day: int) -> Callable[[int], dt.date]:
    return lambda year: dt.date(year, month, day)


def _western_easter(year: int) -> dt.date:
    return easter.easter(year, easter.EASTER_WESTERN)


def _orthodox_easter(year: int) -> dt.date:
    """Orthodox Easter as a Gregorian date: the Julian calendar's Easter moved by
    the calendars' difference. (dateutil's own ``EASTER_ORTHODOX`` builds an
    impossible date, such as 31 June, for some years after 4100.)"""
    century = year // 100
    difference = 10 if year <= 1600 else 10 + century - 16 - (century - 16) // 4
    return easter.easter(year, easter.EASTER_JULIAN) + dt.timedelta(days=difference)


#: Holidays by folded name (apostrophes removed): the day in a given year.
_HOLIDAYS: Final[dict[str, Callable[[int], dt.date]]] = {
    "new years eve": _fixed(12, 31),
    "new years day": _fixed(1, 1),
    "new years": _fixed(1, 1),
    "new year": _fixed(1, 1),
    "christmas eve": _fixed(12, 24),
    "christmas": _fixed(12, 25),
    "christmas day": _fixed(12, 25),
    "orthodox christmas": _fixed(1, 7),
    "orthodox christmas day": _fixed(1, 7),
    "easter": _western_easter,
    "easter sunday": _western_easter,
    "orthodox easter": _orthodox_easter,
}
_BACK: Final = {"today": 0, "yesterday": 1, "the day before yesterday": 2}


def _reference(reference: dt.date | PartialDate | None) -> dt.date | None:
    if reference is None:
        return None
    if isinstance(reference, PartialDate):
        return reference.to_date()
    if isinstance(reference, dt.datetime):
        return reference.date()
    if isinstance(reference, dt.date):
        return reference
    raise ValidationError(f"expected a date, {got(reference)}", path="reference")


def _parse(phrase: str, ref: dt.date | None) -> PartialDate:
    if _ISO.match(phrase):
        return PartialDate.fromisoformat(phrase)
    if _NUMERIC.match(phrase):
        raise ValidationError("numeric day/month order is ambiguous; use ISO 8601 (2023-01-02)")
    if phrase in _BACK:
        return PartialDate.from_date(_need(ref) - dt.timedelta(days=_BACK[phrase]))
    if (holiday := _HOLIDAYS.get(phrase.replace("'", ""))) is not None:
        return PartialDate.from_date(_most_recent(_need(ref), holiday))
    last = phrase.startswith("last ")
    day_of_week = _weekday(phrase.removeprefix("last "))
    if day_of_week is not None:
        start = _need(ref) - dt.timedelta(days=1 if last else 0)
        return PartialDate.from_date(start + relativedelta(weekday=day_of_week(-1)))
    if match := _WEEKDAY_PREFIX.match(phrase):
        named = _weekday(match["w"])
        if named is not None:
            found = _parse(match["rest"], ref)
            if found.day is None or found.to_date().weekday() != named.weekday:
                raise ValidationError(f"{found} is not a {match['w'].capitalize()}")
            return found
    for form in _DAY_FORMS:
        if match := form.match(phrase):
            return _month_day(_month(match["m"]), int(match["d"]), match["y"], ref)
    if match := _MONTH_FORM.match(phrase):
        return PartialDate(int(match["y"]), _month(match["m"]))
    raise _Unreadable


def _need(ref: dt.date | None) -> dt.date:
    if ref is None:
        raise _NeedsReference
    return ref


def _weekday(name: str) -> weekday | None:
    index = _NAMES.weekday(name)
    if index is None or len(name) < 3:
        return None
    return weekday(index)


def _month(name: str) -> int:
    month = _NAMES.month(name)
    if month is None:
        raise _Unreadable
    return int(month)


def _month_day(month: int, day: int, year: str | None, ref: dt.date | None) -> PartialDate:
    if year is not None:
        return PartialDate(int(year), month, day)
    reference = _need(ref)
    # The most recent such day on or before the reference; 29 February may lie
    # several years back.
    for back in range(9):
        if reference.year - back < dt.MINYEAR:
            raise ValidationError(_BEFORE_YEAR_ONE)
        try:
            candidate = dt.date(reference.year - back, month, day)
        except ValueError:
            continue
        if candidate <= reference:
            return PartialDate.from_date(candidate)
    raise ValidationError(f"there is no day {day} in month {month}")


_BEFORE_YEAR_ONE: Final = "the day it names falls before year 1, the first year a date can have"


def _most_recent(reference: dt.date, holiday: Callable[[int], dt.date]) -> dt.date:
    this_year = holiday(reference.year)
    return this_year if this_year <= reference else holiday(reference.year - 1)


def date_text(date: PartialDate) -> str:
    """``str(date)``, remembered: a collection's dates are few, its statements many.

    Remembered by year, month and day, which hash and compare without calling into
    Python, unlike the date itself.
    """
    key = (date.year, date.month, date.day)
    text = _DATE_TEXTS.get(key)
    if text is None:
        if len(_DATE_TEXTS) >= _DATES_REMEMBERED:
            _DATE_TEXTS.clear()
        text = _DATE_TEXTS[key] = str(date)
    return text


_DATE_TEXTS: Final[dict[tuple[int, int | None, int | None], str]] = {}
_DATES_REMEMBERED: Final = 1 << 12
