"""The command line speaks the chosen language: `--lang zh` prints the catalogue's Chinese,
`--lang en` (and an English locale) today's English, and a sector has one label everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kamlit.i18n import MESSAGES, catalogue

runner = CliRunner()
WATCHED = ("cli.", "topics.warn.", "graph.warn.", "summarize.warn.")


def _invoke(*args: str, env: dict[str, str] | None = None) -> tuple[str, str]:
    from kamlit.cli import app

    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def english_phrases() -> list[str]:
    """Every phrase of two words or more that the English side of a `cli.` message or an
    analysis warning (`topics.warn.`, `graph.warn.`) prints and the Chinese side does not: what
    must not appear in Chinese output."""
    phrases = set()
    for key, (zh, en) in MESSAGES.items():
        if not key.startswith(WATCHED) or zh == en:
            continue
        for piece in re.split(r"\{[^}]*\}", en):
            words = re.findall(r"[A-Za-z][A-Za-z'-]*", piece)
            text = " ".join(words)
            if len(words) >= 2 and text not in _normalised(zh):
                phrases.add(text)
    return sorted(phrases)


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"[A-Za-z][A-Za-z'-]*", text))


def _no_english(output: str) -> None:
    words = _normalised(output)
    left = [p for p in english_phrases() if re.search(rf"\b{re.escape(p)}\b", words)]
    assert not left, left


def test_the_phrase_list_is_not_empty_and_holds_the_common_lines() -> None:
    phrases = english_phrases()
    assert len(phrases) > 60
    for line in ("written to", "records from", "Most connected concepts", "documents of"):
        assert line in phrases


@pytest.mark.slow
def test_zh_commands_print_chinese(tmp_path: Path) -> None:
    zh = catalogue("zh")
    printed: dict[str, str] = {}
    out, err = _invoke("--lang", "zh", "terms", "--by", "sector", "-n", "5")
    printed["terms"] = out + err
    assert zh.t("cli.terms.title", n=5) in out
    assert "综合（general）" in out  # the one label of `general`, with its key
    out, err = _invoke("--lang", "zh", "topics", "--k", "2", "-o", str(tmp_path / "t"))
    printed["topics"] = out + err
    assert "2 个主题（" in out and "已写入 " in out
    out, err = _invoke("--lang", "zh", "graph", "-o", str(tmp_path / "g"))
    printed["graph"] = out + err
    assert zh.t("cli.graph.top") in out and "筛选：" in out
    out, err = _invoke("--lang", "zh", "graph", "show", "大客户", "-n", "2")
    printed["graph show"] = out + err
    assert "个邻居，证据最强者在前" in out
    digest = tmp_path / "d.md"
    out, err = _invoke("--lang", "zh", "summarize", "--out", str(digest))
    printed["summarize"] = out + err
    assert f"已写入 {digest}：" in err and "条做法，来自" in err
    _, err = _invoke("--lang", "zh", "summarize", "--sector", "general", "--json")
    printed["summarize --json"] = err
    assert "警告：综合（general）：只有 1 篇摘要：" in err
    _, err = _invoke("--lang", "en", "summarize", "--sector", "general", "--json")
    assert err.startswith("warning: general: only 1 abstract: read these practices as leads")
    out, err = _invoke("--lang", "zh", "run", "-q", "-o", str(tmp_path / "run"))
    printed["run"] = out + err
    assert "20 篇文献；" in out and f"打开 {tmp_path / 'run'}" in out
    for command, output in printed.items():
        try:
            _no_english(output)
        except AssertionError as exc:
            raise AssertionError(f"{command}: English left: {exc}") from None


def test_en_is_today_english(tmp_path: Path) -> None:
    out, _ = _invoke("--lang", "en", "topics", "--k", "2", "-o", str(tmp_path / "t"))
    assert re.search(r"^2 topics \(tomotopy, seed 42\)", out, re.M)
    assert re.search(
        r"^\d+ documents of 20 records, \d+ terms; \d+ of at most \d+ Gibbs", out, re.M
    )
    assert f"written to {tmp_path / 't'}/: topics.json" in out
    out, _ = _invoke("--lang", "en", "terms", "--by", "sector", "-n", "3")
    assert "Top 3 terms" in out
    assert re.search(r"^\s*general: \d+ records, \d+ tokens", out, re.M)
    assert "综合" not in out  # one label per sector: general, in English


def test_locale_and_settings_file_choose_the_language(tmp_path: Path) -> None:
    out, _ = _invoke("config", "show", env={"LANG": "zh_CN.UTF-8"})
    assert out.splitlines()[1].split() == ["┃", "设置", "┃", "值", "┃", "来源", "┃"]
    out, _ = _invoke("config", "show", env={"LANG": "en_US.UTF-8"})
    assert "┃ setting" in out
    config = tmp_path / "kamlit.toml"
    config.write_text('[report]\nlang = "zh"\n', encoding="utf-8")
    out, _ = _invoke("config", "show", "--config", str(config))
    assert "设置" in out
    out, _ = _invoke("--lang", "en", "config", "show", "--config", str(config))
    assert "setting" in out and "设置" not in out


def test_errors_use_the_chosen_language() -> None:
    from kamlit.cli import app

    result = runner.invoke(app, ["--lang", "zh", "graph", "show", "大客户", "--limit", "-1"])
    assert result.exit_code != 0
    assert "kamlit：错误：--limit 和 --quotes 必须为 0 或更大" in result.stderr
    result = runner.invoke(app, ["graph", "show", "大客户", "--limit", "-1"])
    assert "kamlit: error: --limit and --quotes must be 0 or more, got -1 and 3" in result.stderr


def test_every_cli_message_formats_in_both_languages() -> None:
    """Both sides of a `cli.` message take the same fields, so neither can fail to format."""
    for key, (zh, en) in MESSAGES.items():
        if key.startswith("cli."):
            fields = set(re.findall(r"\{(\w+)", zh))
            assert fields == set(re.findall(r"\{(\w+)", en)), key


def test_warnings_are_notices_rendered_in_either_language() -> None:
    from kamlit.corpus import prepare
    from kamlit.graph import build_concept_graph, graph_from_dict, graph_to_dict
    from kamlit.i18n import Notice
    from kamlit.settings import Settings

    prepared = prepare([Path(__file__).resolve().parent.parent / "corpus"], settings=Settings())
    graph = build_concept_graph(prepared)
    assert graph.notices and graph.notices[0].key == "graph.warn.small"
    en, zh = catalogue("en"), catalogue("zh")
    # The English sentences of the JSON contract are the catalogue's English.
    assert list(graph.warnings) == en.warnings(graph.notices, graph.warnings)
    assert graph.warnings[0].startswith("small corpus (20 records, ")
    assert zh.warnings(graph.notices, graph.warnings)[0].startswith("小语料（20 篇文献，")
    assert "个句子）" in zh.notice(graph.notices[0])  # the window is translated too
    data = graph_to_dict(graph)
    assert data["graph"]["notices"][0]["key"] == "graph.warn.small"
    assert graph_from_dict(data).notices == graph.notices
    # A file written before notices existed shows its English sentences in any language.
    del data["graph"]["notices"]
    old = graph_from_dict(data)
    assert old.notices == () and zh.warnings(old.notices, old.warnings) == list(graph.warnings)
    with pytest.raises(KeyError):
        Notice.of("no.such.message")
    notice = Notice.of(
        "topics.warn.not_converged",
        terms={"unit": "topics.warn.unit.sweeps"},
        iterations=5,
        tolerance="0.001",
    )
    assert Notice.from_dict(notice.to_dict()) == notice
    assert en.notice(notice) == (
        "the fit did not converge within its budget of 5 sweeps (tolerance 0.001); raise "
        "topics.passes"
    )


def test_digest_notes_are_notices_too() -> None:
    from kamlit.corpus import prepare
    from kamlit.settings import Settings, SummarizeSettings
    from kamlit.summarize import digests_from_dict, digests_to_dict, summarize_sectors

    prepared = prepare([Path(__file__).resolve().parent.parent / "corpus"], settings=Settings())
    digests = summarize_sectors(
        prepared, settings=SummarizeSettings(min_records=2), sectors=["general"]
    )
    (general,) = digests.digests
    assert [n.key for n in general.notices] == ["summarize.warn.absent_one"]
    assert (
        general.absent
        == general.warning
        == (
            "only 1 of the 20 abstracts is about general, fewer than "
            "summarize.min_records (2): too few to digest; read it directly"
        )
    )
    assert catalogue("zh").notice(general.notices[0]).startswith("20 篇摘要中只有 1 篇属于综合")
    assert digests_from_dict(digests_to_dict(digests)).digests[0].notices == general.notices
