"""The stories a site shows: Pelican's dated articles plus the undated ones (built as pages)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


# The lists of Pelican's generators that hold stories (articles and pages, in every status).
STORY_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles",
               "hidden_translations", "pages", "hidden_pages", "draft_pages", "draft_translations")


def metadata_list(content: Any, key: str) -> list[str]:
    """A comma-separated metadata value as a list of names, in order, without duplicates."""
    value = getattr(content, "metadata", {}).get(key.lower(), "")
    if isinstance(value, (list, tuple)):
        return unique_names(tuple(str(v) for v in value))
    return unique_names(tuple(str(value or "").split(",")))


def unique_names(items: tuple[str, ...]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        name = " ".join(item.split())
        if name:
            seen.setdefault(name, None)
    return list(seen)


def metadata_text(content: Any, key: str) -> str:
    """A one-line metadata value, stripped; '' when absent."""
    return " ".join(str(getattr(content, "metadata", {}).get(key.lower(), "") or "").split())


def is_dated(content: Any) -> bool:
    return getattr(content, "date", None) is not None


def collect_stories(generators: Iterable[Any]) -> list[Any]:
    """Every story once: the dated articles newest first, then the undated ones by title."""
    articles: list[Any] = []
    undated: list[Any] = []
    for generator in generators:
        articles.extend(getattr(generator, "articles", ()))
        undated.extend(p for p in getattr(generator, "pages", ()) if not is_dated(p))
    undated.sort(key=lambda p: (str(getattr(p, "title", "")).lower(), p.slug))
    return articles + undated


def stories_from_context(context: Mapping[str, Any]) -> list[Any]:
    """The same list as collect_stories, read from Pelican's shared context."""
    pages = [p for p in context.get("pages", ()) if not is_dated(p)]
    pages.sort(key=lambda p: (str(getattr(p, "title", "")).lower(), p.slug))
    return list(context.get("articles", ())) + pages
