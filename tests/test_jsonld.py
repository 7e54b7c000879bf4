"""The JSON-LD NewsArticle of every story page parses, has the required fields, and survives
</script> in any field."""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from newsarchive.site.jsonld import dumps_for_script, news_article

from .site_helpers import Site, content_stories, names, shared_site

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


@pytest.fixture(scope="module")
def site() -> Site:
    return shared_site()


def blocks(path: Path) -> list[str]:
    return JSONLD.findall(path.read_text(encoding="utf-8"))


def story_by_slug(site: Site, slug: str) -> dict[str, Any]:
    return next(s for s in content_stories(site) if s["slug"] == slug)


def story_data(site: Site, story: dict[str, Any]) -> dict[str, Any]:
    found = blocks(site.output / story["url"])
    assert len(found) == 1, story["url"]
    return json.loads(found[0])


def test_every_story_page_has_one_parsable_newsarticle(site: Site) -> None:
    stories = content_stories(site)
    assert len(stories) > 30
    for story in stories:
        data = story_data(site, story)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "NewsArticle"
        assert data["headline"] == story["title"]
        assert data["url"] == f"{site.siteurl}/{story['url']}"
        assert data["publisher"]["name"] and data["publisher"]["url"] == site.siteurl + "/"
        assert data["author"], story["url"]  # never "author": []
        bylined = names(story.get("authors", ""))
        if not bylined:  # the outlet, else the archive itself
            outlet = {"name": story["source"]} if story.get("source") else data["publisher"]
            assert data["author"] == [{**outlet, "@type": "Organization"}]
            continue
        assert [a["name"] for a in data["author"]] == bylined
        for author in data["author"]:
            assert author["@type"] == "Person"
            assert site.url_to_file(author["url"]).is_file() if "url" in author else not story["date_value"]


def test_a_story_without_a_byline_names_its_outlet_as_author(site: Site) -> None:
    data = story_data(site, story_by_slug(site, "storm-closes-skerry-port"))
    assert data["author"] == [{"@type": "Organization", "name": "Coastal Wire"}]
    assert data["publisher"]["name"] == "News Archive"  # the archive publishes, the outlet wrote


def test_dates_carry_their_timezone(site: Site) -> None:
    for story in content_stories(site):
        data = story_data(site, story)
        if story["date_value"] is None:
            assert "datePublished" not in data
            continue
        published = datetime.fromisoformat(data["datePublished"])
        assert published.tzinfo is not None and published == story["date_value"]
        modified = datetime.fromisoformat(data["dateModified"])
        expected = datetime.fromisoformat(story["modified"]) if story.get("modified") else story["date_value"]
        assert modified.tzinfo is not None and modified == expected


def test_entities_are_mentioned_with_their_pages(site: Site) -> None:
    kinds = {"people": "Person", "organizations": "Organization", "places": "Place"}
    for story in content_stories(site):
        data = story_data(site, story)
        expected = [(kinds[k], n) for k in kinds for n in names(story.get(k, ""))]
        assert [(m["@type"], m["name"]) for m in data.get("mentions", [])] == expected
        for thing in data.get("mentions", []) + data.get("about", []):
            assert site.url_to_file(thing["url"]).is_file()
        if expected:
            assert data["about"]


def test_headline_with_script_end_tag_stays_data(site: Site) -> None:
    page = (site.output / "2021/06/hostile-headline.html").read_text(encoding="utf-8")
    (block,) = JSONLD.findall(page)
    assert "<" not in block and ">" not in block
    data = json.loads(block)
    assert data["headline"].startswith("Quote </script><script>alert(1)</script> and {{ 7*7 }} & “curly”")
    assert html.unescape(H1.search(page).group(1)) == data["headline"]


@pytest.mark.parametrize(
    "value",
    ["</script>", "<!--", "<script>", "a & b", "]]>", "\u2028\u2029", "</SCRIPT >", '"quoted"', "\\"],
)
def test_dumps_for_script_round_trips_and_hides_markup(value: str) -> None:
    text = dumps_for_script({"headline": value, "list": [value]})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"headline": value, "list": [value]}


def test_news_article_fields() -> None:
    when = datetime.fromisoformat("2023-02-24T09:00:00+01:00")
    data = news_article(
        headline="H", url="https://x.org/a.html", published=when, modified=None,
        authors=[("A B", "https://x.org/author/a-b.html")], publisher=("Site", "https://x.org/"),
        entities=[("Person", "C D", "https://x.org/people/c-d.html")],
    )
    assert data["datePublished"] == data["dateModified"] == "2023-02-24T09:00:00+01:00"
    assert data["author"] == [{"@type": "Person", "name": "A B", "url": "https://x.org/author/a-b.html"}]
    assert data["mentions"][0]["name"] == "C D"


@pytest.mark.parametrize(
    "authors, source, expected",
    [
        ([("A B", "https://x.org/author/a-b.html")], "Wire", [{"@type": "Person", "name": "A B", "url": "https://x.org/author/a-b.html"}]),
        ([("A B", ""), ("C D", "")], "", [{"@type": "Person", "name": "A B"}, {"@type": "Person", "name": "C D"}]),
        ([], "The Port Ellis Gazette", [{"@type": "Organization", "name": "The Port Ellis Gazette"}]),
        ([], "", [{"@type": "Organization", "name": "Site", "url": "https://x.org/"}]),  # the archive
    ],
)
def test_author_is_the_byline_else_the_outlet_else_the_archive(authors: list[tuple[str, str]], source: str, expected: Any) -> None:
    data = news_article(headline="H", url="https://x.org/a.html", published=None, modified=None,
                        authors=authors, publisher=("Site", "https://x.org/"), source=source)
    assert data["author"] == expected
