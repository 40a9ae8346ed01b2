"""The Record type and its JSON Lines form."""

from __future__ import annotations

import json

import pytest

from kamlit.types import Citations, Record, Source

SCHEMA_KEYS = [
    "id",
    "title",
    "authors",
    "journal",
    "year",
    "volume",
    "issue",
    "pages",
    "keywords",
    "abstract",
    "truncated",
    "citations",
    "doc_type",
    "source",
]


def _record() -> Record:
    return Record(
        id="page:12",
        title=None,
        authors=("黄莺",),
        journal="中国邮政",
        year=2003,
        issue="2",
        pages="45-46",
        abstract="美国邮政对大客户的服务工作…",
        truncated=True,
        source=Source(file="page.txt", format="listing", line=41),
    )


def test_to_dict_follows_the_design_schema() -> None:
    data = _record().to_dict()
    assert list(data) == SCHEMA_KEYS
    assert data["citations"] == {"total": None, "self": None, "other": None}
    assert data["source"] == {"file": "page.txt", "format": "listing", "line": 41}
    assert data["authors"] == ["黄莺"] and data["keywords"] == []


def test_round_trip_through_json() -> None:
    record = _record()
    line = json.dumps(record.to_dict(), ensure_ascii=False)
    assert Record.from_dict(json.loads(line)) == record


def test_citations_self_key() -> None:
    assert Citations.from_dict({"total": 2, "self": 0, "other": 2}) == Citations(2, 0, 2)
    assert Citations(2, 0, 2).to_dict() == {"total": 2, "self": 0, "other": 2}


def test_records_are_frozen() -> None:
    with pytest.raises(AttributeError):
        _record().title = "x"  # type: ignore[misc]


def test_from_dict_rejects_bad_year() -> None:
    data = _record().to_dict() | {"year": "MMIII"}
    with pytest.raises(ValueError):
        Record.from_dict(data)


def test_label_is_title_or_abstract_head() -> None:
    assert _record().label.startswith("美国邮政")
    assert Record(id="a:1", abstract="x", source=Source("a", "listing"), title="T").label == "T"
