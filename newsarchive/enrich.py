"""Enrichers: entities and tags per article, then the archive-wide steps over the whole set."""

from __future__ import annotations

from collections.abc import Sequence

from .article import Article


def enrich_article(article: Article) -> Article:
    """Add the entities and candidate tags one article carries on its own."""
    from . import entities, tags

    article = entities.annotate(article)
    return tags.annotate(article)


def finalize_archive(articles: Sequence[Article]) -> list[Article]:
    """Archive-wide steps: aliases across articles, tags kept only when they recur."""
    from . import entities, tags

    result = entities.finalize(list(articles))
    return tags.finalize(result)
