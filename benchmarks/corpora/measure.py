"""Measure kamlit on field corpora: keywords kept whole by segmentation, sectors given wrongly.

Run from the repository root with the kamlit under test first on the path:

    PYTHONPATH=src python benchmarks/corpora/measure.py tests/fixtures/fields/*.txt
    PYTHONPATH=src python benchmarks/corpora/measure.py /tmp/corpora/vr.txt --json

For each export (one file, read alone, through the command line as a user would):

- keywords: the author keywords of the file's records (their `keywords` field as kamlit
  reads it) that occur verbatim in at least `--min-docs` (3) abstracts. A keyword is *whole*
  in a record when it is one token of `kamlit segment --json` for that record (compared
  after NFKC and case folding); it is *kept* when it is whole in at least `--share` (80 %)
  of the records whose abstract contains it — issue 12's criterion. Reported: eligible
  keywords, the share kept, the share of all occurrences whole, and the keywords not kept
  with the tokens they were cut into. A keyword with a Latin letter or digit at an edge (AR,
  LSTM) occurs only where it is a word of its own, not inside a longer one (ar in learning,
  lstm in bilstm). A second figure, *kept or nested*, also counts an occurrence as whole when
  it lies inside a longer author keyword that came out as one token (增强现实 inside
  移动增强现实): such a keyword was not cut apart, the text names the longer concept. A
  keyword kamlit maps to a term for the run (VR -> 虚拟现实, `kamlit terms --vocabulary`) is
  whole where that term is a token.
- discovery (`--hide-keywords`): the same records with their keywords removed (a listing page
  has none) are segmented with `[segment] discover = "on"`; *recall* is the share of the
  eligible keywords above that discovery lists (`kamlit terms --vocabulary --json`) or that
  come out whole anyway (in >= `--share` of their records). Reported with the keywords
  missed, and the discovered phrases (top 20 by records).
- sectors: `kamlit summarize --json` gives each record's sectors; with the ground truth
  (`.truth/<stem>.truth.json`, written by make_corpus.py) every record has a field and an
  expected sector. Reported per field: records, how many went to 电信 (telecom) and to 邮政
  (postal), and how many of those the truth does not expect, with kamlit's explanation.

Nothing here is tuned to a corpus; the figures describe kamlit as it is.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any


def _kamlit(*args: str) -> str:
    env = dict(os.environ)
    env.setdefault("KAMLIT_CACHE_DIR", str(Path(tempfile.gettempdir()) / "kamlit-cache-corpora"))
    done = subprocess.run(
        [sys.executable, "-m", "kamlit", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"kamlit {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def read_records(path: Path) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "records.jsonl"
        _kamlit("ingest", str(path), "--out", str(out))
        return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def read_tokens(path: Path) -> dict[str, list[str]]:
    lines = _kamlit("segment", "--json", str(path)).splitlines()
    return {d["id"]: d["tokens"] for d in map(json.loads, lines) if d}


def read_truth(path: Path) -> dict[str, dict[str, Any]] | None:
    truth = path.parent / ".truth" / f"{path.stem}.truth.json"
    if not truth.is_file():
        return None
    data = json.loads(truth.read_text(encoding="utf-8"))
    return {r["id"]: r for r in data["records"]}


def occurs(keyword: str, text: str) -> bool:
    """Whether `keyword` occurs verbatim in `text`; at a Latin letter or digit edge only where
    the text has no other Latin letter or digit next to it (ar is not in learning)."""
    if keyword not in text:
        return False
    if not (keyword[0].isascii() and keyword[0].isalnum()) and not (
        keyword[-1].isascii() and keyword[-1].isalnum()
    ):
        return True
    before = r"(?<![a-z0-9])" if keyword[0].isascii() and keyword[0].isalnum() else ""
    after = r"(?![a-z0-9])" if keyword[-1].isascii() and keyword[-1].isalnum() else ""
    return re.search(before + re.escape(keyword) + after, text) is not None


def author_keywords(records: list[dict[str, Any]]) -> list[str]:
    return sorted({_norm(k) for r in records for k in r.get("keywords") or [] if k.strip()})


def eligible_keywords(records: list[dict[str, Any]], min_docs: int) -> dict[str, list[str]]:
    """Author keywords occurring verbatim in at least `min_docs` abstracts -> those records."""
    abstracts = {r["id"]: _norm(r.get("abstract") or "") for r in records}
    out: dict[str, list[str]] = {}
    for kw in author_keywords(records):
        docs = [rid for rid, text in abstracts.items() if occurs(kw, text)]
        if len(docs) >= min_docs:
            out[kw] = docs
    return out


def read_synonyms(path: Path) -> dict[str, str]:
    """The run-level synonyms kamlit found in the export (VR -> 虚拟现实), from `kamlit terms
    --vocabulary --json`: a keyword mapped to its term is whole where the term is a token."""
    words = json.loads(_kamlit("terms", "--vocabulary", "--json", str(path)))["vocabulary"]
    return {_norm(w["word"]): _norm(w["maps_to"][0]) for w in words if len(w["maps_to"]) == 1}


def keyword_figures(
    records: list[dict[str, Any]],
    tokens: dict[str, list[str]],
    min_docs: int,
    share: float,
    synonyms: dict[str, str] | None = None,
) -> dict[str, Any]:
    token_sets = {rid: {_norm(t) for t in toks} for rid, toks in tokens.items()}
    keywords = author_keywords(records)
    keyword_set = set(keywords)
    synonyms = synonyms or {}
    rows: list[dict[str, Any]] = []
    for kw, docs in eligible_keywords(records, min_docs).items():
        as_token = synonyms.get(kw, kw)
        whole = [rid for rid in docs if as_token in token_sets.get(rid, set())]
        nested = [
            rid
            for rid in docs
            if rid in whole
            or any(kw in t and t != kw and t in keyword_set for t in token_sets.get(rid, ()))
        ]
        cut: Counter[str] = Counter()
        for rid in docs:
            if rid not in whole:
                pieces = [t for t in tokens.get(rid, []) if _norm(t) in kw and _norm(t) != kw]
                cut[" + ".join(dict.fromkeys(pieces)) or "(dropped)"] += 1
        rows.append(
            {
                "keyword": kw,
                "docs": len(docs),
                "whole": len(whole),
                "kept": len(whole) >= share * len(docs),
                "kept_nested": len(nested) >= share * len(docs),
                "cut_into": cut.most_common(1)[0][0] if cut else None,
            }
        )
    eligible = len(rows)
    kept = sum(r["kept"] for r in rows)
    occurrences = sum(r["docs"] for r in rows)
    return {
        "author_keywords": len(keywords),
        "eligible": eligible,
        "kept": kept,
        "kept_share": round(kept / eligible, 3) if eligible else None,
        "kept_nested_share": round(sum(r["kept_nested"] for r in rows) / eligible, 3)
        if eligible
        else None,
        "occurrence_share": round(sum(r["whole"] for r in rows) / occurrences, 3)
        if occurrences
        else None,
        "not_kept": [r for r in rows if not r["kept"]],
    }


def discovery_figures(records: list[dict[str, Any]], min_docs: int, share: float) -> dict[str, Any]:
    """Recall of phrase discovery: the eligible keywords found with every keyword hidden."""
    eligible = eligible_keywords(records, min_docs)
    with tempfile.TemporaryDirectory() as tmp:
        hidden = Path(tmp) / "hidden.jsonl"
        lines = [json.dumps({**r, "keywords": []}, ensure_ascii=False) for r in records]
        hidden.write_text("\n".join(lines) + "\n", encoding="utf-8")
        config = Path(tmp) / "kamlit.toml"
        config.write_text('[segment]\ndiscover = "on"\n', encoding="utf-8")
        words = json.loads(
            _kamlit("terms", "--vocabulary", "--json", "--config", str(config), str(hidden))
        )["vocabulary"]
        segmented = _kamlit("segment", "--json", "--config", str(config), str(hidden))
    found = [w for w in words if w["origin"] == "discovered"]
    listed = {_norm(w["word"]) for w in found}
    order = [r["id"] for r in records]
    token_lists = [d["tokens"] for d in map(json.loads, segmented.splitlines()) if d]
    token_sets = {
        rid: {_norm(t) for t in toks} for rid, toks in zip(order, token_lists, strict=True)
    }
    rows = []
    for kw, docs in eligible.items():
        whole = sum(1 for rid in docs if kw in token_sets.get(rid, set()))
        rows.append(
            {"keyword": kw, "discovered": kw in listed, "whole": whole >= share * len(docs)}
        )
    recalled = sum(1 for r in rows if r["discovered"] or r["whole"])
    top = sorted(found, key=lambda w: (-w["abstracts"], w["word"]))[:20]
    return {
        "eligible": len(rows),
        "discovered": len(found),
        "listed": sum(1 for r in rows if r["discovered"]),
        "recalled": recalled,
        "recall": round(recalled / len(rows), 3) if rows else None,
        "missed": [r["keyword"] for r in rows if not (r["discovered"] or r["whole"])],
        "top": [w["word"] for w in top],
    }


def sector_figures(
    path: Path, truth: dict[str, dict[str, Any]] | None, records: list[dict[str, Any]]
) -> dict[str, Any]:
    data = json.loads(_kamlit("summarize", "--json", str(path)))
    explanation = {a["id"]: a.get("explanation", "") for a in data.get("assignment", [])}
    sectors: dict[str, list[str]] = defaultdict(list)
    for s in data["sectors"]:
        for rid in s["records"]:
            sectors[rid].append(s["sector"])
    field_of = {
        r["id"]: (truth[r["id"]]["field"] if truth and r["id"] in truth else path.stem)
        for r in records
    }
    expected_of = {
        r["id"]: (truth[r["id"]]["sector"] if truth and r["id"] in truth else None) for r in records
    }
    by_field: dict[str, dict[str, Any]] = {}
    for rid, fld in field_of.items():
        row = by_field.setdefault(
            fld, {"records": 0, "telecom": 0, "postal": 0, "unexpected": 0, "examples": []}
        )
        row["records"] += 1
        got = sectors.get(rid, [])
        for key in ("telecom", "postal"):
            if key in got:
                row[key] += 1
        wrong = [s for s in got if s in ("telecom", "postal") and s != expected_of[rid]]
        if wrong and expected_of[rid] is not None:
            row["unexpected"] += 1
            if len(row["examples"]) < 5:
                row["examples"].append({"id": rid, "sectors": got, "why": explanation.get(rid)})
    return by_field


def title_check(records: list[dict[str, Any]], truth: dict[str, dict[str, Any]] | None) -> int:
    """Records whose kamlit id does not carry the truth's title (0 when ids line up)."""
    if truth is None:
        return 0
    return sum(1 for r in records if truth.get(r["id"], {}).get("title") != r.get("title"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("exports", nargs="+", type=Path)
    parser.add_argument("--min-docs", type=int, default=3)
    parser.add_argument("--share", type=float, default=0.8)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--hide-keywords",
        action="store_true",
        help="also measure phrase discovery with every record's keywords removed",
    )
    args = parser.parse_args(argv)
    report: dict[str, Any] = {}
    for path in args.exports:
        records = read_records(path)
        truth = read_truth(path)
        report[str(path)] = {
            "records": len(records),
            "ids_off_truth": title_check(records, truth),
            "keywords": keyword_figures(
                records, read_tokens(path), args.min_docs, args.share, read_synonyms(path)
            ),
            "sectors": sector_figures(path, truth, records),
        }
        if args.hide_keywords:
            report[str(path)]["discovery"] = discovery_figures(records, args.min_docs, args.share)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    for name, row in report.items():
        kw = row["keywords"]
        print(f"== {name}: {row['records']} records (ids off truth: {row['ids_off_truth']})")
        print(
            f"   keywords in >= {args.min_docs} abstracts: {kw['eligible']} of "
            f"{kw['author_keywords']}; kept whole (>= {args.share:.0%} of their records): "
            f"{kw['kept']} = {kw['kept_share']:.0%}; occurrences whole: "
            f"{kw['occurrence_share']:.0%}"
        )
        print(f"   kept or nested in a longer keyword kept whole: {kw['kept_nested_share']:.0%}")
        if kw["not_kept"]:
            cuts = ", ".join(
                f"{r['keyword']} -> {r['cut_into']} ({r['whole']}/{r['docs']})"
                for r in kw["not_kept"]
            )
            print(f"   cut: {cuts}")
        if "discovery" in row:
            d = row["discovery"]
            print(
                f"   discovery, keywords hidden: {d['discovered']} phrases; eligible keywords "
                f"discovered or whole: {d['recalled']} of {d['eligible']} = {d['recall']:.0%} "
                f"(listed {d['listed']})"
            )
            print(f"   missed: {', '.join(d['missed'])}")
            print(f"   top 20: {', '.join(d['top'])}")
        for fld, s in row["sectors"].items():
            print(
                f"   sectors [{fld}]: {s['records']} records, 电信 {s['telecom']}, "
                f"邮政 {s['postal']}, not expected {s['unexpected']}"
            )
            for ex in s["examples"][:3]:
                why = re.sub(r"\s+", " ", ex["why"] or "")[:160]
                print(f"     {ex['id']} {ex['sectors']}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
