"""Pages of a large corpus stay small: the record table embeds a bounded number of rows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kamlit.report as report
from kamlit.runfolder import load_run


def _row_ids(html: str) -> list[str]:
    return re.findall(r'<tr id="rec-([^"]+)">', html)


def test_a_small_corpus_shows_every_record_and_no_note(run_dir: Path) -> None:
    run = load_run(run_dir)
    html = report.render_index(run, lang="en")
    assert len(_row_ids(html)) == len(run.records)
    assert "This table shows" not in html


@pytest.mark.parametrize("cap", [1, 5, 12])
def test_a_large_corpus_shows_the_cited_records_first_within_the_cap(
    run_dir: Path, monkeypatch: pytest.MonkeyPatch, cap: int
) -> None:
    run = load_run(run_dir)
    assert run.topics is not None
    monkeypatch.setattr(report, "RECORD_TABLE_ROWS", cap)
    html = report.render_index(run, lang="en")
    ids = {report.record_anchor(r.id): r.id for r in run.records}
    shown = [ids["rec-" + a] for a in _row_ids(html)]
    order = [r.id for r in run.records]
    assert len(shown) == cap
    assert shown == sorted(shown, key=order.index)  # corpus order
    cited = [r.id for t in run.topics.topics for r in t.top_records]
    if run.digests is not None:
        cited += [e.id for d in run.digests.digests for p in d.practices for e in p.evidence]
    cited = list(dict.fromkeys(cited))
    assert cited, "the seed's topics cite records"
    assert set(cited[:cap]) <= set(shown)
    if len(cited) < cap:  # the rest filled in corpus order
        rest = [i for i in order if i not in cited][: cap - len(cited)]
        assert set(shown) == set(cited) | set(rest)
    assert f"This table shows {cap} of {len(order)} records" in html
    assert 'href="records.jsonl"' in html
    # A link to a record left out says so (the page's script reads this message).
    assert "is not in this page" in html and 'id="missing"' in html
