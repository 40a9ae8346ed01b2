"""kamlit's CJK font: for matplotlib figures, and subset into every HTML page.

kamlit ships one font as package data, `data/fonts/KamlitNotoSansSC-Regular.otf` (1.5 MB): a
subset of Noto Sans CJK SC Regular holding printable ASCII, Latin-1, general and CJK
punctuation, arrows, full-width forms and the 6,763 hanzi of GB 2312, hinting removed, renamed
"Kamlit Noto Sans SC" (SIL Open Font License, text beside it). `subset_font` is how it was
cut (with GB 2312's hanzi as `chars`) and how every page gets its own font.

- Figures (`cjk_font`): the shipped font is registered with matplotlib first, then the first CJK
  font installed on the system (matplotlib falls back glyph by glyph along the family list, so
  a rare character outside GB 2312 still draws when the system has a fuller font).
- Pages (`page_font_face`): each page embeds a WOFF subset of the shipped font with only the
  characters that page uses (tens of KB), as an `@font-face` data URL, so Chinese shows on a
  machine without any CJK font, offline. The pages' CSS lists the embedded family after the
  Latin fonts and before the system CJK fonts.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

FONT_FILE = "data/fonts/KamlitNotoSansSC-Regular.otf"
PAGE_FAMILY = "kamlit CJK"  # the family name of the font embedded in every page
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
    """A registered font: its family name for matplotlib and the file it came from.

    `fallbacks` are the families matplotlib tries next for glyphs the font lacks.
    """

    family: str
    path: Path
    fallbacks: tuple[str, ...] = ()

    @property
    def families(self) -> list[str]:
        """The `font.family` list for matplotlib: this font, the fallbacks, DejaVu Sans."""
        return [self.family, *self.fallbacks, "DejaVu Sans"]


def shipped_font_path() -> Path:
    """The path of the font file shipped with kamlit."""
    return Path(str(resources.files("kamlit").joinpath(FONT_FILE)))


@lru_cache(maxsize=1)
def cjk_font() -> CjkFont | None:
    """Register and return the shipped CJK font (and a system one as fallback), or None when
    no CJK font can be loaded at all."""
    from matplotlib import font_manager

    fonts: list[tuple[str, Path]] = []
    for path in [shipped_font_path(), *_system_candidates()]:
        try:
            font_manager.fontManager.addfont(str(path))
            family = font_manager.FontProperties(fname=str(path)).get_name()
        except (OSError, RuntimeError, ValueError):
            continue
        if all(family != known for known, _ in fonts):
            fonts.append((family, path))
        if len(fonts) == 2:
            break
    if not fonts:
        return None
    (family, path), *rest = fonts
    return CjkFont(family=family, path=path, fallbacks=tuple(f for f, _ in rest))


def no_font_message() -> str:
    """The warning shown when no CJK font is found."""
    return (
        "no CJK font found: Chinese labels in figures will show as boxes; kamlit's own font "
        f"({FONT_FILE}) is missing from the installation, reinstall kamlit or install a system "
        "font such as Debian's fonts-noto-cjk"
    )


def _system_candidates() -> list[Path]:
    from matplotlib import font_manager

    system = sorted(
        f.fname
        for f in font_manager.fontManager.ttflist
        if any(h.lower() in f.name.lower() for h in _SYSTEM_HINTS)
    )
    return [Path(p) for p in system]


FIGURE_DPI = 300


def figure_bytes(fig: Any, fmt: str) -> bytes:
    """Save a matplotlib figure as PNG (300 dpi), SVG or PDF, with the same bytes for the
    same figure: no date or software metadata. SVG draws glyphs as paths and PDF embeds the
    fonts (TrueType/CFF subsets, Type 42), so Chinese shows wherever the file is opened."""
    import matplotlib

    buffer = io.BytesIO()
    rc: dict[str, Any] = {"svg.fonttype": "path", "pdf.fonttype": 42, "svg.hashsalt": "kamlit"}
    with matplotlib.rc_context(rc):  # type: ignore[arg-type]
        if fmt == "png":
            fig.savefig(buffer, format="png", dpi=FIGURE_DPI, metadata={"Software": None})
        elif fmt == "svg":
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        elif fmt == "pdf":
            meta = {"CreationDate": None, "Creator": None, "Producer": None}
            fig.savefig(buffer, format="pdf", metadata=meta)
        else:
            raise ValueError(f"unknown figure format {fmt!r}")
    return buffer.getvalue()


def subset_font(source: Path, chars: Iterable[str], *, flavor: str | None = None) -> bytes:
    """Return a subset of the font file `source` holding the glyphs of `chars` it has.

    `flavor` is None (an OpenType file) or "woff" (zlib-compressed, for web pages). The output
    depends only on the font and the set of characters: no timestamp, no hinting.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.hinting = False
    options.desubroutinize = False
    options.notdef_outline = True
    options.name_IDs = ["*"]  # keep the copyright and licence records
    options.flavor = flavor
    out = io.BytesIO()
    with TTFont(str(source), recalcTimestamp=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted({ord(c) for c in chars}))
        subsetter.subset(font)
        font.save(out)
    return out.getvalue()


@lru_cache(maxsize=1)
def _shipped_cmap() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(shipped_font_path()), lazy=True) as font:
        return frozenset(font.getBestCmap())


def page_chars(text: str) -> str:
    """The characters of `text` the page font should hold: those beyond Latin-1 (Chinese,
    CJK and general punctuation, full-width forms…) that the shipped font has, sorted."""
    covered = _shipped_cmap()
    return "".join(sorted(c for c in set(text) if ord(c) > 0xFF and ord(c) in covered))


@lru_cache(maxsize=16)
def _face(chars: str) -> str:
    data = subset_font(shipped_font_path(), chars, flavor="woff")
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'@font-face{{font-family:"{PAGE_FAMILY}";font-style:normal;font-weight:100 900;'
        f'font-display:block;src:url(data:font/woff;base64,{encoded}) format("woff");}}'
    )


def page_font_face(text: str) -> str:
    """Return the CSS `@font-face` rule embedding the glyphs `text` needs ("" when none)."""
    chars = page_chars(text)
    return _face(chars) if chars else ""
