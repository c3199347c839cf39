"""JSON and JSON Lines: round trips, strictness, error paths, atomic writes."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimkit import (
    FORMAT_VERSION,
    Attribution,
    Claim,
    ClaimSet,
    Evidence,
    PartialDate,
    Quantity,
    Source,
    Unknown,
    ValidationError,
    Value,
    dump,
    dumps,
    iter_jsonl,
    load,
    loads,
    make_converter,
    write_jsonl,
)
from claimkit.testing import (
    attributions,
    claims,
    claimsets,
    evidence,
    partial_dates,
    quantities,
    sources,
    unknowns,
    values,
)

CONVERTER = make_converter()


@given(claimsets(coherent=False))
def test_documents_round_trip(claimset: ClaimSet) -> None:
    """``loads(dumps(x)) == x`` for every claim set, compact or indented."""
    assert loads(dumps(claimset)) == claimset
    assert loads(dumps(claimset, indent=None)) == claimset


@given(claimsets())
def test_documents_are_deterministic(claimset: ClaimSet) -> None:
    """Equal claim sets serialise to identical text, whatever their build order."""
    rebuilt = ClaimSet.from_records(reversed(list(claimset.records())))
    assert dumps(rebuilt) == dumps(claimset)


@given(claimsets(coherent=False))
def test_json_lines_round_trip(claimset: ClaimSet) -> None:
    """Writing JSON Lines and reading them back gives the same records."""
    out = io.StringIO()
    write_jsonl(claimset, out)
    lines = out.getvalue().splitlines(keepends=True)
    assert ClaimSet.from_records(iter_jsonl(lines)) == claimset
    assert len(lines) == 1 + len(claimset.sources) + len(claimset.claims) + len(
        claimset.attributions
    )


@given(values())
def test_values_round_trip(value: Value) -> None:
    """Every claim value survives the converter."""
    assert CONVERTER.structure(CONVERTER.unstructure(value, Value), Value) == value


@given(quantities())
def test_quantities_round_trip(value: Quantity) -> None:
    """Quantities survive the converter as records of their own."""
    assert CONVERTER.structure(CONVERTER.unstructure(value), Quantity) == value


@given(unknowns())
def test_unknowns_round_trip(value: Unknown) -> None:
    """Unknowns survive the converter."""
    assert CONVERTER.structure(CONVERTER.unstructure(value), Unknown) == value


@given(partial_dates())
def test_dates_round_trip(value: PartialDate) -> None:
    """Partial dates are written as ISO text and read back."""
    assert CONVERTER.structure(CONVERTER.unstructure(value), PartialDate) == value


@given(sources())
def test_sources_round_trip(value: Source) -> None:
    """Sources survive the converter."""
    assert CONVERTER.structure(CONVERTER.unstructure(value), Source) == value


@given(claims())
def test_claims_round_trip(value: Claim) -> None:
    """Claims survive the converter, id included."""
    raw = CONVERTER.unstructure(value)
    assert raw["id"] == value.id
    assert CONVERTER.structure(raw, Claim) == value


@given(attributions(claim_ids=["c1", "c2"], source_ids=["ap", "ru-mod", "bezsonov"]))
def test_attributions_round_trip(value: Attribution) -> None:
    """Attributions survive the converter."""
    assert CONVERTER.structure(CONVERTER.unstructure(value), Attribution) == value


@given(evidence())
def test_evidence_round_trips(value: Evidence) -> None:
    """Evidence spans survive the converter."""
    assert CONVERTER.structure(CONVERTER.unstructure(value), Evidence) == value


def _document(makiivka: ClaimSet) -> dict[str, Any]:
    return json.loads(dumps(makiivka))  # type: ignore[no-any-return]


def _break(document: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    broken = copy.deepcopy(document)
    target = broken
    for step in path[:-1]:
        target = target[step]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return broken


_DELETE = object()

BROKEN = [
    (["sources", 0, "name"], None, "sources[0].name", "expected a string, got None"),
    (["sources", 0, "kind"], "newspaper", "sources[0].kind", "expected one of"),
    (["sources", 0, "zzz"], 1, "sources[0]", "unknown field 'zzz'"),
    (["sources", 0, "id"], _DELETE, "sources[0].id", "required field is missing"),
    (["sources", 0, "aliases"], "AP", "sources[0].aliases", "expected a list of strings"),
    (["sources", 0, "aliases"], ["AP", 3], "sources[0].aliases[1]", "expected a string, got 3"),
    (
        ["claims", 3, "value"],
        {"type": "quantity", "low": "abc"},
        "claims[3].value.low",
        "expected a number, got 'abc'",
    ),
    (
        ["claims", 3, "value"],
        {"type": "quantity", "low": True},
        "claims[3].value.low",
        "expected a number, got True",
    ),
    (
        ["claims", 3, "value"],
        {"type": "quantity", "low": 5, "high": 1},
        "claims[3].value.low",
        "is above high",
    ),
    (["claims", 3, "value"], {"type": "quantity"}, "claims[3].value", "needs at least one"),
    (
        ["claims", 3, "value"],
        {"type": "money", "amount": 3},
        "claims[3].value.type",
        "expected one of 'quantity'",
    ),
    (["claims", 3, "value"], {"low": 3}, "claims[3].value.type", "missing"),
    (
        ["claims", 3, "value"],
        {"type": "date", "value": "Monday"},
        "claims[3].value.value",
        "ISO 8601",
    ),
    (
        ["claims", 3, "value"],
        {"type": "date", "value": "2023-02-30"},
        "claims[3].value.value.day",
        "no day 30",
    ),
    (["claims", 3, "value"], 63, "claims[3].value", "expected text, true, false, or an object"),
    (["claims", 3, "value"], "", "claims[3].value", "must not be empty"),
    (["claims", 3, "value"], None, "claims[3].value", "got None"),
    (["claims", 3, "negated"], "false", "claims[3].negated", "expected true or false"),
    (
        ["claims", 3, "qualifiers"],
        {"point in time": []},
        'claims[3].qualifiers["point in time"]',
        "got a list",
    ),
    (["claims", 3, "id"], "0" * 32, "claims[3].id", "the claim's content gives"),
    (["claims", 3, "subject"], "edited", "claims[3].id", "edited after its id was computed"),
    (["claims", 3, "id"], _DELETE, "claims[3].id", "required field is missing"),
    (["attributions", 2, "stated"], "2023-1-2", "attributions[2].stated", "ISO 8601"),
    (["attributions", 2, "stance"], "deny", "attributions[2].stance", "'denies'"),
    (["attributions", 2, "via"], ["zz", "zz"], "attributions[2].via[1]", "repeats"),
    (["attributions", 2, "source"], "nobody", "attributions[2].source", "not in the set"),
    (
        ["attributions", 2, "evidence"],
        {"document": "d", "start": 9, "end": 3},
        "attributions[2].evidence.end",
        "before it starts",
    ),
    (
        ["attributions", 2, "evidence"],
        {"document": "d", "start": 1.5, "end": 3},
        "attributions[2].evidence.start",
        "whole number",
    ),
    (["attributions", 2], [], "attributions[2]", "expected an object, got a list"),
    (["claims", 3, "qualifiers"], [], "claims[3].qualifiers", "expected an object, got a list"),
    (["claims", 3, "qualifiers"], None, "claims[3].qualifiers", "expected an object, got None"),
    (["sources", 0, "metadata"], [], "sources[0].metadata", "expected an object, got a list"),
    (["sources", 0, "metadata"], 5, "sources[0].metadata", "expected an object, got 5"),
    (["claims", 3, "subject"], "\ud800", "claims[3].subject", "lone surrogate"),
    (["claims", 3, "value"], "\udfff x", "claims[3].value", "lone surrogate"),
    (["sources", 0, "id"], "a\ud800", "sources[0].id", "lone surrogate"),
    (["sources", 0, "metadata"], {"k": "\ud800"}, "sources[0].metadata.k", "lone surrogate"),
    (["attributions", 2, "quote"], "\ud800", "attributions[2].quote", "lone surrogate"),
    (["extensions"], {"k": ["\ud800"]}, "extensions.k[0]", "lone surrogate"),
    (
        ["claims", 3, "value"],
        {"type": "quantity", "low": 10**400},
        "claims[3].value.low",
        "largest float",
    ),
    (
        ["sources", 0, "metadata"],
        {"followers": 10**400},
        "sources[0].metadata.followers",
        "largest float",
    ),
    (["attributions"], {}, "attributions", "expected a list"),
    (["claimkit"], "2.0", "claimkit", "newer"),
    (["claimkit"], 1, "claimkit", "format version"),
    (["claimkit"], _DELETE, "claimkit", "not a claimkit document"),
    (["extra"], [], "extra", "unknown field"),
]


@pytest.mark.parametrize(("where", "value", "path", "message"), BROKEN)
def test_broken_documents_name_the_bad_field(
    makiivka: ClaimSet, where: list[Any], value: Any, path: str, message: str
) -> None:
    """Each kind of damage raises ValidationError naming its path."""
    text = json.dumps(_break(_document(makiivka), where, value))
    with pytest.raises(ValidationError) as caught:
        loads(text)
    problems = {(p.path, p.message) for p in caught.value.errors}
    assert any(p == path and message in m for p, m in problems), problems


def test_every_problem_is_collected(makiivka: ClaimSet) -> None:
    """All problems of a document are reported, in document order."""
    document = _document(makiivka)
    document = _break(document, ["sources", 1, "kind"], "x")
    document = _break(document, ["claims", 0, "value"], {"type": "quantity", "low": "x"})
    document = _break(document, ["attributions", 5, "stance"], "x")
    with pytest.raises(ValidationError) as caught:
        loads(json.dumps(document))
    assert [p.path for p in caught.value.errors] == [
        "sources[1].kind",
        "claims[0].value.low",
        "attributions[5].stance",
    ]
    assert str(caught.value).startswith("3 problems:\n  sources[1].kind: expected one of")


def test_a_broken_claim_does_not_also_dangle(makiivka: ClaimSet) -> None:
    """An attribution naming a claim that failed to load is not reported again."""
    document = _break(_document(makiivka), ["claims", 0, "value"], None)
    with pytest.raises(ValidationError) as caught:
        loads(json.dumps(document))
    assert [p.path for p in caught.value.errors] == ["claims[0].value"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not valid JSON"),
        ("{", "not valid JSON"),
        ("null", "expected a claimkit document"),
        ("[]", "expected a claimkit document"),
        ('{"claimkit": "1.0", "sources": [{"id": NaN}]}', "NaN is not a number JSON allows"),
        ('{"claimkit": "1.0", "sources": [], "sources": []}', "appears twice"),
        ("[" * 100_000, "nested too deeply"),
        (b"\xff\xfe\x00", "not"),
        ('{"claimkit": "1.0", "claims": [{"x": 1' + "0" * 5000 + "}]}", "more than 4300 digits"),
    ],
)
def test_unreadable_text_raises_only_validation_error(text: str | bytes, message: str) -> None:
    """Malformed JSON never lets json, Unicode or recursion errors escape."""
    with pytest.raises(ValidationError, match=message):
        loads(text)


def test_loads_refuses_non_text() -> None:
    """Passing a dict to loads is a ValidationError."""
    with pytest.raises(ValidationError):
        loads({"claimkit": "1.0"})  # type: ignore[arg-type]


def test_minor_versions_are_read() -> None:
    """A newer minor version of the format is read."""
    assert loads('{"claimkit": "1.7"}') == ClaimSet()


def test_document_layout(makiivka: ClaimSet) -> None:
    """The document carries the format version, then the three lists."""
    document = _document(makiivka)
    assert list(document) == ["claimkit", "sources", "claims", "attributions"]
    assert document["claimkit"] == FORMAT_VERSION


def test_files_round_trip(tmp_path: Path, makiivka: ClaimSet) -> None:
    """dump/load and write_jsonl/load read back what was written."""
    dump(makiivka, tmp_path / "claims.json")
    assert load(tmp_path / "claims.json") == makiivka
    write_jsonl(makiivka, tmp_path / "claims.jsonl")
    assert load(tmp_path / "claims.jsonl") == makiivka
    assert ClaimSet.from_records(iter_jsonl(tmp_path / "claims.jsonl")) == makiivka
    assert (tmp_path / "claims.json").read_text(encoding="utf-8").endswith("}\n")


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, makiivka: ClaimSet) -> None:
    """If writing fails midway, the file keeps its old content and no temporary
    file is left behind."""
    target = tmp_path / "claims.jsonl"
    dump(ClaimSet(), target)
    before = target.read_bytes()

    def records():  # type: ignore[no-untyped-def]
        yield from makiivka.records()
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_jsonl(records(), target)
    assert target.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["claims.jsonl"]


def test_written_files_keep_their_permissions(tmp_path: Path) -> None:
    """Replacing a file keeps its permission bits."""
    target = tmp_path / "claims.json"
    target.write_text("{}")
    target.chmod(0o640)
    dump(ClaimSet(), target)
    assert target.stat().st_mode & 0o777 == 0o640


def test_json_lines_errors_name_the_line(tmp_path: Path, makiivka: ClaimSet) -> None:
    """A bad line is reported with its number and the path inside it."""
    out = io.StringIO()
    write_jsonl(makiivka, out)
    lines = out.getvalue().splitlines(keepends=True)
    lines[3] = '{"source": {"id": "x", "name": 5, "kind": "media"}}\n'
    lines[9] = "not json\n"
    target = tmp_path / "bad.jsonl"
    target.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load(target)
    paths = [p.path for p in caught.value.errors]
    assert paths[:2] == ["line 4: source.name", "line 10"]
    with pytest.raises(ValidationError, match=r"line 4: source\.name"):
        list(iter_jsonl(lines))


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([], "empty"),
        (['{"claimkit": "9.0"}\n'], "newer"),
        (['{"sources": []}\n'], "first line"),
        (['{"claimkit": "1.0"}\n', '{"claim": 1, "source": 2}\n'], "expected one record"),
        (
            ['{"claimkit": "1.0"}\n', '{"person": {}}\n'],
            "expected 'source', 'claim' or 'attribution'",
        ),
    ],
)
def test_bad_streams(lines: list[str], message: str) -> None:
    """Broken JSON Lines streams raise ValidationError saying what is wrong."""
    with pytest.raises(ValidationError, match=message):
        list(iter_jsonl(lines))


def test_streams_of_records_are_written_as_they_come() -> None:
    """Any iterable of records can be written, without building a claim set."""
    source = Source(id="ap", name="AP", kind="media")
    out = io.StringIO()
    write_jsonl(iter([source]), out)
    assert out.getvalue() == (
        f'{{"claimkit": "{FORMAT_VERSION}"}}\n'
        '{"source": {"id": "ap", "name": "AP", "kind": "media"}}\n'
    )
    with pytest.raises(ValidationError):
        write_jsonl([3], io.StringIO())  # type: ignore[list-item]


def test_converter_is_private() -> None:
    """claimkit never registers hooks on cattrs' global converter."""
    import cattrs

    assert cattrs.structure("3", int) == 3  # the global converter still coerces


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: load(None), "path"),  # type: ignore[arg-type]
        (lambda: load(5), "path"),  # type: ignore[arg-type]
        (lambda: dump(ClaimSet(), 5), "path"),  # type: ignore[arg-type]
        (lambda: dump(ClaimSet(), None), "path"),  # type: ignore[arg-type]
        (lambda: dump(None, "x.json"), "claimset"),  # type: ignore[arg-type]
        (lambda: dumps(None), "claimset"),  # type: ignore[arg-type]
        (lambda: dumps(ClaimSet(), indent="x"), "indent"),  # type: ignore[arg-type]
        (lambda: iter_jsonl(None), "file"),  # type: ignore[arg-type]
        (lambda: iter_jsonl(5), "file"),  # type: ignore[arg-type]
        (lambda: list(iter_jsonl(['{"claimkit": "1.0"}', 5])), "line 2"),  # type: ignore[list-item]
        (lambda: iter_jsonl([], limits=5), "limits"),  # type: ignore[arg-type]
        (lambda: loads("{}", limits=5), "limits"),  # type: ignore[arg-type]
        (lambda: write_jsonl(None, io.StringIO()), "records"),  # type: ignore[arg-type]
        (lambda: write_jsonl(5, io.StringIO()), "records"),  # type: ignore[arg-type]
        (lambda: write_jsonl(ClaimSet(), None), "file"),  # type: ignore[arg-type]
        (lambda: write_jsonl(ClaimSet(), 5), "file"),  # type: ignore[arg-type]
    ],
)
def test_bad_arguments_are_validation_errors(call: Any, path: str) -> None:
    """Arguments of the wrong type are a ValidationError naming the argument, not a
    TypeError or AttributeError from deep inside."""
    with pytest.raises(ValidationError) as caught:
        call()
    assert caught.value.path == path


