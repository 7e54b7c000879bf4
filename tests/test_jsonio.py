"""The caches' JSON: what is written reads back as the same value, whatever its strings hold."""

from __future__ import annotations

import json

import pytest

from newsarchive import jsonio

VALUES = [
    {"b": [1, 2.5, None, True], "a": {"x": "é \"quoted\" \u2028"}, "c": []},
    {"d\udcffcoded.md": ["sig", [["page.html", "fp"]]]},  # a file name with undecodable bytes
    {1: "a key that is not a string"},  # orjson refuses it; the standard library makes it "1"
    [],
]


@pytest.mark.parametrize("value", VALUES)
def test_what_is_written_reads_back(value: object) -> None:
    text = jsonio.dumps(value, sort_keys=True)
    assert jsonio.loads(text) == json.loads(json.dumps(value))
    assert jsonio.loads(text.decode("utf-8")) == jsonio.loads(text)


def test_keys_are_sorted_when_asked() -> None:
    assert list(jsonio.loads(jsonio.dumps({"b": 1, "a": 2, "c": 3}, sort_keys=True))) == ["a", "b", "c"]
    assert list(jsonio.loads(jsonio.dumps({"b": 1, "a": 2}))) == ["b", "a"]


@pytest.mark.parametrize("text", [b"", b"{", b"nope", b"\xff"])
def test_what_is_not_json_is_a_value_error(text: bytes) -> None:
    with pytest.raises(ValueError):
        jsonio.loads(text)
