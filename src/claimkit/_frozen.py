"""An immutable, hashable mapping with a canonical (sorted) key order."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Generic, TypeVar

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
