"""The ``claimkit`` command line: check and reconcile claim sets."""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import IO, Final

from . import examples
from ._claimset import ClaimSet, Record
from ._errors import ClaimkitError, ValidationError
from ._model import Attribution, Claim, Source
from ._reconcile import Partial
from ._schema import json_schema
from ._serial import (
    _is_jsonl_header,
    atomic_write,
    dumps,
    iter_jsonl,
    jsonl_lines,
    load,
    read_claimset,
)
from .policies import (
    Conservative,
    LowBestHigh,
    Median,
    Policy,
    Range,
    Trust,
    Weighted,
    policy_names,
)

__all__ = ["main"]

_DESCRIPTION: Final = """\
Provenance-tracked claims: check claimkit documents, and reconcile what their
sources say into findings and discrepancies.

Files are claimkit JSON documents or JSON Lines streams (told apart by their first
line). Use - to read standard input.
"""

_EPILOG: Final = """\
examples:
  claimkit reconcile --example makiivka
  claimkit convert claims.json claims.provn
  claimkit convert Q2112.json bielefeld.json --from wikidata
  claimkit reconcile --example makiivka --policy conservative
  claimkit reconcile claims.json --policy weighted --trust ru-mod=0.5 --format json
  claimkit reconcile claims.jsonl --policy trust --independence affiliation
  claimkit check claims.json more-claims.jsonl
"""


def _parser() -> argparse.ArgumentParser:
    try:
        installed = version("claimkit")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        installed = "unknown"
    parser = argparse.ArgumentParser(
        prog="claimkit",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"claimkit {installed}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="validate files and list every problem with its path",
        description=(
            "Validate claimkit files. Prints a summary of each good file on standard "
            "output, and every problem of each bad one, with the path of the bad field, "
            "on standard error. Exits with 1 if any file has a problem."
        ),
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="a file to check, or - for stdin")

    convert = commands.add_parser(
        "convert",
        help="convert between claimkit JSON, JSON Lines, PROV, CSV, Parquet and Wikidata",
        description=(
            "Read a claim set in one format and write it in another. Formats follow the "
            "file names (.json, .jsonl, .provn, .ttl, .csv, .parquet; a .json input is "
            "recognised as claimkit, PROV-JSON or Wikidata by its content) unless given; "
            "standard input is recognised by its content too, and standard output is "
            "claimkit JSON unless --to says otherwise. The output file is replaced "
            "atomically."
        ),
    )
    convert.add_argument("input", metavar="IN", help="the file to read, or - for stdin")
    convert.add_argument("output", metavar="OUT", help="the file to write, or - for stdout")
    convert.add_argument(
        "--from", dest="source_format", choices=INPUT_FORMATS, help="the input format"
    )
    convert.add_argument(
        "--to", dest="target_format", choices=OUTPUT_FORMATS, help="the output format"
    )
    convert.add_argument(
        "--extensions",
        action="store_true",
        help="keep fields claimkit does not know under extensions instead of refusing them",
    )

    commands.add_parser(
        "schema",
        help="print the JSON Schema of claimkit documents",
        description="Print the JSON Schema (draft 2020-12) of claimkit documents.",
    )

    rec = commands.add_parser(
        "reconcile",
        help="reconcile a claim set: findings, estimates and discrepancies",
        description=(
            "Group the claims of a claim set into questions, find where the sources "
            "disagree, and estimate each answer under a policy."
        ),
    )
    rec.set_defaults(subparser=rec)
    where = rec.add_mutually_exclusive_group(required=True)
    where.add_argument("file", nargs="?", metavar="FILE", help="the claim set, or - for stdin")
    where.add_argument(
        "--example",
        metavar="NAME",
        choices=examples.names(),
        help=f"reconcile a bundled example ({', '.join(examples.names())})",
    )
    rec.add_argument(
        "--policy",
        default="range",
        choices=policy_names(),
        help="how to estimate each answer (default: range)",
    )
    rec.add_argument(
        "--tolerance",
        type=float,
        metavar="FRACTION",
        help="how far approximate figures reach, as a fraction of their size (default 0.1)",
    )
    rec.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="NAME=WEIGHT",
        help=(
            "trust in a source (by id) for the weighted and low-best-high policies; "
            "repeat for several"
        ),
    )
    rec.add_argument(
        "--trust-by",
        choices=("source", "affiliation"),
        default="source",
        help="whether --trust names source ids or affiliations (default: source)",
    )
    rec.add_argument(
        "--independence",
        choices=("source", "affiliation"),
        default="source",
        help="count every source as a voice, or every affiliation (default: source)",
    )
    rec.add_argument(
        "--revisions",
        choices=("supersede", "keep"),
        default="supersede",
        help="let a later statement set aside the same source's earlier one (default)",
    )
    rec.add_argument(
        "--key",
        action="append",
        default=[],
        metavar="QUALIFIER",
        help="a qualifier that defines a question (repeat for several), e.g. 'point in time'",
    )
    rec.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="a report for people (text, the default) or JSON for programs",
    )
    return parser


