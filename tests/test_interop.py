"""W3C PROV and Wikidata: round trips, real documents, and documents of others."""

from __future__ import annotations

import json
from pathlib import Path

import prov
import prov.model as pm
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimkit import (
    Attribution,
    Claim,
    ClaimSet,
    Limits,
    PartialDate,
    Quantity,
    Rank,
    Source,
    Status,
    Unknown,
    ValidationError,
    reconcile,
)
from claimkit.interop.prov import (
    CLAIMKIT_NAMESPACE,
    dump_prov,
    dumps_prov,
    from_prov,
    load_prov,
    loads_prov,
    to_prov,
)
from claimkit.interop.wikidata import WIKIDATA, from_entities, load_entities
from claimkit.testing import claimsets

PROV_TESTS = Path(prov.__file__).parent / "tests"
WIKIDATA_FILES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "wikidata"


# -- PROV -----------------------------------------------------------------------------


@pytest.mark.parametrize("format", ["json", "provn", "rdf"])
@given(claims=claimsets(coherent=False))
@settings(max_examples=20)
def test_prov_round_trip(format: str, claims: ClaimSet) -> None:
    """Every claim set survives PROV-JSON, PROV-N and PROV-O."""
    assert loads_prov(dumps_prov(claims, format), format) == claims  # type: ignore[arg-type]


@pytest.mark.parametrize("format", ["json", "provn", "rdf"])
def test_prov_carries_extensions(format: str) -> None:
    """Other tools' fields on sources, claims and attributions survive PROV."""
    source = Source(id="ap", name="AP", kind="media", extensions={"desk": "Kyiv"})
    claim = Claim(subject="s", predicate="p", value=1, extensions={"reviewed": [True, 2]})
    attribution = Attribution(claim=claim, source=source, extensions={"page": {"n": 3}})
    claims = ClaimSet(sources=[source], claims=[claim], attributions=[attribution])
    again = loads_prov(dumps_prov(claims, format), format)  # type: ignore[arg-type]
    assert again == claims
    assert dict(again.sources["ap"].extensions) == {"desk": "Kyiv"}
    assert dict(again.claims[claim.id].extensions) == {"reviewed": (True, 2)}
    assert dict(again.attributions[0].extensions) == {"page": {"n": 3}}


def test_prov_files_round_trip(tmp_path: Path, makiivka: ClaimSet) -> None:
    """Files follow their suffix and are written atomically."""
    for name in ("claims.json", "claims.provn", "claims.ttl"):
        dump_prov(makiivka, tmp_path / name)
        assert load_prov(tmp_path / name) == makiivka
    with pytest.raises(ValidationError, match="cannot tell the PROV format"):
        dump_prov(makiivka, tmp_path / "claims.txt")


def test_the_relay_chain_is_told_in_prov_terms(makiivka: ClaimSet) -> None:
    """Relays become reports quoted from the claim, with the claim as primary
    source, so PROV-only tools see who relayed whom."""
    document = to_prov(makiivka)
    records = document.get_records()
    quotations = [
        r
        for r in records
        if isinstance(r, pm.ProvDerivation) and pm.PROV["Quotation"] in r.get_asserted_types()
    ]
    primary = [
        r
        for r in records
        if isinstance(r, pm.ProvDerivation) and pm.PROV["PrimarySource"] in r.get_asserted_types()
    ]
    relayed = [a for a in makiivka.attributions if a.via]
    assert len(quotations) == sum(len(a.via) for a in relayed)
    assert len(primary) == len(relayed)
    attributed = [r for r in records if isinstance(r, pm.ProvAttribution)]
    assert len(attributed) == len(makiivka.attributions) + sum(len(a.via) for a in relayed)


