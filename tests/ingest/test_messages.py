"""Input problems and errors as catalogue messages: both languages have every key with the
same fields, the English is the text kamlit always printed, and a message nests another."""

from __future__ import annotations

import errno
import pickle
import string
from pathlib import Path

import pytest

from kamlit.errors import (
    InputError,
    OutputError,
    UsageError,
    english,
    json_reason,
    located,
    message,
    os_reason,
    text,
)
from kamlit.i18n import MESSAGES, Notice, catalogue
from kamlit.ingest import Problem, read_paths
from kamlit.ingest.decode import read_text

INPUT_PREFIXES = (
    "error.",
    "problem.",
    "merge.",
    "run.",
    "os.",
    "json.",
    "csv.",
    "range.",
    "note.",
)


def _fields(template: str) -> list[tuple[str, str | None, str | None]]:
    """Every `{name!conversion:spec}` of a template, sorted (so order may differ by language)."""
    return sorted(
        (name, conversion, spec)
        for _, name, spec, conversion in string.Formatter().parse(template)
        if name is not None
    )


def test_every_key_has_both_languages_and_the_same_fields() -> None:
    zh, en = catalogue("zh"), catalogue("en")
    for key, (chinese, english_text) in MESSAGES.items():
        assert _fields(chinese) == _fields(english_text), key
        if not key.startswith(INPUT_PREFIXES):
            continue
        assert chinese and english_text, key
        values = {name: 1234 for name, _, _ in _fields(english_text)}
        zh.t(key, **values), en.t(key, **values)  # both format with the same values
        if any(c.isalpha() for c in string.Formatter().vformat(english_text, (), _Blank())):
            assert chinese != english_text, f"{key}: not translated"


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> int:
        return 0


def test_the_input_messages_are_many_and_all_in_use() -> None:
    keys = [k for k in MESSAGES if k.startswith(INPUT_PREFIXES)]
    assert len(keys) > 100
    src = Path(__file__).resolve().parents[2] / "src" / "kamlit"
    code = "\n".join(p.read_text(encoding="utf-8") for p in src.rglob("*.py"))
    code = code.replace((src / "i18n.py").read_text(encoding="utf-8"), "")
    prefixed = ("os.", "json.", "merge.")  # looked up from errno, the decoder, a reason
    unused = [k for k in keys if f'"{k}"' not in code and not k.startswith(prefixed)]
    assert not unused


def test_an_error_keeps_its_english_and_renders_chinese() -> None:
    error = InputError(message("error.empty_file"), path="a.txt", line=3)
    assert error.message == "file is empty"
    assert str(error) == error.render() == "a.txt:3: file is empty"
    assert error.render("zh") == "a.txt:3: 文件为空"
    assert UsageError("plain words", path="x").render("zh") == "x: plain words"
    assert isinstance(OutputError(message("error.output_is_folder")), OSError)
    # An error that crosses a process boundary keeps its English line.
    again = pickle.loads(pickle.dumps(error))
    assert isinstance(again, InputError) and str(again) == "a.txt:3: file is empty"


def test_nested_messages_render_and_round_trip() -> None:
    inner = located("r.jsonl:2", message("problem.empty_record", position=2))
    outer = message("error.no_record_because", name="jsonl", problem=inner)
    assert english(outer) == (
        "no record could be read as jsonl (r.jsonl:2: record 2 has no title and no abstract; "
        "skipped)"
    )
    assert catalogue("zh").notice(outer) == (
        "没有一篇文献能按 jsonl 格式读取（r.jsonl:2: 第 2 篇文献既没有标题也没有摘要；已跳过）"
    )
    assert Notice.from_dict(outer.to_dict()) == outer


def test_operating_system_reasons() -> None:
    denied = os_reason(PermissionError(errno.EACCES, "Permission denied"))
    assert (english(denied), catalogue("zh").notice(denied)) == ("Permission denied", "权限不足")
    # Wording kamlit does not know (another C library) is kept as it is, in both languages.
    odd = os_reason(OSError(errno.EACCES, "Access is denied"))
    assert english(odd) == catalogue("zh").notice(odd) == "Access is denied"
    assert english(os_reason(OSError("no errno"))) == "no errno"
    assert catalogue("zh").notice(json_reason("Extra data")) == "多余的数据"
    assert english(json_reason("Some new message")) == "Some new message"
    assert english(text("{braces} stay")) == "{braces} stay"


