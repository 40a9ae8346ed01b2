"""The one writer of every CSV table kamlit produces, and what each column means.

Every CSV is UTF-8 with a byte-order mark (so Excel and WPS open the Chinese without mojibake;
LibreOffice, pandas with `encoding="utf-8-sig"` and Python's csv module read it too), one
header row, `\\n` line ends, and fields quoted only where needed (RFC 4180). Lists inside a
cell are joined with `;`; a missing value is an empty cell.

`tables()` documents each table a run folder holds, column by column, in English and Chinese
(package data `data/columns.toml`); `columns_markdown()` renders it as the `columns.md` of a
run folder. A writer takes its header from `header(path)`, so a column cannot be written
without being documented.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

BOM = "\ufeff"


@dataclass(frozen=True)
class Column:
    """One column of a table: its header, and what it holds in English and in Chinese."""

    name: str
    en: str
    zh: str


@dataclass(frozen=True)
class Table:
    """A CSV table of a run folder: its path in the folder, what a row is, and its columns."""

    path: str
    row_en: str
    row_zh: str
    columns: tuple[Column, ...]


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV table as text: BOM, header, rows; None becomes an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow("" if cell is None else cell for cell in row)
    return BOM + buffer.getvalue()


def header(path: str) -> tuple[str, ...]:
    """The column names of a documented table (`tables()`), in order; `<n>` columns left out."""
    return tuple(c.name for c in tables()[path].columns if not c.name.endswith("<n>"))


def tables() -> dict[str, Table]:
    """Every documented table, by its path in a run folder (from `data/columns.toml`)."""
    return _tables()


@lru_cache(maxsize=1)
def _tables() -> dict[str, Table]:
    text = resources.files("kamlit").joinpath("data/columns.toml").read_text("utf-8")
    found: dict[str, Table] = {}
    for item in tomllib.loads(text)["table"]:
        columns = tuple(Column(str(n), str(en), str(zh)) for n, en, zh in item["columns"])
        found[item["path"]] = Table(item["path"], item["row_en"], item["row_zh"], columns)
    return found


def columns_markdown() -> str:
    """`columns.md`: every CSV table of a run folder, each column in English and Chinese."""
    lines = [
        "# Columns of the CSV tables / CSV 表格各列说明",
        "",
        "Every CSV is UTF-8 with a byte-order mark (opens in Excel with the Chinese intact); "
        "lists inside a cell are joined with `;`; an empty cell is a missing value.",
        "所有 CSV 均为带 BOM 的 UTF-8 编码（Excel 可直接打开，中文不乱码）；"
        "单元格内的列表以“;”分隔；空单元格表示缺失值。",
    ]
    for table in tables().values():
        lines += [
            "",
            f"## `{table.path}`",
            "",
            f"One row: {table.row_en}. 每行：{table.row_zh}。",
            "",
            "| column 列 | meaning | 含义 |",
            "| --- | --- | --- |",
        ]
        lines += [f"| `{c.name}` | {c.en} | {c.zh} |" for c in table.columns]
    return "\n".join(lines) + "\n"
