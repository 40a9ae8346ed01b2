"""Turn file bytes into text: BOMs, strict UTF-8, then charset-normalizer, confirmed strictly."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from kamlit.errors import InputError

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
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class DecodedText:
    """A file's text with newlines normalised to LF, and the encoding that decoded it."""

    text: str
    encoding: str


def read_text(path: str | Path) -> DecodedText:
    """Read and decode a file; raise InputError for unreadable, empty or binary files."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", path=p) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=p) from exc
    return decode_bytes(data, path=p)


def decode_bytes(data: bytes, *, path: str | Path = "<bytes>") -> DecodedText:
    """Decode bytes whose encoding is unknown; never guess silently wrong."""
    if not data.strip():
        raise InputError("file is empty", path=path)
    text, encoding = _decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError("file is empty", path=path)
    controls = len(_CONTROL.findall(text[:20000]))
    if controls > max(8, len(text[:20000]) // 200):
        raise InputError(
            f"looks like a binary file ({encoding} gave control characters)", path=path
        )
    return DecodedText(text=text, encoding=encoding)


def _decode(data: bytes, path: str | Path) -> tuple[str, str]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"starts with a {name} byte-order mark but is not {name}: {exc.reason}",
                    path=path,
                ) from exc
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    else:
        guess = _utf16_without_bom(data)
        if guess is not None:
            return guess
        raise InputError("looks like a binary file (NUL bytes, not UTF-16 text)", path=path)
    return _detect(data, path)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    # UTF-16 text of mostly ASCII or CJK has NUL bytes on one side of each pair.
    even, odd = data[0::2].count(0), data[1::2].count(0)
    for name, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros > other:
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                continue
            if not _CONTROL.search(text.replace("\x00", "\x01")[:2000]):
                return text, name
    return None


def _detect(data: bytes, path: str | Path) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    matches = from_bytes(data, cp_isolation=None)
    candidates: list[str] = []
    for match in matches:
        name = _CHINESE_SUPERSET.get(match.encoding.replace("_", "").lower(), match.encoding)
        if name not in candidates:
            candidates.append(name)
    # GB18030 first among the Chinese guesses: it is what Chinese Windows tools write.
    candidates.sort(key=lambda n: 0 if n == "gb18030" else 1)
    if "gb18030" not in candidates:
        candidates.append("gb18030")
    for name in candidates:
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_like_text(text):
            return text, name
    raise InputError(
        "cannot tell the text encoding (tried UTF-8, UTF-16, GB18030 and "
        "charset-normalizer's guesses); looks like a binary file",
        path=path,
    )


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    sample = text[:20000]
    bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    return bad <= max(2, len(sample) // 500)
