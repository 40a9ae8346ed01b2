"""Small helpers for writing outputs atomically and deterministically."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 text atomically (newlines are written as given)."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def dumps_json(data: Any, *, indent: int | None = 2) -> str:
    """Serialise with the project's conventions: UTF-8 text, sorted keys, trailing newline."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=indent) + "\n"


def dumps_jsonl(rows: Iterable[Any]) -> str:
    """Serialise one compact JSON object per line, keys in the order given."""
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
