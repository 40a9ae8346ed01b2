"""Records out of kamlit: a table for Excel, RIS and BibTeX for Zotero/EndNote, WoS for CiteSpace.

`write_records(records, out, to=None)` writes a cleaned, de-duplicated record set in one of
`FORMATS`; the format is `to`, else taken from the file suffix (`SUFFIXES`):

- `csv`: the columns of `records.csv` (see `kamlit.tables`), UTF-8 with a byte-order mark;
  kamlit's own CSV reader reads it back.
- `xlsx`: the same columns in one sheet (openpyxl); years and citation counts are numbers,
  everything else text (never a formula).
- `ris`: one `TY  - ` … `ER  - ` block per record (rispy's writer), read by Zotero, EndNote,
  Mendeley and kamlit.
- `bibtex`: one entry per record (bibtexparser), UTF-8, with stable unique keys.
- `wos`: Web of Science tagged plain text as CiteSpace reads it (`FN`/`VR`, `PT` … `ER`, `EF`).

In the one-line-per-field formats (RIS, WoS) a paragraph break inside an abstract or title is
written as one space. Nothing else is changed: Chinese names and titles are written as they
were read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from kamlit.errors import UsageError, message
from kamlit.io import atomic_write_bytes
from kamlit.types import Record

FORMATS = ("csv", "xlsx", "ris", "bibtex", "wos")
SUFFIXES = {".csv": "csv", ".xlsx": "xlsx", ".ris": "ris", ".bib": "bibtex", ".txt": "wos"}

__all__ = ["FORMATS", "SUFFIXES", "default_name", "export_bytes", "export_format", "write_records"]


def export_format(out: str | Path, to: str | None = None) -> str:
    """The format to write: `to` when given, else the one the suffix of `out` names."""
    if to is not None:
        name = to.strip().lower()
        name = {"bib": "bibtex", "excel": "xlsx", "txt": "wos", "citespace": "wos"}.get(name, name)
        if name not in FORMATS:
            raise UsageError(
                message("error.export_format", value=repr(to), options=", ".join(FORMATS))
            )
        return name
    suffix = Path(out).suffix.lower()
    if suffix not in SUFFIXES:
        known = ", ".join(f"{s} ({f})" for s, f in SUFFIXES.items())
        raise UsageError(message("error.export_suffix", name=repr(Path(out).name), known=known))
    return SUFFIXES[suffix]


def default_name(fmt: str) -> str:
    """`records` and the usual suffix of a format: records.csv, records.bib, …"""
    return "records" + {f: s for s, f in SUFFIXES.items()}[fmt]


def export_bytes(records: Sequence[Record], fmt: str) -> bytes:
    """The records in format `fmt` (one of FORMATS), as the bytes of the file."""
    writers: dict[str, Callable[[Sequence[Record]], bytes]] = {
        "csv": _csv,
        "xlsx": _xlsx,
        "ris": _ris,
        "bibtex": _bibtex,
        "wos": _wos,
    }
    if fmt not in writers:
        raise UsageError(
            message("error.export_format", value=repr(fmt), options=", ".join(FORMATS))
        )
    return writers[fmt](records)


def write_records(records: Sequence[Record], out: str | Path, *, to: str | None = None) -> Path:
    """Write the records to `out` (atomically) in format `to` or the one its suffix names."""
    return atomic_write_bytes(out, export_bytes(records, export_format(out, to)))


def _csv(records: Sequence[Record]) -> bytes:
    from kamlit.export.table import records_csv

    return records_csv(records).encode("utf-8")


def _xlsx(records: Sequence[Record]) -> bytes:
    from kamlit.export.table import records_xlsx

    return records_xlsx(records)


def _ris(records: Sequence[Record]) -> bytes:
    from kamlit.export.ris import records_ris

    return records_ris(records).encode("utf-8")


def _bibtex(records: Sequence[Record]) -> bytes:
    from kamlit.export.bibtex import records_bibtex

    return records_bibtex(records).encode("utf-8")


def _wos(records: Sequence[Record]) -> bytes:
    from kamlit.export.wos import records_wos

    return records_wos(records).encode("utf-8")
