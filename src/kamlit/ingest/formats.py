"""The registry of readers, and format detection from a file's content (never its name).

A reader is a module with `NAME`, `sniff(text) -> bool` and
`parse(text, *, file, stem) -> ParsedFile`. Detection asks readers in order; the more
specific tagged formats come before the loose ones (CSV, listing).
"""

from __future__ import annotations

from types import ModuleType

from kamlit.ingest import (
    csvfile,
    endnote,
    estudy,
    jsonl,
    listing,
    noteexpress,
    refworks,
    ris,
    wos,
)

READERS: dict[str, ModuleType] = {
    reader.NAME: reader
    for reader in (
        jsonl,
        noteexpress,
        ris,
        wos,
        refworks,
        endnote,
        estudy,
        csvfile,
        listing,
    )
}


def detect_format(text: str) -> str | None:
    """Return the name of the first reader that recognises the text, or None."""
    for name, reader in READERS.items():
        if reader.sniff(text):
            return name
    return None
