"""The records: who speaks (Source), what is said (Claim), and the edge between them
(Attribution)."""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable, Mapping
from typing import Any, Final, TypeAlias, TypeVar

import attrs

from ._canonical import (
    ATTRIBUTION_DOMAIN,
    attribution_content,
    claim_digest,
    digest,
)
from ._dates import PartialDate
from ._errors import ValidationError
from ._frozen import FrozenDict, freeze, freeze_extensions
from ._text import (
    check_bool,
    check_characters,
    check_identifier,
    check_in_float_range,
    check_optional_text,
    check_text,
    got,
    key_path,
    nfc,
    short_repr,
)
from ._values import Value, as_value

__all__ = [
    "Attribution",
    "Certainty",
    "Claim",
    "Evidence",
    "Mode",
    "Rank",
    "Source",
    "SourceKind",
    "Stance",
]

E = TypeVar("E", bound=enum.Enum)


class SourceKind(enum.StrEnum):
    """What kind of speaker or publisher a :class:`Source` is.

    .. versionadded:: 0.1.0
    """

    #: A named individual.
    PERSON = "person"
    #: A company, NGO, party, international body or other organisation.
    ORGANIZATION = "organization"
    #: A government, ministry or other state body.
    GOVERNMENT = "government"
    #: An armed force, a unit of one, or its press service.
    MILITARY = "military"
    #: A news outlet or agency.
    MEDIA = "media"
    #: A social-media account, channel or blog.
    ACCOUNT = "account"
    #: A document, data set or database.
    DOCUMENT = "document"
    #: Anything else.
    OTHER = "other"


class Mode(enum.StrEnum):
    """How a claim reached the record.

    .. versionadded:: 0.1.0
    """

    #: The source's own words, quoted.
    QUOTE = "quote"
    #: The source's statement in the reporter's words.
    PARAPHRASE = "paraphrase"
    #: Not said outright; implied, tacit, or inferred from what the source did.
    IMPLIED = "implied"


class Stance(enum.StrEnum):
    """What the source does with the claim.

    Reconciliation counts *asserts* and *acknowledges* as support, *denies* and
    *disputes* as opposition (a polarity conflict with those who support it).
    *declines-to-confirm* and *retracts* are recorded and reported but support
    nothing; a retraction also withdraws the source's earlier support.

    .. versionadded:: 0.1.0
    """

    #: States the claim as true.
    ASSERTS = "asserts"
    #: Concedes the claim, typically a claim first made by someone else.
    ACKNOWLEDGES = "acknowledges"
    #: States the claim is false.
    DENIES = "denies"
    #: Challenges the claim without a flat denial.
    DISPUTES = "disputes"
    #: Is asked about the claim and will neither confirm nor deny it.
    DECLINES_TO_CONFIRM = "declines-to-confirm"
    #: Withdraws a claim the source made before.
    RETRACTS = "retracts"


class Rank(enum.StrEnum):
    """How a curator ranks an attribution, as Wikidata ranks statements.

    Reconciliation sets deprecated attributions aside unless asked to include them;
    the other ranks are recorded and do not change the estimate.

    .. versionadded:: 0.1.0
    """

    #: The best current statement among several (Wikidata's preferred rank).
    PREFERRED = "preferred"
    #: An ordinary statement.
    NORMAL = "normal"
    #: Known to be wrong or superseded, kept for the record.
    DEPRECATED = "deprecated"


class Certainty(enum.StrEnum):
    """How firmly the source commits to the claim, as in FactBank.

    .. versionadded:: 0.1.0
    """

    #: Stated as fact.
    CERTAIN = "certain"
    #: Stated as likely ("probably", "reportedly", tacit acknowledgement).
    PROBABLE = "probable"
    #: Stated as possible ("may have", "could").
    POSSIBLE = "possible"


def _enum(cls: type[E], value: object, path: str) -> E:
    # The members are str enums: each hashes and compares as its value, so one
    # lookup finds a member given as itself or as its value.
    members = _MEMBERS.get(cls)
    if members is None:
        members = _MEMBERS[cls] = {member: member for member in cls}
    try:
        return members[value]  # type: ignore[return-value]
    except (KeyError, TypeError):
        choices = ", ".join(repr(member.value) for member in cls)
        raise ValidationError(f"expected one of {choices}, {got(value)}", path=path) from None


