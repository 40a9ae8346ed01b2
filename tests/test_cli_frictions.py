"""The frictions of issue 15, each with a test: kwic over titles, graph show agreeing with kwic
and suggesting concepts, neighbours with the most evidence first, one meaning per short flag,
shell completion, tables that follow the terminal width, and `kamlit export`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import typer
from rich.cells import cell_len
from typer.testing import CliRunner

from conftest import CORPUS, CORPUS_FILE
from kamlit.cli import app
from kamlit.corpus import read_records
from kamlit.settings import Settings

runner = CliRunner()


def _json(args: list[str]) -> object:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_kwic_searches_titles_as_well_as_abstracts(tmp_path: Path) -> None:
    source = tmp_path / "records.jsonl"
    source.write_text(
        json.dumps(
            {
                "id": "a",
                "title": "电信大客户营销策略",
                "abstract": "本文讨论客户服务。",
                "source": {"file": "x", "format": "jsonl"},
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    lines = _json(["kwic", "大客户", str(source), "--json"])
    assert lines == [{"id": "records:1", "field": "title", "left": "电信", "term": "大客户",
                      "right": "营销策略"}]  # fmt: skip


def test_kwic_on_the_seed_counts_title_occurrences() -> None:
    lines = _json(["kwic", "大客户", str(CORPUS), "--json"])
    assert isinstance(lines, list)
    records = read_records([CORPUS], Settings()).records
    in_titles = sum((r.title or "").count("大客户") for r in records)
    assert in_titles > 0
    assert sum(x["field"] == "title" for x in lines) >= in_titles


def test_graph_show_and_kwic_agree_on_a_concept_of_the_graph() -> None:
    kwic = _json(["kwic", "大客户", str(CORPUS), "--json"])
    shown = _json(["graph", "show", "大客户", str(CORPUS), "--json"])
    assert isinstance(kwic, list) and isinstance(shown, dict)
    assert shown["occurrences"] == {"total": len(kwic), "records": len({x["id"] for x in kwic})}


def test_graph_show_of_a_word_inside_concepts_points_to_kwic_and_suggests() -> None:
    kwic = _json(["kwic", "客户经理", str(CORPUS), "--json"])
    assert isinstance(kwic, list) and kwic
    result = runner.invoke(app, ["graph", "show", "客户经理", str(CORPUS)])
    assert result.exit_code == 1
    message = " ".join(result.output.split())
    assert "does not occur" not in message
    assert f"occurs {len(kwic)} time(s) in {len({x['id'] for x in kwic})} record(s)" in message
    assert "kamlit kwic 客户经理" in message
    assert "close concepts: " in message and "大客户经理" in message.split("close concepts:")[1]


def test_neighbours_with_most_evidence_come_first() -> None:
    shown = _json(["graph", "show", "大客户", str(CORPUS), "--json", "--limit", "0"])
    assert isinstance(shown, dict)
    rows = shown["neighbours"]
    above = [r for r in rows if r["association"] > 1]
    below = [r for r in rows if r["association"] <= 1]
    assert rows == above + below
    for part in (above, below):
        keys = [(-r["count"], -r["weight"], r["term"]) for r in part]
        assert keys == sorted(keys)
    first = [r["term"] for r in rows[:10]]
    assert "商业客户" in first and "客户" in first  # 5 and 13 co-occurrences
    rare = [r for r in rows if r["count"] == 2 and r["association"] > 1]
    assert rare and all(rows.index(r) > first.index("商业客户") for r in rare)


def _commands(group: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Every command and subcommand (Typer's click may be vendored: no isinstance checks)."""
    out = []
    for name, command in sorted(group.commands.items()):
        out.append((prefix + name, command))
        if hasattr(command, "commands"):
            out += _commands(command, prefix + name + " ")
    return out


def test_a_short_flag_means_the_same_option_in_every_command() -> None:
    root = typer.main.get_command(app)
    meaning: dict[str, set[str]] = {}
    for _, command in _commands(root):
        for param in command.params:
            if getattr(param, "param_type_name", "") != "option":
                continue
            longs = [o for o in param.opts if o.startswith("--")]
            for short in (o for o in param.opts if not o.startswith("--")):
                meaning.setdefault(short, set()).update(longs)
    clashes = {s: longs for s, longs in meaning.items() if len(longs) > 1}
    # -n is "how many to list" everywhere: terms --top, graph show --limit, summarize --max.
    assert clashes == {"-n": {"--top", "--limit", "--max"}}, clashes
    assert meaning["-q"] == {"--quiet"} and meaning["-w"] == {"--window"}
    assert meaning["-o"] == {"--out"} and meaning["-f"] == {"--format"}


def test_shell_completion_is_offered() -> None:
    result = runner.invoke(app, ["--help"])
    assert "--install-completion" in result.output and "--show-completion" in result.output


@pytest.mark.parametrize("columns", [60, 100, 160])
def test_ingest_table_follows_columns_with_a_long_file_name(tmp_path: Path, columns: int) -> None:
    long_name = tmp_path / ("a-very-long-file-name-of-a-saved-cnki-result-page-" * 2 + ".txt")
    shutil.copy(CORPUS_FILE, long_name)
    result = runner.invoke(app, ["ingest", str(long_name)], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    table = [line for line in result.stdout.splitlines() if line[:1] in "┏┃┡│└"]
    assert table and all(cell_len(line) == columns for line in table)
    header = next(line for line in table if line.startswith("┃"))
    assert all(cell.strip() for cell in header.strip("┃").split("┃"))  # no column collapsed
    assert "邮政大" in result.stdout  # the first title shows


def test_export_command_writes_the_format_of_the_suffix_or_of_to(tmp_path: Path) -> None:
    out = tmp_path / "zotero.ris"
    result = runner.invoke(app, ["export", str(CORPUS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("TY  - ")
    assert "20 records written" in result.stdout
    bib = tmp_path / "refs.dat"
    result = runner.invoke(app, ["export", str(CORPUS), "-o", str(bib), "-t", "bibtex"])
    assert result.exit_code == 0 and bib.read_text(encoding="utf-8").startswith("@")
    bad = runner.invoke(app, ["export", str(CORPUS), "--out", str(tmp_path / "x.dat")])
    assert bad.exit_code == 2 and "--to" in bad.output
    assert not (tmp_path / "x.dat").exists()
