"""One small codec between frozen dataclasses and JSON-ready data, and the schema stamp.

Every stage result has a symmetric `to_dict()` / `from_dict()` pair. The files they write are
documented contracts whose key names, nesting and rounding predate this module (graph.json is
node-link JSON with evidence resolved to record ids, topics.json renames and groups fields,
digests.json joins theme terms), so each result type keeps a short hand-written mapping for its
outer shape and hands the parts whose keys are simply the field names to the generic
`to_plain` / `from_plain` below (settings, statistics, cue hits, sector definitions).

Why not msgspec, cattrs or pydantic: none of them would write the documented shapes without a
rename or hook per field, which is the same code as the mapping itself plus a new dependency
(pydantic is installed here only as a transitive dependency; msgspec and cattrs are not). Speed
does not decide either: `python benchmarks/bench_codec.py` reads every file of a default-corpus
run folder in about 4 ms in all, and decodes 14,400 sector records (sectors.json at the size of
the People's Daily benchmark) in 0.2-0.3 s against 0.2 s for a pydantic TypeAdapter of the same
dataclasses, because each type's decoder is built once (`_decoder`) and does no dispatch on the
data. The whole module is under 300 lines.

Versioning: a file carries `"schema": "kamlit-<kind>/<version>"`. A reader accepts a file
without the key (written before it existed) and any version up to the one it knows; a newer
version is refused with an `InputError` naming the schema (`load_run` adds the file name).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from kamlit.errors import InputError, Malformed, located, message
from kamlit.i18n import Notice

SCHEMA_KEY = "schema"
DIGITS = 6

T = TypeVar("T")


class DecodeError(Malformed):
    """Data that does not fit the type it is read as; the message names the place."""

    def __init__(self, message: str | Notice) -> None:
        super().__init__(message)
        self.message = str(self.args[0])
        self.path: list[str] = []  # filled in on the way out, innermost last

    def __str__(self) -> str:
        return f"{''.join(self.path)}: {self.message}" if self.path else self.message

    def detail(self) -> Notice:
        """The message after its place (`themes[2].quadrant: …`), as `str()` says it."""
        return located("".join(self.path), self.notice) if self.path else self.notice


def schema_tag(kind: str, version: int) -> str:
    """Return the value of the schema key, e.g. `kamlit-topics/1`."""
    return f"kamlit-{kind}/{version}"


def check_schema(data: Mapping[str, Any], kind: str, version: int) -> int:
    """Return the schema version of `data` (1 when the key is absent, as in older files).

    Raises InputError when the data is another kind of file or a newer version than `version`.
    """
    if not isinstance(data, Mapping):
        raise InputError(message("error.schema_object", kind=kind))
    tag = data.get(SCHEMA_KEY)
    if tag is None:
        return 1
    name, _, number = str(tag).rpartition("/")
    if name != f"kamlit-{kind}" or not number.isdigit():
        raise InputError(message("error.schema_other", kind=kind, tag=repr(tag)))
    found = int(number)
    if found > version:
        raise InputError(
            message("error.schema_newer", tag=str(tag), ours=schema_tag(kind, version))
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
    place that does not fit, e.g. `themes[2].quadrant: 'x' is not one of …`.
    """
    try:
        return typing.cast(T, _decoder(typing.cast(Any, tp))(data))
    except DecodeError as exc:
        exc.path.insert(0, where or _name(tp))
        raise


Decoder = Callable[[Any], Any]


@cache
def _decoder(tp: Any) -> Decoder:
    """Return a function decoding data of type `tp`, built once per type: decoding good data
    does no type dispatch and builds no strings (places are added to an error on the way
    out)."""
    if tp is float:
        return _float
    if tp is int:
        return _int
    if tp is str or tp is bool:
        return _instance(tp)
    if tp is Any:
        return _any
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    origin = get_origin(tp)
    args = get_args(tp)
    if origin in (Union, types.UnionType):
        return _union_decoder(args)
    if origin is Literal:

        def literal(data: Any) -> Any:
            if data not in args:
                raise DecodeError(
                    message(
                        "error.decode_choice",
                        value=repr(data),
                        options=", ".join(map(repr, args)),
                    )
                )
            return data

        return literal
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _sequence_decoder(_decoder(args[0]))
        return _fixed_tuple_decoder(tuple(_decoder(a) for a in args))
    if origin in (Mapping, dict) or tp in (dict, Mapping):
        key_t, value_t = args or (Any, Any)
        return _mapping_decoder(_decoder(key_t), _decoder(value_t))
    raise TypeError(f"from_plain cannot decode {tp!r}")


