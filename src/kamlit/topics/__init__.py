"""Topics: LDA with honest model selection, per-sector views and an offline explorer.

`build_topics(corpus, settings=…, seed=…)` fits the model (gensim by default, scikit-learn as
the alternative) and, with `k = "auto"`, chooses K by coherence and stability;
`write_topics(result, out_dir)` writes topics.json, the CSV tables, topics.html and topics.png.
gensim, scikit-learn and matplotlib are imported only inside the functions that use them.
"""

from __future__ import annotations

from kamlit.topics.build import auto_passes, build_topics, parse_k
from kamlit.topics.result import SelectionRow, TermWeight, Topic, TopicModelResult, TopRecord
from kamlit.topics.selection import SELECTION_RULE
from kamlit.topics.write import write_topics

__all__ = [
    "SELECTION_RULE",
    "SelectionRow",
    "TermWeight",
    "TopRecord",
    "Topic",
    "TopicModelResult",
    "auto_passes",
    "build_topics",
    "parse_k",
    "write_topics",
]
