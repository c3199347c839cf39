"""Reconciliation policies: the rule that turns the positions on each question into
one estimate.

A policy sees every :class:`~claimkit.Question` of a reconciliation (the current
:class:`~claimkit.Position` of every independent source on it) and returns an
:class:`Estimate` for each. Grouping claims into questions, collapsing relays,
applying revisions and retractions, and finding discrepancies are the same under
every policy; only the estimate differs.

Select a policy by name (``reconcile(claims, policy="median")``) or pass an object
with parameters (``reconcile(claims, policy=Weighted(trust={"ru-mod": 0.5}))``).
Any object with the attributes and method of :class:`Policy` works; a policy that
estimates each question on its own can derive from :class:`PerQuestion`.

=================  ==========================================================
name               rule
=================  ==========================================================
``range``          lowest to highest figure (Iraq Body Count)
``conservative``   lowest credible figure (ACLED)
``low-best-high``  low, best and high estimates (UCDP GED)
``median``         median of independent sources
``weighted``       weighted median by user-given source trust
``trust``          source trust learned from all questions (truth discovery)
=================  ==========================================================
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Final, Literal, Protocol, runtime_checkable

import attrs

from ._dates import PartialDate
from ._errors import NotFoundError, ValidationError
from ._frozen import FrozenDict, freeze_weights
from ._intervals import overlap
from ._model import Certainty, certainty_weights
from ._quantity import Number, Quantity, check_number, format_number
from ._questions import (
    Position,
    Question,
    ValueKind,
    day_span,
    figure_point,
    figure_ratio,
    scaled_interval,
    source_names,
    times,
    value_key,
)
from ._text import got
from ._values import Unknown, Value, describe_value

__all__ = [
    "CERTAINTY_WEIGHTS",
    "Conservative",
    "Estimate",
    "LowBestHigh",
    "Median",
    "PerQuestion",
    "Policy",
    "PolicyResult",
    "Range",
    "Trust",
    "Weighted",
    "get_policy",
    "policy_names",
]

#: How much support a statement gives by the firmness of its source's commitment,
#: as the weighted and trust policies count it by default.
CERTAINTY_WEIGHTS: Final[Mapping[Certainty, float]] = FrozenDict(
    {Certainty.CERTAIN: 1.0, Certainty.PROBABLE: 0.7, Certainty.POSSIBLE: 0.4}
)


@attrs.frozen(kw_only=True)
class Estimate:
    """A policy's answer to one question.

    .. versionadded:: 0.1.0
    """

    #: The reconciled value, or ``None`` if the policy gives none (for example a
    #: text question on which sources disagree).
    value: Value | None
    #: How the value was reached, in words, naming the positions used and those
    #: set aside.
    detail: str
    #: How much of the weight of evidence backs the value, from 0 to 1, for
    #: policies that weigh evidence; ``None`` otherwise.
    confidence: float | None = None


@attrs.frozen(kw_only=True)
class PolicyResult:
    """What a policy returns for the questions of a reconciliation.

    .. versionadded:: 0.1.0
    """

    #: One estimate per question, in the order the questions were given.
    estimates: tuple[Estimate, ...]
    #: The trust learned for each source (by id), for policies that learn it.
    trust: Mapping[str, float] = attrs.field(factory=FrozenDict, converter=freeze_weights)
    #: A note on the run, such as how many iterations a learning policy took.
    note: str = ""


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

        With 0.1, "about 400" is read as 360 to 440. This decides which figures
        conflict."""

    def estimates(self, questions: Sequence[Question]) -> PolicyResult:
        """The estimates for all questions of a reconciliation, in order."""


class PerQuestion:
    """Base class for policies that estimate each question on its own.

    Such a policy only needs an :meth:`estimate` method, and is *decomposable*:
    reconciling parts of a claim set and combining the partial results (see
    :class:`~claimkit.Partial`) gives exactly the result on the whole.

    .. versionadded:: 0.1.0
    """

    #: Whether each question is estimated on its own.
    decomposable: Final = True

    def estimates(self, questions: Sequence[Question]) -> PolicyResult:
        """The estimate of each question, one by one."""
        return PolicyResult(estimates=tuple(self.estimate(question) for question in questions))

    def estimate(self, question: Question) -> Estimate:
        """The estimate for one question."""
        raise NotImplementedError  # pragma: no cover - subclasses define it


