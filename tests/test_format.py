"""The format itself: JSON Schema, versions, extensions, limits, tables."""

from __future__ import annotations

import copy
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings

from claimkit import (
    Attribution,
    Claim,
    ClaimSet,
    Evidence,
    Limits,
    Source,
    ValidationError,
    dump,
    dumps,
    iter_jsonl,
    json_schema,
    loads,
    write_jsonl,
)
from claimkit.tabular import (
    COLUMNS,
    from_rows,
    read_csv,
    read_parquet,
    rows,
    write_csv,
    write_parquet,
)
from claimkit.testing import claimsets

VALIDATOR = jsonschema.Draft202012Validator(json_schema())


# -- JSON Schema ------------------------------------------------------------------------


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    """The schema itself is valid JSON Schema."""
    jsonschema.Draft202012Validator.check_schema(json_schema())


@given(claimsets(coherent=False))
@settings(max_examples=40)
def test_every_document_is_valid_under_the_schema(claims: ClaimSet) -> None:
    """What dumps writes, the schema accepts."""
    VALIDATOR.validate(json.loads(dumps(claims)))


# Damage a schema can see: wrong types, unknown fields, bad enumerations, missing
# fields. (Damage it cannot see, such as bounds out of order or dangling ids, only
# the reader catches.)
SHAPE_DAMAGE = [
    (["sources", 0, "name"], None),
    (["sources", 0, "kind"], "newspaper"),
    (["sources", 0, "zzz"], 1),
    (["sources", 0, "aliases"], "AP"),
    (["claims", 3, "value"], {"type": "quantity", "low": "abc"}),
    (["claims", 3, "value"], {"type": "quantity", "low": True}),
    (["claims", 3, "value"], {"type": "money"}),
    (["claims", 3, "value"], 63),
    (["claims", 3, "value"], ""),
    (["claims", 3, "value"], {"type": "date", "value": "Monday"}),
    (["claims", 3, "negated"], "false"),
    (["claims", 3, "id"], "X"),
    (["attributions", 2, "stated"], "2023-1-2"),
    (["attributions", 2, "stance"], "deny"),
    (["attributions", 2, "via"], ["zz", "zz"]),
    (["attributions", 2, "evidence"], {"document": "d", "start": 1.5, "end": 3}),
    (["attributions", 2, "rank"], "top"),
    (["attributions"], {}),
    (["claimkit"], "2.0"),
    (["claimkit"], 1),
    (["extra"], []),
]


def _damage(document: dict[str, Any], where: list[Any], value: Any) -> dict[str, Any]:
    broken = copy.deepcopy(document)
    target = broken
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = value
    return broken


@pytest.mark.parametrize(("where", "value"), SHAPE_DAMAGE)
def test_broken_documents_are_refused_by_schema_and_reader(
    makiivka: ClaimSet, where: list[Any], value: Any
) -> None:
    """A document damaged in shape is refused by the schema and by loads alike."""
    broken = _damage(json.loads(dumps(makiivka)), where, value)
    assert not VALIDATOR.is_valid(broken)
    with pytest.raises(ValidationError):
        loads(json.dumps(broken))


# -- versions and extensions ----------------------------------------------------------


def test_a_newer_major_version_is_refused_with_advice() -> None:
    """A document of format 2.x is refused, telling the reader to upgrade."""
    with pytest.raises(ValidationError, match="newer than this version of claimkit reads"):
        loads('{"claimkit": "2.0"}')


def _with_unknown_fields() -> str:
    return json.dumps(
        {
            "claimkit": "1.0",
            "generator": {"name": "newsroom-tool", "version": 3},
            "sources": [{"id": "ap", "name": "AP", "kind": "media", "desk": "Kyiv"}],
            "claims": [
                {
                    "id": Claim(subject="s", predicate="p", value=1).id,
                    "subject": "s",
                    "predicate": "p",
                    "value": {"type": "quantity", "low": 1, "best": 1, "high": 1},
                    "reviewed": True,
                }
            ],
            "attributions": [
                {
                    "claim": Claim(subject="s", predicate="p", value=1).id,
                    "source": "ap",
                    "page": [3, 4],
                }
            ],
        }
    )


