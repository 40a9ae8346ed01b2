"""Colours shared by the HTML page and the thematic-map PNG: a community looks the same in both."""

from __future__ import annotations

# Tableau 20, reordered so the first ten are the strong tones (communities are numbered by
# size, so the largest get the clearest colours).
COMMUNITY_COLORS = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
    "#a0cbe8",
    "#ffbe7d",
    "#ff9d9a",
    "#86bcb6",
    "#8cd17d",
    "#f1ce63",
    "#d4a6c8",
    "#fabfd2",
    "#d7b5a6",
    "#79706e",
)
# Known sectors get fixed colours; user-defined sectors take the next free ones in order.
SECTOR_COLORS = {"telecom": "#1f77b4", "postal": "#2ca02c", "general": "#8c8c8c"}
EXTRA_SECTOR_COLORS = ("#d62728", "#9467bd", "#ff7f0e", "#17becf", "#bcbd22", "#e377c2")
MIXED_COLOR = "#7f3c8d"


def community_color(community: int) -> str:
    """Return the colour of a community (cycling through the palette)."""
    return COMMUNITY_COLORS[community % len(COMMUNITY_COLORS)]


def sector_colors(keys: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Return a colour for each sector key, fixed for the shipped sectors."""
    out: dict[str, str] = {}
    extra = iter(EXTRA_SECTOR_COLORS * (1 + len(keys) // len(EXTRA_SECTOR_COLORS)))
    for key in keys:
        out[key] = SECTOR_COLORS.get(key) or next(extra)
    return out
