"""Terminal text as a string: rich renderables rendered into a buffer.

Every table svccheck prints for people (the `table` report, `explain`, `read`, `standards`,
`validate`) is drawn by rich into a string, so the core returns text and only the CLI writes
it out. One console set-up for all of them: the width given, ANSI colours (the 16 standard
ones) only when asked for, no highlighting of numbers or URLs. rich is imported when text is
rendered, not when this module is.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType


def terminal_text(
    renderables: Iterable[RenderableType],
    *,
    width: int,
    color: bool = False,
    markup: bool = False,
    emoji: bool = False,
) -> str:
    """The renderables printed one after another, `width` columns wide.

    `markup` and `emoji` let rich read "[bold]" and ":smile:" in plain strings; keep them off
    wherever a string may come from a sheet or a standards file.
    """
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        markup=markup,
        emoji=emoji,
        legacy_windows=False,
    )
    for renderable in renderables:
        console.print(renderable)
    return buffer.getvalue()
