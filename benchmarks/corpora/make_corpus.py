"""Compose realistic CNKI exports of research fields other than kamlit's seed, with ground truth.

Run from the repository root (no kamlit import; standard library only):

    python benchmarks/corpora/make_corpus.py vr --records 300 --seed 1 --format refworks \
        --out /tmp/corpora/vr.txt
    python benchmarks/corpora/make_corpus.py art linguistics deeplearning management \
        --records 165 --seed 7 --format alternate --out /tmp/corpora/mixed/

Each field is a bank in `fields/<field>.toml` (see README.md): abstract sentences by role
(background, aim, method, result, conclusion), English sentences, author keywords with their
synonyms, title templates, journals, universities, authors and affiliations. A record draws
a theme, 4-8 sentences of that theme (or untagged ones) in the order of a CNKI abstract,
resolves the `[a|b|c]` alternatives and the `{n}`/`{p}`/`{x}`/`{y}`/`{d}` number slots, may swap a
term for its synonym throughout (虚拟现实 -> VR), may be a structured abstract (目的/方法/结果/
结论 labels), may carry CNKI's `(#br)` breaks, a `<正>` lead excerpt or an abstract cut off
with an ellipsis, or an English abstract. Its 3-6 keywords are mostly ones that occur
verbatim in its abstract. Authors' affiliations go to the affiliation field only (`AD` in
RefWorks, `%+` in EndNote), as CNKI writes them.

Output: one export per field (`<prefix><field>.txt`) when `--out` is a folder (or several
fields are given without `--one-file`), else one file; next to each export,
`.truth/<stem>.truth.json` (hidden, so `kamlit ingest FOLDER` skips it) holds every record's
kamlit id (`<stem>:<position>`), title, field, expected sector, keywords and how it was
composed. Same arguments => byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FIELDS_DIR = Path(__file__).resolve().parent / "fields"
ROLES = ("background", "aim", "method", "result", "conclusion")
_ALT = re.compile(r"\[([^\[\]]*\|[^\[\]]*)\]")
_THEME = re.compile(r"^@(\w+)\s+")
_RESULT_LEADS = ("结果表明，", "研究表明，", "实验结果表明，", "研究发现，", "")
_LABEL_STYLES = (
    ("目的：", "方法：", "结果：", "结论："),
    ("〔目的〕", "〔方法〕", "〔结果〕", "〔结论〕"),
    ("[目的]", "[方法]", "[结果]", "[结论]"),
    ("【目的】", "【方法】", "【结果】", "【结论】"),
)
# A structured abstract cut right after a section label: drop the label too.
_LABEL_END = re.compile(r"(?:\(#br\))?(?:【[^】]*】|〔[^〕]*〕|\[[^\]]*\]|[目方结][的法果论]：)$")
_EN_LABELS = ("Abstract: ", "BACKGROUND ", "Objective: ", "")


@dataclass(frozen=True)
class Sentence:
    text: str
    theme: str | None


@dataclass
class Field:
    """One field's bank, read from fields/<name>.toml."""

    name: str
    label: str
    sector: str
    years: tuple[int, int]
    journals: list[str]
    universities: list[str]
    affiliations: list[str]
    authors: list[str]
    keywords: list[str]
    synonyms: list[list[str]]
    titles: list[str]
    sentences: dict[str, list[Sentence]]
    english: list[str]
    result_leads: list[str]
    themes: list[str] = field(default_factory=list)


def load_field(name: str) -> Field:
    path = FIELDS_DIR / f"{name}.toml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in FIELDS_DIR.glob("*.toml")))
        raise SystemExit(f"unknown field {name!r} (known: {known})")
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    sentences: dict[str, list[Sentence]] = {}
    themes: set[str] = set()
    for role in ROLES:
        items = []
        for raw in data["sentences"][role]:
            found = _THEME.match(raw)
            theme = found.group(1) if found else None
            if theme:
                themes.add(theme)
            items.append(Sentence(raw[found.end() :] if found else raw, theme))
        sentences[role] = items
    return Field(
        name=name,
        label=data["label"],
        sector=data.get("sector", "general"),
        years=(int(data["years"][0]), int(data["years"][1])),
        journals=list(data["journals"]),
        universities=list(data["universities"]),
        affiliations=list(data["affiliations"]),
        authors=list(data["authors"]),
        keywords=list(data["keywords"]),
        synonyms=[list(group) for group in data.get("synonyms", [])],
        titles=list(data["titles"]),
        sentences=sentences,
        english=list(data["sentences"].get("english", data.get("english", []))),
        result_leads=list(data.get("result_leads", _RESULT_LEADS)),
        themes=sorted(themes),
    )


