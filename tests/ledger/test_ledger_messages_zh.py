"""Why a ledger cannot be used, said in the language asked for: every command that opens one
(ingest and roster as much as report and brief), every way it can fail before any data is
read. The database's own words (SQLite's "file is not a database", libpq's) stay as given."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest


def _commands(tmp_path: Path) -> list[list[str | Path]]:
    staff = tmp_path / "staff.csv"
    staff.write_text("姓名,岗位\n张三,综合柜员\n", encoding="utf-8")
    return [["report"], ["brief"], ["ingest", tmp_path], ["roster", staff, "--branch", "东环支行"]]


@pytest.mark.parametrize(
    "lang, not_sqlite, no_folder, a_folder, too_long",
    [
        (
            "en",
            "svccheck: error: ledger {url}: cannot open the SQLite file: file is not a database\n",
            "svccheck: error: ledger {url}: folder {folder} does not exist\n",
            "svccheck: error: ledger {url}: {path} is a folder, not an SQLite file (name a file "
            "in it, e.g. sqlite:///{path}/svccheck.db)\n",
            "svccheck: error: ledger {url}: File name too long\n",
        ),
        (
            "zh",
            "svccheck：错误：账本 {url}：无法打开 SQLite 文件：file is not a database\n",
            "svccheck：错误：账本 {url}：文件夹 {folder} 不存在\n",
            "svccheck：错误：账本 {url}：{path} 是一个文件夹，不是 SQLite 文件（例如改用 "
            "sqlite:///{path}/svccheck.db）\n",
            "svccheck：错误：账本 {url}：文件名过长\n",
        ),
    ],
)
def test_an_unusable_sqlite_ledger(
    run_cli,
    tmp_path: Path,
    lang: str,
    not_sqlite: str,
    no_folder: str,
    a_folder: str,
    too_long: str,
) -> None:
    text = tmp_path / "notes.db"
    text.write_text("not sqlite\n", encoding="utf-8")
    folder = tmp_path / "ledgers"
    folder.mkdir()
    long_name = tmp_path / ("a" * 300 + ".db")
    for command in _commands(tmp_path):
        cases = {
            f"sqlite:///{text}": not_sqlite,
            f"sqlite:///{folder}": a_folder.replace("{path}", str(folder)),
            f"sqlite:///{long_name}": too_long,
        }
        if command[0] in ("ingest", "roster"):  # report and brief never create a ledger
            missing = tmp_path / "missing" / "x.db"
            cases[f"sqlite:///{missing}"] = no_folder.replace("{folder}", str(missing.parent))
        for url, message in cases.items():
            result = run_cli(*command, "--db", url, lang=lang)
            assert (result.code, result.stderr) == (2, message.format(url=url)), result
    assert not (tmp_path / "missing").exists()
    with pytest.raises(sqlite3.DatabaseError):  # left as it was: not made a ledger
        sqlite3.connect(text).execute("SELECT * FROM sqlite_master").fetchall()


@pytest.mark.parametrize(
    "lang, url, message",
    [
        ("en", "sqlite:///", "svccheck: error: sqlite:///: no file after sqlite:/// "
                             "(e.g. sqlite:///svccheck.db)\n"),
        ("zh", "sqlite:///", "svccheck：错误：sqlite:///：sqlite:/// 后面没有文件名"
                             "（例如 sqlite:///svccheck.db）\n"),
        ("zh", "ledger.db", "svccheck：错误：无法识别的账本 URL 'ledger.db'：应为 sqlite:///路径 "
                            "或 postgresql://用户@主机:端口/数据库（是否想写 sqlite:///ledger.db？）"
                            "\n"),
        ("zh", "sqlite://x.db", "svccheck：错误：无法识别的账本 URL 'sqlite://x.db'：应为 "
                                "sqlite:///路径 或 postgresql://用户@主机:端口/数据库（要写三个斜杠："
                                "sqlite:///相对路径.db，sqlite:////绝对/路径.db）\n"),
        ("zh", "postgresql://svc:pw@127.0.0.1:1/ledger",
               "svccheck：错误：无法连接账本 postgresql://svc:***@127.0.0.1:1/ledger："),
    ],
)  # fmt: skip
def test_a_ledger_url_that_leads_nowhere(
    run_cli, tmp_path: Path, lang: str, url: str, message: str
) -> None:
    for command in _commands(tmp_path):
        result = run_cli(*command, "--db", url, lang=lang)
        assert result.code == 2 and result.stderr.startswith(message), result
        assert ":pw@" not in result.stderr