def test_unknown_fields_are_refused_by_default() -> None:
    """Fields claimkit does not know are errors, each with its path."""
    with pytest.raises(ValidationError) as caught:
        loads(_with_unknown_fields())
    assert sorted(p.path for p in caught.value.errors) == [
        "attributions[0]",
        "claims[0]",
        "generator",
        "sources[0]",
    ]


def test_unknown_fields_are_kept_when_allowed_and_survive_a_round_trip() -> None:
    """With extensions allowed, unknown fields go under each record's extensions
    and come back through dumps and loads, also as JSON Lines."""
    claims = loads(_with_unknown_fields(), extensions=True)
    assert dict(claims.extensions) == {"generator": {"name": "newsroom-tool", "version": 3}}
    assert dict(claims.sources["ap"].extensions) == {"desk": "Kyiv"}
    (claim,) = claims.claims.values()
    assert dict(claim.extensions) == {"reviewed": True}
    assert dict(claims.attributions[0].extensions) == {"page": (3, 4)}
    again = loads(dumps(claims))
    assert again == claims
    assert again.sources["ap"].extensions == claims.sources["ap"].extensions
    assert again.extensions == claims.extensions
    out = io.StringIO()
    write_jsonl(claims, out)
    streamed = ClaimSet.from_records(iter_jsonl(out.getvalue().splitlines()))
    assert streamed.attributions[0].extensions == claims.attributions[0].extensions


def test_extensions_do_not_change_identity() -> None:
    """Extensions are carried along; they change no id and no equality."""
    plain = Claim(subject="s", predicate="p", value="v")
    extended = Claim(subject="s", predicate="p", value="v", extensions={"x": [1, {"y": 2}]})
    assert plain == extended
    assert plain.id == extended.id
    with pytest.raises(ValidationError, match="finite"):
        Claim(subject="s", predicate="p", value="v", extensions={"x": float("nan")})


# -- limits ----------------------------------------------------------------------------


def test_limits_bound_what_readers_accept(makiivka: ClaimSet) -> None:
    """Size, record count, string length and nesting can be bounded."""
    text = dumps(makiivka)
    with pytest.raises(ValidationError, match="more than the limit"):
        loads(text, limits=Limits(max_bytes=1000))
    with pytest.raises(ValidationError, match="records, more than the limit of 10"):
        loads(text, limits=Limits(max_records=10))
    with pytest.raises(ValidationError, match="longer than the limit of 40"):
        loads(text, limits=Limits(max_string_length=40))
    deep = json.dumps({"claimkit": "1.0", "x": [[[[[[1]]]]]]})
    with pytest.raises(ValidationError, match="nested too deeply"):
        loads(deep, extensions=True, limits=Limits(max_depth=3))
    lines = io.StringIO()
    write_jsonl(makiivka, lines)
    with pytest.raises(ValidationError, match="more records than the limit of 5"):
        list(iter_jsonl(lines.getvalue().splitlines(), limits=Limits(max_records=5)))
    assert loads(text) == makiivka


def test_nan_and_infinity_are_refused() -> None:
    """JSON's non-standard NaN and Infinity are refused wherever they appear."""
    for constant in ("NaN", "Infinity", "-Infinity"):
        with pytest.raises(ValidationError, match=f"{constant.lstrip('-')}|{constant}"):
            loads(
                '{"claimkit": "1.0", "sources": [{"id": "a", "name": "A", "kind": "media", '
                f'"metadata": {{"x": {constant}}}}}]}}'
            )


def test_one_id_defined_twice_is_refused() -> None:
    """The same source id with different content is refused, also in a file."""
    document = {
        "claimkit": "1.0",
        "sources": [
            {"id": "ap", "name": "AP", "kind": "media"},
            {"id": "ap", "name": "Associated Press", "kind": "media"},
        ],
    }
    with pytest.raises(ValidationError, match="already defined") as caught:
        loads(json.dumps(document))
    assert caught.value.path == "sources[1]"


def test_visually_identical_names_make_one_source() -> None:
    """Text is normalised to NFC before anything is compared or hashed."""
    composed = Source(id="kyïv-city", name="Kyïv", kind="government")
    decomposed = Source(id="kyi\u0308v-city", name="Kyi\u0308v", kind="government")
    assert composed == decomposed
    assert len(ClaimSet(sources=[composed, decomposed]).sources) == 1


