"""Reconciliation: group claims into questions, find where sources disagree, and
estimate each answer under a policy."""

from __future__ import annotations

import enum
import textwrap
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Final

import attrs

from ._canonical import dumps_canonical, encode_qualifiers, encode_value
from ._claimset import ClaimSet
from ._errors import NotFoundError, ValidationError
from ._frozen import FrozenDict
from ._intervals import maximal_groups
from ._model import Attribution, Claim, Source, Stance
from ._quantity import Number, format_number
from ._questions import (
    CERTAINTY_RANK,
    Position,
    Question,
    ValueKind,
    later,
    question_kind,
    representative,
    value_interval,
    value_key,
)
from ._serial import DEFAULT_CONVERTER, FORMAT_VERSION
from ._text import fold, got, short_repr
from ._values import Unknown, Value, describe_value
from .policies import Policy, get_policy

__all__ = [
    "Discrepancy",
    "DiscrepancyKind",
    "Finding",
    "Reconciliation",
    "Side",
    "Status",
    "reconcile",
]


class Status(enum.StrEnum):
    """How settled a finding is.

    .. versionadded:: 0.1.0
    """

    #: Two or more independent sources give values, and none conflict.
    AGREED = "agreed"
    #: Sources give values that cannot all be true, or one denies what another
    #: asserts.
    CONTESTED = "contested"
    #: One independent source gives a value; others at most constrain it.
    SINGLE_SOURCE = "single-source"
    #: No source gives a value; the answer is unknown (perhaps within bounds).
    UNKNOWN = "unknown"


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


@attrs.frozen(kw_only=True, repr=False)
class Discrepancy:
    """Attributions about one question that cannot all be true, or that differ in
    scope or over time. Computed by :func:`reconcile`, never written by hand.

    .. versionadded:: 0.1.0
    """

    #: What kind of disagreement this is.
    kind: DiscrepancyKind
    #: The subject of the question.
    subject: str
    #: The predicate of the question.
    predicate: str
    #: The ids of the claims in disagreement.
    claims: tuple[str, ...]
    #: The ids of their original sources.
    sources: tuple[str, ...]
    #: The sides, the groups of claims that hold together. For a revision, the
    #: source's statements in the order it made them.
    sides: tuple[Side, ...]
    #: For a value conflict, the ids of claims consistent with every side (such as
    #: an unknown with a lower bound below all figures).
    consistent: tuple[str, ...] = ()
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


@attrs.frozen(kw_only=True, repr=False)
class Finding:
    """The reconciled answer to one question.

    .. versionadded:: 0.1.0
    """

    #: The subject, as most sources spell it.
    subject: str
    #: The predicate, as most sources spell it.
    predicate: str
    #: The key qualifiers that define the question, if any.
    qualifiers: Mapping[str, Value]
    #: The reconciled value, or ``None`` if the policy gives none.
    estimate: Value | None
    #: How settled the answer is.
    status: Status
    #: The name of the policy that made the estimate.
    policy: str
    #: The ids of the original sources that support a value, sorted.
    sources: tuple[str, ...]
    #: The attributions behind the supporting positions (relays included).
    attributions: tuple[Attribution, ...]
    #: The attributions that deny or dispute a claim on the question.
    opposing: tuple[Attribution, ...] = ()
    #: Attributions recorded but not counted (superseded by the same source's
    #: later statement, retracted, retractions themselves, and refusals to
    #: confirm).
    set_aside: tuple[Attribution, ...] = ()
    #: The discrepancies on this question.
    discrepancies: tuple[Discrepancy, ...] = ()
    #: How the estimate was reached, in plain language.
    explanation: str = ""

    @property
    def independent_sources(self) -> int:
        """The number of distinct original sources that support a value; relays
        add none."""
        return len(self.sources)

    def explain(self) -> str:
        """How the estimate was reached: the rule, the sources used and set aside,
        and the disagreements, in plain language."""
        return self.explanation

    def __repr__(self) -> str:
        return (
            f"Finding(subject={self.subject!r}, predicate={self.predicate!r}, "
            f"estimate={self.estimate!r}, status={self.status.value!r}, "
            f"independent_sources={self.independent_sources})"
        )


