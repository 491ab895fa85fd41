"""Output files are written atomically, with ordinary permissions, and devices stay devices."""

from __future__ import annotations

from pathlib import Path


def test_atomic_write_to_a_device_writes_through_it() -> None:
    from svccheck.atomic import write_atomic

    write_atomic(Path("/dev/null"), "report")
    assert Path("/dev/null").is_char_device()


def test_atomic_write_leaves_no_partial_file(tmp_path: Path) -> None:
    from svccheck.atomic import write_atomic

    target = tmp_path / "report.md"
    write_atomic(target, "# 报告\n")
    assert target.read_text(encoding="utf-8") == "# 报告\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask
