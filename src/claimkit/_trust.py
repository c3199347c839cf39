"""The trust policy: source reliability learned from all questions at once."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._errors import ValidationError
from ._frozen import FrozenDict
from ._model import Certainty, certainty_weights
from ._quantity import Quantity, check_number
from ._questions import Position, Question, ValueKind, figure_point, value_key
from ._values import Value, describe_value

if TYPE_CHECKING:
    from .policies import Estimate, PolicyResult

__all__ = ["Trust"]

_CERTAINTY: Final = {Certainty.CERTAIN: 1.0, Certainty.PROBABLE: 0.7, Certainty.POSSIBLE: 0.4}


def _positive(_: object, attribute: attrs.Attribute[Any], value: float) -> None:
    number = check_number(value, attribute.name)
    if number <= 0:
        raise ValidationError(f"must be above 0, got {value!r}", path=attribute.name)


def _tolerance(_: object, __: object, value: float) -> None:
    number = check_number(value, "tolerance")
    if not 0 <= number < 1:
        raise ValidationError(f"must be at least 0 and below 1, got {value!r}", path="tolerance")


@attrs.frozen(kw_only=True)
class Trust:
    """Source trust learned from all questions at once, as truth-discovery methods
    do (Sums, TruthFinder, Investment, CRH), aware of numbers.

    Each source starts equally trusted. In turn, every question's answer is the
    one with the most trust behind it (text, dates and yes/no by weighted vote,
    numbers by weighted median, where close figures support each other: 401 backs
    "about 400"), and every source's trust is recomputed from how far its values lie
    from those answers across all the questions it speaks to, smoothed so that a
    source with few claims is not trusted or distrusted on little evidence. The
    rounds repeat until no trust changes by more than ``convergence``. The result
    is deterministic, and the reconciliation reports each source's learned trust.

    Args:
        tolerance: How far an approximate figure reaches, as a fraction of its
            size; also the scale at which numbers count as close.
        convergence: Stop when no source's trust changes by more than this.
        max_iterations: Stop after this many rounds in any case.
        prior: How many claims' worth of average behaviour each source is assumed
            to have before its own claims are counted.

    .. versionadded:: 0.1.0
    """

    #: How far an approximate figure reaches, as a fraction of its size.
    tolerance: float = attrs.field(default=0.1, validator=_tolerance)
    #: Stop when no source's trust changes by more than this.
    convergence: float = attrs.field(default=1e-6, validator=_positive)
    #: Stop after this many rounds in any case.
    max_iterations: int = 100
    #: Claims' worth of average behaviour assumed for every source.
    prior: float = attrs.field(default=1.0, validator=_positive)
    #: The weight of each certainty.
    certainty_weights: Mapping[Certainty, float] = attrs.field(
        factory=lambda: FrozenDict(_CERTAINTY), converter=certainty_weights
    )

    #: Whether each question is estimated on its own: no, trust is learned from all.
    decomposable: Final = False

    @property
    def name(self) -> str:
        """``"trust"``."""
        return "trust"

    @property
    def rule(self) -> str:
        """The rule in one sentence."""
        return (
            "trust: the answer with the most learned source trust behind it, trust learned "
            "from agreement across all questions (truth discovery)"
        )

    def estimates(self, questions: Sequence[Question]) -> PolicyResult:
        """Learn source trust from ``questions`` and estimate each."""
        from .policies import Estimate, PolicyResult, _agreed_value  # noqa: PLC0415

        claims = [_claims(question) for question in questions]
        sources = sorted({source for items in claims for source, _, _ in items})
        trust = dict.fromkeys(sources, 1.0)
        answers: list[tuple[object, float] | None] = []
        iterations = 0
        for iterations in range(1, self.max_iterations + 1):  # noqa: B007
            answers = [
                _answer(question, items, trust, self.certainty_weights)
                for question, items in zip(questions, claims, strict=True)
            ]
            updated = _learn(questions, claims, answers, self.prior, float(self.tolerance))
            change = max((abs(updated[s] - trust[s]) for s in sources), default=0.0)
            trust = updated
            if change <= self.convergence:
                break
        estimates: list[Estimate] = []
        for question, items, answer in zip(questions, claims, answers, strict=True):
            if answer is None:
                estimates.append(_agreed_value(question))
                continue
            value, confidence = answer
            estimates.append(
                Estimate(
                    value=_as_value(value, question),
                    detail=_detail(question, value, confidence, trust),
                    confidence=confidence,
                )
            )
        converged = "converged" if iterations < self.max_iterations else "stopped"
        return PolicyResult(
            estimates=tuple(estimates),
            trust=trust,
            note=f"trust {converged} after {iterations} rounds over {len(sources)} sources",
        )


#: A claim as the trust policy sees it: source, value (a number or a value key),
#: and the weight of its certainty.
_Claim = tuple[str, object, Certainty]


def _claims(question: Question) -> list[_Claim]:
    out: list[_Claim] = []
    for position in question.valued:
        if question.kind is ValueKind.NUMBER:
            point = figure_point(position.value)
            if point is None:
                continue
            out.append((position.source.id, Fraction(point), position.certainty))
        else:
            out.append((position.source.id, value_key(position.value), position.certainty))
    return out


def _answer(
    question: Question,
    items: Sequence[_Claim],
    trust: Mapping[str, float],
    certainty: Mapping[Certainty, float],
) -> tuple[object, float] | None:
    if not items:
        return None
    weights: dict[object, float] = defaultdict(float)
    for source, value, sure in items:
        weights[value] += trust[source] * float(certainty.get(sure, 1.0))
    total = sum(weights.values()) or 1.0
    if question.kind is ValueKind.NUMBER:
        ordered = sorted(weights.items(), key=lambda item: item[0])  # type: ignore[arg-type,return-value]
        running = 0.0
        for value, weight in ordered:
            running += weight
            if running >= total / 2:
                return value, weight / total
        return ordered[-1][0], ordered[-1][1] / total  # pragma: no cover - rounding
    best = min(weights, key=lambda value: (-weights[value], str(value)))
    return best, weights[best] / total


def _distance(question: Question, value: object, answer: object, tolerance: float) -> float:
    if question.kind is ValueKind.NUMBER:
        assert isinstance(value, Fraction) and isinstance(answer, Fraction)
        if value == answer:
            return 0.0
        scale = max(abs(value), abs(answer)) * Fraction(repr(tolerance or 0.01))
        return min(1.0, float(abs(value - answer) / scale)) if scale else 1.0
    return 0.0 if value == answer else 1.0


def _learn(
    questions: Sequence[Question],
    claims: Sequence[Sequence[_Claim]],
    answers: Sequence[tuple[object, float] | None],
    prior: float,
    tolerance: float,
) -> dict[str, float]:
    loss: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    for question, items, answer in zip(questions, claims, answers, strict=True):
        if answer is None or len(items) < 2:
            continue
        for source, value, _ in items:
            loss[source] += _distance(question, value, answer[0], tolerance)
            count[source] += 1
    sources = {source for items in claims for source, _, _ in items}
    total_loss = sum(loss.values())
    total_count = sum(count.values())
    average = (total_loss + 1) / (total_count + 1)
    rates = {
        source: (loss[source] + prior * average) / (count[source] + prior) for source in sources
    }
    return {source: -math.log(max(rate, 1e-9)) + 1e-3 for source, rate in rates.items()}


def _as_value(value: object, question: Question) -> Value:
    if isinstance(value, Fraction):
        number = int(value) if value.denominator == 1 else float(value)
        for position in question.positions:
            if figure_point(position.value) == number and isinstance(position.value, Quantity):
                return Quantity(
                    best=number, approximate=position.value.approximate, unit=question.unit
                )
        return Quantity(best=number, unit=question.unit)
    for position in question.positions:
        if value_key(position.value) == value:
            return position.value
    raise AssertionError(value)  # pragma: no cover - answers come from the positions


def _detail(
    question: Question, value: object, confidence: float, trust: Mapping[str, float]
) -> str:
    chosen = _as_value(value, question)
    backers = sorted(
        {p.source.name for p in question.positions if _matches(p, value)},
    )
    return (
        f"the answer with the most learned trust behind it, {describe_value(chosen)} "
        f"({confidence:.0%} of the trust on this question; from {', '.join(backers)})"
    )


def _matches(position: Position, value: object) -> bool:
    if isinstance(value, Fraction):
        point = figure_point(position.value)
        return point is not None and Fraction(point) == value
    return value_key(position.value) == value
