"""`svccheck standards`: the table (CJK aligned), the filters, and the JSON listing."""

from __future__ import annotations

import json

import pytest
from rich.cells import cell_len

from cli_support import REPO, RunCli
from svccheck.model import Library


def column_edges(line: str) -> list[int]:
    """Cell offsets of the column separators in one table line."""
    edges, offset = [], 0
    for char in line:
        if char in "│┿╷╵":
            edges.append(offset)
        offset += cell_len(char)
    return edges


def assert_aligned(table: str, width: int) -> None:
    lines = [line for line in table.splitlines() if line.strip()]
    assert lines
    assert all(cell_len(line) <= width for line in lines), "the table is wider than the screen"
    edges = {tuple(column_edges(line)) for line in lines}
    assert len(edges) == 1, f"column separators at different places: {edges}"
    assert len(next(iter(edges))) >= 3


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", ["100", "80", "60"])
def test_table_columns_line_up(lang: str, width: str, run_cli: RunCli) -> None:
    result = run_cli("standards", lang=lang, env={"COLUMNS": width})
    assert result.code == 0, result
    assert_aligned(result.stdout, int(width))


@pytest.mark.parametrize("width", ["80", "100", "120"])
def test_chinese_titles_and_labels_are_never_split(
    width: str, run_cli: RunCli, library: Library
) -> None:
    """rich counts a CJK run as one word: a column too narrow for it would fold it
    (「大堂营销不纠」 / 「缠」). Each item's row holds its whole title and labels; the columns
    that do not fit are left out instead."""
    result = run_cli("standards", lang="zh", env={"COLUMNS": width})
    assert result.code == 0, result
    assert_aligned(result.stdout, int(width))
    rows = {
        line.split()[0]: line
        for line in result.stdout.splitlines()
        if line.strip() and line.split()[0] in library.items
    }
    assert set(rows) == set(library.items)  # every item on a line of its own: none wrapped
    for item in library.items.values():
        assert item.title.zh in rows[item.id], (item.id, rows[item.id])
    # a row's second line only ever carries on the cadence (wrapped between its words)
    lines = result.stdout.splitlines()[3:]
    continued = [line.split("│") for line in lines if line.strip() and line not in rows.values()]
    assert all(not "".join(cells[:-1]).strip() for cells in continued), continued


def test_table_in_chinese_shows_labels(run_cli: RunCli) -> None:
    result = run_cli(
        "standards", "--role", "teller", "--severity", "critical", lang="zh", env={"COLUMNS": "120"}
    )
    assert result.code == 0, result
    assert "编号" in result.stdout and "综合柜员" not in result.stdout  # filtered column dropped
    rows = [line for line in result.stdout.splitlines() if line.lstrip().startswith("TLR-")]
    assert rows and all("红线" not in row for row in rows)
    assert_aligned(result.stdout, 120)
    assert "个条目" in result.stderr


def test_filters_combine(run_cli: RunCli, library: Library) -> None:
    result = run_cli(
        "standards", "--role", "lobby_manager", "--category", "etiquette", "--format", "json"
    )
    assert result.code == 0, result
    listed = [item["id"] for item in json.loads(result.stdout)["items"]]
    expected = [
        i.id
        for i in library.items.values()
        if i.role == "lobby_manager" and i.category == "etiquette"
    ]
    assert listed == expected and listed


def test_filters_accept_labels_in_either_language(run_cli: RunCli) -> None:
    by_id = json.loads(run_cli("standards", "--role", "account_manager", "--format", "json").stdout)
    by_zh = json.loads(run_cli("standards", "--role", "客户经理", "--format", "json").stdout)
    by_en = json.loads(run_cli("standards", "--role", "Account manager", "--format", "json").stdout)
    assert by_id == by_zh == by_en
    assert by_id["count"] >= 28


def test_unknown_filter_value_is_a_usage_error_naming_labels_and_ids(run_cli: RunCli) -> None:
    result = run_cli("standards", "--severity", "fatal")
    assert result.code == 2, result
    assert result.stderr.strip() == (
        "svccheck: error: --severity 'fatal' is not in the taxonomy; choose from: "
        "Minor (minor), Major (major), Critical (critical)"
    )
    zh = run_cli("standards", "--severity", "fatal", lang="zh")
    assert zh.stderr.strip() == (
        "svccheck：错误：--severity 的值 'fatal' 不在词表中；"
        "可选：一般（minor）、较重（major）、红线（critical）"
    )


def test_part_of_a_label_names_its_term_and_is_answered_with_label_and_id(
    run_cli: RunCli,
) -> None:
    # 柜员 is what a branch calls its 综合柜员 (teller).
    by_part = run_cli("standards", "--role", "柜员", "--format", "json", lang="zh")
    by_id = run_cli("standards", "--role", "teller", "--format", "json", lang="zh")
    assert by_part.code == 0, by_part
    assert json.loads(by_part.stdout) == json.loads(by_id.stdout)
    assert by_part.stderr.strip().startswith("岗位：综合柜员（teller）；"), by_part
    assert by_part.stderr.strip().endswith("个条目（共 230 个）"), by_part
    english = run_cli("standards", "--role", "lobby", "--severity", "红线")
    assert english.code == 0, english
    assert english.stderr.strip().startswith(
        "role: Lobby manager (lobby_manager); severity: Critical (critical); "
    ), english


def test_a_part_that_fits_several_terms_asks_which(run_cli: RunCli) -> None:
    zh = run_cli("standards", "--role", "经理", lang="zh")
    assert zh.code == 2, zh
    assert zh.stderr.strip() == (
        "svccheck：错误：--role 的值 '经理' 可指多个："
        "大堂经理（lobby_manager）、客户经理（account_manager）；请写全"
    )
    en = run_cli("standards", "--role", "manager")
    assert en.code == 2 and "Lobby manager (lobby_manager), Account manager" in en.stderr, en


def test_json_lists_every_item_with_role_and_both_languages(
    run_cli: RunCli, library: Library
) -> None:
    result = run_cli("standards", "--format", "json", lang="zh")
    payload = json.loads(result.stdout)
    assert payload["schema"] == "svccheck/standards@1"
    assert payload["count"] == len(library.items) == len(payload["items"])
    for record in payload["items"]:
        item = library.items[record["id"]]
        assert record["role"] == item.role and record["role"]
        assert record["standard"] == item.standard
        assert record["title"] == {"zh": item.title.zh, "en": item.title.en}
        assert record["criterion"]["zh"] and record["criterion"]["en"]
    # An item that leaves its role to the standard gets the standard's role.
    environment = [r for r in payload["items"] if r["standard"] == "entrance_zone"]
    assert environment and all(r["role"] == "branch" for r in environment)


def test_own_library_with_standards_option(run_cli: RunCli) -> None:
    case = REPO / "tests" / "data" / "catalog" / "valid" / "bank-library"
    result = run_cli("standards", "--standards", case / "standards", "--format", "json")
    assert [i["id"] for i in json.loads(result.stdout)["items"]] == ["CTR-01", "CTR-02", "CTR-03"]
