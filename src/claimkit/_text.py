"""Text normalisation and the small checks every record shares."""

from __future__ import annotations

import enum
import functools
import json
import math
import re
import sys
import unicodedata
from typing import Any, Final

import attrs

from ._errors import ValidationError

_SPACE: Final = re.compile(r"\s+")
#: Typographic characters that reporting uses interchangeably with ASCII ones.
_TYPOGRAPHIC: Final = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def nfc(text: str) -> str:
    """Return ``text`` in Unicode normal form C (canonical composition)."""
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Return the comparison key of ``text``.

    Compatibility-normalised (NFKC), case-folded, typographic quotes and dashes
    replaced by their ASCII forms, whitespace collapsed and stripped. Two strings
    with the same key name the same thing.
    """
    folded = unicodedata.normalize("NFKC", text.casefold()).translate(_TYPOGRAPHIC)
    return _SPACE.sub(" ", folded).strip()


#: The largest size of a number claimkit accepts: that of the largest float, so that
#: every number can be compared and computed with as a float.
FLOAT_MAX: Final = sys.float_info.max


def beyond_float_range(value: int | float) -> bool:
    """Whether ``value`` is larger in size than the largest float."""
    return abs(value) > FLOAT_MAX


def digit_count(value: int) -> str:
    """The number of digits of a (possibly huge) int, in words: ``"about 5,001"``.
    Python refuses to write ints of more than 4,300 digits as text."""
    if value.bit_length() < 10_000:
        return f"{len(str(abs(value))):,}"
    return f"about {int(math.log10(abs(value))) + 1:,}"


def too_large(value: int | float) -> str:
    """The message for a number beyond the float range."""
    size = f"a number of {digit_count(value)} digits" if isinstance(value, int) else repr(value)
    return (
        f"{size} is too large: numbers must lie between -{FLOAT_MAX:.4g} and "
        f"{FLOAT_MAX:.4g} (the largest float), so that every figure can be compared"
    )


def check_in_float_range(value: int, path: str) -> int:
    """Return ``value`` if it lies within the float range, else raise."""
    if value.bit_length() > 1000 and beyond_float_range(value):
        raise ValidationError(too_large(value), path=path)
    return value


def got(value: object) -> str:
    """Describe a bad value for an error message: ``got 'abc'``, ``got a list``."""
    if isinstance(value, dict):
        return "got an object"
    if isinstance(value, list | tuple):
        return "got a list"
    if isinstance(value, str) and len(value) > 60:
        return f"got {value[:57]!r}..."
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"got a number of {digit_count(value)} digits"
    if value is None or isinstance(value, bool | int | float | str):
        return f"got {value!r}"
    return f"got a value of type {type(value).__name__}"


#: Code points reserved for UTF-16 surrogate pairs: alone in a str, they are not
#: characters, and no UTF-8 encoder (JSON files, content ids) can write them.
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def check_characters(value: str, path: str) -> str:
    """Return ``value`` if it holds no lone surrogate, else raise."""
    if not value.isascii() and (found := _SURROGATE.search(value)):
        raise ValidationError(
            f"contains a lone surrogate (U+{ord(found[0]):04X}), which is not a character "
            "and cannot be written as UTF-8; decode the text with errors='replace' or fix "
            "its source",
            path=path,
        )
    return value


def check_text(value: object, path: str, *, empty: bool = False) -> str:
    """Return ``value`` if it is a string (non-blank unless ``empty``) of real
    characters (no lone surrogates), else raise."""
    if not isinstance(value, str):
        raise ValidationError(f"expected a string, {got(value)}", path=path)
    if not empty and not value.strip():
        raise ValidationError("must not be empty", path=path)
    return check_characters(value, path)


def check_optional_text(value: object, path: str) -> str | None:
    """Like :func:`check_text`, also accepting ``None``."""
    return None if value is None else check_text(value, path)


def check_identifier(value: object, path: str) -> str:
    """Return ``value`` in normal form C if it is a usable identifier, else raise.

    Identifiers are non-empty, carry no leading or trailing whitespace and no
    control characters: they are written into files and command lines verbatim.
    """
    if type(value) is str:
        try:
            return _identifier(value)
        except ValidationError as error:
            raise error.at(path) from None
    text = check_text(value, path)
    try:
        return _identifier(text)
    except ValidationError as error:
        raise error.at(path) from None


@functools.lru_cache(maxsize=1 << 16)
def _identifier(text: str) -> str:
    """``text`` if it is a usable identifier (see :func:`check_identifier`); the
    same ids recur in every record that names them, so the answer is kept."""
    if not text.strip():
        raise ValidationError("must not be empty")
    if text[0].isspace() or text[-1].isspace():
        raise ValidationError(f"identifiers must not start or end with whitespace, {got(text)}")
    if _CONTROL.search(text):
        raise ValidationError(f"identifiers must not contain control characters, {got(text)}")
    return nfc(check_characters(text, ""))


#: Unicode's control characters (category Cc).
_CONTROL: Final = re.compile("[\x00-\x1f\x7f-\x9f]")


def check_bool(value: object, path: str) -> bool:
    """Return ``value`` if it is exactly a bool, else raise."""
    if not isinstance(value, bool):
        raise ValidationError(f"expected true or false, {got(value)}", path=path)
    return value


def short_repr(record: Any, *, always: frozenset[str] = frozenset()) -> str:
    """The repr of an attrs record showing only fields that differ from their
    defaults (and those in ``always`` that are set); enums show their value."""
    shown = []
    for field in attrs.fields(type(record)):
        if not field.repr or not field.init:
            continue
        value = getattr(record, field.name)
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory()
        if value == default and not (field.name in always and value is not None):
            continue
        shown.append(f"{field.name}={(value.value if isinstance(value, enum.Enum) else value)!r}")
    return f"{type(record).__name__}({', '.join(shown)})"


def key_path(key: str) -> str:
    """The path step for a mapping key: ``.location``, or ``["point in time"]``."""
    if key.isidentifier():
        return f".{key}"
    return "[" + json.dumps(key, ensure_ascii=False) + "]"
