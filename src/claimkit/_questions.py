"""What reconciliation works on: questions, and the positions sources hold on them.

A *question* is a subject, a predicate and the values of the key qualifiers, after
normalisation. A *position* is what one original source currently holds on a
question, after its relays are collapsed, its retractions applied and its earlier
statements superseded by later ones.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import functools
import math
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import Final, TypeVar

import attrs

from ._canonical import dumps_canonical, encode_value
from ._dates import PartialDate, date_text
from ._errors import ReconciliationError
from ._frozen import FrozenDict
from ._intervals import EVERYTHING, NEG_INF, POS_INF, Interval, interval, widen
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
        return f"{self.source.name}, {date_text(self.stated)}"

    def label(self) -> str:
        """The position in words: the value, who said it and when, such as
        ``63 (Russian Ministry of Defence, 2023-01-02)``."""
        return position_label(self, describe_value(self.value))


_T = TypeVar("_T")


def unchecked_builder(cls: type[_T]) -> Callable[..., _T]:
    """A function that builds an instance of ``cls``, a slotted attrs class, from
    all its fields given as keywords, setting its slots directly: no converters,
    validators or defaults, and no lookup of the frozen class's setter per field.

    For records that reconciliation makes by the thousand from values already of
    the right types (tuples, enumeration members, severities from 0 to 1); the
    public constructors still check what users give them.
    """
    names = [field.name for field in attrs.fields(cls)]  # type: ignore[arg-type]
    namespace: dict[str, object] = {"_new": object.__new__, "_cls": cls}
    for name in names:
        namespace["_set_" + name] = cls.__dict__[name].__set__
    source = (
        f"def build(*, {', '.join(names)}):\n"
        "    self = _new(_cls)\n"
        + "".join(f"    _set_{name}(self, {name})\n" for name in names)
        + "    return self\n"
    )
    exec(source, namespace)  # the code made above, from the field names
    build: Callable[..., _T] = namespace["build"]  # type: ignore[assignment]
    return build


# The slots of a position, set directly: what the generated ``__init__`` does, less
# its keyword handling and its lookup of the frozen class's setter for each field.
_POSITION_FIELDS: Final = (
    "source",
    "claim",
    "supports",
    "stated",
    "certainty",
    "attributions",
    "voice",
)
assert set(_POSITION_FIELDS) == {field.name for field in attrs.fields(Position)}
position_slots: Final = tuple(Position.__dict__[name].__set__ for name in _POSITION_FIELDS)


def position_label(position: Position, described: str) -> str:
    """:meth:`Position.label`, given the position's value already described (which
    positions on one claim share)."""
    # What the source holds: denying "not X" holds X, asserting "not X" does not.
    prefix = "" if position.supports != position.claim.negated else "not "
    stated = position.stated
    if stated is None:  # as Position.who() writes it
        return f"{prefix}{described} ({position.source.name})"
    return f"{prefix}{described} ({position.source.name}, {date_text(stated)})"


@functools.lru_cache(maxsize=1 << 12)
def _day_span(year: int, month: int | None, day: int | None) -> tuple[int, int]:
    if day is not None:
        first = dt.date(year, month or 1, day).toordinal()
        return first, first
    if month is None:
        return dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1).toordinal(), dt.date(year, month, last).toordinal()


def day_span(date: PartialDate) -> tuple[int, int]:
    """The ordinals of the first and last day a partial date can be
    (``date.earliest.toordinal()``, ``date.latest.toordinal()``), remembered."""
    return _day_span(date.year, date.month, date.day)


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
        return _valued(self.positions)

    @functools.cached_property
    def figures(self) -> tuple[Position, ...]:
        """The supporting positions that give a figure, a quantity bounded on both
        sides (an exact or approximate number, or a range).

        Quantities open on one side ("more than 63") and unknowns with bounds
        ("at least one") are *constraints*: they are checked against the figures
        but do not stretch a range.
        """
        return _figures(self.positions)


def _valued(positions: tuple[Position, ...]) -> tuple[Position, ...]:
    """:attr:`Question.valued` of a question with these positions."""
    return tuple([p for p in positions if not isinstance(p.claim.value, Unknown)])


def _figures(positions: tuple[Position, ...]) -> tuple[Position, ...]:
    """:attr:`Question.figures` of a question with these positions."""
    figures = []
    for position in positions:
        value = position.claim.value
        if isinstance(value, Quantity) and value.low is not None and value.high is not None:
            figures.append(position)
    return tuple(figures)


_QUESTION_FIELDS: Final = (
    "subject",
    "predicate",
    "qualifiers",
    "kind",
    "unit",
    "positions",
    "opposing",
)
assert set(_QUESTION_FIELDS) == {field.name for field in attrs.fields(Question)}
_question_slots = tuple(
    Question.__dict__[name].__set__ for name in (*_QUESTION_FIELDS, "valued", "figures")
)


def new_question(
    subject: str,
    predicate: str,
    qualifiers: Mapping[str, Value],
    kind: ValueKind,
    unit: str | None,
    positions: tuple[Position, ...],
    opposing: tuple[Position, ...],
) -> Question:
    """``Question(subject=subject, ..., opposing=opposing)``, built faster, with its
    :attr:`~Question.valued` and :attr:`~Question.figures` already worked out (every
    policy and every finding asks for them, and working them out on first use
    costs a failed attribute lookup each)."""
    question: Question = object.__new__(Question)
    values = (
        subject,
        predicate,
        qualifiers,
        kind,
        unit,
        positions,
        opposing,
        _valued(positions),
        _figures(positions),
    )
    for setter, value in zip(_question_slots, values, strict=True):
        setter(question, value)
    return question


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


#: The kind of every value of these types (all but quantities and unknowns).
_KIND_OF_TYPE: Final[Mapping[type, ValueKind]] = {
    bool: ValueKind.BOOL,
    str: ValueKind.TEXT,
    PartialDate: ValueKind.DATE,
}


def question_kind(
    subject: str, predicate: str, values: list[Value]
) -> tuple[ValueKind, str | None]:
    """The kind and unit of a question's values; mixing kinds or units is an error."""
    if len(values) == 1:
        (value,) = values
        kind = value_kind(value)
        unit = value.unit if isinstance(value, Quantity | Unknown) else None
        return kind, unit if kind is ValueKind.NUMBER else None
    # Commonly the values are all of one type: then the kind is that type's.
    types = {type(value) for value in values}
    if len(types) == 1:
        only = types.pop()
        if only is Quantity:
            units = {value.unit for value in values if isinstance(value, Quantity)}
            if len(units) == 1:
                return ValueKind.NUMBER, units.pop()
        elif only in _KIND_OF_TYPE:
            return _KIND_OF_TYPE[only], None
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
        first, last = day_span(value)
        return ((first, 0), (last, 0))
    point = texts[value_key(value)]
    return interval(point, point)


