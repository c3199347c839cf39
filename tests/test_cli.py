"""The command line: check and reconcile, their output, exit codes and errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from random import Random
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimkit import (
    ClaimSet,
    Partial,
    ValidationError,
    dump,
    dumps,
    iter_jsonl,
    load,
    reconcile,
    write_jsonl,
)
from claimkit import _serial as serial
from claimkit._serial import jsonl_lines, read_claimset
from claimkit.cli import main
from claimkit.testing import claimsets


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_reconcile_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    """The main job on the bundled example prints the conflict and the scope."""
    status, out, err = run(capsys, "reconcile", "--example", "makiivka")
    assert status == 0
    assert err == ""
    assert "Makiivka strike / Russian soldiers killed" in out
    assert "6.3 times" in out
    assert "Scope difference: location differs" in out
    assert "2 opinions recorded, not reconciled" in out


def test_reconcile_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints the machine form."""
    status, out, _ = run(capsys, "reconcile", "--example", "makiivka", "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["policy"] == "range"
    assert {d["kind"] for d in data["discrepancies"]} == {"value", "scope"}


def test_reconcile_a_file_and_stdin(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    makiivka: ClaimSet,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file, JSON Lines, and standard input give the same report."""
    dump(makiivka, tmp_path / "claims.json")
    write_jsonl(makiivka, tmp_path / "claims.jsonl")
    _, expected, _ = run(capsys, "reconcile", "--example", "makiivka")
    assert run(capsys, "reconcile", str(tmp_path / "claims.json"))[1] == expected
    assert run(capsys, "reconcile", str(tmp_path / "claims.jsonl"))[1] == expected
    for name in ("claims.json", "claims.jsonl"):
        data = (tmp_path / name).read_bytes()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        assert run(capsys, "reconcile", "-")[1] == expected


def test_check_reports_every_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, makiivka: ClaimSet
) -> None:
    """check prints each problem with its path on stderr and exits with 1."""
    good = tmp_path / "good.json"
    dump(makiivka, good)
    document = json.loads(good.read_text())
    document["claims"][2]["value"] = {"type": "quantity", "low": "abc"}
    document["attributions"][0]["source"] = "nobody"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    status, out, err = run(capsys, "check", str(good), str(bad))
    assert status == 1
    assert out == f"{good}: ok, 7 sources, 28 claims, 29 attributions\n"
    assert f"{bad}: claims[2].value.low: expected a number, got 'abc'" in err
    assert f"{bad}: attributions[0].source: names source 'nobody', which is not in the set" in err
    assert err.startswith(f"{bad}: 2 problems\n")


def test_check_a_good_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """check exits with 0 on a valid file."""
    dump(ClaimSet(), tmp_path / "empty.json")
    assert run(capsys, "check", str(tmp_path / "empty.json"))[0] == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["reconcile", "missing.json"], "cannot read missing.json"),
        (["check", "missing.json"], "missing.json: cannot read"),
    ],
)
def test_missing_files(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    """A missing file is an error on stderr with exit status 1."""
    status, out, err = run(capsys, *argv)
    assert status == 1
    assert message in err
    assert out == ""


def test_bad_input_to_reconcile(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """An invalid file is reported with its problems, not a traceback."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"claimkit": "1.0", "sources": [{"id": "x"}]}')
    status, _, err = run(capsys, "reconcile", str(bad))
    assert status == 1
    assert "sources[0].name: required field is missing" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["reconcile"],
        ["reconcile", "--example", "nope"],
        ["reconcile", "--policy", "x", "--example", "makiivka"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_with_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """Wrong usage prints a message on stderr and exits with 2."""
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert "usage: claimkit" in err


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"], ["reconcile", "--help"]])
def test_help_everywhere(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """--help works for the program and each command."""
    status, out, _ = run(capsys, *argv)
    assert status == 0
    assert out.startswith("usage: claimkit")


def test_python_dash_m_and_console_script() -> None:
    """``python -m claimkit`` runs the same command line."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimkit",
            "reconcile",
            "--example",
            "makiivka",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["policy"] == "range"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["--policy", "conservative"],
            "conservative: lowest figure from an independent source, 63",
        ),
        (["--policy", "weighted", "--trust", "ua-stratcom=3"], "estimate: about 400"),
        (
            ["--policy", "weighted", "--trust", "Russia=3", "--trust-by", "affiliation"],
            "estimate: 63",
        ),
        (["--policy", "low-best-high"], "estimate: about 400 (between 63 and 400)"),
        (["--policy", "median", "--tolerance", "0.2"], "estimate: about 231.5"),
        (["--policy", "trust"], "Learned source trust"),
        (["--independence", "affiliation"], "Sources of one affiliation count as one"),
        (["--revisions", "keep"], "Contested (1)"),
    ],
)
def test_policy_options(capsys: pytest.CaptureFixture[str], argv: list[str], expected: str) -> None:
    """Each policy and option is reachable from the command line."""
    status, out, err = run(capsys, "reconcile", "--example", "makiivka", *argv)
    assert status == 0, err
    assert expected in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--policy", "median", "--trust", "a=1"], "--trust applies to the weighted"),
        (["--policy", "weighted", "--trust", "a"], "--trust takes NAME=WEIGHT"),
        (["--policy", "weighted", "--trust", "a=heavy"], "--trust takes NAME=WEIGHT"),
        (["--tolerance", "2"], "tolerance: must be at least 0 and below 1"),
        (["--tolerance", "nan"], "tolerance: expected a finite number, got nan"),
        (["--tolerance", "inf"], "tolerance: expected a finite number, got inf"),
    ],
)
def test_bad_policy_options(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """Bad policy options are usage errors naming the problem."""
    status, _, err = run(capsys, "reconcile", "--example", "makiivka", *argv)
    assert status == 2
    assert message in err
    assert "None" not in err and "bound" not in err


def test_convert_through_every_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, makiivka: ClaimSet
) -> None:
    """JSON -> JSON Lines -> PROV-N -> PROV-O -> PROV-JSON -> CSV -> Parquet -> JSON
    gives back the same document, byte for byte."""
    start = tmp_path / "start.json"
    dump(makiivka, start)
    chain = ["a.jsonl", "b.provn", "c.ttl", "d.json", "e.csv", "f.parquet", "end.json"]
    previous = start
    for name in chain:
        target = tmp_path / name
        extra = ["--to", "prov-json"] if name == "d.json" else []
        status, _, err = run(capsys, "convert", str(previous), str(target), *extra)
        assert status == 0, err
        assert f"wrote {target}" in err
        previous = target
    assert (tmp_path / "end.json").read_bytes() == start.read_bytes()


def test_convert_reads_wikidata_and_prov_json_by_content(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A .json input is told apart by its content: claimkit, PROV-JSON or Wikidata."""
    snak = {"snaktype": "value", "property": "P1", "datavalue": {"type": "string", "value": "x"}}
    entity = {"id": "Q9", "claims": {"P1": [{"mainsnak": snak, "rank": "normal"}]}}
    (tmp_path / "q.json").write_text(json.dumps(entity))
    status, _, err = run(capsys, "convert", str(tmp_path / "q.json"), str(tmp_path / "q.csv"))
    assert status == 0, err
    status, out, _ = run(capsys, "convert", str(tmp_path / "q.csv"), "-", "--to", "prov-json")
    assert status == 0
    (tmp_path / "p.json").write_text(out)
    status, out, _ = run(capsys, "convert", str(tmp_path / "p.json"), "-", "--to", "json")
    assert status == 0
    assert json.loads(out)["claims"][0]["value"] == "x"


def test_convert_pipes_without_format_options(tmp_path: Path, makiivka: ClaimSet) -> None:
    """``claimkit convert - -`` reads standard input by its content (claimkit JSON,
    JSON Lines, PROV-JSON, Wikidata) and writes claimkit JSON, as a pipe needs."""
    command = [sys.executable, "-m", "claimkit"]
    text = dumps(makiivka)
    prov = subprocess.run(
        [*command, "convert", "-", "-", "--to", "prov-json"],
        input=text, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    for document in (text, "".join(jsonl_lines(makiivka)), prov):
        done = subprocess.run(
            [*command, "convert", "-", "-"],
            input=document, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert read_claimset(done.stdout) == makiivka


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["convert", "in.txt", "out.json"], "cannot tell the input format"),
        (["convert", "missing.json", "out.json"], "No such file"),
    ],
)
def test_convert_errors(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    """Unknown formats and missing files are reported on stderr with status 1."""
    status, _, err = run(capsys, *argv)
    assert status == 1
    assert message in err


def test_convert_reports_bad_input_with_paths(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A broken input is listed problem by problem, and nothing is written."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"claimkit": "1.0", "sources": [{"id": "x", "name": 3, "kind": "media"}]}')
    status, _, err = run(capsys, "convert", str(bad), str(tmp_path / "out.csv"))
    assert status == 1
    assert "sources[0].name: expected a string, got 3" in err
    assert not (tmp_path / "out.csv").exists()


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    """claimkit schema prints the JSON Schema."""
    from claimkit import json_schema

    status, out, _ = run(capsys, "schema")
    assert status == 0
    assert json.loads(out) == json_schema()


def test_check_and_reconcile_stream_json_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, makiivka: ClaimSet
) -> None:
    """JSON Lines is checked and reconciled as it streams, records in any order,
    with every problem that loading the file whole would find."""
    lines = list(jsonl_lines(makiivka))
    lines[1:] = reversed(lines[1:])  # attributions first: they wait for their claims
    streamed = tmp_path / "reversed.jsonl"
    streamed.write_text("".join(lines))
    status, out, _ = run(capsys, "check", str(streamed))
    assert (status, out) == (0, f"{streamed}: ok, 7 sources, 28 claims, 29 attributions\n")
    _, expected, _ = run(capsys, "reconcile", "--example", "makiivka")
    assert run(capsys, "reconcile", str(streamed))[1] == expected

    bad = tmp_path / "bad.jsonl"
    source = json.loads(lines[-1])["source"]
    lines.append(json.dumps({"source": {**source, "name": "Someone else"}}) + "\n")
    lines[3] = lines[3].replace('"source": "', '"source": "nobody-', 1)
    lines[5] = '{"claim": {"subject": "x"}}\n'
    bad.write_text("".join(lines))
    status, out, err = run(capsys, "check", str(bad))
    assert (status, out) == (1, "")
    with pytest.raises(ValidationError) as loaded:
        load(bad)
    expected_problems = {f"{bad}: {p.path}: {p.message}" for p in loaded.value.errors}
    assert set(err.splitlines()[1:]) == expected_problems
    assert len(expected_problems) == 3  # a redefined source, a dangling one, a bad claim
    status, _, err = run(capsys, "reconcile", str(bad))
    assert status == 1
    assert "names source 'nobody-" in err


@given(claims=claimsets(), random=st.randoms(use_true_random=False), drop=st.integers(0, 3))
@settings(max_examples=40)
def test_a_checked_stream_finds_what_load_finds(
    claims: ClaimSet, random: Random, drop: int
) -> None:
    """Records in any order, some lost: a checked stream yields the good records
    and raises exactly the problems that loading the whole file raises, and the
    streamed reconciliation equals the loaded one."""
    lines = list(jsonl_lines(claims))
    body = lines[1:]
    random.shuffle(body)
    del body[: min(drop, len(body))]
    text = lines[0] + "".join(body)
    try:
        whole = read_claimset(text)
    except ValidationError as error:
        expected: set[tuple[str | None, str]] | None = {(p.path, p.message) for p in error.errors}
    else:
        expected = None
    records = iter_jsonl(io.StringIO(text), check=True)
    if expected is None:
        assert Partial.from_records(records).finish() == reconcile(whole)
    else:
        with pytest.raises(ValidationError) as streamed:
            Partial.from_records(records)
        assert {(p.path, p.message) for p in streamed.value.errors} == expected


@given(claims=claimsets(), every=st.integers(1, 4))
@settings(max_examples=40)
def test_json_lines_read_the_same_records_however_often_the_hooks_are_renewed(
    claims: ClaimSet, every: int
) -> None:
    """The fast hooks a stream reads with are renewed every so many records, so that
    what they remember stays small; the records read are the same whenever that
    happens, and the same as a document's."""
    text = "".join(jsonl_lines(claims))
    with mock.patch.object(serial, "_HOOKS_RENEWED", every):
        assert read_claimset(text) == claims
        assert list(iter_jsonl(io.StringIO(text))) == list(claims.records())
    assert read_claimset(text) == claims
