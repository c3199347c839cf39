"""The public Hypothesis strategies of claimkit.testing: valid values, the bounds
they are given, and a strategy for every public type."""

from __future__ import annotations

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings

import claimkit
from claimkit import (
    ClaimSet,
    Discrepancy,
    DiscrepancyKind,
    Finding,
    Reconciliation,
    dumps,
    loads,
    reconcile,
)
from claimkit.testing import (
    attributions,
    claims,
    claimsets,
    discrepancies,
    evidence,
    findings,
    partial_dates,
    quantities,
    reconciliations,
    sources,
    unknowns,
)

#: The public record and value types, each with the strategy that draws it.
_STRATEGIES = {
    claimkit.Source: sources(),
    claimkit.Claim: claims(),
    claimkit.Attribution: attributions(claim_ids=["c"], source_ids=["a", "b"]),
    claimkit.Evidence: evidence(),
    claimkit.Quantity: quantities(),
    claimkit.PartialDate: partial_dates(),
    claimkit.Unknown: unknowns(),
    claimkit.ClaimSet: claimsets(),
    claimkit.Reconciliation: reconciliations(),
    claimkit.Finding: findings(),
    claimkit.Discrepancy: discrepancies(),
}


@pytest.mark.parametrize("kind", list(_STRATEGIES), ids=lambda kind: kind.__name__)
def test_each_strategy_draws_its_type(kind: type) -> None:
    """Every strategy draws instances of the type it is for."""

    @settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_STRATEGIES[kind])
    def draws(value: object) -> None:
        assert type(value) is kind

    draws()


@settings(max_examples=30, deadline=None)
@given(claimsets(min_sources=0, max_sources=2))
def test_claimsets_may_have_no_sources(claimset: ClaimSet) -> None:
    """``min_sources=0`` draws claim sets without sources (and then without
    attributions) as well as with them, and all are valid."""
    assert len(claimset.sources) <= 2
    if not claimset.sources:
        assert not claimset.attributions
    assert loads(dumps(claimset)) == claimset


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_reconciliations_are_reconcile_of_a_claim_set(data: st.DataObject) -> None:
    """A drawn reconciliation is exactly what reconcile gives for the drawn set."""
    claimset = data.draw(claimsets())
    drawn = data.draw(reconciliations(policy="median", claim_sets=st.just(claimset)))
    assert isinstance(drawn, Reconciliation)
    assert drawn == reconcile(claimset, "median")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(findings(policy="conservative"))
def test_findings_come_from_the_policy_asked_for(finding: Finding) -> None:
    """Findings are drawn from reconciliations under the given policy."""
    assert finding.policy == "conservative"
    assert finding.explain().startswith("conservative: ")


@pytest.mark.parametrize("kind", list(DiscrepancyKind), ids=str)
def test_discrepancies_of_every_kind_are_drawn(kind: DiscrepancyKind) -> None:
    """The default discrepancies cover value and polarity conflicts, revisions and
    differences of scope."""
    found = find(
        discrepancies(),
        lambda discrepancy: discrepancy.kind is kind,
        # Finding one is the test; shrinking it to the smallest would only cost time.
        settings=settings(max_examples=2_000, database=None, phases=[Phase.generate]),
    )
    assert isinstance(found, Discrepancy)
    assert found.kind is kind
    assert set(found.claims) and set(found.sources)
