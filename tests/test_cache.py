"""The one cache module: canonical keys, checked blobs, stage folders, and `cache.enabled`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from conftest import CORPUS, ROOT
from kamlit import cache as cache_module
from kamlit.cache import (
    CacheWarning,
    StageCache,
    blob_path,
    cache_key,
    read_blob,
    runtime_tag,
    write_blob,
)
from kamlit.cli import app
from kamlit.pipeline import run_pipeline
from kamlit.settings import CacheSettings, Settings

runner = CliRunner()

SNIPPET = """
import numpy as np
from kamlit.cache import cache_key
print(cache_key("probe", 1, 1.5, "大客户", None, True, b"x", [("a", "b"), ["c"]],
                {"z": 1, "a": [2.0]}, np.arange(6, dtype="<i4").reshape(2, 3)))
"""


def _probe_in_process() -> str:
    return cache_key(
        "probe",
        1,
        1.5,
        "大客户",
        None,
        True,
        b"x",
        [("a", "b"), ["c"]],
        {"z": 1, "a": [2.0]},
        np.arange(6, dtype="<i4").reshape(2, 3),
    )


def test_key_is_the_same_in_every_process_whatever_the_hash_seed() -> None:
    keys = set()
    for seed in ("0", "1", "12345", "random"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT / "src"))
        out = subprocess.run(
            [sys.executable, "-c", SNIPPET], capture_output=True, text=True, env=env, check=True
        )
        keys.add(out.stdout.strip())
    assert keys == {_probe_in_process()}
    (key,) = keys
    assert len(key) == 64 and int(key, 16) >= 0


def test_key_encoding_is_typed_and_unambiguous() -> None:
    values: list[object] = [
        1,
        1.0,
        "1",
        b"1",
        [1],
        (1,),
        True,
        None,
        "",
        [],
        {},
        ["a", "b"],
        ["a\0b"],
        ["ab"],
        [["a"], ["b"]],
        [["a", "b"]],
        np.array([1], dtype="<i4"),
        np.array([1], dtype="<i8"),
        np.array([[1]], dtype="<i4"),
    ]
    keys = [cache_key("k", v) for v in values]
    # list and tuple mean the same (a sequence); every other pair differs.
    assert keys[4] == keys[5]
    assert len(set(keys)) == len(values) - 1
    assert cache_key("k", "a", "b") != cache_key("k", "ab") != cache_key("k", ["a", "b"])
    assert cache_key("k", {"a": 1, "b": 2}) == cache_key("k", {"b": 2, "a": 1})
    assert cache_key("k", 1) != cache_key("other", 1)


def test_strings_with_nul_fall_back_to_item_by_item() -> None:
    assert cache_key("k", ["a\0", "b"]) != cache_key("k", ["a", "\0b"])
    assert cache_key("k", ["a\0", "b"]) == cache_key("k", ("a\0", "b"))


def test_key_includes_version_and_runtime(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache_key("k", 1)
    monkeypatch.setattr(cache_module, "__version__", "99.0")
    assert cache_key("k", 1) != before
    monkeypatch.undo()
    monkeypatch.setattr(cache_module, "runtime_tag", lambda: "py0.0-marshal0")
    assert cache_key("k", 1) != before
    assert runtime_tag().startswith(f"py{sys.version_info[0]}.{sys.version_info[1]}-marshal")


def test_unsupported_values_are_refused() -> None:
    with pytest.raises(TypeError, match="set"):
        cache_key("k", {1, 2})
    with pytest.raises(TypeError, match="keys must be strings"):
        cache_key("k", {1: "a"})


def test_blobs_round_trip_and_bad_blobs_read_as_missing(tmp_path: Path) -> None:
    path = blob_path(tmp_path, "things", "abc", prefix="x-")
    assert path == tmp_path / "things" / "x-abc.bin"
    assert read_blob(path) is None
    assert write_blob(path, {"a": [1, 2], "b": "大客户"})
    assert read_blob(path) == {"a": [1, 2], "b": "大客户"}
    data = path.read_bytes()
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    with pytest.warns(CacheWarning, match="damaged entry"):
        assert read_blob(path) is None  # checksum mismatch
    assert not path.exists()  # discarded
    path.write_bytes(b"not a blob")
    with pytest.warns(CacheWarning, match="damaged entry"):
        assert read_blob(path) is None
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    assert write_blob(blocker / "sub" / "x.bin", 1) is False  # unwritable: speed only


def test_old_import_path_still_works() -> None:
    from kamlit.text import cache as text_cache

    assert text_cache.read_blob is read_blob and text_cache.write_blob is write_blob


def test_stage_cache_round_trip_and_disabled(tmp_path: Path) -> None:
    source = tmp_path / "out"
    source.mkdir()
    (source / "a.json").write_text("{}", encoding="utf-8")
    on = StageCache(tmp_path / "cache")
    assert not on.restore("terms", "k1", tmp_path / "t0")
    on.store("terms", "k1", source)
    assert on.restore("terms", "k1", tmp_path / "t1")
    assert sorted(p.name for p in (tmp_path / "t1").iterdir()) == ["a.json"]
    off = StageCache(tmp_path / "cache", enabled=False)
    assert not off.restore("terms", "k1", tmp_path / "t2")
    off.store("terms", "k2", source)
    assert not (tmp_path / "cache" / "stages" / "terms" / "k2").exists()
    assert not (tmp_path / "t2").exists()


# --------------------------------------------------------------------------- cache.enabled


_OPENED: list[str] | None = None


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _OPENED is not None and event in ("open", "os.scandir", "os.listdir") and args:
        path = args[0]
        if isinstance(path, (str, bytes, os.PathLike)):
            _OPENED.append(os.path.abspath(os.fsdecode(path)))


sys.addaudithook(_audit)


@contextmanager
def _watch_opens() -> Iterator[list[str]]:
    global _OPENED
    _OPENED = []
    try:
        yield _OPENED
    finally:
        _OPENED = None


def _package_fact(path: Path) -> bool:
    """Files that describe the installed packages, not any input: kept with the cache off."""
    return path.parent.name == "segment" and path.name.startswith(("jieba", "parity-"))


def _snapshot(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file()
    }


def _results_touched(cache: Path, opened: list[str]) -> list[str]:
    root = str(cache.resolve())
    return sorted(
        {
            p
            for p in opened
            if (p == root or p.startswith(root + os.sep)) and not _package_fact(Path(p))
        }
        - {root}
    )


def test_cache_disabled_is_honoured_by_every_stage_of_a_run(run_dir: Path, tmp_path: Path) -> None:
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    cache = Path(manifest["settings"]["cache"]["dir"])
    before = _snapshot(cache)
    # The shared run filled this cache: segmentation, sector bounds, topic fits, every stage.
    kinds = {name.split("/")[0] for name in before}
    assert {"segment", "topics", "stages"} <= kinds
    settings = Settings(cache=CacheSettings(dir=str(cache), enabled=False))
    with _watch_opens() as opened:
        result = run_pipeline([CORPUS], settings=settings, out_dir=tmp_path / "out")
    assert not any(t.cached for t in result.timings)
    assert _results_touched(cache, opened) == []
    assert _snapshot(cache) == before  # nothing stored or rewritten
    assert len(opened) > 0  # the hook saw the run's own files


@pytest.mark.parametrize(
    "argv",
    [
        ["segment", "--json", "--no-cache"],
        ["terms", "--no-cache"],
        ["topics", "--k", "2", "--no-cache", "--out", "{out}"],
        ["graph", "--no-cache", "--out", "{out}"],
        ["summarize", "--no-cache"],
    ],
)
def test_no_cache_flag_reads_and_stores_nothing(
    run_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    cache = Path(manifest["settings"]["cache"]["dir"])
    monkeypatch.setenv("KAMLIT_CACHE_DIR", str(cache))
    monkeypatch.chdir(tmp_path)  # no ./kamlit.toml, no ./corpus: the bundled corpus
    before = _snapshot(cache)
    args = [a.replace("{out}", str(tmp_path / "out")) for a in argv]
    with _watch_opens() as opened:
        result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert _results_touched(cache, opened) == []
    assert _snapshot(cache) == before


def test_cache_enabled_false_in_the_file_is_honoured(
    run_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    cache = Path(manifest["settings"]["cache"]["dir"])
    config = tmp_path / "kamlit.toml"
    config.write_text(f"[cache]\ndir = {json.dumps(str(cache))}\nenabled = false\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    before = _snapshot(cache)
    with _watch_opens() as opened:
        result = runner.invoke(app, ["terms", "--json"])
    assert result.exit_code == 0, result.output
    assert _results_touched(cache, opened) == []
    assert _snapshot(cache) == before
    # The same command with the cache on does read the segmentation stored by the run.
    config.write_text(f"[cache]\ndir = {json.dumps(str(cache))}\n", "utf-8")
    with _watch_opens() as opened:
        assert runner.invoke(app, ["terms", "--json"]).exit_code == 0
    assert any("corpus-" in Path(p).name for p in _results_touched(cache, opened))
