"""The pre-commit hook definition: the entry runs, and the file pattern picks the library."""

from __future__ import annotations

import re

import yaml

from cli_support import REPO


def test_hook_definition() -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "svccheck-validate"
    assert hook["language"] == "python"
    assert hook["entry"] == "svccheck validate"
    pattern = re.compile(hook["files"])
    assert pattern.search("standards/teller.yaml")
    assert pattern.search("bank/checklists/morning-teller.yml")
    assert pattern.search("standards/taxonomy.yaml")
    assert not pattern.search("examples/2026-10/register.xlsx")
    assert not pattern.search("standards/notes/readme.yaml")
    assert not pattern.search(".github/workflows/ci.yaml")
