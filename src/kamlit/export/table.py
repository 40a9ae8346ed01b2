"""Records as a table: `records.csv` (UTF-8 with BOM) and an Excel workbook of the same columns."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import datetime

from kamlit.tables import csv_text, header
from kamlit.types import Record

TABLE = "records.csv"
# Characters an XML 1.0 document (so an .xlsx cell) cannot hold.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EXCEL_CELL_MAX = 32767
_FIXED_TIME = datetime(2000, 1, 1)


def record_row(record: Record) -> list[str | int | None]:
    """One record as the cells of `records.csv`, in `header("records.csv")` order."""
    c = record.citations
    return [
        record.id,
        record.title,
        ";".join(record.authors),
        record.journal,
        record.year,
        record.volume,
        record.issue,
        record.pages,
        ";".join(record.keywords),
        record.abstract,
        "true" if record.truncated else "false",
        c.total,
        c.self_,
        c.other,
        record.doc_type,
        record.source.file,
        record.source.format,
        record.source.line,
    ]


def records_csv(records: Sequence[Record]) -> str:
    """`records.csv`: one row per record, BOM first (see `kamlit.tables`)."""
    return csv_text(header(TABLE), (record_row(r) for r in records))


def records_xlsx(records: Sequence[Record]) -> bytes:
    """An .xlsx workbook, sheet `records`, with the columns of records.csv and a frozen header.

    Text cells are always text (a title starting with `=` is not a formula); characters XML
    cannot hold are dropped, and a cell is cut at Excel's limit of 32,767 characters.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "records"
    names = header(TABLE)
    sheet.append(list(names))
    for record in records:
        sheet.append([_cell(v) for v in record_row(record)])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":  # openpyxl reads a leading '=' as a formula
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    widths = {"title": 40, "abstract": 60, "authors": 20, "journal": 16, "keywords": 24}
    for i, name in enumerate(names, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = widths.get(name, 10)
    book.properties.creator = "kamlit"
    book.properties.created = book.properties.modified = _FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: str | int | None) -> str | int | None:
    if isinstance(value, str):
        return _ILLEGAL_XML.sub("", value)[:_EXCEL_CELL_MAX] or None
    return value
