"""write_topics: the files, the topics.json contract, CSV tables, byte-stable re-rendering."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kamlit.io import dumps_json
from kamlit.settings import TopicSettings
from kamlit.text import Corpus
from kamlit.topics import build_topics, write_topics
from kamlit.topics.explorer import render_explorer
from kamlit.topics.result import TopicModelResult
from kamlit.topics.saved import MODEL_FILES, NATIVE_FILES
from kamlit.topics.write import FILES, doc_topics_csv, selection_csv, topic_terms_csv

FAST = TopicSettings(passes=20, iterations=30, stability_runs=2)


@pytest.fixture(scope="module")
def auto_dir(themed: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("topics") / "out"
    write_topics(build_topics(themed, settings=FAST, seed=2), out)
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_every_file_is_written(auto_dir: Path) -> None:
    model = [*MODEL_FILES, NATIVE_FILES["tomotopy"]]
    assert sorted(p.name for p in auto_dir.iterdir()) == sorted([*FILES, *model])
    assert (auto_dir / "topics.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # Atomic writes leave no temporary files behind.
    assert not list(auto_dir.glob(".*"))


def test_topics_json_contract(auto_dir: Path) -> None:
    data = json.loads((auto_dir / "topics.json").read_text(encoding="utf-8"))
    assert {"engine", "k", "seed", "coherence", "topics", "doc_topics", "selection"} <= set(data)
    assert data["engine"] == "tomotopy"
    assert data["seed"] == 2
    assert isinstance(data["k"], int)
    assert data["coherence"]["measure"] == "c_v"
    assert isinstance(data["coherence"]["mean"], float)
    assert len(data["topics"]) == data["k"]
    for i, topic in enumerate(data["topics"], start=1):
        assert topic["id"] == i
        assert isinstance(topic["label"], str) and topic["label"]
        assert isinstance(topic["coherence"], float)
        assert topic["terms"] and set(topic["terms"][0]) == {"term", "weight"}
        weights = [t["weight"] for t in topic["terms"]]
        assert weights == sorted(weights, reverse=True)
    assert len(data["doc_topics"]) == 12
    for shares in data["doc_topics"].values():
        assert len(shares) == data["k"]
        assert sum(shares) == pytest.approx(1.0, abs=1e-5)
    for row in data["selection"]:
        assert {"k", "coherence", "stability"} <= set(row)
    assert [r["k"] for r in data["selection"] if r["chosen"]] == [data["k"]]


def test_topics_json_records_why_k_was_chosen(auto_dir: Path) -> None:
    data = json.loads((auto_dir / "topics.json").read_text(encoding="utf-8"))
    choice = data["choice"]
    rows = {r["k"]: r for r in data["selection"]}
    # The numbers are the rule's: the best bound, its standard error clamped, the threshold.
    bounds = {k: r["bound"] for k, r in rows.items()}
    assert choice["best_bound"] == max(bounds.values())
    assert choice["best_k"] == min(k for k, b in bounds.items() if b == choice["best_bound"])
    se = rows[choice["best_k"]]["quality_se"]
    assert choice["standard_error"] == se
    assert choice["tolerance"] == min(choice["ceiling"], max(choice["floor"], se))
    assert choice["threshold"] == pytest.approx(choice["best_bound"] - choice["tolerance"])
    assert data["k"] == min(k for k, b in bounds.items() if b >= choice["threshold"])
    for r in rows.values():  # bound = mean quality over the seeds - its standard error
        assert r["bound"] == pytest.approx(r["quality"] - r["quality_se"], abs=2e-6)
    result = TopicModelResult.from_dict(data)
    assert result.choice is not None and result.choice.best_k == choice["best_k"]
    assert result.to_dict() == data
    # The explorer says the rule and the numbers, in either language.
    for lang, words in (("en", "has the best bound"), ("zh", "的下界最高")):
        page = render_explorer(result, lang=lang)
        assert words in page
        assert f"K={data['k']}" in page
        assert f"{choice['threshold']:.3f}" in page


def test_a_file_without_the_choice_still_reads(auto_dir: Path) -> None:
    data = json.loads((auto_dir / "topics.json").read_text(encoding="utf-8"))
    del data["choice"]
    for row in data["selection"]:
        del row["quality_se"], row["bound"]
    result = TopicModelResult.from_dict(data)
    assert result.choice is None
    assert "has the best bound" not in render_explorer(result, lang="en")


def test_floats_are_rounded(auto_dir: Path) -> None:
    data = json.loads((auto_dir / "topics.json").read_text(encoding="utf-8"))
    values = [s for shares in data["doc_topics"].values() for s in shares]
    values += [t["weight"] for topic in data["topics"] for t in topic["terms"]]
    assert all(round(v, 6) == v for v in values)


def test_csv_tables(auto_dir: Path) -> None:
    data = json.loads((auto_dir / "topics.json").read_text(encoding="utf-8"))
    k = data["k"]
    terms = _rows(auto_dir / "topic_terms.csv")
    assert len(terms) == sum(len(t["terms"]) for t in data["topics"])
    first = data["topics"][0]
    assert terms[0]["topic"] == "1"
    assert terms[0]["label"] == first["label"]
    assert terms[0]["term"] == first["terms"][0]["term"]
    assert float(terms[0]["weight"]) == pytest.approx(first["terms"][0]["weight"])
    docs = _rows(auto_dir / "doc_topics.csv")
    assert [d["id"] for d in docs] == data["doc_ids"]  # corpus order, not sorted
    assert list(docs[0]) == ["id", "dominant_topic", *(f"topic_{i}" for i in range(1, k + 1))]
    for row in docs:
        shares = [float(row[f"topic_{i}"]) for i in range(1, k + 1)]
        assert int(row["dominant_topic"]) == shares.index(max(shares)) + 1
    selection = _rows(auto_dir / "selection.csv")
    assert [int(r["k"]) for r in selection] == [r["k"] for r in data["selection"]]
    assert [r["chosen"] for r in selection].count("yes") == 1
    bounds = [r["bound"] for r in data["selection"]]
    assert [float(r["bound"]) for r in selection] == pytest.approx(bounds)


def test_fixed_k_writes_a_one_row_selection_and_no_selection_key(
    themed: Corpus, tmp_path: Path
) -> None:
    result = build_topics(themed, settings=dataclasses.replace(FAST, k=3), seed=2)
    write_topics(result, tmp_path)
    data = json.loads((tmp_path / "topics.json").read_text(encoding="utf-8"))
    assert "selection" not in data
    rows = _rows(tmp_path / "selection.csv")
    assert [(r["k"], r["chosen"]) for r in rows] == [("3", "yes")]
    assert float(rows[0]["stability"]) == pytest.approx(data["stability"]["mean"])


def test_saved_json_re_renders_every_file_byte_for_byte(auto_dir: Path, tmp_path: Path) -> None:
    data = json.loads((auto_dir / "topics.json").read_text(encoding="utf-8"))
    again = tmp_path / "again"
    write_topics(TopicModelResult.from_dict(data), again)
    for name in FILES:
        assert (again / name).read_bytes() == (auto_dir / name).read_bytes(), name


@pytest.mark.parametrize("engine", ["tomotopy", "gensim", "sklearn"])
def test_same_seed_renders_identical_files(themed: Corpus, engine: str) -> None:
    # The PNG's own determinism is tested in test_chart; here everything derived from the fit.
    settings = dataclasses.replace(FAST, k=3, engine=engine)  # type: ignore[arg-type]
    a, b = (build_topics(themed, settings=settings, seed=9) for _ in range(2))
    assert dumps_json(a.to_dict()) == dumps_json(b.to_dict())
    for render in (topic_terms_csv, doc_topics_csv, selection_csv, render_explorer):
        assert render(a) == render(b)


_HASH_SEED_SCRIPT = """
import sys
from pathlib import Path
from kamlit.io import dumps_json
from kamlit.corpus import from_corpus
from kamlit.corpus import from_corpus
from kamlit.settings import TopicSettings
from kamlit.text import Corpus, Document, Sentence
from kamlit.text.lexicon import load_lexicon
from kamlit.topics import build_topics
from kamlit.topics.explorer import render_explorer
from kamlit.topics.write import doc_topics_csv, topic_terms_csv
from kamlit.types import Record, Source

