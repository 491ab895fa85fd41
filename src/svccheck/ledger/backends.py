"""The two places a ledger can live: an SQLite file (stdlib) or a PostgreSQL server (psycopg 3).

Each backend offers the same few primitives — query, execute, bulk rows, a locked transaction,
id reservation, query plans — so the ledger's own logic (`store.py`) is written once. SQL is
written with `?` placeholders; the PostgreSQL backend turns them into `%s`.

Concurrency, the part that differs most:
- SQLite runs in WAL mode (readers never block the writer) and every write transaction is
  `BEGIN IMMEDIATE`: writers queue on the database lock (waiting up to `BUSY_SECONDS`), so one
  ingest sees everything committed before it.
- PostgreSQL transactions run side by side; the ledger takes transaction-scoped advisory
  locks on the keys it is about to decide on (a file's content hash, a branch), so two ingests
  of the same file, or of corrections for the same branch, are decided one after the other.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from svccheck.errors import LedgerError
from svccheck.i18n import tr
from svccheck.ledger.url import SQLITE_PREFIX, LedgerUrl

BUSY_SECONDS = 120.0  # how long an SQLite writer waits for another one to commit
CONNECT_SECONDS = 10  # how long a PostgreSQL connection attempt may take

Row = tuple[Any, ...]


_SUPERSEDE_ONE = (
    "UPDATE batches SET superseded_by = ? WHERE branch = ? AND date = ? "
    "AND checklist = ? AND kind = ? AND superseded_by IS NULL RETURNING file_id"
)


def _existing(conn: sqlite3.Connection, keys: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The keys among `keys` that an active batch already has."""
    held: set[tuple[Any, ...]] = set()
    for branch in {key[0] for key in keys}:
        dates = [key[1] for key in keys if key[0] == branch]
        held.update(conn.execute(
            "SELECT branch, date, checklist, kind FROM batches WHERE superseded_by IS NULL "
            "AND branch = ? AND date >= ? AND date <= ?", (branch, min(dates), max(dates)),
        ).fetchall())  # fmt: skip
    return [key for key in keys if key in held]


class Backend(ABC):
    """One open connection to a ledger database."""

    name: str
    driver_errors: tuple[type[Exception], ...]

    def __init__(self, url: LedgerUrl, lang: str = "en") -> None:
        self.url = url
        self.lang = lang  # of the messages saying why the ledger cannot be opened

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    @abstractmethod
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    @abstractmethod
    def bulk_insert(
        self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        """Insert many plain tuples as fast as the backend allows."""

    @abstractmethod
    @contextmanager
    def transaction(self, locks: Iterable[str] = ()) -> Iterator[None]:
        """All or nothing; `locks` are keys no other transaction may hold at the same time."""

    @abstractmethod
    def reserve_ids(self, table: str, count: int) -> list[int]:
        """`count` fresh ids for `table` (inside a transaction)."""

    @abstractmethod
    def supersede(self, file_id: int, keys: Sequence[tuple[Any, ...]]) -> list[int]:
        """Mark the active batches with these (branch, date, checklist, kind) keys superseded
        by `file_id`; the file ids of the batches so marked, one per batch."""

    @abstractmethod
    def table_names(self) -> set[str]: ...

    @abstractmethod
    def plan(self, sql: str, params: Sequence[Any] = ()) -> list[str]:
        """The query plan of `sql`, one line per step (EXPLAIN QUERY PLAN / EXPLAIN)."""

    @abstractmethod
    def date_param(self, value: dt.date) -> Any: ...

    @abstractmethod
    def date_value(self, value: Any) -> dt.date: ...

    @abstractmethod
    def close(self) -> None: ...


class SqliteBackend(Backend):
    """A ledger in one SQLite file: a branch running svccheck on its own."""

    name = "sqlite"
    driver_errors = (sqlite3.Error,)

    def __init__(self, url: LedgerUrl, lang: str = "en") -> None:
        super().__init__(url, lang)
        path = url.target
        if path != ":memory:":
            self._refuse_unusable(Path(path).expanduser())
            path = str(Path(path).expanduser())
        try:
            # isolation_level=None: we issue BEGIN IMMEDIATE / COMMIT ourselves.
            self.conn = sqlite3.connect(
                path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
            )
            self.conn.execute("PRAGMA foreign_keys = OFF")
            if self.conn.execute("PRAGMA journal_mode").fetchone()[0] not in ("wal", "memory"):
                self.conn.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL never corrupts the file; a power cut may lose the last commit.
            self.conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as error:
            raise LedgerError(
                url.mask(
                    tr(
                        lang,
                        "账本 {url}：无法打开 SQLite 文件：{error}",
                        "ledger {url}: cannot open the SQLite file: {error}",
                        url=url,
                        error=error,
                    )
                )
            ) from error

    def _refuse_unusable(self, path: Path) -> None:
        """Refuse, before SQLite tries, a ledger path it could not open, saying why in the
        user's words (SQLite says "unable to open database file" for each): its folder
        missing, a folder in its place, a name the system refuses (too long)."""
        lang, url = self.lang, self.url
        try:
            folder = path.resolve().parent
            missing = not folder.is_dir()
            is_folder = path.is_dir()
        except OSError as error:
            from svccheck.atomic import os_reason

            raise LedgerError(
                url.mask(
                    tr(
                        lang,
                        "账本 {url}：{cause}",
                        "ledger {url}: {cause}",
                        url=url,
                        cause=os_reason(error, lang),
                    )
                )
            ) from error
        if missing:
            raise LedgerError(
                url.mask(
                    tr(
                        lang,
                        "账本 {url}：文件夹 {folder} 不存在",
                        "ledger {url}: folder {folder} does not exist",
                        url=url,
                        folder=folder,
                    )
                )
            )
        if is_folder:
            raise LedgerError(
                url.mask(
                    tr(
                        lang,
                        "账本 {url}：{path} 是一个文件夹，不是 SQLite 文件（例如改用 {example}）",
                        "ledger {url}: {path} is a folder, not an SQLite file (name a file in it, "
                        "e.g. {example})",
                        url=url,
                        path=path,
                        example=f"{SQLITE_PREFIX}{path}/svccheck.db",
                    )
                )
            )

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self.conn.execute(sql, params).fetchall()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def bulk_insert(
        self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        marks = ", ".join("?" * len(columns))
        self.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    @contextmanager
    def transaction(self, locks: Iterable[str] = ()) -> Iterator[None]:
        # IMMEDIATE takes the write lock now: the whole database is the lock, so `locks`
        # need nothing more.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def reserve_ids(self, table: str, count: int) -> list[int]:
        # Safe because the caller holds the write lock (BEGIN IMMEDIATE).
        first = self.conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]
        return list(range(first, first + count))

    def supersede(self, file_id: int, keys: Sequence[tuple[Any, ...]]) -> list[int]:
        # One indexed UPDATE per key that exists (SQLite's planner would scan the whole index
        # for a row-value IN list); the keys that exist are found first with one range read
        # per branch, since a new file mostly brings new days.
        found: list[int] = []
        for key in _existing(self.conn, keys):
            rows = self.conn.execute(_SUPERSEDE_ONE, (file_id, *key)).fetchall()
            found += [row[0] for row in rows]
        return found

    def table_names(self) -> set[str]:
        rows = self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}

    def plan(self, sql: str, params: Sequence[Any] = ()) -> list[str]:
        rows = self.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
        depth: dict[int, int] = {0: 0}
        lines = []
        for node, parent, _, detail in rows:
            depth[node] = depth.get(parent, 0) + 1
            lines.append("  " * (depth[node] - 1) + detail)
        return lines

    def date_param(self, value: dt.date) -> str:
        return value.isoformat()

    def date_value(self, value: Any) -> dt.date:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)

    def close(self) -> None:
        self.conn.close()


