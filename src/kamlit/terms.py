"""Term statistics of a segmented corpus: frequency, document frequency, TF-IDF, and the terms
most distinctive of each group of records (sector, year or journal).

Distinctiveness is the weighted log-odds ratio with an informative Dirichlet prior of Monroe,
Colaresi and Quinn (2008, "Fightin' words", Political Analysis 16(4), eqs. 16-22), comparing
each group i with the rest of the corpus j:

    delta_w = log((y_wi + a_w) / (n_i + a0 - y_wi - a_w))
            - log((y_wj + a_w) / (n_j + a0 - y_wj - a_w))
    var_w   = 1 / (y_wi + a_w) + 1 / (y_wj + a_w)
    z_w     = delta_w / sqrt(var_w)

y_wi is the count of term w in group i, n_i the number of tokens in group i (likewise for j),
and the prior a_w = a0 * y_w / n is the term's share of the whole corpus scaled to a0 pseudo-
tokens (a0 = n by default: the corpus itself is the background, as in Monroe et al.). The
score reported is the z-score; a term scores high when a group uses it more than the rest
beyond what its overall frequency and the sample size explain.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from scipy import sparse

from kamlit.errors import UsageError, message
from kamlit.text import Corpus

if TYPE_CHECKING:
    from kamlit.corpus import PreparedCorpus
    from kamlit.sectors import SectorAssignment

GroupBy = Literal["sector", "year", "journal"]
GROUP_BY: tuple[str, ...] = ("sector", "year", "journal")
TERMS_SCHEMA = 1  # version of the to_dict() form (terms.json, `kamlit terms --json`)


@dataclass(frozen=True)
class TermStat:
    """Corpus-wide figures of one term."""

    term: str
    freq: int  # occurrences
    df: int  # documents containing it
    tfidf: float  # freq * idf, idf = ln((1 + N) / (1 + df)) + 1 (smoothed, as scikit-learn)


@dataclass(frozen=True)
class ScoredTerm:
    """A term's weighted log-odds of one group against the rest of the corpus."""

    term: str
    score: float  # z-score of the log-odds ratio
    delta: float  # the log-odds ratio itself
    count: int  # occurrences in the group


@dataclass(frozen=True)
class GroupTerms:
    """The most distinctive terms of one group, best first."""

    group: str
    label: str
    documents: int
    tokens: int
    terms: tuple[ScoredTerm, ...]


