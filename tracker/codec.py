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
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [to_data(v) for v in value]
    return value


def from_data(cls: type, data: Any) -> Any:
    """The inverse of to_data for a dataclass type of tracker.types."""
    return _decode(cls, data)


def dumps(value: Any) -> str:
    return json.dumps(to_data(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(cls: type, text: str) -> Any:
    return from_data(cls, json.loads(text))


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(vt))


def _decode(hint: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _decode(inner[0], data)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item) for item in data)
        return tuple(_decode(a, item) for a, item in zip(args, data))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = _hints(hint)
        known = {f.name for f in dataclasses.fields(hint)}
        return hint(**{k: _decode(hints[k], v) for k, v in data.items() if k in known})
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint[data]
    if hint is date:
        return date.fromisoformat(data)
    return data
