"""Ledger URLs: which backend, which target, and never a password in a message."""

from __future__ import annotations

from pathlib import PureWindowsPath

import pytest

from svccheck.errors import LedgerError
from svccheck.ledger.url import hide_password, parse_url


@pytest.mark.parametrize(
    "url, backend, target",
    [
        ("sqlite:///svccheck.db", "sqlite", "svccheck.db"),
        ("sqlite:///data/branch.db", "sqlite", "data/branch.db"),
        ("sqlite:////var/lib/svccheck/ledger.db", "sqlite", "/var/lib/svccheck/ledger.db"),
        ("sqlite:///:memory:", "sqlite", ":memory:"),
        # Windows drives, as the README gives them for a bank's PC
        ("sqlite:///D:/服务检查/ledger.db", "sqlite", "D:/服务检查/ledger.db"),
        ("sqlite:///D:\\svc\\ledger.db", "sqlite", "D:\\svc\\ledger.db"),
        ("postgresql://svc@db:5432/ledger", "postgresql", "postgresql://svc@db:5432/ledger"),
        ("postgres://svc@db/ledger", "postgresql", "postgres://svc@db/ledger"),
    ],
)
def test_parse_url(url: str, backend: str, target: str) -> None:
    parsed = parse_url(url)
    assert (parsed.backend, parsed.target) == (backend, target)


@pytest.mark.parametrize("url", ["sqlite:///D:/服务检查/ledger.db", "sqlite:///D:\\svc\\l.db"])
def test_a_windows_drive_path_is_absolute_on_windows(url: str) -> None:
    target = PureWindowsPath(parse_url(url).target)
    assert target.is_absolute() and target.drive == "D:"


def test_password_is_hidden_everywhere() -> None:
    parsed = parse_url("postgresql://svc:s3cret@db:5432/ledger?sslmode=require")
    assert parsed.target.startswith("postgresql://svc:s3cret@")
    assert str(parsed) == "postgresql://svc:***@db:5432/ledger?sslmode=require"
    assert hide_password("postgresql://svc@db/ledger") == "postgresql://svc@db/ledger"
    with pytest.raises(LedgerError) as caught:
        parse_url("mysql://root:s3cret@db/x")
    assert "s3cret" not in str(caught.value)


@pytest.mark.parametrize(
    "url, hint",
    [
        ("sqlite:///", "no file after sqlite:///"),
        ("sqlite://x.db", "three slashes"),
        ("branch.sqlite", "did you mean sqlite:///branch.sqlite"),
        ("", "unknown ledger URL"),
    ],
)
def test_bad_urls(url: str, hint: str) -> None:
    with pytest.raises(LedgerError, match=hint):
        parse_url(url)
