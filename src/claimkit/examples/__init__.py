"""Example data sets that ship with claimkit.

``makiivka``
    An Associated Press article of 3 January 2023 on the Ukrainian strike on
    Russian troops' quarters in Makiivka on New Year's Eve, recorded completely:
    the Russian Ministry of Defence's 63 dead, the Ukrainian figure of about 400,
    the tacit acknowledgement by Ukraine's military, the unknown-but-positive
    figure of a Russian-installed official, a military blogger's opinions, the
    drones over Kyiv, and the article's own statements. Each attribution keeps the
    article's words and their character span.

>>> from claimkit import examples
>>> examples.names()
('makiivka',)
>>> examples.load("makiivka")
<ClaimSet: 7 sources, 28 claims, 29 attributions>
"""

from __future__ import annotations

from importlib import resources

from claimkit._claimset import ClaimSet
from claimkit._errors import NotFoundError
from claimkit._serial import loads

__all__ = ["load", "names"]


def names() -> tuple[str, ...]:
    """The names of the example data sets, sorted.

    .. versionadded:: 0.1.0
    """
    folder = resources.files(__name__)
    return tuple(
        sorted(
            item.name.removesuffix(".json")
            for item in folder.iterdir()
            if item.name.endswith(".json")
        )
    )


def load(name: str) -> ClaimSet:
    """Load an example data set by name.

    Raises:
        NotFoundError: There is no example of that name.

    .. versionadded:: 0.1.0
    """
    if name not in names():
        raise NotFoundError(f"no example named {name!r}; there are: {', '.join(names())}")
    return loads(resources.files(__name__).joinpath(f"{name}.json").read_bytes())
