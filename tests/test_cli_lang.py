"""The command line speaks the chosen language: `--lang zh` prints the catalogue's Chinese,
`--lang en` (and an English locale) today's English, and a sector has one label everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kamlit.i18n import MESSAGES, catalogue

runner = CliRunner()
WATCHED = (
    "cli.",
    "topics.warn.",
    "graph.warn.",
    "summarize.warn.",
    "problem.",
    "error.",
    "merge.",
    "run.",
)


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


# --------------------------------------------------------------------------- input problems
# and errors: each case makes the bad input, runs one command, and names the English line it
# prints (today's text, unchanged) and the catalogue keys whose Chinese `--lang zh` prints.

ZH_TEXT = "营销资源的有限性要求电信企业对大客户实行差异化的资源配置。本文构建了大客户价值评价模型。"


def _ris(title: str, extra: str = "") -> str:
    return f"TY  - JOUR\nAU  - 钱志刚\nTI  - {title}\n{extra}AB  - {ZH_TEXT}\nER  - \n\n"


def _refworks(titles: list[str]) -> str:
    return "".join(
        f"RT Journal Article\nA1 作者{i};\nT1 {title}\nJF 通信企业管理\nYR 2006\n"
        f"AB {title}的摘要正文，分析了大客户营销的现状。\nDS CNKI\n\n"
        for i, title in enumerate(titles, start=1)
    )


def _jsonl(*records: object) -> str:
    import json

    return "".join(
        (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records
    )


def _write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _fake_run(root: Path, files: dict[str, bytes], listed: tuple[str, ...]) -> Path:
    """A run folder holding `files`, whose manifest lists the SHA-256 of those in `listed`."""
    import hashlib
    import json

    root.mkdir()
    for name, data in files.items():
        (root / name).write_bytes(data)
    outputs = {name: hashlib.sha256(files[name]).hexdigest() for name in listed}
    (root / "manifest.json").write_text(json.dumps({"outputs": outputs}), encoding="utf-8")
    return root


def _case_not_found(tmp: Path) -> list[str]:
    return ["ingest", str(tmp / "nowhere.txt")]


def _case_empty_folder(tmp: Path) -> list[str]:
    (tmp / "empty").mkdir()
    return ["ingest", str(tmp / "empty")]


def _case_fifo(tmp: Path) -> list[str]:
    import os

    os.mkfifo(tmp / "pipe")
    return ["ingest", str(tmp / "pipe")]


def _case_empty_file(tmp: Path) -> list[str]:
    return ["ingest", str(_write(tmp / "empty.txt", ""))]


def _case_controls(tmp: Path) -> list[str]:
    return ["ingest", str(_write(tmp / "x.txt", "TY  - JOUR\n" + "\x01\x02\x03a" * 100))]


def _case_bom(tmp: Path) -> list[str]:
    return ["ingest", str(_write(tmp / "x.txt", b"\xff\xfea\x00b"))]


def _case_nul(tmp: Path) -> list[str]:
    return ["ingest", str(_write(tmp / "x.txt", b"TY  - JOUR\n" + b"\x00\x01\x02\x03" * 500))]


def _case_encoding(tmp: Path) -> list[str]:
    return ["ingest", str(_write(tmp / "x.bin", bytes(range(256)) * 4))]


def _case_unknown_format(tmp: Path) -> list[str]:
    return ["ingest", str(_write(tmp / "x.txt", "hello\nworld\n"))]


def _case_format_flag(tmp: Path) -> list[str]:
    return ["ingest", "--format", "bogus", str(_write(tmp / "x.txt", "hello\n"))]


def _case_no_record(tmp: Path) -> list[str]:
    return ["ingest", str(_write(tmp / "empty.ris", "TY  - JOUR\nPY  - 2008\nER  - \n"))]


def _case_nothing_readable(tmp: Path) -> list[str]:
    (tmp / "in").mkdir()
    _write(tmp / "in" / "notes.txt", "hello\nworld\n")
    return ["ingest", str(tmp / "in")]


def _case_file_skipped(tmp: Path) -> list[str]:
    (tmp / "in").mkdir()
    _write(tmp / "in" / "notes.txt", "hello\nworld\n")
    _write(tmp / "in" / "a.ris", _ris("电信大客户"))
    return ["ingest", "--json", str(tmp / "in")]


def _case_csv_limit(tmp: Path) -> list[str]:
    return ["ingest", str(_write(tmp / "big.csv", "题名,摘要\n电信," + "长" * 200_000 + "\n"))]


def _case_output_folder(tmp: Path) -> list[str]:
    _write(tmp / "a.ris", _ris("电信大客户"))
    (tmp / "out").mkdir()
    return ["ingest", "--json", "-o", str(tmp / "out"), str(tmp / "a.ris")]


def _case_output_device(tmp: Path) -> list[str]:
    return ["ingest", "--json", "-o", "/dev/null", str(_write(tmp / "a.ris", _ris("电信大客户")))]


def _case_output_under_file(tmp: Path) -> list[str]:
    _write(tmp / "a.ris", _ris("电信大客户"))
    return ["ingest", "--json", "-o", str(tmp / "a.ris" / "x.jsonl"), str(tmp / "a.ris")]


def _case_settings(toml: str) -> object:
    def build(tmp: Path) -> list[str]:
        return ["config", "show", "--config", str(_write(tmp / "k.toml", toml))]

    return build


def _case_settings_missing(tmp: Path) -> list[str]:
    return ["config", "show", "--config", str(tmp / "none.toml")]


def _case_not_run(tmp: Path) -> list[str]:
    (tmp / "run").mkdir()
    return ["report", str(tmp / "run")]


def _case_incomplete(tmp: Path) -> list[str]:
    (tmp / "run").mkdir()
    _write(tmp / "run" / "records.jsonl", "")
    return ["report", str(tmp / "run")]


def _case_changed(tmp: Path) -> list[str]:
    root = _fake_run(tmp / "run", {"records.jsonl": b""}, ())
    _write(root / "manifest.json", '{"outputs": {"records.jsonl": "0"}}')
    return ["report", str(root)]


def _case_foreign(tmp: Path) -> list[str]:
    files = {"records.jsonl": b"", "sectors.json": b"{}"}
    return ["report", str(_fake_run(tmp / "run", files, ("records.jsonl",)))]


def _case_run_json(tmp: Path) -> list[str]:
    files = {"records.jsonl": b"", "sectors.json": b"{\n bad"}
    return ["report", str(_fake_run(tmp / "run", files, ("records.jsonl", "sectors.json")))]


def _case_run_utf8(tmp: Path) -> list[str]:
    files = {"records.jsonl": b"", "sectors.json": b"\xff\xfe\xfd"}
    return ["report", str(_fake_run(tmp / "run", files, ("records.jsonl", "sectors.json")))]


def _case_run_malformed(tmp: Path) -> list[str]:
    files = {"records.jsonl": b"", "sectors.json": b"{}"}
    return ["report", str(_fake_run(tmp / "run", files, ("records.jsonl", "sectors.json")))]


def _case_schema(tmp: Path) -> list[str]:
    files = {"records.jsonl": b"", "sectors.json": b'{"schema": "kamlit-sectors/999"}'}
    return ["report", str(_fake_run(tmp / "run", files, ("records.jsonl", "sectors.json")))]


def _case_export_suffix(tmp: Path) -> list[str]:
    return ["export", "-o", str(tmp / "x.foo"), str(_write(tmp / "a.ris", _ris("电信大客户")))]


def _case_export_to(tmp: Path) -> list[str]:
    return ["export", "--to", "bogus", str(_write(tmp / "a.ris", _ris("电信大客户")))]


def _case_kwic_width(tmp: Path) -> list[str]:
    return ["kwic", "大客户", "--width", "-1", str(_write(tmp / "a.ris", _ris("电信大客户")))]


def _sectors_case(toml: str, *extra: str) -> object:
    """`kamlit summarize --sectors s.toml` with a sector lexicon of this text (the lexicon is
    read before the corpus, so the error comes first)."""

    def build(tmp: Path) -> list[str]:
        lexicon = _write(tmp / "s.toml", toml)
        ris = _write(tmp / "a.ris", _ris("电信大客户"))
        return ["summarize", "--sectors", str(lexicon), *extra, str(ris)]

    return build


def _case_sector_unreadable(tmp: Path) -> list[str]:
    ris = _write(tmp / "a.ris", _ris("电信大客户"))
    return ["summarize", "--sectors", str(tmp / "none.toml"), str(ris)]


def _case_unknown_sector(tmp: Path) -> list[str]:
    return ["summarize", "--sector", "bogus", str(_write(tmp / "a.ris", _ris("电信大客户")))]


def _case_terms_top(tmp: Path) -> list[str]:
    return ["terms", "--top", "0", str(_write(tmp / "a.ris", _ris("电信大客户")))]


def _case_terms_by(tmp: Path) -> list[str]:
    return ["terms", "--by", "color", str(_write(tmp / "a.ris", _ris("电信大客户")))]


def _lexicon_case(setting: str, name: str, content: str | bytes) -> object:
    """`kamlit terms` with a settings file naming one dictionary, stop-word or synonym file."""

    def build(tmp: Path) -> list[str]:
        _write(tmp / name, content)
        config = _write(tmp / "k.toml", f"[segment]\n{setting} = {setting_value}\n")
        ris = _write(tmp / "a.ris", _ris("电信大客户"))
        return ["terms", "--config", str(config), str(ris)]

    setting_value = f'["{name}"]' if setting == "user_dicts" else f'"{name}"'
    return build


def _loadable_run(root: Path, files: dict[str, bytes]) -> Path:
    """A run folder whose records.jsonl, sectors.json and manifest.json load (no records, no
    sectors), holding `files` besides, every file listed in the manifest with its SHA-256."""
    import hashlib
    import json

    files = {
        "records.jsonl": b"",
        "sectors.json": b'{"sectors": [], "records": []}',
        **files,
    }
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    manifest = {
        "kamlit": "0",
        "inputs": [],
        "input_hash": "",
        "records": 0,
        "problems": [],
        "merges": [],
        "seed": 42,
        "settings": {},
        "outputs": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
    }
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return root


def _run_case(files: dict[str, bytes]) -> object:
    """`kamlit report` of a loadable run folder holding these files."""

    def build(tmp: Path) -> list[str]:
        return ["report", str(_loadable_run(tmp / "run", files))]

    return build


GRAPH_HEAD = b'{"graph": {"format": "kamlit-concept-graph", "evidence": "graph_evidence.jsonl"}'


def _case_glued(tmp: Path) -> list[str]:
    return ["ingest", "--json"]  # the bundled corpus: one record's title was glued


def _case_damaged_utf8(tmp: Path) -> list[str]:
    data = (_ris("电信大客户价值评价") + _ris("邮政大客户")).encode()
    return [
        "ingest",
        "--json",
        str(_write(tmp / "cut.ris", data.replace("邮政".encode(), b"\xff"))),
    ]


def _case_damaged_gb18030(tmp: Path) -> list[str]:
    data = _refworks(["电信大客户营销", "邮政大客户服务", "集团客户关系管理"]).encode("gb18030")
    marker = "邮政大客户服务的摘要".encode("gb18030")
    data = data.replace(marker, marker[:4] + b"\xff" + marker[4:])
    return ["ingest", "--json", str(_write(tmp / "export.txt", data))]


def _case_damaged_lines(tmp: Path) -> list[str]:
    text = "\x01\x02\n" + _ris("电信大客户价值评价") + _ris("邮政大客户")
    return ["ingest", "--json", "--format", "ris", str(_write(tmp / "x.ris", text))]


def _case_cp1252(tmp: Path) -> list[str]:
    text = (
        "TY  - JOUR\nAU  - Müller, Jörg\nTI  - Key accounts at Europe's posts: a résumé\nER  - \n"
    )
    return ["ingest", "--json", str(_write(tmp / "w.ris", text.encode("cp1252")))]


def _case_tagged(tmp: Path) -> list[str]:
    text = (
        _ris("电信大客户价值评价", "PY  - 20xx\n")
        + "stray line here\n"
        + _ris("电信大客户")
        + f"TY  - JOUR\nTI  - 未完\nAB  - {ZH_TEXT}\n"
    )
    return ["ingest", "--json", str(_write(tmp / "p.ris", text))]


def _case_jsonl(tmp: Path) -> list[str]:
    good = {"title": "电信大客户", "abstract": ZH_TEXT, "cited": "many", "year": "x" * 80}
    text = _jsonl(good, '{"title": ', "[1, 2]", "[" * 100_000)
    return ["ingest", "--json", str(_write(tmp / "r.jsonl", text))]


def _case_csv(tmp: Path) -> list[str]:
    text = f"题名,摘要,年\n电信大客户,{ZH_TEXT},2008\n邮政,大客户,2009,extra\n"
    return ["ingest", "--json", str(_write(tmp / "r.csv", text))]


def _case_listing(tmp: Path) -> list[str]:
    page = (
        "相似文献\n 共查询到5条相似文献\n1.\n电信企业大客户营销渠道建设   总被引:2,自引:0,他引:2\n"
        f"{ZH_TEXT}  相似文献\n\n2.\n邮政大客户管理   总被引:1,自引:0,他引:1\n\n"
    )
    return ["ingest", "--json", str(_write(tmp / "page.txt", page))]


def _case_merge(tmp: Path) -> list[str]:
    record = {"title": "电信大客户", "authors": ["钱志刚"], "year": 2008, "abstract": ZH_TEXT}
    return ["ingest", "--json", str(_write(tmp / "d.jsonl", _jsonl(record, record)))]


# (id, build, the English lines printed today ({tmp} is the test's folder), translated keys)
INPUT_CASES = [
    (
        "not-found",
        _case_not_found,
        ["kamlit: error: {tmp}/nowhere.txt: no such file or directory"],
        ["error.not_found"],
    ),
    (
        "empty-folder",
        _case_empty_folder,
        ["kamlit: error: {tmp}/empty: directory holds no files"],
        ["error.empty_folder"],
    ),
    (
        "fifo",
        _case_fifo,
        ["kamlit: error: {tmp}/pipe: is not a regular file (a device, FIFO or socket)"],
        ["error.not_regular"],
    ),
    (
        "empty-file",
        _case_empty_file,
        ["kamlit: error: {tmp}/empty.txt: file is empty"],
        ["error.empty_file"],
    ),
    (
        "controls",
        _case_controls,
        ["kamlit: error: {tmp}/x.txt: looks like a binary file (utf-8 gave control characters)"],
        ["error.binary_controls"],
    ),
    (
        "bom",
        _case_bom,
        [
            (
                "kamlit: error: {tmp}/x.txt: starts with a utf-16-le byte-order mark but is not "
                "utf-16-le: truncated data"
            )
        ],
        ["error.bad_bom"],
    ),
    (
        "nul",
        _case_nul,
        ["kamlit: error: {tmp}/x.txt: looks like a binary file (NUL bytes, not UTF-16 text)"],
        ["error.binary_nul"],
    ),
    (
        "encoding",
        _case_encoding,
        [
            (
                "kamlit: error: {tmp}/x.bin: cannot tell the text encoding (tried UTF-8, UTF-16, "
                "GB18030 and charset-normalizer's guesses); looks like a binary file"
            )
        ],
        ["error.unknown_encoding"],
    ),
    (
        "unknown-format",
        _case_unknown_format,
        [
            (
                "kamlit: error: {tmp}/x.txt: unknown format: not a listing page or a known export "
                "format (known: jsonl, noteexpress, ris, wos, refworks, endnote, estudy, csv, "
                "listing)"
            )
        ],
        ["error.unknown_format"],
    ),
    (
        "format-flag",
        _case_format_flag,
        [
            (
                "kamlit: error: unknown format 'bogus'; expected one of auto, jsonl, noteexpress, "
                "ris, wos, refworks, endnote, estudy, csv, listing"
            )
        ],
        ["error.format_setting"],
    ),
    (
        "no-record",
        _case_no_record,
        [
            (
                "kamlit: error: {tmp}/empty.ris: no record could be read as ris (empty.ris:1: "
                "record 1 has no title and no abstract; skipped)"
            )
        ],
        ["error.no_record_because", "problem.empty_record"],
    ),
    (
        "nothing-readable",
        _case_nothing_readable,
        [
            (
                "kamlit: error: {tmp}/in: nothing readable: no file there holds records in a known "
                "format"
            )
        ],
        ["error.nothing_readable"],
    ),
    (
        "file-skipped",
        _case_file_skipped,
        [
            (
                "skipped: {tmp}/in/notes.txt: unknown format: not a listing page or a known export "
                "format (known: jsonl, noteexpress, ris, wos, refworks, endnote, estudy, csv, "
                "listing); file skipped"
            )
        ],
        ["problem.file_skipped", "error.unknown_format"],
    ),
    (
        "csv-limit",
        _case_csv_limit,
        [
            (
                "kamlit: error: {tmp}/big.csv: no record could be read as csv (big.csv:2: not "
                "readable as CSV: field larger than field limit (131072); rest skipped)"
            )
        ],
        ["problem.not_csv", "csv.field_limit"],
    ),
    (
        "output-folder",
        _case_output_folder,
        ["kamlit: error: {tmp}/out: refusing to write: the output is a folder"],
        ["error.output_is_folder"],
    ),
    (
        "output-device",
        _case_output_device,
        [
            (
                "kamlit: error: /dev/null: refusing to write: the output is not a regular file (a "
                "device?)"
            )
        ],
        ["error.output_not_regular"],
    ),
    (
        "output-under-file",
        _case_output_under_file,
        ["kamlit: error: {tmp}/a.ris/x.jsonl: cannot write: Not a directory"],
        ["error.cannot_write", "os.ENOTDIR"],
    ),
    (
        "settings-missing",
        _case_settings_missing,
        ["kamlit: error: {tmp}/none.toml: cannot read settings file: No such file or directory"],
        ["error.settings_unreadable", "os.ENOENT"],
    ),
    (
        "settings-toml",
        _case_settings("x = = 1\n"),
        ["kamlit: error: {tmp}/k.toml: not valid TOML: Invalid value (at line 1, column 5)"],
        ["error.not_toml"],
    ),
    (
        "settings-unknown",
        _case_settings("[topics]\nbogus = 1\n"),
        [
            (
                "kamlit: error: {tmp}/k.toml: unknown setting 'topics.bogus' (known here: engine, "
                "iterations, k, k_max, k_min, max_df, max_terms, min_df, passes, stability_runs, "
                "tolerance, top_records, top_terms)"
            )
        ],
        ["error.unknown_setting_here"],
    ),
    (
        "settings-table",
        _case_settings("topics = 3\n"),
        ["kamlit: error: {tmp}/k.toml: [topics] must be a table, got 3"],
        ["error.not_table"],
    ),
    (
        "settings-whole",
        _case_settings("[topics]\nk_min = 0\n"),
        ["kamlit: error: {tmp}/k.toml: topics.k_min is 0; expected a whole number >= 2"],
        ["error.setting_range", "range.bound", "range.whole"],
    ),
    (
        "settings-bounds",
        _case_settings("[topics]\nmax_df = 0\n"),
        ["kamlit: error: {tmp}/k.toml: topics.max_df is 0; expected a number > 0 and <= 1"],
        ["error.setting_range", "range.bounds", "range.number"],
    ),
    (
        "settings-int",
        _case_settings('[topics]\nk_min = "x"\n'),
        ["kamlit: error: {tmp}/k.toml: setting 'topics.k_min' must be an integer, got 'x'"],
        ["error.setting_int"],
    ),
    (
        "settings-number",
        _case_settings('[topics]\ntolerance = "x"\n'),
        ["kamlit: error: {tmp}/k.toml: setting 'topics.tolerance' must be a number, got 'x'"],
        ["error.setting_number"],
    ),
    (
        "settings-bool",
        _case_settings('[cache]\nenabled = "maybe"\n'),
        ["kamlit: error: {tmp}/k.toml: setting 'cache.enabled' must be true or false, got 'maybe'"],
        ["error.setting_bool"],
    ),
    (
        "settings-choice",
        _case_settings('[report]\nlang = "fr"\n'),
        [
            (
                "kamlit: error: {tmp}/k.toml: setting 'report.lang' is 'fr'; expected one of "
                "'auto', 'zh', 'en'"
            )
        ],
        ["error.setting_choice"],
    ),
    (
        "settings-k",
        _case_settings('[topics]\nk = "x"\n'),
        [
            (
                "kamlit: error: {tmp}/k.toml: topics.k is 'x'; expected a whole number of topics "
                ">= 2 or 'auto'"
            )
        ],
        ["error.topic_count"],
    ),
    (
        "settings-backbone",
        _case_settings("[graph]\nbackbone = 2\n"),
        [
            (
                "kamlit: error: {tmp}/k.toml: graph.backbone is 2; expected 'auto', 'off' or an "
                "alpha between 0 and 1 such as 0.05"
            )
        ],
        ["error.backbone"],
    ),
    (
        "settings-k-max",
        _case_settings("[topics]\nk_min = 5\nk_max = 3\n"),
        [
            (
                "kamlit: error: {tmp}/k.toml: topics.k_max is 3; expected a whole number >= "
                "topics.k_min (5)"
            )
        ],
        ["error.k_max"],
    ),
    (
        "settings-alias",
        _case_settings('cache_dir = "cache"\n'),
        ["kamlit: note: {tmp}/k.toml: 'cache_dir' is deprecated; read as 'cache.dir' ([cache])"],
        ["note.alias_read"],
    ),
    (
        "settings-alias-ignored",
        _case_settings("[segment]\ncache = false\n[cache]\nenabled = true\n"),
        [
            "kamlit: note: {tmp}/k.toml: 'segment.cache' is deprecated and ignored: "
            "'cache.enabled' is also set"
        ],
        ["note.alias_ignored"],
    ),
    (
        "not-run",
        _case_not_run,
        ["kamlit: error: {tmp}/run: not a kamlit run folder: records.jsonl is missing"],
        ["error.not_run_folder"],
    ),
    (
        "run-incomplete",
        _case_incomplete,
        [
            (
                "kamlit: error: {tmp}/run: incomplete run folder: the run that wrote it did not "
                "finish; run `kamlit run` again"
            )
        ],
        ["error.run_incomplete"],
    ),
    (
        "run-changed",
        _case_changed,
        [
            (
                "kamlit: error: {tmp}/run/records.jsonl: changed since the run wrote it (its "
                "SHA-256 differs from manifest.json); run `kamlit run` again"
            )
        ],
        ["error.run_changed"],
    ),
    (
        "run-foreign",
        _case_foreign,
        [
            (
                "kamlit: error: {tmp}/run/sectors.json: does not belong to this run folder's "
                "manifest (a mix of two runs?); run `kamlit run` again"
            )
        ],
        ["error.run_foreign"],
    ),
    (
        "run-json",
        _case_run_json,
        [
            (
                "kamlit: error: {tmp}/run/sectors.json:2: not valid JSON: Expecting property name "
                "enclosed in double quotes"
            )
        ],
        ["error.not_json", "json.property"],
    ),
    (
        "run-utf8",
        _case_run_utf8,
        ["kamlit: error: {tmp}/run/sectors.json: not UTF-8 text"],
        ["error.not_utf8"],
    ),
    (
        "run-malformed",
        _case_run_malformed,
        ["kamlit: error: {tmp}/run/sectors.json: malformed: 'sectors' is missing"],
        ["error.malformed", "error.key_missing"],
    ),
    (
        "schema-newer",
        _case_schema,
        [
            "kamlit: error: {tmp}/run/sectors.json: schema kamlit-sectors/999 was written by a "
            "newer kamlit; this version reads kamlit-sectors/"
        ],
        ["error.schema_newer"],
    ),
    (
        "export-suffix",
        _case_export_suffix,
        [
            "kamlit: error: cannot tell the export format from the file name 'x.foo': give "
            "--to, or end the name with one of .csv (csv), .xlsx (xlsx), .ris (ris), .bib "
            "(bibtex), .txt (wos)"
        ],
        ["error.export_suffix"],
    ),
    (
        "export-to",
        _case_export_to,
        ["kamlit: error: unknown export format 'bogus'; choose one of csv, xlsx, ris, bibtex, wos"],
        ["error.export_format"],
    ),
    (
        "kwic-width",
        _case_kwic_width,
        ["kamlit: error: --width must be 0 or more, got -1"],
        ["error.kwic_width"],
    ),
    (
        "glued",
        _case_glued,
        [
            (
                "note: key-accounts-similar-literature.txt:58: record 17: title and author were "
                "glued to the abstract; recovered title '80/20法则与服务大客户' and author "
                "'傅张权' (heuristic)"
            )
        ],
        ["problem.glued"],
    ),
    (
        "damaged-utf8",
        _case_damaged_utf8,
        [
            (
                "note: cut.ris: 1 byte sequence(s) are not valid UTF-8 (the rest is); each was "
                "replaced by U+FFFD"
            ),
            "skipped: cut.ris:9: record cut:2 holds NUL, control or undecodable bytes; skipped",
        ],
        ["problem.bad_utf8", "problem.damaged_record"],
    ),
    (
        "damaged-gb18030",
        _case_damaged_gb18030,
        [
            (
                "note: export.txt: 1 byte sequence(s) are not valid GB18030 (the rest is); each "
                "was replaced by U+FFFD"
            )
        ],
        ["problem.bad_gb18030"],
    ),
    (
        "damaged-lines",
        _case_damaged_lines,
        [
            (
                "note: x.ris:1: 1 line(s) outside any record hold NUL, control or undecodable "
                "bytes; ignored"
            )
        ],
        ["problem.damaged_lines"],
    ),
    (
        "cp1252",
        _case_cp1252,
        ["note: w.ris: encoding guessed as cp1252;"],
        ["problem.encoding_guessed"],
    ),
    (
        "tagged",
        _case_tagged,
        [
            "note: p.ris:8: 1 line(s) outside any record ignored (not a tagged field; lines 8)",
            "note: p.ris:1: record 1: year '20xx' is not a year; left empty",
            (
                "skipped: p.ris:15: record 3 is not terminated by 'ER' (file cut short or record "
                "damaged); skipped"
            ),
            "merged: p:2 into p:1 (same abstract)",
        ],
        [
            "problem.stray_lines",
            "problem.untagged",
            "problem.bad_year",
            "problem.unterminated",
            "merge.same_abstract",
        ],
    ),
    (
        "jsonl",
        _case_jsonl,
        [
            (
                "note: r.jsonl:1: record 1: year "
                "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'… (80 characters) "
                "is not a year; left empty"
            ),
            "note: r.jsonl:1: record 1: citation count 'many' is not a whole number; left empty",
            (
                "skipped: r.jsonl:2: record 2 is not valid JSON (Expecting value at column 11); "
                "skipped"
            ),
            "skipped: r.jsonl:3: record 3 is a JSON list, expected an object; skipped",
            "skipped: r.jsonl:4: record 4 is not valid JSON (nested too deeply); skipped",
        ],
        [
            "problem.long_value",
            "problem.bad_count",
            "problem.count.total",
            "problem.not_json_at",
            "json.value",
            "problem.not_object",
            "problem.not_json",
            "json.deep",
        ],
    ),
    (
        "csv",
        _case_csv,
        [
            (
                "skipped: r.csv:3: row 2 has 4 fields but the header has 3 (a stray ',' or "
                "quote?); skipped"
            )
        ],
        ["problem.csv_fields"],
    ),
    (
        "listing",
        _case_listing,
        [
            (
                "note: page.txt: the page says it lists 5 records but 2 were found (a saved page "
                "may hold only part of the results)"
            ),
            "skipped: page.txt:7: record 2 has no abstract; skipped",
        ],
        ["problem.listing_count", "problem.no_abstract"],
    ),
    (
        "merge",
        _case_merge,
        ["merged: d:2 into d:1 (same title, first author and year)"],
        ["merge.same_work"],
    ),
    (
        "sectors-toml",
        _sectors_case("x = = 1\n"),
        ["kamlit: error: {tmp}/s.toml: not valid TOML: Invalid value (at line 1, column 5)"],
        ["error.not_toml"],
    ),
    (
        "sector-empty",
        _sectors_case('[water]\nlabel = "水务"\n'),
        ["kamlit: error: {tmp}/s.toml: sector [water] has neither cues nor journals"],
        ["error.sector_empty"],
    ),
    (
        "sector-not-table",
        _sectors_case("water = 1\n"),
        ["kamlit: error: {tmp}/s.toml: sector [water] must be a table (label, cues, …)"],
        ["error.sector_not_table"],
    ),
    (
        "sector-key",
        _sectors_case('[Water]\ncues = ["水"]\n'),
        [
            (
                "kamlit: error: {tmp}/s.toml: sector key 'Water' must be lower-case ASCII (a-z, "
                "0-9, _ or -) and not 'general' or 'all'"
            )
        ],
        ["error.sector_key"],
    ),
    (
        "sector-fields",
        _sectors_case('[water]\ncues = ["水"]\nbogus = 1\n'),
        [
            (
                "kamlit: error: {tmp}/s.toml: sector [water] has unknown field(s) bogus (known: "
                "ambiguous, cues, exclude, journals, label, weights)"
            )
        ],
        ["error.sector_fields"],
    ),
    (
        "sector-strings",
        _sectors_case('[water]\ncues = "水"\n'),
        ["kamlit: error: {tmp}/s.toml: sector [water] field 'cues' must be a list of strings"],
        ["error.sector_strings"],
    ),
    (
        "sector-label",
        _sectors_case('[water]\nlabel = 1\ncues = ["水"]\n'),
        ["kamlit: error: {tmp}/s.toml: sector [water] field 'label' must be a string"],
        ["error.sector_label"],
    ),
    (
        "sector-weights",
        _sectors_case('[water]\nweights = ["水"]\n'),
        [
            (
                "kamlit: error: {tmp}/s.toml: sector [water] field 'weights' must be a table cue "
                "= number"
            )
        ],
        ["error.sector_weights"],
    ),
    (
        "sector-weight",
        _sectors_case('[water]\nweights = { "水" = -1 }\n'),
        [
            (
                "kamlit: error: {tmp}/s.toml: sector [water] weight of '水' must be a number >= 0, "
                "got -1"
            )
        ],
        ["error.sector_weight"],
    ),
    (
        "sector-same-label",
        _sectors_case('[water]\nlabel = "电信"\ncues = ["水"]\n'),
        [
            (
                "kamlit: error: sectors [telecom] and [water] have the same label '电信'; labels "
                "must tell sectors apart"
            )
        ],
        ["error.sector_same_label"],
    ),
    (
        "sector-unreadable",
        _case_sector_unreadable,
        [
            (
                "kamlit: error: {tmp}/none.toml: cannot read sector lexicon: [Errno 2] No such "
                "file or directory: '{tmp}/none.toml'"
            )
        ],
        ["error.sector_unreadable", "os.ENOENT"],
    ),
    (
        "unknown-sector",
        _case_unknown_sector,
        [
            (
                "kamlit: error: unknown sector 'bogus'; known sectors: telecom (电信), postal "
                "(邮政), general (综合), all"
            )
        ],
        ["error.unknown_sector"],
    ),
    (
        "terms-top",
        _case_terms_top,
        ["kamlit: error: --top must be at least 1, got 0"],
        ["error.terms_top"],
    ),
    (
        "terms-by",
        _case_terms_by,
        ["kamlit: error: cannot group by 'color'; expected one of sector, year, journal"],
        ["error.terms_by"],
    ),
    (
        "lexicon-encoding",
        _lexicon_case("user_dicts", "d.txt", b"\xff\xff\xfe\n"),
        ["kamlit: error: {tmp}/d.txt: lexicon file is neither UTF-8 nor GB18030 text"],
        ["error.lexicon_encoding"],
    ),
    (
        "dict-frequency",
        _lexicon_case("user_dicts", "d.txt", "大客户 0\n"),
        ["kamlit: error: {tmp}/d.txt:1: frequency must be a positive integer, got 0 in '大客户 0'"],
        ["error.dict_frequency"],
    ),
    (
        "synonym-line",
        _lexicon_case("synonyms", "syn.txt", "甲乙丙\n"),
        [
            (
                "kamlit: error: {tmp}/syn.txt:1: expected 'canonical<TAB>variant…' or "
                "'canonical = variant, …'"
            )
        ],
        ["error.synonym_line"],
    ),
    (
        "synonym-short",
        _lexicon_case("synonyms", "syn.txt", "甲乙 =\n"),
        [
            (
                "kamlit: error: {tmp}/syn.txt:1: a synonym line needs a canonical term and at "
                "least one variant"
            )
        ],
        ["error.synonym_short"],
    ),
    (
        "synonym-cycle",
        _lexicon_case("synonyms", "syn.txt", "甲乙\t丙丁\n丙丁\t甲乙\n"),
        ["kamlit: error: synonym cycle through '丙丁': ['丙丁', '甲乙']"],
        ["error.synonym_cycle"],
    ),
    (
        "graph-foreign",
        _run_case({"graph/graph.json": b'{"graph": {}}'}),
        [
            (
                "kamlit: error: {tmp}/run/graph/graph.json: malformed: not a kamlit concept "
                "graph (graph.format is missing or different)"
            )
        ],
        ["error.malformed", "error.graph_format"],
    ),
    (
        "graph-newer",
        _run_case(
            {"graph/graph.json": b'{"graph": {"format": "kamlit-concept-graph", "version": 9}}'}
        ),
        [
            (
                "kamlit: error: {tmp}/run/graph/graph.json: graph version 9 was written by a "
                "newer kamlit; this version reads version 2 and older: upgrade kamlit"
            )
        ],
        ["error.graph_newer"],
    ),
    (
        "graph-evidence-header",
        _run_case(
            {
                "graph/graph.json": GRAPH_HEAD + b', "edges": []}',
                "graph/graph_evidence.jsonl": b'{"format": "x"}\n',
            }
        ),
        [
            (
                "kamlit: error: {tmp}/run/graph/graph.json: malformed: graph_evidence.jsonl does "
                "not start with its kamlit-graph-evidence header"
            )
        ],
        ["error.malformed", "error.evidence_header"],
    ),
    (
        "graph-evidence-line",
        _run_case(
            {
                "graph/graph.json": GRAPH_HEAD + b', "edges": []}',
                "graph/graph_evidence.jsonl": b'{"format": "x"}\n[1]\n',
            }
        ),
        ["kamlit: error: {tmp}/run/graph/graph_evidence.jsonl:2: not a JSON object"],
        ["error.not_json_object"],
    ),
    (
        "result-decode",
        _run_case({"sectors.json": b'{"sectors": [], "records": [{"id": 1}]}'}),
        [
            (
                "kamlit: error: {tmp}/run/sectors.json: malformed: records[0].id: expected str, "
                "got int"
            )
        ],
        ["error.malformed", "error.decode_type"],
    ),
    (
        "record-year",
        _run_case({"records.jsonl": b'{"id": "a", "title": "t", "year": true}\n'}),
        [
            (
                "kamlit: error: {tmp}/run/records.jsonl:1: not a kamlit record: expected an "
                "integer, got True"
            )
        ],
        ["error.not_record", "error.decode_integer"],
    ),
    (
        "concept-uncut",
        lambda tmp: ["graph", "show", "大客"],  # the bundled corpus
        [
            (
                "kamlit: error: '大客' is not a concept of the graph: the segmentation never cuts "
                "it out as a word, but it occurs 88 time(s) in 18 record(s), inside 大客户, "
                "大客户营销, 大客户经理 (`kamlit kwic 大客` lists them); close concepts: 大客户, "
            )
        ],
        ["error.concept_uncut", "error.concept_inside", "error.concept_close"],
    ),
    (
        "concept-absent",
        lambda tmp: ["graph", "show", "量子纠缠"],
        ["kamlit: error: concept '量子纠缠' does not occur in the corpus"],
        ["error.concept_absent"],
    ),
    (
        "phrases-json",
        _run_case({"phrases.json": b"{}"}),
        ["kamlit: error: {tmp}/run/phrases.json: not kamlit phrases"],
        ["error.not_phrases"],
    ),
]


def _run_case(build: object, tmp_path: Path, lang: str) -> str:
    """The command's stderr under `--lang`, with the test's folder written as `{tmp}`."""
    from kamlit.cli import app

    folder = tmp_path / lang
    folder.mkdir()
    args = build(folder)  # type: ignore[operator]
    result = runner.invoke(app, ["--lang", lang, *args])
    return result.stderr.replace(str(folder), "{tmp}")


def _english_sentences(output: str) -> list[str]:
    """Runs of three or more English words left in `output`, outside quoted values (and the
    `{tmp}` placeholder of paths, which are printed verbatim)."""
    text = re.sub(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`|“[^”\n]*”", " ", output)
    text = re.sub(r"\S*/\S*", " ", text)  # paths
    return re.findall(r"(?<![\w'.-])[A-Za-z]+(?:[ ]+[A-Za-z]+){2,}(?![\w'-])", text)


def _fragments(template: str) -> list[str]:
    """The literal pieces of a catalogue message (between its fields), longest first."""
    pieces = [p.strip() for p in re.split(r"\{[^}]*\}", template)]
    return sorted((p for p in pieces if len(p) >= 2), key=len, reverse=True)


@pytest.mark.parametrize(
    ("build", "english", "keys"),
    [pytest.param(b, e, k, id=i) for i, b, e, k in INPUT_CASES],
)
def test_input_problems_and_errors_in_either_language(
    build: object, english: list[str], keys: list[str], tmp_path: Path
) -> None:
    en = _run_case(build, tmp_path, "en")
    for line in english:
        assert line in en, (line, en)
    zh = _run_case(build, tmp_path, "zh")
    for key in keys:
        pieces = _fragments(MESSAGES[key][0])  # none: only fields and brackets
        assert not pieces or pieces[0] in zh, (key, pieces[0], zh)
    assert zh.count("\n") == en.count("\n")  # the same lines, one each
    left = _english_sentences(zh)
    assert not left, (left, zh)


@pytest.mark.slow
def test_too_little_data_for_topics_in_either_language(tmp_path: Path) -> None:
    """An analysis refused for too little data: an error of `kamlit topics`, a note of
    `kamlit run`, which still writes the other analyses."""
    one = _write(tmp_path / "one.ris", _ris("电信大客户"))
    en = _run_case(lambda _: ["topics", str(one)], tmp_path, "en")
    assert en == (
        "kamlit: error: topic modelling needs at least 2 records with vocabulary terms; got 1 of "
        "1 records\n"
    )
    zh = _run_case(lambda _: ["topics", str(one)], tmp_path / "en", "zh")
    assert zh == "kamlit：错误：主题建模至少需要 2 篇含有词表中词语的文献；1 篇文献中只有 1 篇\n"
    out, _ = _invoke("--lang", "zh", "run", "-q", "-o", str(tmp_path / "run"), str(one))
    assert out.startswith("说明：topics：已跳过：主题建模至少需要 2 篇")
    assert not _english_sentences(out)
    out, _ = _invoke("--lang", "en", "run", "-q", "-o", str(tmp_path / "run"), str(one))
    assert out.startswith("note: topics: skipped: topic modelling needs at least 2 records")


def test_errors_outside_the_command_line_carry_notices_too(tmp_path: Path) -> None:
    """Errors the command line does not reach today (its settings checks come first, or only
    the Python API raises them) still carry a notice: Chinese under zh, today's English."""
    import json

    from kamlit.codec import DecodeError, from_plain
    from kamlit.errors import KamlitError, Malformed, UsageError, detail, english
    from kamlit.graph import read_graph
    from kamlit.graph.build import check_settings
    from kamlit.settings import GraphSettings
    from kamlit.text.engine import resolve_engine

    def both(exc: KamlitError) -> tuple[str, str]:
        assert exc.notice.key != "common.text", exc.message
        return exc.render("en"), exc.render("zh")

    with pytest.raises(UsageError) as caught:
        check_settings(GraphSettings(top=0))
    assert both(caught.value) == (
        "graph.top is 0; expected a positive number of terms",
        "graph.top 为 0；应为正整数（词语个数）",
    )
    with pytest.raises(UsageError) as caught:
        check_settings(GraphSettings(min_count=-1))
    assert both(caught.value)[0] == "graph.min_count is -1; expected 0 (auto) or a positive count"
    with pytest.raises(UsageError) as caught:
        check_settings(GraphSettings(resolution=0.0))
    assert both(caught.value) == (
        "graph.resolution is 0.0; expected a positive number",
        "graph.resolution 为 0.0；应为正数",
    )
    with pytest.raises(UsageError) as caught:
        check_settings(GraphSettings(betweenness_budget=0))
    assert both(caught.value)[0] == "graph.betweenness_budget is 0; expected a positive number"
    with pytest.raises(UsageError) as caught:
        resolve_engine("bogus")
    assert both(caught.value)[0] == (
        "segment.segmenter is 'bogus'; expected one of 'auto', 'jieba', 'rjieba'"
    )

    # read_graph (the Python API) names the file and keeps the inner error's notice.
    with pytest.raises(KamlitError) as caught:
        read_graph(tmp_path / "none.json")
    en, zh = both(caught.value)
    assert en.endswith("none.json: cannot read graph: No such file or directory")
    assert zh.endswith("none.json: 无法读取概念图：没有这个文件或文件夹")
    path = _write(tmp_path / "graph.json", json.dumps({"graph": {"format": "other"}}))
    with pytest.raises(KamlitError) as caught:
        read_graph(path)
    en, zh = both(caught.value)
    assert en == (
        f"{path}: not a kamlit graph.json (not a kamlit concept graph (graph.format is missing "
        "or different))"
    )
    assert (
        zh == f"{path}: 不是 kamlit 的 graph.json（不是 kamlit 概念图（graph.format 缺失或不符））"
    )
    meta = {"format": "kamlit-concept-graph", "evidence": "graph_evidence.jsonl"}
    _write(path, json.dumps({"graph": meta, "edges": []}))
    with pytest.raises(KamlitError) as caught:
        read_graph(path)
    assert both(caught.value)[1].endswith(
        "graph_evidence.jsonl: 无法读取概念图的证据：没有这个文件或文件夹"
    )

    # A decode error's notice says what str() says, its place first.
    with pytest.raises(DecodeError) as decoded:
        from_plain(tuple[int, ...], [1, "x"], where="counts")
    assert str(decoded.value) == "counts[1]: expected an integer, got str"
    assert english(detail(decoded.value)) == str(decoded.value)
    assert isinstance(decoded.value, Malformed) and isinstance(decoded.value, ValueError)
    assert catalogue("zh").notice(detail(decoded.value)) == "counts[1]: 应为整数，得到 str"


def test_no_error_or_problem_message_has_a_field_named_terms() -> None:
    """`Notice.of(key, terms=…, **values)` takes `terms` for translated values: a message
    raised through `errors.message` with a `{terms}` field could never be made."""
    for key, (zh, en) in MESSAGES.items():
        if key.startswith(("error.", "problem.", "json.", "os.", "csv.")):
            assert "terms" not in re.findall(r"\{(\w+)", zh + en), key
