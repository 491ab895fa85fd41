"""Waivers (SPEC §8) through the ledger, on both backends: a waived failure is stored at ingest
with its waiver, a period report lists it as `svccheck score` of the same sheets does, a
corrected file replaces it, the honesty comparison and the morning brief leave it out, a
version-3 ledger gains the table, and `report --standards NEW` waives under the new library.

The bank: the frozen 2026.1 library, its monthly register holding people to account, and a
waivers.yaml beside standards/ waiving TLR-05 (叫号举手示意) at 东环支行 up to 2026-10-15 and
LBY-04 at every branch up to 2026-10-31.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from ledger_support import REPO, write_morning_csv

from cli_support import V1_LIBRARY, RunCli, accountable_copy
from svccheck.catalog.library import load_library
from svccheck.ledger.brief import morning_brief
from svccheck.ledger.ingest import ingest_paths
from svccheck.ledger.period import month
from svccheck.ledger.records import Selection
from svccheck.ledger.report import period_report
from svccheck.ledger.schema import MIGRATIONS, SCHEMA_VERSION
from svccheck.ledger.store import open_ledger
from svccheck.model import Library
from svccheck.pipeline import score_sheets
from svccheck.scoring.result import Report

EAST, WEST = "东环支行", "西城支行"
D8, D9, D20 = dt.date(2026, 10, 8), dt.date(2026, 10, 9), dt.date(2026, 10, 20)
TELLER = "综合柜员"
WAIVERS = """\
# approved exceptions
- item: TLR-05
  branch: 东环支行
  reason: 叫号器改造，暂无法举手示意
  approved_by: 运营管理部 王敏
  expires: 2026-10-15
- item: LBY-04
  branch: all
  reason: 引导台搬迁
  approved_by: 运营管理部 李强
  expires: 2026-10-31
"""


def bank(folder: Path, *, waivers: bool = True) -> Library:
    """The frozen library (register accountable) in `folder`, with or without waivers.yaml."""
    accountable_copy(V1_LIBRARY, folder)
    if waivers:
        (folder / "waivers.yaml").write_text(WAIVERS, encoding="utf-8")
    return load_library(folder / "standards", folder / "checklists")


def register(path: Path, findings: list[tuple[dt.date, str, str, str, str]]) -> Path:
    """An inspection register written with openpyxl: (date, branch, person, item, note)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "登记簿"
    sheet.append(["营业网点服务检查登记簿"])
    sheet.append(["序号", "检查日期", "网点", "被检查人", "岗位", "标准编号", "结果", "问题描述"])
    for n, (day, branch, person, item, note) in enumerate(findings, 1):
        sheet.append([n, day, branch, person, TELLER if person else "", item, "×", note])
    book.save(path)
    return path


FINDINGS = [
    (D8, EAST, "张三", "TLR-05", "叫号未举手"),  # waived (TLR-05 at 东环支行)
    (D8, EAST, "李四", "TLR-11", "未唱收唱付"),  # counts
    (D8, EAST, "", "LBY-04", "引导台无人"),  # waived (LBY-04 everywhere), the branch's own
    (D9, WEST, "王五", "TLR-05", "叫号未举手"),  # counts: the waiver is 东环支行's
    (D20, EAST, "张三", "TLR-05", "叫号未举手"),  # counts: after 2026-10-15
]


def as_dicts(report: Report) -> list[dict[str, object]]:
    return [w.as_dict() for w in report.waived]


def figures(report: Report) -> dict[str, Any]:
    """What a report says, less what only sheets scored directly carry (deductions' cells)."""
    return {
        "summary": report.summary,
        "gaps": report.gaps,
        "branches": report.branches,
        "subjects": report.subjects,
        "sections": [
            (s.checklist, s.summary, s.gaps, s.branches, s.subjects, as_dicts_of(s.waived))
            for s in report.sections
        ],
        "waived": as_dicts(report),
    }


def as_dicts_of(waived: tuple[Any, ...]) -> list[dict[str, object]]:
    return sorted((w.as_dict() for w in waived), key=lambda d: json.dumps(d, sort_keys=True))


