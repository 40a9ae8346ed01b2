"""Typed settings: defaults, TOML files, typed overrides, ranges, aliases, errors naming the key."""

from __future__ import annotations

import dataclasses
import json
import math
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kamlit.cli import _settings as cli_settings
from kamlit.cli import app
from kamlit.errors import UsageError
from kamlit.settings import (
    SECTIONS,
    CacheSettings,
    GraphSettings,
    LoadedSettings,
    Range,
    Settings,
    TopicSettings,
    backbone_value,
    cache_dir,
    flat_settings,
    load_settings,
    setting_ranges,
    topic_count,
    with_overrides,
)

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _toml(tmp_path: Path, text: str) -> Path:
    config = tmp_path / "kamlit.toml"
    config.write_text(text, encoding="utf-8")
    return config


def test_defaults_without_a_file() -> None:
    loaded = load_settings()
    assert loaded.settings == Settings()
    assert set(loaded.origins.values()) == {"default"}
    assert set(loaded.origins) == set(flat_settings(Settings()))
    assert loaded.notes == ()


def test_file_then_typed_overrides(tmp_path: Path) -> None:
    config = _toml(
        tmp_path,
        'seed = 7\n[segment]\nsegmenter = "jieba"\nuser_dicts = ["my.txt"]\n'
        "[graph]\ntop = 80\n[topics]\nk = 4\n",
    )
    loaded = with_overrides(
        load_settings(config), seed=9, graph={"window": "document", "backbone": 0.1}
    )
    s = loaded.settings
    assert (s.seed, s.graph.window, s.graph.backbone, s.graph.top, s.topics.k) == (
        9,
        "document",
        0.1,
        80,
        4,
    )
    assert s.segment.segmenter == "jieba"
    # Relative paths in a settings file are relative to the file's folder.
    assert s.segment.user_dicts == (str(tmp_path / "my.txt"),)
    assert loaded.origins["seed"] == "command line"
    assert loaded.origins["graph.window"] == "command line"
    assert loaded.origins["graph.backbone"] == "command line"
    assert loaded.origins["graph.top"] == str(config)
    assert loaded.origins["segment.segmenter"] == str(config)
    assert loaded.origins["graph.measure"] == "default"


def test_overrides_of_plain_settings_and_nothing_given() -> None:
    base = Settings()
    assert with_overrides(base) == base
    changed = with_overrides(base, topics={"k": 3}, cache={"enabled": False})
    assert isinstance(changed, Settings)
    assert (changed.topics.k, changed.cache.enabled) == (3, False)
    assert base.topics.k == "auto"  # frozen: the original is untouched


def test_overrides_are_checked_like_a_file() -> None:
    base = Settings()
    with pytest.raises(UsageError, match=r"^graph\.top is 0; expected a whole number >= 1$"):
        with_overrides(base, graph={"top": 0})
    with pytest.raises(UsageError, match=r"'graph\.window' is 'paragraph'"):
        with_overrides(base, graph={"window": "paragraph"})  # type: ignore[typeddict-item]
    with pytest.raises(UsageError, match=r"unknown setting 'graph\.windw'"):
        with_overrides(base, graph={"windw": "sentence"})  # type: ignore[typeddict-unknown-key]
    with pytest.raises(UsageError, match="seed is -1"):
        with_overrides(base, seed=-1)


def test_override_typeddicts_mirror_the_sections() -> None:
    """Every section has an overrides TypedDict with exactly its fields and their types."""
    hints = typing.get_type_hints(Settings)
    sections = [
        f.name for f in dataclasses.fields(Settings) if dataclasses.is_dataclass(hints[f.name])
    ]
    assert sorted(sections) == sorted(SECTIONS)
    for name, (cls, overrides) in SECTIONS.items():
        assert hints[name] is cls
        assert typing.get_type_hints(overrides) == typing.get_type_hints(cls), name
        assert not getattr(overrides, "__required_keys__", frozenset()), name


