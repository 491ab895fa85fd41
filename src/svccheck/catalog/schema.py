"""The JSON Schemas of standards, checklist and taxonomy files, and a validator for them.

The schemas (draft 2020-12) ship inside the package and are what `svccheck schema` prints for
editors. Validation here does not import jsonschema: `svccheck validate` runs in every CI job
and at every morning meeting, and importing jsonschema alone costs about half of a typer
app's start-up. The schemas use a small set of keywords, and this module interprets exactly
that set (any other keyword is refused when a schema is loaded, so a schema change cannot be
silently ignored). The test suite checks that its verdict matches jsonschema's on every test
file, and it writes better messages: in zh and en, with "did you mean" for typos.

Two rules hold for every schema, because YAML can write what JSON cannot and dates can be
shaped right yet not exist (SPEC §3: a standard must never score silently wrong):

- a number is finite: `type: number` means a JSON number, and JSON has no `.inf` or `.nan`
  (`1.0e+400` reads as inf too). A non-finite value would pass every `minimum` (each
  comparison with NaN is false) and then divide by zero or drop people from a report, so it
  is refused wherever a number is allowed, before any range check. So is an integer too
  large to be a float (a 400-digit one): svccheck computes in floats, and it would not build;
- `format: date` (RFC 3339 full-date, as editors read it) is a YYYY-MM-DD date that exists:
  2027-02-30 is refused, not only ill-shaped text.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Mapping
from difflib import get_close_matches
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

from svccheck.catalog.findings import message
from svccheck.catalog.yamlload import JsonPath
from svccheck.i18n import Text

SCHEMA_NAMES = ("standard", "checklist", "taxonomy", "branches", "waivers")

# The keywords this validator understands; annotations are accepted and ignored.
_ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description", "examples", "default"}
_KEYWORDS = _ANNOTATIONS | {
    "$defs",
    "$ref",
    "type",
    "properties",
    "additionalProperties",
    "required",
    "propertyNames",
    "pattern",
    "format",
    "enum",
    "minLength",
    "minimum",
    "exclusiveMinimum",
    "items",
    "minItems",
    "uniqueItems",
    "anyOf",
}

_TYPE_NAMES = {  # JSON type → (zh, en) as used in messages
    "object": ("映射", "a mapping"),
    "array": ("列表", "a list"),
    "string": ("文本", "text"),
    "number": ("数字", "a number"),
    "integer": ("整数", "an integer"),
    "boolean": ("布尔值", "a boolean"),
    "null": ("空值", "null"),
}


class SchemaIssue(NamedTuple):
    """One schema violation: where (path; at the key or at the value) and what."""

    code: str
    path: JsonPath
    message: Text
    at_key: bool = False


def schema_text(name: str) -> str:
    """The schema file as shipped (what `svccheck schema NAME` prints)."""
    if name not in SCHEMA_NAMES:
        raise KeyError(name)
    folder = resources.files("svccheck.catalog").joinpath("schemas")
    return folder.joinpath(f"{name}.schema.json").read_text(encoding="utf-8")


@cache
def load_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_text(name))
    return schema


@cache
def validator(name: str) -> SchemaValidator:
    return SchemaValidator(load_schema(name))


Check = Callable[[Any, JsonPath, list[SchemaIssue]], None]


class SchemaValidator:
    """Validates plain data against one schema, reporting every issue it finds.

    The schema is compiled once into nested closures, one per schema node, so validating a
    document walks the data with no keyword lookups left to do.
    """

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.root = schema
        _check_keywords(schema)
        self._compiled: dict[int, Check] = {}
        self._check = self._compile(schema)

    def issues(self, instance: Any) -> list[SchemaIssue]:
        found: list[SchemaIssue] = []
        self._check(instance, (), found)
        return found

    def is_valid(self, instance: Any) -> bool:
        return not self.issues(instance)

    def _resolve(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        while "$ref" in schema:
            ref = schema["$ref"]
            if not ref.startswith("#/"):
                raise ValueError(f"only local $ref is supported: {ref}")
            target: Any = self.root
            for part in ref[2:].split("/"):
                target = target[part]
            # Sibling keywords of $ref (description, examples) annotate the target.
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        return schema

    def _compile(self, raw: Mapping[str, Any]) -> Check:
        key = id(raw)
        if key not in self._compiled:
            schema = self._resolve(raw)
            self._compiled[key] = self._any_of(schema) if "anyOf" in schema else self._node(schema)
        return self._compiled[key]

    def _node(self, schema: Mapping[str, Any]) -> Check:
        """Type, then enum, then the keywords of the value's kind."""
        types = _types(schema) if "type" in schema else None
        accepts = _type_test(types) if types else None
        enum = schema.get("enum")
        obj = (
            self._object(schema)
            if {"properties", "required", "additionalProperties", "propertyNames"} & set(schema)
            else None
        )
        arr = self._array(schema) if {"items", "minItems", "uniqueItems"} & set(schema) else None
        text = _string(schema) if {"pattern", "minLength", "format"} & set(schema) else None
        number = _number(schema) if {"minimum", "exclusiveMinimum"} & set(schema) else None

        def check(value: Any, path: JsonPath, out: list[SchemaIssue]) -> None:
            if accepts is not None and not accepts(value):
                out.append(_type_issue(path, types or [], value))
                return
            if enum is not None and value not in enum:
                out.append(_enum_issue(path, enum, value))
                return
            kind = type(value)
            if kind is dict:
                if obj is not None:
                    obj(value, path, out)
            elif kind is list:
                if arr is not None:
                    arr(value, path, out)
            elif kind is str:
                if text is not None:
                    text(value, path, out)
            elif (kind is float or kind is int) and not _finite(value):
                out.append(_not_finite(path, value))  # whatever the range: see the docstring
            elif (kind is int or kind is float) and number is not None:
                number(value, path, out)

        return check

    def _any_of(self, schema: Mapping[str, Any]) -> Check:
        branches = [self._resolve(b) for b in schema["anyOf"]]
        tests = [_type_test(_types(b)) if "type" in b else None for b in branches]
        checks = [self._compile(b) for b in schema["anyOf"]]
        expected = [t for b in branches for t in _types(b)]

        def check(value: Any, path: JsonPath, out: list[SchemaIssue]) -> None:
            reports = []
            for test, branch in zip(tests, checks, strict=True):
                if test is None or test(value):
                    found: list[SchemaIssue] = []
                    branch(value, path, found)
                    if not found:
                        return
                    reports.append(found)
            if len(reports) == 1:  # the value has one branch's shape: say what is wrong in it
                out.extend(reports[0])
            else:
                out.append(_type_issue(path, expected, value))

        return check

    def _object(self, schema: Mapping[str, Any]) -> Check:
        properties = {k: self._compile(v) for k, v in schema.get("properties", {}).items()}
        allowed = list(properties)
        required = tuple(schema.get("required", ()))
        extra_schema = schema.get("additionalProperties", True)
        extra = self._compile(extra_schema) if isinstance(extra_schema, dict) else None
        closed = extra_schema is False
        names = self._resolve(schema.get("propertyNames") or {})
        name_pattern = re.compile(names["pattern"]) if "pattern" in names else None

        def check(value: dict[str, Any], path: JsonPath, out: list[SchemaIssue]) -> None:
            for key in required:
                if key not in value:
                    out.append(
                        _issue(
                            "schema-missing-key",
                            path,
                            "缺少必填的键 '{key}'",
                            "missing required key '{key}'",
                            key=key,
                        )
                    )
            for key, item in value.items():
                if name_pattern is not None and not name_pattern.search(key):
                    out.append(
                        _issue(
                            "schema-pattern",
                            path,
                            "键 '{key}' 不符合格式 {pattern}",
                            "key '{key}' does not match {pattern}",
                            at=(*path, key),
                            at_key=True,
                            key=key,
                            pattern=name_pattern.pattern,
                        )
                    )
                sub = properties.get(key)
                if sub is not None:
                    sub(item, (*path, key), out)
                elif closed:
                    out.append(_unknown_key(path, key, allowed))
                elif extra is not None:
                    extra(item, (*path, key), out)

        return check

    def _array(self, schema: Mapping[str, Any]) -> Check:
        minimum = schema.get("minItems", 0)
        items = self._compile(schema["items"]) if "items" in schema else None
        unique = bool(schema.get("uniqueItems"))

        def check(value: list[Any], path: JsonPath, out: list[SchemaIssue]) -> None:
            if len(value) < minimum:
                if minimum == 1:
                    out.append(
                        _issue("schema-empty", path, "列表不能为空", "the list must not be empty")
                    )
                else:
                    out.append(
                        _issue(
                            "schema-empty",
                            path,
                            "至少需要 {n} 项",
                            "needs at least {n} entries",
                            n=minimum,
                        )
                    )
            if items is not None:
                for index, item in enumerate(value):
                    items(item, (*path, index), out)
            if unique:
                seen: list[Any] = []
                for index, item in enumerate(value):
                    if item in seen:
                        out.append(
                            _issue(
                                "schema-duplicate-entry",
                                path,
                                "'{value}' 重复列出",
                                "'{value}' is listed twice",
                                at=(*path, index),
                                value=_preview(item),
                            )
                        )
                    seen.append(item)

        return check


