"""A file name or a command-line value that is not UTF-8, made text: one home for the rule.

On Linux and macOS a file name is bytes. Python reads the bytes that are not UTF-8 as lone
surrogates (U+DC80–U+DCFF, "surrogateescape"), so that the name still opens the file; but
such a string cannot be written as UTF-8 — not to the ledger, not to a JSON file. The usual
source at a bank: a zip made on Chinese Windows and unpacked without `-O gbk`, a Samba share
or a USB stick formatted on Windows — names in GBK — and a shell script or cron line saved in
GBK, whose `--branch 东环` arrives as GBK bytes too.

`path_text` is what svccheck stores and writes for such a name: the original bytes read as
GB18030 (GBK's superset, the encoding of Chinese Windows) when they are that, which gives back
the real name — `东环支行-登记簿.csv` — else the bytes that are not UTF-8 as `\\xb6`-style
escapes, which lose nothing. Each `/`-separated part of a path is decoded on its own: a folder
named in UTF-8 keeps its name when the file in it was named in GBK (a GBK or GB18030 character
never holds the byte `/`). The file itself is still opened by the name Python holds.

`argument_text` is the same rule for a command-line value that names something (a branch, a
role): the GB18030 reading, or None when the bytes are not that either (the caller refuses).

`text_of` is the rule for text that quotes such a name among other words (a message, a JSON
value, a sheet named after its csv file): each run of undecodable bytes, with the characters
Python made of the valid UTF-8 pairs among them (GBK's 支 is the bytes of U+05A7), is read as
GB18030 or escaped; the words around it, Chinese included, are left alone.

Text without surrogates — every name on Windows, every UTF-8 name — is returned as it is, after
one regex search.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable

# Lone surrogates of any kind: the escapes of undecodable bytes (U+DC80–U+DCFF) and, on
# Windows, a file name that is not valid UTF-16.
_SURROGATE = re.compile("[\ud800-\udfff]")
# A run of undecodable bytes in running text: escaped bytes (U+DC80–U+DCFF) and the
# characters two of them make when they happen to be valid UTF-8 (U+0080–U+07FF); not the
# Chinese of the text around them (U+0800 and above) nor ASCII (spaces, punctuation, `/`).
# (Anchored at the start of such a run, so a long run of Greek or Cyrillic is tried once.)
_RUN = re.compile(
    "(?<![\u0080-\u07ff\udc80-\udcff])"
    "[\u0080-\u07ff\udc80-\udcff]*[\udc80-\udcff][\u0080-\u07ff\udc80-\udcff]*"
)


def path_text(path: str | os.PathLike[str]) -> str:
    """`path` as text that can be written as UTF-8: as it is, or with each part that holds
    undecodable bytes read as GB18030, else with those bytes escaped (`\\xb6`)."""
    text = os.fspath(path)
    if _SURROGATE.search(text) is None:
        return text
    return "/".join(_part_text(part) for part in text.split("/"))


def text_of(text: str) -> str:
    """`text` that can be written as UTF-8: each run of undecodable bytes in it read as
    GB18030, else escaped (`\\xb6`); the rest of the text as it is."""
    if _SURROGATE.search(text) is None:
        return text
    return _replaced(text, str)


def document_text(text: str) -> str:
    """A whole document about to be written (to stdout or a file): `text_of`, and in a JSON
    document (`read --format json`, `ingest --format json`, `validate --format sarif`) each
    replacement written as a JSON string holds it, so an escape stays valid JSON."""
    if _SURROGATE.search(text) is None:
        return text
    if text.lstrip()[:1] in ("{", "["):
        try:
            json.loads(text)
        except ValueError:
            pass
        else:  # the surrogates are inside its strings
            return _replaced(text, _json_inner)
    return _replaced(text, str)


def argument_text(value: str) -> str | None:
    """A command-line value as text: as it is, or its bytes read as GB18030 (a script saved
    in GBK); None when they are not GB18030 either."""
    if _SURROGATE.search(value) is None:
        return value
    raw = _original_bytes(value)
    if raw is None:
        return None
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return None


def _replaced(text: str, written: Callable[[str], str]) -> str:
    """`text` with each run of undecodable bytes replaced by `written(its text)`."""
    text = _RUN.sub(lambda run: written(_part_text(run.group())), text)
    # What is left stood for no byte (a Windows name that is not valid UTF-16): its code.
    return _SURROGATE.sub(lambda one: written(_code(one.group())), text)


def _part_text(part: str) -> str:
    """One part of a path (no `/`), or one run of undecodable bytes, as text."""
    if _SURROGATE.search(part) is None:
        return part
    raw = _original_bytes(part)
    if raw is None:  # a surrogate that stood for no byte (Windows): shown as its code
        return _code(part)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def _original_bytes(text: str) -> bytes | None:
    """The bytes a surrogate-escaped string was decoded from (as Python decoded the file name
    or the command line: `os.fsencode`), None if it was not one."""
    try:
        return os.fsencode(text)
    except UnicodeEncodeError:
        return None


def _code(text: str) -> str:
    """Lone surrogates as their escapes (`\\ud800`)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _json_inner(text: str) -> str:
    """`text` as it stands between the quotes of a JSON string."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


__all__ = ["argument_text", "document_text", "path_text", "text_of"]