# -- atomic writes -----------------------------------------------------------------------


def test_a_killed_writer_leaves_the_old_file(tmp_path: Path) -> None:
    """A process killed while writing leaves the previous file intact."""
    target = tmp_path / "claims.jsonl"
    dump(ClaimSet(), target)
    before = target.read_bytes()
    script = f"""
import time
from claimkit import Source, write_jsonl

def slow():
    for number in range(100_000):
        time.sleep(0.001)
        yield Source(id=f"s{{number}}", name="x" * 200, kind="media")

write_jsonl(slow(), {str(target)!r})
"""
    # Killed once the temporary file has grown: writing is under way.
    _kill_once_written(script, tmp_path, 10_001)
    assert target.read_bytes() == before
    assert loads(before) == ClaimSet()


def _kill_once_written(script: str, folder: Path, size: int) -> None:
    """Run ``script`` in a new Python process and kill it (SIGKILL) as soon as a
    temporary file in ``folder`` holds at least ``size`` bytes."""
    process = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            temporary = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
            if temporary and temporary[0].stat().st_size >= size:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the writer never wrote")
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()


def test_a_killed_dump_leaves_the_old_file(tmp_path: Path, makiivka: ClaimSet) -> None:
    """dump(path) killed midway (its new content written to the temporary file but
    not yet synced and renamed) leaves the previous file intact."""
    target = tmp_path / "claims.json"
    dump(ClaimSet(), target)
    before = target.read_bytes()
    script = f"""
import os, time
from claimkit import dump, examples

os.fsync = lambda descriptor: time.sleep(60)  # hold the writer between write and rename
dump(examples.load("makiivka"), {str(target)!r})
"""
    _kill_once_written(script, tmp_path, len(dumps(makiivka)))
    assert target.read_bytes() == before
    assert loads(target.read_bytes()) == ClaimSet()


# -- tables ----------------------------------------------------------------------------


@given(claimsets(coherent=False))
@settings(max_examples=30)
def test_csv_round_trip(claims: ClaimSet) -> None:
    """Writing CSV and reading it back gives an equal claim set."""
    out = io.StringIO()
    write_csv(claims, out)
    assert read_csv(io.StringIO(out.getvalue(), newline="")) == claims


