"""Reconciliation: questions, independence, conflicts, revisions, the range policy,
and the laws every policy keeps."""

from __future__ import annotations

import json
from random import Random
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimkit import (
    Attribution,
    Claim,
    ClaimSet,
    Discrepancy,
    DiscrepancyKind,
    NotFoundError,
    Partial,
    PartialDate,
    Quantity,
    Reconciliation,
    ReconciliationError,
    Source,
    Status,
    Unknown,
    ValidationError,
    reconcile,
)
from claimkit.policies import Range, get_policy
from claimkit.testing import claimsets

AP = Source(id="ap", name="The Associated Press", kind="media")
REUTERS = Source(id="reuters", name="Reuters", kind="media")
MOD = Source(
    id="ru-mod", name="Russian Ministry of Defence", kind="government", affiliation="Russia"
)
UA = Source(id="ua-stratcom", name="Strategic Communications Directorate", kind="military")
MAYOR = Source(id="mayor", name="The mayor", kind="person", aliases=["Mayor of Kyiv"])
SOURCES = [AP, REUTERS, MOD, UA, MAYOR]


def claim(
    value: Any, predicate: str = "killed", subject: str = "Makiivka strike", **more: Any
) -> Claim:
    return Claim(subject=subject, predicate=predicate, value=value, **more)


def build(*pairs: tuple[Claim, Attribution]) -> ClaimSet:
    return ClaimSet(
        sources=SOURCES,
        claims=[c for c, _ in pairs],
        attributions=[a for _, a in pairs],
    )


def said(c: Claim, source: Source, **how: Any) -> tuple[Claim, Attribution]:
    return c, Attribution(claim=c, source=source, **how)


# -- the running example ------------------------------------------------------------


def test_makiivka_killed_is_a_value_conflict(makiivka: ClaimSet) -> None:
    """63 (Russia) against about 400 (Ukraine): a value conflict, ratio above six,
    with Bezsonov's unknown-but-positive figure consistent with both sides."""
    result = reconcile(makiivka)
    killed = result.finding("Makiivka strike", "Russian soldiers killed")
    assert killed.status is Status.CONTESTED
    assert killed.independent_sources == 4
    (conflict,) = [d for d in killed.discrepancies if d.kind is DiscrepancyKind.VALUE]
    assert set(conflict.sources) == {"ru-mod", "ua-stratcom", "ua-military"}
    assert conflict.ratio is not None and conflict.ratio > 6
    assert conflict.difference == 337
    assert {makiivka.claims[c].value for c in conflict.consistent} == {Unknown(low=1)}
    sides = [set(side.sources) for side in conflict.sides]
    assert sides == [{"ru-mod"}, {"ua-military", "ua-stratcom"}]
    assert killed.estimate == Quantity(low=63, high=400)


def test_makiivka_location_is_a_scope_difference(makiivka: ClaimSet) -> None:
    """ "In the area of Makiivka" and "a vocational school building" differ in
    scope, which is reported but does not make a conflict."""
    killed = reconcile(makiivka).finding("Makiivka strike", "Russian soldiers killed")
    (scope,) = [d for d in killed.discrepancies if d.kind is DiscrepancyKind.SCOPE]
    assert scope.qualifier == "location"
    assert set(scope.sources) == {"ru-mod", "ua-stratcom"}
    assert "not a conflict" in scope.summary


def test_makiivka_injured_is_single_sourced(makiivka: ClaimSet) -> None:
    """Only Ukraine gives a figure for the injured; Bezsonov's unknown agrees."""
    injured = reconcile(makiivka).finding("Makiivka strike", "Russian soldiers injured")
    assert injured.status is Status.SINGLE_SOURCE
    assert injured.estimate == Quantity.about(300)
    assert not injured.discrepancies
    assert (
        "consistent with it, giving no figure: unknown (at least 1) (Daniil Bezsonov)"
        in injured.explain()
    )
    # Bezsonov's "there were wounded" is a voice on the question, without a figure.
    assert injured.independent_sources == 2
    assert injured.sources == ("bezsonov", "ua-stratcom")


