"""English tokens: plurals folded onto the singular, function words and section labels dropped."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kamlit.text import segment_records
from kamlit.text.english import lemma
from kamlit.types import Record, Source

FIELDS = Path(__file__).resolve().parents[1] / "fixtures" / "fields"
_BOILERPLATE = (
    Path(__file__).resolve().parents[2] / "src" / "kamlit" / "data" / "lexicon" / "boilerplate.txt"
)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("models", "model"),
        ("networks", "network"),
        ("strategies", "strategy"),
        ("classes", "class"),
        ("approaches", "approach"),
        ("analysis", "analysis"),
        ("process", "process"),
        ("focus", "focus"),
        ("various", "various"),
        ("statistics", "statistics"),
        ("series", "series"),
        ("gas", "gas"),
        ("model", "model"),
        ("5g", "5g"),
    ],
)
def test_lemma(word: str, expected: str) -> None:
    assert lemma(word) == expected


def test_english_abstract_loses_labels_and_function_words_and_plurals() -> None:
    text = (
        "Abstract: (#br)BACKGROUND What models do users prefer through immersive systems? "
        "Results show that the model improves user experience."
    )
    record = Record(id="e:1", abstract=text, source=Source(file="e", format="test", line=1))
    (doc,) = segment_records([record], use_cache=False).documents
    tokens = set(doc.tokens)
    assert {"abstract", "background", "what", "through", "results", "the"}.isdisjoint(tokens)
    assert Counter(doc.tokens)["model"] == 2
    assert "models" not in tokens


def _boilerplate() -> set[str]:
    lines = _BOILERPLATE.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["vr", "art", "linguistics", "deeplearning", "management"])
def test_no_boilerplate_among_the_top_concepts_of_a_field(name: str) -> None:
    from kamlit.ingest import read_paths

    records = read_paths([FIELDS / f"{name}.txt"]).records
    corpus = segment_records(records, use_cache=False)
    counts = Counter(c for d in corpus.documents for c in d.concepts)
    top = {c for c, _ in counts.most_common(100)}
    assert not top & _boilerplate()
    tokens = Counter(t for d in corpus.documents for t in d.tokens)
    assert not {t for t, _ in tokens.most_common(100)} & _boilerplate()
