"""load_library: validated before it is built, refused with located errors when broken."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from cli_support import REPO
from svccheck.catalog.library import load_library
from svccheck.errors import SchemaError
from svccheck.model import Library

DATA = REPO / "tests" / "data" / "catalog"


def test_bundled_library_builds(library: Library) -> None:
    assert len(library.items) >= 21 + 26 + 28 + 18 + 30
    item = next(iter(library.items.values()))
    assert item.location is not None and item.location.line > 1
    assert all(c.items for c in library.checklists.values())


def test_bank_library_builds_with_item_locations(monkeypatch: pytest.MonkeyPatch) -> None:
    case = DATA / "valid" / "anchors-and-merge-keys"
    monkeypatch.chdir(case)
    library = load_library(case / "standards", case / "checklists")
    second = library.items["CTR-02"]
    assert (second.area, second.severity, second.points) == ("counter", "major", 0.5)
    assert second.location is not None
    assert str(second.location) == "standards/counter.yaml:16:5"
    assert library.standards["counter"].effective is None


def test_invalid_library_is_refused_with_located_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(DATA / "invalid" / "unknown-taxonomy-terms", tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SchemaError) as caught:
        load_library(tmp_path / "standards", tmp_path / "checklists", lang="en")
    assert str(caught.value).splitlines() == [
        "the standards library has 4 errors and cannot be used:",
        "  checklists/counter-morning.yaml:7:12: select.cadence: unknown cadence 'nightly' "
        "(not in the taxonomy)",
        "  standards/counter.yaml:6:7: role: unknown role 'cashier' (not in the taxonomy)",
        "  standards/counter.yaml:11:15: items[0].category: unknown category 'apperance' (not "
        "in the taxonomy); did you mean 'appearance'?",
        "  standards/counter.yaml:37:21: items[2].method[1]: unknown method 'mystery_shopping' "
        "(not in the taxonomy); did you mean 'mystery_shop'?",
        "Run `svccheck validate` to see them all.",
    ]


def test_refusal_in_chinese_shows_the_first_five(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(DATA / "valid" / "bank-library", tmp_path, dirs_exist_ok=True)
    text = (tmp_path / "standards" / "counter.yaml").read_text(encoding="utf-8")
    for n in range(1, 4):
        text = text.replace(
            f"  - id: CTR-0{n}\n", f"  - id: CTR-0{n}\n    owner: x{n}\n    a{n}: 1\n"
        )
    (tmp_path / "standards" / "counter.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SchemaError) as caught:
        load_library(tmp_path / "standards", tmp_path / "checklists", lang="zh")
    message = str(caught.value).splitlines()
    assert message[0] == "标准库有 6 处错误，无法使用："
    assert message[1] == (
        "  standards/counter.yaml:9:5: items[0]：未知的键 'owner'"
        "（允许的键：id, title, criterion, role, category, area, points, "
        "max_points, severity, cadence, method, servqual, requires, tags, refs）"
    )
    assert message[-2:] == ["  …另有 1 处", "运行 `svccheck validate` 查看全部。"]


def test_warnings_do_not_stop_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    case = DATA / "invalid" / "missing-english"
    monkeypatch.chdir(case)
    library = load_library(case / "standards", case / "checklists")
    assert library.items["CTR-02"].title.en is None


def test_missing_standards_folder(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="standards folder not found"):
        load_library(tmp_path / "nope", lang="en")


def test_a_checklist_changed_under_the_same_id_has_its_own_fingerprint(library: Library) -> None:
    # fingerprints are kept per checklist id and object: a copy with other rules is not the same
    teller = library.checklists["morning-teller"]
    first = library.fingerprint(teller)
    stricter = dataclasses.replace(
        teller, scoring=dataclasses.replace(teller.scoring, pass_mark=teller.scoring.pass_mark + 1)
    )
    assert library.fingerprint(stricter) != first
    assert library.fingerprint(teller) == first == library.fingerprint(teller)
    assert library.checklist_version(teller) == library.checklist_version(stricter) != ""
