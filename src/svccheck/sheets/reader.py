"""Filled sheets → observations: every file, every sheet, every row accounted for.

For each input file (folders): open it (sniff, in the background: readahead), read the form's
metadata if it has some, then for each sheet find the header (layout), decide the checklist
(resolve), and read the data rows (rows).
A file that cannot be opened, or a sheet without a recognisable header, is recorded and the
others go on; InputError is raised only when nothing at all could be read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from svccheck.errors import ConfigError, InputError, SvccheckError
from svccheck.fast import Columns, from_columns, gc_paused, to_columns
from svccheck.i18n import tr
from svccheck.model import (
    Checklist,
    InputSummary,
    Library,
    Observation,
    OnDuty,
    Rejection,
    RosterLine,
    SheetFacts,
    column_letter,
)
from svccheck.sheets.book import Book, SheetSource, UnreadableFile, UnreadableSheet
from svccheck.sheets.cells import ItemRef, ParseCache
from svccheck.sheets.facts import ScopeCells, sheet_scopes
from svccheck.sheets.folders import copies, discover
from svccheck.sheets.heads import read_above
from svccheck.sheets.items import ItemMatch
from svccheck.sheets.layout import (
    HEADER_SEARCH_ROWS,
    MEMO_LIMIT,
    SHEET_FIELDS,
    Block,
    Header,
    SheetValue,
    best_guess,
    describe_columns,
    find_header,
)
from svccheck.sheets.messages import Bad, reason
from svccheck.sheets.metadata import (
    FORM_HELPER_SHEETS,
    METADATA_SHEET,
    FormMetadata,
    parse_metadata,
)
from svccheck.sheets.parallel import BothEnds, chunk_out, in_order, processes_for, workers
from svccheck.sheets.readahead import ReadAhead
from svccheck.sheets.resolve import Resolution, from_metadata, infer
from svccheck.sheets.rows import Caches, Plan, RowReader
from svccheck.sheets.scope import ScopeWords
from svccheck.sheets.slices import ReadAgain
from svccheck.sheets.staff import is_staff_sheet, read_staff
from svccheck.sheets.values import ValueProblem, cell_text, is_blank, parse_kind


@dataclass(frozen=True)
class SheetLayout:
    """What was understood of one sheet: where the header is, what each column holds, counts."""

    file: str
    sheet: str
    form: str  # long | wide
    header_row: int  # 1-based
    columns: dict[str, str]  # column letter → field name or item id
    ignored: tuple[str, ...]  # header texts not used
    checklist: str
    rows: int
    accepted: int
    rejected: int
    skipped: int
    warnings: tuple[str, ...] = ()
    checklist_from: str = ""  # metadata | argument | inferred | none
    sheet_values: dict[str, str] = field(default_factory=dict)  # field → "value (cell)"
    scope: str | None = None  # the scope the sheet stated (a register's 检查范围)
    on_duty: tuple[OnDuty, ...] = ()  # the staff on duty its workbook listed


@dataclass(frozen=True)
class ReadResult:
    """Everything read from the inputs: the observations and the account of every row."""

    observations: list[Observation]
    inputs: tuple[InputSummary, ...]
    rejected: tuple[Rejection, ...]
    layouts: tuple[SheetLayout, ...]
    skipped_sheets: tuple[tuple[str, str, str], ...]  # (file, sheet, reason)
    warnings: tuple[str, ...]
    # what register sheets say of themselves: scope, staff on duty (for scoring)
    sheets: tuple[SheetFacts, ...] = ()
    # people on a morning sheet whose line nobody filled in (SPEC §4, roster lines)
    roster_lines: tuple[RosterLine, ...] = ()

    @property
    def unread_files(self) -> tuple[str, ...]:
        """Input files from which no sheet could be read (unreadable, or no header anywhere)."""
        return tuple(s.file for s in self.inputs if not s.sheets)

    def __reduce__(self) -> tuple[Callable[..., ReadResult], tuple[object, ...]]:
        """Pickled with its observations as columns: what a worker process read comes back
        ten times faster (fast.to_columns)."""
        rest = tuple(getattr(self, f.name) for f in dataclasses.fields(self)[1:])
        return _unpickled, (to_columns(self.observations), *rest)


def _unpickled(columns: Columns, *rest: Any) -> ReadResult:
    return ReadResult(from_columns(Observation, columns), *rest)


class _Run:
    """State of one read_sheets call."""

    def __init__(
        self, library: Library, checklist: str | None, lang: str, ahead: ReadAhead
    ) -> None:
        self.library = library
        self.argument = checklist
        self.lang = lang
        shared = ahead.memo.get("reader")
        if not isinstance(shared, _Shared) or shared.library is not library:
            shared = ahead.memo["reader"] = _Shared(library)
        self.caches = shared.caches
        self.observations: list[Observation] = []
        self.inputs: list[InputSummary] = []
        self.rejected: list[Rejection] = []
        self.layouts: list[SheetLayout] = []
        self.skipped: list[tuple[str, str, str]] = []
        self.warnings: list[str] = []
        self.facts: list[SheetFacts] = []
        self.roster_lines: list[RosterLine] = []
        self.scope_words = shared.scope_words
        self.scope_cells: ScopeCells | None = None  # of the sheet being read
        self.inferred = shared.inferred
        self.column_items = shared.column_items
        self.heads = shared.heads


class _Shared:
    """What is the same for every sheet read with one library: parsed cell values, the
    header memo, checklists inferred, item columns. A month's folder repeats a few headers
    over ~2,800 sheets; kept across the files a ReadAhead reads (ingest reads file by file)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.caches = Caches(library)
        self.scope_words = ScopeWords(library)
        self.inferred: dict[tuple[object, ...], Resolution] = {}
        self.column_items: dict[tuple[ItemMatch, str], ItemRef | Bad] = {}
        self.heads: dict[int, _Head] = {}


