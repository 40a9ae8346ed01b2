"""Turn file bytes into text: BOMs, strict UTF-8, then charset-normalizer, confirmed strictly.

A file that is mostly text stays readable when a few of its bytes are damaged (NUL bytes, a
stray byte, a download cut inside a character): the damaged lines are listed in
`DecodedText.damaged` so that `read_paths` can skip the records holding them and load the
rest. Only regular files up to `MAX_FILE_BYTES` are read.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kamlit.errors import InputError, english, message, os_reason
from kamlit.i18n import Notice

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Encodings charset-normalizer may name for Chinese text; GB18030 is the strict superset of
# GB2312 and GBK, so a file that decodes as either is read as GB18030.
_CHINESE_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "hz": "hz"}
# Multi-byte East Asian encodings: when one decodes strictly and reads as text, it is the one.
_CJK_ENCODINGS = {
    "gb18030",
    "big5",
    "big5hkscs",
    "cp950",
    "hz",
    "euc_jp",
    "shift_jis",
    "cp932",
    "euc_kr",
    "cp949",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_DAMAGE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
# The largest file read (512 MiB): far above any bibliographic export, small enough that a
# mistaken argument (a disk image, a video) fails at once instead of exhausting memory.
MAX_FILE_BYTES = 512 * 1024 * 1024
# Single-byte code pages that may fit bytes no multi-byte encoding accepts; cp1252 is what
# Western Windows tools write, so it is always tried.
_WESTERN_DEFAULT = "cp1252"


@dataclass(frozen=True)
class DecodedText:
    """A file's text with newlines normalised to LF, the encoding that decoded it, and notes."""

    text: str
    encoding: str
    notes: tuple[str, ...] = ()  # in English; `notices` holds the same notes as messages
    damaged: tuple[int, ...] = ()  # 1-based numbers of lines holding NUL or undecodable bytes
    notices: tuple[Notice, ...] = ()


def read_text(path: str | Path, *, limit: int = MAX_FILE_BYTES) -> DecodedText:
    """Read and decode a regular file of at most `limit` bytes.

    Raise InputError for directories, devices, FIFOs, files over the limit, and unreadable,
    empty or binary files.
    """
    p = Path(path)
    try:
        # stat before opening: opening a FIFO for reading blocks until a writer appears.
        info = os.stat(p)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(message("error.is_folder"), path=p)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(message("error.not_regular"), path=p)
        if info.st_size > limit:
            raise InputError(_too_large(info.st_size, limit), path=p)
        with open(p, "rb") as handle:
            data = handle.read(limit + 1)
    except IsADirectoryError:
        raise InputError(message("error.is_folder"), path=p) from None
    except OSError as exc:
        raise InputError(message("error.cannot_read_file", reason=os_reason(exc)), path=p) from exc
    if len(data) > limit:  # the file grew while being read
        raise InputError(_too_large(len(data), limit), path=p)
    return decode_bytes(data, path=p)


def _too_large(size: int, limit: int) -> Notice:
    return message("error.too_large", size=size, limit=limit)


