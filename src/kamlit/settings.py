"""Every option in one typed place: defaults here, overridden by `kamlit.toml`, then CLI flags.

Each section is a frozen dataclass; `load_settings` reads a TOML file, checks every key and
value type, and remembers where each value came from so `kamlit config show` can say it.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from kamlit.errors import UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


@dataclass(frozen=True)
class IngestSettings:
    """How input files are read."""

    format: str = "auto"
    dedupe: bool = True


@dataclass(frozen=True)
class SegmentSettings:
    """How Chinese text is cut into tokens."""

    # auto: rjieba (jieba-rs, same tokens, many times faster) when installed, else jieba.
    segmenter: Literal["auto", "jieba", "rjieba"] = "auto"
    user_dicts: tuple[str, ...] = ()  # jieba user-dictionary files: `word [freq] [tag]`
    stopwords: tuple[str, ...] = ()  # one word per line
    synonyms: tuple[str, ...] = ()  # `canonical<TAB>variant…` or `canonical = variant, …`
    min_length: int = 2  # shorter tokens are dropped unless the domain dictionary has them
    cache: bool = True  # reuse segmentations stored under the cache folder


@dataclass(frozen=True)
class TopicSettings:
    """LDA topic modelling: engine, number of topics, vocabulary filter and model selection."""

    engine: Literal["gensim", "sklearn"] = "gensim"
    # A whole number of topics, or "auto" to sweep k_min..min(k_max, documents // 2).
    k: str = "auto"
    k_min: int = 2
    k_max: int = 12
    # Vocabulary: a term must occur in at least min_df documents (an absolute count, lowered to
    # 1 when the corpus has fewer than 10 documents, where 2 would leave almost nothing) and in
    # at most max_df of them (a fraction: words in nearly every abstract tell topics apart no
    # better than stopwords); only the max_terms most frequent terms are kept.
    min_df: int = 2
    max_df: float = 0.5
    max_terms: int = 10000
    # Training effort: passes over the corpus (gensim `passes`, scikit-learn `max_iter`; 0 =
    # automatic: 20,000 document visits in all, within 5..50 for gensim and 5..30 for
    # scikit-learn, so 20 abstracts get 50 or 30 passes and 14,400 documents 5; see
    # kamlit.topics.build) and inner iterations per document (gensim `iterations`,
    # scikit-learn `max_doc_update_iter`).
    passes: int = 0
    iterations: int = 50
    # Stability: the model is refit with this many seeds (seed, seed+1, …) and the top terms
    # of the runs are compared; 1 turns the check off.
    stability_runs: int = 3
    top_terms: int = 10
    top_records: int = 5


@dataclass(frozen=True)
class GraphSettings:
    """The concept co-occurrence graph."""

    window: Literal["sentence", "document"] = "sentence"
    measure: Literal["association", "jaccard", "npmi", "count"] = "association"
    top: int = 150  # candidate nodes: the most frequent concept terms
    min_count: int = 0  # co-occurrences an edge needs; 0 = auto (2, or 3 from 10,000 units)
    backbone: str = "auto"  # disparity-filter alpha ("0.05"), "off", or "auto" (on when dense)
    resolution: float = 1.0  # Louvain resolution
    # Betweenness is exact while nodes x edges <= budget, else sampled from budget // edges
    # pivot nodes (at least 50), seeded.
    betweenness_budget: int = 2_000_000


@dataclass(frozen=True)
class SectorSettings:
    """Sector lexicons (the shipped ones plus the user's own files) and how cues are scored."""

    lexicons: tuple[str, ...] = ()
    # A record gets every sector scoring at least `min_score` and `share` x the best score.
    share: float = 0.5
    min_score: float = 1.0
    # A cue in the title or keywords counts this many times a cue in the abstract.
    title_weight: float = 2.0
    # Publishing in one of a sector's journals scores this much.
    journal_weight: float = 5.0


@dataclass(frozen=True)
class SummarizeSettings:
    """Per-sector digests of recommended practices (see kamlit.summarize.practices)."""

    max_practices: int = 12
    # Up to this many quotes per practice, one per record.
    max_evidence: int = 3
    # Cue files added to the shipped data/practice_cues.toml, and concept files added to
    # data/practice_concepts.toml (words that name one practice, for grouping).
    cues: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()
    # A clause window is a statement when its cue score reaches this.
    min_score: float = 3.0
    # Statements are grouped while their average cosine similarity stays at least this.
    similarity: float = 0.4
    # MMR: weight of relevance against redundancy; practices this similar to a chosen one
    # are dropped as near-duplicates.
    mmr_lambda: float = 0.7
    duplicate: float = 0.6
    # Practices of two sectors at least this similar count as shared.
    compare_similarity: float = 0.5
    # Grouping needs memory quadratic in a sector's statements: above this many, only the
    # ones with the strongest cues are grouped (and the digest says so).
    max_statements: int = 3000
    max_statement_chars: int = 60
    max_quote_chars: int = 120
    # Fewer records than this in a sector: the digest says to read it with care.
    few_records: int = 5


@dataclass(frozen=True)
class Settings:
    """The effective settings of a run."""

    seed: int = 42
    cache_dir: str = ""
    ingest: IngestSettings = field(default_factory=IngestSettings)
    segment: SegmentSettings = field(default_factory=SegmentSettings)
    topics: TopicSettings = field(default_factory=TopicSettings)
    graph: GraphSettings = field(default_factory=GraphSettings)
    sectors: SectorSettings = field(default_factory=SectorSettings)
    summarize: SummarizeSettings = field(default_factory=SummarizeSettings)


@dataclass(frozen=True)
class LoadedSettings:
    """Settings plus where each dotted key's value came from (default, a file, or a flag)."""

    settings: Settings
    origins: Mapping[str, str]


def default_cache_dir() -> Path:
    """Return the cache folder: $KAMLIT_CACHE_DIR, else $XDG_CACHE_HOME/kamlit, else ~/.cache."""
    env = os.environ.get("KAMLIT_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "kamlit"


def cache_dir(settings: Settings) -> Path:
    """Return the cache folder these settings name (an empty value means the default)."""
    return Path(settings.cache_dir) if settings.cache_dir else default_cache_dir()


CONFIG_NAME = "kamlit.toml"
# Settings that name files or folders; relative values in a settings file are read relative
# to that file's folder, so a project's kamlit.toml works from any working directory.
PATH_SETTINGS = frozenset(
    {
        "cache_dir",
        "segment.user_dicts",
        "segment.stopwords",
        "segment.synonyms",
        "sectors.lexicons",
        "summarize.cues",
        "summarize.concepts",
    }
)


def find_config(folder: str | Path = ".") -> Path | None:
    """Return `kamlit.toml` in the folder when it exists (the settings file read by default)."""
    path = Path(folder) / CONFIG_NAME
    return path if path.is_file() else None


def load_settings(
    config: str | Path | None = None,
    *,
    overrides: Mapping[str, Any] | None = None,
) -> LoadedSettings:
    """Read defaults, then `config` (TOML), then `overrides` given as dotted keys."""
    origins: dict[str, str] = {key: "default" for key in _leaf_keys(Settings)}
    data: dict[str, Any] = {}
    if config is not None:
        path = Path(config)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read settings file: {exc.strerror}", path=path) from exc
        try:
            data = tomllib.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"not valid TOML: {exc}", path=path) from exc
        for key in _flatten(data):
            origins[key] = str(path)
        _resolve_paths(data, base=path.parent)
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        _set_dotted(data, key, value)
        origins[key] = "command line"
    settings = _build(Settings, data, prefix="", source=str(config) if config else "settings")
    return LoadedSettings(settings=settings, origins=origins)


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


def _set_dotted(data: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def _build(cls: type, data: Any, *, prefix: str, source: str) -> Any:
    where = prefix.rstrip(".") or "top level"
    if not isinstance(data, Mapping):
        raise UsageError(f"[{where}] must be a table, got {data!r}", path=source)
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    for key in data:
        if key not in names:
            known = ", ".join(sorted(names))
            raise UsageError(f"unknown setting '{prefix}{key}' (known here: {known})", path=source)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        hint = hints[f.name]
        value = data[f.name]
        if dataclasses.is_dataclass(hint):
            kwargs[f.name] = _build(hint, value, prefix=f"{prefix}{f.name}.", source=source)  # type: ignore[arg-type]
        else:
            kwargs[f.name] = _coerce(value, hint, key=f"{prefix}{f.name}", source=source)
    return cls(**kwargs)


def _coerce(value: Any, hint: Any, *, key: str, source: str) -> Any:
    origin = get_origin(hint)
    args = get_args(hint)
    if origin is Literal:
        if value not in args:
            choices = ", ".join(repr(a) for a in args)
            raise UsageError(
                f"setting '{key}' is {value!r}; expected one of {choices}", path=source
            )
        return value
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _coerce(value, arg, key=key, source=source)
            except UsageError as exc:
                errors.append(exc.message)
        raise UsageError(errors[-1] if errors else f"setting '{key}' has a bad value", path=source)
    if origin is tuple:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)):
            raise UsageError(f"setting '{key}' must be a list, got {value!r}", path=source)
        inner = args[0] if args else str
        return tuple(_coerce(v, inner, key=key, source=source) for v in value)
    if hint is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {"true", "false", "yes", "no", "1", "0"}:
            return value.lower() in {"true", "yes", "1"}
        raise UsageError(f"setting '{key}' must be true or false, got {value!r}", path=source)
    if hint is int:
        if isinstance(value, bool):
            raise UsageError(f"setting '{key}' must be an integer, got {value!r}", path=source)
        try:
            return int(value)
        except (TypeError, ValueError):
            raise UsageError(
                f"setting '{key}' must be an integer, got {value!r}", path=source
            ) from None
    if hint is float:
        if isinstance(value, bool):
            raise UsageError(f"setting '{key}' must be a number, got {value!r}", path=source)
        try:
            return float(value)
        except (TypeError, ValueError):
            raise UsageError(
                f"setting '{key}' must be a number, got {value!r}", path=source
            ) from None
    if hint is str:
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise UsageError(f"setting '{key}' must be a string, got {value!r}", path=source)
        return str(value)
    return value
