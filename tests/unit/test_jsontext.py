"""jsontext.dumps_indented writes what json.dumps(…, ensure_ascii=False, indent=2) writes."""

from __future__ import annotations

import enum
import json
import math
from pathlib import Path

import pytest

from svccheck.jsontext import dumps_indented, json_encoder
from svccheck.model import Library
from svccheck.sheets import read_sheets
from svccheck.sheets.render import read_json

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "2026-10"


class Level(enum.IntEnum):
    LOW = 1


class Name(str):
    pass


VALUES = [
    None, True, False, 0, -7, 10**30, Level.LOW, 1.5, -0.0, 1e308, 1e-7, math.nan, math.inf,
    -math.inf, "", "东环支行", 'quote " back \\ slash', "\n\t\x00\x1f\u2028\ud800", "😀",
    Name("网点"), [], {}, (), [[]], [{}], {"a": []}, {"a": {}}, [1, [2, [3, {"x": (4, 5)}]]],
    {"日期": "2026-10-08", "rows": [1, 2.0, None], "nested": {"k": {"j": [True, False]}}},
    {3: "int key", 2.5: "float key", True: "bool key", None: "none key", "s": "str key"},
    {math.nan: 1, math.inf: 2, Level.LOW: 3},
]  # fmt: skip


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_same_text_as_json_dumps(value: object) -> None:
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_what_json_hands_elsewhere_goes_to_json_itself() -> None:
    import datetime as dt

    with pytest.raises(TypeError):
        dumps_indented({"when": dt.date(2026, 10, 8)})  # json: not serialisable
    with pytest.raises(TypeError):
        dumps_indented({(1, 2): "a tuple key"})
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular"):
        dumps_indented(loop)


def test_the_read_document_of_the_example_month(library: Library) -> None:
    result = read_sheets([EXAMPLES], library)
    text = read_json(result)
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    assert len(json.loads(text)["sheets"]) > 300


@pytest.mark.parametrize("separators", [(", ", ": "), (",", ":")])
def test_json_encoder_writes_what_json_dumps_writes(separators: tuple[str, str]) -> None:
    values: list[object] = [
        {"网点": "东环支行", "rows": [1, 2.5, -0.0, 1e-7, 10**20, None, True, False]},
        ["\u2028", "\x1f", '"引号"\n', "", {}, []],
        {1: "int key", None: "null key", 1.5: "float key"},
        "plain", 3, 2.5, None,
    ]  # fmt: skip
    item, key = separators
    write = json_encoder(item_separator=item, key_separator=key)
    for value in values:
        assert write(value) == json.dumps(value, ensure_ascii=False, separators=separators)
    strict = json_encoder(item_separator=item, key_separator=key, allow_nan=False)
    with pytest.raises(ValueError):
        strict([float("nan")])
    assert write(float("inf")) == "Infinity"
    with pytest.raises(TypeError):
        write({"when": object()})
