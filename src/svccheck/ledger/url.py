"""Ledger URLs: `sqlite:///path.db` for one branch's file, `postgresql://…` for a bank's server.

`sqlite:///ledger.db` is relative to the working folder and `sqlite:////var/lib/ledger.db`
absolute (the SQLAlchemy convention); `sqlite:///:memory:` is a private in-memory ledger
(benchmarks). Anything else is refused with the forms that are accepted, so a typo never
creates a stray database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from svccheck.errors import LedgerError

SQLITE_PREFIX = "sqlite:///"
POSTGRES_SCHEMES = ("postgresql", "postgres")


@dataclass(frozen=True, slots=True)
class LedgerUrl:
    """A parsed ledger URL: which backend, and what it connects to."""

    backend: str  # sqlite | postgresql
    target: str  # the SQLite path, or the libpq connection URL
    shown: str  # the URL as it may be printed (no password)

    def __str__(self) -> str:
        return self.shown


def parse_url(url: str) -> LedgerUrl:
    """Split a ledger URL into backend and target; raise LedgerError for anything else."""
    text = url.strip()
    if text.startswith(SQLITE_PREFIX):
        path = text[len(SQLITE_PREFIX) :]
        if not path:
            raise LedgerError(f"{url}: no file after sqlite:/// (e.g. sqlite:///svccheck.db)")
        return LedgerUrl("sqlite", path, text)
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    if scheme in POSTGRES_SCHEMES:
        return LedgerUrl("postgresql", text, hide_password(text))
    hint = ""
    if scheme == "sqlite":
        hint = " (use three slashes: sqlite:///relative.db, sqlite:////absolute/path.db)"
    elif not scheme and re.search(r"\.(db|sqlite3?)$", text):
        hint = f" (did you mean sqlite:///{text}?)"
    raise LedgerError(
        f"unknown ledger URL {hide_password(text)!r}: expected sqlite:///PATH or "
        f"postgresql://USER@HOST:PORT/DB{hint}"
    )


def hide_password(url: str) -> str:
    """The URL with any password replaced by ***, fit for messages and reports."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))