class _Head:
    """What is the same for every sheet with one header (a Header of the run's memo, which
    the sheets of a month share): its columns described, the header texts not used, its item
    columns and width for each checklist, the column warnings, and the checklists inferred for
    it. A sheet's own values — the block's branch and date, its rows — are never kept here."""

    __slots__ = ("columns", "header", "ignored", "inferred", "shapes", "warnings")

    def __init__(self, header: Header) -> None:
        self.header = header  # (held: the memo is keyed by its id)
        self.columns = describe_columns(header)
        self.ignored = tuple(text for _, text in header.ignored)
        # checklist id → (item columns, width)
        self.shapes: dict[str, tuple[list[tuple[int, ItemRef | Bad]], int]] = {}
        self.warnings: dict[tuple[str, str], list[str]] = {}  # (checklist id, lang) → warnings
        self.inferred: dict[tuple[object, ...], Resolution] = {}


def _head(run: _Run, header: Header) -> _Head:
    """The run's `_Head` of `header` (Headers are memoised per run and never changed)."""
    found = run.heads.get(id(header))
    if found is None or found.header is not header:
        if len(run.heads) >= MEMO_LIMIT:
            run.heads.clear()
        found = run.heads[id(header)] = _Head(header)
    return found


def read_sheets(
    paths: Sequence[Path],
    library: Library | Callable[[], Library],
    checklist: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    lang: str = "en",
    *,
    ahead: ReadAhead | None = None,
) -> ReadResult:
    """Read filled sheets (files or folders) into observations, with every row accounted for.

    `library` may be a function that loads it: it then runs in a background thread while the
    first file is opened and parsed here (calamine lets go of the GIL), so that the two
    overlap. Each next file is parsed in the background while this one is read; `ahead` is a
    ReadAhead of the caller's, for files it started itself (ingest reads file by file).
    `checklist` applies to sheets without form metadata. Raises ConfigError for an unknown
    checklist or a sheet whose checklist cannot be told; InputError when nothing could be read.
    """
    if not paths:
        raise InputError(tr(lang, "没有给出要读取的表格", "no sheets given to read"))
    files, missing = discover(paths, lang)
    with nullcontext(ahead) if ahead is not None else ReadAhead(lang) as ahead:
        if not isinstance(library, Library):
            with ThreadPoolExecutor(1, thread_name_prefix="svccheck-library") as pool:
                loading = pool.submit(library)
                if files:
                    ahead.open_here(files[0])
                library = loading.result()
        return _read_files(files, missing, ahead, library, checklist, progress, lang)


