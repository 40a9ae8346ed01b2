"""The prepared corpus: every stage sees the same sectors, and the text is cut exactly once."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from kamlit.corpus import PreparedCorpus, from_corpus, prepare, read_records
from kamlit.graph import build_concept_graph
from kamlit.settings import CacheSettings, GraphSettings, SegmentSettings, Settings, TopicSettings
from kamlit.summarize import summarize_sectors
from kamlit.terms import count_terms
from kamlit.text import keyword_text
from kamlit.text.sentences import sentence_bounds
from kamlit.topics import build_topics

# 沟通信息 holds 通信 (a telecom cue) across two words: with the word-boundary rule that record
# is not telecom. Each record says something recommendable so every sector gets statements.
RECORDS: list[dict[str, object]] = [
    {
        "title": "加强沟通信息的共享",
        "abstract": "企业应加强部门之间的沟通信息共享,建立客户档案。客户服务需要沟通信息。",
        "keywords": ["客户档案", "信息共享"],
    },
    {
        "title": "电信大客户营销",
        "abstract": "电信企业应建立大客户经理制,由专人负责大客户的维护。中国电信的客户经理。",
        "keywords": ["电信", "大客户经理"],
    },
    {
        "title": "邮政大客户服务",
        "abstract": "邮政企业必须加强大客户服务,建立大客户档案。邮政速递的大客户营销。",
        "keywords": ["邮政", "大客户服务"],
    },
    {
        "title": "移动通信的客户细分",
        "abstract": "中国移动应开展客户细分,针对大客户制定个性化套餐。通信企业的客户经理。",
        "keywords": ["客户细分"],
    },
    {
        "title": "客户关系管理",
        "abstract": "企业应加强客户关系管理,建立客户档案,做好大客户的维护。",
        "keywords": ["客户关系管理"],
    },
]


def _write(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two files; the second repeats the 沟通信息 record and the postal one."""
    folder = tmp_path_factory.mktemp("two-files")
    return [
        _write(folder / "a.jsonl", RECORDS[:3]),
        _write(folder / "b.jsonl", [RECORDS[0], RECORDS[2], *RECORDS[3:]]),
    ]


def _settings(dedupe: bool) -> Settings:
    settings = Settings()
    return Settings(
        seed=settings.seed,
        ingest=type(settings.ingest)(format="auto", dedupe=dedupe),
        graph=GraphSettings(min_count=1, backbone="off"),
        topics=TopicSettings(k=2, passes=5, iterations=20, stability_runs=1, min_df=1),
    )


@pytest.mark.parametrize("dedupe", [True, False])
def test_every_stage_gives_every_record_the_same_sectors(files: list[Path], dedupe: bool) -> None:
    settings = _settings(dedupe)
    prepared = prepare(files, settings=settings, use_cache=False)
    ids = [r.id for r in prepared.records]
    assert len(ids) == (5 if dedupe else 7)
    assert len(prepared.ingest.merges) == (2 if dedupe else 0)
    sectors = {i: prepared.sectors_of(i) for i in ids}
    for record in prepared.records:
        if record.abstract == RECORDS[0]["abstract"]:
            assert "telecom" not in sectors[record.id]  # 沟|通信|息 is no telecom word
        if record.abstract == RECORDS[1]["abstract"]:
            assert sectors[record.id] == ("telecom",)
    keys = sorted({k for s in sectors.values() for k in s})

    def members(key: str) -> list[str]:
        return [i for i in ids if key in sectors[i]]

    # Terms by sector: each group is the records of that sector.
    terms = count_terms(prepared, by="sector")
    assert {g.group: g.documents for g in terms.groups} == {k: len(members(k)) for k in keys}

    # Topics: record counts and mean shares per sector follow the same assignment.
    topics = build_topics(prepared, settings=settings.topics, seed=settings.seed)
    assert {g.key: g.records for g in topics.sectors if g.records} == {
        k: len([i for i in members(k) if i in topics.doc_ids]) for k in keys
    }
    rows = {doc: n for n, doc in enumerate(topics.doc_ids)}
    for position, topic in enumerate(topics.topics):
        for key, share in topic.by_sector:
            mine = [rows[i] for i in members(key) if i in rows]
            assert share == pytest.approx(float(np.mean(topics.doc_topic[mine, position])))
    for topic in topics.topics:
        for top in topic.top_records:
            assert top.sectors == sectors[top.id]

    # Graph: a node's sector counts are the sectors of the records naming the concept.
    graph = build_concept_graph(prepared, settings=settings.graph, seed=settings.seed)
    assert graph.nodes
    for node in graph.nodes:
        expected: Counter[str] = Counter()
        for record, document in zip(prepared.records, prepared.documents, strict=True):
            if node.term in document.concepts:
                expected.update(sectors[record.id])
        assert dict(node.sector_counts) == dict(expected)

    # Digests: each digest's records are the sector's members; the explanation agrees.
    digests = summarize_sectors(prepared)
    assert {d.sector: list(d.records) for d in digests.digests} == {
        k: members(k) for k in keys if members(k)
    }
    assert dict(digests.sectors_of) == sectors


def test_dedupe_off_keeps_duplicates_in_every_reader(files: list[Path]) -> None:
    on, off = read_records(files, _settings(True)), read_records(files, _settings(False))
    assert (len(on.records), len(off.records)) == (5, 7)