_WITH_TRUST: Final = {"weighted": Weighted, "low-best-high": LowBestHigh}
_PLAIN: Final = {"range": Range, "conservative": Conservative, "median": Median, "trust": Trust}


def _policy(arguments: argparse.Namespace) -> str | Policy:
    """The policy the options describe: a name, or an object with parameters."""
    options: dict[str, object] = {}
    if arguments.tolerance is not None:
        options["tolerance"] = arguments.tolerance
    if arguments.trust:
        if arguments.policy not in _WITH_TRUST:
            raise ValidationError(
                "--trust applies to the weighted and low-best-high policies, "
                f"not {arguments.policy}"
            )
        weights = {}
        for item in arguments.trust:
            name, equals, weight = item.rpartition("=")
            try:
                weights[name] = float(weight)
            except ValueError:
                name = ""
            if not equals or not name:
                raise ValidationError(f"--trust takes NAME=WEIGHT, got {item!r}") from None
        options["trust"] = weights
        options["by"] = arguments.trust_by
    if not options:
        return str(arguments.policy)
    factory = {**_WITH_TRUST, **_PLAIN}[arguments.policy]
    return factory(**options)  # type: ignore[no-any-return]


def _open(name: str) -> ClaimSet | Iterator[Record]:
    """A claim set; or, for JSON Lines, its records as they stream, checked as
    :func:`load` checks a file (the problems are raised when the stream ends)."""
    if name == "-":
        stdin = sys.stdin.buffer
        first = stdin.readline(_HEADER_LINE)
        if not _is_jsonl_header(first):
            return read_claimset(first + stdin.read())
        # Lines as bytes: the reader decodes each one, and reports a byte that is
        # not UTF-8 on its own line.
        return iter_jsonl(itertools.chain([first], stdin), check=True)
    with open(name, "rb") as file:
        first = file.readline(_HEADER_LINE)
    if _is_jsonl_header(first):
        return iter_jsonl(name, check=True)
    return load(name)


#: How much of a first line to read to tell JSON Lines by its header.
_HEADER_LINE: Final = 1024


INPUT_FORMATS: Final = (
    "json",
    "jsonl",
    "prov-json",
    "prov-n",
    "prov-o",
    "csv",
    "parquet",
    "wikidata",
)
OUTPUT_FORMATS: Final = ("json", "jsonl", "prov-json", "prov-n", "prov-o", "csv", "parquet")
_BY_SUFFIX: Final = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".provn": "prov-n",
    ".ttl": "prov-o",
    ".rdf": "prov-o",
    ".csv": "csv",
    ".parquet": "parquet",
}
_PROV_FORMATS: Final = {"prov-json": "json", "prov-n": "provn", "prov-o": "rdf"}


def _format(name: str, given: str | None, role: str) -> str:
    if given:
        return given
    if name == "-":
        # Standard input is told by its content (claimkit JSON or JSON Lines,
        # PROV-JSON, Wikidata); standard output is claimkit JSON.
        return "json"
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in _BY_SUFFIX:
        option = "--from" if role == "input" else "--to"
        raise ValidationError(f"cannot tell the {role} format from {name!r}; pass {option}")
    return _BY_SUFFIX[suffix]


def _sniff(data: bytes) -> str:
    """Which kind of JSON document: claimkit, PROV-JSON or Wikidata."""
    try:
        document = json.loads(data)
    except ValueError:
        return "json"  # let the claimkit reader say what is wrong
    if isinstance(document, dict):
        if "claimkit" in document:
            return "json"
        if "entities" in document or ("claims" in document and "id" in document):
            return "wikidata"
        if "prefix" in document or any(key.startswith("was") for key in document):
            return "prov-json"
    if isinstance(document, list):
        return "wikidata"
    return "json"


def _read_as(name: str, kind: str, extensions: bool) -> ClaimSet:
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(name, "rb") as file:
            data = file.read()
    if kind == "json" and _is_json(data) and not _is_jsonl(data):
        kind = _sniff(data)
    if kind in ("json", "jsonl"):
        return read_claimset(data, extensions=extensions)
    if kind in _PROV_FORMATS:
        from .interop.prov import loads_prov  # noqa: PLC0415 - an optional extra

        return loads_prov(data, _PROV_FORMATS[kind])  # type: ignore[arg-type]
    if kind == "wikidata":
        from .interop.wikidata import from_entities  # noqa: PLC0415

        return from_entities(data)
    if kind == "csv":
        from .tabular import read_csv  # noqa: PLC0415

        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationError(f"not UTF-8 text: bad byte at offset {error.start}") from None
        return read_csv(io.StringIO(text, newline=""))
    from .tabular import read_parquet  # noqa: PLC0415

    if name == "-":
        raise ValidationError("Parquet cannot be read from standard input; give a file")
    return read_parquet(name)


def _is_json(data: bytes) -> bool:
    return data.lstrip()[:1] in (b"{", b"[")


def _is_jsonl(data: bytes) -> bool:
    return _is_jsonl_header(data.split(b"\n", 1)[0])


