"""The ledger: scored history in SQLite or PostgreSQL, written once per file, read per period.

One class over both backends. Writing (`add_file`) is one transaction per input file: the file
row, the supersession of earlier rows for the same branch / date / checklist / kind, the
batches, their checks, deductions and corrective actions, every observation and every
rejection — all or nothing.
Reading (`load`) returns the active (not superseded) batches of a period with their checks,
straight from the indexes the period reports use (`plans` shows them).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any

from svccheck import __version__
from svccheck.errors import LedgerError
from svccheck.fast import field_getter, gc_paused, in_field_order
from svccheck.i18n import tr
from svccheck.jsontext import json_encoder
from svccheck.ledger.backends import Backend, connect
from svccheck.ledger.records import (
    PASSED,
    BatchKey,
    BatchToStore,
    FileOutcome,
    FileToStore,
    LoadedBatch,
    Selection,
    StoredFile,
    Superseded,
)
from svccheck.ledger.schema import (
    APPLICATION,
    META,
    MIGRATIONS,
    OBSERVATION_FIELDS,
    PACKED_EXTRA,
    TABLES,
    Migration,
)
from svccheck.ledger.url import LedgerUrl, parse_url
from svccheck.model import (
    InputSummary,
    Location,
    Observation,
    Person,
    Rejection,
    RosterLine,
    Waiver,
)
from svccheck.scoring.actions import (
    Action,
    LaterCheck,
    build_action,
    close_by_checks,
    subjects_of,
)
from svccheck.scoring.result import CheckScore, Deduction, Waived, build_check, build_deduction

SEPARATOR = "\x1f"  # joins a deduction's sources and notes (the ASCII unit separator)

# The Observation fields stored per row (date, branch, checklist, kind and file are the
# batch's; role and employee id the check's), picked out of the NamedTuple in C and packed
# as one JSON array per batch.
_observation_fields = field_getter(Observation, *OBSERVATION_FIELDS, *PACKED_EXTRA)
_pack = json_encoder(item_separator=",", key_separator=":", allow_nan=False)

# A check is stored as its CheckScore fields, under the same names, less those of its batch
# (the same for all the batch's checks) and the deductions (a table of their own). The columns
# written, the SELECT that reads them back and the positional CheckScore built from it
# (`_assemble`) are all derived from CheckScore's fields, so none can drift from the others.
_BATCH_FIELDS = ("checklist", "kind", "branch", "date")
_CHECK_OWN = tuple(
    f.name for f in fields(CheckScore) if f.name not in (*_BATCH_FIELDS, "deductions")
)
CHECK_COLUMNS = ("id", "batch_id", *_CHECK_OWN, "outcomes")
# `_assemble` builds a CheckScore by position: the batch's checklist and kind, the row's
# subject and subject kind, the batch's branch, the row's role, the batch's date, the rest of
# the row, then the deductions. Checked here, at import.
in_field_order(CheckScore, "checklist", "kind", "subject", "subject_kind", "branch", "role",
               "date", *_CHECK_OWN[3:], "deductions")  # fmt: skip
_check_values = attrgetter(*_CHECK_OWN)

# A deduction is stored as its fields, under the same names, in this order: the order in which
# `_deductions_by_check` unpacks them and builds a Deduction (checked here, at import).
_DEDUCTION_FIELDS = ("item", "points", "points_before_cap", "cap", "count", "rows", "critical",
                     "explicit", "sources", "notes", "people")  # fmt: skip
in_field_order(Deduction, *_DEDUCTION_FIELDS)
DEDUCTION_COLUMNS = ("check_id", *_DEDUCTION_FIELDS)
_DEDUCTION_DETAILS = "d.sources, d.notes, d.people"  # what `load(details=False)` leaves out

BATCH_COLUMNS = (
    "id",
    "file_id",
    "branch",
    "date",
    "checklist",
    "kind",
    "checklist_fingerprint",
    "standards_version",
    "findings_only",
    "items",
    "passes",
    "observations",
)
# A waived failure (SPEC §8) as stored: where it was found, then the waiver as it read when
# the batch was scored. Its checklist, kind and file are its batch's.
WAIVED_COLUMNS = ("batch_id", "date", "branch", "subject", "employee", "item", "count", "note",
                  "sheet", "sheet_row", "cell", "reason", "approved_by", "expires",
                  "waiver_branch", "waiver_file", "waiver_line", "waiver_col")  # fmt: skip
# A corrective action as stored (its checklist, kind and file are its batch's; `fixed` is the
# fix date its register gave, which closes it — rule (a) of SPEC §8).
ACTION_COLUMNS = ("batch_id", "branch", "subject", "owner", "item", "severity", "found", "due",
                  "fixed", "note", "fix_note", "sheet", "sheet_row", "cell")  # fmt: skip
FILE_COLUMNS = (
    "id",
    "content_hash",
    "path",
    "ingested_at",
    "svccheck_version",
    "sheets",
    "rows_read",
    "accepted",
    "rejected",
    "skipped",
)


class Ledger:
    """An open ledger. Use `open_ledger(url)`; close it (or use `with`) when done."""

    def __init__(self, backend: Backend, lang: str = "en") -> None:
        self.backend = backend
        self.url = backend.url
        self.lang = lang  # of the messages saying the database is not a ledger svccheck can use

    # -- life cycle -------------------------------------------------------------------------

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.backend.close()

    def reopen(self) -> Ledger:
        """A second connection to the same ledger (for a worker process)."""
        return Ledger(connect(self.url, self.lang), self.lang)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Driver errors become one LedgerError that names the ledger."""
        try:
            yield
        except self.backend.driver_errors as error:
            raise LedgerError(
                self.url.mask(tr(self.lang, "账本 {url}：{error}", "ledger {url}: {error}",
                                 url=self.url, error=error))
            ) from error  # fmt: skip

    # -- schema -----------------------------------------------------------------------------

    def schema_version(self) -> int:
        with self._errors():
            if "meta" not in self.backend.table_names():
                return 0
            rows = self.backend.query("SELECT value FROM meta WHERE key = 'schema_version'")
        return int(rows[0][0]) if rows else 0

    def migrate(self, migrations: Sequence[Migration] = MIGRATIONS) -> list[Migration]:
        """Bring the schema up to the newest migration; refuse a ledger from a newer svccheck.

        Returns the migrations that ran. Cheap when nothing is to be done: the version is
        read first, and the write lock is taken only when a step must run.
        """
        latest = migrations[-1].version
        with self._errors():
            if self._meta_ok(latest):
                return []
            with self.backend.transaction(locks=["svccheck:migrate"]):
                self.backend.execute(META)
                meta: dict[str, str] = dict(self.backend.query("SELECT key, value FROM meta"))
                current = self._check_meta(meta, latest)
                steps = [m for m in migrations if m.version > current]
                for step in steps:
                    for statement in step.sql(self.backend.name):
                        self.backend.execute(statement)
                self._set_meta(meta, latest if steps else current)
        return steps

    def _meta_ok(self, latest: int) -> bool:
        if "meta" not in self.backend.table_names():
            return False
        meta: dict[str, str] = dict(self.backend.query("SELECT key, value FROM meta"))
        return self._check_meta(meta, latest) == latest

    def _check_meta(self, meta: dict[str, str], latest: int) -> int:
        """The ledger's schema version, after making sure it is ours and not from the future."""
        lang = self.lang
        if not meta:
            ours = sorted(self.backend.table_names() & set(TABLES))
            if ours:
                raise LedgerError(
                    tr(
                        lang,
                        "{url} 不是 svccheck 账本：有表 {tables}，却没有 svccheck 的 meta 表",
                        "ledger {url}: not a svccheck ledger (it has tables {tables} but no "
                        "svccheck meta table)",
                        url=self.url,
                        tables=", ".join(ours),
                    )
                )
            return 0
        version = meta.get("schema_version", "0")
        if meta.get("application") != APPLICATION or not version.isdigit():
            raise LedgerError(
                tr(
                    lang,
                    "{url} 不是 svccheck 账本（meta 表：application = {application}，"
                    "schema_version = {version}）",
                    "ledger {url}: not a svccheck ledger (meta.application = {application}, "
                    "meta.schema_version = {version})",
                    url=self.url,
                    application=repr(meta.get("application")),
                    version=repr(version),
                )
            )
        current = int(version)
        if current > latest:
            raise LedgerError(
                tr(
                    lang,
                    "账本 {url} 的结构版本为 {current}（由 svccheck {by} 写入），本 svccheck"
                    "（{ours}）只认识到版本 {latest}：请升级 svccheck 后再使用此账本",
                    "ledger {url} has schema version {current}, written by svccheck {by}; this "
                    "svccheck ({ours}) knows schema versions up to {latest}: upgrade svccheck to "
                    "use this ledger",
                    url=self.url,
                    current=current,
                    by=meta.get("written_by", "?"),
                    ours=__version__,
                    latest=latest,
                )
            )
        return current

    def _set_meta(self, meta: dict[str, str], version: int) -> None:
        values = {"application": APPLICATION, "schema_version": str(version)}
        if meta.get("schema_version") != str(version) or "written_by" not in meta:
            values["written_by"] = __version__
        if "created_at" not in meta:
            values["created_at"] = _now().isoformat(timespec="seconds")
        for key, value in values.items():
            if key in meta:
                self.backend.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
            else:
                self.backend.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))

    # -- writing ----------------------------------------------------------------------------

    def find_file(self, content_hash: str) -> StoredFile | None:
        with self._errors():
            rows = self.backend.query(
                "SELECT id, path, content_hash, ingested_at, superseded_by FROM files "
                "WHERE content_hash = ?",
                (content_hash,),
            )
        if not rows:
            return None
        file_id, path, digest, stamp, superseded = rows[0]
        return StoredFile(file_id, path, digest, str(stamp), superseded)

    def add_file(self, file: FileToStore) -> FileOutcome:
        """Store one file in one transaction; a file already held (same content) adds nothing.

        The file is stored, and its outcome named, by its name as text (`path_text`): a name
        in GBK bytes from an unzipped archive is held as the name it was given."""
        from svccheck.pathtext import path_text

        name = path_text(file.path)
        locks = [f"file:{file.content_hash}", *(f"branch:{b.key.branch}" for b in file.batches)]
        with self._errors(), self._as_text(name != file.path), self.backend.transaction(locks):
            # Checked again under the lock: another process may just have stored this file.
            held = self.find_file(file.content_hash)
            if held is not None:
                return FileOutcome(
                    name, "duplicate", file.content_hash, file_id=held.id, duplicate_of=held
                )
            file_id = self.backend.reserve_ids("files", 1)[0]
            self._insert_file(file_id, name, file)
            # Supersede before inserting: the new batches must not match themselves.
            superseded = self._supersede(file_id, [b.key for b in file.batches])
            self._insert_batches(file_id, file.batches)
            self._insert_rejections(file_id, file)
            self._insert_roster_lines(file_id, file)
        return FileOutcome(
            name,
            "added",
            file.content_hash,
            file_id=file_id,
            observations=file.observations,
            checks=file.checks,
            batches=len(file.batches),
            rejected=len(file.rejections),
            superseded=superseded,
            rejections=file.rejections,
        )

    @contextmanager
    def _as_text(self, needed: bool) -> Iterator[None]:
        """While `needed` (a file whose name is not UTF-8), every string written is made text
        (`pathtext.document_text`): the name recurs in what the file brings — a csv's sheet is
        named after the file — and neither database takes the undecodable bytes. Any other
        file is written untouched, with no cost."""
        if not needed:
            yield
            return
        real = self.backend
        self.backend = _TextWriter(real)  # type: ignore[assignment]
        try:
            yield
        finally:
            self.backend = real

    def _insert_file(self, file_id: int, name: str, file: FileToStore) -> None:
        s = file.summary
        self.backend.execute(
            f"INSERT INTO files ({', '.join(FILE_COLUMNS)}) VALUES ({_marks(FILE_COLUMNS)})",
            (
                file_id,
                file.content_hash,
                name,
                self.backend.date_param(_now()),
                __version__,
                "\n".join(s.sheets),
                s.rows,
                s.accepted,
                s.rejected,
                s.skipped,
            ),
        )

    def _supersede(self, file_id: int, keys: Sequence[BatchKey]) -> tuple[Superseded, ...]:
        date = self.backend.date_param
        hits = Counter(self.backend.supersede(
            file_id, [(k.branch, date(k.date), k.checklist, k.kind) for k in keys]
        ))  # fmt: skip
        result = []
        for old_id, count in sorted(hits.items()):
            left = self.backend.query(
                "SELECT count(*) FROM batches WHERE file_id = ? AND superseded_by IS NULL",
                (old_id,),
            )[0][0]
            if not left:
                self.backend.execute(
                    "UPDATE files SET superseded_by = ? WHERE id = ?", (file_id, old_id)
                )
            path = self.backend.query("SELECT path FROM files WHERE id = ?", (old_id,))[0][0]
            result.append(Superseded(old_id, path, count, not left))
        return tuple(result)

    def _insert_batches(self, file_id: int, batches: Sequence[BatchToStore]) -> None:
        if not batches:
            return
        backend = self.backend
        batch_ids = backend.reserve_ids("batches", len(batches))
        backend.executemany(
            f"INSERT INTO batches ({', '.join(BATCH_COLUMNS)}) VALUES ({_marks(BATCH_COLUMNS)})",
            [
                (
                    bid,
                    file_id,
                    b.key.branch,
                    backend.date_param(b.key.date),
                    b.key.checklist,
                    b.key.kind,
                    b.checklist_fingerprint,
                    b.standards_version,
                    b.findings_only,
                    ",".join(b.items),
                    ",".join(str(b.passes.get(i, 0)) for i in b.items),
                    len(b.observations),
                )
                for bid, b in zip(batch_ids, batches, strict=True)
            ],
        )
        check_ids = iter(backend.reserve_ids("checks", sum(len(b.checks) for b in batches)))
        check_rows: list[tuple[Any, ...]] = []
        deduction_rows: list[tuple[Any, ...]] = []
        for bid, batch in zip(batch_ids, batches, strict=True):
            for check, outcomes in zip(batch.checks, batch.outcomes, strict=True):
                cid = next(check_ids)
                check_rows.append(_check_row(cid, bid, check, outcomes))
                deduction_rows.extend(_deduction_row(cid, d) for d in check.deductions)
        backend.bulk_insert("checks", CHECK_COLUMNS, check_rows)
        backend.bulk_insert("deductions", DEDUCTION_COLUMNS, deduction_rows)
        date = backend.date_param
        actions = [
            (bid, a.branch, a.subject, a.owner, a.item, a.severity, date(a.found), date(a.due),
             None if a.closed is None else date(a.closed), a.note, a.fix_note, a.sheet, a.row,
             a.cell)
            for bid, batch in zip(batch_ids, batches, strict=True)
            for a in batch.actions
        ]  # fmt: skip
        if actions:  # only failed inspection items open one (SPEC §8)
            backend.bulk_insert("actions", ACTION_COLUMNS, actions)
        backend.bulk_insert(
            "observation_sets",
            ("batch_id", "rows"),
            [
                (bid, _pack(list(map(_observation_fields, batch.observations))))
                for bid, batch in zip(batch_ids, batches, strict=True)
            ],
        )
        waived = [
            _waived_row(bid, w, backend.date_param)
            for bid, batch in zip(batch_ids, batches, strict=True)
            for w in batch.waived
        ]
        if waived:  # only under waivers.yaml (SPEC §8)
            backend.bulk_insert("waived", WAIVED_COLUMNS, waived)

    def _insert_rejections(self, file_id: int, file: FileToStore) -> None:
        self.backend.bulk_insert(
            "rejections",
            ("file_id", "sheet", "sheet_row", "cell", "reason"),
            [(file_id, r.sheet, r.row, r.cell, r.reason) for r in file.rejections],
        )

    def _insert_roster_lines(self, file_id: int, file: FileToStore) -> None:
        date = self.backend.date_param
        self.backend.bulk_insert(
            "roster_lines",
            ("file_id", "branch", "date", "checklist", "employee", "employee_id", "role",
             "sheet", "sheet_row"),
            [
                (file_id, r.branch, date(r.date), r.checklist, r.employee, r.employee_id,
                 r.role, r.sheet, r.row)
                for r in file.roster_lines
            ],
        )  # fmt: skip

    # -- reading ----------------------------------------------------------------------------

    def load(
        self, selection: Selection, *, details: bool = True, outcomes: bool = True
    ) -> list[LoadedBatch]:
        """The active batches of `selection`, each with its checks and their deductions.

        Reports need neither the deductions' source cells, notes and people (`details`) nor,
        for an earlier period, the checks' item outcomes: leaving them out of the read saves
        a third of a province-month's load time.
        """
        where, params = self._where(selection)
        checks_sql = _CHECKS_SQL if outcomes else _CHECKS_SQL.replace("c.outcomes", "''")
        deductions_sql = _DEDUCTIONS_SQL
        if not details:
            deductions_sql = deductions_sql.replace(_DEDUCTION_DETAILS, "'', '', ''")
        with self._errors(), gc_paused():
            batch_rows = self.backend.query(_BATCHES_SQL + where, params)
            check_rows = self.backend.query(checks_sql + where, params)
            deduction_rows = self.backend.query(deductions_sql + where, params)
            waived_rows = self.backend.query(_WAIVED_SQL + where, params)
            return _assemble(self.backend, batch_rows, check_rows, deduction_rows, waived_rows)

    def plans(self, selection: Selection) -> dict[str, list[str]]:
        """The query plans of `load` (which indexes the period reports use)."""
        where, params = self._where(selection)
        with self._errors():
            return {
                name: self.backend.plan(sql + where, params)
                for name, sql in (
                    ("batches", _BATCHES_SQL),
                    ("checks", _CHECKS_SQL),
                    ("deductions", _DEDUCTIONS_SQL),
                    ("waived", _WAIVED_SQL),
                )
            }

    def _where(self, selection: Selection) -> tuple[str, list[Any]]:
        where = " WHERE b.superseded_by IS NULL AND b.date >= ? AND b.date <= ?"
        params: list[Any] = [
            self.backend.date_param(selection.date_from),
            self.backend.date_param(selection.date_to),
        ]
        if selection.branch is not None:
            where += " AND b.branch = ?"
            params.append(selection.branch)
        if selection.checklist is not None:
            where += " AND b.checklist = ?"
            params.append(selection.checklist)
        return where, params

    def inputs(self, file_ids: Sequence[int]) -> tuple[InputSummary, ...]:
        """What was read from each of these files when they were ingested (SPEC §7 `inputs`)."""
        rows = self._by_file_ids(
            "SELECT id, path, sheets, rows_read, accepted, rejected, skipped FROM files "
            "WHERE id IN ({ids}) ORDER BY path, id",
            file_ids,
        )
        return tuple(
            InputSummary(path, tuple(sheets.split("\n")) if sheets else (), n, ok, bad, skipped)
            for _, path, sheets, n, ok, bad, skipped in rows
        )

    def rejections(self, file_ids: Sequence[int]) -> tuple[Rejection, ...]:
        """The rows of these files that could not be used, as stored at ingest."""
        rows = self._by_file_ids(
            "SELECT f.path, r.sheet, r.sheet_row, r.cell, r.reason FROM rejections r "
            "JOIN files f ON f.id = r.file_id WHERE r.file_id IN ({ids}) "
            "ORDER BY f.path, r.sheet, r.sheet_row, r.cell",
            file_ids,
        )
        return tuple(Rejection(*row) for row in rows)

    def _by_file_ids(self, sql: str, file_ids: Sequence[int]) -> list[tuple[Any, ...]]:
        ids = sorted(set(file_ids))
        rows: list[tuple[Any, ...]] = []
        with self._errors():
            # In chunks: SQLite caps the number of bound parameters per statement.
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows += self.backend.query(sql.format(ids=_marks(chunk)), chunk)
        return rows

    def observation_rows(self, batch_ids: Sequence[int]) -> dict[int, list[list[Any]]]:
        """The stored input rows of these batches, as packed (`OBSERVATION_FIELDS`, then
        `PACKED_EXTRA` in rows stored since it was added): what a re-score reads."""
        ids = sorted(set(batch_ids))
        found: dict[int, list[list[Any]]] = {}
        with self._errors():
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows = self.backend.query(
                    f"SELECT batch_id, rows FROM observation_sets WHERE batch_id IN "
                    f"({_marks(chunk)})",
                    chunk,
                )
                for bid, packed in rows:
                    found[bid] = self._unpacked(bid, packed)
        return found

    def _unpacked(self, batch_id: int, packed: object) -> list[list[Any]]:
        """A batch's stored rows, as `_pack` wrote them: a list of rows, each the observation's
        fields (`OBSERVATION_FIELDS`, maybe `PACKED_EXTRA`). Anything else (a damaged file, a
        hand edit) is refused naming the batch and the file it came from, never a traceback."""
        try:
            rows = json.loads(packed) if isinstance(packed, str | bytes) else None
        except ValueError:
            rows = None
        width = len(OBSERVATION_FIELDS)
        if isinstance(rows, list) and all(
            isinstance(row, list) and width <= len(row) <= width + len(PACKED_EXTRA) for row in rows
        ):
            return rows
        found = self.backend.query(
            "SELECT f.path FROM batches b JOIN files f ON f.id = b.file_id WHERE b.id = ?",
            (batch_id,),
        )

        raise LedgerError(
            tr(
                self.lang,
                "账本 {url}：第 {bid} 批存储的观察数据已损坏（不是 svccheck 写入的格式）；"
                "请用 svccheck ingest 重新入账其文件 {file}",
                "ledger {url}: the stored observations of batch {bid} are damaged (not what "
                "svccheck writes); ingest its file {file} again",
                url=self.url,
                bid=batch_id,
                file=found[0][0] if found else "?",
            )
        )

    def count_checks(self, selection: Selection) -> int:
        """How many active checks `selection` holds (cheap: the indexes answer it)."""
        where, params = self._where(selection)
        with self._errors():
            rows = self.backend.query(
                "SELECT count(*) FROM batches b JOIN checks c ON c.batch_id = b.id" + where, params
            )
        return int(rows[0][0])

    def span(
        self, branch: str | None = None, checklist: str | None = None
    ) -> tuple[dt.date, dt.date] | None:
        """The first and last date with active data (optionally of one branch / checklist)."""
        sql = "SELECT min(date), max(date) FROM batches WHERE superseded_by IS NULL"
        sql, params = _narrow(sql, branch, checklist)
        with self._errors():
            low, high = self.backend.query(sql, params)[0]
        if low is None:
            return None
        return self.backend.date_value(low), self.backend.date_value(high)

    def last_date_before(self, day: dt.date, branch: str | None = None) -> dt.date | None:
        """The last date before `day` with active data: "yesterday" for the morning brief."""
        sql = "SELECT max(date) FROM batches WHERE superseded_by IS NULL AND date < ?"
        sql, params = _narrow(sql, branch, None, [self.backend.date_param(day)])
        with self._errors():
            (value,) = self.backend.query(sql, params)[0]
        return None if value is None else self.backend.date_value(value)

    def roster_lines(
        self, date_from: dt.date, date_to: dt.date, branch: str | None = None
    ) -> list[RosterLine]:
        """People on the morning sheets of active files whose lines nobody filled in."""
        sql = (
            "SELECT r.date, r.branch, r.employee, r.checklist, r.employee_id, r.role, f.path, "
            "r.sheet, r.sheet_row FROM roster_lines r JOIN files f ON f.id = r.file_id "
            "WHERE f.superseded_by IS NULL AND r.date BETWEEN ? AND ?"
        )
        date = self.backend.date_param
        params: list[Any] = [date(date_from), date(date_to)]
        if branch is not None:
            sql += " AND r.branch = ?"
            params.append(branch)
        with self._errors():
            rows = self.backend.query(sql + " ORDER BY r.date, r.branch, r.employee", params)
        return [RosterLine(self.backend.date_value(r[0]), *r[1:]) for r in rows]

    def set_staff(self, branch: str, people: Sequence[Person], source: str) -> None:
        """Replace the staff list held for `branch` (`svccheck roster`); `source`, the staff
        file's name, is held as text (`path_text`)."""
        from svccheck.pathtext import path_text

        source = path_text(source)
        given = self.backend.date_param(_now())
        with self._errors(), self.backend.transaction([f"staff:{branch}"]):
            self.backend.execute("DELETE FROM staff_lists WHERE branch = ?", (branch,))
            self.backend.bulk_insert(
                "staff_lists",
                ("branch", "name", "employee_id", "role", "source", "given"),
                [(branch, p.name, p.employee_id, p.role, source, given) for p in people],
            )

    def staff(self, branch: str) -> list[Person]:
        """The staff list last given for `branch` (empty when none was)."""
        with self._errors():
            rows = self.backend.query(
                "SELECT name, employee_id, role FROM staff_lists WHERE branch = ? ORDER BY name",
                (branch,),
            )
        return [Person(name, employee_id, role) for name, employee_id, role in rows]

    def actions(self, branch: str | None = None, as_of: dt.date | None = None) -> list[Action]:
        """The corrective actions of the active batches (found by `as_of`, of one branch or
        all), each closed by its register's fix date or by the first later check of the same
        subject and kind that judged its item passed (SPEC §8), oldest due first. Their
        status is each action's own (`Action.status(as_of)`)."""
        sql = (
            "SELECT a.branch, a.subject, a.owner, a.item, b.checklist, b.kind, a.found, a.due, "
            "a.severity, f.path, a.sheet, a.sheet_row, a.cell, a.note, a.fix_note, a.fixed, "
            "a.id FROM actions a JOIN batches b ON b.id = a.batch_id "
            "JOIN files f ON f.id = b.file_id WHERE b.superseded_by IS NULL"
        )
        params: list[Any] = []
        if branch is not None:
            sql += " AND a.branch = ?"
            params.append(branch)
        if as_of is not None:
            sql += " AND a.found <= ?"
            params.append(self.backend.date_param(as_of))
        # by_due's order, in SQL: dates and numbers only, the same under any collation
        sql += " ORDER BY a.due, a.found, a.id"
        day = _Days(self.backend)
        with self._errors(), gc_paused():
            held = [
                build_action(branch_, subject, owner, item, checklist, kind, day[found],
                             day[due], severity, path, sheet, row, cell, note, fix_note,
                             None if fixed is None else day[fixed],
                             None if fixed is None else path, id_)
                for (branch_, subject, owner, item, checklist, kind, found, due, severity,
                     path, sheet, row, cell, note, fix_note, fixed, id_)
                in self.backend.query(sql, params)
            ]  # fmt: skip
            if held:  # (closing keeps the order: oldest due first, as `by_due` sorts)
                held = close_by_checks(held, self._later_checks(held, branch, as_of, day))
            return held

    def _later_checks(
        self,
        actions: Sequence[Action],
        branch: str | None,
        as_of: dt.date | None,
        day: _Days,
    ) -> list[LaterCheck]:
        """The active checks that could close one of the actions (rule b of SPEC §8): of
        their subjects and kinds, after the first was found; what each passed is read from
        its stored outcome letters."""
        subjects = subjects_of(actions)
        kinds = sorted({kind for _, _, kind in subjects})
        # the batches first, then their checks: a batch's items (a register's are ~200 ids)
        # are read once, not once per check
        where = f" WHERE b.superseded_by IS NULL AND b.date > ? AND b.kind IN ({_marks(kinds)})"
        params: list[Any] = [self.backend.date_param(min(a.found for a in actions)), *kinds]
        if branch is not None:
            where += " AND b.branch = ?"
            params.append(branch)
        if as_of is not None:
            where += " AND b.date <= ?"
            params.append(self.backend.date_param(as_of))
        batches = {
            bid: (branch_, kind, day[date], _positions(items), path)
            for bid, branch_, kind, date, items, path in self.backend.query(
                "SELECT b.id, b.branch, b.kind, b.date, b.items, f.path FROM batches b "
                "JOIN files f ON f.id = b.file_id" + where,
                params,
            )
        }
        checks = self.backend.query(
            "SELECT c.batch_id, c.subject, c.outcomes FROM batches b "
            "JOIN checks c ON c.batch_id = b.id" + where,
            params,
        )
        later = []
        new = tuple.__new__  # (see fast.py; LaterCheck's fields are checked at import)
        for bid, subject, outcomes in checks:
            branch_, kind, date, positions, path = batches[bid]
            if (branch_, subject, kind) in subjects:
                passed = _passed(positions, outcomes)
                later.append(new(LaterCheck, (branch_, subject, kind, date, path, passed)))
        return later

    def branches(self) -> list[str]:
        with self._errors():
            rows = self.backend.query(
                "SELECT DISTINCT branch FROM batches WHERE superseded_by IS NULL ORDER BY branch"
            )
        return [branch for (branch,) in rows]

    def counts(self) -> dict[str, int]:
        """Row counts, for summaries and tests: what is held, and what is active."""
        queries = {
            "files": "SELECT count(*) FROM files",
            "files_active": "SELECT count(*) FROM files WHERE superseded_by IS NULL",
            "batches": "SELECT count(*) FROM batches",
            "batches_active": "SELECT count(*) FROM batches WHERE superseded_by IS NULL",
            "checks": "SELECT count(*) FROM checks",
            "checks_active": "SELECT count(*) FROM checks c JOIN batches b ON b.id = c.batch_id "
            "WHERE b.superseded_by IS NULL",
            "observations": "SELECT count(*) FROM observations",
            "observations_active": "SELECT count(*) FROM observations o JOIN batches b "
            "ON b.id = o.batch_id WHERE b.superseded_by IS NULL",
            "rejections": "SELECT count(*) FROM rejections",
            "actions": "SELECT count(*) FROM actions",
            "actions_active": "SELECT count(*) FROM actions a JOIN batches b "
            "ON b.id = a.batch_id WHERE b.superseded_by IS NULL",
        }
        with self._errors():
            return {name: int(self.backend.query(sql)[0][0]) for name, sql in queries.items()}


