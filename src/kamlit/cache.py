"""kamlit's one on-disk cache: keys, checked blobs, stage folders.

Everything slow and deterministic is kept under the cache folder (`cache.dir`, by default
$KAMLIT_CACHE_DIR, else $XDG_CACHE_HOME/kamlit, else ~/.cache/kamlit):

- `segment/`: segmentations (`corpus-<key>.bin`), and facts about the installed packages that
  hold no input (jieba's dictionary as a look-up table, whether rjieba cuts as jieba does);
- `topics/`: evaluated K candidates of the topic models (see kamlit.topics.cache);
- `stages/<stage>/<key>/`: the output folders of `kamlit run`'s analysis stages. Their key
  also holds a fingerprint of kamlit's own files (code, lexicons, templates), so a stage
  folder written by other code (an upgrade, a checkout of another commit under
  `pip install -e .`) is never restored as if it were this code's result.

Every key comes from `cache_key(kind, *parts)`: a SHA-256 over a canonical, type-tagged byte
encoding of the kind, kamlit's version, the runtime tag and the parts, so it is the same in
every process whatever PYTHONHASHSEED. A blob is a magic line, the SHA-256 of its payload,
then the payload (marshal data: fast to load; the runtime tag names the marshal format). A
stage folder carries `.complete`, written last: the size and SHA-256 of every file of the
entry and a checksum of that list. Nothing is trusted as it is:

- a blob whose checksum or structure does not match, or a stage entry with a missing, extra,
  changed or truncated file (or a folder where a file should be, or the reverse) is discarded
  with a `CacheWarning` and recomputed, never an error;
- writes go through uniquely named temporary files and folders (one per process and call) and
  are published by a rename, so concurrent runs sharing one cache never see each other's half
  entries; when two publish the same entry, the first one stays;
- a cache that cannot be read or written (read-only, full, a file in the way) only costs
  speed.

With `cache.enabled = false` (`--no-cache`) nothing is read from or written to the cache folder.
"""

from __future__ import annotations

import functools
import hashlib
import json
import marshal
import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kamlit.io import atomic_write_bytes
from kamlit.version import __version__

if TYPE_CHECKING:
    from kamlit.settings import Settings

_MAGIC = b"kamlit-cache-1\n"
_DIGEST = 32
_KEY_FORMAT = b"kamlit-cache-key-1\0"

# The settings sections each cached stage reads; a change elsewhere leaves its cache valid.
STAGE_SETTINGS: dict[str, tuple[str, ...]] = {
    "terms": ("ingest", "segment", "sectors"),
    # topics and graph write pages and figures: their language and figure format count too.
    "topics": ("ingest", "segment", "sectors", "topics", "report"),
    "graph": ("ingest", "segment", "sectors", "graph", "report"),
    "digests": ("ingest", "segment", "sectors", "summarize"),
}


class CacheWarning(UserWarning):
    """A cache entry was damaged and is discarded; the result is computed afresh."""


def _warn(message: str) -> None:
    warnings.warn(CacheWarning(message), stacklevel=3)


def _discard(path: Path) -> None:
    """Remove a damaged entry (file or folder); a concurrent removal or a read-only cache is fine.

    A folder is renamed to a unique name first, so no other process finds it half-deleted
    under its key.
    """
    try:
        if path.is_dir() and not path.is_symlink():
            trash = path.with_name(f".{path.name}.bad-{os.getpid()}-{os.urandom(4).hex()}")
            path.rename(trash)
            shutil.rmtree(trash, ignore_errors=True)
        else:
            path.unlink()
    except OSError:
        pass


def _clear_blockers(root: Path, folder: Path) -> None:
    """Remove files standing where `folder` or one of its parents below `root` should be."""
    for part in [*reversed(folder.relative_to(root).parents), folder.relative_to(root)]:
        here = root / part
        if here != root and (here.is_symlink() or here.exists()) and not here.is_dir():
            _warn(f"cache: {here} is not a folder; removed")
            _discard(here)


# --------------------------------------------------------------------------- keys


def runtime_tag() -> str:
    """Return the part of every cache key that names the Python that wrote the blob."""
    return f"py{sys.version_info[0]}.{sys.version_info[1]}-marshal{marshal.version}"


def cache_key(kind: str, *parts: object) -> str:
    """Return the hex SHA-256 key of `parts` for a cache of `kind`.

    The parts may be None, bool, int, float, str, bytes, lists and tuples of these, mappings
    with string keys (order does not matter), and arrays with `dtype`, `shape` and `tobytes`
    (numpy's). The encoding is canonical and tagged by type, so `1`, `1.0`, `"1"` and `[1]`
    give different keys, and no two different inputs share one encoding. kamlit's version and
    the runtime tag are always part of the key.
    """
    digest = hashlib.sha256(_KEY_FORMAT)
    for chunk in _encode([kind, __version__, runtime_tag(), list(parts)]):
        digest.update(chunk)
    return digest.hexdigest()


