"""Hypothesis strategies for claimkit's types, for property-based tests of code that
uses claimkit.

Every strategy produces valid values only, covers the odd corners of each type
(open and exclusive bounds, approximate figures, partial dates, Unicode text,
negated claims, relays, revisions) and shrinks to simple examples. claimkit's own
test suite is built on them.

This module needs Hypothesis (``pip install hypothesis``); the rest of claimkit
does not.

>>> from hypothesis import given
>>> from claimkit import Quantity
>>> from claimkit.testing import quantities
>>> @given(quantities())
... def test_quantities_read_back(quantity):
...     assert Quantity.parse(str(quantity), unit=quantity.unit) == quantity
>>> test_quantities_read_back()

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections.abc import Sequence

import attrs
from hypothesis import strategies as st

from ._analysis import Discrepancy
from ._claimset import ClaimSet
from ._dates import PartialDate
from ._model import Attribution, Certainty, Claim, Evidence, Mode, Source, SourceKind, Stance
from ._quantity import Number, Quantity
from ._reconcile import Finding, Reconciliation, reconcile
from ._values import Unknown, Value
from .policies import Policy

__all__ = [
    "attributions",
    "claims",
    "claimsets",
    "discrepancies",
    "evidence",
    "findings",
    "identifiers",
    "numbers",
    "partial_dates",
    "quantities",
    "reconciliations",
    "sources",
    "texts",
    "unknowns",
    "values",
]

_UNITS = (None, None, None, "km", "USD", "%", "t")
_LARGEST = int(sys.float_info.max)


def numbers(
    *, min_value: Number | None = None, max_value: Number | None = None, floats: bool = True
) -> st.SearchStrategy[Number]:
    """Finite numbers as quantities hold them: ints, and floats if ``floats``.

    Args:
        min_value: The smallest number, if any.
        max_value: The largest number, if any.
        floats: Whether to produce floats as well as ints.
    """
    low = None if min_value is None else math.ceil(min_value)
    high = None if max_value is None else math.floor(max_value)
    # Quantities hold nothing beyond the float range.
    ints = st.integers(min_value=low, max_value=high).filter(lambda n: abs(n) <= _LARGEST)
    if not floats:
        return ints
    reals = st.floats(
        min_value=min_value, max_value=max_value, allow_nan=False, allow_infinity=False
    )
    if low is not None and high is not None and low > high:
        return reals
    return ints | reals


def texts(*, max_size: int = 24) -> st.SearchStrategy[str]:
    """Non-blank text, including any Unicode (claimkit normalises it to NFC)."""
    return st.text(min_size=1, max_size=max_size).filter(lambda text: text.strip() != "")


def identifiers() -> st.SearchStrategy[str]:
    """Identifiers: non-empty, without surrounding whitespace or control characters."""
    return st.text(
        st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")), min_size=1, max_size=12
    ) | st.sampled_from(["ap", "ru-mod", "ua-stratcom", "bezsonov"])


@st.composite
def quantities(
    draw: st.DrawFn,
    *,
    units: Sequence[str | None] = _UNITS,
    min_value: Number | None = None,
    max_value: Number | None = None,
) -> Quantity:
    """Valid quantities of every shape: exact, approximate, one-sided (inclusive or
    exclusive), ranges with or without a best figure, parts of a whole.

    Args:
        units: The units to draw from (``None`` for counts).
        min_value: The smallest number in the quantity, if any.
        max_value: The largest number in the quantity, if any.
    """
    number = numbers(min_value=min_value, max_value=max_value)
    shape = draw(st.sampled_from(["exact", "exact", "at least", "at most", "range", "best"]))
    unit = draw(st.sampled_from(units))
    approximate = draw(st.booleans())
    points = sorted(draw(st.lists(number, min_size=3, max_size=3)))
    low, middle, high = points
    if shape == "exact":
        quantity = Quantity(
            low=middle, best=middle, high=middle, approximate=approximate, unit=unit
        )
    elif shape == "at least":
        quantity = Quantity(
            low=middle, low_exclusive=draw(st.booleans()), approximate=approximate, unit=unit
        )
    elif shape == "at most":
        quantity = Quantity(
            high=middle, high_exclusive=draw(st.booleans()), approximate=approximate, unit=unit
        )
    elif shape == "range" or middle in (low, high):
        exclusive = draw(st.booleans()) and low < high
        quantity = Quantity(
            low=low, high=high, low_exclusive=exclusive, approximate=approximate, unit=unit
        )
    else:
        quantity = Quantity(low=low, best=middle, high=high, approximate=approximate, unit=unit)
    top = quantity.high if quantity.high is not None else quantity.low
    if (
        top is not None
        and top >= 0
        and (max_value is None or top < max_value)
        and draw(st.integers(0, 5)) == 0
    ):
        extra = draw(st.integers(0, 10**6) if isinstance(top, int) else st.floats(0, 1e6))
        whole = top + extra
        if max_value is not None and whole > max_value:
            whole = top
        quantity = Quantity(
            low=quantity.low,
            best=quantity.best,
            high=quantity.high,
            low_exclusive=quantity.low_exclusive,
            high_exclusive=quantity.high_exclusive,
            approximate=quantity.approximate,
            unit=quantity.unit,
            total=whole,
        )
    return quantity


@st.composite
def partial_dates(draw: st.DrawFn, *, min_year: int = 1, max_year: int = 9999) -> PartialDate:
    """Valid partial dates at year, month and day precision."""
    day = draw(st.dates(min_value=dt.date(min_year, 1, 1), max_value=dt.date(max_year, 12, 31)))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return PartialDate(day.year)
    if precision == "month":
        return PartialDate(day.year, day.month)
    return PartialDate.from_date(day)


@st.composite
def unknowns(draw: st.DrawFn, *, units: Sequence[str | None] = (None,)) -> Unknown:
    """Unknowns: without bounds, or with a lower and/or an upper bound."""
    bounds = sorted(draw(st.lists(numbers(), min_size=2, max_size=2)))
    low = draw(st.sampled_from([None, bounds[0]]))
    high = draw(st.sampled_from([None, bounds[1]]))
    unit = draw(st.sampled_from(units)) if low is not None or high is not None else None
    return Unknown(low=low, high=high, unit=unit)


def values() -> st.SearchStrategy[Value]:
    """Claim values of every kind: quantities, partial dates, text, booleans and
    unknowns."""
    return st.one_of(quantities(), partial_dates(), texts(), st.booleans(), unknowns())


def sources(*, ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Source]:
    """Valid sources.

    Args:
        ids: The ids to draw from (default: :func:`identifiers`).
    """
    return st.builds(
        Source,
        id=ids if ids is not None else identifiers(),
        name=texts(),
        kind=st.sampled_from(SourceKind),
        affiliation=st.none() | st.sampled_from(["Russia", "Ukraine", "United States"]),
        description=st.none() | texts(),
        aliases=st.lists(texts(max_size=12), max_size=2),
        metadata=st.dictionaries(
            texts(max_size=8),
            st.none()
            | st.booleans()
            | st.integers()
            | st.floats(allow_nan=False, allow_infinity=False)
            | texts(),
            max_size=2,
        ),
    )


def claims(
    *,
    subjects: st.SearchStrategy[str] | None = None,
    predicates: st.SearchStrategy[str] | None = None,
    value: st.SearchStrategy[Value] | None = None,
) -> st.SearchStrategy[Claim]:
    """Valid claims, with qualifiers, negation and opinions now and then.

    Args:
        subjects: The subjects to draw from (default: any text).
        predicates: The predicates to draw from (default: any text).
        value: The values to draw from (default: :func:`values`).
    """
    qualifier_values = st.one_of(texts(max_size=10), partial_dates(), quantities())
    return st.builds(
        Claim,
        subject=subjects if subjects is not None else texts(),
        predicate=predicates if predicates is not None else texts(),
        value=value if value is not None else values(),
        qualifiers=st.dictionaries(
            st.sampled_from(["date", "location", "scope"]), qualifier_values, max_size=2
        ),
        negated=st.sampled_from([False] * 9 + [True]),
        opinion=st.sampled_from([False, False, False, False, True]),
    )


def evidence() -> st.SearchStrategy[Evidence]:
    """Valid evidence spans."""
    return st.builds(
        lambda document, start, length: Evidence(
            document=document, start=start, end=start + length
        ),
        texts(max_size=16),
        st.integers(0, 10**6),
        st.integers(0, 500),
    )


@st.composite
def attributions(
    draw: st.DrawFn, *, claim_ids: Sequence[str], source_ids: Sequence[str]
) -> Attribution:
    """Valid attributions of the given claims to the given sources, with relays,
    dates, modes, stances and certainties.

    Args:
        claim_ids: The claims to attribute (at least one).
        source_ids: The sources to draw original speakers and relays from (at
            least one).
    """
    # Indices into the given lists rather than strategies built per call: building
    # strategies is what makes generation slow.
    source = source_ids[draw(st.integers(0, len(source_ids) - 1))]
    others = [s for s in source_ids if s != source]
    relays = (
        draw(st.lists(st.integers(0, len(others) - 1), unique=True, max_size=2)) if others else []
    )
    fields = draw(_ATTRIBUTION_FIELDS)
    return Attribution(
        claim=claim_ids[draw(st.integers(0, len(claim_ids) - 1))],
        source=source,
        via=[others[index] for index in relays],
        **fields,
    )


_ATTRIBUTION_FIELDS = st.fixed_dictionaries(
    {
        "stated": st.none() | partial_dates(min_year=2020, max_year=2024),
        "mode": st.none() | st.sampled_from(Mode),
        "stance": st.sampled_from([Stance.ASSERTS] * 8 + list(Stance)),
        "certainty": st.sampled_from(Certainty),
        "quote": st.none() | texts(),
        "channel": st.none() | st.sampled_from(["Telegram", "press conference"]),
        "evidence": st.none() | evidence(),
    }
)


#: Counts: arbitrary ones, and a few figures close enough to agree or conflict
#: the way casualty figures do.
_COUNTS = st.one_of(
    quantities(units=(None,), min_value=0, max_value=10**6),
    st.sampled_from(
        [
            Quantity.exact(63),
            Quantity.about(60),
            Quantity.about(400),
            Quantity.between(300, 600),
            Quantity.at_least(63, exclusive=True),
            Quantity.at_most(100),
        ]
    ),
    st.sampled_from([Unknown(), Unknown(low=1)]),
)
#: Predicates of coherent claim sets, each with its one kind of value.
_PREDICATES = {
    "killed": _COUNTS,
    "injured": _COUNTS,
    "distance": quantities(units=("km",), min_value=0, max_value=10**4),
    "date": partial_dates(min_year=2020, max_year=2024),
    "location": st.sampled_from(["Makiivka", "makiivka", "Kyiv", "Donetsk region"]),
    "confirmed": st.booleans(),
}
_SUBJECTS = st.sampled_from(["Makiivka strike", "makiivka  strike", "Kyiv attack"])
_CLAIMS_BY_PREDICATE = {
    name: claims(subjects=_SUBJECTS, predicates=st.just(name), value=strategy)
    for name, strategy in _PREDICATES.items()
}
_CLAIMS = claims()
_IDENTIFIERS = identifiers()
_SOURCES = sources(ids=st.just("placeholder"))


@st.composite
def claimsets(
    draw: st.DrawFn,
    *,
    min_sources: int = 1,
    max_sources: int = 5,
    max_claims: int = 8,
    max_attributions: int = 12,
    coherent: bool = True,
) -> ClaimSet:
    """Valid claim sets whose attributions link claims to sources in the set.

    With ``coherent`` (the default), claims are drawn about a few subjects and
    predicates, each predicate with one kind of value and one unit, so that the
    claim sets overlap, conflict and reconcile like real ones. Without it, subjects,
    predicates and values are arbitrary.

    Args:
        min_sources: The fewest sources.
        max_sources: The most sources.
        max_claims: The most claims.
        max_attributions: The most attributions.
        coherent: Whether claims share questions with values of one kind each.
    """
    ids = draw(st.lists(_IDENTIFIERS, min_size=min_sources, max_size=max_sources, unique=True))
    source_list = [attrs.evolve(draw(_SOURCES), id=source_id) for source_id in ids]
    if coherent:
        # A few questions per set, so that sources meet on them and disagree.
        names = draw(
            st.lists(st.sampled_from(sorted(_PREDICATES)), min_size=1, max_size=3, unique=True)
        )
        claim_strategy = st.sampled_from(names).flatmap(_CLAIMS_BY_PREDICATE.__getitem__)
    else:
        claim_strategy = _CLAIMS
    claim_list = draw(
        st.lists(claim_strategy, min_size=1 if ids and max_claims else 0, max_size=max_claims)
    )
    claim_ids = [claim.id for claim in claim_list]
    attribution_list = (
        draw(st.lists(attributions(claim_ids=claim_ids, source_ids=ids), max_size=max_attributions))
        if claim_ids and ids
        else []
    )
    return ClaimSet(sources=source_list, claims=claim_list, attributions=attribution_list)


def reconciliations(
    *,
    policy: str | Policy = "range",
    claim_sets: st.SearchStrategy[ClaimSet] | None = None,
) -> st.SearchStrategy[Reconciliation]:
    """Reconciliations, as :func:`~claimkit.reconcile` computes them from claim sets.

    Findings and discrepancies are never written by hand, so neither are these:
    each is the reconciliation of a drawn claim set, and shrinks with it.

    Args:
        policy: The policy to reconcile under, by name or as an object.
        claim_sets: The claim sets to reconcile (default: :func:`claimsets`).
    """
    drawn = claim_sets if claim_sets is not None else claimsets()
    return drawn.map(lambda claimset: reconcile(claimset, policy))


def findings(
    *,
    policy: str | Policy = "range",
    claim_sets: st.SearchStrategy[ClaimSet] | None = None,
) -> st.SearchStrategy[Finding]:
    """Findings of reconciled claim sets (see :func:`reconciliations`)."""
    return (
        reconciliations(policy=policy, claim_sets=claim_sets)
        .filter(lambda result: bool(result.findings))
        .flatmap(lambda result: st.sampled_from(result.findings))
    )


def discrepancies(
    *,
    claim_sets: st.SearchStrategy[ClaimSet] | None = None,
) -> st.SearchStrategy[Discrepancy]:
    """Discrepancies of reconciled claim sets (see :func:`reconciliations`): value
    and polarity conflicts, revisions and scope differences, as they arise.

    The default claim sets are drawn with a few sources stating figures on one
    question, so that most of them disagree.
    """
    drawn = (
        claim_sets
        if claim_sets is not None
        else claimsets(min_sources=2, max_sources=4, max_claims=4, max_attributions=8)
    )
    return (
        reconciliations(claim_sets=drawn)
        .filter(lambda result: bool(result.discrepancies))
        .flatmap(lambda result: st.sampled_from(result.discrepancies))
    )
