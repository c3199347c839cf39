"""claimkit: provenance-tracked claims.

Record *what* was asserted (:class:`Claim`), *who* asserted it (:class:`Source`),
*how, when and through whom* (:class:`Attribution`); compute where sources disagree
(:class:`Discrepancy`) and what a defensible reconciled answer is
(:func:`reconcile`).
"""

from __future__ import annotations

from ._analysis import Discrepancy, DiscrepancyKind, Side
from ._claimset import ClaimSet
from ._dates import PartialDate, Precision
from ._errors import ClaimkitError, NotFoundError, ReconciliationError, ValidationError
from ._model import (
    Attribution,
    Certainty,
    Claim,
    Evidence,
    Mode,
    Rank,
    Source,
    SourceKind,
    Stance,
)
from ._quantity import Quantity
from ._questions import Position, Question, ValueKind
from ._reconcile import Finding, Partial, Reconciliation, Status, reconcile
from ._schema import json_schema
from ._serial import (
    FORMAT_VERSION,
    Limits,
    configure_converter,
    dump,
    dumps,
    iter_jsonl,
    load,
    loads,
    make_converter,
    write_jsonl,
)
from ._values import Unknown, Value

__all__ = [
    "FORMAT_VERSION",
    "Attribution",
    "Certainty",
    "Claim",
    "ClaimSet",
    "ClaimkitError",
    "Discrepancy",
    "DiscrepancyKind",
    "Evidence",
    "Finding",
    "Limits",
    "Mode",
    "NotFoundError",
    "Partial",
    "PartialDate",
    "Position",
    "Precision",
    "Quantity",
    "Question",
    "Rank",
    "Reconciliation",
    "ReconciliationError",
    "Side",
    "Source",
    "SourceKind",
    "Stance",
    "Status",
    "Unknown",
    "ValidationError",
    "Value",
    "ValueKind",
    "__version__",
    "configure_converter",
    "dump",
    "dumps",
    "iter_jsonl",
    "json_schema",
    "load",
    "loads",
    "make_converter",
    "reconcile",
    "write_jsonl",
]


def __getattr__(name: str) -> str:
    # The version comes from the installed distribution's metadata, read on first
    # use, so that pyproject.toml is its only home.
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 - only when asked

        return version("claimkit")
    raise AttributeError(f"module 'claimkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
