"""The policies: each rule on real cases, and the laws every policy keeps."""

from __future__ import annotations

from random import Random
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimkit import (
    Attribution,
    Claim,
    ClaimSet,
    DiscrepancyKind,
    Partial,
    PartialDate,
    Quantity,
    Reconciliation,
    Source,
    Status,
    ValidationError,
    reconcile,
)
from claimkit.policies import (
    LowBestHigh,
    PerQuestion,
    Policy,
    Range,
    Trust,
    Weighted,
    get_policy,
    policy_names,
)
from claimkit.testing import claimsets

KILLED = ("Makiivka strike", "Russian soldiers killed")


def killed(result: Reconciliation) -> Any:
    return result.finding(*KILLED)


# -- each rule on the example ---------------------------------------------------------


def test_conservative_takes_the_lowest_figure(makiivka: ClaimSet) -> None:
    """ACLED's rule: the lowest figure, and the explanation says how much higher the
    others go."""
    finding = killed(reconcile(makiivka, "conservative"))
    assert finding.estimate == Quantity.exact(63)
    assert finding.explain().startswith(
        "conservative: lowest figure from an independent source, 63 (Russian Ministry of "
        "Defence, 2023-01-02); Strategic Communications Directorate of the Armed Forces of "
        "Ukraine's figure, about 400, is 6.3 times higher."
    )


def test_low_best_high(makiivka: ClaimSet) -> None:
    """UCDP's rule: low and high are the extremes; best follows trust, then how many
    independent sources agree with a figure."""
    finding = killed(reconcile(makiivka, "low-best-high"))
    assert finding.estimate == Quantity(low=63, best=400, high=400, approximate=True)
    trusting_russia = LowBestHigh(trust={"ru-mod": 2.0})
    assert killed(reconcile(makiivka, trusting_russia)).estimate == Quantity(
        low=63, best=63, high=400
    )


def test_median_of_independent_figures(makiivka: ClaimSet) -> None:
    """The median of 63 and about 400 lies between them and is marked approximate."""
    finding = killed(reconcile(makiivka, "median"))
    assert finding.estimate == Quantity(best=231.5, approximate=True)
    assert "the median of 2 independent figures (63, 400)" in finding.explain()


def test_weighted_by_source_and_by_affiliation(makiivka: ClaimSet) -> None:
    """The weighted median follows the trust given, by source or by party."""
    assert killed(reconcile(makiivka, Weighted(trust={"ua-stratcom": 3.0}))).estimate == (
        Quantity.about(400)
    )
    by_party = Weighted(trust={"Russia": 3.0, "Ukraine": 1.0}, by="affiliation")
    finding = killed(reconcile(makiivka, by_party))
    assert finding.estimate == Quantity.exact(63)
    # Consistent with 63: the ministry and Bezsonov (3 + 3 of a total weight of 8).
    assert finding.confidence == pytest.approx(0.75)


def test_certainty_weighs_support() -> None:
    """A "possible" statement weighs less than a "certain" one in the weighted policy."""
    a = Source(id="a", name="A", kind="media")
    b = Source(id="b", name="B", kind="media")
    low, high = (
        Claim(subject="s", predicate="p", value=10),
        Claim(subject="s", predicate="p", value=20),
    )
    claims = ClaimSet(
        sources=[a, b],
        claims=[low, high],
        attributions=[
            Attribution(claim=low, source=a, certainty="possible"),
            Attribution(claim=high, source=b),
        ],
    )
    assert reconcile(claims, "weighted").findings[0].estimate == Quantity.exact(20)


def test_trust_reports_learned_accuracy(makiivka: ClaimSet) -> None:
    """The trust policy learns an accuracy per source and reports it."""
    result = reconcile(makiivka, "trust")
    assert set(result.trust) >= {"ru-mod", "ua-stratcom", "ap"}
    assert all(0 < level < 1 for level in result.trust.values())
    assert result.note.startswith("source accuracy converged after")
    assert "Learned source trust" in result.report()
    assert killed(result).confidence is not None


