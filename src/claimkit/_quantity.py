"""Quantities: an interval with a best guess, and the phrases reporting uses for them."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any, Final, TypeAlias

import attrs

from ._errors import ValidationError
from ._text import (
    FLOAT_MAX,
    check_bool,
    check_in_float_range,
    check_optional_text,
    fold,
    got,
    nfc,
    short_repr,
    too_large,
)

__all__ = ["Number", "Quantity"]

#: A number inside a quantity: an ``int`` or a finite ``float`` (never a ``bool``).
Number: TypeAlias = int | float


def check_number(value: object, path: str, *, bound: bool = False) -> Number:
    """Return ``value`` if it is a finite int or float (not a bool) no larger in
    size than the largest float, else raise. ``bound``: the value is an interval's
    bound, which the message then suggests leaving out for an open interval."""
    if type(value) is int:
        return check_in_float_range(value, path)
    if type(value) is float:
        if not math.isfinite(value):
            advice = "; leave the bound out (None) for an open interval" if bound else ""
            raise ValidationError(f"expected a finite number, {got(value)}{advice}", path=path)
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value) if isinstance(value, float) else int(value)
        return check_number(number, path, bound=bound)
    raise ValidationError(f"expected a number, {got(value)}", path=path)


def check_optional_number(value: object, path: str, *, bound: bool = False) -> Number | None:
    """Like :func:`check_number`, also accepting ``None``."""
    return None if value is None else check_number(value, path, bound=bound)


def _optional_nfc(value: str | None) -> str | None:
    return nfc(value) if isinstance(value, str) else value


def format_number(value: Number) -> str:
    """Write a number as reporting does: thousands separators, no exponent."""
    if isinstance(value, int):
        return f"{value:,}"
    if value.is_integer():
        return f"{int(value):,}"
    text = repr(value)
    if "e" in text or "E" in text:
        return f"{Decimal(text):,f}"
    whole, _, fraction = text.partition(".")
    written = f"{int(whole):,}.{fraction}" if whole not in {"-0", "0"} else text
    # "1.001" would read as a thousands separator as well as a decimal point, and
    # parse refuses it; a trailing zero says decimal point, so the text reads back.
    return written + "0" if _DOT_THOUSANDS.match(written) else written


@attrs.frozen(kw_only=True, repr=False)
class Quantity:
    """A number as reporting gives it: an interval with an optional best guess.

    ``low`` and ``high`` bound the interval (``None`` leaves that side open),
    ``best`` is the figure the speaker gave as most likely. An exact figure has all
    three equal; if only ``best`` is given, the bounds are set to it. See
    :meth:`parse` for the phrases that produce each shape.

    Every number (``low``, ``best``, ``high``, ``total``) is an ``int`` or a finite
    ``float`` no larger in size than the largest float (``sys.float_info.max``,
    about 1.8e308), so that any two figures can be compared and their ratio
    computed as floats. Larger ints are refused.

    Args:
        low: The lower bound, or ``None`` if unbounded below.
        best: The best estimate, or ``None`` if the speaker gave only bounds.
        high: The upper bound, or ``None`` if unbounded above.
        unit: The unit of measurement (``"km"``, ``"USD"``, ``"%"``); ``None`` for
            counts.
        approximate: Whether the speaker hedged (``"about 400"``). Reconciliation
            widens approximate figures by its policy's tolerance.
        low_exclusive: Whether the lower bound is excluded (``"more than 63"``).
        high_exclusive: Whether the upper bound is excluded (``"fewer than 10"``).
        total: The whole that the figure is a part of (``"4 of 6"``).

    Raises:
        ValidationError: A bound is not a finite number or is beyond the float
            range, the bounds are out of order, or no figure is given at all (use
            :class:`Unknown` for a value nobody knows).

    >>> Quantity.parse("about 400")
    Quantity(low=400, best=400, high=400, approximate=True)
    >>> print(Quantity(low=300, high=600))
    between 300 and 600

    .. versionadded:: 0.1.0
    """

    #: The lower bound, or ``None`` if unbounded below.
    low: Number | None = None
    #: The best estimate, or ``None`` if only bounds were given.
    best: Number | None = None
    #: The upper bound, or ``None`` if unbounded above.
    high: Number | None = None
    #: The unit of measurement; ``None`` for counts.
    unit: str | None = attrs.field(default=None, converter=_optional_nfc)
    #: Whether the figure was hedged ("about", "roughly"...).
    approximate: bool = False
    #: Whether ``low`` itself is excluded ("more than").
    low_exclusive: bool = False
    #: Whether ``high`` itself is excluded ("fewer than").
    high_exclusive: bool = False
    #: The whole this figure is a part of ("4 of 6"), if any.
    total: Number | None = None

    def __attrs_post_init__(self) -> None:
        low = check_optional_number(self.low, "low", bound=True)
        best = check_optional_number(self.best, "best")
        high = check_optional_number(self.high, "high", bound=True)
        total = check_optional_number(self.total, "total")
        for name, checked in (("low", low), ("best", best), ("high", high), ("total", total)):
            if checked is not getattr(self, name):
                object.__setattr__(self, name, checked)
        check_optional_text(self.unit, "unit")
        for name in ("approximate", "low_exclusive", "high_exclusive"):
            check_bool(getattr(self, name), name)
        if low is None and best is None and high is None:
            raise ValidationError(
                "a quantity needs at least one of low, best and high; "
                "record a value nobody knows as Unknown()"
            )
        if best is not None and low is None and high is None:
            if self.low_exclusive or self.high_exclusive:
                raise ValidationError(
                    "a bound cannot be exclusive when only best is given",
                    path="low_exclusive" if self.low_exclusive else "high_exclusive",
                )
            object.__setattr__(self, "low", best)
            object.__setattr__(self, "high", best)
            low = high = best
        if self.low_exclusive and low is None:
            raise ValidationError("set only with a lower bound", path="low_exclusive")
        if self.high_exclusive and high is None:
            raise ValidationError("set only with an upper bound", path="high_exclusive")
        if low is not None and high is not None:
            if low > high:
                raise ValidationError(f"low ({low}) is above high ({high})", path="low")
            if low == high and (self.low_exclusive or self.high_exclusive):
                raise ValidationError(
                    f"the interval is empty: an exclusive bound at {low} on both sides",
                    path="low_exclusive" if self.low_exclusive else "high_exclusive",
                )
        if best is not None:
            if low is not None and (best < low or (best == low and self.low_exclusive)):
                raise ValidationError(f"best ({best}) is below low ({low})", path="best")
            if high is not None and (best > high or (best == high and self.high_exclusive)):
                raise ValidationError(f"best ({best}) is above high ({high})", path="best")
        if total is not None:
            top = high if high is not None else (best if best is not None else low)
            if top is not None and top > total:
                raise ValidationError(
                    f"the part ({top}) is larger than the whole ({total})", path="total"
                )

    # -- constructors -------------------------------------------------------------

    @classmethod
    def exact(cls, value: Number, *, unit: str | None = None) -> Quantity:
        """An exact figure: ``low``, ``best`` and ``high`` all ``value``.

        >>> Quantity.exact(63)
        Quantity(low=63, best=63, high=63)
        """
        return cls(low=value, best=value, high=value, unit=unit)

    @classmethod
    def about(cls, value: Number, *, unit: str | None = None) -> Quantity:
        """A hedged figure ("about 400"): like :meth:`exact`, but ``approximate``.

        >>> print(Quantity.about(400))
        about 400
        """
        return cls(low=value, best=value, high=value, unit=unit, approximate=True)

    @classmethod
    def at_least(
        cls, value: Number, *, exclusive: bool = False, unit: str | None = None
    ) -> Quantity:
        """A lower bound only: "at least 12", or "more than 12" if ``exclusive``.

        >>> print(Quantity.at_least(700_000, exclusive=True))
        more than 700,000
        """
        return cls(low=value, low_exclusive=exclusive, unit=unit)

    @classmethod
    def at_most(
        cls, value: Number, *, exclusive: bool = False, unit: str | None = None
    ) -> Quantity:
        """An upper bound only: "up to 600", or "fewer than 600" if ``exclusive``.

        >>> print(Quantity.at_most(600))
        up to 600
        """
        return cls(high=value, high_exclusive=exclusive, unit=unit)

    @classmethod
    def between(
        cls,
        low: Number,
        high: Number,
        *,
        approximate: bool = False,
        unit: str | None = None,
    ) -> Quantity:
        """A range with no best guess: "between 300 and 600".

        >>> Quantity.between(300, 600)
        Quantity(low=300, high=600)
        """
        return cls(low=low, high=high, approximate=approximate, unit=unit)

    @classmethod
    def parse(cls, text: str, *, unit: str | None = None) -> Quantity:
        """Read a quantity from the words reporting uses for it.

        Understood, case-insensitively, with thousands separators (``700,000``),
        decimals, number words up to ninety-nine and the scales ``thousand``,
        ``million`` and ``billion``:

        - a number, exact: ``63``, ``all 40``, ``forty``;
        - a hedged number, exact but ``approximate``: ``about``, ``around``,
          ``roughly``, ``approximately``, ``close to``, ``nearly``, ``almost``,
          ``some``, ``an estimated`` or ``circa`` before it;
        - a lower bound, ``low=N``: ``at least N``, ``no fewer than N``,
          ``a minimum of N``, ``N or more``, ``N+``;
        - an exclusive lower bound: ``more than N``, ``over N``, ``above N``,
          ``in excess of N``, ``upwards of N``;
        - an upper bound, ``high=N``: ``up to N``, ``at most N``,
          ``no more than N``, ``as many as N``, ``a maximum of N``, ``N or fewer``;
        - an exclusive upper bound: ``fewer than N``, ``less than N``,
          ``under N``, ``below N``;
        - a range, ``low=N, high=M``: ``between N and M``, ``N to M``, ``N-M``,
          ``from N to M``;
        - a part of a whole, exact ``N`` with ``total=M``: ``N of M``,
          ``N of the M``, ``N out of M``;
        - a percentage, unit ``%``: ``N%``, ``N percent``.

        A hedge word may precede any of the range forms too (``about 300 to 600``).
        A scale after the second number of a range applies to both
        (``2 to 3 million``). A part of a whole takes no such shared scale:
        ``4 of 6 million`` may mean 4 people or 4 million, so it is refused; write
        ``4 million of 6 million`` or ``4 of 6,000,000``.

        Nothing is guessed. Refused, with a message saying why:

        - two bound words on one figure (``at least 10 or more``,
          ``up to at most 3``) and a repeated hedge (``about about 400``);
        - a dot before exactly three digits with no comma grouping (``1.000``,
          ``12.500``): a decimal point or a thousands separator, depending on the
          country (``1.5``, ``0.500`` and ``1,000.5`` are read);
        - words after the figure (``63 troops``: pass the unit as ``unit=``) and
          unknown scale words (``1.5 millions``);
        - figures beyond the range of a float (see :class:`Quantity`).

        Args:
            text: The phrase.
            unit: The unit of the quantity. If ``text`` ends with it
                (``"about 40 km"`` with ``unit="km"``), it is removed first.

        Raises:
            ValidationError: The text is not one of the forms above, or is one of
                the refused forms, or ``unit`` is not text. Vague words ("dozens",
                "hundreds", "several") are refused rather than guessed: record them
                with bounds you can defend, or as :class:`Unknown`.

        >>> Quantity.parse("more than 700,000")
        Quantity(low=700000, low_exclusive=True)
        >>> Quantity.parse("4 of 6")
        Quantity(low=4, best=4, high=4, total=6)
        >>> Quantity.parse("between 2 and 3.5 million")
        Quantity(low=2000000, high=3500000)
        """
        if not isinstance(text, str):
            raise ValidationError(f"expected a string to parse, {got(text)}")
        return _parse_quantity(text, unit)

    # -- views --------------------------------------------------------------------

    @property
    def is_exact(self) -> bool:
        """Whether this is a single figure given without a hedge."""
        return not self.approximate and self.best is not None and self.low == self.best == self.high

    def __repr__(self) -> str:
        return short_repr(self, always=_ALWAYS_SHOWN)

    def __str__(self) -> str:
        return _describe(self)


_ALWAYS_SHOWN: Final = frozenset({"low", "best", "high"})

# -- phrases ------------------------------------------------------------------------
#
# The reader works on the folded phrase (lower case, ASCII quotes and dashes, single
# spaces) and peels it from the outside in: a trailing "of <whole>", a parenthesised
# range after a best figure, a hedge word, a pair of bounds joined by "and", a single
# bound word, a range, and finally a number. Each step reads its inner phrase with the
# same reader, so "at least about 12" and "about 4 of 6" need no rule of their own.
# Everything ``str(quantity)`` writes reads back to an equal quantity.

_HEDGES: Final = (
    "approximately",
    "an estimated",
    "roughly",
    "around",
    "about",
    "close to",
    "nearly",
    "almost",
    "some",
    "estimated",
    "circa",
    "approx.",
    "approx",
    "c.",
)
_LOWER: Final = {
    "at least": False,
    "no fewer than": False,
    "no less than": False,
    "a minimum of": False,
    "more than": True,
    "over": True,
    "above": True,
    "in excess of": True,
    "upwards of": True,
}
_UPPER: Final = {
    "up to": False,
    "at most": False,
    "no more than": False,
    "not more than": False,
    "as many as": False,
    "a maximum of": False,
    "fewer than": True,
    "less than": True,
    "under": True,
    "below": True,
}
_VAGUE: Final = frozenset(
    {
        "dozens",
        "scores",
        "hundreds",
        "thousands",
        "millions",
        "billions",
        "several",
        "many",
        "few",
        "numerous",
        "countless",
        "some",
        "dead",
        "wounded",
        "unknown",
    }
)
_SMALL: Final = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS: Final = {
    word: 10 * value
    for value, word in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], start=2
    )
}
_SCALES: Final = {
    "hundred": 100,
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "mn": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
}
_DIGITS: Final = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|-?\.\d+"
_SCALE: Final = "|".join(_SCALES)


def _number_pattern(name: str, *, words: bool = True) -> str:
    body = rf"{_DIGITS}|[a-z]+(?:-[a-z]+)?" if words else _DIGITS
    return rf"(?P<{name}>{body})(?: ?(?P<{name}_scale>{_SCALE})\b)?"


_A, _B = _number_pattern("a"), _number_pattern("b")
_SINGLE: Final = re.compile(rf"^(?:all )?{_A}$")
_RANGES: Final = (
    re.compile(rf"^between {_A} and {_B}$"),
    re.compile(rf"^(?:from )?{_A} to {_B}$"),
    re.compile(rf"^{_number_pattern('a', words=False)} ?- ?{_number_pattern('b', words=False)}$"),
)
_TOTAL: Final = re.compile(rf"^(?P<rest>.+?) (?:out )?of(?: the)? {_B}$")
_BEST_AND_BOUNDS: Final = re.compile(r"^(?P<best>[^(]+) \((?P<bounds>.+)\)$")
_OR_MORE: Final = re.compile(
    r"^(?P<rest>.+?)(?: or (?P<dir>more|greater|higher|fewer|less|lower)| ?(?P<plus>\+))$"
)
_PERCENT: Final = re.compile(r" ?(?:%|percent|per cent)$")


class _Unreadable(Exception):
    """The phrase (or a part of it) is not one the reader knows."""


#: Scale words that reporting gets wrong in the plural ("1.5 millions").
_PLURAL_SCALES: Final = {f"{word}s": word for word in ("hundred", "thousand", "million", "billion")}
#: A dot and three digits after one to three digits, with no comma grouping:
#: "1.000" is 1 with a decimal point, or 1,000 with a (German) thousands dot.
_DOT_THOUSANDS: Final = re.compile(r"^-?[1-9]\d{0,2}\.\d{3}$")
#: Trailing words are looked for only in phrases this short (the search reads
#: every prefix of the phrase).
_MOST_WORDS: Final = 12


def _quote(text: str) -> str:
    return repr(text) if len(text) <= 60 else f"{text[:57]!r}..."


def _parse_quantity(text: str, unit: str | None) -> Quantity:
    check_optional_text(unit, "unit")
    phrase = fold(text).replace("\u2212", "-")
    if unit is not None:
        folded_unit = fold(unit)
        if folded_unit and phrase.endswith(" " + folded_unit):
            phrase = phrase[: -len(folded_unit) - 1].rstrip()
    if _PERCENT.search(phrase):
        if unit not in (None, "%"):
            raise ValidationError(f"{_quote(text)} is a percentage, but the unit is {unit!r}")
        unit, phrase = "%", _PERCENT.sub("", phrase)
    try:
        fields = _read(phrase, total=True)
        return Quantity(**fields, unit=unit)
    except _Unreadable:
        raise _unreadable(text, phrase) from None
    except ValidationError as error:
        raise ValidationError(f"cannot read {_quote(text)} as a quantity: {error}") from None


def _unreadable(text: str, phrase: str) -> ValidationError:
    """The error for a phrase the reader does not know, saying why where it can."""
    words = phrase.split()
    if len(words) <= _MOST_WORDS:
        for end in range(len(words) - 1, 0, -1):
            try:
                _read(" ".join(words[:end]), total=True)
            except (_Unreadable, ValidationError):
                continue
            rest = words[end:]
            if rest[0] in _PLURAL_SCALES:
                return ValidationError(
                    f"cannot read {_quote(text)} as a quantity: {rest[0]!r} is not a scale "
                    f"word; write {_PLURAL_SCALES[rest[0]]!r}"
                )
            return ValidationError(
                f"cannot read {_quote(text)} as a quantity: unknown words "
                f"{' '.join(rest)!r} after the figure; give the figure alone, and its unit "
                "as unit="
            )
    if _VAGUE.intersection(words) or phrase.startswith(("a few", "a number")):
        return ValidationError(
            f"{_quote(text)} is too vague to read as a number; record it with bounds "
            "you can defend (Quantity(low=...)) or as Unknown(low=...)"
        )
    return ValidationError(f"cannot read {_quote(text)} as a quantity")


def _read(phrase: str, *, total: bool = False) -> dict[str, Any]:
    if total and (match := _TOTAL.match(phrase)):
        try:
            fields = _read(match["rest"])
        except _Unreadable:
            pass
        else:
            if match["b_scale"] and match["b"] not in ("a", "an") and not _scaled(match["rest"]):
                raise ValidationError(
                    f"{match['b']} {match['b_scale']} is ambiguous after a part with no "
                    f"scale: write the scale on both ({match['rest']} {match['b_scale']} of "
                    f"{match['b']} {match['b_scale']}) or the whole in digits"
                )
            return {**fields, "total": _number(match["b"], match["b_scale"])}
    if match := _BEST_AND_BOUNDS.match(phrase):
        best, bounds = _read(match["best"]), _read(match["bounds"])
        if not _is_point(best) or "best" in bounds:
            raise _Unreadable
        return {
            **bounds,
            "best": best["best"],
            "approximate": best["approximate"] or bounds["approximate"],
        }
    for hedge in _HEDGES:
        if phrase.startswith(hedge + " "):
            return _hedged(hedge, _read(phrase[len(hedge) + 1 :]))
    if phrase.startswith("~"):
        return _hedged("~", _read(phrase[1:].lstrip()))
    left, sep, right = phrase.partition(" and ")
    if sep and _bound(left, _LOWER) and _bound(right, _UPPER):
        lower, upper = _read(left), _read(right)
        return {
            **lower,
            "high": upper["high"],
            "high_exclusive": upper["high_exclusive"],
            "approximate": lower["approximate"] or upper["approximate"],
        }
    for words, side in ((_LOWER, "low"), (_UPPER, "high")):
        if word := _bound(phrase, words):
            return _one_sided(side, words[word], _read(phrase[len(word) + 1 :]), word)
    if match := _OR_MORE.match(phrase):
        side = "low" if match["plus"] or match["dir"] in ("more", "greater", "higher") else "high"
        return _one_sided(side, False, _read(match["rest"]), match["plus"] or f"or {match['dir']}")
    for pattern in _RANGES:
        if match := pattern.match(phrase):
            return {
                "low": _number(match["a"], match["a_scale"] or match["b_scale"]),
                "high": _number(match["b"], match["b_scale"]),
                "approximate": False,
            }
    if match := _SINGLE.match(phrase):
        value = _number(match["a"], match["a_scale"])
        return {"low": value, "best": value, "high": value, "approximate": False}
    raise _Unreadable


def _scaled(part: str) -> bool:
    """Whether the last number of ``part`` carries a scale word ("4 million")."""
    return re.search(rf"(?:^|[\d ])(?:{_SCALE})$", part) is not None


def _is_point(fields: dict[str, Any]) -> bool:
    """Whether ``fields`` describe a single figure (hedged or not)."""
    best = fields.get("best")
    return best is not None and fields.get("low") == best == fields.get("high")


def _hedged(hedge: str, fields: dict[str, Any]) -> dict[str, Any]:
    if fields["approximate"]:
        raise ValidationError(f"{hedge!r} repeats a hedge: give one hedge word")
    return {**fields, "approximate": True}


def _bound(phrase: str, words: dict[str, bool]) -> str | None:
    return next((word for word in words if phrase.startswith(word + " ")), None)


def _one_sided(side: str, exclusive: bool, point: dict[str, Any], word: str) -> dict[str, Any]:
    if "total" in point:
        raise _Unreadable
    if not _is_point(point):
        raise ValidationError(
            f"{word!r} bounds a figure that is already a bound or a range: give one "
            "bound word, or two joined by 'and' (more than 300 and up to 600)"
        )
    return {
        side: point["best"],
        f"{side}_exclusive": exclusive,
        "approximate": point["approximate"],
    }


def _number(word: str, scale: str | None) -> Number:
    if word in ("a", "an", "one") and scale is not None:
        value = Decimal(1)
    elif word in _SMALL:
        value = Decimal(_SMALL[word])
    elif word in _TENS:
        value = Decimal(_TENS[word])
    elif (
        (parts := word.split("-"))
        and len(parts) == 2
        and parts[0] in _TENS
        and (0 < _SMALL.get(parts[1], 0) < 10)
    ):
        value = Decimal(_TENS[parts[0]] + _SMALL[parts[1]])
    elif word[:1].isdigit() or word[:1] in ("-", "."):
        if _DOT_THOUSANDS.match(word):
            whole, _, fraction = word.partition(".")
            decimal = f"{whole}.{fraction.rstrip('0')}" if fraction.rstrip("0") else whole
            # The decimal spelt so that it cannot be read as thousands: without its
            # trailing zeros, or with one more.
            spelt = decimal if fraction.endswith("0") else f"{decimal}0"
            raise ValidationError(
                f"{word!r} is ambiguous: {decimal} with a decimal point, or "
                f"{whole},{fraction} with a thousands separator; write {whole},{fraction} "
                f"or {spelt}"
            )
        try:
            value = Decimal(word.replace(",", ""))
        except InvalidOperation:
            raise _Unreadable from None
    else:
        raise _Unreadable
    if scale is not None:
        # Exactly: the default context would round to 28 digits.
        with localcontext(prec=len(word) + 12):
            value *= _SCALES[scale]
    if abs(value) > _LARGEST:
        raise ValidationError(too_large(int(value)))
    if value == value.to_integral_value():
        return check_in_float_range(int(value), "")
    number = float(value)
    if number == 0 and value != 0:
        raise ValidationError(f"{_quote(word)} is too small to tell apart from 0 as a float")
    return number


_LARGEST: Final = Decimal(FLOAT_MAX)


def _describe(quantity: Quantity) -> str:
    hedge = "about " if quantity.approximate else ""
    text = _describe_bounds(quantity, hedge)
    if quantity.total is not None:
        text += f" of {format_number(quantity.total)}"
    if quantity.unit is not None:
        text += "%" if quantity.unit == "%" else f" {quantity.unit}"
    return text


def _describe_bounds(quantity: Quantity, hedge: str) -> str:
    low, best, high = quantity.low, quantity.best, quantity.high
    if best is not None and low == best == high:
        return f"{hedge}{format_number(best)}"
    if best is not None:
        bounds = attrs.evolve(quantity, best=None, approximate=False, total=None, unit=None)
        return f"{hedge}{format_number(best)} ({_describe_bounds(bounds, '')})"
    if (
        low is not None
        and high is not None
        and not (quantity.low_exclusive or quantity.high_exclusive)
    ):
        if hedge:
            return f"{hedge}{format_number(low)} to {format_number(high)}"
        return f"between {format_number(low)} and {format_number(high)}"
    sides = []
    if low is not None:
        word = "more than" if quantity.low_exclusive else "at least"
        sides.append(f"{word} {hedge}{format_number(low)}")
    if high is not None:
        word = "fewer than" if quantity.high_exclusive else "up to"
        sides.append(f"{word} {hedge}{format_number(high)}")
    return " and ".join(sides)
