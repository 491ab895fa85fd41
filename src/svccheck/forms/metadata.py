"""The hidden `_svccheck` sheet: which checklist a generated form belongs to, and from when.

Key in column A, value in column B. A filled form carries its checklist id (so it is scored with
the right checklist without `--checklist`), the library's version, a content hash of the
checklist and one hash per item, so a form printed from an older library is recognised and the
changed items can be named. This module writes the sheet; `svccheck.sheets.metadata` reads it.
"""

from __future__ import annotations

from svccheck import __version__
from svccheck.model import Checklist, Library
from svccheck.sheets.metadata import ITEM_PREFIX, METADATA_SHEET

META_SHEET = METADATA_SHEET  # one name, defined by the reader that looks for it


def metadata_rows(
    library: Library,
    checklist: Checklist,
    *,
    layout: str,
    branch: str | None,
    date: str,
    period: str,
    lang: str,
    sheet: str,
    header_row: int,
) -> list[tuple[str, str]]:
    """The key/value rows of the metadata sheet, in the order they are written.

    `date` is set only for a one-day form (the reader takes it for rows without a date);
    `period` is what the form was printed for: a day, a month or the first day of a run.
    """
    rows = [
        ("svccheck", __version__),
        ("checklist", checklist.id),
        ("fingerprint", library.fingerprint(checklist)),
        ("standards_version", library.version),
        ("layout", layout),
        ("branch", branch or ""),
        ("date", date),
        ("period", period),
        ("lang", lang),
        ("sheet", sheet),
        ("header_row", str(header_row)),
    ]
    rows += [
        (f"{ITEM_PREFIX}{item.id}", item.fingerprint) for item in library.checklist_items(checklist)
    ]
    return rows