def test_a_document_of_another_tool_is_read_as_far_as_it_goes() -> None:
    """Attributes of an entity attributed to an agent become that agent's claims."""
    document = pm.ProvDocument()
    ex = document.add_namespace("ex", "http://example.org/")
    document.agent(
        ex["ministry"], {pm.PROV_TYPE: pm.PROV["Organization"], pm.PROV_LABEL: "The ministry"}
    )
    document.entity(
        ex["report-17"],
        {
            ex["casualties"]: 63,
            ex["published"]: pm.Literal("2023-01-02", pm.XSD_DATE),
            ex["confirmed"]: True,
            pm.PROV_LABEL: "Report 17",
        },
    )
    document.wasAttributedTo(ex["report-17"], ex["ministry"])
    claims = from_prov(document)
    ministry = claims.sources["ex:ministry"]
    assert (ministry.name, ministry.kind.value) == ("The ministry", "organization")
    values = {c.predicate: c.value for c in claims.claims.values()}
    assert values["ex:casualties"] == Quantity.exact(63)
    assert values["ex:published"] == PartialDate(2023, 1, 2)
    assert values["ex:confirmed"] is True
    assert values["prov:label"] == "Report 17"


def test_a_document_without_claims_is_refused_saying_what_is_missing() -> None:
    """Refusal names what claimkit needs and what the document has."""
    document = pm.ProvDocument()
    ex = document.add_namespace("ex", "http://example.org/")
    document.entity(ex["e1"])
    with pytest.raises(ValidationError, match=r"nothing to import.*1 entities, 0 agents"):
        from_prov(document)


def test_malformed_claimkit_attributes_name_the_record(makiivka: ClaimSet) -> None:
    """A broken ck: attribute is reported with its record and attribute."""
    text = dumps_prov(makiivka)
    document = json.loads(text)
    claim_id = next(iter(document["entity"]))
    document["entity"][claim_id]["ck:value"] = '{"type": "quantity", "low": "many"}'
    with pytest.raises(ValidationError) as caught:
        loads_prov(json.dumps(document))
    assert [p.path for p in caught.value.errors] == [f"entity {claim_id}.value.low"]


#: How each of the prov package's test files is read, by suffix: every file of its
#: test folders is walked (PROV-XML, which claimkit does not read, is refused
#: for its suffix).
_PROV_SUFFIXES = {".json": "json", ".provn": "provn", ".ttl": "rdf", ".rdf": "rdf", ".xml": None}


def _prov_test_documents() -> list[Path]:
    return sorted(
        path for path in PROV_TESTS.rglob("*") if path.is_file() and path.suffix in _PROV_SUFFIXES
    )


@pytest.mark.skipif(not PROV_TESTS.is_dir(), reason="this prov wheel has no test documents")
def test_every_prov_test_document_is_read_or_refused(recwarn: pytest.WarningsRecorder) -> None:
    """The prov package's own test documents (its ~400 PROV-JSON documents, the same
    as PROV-N and PROV-O, the PROV-N conformance corpus, and malformed/; read from
    the installed wheel, never copied here) are each imported or refused with a
    ValidationError: never a crash, never another exception, and no warnings."""
    documents = _prov_test_documents()
    json_documents = [p for p in documents if p.parent == PROV_TESTS / "json"]
    malformed = [p for p in documents if p.parent == PROV_TESTS / "malformed"]
    assert len(json_documents) > 300
    assert len(malformed) > 10
    imported: list[str] = []
    refused: dict[str, str] = {}
    for path in documents:
        name = str(path.relative_to(PROV_TESTS))
        try:
            if _PROV_SUFFIXES[path.suffix] is None:
                load_prov(path)  # refused: no PROV-XML reader
            else:
                load_prov(path, _PROV_SUFFIXES[path.suffix])  # type: ignore[arg-type]
            imported.append(name)
        except ValidationError as error:
            refused[name] = str(error)
    assert all(refused.values())
    assert len(imported) + len(refused) == len(documents)
    assert not recwarn.list
    # Every malformed document is refused; the documents that carry claims (an
    # entity with attributes, attributed to an agent) are read.
    assert all(str(p.relative_to(PROV_TESTS)) in refused for p in malformed)
    assert "provn/spec/prov-dm/prov-dm-example-07.provn" in imported
    assert "nothing to import" in refused["json/attribution1.json"]


