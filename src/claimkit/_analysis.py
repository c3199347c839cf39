"""One question at a time: sources' current positions, and the discrepancies among
them. The same under every policy."""

from __future__ import annotations

import enum
import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Final, Literal

import attrs

from ._canonical import dumps_canonical, encode_qualifiers
from ._dates import PartialDate, date_text
from ._errors import ValidationError
from ._frozen import FrozenDict
from ._intervals import maximal_groups
from ._model import Attribution, Claim, Rank, Source, Stance, _enum
from ._quantity import Number, format_number
from ._questions import (
    CERTAINTY_RANK,
    Position,
    Question,
    ValueKind,
    figure_ratio,
    later,
    new_question,
    position_label,
    position_slots,
    question_kind,
    representative,
    scaled_interval,
    source_names,
    times,
    unchecked_builder,
    value_key,
)
from ._text import fold, got, short_repr
from ._values import Unknown, Value, describe_value

__all__ = ["Discrepancy", "DiscrepancyKind", "Side"]

Independence = Literal["source", "affiliation"]
Revisions = Literal["supersede", "keep"]
#: An attribution with its claim.
Statement = tuple[Attribution, Claim]


class DiscrepancyKind(enum.StrEnum):
    """What kind of disagreement a :class:`Discrepancy` is.

    .. versionadded:: 0.1.0
    """

    #: Values that cannot all be true (disjoint intervals, different dates or
    #: texts).
    VALUE = "value"
    #: One source asserts what another denies or disputes.
    POLARITY = "polarity"
    #: The claims qualify the question differently (where, when, in what
    #: scope); a difference of scope, not a conflict.
    SCOPE = "scope"
    #: One source changed its position; the later statement supersedes the
    #: earlier.
    REVISION = "revision"


@attrs.frozen(kw_only=True)
class Side:
    """One side of a discrepancy: the claims and sources that hold together.

    .. versionadded:: 0.1.0
    """

    #: The ids of the claims on this side.
    claims: tuple[str, ...]
    #: The ids of the original sources on this side.
    sources: tuple[str, ...]


def _kind(value: DiscrepancyKind | str) -> DiscrepancyKind:
    return _enum(DiscrepancyKind, value, "kind")


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _sides(value: Iterable[Side]) -> tuple[Side, ...]:
    return tuple(value)


