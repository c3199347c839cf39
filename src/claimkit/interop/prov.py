"""W3C PROV: claim sets as PROV documents, and PROV documents as claim sets.

Needs the ``prov`` package: ``pip install claimkit[prov]`` (which also brings
``rdflib`` for PROV-O).

The mapping (see the how-to page for the full table): a :class:`~claimkit.Claim` is
an *entity* of type ``ck:Claim``; a :class:`~claimkit.Source` is an *agent* of type
``ck:Source`` (and ``prov:Person`` or ``prov:Organization`` where its kind is one);
an :class:`~claimkit.Attribution` is a *wasAttributedTo* relation from the claim to
its original source, qualified with when it was stated, its mode, stance, certainty,
quote, channel and evidence. The reporting chain becomes PROV's own terms too: each
relay publishes a *report* entity that *wasQuotedFrom* the claim (or the previous
report), and the last report *hadPrimarySource* the claim, so that tools that know
only PROV still see who relayed whom.

Documents that this module writes read back to an equal claim set. Documents written
by other tools are read as far as they carry claims: every attribute of an entity
attributed to an agent becomes a claim by that agent about the entity; a document
without such facts is refused with a :class:`~claimkit.ValidationError` saying what
is missing.

>>> from claimkit import examples
>>> from claimkit.interop.prov import dumps_prov, loads_prov
>>> claims = examples.load("makiivka")
>>> loads_prov(dumps_prov(claims)) == claims
True

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import math
import os
import warnings
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, Literal
from urllib.parse import quote, unquote

try:
    import prov.model as pm
    from prov.constants import PROV_LABEL, PROV_TYPE, PROV_VALUE, XSD
except ImportError as error:  # pragma: no cover - the extra is installed in CI
    raise ImportError(
        "claimkit.interop.prov needs the prov package: pip install 'claimkit[prov]'"
    ) from error

from claimkit._canonical import encode_value
from claimkit._claimset import ClaimSet
from claimkit._dates import PartialDate, Precision
from claimkit._errors import ValidationError
from claimkit._frozen import thaw_json
from claimkit._model import Attribution, Claim, Source, SourceKind
from claimkit._quantity import Quantity
from claimkit._serial import (
    DEFAULT_CONVERTER,
    DEFAULT_LIMITS,
    Limits,
    atomic_write,
    parse_json,
    structure,
)
from claimkit._text import got
from claimkit._values import Value, describe_value

__all__ = [
    "CLAIMKIT_NAMESPACE",
    "Format",
    "dump_prov",
    "dumps_prov",
    "from_prov",
    "load_prov",
    "loads_prov",
    "to_prov",
]

#: The namespace of claimkit's PROV vocabulary (types and attributes).
CLAIMKIT_NAMESPACE: Final = "https://claimkit.readthedocs.io/ns#"
# Identifiers of records. They end in "/" so that RDF tools can split them into a
# namespace and a local part; they need not resolve.
_CLAIM_NS: Final = "https://claimkit.readthedocs.io/id/claim/"
_SOURCE_NS: Final = "https://claimkit.readthedocs.io/id/source/"
_ATTRIBUTION_NS: Final = "https://claimkit.readthedocs.io/id/attribution/"
_REPORT_NS: Final = "https://claimkit.readthedocs.io/id/report/"

#: The serialisations, ``json`` (PROV-JSON), ``provn`` (PROV-N) and ``rdf``
#: (PROV-O as Turtle).
Format = Literal["json", "provn", "rdf"]
_SUFFIXES: Final[Mapping[str, Format]] = {
    ".json": "json",
    ".provjson": "json",
    ".provn": "provn",
    ".ttl": "rdf",
    ".rdf": "rdf",
}

_KIND_TYPES: Final = {
    SourceKind.PERSON: "Person",
    SourceKind.ORGANIZATION: "Organization",
    SourceKind.GOVERNMENT: "Organization",
    SourceKind.MILITARY: "Organization",
    SourceKind.MEDIA: "Organization",
}
_PRECISION_TYPES: Final = {
    Precision.YEAR: "gYear",
    Precision.MONTH: "gYearMonth",
    Precision.DAY: "date",
}
#: Attribution fields written as plain ck: attributes, in this order.
_PLAIN_FIELDS: Final = ("mode", "stance", "certainty", "quote", "channel", "rank", "rank_reason")


# -- export ---------------------------------------------------------------------------


def to_prov(claimset: ClaimSet) -> pm.ProvDocument:
    """The PROV document of a claim set.

    Raises:
        ValidationError: ``claimset`` is not a :class:`~claimkit.ClaimSet`.
    """
    if not isinstance(claimset, ClaimSet):
        raise ValidationError(f"expected a ClaimSet, {got(claimset)}")
    document = pm.ProvDocument()
    ck = document.add_namespace("ck", CLAIMKIT_NAMESPACE)
    claim_ns = document.add_namespace("claim", _CLAIM_NS)
    source_ns = document.add_namespace("source", _SOURCE_NS)
    attribution_ns = document.add_namespace("attribution", _ATTRIBUTION_NS)
    report_ns = document.add_namespace("report", _REPORT_NS)

    for source in claimset.records():
        if not isinstance(source, Source):
            continue
        attributes: list[tuple[Any, Any]] = [(PROV_TYPE, ck["Source"])]
        if source.kind in _KIND_TYPES:
            attributes.append((PROV_TYPE, pm.PROV[_KIND_TYPES[source.kind]]))
        attributes += [
            (PROV_LABEL, source.name),
            (ck["id"], source.id),
            (ck["kind"], source.kind.value),
        ]
        if source.affiliation is not None:
            attributes.append((ck["affiliation"], source.affiliation))
        if source.description is not None:
            attributes.append((ck["description"], source.description))
        if source.aliases:
            attributes.append((ck["aliases"], json.dumps(list(source.aliases), ensure_ascii=False)))
        if source.metadata:
            attributes.append(
                (ck["metadata"], json.dumps(dict(source.metadata), ensure_ascii=False))
            )
        if source.extensions:
            attributes.append((ck["extensions"], _extensions(source.extensions)))
        document.agent(source_ns[_local(source.id)], attributes)

    for claim in claimset.claims.values():
        attributes = [
            (PROV_TYPE, ck["Claim"]),
            (PROV_LABEL, f"{claim.subject} / {claim.predicate}: {describe_value(claim.value)}"),
            (ck["subject"], claim.subject),
            (ck["predicate"], claim.predicate),
            (ck["value"], json.dumps(encode_value(claim.value), ensure_ascii=False)),
        ]
        plain = _plain_value(claim.value)
        if plain is not None:
            attributes.append((PROV_VALUE, plain))
        if claim.qualifiers:
            encoded = {key: encode_value(value) for key, value in claim.qualifiers.items()}
            attributes.append((ck["qualifiers"], json.dumps(encoded, ensure_ascii=False)))
        if claim.negated:
            attributes.append((ck["negated"], True))
        if claim.opinion:
            attributes.append((ck["opinion"], True))
        if claim.extensions:
            attributes.append((ck["extensions"], _extensions(claim.extensions)))
        document.entity(claim_ns[claim.id], attributes)

    for attribution in claimset.attributions:
        identifier = attribution.id
        details: list[tuple[Any, Any]] = []
        for name in ("stated", "retrieved"):
            date = getattr(attribution, name)
            if date is not None:
                details.append((ck[name], _date_literal(date)))
        for name in _PLAIN_FIELDS:
            value = getattr(attribution, name)
            if value is None or (name == "stance" and value.value == "asserts"):
                continue
            if (name == "certainty" and value.value == "certain") or (
                name == "rank" and value.value == "normal"
            ):
                continue
            details.append((ck[name], value.value if hasattr(value, "value") else value))
        if attribution.evidence is not None:
            evidence = DEFAULT_CONVERTER.unstructure(attribution.evidence)
            details.append((ck["evidence"], json.dumps(evidence, ensure_ascii=False)))
        if attribution.via:
            details.append((ck["via"], json.dumps(list(attribution.via), ensure_ascii=False)))
        if attribution.extensions:
            details.append((ck["extensions"], _extensions(attribution.extensions)))
        claim_ref = claim_ns[attribution.claim]
        document.wasAttributedTo(
            claim_ref,
            source_ns[_local(attribution.source)],
            identifier=attribution_ns[identifier],
            other_attributes=details,
        )
        previous = claim_ref
        for position, relay in enumerate(attribution.via, start=1):
            report = report_ns[f"{identifier}-{position}"]
            document.entity(
                report,
                [
                    (PROV_TYPE, ck["Report"]),
                    (ck["attribution"], identifier),
                    (ck["position"], position),
                ],
            )
            document.wasAttributedTo(report, source_ns[_local(relay)])
            document.wasQuotedFrom(report, previous)
            previous = report
        if attribution.via:
            document.hadPrimarySource(previous, claim_ref)
    return document


def _extensions(extensions: Mapping[str, Any]) -> str:
    """A record's extensions as JSON text, to carry them through PROV."""
    return json.dumps(thaw_json(extensions), ensure_ascii=False, sort_keys=True)


