"""The values a claim can take, and the explicit unknown."""

from __future__ import annotations

import datetime as dt
from typing import TypeAlias

import attrs

from ._dates import PartialDate
from ._errors import ValidationError
from ._quantity import Number, Quantity, check_optional_number, format_number
from ._text import check_characters, check_optional_text, got, nfc, short_repr

__all__ = ["Unknown", "Value", "as_value", "describe_value"]


def _optional_nfc(value: str | None) -> str | None:
    return nfc(value) if isinstance(value, str) else value


@attrs.frozen(kw_only=True, repr=False)
class Unknown:
    """A value that exists but that nobody knows: "the exact number is still
    unknown".

    This is Wikidata's *some value*: the speaker asserts there is an answer without
    giving it. It may still carry bounds: "there were dead" says the number of dead
    is at least one (``Unknown(low=1)``). In reconciliation an unknown constrains the
    answer but conflicts with a figure only if its bounds exclude that figure.

    Negating a claim whose value is ``Unknown()`` says there is *no* value at all
    (Wikidata's *no value*).

    Args:
        low: A lower bound the speaker gives or implies, if any.
        high: An upper bound the speaker gives or implies, if any.
        unit: The unit of the bounds, for a quantity.

    >>> Unknown(low=1)
    Unknown(low=1)
    >>> print(Unknown(low=1))
    unknown (at least 1)

    .. versionadded:: 0.1.0
    """

    #: A lower bound, if any.
    low: Number | None = None
    #: An upper bound, if any.
    high: Number | None = None
    #: The unit of the bounds, if the value is a quantity.
    unit: str | None = attrs.field(default=None, converter=_optional_nfc)

    def __attrs_post_init__(self) -> None:
        low = check_optional_number(self.low, "low", bound=True)
        high = check_optional_number(self.high, "high", bound=True)
        check_optional_text(self.unit, "unit")
        if low is not None and high is not None and low > high:
            raise ValidationError(f"low ({low}) is above high ({high})", path="low")

    @property
    def bounds(self) -> Quantity | None:
        """The bounds as a :class:`Quantity` without a best figure, if there are any."""
        if self.low is None and self.high is None:
            return None
        return Quantity(low=self.low, high=self.high, unit=self.unit)

    def __repr__(self) -> str:
        return short_repr(self)

    def __str__(self) -> str:
        if self.low is None and self.high is None:
            return "unknown"
        parts = []
        if self.low is not None:
            parts.append(f"at least {format_number(self.low)}")
        if self.high is not None:
            parts.append(f"up to {format_number(self.high)}")
        unit = f" {self.unit}" if self.unit else ""
        return f"unknown ({' and '.join(parts)}{unit})"


#: What a claim can assert: a number, a date, a text, a yes/no, or an explicit unknown.
Value: TypeAlias = Quantity | PartialDate | Unknown | str | bool

_VALUE_TYPES = (Quantity, PartialDate, Unknown, bool)


def as_value(value: object, path: str = "value") -> Value:
    """Return ``value`` as a claim value, accepting a few Python shorthands.

    An ``int`` or ``float`` becomes an exact :class:`Quantity`, a
    :class:`datetime.date` a day-precision :class:`PartialDate`; text is put in
    Unicode normal form C.
    """
    if isinstance(value, _VALUE_TYPES):
        return value
    if isinstance(value, str):
        if not value.strip():
            raise ValidationError("a text value must not be empty", path=path)
        return nfc(check_characters(value, path))
    if isinstance(value, int | float):
        try:
            return Quantity.exact(value)
        except ValidationError as error:
            raise ValidationError(error.message, path=path) from None
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    raise ValidationError(
        f"expected a Quantity, PartialDate, Unknown, text or bool, {got(value)}",
        path=path,
    )


def describe_value(value: Value) -> str:
    """Write a value for a report: quantities as phrases, text in quotes."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return f"\u201c{value}\u201d"
    return str(value)