def _float(data: Any) -> float:
    if type(data) is float:
        return data
    if isinstance(data, bool) or not isinstance(data, (int, float)):
        raise DecodeError(message("error.decode_number", kind=_kind(data)))
    return float(data)


def _int(data: Any) -> int:
    if isinstance(data, bool) or not isinstance(data, int):
        raise DecodeError(message("error.decode_integer", value=_kind(data)))
    return data


def _any(data: Any) -> Any:
    return data


def _instance(tp: type) -> Decoder:
    def check(data: Any) -> Any:
        if not isinstance(data, tp):
            raise DecodeError(message("error.decode_type", type=tp.__name__, kind=_kind(data)))
        return data

    return check


def _dataclass_decoder(tp: type) -> Decoder:
    hints = _hints(tp)
    specs = [
        (
            f.name,
            _decoder(hints[f.name]),
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
        )
        for f in dataclasses.fields(tp)
        if f.init
    ]

    def decode(data: Any) -> Any:
        if not isinstance(data, Mapping):
            raise DecodeError(message("error.decode_object", kind=_kind(data)))
        kwargs = {}
        for name, field_decoder, required in specs:
            if name in data:
                try:
                    kwargs[name] = field_decoder(data[name])
                except DecodeError as exc:
                    exc.path.insert(0, f".{name}")
                    raise
            elif required:
                raise DecodeError(message("error.key_missing", key=repr(name)))
        return tp(**kwargs)

    return decode


def _union_decoder(args: tuple[Any, ...]) -> Decoder:
    optional = type(None) in args
    options = [_decoder(a) for a in args if a is not type(None)]
    names = ", ".join(map(_name, args))

    def decode(data: Any) -> Any:
        if data is None and optional:
            return None
        errors = []
        for option in options:
            try:
                return option(data)
            except DecodeError as exc:
                errors.append(exc)
        if len(errors) == 1:
            raise errors[0]
        raise DecodeError(message("error.decode_none", value=repr(data), types=names))

    return decode


def _sequence_decoder(item: Decoder) -> Decoder:
    def decode(data: Any) -> tuple[Any, ...]:
        if not isinstance(data, (list, tuple)):
            raise DecodeError(message("error.decode_list", kind=_kind(data)))
        try:
            return tuple([item(v) for v in data])
        except DecodeError as exc:
            for i, v in enumerate(data):  # find the place only when something is wrong
                try:
                    item(v)
                except DecodeError:
                    exc.path.insert(0, f"[{i}]")
                    break
            raise

    return decode


def _fixed_tuple_decoder(items: tuple[Decoder, ...]) -> Decoder:
    def decode(data: Any) -> tuple[Any, ...]:
        if not isinstance(data, (list, tuple)):
            raise DecodeError(message("error.decode_list", kind=_kind(data)))
        if len(items) != len(data):
            raise DecodeError(message("error.decode_items", n=len(items), found=len(data)))
        out = []
        for i, (item, v) in enumerate(zip(items, data, strict=True)):
            try:
                out.append(item(v))
            except DecodeError as exc:
                exc.path.insert(0, f"[{i}]")
                raise
        return tuple(out)

    return decode


def _mapping_decoder(key: Decoder, value: Decoder) -> Decoder:
    def decode(data: Any) -> dict[Any, Any]:
        if not isinstance(data, Mapping):
            raise DecodeError(message("error.decode_object", kind=_kind(data)))
        out = {}
        for k, v in data.items():
            try:
                out[key(k)] = value(v)
            except DecodeError as exc:
                exc.path.insert(0, f"[{k!r}]")
                raise
        return out

    return decode


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
