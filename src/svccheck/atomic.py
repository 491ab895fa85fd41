"""Write output files atomically: a reader never sees a half-written report or form."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes | str, encoding: str = "utf-8") -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place."""
    path = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    if path.exists() and not path.is_file():
        # /dev/null, /dev/stdout, a named pipe: renaming over them would replace the device
        with path.open("wb") as stream:
            stream.write(payload)
        return
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        # mkstemp creates 0600; a report or form is an ordinary file (0666 less the umask).
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