def _read_files(
    files: Sequence[Path],
    missing: Sequence[tuple[Path, str]],
    ahead: ReadAhead,
    library: Library,
    checklist: str | None,
    progress: Callable[[int, int], None] | None,
    lang: str,
) -> ReadResult:
    if checklist is not None and checklist not in library.checklists:
        raise ConfigError(
            tr(
                lang,
                "未知的检查表 {id}；可用：{known}",
                "unknown checklist {id}; known: {known}",
                id=checklist,
                known=", ".join(sorted(library.checklists)),
            )
        )
    run = _Run(library, checklist, lang, ahead)
    for path, why in missing:
        _file_failed(run, str(path), why)
    twice = copies(files) if len(files) > 1 else {}
    if twice:  # listed as not read, with the file whose rows they are: counted once
        files = [path for path in files if path not in twice]
        for copy, original in twice.items():
            run.skipped.append((str(copy), "", tr(lang, "与 {f} 内容相同，未重复计入",
                                "same content as {f}: not counted twice", f=original)))  # fmt: skip
    processes, chunks = chunk_out(files)  # several processes for a big folder (parallel.py)
    total = len(files)
    with (
        gc_paused(settle=True),
        workers(processes - 1, _set_up_worker, library, checklist, lang) as pool,
    ):
        ends = BothEnds(pool, processes, _read_chunk, chunks)
        done = _read_each(run, ends.here(), ahead, progress, 0, total)
        for chunk, part in ends.theirs():
            if part is None:  # not sent, or its worker died: read here
                done = _read_each(run, chunk, ahead, progress, done, total)
                continue
            _absorb(run, part[0])
            done += len(chunk)
            if progress is not None:
                progress(done, total)
    if not run.layouts:
        raise InputError(_nothing_read(run, lang))
    return _result(run)


def _result(run: _Run) -> ReadResult:
    return ReadResult(
        observations=run.observations,
        inputs=tuple(run.inputs),
        rejected=tuple(run.rejected),
        layouts=tuple(run.layouts),
        skipped_sheets=tuple(run.skipped),
        warnings=tuple(dict.fromkeys(run.warnings)),
        sheets=tuple(run.facts),
        roster_lines=tuple(run.roster_lines),
    )


def _read_each(
    run: _Run,
    files: Iterable[Path],
    ahead: ReadAhead,
    progress: Callable[[int, int], None] | None,
    done: int,
    total: int,
) -> int:
    """Read `files` into `run`, one after the other, each next one parsed in the background;
    how many files are done after them (`done` before)."""
    following = iter(files)
    path = next(following, None)
    while path is not None:
        after = next(following, None)
        if after is not None:
            ahead.start(after)  # the next file is parsed while this one is read
        _read_file(run, path, ahead)
        done += 1
        if progress is not None:
            progress(done, total)
        path = after
    return done


def _read_chunk(files: list[Path]) -> ReadResult:
    """A worker process's chunk of a folder, read as the caller reads its own (the worker's
    parse caches and header memo kept from chunk to chunk)."""
    assert _worker is not None, "not a worker process set up by _set_up_worker"
    library, checklist, lang, memo = _worker
    with ReadAhead(lang) as ahead, gc_paused():
        ahead.memo = memo
        run = _Run(library, checklist, lang, ahead)
        _read_each(run, files, ahead, None, 0, len(files))
    return _result(run)


def read_apart(
    files: Sequence[Path], library: Library, checklist: str | None = None, lang: str = "en"
) -> Generator[ReadResult | SvccheckError, None, None]:
    """Each file read on its own, in order: what `read_sheets([file])` returns, or the error it
    raises — for ingest, which stores file by file. A big folder's files are read by worker
    processes (parallel.py), a few files ahead of the caller, who stores meanwhile; else here,
    each next file parsed in the background while the caller works on this one."""
    count = processes_for(files)
    if count < 2:
        with ReadAhead(lang) as ahead:
            yield from _one_by_one(files, library, checklist, lang, ahead)
        return

    memo: dict[str, object] = {}  # the parse caches and header memo, kept across tasks

    def here(task: list[Path]) -> list[ReadResult | SvccheckError]:
        return _read_task(task, library, checklist, lang, memo)

    with workers(count, _set_up_worker, library, checklist, lang) as pool:
        for done in in_order(pool, _read_in_worker, here, files, _PER_TASK, 2 * count):
            yield from done


_PER_TASK = 4  # files a worker reads for ingest at a time: ~30 ms of work, sent in one go
# a worker process's library, options, and the memo its tasks share (see ReadAhead.memo):
# for read_apart's tasks and for _read_chunk
_worker: tuple[Library, str | None, str, dict[str, object]] | None = None


def _set_up_worker(library: Library, checklist: str | None, lang: str) -> None:
    global _worker
    _worker = (library, checklist, lang, {})