def open_ledger(
    url: str,
    *,
    migrations: Sequence[Migration] = MIGRATIONS,
    must_exist: bool = False,
    lang: str = "en",
) -> Ledger:
    """Connect to the ledger at `url` and bring its schema up to date (creating it if new).

    `must_exist`: a command that only reads (report, brief) never creates a ledger — a SQLite
    file that is not there is an error saying how one is made."""
    parsed = parse_url(url, lang)
    sqlite_file = parsed.backend == "sqlite" and parsed.target != ":memory:"
    if must_exist and sqlite_file and _no_file(Path(parsed.target).expanduser()):
        raise LedgerError(
            tr(
                lang,
                "账本 {url} 不存在：请先用 svccheck ingest 入账（或用 --db 指明账本）",
                "no ledger at {url}: run svccheck ingest first (or name one with --db)",
                url=parsed,
            )
        )
    ledger = Ledger(connect(parsed, lang), lang)
    try:
        if must_exist or sqlite_file:
            _refuse_foreign(ledger, parsed, must_exist, lang)
        ledger.migrate(migrations)
    except BaseException:
        ledger.close()
        raise
    return ledger


def _no_file(path: Path) -> bool:
    """Whether no SQLite file is at `path` (a folder there, or a name the system refuses, is
    left to the backend to say so)."""
    try:
        return not path.exists()
    except OSError:
        return False


