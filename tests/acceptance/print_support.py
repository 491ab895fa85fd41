"""Printing for real, and measuring the paper: what the print tests share.

An HTML page is printed by headless Chromium (`--print-to-pdf`), a workbook by LibreOffice
(`--convert-to pdf`); the PDF is then read with poppler: `pdfinfo` for the pages and their size,
`pdftotext -bbox` for where every word sits. Each tool missing skips the test with its Debian
package in the reason (.ci/run installs them all).

The printed text size is measured on CJK words: a CJK glyph is as wide as the type is tall (one
em), so a word of n ideographs drawn in s pt is n·s pt wide, whatever the font and however
LibreOffice scaled the page to fit — a robust measure of what a reader sees on paper.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from sheets_support import soffice_convert

POPPLER = "poppler-utils"
A4 = (595.3, 841.9)  # points
MM = 72 / 25.4  # points per millimetre


def need(tool: str, package: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.skip(f"{tool} is not installed (Debian: apt-get install -y {package})")
    return found


def chromium_pdf(page: Path, pdf: Path, profile: Path) -> Path:
    """Print `page` to `pdf` as Chromium does with Ctrl+P: no header or footer lines."""
    browser = next(
        (
            found
            for name in ("chromium", "chromium-browser", "google-chrome")
            if (found := shutil.which(name))
        ),
        None,
    )
    if browser is None:
        pytest.skip("chromium is not installed (Debian: apt-get install -y chromium)")
    need("pdfinfo", POPPLER)
    done = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert pdf.is_file(), done.stderr
    return pdf


def libreoffice_pdf(workbook: Path, out: Path, profile: Path) -> Path:
    """Print `workbook` to PDF with LibreOffice Calc (every sheet, its own page set-up)."""
    if shutil.which("soffice") is None:
        pytest.skip("soffice is not installed (Debian: apt-get install -y libreoffice-calc-nogui)")
    need("pdfinfo", POPPLER)
    done = soffice_convert([workbook], "pdf", out, profile)
    pdf = out / (workbook.stem + ".pdf")
    assert done.returncode == 0 and pdf.is_file(), done
    return pdf


def pdfinfo(pdf: Path) -> dict[str, str]:
    done = subprocess.run(
        [need("pdfinfo", POPPLER), str(pdf)], capture_output=True, text=True, check=True
    )
    return dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in done.stdout.splitlines())
    )


def pages(pdf: Path) -> int:
    return int(pdfinfo(pdf)["Pages"])


def page_size(pdf: Path) -> tuple[float, float]:
    """The first page's width and height in points."""
    found = re.match(r"([\d.]+) x ([\d.]+)", pdfinfo(pdf)["Page size"])
    assert found, pdfinfo(pdf)
    return float(found[1]), float(found[2])


def text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """The text of the pages first…last (all by default), laid out as printed."""
    span = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    done = subprocess.run(
        [need("pdftotext", POPPLER), "-layout", *span, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cjk_size(self) -> float | None:
        """The type size in points, when the word is all CJK ideographs (else None)."""
        if not self.text or not all(_ideograph(ch) for ch in self.text):
            return None
        return max(self.x1 - self.x0, self.y1 - self.y0) / len(self.text)


def words(pdf: Path) -> list[Word]:
    """Every word of the PDF with its page and box (points, origin top left)."""
    done = subprocess.run(
        [need("pdftotext", POPPLER), "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    out: list[Word] = []
    page = 0
    for line in done.stdout.splitlines():
        if "<page " in line:
            page += 1
            continue
        found = re.search(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line
        )
        if found:
            x0, y0, x1, y1 = (float(found[n]) for n in range(1, 5))
            out.append(Word(page, _unescape(found[5]), x0, y0, x1, y1))
    return out


def cjk_sizes(found: list[Word]) -> list[float]:
    """The type sizes of the CJK words of at least two ideographs (one alone is too short a
    measure), smallest first."""
    return sorted(size for w in found if len(w.text) >= 2 and (size := w.cjk_size) is not None)


def _ideograph(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _unescape(value: str) -> str:
    return (
        value.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )
