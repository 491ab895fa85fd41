"""Reading filled sheets (xlsx, xlsm, csv) into observations — the input of scoring.

    read_sheets(paths, library, checklist=None, progress=None, lang="en") -> ReadResult

    read_apart(files, library, checklist, lang) -> each file's ReadResult (or error), in order
    ReadAhead(lang), discover(paths, lang)   (for callers that read file by file: ingest)

Modules, in the order a sheet goes through them: `folders` (which files: folders walked),
`sniff` (what a file is, from its bytes; zip bombs refused), then `workbook` (xlsx/xls through
python-calamine; a big sheet parsed on all cores by `slices`) or `csvtext` (csv decoded) — each
gives a `book` of sheets —, `readahead` (the next file parsed in a background thread),
`parallel` (a big folder's files read by worker processes), `layout` (header row, column
mapping, the block above the header), `metadata` (the hidden `_svccheck` sheet of generated
forms), `resolve` (which checklist), `rows` (data rows → observations, the hot loop),
`messages` (why a row was rejected), `render` (what `svccheck read` prints). `values` holds the
single-value parsers (marks, deductions, counts, dates, kinds) that the rest of svccheck reuses.
"""

from svccheck.sheets.folders import discover
from svccheck.sheets.readahead import ReadAhead
from svccheck.sheets.reader import ReadResult, SheetLayout, read_apart, read_sheets

__all__ = ["ReadAhead", "ReadResult", "SheetLayout", "discover", "read_apart", "read_sheets"]
