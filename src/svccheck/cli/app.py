"""The `svccheck` command: global options and the list of commands.

Start-up is kept light: this module and the command modules import only typer at module
level; each command imports the pipeline it needs when it runs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Annotated, Any, Final

import typer
from typer._click.types import StringParamType

from svccheck import __version__
from svccheck.cli import (
    actions,
    brief,
    diff,
    explain,
    form,
    ingest,
    read,
    report,
    roster,
    schema,
    score,
    standards,
    validate,
)
from svccheck.cli.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    ChecklistsOption,
    DbOption,
    LangOption,
    StandardsOption,
    tell,
)

app = typer.Typer(
    name="svccheck",
    help=(
        "Bank branch service standards as code: validate the standards, print the forms, "
        "score the filled sheets, report the gaps, keep the history.\n\n"
        "\b\nExamples:\n"
        "  svccheck score examples/2026-10/\n"
        "  svccheck --lang zh brief --branch 东环支行\n"
        "  svccheck COMMAND --help"
    ),
    no_args_is_help=True,
    # Plain click help: half the start-up of rich help (typer imports rich and markdown-it
    # for it), and it wraps Chinese text correctly in any terminal.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
)

# (command name, module): each module exposes `command`; they import only typer at load time.
COMMANDS: tuple[tuple[str, ModuleType], ...] = (
    ("validate", validate),
    ("standards", standards),
    ("schema", schema),
    ("diff", diff),
    ("form", form),
    ("read", read),
    ("score", score),
    ("explain", explain),
    ("ingest", ingest),
    ("report", report),
    ("brief", brief),
    ("actions", actions),
    ("roster", roster),
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"svccheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    lang: LangOption = None,
    standards: StandardsOption = None,
    checklists: ChecklistsOption = None,
    db: DbOption = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    ctx.obj = {"lang": lang, "standards": standards, "checklists": checklists, "db": db}


for _name, _module in COMMANDS:
    app.command(_name)(_module.command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run svccheck with `argv` (default: the command line) and return the exit code.

    The console script and `python -m svccheck` exit with it; the tests call it in process.
    Any SvccheckError becomes one line on stderr and its exit code (2; 1 for NothingToDo),
    never a traceback. Under zh the help pages and click's usage errors are in Chinese too:
    the language is taken from the arguments before click parses them (`argv_lang`).
    """
    from svccheck.cli.common import secrets_masked

    for stream in (sys.stdout, sys.stderr):
        degrade_unencodable(stream)
    with secrets_masked(sys.argv[1:] if argv is None else argv):
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    import errno

    from typer._click.exceptions import ClickException
    from typer.main import get_command

    from svccheck.errors import SvccheckError
    from svccheck.i18n import tr

    args = sys.argv[1:] if argv is None else argv
    lang = argv_lang(args)
    named = command_named(args)
    everything = app.registered_commands
    if named is not None:  # build only the command run: click builds each from its signature
        app.registered_commands = [c for c in everything if c.name == named]
    try:
        command = get_command(app)
    finally:
        app.registered_commands = everything
    text_values(command, lang)
    if lang == "zh":
        from svccheck.cli import zh

        zh.localise(command)
    try:
        # Not standalone: usage errors come back here to be shown in the chosen language;
        # typer.Exit, Ctrl-C (130) and --help come back as an exit code.
        code = command.main(
            args=argv, prog_name=None if argv is None else "svccheck", standalone_mode=False
        )
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            return done.code or EXIT_OK
        tell(f"{done.code}")
        return EXIT_FINDINGS
    except ClickException as error:
        if lang == "zh":
            zh.show_error(error)
        else:
            error.show()
        return error.exit_code
    except typer.Abort:
        sys.stderr.write(tr(lang, "已中止。", "Aborted!") + "\n")
        return EXIT_FINDINGS
    except SvccheckError as error:
        # (in zh as click's own errors are: 错误：)
        kind = tr(lang, "错误：", "error: ") if error.exit_code == EXIT_ERROR else ""
        tell(f"svccheck{tr(lang, '：', ': ')}{kind}{error}")
        return error.exit_code
    except KeyboardInterrupt:
        sys.stderr.write(tr(lang, "svccheck：已中断", "svccheck: interrupted") + "\n")
        return 130
    except OSError as error:
        if error.errno == errno.EPIPE:
            # A reader gone away (`svccheck … | head`): exit 1 quietly, as click does, and keep
            # the interpreter's final flush of the broken stream quiet too.
            from typer._click.utils import PacifyFlushWrapper

            sys.stdout = PacifyFlushWrapper(sys.stdout)
            sys.stderr = PacifyFlushWrapper(sys.stderr)
            return EXIT_FINDINGS
        tell(tr(lang, "svccheck：错误：{error}", "svccheck: error: {error}",
                error=os_error_text(error, lang)))  # fmt: skip
        return EXIT_ERROR
    return code if isinstance(code, int) else EXIT_OK


