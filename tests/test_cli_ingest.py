"""`kamlit ingest` on a folder of mixed exports: loads, merges, reports the broken record."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import FIXTURES
from kamlit.cli import app
from kamlit.ingest.formats import READERS

runner = CliRunner()
MIXED = FIXTURES / "mixed-exports"


def test_mixed_folder_loads_merges_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    result = runner.invoke(app, ["ingest", str(MIXED), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "merged: savedrecs:1 into refworks:1 (same title, first author and year)" in (
        result.output
    )
    assert (
        "skipped: export.csv:3: row 2 has 10 fields but the header has 9 (a stray ',' or quote?); "
        "skipped" in result.output
    )
    assert "17 records from 9 file(s)" in result.output
    assert "refworks.txt (refworks, gb18030, 2)" in result.output
    assert "noteexpress.net (noteexpress, utf-16-le, 2)" in result.output
    assert "1 skipped, 0 notes, 1 duplicates merged" in result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 17
    merged = next(row for row in rows if row["id"] == "refworks:1")
    assert merged["citations"]["total"] == 3  # filled in from the WoS twin
    assert {row["source"]["format"] for row in rows} == set(READERS)


def test_no_dedupe_keeps_both_twins() -> None:
    result = runner.invoke(app, ["ingest", str(MIXED), "--no-dedupe", "--json"])
    assert result.exit_code == 0
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert len(ids) == 18 and {"refworks:1", "savedrecs:1"} <= set(ids)


def test_format_help_lists_the_formats() -> None:
    result = runner.invoke(app, ["ingest", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for name in READERS:
        assert name in result.output


def test_format_override_and_errors(tmp_path: Path) -> None:
    ris = str(MIXED / "export.ris")
    assert runner.invoke(app, ["ingest", ris, "--format", "ris"]).exit_code == 0
    wrong = runner.invoke(app, ["ingest", ris, "--format", "csv"])
    assert wrong.exit_code == 1
    assert wrong.output.startswith("kamlit: error: ") and "no record could be read as csv" in (
        wrong.output
    )
    unknown = runner.invoke(app, ["ingest", ris, "--format", "bibtex"])
    assert unknown.exit_code == 2 and "unknown format 'bibtex'" in unknown.output
    broken = tmp_path / "broken.txt"
    broken.write_text("PT J\nTI 只有题名\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(broken)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"kamlit: error: {broken}: no record could be read as wos (broken.txt:1: record 1 is not "
        "terminated by 'ER' (file cut short or record damaged); skipped)"
    ]
