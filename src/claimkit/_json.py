"""JSON through orjson when it is installed (the ``fast`` extra), with output and
errors identical to the standard library's.

orjson is tried first and its result kept only where it is provably what the
standard library would give; everything else (and everything, without orjson)
goes through :mod:`json`:

- writing: orjson writes compact JSON or an indentation of two spaces. The compact
  form gets the standard library's ``", "`` and ``": "`` separators back by
  editing only the text between strings, which is safe when no string holds an
  escaped quote. Numbers in exponent form (which the two libraries spell
  differently), integers beyond 64 bits and other indentations are left to
  :mod:`json`.
- reading: orjson keeps the last of duplicate keys and turns integers beyond
  64 bits into floats. A document is taken from orjson only when it has no long
  run of digits and as many key-value pairs as orjson's result (counted as the
  colons between strings of the text and of the result written back); else, or
  when orjson refuses the text, the strict standard-library parser reads it and
  gives its own answer or error.
"""

from __future__ import annotations

import re
from types import ModuleType
from typing import Any, Final

_MISSING: Final = object()
_state: dict[str, ModuleType | None] = {}

#: A run of digits that may be an integer orjson reads as a float (beyond 64 bits).
_LONG_NUMBER: Final = re.compile(rb"[0-9]{19}")
#: A number in exponent form, which orjson and :mod:`json` write differently.
_EXPONENT: Final = re.compile(rb"[0-9][eE]")


def orjson_module() -> ModuleType | None:
    """orjson if it can be imported, else ``None``; looked up once."""
    if "orjson" not in _state:
        try:
            import orjson  # noqa: PLC0415 - optional, and only imported when used
        except ImportError:
            _state["orjson"] = None
        else:
            _state["orjson"] = orjson
    return _state["orjson"]


def fast_dumps(document: Any, indent: int | None) -> str | None:
    """``json.dumps(document, ensure_ascii=False, indent=indent, allow_nan=False)``
    written by orjson, or ``None`` where orjson cannot give that same text."""
    orjson = orjson_module()
    if orjson is None or indent not in (None, 2):
        return None
    try:
        raw: bytes = orjson.dumps(document, option=orjson.OPT_INDENT_2 if indent == 2 else 0)
    except (orjson.JSONEncodeError, TypeError):
        return None
    if b'\\"' in raw:
        return None
    # With no escaped quote, every quote opens or closes a string: the even pieces
    # are the text between strings (structure and numbers), the odd ones strings.
    pieces = raw.split(b'"')
    between = b"\x00".join(pieces[0::2])
    if _EXPONENT.search(between):
        return None
    if indent is None:
        between = between.replace(b",", b", ").replace(b":", b": ")
        pieces[0::2] = between.split(b"\x00")
        raw = b'"'.join(pieces)
    return raw.decode()


def fast_loads(text: str | bytes, longest: int) -> Any:
    """``text`` parsed by orjson, or ``_MISSING`` where the result might differ
    from the strict parser's: a duplicate key, an integer orjson cannot hold, a
    string longer than ``longest``, or anything orjson refuses."""
    orjson = orjson_module()
    if orjson is None:
        return _MISSING
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
    if b'\\"' in data or data.startswith(b"\xef\xbb\xbf"):
        return _MISSING
    try:
        value = orjson.loads(data)
        again: bytes = orjson.dumps(value)
    except (orjson.JSONDecodeError, orjson.JSONEncodeError, TypeError):
        return _MISSING
    if b'\\"' in again:
        return _MISSING
    given = data.split(b'"')
    between = b"\x00".join(given[0::2])
    if _LONG_NUMBER.search(between):
        return _MISSING
    written = again.split(b'"')
    # Colons between strings are the key-value pairs: fewer in the result than in
    # the text means orjson merged a duplicate key.
    if between.count(b":") != b"".join(written[0::2]).count(b":"):
        return _MISSING
    # A string's UTF-8 form is at least as long as the string.
    if max(map(len, written[1::2]), default=0) > longest:
        return _MISSING
    return value


def missing(value: object) -> bool:
    """Whether :func:`fast_loads` gave up."""
    return value is _MISSING