def test_contested_names_only_the_sources_in_conflict(makiivka: ClaimSet) -> None:
    """Bezsonov's "at least one" killed is consistent with every figure: the
    explanation does not count him among those who cannot all be right."""
    killed = reconcile(makiivka).finding("Makiivka strike", "Russian soldiers killed")
    (contested,) = [line for line in killed.explain().splitlines() if "cannot all" in line]
    assert contested.startswith("Contested: 4 independent sources; of them, ")
    assert "Bezsonov" not in contested
    assert "Russian Ministry of Defence" in contested


def test_makiivka_opinions_are_not_reconciled(makiivka: ClaimSet) -> None:
    """The blogger's opinions are counted, not turned into findings."""
    result = reconcile(makiivka)
    assert result.opinions == 2
    with pytest.raises(NotFoundError):
        result.finding("Makiivka strike", "assessment")


def test_makiivka_acknowledgement_counts_as_support(makiivka: ClaimSet) -> None:
    """Ukraine's tacit acknowledgement agrees with Russia on who struck."""
    finding = reconcile(makiivka).finding("Makiivka strike", "carried out by")
    assert finding.status is Status.AGREED
    assert finding.estimate == "Ukraine"
    assert finding.sources == ("ru-mod", "ua-military")


def test_makiivka_explanation_names_rule_sources_and_conflict(makiivka: ClaimSet) -> None:
    """The explanation names the rule, the figures used, and the conflict."""
    text = reconcile(makiivka).finding("Makiivka strike", "Russian soldiers killed").explain()
    assert text.startswith(
        "range: from the lowest figure to the highest, 63 (Russian Ministry of Defence, "
        "2023-01-02) to about 400 (Strategic Communications Directorate"
    )
    assert "6.3 times" in text
    assert "consistent with every side: unknown (at least 1) (Daniil Bezsonov)" in text


# -- semantics ----------------------------------------------------------------------


def test_relays_add_no_voice() -> None:
    """One statement relayed by two outlets is one independent source."""
    c = claim(Quantity.exact(63))
    result = reconcile(
        build(said(c, MOD, via=[AP]), said(c, MOD, via=[REUTERS]), said(c, MOD, via=[REUTERS, AP]))
    )
    (finding,) = result.findings
    assert finding.independent_sources == 1
    assert finding.status is Status.SINGLE_SOURCE
    assert len(finding.attributions) == 3


def test_a_later_statement_supersedes_an_earlier_one() -> None:
    """The same source changing its figure later is a revision, not a conflict."""
    early, late = claim(Quantity.exact(10)), claim(Quantity.exact(25))
    result = reconcile(
        build(
            said(early, MOD, stated=PartialDate(2023, 1, 1)),
            said(late, MOD, stated=PartialDate(2023, 1, 5)),
        )
    )
    (finding,) = result.findings
    assert finding.estimate == Quantity.exact(25)
    assert finding.status is Status.SINGLE_SOURCE
    (revision,) = finding.discrepancies
    assert revision.kind is DiscrepancyKind.REVISION
    assert revision.claims == (early.id, late.id)
    assert [a.claim for a in finding.set_aside] == [early.id]
    assert "superseded by its statement of 2023-01-05" in finding.explain()


def test_statements_that_cannot_be_ordered_both_stand() -> None:
    """Without dates to order them, one source's two figures both count."""
    result = reconcile(
        build(said(claim(Quantity.exact(10)), MOD), said(claim(Quantity.exact(25)), MOD))
    )
    (finding,) = result.findings
    assert finding.status is Status.CONTESTED
    assert [d.kind for d in finding.discrepancies] == [DiscrepancyKind.VALUE]


