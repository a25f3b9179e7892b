"""Turn tracker's frozen value objects into JSON-ready data and back.

One generic codec driven by the dataclasses' own type hints, so a field added to a value type
is stored without touching the store.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from datetime import date
from enum import Enum
from typing import Any

from tracker import types as vt


def to_data(value: Any) -> Any:
    """A value object (or tuple of them) as plain JSON data."""
    kind = type(value)
    return value if kind in _AS_IS else _encoder(kind)(value)


_AS_IS = frozenset({str, int, float, bool, type(None), dict})  # JSON data already (an IntEnum is not: its type is its own)


@functools.cache
def _encoder(kind: type) -> typing.Callable[[Any], Any]:
    """A function turning values of this type into JSON data, made once per type: a dataclass's
    field names are read when its encoder is made, not for every value (an event holds hundreds of
    mentions)."""
    if dataclasses.is_dataclass(kind):
        names = tuple(f.name for f in dataclasses.fields(kind))
        return lambda value: {n: to_data(getattr(value, n)) for n in names}
    if issubclass(kind, Enum):
        return lambda value: value.name
    if issubclass(kind, date):
        return lambda value: value.isoformat()
    if issubclass(kind, (tuple, list)):
        return lambda value: [to_data(v) for v in value]
    return _plain


def from_data(cls: type, data: Any) -> Any:
    """The inverse of to_data for a dataclass type of tracker.types."""
    return _decoder(cls)(data)


def dumps(value: Any) -> str:
    return json.dumps(to_data(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(cls: type, text: str) -> Any:
    return _decoder(cls)(json.loads(text))


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(vt))


def _plain(data: Any) -> Any:
    return data


@functools.cache
def _decoder(hint: Any) -> typing.Callable[[Any], Any]:
    """A function decoding JSON data of this type hint, made once per hint: the hints are read
    when the decoder is made, not for every value (a store decodes thousands of mentions)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _optional(_decoder([a for a in typing.get_args(hint) if a is not type(None)][0]))
    if origin is tuple:
        return _tuple(typing.get_args(hint))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record(hint)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _optional(hint.__getitem__)
    if hint is date:
        return _optional(date.fromisoformat)
    return _plain


def _optional(inner: typing.Callable[[Any], Any]) -> typing.Callable[[Any], Any]:
    if inner is _plain:
        return _plain
    return lambda data: None if data is None else inner(data)


def _tuple(args: tuple) -> typing.Callable[[Any], Any]:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])
        if item is _plain:
            return lambda data: None if data is None else tuple(data)
        return lambda data: None if data is None else tuple([item(v) for v in data])
    items = [_decoder(a) for a in args]
    if all(f is _plain for f in items):  # (str, float), (int, int): the items as they are
        return lambda data: None if data is None else tuple(data)
    return lambda data: None if data is None else tuple([f(v) for f, v in zip(items, data)])


def _record(cls: type) -> typing.Callable[[Any], Any]:
    """A dataclass from its dict: fields it does not know (an older or newer store) are left out.
    Only the fields that need decoding are touched; the plain ones (text, numbers) pass as they are."""
    hints = _hints(cls)
    fields = {f.name: _decoder(hints[f.name]) for f in dataclasses.fields(cls)}
    special = [(k, f) for k, f in fields.items() if f is not _plain]

    def decode(data: Any) -> Any:
        if data is None:
            return None
        values = dict(data) if data.keys() <= fields.keys() else {k: v for k, v in data.items() if k in fields}
        for k, f in special:
            if k in values:
                values[k] = f(values[k])
        return cls(**values)

    return decode
