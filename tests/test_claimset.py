"""ClaimSet: referential integrity, order-free equality, and the merge laws."""

from __future__ import annotations

from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimkit import Attribution, Claim, ClaimSet, Source, ValidationError, dumps
from claimkit.testing import claimsets

AP = Source(id="ap", name="The Associated Press", kind="media")
MOD = Source(id="ru-mod", name="Russian Ministry of Defence", kind="government")
FIRED = Claim(subject="Makiivka strike", predicate="HIMARS rockets fired", value=6)
SAID = Attribution(claim=FIRED, source=MOD, via=[AP])


def test_order_and_repeats_do_not_matter() -> None:
    """Claim sets with the same records are equal, however given."""
    a = ClaimSet(sources=[MOD, AP], claims=[FIRED], attributions=[SAID])
    b = ClaimSet(sources=[AP, MOD, AP], claims=[FIRED, FIRED], attributions=[SAID, SAID])
    assert a == b
    assert hash(a) == hash(b)
    assert len(b.attributions) == 1


def test_every_dangling_reference_is_reported() -> None:
    """Unknown claims, sources and relays are all listed, each with its path."""
    bad = Attribution(claim="nope", source="nobody", via=["ap", "ghost"])
    with pytest.raises(ValidationError) as caught:
        ClaimSet(sources=[AP], claims=[FIRED], attributions=[SAID, bad])
    paths = [problem.path for problem in caught.value.errors]
    assert paths == [
        "attributions[0].source",
        "attributions[1].claim",
        "attributions[1].source",
        "attributions[1].via[1]",
    ]


def test_one_id_for_two_sources_is_refused() -> None:
    """A source id defined twice with different content is an error."""
    other = Source(id="ap", name="Agence Presse", kind="media")
    with pytest.raises(ValidationError, match="already defined") as caught:
        ClaimSet(sources=[AP, other])
    assert caught.value.path == "sources[1]"


def test_records_of_the_wrong_type_are_refused() -> None:
    """Passing the wrong kind of record names it."""
    with pytest.raises(ValidationError) as caught:
        ClaimSet(sources=[FIRED])  # type: ignore[list-item]
    assert caught.value.path == "sources[0]"
    with pytest.raises(ValidationError):
        ClaimSet(sources="ap")  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as caught:
        ClaimSet.from_records([AP, 3])  # type: ignore[list-item]
    assert caught.value.path == "records[1]"


def test_from_records_sorts_records_by_kind() -> None:
    """Records in any order build the same claim set."""
    assert ClaimSet.from_records([SAID, FIRED, AP, MOD]) == ClaimSet(
        sources=[AP, MOD], claims=[FIRED], attributions=[SAID]
    )


def test_lookups() -> None:
    """Sources and claims are found by id; attributions by claim."""
    claims = ClaimSet(sources=[AP, MOD], claims=[FIRED], attributions=[SAID])
    assert claims.sources["ap"] is AP
    assert claims.claims[FIRED.id] is FIRED
    assert claims.attributions_of(FIRED) == (SAID,)
    assert claims.attributions_of("unknown") == ()
    with pytest.raises(TypeError):
        claims.sources["x"] = AP  # type: ignore[index]


@given(claimsets(), claimsets(), claimsets())
def test_merge_is_associative(a: ClaimSet, b: ClaimSet, c: ClaimSet) -> None:
    """(a | b) | c == a | (b | c), whenever the sets do not define a source twice."""
    try:
        left = (a | b) | c
    except ValidationError:
        with pytest.raises(ValidationError):
            a | (b | c)
        return
    assert left == a | (b | c)


@given(claimsets(), claimsets())
def test_merge_is_commutative(a: ClaimSet, b: ClaimSet) -> None:
    """a | b == b | a, and both serialise identically."""
    try:
        merged = a | b
    except ValidationError:
        return
    assert merged == b | a
    assert dumps(merged) == dumps(b | a)


@given(claimsets())
def test_merge_is_idempotent_with_an_identity(a: ClaimSet) -> None:
    """a | a == a, and the empty claim set changes nothing."""
    assert a | a == a
    assert a | ClaimSet() == a
    assert ClaimSet().merge(a, a) == a


@given(claimsets(), claimsets())
def test_merge_contains_both(a: ClaimSet, b: ClaimSet) -> None:
    """The union holds every record of both sets."""
    try:
        merged = a | b
    except ValidationError:
        return
    records = set(merged.records())
    assert set(a.records()) <= records
    assert set(b.records()) <= records


def test_conflicting_sources_refuse_to_merge() -> None:
    """Merging sets that define one source id differently is an error."""
    other = ClaimSet(sources=[Source(id="ap", name="Agence Presse", kind="media")])
    with pytest.raises(ValidationError, match="defined differently"):
        ClaimSet(sources=[AP]) | other


@given(claimsets(), st.randoms())
def test_equality_ignores_input_order(claims: ClaimSet, random: Random) -> None:
    """Shuffling every list of records builds an equal claim set."""
    records = list(claims.records())
    random.shuffle(records)
    assert ClaimSet.from_records(records) == claims


def test_repr_counts() -> None:
    """The repr counts the records."""
    assert repr(ClaimSet()) == "<ClaimSet: 0 sources, 0 claims, 0 attributions>"


def test_a_claim_sets_own_mappings_build_an_equal_one() -> None:
    """The mappings a claim set returns (sources and claims by id) are accepted
    back, as are plain dicts by id and any iterable of records."""
    from claimkit import examples

    whole = examples.load("makiivka")
    again = ClaimSet(sources=whole.sources, claims=whole.claims, attributions=whole.attributions)
    assert again == whole
    assert (
        ClaimSet(
            sources=dict(whole.sources),
            claims=iter(whole.claims.values()),
            attributions=set(whole.attributions),
        )
        == whole
    )


def test_a_mapping_keyed_by_another_id_is_refused() -> None:
    """A record filed under a key other than its id is a mistake, not a guess."""
    with pytest.raises(ValidationError) as caught:
        ClaimSet(sources={"nobody": AP})
    assert caught.value.path == "sources['nobody']"
    assert "'ap'" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        ClaimSet(sources={3: AP})  # type: ignore[dict-item]
    assert caught.value.path == "sources[3]"
