"""The comparison table: shared rows by complete linkage, distinctive rows, order."""

from __future__ import annotations

from kamlit.summarize.compare import compare_digests
from kamlit.summarize.model import Evidence, Practice, SectorDigest


def _practice(name: str, record: str = "r:1", start: int = 0) -> Practice:
    source = Evidence(record, name, start, start + len(name))
    return Practice(name, (name,), 1, (source,), (record,), "recommendation", 0.0, source)


def _digest(key: str, *names: str) -> SectorDigest:
    practices = tuple(_practice(f"{key}-{n}", record=f"{key}:{n}") for n in names)
    return SectorDigest(key, key, (f"{key}:1",), practices, 0)


def test_similar_practices_share_a_row_and_the_rest_are_distinctive() -> None:
    a, b = _digest("a", "unit", "churn"), _digest("b", "unit", "price")
    centroids = {
        "a": [{0: 1.0}, {1: 1.0}],
        "b": [{0: 0.8, 2: 0.6}, {3: 1.0}],
    }
    rows = compare_digests([a, b], centroids, threshold=0.5)
    assert [(r.statement, dict(r.practices), r.shared) for r in rows] == [
        ("a-unit", {"a": 1, "b": 1}, True),
        ("a-churn", {"a": 2}, False),
        ("b-price", {"b": 2}, False),
    ]
    assert compare_digests([a, b], centroids, threshold=0.9)[0].shared is False


def test_rows_need_every_pair_similar_and_one_practice_per_sector() -> None:
    # a1~b1 (0.8) and b1~c1 (0.8) but a1 and c1 are unrelated: no chain a1-b1-c1.
    a, b, c = _digest("a", "x"), _digest("b", "y", "y2"), _digest("c", "z")
    centroids = {
        "a": [{0: 1.0}],
        "b": [{0: 0.8, 1: 0.6}, {0: 0.6, 2: 0.8}],
        "c": [{1: 1.0}],
    }
    rows = compare_digests([a, b, c], centroids, threshold=0.55)
    grouped = sorted(tuple(sorted(r.practices.items())) for r in rows)
    assert grouped == [
        (("a", 1), ("b", 1)),
        (("b", 2),),
        (("c", 1),),
    ]


def test_the_same_statement_in_two_sectors_is_shared() -> None:
    # A record of both sectors gives both digests the same statement.
    a = SectorDigest("a", "a", ("r:1",), (_practice("同一句", "r:9", 5),), 0)
    b = SectorDigest("b", "b", ("r:1",), (_practice("同一句", "r:9", 5),), 0)
    rows = compare_digests([a, b], {"a": [{0: 1.0}], "b": [{1: 1.0}]}, threshold=0.9)
    assert len(rows) == 1 and rows[0].shared


def test_nothing_to_compare() -> None:
    assert compare_digests([], {}, threshold=0.3) == ()
