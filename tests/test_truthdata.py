"""The accuracy benchmark's data loaders and scoring (bench/truthdata.py).

The normalisers are checked on real values from the data sets; the loaders on a
small slice of each data set, when the data folder is there (it is not part of
claimkit, and not on users' machines).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from claimkit import ClaimSet, Quantity, reconcile

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("truthdata", ROOT / "bench" / "truthdata.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["truthdata"] = module
    spec.loader.exec_module(module)
    return module


truthdata = _module()


@pytest.mark.parametrize(
    ("seller_field", "surnames"),
    [
        ("Knuth, Donald E.", {"knuth"}),
        ("Donald E. Knuth", {"knuth"}),
        ("Peter Aiken, M. David Allen", {"aiken", "allen"}),
        ("Aiken, Peter/ Allen, David M.", {"aiken", "allen"}),
        ("By (author) Celko, Joe", {"celko"}),
        ("CELKO, JOE", {"celko"}),
        ("Hornick, Mark F. Marcade, Erik Venkayala, Sunil", {"hornick", "marcade", "venkayala"}),
        (
            "Hornick, Mark F.; Marcad&eacute;, Erik; Venkayala, Sunil",
            {"hornick", "marcade", "venkayala"},
        ),
        ("Bennet P. Lientz; Kathryn P. Rea", {"lientz", "rea"}),
        ("Graeme Simsion, Graham Witt", {"simsion", "witt"}),
        ("Not Available", None),
        ("", None),
    ],
)
def test_author_fields_read_as_surname_sets(seller_field: str, surnames: set[str] | None) -> None:
    """Sellers' author fields, in their many formats, give the set of surnames."""
    found = truthdata.author_surnames(seller_field)
    assert (set(found) if found is not None else None) == surnames


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("7:10 a.m.", 7 * 60 + 10),
        ("12:05 a.m.", 5),
        ("12:30 p.m.", 12 * 60 + 30),
        ("9:40 p.m. (Estimated runway)", 21 * 60 + 40),
        ("7:10aDec 1", 7 * 60 + 10),
        ("11:55P 12-01-11", 23 * 60 + 55),
        ("Thu  13:45", 13 * 60 + 45),
        ("12/01 7:10 a.m.", 7 * 60 + 10),
        ("Not Available", None),
        ("Contact Airline", None),
        ("25:10", None),
    ],
)
def test_flight_times_read_as_minutes(text: str, minutes: int | None) -> None:
    """The sources' time formats give minutes after midnight."""
    assert truthdata.minutes_of_day(text) == minutes


needs_data = pytest.mark.skipif(
    not DATA.is_dir(), reason="the truth-discovery data sets are not on this machine"
)


@needs_data
@pytest.mark.parametrize("name", sorted(truthdata.LOADERS))
def test_a_slice_loads_reconciles_and_scores(name: str) -> None:
    """A slice of each data set loads into a valid claim set that reconciles, and the
    scoring rule accepts the gold answer and rejects no answer."""
    data = truthdata.LOADERS[name](DATA, 400)
    assert isinstance(data.claims, ClaimSet)
    assert data.claims.attributions
    assert data.gold
    key, gold = next(iter(data.gold.items()))
    assert data.score(key, gold) == (True, True)
    assert data.score(key, None) == (False, False)
    result = reconcile(data.claims, "trust", key_qualifiers=data.key_qualifiers)
    assert len(result.findings) <= len({claim.subject for claim in data.claims.claims.values()}) * 4


@needs_data
def test_population_scoring_within_one_percent() -> None:
    """Populations count as right within 1 % at the coarser level, and ranges do not
    count as answers."""
    data = truthdata.load_populations(DATA, 400)
    key, gold = next(iter(data.gold.items()))
    close = Quantity.exact(round(gold.best * 1.005))
    assert data.score(key, close) == (False, True)
    assert data.score(key, Quantity(low=gold.best, high=gold.best * 2)) == (False, False)


@needs_data
def test_birthplace_scoring_credits_ancestors() -> None:
    """A birthplace's state or country is right at the coarser level."""
    data = truthdata.load_birthplaces(DATA, 400)
    key, gold = next(iter(data.gold.items()))
    assert data.score(key, gold.upper()) == (True, True)
    assert data.score(key, "USA")[0] is False
