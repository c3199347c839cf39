"""Reconciliation: group claims into questions, find where sources disagree, and
estimate each answer under a policy."""

from __future__ import annotations

import enum
import textwrap
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any, Final, get_args

import attrs

from ._analysis import (
    KIND_ORDER,
    Analysis,
    Discrepancy,
    DiscrepancyKind,
    Independence,
    Revisions,
    Statement,
    analyse,
)
from ._canonical import encode_qualifiers, encode_value
from ._claimset import ClaimSet, Record, by_claim
from ._errors import NotFoundError, ValidationError
from ._frozen import FrozenDict, freeze_weights
from ._gc import collector_paused
from ._model import Attribution, Claim, Source, _enum, attribution_sort_key
from ._questions import Position, Question, unchecked_builder, value_key
from ._serial import DEFAULT_CONVERTER, FORMAT_VERSION
from ._text import check_text, fold, got, key_path
from ._values import Value, as_value, describe_value
from .policies import Estimate, Policy, get_policy

__all__ = ["Finding", "Partial", "Reconciliation", "Status", "reconcile"]


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


def _status(value: Status | str) -> Status:
    return _enum(Status, value, "status")


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
    #: How settled the answer is (given as a member or its value, ``"contested"``).
    status: Status = attrs.field(converter=_status)
    #: The name of the policy that made the estimate.
    policy: str
    #: The ids of the original sources that support a value, sorted.
    sources: tuple[str, ...]
    #: The parties of those sources (their affiliations; a source without one is
    #: its own party), sorted.
    parties: tuple[str, ...]
    #: The number of independent voices that support a value (distinct original
    #: sources, or distinct parties when reconciling with independence by
    #: affiliation), those that only bound it included: "there were dead" counts
    #: as a voice on the number killed, though it gives no figure, so a
    #: single-source finding can have two. Relays add none.
    independent_sources: int
    #: The attributions behind the supporting positions (relays included).
    attributions: tuple[Attribution, ...]
    #: The attributions that deny or dispute a claim on the question.
    opposing: tuple[Attribution, ...] = ()
    #: Attributions recorded but not counted (superseded by the same source's
    #: later statement, retracted, retractions themselves, and refusals to
    #: confirm).
    set_aside: tuple[Attribution, ...] = ()
    #: The discrepancies on this question, the most severe first.
    discrepancies: tuple[Discrepancy, ...] = ()
    #: How much of the weight of evidence backs the estimate (0 to 1), for
    #: policies that weigh evidence; ``None`` otherwise.
    confidence: float | None = None
    #: How the estimate was reached, in plain language.
    explanation: str = ""

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


