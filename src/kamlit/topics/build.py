"""`build_topics`: from the prepared corpus to topics with the evidence for their number."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from kamlit.errors import InputError, UsageError, message
from kamlit.i18n import Notice, catalogue
from kamlit.sectors import GENERAL, SectorAssignment
from kamlit.settings import TopicSettings, topic_count
from kamlit.text import Corpus
from kamlit.topics.cache import native_model
from kamlit.topics.describe import (
    POOL_TERMS,
    group_prevalence,
    intertopic_map,
    label_topics,
    relevance_pool,
)
from kamlit.topics.model import ENGINES, TOMOTOPY_MAX_SWEEPS, DocTermMatrix, FitPlan, build_dtm
from kamlit.topics.result import (
    GroupCount,
    SelectionChoice,
    SelectionRow,
    TermWeight,
    Topic,
    TopicModelResult,
    TopRecord,
)
from kamlit.topics.saved import TopicModel
from kamlit.topics.selection import (
    SELECTION_RULE,
    Candidate,
    choose_k,
    k_range,
)
from kamlit.topics.sweep import Progress, sweep

if TYPE_CHECKING:
    from kamlit.corpus import PreparedCorpus

SMALL_CORPUS = 100
PRIORS = {
    "tomotopy": "symmetric alpha 0.1 (document-topic), eta 0.01 (topic-term)",
    "gensim": "symmetric 1/K (document-topic and topic-term)",
    "sklearn": "symmetric 1/K (document-topic and topic-term)",
}
# Automatic budget. tomotopy: TOMOTOPY_MAX_SWEEPS Gibbs sweeps at most (fits converge in
# 100-300 on abstracts). The variational engines: about PASS_BUDGET document visits in all,
# within the engine's bounds (fits stop earlier when they converge). Small corpora need many
# passes to converge, large ones few. Measured on the default corpus (20
# abstracts) against 300-pass fits, top-10 terms agreeing: gensim's online updates (step size
# decaying with each pass) reach 0.92-0.96 at 50 passes and only 0.78-0.87 at 20; scikit-learn's
# batch EM reaches 0.94-1.0 at 20 and 0.98-1.0 at 30, so it stops earlier. 14,400 documents: 5.
PASS_BUDGET = 20_000
PASSES_BOUNDS = {"gensim": (5, 50), "sklearn": (5, 30)}


def parse_k(value: str | int) -> int | None:
    """Read the `k` setting: a whole number >= 2, or 'auto' (returned as None)."""
    k = topic_count(value, name="--k (topics.k)")  # settings checked it already when loaded
    return None if isinstance(k, str) else k


def auto_passes(n_docs: int, engine: str = "gensim") -> int:
    """The budget when `topics.passes` is 0: TOMOTOPY_MAX_SWEEPS for tomotopy, else passes
    over the corpus, PASS_BUDGET / documents within the engine's bounds."""
    if engine == "tomotopy":
        return TOMOTOPY_MAX_SWEEPS
    low, high = PASSES_BOUNDS.get(engine, PASSES_BOUNDS["gensim"])
    return max(low, min(high, PASS_BUDGET // max(1, n_docs)))


def build_topics(
    prepared: PreparedCorpus,
    *,
    settings: TopicSettings | None = None,
    seed: int = 42,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> TopicModelResult:
    """Fit LDA on the prepared corpus's tokens (K given or chosen by SELECTION_RULE); topic
    shares per sector follow the prepared corpus's sector assignment.

    The fits run in `jobs` worker processes (default: every core); the result does not depend
    on `jobs`. `progress` is called after every fit. With `cache_dir`, each evaluated K (its
    fits' scores, the kept fit and stability) is stored and reused, so fixing K to a value the
    sweep already tried costs no refit. The result carries the fitted model (`result.model`).
    """
    corpus = prepared.corpus
    settings = settings or TopicSettings()
    k = parse_k(settings.k)
    _check(settings)
    dtm = build_dtm(
        [d.id for d in corpus.documents],
        [d.tokens for d in corpus.documents],
        min_df=settings.min_df,
        max_df=settings.max_df,
        max_terms=settings.max_terms,
    )
    n = dtm.n_docs
    if n < 2:
        raise InputError(message("error.topics_too_few", n=n, records=len(corpus.records)))
    passes = settings.passes or auto_passes(n, settings.engine)
    plan = FitPlan(
        engine=settings.engine,
        passes=passes,
        iterations=settings.iterations,
        tolerance=settings.tolerance,
        runs=settings.stability_runs,
        top_n=settings.top_terms,
    )
    if k is None:
        ks = k_range(n, k_min=settings.k_min, k_max=settings.k_max)
        if len(ks) == 0:
            raise InputError(
                message(
                    "error.topics_auto_too_few",
                    k_min=settings.k_min,
                    k_max=settings.k_max,
                    top=min(settings.k_max, n // 2),
                    n=n,
                )
            )
        kwargs = {"seed": seed, "plan": plan, "jobs": jobs, "progress": progress}
        candidates = sweep(dtm, list(ks), cache_dir=cache_dir, **kwargs)  # type: ignore[arg-type]
        choice = choose_k(candidates)
        chosen, numbers = choice.candidate, choice.numbers
    else:
        if k > n:
            raise UsageError(message("error.topics_k_above_n", k=k, n=n))
        candidates = sweep(
            dtm, [k], seed=seed, plan=plan, jobs=jobs, progress=progress, cache_dir=cache_dir
        )
        chosen, numbers = candidates[0], None
    native = native_model(dtm, cache_dir, chosen.fit, plan)
    assignment = prepared.sectors
    return _describe(
        corpus, dtm, chosen, candidates, assignment, settings, seed, passes, k, native, numbers
    )


def _check(settings: TopicSettings) -> None:
    if settings.engine not in ENGINES:
        expected = ", ".join(repr(e) for e in ENGINES)
        raise UsageError(
            message("error.setting_engine", value=repr(settings.engine), options=expected)
        )
    if not 0.0 < settings.tolerance < 1.0:
        raise UsageError(
            message(
                "error.setting_fraction_open", name="topics.tolerance", value=settings.tolerance
            )
        )
    checks = [
        ("k_min", settings.k_min, 2),
        ("k_max", settings.k_max, settings.k_min),
        ("passes", settings.passes, 0),
        ("iterations", settings.iterations, 1),
        ("stability_runs", settings.stability_runs, 1),
        ("top_terms", settings.top_terms, 1),
        ("top_records", settings.top_records, 0),
    ]
    for name, value, low in checks:
        if value < low:
            raise UsageError(
                message("error.setting_at_least", name=f"topics.{name}", value=value, low=low)
            )


def _describe(
    corpus: Corpus,
    dtm: DocTermMatrix,
    chosen: Candidate,
    candidates: Sequence[Candidate],
    assignment: SectorAssignment,
    settings: TopicSettings,
    seed: int,
    passes: int,
    k_given: int | None,
    native: bytes,
    numbers: SelectionChoice | None = None,
) -> TopicModelResult:
    fit = chosen.fit
    # Topics in order of prevalence (ties by fitted index), so "topic 1" is the biggest.
    prevalence = fit.doc_topic.mean(axis=0)
    order = sorted(range(fit.k), key=lambda t: (-round(float(prevalence[t]), 12), t))
    topic_term = fit.topic_term[order]
    doc_topic = fit.doc_topic[:, order]
    prevalence = prevalence[order]
    coherence = [chosen.coherence[t] if chosen.coherence else None for t in order]
    npmi = [chosen.npmi[t] if chosen.npmi else None for t in order]
    top_ids = [chosen.top_ids[t] for t in order]

    vocab = dtm.vocabulary
    counts = dtm.term_counts
    p_w = counts / counts.sum()
    labels = label_topics(topic_term, p_w, vocab)
    pools = relevance_pool(topic_term, p_w, vocab)
    coords = intertopic_map(topic_term)

    records = {r.id: r for r in corpus.records}
    sector_of = {item.id: item.sectors for item in assignment.records}
    doc_sectors = [sector_of.get(i, (GENERAL,)) for i in dtm.ids]
    sector_keys = [s.key for s in assignment.sectors] + [GENERAL]
    by_sector = group_prevalence(doc_topic, doc_sectors, sector_keys)
    doc_years = [records[i].year for i in dtm.ids]
    year_keys = sorted({y for y in doc_years if y is not None})
    year_groups = [(str(y),) if y is not None else () for y in doc_years]
    by_year = group_prevalence(doc_topic, year_groups, [str(y) for y in year_keys])

    topics = []
    for t in range(fit.k):
        share = doc_topic[:, t]
        best = sorted(range(len(dtm.ids)), key=lambda d: (-round(float(share[d]), 12), dtm.ids[d]))
        top_records = tuple(
            TopRecord(
                id=dtm.ids[d],
                share=float(share[d]),
                title=records[dtm.ids[d]].label,
                year=records[dtm.ids[d]].year,
                sectors=doc_sectors[d],
            )
            for d in best[: settings.top_records]
        )
        topics.append(
            Topic(
                id=t + 1,
                label=labels[t],
                terms=tuple(TermWeight(vocab[i], float(topic_term[t, i])) for i in top_ids[t]),
                coherence=coherence[t],
                coherence_npmi=npmi[t],
                prevalence=float(prevalence[t]),
                tokens=float(share @ dtm.doc_lengths),
                top_records=top_records,
                by_sector=tuple((key, float(v[t])) for key, v in by_sector.items()),
                by_year=tuple((int(key), float(v[t])) for key, v in by_year.items()),
                x=float(coords[t, 0]),
                y=float(coords[t, 1]),
                pool=tuple(TermWeight(vocab[i], float(topic_term[t, i])) for i in pools[t]),
            )
        )

    # The explorer shows the corpus's most frequent terms when no topic is selected.
    frequent = np.lexsort((np.arange(len(vocab)), -counts))[:POOL_TERMS]
    pool_terms = sorted({i for pool in pools for i in pool} | {int(i) for i in frequent})
    sectors = tuple(
        GroupCount(key, assignment.label(key), sum(key in g for g in doc_sectors))
        for key in by_sector
    )
    years = tuple(
        GroupCount(str(y), str(y), sum(1 for dy in doc_years if dy == y)) for y in year_keys
    )
    selection = tuple(
        SelectionRow(
            k=c.k,
            coherence=c.coherence_mean,
            c_npmi=c.npmi_mean,
            stability=c.stability,
            chosen=c.k == chosen.k,
            diversity=c.diversity,
            quality=c.quality,
            iterations=c.fit.iterations,
            quality_se=c.quality_se,
            bound=c.bound,
        )
        for c in candidates
    )
    model = TopicModel(
        engine=settings.engine,
        k=fit.k,
        seed=fit.seed,
        doc_ids=dtm.ids,
        vocabulary=vocab,
        topic_term=topic_term,
        doc_topic=doc_topic,
        doc_lengths=dtm.doc_lengths,
        term_frequency=counts,
        fitted_topics=tuple(order),
        native_bytes=native,
    )
    result_topics = tuple(topics)
    notices = _warnings(corpus, dtm, chosen, candidates, settings, k_given)
    english = catalogue("en")
    return TopicModelResult(
        engine=settings.engine,
        k=fit.k,
        seed=seed,
        auto=k_given is None,
        topics=result_topics,
        doc_ids=dtm.ids,
        doc_topic=doc_topic,
        coherence_mean=chosen.coherence_mean,
        npmi_mean=chosen.npmi_mean,
        stability=chosen.stability,
        stability_seeds=chosen.seeds if chosen.stability is not None else (),
        selection=selection,
        selection_rule=SELECTION_RULE if k_given is None else f"K fixed at {k_given} (--k)",
        n_records=len(corpus.records),
        excluded=dtm.excluded,
        vocabulary_size=len(vocab),
        tokens=int(counts.sum()),
        min_df=dtm.min_df,
        max_df=dtm.max_df,
        passes=passes,
        term_frequency=tuple((vocab[i], int(counts[i])) for i in pool_terms),
        sectors=sectors,
        years=years,
        warnings=tuple(english.notice(n) for n in notices),
        notices=notices,
        settings=settings,
        iterations=fit.iterations,
        converged=fit.converged,
        priors=PRIORS[settings.engine],
        model=model,
        choice=numbers,  # the numbers behind an automatic K
    )


def _warnings(
    corpus: Corpus,
    dtm: DocTermMatrix,
    chosen: Candidate,
    candidates: Sequence[Candidate],
    settings: TopicSettings,
    k_given: int | None,
) -> tuple[Notice, ...]:
    """The fit's warnings as catalogue notices (`topics.warn.*`; the result also keeps them as
    English sentences)."""
    out = []
    n = dtm.n_docs
    if n < SMALL_CORPUS:
        if chosen.stability is not None:
            out.append(
                Notice.of(
                    "topics.warn.small_stability",
                    n=n,
                    seeds=len(chosen.seeds),
                    stability=f"{chosen.stability:.2f}",
                    top=settings.top_terms,
                )
            )
        else:
            out.append(Notice.of("topics.warn.small_unmeasured", n=n))
    if dtm.excluded:
        shown = ", ".join(dtm.excluded[:5]) + (" …" if len(dtm.excluded) > 5 else "")
        out.append(
            Notice.of(
                "topics.warn.excluded",
                n=len(dtm.excluded),
                records=len(corpus.records),
                shown=shown,
            )
        )
    if n < 10:
        out.append(Notice.of("topics.warn.all_terms", min=10))
    if not chosen.fit.converged:
        unit = "sweeps" if settings.engine == "tomotopy" else "passes"
        out.append(
            Notice.of(
                "topics.warn.not_converged",
                terms={"unit": f"topics.warn.unit.{unit}"},
                iterations=chosen.fit.iterations,
                tolerance=f"{settings.tolerance}",
            )
        )
    if k_given is None and len(candidates) > 1:
        ks = [c.k for c in candidates]
        if chosen.k == max(ks) and max(ks) < settings.k_max:
            out.append(Notice.of("topics.warn.k_corpus_max", k=chosen.k))
        elif chosen.k == max(ks):
            out.append(Notice.of("topics.warn.k_range_max", k=chosen.k))
    return tuple(out)
