"""The built library kept on disk, so a command does not parse, schema-check and lint the
YAML on every run (about a tenth of a second of every `score`, `read`, `ingest`, `report`…).

`cached_library` is what commands call instead of `load_library`. The key of an entry is a
hash of everything the built library depends on: svccheck's version and the code that builds
it, the working folder and the paths as given (locations are shown relative to the working
folder), the bundled taxonomy, the name and bytes of every file of standards/ and checklists/
(and, for subfolders, the names of what they hold: a YAML file left there is an error), and
branches.yaml / waivers.yaml beside standards/. Change any byte and the key changes.

An entry is JSON (`FORMAT` names its shape), read back into the model's dataclasses with
every value's type checked — never pickle: a cache file must not be able to run code. Any
trouble with the cache (none there, unreadable, corrupt, of another shape, a read-only or full
disk) means building from the YAML as without it, silently. Only a library without errors is
built, so only such a library is ever stored; `svccheck validate` never reads the cache.

Where: $SVCCHECK_CACHE (`off` or empty: no cache), else the platform's user cache folder.
This module imports neither PyYAML nor jsonschema: a hit needs only the standard library.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import math
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from svccheck import __version__
from svccheck.catalog.locate import (
    POLICY_NAMES,
    YAML_SUFFIXES,
    bundled_root,
    policy_folder,
    resolve_dirs,
)
from svccheck.i18n import Text
from svccheck.model import (
    Checklist,
    Grade,
    Item,
    Library,
    Location,
    Scoring,
    Standard,
    Taxonomy,
    Waiver,
)

ENV = "SVCCHECK_CACHE"
FORMAT = 1  # the shape of an entry: raise it when the encoding below changes
KEEP = 20  # entries kept; the least recently used beyond these are deleted on a write
MAX_BYTES = 32 * 1024 * 1024  # a larger entry is not read (the bundled library's is ~0.1 MB)
_SUFFIX = ".json"


def cached_library(
    standards_dir: Path | None = None, checklists_dir: Path | None = None, lang: str | None = None
) -> Library:
    """The library as `load_library` builds it, from the cache when an entry has the key of
    these files; else built (errors raised exactly as `load_library` raises them) and stored."""
    folder = cache_folder()
    standards, checklists = resolve_dirs(standards_dir, checklists_dir)
    if folder is None or not standards.is_dir():
        return _build(standards, checklists, lang)
    key = _key_or_none(standards, checklists)
    if key is not None:
        found = read_entry(folder, key)
        if found is not None:
            return found
    library = _build(standards, checklists, lang)
    # A file changed while it was being built: the key may not describe what was built.
    if key is not None and _key_or_none(standards, checklists) == key:
        write_entry(folder, key, library)
    return library


def _build(standards: Path, checklists: Path, lang: str | None) -> Library:
    from svccheck.catalog.library import load_library  # (imported on a miss only: PyYAML…)

    return load_library(standards, checklists, lang)


def cache_folder(
    environ: Mapping[str, str] | None = None, platform: str | None = None
) -> Path | None:
    """$SVCCHECK_CACHE, else the user cache folder of the platform; None: no cache."""
    env = os.environ if environ is None else environ
    given = env.get(ENV)
    if given is not None:
        return None if given.strip().lower() in ("", "off") else Path(given)
    platform = platform or sys.platform
    if platform == "win32":
        local = env.get("LOCALAPPDATA")
        return Path(local, "svccheck", "Cache") if local else None
    home = env.get("HOME") or os.path.expanduser("~")
    if not home or home == "~":
        return None
    if platform == "darwin":
        return Path(home, "Library", "Caches", "svccheck")
    xdg = env.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG rule: a relative value is ignored
        return Path(xdg, "svccheck")
    return Path(home, ".cache", "svccheck")


# ---------------------------------------------------------------------------- the key


def library_key(standards: Path, checklists: Path, cwd: str | None = None) -> str:
    """The hex key of the library these folders make, run from `cwd` (default: here)."""
    digest = hashlib.blake2b(digest_size=20)

    def feed(*parts: str | bytes) -> None:
        for part in parts:
            data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)

    feed("svccheck library", str(FORMAT), __version__, _code_digest())
    feed(os.path.realpath(cwd or os.getcwd()), str(standards), str(checklists))
    _feed_file(feed, bundled_root() / "standards" / "taxonomy.yaml")
    _feed_folder(feed, standards)
    _feed_folder(feed, checklists)
    policies = policy_folder(standards)
    feed("policies", os.path.realpath(policies))
    for name in POLICY_NAMES:
        _feed_file(feed, policies / name)
    return digest.hexdigest()


def _key_or_none(standards: Path, checklists: Path) -> str | None:
    try:
        return library_key(standards, checklists)
    except (OSError, ValueError):  # a folder vanished, a name the system cannot encode
        return None


Feed = Callable[..., None]


def _feed_file(feed: Feed, path: Path) -> None:
    feed("file", str(path))
    if os.path.islink(path):
        feed("link", os.readlink(path), os.path.realpath(path))
    try:
        with open(path, "rb") as handle:
            feed("bytes", handle.read())
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        feed("absent")
    except OSError as error:  # unreadable: an error the build reports, never stored
        feed("unreadable", str(error.errno))


def _feed_folder(feed: Feed, folder: Path) -> None:
    """A library folder: the YAML files it reads, by name and bytes; every other name; and
    what its subfolders hold (only names: their files are not read, but a YAML file there is
    an error), as `check_library` looks at them."""
    feed("folder", str(folder), os.path.realpath(folder))
    if not folder.is_dir():
        feed("absent")
        return
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        path = Path(entry.path)
        if entry.is_symlink():
            feed("link", entry.name, os.readlink(path), os.path.realpath(path))
        if entry.is_dir():
            feed("dir", entry.name)
            if not entry.name.startswith("."):
                for base, dirs, files in os.walk(path):
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    feed("in", os.path.relpath(base, path), *dirs, "/", *sorted(files))
        elif path.suffix in YAML_SUFFIXES:
            _feed_file(feed, path)
        else:
            feed("other", entry.name)


@functools.cache
def _code_digest() -> str:
    """A hash of the code that reads and builds a library (catalog/, its schemas, the model):
    a changed rule in a build of the same version number does not serve an old build."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=20)
    files = [
        *sorted((package / "catalog").glob("*.py")),
        *sorted((package / "catalog" / "schemas").glob("*.json")),
        package / "model.py",
        package / "i18n.py",
    ]
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        digest.update(path.name.encode() + len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


# ---------------------------------------------------------------------------- read and write


def read_entry(folder: Path, key: str) -> Library | None:
    """The library stored under `key`, or None for anything short of a sound entry."""
    path = folder / (key + _SUFFIX)
    try:
        if os.path.islink(path):  # where O_NOFOLLOW is missing (Windows)
            return None
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):
        return None
    try:
        with open(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
                return None
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return None
        document = json.loads(data, parse_constant=_no_constant)
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            return None
        if document.get("key") != key:
            return None
        library = decode(document.get("library"))
    except Exception:  # whatever is wrong with an entry, build instead
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: the last to be deleted
    return library


def write_entry(folder: Path, key: str, library: Library) -> None:
    """Store `library` under `key`, then delete the least recently used entries beyond
    `KEEP`. Fails silently: the cache is only a cache.

    Written whole to a temporary file, then renamed into place (as svccheck.atomic writes a
    report), so a reader never sees half an entry — and whatever stood under the name (a
    corrupt entry, a link, a pipe) is replaced, never written through (write_atomic writes
    through a pipe or device, right for `-o /dev/stdout`, not for a cache)."""
    try:
        data = json.dumps(
            {"format": FORMAT, "key": key, "library": encode(library)},
            ensure_ascii=False,
            separators=(",", ":"),
            allow_nan=False,
        ).encode("utf-8")
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=folder)
    except Exception:  # read-only, not a folder, a name too long…: no cache this time
        return
    try:
        with open(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, folder / (key + _SUFFIX))
    except Exception:  # a full disk, a folder in the way…
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return
    prune(folder)


