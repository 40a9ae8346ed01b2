"""Fixtures of the text tests: the default corpus' records and segmenters on both engines."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kamlit.ingest import read_paths
from kamlit.settings import SegmentSettings
from kamlit.text import Lexicon, lexicon_for
from kamlit.text.segmenter import Segmenter, get_segmenter
from kamlit.types import Record

CORPUS_FILE = Path(__file__).resolve().parents[2] / "corpus" / "key-accounts-similar-literature.txt"


@pytest.fixture(scope="session")
def records() -> tuple[Record, ...]:
    """The 20 records of the default corpus."""
    return read_paths([CORPUS_FILE]).records


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    """The shipped lexicon."""
    return lexicon_for(SegmentSettings())


@pytest.fixture(scope="session")
def rjieba_segmenter(lexicon: Lexicon) -> Segmenter:
    """The fast path (built once per test session)."""
    return get_segmenter(lexicon, engine="rjieba", cache_dir=Path(os.environ["KAMLIT_CACHE_DIR"]))


@pytest.fixture(scope="session")
def jieba_segmenter(lexicon: Lexicon) -> Segmenter:
    """The reference engine (its dictionary load costs about a second, so once per session)."""
    return get_segmenter(lexicon, engine="jieba", cache_dir=Path(os.environ["KAMLIT_CACHE_DIR"]))