def test_trust_learns_which_sources_agree_with_others() -> None:
    """Over many questions, a source that agrees with the others is trusted more than
    one that does not, and its answer wins where they split."""
    sources = [Source(id=name, name=name, kind="media") for name in ("a", "b", "c", "liar")]
    claims, attributions = [], []
    for question in range(12):
        truth = Claim(subject=f"event {question}", predicate="dead", value=question * 10)
        lie = Claim(subject=f"event {question}", predicate="dead", value=question * 10 + 7)
        claims += [truth, lie]
        for name in ("a", "b", "c"):
            attributions.append(Attribution(claim=truth, source=name))
        attributions.append(Attribution(claim=lie, source="liar"))
    # One question where only "a" and the liar speak: a's record decides it.
    final = Claim(subject="event x", predicate="dead", value=5)
    false = Claim(subject="event x", predicate="dead", value=50)
    claims += [final, false]
    attributions += [Attribution(claim=final, source="a"), Attribution(claim=false, source="liar")]
    result = reconcile(ClaimSet(sources=sources, claims=claims, attributions=attributions), "trust")
    assert result.trust["a"] > result.trust["liar"]
    assert result.finding("event x", "dead").estimate == Quantity(best=5)


def test_policy_parameters_are_checked() -> None:
    """Bad parameters raise ValidationError naming the parameter."""
    for build, path in [
        (lambda: Range(tolerance=-0.1), "tolerance"),
        (lambda: Weighted(trust={"a": -1.0}), "trust['a']"),
        (lambda: Weighted(by="party"), "by"),  # type: ignore[arg-type]
        (lambda: LowBestHigh(trust={"a": "high"}), "trust['a']"),  # type: ignore[dict-item]
        (lambda: Trust(prior=0), "prior"),
        (lambda: Trust(max_iterations=0), "max_iterations"),
        (lambda: Trust(certainty_weights={"sure": 1.0}), "certainty_weights"),
    ]:
        with pytest.raises(ValidationError) as caught:
            build()
        assert caught.value.path == path


def test_every_name_makes_a_policy() -> None:
    """Every listed name gives a policy with its own name and a one-sentence rule."""
    for name in policy_names():
        policy = get_policy(name)
        assert isinstance(policy, Policy)
        assert policy.name == name
        assert policy.rule.startswith(f"{name}: ")


def test_a_policy_of_your_own() -> None:
    """Any object with the policy's attributes works; PerQuestion helps."""

    @attrs.frozen
    class Highest(PerQuestion):
        name: str = "highest"
        rule: str = "highest: the highest figure"
        tolerance: float = 0.1

        def estimate(self, question: Any) -> Any:
            from claimkit.policies import Estimate

            values = [p.value for p in question.figures]
            best = max(values, key=lambda q: q.high) if values else None
            return Estimate(value=best, detail="the highest figure")

    from claimkit import examples

    result = reconcile(examples.load("makiivka"), Highest())
    assert result.policy == "highest"
    assert killed(result).estimate == Quantity.about(400)
    assert killed(result).explain().startswith("highest: the highest figure.")


# -- independence, revisions, severity ------------------------------------------------


def _party_claims() -> ClaimSet:
    mod = Source(id="ru-mod", name="Russian MoD", kind="government", affiliation="Russia")
    tass = Source(id="tass", name="TASS", kind="media", affiliation="Russia")
    kyiv = Source(id="ua", name="Kyiv", kind="government", affiliation="Ukraine")
    figure = Claim(subject="strike", predicate="dead", value=63)
    return ClaimSet(
        sources=[mod, tass, kyiv],
        claims=[figure],
        attributions=[Attribution(claim=figure, source=s) for s in (mod, tass)],
    )


def test_affiliation_counts_a_party_once() -> None:
    """Two Russian sources agreeing are two sources but one party."""
    claims = _party_claims()
    by_source = reconcile(claims).findings[0]
    by_party = reconcile(claims, independence="affiliation").findings[0]
    assert (by_source.independent_sources, by_source.status) == (2, Status.AGREED)
    assert (by_party.independent_sources, by_party.status) == (1, Status.SINGLE_SOURCE)
    assert by_party.parties == ("Russia",)
    assert by_party.sources == ("ru-mod", "tass")
    figure = next(iter(claims.claims.values()))
    with_kyiv = claims | ClaimSet(
        sources=[claims.sources["ua"]],
        claims=[figure],
        attributions=[Attribution(claim=figure, source="ua")],
    )
    agreed = reconcile(with_kyiv, independence="affiliation").findings[0]
    assert (agreed.independent_sources, agreed.status) == (2, Status.AGREED)
    assert "Agreed: 2 independent parties (Russia: Russian MoD, TASS; Ukraine: Kyiv)" in (
        agreed.explain()
    )
    with pytest.raises(ValidationError):
        reconcile(claims, independence="party")  # type: ignore[arg-type]


