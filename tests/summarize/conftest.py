"""Shared fixtures for the summarize tests: the default corpus and the banking fixture,
segmented once per session (segmentation is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS_FILE, FIXTURES
from kamlit.corpus import PreparedCorpus, prepare
from kamlit.settings import SectorSettings, Settings

BANKING = FIXTURES / "summarize" / "banking-key-accounts.txt"
BANKING_SECTORS = FIXTURES / "summarize" / "banking-sectors.toml"


BANKING_SETTINGS = Settings(sectors=SectorSettings(lexicons=(str(BANKING_SECTORS),)))


def _prepare(path: Path, settings: Settings | None = None) -> PreparedCorpus:
    return prepare([path], settings=settings)


@pytest.fixture(scope="session")
def default_corpus() -> PreparedCorpus:
    """The 20 records of the default corpus, prepared."""
    return _prepare(CORPUS_FILE)


@pytest.fixture(scope="session")
def default_with_banking() -> PreparedCorpus:
    """The default corpus, prepared with the banking sector lexicon added."""
    return _prepare(CORPUS_FILE, BANKING_SETTINGS)


@pytest.fixture(scope="session")
def banking_corpus() -> PreparedCorpus:
    """The hand-made banking listing (6 banking, 1 telecom, 1 postal record), prepared with
    the banking sector lexicon."""
    return _prepare(BANKING, BANKING_SETTINGS)