def test_no_file_is_left_by_a_refused_write(tmp_path: Path) -> None:
    """Refusing the records of write_jsonl leaves no temporary file behind."""
    with pytest.raises(ValidationError):
        write_jsonl(None, tmp_path / "out.jsonl")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def _lines_with_bad_utf8(makiivka: ClaimSet) -> bytes:
    out = io.StringIO()
    write_jsonl(makiivka, out)
    lines = out.getvalue().encode().splitlines(keepends=True)
    lines[1] = lines[1].replace(b"The", b"Th\xff", 1) if b"The" in lines[1] else b'{"\xff"}\n'
    return b"".join(lines)


def test_bad_utf8_names_its_line(tmp_path: Path, makiivka: ClaimSet) -> None:
    """A byte that is not UTF-8 on line 2 is reported on line 2, whichever reader
    reads the file, and the records before it are still read."""
    target = tmp_path / "bad.jsonl"
    target.write_bytes(_lines_with_bad_utf8(makiivka))
    with pytest.raises(ValidationError, match="not UTF-8") as caught:
        list(iter_jsonl(target))
    assert caught.value.path == "line 2"
    with pytest.raises(ValidationError, match="not UTF-8") as caught:
        list(iter_jsonl(target, check=True))
    assert caught.value.path == "line 2"
    with pytest.raises(ValidationError, match="not UTF-8") as caught:
        load(target)
    assert caught.value.path == "line 2"


