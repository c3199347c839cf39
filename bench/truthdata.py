"""Loaders for four real truth-discovery data sets, as claimkit claim sets with
their gold standards.

The data sets are research data of other people (see ``../shared/data/README.md``
in the steering repository); they are not part of claimkit and are read from a
folder given at run time. Each loader turns the sources' raw values into claimkit
values through claimkit's own parsers where it can (``Quantity.parse`` for
populations), and normalises what claimkit has no type for (author names, times of
day) here, the same way for every method that is then run on the result.

Each loader returns a :class:`TruthData`: the claim set, the gold answer per
question, and the scoring rule. Scoring is the same for every method.
"""

from __future__ import annotations

import csv
import html
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from claimkit import (
    Attribution,
    Claim,
    ClaimSet,
    PartialDate,
    Quantity,
    Source,
    ValidationError,
    Value,
)

#: A question as the benchmark keys it: (subject, predicate, year or "").
Key = tuple[str, str, str]


@dataclass(frozen=True)
class TruthData:
    """A data set ready to reconcile, with its gold standard."""

    #: A short name for tables.
    name: str
    #: What it is, for the report.
    description: str
    #: The claims, each attributed to the source that made it.
    claims: ClaimSet
    #: The gold answer of each evaluated question.
    gold: Mapping[Key, Value]
    #: Qualifiers that define questions (passed to reconcile).
    key_qualifiers: tuple[str, ...] = ()
    #: Scores an estimate of a question against its gold answer: (right, right at
    #: a coarser level). None means exact equality.
    scorer: Callable[[Key, Value | None], tuple[bool, bool]] | None = None
    #: The name of the coarser score, if the data set has one.
    coarse: str = ""

    def score(self, key: Key, estimate: Value | None) -> tuple[bool, bool]:
        """(right, right at a coarser level) for an estimate of a gold question."""
        if self.scorer is not None:
            return self.scorer(key, estimate)
        right = estimate == self.gold[key]
        return right, right


T = TypeVar("T")


def _head(items: Iterable[T], limit: int | None) -> Iterator[T]:
    """The first ``limit`` items (all if ``None``): a slice for quick checks."""
    return iter(items) if limit is None else itertools.islice(items, limit)


def _source(identifier: str, name: str | None = None) -> Source:
    return Source(id=identifier, name=name or identifier, kind="other")


def _build(
    name: str,
    description: str,
    rows: Iterable[tuple[str, str, str, Value, dict[str, Value]]],
    gold: Mapping[Key, Value],
    **options: object,
) -> TruthData:
    """Claim set from (source id, subject, predicate, value, qualifiers) rows."""
    sources: dict[str, Source] = {}
    claims: dict[str, Claim] = {}
    attributions: list[Attribution] = []
    for source_id, subject, predicate, value, qualifiers in rows:
        if source_id not in sources:
            sources[source_id] = _source(source_id)
        claim = Claim(subject=subject, predicate=predicate, value=value, qualifiers=qualifiers)
        claims.setdefault(claim.id, claim)
        attributions.append(Attribution(claim=claim.id, source=source_id))
    claimset = ClaimSet(sources=sources.values(), claims=claims.values(), attributions=attributions)
    return TruthData(name=name, description=description, claims=claimset, gold=gold, **options)  # type: ignore[arg-type]


# -- books: authors of computer science books, by online sellers ----------------------

_ROLE = re.compile(
    r"\((?:author|editor|illustrator|translator|contributor)s?\)|\bby\b|\bedited\b|\beditors?\b|"
    r"\beds?\.|\bphd\b|\bph\.d\.|\bjr\.?|\bsr\.?|\biii\b|\bii\b|\bm\.d\.|\bcomp\.",
    re.IGNORECASE,
)
_NOT_AVAILABLE = {"", "not available", "n/a", "na", "unknown", "various", "none"}


