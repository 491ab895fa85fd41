"""Opening one input file safely: what it is is told from its bytes, never from its name.

A zip is an xlsx/xlsm workbook; an OLE2 container holding an `EncryptedPackage` is a
password-protected workbook, another OLE2 file a legacy .xls (checked by ole2.check_xls: a
whole container, no sheet over the cell limit); a PDF, image or archive is
refused, saying what it is; anything else is taken as csv text (csvtext.py). Before
python-calamine opens a zip, guard.check_xlsx checks it — sizes declared and inflated, XML
hazards, each sheet's cell range (zip bombs, billion laughs, a sparse corner cell): this is the
one way into a workbook, for the reader and for rosters alike.

Everything that goes wrong here raises UnreadableFile with a message naming the file; the
reader records it for that file and goes on with the others.
"""

from __future__ import annotations

from pathlib import Path

from svccheck.i18n import tr
from svccheck.sheets.book import Book, UnreadableFile
from svccheck.sheets.guard import MAX_UNCOMPRESSED, check_xlsx
from svccheck.sheets.ole2 import check_xls
from svccheck.sheets.workbook import open_workbook

__all__ = ["MAX_UNCOMPRESSED", "open_book"]

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
# Files people drop into a folder of sheets by mistake, by their first bytes.
_NOT_SHEETS = {
    b"%PDF": ("PDF 文档", "a PDF document"),
    b"\x89PNG": ("PNG 图片", "a PNG image"),
    b"\xff\xd8\xff": ("JPEG 图片", "a JPEG image"),
    b"GIF8": ("GIF 图片", "a GIF image"),
    b"Rar!": ("RAR 压缩包", "a RAR archive"),
    b"\x1f\x8b": ("gzip 压缩数据", "gzip data"),
}


def open_book(path: Path, lang: str) -> Book:
    """Open one input file, whatever its name says, or raise UnreadableFile saying why not."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise UnreadableFile(
            path,
            tr(
                lang,
                "无法读取（{error}）",
                "cannot be read ({error})",
                error=error.strerror or error,
            ),
        ) from error
    if not head:
        raise UnreadableFile(path, tr(lang, "空文件", "empty file"))
    if head.startswith(_ZIP_MAGIC):
        facts = check_xlsx(path, lang)
        return open_workbook(path, lang, xlsx=True, facts=facts)
    if head.startswith(_OLE2_MAGIC):
        _check_ole2(path, lang)
        return open_workbook(path, lang, xlsx=False)
    for magic, (zh, en) in _NOT_SHEETS.items():
        if head.startswith(magic):
            raise UnreadableFile(
                path,
                tr(
                    lang,
                    "不是电子表格（文件内容是{what}）",
                    "not a spreadsheet (the file holds {what})",
                    what=tr(lang, zh, en),
                ),
            )
    from svccheck.sheets.csvtext import open_csv  # (csv input only: not on a workbook's way)

    return open_csv(path, lang)


def _check_ole2(path: Path, lang: str) -> None:
    if path.stat().st_size > MAX_UNCOMPRESSED:
        raise UnreadableFile(
            path,
            tr(
                lang,
                "文件大小超过 {cap} MB 上限，未读取",
                "the file is over the {cap} MB limit; not read",
                cap=MAX_UNCOMPRESSED // 2**20,
            ),
        )
    data = path.read_bytes()
    # An encrypted xlsx is an OLE2 container with an EncryptedPackage stream, whatever its name.
    if _ENCRYPTED_STREAM in data:
        raise UnreadableFile(
            path,
            tr(
                lang,
                "工作簿设有打开密码（已加密）：请在 Excel 中取消密码后另存，再读取",
                "password-protected (encrypted) workbook: remove the password in Excel "
                "(File › Info › Protect Workbook) and save it again",
            ),
        )
    if path.suffix.lower() != ".xls":
        raise UnreadableFile(
            path,
            tr(
                lang,
                "这是旧版 Excel 97-2003（.xls）文件：请另存为 .xlsx",
                "a legacy Excel 97-2003 (.xls) workbook: save it as .xlsx",
            ),
        )
    check_xls(path, data, lang)
