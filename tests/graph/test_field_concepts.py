"""Concepts beyond nouns on a field other than the seed's: a composed VR export (seed and size
of its own) gets its field's verbs as graph nodes and no academic-general verb as a concept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import kamlit
from kamlit.settings import Settings
from kamlit.text.concepts import academic_words

MAKE_CORPUS = Path(__file__).resolve().parents[2] / "benchmarks" / "corpora" / "make_corpus.py"


@pytest.mark.slow
def test_a_vr_export_has_its_verbs_as_concepts(tmp_path: Path) -> None:
    out = tmp_path / "vr-202.txt"
    args = ["vr", "--records", "180", "--seed", "202", "--out", str(out)]
    subprocess.run([sys.executable, str(MAKE_CORPUS), *args], check=True, capture_output=True)
    settings = Settings()
    prepared = kamlit.prepare([out], settings=settings)
    concepts = {c for d in prepared.documents for c in d.concepts}
    assert {"交互", "沉浸", "展示"} <= concepts
    assert not concepts & academic_words()
    graph = kamlit.build_graph(prepared, settings=settings)
    assert {"交互", "沉浸"} <= {n.term for n in graph.nodes}
