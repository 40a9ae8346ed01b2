"""On-disk cache of slow, deterministic text work, keyed by content hash.

Files live under `<cache dir>/segment/`. Each is one blob: a magic line, the SHA-256 of the
payload, then the payload (marshal data: fast to load, and the key includes the Python version
whose marshal format wrote it). A blob whose checksum or structure does not match is treated as
missing and rewritten; it is never an error. Writes go through a temporary file and a rename.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from pathlib import Path
from typing import Any

from kamlit.io import atomic_write_bytes

_MAGIC = b"kamlit-cache-1\n"
_DIGEST = 32


def cache_folder(cache_dir: Path) -> Path:
    """Return the folder segmentation blobs live in."""
    return Path(cache_dir) / "segment"


def read_blob(path: Path) -> Any | None:
    """Return the data stored at `path`, or None when it is missing, unreadable or corrupt."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC)
    if len(data) < head + _DIGEST or not data.startswith(_MAGIC):
        return None
    digest, payload = data[head : head + _DIGEST], data[head + _DIGEST :]
    if hashlib.sha256(payload).digest() != digest:
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


def write_blob(path: Path, value: Any) -> bool:
    """Store `value` (marshal-able) at `path` atomically; return False when it cannot be written.

    A cache that cannot be written (read-only disk, full disk) only costs speed, so the error
    is swallowed here rather than failing the analysis.
    """
    payload = marshal.dumps(value)
    try:
        atomic_write_bytes(path, _MAGIC + hashlib.sha256(payload).digest() + payload)
    except OSError:
        return False
    return True


def runtime_tag() -> str:
    """Return the part of every cache key that names the Python that wrote the blob."""
    return f"py{sys.version_info[0]}.{sys.version_info[1]}-marshal{marshal.version}"