def _severity(value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValidationError(f"expected a number from 0 to 1, {got(value)}", path="severity")


@attrs.frozen(kw_only=True, repr=False)
class Discrepancy:
    """Attributions about one question that cannot all be true, or that differ in
    scope or over time. Computed by :func:`~claimkit.reconcile`, never written by
    hand.

    .. versionadded:: 0.1.0
    """

    #: What kind of disagreement this is (given as a member or its value,
    #: ``"value"``).
    kind: DiscrepancyKind = attrs.field(converter=_kind)
    #: The subject of the question.
    subject: str
    #: The predicate of the question.
    predicate: str
    #: The ids of the claims in disagreement.
    claims: tuple[str, ...] = attrs.field(converter=_ids)
    #: The ids of their original sources.
    sources: tuple[str, ...] = attrs.field(converter=_ids)
    #: The sides, the groups of claims that hold together. For a revision, the
    #: source's statements in the order it made them.
    sides: tuple[Side, ...] = attrs.field(converter=_sides)
    #: How serious the disagreement is, from 0 to 1. For numbers, the difference
    #: of the highest and lowest figure as a share of the highest (63 against 400 is
    #: 0.84); 1 for answers that differ outright (text, dates, yes/no) and for
    #: polarity conflicts; 0 for a difference of scope, which is not a conflict.
    severity: float = attrs.field(validator=lambda _, __, value: _severity(value))
    #: For a value conflict, the ids of claims consistent with every side (such as
    #: an unknown with a lower bound below all figures).
    consistent: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    #: For a scope difference, the qualifier that differs.
    qualifier: str | None = None
    #: For numbers, the highest figure in the disagreement divided by the lowest
    #: (``None`` if the lowest is not positive).
    ratio: float | None = None
    #: For numbers, the highest figure minus the lowest.
    difference: Number | None = None
    #: The disagreement in words.
    summary: str = ""

    def __repr__(self) -> str:
        return short_repr(self)


@attrs.frozen(kw_only=True)
class Analysis:
    """A question with its positions and discrepancies, ready for a policy."""

    question: Question
    discrepancies: tuple[Discrepancy, ...]
    #: Statements recorded but not counted, each with the reason.
    set_aside: tuple[tuple[Attribution, Claim, str], ...]
    #: The attributions behind the supporting positions, the opposing ones and those
    #: set aside, each in the order of :func:`~claimkit._model.attribution_sort_key`.
    ordered_attributions: tuple[Attribution, ...] = ()
    ordered_opposing: tuple[Attribution, ...] = ()
    ordered_set_aside: tuple[Attribution, ...] = ()


# The records as reconciliation builds them, every field given and already of its
# type: the generated constructors' converters and validators would change nothing.
_new_discrepancy: Final = unchecked_builder(Discrepancy)
_new_side: Final = unchecked_builder(Side)
_new_analysis: Final = unchecked_builder(Analysis)


_new: Final = object.__new__

_SUPPORT: Final = frozenset({Stance.ASSERTS, Stance.ACKNOWLEDGES})
_OPPOSE: Final = frozenset({Stance.DENIES, Stance.DISPUTES})
# The stances one at a time, compared by identity where it counts: an attribution's
# stance is always a member, and members hash in Python, slowly.
_ASSERTS: Final = Stance.ASSERTS
_ACKNOWLEDGES: Final = Stance.ACKNOWLEDGES
_DENIES: Final = Stance.DENIES
_DISPUTES: Final = Stance.DISPUTES
_DEPRECATED: Final = Rank.DEPRECATED
KIND_ORDER: Final = {
    DiscrepancyKind.VALUE: 0,
    DiscrepancyKind.POLARITY: 1,
    DiscrepancyKind.REVISION: 2,
    DiscrepancyKind.SCOPE: 3,
}


def analyse(
    statements: Sequence[Statement],
    sources: Mapping[str, Source],
    keys: frozenset[str],
    tolerance: Fraction,
    independence: Independence,
    revisions: Revisions,
    include_deprecated: bool = False,
) -> Analysis:
    """Work out the current positions on one question and its discrepancies.

    ``statements`` come in the order of :func:`~claimkit._model.attribution_sort_key`
    (as :meth:`~claimkit.Partial.finish` sorts them); the analysis lists the
    attributions it counts, opposes and sets aside in that order.
    """
    # One pass: a statement of each source, and whether any is deprecated.
    last: dict[str, Statement] = {}
    deprecation = False
    for statement in statements:
        attribution = statement[0]
        if attribution.rank is _DEPRECATED:
            deprecation = True
        last[attribution.source] = statement
    if deprecation and not include_deprecated:
        deprecated = [(a, c) for a, c in statements if a.rank is Rank.DEPRECATED]
        kept = [(a, c) for a, c in statements if a.rank is not Rank.DEPRECATED]
        if kept:
            analysis = analyse(kept, sources, keys, tolerance, independence, revisions)
        else:
            analysis = _empty(deprecated[0][1], keys)
        aside = [
            (a, c, f"deprecated: {a.rank_reason}" if a.rank_reason else "deprecated")
            for a, c in deprecated
        ]
        everything_aside = (*analysis.set_aside, *aside)
        return Analysis(
            question=analysis.question,
            discrepancies=analysis.discrepancies,
            set_aside=everything_aside,
            ordered_attributions=analysis.ordered_attributions,
            ordered_opposing=analysis.ordered_opposing,
            ordered_set_aside=_in_order(statements, [a for a, _, _ in everything_aside]),
        )
    if len(statements) == 1:
        single = _single(statements[0], sources, keys, independence)
        if single is not None:
            return single
    # Each source's statements, where some source made several (most make one).
    by_source: dict[str, list[Statement]] = {}
    if len(last) < len(statements):
        for statement in statements:
            by_source.setdefault(statement[0].source, []).append(statement)
    # The spelling that most sources use: relays and repeats do not change it.
    subjects = {claim.subject for _, claim in statements}
    predicates = {claim.predicate for _, claim in statements}
    subject = (
        next(iter(subjects))
        if len(subjects) == 1
        else _most_common({(a.source, claim.subject) for a, claim in statements})
    )
    predicate = (
        next(iter(predicates))
        if len(predicates) == 1
        else _most_common({(a.source, claim.predicate) for a, claim in statements})
    )

    affirming: list[Position] = []
    opposing: list[Position] = []
    set_aside: list[tuple[Attribution, Claim, str]] = []
    discrepancies: list[Discrepancy] = []
    # The distinct claims held, by identity: the kind and unit follow from them;
    # repeats change neither.
    held: dict[int, Value] = {}
    labels = _Labels()
    by_affiliation = independence == "affiliation"
    # Positions built by setting their slots: this runs for nearly every attribution.
    set_source, set_claim, set_supports, set_stated, set_certainty, set_attributions, set_voice = (
        position_slots
    )
    for source_id in sorted(last):
        source = sources[source_id]
        voice = (source.affiliation or source.id) if by_affiliation else source.id
        own = by_source.get(source_id)
        if own is None or len(own) == 1:
            # The source's only statement.
            attribution, claim = last[source_id]
            stance = attribution.stance
            supports = stance is _ASSERTS or stance is _ACKNOWLEDGES
            if supports or stance is _DENIES or stance is _DISPUTES:
                # One statement, the commonest case: it is the source's position.
                position = _new(Position)
                set_source(position, source)
                set_claim(position, claim)
                set_supports(position, supports)
                set_stated(position, attribution.stated)
                set_certainty(position, attribution.certainty)
                set_attributions(position, (attribution,))
                set_voice(position, voice)
                (affirming if supports != claim.negated else opposing).append(position)
                held[id(claim)] = claim.value
                continue
        current, aside, timeline = _positions(
            source, voice, own if own is not None else [last[source_id]], revisions
        )
        for position in current:
            claim = position.claim
            (affirming if position.supports != claim.negated else opposing).append(position)
            held[id(claim)] = claim.value
        set_aside += aside
        if timeline:
            discrepancies.append(_revision(subject, predicate, source, timeline, labels))

    kind, unit = question_kind(subject, predicate, list(held.values()))
    key_claim = statements[0][1]
    question = new_question(
        subject,
        predicate,
        _key_qualifiers(key_claim, keys),
        kind,
        unit,
        tuple(affirming),
        tuple(opposing),
    )
    conflict = _value_conflict(question, tolerance, labels)
    if conflict is not None:
        discrepancies.append(conflict)
    if opposing:
        discrepancies += _polarity_conflicts(question, labels)
    discrepancies += _scope_differences(question, keys)
    if len(discrepancies) > 1:
        discrepancies.sort(key=lambda d: (-d.severity, KIND_ORDER[d.kind], d.claims))
    return _new_analysis(
        question=question,
        discrepancies=tuple(discrepancies),
        set_aside=tuple(set_aside),
        ordered_attributions=_in_order(statements, [a for p in affirming for a in p.attributions]),
        ordered_opposing=_in_order(statements, [a for p in opposing for a in p.attributions]),
        ordered_set_aside=_in_order(statements, [a for a, _, _ in set_aside]),
    )


def _in_order(
    statements: Sequence[Statement], chosen: list[Attribution]
) -> tuple[Attribution, ...]:
    """``chosen``, attributions among ``statements``, each once and in the order of
    ``statements``: sorted as :func:`~claimkit._model.attribution_sort_key` sorts,
    without sorting again."""
    if len(chosen) < 2:
        return tuple(chosen)
    if len(chosen) == len(statements):
        return tuple(a for a, _ in statements)
    wanted = {id(a) for a in chosen}
    return tuple(a for a, _ in statements if id(a) in wanted)


def _key_qualifiers(claim: Claim, keys: frozenset[str]) -> Mapping[str, Value]:
    qualifiers = claim.qualifiers
    if not keys or not qualifiers:
        return _NO_QUALIFIERS
    return FrozenDict({n: v for n, v in qualifiers.items() if fold(n) in keys})


class _Labels:
    """Positions in words (:meth:`Position.label`) for one question, each claim's
    value described once."""

    __slots__ = ("_described",)

    def __init__(self) -> None:
        # By the identity of the claim object: a claim's description depends on
        # nothing else, and the claims outlive the question's analysis.
        self._described: dict[int, str] = {}

    def __call__(self, position: Position) -> str:
        claim = position.claim
        described = self._described.get(id(claim))
        if described is None:
            described = self._described[id(claim)] = describe_value(claim.value)
        return position_label(position, described)

    def of(
        self, positions: Sequence[Position], claim_of: Sequence[int], claims: Sequence[Claim]
    ) -> list[str]:
        """The labels of ``positions``, given the number of each one's claim in
        ``claims``: the same as calling this object on each, with less lookup."""
        described = self._described
        texts = []
        for claim in claims:
            text = described.get(id(claim))
            if text is None:
                text = described[id(claim)] = describe_value(claim.value)
            texts.append(text)
        # As position_label writes them, inline: this runs for most positions.
        labels = []
        for position, number in zip(positions, claim_of, strict=True):
            prefix = "" if position.supports != position.claim.negated else "not "
            stated = position.stated
            if stated is None:
                labels.append(f"{prefix}{texts[number]} ({position.source.name})")
            else:
                labels.append(
                    f"{prefix}{texts[number]} ({position.source.name}, {date_text(stated)})"
                )
        return labels


def _single(
    statement: Statement,
    sources: Mapping[str, Source],
    keys: frozenset[str],
    independence: Independence,
) -> Analysis | None:
    """The analysis of a question with one statement, the commonest case, without
    the general machinery: one position, nothing to conflict with. ``None`` for a
    statement that is not a position (a retraction, a refusal to confirm)."""
    attribution, claim = statement
    stance = attribution.stance
    if stance not in _SUPPORT and stance not in _OPPOSE:
        return None
    source = sources[attribution.source]
    supports = stance in _SUPPORT
    position = Position(
        source=source,
        claim=claim,
        supports=supports,
        stated=attribution.stated,
        certainty=attribution.certainty,
        attributions=(attribution,),
        voice=(source.affiliation or source.id) if independence == "affiliation" else source.id,
    )
    kind, unit = question_kind(claim.subject, claim.predicate, [claim.value])
    affirms = supports != claim.negated
    qualifiers = claim.qualifiers
    question = new_question(
        claim.subject,
        claim.predicate,
        FrozenDict({n: v for n, v in qualifiers.items() if fold(n) in keys})
        if keys and qualifiers
        else _NO_QUALIFIERS,
        kind,
        unit,
        (position,) if affirms else (),
        () if affirms else (position,),
    )
    return _new_analysis(
        question=question,
        discrepancies=(),
        set_aside=(),
        ordered_attributions=(attribution,) if affirms else (),
        ordered_opposing=() if affirms else (attribution,),
        ordered_set_aside=(),
    )


_NO_QUALIFIERS: Final[FrozenDict[str, Value]] = FrozenDict()


def _empty(claim: Claim, keys: frozenset[str]) -> Analysis:
    """A question on which nothing counts (all of it was set aside)."""
    kind, unit = question_kind(claim.subject, claim.predicate, [claim.value])
    question = Question(
        subject=claim.subject,
        predicate=claim.predicate,
        qualifiers=FrozenDict({n: v for n, v in claim.qualifiers.items() if fold(n) in keys}),
        kind=kind,
        unit=unit,
        positions=(),
    )
    return Analysis(question=question, discrepancies=(), set_aside=())


def _most_common(uses: set[tuple[str, str]]) -> str:
    counts = Counter(spelling for _, spelling in uses)
    return min(counts, key=lambda spelling: (-counts[spelling], spelling))


@attrs.define
class _Draft:
    """A position being assembled from a source's statements."""

    claim: Claim
    supports: bool
    attributions: list[Attribution]

    @property
    def stated(self) -> PartialDate | None:
        dates = [a.stated for a in self.attributions if a.stated is not None]
        return max(dates) if dates else None

    def freeze(self, source: Source, voice: str) -> Position:
        certainty = max((a.certainty for a in self.attributions), key=CERTAINTY_RANK.__getitem__)
        return Position(
            source=source,
            claim=self.claim,
            supports=self.supports,
            stated=self.stated,
            certainty=certainty,
            attributions=tuple(self.attributions),
            voice=voice,
        )


def _positions(
    source: Source, voice: str, statements: list[Statement], revisions: Revisions
) -> tuple[list[Position], list[tuple[Attribution, Claim, str]], list[Position]]:
    """One source's current positions on a question, what it set aside (and why),
    and, if it revised, its positions in the order it took them."""
    drafts: dict[tuple[str, bool], _Draft] = {}
    aside: list[tuple[Attribution, Claim, str]] = []
    retractions: list[Statement] = []
    for attribution, claim in statements:
        if attribution.stance in _SUPPORT or attribution.stance in _OPPOSE:
            supports = attribution.stance in _SUPPORT
            draft = drafts.get((claim.id, supports))
            if draft is None:
                drafts[(claim.id, supports)] = _Draft(claim, supports, [attribution])
            else:
                draft.attributions.append(attribution)
        elif attribution.stance is Stance.RETRACTS:
            retractions.append((attribution, claim))
            aside.append((attribution, claim, "a retraction"))
        else:  # declines to confirm: recorded, supports nothing
            aside.append((attribution, claim, "declined to confirm"))

    for retraction, claim in retractions:
        when = f" on {retraction.stated}" if retraction.stated else ""
        for key, draft in list(drafts.items()):
            if draft.claim.id == claim.id and not later(draft.stated, retraction.stated):
                aside += [(a, draft.claim, f"retracted{when}") for a in draft.attributions]
                del drafts[key]

    current = list(drafts.values())
    superseded = [
        draft
        for draft in current
        if any(
            (other.claim.id, other.supports) != (draft.claim.id, draft.supports)
            and later(other.stated, draft.stated)
            for other in current
        )
    ]
    if not superseded:
        return [draft.freeze(source, voice) for draft in current], aside, []
    timeline = sorted(
        current,
        key=lambda d: (d.stated is None, d.stated or PartialDate(1), d.claim.id, d.supports),
    )
    kept = [draft for draft in current if draft not in superseded]
    if revisions == "supersede":
        newest = max((d.stated for d in kept if d.stated is not None), default=None)
        for draft in superseded:
            reason = f"superseded by its statement of {newest}"
            aside += [(a, draft.claim, reason) for a in draft.attributions]
        current = kept
    return (
        [draft.freeze(source, voice) for draft in current],
        aside,
        [draft.freeze(source, voice) for draft in timeline],
    )


def _revision(
    subject: str, predicate: str, source: Source, timeline: Sequence[Position], labels: _Labels
) -> Discrepancy:
    claims = tuple(dict.fromkeys(step.claim.id for step in timeline))
    points = [p for step in timeline if (p := representative(step.value)) is not None]
    severity = 0.5
    if len(points) == len(timeline) and max(points) > 0 and min(points) >= 0:
        severity = float((max(points) - min(points)) / max(points))
    return _new_discrepancy(
        kind=DiscrepancyKind.REVISION,
        subject=subject,
        predicate=predicate,
        claims=claims,
        sources=(source.id,),
        sides=tuple(_new_side(claims=(step.claim.id,), sources=(source.id,)) for step in timeline),
        severity=severity,
        consistent=(),
        qualifier=None,
        ratio=None,
        difference=None,
        summary=f"{source.name} changed its position: "
        + " → ".join(labels(step) for step in timeline),
    )


def _side(positions: Iterable[Position]) -> Side:
    items = list(positions)
    return _new_side(
        claims=tuple(sorted({p.claim.id for p in items})),
        sources=tuple(sorted({p.source.id for p in items})),
    )


def _value_conflict(question: Question, tolerance: Fraction, labels: _Labels) -> Discrepancy | None:
    positions = question.positions
    if len(positions) < 2:
        return None
    # The distinct claims, in the order they first appear, and each position's.
    numbers: dict[str, int] = {}
    claims: list[Claim] = []
    claim_of: list[int] = []
    for position in positions:
        claim = position.claim
        claim_id = claim.id
        number = numbers.get(claim_id)
        if number is None:
            number = numbers[claim_id] = len(claims)
            claims.append(claim)
        claim_of.append(number)
    if len(claims) == 1:
        return None
    values = [claim.value for claim in claims]
    kind = question.kind
    # Only a question of text or yes/no has texts or booleans (one kind a question).
    texts = (
        {
            key: index
            for index, key in enumerate(
                sorted({value_key(value) for value in values if isinstance(value, _TEXTUAL)})
            )
        }
        if kind is ValueKind.TEXT or kind is ValueKind.BOOL
        else _NO_TEXTS
    )
    # Scaled to integers: only the order of the ends matters.
    intervals = [scaled_interval(value, tolerance, texts) for value in values]
    # common(intervals) is not None, inline: all share a point, so one group
    # (Helly's theorem), no conflict.
    if max([start for start, _ in intervals]) <= min([end for _, end in intervals]):
        return None
    # Everything below works claim by claim where it can (a question has a few
    # claims and several times as many positions): positions on one claim have one
    # interval, so they are in the same groups.
    claim_ids = list(numbers)
    groups = maximal_groups(intervals)
    everywhere = frozenset.intersection(*groups)
    # The positions of each side (those of claims in its group but not in every
    # group), in the order of the positions, and the side itself.
    members: list[list[int]] = []
    sides: list[Side] = []
    for group in groups:
        own = group - everywhere if everywhere else group
        indices = [index for index, number in enumerate(claim_of) if number in own]
        members.append(indices)
        sides.append(
            _new_side(
                claims=tuple(sorted([claim_ids[number] for number in own])),
                sources=tuple(sorted({positions[index].source.id for index in indices})),
            )
        )
    ratio: float | None = None
    difference: Number | None = None
    severity = 1.0
    if kind is ValueKind.NUMBER:
        figure_of = [representative(value) for value in values]
        figures = [
            figure
            for number in claim_of
            if number not in everywhere and (figure := figure_of[number]) is not None
        ]
        if len(figures) >= 2:
            lowest, highest = min(figures), max(figures)
            difference = highest - lowest
            ratio = figure_ratio(highest, lowest)
            if highest > 0 and lowest >= 0:
                severity = float(difference / highest)
    # Every position is on a side or consistent with every side: each is named.
    named = labels.of(positions, claim_of, claims)
    summary = " vs ".join(", ".join([named[index] for index in indices]) for indices in members)
    if ratio is not None:
        summary += (
            f"; the highest figure is {times(ratio)} the lowest "
            f"(a difference of {format_number(difference) if difference is not None else '?'})"
        )
    if everywhere:
        summary += "; consistent with every side: " + ", ".join(
            [named[index] for index, number in enumerate(claim_of) if number in everywhere]
        )
    return _new_discrepancy(
        kind=DiscrepancyKind.VALUE,
        subject=question.subject,
        predicate=question.predicate,
        claims=tuple(
            sorted([claim_ids[number] for number in range(len(claims)) if number not in everywhere])
        ),
        sources=tuple(
            sorted(
                {
                    positions[index].source.id
                    for index, number in enumerate(claim_of)
                    if number not in everywhere
                }
            )
        ),
        sides=tuple(sides),
        severity=severity,
        consistent=tuple(sorted([claim_ids[number] for number in everywhere])),
        qualifier=None,
        ratio=ratio,
        difference=difference,
        summary=summary,
    )


#: The kinds of value that :func:`_value_conflict` numbers as points of a line.
_TEXTUAL: Final = (str, bool)
_NO_TEXTS: Final[Mapping[str, int]] = {}


@functools.lru_cache(maxsize=1 << 12)
def _qualifiers_text(qualifiers: FrozenDict[str, Value]) -> str:
    """The canonical JSON of a claim's qualifiers, remembered: a collection's
    qualifiers are few, its claims many. Equal qualifiers have one canonical form."""
    return dumps_canonical(encode_qualifiers(qualifiers)).decode()


def _content(claim: Claim) -> str:
    """What a claim says, whichever way round: its value and qualifiers."""
    qualifiers = claim.qualifiers
    text = (
        _qualifiers_text(qualifiers)
        if isinstance(qualifiers, FrozenDict)
        else dumps_canonical(encode_qualifiers(qualifiers)).decode()
    )
    return value_key(claim.value) + "|" + text


#: A claim that there is no value at all is the negation of this one.
_NO_VALUE: Final = Unknown()


def _polarity_conflicts(question: Question, labels: _Labels) -> list[Discrepancy]:
    found: list[Discrepancy] = []
    # What each claim says: its value's key, and that with its qualifiers.
    facts: dict[str, tuple[str, str]] = {}

    def facts_of(claim: Claim) -> tuple[str, str]:
        known = facts.get(claim.id)
        if known is None:
            known = facts[claim.id] = (value_key(claim.value), _content(claim))
        return known

    by_content: dict[str, list[Position]] = defaultdict(list)
    for position in question.opposing:
        by_content[facts_of(position.claim)[1]].append(position)
    supporting = [(position, facts_of(position.claim)) for position in question.positions]
    for content in sorted(by_content):
        against = by_content[content]
        no_value = against[0].value == _NO_VALUE
        answer = facts_of(against[0].claim)[0]
        backing = [
            position
            for position, (key, said) in supporting
            if no_value or (key == answer and said == content)
        ]
        if not backing:
            continue
        backing_side, against_side = _side(backing), _side(against)
        what = "that there is no value" if no_value else describe_value(against[0].value)
        summary = (
            source_names(against)
            + f" {'deny' if len(against) > 1 else 'denies'} {what}; "
            + ", ".join(labels(p) for p in backing)
        )
        found.append(
            _new_discrepancy(
                kind=DiscrepancyKind.POLARITY,
                subject=question.subject,
                predicate=question.predicate,
                claims=tuple(sorted(set(backing_side.claims) | set(against_side.claims))),
                sources=tuple(sorted(set(backing_side.sources) | set(against_side.sources))),
                sides=(backing_side, against_side),
                severity=1.0,
                consistent=(),
                qualifier=None,
                ratio=None,
                difference=None,
                summary=summary,
            )
        )
    return found


def _scope_differences(question: Question, keys: frozenset[str]) -> list[Discrepancy]:
    found: list[Discrepancy] = []
    # The distinct claims, in order (by identity: claims with one id say the same).
    claims = list({id(p.claim): p.claim for p in question.positions}.values())
    if claims:
        # Commonly every claim on a question has the same qualifiers: then none
        # differs, unless two of their names are one name spelled two ways.
        first = claims[0].qualifiers
        if all(c.qualifiers is first or c.qualifiers == first for c in claims) and len(
            {fold(name) for name in first}
        ) == len(first):
            return found
    names: dict[str, str] = {}
    # The answers each qualifier gets, from the distinct claims: a qualifier given
    # one answer throughout differs nowhere, and most do.
    answers: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        for name, value in claim.qualifiers.items():
            folded = fold(name)
            if folded not in keys:
                names.setdefault(folded, name)
                answers[folded].add(value_key(value))
    for folded in sorted(names):
        if len(answers[folded]) < 2:
            continue
        by_value: dict[str, list[tuple[Position, Value]]] = defaultdict(list)
        for position in question.positions:
            for name, value in position.claim.qualifiers.items():
                if fold(name) == folded:
                    by_value[value_key(value)].append((position, value))
        if len(by_value) < 2:
            continue
        groups = [by_value[key] for key in sorted(by_value)]
        sides = tuple(_side(p for p, _ in group) for group in groups)
        summary = f"{names[folded]} differs: " + " vs ".join(
            f"{describe_value(group[0][1])} ({source_names(p for p, _ in group)})"
            for group in groups
        )
        found.append(
            _new_discrepancy(
                kind=DiscrepancyKind.SCOPE,
                subject=question.subject,
                predicate=question.predicate,
                claims=tuple(sorted({c for side in sides for c in side.claims})),
                sources=tuple(sorted({s for side in sides for s in side.sources})),
                sides=sides,
                severity=0.0,
                consistent=(),
                qualifier=names[folded],
                ratio=None,
                difference=None,
                summary=summary + "; a difference of scope, not a conflict",
            )
        )
    return found