def _check_tolerance(_: object, __: object, value: float) -> None:
    number = check_number(value, "tolerance")
    if not 0 <= number < 1:
        raise ValidationError(f"must be at least 0 and below 1, got {value!r}", path="tolerance")


def _check_weights(_: object, attribute: attrs.Attribute[Any], value: Mapping[str, float]) -> None:
    for key, weight in value.items():
        number = check_number(weight, f"{attribute.name}[{key!r}]")
        if number < 0:
            raise ValidationError(
                f"a weight cannot be negative, got {weight!r}", path=f"{attribute.name}[{key!r}]"
            )


def _tolerance_field() -> float:
    return attrs.field(default=0.1, validator=_check_tolerance)


# -- range --------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Range(PerQuestion):
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
    tolerance: float = _tolerance_field()

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
        if question.kind is not ValueKind.NUMBER:
            return _agreed_value(question)
        figures = question.figures
        if not figures:
            return _within_bounds(question.positions, question.unit)
        if len(figures) == 1 and _is_point(_quantity(figures[0]), question.unit):
            # A single figure is its own range.
            return Estimate(value=figures[0].value, detail=f"the only figure, {figures[0].label()}")
        lowest, highest = _lowest(figures), _highest(figures)
        low_q, high_q = _quantity(lowest), _quantity(highest)
        value = Quantity(
            low=low_q.low,
            high=high_q.high,
            best=low_q.low if low_q.low == high_q.high else None,
            low_exclusive=low_q.low_exclusive,
            high_exclusive=high_q.high_exclusive,
            # The range is hedged only if both ends are: "63 to about 400" is not
            # "about 63 to 400". The explanation names the hedged end.
            approximate=low_q.approximate and high_q.approximate,
            unit=question.unit,
        )
        if len(figures) == 1:
            detail = f"the only figure, {lowest.label()}"
        elif lowest is highest:
            detail = f"the widest figure, {lowest.label()}, contains every other"
        else:
            detail = f"from the lowest figure to the highest, {lowest.label()} to {highest.label()}"
        return Estimate(value=value, detail=detail)


# -- conservative -------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Conservative(PerQuestion):
    """The lowest credible figure, as ACLED codes fatalities.

    The estimate is the lowest figure any independent source gives: the figure
    itself if it is a single number, the lower end of a range otherwise, and its
    hedge with it ("about 60"). One-sided bounds and unknowns do not count as
    figures; with nothing but bounds, the estimate is what all the bounds allow
    together. Dates, text and yes/no are estimated as by :class:`Range`.

    Args:
        tolerance: How far an approximate figure reaches, as a fraction of its
            size; it decides which figures conflict.

    .. versionadded:: 0.1.0
    """

    #: How far an approximate figure reaches, as a fraction of its size.
    tolerance: float = _tolerance_field()

    @property
    def name(self) -> str:
        """``"conservative"``."""
        return "conservative"

    @property
    def rule(self) -> str:
        """The rule in one sentence."""
        return "conservative: the lowest credible figure, as ACLED codes fatalities"

    def estimate(self, question: Question) -> Estimate:
        """The lowest figure on ``question``."""
        if question.kind is not ValueKind.NUMBER:
            return _agreed_value(question)
        figures = question.figures
        if not figures:
            return _within_bounds(question.positions, question.unit)
        lowest = _lowest(figures)
        quantity = _quantity(lowest)
        assert quantity.low is not None
        value = Quantity(
            low=quantity.low,
            best=quantity.low,
            high=quantity.low,
            approximate=quantity.approximate,
            unit=question.unit,
        )
        which = "" if quantity.low == quantity.high else "the lower end of "
        detail = f"lowest figure from an independent source, {which}{lowest.label()}"
        highest = _highest(figures)
        top = figure_point(highest.value)
        ratio = figure_ratio(top, quantity.low) if top is not None else None
        if highest.voice != lowest.voice and ratio is not None and ratio > 1:
            detail += (
                f"; {highest.source.name}'s figure, {describe_value(highest.value)}, is "
                f"{times(ratio)} higher"
            )
        return Estimate(value=value, detail=detail)


