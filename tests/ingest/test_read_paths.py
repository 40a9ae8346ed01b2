"""read_paths over exports: mixed folders, --format overrides, files with nothing readable."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES
from kamlit.errors import InputError, UsageError
from kamlit.ingest import read_paths

MIXED = FIXTURES / "mixed-exports"


def test_mixed_folder_reads_every_format_in_input_order() -> None:
    result = read_paths([MIXED])
    assert [(Path(f.path).name, f.format, f.encoding, f.records) for f in result.files] == [
        ("endnote.txt", "endnote", "utf-8", 2),
        ("estudy.txt", "estudy", "utf-8-sig", 2),
        ("export.csv", "csv", "gb18030", 2),
        ("export.ris", "ris", "utf-8", 2),
        ("noteexpress.net", "noteexpress", "utf-16-le", 2),
        ("records.jsonl", "jsonl", "utf-8", 2),
        ("refworks.txt", "refworks", "gb18030", 2),
        ("savedrecs.txt", "wos", "utf-8", 2),
        ("similar-literature.txt", "listing", "utf-8", 2),
    ]
    assert len(result.records) == 17
    assert [(m.kept, m.dropped) for m in result.merges] == [("refworks:1", "savedrecs:1")]
    assert [p.render() for p in result.problems] == [
        "export.csv:3: row 2 has 10 fields but the header has 9 (a stray ',' or quote?); skipped"
    ]
    ids = [r.id for r in result.records]
    assert ids.index("endnote:1") < ids.index("refworks:1") < ids.index("similar-literature:2")


def test_format_option_overrides_detection() -> None:
    path = FIXTURES / "exports" / "cnki-export.csv"
    with pytest.raises(InputError, match=r"cnki-export\.csv: no record could be read as ris"):
        read_paths([path], format="ris")
    assert len(read_paths([path], format="csv").records) == 4


def test_unknown_format_name_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown format 'bibtex'; expected one of auto, jsonl"):
        read_paths([FIXTURES / "exports"], format="bibtex")


def test_file_with_no_parsable_record_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "empty-records.txt"
    bad.write_text("RT Journal Article\nA1 佚名\nDS CNKI\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_paths([bad])
    assert caught.value.render() == (
        f"{bad}: no record could be read as refworks "
        "(empty-records.txt:1: record 1 has no title and no abstract; skipped)"
    )
