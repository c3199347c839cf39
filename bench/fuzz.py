"""Fuzz every reader with hostile input; only claimkit's documented errors may come out.

    python bench/fuzz.py [--examples 10000] [--readers json,csv]

Each reader (JSON documents, JSON Lines, PROV-JSON, PROV-N, PROV-O, Wikidata entity
JSON, CSV) is fed, by Hypothesis, arbitrary JSON-like values (the JSON readers) and
arbitrary bytes, and damaged versions of valid input. A reader may accept the input or raise
``claimkit.ValidationError``; any other exception is a bug. Prints one table:
reader x input kind -> examples run (counted as the reader is called, not taken
from the setting) and unexpected exceptions. Bytes reach each reader as a file
would give them: invalid UTF-8 is the reader's to refuse.

The test suite runs the same properties with few examples, and with 10,000 under
``pytest -m slow``.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimkit import ValidationError, dumps, iter_jsonl, loads, write_jsonl
from claimkit.interop.prov import dumps_prov, loads_prov
from claimkit.interop.wikidata import from_entities
from claimkit.tabular import read_csv, write_csv
from claimkit.testing import claimsets

#: Arbitrary JSON values, biased towards the keys claimkit's readers look for.
KEYS = st.sampled_from(
    [
        "claimkit", "sources", "claims", "attributions", "id", "name", "kind", "value",
        "type", "low", "high", "best", "claim", "source", "via", "stated", "qualifiers",
        "evidence", "extensions", "entities", "mainsnak", "datavalue", "snaktype",
        "property", "references", "snaks", "rank", "prefix", "entity", "agent",
        "wasAttributedTo", "prov:entity", "prov:agent", "amount", "time", "precision",
    ]
) | st.text(max_size=8)  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["1.0", "quantity", "date", "unknown", "value", "+1990-00-00T00:00:00Z"])
)
JSON = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=24,
)


def _csv_text(value: Any) -> str:
    """Turn a JSON value into CSV-ish text: rows of cells."""
    rows = value if isinstance(value, list) else [value]
    out = io.StringIO()
    for row in rows:
        cells = row if isinstance(row, list) else [row]
        out.write(",".join(json.dumps(cell) for cell in cells) + "\n")
    return out.getvalue()


def _jsonl(lines: list[str]) -> None:
    list(iter_jsonl(lines))


def _text_file(data: bytes) -> io.TextIOWrapper:
    """Bytes as an open file would give them to a reader: decoded as it reads."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")


def _jsonl_bytes(data: bytes) -> None:
    """Bytes after a valid header, read from a file as iter_jsonl reads one."""
    list(iter_jsonl(_text_file(b'{"claimkit": "1.0"}\n' + data), check=True))


#: Each reader: how it takes a parsed JSON value, and how it takes raw bytes.
#: (PROV-N and PROV-O are text formats: they are fed bytes and damaged documents.)
READERS: dict[str, tuple[Callable[[Any], object] | None, Callable[[bytes], object]]] = {
    "json": (lambda value: loads(json.dumps(value)), loads),
    "jsonl": (
        lambda value: _jsonl(
            [
                '{"claimkit": "1.0"}',
                *(json.dumps(v) for v in (value if isinstance(value, list) else [value])),
            ]
        ),
        _jsonl_bytes,
    ),
    "prov-json": (lambda value: loads_prov(json.dumps(value)), loads_prov),
    "prov-n": (None, lambda data: loads_prov(data, "provn")),
    "prov-o": (None, lambda data: loads_prov(data, "rdf")),
    "wikidata": (from_entities, from_entities),
    "csv": (
        lambda value: read_csv(io.StringIO(_csv_text(value), newline="")),
        lambda data: read_csv(_text_file(data)),
    ),
}


def _valid_text(reader: str, claims: Any) -> str:
    """A valid input for ``reader``, made from a claim set."""
    if reader == "json":
        return dumps(claims)
    if reader == "jsonl":
        out = io.StringIO()
        write_jsonl(claims, out)
        return out.getvalue()
    if reader == "prov-json":
        return dumps_prov(claims)
    if reader == "prov-n":
        return dumps_prov(claims, "provn")
    if reader == "prov-o":
        return dumps_prov(claims, "rdf")
    if reader == "csv":
        out = io.StringIO()
        write_csv(claims, out)
        return out.getvalue()
    snak = {"snaktype": "value", "property": "P1", "datavalue": {"type": "string", "value": "x"}}
    entity = {"id": "Q1", "claims": {"P1": [{"mainsnak": snak, "rank": "normal"}]}}
    return json.dumps(entity)


