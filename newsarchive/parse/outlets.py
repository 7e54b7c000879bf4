"""The outlets data file: agency names and the words that never belong to a person's name."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

OUTLETS_FILE = Path(__file__).resolve().parent.parent / "rules" / "outlets.toml"


@lru_cache(maxsize=1)
def _data() -> dict:  # type: ignore[type-arg]
    return tomllib.loads(OUTLETS_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def agencies() -> dict[str, str]:
    """Agency dateline credit ('AP') → outlet name ('Associated Press')."""
    return dict(_data().get("agencies", {}))


@lru_cache(maxsize=1)
def not_name_words() -> frozenset[str]:
    """Lower-case words that mark a byline part as a title, desk or outlet, not a name."""
    return frozenset(_data().get("names", {}).get("not_name_words", ()))
