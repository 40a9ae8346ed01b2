"""Typed settings: defaults, TOML files, overrides, and errors naming the bad key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamlit.errors import UsageError
from kamlit.settings import Settings, flat_settings, load_settings


def test_defaults_without_a_file() -> None:
    loaded = load_settings()
    assert loaded.settings == Settings()
    assert set(loaded.origins.values()) == {"default"}
    assert set(loaded.origins) == set(flat_settings(Settings()))


def test_file_then_overrides(tmp_path: Path) -> None:
    config = tmp_path / "kamlit.toml"
    config.write_text(
        'seed = 7\n[segment]\nsegmenter = "jieba"\nuser_dicts = ["my.txt"]\n', encoding="utf-8"
    )
    loaded = load_settings(config, overrides={"seed": 9, "graph.window": None})
    assert loaded.settings.seed == 9
    assert loaded.settings.segment.segmenter == "jieba"
    # Relative paths in a settings file are relative to the file's folder.
    assert loaded.settings.segment.user_dicts == (str(tmp_path / "my.txt"),)
    assert loaded.origins["seed"] == "command line"
    assert loaded.origins["segment.segmenter"] == str(config)
    assert loaded.origins["graph.window"] == "default"


@pytest.mark.parametrize(
    ("toml", "needle"),
    [
        ("sead = 1\n", "unknown setting 'sead'"),
        ("[segment]\nsegmentr = 'jieba'\n", "unknown setting 'segment.segmentr'"),
        ("[segment]\nsegmenter = 'thulac'\n", "'segment.segmenter' is 'thulac'"),
        ("seed = 'abc'\n", "'seed' must be an integer"),
        ("segment = 3\n", "[segment] must be a table"),
        ("seed = \n", "not valid TOML"),
    ],
)
def test_bad_settings_name_the_key(tmp_path: Path, toml: str, needle: str) -> None:
    config = tmp_path / "kamlit.toml"
    config.write_text(toml, encoding="utf-8")
    with pytest.raises(UsageError) as info:
        load_settings(config)
    assert needle in str(info.value)
    assert str(config) in str(info.value)


def test_missing_settings_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read settings file"):
        load_settings(tmp_path / "nope.toml")