def _local(identifier: str) -> str:
    """A source id as the local part of a qualified name (percent-encoded)."""
    return quote(identifier, safe="")


def _date_literal(date: PartialDate) -> pm.Literal:
    return pm.Literal(str(date), XSD[_PRECISION_TYPES[date.precision]])


def _plain_value(value: Value) -> str | bool | int | float | None:
    """The value as PROV's own prov:value, where it has a plain form."""
    if isinstance(value, str | bool):
        return value
    if isinstance(value, Quantity) and value.is_exact and value.unit is None:
        return value.best
    return None


def dumps_prov(claimset: ClaimSet, format: Format = "json") -> str:
    """Serialise a claim set as a PROV document: PROV-JSON (``"json"``), PROV-N
    (``"provn"``) or PROV-O in Turtle (``"rdf"``).

    Raises:
        ValidationError: The format is not one of these.
    """
    document = to_prov(claimset)
    if format == "json":
        return str(document.serialize(format="json", indent=2))
    if format == "provn":
        return str(document.get_provn())
    if format == "rdf":
        with _quiet():
            return _with_binary_triples(document, claimset)
    raise ValidationError(f"expected 'json', 'provn' or 'rdf', {got(format)}", path="format")


def _with_binary_triples(document: pm.ProvDocument, claimset: ClaimSet) -> str:
    """PROV-O in Turtle, with the plain ``prov:wasAttributedTo``,
    ``prov:wasQuotedFrom`` and ``prov:hadPrimarySource`` triples beside the
    qualified nodes.

    The prov package writes an identified or qualified relation only as its
    ``prov:qualified…`` node; PROV-O's starting-point properties are what most RDF
    queries ask for (``?claim prov:wasAttributedTo ?source``), so they are added.
    Reading ignores them (they carry nothing the qualified nodes do not)."""
    import rdflib  # noqa: PLC0415 - comes with the prov extra

    graph = rdflib.Graph()
    graph.parse(data=document.serialize(format="rdf", rdf_format="turtle"), format="turtle")
    prov_ns = rdflib.Namespace(str(pm.PROV.uri))
    for attribution in claimset.attributions:
        claim = rdflib.URIRef(_CLAIM_NS + attribution.claim)
        graph.add(
            (claim, prov_ns.wasAttributedTo, rdflib.URIRef(_SOURCE_NS + _local(attribution.source)))
        )
        previous = claim
        for position in range(1, len(attribution.via) + 1):
            report = rdflib.URIRef(f"{_REPORT_NS}{attribution.id}-{position}")
            graph.add((report, prov_ns.wasQuotedFrom, previous))
            previous = report
        if attribution.via:
            graph.add((previous, prov_ns.hadPrimarySource, claim))
    return str(graph.serialize(format="turtle"))


