"""Every feed parses cleanly with feedparser and lists the right entries, with absolute links,
stable ids, every author and the categories."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import feedparser
import pytest

from newsarchive.slugs import slugify

from .site_helpers import BUSY_PERSON, Site, content_stories, names, shared_site

FEED_MAX_ITEMS = 50


@pytest.fixture(scope="module")
def site() -> Site:
    return shared_site()


def feed_files(site: Site) -> list[Path]:
    return sorted((site.output / "feeds").rglob("*.xml"))


@functools.lru_cache(maxsize=None)
def parse(path: Path) -> Any:
    return feedparser.parse(path.read_bytes())


def newest(stories: list[dict[str, Any]]) -> list[str]:
    dated = [s for s in stories if s["date_value"]]
    dated.sort(key=lambda s: s["date_value"], reverse=True)
    return [s["url"] for s in dated[:FEED_MAX_ITEMS]]


def entry_urls(site: Site, feed: Any) -> list[str]:
    prefix = site.siteurl + "/"
    assert all(e.link.startswith(prefix) for e in feed.entries)
    return [e.link[len(prefix) :] for e in feed.entries]


def test_every_feed_parses_cleanly(site: Site) -> None:
    files = feed_files(site)
    kinds = {f.relative_to(site.output / "feeds").parts[0] for f in files if len(f.relative_to(site.output / "feeds").parts) > 1}
    assert {"author", "category", "tag", "people", "organizations", "places"} <= kinds
    bad = {str(f.relative_to(site.output)): str(parse(f).get("bozo_exception")) for f in files if parse(f).bozo}
    assert not (site.output / "feeds" / "undated").exists()
    assert bad == {}


def test_every_feed_has_entries_and_absolute_self_link(site: Site) -> None:
    for path in feed_files(site):
        feed = parse(path)
        assert feed.entries, path
        self_links = [link.href for link in feed.feed.get("links", []) if link.get("rel") == "self"]
        if path.name.endswith(".atom.xml"):
            assert self_links == [f"{site.siteurl}/{path.relative_to(site.output).as_posix()}"]


@pytest.mark.parametrize("name", ["all.atom.xml", "all.rss.xml"])
def test_whole_archive_feed_lists_newest_stories(site: Site, name: str) -> None:
    feed = parse(site.output / "feeds" / name)
    assert entry_urls(site, feed) == newest(content_stories(site))


@pytest.mark.parametrize(
    "feed, key, value",
    [
        ("category/local-news", "category", "Local News"),
        ("author/john-roe", "authors", "John Roe"),
        ("tag/bridges", "tags", "bridges"),
        (f"people/{slugify(BUSY_PERSON)}", "people", BUSY_PERSON),
        ("places/norland", "places", "Norland"),
        ("organizations/harbour-authority", "organizations", "Harbour Authority"),
    ],
)
def test_feed_lists_exactly_its_stories(site: Site, feed: str, key: str, value: str) -> None:
    stories = [s for s in content_stories(site) if value in names(s.get(key, ""))]
    parsed = parse(site.output / "feeds" / f"{feed}.atom.xml")
    assert sorted(entry_urls(site, parsed)) == sorted(newest(stories))


def test_topic_feeds_are_atom_only_and_the_whole_archive_has_both(site: Site) -> None:
    """Every reader reads Atom: a second format per topic would double the feed files."""
    topic_feeds = [p for p in feed_files(site) if p.parent != site.output / "feeds"]
    assert topic_feeds and all(p.name.endswith(".atom.xml") for p in topic_feeds)
    assert {"all.atom.xml", "all.rss.xml"} <= {p.name for p in feed_files(site)}


def test_entry_ids_are_tag_uris_of_link_and_date(site: Site) -> None:
    """Ids depend only on the story's URL and date, so they are the same in every build."""
    by_url = {s["url"]: s for s in content_stories(site)}
    feed = parse(site.output / "feeds" / "all.atom.xml")
    ids = [e.id for e in feed.entries]
    assert len(set(ids)) == len(ids)
    for entry, url in zip(feed.entries, entry_urls(site, feed)):
        date = by_url[url]["date_value"]
        assert entry.id == f"tag:127.0.0.1,{date:%Y-%m-%d}:/archive/{url}"