def prune(folder: Path, keep: int = KEEP) -> None:
    """Delete the entries beyond the `keep` most recently used (by modification time)."""
    try:
        entries = []
        for entry in os.scandir(folder):
            if _is_entry_name(entry.name) and entry.is_file(follow_symlinks=False):
                entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
    except OSError:
        return
    entries.sort(reverse=True)
    for _, path in entries[keep:]:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _is_entry_name(name: str) -> bool:
    stem = name.removesuffix(_SUFFIX)
    return name.endswith(_SUFFIX) and len(stem) == 40 and all(c in "0123456789abcdef" for c in stem)


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number an entry holds")


# ---------------------------------------------------------------------------- encode


def encode(library: Library) -> dict[str, Any]:
    """The library as JSON values: Text as [zh, en], Location as [file, line, col]."""
    return {
        "taxonomy": {
            "version": library.taxonomy.version,
            "terms": {
                kind: {term: _text(label) for term, label in terms.items()}
                for kind, terms in library.taxonomy.terms.items()
            },
        },
        "standards": [_standard(s) for s in library.standards.values()],
        "items": list(library.items),
        "checklists": [_checklist(c) for c in library.checklists.values()],
        "root": library.root,
        "profiles": {branch: sorted(has) for branch, has in library.profiles.items()},
        "waivers": [
            {
                "item": w.item,
                "branch": w.branch,
                "reason": w.reason,
                "approved_by": w.approved_by,
                "expires": w.expires.isoformat(),
                "location": _location(w.location),
            }
            for w in library.waivers
        ],
    }


