"""Hostile and clumsy input: no reader hangs, crashes or loses the good records of a file.

The pathological-line tests run every reader's `sniff` and `parse` (and format detection) on
a real export with one huge line inserted; a pattern that backtracks (quadratic or worse)
takes minutes on them instead of milliseconds. The default profile uses 100 KB lines (a
quadratic pattern still takes tens of seconds there); the `slow` profile uses 1 MB.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from conftest import EXPORT_SAMPLES as SAMPLES
from kamlit.errors import InputError
from kamlit.ingest import read_paths
from kamlit.ingest.decode import decode_bytes, read_text
from kamlit.ingest.formats import READERS, detect_format

# Runs that made one of the readers' patterns backtrack, or that stress a hand-written scan.
PAYLOADS = {
    "full stops": "。",
    "ellipses": "…",
    "dots": ".",
    "spaces": " ",
    "ideographs": "中",
    "digits": "9",
    "comments": "<!--a-->",
    "label": "A-中",
    "cites": "总被引:1 ",
    "brackets": "[",
    "braces": "{",
    "quotes": '"',
    "tags": "<div>",
    "semicolons": "；",
    "book title": "《",
}
BOUND = 10.0  # CPU seconds (robust to a loaded machine); a linear reader needs well under one


def _hostile(fmt: str, payload: str, size: int) -> str:
    """The sample export with a line of `size` characters of `payload` in its middle."""
    text = SAMPLES[fmt].read_text(encoding="utf-8")
    lines = text.split("\n")
    middle = len(lines) // 2
    run = payload * (size // len(payload))
    prefixes = {"wos": "AB ", "ris": "AB  - ", "refworks": "AB ", "endnote": "%X "}
    lines.insert(middle, prefixes.get(fmt, "") + run)
    lines.insert(middle, run)
    return "\n".join(lines)


def _check_every_reader(size: int) -> None:
    for fmt, reader in READERS.items():
        for name, payload in PAYLOADS.items():
            text = _hostile(fmt, payload, size)
            start = time.process_time()
            detect_format(text)
            for other in READERS.values():
                other.sniff(text)
            reader.parse(text, file="x", stem="x")
            elapsed = time.process_time() - start
            assert elapsed < BOUND, f"{fmt} with a line of {name}: {elapsed:.1f} s"


def test_long_lines_take_linear_time() -> None:
    _check_every_reader(100_000)


@pytest.mark.slow
def test_megabyte_lines_take_linear_time() -> None:
    _check_every_reader(1_000_000)


def test_a_run_of_html_comments_does_not_hang(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<!--a-->" * 3000 + "<div>1. 题名</div>", encoding="utf-8")
    start = time.process_time()
    with pytest.raises(InputError):
        read_paths([page])
    assert time.process_time() - start < BOUND


def test_devices_and_fifos_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a regular file"):
        read_paths(["/dev/zero"])
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_paths([fifo])


def test_files_over_the_limit_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(SAMPLES["ris"].read_bytes())
    assert read_text(big).text
    with pytest.raises(InputError, match=r"too large \(\d[\d,]* bytes; .* at most 100 bytes"):
        read_text(big, limit=100)


def _refworks(records: list[str]) -> bytes:
    return "".join(
        f"RT Journal Article\nA1 作者{i};\nT1 {title}\nJF 通信企业管理\nYR 2006\n"
        f"AB {title}的摘要正文，分析了大客户营销的现状。\nDS CNKI\n\n"
        for i, title in enumerate(records, start=1)
    ).encode("utf-8")


def test_refworks_record_with_nul_bytes_is_skipped_and_the_rest_load(tmp_path: Path) -> None:
    data = _refworks(["电信大客户营销", "邮政大客户服务", "集团客户关系管理"])
    data = data.replace("邮政大客户服务的摘要".encode(), "邮政大客户\x00\x01服务的摘要".encode())
    path = tmp_path / "export.txt"
    path.write_bytes(data)
    result = read_paths([path], dedupe=False)
    assert [r.title for r in result.records] == ["电信大客户营销", "集团客户关系管理"]
    skipped = [p.render() for p in result.problems if p.skipped]
    assert skipped == [
        "export.txt:14: record export:2 holds NUL, control or undecodable bytes; skipped"
    ]


def test_gb18030_record_with_a_stray_byte_is_skipped_and_the_rest_load(tmp_path: Path) -> None:
    text = _refworks(["电信大客户营销", "邮政大客户服务", "集团客户关系管理"]).decode("utf-8")
    data = text.encode("gb18030")
    marker = "邮政大客户服务的摘要".encode("gb18030")
    data = data.replace(marker, marker[:4] + b"\xff" + marker[4:])
    path = tmp_path / "export.txt"
    path.write_bytes(data)
    result = read_paths([path], dedupe=False)
    assert result.files[0].encoding == "gb18030"
    assert [r.title for r in result.records] == ["电信大客户营销", "集团客户关系管理"]
    assert [p.render() for p in result.problems if p.skipped] == [
        "export.txt:14: record export:2 holds NUL, control or undecodable bytes; skipped"
    ]
    notes = [p.message for p in result.problems if not p.skipped]
    assert notes and "not valid GB18030" in notes[0]


def test_nul_bytes_in_a_gb18030_file_cost_only_their_record() -> None:
    text = _refworks(["电信大客户营销", "邮政大客户服务"]).decode("utf-8")
    data = text.encode("gb18030").replace("摘要".encode("gb18030"), b"\x00", 1)
    decoded = decode_bytes(data)
    assert decoded.encoding == "gb18030"
    assert decoded.damaged == (6,)


def test_mostly_binary_file_is_still_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"TY  - JOUR\n" + b"\x00\x01\x02\x03" * 500)


def test_jsonl_with_a_long_first_line_is_detected(tmp_path: Path) -> None:
    first = {"title": "长标题", "abstract": "摘要" * 20_000}
    lines = [json.dumps(first, ensure_ascii=False), json.dumps({"title": "短", "abstract": "a"})]
    path = tmp_path / "long.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_paths([path], dedupe=False)
    assert result.files[0].format == "jsonl"
    assert len(result.records) == 2


def test_ids_are_unique_whatever_the_file_names(tmp_path: Path) -> None:
    ris = SAMPLES["ris"].read_bytes()
    for name in ("x.txt", "x.csv", "x.txt.ris", "x"):
        (tmp_path / name).write_bytes(ris)
    per_file = len(read_paths([tmp_path / "x"], dedupe=False).records)
    result = read_paths([tmp_path], dedupe=False)
    ids = [r.id for r in result.records]
    assert len(set(ids)) == len(ids) == 4 * per_file
    prefixes = sorted({i.rsplit(":", 1)[0] for i in ids})
    assert prefixes == ["x", "x.csv", "x.txt", "x.txt.ris"]
    again = read_paths([tmp_path], dedupe=False)
    assert [r.id for r in again.records] == ids


HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "wos.txt",
            f"FN Clarivate\nVR 1.0\nPT J\nTI A title\nAB An abstract.\nTC {HUGE}\nER\nEF\n",
        ),
        ("cnki.csv", f"题名,摘要,被引\n标题,摘要正文。,{HUGE}\n"),
        ("r.jsonl", f'{{"title": "标题", "abstract": "摘要", "citations": {HUGE}}}\n'),
        ("page.txt", f"相似文献\n1. 标题 总被引:{HUGE},自引:1,他引:2\n摘要正文。\n相似文献\n"),
    ],
)
def test_huge_counts_are_not_counts(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (record,) = read_paths([path]).records
    assert record.citations.total is None


def test_deeply_nested_json_costs_only_its_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    deep = "[" * 100_000 + "]" * 100_000
    path.write_text(
        '{"title": "好", "abstract": "摘要"}\n' + f'{{"title": "深", "x": {deep}}}\n',
        encoding="utf-8",
    )
    result = read_paths([path])
    assert [r.title for r in result.records] == ["好"]
    assert "deep.jsonl:2: record 2 is not valid JSON (nested too deeply)" in [
        p.render().split(";")[0] for p in result.problems
    ]


def test_lone_surrogates_from_json_escapes_can_be_written(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"title": "a\\ud800b", "abstract": "c\\udfff"}\n', encoding="utf-8")
    (record,) = read_paths([path]).records
    assert record.title == "a\ufffdb"
    (record.title or "").encode("utf-8")
    record.abstract.encode("utf-8")


def test_a_reader_bug_is_a_one_line_error_with_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.ris"
    path.write_bytes(SAMPLES["ris"].read_bytes())

    def broken(text: str, *, file: str, stem: str) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(READERS["ris"], "parse", broken)
    with pytest.raises(InputError, match=r"r\.ris: cannot be read as ris: IndexError: list index"):
        read_paths([path])
    # Met while walking a folder, the same file is skipped and reported.
    (tmp_path / "other.jsonl").write_bytes(SAMPLES["jsonl"].read_bytes())
    result = read_paths([tmp_path])
    assert any("cannot be read as ris" in p.message for p in result.problems)


def test_damage_far_into_a_file_is_located_in_linear_time() -> None:
    clean = b"TY  - JOUR\nTI  - x\nER  - \n" * 1000
    data = clean + b"\x01" * 300_000 + b"\nTY  - JOUR\nTI  - y\nER  - \n\x02\n"
    start = time.process_time()
    decoded = decode_bytes(data)
    assert time.process_time() - start < BOUND
    assert decoded.damaged == (3001, 3005)