def _read_in_worker(files: list[Path]) -> list[ReadResult | SvccheckError]:
    assert _worker is not None, "not a worker process set up by read_apart"
    return _read_task(files, *_worker)


def _read_task(
    files: Sequence[Path],
    library: Library,
    checklist: str | None,
    lang: str,
    memo: dict[str, object],
) -> list[ReadResult | SvccheckError]:
    with ReadAhead(lang) as ahead:
        ahead.memo = memo
        return list(_one_by_one(files, library, checklist, lang, ahead))


def _one_by_one(
    files: Sequence[Path], library: Library, checklist: str | None, lang: str, ahead: ReadAhead
) -> Iterator[ReadResult | SvccheckError]:
    """Each file read alone, the next one parsed in the background while this one is taken."""
    for n, path in enumerate(files, start=1):
        if n < len(files):
            ahead.start(files[n])
        found: ReadResult | SvccheckError
        try:
            found = read_sheets([path], library, checklist, lang=lang, ahead=ahead)
        except SvccheckError as error:
            found = error
        yield found


def _absorb(run: _Run, part: ReadResult) -> None:
    """A worker's share put after what `run` holds (the shares are read in file order)."""
    run.observations.extend(part.observations)
    run.inputs.extend(part.inputs)
    run.rejected.extend(part.rejected)
    run.layouts.extend(part.layouts)
    run.skipped.extend(part.skipped_sheets)
    run.warnings.extend(part.warnings)
    run.facts.extend(part.sheets)
    run.roster_lines.extend(part.roster_lines)


def _nothing_read(run: _Run, lang: str) -> str:
    lines = [tr(lang, "没有读到任何数据：", "nothing could be read:")]
    colon = tr(lang, "：", ": ")
    for file, sheet, why in run.skipped:
        lines.append(f"  {file}{' › ' + sheet if sheet else ''}{colon}{why}")
    return "\n".join(lines)


def _file_failed(run: _Run, file: str, why: str) -> None:
    run.skipped.append((file, "", why))
    run.inputs.append(InputSummary(file=file, sheets=(), rows=0, accepted=0, rejected=0))


def _read_file(run: _Run, path: Path, ahead: ReadAhead) -> None:
    try:
        book = ahead.take(path)
    except UnreadableFile as error:
        _file_failed(run, str(path), error.reason)
        return
    # what this file adds to the run: its sheets' layouts, facts and rows are the run's tail
    first_layout, first_fact, first_row = len(run.layouts), len(run.facts), len(run.observations)
    tail = {name: len(getattr(run, name)) for name in _TAIL}
    try:
        meta = _metadata(book)
        staff = []
        for source in book.sheets:
            if is_staff_sheet(source.name) and not source.hidden:
                staff.append(source)  # read last: the registers give its date and branch
                continue
            _read_sheet(run, str(path), source, meta)
        for source in staff:
            _read_on_duty(
                run, str(path), source, (first_layout, first_fact), run.observations[first_row:]
            )
    except UnreadableFile as error:  # found as its rows were read (a csv's stray quote)
        _drop_tail(run, tail)
        _file_failed(run, str(path), error.reason)
        return
    finally:
        book.close()
    layouts = run.layouts[first_layout:]
    scopes = [s.scope for s in layouts if s.scope is not None]
    run.inputs.append(
        InputSummary(
            file=str(path),
            sheets=tuple(s.sheet for s in layouts),
            rows=sum(s.rows for s in layouts),
            accepted=sum(s.accepted for s in layouts),
            rejected=sum(s.rejected for s in layouts),
            skipped=sum(s.skipped for s in layouts),
            scope="; ".join(dict.fromkeys(scopes)) if scopes else None,
        )
    )


_TAIL = ("layouts", "facts", "observations", "rejected", "roster_lines", "warnings", "skipped")


def _drop_tail(run: _Run, tail: dict[str, int]) -> None:
    """Forget what a file had added to the run: it is unread after all."""
    for name, length in tail.items():
        del getattr(run, name)[length:]