# --------------------------------------------------------------------------- composing


def _fill(text: str, rng: random.Random) -> str:
    text = _ALT.sub(lambda m: rng.choice(m.group(1).split("|")), text)
    text = text.replace("{n}", str(rng.choice((12, 24, 30, 36, 48, 60, 86, 120, 156, 212, 318))))
    while "{p}" in text:
        text = text.replace("{p}", f"{rng.uniform(3, 38):.1f}%", 1)
    while "{x}" in text:
        text = text.replace("{x}", f"0.{rng.randint(12, 93)}", 1)
    while "{y}" in text:
        text = text.replace("{y}", str(rng.randint(3, 12)), 1)
    while "{d}" in text:
        text = text.replace("{d}", str(rng.randint(1, 9)), 1)
    return text


def _pick(pool: list[Sentence], theme: str | None, rng: random.Random, k: int) -> list[str]:
    """k distinct sentences: the record's theme 6x, untagged 1x, other themes 0.1x as likely."""
    weights = [6.0 if s.theme == theme else (1.0 if s.theme is None else 0.1) for s in pool]
    chosen: list[Sentence] = []
    candidates = list(zip(pool, weights, strict=True))
    for _ in range(min(k, len(pool))):
        total = sum(w for _, w in candidates)
        r = rng.uniform(0, total)
        for i, (s, w) in enumerate(candidates):
            r -= w
            if r <= 0:
                chosen.append(s)
                candidates.pop(i)
                break
    return [_fill(s.text, rng) for s in chosen]


def _end(sentence: str) -> str:
    sentence = sentence.strip()
    return sentence if sentence[-1:] in "。！？.?!" else sentence + "。"


@dataclass
class Composed:
    title: str
    abstract: str
    keywords: list[str]
    theme: str | None
    structured: bool
    english: bool
    truncated: bool
    lead: bool
    breaks: bool
    swapped: list[str]


def compose(fld: Field, rng: random.Random, used_titles: set[str]) -> Composed:
    theme = rng.choice(fld.themes) if fld.themes and rng.random() < 0.9 else None
    english = rng.random() < 0.05
    structured = not english and rng.random() < 0.25
    counts = {
        "background": rng.choice((0, 1, 1, 2)),
        "aim": 1,
        "method": rng.choice((1, 1, 2)),
        "result": rng.choice((1, 2)),
        "conclusion": rng.choice((0, 1, 1)),
    }
    while sum(counts.values()) < 4:
        counts[rng.choice(("method", "result", "background"))] += 1
    parts = {role: _pick(fld.sentences[role], theme, rng, n) for role, n in counts.items()}
    parts["result"] = [
        (lead + s if lead and not s.startswith(("结果", "研究", "实验", "本文")) else s)
        for s in parts["result"]
        for lead in (rng.choice(fld.result_leads),)
    ]
    breaks = rng.random() < 0.2
    lead_excerpt = False
    truncated = False
    swapped: list[str] = []
    if english:
        k = rng.randint(3, 5)
        sentences = rng.sample(fld.english, min(k, len(fld.english)))
        label = rng.choice(_EN_LABELS)
        abstract = label + " ".join(_fill(s, rng) for s in sentences)
        if label == "BACKGROUND ":
            abstract = "(#br)" + abstract
    else:
        if structured:
            style = rng.choice(_LABEL_STYLES)
            aim = "".join(_end(s) for s in parts["background"][:1] + parts["aim"])
            sections = [
                style[0] + aim,
                style[1] + "".join(_end(s) for s in parts["method"]),
                style[2] + "".join(_end(s) for s in parts["result"]),
            ]
            if parts["conclusion"]:
                sections.append(style[3] + "".join(_end(s) for s in parts["conclusion"]))
            joiner = "(#br)" if breaks else ""
            abstract = joiner.join(sections)
        else:
            ordered = [_end(s) for role in ROLES for s in parts[role]]
            if breaks and len(ordered) > 3:
                cut = rng.randint(1, len(ordered) - 2)
                ordered[cut] = "(#br)" + ordered[cut]
            abstract = "".join(ordered)
        for group in fld.synonyms:
            if group[0] in abstract and rng.random() < 0.3:
                variant = rng.choice(group[1:])
                abstract = abstract.replace(group[0], variant)
                swapped.append(f"{group[0]}->{variant}")
        roll = rng.random()
        if roll < 0.05:
            lead_excerpt = True
            first = re.split(r"(?<=。)", abstract.replace("(#br)", ""))
            abstract = "<正>" + "".join(first[: rng.randint(2, 3)])
        elif roll < 0.15:
            truncated = True
            cut = int(len(abstract) * rng.uniform(0.6, 0.9))
            abstract = _LABEL_END.sub("", abstract[:cut].rstrip("，。；、(#br")) + "…"
    keywords = _keywords(fld, abstract, rng)
    title = _title(fld, keywords, rng, used_titles)
    return Composed(
        title=title,
        abstract=abstract,
        keywords=keywords,
        theme=theme,
        structured=structured,
        english=english,
        truncated=truncated,
        lead=lead_excerpt,
        breaks=breaks or "(#br)" in abstract,
        swapped=swapped,
    )


