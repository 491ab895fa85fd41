"""File names that are not UTF-8: what `unzip` makes of a zip built on Chinese Windows (names
in GBK bytes), and what a Samba share or a USB stick can show. Python holds such a name with
surrogate escapes; svccheck opens the file by it and writes it as text (`svccheck.pathtext`):
the GB18030 reading, the real name, when the bytes are that, else the bytes escaped."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_support import CliResult
from svccheck.pathtext import argument_text, document_text, path_text, text_of

GBK_NAME = "东环支行-W41.csv"
MORNING = "日期,网点,姓名,TLR-01,TLR-02\n2026-10-08,{branch},{who},√,×\n"


def _undecodable(name: str) -> str:
    """`name` as Python holds it when the disk has it in GBK bytes."""
    return os.fsdecode(name.encode("gbk"))


def test_a_gbk_name_is_read_back_as_its_name() -> None:
    held = _undecodable(GBK_NAME)
    assert held != GBK_NAME  # surrogates, and the valid UTF-8 pairs among the bytes
    assert path_text(f"收件/{held}") == f"收件/{GBK_NAME}"
    assert path_text(Path("gbk") / held) == f"gbk/{GBK_NAME}"
    assert text_of(f"没有{_undecodable('东环')}的检查") == "没有东环的检查"
    assert text_of(f"{held}|{held[:-4]}|B3：坏") == f"{GBK_NAME}|{GBK_NAME[:-4]}|B3：坏"
    assert argument_text(_undecodable("东环")) == "东环"


def test_bytes_that_are_not_gb18030_are_escaped_losslessly() -> None:
    latin = os.fsdecode(b"caf\xe9.csv")
    assert path_text(latin) == "caf\\xe9.csv"
    assert text_of(f"x {latin} y") == "x caf\\xe9.csv y"
    assert argument_text(os.fsdecode(b"caf\xe9")) is None
    assert text_of("a\ud800b") == "a\\ud800b"  # a surrogate that stood for no byte
    # in a JSON document the escape is written as JSON writes a backslash
    document = json.dumps({"file": latin, "other": "a\ud800b"}, ensure_ascii=False)
    assert json.loads(document_text(document)) == {
        "file": "caf\\xe9.csv",
        "other": "a\\ud800b",
    }


def test_text_that_is_text_is_left_alone() -> None:
    for text in ("东环支行-W41.csv", "a/b.csv", "", "café ✓ 张三"):
        assert path_text(text) is text or path_text(text) == text
        assert text_of(text) is text
        assert document_text(text) is text
        assert argument_text(text) is text


@pytest.fixture
def gbk_folder(tmp_path: Path) -> Path:
    """A folder as an unzip leaves it: one sheet named in GBK bytes, one in UTF-8, one in
    bytes that are no Chinese encoding (Latin-1)."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    names = {
        os.fsencode(folder) + b"/" + GBK_NAME.encode("gbk"): ("东环支行", "张三"),
        os.fsencode(folder / "西城支行-W41.csv"): ("西城支行", "李四"),
        os.fsencode(folder) + b"/caf\xe9.csv": ("南湖支行", "王五"),
    }
    for name, (branch, who) in names.items():
        with open(name, "w", encoding="utf-8") as handle:
            handle.write(MORNING.format(branch=branch, who=who))
    return folder


def test_read_shows_the_name(svccheck: Callable[..., CliResult], gbk_folder: Path) -> None:
    result = svccheck("read", gbk_folder, "--checklist", "morning-teller", cwd=gbk_folder.parent)
    assert result.code == 0, result
    assert f"inbox/{GBK_NAME} › {GBK_NAME[:-4]}" in result.stdout
    assert "inbox/caf\\xe9.csv" in result.stdout
    assert "西城支行-W41.csv" in result.stdout


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_score_writes_json_with_the_name(
    svccheck: Callable[..., CliResult], gbk_folder: Path, tmp_path: Path, lang: str
) -> None:
    out = tmp_path / "report.json"
    result = svccheck(
        "score", gbk_folder, "--checklist", "morning-teller", "--format", "json", "-o", out,
        cwd=tmp_path, lang=lang,
    )  # fmt: skip
    assert result.code == 0, result
    report = json.loads(out.read_text(encoding="utf-8"))
    files = sorted(Path(i["file"]).name for i in report["inputs"])
    assert files == sorted([GBK_NAME, "西城支行-W41.csv", "caf\\xe9.csv"])
    assert {b["branch"] for b in report["branches"]} == {"东环支行", "西城支行", "南湖支行"}
    # to stdout as well (UTF-8, strict): the same names
    shown = svccheck(
        "score", gbk_folder, "--checklist", "morning-teller", "--format", "json", cwd=tmp_path
    )
    assert json.loads(shown.stdout)["inputs"] == report["inputs"]
