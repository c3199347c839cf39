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
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from ._dates import PartialDate
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
        out["stated"] = str(stated)
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
        out["retrieved"] = str(retrieved)
    if (rank := attribution.rank._value_) != "normal":
        out["rank"] = rank
    if attribution.rank_reason is not None:
        out["rank_reason"] = attribution.rank_reason
    return out


def dumps_canonical(content: Any) -> bytes:
    """Serialise JSON content canonically: sorted keys, compact, UTF-8."""
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def digest(domain: bytes, content: Any) -> str:
    """The content id of ``content`` in ``domain``: hex SHA-256, 128 bits."""
    return hashlib.sha256(domain + dumps_canonical(content)).hexdigest()[:ID_LENGTH]
