"""What reconciliation works on: questions, and the positions sources hold on them.

A *question* is a subject, a predicate and the values of the key qualifiers, after
normalisation. A *position* is what one original source currently holds on a
question, after its relays are collapsed, its retractions applied and its earlier
statements superseded by later ones.
"""

from __future__ import annotations

import enum
import functools
import math
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Final

import attrs

from ._canonical import dumps_canonical, encode_value
from ._dates import PartialDate
from ._errors import ReconciliationError
from ._frozen import FrozenDict
from ._intervals import EVERYTHING, Interval, interval, widen
from ._model import Attribution, Certainty, Claim, Source
from ._quantity import Number, Quantity
from ._text import fold
from ._values import Unknown, Value, describe_value

__all__ = ["Position", "Question", "ValueKind"]


class ValueKind(enum.StrEnum):
    """The kind of answer a question has, from the values its sources give.

    .. versionadded:: 0.1.0
    """

    #: Quantities (and unknowns with numeric bounds).
    NUMBER = "number"
    #: Partial dates.
    DATE = "date"
    #: Text.
    TEXT = "text"
    #: Yes or no.
    BOOL = "bool"
    #: Only unknowns without bounds; nobody gives a value.
    UNKNOWN = "unknown"


@attrs.frozen(kw_only=True, eq=False)
class Position:
    """What one original source currently holds on a question.

    Every attribution of the same claim by the same original source, through any
    relay, is one position: relays add no voice.

    .. versionadded:: 0.1.0
    """

    #: The original source.
    source: Source
    #: The claim the source holds.
    claim: Claim
    #: Whether the source's stance supports the claim (it asserts or
    #: acknowledges it) rather than opposing it (it denies or disputes it).
    supports: bool
    #: When the source last made the statement, if known.
    stated: PartialDate | None
    #: The firmest certainty with which the source made it.
    certainty: Certainty
    #: The attributions behind the position, the statement and its relays.
    attributions: tuple[Attribution, ...]
    #: The independent voice the position counts as, its source's id (or, when
    #: reconciling with independence by affiliation, the source's party).
    voice: str = attrs.field(default=attrs.Factory(lambda self: self.source.id, takes_self=True))

    @property
    def value(self) -> Value:
        """The claimed value."""
        return self.claim.value

    @property
    def party(self) -> str:
        """The source's affiliation, or its id if it has none."""
        return self.source.affiliation or self.source.id

    def who(self) -> str:
        """Who said it and when: ``Russian Ministry of Defence, 2023-01-02``."""
        if self.stated is None:
            return self.source.name
        return f"{self.source.name}, {self.stated}"

    def label(self) -> str:
        """The position in words: the value, who said it and when, such as
        ``63 (Russian Ministry of Defence, 2023-01-02)``."""
        # What the source holds: denying "not X" holds X, asserting "not X" does not.
        prefix = "" if self.supports != self.claim.negated else "not "
        return f"{prefix}{describe_value(self.value)} ({self.who()})"


@attrs.frozen(kw_only=True, eq=False)
class Question:
    """One question and the positions sources currently hold on it.

    This is what a :class:`~claimkit.policies.Policy` sees.

    .. versionadded:: 0.1.0
    """

    #: The subject, as most sources spell it.
    subject: str
    #: The predicate, as most sources spell it.
    predicate: str
    #: The values of the key qualifiers.
    qualifiers: Mapping[str, Value]
    #: What kind of answer the question has.
    kind: ValueKind
    #: The unit of its quantities, if any.
    unit: str | None
    #: The positions that support a value, in a canonical order.
    positions: tuple[Position, ...]
    #: The positions that oppose a claim (denials, disputes, negations).
    opposing: tuple[Position, ...] = ()

    def voices(self) -> dict[str, tuple[Position, ...]]:
        """The supporting positions grouped by independent voice (see
        :attr:`Position.voice`), in a canonical order."""
        grouped: dict[str, list[Position]] = {}
        for position in self.positions:
            grouped.setdefault(position.voice, []).append(position)
        return {voice: tuple(grouped[voice]) for voice in sorted(grouped)}

    @functools.cached_property
    def valued(self) -> tuple[Position, ...]:
        """The supporting positions that give a value (all but :class:`Unknown`)."""
        return tuple(p for p in self.positions if not isinstance(p.value, Unknown))

    @functools.cached_property
    def figures(self) -> tuple[Position, ...]:
        """The supporting positions that give a figure, a quantity bounded on both
        sides (an exact or approximate number, or a range).

        Quantities open on one side ("more than 63") and unknowns with bounds
        ("at least one") are *constraints*: they are checked against the figures
        but do not stretch a range.
        """
        return tuple(
            p
            for p in self.positions
            if isinstance(p.value, Quantity)
            and p.value.low is not None
            and p.value.high is not None
        )


