"""Chinese for the command line itself: help pages and click's usage errors under --lang zh.

svccheck's own messages are zh/en pairs in the code (`i18n.tr`). What the command line prints
before any command runs is not: the help pages (command docstrings and option help, written in
English in the command modules) and the usage errors of click (which typer vendors, with its
messages as English f-strings — no gettext to hook). Under zh, `app.main` hands the click
command tree to `localise` before parsing and routes usage errors to `show_error`:

- the tree's words are swapped for their Chinese from `cli.zh_catalog.HELP`, looked up by the
  English text itself (gettext's rule: the English is the message id, so an edited English
  text has no translation until the catalogue is updated — and the zh help test says so);
- a help formatter prints click's own words in Chinese (用法 / 选项 / 参数 / 命令, 默认, 必填)
  and wraps by display width, two columns for a 汉字, where click counts characters;
- a usage error is printed as click prints it, with its message translated sentence by
  sentence by `cli.zh_catalog.CLICK_MESSAGES` (patterns over the English, which carries the
  values: option names, the given value, the choices).

This module and its catalogue are imported only when zh is chosen: English start-up never
pays for them.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Iterator, Sequence
from typing import IO, Any

from typer._click.core import Command, Context
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer._click.formatting import HelpFormatter
from typer.core import TyperGroup

from svccheck.cli.zh_catalog import CLICK_MESSAGES, CLICK_WORDS, HELP
from svccheck.textwidth import char_width, display_width

# Punctuation that must not begin a line, and punctuation that must not end one.
_NO_LINE_START = frozenset("，。、；：！？）」』》】,.;:!?)]…")
_NO_LINE_END = frozenset("（「『《【([")
# A token: a run of spaces, a run of narrow characters (a word), or one wide character (a
# 汉字 or a full-width mark: a line may break after any). Narrow: up to the Hangul Jamo block.
_TOKEN = re.compile(r"\s+|[!-\u10ff]+|\S")


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Lines of `text` no wider than `width` columns (a 汉字 takes two), the first line starting
    with `first` and the others with `rest`. Breaks at spaces and between wide characters, but
    never before a closing mark or after an opening one (the word before goes down with the
    mark instead); a word longer than a line is not split."""
    lines: list[str] = []
    prefix = first
    line: list[str] = []  # the tokens of the line being filled, spaces included
    for token in _TOKEN.findall(text):
        if token.isspace():
            if line:
                line.append(" ")
            continue
        if line and _width(prefix, [*line, token]) > width:
            keep = _break_at(line, token)
            if keep:
                lines.append((prefix + "".join(line[:keep])).rstrip())
                prefix, line = rest, line[keep:]
        line.append(token)
    lines.append((prefix + "".join(line)).rstrip())
    return lines


def _break_at(line: list[str], token: str) -> int:
    """How many of `line`'s tokens stay on it when `token` does not fit: all, less the word a
    closing mark in `token` must follow and any opening mark before it; 0 when nothing would
    stay (the line then runs over rather than break badly)."""
    words = [i for i, t in enumerate(line) if not t.isspace()]
    keep = len(line)
    if token in _NO_LINE_START:
        while words:  # the marks before it, and the word they follow
            keep = words.pop()
            if line[keep] not in _NO_LINE_START:
                break
    while words and words[-1] < keep and line[words[-1]][-1] in _NO_LINE_END:
        keep = words.pop()
    return keep if keep == len(line) or words else 0


def _width(prefix: str, tokens: list[str]) -> int:
    return display_width(prefix) + sum(map(display_width, tokens))


def _paragraphs(text: str) -> Iterator[tuple[int, bool, str]]:
    """(indent, raw, text) of each paragraph, as click splits a help text: blank lines part
    paragraphs, a paragraph whose first line is `\\b` is printed as written. Lines of a
    paragraph are joined with a space between words, with nothing between 汉字."""
    block: list[str] = []
    indent = 0
    for line in [*text.expandtabs().splitlines(), ""]:
        if line.strip():
            if not block:
                indent = len(line) - len(line.lstrip())
            block.append(line if block and block[0].strip() == "\b" else line.strip())
            continue
        if block:
            if block[0].strip() == "\b":
                yield indent, True, "\n".join(block[1:])
            else:
                joined = block[0]
                for part in block[1:]:
                    wide = char_width(joined[-1]) == 2 and char_width(part[0]) == 2
                    joined += part if wide else " " + part
                yield indent, False, joined
            block = []