def test_mypy_sees_the_overrides(tmp_path: Path) -> None:
    """A wrong key or a wrong type in an override is a type error, not a runtime surprise."""
    snippet = tmp_path / "snippet.py"
    snippet.write_text(
        "from kamlit.settings import Settings, with_overrides\n"
        "s = Settings()\n"
        "ok = with_overrides(s, seed=1, topics={'k': 'auto'}, graph={'backbone': 0.05})\n"
        "a = with_overrides(s, graph={'windw': 'sentence'})\n"
        "b = with_overrides(s, graph={'top': '5'})\n"
        "c = with_overrides(s, topics={'k': 'many'})\n"
        "d = with_overrides(s, cache={'enabled': 'no'})\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--follow-imports=silent",
            "--no-incremental",
            "--ignore-missing-imports",
            str(snippet),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"MYPYPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if ": error:" in line]
    flagged = {int(line.split(":")[1]) for line in lines}
    assert flagged == {4, 5, 6, 7}, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("toml", "needle"),
    [
        ("sead = 1\n", "unknown setting 'sead'"),
        ("[segment]\nsegmentr = 'jieba'\n", "unknown setting 'segment.segmentr'"),
        ("[segment]\nsegmenter = 'thulac'\n", "'segment.segmenter' is 'thulac'"),
        ("seed = 'abc'\n", "'seed' must be an integer"),
        ("seed = 4.5\n", "'seed' must be an integer"),
        ("segment = 3\n", "[segment] must be a table"),
        ("seed = \n", "not valid TOML"),
        ("[cache]\nenabled = 'maybe'\n", "'cache.enabled' must be true or false"),
        ("[cache]\nfolder = 'x'\n", "unknown setting 'cache.folder'"),
        ("[topics]\nk = 1\n", "topics.k is '1'; expected a whole number of topics >= 2"),
        ("[topics]\nk = 'many'\n", "topics.k is 'many'"),
        ("[topics]\nk = 3.5\n", "topics.k is '3.5'"),
        ("[topics]\nk = true\n", "topics.k is 'True'"),
        ("[graph]\nbackbone = 'strong'\n", "graph.backbone is 'strong'"),
        ("[graph]\nbackbone = 1.5\n", "graph.backbone is 1.5"),
        ("[graph]\nbackbone = 0\n", "graph.backbone is 0"),
        ("[graph]\nbackbone = nan\n", "graph.backbone is nan"),
        ("[topics]\nk_min = 5\nk_max = 4\n", "topics.k_max is 4; expected a whole number >= "),
    ],
)
def test_bad_settings_name_the_key(tmp_path: Path, toml: str, needle: str) -> None:
    config = _toml(tmp_path, toml)
    with pytest.raises(UsageError) as info:
        load_settings(config)
    assert needle in str(info.value)
    assert str(config) in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_settings_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read settings file"):
        load_settings(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("auto", "auto"), (" AUTO ", "auto"), ("5", 5), (5, 5), (2, 2)],
)
def test_topic_count_values(value: object, expected: object) -> None:
    assert topic_count(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("auto", "auto"), ("Off", "off"), ("0.05", 0.05), (0.01, 0.01), ("5e-2", 0.05)],
)
def test_backbone_values(value: object, expected: object) -> None:
    assert backbone_value(value) == expected


def test_typed_values_from_a_file(tmp_path: Path) -> None:
    config = _toml(tmp_path, "[topics]\nk = 6\n[graph]\nbackbone = 0.02\n")
    s = load_settings(config).settings
    assert s.topics.k == 6 and s.graph.backbone == 0.02
    # Strings that name the same values still load (files written for the old string types).
    old = load_settings(_toml(tmp_path, "[topics]\nk = '6'\n[graph]\nbackbone = '0.02'\n"))
    assert old.settings == s


# ------------------------------------------------------------------ ranges


def _numeric_keys() -> list[str]:
    out = []

    def walk(cls: type, prefix: str) -> None:
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            hint = hints[f.name]
            if dataclasses.is_dataclass(hint):
                walk(hint, f"{prefix}{f.name}.")  # type: ignore[arg-type]
            elif hint in (int, float):
                out.append(f"{prefix}{f.name}")

    walk(Settings, "")
    return out


RANGES = setting_ranges()


def test_every_numeric_setting_has_a_range() -> None:
    assert sorted(_numeric_keys()) == sorted(RANGES)
    for key, rng in RANGES.items():
        assert rng.low is not None, key  # nothing numeric may go negative without bound
        default = flat_settings(Settings())[key]
        assert rng.contains(default), key


