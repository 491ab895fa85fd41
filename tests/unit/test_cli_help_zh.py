"""Under --lang zh the command line speaks Chinese: every help page, click's usage errors.

The help walk runs every command's `--help` through the real entry point (`cli.app.main`, as
the console script runs it) and looks for English prose: a run of three or more English words
outside the example command lines, option names, code spans and ids. English help stays
exactly what typer prints.
"""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from typer.main import get_command

from cli_support import REPO, RunCli, cli_env
from svccheck.cli.app import COMMANDS, app, argv_lang
from svccheck.cli.zh import _walk, translate_message, wrap
from svccheck.cli.zh_catalog import HELP
from svccheck.textwidth import display_width

COMMAND_NAMES = [name for name, _ in COMMANDS]

# What may be English in Chinese text: code spans, options, placeholders, paths, URLs, ids.
_NOT_PROSE = re.compile(
    r"`[^`]*`"  # code spans
    r"|'[^']*'"  # quoted values
    r"|<[^>]*>|\{[^}]*\}|\[[^\]]*\]"  # metavars, placeholders, click's extras
    r"|(?<![\w-])--?[\w-]+(?:=\S*)?"  # option names
    r"|\$\w+|\S+://\S*|\S*(?:[/\\]|\.\w)\S*"  # variables, URLs, paths and file names
)
_ENGLISH_RUN = re.compile(r"[A-Za-z][\w'’-]*(?:[ ,]+[A-Za-z][\w'’-]*){2,}")


def english_prose(text: str) -> list[str]:
    """Runs of 3+ English words in `text`, ignoring example command lines (`svccheck …`) and
    what `_NOT_PROSE` names."""
    found = []
    for line in text.splitlines():
        if line.strip().startswith(("svccheck ", "python -m svccheck")):
            continue
        found += _ENGLISH_RUN.findall(_NOT_PROSE.sub(" ", line))
    return found


def test_the_prose_finder_finds_english_and_spares_code() -> None:
    assert english_prose("Show this message and exit.") == ["Show this message and exit"]
    assert english_prose("读取 `svccheck form --roster` 的 sqlite:///svccheck.db 和 a/b c/d") == []
    assert (
        english_prose("  svccheck score examples/2026-10/ --format json --top 10 --lang en") == []
    )


@pytest.mark.parametrize("name", ["", *COMMAND_NAMES])
def test_every_help_page_is_chinese_under_zh(run_cli: RunCli, name: str) -> None:
    result = run_cli(*([name] if name else []), "--help", lang="zh")
    assert result.code == 0, result
    page = result.stdout
    assert page.startswith("用法：svccheck") and "选项：" in page, page
    assert english_prose(page) == [], page
    # The examples are kept as written, under a Chinese heading.
    assert "示例：" in page and f"svccheck {name}".strip() in page, page


def test_the_root_page_lists_every_command_in_chinese(run_cli: RunCli) -> None:
    page = run_cli("--help", lang="zh").stdout
    assert "命令：" in page and "用法：svccheck [选项] 命令 [参数]..." in page
    for name in COMMAND_NAMES:
        row = next(line for line in page.splitlines() if line.startswith(f"  {name} "))
        assert re.search(r"[\u4e00-\u9fff]", row), row


def test_help_pages_fit_the_terminal_in_display_columns(run_cli: RunCli) -> None:
    # 80 columns: click's formatter leaves 2 for the margin; only the example lines (as
    # written) and a word longer than a line may run over.
    for name in COMMAND_NAMES:
        page = run_cli(name, "--help", lang="zh", env={"COLUMNS": "80"}).stdout
        for line in page.splitlines():
            if not line.strip().startswith("svccheck ") and " " in line.strip():
                assert display_width(line) <= 80, (name, line)


