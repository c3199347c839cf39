"""Reconciliation accuracy on real truth-discovery data, against the peers, in one run.

    python bench/accuracy.py [--data ../shared/data] [--datasets books flights ...]

Loads each data set of ``bench/truthdata.py`` into a claimkit ClaimSet, reconciles
it under every claimkit policy, runs the PyPI package ``truthdiscovery`` (majority
voting, Sums, AverageLog, Investment, PooledInvestment, TruthFinder) on exactly the
same normalised claims, and prints one markdown table: data set x method ->
accuracy against the gold standard, seconds and peak memory.

Accuracy is measured on the gold questions whose claims disagree (questions where
every source gives the same value are right for every method and tell methods
apart not at all); the header of each data set gives both counts. The scoring code
is the same for every method. Seconds are wall-clock for the whole job of each
method from the same in-memory claims: for claimkit ``reconcile()`` (grouping,
revisions, conflicts, estimates and explanations), for the peer building its
``Dataset`` and running the algorithm. Peak memory is measured by tracemalloc in a
second run, so that tracing does not slow the timed one.

The peer is optional: without ``truthdiscovery`` installed (see
``bench/README.md``), its rows are left out.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from truthdata import LOADERS, Key, TruthData, key_of, triples

from claimkit import Quantity, Value, reconcile
from claimkit.policies import policy_names

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def measure(job: Callable[[], Any]) -> tuple[Any, float, float]:
    """Run ``job`` twice: timed, then traced. Returns (result, seconds, peak MiB)."""
    gc.collect()
    start = time.perf_counter()
    result = job()
    seconds = time.perf_counter() - start
    del result
    gc.collect()
    tracemalloc.start()
    result = job()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, seconds, peak / 2**20


def contested(data: TruthData) -> list[Key]:
    """The gold questions on which the claims disagree."""
    values: dict[Key, set[object]] = defaultdict(set)
    for _, key, value in triples(data):
        values[key].add(value)
    return [key for key in data.gold if len(values.get(key, ())) > 1]


def claimkit_answers(data: TruthData, policy: str) -> dict[Key, Value | None]:
    result = reconcile(data.claims, policy, key_qualifiers=data.key_qualifiers)
    return {
        key_of(finding.subject, finding.predicate, finding.qualifiers): finding.estimate
        for finding in result.findings
    }


def peer_methods() -> dict[str, Callable[[], Any]]:
    """The peer's algorithms, if the package is installed."""
    try:
        from truthdiscovery.algorithm import (  # noqa: PLC0415
            AverageLog,
            Investment,
            MajorityVoting,
            PooledInvestment,
            Sums,
            TruthFinder,
        )
    except ImportError:
        return {}
    return {
        "MajorityVoting": MajorityVoting,
        "Sums": Sums,
        "AverageLog": AverageLog,
        "Investment": Investment,
        "PooledInvestment": PooledInvestment,
        "TruthFinder": TruthFinder,
    }


def peer_answers(data: TruthData, algorithm: Callable[[], Any]) -> dict[Key, Value | None]:
    from truthdiscovery.input.dataset import Dataset  # noqa: PLC0415

    # The same claims claimkit reconciles, one value per source and question as the
    # package requires (the first, as claimkit's trust policy also keeps one).
    dataset = Dataset(triples(data), allow_multiple=True)
    result = algorithm().run(dataset)
    numeric = any(isinstance(value, Quantity) for value in data.gold.values())
    answers: dict[Key, Value | None] = {}
    for key in data.gold:
        try:
            best = result.get_most_believed_values(key)
        except KeyError:
            continue
        value = min(best, key=str) if best else None
        answers[key] = Quantity.exact(value) if numeric and value is not None else value
    return answers