# -- low, best, high ----------------------------------------------------------------


def _trust_of(position: Position, trust: Mapping[str, float], by: str, default: float) -> float:
    key = position.source.affiliation if by == "affiliation" else position.source.id
    if key is None:
        return default
    return float(trust.get(key, default))


_BY = Literal["source", "affiliation"]


def _check_by(_: object, __: object, value: str) -> None:
    if value not in ("source", "affiliation"):
        raise ValidationError(f"expected 'source' or 'affiliation', {got(value)}", path="by")


@attrs.frozen(kw_only=True)
class LowBestHigh(PerQuestion):
    """Low, best and high estimates, as the UCDP Georeferenced Event Dataset gives
    them.

    *Low* is the lowest figure and *high* the highest (as by :class:`Range`);
    *best* is the figure of the most trusted independent source. Among equally
    trusted sources, *best* is the figure the most independent sources are
    consistent with, and then the lower one. The estimate is a quantity with all
    three. Without ``trust``, every source is trusted alike.

    Args:
        trust: Trust in sources, by source id (or by affiliation, with
            ``by="affiliation"``); a higher number is more trusted.
        by: Whether ``trust`` is keyed by ``"source"`` id or ``"affiliation"``.
        default_trust: The trust of sources that ``trust`` does not name.
        tolerance: How far an approximate figure reaches, as a fraction of its
            size; it decides which figures are consistent.

    .. versionadded:: 0.1.0
    """

    #: Trust in sources, by source id or affiliation.
    trust: Mapping[str, float] = attrs.field(
        factory=FrozenDict, converter=freeze_weights, validator=_check_weights
    )
    #: Whether ``trust`` is keyed by source id or by affiliation.
    by: _BY = attrs.field(default="source", validator=_check_by)
    #: The trust of sources that ``trust`` does not name.
    default_trust: float = 1.0
    #: How far an approximate figure reaches, as a fraction of its size.
    tolerance: float = _tolerance_field()

    @property
    def name(self) -> str:
        """``"low-best-high"``."""
        return "low-best-high"

    @property
    def rule(self) -> str:
        """The rule in one sentence."""
        return (
            "low-best-high: the lowest and highest figures, and the best from the most "
            "trusted independent source, as UCDP GED reports"
        )

    def estimate(self, question: Question) -> Estimate:
        """Low, best and high figures on ``question``."""
        if question.kind is not ValueKind.NUMBER:
            return _agreed_value(question)
        figures = question.figures
        if not figures:
            return _within_bounds(question.positions, question.unit)
        lowest, highest = _lowest(figures), _highest(figures)
        tolerance = Fraction(repr(float(self.tolerance)))
        # Scaled to integers (only their order matters), once per claim.
        by_claim = {p.claim.id: p.claim.value for p in question.positions}
        scaled = {key: scaled_interval(value, tolerance, {}) for key, value in by_claim.items()}
        intervals = {id(p): scaled[p.claim.id] for p in question.positions}

        def support(position: Position) -> int:
            mine = intervals[id(position)]
            return len(
                {other.voice for other in question.positions if overlap(mine, intervals[id(other)])}
            )

        def rank(position: Position) -> tuple[float, int, float]:
            point = figure_point(position.value)
            assert point is not None
            trust = _trust_of(position, self.trust, self.by, self.default_trust)
            return (trust, support(position), -float(point))

        chosen = max(figures, key=rank)
        best = figure_point(chosen.value)
        low, high = _quantity(lowest).low, _quantity(highest).high
        value = Quantity(
            low=low,
            best=best,
            high=high,
            low_exclusive=_quantity(lowest).low_exclusive,
            high_exclusive=_quantity(highest).high_exclusive,
            approximate=_quantity(chosen).approximate,
            unit=question.unit,
        )
        reason = (
            "the most trusted source"
            if self.trust
            else f"consistent with {_plural(support(chosen), 'independent source')}"
        )
        detail = f"low {lowest.label()}, best {chosen.label()} ({reason}), high {highest.label()}"
        return Estimate(value=value, detail=detail)


