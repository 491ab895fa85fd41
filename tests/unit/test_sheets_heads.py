"""A month's repeated sheet heads, worked out once per run (reader._Head, the header and
block-cell memos of layout.HeaderCells; sheets/heads.py reads the rows above a header): what
the memos give is what reading each sheet afresh gives."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from svccheck.model import Library
from svccheck.sheets import read_sheets
from svccheck.sheets.heads import read_above
from svccheck.sheets.items import ItemIndex
from svccheck.sheets.layout import HeaderCells, read_block
from svccheck.sheets.metadata import metadata_from_lines
from svccheck.sheets.readahead import ReadAhead
from svccheck.sheets.rows import RowReader
from svccheck.sheets.values import is_blank

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "2026-10"

# Rows above a header as people write them — and as they differ by a value only.
ABOVE: list[list[list[object]]] = [
    [
        ["城区第012支行 综合柜员晨会自查表（2026年第41周）", "", "", ""],
        ["网点：城区第012支行", "", "周次：第41周", "主持人：周梦瑶"],
        ["", "", "", ""],
    ],
    [
        ["城区第013支行 综合柜员晨会互查表（2026年第41周）", "", "", ""],
        ["网点：城区第013支行", "", "周次：第41周", "主持人：李雷"],
        ["", "", "", ""],
    ],
    [["网点", 1, "日期", dt.date(2026, 10, 8)]],  # a label, then its value in the next cell
    [["网点", 1.0, "日期", dt.datetime(2026, 10, 8)]],  # equal values of other types
    [["网点", True, "检查人", "  "], ["检查人", None, "赵六"]],
    [["网点：东环支行    日期：2026年10月8日", None, "主持人：王五"], ["机构:", "西城支行"]],
    [["综合柜员晨会互查表 · svccheck 表单 peer-teller · 标准库 2027.1"], ["网点", "东环支行"]],
    [[], ["   ", None], ["备注", "x"]],
    [["self-check", "登记簿"], ["互查", "peer check"]],
]


@pytest.mark.parametrize("memo", ["fresh", "shared"])
def test_rows_above_the_header_read_as_each_sheet_afresh(library: Library, memo: str) -> None:
    shared = HeaderCells(ItemIndex(library))
    for rows in ABOVE * 2:  # every head twice: the second time through the run's memo
        cells = HeaderCells(ItemIndex(library)) if memo == "fresh" else shared
        above = read_above(rows, cells)
        block = read_block(rows)
        assert [(n, v.raw, type(v.raw), v.cell) for n, v in above.block.values.items()] == [
            (n, v.raw, type(v.raw), v.cell) for n, v in block.values.items()
        ]
        assert above.block.kind_hints == block.kind_hints
        assert above.filled == sum(1 for row in rows if not all(is_blank(v) for v in row))
        assert above.form == metadata_from_lines(rows)
    assert read_above(ABOVE[6], shared).form is not None  # (the csv form line was put to the test)


def test_the_example_month_reads_the_same_by_either_path(library: Library) -> None:
    fast = read_sheets([EXAMPLES], library)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(RowReader, "fast_paths", False)
        general = read_sheets([EXAMPLES], library)
    assert [o[:13] + o[15:] for o in fast.observations] == [
        o[:13] + o[15:] for o in general.observations
    ]
    assert fast.rejected == general.rejected
    assert [(s.rows, s.accepted, s.rejected, s.skipped) for s in fast.layouts] == [
        (s.rows, s.accepted, s.rejected, s.skipped) for s in general.layouts
    ]


def test_a_run_that_has_seen_the_heads_reads_as_a_fresh_one(
    library: Library, tmp_path: Path
) -> None:
    """ingest keeps the memos across files (ReadAhead.memo): a file read after a month's
    worth of the same heads reads exactly as it does alone."""
    month = sorted(EXAMPLES.rglob("*.xlsx"))
    last = sorted(EXAMPLES.glob("morning/*.xlsx"))[-1]
    copy = shutil.copy(last, tmp_path / last.name)
    with ReadAhead("en") as ahead:
        read_sheets(month, library, ahead=ahead)
        seen = read_sheets([Path(copy)], library, ahead=ahead)
    alone = read_sheets([Path(copy)], library)
    assert seen.observations == alone.observations
    assert seen.layouts == alone.layouts
    assert seen.warnings == alone.warnings and seen.skipped_sheets == alone.skipped_sheets
    assert len(seen.layouts) > 5


def test_a_walk_round_sheet_reads_the_same_by_either_path(library: Library, tmp_path: Path) -> None:
    """A sheet with no name column whose subject is the branch (环境巡检) has its own fast
    loop: every kind of line it hands on or reads inline reads as the general path reads it."""
    from sheets_support import Sheet, write_openpyxl

    rows: list[list[object]] = [
        ["东环支行 网点环境开门前巡检表"],
        ["网点：东环支行", None, None, "主持人：王五"],
        [],
        ["序号", "日期", "检查人", "ENT-04 门前三米洁净", "LBY-01 大厅卫生", "扣分合计"],
        [1, "2026/10/5", "王五", "√", "×", 0.5],  # an ordinary line
        [None, None, None, None, None, None],  # a spacer
        [2, "2026/10/6", "王五", "√", "不适用", 0],
        [3, "2026/10/7", "王五", None, None, None],  # nobody marked it
        [4, "2026/10/32", "王五", "√", "√", 0],  # no such day
        [5, "2026/10/8", "王五", "√", "?", 0],  # not a mark
        [6, "2026/10/9", "王五", "× 门前有杂物", "√", 0.5],  # a mark with a note
        ["7", "2026/10/9", "王五", "√", "√", 0],  # its number written as text
        [8, None, "王五", "√", "√", 0],  # no date
        [9, "2026/10/9", "  ", "√", "√", 0],
        ["合计（不符合次数）", None, None, 1, 1, None],
        ["注：符合填“√”，不符合填“×”"],
    ]
    path = write_openpyxl(tmp_path / "东环支行-W41.xlsx", Sheet("环境巡检", rows))
    fast = read_sheets([path], library)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(RowReader, "fast_paths", False)
        general = read_sheets([path], library)
    assert fast.layouts[0].checklist == "morning-environment"
    assert fast.observations == general.observations
    assert fast.rejected == general.rejected
    assert fast.layouts == general.layouts
    assert len(fast.observations) >= 8 and len(fast.rejected) >= 2