def test_from_corpus_rejects_an_assignment_of_other_records(files: list[Path]) -> None:
    prepared = prepare(files, settings=_settings(True), use_cache=False)
    other = prepare([files[0]], settings=_settings(True), use_cache=False)
    with pytest.raises(ValueError, match="does not list the corpus's records"):
        from_corpus(prepared.corpus, sectors=other.sectors)
    again = from_corpus(prepared.corpus, sectors=prepared.sectors)
    assert again.sectors_of(prepared.records[0].id) == prepared.sectors_of(prepared.records[0].id)


# ---------------------------------------------------------------------------- cut once


@pytest.fixture
def cut_calls(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[str]]:
    """Every text the cutting engine receives from now on, whatever Segmenter cuts it."""
    from kamlit.text import lexicon_for
    from kamlit.text.segmenter import Segmenter, get_segmenter

    monkeypatch.setenv("KAMLIT_CACHE_DIR", str(tmp_path / "cache"))
    warm = get_segmenter(lexicon_for(SegmentSettings()), engine="rjieba")
    engine: Callable[[str], list[str]] = warm._cut_fn  # built before counting starts
    calls: list[str] = []

    def counting(text: str) -> list[str]:
        calls.append(text)
        return engine(text)

    # A data descriptor on the class wins over every instance's cached engine.
    monkeypatch.setattr(Segmenter, "_cut_fn", property(lambda self: counting))
    yield calls


def _expected_pieces(prepared: PreparedCorpus) -> Counter[str]:
    """Every sentence of every abstract, title and keyword text, prepared for the engine."""
    segmenter = prepared.segmenter
    texts = [
        *(r.abstract for r in prepared.records),
        *(r.title or "" for r in prepared.records),
        *(keyword_text(r) for r in prepared.records),
    ]
    return Counter(segmenter.prepare(t[s:e]) for t in texts for s, e in sentence_bounds(t))


def _cut_pieces(calls: list[str]) -> Counter[str]:
    pieces: Counter[str] = Counter()
    for text in calls:
        assert text.endswith("\n"), f"a cut outside the batch pass: {text[:40]!r}"
        pieces.update(text.split("\n")[:-1])
    return pieces


def test_prepare_and_every_analysis_cut_the_text_once(
    cut_calls: list[str], files: list[Path]
) -> None:
    settings = _settings(True)
    settings = Settings(
        seed=settings.seed,
        segment=SegmentSettings(segmenter="rjieba"),
        cache=CacheSettings(enabled=False),
        graph=settings.graph,
        topics=settings.topics,
    )
    prepared = prepare(files, settings=settings)
    count_terms(prepared, by="sector")
    build_topics(prepared, settings=settings.topics, seed=settings.seed)
    build_concept_graph(prepared, settings=settings.graph, seed=settings.seed)
    summarize_sectors(prepared)
    assert len(cut_calls) == 1  # one batch for so little text
    assert _cut_pieces(cut_calls) == _expected_pieces(prepared)


def test_a_whole_run_cuts_the_text_once(
    cut_calls: list[str], files: list[Path], tmp_path: Path
) -> None:
    from kamlit.pipeline import run_pipeline

    settings = Settings(
        segment=SegmentSettings(segmenter="rjieba"),
        cache=CacheSettings(enabled=False),
        graph=GraphSettings(min_count=1, backbone="off"),
        topics=TopicSettings(k=2, passes=5, iterations=20, stability_runs=1, min_df=1),
    )
    run_pipeline(files, settings=settings, out_dir=tmp_path / "run")
    prepared = prepare(files, settings=settings)  # counted too: a second, separate pass
    pieces = _cut_pieces(cut_calls)
    expected = _expected_pieces(prepared)
    assert pieces == expected + expected


# ---------------------------------------------------------------------------- commands


def test_every_command_reads_with_the_dedupe_setting(
    files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from kamlit.cli import app

    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    paths = [str(f) for f in files]

    def counts() -> dict[str, int]:
        ingest = runner.invoke(app, ["ingest", "--json", *paths])
        segment = runner.invoke(app, ["segment", "--json", *paths])
        kwic = runner.invoke(app, ["kwic", "大客户", "--json", *paths])
        for result in (ingest, segment, kwic):
            assert result.exit_code == 0, result.output
        return {
            "ingest": len(ingest.stdout.splitlines()),
            "segment": len(segment.stdout.splitlines()),
            "kwic": len({line["id"] for line in json.loads(kwic.stdout)}),
        }

    merged = counts()
    assert merged["ingest"] == merged["segment"] == 5
    (tmp_path / "kamlit.toml").write_text("[ingest]\ndedupe = false\n", encoding="utf-8")
    plain = counts()
    assert plain["ingest"] == plain["segment"] == 7
    assert plain["kwic"] > merged["kwic"]  # the postal duplicate says 大客户 too
    # The flag still overrides the file.
    flagged = runner.invoke(app, ["ingest", "--json", "--dedupe", *paths])
    assert len(flagged.stdout.splitlines()) == 5


def test_the_module_example_runs() -> None:
    import doctest

    import kamlit.corpus

    result = doctest.testmod(kamlit.corpus, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 4 and result.failed == 0