def dump_prov(
    claimset: ClaimSet,
    path: str | os.PathLike[str],
    format: Format | None = None,
) -> None:
    """Write a claim set as a PROV document, atomically (see
    :func:`~claimkit.dump`). The format follows the file name's suffix (``.json``,
    ``.provn``, ``.ttl``) unless given."""
    text = dumps_prov(claimset, format or _format_of(path))
    atomic_write(path, lambda out: out.write(text if text.endswith("\n") else text + "\n"))


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence the deprecation warnings that prov's RDF code raises through rdflib:
    they concern prov's use of rdflib, not ours, and nothing a caller can change."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"(prov|rdflib)\b")
        warnings.filterwarnings("ignore", message=r".*default_context is deprecated.*")
        yield


class _Drop(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return False


@contextlib.contextmanager
def _quiet_reading() -> Iterator[None]:
    """Read without the parsers' own chatter: the prov package warns about input it
    reads leniently (undeclared prefixes, attributes it cannot convert) and rdflib
    logs a traceback for every literal it cannot convert. On input from others
    that is noise on the caller's standard error; what matters comes out as
    claims or as a ValidationError."""
    drop = _Drop()
    loggers = [logging.getLogger(name) for name in ("rdflib", "rdflib.term", "prov")]
    for logger in loggers:
        logger.addFilter(drop)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger in loggers:
            logger.removeFilter(drop)


def _format_of(path: str | os.PathLike[str]) -> Format:
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise ValidationError(
            f"cannot tell the PROV format from {suffix or 'no suffix'!r}; pass format=",
            path="format",
        )
    return _SUFFIXES[suffix]


# -- import ---------------------------------------------------------------------------


_NAMES: Final = {"json": "PROV-JSON", "provn": "PROV-N", "rdf": "PROV-O"}


def loads_prov(
    text: str | bytes, format: Format = "json", *, limits: Limits | None = None
) -> ClaimSet:
    """Read a claim set from the text of a PROV document.

    Args:
        text: The document.
        format: ``"json"`` (PROV-JSON), ``"provn"`` (PROV-N) or ``"rdf"`` (PROV-O
            in Turtle).
        limits: Bounds on size, string length and the number of PROV records (see
            :class:`~claimkit.Limits`).

    Raises:
        ValidationError: The text is not a PROV document of that format, it is
            beyond the limits, or it carries no claims (see :func:`from_prov`).
    """
    if format not in ("json", "provn", "rdf"):
        raise ValidationError(f"expected 'json', 'provn' or 'rdf', {got(format)}", path="format")
    if not isinstance(text, str | bytes):
        raise ValidationError(f"expected PROV text, {got(text)}")
    limits = limits or DEFAULT_LIMITS
    if len(text) > limits.max_bytes:
        raise ValidationError(
            f"the text is {len(text):,} long, more than the limit of {limits.max_bytes:,}"
        )
    # Check JSON strictly first (duplicate keys, NaN, string lengths), with our
    # messages.
    if format == "json" and type(parse_json(text, limits)) is not dict:
        raise ValidationError("not a PROV-JSON document: expected an object at the top")
    try:
        content = text.decode("utf-8") if isinstance(text, bytes) else text
    except UnicodeDecodeError as error:
        raise ValidationError(f"not UTF-8 text: bad byte at offset {error.start}") from None
    try:
        options = {"rdf_format": "turtle"} if format == "rdf" else {}
        with _quiet_reading():
            document = pm.ProvDocument.deserialize(content=content, format=format, **options)
    except ValidationError:
        raise
    except Exception as error:
        # Any exception from the prov package's parser means the input is not a
        # document it can read; say so in our terms.
        raise ValidationError(
            f"not a {_NAMES[format]} document ({type(error).__name__}: {_first_line(error)})"
        ) from None
    return _from_prov(document, limits)


def load_prov(
    path: str | os.PathLike[str], format: Format | None = None, *, limits: Limits | None = None
) -> ClaimSet:
    """Read a claim set from a PROV file; the format follows the suffix unless
    given. ``limits`` are as for :func:`loads_prov`.

    Raises:
        ValidationError: As :func:`loads_prov`, or the suffix tells no format.
        OSError: The file cannot be read.
    """
    kind = format or _format_of(path)
    limits = limits or DEFAULT_LIMITS
    size = os.stat(path).st_size
    if size > limits.max_bytes:
        raise ValidationError(
            f"the file is {size:,} bytes, more than the limit of {limits.max_bytes:,}"
        )
    with open(path, "rb") as file:
        return loads_prov(file.read(), kind, limits=limits)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else "no detail"


def from_prov(document: pm.ProvDocument) -> ClaimSet:
    """The claim set a PROV document describes.

    A document written by :func:`to_prov` (claims typed ``ck:Claim``) reads back
    exactly. Any other document is read as far as it carries claims: each agent
    becomes a source, and each attribute of an entity attributed to an agent becomes
    a claim (subject: the entity, predicate: the attribute) by that agent.

    Raises:
        ValidationError: A claimkit attribute is malformed (naming the record and
            attribute), or the document carries no entity attributed to an agent.
    """
    if not isinstance(document, pm.ProvDocument):
        raise ValidationError(f"expected a prov.model.ProvDocument, {got(document)}")
    return _from_prov(document, DEFAULT_LIMITS)


def _from_prov(document: pm.ProvDocument, limits: Limits) -> ClaimSet:
    records = list(_records(document))
    if len(records) > limits.max_records:
        raise ValidationError(
            f"the document has {len(records):,} PROV records, more than the limit of "
            f"{limits.max_records:,}"
        )
    for record in records:
        for _, value in record.attributes:
            text = _literal(value)
            if isinstance(text, str) and len(text) > limits.max_string_length:
                raise ValidationError(
                    f"a string of {len(text)} characters is longer than the limit of "
                    f"{limits.max_string_length}",
                    path=f"{record.get_type().localpart.lower()} {record.identifier}",
                )
    ck_types = {pm.QualifiedName(pm.Namespace("ck", CLAIMKIT_NAMESPACE), "Claim")}
    if any(
        isinstance(record, pm.ProvEntity) and ck_types & set(record.get_asserted_types() or ())
        for record in records
    ):
        return _from_claimkit(records)
    return _from_foreign(records)


def _records(document: pm.ProvDocument) -> Iterator[pm.ProvRecord]:
    yield from document.get_records()
    for bundle in document.bundles:
        yield from bundle.get_records()


def _ck(name: str) -> pm.QualifiedName:
    return pm.QualifiedName(pm.Namespace("ck", CLAIMKIT_NAMESPACE), name)


def _attributes(record: pm.ProvRecord) -> dict[str, list[Any]]:
    """A record's claimkit attributes by local name, and its others by full name."""
    found: dict[str, list[Any]] = {}
    for name, value in record.extra_attributes:
        local = _within(name, CLAIMKIT_NAMESPACE)
        key = local if local is not None else str(name)
        found.setdefault(key, []).append(value)
    return found


def _one(attributes: Mapping[str, list[Any]], name: str, where: str, required: bool = True) -> Any:
    values = attributes.get(name, [])
    if not values:
        if required:
            raise ValidationError("required attribute is missing", path=f"{where}.ck:{name}")
        return None
    if len(values) > 1:
        raise ValidationError("given more than once", path=f"{where}.ck:{name}")
    return values[0]


def _text(value: Any, path: str) -> str:
    if isinstance(value, pm.Literal):
        value = value.value
    if not isinstance(value, str):
        raise ValidationError(f"expected text, {got(value)}", path=path)
    return value


def _json(value: Any, path: str) -> Any:
    try:
        return parse_json(_text(value, path))
    except ValidationError as error:
        raise error.at(path) if error.path else ValidationError(error.message, path=path) from None


def _date(value: Any, path: str) -> PartialDate:
    text = value.value if isinstance(value, pm.Literal) else value
    if isinstance(text, dt.date):
        return PartialDate.from_date(text)
    try:
        return PartialDate.fromisoformat(_text(text, path))
    except ValidationError as error:
        raise ValidationError(error.message, path=path) from None


def _flag(value: Any, path: str) -> bool:
    if isinstance(value, pm.Literal):
        value = value.value
    if value in (True, "true"):
        return True
    if value in (False, "false"):
        return False
    raise ValidationError(f"expected true or false, {got(value)}", path=path)


def _from_claimkit(records: list[pm.ProvRecord]) -> ClaimSet:
    """A document written by to_prov: every field from its ck: attributes."""
    sources: list[tuple[str, object]] = []
    claims: list[tuple[str, object]] = []
    attributions: list[tuple[str, object]] = []
    problems: list[ValidationError] = []
    unreadable: set[str] = set()
    for record in records:
        where = f"{record.get_type().localpart.lower()} {record.identifier}"
        try:
            types = set(record.get_asserted_types() or ())
            if isinstance(record, pm.ProvAgent) and _ck("Source") in types:
                sources.append((where, _source(record, where)))
            elif isinstance(record, pm.ProvEntity) and _ck("Claim") in types:
                claims.append((where, _claim(record, where)))
            elif isinstance(record, pm.ProvAttribution):
                entity = record.get_attribute(pm.PROV_ATTR_ENTITY)
                (target,) = entity or (None,)
                identified = record.identifier is not None and (
                    _within(record.identifier, _ATTRIBUTION_NS) is not None
                )
                # Unidentified attributions of claims are PROV-O's plain
                # wasAttributedTo triples, written beside the qualified ones.
                if identified and target is not None and _within(target, _CLAIM_NS) is not None:
                    attributions.append((where, _attribution(record, target, where)))
        except ValidationError as error:
            problems.extend(error.errors)
            # Do not report the record again where others refer to it.
            if record.identifier is not None:
                for namespace in (_CLAIM_NS, _SOURCE_NS):
                    local = _within(record.identifier, namespace)
                    if local is not None:
                        unreadable.add(unquote(local))
    return ClaimSet._assemble(
        sources, claims, attributions, problems=problems, unreadable=frozenset(unreadable)
    )


def _source(record: pm.ProvAgent, where: str) -> Source:
    attributes = _attributes(record)
    label = attributes.get(str(PROV_LABEL), [None])[0]
    fields: dict[str, Any] = {
        "id": _text(_one(attributes, "id", where), f"{where}.ck:id"),
        "name": _text(
            label if label is not None else _identifier(record, where).localpart,
            f"{where}.prov:label",
        ),
        "kind": _text(_one(attributes, "kind", where), f"{where}.ck:kind"),
    }
    for name in ("affiliation", "description"):
        value = _one(attributes, name, where, required=False)
        if value is not None:
            fields[name] = _text(value, f"{where}.ck:{name}")
    for name in ("aliases", "metadata", "extensions"):
        value = _one(attributes, name, where, required=False)
        if value is not None:
            fields[name] = _json(value, f"{where}.ck:{name}")
    return structure(DEFAULT_CONVERTER, fields, Source, where)


def _claim(record: pm.ProvEntity, where: str) -> Claim:
    attributes = _attributes(record)
    fields: dict[str, Any] = {
        "subject": _text(_one(attributes, "subject", where), f"{where}.ck:subject"),
        "predicate": _text(_one(attributes, "predicate", where), f"{where}.ck:predicate"),
        "value": _json(_one(attributes, "value", where), f"{where}.ck:value"),
    }
    for name in ("qualifiers", "extensions"):
        value = _one(attributes, name, where, required=False)
        if value is not None:
            fields[name] = _json(value, f"{where}.ck:{name}")
    for name in ("negated", "opinion"):
        value = _one(attributes, name, where, required=False)
        if value is not None:
            fields[name] = _flag(value, f"{where}.ck:{name}")
    fields["id"] = _within(_identifier(record, where), _CLAIM_NS)
    return structure(DEFAULT_CONVERTER, fields, Claim, where)


def _within(name: pm.QualifiedName, namespace: str) -> str | None:
    """The part of a name's full IRI after ``namespace``, or None if it is not in
    it. (Readers of RDF may split an IRI into namespace and local part differently
    from how it was written, so prefixes and local parts are not compared.)"""
    uri = str(name.uri)
    return uri[len(namespace) :] if uri.startswith(namespace) else None


def _identifier(record: pm.ProvRecord, where: str) -> pm.QualifiedName:
    if record.identifier is None:
        raise ValidationError("the record has no identifier", path=where)
    return record.identifier


def _attribution(record: pm.ProvAttribution, target: pm.QualifiedName, where: str) -> Attribution:
    (agent,) = record.get_attribute(pm.PROV_ATTR_AGENT) or (None,)
    source = None if agent is None else _within(agent, _SOURCE_NS)
    if source is None:
        raise ValidationError(
            "the attributed agent is not a claimkit source", path=f"{where}.prov:agent"
        )
    attributes = _attributes(record)
    fields: dict[str, Any] = {"claim": _within(target, _CLAIM_NS), "source": unquote(source)}
    for name in ("stated", "retrieved"):
        value = _one(attributes, name, where, required=False)
        if value is not None:
            fields[name] = str(_date(value, f"{where}.ck:{name}"))
    for name in _PLAIN_FIELDS:
        value = _one(attributes, name, where, required=False)
        if value is not None:
            fields[name] = _text(value, f"{where}.ck:{name}")
    for name in ("evidence", "via", "extensions"):
        value = _one(attributes, name, where, required=False)
        if value is not None:
            fields[name] = _json(value, f"{where}.ck:{name}")
    return structure(DEFAULT_CONVERTER, fields, Attribution, where)


# -- documents written by others -------------------------------------------------------

_PROV_KINDS: Final = {
    "Person": SourceKind.PERSON,
    "Organization": SourceKind.ORGANIZATION,
}


def _from_foreign(records: list[pm.ProvRecord]) -> ClaimSet:
    """Claims from any PROV document: attributes of entities attributed to agents."""
    agents = {r.identifier: r for r in records if isinstance(r, pm.ProvAgent) and r.identifier}
    entities = {r.identifier: r for r in records if isinstance(r, pm.ProvEntity) and r.identifier}
    attributions = [r for r in records if isinstance(r, pm.ProvAttribution)]
    sources: dict[str, Source] = {}
    claims: list[Claim] = []
    links: list[Attribution] = []
    for relation in attributions:
        (entity,) = relation.get_attribute(pm.PROV_ATTR_ENTITY) or (None,)
        (agent,) = relation.get_attribute(pm.PROV_ATTR_AGENT) or (None,)
        record = entities.get(entity) if entity is not None else None
        if agent is None or record is None:
            continue
        source_id = str(agent)
        if source_id not in sources:
            sources[source_id] = _foreign_source(source_id, agents.get(agent))
        for name, value in record.attributes:
            label = "type" if name == PROV_TYPE else "value" if name == PROV_VALUE else str(name)
            converted = _foreign_value(value, f"entity {entity}.{name}")
            if converted is None:
                continue
            claim = Claim(subject=str(entity), predicate=label, value=converted)
            claims.append(claim)
            links.append(Attribution(claim=claim, source=source_id))
    if not links:
        raise ValidationError(
            "nothing to import: claimkit reads claims from entities attributed to agents "
            f"(wasAttributedTo) that carry attributes, and this document has "
            f"{len(entities)} entities, {len(agents)} agents and {len(attributions)} "
            "attributions, none of them such"
        )
    return ClaimSet(sources=sources.values(), claims=claims, attributions=links)


def _foreign_source(identifier: str, record: pm.ProvAgent | None) -> Source:
    name, kind = identifier, SourceKind.OTHER
    if record is not None:
        for attribute, value in record.attributes:
            if (
                attribute == PROV_LABEL
                and isinstance(_literal(value), str)
                and str(_literal(value)).strip()
            ):
                name = str(_literal(value)).strip()
            elif attribute == PROV_TYPE and isinstance(value, pm.QualifiedName):
                kind = _PROV_KINDS.get(value.localpart, kind)
    return Source(id=identifier, name=name, kind=kind)


def _literal(value: Any) -> Any:
    return value.value if isinstance(value, pm.Literal) else value


def _foreign_value(value: Any, path: str) -> Value | None:
    """A PROV attribute value as a claim value, or None if it has no usable form.

    Raises:
        ValidationError: The value is a NaN or an infinity.
    """
    raw = _literal(value)
    if isinstance(raw, float | Decimal) and not math.isfinite(raw):
        raise ValidationError(f"{raw} is not a number claimkit accepts", path=path)
    try:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int | float | Decimal):
            number = int(raw) if isinstance(raw, int) or raw == int(raw) else float(raw)
            return Quantity.exact(number)
        if isinstance(raw, dt.datetime | dt.date):
            return PartialDate.from_date(raw)
        if isinstance(value, pm.Literal):
            datatype = str(value.datatype).rsplit(":", 1)[-1].rsplit("#", 1)[-1]
            if datatype in ("gYear", "gYearMonth", "date"):
                return PartialDate.fromisoformat(str(raw))
            if datatype == "dateTime":
                return PartialDate.from_date(dt.datetime.fromisoformat(str(raw)))
    except (ValidationError, ValueError, OverflowError):
        pass
    text = str(raw).strip() if raw is not None else ""
    return text or None