def _refuse_foreign(ledger: Ledger, url: LedgerUrl, must_exist: bool, lang: str) -> None:
    """Refuse another program's database before anything is written to it: a SQLite file
    holding tables but no svccheck `meta` table (whatever the command), or, for a command
    that only reads, any database without one (an empty file, an empty schema)."""
    with ledger._errors():
        tables = ledger.backend.table_names()
    if "meta" in tables or not (must_exist or tables):
        return
    listed = ", ".join(sorted(tables)) or "—"
    if must_exist and not tables:
        raise LedgerError(
            tr(
                lang,
                "{url} 不是 svccheck 账本（其中的表：{tables}）：请先用 svccheck ingest "
                "入账（或用 --db 指明账本）",
                "{url} is not a svccheck ledger (its tables: {tables}): run svccheck "
                "ingest first (or name one with --db)",
                url=url,
                tables=listed,
            )
        )
    raise LedgerError(
        tr(
            lang,
            "{url} 不是 svccheck 账本（其中的表：{tables}）：它属于别的程序，svccheck 不会写入；"
            "请用 --db 指明账本或一个新文件",
            "{url} is not a svccheck ledger (its tables: {tables}): another program's "
            "database, which svccheck does not write to; name a ledger or a new file with --db",
            url=url,
            tables=listed,
        )
    )


