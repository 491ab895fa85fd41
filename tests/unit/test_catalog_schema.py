"""The shipped JSON Schemas, and svccheck's own validator agreeing with jsonschema on them."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cli_support import REPO
from svccheck.catalog.schema import SCHEMA_NAMES, SchemaValidator, load_schema, schema_text
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
    theirs = list(jsonschema.Draft202012Validator(load_schema(kind)).iter_errors(data))
    assert bool(ours) == bool(theirs), (ours, [e.message for e in theirs])


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
