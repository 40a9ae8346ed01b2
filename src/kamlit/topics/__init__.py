"""Topics: LDA with honest model selection, per-sector views and an offline explorer.

`build_topics(corpus, settings=…, seed=…, jobs=…, progress=…)` fits the model (tomotopy by
default, gensim and scikit-learn as alternatives) and, with `k = "auto"`, sweeps K in worker
processes and chooses it by SELECTION_RULE; `write_topics(result, out_dir)` writes topics.json,
the CSV tables, topics.html, topics.png and the fitted model (`kamlit.topics.saved`;
`load_model(folder)` reads it back). tomotopy, gensim, scikit-learn and matplotlib are imported
only inside the functions that use them.
"""

from __future__ import annotations

from kamlit.topics.build import auto_passes, build_topics, parse_k
from kamlit.topics.result import SelectionRow, TermWeight, Topic, TopicModelResult, TopRecord
from kamlit.topics.saved import TopicModel, load_model
from kamlit.topics.selection import SELECTION_RULE
from kamlit.topics.write import write_topics

__all__ = [
    "SELECTION_RULE",
    "SelectionRow",
    "TermWeight",
    "TopRecord",
    "Topic",
    "TopicModel",
    "TopicModelResult",
    "auto_passes",
    "build_topics",
    "load_model",
    "parse_k",
    "write_topics",
]
