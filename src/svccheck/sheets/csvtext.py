"""csv files: text decoded from its bytes, delimiter sniffed, read as one sheet.

The encoding is decided from the bytes, never from the locale: UTF-16 with a BOM, else UTF-8
(with or without BOM), else GB18030 — what Excel and WPS save on Chinese Windows. One file is
one encoding: a file whose lines are in different encodings (a GBK line pasted into a UTF-8
file) is refused, naming the lines, rather than decoded one way and garbled the other. The
delimiter is a comma, tab or semicolon, whichever splits the first lines into the most fields.

Nothing in a csv can take the process down or lose a line without a word, and every refusal
is an `UnreadableFile` naming the line:
- limits: a file over MAX_CSV_BYTES, a line of more than MAX_FIELDS cells, a cell of more than
  MAX_FIELD_CHARS characters — checked before the rows are parsed, so memory stays bounded;
- reconciliation: every physical line is one row, except where a quoted cell holds line
  breaks (a note written on several lines, as Excel saves it). Such a cell is accepted only
  when it is well formed and its lines do not look like rows; a stray quote that swallows the
  lines below it is refused, naming the line where the quote opened. A file without a quote
  cannot hold such a cell, and is read at full speed with no check per row.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Final, cast

from svccheck.i18n import tr
from svccheck.safetext import csv_read
from svccheck.sheets.book import Book, Row, SheetSource, UnreadableFile

_CSV_DELIMITERS = (",", "\t", ";")
_SNIFF_CHARS = 64 * 1024

MAX_CSV_BYTES: Final = 500 * 1024 * 1024
"""The largest csv file svccheck reads (the same cap as a workbook's uncompressed size)."""
MAX_FIELDS: Final = 16_384
"""The most cells one line may hold: Excel's column count (A … XFD)."""
MAX_FIELD_CHARS: Final = 131_072
"""The longest cell, in characters: the csv module's own limit, four times Excel's 32,767."""

# A line that is UTF-8 text with at least one character of U+0800 or above (Chinese is): what
# tells a UTF-8 line in a GB18030 file. A GBK line is almost never valid UTF-8, and when it is
# by chance, it reads as Latin, Greek or Cyrillic letters below U+0800.
_UTF8_CHAR = (
    rb"(?:[\x00-\x09\x0b-\x7f]|[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
    rb"|[\xf0-\xf4][\x80-\xbf]{3})"
)
_UTF8_LINE = re.compile(rb"(?m)^(?=[^\n]*[\xe0-\xf4])" + _UTF8_CHAR + rb"*$")


def open_csv(path: Path, lang: str) -> Book:
    """A csv file as a Book of one sheet named after the file, as Excel opens it."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UnreadableFile(
            path, tr(lang, "无法读取（{error}）", "cannot be read ({error})", error=error.strerror)
        ) from error
    if size > MAX_CSV_BYTES:
        raise UnreadableFile(
            path,
            tr(
                lang,
                "文件大小 {size} MB 超过 csv 文件 {cap} MB 的上限，未读取",
                "{size} MB is over the {cap} MB limit for a csv file; not read",
                size=size // 2**20,
                cap=MAX_CSV_BYTES // 2**20,
            ),
        )
    text = decode_text(path.read_bytes(), path, lang)
    delimiter = sniff_delimiter(text)
    quoted = '"' in text
    widest = _widest(text, delimiter)
    lines = physical_lines(text)
    apostrophe = "'" in text
    del text  # the lines hold it now
    check_limits(lines, delimiter, quoted, path, lang)

    def rows() -> Iterator[Row]:
        parsed = cast(
            Iterator[list[str]],
            csv.reader(lines, delimiter=delimiter)
            if not quoted  # no quote, no cell with line breaks: one line, one row
            else _reconciled(lines, delimiter, widest, path, lang),
        )
        if not apostrophe:
            return parsed  # type: ignore[return-value]
        # svccheck's own csv marks a field that would be a formula with "'" (safetext.csv_cell)
        return ([csv_read(field) for field in line] for line in parsed)

    return Book(
        path=path, sheets=[SheetSource(name=path.stem, hidden=False, rows=rows, ragged=True)]
    )


# --- encodings ----------------------------------------------------------------------------------


def decode_text(data: bytes, path: Path, lang: str) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 — decided from the bytes, one
    encoding for the whole file; anything else is refused naming the first line at fault."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            line = data[: error.start].decode("utf-16", "replace").count("\n") + 1
            raise UnreadableFile(
                path,
                tr(
                    lang,
                    "第 {line} 行：UTF-16 文本（文件以 UTF-16 字节序标记开头）已损坏或不完整",
                    "line {line}: damaged or cut-short UTF-16 text (the file starts with a "
                    "UTF-16 byte-order mark)",
                    line=line,
                ),
            ) from error
    if b"\x00" in data[:4096]:
        raise UnreadableFile(
            path,
            tr(
                lang,
                "不是电子表格（二进制文件，既非 xlsx 也非 csv）",
                "not a spreadsheet (a binary file, neither xlsx nor csv)",
            ),
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = error.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
    line_start = data.rfind(b"\n", 0, bad) + 1
    utf8 = _UTF8_LINE.search(data, 0, line_start)
    if utf8 is not None or data.startswith(codecs.BOM_UTF8):
        # UTF-8 so far (or said so by its BOM): the line at `bad` is in another encoding.
        first = _line_of(data, utf8.start()) if utf8 else 1
        raise UnreadableFile(
            path, _mixed(lang, first, "utf-8", _line_of(data, bad), _kind_of_line(data, bad))
        )
    # GB18030 — unless some line is in UTF-8: then the file holds two encodings.
    first_line = _line_of(data, bad)
    utf8 = _UTF8_LINE.search(data, line_start)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        wrong = _line_of(data, error.start)
        if utf8 is not None and _line_of(data, utf8.start()) <= wrong:
            raise UnreadableFile(
                path, _mixed(lang, first_line, "gb18030", _line_of(data, utf8.start()), "utf-8")
            ) from error
        if wrong > first_line:
            raise UnreadableFile(
                path, _mixed(lang, first_line, "gb18030", wrong, "unknown")
            ) from error
        raise UnreadableFile(
            path,
            tr(
                lang,
                "不是电子表格（文本编码既非 UTF-8 也非 GB18030，自第 {line} 行起）",
                "not a spreadsheet (text that is neither UTF-8 nor GB18030, from line {line})",
                line=wrong,
            ),
        ) from error
    if utf8 is not None:
        raise UnreadableFile(
            path, _mixed(lang, first_line, "gb18030", _line_of(data, utf8.start()), "utf-8")
        )
    return text


def _line_of(data: bytes, offset: int) -> int:
    """The 1-based line holding byte `offset`."""
    return data.count(b"\n", 0, offset) + 1


def _kind_of_line(data: bytes, offset: int) -> str:
    start = data.rfind(b"\n", 0, offset) + 1
    end = data.find(b"\n", offset)
    try:
        data[start : end if end >= 0 else len(data)].decode("gb18030")
    except UnicodeDecodeError:
        return "unknown"
    return "gb18030"


_ENCODINGS = {
    "utf-8": ("UTF-8", "UTF-8"),
    "gb18030": ("GB18030（GBK）", "GB18030 (GBK)"),
    "unknown": ("既非 UTF-8 也非 GB18030 的编码", "neither UTF-8 nor GB18030"),
}


def _mixed(lang: str, first: int, first_kind: str, bad: int, bad_kind: str) -> str:
    zh, en = _ENCODINGS[first_kind]
    bad_zh, bad_en = _ENCODINGS[bad_kind]
    return tr(
        lang,
        "文本编码不一致：第 {first} 行是 {a}，第 {bad} 行却是 {b}；请将整个文件另存为同一种编码"
        "（UTF-8）后再读取",
        "mixed text encodings: line {first} is {a} but line {bad} is {b}; save the whole file "
        "again in one encoding (UTF-8)",
        first=first,
        bad=bad,
        a=zh if lang != "en" else en,
        b=bad_zh if lang != "en" else bad_en,
    )


# --- delimiter and limits -----------------------------------------------------------------------


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


def _widest(text: str, delimiter: str) -> int:
    """The most delimiters one of the first lines holds: how wide a row of this file is."""
    return max((line.count(delimiter) for line in text[:_SNIFF_CHARS].splitlines()[:50]), default=0)


_SHORT: Final = min(MAX_FIELDS, MAX_FIELD_CHARS)


def physical_lines(text: str) -> list[str]:
    """The lines of `text`, each with its line end, split where the csv reader splits them:
    at \\n, \\r\\n and \\r only (str.splitlines also splits at \\f, \\v, U+2028…, which a
    cell may hold)."""
    lines = text.splitlines(keepends=True)
    ends = text.count("\n") + text.count("\r") - text.count("\r\n")
    if len(lines) == ends + (not text.endswith(("\n", "\r"))) or not text:
        return lines
    return list(io.StringIO(text, newline=""))


def check_limits(lines: list[str], delimiter: str, quoted: bool, path: Path, lang: str) -> None:
    """Refuse a line of more than MAX_FIELDS cells or a cell over MAX_FIELD_CHARS characters,
    before the csv parser builds it. A line shorter than both limits is within them: one pass
    at C speed finds the longest line, and only longer lines are looked at one by one."""
    if max(map(len, lines), default=0) < _SHORT:
        return
    for number, line in enumerate(lines, 1):
        if len(line) < _SHORT:
            continue
        if line.count(delimiter) >= MAX_FIELDS:
            raise UnreadableFile(path, _too_many_cells(lang, number))
        # A quoted line's cells are measured by the parser as it reads (_reconciled).
        if not quoted and max(map(len, line.split(delimiter))) > MAX_FIELD_CHARS:
            raise UnreadableFile(path, _too_long_cell(lang, number))


def _too_many_cells(lang: str, line: int) -> str:
    return tr(
        lang,
        "第 {line} 行的单元格超过 {max} 个（Excel 最多 {max} 列），未读取",
        "line {line} holds more than {max} cells (Excel's limit is {max} columns); not read",
        line=line,
        max=MAX_FIELDS,
    )


def _too_long_cell(lang: str, line: int) -> str:
    return tr(
        lang,
        "第 {line} 行有一个单元格超过 {max} 个字符，未读取",
        "line {line} holds a cell of more than {max} characters; not read",
        line=line,
        max=MAX_FIELD_CHARS,
    )


# --- reconciliation: physical lines against rows -----------------------------------------------


def _reconciled(
    lines: list[str], delimiter: str, widest: int, path: Path, lang: str
) -> Iterator[Row]:
    """The rows of a csv holding quotes, each checked against the physical lines it took:
    a row of one line passes; a row over several lines is a quoted cell with line breaks,
    which must be well formed and must not hold lines that look like rows."""
    reader = csv.reader(lines, delimiter=delimiter)
    last = 0
    try:
        row: Row
        for row in reader:  # type: ignore[assignment]
            end = reader.line_num
            if end - last > 1:
                _check_span(lines[last:end], last + 1, end, row, delimiter, widest, path, lang)
            last = end
            yield row
    except csv.Error as error:  # the only one left without strict=True: a cell over the limit
        raise UnreadableFile(path, _too_long_cell(lang, reader.line_num)) from error


def _check_span(
    span: list[str],
    start: int,
    end: int,
    row: Row,
    delimiter: str,
    widest: int,
    path: Path,
    lang: str,
) -> None:
    if len(row) > MAX_FIELDS:
        raise UnreadableFile(path, _too_many_cells(lang, start))
    try:
        next(csv.reader(span, delimiter=delimiter, strict=True))
    except csv.Error as error:
        how = "open" if "end of data" in str(error) else "closed"
        raise UnreadableFile(path, _swallowed(lang, how, start, end)) from error
    # Lines inside the cell holding about as many delimiters as a row does: swallowed rows.
    looks_like_a_row = max(2, widest - 1)
    if any(line.count(delimiter) >= looks_like_a_row for line in span[1:]):
        raise UnreadableFile(path, _swallowed(lang, "rows", start, end))


def _swallowed(lang: str, how: str, start: int, end: int) -> str:
    """A quoted cell that took in the lines below it: where it opened and what it did."""
    what = {
        "open": tr(lang, "直到文件末尾都没有结束", "is never closed"),
        "closed": tr(
            lang,
            "在第 {end} 行的单元格中间才结束",
            "is closed in the middle of a cell on line {end}",
            end=end,
        ),
        "rows": tr(lang, "包含了看起来是数据行的内容", "holds lines that look like rows"),
    }[how]
    return tr(
        lang,
        "第 {start} 行：由引号开始的单元格{what}，第 {start}–{end} 行（{n} 行）会被读成一个单元格："
        '请删去多余的引号或补上缺少的引号（单元格内的引号应写作两个：""）',
        "line {start}: a cell opened by a quote there {what}, so lines {start}–{end} "
        "({n} lines) would read as one cell: remove the stray quote or close it (a quote "
        'inside a cell is written twice: "")',
        start=start,
        end=end,
        n=end - start + 1,
        what=what,
    )
