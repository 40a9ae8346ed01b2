"""One CSV policy: every CSV of a run folder starts with a BOM, opens in LibreOffice with the
Chinese intact, and has every column explained in the folder's columns.md."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from kamlit.tables import BOM, columns_markdown, csv_text, header, tables


def _csvs(run_dir: Path) -> list[Path]:
    found = sorted(run_dir.rglob("*.csv"))
    assert {p.relative_to(run_dir).as_posix() for p in found} == set(tables())
    return found


def test_every_csv_of_a_run_starts_with_a_bom(run_dir: Path) -> None:
    for path in _csvs(run_dir):
        assert path.read_bytes().startswith(BOM.encode("utf-8")), path


def test_every_column_is_explained_in_columns_md(run_dir: Path) -> None:
    doc = (run_dir / "columns.md").read_text(encoding="utf-8")
    assert doc == columns_markdown()
    for path in _csvs(run_dir):
        table = tables()[path.relative_to(run_dir).as_posix()]
        names = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        documented = [c.name for c in table.columns]
        for name in names:
            pattern = name.rstrip("0123456789") + "<n>" if name[-1:].isdigit() else name
            assert name in documented or pattern in documented, (path, name)
            assert f"| `{name if name in documented else pattern}` |" in doc
        for column in table.columns:  # every documented column has English and Chinese text
            assert column.en and column.zh and any("\u4e00" <= c <= "\u9fff" for c in column.zh)
    for word in ("units", "strength", "relevance", "npmi"):
        assert f"| `{word}` |" in doc


def test_csv_text_quotes_and_leaves_missing_cells_empty() -> None:
    text = csv_text(("a", "b"), [("大客户, 电信", None), ('引号"', 3)])
    assert text == BOM + 'a,b\n"大客户, 电信",\n"引号""",3\n'
    assert header("terms/terms.csv") == ("term", "freq", "df", "tfidf")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_every_csv_with_the_chinese_intact(run_dir: Path, tmp_path: Path) -> None:
    """soffice converts each CSV to xlsx; read back with openpyxl, the workbook holds the same
    cells, Chinese included, and the header no BOM residue.

    Headless LibreOffice does not look at the BOM unless told the file is Unicode (without
    filter options it reads Windows-1252 whatever the file holds; its import dialog picks
    UTF-8 from the BOM), so the filter names comma, double quote and UTF-8 (76).
    """
    import openpyxl

    paths = _csvs(run_dir)
    profile = tmp_path / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--infilter=CSV:44,34,76",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    checked_chinese = 0
    for path in paths:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        book = openpyxl.load_workbook(tmp_path / (path.stem + ".xlsx"))
        cells = [
            ["" if v is None else str(v) for v in row]
            for row in book.worksheets[0].iter_rows(values_only=True)
        ]
        assert cells[0] == rows[0], path  # the header: no BOM residue, no mojibake
        for want, got in zip(rows, cells, strict=True):
            for a, b in zip(want, got, strict=False):
                if any("\u4e00" <= c <= "\u9fff" for c in a):
                    assert a == b, (path, a, b)
                    checked_chinese += 1
    assert checked_chinese > 100
