"""Shared fixtures for the summarize tests: the default corpus and the banking fixture,
segmented once per session (segmentation is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS_FILE, FIXTURES
from kamlit.ingest import read_paths
from kamlit.text import Corpus, segment_records

BANKING = FIXTURES / "summarize" / "banking-key-accounts.txt"
BANKING_SECTORS = FIXTURES / "summarize" / "banking-sectors.toml"


def _segment(path: Path) -> Corpus:
    return segment_records(read_paths([path]).records)


@pytest.fixture(scope="session")
def default_corpus() -> Corpus:
    """The 20 records of the default corpus, segmented."""
    return _segment(CORPUS_FILE)


@pytest.fixture(scope="session")
def banking_corpus() -> Corpus:
    """The hand-made banking listing (6 banking, 1 telecom, 1 postal record), segmented."""
    return _segment(BANKING)
