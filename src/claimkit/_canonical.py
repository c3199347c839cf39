"""The canonical JSON form of values and claims, and the content ids derived from it.

A claim's id is a digest of its canonical form, so the rules here are part of the
file format: changing any of them changes every id. They are deliberately
independent of the cattrs converter's configuration.

The canonical forms of values, claims and attributions are also their forms in a
claimkit document, so the file and the ids cannot drift apart:

- text and booleans are JSON strings and booleans;
- a quantity is ``{"type": "quantity", ...}`` with only the fields that differ from
  their defaults; a date ``{"type": "date", "value": "2023-01"}``; an unknown
  ``{"type": "unknown", ...}``;
- numbers: a float with an integral value is written as an integer, so ``63.0`` and
  ``63`` (equal in Python) get the same id;
- object keys are sorted; text is in Unicode normal form C (the records normalise it
  when they are built); the JSON is compact and not ASCII-escaped.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any, Final

from ._dates import PartialDate, date_text
from ._quantity import Number, Quantity
from ._values import Unknown, Value

if TYPE_CHECKING:
    from ._model import Attribution, Claim

#: Prefixes that keep the digests of different kinds of record apart.
CLAIM_DOMAIN: Final = b"claimkit/claim/1\n"
ATTRIBUTION_DOMAIN: Final = b"claimkit/attribution/1\n"
#: Hex digits of SHA-256 kept in an id: 128 bits.
ID_LENGTH: Final = 32

_QUANTITY_FIELDS: Final = (
    ("low", None),
    ("best", None),
    ("high", None),
    ("unit", None),
    ("approximate", False),
    ("low_exclusive", False),
    ("high_exclusive", False),
    ("total", None),
)


def encode_number(number: Number) -> Number:
    """Write integral floats as integers (and ``-0.0`` as ``0``)."""
    if type(number) is float and number.is_integer():
        return int(number)
    return number


def encode_value(value: Value) -> Any:
    """The canonical JSON form of a claim value."""
    if isinstance(value, str | bool):
        return value
    if isinstance(value, Quantity):
        out: dict[str, Any] = {"type": "quantity"}
        for name, default in _QUANTITY_FIELDS:
            field = getattr(value, name)
            if field != default:
                out[name] = encode_number(field) if name in _NUMBERS else field
        return out
    if isinstance(value, PartialDate):
        return {"type": "date", "value": str(value)}
    if isinstance(value, Unknown):
        out = {"type": "unknown"}
        for name in ("low", "high"):
            if (bound := getattr(value, name)) is not None:
                out[name] = encode_number(bound)
        if value.unit is not None:
            out["unit"] = value.unit
        return out
    raise TypeError(f"not a claim value: {value!r}")  # pragma: no cover - typed away


_NUMBERS: Final = frozenset({"low", "best", "high", "total"})


def encode_qualifiers(qualifiers: Mapping[str, Value]) -> dict[str, Any]:
    """The canonical JSON form of a claim's qualifiers."""
    return {key: encode_value(value) for key, value in qualifiers.items()}


def claim_content(claim: Claim) -> dict[str, Any]:
    """The canonical JSON form of a claim, without its id."""
    out: dict[str, Any] = {
        "subject": claim.subject,
        "predicate": claim.predicate,
        "value": encode_value(claim.value),
    }
    if claim.qualifiers:
        out["qualifiers"] = encode_qualifiers(claim.qualifiers)
    if claim.negated:
        out["negated"] = True
    if claim.opinion:
        out["opinion"] = True
    return out


def attribution_content(attribution: Attribution) -> dict[str, Any]:
    """The canonical JSON form of an attribution (it has no id of its own in
    documents: nothing refers to it)."""
    # ``_value_`` rather than ``.value``: the enum property costs a function call
    # per field, a third of the time of writing an attribution.
    out: dict[str, Any] = {"claim": attribution.claim, "source": attribution.source}
    if attribution.via:
        out["via"] = list(attribution.via)
    if (stated := attribution.stated) is not None:
        out["stated"] = date_text(stated)
    if (mode := attribution.mode) is not None:
        out["mode"] = mode._value_
    if (stance := attribution.stance._value_) != "asserts":
        out["stance"] = stance
    if (certainty := attribution.certainty._value_) != "certain":
        out["certainty"] = certainty
    if attribution.quote is not None:
        out["quote"] = attribution.quote
    if attribution.channel is not None:
        out["channel"] = attribution.channel
    if (evidence := attribution.evidence) is not None:
        out["evidence"] = {
            "document": evidence.document,
            "start": evidence.start,
            "end": evidence.end,
        }
    if (retrieved := attribution.retrieved) is not None:
        out["retrieved"] = date_text(retrieved)
    if (rank := attribution.rank._value_) != "normal":
        out["rank"] = rank
    if attribution.rank_reason is not None:
        out["rank_reason"] = attribution.rank_reason
    return out


