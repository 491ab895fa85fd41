"""The built library kept on disk (catalog/cache.py): the same library as a fresh build, a key
that changes with any file the library is built from, and a cache that can never make a
command fail — whatever is in it, wherever it is."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cli_support import REPO, V1_LIBRARY, RunCli, cli_env
from svccheck.catalog import cache
from svccheck.catalog.cache import cache_folder, cached_library, decode, encode, library_key
from svccheck.catalog.library import load_library
from svccheck.errors import SchemaError
from svccheck.model import Library

VALID = REPO / "tests" / "data" / "catalog" / "valid"
LIBRARIES = {
    "bundled": REPO,
    "2026.1": V1_LIBRARY,
    **{p.name: p for p in sorted(VALID.iterdir()) if (p / "standards").is_dir()},
}


def assert_same(cached: Library, fresh: Library) -> None:
    """Field by field, the locations too (they do not take part in ==), and the types of the
    numbers (90 and 90.0 are equal, their reprs are not)."""
    assert cached == fresh
    assert repr(dataclasses.replace(cached, profiles={})) == repr(
        dataclasses.replace(fresh, profiles={})
    )
    assert cached.profiles == fresh.profiles
    assert list(cached.standards) == list(fresh.standards)
    assert list(cached.items) == list(fresh.items)
    assert list(cached.checklists) == list(fresh.checklists)
    for sid, standard in fresh.standards.items():
        assert cached.standards[sid].location == standard.location
        for mine, theirs in zip(cached.standards[sid].items, standard.items, strict=True):
            assert mine.location == theirs.location
            assert cached.items[mine.id] is mine  # one object, as a fresh build has it
    for cid, checklist in fresh.checklists.items():
        assert cached.checklists[cid].location == checklist.location
    assert [w.location for w in cached.waivers] == [w.location for w in fresh.waivers]


def dirs(root: Path) -> tuple[Path, Path]:
    return root / "standards", root / "checklists"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SVCCHECK_CACHE", str(folder))
    return folder


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    """A copy of a bank's library with branch profiles and waivers, to edit."""
    root = tmp_path / "bank"
    shutil.copytree(VALID / "bank-profiles-and-waivers", root)
    return root


def no_build(*_: object) -> Library:
    raise AssertionError("built from YAML: the cache was not used")


# ---------------------------------------------------------------------------- same library


@pytest.mark.parametrize("name", sorted(LIBRARIES))
def test_an_entry_reads_back_as_the_library_built_fresh(name: str) -> None:
    fresh = load_library(*dirs(LIBRARIES[name]))
    text = json.dumps(encode(fresh), ensure_ascii=False, allow_nan=False)
    assert_same(decode(json.loads(text)), fresh)


@pytest.mark.parametrize("name", ["bundled", "bank-profiles-and-waivers"])
def test_the_second_load_is_a_hit_and_the_same_library(
    name: str, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = load_library(*dirs(LIBRARIES[name]))
    first = cached_library(*dirs(LIBRARIES[name]))
    assert_same(first, fresh)
    assert len(entries(cache_dir)) == 1
    monkeypatch.setattr(cache, "_build", no_build)
    assert_same(cached_library(*dirs(LIBRARIES[name])), fresh)


def test_a_hit_imports_neither_pyyaml_nor_jsonschema(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from svccheck.catalog.cache import cached_library\n"
        f"library = cached_library(Path({str(REPO / 'standards')!r}))\n"
        "print(len(library.items), sorted(m for m in sys.modules if m.split('.')[0] in "
        "('yaml', 'jsonschema') or m == 'svccheck.catalog.library'))\n"
    )
    env = {**cli_env("en", None), "SVCCHECK_CACHE": str(tmp_path / "cache")}
    env["PYTHONPATH"] = str(REPO / "src")

    def run() -> tuple[str, str]:
        out = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        ).stdout.split(" ", 1)
        return out[0], out[1].strip()

    miss, hit = run(), run()
    assert "'yaml'" in miss[1]  # built: PyYAML was needed
    assert hit == (miss[0], "[]")


