"""Ledger URLs: which backend, which target, and never a password in a message."""

from __future__ import annotations

from pathlib import PureWindowsPath

import pytest

from svccheck.errors import LedgerError
from svccheck.ledger.url import hide_password, mask_secrets, parse_url, secrets_in


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


@pytest.mark.parametrize(
    "text, masked",
    [
        ("postgresql://svc:pw@db/x", "postgresql://svc:***@db/x"),
        ("postgresql://svc@db/x?password=pw", "postgresql://svc@db/x?password=***"),
        (
            "ledger postgresql://db/x?password=pw: refused",
            "ledger postgresql://db/x?password=***: refused",
        ),
        ("postgresql://db/x?a=1&PASSWORD=pw&b=2", "postgresql://db/x?a=1&PASSWORD=***&b=2"),
        ("host=db password = 'a b\\'c' port=5", "host=db password = *** port=5"),
        ("host=db sslpassword=k3y", "host=db sslpassword=***"),
        ('in URI: "postgres://u:p@[::1"', 'in URI: "postgres://u:***@[::1"'),
        ("no password here", "no password here"),
        ("old_password=x", "old_password=x"),
    ],
)
def test_mask_secrets_patterns(text: str, masked: str) -> None:
    assert mask_secrets(text) == masked


def test_mask_secrets_known_secret_in_any_form() -> None:
    """A driver may show the password decoded, or a piece of a malformed one as a host."""
    url = "postgresql://svc:abcd%2Fcdef@efgh@db/x"
    secrets = secrets_in(url)
    assert "abcd%2Fcdef@efgh" in secrets
    assert mask_secrets("cannot resolve host 'efgh@db'", secrets) == "cannot resolve host '***@db'"
    assert mask_secrets("bad token abcd/cdef@efgh", secrets) == "bad token ***"
    assert parse_url(url).mask("token: abcd/cdef@efgh") == "token: ***"
    # Pieces shorter than four characters are masked only where a URL's shape shows them.
    assert mask_secrets("host 'ab'", secrets_in("postgresql://u:xy@ab@h/d")) == "host 'ab'"


def test_secrets_in_every_form() -> None:
    assert secrets_in("postgresql://u:p4ss@h/d") == ("p4ss",)
    assert "s3cr" in secrets_in("postgresql://h/d?pass%77ord=s3cr")
    assert "a b'c" in secrets_in("host=h password='a b\\'c'")
    assert secrets_in("postgresql://u@h/d?sslmode=require") == ()
    assert "S3cret?PW" in secrets_in("postgresql://u:S3cret?PW@localhost:1/db")
