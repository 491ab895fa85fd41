"""The shipped JSON Schemas, and svccheck's own validator agreeing with jsonschema on them."""

from __future__ import annotations

import copy
import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cli_support import REPO
from svccheck.catalog.schema import (
    SCHEMA_NAMES,
    SchemaValidator,
    load_schema,
    schema_text,
    validator,
)
from svccheck.catalog.validate import check_library
from svccheck.catalog.yamlload import load_yaml

DATA = REPO / "tests" / "data" / "catalog"


def _kind(path: Path) -> str:
    if path.name.startswith("taxonomy."):
        return "taxonomy"
    if path.name in ("branches.yaml", "waivers.yaml"):
        return path.stem
    return "checklist" if path.parent.name == "checklists" else "standard"


def _documents() -> Iterator[tuple[str, Path, Any]]:
    """Every readable YAML file of the bundled library and of the test cases."""
    paths = [
        *REPO.joinpath("standards").glob("*.yaml"),
        *REPO.joinpath("checklists").glob("*.yaml"),
        *DATA.glob("*/*/*/*.yaml"),
        *DATA.glob("*/*/branches.yaml"),  # branch profiles and waivers: lists (SPEC §8)
        *DATA.glob("*/*/waivers.yaml"),
        *REPO.joinpath("tests", "data", "policies").glob("*.yaml"),
    ]
    for path in sorted(paths):
        kind = _kind(path)
        document = load_yaml(path, root="list" if kind in ("branches", "waivers") else "mapping")
        document = document.document
        if document is not None:
            yield kind, path, document.data