@attrs.frozen(kw_only=True, repr=False)
class Reconciliation:
    """The result of :func:`reconcile`: one finding per question and every
    discrepancy.

    .. versionadded:: 0.1.0
    """

    #: The name of the policy used.
    policy: str
    #: One finding per question, sorted by subject, predicate and key qualifiers.
    findings: tuple[Finding, ...]
    #: Every discrepancy, value and polarity conflicts first.
    discrepancies: tuple[Discrepancy, ...]
    #: The number of attributions of opinions, recorded but not reconciled.
    opinions: int = 0

    def finding(self, subject: str, predicate: str, **qualifiers: Value) -> Finding:
        """The finding on one question, matched as questions are (case, spacing and
        Unicode form do not matter).

        Args:
            subject: The subject.
            predicate: The predicate.
            qualifiers: The key qualifiers of the question, if any.

        Raises:
            NotFoundError: There is no such finding.
        """
        wanted = (fold(subject), fold(predicate), _qualifier_key(qualifiers, qualifiers))
        for finding in self.findings:
            key = (
                fold(finding.subject),
                fold(finding.predicate),
                _qualifier_key(finding.qualifiers, finding.qualifiers),
            )
            if key == wanted:
                return finding
        raise NotFoundError(f"no finding on {subject!r} / {predicate!r}")

    def to_dict(self) -> dict[str, Any]:
        """The reconciliation as JSON-ready data, for programs.

        Findings carry their estimate in the document format's value encoding,
        their supporting, opposing and set-aside attributions as the document
        writes attributions (so they can be matched to the claim set by claim and
        source id), and their explanation. Discrepancies are listed once, at the
        top level, in the order of :attr:`discrepancies`.
        """
        unstructure = DEFAULT_CONVERTER.unstructure
        findings = []
        for finding in self.findings:
            item: dict[str, Any] = {
                "subject": finding.subject,
                "predicate": finding.predicate,
            }
            if finding.qualifiers:
                item["qualifiers"] = encode_qualifiers(finding.qualifiers)
            item["estimate"] = None if finding.estimate is None else encode_value(finding.estimate)
            item["status"] = finding.status.value
            item["independent_sources"] = finding.independent_sources
            item["sources"] = list(finding.sources)
            for name in ("attributions", "opposing", "set_aside"):
                records = getattr(finding, name)
                if records or name == "attributions":
                    item[name] = [unstructure(record) for record in records]
            item["explanation"] = finding.explanation
            findings.append(item)
        return {
            "claimkit": FORMAT_VERSION,
            "policy": self.policy,
            "findings": findings,
            "discrepancies": [unstructure(d) for d in self.discrepancies],
            "opinions": self.opinions,
        }

    def report(self) -> str:
        """A report for people: the findings grouped by status, contested first,
        each with its estimate and explanation, then every discrepancy. This is
        what ``claimkit reconcile`` prints."""
        counts = Counter(finding.status for finding in self.findings)
        summary = ", ".join(
            f"{counts[status]} {status.value}" for status in _REPORT_ORDER if counts[status]
        )
        lines = [
            f"Reconciliation under the {self.policy} policy: "
            f"{_plural(len(self.findings), 'question')}"
            + (f" ({summary})" if summary else "")
            + (
                f"; {_plural(self.opinions, 'opinion')} recorded, not reconciled"
                if self.opinions
                else ""
            )
            + "."
        ]
        for status in _REPORT_ORDER:
            group = [finding for finding in self.findings if finding.status is status]
            if not group:
                continue
            lines += ["", f"{_HEADINGS_BY_STATUS[status]} ({len(group)})"]
            for finding in group:
                title = f"{finding.subject} / {finding.predicate}"
                if finding.qualifiers:
                    title += (
                        " ("
                        + ", ".join(
                            f"{name}: {describe_value(value)}"
                            for name, value in finding.qualifiers.items()
                        )
                        + ")"
                    )
                estimate = "none" if finding.estimate is None else describe_value(finding.estimate)
                lines += ["", f"  {title}", f"    estimate: {estimate}"]
                for line in finding.explanation.splitlines():
                    lines += textwrap.wrap(
                        line, width=_WIDTH, initial_indent="    ", subsequent_indent="      "
                    )
        if self.discrepancies:
            lines += ["", f"Discrepancies ({len(self.discrepancies)})"]
            for discrepancy in self.discrepancies:
                lines += textwrap.wrap(
                    f"{discrepancy.kind.value}: {discrepancy.subject} / "
                    f"{discrepancy.predicate}: {discrepancy.summary}",
                    width=_WIDTH,
                    initial_indent="  ",
                    subsequent_indent="    ",
                )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"<Reconciliation: policy {self.policy!r}, {len(self.findings)} findings, "
            f"{len(self.discrepancies)} discrepancies>"
        )


