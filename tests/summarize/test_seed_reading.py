"""The seed's digests measured against a reading of its 20 abstracts (issue 14): sector
accuracy, practice recall per sector, the share of digest items that are practices of the
reading, names at most 40 characters, every quote verbatim.

The reading is `tests/fixtures/summarize/seed-reading.json` (practices per sector, the records
stating each, and phrases that state it); the sectors are those of tests/test_sectors.py.
`measure_seed` prints the figures: `python tests/summarize/test_seed_reading.py`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kamlit.corpus import PreparedCorpus
from kamlit.summarize import SectorDigests, summarize_sectors

READING = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "summarize" / "seed-reading.json").read_text("utf-8")
)


def _number(record_id: str) -> int:
    return int(record_id.rsplit(":", 1)[1])


def measure_seed(prepared: PreparedCorpus, digests: SectorDigests) -> dict[str, Any]:
    """Sector accuracy, recall per sector, share of items matching a practice, and lists of
    what was missed or unmatched."""
    judged = {int(n): tuple(keys) for n, keys in READING["record_sectors"].items()}
    got = {_number(r.id): r.sectors for r in prepared.sectors.records}
    accuracy = sum(got[n] == sectors for n, sectors in judged.items()) / len(judged)
    out: dict[str, Any] = {"sector_accuracy": accuracy, "sectors": {}}
    for digest in digests.digests:
        gold = READING["sectors"].get(digest.sector)
        if gold is None:
            continue
        found: set[str] = set()
        matched_items = 0
        unmatched = []
        for practice in digest.practices:
            statement_hits = {
                g["id"]
                for g in gold
                if _number(practice.source.id) in g["records"]
                and any(m in practice.statement for m in g["markers"])
            }
            quote_hits = {
                g["id"]
                for g in gold
                for e in practice.evidence
                if _number(e.id) in g["records"] and any(m in e.quote for m in g["markers"])
            }
            found |= statement_hits | quote_hits
            if statement_hits:
                matched_items += 1
            else:
                unmatched.append(practice.title)
        out["sectors"][digest.sector] = {
            "recall": len(found) / len(gold),
            "matched_share": matched_items / len(digest.practices) if digest.practices else 0.0,
            "items": len(digest.practices),
            "missed": sorted((g["id"] for g in gold if g["id"] not in found), key=_key),
            "unmatched": unmatched,
        }
    return out


def _key(practice_id: str) -> tuple[str, int]:
    return practice_id[0], int(practice_id[1:])


def test_seed_digests_against_the_reading(default_corpus: PreparedCorpus) -> None:
    digests = summarize_sectors(default_corpus)
    figures = measure_seed(default_corpus, digests)
    assert figures["sector_accuracy"] >= 0.95
    for sector in ("telecom", "postal"):
        row = figures["sectors"][sector]
        assert row["recall"] >= 0.9, (sector, row)
        assert row["matched_share"] >= 0.8, (sector, row)
    abstracts = {r.id: r.abstract for r in default_corpus.records}
    for digest in digests.digests:
        for practice in digest.practices:
            assert 0 < len(practice.title) <= 40, practice.title
            assert (
                practice.title in practice.statement
                or practice.title in abstracts[practice.source.id]
            )
            assert (
                abstracts[practice.source.id][practice.source.start : practice.source.end]
                == practice.statement
            )
            for evidence in practice.evidence:
                assert abstracts[evidence.id][evidence.start : evidence.end] == evidence.quote


if __name__ == "__main__":  # pragma: no cover - prints the figures
    from kamlit.corpus import prepare

    prepared = prepare([Path(__file__).parents[2] / "corpus"])
    print(
        json.dumps(
            measure_seed(prepared, summarize_sectors(prepared)), ensure_ascii=False, indent=1
        )
    )
