"""Ledger URLs: `sqlite:///path.db` for one branch's file, `postgresql://…` for a bank's server.

`sqlite:///ledger.db` is relative to the working folder and `sqlite:////var/lib/ledger.db`
absolute (the SQLAlchemy convention); `sqlite:///:memory:` is a private in-memory ledger
(benchmarks). Anything else is refused with the forms that are accepted, so a typo never
creates a stray database.

A ledger URL may carry a password (`user:pw@host`, `?password=`, or a libpq `password=` pair
typed by mistake). `mask_secrets` is the one place that hides it: every message that can show
a URL — ours and the database driver's — goes through it, and the URL kept for printing
(`LedgerUrl.shown`) is masked once, when it is parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, unquote

from svccheck.errors import LedgerError

SQLITE_PREFIX = "sqlite:///"
POSTGRES_SCHEMES = ("postgresql", "postgres")
MASK = "***"

# The libpq parameters whose values are secrets (passfile and sslkey are paths, not secrets).
_SECRET_KEYS = ("password", "sslpassword")
# `scheme://user:PASSWORD@` — up to the last @ of the word, since a malformed password may
# itself hold an @, / or #; quotes end the word (drivers quote the URL in their messages).
_USERINFO = re.compile(r"(?P<head>[A-Za-z][\w+.-]*://[^:/?#@\s'\"]*):[^\s'\"?]*@")
# `password=VALUE` in a URL query (`?…&password=…`) or a libpq key=value string, where the
# value may be 'quoted with \' escapes'. A colon ending the value is left alone: it is the
# separator of the message the URL sits in ("ledger postgresql://…?password=***: …"), and
# so is the full-width punctuation of a Chinese message ("账本 …?password=***：…"); the
# password itself is masked whole by its literal value (`secrets_in`) in any case.
_KEYWORD = re.compile(
    r"(?i)(?<![\w.-])(?P<key>(?:ssl)?password)(?P<eq>\s*=\s*)"
    r"(?:'(?:[^'\\]|\\.)*'?|[^\s&'\";：，。（）]*?(?=:?(?:[\s&'\";：，。（）]|$)))"
)
# A literal secret shorter than this is not searched for in free text (it would mask parts of
# ordinary words); the patterns above still mask it wherever it sits in a URL.
_MIN_LITERAL = 4


@dataclass(frozen=True, slots=True)
class LedgerUrl:
    """A parsed ledger URL: which backend, and what it connects to."""

    backend: str  # sqlite | postgresql
    target: str = field(repr=False)  # the SQLite path, or the libpq URL (password and all)
    shown: str  # the URL as it may be printed (no password)
    secrets: tuple[str, ...] = field(default=(), repr=False, compare=False)

    def __str__(self) -> str:
        return self.shown

    def mask(self, text: str) -> str:
        """`text` (a message, a driver's error) with this URL's secrets masked."""
        return mask_secrets(text, self.secrets)


def parse_url(url: str, lang: str = "en") -> LedgerUrl:
    """Split a ledger URL into backend and target; raise LedgerError (in `lang`) for anything
    else. Its password never shows in the message."""
    from svccheck.i18n import tr

    text = url.strip()
    secrets = secrets_in(text)
    if text.startswith(SQLITE_PREFIX):
        path = text[len(SQLITE_PREFIX) :]
        if not path:
            raise LedgerError(
                tr(lang, "{url}：sqlite:/// 后面没有文件名（例如 sqlite:///svccheck.db）",
                   "{url}: no file after sqlite:/// (e.g. sqlite:///svccheck.db)",
                   url=mask_secrets(url, secrets))
            )  # fmt: skip
        return LedgerUrl("sqlite", path, mask_secrets(text, secrets), secrets)
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    if scheme in POSTGRES_SCHEMES:
        return LedgerUrl("postgresql", text, mask_secrets(text, secrets), secrets)
    hint = ""
    if scheme == "sqlite":
        hint = tr(
            lang,
            "（要写三个斜杠：sqlite:///相对路径.db，sqlite:////绝对/路径.db）",
            " (use three slashes: sqlite:///relative.db, sqlite:////absolute/path.db)",
        )
    elif not scheme and re.search(r"\.(db|sqlite3?)$", text):
        hint = tr(
            lang, "（是否想写 sqlite:///{text}？）", " (did you mean sqlite:///{text}?)", text=text
        )
    elif not scheme and "=" in text:
        hint = tr(lang,
                  "（libpq 的 key=value 字符串不是 URL：请写 postgresql://用户@主机:端口/数据库，"
                  "密码放在 ~/.pgpass 或 $PGPASSWORD 中）",
                  " (a libpq key=value string is not a URL: write postgresql://USER@HOST:PORT/DB "
                  "and keep the password in ~/.pgpass or $PGPASSWORD)")  # fmt: skip
    raise LedgerError(
        mask_secrets(
            tr(lang, "无法识别的账本 URL {url}：应为 sqlite:///路径 或 "
                     "postgresql://用户@主机:端口/数据库{hint}",
               "unknown ledger URL {url}: expected sqlite:///PATH or "
               "postgresql://USER@HOST:PORT/DB{hint}",
               url=repr(mask_secrets(text, secrets)), hint=hint),
            secrets,
        )
    )  # fmt: skip


def hide_password(url: str) -> str:
    """The URL with any password replaced by ***, fit for messages and reports."""
    return mask_secrets(url, secrets_in(url))


def mask_secrets(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with every password it shows replaced by ***.

    Masks the password of any `scheme://user:pw@` and the value of any `password=` /
    `sslpassword=` pair, wherever they sit in the text; then every literal occurrence of
    `secrets` (the passwords of the URL the text is about, see `secrets_in`), as typed,
    percent-decoded or percent-encoded — a driver may quote them in any of those forms.
    """
    masked = _USERINFO.sub(lambda m: f"{m['head']}:{MASK}@", text)
    masked = _KEYWORD.sub(lambda m: f"{m['key']}{m['eq']}{MASK}", masked)
    forms = {
        form
        for secret in secrets
        for form in (secret, unquote(secret), quote(secret, safe=""))
        if len(form) >= _MIN_LITERAL
    }
    for form in sorted(forms, key=len, reverse=True):
        masked = masked.replace(form, MASK)
    return masked


def secrets_in(url: str) -> tuple[str, ...]:
    """The passwords a ledger URL (well formed or not) carries, in every way it may carry them:
    `user:pw@` (read both up to the first / and up to the last @, as drivers differ on a
    malformed URL, and with a ? in the password), `?password=`, and libpq `password=value`
    pairs."""
    found: list[str] = []
    text = url.strip()
    scheme, sep, rest = text.partition("://")
    if sep and re.fullmatch(r"[A-Za-z][\w+.-]*", scheme):
        before_query = rest.split("?", 1)[0]
        # (up to the first /, without cutting at ?: libpq reads `u:pa?ss@host` as the
        # authority, so a password may hold an unencoded ?)
        authorities = (before_query.split("/", 1)[0], before_query, rest.split("/", 1)[0])
        for authority in authorities:
            userinfo, at, _ = authority.rpartition("@")
            if at and ":" in userinfo:
                found.append(userinfo.split(":", 1)[1])
        if "?" in rest:
            query = rest.split("?", 1)[1]
            for key, value in parse_qsl(query, keep_blank_values=True):
                if key.strip().lower() in _SECRET_KEYS:
                    found.append(value)
            for match in re.finditer(r"(?:^|&)([^=&]*)=([^&]*)", query):
                if unquote(match[1]).strip().lower() in _SECRET_KEYS:
                    found.append(match[2])
    for match in re.finditer(
        r"(?i)(?<![\w.-])(?:ssl)?password\s*=\s*(?:'((?:[^'\\]|\\.)*)'?|([^\s&'\";]*))", text
    ):
        quoted, plain = match[1], match[2]
        found.append(re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else plain)
        if quoted:
            found.append(quoted)
    # A driver may cut a malformed password at any of the URL's own marks and show a piece
    # as a host or a path: each piece is a secret too.
    found += [piece for secret in found for piece in re.split(r"[@/#?&=:\s']", secret)]
    return tuple(dict.fromkeys(secret for secret in found if secret))
