"""The bundled Makiivka example: complete, identical in both places, and true to
the article."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from claimkit import ClaimSet, Mode, NotFoundError, Stance, dumps, examples

ROOT = Path(__file__).resolve().parent.parent
#: The seed article lives in the steering repository, beside this one, on the
#: developers' machines; it is not part of the project.
ARTICLE = ROOT.parent / "shared" / "seed" / "makiivka-article-2023-01-03.txt"


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "makiivka_builder", ROOT / "examples" / "makiivka.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_json_is_what_the_builder_makes(makiivka: ClaimSet) -> None:
    """The package data, the repository's examples/makiivka.json and the builder
    script agree byte for byte."""
    built = _builder().build()
    assert built == makiivka
    text = dumps(built) + "\n"
    assert (ROOT / "examples" / "makiivka.json").read_text(encoding="utf-8") == text
    assert (ROOT / "src" / "claimkit" / "examples" / "makiivka.json").read_text(
        encoding="utf-8"
    ) == text


def test_every_item_of_the_article_is_recorded(makiivka: ClaimSet) -> None:
    """The seven items of the design brief are all there."""
    by_source: dict[str, set[str]] = {}
    for attribution in makiivka.attributions:
        claim = makiivka.claims[attribution.claim]
        by_source.setdefault(attribution.source, set()).add(claim.predicate)
    assert {
        "Russian soldiers killed",
        "HIMARS rockets fired",
        "HIMARS rockets that hit",
        "HIMARS rockets shot down",
    } <= by_source["ru-mod"]
    assert {"drones shot down"} <= by_source["klitschko"]
    assert {"carried out by", "Russian soldiers killed"} <= by_source["ua-military"]
    assert {"Russian soldiers killed", "Russian soldiers injured"} <= by_source["ua-stratcom"]
    assert {"struck", "damage", "Russian soldiers killed"} <= by_source["bezsonov"]
    assert {"assessment", "blamed on"} <= by_source["archangel-spetsnaz-z"]
    assert "Telegram followers" in by_source["ap"]


def test_relays_dates_and_stances(makiivka: ClaimSet) -> None:
    """Relayed statements go via AP; Monday and Sunday resolve against the
    dateline; the tacit acknowledgement is implied."""
    stated = {a.source: a.stated for a in makiivka.attributions if a.stated}
    assert str(stated["ru-mod"]) == "2023-01-02"
    assert str(stated["ua-stratcom"]) == "2023-01-01"
    for attribution in makiivka.attributions:
        assert attribution.via == (() if attribution.source == "ap" else ("ap",))
        if attribution.stance is Stance.ACKNOWLEDGES:
            assert attribution.mode is Mode.IMPLIED


@pytest.mark.skipif(
    not ARTICLE.exists(), reason="the seed article is only in the steering repository"
)
def test_quotes_are_the_articles_words() -> None:
    """Every quote is the article's text at its evidence span."""
    text = ARTICLE.read_text(encoding="utf-8")
    for attribution in examples.load("makiivka").attributions:
        assert attribution.evidence is not None and attribution.quote is not None
        assert text[attribution.evidence.start : attribution.evidence.end] == attribution.quote


def test_quotes_are_consistent_with_their_spans(makiivka: ClaimSet) -> None:
    """Without the article, spans still fit their quotes and lie within it."""
    for attribution in makiivka.attributions:
        assert attribution.evidence is not None and attribution.quote is not None
        assert attribution.evidence.end - attribution.evidence.start == len(attribution.quote)
        assert attribution.evidence.end <= 1973


def test_unknown_example() -> None:
    """Asking for an example that does not exist names the ones that do."""
    with pytest.raises(NotFoundError, match="makiivka"):
        examples.load("nope")
    assert examples.names() == ("makiivka",)


def test_examples_folder_is_not_a_package() -> None:
    """The builder lives outside the package and imports only the public API."""
    source = (ROOT / "examples" / "makiivka.py").read_text()
    assert "claimkit._" not in source
    assert Path(examples.__file__).parent.name == "examples"
