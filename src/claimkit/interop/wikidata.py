"""Wikidata: Wikibase entity JSON as claim sets.

Reads the JSON of ``Special:EntityData/Q….json``, of the JSON dumps (an array of
entities, or one entity per line), or a single entity. No extra package is needed.

Each statement becomes a claim about its entity: the subject is the entity
("Bielefeld (Q2112)", with the entity's label where the file has one), the predicate
its property ("P1082", or "population (P1082)" with ``labels``), the value a claimkit
value:

===================  ========================================================
Wikibase value       claimkit value
===================  ========================================================
quantity             :class:`~claimkit.Quantity` (amount as best figure, lower
                     and upper bounds; unit the unit's item id, none for "1")
time                 :class:`~claimkit.PartialDate` at year, month or day
                     precision (coarser precisions and years outside 1 to 9999
                     as text)
item, property       text: the id, or "label (id)" with ``labels``
string, url, id, …   text
monolingual text     text, with the language as a qualifier
globe coordinate     text, "latitude, longitude"
*some value*         :class:`~claimkit.Unknown`
*no value*           a negated claim of ``Unknown()``: there is none
===================  ========================================================

Qualifiers become qualifiers (a property with several values gives ``P585``,
``P585 (2)``…). Each reference becomes an :class:`~claimkit.Attribution` to the
source it cites: its *stated in* (P248) or *imported from* (P143) item, else its
*reference URL* (P854), with its *publication date* (P577) as the date stated, its
*retrieved* date (P813), its *quote* (P1683) and the URL as channel. A statement
without references is attributed to Wikidata itself. Ranks are kept: a deprecated
statement's attributions are ranked deprecated, with its *reason for deprecated
rank* (P2241), and reconciliation sets them aside unless asked to include them.

Reconciling an item's statements usually wants the point in time as a key
qualifier, so that populations of different years are different questions:

>>> entity = {"id": "Q1", "labels": {"en": {"language": "en", "value": "Town"}},
...     "claims": {"P1082": [
...         {"mainsnak": {"snaktype": "value", "property": "P1082",
...                       "datavalue": {"type": "quantity",
...                                     "value": {"amount": "+1200", "unit": "1"}}},
...          "qualifiers": {"P585": [{"snaktype": "value", "property": "P585",
...              "datavalue": {"type": "time", "value": {"time": "+2020-00-00T00:00:00Z",
...                                                      "precision": 9}}}]},
...          "rank": "normal", "id": "Q1$1"}]}}
>>> from claimkit import reconcile
>>> from claimkit.interop.wikidata import from_entities
>>> result = reconcile(from_entities(entity), key_qualifiers=["P585"])
>>> print(result.findings[0].subject, "|", result.findings[0].estimate)
Town (Q1) | 1,200

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final
from urllib.parse import urlparse

from claimkit._claimset import ClaimSet
from claimkit._dates import PartialDate
from claimkit._errors import ValidationError
from claimkit._model import Attribution, Claim, Source
from claimkit._quantity import Number, Quantity
from claimkit._serial import DEFAULT_LIMITS, Limits, parse_json
from claimkit._text import got, key_path
from claimkit._values import Unknown, Value

__all__ = ["WIKIDATA", "from_entities", "load_entities"]

#: The source of statements that cite no reference, Wikidata itself.
WIKIDATA: Final = Source(
    id="wikidata", name="Wikidata", kind="document", description="The Wikidata knowledge base"
)

_STATED_IN: Final = "P248"
_IMPORTED_FROM: Final = "P143"
_REFERENCE_URL: Final = "P854"
_PUBLISHED: Final = "P577"
_RETRIEVED: Final = "P813"
_QUOTE: Final = "P1683"
_DEPRECATION_REASON: Final = "P2241"
_JULIAN: Final = "http://www.wikidata.org/entity/Q1985786"


def load_entities(
    path: str | os.PathLike[str],
    *,
    labels: Mapping[str, str] | None = None,
    language: str = "en",
    limits: Limits | None = None,
) -> ClaimSet:
    """Read a file of Wikibase entity JSON: a ``Special:EntityData`` document, one
    entity, a JSON array of entities (a dump), or one entity per line. The
    arguments are as for :func:`from_entities`.

    Raises:
        ValidationError: The file is not entity JSON, naming the bad field, or it
            is beyond the limits.
        OSError: The file cannot be read.
    """
    limits = limits or DEFAULT_LIMITS
    size = os.stat(path).st_size
    if size > limits.max_bytes:
        raise ValidationError(
            f"the file is {size:,} bytes, more than the limit of {limits.max_bytes:,}"
        )
    with open(path, "rb") as file:
        data = file.read()
    try:
        text = data.decode("utf-8", errors="strict") if data else ""
    except UnicodeDecodeError as error:
        raise ValidationError(f"not UTF-8 text: bad byte at offset {error.start}") from None
    lines = [line.strip().rstrip(",") for line in text.splitlines() if line.strip()]
    if (
        len(lines) > 1
        and lines[0] not in ("[", "{")
        and all(line.startswith("{") for line in lines)
    ):
        # A dump with one entity per line (and perhaps the brackets of an array).
        entities = [parse_json(line, limits) for line in lines if line not in ("[", "]")]
        return from_entities(entities, labels=labels, language=language, limits=limits)
    return from_entities(parse_json(data, limits), labels=labels, language=language, limits=limits)


def from_entities(
    data: object,
    *,
    labels: Mapping[str, str] | None = None,
    language: str = "en",
    limits: Limits | None = None,
) -> ClaimSet:
    """The claim set of parsed Wikibase entity JSON.

    Args:
        data: A ``Special:EntityData`` document (``{"entities": {...}}``), one
            entity, or a list of entities; or their JSON text.
        labels: Names for item and property ids (``{"P1082": "population"}``),
            used in subjects, predicates, qualifier names and item values.
        language: The language of the entities' own labels to use.
        limits: Bounds on the size of JSON text and the number of statements (see
            :class:`~claimkit.Limits`).

    Raises:
        ValidationError: The data is not entity JSON; every problem is listed with
            its path (``entities.Q2112.claims.P1082[3].mainsnak.datavalue``). An
            entity, or a statement id, given twice with different content is
            refused.
    """
    limits = limits or DEFAULT_LIMITS
    if isinstance(data, str | bytes):
        data = parse_json(data, limits)
    names = dict(labels or {})
    entities = _distinct(list(_entities(data)))
    sources: dict[str, Source] = {}
    claims: list[Claim] = []
    attributions: list[Attribution] = []
    problems: list[ValidationError] = []
    for path, entity in entities:
        own = _label(entity, language, path)
        if own is not None:
            names.setdefault(entity["id"], own)
    statements: dict[str, tuple[str, object]] = {}
    for path, entity in entities:
        try:
            _entity(entity, path, names, sources, claims, attributions, problems, statements)
        except ValidationError as error:
            problems.extend(error.errors)
        if len(statements) > limits.max_records or len(claims) > limits.max_records:
            raise ValidationError(
                f"more statements than the limit of {limits.max_records:,}", path=path
            )
    if problems:
        raise ValidationError.collect(problems)
    return ClaimSet(sources=sources.values(), claims=claims, attributions=attributions)


def _entities(data: object) -> Iterator[tuple[str, Mapping[str, Any]]]:
    if isinstance(data, Mapping) and "entities" in data:
        entities = data["entities"]
        if not isinstance(entities, Mapping):
            raise ValidationError(
                f"expected an object of entities, {got(entities)}", path="entities"
            )
        for key, entity in entities.items():
            yield "entities" + key_path(str(key)), _object(entity, "entities" + key_path(str(key)))
    elif isinstance(data, Mapping):
        yield "", data
    elif isinstance(data, list):
        for index, entity in enumerate(data):
            yield f"[{index}]", _object(entity, f"[{index}]")
    else:
        raise ValidationError(f"expected Wikibase entity JSON (an object), {got(data)}")


def _distinct(
    entities: list[tuple[str, Mapping[str, Any]]],
) -> list[tuple[str, Mapping[str, Any]]]:
    """The entities, each id once: an entity given twice alike is read once, and
    given twice differently is refused (which of the two is right, claimkit
    cannot tell)."""
    seen: dict[object, tuple[str, Mapping[str, Any]]] = {}
    kept: list[tuple[str, Mapping[str, Any]]] = []
    problems: list[ValidationError] = []
    for path, entity in entities:
        identifier = entity.get("id")
        if not isinstance(identifier, str) or identifier not in seen:
            if isinstance(identifier, str):
                seen[identifier] = (path, entity)
            kept.append((path, entity))
        elif seen[identifier][1] != entity:
            problems.append(
                ValidationError(
                    f"entity {identifier!r} is already given, with different content, "
                    f"at {seen[identifier][0] or 'the top'}",
                    path=_join(path, "id"),
                )
            )
    if problems:
        raise ValidationError.collect(problems)
    return kept


def _object(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValidationError(f"expected an object, {got(value)}", path=path)
    return value


def _map(value: object, path: str) -> Mapping[str, Any]:
    """An object of Wikibase JSON, where an empty one may come as ``[]``: Wikibase
    is written in PHP, whose empty array serialises as a JSON list."""
    if value == []:
        return {}
    return _object(value, path)


def _list(value: object, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValidationError(f"expected a list, {got(value)}", path=path)
    return value


def _string(value: object, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"expected a non-empty string, {got(value)}", path=path)
    return value


def _join(path: str, step: str) -> str:
    return f"{path}.{step}" if path else step


def _label(entity: Mapping[str, Any], language: str, path: str) -> str | None:
    labels = entity.get("labels")
    if not isinstance(labels, Mapping):
        return None
    label = labels.get(language)
    if (
        isinstance(label, Mapping)
        and isinstance(label.get("value"), str)
        and label["value"].strip()
    ):
        return str(label["value"])
    return None


def _named(identifier: str, names: Mapping[str, str]) -> str:
    name = names.get(identifier)
    return f"{name} ({identifier})" if name else identifier


def _entity(
    entity: Mapping[str, Any],
    path: str,
    names: Mapping[str, str],
    sources: dict[str, Source],
    claims: list[Claim],
    attributions: list[Attribution],
    problems: list[ValidationError],
    seen: dict[str, tuple[str, object]],
) -> None:
    identifier = _string(entity.get("id"), _join(path, "id"))
    subject = _named(identifier, names)
    statements = entity.get("claims", entity.get("statements", {}))
    for prop, group in _map(statements, _join(path, "claims")).items():
        group_path = _join(path, "claims") + key_path(str(prop))
        for index, statement in enumerate(_list(group, group_path)):
            where = f"{group_path}[{index}]"
            statement_id = statement.get("id") if isinstance(statement, Mapping) else None
            if isinstance(statement_id, str):
                if statement_id in seen:
                    first, content = seen[statement_id]
                    if content != statement:
                        problems.append(
                            ValidationError(
                                f"statement {statement_id!r} is already given, with "
                                f"different content, at {first}",
                                path=_join(where, "id"),
                            )
                        )
                    continue
                seen[statement_id] = (where, statement)
            try:
                _statement(
                    identifier, subject, _object(statement, where), where, names,
                    sources, claims, attributions,
                )  # fmt: skip
            except ValidationError as error:
                problems.extend(error.errors)


def _statement(
    entity: str,
    subject: str,
    statement: Mapping[str, Any],
    path: str,
    names: Mapping[str, str],
    sources: dict[str, Source],
    claims: list[Claim],
    attributions: list[Attribution],
) -> None:
    snak = _object(statement.get("mainsnak"), _join(path, "mainsnak"))
    prop = _string(snak.get("property"), _join(path, "mainsnak.property"))
    value, negated, extra = _snak(snak, _join(path, "mainsnak"), names)
    qualifiers: dict[str, Value] = dict(extra)
    reason: str | None = None
    raw_qualifiers = _map(statement.get("qualifiers", {}), _join(path, "qualifiers"))
    for qualifier, snaks in raw_qualifiers.items():
        where = _join(path, "qualifiers") + key_path(str(qualifier))
        for number, qualifier_snak in enumerate(_list(snaks, where)):
            snak_path = f"{where}[{number}]"
            converted, _, _ = _snak(_object(qualifier_snak, snak_path), snak_path, names)
            if qualifier == _DEPRECATION_REASON:
                reason = str(converted)
                continue
            name = _named(str(qualifier), names)
            qualifiers[name if number == 0 else f"{name} ({number + 1})"] = converted
    rank = statement.get("rank", "normal")
    if rank not in ("preferred", "normal", "deprecated"):
        raise ValidationError(
            f"expected 'preferred', 'normal' or 'deprecated', {got(rank)}", path=_join(path, "rank")
        )
    claim = Claim(
        subject=subject,
        predicate=_named(prop, names),
        value=value,
        qualifiers=qualifiers,
        negated=negated,
    )
    claims.append(claim)
    statement_id = statement.get("id")
    link = (
        f"https://www.wikidata.org/wiki/{entity}#{statement_id}"
        if isinstance(statement_id, str) and statement_id.strip()
        else f"https://www.wikidata.org/wiki/{entity}"
    )
    references = _list(statement.get("references", []), _join(path, "references"))
    common = {"rank": rank, "rank_reason": reason if rank == "deprecated" else None}
    if not references:
        sources.setdefault(WIKIDATA.id, WIKIDATA)
        attributions.append(Attribution(claim=claim, source=WIKIDATA, channel=link, **common))
    for number, reference in enumerate(references):
        where = f"{_join(path, 'references')}[{number}]"
        attributions.append(
            _reference(claim, _object(reference, where), where, names, sources, link, common)
        )


def _reference(
    claim: Claim,
    reference: Mapping[str, Any],
    path: str,
    names: Mapping[str, str],
    sources: dict[str, Source],
    link: str,
    common: Mapping[str, Any],
) -> Attribution:
    snaks = _map(reference.get("snaks", {}), _join(path, "snaks"))
    found: dict[str, Value] = {}
    raw_ids: dict[str, str] = {}
    for prop, values in snaks.items():
        where = _join(path, "snaks") + key_path(str(prop))
        for number, raw_snak in enumerate(_list(values, where)):
            snak_path = f"{where}[{number}]"
            snak = _object(raw_snak, snak_path)
            converted, _, _ = _snak(snak, snak_path, {})
            found.setdefault(str(prop), converted)
            raw = snak.get("datavalue", {})
            if isinstance(raw, Mapping) and isinstance(raw.get("value"), Mapping):
                item = raw["value"].get("id")
                if isinstance(item, str):
                    raw_ids.setdefault(str(prop), item)
    url = found.get(_REFERENCE_URL)
    source: Source
    for prop in (_STATED_IN, _IMPORTED_FROM):
        if prop in raw_ids:
            item = raw_ids[prop]
            source = Source(id=item, name=names.get(item, item), kind="document")
            break
    else:
        if isinstance(url, str):
            host = urlparse(url).netloc or url
            source = Source(id=url, name=host, kind="document")
        elif found:
            first = sorted(found)[0]
            source = Source(id=f"{first}:{found[first]}", name=str(found[first]), kind="document")
        else:
            source = WIKIDATA
    sources.setdefault(source.id, source)
    if sources[source.id] != source:
        # The same id named two ways (a label seen late): keep the first.
        source = sources[source.id]
    stated = found.get(_PUBLISHED)
    retrieved = found.get(_RETRIEVED)
    quote = found.get(_QUOTE)
    return Attribution(
        claim=claim,
        source=source,
        stated=stated if isinstance(stated, PartialDate) else None,
        retrieved=retrieved if isinstance(retrieved, PartialDate) else None,
        quote=quote if isinstance(quote, str) else None,
        channel=url if isinstance(url, str) else link,
        **common,
    )


def _snak(
    snak: Mapping[str, Any], path: str, names: Mapping[str, str]
) -> tuple[Value, bool, dict[str, Value]]:
    """A snak's value, whether it is negated (no value), and qualifiers it brings."""
    kind = snak.get("snaktype", "value")
    if kind == "somevalue":
        return Unknown(), False, {}
    if kind == "novalue":
        return Unknown(), True, {}
    if kind != "value":
        raise ValidationError(
            f"expected 'value', 'somevalue' or 'novalue', {got(kind)}", path=_join(path, "snaktype")
        )
    datavalue = _object(snak.get("datavalue"), _join(path, "datavalue"))
    where = _join(path, "datavalue.value")
    value = datavalue.get("value")
    kind = datavalue.get("type")
    if kind == "quantity":
        return _quantity(_object(value, where), where), False, {}
    if kind == "time":
        time = _object(value, where)
        julian = {"calendar": "Julian"} if time.get("calendarmodel") == _JULIAN else {}
        return _time(time, where), False, dict(julian)
    if kind == "wikibase-entityid":
        reference = _object(value, where)
        item = reference.get("id")
        if not isinstance(item, str):
            numeric = reference.get("numeric-id")
            prefix = {"property": "P", "lexeme": "L"}.get(str(reference.get("entity-type")), "Q")
            if type(numeric) is not int:
                raise ValidationError(f"expected an entity id, {got(value)}", path=where)
            item = f"{prefix}{numeric}"
        return _named(item, names), False, {}
    if kind == "monolingualtext":
        text = _object(value, where)
        return (
            _string(text.get("text"), _join(where, "text")),
            False,
            {"language": _string(text.get("language"), _join(where, "language"))},
        )
    if kind == "globecoordinate":
        point = _object(value, where)
        latitude, longitude = point.get("latitude"), point.get("longitude")
        if not all(
            isinstance(x, int | float) and not isinstance(x, bool) for x in (latitude, longitude)
        ):
            raise ValidationError(f"expected a latitude and a longitude, {got(value)}", path=where)
        return f"{latitude}, {longitude}", False, {}
    if kind == "string":
        return _string(value, where), False, {}
    if isinstance(value, str) and value.strip():
        return value, False, {}
    if value is None or value == "":
        raise ValidationError(f"expected a value, {got(value)}", path=where)
    return json.dumps(value, sort_keys=True, ensure_ascii=False), False, {}