#: The width the text report wraps to.
_WIDTH: Final = 100
_REPORT_ORDER: Final = (Status.CONTESTED, Status.UNKNOWN, Status.SINGLE_SOURCE, Status.AGREED)
_HEADINGS_BY_STATUS: Final = {
    Status.CONTESTED: "Contested",
    Status.UNKNOWN: "Unknown",
    Status.SINGLE_SOURCE: "Single source",
    Status.AGREED: "Agreed",
}


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


_SUPPORT: Final = frozenset({Stance.ASSERTS, Stance.ACKNOWLEDGES})
_OPPOSE: Final = frozenset({Stance.DENIES, Stance.DISPUTES})
_KIND_ORDER: Final = {
    DiscrepancyKind.VALUE: 0,
    DiscrepancyKind.POLARITY: 1,
    DiscrepancyKind.REVISION: 2,
    DiscrepancyKind.SCOPE: 3,
}


def reconcile(
    claimset: ClaimSet,
    policy: str | Policy = "range",
    *,
    key_qualifiers: Collection[str] = (),
) -> Reconciliation:
    """Reconcile a claim set: one finding per question, and every discrepancy.

    Claims are grouped into questions by subject, predicate and the values of the
    ``key_qualifiers``, after normalisation (Unicode form, case and spacing are
    ignored; a subject that names a source by its id, name or alias is matched to
    it). Other qualifiers are compared and differences reported as scope
    discrepancies.

    For each question, every original source gets one voice: attributions that
    reach us through different relays count once. A source's later statement
    supersedes its earlier, different one (a revision, reported); a retraction
    withdraws its earlier support. What remains is checked for conflicts (values
    whose intervals do not overlap; a source denying what another asserts) and
    estimated by the ``policy``.

    The result does not depend on the order of the records, and duplicated
    attributions or extra relays do not change the findings.

    Args:
        claimset: The claims to reconcile.
        policy: A policy name (see :func:`claimkit.policies.policy_names`) or a
            policy object.
        key_qualifiers: Names of the qualifiers that define a question, for
            example ``["point in time"]`` when figures for different years are
            different questions. Claims without a key qualifier form their own
            question.

    Raises:
        ReconciliationError: One question mixes kinds of values (numbers and
            dates) or quantities in different units.
        NotFoundError: No policy has the given name.

    >>> from claimkit import examples
    >>> result = reconcile(examples.load("makiivka"))
    >>> killed = result.finding("Makiivka strike", "Russian soldiers killed")
    >>> print(killed.estimate, "|", killed.status)
    between 63 and 400 | contested

    .. versionadded:: 0.1.0
    """
    if not isinstance(claimset, ClaimSet):
        raise ValidationError(f"expected a ClaimSet, {got(claimset)}", path="claimset")
    chosen = get_policy(policy)
    if isinstance(key_qualifiers, str):
        key_qualifiers = (key_qualifiers,)
    keys = frozenset(fold(name) for name in key_qualifiers)
    tolerance = Fraction(repr(float(chosen.tolerance)))
    groups, opinions = _group(claimset, keys)
    findings = [
        _finding(statements, claimset, chosen, tolerance, keys)
        for _, statements in sorted(groups.items())
    ]
    discrepancies = sorted(
        (d for finding in findings for d in finding.discrepancies),
        key=lambda d: (_KIND_ORDER[d.kind], fold(d.subject), fold(d.predicate), d.claims),
    )
    return Reconciliation(
        policy=chosen.name,
        findings=tuple(findings),
        discrepancies=tuple(discrepancies),
        opinions=opinions,
    )


