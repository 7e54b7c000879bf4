"""JSON for the build's own caches (page fingerprints, story signatures, related lists).

A large archive's caches are tens of megabytes of JSON, read and written on every build: orjson
(C) reads and writes them much faster than the standard library. It refuses strings that are not valid Unicode (a file name with undecodable bytes,
held as surrogates): those values go through the standard library, whose JSON orjson cannot read
back, so reading falls back to it too.
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def dumps(value: Any, sort_keys: bool = False) -> bytes:
    """`value` as UTF-8 JSON (keys sorted with `sort_keys`)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS if sort_keys else 0)
    except TypeError:  # orjson.JSONEncodeError: not valid Unicode, or a type orjson does not know
        return json.dumps(value, sort_keys=sort_keys).encode("utf-8")


def loads(data: bytes | str) -> Any:
    """The value of JSON text; ValueError when it is not JSON."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)