def _is_int(key: str) -> bool:
    return isinstance(flat_settings(Settings())[key], int)


def _bad_values(key: str) -> list[object]:
    rng = RANGES[key]
    assert rng.low is not None
    whole = _is_int(key)
    step = 1 if whole else 0.001
    bad: list[object] = [rng.low if rng.low_open else rng.low - step]
    if rng.high is not None:
        bad.append(rng.high if rng.high_open else rng.high + step)
    if not whole:
        bad += [math.nan, math.inf, -math.inf]
    return bad


def _good_values(key: str) -> list[object]:
    rng = RANGES[key]
    assert rng.low is not None
    whole = _is_int(key)
    step = 1 if whole else 0.001
    good: list[object] = [rng.low + step if rng.low_open else rng.low]
    if rng.high is not None:
        good.append(rng.high - step if rng.high_open else rng.high)
    return good


def _toml_value(value: object) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def _as_file(key: str, value: object) -> str:
    section, _, leaf = key.rpartition(".")
    line = f"{leaf} = {_toml_value(value)}\n"
    if not section:
        return line
    extra = "k_max = 12\n" if key == "topics.k_min" else ""  # keep k_min <= k_max
    return f"[{section}]\n{extra}{line}"


def _as_override(key: str, value: object) -> Settings:
    section, _, leaf = key.rpartition(".")
    if not section:
        return with_overrides(Settings(), seed=value)  # type: ignore[arg-type]
    return with_overrides(Settings(), **{section: {leaf: value}})  # type: ignore[arg-type]


@pytest.mark.parametrize("key", sorted(RANGES))
def test_range_checked_in_files(tmp_path: Path, key: str) -> None:
    for value in _bad_values(key):
        config = _toml(tmp_path, _as_file(key, value))
        with pytest.raises(UsageError) as info:
            load_settings(config)
        message = str(info.value)
        assert f"{key} is " in message and "expected a" in message, message
        assert "\n" not in message
    for value in _good_values(key):
        loaded = load_settings(_toml(tmp_path, _as_file(key, value)))
        assert flat_settings(loaded.settings)[key] == value


@pytest.mark.parametrize("key", sorted(RANGES))
def test_range_checked_in_overrides(key: str) -> None:
    for value in _bad_values(key):
        with pytest.raises(UsageError, match=rf"^{key.replace('.', '[.]')} is "):
            _as_override(key, value)
    for value in _good_values(key):
        assert flat_settings(_as_override(key, value))[key] == value


def test_range_descriptions() -> None:
    assert Range(low=0, high=1).describe(whole=False) == "a number between 0 and 1"
    assert Range(low=0, high=1, low_open=True).describe(whole=False) == "a number > 0 and <= 1"
    assert Range(low=2).describe(whole=True) == "a whole number >= 2"
    assert not Range(low=0).contains(math.nan) and not Range(low=0).contains(math.inf)


def test_bad_value_on_the_command_line_exits_2_in_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["graph", "--out", str(tmp_path), "--min-count", "-1"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "kamlit: error: graph.min_count is -1; expected a whole number >= 0"
    )
    config = _toml(tmp_path, "[sectors]\nshare = 1.5\n")
    result = runner.invoke(app, ["config", "show", "--config", str(config)])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"kamlit: error: {config}: sectors.share is 1.5; expected a number between 0 and 1"
    )


# ------------------------------------------------------------------ cache section and aliases