def _number(value: object, path: str) -> Number:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ValidationError(f"expected a number, {got(value)}", path=path)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError(f"expected a number, {got(value)}", path=path) from None
    if not number.is_finite():
        raise ValidationError(f"expected a finite number, {got(value)}", path=path)
    if number == number.to_integral_value():
        return int(number)
    result = float(number)
    if result in (float("inf"), float("-inf")):
        raise ValidationError(f"the number is too large, {got(value)}", path=path)
    return result


def _quantity(value: Mapping[str, Any], path: str) -> Quantity:
    amount = _number(value.get("amount"), _join(path, "amount"))
    low = value.get("lowerBound")
    high = value.get("upperBound")
    unit = value.get("unit", "1")
    if not isinstance(unit, str):
        raise ValidationError(f"expected a unit, {got(unit)}", path=_join(path, "unit"))
    unit_id = None if unit in ("1", "") else unit.rsplit("/", 1)[-1]
    try:
        return Quantity(
            low=amount if low is None else _number(low, _join(path, "lowerBound")),
            best=amount,
            high=amount if high is None else _number(high, _join(path, "upperBound")),
            unit=unit_id,
        )
    except ValidationError as error:
        raise error.at(path) if error.path else ValidationError(error.message, path=path) from None


_PRECISIONS: Final = {
    0: "billion years", 1: "hundred million years", 3: "million years", 4: "hundred thousand years",
    5: "ten thousand years", 6: "millennium", 7: "century", 8: "decade",
}  # fmt: skip


def _time(value: Mapping[str, Any], path: str) -> Value:
    text = _string(value.get("time"), _join(path, "time"))
    precision = value.get("precision", 11)
    if type(precision) is not int or not 0 <= precision <= 14:
        raise ValidationError(
            f"expected a precision 0 to 14, {got(precision)}", path=_join(path, "precision")
        )
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    date_part = body.split("T", 1)[0]
    pieces = date_part.split("-")
    try:
        year, month, day = (int(piece) for piece in [*pieces, "0", "0"][:3])
    except ValueError:
        raise ValidationError(
            f"expected a Wikibase time, {got(text)}", path=_join(path, "time")
        ) from None
    year *= sign
    if precision >= 9 and 1 <= year <= 9999:
        try:
            date = PartialDate(
                year,
                month if precision >= 10 and month else None,
                day if precision >= 11 and month and day else None,
            )
        except ValidationError as error:
            raise ValidationError(error.message, path=_join(path, "time")) from None
        return date
    scale = _PRECISIONS.get(precision, "year" if precision == 9 else "day")
    return f"{text} ({scale})"