def test_a_denial_is_a_polarity_conflict() -> None:
    """A source denying what another asserts is a polarity conflict."""
    c = claim("Ukraine", predicate="carried out by")
    result = reconcile(build(said(c, MOD), said(c, UA, stance="denies")))
    (finding,) = result.findings
    assert finding.status is Status.CONTESTED
    (polarity,) = finding.discrepancies
    assert polarity.kind is DiscrepancyKind.POLARITY
    assert polarity.sides[0].sources == ("ru-mod",)
    assert polarity.sides[1].sources == ("ua-stratcom",)
    assert finding.sources == ("ru-mod",)
    assert [a.source for a in finding.opposing] == ["ua-stratcom"]


def test_asserting_a_negation_opposes_the_claim() -> None:
    """A negated claim asserted is the same as a denial of the claim."""
    positive = claim(True, predicate="occurred")
    negative = attrs.evolve(positive, negated=True)
    result = reconcile(build(said(positive, MOD), said(negative, UA)))
    assert [d.kind for d in result.discrepancies] == [DiscrepancyKind.POLARITY]


def test_no_value_opposes_every_value() -> None:
    """A negated unknown ("there is no value") conflicts with any value."""
    some = claim(Quantity.exact(3), predicate="children")
    none = claim(Unknown(), predicate="children", negated=True)
    result = reconcile(build(said(some, MOD), said(none, UA)))
    (polarity,) = result.discrepancies
    assert polarity.kind is DiscrepancyKind.POLARITY
    assert "no value" in polarity.summary


def test_a_retraction_withdraws_earlier_support() -> None:
    """A retraction removes the source's earlier support; both are set aside."""
    c = claim(Quantity.exact(63))
    other = claim(Quantity.about(400))
    result = reconcile(
        build(
            said(c, MOD, stated=PartialDate(2023, 1, 2)),
            said(c, MOD, stance="retracts", stated=PartialDate(2023, 1, 4)),
            said(other, UA, stated=PartialDate(2023, 1, 1)),
        )
    )
    (finding,) = result.findings
    assert finding.sources == ("ua-stratcom",)
    assert finding.status is Status.SINGLE_SOURCE
    assert {a.stance.value for a in finding.set_aside} == {"asserts", "retracts"}
    assert "retracted on 2023-01-04" in finding.explain()


def test_declining_to_confirm_supports_nothing() -> None:
    """A refusal to confirm is recorded but not counted."""
    c = claim(Quantity.exact(63))
    result = reconcile(build(said(c, MOD), said(c, UA, stance="declines-to-confirm")))
    (finding,) = result.findings
    assert finding.sources == ("ru-mod",)
    assert [a.source for a in finding.set_aside] == ["ua-stratcom"]


def test_unknowns_with_bounds_constrain_without_conflict() -> None:
    """ "There were dead" (at least one) agrees with any positive figure, but
    conflicts with a figure of zero."""
    dead = claim(Unknown(low=1))
    result = reconcile(build(said(dead, MOD), said(claim(Quantity.exact(63)), UA)))
    assert result.findings[0].status is Status.SINGLE_SOURCE
    result = reconcile(build(said(dead, MOD), said(claim(Quantity.exact(0)), UA)))
    assert result.findings[0].status is Status.CONTESTED


def test_only_unknowns_leave_the_answer_unknown() -> None:
    """With no figure, the estimate is what the bounds allow."""
    result = reconcile(
        build(said(claim(Unknown(low=1)), MOD), said(claim(Unknown(low=5, high=100)), UA))
    )
    (finding,) = result.findings
    assert finding.status is Status.UNKNOWN
    assert finding.estimate == Unknown(low=5, high=100)


def test_exclusive_bounds_count() -> None:
    """ "More than 63" conflicts with exactly 63."""
    result = reconcile(
        build(
            said(claim(Quantity.exact(63)), MOD),
            said(claim(Quantity.at_least(63, exclusive=True)), UA),
        )
    )
    assert result.findings[0].status is Status.CONTESTED


