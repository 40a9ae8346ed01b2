"""Shared fixtures: paths to the default corpus and an isolated cache per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CORPUS_FILE = CORPUS / "key-accounts-similar-literature.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the on-disk cache of a test run away from the user's own cache."""
    import os

    os.environ["KAMLIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("kamlit-cache"))


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One `kamlit run` of the whole pipeline on the default corpus, shared by several tests."""
    from kamlit.pipeline import run_pipeline
    from kamlit.settings import CacheSettings, Settings

    out = tmp_path_factory.mktemp("run") / "out"
    cache = tmp_path_factory.mktemp("run-cache")
    run_pipeline([CORPUS], settings=Settings(cache=CacheSettings(dir=str(cache))), out_dir=out)
    return out
