"""Every option in one typed place: defaults here, overridden by `kamlit.toml`, then CLI flags.

Each section is a frozen dataclass. `load_settings` reads a TOML file, checks every key, value
type and range, and remembers where each value came from so `kamlit config show` can say it.
Command-line flags are applied with `with_overrides`, whose keyword arguments are typed per
section (`GraphOverrides`, `TopicOverrides`, …), so a misspelt or mistyped override is a type
error, not a silently ignored string.

Every numeric setting carries its allowed range in its field's metadata (`Range`); a value out
of range, negative where it must not be, nan or infinite is a one-line `UsageError` (exit 2)
when the settings load, from a file or from flags.
"""

from __future__ import annotations

import dataclasses
import math
import os
import sys
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypedDict, TypeVar, Union, get_args, get_origin, overload

from kamlit.errors import UsageError, english, located, message, os_reason
from kamlit.i18n import Notice

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

T = TypeVar("T")
C = TypeVar("C", bound=str)

SegmenterChoice = Literal["auto", "jieba", "rjieba"]
DiscoverChoice = Literal["auto", "on", "off"]
EngineChoice = Literal["tomotopy", "gensim", "sklearn"]
WindowChoice = Literal["sentence", "document"]
MeasureChoice = Literal["association", "jaccard", "npmi", "count"]
LangChoice = Literal["auto", "zh", "en"]
FigureFormat = Literal["png", "svg", "pdf"]
# `topics.k`: a whole number of topics (>= 2), or "auto".
TopicCount = Union[int, Literal["auto"]]  # noqa: UP007 - a runtime alias on Python 3.10
# `graph.backbone`: a disparity-filter alpha in (0, 1), "off", or "auto" (on when dense).
Backbone = Union[float, Literal["auto", "off"]]  # noqa: UP007

SEGMENTERS: tuple[SegmenterChoice, ...] = get_args(SegmenterChoice)
ENGINES: tuple[EngineChoice, ...] = get_args(EngineChoice)
WINDOWS: tuple[WindowChoice, ...] = get_args(WindowChoice)
MEASURES: tuple[MeasureChoice, ...] = get_args(MeasureChoice)


