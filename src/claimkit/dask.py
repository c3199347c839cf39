"""Reconcile collections too large for one process with `Dask <https://www.dask.org>`_.

Each partition of a ``dask.bag.Bag`` of records, or each file of a partitioned
set of JSON Lines files, becomes a :class:`~claimkit.Partial`; Dask combines the
partials in a tree (the combination is associative and commutative, so any tree
gives the same partial) and the combined partial is finished into a
:class:`~claimkit.Reconciliation`. The result is exactly what :func:`~claimkit.reconcile`
gives on the whole collection in one process.

The records need not be grouped in any way: an attribution and the claim and
sources it names may be in different partitions. What travels between workers is
partial results, which hold the statements, claims and sources of their parts;
the final step runs where the result is wanted and holds the statements of the
whole collection.

Needs the ``dask`` extra: ``pip install 'claimkit[dask]'``; the scheduler is Dask's
(threads, processes or a ``distributed`` cluster, as configured by the caller).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ._analysis import Independence, Revisions
from ._claimset import Record
from ._errors import ValidationError
from ._reconcile import Partial, Reconciliation
from ._serial import Limits, PathLike, iter_jsonl
from ._text import got
from .policies import Policy

try:
    import dask.bag
    from dask.base import compute
except ImportError as error:  # pragma: no cover - exercised without the extra
    raise ImportError("claimkit.dask needs Dask: pip install 'claimkit[dask]'") from error

if TYPE_CHECKING:
    from dask.bag import Bag
    from dask.delayed import Delayed

__all__ = ["partial", "read_jsonl", "reconcile", "reconcile_jsonl"]


def partial(
    records: Bag, *, key_qualifiers: Collection[str] = (), split_every: int | None = None
) -> Delayed:
    """The combined :class:`~claimkit.Partial` of a bag of records, lazily.

    Each partition becomes a partial (:meth:`~claimkit.Partial.from_records`) and
    the partials are combined ``split_every`` at a time (Dask's default: 8) up a
    tree. Compute the result, or combine it with partials from elsewhere.

    Args:
        records: A bag of :class:`~claimkit.Source`, :class:`~claimkit.Claim` and
            :class:`~claimkit.Attribution` records, in any order and partitioning.
        key_qualifiers: As for :func:`~claimkit.reconcile`.
        split_every: How many partials each step of the tree combines.

    Raises:
        ValidationError: ``records`` is not a Dask bag (at once); a partition holds
            something other than a record, or defines a source differently from
            another (when computed).
    """
    if not isinstance(records, dask.bag.Bag):
        raise ValidationError(f"expected a dask.bag.Bag, {got(records)}", path="records")
    keys = tuple(key_qualifiers) if not isinstance(key_qualifiers, str) else (key_qualifiers,)
    item = records.reduction(
        _Partition(keys),
        _combine,
        split_every=split_every,
        name="claimkit-partial",
    )
    return item.to_delayed()


def reconcile(
    records: Bag,
    policy: str | Policy = "range",
    *,
    key_qualifiers: Collection[str] = (),
    independence: Independence = "source",
    revisions: Revisions = "supersede",
    include_deprecated: bool = False,
    split_every: int | None = None,
    **options: Any,
) -> Reconciliation:
    """Reconcile a bag of records: exactly :func:`claimkit.reconcile` of the
    claim set they make, computed partition by partition.

    Takes the arguments of :func:`claimkit.reconcile`, ``split_every`` as for
    :func:`partial`, and passes any other keyword (``scheduler="processes"``) to
    ``dask.compute``.

    Raises:
        ValidationError: As :func:`claimkit.reconcile` does, and for attributions
            whose claim or sources are in no partition.
        ReconciliationError: As :func:`claimkit.reconcile` does.

    >>> import dask.bag
    >>> from claimkit import examples
    >>> import claimkit.dask
    >>> records = dask.bag.from_sequence(examples.load("makiivka").records(), npartitions=4)
    >>> result = claimkit.dask.reconcile(records, scheduler="sync")
    >>> print(result.finding("Makiivka strike", "Russian soldiers killed").estimate)
    between 63 and 400
    """
    lazy = partial(records, key_qualifiers=key_qualifiers, split_every=split_every)
    (combined,) = compute(lazy, **options)
    assert isinstance(combined, Partial)
    return combined.finish(
        policy,
        independence=independence,
        revisions=revisions,
        include_deprecated=include_deprecated,
    )


def read_jsonl(
    paths: PathLike | Sequence[PathLike],
    *,
    extensions: bool = False,
    limits: Limits | None = None,
) -> Bag:
    """A bag of the records of JSON Lines files, one partition per file.

    Each file is a claimkit JSON Lines stream with its own header (see
    :func:`~claimkit.write_jsonl`); its records are read when the partition is
    computed, one at a time (see :func:`~claimkit.iter_jsonl`).

    Args:
        paths: A file, or a list of files (a glob pattern is not expanded: pass
            ``sorted(glob.glob(...))``).
        extensions: As for :func:`~claimkit.iter_jsonl`.
        limits: As for :func:`~claimkit.iter_jsonl`, for each file.

    Raises:
        ValidationError: No file is given (at once); when computed, at the first
            bad line, with a path that starts with the file's name
            (``part-3.jsonl: line 7: claim.value.low``).
    """
    files = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    if not files:
        raise ValidationError("expected at least one file", path="paths")
    names = [os.fspath(path) for path in files]
    return dask.bag.from_sequence(names, npartitions=len(names)).map_partitions(
        _FileRecords(extensions, limits)
    )


def reconcile_jsonl(
    paths: PathLike | Sequence[PathLike],
    policy: str | Policy = "range",
    *,
    extensions: bool = False,
    limits: Limits | None = None,
    **options: Any,
) -> Reconciliation:
    """Reconcile a partitioned set of JSON Lines files: :func:`read_jsonl`, then
    :func:`reconcile` with the other keywords.

    >>> import tempfile, pathlib
    >>> from claimkit import examples, write_jsonl
    >>> claims = examples.load("makiivka")
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> parts = [folder / "sources.jsonl", folder / "claims.jsonl", folder / "rest.jsonl"]
    >>> write_jsonl(claims.sources.values(), parts[0])
    >>> write_jsonl(claims.claims.values(), parts[1])
    >>> write_jsonl(claims.attributions, parts[2])
    >>> import claimkit.dask
    >>> claimkit.dask.reconcile_jsonl(parts, scheduler="sync") == claimkit.reconcile(claims)
    True
    """
    bag = read_jsonl(paths, extensions=extensions, limits=limits)
    return reconcile(bag, policy, **options)


# The steps Dask runs are module-level callables so that they pickle by reference.


class _Partition:
    """The partial of one partition of records."""

    def __init__(self, key_qualifiers: tuple[str, ...]) -> None:
        self.key_qualifiers = key_qualifiers

    def __call__(self, records: Iterable[Record]) -> Partial:
        return Partial.from_records(records, key_qualifiers=self.key_qualifiers)


def _combine(partials: Iterable[Partial]) -> Partial:
    combined = None
    for each in partials:
        combined = each if combined is None else combined | each
    return combined if combined is not None else Partial()


class _FileRecords:
    """The records of the files of one partition, their errors named by file."""

    def __init__(self, extensions: bool, limits: Limits | None) -> None:
        self.extensions = extensions
        self.limits = limits

    def __call__(self, names: Iterable[str]) -> list[Record]:
        records: list[Record] = []
        for name in names:
            try:
                records.extend(iter_jsonl(name, extensions=self.extensions, limits=self.limits))
            except ValidationError as error:
                raise ValidationError.collect(
                    ValidationError(p.message, path=f"{name}: {p.path}" if p.path else name)
                    for p in error.errors
                ) from None
        return records