@pytest.mark.parametrize("path", ["category/local-news.atom.xml", "all.rss.xml"])
def test_entries_carry_every_author_and_their_categories(site: Site, path: str) -> None:
    feed = parse(site.output / "feeds" / path)
    entry = next(e for e in feed.entries if e.link.endswith("/mayor-opens-harbour-bridge.html"))
    assert [a.get("name") for a in entry.authors] == ["Jane Doe", "John Roe"]
    assert {t.term for t in entry.tags} == {"Local News", "bridges", "transport"}


def test_every_atom_entry_names_an_author(site: Site) -> None:
    """Atom requires an author's name: a story no person signed names its outlet, else the archive."""
    feed = parse(site.output / "feeds" / "all.atom.xml")
    unsigned = [e for e in feed.entries if not e.get("author")]
    assert not unsigned, [e.link for e in unsigned]
    raw = (site.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "<name/>" not in raw and "<name></name>" not in raw


def test_html_in_titles_and_content_is_escaped(site: Site) -> None:
    raw = (site.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "<script" not in raw
    feed = parse(site.output / "feeds" / "all.atom.xml")
    entry = next(e for e in feed.entries if e.link.endswith("/hostile-headline.html"))
    assert "</script><script>alert(1)</script> and {{ 7*7 }} &" in entry.title


def test_undated_stories_stay_out_of_feeds(site: Site) -> None:
    for path in feed_files(site):
        assert "/undated/" not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("key, folder", [("people", "people"), ("organizations", "organizations"), ("places", "places")])
def test_entities_named_in_two_dated_stories_have_a_feed_and_the_others_none(site: Site, key: str, folder: str) -> None:
    dated_count: dict[str, int] = {}
    for story in content_stories(site):
        for name in names(story.get(key, "")):
            dated_count[slugify(name)] = dated_count.get(slugify(name), 0) + (1 if story["date_value"] else 0)
    assert any(n == 1 for n in dated_count.values()) and any(n >= 2 for n in dated_count.values())
    for slug, count in dated_count.items():
        feed = site.output / "feeds" / folder / f"{slug}.atom.xml"
        page = (site.output / folder / f"{slug}.html").read_text(encoding="utf-8")
        assert feed.is_file() == (count >= 2), slug
        assert (f"feeds/{folder}/{slug}.atom.xml" in page) == (count >= 2), slug


def test_bounded_cache_keeps_the_most_recently_used_entries() -> None:
    from newsarchive.site.settings import BoundedCache

    cache = BoundedCache(2)
    cache["a"], cache["b"] = 1, 2
    assert cache.get("a") == 1  # "a" is now the most recent
    cache["c"] = 3
    assert list(cache) == ["a", "c"] and cache.get("b") is None and len(cache) == 2


def test_an_entry_is_rendered_once_per_build_and_format_across_feeds() -> None:
    """A story is in many feeds: its entry's XML is made for the first and reused by the others,
    from the build's cache (fix_feed hands it to each feed, empty as it starts)."""
    import io
    from datetime import datetime, timezone

    from newsarchive.site.feeds import ArchiveAtomFeed
    from newsarchive.site.settings import BoundedCache

    cache: dict = BoundedCache(8)
    texts = []
    for title in ("All stories", "One topic"):
        feed = ArchiveAtomFeed(title, "https://example.org/", "A feed")
        feed.add_item("A story", "https://example.org/a.html", "Its text", unique_id="tag:example.org,2024:a",
                      pubdate=datetime(2024, 1, 2, tzinfo=timezone.utc))
        feed.entry_xml = cache
        buffer = io.StringIO()
        feed.write(buffer, "utf-8")
        texts.append(buffer.getvalue())
    assert len(cache) == 1
    entry = texts[0][texts[0].index("<entry>"):texts[0].index("</entry>")]
    assert entry in texts[1]