def test_cache_section(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMLIT_CACHE_DIR", str(tmp_path / "env"))
    assert cache_dir(Settings()) == tmp_path / "env"  # the variable is only the default
    config = _toml(tmp_path, '[cache]\ndir = "here"\nenabled = false\n')
    loaded = load_settings(config)
    assert loaded.settings.cache == CacheSettings(dir=str(tmp_path / "here"), enabled=False)
    assert cache_dir(loaded.settings) == tmp_path / "here"
    assert loaded.origins["cache.dir"] == loaded.origins["cache.enabled"] == str(config)


def test_deprecated_keys_still_load_with_a_note(tmp_path: Path) -> None:
    config = _toml(tmp_path, 'cache_dir = "old"\n[segment]\ncache = false\nmin_length = 3\n')
    loaded = load_settings(config)
    assert loaded.settings.cache == CacheSettings(dir=str(tmp_path / "old"), enabled=False)
    assert loaded.settings.segment.min_length == 3
    assert loaded.origins["cache.dir"] == loaded.origins["cache.enabled"] == str(config)
    assert "cache_dir" not in loaded.origins and "segment.cache" not in loaded.origins
    assert len(loaded.notes) == 2
    assert all(n.startswith(f"{config}: ") and "\n" not in n for n in loaded.notes)
    assert any("'cache_dir' is deprecated; read as 'cache.dir'" in n for n in loaded.notes)
    assert any("'segment.cache' is deprecated; read as 'cache.enabled'" in n for n in loaded.notes)


def test_deprecated_key_next_to_the_new_one_is_ignored(tmp_path: Path) -> None:
    config = _toml(tmp_path, "[segment]\ncache = false\n[cache]\nenabled = true\n")
    loaded = load_settings(config)
    assert loaded.settings.cache.enabled is True
    assert loaded.notes == (
        f"{config}: 'segment.cache' is deprecated and ignored: 'cache.enabled' is also set",
    )


def test_old_segment_table_with_only_cache_leaves_no_empty_section(tmp_path: Path) -> None:
    loaded = load_settings(_toml(tmp_path, "[segment]\ncache = true\n"))
    assert loaded.settings == Settings()
    assert loaded.origins["segment.min_length"] == "default"


def test_deprecated_keys_note_on_stderr(tmp_path: Path) -> None:
    config = _toml(tmp_path, "[segment]\ncache = false\n")
    result = runner.invoke(app, ["config", "show", "--json", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["cache.enabled"] == {"value": False, "from": str(config)}
    assert "note:" in result.stderr and "'segment.cache' is deprecated" in result.stderr


# ------------------------------------------------------------------ the command line


def test_cli_flags_become_typed_overrides_with_their_origin(tmp_path: Path) -> None:
    config = _toml(tmp_path, "seed = 3\n[graph]\nwindow = 'document'\n")
    loaded = cli_settings(
        config,
        format="ris",
        no_cache=True,
        topics={"k": 5},
        graph={"backbone": "off"},
    )
    assert isinstance(loaded, LoadedSettings)
    s = loaded.settings
    assert (s.seed, s.ingest.format, s.cache.enabled, s.topics.k) == (3, "ris", False, 5)
    assert (s.graph.window, s.graph.backbone) == ("document", "off")
    origins = loaded.origins
    assert origins["seed"] == origins["graph.window"] == str(config)
    for key in ("ingest.format", "cache.enabled", "topics.k", "graph.backbone"):
        assert origins[key] == "command line", key
    assert origins["graph.measure"] == "default"


def test_config_show_prints_every_setting_and_its_origin(tmp_path: Path) -> None:
    config = _toml(tmp_path, "seed = 5\n[topics]\nk = 4\n[graph]\nbackbone = 0.05\n")
    result = runner.invoke(app, ["config", "show", "--json", "--config", str(config)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert set(rows) == set(flat_settings(Settings()))
    assert rows["seed"] == {"value": 5, "from": str(config)}
    assert rows["topics.k"] == {"value": 4, "from": str(config)}
    assert rows["graph.backbone"] == {"value": 0.05, "from": str(config)}
    assert rows["cache.enabled"] == {"value": True, "from": "default"}
    table = runner.invoke(app, ["config", "show", "--config", str(config)])
    assert table.exit_code == 0, table.output
    for key in ("cache.dir", "cache.enabled", "topics.k", "graph.backbone"):
        assert key in table.stdout


def test_typed_settings_round_trip_through_the_manifest_form() -> None:
    s = with_overrides(Settings(), topics={"k": 7}, graph={"backbone": 0.2})
    rows = flat_settings(s)
    assert rows["topics.k"] == 7 and rows["graph.backbone"] == 0.2
    assert TopicSettings(k=7) == s.topics and GraphSettings(backbone=0.2) == s.graph
