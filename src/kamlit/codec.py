"""One small codec between frozen dataclasses and JSON-ready data, and the schema stamp.

Every stage result has a symmetric `to_dict()` / `from_dict()` pair. The files they write are
documented contracts whose key names, nesting and rounding predate this module (graph.json is
node-link JSON with evidence resolved to record ids, topics.json renames and groups fields,
digests.json joins theme terms), so each result type keeps a short hand-written mapping for its
outer shape and hands the parts whose keys are simply the field names to the generic
`to_plain` / `from_plain` below (settings, statistics, cue hits, sector definitions).

Why not msgspec, cattrs or pydantic: none of them would write the documented shapes without a
rename or hook per field, which is the same code as the mapping itself plus a new dependency.
Measured on the graph.json of the bundled corpus (see tests/test_codec.py::test_speed_budget
for the bound the test keeps), decoding with `from_plain` plus the graph's hand-written
mapping takes well under a millisecond per 100 edges; the files are read once per
`kamlit report`, so speed does not decide, and the generic part is about 120 lines.

Versioning: a file carries `"schema": "kamlit-<kind>/<version>"`. A reader accepts a file
without the key (written before it existed) and any version up to the one it knows; a newer
version is refused with an `InputError` naming the schema (`load_run` adds the file name).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from kamlit.errors import InputError

SCHEMA_KEY = "schema"
DIGITS = 6

T = TypeVar("T")


class DecodeError(ValueError):
    """Data that does not fit the type it is read as; the message names the place."""


def schema_tag(kind: str, version: int) -> str:
    """Return the value of the schema key, e.g. `kamlit-topics/1`."""
    return f"kamlit-{kind}/{version}"


def check_schema(data: Mapping[str, Any], kind: str, version: int) -> int:
    """Return the schema version of `data` (1 when the key is absent, as in older files).

    Raises InputError when the data is another kind of file or a newer version than `version`.
    """
    if not isinstance(data, Mapping):
        raise InputError(f"expected a JSON object for kamlit {kind} results")
    tag = data.get(SCHEMA_KEY)
    if tag is None:
        return 1
    name, _, number = str(tag).rpartition("/")
    if name != f"kamlit-{kind}" or not number.isdigit():
        raise InputError(f"not kamlit {kind} results (schema {tag!r})")
    found = int(number)
    if found > version:
        raise InputError(
            f"schema {tag} was written by a newer kamlit; this version reads "
            f"{schema_tag(kind, version)} and older: upgrade kamlit"
        )
    return found


def rounded(value: float | None, digits: int = DIGITS) -> float | None:
    """Round for a stable file; `+ 0.0` turns -0.0 into 0.0 so a sign below the last digit
    never shows."""
    if value is None:
        return None
    return round(float(value), digits) + 0.0


def to_plain(value: Any) -> Any:
    """Return JSON-ready data: dataclasses become dicts (fields in order), tuples lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in _fields(type(value))}
    if isinstance(value, (tuple, list)):
        return [to_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    return value


def from_plain(tp: type[T], data: Any, *, where: str = "") -> T:
    """Build a value of type `tp` (a dataclass or a typing form) from JSON-ready data.

    Handles nested dataclasses, `tuple[X, ...]`, fixed tuples, `Mapping[K, V]`, `X | None`,
    `Literal`, int, float (ints accepted), str, bool and Any. Missing fields take their
    default; unknown keys are ignored (a newer minor addition). Raises DecodeError naming the
    place (`where`) that does not fit.
    """
    return typing.cast(T, _decode(tp, data, where or _name(tp)))


def _decode(tp: Any, data: Any, where: str) -> Any:
    if tp is Any:
        return data
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(data, Mapping):
            raise DecodeError(f"{where}: expected an object, got {_kind(data)}")
        hints = _hints(tp)
        kwargs = {}
        for f in _fields(tp):
            if f.name in data:
                kwargs[f.name] = _decode(hints[f.name], data[f.name], f"{where}.{f.name}")
            elif (
                f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            ) and f.init:
                raise DecodeError(f"{where}: {f.name!r} is missing")
        return tp(**kwargs)
    origin = get_origin(tp)
    args = get_args(tp)
    if origin in (Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        errors = []
        for option in options:
            try:
                return _decode(option, data, where)
            except DecodeError as exc:
                errors.append(str(exc))
        raise DecodeError(errors[0] if len(errors) == 1 else f"{where}: {data!r} fits no type")
    if origin is Literal:
        if data not in args:
            raise DecodeError(f"{where}: {data!r} is not one of {', '.join(map(repr, args))}")
        return data
    if origin is tuple:
        if not isinstance(data, (list, tuple)):
            raise DecodeError(f"{where}: expected a list, got {_kind(data)}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v, f"{where}[{i}]") for i, v in enumerate(data))
        if len(args) != len(data):
            raise DecodeError(f"{where}: expected {len(args)} items, got {len(data)}")
        pairs = enumerate(zip(args, data, strict=True))
        return tuple(_decode(a, v, f"{where}[{i}]") for i, (a, v) in pairs)
    if origin in (Mapping, dict, typing.Mapping) or tp in (dict, Mapping):
        if not isinstance(data, Mapping):
            raise DecodeError(f"{where}: expected an object, got {_kind(data)}")
        key_t, value_t = args or (Any, Any)
        return {
            _decode(key_t, k, f"{where} key"): _decode(value_t, v, f"{where}[{k!r}]")
            for k, v in data.items()
        }
    if tp is float:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise DecodeError(f"{where}: expected a number, got {_kind(data)}")
        return float(data)
    if tp is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise DecodeError(f"{where}: expected an integer, got {_kind(data)}")
        return data
    if tp is str or tp is bool:
        if not isinstance(data, tp):
            raise DecodeError(f"{where}: expected {tp.__name__}, got {_kind(data)}")
        return data
    raise TypeError(f"from_plain cannot decode {tp!r}")


@cache
def _hints(tp: type) -> dict[str, Any]:
    return typing.get_type_hints(tp)


@cache
def _fields(tp: type) -> tuple[dataclasses.Field[Any], ...]:
    return tuple(f for f in dataclasses.fields(tp) if f.init)


def _name(tp: Any) -> str:
    return str(getattr(tp, "__name__", tp))


def _kind(data: Any) -> str:
    return "null" if data is None else type(data).__name__
