"""The Chinese of the command line: help texts, click's words and click's usage errors.

Loaded only under --lang zh (`cli.zh` applies it). Kept as Python data rather than a gettext
.po/.mo pair: typer vendors click with its messages as plain English f-strings (no gettext to
hand a catalogue to), a .mo must be compiled and shipped beside the code, and a dict is read
by the import that needs it with no build step. The rule is gettext's all the same — the
English text is the key — so an English help text edited without its Chinese shows up in
English, and tests/unit/test_cli_help_zh.py fails on it (as it does on a key no help uses).

To translate a new or changed help text: run the zh help test, copy the English it reports
(as `inspect.cleandoc` gives it: the docstring without its indentation) into HELP with its
Chinese. Example command lines stay as they are; `\\b` keeps a block unwrapped, as in English.
"""

from __future__ import annotations

import re
from typing import Final

# click's and typer's own words in a help page: headings, usage metavars, option extras.
CLICK_WORDS: Final[dict[str, str]] = {
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
    "[OPTIONS]": "[选项]",
    "COMMAND [ARGS]...": "命令 [参数]...",
    "default": "默认",
    "required": "必填",
    "env var": "环境变量",
    "Show this message and exit.": "显示本帮助并退出。",
}

# click's usage errors, sentence by sentence: (English pattern, Chinese), applied in order to
# the whole message; the groups carry option names, values and choices across unchanged.
CLICK_MESSAGES: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(pattern), zh)
    for pattern, zh in (
        (
            r"No such option: (\S+) \(Possible options: (.+)\)",
            r"没有这个选项：\1（是不是想用：\2？）",
        ),
        (r"No such option: (\S+)", r"没有这个选项：\1"),
        (r"No such command (.+?)\.(?= |$)", r"没有这个命令：\1。"),
        (r" ?Did you mean (.+)\?", r"是不是想用：\1？"),
        (r"Missing command\.", "缺少命令。"),
        (r"Missing argument (.+?)\.(?= |$)", r"缺少参数 \1。"),
        (r"Missing option (.+?)\.(?= |$)", r"缺少选项 \1。"),
        (r"Missing parameter(?::)? ?(.*?)\.?(?= |$)", r"缺少参数 \1。"),
        (r" ?Choose from:", "可选值："),
        (r"Invalid value for (.+?): ", r"\1 的值无效："),
        (r"Invalid value: ", "值无效："),
        (r"(.+) is not one of (.+)\.$", r"\1 不是可选值（\2）之一。"),
        (r"(.+) is not a valid (?:int range|integer|int)\.$", r"\1 不是整数。"),
        (r"(.+) is not a valid (?:float range|float)\.$", r"\1 不是数字。"),
        (r"(.+) is not a valid boolean\. Recognized values: (.+)$", r"\1 不是是非值；可用：\2"),
        (r"(.+) is not a valid UUID\.$", r"\1 不是有效的 UUID。"),
        (r"(.+) is not in the range (.+)\.$", r"\1 不在范围 \2 内。"),
        (r"(.+) does not match the formats (.+)\.$", r"\1 不符合格式 \2。"),
        (r"Got unexpected extra argument\(s\) \((.*)\)", r"多余的参数：\1"),
        (r"Option (.+?) requires an argument\.", r"选项 \1 需要一个值。"),
        (r"Option (.+?) requires (\d+) arguments\.", r"选项 \1 需要 \2 个值。"),
        (r"Option (.+?) does not take a value\.", r"选项 \1 不带值。"),
        (r"Argument (.+?) takes (\d+) values\.", r"参数 \1 需要 \2 个值。"),
        (r"Takes (\d+) values but (\d+) given\.", r"需要 \1 个值，给了 \2 个。"),
        (r"(\d+) values are required, but (\d+) given\.", r"需要 \1 个值，给了 \2 个。"),
        (r"Value must be an iterable\.", "值必须是一组值。"),
    )
)

# svccheck's help texts: English (as `inspect.cleandoc` gives it) → Chinese.
HELP: Final[dict[str, str]] = {}