def _text(text: Text | None) -> list[str | None] | None:
    return None if text is None else [text.zh, text.en]


def _location(location: Location | None) -> list[str | int] | None:
    return None if location is None else [location.file, location.line, location.col]


def _standard(standard: Standard) -> dict[str, Any]:
    return {
        "id": standard.id,
        "title": _text(standard.title),
        "version": standard.version,
        "role": standard.role,
        "effective": standard.effective,
        "location": _location(standard.location),
        "items": [_item(i) for i in standard.items],
    }


def _item(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "standard": item.standard,
        "role": item.role,
        "area": item.area,
        "category": item.category,
        "title": _text(item.title),
        "criterion": _text(item.criterion),
        "points": item.points,
        "severity": item.severity,
        "max_points": item.max_points,
        "cadence": list(item.cadence),
        "method": list(item.method),
        "servqual": item.servqual,
        "tags": list(item.tags),
        "refs": list(item.refs),
        "location": _location(item.location),
        "requires": list(item.requires),
    }


def _checklist(checklist: Checklist) -> dict[str, Any]:
    scoring = checklist.scoring
    return {
        "id": checklist.id,
        "title": _text(checklist.title),
        "kind": checklist.kind,
        "subject": checklist.subject,
        "items": list(checklist.items),
        "scoring": {
            "base": scoring.base,
            "pass_mark": scoring.pass_mark,
            "star_mark": scoring.star_mark,
            "veto": scoring.veto,
            "grades": [[g.min, _text(g.label)] for g in scoring.grades],
            "model": scoring.model,
            "fix_days": [[severity, days] for severity, days in scoring.fix_days],
        },
        "location": _location(checklist.location),
        "accountable": checklist.accountable,
        "note": _text(checklist.note),
    }


# ---------------------------------------------------------------------------- decode


class BadEntry(ValueError):
    """A cache entry that is not a library as `encode` writes one."""


T = TypeVar("T")


def decode(raw: object) -> Library:
    """The library `encode` made `raw` from; BadEntry for a value of the wrong shape or type."""
    data = _fields(raw, _LIBRARY_KEYS)
    taxonomy = _fields(data["taxonomy"], ("version", "terms"))
    terms = {
        kind: {term: _req_text(label) for term, label in _dict(labels).items()}
        for kind, labels in _dict(taxonomy["terms"]).items()
    }
    standards: dict[str, Standard] = {}
    for value in _list(data["standards"]):
        standard = _decode_standard(value)
        if standard.id in standards:
            raise BadEntry("a standard twice")
        standards[standard.id] = standard
    items: dict[str, Item] = {}
    for standard in standards.values():
        for item in standard.items:
            items.setdefault(item.id, item)
    if _strs(data["items"]) != tuple(items):
        raise BadEntry("items")
    checklists: dict[str, Checklist] = {}
    for value in _list(data["checklists"]):
        checklist = _decode_checklist(value)
        if checklist.id in checklists or not set(checklist.items) <= items.keys():
            raise BadEntry("checklist")
        checklists[checklist.id] = checklist
    return Library(
        taxonomy=Taxonomy(terms=terms, version=_str(taxonomy["version"])),
        standards=standards,
        items=items,
        checklists=checklists,
        root=_str(data["root"]),
        profiles={b: frozenset(_strs(has)) for b, has in _dict(data["profiles"]).items()},
        waivers=tuple(_decode_waiver(w) for w in _list(data["waivers"])),
    )


_LIBRARY_KEYS = ("taxonomy", "standards", "items", "checklists", "root", "profiles", "waivers")
_STANDARD_KEYS = ("id", "title", "version", "role", "effective", "location", "items")
_ITEM_KEYS = (
    "id", "standard", "role", "area", "category", "title", "criterion", "points", "severity",
    "max_points", "cadence", "method", "servqual", "tags", "refs", "location", "requires",
)  # fmt: skip
_CHECKLIST_KEYS = (
    "id", "title", "kind", "subject", "items", "scoring", "location", "accountable", "note",
)  # fmt: skip
_SCORING_KEYS = ("base", "pass_mark", "star_mark", "veto", "grades", "model", "fix_days")
_WAIVER_KEYS = ("item", "branch", "reason", "approved_by", "expires", "location")