# ---------------------------------------------------------------------------- the key


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("standards/hall.yaml", "贵宾区桌椅整齐", "贵宾区座椅整齐"),
        ("checklists/hall-morning.yaml", "pass_mark: 90", "pass_mark: 91"),
        ("branches.yaml", "has: [fx, cash]", "has: [fx]"),
        ("waivers.yaml", "2099-10-15", "2099-10-16"),
    ],
)
def test_an_edited_file_is_built_again_and_its_new_content_used(
    bank: Path, cache_dir: Path, file: str, old: str, new: str
) -> None:
    path = bank / file
    before = cached_library(*dirs(bank))
    key = library_key(*dirs(bank))
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert library_key(*dirs(bank)) != key
    after = cached_library(*dirs(bank))
    assert_same(after, load_library(*dirs(bank)))
    assert len(entries(cache_dir)) == 2
    assert after != before or after.profiles != before.profiles


def test_the_key_follows_every_file_and_the_working_folder(bank: Path, tmp_path: Path) -> None:
    key = library_key(*dirs(bank))
    assert library_key(*dirs(bank)) == key  # the same files, the same key
    assert library_key(*dirs(bank), cwd=str(tmp_path)) != key  # locations are shown from cwd
    for path in sorted(bank.rglob("*.yaml")):
        data = path.read_bytes()
        path.write_bytes(data + b"\n")
        assert library_key(*dirs(bank)) != key, path
        path.write_bytes(data)
    assert library_key(*dirs(bank)) == key
    (bank / "standards" / "notes.txt").write_text("x", encoding="utf-8")
    assert library_key(*dirs(bank)) != key


def test_a_yaml_file_left_in_a_subfolder_is_reported_not_served_from_the_cache(
    bank: Path, cache_dir: Path
) -> None:
    cached_library(*dirs(bank))
    (bank / "standards" / "2027").mkdir()
    shutil.copy(next((bank / "standards").glob("*.yaml")), bank / "standards" / "2027")
    with pytest.raises(SchemaError, match="2027"):
        cached_library(*dirs(bank))


def test_a_library_with_errors_is_refused_every_time_and_never_stored(cache_dir: Path) -> None:
    broken = REPO / "tests" / "data" / "catalog" / "invalid" / "duplicate-item-ids"
    messages = []
    for _ in range(2):
        with pytest.raises(SchemaError) as raised:
            cached_library(*dirs(broken))
        messages.append(str(raised.value))
    with pytest.raises(SchemaError) as direct:
        load_library(*dirs(broken))
    assert messages == [str(direct.value)] * 2
    assert entries(cache_dir) == []


# ---------------------------------------------------------------------------- bad entries


def _sound_entry(cache_dir: Path, root: Path) -> tuple[Path, dict[str, object]]:
    cached_library(*dirs(root))
    (path,) = entries(cache_dir)
    return path, json.loads(path.read_text(encoding="utf-8"))


Doc = dict[str, Any]


def _mutations() -> dict[str, Callable[[Doc], object]]:
    def first_item(doc: Doc) -> Doc:
        item: Doc = doc["library"]["standards"][0]["items"][0]
        return item

    def setting(get: Callable[[Doc], Doc], key: str, value: object) -> Callable[[Doc], None]:
        return lambda doc: get(doc).__setitem__(key, value)

    return {
        "points as text": setting(first_item, "points", "3"),
        "points as true": setting(first_item, "points", True),
        "a huge number": setting(first_item, "points", 10**400),
        "a line below zero": setting(first_item, "location", ["x.yaml", -1, 1]),
        "a title as a string": setting(first_item, "title", "x"),
        "an extra field": setting(first_item, "extra", 1),
        "a missing field": lambda doc: first_item(doc).pop("severity"),
        "a checklist of unknown items": lambda doc: doc["library"]["checklists"][0]["items"].append(
            "NO-SUCH-ITEM"
        ),
        "another format": setting(lambda doc: doc, "format", 0),
        "another key": setting(lambda doc: doc, "key", "0" * 40),
        "a date that does not exist": lambda doc: doc["library"]["waivers"][0].__setitem__(
            "expires", "2099-02-30"
        ),
        "a library as a list": setting(lambda doc: doc, "library", []),
    }