def _ascii(text: str) -> str:
    text = html.unescape(text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def author_surnames(text: str) -> frozenset[str] | None:
    """The surnames in a seller's author field, or ``None`` if it gives none.

    Sellers write "Knuth, Donald E.", "Donald E. Knuth", "Aiken, Peter/ Allen,
    David M.", "Peter Aiken, M. David Allen", "By (author) Celko, Joe" and run names
    together without separators. Authors are split on ";", "/", "&" and " and ";
    within a piece, a comma after a single word marks "Surname, Given names"
    (several such pairs may follow each other), otherwise the last word of each
    comma-separated name is the surname.
    """
    cleaned = _ROLE.sub(" ", _ascii(text)).strip(" ,;./")
    if cleaned.casefold() in _NOT_AVAILABLE:
        return None
    surnames: set[str] = set()
    for raw_piece in re.split(r";|/|&|\band\b", cleaned, flags=re.IGNORECASE):
        piece = raw_piece.strip(" ,.")
        if not piece:
            continue
        first, comma, _ = piece.partition(",")
        if comma and len(first.split()) == 1:
            # "Surname, Given[ Surname2, Given2 ...]": the word before each comma.
            for before in re.findall(r"([A-Za-z'\-]+)\s*,", piece):
                surnames.add(before)
        else:
            for name in piece.split(","):
                words = re.findall(r"[A-Za-z'\-]{2,}", name)
                if words:
                    surnames.add(words[-1])
    found = frozenset(name.casefold().strip("'-") for name in surnames if name.strip("'-"))
    return found or None


def _authors_value(names: frozenset[str]) -> str:
    return "; ".join(sorted(names))


def load_books(folder: Path, limit: int | None = None) -> TruthData:
    """AbeBooks sellers listing book authors (Yin, Han and Yu, KDD 2007)."""
    rows = []
    with open(folder / "book" / "book.txt", encoding="utf-8", errors="replace") as file:
        for line in _head(file, limit):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                continue
            seller, isbn, _, authors = parts
            names = author_surnames(authors)
            if names is None or not seller.strip():
                continue
            rows.append((seller.strip(), isbn.strip(), "authors", _authors_value(names), {}))
    gold: dict[Key, Value] = {}
    with open(folder / "book" / "book_golden.txt", encoding="utf-8", errors="replace") as file:
        for line in file:
            isbn, _, authors = line.rstrip("\n").partition("\t")
            names = frozenset(
                _ascii(author).split(",")[0].strip().casefold()
                for author in authors.split(";")
                if author.strip()
            )
            gold[key_of(isbn.strip(), "authors", {})] = _authors_value(names)
    return _build(
        "books",
        "authors of 1,265 books listed by 895 online sellers; correct if the set of "
        "surnames is the gold set",
        rows,
        gold,
    )


# -- flights: departure and arrival times by web sources -----------------------------

_TIME = re.compile(r"(\d{1,2}):(\d{2})\s*([ap])?", re.IGNORECASE)
_FLIGHT_FIELDS = ("sched_dep_time", "act_dep_time", "sched_arr_time", "act_arr_time")


def minutes_of_day(text: str) -> int | None:
    """Minutes after midnight of the first time of day in ``text`` ("7:10 a.m.",
    "7:10aDec 1", "13:45", "7:10P 12-01-11"), or ``None`` if there is none."""
    match = _TIME.search(text)
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2])
    marker = (match[3] or "").lower()
    if hour > 23 or minute > 59 or (marker and not 1 <= hour <= 12):
        return None
    if marker == "a":
        hour %= 12
    elif marker == "p":
        hour = hour % 12 + 12
    return hour * 60 + minute


def _time_value(minutes: int) -> str:
    # A clock time is a label, not a quantity: 9:59 and 10:01 are as different as
    # any two times, and closeness by ratio would mean nothing.
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def load_flights(folder: Path, limit: int | None = None) -> TruthData:
    """Flight times reported by 38 web sources (Li et al., VLDB 2012; cleaned as in
    the Raha/Baran benchmarks)."""
    base = folder / "flights_raha"
    with open(base / "dirty.csv", encoding="utf-8") as dirty_file:
        dirty = list(csv.DictReader(dirty_file))
    with open(base / "clean.csv", encoding="utf-8") as clean_file:
        clean = list(csv.DictReader(clean_file))
    rows = []
    gold: dict[Key, Value] = {}
    for raw, true in _head(zip(dirty, clean, strict=True), limit):
        for name in _FLIGHT_FIELDS:
            minutes = minutes_of_day(raw[name])
            if minutes is not None:
                rows.append((raw["src"], raw["flight"], name, _time_value(minutes), {}))
            truth = minutes_of_day(true[name])
            if truth is not None:
                gold[key_of(true["flight"], name, {})] = _time_value(truth)
    return _build(
        "flights",
        "departure and arrival times of 100 flights from 38 web sources; times of day "
        "read from the sources' formats as HH:MM, correct if exactly the gold time",
        rows,
        gold,
    )


# -- populations: city populations from Wikipedia edits ------------------------------


def _city_year(key: str) -> tuple[str, str]:
    city, _, year = key.rpartition("_")
    return city.strip(), year.strip()


