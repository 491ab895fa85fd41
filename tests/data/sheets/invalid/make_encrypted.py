"""Regenerate encrypted.xlsx: a real password-protected workbook (password: svccheck).

Excel encrypts a workbook by wrapping it in an OLE2 (CFB) container with an EncryptedPackage
stream — that is what the reader must recognise. Made once with msoffcrypto-tool, which the
project does not depend on:

    python -m venv /tmp/crypt && /tmp/crypt/bin/pip install msoffcrypto-tool openpyxl
    /tmp/crypt/bin/python tests/data/sheets/invalid/make_encrypted.py
"""

from __future__ import annotations

import io
from pathlib import Path

import msoffcrypto  # type: ignore[import-not-found]
import openpyxl
from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-not-found]

HERE = Path(__file__).resolve().parent


def main() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["日期", "网点", "姓名", "TLR-01"])
    sheet.append(["2026-10-08", "东环支行", "张三", "√"])
    plain = io.BytesIO()
    book.save(plain)
    plain.seek(0)
    encrypted = io.BytesIO()
    OOXMLFile(plain).encrypt("svccheck", encrypted)
    (HERE / "encrypted.xlsx").write_bytes(encrypted.getvalue())
    assert msoffcrypto.OfficeFile(io.BytesIO(encrypted.getvalue())).is_encrypted()


if __name__ == "__main__":
    main()
