"""Shared helpers of the ledger tests: filled sheets written for real, and a small bank.

Kept apart from conftest.py (which holds the fixtures) so test modules can import them by a
name no other test folder uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# -- filled sheets --------------------------------------------------------------------------

Marks = dict[str, str]  # item id → mark as written (√, ×, 不适用, '')
Person = tuple[str, str, Marks]  # name, role label, marks


def write_morning_csv(
    path: Path, branch: str, days: dict[dt.date, Sequence[Person]], items: Sequence[str]
) -> Path:
    """A wide-form morning sheet (one row per person per day) as UTF-8 csv."""
    lines = ["日期,网点,姓名,岗位," + ",".join(items)]
    for day, people in sorted(days.items()):
        for name, role, marks in people:
            cells = [marks.get(item, "√") for item in items]
            lines.append(f"{day.isoformat()},{branch},{name},{role}," + ",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_register_xlsx(
    path: Path, branch: str, findings: Sequence[tuple[dt.date, str, str, str]]
) -> Path:
    """A long-form inspection register (findings only): date, person, item, note."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "登记簿"
    sheet.append([f"{branch} 营业网点服务检查登记簿"])
    sheet.append(["序号", "检查日期", "网点", "被检查人", "标准编号", "结果", "问题描述"])
    for n, (day, person, item, note) in enumerate(findings, 1):
        sheet.append([n, day, branch, person, item, "×", note])
    book.save(path)
    return path


# -- a small bank over two months -----------------------------------------------------------

SEP = [dt.date(2026, 9, d) for d in (1, 2, 3)]
OCT = [dt.date(2026, 10, d) for d in (8, 9, 10)]
TELLER = "综合柜员"


def build_bank(url: str, folder: Path, library: object) -> None:
    """Two branches, three tellers, self and peer checks on three days of Sep and of Oct.

    October, hand-checkable: 张三 self-reports TLR-05 failed every day while his peer finds
    TLR-05 and TLR-11 failed every day (a repeat violation, and an honesty gap); 李四's peer
    finds TLR-01 failed on 10-09; 王五 self-reports TLR-03 failed on 10-08. September: one
    peer finding, 张三 TLR-03 on 09-02.
    """
    from svccheck.ledger.ingest import ingest_paths
    from svccheck.ledger.store import open_ledger

    items = list(library.checklists["morning-teller"].items)  # type: ignore[attr-defined]
    plans: dict[str, dict[str, dict[dt.date, list[Person]]]] = {
        "morning-teller": {
            "东环支行": {
                **{d: [("张三", TELLER, {}), ("李四", TELLER, {})] for d in SEP},
                **{d: [("张三", TELLER, {"TLR-05": "×"}), ("李四", TELLER, {})] for d in OCT},
            },
            "西城支行": {
                **{d: [("王五", TELLER, {})] for d in SEP},
                **{d: [("王五", TELLER, {"TLR-03": "×"} if d == OCT[0] else {})] for d in OCT},
            },
        },
        "peer-teller": {
            "东环支行": {
                **{
                    d: [
                        ("张三", TELLER, {"TLR-03": "×"} if d == SEP[1] else {}),
                        ("李四", TELLER, {}),
                    ]
                    for d in SEP
                },
                **{
                    d: [
                        ("张三", TELLER, {"TLR-05": "×", "TLR-11": "×"}),
                        ("李四", TELLER, {"TLR-01": "×"} if d == OCT[1] else {}),
                    ]
                    for d in OCT
                },
            },
            "西城支行": {d: [("王五", TELLER, {})] for d in SEP + OCT},
        },
    }
    with open_ledger(url) as ledger:
        for checklist, branches in plans.items():
            for branch, days in branches.items():
                path = write_morning_csv(folder / f"{checklist}-{branch}.csv", branch, days, items)
                report = ingest_paths(ledger, [path], library, checklist=checklist)  # type: ignore[arg-type]
                assert report.ok and report.count("added") == 1, report


SheetWriter = Callable[..., Path]