def _read_on_duty(
    run: _Run,
    file: str,
    source: SheetSource,
    first: tuple[int, int],
    observations: Sequence[Observation],
) -> None:
    """A register workbook's staff-on-duty sheet: the people the inspection saw that day,
    given to the workbook's first register sheet. A line that cannot be used is a warning
    naming its cell; the register's layout lists the people (a sheet that holds none is
    listed among the skipped ones, saying why)."""
    lang = run.lang
    first_layout, first_fact = first  # where the file's own layouts and facts start
    registers = [i for i, f in enumerate(run.facts) if i >= first_fact]
    colon = tr(lang, "：", ": ")
    if not registers:
        _skip(
            run,
            file,
            source.name,
            tr(
                lang,
                "在岗人员：工作簿中没有检查登记簿",
                "staff on duty: the workbook holds no inspection register",
            ),
        )
        return
    target = run.facts[registers[0]]
    dates = {o.date for o in observations if o.sheet == target.sheet}
    branches = {o.branch for o in observations if o.sheet == target.sheet}
    try:
        rows = list(source.rows())
    except UnreadableSheet as error:
        _skip(run, file, source.name, error.reason)
        return
    staff = read_staff(
        rows,
        run.library.taxonomy,
        lang,
        date=next(iter(dates)) if len(dates) == 1 else None,
        branch=next(iter(branches)) if len(branches) == 1 else None,
    )
    if not staff.header_row:
        why = tr(
            lang,
            "在岗人员表中没有“姓名”列（前 30 行）；应有 姓名，可选 工号、岗位、日期、网点",
            "the staff-on-duty sheet has no name / 姓名 column in its first 30 rows (expected "
            "姓名/name, optionally 工号/employee_id, 岗位/role, 日期/date, 网点/branch)",
        )
        run.warnings.append(f"{file} › {source.name}{colon}{why}")
        _skip(run, file, source.name, why)
        return
    problems = tuple(f"{source.name} {cell}{colon}{why}" for _, cell, why in staff.problems)
    run.warnings.extend(f"{file} › {problem}" for problem in problems)
    run.facts[registers[0]] = dataclasses.replace(target, on_duty=tuple(staff.people))
    # the register's layout shows them too (the file's layouts: those it added to the run)
    for n in range(first_layout, len(run.layouts)):
        layout = run.layouts[n]
        if layout.file == file and layout.sheet == target.sheet:
            run.layouts[n] = dataclasses.replace(
                layout, on_duty=tuple(staff.people), warnings=layout.warnings + problems
            )


def _metadata(book: Book) -> FormMetadata | None:
    for source in book.sheets:
        if source.name == METADATA_SHEET:
            try:
                return parse_metadata(source.rows())
            except UnreadableSheet:
                return None
    return None


def _skip(run: _Run, file: str, sheet: str, why: str) -> None:
    run.skipped.append((file, sheet, why))


def _read_sheet(
    run: _Run, file: str, source: SheetSource, meta: FormMetadata | None
) -> SheetLayout | None:
    lang = run.lang
    if meta is not None and source.name in FORM_HELPER_SHEETS:
        return None  # svccheck's own criteria, dropdown list and metadata: nothing to say
    if source.name == METADATA_SHEET:
        _skip(run, file, source.name, tr(lang, "svccheck 表单元数据", "svccheck form metadata"))
        return None
    if source.hidden:
        _skip(run, file, source.name, tr(lang, "隐藏的工作表", "hidden sheet"))
        return None
    try:
        return _read_sheet_rows(run, file, source, meta)
    except ReadAgain:  # a big sheet's slices did not fit together (slices.py)
        return _read_sheet_rows(run, file, source, meta)  # parsed whole this time


def _read_sheet_rows(
    run: _Run, file: str, source: SheetSource, meta: FormMetadata | None
) -> SheetLayout | None:
    """Read a sheet's rows. Until they are all read, nothing is kept in `run`."""
    lang = run.lang
    try:
        rows = source.rows()
        head = list(islice(rows, HEADER_SEARCH_ROWS))
    except UnreadableSheet as error:
        _skip(run, file, source.name, error.reason)
        return None
    if all(is_blank(v) for row in head for v in row):
        _skip(run, file, source.name, tr(lang, "空工作表", "empty sheet"))
        return None
    header = find_header(head, run.caches.headers)
    if header is None:
        _skip(run, file, source.name, _no_header(head, lang))
        return None
    return _read_data(run, file, source, meta, head, rows, header)