def _check_keywords(schema: Any) -> None:
    """Refuse a schema that uses a keyword this validator would silently ignore."""
    if isinstance(schema, bool):
        return
    unknown = set(schema) - _KEYWORDS
    if unknown:
        raise ValueError(f"schema keyword(s) not supported by svccheck: {sorted(unknown)}")
    for key in ("properties", "$defs"):
        for sub in schema.get(key, {}).values():
            _check_keywords(sub)
    for key in ("additionalProperties", "items", "propertyNames"):
        if isinstance(schema.get(key), dict):
            _check_keywords(schema[key])
    for sub in schema.get("anyOf", ()):
        _check_keywords(sub)


def _string(schema: Mapping[str, Any]) -> Check:
    min_length = schema.get("minLength", 0)
    pattern = schema.get("pattern")
    regex = re.compile(pattern) if pattern is not None else None
    examples = schema.get("examples") or ()
    hint = examples[0] if examples and isinstance(examples[0], str) else ""
    kind = schema.get("format")
    if kind not in (None, "date"):
        raise ValueError(f"schema format not supported by svccheck: {kind}")

    def check(value: str, path: JsonPath, out: list[SchemaIssue]) -> None:
        if len(value) < min_length:
            out.append(_issue("schema-empty", path, "不能为空", "must not be empty"))
        if regex is not None and not regex.search(value):
            out.append(
                _issue(
                    "schema-pattern",
                    path,
                    "'{value}' 不符合格式 {pattern}{hint_zh}",
                    "'{value}' does not match {pattern}{hint_en}",
                    value=_preview(value),
                    pattern=pattern,
                    hint_zh=f"（例如 {hint}）" if hint else "",
                    hint_en=f" (e.g. {hint})" if hint else "",
                )
            )
        elif kind == "date" and not _is_date(value):  # an ill-shaped one: the pattern said so
            out.append(_not_a_date(path, value))

    return check