def test_revisions_can_be_kept() -> None:
    """With revisions kept, both statements count (and conflict); the revision is
    reported either way."""
    source = Source(id="ru-mod", name="Russian MoD", kind="government")
    first = Claim(subject="strike", predicate="dead", value=63)
    second = Claim(subject="strike", predicate="dead", value=89)
    claims = ClaimSet(
        sources=[source],
        claims=[first, second],
        attributions=[
            Attribution(claim=first, source=source, stated=PartialDate(2023, 1, 2)),
            Attribution(claim=second, source=source, stated=PartialDate(2023, 1, 4)),
        ],
    )
    superseded = reconcile(claims).findings[0]
    kept = reconcile(claims, revisions="keep").findings[0]
    assert superseded.estimate == Quantity.exact(89)
    assert [d.kind for d in superseded.discrepancies] == [DiscrepancyKind.REVISION]
    assert kept.estimate == Quantity(low=63, high=89)
    assert {d.kind for d in kept.discrepancies} == {DiscrepancyKind.REVISION, DiscrepancyKind.VALUE}
    assert superseded.discrepancies[0].severity == pytest.approx(26 / 89)


def test_discrepancies_are_sorted_by_severity(makiivka: ClaimSet) -> None:
    """The most severe disagreement comes first; scope differences weigh nothing."""
    severities = [d.severity for d in reconcile(makiivka).discrepancies]
    assert severities == sorted(severities, reverse=True)
    value, scope = reconcile(makiivka).discrepancies
    assert value.severity == pytest.approx(337 / 400)
    assert scope.severity == 0


# -- laws ------------------------------------------------------------------------------

ALL = [*policy_names(), Range(tolerance=0.25), Weighted(trust={"ap": 2.0}), Trust(prior=3.0)]


def _summary(result: Reconciliation) -> list[tuple[Any, ...]]:
    return [
        (
            f.subject.casefold(),
            f.predicate.casefold(),
            f.estimate,
            f.status,
            f.sources,
            f.independent_sources,
            f.discrepancies,
        )
        for f in result.findings
    ]


@pytest.mark.parametrize("policy", ALL, ids=str)
@given(claims=claimsets(), random=st.randoms(use_true_random=False))
@settings(max_examples=25)
def test_order_does_not_matter(policy: Any, claims: ClaimSet, random: Random) -> None:
    """Every policy gives the same result, down to the text, in any record order."""
    records = list(claims.records())
    random.shuffle(records)
    shuffled = reconcile(ClaimSet.from_records(records), policy)
    assert shuffled.to_dict() == reconcile(claims, policy).to_dict()
    # Not through a claim set, which puts records in a canonical order.
    streamed = Partial.from_records(records).finish(policy)
    assert streamed.to_dict() == reconcile(claims, policy).to_dict()


@pytest.mark.parametrize("policy", ALL, ids=str)
@given(claims=claimsets(min_sources=2), data=st.data())
@settings(max_examples=25)
def test_duplicates_and_relays_change_nothing(
    policy: Any, claims: ClaimSet, data: st.DataObject
) -> None:
    """Repeating attributions, also through more relays, changes no estimate, status,
    source count or discrepancy under any policy."""
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
    assert _summary(reconcile(bigger, policy)) == _summary(reconcile(claims, policy))
    # A claim set keeps one copy of a repeated attribution; a stream keeps all.
    records = [*bigger.records(), *extra, *claims.attributions]
    streamed = Partial.from_records(records).finish(policy)
    assert _summary(streamed) == _summary(reconcile(claims, policy))


@pytest.mark.parametrize("policy", ALL, ids=str)
@given(claims=claimsets())
@settings(max_examples=25)
def test_results_are_deterministic(policy: Any, claims: ClaimSet) -> None:
    """Two runs of any policy give equal results and identical text."""
    first, second = reconcile(claims, policy), reconcile(claims, policy)
    assert first == second
    assert first.report() == second.report()


def _split(claims: ClaimSet, parts: int, random: Random) -> list[ClaimSet]:
    """Split the attributions at random into parts that each carry what they need;
    sources go to a part at random too, unless an attribution there needs them."""
    buckets: list[list[Attribution]] = [[] for _ in range(parts)]
    for attribution in claims.attributions:
        buckets[random.randrange(parts)].append(attribution)
    pieces = []
    for bucket in buckets:
        needed = {a.source for a in bucket} | {r for a in bucket for r in a.via}
        sources = [s for key, s in claims.sources.items() if key in needed or random.random() < 0.5]
        pieces.append(
            ClaimSet(
                sources=sources,
                claims=[claims.claims[a.claim] for a in bucket],
                attributions=bucket,
            )
        )
    return pieces