# -- median -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Median(PerQuestion):
    """The median of the figures of independent sources.

    Each independent voice (a source, or a party when reconciling with
    independence by affiliation) gives one figure: its best figure, or the middle of
    a range given without one; a voice with several figures gives their median. The
    estimate is the median of the voices' figures (the mean of the two middle ones
    when their number is even), marked approximate when it falls between two figures
    or is a hedged one. Bounds and unknowns give no figure. For dates, text and
    yes/no, the estimate is the answer most voices give, if one answer leads.

    Args:
        tolerance: How far an approximate figure reaches, as a fraction of its
            size; it decides which figures conflict.

    .. versionadded:: 0.1.0
    """

    #: How far an approximate figure reaches, as a fraction of its size.
    tolerance: float = _tolerance_field()

    @property
    def name(self) -> str:
        """``"median"``."""
        return "median"

    @property
    def rule(self) -> str:
        """The rule in one sentence."""
        return "median: the median of the figures of independent sources"

    def estimate(self, question: Question) -> Estimate:
        """The median figure on ``question``."""
        if question.kind is not ValueKind.NUMBER:
            return _majority(
                question, lambda position: 1.0, "the answer most independent sources give"
            )
        points = _voice_points(question, lambda position: 1.0)
        if not points:
            return _within_bounds(question.positions, question.unit)
        values = sorted(point for point, _, _, _ in points)
        middle = len(values) // 2
        if len(values) % 2:
            median = Fraction(values[middle])
        else:
            median = (Fraction(values[middle - 1]) + Fraction(values[middle])) / 2
        number = _number(median)
        approximate = any(
            approximate for point, _, approximate, _ in points if Fraction(point) == median
        ) or not any(Fraction(point) == median for point, _, _, _ in points)
        value = Quantity(best=number, approximate=approximate, unit=question.unit)
        listed = ", ".join(format_number(point) for point in values)
        detail = f"the median of {_plural(len(values), 'independent figure')} ({listed}), {value}"
        return Estimate(value=value, detail=detail)


# -- weighted -----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Weighted(PerQuestion):
    """The weighted median of the figures of independent sources, by user-given
    trust.

    Each independent voice weighs its trust times the certainty of its firmest
    statement (:data:`CERTAINTY_WEIGHTS`: a "probable" statement weighs 0.7 of a
    "certain" one). The estimate is the lowest figure at which the voices at or below
    it carry at least half the total weight: a figure some source gave, never an
    average nobody claimed. For dates, text and yes/no, the estimate is the answer
    with the most weight. The confidence is the share of the weight whose values are
    consistent with the estimate.

    Args:
        trust: Trust in sources, by source id (or by affiliation, with
            ``by="affiliation"``).
        by: Whether ``trust`` is keyed by ``"source"`` id or ``"affiliation"``.
        default_trust: The trust of sources that ``trust`` does not name.
        certainty_weights: The weight of each certainty.
        tolerance: How far an approximate figure reaches, as a fraction of its
            size.

    >>> from claimkit.policies import Weighted
    >>> Weighted(trust={"Russia": 0.2, "Ukraine": 0.5}, by="affiliation").name
    'weighted'

    .. versionadded:: 0.1.0
    """

    #: Trust in sources, by source id or affiliation.
    trust: Mapping[str, float] = attrs.field(
        factory=FrozenDict, converter=freeze_weights, validator=_check_weights
    )
    #: Whether ``trust`` is keyed by source id or by affiliation.
    by: _BY = attrs.field(default="source", validator=_check_by)
    #: The trust of sources that ``trust`` does not name.
    default_trust: float = 1.0
    #: The weight of each certainty.
    certainty_weights: Mapping[Certainty, float] = attrs.field(
        default=CERTAINTY_WEIGHTS, converter=certainty_weights
    )
    #: How far an approximate figure reaches, as a fraction of its size.
    tolerance: float = _tolerance_field()

    @property
    def name(self) -> str:
        """``"weighted"``."""
        return "weighted"

    @property
    def rule(self) -> str:
        """The rule in one sentence."""
        return "weighted: the weighted median of independent figures, by the trust you give"

    def _weight(self, position: Position) -> float:
        trust = _trust_of(position, self.trust, self.by, self.default_trust)
        return trust * float(self.certainty_weights.get(position.certainty, 1.0))

    def estimate(self, question: Question) -> Estimate:
        """The weighted median figure on ``question``."""
        if question.kind is not ValueKind.NUMBER:
            return _majority(question, self._weight, "the answer with the most weight")
        points = _voice_points(question, self._weight)
        if not points:
            return _within_bounds(question.positions, question.unit)
        total = sum(weight for _, weight, _, _ in points)
        if total <= 0:
            return Estimate(value=None, detail="no figure carries any weight")
        ordered = sorted(points, key=lambda item: item[0])
        running = 0.0
        chosen = ordered[-1]
        for item in ordered:
            running += item[1]
            if running >= total / 2:
                chosen = item
                break
        value = Quantity(best=chosen[0], approximate=chosen[2], unit=question.unit)
        tolerance = Fraction(repr(float(self.tolerance)))
        # Scaled to integers: only the order of the ends matters for overlapping.
        target = scaled_interval(value, tolerance, {})
        backing = sum(
            self._weight(position)
            for position in question.positions
            if overlap(scaled_interval(position.value, tolerance, {}), target)
        )
        all_weight = sum(self._weight(position) for position in question.positions) or 1.0
        listed = ", ".join(
            f"{format_number(p)} ({who}, weight {w:.2g})" for p, w, _, who in ordered
        )
        detail = f"the weighted median of {listed}: {value}"
        return Estimate(value=value, detail=detail, confidence=min(1.0, backing / all_weight))


