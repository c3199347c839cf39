"""Synthetic claim sets for the speed benchmarks, made with a fixed seed.

A collection of ``n`` attributions about ``n / 10`` questions ("about ten per
question"), as a casualty monitor gathers them: events with killed and injured
counts, dates and perpetrators, each question with a few competing claims (exact
figures, hedged ones, ranges, bounds), stated by sources of a few parties on
different days, most of them relayed by one or two outlets. The same seed gives the
same collection on every machine.
"""

from __future__ import annotations

import random
from typing import Final

from claimkit import (
    Attribution,
    Claim,
    ClaimSet,
    PartialDate,
    Quantity,
    Source,
    Unknown,
    Value,
)

SEED: Final = 20230103
PARTIES: Final = ("Russia", "Ukraine", "United Nations", None)
KINDS: Final = ("government", "military", "media", "person", "organization", "account")


def sources(count: int, rng: random.Random) -> list[Source]:
    return [
        Source(
            id=f"source-{number:05d}",
            name=f"Source {number}",
            kind=KINDS[number % len(KINDS)],
            affiliation=PARTIES[number % len(PARTIES)],
        )
        for number in range(count)
    ]


def _figure(rng: random.Random, truth: int) -> Value:
    shape = rng.random()
    noisy = max(0, int(truth * rng.uniform(0.7, 1.4)))
    if shape < 0.45:
        return Quantity.exact(noisy)
    if shape < 0.7:
        return Quantity.about(round(noisy, -1) or 10)
    if shape < 0.8:
        return Quantity.between(noisy, noisy + rng.randint(5, 50))
    if shape < 0.9:
        return Quantity.at_least(noisy)
    return Unknown(low=1)


def claim_options(question: int, rng: random.Random) -> list[Claim]:
    """The competing claims on one question."""
    subject = f"Event {question // 4}"
    kind = question % 4
    if kind in (0, 1):
        predicate = "killed" if kind == 0 else "injured"
        truth = rng.randint(1, 2000)
        values = [_figure(rng, truth) for _ in range(rng.randint(2, 4))]
    elif kind == 2:
        predicate = "date"
        day = rng.randint(1, 28)
        values = [PartialDate(2023, 1, day), PartialDate(2023, 1), PartialDate(2023, 1, day + 1)]
    else:
        predicate = "perpetrator"
        values = rng.sample(["Russia", "Ukraine", "unknown group", "Wagner"], 2)
    location = rng.choice(["Makiivka", "in the area of Makiivka", "Donetsk region"])
    return [
        Claim(subject=subject, predicate=predicate, value=value, qualifiers={"location": location})
        for value in dict.fromkeys(values)
    ]


def claimset(attributions: int, *, seed: int = SEED) -> ClaimSet:
    """A claim set of ``attributions`` attributions, about ten per question."""
    rng = random.Random(seed)
    questions = max(1, attributions // 10)
    people = sources(max(20, attributions // 100), rng)
    ids = [source.id for source in people]
    options = [claim_options(question, rng) for question in range(questions)]
    records: list[Attribution] = []
    for number in range(attributions):
        choices = options[number % questions]
        claim = choices[rng.randrange(len(choices))]
        source = ids[rng.randrange(len(ids))]
        relays = rng.sample(ids, rng.choice((0, 1, 1, 2)))
        records.append(
            Attribution(
                claim=claim,
                source=source,
                via=[relay for relay in relays if relay != source],
                stated=PartialDate(2023, 1, 1 + rng.randrange(28)),
                mode=rng.choice(("quote", "paraphrase", None)),
                stance="denies" if rng.random() < 0.03 else "asserts",
            )
        )
    return ClaimSet(
        sources=people,
        claims=[claim for choices in options for claim in choices],
        attributions=records,
    )
