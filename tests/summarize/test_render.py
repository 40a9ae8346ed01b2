"""Markdown and JSON of digests: one golden page, the JSON contract, escaping, round trip."""

from __future__ import annotations

import json
from pathlib import Path

from kamlit.summarize import (
    ComparisonRow,
    Evidence,
    Practice,
    SectorDigest,
    SectorDigests,
    digests_from_dict,
    digests_to_dict,
    render_json,
    render_markdown,
    write_summary,
)


def _practice(statement: str, theme: tuple[str, ...], evidence: list[Evidence]) -> Practice:
    return Practice(
        statement=statement,
        theme=theme,
        support=len({e.id for e in evidence}),
        evidence=tuple(evidence),
        records=tuple(dict.fromkeys(e.id for e in evidence)),
        kind="recommendation",
        centrality=0.25,
        source=Evidence(evidence[0].id, statement, 0, len(statement)),
    )


def _digests() -> SectorDigests:
    unit = _practice(
        "成立大客户部",
        ("大客户部门",),
        [
            Evidence("a:1", "运营商应成立大客户部。", 0, 11, "电信大客户营销"),
            Evidence("a:2", "邮局设立了大客户部*专人*负责。", 0, 16),
        ],
    )
    churn = _practice(
        "防止客户流失", ("客户保持",), [Evidence("a:2", "防止客户流失|要紧。", 3, 13)]
    )
    telecom = SectorDigest("telecom", "电信", ("a:1",), (unit,), 3)
    postal = SectorDigest(
        "postal",
        "邮政",
        ("a:2",),
        (unit, churn),
        4,
        warning="only 1 abstract: read these practices as leads, not as what the field agrees on",
    )
    comparison = (
        ComparisonRow(("大客户部门",), "成立大客户部", {"telecom": 1, "postal": 1}),
        ComparisonRow(("客户保持",), "防止客户流失", {"postal": 2}),
    )
    return SectorDigests(
        digests=(telecom, postal),
        comparison=comparison,
        explanations={"a:1": "电信 3: 运营商×3", "a:2": "邮政 2: 邮局×2"},
        sectors_of={"a:1": ("telecom",), "a:2": ("postal",)},
        titles={"a:1": "电信大客户营销"},
        labels={"telecom": "电信", "postal": "邮政", "general": "综合"},
    )


GOLDEN = """\
# Practices recommended in these abstracts: 电信、邮政

## 电信 (telecom)

Based on 1 abstract.

1. **成立大客户部**

   theme: 大客户部门 · support: 2 abstracts · recommended

   > 运营商应成立大客户部。
   >
   > — `a:1` 《电信大客户营销》

   > 邮局设立了大客户部\\*专人\\*负责。
   >
   > — `a:2`

## 邮政 (postal)

Based on 1 abstract.

**Warning:** only 1 abstract: read these practices as leads, not as what the field agrees on.

1. **成立大客户部**

   theme: 大客户部门 · support: 2 abstracts · recommended

   > 运营商应成立大客户部。
   >
   > — `a:1` 《电信大客户营销》

   > 邮局设立了大客户部\\*专人\\*负责。
   >
   > — `a:2`

2. **防止客户流失**

   theme: 客户保持 · support: 1 abstract · recommended

   > 防止客户流失\\|要紧。
   >
   > — `a:2`

## Shared and distinctive practices

Numbers refer to the practices listed under each sector; a row with several numbers is a \
practice the sectors share.

| practice | theme | 电信 | 邮政 |
| --- | --- | --- | --- |
| 成立大客户部 | 大客户部门 | 1 | 1 |
| 防止客户流失 | 客户保持 | — | 2 |

1 shared, 1 distinctive to one sector.

## Sector assignment

- a:1 → **电信** — 电信 3: 运营商×3
- a:2 → **邮政** — 邮政 2: 邮局×2
"""


def test_markdown_page_golden() -> None:
    assert render_markdown(_digests(), explain=True) == GOLDEN


def test_markdown_without_explain_and_without_practices() -> None:
    page = render_markdown(_digests())
    assert "## Sector assignment" not in page
    empty = SectorDigests(
        digests=(SectorDigest("banking", "银行", (), (), 0, warning="only 0 abstracts: …"),),
        comparison=(),
    )
    text = render_markdown(empty)
    assert "Based on 0 abstracts." in text
    assert "_no recommending statement found in these abstracts._" in text
    assert "Shared and distinctive" not in text
    nothing = render_markdown(SectorDigests(digests=(), comparison=()))
    assert "No sector to summarise." in nothing


def test_json_follows_the_design_contract() -> None:
    data = json.loads(render_json(_digests()))
    first = data["sectors"][0]
    assert {"sector", "label", "records", "practices"} <= set(first)
    assert first["sector"] == "telecom" and first["label"] == "电信"
    assert first["records"] == ["a:1"]
    practice = first["practices"][0]
    assert {"statement", "theme", "support", "evidence"} <= set(practice)
    assert practice["theme"] == "大客户部门" and practice["support"] == 2
    assert practice["evidence"][0] == {
        "id": "a:1",
        "quote": "运营商应成立大客户部。",
        "start": 0,
        "end": 11,
        "title": "电信大客户营销",
    }
    assert data["comparison"][0]["sectors"] == {"postal": 1, "telecom": 1}
    assert data["comparison"][0]["shared"] is True
    assert data["assignment"][0] == {
        "id": "a:1",
        "sectors": ["telecom"],
        "explanation": "电信 3: 运营商×3",
    }


def test_json_round_trip_keeps_everything_rendered() -> None:
    digests = _digests()
    restored = digests_from_dict(json.loads(render_json(digests)))
    assert render_markdown(restored, explain=True) == GOLDEN
    assert digests_to_dict(restored) == digests_to_dict(digests)


def test_write_summary_writes_markdown_or_json(tmp_path: Path) -> None:
    md = write_summary(_digests(), tmp_path / "out" / "digest.md", explain=True)
    assert md.read_text("utf-8") == GOLDEN
    js = write_summary(_digests(), tmp_path / "digest.json", format="json")
    assert json.loads(js.read_text("utf-8"))["sectors"][1]["sector"] == "postal"
