"""Reading and writing claimkit documents: JSON and JSON Lines, through cattrs."""

from __future__ import annotations

import contextlib
import enum
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO, Any, Final, TypeAlias, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from ._canonical import attribution_content, claim_content, encode_value, number_text
from ._claimset import ClaimSet, Record, dangling, redefined_source
from ._dates import PartialDate
from ._errors import ValidationError, join_path
from ._frozen import EMPTY, FrozenDict, freeze_json, thaw_json
from ._gc import collector_paused
from ._json import fast_dumps
from ._model import (
    _MEMBERS,
    Attribution,
    Certainty,
    Claim,
    Evidence,
    Mode,
    Rank,
    Scalar,
    Source,
    SourceKind,
    Stance,
    _enum,
)
from ._quantity import Number, Quantity, check_number
from ._text import check_characters, check_identifier, check_text, got, key_path, nfc
from ._values import Unknown, Value, as_value

__all__ = [
    "FORMAT_VERSION",
    "Limits",
    "configure_converter",
    "dump",
    "dumps",
    "iter_jsonl",
    "load",
    "loads",
    "make_converter",
    "write_jsonl",
]

#: The version of the document format this release writes: ``"MAJOR.MINOR"``.
#: Readers accept every minor version of their major version.
FORMAT_VERSION: Final = "1.0"
_MAJOR: Final = 1

PathLike: TypeAlias = str | os.PathLike[str]
T = TypeVar("T")

# -- the converter ------------------------------------------------------------------


def make_converter() -> cattrs.Converter:
    """A new cattrs converter that reads and writes claimkit's records.

    The converter is strict: it never coerces (``"3"`` is not a number, ``"false"``
    is not a boolean, a string is not a list), refuses unknown fields, and reports
    every problem with its path. Use it to embed claimkit records in your own attrs
    classes; claimkit never changes cattrs' global converter.

    >>> converter = make_converter()
    >>> converter.structure({"type": "quantity", "low": 63}, Value)
    Quantity(low=63)

    .. versionadded:: 0.1.0
    """
    converter = cattrs.Converter(
        omit_if_default=True, forbid_extra_keys=True, detailed_validation=True
    )
    configure_converter(converter)
    return converter


def configure_converter(converter: cattrs.Converter) -> None:
    """Register claimkit's hooks on an existing cattrs converter.

    See :func:`make_converter` for what they do. Only hooks for claimkit's own
    types and for the primitive types inside them are registered.

    .. versionadded:: 0.1.0
    """
    strict = {
        str: _structure_str,
        int: _structure_int,
        float: _structure_float,
        bool: _structure_bool,
    }
    for kind, hook in strict.items():
        converter.register_structure_hook(kind, hook)
    converter.register_structure_hook_func(lambda t: t == Number, _structure_number)
    converter.register_structure_hook_func(lambda t: t == Number | None, _structure_optional_number)
    converter.register_structure_hook_func(lambda t: t == Scalar, _structure_scalar)
    converter.register_unstructure_hook_func(lambda t: t == Scalar, _identity)
    converter.register_structure_hook_func(lambda t: t == tuple[str, ...], _structure_names)
    # Registered per class: the enums are str subclasses, and a hook registered
    # for str would otherwise take them.
    for choice in (SourceKind, Mode, Stance, Certainty, Rank):
        converter.register_structure_hook(choice, _structure_enum)
        converter.register_unstructure_hook(choice, _enum_value)
    converter.register_structure_hook(PartialDate, _structure_date)
    converter.register_unstructure_hook(PartialDate, str)
    converter.register_structure_hook_func(lambda t: t == Value, _value_hook(converter))
    # cattrs reads any value with .items() as a mapping, and lets an AttributeError
    # out of anything else: a list of qualifiers must say it is not an object.
    for mapping in (Mapping[str, Value], Mapping[str, Scalar]):
        _structure_mapping(converter, mapping)
    converter.register_unstructure_hook_func(lambda t: t == Value, encode_value)
    for tag, value_record in (("quantity", Quantity), ("unknown", Unknown)):
        converter.register_unstructure_hook(value_record, encode_value)
        converter.register_structure_hook(
            value_record, _tagged(tag, make_dict_structure_fn(value_record, converter))
        )
    for record in (Source, Evidence, Attribution):
        converter.register_structure_hook(
            record, _require_object(make_dict_structure_fn(record, converter))
        )
    for record in (Source, Evidence):
        converter.register_unstructure_hook(
            record, make_dict_unstructure_fn(record, converter, _cattrs_omit_if_default=True)
        )
    # Claims and attributions are written in their canonical form, from which
    # their ids are computed, with their extensions (which are not part of it).
    converter.register_unstructure_hook(Attribution, _unstructure_attribution)
    converter.register_unstructure_hook_func(lambda t: t == Mapping[str, Any], thaw_json)
    converter.register_structure_hook(Claim, _claim_hook(converter))
    converter.register_unstructure_hook(Claim, _unstructure_claim)


def _structure_mapping(converter: cattrs.Converter, mapping: Any) -> None:
    hook = _require_object(converter.get_structure_hook(mapping))
    converter.register_structure_hook_func(lambda t: t == mapping, hook)


def _identity(value: T) -> T:
    return value


def _structure_str(value: object, _: object) -> str:
    if type(value) is not str:
        raise ValidationError(f"expected a string, {got(value)}")
    return value


def _structure_int(value: object, _: object) -> int:
    if type(value) is not int:
        raise ValidationError(f"expected a whole number, {got(value)}")
    return value


def _structure_float(value: object, _: object) -> float:
    return float(check_number(value, ""))


def _structure_bool(value: object, _: object) -> bool:
    if type(value) is not bool:
        raise ValidationError(f"expected true or false, {got(value)}")
    return value


def _structure_number(value: object, _: object) -> Number:
    return check_number(value, "")


def _structure_optional_number(value: object, _: object) -> Number | None:
    return None if value is None else check_number(value, "")


def _structure_scalar(value: object, _: object) -> Scalar:
    if value is None or type(value) in (str, int, bool):
        return value  # type: ignore[return-value]
    if type(value) is float:
        return check_number(value, "")
    raise ValidationError(f"expected text, a number, true, false or null, {got(value)}")


def _structure_names(value: object, _: object) -> tuple[str, ...]:
    if type(value) is not list:
        raise ValidationError(f"expected a list of strings, {got(value)}")
    problems = []
    for index, item in enumerate(value):
        if type(item) is not str:
            problems.append(ValidationError(f"expected a string, {got(item)}", path=f"[{index}]"))
    if problems:
        raise ValidationError.collect(problems)
    return tuple(value)


def _structure_enum(value: object, kind: type[enum.Enum]) -> enum.Enum:
    if type(value) is not str:
        choices = ", ".join(repr(member.value) for member in kind)
        raise ValidationError(f"expected one of {choices}, {got(value)}")
    return _enum(kind, value, "")


def _structure_date(value: object, _: object) -> PartialDate:
    return PartialDate.fromisoformat(value)  # type: ignore[arg-type]


def _require_object(hook: Callable[[Any, Any], T]) -> Callable[[Any, Any], T]:
    def structure(value: object, kind: Any) -> T:
        if type(value) is not dict:
            raise ValidationError(f"expected an object, {got(value)}")
        return hook(value, kind)

    return structure


def _tagged(tag: str, hook: Callable[[Any, Any], T]) -> Callable[[Any, Any], T]:
    """Structure a value record, which its JSON form tags with its kind."""

    def structure(value: object, kind: Any) -> T:
        if type(value) is not dict:
            raise ValidationError(f"expected an object, {got(value)}")
        if "type" in value:
            if value["type"] != tag:
                raise ValidationError(f"expected {tag!r}, {got(value['type'])}", path="type")
            value = {key: item for key, item in value.items() if key != "type"}
        return hook(value, kind)

    return structure


def _enum_value(member: enum.Enum) -> Any:
    return member.value


_VALUE_TAGS: Final = ("quantity", "date", "unknown")


