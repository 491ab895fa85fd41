"""`svccheck schema`: prints the shipped JSON Schema, usable by any validator."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from cli_support import REPO, RunCli


@pytest.mark.parametrize("name", ["standard", "checklist", "taxonomy"])
def test_prints_the_schema(name: str, run_cli: RunCli) -> None:
    result = run_cli("schema", name)
    assert result.code == 0, result
    schema = json.loads(result.stdout)
    shipped = REPO / "src" / "svccheck" / "catalog" / "schemas" / f"{name}.schema.json"
    assert schema == json.loads(shipped.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)


def test_printed_schema_accepts_the_bundled_library(run_cli: RunCli, tmp_path: object) -> None:
    schema = json.loads(run_cli("schema", "checklist").stdout)
    for path in sorted((REPO / "checklists").glob("*.yaml")):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_unknown_schema_name_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli("schema", "report")
    assert result.code == 2, result
    assert "Traceback" not in result.stderr