DOCUMENTS = list(_documents())


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = json.loads(schema_text(name))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_object_rejects_unknown_keys(name: str) -> None:
    def objects(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if "properties" in node:
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for value in node:
                yield from objects(value)

    found = list(objects(load_schema(name)))
    assert found
    assert all(node.get("additionalProperties") is False for node in found)


def test_schemas_ship_as_package_files() -> None:
    folder = REPO / "src" / "svccheck" / "catalog" / "schemas"
    assert sorted(p.name for p in folder.glob("*.json")) == sorted(
        f"{n}.schema.json" for n in SCHEMA_NAMES
    )
    with pytest.raises(KeyError):
        schema_text("report")


def test_unsupported_keywords_are_refused_not_ignored() -> None:
    with pytest.raises(ValueError, match="oneOf"):
        SchemaValidator({"type": "object", "properties": {"a": {"oneOf": [{"type": "string"}]}}})
    with pytest.raises(ValueError, match="local"):
        SchemaValidator({"$ref": "https://example.org/other.json"})


@pytest.mark.parametrize(
    ("kind", "path", "data"), DOCUMENTS, ids=[str(p.relative_to(REPO)) for _, p, _ in DOCUMENTS]
)
def test_verdict_matches_jsonschema(kind: str, path: Path, data: Any) -> None:
    ours = SchemaValidator(load_schema(kind)).issues(data)
    if _non_finite(data):
        # Not a JSON document: JSON has no inf or NaN, so jsonschema's "number" (a JSON
        # number) cannot speak for them, and takes them. svccheck refuses them.
        assert ours
        return
    theirs = list(_JSONSCHEMA[kind].iter_errors(data))
    assert bool(ours) == bool(theirs), (ours, [e.message for e in theirs])


# `format: date` asserted, as editors and svccheck do (jsonschema only annotates it by default)
_JSONSCHEMA = {
    name: jsonschema.Draft202012Validator(
        load_schema(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for name in SCHEMA_NAMES
}


def _non_finite(data: Any) -> bool:
    """inf or NaN somewhere, or an int too large for a float (JSON Schema takes those)."""
    if isinstance(data, float):
        return not math.isfinite(data)
    if isinstance(data, int) and not isinstance(data, bool):
        return abs(data) > sys.float_info.max
    if isinstance(data, dict):
        return any(_non_finite(v) for v in data.values())
    if isinstance(data, list):
        return any(_non_finite(v) for v in data)
    return False


def test_the_cases_hold_both_kinds_of_unsound_value() -> None:
    """The verdict test above meets a non-finite number and a date that does not exist."""
    assert any(_non_finite(data) for _, _, data in DOCUMENTS)
    dates = [d.get("effective") for k, _, d in DOCUMENTS if k == "standard"]
    assert "2027-02-30" in dates


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
@pytest.mark.parametrize(
    "schema",
    [
        {"type": "number"},
        {"type": "number", "minimum": 0},
        {"type": "number", "exclusiveMinimum": 0},
    ],
)
def test_a_number_must_be_finite_whatever_its_range(schema: dict[str, Any], value: float) -> None:
    """One finding, the same for every range: NaN passes every minimum (each comparison with
    it is false), and inf passed `exclusiveMinimum: 0` to divide a score by zero."""
    (issue,) = SchemaValidator({"type": "object", "properties": {"n": schema}}).issues({"n": value})
    assert (issue.code, issue.path) == ("schema-range", ("n",))
    shown = str(value)
    assert issue.message.get("en") == f"n: must be a finite number, got {shown}"
    assert issue.message.get("zh") == f"n：必须是有限的数，实为 {shown}"


@pytest.mark.parametrize("schema", [{"type": "number"}, {"type": "integer", "minimum": 1}])
def test_an_integer_too_large_for_a_float_is_refused(schema: dict[str, Any]) -> None:
    """svccheck computes in floats: a 400-digit points value passed validate, then building
    the library died converting it (OverflowError)."""
    big = 10**400
    (issue,) = SchemaValidator({"type": "object", "properties": {"n": schema}}).issues({"n": big})
    assert (issue.code, issue.path) == ("schema-range", ("n",))
    shown = "1" + "0" * 36 + "…"
    assert issue.message.get("en") == f"n: is too large a number (beyond 1.8e308), got {shown}"
    assert issue.message.get("zh") == f"n：数值过大（超过 1.8e308），实为 {shown}"
    assert (
        SchemaValidator({"type": "object", "properties": {"n": schema}}).issues({"n": 10**300})
        == []
    )


def test_every_number_of_a_checklist_and_a_standard_is_held_to_it() -> None:
    checklist = {
        "checklist": "x",
        "title": "t",
        "kind": "self_check",
        "select": {"standards": "teller"},
        "scoring": {
            "base": math.inf,
            "pass_mark": math.nan,
            "star_mark": -math.inf,
            "grades": [{"min": math.nan, "label": "x"}],
            "fix_days": {"critical": math.inf},  # an integer: never inf, a type finding
        },
    }
    found = {i.path: i.code for i in validator("checklist").issues(checklist)}
    assert found == {
        ("scoring", "base"): "schema-range",
        ("scoring", "pass_mark"): "schema-range",
        ("scoring", "star_mark"): "schema-range",
        ("scoring", "grades", 0, "min"): "schema-range",
        ("scoring", "fix_days", "critical"): "schema-type",
    }
    assert _TELLER is not None
    standard = copy.deepcopy(_TELLER.data)
    standard["items"][0]["points"] = math.inf
    standard["items"][1]["max_points"] = math.nan
    found = {i.path: i.code for i in validator("standard").issues(standard)}
    assert found == {
        ("items", 0, "points"): "schema-range",
        ("items", 1, "max_points"): "schema-range",
    }


@pytest.mark.parametrize(
    ("value", "en", "zh"),
    [
        ("2027-02-30", "d: 2027-02-30 is not a date that exists", "d：日期 2027-02-30 不存在"),
        ("2026-13-01", "d: 2026-13-01 is not a date that exists", "d：日期 2026-13-01 不存在"),
        ("2026-1-5", "d: '2026-1-5' is not a date (write YYYY-MM-DD)", None),
        ("２０２６-０１-０１", "d: '２０２６-０１-０１' is not a date (write YYYY-MM-DD)", None),
    ],
)
def test_a_date_must_exist(value: str, en: str, zh: str | None) -> None:
    (issue,) = SchemaValidator(
        {"type": "object", "properties": {"d": {"type": "string", "format": "date"}}}
    ).issues({"d": value})
    assert (issue.code, issue.message.get("en")) == ("invalid-date", en)
    if zh is not None:
        assert issue.message.get("zh") == zh


def test_a_date_of_the_wrong_shape_is_told_once_by_the_pattern() -> None:
    (issue,) = validator("standard").issues(
        {**(_TELLER.data if _TELLER else {}), "effective": "2026-1-5"}
    )
    assert issue.code == "schema-pattern"
    assert (
        validator("standard").issues(
            {**(_TELLER.data if _TELLER else {}), "effective": "2028-02-29"}
        )
        == []
    )


def test_an_unsupported_format_is_refused_not_ignored() -> None:
    with pytest.raises(ValueError, match="email"):
        SchemaValidator({"type": "string", "format": "email"})


def test_bundled_library_has_no_schema_findings() -> None:
    checked = check_library(REPO / "standards", REPO / "checklists", REPO)
    assert [f for f in checked.findings if f.code.startswith("schema-")] == []


_TELLER = load_yaml(REPO / "standards" / "teller.yaml").document
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(-2, 6),
    st.sampled_from(["", "x", "TLR-1", "TLR-01", "daily", "中文", "Teller"]),
)
_VALUES = st.one_of(
    _SCALARS,
    st.lists(_SCALARS, max_size=3),
    st.dictionaries(st.sampled_from(["zh", "en", "fr"]), _SCALARS, max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(
    item=st.integers(0, 5),
    key=st.sampled_from(
        [
            "id",
            "title",
            "criterion",
            "points",
            "max_points",
            "severity",
            "cadence",
            "method",
            "tags",
            "role",
            "bogus",
        ]
    ),
    value=_VALUES,
    drop=st.booleans(),
)
def test_mutated_standards_agree_with_jsonschema(
    item: int, key: str, value: Any, drop: bool
) -> None:
    assert _TELLER is not None
    data = copy.deepcopy(_TELLER.data)
    target = data["items"][item]
    if drop:
        target.pop(key, None)
    else:
        target[key] = value
    ours = SchemaValidator(load_schema("standard")).issues(data)
    theirs = list(jsonschema.Draft202012Validator(load_schema("standard")).iter_errors(data))
    assert bool(ours) == bool(theirs), (key, value, ours, [e.message for e in theirs])


def test_messages_name_the_path_in_both_languages() -> None:
    validator = SchemaValidator(load_schema("checklist"))
    (issue,) = validator.issues(
        {"checklist": "x", "title": "t", "kind": "selfcheck", "select": {"standards": ["teller"]}}
    )
    assert issue.path == ("kind",)
    assert issue.message.get("en") == (
        "kind: 'selfcheck' is not one of: self_check, "
        "peer_check, inspection; did you mean 'self_check'?"
    )
    assert issue.message.get("zh") == (
        "kind：'selfcheck' 不是允许的取值（self_check, "
        "peer_check, inspection）；是不是 'self_check'？"
    )
