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


def test_write_errors_name_the_path_never_the_temporary_file(tmp_path: Path) -> None:
    import pytest

    from svccheck.atomic import write_atomic
    from svccheck.errors import OutputError

    with pytest.raises(OutputError) as full:
        write_atomic(Path("/dev/full"), "x" * 100_000)
    assert str(full.value) == "cannot write /dev/full: No space left on device"
    with pytest.raises(OutputError) as missing:
        write_atomic(tmp_path / "no" / "r.md", "x", lang="zh")
    assert str(missing.value) == f"无法写入 {tmp_path}/no/r.md：文件夹 {tmp_path}/no 不存在"
    with pytest.raises(OutputError) as folder:
        write_atomic(tmp_path, "x")
    assert str(folder.value) == f"cannot write {tmp_path}: it is a folder"
    assert list(tmp_path.iterdir()) == []


def test_check_output_against_inputs(tmp_path: Path) -> None:
    import pytest

    from svccheck.atomic import ReadPath, check_output
    from svccheck.errors import OutputError

    sheets = tmp_path / "sheets"
    sheets.mkdir()
    (sheets / "a.xlsx").write_bytes(b"x")
    single = tmp_path / "one.csv"
    single.write_bytes(b"x")
    inputs = [ReadPath(sheets, (".xlsx", ".csv")), ReadPath(single)]
    for refused in (sheets / "a.xlsx", sheets / "sub" / "new.CSV", single):
        with pytest.raises(OutputError, match="refusing to write"):
            check_output(refused, inputs)
    for allowed in (sheets / "report.md", tmp_path / "report.xlsx", Path("/dev/null")):
        check_output(allowed, inputs)
    with pytest.raises(OutputError, match="it is a folder"):
        check_output(sheets, inputs)