def _within_one_percent(estimate: Value | None, gold: Value) -> tuple[bool, bool]:
    if not isinstance(estimate, Quantity) or not isinstance(gold, Quantity):
        return False, False
    # A range is not an answer to "what was the population": only its best figure
    # is scored.
    truth, guess = gold.best, estimate.best
    if truth is None or guess is None:
        return False, False
    return guess == truth, abs(guess - truth) <= 0.01 * abs(truth)


def load_populations(folder: Path, limit: int | None = None) -> TruthData:
    """City populations from Wikipedia edit histories (Pasternack and Roth,
    COLING 2010)."""
    rows = []
    with open(
        folder / "population" / "population-new.txt", encoding="utf-8", errors="replace"
    ) as file:
        for line in _head(file, limit):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                continue
            key, contributor, population, _ = parts
            city, year = _city_year(key)
            try:
                value = Quantity.parse(population)
            except ValidationError:
                continue
            source_id = contributor.removeprefix("contributor ").strip() or "anonymous"
            rows.append((source_id, city, "population", value, {"year": PartialDate(int(year))}))
    gold: dict[Key, Value] = {}
    with open(folder / "population" / "population-gd.txt", encoding="utf-8") as file:
        for line in file:
            parts = [part.strip() for part in line.split(",")]
            if len(parts) < 3:
                continue
            city, year, population = ", ".join(parts[:-2]), parts[-2], parts[-1]
            gold[key_of(city, "population", {"year": PartialDate(int(year))})] = Quantity.parse(
                population
            )
    return _build(
        "populations",
        "populations of cities in given years from 4,173 Wikipedia contributors; correct "
        "if exact, or within 1 %",
        rows,
        gold,
        key_qualifiers=("year",),
        scorer=lambda key, estimate: _within_one_percent(estimate, gold[key]),
        coarse="within 1 %",
    )


# -- birthplaces: people's birthplaces with a place hierarchy ------------------------


def _place(text: str) -> str:
    return " ".join(text.split()).casefold()


def load_birthplaces(folder: Path, limit: int | None = None) -> TruthData:
    """Birthplaces of people by seven web sources, with a place hierarchy (Jung, Kim
    and Shim, VLDB 2019)."""
    base = folder / "tdh_birthplaces"
    rows = []
    with open(base / "claims.csv", encoding="utf-8", errors="replace") as file:
        for row in _head(csv.DictReader(file), limit):
            if row["value"].strip():
                rows.append((row["src"], row["obj"], "birthplace", row["value"].strip(), {}))
    gold: dict[Key, Value] = {}
    paths: dict[Key, tuple[str, ...]] = {}
    with open(base / "groundtruths.csv", encoding="utf-8", errors="replace") as file:
        for row in csv.DictReader(file):
            path = tuple(_place(part) for part in row["value"].split(","))
            key = key_of(row["obj"], "birthplace", {})
            gold[key] = row["value"].split(",")[0].strip()
            paths[key] = path

    def score(key: Key, estimate: Value | None) -> tuple[bool, bool]:
        if not isinstance(estimate, str):
            return False, False
        place = _place(estimate)
        exact = place == paths[key][0]
        return exact, exact or place in paths[key]

    return _build(
        "birthplaces",
        "birthplaces of 6,005 people from 7 web sources; correct if the place, and at a "
        "coarser level if an ancestor of it in the place hierarchy (a state, a country)",
        rows,
        gold,
        scorer=score,
        coarse="or an ancestor",
    )


LOADERS: Mapping[str, Callable[[Path, int | None], TruthData]] = {
    "books": load_books,
    "flights": load_flights,
    "populations": load_populations,
    "birthplaces": load_birthplaces,
}


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def key_of(subject: str, predicate: str, qualifiers: Mapping[str, Value]) -> Key:
    """The benchmark key of a question: folded as claimkit groups questions."""
    year = qualifiers.get("year")
    return (
        _fold(subject),
        _fold(predicate),
        str(year.year) if isinstance(year, PartialDate) else "",
    )


def triples(data: TruthData) -> Iterator[tuple[str, Key, object]]:
    """(source, question, value) for every supporting attribution: the input the
    other truth-discovery tools take. Values are compared as claimkit compares
    them: text as given, numbers by their figure."""
    claims = data.claims.claims
    for attribution in data.claims.attributions:
        claim = claims[attribution.claim]
        value = claim.value
        if isinstance(value, Quantity):
            value = value.best
        yield attribution.source, key_of(claim.subject, claim.predicate, claim.qualifiers), value
