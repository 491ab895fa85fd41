"""The ranking rows' shortcuts (aggregate.finish_rows, reporting.json.Rows) against the rules
they stand for, written out plainly here: SPEC §7's order and top gaps, the row's role."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from reporting_sample import sample_report

from svccheck.model import Library, Scoring
from svccheck.reporting import ReportOptions, render
from svccheck.reporting.json import Rows, _is_row, document, pretty
from svccheck.scoring.aggregate import Marks, RowTotals, _top_gaps, finish_rows

ITEMS = ("TLR-01", "TLR-02", "LBY-03", "ENT-04", "OTH-05")
ROLES = ("teller", "lobby_manager", "account_manager")
POINTS = st.sampled_from((0.5, 1.0, 1.5, 2.0, 0.1 + 0.2, 3.0))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(ITEMS), POINTS))
def test_top_gaps_are_the_items_with_most_points_lost_ties_by_id(
    lost: dict[str, float],
) -> None:
    plain = sorted(lost.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    assert _top_gaps(lost) == tuple(item for item, _ in plain)


@st.composite
def totals(draw: st.DrawFn) -> RowTotals:
    checks = draw(st.integers(1, 6))
    passed, failed = draw(st.integers(0, 30)), draw(st.integers(0, 5))
    return RowTotals(
        draw(st.sampled_from(("张三", "李四", "王五", "刘洋"))),
        draw(st.sampled_from(("东环支行", "滨江支行"))),
        "employee",
        checks=checks,
        score_sum=checks * draw(st.sampled_from((100.0, 99.5, 97.25, 80.0, 0.0))),
        passed=passed,
        failed=failed,
        lost=draw(POINTS),
        criticals=draw(st.integers(0, 1)),
        below=draw(st.integers(0, 2)),
        lost_by_item=draw(st.dictionaries(st.sampled_from(ITEMS), POINTS)),
        checklists={"register": checks},
        roles=draw(st.dictionaries(st.sampled_from(ROLES), st.integers(1, 3))),
        kinds=draw(
            st.dictionaries(
                st.sampled_from(("inspection", "self_check")), st.integers(1, 3), min_size=1
            )
        ),
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(totals(), max_size=12))
def test_ranking_rows_follow_the_rules_written_plainly(rows: list[RowTotals]) -> None:
    marks = {"register": Marks.of(Scoring())}
    ranked = finish_rows(rows, marks)

    def key(t: RowTotals) -> tuple[Any, ...]:
        score = round(t.score_sum / t.checks, 4)
        judged = t.passed + t.failed
        rate = t.passed / judged if judged else None
        return (-score, -(rate if rate is not None else -1.0), t.subject, t.branch)

    plain = sorted(rows, key=key)  # stable: equal keys keep their order
    assert [(r.subject, r.branch, r.checks) for r in ranked] == [
        (t.subject, t.branch, t.checks) for t in plain
    ]
    assert [r.rank for r in ranked] == list(range(1, len(rows) + 1))
    for row, t in zip(ranked, plain, strict=True):
        role = min(t.roles, key=lambda r: (-t.roles[r], r)) if t.roles else None
        assert row.role == role
        assert row.kinds == tuple(k for k in ("self_check", "peer_check", "inspection")
                                  if k in t.kinds)  # fmt: skip
        assert row.checklists == ("register",)


def test_the_reports_row_lists_hold_rows_and_print_as_plain_lists(library_v1: Library) -> None:
    report = sample_report(library_v1)
    doc = document(report, "en")
    lists = [doc[k] for k in ("gaps", "subjects", "branches")]
    lists += [s[k] for s in doc["sections"] for k in ("gaps", "subjects", "branches")]
    assert all(type(rows) is Rows for rows in lists)
    assert all(_is_row(row) for rows in lists for row in rows)

    def plain(value: Any) -> Any:  # the same document with every Rows a plain list
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    assert pretty(doc) == pretty(plain(doc))
    assert json.loads(render(report, "json", ReportOptions())) == plain(doc)
