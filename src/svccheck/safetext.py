"""Text from a user's file made inert where people read it: one home for every output.

Names, notes, branch names, file names and YAML values are data. Wherever svccheck writes them
they must stay text: never a live spreadsheet formula, never Markdown or HTML that renders as a
link or a script, never bytes that drive the terminal (clear the screen, set the window title,
write the clipboard with OSC 52), never characters that make XML malformed.

Two families, each the only place its rule lives:

* the **neutraliser**, for documents — `sheet_text` (xlsx cells), `csv_cell` (csv, with the
  apostrophe OWASP recommends; `csv_read` undoes it when svccheck reads its own csv back),
  `md` (Markdown text and table cells: no link, image, tag or heading can form, so no
  `javascript:` link either) and `html` (element text and attributes; the reports build no
  link from data, only in-page anchors made of letters and digits);
* the **sanitiser**, for terminals and CI formats — `visible` shows every control character as
  an escape (`\\x1b`, `\\u202e`) and is what the terminal console, `--format github` and
  `--format junit` use; `safe_console` is the rich console that applies it to everything it
  prints, markup and emoji off.

Every function takes the fast path on ordinary text: one precompiled regex search or one
`str.translate`, no allocation when nothing needs escaping. Nothing heavy is imported here
(rich only inside `safe_console`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

# Characters that act instead of showing: C0 controls except tab and line feed (CR moves
# the cursor back and hides what came before it), DEL, the C1 controls (0x9b is a one-byte
# CSI on some terminals), the bidirectional overrides and isolates (text shown in another
# order than it is stored), lone surrogates (undecodable file-name bytes; unencodable on
# output) and the two non-characters XML forbids.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
# In a spreadsheet or csv cell tab, line feed and carriage return are data (a note on two
# lines); every other control character is shown.
_INVISIBLE_IN_CELL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)

# What makes a spreadsheet read a cell as a formula (OWASP "CSV injection"); tab and CR
# because some spreadsheets strip them and then see the = behind.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CSV_MARK = "'"

_MD = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "*": "\\*",
        "_": "\\_",
        "`": "\\`",
        "[": "\\[",
        "]": "\\]",
        "<": "&lt;",
        ">": "&gt;",
        "#": "\\#",
        "~": "\\~",
        "\n": " ",
        "\r": " ",
    }
)


# As html.escape(quote=True) writes them; kept here so `validate` need not import html.
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def _escape_one(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# ------------------------------------------------------------------------------ sanitiser


def visible(text: str) -> str:
    """`text` with every control character shown as an escape: ESC as `\\x1b`, a bidi
    override as `\\u202e`; line feeds and tabs stay. Safe for a terminal, a GitHub workflow
    command and XML (every character XML 1.0 forbids is among those shown)."""
    if _INVISIBLE.search(text) is None:
        return text
    from svccheck.pathtext import text_of

    # a file name in GBK bytes (an unzipped archive) is shown by its name (东环支行-登记簿.csv)
    return _INVISIBLE.sub(_escape_one, text_of(text))


def safe_console(**options: Any) -> Console:
    """A rich console that prints data as text: markup and emoji off unless asked for, and
    every string it renders — given as a str, a `Text` or a table cell — passed through
    `visible`, so no input can send escape sequences to the terminal. rich's own colours and
    cursor moves (a progress bar) are not data and pass unchanged."""
    options.setdefault("markup", False)
    options.setdefault("emoji", False)
    return _console_class()(**options)


_CLASS: list[type[Console]] = []


def _console_class() -> type[Console]:
    if _CLASS:
        return _CLASS[0]
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        """Strings are made visible before rich measures them (so tables stay aligned);
        `Text` built elsewhere is caught when the segments become output."""

        def render_str(self, text: str, **kwargs: Any) -> Any:
            return super().render_str(visible(text), **kwargs)

        def _render_buffer(self, buffer: Any) -> str:
            return super()._render_buffer(
                segment
                if segment.control or _INVISIBLE.search(segment.text) is None
                else Segment(visible(segment.text), segment.style)
                for segment in buffer
            )

    _CLASS.append(SafeConsole)
    return SafeConsole


# ----------------------------------------------------------------------------- neutraliser


def sheet_text(text: str) -> str:
    """Text for an xlsx cell (written as a string cell, never a formula, by the caller):
    control characters an xlsx cannot hold are shown as escapes."""
    if _INVISIBLE_IN_CELL.search(text) is None:
        return text
    from svccheck.pathtext import text_of

    return _INVISIBLE_IN_CELL.sub(_escape_one, text_of(text))  # a GBK file name: its name


def set_text(cell: Any, value: object) -> None:
    """Put `value` into an openpyxl cell; a str always as a string cell, so "=HYPERLINK(…)"
    in a roster name is shown, not run (openpyxl makes any str starting "=" a formula)."""
    if isinstance(value, str):
        cell.value = sheet_text(value)
        cell.data_type = "s"
    else:
        cell.value = value


def _needs_mark(text: str) -> bool:
    # apostrophes already in front count too: "'=x" is written "''=x", so that reading back
    # (one apostrophe off) gives every text exactly as it was
    return text.lstrip(_CSV_MARK).startswith(FORMULA_START)


def csv_cell(text: str) -> str:
    """Text for a csv field: a field a spreadsheet would run as a formula gets a leading
    apostrophe ("=SUM(A1)" becomes "'=SUM(A1)"), and so does one that already starts with
    apostrophes before such a character, so `csv_read` gives every text back exactly."""
    text = sheet_text(text)
    return _CSV_MARK + text if _needs_mark(text) else text


def csv_read(text: str) -> str:
    """A csv field as svccheck wrote it, read back: the apostrophe `csv_cell` added goes."""
    if text.startswith(_CSV_MARK) and _needs_mark(text[1:]):
        return text[1:]
    return text


def md(text: str | None) -> str:
    """Text made inert in Markdown and in a Markdown table cell: emphasis, links, images,
    code, headings, HTML tags and pipes escaped, line breaks joined, controls shown."""
    if not text:
        return ""
    return visible(text.translate(_MD))


def html(value: object) -> str:
    """Text for HTML element content or a quoted attribute value."""
    return visible(str(value).translate(_HTML))