class PostgresBackend(Backend):
    """A ledger on a PostgreSQL server: a bank's central history."""

    name = "postgresql"

    def __init__(self, url: LedgerUrl, lang: str = "en") -> None:
        super().__init__(url, lang)
        import psycopg

        self.driver_errors = (psycopg.Error,)
        try:
            self.conn = psycopg.connect(
                url.target, autocommit=True, connect_timeout=CONNECT_SECONDS
            )
        except psycopg.Error as error:
            # The driver's text may quote the URL, password included: masked like ours.
            reason = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            raise LedgerError(
                url.mask(
                    tr(
                        lang,
                        "无法连接账本 {url}：{reason}",
                        "cannot connect to the ledger {url}: {reason}",
                        url=url,
                        reason=reason,
                    )
                )
            ) from error

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("?", "%s")

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self.conn.execute(self._sql(sql), params).fetchall()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(self._sql(sql), params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(self._sql(sql), rows)

    def bulk_insert(
        self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        with self._copy(table, columns) as write:
            for row in rows:
                write(row)

    @contextmanager
    def _copy(self, table: str, columns: Sequence[str]) -> Iterator[Any]:
        # One COPY per table and file: it streams rows with no round trip per row or batch.
        with (
            self.conn.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            yield copy.write_row

    @contextmanager
    def transaction(self, locks: Iterable[str] = ()) -> Iterator[None]:
        with self.conn.transaction():
            # Sorted, so two transactions wanting the same keys never wait on each other
            # in opposite orders (no deadlock).
            for key in sorted(set(locks)):
                self.conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (key,))
            yield

    def reserve_ids(self, table: str, count: int) -> list[int]:
        rows = self.conn.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            (table, count),
        ).fetchall()
        return [row[0] for row in rows]

    def supersede(self, file_id: int, keys: Sequence[tuple[Any, ...]]) -> list[int]:
        # One statement per thousand keys: a round trip per batch would dominate an ingest.
        found: list[int] = []
        for start in range(0, len(keys), 1000):
            chunk = keys[start : start + 1000]
            values = ", ".join(["(%s, %s::date, %s, %s)"] * len(chunk))
            rows = self.conn.execute(
                "UPDATE batches SET superseded_by = %s WHERE superseded_by IS NULL "
                f"AND (branch, date, checklist, kind) IN (VALUES {values}) RETURNING file_id",
                (file_id, *(value for key in chunk for value in key)),
            ).fetchall()
            found += [row[0] for row in rows]
        return found

    def table_names(self) -> set[str]:
        rows = self.conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchall()
        return {name for (name,) in rows}

    def plan(self, sql: str, params: Sequence[Any] = ()) -> list[str]:
        rows = self.conn.execute(f"EXPLAIN {self._sql(sql)}", params).fetchall()
        return [line for (line,) in rows]

    def date_param(self, value: dt.date) -> dt.date:
        return value

    def date_value(self, value: Any) -> dt.date:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))

    def close(self) -> None:
        self.conn.close()


def connect(url: LedgerUrl, lang: str = "en") -> Backend:
    """Open the backend a parsed URL names (saying why it cannot, in `lang`)."""
    if url.backend == "sqlite":
        return SqliteBackend(url, lang)
    return PostgresBackend(url, lang)