def _length(n: int) -> bytes:
    return n.to_bytes(8, "little")


def _encode(value: object) -> Iterator[bytes]:
    """Yield the canonical bytes of `value` (see `cache_key`)."""
    # The most frequent types first: a topic key encodes one token list per document.
    if isinstance(value, str):
        data = value.encode("utf-8", "surrogatepass")
        yield b"s" + _length(len(data)) + data
    elif isinstance(value, (list, tuple)):
        yield from _encode_sequence(value)
    elif value is None:
        yield b"N"
    elif isinstance(value, bool):
        yield b"T" if value else b"F"
    elif isinstance(value, int):
        text = str(value).encode()
        yield b"i" + _length(len(text)) + text
    elif isinstance(value, float):
        text = value.hex().encode()  # exact, and the same for every platform
        yield b"f" + _length(len(text)) + text
    elif isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        yield b"b" + _length(len(data)) + data
    elif isinstance(value, Mapping):
        keys = list(value)
        if not all(isinstance(k, str) for k in keys):
            raise TypeError("cache_key: mapping keys must be strings")
        yield b"d" + _length(len(keys))
        for k in sorted(keys):
            yield from _encode(k)
            yield from _encode(value[k])
    elif hasattr(value, "dtype") and hasattr(value, "shape") and hasattr(value, "tobytes"):
        yield b"a"
        yield from _encode(str(value.dtype.str))
        yield from _encode([int(n) for n in value.shape])
        yield from _encode(value.tobytes(order="C"))
    else:
        raise TypeError(f"cache_key: cannot encode a {type(value).__name__}")


def _encode_sequence(items: list[Any] | tuple[Any, ...]) -> Iterator[bytes]:
    # A sequence of strings (token lists, abstracts) is encoded in one piece: joined by NUL
    # when no item holds one, which the count makes unambiguous. Same meaning, far fewer calls.
    if items and isinstance(items[0], str):
        try:
            joined = "\0".join(items)
        except TypeError:  # not all strings
            joined = None
        if joined is not None and joined.count("\0") == len(items) - 1:
            data = joined.encode("utf-8", "surrogatepass")
            yield b"j" + _length(len(items)) + _length(len(data)) + data
            return
    yield b"l" + _length(len(items))
    for item in items:
        yield from _encode(item)


# --------------------------------------------------------------------------- blobs


def cache_folder(cache_dir: Path) -> Path:
    """Return the folder segmentation blobs (and package facts) live in."""
    return Path(cache_dir) / "segment"


def blob_path(cache_dir: Path, kind: str, key: str, *, prefix: str = "") -> Path:
    """Where the blob of `key` lives: `<cache dir>/<kind>/<prefix><key>.bin`."""
    return Path(cache_dir) / kind / f"{prefix}{key}.bin"


