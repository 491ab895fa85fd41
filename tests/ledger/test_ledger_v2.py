"""Contract version 2 in the ledger, on both backends: accountable checks stored and rebuilt,
roster lines and staff lists behind the brief, the brief honest about stale data, and the
migration of a version-2 ledger to schema 3."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from cli_support import V1_LIBRARY, RunCli, accountable_copy
from svccheck.catalog.library import load_library
from svccheck.ledger.ingest import ingest_paths
from svccheck.ledger.period import month
from svccheck.ledger.report import period_report
from svccheck.ledger.schema import MIGRATIONS, SCHEMA_VERSION
from svccheck.ledger.store import open_ledger
from svccheck.model import Library

EAST = "东环支行"
THU, FRI, MON = dt.date(2026, 10, 8), dt.date(2026, 10, 9), dt.date(2026, 10, 12)


@pytest.fixture(scope="module")
def held_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled library with `accountable: employee` on the monthly register."""
    return accountable_copy(V1_LIBRARY, tmp_path_factory.mktemp("held"))


@pytest.fixture(scope="module")
def held(held_root: Path) -> Library:
    return load_library(held_root / "standards", held_root / "checklists")


def register(path: Path, day: dt.date) -> Path:
    """Five findings over four people (刘洋: 代客户输入密码, a red line) and a staff-on-duty
    sheet with one more person."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "登记簿"
    sheet.append(["营业网点服务检查登记簿"])
    sheet.append([f"网点：{EAST}"])
    sheet.append(["序号", "检查日期", "被检查人", "岗位", "标准编号", "问题描述", "扣分"])
    for n, (person, role, item, note) in enumerate(
        [
            ("张三", "综合柜员", "TLR-01", "未佩戴工号牌"),
            ("张三", "综合柜员", "TLR-04", "未双手递接"),
            ("李四", "综合柜员", "TLR-03", "未举手示意"),
            ("刘洋", "综合柜员", "TLR-28", "代客户输入密码"),
            ("王芳", "大堂经理", "LBM-01", "未按时到岗"),
        ],
        1,
    ):
        sheet.append([n, day, person, role, item, note, None])
    staff = book.create_sheet("在岗人员")
    staff.append(["姓名", "岗位"])
    for name, role in [("张三", "综合柜员"), ("李四", "综合柜员"), ("刘洋", "综合柜员"),
                       ("王芳", "大堂经理"), ("陈静", "大堂经理")]:  # fmt: skip
        staff.append([name, role])
    book.save(path)
    return path


def morning(path: Path, day: dt.date, people: dict[str, str]) -> Path:
    """A teller morning sheet: each person's marks ('' for a line nobody filled in)."""
    lines = ["日期,网点,姓名,岗位,TLR-01,TLR-02"]
    lines += [f"{day.isoformat()},{EAST},{name},综合柜员,{marks}" for name, marks in people.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_registers_people_are_stored_and_rebuilt(
    ledger_url: str, held: Library, tmp_path: Path
) -> None:
    with open_ledger(ledger_url) as ledger:
        done = ingest_paths(ledger, [register(tmp_path / "r.xlsx", THU)], held)
        assert done.ok, done
        report = period_report(ledger, held, month(2026, 10))
    (section,) = report.sections
    people = {r.subject: r for r in section.subjects if r.subject_kind == "employee"}
    assert set(people) == {"张三", "李四", "刘洋", "王芳", "陈静"}
    assert people["刘洋"].status == "remediation" and people["刘洋"].criticals == 1
    assert people["陈静"].score == 100 and people["陈静"].kinds == ("inspection",)
    # the branch holds the five findings once: the people add nothing to its figures
    (branch,) = report.branches
    assert (branch.subject, branch.criticals) == (EAST, 1)
    assert report.summary.failed == 5


def test_day_one_brief_lists_unfilled_lines_and_the_staff_list(
    ledger_url: str, library: Library, tmp_path: Path, run_cli: RunCli
) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text("姓名,岗位\n张三,综合柜员\n赵敏,综合柜员\n", encoding="utf-8")
    stored = run_cli("roster", staff, "--branch", EAST, "--db", ledger_url, lang="zh")
    assert stored.code == 0, stored
    assert "已记录 东环支行 的名单：2 人" in stored.stderr
    sheet = morning(tmp_path / "m.csv", FRI, {"张三": "√,√", "李四": ",", "周敏": ","})
    ingested = run_cli("ingest", sheet, "--checklist", "morning-teller", "--db", ledger_url)
    assert ingested.code == 0, ingested
    result = run_cli("brief", "--db", ledger_url, "--date", MON.isoformat(), "--branch", EAST,
                     "--format", "json")  # fmt: skip
    assert result.code == 0, result
    (east,) = json.loads(result.stdout)["branches"]
    assert east["yesterday"] == FRI.isoformat() and east["stale"] is False
    gaps = {g["subject"]: g for g in east["no_self_check"]}
    # 李四 and 周敏: on the sheet, nobody filled their lines in; 赵敏: on the staff list only
    assert set(gaps) == {"李四", "周敏", "赵敏"}
    assert gaps["赵敏"]["last_seen"] is None and gaps["李四"]["role"] == "teller"
    assert east["roster"] == 4
    text = run_cli("brief", "--db", ledger_url, "--date", MON.isoformat(), "--branch", EAST,
                   lang="zh")  # fmt: skip
    assert "李四（综合柜员，最近一次 —）" in text.stdout
    assert "teller" not in text.stdout and "全员已自查" not in text.stdout


def test_a_city_wide_staff_list_holds_the_branch_to_its_own_people_only(
    ledger_url: str, tmp_path: Path, run_cli: RunCli
) -> None:
    # An HR export lists the whole city with a 网点 column: the brief holds 东环支行 to its own
    # staff (and to those whose branch is blank), never to the other branches' people.
    staff = tmp_path / "city.csv"
    staff.write_text(
        f"姓名,岗位,网点\n张三,综合柜员,{EAST}\n赵敏,综合柜员,\n范雪,综合柜员,西城支行\n"
        "江思远,大堂经理,西城支行\n",
        encoding="utf-8",
    )
    stored = run_cli("roster", staff, "--branch", EAST, "--db", ledger_url, lang="zh")
    assert stored.code == 0, stored
    assert "已记录 东环支行 的名单：2 人" in stored.stderr
    assert "另有 2 人属于其他网点" in stored.stderr
    sheet = morning(tmp_path / "m.csv", FRI, {"张三": "√,√"})
    assert run_cli("ingest", sheet, "--checklist", "morning-teller", "--db", ledger_url).code == 0
    result = run_cli("brief", "--db", ledger_url, "--date", MON.isoformat(), "--branch", EAST,
                     "--format", "json")  # fmt: skip
    (east,) = json.loads(result.stdout)["branches"]
    assert [g["subject"] for g in east["no_self_check"]] == ["赵敏"]
    nobody = run_cli("roster", staff, "--branch", "南湖支行", "--db", ledger_url, lang="zh")
    assert nobody.code == 2 and "名单中没有 南湖支行 的人员" in nobody.stderr, nobody


def test_the_brief_says_when_its_data_is_stale(
    ledger_url: str, tmp_path: Path, run_cli: RunCli
) -> None:
    sheet = morning(tmp_path / "m.csv", THU, {"张三": "√,√"})
    assert run_cli("ingest", sheet, "--checklist", "morning-teller", "--db", ledger_url).code == 0
    zh = run_cli("brief", "--db", ledger_url, "--date", MON.isoformat(), "--branch", EAST,
                 lang="zh")  # fmt: skip
    lines = [line for line in zh.stdout.splitlines() if line.strip()]
    assert lines[2].strip().startswith("⚠ 注意：最新数据是 2026-10-08，早于上一个工作日 2026-10-09")
    # and every heading below names that day, never "yesterday" nor "the last 30 days"
    assert "2026-10-08 的结果" in zh.stdout and "2026-10-08 未自查" in zh.stdout
    assert "截至 2026-10-08 的 30 天" in zh.stdout and "截至 2026-10-08 的 7 天" in zh.stdout
    assert "昨日结果" not in zh.stdout and "近 30 天" not in zh.stdout
    fresh = run_cli("brief", "--db", ledger_url, "--date", "2026-10-09", "--branch", EAST)
    assert "⚠" not in fresh.stdout


def test_the_brief_names_the_person_a_register_holds_for_a_red_line(
    ledger_url: str, held: Library, held_root: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    path = register(tmp_path / "r.xlsx", FRI)
    lib = (
        "--standards",
        str(held_root / "standards"),
        "--checklists",
        str(held_root / "checklists"),
    )
    assert run_cli("ingest", path, "--db", ledger_url, *lib).code == 0
    result = run_cli("brief", "--db", ledger_url, "--date", MON.isoformat(), "--branch", EAST,
                     "--format", "json", *lib)  # fmt: skip
    (east,) = json.loads(result.stdout)["branches"]
    assert [r["subject"] for r in east["remediation"]] == ["刘洋"]


def test_a_version_2_ledger_migrates_to_3(ledger_url: str) -> None:
    with open_ledger(ledger_url, migrations=MIGRATIONS[:2]) as ledger:
        assert ledger.schema_version() == 2
        b = ledger.backend
        b.execute(
            "INSERT INTO files (id, content_hash, path, ingested_at, svccheck_version, sheets, "
            "rows_read, accepted, rejected, skipped) VALUES (1, 'h', 'old.csv', ?, '0.1', 'S', "
            "1, 1, 0, 0)",
            (b.date_param(dt.datetime(2026, 10, 9, tzinfo=dt.UTC)),),  # type: ignore[arg-type]
        )
        b.execute(
            "INSERT INTO batches (id, file_id, branch, date, checklist, kind, "
            "checklist_fingerprint, standards_version, findings_only, items, passes, "
            "observations) VALUES (1, 1, ?, ?, 'morning-teller', 'self_check', 'f', "
            "'2026.1', ?, 'TLR-01', '1', 1)",
            (EAST, b.date_param(THU), False),
        )
        b.execute(
            "INSERT INTO checks (id, batch_id, subject, subject_kind, role, employee_id, base, "
            "score, points_lost, passed, failed, na, unchecked, implied, observations, "
            "criticals, veto, outcomes) VALUES (1, 1, '张三', 'employee', 'teller', NULL, 100, "
            "100, 0, 1, 0, 0, 0, 0, 1, 0, NULL, 'P')"
        )
    with open_ledger(ledger_url) as ledger:
        assert ledger.schema_version() == SCHEMA_VERSION
        from svccheck.ledger.records import Selection

        (batch,) = ledger.load(Selection(THU, THU))
        (check,) = batch.checks
        assert (check.subject, check.possible, check.accountable) == ("张三", None, False)
        assert check.accountable is False
        assert ledger.roster_lines(THU, THU) == [] and ledger.staff(EAST) == []


def test_roster_errors_are_located(ledger_url: str, tmp_path: Path, run_cli: RunCli) -> None:
    bad = tmp_path / "staff.csv"
    bad.write_text("姓名,岗位\n张三,柜员甲\n", encoding="utf-8")
    result = run_cli("roster", bad, "--branch", EAST, "--db", ledger_url)
    assert result.code == 2
    assert "row 2 cell B2: unknown role '柜员甲'" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_inspectors_finding_counts_as_others_in_the_persons_honesty(
    ledger_url: str, held: Library, tmp_path: Path
) -> None:
    """张三 self-reports TLR-01 passed on THU; the register (accountable) finds it failed the
    same day: others see a failure his self-check did not admit."""
    sheet = morning(tmp_path / "m.csv", THU, {"张三": "√,√"})
    with open_ledger(ledger_url) as ledger:
        assert ingest_paths(ledger, [sheet], held, checklist="morning-teller").ok
        assert ingest_paths(ledger, [register(tmp_path / "r.xlsx", THU)], held).ok
        report = period_report(ledger, held, month(2026, 10))
    assert report.history is not None
    (mine,) = [h for h in report.history.honesty if h.level == "subject" and h.subject == "张三"]
    assert (mine.self_failed, mine.others_failed) == (0, 1)
    # TLR-01 failed and TLR-02 passed by implication: two items judged both ways, one agreed
    assert (mine.pairs, mine.agreement) == (2, 0.5)
    assert mine.others_fail_rate > mine.self_fail_rate
