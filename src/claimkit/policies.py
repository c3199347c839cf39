"""Reconciliation policies: the rule that turns the positions on a question into one
estimate.

A policy sees each :class:`~claimkit.Question` (the current
:class:`~claimkit.Position` of every independent source) and returns an
:class:`Estimate`. Grouping claims into questions, collapsing relays, applying
revisions and retractions, and finding discrepancies are the same under every
policy; only the estimate differs.

Select a policy by name (``reconcile(claims, policy="range")``) or pass an object
with parameters (``reconcile(claims, policy=Range(tolerance=0.2))``). Any object
that has the attributes and method of :class:`Policy` works.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Final, Protocol, runtime_checkable

import attrs

from ._dates import PartialDate, Precision
from ._errors import NotFoundError, ValidationError
from ._quantity import Number, Quantity, check_number
from ._questions import Position, Question, ValueKind, value_key
from ._values import Unknown, Value, describe_value

__all__ = ["Estimate", "Policy", "Range", "get_policy", "policy_names"]


@attrs.frozen(kw_only=True)
class Estimate:
    """A policy's answer to one question.

    .. versionadded:: 0.1.0
    """

    #: The reconciled value, or ``None`` if the policy gives none (for example a
    #: text question on which sources disagree).
    value: Value | None
    #: How the value was reached, in words, naming the positions used.
    detail: str


@runtime_checkable
class Policy(Protocol):
    """What a reconciliation policy provides.

    .. versionadded:: 0.1.0
    """

    @property
    def name(self) -> str:
        """The policy's name, as given to :func:`~claimkit.reconcile`."""

    @property
    def rule(self) -> str:
        """The rule in one sentence, naming the convention it follows."""

    @property
    def tolerance(self) -> float:
        """How far an approximate figure reaches, as a fraction of its size.

        With 0.1, "about 400" is read as 360 to 440."""

    def estimate(self, question: Question) -> Estimate:
        """The estimate for one question."""


def _check_tolerance(_: object, __: object, value: float) -> None:
    number = check_number(value, "tolerance")
    if not 0 <= number < 1:
        raise ValidationError(f"must be at least 0 and below 1, got {value!r}", path="tolerance")


@attrs.frozen(kw_only=True)
class Range:
    """From the lowest figure to the highest, as Iraq Body Count reports casualties.

    The estimate runs from the lowest to the highest figure any independent source
    gives (its best figure or its bounds), so every figure lies inside it. Figures
    are exact or approximate numbers and two-sided ranges; one-sided bounds ("more
    than 63") and unknowns with bounds ("at least one") are checked against them
    but do not stretch the range. When sources give only bounds, the estimate is
    what all of them allow together. For dates the estimate is the most precise date
    all sources agree with; for text and yes/no, the answer if all sources agree.
    When they disagree on a date or a text there is no single estimate (``None``)
    and the finding is contested.

    Args:
        tolerance: How far an approximate figure reaches, as a fraction of its
            size (0.1: "about 400" is 360 to 440). It decides which figures
            conflict; the range itself is drawn from the figures as given.

    >>> from claimkit.policies import Range
    >>> Range().rule
    'range: from the lowest figure to the highest, as Iraq Body Count reports'

    .. versionadded:: 0.1.0
    """

    #: How far an approximate figure reaches, as a fraction of its size.
    tolerance: float = attrs.field(default=0.1, validator=_check_tolerance)

    @property
    def name(self) -> str:
        """``"range"``."""
        return "range"

    @property
    def rule(self) -> str:
        """The rule in one sentence."""
        return "range: from the lowest figure to the highest, as Iraq Body Count reports"

    def estimate(self, question: Question) -> Estimate:
        """The range of the figures on ``question``."""
        if question.kind is ValueKind.NUMBER:
            figures = question.figures
            if figures:
                return _hull(figures, question.unit)
            return _within_bounds(question.positions, question.unit)
        return _agreed_value(question)


def _quantity(position: Position) -> Quantity:
    value = position.value
    if not isinstance(value, Quantity):  # pragma: no cover - figures are quantities
        raise TypeError(value)
    return value


def _hull(figures: Sequence[Position], unit: str | None) -> Estimate:
    # Figures are bounded on both sides (see Question.figures).
    lowest = min(figures, key=lambda p: (_quantity(p).low, _quantity(p).low_exclusive))
    highest = max(figures, key=lambda p: (_quantity(p).high, not _quantity(p).high_exclusive))
    low_q, high_q = _quantity(lowest), _quantity(highest)
    # The range is hedged only if both of its ends are: "63 to about 400" is not
    # "about 63 to 400". The explanation names the hedged end.
    approximate = low_q.approximate and high_q.approximate
    value = Quantity(
        low=low_q.low,
        high=high_q.high,
        best=low_q.low if low_q.low == high_q.high else None,
        low_exclusive=low_q.low_exclusive,
        high_exclusive=high_q.high_exclusive,
        approximate=approximate,
        unit=unit,
    )
    if len(figures) == 1:
        detail = f"the only figure, {lowest.label()}"
    elif lowest is highest:
        detail = f"the widest figure, {lowest.label()}, contains every other"
    else:
        detail = f"from the lowest figure to the highest, {lowest.label()} to {highest.label()}"
    return Estimate(value=value, detail=detail)