#: A finding as reconciliation builds it, every field given and already of its type.
_new_finding: Final = unchecked_builder(Finding)


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
    #: Every discrepancy, the most severe first.
    discrepancies: tuple[Discrepancy, ...]
    #: The number of attributions of opinions, recorded but not reconciled.
    opinions: int = 0
    #: How independence was counted, ``"source"`` or ``"affiliation"``.
    independence: str = "source"
    #: The trust the policy learned for each source (by id), for policies that
    #: learn it.
    trust: Mapping[str, float] = attrs.field(factory=FrozenDict, converter=freeze_weights)
    #: A note from the policy on its run, such as how many rounds it took.
    note: str = ""

    def finding(self, subject: str, predicate: str, **qualifiers: Value) -> Finding:
        """The finding on one question, matched as questions are (case, spacing and
        Unicode form do not matter).

        Args:
            subject: The subject.
            predicate: The predicate.
            qualifiers: The key qualifiers of the question, if any.

        Raises:
            NotFoundError: There is no such finding.
            ValidationError: An argument is not text, or a qualifier not a value
                (values are taken as :class:`Claim` takes them: ``2023`` is an
                exact quantity).
        """
        check_text(subject, "subject")
        check_text(predicate, "predicate")
        values = {
            name: as_value(value, "qualifiers" + key_path(name))
            for name, value in qualifiers.items()
        }
        wanted = (fold(subject), fold(predicate), _qualifier_key(values, values))
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
        top level, the most severe first.
        """
        unstructure = DEFAULT_CONVERTER.unstructure
        findings = []
        for finding in self.findings:
            item: dict[str, Any] = {"subject": finding.subject, "predicate": finding.predicate}
            if finding.qualifiers:
                item["qualifiers"] = encode_qualifiers(finding.qualifiers)
            item["estimate"] = None if finding.estimate is None else encode_value(finding.estimate)
            item["status"] = finding.status.value
            item["independent_sources"] = finding.independent_sources
            item["sources"] = list(finding.sources)
            item["parties"] = list(finding.parties)
            if finding.confidence is not None:
                item["confidence"] = finding.confidence
            for name in ("attributions", "opposing", "set_aside"):
                records = getattr(finding, name)
                if records or name == "attributions":
                    item[name] = [unstructure(record) for record in records]
            item["explanation"] = finding.explanation
            findings.append(item)
        result: dict[str, Any] = {
            "claimkit": FORMAT_VERSION,
            "policy": self.policy,
            "independence": self.independence,
            "findings": findings,
            "discrepancies": [unstructure(d) for d in self.discrepancies],
            "opinions": self.opinions,
        }
        if self.trust:
            result["trust"] = dict(self.trust)
        if self.note:
            result["note"] = self.note
        return result

    def report(self) -> str:
        """A report for people: the findings grouped by status, contested first,
        each with its estimate and explanation, then every discrepancy, the most
        severe first. This is what ``claimkit reconcile`` prints."""
        counts = Counter(finding.status for finding in self.findings)
        summary = ", ".join(
            f"{counts[status]} {status.value}" for status in _REPORT_ORDER if counts[status]
        )
        heading = (
            f"Reconciliation under the {self.policy} policy: "
            f"{_plural(len(self.findings), 'question')}" + (f" ({summary})" if summary else "")
        )
        if self.opinions:
            heading += f"; {_plural(self.opinions, 'opinion')} recorded, not reconciled"
        lines = [heading + "."]
        if self.independence == "affiliation":
            lines.append("Sources of one affiliation count as one independent voice.")
        if self.note:
            lines.append(self.note[0].upper() + self.note[1:] + ".")
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
        if self.trust:
            lines += ["", "Learned source trust"]
            for source, value in sorted(self.trust.items(), key=lambda item: (-item[1], item[0])):
                lines.append(f"  {value:7.3f}  {source}")
        if self.discrepancies:
            lines += ["", f"Discrepancies ({len(self.discrepancies)}), the most severe first"]
            for discrepancy in self.discrepancies:
                lines += textwrap.wrap(
                    f"{discrepancy.kind.value} ({discrepancy.severity:.2f}): "
                    f"{discrepancy.subject} / {discrepancy.predicate}: {discrepancy.summary}",
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
_HEADINGS: Final = {
    DiscrepancyKind.VALUE: "Value conflict",
    DiscrepancyKind.POLARITY: "Polarity conflict",
    DiscrepancyKind.SCOPE: "Scope difference",
    DiscrepancyKind.REVISION: "Revision",
}


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# -- partial results ----------------------------------------------------------------

#: A question as grouped in a partial result, before source aliases are applied:
#: folded subject, folded predicate, and the key qualifiers' values.
_RawKey = tuple[str, str, tuple[tuple[str, str], ...]]


#: The distinct statements of a group: a tuple as :meth:`Partial._build` makes it
#: (building a set would hash every statement, for nothing), a frozenset once groups
#: are combined.
_Statements = tuple[Statement, ...] | frozenset[Statement]


def _union(a: _Statements, b: _Statements) -> frozenset[Statement]:
    """The distinct statements of two groups."""
    return _as_set(a).union(b)


def _as_set(items: _Statements) -> frozenset[Statement]:
    return items if isinstance(items, frozenset) else frozenset(items)


def _as_sets(groups: Mapping[_RawKey, _Statements]) -> dict[_RawKey, frozenset[Statement]]:
    """Groups with their statements as sets, to compare."""
    return {key: _as_set(items) for key, items in groups.items()}


def _qualifier_key(
    qualifiers: Mapping[str, Value], keys: Collection[str]
) -> tuple[tuple[str, str], ...]:
    if not keys or not qualifiers:
        return ()
    folded = {fold(name): value for name, value in qualifiers.items()}
    wanted = {fold(name) for name in keys}
    return tuple(sorted((name, value_key(folded[name])) for name in wanted if name in folded))


class Partial:
    """A partial reconciliation of part of a claim set, to be combined with others.

    A partial result holds the statements of its part grouped by question, with the
    sources and claims they need: everything reconciliation needs and nothing more.
    Partial results combine with ``|`` (or :meth:`combine`), an associative and
    commutative operation whose identity is ``Partial()``; duplicates combine away.
    Finishing the combination of the partials of any split of a claim set gives
    exactly the reconciliation of the whole::

        Partial.of(a).combine(Partial.of(b)).finish("range") == reconcile(a | b, "range")

    A part need not be a claim set: :meth:`from_records` takes any run of records,
    such as one partition of a JSON Lines file, whose attributions may name claims
    and sources that only other parts hold. Such attributions wait in the partial
    until a combination brings their claim.

    This is what lets claimkit reconcile, on a distributed engine, collections too
    large for one machine (see :mod:`claimkit.dask`): each worker computes partials
    of its part, and the partials are combined in any order and grouping.

    Args:
        key_qualifiers: As for :func:`reconcile`; every partial to be combined
            must use the same.

    .. versionadded:: 0.1.0
    """

    __slots__ = ("_claims", "_complete", "_groups", "_keys", "_opinions", "_pending", "_sources")

    _keys: frozenset[str]
    _sources: dict[str, Source]
    _claims: dict[str, Claim]
    # Each group's statements, distinct: a tuple as built from one part, a frozenset
    # once combined (see _Statements).
    _groups: dict[_RawKey, _Statements]
    _opinions: frozenset[Attribution]
    _pending: dict[str, frozenset[Attribution]]
    # Whether every attribution is known to name a claim and sources the partial
    # holds, as in a claim set (which refuses any that does not): then
    # _check_complete has nothing to look for.
    _complete: bool

    def __init__(self, *, key_qualifiers: Collection[str] = ()) -> None:
        self._keys = _keys(key_qualifiers)
        self._sources = {}
        self._claims = {}
        self._groups = {}
        self._opinions = frozenset()
        self._pending = {}
        self._complete = True  # nothing to name anything

    @classmethod
    def of(cls, claimset: ClaimSet, *, key_qualifiers: Collection[str] = ()) -> Partial:
        """The partial result of one claim set (one part of a larger collection).

        Raises:
            ValidationError: ``claimset`` is not a :class:`~claimkit.ClaimSet`.
        """
        if not isinstance(claimset, ClaimSet):
            raise ValidationError(f"expected a ClaimSet, {got(claimset)}", path="claimset")
        # The order does not matter here (statements are sorted per question when
        # finished), so the claim set's unordered attributions serve.
        return cls._build(
            dict(claimset.sources),
            dict(claimset.claims),
            claimset._attributions,
            key_qualifiers,
            distinct=True,  # a claim set's attributions are a set
            complete=True,  # and name only its claims and sources
        )

    @classmethod
    def from_records(
        cls, records: Iterable[Record], *, key_qualifiers: Collection[str] = ()
    ) -> Partial:
        """The partial result of a run of records in any order, such as one
        partition of a JSON Lines file (see :func:`~claimkit.iter_jsonl`).

        Attributions may name claims and sources that are in other parts; they are
        matched when the parts are combined, and :meth:`finish` refuses any that
        never are. Reading the records one at a time, the partial holds only what
        reconciliation needs: no document and no :class:`~claimkit.ClaimSet`.

        Raises:
            ValidationError: An item is not a record, or two sources share an id
                with different content.
        """
        sources: dict[str, Source] = {}
        claims: dict[str, Claim] = {}
        attributions: list[Attribution] = []
        for index, record in enumerate(records):
            if isinstance(record, Attribution):
                attributions.append(record)
            elif isinstance(record, Claim):
                claims[record.id] = record
            elif isinstance(record, Source):
                if sources.setdefault(record.id, record) != record:
                    raise _redefined(record.id)
            else:
                raise ValidationError(
                    f"expected a Source, Claim or Attribution, {got(record)}",
                    path=f"records[{index}]",
                )
        return cls._build(sources, claims, attributions, key_qualifiers)

    @classmethod
    def _build(
        cls,
        sources: dict[str, Source],
        claims: dict[str, Claim],
        attributions: Iterable[Attribution],
        key_qualifiers: Collection[str],
        *,
        distinct: bool = False,
        complete: bool = False,
    ) -> Partial:
        """The partial result of ``attributions`` (``distinct`` if no two are
        equal, as in a claim set; ``complete`` if each names a claim and sources
        among ``claims`` and ``sources``, as in a claim set) with their ``sources``
        and ``claims``."""
        partial = cls(key_qualifiers=key_qualifiers)
        with collector_paused():
            # The attributions by claim: each claim's go to one group together, so
            # its group is found once per claim, not once per attribution.
            grouped = by_claim(attributions)
            groups: dict[_RawKey, list[Statement]] = {}
            opinions: list[Attribution] = []
            pending: dict[str, frozenset[Attribution]] = {}
            for claim_id, made in grouped.items():
                own = made if distinct else list(dict.fromkeys(made))
                claim = claims.get(claim_id)
                if claim is None:
                    pending[claim_id] = frozenset(own)
                elif claim.opinion:
                    opinions += own
                else:
                    statements = [(attribution, claim) for attribution in own]
                    key = partial._key(claim)
                    group = groups.get(key)
                    if group is None:
                        groups[key] = statements
                    else:
                        group += statements
            # Distinct already: each attribution once, each with its one claim.
            partial._groups = {key: tuple(items) for key, items in groups.items()}
            partial._opinions = frozenset(opinions)
            partial._pending = pending
        partial._sources = sources
        partial._claims = claims
        partial._complete = complete
        return partial

    def _key(self, claim: Claim) -> _RawKey:
        return (
            fold(claim.subject),
            fold(claim.predicate),
            _qualifier_key(claim.qualifiers, self._keys),
        )

    def combine(self, *others: Partial) -> Partial:
        """The combination of this partial result and ``others``.

        Raises:
            ValidationError: The partials use different key qualifiers, or define
                one source id differently.
        """
        combined = self
        for other in others:
            combined = combined | other
        return combined

    def __or__(self, other: object) -> Partial:
        if not isinstance(other, Partial):
            return NotImplemented
        if other._keys != self._keys:
            raise ValidationError(
                "partial results with different key qualifiers cannot be combined",
                path="key_qualifiers",
            )
        conflicts = sorted(
            key
            for key in self._sources.keys() & other._sources.keys()
            if self._sources[key] != other._sources[key]
        )
        if conflicts:
            raise _redefined(conflicts[0], "in the two parts")
        combined = Partial.__new__(Partial)
        combined._keys = self._keys
        combined._sources = {**self._sources, **other._sources}
        combined._claims = {**self._claims, **other._claims}
        groups = dict(self._groups)
        for key, items in other._groups.items():
            groups[key] = _union(groups[key], items) if key in groups else items
        opinions = self._opinions | other._opinions
        pending: dict[str, frozenset[Attribution]] = {}
        for side in (self._pending, other._pending):
            for claim_id, waiting in side.items():
                pending[claim_id] = pending[claim_id] | waiting if claim_id in pending else waiting
        for claim_id in [key for key in pending if key in combined._claims]:
            # The other part brought the claim these attributions were waiting for.
            claim = combined._claims[claim_id]
            waiting = pending.pop(claim_id)
            if claim.opinion:
                opinions |= waiting
            else:
                key = combined._key(claim)
                statements = frozenset((attribution, claim) for attribution in waiting)
                groups[key] = _union(groups[key], statements) if key in groups else statements
        combined._groups = groups
        combined._opinions = opinions
        combined._pending = pending
        # What names only what its own part holds names only what the union holds.
        combined._complete = self._complete and other._complete
        return combined

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Partial):
            return NotImplemented
        return (
            self._keys == other._keys
            and self._sources == other._sources
            and self._claims == other._claims
            and _as_sets(self._groups) == _as_sets(other._groups)
            and self._opinions == other._opinions
            and self._pending == other._pending
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        statements = sum(len(items) for items in self._groups.values())
        waiting = sum(len(items) for items in self._pending.values())
        return (
            f"<Partial: {_plural(len(self._groups), 'group')}, "
            f"{_plural(statements, 'statement')}, {_plural(len(self._sources), 'source')}"
            + (f", {waiting} waiting for their claim" if waiting else "")
            + ">"
        )

    def _check_complete(self) -> None:
        """Refuse attributions whose claim or sources never arrived."""
        if self._complete:
            return
        problems = [
            ValidationError(
                f"names claim {claim_id!r}, which is not in the set", path=_where(attribution)
            )
            for claim_id in sorted(self._pending)
            for attribution in sorted(self._pending[claim_id], key=attribution_sort_key)
        ]
        sources = self._sources
        groups = self._groups.values()
        opinions = self._opinions
        if not problems:
            # The commonest case, checked at once: every source is there.
            # Set comprehensions: one frame each, no generator to resume per item.
            named = {attribution.source for items in groups for attribution, _ in items}
            relays = {
                relay for items in groups for attribution, _ in items for relay in attribution.via
            }
            named |= relays
            named |= {attribution.source for attribution in opinions}
            named |= {relay for attribution in opinions for relay in attribution.via}
            if named.issubset(sources):
                return
        # In the order of the sets the groups were before they could be tuples.
        everyone = [*opinions, *(a for items in groups for a, _ in _as_set(items))]
        for attribution in everyone:
            for field, key in (("source", attribution.source), *_relays(attribution)):
                if key not in sources:
                    problems.append(
                        ValidationError(
                            f"names source {key!r}, which is not in the set",
                            path=_where(attribution, field),
                        )
                    )
        if problems:
            raise ValidationError.collect(problems)

    def finish(
        self,
        policy: str | Policy = "range",
        *,
        independence: Independence = "source",
        revisions: Revisions = "supersede",
        include_deprecated: bool = False,
    ) -> Reconciliation:
        """Reconcile the combined parts.

        Takes the arguments of :func:`reconcile` other than the claim set and the
        key qualifiers, which the partial results carry.
        """
        with collector_paused():
            return self._finish(policy, independence, revisions, include_deprecated)

    def _finish(
        self,
        policy: str | Policy,
        independence: Independence,
        revisions: Revisions,
        include_deprecated: bool,
    ) -> Reconciliation:
        chosen = get_policy(policy)
        self._check_complete()
        if independence not in get_args(Independence):
            raise ValidationError(
                f"expected 'source' or 'affiliation', {got(independence)}", path="independence"
            )
        if revisions not in get_args(Revisions):
            raise ValidationError(
                f"expected 'supersede' or 'keep', {got(revisions)}", path="revisions"
            )
        tolerance = Fraction(repr(float(chosen.tolerance)))
        aliases = _aliases(self._sources.values())
        merged: dict[_RawKey, _Statements] = {}
        for (subject, predicate, qualifiers), items in self._groups.items():
            named = aliases.get(subject)
            key = ("\x00source:" + named if named else subject, predicate, qualifiers)
            merged[key] = _union(merged[key], items) if key in merged else items
        analyses = [
            analyse(
                _in_statement_order(merged[key]),
                self._sources,
                self._keys,
                tolerance,
                independence,
                revisions,
                include_deprecated,
            )
            for key in sorted(merged)
        ]
        result = chosen.estimates([analysis.question for analysis in analyses])
        if len(result.estimates) != len(analyses):
            raise ValidationError(
                f"policy {chosen.name!r} returned {len(result.estimates)} estimates "
                f"for {len(analyses)} questions",
                path="policy",
            )
        findings = [
            _finding(analysis, estimate, chosen, self._sources, independence)
            for analysis, estimate in zip(analyses, result.estimates, strict=True)
        ]
        discrepancies = sorted(
            (d for finding in findings for d in finding.discrepancies),
            key=lambda d: (
                -d.severity,
                KIND_ORDER[d.kind],
                fold(d.subject),
                fold(d.predicate),
                d.claims,
            ),
        )
        return Reconciliation(
            policy=chosen.name,
            findings=tuple(findings),
            discrepancies=tuple(discrepancies),
            opinions=len(self._opinions),
            independence=independence,
            trust=result.trust,
            note=result.note,
        )


def _redefined(source_id: str, where: str = "") -> ValidationError:
    return ValidationError(
        f"source id {source_id!r} is defined differently{' ' + where if where else ''}",
        path=f"sources[{source_id!r}]",
    )


def _where(attribution: Attribution, field: str = "claim") -> str:
    """The path of a field of an attribution that has no place in a document."""
    return f"attribution[claim={attribution.claim!r}, source={attribution.source!r}].{field}"


def _relays(attribution: Attribution) -> Iterator[tuple[str, str]]:
    for index, relay in enumerate(attribution.via):
        yield f"via[{index}]", relay


def _keys(key_qualifiers: Collection[str]) -> frozenset[str]:
    if isinstance(key_qualifiers, str):
        key_qualifiers = (key_qualifiers,)
    return frozenset(fold(name) for name in key_qualifiers)


def _aliases(sources: Iterable[Source]) -> dict[str, str]:
    names: dict[str, str] = {}
    for source in sorted(sources, key=lambda s: s.id):
        for name in (source.id, source.name, *source.aliases):
            names.setdefault(fold(name), source.id)
    return names


def _statement_key(statement: Statement) -> tuple[object, ...]:
    return attribution_sort_key(statement[0])


def _in_statement_order(statements: Collection[Statement]) -> list[Statement]:
    """``statements`` sorted by :func:`_statement_key`.

    The key starts with the claim id and the source; distinct statements rarely
    share both, and when none do, those two decide the order alone, without building
    the whole key of every attribution.
    """
    items = list(statements)
    firsts = [(attribution.claim, attribution.source) for attribution, _ in items]
    if len(set(firsts)) < len(firsts):
        return sorted(items, key=_statement_key)
    order = sorted(range(len(items)), key=firsts.__getitem__)
    return [items[index] for index in order]


def reconcile(
    claimset: ClaimSet,
    policy: str | Policy = "range",
    *,
    key_qualifiers: Collection[str] = (),
    independence: Independence = "source",
    revisions: Revisions = "supersede",
    include_deprecated: bool = False,
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
        independence: ``"source"`` to count every original source as an
            independent voice, or ``"affiliation"`` to count all sources of one
            party (their ``affiliation``) as one.
        revisions: ``"supersede"`` to let a source's later statement set aside its
            earlier one, or ``"keep"`` to keep both (the revision is reported
            either way).
        include_deprecated: Whether attributions ranked deprecated count; by
            default they are set aside, with their reason.

    Raises:
        ReconciliationError: One question mixes kinds of values (numbers and
            dates) or quantities in different units.
        NotFoundError: No policy has the given name.
        ValidationError: An argument is not of the expected kind.

    >>> from claimkit import examples
    >>> result = reconcile(examples.load("makiivka"))
    >>> killed = result.finding("Makiivka strike", "Russian soldiers killed")
    >>> print(killed.estimate, "|", killed.status)
    between 63 and 400 | contested

    .. versionadded:: 0.1.0
    """
    # One pause of the collector for both steps, rather than one each: every pause
    # ends with a pass over everything alive, the whole claim set included.
    # The partial result is gone by the end of the block, so that pass does not
    # visit it.
    with collector_paused():
        return Partial.of(claimset, key_qualifiers=key_qualifiers).finish(
            policy,
            independence=independence,
            revisions=revisions,
            include_deprecated=include_deprecated,
        )


