"""Topic tags for an article: the seed's own tags and the category, then keyphrases."""

from __future__ import annotations

import re

from .article import Article


def normalise_tag(text: str) -> str:
    """Lower case, single spaces, no punctuation at the ends."""
    return re.sub(r"\s+", " ", text).strip(" .,;:!?-–—'\"").lower()


def annotate(article: Article) -> Article:
    """Candidate tags for one article."""
    found: list[str] = []
    for tag in (*article.seed_tags, article.category):
        tag = normalise_tag(tag)
        if tag and tag not in found:
            found.append(tag)
    return article.with_(tags=tuple(found[:8]))


def finalize(articles: list[Article]) -> list[Article]:
    """Archive-wide tag pruning."""
    return articles
