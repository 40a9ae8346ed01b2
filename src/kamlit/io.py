"""Small helpers for writing outputs atomically, safely and deterministically.

Every file kamlit writes goes through `atomic_write_bytes`:

- the bytes go to a temporary file with a unique name in the target's folder, are flushed and
  fsync'ed, then renamed over the target, so a reader sees the old file or the new one, never
  a part; a failed write or flush removes the temporary file and raises `OutputError` (one
  line: the path and the reason, e.g. "No space left on device");
- only regular files are written: a target that exists and is anything else (a device such
  as /dev/full, a folder, a pipe) is refused with `OutputError`;
- a symbolic link is followed: the file it points to is replaced and the link stays a link;
- the new file gets the mode an ordinary `open()` would give (0o666 minus the umask, so 0644
  under umask 022), or keeps the mode of the regular file it replaces.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kamlit.errors import OutputError, message, os_reason


def current_umask() -> int:
    """Return the process umask without changing it (Linux reads /proc; elsewhere a swap)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def writable_target(path: str | Path) -> Path:
    """Return the regular file a write to `path` replaces: symlinks followed, anything that
    exists and is not a regular file refused with `OutputError`."""
    target = Path(os.path.realpath(path))
    try:
        info = target.stat()
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise OutputError(message("error.cannot_write", reason=os_reason(exc)), path=path) from exc
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "error.output_is_folder" if stat.S_ISDIR(info.st_mode) else "error.output_not_regular"
        )
        raise OutputError(message(kind), path=path)
    return target


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` through a uniquely named temporary file and a rename.

    Returns `path`. Raises `OutputError` (an OSError too) when it cannot be written; nothing
    partial is left behind.
    """
    given = Path(path)
    target = writable_target(given)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = 0o666 & ~current_umask()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(message("error.cannot_write", reason=os_reason(exc)), path=given) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(
                message("error.cannot_write", reason=os_reason(exc)), path=given
            ) from exc
        raise
    return given


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 text atomically (newlines are written as given)."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def dumps_json(data: Any, *, indent: int | None = 2) -> str:
    """Serialise with the project's conventions: UTF-8 text, sorted keys, trailing newline."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=indent) + "\n"


def dumps_jsonl(rows: Iterable[Any]) -> str:
    """Serialise one compact JSON object per line, keys in the order given."""
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
