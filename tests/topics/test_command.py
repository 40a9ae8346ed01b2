"""`kamlit topics`: the K sweep on the default corpus, --json, usage errors, cheap imports."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CORPUS, ROOT
from kamlit.cli import app

runner = CliRunner()


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT / "src"))


def _modules(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('MODULES', ' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=60,
        check=True,
    )
    line = next(x for x in out.stdout.splitlines() if x.startswith("MODULES"))
    return {m.split(".")[0] for m in line.split()[1:]}


def test_auto_on_the_default_corpus_picks_k_in_range_and_saves_the_table(tmp_path: Path) -> None:
    out = tmp_path / "topics"
    result = runner.invoke(app, ["topics", str(CORPUS), "--k", "auto", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "topics.json").read_text(encoding="utf-8"))
    swept = [row["k"] for row in data["selection"]]
    n_docs = len(data["doc_topics"])
    assert swept == list(range(2, min(12, n_docs // 2) + 1))
    assert data["k"] in swept
    assert len(data["topics"]) == data["k"]
    for topic in data["topics"]:
        assert topic["label"]
        assert isinstance(topic["coherence"], float)
    with (out / "selection.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["k"]) for r in rows] == swept
    assert [r["k"] for r in rows if r["chosen"] == "yes"] == [str(data["k"])]
    # The terminal shows the topics, the sweep, the rule and the small-corpus warning.
    text = result.output
    assert "choosing K" in text and "◀ chosen" in text
    assert "rule: topic quality = mean c_v coherence × topic diversity" in text
    assert "why K=" in text and "has the best bound" in text and "clamped to" in text
    assert f"only {n_docs} documents" in text and "exploratory" in text
    assert f"stability across 3 seeds is {data['stability']['mean']:.2f}" in text
    assert data["topics"][0]["label"] in text
    assert f"written to {out}" in " ".join(text.split())  # rich may wrap long paths


def test_json_prints_topics_json(tmp_path: Path) -> None:
    out = tmp_path / "t"
    result = runner.invoke(
        app,
        [
            "topics",
            str(CORPUS),
            "--k",
            "3",
            "--engine",
            "sklearn",
            "--seed",
            "7",
            "--out",
            str(out),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    printed = result.stdout
    assert printed == (out / "topics.json").read_text(encoding="utf-8")
    data = json.loads(printed)
    assert (data["engine"], data["k"], data["seed"]) == ("sklearn", 3, 7)
    assert "selection" not in data
    assert "exploratory" in result.stderr  # warnings go to stderr, stdout stays JSON


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--k", "many"], "--k (topics.k) is 'many'; expected a whole number of topics >= 2"),
        (["--k", "1"], "expected a whole number of topics >= 2 or 'auto'"),
        (
            ["--engine", "mallet"],
            "'topics.engine' is 'mallet'; expected one of 'tomotopy', 'gensim', 'sklearn'",
        ),
    ],
)
def test_usage_errors_exit_2_before_any_work(tmp_path: Path, argv: list[str], message: str) -> None:
    out = tmp_path / "never"
    result = runner.invoke(app, ["topics", str(CORPUS), *argv, "--out", str(out)])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert not out.exists()


def test_missing_font_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kamlit.fonts
    from kamlit.topics import chart

    monkeypatch.setattr(kamlit.fonts, "cjk_font", lambda: None)
    monkeypatch.setattr(chart, "cjk_font", lambda: None)
    config = tmp_path / "kamlit.toml"
    config.write_text("[topics]\nstability_runs = 1\npasses = 5\n", encoding="utf-8")
    result = runner.invoke(
        app, ["topics", str(CORPUS), "--k", "2", "--config", str(config), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("no CJK font found") == 1
    assert "Glyph" not in result.output
    assert "stability was not measured" in result.output


def test_topics_package_import_stays_light() -> None:
    # (`kamlit topics --help` is checked with every other command's help in test_cli.py.)
    package_modules = _modules("import kamlit.topics")
    assert not package_modules & {"tomotopy", "gensim", "sklearn", "matplotlib", "jieba"}