# -- grouping -----------------------------------------------------------------------

Statement = tuple[Attribution, Claim]
QuestionKey = tuple[str, str, tuple[tuple[str, str], ...]]


def _aliases(sources: Iterable[Source]) -> dict[str, str]:
    names: dict[str, str] = {}
    for source in sorted(sources, key=lambda s: s.id):
        for name in (source.id, source.name, *source.aliases):
            names.setdefault(fold(name), source.id)
    return names


def _qualifier_key(
    qualifiers: Mapping[str, Value], keys: Collection[str]
) -> tuple[tuple[str, str], ...]:
    folded = {fold(name): value for name, value in qualifiers.items()}
    return tuple(sorted((name, value_key(folded[name])) for name in keys if name in folded))


def _group(
    claimset: ClaimSet, keys: frozenset[str]
) -> tuple[dict[QuestionKey, list[Statement]], int]:
    aliases = _aliases(claimset.sources.values())
    claims = claimset.claims
    groups: dict[QuestionKey, list[Statement]] = defaultdict(list)
    opinions = 0
    question_of: dict[str, QuestionKey] = {}
    for attribution in claimset.attributions:
        claim = claims[attribution.claim]
        if claim.opinion:
            opinions += 1
            continue
        key = question_of.get(claim.id)
        if key is None:
            subject = fold(claim.subject)
            subject = "\x00source:" + aliases[subject] if subject in aliases else subject
            key = (subject, fold(claim.predicate), _qualifier_key(claim.qualifiers, keys))
            question_of[claim.id] = key
        groups[key].append((attribution, claim))
    return groups, opinions


# -- one question -------------------------------------------------------------------


@attrs.define
class _Draft:
    """A position being assembled from a source's statements."""

    source: Source
    claim: Claim
    supports: bool
    attributions: list[Attribution]

    @property
    def stated(self) -> Any:
        dates = [a.stated for a in self.attributions if a.stated is not None]
        return max(dates) if dates else None

    def freeze(self) -> Position:
        certainty = max((a.certainty for a in self.attributions), key=CERTAINTY_RANK.__getitem__)
        return Position(
            source=self.source,
            claim=self.claim,
            supports=self.supports,
            stated=self.stated,
            certainty=certainty,
            attributions=tuple(self.attributions),
        )


