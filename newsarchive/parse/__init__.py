"""Readers: seed text → Article. `parse_seed` picks the reader by the seed's kind."""

from __future__ import annotations

from ..article import Article
from ..seeds import RawSeed
from .text import parse_text


def parse_seed(raw: RawSeed, allow_undated: bool = False) -> Article:
    """Parse a decoded seed into an Article; raise SeedError when it cannot be one."""
    if raw.kind == "html":
        from .html import parse_html

        return parse_html(raw, allow_undated=allow_undated)
    return parse_text(raw, allow_undated=allow_undated)


__all__ = ["parse_seed", "parse_text"]