@pytest.mark.parametrize("mutation", sorted(_mutations()))
def test_an_entry_of_the_wrong_shape_is_built_again_and_replaced(
    bank: Path, cache_dir: Path, mutation: str
) -> None:
    path, doc = _sound_entry(cache_dir, bank)
    _mutations()[mutation](doc)
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert_same(cached_library(*dirs(bank)), load_library(*dirs(bank)))
    assert json.loads(path.read_text(encoding="utf-8"))["library"]["standards"]  # rewritten
    assert cache.read_entry(cache_dir, path.stem) is not None


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\xff garbage \x80",
        b"{",
        b"[]",
        b"null",
        b"1e999999",
        b"9" * 100_000,
        b'{"format": NaN}',
        b"[" * 200_000 + b"]" * 200_000,
        b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    ],
    ids=[
        "empty",
        "binary",
        "truncated",
        "a list",
        "null",
        "infinity",
        "a huge integer",
        "NaN",
        "deep lists",
        "deep objects",
    ],
)
def test_a_corrupt_entry_is_built_again_silently(
    bank: Path, cache_dir: Path, content: bytes, capfd: pytest.CaptureFixture[str]
) -> None:
    path, _ = _sound_entry(cache_dir, bank)
    path.write_bytes(content)
    assert_same(cached_library(*dirs(bank)), load_library(*dirs(bank)))
    assert cache.read_entry(cache_dir, path.stem) is not None
    assert capfd.readouterr() == ("", "")


def test_an_entry_that_is_a_link_is_not_followed(bank: Path, cache_dir: Path) -> None:
    path, _ = _sound_entry(cache_dir, bank)
    elsewhere = cache_dir.parent / "elsewhere.json"
    shutil.move(path, elsewhere)
    path.symlink_to(elsewhere)
    assert cache.read_entry(cache_dir, path.stem) is None  # even a sound entry, through a link
    assert_same(cached_library(*dirs(bank)), load_library(*dirs(bank)))
    assert not path.is_symlink()  # replaced by an entry of its own
    assert json.loads(elsewhere.read_text(encoding="utf-8"))["format"] == cache.FORMAT
    path.unlink()
    path.symlink_to("/dev/zero")
    assert_same(cached_library(*dirs(bank)), load_library(*dirs(bank)))


def test_an_entry_that_is_a_pipe_or_a_folder_does_not_block_or_fail(
    bank: Path, cache_dir: Path
) -> None:
    path, _ = _sound_entry(cache_dir, bank)
    path.unlink()
    os.mkfifo(path)
    assert_same(cached_library(*dirs(bank)), load_library(*dirs(bank)))
    path.unlink()
    path.mkdir()
    assert_same(cached_library(*dirs(bank)), load_library(*dirs(bank)))


# ---------------------------------------------------------------------------- where it is


def test_a_cache_that_cannot_be_written_changes_nothing(
    bank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = load_library(*dirs(bank))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("SVCCHECK_CACHE", str(blocker / "cache"))
    assert_same(cached_library(*dirs(bank)), fresh)
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o500)
    try:
        monkeypatch.setenv("SVCCHECK_CACHE", str(read_only))
        assert_same(cached_library(*dirs(bank)), fresh)
        if os.geteuid() != 0:  # root writes anyway
            assert entries(read_only) == []
    finally:
        read_only.chmod(0o700)