def test_tolerance_decides_approximate_overlap() -> None:
    """ "About 400" covers 430 at 10 % tolerance but not at 5 %."""
    claims = build(said(claim(Quantity.about(400)), MOD), said(claim(Quantity.exact(430)), UA))
    assert reconcile(claims).findings[0].status is Status.AGREED
    assert reconcile(claims, Range(tolerance=0.05)).findings[0].status is Status.CONTESTED
    assert reconcile(claims, Range(tolerance=0.075)).findings[0].status is Status.AGREED


def test_boundaries_are_exact() -> None:
    """ "About 70" reaches exactly 63 at 10 %: no floating-point near miss."""
    claims = build(said(claim(Quantity.about(70)), MOD), said(claim(Quantity.exact(63)), UA))
    assert reconcile(claims).findings[0].status is Status.AGREED


def test_different_units_are_an_error() -> None:
    """Quantities in different units are not compared silently."""
    claims = build(
        said(claim(Quantity.exact(5, unit="km"), predicate="range"), MOD),
        said(claim(Quantity.exact(5, unit="mi"), predicate="range"), UA),
    )
    with pytest.raises(ReconciliationError, match="different units"):
        reconcile(claims)


def test_different_kinds_are_an_error() -> None:
    """A number and a date for one question are not compared silently."""
    claims = build(
        said(claim(Quantity.exact(5), predicate="when"), MOD),
        said(claim(PartialDate(2023), predicate="when"), UA),
    )
    with pytest.raises(ReconciliationError, match="different kinds"):
        reconcile(claims)


def test_key_qualifiers_make_separate_questions() -> None:
    """Figures for different years are different questions when the year is a key."""
    y2010 = claim(
        Quantity.exact(100), predicate="population", qualifiers={"point in time": PartialDate(2010)}
    )
    y2020 = claim(
        Quantity.exact(120), predicate="population", qualifiers={"point in time": PartialDate(2020)}
    )
    claims = build(said(y2010, MOD), said(y2020, UA))
    assert reconcile(claims).findings[0].status is Status.CONTESTED
    result = reconcile(claims, key_qualifiers=["Point in time"])
    assert [f.status for f in result.findings] == [Status.SINGLE_SOURCE] * 2
    assert result.finding(
        "Makiivka strike", "population", **{"point in time": PartialDate(2020)}
    ).estimate == Quantity.exact(120)


def test_questions_ignore_case_spacing_and_aliases() -> None:
    """Subjects differing in case or spacing, or naming a source by an alias, meet."""
    a = claim(Quantity.exact(40), subject="The mayor", predicate="drones shot down")
    b = claim(Quantity.exact(40), subject="mayor of  KYIV", predicate="Drones shot down")
    result = reconcile(build(said(a, MOD), said(b, UA)))
    (finding,) = result.findings
    assert finding.status is Status.AGREED
    assert result.finding("THE MAYOR", "drones  shot down") is finding


def test_texts_and_dates() -> None:
    """Texts agree regardless of case; dates agree when one refines the other."""
    result = reconcile(
        build(
            said(claim("Ukraine", predicate="by"), MOD),
            said(claim("ukraine", predicate="by"), UA),
            said(claim(PartialDate(2022, 12), predicate="date"), MOD),
            said(claim(PartialDate(2022, 12, 31), predicate="date"), UA),
            said(claim("HIMARS", predicate="weapon"), MOD),
            said(claim("drone", predicate="weapon"), UA),
        )
    )
    assert result.finding("Makiivka strike", "by").status is Status.AGREED
    date = result.finding("Makiivka strike", "date")
    assert (date.status, date.estimate) == (Status.AGREED, PartialDate(2022, 12, 31))
    weapon = result.finding("Makiivka strike", "weapon")
    assert (weapon.status, weapon.estimate) == (Status.CONTESTED, None)