def _within_bounds(positions: Sequence[Position], unit: str | None) -> Estimate:
    """What every bound allows together, when nobody gives a figure."""
    lows: list[tuple[Number, bool]] = []
    highs: list[tuple[Number, bool]] = []
    approximate = False
    quantities = False
    for position in positions:
        value = position.value
        if isinstance(value, Quantity):
            quantities = True
            approximate = approximate or value.approximate
            if value.low is not None:
                lows.append((value.low, value.low_exclusive))
            if value.high is not None:
                highs.append((value.high, value.high_exclusive))
        elif isinstance(value, Unknown):
            if value.low is not None:
                lows.append((value.low, False))
            if value.high is not None:
                highs.append((value.high, False))
    low = max(lows) if lows else None
    high = min(highs, key=lambda end: (end[0], not end[1])) if highs else None
    labels = ", ".join(position.label() for position in positions)
    if (
        low is not None
        and high is not None
        and (low[0] > high[0] or (low[0] == high[0] and (low[1] or high[1])))
    ):
        return Estimate(
            value=None, detail=f"no value: the bounds given exclude each other, {labels}"
        )
    allowed: Value
    if not quantities:
        allowed = Unknown(
            low=None if low is None else low[0], high=None if high is None else high[0], unit=unit
        )
    else:
        allowed = Quantity(
            low=None if low is None else low[0],
            high=None if high is None else high[0],
            low_exclusive=bool(low and low[1]),
            high_exclusive=bool(high and high[1]),
            approximate=approximate,
            unit=unit,
        )
    if len(positions) == 1:
        return Estimate(value=allowed, detail=f"no figure, only a bound, {labels}")
    return Estimate(
        value=allowed, detail=f"no figure; the bounds together allow {allowed}: {labels}"
    )


def _agreed_value(question: Question) -> Estimate:
    """The estimate for dates, text and yes/no answers: the answer all agree on."""
    valued = question.valued
    if not valued:
        unknowns = ", ".join(position.label() for position in question.positions)
        return Estimate(
            value=question.positions[0].value if question.positions else None,
            detail=f"no source gives a value, {unknowns}"
            if unknowns
            else "no source gives a value",
        )
    if question.kind is ValueKind.DATE:
        dates = [(position, position.value) for position in valued]
        finest, finest_date = max(
            ((p, d) for p, d in dates if isinstance(d, PartialDate)),
            key=lambda item: _PRECISION_RANK[item[1].precision],
        )
        if all(isinstance(d, PartialDate) and d.contains(finest_date) for _, d in dates):
            detail = (
                f"the only date, {finest.label()}"
                if len(dates) == 1
                else f"the most precise date all sources allow, {finest.label()}"
            )
            return Estimate(value=finest.value, detail=detail)
        return Estimate(value=None, detail="no single date: the sources' dates exclude each other")
    keys = Counter(value_key(position.value) for position in valued)
    if len(keys) > 1:
        return Estimate(value=None, detail="no single answer: the sources give different ones")
    spellings = Counter(position.value for position in valued)
    value = min(spellings, key=lambda spelling: (-spellings[spelling], str(spelling)))
    voices = len({position.source.id for position in valued})
    detail = (
        f"the only answer, {valued[0].label()}"
        if voices == 1
        else f"the answer {'both' if voices == 2 else f'all {voices}'} sources give, "
        f"{describe_value(value)}"
    )
    return Estimate(value=value, detail=detail)


_PRECISION_RANK: Final = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}


_FACTORIES: Final[dict[str, Callable[[], Policy]]] = {"range": Range}


def policy_names() -> tuple[str, ...]:
    """The names :func:`get_policy` accepts, sorted.

    >>> from claimkit.policies import policy_names
    >>> policy_names()
    ('range',)

    .. versionadded:: 0.1.0
    """
    return tuple(sorted(_FACTORIES))


def get_policy(policy: str | Policy) -> Policy:
    """The policy of a name, with its default parameters; a policy object is
    returned as it is.

    Raises:
        NotFoundError: No policy has that name.

    .. versionadded:: 0.1.0
    """
    if isinstance(policy, str):
        factory = _FACTORIES.get(policy)
        if factory is None:
            raise NotFoundError(
                f"no policy named {policy!r}; choose one of {', '.join(policy_names())}"
            )
        return factory()
    if not isinstance(policy, Policy):
        raise ValidationError(
            "expected a policy name or an object with name, rule, tolerance and "
            f"estimate(), got a {type(policy).__name__}",
            path="policy",
        )
    return policy
