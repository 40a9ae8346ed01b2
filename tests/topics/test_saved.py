"""The kept model: native file, full matrices, pyLDAvis input, parallel = serial, progress."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from kamlit.corpus import PreparedCorpus
from kamlit.io import dumps_json
from kamlit.settings import TopicSettings
from kamlit.topics import build_topics, write_topics
from kamlit.topics.saved import NATIVE_FILES, load_model
from kamlit.topics.sweep import SweepProgress

FAST = TopicSettings(k_max=4, stability_runs=2, passes=200)


@pytest.fixture(scope="module", params=["tomotopy", "gensim", "sklearn"])
def written(
    request: pytest.FixtureRequest, themed: PreparedCorpus, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path]:
    engine = request.param
    out = tmp_path_factory.mktemp(f"saved-{engine}")
    settings = dataclasses.replace(FAST, engine=engine, passes=200 if engine == "tomotopy" else 20)
    write_topics(build_topics(themed, settings=settings, seed=4, jobs=1), out)
    return engine, out


def test_pyldavis_prepare_runs_on_the_json(written: tuple[str, Path]) -> None:
    pyldavis = pytest.importorskip("pyLDAvis")
    _, out = written
    with (out / "pyldavis.json").open(encoding="utf-8") as handle:
        data = json.load(handle)
    assert set(data) == {
        "topic_term_dists",
        "doc_topic_dists",
        "doc_lengths",
        "vocab",
        "term_frequency",
    }
    prepared = pyldavis.prepare(**data, sort_topics=False, n_jobs=1)
    topics_json = json.loads((out / "topics.json").read_text(encoding="utf-8"))
    assert len(prepared.topic_coordinates) == topics_json["k"]


def test_model_files_hold_the_full_matrices_in_topic_order(written: tuple[str, Path]) -> None:
    engine, out = written
    model = load_model(out)
    assert model is not None and model.engine == engine
    data = json.loads((out / "topics.json").read_text(encoding="utf-8"))
    assert model.k == data["k"] and list(model.doc_ids) == data["doc_ids"]
    assert model.topic_term.shape == (data["k"], data["corpus"]["vocabulary"])
    assert np.allclose(model.topic_term.sum(axis=1), 1.0)
    # topics.json holds the same shares, rounded
    shares = np.array([data["doc_topics"][i] for i in data["doc_ids"]])
    assert np.allclose(model.doc_topic, shares, atol=1e-6)
    top = data["topics"][0]["terms"][0]["term"]
    assert model.vocabulary[int(model.topic_term[0].argmax())] == top
    assert int(model.term_frequency.sum()) == data["corpus"]["tokens"]
    rows = (out / "term_frequency.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "term,count" and len(rows) == 1 + len(model.vocabulary)
    assert (out / NATIVE_FILES[engine]).is_file()


def test_native_model_loads_with_its_engine(written: tuple[str, Path]) -> None:
    engine, out = written
    model = load_model(out)
    assert model is not None
    native = model.native()
    if engine == "tomotopy":
        assert native.k == model.k and len(native.docs) == len(model.doc_ids)
        fitted = np.asarray(native.get_topic_word_dist(model.fitted_topics[0]))
        assert np.isclose(fitted.max(), model.topic_term[0].max())
    elif engine == "gensim":
        assert native.num_topics == model.k
    else:
        assert native.components_.shape == model.topic_term.shape


def test_no_model_folder_gives_none(tmp_path: Path) -> None:
    assert load_model(tmp_path) is None


def test_parallel_sweep_gives_the_same_bytes_as_serial(themed: PreparedCorpus) -> None:
    one = build_topics(themed, settings=FAST, seed=8, jobs=1)
    two = build_topics(themed, settings=FAST, seed=8, jobs=2)
    assert dumps_json(one.to_dict()) == dumps_json(two.to_dict())
    assert one.model is not None and two.model is not None
    assert one.model == two.model  # the native model's bytes too


def test_progress_reports_every_fit(themed: PreparedCorpus) -> None:
    seen: list[SweepProgress] = []
    build_topics(themed, settings=FAST, seed=8, jobs=2, progress=seen.append)
    fits = 3 * FAST.stability_runs  # K = 2, 3, 4
    assert seen[0] == SweepProgress(0, fits, 0, 3, None)
    assert [p.fits_done for p in seen[1:]] == list(range(1, fits + 1))
    assert seen[-1].ks_done == seen[-1].ks_total == 3
    assert all(p.fits_total == fits for p in seen)


@pytest.mark.parametrize("engine", ["tomotopy", "gensim", "sklearn"])
def test_a_fixed_k_keeps_its_fit_s_native_model_instead_of_refitting(
    themed: PreparedCorpus, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kamlit.topics.cache as topics_cache
    import kamlit.topics.sweep as sweep

    settings = dataclasses.replace(
        FAST, k=3, engine=engine, passes=200 if engine == "tomotopy" else 20
    )
    refits: list[int] = []
    fit_lda = topics_cache.fit_lda

    def counted(*args: object, **kwargs: object) -> object:
        refits.append(1)
        return fit_lda(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(topics_cache, "fit_lda", counted)
    serial = build_topics(themed, settings=settings, seed=8, jobs=1)
    parallel = build_topics(themed, settings=settings, seed=8, jobs=2)
    assert refits == []  # the kept fit's model came with it
    # and it is the model a refit with the same seed gives, byte for byte
    fit = sweep._fit
    monkeypatch.setattr(sweep, "_fit", lambda dtm, task, plan, native: fit(dtm, task, plan, False))
    refitted = build_topics(themed, settings=settings, seed=8, jobs=1)
    assert refits == [1]
    assert serial.model is not None
    assert serial.model == parallel.model == refitted.model
    assert dumps_json(serial.to_dict()) == dumps_json(refitted.to_dict())
