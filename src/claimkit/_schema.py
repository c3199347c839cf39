"""The JSON Schema (draft 2020-12) of claimkit documents."""

from __future__ import annotations

import copy
from typing import Any, Final

from ._model import Certainty, Mode, Rank, SourceKind, Stance
from ._serial import FORMAT_VERSION

__all__ = ["json_schema"]


def _enum(kind: type[Any]) -> dict[str, Any]:
    return {"enum": [member.value for member in kind]}


_TEXT: Final = {"type": "string", "pattern": "\\S"}
_IDENTIFIER: Final = {
    "type": "string",
    "minLength": 1,
    "pattern": "^\\S(?:.*\\S)?$",
    "not": {"pattern": "[\\u0000-\\u001f\\u007f]"},
}
_DATE: Final = {"type": "string", "pattern": "^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"}
_EXTENSIONS: Final = {
    "type": "object",
    "description": "Fields of other tools, carried along; not part of the record's identity.",
}

_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": f"https://claimkit.readthedocs.io/schema/{FORMAT_VERSION}.json",
    "title": "claimkit document",
    "description": (
        "Sources, claims and the attributions that link them. The schema checks the "
        "shape of a document; claimkit's reader also checks what a schema cannot: "
        "bounds in order, claim ids matching their content, references resolving."
    ),
    "type": "object",
    "required": ["claimkit"],
    "additionalProperties": False,
    "properties": {
        "claimkit": {
            "description": "The format version, MAJOR.MINOR; readers accept their major version.",
            "type": "string",
            "pattern": f"^{FORMAT_VERSION.split('.')[0]}\\.[0-9]+$",
        },
        "sources": {"type": "array", "items": {"$ref": "#/$defs/source"}},
        "claims": {"type": "array", "items": {"$ref": "#/$defs/claim"}},
        "attributions": {"type": "array", "items": {"$ref": "#/$defs/attribution"}},
        "extensions": {"$ref": "#/$defs/extensions"},
    },
    "$defs": {
        "identifier": _IDENTIFIER,
        "text": _TEXT,
        "date": _DATE,
        "extensions": _EXTENSIONS,
        "quantity": {
            "type": "object",
            "required": ["type"],
            "additionalProperties": False,
            "anyOf": [{"required": ["low"]}, {"required": ["best"]}, {"required": ["high"]}],
            "properties": {
                "type": {"const": "quantity"},
                "low": {"type": "number"},
                "best": {"type": "number"},
                "high": {"type": "number"},
                "unit": {"$ref": "#/$defs/text"},
                "approximate": {"type": "boolean"},
                "low_exclusive": {"type": "boolean"},
                "high_exclusive": {"type": "boolean"},
                "total": {"type": "number"},
            },
        },
        "date_value": {
            "type": "object",
            "required": ["type", "value"],
            "additionalProperties": False,
            "properties": {"type": {"const": "date"}, "value": {"$ref": "#/$defs/date"}},
        },
        "unknown": {
            "type": "object",
            "required": ["type"],
            "additionalProperties": False,
            "properties": {
                "type": {"const": "unknown"},
                "low": {"type": "number"},
                "high": {"type": "number"},
                "unit": {"$ref": "#/$defs/text"},
            },
        },
        "value": {
            "oneOf": [
                {"$ref": "#/$defs/text"},
                {"type": "boolean"},
                {"$ref": "#/$defs/quantity"},
                {"$ref": "#/$defs/date_value"},
                {"$ref": "#/$defs/unknown"},
            ]
        },
        "source": {
            "type": "object",
            "required": ["id", "name", "kind"],
            "additionalProperties": False,
            "properties": {
                "id": {"$ref": "#/$defs/identifier"},
                "name": {"$ref": "#/$defs/text"},
                "kind": _enum(SourceKind),
                "affiliation": {"$ref": "#/$defs/text"},
                "description": {"$ref": "#/$defs/text"},
                "aliases": {"type": "array", "items": {"$ref": "#/$defs/text"}},
                "metadata": {
                    "type": "object",
                    "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
                },
                "extensions": {"$ref": "#/$defs/extensions"},
            },
        },
        "claim": {
            "type": "object",
            "required": ["id", "subject", "predicate", "value"],
            "additionalProperties": False,
            "properties": {
                "id": {
                    "description": (
                        "32 hex digits of the SHA-256 digest of the claim's canonical form"
                    ),
                    "type": "string",
                    "pattern": "^[0-9a-f]{32}$",
                },
                "subject": {"$ref": "#/$defs/text"},
                "predicate": {"$ref": "#/$defs/text"},
                "value": {"$ref": "#/$defs/value"},
                "qualifiers": {"type": "object", "additionalProperties": {"$ref": "#/$defs/value"}},
                "negated": {"type": "boolean"},
                "opinion": {"type": "boolean"},
                "extensions": {"$ref": "#/$defs/extensions"},
            },
        },
        "evidence": {
            "type": "object",
            "required": ["document", "start", "end"],
            "additionalProperties": False,
            "properties": {
                "document": {"$ref": "#/$defs/text"},
                "start": {"type": "integer", "minimum": 0},
                "end": {"type": "integer", "minimum": 0},
            },
        },
        "attribution": {
            "type": "object",
            "required": ["claim", "source"],
            "additionalProperties": False,
            "properties": {
                "claim": {"$ref": "#/$defs/identifier"},
                "source": {"$ref": "#/$defs/identifier"},
                "via": {
                    "type": "array",
                    "items": {"$ref": "#/$defs/identifier"},
                    "uniqueItems": True,
                },
                "stated": {"$ref": "#/$defs/date"},
                "mode": _enum(Mode),
                "stance": _enum(Stance),
                "certainty": _enum(Certainty),
                "quote": {"$ref": "#/$defs/text"},
                "channel": {"$ref": "#/$defs/text"},
                "evidence": {"$ref": "#/$defs/evidence"},
                "retrieved": {"$ref": "#/$defs/date"},
                "rank": _enum(Rank),
                "rank_reason": {"$ref": "#/$defs/text"},
                "extensions": {"$ref": "#/$defs/extensions"},
            },
        },
    },
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of claimkit documents.

    Every document :func:`~claimkit.dumps` writes is valid under it. The schema
    checks shape (fields, types, enumerations, patterns); the reader checks in
    addition what a schema cannot: that bounds are in order, that claim ids match
    their content and that references resolve. A document the schema refuses,
    :func:`~claimkit.loads` refuses too.

    Returns:
        A fresh copy, which you may change.

    >>> schema = json_schema()
    >>> schema["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    >>> sorted(schema["properties"])
    ['attributions', 'claimkit', 'claims', 'extensions', 'sources']

    .. versionadded:: 0.1.0
    """
    return copy.deepcopy(_SCHEMA)
