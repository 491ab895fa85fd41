"""Safe YAML loading that keeps where every value was written.

Standards files are written by people, so a mistake must be reported at file:line:col, and a
hostile or broken file must be refused in bounded time and memory. The loader therefore:

- reads at most `MAX_BYTES` (a 50 MB file is refused before it is read), rejects binary and
  non-UTF-8 content with the position of the first bad byte;
- walks libyaml's event stream (CSafeLoader's parser when available) and builds plain Python
  values itself — no constructor runs, so no tag can create objects, dates stay strings and
  mapping keys are their source text;
- counts nodes as it goes, counting an alias as the size of what it names, so an alias bomb
  stops at `MAX_NODES` without ever being expanded (aliased values are shared, not copied);
- reports duplicate mapping keys (PyYAML silently keeps the last one), tabs used for
  indentation, a root that is not a mapping and syntax errors, each with its position;
- records the span of every value and every key by its path (`items/3/points`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from svccheck.catalog.findings import FILE_START, Finding, Span, finding

try:  # libyaml's parser is several times faster than the pure-Python one
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 100_000  # after counting aliases at their full size
MAX_DEPTH = 64

JsonPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_STR, _TIMESTAMP, _MERGE_TAG = f"{_TAG}str", f"{_TAG}timestamp", f"{_TAG}merge"
_MAP, _SEQ = f"{_TAG}map", f"{_TAG}seq"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_CONSTRUCTORS = _CONSTRUCTOR.yaml_constructors


# Where a node was written: libyaml's (start_mark, end_mark), turned into a Span only when a
# finding needs it — most nodes are never reported, and converting would cost every node.
_Marks = tuple[Any, Any]


class YamlDocument:
    """A loaded file: plain data plus where every value and key was written, by path."""

    __slots__ = ("_key_marks", "_marks", "data", "file")

    def __init__(
        self,
        file: str,
        data: Any,
        marks: Mapping[JsonPath, _Marks] | None = None,
        key_marks: Mapping[JsonPath, _Marks] | None = None,
    ) -> None:
        self.file = file
        self.data = data
        self._marks = marks or {}
        self._key_marks = key_marks or {}

    def locate(self, path: str | Sequence[str | int]) -> Span:
        """Span of the value at `path` (`items/3/points` or a tuple); the nearest known
        parent when the path runs into an aliased value or does not exist."""
        steps = _steps(path)
        while steps not in self._marks and steps:
            steps = steps[:-1]
        marks = self._marks.get(steps)
        return _to_span(marks) if marks else FILE_START

    def locate_key(self, path: str | Sequence[str | int]) -> Span:
        """Span of the key that introduces `path` (e.g. a misspelt key); else its value."""
        steps = _steps(path)
        marks = self._key_marks.get(steps)
        return _to_span(marks) if marks else self.locate(steps)

    def where(self, path: str | Sequence[str | int]) -> str:
        """`file:line:col` of the value at `path`, e.g. `standards/teller.yaml:12:13`."""
        span = self.locate(path)
        return f"{self.file}:{span.line}:{span.col}"

    def __repr__(self) -> str:
        return f"YamlDocument({self.file!r})"


def _to_span(marks: _Marks) -> Span:
    start, end = marks
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


class LoadResult(NamedTuple):
    """The document, when one could be read, and what was wrong with the file."""

    document: YamlDocument | None
    findings: tuple[Finding, ...] = ()


def _steps(path: str | Sequence[str | int]) -> JsonPath:
    if isinstance(path, str):
        return tuple(int(p) if p.isdigit() else p for p in path.split("/") if p)
    return tuple(path)


def load_yaml(path: Path, display: str | None = None, *, root: str = "mapping") -> LoadResult:
    """Read and parse one YAML file; never raises for bad content, only reports it.
    `root`: what the top of the file must be, a mapping (standards…) or a list (branches.yaml,
    waivers.yaml)."""
    file = display or str(path)
    try:
        if not path.is_file():
            return _fail("file-unreadable", file, "不是普通文件", "not a regular file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            return _too_large(file, size)
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # the file may grow after stat
    except OSError as error:
        return _fail(
            "file-unreadable",
            file,
            "无法读取：{reason}",
            "cannot be read: {reason}",
            reason=error.strerror or str(error),
        )
    if len(raw) > MAX_BYTES:
        return _too_large(file, len(raw))
    return parse_yaml_bytes(raw, file, root=root)


def parse_yaml_bytes(raw: bytes, file: str, *, root: str = "mapping") -> LoadResult:
    """Decode (UTF-8, optional BOM) and parse; binary or non-UTF-8 content is refused."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _fail(
            "file-encoding",
            file,
            "文件是 UTF-16 编码；请另存为 UTF-8",
            "the file is UTF-16; save it as UTF-8",
        )
    if b"\x00" in raw:
        return _fail(
            "file-binary",
            file,
            "这是二进制文件（含 NUL 字节），不是 YAML 文本",
            "this is a binary file (it contains NUL bytes), not YAML text",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return LoadResult(None, (_encoding_finding(raw, error, file),))
    return parse_yaml(text, file, root=root)


def parse_yaml(text: str, file: str, *, root: str = "mapping") -> LoadResult:
    """Parse YAML text into plain data with positions (see the module docstring)."""
    builder = _Builder(file)
    loader = _Loader(text)
    try:
        builder.run(loader)
    except yaml.MarkedYAMLError as error:
        return LoadResult(None, (*builder.findings, _syntax_finding(text, error, file)))
    except yaml.reader.ReaderError as error:
        span = _span_at(text, error.position)
        return LoadResult(
            None,
            (
                *builder.findings,
                finding(
                    "file-encoding",
                    file,
                    span,
                    "不允许的控制字符 {char}",
                    "control character {char} is not allowed",
                    char=f"U+{error.character:04X}"
                    if isinstance(error.character, int)
                    else repr(error.character),
                ),
            ),
        )
    except yaml.YAMLError as error:  # pragma: no cover - any other parser complaint
        return LoadResult(
            None,
            (
                *builder.findings,
                finding(
                    "yaml-syntax",
                    file,
                    FILE_START,
                    "YAML 语法错误：{problem}",
                    "YAML syntax error: {problem}",
                    problem=str(error),
                ),
            ),
        )
    finally:
        loader.dispose()
    if builder.aborted:
        return LoadResult(None, tuple(builder.findings))
    if not builder.has_root:
        return _fail("file-empty", file, "文件为空（没有任何内容）", "the file is empty")
    if root == "list" and not isinstance(builder.root, list):
        kind = _kind(builder.root)
        return LoadResult(
            None,
            (
                *builder.findings,
                finding(
                    "yaml-not-list",
                    file,
                    _to_span(builder.marks[()]),
                    "文件顶层必须是列表（每项以 - 开头），这里是{found}",
                    "the top of the file must be a list (entries starting with -), "
                    "found {found_en}",
                    found=_KIND_ZH[kind],
                    found_en=_KIND_EN[kind],
                ),
            ),
        )
    if root != "list" and not isinstance(builder.root, dict):
        kind = _kind(builder.root)
        return LoadResult(
            None,
            (
                *builder.findings,
                finding(
                    "yaml-not-mapping",
                    file,
                    _to_span(builder.marks[()]),
                    "文件顶层必须是映射（键: 值），这里是{found}",
                    "the top of the file must be a mapping (key: value), found {found_en}",
                    found=_KIND_ZH[kind],
                    found_en=_KIND_EN[kind],
                ),
            ),
        )
    document = YamlDocument(file, builder.root, builder.marks, builder.key_marks)
    return LoadResult(document, tuple(builder.findings))


# ---------------------------------------------------------------------------- the builder

_MERGE = "<<"  # the path step under which a merge key's value is recorded


class _Frame:
    """A mapping or sequence being built."""

    __slots__ = (
        "anchor",
        "first_node",
        "is_map",
        "key",
        "key_marks",
        "merges",
        "path",
        "start",
        "value",
    )

    def __init__(
        self,
        value: dict[str, Any] | list[Any],
        path: JsonPath,
        start: Any,
        anchor: str | None,
        first_node: int,
    ) -> None:
        self.value = value
        self.is_map = isinstance(value, dict)
        self.path = path
        self.start = start  # the start mark
        self.anchor = anchor
        self.first_node = first_node
        self.key: str | None = None  # a mapping's pending key
        self.key_marks: _Marks | None = None
        self.merges: list[tuple[Any, _Marks]] = []


class _Builder:
    """Turns parser events into plain values, positions and findings, within the limits.

    Written for speed (it handles every node of every file on every run): positions are kept
    as libyaml's marks, and dispatch is on the exact event type.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int] | None] = {}  # None: still being built
        self.marks: dict[JsonPath, _Marks] = {}
        self.key_marks: dict[JsonPath, _Marks] = {}
        self.findings: list[Finding] = []
        self.nodes = 0
        self.documents = 0
        self.root: Any = None
        self.has_root = False
        self.aborted = False

    def run(self, loader: Any) -> None:
        get_event = loader.get_event  # not yaml.parse(): its generator costs a frame per event
        while True:
            event = get_event()
            kind = type(event)
            if kind is ScalarEvent:
                ok = self._scalar(event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                ok = self._start(event, kind is MappingStartEvent)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                ok = self._end(event)
            elif kind is AliasEvent:
                ok = self._alias(event)
            elif kind is DocumentStartEvent:
                ok = self._document(event)
            elif kind is StreamEndEvent:
                return
            else:
                ok = True
            if not ok:
                return

    def _document(self, event: Event) -> bool:
        self.documents += 1
        if self.documents > 1:
            return self._abort(
                "yaml-syntax",
                (event.start_mark, event.end_mark),
                "文件中有多个 YAML 文档（---）；每个文件只能有一个",
                "the file holds more than one YAML document (---); keep one per file",
            )
        return True

    def _scalar(self, event: ScalarEvent) -> bool:
        marks = (event.start_mark, event.end_mark)
        stack = self.stack
        frame = stack[-1] if stack else None
        tag = event.tag
        if tag is None:
            tag = _resolve_plain(event.value) if event.implicit[0] else _STR
        elif tag == "!":
            tag = _STR
        if frame is not None and frame.is_map and frame.key is None:
            if tag == _MERGE_TAG:
                frame.key, frame.key_marks = _MERGE, marks
                return True
            if tag not in _SCALAR_TAGS:
                return self._unsupported_tag(event.tag, marks)
            if event.anchor is not None:
                self.anchors[event.anchor] = (event.value, 1)
            return self._key(frame, event.value, marks)
        if tag in (_STR, _TIMESTAMP):
            value: Any = event.value  # dates stay text: the schema decides what a date is
        elif tag in _SCALAR_TAGS:
            try:
                value = _CONSTRUCTORS[tag](_CONSTRUCTOR, ScalarNode(tag, event.value))
            except (ValueError, yaml.constructor.ConstructorError):
                value = event.value  # e.g. an explicit `!!int abc`: the schema reports it
        else:
            return self._unsupported_tag(event.tag, marks)
        return self._place(value, marks, event.anchor, 1, None)

    def _start(self, event: MappingStartEvent | SequenceStartEvent, is_map: bool) -> bool:
        marks = (event.start_mark, event.end_mark)
        if event.tag not in (None, "!", _MAP if is_map else _SEQ):
            return self._unsupported_tag(event.tag, marks)
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.is_map and frame.key is None:
            return self._abort(
                "yaml-unsupported",
                marks,
                "映射的键必须是普通字符串，不能是列表或映射",
                "a mapping key must be a plain string, not a list or mapping",
            )
        if len(self.stack) >= MAX_DEPTH:
            return self._abort(
                "yaml-alias-bomb",
                marks,
                "嵌套超过 {limit} 层，拒绝读取此文件",
                "nesting is deeper than {limit} levels; the file is refused",
                limit=MAX_DEPTH,
            )
        self.nodes += 1
        if self.nodes > MAX_NODES:
            return self._too_many(marks)
        if frame is None:
            path: JsonPath = ()
        elif frame.is_map:
            path = (*frame.path, frame.key)  # type: ignore[arg-type]
        else:
            path = (*frame.path, len(frame.value))
        if event.anchor is not None:
            self.anchors[event.anchor] = None
        container: dict[str, Any] | list[Any] = {} if is_map else []
        self.stack.append(_Frame(container, path, event.start_mark, event.anchor, self.nodes - 1))
        return True

    def _end(self, event: Event) -> bool:
        frame = self.stack.pop()
        if frame.merges:
            self._apply_merges(frame)
        size = self.nodes - frame.first_node
        self.nodes -= size  # _place counts the finished container again, as a whole
        return self._place(
            frame.value, (frame.start, event.end_mark), frame.anchor, size, frame.path
        )

    def _alias(self, event: AliasEvent) -> bool:
        marks = (event.start_mark, event.end_mark)
        anchor = event.anchor
        if anchor not in self.anchors:
            return self._abort(
                "yaml-syntax", marks, "未定义的别名 *{name}", "undefined alias *{name}", name=anchor
            )
        target = self.anchors[anchor]
        if target is None:
            return self._abort(
                "yaml-unsupported",
                marks,
                "别名 *{name} 引用了它自身（递归）",
                "alias *{name} refers to itself (recursive)",
                name=anchor,
            )
        value, size = target
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.is_map and frame.key is None:
            if not isinstance(value, str):
                return self._abort(
                    "yaml-unsupported",
                    marks,
                    "映射的键必须是普通字符串",
                    "a mapping key must be a plain string",
                )
            return self._key(frame, value, marks)
        # The aliased value is shared, not copied; its size counts towards the node limit.
        return self._place(value, marks, None, size, None)

    def _key(self, frame: _Frame, key: str, marks: _Marks) -> bool:
        if key in frame.value:
            first = _to_span(self.key_marks.get((*frame.path, key), marks))
            self.findings.append(
                finding(
                    "yaml-duplicate-key",
                    self.file,
                    _to_span(marks),
                    "重复的键 '{key}'（第一次出现在第 {line} 行第 {col} 列）；YAML 只保留最后一个",
                    "duplicate key '{key}' (first at line {line}, column {col}); YAML keeps only "
                    "the last one",
                    key=key,
                    line=first.line,
                    col=first.col,
                )
            )
        frame.key, frame.key_marks = key, marks
        return True

    def _place(
        self, value: Any, marks: _Marks, anchor: str | None, size: int, path: JsonPath | None
    ) -> bool:
        """Attach a finished value to its parent (or make it the root)."""
        self.nodes += size
        if self.nodes > MAX_NODES:
            return self._too_many(marks)
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        stack = self.stack
        if not stack:
            self.root, self.has_root = value, True
            self.marks[()] = marks
            return True
        frame = stack[-1]
        if frame.is_map:
            key = frame.key
            frame.key = None
            if key is _MERGE:
                frame.merges.append((value, frame.key_marks or marks))
                return True
            if path is None:
                path = (*frame.path, key)  # type: ignore[arg-type]
            frame.value[key] = value  # type: ignore[index,call-overload]
            self.key_marks[path] = frame.key_marks  # type: ignore[assignment]
        else:
            if path is None:
                path = (*frame.path, len(frame.value))
            frame.value.append(value)  # type: ignore[union-attr]
        self.marks[path] = marks
        return True

    def _apply_merges(self, frame: _Frame) -> None:
        """`<<: *defaults` — keys written in the mapping itself win over merged ones."""
        assert isinstance(frame.value, dict)
        for value, marks in frame.merges:
            sources = value if isinstance(value, list) else [value]
            for source in sources:
                if not isinstance(source, dict):
                    self.findings.append(
                        finding(
                            "yaml-unsupported",
                            self.file,
                            _to_span(marks),
                            "合并键 << 只能合并映射",
                            "the merge key << can only merge mappings",
                        )
                    )
                    continue
                for key, item in source.items():
                    if key not in frame.value:
                        frame.value[key] = item
                        self.key_marks[(*frame.path, key)] = marks
                        self.marks[(*frame.path, key)] = marks

    def _too_many(self, marks: _Marks) -> bool:
        return self._abort(
            "yaml-alias-bomb",
            marks,
            "展开后超过 {limit} 个节点（别名炸弹？），拒绝读取此文件",
            "more than {limit} nodes once aliases are expanded (an alias "
            "bomb?); the file is refused",
            limit=f"{MAX_NODES:,}",
        )

    def _unsupported_tag(self, tag: str | None, marks: _Marks) -> bool:
        return self._abort(
            "yaml-unsupported",
            marks,
            "不支持的 YAML 标签 {tag}",
            "unsupported YAML tag {tag}",
            tag=tag,
        )

    def _abort(self, code: str, marks: _Marks, zh: str, en: str, **values: Any) -> bool:
        self.findings.append(finding(code, self.file, _to_span(marks), zh, en, **values))
        self.aborted = True
        return False


_PLAIN_TAGS: dict[str, str] = {}


def _resolve_plain(value: str) -> str:
    """The tag of a plain scalar. Standards repeat the same few words (minor, daily,
    observe…), so answers are kept; the cache is bounded like the files (MAX_NODES)."""
    tag = _PLAIN_TAGS.get(value)
    if tag is None:
        tag = str(_RESOLVER.resolve(ScalarNode, value, (True, False)))  # type: ignore[no-untyped-call]
        if len(_PLAIN_TAGS) < 10_000:
            _PLAIN_TAGS[value] = tag
    return tag


_KIND_ZH = {
    "list": "列表",
    "text": "一段文本（这是 YAML 文件吗？）",
    "number": "数字",
    "boolean": "布尔值",
    "null": "空值",
    "mapping": "映射",
}
_KIND_EN = {
    "list": "a list",
    "text": "plain text (is this a YAML file?)",
    "number": "a number",
    "boolean": "a boolean",
    "null": "null",
    "mapping": "a mapping",
}


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "mapping"
    return "text"


# ---------------------------------------------------------------------------- file problems


def _fail(code: str, file: str, zh: str, en: str, **values: Any) -> LoadResult:
    return LoadResult(None, (finding(code, file, FILE_START, zh, en, **values),))


def _too_large(file: str, size: int) -> LoadResult:
    return _fail(
        "file-too-large",
        file,
        "文件大小 {size} 字节，超过标准文件的上限 {limit} MB，拒绝读取",
        "the file is {size} bytes, over the {limit} MB limit for a standards file; refused",
        size=f"{size:,}",
        limit=MAX_BYTES // (1024 * 1024),
    )


def _encoding_finding(raw: bytes, error: UnicodeDecodeError, file: str) -> Finding:
    start = error.start
    line_start = raw.rfind(b"\n", 0, start) + 1
    line = raw.count(b"\n", 0, start) + 1
    col = len(raw[line_start:start].decode("utf-8", errors="replace")) + 1
    try:
        raw.decode("gb18030")
        zh_hint, en_hint = "，看起来是 GBK/GB18030 编码", "; it looks like GBK/GB18030"
    except UnicodeDecodeError:
        zh_hint = en_hint = ""
    return finding(
        "file-encoding",
        file,
        Span(line, col, line, col + 1),
        "不是 UTF-8 编码：字节 0x{byte:02X} 无法解码{zh_hint}；请另存为 UTF-8",
        "not UTF-8: byte 0x{byte:02X} cannot be decoded{en_hint}; save the file as UTF-8",
        byte=raw[start],
        zh_hint=zh_hint,
        en_hint=en_hint,
    )


def _syntax_finding(text: str, error: yaml.MarkedYAMLError, file: str) -> Finding:
    tab = _first_tab_indent(text)
    if tab is not None:
        return finding(
            "yaml-tab",
            file,
            Span(tab[0], tab[1], tab[0], tab[1] + 1),
            "用制表符（Tab）缩进；YAML 只能用空格缩进",
            "a tab is used for indentation; YAML indents with spaces only",
        )
    mark = error.problem_mark
    span = (
        Span(mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 2)
        if mark is not None
        else FILE_START
    )
    problem = (error.problem or str(error)).strip()
    if error.context:
        where = error.context_mark
        started = f" at line {where.line + 1}, column {where.column + 1}" if where else ""
        problem = f"{problem} ({error.context.strip()}{started})"
    return finding(
        "yaml-syntax",
        file,
        span,
        "YAML 语法错误：{problem}",
        "YAML syntax error: {problem}",
        problem=problem,
    )


def _first_tab_indent(text: str) -> tuple[int, int] | None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return number, indent.index("\t") + 1
    return None


def _span_at(text: str, position: int) -> Span:
    line = text.count("\n", 0, position) + 1
    col = position - (text.rfind("\n", 0, position) + 1) + 1
    return Span(line, col, line, col + 1)
