"""csv files: text decoded from its bytes, delimiter sniffed, read as one sheet.

The encoding is decided from the bytes, never from the locale: UTF-16 with a BOM, else UTF-8
(with or without BOM), else GB18030 — what Excel and WPS save on Chinese Windows. The delimiter
is a comma, tab or semicolon, whichever splits the first lines into the most fields.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from svccheck.i18n import tr
from svccheck.safetext import csv_read
from svccheck.sheets.book import Book, Row, SheetSource, UnreadableFile

_CSV_DELIMITERS = (",", "\t", ";")
_SNIFF_CHARS = 64 * 1024


def open_csv(path: Path, lang: str) -> Book:
    """A csv file as a Book of one sheet named after the file, as Excel opens it."""
    text = decode_text(path.read_bytes(), path, lang)
    delimiter = sniff_delimiter(text)

    def rows() -> Iterator[Row]:
        lines = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        if "'" not in text:
            return iter(lines)  # type: ignore[arg-type]
        # svccheck's own csv marks a field that would be a formula with "'" (safetext.csv_cell)
        return ([csv_read(field) for field in line] for line in lines)

    return Book(
        path=path, sheets=[SheetSource(name=path.stem, hidden=False, rows=rows, ragged=True)]
    )


def decode_text(data: bytes, path: Path, lang: str) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 — decided from the bytes."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise UnreadableFile(
            path,
            tr(
                lang,
                "不是电子表格（二进制文件，既非 xlsx 也非 csv）",
                "not a spreadsheet (a binary file, neither xlsx nor csv)",
            ),
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(
        path,
        tr(
            lang,
            "不是电子表格（文本编码既非 UTF-8 也非 GB18030）",
            "not a spreadsheet (text that is neither UTF-8 nor GB18030)",
        ),
    )


def sniff_delimiter(text: str) -> str:
    """Comma, tab or semicolon: whichever splits the first lines into the most fields."""
    lines = text[:_SNIFF_CHARS].splitlines()[:50]
    sample = "\n".join(lines)
    best, best_splits = ",", -1
    for delimiter in _CSV_DELIMITERS:
        splits = sum(len(row) - 1 for row in csv.reader(io.StringIO(sample), delimiter=delimiter))
        if splits > best_splits:
            best, best_splits = delimiter, splits
    return best