def test_policies_by_name_and_object() -> None:
    """Unknown names and wrong objects are refused clearly."""
    assert get_policy("range") == Range()
    with pytest.raises(NotFoundError, match="no policy named 'mode'"):
        reconcile(ClaimSet(), "mode")
    with pytest.raises(ValidationError):
        reconcile(ClaimSet(), 3)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Range(tolerance=1.5)
    with pytest.raises(ValidationError):
        reconcile("claims")  # type: ignore[arg-type]


def test_to_dict_is_json(makiivka: ClaimSet) -> None:
    """The machine form is plain JSON with estimates in the value encoding."""
    data = reconcile(makiivka).to_dict()
    text = json.dumps(data)
    killed = next(
        f for f in json.loads(text)["findings"] if f["predicate"] == "Russian soldiers killed"
    )
    assert killed["estimate"] == {"type": "quantity", "low": 63, "high": 400}
    assert killed["status"] == "contested"
    assert data["discrepancies"][0]["kind"] == "value"


# -- laws ---------------------------------------------------------------------------


def _summary(result: Reconciliation) -> list[tuple[Any, ...]]:
    return [
        (
            f.subject.casefold(),
            f.predicate.casefold(),
            f.estimate,
            f.status,
            f.sources,
            f.discrepancies,
        )
        for f in result.findings
    ]


