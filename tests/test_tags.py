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


@pytest.mark.parametrize("seed_tags, category, kept, dropped", [
    (("Hong Kong", "Protest", "Xi Jinping"), "Opinion", ("protest",), ("hong kong", "xi jinping", "opinion")),
    (("Share this story About sharing", "direct"), "Top Local Stories", (), ("share this story about sharing", "direct", "top local stories")),
    (("Amazon PCs Servers Storage Networking Data Centers",), "Monetary Policy", ("monetary policy",), ("amazon pcs servers storage networking data centers",)),
    ((), "LinkNaija", (), ("linknaija",)),
])
def test_listed_tags_keep_topics_not_names_or_page_furniture(seed_tags, category, kept, dropped) -> None:  # type: ignore[no-untyped-def]
    result = tags.annotate(story(*BODY, seed_tags=seed_tags, category=category))
    assert set(kept) <= set(result.tags)
    assert not set(dropped) & set(result.tags)


def test_key_phrases_have_no_capitals_inside_and_no_generic_words() -> None:
    body = (
        "The new iPhone and the xCloud service were shown to the company on Monday, a man said.",
        "Battery life matters: battery life on the iPhone is longer, and the battery life test took hours.",
        "The camera is better too. Camera makers worry, the man said, as camera sales fall.",
    )
    result = tags.annotate(story(*body, category="", title="Phones get better batteries"))
    assert all(t == t.lower() for t in result.tags)
    assert not {"iphone", "xcloud", "man", "company", "hours", "monday"} & set(result.tags)
    assert {"batteries", "battery life"} & set(result.tags)


def reserve_archive(count: int) -> list[Article]:
    """Each article: one tag of its own only, two shared ones, and candidates held in reserve
    of which one other article carries as a tag ('inflation')."""
    articles = []
    for i in range(count):
        own = (f"topic{i}", f"other{i}", "interest rates") if i else ("topic0", "inflation", "interest rates")
        reserve = (*own, f"spare{i}", "energy prices", "inflation")
        articles.append(Article(title=f"t{i}", published=None, body=(), category="", tags=own, tag_candidates=reserve))
    return articles


def test_finalize_tops_up_from_candidates_that_recur() -> None:
    result = tags.finalize(reserve_archive(25))
    for article in result:
        assert 3 <= len(article.tags) <= 8
        assert not any(t.startswith(("topic", "other", "spare")) for t in article.tags)
        assert {"interest rates", "energy prices", "inflation"} <= set(article.tags)


def test_finalize_falls_back_to_own_tags_when_nothing_recurs() -> None:
    lonely = Article(title="x", published=None, body=(), tags=("glaciers", "ice sheets", "meltwater"), tag_candidates=("glaciers", "ice sheets", "meltwater", "fjords"))
    result = tags.finalize([*archive(20), lonely])
    assert result[-1].tags == ("glaciers", "ice sheets", "meltwater")


@pytest.mark.parametrize("text, expected", [
    # noun phrases of 1-3 words inside a run of content words, shortest first, in text order;
    # verbs ('rising', 'hit'), adjectives alone ('chief'), URLs and news-trade words end a run
    ("Rising interest rates hit housing markets.", ["interest", "rates", "housing", "markets", "interest rates", "housing markets"]),
    ("The bank's chief economist resigned; economist's warnings",
     ["bank", "economist", "chief economist", "bank chief economist", "economist", "warnings", "economist warnings"]),
    ("See https://example.com/energy-prices for energy prices.", ["energy", "prices", "energy prices"]),
    ("Said the news, per the report.", []),
])
def test_candidate_phrases(text: str, expected: list[str]) -> None:
    assert list(tags.candidate_phrases(text)) == expected
