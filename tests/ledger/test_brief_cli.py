"""`svccheck brief` over a real ledger (both backends): the morning meeting's briefing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from svccheck.model import Library


def brief_json(run_cli: Any, url: str, *args: str) -> dict[str, Any]:
    result = run_cli("brief", "--db", url, "--format", "json", *args)
    assert result.code == 0, result
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_brief_for_one_branch(run_cli, bank_url: str, library: Library) -> None:
    # Meeting on Monday 10-12: the last working day with data is Saturday 10-10.
    doc = brief_json(run_cli, bank_url, "--date", "2026-10-12", "--branch", "东环支行")
    (east,) = doc["branches"]
    assert east["yesterday"] == "2026-10-10"
    assert east["summary"]["checks"] == 4
    scores = {r["subject"]: r["score"] for r in east["results"]}
    # 张三: self-check 99.5 (TLR-05), peer check 98.5 (TLR-05, TLR-11): 99 on the day.
    assert scores == {"李四": 100, "张三": 99}
    star_mark = library.checklists["morning-teller"].scoring.star_mark
    expected = ["李四", "张三"] if star_mark <= 99 else ["李四"]
    assert [s["subject"] for s in east["stars"]] == expected
    assert east["roster"] == 2 and east["no_self_check"] == []
    # Top gaps of 10-04..10-10: TLR-05 (3 points) and TLR-11 (3 points), then TLR-01.
    assert [f["item"] for f in east["focus"]] == ["TLR-05", "TLR-11", "TLR-01"]
    assert east["focus"][0]["criterion"]["zh"]
    assert east["windows"] == {"roster_from": "2026-09-11", "focus_from": "2026-10-04"}


def test_roster_members_without_a_self_check(run_cli, bank_url: str) -> None:
    doc = brief_json(run_cli, bank_url, "--date", "2026-10-09")
    branches = {b["branch"]: b for b in doc["branches"]}
    assert set(branches) == {"东环支行", "西城支行"}
    assert branches["西城支行"]["yesterday"] == "2026-10-08"
    assert branches["西城支行"]["no_self_check"] == []


def test_brief_text_is_localised(run_cli, bank_url: str) -> None:
    zh = run_cli(
        "brief", "--db", bank_url, "--date", "2026-10-12", "--branch", "东环支行", lang="zh"
    )
    assert zh.code == 0, zh
    assert "今日重点" in zh.stdout and "服务明星" in zh.stdout and "TLR-05" in zh.stdout
    en = run_cli("brief", "--db", bank_url, "--date", "2026-10-12", "--branch", "东环支行")
    assert "Today's focus" in en.stdout and "read the standard aloud" in en.stdout


@pytest.mark.parametrize("fmt, marker", [("md", "# 东环支行"), ("html", "<!doctype html>")])
def test_brief_files(run_cli, bank_url: str, tmp_path: Path, fmt: str, marker: str) -> None:
    out = tmp_path / f"brief.{fmt}"
    result = run_cli(
        "brief",
        "--db",
        bank_url,
        "--date",
        "2026-10-12",
        "--branch",
        "东环支行",
        "--format",
        fmt,
        "-o",
        out,
    )
    assert result.code == 0, result
    text = out.read_text(encoding="utf-8")
    assert marker in text and "TLR-05" in text


def test_no_data_before_the_day(run_cli, bank_url: str) -> None:
    doc = brief_json(run_cli, bank_url, "--date", "2026-01-05", "--branch", "东环支行")
    assert doc["branches"][0]["yesterday"] is None
    text = run_cli("brief", "--db", bank_url, "--date", "2026-01-05")
    assert text.code == 0 and "no branch data in the 30 days before 2026-01-05" in text.stdout


def test_bad_date(run_cli, bank_url: str) -> None:
    result = run_cli("brief", "--db", bank_url, "--date", "2026-02-30")
    assert result.code == 2 and "--date '2026-02-30' is not a date" in result.stderr


def test_a_branch_the_ledger_does_not_hold_is_refused_naming_those_it_does(
    run_cli, bank_url: str
) -> None:
    # a typo (东坏 for 东环), or a part of several names (支行): an empty brief would read as a
    # quiet day
    for typo in ("东坏支行", "支行"):
        for lang, said in (("zh", f"中没有{typo}的检查"), ("en", f"holds no checks for {typo}")):
            for command in ("brief", "actions", "report"):
                result = run_cli(command, "--db", bank_url, "--branch", typo, lang=lang)
                assert result.code == 2, result
                assert said in result.stderr and "东环支行" in result.stderr
                assert result.stdout == ""


def test_a_part_of_one_branchs_name_is_that_branch(run_cli, bank_url: str) -> None:
    # as --role takes 柜员 for 综合柜员: 东环 is 东环支行, the one branch whose name holds it
    for command in ("brief", "actions", "report"):
        whole = run_cli(command, "--db", bank_url, "--branch", "东环支行", "--format", "json")
        part = run_cli(command, "--db", bank_url, "--branch", "东环", "--format", "json")
        assert whole.code == part.code == 0, (whole, part)
        assert part.stdout == whole.stdout


def test_a_branch_known_by_its_staff_list_alone_is_not_refused_and_an_empty_ledger_is(
    run_cli, ledger_url: str, tmp_path: Path
) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text("姓名,岗位\n付娜,综合柜员\n朱红梅,综合柜员\n", encoding="utf-8")
    for command in ("brief", "actions"):  # nothing ingested yet: say so, as report does
        empty = run_cli(command, "--db", ledger_url)
        assert empty.code == 2 and "run svccheck ingest first" in empty.stderr, empty
    assert run_cli("roster", staff, "--branch", "东环支行", "--db", ledger_url).code == 0
    doc = brief_json(run_cli, ledger_url, "--date", "2026-10-09", "--branch", "东环支行")
    assert [b["branch"] for b in doc["branches"]] == ["东环支行"]
    typo = run_cli("brief", "--db", ledger_url, "--branch", "东环")
    assert typo.code == 2 and "holds no checks yet" in typo.stderr, typo


def test_a_read_only_command_never_creates_a_ledger(run_cli, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nowhere.db'}"
    for command in ("brief", "report"):
        result = run_cli(command, "--db", url, lang="zh")
        assert result.code == 2 and result.stdout == ""
        assert f"账本 {url} 不存在：请先用 svccheck ingest 入账" in result.stderr
    assert not (tmp_path / "nowhere.db").exists()
    assert not (tmp_path / "svccheck.db").exists()  # the default ledger is not made either
    assert run_cli("brief").code == 2
    assert not (tmp_path / "svccheck.db").exists()


def test_focus_lines_count_failures_in_good_english(run_cli, bank_url: str) -> None:
    args = ("brief", "--db", bank_url, "--date", "2026-10-12", "--branch", "东环支行")
    doc = brief_json(run_cli, bank_url, *args[3:])
    text = run_cli(*args).stdout
    said = {1: "failed once", 2: "failed twice"}
    for focus in doc["branches"][0]["focus"]:
        fails = focus["failures"]
        line = next(  # the focus line (result lines name gaps by id and title too)
            line for line in text.splitlines() if f" {focus['item']} " in line and "lost" in line
        )
        assert said.get(fails, f"failed {fails} times") in line, line
    assert "1 times" not in text and "(s)" not in text


def test_the_remediation_list_comes_before_the_results(run_cli, bank_url: str) -> None:
    args = ("brief", "--db", bank_url, "--date", "2026-10-12", "--branch", "东环支行")
    for lang, first, then in (("zh", "需整改人员", "昨日结果"), ("en", "Due for", "Yesterday's")):
        text = run_cli(*args, lang=lang).stdout
        assert text.index(first) < text.index(then), text


def test_the_branchs_own_check_is_told_apart_from_its_people_in_the_results(
    run_cli, ledger_url: str
) -> None:
    # The walk-round scores the branch itself: its line says so, not read as a person's.
    example = Path(__file__).resolve().parents[2] / "examples" / "2026-10"
    assert run_cli("ingest", example, "--db", ledger_url).code == 0
    args = ("brief", "--db", ledger_url, "--date", "2026-10-31", "--branch", "滨江支行")
    zh = run_cli(*args, lang="zh")
    assert zh.code == 0, zh
    (line,) = [x for x in zh.stdout.splitlines() if "滨江支行（网点）" in x]
    assert line.lstrip()[0].isdigit()  # a result line, ranked with the rest
    assert "滨江支行 (the branch)" in run_cli(*args).stdout
