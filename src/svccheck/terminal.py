"""Terminal text as a string: rich renderables rendered into a buffer.

Every table svccheck prints for people (the `table` report, `explain`, `read`, `standards`,
`validate`) is drawn by rich into a string, so the core returns text and only the CLI writes
it out. One console set-up for all of them: the width given, ANSI colours (the 16 standard
ones) only when asked for, no highlighting of numbers or URLs. Text in them is data: rich markup
and emoji codes are never read, and control characters are shown as escapes (the console is
`svccheck.safetext.safe_console`). rich is imported when text is rendered, not when this module
is.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType


def one_word(texts: Iterable[str]) -> bool:
    """Is each text a single word (no whitespace)? A table column of such texts — a Chinese
    name, title or heading, a number — must never wrap: rich measures a CJK run as one word
    and, short of room, folds it mid-word (「高新区支」 / 「行」). A column with spaces may
    wrap, between its words."""
    return all(len(text.split()) <= 1 for text in texts)


def terminal_text(
    renderables: Iterable[RenderableType],
    *,
    width: int,
    color: bool = False,
) -> str:
    """The renderables printed one after another, `width` columns wide.

    A category "a[/]b" or a pattern "^[a-z]*$" prints as written: strings are never markup.
    """
    from svccheck.safetext import safe_console

    buffer = io.StringIO()
    console = safe_console(
        file=buffer,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        legacy_windows=False,
    )
    for renderable in renderables:
        console.print(renderable)
    return buffer.getvalue()