def test_errors_no_command_line_can_reach(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x" * 100, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_text(tmp_path / "a.txt", limit=10)
    assert info.value.message == (
        "file is too large (100 bytes; kamlit reads files of at most 10 bytes); split it into "
        "smaller exports"
    )
    assert info.value.render("zh").endswith(
        "文件过大（100 字节；kamlit 最多读取 10 字节的文件）；请拆分为较小的导出文件"
    )
    with pytest.raises(InputError) as info:
        read_text(tmp_path)
    assert (info.value.message, info.value.render("zh")) == (
        "is a directory, expected a file",
        f"{tmp_path}: 是文件夹，应为文件",
    )
    failed = message("error.parse_failed", name="ris", error="ValueError: bad")
    assert english(failed) == "cannot be read as ris: ValueError: bad"
    assert catalogue("zh").notice(failed) == "无法按 ris 格式读取：ValueError: bad"
    stage = message("run.stage_skipped", stage="topics", error=InputError("x").located())
    assert (english(stage), catalogue("zh").notice(stage)) == (
        "topics: skipped: x",
        "topics：已跳过：x",
    )


def test_problems_compare_on_their_english_and_render_either_language(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text('{"title": "电信", "abstract": "摘要"}\n[1]\n', encoding="utf-8")
    result = read_paths([path])
    (problem,) = result.problems
    assert problem == Problem(
        file="r.jsonl", line=2, message="record 2 is a JSON list, expected an object; skipped"
    )
    assert problem.render() == ("r.jsonl:2: record 2 is a JSON list, expected an object; skipped")
    assert problem.render("zh") == "r.jsonl:2: 第 2 条记录是 JSON list，应为对象；已跳过"
    plain = Problem(file="f", message="no key", line=None)
    assert plain.render("zh") == plain.render() == "f: no key"


@pytest.mark.parametrize(
    ("content", "english", "chinese"),
    [
        (
            "[nope]\ncues = []\n",
            "unknown cue table [nope] (known: directive, key,",
            "未知的线索表 [nope]（已知：directive, key,",
        ),
        (
            '[frame]\ncues = ["a"]\nweight = 2\n',
            "[frame] weight must be a number on a scored kind",
            "[frame] 的 weight 必须是数",
        ),
        (
            "[frame]\ncues = 3\n",
            "[frame] field 'cues' must be a list of strings",
            "[frame] 的字段 'cues' 必须是字符串列表",
        ),
        ("[frame]\ncues = [\n", "not valid TOML: ", "不是有效的 TOML："),
        (
            None,
            "cannot read cue file: [Errno 2] No such file or directory: ",
            "无法读取线索文件：没有这个文件或文件夹（[Errno 2]，",
        ),
    ],
)
def test_cue_file_errors(content: str | None, english: str, chinese: str, tmp_path: Path) -> None:
    from kamlit.summarize.cues import load_cues

    path = tmp_path / "cues.toml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_cues([path])
    assert info.value.render().startswith(f"{path}: {english}")
    assert info.value.render("zh").startswith(f"{path}: {chinese}")


@pytest.mark.parametrize(
    ("content", "english", "chinese"),
    [
        ("[concepts]\na = 3\n", "concept 'a' must be a list of words", "概念 'a' 必须是词语列表"),
        ("[other]\n", "expected a table [concepts] of concept = [words…]", "应为 [concepts] 表"),
        ("[actions]\nb = 3\n", "action 'b' must be a list of verbs", "动作 'b' 必须是动词列表"),
    ],
)
def test_concept_file_errors(content: str, english: str, chinese: str, tmp_path: Path) -> None:
    from kamlit.summarize.cues import load_actions, load_concepts

    path = tmp_path / "concepts.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_concepts([path])
        load_actions([path])
    assert info.value.render().startswith(f"{path}: {english}")
    assert info.value.render("zh").startswith(f"{path}: {chinese}")


def test_an_os_error_on_output_is_one_line_in_either_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import typer

    from kamlit import cli

    printed: list[str] = []
    monkeypatch.setattr(cli, "_print_err", printed.append)
    for lang in ("en", "zh"):
        monkeypatch.setattr(cli._STATE, "lang", lang)
        monkeypatch.setattr(cli._STATE, "resolved", None)
        with pytest.raises(typer.Exit), cli._handled():
            raise PermissionError(errno.EACCES, "Permission denied", "out.csv")
    assert printed == [
        "kamlit: error: out.csv: Permission denied",
        "kamlit：错误：out.csv: 权限不足",
    ]
