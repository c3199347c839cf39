"""Reconciliation speed and memory as the collection grows, with a pandas baseline,
in one run.

    python bench/reconcile.py                        # 10k, 100k and 1M attributions
    python bench/reconcile.py --sizes 10000 100000 --policies range median

For each size (``synthetic.py``: about ten attributions per question, fixed seed):

- every policy on the loaded claim set (``reconcile(claims, policy)``);
- **JSON Lines file**: the same collection as a file, checked as it streams (what
  ``claimkit check`` does) against ``load``; and read, checked and reconciled with
  the range policy as it streams
  (``Partial.from_records(iter_jsonl(path, check=True)).finish()``, what
  ``claimkit reconcile`` does) against ``load(path)`` then ``reconcile``;
- **pandas**: a ``groupby`` over a prebuilt frame of one row per supporting figure
  computing each question's lowest, highest and median figure. It is the floor of
  the arithmetic alone: it knows nothing of relays, revisions, denials, bounds,
  independence or units, and the frame is built before the clock starts. The last
  column gives the share of questions on which its range equals claimkit's.

Seconds are one run each (``--repeat`` for the best of several); peak is how far the
step raised the resident memory of a process that already held its input (see
``measure.py``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import pandas as pd
import synthetic
from measure import measure

from claimkit import (
    ClaimSet,
    Partial,
    Quantity,
    iter_jsonl,
    load,
    reconcile,
    write_jsonl,
)
from claimkit._text import fold
from claimkit.policies import policy_names


def figures_frame(claims: ClaimSet) -> pd.DataFrame:
    """One row per asserted figure: the question (subject and predicate, as
    claimkit groups them by default) and the figure's bounds."""
    rows = []
    for attribution in claims.attributions:
        claim = claims.claims[attribution.claim]
        value = claim.value
        if attribution.stance != "asserts" or not isinstance(value, Quantity):
            continue
        if value.low is None or value.high is None:
            continue
        best = value.best if value.best is not None else (value.low + value.high) / 2
        key = (fold(claim.subject), fold(claim.predicate))
        rows.append((*key, float(value.low), float(value.high), float(best)))
    return pd.DataFrame(rows, columns=["subject", "predicate", "low", "high", "best"])


def pandas_baseline(frame: pd.DataFrame) -> pd.DataFrame:
    grouped = frame.groupby(["subject", "predicate"], sort=True)
    return grouped.agg(low=("low", "min"), high=("high", "max"), median=("best", "median"))


def agreement(result: Any, table: pd.DataFrame) -> float:
    """The share of pandas' questions whose range equals claimkit's range estimate."""
    ranges = {}
    for finding in result.findings:
        estimate = finding.estimate
        if isinstance(estimate, Quantity) and estimate.low is not None:
            key = (fold(finding.subject), fold(finding.predicate))
            ranges[key] = (float(estimate.low), float(estimate.high or estimate.low))
    same = sum(
        1
        for key, row in zip(table.index, table.itertuples(), strict=True)
        if ranges.get(key) == (row.low, row.high)
    )
    return same / len(table)


def _count(path: Path) -> int:
    """What ``claimkit check`` does with a JSON Lines file: read and check every
    record as it streams, keeping the ids."""
    return sum(1 for _ in iter_jsonl(path, check=True))


def run(size: int, policies: list[str], repeat: int) -> list[dict[str, Any]]:
    claims = synthetic.claimset(size)
    rows: list[dict[str, Any]] = []

    def row(step: str, operation: Callable[[Any], Any], note: str = "") -> None:
        seconds, peak = measure(operation, repeat=repeat)
        rows.append({"size": size, "step": step, "seconds": seconds, "peak": peak, "note": note})
        print(f"  {size:>9,} {step:<38} {seconds:8.2f} s {peak / 2**20:8,.0f} MB", file=sys.stderr)

    for policy in policies:
        row(f"reconcile, {policy}", lambda _, policy=policy: reconcile(claims, policy))

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "claims.jsonl"
        write_jsonl(claims, path)
        row("JSON Lines file: stream and check only", lambda _: _count(path))
        row("JSON Lines file: load only", lambda _: load(path))
        row(
            "JSON Lines file: stream, check, range",
            lambda _: Partial.from_records(iter_jsonl(path, check=True)).finish("range"),
        )
        row("JSON Lines file: load, then range", lambda _: reconcile(load(path), "range"))

    frame = figures_frame(claims)
    share = agreement(reconcile(claims, "range"), pandas_baseline(frame))
    note = f"same range as claimkit on {share:.0%} of questions"
    row("pandas groupby: min, max, median", lambda _: pandas_baseline(frame), note)
    return rows


def markdown(rows: list[dict[str, Any]]) -> str:
    sizes = sorted({row["size"] for row in rows})
    header = "| step | attributions | seconds | µs per attribution | growth "
    header += "| peak MB "
    header += "| note |"
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    steps = list(dict.fromkeys(row["step"] for row in rows))
    for step in steps:
        previous = None
        for size in sizes:
            found = [r for r in rows if r["step"] == step and r["size"] == size]
            if not found:
                continue
            r = found[0]
            growth = (
                f"{r['seconds'] / previous['seconds']:.1f}× for {size / previous['size']:.0f}×"
                if previous
                else ""
            )
            cells = [
                step,
                f"{size:,}",
                f"{r['seconds']:.2f}",
                f"{r['seconds'] / size * 1e6:.1f}",
                growth,
            ]
            cells.append(f"{r['peak'] / 2**20:,.0f}")
            cells.append(r["note"])
            lines.append("| " + " | ".join(cells) + " |")
            previous = r
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--policies", nargs="+", default=list(policy_names()))
    parser.add_argument("--repeat", type=int, default=1, help="runs per step (best is kept)")
    arguments = parser.parse_args()
    rows = []
    for size in arguments.sizes:
        rows += run(size, arguments.policies, arguments.repeat)
    print(markdown(rows))


if __name__ == "__main__":
    main()
