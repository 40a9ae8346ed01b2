"""Sector assignment: lexicon loading, weighted word-aware cue scoring, explanations."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from conftest import CORPUS_FILE, FIXTURES
from kamlit.errors import InputError, UsageError
from kamlit.ingest import read_paths
from kamlit.sectors import (
    GENERAL,
    SectorAssignment,
    assign_sectors,
    explain_record,
    load_sectors,
    resolve_sector,
)
from kamlit.settings import SectorSettings, SegmentSettings
from kamlit.text import Corpus, Document, segment_records
from kamlit.types import Record, Source

BANKING_SECTORS = FIXTURES / "summarize" / "banking-sectors.toml"

# My reading of each default-corpus abstract, with the reason in one line.
JUDGED = {
    1: (("postal",), "邮政大客户的识别: the title and text are about 邮政企业"),
    2: (("telecom",), "电信企业的大客户, 电信运营商: key accounts of telecom firms"),
    3: (("telecom",), "电信运营商, 中国电信, 大客户事业部: telecom operators"),
    4: (("telecom",), "电信企业大客户经营策略, 联通193长途网: telecom"),
    5: (("telecom",), "运营商 competing for 商业客户, 新兴电信运营商: telecom"),
    6: (("telecom",), "电信大客户的服务, 中国电信, 电信市场: telecom"),
    7: (("postal",), "防止邮政大客户跳槽: postal"),
    8: (("telecom",), "中国电信和中国网通, 固网运营商: telecom"),
    9: (("telecom",), "电信企业 retaining customers, CRM: telecom"),
    10: (("postal",), "全国邮政大客户工作座谈会, 《中国邮政》: postal"),
    11: (("telecom",), "电信运营企业 with 大客户部门: telecom"),
    12: (("postal",), "美国邮政 key-account service, 《中国邮政》: postal"),
    13: ((GENERAL,), "VIP客户 in general terms, no industry named"),
    14: (("postal",), "国家邮政局's guidance on 邮政大客户, 《中国邮政》: postal"),
    15: (("telecom",), "a big client waiting for 电话 lines, 电信服务: telecom"),
    16: (("telecom",), "温州移动公司, 全球通 clients: telecom (mobile)"),
    17: (("telecom", "postal"), "邮电通信企业: written for the joint posts-and-telecoms firm"),
    18: (("postal",), "邮政 competing; 镇江局's key-account rules: postal"),
    19: (("telecom",), "电信运营商 and 电话初装费: telecom"),
    20: (("postal",), "邮政企业 cost accounting: postal"),
}


def _record(rid: str, abstract: str, *, title: str | None = None, journal: str | None = None):
    return Record(
        id=rid,
        title=title,
        journal=journal,
        abstract=abstract,
        source=Source(file="t.txt", format="listing", line=1),
    )


@pytest.fixture(scope="module")
def default_corpus() -> Corpus:
    return segment_records(read_paths([CORPUS_FILE]).records)


def _segmented(*records: Record) -> Corpus:
    return segment_records(records, settings=SegmentSettings(segmenter="rjieba"))


def test_default_corpus_records_get_the_sectors_i_judged(default_corpus: Corpus) -> None:
    assignment = assign_sectors(default_corpus)
    got = {int(r.id.rsplit(":", 1)[1]): r.sectors for r in assignment.records}
    assert got == {n: sectors for n, (sectors, _) in JUDGED.items()}


def test_matched_cues_are_kept_and_explained(default_corpus: Corpus) -> None:
    assignment = assign_sectors(default_corpus)
    item = assignment.records[15]  # record 16: 温州移动, 全球通
    assert item.cues["telecom"] == ("移动公司", "全球通")
    assert item.scores["telecom"] == pytest.approx(2 * 1.0 + 3 * 1.0)
    text = explain_record(assignment, item.id)
    assert text == "电信 5: 移动公司×2, 全球通×3"
    journal = explain_record(assignment, "key-accounts-similar-literature:12")
    assert "《中国邮政》" in journal
    assert explain_record(assignment, "key-accounts-similar-literature:13") == (
        "general: no sector cue found"
    )
    for item in assignment.records:  # nothing on the seed is ignored: every cue is evidence
        assert all(h.ignored is None for hits in item.hits.values() for h in hits)
    assert assignment.label("telecom") == "电信" and assignment.label(GENERAL) == "综合"
    assert assignment.of("key-accounts-similar-literature:17") == ("telecom", "postal")
    with pytest.raises(KeyError):
        assignment.of("nope")


def test_empty_input_gives_an_empty_assignment() -> None:
    assignment = assign_sectors(_segmented())
    assert assignment.records == ()
    assert [s.key for s in assignment.sectors] == ["telecom", "postal"]


def test_no_cue_means_general() -> None:
    assignment = assign_sectors(_segmented(_record("a:1", "企业应重视大客户的维护。")))
    assert assignment.records[0].sectors == (GENERAL,)
    assert assignment.records[0].cues == {}


def test_cues_across_two_words_do_not_count_with_a_segmented_corpus() -> None:
    # 沟通|信息 holds 通信 and 互联|通信 holds 联通, but neither is that word.
    record = _record("a:1", "加强沟通信息共享,实现互联互通。电信企业的大客户。")
    corpus = _segmented(record)
    cut = assign_sectors(corpus).records[0]
    assert cut.cues["telecom"] == ("电信",)
    # A corpus not cut (built by hand) has no word boundaries: plain substrings count.
    plain = assign_sectors(replace(corpus, documents=(Document(id="a:1", sentences=()),)))
    assert "通信" in plain.records[0].cues["telecom"]


def test_excluded_phrases_and_latin_boundaries() -> None:
    record = _record("a:1", "银行推广移动支付,发送电子邮件给systems用户。")
    assert assign_sectors(_segmented(record)).records[0].sectors == (GENERAL,)
    ems = _record("a:2", "EMS速递业务。")
    assert assign_sectors(_segmented(ems)).records[0].cues["postal"] == ("ems", "速递")


def test_weak_cues_alone_are_not_enough() -> None:
    # 电话 is ambiguous: alone it scores nothing.
    record = _record("a:1", "客户打电话投诉。")
    item = assign_sectors(_segmented(record)).records[0]
    assert item.sectors == (GENERAL,) and "telecom" not in item.scores


def test_a_record_covering_two_sectors_gets_both() -> None:
    record = _record("a:1", "邮电通信企业的大客户营销。")
    assert assign_sectors(_segmented(record)).records[0].sectors == ("telecom", "postal")


def test_strongest_sector_wins_and_title_and_journal_weigh_more() -> None:
    mostly_postal = _record("a:1", "邮政企业向电信学习,邮政大客户,邮局,邮件。")
    assert assign_sectors(_segmented(mostly_postal)).records[0].sectors == ("postal",)
    # A title cue counts twice: 邮政 and 邮局 in the title outweigh 电信 in the text 4 to 1.
    titled = _record("a:2", "电信企业的经验值得借鉴。", title="邮政大客户营销与邮局改革")
    item = assign_sectors(_segmented(titled)).records[0]
    assert item.scores == {"telecom": 1.0, "postal": 4.0}
    assert item.sectors == ("postal",)
    journal = _record("a:3", "大客户的电话服务。", journal="中国邮政")
    assert assign_sectors(_segmented(journal)).records[0].sectors == ("postal",)


def test_share_and_min_score_come_from_settings() -> None:
    # postal 2 (title), telecom 1: within the default share of 0.5, so both.
    titled = _record("a:2", "电信企业的经验值得借鉴。", title="邮政大客户营销")
    assert assign_sectors(_segmented(titled)).records[0].sectors == ("postal", "telecom")
    strict = SectorSettings(share=0.6)
    assert assign_sectors(_segmented(titled), settings=strict).records[0].sectors == ("postal",)
    demanding = SectorSettings(min_score=3.0)
    assert assign_sectors(_segmented(titled), settings=demanding).records[0].sectors == (GENERAL,)


def test_user_lexicon_adds_a_sector_and_extends_ours(tmp_path: Path) -> None:
    extra = tmp_path / "extra.toml"
    extra.write_text('[telecom]\ncues = ["小灵通套餐"]\n[telecom.weights]\n"电信" = 2\n', "utf-8")
    sectors = load_sectors([BANKING_SECTORS, extra])
    by_key = {s.key: s for s in sectors}
    assert list(by_key) == ["telecom", "postal", "banking"]
    assert by_key["banking"].label == "银行"
    assert "小灵通套餐" in by_key["telecom"].cues and by_key["telecom"].weight("电信") == 2.0
    record = _record("a:1", "商业银行对公大客户的授信管理。")
    banking = SectorSettings(lexicons=(str(BANKING_SECTORS),))
    item = assign_sectors(_segmented(record), settings=banking)
    assert item.records[0].sectors == ("banking",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[telecom\n", "not valid TOML"),
        ('[all]\ncues = ["x"]\n', "must be lower-case ASCII"),
        ('[banking]\nlabel = "银行"\ncue = ["银行"]\n', "unknown field(s) cue"),
        ('[banking]\ncues = "银行"\n', "must be a list of strings"),
        ('[banking]\ncues = ["银行"]\n[banking.weights]\n"银行" = -1\n', "must be a number >= 0"),
        ('[banking]\nlabel = "电信"\ncues = ["银行"]\n', "have the same label"),
        ('[banking]\nlabel = "银行"\n', "neither cues nor journals"),
    ],
)
def test_bad_lexicon_files_are_named_in_the_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError) as info:
        load_sectors([path])
    assert message in info.value.message
    if "same label" not in message:
        assert info.value.path == str(path)


def test_missing_lexicon_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read sector lexicon"):
        load_sectors([tmp_path / "missing.toml"])


def test_resolve_sector_accepts_keys_labels_all_and_general() -> None:
    sectors = load_sectors([BANKING_SECTORS])
    assert resolve_sector(sectors, "电信") == ("telecom",)
    assert resolve_sector(sectors, "Postal") == ("postal",)
    assert resolve_sector(sectors, "银行") == ("banking",)
    assert resolve_sector(sectors, "general") == (GENERAL,)
    assert resolve_sector(sectors, "all") == ("telecom", "postal", "banking", GENERAL)
    with pytest.raises(UsageError) as info:
        resolve_sector(sectors, "保险")
    assert "'保险'" in info.value.message
    assert "telecom (电信), postal (邮政), banking (银行)" in info.value.message


@pytest.mark.parametrize(
    "text",
    [
        "比较瞬移与摇杆两种移动方式下VR用户的晕动症。",
        "以移动学习平台为载体,用手机开展情境学习。",
        "移动增强现实为文旅融合提供了新路径。",
        "冷链物流企业的配送路径与快递末端网点优化。",
        "邮票设计中的民族图案与集邮文化。",
    ],
)
def test_an_ambiguous_cue_alone_makes_no_sector(text: str) -> None:
    item = assign_sectors(_segmented(_record("a:1", text, title="移动端交互设计"))).records[0]
    assert item.sectors == (GENERAL,)
    assert item.scores == {} and item.cues == {}
    ignored = [h for hits in item.hits.values() for h in hits]
    assert ignored and all(h.ignored == "ambiguous, no other evidence" for h in ignored)
    assert all(h.score == 0 for h in ignored)


def test_an_ambiguous_cue_counts_with_other_evidence_of_its_sector() -> None:
    # 运营商 is unambiguous: with it, 手机 and 移动 count too.
    record = _record("a:1", "运营商推出手机套餐,移动用户增长。")
    item = assign_sectors(_segmented(record)).records[0]
    assert item.sectors == ("telecom",)
    assert set(item.cues["telecom"]) == {"运营商", "手机", "移动"}
    # The journal is evidence too.
    journal = _record("a:2", "6G太赫兹传输的信道建模。", journal="移动通信")
    assert assign_sectors(_segmented(journal)).records[0].sectors == ("telecom",)
    # Three different ambiguous cues converge (a paper on the network itself); two do not.
    three = _record("a:3", "5G基站的频谱分配与干扰协调。")
    assert assign_sectors(_segmented(three)).records[0].sectors == ("telecom",)
    two = _record("a:4", "基于5G的手机VR直播。")
    assert assign_sectors(_segmented(two)).records[0].sectors == (GENERAL,)


def test_carrier_names_resolve_mobile_by_context() -> None:
    carrier = _record("a:1", "中国移动的大客户经理制度。")
    assert assign_sectors(_segmented(carrier)).records[0].cues["telecom"] == ("中国移动",)
    branch = _record("a:2", "温州移动公司重视大客户。")
    assert assign_sectors(_segmented(branch)).records[0].sectors == ("telecom",)


def test_cues_in_an_institution_name_never_count() -> None:
    record = _record(
        "a:1",
        "北京邮电大学与重庆邮电大学通信与信息工程学院的学生参与了VR实验。",
        title="虚拟现实课堂的临场感",
    )
    assignment = assign_sectors(_segmented(record))
    item = assignment.records[0]
    assert item.sectors == (GENERAL,) and item.scores == {}
    assert {h.ignored for hits in item.hits.values() for h in hits} == {"in an institution's name"}
    text = explain_record(assignment, "a:1", min_score=1.0)
    assert "邮电×2 (in an institution's name)" in text and text.endswith("so general")
    # The same word outside a name still counts.
    plain = _record("a:2", "邮电通信企业的大客户,北京邮电大学课题组。")
    assert assign_sectors(_segmented(plain)).records[0].sectors == ("telecom", "postal")


def test_explanations_name_the_threshold_and_hits_round_trip() -> None:
    record = _record("a:1", "客户打电话投诉。")
    assignment = assign_sectors(_segmented(record))
    assert explain_record(assignment, "a:1", min_score=1.0) == (
        "电信 0 (below 1): no cue counted; not counted: 电话 (ambiguous, no other evidence); "
        "so general"
    )
    back = SectorAssignment.from_dict(assignment.to_dict())
    assert back == assignment
    assert back.records[0].hits["telecom"][0].ignored == "ambiguous, no other evidence"


def test_user_lexicons_can_mark_cues_ambiguous(tmp_path: Path) -> None:
    extra = tmp_path / "bank.toml"
    extra.write_text(
        '[banking]\nlabel = "银行"\ncues = ["商业银行"]\nambiguous = ["信贷"]\n', "utf-8"
    )
    sectors = load_sectors([extra])
    assert {s.key: s for s in sectors}["banking"].ambiguous == ("信贷",)
    settings = SectorSettings(lexicons=(str(extra),))
    alone = _record("a:1", "农户的信贷可得性。")
    assert assign_sectors(_segmented(alone), settings=settings).records[0].sectors == (GENERAL,)
    backed = _record("a:2", "商业银行的信贷投放。")
    assert assign_sectors(_segmented(backed), settings=settings).records[0].sectors == ("banking",)
