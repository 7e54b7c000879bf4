"""JSON-LD NewsArticle for an article page, safe to embed in a <script> element."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

# Inside <script>, "</script>" or "<!--" in a string would end or confuse the element; escaping
# these characters as JSON unicode escapes keeps the data identical and the markup inert.
SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
SCRIPT_SAFE_TABLE = str.maketrans(SCRIPT_SAFE)


def dumps_for_script(data: Any) -> str:
    """JSON text that cannot end or alter the <script> element it sits in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.translate(SCRIPT_SAFE_TABLE)


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def thing(kind: str, name: str, url: str) -> dict[str, str]:
    """A schema.org thing; the URL only when the archive has a page for it."""
    return {"@type": kind, "name": name, "url": url} if url else {"@type": kind, "name": name}


def story_authors(authors: list[tuple[str, str]], source: str, publisher: tuple[str, str]) -> list[dict[str, str]]:
    """The bylined people; else the outlet, as an Organization; else the archive that publishes
    the story (schema.org and search engines expect an author, and an empty list names nobody)."""
    if authors:
        return [thing("Person", name, link) for name, link in authors]
    if source:
        return [thing("Organization", source, "")]
    return [thing("Organization", *publisher)]


def news_article(
    *,
    headline: str,
    url: str,
    published: datetime | None,
    modified: datetime | None,
    authors: list[tuple[str, str]],
    publisher: tuple[str, str],
    description: str = "",
    section: str = "",
    keywords: list[str] | None = None,
    image: str = "",
    source: str = "",
    entities: list[tuple[str, str, str]] | None = None,
    about: list[tuple[str, str, str]] | None = None,
    language: str = "",
) -> dict[str, Any]:
    """A schema.org NewsArticle. authors: (name, url); entities, about: (schema type, name, url)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
    }
    if published:
        data["datePublished"] = iso(published)
        data["dateModified"] = iso(modified or published)
    data["author"] = story_authors(authors, source, publisher)
    data["publisher"] = {"@type": "Organization", "name": publisher[0], "url": publisher[1]}
    if description:
        data["description"] = description
    if section:
        data["articleSection"] = section
    if keywords:
        data["keywords"] = keywords
    if image:
        data["image"] = [image]
    if source:
        data["isBasedOn"] = {"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": source}}
    mentioned = [thing(kind, name, link) for kind, name, link in entities or ()]
    if about:
        data["about"] = [thing(kind, name, link) for kind, name, link in about]
    if mentioned:
        data["mentions"] = mentioned
    if language:
        data["inLanguage"] = language
    return data