def read_blob(path: Path) -> Any | None:
    """Return the data stored at `path`, or None when it is missing, unreadable or corrupt.

    A corrupt blob (bad magic, checksum or structure, or a folder in its place) is removed
    with a `CacheWarning`.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        _warn(f"cache: {path} is a folder, not a cache entry; removed")
        shutil.rmtree(path, ignore_errors=True)
        return None
    except OSError:
        return None
    head = len(_MAGIC)
    value: Any = None
    if len(data) >= head + _DIGEST and data.startswith(_MAGIC):
        digest, payload = data[head : head + _DIGEST], data[head + _DIGEST :]
        if hashlib.sha256(payload).digest() == digest:
            try:
                return marshal.loads(payload)
            except (EOFError, ValueError, TypeError):
                value = None
    _warn(f"cache: damaged entry {path} discarded; computing it afresh")
    _discard(path)
    return value


def write_blob(path: Path, value: Any) -> bool:
    """Store `value` (marshal-able) at `path` atomically; return False when it cannot be written.

    A cache that cannot be written (read-only disk, full disk) only costs speed, so the error
    is swallowed here rather than failing the analysis.
    """
    payload = marshal.dumps(value)
    try:
        if path.parent.exists() and not path.parent.is_dir():
            _warn(f"cache: {path.parent} is not a folder; removed")
            _discard(path.parent)
        atomic_write_bytes(path, _MAGIC + hashlib.sha256(payload).digest() + payload)
    except OSError:
        return False
    return True


# --------------------------------------------------------------------------- stage folders


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_MARKER = ".complete"
_MARKER_FORMAT = "kamlit-stage-entry-1"


def _older_format(entry: Path) -> bool:
    """Whether `entry` was stored by a kamlit before entries were checksummed (empty marker):
    replaced without a warning, as it is not damaged."""
    try:
        return (entry / _MARKER).stat().st_size == 0
    except OSError:
        return False


def _files_checksum(files: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()


class StageCache:
    """Stage outputs stored by key under `<cache>/stages/<stage>/<key>/`, verified and copied
    on a hit (see the module docstring for what is checked)."""

    def __init__(self, root: Path, *, enabled: bool = True) -> None:
        self.base = Path(root)
        self.root = self.base / "stages"
        self.enabled = enabled

    def restore(self, stage: str, key: str, target: Path) -> bool:
        """Copy a verified entry into `target`; return False on a miss (or a disabled cache).

        A damaged entry is discarded with a `CacheWarning` and counts as a miss.
        """
        if not self.enabled:
            return False
        source = self.root / stage / key
        try:
            if not (source.exists() or source.is_symlink()):
                return False
            files = self._verified(source)
        except OSError:
            return False  # unreadable: costs speed only
        if files is None:
            if not _older_format(source):
                _warn(f"cache: damaged {stage} entry {source} discarded; computing it afresh")
            _discard(source)
            return False
        if target.exists():
            shutil.rmtree(target)
        for name, data in files.items():
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if not files:
            target.mkdir(parents=True, exist_ok=True)
        return True

    def _verified(self, source: Path) -> dict[str, bytes] | None:
        """The entry's files (relative name -> bytes) when every check passes, else None."""
        if source.is_symlink() or not source.is_dir():
            return None
        try:
            marker = json.loads((source / _MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(marker, dict) or marker.get("format") != _MARKER_FORMAT:
            return None
        listed = marker.get("files")
        if not isinstance(listed, dict) or marker.get("checksum") != _files_checksum(listed):
            return None
        present = {
            p.relative_to(source).as_posix()
            for p in source.rglob("*")
            if p.is_symlink() or not p.is_dir()
        }
        if present != set(listed) | {_MARKER}:
            return None
        files: dict[str, bytes] = {}
        for name in sorted(listed):
            path = source / name
            if path.is_symlink():
                return None
            data = path.read_bytes()
            if [len(data), hashlib.sha256(data).hexdigest()] != listed[name]:
                return None
            files[name] = data
        return files

    def store(self, stage: str, key: str, source: Path) -> None:
        """Save a stage's output folder: built under a unique temporary name, `.complete`
        written last, published by a rename (an entry another process published first stays).
        An unwritable cache costs speed only."""
        if not self.enabled:
            return
        folder = self.root / stage
        target = folder / key
        tmp: Path | None = None
        try:
            _clear_blockers(self.base, folder)
            folder.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{key}.", suffix=".tmp", dir=folder))
            listed: dict[str, list[Any]] = {}
            for path in sorted(source.rglob("*")):
                if path.is_dir():
                    continue
                name = path.relative_to(source).as_posix()
                data = path.read_bytes()
                copy = tmp / name
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_bytes(data)
                listed[name] = [len(data), hashlib.sha256(data).hexdigest()]
            marker = {
                "format": _MARKER_FORMAT,
                "files": listed,
                "checksum": _files_checksum(listed),
            }
            (tmp / _MARKER).write_text(json.dumps(marker, sort_keys=True), encoding="utf-8")
            if (target.exists() or target.is_symlink()) and not target.is_dir():
                _discard(target)
            try:
                tmp.rename(target)
                tmp = None
            except OSError:
                pass  # published by another process meanwhile: theirs stays
        except OSError:
            pass  # an unwritable or full cache costs speed only
        finally:
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)


def stage_key(stage: str, *, records_hash: str, settings: Settings, vers: Mapping[str, str]) -> str:
    """The cache key of a stage: records, the settings it reads (and the content of files they
    name), seed, versions."""
    from kamlit.settings import settings_to_dict

    data = settings_to_dict(settings)
    sections = {name: data[name] for name in STAGE_SETTINGS[stage]}
    files = {p: sha256_file(Path(p)) for p in sorted(_named_files(sections))}
    return cache_key(
        "stage", stage, records_hash, settings.seed, sections, files, dict(vers), code_fingerprint()
    )


@functools.cache
def code_fingerprint() -> str:
    """SHA-256 over the path and content of every file of the installed kamlit package (its
    code, lexicons, templates and scripts; not bytecode): what produced a cached stage."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    files = sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        name = path.relative_to(package).as_posix().encode()
        data = path.read_bytes()
        digest.update(_length(len(name)) + name + _length(len(data)))
        digest.update(data)
    return digest.hexdigest()


def _named_files(data: Any) -> Iterator[str]:
    """Every string in the settings that names an existing file (user lexicons, cue lists)."""
    if isinstance(data, Mapping):
        for value in data.values():
            yield from _named_files(value)
    elif isinstance(data, (list, tuple)):
        for value in data:
            yield from _named_files(value)
    elif isinstance(data, str) and data and Path(data).is_file():
        yield data
