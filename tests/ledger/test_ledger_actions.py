"""Corrective actions in the ledger (SPEC §8), on SQLite and PostgreSQL: stored per batch at
ingest, replaced with a corrected register, closed by a dated fix or by a later passing check
whatever order the files arrive in, and a version-3 ledger migrated to hold them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from cli_support import V1_LIBRARY, accountable_copy
from svccheck.catalog.library import load_library
from svccheck.ledger.ingest import ingest_paths
from svccheck.ledger.records import Selection
from svccheck.ledger.schema import MIGRATIONS, SCHEMA_VERSION
from svccheck.ledger.store import Ledger, open_ledger
from svccheck.model import Library
from svccheck.scoring.actions import select

EAST = "东环支行"
OCT_9, NOV_6 = dt.date(2026, 10, 9), dt.date(2026, 11, 6)
Finding = tuple[str | None, str, str, object, object]  # person, item, note, due, fixed


@pytest.fixture(scope="module")
def held(tmp_path_factory: pytest.TempPathFactory) -> Library:
    root = accountable_copy(V1_LIBRARY, tmp_path_factory.mktemp("held"))
    return load_library(root / "standards", root / "checklists")


def register(path: Path, day: dt.date, findings: list[Finding], on_duty: list[str]) -> Path:
    """A register with 整改期限 and 整改情况及复查日期 columns and a staff-on-duty sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "登记簿"
    sheet.append(["营业网点服务检查登记簿"])
    sheet.append([f"网点：{EAST}"])
    sheet.append(["序号", "检查日期", "被检查人", "岗位", "标准编号", "问题描述", "扣分",
                  "整改期限", "整改情况及复查日期"])  # fmt: skip
    for n, (person, item, note, due, fixed) in enumerate(findings, 1):
        role = "综合柜员" if person else None
        sheet.append([n, day, person, role, item, note, None, due, fixed])
    staff = book.create_sheet("在岗人员")
    staff.append(["姓名", "岗位"])
    for name in on_duty:
        staff.append([name, "综合柜员"])
    book.save(path)
    return path


OCTOBER: list[Finding] = [
    ("张三", "TLR-01", "未佩戴工号牌", dt.date(2026, 10, 12), None),
    ("李四", "TLR-03", "未举手示意", None, None),
    (None, "ENT-01", "门楣灯不亮", None, "整改中"),
]


def ingest(ledger: Ledger, library: Library, *paths: Path) -> None:
    report = ingest_paths(ledger, list(paths), library)
    assert report.ok and report.count("added") == len(paths), report


def by_item(ledger: Ledger, as_of: dt.date) -> dict[str, tuple[str, str, str, object]]:
    return {
        a.item: (a.subject, a.owner, a.status(as_of), a.closed_by and Path(a.closed_by).name)
        for a in ledger.actions(as_of=as_of)
    }


def test_a_register_opens_actions_overdue_after_their_due_date(
    ledger_url: str, held: Library, tmp_path: Path
) -> None:
    path = register(tmp_path / "10月.xlsx", OCT_9, OCTOBER, ["张三", "李四", "王五"])
    with open_ledger(ledger_url) as ledger:
        ingest(ledger, held, path)
        actions = ledger.actions()
        # oldest due first: 张三's dated 10-12; 李四's TLR-03 (major) 7 days; ENT-01 (minor) 14
        assert [(a.item, a.subject, a.owner, a.due) for a in actions] == [
            ("TLR-01", "张三", "张三", dt.date(2026, 10, 12)),
            ("TLR-03", "李四", "李四", dt.date(2026, 10, 16)),
            ("ENT-01", EAST, EAST, dt.date(2026, 10, 23)),
        ]
        assert actions[2].fix_note == "整改中" and actions[0].source.endswith("登记簿 E4")
        assert [a.item for a in select(actions, dt.date(2026, 10, 13), "overdue")] == ["TLR-01"]
        assert [a.item for a in select(actions, dt.date(2026, 10, 12), "open")] == [
            "TLR-01",
            "TLR-03",
            "ENT-01",
        ]
        assert ledger.actions(branch="西城支行") == []
        assert ledger.actions(as_of=dt.date(2026, 10, 8)) == []  # not found yet
        assert ledger.counts()["actions_active"] == 3


