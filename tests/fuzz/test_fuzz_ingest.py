"""Fuzzing the readers: damaged exports of every format never escape as a traceback.

Each input is a real export of one format, re-encoded or not, then damaged by a few
mutations (byte flips, truncation, NUL bytes, deep nesting, huge numbers and lines, mixed
line endings, BOMs, invalid multi-byte sequences, repeated tags, lone surrogates, U+2028).
Through `read_paths` (format detected or forced) only kamlit's errors may escape, every
record loaded must be writable as UTF-8 with a unique id, and no input may take 2 s.

The default profile runs a few hundred inputs; the `slow` tests run over 10,000 in all.
"""

from __future__ import annotations

import codecs
import contextlib
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXPORT_SAMPLES as SAMPLES
from kamlit.errors import KamlitError
from kamlit.ingest import IngestResult, read_paths
from kamlit.ingest.decode import decode_bytes
from kamlit.ingest.formats import READERS, detect_format

# Failing inputs can be megabytes long; Hypothesis warns before printing them.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

LIMIT = 2.0  # CPU seconds per input (CPU, not wall: other processes on a shared machine)
MAX_SIZE = 1_000_000  # bytes per input: larger inputs are the pathological-line tests' job
QUICK = 40  # inputs per reader and test in the default profile
LONG = 600  # inputs per reader and test under `slow`: 9 readers x 2 tests x 600 > 10,000

BOMS = [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE]
BAD_SEQUENCES = [
    b"\xff",
    b"\xfe\xfe",
    b"\xe4\xb8",  # a UTF-8 ideograph cut short
    b"\xc0\xaf",  # an overlong UTF-8 encoding
    b"\x81\x30",  # a GB18030 four-byte sequence cut short
    b"\xed\xa0\x80",  # a UTF-8-encoded lone surrogate
    b"\x80\x80\x80",
]
INSERTS = [
    b"\x00",
    b"\x00\x01",
    b"\\ud800",
    b'"\\udfff"',
    "\u2028".encode(),
    "\u2029".encode(),
    b"\r",
    b"\r\n",
    "\ufeff".encode(),
    b'{"title": ',
    b"9" * 5000,
    b"-" * 3000,
    "总被引:".encode() + b"9" * 5000,
]


@st.composite
def damaged(draw: st.DrawFn, fmt: str) -> bytes:
    """A sample export of `fmt`, maybe re-encoded, with one to five mutations."""
    text = SAMPLES[fmt].read_text(encoding="utf-8")
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "gb18030", "utf-16-le", "utf-16"]))
    data = bytearray(text.encode(encoding))
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(
            st.sampled_from(
                [
                    "flip",
                    "truncate",
                    "insert",
                    "bad sequence",
                    "nesting",
                    "long line",
                    "line ends",
                    "bom",
                    "repeat line",
                    "delete",
                ]
            )
        )
        at = draw(st.integers(0, len(data)))
        if kind == "flip" and data:
            at = min(at, len(data) - 1)
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(INSERTS))
        elif kind == "bad sequence":
            data[at:at] = draw(st.sampled_from(BAD_SEQUENCES))
        elif kind == "nesting":
            depth = draw(st.integers(100, 50_000))
            opener = draw(st.sampled_from([b"[", b'{"a":', b"{", b"<div>", b"(", b"<!--a-->"]))
            data[at:at] = opener * depth
        elif kind == "long line":
            unit = draw(st.sampled_from(["。", "…", " ", "中", "a", ".", "；", "《", "A-中"]))
            data[at:at] = (unit * draw(st.integers(1_000, 100_000))).encode("utf-8")
        elif kind == "line ends":
            data = bytearray(data.replace(b"\n", draw(st.sampled_from([b"\r\n", b"\r"])), 3))
        elif kind == "bom":
            data[0:0] = draw(st.sampled_from(BOMS))
        elif kind == "repeat line":
            lines = bytes(data).split(b"\n")
            index = draw(st.integers(0, max(0, len(lines) - 1)))
            lines[index:index] = [lines[index]] * draw(st.integers(2, 2000))
            data = bytearray(b"\n".join(lines))
        elif kind == "delete":
            end = draw(st.integers(at, min(len(data), at + 200)))
            del data[at:end]
        del data[MAX_SIZE:]
    return bytes(data)


_FOLDER = Path(tempfile.mkdtemp(prefix="kamlit-fuzz-"))


def _check(data: bytes, fmt: str, forced: bool) -> None:
    _check_reader(data, fmt)
    _check_read_paths(data, fmt, forced)


def _check_reader(data: bytes, fmt: str) -> None:
    """The reader itself, without `read_paths`' last-resort mapping of exceptions."""
    try:
        text = decode_bytes(data).text
    except KamlitError:
        return

    def parse() -> None:
        detect_format(text)
        with contextlib.suppress(KamlitError):
            READERS[fmt].parse(text, file="x", stem="x")

    _within_limit(parse)


def _within_limit(work: Callable[[], object]) -> None:
    """`work` takes under LIMIT CPU seconds. A slow input is slow every time, while a one-off
    pause (a full collection of the test process's own heap) is not: over the limit, the same
    input is timed once more and that time decides."""
    took = 0.0
    for _ in range(2):
        start = time.process_time()
        work()
        took = time.process_time() - start
        if took < LIMIT:
            return
    raise AssertionError(f"took {took:.2f} CPU s twice (limit {LIMIT})")


def _check_read_paths(data: bytes, fmt: str, forced: bool) -> None:
    path = _FOLDER / f"{fmt}-input.txt"
    path.write_bytes(data)
    outcome: list[IngestResult | KamlitError] = []

    def read() -> None:
        outcome.clear()
        try:
            outcome.append(read_paths([path], format=fmt if forced else "auto"))
        except KamlitError as exc:
            outcome.append(exc)

    _within_limit(read)
    (result,) = outcome
    if isinstance(result, KamlitError):
        assert result.render().startswith(str(path))
        return
    ids = [r.id for r in result.records]
    assert len(ids) == len(set(ids))
    for record in result.records:
        for value in (record.title, record.abstract, record.journal, *record.authors):
            (value or "").encode("utf-8")  # no lone surrogates
    for problem in result.problems:
        problem.render().encode("utf-8")


def _fuzz(examples: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return settings(
        max_examples=examples,
        deadline=None,  # measured in `_check`, without Hypothesis's own overhead
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def _run_reader(fmt: str, examples: int) -> None:
    @_fuzz(examples)
    @given(data=damaged(fmt), forced=st.booleans())
    def run(data: bytes, forced: bool) -> None:
        _check(data, fmt, forced)

    run()


def _run_detection(examples: int) -> None:
    @_fuzz(examples)
    @given(
        text=st.one_of(
            st.text(max_size=2000),
            st.sampled_from(sorted(SAMPLES))
            .flatmap(damaged)
            .map(lambda b: b.decode("utf-8", errors="replace")),
        )
    )
    def run(text: str) -> None:
        start = time.process_time()
        name = detect_format(text)
        assert name is None or name in READERS
        assert time.process_time() - start < LIMIT

    run()


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
def test_damaged_exports_quick(fmt: str) -> None:
    _run_reader(fmt, QUICK)


def test_format_detection_quick() -> None:
    _run_detection(QUICK * 3)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", sorted(SAMPLES))
def test_damaged_exports_long(fmt: str) -> None:
    _run_reader(fmt, LONG * 2)


@pytest.mark.slow
def test_format_detection_long() -> None:
    _run_detection(LONG)