def decode_bytes(data: bytes, *, path: str | Path = "<bytes>") -> DecodedText:
    """Decode bytes whose encoding is unknown; never guess silently wrong."""
    if not data.strip():
        raise InputError(message("error.empty_file"), path=path)
    text, encoding, notices = _decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(message("error.empty_file"), path=path)
    controls = len(_CONTROL.findall(text[:20000]))
    if controls > max(8, len(text[:20000]) // 200):
        raise InputError(message("error.binary_controls", encoding=encoding), path=path)
    damaged = _damaged_lines(text, replaced=bool(notices) and encoding in _REPLACING)
    notes = tuple(english(n) for n in notices)
    return DecodedText(text=text, encoding=encoding, notes=notes, damaged=damaged, notices=notices)


# Encodings read with errors replaced when a few bytes are damaged (see `_tolerant`).
_REPLACING = frozenset({"utf-8", "gb18030"})


def _damaged_lines(text: str, *, replaced: bool) -> tuple[int, ...]:
    """Line numbers holding control characters, or U+FFFD when bytes were replaced."""
    pattern = _DAMAGE if replaced else _CONTROL
    if pattern.search(text) is None:
        return ()
    lines: list[int] = []
    number, counted = 1, 0  # the line number at offset `counted`
    for found in pattern.finditer(text):
        number += text.count("\n", counted, found.start())
        counted = found.start()
        if not lines or lines[-1] != number:
            lines.append(number)
    return tuple(lines)


def _decode(data: bytes, path: str | Path) -> tuple[str, str, tuple[Notice, ...]]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name, ()
            except UnicodeDecodeError as exc:
                raise InputError(
                    message("error.bad_bom", name=name, reason=exc.reason), path=path
                ) from exc
    if b"\x00" in data:
        guess = _utf16_without_bom(data)
        if guess is not None:
            return (*guess, ())
        if data.count(b"\x00") > max(8, len(data) // 200):
            raise InputError(message("error.binary_nul"), path=path)
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    return _detect(data, path)


def _damaged_utf8(data: bytes) -> tuple[str, str, tuple[Notice, ...]] | None:
    """UTF-8 with a few bad bytes (a cut download, one stray byte) is still UTF-8.

    Decoding it as GB18030 instead would turn every Chinese character into another one
    without any error, so a handful of bad bytes among plenty of valid multi-byte UTF-8 is
    read as UTF-8 with U+FFFD in their place, and said so.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(codecs.encode("\ufffd", "utf-8"))
    if bad <= 0 or bad > max(8, len(text) // 200):
        return None
    multibyte = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    if multibyte < 20 or bad > max(8, multibyte // 200):
        return None
    return text, "utf-8", (message("problem.bad_utf8", n=bad),)


def _tolerant_gb18030(data: bytes) -> tuple[str, str, tuple[Notice, ...]] | None:
    """GB18030 with a few stray bytes, like `_damaged_utf8`: the rest is Chinese text."""
    text = data.decode("gb18030", errors="replace")
    bad = text.count("\ufffd")
    if bad == 0 or bad > max(8, len(text) // 500):
        return None
    wide = sum(1 for char in text[:20000] if char > "\x7f") - bad
    if wide < 20 or bad > max(8, wide // 200) or not _looks_chinese(text):
        return None
    return text, "gb18030", (message("problem.bad_gb18030", n=bad),)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    # UTF-16 text of mostly ASCII or CJK has NUL bytes on one side of each pair (ASCII
    # letters, digits and line ends give many); a few NUL bytes in 8-bit text are damage.
    even, odd = data[0::2].count(0), data[1::2].count(0)
    for name, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros > 4 * other and zeros >= max(4, len(data) // 40):
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                continue
            if not _CONTROL.search(text.replace("\x00", "\x01")[:2000]):
                return text, name
    return None


def _detect(data: bytes, path: str | Path) -> tuple[str, str, tuple[Notice, ...]]:
    from charset_normalizer import from_bytes

    matches = from_bytes(_sample(data), cp_isolation=None)
    candidates: list[str] = []
    for match in matches:
        name = _CHINESE_SUPERSET.get(match.encoding.replace("_", "").lower(), match.encoding)
        if name not in candidates:
            candidates.append(name)
    # GB18030 first among the Chinese guesses, cp1252 first among the Western ones: they are
    # what Chinese and Western Windows tools write.
    if "gb18030" not in candidates:
        candidates.append("gb18030")
    if _WESTERN_DEFAULT not in candidates:
        candidates.append(_WESTERN_DEFAULT)
    candidates.sort(key=lambda n: {"gb18030": 0, _WESTERN_DEFAULT: 1}.get(n, 2))
    fitting: list[tuple[str, str]] = []
    for name in candidates:
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        if name == "gb18030" and not _looks_chinese(text):
            continue
        if _looks_like_text(text):
            if name in _CJK_ENCODINGS:
                return text, name, ()
            fitting.append((name, text))
    # Chinese text with a stray byte also "fits" a single-byte code page, as gibberish.
    tolerant = _tolerant_gb18030(data)
    if tolerant is not None:
        return tolerant
    if fitting:
        # Among single-byte code pages that all decode the bytes, the likeliest is the one
        # whose letters read as bibliographic text (é, ü, ñ … rather than Ł, Ų, ³ or ÷);
        # the sort is stable, so ties keep the order above (cp1252 first).
        fitting.sort(key=lambda item: -_plausibility(item[1]))
        (name, text), others = fitting[0], [n for n, _ in fitting[1:]]
        notes: tuple[Notice, ...] = ()
        if others:
            notes = (message("problem.encoding_guessed", name=name, others=", ".join(others[:4])),)
        return text, name, notes
    raise InputError(message("error.unknown_encoding"), path=path)


def _sample(data: bytes, size: int = 1 << 18) -> bytes:
    """The first ~256 KB, cut after a line feed so no multi-byte character is split.

    charset-normalizer's cost grows with the input; its guess on a large sample is as good,
    and the chosen encoding is then confirmed by a strict decode of the whole file. (A LF
    byte is never part of a GB18030 or Big5 character; UTF-16 never reaches this point.)
    """
    if len(data) <= size:
        return data
    cut = data.rfind(b"\n", 0, size)
    return data[: cut + 1] if cut > 0 else data[:size]


_TYPOGRAPHY = frozenset("\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0\u00b7")


def _plausibility(text: str) -> float:
    """Mean score of the non-ASCII characters of a single-byte decode, from 0 to 1.

    Latin-1 supplement letters (the accented letters of Western European names and titles)
    score 1; other Latin letters and typographic punctuation 0.5 (real, but a wrong code page
    produces them too); other letters 0.25; symbols, marks and controls 0. An upper-case letter
    right after a lower-case one (`MŁller`) scores 0: names are not cased that way.
    """
    sample = text[:20000]
    total = 0.0
    count = 0
    previous = ""
    for char in sample:
        if char < "\x80":
            previous = char
            continue
        count += 1
        category = unicodedata.category(char)
        if category == "Lu" and previous.islower():
            score = 0.0
        elif "\u00c0" <= char <= "\u00ff" and char not in "\u00d7\u00f7":
            score = 1.0
        elif char in _TYPOGRAPHY or (
            category.startswith("L") and "LATIN" in unicodedata.name(char, "")
        ):
            score = 0.5
        elif category.startswith("L"):
            score = 0.25
        else:
            score = 0.0
        total += score
        previous = char
    return total / count if count else 1.0


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    sample = text[:20000]
    bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    return bad <= max(2, len(sample) // 500)


def _looks_chinese(text: str) -> bool:
    """Most non-ASCII characters are common CJK ideographs or CJK/full-width punctuation.

    Bytes of another encoding that happen to decode as GB18030 come out as rare ideographs,
    Hangul, box drawing and the like; text really written in GB18030 does not.
    """
    wide = [char for char in text[:20000] if char > "\x7f"]
    if not wide:
        return True
    common = sum(
        1
        for char in wide
        if "\u4e00" <= char <= "\u9fff"
        or "\u3000" <= char <= "\u303f"
        or "\uff00" <= char <= "\uffef"
        or char in "\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
    )
    return common >= 0.9 * len(wide)
