"""The library diff's core (catalog/diff.py) and its words (reporting/diff.py), on the small
libraries of tests/data/diff and variants of them made in memory."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from cli_support import REPO
from svccheck.catalog.diff import (
    CHECKLIST_FIELDS,
    ITEM_FIELDS,
    LibraryVersion,
    diff_libraries,
    natural,
)
from svccheck.catalog.library import load_version
from svccheck.i18n import Text
from svccheck.model import Checklist, Grade, Library, Scoring
from svccheck.reporting.diff import (
    FIELD_LABELS,
    DiffOptions,
    change_texts,
    not_compared_line,
    render,
    summary_line,
    value_text,
)
from svccheck.textwidth import display_width

DATA = REPO / "tests" / "data" / "diff"


@pytest.fixture(scope="module")
def old() -> LibraryVersion:
    return load_version(DATA / "old")


@pytest.fixture(scope="module")
def new() -> LibraryVersion:
    return load_version(DATA / "new")


def with_item(version: LibraryVersion, item_id: str, **fields: object) -> LibraryVersion:
    """`version` with some fields of one of its items replaced."""
    library = version.library
    items = {**library.items, item_id: replace(library.items[item_id], **fields)}
    return replace(version, library=replace(library, items=items))


def with_checklists(version: LibraryVersion, *checklists: Checklist) -> LibraryVersion:
    library: Library = version.library
    merged = {**library.checklists, **{c.id: c for c in checklists}}
    return replace(version, library=replace(library, checklists=merged))


def test_ids_sort_naturally() -> None:
    assert natural(["TLR-10", "TLR-2", "TLR-100", "LBY-1", "TLR-02"]) == (
        "LBY-1",
        "TLR-02",
        "TLR-2",
        "TLR-10",
        "TLR-100",
    )


def test_a_library_against_itself_is_the_same(old: LibraryVersion) -> None:
    diff = diff_libraries(old, old)
    assert diff.same and diff.checklists_compared
    assert not (diff.items_added or diff.items_removed or diff.items_changed)
    assert summary_line(diff, "en") == "2026.1 → 2026.1: no difference"
    assert summary_line(diff, "zh") == "2026.1 → 2026.1：没有差异"


def test_every_field_has_words() -> None:
    assert set(ITEM_FIELDS) | set(CHECKLIST_FIELDS) <= set(FIELD_LABELS)
    assert all(label.en for label in FIELD_LABELS.values())


def test_an_item_moved_to_another_standard(old: LibraryVersion) -> None:
    diff = diff_libraries(old, with_item(old, "TLR-01", standard="counter"))
    (change,) = diff.items_changed
    assert (change.id, [(c.field, c.old, c.new) for c in change.changes]) == (
        "TLR-01",
        [("standard", "teller", "counter")],
    )


def test_order_of_unordered_lists_is_no_change(old: LibraryVersion) -> None:
    item = old.library.items["TLR-01"]
    moved = with_item(old, "TLR-01", cadence=item.cadence[::-1], method=item.method[::-1])
    assert diff_libraries(old, moved).same


def test_english_missing_or_empty_is_the_same(old: LibraryVersion) -> None:
    item = old.library.items["TLR-01"]
    bare = with_item(old, "TLR-01", title=Text(item.title.zh, None))
    empty = with_item(old, "TLR-01", title=Text(item.title.zh, ""))
    assert diff_libraries(bare, empty).same


def test_text_changed_in_the_other_language_shows_that_language(old: LibraryVersion) -> None:
    item = old.library.items["TLR-01"]
    renamed = with_item(old, "TLR-01", title=Text(item.title.zh, "Dress code"))
    diff = diff_libraries(old, renamed)
    (change,) = diff.items_changed[0].changes
    assert change.field == "title"
    assert change_texts(diff, change, "en") == ("Uniform and name badge", "Dress code")
    assert change_texts(diff, change, "zh") == ("(en) Uniform and name badge", "(en) Dress code")


def test_checklists_added_or_removed_are_not_repeated_on_items(old: LibraryVersion) -> None:
    extra = Checklist(
        "spot-check", Text("抽查", "Spot check"), "inspection", "employee", ("TLR-01", "TLR-02")
    )
    diff = diff_libraries(old, with_checklists(old, extra))
    assert not diff.items_changed
    assert [c.id for c in diff.checklists_added] == ["spot-check"]
    assert diff.summary.checklists_added == 1 and not diff.same


def test_grades_and_values_are_worded(old: LibraryVersion) -> None:
    teller = old.library.checklists["morning-teller"]
    graded = replace(
        teller,
        scoring=replace(
            teller.scoring, grades=(Grade(95, Text("优", "A")), Grade(0, Text("差", "C")))
        ),
    )
    diff = diff_libraries(old, with_checklists(old, graded))
    (change,) = diff.checklists_changed
    (grades,) = change.changes
    assert grades.field == "grades"
    assert value_text(diff, "grades", grades.new, "zh") == "优 ≥ 95、差 ≥ 0"
    assert value_text(diff, "grades", grades.new, "en") == "A ≥ 95, C ≥ 0"
    assert value_text(diff, "grades", Scoring().grades, "en").startswith("Excellent ≥ 90")
    assert value_text(diff, "cadence", ("daily", "monthly"), "zh") == "每日、每月"
    assert value_text(diff, "max_points", None, "zh") == "—"
    assert value_text(diff, "points", 0.5, "zh") == "0.5"
    assert value_text(diff, "veto", "flag", "en") == "red line flagged"
    assert value_text(diff, "model", "rate", "zh") == "得分率"
    assert value_text(diff, "checklists", ("a", "b"), "zh") == "a, b"


def test_changed_fields_come_in_reading_order(old: LibraryVersion, new: LibraryVersion) -> None:
    diff = diff_libraries(old, new)
    for change in diff.items_changed:
        fields = [c.field for c in change.changes]
        assert fields == sorted(fields, key=ITEM_FIELDS.index)
    assert [c.id for c in diff.items_changed] == list(natural(c.id for c in diff.items_changed))


def test_a_standards_folder_without_checklists_compares_items_only(
    tmp_path: Path, new: LibraryVersion
) -> None:
    shutil.copytree(DATA / "old" / "standards", tmp_path / "standards")
    bare = load_version(tmp_path / "standards")
    assert not bare.has_checklists and not bare.single_file
    diff = diff_libraries(bare, new)
    assert not diff.checklists_compared
    assert summary_line(diff, "en").endswith("; checklists not compared")
    line = not_compared_line(diff, "en")
    assert line is not None and "has no checklists folder" in line
    assert all("checklists" not in [c.field for c in i.changes] for i in diff.items_changed)


def test_a_single_file_is_a_library_of_one_standard() -> None:
    version = load_version(DATA / "new" / "standards" / "lobby_zone.yaml")
    assert version.single_file and not version.has_checklists
    assert list(version.library.standards) == ["lobby_zone"]
    assert list(version.library.items) == ["LBY-01", "LBY-02"]
    assert not version.library.checklists


def test_the_table_keeps_to_its_width(old: LibraryVersion, new: LibraryVersion) -> None:
    diff = diff_libraries(old, new)
    for width in (60, 80, 120):
        text = render(diff, "table", DiffOptions(lang="zh", width=width))
        assert max(display_width(line) for line in text.splitlines()) <= width


def test_json_and_md_do_not_load_rich() -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from svccheck.catalog.diff import diff_libraries\n"
        "from svccheck.catalog.library import load_version\n"
        "from svccheck.reporting.diff import DiffOptions, render\n"
        f"d = diff_libraries(load_version(Path({str(DATA / 'old')!r})), "
        f"load_version(Path({str(DATA / 'new')!r})))\n"
        "render(d, 'json', DiffOptions()); render(d, 'md', DiffOptions())\n"
        "assert 'rich' not in sys.modules, 'rich imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