@dataclass(frozen=True)
class Range:
    """The values a numeric setting accepts: bounds, each inclusive unless marked open."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    def contains(self, value: float) -> bool:
        """Whether `value` is finite and within the bounds."""
        if not math.isfinite(value):
            return False
        if self.low is not None and (value <= self.low if self.low_open else value < self.low):
            return False
        return self.high is None or (value < self.high if self.high_open else value <= self.high)

    def describe(self, *, whole: bool) -> str:
        """E.g. 'a whole number >= 2', 'a number between 0 and 1', 'a number > 0 and <= 1'."""
        return english(self.notice(whole=whole))

    def notice(self, *, whole: bool) -> Notice:
        """`describe` as a catalogue message, for the error in either language."""
        kind = message("range.whole" if whole else "range.number")
        low, high = self.low, self.high
        if low is not None and high is not None and not (self.low_open or self.high_open):
            return message("range.between", kind=kind, low=f"{low:g}", high=f"{high:g}")
        parts = []
        if low is not None:
            parts.append(f"{'>' if self.low_open else '>='} {low:g}")
        if high is not None:
            parts.append(f"{'<' if self.high_open else '<='} {high:g}")
        if len(parts) == 2:
            return message("range.bounds", kind=kind, low=parts[0], high=parts[1])
        if parts:
            return message("range.bound", kind=kind, bound=parts[0])
        return message("range.finite_whole" if whole else "range.finite_number")


def _ranged(
    default: T,
    *,
    at_least: float | None = None,
    above: float | None = None,
    at_most: float | None = None,
    below: float | None = None,
) -> T:
    """A dataclass field with a default and its documented range (checked when loading)."""
    rng = Range(
        low=above if above is not None else at_least,
        high=below if below is not None else at_most,
        low_open=above is not None,
        high_open=below is not None,
    )
    return field(default=default, metadata={"range": rng})


def topic_count(value: object, name: str = "topics.k") -> TopicCount:
    """Read a `topics.k` value: a whole number >= 2 (int or digits), or 'auto'.

    `name` is how the error message calls the setting (the CLI says `--k (topics.k)`).
    """
    if isinstance(value, str):
        text = value.strip().lower()
        if text == "auto":
            return "auto"
        if text.isdigit() and int(text) >= 2:
            return int(text)
    elif isinstance(value, int) and not isinstance(value, bool) and value >= 2:
        return value
    raise UsageError(message("error.topic_count", name=name, value=repr(str(value))))


def backbone_value(value: object, name: str = "graph.backbone") -> Backbone:
    """Read a `graph.backbone` value: 'auto', 'off', or an alpha strictly between 0 and 1."""
    alpha: float | None = None
    if isinstance(value, str):
        text = value.strip().lower()
        if text == "auto":
            return "auto"
        if text == "off":
            return "off"
        try:
            alpha = float(text)
        except ValueError:
            alpha = None
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        alpha = float(value)
    if alpha is not None and math.isfinite(alpha) and 0 < alpha < 1:
        return alpha
    raise UsageError(message("error.backbone", name=name, value=repr(value)))


def pick(value: str, choices: tuple[C, ...], *, name: str) -> C:
    """Return the choice equal to `value` (typed as the choices' Literal), or fail naming it."""
    for choice in choices:
        if value == choice:
            return choice
    options = ", ".join(repr(c) for c in choices)
    raise UsageError(message("error.setting_choice", name=name, value=value, options=options))


@dataclass(frozen=True)
class CacheSettings:
    """Where slow, deterministic results are kept between runs, and whether to use them.

    `dir` empty means the default folder: $KAMLIT_CACHE_DIR when set, else
    $XDG_CACHE_HOME/kamlit, else ~/.cache/kamlit. With `enabled = false` no stage reads or
    stores results there; the folder still keeps facts about the installed packages (jieba's
    dictionary as a look-up table, whether rjieba cuts as jieba does), which hold no input.
    """

    dir: str = ""
    enabled: bool = True


@dataclass(frozen=True)
class IngestSettings:
    """How input files are read."""

    format: str = "auto"
    dedupe: bool = True


@dataclass(frozen=True)
class SegmentSettings:
    """How Chinese text is cut into tokens."""

    # auto: rjieba (jieba-rs, same tokens, many times faster) when installed, else jieba.
    segmenter: SegmenterChoice = "auto"
    user_dicts: tuple[str, ...] = ()  # jieba user-dictionary files: `word [freq] [tag]`
    stopwords: tuple[str, ...] = ()  # one word per line
    synonyms: tuple[str, ...] = ()  # `canonical<TAB>variant…` or `canonical = variant, …`
    # Shorter tokens are dropped unless the domain dictionary has them. >= 1.
    min_length: int = _ranged(2, at_least=1)
    # The records' own author keywords join the dictionary for the run (kamlit.text.vocabulary).
    keywords: bool = True
    # Phrase discovery (cohesion and branching entropy over the corpus): "auto" runs it when
    # no record carries author keywords and there are at least 50 records; "on", "off".
    discover: DiscoverChoice = "auto"
    # A phrase file (one phrase per line, `#` comments): read when it exists and its phrases
    # join the dictionary; "" = none. `kamlit run` writes the phrases it found to
    # `phrases.txt` in the run folder, ready to review and name here.
    phrases: str = ""


@dataclass(frozen=True)
class TopicSettings:
    """LDA topic modelling: engine, number of topics, vocabulary filter and model selection."""

    # tomotopy (Gibbs sampling in C++, the fastest; measured in benchmarks/bench_topics.py),
    # gensim or sklearn (variational Bayes).
    engine: EngineChoice = "tomotopy"
    # A whole number of topics (>= 2), or "auto" to sweep k_min..min(k_max, documents // 2).
    k: TopicCount = field(default="auto", metadata={"parse": topic_count})
    k_min: int = _ranged(2, at_least=2)
    k_max: int = _ranged(12, at_least=2)  # and >= k_min
    # Vocabulary: a term must occur in at least min_df documents (an absolute count >= 1,
    # lowered to 1 when the corpus has fewer than 10 documents, where 2 would leave almost
    # nothing) and in at most max_df of them (a fraction in (0, 1]: words in nearly every
    # abstract tell topics apart no better than stopwords); only the max_terms (>= 1) most
    # frequent terms are kept.
    min_df: int = _ranged(2, at_least=1)
    max_df: float = _ranged(0.5, above=0, at_most=1)
    max_terms: int = _ranged(10000, at_least=1)
    # Training effort. `passes` is the budget: Gibbs sweeps for tomotopy, passes over the
    # corpus for gensim (`passes`) and scikit-learn (`max_iter`); 0 = automatic: 1,000 sweeps
    # for tomotopy, and 20,000 document visits in all within 5..50 passes for gensim and 5..30
    # for scikit-learn (kamlit.topics.build). Every fit stops earlier once it converges: when
    # its per-word log-likelihood (or variational bound) improves by less than `tolerance`
    # (a fraction, in (0, 1)) of its size between checks (kamlit.topics.model).
    # `iterations` bounds the per-document inner loop (gensim `iterations`, scikit-learn
    # `max_doc_update_iter`; >= 1).
    passes: int = _ranged(0, at_least=0)
    tolerance: float = _ranged(0.001, above=0, below=1)
    iterations: int = _ranged(50, at_least=1)
    # Stability: the model is refit with this many seeds (seed, seed+1, …) and the top terms
    # of the runs are compared; 1 turns the check off.
    stability_runs: int = _ranged(3, at_least=1)
    top_terms: int = _ranged(10, at_least=1)
    top_records: int = _ranged(5, at_least=0)


@dataclass(frozen=True)
class GraphSettings:
    """The concept co-occurrence graph."""

    window: WindowChoice = "sentence"
    measure: MeasureChoice = "association"
    top: int = _ranged(150, at_least=1)  # candidate nodes: the most frequent concept terms
    # Co-occurrences an edge needs; 0 = auto (2, or 3 from 10,000 units).
    min_count: int = _ranged(0, at_least=0)
    # Disparity-filter alpha in (0, 1) such as 0.05, "off", or "auto" (on when dense).
    backbone: Backbone = field(default="auto", metadata={"parse": backbone_value})
    resolution: float = _ranged(1.0, above=0)  # Louvain resolution, > 0
    # Betweenness is exact while nodes x edges <= budget, else sampled from budget // edges
    # pivot nodes (at least 50), seeded. >= 1.
    betweenness_budget: int = _ranged(2_000_000, at_least=1)


@dataclass(frozen=True)
class SectorSettings:
    """Sector lexicons (the shipped ones plus the user's own files) and how cues are scored."""

    lexicons: tuple[str, ...] = ()
    # A record gets every sector scoring at least `min_score` (>= 0) and `share` (0..1) x the
    # best score.
    share: float = _ranged(0.5, at_least=0, at_most=1)
    min_score: float = _ranged(1.0, at_least=0)
    # A cue in the title or keywords counts this many times a cue in the abstract (>= 0).
    title_weight: float = _ranged(2.0, at_least=0)
    # Publishing in one of a sector's journals scores this much (>= 0).
    journal_weight: float = _ranged(5.0, at_least=0)


@dataclass(frozen=True)
class SummarizeSettings:
    """Per-sector digests of recommended practices (see kamlit.summarize)."""

    max_practices: int = _ranged(12, at_least=1)
    # Up to this many quotes per practice, one per record.
    max_evidence: int = _ranged(3, at_least=1)
    # Cue files added to the shipped data/practice_cues.toml, and concept files added to
    # data/practice_concepts.toml (words that name one practice, for grouping).
    cues: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()
    # A clause window is a statement when its cue score reaches this (>= 0).
    min_score: float = _ranged(3.0, at_least=0)
    # Statements are grouped while their average cosine similarity stays at least this (0..1).
    similarity: float = _ranged(0.4, at_least=0, at_most=1)
    # MMR: weight of relevance against redundancy (0..1); practices this similar (0..1) to a
    # chosen one are dropped as near-duplicates.
    mmr_lambda: float = _ranged(0.7, at_least=0, at_most=1)
    duplicate: float = _ranged(0.6, at_least=0, at_most=1)
    # Practices of two sectors at least this similar (0..1) count as shared.
    compare_similarity: float = _ranged(0.5, at_least=0, at_most=1)
    # Grouping needs memory quadratic in a sector's statements: above this many, only the
    # ones with the strongest cues are grouped (and the digest says so).
    max_statements: int = _ranged(3000, at_least=1)
    max_statement_chars: int = _ranged(60, at_least=1)
    max_quote_chars: int = _ranged(120, at_least=1)
    # Fewer records than this in a sector: the digest says to read it with care (>= 0).
    few_records: int = _ranged(5, at_least=0)
    # Fewer records than this in a sector (>= 1): the digest says so and lists no practice.
    min_records: int = _ranged(1, at_least=1)
    # A practice's name is a phrase of its statement of at most this many characters.
    max_name_chars: int = _ranged(40, at_least=8)


@dataclass(frozen=True)
class ReportSettings:
    """The language of the pages and the format of the figures a run writes."""

    # "zh" or "en"; "auto" takes the locale ($LC_ALL, $LC_MESSAGES, $LANG): Chinese when it
    # starts with "zh", else English. `kamlit run` records the resolved language.
    lang: LangChoice = "auto"
    # Figures for papers: PNG at 300 dpi always (the pages show it), plus SVG or PDF (fonts
    # embedded, Chinese included) when chosen.
    figure_format: FigureFormat = "png"


@dataclass(frozen=True)
class Settings:
    """The effective settings of a run."""

    # numpy and gensim take seeds from 0 to 2**32 - 1.
    seed: int = _ranged(42, at_least=0, at_most=2**32 - 1)
    cache: CacheSettings = field(default_factory=CacheSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    segment: SegmentSettings = field(default_factory=SegmentSettings)
    topics: TopicSettings = field(default_factory=TopicSettings)
    graph: GraphSettings = field(default_factory=GraphSettings)
    sectors: SectorSettings = field(default_factory=SectorSettings)
    summarize: SummarizeSettings = field(default_factory=SummarizeSettings)
    report: ReportSettings = field(default_factory=ReportSettings)


# ---------------------------------------------------------------- typed overrides
# One TypedDict per section, key for key and type for type the section's fields (a test holds
# them equal), so mypy checks every override the command line builds.


class CacheOverrides(TypedDict, total=False):
    """Overrides of `CacheSettings`."""

    dir: str
    enabled: bool


class IngestOverrides(TypedDict, total=False):
    """Overrides of `IngestSettings`."""

    format: str
    dedupe: bool


class SegmentOverrides(TypedDict, total=False):
    """Overrides of `SegmentSettings`."""

    segmenter: SegmenterChoice
    user_dicts: tuple[str, ...]
    stopwords: tuple[str, ...]
    synonyms: tuple[str, ...]
    min_length: int
    keywords: bool
    discover: DiscoverChoice
    phrases: str


class TopicOverrides(TypedDict, total=False):
    """Overrides of `TopicSettings`."""

    engine: EngineChoice
    k: TopicCount
    k_min: int
    k_max: int
    min_df: int
    max_df: float
    max_terms: int
    passes: int
    tolerance: float
    iterations: int
    stability_runs: int
    top_terms: int
    top_records: int


class GraphOverrides(TypedDict, total=False):
    """Overrides of `GraphSettings`."""

    window: WindowChoice
    measure: MeasureChoice
    top: int
    min_count: int
    backbone: Backbone
    resolution: float
    betweenness_budget: int


class SectorOverrides(TypedDict, total=False):
    """Overrides of `SectorSettings`."""

    lexicons: tuple[str, ...]
    share: float
    min_score: float
    title_weight: float
    journal_weight: float


class SummarizeOverrides(TypedDict, total=False):
    """Overrides of `SummarizeSettings`."""

    max_practices: int
    max_evidence: int
    cues: tuple[str, ...]
    concepts: tuple[str, ...]
    min_score: float
    similarity: float
    mmr_lambda: float
    duplicate: float
    compare_similarity: float
    max_statements: int
    max_statement_chars: int
    max_quote_chars: int
    few_records: int
    min_records: int
    max_name_chars: int


class ReportOverrides(TypedDict, total=False):
    """Overrides of `ReportSettings`."""

    lang: LangChoice
    figure_format: FigureFormat


# Section name -> (its settings class, its overrides TypedDict).
SECTIONS: dict[str, tuple[type, type]] = {
    "cache": (CacheSettings, CacheOverrides),
    "ingest": (IngestSettings, IngestOverrides),
    "segment": (SegmentSettings, SegmentOverrides),
    "topics": (TopicSettings, TopicOverrides),
    "graph": (GraphSettings, GraphOverrides),
    "sectors": (SectorSettings, SectorOverrides),
    "summarize": (SummarizeSettings, SummarizeOverrides),
    "report": (ReportSettings, ReportOverrides),
}
COMMAND_LINE = "command line"


@dataclass(frozen=True)
class LoadedSettings:
    """Settings plus where each dotted key's value came from (default, a file, or a flag).

    `notes` are one-line remarks on the settings file, such as a deprecated key that was read
    (in English; `notices` holds the same remarks as catalogue messages, for the terminal).
    """

    settings: Settings
    origins: Mapping[str, str]
    notes: tuple[str, ...] = ()
    notices: tuple[Notice, ...] = ()


def default_cache_dir() -> Path:
    """Return the default of `cache.dir`: $KAMLIT_CACHE_DIR, else $XDG_CACHE_HOME/kamlit,
    else ~/.cache/kamlit."""
    env = os.environ.get("KAMLIT_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "kamlit"


def cache_dir(settings: Settings) -> Path:
    """Return the cache folder these settings name (an empty `cache.dir` means the default)."""
    return Path(settings.cache.dir) if settings.cache.dir else default_cache_dir()


CONFIG_NAME = "kamlit.toml"
# Settings that name files or folders; relative values in a settings file are read relative
# to that file's folder, so a project's kamlit.toml works from any working directory.
PATH_SETTINGS = frozenset(
    {
        "cache.dir",
        "segment.user_dicts",
        "segment.stopwords",
        "segment.synonyms",
        "segment.phrases",
        "sectors.lexicons",
        "summarize.cues",
        "summarize.concepts",
    }
)
# Deprecated keys still read from settings files: old dotted key -> the key it now sets.
ALIASES: dict[str, str] = {
    "cache_dir": "cache.dir",
    "segment.cache": "cache.enabled",
}


def find_config(folder: str | Path = ".") -> Path | None:
    """Return `kamlit.toml` in the folder when it exists (the settings file read by default)."""
    path = Path(folder) / CONFIG_NAME
    return path if path.is_file() else None


def load_settings(config: str | Path | None = None) -> LoadedSettings:
    """Read the defaults, then `config` (TOML): every key, type and range checked.

    Command-line values are applied afterwards with `with_overrides`.
    """
    origins: dict[str, str] = {key: "default" for key in _leaf_keys(Settings)}
    data: dict[str, Any] = {}
    notes: list[Notice] = []
    source = "settings"
    if config is not None:
        path = Path(config)
        source = str(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise UsageError(
                message("error.settings_unreadable", reason=os_reason(exc)), path=path
            ) from exc
        try:
            data = tomllib.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(message("error.not_toml", error=str(exc)), path=path) from exc
        notes.extend(_apply_aliases(data, source=source))
        for key in _flatten(data):
            origins[key] = source
        _resolve_paths(data, base=path.parent)
    settings = _build(Settings, data, prefix="", source=source)
    _check_relations(settings, source=source)
    notes_en = tuple(english(n) for n in notes)
    return LoadedSettings(settings=settings, origins=origins, notes=notes_en, notices=tuple(notes))


@overload
def with_overrides(
    loaded: LoadedSettings,
    *,
    seed: int | None = None,
    cache: CacheOverrides | None = None,
    ingest: IngestOverrides | None = None,
    segment: SegmentOverrides | None = None,
    topics: TopicOverrides | None = None,
    graph: GraphOverrides | None = None,
    sectors: SectorOverrides | None = None,
    summarize: SummarizeOverrides | None = None,
    report: ReportOverrides | None = None,
) -> LoadedSettings: ...


@overload
def with_overrides(
    loaded: Settings,
    *,
    seed: int | None = None,
    cache: CacheOverrides | None = None,
    ingest: IngestOverrides | None = None,
    segment: SegmentOverrides | None = None,
    topics: TopicOverrides | None = None,
    graph: GraphOverrides | None = None,
    sectors: SectorOverrides | None = None,
    summarize: SummarizeOverrides | None = None,
    report: ReportOverrides | None = None,
) -> Settings: ...


def with_overrides(
    loaded: LoadedSettings | Settings,
    *,
    seed: int | None = None,
    cache: CacheOverrides | None = None,
    ingest: IngestOverrides | None = None,
    segment: SegmentOverrides | None = None,
    topics: TopicOverrides | None = None,
    graph: GraphOverrides | None = None,
    sectors: SectorOverrides | None = None,
    summarize: SummarizeOverrides | None = None,
    report: ReportOverrides | None = None,
) -> LoadedSettings | Settings:
    """Return the settings with command-line values applied (`dataclasses.replace`).

    Each section's overrides are typed (`GraphOverrides`, …); a key left out, and `seed=None`,
    keeps the current value. Values are checked exactly as a settings file's (choices, types,
    ranges), and their origin becomes "command line".
    """
    plain = isinstance(loaded, Settings)
    current = loaded if isinstance(loaded, Settings) else loaded.settings
    origins = {} if isinstance(loaded, Settings) else dict(loaded.origins)
    top: dict[str, Any] = {}
    if seed is not None:
        top["seed"] = _checked(Settings, "seed", seed, prefix="", source=None)
        origins["seed"] = COMMAND_LINE
    given: dict[str, Mapping[str, Any] | None] = {
        "cache": cache,
        "ingest": ingest,
        "segment": segment,
        "topics": topics,
        "graph": graph,
        "sectors": sectors,
        "summarize": summarize,
        "report": report,
    }
    for name, values in given.items():
        if not values:
            continue
        cls = SECTIONS[name][0]
        names = {f.name for f in dataclasses.fields(cls)}
        changes: dict[str, Any] = {}
        for key, value in values.items():
            if key not in names:
                raise UsageError(message("error.unknown_setting", name=f"{name}.{key}"))
            changes[key] = _checked(cls, key, value, prefix=f"{name}.", source=None)
            origins[f"{name}.{key}"] = COMMAND_LINE
        top[name] = dataclasses.replace(getattr(current, name), **changes)
    settings = dataclasses.replace(current, **top)
    _check_relations(settings, source=None)
    if plain:
        return settings
    assert isinstance(loaded, LoadedSettings)
    return LoadedSettings(
        settings=settings, origins=origins, notes=loaded.notes, notices=loaded.notices
    )


def _apply_aliases(data: dict[str, Any], *, source: str) -> list[Notice]:
    """Move deprecated keys of a settings file to their new place; one note per key."""
    notes: list[Notice] = []
    for old, new in ALIASES.items():
        *old_parents, old_leaf = old.split(".")
        node: Any = data
        for part in old_parents:
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict) or old_leaf not in node:
            continue
        value = node.pop(old_leaf)
        if old_parents and not node:
            _drop_empty(data, old_parents)
        new_section, new_leaf = new.split(".")
        section = data.setdefault(new_section, {})
        if not isinstance(section, dict):
            continue  # `_build` reports the section that is not a table
        if new_leaf in section:
            notes.append(located(source, message("note.alias_ignored", old=old, new=new)))
        else:
            section[new_leaf] = value
            read = message("note.alias_read", old=old, new=new, section=new_section)
            notes.append(located(source, read))
    return notes


def _drop_empty(data: dict[str, Any], parents: list[str]) -> None:
    node: Any = data
    for part in parents[:-1]:
        node = node[part]
    if node.get(parents[-1]) == {}:
        del node[parents[-1]]


def _check_relations(settings: Settings, *, source: str | None) -> None:
    """Checks that involve two settings."""
    t = settings.topics
    if t.k_max < t.k_min:
        raise UsageError(message("error.k_max", k_max=t.k_max, k_min=t.k_min), path=source)


def _resolve_paths(data: dict[str, Any], *, base: Path) -> None:
    """Make relative path settings of a settings file relative to its folder."""

    def resolve(value: Any) -> Any:
        if isinstance(value, str) and value and not Path(value).is_absolute():
            return str(base / value)
        if isinstance(value, list):
            return [resolve(v) for v in value]
        return value

    for dotted in PATH_SETTINGS:
        *parents, leaf = dotted.split(".")
        node: Any = data
        for part in parents:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict) and leaf in node:
            node[leaf] = resolve(node[leaf])


def settings_to_dict(settings: Any) -> dict[str, Any]:
    """Return the settings as plain JSON/TOML-friendly data (tuples become lists)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(settings):
        value = getattr(settings, f.name)
        if dataclasses.is_dataclass(value):
            out[f.name] = settings_to_dict(value)
        elif isinstance(value, tuple):
            out[f.name] = list(value)
        else:
            out[f.name] = value
    return out


def flat_settings(settings: Settings) -> dict[str, Any]:
    """Return `{dotted key: value}` for every leaf setting."""
    return _flatten(settings_to_dict(settings))


def setting_ranges() -> dict[str, Range]:
    """Return `{dotted key: Range}` for every numeric setting with a documented range."""
    out: dict[str, Range] = {}

    def walk(cls: type, prefix: str) -> None:
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            if dataclasses.is_dataclass(hints[f.name]):
                walk(hints[f.name], f"{prefix}{f.name}.")
            elif "range" in f.metadata:
                out[f"{prefix}{f.name}"] = f.metadata["range"]

    walk(Settings, "")
    return out


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, dotted + "."))
        else:
            out[dotted] = value
    return out


def _leaf_keys(cls: type, prefix: str = "") -> list[str]:
    hints = typing.get_type_hints(cls)
    keys: list[str] = []
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        if dataclasses.is_dataclass(hint):
            keys.extend(_leaf_keys(hint, f"{prefix}{f.name}."))  # type: ignore[arg-type]
        else:
            keys.append(f"{prefix}{f.name}")
    return keys


def _build(cls: type, data: Any, *, prefix: str, source: str) -> Any:
    where: str | Notice = prefix.rstrip(".") or message("error.top_level")
    if not isinstance(data, Mapping):
        raise UsageError(message("error.not_table", where=where, value=repr(data)), path=source)
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    for key in data:
        if key not in names:
            known = ", ".join(sorted(names))
            raise UsageError(
                message("error.unknown_setting_here", name=f"{prefix}{key}", known=known),
                path=source,
            )
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        hint = hints[f.name]
        value = data[f.name]
        if dataclasses.is_dataclass(hint):
            kwargs[f.name] = _build(hint, value, prefix=f"{prefix}{f.name}.", source=source)  # type: ignore[arg-type]
        else:
            kwargs[f.name] = _checked(cls, f.name, value, prefix=prefix, source=source)
    return cls(**kwargs)


def _checked(cls: type, name: str, value: Any, *, prefix: str, source: str | None) -> Any:
    """Read one value of a section field: its parser, or its type then its range."""
    f = next(f for f in dataclasses.fields(cls) if f.name == name)
    key = f"{prefix}{name}"
    parse = f.metadata.get("parse")
    if parse is not None:
        try:
            return parse(value, key)
        except UsageError as exc:
            raise UsageError(exc.notice, path=source) from None
    hint = typing.get_type_hints(cls)[name]
    result = _coerce(value, hint, key=key, source=source)
    rng: Range | None = f.metadata.get("range")
    if rng is not None and not rng.contains(result):
        what = rng.notice(whole=hint is int)
        raise UsageError(
            message("error.setting_range", name=key, value=repr(value), what=what), path=source
        )
    return result


def _coerce(value: Any, hint: Any, *, key: str, source: str | None) -> Any:
    origin = get_origin(hint)
    args = get_args(hint)
    if origin is Literal:
        if value not in args:
            choices = ", ".join(repr(a) for a in args)
            raise UsageError(
                message("error.setting_choice", name=key, value=value, options=choices),
                path=source,
            )
        return value
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors: list[Notice] = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _coerce(value, arg, key=key, source=source)
            except UsageError as exc:
                errors.append(exc.notice)
        bad = errors[-1] if errors else message("error.setting_bad", name=key)
        raise UsageError(bad, path=source)
    if origin is tuple:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)):
            raise UsageError(
                message("error.setting_list", name=key, value=repr(value)), path=source
            )
        inner = args[0] if args else str
        return tuple(_coerce(v, inner, key=key, source=source) for v in value)
    if hint is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {"true", "false", "yes", "no", "1", "0"}:
            return value.lower() in {"true", "yes", "1"}
        raise UsageError(message("error.setting_bool", name=key, value=repr(value)), path=source)
    if hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
            return int(value)
        raise UsageError(message("error.setting_int", name=key, value=repr(value)), path=source)
    if hint is float:
        if isinstance(value, bool):
            raise UsageError(
                message("error.setting_number", name=key, value=repr(value)), path=source
            )
        try:
            return float(value)
        except (TypeError, ValueError):
            raise UsageError(
                message("error.setting_number", name=key, value=repr(value)), path=source
            ) from None
    if hint is str:
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise UsageError(
                message("error.setting_string", name=key, value=repr(value)), path=source
            )
        return str(value)
    return value