def _finding(
    analysis: Analysis,
    estimate: Estimate,
    policy: Policy,
    sources: Mapping[str, Source],
    independence: Independence,
) -> Finding:
    question = analysis.question
    valued_voices = {p.voice for p in question.valued}
    discrepancies = analysis.discrepancies
    if any(d.kind is _VALUE or d.kind is _POLARITY for d in discrepancies):
        status = Status.CONTESTED
    elif not valued_voices:
        status = Status.UNKNOWN
    elif len(valued_voices) == 1:
        status = Status.SINGLE_SOURCE
    else:
        status = Status.AGREED
    positions = question.positions
    # Position.party, without the call.
    parties = tuple(sorted({p.source.affiliation or p.source.id for p in positions}))
    source_ids = {p.source.id for p in positions}
    voices = len({p.voice for p in positions})
    return _new_finding(
        subject=question.subject,
        predicate=question.predicate,
        qualifiers=question.qualifiers,
        estimate=estimate.value if positions else None,
        status=status,
        policy=policy.name,
        sources=tuple(sorted(source_ids)),
        parties=parties,
        independent_sources=voices,
        attributions=analysis.ordered_attributions,
        opposing=analysis.ordered_opposing,
        set_aside=analysis.ordered_set_aside,
        discrepancies=discrepancies,
        confidence=estimate.confidence if positions else None,
        explanation=_explain(
            status,
            voices,
            question,
            policy,
            estimate.detail,
            discrepancies,
            analysis.set_aside,
            sources,
            independence,
            valued_voices,
            source_ids,
        ),
    )