def _write_as(claims: ClaimSet, name: str, kind: str, out: IO[str]) -> None:
    if kind in _PROV_FORMATS:
        from .interop.prov import dumps_prov  # noqa: PLC0415

        text = dumps_prov(claims, _PROV_FORMATS[kind])  # type: ignore[arg-type]
    elif kind == "json":
        text = dumps(claims)
    elif kind == "jsonl":
        text = "".join(jsonl_lines(claims))
    elif kind == "csv":
        from .tabular import write_csv  # noqa: PLC0415

        buffer = io.StringIO()
        write_csv(claims, buffer)
        text = buffer.getvalue()
    else:
        from .tabular import write_parquet  # noqa: PLC0415

        if name == "-":
            raise ValidationError("Parquet cannot be written to standard output; give a file")
        write_parquet(claims, name)
        return
    text = text if text.endswith("\n") else text + "\n"
    if name == "-":
        out.write(text)
    else:
        atomic_write(name, lambda file: file.write(text))


def _convert(arguments: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    try:
        source = _format(arguments.input, arguments.source_format, "input")
        target = _format(arguments.output, arguments.target_format, "output")
        claims = _read_as(arguments.input, source, arguments.extensions)
        _write_as(claims, arguments.output, target, out)
    except ValidationError as error:
        label = "<stdin>" if arguments.input == "-" else arguments.input
        err.write(f"claimkit convert: {label}: {len(error.errors)} problem(s)\n")
        for problem in error.errors:
            where = f"{problem.path}: " if problem.path else ""
            err.write(f"  {where}{problem.message}\n")
        return 1
    except ImportError as error:
        err.write(f"claimkit convert: {error}\n")
        return 1
    except OSError as error:
        err.write(f"claimkit convert: {error.filename or ''}: {error.strerror or error}\n")
        return 1
    if arguments.output != "-":
        err.write(f"claimkit convert: wrote {arguments.output} ({_summary(claims)})\n")
    return 0


def _summary(claims: ClaimSet | Counter[type]) -> str:
    if isinstance(claims, ClaimSet):
        counts = (
            (len(claims.sources), "source"),
            (len(claims.claims), "claim"),
            (len(claims.attributions), "attribution"),
        )
    else:
        counts = (
            (claims[Source], "source"),
            (claims[Claim], "claim"),
            (claims[Attribution], "attribution"),
        )
    return ", ".join(f"{number} {noun}{'' if number == 1 else 's'}" for number, noun in counts)


def _check(files: Sequence[str], out: IO[str], err: IO[str]) -> int:
    status = 0
    for name in files:
        label = "<stdin>" if name == "-" else name
        try:
            opened = _open(name)
            # A JSON Lines stream is checked as it is read, in the memory of its ids.
            claims = opened if isinstance(opened, ClaimSet) else Counter(map(type, opened))
        except ValidationError as error:
            status = 1
            count = len(error.errors)
            err.write(f"{label}: {count} problem{'s' if count != 1 else ''}\n")
            for problem in error.errors:
                where = f"{problem.path}: " if problem.path else ""
                err.write(f"{label}: {where}{problem.message}\n")
        except OSError as error:
            status = 1
            err.write(f"{label}: cannot read: {error.strerror or error}\n")
        else:
            out.write(f"{label}: ok, {_summary(claims)}\n")
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``).

    Returns:
        The exit status: 0 on success, 1 if the data has problems, 2 for a usage
        error.
    """
    out, err = sys.stdout, sys.stderr
    parser = _parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if arguments.command == "check":
        return _check(arguments.files, out, err)
    if arguments.command == "schema":
        out.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
        return 0
    if arguments.command == "convert":
        return _convert(arguments, out, err)
    try:
        policy = _policy(arguments)
    except ValidationError as error:
        arguments.subparser.print_usage(err)
        err.write(f"claimkit reconcile: error: {error}\n")
        return 2
    try:
        claims = examples.load(arguments.example) if arguments.example else _open(arguments.file)
        # A JSON Lines stream is reconciled as it is read, without a ClaimSet.
        partial = (
            Partial.of(claims, key_qualifiers=arguments.key)
            if isinstance(claims, ClaimSet)
            else Partial.from_records(claims, key_qualifiers=arguments.key)
        )
        result = partial.finish(
            policy, independence=arguments.independence, revisions=arguments.revisions
        )
    except ValidationError as error:
        source = "<stdin>" if arguments.file == "-" else arguments.file
        err.write(f"claimkit: {source} is not a valid claim set:\n")
        for problem in error.errors:
            where = f"{problem.path}: " if problem.path else ""
            err.write(f"  {where}{problem.message}\n")
        return 1
    except ClaimkitError as error:
        err.write(f"claimkit: {error}\n")
        return 1
    except OSError as error:
        err.write(f"claimkit: cannot read {arguments.file}: {error.strerror or error}\n")
        return 1
    if arguments.format == "json":
        out.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        out.write(result.report() + "\n")
    return 0
