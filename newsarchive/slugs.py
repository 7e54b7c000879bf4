"""Safe, stable slugs for articles, authors, tags and entities."""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SLUG = 80


def slugify(text: str, fallback: str = "item") -> str:
    """ASCII slug of lower-case letters, digits and hyphens; never empty, never '..'."""
    folded = unicodedata.normalize("NFKD", text)
    folded = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    slug = slug[:MAX_SLUG].rstrip("-")
    if not slug:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
        slug = f"{fallback}-{digest}"
    return slug


def short_hash(text: str, length: int = 8) -> str:
    """A short stable hex digest of text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]