def _decode_standard(raw: object) -> Standard:
    data = _fields(raw, _STANDARD_KEYS)
    standard = Standard(
        id=_str(data["id"]),
        title=_req_text(data["title"]),
        version=_str(data["version"]),
        items=tuple(_decode_item(i) for i in _list(data["items"])),
        role=_opt(_str, data["role"]),
        effective=_opt(_str, data["effective"]),
        location=_opt(_decode_location, data["location"]),
    )
    if any(item.standard != standard.id for item in standard.items):
        raise BadEntry("an item of another standard")
    return standard


def _decode_item(raw: object) -> Item:
    data = _fields(raw, _ITEM_KEYS)
    return Item(
        id=_str(data["id"]),
        standard=_str(data["standard"]),
        role=_str(data["role"]),
        area=_str(data["area"]),
        category=_str(data["category"]),
        title=_req_text(data["title"]),
        criterion=_req_text(data["criterion"]),
        points=_float(data["points"]),
        severity=_str(data["severity"]),
        max_points=_opt(_float, data["max_points"]),
        cadence=_strs(data["cadence"]),
        method=_strs(data["method"]),
        servqual=_opt(_str, data["servqual"]),
        tags=_strs(data["tags"]),
        refs=_strs(data["refs"]),
        location=_opt(_decode_location, data["location"]),
        requires=_strs(data["requires"]),
    )


def _decode_checklist(raw: object) -> Checklist:
    data = _fields(raw, _CHECKLIST_KEYS)
    scoring = _fields(data["scoring"], _SCORING_KEYS)
    grades = []
    for value in _list(scoring["grades"]):
        low, label = _pair(value)
        grades.append(Grade(_number(low), _req_text(label)))
    fix_days = []
    for value in _list(scoring["fix_days"]):
        severity, days = _pair(value)
        fix_days.append((_str(severity), _int(days)))
    return Checklist(
        id=_str(data["id"]),
        title=_req_text(data["title"]),
        kind=_str(data["kind"]),
        subject=_str(data["subject"]),
        items=_strs(data["items"]),
        scoring=Scoring(
            base=_float(scoring["base"]),
            pass_mark=_float(scoring["pass_mark"]),
            star_mark=_float(scoring["star_mark"]),
            veto=_str(scoring["veto"]),
            grades=tuple(grades),
            model=_str(scoring["model"]),
            fix_days=tuple(fix_days),
        ),
        location=_opt(_decode_location, data["location"]),
        accountable=_opt(_str, data["accountable"]),
        note=_opt(_req_text, data["note"]),
    )


def _decode_waiver(raw: object) -> Waiver:
    data = _fields(raw, _WAIVER_KEYS)
    return Waiver(
        item=_str(data["item"]),
        branch=_str(data["branch"]),
        reason=_str(data["reason"]),
        approved_by=_str(data["approved_by"]),
        expires=dt.date.fromisoformat(_str(data["expires"])),
        location=_opt(_decode_location, data["location"]),
    )


def _decode_location(raw: object) -> Location:
    values = _list(raw)
    if len(values) != 3:
        raise BadEntry("location")
    return Location(_str(values[0]), _int(values[1]), _int(values[2]))


def _req_text(raw: object) -> Text:
    zh, en = _pair(raw)
    return Text(_str(zh), _opt(_str, en))


def _fields(raw: object, keys: tuple[str, ...]) -> dict[str, Any]:
    data = _dict(raw)
    if len(data) != len(keys) or not all(k in data for k in keys):
        raise BadEntry(f"fields {sorted(data)}")
    return data


def _pair(raw: object) -> tuple[object, object]:
    values = _list(raw)
    if len(values) != 2:
        raise BadEntry("pair")
    return values[0], values[1]


def _opt(read: Callable[[object], T], raw: object) -> T | None:
    return None if raw is None else read(raw)


def _dict(raw: object) -> dict[str, Any]:
    if type(raw) is not dict:
        raise BadEntry("object")
    return raw


def _list(raw: object) -> list[Any]:
    if type(raw) is not list:
        raise BadEntry("array")
    return raw


def _str(raw: object) -> str:
    if type(raw) is not str:
        raise BadEntry("string")
    return raw


def _strs(raw: object) -> tuple[str, ...]:
    return tuple(_str(v) for v in _list(raw))


def _int(raw: object) -> int:
    if type(raw) is not int or not 0 <= raw < 2**31:
        raise BadEntry("count")
    return raw


def _float(raw: object) -> float:
    if type(raw) is not float or not math.isfinite(raw):
        raise BadEntry("number")
    return raw


def _number(raw: object) -> float:
    """A grade's lower bound: an int in the default grades, a float from a checklist."""
    if type(raw) is int and abs(raw) < 2**53:
        return raw
    return _float(raw)
