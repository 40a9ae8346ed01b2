"""Find a CJK font for matplotlib, so Chinese in PNG charts renders as glyphs, not boxes.

Order: the Noto Sans CJK file shipped by the `mplfonts` package (same glyphs on every
machine), then a CJK font installed on the system. The font file is registered explicitly
with matplotlib rather than hoping its font cache already knows it.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_PACKAGED = ("NotoSansCJKsc-Regular.otf", "SourceHanSansSC-Regular.otf", "SimHei.ttf")
_SYSTEM_HINTS = (
    "Noto Sans CJK",
    "Noto Serif CJK",
    "Source Han",
    "WenQuanYi",
    "SimHei",
    "Microsoft YaHei",
    "PingFang",
    "Heiti",
    "AR PL",
    "Droid Sans Fallback",
)


@dataclass(frozen=True)
class CjkFont:
    """A registered font: its family name for matplotlib and the file it came from."""

    family: str
    path: Path


@lru_cache(maxsize=1)
def cjk_font() -> CjkFont | None:
    """Register and return a CJK-capable font, or None when the machine has none."""
    from matplotlib import font_manager

    for path in _candidates():
        try:
            font_manager.fontManager.addfont(str(path))
            family = font_manager.FontProperties(fname=str(path)).get_name()
        except (OSError, RuntimeError, ValueError):
            continue
        return CjkFont(family=family, path=path)
    return None


def no_font_message() -> str:
    """The warning shown when no CJK font is found."""
    return (
        "no CJK font found: Chinese labels in PNG charts will show as boxes; install kamlit's "
        "dependency 'mplfonts' or a system font such as Debian's fonts-noto-cjk"
    )


def _candidates() -> list[Path]:
    found: list[Path] = []
    spec = importlib.util.find_spec("mplfonts")
    if spec is not None and spec.submodule_search_locations:
        base = Path(next(iter(spec.submodule_search_locations))) / "fonts"
        found += [base / name for name in _PACKAGED if (base / name).is_file()]
    from matplotlib import font_manager

    system = sorted(
        (
            f.fname
            for f in font_manager.fontManager.ttflist
            if any(h.lower() in f.name.lower() for h in _SYSTEM_HINTS)
        ),
    )
    found += [Path(p) for p in system]
    return found
