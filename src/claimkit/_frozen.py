"""An immutable, hashable mapping with a canonical (sorted) key order."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any, Final, Generic, TypeVar

from ._errors import ValidationError
from ._text import check_characters, check_in_float_range, got, key_path

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(Mapping[K, V], Generic[K, V]):
    """A read-only mapping that can be hashed and so lives inside frozen records.

    Keys are kept sorted, so two mappings with the same items iterate, print and
    serialise the same way whatever order they were built in.
    """

    __slots__ = ("_data", "_hash")

    _data: dict[K, V]
    _hash: int | None

    def __init__(self, items: Mapping[K, V] | None = None) -> None:
        data = dict(items or {})
        try:
            self._data = dict(sorted(data.items()))
        except TypeError:
            self._data = data
        self._hash = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenDict):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __repr__(self) -> str:
        return repr(self._data)

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (self._data,))


EMPTY: FrozenDict[Any, Any] = FrozenDict()


def freeze(items: Mapping[K, V] | None) -> FrozenDict[K, V]:
    """Return ``items`` as a :class:`FrozenDict` (the shared empty one if empty)."""
    if isinstance(items, FrozenDict):
        return items
    if not items:
        return EMPTY
    return FrozenDict(items)


# Typed converters for attrs fields: a generic converter would leave its type
# variables in the generated __init__'s annotations, which typing.get_type_hints
# cannot resolve.


def freeze_weights(items: Mapping[str, float] | None) -> FrozenDict[str, float]:
    """A mapping of names to numbers, frozen."""
    return freeze(items)


def freeze_json(value: Any, path: str, depth: int) -> Any:
    """A JSON value made immutable (objects as FrozenDict, arrays as tuples), checked
    to be JSON: string keys, finite numbers, at most ``depth`` levels of nesting."""
    if depth < 0:
        raise ValidationError("nested too deeply", path=path)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return check_characters(value, path)
    if isinstance(value, int):
        return check_in_float_range(int(value), path)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValidationError(f"expected a finite number, {got(value)}", path=path)
        return value
    if isinstance(value, Mapping):
        items = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValidationError(f"expected text keys, {got(key)}", path=path)
            check_characters(key, path)
            items[key] = freeze_json(item, path + key_path(key), depth - 1)
        return FrozenDict(items)
    if isinstance(value, list | tuple):
        return tuple(
            freeze_json(item, f"{path}[{index}]", depth - 1) for index, item in enumerate(value)
        )
    raise ValidationError(f"expected a JSON value, {got(value)}", path=path)


def thaw_json(value: Any) -> Any:
    """The plain JSON form of a value made by :func:`freeze_json`."""
    if isinstance(value, FrozenDict):
        return {key: thaw_json(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [thaw_json(item) for item in value]
    return value


#: How deep extension values may nest.
EXTENSION_DEPTH: Final = 64


def freeze_extensions(items: Mapping[str, Any] | None) -> FrozenDict[str, Any]:
    """An ``extensions`` mapping, checked and frozen."""
    if not items:
        if items is None or isinstance(items, Mapping):
            return EMPTY
        raise ValidationError(f"expected a mapping, {got(items)}", path="extensions")
    if items is None:
        return freeze(None)
    if not isinstance(items, Mapping):
        raise ValidationError(f"expected a mapping, {got(items)}", path="extensions")
    frozen = freeze_json(items, "extensions", EXTENSION_DEPTH)
    return frozen if frozen else freeze(None)