_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def _is_date(text: str) -> bool:
    """A YYYY-MM-DD date that exists (RFC 3339 full-date: 2027-02-30 is not one)."""
    if not _DATE_SHAPE.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _not_a_date(path: JsonPath, value: str) -> SchemaIssue:
    if _DATE_SHAPE.fullmatch(value):
        return _issue(
            "invalid-date",
            path,
            "日期 {value} 不存在",
            "{value} is not a date that exists",
            value=value,
        )
    return _issue(
        "invalid-date",
        path,
        "'{value}' 不是日期（应写作 YYYY-MM-DD）",
        "'{value}' is not a date (write YYYY-MM-DD)",
        value=_preview(value),
    )


def _finite(value: float) -> bool:
    """inf and NaN are not; nor is an int beyond the largest float (about 1.8e308)."""
    try:
        return math.isfinite(value)
    except OverflowError:  # math converts an int to a float first
        return False


def _not_finite(path: JsonPath, value: float) -> SchemaIssue:
    if isinstance(value, int):
        return _issue(
            "schema-range",
            path,
            "数值过大（超过 1.8e308），实为 {value}",
            "is too large a number (beyond 1.8e308), got {value}",
            value=_preview(value),
        )
    return _issue(
        "schema-range",
        path,
        "必须是有限的数，实为 {value}",
        "must be a finite number, got {value}",
        value=_num(value),
    )


def _issue(
    code: str,
    path: JsonPath,
    zh: str,
    en: str,
    /,
    at: JsonPath | None = None,
    at_key: bool = False,
    **values: Any,
) -> SchemaIssue:
    """An issue about the value at `path`, its message prefixed with that path."""
    return SchemaIssue(
        code,
        path if at is None else at,
        message(
            "{where}" + zh,
            "{where_en}" + en,
            where=_where(path, "："),
            where_en=_where(path, ": "),
            **values,
        ),
        at_key,
    )