def test_the_language_may_come_from_the_option_or_the_environment(run_cli: RunCli) -> None:
    by_option = run_cli("--lang", "zh", "score", "--help", lang="en")
    by_command_option = run_cli("score", "--help", "--lang=zh", lang="en")
    by_env = run_cli("score", "--help", lang="zh")
    assert by_option.stdout == by_command_option.stdout == by_env.stdout
    assert by_option.stdout.startswith("用法：")
    assert run_cli("score", "--help", "--lang", "en", lang="zh").stdout.startswith("Usage:")


def test_argv_lang_takes_the_last_lang_before_the_double_dash() -> None:
    assert argv_lang(["--lang", "en", "score", "--lang", "zh"]) == "zh"
    assert argv_lang(["--lang=zh", "score", "--", "--lang", "en"]) == "zh"


def test_every_help_text_has_its_chinese_and_the_catalogue_nothing_else() -> None:
    texts = set()
    for command in _walk(get_command(app)):
        for text in [command.help, *(getattr(p, "help", None) for p in command.params)]:
            if text:
                texts.add(inspect.cleandoc(text))
    missing = sorted(texts - HELP.keys())
    assert not missing, f"help texts with no Chinese in cli/zh_catalog.py HELP: {missing}"
    stale = sorted(HELP.keys() - texts)
    assert not stale, f"HELP entries no help text uses (the English changed?): {stale}"
    for english, chinese in HELP.items():
        examples = [line for line in english.splitlines() if line.strip().startswith("svccheck")]
        assert all(line in chinese.splitlines() for line in examples), english


@pytest.mark.parametrize("name", ["", *COMMAND_NAMES])
def test_english_help_is_what_typer_prints(
    run_cli: RunCli, name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = [name, "--help"] if name else ["--help"]
    ours = run_cli(*args, lang="en")
    monkeypatch.setenv("COLUMNS", "100")
    app(args, prog_name="svccheck", standalone_mode=False)
    assert ours.code == 0 and ours.stdout == capsys.readouterr().out


# (arguments, what the Chinese error says): click's usage errors, one of each kind.
USAGE_ERRORS = [
    (["score", "--rol", "x"], "错误：没有这个选项：--rol"),
    (["scor"], "错误：没有这个命令：'scor'。是不是想用：'score'？"),
    (["score"], "错误：缺少参数 'sheets'。"),
    (["score", "x.xlsx", "--top", "0"], "错误：'--top' 的值无效：0 不在范围 x>=1 内。"),
    (["score", "x.xlsx", "--top", "many"], "错误：'--top' 的值无效：'many' 不是整数。"),
    (["score", "x.xlsx", "--fail-under", "high"], "'high' 不是数字。"),
    (["standards", "--format", "pdf"], "'pdf' 不是可选值（'table', 'json'）之一。"),
    (["standards", "extra"], "错误：多余的参数：extra"),
    (["validate", "--strict=yes"], "错误：选项 '--strict' 不带值。"),
    (["standards", "--role"], "错误：选项 '--role' 需要一个值。"),
    (["schema"], "错误：缺少参数 'name'。可选值："),
]


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS, ids=lambda v: " ".join(v))
def test_usage_errors_are_chinese_under_zh(run_cli: RunCli, args: list[str], message: str) -> None:
    result = run_cli(*args, lang="zh")
    assert result.code == 2, result
    assert message in result.stderr, result
    assert english_prose(result.stderr) == [], result
    if "没有这个命令" not in message and "--" not in args[-1]:
        command = args[0]
        assert f"用法：svccheck {command} [选项]" in result.stderr, result
        assert f"运行 'svccheck {command} -h' 查看帮助。" in result.stderr, result
    english = run_cli(*args, lang="en")
    assert english.code == 2 and "Error: " in english.stderr and "错误" not in english.stderr


def test_a_usage_error_before_lang_is_still_chinese(run_cli: RunCli) -> None:
    result = run_cli("score", "--rol", "x", "--lang", "zh", lang="en")
    assert result.code == 2 and "错误：没有这个选项：--rol" in result.stderr, result


