"""Whether rjieba may stand in for jieba: the parity check, and the engine `auto` picks.

rjieba is the fast engine, but it is taken for `auto` only when it gives jieba's tokens with
the lexicon in use. The check cuts a probe text and the lexicon's words with both engines,
once per set of versions, jieba dictionary and lexicon; its verdict is kept in the cache folder.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from kamlit.io import atomic_write_text
from kamlit.text.cache import cache_folder
from kamlit.text.engine import Engine, package_version, resolve_engine
from kamlit.text.lexicon import Lexicon
from kamlit.text.segmenter import get_segmenter

# Text the parity check cuts with both engines: tricky spots of the dictionary and of jieba's
# block rules (Latin runs, digits, decimals, percentages, Han extension characters).
_PROBE = (
    "邮政大客户识别的现状分析，扩大客户群与加大客户维系力度；大客户服务体系和大客户关系管理。"
    "根据帕累托的20/80原理，企业80%的利润来自20%的关键客户（key account）。"
    "CRM系统、systems、3G/4G业务、ARPU值增长3.5%，中国移动通信与温州市移动公司。"
    "全球通VIP客户、商业客户与公众客户；市场细分后的一对一服务。㐀客户鿠户 a1b2 x-y_z."
)


def parity_verdict(lexicon: Lexicon, cache_dir: Path | None) -> bool | None:
    """Return the remembered result of the rjieba/jieba parity check (None: not run yet)."""
    path = _verdict_path(lexicon, cache_dir)
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return {"same": True, "differs": False}.get(text)


def choose_engine(choice: str, lexicon: Lexicon, cache_dir: Path | None, *, check: bool) -> Engine:
    """Return the engine to cut with. `auto` takes rjieba when it is installed and gives
    jieba's tokens with this lexicon; with `check`, that is tested once (both engines cut a
    probe text and the lexicon's words) and the verdict kept in the cache folder."""
    engine = resolve_engine(choice)
    if choice != "auto" or engine != "rjieba":
        return engine
    verdict = parity_verdict(lexicon, cache_dir)
    if verdict is None and check and cache_dir is not None:
        verdict = _check_parity(lexicon, cache_dir)
    # Without a cache folder there is nowhere to keep a verdict; the test suite's parity
    # proof for the installed versions stands in for it.
    return "jieba" if verdict is False else "rjieba"


def _verdict_path(lexicon: Lexicon, cache_dir: Path | None) -> Path | None:
    if cache_dir is None:
        return None
    from kamlit.text.jiebadict import dictionary_key, jieba_dict_path

    raw = "\0".join(
        [
            package_version("jieba"),
            package_version("rjieba"),
            dictionary_key(jieba_dict_path()),
            lexicon.parity_key or lexicon.fingerprint,
            _PROBE,
        ]
    )
    key = hashlib.sha256(raw.encode()).hexdigest()[:24]
    return cache_folder(cache_dir) / f"parity-{key}.txt"


def _check_parity(lexicon: Lexicon, cache_dir: Path) -> bool:
    fast = get_segmenter(lexicon, engine="rjieba", cache_dir=cache_dir)
    slow = get_segmenter(lexicon, engine="jieba", cache_dir=cache_dir)
    words = [e.word for e in lexicon.entries] + sorted(lexicon.synonyms)
    probes = [_PROBE, "，".join(words), "".join(words)]
    same = (
        all(fast.cut(fast.prepare(text)) == slow.cut(slow.prepare(text)) for text in probes)
        and fast.frequencies == slow.frequencies
    )
    path = _verdict_path(lexicon, cache_dir)
    if path is not None:
        with contextlib.suppress(OSError):
            atomic_write_text(path, "same\n" if same else "differs\n")
    return same