def _keywords(fld: Field, abstract: str, rng: random.Random) -> list[str]:
    """3-6 keywords, mostly ones occurring verbatim in the abstract (longest mention first)."""
    present = [k for k in fld.keywords if k in abstract]
    # Prefer a keyword over one it contains (虚拟现实技术 over 虚拟现实) half of the time.
    rng.shuffle(present)
    want = rng.randint(3, 6)
    chosen = present[:want]
    absent = [k for k in fld.keywords if k not in chosen]
    extra = 1 if rng.random() < 0.3 else 0
    while len(chosen) < 3 or extra:
        if not absent:
            break
        pick = rng.choice(absent)
        absent.remove(pick)
        chosen.append(pick)
        extra = 0
    return chosen[:6]


def _title(fld: Field, keywords: list[str], rng: random.Random, used: set[str]) -> str:
    """A title from a template whose `{k}` slots take distinct keywords of the record."""
    for attempt in range(60):
        template = rng.choice(fld.titles)
        kws = keywords[:] if attempt < 20 else rng.sample(fld.keywords, 4)
        if template.count("{k}") > len(kws):
            continue
        rng.shuffle(kws)
        title = template
        for kw in kws:
            title = title.replace("{k}", kw, 1)
        title = _fill(title, rng)
        if title not in used:
            used.add(title)
            return title
    raise RuntimeError(f"{fld.name}: could not draw a new title; add title templates")


# --------------------------------------------------------------------------- writing


@dataclass
class Meta:
    authors: list[str]
    affiliations: list[str]
    journal: str
    year: int
    volume: int
    issue: int
    pages: str
    thesis: str | None  # 硕士 / 博士, with journal = the university


def draw_meta(fld: Field, rng: random.Random) -> Meta:
    authors = rng.sample(fld.authors, rng.choice((1, 2, 2, 3, 3, 4)))
    thesis = rng.choice(("硕士", "硕士", "博士")) if rng.random() < 0.12 else None
    if thesis:
        authors = authors[:1]
        university = rng.choice(fld.universities)
        affiliations = [university]
        journal = university
    else:
        affiliations = []
        for _ in authors:
            aff = rng.choice(fld.affiliations)
            if aff not in affiliations and (not affiliations or rng.random() < 0.5):
                affiliations.append(aff)
        journal = rng.choice(fld.journals)
    lo, hi = fld.years
    year = min(hi, int(lo + (hi - lo + 1) * rng.random() ** 0.7))
    first = rng.randint(1, 180)
    return Meta(
        authors=authors,
        affiliations=affiliations,
        journal=journal,
        year=year,
        volume=max(1, year - rng.choice((1960, 1978, 1985, 1999))),
        issue=rng.randint(1, 12),
        pages=f"{first}-{first + rng.randint(2, 9)}",
        thesis=thesis,
    )


def refworks(c: Composed, m: Meta) -> str:
    lines = ["RT Dissertation/Thesis" if m.thesis else "RT Journal Article", "SR 1"]
    lines.append("A1 " + ";".join(m.authors) + ";")
    lines.append("AD " + ";".join(m.affiliations) + ";")
    lines.append("T1 " + c.title)
    if m.thesis:
        lines += ["PB " + m.journal, "CL " + m.thesis, f"YR {m.year}"]
    else:
        lines += ["JF " + m.journal, f"YR {m.year}", f"IS {m.issue:02d}", f"vo {m.volume}"]
        lines.append("OP " + m.pages)
    lines.append("K1 " + ";".join(c.keywords) + ";")
    lines.append("AB " + c.abstract)
    lines += ["LA 中文;" if not c.english else "LA 英文;", "DS CNKI"]
    return "\n".join(lines) + "\n"


