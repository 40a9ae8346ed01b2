"""Show what `kamlit summarize` says besides the digest itself: where it went, and warnings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kamlit.console import stderr_console

if TYPE_CHECKING:
    from pathlib import Path

    from kamlit.summarize import SectorDigests


def render_written(digests: SectorDigests, out: Path) -> None:
    """One stderr line: the file written, and each sector's practices and abstracts."""
    counts = ", ".join(
        f"{d.label} {len(d.practices)} practices from {len(d.records)} abstracts"
        for d in digests.digests
    )
    stderr_console().print(f"written to {out}: {counts}", markup=False, soft_wrap=True)


def render_warnings(digests: SectorDigests) -> None:
    """Each sector's warning (too few records, say) on stderr."""
    for digest in digests.digests:
        if digest.warning:
            stderr_console().print(
                f"warning: {digest.label} ({digest.sector}): {digest.warning}",
                markup=False,
                soft_wrap=True,
            )