words = ["邮政", "邮件", "包裹", "网点", "速递", "电信", "宽带", "移动", "网络", "套餐"]
records, documents = [], []
for i in range(12):
    tokens = tuple(words[(i * 3 + j) % len(words)] for j in range(6)) + ("客户",)
    text = "".join(tokens)
    records.append(Record(id=f"d{i}", abstract=text, source=Source("t.txt", "test", i)))
    documents.append(Document(f"d{i}", (Sentence(0, len(text), text, tokens, ()),)))
corpus = from_corpus(Corpus(tuple(records), tuple(documents), load_lexicon()))
out = Path(sys.argv[1])
for engine in ("tomotopy", "gensim", "sklearn"):
    settings = TopicSettings(engine=engine, k="auto", k_max=3, passes=10, stability_runs=2)
    result = build_topics(corpus, settings=settings, seed=11)
    data = result.to_dict()
    for name, text in [("json", dumps_json(data)), ("html", render_explorer(result)),
                       ("terms", topic_terms_csv(result)), ("docs", doc_topics_csv(result))]:
        (out / f"{engine}.{name}").write_text(text, encoding="utf-8")
"""


def test_same_seed_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    for hash_seed in ("1", "2"):
        (tmp_path / hash_seed).mkdir()
        env = dict(os.environ, PYTHONPATH=str(root / "src"), PYTHONHASHSEED=hash_seed)
        subprocess.run(
            [sys.executable, "-c", _HASH_SEED_SCRIPT, str(tmp_path / hash_seed)],
            env=env,
            capture_output=True,
            timeout=300,
            check=True,
        )
    names = sorted(p.name for p in (tmp_path / "1").iterdir())
    assert len(names) == 12
    for name in names:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_the_report_says_why_k_was_chosen(run_dir: Path) -> None:
    data = json.loads((run_dir / "topics" / "topics.json").read_text(encoding="utf-8"))
    page = (run_dir / "index.html").read_text(encoding="utf-8")
    choice = data["choice"]
    assert "has the best bound" in page
    assert f"at least {choice['best_bound']:.3f} − {choice['tolerance']:.3f}" in page
    assert f"is K={data['k']}" in page