def endnote(c: Composed, m: Meta) -> str:
    lines = ["%0 Thesis" if m.thesis else "%0 Journal Article"]
    lines += ["%A " + a for a in m.authors]
    lines.append("%+ " + ";".join(m.affiliations))
    lines.append("%T " + c.title)
    if m.thesis:
        lines += ["%I " + m.journal, "%9 " + m.thesis, f"%D {m.year}"]
    else:
        lines += ["%J " + m.journal, f"%D {m.year}", f"%V {m.volume}", f"%N {m.issue:02d}"]
    lines.append("%K " + ";".join(c.keywords))
    lines.append("%X " + c.abstract)
    if not m.thesis:
        lines.append("%P " + m.pages)
    lines.append("%W CNKI")
    return "\n".join(lines) + "\n"


WRITERS = {"refworks": refworks, "endnote": endnote}


def generate(
    fields: list[Field], records: int, seed: int, fmt: str, stem: str, used: set[str]
) -> tuple[str, dict[str, Any]]:
    """One export holding `records` records of each field (interleaved when several)."""
    plan: list[tuple[Field, random.Random]] = []
    for fld in fields:
        rng = random.Random(zlib.crc32(f"{seed}:{fld.name}:{stem}".encode()))
        plan.extend((fld, rng) for _ in range(records))
    if len(fields) > 1:
        random.Random(seed).shuffle(plan)
    chunks: list[str] = []
    truth: list[dict[str, Any]] = []
    seen: set[str] = set()
    for position, (fld, rng) in enumerate(plan, start=1):
        composed = compose(fld, rng, used)
        for _ in range(20):  # an abstract drawn twice (likely from ~1,000 records up): redraw
            if composed.abstract not in seen:
                break
            used.discard(composed.title)
            composed = compose(fld, rng, used)
        seen.add(composed.abstract)
        meta = draw_meta(fld, rng)
        chunks.append(WRITERS[fmt](composed, meta))
        truth.append(
            {
                "id": f"{stem}:{position}",
                "title": composed.title,
                "field": fld.name,
                "sector": fld.sector,
                "keywords": composed.keywords,
                "theme": composed.theme,
                "english": composed.english,
                "structured": composed.structured,
                "truncated": composed.truncated,
                "lead_excerpt": composed.lead,
                "breaks": composed.breaks,
                "synonym_swaps": composed.swapped,
                "doc_type": "thesis" if meta.thesis else "journal",
                "affiliations": meta.affiliations,
                "journal": meta.journal,
                "year": meta.year,
            }
        )
    header = {
        "generator": "benchmarks/corpora/make_corpus.py",
        "fields": {f.name: {"label": f.label, "sector": f.sector} for f in fields},
        "records_per_field": records,
        "seed": seed,
        "format": fmt,
        "records": truth,
    }
    return "\n".join(chunks), header


def truth_path(export: Path) -> Path:
    """Where an export's ground truth goes: `.truth/<stem>.truth.json` next to it.

    The folder is hidden so that `kamlit ingest FOLDER` (which skips hidden entries) reads
    the exports only.
    """
    return export.parent / ".truth" / f"{export.stem}.truth.json"


def write(path: Path, text: str, truth: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    truth_path(path).parent.mkdir(exist_ok=True)
    truth_path(path).write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"{path}: {len(truth['records'])} records, {path.stat().st_size / 1024:.0f} KB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "fields",
        nargs="+",
        help="field banks: " + ", ".join(sorted(p.stem for p in FIELDS_DIR.glob("*.toml"))),
    )
    parser.add_argument("--records", type=int, default=60, help="records per field")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--format",
        choices=("refworks", "endnote", "alternate"),
        default="refworks",
        help="alternate: refworks and endnote by turns, one file per field",
    )
    parser.add_argument("--out", type=Path, required=True, help="a .txt file, or a folder")
    parser.add_argument(
        "--prefix", default="", help="prefix of the file names written into a folder"
    )
    parser.add_argument(
        "--one-file", action="store_true", help="all fields interleaved in one export"
    )
    args = parser.parse_args(argv)
    fields = [load_field(name) for name in args.fields]
    used: set[str] = set()
    per_field = len(fields) > 1 and not args.one_file
    if per_field or args.out.suffix == "" or args.out.is_dir():
        if not per_field and args.one_file:
            raise SystemExit("--one-file needs --out FILE.txt")
        groups = [[f] for f in fields] if per_field else [fields]
        for i, group in enumerate(groups):
            fmt = args.format
            if fmt == "alternate":
                fmt = ("refworks", "endnote")[i % 2]
            stem = args.prefix + "-".join(f.name for f in group)
            text, truth = generate(group, args.records, args.seed, fmt, stem, used)
            write(args.out / f"{stem}.txt", text, truth)
    else:
        fmt = "refworks" if args.format == "alternate" else args.format
        text, truth = generate(fields, args.records, args.seed, fmt, args.out.stem, used)
        write(args.out, text, truth)
    return 0


if __name__ == "__main__":
    sys.exit(main())