def value_kind(value: Value) -> ValueKind:
    """The kind of a single value."""
    if isinstance(value, bool):
        return ValueKind.BOOL
    if isinstance(value, str):
        return ValueKind.TEXT
    if isinstance(value, PartialDate):
        return ValueKind.DATE
    if isinstance(value, Quantity):
        return ValueKind.NUMBER
    if value.low is None and value.high is None:
        return ValueKind.UNKNOWN
    return ValueKind.NUMBER


@functools.lru_cache(maxsize=1 << 16, typed=True)
def value_key(value: Value) -> str:
    """A key under which equal answers meet: folded text, canonical JSON otherwise."""
    if isinstance(value, str):
        return "t:" + fold(value)
    return dumps_canonical(encode_value(value)).decode()


def question_kind(
    subject: str, predicate: str, values: list[Value]
) -> tuple[ValueKind, str | None]:
    """The kind and unit of a question's values; mixing kinds or units is an error."""
    if len(values) == 1:
        (value,) = values
        kind = value_kind(value)
        unit = value.unit if isinstance(value, Quantity | Unknown) else None
        return kind, unit if kind is ValueKind.NUMBER else None
    kinds = {value_kind(value) for value in values} - {ValueKind.UNKNOWN}
    if len(kinds) > 1:
        names = " and ".join(sorted(kind.value for kind in kinds))
        raise ReconciliationError(
            f"{subject!r} / {predicate!r} has answers of different kinds ({names}); "
            "give them different predicates, or make the values of one kind"
        )
    kind = kinds.pop() if kinds else ValueKind.UNKNOWN
    units = {
        value.unit
        for value in values
        if isinstance(value, Quantity | Unknown) and value_kind(value) is ValueKind.NUMBER
    }
    if len(units) > 1:
        names = ", ".join(repr(unit) for unit in sorted(units, key=str))
        raise ReconciliationError(
            f"{subject!r} / {predicate!r} has quantities in different units ({names}); "
            "convert them to one unit first: comparing them as they are would be wrong"
        )
    return kind, units.pop() if units else None


def value_interval(value: Value, tolerance: Fraction, texts: Mapping[str, int]) -> Interval:
    """The interval a value stands for; approximate figures widened by ``tolerance``.

    ``texts`` numbers the distinct text and boolean answers of the question, each
    becoming a point of its own.
    """
    if isinstance(value, Quantity):
        low, high = value.low, value.high
        if value.approximate:
            return interval(
                None if low is None else widen(low, tolerance, -1),
                None if high is None else widen(high, tolerance, +1),
                low_open=value.low_exclusive,
                high_open=value.high_exclusive,
            )
        return interval(low, high, low_open=value.low_exclusive, high_open=value.high_exclusive)
    if isinstance(value, Unknown):
        if value.low is None and value.high is None:
            return EVERYTHING
        return interval(value.low, value.high)
    if isinstance(value, PartialDate):
        return interval(value.earliest.toordinal(), value.latest.toordinal())
    point = texts[value_key(value)]
    return interval(point, point)


def representative(value: Value) -> int | float | None:
    """The single figure that stands for a numeric value in magnitudes: its best
    figure, else its only finite bound."""
    if isinstance(value, Quantity):
        if value.best is not None:
            return value.best
        if value.low is not None and value.high is not None:
            return None
        return value.low if value.low is not None else value.high
    return None


def figure_ratio(high: Number, low: Number) -> float | None:
    """How many times ``high`` is ``low``, or ``None`` where that is not a finite
    number: ``low`` not positive, or the ratio beyond the range of a float (a figure
    of 1 against one of 5e-324)."""
    if low <= 0:
        return None
    try:
        ratio = high / low
    except OverflowError:
        return None
    return ratio if math.isfinite(ratio) else None


def times(ratio: float) -> str:
    """A ratio in words: "6.3 times", "1,250 times"."""
    return f"{ratio:.1f} times" if ratio < 100 else f"{ratio:,.0f} times"


def source_names(positions: Iterable[Position]) -> str:
    """The names of the positions' sources, each once, in order."""
    return ", ".join(sorted({position.source.name for position in positions}))


def later(a: PartialDate | None, b: PartialDate | None) -> bool:
    """Whether ``a`` is certainly after ``b`` (both known, no overlap)."""
    return a is not None and b is not None and a.earliest > b.latest


CERTAINTY_RANK: Final = {Certainty.POSSIBLE: 0, Certainty.PROBABLE: 1, Certainty.CERTAIN: 2}

EMPTY_QUALIFIERS: Final[FrozenDict[str, Value]] = FrozenDict()


def figure_point(value: Value) -> Number | None:
    """The single number a figure stands for: its best figure, or the middle of a
    range given without one; ``None`` for bounds, unknowns and non-numbers."""
    if not isinstance(value, Quantity):
        return None
    if value.best is not None:
        return value.best
    if value.low is None or value.high is None:
        return None
    middle = (Fraction(value.low) + Fraction(value.high)) / 2
    return int(middle) if middle.denominator == 1 else float(middle)
