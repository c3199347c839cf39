"""The trust policy: source accuracy learned from all questions at once."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._errors import ValidationError
from ._frozen import FrozenDict
from ._model import Certainty, certainty_weights
from ._quantity import Quantity, check_number
from ._questions import Question, ValueKind, figure_point, value_key
from ._values import Value, describe_value

if TYPE_CHECKING:
    from .policies import Estimate, PolicyResult

__all__ = ["Trust"]

_CERTAINTY: Final = {Certainty.CERTAIN: 1.0, Certainty.PROBABLE: 0.7, Certainty.POSSIBLE: 0.4}
#: Accuracies are kept within these bounds so that no single source's vote is
#: infinite.
_FLOOR: Final = 1e-3


def _positive(_: object, attribute: attrs.Attribute[Any], value: float) -> None:
    number = check_number(value, attribute.name)
    if number <= 0:
        raise ValidationError(f"must be above 0, got {value!r}", path=attribute.name)


def _fraction(_: object, attribute: attrs.Attribute[Any], value: float) -> None:
    number = check_number(value, attribute.name)
    if not 0 <= number < 1:
        raise ValidationError(f"must be at least 0 and below 1, got {value!r}", path=attribute.name)


def _iterations(_: object, __: object, value: int) -> None:
    if type(value) is not int or value < 1:
        raise ValidationError(
            f"must be a whole number above 0, got {value!r}", path="max_iterations"
        )


@attrs.frozen(kw_only=True)
class Trust:
    """The answer backed by the most learned source accuracy: truth discovery across
    all questions at once.

    Each source has an accuracy, the probability that a value it gives is right.
    Given the accuracies, the probability of each answer to a question follows from
    who gives it, as in the Accu model of Dong, Berti-Equille and Srivastava (VLDB
    2009): every source adds the log-odds of its accuracy to the answer it gives,
    weighted by the certainty of its statement. Numbers are compared with
    ``tolerance``: a figure within the tolerance of another lends it support in
    proportion to their closeness, so 401 backs "about 400". Given the answers'
    probabilities, each source's accuracy is the average probability of the values
    it gave, counted where it can be checked against other sources: fully where
    sources disagree, with weight ``agreement_weight`` where all agree (unanimity
    cannot tell a careful source from one that copies), and drawn towards the
    average accuracy by ``prior`` claims' worth of evidence, so that a source with
    few claims is judged on little. The two steps alternate from equal accuracies
    until no accuracy changes by more than ``convergence``.

    The estimate of each question is its most probable answer, with that
    probability as confidence. The result is deterministic, and the reconciliation
    reports each source's learned accuracy. Denials, disputes and unknowns take no
    part in learning; they are reported as by every policy.

    Args:
        tolerance: The relative distance within which figures support each
            other, and the reach of approximate figures.
        agreement_weight: How much a question on which all sources agree counts as
            evidence of their accuracy, from 0 to 1.
        prior: How many claims' worth of average accuracy every source starts
            with.
        convergence: Stop when no accuracy changes by more than this.
        max_iterations: Stop after this many rounds in any case.
        certainty_weights: The weight of each certainty.

    .. versionadded:: 0.1.0
    """

    #: The relative distance within which figures support each other.
    tolerance: float = attrs.field(default=0.1, validator=_fraction)
    #: How much unanimous questions count as evidence of accuracy.
    agreement_weight: float = attrs.field(default=0.2, validator=_fraction)
    #: Claims' worth of average accuracy each source starts with.
    prior: float = attrs.field(default=1.0, validator=_positive)
    #: Stop when no accuracy changes by more than this.
    convergence: float = attrs.field(default=1e-6, validator=_positive)
    #: Stop after this many rounds in any case.
    max_iterations: int = attrs.field(default=200, validator=_iterations)
    #: The weight of each certainty.
    certainty_weights: Mapping[Certainty, float] = attrs.field(
        factory=lambda: FrozenDict(_CERTAINTY), converter=certainty_weights
    )

    #: Whether each question is estimated on its own (it is not; accuracy is
    #: learned from all of them).
    decomposable: Final = False

    @property
    def name(self) -> str:
        """``"trust"``."""
        return "trust"

    @property
    def rule(self) -> str:
        """The rule in one sentence."""
        return (
            "trust: the most probable answer given source accuracies learned from "
            "agreement across all questions (truth discovery, Accu model)"
        )

    def estimates(self, questions: Sequence[Question]) -> PolicyResult:
        """Learn source accuracies from ``questions`` and estimate each."""
        from .policies import Estimate, PolicyResult, _agreed_value  # noqa: PLC0415

        model = _Model(questions, self)
        rounds, converged = model.fit(self.convergence, self.max_iterations)
        accuracy = model.accuracy()
        estimates: list[Estimate] = []
        for index, question in enumerate(questions):
            answer = model.answer(index)
            if answer is None:
                estimates.append(_agreed_value(question))
                continue
            key, probability = answer
            keys = model.position_keys[index]
            value = _value_of(question, keys, key)
            estimates.append(
                Estimate(
                    value=value,
                    detail=_detail(question, keys, key, value, probability, accuracy),
                    confidence=probability,
                )
            )
        state = "converged" if converged else "stopped without converging"
        return PolicyResult(
            estimates=tuple(estimates),
            trust=accuracy,
            note=f"source accuracy {state} after {rounds} rounds over {len(accuracy)} sources",
        )


class _Model:
    """The questions as arrays of (source, answer, weight), and the fitting loop."""

    def __init__(self, questions: Sequence[Question], policy: Trust) -> None:
        weights = policy.certainty_weights
        tolerance = Fraction(repr(float(policy.tolerance)))
        agreement = float(policy.agreement_weight)
        names: dict[str, int] = {}
        points: dict[object, Fraction] = {}
        #: Per question: the key of each valued position (``None`` for one that
        #: gives no comparable value), its answers' keys, the (source, answer,
        #: weight) of each claim, and which answers support which (answer, other,
        #: strength).
        self.position_keys: list[list[object]] = []
        self.keys: list[list[object]] = []
        self.claims: list[list[tuple[int, int, float]]] = []
        self.support: list[list[tuple[int, int, float]]] = []
        self.evidence: list[float] = []
        for question in questions:
            numeric = question.kind is ValueKind.NUMBER
            position_keys: list[object] = []
            by_source: dict[str, tuple[object, float]] = {}
            for position in question.valued:
                if numeric:
                    point = figure_point(position.value)
                    if point is None:
                        key: object = None
                    else:
                        key = points.get(point)
                        if key is None:
                            key = points[point] = Fraction(point)
                else:
                    key = value_key(position.value)
                position_keys.append(key)
                if key is None:
                    continue
                weight = float(weights.get(position.certainty, 1.0))
                source = position.source.id
                known = by_source.get(source)
                # One answer per source and question: its most certain, then first.
                if known is None or weight > known[1]:
                    by_source[source] = (key, weight)
            self.position_keys.append(position_keys)
            if len(by_source) == 1:
                # The commonest case, one source: its answer, settled.
                ((source, (key, weight)),) = by_source.items()
                self.keys.append([key])
                self.claims.append([(names.setdefault(source, len(names)), 0, weight)])
                self.support.append([])
                self.evidence.append(0.0)
                continue
            answers = sorted({key for key, _ in by_source.values()}, key=_order)
            index = {key: number for number, key in enumerate(answers)}
            claims = [
                (names.setdefault(source, len(names)), index[key], weight)
                for source, (key, weight) in sorted(by_source.items())
            ]
            self.keys.append(answers)
            self.claims.append(claims)
            self.support.append(
                _closeness(answers, tolerance) if numeric and len(answers) > 1 else []
            )
            if len(claims) < 2:
                self.evidence.append(0.0)
            elif len(answers) > 1:
                self.evidence.append(1.0)
            else:
                self.evidence.append(agreement)
        self.sources = sorted(names, key=names.__getitem__)
        self.prior = float(policy.prior)
        self.levels = [0.8] * len(self.sources)
        # A question with one answer is settled; only the others are recomputed.
        self.probabilities: list[list[float]] = [
            [1.0] if len(keys) == 1 else [] for keys in self.keys
        ]
        self.open = [number for number, keys in enumerate(self.keys) if len(keys) > 1]
        # The claims that count as evidence of accuracy, flattened in question
        # order, and how much each source's count of them weighs: that is the same
        # in every round.
        self.counted: list[tuple[int, list[float], int, float]] = []
        self.weighed = [0.0] * len(self.sources)
        for number, weight in enumerate(self.evidence):
            if not weight:
                continue
            probabilities = self.probabilities[number]
            for claimant, answer, _ in self.claims[number]:
                self.counted.append((claimant, probabilities, answer, weight))
                self.weighed[claimant] += weight
        self.total = sum(self.weighed)

    def fit(self, convergence: float, max_iterations: int) -> tuple[int, bool]:
        """Alternate answers and accuracies until they settle."""
        for rounds in range(1, max_iterations + 1):
            self._answers()
            change = self._accuracies()
            if change <= convergence:
                return rounds, True
        self._answers()
        return max_iterations, False

    def _answers(self) -> None:
        log, exp = math.log, math.exp
        votes = [log(max(level, _FLOOR) / max(1 - level, _FLOOR)) for level in self.levels]
        for number in self.open:
            claims = self.claims[number]
            answers = len(self.keys[number])
            # log(n * A / (1 - A)) per claim, n the number of answers (Accu).
            spread = log(answers)
            base = [0.0] * answers
            for source, answer, weight in claims:
                base[answer] += weight * (spread + votes[source])
            score = list(base)
            for answer, other, strength in self.support[number]:
                score[answer] += strength * base[other]
            top = max(score)
            exps = [exp(value - top) for value in score]
            total = sum(exps)
            # In place: the flattened evidence holds these lists.
            self.probabilities[number][:] = [value / total for value in exps]

    def _accuracies(self) -> float:
        right = [0.0] * len(self.sources)
        for source, probabilities, answer, weight in self.counted:
            right[source] += weight * probabilities[answer]
        total = self.total
        mean = sum(right) / total if total else 0.8
        prior = self.prior
        change = 0.0
        levels = self.levels
        for source, weighed in enumerate(self.weighed):
            level = (right[source] + prior * mean) / (weighed + prior)
            change = max(change, abs(level - levels[source]))
            levels[source] = level
        return change

    def accuracy(self) -> dict[str, float]:
        """The learned accuracy of every source that gave a value."""
        return {source: self.levels[index] for index, source in enumerate(self.sources)}

    def answer(self, number: int) -> tuple[object, float] | None:
        """The most probable answer of a question and its probability."""
        keys, probabilities = self.keys[number], self.probabilities[number]
        if not keys:
            return None
        if len(keys) == 1:
            return keys[0], probabilities[0]
        best = max(range(len(keys)), key=lambda index: (probabilities[index], -index))
        return keys[best], probabilities[best]


def _order(key: object) -> tuple[int, Any]:
    return (0, key) if isinstance(key, Fraction) else (1, str(key))


def _closeness(answers: Sequence[object], tolerance: Fraction) -> list[tuple[int, int, float]]:
    """Which figures lend support to which: within the tolerance of each other, in
    proportion to their closeness."""
    if not tolerance:
        return []
    pairs = []
    for index, value in enumerate(answers):
        assert isinstance(value, Fraction)
        for other, neighbour in enumerate(answers):
            assert isinstance(neighbour, Fraction)
            if other == index:
                continue
            scale = tolerance * max(abs(value), abs(neighbour))
            if scale and abs(value - neighbour) < scale:
                pairs.append((index, other, float(1 - abs(value - neighbour) / scale)))
    return pairs


def _value_of(question: Question, keys: Sequence[object], key: object) -> Value:
    matching = [p for p, known in zip(question.valued, keys, strict=True) if known == key]
    if isinstance(key, Fraction):
        number = int(key) if key.denominator == 1 else float(key)
        hedged = all(isinstance(p.value, Quantity) and p.value.approximate for p in matching)
        for position in matching:
            if _is_figure(position.value, number, hedged, question.unit):
                return position.value
        return Quantity(best=number, approximate=hedged, unit=question.unit)
    counts: dict[Value, int] = {}
    for position in matching:
        counts[position.value] = counts.get(position.value, 0) + 1
    return min(counts, key=lambda value: (-counts[value], str(value)))


def _is_figure(value: Value, number: int | float, hedged: bool, unit: str | None) -> bool:
    """Whether ``value`` is ``Quantity(best=number, approximate=hedged, unit=unit)``
    already, with numbers of the same types, so that it can stand for it."""
    if not isinstance(value, Quantity):
        return False
    kind = type(number)
    return (
        type(value.best) is kind
        and type(value.low) is kind
        and type(value.high) is kind
        and value.best == number
        and value.low == number
        and value.high == number
        and value.approximate is hedged
        and value.unit == unit
        and not value.low_exclusive
        and not value.high_exclusive
        and value.total is None
    )


def _detail(
    question: Question,
    keys: Sequence[object],
    key: object,
    value: Value,
    probability: float,
    accuracy: Mapping[str, float],
) -> str:
    backers: set[tuple[str, float]] = set()
    other_values: set[str] = set()
    for p, known in zip(question.valued, keys, strict=True):
        if known == key:
            backers.add((p.source.name, accuracy.get(p.source.id, 0.0)))
        elif known is not None:
            other_values.add(
                f"{describe_value(p.value)} ({p.source.name}, accuracy "
                f"{accuracy.get(p.source.id, 0.0):.2f})"
            )
    listed = ", ".join(f"{name} (accuracy {level:.2f})" for name, level in sorted(backers))
    others = sorted(other_values)
    text = (
        f"the most probable answer given learned source accuracy, {describe_value(value)}, "
        f"probability {probability:.2f}, from {listed}"
    )
    if others:
        text += "; set aside: " + ", ".join(others)
    return text
