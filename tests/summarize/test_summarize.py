"""summarize_sectors on the default corpus and the banking fixture: content, evidence, order."""

from __future__ import annotations

import pytest

from kamlit.corpus import PreparedCorpus
from kamlit.errors import UsageError
from kamlit.settings import SummarizeSettings
from kamlit.summarize import (
    SectorDigests,
    digests_from_dict,
    digests_to_dict,
    render_json,
    render_markdown,
    summarize_sectors,
)


@pytest.fixture(scope="module")
def default_digests(default_corpus: PreparedCorpus) -> SectorDigests:
    return summarize_sectors(default_corpus)


@pytest.fixture(scope="module")
def banking_digests(banking_corpus: PreparedCorpus) -> SectorDigests:
    return summarize_sectors(banking_corpus)


def _assert_every_line_is_backed(result: SectorDigests, corpus: PreparedCorpus) -> int:
    """Every quote is abstract[start:end] of the record it cites; every statement too."""
    data = digests_to_dict(result)
    quotes = 0
    for digest in data["sectors"]:
        members = set(digest["records"])
        for practice in digest["practices"]:
            assert practice["evidence"], practice["statement"]
            assert 1 <= len(practice["evidence"]) <= 3
            source = practice["source"]
            abstract = corpus.by_id[source["id"]][0].abstract
            assert abstract[source["start"] : source["end"]] == practice["statement"]
            assert practice["support"] == len(set(practice["records"])) >= 1
            for evidence in practice["evidence"]:
                assert evidence["id"] in members
                abstract = corpus.by_id[evidence["id"]][0].abstract
                assert evidence["quote"] in abstract
                assert abstract[evidence["start"] : evidence["end"]] == evidence["quote"]
                quotes += 1
    return quotes


def test_every_quote_of_the_default_digest_is_verbatim(
    default_digests: SectorDigests, default_corpus: PreparedCorpus
) -> None:
    assert _assert_every_line_is_backed(default_digests, default_corpus) >= 20


def test_every_quote_of_the_banking_digest_is_verbatim(
    banking_digests: SectorDigests, banking_corpus: PreparedCorpus
) -> None:
    assert _assert_every_line_is_backed(banking_digests, banking_corpus) >= 8


def test_default_corpus_has_a_digest_per_sector_with_records(
    default_digests: SectorDigests,
) -> None:
    shape = [(d.sector, d.label, len(d.records)) for d in default_digests.digests]
    assert shape == [("telecom", "电信", 12), ("postal", "邮政", 8), ("general", "综合", 1)]
    telecom, postal, general = default_digests.digests
    assert telecom.warning is None and postal.warning is None
    assert general.warning is not None and "only 1 abstract" in general.warning
    assert general.practices == ()  # record 13 is cut off before it recommends anything
    for digest in (telecom, postal):
        assert 8 <= len(digest.practices) <= 12


def _text(digest) -> str:
    return "\n".join(p.statement for p in digest.practices)


def _themes(digest) -> set[str]:
    return {t for p in digest.practices for t in p.theme}


def test_telecom_digest_lists_the_fields_recommendations(default_digests: SectorDigests) -> None:
    telecom = default_digests.digests[0]
    text = _text(telecom)
    assert "大客户事业部" in text and "大客户经理" in text  # dedicated unit and managers
    assert "细分" in text  # segmentation of key accounts
    assert "留住" in text  # retention
    # Record 6's last clause (…加快电信服务的标准) was cut off by the source: no practice.
    assert "加快电信服务的标准" not in text
    assert {"客户保持", "客户细分", "大客户部门"} <= _themes(telecom)
    top = telecom.practices[0]
    assert top.support >= 3 and "客户保持" in top.theme


def test_postal_digest_lists_the_fields_recommendations(default_digests: SectorDigests) -> None:
    postal = default_digests.digests[1]
    text = _text(postal)
    assert "跳槽" in text  # churn prevention
    assert "标准化" in text  # service standards
    assert "识别" in text  # identifying the key accounts
    # How USPS is organised (由…负责) and news of a directive (下发了) are not practices.
    assert "大客户管理处" not in text and "下发" not in text
    assert "《大客户管理办法》" in text  # written rules for key-account work
    assert {"客户保持", "服务标准", "客户识别", "客户细分"} <= _themes(postal)