def _value_hook(converter: cattrs.Converter) -> Callable[[Any, Any], Value]:
    def structure(value: object, _: object) -> Value:
        if type(value) is str:
            if not value.strip():
                raise ValidationError("a text value must not be empty")
            return value
        if type(value) is bool:
            return value
        if type(value) is not dict:
            raise ValidationError(
                f"expected text, true, false, or an object with a 'type', {got(value)}"
            )
        fields = dict(value)
        tag = fields.pop("type", None)
        if tag == "quantity":
            return converter.structure(fields, Quantity)
        if tag == "unknown":
            return converter.structure(fields, Unknown)
        if tag == "date":
            extra = sorted(fields.keys() - {"value"})
            if extra:
                raise ValidationError(f"unknown field {extra[0]!r}", path=extra[0])
            if "value" not in fields:
                raise ValidationError("required field is missing", path="value")
            try:
                return PartialDate.fromisoformat(fields["value"])
            except ValidationError as error:
                raise error.at("value") from None
        choices = ", ".join(map(repr, _VALUE_TAGS))
        if tag is None:
            raise ValidationError(f"missing: the kind of value, one of {choices}", path="type")
        raise ValidationError(f"expected one of {choices}, {got(tag)}", path="type")

    return structure


def _claim_hook(converter: cattrs.Converter) -> Callable[[Any, Any], Claim]:
    fields = _require_object(make_dict_structure_fn(Claim, converter))

    def structure(value: object, kind: object) -> Claim:
        if type(value) is not dict:
            raise ValidationError(f"expected an object, {got(value)}")
        content = dict(value)
        given = content.pop("id", None)
        if given is None:
            raise ValidationError("required field is missing", path="id")
        claim = fields(content, kind)
        if given != claim.id:
            raise ValidationError(
                f"{got(given)}, but the claim's content gives {claim.id!r}: the claim "
                "was edited after its id was computed, or the id was not copied whole",
                path="id",
            )
        return claim

    return structure


def _unstructure_claim(claim: Claim) -> dict[str, Any]:
    content = {"id": claim.id, **claim_content(claim)}
    # Most records have none: the shared empty mapping, told without a call.
    if claim.extensions is not EMPTY and claim.extensions:
        content["extensions"] = thaw_json(claim.extensions)
    return content


def _unstructure_attribution(attribution: Attribution) -> dict[str, Any]:
    content = attribution_content(attribution)
    if attribution.extensions is not EMPTY and attribution.extensions:
        content["extensions"] = thaw_json(attribution.extensions)
    return content


DEFAULT_CONVERTER: Final = make_converter()


def _optional(hook: Callable[[Any, Any], T], inner: Any) -> Callable[[Any, Any], T | None]:
    def structure(value: object, _: object) -> T | None:
        return None if value is None else hook(value, inner)

    return structure


def _is(expected: object) -> Callable[[object], bool]:
    return lambda kind: kind == expected


def _fast_converter() -> cattrs.Converter:
    """The readers' first try: the same hooks as :data:`DEFAULT_CONVERTER`, but
    without cattrs' detailed validation, and with the optional fields' hooks looked
    up once rather than on every value. What it builds is what the detailed
    converter builds; when it fails, the reader runs the detailed converter on the
    same record, which names every problem with its path."""
    converter = cattrs.Converter(
        omit_if_default=True, forbid_extra_keys=True, detailed_validation=False
    )
    configure_converter(converter)
    # The generated hooks capture their fields' hooks when they are made: register
    # the direct optional hooks first, then make the record hooks again.
    converter.register_structure_hook(
        Evidence, _require_object(make_dict_structure_fn(Evidence, converter))
    )
    for inner in (str, PartialDate, Mode, Evidence):
        hook = _optional(converter.get_structure_hook(inner), inner)
        converter.register_structure_hook_func(_is(inner | None), hook)
    for tag, value_record in (("quantity", Quantity), ("unknown", Unknown)):
        converter.register_structure_hook(
            value_record, _tagged(tag, make_dict_structure_fn(value_record, converter))
        )
    for record in (Source, Attribution):
        converter.register_structure_hook(
            record, _require_object(make_dict_structure_fn(record, converter))
        )
    converter.register_structure_hook(Claim, _claim_hook(converter))
    return converter


_FAST_CONVERTER: Final = _fast_converter()


# -- the readers' fast path, by hand --------------------------------------------------
#
# Most records of a document are attributions and claims in a few plain shapes. For
# those, the functions below check exactly what the records' converters and
# validators check (the same checks, run once each, with the answers for repeated
# ids, texts, dates and qualifiers kept for the rest of the document) and set the
# fields directly. Any other shape goes to the fast cattrs hook; anything that fails
# raises, and the reader then runs the detailed converter on the record, which
# either reports the problem or builds the record itself.


class _Refused(Exception):
    """A record the hand-written path does not build; the reader's next path does."""


_ABSENT: Final = object()


def _setters(kind: type, names: tuple[str, ...]) -> tuple[Callable[[Any, Any], None], ...]:
    """The slot setters of ``kind``'s fields, in ``names`` order: faster than
    ``object.__setattr__``, and they skip the records' frozen ``__setattr__``."""
    slots = set(getattr(kind, "__slots__", ()))
    assert slots - {"__weakref__"} == set(names), f"{kind.__name__} has other slots"
    return tuple(kind.__dict__[name].__set__ for name in names)


_ATTRIBUTION_SLOTS: Final = (
    "claim",
    "source",
    "via",
    "stated",
    "mode",
    "stance",
    "certainty",
    "quote",
    "channel",
    "evidence",
    "retrieved",
    "rank",
    "rank_reason",
    "extensions",
    "_id",
    "_attrs_cached_hash",
)
_CLAIM_SLOTS: Final = (
    "subject",
    "predicate",
    "value",
    "qualifiers",
    "negated",
    "opinion",
    "extensions",
    "_id",
    "_attrs_cached_hash",
)
#: The fields a record of each kind may have in a document.
_FIELDS: Final[dict[type, frozenset[str]]] = {
    kind: frozenset(a.alias for a in attrs.fields(kind) if a.init)
    | ({"id"} if kind is Claim else set())
    for kind in (Source, Claim, Attribution)
}
#: The fields the hand-written path reads: every field but evidence and extensions;
#: a record with those, or an unknown field, goes to the cattrs hook.
_ATTRIBUTION_PLAIN: Final = _FIELDS[Attribution] - {"evidence", "extensions"}
_CLAIM_PLAIN: Final = _FIELDS[Claim] - {"extensions"}

_QUANTITY_FIELDS: Final = {
    "low": "number",
    "best": "number",
    "high": "number",
    "total": "number",
    "unit": "text",
    "approximate": "flag",
    "low_exclusive": "flag",
    "high_exclusive": "flag",
}


def _hash_seed() -> int | None:
    """The constant with which attrs' ``Attribution.__hash__`` starts the tuple it
    hashes (a digest of the class, fixed for the process), or ``None`` if that
    method is not the one expected: then the hash is left to attrs.

    The fast path caches the hash as a plain int rather than the int subclass
    attrs stores: the same value, and for a slotted class the same behaviour (the
    cache is left out of pickles and copies either way), without an object per
    attribution for the allocator and the cycle collector."""
    seeds = [c for c in Attribution.__hash__.__code__.co_consts if type(c) is int]
    if len(seeds) != 1:  # pragma: no cover - another attrs
        return None
    (seed,) = seeds
    samples = [
        Attribution(claim="c", source="s"),
        Attribution(
            claim="c",
            source="s",
            via=("a", "b"),
            stated=PartialDate(2023, 1, 2),
            mode=Mode.QUOTE,
            stance=Stance.DENIES,
            certainty=Certainty.PROBABLE,
            quote="q",
            channel="x",
            retrieved=PartialDate(2024),
            rank=Rank.PREFERRED,
            rank_reason="r",
        ),
    ]
    for sample in samples:
        fields = [getattr(sample, name) for name in _ATTRIBUTION_SLOTS[:13]]
        if hash((seed, *fields)) != hash(sample):  # pragma: no cover - another attrs
            return None
    return seed


_ATTRIBUTION_HASH: Final = _hash_seed()


