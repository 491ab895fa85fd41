"""`scoring.fix_days` (SPEC §8): days to fix a finding by severity, over the defaults; it
leaves every checklist fingerprint as it was (it changes no score and no printed form)."""

from __future__ import annotations

import shutil
from pathlib import Path

from svccheck.catalog.library import load_library
from svccheck.model import DEFAULT_FIX_DAYS, Library, Scoring

ROOT = Path(__file__).resolve().parents[2]


def test_the_default_days_to_fix() -> None:
    scoring = Scoring()
    assert scoring.fix_days == DEFAULT_FIX_DAYS
    assert [scoring.days_to_fix(s) for s in ("critical", "major", "minor")] == [1, 7, 14]


def test_a_checklist_sets_some_severities_and_keeps_its_fingerprint(
    library: Library, tmp_path: Path
) -> None:
    shutil.copytree(ROOT / "standards", tmp_path / "standards")
    shutil.copytree(ROOT / "checklists", tmp_path / "checklists")
    path = tmp_path / "checklists" / "inspection-monthly.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  veto: flag", "  veto: flag\n  fix_days: {critical: 2, minor: 30}", 1),
        encoding="utf-8",
    )
    changed = load_library(tmp_path / "standards", tmp_path / "checklists")
    scoring = changed.checklists["inspection-monthly"].scoring
    assert dict(scoring.fix_days) == {"critical": 2, "major": 7, "minor": 30}
    assert scoring.days_to_fix("minor") == 30
    for checklist_id, checklist in library.checklists.items():
        assert library.checklists[checklist_id].scoring.fix_days == DEFAULT_FIX_DAYS
        assert changed.fingerprint(changed.checklists[checklist_id]) == library.fingerprint(
            checklist
        )
