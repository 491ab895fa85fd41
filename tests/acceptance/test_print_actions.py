"""The corrective-actions list a branch head pins up (`svccheck actions -o list.xlsx`), printed
by LibreOffice: landscape A4, every column on the page, the header row on every page, numbered.
"""

from __future__ import annotations

from pathlib import Path

from print_support import A4, libreoffice_pdf, page_size, pages, text
from sheets_support import NEEDS_SOFFICE

from cli_support import REPO, run_in_process

pytestmark = NEEDS_SOFFICE
EXAMPLES = REPO / "examples" / "2026-10"
HEADERS = ("网点", "整改对象/责任人", "检查项目", "发现日期", "整改期限", "状态", "来源")


def test_the_actions_list_prints_every_column_on_landscape_pages(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    run_in_process("ingest", EXAMPLES, "--db", db, cwd=tmp_path)
    book = tmp_path / "整改清单.xlsx"
    done = run_in_process(
        "actions", "--db", db, "--date", "2026-11-10", "-o", book, lang="zh", cwd=tmp_path
    )
    assert book.is_file(), done
    pdf = libreoffice_pdf(book, tmp_path / "pdf", tmp_path / "profile")
    width, height = page_size(pdf)
    assert abs(width - A4[1]) < 2 and abs(height - A4[0]) < 2  # landscape
    total = pages(pdf)
    assert 1 <= total <= 8  # the example month's 237 actions
    for n in range(1, total + 1):
        page = text(pdf, n, n)
        assert all(header in page for header in HEADERS), (n, page[:300])  # one page wide
        assert f"{n}/{total}" in page.replace(" ", "")  # the footer
        assert "/work" not in page and str(REPO) not in page  # file names, not folders