def _read_text(reader: str, text: str) -> object:
    if reader == "jsonl":
        return _jsonl(text.split("\n"))
    if reader == "csv":
        return read_csv(io.StringIO(text, newline=""))
    return READERS[reader][1](text.encode())


#: How many times each property has called its reader.
CALLS: dict[str, int] = {}
_current = [""]


def expect_only_validation_errors(call: Callable[[], object]) -> None:
    """Run ``call``; accepting or raising ValidationError is fine, anything else
    fails (and Hypothesis shrinks it to a minimal example)."""
    CALLS[_current[0]] = CALLS.get(_current[0], 0) + 1
    error: ValidationError | None = None
    try:
        call()
    except ValidationError as raised:
        error = raised
    if error is not None:
        assert error.errors, "a ValidationError must list its problems"


def properties(reader: str) -> dict[str, Callable[..., None]]:
    """The fuzz properties of one reader, by input kind."""
    from_json, from_bytes = READERS[reader]

    @given(JSON)
    def json_values(value: Any) -> None:
        assert from_json is not None
        expect_only_validation_errors(lambda: from_json(value))

    @given(st.binary(max_size=300))
    def raw_bytes(data: bytes) -> None:
        expect_only_validation_errors(lambda: from_bytes(data))

    @given(claimsets(coherent=False, max_claims=3, max_attributions=4), st.data())
    def damaged(claims: Any, data: st.DataObject) -> None:
        text = _valid_text(reader, claims)
        cut = data.draw(st.integers(0, max(len(text) - 1, 0)))
        insert = data.draw(st.text(max_size=6))
        broken = text[:cut] + insert + text[cut + data.draw(st.integers(0, 5)) :]
        expect_only_validation_errors(lambda: _read_text(reader, broken))

    kinds = {"JSON values": json_values, "bytes": raw_bytes, "damaged valid input": damaged}
    if from_json is None:
        del kinds["JSON values"]
    return kinds


def run(examples: int, readers: list[str] | None = None) -> list[tuple[str, str, int, str]]:
    """Run every property with ``examples`` examples; (reader, kind, examples run,
    outcome) for each."""
    results = []
    for reader in readers or list(READERS):
        for kind, prop in properties(reader).items():
            _current[0] = f"{reader}/{kind}"
            CALLS[_current[0]] = 0
            configured = settings(
                max_examples=examples,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )(prop)
            start = time.perf_counter()
            try:
                configured()
                outcome = "0 unexpected"
            except Exception as error:  # reported in the table
                outcome = f"FAILED: {type(error).__name__}: {str(error).splitlines()[0][:80]}"
            results.append(
                (
                    reader,
                    kind,
                    CALLS[_current[0]],
                    f"{outcome} ({time.perf_counter() - start:.0f} s)",
                )
            )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=10_000, help="examples per property")
    parser.add_argument(
        "--readers",
        default=",".join(READERS),
        help=f"comma-separated readers to fuzz (default: all of {', '.join(READERS)})",
    )
    arguments = parser.parse_args(argv)
    readers = [name.strip() for name in arguments.readers.split(",") if name.strip()]
    unknown = sorted(set(readers) - set(READERS))
    if unknown:
        parser.error(f"unknown readers: {', '.join(unknown)}")
    start = time.perf_counter()
    results = run(arguments.examples, readers)
    asked = f"examples run (of {arguments.examples:,} asked)"
    print(f"| reader | input | {asked} | unexpected exceptions |")
    print("|---|---|---:|---|")
    for reader, kind, examples, outcome in results:
        print(f"| {reader} | {kind} | {examples:,} | {outcome} |")
    total = sum(row[2] for row in results)
    print(f"\n{total:,} examples in {time.perf_counter() - start:.0f} s")
    return 0 if all("0 unexpected" in row[3] for row in results) else 1


if __name__ == "__main__":
    sys.exit(main())
