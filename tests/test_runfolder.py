"""Typed results ↔ JSON round trips, `load_run`, and `kamlit report` from typed results."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS
from kamlit.corpus import PreparedCorpus, prepare
from kamlit.errors import InputError
from kamlit.graph.model import ConceptGraph
from kamlit.io import dumps_json
from kamlit.pipeline import TERMS_TOP, render_report
from kamlit.runfolder import Manifest, RunFolder, load_run, read_records
from kamlit.sectors import CueHit, RecordSectors, Sector, SectorAssignment
from kamlit.settings import Settings
from kamlit.summarize.model import SectorDigests
from kamlit.terms import GroupTerms, ScoredTerm, TermsResult, TermStat
from kamlit.topics.result import TopicModelResult

# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def run(run_dir: Path) -> RunFolder:
    return load_run(run_dir)


@pytest.fixture(scope="module")
def computed(run: RunFolder) -> dict[str, Any]:
    """The results of every stage, computed as `kamlit run` computes them with the run's
    settings (read back from its manifest)."""
    from kamlit.graph import build_concept_graph
    from kamlit.summarize import summarize_sectors
    from kamlit.terms import count_terms
    from kamlit.topics import build_topics

    s = run.manifest.settings
    prepared: PreparedCorpus = prepare([CORPUS], settings=s)
    return {
        "prepared": prepared,
        "terms": count_terms(prepared, by="sector", top=TERMS_TOP),
        "topics": build_topics(prepared, settings=s.topics, seed=s.seed),
        "graph": build_concept_graph(prepared, settings=s.graph, seed=s.seed),
        "digests": summarize_sectors(prepared, settings=s.summarize),
    }


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --------------------------------------------------------------------------- load_run


def test_load_run_gives_back_what_the_pipeline_computed(
    run: RunFolder, computed: dict[str, Any]
) -> None:
    prepared = computed["prepared"]
    assert run.records == prepared.ingest.records
    assert run.sectors == prepared.sectors
    assert run.terms == computed["terms"]
    assert run.graph == computed["graph"]
    assert run.digests == computed["digests"]
    # Topics are saved rounded to 6 decimals: equal to the computed result as saved.
    topics = computed["topics"]
    assert run.topics == TopicModelResult.from_dict(topics.to_dict())
    assert run.topics is not None and run.topics.to_dict() == topics.to_dict()
    assert run.manifest.records == len(prepared.ingest.records)
    assert run.manifest.seed == run.manifest.settings.seed
    assert [s.stage for s in run.manifest.timings.stages][:3] == ["ingest", "segment", "sectors"]


def test_report_rerenders_every_file_byte_for_byte(run_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    # Keep only what `kamlit report` reads (and the fitted topic model, data that no page can
    # rebuild); every page and table must come back identical.
    for path in copy.rglob("*"):
        if path.is_file() and path.suffix not in (".json", ".jsonl", ".bin"):
            path.unlink()
    render_report(copy)
    assert _tree(copy) == _tree(run_dir)


def test_records_keep_a_line_separator_inside_an_abstract(tmp_path: Path) -> None:
    line = json.dumps(
        {"id": "a", "abstract": "第一句\u2028第二句。", "source": {"file": "f", "format": "x"}},
        ensure_ascii=False,
    )
    path = tmp_path / "records.jsonl"
    path.write_text(line + "\n\n", encoding="utf-8")
    (record,) = read_records(path)
    assert record.abstract == "第一句\u2028第二句。"


def test_a_folder_without_records_is_not_a_run(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a kamlit run folder"):
        load_run(tmp_path)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("records.jsonl", '{"id": "a"}\n{"id": \n', r"records\.jsonl:1: not a kamlit record"),
        ("records.jsonl", "\n{oops\n", r"records\.jsonl:2: not valid JSON"),
        ("topics/topics.json", "{\n  oops", r"topics\.json:2: not valid JSON"),
        ("graph/graph.json", '{"graph": {}}', r"graph\.json: malformed: not a kamlit concept"),
        ("terms/terms.json", '{"by": {}}', r"terms\.json: malformed: 'terms' is missing"),
        ("digests/digests.json", '{"schema": "kamlit-digests/9"}', r"digests\.json: schema "),
        ("sectors.json", '{"schema": "kamlit-topics/1"}', r"sectors\.json: not kamlit sectors"),
    ],
)
def test_a_garbled_file_is_one_line_naming_it(
    run_dir: Path, tmp_path: Path, name: str, text: str, message: str
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    (copy / name).write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        load_run(copy)
    assert "\n" not in str(info.value)
    assert str(copy / name) in str(info.value)


def test_a_missing_analysis_is_none_and_a_missing_manifest_an_error(
    run_dir: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    shutil.rmtree(copy / "topics")
    assert load_run(copy).topics is None
    (copy / "manifest.json").unlink()
    with pytest.raises(InputError, match=r"manifest\.json: missing"):
        load_run(copy)


def test_a_newer_schema_is_refused_with_the_file_name(run_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    path = copy / "topics" / "topics.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["schema"] = "kamlit-topics/2"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match=r"topics\.json: schema kamlit-topics/2 .* newer kamlit"):
        load_run(copy)
    graph = copy / "graph" / "graph.json"
    data = json.loads(graph.read_text(encoding="utf-8"))
    data["graph"]["version"] = 3
    graph.write_text(json.dumps(data), encoding="utf-8")
    path.unlink()
    with pytest.raises(InputError, match=r"graph\.json: graph version 3 .* newer kamlit"):
        load_run(copy)


def test_files_written_before_the_schema_key_still_load(run_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    for name in ("sectors.json", "terms/terms.json", "topics/topics.json", "manifest.json"):
        path = copy / name
        data = json.loads(path.read_text(encoding="utf-8"))
        data.pop("schema")
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    again = load_run(copy)
    assert again.topics == load_run(run_dir).topics


# --------------------------------------------------------------------------- round trips


def test_every_result_of_the_default_corpus_round_trips(computed: dict[str, Any]) -> None:
    sectors = computed["prepared"].sectors
    cases: list[tuple[Any, Any]] = [
        (TermsResult, computed["terms"]),
        (ConceptGraph, computed["graph"]),
        (SectorDigests, computed["digests"]),
        (SectorAssignment, sectors),
    ]
    for cls, result in cases:
        data = result.to_dict()
        assert cls.from_dict(data) == result, cls.__name__
        # Through JSON text too, and the text is stable.
        text = dumps_json(data)
        assert cls.from_dict(json.loads(text)) == result, cls.__name__
        assert dumps_json(cls.from_dict(json.loads(text)).to_dict()) == text, cls.__name__


def test_topics_round_trip_once_rounded(computed: dict[str, Any]) -> None:
    result = computed["topics"]
    data = result.to_dict()
    saved = TopicModelResult.from_dict(json.loads(dumps_json(data)))
    assert saved.to_dict() == data
    assert TopicModelResult.from_dict(saved.to_dict()) == saved
    assert saved.doc_topic.shape == result.doc_topic.shape
    assert [t.by_sector for t in saved.topics] == [
        tuple((k, round(v, 6)) for k, v in t.by_sector) for t in result.topics
    ]
    assert saved != dataclasses.replace(saved, doc_topic=saved.doc_topic + 1e-3)


def test_topics_with_fixed_k_round_trip(run: RunFolder) -> None:
    assert run.topics is not None
    data = run.topics.to_dict()
    data.pop("selection")
    data["model"]["k_auto"] = False
    fixed = TopicModelResult.from_dict(data)
    assert [r.chosen for r in fixed.selection] == [True]
    assert fixed.to_dict() == data


def test_manifest_round_trips(run_dir: Path, run: RunFolder) -> None:
    text = (run_dir / "manifest.json").read_text(encoding="utf-8")
    assert dumps_json(run.manifest.to_dict()) == text
    assert Manifest.from_dict(run.manifest.to_dict()) == run.manifest
    assert isinstance(run.manifest.settings, Settings)


# --------------------------------------------------------------------------- generated results

_text = st.text(min_size=1, max_size=8)
_num = st.floats(allow_nan=False, allow_infinity=False, width=64)
_count = st.integers(min_value=0, max_value=10**6)


@st.composite
def _terms_results(draw: st.DrawFn) -> TermsResult:
    groups = draw(st.lists(_text, unique=True, max_size=4))
    return TermsResult(
        documents=draw(_count),
        tokens=draw(_count),
        terms=tuple(draw(st.lists(st.builds(TermStat, _text, _count, _count, _num), max_size=5))),
        by="sector" if groups else draw(st.sampled_from([None, "year"])),
        groups=tuple(
            GroupTerms(
                group=g,
                label=draw(_text),
                documents=draw(_count),
                tokens=draw(_count),
                terms=tuple(
                    draw(st.lists(st.builds(ScoredTerm, _text, _num, _num, _count), max_size=4))
                ),
            )
            for g in groups
        ),
        ungrouped=tuple(draw(st.lists(_text, max_size=3))),
        prior=draw(_num),
    )


@given(_terms_results())
@settings(max_examples=60, deadline=None)
def test_generated_terms_results_round_trip(result: TermsResult) -> None:
    text = dumps_json(result.to_dict())
    assert TermsResult.from_dict(json.loads(text)) == result


_hits = st.builds(CueHit, _text, st.sampled_from(["title", "abstract", "journal"]), _count, _num)
_keys = st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True), unique=True, max_size=3)


@st.composite
def _assignments(draw: st.DrawFn) -> SectorAssignment:
    keys = draw(_keys)
    sectors = tuple(
        Sector(
            key=k,
            label=draw(_text),
            cues=tuple(draw(st.lists(_text, max_size=3))),
            journals=tuple(draw(st.lists(_text, max_size=2))),
            weights=draw(st.dictionaries(_text, _num, max_size=2)),
            exclude=tuple(draw(st.lists(_text, max_size=2))),
        )
        for k in keys
    )
    records = tuple(
        RecordSectors(
            id=rid,
            sectors=tuple(draw(st.lists(st.sampled_from([*keys, "general"]), max_size=2))),
            cues={
                k: tuple(draw(st.lists(_text, max_size=2)))
                for k in draw(st.sets(_text, max_size=2))
            },
            scores=draw(st.dictionaries(_text, _num, max_size=3)),
            hits=draw(st.dictionaries(_text, st.lists(_hits, max_size=2).map(tuple), max_size=2)),
        )
        for rid in draw(st.lists(_text, unique=True, max_size=4))
    )
    return SectorAssignment(sectors=sectors, records=records)


@given(_assignments())
@settings(max_examples=60, deadline=None)
def test_generated_sector_assignments_round_trip(assignment: SectorAssignment) -> None:
    text = dumps_json(assignment.to_dict())
    assert SectorAssignment.from_dict(json.loads(text)) == assignment


def test_the_module_example_runs() -> None:
    import doctest

    import kamlit.runfolder

    result = doctest.testmod(kamlit.runfolder)
    assert result.attempted >= 8 and result.failed == 0