def test_bad_utf8_later_in_a_long_file_names_its_line(tmp_path: Path, makiivka: ClaimSet) -> None:
    """Past the reader's buffer too, the line number is that of the bad byte."""
    out = io.StringIO()
    write_jsonl(makiivka, out)
    good = out.getvalue().encode().splitlines(keepends=True)
    lines = good * 40
    bad = len(lines) - 3
    lines[bad] = b'{"source": {"id": "x\xff", "name": "X", "kind": "media"}}\n'
    target = tmp_path / "long.jsonl"
    target.write_bytes(b"".join(lines))
    with pytest.raises(ValidationError, match="not UTF-8") as caught:
        list(iter_jsonl(target, check=True))
    assert f"line {bad + 1}" in {problem.path for problem in caught.value.errors}


def test_json_lines_refuse_lone_surrogates() -> None:
    """A lone surrogate escaped in a JSON Lines record is refused, naming it."""
    line = '{"source": {"id": "ap", "name": "A\\ud800", "kind": "media"}}'
    with pytest.raises(ValidationError, match="lone surrogate") as caught:
        list(iter_jsonl(['{"claimkit": "1.0"}', line]))
    assert caught.value.path == "line 2: source.name"


@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_the_fast_extra_writes_exactly_what_json_writes(document: Any) -> None:
    """With orjson installed (the ``fast`` extra), a document it writes is exactly
    the standard library's text, or it declines and json writes it."""
    pytest.importorskip("orjson")
    from claimkit._json import fast_dumps

    expected = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)
    written = fast_dumps(document, 2)
    assert written is None or written == expected


