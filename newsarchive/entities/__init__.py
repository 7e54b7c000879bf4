"""People, organisations and places an article mentions, under one canonical name each."""

from __future__ import annotations

from ..article import Article


def annotate(article: Article) -> Article:
    """Recognise the entities of one article (filled by the entity model)."""
    return article


def finalize(articles: list[Article]) -> list[Article]:
    """Archive-wide canonical names (alias table, cross-article short forms)."""
    return articles