def score(
    data: TruthData, keys: Iterable[Key], answers: dict[Key, Value | None]
) -> tuple[float, float]:
    results = [data.score(key, answers.get(key)) for key in keys]
    if not results:
        return 0.0, 0.0
    return (
        sum(right for right, _ in results) / len(results),
        sum(coarse for _, coarse in results) / len(results),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the data folder")
    parser.add_argument(
        "--datasets", nargs="+", choices=sorted(LOADERS), default=list(LOADERS), metavar="NAME"
    )
    arguments = parser.parse_args(argv)
    if not arguments.data.is_dir():
        print(f"no data folder at {arguments.data}; pass --data", file=sys.stderr)
        return 2
    peers = peer_methods()
    print(
        f"Python {sys.version.split()[0]}; peer: {'truthdiscovery' if peers else 'not installed'}"
    )
    print()
    print("| data set | method | accuracy | coarser | seconds | peak MiB |")
    print("|---|---|---:|---:|---:|---:|")
    for name in arguments.datasets:
        data = LOADERS[name](arguments.data, None)
        keys = contested(data)
        label = f"{name} ({len(keys)} of {len(data.gold)})"
        rows: list[tuple[str, tuple[float, float], float, float]] = []
        for policy in policy_names():
            answers, seconds, peak = measure(
                lambda data=data, policy=policy: claimkit_answers(data, policy)
            )
            rows.append((f"claimkit {policy}", score(data, keys, answers), seconds, peak))
        for method, algorithm in peers.items():
            answers, seconds, peak = measure(
                lambda data=data, algorithm=algorithm: peer_answers(data, algorithm)
            )
            rows.append((f"truthdiscovery {method}", score(data, keys, answers), seconds, peak))
        best = max(accuracy for _, (accuracy, _), _, _ in rows)
        for method, (accuracy, coarse), seconds, peak in rows:
            mark = "**" if accuracy == best else ""
            coarser = f"{coarse:.3f}" if data.coarse else ""
            print(
                f"| {label} | {method} | {mark}{accuracy:.3f}{mark} | {coarser} | "
                f"{seconds:.2f} | {peak:.0f} |"
            )
    print()
    print(
        "accuracy: share of the gold questions with disagreeing claims answered right "
        "(their number, of all gold questions, after the data set's name); coarser: "
        "populations within 1 %, birthplaces the place or an ancestor of it."
    )
    if peers:
        stability(arguments.data, arguments.datasets)
    return 0


def stability(folder: Path, names: list[str]) -> None:
    """Accuracy of the iterative methods against the number of rounds they run:
    a method that converges gives one answer however long it runs."""
    from truthdiscovery.algorithm import Investment, PooledInvestment  # noqa: PLC0415
    from truthdiscovery.utils.iterator import FixedIterator  # noqa: PLC0415

    from claimkit.policies import Trust  # noqa: PLC0415

    rounds = (5, 10, 20, 40)
    print()
    print("Accuracy against the number of rounds an iterative method runs:")
    print()
    print("| data set | method | " + " | ".join(f"{n} rounds" for n in rounds) + " |")
    print("|---|---|" + "---:|" * len(rounds))
    for name in names:
        data = LOADERS[name](folder, None)
        keys = contested(data)
        for label, make in (
            ("truthdiscovery Investment", lambda n: Investment(iterator=FixedIterator(n))),
            (
                "truthdiscovery PooledInvestment",
                lambda n: PooledInvestment(iterator=FixedIterator(n)),
            ),
        ):
            cells = []
            for n in rounds:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    answers = peer_answers(data, lambda n=n, make=make: make(n))
                overflow = any("overflow" in str(warning.message) for warning in caught)
                cells.append(
                    f"{score(data, keys, answers)[0]:.3f}{' (overflow)' if overflow else ''}"
                )
            print(f"| {name} | {label} | " + " | ".join(cells) + " |")
        cells = []
        for n in rounds:
            result = reconcile(
                data.claims, Trust(max_iterations=n), key_qualifiers=data.key_qualifiers
            )
            answers = {
                key_of(f.subject, f.predicate, f.qualifiers): f.estimate for f in result.findings
            }
            cells.append(f"{score(data, keys, answers)[0]:.3f}")
        print(f"| {name} | claimkit trust | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    raise SystemExit(main())
