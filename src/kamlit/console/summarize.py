"""Show what `kamlit summarize` says besides the digest itself: where it went, and warnings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kamlit.console import messages, sector_name, stderr_console

if TYPE_CHECKING:
    from pathlib import Path

    from kamlit.summarize import SectorDigests


def render_written(digests: SectorDigests, out: Path, *, lang: str = "auto") -> None:
    """One stderr line: the file written, and each sector's practices and abstracts."""
    cat = messages(lang)
    counts = cat.t("cli.list_sep").join(
        cat.t(
            "cli.summarize.counts",
            label=sector_name(cat, d.sector, d.label),
            practices=len(d.practices),
            records=len(d.records),
        )
        for d in digests.digests
    )
    line = cat.t("cli.summarize.written", out=out, counts=counts)
    stderr_console().print(line, markup=False, soft_wrap=True)


def render_warnings(digests: SectorDigests, *, lang: str = "auto") -> None:
    """Each sector's warning (too few records, say) on stderr."""
    cat = messages(lang)
    for digest in digests.digests:
        if digest.warning:
            message = digest.warning
            if digest.notices:
                message = cat.t("cli.sep").join(cat.notice(n) for n in digest.notices)
            label = sector_name(cat, digest.sector, digest.label)
            if label == digest.sector:  # `general` in English: its label is its key
                line = cat.t("cli.summarize.warning_short", label=label, message=message)
            else:
                line = cat.t(
                    "cli.summarize.warning", label=label, sector=digest.sector, message=message
                )
            stderr_console().print(line, markup=False, soft_wrap=True)