@pytest.mark.parametrize("order", ["in order", "november first"])
def test_the_next_inspection_passing_the_item_closes_it(
    ledger_url: str, held: Library, tmp_path: Path, order: str
) -> None:
    october = register(tmp_path / "10月.xlsx", OCT_9, OCTOBER, ["张三", "李四", "王五"])
    # November: 张三 on duty with no finding (an implied pass of TLR-01); 李四 found again on
    # TLR-03 (a new action; the October one stays open); ENT-01 not listed: passed.
    november = register(
        tmp_path / "11月.xlsx",
        NOV_6,
        [("李四", "TLR-03", "未举手示意", None, None)],
        ["张三", "李四"],
    )
    paths = [october, november] if order == "in order" else [november, october]
    with open_ledger(ledger_url) as ledger:
        for path in paths:
            ingest(ledger, held, path)
        assert by_item(ledger, dt.date(2026, 11, 5)) == {
            "TLR-01": ("张三", "张三", "overdue", None),
            "TLR-03": ("李四", "李四", "overdue", None),
            "ENT-01": (EAST, EAST, "overdue", None),
        }
        after = ledger.actions(as_of=dt.date(2026, 11, 7))
        assert [(a.item, a.found, a.status(dt.date(2026, 11, 7))) for a in after] == [
            ("TLR-01", OCT_9, "closed"),
            ("TLR-03", OCT_9, "overdue"),
            ("ENT-01", OCT_9, "closed"),
            ("TLR-03", NOV_6, "open"),
        ]
        assert {a.closed_by and Path(a.closed_by).name for a in after} == {"11月.xlsx", None}
        assert {a.closed for a in after if a.closed} == {NOV_6}


def test_a_corrected_register_dates_the_fix_and_replaces_its_actions(
    ledger_url: str, held: Library, tmp_path: Path
) -> None:
    first = register(tmp_path / "10月.xlsx", OCT_9, OCTOBER, ["张三", "李四"])
    fixed = [
        ("张三", "TLR-01", "未佩戴工号牌", dt.date(2026, 10, 12), "已整改，10月11日复查通过"),
        ("李四", "TLR-03", "未举手示意", None, None),
        (None, "ENT-01", "门楣灯不亮", None, dt.date(2026, 10, 20)),
    ]
    corrected = register(tmp_path / "10月-更正.xlsx", OCT_9, fixed, ["张三", "李四"])
    with open_ledger(ledger_url) as ledger:
        ingest(ledger, held, first)
        ingest(ledger, held, corrected)
        counts = ledger.counts()
        assert (counts["actions"], counts["actions_active"]) == (6, 3)
        assert by_item(ledger, dt.date(2026, 10, 31)) == {
            "TLR-01": ("张三", "张三", "closed", "10月-更正.xlsx"),
            "TLR-03": ("李四", "李四", "overdue", None),
            "ENT-01": (EAST, EAST, "closed", "10月-更正.xlsx"),
        }
        closed = {a.item: a.closed for a in ledger.actions()}
        assert closed == {"TLR-01": dt.date(2026, 10, 11), "TLR-03": None,
                          "ENT-01": dt.date(2026, 10, 20)}  # fmt: skip


def test_a_version_3_ledger_migrates_to_hold_actions(
    ledger_url: str, held: Library, tmp_path: Path
) -> None:
    path = register(tmp_path / "10月.xlsx", OCT_9, OCTOBER, ["张三"])
    with open_ledger(ledger_url, migrations=MIGRATIONS[:3]) as ledger:
        assert ledger.schema_version() == 3
        assert "actions" not in ledger.backend.table_names()
        b = ledger.backend
        b.execute(
            "INSERT INTO files (id, content_hash, path, ingested_at, svccheck_version, sheets, "
            "rows_read, accepted, rejected, skipped) VALUES (900, 'h', 'old.csv', ?, '0.1', 'S', "
            "1, 1, 0, 0)",
            (b.date_param(dt.datetime(2026, 10, 9, tzinfo=dt.UTC)),),  # type: ignore[arg-type]
        )
        b.execute(
            "INSERT INTO batches (id, file_id, branch, date, checklist, kind, "
            "checklist_fingerprint, standards_version, findings_only, items, passes, "
            "observations) VALUES (900, 900, ?, ?, 'morning-teller', 'self_check', 'f', "
            "'2026.1', ?, 'TLR-01', '1', 1)",
            (EAST, b.date_param(OCT_9), False),
        )
    with open_ledger(ledger_url) as ledger:
        assert ledger.schema_version() == SCHEMA_VERSION >= 5
        assert ledger.actions() == []  # rows held before version 5 opened none
        (batch,) = ledger.load(Selection(OCT_9, OCT_9))
        assert batch.key.branch == EAST
        ingest(ledger, held, path)
        assert len(ledger.actions()) == 3
