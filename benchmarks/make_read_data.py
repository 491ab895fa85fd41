"""Write the reading benchmark's workbooks into benchmarks/.data/ (git-ignored).

    python benchmarks/make_read_data.py [--rows 200000] [--people 20000] [--items 30]

- register-<rows>.xlsx: the long form, an inspection register of `rows` findings/checks —
  a merged title, a branch/date block, 12 columns (序号 检查日期 检查方式 网点 被检查人 岗位
  检查项目 结果 扣分 问题描述 检查人 备注), real date cells, marks and deductions as people
  write them.
- wide-<people>x<items>.xlsx: the wide form, one row per person and one column per item
  ("TLR-01 着装规范"), with the hidden `_svccheck` metadata sheet a generated form carries.

Written with xlsxwriter in constant_memory mode, so generating does not need the memory that
reading is measured for. The data is random but seeded: the same arguments give the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

import xlsxwriter

from svccheck.catalog.library import load_library
from svccheck.model import Checklist, Library

DATA = Path(__file__).resolve().parent / ".data"
# The benchmarks measure with the frozen 2026.1 library (tests/data/library/2026.1), not the
# bundled one: a figure must stay comparable from one session to the next whatever the bundled
# library becomes. (score_bench's --accountable makes its register hold people to account, as
# the bundled 2027.1 register does.)
FROZEN = Path(__file__).resolve().parents[1] / "tests" / "data" / "library" / "2026.1"


def bench_library() -> Library:
    """The library the benchmarks measure with: the frozen 2026.1 one."""
    return load_library(FROZEN / "standards", FROZEN / "checklists")


BRANCHES = ("东环支行", "西城支行", "南湖支行", "北苑支行", "高新区支行", "滨江支行")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
PASS_MARKS = ("√", "√", "√", "√", "✓", "合格")
FAIL_MARKS = ("×", "✗", "不合格")
DEDUCTIONS = ("1", "-1", "扣1分", "0.5分", "0.5", 2.0)
KINDS = ("现场", "视频调阅", "暗访")


def _names(rng: random.Random, count: int) -> list[str]:
    return [
        rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(("", *GIVEN)) + f"{i:05d}"
        for i in range(count)
    ]


def write_register(path: Path, library: Library, rows: int, seed: int = 1) -> Path:
    """A long-form inspection register of `rows` rows."""
    rng = random.Random(seed)
    checklist = library.checklists["inspection-monthly"]
    items = [library.items[i] for i in checklist.items]
    people = _names(rng, 2000)
    role_labels = library.taxonomy.terms["roles"]
    start = dt.date(2026, 10, 1)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("登记簿")
    sheet.merge_range(0, 0, 0, 11, "营业网点服务检查登记簿（2026年10月）")
    sheet.write_row(1, 0, ["网点：各网点", "", "检查组：第一组"])
    header = [
        "序号",
        "检查日期",
        "检查方式",
        "网点",
        "被检查人",
        "岗位",
        "检查项目",
        "结果",
        "扣分",
        "问题描述",
        "检查人",
        "备注",
    ]
    sheet.write_row(3, 0, header)
    for n in range(rows):
        item = rng.choice(items)
        failed = rng.random() < 0.2
        person = rng.choice(people) if item.role != "branch" else ""
        role = role_labels[item.role].zh if item.role != "branch" else ""
        row = 4 + n
        sheet.write_number(row, 0, n + 1)
        sheet.write_datetime(
            row, 1, dt.datetime.combine(start + dt.timedelta(days=n % 28), dt.time()), date_format
        )
        sheet.write_row(
            row,
            2,
            [
                rng.choice(KINDS),
                rng.choice(BRANCHES),
                person,
                role,
                item.id if rng.random() < 0.8 else f"{item.id} {item.title.zh}",
                rng.choice(FAIL_MARKS) if failed else rng.choice(PASS_MARKS),
                rng.choice(DEDUCTIONS) if failed else "",
                "发现问题" if failed else "",
                "检查组",
                "",
            ],
        )
    book.close()
    return path


def wide_checklist(library: Library, items: int) -> Checklist:
    """The checklist the wide workbook is printed for: an employee one if one is big enough."""
    ranked = sorted(
        library.checklists.values(),
        key=lambda c: (len(c.items) < items, c.subject != "employee", c.id),
    )
    return ranked[0]


def write_wide(path: Path, library: Library, people: int, items: int, seed: int = 2) -> Path:
    """A wide-form morning sheet: `people` rows × `items` item columns, with form metadata."""
    rng = random.Random(seed)
    checklist = wide_checklist(library, items)
    chosen = [library.items[i] for i in checklist.items[:items]]
    names = _names(rng, people)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("晨会")
    sheet.merge_range(0, 0, 0, 5 + len(chosen), f"{checklist.title.zh}")
    sheet.write_row(1, 0, ["网点：东环支行", "", "日期：2026年10月8日"])
    sheet.write_row(
        3,
        0,
        [
            "序号",
            "姓名",
            "工号",
            "岗位",
            "互查人",
            "备注",
            *(f"{item.id} {item.title.zh}" for item in chosen),
        ],
    )
    marks = (*("√",) * 14, "✓", "×", "", "不适用")
    for n, name in enumerate(names):
        row = 4 + n
        sheet.write_number(row, 0, n + 1)
        sheet.write_row(
            row, 1, [name, f"E{n:06d}", "", "", "", *(rng.choice(marks) for _ in chosen)]
        )
    meta = book.add_worksheet("_svccheck")
    meta.hide()
    rows = [
        ("svccheck", "bench"),
        ("checklist", checklist.id),
        ("fingerprint", library.fingerprint(checklist)),
        ("standards_version", library.version),
        ("layout", "wide"),
        *((f"item:{item.id}", item.fingerprint) for item in library.checklist_items(checklist)),
    ]
    for n, (key, value) in enumerate(rows):
        meta.write_string(n, 0, key)
        meta.write_string(n, 1, value)
    book.close()
    return path


def register_path(rows: int) -> Path:
    return DATA / f"register-{rows}.xlsx"


def wide_path(people: int, items: int) -> Path:
    return DATA / f"wide-{people}x{items}.xlsx"


def ensure(library: Library, rows: int, people: int, items: int) -> tuple[Path, Path]:
    """The benchmark files, written if they are not there yet."""
    DATA.mkdir(parents=True, exist_ok=True)
    register, wide = register_path(rows), wide_path(people, items)
    if not register.exists():
        write_register(register, library, rows)
    if not wide.exists():
        write_wide(wide, library, people, items)
    return register, wide


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--items", type=int, default=30)
    args = parser.parse_args()
    library = bench_library()
    for path in (register_path(args.rows), wide_path(args.people, args.items)):
        path.unlink(missing_ok=True)
    for path in ensure(library, args.rows, args.people, args.items):
        print(f"wrote {path} ({path.stat().st_size / 2**20:.1f} MB)")


if __name__ == "__main__":
    main()
