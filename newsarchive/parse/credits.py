"""Image captions and their photo credits."""

from __future__ import annotations

import re

CREDIT_PAREN = re.compile(r"^(?P<caption>.+?)\s*\((?P<credit>[^()]{3,120})\)\s*$")
CREDIT_WORDS = re.compile(
    r"(getty|afp|reuters|\bap\b|associated press|epa|photo|image|shutterstock|courtesy|"
    r"/|via|pool|file|credit|alamy|istock|staff)",
    re.I,
)
CREDIT_LINE = re.compile(r"^\s*(?:photo|image|picture|credit|photograph)s?\s*(?:credit)?\s*:\s*(?P<credit>.+)$", re.I)


def split_caption_credit(line: str) -> tuple[str, str] | None:
    """(caption, credit) when a line is an image caption ending in a credit in parentheses."""
    match = CREDIT_PAREN.match(line.strip())
    if match and CREDIT_WORDS.search(match.group("credit")):
        return match.group("caption").strip(), match.group("credit").strip()
    return None


def parse_credit_line(line: str) -> str | None:
    """The credit of a 'Photo: X' / 'Credit: X' line."""
    match = CREDIT_LINE.match(line)
    return match.group("credit").strip() if match else None
