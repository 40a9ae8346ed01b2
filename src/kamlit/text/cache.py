"""Blob helpers of the text stage, kept under their old import path.

They now live in `kamlit.cache` (one cache module for every stage); this module re-exports
them so `from kamlit.text.cache import read_blob` keeps working.
"""

from __future__ import annotations

from kamlit.cache import cache_folder, read_blob, runtime_tag, write_blob

__all__ = ["cache_folder", "read_blob", "runtime_tag", "write_blob"]
