"""Reading filled sheets (xlsx, xlsm, csv) into observations — the input of scoring.

    read_sheets(paths, library, checklist=None, progress=None, lang="en") -> ReadResult

Modules, in the order a sheet goes through them: `sources` (find and open files safely),
`layout` (header row, column mapping, the block above the header), `metadata` (the hidden
`_svccheck` sheet of generated forms), `resolve` (which checklist), `rows` (data rows →
observations, the hot loop), `messages` (why a row was rejected), `render` (what `svccheck
read` prints). `values` holds the single-value parsers (marks, deductions, counts, dates,
kinds) that the rest of svccheck reuses.
"""

from svccheck.sheets.reader import ReadResult, SheetLayout, read_sheets

__all__ = ["ReadResult", "SheetLayout", "read_sheets"]