def test_a_full_disk_changes_nothing(
    bank: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry is written to /dev/full, where every write fails with ENOSPC."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    made = []
    mkstemp = tempfile.mkstemp

    def full_disk(prefix: str, suffix: str, dir: Path) -> tuple[int, str]:
        fd, path = mkstemp(prefix=prefix, suffix=suffix, dir=dir)
        os.close(fd)
        made.append(path)
        return os.open("/dev/full", os.O_WRONLY), path

    monkeypatch.setattr(cache.tempfile, "mkstemp", full_disk)
    assert_same(cached_library(*dirs(bank)), load_library(*dirs(bank)))
    assert made
    assert list(cache_dir.iterdir()) == []  # no entry, no temporary file left behind


@pytest.mark.parametrize("value", ["off", "OFF", "", " "])
def test_the_cache_can_be_turned_off(
    value: str, bank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SVCCHECK_CACHE", value)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() is None
    assert_same(cached_library(*dirs(bank)), load_library(*dirs(bank)))
    assert not (tmp_path / "home").exists()
    assert not (tmp_path / "xdg").exists()


def test_the_default_folder_of_each_platform(tmp_path: Path) -> None:
    home = str(tmp_path)
    assert cache_folder({"HOME": home}, "linux") == tmp_path / ".cache" / "svccheck"
    assert cache_folder({"HOME": home, "XDG_CACHE_HOME": "/x/c"}, "linux") == Path("/x/c/svccheck")
    assert cache_folder({"HOME": home, "XDG_CACHE_HOME": "rel"}, "linux") == (
        tmp_path / ".cache" / "svccheck"
    )
    assert cache_folder({"HOME": home}, "darwin") == tmp_path / "Library" / "Caches" / "svccheck"
    assert cache_folder({"LOCALAPPDATA": r"C:\L"}, "win32") == Path(r"C:\L", "svccheck", "Cache")
    assert cache_folder({"SVCCHECK_CACHE": "/c", "HOME": home}, "linux") == Path("/c")


def test_a_real_run_with_the_default_location_uses_xdg_then_home(tmp_path: Path) -> None:
    """The one test without the session's $SVCCHECK_CACHE: a fake HOME and XDG_CACHE_HOME."""
    home, xdg = tmp_path / "home", tmp_path / "xdg"
    home.mkdir()
    base = {"HOME": str(home), "PYTHONPATH": str(REPO / "src")}
    without = {k: v for k, v in os.environ.items() if k not in ("SVCCHECK_CACHE", "XDG_CACHE_HOME")}
    args = [sys.executable, "-m", "svccheck", "standards", "--role", "teller"]
    env = {**without, **cli_env("en", base), "XDG_CACHE_HOME": str(xdg)}
    env.pop("SVCCHECK_CACHE")
    first = subprocess.run(args, env=env, cwd=tmp_path, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert len(entries(xdg / "svccheck")) == 1
    env.pop("XDG_CACHE_HOME")
    second = subprocess.run(args, env=env, cwd=tmp_path, capture_output=True, text=True)
    assert (second.returncode, second.stdout, second.stderr) == (0, first.stdout, first.stderr)
    assert len(entries(home / ".cache" / "svccheck")) == 1


def test_at_most_keep_entries_the_least_recently_used_go(bank: Path, cache_dir: Path) -> None:
    cache_dir.mkdir()
    for n in range(cache.KEEP + 5):
        old = cache_dir / f"{n:040x}.json"
        old.write_text("{}", encoding="utf-8")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    (cache_dir / "README").write_text("not an entry", encoding="utf-8")
    cached_library(*dirs(bank))
    kept = entries(cache_dir)
    assert len(kept) == cache.KEEP
    assert cache_dir / f"{0:040x}.json" not in kept  # the oldest went
    assert cache_dir / f"{cache.KEEP + 4:040x}.json" in kept
    assert (cache_dir / "README").exists()


# ---------------------------------------------------------------------------- commands


def test_commands_print_the_same_from_the_cache_and_validate_never_uses_it(
    tmp_path: Path, run_cli_process: RunCli
) -> None:
    folder = tmp_path / "cache"
    env = {"SVCCHECK_CACHE": str(folder)}
    args = ["standards", "--standards", VALID / "bank-profiles-and-waivers" / "standards"]
    first = run_cli_process(*args, env=env)
    second = run_cli_process(*args, env=env)
    assert first.code == 0, first.stderr
    assert (second.code, second.stdout, second.stderr) == (0, first.stdout, first.stderr)
    assert len(entries(folder)) == 1
    shutil.rmtree(folder)
    checked = run_cli_process("validate", VALID / "bank-profiles-and-waivers", env=env)
    assert checked.code == 0, checked.stdout + checked.stderr
    assert not folder.exists()
