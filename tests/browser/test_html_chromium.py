"""The HTML report in a real headless browser: it renders, the charts and key figures are there.

Scores the example month through the real CLI, opens the page in Debian's chromium (no network,
a throw-away profile), takes a screenshot and dumps the DOM the browser built. Skipped, with the
reason, when chromium is not installed (`apt-get install -y chromium`).
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from cli_support import RunCli

pytestmark = pytest.mark.browser

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "2026-10"
BRANCHES = ("东环支行", "西城支行", "南湖支行", "北站支行", "高新区支行", "滨江支行")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("chromium is not installed (Debian: apt-get install -y chromium)")


def browse(browser: str, page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def png_size_and_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed scanlines of a PNG (enough to see it is not blank)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    idat, pos = b"", 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        if data[pos + 4 : pos + 8] == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def test_the_example_month_renders_in_chromium(run_cli: RunCli, tmp_path: Path) -> None:
    browser = chromium()
    page = tmp_path / "2026-10.html"
    result = run_cli("score", EXAMPLES, "--format", "html", "-o", page, lang="zh")
    assert page.exists(), result
    figures = json.loads(run_cli("score", EXAMPLES, "--format", "json", lang="zh").stdout)

    shot = tmp_path / "report.png"
    done = browse(
        browser, page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000"
    )
    assert shot.exists(), done.stderr
    width, height, pixels = png_size_and_pixels(shot.read_bytes())
    assert (width, height) == (1280, 2000)
    assert shot.stat().st_size > 50_000  # text, tables and charts, not an empty page
    assert len(set(pixels[::101])) > 20  # many different colours across the page

    done = browse(browser, page, tmp_path / "profile-dom", "--dump-dom")
    dom = done.stdout
    assert "<svg" in dom, done.stderr
    paretos = dom.count('<svg class="pareto"')
    assert paretos >= 2  # the overview and every section with gaps
    assert dom.count('<polyline class="cum"') == paretos
    assert '<svg class="ranking"' in dom and '<svg class="breakdown"' in dom
    assert dom.count('class="bar"') > 50
    summary = figures["summary"]
    assert f"{summary['score_mean']:.1f}" in dom
    assert f"{summary['pass_rate'] * 100:.1f}%" in dom
    for text in (*BRANCHES, "明星", "需整改", "服务质量差距报告"):
        assert text in dom
    assert "<script" not in dom