def test_no_arguments_shows_the_chinese_help(run_cli: RunCli) -> None:
    result = run_cli(lang="zh")
    assert result.code == 2 and result.stderr.startswith("用法：svccheck"), result
    assert english_prose(result.stderr) == []


# click's messages as its vendored source words them, including the rarer ones.
CLICK_ENGLISH = [
    "No such option: --rol (Possible options: --role, --top)",
    "No such command 'scor'. Did you mean 'score'?",
    "Missing command.",
    "Missing argument 'sheets'.",
    "Missing option '--branch'.",
    "Missing argument 'name'. Choose from:\n\tstandard,\n\tchecklist",
    "Invalid value for '--format' / '-f': 'pdf' is not one of 'table', 'json'.",
    "Invalid value: 'x' is not a valid integer.",
    "Invalid value for '--x': 'y' is not a valid float range.",
    "Invalid value for '--x': 'y' is not a valid boolean. Recognized values: 0, 1, no, yes",
    "Invalid value for '--x': 'y' is not a valid UUID.",
    "Invalid value for '--x': 12 is not in the range 0<=x<=10.",
    "Invalid value for '--x': 'y' does not match the formats '%Y-%m-%d'.",
    "Got unexpected extra argument(s) (a b)",
    "Option '--rows' requires 2 arguments.",
    "Option '--lang' requires an argument.",
    "Option '--strict' does not take a value.",
    "Argument 'pair' takes 2 values.",
    "Invalid value for 'pair': Takes 2 values but 1 given.",
    "Invalid value for 'pair': 2 values are required, but 3 given.",
    "Invalid value for 'pair': Value must be an iterable.",
]


@pytest.mark.parametrize("english", CLICK_ENGLISH)
def test_every_click_message_has_its_chinese(english: str) -> None:
    chinese = translate_message(english)
    assert english_prose(chinese) == [], chinese
    assert re.search(r"[\u4e00-\u9fff]", chinese), chinese


@given(
    st.lists(
        st.sampled_from([*"汉字标准检查表，。、（）：；", "abc", "--role", " ", "x/y.z"]),
        max_size=120,
    ).map("".join),
    st.integers(min_value=12, max_value=90),
)
@example("--role， ，", 12)
def test_wrapped_lines_fit_and_keep_marks_with_their_words(text: str, width: int) -> None:
    lines = wrap(text, width, "  ", "  ")
    assert "".join(line.strip().replace(" ", "") for line in lines) == text.replace(" ", "")
    for index, line in enumerate(lines):
        body = line.strip()
        # Over the width only when nothing could break: one word (or 汉字) with its marks —
        # a space before a closing mark is no break either ("--role， ，": the second ， stays).
        unit = re.sub(r"\s*[，。、（）：；]", "", body)
        alone = " " not in unit and (unit.isascii() or len(unit) <= 1)
        assert display_width(line) <= width or alone, (lines, width)
        if index and body:
            assert body[0] not in "，。、）：；", lines
        if index < len(lines) - 1 and body:
            assert body[-1] != "（", lines


def test_english_counts_agree_with_their_number() -> None:
    from svccheck.i18n import count, times

    assert [count(n, "error") for n in (0, 1, 2)] == ["0 errors", "1 error", "2 errors"]
    assert count(1, "person", "people") == "1 person" and count(3, "person", "people") == "3 people"
    assert [times(n) for n in (1, 2, 3)] == ["once", "twice", "3 times"]


@pytest.mark.parametrize(("lang", "loaded"), [("en", False), ("zh", True)])
def test_the_chinese_catalogue_loads_only_under_zh(lang: str, loaded: bool, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from svccheck.cli.app import main\n"
        "main(['--help'])\n"
        "print('svccheck.cli.zh_catalog' in sys.modules, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=cli_env(lang, {"PYTHONPATH": str(REPO / "src")}),  # this checkout's svccheck
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    assert proc.stderr.strip() == str(loaded), proc.stderr
