"""Issue 17: run folders complete or absent, a verified cache safe under concurrency, safe writes.

The slow tests launch `kamlit run` as a subprocess: killed at several points, several at once
on one cache, on a disk that fills up.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import CORPUS, ROOT
from kamlit.cache import CacheWarning, StageCache
from kamlit.errors import InputError, OutputError
from kamlit.io import atomic_write_text
from kamlit.pipeline import render_report, run_pipeline
from kamlit.runfolder import check_complete
from kamlit.settings import CacheSettings, Settings

RESULTS = ("records.jsonl", "sectors.json", "terms/terms.json", "topics/topics.json")


def _settings(cache: Path, *, enabled: bool = True) -> Settings:
    return Settings(cache=CacheSettings(dir=str(cache), enabled=enabled))


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file of a run folder; the manifest without its timings (they vary)."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.name == "manifest.json":
            manifest = json.loads(data)
            manifest.pop("timings")
            data = json.dumps(manifest, sort_keys=True).encode()
        files[path.relative_to(folder).as_posix()] = data
    return files


def _env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["KAMLIT_CACHE_DIR"] = str(cache)
    return env


def _kamlit(*args: str, cache: Path, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "kamlit", *args],
        env=_env(cache),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def _leftovers(parent: Path, name: str) -> list[Path]:
    return [p for p in parent.iterdir() if p.name.startswith(f".{name}.")]


# --------------------------------------------------------------------------- run folder


def test_a_rerun_replaces_the_folder_whole_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "stale.txt").write_text("from an older run", encoding="utf-8")
    result = run_pipeline([CORPUS], settings=_settings(tmp_path / "cache"), out_dir=out)
    assert result.out_dir == out and result.index == out / "index.html"
    assert not (out / "stale.txt").exists()  # the folder is replaced, not mixed
    assert _leftovers(tmp_path, "out") == []
    check_complete(out)
    mode = stat.S_IMODE((out / "records.jsonl").stat().st_mode)
    assert mode == 0o666 & ~_umask()
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_a_symlinked_out_folder_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    run_pipeline([CORPUS], settings=_settings(tmp_path / "cache"), out_dir=link)
    assert link.is_symlink() and (real / "index.html").is_file()


def test_a_failed_run_leaves_no_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kamlit.pipeline as pipeline

    def broken(out: Path) -> Path:
        raise OSError(28, "No space left on device", str(out / "index.html"))

    monkeypatch.setattr(pipeline, "_render_index", broken)
    out = tmp_path / "out"
    with pytest.raises(OSError, match="No space left"):
        run_pipeline([CORPUS], settings=_settings(tmp_path / "cache"), out_dir=out)
    assert list(tmp_path.iterdir()) == [tmp_path / "cache"]


def test_report_refuses_an_unfinished_or_mixed_folder(run_dir: Path, tmp_path: Path) -> None:
    unfinished = tmp_path / "unfinished"
    shutil.copytree(run_dir, unfinished)
    manifest = json.loads((unfinished / "manifest.json").read_text(encoding="utf-8"))
    manifest["outputs"] = {}
    (unfinished / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(InputError, match="incomplete run folder") as info:
        render_report(unfinished)
    assert "\n" not in str(info.value)

    mixed = tmp_path / "mixed"
    shutil.copytree(run_dir, mixed)
    records = mixed / "records.jsonl"
    records.write_text(records.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    with pytest.raises(InputError, match=r"records\.jsonl: changed since the run"):
        render_report(mixed)

    extra = tmp_path / "extra"
    shutil.copytree(run_dir, extra)
    manifest = json.loads((extra / "manifest.json").read_text(encoding="utf-8"))
    del manifest["outputs"]["topics/topics.json"]
    (extra / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(InputError, match=r"topics\.json: does not belong"):
        render_report(extra)


def test_a_one_record_corpus_reports_what_it_can(tmp_path: Path) -> None:
    source = tmp_path / "one.jsonl"
    record = {
        "id": "one",
        "title": "大客户营销策略研究",
        "abstract": "电信企业应当建立大客户经理制度，加强客户关系管理，提高服务质量。",
        "year": 2010,
    }
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_pipeline([source], settings=_settings(tmp_path / "cache"), out_dir=out)
    assert result.records == 1
    assert any(n.startswith("topics: skipped:") for n in result.notes)
    assert not (out / "topics").exists()
    assert (out / "terms" / "terms.json").is_file() and (out / "index.html").is_file()
    check_complete(out)
    render_report(out)


# --------------------------------------------------------------------------- safe writes


def test_writes_refuse_devices_and_follow_symlinks(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="not a regular file"):
        atomic_write_text("/dev/null", "x")
    link = tmp_path / "link"
    link.symlink_to("/dev/full")
    with pytest.raises(OutputError, match="not a regular file"):
        atomic_write_text(link, "x")
    assert Path("/dev/full").is_char_device()
    target = tmp_path / "target.txt"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    other = tmp_path / "other"
    other.symlink_to(target)
    atomic_write_text(other, "new")
    assert other.is_symlink() and target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the replaced file's mode is kept
    fresh = tmp_path / "fresh.txt"
    atomic_write_text(fresh, "x")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~_umask()


def test_cli_out_to_a_device_is_one_line_exit_1(tmp_path: Path) -> None:
    link = tmp_path / "full"
    link.symlink_to("/dev/full")
    for args in (["ingest", str(CORPUS), "--out", str(link)], ["run", "-q", "--out", str(link)]):
        proc = _kamlit(*args, cache=tmp_path / "cache")
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 1, err
        assert err.startswith("kamlit: error: ") and err.count("\n") == 1, err
    assert link.is_symlink() and Path("/dev/full").is_char_device()


@pytest.mark.slow
def test_a_full_disk_is_one_line_exit_1_and_no_folder(tmp_path: Path) -> None:
    def small_files() -> None:  # every file past 64 kB fails as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    out = tmp_path / "out"
    proc = _kamlit(
        "run",
        "-q",
        "--no-cache",
        "--out",
        str(out),
        cache=tmp_path / "cache",
        preexec_fn=small_files,
    )
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, err
    assert err.startswith("kamlit: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == [] or not out.exists()
    assert _leftovers(tmp_path, "out") == []


def test_markdown_escapes_what_kamlit_did_not_write(tmp_path: Path) -> None:
    from kamlit.corpus import prepare
    from kamlit.summarize import render_markdown, summarize_sectors

    hostile = tmp_path / "a`b<img src=x onerror=alert(1)>.jsonl"
    rows = []
    for n in range(6):
        rows.append(
            {
                "id": f"x`{n}`<img src=x onerror=alert({n})>",
                "title": f"<img src=x onerror=alert('t{n}')> 标题`{n}` &lt;script&gt;",
                "abstract": "电信企业应当建立大客户经理制度，加强客户关系管理。"
                "企业应当提高服务质量，<img src=y onerror=alert(2)>完善大客户服务体系。",
                "year": 2010,
            }
        )
    hostile.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    prepared = prepare([hostile], settings=_settings(tmp_path / "cache"))
    text = render_markdown(summarize_sectors(prepared), explain=True)
    assert "onerror" in text  # the hostile text is there, as text
    html = MarkdownIt("commonmark").render(text)
    assert "<img" not in html and "<script" not in html
    for n in range(6):
        if f"x`{n}`" in text:
            assert f"<code>x`{n}`&lt;img src=x onerror=alert({n})&gt;</code>" in html


# --------------------------------------------------------------------------- the cache


def test_a_stage_entry_is_verified_whole(tmp_path: Path) -> None:
    source = tmp_path / "src"
    (source / "sub").mkdir(parents=True)
    (source / "a.json").write_text('{"a": 1}', encoding="utf-8")
    (source / "sub" / "b.txt").write_text("b", encoding="utf-8")
    cache = StageCache(tmp_path / "cache")
    cache.store("graph", "k", source)
    entry = tmp_path / "cache" / "stages" / "graph" / "k"
    assert cache.restore("graph", "k", tmp_path / "t1")
    assert (tmp_path / "t1" / "sub" / "b.txt").read_text(encoding="utf-8") == "b"
    assert not (tmp_path / "t1" / ".complete").exists()

    def damage(name: str) -> None:
        if name == "edited":
            (entry / "a.json").write_text('{"a": 2}', encoding="utf-8")
        elif name == "extra":
            (entry / "x.html").write_text("<script>", encoding="utf-8")
        elif name == "deleted file":
            (entry / "sub" / "b.txt").unlink()
        elif name == "marker":
            (entry / ".complete").write_text("{}", encoding="utf-8")
        else:  # a file where a folder was
            shutil.rmtree(entry / "sub")
            (entry / "sub").write_text("", encoding="utf-8")

    for name in ("edited", "extra", "deleted file", "marker", "file for folder"):
        cache.store("graph", "k", source)
        damage(name)
        with pytest.warns(CacheWarning, match="damaged graph entry"):
            assert not cache.restore("graph", "k", tmp_path / name), name
        assert not entry.exists(), name
    # No temporary folder is left behind, and stores by others do not clash.
    cache.store("graph", "k", source)
    cache.store("graph", "k", source)
    assert sorted(p.name for p in entry.parent.iterdir()) == ["k"]


def test_an_unusable_cache_costs_speed_only(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    out = tmp_path / "out"
    run_pipeline([CORPUS], settings=_settings(blocker), out_dir=out)
    check_complete(out)
    assert blocker.read_text(encoding="utf-8").startswith("a file")


@pytest.mark.slow
def test_no_cache_writes_nothing_there(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    proc = _kamlit("run", "-q", "--no-cache", "--out", str(tmp_path / "out"), cache=cache)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert not cache.exists() or list(cache.rglob("*")) == []


def _damage_everything(cache: Path, how: str) -> int:
    """Damage every entry of the cache (stage folders and blobs) one way; return how many."""
    entries = sorted(cache.glob("stages/*/*")) + sorted(cache.glob("topics/*.bin"))
    entries += sorted(cache.glob("segment/corpus-*.bin"))
    for entry in entries:
        files = sorted(p for p in entry.rglob("*") if p.is_file()) if entry.is_dir() else [entry]
        victim = next((f for f in files if f.suffix == ".json"), files[0])
        if how == "deleted":
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        elif how == "truncated":
            victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])
        elif how == "flipped":
            data = bytearray(victim.read_bytes())
            data[len(data) // 2] ^= 0x20
            victim.write_bytes(bytes(data))
        elif how == "emptied":
            if entry.is_dir():
                shutil.rmtree(entry)
                entry.mkdir()
            else:
                entry.write_bytes(b"")
        elif how == "edited":
            victim.write_bytes(victim.read_bytes().replace(b"1", b"2", 1) + b"\n")
            if (entry / "graph.html").exists():
                (entry / "graph.html").write_text("<script>alert(1)</script>", encoding="utf-8")
        elif how == "replaced by a file":
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
                entry.mkdir()  # a blob's place taken by a folder
                continue
            entry.write_text("not a folder", encoding="utf-8")
    return len(entries)


@pytest.mark.slow
@pytest.mark.parametrize(
    "how", ["truncated", "flipped", "emptied", "edited", "deleted", "replaced by a file"]
)
def test_every_kind_of_cache_damage_heals(tmp_path: Path, how: str) -> None:
    cache = tmp_path / "cache"
    first = run_pipeline([CORPUS], settings=_settings(cache), out_dir=tmp_path / "first")
    assert not first.notes or all("cache" not in n for n in first.notes)
    assert _damage_everything(cache, how) >= 5
    again = run_pipeline([CORPUS], settings=_settings(cache), out_dir=tmp_path / "again")
    assert _tree(tmp_path / "again") == _tree(tmp_path / "first")
    if how != "deleted":
        assert any("cache:" in n for n in again.notes), how
    healed = run_pipeline([CORPUS], settings=_settings(cache), out_dir=tmp_path / "healed")
    assert not any("cache:" in n for n in healed.notes)
    assert all(t.cached for t in healed.timings if t.stage in ("terms", "topics", "graph"))
    assert _tree(tmp_path / "healed") == _tree(tmp_path / "first")


# --------------------------------------------------------------------------- processes


@pytest.mark.slow
@pytest.mark.parametrize("runs", [2, 4])
def test_concurrent_runs_on_one_cache_give_identical_folders(tmp_path: Path, runs: int) -> None:
    cache = tmp_path / "cache"
    outs = [tmp_path / f"out{n}" for n in range(runs)]
    procs = [_kamlit("run", "-q", "--out", str(out), cache=cache) for out in outs]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    trees = [_tree(out) for out in outs]
    assert all(tree == trees[0] for tree in trees[1:])
    assert not [p for p in (cache / "stages").rglob("*") if p.name.endswith(".tmp")]


def _wait_for(predicate: object, proc: subprocess.Popen[str], timeout: float = 300) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(predicate) and predicate():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.01)
    return False


def _partial_has(parent: Path, name: str, file: str) -> bool:
    return any((p / file).exists() for p in _leftovers(parent, name) if ".partial-" in p.name)


# Points to kill at: as soon as the partial folder holds this file.
KILL_POINTS = ["records.jsonl", "sectors.json", "topics", "digests", "index.html"]


@pytest.mark.slow
@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
@pytest.mark.parametrize("existing", [False, True], ids=["fresh", "existing"])
def test_a_killed_run_leaves_no_folder_that_looks_complete(
    tmp_path: Path, warm: bool, existing: bool
) -> None:
    cache = tmp_path / "cache"
    out = tmp_path / "out"
    if warm or existing:
        done = _kamlit("run", "-q", "--out", str(out), cache=cache)
        _, err = done.communicate(timeout=600)
        assert done.returncode == 0, err
        reference = _tree(out)
    if not existing:
        shutil.rmtree(out, ignore_errors=True)
    if not warm:
        shutil.rmtree(cache, ignore_errors=True)
    for point in KILL_POINTS:
        proc = _kamlit("run", "-q", "--out", str(out), cache=cache)
        if _wait_for(lambda p=point: _partial_has(tmp_path, "out", p), proc):
            proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=600)
        if proc.returncode == 0:
            # The run finished before the signal landed (a late kill point on a busy
            # machine): then its folder must be whole, and it is the same run again.
            check_complete(out)
            if not existing:
                shutil.rmtree(out)
            continue
        if existing:
            check_complete(out)  # the old run, whole
            assert _tree(out) == reference
        else:
            assert not out.exists(), point
    # SIGTERM unwinds: the partial folder goes with the process.
    proc = _kamlit("run", "-q", "--out", str(out), cache=cache)
    if _wait_for(lambda: _partial_has(tmp_path, "out", "records.jsonl"), proc):
        proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=600)
    if proc.returncode == 128 + signal.SIGTERM:
        assert not [p for p in _leftovers(tmp_path, "out") if f"-{proc.pid}-" in p.name]
    # The next run succeeds and clears what the killed ones left.
    proc = _kamlit("run", "-q", "--out", str(out), cache=cache)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    check_complete(out)
    assert _leftovers(tmp_path, "out") == []
    if warm or existing:
        assert _tree(out) == reference
