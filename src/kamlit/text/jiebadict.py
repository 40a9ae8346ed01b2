"""jieba's main dictionary as a look-up table: word -> (frequency, part-of-speech tag).

Part-of-speech tags decide which tokens are concept candidates and which are function words;
they come from this table (and kamlit's own dictionary), never from the cutting engine, so
jieba and rjieba give the same concepts. Frequencies give dictionary words without one
jieba's suggested frequency.

Parsing jieba's dict.txt (349 k lines) costs about 0.3-0.9 s, so the table is built once per
dictionary file and kept in the cache folder as three sorted columns; loading that takes
< 0.1 s, and a look-up is a binary search. The jieba module itself is never imported here.
"""

from __future__ import annotations

import bisect
import hashlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from kamlit.text.cache import cache_folder, read_blob, runtime_tag, write_blob

_MEMO: dict[tuple[str, str], JiebaDictionary] = {}


@dataclass(frozen=True)
class JiebaDictionary:
    """Sorted words of jieba's dictionary with their frequencies and tags."""

    words: list[str]
    freqs: list[str]
    tags: list[str]
    total: int
    text: str  # the words joined by line breaks, for regex scans over the whole dictionary

    def lookup(self, word: str) -> tuple[int, str] | None:
        """Return (frequency, tag) of a dictionary word, or None."""
        i = bisect.bisect_left(self.words, word)
        if i < len(self.words) and self.words[i] == word:
            return int(self.freqs[i]), self.tags[i]
        return None

    def tag(self, word: str) -> str | None:
        """Return the tag of a dictionary word, or None."""
        i = bisect.bisect_left(self.words, word)
        if i < len(self.words) and self.words[i] == word:
            return self.tags[i]
        return None


def jieba_dict_path() -> Path:
    """Return the path of jieba's main dictionary (found without importing jieba)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("jieba is not installed; kamlit needs its dictionary")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


def dictionary_key(path: Path) -> str:
    """Return a short key that changes whenever the dictionary file changes."""
    stat = path.stat()
    raw = f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\0{runtime_tag()}"
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def load_jieba_dictionary(cache_dir: Path | None = None) -> JiebaDictionary:
    """Return jieba's dictionary table, from the cache folder when it holds it (None: no cache)."""
    path = jieba_dict_path()
    key = dictionary_key(path)
    memo_key = (key, str(cache_dir))
    if memo_key in _MEMO:
        return _MEMO[memo_key]
    table = None
    blob = cache_folder(cache_dir) / f"jieba-dict-{key}.bin" if cache_dir is not None else None
    if blob is not None:
        table = _from_blob(read_blob(blob))
    if table is None:
        table = parse_jieba_dictionary(path.read_text(encoding="utf-8"))
        if blob is not None:
            columns = (table.text, "\n".join(table.freqs), "\n".join(table.tags), table.total)
            write_blob(blob, columns)
    _MEMO[memo_key] = table
    return table


def parse_jieba_dictionary(text: str) -> JiebaDictionary:
    """Parse dict.txt as jieba does: `word freq [tag]` per line, the last line of a word wins."""
    lines = text.strip().split("\n")
    parts = text.split()
    if len(parts) == 3 * len(lines):  # every line `word freq tag`: slice instead of looping
        words, freqs, tags = parts[0::3], parts[1::3], parts[2::3]
    else:
        rows = [row for row in (line.strip().split(" ") for line in lines) if len(row) >= 2]
        words = [row[0] for row in rows]
        freqs = [row[1] for row in rows]
        tags = [row[2] if len(row) > 2 else "x" for row in rows]
    total = sum(map(int, freqs))
    # dict.txt is nearly sorted, so sorting positions is cheap; a stable sort puts the lines
    # of a repeated word in file order, and the last of each run is the one jieba keeps.
    index = sorted(range(len(words)), key=words.__getitem__)
    ordered = [words[i] for i in index]
    repeated = [k for k in range(len(ordered) - 1) if ordered[k] == ordered[k + 1]]
    for k in reversed(repeated):
        del ordered[k], index[k]
    return JiebaDictionary(
        words=ordered,
        freqs=[freqs[i] for i in index],
        tags=[tags[i] for i in index],
        total=total,
        text="\n".join(ordered),
    )


def _from_blob(data: object) -> JiebaDictionary | None:
    if not (isinstance(data, tuple) and len(data) == 4):
        return None
    words, freqs, tags, total = data
    if not all(isinstance(x, str) for x in (words, freqs, tags)) or not isinstance(total, int):
        return None
    table = JiebaDictionary(words.split("\n"), freqs.split("\n"), tags.split("\n"), total, words)
    if not len(table.words) == len(table.freqs) == len(table.tags):
        return None
    return table