def _fast_hooks() -> dict[type, Callable[[Any, Any], Any]]:
    """The fast structure hooks of the records, for one document: hand-written for
    attributions and claims, the fast converter's for sources.

    Each builds exactly the record the converters would build, or raises. The
    answers for the strings and dates seen are kept for the rest of the document:
    ``ids`` maps good identifiers to their normal form, ``texts`` record text
    (normalised, then checked, as the records' converters and validators do),
    ``values`` text values and ``keys`` qualifier names (checked, then
    normalised, as :func:`~claimkit._values.as_value` and the qualifiers'
    converter do)."""
    ids: dict[str, str] = {}
    texts: dict[str, str] = {}
    values: dict[str, str] = {}
    keys: dict[str, str] = {}
    dates: dict[str, PartialDate] = {}
    shared: dict[tuple[tuple[str, str], ...], FrozenDict[str, Value]] = {}
    vias: dict[tuple[str, ...], tuple[str, ...]] = {}
    seed = _ATTRIBUTION_HASH
    modes, stances, certainties, ranks = (
        _MEMBERS[kind] for kind in (Mode, Stance, Certainty, Rank)
    )
    slow_attribution = _FAST_CONVERTER.get_structure_hook(Attribution)
    slow_claim = _FAST_CONVERTER.get_structure_hook(Claim)
    slow_value = _FAST_CONVERTER.get_structure_hook(Value)
    (
        set_claim,
        set_source,
        set_via,
        set_stated,
        set_mode,
        set_stance,
        set_certainty,
        set_quote,
        set_channel,
        set_evidence,
        set_retrieved,
        set_rank,
        set_rank_reason,
        set_extensions,
        set_attribution_id,
        set_attribution_hash,
    ) = _setters(Attribution, _ATTRIBUTION_SLOTS)
    (
        set_subject,
        set_predicate,
        set_value,
        set_qualifiers,
        set_negated,
        set_opinion,
        set_claim_extensions,
        set_claim_id,
        set_claim_hash,
    ) = _setters(Claim, _CLAIM_SLOTS)
    new = object.__new__

    def identifier(value: object) -> str:
        if type(value) is not str:
            raise _Refused
        found = ids.get(value)
        if found is None:
            found = ids[value] = check_identifier(value, "")
        return found

    def text(value: object) -> str:
        if type(value) is not str:
            raise _Refused
        found = texts.get(value)
        if found is None:
            found = nfc(value)
            check_text(found, "")
            texts[value] = found
        return found

    def date(value: object) -> PartialDate:
        if type(value) is not str:
            raise _Refused
        found = dates.get(value)
        if found is None:
            found = dates[value] = PartialDate.fromisoformat(value)
        return found

    def member(members: dict[object, enum.Enum], value: object) -> Any:
        if type(value) is not str or (found := members.get(value)) is None:
            raise _Refused
        return found

    def attribution(raw: Any, kind: Any) -> Attribution:
        if type(raw) is not dict or not raw.keys() <= _ATTRIBUTION_PLAIN:
            return slow_attribution(raw, kind)  # type: ignore[no-any-return]
        get = raw.get
        source = raw["source"]
        if (found := ids.get(source)) is None or type(source) is not str:
            found = identifier(source)
        source = found
        via: tuple[str, ...] = ()
        if "via" in raw:
            relays = raw["via"]
            if type(relays) is not list:
                raise _Refused
            if relays:
                # One tuple for every attribution with the same relays (a few
                # agencies carry most statements), checked once.
                key = tuple(relays)
                relayed = vias.get(key)
                if relayed is None:
                    relayed = tuple([identifier(relay) for relay in relays])
                    if len(set(relayed)) != len(relayed):
                        raise _Refused
                    vias[key] = relayed
                via = relayed
                if source in via:
                    raise _Refused
        # Most fields are absent or null in most attributions: told apart here,
        # without a call for each.
        claim = raw["claim"]
        if (found := ids.get(claim)) is None or type(claim) is not str:
            found = identifier(claim)
        claim = found
        if (stated := get("stated")) is not None:
            stated = date(stated)
        if (mode := get("mode")) is not None:
            mode = member(modes, mode)
        stance = get("stance", _ABSENT)
        stance = Stance.ASSERTS if stance is _ABSENT else member(stances, stance)
        certainty = get("certainty", _ABSENT)
        certainty = Certainty.CERTAIN if certainty is _ABSENT else member(certainties, certainty)
        if (quote := get("quote")) is not None:
            quote = text(quote)
        if (channel := get("channel")) is not None:
            channel = text(channel)
        if (retrieved := get("retrieved")) is not None:
            retrieved = date(retrieved)
        rank = get("rank", _ABSENT)
        rank = Rank.NORMAL if rank is _ABSENT else member(ranks, rank)
        if (rank_reason := get("rank_reason")) is not None:
            rank_reason = text(rank_reason)
        self = new(Attribution)
        set_claim(self, claim)
        set_source(self, source)
        set_via(self, via)
        set_stated(self, stated)
        set_mode(self, mode)
        set_stance(self, stance)
        set_certainty(self, certainty)
        set_quote(self, quote)
        set_channel(self, channel)
        set_evidence(self, None)
        set_retrieved(self, retrieved)
        set_rank(self, rank)
        set_rank_reason(self, rank_reason)
        set_extensions(self, EMPTY)
        set_attribution_id(self, None)
        # The hash attrs would cache, worked out here from the fields at hand (the
        # claim set hashes every attribution it holds); see _ATTRIBUTION_HASH.
        set_attribution_hash(
            self,
            None
            if seed is None
            else hash(
                (
                    seed,
                    claim,
                    source,
                    via,
                    stated,
                    mode,
                    stance,
                    certainty,
                    quote,
                    channel,
                    None,
                    retrieved,
                    rank,
                    rank_reason,
                )
            ),
        )
        return self

    def text_value(value: str) -> str:
        found = values.get(value)
        if found is None:
            if not value.strip():
                raise _Refused
            found = values[value] = nfc(check_characters(value, ""))
        return found

    def quantity(raw: dict[str, Any]) -> Quantity:
        fields = {}
        for name, item in raw.items():
            kind = _QUANTITY_FIELDS.get(name)
            if kind is None:
                if name == "type":
                    continue
                raise _Refused
            if kind == "number":
                if item is not None and type(item) is not int and type(item) is not float:
                    raise _Refused
            elif kind == "flag":
                if type(item) is not bool:
                    raise _Refused
            elif item is not None and type(item) is not str:
                raise _Refused
            fields[name] = item
        return Quantity(**fields)

    def value(raw: object) -> Value:
        kind = type(raw)
        if kind is str:
            return text_value(raw)  # type: ignore[arg-type]
        if kind is bool:
            return raw  # type: ignore[return-value]
        if kind is dict:
            tag = raw.get("type")  # type: ignore[attr-defined]
            if tag == "quantity":
                return quantity(raw)  # type: ignore[arg-type]
            if tag == "date" and len(raw) == 2 and type(raw.get("value")) is str:  # type: ignore[arg-type, attr-defined]
                return date(raw["value"])  # type: ignore[index]
        return as_value(slow_value(raw, Value))

    def qualifiers(raw: object) -> FrozenDict[str, Value]:
        if type(raw) is not dict:
            raise _Refused
        if not raw:
            return EMPTY
        items: dict[str, Value] = {}
        plain = True
        for key, item in raw.items():
            name = keys.get(key)
            if name is None:
                check_text(key, "")
                name = keys[key] = nfc(key)
            if type(item) is str:
                items[name] = text_value(item)
            else:
                plain = False
                items[name] = value(item)
        if not plain:
            return FrozenDict(items)
        pairs = tuple(items.items())
        found = shared.get(pairs)  # type: ignore[arg-type]
        if found is None:
            found = shared[pairs] = FrozenDict(items)  # type: ignore[index]
        return found

    def claim(raw: Any, kind: Any) -> Claim:
        if type(raw) is not dict or not raw.keys() <= _CLAIM_PLAIN:
            return slow_claim(raw, kind)  # type: ignore[no-any-return]
        given = raw["id"]
        negated = raw.get("negated", False)
        opinion = raw.get("opinion", False)
        if type(negated) is not bool or type(opinion) is not bool:
            raise _Refused
        self = new(Claim)
        set_subject(self, text(raw["subject"]))
        set_predicate(self, text(raw["predicate"]))
        set_value(self, value(raw["value"]))
        set_qualifiers(self, qualifiers(raw["qualifiers"]) if "qualifiers" in raw else EMPTY)
        set_negated(self, negated)
        set_opinion(self, opinion)
        set_claim_extensions(self, EMPTY)
        set_claim_id(self, None)
        set_claim_hash(self, None)
        found = self.id
        if found != given:
            raise _Refused
        # The attributions that name the claim need not check its id (32 hex
        # digits, an identifier as it is) again.
        ids[found] = found
        return self

    return {
        Attribution: attribution,
        Claim: claim,
        Source: _FAST_CONVERTER.get_structure_hook(Source),
    }


