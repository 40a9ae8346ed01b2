"""Practice cues: the data file, and matching on word boundaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamlit.errors import InputError
from kamlit.summarize.cues import CueSet, load_concepts, load_cues


@pytest.fixture(scope="module")
def cues() -> CueSet:
    return load_cues()


def _bounds(*words: str) -> tuple[str, frozenset[int]]:
    """The text of these words and its word boundaries, as a cut would give them."""
    bounds = {0}
    pos = 0
    for word in words:
        pos += len(word)
        bounds.add(pos)
    return "".join(words), frozenset(bounds)


def _found(cues: CueSet, *words: str) -> list[tuple[str, str]]:
    text, bounds = _bounds(*words)
    return [(m.kind, m.cue) for m in cues.find(text, bounds)]


def test_shipped_cue_lists_load(cues: CueSet) -> None:
    assert cues.weights["directive"] == 2.0 and cues.weights["action"] == 1.0
    assert cues.weights["background"] == 0.0
    texts = {c.text for c in cues.cues["directive"]}
    assert {"应", "应当", "必须", "只有…才"} <= texts
    assert "因此" in cues.lead and "并" in cues.joiner and "是" in cues.subject
    assert "对于" in cues.topic and "而言" in cues.frame_ends


def test_single_character_cues_need_a_whole_word(cues: CueSet) -> None:
    assert ("directive", "要") in _found(cues, "中国电信", "要", "加快", "服务")
    assert ("directive", "要") not in _found(cues, "这", "很", "重要")
    assert ("directive", "要") not in _found(cues, "客户", "要求", "高")
    assert ("directive", "应") not in _found(cues, "应用", "广泛")


def test_longer_cues_may_end_a_word_but_not_start_one(cues: CueSet) -> None:
    assert ("strategy", "策略") in _found(cues, "制定", "营销策略")
    assert ("key", "关键") not in _found(cues, "关键客户", "的", "需求")
    assert ("key", "关键") in _found(cues, "是", "成功", "的", "关键")


def test_patterns_match_across_clauses_and_their_tail_may_start_a_word(cues: CueSet) -> None:
    found = _found(cues, "只有", "提高", "服务水平", ",", "才能", "留住", "客户")
    assert ("directive", "只有…才") in found
    found = _found(cues, "成立", "专门", "的", "大客户事业部")
    assert ("practice", "成立…事业部") in found
    found = _found(cues, "由", "大客户经理", "负责")
    assert ("structure", "由…负责") in found  # how work is divided, not a verb of doing
    # The tail must come within 60 characters.
    assert ("directive", "只有…才") not in _found(cues, "只有", "大" * 61, "才能")


def test_an_action_followed_by_le_counts_as_a_practice(cues: CueSet) -> None:
    found = _found(cues, "运营商", "加大", "了", "渠道", "建设")
    assert ("action", "加大") in found and ("practice", "加大了") in found
    assert ("practice", "加大了") not in _found(cues, "运营商", "加大", "渠道", "建设")


def test_user_cue_files_extend_the_lists(tmp_path: Path) -> None:
    extra = tmp_path / "cues.toml"
    extra.write_text('[directive]\ncues = ["务须"]\n[action]\nweight = 1.5\n', "utf-8")
    cues = load_cues([extra])
    assert "务须" in {c.text for c in cues.cues["directive"]}
    assert "应" in {c.text for c in cues.cues["directive"]}
    assert cues.weights["action"] == 1.5
    assert cues.fingerprint != load_cues().fingerprint


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[directive\n", "not valid TOML"),
        ('[advice]\ncues = ["x"]\n', "unknown cue table [advice]"),
        ('[directive]\ncues = "应"\n', "must be a list of strings"),
        ('[lead]\nweight = 2\ncues = ["x"]\n', "weight must be a number on a scored kind"),
    ],
)
def test_bad_cue_files_are_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError) as info:
        load_cues([path])
    assert message in info.value.message and info.value.path == str(path)


def test_practice_concepts_map_words_to_one_concept(tmp_path: Path) -> None:
    concepts = load_concepts()
    assert concepts["细分"] == concepts["分为"] == concepts["客户细分"] == "客户细分"
    assert concepts["跳槽"] == "客户保持"
    extra = tmp_path / "concepts.toml"
    extra.write_text('[concepts]\n"风险控制" = ["授信", "风控"]\n', "utf-8")
    assert load_concepts([extra])["授信"] == "风险控制"
    bad = tmp_path / "bad.toml"
    bad.write_text('[concept]\n"x" = ["y"]\n', "utf-8")
    with pytest.raises(InputError, match="expected a table"):
        load_concepts([bad])
