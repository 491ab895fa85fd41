"""Hostile command lines: a ledger URL's password never reaches stdout or stderr, and an output
path never overwrites an input (every case built in tmp_path, exact exit codes and messages)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli_support import REPO, RunCli, cli_env

SECRET = "Hunter2Secret"

# Every way a password may ride in a ledger URL, well formed or not; the server at 127.0.0.1:1
# refuses the connection at once, so each case ends in our "cannot connect" message.
HOSTILE_URLS = {
    "userinfo": f"postgresql://svc:{SECRET}@127.0.0.1:1/ledger",
    "query": f"postgresql://svc@127.0.0.1:1/ledger?password={SECRET}",
    "query-last-colon": f"postgresql://svc@127.0.0.1:1/ledger?sslmode=disable&password={SECRET}:",
    "sslpassword": f"postgresql://svc@127.0.0.1:1/ledger?sslpassword={SECRET}",
    "percent-encoded": f"postgresql://svc:{SECRET[:4]}%2F{SECRET[4:]}@127.0.0.1:1/ledger",
    "slash-in-password": f"postgresql://svc:{SECRET[:4]}/{SECRET[4:]}@127.0.0.1:1/ledger",
    "at-in-password": f"postgresql://svc:{SECRET[:4]}@{SECRET[4:]}@127.0.0.1:1/ledger",
    "hash-in-password": f"postgresql://svc:{SECRET[:4]}#{SECRET[4:]}@127.0.0.1:1/ledger",
    # libpq reads `svc:xx?yy@host` as the authority: the driver sees a password with a ?
    "question-in-password": f"postgresql://svc:{SECRET[:4]}?{SECRET[4:]}@127.0.0.1:1/ledger",
    "bracket": f"postgresql://svc:{SECRET}@[::1:1/ledger",
    "bad-escape": f"postgresql://svc:{SECRET}%zz@127.0.0.1:1/ledger",
    "space": f"postgresql://svc:{SECRET[:4]} {SECRET[4:]}@127.0.0.1:1/ledger",
    "libpq": f"host=127.0.0.1 port=1 password={SECRET}",
    "libpq-quoted": f"host=127.0.0.1 password='{SECRET[:4]} \\'{SECRET[4:]}'",
    "other-scheme": f"mysql://root:{SECRET}@db/ledger",
}


def _pieces() -> tuple[str, ...]:
    """The secret and its halves as the hostile URLs split it: none may be shown."""
    return (SECRET, SECRET[:4] + "/", SECRET[4:])


def _ledger_commands(tmp_path: Path) -> dict[str, list[str]]:
    """Every command that opens a ledger, with what it needs to get that far."""
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("branch,date\n", encoding="utf-8")
    staff = tmp_path / "staff.csv"
    staff.write_text("姓名\n张三\n", encoding="utf-8")
    return {
        "ingest": ["ingest", str(sheet)],
        "report": ["report"],
        "brief": ["brief", "--date", "2026-10-12"],
        "roster": ["roster", str(staff), "--branch", "东环支行"],
    }


# Every form against one command, and every command against the three usual forms: each
# command reaches the ledger through the same parse and connect, so this covers the matrix.
CASES = [("report", form) for form in sorted(HOSTILE_URLS)] + [
    (command, form)
    for command in ("ingest", "brief", "roster")
    for form in ("userinfo", "query", "libpq")
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command, form", CASES)
def test_no_password_on_any_stream(
    run_cli: RunCli, tmp_path: Path, command: str, form: str, lang: str
) -> None:
    url = HOSTILE_URLS[form]
    args = _ledger_commands(tmp_path)[command]
    for how in ("option", "global", "env"):
        if how == "option":
            result = run_cli(*args, "--db", url, lang=lang)
        elif how == "global":
            result = run_cli("--db", url, *args, lang=lang)
        else:
            result = run_cli(*args, env={"SVCCHECK_DB": url}, lang=lang)
        assert result.code == 2, result
        error = "svccheck: error: " if lang == "en" else "svccheck：错误："
        assert result.stderr.startswith(error), result
        shown = result.stdout + result.stderr
        for piece in _pieces():
            assert piece not in shown, (how, result)
        assert "***" in result.stderr, result


@pytest.mark.parametrize(
    "form, message",
    [
        (
            "userinfo",
            "svccheck: error: cannot connect to the ledger "
            "postgresql://svc:***@127.0.0.1:1/ledger: ",
        ),
        (
            "query",
            "svccheck: error: cannot connect to the ledger "
            "postgresql://svc@127.0.0.1:1/ledger?password=***: ",
        ),
        (
            "libpq",
            "svccheck: error: unknown ledger URL 'host=127.0.0.1 port=1 password=***': expected "
            "sqlite:///PATH or postgresql://USER@HOST:PORT/DB (a libpq key=value string is not "
            "a URL: write postgresql://USER@HOST:PORT/DB and keep the password in ~/.pgpass or "
            "$PGPASSWORD)\n",
        ),
        (
            "other-scheme",
            "svccheck: error: unknown ledger URL 'mysql://root:***@db/ledger': expected "
            "sqlite:///PATH or postgresql://USER@HOST:PORT/DB\n",
        ),
    ],
)
def test_the_messages_still_say_which_ledger(run_cli: RunCli, form: str, message: str) -> None:
    result = run_cli("report", "--db", HOSTILE_URLS[form])
    assert result.code == 2, result
    assert result.stderr.startswith(message), result


@pytest.mark.parametrize(
    "form, message",
    [
        ("userinfo", "svccheck：错误：无法连接账本 postgresql://svc:***@127.0.0.1:1/ledger："),
        (
            "query",
            "svccheck：错误：无法连接账本 postgresql://svc@127.0.0.1:1/ledger?password=***：",
        ),
        (
            "libpq",
            "svccheck：错误：无法识别的账本 URL 'host=127.0.0.1 port=1 password=***'：应为 "
            "sqlite:///路径 或 postgresql://用户@主机:端口/数据库（libpq 的 key=value "
            "字符串不是 URL：请写 postgresql://用户@主机:端口/数据库，密码放在 ~/.pgpass 或 "
            "$PGPASSWORD 中）\n",
        ),
        (
            "other-scheme",
            "svccheck：错误：无法识别的账本 URL 'mysql://root:***@db/ledger'：应为 "
            "sqlite:///路径 或 postgresql://用户@主机:端口/数据库\n",
        ),
    ],
)
def test_the_messages_in_chinese_mask_the_same(run_cli: RunCli, form: str, message: str) -> None:
    result = run_cli("report", "--db", HOSTILE_URLS[form], lang="zh")
    assert result.code == 2, result
    assert result.stderr.startswith(message), result


def test_a_url_given_where_it_does_not_belong(run_cli: RunCli) -> None:
    """The option parser echoes a misplaced argument: masked like our own messages."""
    url = HOSTILE_URLS["userinfo"]
    extra = run_cli("report", url)
    assert extra.code == 2, extra
    assert "Got unexpected extra argument(s) (postgresql://svc:***@127.0.0.1:1/ledger)" in (
        extra.stderr
    )
    wrong = run_cli("report", "--format", url)
    assert wrong.code == 2, wrong
    for result in (extra, wrong):
        assert SECRET not in result.stdout + result.stderr, result


def test_a_password_on_an_sqlite_url_is_not_shown(run_cli: RunCli, tmp_path: Path) -> None:
    """SQLite takes no password, but a URL that carries one is still shown masked."""
    folder = tmp_path / "missing"
    result = run_cli("report", "--db", f"sqlite:///{folder}/x.db?password={SECRET}")
    assert result.code == 2, result
    assert result.stderr == (
        f"svccheck: error: no ledger at sqlite:///{folder}/x.db?password=***: "
        "run svccheck ingest first (or name one with --db)\n"
    ), result


# -- output paths -------------------------------------------------------------------------

SHEET = REPO / "examples" / "2026-10" / "morning" / "北站支行-W41.xlsx"


@pytest.fixture
def month(tmp_path: Path) -> Path:
    """A folder of two filled sheets (copies of the example month's)."""
    folder = tmp_path / "month"
    folder.mkdir()
    shutil.copy(SHEET, folder / "a.xlsx")
    shutil.copy(SHEET.with_name("北站支行-W40.xlsx"), folder / "b.xlsx")
    return folder


def _refused(path: str, input_: str, lang: str = "en") -> str:
    if lang == "zh":
        return (
            f"svccheck：错误：拒绝写入 {path}：它是本次运行的输入（{input_}），写入会覆盖它；"
            "请另选输出文件\n"
        )
    return (
        f"svccheck: error: refusing to write {path}: it is an input of this run ({input_}) "
        "and would be replaced; choose another output file\n"
    )


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_output_naming_the_input_sheet_is_refused(
    run_cli: RunCli, month: Path, tmp_path: Path, lang: str
) -> None:
    before = _snapshot(tmp_path)
    sheet = "month/a.xlsx"
    for command in (
        ["score", sheet, "--format", "xlsx", "-o", sheet],
        ["score", "month", "--format", "xlsx", "-o", sheet],
        ["explain", "北站支行", sheet, "-o", sheet],
    ):
        result = run_cli(*command, lang=lang)
        assert result.code == 2, result
        assert result.stdout == "", result
        input_ = "month" if command[1] == "month" else sheet
        if input_ == "month":
            assert result.stderr.startswith(
                "svccheck: error: refusing to write month/a.xlsx: it lies in month, a folder "
                "this run reads, and would be read as an input; choose another output file"
                if lang == "en"
                else "svccheck：错误：拒绝写入 month/a.xlsx：它位于本次读取的文件夹 month 中，"
                "会被当作输入读取；请另选输出文件"
            ), result
        else:
            assert result.stderr == _refused(sheet, sheet, lang), result
    assert _snapshot(tmp_path) == before


def test_output_through_a_link_or_another_spelling_is_refused(
    run_cli: RunCli, month: Path, tmp_path: Path
) -> None:
    (tmp_path / "link.xlsx").symlink_to(month / "a.xlsx")
    (tmp_path / "hard.xlsx").hardlink_to(month / "b.xlsx")
    (tmp_path / "elsewhere").mkdir()
    (month / "c.xlsx").symlink_to(tmp_path / "elsewhere" / "real.xlsx")
    shutil.copy(SHEET, tmp_path / "elsewhere" / "real.xlsx")
    before = _snapshot(tmp_path)
    cases = {
        "link.xlsx": ("month/a.xlsx", "month/a.xlsx"),
        "hard.xlsx": ("month/b.xlsx", "month/b.xlsx"),
        "month/../month/a.xlsx": ("month/a.xlsx", "month/a.xlsx"),
        str(month / "a.xlsx"): ("month/a.xlsx", "month/a.xlsx"),
    }
    for output, (sheet, shown) in cases.items():
        result = run_cli("score", sheet, "--format", "xlsx", "-o", output)
        assert result.code == 2, result
        assert result.stderr == _refused(output, shown), result
    # a file the folder reads through a link, and a sheet that would be read from it next time
    for output in ("elsewhere/real.xlsx", "month/new.csv"):
        result = run_cli("score", "month", "--format", "csv", "-o", output)
        assert result.code == 2, result
        assert "it lies in month, a folder this run reads" in result.stderr, result
    assert _snapshot(tmp_path) == before


def test_a_report_beside_the_sheets_is_not_an_input(run_cli: RunCli, month: Path) -> None:
    """Only what the folder reader would read is refused: a markdown report may sit there."""
    result = run_cli("score", "month", "--format", "md", "-o", "month/report.md")
    assert result.code == 0, result
    assert (month / "report.md").read_text(encoding="utf-8").startswith("#")


def test_output_naming_the_library_or_the_ledger_is_refused(
    run_cli: RunCli, tmp_path: Path
) -> None:
    library = tmp_path / "lib"
    shutil.copytree(REPO / "standards", library / "standards")
    shutil.copytree(REPO / "checklists", library / "checklists")
    ledger = tmp_path / "ledger.db"
    created = run_cli("ingest", tmp_path / "none", "--db", f"sqlite:///{ledger}")
    assert created.code == 2, created  # nothing to ingest, but the ledger now exists
    assert ledger.is_file()
    before = _snapshot(tmp_path)
    taxonomy = "lib/standards/taxonomy.yaml"
    checklist = "lib/checklists/morning-teller.yaml"
    cases = [
        (["form", "morning-teller", "--standards", "lib/standards", "-o", taxonomy], taxonomy),
        (
            [
                "brief",
                "--standards",
                "lib/standards",
                "--db",
                "sqlite:///ledger.db",
                "-o",
                checklist,
            ],
            checklist,
        ),
        (["report", "--db", "sqlite:///ledger.db", "-o", "ledger.db"], "ledger.db"),
        (["brief", "--db", "sqlite:///ledger.db", "-o", "ledger.db-wal"], "ledger.db-wal"),
        (["diff", "lib", "lib", "-o", "lib/standards/new.yaml"], None),
    ]
    for command, shown in cases:
        result = run_cli(*command)
        assert result.code == 2, result
        if shown is None:
            assert "it lies in lib, a folder this run reads" in result.stderr, result
        elif shown.startswith("lib/"):
            folder = shown.rsplit("/", 1)[0]
            assert result.stderr.startswith(
                f"svccheck: error: refusing to write {shown}: it lies in {folder}"
            ), result
        else:
            assert result.stderr == _refused(shown, shown), result
    assert _snapshot(tmp_path) == before


# -- write errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, message",
    [
        ("en", "svccheck: error: cannot write {path}: {cause}\n"),
        ("zh", "svccheck：错误：无法写入 {path}：{cause}\n"),
    ],
)
def test_write_errors_name_the_path_and_the_cause(
    run_cli: RunCli, month: Path, tmp_path: Path, lang: str, message: str
) -> None:
    cases = {
        "/dev/full": "No space left on device" if lang == "en" else "磁盘空间不足",
        "a" * 300 + ".md": "File name too long" if lang == "en" else "文件名过长",
        "missing/report.md": "folder missing does not exist"
        if lang == "en"
        else "文件夹 missing 不存在",
        "month": "it is a folder" if lang == "en" else "这是一个文件夹",
    }
    for output, cause in cases.items():
        result = run_cli("score", "month", "--format", "md", "-o", output, lang=lang)
        assert result.code == 2, result
        assert result.stderr.endswith(message.format(path=output, cause=cause)), result
        assert ".tmp" not in result.stderr, result
    assert not (tmp_path / "missing").exists()
    assert sorted(p.name for p in month.iterdir()) == ["a.xlsx", "b.xlsx"]