def _finding(
    statements: list[Statement],
    claimset: ClaimSet,
    policy: Policy,
    tolerance: Fraction,
    keys: frozenset[str],
) -> Finding:
    sources = claimset.sources
    # The spelling that most sources use: relays and repeats do not change it.
    subject = _most_common({(a.source, claim.subject) for a, claim in statements})
    predicate = _most_common({(a.source, claim.predicate) for a, claim in statements})
    by_source: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        by_source[statement[0].source].append(statement)

    positions: list[Position] = []
    set_aside: list[tuple[Attribution, str]] = []
    discrepancies: list[Discrepancy] = []
    for source_id in sorted(by_source):
        current, aside, revision = _positions(sources[source_id], by_source[source_id])
        positions += current
        set_aside += aside
        if revision is not None:
            discrepancies.append(revision(subject, predicate))

    affirming = [p for p in positions if p.supports != p.claim.negated]
    opposing = [p for p in positions if p.supports == p.claim.negated]
    kind, unit = question_kind(subject, predicate, [p.value for p in positions])
    key_claim = statements[0][1]
    qualifiers = FrozenDict(
        {name: value for name, value in key_claim.qualifiers.items() if fold(name) in keys}
    )
    question = Question(
        subject=subject,
        predicate=predicate,
        qualifiers=qualifiers,
        kind=kind,
        unit=unit,
        positions=tuple(p for p in affirming),
        opposing=tuple(opposing),
    )
    conflict = _value_conflict(question, tolerance)
    if conflict is not None:
        discrepancies.append(conflict)
    discrepancies += _polarity_conflicts(question)
    discrepancies += _scope_differences(question, keys)

    voices = {p.source.id for p in question.valued}
    if any(d.kind in (DiscrepancyKind.VALUE, DiscrepancyKind.POLARITY) for d in discrepancies):
        status = Status.CONTESTED
    elif not voices:
        status = Status.UNKNOWN
    elif len(voices) == 1:
        status = Status.SINGLE_SOURCE
    else:
        status = Status.AGREED

    estimate = policy.estimate(question) if question.positions else None
    discrepancies.sort(key=lambda d: (_KIND_ORDER[d.kind], d.claims))
    finding = Finding(
        subject=subject,
        predicate=predicate,
        qualifiers=qualifiers,
        estimate=None if estimate is None else estimate.value,
        status=status,
        policy=policy.name,
        sources=tuple(sorted({p.source.id for p in question.positions})),
        attributions=_ordered(a for p in question.positions for a in p.attributions),
        opposing=_ordered(a for p in opposing for a in p.attributions),
        set_aside=_ordered(a for a, _ in set_aside),
        discrepancies=tuple(discrepancies),
    )
    explanation = _explain(
        finding, question, policy, estimate.detail if estimate else "", set_aside, claimset
    )
    return attrs.evolve(finding, explanation=explanation)


def _most_common(uses: Iterable[tuple[str, str]]) -> str:
    counts = Counter(spelling for _, spelling in uses)
    return min(counts, key=lambda spelling: (-counts[spelling], spelling))


def _ordered(attributions: Iterable[Attribution]) -> tuple[Attribution, ...]:
    unique = set(attributions)
    return tuple(sorted(unique, key=lambda a: (a.claim, a.source, str(a.stated), a.via, a.id)))


def _positions(
    source: Source, statements: list[Statement]
) -> tuple[list[Position], list[tuple[Attribution, str]], Any]:
    """One source's current positions on a question, what it set aside (and why),
    and its revision (as a function of subject and predicate), if it revised."""
    drafts: dict[tuple[str, bool], _Draft] = {}
    aside: list[tuple[Attribution, str]] = []
    retractions: list[Statement] = []
    for attribution, claim in statements:
        if attribution.stance in _SUPPORT or attribution.stance in _OPPOSE:
            supports = attribution.stance in _SUPPORT
            draft = drafts.get((claim.id, supports))
            if draft is None:
                drafts[(claim.id, supports)] = _Draft(source, claim, supports, [attribution])
            else:
                draft.attributions.append(attribution)
        elif attribution.stance is Stance.RETRACTS:
            retractions.append((attribution, claim))
            aside.append((attribution, "a retraction"))
        else:  # declines to confirm: recorded, supports nothing
            aside.append((attribution, "declined to confirm"))

    for retraction, claim in retractions:
        when = f" on {retraction.stated}" if retraction.stated else ""
        for key, draft in list(drafts.items()):
            if draft.claim.id == claim.id and not later(draft.stated, retraction.stated):
                aside += [(a, f"retracted{when}") for a in draft.attributions]
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
    kept = [draft for draft in current if draft not in superseded]
    for draft in superseded:
        newer = max((d.stated for d in kept if d.stated is not None), default=None)
        aside += [(a, f"superseded by its statement of {newer}") for a in draft.attributions]
    revision = None
    if superseded:
        timeline = sorted(
            superseded + kept, key=lambda d: (d.stated is None, d.stated or 0, d.claim.id)
        )
        revision = _revision(source, timeline)
    return [draft.freeze() for draft in kept], aside, revision


