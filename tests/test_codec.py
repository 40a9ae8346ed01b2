"""kamlit.codec: the generic dataclass codec and the schema stamp."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamlit.codec import DecodeError, check_schema, from_plain, rounded, schema_tag, to_plain
from kamlit.errors import InputError


@dataclass(frozen=True)
class Inner:
    name: str
    weight: float


@dataclass(frozen=True)
class Outer:
    id: int
    kind: Literal["a", "b"]
    items: tuple[Inner, ...]
    pair: tuple[str, int]
    scores: Mapping[str, float]
    note: str | None = None
    tags: tuple[str, ...] = ()
    extra: Mapping[str, tuple[int, ...]] = field(default_factory=dict)


_outer = st.builds(
    Outer,
    id=st.integers(),
    kind=st.sampled_from(["a", "b"]),
    items=st.lists(
        st.builds(Inner, st.text(), st.floats(allow_nan=False, allow_infinity=False)), max_size=3
    ).map(tuple),
    pair=st.tuples(st.text(), st.integers()),
    scores=st.dictionaries(st.text(), st.floats(allow_nan=False, allow_infinity=False)),
    note=st.none() | st.text(),
    tags=st.lists(st.text(), max_size=3).map(tuple),
    extra=st.dictionaries(st.text(), st.lists(st.integers(), max_size=3).map(tuple), max_size=2),
)


@given(_outer)
@settings(max_examples=100, deadline=None)
def test_generated_dataclasses_round_trip_through_json(value: Outer) -> None:
    text = json.dumps(to_plain(value), sort_keys=True)
    assert from_plain(Outer, json.loads(text)) == value


def test_plain_form_uses_field_names_lists_and_dicts() -> None:
    value = Outer(1, "a", (Inner("x", 0.5),), ("p", 2), {"s": 1.0})
    assert to_plain(value) == {
        "id": 1,
        "kind": "a",
        "items": [{"name": "x", "weight": 0.5}],
        "pair": ["p", 2],
        "scores": {"s": 1.0},
        "note": None,
        "tags": [],
        "extra": {},
    }


def test_defaults_fill_missing_keys_and_unknown_keys_are_ignored() -> None:
    data = {"id": 1, "kind": "b", "items": [], "pair": ["p", 2], "scores": {}, "new": 3}
    assert from_plain(Outer, data) == Outer(1, "b", (), ("p", 2), {})


def test_ints_are_accepted_as_floats_but_not_the_reverse() -> None:
    assert from_plain(Inner, {"name": "x", "weight": 2}) == Inner("x", 2.0)
    with pytest.raises(DecodeError, match=r"^Outer\.id: expected an integer, got float$"):
        from_plain(Outer, {"id": 1.5})
    with pytest.raises(DecodeError, match="expected a number, got bool"):
        from_plain(Inner, {"name": "x", "weight": True})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"id": 1, "kind": "c"}, r"^x\.kind: 'c' is not one of 'a', 'b'$"),
        ({"id": 1, "kind": "a"}, r"^x: 'items' is missing$"),
        (
            {"id": 1, "kind": "a", "items": [{"name": "n", "weight": 1}, {"name": 3}]},
            r"^x\.items\[1\]\.name: expected str, got int$",
        ),
        (
            {"id": 1, "kind": "a", "items": [], "pair": ["p"]},
            r"^x\.pair: expected 2 items, got 1$",
        ),
        (
            {"id": 1, "kind": "a", "items": [], "pair": ["p", 1], "scores": {"k": "v"}},
            r"^x\.scores\['k'\]: expected a number, got str$",
        ),
        ([], r"^x: expected an object, got list$"),
    ],
)
def test_errors_name_the_place(data: object, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        from_plain(Outer, data, where="x")


def test_schema_missing_is_version_one_newer_is_refused() -> None:
    assert check_schema({}, "topics", 1) == 1
    assert check_schema({"schema": schema_tag("topics", 1)}, "topics", 2) == 1
    with pytest.raises(InputError, match=r"kamlit-topics/3 was written by a newer kamlit"):
        check_schema({"schema": "kamlit-topics/3"}, "topics", 1)
    with pytest.raises(InputError, match=r"not kamlit topics results \(schema 'kamlit-graph/1'\)"):
        check_schema({"schema": "kamlit-graph/1"}, "topics", 1)
    with pytest.raises(InputError, match="expected a JSON object"):
        check_schema([], "topics", 1)


def test_rounded_is_stable_and_has_no_negative_zero() -> None:
    assert rounded(None) is None
    assert rounded(0.1234565) == round(0.1234565, 6)
    assert str(rounded(-1e-9)) == "0.0"
