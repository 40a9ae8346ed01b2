"""`kamlit graph [PATH…]`, `kamlit graph build`, `kamlit graph show TERM [PATH…]`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CORPUS, CORPUS_FILE, ROOT
from kamlit.cli import app
from kamlit.graph import graph_to_dict, read_graph

runner = CliRunner()


def test_graph_with_paths_builds_and_writes_every_file(tmp_path: Path) -> None:
    out = tmp_path / "g"
    result = runner.invoke(app, ["graph", str(CORPUS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "concepts" in result.output and "links" in result.output
    assert "Thematic map" in result.output and "大客户" in result.output
    assert "small corpus (20 records" in result.output
    assert (out / "graph.html").is_file() and (out / "vosviewer_map.txt").is_file()


def test_flags_override_the_config_file_and_json_prints_the_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Also: a machine without a CJK font still gets every file, and is told about the PNG.
    import kamlit.fonts

    monkeypatch.setattr(kamlit.fonts, "cjk_font", lambda: None)
    config = tmp_path / "kamlit.toml"
    config.write_text('[graph]\nmeasure = "npmi"\ntop = 50\nresolution = 0.5\n', "utf-8")
    out = tmp_path / "g"
    args = ["graph", "build", str(CORPUS_FILE), "-c", str(config), "--out", str(out), "--json"]
    args += ["--window", "document", "--measure", "jaccard", "--min-count", "3", "--top", "40"]
    args += ["--backbone", "off", "--seed", "7"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    saved = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    # --json prints the complete form (evidence inline); graph.json is its structure, the
    # evidence in graph_evidence.jsonl beside it.
    assert printed["graph"]["evidence"] == "inline" and printed["records"]
    assert saved["graph"]["evidence"] == "graph_evidence.jsonl" and "records" not in saved
    assert graph_to_dict(read_graph(out / "graph.json")) == printed
    assert printed["graph"]["format"] == saved["graph"]["format"] == "kamlit-concept-graph"
    meta = saved["graph"]
    assert meta["settings"]["window"] == "document" and meta["settings"]["measure"] == "jaccard"
    assert meta["settings"]["min_count"] == 3 and meta["settings"]["top"] == 40
    assert meta["settings"]["backbone"] == "off" and meta["seed"] == 7
    assert meta["settings"]["resolution"] == 0.5  # from the file: no flag for it
    assert "warning: no CJK font found" in result.stderr
    assert (out / "thematic_map.png").read_bytes().startswith(b"\x89PNG")


def test_graph_show_lists_neighbours_with_sentences() -> None:
    result = runner.invoke(
        app, ["graph", "show", "大客户", str(CORPUS), "-n", "3", "--quotes", "1"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("大客户: ") and "neighbours, strongest evidence first" in lines[0]
    assert any(line.startswith("1. ") for line in lines)
    assert any("「" in line and "大客户" in line for line in lines)
    assert any("key-accounts-similar-literature:" in line for line in lines)
    assert "more neighbours" in result.output


def test_graph_show_json_and_synonyms() -> None:
    result = runner.invoke(
        app, ["graph", "show", "关键客户", str(CORPUS_FILE), "--json", "-n", "0"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["term"] == "大客户" and data["query"] == "关键客户"
    assert len(data["neighbours"]) >= 10
    keys = [(nb["association"] <= 1, -nb["count"], -nb["weight"]) for nb in data["neighbours"]]
    assert keys == sorted(keys)
    assert all(nb["evidence"] for nb in data["neighbours"])


def test_graph_show_unknown_term_exits_1_naming_it() -> None:
    result = runner.invoke(app, ["graph", "show", "量子纠缠", str(CORPUS_FILE)])
    assert result.exit_code == 1
    assert "concept '量子纠缠' does not occur in the corpus" in result.output
    # A part of concepts is found by kwic: graph show says so instead of "does not occur".
    result = runner.invoke(app, ["graph", "show", "大客", str(CORPUS_FILE)])
    assert result.exit_code == 1
    assert "'大客' is not a concept of the graph" in result.output
    assert "(`kamlit kwic 大客` lists them)" in result.output
    assert "close concepts: 大客户" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--measure", "cosine"], "expected one of 'association'"),
        (["--window", "paragraph"], "expected one of 'sentence', 'document'"),
        (["--backbone", "strong"], "graph.backbone is 'strong'"),
    ],
)
def test_bad_options_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["graph", str(CORPUS_FILE), "--out", str(tmp_path), *args])
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_graph_help_lists_build_and_show() -> None:
    result = runner.invoke(app, ["graph", "--help"])
    assert result.exit_code == 0
    assert "build" in result.output and "show" in result.output
    for sub in (["graph", "build", "--help"], ["graph", "show", "--help"]):
        assert runner.invoke(app, sub).exit_code == 0


def test_outputs_are_byte_identical_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Two processes with different PYTHONHASHSEED, run side by side, write the same bytes."""
    procs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONHASHSEED=seed)
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "kamlit",
                    "graph",
                    str(CORPUS_FILE),
                    "--out",
                    str(tmp_path / seed),
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        )
    for proc in procs:
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
    names = sorted(p.name for p in (tmp_path / "1").iterdir())
    assert len(names) == 12
    for name in names:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_bare_graph_routes_options_to_build() -> None:
    # No path, only an option: still the build command (it fails fast on the bad value).
    result = runner.invoke(app, ["graph", "--top", "0"])
    assert result.exit_code == 2
    assert "graph.top is 0" in result.output
