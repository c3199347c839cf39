"""JSON written by orjson when it is installed (the ``fast`` extra), with output
identical to the standard library's.

orjson is tried first and its text kept only where it is exactly what
:func:`json.dumps` would give: documents indented by two spaces (the default of
:func:`~claimkit.dumps`) with no number that the two libraries spell differently
(exponent forms, and numbers below 1e-4) and no integer beyond 64 bits. Everything
else, and everything without orjson, goes through :mod:`json`.

Reading stays with :mod:`json`: orjson keeps the last of duplicate keys and turns
integers beyond 64 bits into floats, and proving a document free of both from the
outside cost more (splitting the text at its quotes) than orjson saves.
"""

from __future__ import annotations

import re
from types import ModuleType
from typing import Any, Final

_state: dict[str, ModuleType | None] = {}

#: A number that orjson and :mod:`json` write differently: one in exponent form
#: ("1e-7" against "1e-07"), or one below 1e-4 that orjson writes out in full and
#: json in exponent form ("0.00001" against "1e-05"). It starts after a space,
#: bracket, comma or colon (not inside a hex id such as "03e1"); text in a string
#: that looks like one merely costs the fast path.
_DIFFERENT_NUMBER: Final = re.compile(rb"(?:^|[\s\[,:])-?(?:[0-9]+(?:\.[0-9]+)?[eE]|0\.0000)")


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
    written by orjson, or ``None`` where orjson cannot give that same text.

    Only the indentation of two spaces (the default of :func:`~claimkit.dumps`):
    orjson's compact form has other separators, and giving it json's back costs
    more than json's own C encoder takes for the compact form."""
    if indent != 2:
        return None
    orjson = orjson_module()
    if orjson is None:
        return None
    try:
        raw: bytes = orjson.dumps(document, option=orjson.OPT_INDENT_2)
    except (orjson.JSONEncodeError, TypeError):
        return None
    # Some numbers are spelt differently (see _DIFFERENT_NUMBER); a string that
    # merely looks like one only sends the document to json.
    if _DIFFERENT_NUMBER.search(raw):
        return None
    return raw.decode()
