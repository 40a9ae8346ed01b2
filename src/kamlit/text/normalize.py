"""Text normalisation applied before cutting: NFKC, one kind of quote, English in lower case."""

from __future__ import annotations

import re
import unicodedata

# Curly, corner and full-width quotes all become ASCII quotes; then quotes are dropped for
# cutting, since they separate nothing a reader would call a word.
_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "〝": '"',
        "〞": '"',
    }
)
_SPACES = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Return the text as the segmenter sees it: NFKC, unified quotes, lower-case, one space."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return _SPACES.sub(" ", text).strip()