def _click_words(text: str) -> str:
    """click's own words in an option's help, e.g. `[default: table]`, `[required]`."""
    return CLICK_WORDS.get(text) or re.sub(
        r"  \[(.*)\]$",
        lambda bracket: "  [" + "; ".join(_extra(part) for part in bracket[1].split("; ")) + "]",
        text,
    )


def _extra(part: str) -> str:
    name, colon, value = part.partition(": ")
    return f"{CLICK_WORDS.get(name, name)}{'：' if colon else ''}{value}"


class ZhHelpFormatter(HelpFormatter):
    """click's help formatter with Chinese headings, measuring text in display columns."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        prefix = f"{'':>{self.current_indent}}{prefix or '用法：'}{prog} "
        indent = display_width(prefix)
        if self.width - indent < 20:
            self.write(f"{prefix.rstrip()}\n")
            prefix = " " * (self.current_indent + 4)
            indent = len(prefix)
        self.write("\n".join(wrap(args, self.width, prefix, " " * indent)) + "\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{CLICK_WORDS.get(heading, heading)}：\n")

    def write_text(self, text: str) -> None:
        self.write(self._text(text, self.width, self.current_indent) + "\n")

    @staticmethod
    def _text(text: str, width: int, indent: int) -> str:
        blocks = []
        for extra, raw, paragraph in _paragraphs(text):
            pad = " " * (indent + extra)
            if raw:
                blocks.append("\n".join(pad + line for line in paragraph.splitlines()))
            else:
                blocks.append("\n".join(wrap(paragraph, width, pad, pad)))
        return "\n\n".join(blocks)

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = [
            (re.sub(r"<[^>]*>", lambda kind: CLICK_WORDS.get(kind[0], kind[0]), first),
             _click_words(second))
            for first, second in rows
        ]  # fmt: skip
        first_col = min(max(display_width(first) for first, _ in rows), col_max) + col_spacing
        pad = " " * (self.current_indent + first_col)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + pad)
            text = self._text(second, max(self.width - first_col - 2, 10) + len(pad), len(pad))
            self.write(text.lstrip(" ") + "\n")


def _zh_context(base: type[Context]) -> type[Context]:
    return type(f"Zh{base.__name__}", (base,), {"formatter_class": ZhHelpFormatter})


def translate(text: str | None) -> str | None:
    """The Chinese of an English help text, or the text itself when it has none."""
    if not text:
        return text
    return HELP.get(inspect.cleandoc(text), text)


def localise(command: Command) -> None:
    """Turn a click command tree (a fresh one from `typer.main.get_command`) into Chinese:
    its help texts, its usage line and its help formatter."""
    contexts: dict[type[Context], type[Context]] = {}
    for cmd in _walk(command):
        if cmd.context_class not in contexts:
            contexts[cmd.context_class] = _zh_context(cmd.context_class)
        cmd.context_class = contexts[cmd.context_class]
        zh = translate(cmd.help)
        if zh is not None and zh != cmd.help:
            cmd.help = zh
            cmd.short_help = zh.partition("\n\n")[0].replace("\n", "")
        if cmd.options_metavar:
            cmd.options_metavar = CLICK_WORDS.get(cmd.options_metavar, cmd.options_metavar)
        if isinstance(cmd, TyperGroup) and cmd.subcommand_metavar:
            cmd.subcommand_metavar = CLICK_WORDS.get(cmd.subcommand_metavar, cmd.subcommand_metavar)
        for param in cmd.params:
            if getattr(param, "help", None):
                param.help = translate(param.help)  # type: ignore[attr-defined]


def _walk(command: Command) -> Iterator[Command]:
    yield command
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            yield from _walk(sub)


def translate_message(message: str) -> str:
    """click's English message in Chinese, sentence by sentence; what no pattern matches (a
    file name, a value) is kept as it is."""
    for pattern, template in CLICK_MESSAGES:
        message = re.sub(pattern, template, message)
    return message


def show_error(error: ClickException, file: IO[Any] | None = None) -> None:
    """Print a usage error as click does (usage line, where to find help, the error), in
    Chinese."""
    out = file or sys.stderr
    if isinstance(error, NoArgsIsHelpError):  # the help page itself, already in Chinese
        out.write(error.format_message() + "\n")
        return
    ctx = error.ctx if isinstance(error, UsageError) else None
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = f"运行 '{ctx.command_path} {ctx.help_option_names[0]}' 查看帮助。\n"
        out.write(f"{ctx.get_usage()}\n{hint}\n")
    out.write(f"错误：{translate_message(error.format_message())}\n")
    out.flush()