def _explain(
    status: Status,
    count: int,
    question: Question,
    policy: Policy,
    detail: str,
    discrepancies: Sequence[Discrepancy],
    set_aside: Sequence[tuple[Attribution, Claim, str]],
    sources: Mapping[str, Source],
    independence: Independence,
    valued: set[str],
    source_ids: set[str],
) -> str:
    """The explanation of a finding; ``valued`` are the voices that give a value,
    ``source_ids`` the ids of the sources of its positions."""
    positions = question.positions
    lines = [f"{policy.name}: {detail if positions else 'no source supports a value'}."]
    if independence == "affiliation":
        voices = _plural(count, "independent party").replace("partys", "parties")
    else:
        voices = _plural(count, "independent source")
    if status is Status.CONTESTED:
        # Name only the sources in conflict: one consistent with every side (an
        # unknown with a low bound) is not among those that cannot all be right.
        conflicting = {
            source
            for discrepancy in discrepancies
            if discrepancy.kind is _VALUE or discrepancy.kind is _POLARITY
            for source in discrepancy.sources
        }
        if conflicting >= source_ids:
            lines.append(
                f"Contested: {voices} ({_names(positions, independence)}) cannot all be right."
            )
        else:
            names = "; ".join(sorted({sources[source].name for source in conflicting}))
            lines.append(f"Contested: {voices}; of them, {names} cannot all be right.")
    elif status is Status.AGREED:
        lines.append(
            f"Agreed: {voices} ({_names(positions, independence)}) give consistent values."
        )
    elif status is Status.SINGLE_SOURCE:
        others = [p for p in positions if p.voice not in valued]
        only = ", ".join(sorted({p.source.name for p in question.valued}))
        line = f"Single source: only {only} gives a value"
        if others:
            line += "; consistent with it, giving no figure: " + ", ".join(
                p.label() for p in others
            )
        lines.append(line + ".")
    else:
        lines.append("Unknown: no source gives a value.")
    for discrepancy in discrepancies:
        lines.append(f"{_HEADINGS[discrepancy.kind]}: {discrepancy.summary}.")
    if set_aside:
        reasons: dict[str, set[str]] = defaultdict(set)
        for attribution, claim, reason in set_aside:
            who = sources[attribution.source].name
            when = f", {attribution.stated}" if attribution.stated else ""
            reasons[f"{describe_value(claim.value)} ({who}{when})"].add(reason)
        for label in sorted(reasons):
            lines.append(f"Set aside: {label}, {'; '.join(sorted(reasons[label]))}.")
    return "\n".join(lines)


def _names(positions: Sequence[Position], independence: Independence) -> str:
    """The names of the sources of ``positions`` for an explanation: sorted, or by
    party when independence is by affiliation."""
    if independence == "affiliation":
        by_party: dict[str, set[str]] = defaultdict(set)
        for position in positions:
            by_party[position.party].add(position.source.name)
        return "; ".join(
            f"{party}: {', '.join(sorted(members))}" for party, members in sorted(by_party.items())
        )
    return "; ".join(sorted({p.source.name for p in positions}))


_VALUE: Final = DiscrepancyKind.VALUE
_POLARITY: Final = DiscrepancyKind.POLARITY