@pytest.mark.parametrize(
    "document",
    [1e-05, -2.1060533511106927e-05, [0.00009265066237858661], {"low": 6.103515625e-05}, 1e-7],
)
def test_the_fast_extra_declines_numbers_json_spells_otherwise(document: Any) -> None:
    """Below 1e-4, orjson writes "0.00001" where json writes "1e-05" (found by the
    property above under the thorough profile): the fast path declines them."""
    pytest.importorskip("orjson")
    from claimkit._json import fast_dumps

    assert fast_dumps(document, 2) is None
    assert fast_dumps(0.0001, 2) == json.dumps(0.0001, indent=2)


@given(claimsets())
def test_documents_are_the_same_with_and_without_the_fast_extra(claims: ClaimSet) -> None:
    """dumps gives the same text whether or not orjson is there to write it."""
    pytest.importorskip("orjson")
    from claimkit import _json

    with_orjson = dumps(claims)
    saved = dict(_json._state)
    _json._state["orjson"] = None
    try:
        without = dumps(claims)
    finally:
        _json._state.clear()
        _json._state.update(saved)
    assert with_orjson == without


_EXTRA_ATTRIBUTION_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "retrieved": partial_dates(min_year=2020, max_year=2024),
        "rank": st.sampled_from(["preferred", "normal", "deprecated"]),
        "rank_reason": st.text(min_size=1).filter(str.strip),
        "quote": st.sampled_from(['he said "no"\n', "caf\u00e9 \U0001f600", "a\\b\u2028"]),
        "extensions": st.dictionaries(
            st.text(max_size=3), st.none() | st.integers() | st.floats(allow_nan=False)
        ),
    },
)


@given(
    claimsets(coherent=False),
    st.lists(_EXTRA_ATTRIBUTION_FIELDS, max_size=12),
    st.sampled_from([None, 0, 1, 2, 4]),
    st.none() | st.dictionaries(st.text(max_size=3), st.lists(st.integers(), max_size=2)),
)
def test_dumps_writes_what_json_writes_of_the_document(
    claimset: ClaimSet, extra: list[dict[str, Any]], indent: int | None, top: Any
) -> None:
    """dumps writes the attributions itself, field by field, and the document
    around them: the text is json's of the whole document, byte for byte."""
    from claimkit._serial import to_document

    changed = []
    for attribution, fields in zip(sorted(claimset.attributions, key=repr), extra, strict=False):
        try:
            changed.append(attrs.evolve(attribution, **fields))
        except ValidationError:
            changed.append(attribution)
    claimset = ClaimSet(
        sources=claimset.sources,
        claims=claimset.claims,
        attributions=[*changed, *claimset.attributions],
        extensions=top,
    )
    expected = json.dumps(to_document(claimset), ensure_ascii=False, indent=indent, allow_nan=False)
    assert dumps(claimset, indent=indent) == expected
