"""The Makiivka article, recorded with claimkit: the example data set claimkit ships.

The article (Associated Press, 3 January 2023, a Tuesday) reports the Ukrainian
strike on Russian troops' quarters in Makiivka on New Year's Eve, and the figures
each side gave. Every factual statement in it is recorded here: who said it
(the original source), through whom it reached us (the article, via AP), when, how
(quoted, paraphrased or implied) and how firmly.

Each attribution carries the article's own words as its ``quote`` and their
character span in the article as its ``evidence``.

Run this file to regenerate the JSON that claimkit ships:

    python examples/makiivka.py

It writes ``examples/makiivka.json`` and ``src/claimkit/examples/makiivka.json``
(identical files); the test suite checks that both equal what ``build()``
returns.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from claimkit import (
    Attribution,
    Claim,
    ClaimSet,
    Evidence,
    PartialDate,
    Quantity,
    Source,
    Unknown,
    dump,
)

#: The article's dateline: relative words ("Monday") are resolved against it.
DATELINE = dt.date(2023, 1, 3)
#: The identifier of the article in evidence spans.
ARTICLE = "makiivka-article-2023-01-03.txt"
STRIKE = "Makiivka strike"


def said(day: str) -> PartialDate:
    """The date a relative word in the article stands for."""
    return PartialDate.parse(day, reference=DATELINE)


def span(start: int, end: int) -> Evidence:
    """A character span of the article."""
    return Evidence(document=ARTICLE, start=start, end=end)


def build() -> ClaimSet:
    """The article as a claim set."""
    ap = Source(
        id="ap",
        name="The Associated Press",
        kind="media",
        aliases=["AP"],
        description="News agency; the article is its report of 2023-01-03",
    )
    ru_mod = Source(
        id="ru-mod",
        name="Russian Ministry of Defence",
        kind="government",
        affiliation="Russia",
        aliases=["Russia's Defense Ministry", "Russian Defense Ministry"],
    )
    ua_stratcom = Source(
        id="ua-stratcom",
        name="Strategic Communications Directorate of the Armed Forces of Ukraine",
        kind="military",
        affiliation="Ukraine",
        aliases=["StratCom", "Strategic Communications Directorate"],
    )
    ua_military = Source(
        id="ua-military",
        name="Armed Forces of Ukraine",
        kind="military",
        affiliation="Ukraine",
        aliases=["the Ukrainian military"],
    )
    klitschko = Source(
        id="klitschko",
        name="Vitali Klitschko",
        kind="person",
        affiliation="Ukraine",
        description="Mayor of Kyiv",
    )
    bezsonov = Source(
        id="bezsonov",
        name="Daniil Bezsonov",
        kind="person",
        affiliation="Russia",
        description=(
            "Senior Russian-installed official in the Moscow-controlled parts of the Donetsk region"
        ),
    )
    blogger = Source(
        id="archangel-spetsnaz-z",
        name="Archangel Spetsnaz Z",
        kind="account",
        affiliation="Russia",
        description="Russian military blogger on Telegram",
    )

    # What each statement asserts, and who said it.
    claims: list[Claim] = []
    attributions: list[Attribution] = []

    def record(claim: Claim, source: Source, **how: object) -> None:
        claims.append(claim)
        relays = () if source is ap else (ap,)
        attributions.append(Attribution(claim=claim, source=source, via=relays, **how))  # type: ignore[arg-type]

    # 1. Russia's Defence Ministry, said Monday: 63 troops killed on New Year's Eve
    #    "in the area of Makiivka".
    # One sentence of the article carries four of the ministry's claims.
    russia_on_monday: dict[str, Any] = {
        "stated": said("Monday"),
        "mode": "paraphrase",
        "quote": (
            "Russia said Monday that 63 of its troops were killed on New Year’s Eve in "
            "Ukrainian missile strikes on their quarters in the town of Makiivka"
        ),
        "evidence": span(17, 158),
    }
    record(
        Claim(
            subject=STRIKE,
            predicate="Russian soldiers killed",
            value=Quantity.exact(63),
            qualifiers={"date": said("New Year's Eve"), "location": "in the area of Makiivka"},
        ),
        ru_mod,
        **russia_on_monday,
    )
    record(
        Claim(subject=STRIKE, predicate="date", value=said("New Year's Eve")),
        ru_mod,
        **russia_on_monday,
    )
    record(
        Claim(subject=STRIKE, predicate="target", value="quarters of Russian troops"),
        ru_mod,
        **russia_on_monday,
    )
    record(
        Claim(subject=STRIKE, predicate="carried out by", value="Ukraine"),
        ru_mod,
        **russia_on_monday,
    )
    # ... and the statement did not mention the vocational school (the article's
    # own observation about the statement).
    record(
        Claim(
            subject="Russian Ministry of Defence statement on the Makiivka strike",
            predicate="mentions the vocational school",
            value=False,
        ),
        ap,
        stated=DATELINE,
        quote=(
            'The Russian statement said the strike occurred "in the area of Makiivka" '
            "and didn't mention the vocational school"
        ),
        evidence=span(1097, 1210),
    )

    # 2. The same ministry: six HIMARS rockets fired, four hit, two shot down.
    himars_quote = (
        "Russia’s Defense Ministry said Ukraine hit the Makiivka site with four of the "
        "six rockets fired from the precision High Mobility Artillery Rocket System "
        "(HIMARS)"
    )
    for predicate, value in (
        ("weapon", "High Mobility Artillery Rocket System (HIMARS)"),
        ("HIMARS rockets fired", Quantity.exact(6)),
        ("HIMARS rockets that hit", Quantity.parse("four of the six")),
    ):
        record(
            Claim(subject=STRIKE, predicate=predicate, value=value),
            ru_mod,
            stated=said("Monday"),
            mode="paraphrase",
            quote=himars_quote,
            evidence=span(479, 640),
        )
    record(
        Claim(subject=STRIKE, predicate="HIMARS rockets shot down", value=Quantity.exact(2)),
        ru_mod,
        stated=said("Monday"),
        mode="paraphrase",
        quote="Russia said it shot down two of the incoming missiles",
        evidence=span(700, 753),
    )

    # 3. Kyiv's mayor: all 40 drones targeting the city and its environs shot down.
    drones_quote = (
        "Mayor Vitali Klitschko said all 40 drones targeting the city and its environs "
        "had been shot down"
    )
    for predicate in ("drones launched", "drones shot down"):
        record(
            Claim(
                subject="Russian drone attack on Kyiv",
                predicate=predicate,
                value=Quantity.parse("all 40"),
                qualifiers={"location": "Kyiv and its environs"},
            ),
            klitschko,
            mode="paraphrase",
            quote=drones_quote,
            evidence=span(380, 476),
        )

    # 4. Ukraine's military: no direct confirmation, a tacit acknowledgement, and
    #    "more deadly than Russia reported" (more than 63).
    record(
        Claim(subject=STRIKE, predicate="carried out by", value="Ukraine"),
        ua_military,
        mode="implied",
        stance="acknowledges",
        certainty="probable",
        quote="The Ukrainian military did not directly confirm the strike but tacitly acknowledged it",
        evidence=span(756, 842),
    )
    record(
        Claim(
            subject=STRIKE,
            predicate="Russian soldiers killed",
            value=Quantity.at_least(63, exclusive=True),
        ),
        ua_military,
        mode="paraphrase",
        quote="claimed it was more deadly than Russia reported",
        evidence=span(847, 894),
    )

    # 5. Ukraine's Strategic Communications Directorate, said Sunday: about 400
    #    killed in a vocational school building in Makiivka, about 300 injured.
    school = "a vocational school building in Makiivka"
    stratcom_quote = (
        "The Strategic Communications Directorate of Ukraine's Armed Forces said Sunday "
        "that about 400 Russian soldiers were killed in a vocational school building in "
        "Makiivka"
    )
    record(
        Claim(
            subject=STRIKE,
            predicate="Russian soldiers killed",
            value=Quantity.parse("about 400"),
            qualifiers={"location": school},
        ),
        ua_stratcom,
        stated=said("Sunday"),
        mode="paraphrase",
        quote=stratcom_quote,
        evidence=span(897, 1063),
    )
    record(
        Claim(
            subject=STRIKE,
            predicate="Russian soldiers injured",
            value=Quantity.parse("about 300"),
            qualifiers={"location": school},
        ),
        ua_stratcom,
        stated=said("Sunday"),
        mode="paraphrase",
        quote="about 300 more were injured",
        evidence=span(1068, 1095),
    )

    # 6. Daniil Bezsonov on Telegram: a "massive blow"; dead and wounded, the exact
    #    number unknown (so at least one of each); the building badly damaged.
    building = "building housing Russian troops in Makiivka"
    record(
        Claim(subject=building, predicate="struck", value="massive blow"),
        bezsonov,
        # The article quotes two words of it and does not say where he said it.
        mode="paraphrase",
        quote='the building housing the Russian troops had suffered a "massive blow."',
        evidence=span(1325, 1395),
    )
    for predicate in ("Russian soldiers killed", "Russian soldiers injured"):
        record(
            Claim(subject=STRIKE, predicate=predicate, value=Unknown(low=1)),
            bezsonov,
            mode="quote",
            channel="Telegram",
            quote="There were dead and wounded, the exact number is still unknown",
            evidence=span(1398, 1460),
        )
    record(
        Claim(subject=building, predicate="damage", value="badly damaged"),
        bezsonov,
        mode="quote",
        channel="Telegram",
        quote="The building itself was badly damaged.",
        evidence=span(1509, 1547),
    )

    # 7. Archangel Spetsnaz Z, on Telegram: opinions, recorded but not reconciled.
    record(
        Claim(subject=STRIKE, predicate="assessment", value="horrible", opinion=True),
        blogger,
        mode="quote",
        channel="Telegram",
        quote="What happened in Makiivka is horrible",
        evidence=span(1638, 1675),
    )
    record(
        Claim(
            subject=STRIKE,
            predicate="blamed on",
            value="military officials who placed personnel in large numbers in one building",
            opinion=True,
        ),
        blogger,
        # Blame read from a rhetorical question: implied, not said outright.
        mode="implied",
        channel="Telegram",
        quote=(
            "Who came up with the idea to place personnel in large numbers in one "
            "building, where even a fool understands that even if they hit with "
            "artillery, there will be many wounded or dead?"
        ),
        evidence=span(1781, 1963),
    )

    # The article's own statements (AP is the original source; no relay).
    own: list[tuple[str, str, str | bool | Quantity, str, tuple[int, int]]] = [
        (
            "Archangel Spetsnaz Z",  # a subject naming a source: matched to it
            "Telegram followers",
            Quantity.parse("more than 700,000"),
            "Archangel Spetsnaz Z, a Russian military blogger with more than 700,000 followers on Telegram",
            (1684, 1777),
        ),
        (
            "Makiivka",
            "controlled by",
            "Russia",
            "in the town of Makiivka in the Russian-controlled part of the Ukraine’s Donetsk region",
            (135, 221),
        ),
        (
            "Makiivka",
            "region",
            "Donetsk region",
            "in the town of Makiivka in the Russian-controlled part of the Ukraine’s Donetsk region",
            (135, 221),
        ),
        (
            "HIMARS",
            "supplied to Ukraine by",
            "United States",
            "High Mobility Artillery Rocket System (HIMARS) that the United States has dispatched to Ukraine’s forces",
            (594, 698),
        ),
        (
            "Russian air attacks on Kyiv",
            "continuing",
            True,
            "Russia continued its barrage of air attacks on the Ukrainian capital, Kyiv",
            (295, 369),
        ),
        (
            "Russian Ministry of Defence casualty announcement",
            "unusual",
            True,
            "The unusual casualty announcement by Russia’s Defense Ministry",
            (224, 286),
        ),
        (
            "pro-Russian nationalist bloggers",
            "blamed the Makiivka losses on",
            "military officials",
            "Pro-Russian nationalist bloggers seethed at the attack and blamed military officials",
            (1550, 1634),
        ),
        (
            "Daniil Bezsonov",
            "position",
            "senior Russian-installed official in the Moscow-controlled parts of the Donetsk region",
            "Daniil Bezsonov, a senior Russian-installed official in the Moscow-controlled parts of the Donetsk region",
            (1213, 1318),
        ),
    ]
    for subject, predicate, stated_value, quote, (start, end) in own:
        record(
            Claim(subject=subject, predicate=predicate, value=stated_value),
            ap,
            stated=DATELINE,
            quote=quote,
            evidence=span(start, end),
        )

    return ClaimSet(
        sources=[ap, ru_mod, ua_stratcom, ua_military, klitschko, bezsonov, blogger],
        claims=claims,
        attributions=attributions,
    )


def main() -> None:
    """Write the example's JSON next to this file and into the package."""
    here = Path(__file__).resolve().parent
    claims = build()
    for target in (here / "makiivka.json", here.parent / "src/claimkit/examples/makiivka.json"):
        dump(claims, target)
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