#: What :func:`json.dumps` builds for the canonical form's options, made once.
_CANONICAL: Final = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


def dumps_canonical(content: Any) -> bytes:
    """Serialise JSON content canonically: sorted keys, compact, UTF-8."""
    return _CANONICAL.encode(content).encode()


def digest(domain: bytes, content: Any) -> str:
    """The content id of ``content`` in ``domain``: hex SHA-256, 128 bits."""
    return hashlib.sha256(domain + dumps_canonical(content)).hexdigest()[:ID_LENGTH]


def claim_digest(claim: Claim) -> str:
    """The content id of a claim: :func:`digest` of :func:`claim_content`.

    The canonical text of the usual claims (fields of the built-in types, as the
    records' converters make them) is written here directly, key by key in sorted
    order, which gives the very text :func:`dumps_canonical` gives at a fraction of
    its cost; any other claim goes through :func:`dumps_canonical`."""
    text = _claim_text(claim)
    data = dumps_canonical(claim_content(claim)) if text is None else text.encode()
    return hashlib.sha256(CLAIM_DOMAIN + data).hexdigest()[:ID_LENGTH]


def _claim_text(claim: Claim) -> str | None:
    """The canonical JSON text of a claim's content, or ``None`` if it holds
    anything but the built-in types."""
    subject, predicate = claim.subject, claim.predicate
    value = _value_text(claim.value)
    if value is None or type(subject) is not str or type(predicate) is not str:
        return None
    head = ""
    if claim.negated:
        head = '"negated":true,'
    if claim.opinion:
        head += '"opinion":true,'
    if qualifiers := claim.qualifiers:
        fields = []
        for key in sorted(qualifiers):
            item = _value_text(qualifiers[key])
            if item is None or type(key) is not str:
                return None
            fields.append(f"{encode_basestring(key)}:{item}")
        middle = f',"qualifiers":{{{",".join(fields)}}}'
    else:
        middle = ""
    return (
        f'{{{head}"predicate":{encode_basestring(predicate)}{middle},'
        f'"subject":{encode_basestring(subject)},"value":{value}}}'
    )


def _value_text(value: object) -> str | None:
    """The canonical JSON text of :func:`encode_value`, for values of the built-in
    types, else ``None``. Keys in sorted order."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)  # type: ignore[arg-type]
    if kind is bool:
        return "true" if value else "false"
    if kind is Quantity:
        return _quantity_text(value)  # type: ignore[arg-type]
    if kind is PartialDate:
        return f'{{"type":"date","value":{encode_basestring(str(value))}}}'
    if kind is Unknown:
        return _unknown_text(value)  # type: ignore[arg-type]
    return None


def _unknown_text(unknown: Unknown) -> str | None:
    fields = []
    for name, bound in (("high", unknown.high), ("low", unknown.low)):
        if bound is not None:
            if (number := number_text(bound)) is None:
                return None
            fields.append(f'"{name}":{number}')
    fields.append('"type":"unknown"')
    if (unit := unknown.unit) is not None:
        if type(unit) is not str:
            return None
        fields.append(f'"unit":{encode_basestring(unit)}')
    return "{" + ",".join(fields) + "}"


def _quantity_text(quantity: Quantity) -> str | None:
    fields = []
    if quantity.approximate:
        fields.append('"approximate":true')
    for name, number in (("best", quantity.best), ("high", quantity.high)):
        if number is not None:
            if (text := number_text(number)) is None:
                return None
            fields.append(f'"{name}":{text}')
    if quantity.high_exclusive:
        fields.append('"high_exclusive":true')
    if (low := quantity.low) is not None:
        if (text := number_text(low)) is None:
            return None
        fields.append(f'"low":{text}')
    if quantity.low_exclusive:
        fields.append('"low_exclusive":true')
    if (total := quantity.total) is not None:
        if (text := number_text(total)) is None:
            return None
        fields.append(f'"total":{text}')
    fields.append('"type":"quantity"')
    if (unit := quantity.unit) is not None:
        if type(unit) is not str:
            return None
        fields.append(f'"unit":{encode_basestring(unit)}')
    return "{" + ",".join(fields) + "}"


def number_text(number: object) -> str | None:
    """A number as :mod:`json` writes :func:`encode_number`'s result, or ``None``
    for anything but a finite int or float (the canonical text and the document
    writer share it)."""
    if type(number) is int:
        return int.__repr__(number)
    if type(number) is float and math.isfinite(number):
        if number.is_integer():
            return int.__repr__(int(number))
        return float.__repr__(number)
    return None