def os_error_text(error: OSError, lang: str) -> str:
    """An OSError no command framed itself, as a line for people: the path and the reason
    in `lang` ("fifo/b.csv: Not a directory"), not Python's "[Errno 20] …: '…'"."""
    from svccheck.atomic import os_reason
    from svccheck.pathtext import path_text

    reason = os_reason(error, lang)
    if error.filename is None:
        return reason
    colon = "：" if lang == "zh" else ": "
    return f"{path_text(os.fsdecode(error.filename))}{colon}{reason}"


def text_values(command: Any, lang: str) -> None:
    """Make every text value of `command` and its subcommands (--branch, --role, a checklist's
    name; not a file or folder, not the --db URL) text, whatever bytes it came as.

    A shell script or cron line saved in GBK hands `--branch 东环` over as GBK bytes, which
    Python holds as lone surrogates: they would end in a traceback where the value is stored
    (roster) or matched (brief, report). Such a value is read as GB18030
    (`pathtext.argument_text`: 东环 again); one that is not that either is refused, exit 2.
    A path keeps the bytes it came as: the operating system needs them to open the file."""
    for each in (command, *getattr(command, "commands", {}).values()):
        for param in each.params:
            if type(param.type) is StringParamType and "--db" not in param.opts:
                param.type = _TextValue(lang)


class _TextValue(StringParamType):
    """A string option or argument whose value is made text (`text_values`)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        from svccheck.pathtext import argument_text

        value = super().convert(value, param, ctx)
        if not isinstance(value, str):
            return value
        text = argument_text(value)
        if text is None:
            from svccheck.errors import ConfigError
            from svccheck.i18n import tr

            name = max(param.opts, key=len) if param.opts else param.human_readable_name
            raise ConfigError(
                tr(
                    self.lang,
                    "{name} 不是有效的 UTF-8 文本（脚本是否以其他编码保存？请另存为 UTF-8）",
                    "{name} is not valid UTF-8 text (was the script saved in another "
                    "encoding? save it as UTF-8)",
                    name=name,
                )
            )
        return text


def degrade_unencodable(stream: object) -> None:
    """Let a stream whose encoding is not UTF-8 write what it cannot encode as an escape.

    On Windows, Python writes redirected or piped output (`svccheck read … > out.txt`, Task
    Scheduler, a CI runner) in the ANSI code page: cp936 (GBK) on a Chinese PC, which has no
    › ✓ ⚠ ╷ █, and cp1252 on an English one, which has no Chinese either. Strict encoding
    would stop the report mid-way with a traceback. The encoding is kept (Notepad and Excel
    read the file as the PC's code page) and only what it lacks degrades.

    `backslashreplace`, not `replace`: a name the code page cannot hold is written as
    `\\u4e1c\\u73af`, which can be read back exactly, where `?` would make 张? of two
    different people and hide that anything was lost. Symbols (›, ✓) cost a few characters
    of alignment; `set PYTHONUTF8=1` (README, Windows notes) gives UTF-8 output instead.
    A UTF-8 stream (a Windows console, any Linux terminal) is left as it is."""
    import codecs

    encoding = getattr(stream, "encoding", None)
    reconfigure = getattr(stream, "reconfigure", None)
    if not isinstance(encoding, str) or reconfigure is None:
        return  # no stream (pythonw), or one a caller put there (a test's buffer)
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return
    if name not in ("utf-8", "utf-8-sig"):
        reconfigure(errors="backslashreplace")


_ROOT_VALUED: Final = frozenset({"--lang", "--standards", "--checklists", "--db"})
"""The root options that take a value (`_root`'s, except --version)."""


def command_named(args: Sequence[str]) -> str | None:
    """The command a run names, when its arguments plainly say so: the first argument that is
    no root option (nor a root option's value) is one of COMMANDS' names. None otherwise (no
    command, a misspelt one, anything unusual): then every command is built, for click's help
    and messages."""
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in _ROOT_VALUED:
            index += 2
            continue
        if arg.startswith("-"):
            if arg.partition("=")[0] not in _ROOT_VALUED:
                return None  # --help, --version, or a usage error: click says what it says
            index += 1
            continue
        return arg if arg in _COMMAND_NAMES else None
    return None


_COMMAND_NAMES: Final = frozenset(name for name, _ in COMMANDS)


def argv_lang(args: Sequence[str]) -> str:
    """The interface language of a run, read from its arguments before click parses them (a
    usage error may come before --lang): the last `--lang X` or `--lang=X` before `--`, else
    $SVCCHECK_LANG, else the locale. Agrees with `make_settings`, where a command's --lang
    wins over one given before the command name."""
    from svccheck.i18n import resolve_lang

    given = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            given = args[index + 1]
        elif arg.startswith("--lang="):
            given = arg.partition("=")[2]
    return resolve_lang(given)


__all__ = ["app", "argv_lang", "command_named", "degrade_unencodable", "main"]
