"""JSON text as json.dumps writes it, written faster: indented (`dumps_indented`) and on one
line (`json_encoder`).

`json.dumps(value, ensure_ascii=False, indent=2)`: json writes indented text with its
pure-Python encoder (its C encoder runs only without `indent`): a generator per nesting level,
a yield per token. `svccheck read --format json` of a city's month is 3 MB of it (one object
per sheet read): 0.09 s of encoding, 0.05 s here. Each value is written by a recursive
function into one list of pieces, the usual classes told by identity first, strings escaped by
json's own C escaper — the same characters, in the same order, as json.dumps
(tests/unit/test_jsontext.py compares the two on real documents and crafted values). A value
json would hand to `default` (anything but dict, list, tuple, str, int, float, bool, None), or
a key it would not take, sends the whole value to json.dumps itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

try:  # the C escaper json.dumps(ensure_ascii=False) uses
    from json.encoder import c_encode_basestring as _c_escape  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover — CPython always has it
    _c_escape = None
_escape: Callable[[str], str] = _c_escape or json.encoder.py_encode_basestring

_INDENT = "  "


class _Unwritten(Exception):
    """A value or key that json.dumps answers in its own way (default, TypeError)."""


def dumps_indented(value: Any) -> str:
    """The text of `json.dumps(value, ensure_ascii=False, indent=2)`."""
    out: list[str] = []
    try:
        _write(value, "\n", out)
    except (_Unwritten, RecursionError, ValueError):
        return json.dumps(value, ensure_ascii=False, indent=2)
    return "".join(out)


def _write(value: Any, newline: str, out: list[str]) -> None:
    """Append `value` written at the indentation `newline` carries ("\\n" + its indent)."""
    cls = value.__class__
    # The usual classes first, by identity; then json's own order of isinstance checks (the
    # same answer for these: an exact str, dict, list or int is none of the classes before).
    if cls is str:
        out.append(_escape(value))
    elif cls is dict:
        _write_dict(value, newline, out)
    elif cls is list:
        _write_list(value, newline, out)
    elif cls is int:
        out.append(int.__repr__(value))
    elif isinstance(value, str):
        out.append(_escape(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, (list, tuple)):
        _write_list(value, newline, out)
    elif isinstance(value, dict):
        _write_dict(value, newline, out)
    else:
        raise _Unwritten


def _write_list(value: Any, newline: str, out: list[str]) -> None:
    if not value:
        out.append("[]")
        return
    inner = newline + _INDENT
    between = "," + inner
    out.append("[" + inner)
    for n, item in enumerate(value):
        if n:
            out.append(between)
        _write(item, inner, out)
    out.append(newline + "]")


def _write_dict(value: Any, newline: str, out: list[str]) -> None:
    if not value:
        out.append("{}")
        return
    inner = newline + _INDENT
    between = "," + inner
    out.append("{" + inner)
    append, escape = out.append, _escape
    for n, (key, item) in enumerate(value.items()):
        if n:
            append(between)
        append((escape(key) if key.__class__ is str else _key(key)) + ": ")
        item_class = item.__class__
        if item_class is str:
            append(escape(item))
        elif item_class is int:
            append(int.__repr__(item))
        else:
            _write(item, inner, out)
    append(newline + "}")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return float.__repr__(value)


def _key(key: object) -> str:
    # json.dumps's keys: a str as is; a float, bool, None or int as its JSON text, quoted
    if isinstance(key, str):
        return _escape(key)
    if isinstance(key, float):
        return _escape(_float(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return _escape(int.__repr__(key))
    raise _Unwritten


def json_encoder(
    *, item_separator: str = ", ", key_separator: str = ": ", allow_nan: bool = True
) -> Callable[[Any], str]:
    """A function writing plain data (dicts, lists, strings, numbers, booleans, None) as
    compact JSON on one line, CJK as is: `json.dumps(value, ensure_ascii=False, separators=…,
    allow_nan=…)`, byte for byte.

    Why: `JSONEncoder.encode` makes its C encoder anew, in Python, at every call — a third of
    the time for a row of a report, more for a small batch's rows packed by the ledger, and
    both come by the ten thousand. The same C encoder is made once here (as `encode` makes it,
    less the check for circular references, which plain data never holds) where Python has
    one.
    """
    python = json.JSONEncoder(
        ensure_ascii=False,
        separators=(item_separator, key_separator),
        allow_nan=allow_nan,
        check_circular=False,
    )
    make: Any = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # an interpreter without the C accelerator
        return python.encode
    encode = make(
        None, python.default, json.encoder.encode_basestring, None, key_separator,
        item_separator, False, False, allow_nan,
    )  # fmt: skip

    def text(value: Any) -> str:
        return "".join(encode(value, 0))

    return text


__all__ = ["dumps_indented", "json_encoder"]