@pytest.mark.parametrize("policy", [*policy_names(), Weighted(trust={"ap": 2.0})], ids=str)
@given(claims=claimsets(), parts=st.integers(1, 4), random=st.randoms(use_true_random=False))
@settings(max_examples=25)
def test_partial_results_combine_to_the_whole(
    policy: Any, claims: ClaimSet, parts: int, random: Random
) -> None:
    """Partial results of any split, combined in any order and grouping, finish to
    exactly the reconciliation of the whole."""
    pieces = [Partial.of(piece) for piece in _split(claims, parts, random)]
    random.shuffle(pieces)
    combined = Partial()
    while pieces:
        # Combine a random run of pieces first, then fold it in: any grouping.
        run = pieces[: random.randint(1, len(pieces))]
        pieces = pieces[len(run) :]
        combined = combined | Partial().combine(*run)
    assert combined.finish(policy) == reconcile(claims, policy)


@given(claimsets(), claimsets(), claimsets())
@settings(max_examples=40)
def test_combining_partials_is_a_commutative_monoid(a: ClaimSet, b: ClaimSet, c: ClaimSet) -> None:
    """Combining partials is associative and commutative, ``Partial()`` is its
    identity, and combining a partial with itself changes nothing."""
    pa, pb, pc = Partial.of(a), Partial.of(b), Partial.of(c)
    try:
        left = (pa | pb) | pc
    except ValidationError:
        return
    assert left == pa | (pb | pc)
    assert pa | pb == pb | pa
    assert pa | Partial() == pa == Partial() | pa
    assert pa | pa == pa


def _partitions(claims: ClaimSet, parts: int, random: Random) -> list[list[Any]]:
    """The records in a random order, cut into runs as a file is cut into
    partitions: an attribution's claim and sources may be in any run."""
    records = list(claims.records())
    random.shuffle(records)
    cuts = sorted(random.randint(0, len(records)) for _ in range(parts - 1))
    return [records[i:j] for i, j in zip([0, *cuts], [*cuts, len(records)], strict=True)]


@pytest.mark.parametrize("policy", policy_names())
@given(claims=claimsets(), parts=st.integers(1, 5), random=st.randoms(use_true_random=False))
@settings(max_examples=25)
def test_partitions_of_records_combine_to_the_whole(
    policy: str, claims: ClaimSet, parts: int, random: Random
) -> None:
    """Partials of the records in any order, cut anywhere and combined in any
    grouping, finish to exactly the reconciliation of the whole, however many
    attributions had to wait for a claim from another partition."""
    pieces = [Partial.from_records(run) for run in _partitions(claims, parts, random)]
    random.shuffle(pieces)
    while len(pieces) > 1:
        index = random.randrange(len(pieces) - 1)
        pieces[index : index + 2] = [pieces[index] | pieces[index + 1]]
    assert pieces[0].finish(policy) == reconcile(claims, policy)
    assert pieces[0] == Partial.of(claims)


@given(claims=claimsets(), random=st.randoms(use_true_random=False))
@settings(max_examples=40)
def test_partials_waiting_for_claims_still_form_a_monoid(claims: ClaimSet, random: Random) -> None:
    """With attributions waiting for claims from other parts, combining is still
    associative and commutative, with ``Partial()`` as identity."""
    pa, pb, pc = (Partial.from_records(run) for run in _partitions(claims, 3, random))
    assert (pa | pb) | pc == pa | (pb | pc)
    assert pa | pb == pb | pa
    assert pa | Partial() == pa
    assert pa | pa == pa


def test_records_without_their_claim_or_source_are_refused_at_the_end() -> None:
    """An attribution whose claim or source never arrives is an error when the
    partials are finished, not before: another part may still bring it."""
    ap = Source(id="ap", name="AP", kind="media")
    claim = Claim(subject="Makiivka strike", predicate="killed", value=63)
    attribution = Attribution(claim=claim, source=ap, via=["tass"])
    waiting = Partial.from_records([attribution])
    assert "1 waiting for their claim" in repr(waiting)
    with pytest.raises(ValidationError, match="names claim") as missing_claim:
        waiting.finish()
    assert missing_claim.value.errors[0].path.endswith(".claim")
    with pytest.raises(ValidationError) as missing_sources:
        (waiting | Partial.from_records([claim])).finish()
    assert [problem.path.rsplit(".", 1)[1] for problem in missing_sources.value.errors] == [
        "source",
        "via[0]",
    ]
    tass = Source(id="tass", name="TASS", kind="media")
    whole = waiting | Partial.from_records([claim, ap]) | Partial.from_records([tass])
    assert whole.finish() == reconcile(
        ClaimSet(sources=[ap, tass], claims=[claim], attributions=[attribution])
    )


