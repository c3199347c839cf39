"""Source, Claim, Attribution and Evidence: values, content ids, and clear errors."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import unicodedata

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimkit import (
    Attribution,
    Certainty,
    Claim,
    Evidence,
    Mode,
    PartialDate,
    Quantity,
    Source,
    SourceKind,
    Stance,
    Unknown,
    ValidationError,
)
from claimkit.testing import claims, partial_dates, quantities, sources, texts, values

HUGE = 10**5000

KILLED = Claim(
    subject="Makiivka strike",
    predicate="Russian soldiers killed",
    value=Quantity.exact(63),
    qualifiers={"date": PartialDate(2022, 12, 31), "location": "in the area of Makiivka"},
)


def test_claim_id_is_pinned() -> None:
    """The id of a fixed claim never changes: ids are part of the file format and
    must be the same in every version of claimkit and of Python."""
    assert KILLED.id == "7bc0e44ef0edacbd98d2f3b03706f1ad"


def test_claim_id_is_the_same_in_another_process() -> None:
    """A new interpreter with another hash seed computes the same id."""
    code = (
        "from claimkit import Claim, PartialDate, Quantity\n"
        "print(Claim(subject='Makiivka strike', predicate='Russian soldiers killed',"
        " value=Quantity.exact(63), qualifiers={'location': 'in the area of Makiivka',"
        " 'date': PartialDate(2022, 12, 31)}).id)"
    )
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment
    )
    assert output.stdout.strip() == KILLED.id


@given(claims())
def test_equal_claims_have_equal_ids(claim: Claim) -> None:
    """A claim rebuilt from its fields has the same id, and qualifier order does not
    matter."""
    rebuilt = Claim(
        subject=claim.subject,
        predicate=claim.predicate,
        value=claim.value,
        qualifiers=dict(reversed(list(claim.qualifiers.items()))),
        negated=claim.negated,
        opinion=claim.opinion,
    )
    assert rebuilt == claim
    assert rebuilt.id == claim.id
    assert hash(rebuilt) == hash(claim)


@given(claims(), st.data())
def test_changing_any_field_changes_the_id(claim: Claim, data: st.DataObject) -> None:
    """Any change of content gives a different id."""
    field = data.draw(
        st.sampled_from(["subject", "predicate", "value", "qualifiers", "negated", "opinion"])
    )
    if field in ("subject", "predicate"):
        new = data.draw(
            texts().filter(lambda t: unicodedata.normalize("NFC", t) != getattr(claim, field))
        )
    elif field == "value":
        new = data.draw(values().filter(lambda v: v != claim.value))
    elif field == "qualifiers":
        new = data.draw(
            st.dictionaries(texts(max_size=5), quantities(), max_size=2).filter(
                lambda q: q != claim.qualifiers
            )
        )
    else:
        new = not getattr(claim, field)
    changed = attrs.evolve(claim, **{field: new})
    assert changed != claim
    assert changed.id != claim.id


def test_integral_floats_and_ints_share_an_id() -> None:
    """63 and 63.0 are equal in Python, so their claims are equal with equal ids."""
    as_float = attrs.evolve(KILLED, value=Quantity.exact(63.0))
    assert as_float == KILLED
    assert as_float.id == KILLED.id


def test_text_is_normalised_to_nfc() -> None:
    """Visually identical text in different Unicode forms makes one claim."""
    composed = Claim(subject="Kyiv", predicate="mayor", value="Klitschko, Vitali (Віталій)")
    decomposed = Claim(
        subject="Kyiv",
        predicate="mayor",
        value=unicodedata.normalize("NFD", "Klitschko, Vitali (Віталій)"),
    )
    assert composed == decomposed
    assert composed.id == decomposed.id


def test_shorthand_values() -> None:
    """Numbers become exact quantities and dates full partial dates."""
    assert Claim(subject="s", predicate="p", value=6).value == Quantity.exact(6)
    assert Claim(subject="s", predicate="p", value=dt.date(2023, 1, 2)).value == PartialDate(
        2023, 1, 2
    )
    assert Claim(subject="s", predicate="p", value=Unknown(low=1)).value == Unknown(low=1)


def test_enum_fields_take_their_values_as_text() -> None:
    """Wherever a field takes an enum, the plain string of its value works."""
    source = Source(id="ru-mod", name="Russian Ministry of Defence", kind="government")
    assert source.kind is SourceKind.GOVERNMENT
    attribution = Attribution(
        claim=KILLED, source=source, mode="quote", stance="denies", certainty="possible"
    )
    assert attribution.mode is Mode.QUOTE
    assert attribution.stance is Stance.DENIES
    assert attribution.certainty is Certainty.POSSIBLE
    assert attribution.claim == KILLED.id
    assert attribution.source == "ru-mod"


def test_stated_takes_dates() -> None:
    """``stated`` accepts a date, a datetime or a PartialDate."""
    expected = PartialDate(2023, 1, 2)
    for stated in (dt.date(2023, 1, 2), dt.datetime(2023, 1, 2, 9, 30), expected):
        assert Attribution(claim="c", source="s", stated=stated).stated == expected


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (lambda: Source(id="", name="x", kind="media"), "id"),
        (lambda: Source(id=" ap", name="x", kind="media"), "id"),
        (lambda: Source(id="a\nb", name="x", kind="media"), "id"),
        (lambda: Source(id="ap", name="x", kind="newspaper"), "kind"),
        (lambda: Source(id="ap", name=None, kind="media"), "name"),
        (lambda: Source(id="ap", name="x", kind="media", aliases="AP"), "aliases"),
        (lambda: Source(id="ap", name="x", kind="media", metadata={"n": [1]}), "metadata.n"),
        (
            lambda: Source(id="ap", name="x", kind="media", metadata={"n": float("inf")}),
            "metadata.n",
        ),
        (lambda: Claim(subject="", predicate="p", value="v"), "subject"),
        (lambda: Claim(subject="s", predicate="p", value=None), "value"),
        (lambda: Claim(subject="s", predicate="p", value=[1]), "value"),
        (lambda: Claim(subject="s", predicate="p", value=""), "value"),
        (lambda: Claim(subject="s", predicate="p", value=float("nan")), "value"),
        (
            lambda: Claim(subject="s", predicate="p", value="v", qualifiers={"k": None}),
            "qualifiers.k",
        ),
        (lambda: Claim(subject="s", predicate="p", value="v", qualifiers=["k"]), "qualifiers"),
        (lambda: Claim(subject="s", predicate="p", value="v", negated="no"), "negated"),
        (lambda: Attribution(claim="c", source="s", stance="refutes"), "stance"),
        (lambda: Attribution(claim="c", source="s", mode="tweet"), "mode"),
        (lambda: Attribution(claim="c", source="s", via=("s",)), "via[0]"),
        (lambda: Attribution(claim="c", source="s", via=("a", "a")), "via[1]"),
        (lambda: Attribution(claim="c", source="s", via="ap"), "via"),
        (lambda: Attribution(claim="c", source="s", stated="2023-01-02"), "stated"),
        (lambda: Attribution(claim="", source="s"), "claim"),
        (lambda: Attribution(claim="c", source="s", quote=""), "quote"),
        (lambda: Attribution(claim="c", source="s", evidence="p. 3"), "evidence"),
        (lambda: Evidence(document="d", start=5, end=3), "end"),
        (lambda: Evidence(document="d", start=-1, end=3), "start"),
        (lambda: Unknown(low=5, high=1), "low"),
        # Numbers beyond the float range: refused, never a plain ValueError later.
        (lambda: Claim(subject="s", predicate="p", value=HUGE), "value"),
        (lambda: Claim(subject="s", predicate="p", value=10**400), "value"),
        (
            lambda: Claim(subject="s", predicate="p", value="v", qualifiers={"n": HUGE}),
            "qualifiers.n",
        ),
        (
            lambda: Claim(subject="s", predicate="p", value="v", extensions={"n": [HUGE]}),
            "extensions.n[0]",
        ),
        (lambda: Unknown(low=HUGE), "low"),
        (lambda: Source(id="ap", name="x", kind="media", metadata={"n": HUGE}), "metadata.n"),
        (lambda: Evidence(document="d", start=0, end=HUGE), "end"),
        # Lone surrogates cannot be written as UTF-8: refused in every text field.
        (lambda: Source(id="a\ud800", name="x", kind="media"), "id"),
        (lambda: Source(id="ap", name="x\udfff", kind="media"), "name"),
        (lambda: Source(id="ap", name="x", kind="media", affiliation="\ud800"), "affiliation"),
        (lambda: Source(id="ap", name="x", kind="media", description="\ud800"), "description"),
        (lambda: Source(id="ap", name="x", kind="media", aliases=["A", "\ud800"]), "aliases[1]"),
        (lambda: Source(id="ap", name="x", kind="media", metadata={"\ud800": 1}), "metadata"),
        (lambda: Source(id="ap", name="x", kind="media", metadata={"k": "\ud800"}), "metadata.k"),
        (lambda: Claim(subject="\ud800", predicate="p", value="v"), "subject"),
        (lambda: Claim(subject="s", predicate="\ud800", value="v"), "predicate"),
        (lambda: Claim(subject="s", predicate="p", value="\ud800"), "value"),
        (
            lambda: Claim(subject="s", predicate="p", value=Quantity(low=1, unit="\ud800")),
            "unit",
        ),
        (
            lambda: Claim(subject="s", predicate="p", value="v", qualifiers={"\ud800": "x"}),
            "qualifiers",
        ),
        (
            lambda: Claim(subject="s", predicate="p", value="v", qualifiers={"k": "\ud800"}),
            "qualifiers.k",
        ),
        (
            lambda: Claim(subject="s", predicate="p", value="v", extensions={"k": "\ud800"}),
            "extensions.k",
        ),
        (
            lambda: Claim(subject="s", predicate="p", value="v", extensions={"\ud800": 1}),
            "extensions",
        ),
        (lambda: Attribution(claim="c\ud800", source="s"), "claim"),
        (lambda: Attribution(claim="c", source="s", via=["\ud800"]), "via[0]"),
        (lambda: Attribution(claim="c", source="s", quote="\ud800"), "quote"),
        (lambda: Attribution(claim="c", source="s", channel="\ud800"), "channel"),
        (lambda: Attribution(claim="c", source="s", rank_reason="\ud800"), "rank_reason"),
        (lambda: Evidence(document="\ud800", start=0, end=1), "document"),
    ],
)
def test_bad_fields_raise_validation_error_naming_them(build: object, path: str) -> None:
    """Every invalid field raises ValidationError (never TypeError) with its path."""
    with pytest.raises(ValidationError) as caught:
        build()  # type: ignore[operator]
    assert caught.value.path == path


def test_reprs_are_readable() -> None:
    """Reprs show the fields that are set, enums by their value."""
    source = Source(id="ru-mod", name="Russian Ministry of Defence", kind="government")
    assert repr(source) == (
        "Source(id='ru-mod', name='Russian Ministry of Defence', kind='government')"
    )
    attribution = Attribution(claim="c1", source="ru-mod", via=["ap"], stance="denies")
    assert repr(attribution) == (
        "Attribution(claim='c1', source='ru-mod', via=('ap',), stance='denies')"
    )
    assert repr(Unknown()) == "Unknown()"
    assert "Quantity(low=63, best=63, high=63)" in repr(KILLED)


@given(sources())
def test_records_are_hashable_values(source: Source) -> None:
    """Records are frozen, hashable and equal by value."""
    copy = attrs.evolve(source)
    assert copy == source
    assert hash(copy) == hash(source)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        source.name = "other"  # type: ignore[misc]


def test_aliases_are_sorted_and_unique() -> None:
    """Aliases are kept sorted and without repeats, so their order does not matter."""
    a = Source(id="ap", name="AP", kind="media", aliases=["b", "a", "b"])
    b = Source(id="ap", name="AP", kind="media", aliases=("a", "b"))
    assert a == b
    assert a.aliases == ("a", "b")


@given(partial_dates())
def test_attribution_id_depends_on_content(date: PartialDate) -> None:
    """Attribution ids are stable for equal attributions and change with content."""
    a = Attribution(claim=KILLED, source="ru-mod", stated=date)
    b = Attribution(claim=KILLED, source="ru-mod", stated=date)
    assert a.id == b.id
    assert attrs.evolve(a, stance="denies").id != a.id


def test_a_lone_surrogate_is_named_in_the_message() -> None:
    """The message says what is wrong with the text, in words."""
    with pytest.raises(ValidationError, match="surrogate") as caught:
        Claim(subject="s\ud800", predicate="p", value="v")
    assert caught.value.path == "subject"
    assert isinstance(caught.value, ValueError)


def test_paired_surrogates_and_astral_text_are_fine() -> None:
    """Characters outside the Basic Multilingual Plane are ordinary text."""
    claim = Claim(subject="\U0001f600 strike", predicate="p", value="\U00010348")
    assert len(claim.id) == 32


def test_extensions_are_not_part_of_the_id() -> None:
    """As the docstring says: extensions change neither the id nor equality."""
    plain = Claim(subject="s", predicate="p", value=1)
    extended = Claim(subject="s", predicate="p", value=1, extensions={"tool": {"x": 1}})
    assert plain.id == extended.id
    assert plain == extended


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (object(), "got a value of type object"),
        (Quantity, "got a value of type type"),
        (10**5000, "got a number of about 5,001 digits"),
    ],
    ids=["object", "class", "huge"],
)
def test_bad_values_are_described_grammatically(value: object, words: str) -> None:
    """Messages never say "got a int" or "got a object", nor print a huge number."""
    with pytest.raises(ValidationError) as caught:
        Source(id="ap", name=value, kind="media")  # type: ignore[arg-type]
    assert caught.value.message == f"expected a string, {words}"