def test_a_report_from_the_ledger_equals_score_of_the_sheets(
    ledger_url: str, tmp_path: Path
) -> None:
    library = bank(tmp_path / "bank")
    sheet = register(tmp_path / "register.xlsx", FINDINGS)
    scored = score_sheets([sheet], lambda: library, None, "en", details=False)
    with open_ledger(ledger_url) as ledger:
        assert ingest_paths(ledger, [sheet], library).ok
        reported = period_report(ledger, library, month(2026, 10))
    assert [(w.date, w.branch, w.employee, w.item) for w in reported.waived] == [
        (D8, EAST, None, "LBY-04"),
        (D8, EAST, "张三", "TLR-05"),
    ]
    (first, second) = as_dicts(reported)
    assert first["reason"] == "引导台搬迁" and first["waiver_branch"] == "all"
    assert second == {
        "checklist": "inspection-monthly",
        "kind": "inspection",
        "date": "2026-10-08",
        "branch": EAST,
        "subject": EAST,
        "employee": "张三",
        "item": "TLR-05",
        "count": 1,
        "note": "叫号未举手",
        "file": str(sheet),
        "sheet": "登记簿",
        "row": 3,
        "cell": "G3",
        "reason": "叫号器改造，暂无法举手示意",
        "approved_by": "运营管理部 王敏",
        "expires": "2026-10-15",
        "waiver_branch": EAST,
        "waiver": f"{tmp_path / 'bank' / 'waivers.yaml'}:2:3",
    }
    assert figures(reported) == figures(scored)
    # not deducted: 东环支行's 10-08 check lost TLR-11 only; 10-20 lost TLR-05 again
    lost = {(c.branch, c.date): c.points_lost for c in reported.checks if not c.accountable}
    items = {i.id: i.points for i in library.items.values()}
    assert lost[(EAST, D8)] == items["TLR-11"]
    assert lost[(EAST, D20)] == lost[(WEST, D9)] == items["TLR-05"]
    tlr05 = next(g for g in reported.gaps if g.item == "TLR-05")
    assert tlr05.failures == 2


def test_the_report_command_lists_them_in_every_format(
    ledger_url: str, tmp_path: Path, run_cli: RunCli
) -> None:
    bank(tmp_path / "bank")
    standards = tmp_path / "bank" / "standards"
    sheet = register(tmp_path / "register.xlsx", FINDINGS)
    ingested = run_cli("ingest", sheet, "--db", ledger_url, "--standards", standards)
    assert ingested.code == 0, ingested
    period = ("--period", "2026-10", "--db", ledger_url, "--standards", standards)
    title = {
        "en": "Waived failures (2: not deducted, out of pass rates)",
        "zh": "已豁免的不合格（2 项，不扣分、不计入合格率）",
    }
    for lang in ("en", "zh"):
        for fmt in ("table", "md"):
            shown = run_cli("report", *period, "--format", fmt, lang=lang)
            assert shown.code == 0, shown
            assert title[lang] in shown.stdout and "叫号器改造，暂无法举手示意" in shown.stdout
            direct = run_cli("score", sheet, "--standards", standards, "--format", fmt, lang=lang)
            listed = [line for line in direct.stdout.splitlines() if "waivers.yaml:" in line]
            assert len(listed) == 2
            assert all(line in shown.stdout for line in listed), (listed, shown.stdout)
    doc = json.loads(run_cli("report", *period, "--format", "json").stdout)
    direct = json.loads(run_cli("score", sheet, "--standards", standards, "-f", "json").stdout)
    assert doc["waived"] == direct["waived"] and len(doc["waived"]) == 2
    assert doc["summary"] == direct["summary"] and doc["gaps"] == direct["gaps"]
    # html: the list, and a link to it in the header; xlsx: a sheet holding every one
    for side, args in (("report", period), ("score", (sheet, "--standards", standards))):
        html, xlsx = tmp_path / f"{side}.html", tmp_path / f"{side}.xlsx"
        for out in (html, xlsx):
            done = run_cli(side, *args, "-o", out, lang="zh")
            assert done.code == 0, done
    pages = {side: (tmp_path / f"{side}.html").read_text(encoding="utf-8") for side in sides}
    for page in pages.values():
        assert '<a href="#waived">已豁免 2 项不合格</a>' in page
        assert title["zh"] in page and "叫号器改造，暂无法举手示意" in page
    listed = {
        side: re.findall(r'<ul class="waived">.*?</ul>', page) for side, page in pages.items()
    }
    assert listed["report"] == listed["score"] and listed["report"]
    sheets = {side: _rows(tmp_path / f"{side}.xlsx", "已豁免") for side in sides}
    assert sheets["report"] == sheets["score"]
    header, *rows = sheets["report"]
    assert header[:5] == ("日期", "网点", "对象", "员工", "项目") and len(rows) == 2
    zhang = dict(zip(header, rows[1], strict=True))
    assert (zhang["员工"], zhang["单元格"], zhang["行"]) == ("张三", "G3", 3)
    assert (zhang["批准人"], zhang["有效至"]) == ("运营管理部 王敏", "2026-10-15")


sides = ("report", "score")


def _rows(path: Path, name: str) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(r) for r in book[name].iter_rows(values_only=True)]
    finally:
        book.close()