# -- shared rules -------------------------------------------------------------------


def _quantity(position: Position) -> Quantity:
    value = position.value
    if not isinstance(value, Quantity):  # pragma: no cover - figures are quantities
        raise TypeError(value)
    return value


def _is_point(quantity: Quantity, unit: str | None) -> bool:
    """Whether a quantity is a bare figure (no range, bound or total) in ``unit``."""
    return (
        quantity.best is not None
        and quantity.low == quantity.best == quantity.high
        and quantity.total is None
        and quantity.unit == unit
    )


def _lowest(figures: Sequence[Position]) -> Position:
    return min(figures, key=_low_end)


def _highest(figures: Sequence[Position]) -> Position:
    return max(figures, key=_high_end)


def _low_end(figure: Position) -> tuple[Number | None, bool]:
    # What _quantity(figure) checks, without the call: every figure is a quantity.
    value = figure.claim.value
    if not isinstance(value, Quantity):  # pragma: no cover - figures are quantities
        raise TypeError(value)
    return (value.low, value.low_exclusive)


def _high_end(figure: Position) -> tuple[Number | None, bool]:
    value = figure.claim.value
    if not isinstance(value, Quantity):  # pragma: no cover - figures are quantities
        raise TypeError(value)
    return (value.high, not value.high_exclusive)