def test_a_foreign_document_from_the_prov_corpus(recwarn: pytest.WarningsRecorder) -> None:
    """An example of the PROV-DM Recommendation reads as claims of its agents."""
    path = PROV_TESTS / "provn" / "spec" / "prov-dm" / "prov-dm-example-07.provn"
    if not path.is_file():
        pytest.skip("this prov wheel has no PROV-N corpus")
    claims = load_prov(path, "provn")
    assert claims.claims
    assert all(a.source in claims.sources for a in claims.attributions)
    assert not recwarn.list


def test_foreign_nan_and_infinity_are_refused() -> None:
    """A NaN or infinity in another tool's document is refused, naming where."""
    text = (
        "document\nprefix ex <http://example.org/>\nagent(ex:a)\n"
        'entity(ex:e, [ex:n="{}" %% xsd:double])\nwasAttributedTo(ex:e, ex:a)\nendDocument'
    )
    for constant in ("NaN", "INF", "-INF"):
        with pytest.raises(ValidationError, match="not a number claimkit accepts") as caught:
            loads_prov(text.format(constant), "provn")
        assert caught.value.errors[0].path == "entity ex:e.ex:n"
    assert loads_prov(text.format("2.5"), "provn").claims


def test_prov_o_has_the_plain_triples_too(makiivka: ClaimSet) -> None:
    """PROV-O carries prov:wasAttributedTo, prov:wasQuotedFrom and
    prov:hadPrimarySource triples beside the qualified nodes, so that a query of
    the starting-point properties finds who said what and who relayed it; they
    change nothing when read back."""
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=dumps_prov(makiivka, "rdf"), format="turtle")
    prov_ns = rdflib.Namespace("http://www.w3.org/ns/prov#")
    ck = rdflib.Namespace(CLAIMKIT_NAMESPACE)
    said = {
        (str(claim).rsplit("/", 1)[1], str(source).rsplit("/", 1)[1])
        for claim, _, source in graph.triples((None, prov_ns.wasAttributedTo, None))
        if (claim, rdflib.RDF.type, ck.Claim) in graph
    }
    assert said == {(a.claim, a.source) for a in makiivka.attributions}
    relays = sum(len(a.via) for a in makiivka.attributions)
    assert len(list(graph.triples((None, prov_ns.wasQuotedFrom, None)))) == relays
    relayed = sum(1 for a in makiivka.attributions if a.via)
    assert len(list(graph.triples((None, prov_ns.hadPrimarySource, None)))) == relayed
    assert loads_prov(graph.serialize(format="turtle"), "rdf") == makiivka


def test_prov_limits(makiivka: ClaimSet) -> None:
    """Size, record count and string length are bounded in every PROV format."""
    for form in ("json", "provn", "rdf"):
        text = dumps_prov(makiivka, form)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="more than the limit"):
            loads_prov(text, form, limits=Limits(max_bytes=1000))  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="PROV records, more than the limit of 10"):
            loads_prov(text, form, limits=Limits(max_records=10))  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="longer than the limit of 40"):
            loads_prov(text, form, limits=Limits(max_string_length=40))  # type: ignore[arg-type]


def test_prov_refuses_bad_text() -> None:
    """Text that is not PROV is a ValidationError in every format."""
    for text, form in [
        ("{", "json"),
        ("[]", "json"),
        ("document\nentity(", "provn"),
        ("@prefix :", "rdf"),
    ]:
        with pytest.raises(ValidationError):
            loads_prov(text, form)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        loads_prov("{}", "xml")  # type: ignore[arg-type]
    assert CLAIMKIT_NAMESPACE.startswith("https://")


# -- Wikidata -------------------------------------------------------------------------


def _snak(prop: str, kind: str, value: object) -> dict[str, object]:
    return {"snaktype": "value", "property": prop, "datavalue": {"type": kind, "value": value}}


def _time(year: int, precision: int = 9) -> dict[str, object]:
    return {"time": f"+{year:04d}-12-31T00:00:00Z", "precision": precision}


def _population(
    amount: int, year: int, *, rank: str = "normal", refs: list[dict[str, object]] | None = None
) -> dict[str, object]:
    statement: dict[str, object] = {
        "mainsnak": _snak("P1082", "quantity", {"amount": f"+{amount}", "unit": "1"}),
        "qualifiers": {"P585": [_snak("P585", "time", _time(year))]},
        "rank": rank,
        "id": f"Q9$pop-{amount}-{year}",
    }
    if refs is not None:
        statement["references"] = refs
    return statement


