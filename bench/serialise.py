"""JSON round trips of the same claim sets: claimkit against msgspec, pydantic, prov
and the orjson floor, in one run.

    python bench/serialise.py                      # 10k, 100k and 1M attributions
    python bench/serialise.py --sizes 10000 100000 --repeat 5

Every library writes and reads the same records (see ``synthetic.py``, fixed seed):

- **claimkit**: ``dumps(claims, indent=None)`` and ``loads``; each write starts from a
  claim set that has not been written before, so the canonical sort is counted;
  reading checks everything claimkit checks (types, content ids, references).
- **msgspec**: frozen Structs with the same fields and a tagged value union
  (``peers.py``), ``msgspec.json.encode`` / ``decode(type=...)``.
- **pydantic**: strict pydantic v2 models (``peers.py``), ``model_dump_json`` /
  ``model_validate_json``.
- **prov**: the PROV-JSON that :mod:`claimkit.interop.prov` writes for the same
  records, serialised and deserialised by the ``prov`` package (its own model;
  slow, so only up to ``--prov-max`` attributions).
- **orjson floor**: ``orjson.dumps`` / ``orjson.loads`` of the document as prebuilt
  plain dicts: no types, no checks; no library can go below it.

Seconds are the best of ``--repeat`` runs (one at 1M); records are sources, claims
and attributions; peak is how far the operation raised the resident memory of a
process that already held its input (see ``measure.py``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import msgspec
import peers
import synthetic
from measure import measure as measured
from prov.model import ProvDocument

from claimkit import ClaimSet, dumps, loads
from claimkit._serial import to_document
from claimkit.interop.prov import to_prov

try:
    import orjson
except ImportError:  # the core install, without the fast extra: no floor row
    orjson = None


def fresh(claims: ClaimSet) -> ClaimSet:
    """The same claim set, as it is before its first write (nothing sorted yet)."""
    copy = ClaimSet.__new__(ClaimSet)
    copy._set(dict(claims._sources), dict(claims._claims), claims._attributions)
    return copy


def libraries(size: int, prov_max: int) -> list[str]:
    names = ["claimkit", "msgspec", "pydantic"]
    if size <= prov_max:
        names.append("prov (PROV-JSON)")
    return [*names, "orjson floor"] if orjson is not None else names


def prepared(name: str, claims: ClaimSet) -> tuple[Any, Any, Any]:
    """(encode, decode, prepare-for-encode) of one library on ``claims``. Each
    library's objects are built just before it is measured and dropped after, so
    that no library pays for another's objects in the collector's passes."""
    if name == "claimkit":
        return (lambda claimset: dumps(claimset, indent=None), loads, lambda: fresh(claims))
    document = to_document(claims)
    if name == "msgspec":
        msg = peers.msgspec_document(document)
        return (
            lambda _: msgspec.json.encode(msg),
            lambda text: msgspec.json.decode(text, type=peers.MDocument),
            None,
        )
    if name == "pydantic":
        pyd = peers.pydantic_document(document)
        return (lambda _: peers.pydantic_dumps(pyd), peers.PDocument.model_validate_json, None)
    if name == "prov (PROV-JSON)":
        prov_document = to_prov(claims)
        return (
            lambda _: prov_document.serialize(format="json"),
            lambda text: ProvDocument.deserialize(content=text, format="json"),
            None,
        )
    return (lambda _: orjson.dumps(document), orjson.loads, None)


def run(size: int, repeat: int, prov_max: int) -> list[dict[str, Any]]:
    claims = synthetic.claimset(size)
    records = len(claims.sources) + len(claims.claims) + len(claims.attributions)
    results = []
    for name in libraries(size, prov_max):
        encode, decode, prepare = prepared(name, claims)
        text = encode(prepare() if prepare else None)
        written, write_peak = measured(encode, prepare, repeat)
        read, read_peak = measured(lambda _, text=text, decode=decode: decode(text), None, repeat)
        del encode, decode, prepare, text
        results.append(
            {
                "size": size,
                "library": name,
                "records": records,
                "write": written,
                "read": read,
                "write_peak": write_peak,
                "read_peak": read_peak,
            }
        )
        print(f"  {size:>9,} {name:<18} {written:7.3f} s {read:7.3f} s", file=sys.stderr)
    return results


def table(results: list[dict[str, Any]]) -> str:
    header = "| attributions | library | write s | read s | round trip s | records/s (round trip) "
    header += "| write peak MB | read peak MB "
    header += "| claimkit ÷ it |"
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for row in results:
        total = row["write"] + row["read"]
        ours = next(r for r in results if r["size"] == row["size"] and r["library"] == "claimkit")
        ratio = (ours["write"] + ours["read"]) / total
        cells = [
            f"{row['size']:,}",
            row["library"],
            f"{row['write']:.3f}",
            f"{row['read']:.3f}",
            f"{total:.3f}",
            f"{row['records'] / total:,.0f}",
        ]
        cells += [f"{row['write_peak'] / 2**20:,.0f}", f"{row['read_peak'] / 2**20:,.0f}"]
        cells.append("1.00" if row["library"] == "claimkit" else f"{ratio:.2f}×")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best is kept)")
    parser.add_argument("--prov-max", type=int, default=100_000, help="largest size to run prov on")
    arguments = parser.parse_args()
    results = []
    for size in arguments.sizes:
        repeat = arguments.repeat if size < 1_000_000 else 1
        results += run(size, repeat, arguments.prov_max)
    print(table(results))


if __name__ == "__main__":
    main()