_MEMBERS: Final[dict[type[enum.Enum], dict[object, enum.Enum]]] = {
    cls: {member: member for member in cls} for cls in (SourceKind, Mode, Stance, Certainty, Rank)
}


def _source_kind(value: SourceKind | str) -> SourceKind:
    return _enum(SourceKind, value, "kind")


def _mode(value: Mode | str | None) -> Mode | None:
    return None if value is None else _enum(Mode, value, "mode")


def _stance(value: Stance | str) -> Stance:
    return _enum(Stance, value, "stance")


def _certainty(value: Certainty | str) -> Certainty:
    return _enum(Certainty, value, "certainty")


def _rank(value: Rank | str) -> Rank:
    return _enum(Rank, value, "rank")


def _text(value: str) -> str:
    return nfc(value) if isinstance(value, str) else value


def _optional_text(value: str | None) -> str | None:
    return nfc(value) if isinstance(value, str) else value


def _aliases(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError(f"expected a list of names, {got(value)}", path="aliases")
    names = []
    for index, name in enumerate(value):
        check_text(name, f"aliases[{index}]")
        names.append(nfc(name))
    return tuple(sorted(set(names)))


Scalar: TypeAlias = str | int | float | bool | None
_SCALARS: Final = (str, int, float, bool, type(None))


def _metadata(value: Mapping[str, Scalar] | None) -> FrozenDict[str, Scalar]:
    if value is None:
        return freeze(None)
    if not isinstance(value, Mapping):
        raise ValidationError(f"expected a mapping, {got(value)}", path="metadata")
    items: dict[str, Scalar] = {}
    for key, item in value.items():
        check_text(key, "metadata", empty=False)
        path = "metadata" + key_path(key)
        if not isinstance(item, _SCALARS) or (isinstance(item, float) and not math.isfinite(item)):
            raise ValidationError(
                f"expected text, a number, true, false or null, {got(item)}", path=path
            )
        if isinstance(item, str):
            items[nfc(key)] = nfc(check_characters(item, path))
            continue
        if isinstance(item, int) and not isinstance(item, bool):
            check_in_float_range(item, path)
        items[nfc(key)] = item
    return freeze(items)


@attrs.frozen(kw_only=True, repr=False, cache_hash=True)
class Source:
    """Who or what speaks or publishes: a person, an organisation, a government
    body, a military unit, a news outlet, a social-media account, a document.

    Args:
        id: A stable identifier, unique within a :class:`ClaimSet`
            (``"ru-mod"``).
        name: The display name (``"Russian Ministry of Defence"``).
        kind: What kind of source this is: a :class:`SourceKind` or its value
            (``"government"``).
        affiliation: The party the source belongs to (``"Russia"``), if any.
            Sources of one affiliation can be counted as one voice when they are
            not independent.
        description: A role or description (``"Mayor of Kyiv"``).
        aliases: Other names the source goes by; subjects of claims that name a
            source by any of them are matched to it.
        metadata: Free facts about the source as flat key/value pairs (text,
            numbers, booleans or null). Facts that someone *claims* about a source
            belong in a :class:`Claim` instead.
        extensions: Fields of other tools, as JSON values, carried along but not
            part of the source's equality.

    Raises:
        ValidationError: A field has the wrong type or is empty.

    >>> Source(id="ru-mod", name="Russian Ministry of Defence", kind="government")
    Source(id='ru-mod', name='Russian Ministry of Defence', kind='government')

    .. versionadded:: 0.1.0
    """

    #: A stable identifier, unique within a claim set.
    id: str = attrs.field(converter=_text)
    #: The display name.
    name: str = attrs.field(converter=_text)
    #: What kind of source this is.
    kind: SourceKind = attrs.field(converter=_source_kind)
    #: The party the source belongs to, if any.
    affiliation: str | None = attrs.field(default=None, converter=_optional_text)
    #: A role or description.
    description: str | None = attrs.field(default=None, converter=_optional_text)
    #: Other names of the source, sorted.
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_aliases)
    #: Free facts about the source.
    metadata: Mapping[str, Scalar] = attrs.field(factory=FrozenDict, converter=_metadata)
    #: Fields of other tools, carried along (see :func:`~claimkit.loads`); not part
    #: of the record's equality.
    extensions: Mapping[str, Any] = attrs.field(
        factory=FrozenDict, converter=freeze_extensions, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        check_identifier(self.id, "id")
        check_text(self.name, "name")
        check_optional_text(self.affiliation, "affiliation")
        check_optional_text(self.description, "description")

    def __repr__(self) -> str:
        return short_repr(self)


def _qualifiers(value: Mapping[str, Value] | None) -> FrozenDict[str, Value]:
    if value is None:
        return freeze(None)
    if not isinstance(value, Mapping):
        raise ValidationError(f"expected a mapping, {got(value)}", path="qualifiers")
    items: dict[str, Value] = {}
    for key, item in value.items():
        check_text(key, "qualifiers")
        items[nfc(key)] = as_value(item, "qualifiers" + key_path(key))
    return freeze(items)


def _value(value: Value | int | float | dt.date) -> Value:
    return as_value(value)


@attrs.frozen(kw_only=True, repr=False, cache_hash=True)
class Claim:
    """A proposition, with no speaker inside it: ``subject`` + ``predicate`` +
    ``value``, with optional ``qualifiers``.

    A claim's identity is its content. Two sources saying the same thing share one
    claim, whose :attr:`id` is a digest of its canonical form: equal claims have
    equal ids in every process, on every machine, and changing any part of the
    content (``subject``, ``predicate``, ``value``, ``qualifiers``, ``negated``,
    ``opinion``) changes the id. ``extensions`` are not content: they change
    neither the id nor equality. Who said it, when and how belongs to the
    :class:`Attribution`.

    Args:
        subject: What the claim is about (``"Makiivka strike"``).
        predicate: The property claimed (``"Russian soldiers killed"``).
        value: A :class:`Quantity`, a :class:`PartialDate`, text, a bool, or
            :class:`Unknown`. An ``int`` or ``float`` is taken as an exact
            quantity and a :class:`datetime.date` as a full date.
        qualifiers: When, where and in what scope the claim holds, by name
            (``{"location": "in the area of Makiivka"}``). Values are of the same
            kinds as ``value``.
        negated: Whether the claim is that the proposition is *not* so. A negated
            claim with an ``Unknown()`` value says there is no value at all.
        opinion: Whether the claim is a judgement ("horrible") rather than a
            checkable fact. Opinions are recorded but not reconciled.
        extensions: Fields of other tools, as JSON values, carried along but not
            part of the claim's content: they change neither its id nor its
            equality.

    Raises:
        ValidationError: A field has the wrong type or is empty.

    >>> claim = Claim(subject="Makiivka strike", predicate="HIMARS rockets fired", value=6)
    >>> claim.value
    Quantity(low=6, best=6, high=6)
    >>> claim.id
    '...'

    .. versionadded:: 0.1.0
    """

    #: What the claim is about.
    subject: str = attrs.field(converter=_text)
    #: The property claimed.
    predicate: str = attrs.field(converter=_text)
    #: The value claimed.
    value: Value = attrs.field(converter=_value)
    #: When, where and in what scope the claim holds.
    qualifiers: Mapping[str, Value] = attrs.field(factory=FrozenDict, converter=_qualifiers)
    #: Whether the proposition is claimed *not* to hold.
    negated: bool = False
    #: Whether the claim is a judgement rather than a checkable fact.
    opinion: bool = False
    #: Fields of other tools, carried along; not part of the claim's content, its
    #: equality or its id.
    extensions: Mapping[str, Any] = attrs.field(
        factory=FrozenDict, converter=freeze_extensions, eq=False, hash=False, repr=False
    )
    _id: str | None = attrs.field(
        init=False, default=None, eq=False, repr=False, hash=False, alias="_id"
    )

    def __attrs_post_init__(self) -> None:
        check_text(self.subject, "subject")
        check_text(self.predicate, "predicate")
        check_bool(self.negated, "negated")
        check_bool(self.opinion, "opinion")

    @property
    def id(self) -> str:
        """The content id, 32 hex digits of a SHA-256 digest of the canonical form."""
        if self._id is None:
            object.__setattr__(self, "_id", claim_digest(self))
        assert self._id is not None
        return self._id

    def __repr__(self) -> str:
        return short_repr(self)


@attrs.frozen(kw_only=True, repr=False, cache_hash=True)
class Evidence:
    """Where in a document an attribution is found: a character span.

    Args:
        document: An identifier of the document (a URL, a file name, a DOI).
        start: The offset of the first character, counted in Unicode code points
            from 0 (Python string indexing).
        end: The offset just after the last character.

    >>> Evidence(document="article.txt", start=0, end=42)
    Evidence(document='article.txt', start=0, end=42)

    .. versionadded:: 0.1.0
    """

    #: The document's identifier.
    document: str = attrs.field(converter=_text)
    #: The offset of the first character.
    start: int
    #: The offset just after the last character.
    end: int

    def __attrs_post_init__(self) -> None:
        check_text(self.document, "document")
        for name in ("start", "end"):
            value = getattr(self, name)
            if type(value) is not int or value < 0:
                raise ValidationError(
                    f"expected a character offset (a whole number >= 0), {got(value)}",
                    path=name,
                )
            check_in_float_range(value, name)
        if self.end < self.start:
            raise ValidationError(
                f"the span ends ({self.end}) before it starts ({self.start})", path="end"
            )

    def __repr__(self) -> str:
        return short_repr(self, always=frozenset({"start"}))


def _ref(value: object, kind: type[Claim] | type[Source], path: str) -> str:
    if isinstance(value, kind):
        return value.id
    return check_identifier(value, path)


def _claim_ref(value: Claim | str) -> str:
    return _ref(value, Claim, "claim")


def _source_ref(value: Source | str) -> str:
    return _ref(value, Source, "source")


def _via(value: Iterable[Source | str]) -> tuple[str, ...]:
    if isinstance(value, str | Source) or not isinstance(value, Iterable):
        raise ValidationError(f"expected a list of source ids, {got(value)}", path="via")
    return tuple(_ref(item, Source, f"via[{index}]") for index, item in enumerate(value))


def _date(value: PartialDate | dt.date | None, path: str) -> PartialDate | None:
    if value is None or isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    raise ValidationError(f"expected a PartialDate or a date, {got(value)}", path=path)


def _stated(value: PartialDate | dt.date | None) -> PartialDate | None:
    return _date(value, "stated")


def _retrieved(value: PartialDate | dt.date | None) -> PartialDate | None:
    return _date(value, "retrieved")


@attrs.frozen(kw_only=True, repr=False, cache_hash=True)
class Attribution:
    """The edge from a source to a claim: who originally said it, through whom it
    reached us, when, how and how firmly.

    Args:
        claim: The claim's id (a :class:`Claim` is accepted and its id taken).
        source: The id of the *original* speaker (a :class:`Source` is accepted).
        via: The ids of the sources that relayed the statement, in the order it
            passed through them, nearest to the original speaker first: a
            ministry's statement carried by a wire agency and then a newspaper is
            ``source="ministry", via=("agency", "newspaper")``. Relays add no
            independent voice.
        stated: When the source said it: a :class:`PartialDate` or a
            :class:`datetime.date`.
        mode: How it was reported: a :class:`Mode` or its value (``"quote"``).
        stance: What the source does with the claim: a :class:`Stance` or its
            value (``"denies"``). Defaults to asserting it.
        certainty: How firmly: a :class:`Certainty` or its value. Defaults to
            certain.
        quote: The words of the statement as the document gives them.
        channel: Where it was said: ``"Telegram"``, ``"press conference"``, a URL.
        evidence: The span of the document that records it.
        retrieved: When the record was consulted (a web page's access date), if
            that matters.
        rank: A curator's ranking, a :class:`Rank` or its value; deprecated
            attributions are set aside by reconciliation unless asked otherwise.
        rank_reason: Why it has its rank ("withdrawn by the publisher").
        extensions: Fields of other tools, as JSON values, carried along but not
            part of the attribution's equality.

    Raises:
        ValidationError: A field has the wrong type, an id is empty, or a relay
            repeats or is the source itself.

    >>> Attribution(claim="9f2c...", source="ru-mod", via=("ap",), stance="asserts")
    Attribution(claim='9f2c...', source='ru-mod', via=('ap',))

    .. versionadded:: 0.1.0
    """

    #: The id of the claim.
    claim: str = attrs.field(converter=_claim_ref)
    #: The id of the original speaker.
    source: str = attrs.field(converter=_source_ref)
    #: The ids of the relays, nearest to the original speaker first.
    via: tuple[str, ...] = attrs.field(default=(), converter=_via)
    #: When the source said it.
    stated: PartialDate | None = attrs.field(default=None, converter=_stated)
    #: How it was reported.
    mode: Mode | None = attrs.field(default=None, converter=_mode)
    #: What the source does with the claim.
    stance: Stance = attrs.field(default=Stance.ASSERTS, converter=_stance)
    #: How firmly the source commits to it.
    certainty: Certainty = attrs.field(default=Certainty.CERTAIN, converter=_certainty)
    #: The words of the statement as the document gives them.
    quote: str | None = attrs.field(default=None, converter=_optional_text)
    #: Where it was said.
    channel: str | None = attrs.field(default=None, converter=_optional_text)
    #: The span of the document that records it.
    evidence: Evidence | None = None
    #: When the record was consulted.
    retrieved: PartialDate | None = attrs.field(default=None, converter=_retrieved)
    #: A curator's ranking.
    rank: Rank = attrs.field(default=Rank.NORMAL, converter=_rank)
    #: Why the attribution has its rank.
    rank_reason: str | None = attrs.field(default=None, converter=_optional_text)
    #: Fields of other tools, carried along; not part of the attribution's
    #: equality or id.
    extensions: Mapping[str, Any] = attrs.field(
        factory=FrozenDict, converter=freeze_extensions, eq=False, hash=False, repr=False
    )
    _id: str | None = attrs.field(
        init=False, default=None, eq=False, repr=False, hash=False, alias="_id"
    )

    def __attrs_post_init__(self) -> None:
        check_optional_text(self.quote, "quote")
        check_optional_text(self.channel, "channel")
        check_optional_text(self.rank_reason, "rank_reason")
        if self.evidence is not None and not isinstance(self.evidence, Evidence):
            raise ValidationError(f"expected an Evidence, {got(self.evidence)}", path="evidence")
        seen = {self.source}
        for index, relay in enumerate(self.via):
            if relay in seen:
                problem = "is the original source" if relay == self.source else "repeats"
                raise ValidationError(f"relay {relay!r} {problem}", path=f"via[{index}]")
            seen.add(relay)

    @property
    def id(self) -> str:
        """The content id, 32 hex digits of a SHA-256 digest of the canonical form."""
        if self._id is None:
            content = attribution_content(self)
            object.__setattr__(self, "_id", digest(ATTRIBUTION_DOMAIN, content))
        assert self._id is not None
        return self._id

    def __repr__(self) -> str:
        return short_repr(self)


def _date_key(date: PartialDate | None) -> tuple[int, ...]:
    if date is None:
        return (0,)
    return (1, date.year, date.month or 0, date.day or 0)


def attribution_sort_key(attribution: Attribution) -> tuple[object, ...]:
    """A total order on attributions: by claim id, source, date stated, relays and
    the remaining fields. Distinct attributions never tie."""
    # The enumerations are str enumerations: their members sort as their values,
    # without the cost of looking ``.value`` up.
    stated = attribution.stated
    retrieved = attribution.retrieved
    evidence = attribution.evidence
    return (
        attribution.claim,
        attribution.source,
        _date_key(stated),
        attribution.via,
        attribution.stance,
        attribution.mode or "",
        attribution.certainty,
        attribution.quote or "",
        attribution.channel or "",
        (evidence.document, evidence.start, evidence.end) if evidence else (),
        _date_key(retrieved),
        attribution.rank,
        attribution.rank_reason or "",
    )


def certainty_weights(items: Mapping[Certainty | str, float]) -> FrozenDict[Certainty, float]:
    """Weights by certainty, keys given as members or their values, frozen."""
    if not isinstance(items, Mapping):
        raise ValidationError(f"expected a mapping, {got(items)}", path="certainty_weights")
    return FrozenDict(
        {_enum(Certainty, key, "certainty_weights"): float(value) for key, value in items.items()}
    )