def test_a_corrected_file_replaces_the_waived_failures(ledger_url: str, tmp_path: Path) -> None:
    library = bank(tmp_path / "bank")
    first = register(tmp_path / "first.xlsx", FINDINGS[:3])
    # the corrected register of the same branch and day: TLR-05 was not a finding after all
    corrected = register(tmp_path / "corrected.xlsx", [FINDINGS[1], FINDINGS[2]])
    with open_ledger(ledger_url) as ledger:
        assert ingest_paths(ledger, [first], library).ok
        held = period_report(ledger, library, month(2026, 10))
        assert [w.item for w in held.waived] == ["LBY-04", "TLR-05"]
        outcome = ingest_paths(ledger, [corrected], library)
        assert outcome.ok and outcome.outcomes[0].superseded
        now = period_report(ledger, library, month(2026, 10))
        stored = ledger.backend.query("SELECT item FROM waived ORDER BY item")
        (batch,) = ledger.load(Selection(D8, D8))
    assert [(w.item, w.file) for w in now.waived] == [("LBY-04", str(corrected))]
    assert [w.item for w in batch.waived] == ["LBY-04"]
    # the first file's rows stay as an audit trail, out of every report
    assert [item for (item,) in stored] == ["LBY-04", "LBY-04", "TLR-05"]


