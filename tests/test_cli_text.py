"""The segment, terms and kwic commands: JSON contracts, readable views, errors, light --help."""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

from kamlit.cli import app

SRC = Path(__file__).resolve().parents[1] / "src"
runner = CliRunner()


def test_segment_json_lines() -> None:
    result = runner.invoke(app, ["segment", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 20
    for row in rows:
        assert set(row) == {"id", "tokens", "sentences"}
        assert row["tokens"] == [t for s in row["sentences"] for t in s]
    assert rows[0]["id"] == "key-accounts-similar-literature:1"
    assert "大客户" in rows[0]["tokens"]


def test_segment_engines_and_cache_give_the_same_output() -> None:
    outputs = {
        tuple(args): runner.invoke(app, ["segment", "--json", *args]).stdout
        for args in (["--no-cache", "--segmenter", "jieba"], ["--segmenter", "rjieba"], [])
    }
    assert len(set(outputs.values())) == 1


def test_segment_readable_view() -> None:
    result = runner.invoke(app, ["segment"])
    assert result.exit_code == 0, result.output
    assert "key-accounts-similar-literature:12" in result.stdout
    assert "20 records" in result.stdout


def test_terms_json_contract() -> None:
    result = runner.invoke(app, ["terms", "--json", "--by", "sector", "--top", "5"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # The documented keys; the rest (schema, group sizes, prior) let TermsResult.from_dict
    # rebuild the result.
    assert {"terms", "by"} <= set(data) and data["schema"] == "kamlit-terms/1"
    assert len(data["terms"]) == 5
    assert data["terms"][0] == {
        "term": "大客户",
        "freq": data["terms"][0]["freq"],
        "df": 18,
        "tfidf": data["terms"][0]["tfidf"],
    }
    assert {"telecom", "postal"} <= set(data["by"])
    assert all({"term", "score"} <= set(t) for ts in data["by"].values() for t in ts)


def test_terms_readable_view_and_bad_group() -> None:
    result = runner.invoke(app, ["terms", "--by", "year", "--top", "3"])
    assert result.exit_code == 0, result.output
    assert "2003" in result.stdout and "tf-idf" in result.stdout
    bad = runner.invoke(app, ["terms", "--by", "author"])
    assert bad.exit_code == 2
    assert "cannot group by 'author'" in bad.output


def test_kwic_json_contract() -> None:
    result = runner.invoke(app, ["kwic", "大客户", "--json", "--width", "5"])
    assert result.exit_code == 0, result.output
    lines = json.loads(result.stdout)
    assert len(lines) > 80
    assert all(set(x) == {"id", "field", "left", "term", "right"} for x in lines)
    assert {x["field"] for x in lines} == {"title", "abstract"}
    assert {x["term"] for x in lines} >= {"大客户", "关键客户", "KEY ACCOUNT"}


def test_kwic_readable_view() -> None:
    result = runner.invoke(app, ["kwic", "二八理论"])
    assert result.exit_code == 0, result.output
    assert "7 occurrences in 4 records of 二八法则" in result.stdout  # one in a title
    assert "80/20法则" in result.stdout


def test_bad_segmenter_is_a_usage_error() -> None:
    result = runner.invoke(app, ["segment", "--segmenter", "thulac"])
    assert result.exit_code == 2
    assert "segment.segmenter" in result.output


def test_missing_input_is_an_input_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["kwic", "大客户", str(tmp_path / "none.txt")])
    assert result.exit_code == 1


GOLDEN = Path(__file__).resolve().parent / "fixtures" / "golden"


def _golden(name: str, text: str) -> None:
    """Compare with the stored snapshot (KAMLIT_UPDATE_GOLDEN=1 rewrites it)."""
    path = GOLDEN / name
    if os.environ.get("KAMLIT_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_golden_outputs() -> None:
    segment = runner.invoke(app, ["segment", "--json"]).stdout.splitlines()
    _golden("segment-record-17.jsonl", segment[16] + "\n")
    _golden(
        "terms-by-sector-top-5.json",
        runner.invoke(app, ["terms", "--json", "--by", "sector", "-n", "5"]).stdout,
    )
    kwic = json.loads(runner.invoke(app, ["kwic", "关键客户", "--json", "--width", "8"]).stdout)
    _golden("kwic-key-account.json", json.dumps(kwic[:4], ensure_ascii=False, indent=1) + "\n")