def scaled_interval(value: Value, tolerance: Fraction, texts: Mapping[str, int]) -> Interval:
    """:func:`value_interval` with every number multiplied by the denominator of
    ``tolerance``: the same order of endpoints, so the same overlaps, but in plain
    integers wherever the figures are integers (Fractions only for floats).

    Only the numbers are scaled; dates and texts are never compared with numbers
    (a question's values are of one kind, besides unknowns without bounds).
    """
    if isinstance(value, Quantity):
        scale = tolerance.denominator
        reach = tolerance.numerator if value.approximate else 0
        low, high = value.low, value.high
        start = (
            NEG_INF
            if low is None
            else (_widened(low, scale, -reach), 1 if value.low_exclusive else 0)
        )
        end = (
            POS_INF
            if high is None
            else (_widened(high, scale, reach), -1 if value.high_exclusive else 0)
        )
        return (start, end)
    if isinstance(value, Unknown):
        if value.low is None and value.high is None:
            return EVERYTHING
        scale = tolerance.denominator
        return interval(
            None if value.low is None else _times(value.low, scale),
            None if value.high is None else _times(value.high, scale),
        )
    return value_interval(value, tolerance, texts)


def _widened(number: Number, scale: int, reach: int) -> int | Fraction:
    """``widen(number, reach / scale, ±1) * scale``: ``number * scale`` moved by
    ``|number| * reach``, exactly, in integers for an integer."""
    if type(number) is int:
        return number * scale + abs(number) * reach
    exact = Fraction(number)
    return exact * scale + abs(exact) * reach


def _times(number: Number, scale: int) -> int | Fraction:
    return number * scale if type(number) is int else Fraction(number) * scale


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
    """Whether ``a`` is certainly after ``b`` (both known, no overlap).

    Compares ``a.earliest > b.latest`` as (year, month, day) keys, without building
    dates: a missing month of ``b`` counts as 12 and a missing day as 31, which no
    real day of ``a`` in that month exceeds.
    """
    if a is None or b is None:
        return False
    return (a.year, a.month or 1, a.day or 1) > (b.year, b.month or 12, b.day or 31)


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