def test_without_waivers_nothing_is_stored_and_the_failure_counts(
    ledger_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = bank(tmp_path / "bank", waivers=False)
    sheet = register(tmp_path / "register.xlsx", FINDINGS)

    def never(*_: object) -> None:
        raise AssertionError("policies applied without branches.yaml or waivers.yaml")

    # without waivers.yaml ingest takes its old path: the policies are never looked at
    monkeypatch.setattr("svccheck.ledger.ingest.apply_policies", never)
    monkeypatch.setattr("svccheck.scoring.checks.apply_policies", never)
    with open_ledger(ledger_url) as ledger:
        assert ingest_paths(ledger, [sheet], library).ok
        reported = period_report(ledger, library, month(2026, 10))
        assert ledger.backend.query("SELECT count(*) FROM waived")[0][0] == 0
    assert reported.waived == ()
    tlr05 = next(g for g in reported.gaps if g.item == "TLR-05")
    assert tlr05.failures == 3


def test_a_waived_self_reported_failure_is_out_of_the_honesty_comparison(
    ledger_url: str, tmp_path: Path
) -> None:
    """张三 self-reports TLR-05 failed on 10-08 (waived there) and his peer passes it: the
    waived item is judged by neither side. His peer finds TLR-11 failed, which he passed: one
    failure others see that he did not admit, and no failure of his own."""
    library = bank(tmp_path / "bank")
    items = list(library.checklists["morning-teller"].items)
    own = write_morning_csv(
        tmp_path / "self.csv", EAST, {D8: [("张三", TELLER, {"TLR-05": "×"})]}, items
    )
    peer = write_morning_csv(
        tmp_path / "peer.csv", EAST, {D8: [("张三", TELLER, {"TLR-11": "×"})]}, items
    )
    with open_ledger(ledger_url) as ledger:
        assert ingest_paths(ledger, [own], library, checklist="morning-teller").ok
        assert ingest_paths(ledger, [peer], library, checklist="peer-teller").ok
        batches = ledger.load(Selection(D8, D8))
        report = period_report(ledger, library, month(2026, 10))
    (mine,) = [b for b in batches if b.key.kind == "self_check"]
    (outcome,) = mine.outcomes
    assert outcome[mine.items.index("TLR-05")] == "N"  # not applicable, as scored
    assert [w.item for w in mine.waived] == ["TLR-05"]
    (check,) = mine.checks
    assert (check.failed, check.points_lost) == (0, 0.0)
    assert report.history is not None
    (zhang,) = [h for h in report.history.honesty if h.level == "subject"]
    assert (zhang.self_failed, zhang.others_failed) == (0, 1)
    assert zhang.items == len(items) - 1  # TLR-05 was judged by the peer alone
    assert zhang.pairs == len(items) - 1


def test_the_brief_counts_a_waived_failure_against_no_one(ledger_url: str, tmp_path: Path) -> None:
    """张三 fails TLR-05 (waived) every morning of a week: without the waiver he would be due
    for remediation and TLR-05 the first focus item; with it, nothing is held against him."""
    items = list(bank(tmp_path / "plain", waivers=False).checklists["morning-teller"].items)
    people = [("张三", TELLER, {"TLR-05": "×"}), ("李四", TELLER, {"TLR-11": "×"})]
    days = {D8 + dt.timedelta(days=n): people for n in range(5)}
    sheet = write_morning_csv(tmp_path / "week.csv", EAST, days, items)
    meeting = D8 + dt.timedelta(days=5)
    found = {}
    for name, waivers in (("waived", True), ("plain", False)):
        library = bank(tmp_path / name, waivers=waivers)
        url = ledger_url if waivers else f"sqlite:///{tmp_path / 'plain.db'}"
        with open_ledger(url) as ledger:
            assert ingest_paths(ledger, [sheet], library, checklist="morning-teller").ok
            (found[name],) = morning_brief(ledger, library, meeting, branch=EAST).branches
    waived, plain = found["waived"], found["plain"]
    scores = {r.subject: r.score for r in waived.results}
    assert scores["张三"] == 100.0 and scores["李四"] < 100.0
    assert "张三" not in {r.subject for r in waived.remediation}
    assert "TLR-05" not in [f.item for f in waived.focus]
    # the same week without waivers.yaml holds it against him
    assert {r.subject: r.score for r in plain.results}["张三"] < 100.0
    assert "TLR-05" in [f.item for f in plain.focus]


def test_a_version_3_ledger_gains_the_waived_table(ledger_url: str, tmp_path: Path) -> None:
    library = bank(tmp_path / "bank")
    with open_ledger(ledger_url, migrations=MIGRATIONS[:3]) as ledger:
        assert ledger.schema_version() == 3
        assert "waived" not in ledger.backend.table_names()
        # what a version-3 svccheck stored: checks and rows, and no waived failures (a
        # morning sheet: it opens no corrective action, whose table came after version 3)
        plain = bank(tmp_path / "plain", waivers=False)
        items = list(plain.checklists["morning-teller"].items)
        people = [("张三", TELLER, {"TLR-05": "×"}), ("李四", TELLER, {})]
        old = write_morning_csv(tmp_path / "old.csv", EAST, {D8: people}, items)
        assert ingest_paths(ledger, [old], plain, checklist="morning-teller").ok
    with open_ledger(ledger_url) as ledger:
        assert ledger.schema_version() == SCHEMA_VERSION
        assert "waived" in ledger.backend.table_names()
        (batch,) = ledger.load(Selection(D8, D8))
        assert batch.waived == () and [c.subject for c in batch.checks] == ["张三", "李四"]
        assert ingest_paths(ledger, [register(tmp_path / "new.xlsx", FINDINGS)], library).ok
        reported = period_report(ledger, library, month(2026, 10))
    assert [w.item for w in reported.waived] == ["LBY-04", "TLR-05"]


def test_report_standards_new_waives_under_the_new_library(
    ledger_url: str, tmp_path: Path, run_cli: RunCli
) -> None:
    """tests/data/rescore: CTR-02 naming 张三 and CTR-03 naming 李四 at 东环支行 on 10-08. The new
    library waives CTR-02 there: the re-scored month lists it and does not deduct it."""
    data = REPO / "tests" / "data" / "rescore"
    for version in ("old", "new"):
        shutil.copytree(data / version, tmp_path / version)
    (tmp_path / "new" / "waivers.yaml").write_text(
        "- item: CTR-02\n  branch: 东环支行\n  reason: 新点钞机调试\n  approved_by: 王敏\n"
        "  expires: 2026-10-31\n",
        encoding="utf-8",
    )
    sheet = data / "register-2026-10-08.csv"
    ingested = run_cli("ingest", sheet, "--db", ledger_url, "--checklist", "register",
                       "--standards", tmp_path / "old" / "standards")  # fmt: skip
    assert ingested.code == 0, ingested

    def report(version: str, command: str, *args: Any) -> dict[str, Any]:
        done = run_cli(command, *args, "--standards", tmp_path / version / "standards",
                       "--format", "json")  # fmt: skip
        assert done.code == 0, done
        doc: dict[str, Any] = json.loads(done.stdout)
        return doc

    stored = report("old", "report", "--db", ledger_url, "--period", "2026-10")
    assert stored["waived"] == [] and "rescored_from" not in stored
    again = report("new", "report", "--db", ledger_url, "--period", "2026-10")
    assert again["rescored_from"] == ["2026.1"]
    assert [(w["item"], w["employee"], w["reason"]) for w in again["waived"]] == [
        ("CTR-02", "张三", "新点钞机调试")
    ]
    # only CTR-01 (分值 1) is left applicable, and nothing of it was lost
    assert [(b["subject"], b["score"]) for b in again["branches"]] == [(EAST, 100)]
    direct = report("new", "score", sheet, "--checklist", "register")
    assert again["waived"] == direct["waived"]
    assert again["branches"] == direct["branches"]
