"""ClaimSet: sources, claims and attributions, linked by id and checked."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from operator import attrgetter
from types import MappingProxyType
from typing import Any, TypeAlias

from ._errors import ValidationError
from ._frozen import FrozenDict, freeze_extensions
from ._model import Attribution, Claim, Source, attribution_sort_key
from ._text import got

__all__ = ["ClaimSet", "Record"]

#: An attribution's source, the first field by which a claim's attributions sort.
_BY_SOURCE = attrgetter("source")

#: One record of a claim set.
Record: TypeAlias = Source | Claim | Attribution


class ClaimSet:
    """Sources, claims and the attributions that link them: the unit claimkit
    stores, exchanges and reconciles.

    A claim set is an immutable value. Its order does not matter: two claim sets
    with the same records are equal however they were built, and they serialise
    identically. Records are deduplicated: a claim or attribution given twice is
    kept once.

    Building one checks referential integrity: every attribution must name a claim
    and sources (original and relays) that the set contains, and one source id
    cannot stand for two different sources.

    Claim sets combine with ``|`` (or :meth:`merge`), a set union: associative,
    commutative and idempotent, so partial collections can be merged in any order
    and any grouping.

    Args:
        sources: The sources: any iterable of them, or a mapping from id to
            source such as another claim set's :attr:`sources`.
        claims: The claims, likewise (a mapping by claim id).
        attributions: The attributions, likewise (a mapping by attribution id).
        extensions: Document-level fields of other tools, as JSON values, carried
            along but not part of the claim set's equality.

    Raises:
        ValidationError: An attribution names a claim or source that is not in the
            set, a source id is defined twice with different content, a record
            is of the wrong type, or a mapping files a record under a key other
            than its id. Every problem is listed, each with its path
            (``attributions[4].claim``).

    >>> ap = Source(id="ap", name="The Associated Press", kind="media")
    >>> mod = Source(id="ru-mod", name="Russian Ministry of Defence", kind="government")
    >>> fired = Claim(subject="Makiivka strike", predicate="HIMARS rockets fired", value=6)
    >>> said = Attribution(claim=fired, source=mod, via=[ap])
    >>> claims = ClaimSet(sources=[mod, ap], claims=[fired], attributions=[said])
    >>> claims
    <ClaimSet: 2 sources, 1 claim, 1 attribution>
    >>> claims == ClaimSet(sources=[ap, mod], claims=[fired, fired], attributions=[said])
    True

    .. versionadded:: 0.1.0
    """

    __slots__ = (
        "_attributions",
        "_by_claim",
        "_claims",
        "_extensions",
        "_hash",
        "_ordered",
        "_sources",
    )

    _sources: dict[str, Source]
    _claims: dict[str, Claim]
    _attributions: frozenset[Attribution]
    _hash: int | None
    _ordered: tuple[Attribution, ...] | None
    _by_claim: dict[str, tuple[Attribution, ...]] | None
    _extensions: FrozenDict[str, Any]

    def __init__(
        self,
        *,
        sources: Iterable[Source] | Mapping[str, Source] = (),
        claims: Iterable[Claim] | Mapping[str, Claim] = (),
        attributions: Iterable[Attribution] | Mapping[str, Attribution] = (),
        extensions: Mapping[str, Any] | None = None,
    ) -> None:
        problems: list[ValidationError] = []
        self._set(
            *_check(
                _entries(sources, "sources", problems),
                _entries(claims, "claims", problems),
                _entries(attributions, "attributions", problems),
                problems,
            )
        )
        self._extensions = freeze_extensions(extensions)

    def _set(
        self,
        sources: dict[str, Source],
        claims: dict[str, Claim],
        attributions: frozenset[Attribution],
    ) -> None:
        self._sources = sources
        self._claims = claims
        self._attributions = attributions
        self._extensions = FrozenDict()
        self._hash = None
        self._ordered = None
        self._by_claim = None

    @classmethod
    def from_records(cls, records: Iterable[Record]) -> ClaimSet:
        """Build a claim set from sources, claims and attributions in any order.

        Raises:
            ValidationError: As for the constructor; paths name the position in
                ``records`` (``records[7].claim``).
        """
        sources: list[tuple[str, object]] = []
        claims: list[tuple[str, object]] = []
        attributions: list[tuple[str, object]] = []
        problems = []
        for index, record in enumerate(_iterable(records, "records")):
            path = f"records[{index}]"
            if isinstance(record, Source):
                sources.append((path, record))
            elif isinstance(record, Claim):
                claims.append((path, record))
            elif isinstance(record, Attribution):
                attributions.append((path, record))
            else:
                problems.append(
                    ValidationError(
                        f"expected a Source, Claim or Attribution, {got(record)}", path=path
                    )
                )
        return cls._assemble(sources, claims, attributions, problems=problems)

    @classmethod
    def _assemble(
        cls,
        sources: Iterable[tuple[str, object]],
        claims: Iterable[tuple[str, object]],
        attributions: Iterable[tuple[str, object]],
        *,
        problems: Iterable[ValidationError] = (),
        unreadable: frozenset[str] = frozenset(),
        extensions: Mapping[str, Any] | None = None,
    ) -> ClaimSet:
        """Build from records labelled with their paths in a document; used by the
        loaders, which also pass the problems they met and the ids of records they
        could not read (so those do not show up again as dangling references)."""
        self = cls.__new__(cls)
        self._set(*_check(sources, claims, attributions, list(problems), unreadable))
        self._extensions = freeze_extensions(extensions)
        return self

    # -- access -------------------------------------------------------------------

    @property
    def extensions(self) -> Mapping[str, Any]:
        """Document-level fields of other tools, carried along."""
        return self._extensions

    @property
    def sources(self) -> Mapping[str, Source]:
        """The sources, by id (read-only)."""
        return MappingProxyType(self._sources)

    @property
    def claims(self) -> Mapping[str, Claim]:
        """The claims, by id (read-only)."""
        return MappingProxyType(self._claims)

    @property
    def attributions(self) -> tuple[Attribution, ...]:
        """The attributions in a canonical order, by claim (subject, predicate,
        id), then source, date stated and the remaining fields."""
        if self._ordered is None:
            self._ordered = self._order_attributions()
        return self._ordered

    def _order_attributions(self) -> tuple[Attribution, ...]:
        """:attr:`attributions`, worked out: the attributions grouped by claim, the
        groups in the claims' order, and each group sorted by source, which decides
        the order wherever a claim's attributions have distinct sources; a group
        with a source twice is sorted by the whole key. The same order as sorting
        them all by :func:`_attribution_key`, at a fraction of its cost: the key is
        the dearest part of the sort, and most groups need none of it."""
        groups = by_claim(self._attributions)
        ordered: list[Attribution] = []
        for claim in self._ordered_claims():
            group = groups.get(claim.id)
            if group is None:
                continue
            if len(group) > 1:
                group.sort(key=_BY_SOURCE)
                if len(set(map(_BY_SOURCE, group))) != len(group):
                    group.sort(key=attribution_sort_key)
            ordered += group
        if len(ordered) != len(self._attributions):  # pragma: no cover - a set that
            # names claims it lacks (not built by its checks): as the full sort does
            claim_rank = {claim.id: rank for rank, claim in enumerate(self._ordered_claims())}
            ordered = sorted(self._attributions, key=lambda a: _attribution_key(a, claim_rank))
        return tuple(ordered)

    def attributions_of(self, claim: Claim | str) -> tuple[Attribution, ...]:
        """The attributions of one claim, in canonical order.

        Args:
            claim: The claim or its id.
        """
        if self._by_claim is None:
            by_claim: dict[str, list[Attribution]] = {}
            for attribution in self.attributions:
                by_claim.setdefault(attribution.claim, []).append(attribution)
            self._by_claim = {key: tuple(group) for key, group in by_claim.items()}
        key = claim.id if isinstance(claim, Claim) else claim
        return self._by_claim.get(key, ())

    def records(self) -> Iterator[Record]:
        """Every record in canonical order: sources by id, claims by subject,
        predicate and id, then attributions (as :attr:`attributions`)."""
        yield from self._sorted_sources()
        yield from self._ordered_claims()
        yield from self.attributions

    def _sorted_sources(self) -> list[Source]:
        return sorted(self._sources.values(), key=lambda source: source.id)

    def _ordered_claims(self) -> list[Claim]:
        return sorted(self._claims.values(), key=lambda c: (c.subject, c.predicate, c.id))

    # -- set algebra --------------------------------------------------------------

    def merge(self, *others: ClaimSet) -> ClaimSet:
        """The union of this claim set and ``others``.

        Raises:
            ValidationError: The sets define one source id differently.
        """
        merged = self
        for other in others:
            merged = merged | other
        return merged

    def __or__(self, other: object) -> ClaimSet:
        if not isinstance(other, ClaimSet):
            return NotImplemented
        if other is self:
            return self
        problems = [
            ValidationError(
                f"source id {key!r} is defined differently in the two claim sets",
                path=f"sources[{key!r}]",
            )
            for key in sorted(self._sources.keys() & other._sources.keys())
            if self._sources[key] != other._sources[key]
        ]
        if problems:
            raise ValidationError.collect(problems)
        merged = ClaimSet.__new__(ClaimSet)
        merged._set(
            {**self._sources, **other._sources},
            {**self._claims, **other._claims},
            self._attributions | other._attributions,
        )
        merged._extensions = FrozenDict({**other._extensions, **self._extensions})
        return merged

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ClaimSet):
            return NotImplemented
        return (
            self._attributions == other._attributions
            and self._claims.keys() == other._claims.keys()
            and self._sources == other._sources
        )

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(
                (
                    frozenset(self._sources.values()),
                    frozenset(self._claims),
                    self._attributions,
                )
            )
        return self._hash

    def __repr__(self) -> str:
        counts = [
            _count(len(self._sources), "source"),
            _count(len(self._claims), "claim"),
            _count(len(self._attributions), "attribution"),
        ]
        return f"<ClaimSet: {', '.join(counts)}>"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _iterable(value: object, name: str) -> Iterable[object]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise ValidationError(f"expected a list of records, {got(value)}", path=name)
    return value


def _indexed(value: object, name: str) -> Iterator[tuple[str, object]]:
    return ((f"{name}[{index}]", item) for index, item in enumerate(_iterable(value, name)))


def _entries(
    value: object, name: str, problems: list[ValidationError]
) -> Iterable[tuple[str, object]]:
    """The records of one constructor argument with their paths: a mapping's
    values by key (each key must be its record's id), else by position."""
    if not isinstance(value, Mapping):
        return _indexed(value, name)
    entries = []
    for key, item in value.items():
        path = f"{name}[{key!r}]"
        if isinstance(item, Source | Claim | Attribution) and key != item.id:
            problems.append(
                ValidationError(
                    f"filed under the key {key!r}, but its id is {item.id!r}", path=path
                )
            )
            continue
        entries.append((path, item))
    return entries


def redefined_source(source_id: str, path: str) -> ValidationError:
    """The error for a second, different source under an id already used."""
    return ValidationError(
        f"source id {source_id!r} is already defined with different content; "
        "give one of them another id",
        path=path,
    )


def dangling(noun: str, key: str, path: str) -> ValidationError:
    """The error for a reference to a claim or source that is not there."""
    return ValidationError(f"names {noun} {key!r}, which is not in the set", path=path)


def _check(
    sources: Iterable[tuple[str, object]],
    claims: Iterable[tuple[str, object]],
    attributions: Iterable[tuple[str, object]],
    problems: list[ValidationError] | None = None,
    unreadable: frozenset[str] = frozenset(),
) -> tuple[dict[str, Source], dict[str, Claim], frozenset[Attribution]]:
    """Index the records by id and check that they link up; raise every problem."""
    problems = [] if problems is None else problems
    by_id: dict[str, Source] = {}
    for path, source in sources:
        if not isinstance(source, Source):
            problems.append(ValidationError(f"expected a Source, {got(source)}", path=path))
        elif by_id.setdefault(source.id, source) != source:
            problems.append(redefined_source(source.id, path))
    claim_ids: dict[str, Claim] = {}
    for path, claim in claims:
        if not isinstance(claim, Claim):
            problems.append(ValidationError(f"expected a Claim, {got(claim)}", path=path))
        else:
            claim_ids.setdefault(claim.id, claim)
    # Collected in a list and hashed once, into the frozenset itself.
    kept: list[Attribution] = []
    for path, attribution in attributions:
        if not isinstance(attribution, Attribution):
            problems.append(
                ValidationError(f"expected an Attribution, {got(attribution)}", path=path)
            )
            continue
        # The claim, the source, then each relay; written out rather than looped
        # over, as this runs once per attribution of every document read.
        claim = attribution.claim
        if claim not in claim_ids and claim not in unreadable:
            problems.append(dangling("claim", claim, f"{path}.claim"))
        source = attribution.source
        if source not in by_id and source not in unreadable:
            problems.append(dangling("source", source, f"{path}.source"))
        if via := attribution.via:
            for index, relay in enumerate(via):
                if relay not in by_id and relay not in unreadable:
                    problems.append(dangling("source", relay, f"{path}.via[{index}]"))
        kept.append(attribution)
    if problems:
        raise ValidationError.collect(problems)
    return by_id, claim_ids, frozenset(kept)


def by_claim(attributions: Iterable[Attribution]) -> dict[str, list[Attribution]]:
    """The attributions grouped by the id of the claim each names, in the order met
    (each group in the order of its attributions)."""
    groups: dict[str, list[Attribution]] = {}
    for attribution in attributions:
        group = groups.get(attribution.claim)
        if group is None:
            groups[attribution.claim] = [attribution]
        else:
            group.append(attribution)
    return groups


def _attribution_key(attribution: Attribution, claim_rank: Mapping[str, int]) -> tuple[object, ...]:
    return (claim_rank[attribution.claim], attribution_sort_key(attribution))
