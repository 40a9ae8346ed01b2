"""The command line: ingest, errors as one line with exit codes, --debug, cheap --help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import CORPUS, CORPUS_FILE, ROOT
from kamlit.cli import app

runner = CliRunner()
HEAVY = ("gensim", "sklearn", "jieba", "rjieba", "networkx", "matplotlib", "scipy", "numpy")


def _kamlit(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run(
        [sys.executable, "-m", "kamlit", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=120,
    )


def test_every_command_has_help() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    group = typer.main.get_command(app)
    commands = sorted(group.commands)  # type: ignore[attr-defined]
    assert "ingest" in commands
    for name in commands:
        sub = runner.invoke(app, [name, "--help"])
        assert sub.exit_code == 0, name
        assert "Usage" in sub.output
        assert group.commands[name].help, f"{name} has no help text"  # type: ignore[attr-defined]


def _help_argvs() -> list[list[str]]:
    """`--help` of kamlit itself, of every command, and of every subcommand of a group."""
    argvs: list[list[str]] = [["--help"]]
    group = typer.main.get_command(app)
    for name, command in sorted(group.commands.items()):  # type: ignore[attr-defined]
        argvs.append([name, "--help"])
        subcommands = getattr(command, "commands", {})  # a command group such as `graph`
        argvs += [[name, sub, "--help"] for sub in sorted(subcommands)]
    return argvs


def test_help_imports_no_heavy_library() -> None:
    """`kamlit --help` and every command's --help, all in one process: nothing heavy loaded."""
    argvs = _help_argvs()
    assert ["graph", "show", "--help"] in argvs and ["topics", "--help"] in argvs
    code = (
        "import sys\n"
        "from kamlit.cli import app\n"
        f"for argv in {argvs!r}:\n"
        "    try:\n        app(argv)\n    except SystemExit:\n        pass\n"
        "print('MODULES', ' '.join(sorted(sys.modules)))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    ).stdout
    assert out.count("Usage") == len(argvs)
    modules = set(out.split("MODULES", 1)[1].split())
    loaded = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert loaded == []


def test_ingest_writes_json_lines(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    result = runner.invoke(app, ["ingest", str(CORPUS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 20
    assert rows[11]["authors"] == ["黄莺"] and rows[11]["source"]["line"] == 41
    assert "20 records from 1 file(s)" in result.output
    assert "record 17: title and author were glued" in result.output


def test_ingest_json_prints_records() -> None:
    result = runner.invoke(app, ["ingest", str(CORPUS_FILE), "--json"])
    assert result.exit_code == 0
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith("{")]
    assert [json.loads(ln)["id"] for ln in lines][:2] == [
        "key-accounts-similar-literature:1",
        "key-accounts-similar-literature:2",
    ]


def test_ingest_defaults_to_the_corpus_folder() -> None:
    result = _kamlit("ingest", "--json")
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 20


def test_ingest_from_another_folder_uses_the_bundled_corpus(tmp_path: Path) -> None:
    result = _kamlit("ingest", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 20


def test_ingest_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    runner.invoke(app, ["ingest", str(CORPUS), "--out", str(a)])
    runner.invoke(app, ["ingest", str(CORPUS), "--out", str(b)])
    assert a.read_bytes() == b.read_bytes()


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp / "blank.txt"
    blank.write_text(" \n\n", encoding="utf-8")
    binary = tmp / "image.dat"
    binary.write_bytes(bytes(range(256)) * 8)
    unknown = tmp / "notes.txt"
    unknown.write_text("今天开会讨论了大客户营销。\n没有任何记录格式。\n", encoding="utf-8")
    nothing = tmp / "nothing"
    nothing.mkdir()
    (nothing / "readme.md").write_text("# 说明\n这里没有文献。\n", encoding="utf-8")
    hollow = tmp / "hollow"
    hollow.mkdir()
    return {
        "empty": (empty, "file is empty"),
        "blank": (blank, "file is empty"),
        "binary": (binary, "binary file"),
        "unknown": (unknown, "unknown format"),
        "nothing readable": (nothing, "nothing readable"),
        "empty directory": (hollow, "directory holds no files"),
        "missing": (tmp / "missing.txt", "no such file or directory"),
    }


@pytest.mark.parametrize(
    "case",
    ["empty", "blank", "binary", "unknown", "nothing readable", "empty directory", "missing"],
)
def test_bad_input_is_one_line_exit_1_no_traceback(tmp_path: Path, case: str) -> None:
    path, needle = _bad_inputs(tmp_path)[case]
    result = _kamlit("ingest", str(path))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert needle in lines[0] and str(path) in lines[0]
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    path, _ = _bad_inputs(tmp_path)["empty"]
    result = _kamlit("--debug", "ingest", str(path))
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "InputError" in result.stderr


def test_unreadable_file_inside_a_folder_is_skipped_and_reported(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "page.txt").write_bytes(CORPUS_FILE.read_bytes())
    (folder / "notes.txt").write_text("随便写的笔记。\n", encoding="utf-8")
    result = _kamlit("ingest", str(folder))
    assert result.returncode == 0
    assert "notes.txt: unknown format" in result.stdout
    assert "1 skipped" in result.stdout


def test_unknown_format_option_is_a_usage_error() -> None:
    result = _kamlit("ingest", str(CORPUS_FILE), "--format", "docx")
    assert result.returncode == 2
    assert "unknown format 'docx'" in result.stderr


def test_input_files_are_not_modified(tmp_path: Path) -> None:
    before = CORPUS_FILE.read_bytes()
    runner.invoke(app, ["ingest", str(CORPUS_FILE), "--out", str(tmp_path / "o.jsonl")])
    assert CORPUS_FILE.read_bytes() == before


def test_unwritable_output_is_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = _kamlit("ingest", str(CORPUS_FILE), "--out", str(blocker / "sub" / "r.jsonl"))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