def _reference(
    item: str | None = None, url: str | None = None, retrieved: int | None = None
) -> dict[str, object]:
    snaks: dict[str, list[object]] = {}
    if item:
        snaks["P248"] = [_snak("P248", "wikibase-entityid", {"entity-type": "item", "id": item})]
    if url:
        snaks["P854"] = [_snak("P854", "string", url)]
    if retrieved:
        snaks["P813"] = [_snak("P813", "time", _time(retrieved, 11))]
    return {"snaks": snaks}


def test_populations_with_points_in_time() -> None:
    """Figures for different years are different questions; references are sources."""
    entity = {
        "id": "Q9",
        "labels": {"en": {"language": "en", "value": "Town"}},
        "claims": {
            "P1082": [
                _population(1200, 2010, refs=[_reference(item="Q42", retrieved=2011)]),
                _population(1210, 2010, refs=[_reference(url="https://stats.example/town")]),
                _population(1300, 2020),
            ]
        },
    }
    claims = from_entities(
        entity, labels={"P1082": "population", "P585": "point in time", "Q42": "Census"}
    )
    assert claims.sources["Q42"].name == "Census"
    assert claims.sources["https://stats.example/town"].name == "stats.example"
    assert "wikidata" in claims.sources
    census = next(a for a in claims.attributions if a.source == "Q42")
    assert census.retrieved == PartialDate(2011, 12, 31)
    result = reconcile(claims, key_qualifiers=["point in time (P585)"])
    by_year = {f.qualifiers["point in time (P585)"].year: f for f in result.findings}
    assert by_year[2010].estimate == Quantity(low=1200, high=1210)
    assert by_year[2010].status is Status.CONTESTED
    assert by_year[2020].estimate == Quantity.exact(1300)
    assert by_year[2010].subject == "Town (Q9)"


def test_deprecated_statements_are_recorded_and_set_aside() -> None:
    """A deprecated statement keeps its reason and does not count unless asked."""
    deprecated = _population(9999, 2010, rank="deprecated")
    deprecated["qualifiers"]["P2241"] = [  # type: ignore[index]
        _snak("P2241", "wikibase-entityid", {"entity-type": "item", "id": "Q25895909"})
    ]
    entity = {"id": "Q9", "claims": {"P1082": [_population(1200, 2010), deprecated]}}
    claims = from_entities(entity)
    ranked = [a for a in claims.attributions if a.rank is Rank.DEPRECATED]
    assert [a.rank_reason for a in ranked] == ["Q25895909"]
    finding = reconcile(claims, key_qualifiers=["P585"]).findings[0]
    assert finding.estimate == Quantity.exact(1200)
    assert finding.status is Status.SINGLE_SOURCE
    assert "deprecated: Q25895909" in finding.explain()
    counted = reconcile(claims, key_qualifiers=["P585"], include_deprecated=True).findings[0]
    assert counted.status is Status.CONTESTED


