"""The choice of K on labelled mixtures of unrelated fields: K >= number of fields, and every
field is the majority of at least one topic (documents counted by their dominant topic); the
result records the numbers of the one-standard-error rule that chose K.

The mixtures are composed by `benchmarks/corpora/make_corpus.py` from its field banks, in
equal and unequal shares, with other generator seeds than the corpora the rule was measured on;
`benchmarks/bench_topics.py mixture FOLDER` prints the full sweep tables.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from kamlit.corpus import prepare
from kamlit.topics import build_topics

ROOT = Path(__file__).resolve().parents[2]
MAKE = ROOT / "benchmarks" / "corpora" / "make_corpus.py"
FIXTURE = ROOT / "tests" / "fixtures" / "fields" / "mixed"


def _make(folder: Path, shares: dict[str, int], seed: int) -> Path:
    for name, records in shares.items():
        options = ["--records", str(records), "--seed", str(seed), "--format", "refworks"]
        subprocess.run(
            [sys.executable, str(MAKE), name, *options, "--prefix", "mix-", "--out", str(folder)],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return folder


def _truth(folder: Path) -> dict[str, str]:
    fields: dict[str, str] = {}
    for path in sorted((folder / ".truth").glob("*.truth.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        fields.update({r["id"]: r["field"] for r in data["records"]})
    return fields


def _check(folder: Path) -> None:
    truth = _truth(folder)
    result = build_topics(prepare([folder]))
    sources = set(truth.values())
    assert result.k >= len(sources), result.selection
    choice = result.choice
    assert choice is not None
    bounds = {r.k: r.bound for r in result.selection if r.bound is not None}
    assert result.k == min(k for k, b in bounds.items() if round(b, 6) >= choice.threshold)
    assert choice.floor <= choice.tolerance <= choice.ceiling
    dominant = result.doc_topic.argmax(axis=1)
    majority = set()
    for t in range(result.k):
        pairs = zip(result.doc_ids, dominant, strict=True)
        members = Counter(truth[d] for d, top in pairs if top == t)
        if members:
            majority.add(max(sorted(members), key=lambda f: members[f]))
    assert majority == sources, (result.k, majority)


@pytest.mark.slow
def test_four_fields_of_the_fixture() -> None:
    _check(FIXTURE)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("shares", "seed"),
    [
        ({"deeplearning": 150, "telecom5g": 150}, 3),
        ({"vr": 240, "linguistics": 120, "deeplearning": 80, "art": 50}, 5),
        (
            {
                f: 100
                for f in ("vr", "art", "linguistics", "management", "deeplearning", "telecom5g")
            },
            17,
        ),
    ],
    ids=["two-equal", "four-unequal", "six-equal"],
)
def test_generated_mixtures(tmp_path: Path, shares: dict[str, int], seed: int) -> None:
    _check(_make(tmp_path, shares, seed))
