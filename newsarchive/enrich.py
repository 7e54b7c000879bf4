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
    """Archive-wide steps: aliases across articles, then each topic under one name. A story short
    of topics whose names the entity step completed ('Safin' → 'Marat Safin') is tagged again:
    a full name can be a topic where a lone surname cannot."""
    from . import entities, tags

    before = list(articles)
    result = entities.finalize(before)
    result = [
        retag(old, new) if len(new.tags) < tags.MIN_TAGS and names_of(old) != names_of(new) else new
        for old, new in zip(before, result, strict=True)
    ]
    return tags.finalize(result)


def names_of(article: Article) -> tuple[tuple[str, ...], ...]:
    """A story's people, organisations and places."""
    return article.people, article.organizations, article.places


def retag(old: Article, new: Article) -> Article:
    """A story's topics again, from its archive-wide names; the old ones kept if the new are no more."""
    from . import tags

    again = tags.annotate(new)
    return again if len(again.tags) > len(new.tags) else new
