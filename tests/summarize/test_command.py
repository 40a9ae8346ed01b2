"""`kamlit summarize`: formats, sector choice, user sectors, errors, byte-identical output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CORPUS_FILE, ROOT
from kamlit.cli import app
from kamlit.ingest import read_paths
from summarize.conftest import BANKING, BANKING_SECTORS

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, ["summarize", *args])


def _kamlit(*args: str, hashseed: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONHASHSEED=hashseed)
    return subprocess.run(
        [sys.executable, "-m", "kamlit", "summarize", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=True,
    )


def _assert_quotes_verbatim(data: dict, path: Path) -> None:
    abstracts = {r.id: r.abstract for r in read_paths([path]).records}
    count = 0
    for digest in data["sectors"]:
        for practice in digest["practices"]:
            assert practice["statement"] in abstracts[practice["source"]["id"]]
            for evidence in practice["evidence"]:
                assert evidence["quote"] in abstracts[evidence["id"]]
                assert (
                    abstracts[evidence["id"]][evidence["start"] : evidence["end"]]
                    == (evidence["quote"])
                )
                count += 1
    assert count > 0


def test_markdown_by_default_with_a_heading_per_sector() -> None:
    result = _run(str(CORPUS_FILE))
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert page.startswith("# Practices recommended in these abstracts: 电信、邮政\n")
    assert "## 电信 (telecom)\n\nBased on 12 abstracts." in page
    assert "## 邮政 (postal)\n\nBased on 8 abstracts." in page
    assert "## 综合 (general)\n\nBased on 1 abstract.\n\n**Warning:** only 1 abstract" in page
    assert "1. **" in page and "   > — `key-accounts-similar-literature:" in page
    assert "| practice | theme | 电信 | 邮政 |" in page
    assert "## Sector assignment" not in page


def test_json_output_and_every_quote_is_verbatim() -> None:
    result = _run(str(CORPUS_FILE), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["sector"] for d in data["sectors"]] == ["telecom", "postal", "general"]
    practice = data["sectors"][0]["practices"][0]
    assert {"statement", "theme", "support", "evidence"} <= set(practice)
    assert {"id", "quote"} <= set(practice["evidence"][0])
    assert len(data["sectors"][0]["practices"]) <= 12
    _assert_quotes_verbatim(data, CORPUS_FILE)
    assert "only 1 abstract" in result.stderr


def test_sector_option_picks_one_sector() -> None:
    result = _run(str(CORPUS_FILE), "--sector", "电信", "--json", "--max", "4")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["sector"] for d in data["sectors"]] == ["telecom"]
    assert len(data["sectors"][0]["practices"]) == 4
    assert data["comparison"] == []


def test_unknown_sector_is_a_usage_error_naming_it() -> None:
    result = _run(str(CORPUS_FILE), "--sector", "保险")
    assert result.exit_code == 2
    assert "unknown sector '保险'" in result.stderr
    assert "telecom (电信), postal (邮政)" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--json", "--md"], "--json and --md exclude each other"), (["--max", "0"], "--max")],
)
def test_bad_options_are_usage_errors(args: list[str], message: str) -> None:
    result = _run(str(CORPUS_FILE), *args)
    assert result.exit_code == 2 and message in result.stderr


def test_explain_and_out_file(tmp_path: Path) -> None:
    out = tmp_path / "digest.md"
    result = _run(str(CORPUS_FILE), "--explain", "--md", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"written to {out}" in result.stderr
    page = out.read_text("utf-8")
    assert "## Sector assignment" in page
    assert "- key-accounts-similar-literature:16 → **电信** — 电信 5: 移动公司×2, 全球通×3" in page
    assert "- key-accounts-similar-literature:17 → **电信, 邮政**" in page


def test_user_sector_from_a_lexicon_file_gets_its_digest() -> None:
    result = _run(str(BANKING), "--sectors", str(BANKING_SECTORS), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    banking = next(d for d in data["sectors"] if d["sector"] == "banking")
    assert banking["label"] == "银行" and len(banking["records"]) == 6
    assert len(banking["practices"]) >= 6
    _assert_quotes_verbatim(data, BANKING)


def test_user_sector_from_the_settings_file(tmp_path: Path) -> None:
    config = tmp_path / "kamlit.toml"
    config.write_text(
        f"[sectors]\nlexicons = [{json.dumps(str(BANKING_SECTORS))}]\n"
        "[summarize]\nmax_practices = 5\n",
        "utf-8",
    )
    result = _run(str(BANKING), "--config", str(config), "--sector", "银行")
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert "## 银行 (banking)\n\nBased on 6 abstracts." in page
    assert "## 电信" not in page
    assert sum(line.startswith(("1. **", "5. **")) for line in page.splitlines()) == 2
    assert "6. **" not in page
    without = _run(str(BANKING), "--sector", "banking")
    assert without.exit_code == 2 and "unknown sector 'banking'" in without.stderr


def test_two_runs_are_byte_identical_whatever_the_hash_seed() -> None:
    first = _kamlit(str(CORPUS_FILE), "--json", hashseed="1").stdout
    second = _kamlit(str(CORPUS_FILE), "--json", hashseed="2").stdout
    assert first == second and first.startswith("{")


def test_two_markdown_runs_are_byte_identical(tmp_path: Path) -> None:
    args = [str(BANKING), "--sectors", str(BANKING_SECTORS), "--explain", "--out"]
    _run(*args, str(tmp_path / "a.md"))
    _run(*args, str(tmp_path / "b.md"))
    assert (tmp_path / "a.md").read_bytes() == (tmp_path / "b.md").read_bytes()
