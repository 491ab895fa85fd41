"""Write output files safely: never over an input, never half-written, errors naming the path.

Two rules live here, for every command that writes a file:
- `check_output` is run before anything is read or written: the output path, resolved (links
  followed), must not be any input of the run — a sheet, a file inside a folder being read (or
  a file that would be read from it next time), the standards, the SQLite ledger.
- `write_atomic` writes a temporary file beside the target and renames it into place, so a
  reader never sees a half-written report or form and a failed write leaves nothing behind.
  Its errors name the user's path and the cause ("No space left on device"), never the
  temporary file.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from svccheck.errors import OutputError
from svccheck.i18n import tr


@dataclass(frozen=True, slots=True)
class ReadPath:
    """A path a command reads: a file, or a folder from which it reads the files whose names
    end in one of `suffixes` (every file when empty)."""

    path: Path
    suffixes: tuple[str, ...] = ()


def check_output(output: Path, inputs: Iterable[ReadPath], lang: str = "en") -> None:
    """Raise OutputError when writing `output` would replace or add to what this run reads,
    or when the system refuses even to look at it (a name too long, a folder not allowed)."""
    output = Path(output)
    try:
        _check_output(output, inputs, lang)
    except OSError as error:
        raise _cannot_write(output, error, lang) from error


def _check_output(output: Path, inputs: Iterable[ReadPath], lang: str) -> None:
    """`check_output`'s rule; an OSError from looking at a path is the caller's."""
    if output.is_dir():
        raise OutputError(
            tr(
                lang,
                "无法写入 {path}：这是一个文件夹",
                "cannot write {path}: it is a folder",
                path=output,
            )
        )
    if output.exists() and not output.is_file():
        return  # /dev/null, /dev/stdout, a pipe: written through, nothing is replaced
    target = Path(os.path.realpath(output))
    same = _identity(output)
    for read in inputs:
        source = Path(os.path.realpath(read.path))
        if source.is_dir():
            hit = _read_from_folder(target, same, read, source)
        else:
            hit = source == target or (same is not None and same == _identity(source))
        if not hit:
            continue
        if source.is_dir():
            raise OutputError(
                tr(
                    lang,
                    "拒绝写入 {path}：它位于本次读取的文件夹 {input} 中，会被当作输入读取；"
                    "请另选输出文件",
                    "refusing to write {path}: it lies in {input}, a folder this run reads, "
                    "and would be read as an input; choose another output file",
                    path=output,
                    input=read.path,
                )
            )
        raise OutputError(
            tr(
                lang,
                "拒绝写入 {path}：它是本次运行的输入（{input}），写入会覆盖它；请另选输出文件",
                "refusing to write {path}: it is an input of this run ({input}) and would be "
                "replaced; choose another output file",
                path=output,
                input=read.path,
            )
        )


def _read_from_folder(
    target: Path, same: tuple[int, int] | None, read: ReadPath, folder: Path
) -> bool:
    """Whether `target` is, or would become, a file read from `folder`."""

    def wanted(path: Path) -> bool:
        return not read.suffixes or path.suffix.lower() in read.suffixes

    if target.is_relative_to(folder) and wanted(target):
        return True
    # A link in the folder may point at a file elsewhere: that file is read too.
    for path in folder.rglob("*"):
        if path.is_symlink() and wanted(path):
            if Path(os.path.realpath(path)) == target:
                return True
            if same is not None and _identity(path) == same:
                return True
    return False


def _identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of an existing file, following links: hard links share it."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)


def write_atomic(
    path: Path, data: bytes | str, encoding: str = "utf-8", *, lang: str = "en"
) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place.

    Raises OutputError naming `path` and the cause; on failure no file is left behind and an
    existing `path` is unchanged.
    """
    from svccheck.pathtext import document_text

    path = Path(path)
    # a file name that is not UTF-8 among the data is written as text, never a traceback
    payload = document_text(data).encode(encoding) if isinstance(data, str) else data
    try:
        _write(path, payload, lang)
    except BrokenPipeError:
        raise  # the reader went away (`-o /dev/stdout | head`): not an error
    except OSError as error:  # looking at the path failed: a name too long, no permission
        raise _cannot_write(path, error, lang) from error


def _write(path: Path, payload: bytes, lang: str) -> None:
    """`write_atomic`'s work; an OSError from merely looking at `path` is the caller's."""
    if path.is_dir():
        raise OutputError(
            tr(
                lang,
                "无法写入 {path}：这是一个文件夹",
                "cannot write {path}: it is a folder",
                path=path,
            )
        )
    if path.exists() and not path.is_file():
        # /dev/null, /dev/stdout, a named pipe: renaming over them would replace the device
        try:
            with path.open("wb") as stream:
                stream.write(payload)
        except BrokenPipeError:
            raise  # the reader went away (`-o /dev/stdout | head`): not an error
        except OSError as error:
            raise _cannot_write(path, error, lang) from error
        return
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(
            tr(
                lang,
                "无法写入 {path}：文件夹 {folder} 不存在",
                "cannot write {path}: folder {folder} does not exist",
                path=path,
                folder=directory,
            )
        )
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise _cannot_write(path, error, lang) from error
    try:
        # mkstemp creates 0600; a report or form is an ordinary file (0666 less the umask).
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _cannot_write(path, error, lang) from error
        raise


def _cannot_write(path: Path, error: OSError, lang: str) -> OutputError:
    """The error for a failed write: the user's path and the system's reason, not the
    temporary file's name (an OSError's text names whichever file the call was given)."""
    cause = os_reason(error, lang)
    return OutputError(
        tr(lang, "无法写入 {path}：{cause}", "cannot write {path}: {cause}", path=path, cause=cause)
    )


# The system's reasons a write fails, in Chinese: the C library's text is English whatever the
# language asked for. Any other reason is shown as the system gives it.
_REASONS_ZH = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EFBIG: "文件过大",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许此操作",
    errno.EROFS: "只读的文件系统",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.ELOOP: "符号链接循环",
    errno.EIO: "输入输出错误",
}


def os_reason(error: OSError, lang: str) -> str:
    """Why the system refused (`error.strerror`, "No space left on device"), in `lang`;
    never the raw `[Errno 28] …: '<the temporary file>'`."""
    english = error.strerror or type(error).__name__
    if lang == "zh" and error.errno in _REASONS_ZH:
        return _REASONS_ZH[error.errno]
    return english


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