# -- errors -------------------------------------------------------------------------


def _problems(error: BaseException, path: str = "") -> list[ValidationError]:
    """Flatten a cattrs validation error into our errors, each with its path."""
    if isinstance(error, ValidationError):
        return list(error.at(path).errors) if path else list(error.errors)
    if isinstance(error, ClassValidationError):
        found = []
        with_notes, without = error.group_exceptions()
        for inner, note in with_notes:
            found += _problems(inner, join_path(path, note.name))
        for inner in without:
            found += _problems(inner, path)
        return found
    if isinstance(error, IterableValidationError):
        found = []
        with_index, without = error.group_exceptions()
        for inner, index_note in with_index:
            index = index_note.index
            step = f"[{index}]" if isinstance(index, int) else key_path(str(index))
            found += _problems(inner, path + step)
        for inner in without:
            found += _problems(inner, path)
        return found
    if isinstance(error, ForbiddenExtraKeysError):
        names = ", ".join(repr(name) for name in sorted(error.extra_fields))
        plural = "s" if len(error.extra_fields) > 1 else ""
        return [ValidationError(f"unknown field{plural} {names}", path=path)]
    if isinstance(error, KeyError):
        return [ValidationError("required field is missing", path=path)]
    return [ValidationError(f"invalid value ({type(error).__name__}: {error})", path=path)]


def structure(converter: cattrs.Converter, value: object, kind: type[T], path: str) -> T:
    """Structure ``value`` as ``kind``, raising our error with full paths."""
    try:
        return converter.structure(value, kind)
    except ValidationError as error:
        raise (error.at(path) if path else error) from None
    except (ClassValidationError, IterableValidationError, ForbiddenExtraKeysError) as error:
        raise ValidationError.collect(_problems(error, path)) from None
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        raise ValidationError.collect(_problems(error, path)) from None


def _structured(
    fast: Callable[[Any, Any], Any] | None,
    converter: cattrs.Converter,
    value: object,
    kind: type[T],
    path: str,
) -> T:
    """``value`` as ``kind`` by the ``fast`` hook if it takes it; else, or if it
    fails, by :func:`structure` with ``converter``, which reports the problem with
    its path (or, should it succeed there, builds the record)."""
    if fast is not None:
        try:
            return fast(value, kind)  # type: ignore[no-any-return]
        except Exception:  # the detailed pass reports it
            pass
    return structure(converter, value, kind, path)


# -- JSON ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Limits:
    """Bounds on what the readers accept, against hostile or broken input.

    The defaults admit any sensible collection; lower them when reading files from
    people you do not trust.

    Args:
        max_bytes: The largest document, or JSON Lines line, in bytes (or
            characters, for text).
        max_records: The most records in one document or stream.
        max_string_length: The longest string anywhere in a document.
        max_depth: The deepest nesting of extension values.

    >>> loads('{"claimkit": "1.0", "sources": [{"id": "a", "name": "%s", "kind": "media"}]}'
    ...       % ("x" * 50), limits=Limits(max_string_length=20))
    Traceback (most recent call last):
    ...
    claimkit.ValidationError: a string of 50 characters is longer than the limit of 20

    .. versionadded:: 0.1.0
    """

    #: The largest document or line, in bytes.
    max_bytes: int = 2**31
    #: The most records in one document or stream.
    max_records: int = 50_000_000
    #: The longest string anywhere in a document.
    max_string_length: int = 1_000_000
    #: The deepest nesting of extension values.
    max_depth: int = 64


DEFAULT_LIMITS: Final = Limits()


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object, refusing a key given twice."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValidationError(f"the key {key!r} appears twice in one object")
            seen.add(key)
    return result


def _object_hook(limits: Limits, length: int) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    longest = limits.max_string_length
    if length <= longest:
        # No string in a text this short can be too long.
        return _unique

    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    raise ValidationError(f"the key {key!r} appears twice in one object")
                seen.add(key)
        for key, value in pairs:
            if len(key) > longest:
                _too_long(key, longest)
            if type(value) is str and len(value) > longest:
                _too_long(value, longest)
            if type(value) is list:
                for item in value:
                    if type(item) is str and len(item) > longest:
                        _too_long(item, longest)
        return result

    return build


def _too_long(text: str, limit: int) -> None:
    raise ValidationError(f"a string of {len(text)} characters is longer than the limit of {limit}")


def _constant(name: str) -> Any:
    raise ValidationError(f"{name} is not a number JSON allows; leave the field out instead")