def test_background_sentences_are_not_practices(default_digests: SectorDigests) -> None:
    for digest in default_digests.digests:
        for practice in digest.practices:
            for marker in ("称为", "统计表明", "据测算", "呢", "帕累托", "二八", "欠缺"):
                assert marker not in practice.statement


def test_comparison_shows_shared_and_distinctive_practices(
    default_digests: SectorDigests,
) -> None:
    rows = default_digests.comparison
    shared = [r for r in rows if r.shared]
    assert len(shared) >= 3
    shared_themes = {t for r in shared for t in r.theme}
    assert {"客户保持", "客户识别", "客户细分"} <= shared_themes
    assert any(not r.shared for r in rows)
    # Every practice of every compared sector appears exactly once.
    for digest in default_digests.digests[:2]:
        numbers = sorted(r.practices[digest.sector] for r in rows if digest.sector in r.practices)
        assert numbers == list(range(1, len(digest.practices) + 1))


def test_user_sector_gets_its_own_digest(banking_digests: SectorDigests) -> None:
    by_key = {d.sector: d for d in banking_digests.digests}
    assert list(by_key) == ["telecom", "postal", "banking"]
    banking = by_key["banking"]
    assert banking.label == "银行" and len(banking.records) == 6
    # Segmenting key accounts (细分, 分为) is stated by two records; training the managers
    # (加强…培训) does not support setting up a manager system (建立…客户经理制).
    assert banking.practices[0].support == 2 and "客户细分" in banking.practices[0].theme
    manager = next(p for p in banking.practices if "客户经理制" in p.statement)
    assert all("培训" not in e.quote for e in manager.evidence)
    assert {"大客户经理", "客户细分"} <= _themes(banking)
    assert by_key["telecom"].warning is not None  # one telecom record only


def test_selection_options(
    default_corpus: PreparedCorpus, default_with_banking: PreparedCorpus
) -> None:
    result = summarize_sectors(
        default_corpus, settings=SummarizeSettings(max_practices=3), sectors=["邮政"]
    )
    (postal,) = result.digests
    assert postal.sector == "postal" and len(postal.practices) == 3
    assert result.comparison == ()  # nothing to compare with
    empty = summarize_sectors(default_with_banking, sectors=["banking", "telecom"])
    banking, telecom = empty.digests
    assert banking.records == () and banking.practices == ()
    assert banking.absent == "no record is about 银行: none of the 20 abstracts was assigned to it"
    assert banking.warning == banking.absent
    assert telecom.sector == "telecom"
    with pytest.raises(UsageError, match="unknown sector '保险'"):
        summarize_sectors(default_corpus, sectors=["保险"])


def test_same_input_same_output(
    default_corpus: PreparedCorpus, default_digests: SectorDigests
) -> None:
    again = summarize_sectors(default_corpus)
    assert render_json(again) == render_json(default_digests)
    assert render_markdown(again, explain=True) == render_markdown(default_digests, explain=True)


def test_saved_json_renders_the_same_markdown(default_digests: SectorDigests) -> None:
    restored = digests_from_dict(digests_to_dict(default_digests))
    assert render_markdown(restored, explain=True) == render_markdown(default_digests, explain=True)
    assert render_json(restored) == render_json(default_digests)


def _one(abstract: str) -> PreparedCorpus:
    from kamlit.corpus import prepare
    from kamlit.types import Record, Source

    source = Source(file="t.txt", format="listing", line=1)
    return prepare(records=[Record(id="x:1", abstract=abstract, source=source)])


def test_an_empty_abstract_gives_an_honest_empty_digest() -> None:
    (digest,) = summarize_sectors(_one("")).digests
    assert digest.sector == "general" and digest.practices == () and digest.statements == 0
    assert "only 1 abstract" in (digest.warning or "")


def test_one_record_one_practice() -> None:
    result = summarize_sectors(_one("电信企业应建立大客户经理制,由专人负责大客户的维护。"))
    (digest,) = result.digests
    assert digest.sector == "telecom"
    (practice,) = digest.practices
    assert practice.statement == "电信企业应建立大客户经理制,由专人负责大客户的维护"
    assert practice.kind == "recommendation" and practice.support == 1
    assert practice.theme[0] == "大客户经理"
    assert [e.quote for e in practice.evidence] == [
        "电信企业应建立大客户经理制,由专人负责大客户的维护。"
    ]