@dataclass(frozen=True)
class TermsResult:
    """Term figures of a corpus and, when grouped, each group's distinctive terms."""

    documents: int
    tokens: int
    terms: tuple[TermStat, ...]  # most frequent first
    by: str | None
    groups: tuple[GroupTerms, ...]
    ungrouped: tuple[str, ...]  # ids of records without a value for `by`
    prior: float  # a0, the prior's total pseudo-count

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the README ({"terms": [...], "by": {group: [...]}}), with
        the figures needed to rebuild the result (`from_dict`) and a schema key."""
        from kamlit.codec import schema_tag

        return {
            "schema": schema_tag("terms", TERMS_SCHEMA),
            "terms": [
                {"term": t.term, "freq": t.freq, "df": t.df, "tfidf": t.tfidf} for t in self.terms
            ],
            "by": {
                g.group: [
                    {"term": t.term, "score": t.score, "delta": t.delta, "count": t.count}
                    for t in g.terms
                ]
                for g in self.groups
            },
            "documents": self.documents,
            "tokens": self.tokens,
            "prior": self.prior,
            "group_by": self.by,
            "groups": [
                {"group": g.group, "label": g.label, "documents": g.documents, "tokens": g.tokens}
                for g in self.groups
            ],
            "ungrouped": list(self.ungrouped),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TermsResult:
        """Rebuild a result from `to_dict()` data; raises InputError for a newer schema and
        KeyError/ValueError/DecodeError when malformed."""
        from kamlit.codec import check_schema, from_plain

        check_schema(data, "terms", TERMS_SCHEMA)
        by = data.get("by") or {}
        meta = {g["group"]: g for g in data.get("groups") or ()}
        order = list(meta) or list(by)
        return cls(
            documents=int(data.get("documents", 0)),
            tokens=int(data.get("tokens", 0)),
            terms=from_plain(tuple[TermStat, ...], data["terms"], where="terms"),
            by=data.get("group_by", "sector" if by else None),
            groups=tuple(
                GroupTerms(
                    group=key,
                    label=str(meta.get(key, {}).get("label", key)),
                    documents=int(meta.get(key, {}).get("documents", 0)),
                    tokens=int(meta.get(key, {}).get("tokens", 0)),
                    terms=tuple(
                        ScoredTerm(
                            term=str(t["term"]),
                            score=float(t["score"]),
                            delta=float(t.get("delta", 0.0)),
                            count=int(t.get("count", 0)),
                        )
                        for t in by.get(key, ())
                    ),
                )
                for key in order
            ),
            ungrouped=tuple(str(i) for i in data.get("ungrouped") or ()),
            prior=float(data.get("prior", 0.0)),
        )


def count_terms(
    prepared: PreparedCorpus,
    *,
    by: str | None = None,
    top: int = 30,
    prior_scale: float = 1.0,
) -> TermsResult:
    """Count terms of the prepared corpus' tokens and, with `by`, find each group's
    distinctive terms (by sector: the prepared corpus's sector assignment)."""
    corpus = prepared.corpus
    if top < 1:
        raise UsageError(message("error.terms_top", top=top))
    if by is not None and by not in GROUP_BY:
        raise UsageError(message("error.terms_by", by=repr(by), options=", ".join(GROUP_BY)))
    if prior_scale <= 0:
        raise UsageError(message("error.terms_prior", scale=prior_scale))
    terms, matrix = _count_matrix(corpus)
    n_docs = matrix.shape[0]
    freqs: list[int] = np.asarray(matrix.sum(axis=0, dtype=np.int64)).ravel().tolist()
    dfs: list[int] = np.bincount(matrix.indices, minlength=len(terms)).tolist()
    stats = [
        TermStat(term, freq, df, round(freq * _idf(n_docs, df), 6))
        for term, freq, df in zip(terms, freqs, dfs, strict=True)
    ]
    stats.sort(key=lambda s: (-s.freq, -s.df, s.term))
    n_tokens = sum(freqs)
    alpha0 = prior_scale * n_tokens
    groups: list[GroupTerms] = []
    ungrouped: tuple[str, ...] = ()
    if by is not None and n_tokens:
        members, labels, ungrouped = _groups(corpus, by, prepared.sectors)
        # Every group is scored over all terms in the same (sorted) order.
        order = sorted(range(len(terms)), key=terms.__getitem__)
        ordered_terms = [terms[i] for i in order]
        background = [freqs[i] for i in order]
        by_column = matrix.T  # term x document, a view: a group's counts are one product
        for key in sorted(members):
            rows = np.zeros(n_docs, dtype=np.int64)
            rows[members[key]] = 1
            counts = np.asarray(by_column @ rows).ravel()
            inside: list[int] = counts[order].tolist()
            n_inside = sum(inside)
            best = sorted(
                _log_odds(
                    ordered_terms,
                    background,
                    inside,
                    n_tokens,
                    n_inside,
                    n_tokens - n_inside,
                    alpha0=alpha0,
                    positive=True,
                ),
                key=lambda s: (-s.score, s.term),
            )[:top]
            groups.append(
                GroupTerms(
                    group=key,
                    label=labels.get(key, key),
                    documents=len(members[key]),
                    tokens=n_inside,
                    terms=tuple(best),
                )
            )
    return TermsResult(
        documents=n_docs,
        tokens=n_tokens,
        terms=tuple(stats[:top]),
        by=by,
        groups=tuple(groups),
        ungrouped=ungrouped,
        prior=alpha0,
    )


def log_odds_dirichlet(
    group: Mapping[str, int],
    rest: Mapping[str, int],
    background: Mapping[str, int],
    *,
    alpha0: float,
) -> list[ScoredTerm]:
    """Monroe et al.'s weighted log-odds ratio of `group` against `rest`, for every term of
    `background`, with the informative Dirichlet prior a_w = alpha0 * background share."""
    if len(background) < 2:  # one term only: nothing to contrast it with
        return []
    terms = sorted(background)
    counts = [background[t] for t in terms]
    inside = [group.get(t, 0) for t in terms]
    outside = [rest.get(t, 0) for t in terms]
    return _log_odds(
        terms,
        counts,
        inside,
        sum(background.values()),
        sum(group.values()),
        sum(rest.values()),
        alpha0=alpha0,
        outside=outside,
    )


def _log_odds(
    terms: list[str],
    background: list[int],
    inside: list[int],
    n_background: int,
    n_i: int,
    n_j: int,
    *,
    alpha0: float,
    outside: list[int] | None = None,
    positive: bool = False,
) -> list[ScoredTerm]:
    """The log-odds of `log_odds_dirichlet` over aligned lists: each term's count in the
    background, in the group and (default: background minus group) in the rest; with
    `positive`, only the terms scoring above zero."""
    if len(terms) < 2:
        return []
    rest = (
        outside if outside is not None else [b - i for b, i in zip(background, inside, strict=True)]
    )
    out = []
    log = math.log
    sqrt = math.sqrt
    for term, count, y_i, y_j in zip(terms, background, inside, rest, strict=True):
        a_w = alpha0 * count / n_background
        delta = log((y_i + a_w) / (n_i + alpha0 - y_i - a_w)) - log(
            (y_j + a_w) / (n_j + alpha0 - y_j - a_w)
        )
        variance = 1.0 / (y_i + a_w) + 1.0 / (y_j + a_w)
        score = round(delta / sqrt(variance), 6)
        if positive and not score > 0:
            continue
        out.append(ScoredTerm(term=term, score=score, delta=round(delta, 6), count=y_i))
    return out


def _idf(n_docs: int, df: int) -> float:
    return math.log((1 + n_docs) / (1 + df)) + 1.0


class _Index(dict[str, int]):
    """Term -> column, a new term getting the next column on its first look-up."""

    def __missing__(self, term: str) -> int:
        column = self[term] = len(self)
        return column


# Documents counted at a time: bounds the per-token arrays of one step.
_BLOCK = 4096


def _count_matrix(corpus: Corpus) -> tuple[list[str], sparse.csr_matrix]:
    """The terms (in order of first occurrence) and the document x term count matrix.

    One vocabulary index and sparse counts: per token only a column number of a block of
    documents is held at a time, per document only its distinct terms' counts.
    """
    index = _Index()
    column = index.__getitem__
    data: list[np.ndarray] = []
    indices: list[np.ndarray] = []
    indptr: list[np.ndarray] = [np.zeros(1, dtype=np.int64)]
    documents = corpus.documents
    stored = 0
    for start in range(0, len(documents), _BLOCK):
        block = documents[start : start + _BLOCK]
        lengths = [sum(len(s.tokens) for s in d.sentences) for d in block]
        columns = np.fromiter(
            map(column, chain.from_iterable(s.tokens for d in block for s in d.sentences)),
            dtype=np.int32,
            count=sum(lengths),
        )
        rows = np.repeat(np.arange(len(block), dtype=np.int32), lengths)
        counts = sparse.csr_matrix(
            (np.ones(len(columns), dtype=np.int32), (rows, columns)),
            shape=(len(block), len(index)),
        )
        counts.sum_duplicates()
        data.append(counts.data)
        indices.append(counts.indices.astype(np.int32, copy=False))
        indptr.append(counts.indptr[1:].astype(np.int64) + stored)
        stored += counts.nnz
    matrix = sparse.csr_matrix(
        (
            np.concatenate(data) if data else np.zeros(0, dtype=np.int32),
            np.concatenate(indices) if indices else np.zeros(0, dtype=np.int32),
            np.concatenate(indptr),
        ),
        shape=(len(documents), len(index)),
    )
    return list(index), matrix


def _groups(
    corpus: Corpus, by: str, assignment: SectorAssignment
) -> tuple[dict[str, list[int]], dict[str, str], tuple[str, ...]]:
    """Return group -> document positions, group labels, and ids of ungrouped records."""
    members: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    ungrouped: list[str] = []
    if by == "sector":
        for i, item in enumerate(assignment.records):
            for key in item.sectors:
                members.setdefault(key, []).append(i)
                labels[key] = assignment.label(key)
        return members, labels, ()
    for i, record in enumerate(corpus.records):
        value = record.year if by == "year" else record.journal
        if value is None or value == "":
            ungrouped.append(record.id)
            continue
        members.setdefault(str(value), []).append(i)
    return members, labels, tuple(ungrouped)


def terms_csv(result: TermsResult) -> str:
    """The corpus-wide term table as CSV (term, freq, df, tfidf), most frequent first.

    UTF-8 with a byte-order mark, as every CSV kamlit writes (`kamlit.tables`).
    """
    from kamlit.tables import csv_text, header

    rows = ((t.term, t.freq, t.df, f"{t.tfidf:.6f}") for t in result.terms)
    return csv_text(header("terms/terms.csv"), rows)


@dataclass(frozen=True)
class VocabularyWord:
    """One word the corpus added to the dictionary, and how the segmentation treated it.

    `origin`: "keyword" (an author keyword), "phrase" (from the phrase file), "discovered"
    (found in the corpus's text, `kamlit.text.discover`), "synonym" (an abbreviation or
    English name the records give beside a term, mapped to it: `maps_to` holds the term) or
    "ambiguous" (given beside several terms, `maps_to`, so not mapped; a keyword that is
    such a variant keeps its origin and shows `maps_to` too); `known`: where
    the dictionaries already had it ("kamlit": the domain dictionary or the user's files,
    "jieba": jieba's dictionary, "": new, so this corpus alone added it); `records`: records
    whose keywords list it; `abstracts`: abstracts that contain it verbatim; `whole`: of
    those, how many have it as one token (a synonym: its term). A word with a Latin letter
    or digit at an edge occurs only as a word of its own (ar is not in learning).
    """

    word: str
    origin: str
    known: str
    records: int
    abstracts: int
    whole: int
    maps_to: tuple[str, ...] = ()


def vocabulary_report(prepared: PreparedCorpus) -> tuple[VocabularyWord, ...]:
    """The corpus's own vocabulary (`kamlit.text.vocabulary`): which keywords were added,
    which the dictionaries already held, and how often each came out of the cut whole."""
    from kamlit.text.jiebadict import load_jieba_dictionary
    from kamlit.text.lexicon import load_lexicon
    from kamlit.text.normalize import normalize_text
    from kamlit.text.vocabulary import Vocabulary, texts_containing

    corpus = prepared.corpus
    vocabulary = corpus.vocabulary or Vocabulary(keywords=())
    segment = prepared.settings.segment
    files = load_lexicon(
        user_dicts=segment.user_dicts, stopwords=segment.stopwords, synonyms=segment.synonyms
    )
    ours = {e.word for e in files.entries} | set(files.synonyms) | files.domain_terms
    table = load_jieba_dictionary(prepared.segmenter.cache_dir)
    listed: Counter[str] = Counter()
    for record in corpus.records:
        listed.update({normalize_text(k) for k in record.keywords})
    texts = [normalize_text(r.abstract) for r in corpus.records]
    tokens = [set(d.tokens) for d in corpus.documents]
    variants = [s.variant for s in vocabulary.synonyms]
    containing = texts_containing([*vocabulary.words, *variants], texts)
    synonyms = {s.variant: s for s in vocabulary.synonyms}
    out = []
    for word in vocabulary.words:
        known = "kamlit" if word in ours else "jieba" if table.lookup(word) else ""
        having = _as_word(word, containing[word], texts)
        whole = sum(1 for i in having if corpus.lexicon.canonical(word) in tokens[i])
        origin = vocabulary.origin(word)
        # A keyword that is also a variant given beside a term (VR) says what it maps to.
        maps_to = synonyms[word].terms if word in synonyms else ()
        out.append(VocabularyWord(word, origin, known, listed[word], len(having), whole, maps_to))
    for synonym in vocabulary.synonyms:
        word = synonym.variant
        if word in vocabulary.words:
            continue
        known = "kamlit" if word in ours else ""
        having = _as_word(word, containing[word], texts)
        term = synonym.terms[0] if synonym.mapped else None
        whole = sum(1 for i in having if term in tokens[i]) if term else 0
        origin = "synonym" if term else "ambiguous"
        out.append(
            VocabularyWord(
                word, origin, known, listed[word], len(having), whole, maps_to=synonym.terms
            )
        )
    return tuple(out)


def _as_word(word: str, having: list[int], texts: list[str]) -> list[int]:
    """The texts of `having` where `word` occurs as a word: at a Latin letter or digit edge,
    with no other Latin letter or digit beside it."""
    latin = [ch.isascii() and ch.isalnum() for ch in (word[0], word[-1])]
    if not any(latin):
        return having
    pattern = re.compile(
        ("(?<![a-z0-9])" if latin[0] else "")
        + re.escape(word)
        + ("(?![a-z0-9])" if latin[1] else "")
    )
    return [i for i in having if pattern.search(texts[i])]
