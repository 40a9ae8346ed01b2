"""Format detection from content alone, and the registry's order."""

from __future__ import annotations

import pytest

from conftest import CORPUS_FILE, FIXTURES
from kamlit.ingest.decode import read_text
from kamlit.ingest.formats import READERS, detect_format

DETECTED = {
    "cnki-refworks.txt": "refworks",
    "cnki-refworks-gb18030-crlf.txt": "refworks",
    "cnki-endnote.txt": "endnote",
    "cnki-noteexpress.net": "noteexpress",
    "cnki-noteexpress-utf16.net": "noteexpress",
    "cnki-estudy.txt": "estudy",
    "wos-savedrecs.txt": "wos",
    "records.ris": "ris",
    "cnki-export.csv": "csv",
    "cnki-export-gbk.csv": "csv",
    "records-en.csv": "csv",
    "records.jsonl": "jsonl",
}


def test_every_export_fixture_is_covered() -> None:
    assert sorted(p.name for p in (FIXTURES / "exports").iterdir()) == sorted(DETECTED)


@pytest.mark.parametrize(("name", "fmt"), sorted(DETECTED.items()))
def test_detects_each_export(name: str, fmt: str) -> None:
    assert detect_format(read_text(FIXTURES / "exports" / name).text) == fmt


def test_detection_ignores_the_file_name(tmp_path) -> None:  # type: ignore[no-untyped-def]
    misnamed = tmp_path / "export.csv"
    misnamed.write_bytes((FIXTURES / "exports" / "cnki-endnote.txt").read_bytes())
    assert detect_format(read_text(misnamed).text) == "endnote"


def test_listing_page_is_still_a_listing() -> None:
    assert detect_format(read_text(CORPUS_FILE).text) == "listing"
    for name, reader in READERS.items():
        if name != "listing":
            assert not reader.sniff(read_text(CORPUS_FILE).text), name


def test_registry_puts_loose_formats_last() -> None:
    names = list(READERS)
    assert names[-2:] == ["csv", "listing"]
    assert set(names) == {
        "jsonl", "noteexpress", "ris", "wos", "refworks", "endnote", "estudy", "csv", "listing",
    }  # fmt: skip
    for reader in READERS.values():
        assert reader.sniff.__doc__ and reader.parse.__doc__


def test_plain_prose_is_no_format() -> None:
    assert detect_format("大客户营销是电信企业的重要工作。\n邮政也一样。\n") is None
