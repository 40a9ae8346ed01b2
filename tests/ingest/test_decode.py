"""Encodings and line ends: each export reads alike in UTF-8 (±BOM), GB18030, UTF-16, CRLF, CR."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES
from kamlit.errors import InputError
from kamlit.ingest import read_paths
from kamlit.ingest.decode import decode_bytes

UTF8_EXPORTS = [
    "cnki-refworks.txt",
    "cnki-endnote.txt",
    "cnki-noteexpress.net",
    "cnki-estudy.txt",
    "wos-savedrecs.txt",
    "records.ris",
    "cnki-export.csv",
    "records-en.csv",
    "records.jsonl",
]
VARIANTS = {
    "utf-8-sig": ("utf-8-sig", "\n"),
    "gb18030-crlf": ("gb18030", "\r\n"),
    "utf-16-bom-crlf": ("utf-16", "\r\n"),
    "utf-16-le-no-bom": ("utf-16-le", "\n"),
    "utf-16-be-no-bom": ("utf-16-be", "\n"),
    "utf-8-lone-cr": ("utf-8", "\r"),
}
REPORTED = {
    "utf-8-sig": "utf-8-sig",
    "gb18030-crlf": "gb18030",
    "utf-16-bom-crlf": "utf-16-le",
    "utf-16-le-no-bom": "utf-16-le",
    "utf-16-be-no-bom": "utf-16-be",
    "utf-8-lone-cr": "utf-8",
}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("name", UTF8_EXPORTS)
def test_variant_reads_like_the_original(tmp_path: Path, name: str, variant: str) -> None:
    original = FIXTURES / "exports" / name
    encoding, newline = VARIANTS[variant]
    text = original.read_text(encoding="utf-8")
    twin = tmp_path / name
    twin.write_bytes(text.replace("\n", newline).encode(encoding))
    want = read_paths([original], dedupe=False)
    got = read_paths([twin], dedupe=False)
    # ASCII-only text is the same bytes in GB18030 and UTF-8, and is reported as UTF-8.
    ascii_gb = text.isascii() and encoding == "gb18030"
    assert got.files[0].encoding == ("utf-8" if ascii_gb else REPORTED[variant])
    assert got.files[0].format == want.files[0].format
    assert got.records == want.records
    assert [p.render() for p in got.problems] == [p.render() for p in want.problems]


def test_full_width_spaces_are_layout() -> None:
    text = "RT Journal Article\nT1\u3000邮政大客户\u3000营销\nAB\u3000\u3000摘要正文。\nDS CNKI\n"
    result = decode_bytes(text.encode("gb18030"))
    assert result.encoding == "gb18030"
    from kamlit.ingest import refworks

    (record,) = refworks.parse(result.text, file="x", stem="x").records
    assert (record.title, record.abstract) == ("邮政大客户 营销", "摘要正文。")


def test_damaged_utf8_is_read_as_utf8_and_noted(tmp_path: Path) -> None:
    data = (FIXTURES / "exports" / "cnki-refworks.txt").read_bytes()
    damaged = tmp_path / "cut.txt"
    # The download stopped inside a character (of the last record's abstract).
    damaged.write_bytes(data[: data.index("提供了依据".encode()) + 4])
    result = read_paths([damaged], dedupe=False)
    assert result.files[0].encoding == "utf-8"
    notes = [p for p in result.problems if not p.skipped]
    assert [p.render() for p in notes] == [
        "cut.txt: 1 byte sequence(s) are not valid UTF-8 (the rest is); each was replaced by U+FFFD"
    ]
    assert result.records[0].title == "电信运营商大客户营销策略研究"


def test_western_single_byte_guess_is_noted() -> None:
    text = (
        "TY  - JOUR\nAU  - Müller, Jörg\nTI  - Key accounts at Europe's posts: a résumé\nER  - \n"
    )
    result = decode_bytes(text.encode("cp1252"))
    assert result.text == text
    # Several single-byte code pages fit these bytes; which one is named is a guess, said so.
    assert result.notes and result.notes[0].startswith(f"encoding guessed as {result.encoding};")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (
            "TY  - JOUR\nAU  - Müller, Jörg\nAU  - Núñez, José\n"
            "TI  - Key accounts at Europe's posts: a résumé, façade, Ærø\nER  - \n",
            "cp1252",
        ),
        (
            "TY  - JOUR\nAU  - Müller, Jörg\nTI  - Key accounts at Europe’s posts – a résumé\n"
            "ER  - \n",
            "cp1252",
        ),
        (
            "TY  - JOUR\nAU  - Wiśniewski, Łukasz\n"
            "TI  - Obsługa kluczowych klientów w Poczcie Polskiej: Łódź i Wrocław\nER  - \n",
            "cp1250",
        ),
    ],
)
def test_single_byte_guess_prefers_letters_that_make_sense(text: str, encoding: str) -> None:
    # Whatever code pages charset-normalizer proposes (and in which order), the one whose
    # letters read as names and titles wins: not `MŁller` (mac_latin2), not `£ukasz` (cp1252).
    result = decode_bytes(text.encode(encoding))
    assert (result.encoding, result.text) == (encoding, text)


def test_binary_is_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_bytes(bytes(range(256)) * 4)