def _no_header(head: Sequence[Sequence[object]], lang: str) -> str:
    row, texts = best_guess(head)
    found = ", ".join(texts[:12]) + (" …" if len(texts) > 12 else "")
    expected = tr(
        lang,
        "前 {n} 行中没有可识别的表头：应为长表（检查项目 + 结果、扣分或得分，"
        "另有 日期、网点、姓名 等）"
        "或宽表（姓名 等 + 以项目编号开头的列，如“TLR-01 着装规范”）",
        "no recognisable header in the first {n} rows: expected a long-form header (检查项目/"
        "item with 结果/result, 扣分/deduction or 得分/score, and 日期/date, 网点/branch, 姓名/"
        "employee…) or a wide-form header (姓名/employee… and columns headed by item ids such as "
        "'TLR-01 着装规范')",
        n=HEADER_SEARCH_ROWS,
    )
    if not texts:
        return expected
    return expected + tr(
        lang, "；实际（第 {row} 行）：{found}", "; found (row {row}): {found}", row=row, found=found
    )


def _read_data(
    run: _Run,
    file: str,
    source: SheetSource,
    meta: FormMetadata | None,
    head: list[list[object]],
    rows: Iterator[list[object]],
    header: Header,
) -> SheetLayout:
    lang, library = run.lang, run.library
    above = read_above(head[: header.row - 1], run.caches.headers)
    block = above.block
    if meta is None and header.row > 1:  # a csv form's own line above its header
        meta = above.form
    first = header.row + 1
    resolution = from_metadata(meta, run.argument, library, lang)
    if resolution is None and run.argument:
        resolution = Resolution(library.checklists[run.argument], "argument")
    if resolution is not None:
        plan = _plan(run, file, source, meta, header, block, resolution)
        reader = _read_rows(run, plan, chain(head[header.row :], rows), first)
    else:
        resolution, plan, reader = _read_inferred(
            run, file, source, meta, head, rows, header, block
        )
    facts_before = len(run.facts)
    scope = _register_facts(run, file, source, plan, reader)
    if library.profiles:  # branch profiles (SPEC §8): items a branch lacks apply nowhere there
        from svccheck.sheets.profiles import drop_inapplicable

        scope += drop_inapplicable(reader, library, header.form, lang)
    run.observations.extend(reader.observations)
    run.rejected.extend(reader.rejections)
    run.roster_lines.extend(reader.roster_lines)
    shared = _head(run, header)
    warnings = [*resolution.warnings, *_column_warnings(shared, plan, header, lang), *scope]
    colon = tr(lang, "：", ": ")
    run.warnings.extend(f"{file} › {source.name}{colon}{w}" for w in warnings)
    layout = SheetLayout(
        file=file,
        sheet=source.name,
        form=header.form,
        header_row=header.row,
        columns=dict(shared.columns),
        ignored=shared.ignored,
        checklist=plan.checklist.id,
        rows=reader.rows,
        accepted=reader.accepted,
        rejected=reader.rejected,
        skipped=reader.skipped + above.filled,  # the title rows, the branch/date block
        warnings=tuple(warnings),
        checklist_from=resolution.source,
        sheet_values={
            name: f"{value} ({plan.default_where[name]})"
            for name, value in _shown_defaults(plan).items()
        },
        scope=_stated_scope(run.facts[facts_before:], file, source.name),
    )
    run.layouts.append(layout)
    return layout


def _stated_scope(facts: Sequence[SheetFacts], file: str, sheet: str) -> str | None:
    """The scope the sheet stated, from the facts recorded as it was read (a sheet's facts are
    recorded once, as it is read: the files of a run are distinct, and so are the sheets of a
    workbook — no need to look through the whole run's)."""
    for fact in reversed(facts):
        if fact.file == file and fact.sheet == sheet:
            return fact.scope_text
    return None


def _register_facts(
    run: _Run, file: str, source: SheetSource, plan: Plan, reader: RowReader
) -> list[str]:
    """An inspection sheet's scope (SPEC §4): recorded for scoring; rows governed by a scope
    naming nothing known are rejected. Returns the warnings."""
    checklist = plan.checklist
    if checklist.kind != "inspection":
        return []
    stated = None
    if "scope" in plan.defaults:
        value = plan.defaults["scope"]
        stated = (value.value if isinstance(value, Bad) else value, plan.default_where["scope"])
    cells = run.scope_cells
    found = sheet_scopes(
        file=file,
        sheet=source.name,
        checklist_id=checklist.id,
        kind=checklist.kind,
        observations=reader.observations,
        stated=stated,
        cells=cells,
        scope_of=run.scope_words,
        lang=run.lang,
    )
    if found.rejected_rows:
        refused = found.rejected_rows
        reader.observations = [o for o in reader.observations if o.row not in refused]
        reader.rejections.extend(refused.values())
        reader.rejections.sort(key=lambda r: r.row)
        reader.accepted -= len(refused)
        reader.rejected += len(refused)
    if found.facts is not None:
        run.facts.append(found.facts)
    return found.warnings


