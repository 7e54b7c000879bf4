"""Author lines: 'By A and B', 'By A, B and C', 'Author: A', a lone name line."""

from __future__ import annotations

import re

BY = re.compile(r"^\s*(?:by|written by|author|authors|words by)\s*:?\s+(.+)$", re.I)
SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s*;\s*)\s*", re.I)
ROLE = re.compile(
    r"\s*(?:[,|\-–—]\s*)?(?:the )?(?:associated press|ap|reuters|afp|staff|contributor|correspondent|"
    r"reporter|writer|editor|senior [\w ]+|[\w ]*writer|[\w ]*editor|[\w ]*correspondent)\s*$",
    re.I,
)
NAME_WORD = r"[A-Z][\w'’.\-]*"
NAME = re.compile(rf"^(?:{NAME_WORD})(?:\s+(?:{NAME_WORD}|de|van|von|der|da|bin|al|la|le)){{1,4}}$")


def split_authors(text: str) -> tuple[str, ...]:
    """Split an author list into names, dropping roles and outlet names after them."""
    text = re.sub(r"\s+", " ", text).strip(" ,.|")
    names: list[str] = []
    for part in SPLIT.split(text):
        part = ROLE.sub("", part).strip(" ,.|")
        if part and looks_like_name(part) and part not in names:
            names.append(part)
    return tuple(names)


def parse_byline(line: str) -> tuple[str, ...]:
    """Authors named by a 'By ...' / 'Author: ...' line, or ()."""
    match = BY.match(line)
    return split_authors(match.group(1)) if match else ()


def looks_like_name(text: str) -> bool:
    """A short run of capitalised words, as a person's name is."""
    return bool(NAME.match(text.strip())) and len(text) <= 60
