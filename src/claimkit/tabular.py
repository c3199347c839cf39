"""Claim sets as tables: one row per attribution, joined with its claim and source.

For analysis in pandas, DuckDB, a spreadsheet or a database: :func:`rows` gives
plain dicts, :func:`write_csv` and :func:`read_csv` use the standard library, and
:func:`write_parquet` and :func:`read_parquet` use pyarrow (``pip install
claimkit[arrow]``). Writing and reading back gives an equal claim set: the
columns ``value_json`` and ``qualifiers`` hold values exactly, in the document
format's encoding, beside the columns made for analysis (``low``, ``best``,
``high``, ``value`` as text), and the records' extensions are kept in three JSON
columns. Sources and claims that no attribution names get a row of their own
(``record`` is then ``source`` or ``claim``), so nothing is lost but the
document-level extensions, which a table has no place for.

>>> from claimkit import examples
>>> from claimkit.tabular import rows
>>> claims = examples.load("makiivka")
>>> table = list(rows(claims))
>>> killed = [r for r in table if r["predicate"] == "Russian soldiers killed"]
>>> [(r["source_id"], r["best"], r["value"]) for r in killed]  # doctest: +NORMALIZE_WHITESPACE
[('bezsonov', None, 'unknown (at least 1)'), ('ru-mod', 63, '63'),
 ('ua-stratcom', 400, 'about 400'), ('ua-military', None, 'more than 63')]

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any, Final, TypeAlias

from ._canonical import attribution_content, claim_content, encode_value
from ._claimset import ClaimSet
from ._errors import ValidationError
from ._frozen import thaw_json
from ._model import Attribution, Claim, Source
from ._quantity import Quantity
from ._serial import (
    DEFAULT_CONVERTER,
    DEFAULT_LIMITS,
    Limits,
    atomic_replace,
    atomic_write,
    parse_json,
    structure,
)
from ._text import got
from ._values import Unknown, describe_value

__all__ = [
    "COLUMNS",
    "Row",
    "from_rows",
    "read_csv",
    "read_parquet",
    "rows",
    "to_arrow",
    "write_csv",
    "write_parquet",
]

#: A row, column name to text, number, boolean or None.
Row: TypeAlias = dict[str, str | int | float | bool | None]

#: The columns in order (what the row is for, the attribution, its claim with its
#: value spread over columns for analysis, and its original source).
COLUMNS: Final = (
    "record",
    "attribution_id",
    "claim_id",
    "subject",
    "predicate",
    "value",
    "value_type",
    "low",
    "best",
    "high",
    "unit",
    "approximate",
    "negated",
    "opinion",
    "value_json",
    "qualifiers",
    "source_id",
    "source_name",
    "source_kind",
    "source_affiliation",
    "source_description",
    "source_aliases",
    "source_metadata",
    "via",
    "stated",
    "mode",
    "stance",
    "certainty",
    "quote",
    "channel",
    "evidence_document",
    "evidence_start",
    "evidence_end",
    "retrieved",
    "rank",
    "rank_reason",
    "claim_extensions",
    "source_extensions",
    "attribution_extensions",
)
_FLAGS: Final = frozenset({"approximate", "negated", "opinion"})
_WHOLE: Final = re.compile(r"-?[0-9]+", re.ASCII)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _claim_columns(claim: Claim) -> Row:
    value = claim.value
    row: Row = {
        "claim_id": claim.id,
        "subject": claim.subject,
        "predicate": claim.predicate,
        "value": value if isinstance(value, str) else describe_value(value),
        "value_type": _value_type(value),
        "negated": claim.negated,
        "opinion": claim.opinion,
        "value_json": _json(encode_value(value)),
        "qualifiers": _json(claim_content(claim).get("qualifiers", {})),
        "claim_extensions": _json(thaw_json(claim.extensions)) if claim.extensions else None,
    }
    if isinstance(value, Quantity | Unknown):
        row["low"], row["high"], row["unit"] = value.low, value.high, value.unit
        if isinstance(value, Quantity):
            row["best"], row["approximate"] = value.best, value.approximate
    return row


def _value_type(value: object) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, str):
        return "text"
    return {"Quantity": "quantity", "PartialDate": "date", "Unknown": "unknown"}[
        type(value).__name__
    ]


def _source_columns(source: Source) -> Row:
    return {
        "source_id": source.id,
        "source_name": source.name,
        "source_kind": source.kind.value,
        "source_affiliation": source.affiliation,
        "source_description": source.description,
        "source_aliases": _json(list(source.aliases)) if source.aliases else None,
        "source_metadata": _json(dict(source.metadata)) if source.metadata else None,
        "source_extensions": _json(thaw_json(source.extensions)) if source.extensions else None,
    }


def _attribution_columns(attribution: Attribution) -> Row:
    content = attribution_content(attribution)
    evidence = attribution.evidence
    return {
        "attribution_id": attribution.id,
        "via": _json(list(attribution.via)) if attribution.via else None,
        "stated": content.get("stated"),
        "mode": content.get("mode"),
        "stance": attribution.stance.value,
        "certainty": attribution.certainty.value,
        "quote": attribution.quote,
        "channel": attribution.channel,
        "evidence_document": evidence.document if evidence else None,
        "evidence_start": evidence.start if evidence else None,
        "evidence_end": evidence.end if evidence else None,
        "retrieved": content.get("retrieved"),
        "rank": attribution.rank.value,
        "rank_reason": attribution.rank_reason,
        "attribution_extensions": (
            _json(thaw_json(attribution.extensions)) if attribution.extensions else None
        ),
    }


def rows(claimset: ClaimSet) -> Iterator[Row]:
    """The rows of a claim set, in canonical order: one per attribution, then one
    per source and per claim that no attribution names.

    Raises:
        ValidationError: ``claimset`` is not a :class:`~claimkit.ClaimSet`.
    """
    if not isinstance(claimset, ClaimSet):
        raise ValidationError(f"expected a ClaimSet, {got(claimset)}")
    empty: Row = dict.fromkeys(COLUMNS)
    named: set[str] = set()
    attributed: set[str] = set()
    claims, sources = claimset.claims, claimset.sources
    for attribution in claimset.attributions:
        named.add(attribution.source)
        attributed.add(attribution.claim)
        yield {
            **empty,
            "record": "attribution",
            **_claim_columns(claims[attribution.claim]),
            **_source_columns(sources[attribution.source]),
            **_attribution_columns(attribution),
        }
    for source in sorted(sources.values(), key=lambda s: s.id):
        if source.id not in named:
            yield {**empty, "record": "source", **_source_columns(source)}
    for claim in claimset.claims.values():
        if claim.id not in attributed:
            yield {**empty, "record": "claim", **_claim_columns(claim)}


def from_rows(table: Iterable[Mapping[str, Any]], *, limits: Limits | None = None) -> ClaimSet:
    """The claim set of rows as :func:`rows` gives them (values may be text, as a
    CSV file gives them).

    Args:
        table: The rows.
        limits: Bounds on the number of rows and the length of a cell's text (see
            :class:`~claimkit.Limits`).

    Raises:
        ValidationError: A row is malformed; the path names the row (counted from
            1) and the column.
    """
    limits = limits or DEFAULT_LIMITS
    sources: list[tuple[str, object]] = []
    claims: list[tuple[str, object]] = []
    attributions: list[tuple[str, object]] = []
    problems: list[ValidationError] = []
    for number, row in enumerate(table, start=1):
        where = f"row {number}"
        if number > limits.max_records:
            raise ValidationError(f"more rows than the limit of {limits.max_records:,}", path=where)
        try:
            if not isinstance(row, Mapping):
                raise ValidationError(f"expected a row of columns, {got(row)}", path=where)
            for column, cell in row.items():
                if isinstance(cell, str) and len(cell) > _cell_limit(limits):
                    raise ValidationError(
                        f"a cell of {len(cell)} characters is longer than the limit of "
                        f"{_cell_limit(limits)}",
                        path=f"{where}.{column}",
                    )
            kind = _cell(row, "record", where)
            if kind not in ("attribution", "source", "claim"):
                raise ValidationError(
                    f"expected 'attribution', 'source' or 'claim', {got(kind)}",
                    path=f"{where}.record",
                )
            if kind in ("attribution", "claim"):
                claims.append((where, _claim(row, where)))
            if kind in ("attribution", "source"):
                sources.append((where, _source(row, where)))
            if kind == "attribution":
                attributions.append((where, _attribution(row, where)))
        except ValidationError as error:
            problems.extend(error.errors)
    return ClaimSet._assemble(sources, claims, attributions, problems=problems)


def _cell_limit(limits: Limits) -> int:
    """The longest cell: a string at the limit, written as JSON with every
    character escaped, fits."""
    return 6 * limits.max_string_length + 2


def _cell(row: Mapping[str, Any], column: str, where: str) -> Any:
    value = row.get(column)
    return None if value == "" else value


def _json_cell(row: Mapping[str, Any], column: str, where: str) -> Any:
    value = _cell(row, column, where)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(f"expected JSON text, {got(value)}", path=f"{where}.{column}")
    try:
        return parse_json(value)
    except ValidationError as error:
        raise ValidationError(error.message, path=f"{where}.{column}") from None


def _flag(row: Mapping[str, Any], column: str, where: str) -> bool | None:
    value = _cell(row, column, where)
    if value in (None, False, "False", "false"):
        return False if value is not None else None
    if value in (True, "True", "true"):
        return True
    raise ValidationError(f"expected true or false, {got(value)}", path=f"{where}.{column}")


def _integer(row: Mapping[str, Any], column: str, where: str) -> int | None:
    value = _cell(row, column, where)
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError(f"expected a whole number, {got(value)}", path=f"{where}.{column}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    # ASCII digits only: str.isdigit() also admits '²', which int() refuses.
    if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        return int(value)
    raise ValidationError(f"expected a whole number, {got(value)}", path=f"{where}.{column}")


def _claim(row: Mapping[str, Any], where: str) -> Claim:
    fields: dict[str, Any] = {
        "id": _cell(row, "claim_id", where),
        "subject": _cell(row, "subject", where),
        "predicate": _cell(row, "predicate", where),
        "value": _json_cell(row, "value_json", where),
    }
    qualifiers = _json_cell(row, "qualifiers", where)
    if qualifiers:
        fields["qualifiers"] = qualifiers
    for name in ("negated", "opinion"):
        if _flag(row, name, where):
            fields[name] = True
    fields["extensions"] = _json_cell(row, "claim_extensions", where)
    return structure(DEFAULT_CONVERTER, _present(fields), Claim, where)


def _source(row: Mapping[str, Any], where: str) -> Source:
    fields: dict[str, Any] = {
        "id": _cell(row, "source_id", where),
        "name": _cell(row, "source_name", where),
        "kind": _cell(row, "source_kind", where),
        "affiliation": _cell(row, "source_affiliation", where),
        "description": _cell(row, "source_description", where),
        "aliases": _json_cell(row, "source_aliases", where),
        "metadata": _json_cell(row, "source_metadata", where),
        "extensions": _json_cell(row, "source_extensions", where),
    }
    return structure(DEFAULT_CONVERTER, _present(fields), Source, where)


def _attribution(row: Mapping[str, Any], where: str) -> Attribution:
    fields: dict[str, Any] = {
        "claim": _cell(row, "claim_id", where),
        "source": _cell(row, "source_id", where),
        "via": _json_cell(row, "via", where),
        "stated": _cell(row, "stated", where),
        "mode": _cell(row, "mode", where),
        "stance": _cell(row, "stance", where),
        "certainty": _cell(row, "certainty", where),
        "quote": _cell(row, "quote", where),
        "channel": _cell(row, "channel", where),
        "retrieved": _cell(row, "retrieved", where),
        "rank": _cell(row, "rank", where),
        "rank_reason": _cell(row, "rank_reason", where),
        "extensions": _json_cell(row, "attribution_extensions", where),
    }
    document = _cell(row, "evidence_document", where)
    if document is not None:
        fields["evidence"] = {
            "document": document,
            "start": _integer(row, "evidence_start", where),
            "end": _integer(row, "evidence_end", where),
        }
    attribution = structure(DEFAULT_CONVERTER, _present(fields), Attribution, where)
    given = _cell(row, "attribution_id", where)
    if given is not None and given != attribution.id:
        raise ValidationError(
            f"{got(given)}, but the row's content gives {attribution.id!r}",
            path=f"{where}.attribution_id",
        )
    return attribution


def _present(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}


# -- CSV ------------------------------------------------------------------------------


def write_csv(claimset: ClaimSet, file: str | os.PathLike[str] | IO[str]) -> None:
    """Write a claim set as CSV: a header of :data:`COLUMNS`, then :func:`rows`.

    Written to a path, the file is replaced atomically (see :func:`~claimkit.dump`).
    """
    table = rows(claimset)

    def write(out: IO[str]) -> None:
        # The default line terminator, CRLF as RFC 4180 has it, also makes the
        # writer quote fields that hold a lone carriage return.
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for row in table:
            writer.writerow(row)

    if isinstance(file, str | os.PathLike):
        atomic_write(file, write)
    else:
        write(file)


def read_csv(file: str | os.PathLike[str] | IO[str], *, limits: Limits | None = None) -> ClaimSet:
    """Read a claim set from CSV written by :func:`write_csv`.

    Args:
        file: A path or an open text file.
        limits: Bounds on size, rows and cell length (see
            :class:`~claimkit.Limits`).

    Raises:
        ValidationError: The header is not claimkit's, a row is malformed
            (``row 7.value_json: ...``), or the file is beyond the limits.
        OSError: The file cannot be read.
    """
    limits = limits or DEFAULT_LIMITS
    if isinstance(file, str | os.PathLike):
        size = os.stat(file).st_size
        if size > limits.max_bytes:
            raise ValidationError(
                f"the file is {size:,} bytes, more than the limit of {limits.max_bytes:,}"
            )
        with open(file, encoding="utf-8", newline="") as handle:
            return read_csv(handle, limits=limits)
    try:
        text = file.read(limits.max_bytes + 1)
    except UnicodeDecodeError as error:
        raise ValidationError(f"not UTF-8 text: bad byte at offset {error.start}") from None
    if not isinstance(text, str):
        raise ValidationError(f"expected text, {got(text)}")
    if len(text) > limits.max_bytes:
        raise ValidationError(f"the text is longer than the limit of {limits.max_bytes:,}")
    # The csv module refuses fields over 128 KiB by default, a process-wide
    # setting: raise it, for this read, to the longest cell the limits allow.
    previous = csv.field_size_limit()
    csv.field_size_limit(_cell_limit(limits))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = reader.fieldnames
        if header is None or tuple(header) != COLUMNS:
            missing = sorted(set(COLUMNS) - set(header or ()))
            extra = sorted(set(header or ()) - set(COLUMNS))
            detail = "; ".join(
                part
                for part in (
                    f"missing {', '.join(missing)}" if missing else "",
                    f"unknown {', '.join(extra)}" if extra else "",
                )
                if part
            )
            raise ValidationError(
                "not claimkit CSV: the header is not claimkit's columns"
                + (f" ({detail})" if detail else " (in another order)"),
                path="header",
            )
        table: list[dict[str | Any, str | Any]] = []
        for row in reader:
            if len(table) >= limits.max_records:
                raise ValidationError(
                    f"more rows than the limit of {limits.max_records:,}",
                    path=f"row {len(table) + 1}",
                )
            table.append(row)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise ValidationError(
                f"a cell is longer than the limit of {_cell_limit(limits):,} characters "
                f"(for strings of up to {limits.max_string_length:,})",
                path=f"row {len(table) + 1}",
            ) from None
        raise ValidationError(f"not readable as CSV: {error}") from None
    finally:
        csv.field_size_limit(previous)
    for number, row in enumerate(table, start=1):
        if None in row:
            raise ValidationError("the row has more cells than the header", path=f"row {number}")
    return from_rows(table, limits=limits)


# -- Parquet --------------------------------------------------------------------------


def _arrow() -> Any:
    try:
        import pyarrow  # noqa: PLC0415 - an optional extra
        import pyarrow.parquet  # noqa: PLC0415
    except ImportError as error:  # pragma: no cover - the extra is installed in CI
        raise ImportError("Parquet needs pyarrow: pip install 'claimkit[arrow]'") from error
    return pyarrow


def _arrow_schema(pa: Any) -> Any:
    types = {name: pa.string() for name in COLUMNS}
    types.update({name: pa.float64() for name in ("low", "best", "high")})
    types.update({name: pa.int64() for name in ("evidence_start", "evidence_end")})
    types.update({name: pa.bool_() for name in _FLAGS})
    return pa.schema([(name, types[name]) for name in COLUMNS])


def to_arrow(claimset: ClaimSet) -> Any:
    """The claim set as a ``pyarrow.Table`` of :data:`COLUMNS` (numbers as
    float64 for analysis; ``value_json`` stays exact)."""
    pa = _arrow()
    table = list(rows(claimset))
    columns = {name: [row[name] for row in table] for name in COLUMNS}
    for name in ("low", "best", "high"):
        columns[name] = [None if value is None else float(value) for value in columns[name]]
    return pa.Table.from_pydict(columns, schema=_arrow_schema(pa))


def write_parquet(claimset: ClaimSet, path: str | os.PathLike[str]) -> None:
    """Write a claim set as a Parquet file of :data:`COLUMNS`, atomically."""
    import pyarrow.parquet as pq  # noqa: PLC0415

    table = to_arrow(claimset)
    # pyarrow writes by path: to a temporary file beside the target, which then
    # replaces it, as dump does for text.
    atomic_replace(path, lambda temporary: pq.write_table(table, temporary))


def read_parquet(path: str | os.PathLike[str], *, limits: Limits | None = None) -> ClaimSet:
    """Read a claim set from a Parquet file written by :func:`write_parquet`;
    ``limits`` are as for :func:`read_csv`.

    Raises:
        ValidationError: The file is not a Parquet file of claimkit's columns, or a
            row is malformed.
    """
    pa = _arrow()
    import pyarrow.parquet as pq  # noqa: PLC0415

    limits = limits or DEFAULT_LIMITS
    size = os.stat(path).st_size
    if size > limits.max_bytes:
        raise ValidationError(
            f"the file is {size:,} bytes, more than the limit of {limits.max_bytes:,}"
        )
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as error:
        if isinstance(error, FileNotFoundError):
            raise
        raise ValidationError(f"not a Parquet file: {error}") from None
    if tuple(table.column_names) != COLUMNS:
        raise ValidationError("not claimkit Parquet: its columns are not claimkit's", path="header")
    if table.num_rows > limits.max_records:
        raise ValidationError(
            f"the file has {table.num_rows:,} rows, more than the limit of {limits.max_records:,}"
        )
    data = table.to_pydict()
    count = table.num_rows
    records = [{name: data[name][index] for name in COLUMNS} for index in range(count)]
    for record in records:
        for name in ("evidence_start", "evidence_end"):
            if isinstance(record[name], float):
                record[name] = int(record[name])
    return from_rows(records, limits=limits)