def _read_rows(run: _Run, plan: Plan, data: Iterable[list[object]], first: int) -> RowReader:
    reader = RowReader(plan, run.caches, run.lang)
    column = plan.cols.get("scope")
    run.scope_cells = None
    if column is not None and plan.checklist.kind == "inspection":
        run.scope_cells = ScopeCells(column)
        data = run.scope_cells.capture(data, first)
    reader.read(data, first)
    return reader


MORNING_KINDS = frozenset({"self_check", "peer_check"})
INFER_PREFIX = 2000
"""Data rows looked at to infer a sheet's checklist before reading the rest as it streams."""


def _read_inferred(
    run: _Run,
    file: str,
    source: SheetSource,
    meta: FormMetadata | None,
    head: list[list[object]],
    rows: Iterator[list[object]],
    header: Header,
    block: Block,
) -> tuple[Resolution, Plan, RowReader]:
    """Infer the checklist from the first rows, read on, then check the guess against every
    item and kind the sheet named; a wrong guess (rare: a later row naming another checklist's
    item) reads the sheet again with all of it in view, so the answer never depends on order."""
    where, first = f"{file} › {source.name}", header.row + 1
    prefix = head[header.row :] + list(islice(rows, INFER_PREFIX))
    items, kinds = _seen_in(header, prefix)
    try:
        guess = _infer(run, header, block, items, kinds, where)
    except ConfigError:
        guess = None  # the first rows do not tell; all of them may
    if guess is not None:
        plan = _plan(run, file, source, meta, header, block, guess)
        reader = _read_rows(run, plan, chain(prefix, rows), first)
        try:
            confirmed = _infer(run, header, block, *reader.seen(), where)
        except ConfigError:
            confirmed = None
        if confirmed is not None and confirmed.checklist.id == guess.checklist.id:
            return guess, plan, reader
        data = list(source.rows())[header.row :]
    else:
        data = prefix + list(rows)
    resolution = _infer(run, header, block, *_seen_in(header, data), where)
    plan = _plan(run, file, source, meta, header, block, resolution)
    return resolution, plan, _read_rows(run, plan, data, first)


def _seen_in(header: Header, data: Sequence[Sequence[object]]) -> tuple[set[object], set[object]]:
    """The raw item cells (long form) and kind cells found in `data`."""

    def column(name: str) -> set[object]:
        col = header.fields.get(name)
        if col is None:
            return set()
        return {row[col] for row in data if col < len(row)}

    return (column("item") if header.form == "long" else set()), column("kind")


def _infer(
    run: _Run,
    header: Header,
    block: Block,
    items: set[object],
    kinds: set[object],
    where: str,
) -> Resolution:
    """The checklist for a sheet without metadata or --checklist (see resolve.infer), once
    per header, kind hints above it and item and kind cells seen (the raw cells' types too:
    1, 1.0 and True are one key)."""
    memo = _head(run, header).inferred
    key = (tuple(block.kind_hints), _typed(items), _typed(kinds), run.lang)
    known = memo.get(key)
    if known is None:
        known = _infer_anew(run, header, block, items, kinds, where)
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        memo[key] = known
    return Resolution(known.checklist, known.source, list(known.warnings))


def _typed(values: set[object]) -> frozenset[tuple[type, object]]:
    return frozenset([(type(v), v) for v in values]) if values else frozenset()


def _infer_anew(
    run: _Run,
    header: Header,
    block: Block,
    items: set[object],
    kinds: set[object],
    where: str,
) -> Resolution:
    index = run.caches.index
    if header.form == "wide":
        seen = [column.match for column in header.items]
    else:
        seen = [index.lookup(cell_text(value)) for value in items if not is_blank(value)]
    kinds_named: set[str] = set()
    for value in kinds:
        try:
            kind = parse_kind(value)
        except ValueProblem:
            continue
        if kind:
            kinds_named.add(kind)
    # Kinds to prefer when several checklists fit, strongest first (each applies only if
    # some candidate has it).
    hints = [frozenset({kind}) for kind in block.kind_hints]
    if "checker" in header.fields and "互查" in header.texts.get(header.fields["checker"], ""):
        hints.append(frozenset({"peer_check"}))
    if header.form == "long" and "result" not in header.fields and "deduction" in header.fields:
        hints.insert(0, frozenset({"inspection"}))  # 扣分 without 结果: an inspection register
    # SPEC §4: the long form is the inspection register, the wide form the morning sheet.
    hints.append(MORNING_KINDS if header.form == "wide" else frozenset({"inspection"}))
    named = [m for m in seen if m]
    # The answer depends on which items and kinds are named, not on their order or repeats;
    # a sheet that cannot be told is not remembered (its message names the sheet).
    key = (frozenset(named), frozenset(kinds_named), tuple(hints))
    known = run.inferred.get(key)
    if known is None:
        known = run.inferred[key] = infer(run.library, named, kinds_named, hints, where, run.lang)
    return Resolution(known.checklist, known.source, list(known.warnings))