def _env() -> dict[str, str]:
    """A real process's environment, running this checkout's svccheck."""
    return {**cli_env("en", None), "PYTHONPATH": str(REPO / "src")}


def test_stdout_on_a_full_device(month: Path, tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "svccheck", "score", "month", "--format", "md"],
            cwd=tmp_path,
            env=_env(),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr.endswith(
        "svccheck: error: cannot write to stdout: No space left on device\n"
    )


def test_a_failed_write_leaves_nothing_behind(month: Path, tmp_path: Path) -> None:
    """A file too large for the file-size limit (as a full disk would stop it): the message
    names the user's path, and neither the temporary file nor a partial report is left."""
    script = (
        "import resource, sys\n"
        "from svccheck.cli.app import main\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "report.md").write_text("the old report\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", script, "score", "month", "--format", "md", "-o", "out/report.md"],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.endswith("svccheck: error: cannot write out/report.md: File too large\n")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["report.md"]
    assert (tmp_path / "out" / "report.md").read_text(encoding="utf-8") == "the old report\n"


# -- links and subfolders in the library -------------------------------------------------------


@pytest.fixture
def linked_library(tmp_path: Path) -> Path:
    """A valid bank library with every kind of link trouble added."""
    bank = REPO / "tests" / "data" / "catalog" / "valid" / "bank-taxonomy-extends"
    shutil.copytree(bank / "standards", tmp_path / "standards")
    shutil.copytree(bank / "checklists", tmp_path / "checklists")
    (tmp_path / "standards" / "self.yaml").symlink_to("self.yaml")
    (tmp_path / "standards" / "a.yml").symlink_to("b.yml")
    (tmp_path / "standards" / "b.yml").symlink_to("a.yml")
    (tmp_path / "checklists" / "gone.yaml").symlink_to("nowhere.yaml")
    (tmp_path / "standards" / "up").symlink_to("..")
    return tmp_path


def test_link_loops_in_the_library_are_located_errors(
    run_cli: RunCli, linked_library: Path
) -> None:
    result = run_cli("validate", "--format", "github", cwd=linked_library)
    assert result.code == 1, result
    head = "::error file={},line=1,col=1,endLine=1,endColumn=1,title=file-unreadable::"
    link = "the symbolic link cannot be followed (a loop, or it points at nothing): "
    assert result.stdout.splitlines() == [
        head.format("checklists/gone.yaml") + link + "nowhere.yaml",
        head.format("standards/a.yml") + link + "b.yml",
        head.format("standards/b.yml") + link + "a.yml",
        head.format("standards/self.yaml") + link + "self.yaml",
        head.format("standards/up") + "a folder link back into the library (a loop): ..; "
        "remove the link",
    ], result


def test_link_loops_in_zh_and_every_command_refuses_the_library(
    run_cli: RunCli, linked_library: Path
) -> None:
    result = run_cli("validate", "--format", "github", cwd=linked_library, lang="zh")
    assert result.code == 1, result
    assert (
        "file=standards/self.yaml,line=1,col=1,endLine=1,endColumn=1,title=file-unreadable::"
        "符号链接无法解析（循环链接，或指向不存在的文件）：self.yaml"
    ) in result.stdout, result
    form = run_cli("form", "counter-morning", "-o", "f.xlsx", cwd=linked_library)
    assert form.code == 2, form
    assert "standards/self.yaml:1:1: the symbolic link cannot be followed" in form.stderr, form
    assert not (linked_library / "f.xlsx").exists()


@pytest.mark.parametrize(
    "lang, message",
    [
        ("en", "svccheck: error: {path}: Not a directory\n"),
        ("zh", "svccheck：错误：{path}：不是文件夹\n"),
    ],
)
def test_an_os_error_is_said_in_words(
    run_cli: RunCli, tmp_path: Path, lang: str, message: str
) -> None:
    """What no command frames itself (a FIFO given to diff as a library) is still a line of
    the chosen language naming the path, not Python's "[Errno 20] …: '…'"."""
    fifo = tmp_path / "b.csv"
    os.mkfifo(fifo)
    for old in (fifo, Path("/dev/zero")):
        result = run_cli("diff", old, REPO / "standards", lang=lang)
        assert (result.code, result.stderr) == (2, message.format(path=old)), result
