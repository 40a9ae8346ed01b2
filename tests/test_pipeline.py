"""`kamlit run`, `kamlit report`, `kamlit config show`: one folder with everything, reproducibly."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CORPUS, ROOT
from kamlit.cli import app
from kamlit.pipeline import run_pipeline, stage_key, versions
from kamlit.settings import CacheSettings, Settings, TopicSettings, with_overrides

runner = CliRunner()
EXPECTED_FILES = [
    "index.html",
    "manifest.json",
    "records.jsonl",
    "sectors.json",
    "terms/terms.json",
    "terms/terms.csv",
    "topics/topics.json",
    "topics/topics.html",
    "topics/topics.png",
    "topics/selection.csv",
    "topics/topic_terms.csv",
    "topics/doc_topics.csv",
    "topics/model.json",
    "topics/pyldavis.json",
    "topics/term_frequency.csv",
    "topics/model.tomotopy.bin",
    "graph/graph.json",
    "graph/graph_evidence.jsonl",
    "graph/graph.html",
    "graph/graph.gexf",
    "graph/graph.graphml",
    "graph/graph.net",
    "graph/vosviewer_map.txt",
    "graph/vosviewer_network.txt",
    "graph/nodes.csv",
    "graph/edges.csv",
    "graph/thematic_map.csv",
    "graph/thematic_map.png",
    "digests/digests.json",
    "digests/digests.md",
]


def _settings(cache: Path, *, enabled: bool = True, **topics: object) -> Settings:
    return Settings(
        cache=CacheSettings(dir=str(cache), enabled=enabled),
        topics=TopicSettings(**topics),  # type: ignore[arg-type]
    )


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _without_timings(manifest: bytes) -> dict[str, object]:
    """The manifest without timings and the [cache] settings (they change no result)."""
    data = json.loads(manifest)
    data.pop("timings")
    data["settings"].pop("cache")
    return data


def test_run_writes_every_output(run_dir: Path) -> None:
    files = _tree(run_dir)
    for name in EXPECTED_FILES:
        assert name in files, name
        assert files[name], f"{name} is empty"


def test_manifest_says_what_went_in(run_dir: Path) -> None:
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    [source] = manifest["inputs"]
    corpus_file = CORPUS / "key-accounts-similar-literature.txt"
    import hashlib

    assert source["sha256"] == hashlib.sha256(corpus_file.read_bytes()).hexdigest()
    assert source["format"] == "listing" and source["records"] == 20
    assert manifest["seed"] == 42
    assert manifest["settings"]["topics"]["k"] == "auto"
    assert manifest["versions"]["kamlit"] and manifest["versions"]["gensim"]
    stages = [t["stage"] for t in manifest["timings"]["stages"]]
    assert stages == [
        "ingest",
        "segment",
        "sectors",
        "terms",
        "topics",
        "graph",
        "digests",
        "report",
    ]
    # Every output is listed with its hash, so a reader can check a shared folder.
    assert set(manifest["outputs"]) == set(_tree(run_dir)) - {"manifest.json"}


def test_two_runs_are_byte_identical_apart_from_timings(run_dir: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    settings = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))["settings"]
    # The cache off: the second run recomputes everything rather than copying the first.
    off = _settings(Path(settings["cache"]["dir"]), enabled=False)
    run_pipeline([CORPUS], settings=off, out_dir=again)
    first, second = _tree(run_dir), _tree(again)
    assert set(first) == set(second)
    for name in first:
        if name == "manifest.json":
            assert _without_timings(first[name]) == _without_timings(second[name])
        else:
            assert first[name] == second[name], name


def test_changing_k_recomputes_only_topics(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    run_pipeline([CORPUS], settings=_settings(cache, k=3), out_dir=tmp_path / "a")
    result = run_pipeline([CORPUS], settings=_settings(cache, k=4), out_dir=tmp_path / "b")
    cached = {
        t.stage: t.cached
        for t in result.timings
        if t.stage in ("terms", "topics", "graph", "digests")
    }
    assert cached == {"terms": True, "topics": False, "graph": True, "digests": True}
    topics = json.loads((tmp_path / "b" / "topics" / "topics.json").read_text(encoding="utf-8"))
    assert topics["k"] == 4
    for name in ("graph/graph.json", "digests/digests.json", "terms/terms.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_stage_keys_follow_the_settings_each_stage_reads(tmp_path: Path) -> None:
    vers = versions()
    base = Settings()
    other_k = Settings(topics=TopicSettings(k=5))
    lexicon = tmp_path / "banking.toml"
    lexicon.write_text('[banking]\nlabel = "银行"\ncues = ["银行"]\n', encoding="utf-8")
    with_file = with_overrides(base, sectors={"lexicons": (str(lexicon),)})

    def key(stage: str, settings: Settings) -> str:
        return stage_key(stage, records_hash="r", settings=settings, vers=vers)

    assert key("topics", base) != key("topics", other_k)
    assert key("graph", base) == key("graph", other_k)
    before = key("digests", with_file)
    lexicon.write_text('[banking]\nlabel = "银行"\ncues = ["银行", "信贷"]\n', encoding="utf-8")
    assert key("digests", with_file) != before  # the file's content, not just its name


def test_stage_keys_change_with_kamlit_s_own_files(monkeypatch: pytest.MonkeyPatch) -> None:
    from kamlit import cache

    def key() -> str:
        return stage_key("graph", records_hash="r", settings=Settings(), vers=versions())

    before = key()
    assert cache.code_fingerprint() == cache.code_fingerprint.__wrapped__()  # stable
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "other build")
    assert key() != before  # a stage folder of other code is never restored


def test_report_rerenders_the_same_pages(run_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    for page in ("index.html", "topics/topics.html", "graph/graph.html", "digests/digests.md"):
        (copy / page).unlink()
    result = runner.invoke(app, ["report", str(copy)])
    assert result.exit_code == 0, result.output
    for page in ("index.html", "topics/topics.html", "graph/graph.html", "digests/digests.md"):
        assert (copy / page).read_bytes() == (run_dir / page).read_bytes(), page


def test_report_on_a_folder_that_is_not_a_run(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a kamlit run folder" in result.output


def test_index_escapes_hostile_text(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "相似文献\n1.\n<script>alert(1)</script>大客户 总被引:1,自引:0,他引:1\n"
        "邮政企业应建立<b>大客户</b>服务体系。 相似文献\n\n"
        "2.\n电信运营商要加强大客户管理。 相似文献\n",
        encoding="utf-8",
    )
    result = run_pipeline(
        [page], settings=_settings(tmp_path / "cache", k=2), out_dir=tmp_path / "out"
    )
    html = result.index.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>大客户</b>" not in html


def test_config_show_names_origins(tmp_path: Path) -> None:
    (tmp_path / "kamlit.toml").write_text('seed = 7\n[topics]\nk = "4"\n', encoding="utf-8")
    result = runner.invoke(
        app, ["config", "show", "--config", str(tmp_path / "kamlit.toml"), "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows["seed"] == {"value": 7, "from": str(tmp_path / "kamlit.toml")}
    assert rows["topics.k"]["value"] == 4  # typed: a string of digits reads as a number
    assert rows["graph.window"] == {"value": "sentence", "from": "default"}


def test_kamlit_toml_in_the_working_folder_is_read(tmp_path: Path) -> None:
    (tmp_path / "kamlit.toml").write_text("seed = 11\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run(
        [sys.executable, "-m", "kamlit", "config", "show", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert json.loads(out)["seed"] == {"value": 11, "from": "kamlit.toml"}


def test_unknown_setting_is_an_error_naming_it(tmp_path: Path) -> None:
    config = tmp_path / "kamlit.toml"
    config.write_text("[topics]\nkk = 3\n", encoding="utf-8")
    result = runner.invoke(app, ["run", "--config", str(config), "--quiet"])
    assert result.exit_code == 2
    assert "unknown setting 'topics.kk'" in result.output


def test_readme_first_command_produces_the_report(tmp_path: Path) -> None:
    """What a new user gets from `kamlit run` in a checkout: outputs/<date>-<hash>/index.html."""
    shutil.copytree(CORPUS, tmp_path / "corpus")
    command = shutil.which("kamlit")
    argv = [command, "run"] if command else [sys.executable, "-m", "kamlit", "run"]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    [folder] = (tmp_path / "outputs").iterdir()
    assert (folder / "index.html").is_file()
    assert "open outputs/" in done.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install -e . && kamlit run" in readme


def test_jobs_1_and_2_give_the_same_run_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kamlit run --jobs N` spreads segmentation, sector scoring and the topic sweep over N
    workers; the folder is the same."""
    import kamlit.sectors
    import kamlit.text.batch
    import kamlit.workers

    # The seed is far below the sizes that pay for workers: make every stage use them.
    monkeypatch.setattr(kamlit.text.batch, "PARALLEL_MIN_CHARS", 1)
    monkeypatch.setattr(kamlit.sectors, "PARALLEL_MIN_RECORDS", 1)
    chunked: list[int] = []
    real = kamlit.workers.map_chunks

    def spy(task, chunks):  # type: ignore[no-untyped-def]
        chunked.append(len(chunks))
        return real(task, chunks)

    monkeypatch.setattr(kamlit.text.batch, "map_chunks", spy)
    monkeypatch.setattr(kamlit.sectors, "map_chunks", spy)
    config = tmp_path / "kamlit.toml"
    config.write_text(
        '[topics]\nk = "auto"\nk_min = 2\nk_max = 4\nstability_runs = 2\n', encoding="utf-8"
    )
    trees = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs-{jobs}"
        args = ["run", str(CORPUS), "--config", str(config), "--no-cache", "--quiet"]
        result = runner.invoke(app, [*args, "--jobs", jobs, "--out", str(out)])
        assert result.exit_code == 0, result.output
        trees.append(_tree(out))
    one, two = trees
    # --jobs 1: sectors in one chunk, the cut without workers; --jobs 2: both in two.
    assert chunked == [1, 2, 2] or not kamlit.workers.can_fork()
    assert set(one) == set(two)
    selection = json.loads(one["topics/topics.json"])
    assert len(selection["selection"]) == 3  # the sweep ran: K = 2, 3 and 4 were fitted
    for name in one:
        if name == "manifest.json":
            assert _without_timings(one[name]) == _without_timings(two[name])
        else:
            assert one[name] == two[name], name


def test_jobs_must_be_positive() -> None:
    result = runner.invoke(app, ["run", str(CORPUS), "--jobs", "0", "--quiet"])
    assert result.exit_code == 2
    assert "--jobs" in result.output