def _plan(
    run: _Run,
    file: str,
    source: SheetSource,
    meta: FormMetadata | None,
    header: Header,
    block: Block,
    resolution: Resolution,
) -> Plan:
    checklist = resolution.checklist
    shapes = _head(run, header).shapes
    shape = shapes.get(checklist.id)
    if shape is None:
        items = [(c.index, _column_item(run, c.match, checklist)) for c in header.items]
        width = max([*header.fields.values(), *header.notes, *(c for c, _ in items), 0]) + 1
        shape = shapes[checklist.id] = (items, width)
    items, width = shape
    plan = Plan(
        file=file,
        sheet=source.name,
        form=header.form,
        checklist=checklist,
        cols=dict(header.fields),
        notes=list(header.notes),
        headers=dict(header.texts),
        width=width,
        items=list(items),
        formula_cells=source.formula_cells,
        may_be_unread=source.may_be_unread,
        ragged=source.ragged,
    )
    values: dict[str, SheetValue] = dict(block.values)
    for name, value in meta.values.items() if meta else ():
        values.setdefault(name, value)
    for name, value in values.items():
        if name in SHEET_FIELDS:
            plan.defaults[name] = _sheet_value(run, name, value.raw)
            plan.default_where[name] = value.cell
    return plan


def _sheet_value(run: _Run, name: str, raw: object) -> object:
    c = run.caches
    cache: ParseCache = c.context.get(name, c.texts)  # read as a column's cells are
    return cache[raw]


def _column_item(run: _Run, match: ItemMatch, checklist: Checklist) -> ItemRef | Bad:
    key = (match, checklist.id)
    found = run.column_items.get(key)
    if found is None:
        found = run.column_items[key] = _item_of_column(run, match, checklist)
    return found


def _item_of_column(run: _Run, match: ItemMatch, checklist: Checklist) -> ItemRef | Bad:
    if match.unknown_id:
        return Bad("unknown_item_column", match.unknown_id)
    fitting = [c for c in match.candidates if c in set(checklist.items)]
    if len(fitting) == 1:
        return run.caches.ref(fitting[0])
    if not fitting:
        return Bad("not_on_checklist", match.candidates[0], checklist.id)
    return Bad("ambiguous_item", "", ", ".join(fitting))


def _column_warnings(head: _Head, plan: Plan, header: Header, lang: str) -> list[str]:
    """The warnings of the item columns that cannot be read (once per header and checklist)."""
    key = (plan.checklist.id, lang)
    found = head.warnings.get(key)
    if found is None:
        found = head.warnings[key] = _columns_unread(plan, header, lang)
    return found


def _columns_unread(plan: Plan, header: Header, lang: str) -> list[str]:
    warnings = []
    columns: dict[str, list[int]] = {}  # item id → the columns it heads
    for col, ref in plan.items:
        if isinstance(ref, Bad):
            warnings.append(reason(ref, lang, header.texts.get(col, "")))
        elif isinstance(ref, ItemRef):
            columns.setdefault(ref.id, []).append(col)
    for item, cols in columns.items():
        if len(cols) > 1:  # a merged header cell spread over two columns, a column pasted twice
            warnings.append(
                tr(
                    lang,
                    "{item} 是 {cols} 多列的表头：各列的标记都计入该项（是合并的表头单元格或"
                    "重复粘贴的列吗？请核对）",
                    "{item} heads columns {cols}: the marks of each count for it (a merged "
                    "header cell, or a column pasted twice? check the sheet)",
                    item=item,
                    cols=tr(lang, "、", ", ").join(column_letter(c) for c in cols),
                )
            )
    return warnings


def _shown_defaults(plan: Plan) -> dict[str, str]:
    return {
        name: (cell_text(value) if not isinstance(value, Bad) else cell_text(value.value))
        for name, value in plan.defaults.items()
    }