@given(claims=claimsets(coherent=False))
@settings(max_examples=15, deadline=None)
def test_parquet_round_trip(claims: ClaimSet, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Writing Parquet and reading it back gives an equal claim set."""
    path = tmp_path_factory.mktemp("parquet") / "claims.parquet"
    write_parquet(claims, path)
    assert read_parquet(path) == claims


def test_rows_join_attributions_with_claims_and_sources(makiivka: ClaimSet) -> None:
    """One row per attribution, every column present, and nothing is lost."""
    table = list(rows(makiivka))
    assert len(table) == len(makiivka.attributions)
    assert all(tuple(row) == COLUMNS for row in table)
    killed = next(
        r
        for r in table
        if r["source_id"] == "ru-mod" and r["predicate"] == "Russian soldiers killed"
    )
    assert (killed["best"], killed["stated"], killed["via"], killed["source_affiliation"]) == (
        63,
        "2023-01-02",
        '["ap"]',
        "Russia",
    )
    assert from_rows(table) == makiivka


def test_orphan_sources_and_claims_get_rows_of_their_own() -> None:
    """A source or claim that no attribution names is kept."""
    source, claim = (
        Source(id="s", name="S", kind="media"),
        Claim(subject="x", predicate="y", value=2),
    )
    claims = ClaimSet(sources=[source], claims=[claim])
    assert [row["record"] for row in rows(claims)] == ["source", "claim"]
    assert from_rows(rows(claims)) == claims


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "header"),
        ("a,b\n1,2\n", "header"),
        (",".join(COLUMNS) + "\n" + "attribution" + "," * (len(COLUMNS) - 1) + "\n", "row 1"),
        (",".join(COLUMNS) + "\n" + "banana" + "," * (len(COLUMNS) - 1) + "\n", "row 1.record"),
        (",".join(COLUMNS) + "\n" + "source," + "x," * len(COLUMNS) + "\n", "more cells"),
    ],
)
def test_bad_csv_is_refused(text: str, message: str) -> None:
    """Broken CSV is a ValidationError naming the row or the header."""
    with pytest.raises(ValidationError) as caught:
        read_csv(io.StringIO(text, newline=""))
    assert any(message in f"{p.path} {p.message}" for p in caught.value.errors)


def test_bad_parquet_is_refused(tmp_path: Path) -> None:
    """A file that is not claimkit Parquet is a ValidationError."""
    path = tmp_path / "x.parquet"
    path.write_bytes(b"not parquet at all")
    with pytest.raises(ValidationError, match="not a Parquet file"):
        read_parquet(path)
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"a": [1]}), path)
    with pytest.raises(ValidationError, match="columns are not claimkit's"):
        read_parquet(path)


@pytest.mark.parametrize("cell", ["\u00b2", "\u0661", "1.5", "+1", "x"])
def test_a_cell_that_is_no_whole_number_is_refused(cell: str) -> None:
    """Evidence offsets must be ASCII whole numbers: '²' passes str.isdigit() but
    not int(), and must come out as a ValidationError naming the cell."""
    source, claim = (
        Source(id="s", name="S", kind="media"),
        Claim(subject="x", predicate="y", value=2),
    )
    attribution = Attribution(
        claim=claim, source=source, evidence=Evidence(document="d", start=1, end=5)
    )
    (row,) = rows(ClaimSet(sources=[source], claims=[claim], attributions=[attribution]))
    with pytest.raises(ValidationError, match=r"expected a whole number") as caught:
        from_rows([{**row, "evidence_start": cell}])
    assert caught.value.path == "row 1.evidence_start"


def test_attributions_rows_carry_their_ids() -> None:
    """A row's attribution id must match its content."""
    source, claim = (
        Source(id="s", name="S", kind="media"),
        Claim(subject="x", predicate="y", value=2),
    )
    claims = ClaimSet(
        sources=[source], claims=[claim], attributions=[Attribution(claim=claim, source=source)]
    )
    (row,) = rows(claims)
    row["attribution_id"] = "0" * 32
    with pytest.raises(ValidationError, match=r"row 1\.attribution_id"):
        from_rows([row])


def test_csv_holds_long_texts_and_keeps_to_limits(tmp_path: Path) -> None:
    """A text longer than the csv module's default field limit (128 KiB) reads
    back; the caller's limits bound cells, rows and size; the module's own
    setting is left as it was."""
    import csv

    source = Source(id="s", name="S", kind="media")
    claim = Claim(subject="x", predicate="y", value='a "quoted"\nline ' * 20_000)
    claims = ClaimSet(
        sources=[source], claims=[claim], attributions=[Attribution(claim=claim, source=source)]
    )
    path = tmp_path / "long.csv"
    write_csv(claims, path)
    before = csv.field_size_limit()
    assert read_csv(path) == claims
    assert csv.field_size_limit() == before
    with pytest.raises(ValidationError, match=r"cell is longer than the limit") as caught:
        read_csv(path, limits=Limits(max_string_length=1000))
    assert caught.value.path == "row 1"
    with pytest.raises(ValidationError, match="more rows than the limit of 0"):
        read_csv(path, limits=Limits(max_records=0))
    with pytest.raises(ValidationError, match="more than the limit of 100"):
        read_csv(path, limits=Limits(max_bytes=100))
    write_parquet(claims, tmp_path / "long.parquet")
    with pytest.raises(ValidationError, match="more than the limit of 0"):
        read_parquet(tmp_path / "long.parquet", limits=Limits(max_records=0))


def test_parquet_is_replaced_atomically(
    tmp_path: Path, makiivka: ClaimSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing Parquet keeps the old file's permissions, leaves no temporary file,
    and a write that fails midway leaves the old file as it was."""
    import pyarrow.parquet as pq

    target = tmp_path / "claims.parquet"
    write_parquet(ClaimSet(), target)
    target.chmod(0o640)
    before = target.read_bytes()

    def broken(table: object, where: str) -> None:
        Path(where).write_bytes(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(pq, "write_table", broken)
    with pytest.raises(OSError, match="disk full"):
        write_parquet(makiivka, target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.parquet"]
    monkeypatch.undo()
    write_parquet(makiivka, target)
    assert read_parquet(target) == makiivka
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.parquet"]
