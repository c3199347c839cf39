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
from ._questions import Position, Question, ValueKind, figure_point, value_key
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
            value = _value_of(question, key)
            estimates.append(
                Estimate(
                    value=value,
                    detail=_detail(question, key, value, probability, accuracy),
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
        names: dict[str, int] = {}
        #: Per question: its answers' keys, the (source, answer, weight) of each
        #: claim, and which answers support which (answer, other, strength).
        self.keys: list[list[object]] = []
        self.claims: list[list[tuple[int, int, float]]] = []
        self.support: list[list[tuple[int, int, float]]] = []
        self.evidence: list[float] = []
        for question in questions:
            by_source: dict[str, tuple[object, float]] = {}
            for position in question.valued:
                key = _key(question, position)
                if key is None:
                    continue
                weight = float(weights.get(position.certainty, 1.0))
                known = by_source.get(position.source.id)
                # One answer per source and question: its most certain, then first.
                if known is None or weight > known[1]:
                    by_source[position.source.id] = (key, weight)
            answers = sorted({key for key, _ in by_source.values()}, key=_order)
            index = {key: number for number, key in enumerate(answers)}
            claims = [
                (names.setdefault(source, len(names)), index[key], weight)
                for source, (key, weight) in sorted(by_source.items())
            ]
            self.keys.append(answers)
            self.claims.append(claims)
            self.support.append(
                _closeness(answers, tolerance) if question.kind is ValueKind.NUMBER else []
            )
            if len(claims) < 2:
                self.evidence.append(0.0)
            elif len(answers) > 1:
                self.evidence.append(1.0)
            else:
                self.evidence.append(float(policy.agreement_weight))
        self.sources = sorted(names, key=names.__getitem__)
        self.prior = float(policy.prior)
        self.levels = [0.8] * len(self.sources)
        # A question with one answer is settled; only the others are recomputed.
        self.probabilities: list[list[float]] = [
            [1.0] if len(keys) == 1 else [] for keys in self.keys
        ]
        self.open = [number for number, keys in enumerate(self.keys) if len(keys) > 1]
        self.counted = [number for number, weight in enumerate(self.evidence) if weight]

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
        votes = [math.log(max(level, _FLOOR) / max(1 - level, _FLOOR)) for level in self.levels]
        for number in self.open:
            claims = self.claims[number]
            answers = len(self.keys[number])
            # log(n * A / (1 - A)) per claim, n the number of answers (Accu).
            spread = math.log(answers)
            base = [0.0] * answers
            for source, answer, weight in claims:
                base[answer] += weight * (spread + votes[source])
            score = list(base)
            for answer, other, strength in self.support[number]:
                score[answer] += strength * base[other]
            top = max(score)
            exps = [math.exp(value - top) for value in score]
            total = sum(exps)
            self.probabilities[number] = [value / total for value in exps]

    def _accuracies(self) -> float:
        right = [0.0] * len(self.sources)
        counted = [0.0] * len(self.sources)
        for number in self.counted:
            weight = self.evidence[number]
            probabilities = self.probabilities[number]
            for source, answer, _ in self.claims[number]:
                right[source] += weight * probabilities[answer]
                counted[source] += weight
        total = sum(counted)
        mean = sum(right) / total if total else 0.8
        change = 0.0
        for source in range(len(self.sources)):
            level = (right[source] + self.prior * mean) / (counted[source] + self.prior)
            change = max(change, abs(level - self.levels[source]))
            self.levels[source] = level
        return change

    def accuracy(self) -> dict[str, float]:
        """The learned accuracy of every source that gave a value."""
        return {source: self.levels[index] for index, source in enumerate(self.sources)}

    def answer(self, number: int) -> tuple[object, float] | None:
        """The most probable answer of a question and its probability."""
        keys, probabilities = self.keys[number], self.probabilities[number]
        if not keys:
            return None
        best = max(range(len(keys)), key=lambda index: (probabilities[index], -index))
        return keys[best], probabilities[best]


def _key(question: Question, position: Position) -> object:
    if question.kind is ValueKind.NUMBER:
        point = figure_point(position.value)
        return None if point is None else Fraction(point)
    return value_key(position.value)


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


def _value_of(question: Question, key: object) -> Value:
    matching = [p for p in question.valued if _key(question, p) == key]
    if isinstance(key, Fraction):
        number = int(key) if key.denominator == 1 else float(key)
        hedged = all(isinstance(p.value, Quantity) and p.value.approximate for p in matching)
        return Quantity(best=number, approximate=hedged, unit=question.unit)
    counts: dict[Value, int] = {}
    for position in matching:
        counts[position.value] = counts.get(position.value, 0) + 1
    return min(counts, key=lambda value: (-counts[value], str(value)))


def _detail(
    question: Question,
    key: object,
    value: Value,
    probability: float,
    accuracy: Mapping[str, float],
) -> str:
    backers = sorted(
        {
            (p.source.name, accuracy.get(p.source.id, 0.0))
            for p in question.valued
            if _key(question, p) == key
        }
    )
    listed = ", ".join(f"{name} (accuracy {level:.2f})" for name, level in backers)
    others = sorted(
        {
            f"{describe_value(p.value)} ({p.source.name}, accuracy "
            f"{accuracy.get(p.source.id, 0.0):.2f})"
            for p in question.valued
            if _key(question, p) != key and _key(question, p) is not None
        }
    )
    text = (
        f"the most probable answer given learned source accuracy, {describe_value(value)}, "
        f"probability {probability:.2f}, from {listed}"
    )
    if others:
        text += "; set aside: " + ", ".join(others)
    return text
