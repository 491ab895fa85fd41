"""`svccheck explain` text: gain lines, sources, the arithmetic of a check, both languages."""

from __future__ import annotations

import json

import pytest
from scoring_support import D1, D2, full_check, obs, small_library

from svccheck.i18n import Text
from svccheck.model import Library
from svccheck.reporting.explanation import gain_line, render_json, render_text, source_text
from svccheck.scoring import score
from svccheck.scoring.explain import Gain, explain


@pytest.fixture(scope="module")
def lib() -> Library:
    return small_library()


def gain(value: float, checks: int = 1, lifted: int = 0) -> Gain:
    return Gain("TLR-03", Text("准时营业"), "major", "张三", "东环支行", "m", checks, 2, value,
                lifted)  # fmt: skip


@pytest.mark.parametrize(("value", "lang", "text"), [
    (2, "en", "TLR-03: +2.0 points for 张三 (1 check)"),
    (0.6667, "en", "TLR-03: +0.67 points for 张三 (1 check)"),
    (1.5, "zh", "TLR-03：张三 可提高 1.5 分（1 次检查）"),
])  # fmt: skip
def test_gain_line(value: float, lang: str, text: str) -> None:
    assert gain_line(gain(value), lang) == text


def test_gain_line_for_a_branch_with_vetoes() -> None:
    line = gain_line(gain(49, checks=2, lifted=2), "en", for_branch=True)
    assert line == "TLR-03: +49.0 points for 东环支行 (2 checks, lifts 2 vetoes)"


def test_source_text() -> None:
    assert source_text("/data/2026-10/morning.xlsx|柜员自查|F7") == "morning.xlsx › 柜员自查 › F7"
    assert source_text("||0") == "0"


def test_text_spells_out_cap_and_veto(lib: Library) -> None:
    rows = [o for o in full_check(lib, ["TST-05"], date=D1) if o.item != "TST-03"]
    rows += [obs("TST-03", "fail", count=5, date=D1, note="=cmd|' /C calc'!A0"),
             *full_check(lib, date=D2)]  # fmt: skip
    answer = explain(score(rows, lib), "张三", lib)
    en = render_text(answer, "en", titles={"TST-03": Text("礼仪", "Etiquette")})
    assert "0 ← 100 − 1.5 − 5, vetoed to 0" in en
    assert "TST-03 Etiquette  ×5  2.5, capped at 1.5" in en
    assert "“=cmd|' /C calc'!A0”" in en  # a note is shown as written, as text
    assert "TST-05: +49.25 points for 张三 (1 check, lifts 1 veto)" in en
    zh = render_text(answer, "zh")
    assert "一票否决记 0 分" in zh and "原 2.5 分，封顶 1.5 分" in zh
    assert "\x1b[" not in en + zh


def test_json_carries_the_same_facts(lib: Library) -> None:
    answer = explain(score(full_check(lib, ["TST-02"]), lib), "TST-02", lib)
    doc = json.loads(render_json(answer, "en"))
    assert doc["schema"] == "svccheck/explain@1" and doc["item"]["id"] == "TST-02"
    (section,) = doc["sections"]
    assert section["failed_in"][0]["sources"] == ["f.xlsx|S|C5"]
    assert section["subjects"][0]["gain"] == 2.0