def test_some_value_and_no_value() -> None:
    """*Some value* is an unknown; *no value* is a negated unknown, which opposes any
    value given."""
    entity = {
        "id": "Q9",
        "claims": {
            "P40": [
                {"mainsnak": {"snaktype": "novalue", "property": "P40"}, "rank": "normal"},
                {
                    "mainsnak": _snak("P40", "wikibase-entityid", {"id": "Q5"}),
                    "rank": "normal",
                    "references": [_reference(item="Q77")],
                },
            ],
            "P19": [{"mainsnak": {"snaktype": "somevalue", "property": "P19"}, "rank": "normal"}],
        },
    }
    claims = from_entities(entity)
    values = {(c.predicate, c.negated): c.value for c in claims.claims.values()}
    assert values[("P40", True)] == Unknown()
    assert values[("P19", False)] == Unknown()
    result = reconcile(claims)
    assert result.finding("Q9", "P40").status is Status.CONTESTED
    assert result.finding("Q9", "P19").status is Status.UNKNOWN


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ({"time": "+2023-01-02T00:00:00Z", "precision": 11}, "time", PartialDate(2023, 1, 2)),
        ({"time": "+2023-01-00T00:00:00Z", "precision": 10}, "time", PartialDate(2023, 1)),
        (
            {"time": "+1990-00-00T00:00:00Z", "precision": 8},
            "time",
            "+1990-00-00T00:00:00Z (decade)",
        ),
        (
            {"time": "-13798000000-00-00T00:00:00Z", "precision": 3},
            "time",
            "-13798000000-00-00T00:00:00Z (million years)",
        ),
        (
            {
                "amount": "+1.5",
                "lowerBound": "+1.4",
                "upperBound": "+1.6",
                "unit": "http://www.wikidata.org/entity/Q11573",
            },
            "quantity",
            Quantity(low=1.4, best=1.5, high=1.6, unit="Q11573"),
        ),
        ({"latitude": 52.0, "longitude": 8.5, "precision": 0.01}, "globecoordinate", "52.0, 8.5"),
        ("https://example.org", "string", "https://example.org"),
        ({"entity-type": "item", "numeric-id": 64}, "wikibase-entityid", "Q64"),
    ],
)
def test_value_types(value: object, kind: str, expected: object) -> None:
    """Each Wikibase value type maps to its claimkit value."""
    claims = from_entities(
        {"id": "Q9", "claims": {"P1": [{"mainsnak": _snak("P1", kind, value), "rank": "normal"}]}}
    )
    (claim,) = claims.claims.values()
    assert claim.value == expected


@pytest.mark.parametrize(
    ("entity", "path"),
    [
        ({"claims": {}}, "id"),
        ({"id": "Q9", "claims": [1]}, "claims"),
        ({"id": "Q9", "claims": {"P1": [{"rank": "normal"}]}}, "claims.P1[0].mainsnak"),
        (
            {
                "id": "Q9",
                "claims": {
                    "P1": [
                        {"mainsnak": _snak("P1", "quantity", {"amount": "lots"}), "rank": "normal"}
                    ]
                },
            },
            "claims.P1[0].mainsnak.datavalue.value.amount",
        ),
        (
            {
                "id": "Q9",
                "claims": {
                    "P1": [
                        {
                            "mainsnak": _snak(
                                "P1", "time", {"time": "+2023-02-30T00:00:00Z", "precision": 11}
                            ),
                            "rank": "normal",
                        }
                    ]
                },
            },
            "claims.P1[0].mainsnak.datavalue.value.time",
        ),
        (
            {
                "id": "Q9",
                "claims": {"P1": [{"mainsnak": _snak("P1", "string", "x"), "rank": "best"}]},
            },
            "claims.P1[0].rank",
        ),
        ({"entities": {"Q9": []}}, "entities.Q9"),
    ],
)
def test_malformed_entities_name_the_field(entity: object, path: str) -> None:
    """Broken entity JSON is a ValidationError naming the bad field."""
    with pytest.raises(ValidationError) as caught:
        from_entities(entity)
    assert path in [p.path for p in caught.value.errors]


@pytest.mark.skipif(
    not WIKIDATA_FILES.is_dir(), reason="the Wikidata test files are not on this machine"
)
def test_real_entities() -> None:
    """Real entity documents load; Bielefeld's populations reconcile per year."""
    for path in sorted(WIKIDATA_FILES.glob("*.json")):
        assert isinstance(load_entities(path), ClaimSet)
    bielefeld = load_entities(
        WIKIDATA_FILES / "Q2112.json", labels={"P1082": "population", "P585": "point in time"}
    )
    result = reconcile(bielefeld, key_qualifiers=["point in time (P585)"])
    populations = [f for f in result.findings if f.predicate == "population (P1082)"]
    assert len(populations) == 17
    assert all(f.status is Status.SINGLE_SOURCE for f in populations)
    by_day = {str(f.qualifiers["point in time (P585)"]): f.estimate for f in populations}
    assert by_day["2013-12-31"] == Quantity.exact(328864)
    deprecated = [a for a in bielefeld.attributions if a.rank is Rank.DEPRECATED]
    assert len(deprecated) == 2