def test_records_are_checked_as_they_come() -> None:
    """Anything but a record, and a source id defined twice, are refused at once."""
    with pytest.raises(ValidationError, match="expected a Source, Claim or Attribution") as bad:
        Partial.from_records([Source(id="ap", name="AP", kind="media"), {"id": "x"}])  # type: ignore[list-item]
    assert bad.value.errors[0].path == "records[1]"
    with pytest.raises(ValidationError, match="defined differently"):
        Partial.from_records(
            [Source(id="ap", name="AP", kind="media"), Source(id="ap", name="AFP", kind="media")]
        )


def test_partials_must_agree_on_key_qualifiers(makiivka: ClaimSet) -> None:
    """Partials grouped by different key qualifiers do not combine."""
    with pytest.raises(ValidationError, match="key qualifiers"):
        Partial.of(makiivka) | Partial.of(makiivka, key_qualifiers=["date"])


def test_a_source_in_another_part_still_folds_its_aliases() -> None:
    """A subject naming a source by alias meets its other spellings even when the
    source itself is in another part."""
    mayor = Source(id="mayor", name="The mayor", kind="person", aliases=["Mayor of Kyiv"])
    ap = Source(id="ap", name="AP", kind="media")
    one = Claim(subject="The mayor", predicate="age", value=51)
    two = Claim(subject="Mayor of Kyiv", predicate="age", value=51)
    whole = ClaimSet(
        sources=[mayor, ap],
        claims=[one, two],
        attributions=[Attribution(claim=one, source=ap), Attribution(claim=two, source=mayor)],
    )
    part_a = ClaimSet(sources=[ap], claims=[one], attributions=[Attribution(claim=one, source=ap)])
    part_b = ClaimSet(
        sources=[mayor], claims=[two], attributions=[Attribution(claim=two, source=mayor)]
    )
    assert (Partial.of(part_a) | Partial.of(part_b)).finish() == reconcile(whole)
    assert len(reconcile(whole).findings) == 1


@given(claimsets(), st.data())
@settings(max_examples=40)
def test_an_agreeing_source_never_lowers_support(claims: ClaimSet, data: st.DataObject) -> None:
    """Monotonicity: a new independent source asserting a finding's own estimate adds
    one to its independent sources and never makes an agreed finding contested."""
    result = reconcile(claims)
    candidates = [
        f for f in result.findings if f.estimate is not None and not isinstance(f.estimate, bool)
    ]
    if not candidates:
        return
    finding = data.draw(st.sampled_from(candidates))
    newcomer = Source(id="newcomer-xyz", name="Newcomer", kind="media")
    value = finding.estimate
    agreeing = Claim(
        subject=finding.subject,
        predicate=finding.predicate,
        value=value,
        qualifiers=finding.qualifiers,
    )
    bigger = claims | ClaimSet(
        sources=[newcomer],
        claims=[agreeing],
        attributions=[Attribution(claim=agreeing, source=newcomer)],
    )
    after = reconcile(bigger).finding(finding.subject, finding.predicate, **finding.qualifiers)
    assert after.independent_sources == finding.independent_sources + 1
    if finding.status is Status.AGREED:
        assert after.status is Status.AGREED


@pytest.mark.parametrize(
    ("policy", "message"),
    [(None, "got None"), (5, "got 5"), (object(), "got a value of type object")],
)
def test_a_policy_of_the_wrong_type_is_described_in_words(policy: object, message: str) -> None:
    """The message describes the bad policy grammatically ("got 5", not "got a int")."""
    with pytest.raises(ValidationError) as caught:
        get_policy(policy)  # type: ignore[arg-type]
    assert caught.value.message.endswith(message)
    assert caught.value.path == "policy"


@pytest.mark.parametrize("policy", ["median", "weighted"])
def test_one_source_giving_a_figure_twice(policy: str) -> None:
    """A source whose two claims on a question give the same figure (63 and about
    63) is one voice with that figure, not an error."""
    source = Source(id="mod", name="Ministry", kind="government")
    exact = Claim(subject="strike", predicate="killed", value=Quantity.exact(63))
    hedged = Claim(subject="strike", predicate="killed", value=Quantity.about(63))
    claims = ClaimSet(
        sources=[source],
        claims=[exact, hedged],
        attributions=[
            Attribution(claim=exact.id, source="mod"),
            Attribution(claim=hedged.id, source="mod"),
        ],
    )
    (finding,) = reconcile(claims, policy).findings
    assert finding.independent_sources == 1
    assert finding.estimate is not None
