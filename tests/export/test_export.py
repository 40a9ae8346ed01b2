"""Each export format read back by its maintained reader, every field the format carries intact.

csv: Python's csv module and kamlit's CSV reader; xlsx: openpyxl; ris: rispy and kamlit's RIS
reader; bibtex: bibtexparser; wos: kamlit's WoS reader (the conventions CiteSpace reads).
Checked on the bundled corpus, on every fixture export format and on generated records.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import bibtexparser
import openpyxl
import pytest
import rispy
from hypothesis import HealthCheck, given, settings

from export_writers import records as record_strategy
from kamlit.corpus import read_records
from kamlit.errors import UsageError
from kamlit.export import FORMATS, export_bytes, export_format, write_records
from kamlit.export.bibtex import bibtex_key, unique_keys
from kamlit.ingest import default_inputs
from kamlit.settings import Settings, with_overrides
from kamlit.tables import BOM, header
from kamlit.types import Record

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
INPUTS = {
    "seed": default_inputs(),
    **{p.name: [p] for p in sorted((FIXTURES / "exports").iterdir())},
    **{f"mixed/{p.name}": [p] for p in sorted((FIXTURES / "mixed-exports").iterdir())},
    "fields": sorted((FIXTURES / "fields").glob("*.txt")),
}
NO_DEDUPE = with_overrides(Settings(), ingest={"dedupe": False})


def _read(paths: Sequence[Path]) -> list[Record]:
    return list(read_records(paths, Settings()).records)


def _kamlit_read(path: Path) -> list[Record]:
    result = read_records([path], NO_DEDUPE)
    assert not [p for p in result.problems if p.skipped], result.problems
    return list(result.records)


def _flat(text: str | None) -> str | None:
    if text is None:
        return None
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def _pages(pages: str | None) -> str | None:
    """Pages as the first/last-page formats give them back: `9-9` is read as `9`."""
    if pages is None:
        return None
    first, _, last = pages.partition("-")
    return first if last == first else pages


def _core(r: Record, *, flat: bool = False) -> tuple[object, ...]:
    text = _flat if flat else (lambda t: t)
    return (
        text(r.title),
        r.authors,
        r.year,
        text(r.journal),
        r.keywords,
        text(r.abstract) or "",
    )


@pytest.fixture(scope="module", params=list(INPUTS))
def records(request: pytest.FixtureRequest) -> list[Record]:
    found = _read(INPUTS[request.param])
    assert found
    return found


def test_csv_reads_back_with_csv_module_and_kamlit(records: list[Record], tmp_path: Path) -> None:
    out = write_records(records, tmp_path / "records.csv")
    raw = out.read_bytes()
    assert raw.startswith(BOM.encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == list(header("records.csv"))
    for row, r in zip(rows, records, strict=True):
        assert row["id"] == r.id
        assert row["title"] == (r.title or "")
        assert row["authors"].split(";") == (list(r.authors) or [""])
        assert row["year"] == ("" if r.year is None else str(r.year))
        assert row["journal"] == (r.journal or "")
        assert row["keywords"].split(";") == (list(r.keywords) or [""])
        assert row["abstract"] == r.abstract
    back = _kamlit_read(out)
    assert [_core(b) for b in back] == [_core(r) for r in records]
    assert [(b.pages, b.volume, b.issue, b.doc_type, b.citations, b.truncated) for b in back] == [
        (r.pages, r.volume, r.issue, r.doc_type, r.citations, r.truncated) for r in records
    ]


def test_xlsx_reads_back_with_openpyxl(records: list[Record], tmp_path: Path) -> None:
    out = write_records(records, tmp_path / "records.xlsx")
    book = openpyxl.load_workbook(out)
    sheet = book["records"]
    rows = list(sheet.iter_rows(values_only=True))
    names = list(rows[0])
    assert names == list(header("records.csv"))
    for values, r in zip(rows[1:], records, strict=True):
        row = dict(zip(names, values, strict=True))
        assert row["id"] == r.id
        assert row["title"] == r.title
        assert (row["authors"] or "").split(";") == (list(r.authors) or [""])
        assert row["year"] == r.year
        assert row["journal"] == r.journal
        assert (row["keywords"] or "").split(";") == (list(r.keywords) or [""])
        assert (row["abstract"] or "") == r.abstract
        assert row["times_cited"] == r.citations.total
    assert len(rows) == len(records) + 1


def test_ris_reads_back_with_rispy_and_kamlit(records: list[Record], tmp_path: Path) -> None:
    out = write_records(records, tmp_path / "records.ris")
    entries = rispy.load(out, encoding="utf-8")
    assert len(entries) == len(records)
    for e, r in zip(entries, records, strict=True):
        assert e.get("title") == _flat(r.title)
        assert e.get("authors", []) == list(r.authors)
        assert e.get("year") == (None if r.year is None else str(r.year))
        assert e.get("secondary_title") == _flat(r.journal)
        assert e.get("keywords", []) == list(r.keywords)
        assert e.get("abstract") == (_flat(r.abstract) or None)
    back = _kamlit_read(out)
    assert [_core(b) for b in back] == [_core(r, flat=True) for r in records]
    assert [(b.pages, b.volume, b.issue, b.doc_type) for b in back] == [
        (_pages(r.pages), r.volume, r.issue, r.doc_type) for r in records
    ]


def test_bibtex_reads_back_with_bibtexparser(records: list[Record], tmp_path: Path) -> None:
    out = write_records(records, tmp_path / "records.bib")
    library = bibtexparser.parse_string(out.read_text(encoding="utf-8"))
    assert not library.failed_blocks
    assert not library.duplicate_keys if hasattr(library, "duplicate_keys") else True
    entries = library.entries
    assert [e.key for e in entries] == unique_keys(records)
    assert len({e.key for e in entries}) == len(records)
    for e, r in zip(entries, records, strict=True):
        fields = {f.key: f.value for f in e.fields}
        venue = fields.get("journal") or fields.get("booktitle") or fields.get("school")
        assert fields.get("title") == r.title
        authors = fields["author"].split(" and ") if "author" in fields else []
        assert [a.strip("{}") for a in authors] == list(r.authors)
        assert fields.get("year") == (None if r.year is None else str(r.year))
        assert venue or fields.get("publisher") == r.journal
        keywords = fields["keywords"].split("; ") if "keywords" in fields else []
        assert keywords == list(r.keywords)
        assert fields.get("abstract", "") == r.abstract


def test_wos_reads_back_with_kamlit_reader(records: list[Record], tmp_path: Path) -> None:
    out = write_records(records, tmp_path / "download_kamlit.txt")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\ufeffFN ") and text.rstrip().endswith("EF")
    back = _kamlit_read(out)
    assert {b.source.format for b in back} == {"wos"}
    assert [_core(b) for b in back] == [_core(r, flat=True) for r in records]
    assert [(b.pages, b.volume, b.issue, b.doc_type, b.citations.total) for b in back] == [
        (_pages(r.pages), r.volume, r.issue, r.doc_type, r.citations.total) for r in records
    ]
    uts = [line for line in text.splitlines() if line.startswith("UT ")]
    assert len(set(uts)) == len(records)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    record_strategy(
        doc_types=("journal", "thesis", "conference", "book", "patent", "other"), citations=True
    )
)
def test_generated_records_survive_every_text_format(records: list[Record]) -> None:
    import tempfile

    records = [r for r in records if r.title or r.abstract]
    with tempfile.TemporaryDirectory() as tmp:
        for name, flat in (("x.csv", False), ("x.ris", True), ("x.txt", True)):
            out = write_records(records, Path(tmp) / name)
            back = _kamlit_read(out)
            assert [_core(b) for b in back] == [_core(r, flat=flat) for r in records], name
            assert [b.pages for b in back] == [r.pages for r in records], name


def test_bibtex_keys_are_stable_and_unique() -> None:
    records = _read(default_inputs())
    keys = unique_keys(records)
    assert len(set(keys)) == len(keys)
    assert keys == unique_keys(records)
    # A record keeps its key whatever else is exported with it.
    assert unique_keys(records[5:8]) == keys[5:8]
    assert all(k.isascii() and k.replace("-", "").isalnum() for k in keys)
    twin = records[0]
    assert unique_keys([twin, twin, twin]) == [
        bibtex_key(twin),
        bibtex_key(twin) + "b",
        bibtex_key(twin) + "c",
    ]


def test_latin_family_name_starts_the_key() -> None:
    records = _read([FIXTURES / "exports" / "wos-savedrecs.txt"])
    latin = [r for r in records if r.authors and r.authors[0].isascii()]
    assert latin
    for r in latin:
        family = r.authors[0].split(",")[0].lower()
        assert bibtex_key(r).startswith("".join(c for c in family if c.isalpha()))


def test_formula_like_text_stays_text_in_xlsx(tmp_path: Path) -> None:
    from kamlit.types import Source

    record = Record(
        id="x:1",
        abstract="=SUM(A1:A2) 不是公式\x01",
        title="@大客户",
        source=Source("x", "csv"),
    )
    out = write_records([record], tmp_path / "x.xlsx")
    sheet = openpyxl.load_workbook(out)["records"]
    cells = {c.value: c.data_type for c in sheet[2] if c.value is not None}
    assert cells["=SUM(A1:A2) 不是公式"] == "s"
    assert cells["@大客户"] == "s"


def test_format_from_suffix_or_flag() -> None:
    assert [export_format(f"a{s}") for s in (".csv", ".xlsx", ".ris", ".bib", ".txt")] == list(
        FORMATS
    )
    assert export_format("a.dat", "bib") == "bibtex"
    assert export_format("a.csv", "ris") == "ris"
    with pytest.raises(UsageError, match="--to"):
        export_format("records.dat")
    with pytest.raises(UsageError, match="unknown export format"):
        export_format("a.csv", "docx")


def test_export_is_deterministic() -> None:
    records = _read(default_inputs())
    for fmt in FORMATS:
        assert export_bytes(records, fmt) == export_bytes(records, fmt), fmt
