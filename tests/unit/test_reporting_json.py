"""The JSON report: SPEC §7's fields, validated against the shipped JSON Schema."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from reporting_sample import one_section_report, sample_report
from scoring_support import CBSS, D2, full_check, obs, small_library

from cli_support import REPO, RunCli
from svccheck.model import Library
from svccheck.reporting import ReportOptions, render
from svccheck.scoring import Report, score


# The sample report's figures were worked out by hand on the frozen 2026.1 library's points.
@pytest.fixture(scope="session")
def library(library_v1: Library) -> Library:
    return library_v1


SPEC_SUMMARY = {
    "subjects",
    "checks",
    "observations",
    "score_mean",
    "pass_rate",
    "points_lost",
    "criticals",
}
SPEC_GAP = {
    "rank",
    "item",
    "title",
    "role",
    "category",
    "area",
    "severity",
    "observations",
    "failures",
    "fail_rate",
    "points_lost",
    "share",
    "cumulative_share",
    "subjects_affected",
    "branches_affected",
}
SPEC_RANKED = {
    "rank",
    "subject",
    "branch",
    "role",
    "checks",
    "score",
    "pass_rate",
    "points_lost",
    "criticals",
    "status",
    "top_gaps",
}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    text = resources.files("svccheck.reporting").joinpath("report.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


@pytest.fixture(scope="module")
def reports(library: Library) -> dict[str, Report]:
    small = small_library()
    return {
        "two sections, rejected rows": sample_report(library),
        "one section": one_section_report(library),
        "nothing scored": score([], library),
        "different bases": score(
            [
                obs("ENV-03", "fail", deduction=60, checklist=CBSS, subject="东环支行", role=None),
                *full_check(small, ["TST-05"], date=D2),
            ],
            small,
        ),
    }


@pytest.mark.parametrize(
    "name", ["two sections, rejected rows", "one section", "nothing scored", "different bases"]
)
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("top", [None, 1])
def test_every_json_report_validates(
    reports: dict[str, Report], schema: dict[str, Any], name: str, lang: str, top: int | None
) -> None:
    text = render(reports[name], "json", ReportOptions(lang=lang, top=top))
    assert isinstance(text, str)
    doc = json.loads(text)
    jsonschema.validate(doc, schema)
    assert doc["schema"] == "svccheck/report@1" and doc["lang"] == lang
    if top:
        assert len(doc["gaps"]) <= 1 and len(doc["subjects"]) <= 1


def test_spec_fields_are_there(library: Library) -> None:
    doc = json.loads(render(sample_report(library), "json", ReportOptions(lang="en")))
    assert set(doc["summary"]) >= SPEC_SUMMARY
    assert doc["gaps"] and all(set(g) >= SPEC_GAP for g in doc["gaps"])
    assert all(set(r) >= SPEC_RANKED for r in doc["subjects"] + doc["branches"])
    assert set(doc["period"]) == {"from", "to"}
    assert {"file", "sheets", "rows", "accepted", "rejected"} <= set(doc["inputs"][0])
    assert set(doc["rejected"][0]) == {"file", "sheet", "row", "cell", "reason"}
    assert [s["checklist"] for s in doc["sections"]] == ["inspection-monthly", "morning-teller"]
    assert doc["period"] == {"from": "2026-10-08", "to": "2026-10-15"}


def test_rates_are_fractions_and_figures_hand_computed(library: Library) -> None:
    # reporting_sample's morning-teller section: 张三 99.5, <script> 100, =1+2 48 (0 and 96)
    doc = json.loads(render(one_section_report(library), "json", ReportOptions(lang="zh")))
    scores = {r["subject"]: r["score"] for r in doc["subjects"]}
    assert scores == {"<script>alert(1)</script>": 100, "张三": 99.5, "=1+2": 48}
    statuses = {r["subject"]: r["status"] for r in doc["subjects"]}
    assert statuses["=1+2"] == "remediation" and statuses["张三"] == "star"
    assert doc["summary"]["score_mean"] == pytest.approx(
        (99 + 100 + 100 + 100 + 0 + 96) / 6, abs=1e-4
    )
    for gap in doc["gaps"]:
        assert 0 <= gap["fail_rate"] <= 1 and 0 <= gap["share"] <= 1
    assert doc["gaps"][0]["item"] == "TLR-22"  # 5 points, the costliest


def test_history_block_is_passed_through(library: Library) -> None:
    import dataclasses
    from types import SimpleNamespace

    # The JSON of `Report.history` is its own `as_json()`, written as it comes.
    # The branches' corrective actions (SPEC §8) go beside it, as the report's `actions`.
    from svccheck.scoring.history import ActionCounts

    counts = ActionCounts("东环支行", opened=3, closed=2, overdue=1, median_days_to_close=2.5)
    block = SimpleNamespace(as_json=lambda: {"previous": "2026-09"}, actions=(counts,))
    report = dataclasses.replace(one_section_report(library), history=block)
    doc = json.loads(render(report, "json", ReportOptions()))
    assert doc["history"] == {"previous": "2026-09"}
    assert doc["actions"] == [
        {"branch": "东环支行", "opened": 3, "closed": 2, "overdue": 1, "median_days_to_close": 2.5}
    ]


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            "the report's history.trend[1] is inf, which JSON cannot hold: the standards' or "
            "checklists' numbers are so large (near 1e308) that their sums overflow; use "
            "sensible points. Nothing was written",
        ),
        (
            "zh",
            "报告中的 history.trend[1] 为 inf，JSON 无法表示：标准或检查表中的分值过大"
            "（接近 1e308），相加后溢出；请改用合理的分值。未写出任何文件",
        ),
    ],
)
def test_a_figure_json_cannot_hold_is_refused_not_written(
    library: Library, lang: str, message: str
) -> None:
    """RFC 8259 has no Infinity or NaN: json.dumps would write them, and no strict parser
    (jq, JSON.parse) would read the file back. The writer names the first such figure."""
    import dataclasses
    from types import SimpleNamespace

    from svccheck.errors import OutputError

    block = SimpleNamespace(as_json=lambda: {"trend": [1.5, float("inf")]}, actions=())
    report = dataclasses.replace(one_section_report(library), history=block)
    with pytest.raises(OutputError) as raised:
        render(report, "json", ReportOptions(lang=lang))
    assert str(raised.value) == message


def test_finite_points_that_overflow_when_added_are_refused_by_score(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Every number of the library is finite, so validate passes it; 1e308 points added up
    are not. `score --format json` exits 2 naming the figure, and writes no file."""
    for folder in ("standards", "checklists"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    teller = tmp_path / "standards" / "teller.yaml"
    text = teller.read_text(encoding="utf-8")
    assert "points: 0.5\n    max_points: 0.5\n" in text
    teller.write_text(
        text.replace(
            "points: 0.5\n    max_points: 0.5\n", "points: 1.0e+308\n    max_points: 1.7e+308\n", 1
        ),
        encoding="utf-8",
    )
    assert run_cli("validate", ".").code == 0
    out = tmp_path / "out.json"
    result = run_cli(
        "score", REPO / "examples" / "2026-10" / "morning", "--format", "json", "-o", out
    )
    assert result.code == 2, result
    assert "Traceback" not in result.stderr
    assert "is inf, which JSON cannot hold" in result.stderr.splitlines()[-1]
    assert not out.exists()