_BATCHES_SQL = (
    "SELECT b.id, b.branch, b.date, b.checklist, b.kind, b.checklist_fingerprint, "
    "b.standards_version, b.findings_only, b.items, b.passes, f.path, f.id "
    "FROM batches b JOIN files f ON f.id = b.file_id"
)
_CHECKS_SQL = (
    f"SELECT c.batch_id, c.id, c.outcomes, {', '.join(f'c.{n}' for n in _CHECK_OWN)} "
    "FROM batches b JOIN checks c ON c.batch_id = b.id"
)
_DEDUCTIONS_SQL = (
    f"SELECT {', '.join(f'd.{n}' for n in DEDUCTION_COLUMNS)} "
    "FROM batches b JOIN checks c ON c.batch_id = b.id "
    "JOIN deductions d ON d.check_id = c.id"
)

_WAIVED_SQL = (
    f"SELECT {', '.join(f'w.{n}' for n in WAIVED_COLUMNS)} "
    "FROM batches b JOIN waived w ON w.batch_id = b.id"
)


class _TextWriter:
    """A backend whose writes hold only text: each string parameter through `document_text`."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend

    def __getattr__(self, name: str) -> Any:
        return getattr(self._backend, name)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._backend.execute(sql, _text_row(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._backend.executemany(sql, map(_text_row, rows))

    def bulk_insert(
        self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        self._backend.bulk_insert(table, columns, map(_text_row, rows))


def _text_row(row: Sequence[Any]) -> tuple[Any, ...]:
    # document_text: an observation set is packed as JSON, whose escapes must stay JSON
    from svccheck.pathtext import document_text

    return tuple(document_text(value) if isinstance(value, str) else value for value in row)


def _assemble(
    backend: Backend,
    batch_rows: list[tuple[Any, ...]],
    check_rows: list[tuple[Any, ...]],
    deduction_rows: list[tuple[Any, ...]],
    waived_rows: list[tuple[Any, ...]],
) -> list[LoadedBatch]:
    deductions = _deductions_by_check(deduction_rows)
    batches: dict[int, tuple[BatchKey, tuple[Any, ...]]] = {}
    for row in batch_rows:
        batches[row[0]] = (BatchKey(row[1], backend.date_value(row[2]), row[3], row[4]), row)
    checks: dict[int, list[CheckScore]] = {bid: [] for bid in batches}
    outcomes: dict[int, list[str]] = {bid: [] for bid in batches}
    none: tuple[Deduction, ...] = ()
    get = deductions.get
    for bid, cid, outcome, subject, subject_kind, role, *rest in check_rows:
        key = batches[bid][0]
        rest[-1] = bool(rest[-1])  # accountable (SQLite stores 0 or 1)
        rest.append(get(cid, none))  # the deductions, CheckScore's last field
        # positional, in CheckScore's field order (see CHECK_COLUMNS)
        check = build_check(key.checklist, key.kind, subject, subject_kind, key.branch, role,
                            key.date, *rest)  # fmt: skip
        checks[bid].append(check)
        outcomes[bid].append(outcome)
    waived: dict[int, list[Waived]] = {}
    for row in waived_rows:
        bid = row[0]
        key, batch = batches[bid]
        waived.setdefault(bid, []).append(_waived(backend, key, batch[10], row))
    return [
        LoadedBatch(
            id=bid,
            key=key,
            file_id=row[11],
            file=row[10],
            checklist_fingerprint=row[5],
            standards_version=row[6],
            findings_only=bool(row[7]),
            items=_items(row[8]),
            passes=_passes(row[9]),
            checks=tuple(checks[bid]),
            outcomes=tuple(outcomes[bid]),
            waived=tuple(waived.get(bid, ())),
        )
        for bid, (key, row) in sorted(batches.items(), key=lambda kv: (kv[1][0].date, kv[0]))
    ]


@lru_cache(maxsize=4096)
def _items(text: str) -> tuple[str, ...]:
    # Cached: a checklist's batches mostly list the same items, so share one tuple.
    return tuple(text.split(",")) if text else ()


class _Days(dict[Any, dt.date]):
    """A backend's stored date → the date, each distinct value converted once (a year of
    actions has a few hundred distinct dates, and tens of thousands of rows)."""

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.value = backend.date_value

    def __missing__(self, stored: Any) -> dt.date:
        day = self[stored] = self.value(stored)
        return day


in_field_order(LaterCheck, "branch", "subject", "kind", "date", "file", "passed")


def _passed(positions: dict[str, int], outcomes: str) -> Callable[[str], bool]:
    """Did the check whose outcome letters are `outcomes` judge an item passed (SPEC §8:
    a pass, or a findings-only register's implied pass)?"""

    def passed(item: str) -> bool:
        at = positions.get(item)
        return at is not None and outcomes[at] in PASSED

    return passed


@lru_cache(maxsize=4096)
def _positions(text: str) -> dict[str, int]:
    """A batch's items (as stored, comma-joined) → item → its letter's place in `outcomes`."""
    return {item: at for at, item in enumerate(_items(text))}


@lru_cache(maxsize=4096)
def _passes(text: str) -> tuple[int, ...]:
    return tuple(map(int, text.split(","))) if text else ()


def _deductions_by_check(rows: list[tuple[Any, ...]]) -> dict[int, tuple[Deduction, ...]]:
    """check id → its deductions. Equal deductions are one shared (immutable) object: without
    their source cells most are alike ("TLR-05, 0.5 points, once"), and a province-month
    holds tens of thousands of them."""
    grouped: dict[int, list[Deduction]] = {}
    alike: dict[tuple[Any, ...], Deduction] = {}
    for cid, *values in rows:
        fields_ = tuple(values)
        deduction = alike.get(fields_)
        if deduction is None:
            item, points, before, cap, count, n, critical, explicit, sources, notes, people = values
            deduction = build_deduction(item, points, before, cap, count, n, bool(critical),
                                        bool(explicit), _split(sources), _split(notes),
                                        _split(people))  # fmt: skip
            alike[fields_] = deduction
        found = grouped.get(cid)
        if found is None:
            grouped[cid] = [deduction]
        else:
            found.append(deduction)
    return {cid: tuple(found) for cid, found in grouped.items()}


def _check_row(cid: int, bid: int, c: CheckScore, outcomes: str) -> tuple[Any, ...]:
    return (cid, bid, *_check_values(c), outcomes)


def _deduction_row(cid: int, d: Deduction) -> tuple[Any, ...]:
    return (
        cid,
        d.item,
        d.points,
        d.points_before_cap,
        d.cap,
        d.count,
        d.rows,
        d.critical,
        d.explicit,
        SEPARATOR.join(d.sources),
        SEPARATOR.join(d.notes),
        SEPARATOR.join(d.people),
    )


def _waived_row(bid: int, w: Waived, date: Callable[[Any], Any]) -> tuple[Any, ...]:
    waiver, at = w.waiver, w.waiver.location
    return (bid, date(w.date), w.branch, w.subject, w.employee, w.item, w.count, w.note,
            w.sheet, w.row, w.cell, waiver.reason, waiver.approved_by, date(waiver.expires),
            waiver.branch, *((at.file, at.line, at.col) if at else (None, None, None)))  # fmt: skip


def _waived(backend: Backend, key: BatchKey, file: str, row: tuple[Any, ...]) -> Waived:
    """A stored waived failure as scoring made it (its checklist, kind and file: the batch's)."""
    (_, day, branch, subject, employee, item, count, note, sheet, sheet_row, cell, reason,
     approved_by, expires, waiver_branch, at_file, at_line, at_col) = row  # fmt: skip
    at = None if at_file is None else Location(at_file, at_line, at_col)
    waiver = Waiver(item, waiver_branch, reason, approved_by, backend.date_value(expires), at)
    return Waived(key.checklist, key.kind, backend.date_value(day), branch, subject, item,
                  employee, count, note, file, sheet, sheet_row, cell, waiver)  # fmt: skip


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split(SEPARATOR)) if text else ()


def _marks(columns: Sequence[object]) -> str:
    return ", ".join("?" * len(columns))


def _narrow(
    sql: str, branch: str | None, checklist: str | None, params: list[Any] | None = None
) -> tuple[str, list[Any]]:
    params = list(params or [])
    if branch is not None:
        sql += " AND branch = ?"
        params.append(branch)
    if checklist is not None:
        sql += " AND checklist = ?"
        params.append(checklist)
    return sql, params


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
