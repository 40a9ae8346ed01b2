"""The fitted model a run keeps: native model file, full matrices, pyLDAvis input.

`write_model(model, folder)` writes, next to topics.json:

- `model.tomotopy.bin` (tomotopy's `LDAModel.save` format: `tomotopy.LDAModel.load(path)`),
  or `model.gensim.pickle` / `model.sklearn.pickle` (the engine's model object, pickled);
- `pyldavis.json`: exactly the arguments of `pyLDAvis.prepare` (topic_term_dists,
  doc_topic_dists, doc_lengths, vocab, term_frequency), full precision, topics in the order of
  topics.json, so `pyLDAvis.prepare(**json.load(open("pyldavis.json")))` works;
- `term_frequency.csv`: every vocabulary term with its corpus count;
- `model.json`: engine, K, seed, the modelled record ids (rows of doc_topic_dists), the native
  file's name, and `fitted_topics`: for each topic of topics.json, its index in the native model.

`load_model(folder)` reads them back as a `TopicModel` (`kamlit.load_run` attaches it to the
topics result, so `kamlit report` writes these files again, byte for byte, with the native file
when it is there); `TopicModel.native()` loads the engine's own object.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from kamlit.errors import InputError, message
from kamlit.io import atomic_write_bytes, atomic_write_text, dumps_json
from kamlit.topics.model import load_native

NATIVE_FILES = {
    "tomotopy": "model.tomotopy.bin",
    "gensim": "model.gensim.pickle",
    "sklearn": "model.sklearn.pickle",
}
MODEL_FILES = ("model.json", "pyldavis.json", "term_frequency.csv")


@dataclass(frozen=True)
class TopicModel:
    """A fitted topic model with its full distributions (topics in topics.json order)."""

    engine: str
    k: int
    seed: int
    doc_ids: tuple[str, ...]
    vocabulary: tuple[str, ...]
    topic_term: np.ndarray  # K × V, p(term | topic)
    doc_topic: np.ndarray  # D × K, p(topic | document)
    doc_lengths: np.ndarray  # tokens of each document counted in the matrix
    term_frequency: np.ndarray  # corpus count of each vocabulary term
    fitted_topics: tuple[int, ...]  # per topic, its index in the native model
    native_bytes: bytes

    def native(self) -> Any:
        """The engine's own model object (tomotopy LDAModel, gensim LdaModel or scikit-learn
        LatentDirichletAllocation). Pickled models run code when loaded: load your own."""
        if not self.native_bytes:
            raise InputError(message("error.model_not_kept", file=NATIVE_FILES[self.engine]))
        return load_native(self.engine, self.native_bytes)

    def pyldavis(self) -> dict[str, Any]:
        """`pyLDAvis.prepare`'s keyword arguments, as plain lists."""
        return {
            "topic_term_dists": self.topic_term.tolist(),
            "doc_topic_dists": self.doc_topic.tolist(),
            "doc_lengths": [int(n) for n in self.doc_lengths],
            "vocab": list(self.vocabulary),
            "term_frequency": [int(n) for n in self.term_frequency],
        }

    def __eq__(self, other: object) -> bool:
        """Field by field, arrays by value."""
        if not isinstance(other, TopicModel):
            return NotImplemented
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, np.ndarray):
                if mine.shape != theirs.shape or not np.array_equal(mine, theirs):
                    return False
            elif mine != theirs:
                return False
        return True

    __hash__ = None  # type: ignore[assignment]


def write_model(model: TopicModel, out_dir: str | Path) -> list[Path]:
    """Write the model's files under `out_dir` (atomically); return their paths."""
    out = Path(out_dir)
    native = NATIVE_FILES[model.engine]
    meta = {
        "engine": model.engine,
        "k": model.k,
        "seed": model.seed,
        "doc_ids": list(model.doc_ids),
        "native": native,
        "fitted_topics": list(model.fitted_topics),
    }
    written = [
        atomic_write_text(out / "model.json", dumps_json(meta)),
        atomic_write_text(out / "pyldavis.json", json.dumps(model.pyldavis(), ensure_ascii=False)),
        atomic_write_text(out / "term_frequency.csv", term_frequency_csv(model)),
    ]
    if model.native_bytes:  # a model read back without its native file writes none
        written.append(atomic_write_bytes(out / native, model.native_bytes))
    return written


def term_frequency_csv(model: TopicModel) -> str:
    """Every vocabulary term and its corpus count, most frequent first (ties by term)."""
    order = sorted(range(len(model.vocabulary)), key=lambda i: (-model.term_frequency[i], i))
    from kamlit.tables import csv_text, header

    rows = ((model.vocabulary[i], int(model.term_frequency[i])) for i in order)
    return csv_text(header("topics/term_frequency.csv"), rows)


def load_model(folder: str | Path) -> TopicModel | None:
    """The model written by `write_model` in `folder`, or None when there is none."""
    root = Path(folder)
    meta_path = root / "model.json"
    if not meta_path.is_file():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    data = json.loads((root / "pyldavis.json").read_text(encoding="utf-8"))
    native = root / str(meta["native"])
    return TopicModel(
        engine=str(meta["engine"]),
        k=int(meta["k"]),
        seed=int(meta["seed"]),
        doc_ids=tuple(str(i) for i in meta["doc_ids"]),
        vocabulary=tuple(str(t) for t in data["vocab"]),
        topic_term=np.asarray(data["topic_term_dists"], dtype=np.float64),
        doc_topic=np.asarray(data["doc_topic_dists"], dtype=np.float64),
        doc_lengths=np.asarray(data["doc_lengths"], dtype=np.int64),
        term_frequency=np.asarray(data["term_frequency"], dtype=np.int64),
        fitted_topics=tuple(int(t) for t in meta["fitted_topics"]),
        native_bytes=native.read_bytes() if native.is_file() else b"",
    )