def _revision(source: Source, timeline: Sequence[_Draft]) -> Any:
    def build(subject: str, predicate: str) -> Discrepancy:
        steps = [draft.freeze() for draft in timeline]
        summary = f"{source.name} changed its position: " + " → ".join(
            position.label() for position in steps
        )
        claims = tuple(dict.fromkeys(step.claim.id for step in steps))
        return Discrepancy(
            kind=DiscrepancyKind.REVISION,
            subject=subject,
            predicate=predicate,
            claims=claims,
            sources=(source.id,),
            sides=tuple(Side(claims=(step.claim.id,), sources=(source.id,)) for step in steps),
            summary=summary,
        )

    return build


def _side(positions: Iterable[Position]) -> Side:
    items = list(positions)
    return Side(
        claims=tuple(sorted({p.claim.id for p in items})),
        sources=tuple(sorted({p.source.id for p in items})),
    )


def _value_conflict(question: Question, tolerance: Fraction) -> Discrepancy | None:
    positions = question.positions
    if len(positions) < 2:
        return None
    texts = {
        key: index
        for index, key in enumerate(
            sorted({value_key(p.value) for p in positions if isinstance(p.value, str | bool)})
        )
    }
    intervals = [value_interval(p.value, tolerance, texts) for p in positions]
    groups = maximal_groups(intervals)
    if len(groups) < 2:
        return None
    everywhere = frozenset.intersection(*groups)
    conflicting = [p for index, p in enumerate(positions) if index not in everywhere]
    consistent = [p for index, p in enumerate(positions) if index in everywhere]
    sides = [_side(positions[index] for index in sorted(group - everywhere)) for group in groups]
    figures = [figure for p in conflicting if (figure := representative(p.value)) is not None]
    ratio: float | None = None
    difference: Number | None = None
    if question.kind is ValueKind.NUMBER and len(figures) >= 2:
        lowest, highest = min(figures), max(figures)
        difference = highest - lowest
        ratio = highest / lowest if lowest > 0 else None
    summary = " vs ".join(
        ", ".join(
            p.label()
            for p in positions
            if p.claim.id in side.claims and p.source.id in side.sources
        )
        for side in sides
    )
    if ratio is not None:
        summary += (
            f"; the highest figure is {_times(ratio)} the lowest "
            f"(a difference of {format_number(difference) if difference is not None else '?'})"
        )
    if consistent:
        summary += "; consistent with every side: " + ", ".join(p.label() for p in consistent)
    return Discrepancy(
        kind=DiscrepancyKind.VALUE,
        subject=question.subject,
        predicate=question.predicate,
        claims=tuple(sorted({p.claim.id for p in conflicting})),
        sources=tuple(sorted({p.source.id for p in conflicting})),
        sides=tuple(sides),
        consistent=tuple(sorted({p.claim.id for p in consistent})),
        ratio=ratio,
        difference=difference,
        summary=summary,
    )


def _times(ratio: float) -> str:
    return f"{ratio:.1f} times" if ratio < 100 else f"{ratio:,.0f} times"


def _content(claim: Claim) -> str:
    """What a claim says, whichever way round: its value and qualifiers."""
    return (
        value_key(claim.value) + "|" + dumps_canonical(encode_qualifiers(claim.qualifiers)).decode()
    )