@given(
    st.lists(
        st.tuples(
            st.integers(1, 10**7),
            st.integers(1900, 2030),
            st.sampled_from(["Q1", "Q2", "Q3", None]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_generated_entities_reconcile_per_year(figures: list[tuple[int, int, str | None]]) -> None:
    """For generated population statements, each year's range is its figures' range,
    and a year with one source's figure is single-sourced."""
    statements = [
        _population(amount, year, refs=[_reference(item=item)] if item else None)
        for amount, year, item in figures
    ]
    # Statement ids must be unique: number them.
    for number, statement in enumerate(statements):
        statement["id"] = f"Q9${number}"
    claims = from_entities({"id": "Q9", "claims": {"P1082": statements}})
    result = reconcile(claims, key_qualifiers=["P585"])
    expected: dict[int, set[int]] = {}
    for amount, year, _ in figures:
        expected.setdefault(year, set()).add(amount)
    assert {f.qualifiers["P585"].year for f in result.findings} == set(expected)
    for finding in result.findings:
        amounts = expected[finding.qualifiers["P585"].year]
        assert finding.estimate.low == min(amounts)
        assert finding.estimate.high == max(amounts)


def test_empty_maps_written_as_lists_are_read() -> None:
    """Wikibase (PHP) writes an empty object as ``[]``: no statements, qualifiers or
    reference snaks, not an error."""
    assert len(from_entities({"id": "Q9", "labels": [], "claims": []}).claims) == 0
    statement = _population(5, 2020, refs=[{"snaks": []}])
    statement["qualifiers"] = []
    (claim,) = from_entities({"id": "Q9", "claims": {"P1082": [statement]}}).claims.values()
    assert claim.value == Quantity.exact(5)
    assert not claim.qualifiers


def test_statements_without_references_are_wikidatas() -> None:
    """Unreferenced statements are attributed to Wikidata itself."""
    claims = from_entities({"id": "Q9", "claims": {"P1082": [_population(5, 2020)]}})
    (attribution,) = claims.attributions
    assert attribution.source == WIKIDATA.id
    assert attribution.channel == "https://www.wikidata.org/wiki/Q9#Q9$pop-5-2020"
    sources = ClaimSet(sources=[WIKIDATA, Source(id="x", name="x", kind="media")])
    assert isinstance(sources, ClaimSet)
    assert Attribution(claim=Claim(subject="s", predicate="p", value=1), source="x")


def test_an_entity_or_statement_given_twice_differently_is_refused() -> None:
    """The same entity or statement id with different content is refused; given
    twice alike, it is read once."""
    first = {"id": "Q9", "claims": {"P1082": [_population(5, 2020)]}}
    second = {"id": "Q9", "claims": {"P1082": [_population(6, 2020)]}}
    assert from_entities([first, first]) == from_entities(first)
    with pytest.raises(ValidationError, match="already given, with different content") as caught:
        from_entities([first, second])
    assert caught.value.path == "[1].id"
    clash = _population(6, 2020)
    clash["id"] = "Q9$pop-5-2020"
    with pytest.raises(ValidationError, match="statement 'Q9\\$pop-5-2020' is already") as caught:
        from_entities({"id": "Q9", "claims": {"P1082": [_population(5, 2020), clash]}})
    assert caught.value.path == "claims.P1082[1].id"


def test_wikidata_limits(tmp_path: Path) -> None:
    """Size and the number of statements are bounded."""
    entity = {"id": "Q9", "claims": {"P1082": [_population(n, 2000 + n) for n in range(5)]}}
    with pytest.raises(ValidationError, match="more statements than the limit of 3"):
        from_entities(entity, limits=Limits(max_records=3))
    path = tmp_path / "Q9.json"
    path.write_text(json.dumps(entity))
    with pytest.raises(ValidationError, match="more than the limit of 100"):
        load_entities(path, limits=Limits(max_bytes=100))
    with pytest.raises(ValidationError, match="longer than the limit of 5"):
        from_entities(json.dumps(entity), limits=Limits(max_string_length=5))
    assert len(load_entities(path).claims) == 5
