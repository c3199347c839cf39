"""The exceptions claimkit raises.

Every error the library raises derives from :class:`ClaimkitError`. Each concrete
error also derives from the builtin exception a caller would expect, so
``except ValueError`` in existing code keeps working.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["ClaimkitError", "NotFoundError", "ReconciliationError", "ValidationError"]


class ClaimkitError(Exception):
    """Base class of every error raised by claimkit.

    .. versionadded:: 0.1.0
    """


class ValidationError(ClaimkitError, ValueError):
    """Data that does not describe a valid claimkit value.

    Raised by constructors given bad arguments, by the parsers
    (:meth:`Quantity.parse <claimkit.Quantity.parse>`,
    :meth:`PartialDate.parse <claimkit.PartialDate.parse>`) given text they cannot
    read, and by every loader given a bad document.

    When a document has several problems, the loaders collect them all: the error's
    :attr:`errors` holds one :class:`ValidationError` per problem, and :attr:`path`
    and :attr:`message` are those of the first.

    Args:
        message: What is wrong, in words a user can act on.
        path: Where it is wrong: the dotted path of the bad field from the root of
            the value being read, such as ``claims[3].value.low``. Empty for the
            value as a whole.
        errors: The individual problems, when there is more than one.

    Attributes:
        message: What is wrong, without the path.
        path: The dotted path of the bad field, such as ``claims[3].value.low``.
        errors: Every problem found, each a :class:`ValidationError` with its own
            path; ``(self,)`` for a single problem.

    .. versionadded:: 0.1.0
    """

    message: str
    path: str
    errors: tuple[ValidationError, ...]

    def __init__(
        self,
        message: str,
        *,
        path: str = "",
        errors: Sequence[ValidationError] = (),
    ) -> None:
        problems = tuple(errors) or (self,)
        first = problems[0]
        if first is not self:
            message, path = first.message, first.path
        super().__init__(message)
        self.message = message
        self.path = path
        self.errors = problems

    @classmethod
    def collect(cls, errors: Iterable[ValidationError]) -> ValidationError:
        """Combine several errors into one that lists them all.

        Args:
            errors: The errors to combine; at least one.

        Returns:
            The only error when there is exactly one problem, else a new error
            whose :attr:`errors` lists every problem in order.
        """
        problems = [problem for error in errors for problem in error.errors]
        if len(problems) == 1:
            return problems[0]
        return cls(problems[0].message, path=problems[0].path, errors=problems)

    def at(self, prefix: str | int) -> ValidationError:
        """Return this error as seen from a containing value.

        Args:
            prefix: A field name (``"claims"``), a list index (``3``) or a path
                (``"claims[3]"``) to put in front of every problem's path.

        Returns:
            A new error whose paths start with ``prefix``.
        """
        moved = [ValidationError(p.message, path=join_path(prefix, p.path)) for p in self.errors]
        return moved[0] if len(moved) == 1 else ValidationError.collect(moved)

    def __str__(self) -> str:
        lines = [_describe(problem) for problem in self.errors]
        if len(lines) == 1:
            return lines[0]
        return f"{len(lines)} problems:\n" + "\n".join(f"  {line}" for line in lines)

    def __repr__(self) -> str:
        return f"ValidationError({self.message!r}, path={self.path!r})"

    def __reduce__(self) -> tuple[object, ...]:
        several = self.errors if len(self.errors) > 1 else ()
        return (_rebuild, (self.message, self.path, several))


def _rebuild(message: str, path: str, errors: tuple[ValidationError, ...]) -> ValidationError:
    return ValidationError(message, path=path, errors=errors)


def _describe(problem: ValidationError) -> str:
    return f"{problem.path}: {problem.message}" if problem.path else problem.message


def join_path(prefix: str | int, path: str) -> str:
    """Join a path prefix and a relative path: ``claims`` + ``[3].id``."""
    head = f"[{prefix}]" if isinstance(prefix, int) else prefix
    if not path:
        return head
    if not head:
        return path.removeprefix(".")
    if path.startswith(("[", ".")):
        return head + path
    return f"{head}.{path}"


class ReconciliationError(ClaimkitError, ValueError):
    """Claims that cannot be reconciled as asked.

    Raised, for example, when one question mixes quantities in different units, or
    numbers with dates: comparing them would be silently wrong.

    .. versionadded:: 0.1.0
    """


class NotFoundError(ClaimkitError, LookupError):
    """A name or identifier that does not exist, such as an unknown example data set
    or policy name.

    .. versionadded:: 0.1.0
    """


# Shown as ``claimkit.ValidationError`` in tracebacks and reprs: users import them
# from the package, not from this private module.
for _error in (ClaimkitError, ValidationError, ReconciliationError, NotFoundError):
    _error.__module__ = "claimkit"