def _polarity_conflicts(question: Question) -> list[Discrepancy]:
    found = []
    by_content: dict[str, list[Position]] = defaultdict(list)
    for position in question.opposing:
        by_content[_content(position.claim)].append(position)
    for content in sorted(by_content):
        against = by_content[content]
        no_value = isinstance(against[0].value, Unknown) and against[0].value == Unknown()
        backing = [p for p in question.positions if no_value or _content(p.claim) == content]
        if not backing:
            continue
        backing_side, against_side = _side(backing), _side(against)
        what = "that there is no value" if no_value else describe_value(against[0].value)
        summary = (
            ", ".join(p.source.name for p in against)
            + f" {'deny' if len(against) > 1 else 'denies'} {what}; "
            + ", ".join(p.label() for p in backing)
        )
        found.append(
            Discrepancy(
                kind=DiscrepancyKind.POLARITY,
                subject=question.subject,
                predicate=question.predicate,
                claims=tuple(sorted(set(backing_side.claims) | set(against_side.claims))),
                sources=tuple(sorted(set(backing_side.sources) | set(against_side.sources))),
                sides=(backing_side, against_side),
                summary=summary,
            )
        )
    return found


def _scope_differences(question: Question, keys: frozenset[str]) -> list[Discrepancy]:
    found = []
    names: dict[str, str] = {}
    for position in question.positions:
        for name in position.claim.qualifiers:
            if fold(name) not in keys:
                names.setdefault(fold(name), name)
    for folded in sorted(names):
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
            f"{describe_value(group[0][1])} ({_names(p for p, _ in group)})" for group in groups
        )
        found.append(
            Discrepancy(
                kind=DiscrepancyKind.SCOPE,
                subject=question.subject,
                predicate=question.predicate,
                claims=tuple(sorted({c for side in sides for c in side.claims})),
                sources=tuple(sorted({s for side in sides for s in side.sources})),
                sides=sides,
                qualifier=names[folded],
                summary=summary + "; a difference of scope, not a conflict",
            )
        )
    return found


_HEADINGS: Final = {
    DiscrepancyKind.VALUE: "Value conflict",
    DiscrepancyKind.POLARITY: "Polarity conflict",
    DiscrepancyKind.SCOPE: "Scope difference",
    DiscrepancyKind.REVISION: "Revision",
}


def _names(positions: Iterable[Position]) -> str:
    return ", ".join(sorted({position.source.name for position in positions}))


def _explain(
    finding: Finding,
    question: Question,
    policy: Policy,
    detail: str,
    set_aside: Sequence[tuple[Attribution, str]],
    claimset: ClaimSet,
) -> str:
    lines = [f"{policy.name}: {detail or 'no source supports a value'}."]
    valued = {p.source.id: p.source.name for p in question.valued}
    others = [p for p in question.positions if p.source.id not in valued]
    names = "; ".join(sorted({p.source.name for p in question.positions}))
    count = finding.independent_sources
    sources = f"{count} independent source{'s' if count != 1 else ''}"
    if finding.status is Status.CONTESTED:
        lines.append(f"Contested: {sources} ({names}) cannot all be right.")
    elif finding.status is Status.AGREED:
        lines.append(f"Agreed: {sources} ({names}) give consistent values.")
    elif finding.status is Status.SINGLE_SOURCE:
        (only,) = valued.values()
        line = f"Single source: only {only} gives a value"
        if others:
            line += "; consistent with it: " + ", ".join(p.label() for p in others)
        lines.append(line + ".")
    else:
        lines.append("Unknown: no source gives a value.")
    for discrepancy in finding.discrepancies:
        lines.append(f"{_HEADINGS[discrepancy.kind]}: {discrepancy.summary}.")
    reasons: dict[str, set[str]] = defaultdict(set)
    for attribution, reason in set_aside:
        value = describe_value(claimset.claims[attribution.claim].value)
        who = claimset.sources[attribution.source].name
        when = f", {attribution.stated}" if attribution.stated else ""
        reasons[f"{value} ({who}{when})"].add(reason)
    for label in sorted(reasons):
        lines.append(f"Set aside: {label}, {'; '.join(sorted(reasons[label]))}.")
    return "\n".join(lines)
