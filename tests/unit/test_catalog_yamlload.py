"""The YAML loader: plain values, positions, and every way a file can be refused."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
import yaml

from svccheck.catalog.findings import Span
from svccheck.catalog.yamlload import MAX_NODES, load_yaml, parse_yaml, parse_yaml_bytes

SAMPLE = """\
standard: teller
effective: 2026-01-01
version: "2026.1"
items:
  - id: TLR-01
    title: {zh: 着装规范, en: Uniform}
    points: 0.5
    cadence: [daily, monthly]
  - id: TLR-02
    1: numeric key
    yes: boolean-looking key
"""


def codes(text: str) -> list[str]:
    return [f"{f.line}:{f.col} {f.code}" for f in parse_yaml(text, "f.yaml").findings]


def test_values_are_plain_and_dates_stay_text() -> None:
    document = parse_yaml(SAMPLE, "f.yaml").document
    assert document is not None
    data = document.data
    assert data["effective"] == "2026-01-01"
    assert data["items"][0]["points"] == 0.5
    assert data["items"][0]["title"] == {"zh": "着装规范", "en": "Uniform"}
    assert data["items"][1] == {"id": "TLR-02", "1": "numeric key", "yes": "boolean-looking key"}


def test_same_values_as_safe_load_apart_from_dates() -> None:
    text = "a: [1, 0x1F, 1_000, 1.5e3, .inf, true, no, ~, null, '2', \"x\"]\nb: {c: d}\n"
    document = parse_yaml(text, "f.yaml").document
    assert document is not None
    assert document.data == yaml.safe_load(text)


def test_positions_of_values_and_keys() -> None:
    document = parse_yaml(SAMPLE, "f.yaml").document
    assert document is not None
    assert document.locate("items/0/points") == Span(7, 13, 7, 16)
    assert document.locate(("items", 0, "title", "zh")) == Span(6, 17, 6, 21)  # CJK: 1 column
    assert document.locate_key("items/1/yes") == Span(11, 5, 11, 8)
    assert document.locate("items/0/cadence/1") == Span(8, 22, 8, 29)
    # A path that does not exist falls back to its nearest known parent.
    assert document.locate("items/0/missing") == document.locate("items/0")
    assert document.locate("") == Span(1, 1, 12, 1)
    assert document.where("items/0/points") == "f.yaml:7:13"


def test_aliases_share_values_and_merge_keys_merge() -> None:
    text = "base: &b {x: 1, y: 2}\nuse: *b\nmerged:\n  <<: *b\n  y: 3\n"
    document = parse_yaml(text, "f.yaml").document
    assert document is not None
    assert document.data["use"] == {"x": 1, "y": 2}
    assert document.data["merged"] == {"x": 1, "y": 3}
    assert document.locate("use/x") == Span(2, 6, 2, 8)  # inside an alias: the alias itself


def test_duplicate_keys_are_reported_at_the_second() -> None:
    result = parse_yaml("a: 1\nb:\n  c: 2\n  c: 3\n", "f.yaml")
    assert [f"{f.where} {f.message.en}" for f in result.findings] == [
        "f.yaml:4:3 duplicate key 'c' (first at line 3, column 3); YAML keeps only the last one"
    ]
    assert result.document is not None and result.document.data["b"] == {"c": 3}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: [1, 2\n", ["2:1 yaml-syntax"]),
        ("a:\n\tb: 1\n", ["2:1 yaml-tab"]),
        ("- a\n- b\n", ["1:1 yaml-not-mapping"]),
        ("just words\n", ["1:1 yaml-not-mapping"]),
        ("", ["1:1 file-empty"]),
        ("a: 1\n---\nb: 2\n", ["2:1 yaml-syntax"]),
        ("a: !!binary aGk=\n", ["1:4 yaml-unsupported"]),
        ("a: !custom x\n", ["1:4 yaml-unsupported"]),
        ("a: &x [*x]\n", ["1:8 yaml-unsupported"]),
        ("a: *nowhere\n", ["1:4 yaml-syntax"]),
        ("? [a, b]\n: 1\n", ["1:3 yaml-unsupported"]),
        ("a: \x07\n", ["1:4 file-encoding"]),
    ],
)
def test_refusals_are_located(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


def test_encoding_problems() -> None:
    gbk = parse_yaml_bytes("a: 中文\n".encode("gb18030"), "f.yaml")
    assert [f"{f.where} {f.message.en}" for f in gbk.findings] == [
        "f.yaml:1:4 not UTF-8: byte 0xD6 cannot be decoded; it looks like GBK/GB18030; save "
        "the file as UTF-8"
    ]
    utf16 = parse_yaml_bytes("a: 1\n".encode("utf-16"), "f.yaml")
    assert utf16.findings[0].code == "file-encoding"
    bom = parse_yaml_bytes("\ufeffa: 1\n".encode(), "f.yaml")
    assert bom.document is not None and bom.document.data == {"a": 1}
    binary = parse_yaml_bytes(b"a: \x00\x01", "f.yaml")
    assert binary.findings[0].code == "file-binary"


def test_billion_laughs_is_refused_in_bounded_time_and_memory() -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefghi", "bcdefghij", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    tracemalloc.start()
    start = time.perf_counter()
    result = parse_yaml("\n".join(lines) + "\n", "bomb.yaml")
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [f.code for f in result.findings] == ["yaml-alias-bomb"]
    assert result.document is None
    assert elapsed < 1.0
    assert peak < 20 * 1024 * 1024


def test_flat_file_with_too_many_nodes_is_refused() -> None:
    text = "a: [" + ", ".join(["1"] * (MAX_NODES + 10)) + "]\n"
    result = parse_yaml(text, "f.yaml")
    assert [f.code for f in result.findings] == ["yaml-alias-bomb"]


def test_deep_nesting_is_refused() -> None:
    assert [c.split()[1] for c in codes("a: " + "[" * 80 + "]" * 80 + "\n")] == ["yaml-alias-bomb"]


def test_file_size_cap_and_unreadable_paths(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    assert [f.code for f in load_yaml(huge).findings] == ["file-too-large"]
    assert [f.code for f in load_yaml(tmp_path).findings] == ["file-unreadable"]
    assert [f.code for f in load_yaml(tmp_path / "missing.yaml").findings] == ["file-unreadable"]


def test_both_languages() -> None:
    (found,) = parse_yaml("a:\n\tb: 1\n", "f.yaml").findings
    assert found.text("en") == "a tab is used for indentation; YAML indents with spaces only"
    assert found.text("zh") == "用制表符（Tab）缩进；YAML 只能用空格缩进"
