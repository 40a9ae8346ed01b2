"""The two cutting engines: which one a setting names, how each is built, and their versions.

Cutting runs on jieba or on rjieba (jieba-rs, the same algorithm and dictionary at many times
the speed); both get the same words with the same frequencies, HMM stays off (with it rjieba
differs on Latin-mixed text), and part-of-speech tags come from the dictionary table, not from
the engine, so the choice of engine changes the speed and nothing else. Whether rjieba really
cuts as jieba does with a given lexicon is `kamlit.text.parity`'s job.
"""

from __future__ import annotations

import contextlib
import importlib.machinery
import importlib.util
import logging
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from kamlit.errors import UsageError, message
from kamlit.text.cache import cache_folder

Engine = Literal["jieba", "rjieba"]
EngineChoice = Literal["auto", "jieba", "rjieba"]
_SURROGATES = re.compile("[\ud800-\udfff]")

_VERSIONS: dict[str, str] = {}


def resolve_engine(choice: str) -> Engine:
    """Return the engine a setting names: `auto` is rjieba when it is installed, else jieba."""
    has_rjieba = importlib.util.find_spec("rjieba") is not None
    if choice == "auto":
        return "rjieba" if has_rjieba else "jieba"
    if choice == "rjieba":
        if not has_rjieba:
            raise UsageError(message("error.rjieba_missing"))
        return "rjieba"
    if choice == "jieba":
        return "jieba"
    raise UsageError(message("error.segmenter", value=repr(choice)))


def package_version(name: str) -> str:
    """Return an installed distribution's version ('-' when it is not installed)."""
    if name not in _VERSIONS:
        import importlib.metadata

        try:
            _VERSIONS[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            _VERSIONS[name] = "-"
    return _VERSIONS[name]


def open_engine(
    engine: Engine, *, hmm: bool, cache_dir: Path | None
) -> tuple[Callable[[str, int, str], Any], Callable[[str], list[str]]]:
    """Build a fresh instance of `engine` (never jieba's global one) and return its
    `add_word(word, freq, tag)` and its plain cut of a text into raw tokens."""
    add: Callable[[str, int, str], Any]
    cut: Callable[[str], list[str]]
    if engine == "rjieba":
        rj = _rjieba_class()()
        add = rj.add_word

        def cut(text: str) -> list[str]:
            tokens: list[str]
            try:
                tokens = rj.cut(text, hmm)
            except UnicodeEncodeError:
                # A lone surrogate (a badly decoded file) has no UTF-8 form for Rust;
                # as a replacement character it is cut, and dropped, the same way.
                tokens = rj.cut(_SURROGATES.sub("\ufffd", text), hmm)
            return tokens

    else:
        import jieba

        # jieba logs its dictionary load at DEBUG level to stderr from import on.
        logging.getLogger("jieba").setLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        if cache_dir is not None:
            folder = cache_folder(cache_dir)
            with contextlib.suppress(OSError):  # an unusable cache folder costs speed only
                folder.mkdir(parents=True, exist_ok=True)
                tokenizer.tmp_dir = str(folder)  # its own prefix-dict cache goes with ours
        tokenizer.initialize()
        add = tokenizer.add_word

        def cut(text: str) -> list[str]:
            return list(tokenizer.cut(text, HMM=hmm))

    return add, cut


def _rjieba_class() -> Any:
    """Return `rjieba.Jieba`, loading the extension module without the package's __init__.

    `import rjieba` builds a default instance that kamlit never uses (0.2 s, most of the
    engine's start-up). The extension is registered as `rjieba.rjieba`, so a later
    `import rjieba` elsewhere reuses it instead of initialising it twice.
    """
    loaded = sys.modules.get("rjieba.rjieba")
    if loaded is not None:
        return loaded.Jieba
    spec = importlib.util.find_spec("rjieba")
    folder = Path(next(iter(spec.submodule_search_locations or ()), "")) if spec else None
    files = []
    if folder is not None:
        files = sorted(folder.glob("rjieba.*.so")) + sorted(folder.glob("rjieba.*.pyd"))
    if not files:
        import rjieba

        return rjieba.Jieba
    loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", str(files[0]))
    ext = importlib.util.spec_from_file_location("rjieba.rjieba", files[0], loader=loader)
    assert ext is not None
    module = importlib.util.module_from_spec(ext)
    loader.exec_module(module)
    sys.modules["rjieba.rjieba"] = module
    return module.Jieba