def parse_json(text: str | bytes, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse JSON strictly: no NaN or Infinity, no duplicate keys, within ``limits``;
    our errors only."""
    if len(text) > limits.max_bytes:
        raise ValidationError(
            f"the text is {len(text):,} long, more than the limit of {limits.max_bytes:,}"
        )
    try:
        return json.loads(
            text, object_pairs_hook=_object_hook(limits, len(text)), parse_constant=_constant
        )
    except ValidationError:
        raise
    except json.JSONDecodeError as error:
        raise ValidationError(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except UnicodeDecodeError as error:
        raise ValidationError(f"not UTF-8 text: bad byte at offset {error.start}") from None
    except RecursionError:
        raise ValidationError("not readable: nested too deeply") from None
    except ValueError as error:
        if "integer string conversion" in str(error):
            raise ValidationError(
                f"not readable: a number with more than {sys.get_int_max_str_digits()} "
                "digits (claimkit accepts numbers up to the largest float, about 1.8e308)"
            ) from None
        raise ValidationError(f"not valid JSON: {error}") from None


_VERSION: Final = re.compile(r"(0|[1-9][0-9]*)\.([0-9]+)", re.ASCII)


def _check_version(document: dict[str, Any], path: str = "claimkit") -> None:
    version = document.get("claimkit")
    if version is None:
        raise ValidationError(
            "not a claimkit document: the format version field is missing", path=path
        )
    # ASCII digits only, as the schema's pattern says: str.isdigit would take "²"
    # or Arabic-Indic digits, which int() refuses or the schema does.
    match = _VERSION.fullmatch(version) if isinstance(version, str) else None
    if match is None:
        raise ValidationError(
            f"expected a format version such as {FORMAT_VERSION!r}, {got(version)}", path=path
        )
    major = match.group(1)
    if int(major) > _MAJOR:
        raise ValidationError(
            f"written in format {version}, which is newer than this version of claimkit "
            f"reads ({_MAJOR}.x); upgrade claimkit",
            path=path,
        )
    if int(major) < _MAJOR:
        raise ValidationError(f"format {version} is not supported", path=path)


_SECTIONS: Final = (("sources", Source), ("claims", Claim), ("attributions", Attribution))


_DOCUMENT_FIELDS: Final = frozenset({"claimkit", "sources", "claims", "attributions", "extensions"})


def from_document(
    document: object,
    converter: cattrs.Converter = DEFAULT_CONVERTER,
    *,
    extensions: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> ClaimSet:
    """Build a claim set from a parsed JSON document, collecting every problem."""
    if type(document) is not dict:
        raise ValidationError(f"expected a claimkit document (an object), {got(document)}")
    _check_version(document)
    problems: list[ValidationError] = []
    document_extensions = _extensions_of(document, _DOCUMENT_FIELDS, "", extensions, problems)
    try:
        freeze_json(document_extensions, "extensions", limits.max_depth)
    except ValidationError as error:
        problems.append(error)
    counted = sum(
        len(items) for section, _ in _SECTIONS if type(items := document.get(section)) is list
    )
    if counted > limits.max_records:
        raise ValidationError(
            f"the document has {counted:,} records, more than the limit of {limits.max_records:,}"
        )
    parts: dict[str, list[tuple[str, object]]] = {}
    unreadable: set[str] = set()
    by_hand = _fast_hooks() if converter is DEFAULT_CONVERTER else None
    for section, kind in _SECTIONS:
        items = document.get(section, [])
        parts[section] = []
        if type(items) is not list:
            problems.append(ValidationError(f"expected a list, {got(items)}", path=section))
            continue
        # The fast hook first; only a record it fails on goes through the detailed
        # converter, for the errors (or, should it succeed there, for the record).
        fast = by_hand[kind] if by_hand is not None else None
        found = parts[section]
        for index, item in enumerate(items):
            path = f"{section}[{index}]"
            try:
                raw = item
                if type(item) is dict and (extensions or "extensions" in item):
                    raw = _with_extensions(item, _FIELDS[kind], path, limits, extensions)
                found.append((path, _structured(fast, converter, raw, kind, path)))
            except ValidationError as error:
                problems.extend(error.errors)
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    unreadable.add(item["id"])
    return ClaimSet._assemble(
        parts["sources"],
        parts["claims"],
        parts["attributions"],
        problems=problems,
        unreadable=frozenset(unreadable),
        extensions=document_extensions,
    )


def _extensions_of(
    document: dict[str, Any],
    known: frozenset[str],
    path: str,
    allowed: bool,
    problems: list[ValidationError],
) -> dict[str, Any]:
    """The document-level extensions; unknown fields go there if allowed."""
    found = document.get("extensions", {})
    if type(found) is not dict:
        problems.append(ValidationError(f"expected an object, {got(found)}", path="extensions"))
        found = {}
    unknown = sorted(document.keys() - known)
    if not allowed:
        problems += [
            ValidationError("unknown field", path=join_path(path, name)) for name in unknown
        ]
        return dict(found)
    return {**found, **{name: document[name] for name in unknown}}


def _with_extensions(
    item: dict[str, Any], known: frozenset[str], path: str, limits: Limits, allowed: bool
) -> dict[str, Any]:
    """A record with its extensions checked against the limits and, if ``allowed``,
    its unknown fields moved under them."""
    unknown = item.keys() - known - {"extensions"} if allowed else set()
    found = item.get("extensions", {})
    if type(found) is not dict:
        raise ValidationError(f"expected an object, {got(found)}", path=f"{path}.extensions")
    moved = {**found, **{key: item[key] for key in sorted(unknown)}}
    freeze_json(moved, f"{path}.extensions", limits.max_depth)
    if not unknown:
        return item
    kept = {key: value for key, value in item.items() if key not in unknown}
    kept["extensions"] = moved
    return kept


def to_document(
    claimset: ClaimSet, converter: cattrs.Converter = DEFAULT_CONVERTER
) -> dict[str, Any]:
    """The JSON document of a claim set, in canonical order."""
    if not isinstance(claimset, ClaimSet):
        raise ValidationError(f"expected a ClaimSet, {got(claimset)}")
    document: dict[str, Any] = {
        "claimkit": FORMAT_VERSION,
        "sources": [],
        "claims": [],
        "attributions": [],
    }
    if converter is DEFAULT_CONVERTER:
        # Each section's hook looked up once, not dispatched on every record.
        source_hook = converter.get_unstructure_hook(Source)
        document["sources"] = [source_hook(source) for source in claimset._sorted_sources()]
        document["claims"] = [_unstructure_claim(claim) for claim in claimset._ordered_claims()]
        document["attributions"] = [
            _unstructure_attribution(attribution) for attribution in claimset.attributions
        ]
    else:
        for record in claimset.records():
            document[_SECTION_OF[type(record)]].append(converter.unstructure(record))
    if claimset.extensions:
        document["extensions"] = thaw_json(claimset.extensions)
    return document


_SECTION_OF: Final[dict[type, str]] = {
    Source: "sources",
    Claim: "claims",
    Attribution: "attributions",
}


def dumps(claimset: ClaimSet, *, indent: int | None = 2) -> str:
    """Serialise a claim set to a claimkit JSON document.

    The output is deterministic: equal claim sets give identical text, with records
    in canonical order. ``loads(dumps(x)) == x`` for every claim set.

    Args:
        claimset: The claim set.
        indent: Spaces per indentation level, or ``None`` for a single line.

    .. versionadded:: 0.1.0
    """
    _check_claimset(claimset)
    if indent is not None and type(indent) is not int:
        raise ValidationError(f"expected a number of spaces or None, {got(indent)}", path="indent")
    with collector_paused():
        return _document_text(claimset, indent)


def _encode(value: Any, indent: int | None) -> str:
    """``json.dumps`` as :func:`dumps` calls it (by orjson where that gives the
    same text)."""
    text = fast_dumps(value, indent)
    if text is None:
        text = json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)
    return text


def _document_text(claimset: ClaimSet, indent: int | None) -> str:
    """``json.dumps(to_document(claimset), ensure_ascii=False, indent=indent,
    allow_nan=False)``, the same text, written section by section.

    The claims and attributions, most of a document, are written by
    :func:`_claims_text` and :func:`_attributions_text` without a dict or the
    encoder, at their level; the sources and extensions are encoded
    by :mod:`json` (or orjson) a section at a time and indented one level further,
    as the document's encoder would: JSON text has no raw line break inside a
    string, so each line break of a section's text is where the encoder starts an
    indented line. Sections are written in the document's order, so a value
    :mod:`json` refuses raises the error it raised before."""
    hook = DEFAULT_CONVERTER.get_unstructure_hook(Source)
    sources = _encode([hook(source) for source in claimset._sorted_sources()], indent)
    claims = _claims_text(claimset._ordered_claims(), indent)
    attributions = _attributions_text(claimset.attributions, indent)
    extensions = _encode(thaw_json(claimset.extensions), indent) if claimset.extensions else None
    version = json.dumps(FORMAT_VERSION)
    if indent is None:
        parts = [
            f'{{"claimkit": {version}, "sources": {sources}, "claims": {claims}, '
            f'"attributions": {attributions}'
        ]
        if extensions is not None:
            parts.append(f', "extensions": {extensions}')
        parts.append("}")
        return "".join(parts)
    line = "\n" + " " * indent
    parts = [
        f'{{{line}"claimkit": {version},{line}"sources": {sources.replace(chr(10), line)},'
        f'{line}"claims": {claims},{line}"attributions": {attributions}'
    ]
    if extensions is not None:
        parts.append(f',{line}"extensions": {extensions.replace(chr(10), line)}')
    parts.append("\n}")
    return "".join(parts)


def _attributions_text(attributions: tuple[Attribution, ...], indent: int | None) -> str:
    """The attributions section of a document, as the document's encoder writes
    ``[_unstructure_attribution(a) for a in attributions]`` one level in.

    Written field by field, in :func:`~claimkit._canonical.attribution_content`'s
    order and with its defaults left out; the encoded ids, dates and fields are
    kept for the rest of the call. An attribution with evidence or extensions is
    encoded by :mod:`json` from its dict."""
    if not attributions:
        return "[]"
    if indent is None:
        item = field = inner = ""
        opening, between, closing = "{", ", ", "}"
        list_opening, list_between, list_closing = "[", ", ", "]"
        section_opening, section_between, section_closing = "[", ", ", "]"
    else:
        step = " " * indent
        item = "\n" + step * 2
        field = item + step
        inner = field + step
        opening, between, closing = "{" + field, "," + field, item + "}"
        list_opening, list_between, list_closing = "[" + inner, "," + inner, field + "]"
        section_opening, section_between = "[" + item, "," + item
        section_closing = "\n" + step + "]"
    quoted: dict[str, str] = {}
    # By the fields the text is made of: a date's own hash and equality, and its
    # text, are Python calls, and a few dates serve many attributions.
    dated: dict[tuple[int, int | None, int | None], str] = {}
    encode = encode_basestring
    lines = []
    for attribution in attributions:
        extensions = attribution.extensions
        if attribution.evidence is not None or (extensions is not EMPTY and extensions):
            text = json.dumps(
                _unstructure_attribution(attribution),
                ensure_ascii=False,
                indent=indent,
                allow_nan=False,
            )
            lines.append(text if indent is None else text.replace("\n", item))
            continue
        claim = attribution.claim
        source = attribution.source
        if (claim_text := quoted.get(claim)) is None:
            claim_text = quoted[claim] = encode(claim)
        if (source_text := quoted.get(source)) is None:
            source_text = quoted[source] = encode(source)
        fields = [f'"claim": {claim_text}', f'"source": {source_text}']
        if via := attribution.via:
            relays = []
            for relay in via:
                if (relay_text := quoted.get(relay)) is None:
                    relay_text = quoted[relay] = encode(relay)
                relays.append(relay_text)
            fields.append(f'"via": {list_opening}{list_between.join(relays)}{list_closing}')
        if (stated := attribution.stated) is not None:
            key = (stated.year, stated.month, stated.day)
            if (date_text := dated.get(key)) is None:
                date_text = dated[key] = encode(str(stated))
            fields.append(f'"stated": {date_text}')
        if (mode := attribution.mode) is not None:
            fields.append(_MEMBER_TEXT["mode", mode._value_])
        if (stance := attribution.stance._value_) != "asserts":
            fields.append(_MEMBER_TEXT["stance", stance])
        if (certainty := attribution.certainty._value_) != "certain":
            fields.append(_MEMBER_TEXT["certainty", certainty])
        if (quote := attribution.quote) is not None:
            fields.append(f'"quote": {encode(quote)}')
        if (channel := attribution.channel) is not None:
            fields.append(f'"channel": {encode(channel)}')
        if (retrieved := attribution.retrieved) is not None:
            key = (retrieved.year, retrieved.month, retrieved.day)
            if (date_text := dated.get(key)) is None:
                date_text = dated[key] = encode(str(retrieved))
            fields.append(f'"retrieved": {date_text}')
        if (rank := attribution.rank._value_) != "normal":
            fields.append(_MEMBER_TEXT["rank", rank])
        if (rank_reason := attribution.rank_reason) is not None:
            fields.append(f'"rank_reason": {encode(rank_reason)}')
        lines.append(f"{opening}{between.join(fields)}{closing}")
    return f"{section_opening}{section_between.join(lines)}{section_closing}"


def _claims_text(claims: list[Claim], indent: int | None) -> str:
    """The claims section of a document, as the document's encoder writes
    ``[_unstructure_claim(c) for c in claims]`` one level in: field by field for
    the built-in types (see :func:`_value_json`), by :mod:`json` from the dict for
    a claim with extensions or anything else."""
    if not claims:
        return "[]"
    if indent is None:
        lines: list[str] = [" "] * 6
        step = ""
    else:
        step = " " * indent
        lines = ["\n" + step * level for level in range(6)]
    encode = encode_basestring
    texts = []
    for claim in claims:
        subject, predicate = claim.subject, claim.predicate
        extensions = claim.extensions
        value = _value_json(claim.value, 3, lines, indent)
        fields = None
        if (
            value is not None
            and type(subject) is str
            and type(predicate) is str
            and (extensions is EMPTY or not extensions)
        ):
            fields = [
                f'"id": {encode(claim.id)}',
                f'"subject": {encode(subject)}',
                f'"predicate": {encode(predicate)}',
                f'"value": {value}',
            ]
            if qualifiers := claim.qualifiers:
                items = []
                for key, item in qualifiers.items():
                    item_text = _value_json(item, 4, lines, indent)
                    if item_text is None or type(key) is not str:
                        fields = None
                        break
                    items.append(f"{encode(key)}: {item_text}")
                if fields is not None:
                    fields.append(f'"qualifiers": {_object_json(items, 3, lines, indent)}')
            if fields is not None:
                if claim.negated:
                    fields.append('"negated": true')
                if claim.opinion:
                    fields.append('"opinion": true')
        if fields is None:
            text = json.dumps(
                _unstructure_claim(claim), ensure_ascii=False, indent=indent, allow_nan=False
            )
            texts.append(text if indent is None else text.replace("\n", lines[2]))
        else:
            texts.append(_object_json(fields, 2, lines, indent))
    if indent is None:
        return f"[{', '.join(texts)}]"
    return f"[{lines[2]}{(',' + lines[2]).join(texts)}{lines[1]}]"


def _object_json(fields: list[str], level: int, lines: list[str], indent: int | None) -> str:
    """A JSON object of the given ``"key": value`` texts, at ``level`` (compact
    when ``indent`` is ``None``)."""
    if indent is None:
        return "{" + ", ".join(fields) + "}"
    inner = lines[level + 1]
    return "{" + inner + ("," + inner).join(fields) + lines[level] + "}"


def _value_json(value: object, level: int, lines: list[str], indent: int | None) -> str | None:
    """:func:`~claimkit._canonical.encode_value` of a value of the built-in types as
    the document's encoder writes it at ``level``, or ``None`` for anything else."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)  # type: ignore[arg-type]
    if kind is bool:
        return "true" if value else "false"
    if kind is PartialDate:
        return _object_json(
            ['"type": "date"', f'"value": {encode_basestring(str(value))}'], level, lines, indent
        )
    fields = []
    if kind is Quantity:
        fields.append('"type": "quantity"')
        for name in ("low", "best", "high"):
            if (number := getattr(value, name)) is not None:
                if (text := number_text(number)) is None:
                    return None
                fields.append(f'"{name}": {text}')
        if (unit := value.unit) is not None:  # type: ignore[attr-defined]
            if type(unit) is not str:
                return None
            fields.append(f'"unit": {encode_basestring(unit)}')
        for name in ("approximate", "low_exclusive", "high_exclusive"):
            flag = getattr(value, name)
            if type(flag) is not bool:
                return None
            if flag:
                fields.append(f'"{name}": true')
        if (total := value.total) is not None:  # type: ignore[attr-defined]
            if (text := number_text(total)) is None:
                return None
            fields.append(f'"total": {text}')
        return _object_json(fields, level, lines, indent)
    if kind is Unknown:
        fields.append('"type": "unknown"')
        for name in ("low", "high"):
            if (number := getattr(value, name)) is not None:
                if (text := number_text(number)) is None:
                    return None
                fields.append(f'"{name}": {text}')
        if (unit := value.unit) is not None:  # type: ignore[attr-defined]
            if type(unit) is not str:
                return None
            fields.append(f'"unit": {encode_basestring(unit)}')
        return _object_json(fields, level, lines, indent)
    return None


#: The text of each enumeration field and value an attribution may have.
_MEMBER_TEXT: Final = {
    (name, member._value_): f'"{name}": {encode_basestring(member._value_)}'
    for name, kind in (("mode", Mode), ("stance", Stance), ("certainty", Certainty), ("rank", Rank))
    for member in kind
}


def _check_claimset(claimset: object) -> None:
    if not isinstance(claimset, ClaimSet):
        raise ValidationError(f"expected a ClaimSet, {got(claimset)}", path="claimset")


def _check_path(path: object, name: str = "path") -> None:
    if not isinstance(path, str | os.PathLike):
        raise ValidationError(f"expected a file path, {got(path)}", path=name)


def _limits(limits: object) -> Limits:
    if limits is None:
        return DEFAULT_LIMITS
    if not isinstance(limits, Limits):
        raise ValidationError(f"expected a Limits or None, {got(limits)}", path="limits")
    return limits


def loads(text: str | bytes, *, extensions: bool = False, limits: Limits | None = None) -> ClaimSet:
    """Read a claim set from a claimkit JSON document.

    Args:
        text: The document.
        extensions: What to do with fields claimkit does not know: refuse them
            (the default), or keep them in the ``extensions`` of the record or
            document they appear in, where they survive a round trip.
        limits: Bounds on size and nesting (see :class:`Limits`).

    Raises:
        ValidationError: The text is not JSON, not a claimkit document, or
            describes invalid records or dangling references. Every problem is
            listed in the error's :attr:`~ValidationError.errors`, each with its
            path (``claims[3].value.low``). No partial claim set is returned.

    .. versionadded:: 0.1.0
    """
    if not isinstance(text, str | bytes | bytearray):
        raise ValidationError(f"expected JSON text, {got(text)}")
    limits = _limits(limits)
    with collector_paused():
        return from_document(parse_json(text, limits), extensions=extensions, limits=limits)


def dump(claimset: ClaimSet, path: PathLike, *, indent: int | None = 2) -> None:
    """Write a claim set to a file as a claimkit JSON document, atomically.

    The document is written to a temporary file in the same folder, flushed to
    disk and renamed over ``path``: if writing fails at any point, an existing file
    at ``path`` is left as it was.

    .. versionadded:: 0.1.0
    """
    _check_path(path)
    text = dumps(claimset, indent=indent) + "\n"
    atomic_write(path, lambda out: out.write(text))


def load(path: PathLike, *, extensions: bool = False, limits: Limits | None = None) -> ClaimSet:
    """Read a claim set from a file: a JSON document, or JSON Lines as written by
    :func:`write_jsonl` (recognised by its first line). ``extensions`` and
    ``limits`` are as for :func:`loads`.

    Raises:
        ValidationError: As for :func:`loads`; for JSON Lines, paths start with
            the line number (``line 7: claim.value.low``).
        OSError: The file cannot be read.

    .. versionadded:: 0.1.0
    """
    _check_path(path)
    limits = _limits(limits)
    with open(path, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > limits.max_bytes and not _is_jsonl_header(file.readline()):
            raise ValidationError(
                f"the file is {size:,} bytes, more than the limit of {limits.max_bytes:,}"
            )
        file.seek(0)
        return read_claimset(file.read(), extensions=extensions, limits=limits)


def read_claimset(
    data: str | bytes, *, extensions: bool = False, limits: Limits | None = None
) -> ClaimSet:
    """A claim set from the text of a JSON document or of JSON Lines."""
    first = data.split(b"\n", 1)[0] if isinstance(data, bytes) else data.split("\n", 1)[0].encode()
    if not _is_jsonl_header(first):
        return loads(data, extensions=extensions, limits=limits)
    # Split on newlines only: str.splitlines would also split inside JSON strings
    # that hold U+2028 and its kin, which JSON allows unescaped. Bytes are decoded
    # line by line, so that a byte that is not UTF-8 is reported on its line.
    lines: list[str] | list[bytes] = (
        data.split(b"\n") if isinstance(data, bytes) else data.split("\n")
    )
    return _claimset_from_lines(lines, extensions, _limits(limits))


def _is_jsonl_header(line: bytes) -> bool:
    stripped = line.strip()
    if not stripped.startswith(b"{") or not stripped.endswith(b"}"):
        return False
    try:
        header = json.loads(stripped)
    except ValueError:
        return False
    return isinstance(header, dict) and header.keys() == {"claimkit"}


# -- JSON Lines ---------------------------------------------------------------------

_LINE_KINDS: Final[dict[str, type[Record]]] = {
    "source": Source,
    "claim": Claim,
    "attribution": Attribution,
}
_LINE_KEY: Final[dict[type, str]] = {kind: key for key, kind in _LINE_KINDS.items()}


def iter_jsonl(
    file: PathLike | IO[str] | IO[bytes] | Iterable[str] | Iterable[bytes],
    *,
    check: bool = False,
    extensions: bool = False,
    limits: Limits | None = None,
) -> Iterator[Record]:
    """Read the records of a JSON Lines stream one at a time, in constant memory.

    The first line is the header, ``{"claimkit": "1.0"}``; every other non-blank
    line holds one record, keyed by its kind: ``{"source": {...}}``,
    ``{"claim": {...}}`` or ``{"attribution": {...}}``.

    By default each record is checked on its own and the first bad line raises.
    With ``check=True`` the stream is checked as :func:`load` checks a file: every
    bad line is reported, a source id may not be defined twice differently, and
    every claim and source an attribution names must be somewhere in the stream,
    before or after it. Only good records are yielded, and the problems are
    raised together when the stream ends. This holds the ids of the records seen
    (and the sources), never the records themselves: pass the records on to
    :meth:`Partial.from_records <claimkit.Partial.from_records>` to reconcile a
    file without loading it whole.

    Args:
        file: A path, an open text or binary file, or any iterable of lines
            (text, or bytes in UTF-8).
        check: Check the stream as a whole, as :func:`load` does.
        extensions: Keep unknown fields in each record's ``extensions`` rather
            than refuse them (see :func:`loads`).
        limits: Bounds on line length, record count and nesting (see
            :class:`Limits`; ``max_bytes`` applies to each line).

    Raises:
        ValidationError: At the first bad line, or with ``check=True`` at the end
            with every problem; each path starts with the line number
            (``line 7: claim.value.low``). Arguments of the wrong type are refused
            at the call.

    .. versionadded:: 0.1.0
    """
    checked_limits = _limits(limits)
    if not isinstance(file, str | os.PathLike) and (
        isinstance(file, bytes | bytearray) or not isinstance(file, Iterable)
    ):
        raise ValidationError(f"expected a path, a file or lines of text, {got(file)}", path="file")
    return _iter_jsonl(file, _checked if check else _records, extensions, checked_limits)


def _iter_jsonl(
    file: PathLike | Iterable[str] | Iterable[bytes],
    read: Callable[[Iterable[str | bytes], bool, Limits], Iterator[Record]],
    extensions: bool,
    limits: Limits,
) -> Iterator[Record]:
    if isinstance(file, str | os.PathLike):
        # Read as bytes and decode line by line: a text file decodes a whole buffer
        # ahead, and would report a bad byte on the wrong line.
        with open(file, "rb") as lines:
            yield from read(lines, extensions, limits)
    else:
        yield from read(file, extensions, limits)


def _checked(lines: Iterable[str | bytes], extensions: bool, limits: Limits) -> Iterator[Record]:
    """The good records of a stream; at its end, every problem, as :func:`load`
    would find them (the order aside), from the ids alone."""
    sources: dict[str, Source] = {}
    claims: set[str] = set()
    # References to records not seen yet: (path, the id, "claim" or "source").
    ahead: list[tuple[str, str, str]] = []
    problems: list[ValidationError] = []
    unreadable: set[str] = set()
    for path, item in _good_lines(lines, extensions, limits, problems, unreadable):
        if isinstance(item, Attribution):
            if item.claim not in claims:
                ahead.append((f"{path}.claim", item.claim, "claim"))
            if item.source not in sources:
                ahead.append((f"{path}.source", item.source, "source"))
            ahead.extend(
                (f"{path}.via[{index}]", relay, "source")
                for index, relay in enumerate(item.via)
                if relay not in sources
            )
        elif isinstance(item, Claim):
            claims.add(item.id)
        elif sources.setdefault(item.id, item) != item:
            problems.append(redefined_source(item.id, path))
            continue
        yield item
    for path, key, noun in ahead:
        if key not in (claims if noun == "claim" else sources) and key not in unreadable:
            problems.append(dangling(noun, key, path))
    if problems:
        raise ValidationError.collect(problems)


def _records(lines: Iterable[str | bytes], extensions: bool, limits: Limits) -> Iterator[Record]:
    for _, item, _ in _read_lines(lines, extensions, limits):
        if isinstance(item, ValidationError):
            raise item
        yield item


def _read_lines(
    lines: Iterable[str | bytes], extensions: bool, limits: Limits
) -> Iterator[tuple[int, Record | ValidationError, object]]:
    """Each record line as (line number, record or its error, the raw record's id)."""
    header_seen = False
    number = 0
    records = 0
    hooks = _fast_hooks()
    try:
        for number, given in enumerate(lines, start=1):
            line = _text_line(given, number)
            if not line.strip():
                continue
            if not header_seen:
                try:
                    raw = parse_json(line, limits)
                    if type(raw) is not dict or raw.keys() != {"claimkit"}:
                        raise ValidationError(
                            'not claimkit JSON Lines: the first line must be {"claimkit": "1.0"}'
                        )
                    _check_version(raw)
                except ValidationError as error:
                    raise _at_line(error, number) from None
                header_seen = True
                continue
            raw = None
            records += 1
            if records > limits.max_records:
                raise _at_line(
                    ValidationError(f"more records than the limit of {limits.max_records:,}"),
                    number,
                )
            if records % _HOOKS_RENEWED == 0:
                # Fresh hooks now and then, so that what they remember of the ids,
                # texts and dates seen stays small however long the stream.
                hooks = _fast_hooks()
            try:
                raw = parse_json(line, limits)
                yield number, _record(raw, extensions, limits, hooks), None
            except ValidationError as error:
                yield number, _at_line(error, number), _raw_id(raw)
    except UnicodeDecodeError as error:
        # From a text stream the caller opened: the decoder failed on the line after
        # the last one it gave (or later, if it decodes ahead).
        raise _at_line(
            ValidationError(f"not UTF-8 text: bad byte at offset {error.start}"), number + 1
        ) from None
    if not header_seen:
        raise ValidationError('empty: expected the header line {"claimkit": "1.0"}')


def _text_line(line: object, number: int) -> str:
    """A line as text: bytes are decoded as UTF-8 here, so that a bad byte is
    reported on its own line."""
    if type(line) is str:
        return line
    if isinstance(line, bytes | bytearray):
        try:
            return line.decode("utf-8")
        except UnicodeDecodeError as error:
            bad = line[error.start]
            raise _at_line(
                ValidationError(
                    f"not UTF-8 text: byte 0x{bad:02x} at offset {error.start} of the line"
                ),
                number,
            ) from None
    if isinstance(line, str):
        return str(line)
    raise _at_line(ValidationError(f"expected a line of text, {got(line)}"), number)


def _good_lines(
    lines: Iterable[str | bytes],
    extensions: bool,
    limits: Limits,
    problems: list[ValidationError],
    unreadable: set[str],
) -> Iterator[tuple[str, Record]]:
    """Each good record with its path (``line 7: claim``); the problems of the bad
    lines go to ``problems``, and their records' ids, where readable, to
    ``unreadable`` (so that references to them are not reported again)."""
    for number, item, raw_id in _read_lines(lines, extensions, limits):
        if isinstance(item, ValidationError):
            problems.extend(item.errors)
            if isinstance(raw_id, str):
                unreadable.add(raw_id)
        else:
            yield f"line {number}: {_LINE_KEY[type(item)]}", item


def _raw_id(raw: object) -> object:
    if type(raw) is dict and len(raw) == 1:
        (inner,) = raw.values()
        if type(inner) is dict:
            return inner.get("id")
    return None


#: How many records of a stream one set of fast hooks reads.
_HOOKS_RENEWED: Final = 50_000


def _record(
    raw: object,
    extensions: bool,
    limits: Limits,
    hooks: Mapping[type, Callable[[Any, Any], Any]],
) -> Record:
    if type(raw) is not dict or len(raw) != 1:
        raise ValidationError(
            f'expected one record, {{"source": ...}}, {{"claim": ...}} or '
            f'{{"attribution": ...}}, {got(raw)}'
        )
    ((key, value),) = raw.items()
    kind = _LINE_KINDS.get(key)
    if kind is None:
        raise ValidationError(
            "expected 'source', 'claim' or 'attribution'", path=key_path(key).lstrip(".")
        )
    if type(value) is dict and (extensions or "extensions" in value):
        value = _with_extensions(value, _FIELDS[kind], key, limits, extensions)
    # As for a document: the fast hook first, the detailed converter for the
    # errors of a record it fails on.
    return _structured(hooks[kind], DEFAULT_CONVERTER, value, kind, key)


def _at_line(error: ValidationError, number: int) -> ValidationError:
    moved = [
        ValidationError(p.message, path=f"line {number}" + (f": {p.path}" if p.path else ""))
        for p in error.errors
    ]
    return ValidationError.collect(moved)


def _claimset_from_lines(
    lines: Iterable[str | bytes], extensions: bool, limits: Limits
) -> ClaimSet:
    parts: dict[type, list[tuple[str, object]]] = {kind: [] for kind in _LINE_KEY}
    problems: list[ValidationError] = []
    unreadable: set[str] = set()
    with collector_paused():
        for path, item in _good_lines(lines, extensions, limits, problems, unreadable):
            parts[type(item)].append((path, item))
        return ClaimSet._assemble(
            parts[Source],
            parts[Claim],
            parts[Attribution],
            problems=problems,
            unreadable=frozenset(unreadable),
        )


def jsonl_lines(records: ClaimSet | Iterable[Record]) -> Iterator[str]:
    """The lines of a JSON Lines stream (each ending in a newline), header first."""
    yield json.dumps({"claimkit": FORMAT_VERSION}) + "\n"
    items = records.records() if isinstance(records, ClaimSet) else records
    # The hooks a document is written with, looked up once.
    hooks: dict[type, tuple[str, Callable[[Any], Any]]] = {
        Source: (_LINE_KEY[Source], DEFAULT_CONVERTER.get_unstructure_hook(Source)),
        Claim: (_LINE_KEY[Claim], _unstructure_claim),
        Attribution: (_LINE_KEY[Attribution], _unstructure_attribution),
    }
    encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
    for record in items:
        found = hooks.get(type(record))
        if found is None:
            raise ValidationError(f"expected a Source, Claim or Attribution, {got(record)}")
        key, unstructure = found
        line = encode({key: unstructure(record)})
        if not line.isascii():
            line = line.translate(_LINE_BREAKS)
        yield line + "\n"


#: Characters that JSON leaves unescaped but that str.splitlines() and some other
#: tools treat as line breaks; escaped so that every record stays on its line.
_LINE_BREAKS: Final = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def write_jsonl(records: ClaimSet | Iterable[Record], file: PathLike | IO[str]) -> None:
    """Write records as JSON Lines: a header line, then one record per line.

    A :class:`ClaimSet` is written in canonical order; any other iterable of
    records is written as it comes, in constant memory. Written to a path, the file
    is replaced atomically (see :func:`dump`); to an open file, lines are written
    as they are produced.

    Raises:
        ValidationError: ``records`` holds something other than records, or the
            arguments are of the wrong type.

    .. versionadded:: 0.1.0
    """
    if not isinstance(records, ClaimSet) and (
        isinstance(records, str | bytes | Mapping) or not isinstance(records, Iterable)
    ):
        raise ValidationError(
            f"expected a ClaimSet or an iterable of records, {got(records)}", path="records"
        )
    if isinstance(file, str | os.PathLike):
        atomic_write(file, lambda out: out.writelines(jsonl_lines(records)))
    elif callable(getattr(file, "writelines", None)):
        file.writelines(jsonl_lines(records))
    else:
        raise ValidationError(f"expected a path or an open text file, {got(file)}", path="file")


# -- files --------------------------------------------------------------------------


def atomic_write(path: PathLike, write: Callable[[IO[str]], object]) -> None:
    """Write a text file (UTF-8, ``\n`` line ends) so that it is either wholly
    replaced or left untouched; see :func:`atomic_replace`."""

    def text(temporary: str) -> None:
        with open(temporary, "w", encoding="utf-8", newline="\n") as out:
            write(out)

    atomic_replace(path, text)


def atomic_replace(path: PathLike, write: Callable[[str], object]) -> None:
    """Replace the file at ``path`` with the one ``write`` makes at the path it is
    given, wholly or not at all.

    That path is a temporary file in the same folder, hidden and unique; once
    written it is synced to disk, given the permissions of the file it replaces,
    and renamed over ``path`` (an atomic operation on POSIX and Windows file
    systems), and the folder is synced so that the rename lasts. If anything
    fails, the temporary file is removed and ``path`` is as it was.
    """
    target = Path(path)
    folder = target.parent
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    try:
        write(temporary)
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    # Make the rename itself durable; not possible (nor needed) on every platform.
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(descriptor)
