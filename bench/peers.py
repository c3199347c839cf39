"""The same records as claimkit's, written for the libraries we compare against.

Each peer gets the schema a careful user of that library would write for
claimkit's document format: the same fields with the same types, enums as
literals, dates as ISO text checked by a pattern, the claim value as a union
tagged by its ``"type"``, unknown fields refused and defaults left out of the
output. The peers check types and shapes; they do not do what claimkit does
beyond that (Unicode normalisation, content ids checked against the content,
references between records checked, relays that repeat refused), which the
tables should be read with in mind.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
import pydantic

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"

Kind = Literal[
    "person", "organization", "government", "military", "media", "account", "document", "other"
]
ModeName = Literal["quote", "paraphrase", "implied"]
StanceName = Literal[
    "asserts", "acknowledges", "denies", "disputes", "declines-to-confirm", "retracts"
]
CertaintyName = Literal["certain", "probable", "possible"]
RankName = Literal["preferred", "normal", "deprecated"]
Number = int | float


# -- msgspec ------------------------------------------------------------------------

DateText = Annotated[str, msgspec.Meta(pattern=DATE_PATTERN)]
Text = Annotated[str, msgspec.Meta(min_length=1)]


class _Struct(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    pass


class MQuantity(_Struct, tag_field="type", tag="quantity"):
    low: Number | None = None
    best: Number | None = None
    high: Number | None = None
    unit: str | None = None
    approximate: bool = False
    low_exclusive: bool = False
    high_exclusive: bool = False
    total: Number | None = None


class MDate(_Struct, tag_field="type", tag="date"):
    value: DateText


class MUnknown(_Struct, tag_field="type", tag="unknown"):
    low: Number | None = None
    high: Number | None = None
    unit: str | None = None


MValue = Text | bool | MQuantity | MDate | MUnknown


class MSource(_Struct):
    id: Text
    name: Text
    kind: Kind
    affiliation: str | None = None
    description: str | None = None
    aliases: tuple[str, ...] = ()
    metadata: dict[str, str | int | float | bool | None] = {}
    extensions: dict[str, Any] = {}


class MClaim(_Struct):
    id: Text
    subject: Text
    predicate: Text
    value: MValue
    qualifiers: dict[str, MValue] = {}
    negated: bool = False
    opinion: bool = False
    extensions: dict[str, Any] = {}


class MEvidence(_Struct):
    document: Text
    start: Annotated[int, msgspec.Meta(ge=0)]
    end: Annotated[int, msgspec.Meta(ge=0)]


class MAttribution(_Struct):
    claim: Text
    source: Text
    via: tuple[Text, ...] = ()
    stated: DateText | None = None
    mode: ModeName | None = None
    stance: StanceName = "asserts"
    certainty: CertaintyName = "certain"
    quote: str | None = None
    channel: str | None = None
    evidence: MEvidence | None = None
    retrieved: DateText | None = None
    rank: RankName = "normal"
    rank_reason: str | None = None
    extensions: dict[str, Any] = {}


class MDocument(_Struct):
    claimkit: str
    sources: tuple[MSource, ...] = ()
    claims: tuple[MClaim, ...] = ()
    attributions: tuple[MAttribution, ...] = ()
    extensions: dict[str, Any] = {}


def msgspec_document(document: dict[str, Any]) -> MDocument:
    """The msgspec form of a claimkit document (given as plain JSON data)."""
    return msgspec.convert(document, MDocument)


# -- pydantic -----------------------------------------------------------------------

_STRICT = pydantic.ConfigDict(extra="forbid", frozen=True, strict=True)
PDateText = Annotated[str, pydantic.StringConstraints(pattern=DATE_PATTERN)]
PText = Annotated[str, pydantic.StringConstraints(min_length=1)]


class PQuantity(pydantic.BaseModel):
    model_config = _STRICT
    type: Literal["quantity"]
    low: Number | None = None
    best: Number | None = None
    high: Number | None = None
    unit: str | None = None
    approximate: bool = False
    low_exclusive: bool = False
    high_exclusive: bool = False
    total: Number | None = None


class PDate(pydantic.BaseModel):
    model_config = _STRICT
    type: Literal["date"]
    value: PDateText


class PUnknown(pydantic.BaseModel):
    model_config = _STRICT
    type: Literal["unknown"]
    low: Number | None = None
    high: Number | None = None
    unit: str | None = None


PValue = (
    Annotated[PQuantity | PDate | PUnknown, pydantic.Field(discriminator="type")] | PText | bool
)


class PSource(pydantic.BaseModel):
    model_config = _STRICT
    id: PText
    name: PText
    kind: Kind
    affiliation: str | None = None
    description: str | None = None
    aliases: tuple[str, ...] = ()
    metadata: dict[str, str | int | float | bool | None] = {}
    extensions: dict[str, Any] = {}


class PClaim(pydantic.BaseModel):
    model_config = _STRICT
    id: PText
    subject: PText
    predicate: PText
    value: PValue
    qualifiers: dict[str, PValue] = {}
    negated: bool = False
    opinion: bool = False
    extensions: dict[str, Any] = {}


class PEvidence(pydantic.BaseModel):
    model_config = _STRICT
    document: PText
    start: Annotated[int, pydantic.Field(ge=0)]
    end: Annotated[int, pydantic.Field(ge=0)]


class PAttribution(pydantic.BaseModel):
    model_config = _STRICT
    claim: PText
    source: PText
    via: tuple[PText, ...] = ()
    stated: PDateText | None = None
    mode: ModeName | None = None
    stance: StanceName = "asserts"
    certainty: CertaintyName = "certain"
    quote: str | None = None
    channel: str | None = None
    evidence: PEvidence | None = None
    retrieved: PDateText | None = None
    rank: RankName = "normal"
    rank_reason: str | None = None
    extensions: dict[str, Any] = {}


class PDocument(pydantic.BaseModel):
    model_config = _STRICT
    claimkit: str
    sources: tuple[PSource, ...] = ()
    claims: tuple[PClaim, ...] = ()
    attributions: tuple[PAttribution, ...] = ()
    extensions: dict[str, Any] = {}


def pydantic_document(document: dict[str, Any]) -> PDocument:
    """The pydantic form of a claimkit document (given as plain JSON data)."""
    return PDocument.model_validate_json(msgspec.json.encode(document))


def pydantic_dumps(document: PDocument) -> bytes:
    """JSON of a pydantic document, defaults left out as claimkit leaves them out
    (the value's ``type`` tag is kept: it is not a default in the format)."""
    return document.model_dump_json(exclude_defaults=True).encode()