def _number(value: Fraction) -> Number:
    return int(value) if value.denominator == 1 else float(value)


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _voice_points(
    question: Question, weight: Callable[[Position], float]
) -> list[tuple[Number, float, bool, str]]:
    """Each voice's figure (the median of its figures), weight, hedge and who gave
    it."""
    out = []
    for positions in question.voices().values():
        # Ties on the figure are broken by claim id: positions do not compare.
        points = sorted(
            (
                (point, position)
                for position in positions
                if (point := figure_point(position.value)) is not None
            ),
            key=lambda item: (item[0], item[1].claim.id, item[1].supports),
        )
        if not points:
            continue
        point, position = points[(len(points) - 1) // 2]
        out.append(
            (
                point,
                max(weight(p) for _, p in points),
                _quantity(position).approximate,
                ", ".join(sorted({p.source.name for _, p in points})),
            )
        )
    return out


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


def _precision_rank(item: tuple[Position, PartialDate]) -> int:
    """How precise the date of ``item`` is: 0 for a year (:attr:`Precision.YEAR`),
    1 for a month, 2 for a day; from its fields, which is quicker than hashing its
    :attr:`~PartialDate.precision` (enumerations hash in Python)."""
    date = item[1]
    return 2 if date.day is not None else 1 if date.month is not None else 0


def _agreed_value(question: Question) -> Estimate:
    """Dates, text and yes/no: the answer all agree on, if they agree."""
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
        dates = [(p, value) for p in valued if isinstance(value := p.claim.value, PartialDate)]
        finest, finest_date = max(dates, key=_precision_rank)
        # ``date.contains(finest_date)``, by the ordinals of their first and last days.
        first, last = day_span(finest_date)
        if all(
            start <= first and last <= end for start, end in (day_span(date) for _, date in dates)
        ):
            detail = (
                f"the only date, {finest.label()}"
                if len(dates) == 1
                else f"the most precise date all sources allow, {finest.label()}"
            )
            return Estimate(value=finest_date, detail=detail)
        return Estimate(value=None, detail="no single date: the sources' dates exclude each other")
    keys = {value_key(position.claim.value) for position in valued}
    if len(keys) > 1:
        return Estimate(value=None, detail="no single answer: the sources give different ones")
    value = _spelling(valued)
    voices = len({position.voice for position in valued})
    detail = (
        f"the only answer, {valued[0].label()}"
        if voices == 1
        else f"the answer {'both' if voices == 2 else f'all {voices}'} independent sources "
        f"give, {describe_value(value)}"
    )
    return Estimate(value=value, detail=detail)


def _spelling(positions: Sequence[Position]) -> Value:
    """The spelling of an answer that most positions use (then the first in order)."""
    counts = Counter(position.value for position in positions)
    return min(counts, key=lambda value: (-counts[value], str(value)))


def _majority(question: Question, weight: Callable[[Position], float], rule: str) -> Estimate:
    """Dates, text and yes/no by vote: the answer with the most weight of voices."""
    valued = question.valued
    if not valued:
        return _agreed_value(question)
    totals: dict[str, float] = defaultdict(float)
    members: dict[str, list[Position]] = defaultdict(list)
    for positions in question.voices().values():
        voice_answers = {value_key(p.value): p for p in positions if p in valued}
        for key, position in voice_answers.items():
            totals[key] += weight(position) / len(voice_answers)
            members[key].append(position)
    ranked = sorted(totals, key=lambda key: (-totals[key], key))
    everything = sum(totals.values()) or 1.0
    if len(ranked) > 1 and totals[ranked[0]] == totals[ranked[1]]:
        tied = " and ".join(describe_value(_spelling(members[key])) for key in ranked[:2])
        return Estimate(value=None, detail=f"no answer leads: {tied} carry equal weight")
    winner = ranked[0]
    value = _spelling(members[winner])
    share = totals[winner] / everything
    detail = (
        f"{rule}, {describe_value(value)} ({share:.0%} of the weight, from "
        f"{source_names(members[winner])})"
    )
    return Estimate(value=value, detail=detail, confidence=share)


# -- trust --------------------------------------------------------------------------

from ._trust import Trust  # noqa: E402 - defined in its own module, shared here

_FACTORIES: Final[dict[str, Callable[[], Policy]]] = {
    "range": Range,
    "conservative": Conservative,
    "low-best-high": LowBestHigh,
    "median": Median,
    "weighted": Weighted,
    "trust": Trust,
}


def policy_names() -> tuple[str, ...]:
    """The names :func:`get_policy` accepts, sorted.

    >>> from claimkit.policies import policy_names
    >>> policy_names()
    ('conservative', 'low-best-high', 'median', 'range', 'trust', 'weighted')

    .. versionadded:: 0.1.0
    """
    return tuple(sorted(_FACTORIES))


def get_policy(policy: str | Policy) -> Policy:
    """The policy of a name, with its default parameters; a policy object is
    returned as it is.

    Raises:
        NotFoundError: No policy has that name.
        ValidationError: ``policy`` is neither a name nor a policy.

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
            f"estimates(), {got(policy)}",
            path="policy",
        )
    return policy
