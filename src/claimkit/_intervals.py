"""Intervals with open or closed ends, exact arithmetic, and the maximal groups of
intervals that share a point.

Reconciliation reads every claimed value as an interval: a figure, a range, a
bound, a partial date (its first to its last day), even a text (a point on a line
of distinct answers). Claims are consistent when their intervals share a point. On a
line, intervals that pairwise overlap share a common point (Helly's theorem in one
dimension), so the maximal sets of mutually consistent claims are the maximal sets
of intervals covering one point: the *sides* of a disagreement.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Final, TypeAlias

#: A position on the line refined by "just after" (+1) and "just before" (-1), so
#: that open ends compare correctly: an interval starting after 5 begins at (5, 1);
#: one ending before 5 ends at (5, -1).
Endpoint: TypeAlias = tuple[int | float | Fraction, int]
Interval: TypeAlias = tuple[Endpoint, Endpoint]

NEG_INF: Final[Endpoint] = (-math.inf, 0)
POS_INF: Final[Endpoint] = (math.inf, 0)
EVERYTHING: Final[Interval] = (NEG_INF, POS_INF)


def interval(
    low: int | float | Fraction | None,
    high: int | float | Fraction | None,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> Interval:
    """The interval from ``low`` to ``high``; ``None`` is unbounded."""
    start = NEG_INF if low is None else (low, 1 if low_open else 0)
    end = POS_INF if high is None else (high, -1 if high_open else 0)
    return (start, end)


def widen(value: int | float, tolerance: Fraction, direction: int) -> Fraction:
    """``value`` moved by ``tolerance`` times its size, down (-1) or up (+1), exactly."""
    exact = Fraction(value)
    return exact + direction * abs(exact) * tolerance


def overlap(a: Interval, b: Interval) -> bool:
    """Whether two intervals share a point."""
    return max(a[0], b[0]) <= min(a[1], b[1])


def common(intervals: Sequence[Interval]) -> Interval | None:
    """The intersection of the intervals, or ``None`` if it is empty."""
    start = max(item[0] for item in intervals)
    end = min(item[1] for item in intervals)
    return (start, end) if start <= end else None


def maximal_groups(intervals: Sequence[Interval]) -> list[frozenset[int]]:
    """The maximal sets of intervals (by index) that share a point, left to right.

    A sweep over the endpoints: each time the sweep leaves an interval right after
    entering one, the intervals open at that moment form a maximal group. Runs in
    O(n log n); there are at most n groups.
    """
    events: list[tuple[Endpoint, int, int]] = []
    for index, (start, end) in enumerate(intervals):
        events.append((start, 0, index))
        events.append((end, 1, index))
    # At one point, starts come before ends: closed intervals touching there overlap.
    # Events alike but for their interval stay in the order of the intervals, as a
    # stable sort by (endpoint, kind) would leave them: sorting the whole tuples
    # gives that order without a key function.
    events.sort()
    groups: list[frozenset[int]] = []
    active: set[int] = set()
    entered = False
    for _, kind, index in events:
        if kind == 0:
            active.add(index)
            entered = True
        else:
            if entered:
                groups.append(frozenset(active))
                entered = False
            active.discard(index)
    return groups
