"""The README's Python example and the front door's docstring examples run as written."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import kamlit

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The examples read the bundled corpus (no ./corpus/ here) and cache in a private folder.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KAMLIT_CACHE_DIR", str(tmp_path / "cache"))


def test_readme_python_example_runs() -> None:
    result = doctest.testfile(
        str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert result.attempted > 5
    assert result.failed == 0


def test_front_door_examples_run() -> None:
    result = doctest.testmod(kamlit, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 10
    assert result.failed == 0


def test_records_frame_has_one_row_per_record() -> None:
    pd = pytest.importorskip("pandas")
    frame = kamlit.records_frame(kamlit.read_records())
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == 20
    assert {"id", "title", "abstract", "citations_total", "source_line"} <= set(frame.columns)
    assert frame["abstract"].str.len().min() > 0


def test_import_kamlit_is_cheap() -> None:
    import subprocess
    import sys

    heavy = "('gensim', 'jieba', 'networkx', 'numpy')"
    code = f"import kamlit, sys; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