@given(claimsets(), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_input_order(claims: ClaimSet, random: Random) -> None:
    """Shuffled records give the identical reconciliation, down to the text."""
    records = list(claims.records())
    random.shuffle(records)
    shuffled = ClaimSet.from_records(records)
    assert reconcile(shuffled).to_dict() == reconcile(claims).to_dict()
    assert reconcile(shuffled).report() == reconcile(claims).report()
    # A claim set puts its records in a canonical order; a stream of records is
    # reconciled in the order it comes.
    streamed = Partial.from_records(records).finish("range")
    assert streamed.to_dict() == reconcile(claims).to_dict()


@given(claimsets(min_sources=2), st.data())
def test_duplicates_and_relays_change_nothing(claims: ClaimSet, data: st.DataObject) -> None:
    """Repeating attributions through more relays changes no estimate, status,
    source count or discrepancy."""
    extra = []
    for attribution in claims.attributions:
        others = [s for s in claims.sources if s != attribution.source and s not in attribution.via]
        if others and data.draw(st.booleans()):
            relay = data.draw(st.sampled_from(others))
            extra.append(attrs.evolve(attribution, via=(*attribution.via, relay)))
    bigger = ClaimSet(
        sources=claims.sources.values(),
        claims=claims.claims.values(),
        attributions=[*claims.attributions, *extra, *claims.attributions],
    )
    assert _summary(reconcile(bigger)) == _summary(reconcile(claims))
    # A claim set keeps one copy of a repeated attribution; a stream of records
    # keeps every copy, and reconciliation must not count them twice.
    records = [*bigger.records(), *extra, *claims.attributions]
    assert _summary(Partial.from_records(records).finish("range")) == _summary(reconcile(claims))


@given(claimsets())
def test_result_is_deterministic(claims: ClaimSet) -> None:
    """Two runs give the same result and the same text."""
    first, second = reconcile(claims), reconcile(claims)
    assert first == second
    assert first.report() == second.report()


@given(claimsets())
def test_range_contains_every_figure(claims: ClaimSet) -> None:
    """Under the range policy, every figure lies within the estimate."""
    for finding in reconcile(claims).findings:
        if not isinstance(finding.estimate, Quantity):
            continue
        for attribution in finding.attributions:
            value = claims.claims[attribution.claim].value
            if isinstance(value, Quantity) and value.low is not None and value.high is not None:
                assert finding.estimate.low is not None and finding.estimate.high is not None
                assert finding.estimate.low <= value.low
                assert value.high <= finding.estimate.high


@given(claimsets(), claimsets())
def test_adding_claims_never_narrows_a_range(a: ClaimSet, b: ClaimSet) -> None:
    """Monotonicity: the range of a question over more claims contains the range
    over fewer, as long as no source revises or retracts."""
    try:
        both = a | b
    except ValidationError:
        return
    before = {(f.subject.casefold(), f.predicate.casefold()): f for f in reconcile(a).findings}
    for finding in reconcile(both).findings:
        old = before.get((finding.subject.casefold(), finding.predicate.casefold()))
        if old is None or finding.set_aside or old.set_aside:
            continue
        old_range, new_range = old.estimate, finding.estimate
        if (
            isinstance(old_range, Quantity)
            and isinstance(new_range, Quantity)
            and None not in (old_range.low, old_range.high, new_range.low, new_range.high)
        ):
            assert new_range.low <= old_range.low  # type: ignore[operator]
            assert old_range.high <= new_range.high  # type: ignore[operator]


def test_a_ratio_beyond_float_range_is_left_out() -> None:
    """1 against 5e-324 is a ratio no float holds: the discrepancy gives none (and
    its JSON has no Infinity), but still the difference and full severity."""
    tiny = Claim(subject="s", predicate="p", value=Quantity.exact(5e-324))
    one = Claim(subject="s", predicate="p", value=Quantity.exact(1))
    claimset = ClaimSet(
        sources=[AP, REUTERS],
        claims=[tiny, one],
        attributions=[
            Attribution(claim=tiny.id, source="ap"),
            Attribution(claim=one.id, source="reuters"),
        ],
    )
    for policy in ("range", "conservative"):
        result = reconcile(claimset, policy)
        (conflict,) = result.discrepancies
        assert conflict.ratio is None
        assert conflict.severity == 1.0
        assert "times" not in result.findings[0].explain()
        json.dumps(result.to_dict(), allow_nan=False)


def test_discrepancies_take_plain_strings_and_check_severity() -> None:
    """Like the records, a discrepancy takes an enumeration's value as a string,
    and refuses a severity outside 0 to 1."""
    fields: dict[str, Any] = {
        "subject": "s",
        "predicate": "p",
        "claims": ["c"],
        "sources": ["a"],
        "sides": [],
    }
    made = Discrepancy(kind="value", severity=0.5, **fields)
    assert made.kind is DiscrepancyKind.VALUE
    assert made.claims == ("c",)
    with pytest.raises(ValidationError) as kind:
        Discrepancy(kind="conflict", severity=0.5, **fields)
    assert kind.value.path == "kind"
    with pytest.raises(ValidationError) as severity:
        Discrepancy(kind="value", severity=1.5, **fields)
    assert severity.value.path == "severity"


@pytest.mark.parametrize(
    ("arguments", "qualifiers", "path"),
    [
        ((None, 5), {}, "subject"),
        (("Makiivka strike", None), {}, "predicate"),
        (("Makiivka strike", ""), {}, "predicate"),
        (("Makiivka strike", "Russian soldiers killed"), {"date": None}, "qualifiers.date"),
        (("Makiivka strike", "Russian soldiers killed"), {"date": [1]}, "qualifiers.date"),
    ],
)
def test_finding_refuses_bad_arguments(
    makiivka: ClaimSet, arguments: tuple[Any, Any], qualifiers: dict[str, Any], path: str
) -> None:
    """Reconciliation.finding checks its arguments: a ValidationError naming the
    bad one, never an AttributeError from folding None."""
    result = reconcile(makiivka)
    with pytest.raises(ValidationError) as caught:
        result.finding(*arguments, **qualifiers)
    assert caught.value.path == path


def test_finding_takes_qualifier_shorthands() -> None:
    """Qualifiers are taken as a claim takes them: a year number is a quantity."""
    claim = Claim(subject="s", predicate="p", value=1, qualifiers={"year": 2023})
    claims = ClaimSet(
        sources=[Source(id="a", name="A", kind="media")],
        claims=[claim],
        attributions=[Attribution(claim=claim, source="a")],
    )
    result = reconcile(claims, key_qualifiers=["year"])
    assert result.finding("s", "p", year=2023).estimate == Quantity.exact(1)
