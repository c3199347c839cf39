"""claimkit.dask: a bag of records, or a set of JSON Lines files, reconciled by Dask
gives exactly the single-process result, however it is partitioned."""

from __future__ import annotations

import json
from pathlib import Path
from random import Random

import dask.bag
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claimkit.dask
from claimkit import Claim, ClaimSet, Partial, ValidationError, reconcile, write_jsonl
from claimkit.policies import policy_names
from claimkit.testing import claimsets


def _shuffled(claims: ClaimSet, random: Random) -> list[object]:
    records: list[object] = list(claims.records())
    random.shuffle(records)
    return records


@given(
    claims=claimsets(),
    partitions=st.integers(1, 6),
    split_every=st.integers(2, 4),
    policy=st.sampled_from(policy_names()),
    random=st.randoms(use_true_random=False),
)
@settings(max_examples=30)
def test_any_partitioning_gives_the_single_process_result(
    claims: ClaimSet, partitions: int, split_every: int, policy: str, random: Random
) -> None:
    """Records in any order, in any number of partitions, combined in trees of any
    width: the result is reconcile() of the whole."""
    bag = dask.bag.from_sequence(_shuffled(claims, random), npartitions=partitions)
    result = claimkit.dask.reconcile(bag, policy, split_every=split_every, scheduler="sync")
    assert result == reconcile(claims, policy)


def test_a_multiprocess_scheduler_gives_the_same_result(makiivka: ClaimSet) -> None:
    """Partials travel between processes (pickled) and combine to the same result."""
    bag = dask.bag.from_sequence(_shuffled(makiivka, Random(5)), npartitions=5)
    options = {"key_qualifiers": ["location"], "independence": "affiliation"}
    result = claimkit.dask.reconcile(bag, "median", scheduler="processes", num_workers=2, **options)
    assert result == reconcile(makiivka, "median", **options)  # type: ignore[arg-type]


def _parts(claims: ClaimSet, folder: Path, count: int, random: Random) -> list[Path]:
    records = _shuffled(claims, random)
    paths = [folder / f"part-{index}.jsonl" for index in range(count)]
    for index, path in enumerate(paths):
        write_jsonl(records[index::count], path)  # type: ignore[arg-type]
    return paths


def test_partitioned_json_lines_files(makiivka: ClaimSet, tmp_path: Path) -> None:
    """A set of JSON Lines files, one partition each, records spread at random."""
    paths = _parts(makiivka, tmp_path, 4, Random(1))
    records = len(makiivka.sources) + len(makiivka.claims) + len(makiivka.attributions)
    assert claimkit.dask.read_jsonl(paths).count().compute(scheduler="sync") == records
    result = claimkit.dask.reconcile_jsonl(paths, "conservative", scheduler="sync")
    assert result == reconcile(makiivka, "conservative")


def test_a_local_cluster(makiivka: ClaimSet, tmp_path: Path) -> None:
    """What a cluster run looks like: a dask.distributed cluster of two worker
    processes reconciles a set of files."""
    distributed = pytest.importorskip("distributed")
    paths = _parts(makiivka, tmp_path, 3, Random(2))
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        result = claimkit.dask.reconcile_jsonl(paths)
    assert result == reconcile(makiivka)


def test_errors_name_the_file_and_line(makiivka: ClaimSet, tmp_path: Path) -> None:
    """A bad line is reported with its file and line; a record whose claim is in
    no file is refused when the partials are finished."""
    paths = _parts(makiivka, tmp_path, 2, Random(3))
    lines = paths[1].read_text().splitlines(keepends=True)
    lines[2] = json.dumps({"claim": {"subject": "x"}}) + "\n"
    paths[1].write_text("".join(lines))
    with pytest.raises(ValidationError) as bad_line:
        claimkit.dask.reconcile_jsonl(paths, scheduler="sync")
    assert bad_line.value.errors[0].path == f"{paths[1]}: line 3: claim.id"

    without_claims = [r for r in makiivka.records() if not isinstance(r, Claim)]
    with pytest.raises(ValidationError, match="names claim"):
        claimkit.dask.reconcile(dask.bag.from_sequence(without_claims, npartitions=2))


def test_the_combined_partial_is_lazy(makiivka: ClaimSet) -> None:
    """partial() builds the combination lazily; it is the single-process partial."""
    bag = dask.bag.from_sequence(list(makiivka.records()), npartitions=3)
    lazy = claimkit.dask.partial(bag)
    assert lazy.compute(scheduler="sync") == Partial.of(makiivka)
    with pytest.raises(ValidationError, match=r"expected a dask\.bag\.Bag"):
        claimkit.dask.partial(list(makiivka.records()))  # type: ignore[arg-type]
