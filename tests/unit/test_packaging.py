"""The bundled standards and checklists ship inside the wheel, not only in a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_wheel_contains_bundled_library_and_schemas(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("svccheck-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in sorted((REPO / "standards").glob("*.yaml")):
        assert f"svccheck/_library/standards/{path.name}" in names
    for path in sorted((REPO / "checklists").glob("*.yaml")):
        assert f"svccheck/_library/checklists/{path.name}" in names
    assert any(n.startswith("svccheck/catalog/schemas/") and n.endswith(".json") for n in names)