def _number(schema: Mapping[str, Any]) -> Check:
    above = schema.get("exclusiveMinimum")
    least = schema.get("minimum")

    def check(value: float, path: JsonPath, out: list[SchemaIssue]) -> None:
        if above is not None and not value > above:
            out.append(
                _issue(
                    "schema-range",
                    path,
                    "必须大于 {limit}，实为 {value}",
                    "must be greater than {limit}, got {value}",
                    limit=_num(above),
                    value=_num(value),
                )
            )
        if least is not None and value < least:
            out.append(
                _issue(
                    "schema-range",
                    path,
                    "不能小于 {limit}，实为 {value}",
                    "must be at least {limit}, got {value}",
                    limit=_num(least),
                    value=_num(value),
                )
            )

    return check


# The Python types of plain YAML data per JSON type (bool is its own type, so a boolean is
# never taken for a number).
_PY_TYPES: dict[str, frozenset[type]] = {
    "object": frozenset({dict}),
    "array": frozenset({list}),
    "string": frozenset({str}),
    "number": frozenset({int, float}),
    "boolean": frozenset({bool}),
    "null": frozenset({type(None)}),
}


def _type_test(types: list[str]) -> Callable[[Any], bool]:
    if "integer" in types:  # 1.0 is an integer to JSON Schema: no exact-type shortcut
        tests = [_IS[t] for t in types]
        return lambda value: any(test(value) for test in tests)
    allowed = frozenset().union(*(_PY_TYPES[t] for t in types))
    return lambda value: type(value) in allowed


_IS: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _types(schema: Mapping[str, Any]) -> list[str]:
    if "type" in schema:
        kinds = schema["type"]
        return [kinds] if isinstance(kinds, str) else list(kinds)
    if "enum" in schema:
        return sorted({_json_type(v) for v in schema["enum"]})
    return []


def _json_type(value: Any) -> str:
    return next(
        k
        for k in ("null", "boolean", "integer", "number", "string", "array", "object")
        if _IS[k](value)
    )


def _type_issue(path: JsonPath, expected: list[str], value: Any) -> SchemaIssue:
    unique = list(dict.fromkeys(expected))
    got = _json_type(value)
    if value is None or isinstance(value, dict | list):
        shown = ""
    else:
        shown = f" '{_preview(value)}'" if isinstance(value, str) else f" {_preview(value)}"
    quote = "string" in unique and isinstance(value, int | float)  # version: 2026.10 → 2026.1
    return _issue(
        "schema-type",
        path,
        "应为{expected}，实为{got}{shown}{hint_zh}",
        "expected {expected_en}, got {got_en}{shown}{hint_en}",
        hint_zh="（请加引号）" if quote else "",
        hint_en=" (put it in quotes)" if quote else "",
        expected="或".join(_TYPE_NAMES[t][0] for t in unique),
        expected_en=" or ".join(_TYPE_NAMES[t][1] for t in unique),
        got=_TYPE_NAMES[got][0],
        got_en=_TYPE_NAMES[got][1],
        shown=shown,
    )


def _enum_issue(path: JsonPath, allowed: list[Any], value: Any) -> SchemaIssue:
    close = get_close_matches(str(value), [str(a) for a in allowed], n=1)
    return _issue(
        "schema-enum",
        path,
        "'{value}' 不是允许的取值（{allowed}）{hint_zh}",
        "'{value}' is not one of: {allowed}{hint_en}",
        value=_preview(value),
        allowed=", ".join(map(str, allowed)),
        hint_zh=f"；是不是 '{close[0]}'？" if close else "",
        hint_en=f"; did you mean '{close[0]}'?" if close else "",
    )


def _unknown_key(path: JsonPath, key: str, allowed: list[str]) -> SchemaIssue:
    close = get_close_matches(key, allowed, n=1)
    return _issue(
        "schema-unknown-key",
        path,
        "未知的键 '{key}'{hint_zh}",
        "unknown key '{key}'{hint_en}",
        at=(*path, key),
        at_key=True,
        key=key,
        hint_zh=f"，是不是 '{close[0]}'？" if close else f"（允许的键：{', '.join(allowed)}）",
        hint_en=f"; did you mean '{close[0]}'?" if close else f" (allowed: {', '.join(allowed)})",
    )


def _where(path: JsonPath, sep: str) -> str:
    """`items[3].points` followed by `sep`; nothing at the top of the file."""
    return f"{dotted(path)}{sep}" if path else ""


def dotted(path: JsonPath) -> str:
    """A readable path: items[3].points."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def _preview(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
