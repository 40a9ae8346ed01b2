"""kamlit's one on-disk cache: keys, checked blobs, stage folders.

Everything slow and deterministic is kept under the cache folder (`cache.dir`, by default
$KAMLIT_CACHE_DIR, else $XDG_CACHE_HOME/kamlit, else ~/.cache/kamlit):

- `segment/`: segmentations (`corpus-<key>.bin`), and facts about the installed packages that
  hold no input (jieba's dictionary as a look-up table, whether rjieba cuts as jieba does);
- `topics/`: evaluated K candidates of the topic models (see kamlit.topics.cache);
- `stages/<stage>/<key>/`: the output folders of `kamlit run`'s analysis stages.

Every key comes from `cache_key(kind, *parts)`: a SHA-256 over a canonical, type-tagged byte
encoding of the kind, kamlit's version, the runtime tag and the parts, so it is the same in
every process whatever PYTHONHASHSEED. A blob is a magic line, the SHA-256 of its payload,
then the payload (marshal data: fast to load; the runtime tag names the marshal format); a
blob whose checksum or structure does not match is treated as missing and rewritten, never an
error. Writes go through a temporary file and a rename.

With `cache.enabled = false` no stage reads or writes any of this except the package facts.
"""

from __future__ import annotations

import hashlib
import marshal
import shutil
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kamlit import __version__
from kamlit.io import atomic_write_bytes

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


# --------------------------------------------------------------------------- stage folders


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class StageCache:
    """Stage outputs stored by key under `<cache>/stages/<stage>/<key>/`, copied on a hit."""

    def __init__(self, root: Path, *, enabled: bool = True) -> None:
        self.root = root / "stages"
        self.enabled = enabled

    def restore(self, stage: str, key: str, target: Path) -> bool:
        """Copy cached outputs into `target`; return False on a miss (or a disabled cache)."""
        if not self.enabled:
            return False
        source = self.root / stage / key
        if not (source / ".complete").is_file():
            return False
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(".complete"))
        return True

    def store(self, stage: str, key: str, source: Path) -> None:
        """Save a stage's output folder; the marker goes last, so a half entry is never used."""
        if not self.enabled:
            return
        target = self.root / stage / key
        tmp = target.with_name(target.name + ".tmp")
        try:
            shutil.rmtree(tmp, ignore_errors=True)
            shutil.copytree(source, tmp)
            (tmp / ".complete").write_text("", encoding="utf-8")
            shutil.rmtree(target, ignore_errors=True)
            tmp.replace(target)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)  # an unwritable cache costs speed only


def stage_key(stage: str, *, records_hash: str, settings: Settings, vers: Mapping[str, str]) -> str:
    """The cache key of a stage: records, the settings it reads (and the content of files they
    name), seed, versions."""
    from kamlit.settings import settings_to_dict

    data = settings_to_dict(settings)
    sections = {name: data[name] for name in STAGE_SETTINGS[stage]}
    files = {p: sha256_file(Path(p)) for p in sorted(_named_files(sections))}
    return cache_key("stage", stage, records_hash, settings.seed, sections, files, dict(vers))


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
