"""Topic tags: seed tags and category first, recurring noun phrases, no names, archive pruning."""

from __future__ import annotations

import pytest

from newsarchive import tags
from newsarchive.article import Article
from newsarchive.ingest import extract_path

from .conftest import FIRST_SEED

BODY = (
    "The central bank raised interest rates again on Thursday, the third rise this year, as inflation kept climbing.",
    "Interest rates now stand at their highest level since 2008, and economists expect further rate rises.",
    "Mortgage holders will feel the rise first: mortgage payments climb as interest rates go up.",
    "Andrew Bailey said inflation should fall next year. Inflation hit 10% in October, driven by energy prices.",
    "Energy prices have doubled since last winter, the Bank of England said in London.",
)


def story(*body: str, category: str = "Business", seed_tags: tuple[str, ...] = (), title: str = "Bank raises interest rates again") -> Article:
    return Article(title=title, published=None, body=body, category=category, seed_tags=seed_tags)


@pytest.mark.parametrize("raw, expected", [
    ("  China News ", "china news"),
    ("Economy.", "economy"),
    ("“Tech”", "tech"),
    ("Middle  East", "middle east"),
    ("—Sport—", "sport"),
])
def test_normalise_tag(raw: str, expected: str) -> None:
    assert tags.normalise_tag(raw) == expected


def test_seed_tags_and_category_come_first() -> None:
    result = tags.annotate(story(*BODY, seed_tags=("Monetary Policy", "Economy")))
    assert result.tags[:3] == ("monetary policy", "economy", "business")


def test_three_to_eight_lower_case_tags_without_names_or_boilerplate() -> None:
    result = tags.annotate(story(*BODY))
    assert 3 <= len(result.tags) <= 8
    assert all(t == t.lower() and t == t.strip() for t in result.tags)
    words = {w for t in result.tags for w in t.split()}
    assert not words & {"andrew", "bailey", "bank", "england", "london", "thursday", "october", "said", "year"}
    assert {"interest rates", "inflation"} <= set(result.tags)


def test_first_seed_tags() -> None:
    result = extract_path(FIRST_SEED)
    assert result.tags[0] == "china news"
    assert 3 <= len(result.tags) <= 8
    assert "sanctions" in result.tags
    names = {"china", "blinken", "russia", "taiwan", "ukraine", "chinese", "beijing"}
    assert not {w for t in result.tags[1:] for w in t.split()} & names


def archive(count: int) -> list[Article]:
    articles = []
    for i in range(count):
        own = (f"topic{i}",)  # a tag only this article carries
        shared = ("inflation", "interest rates") if i % 4 else ("interest rate", "energy prices")
        articles.append(Article(title=f"t{i}", published=None, body=(), category="Business", tags=("business", *shared, *own)))
    return articles


def test_one_article_tags_are_dropped_once_the_archive_is_large_enough() -> None:
    result = tags.finalize(archive(20))
    for article in result:
        assert article.tags[0] == "business"
        assert not any(t.startswith("topic") for t in article.tags)
    assert all("interest rates" in a.tags for a in result)  # plural and singular share a spelling


def test_small_archives_keep_every_tag() -> None:
    result = tags.finalize(archive(5))
    assert all(any(t.startswith("topic") for t in a.tags) for a in result)


def test_the_category_stays_even_when_only_one_article_has_it() -> None:
    articles = archive(20)
    articles[0] = articles[0].with_(category="Obituaries", tags=("obituaries", "inflation"))
    result = tags.finalize(articles)
    assert result[0].tags == ("obituaries", "inflation")
