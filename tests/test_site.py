"""The built archive: story pages linked in every direction, entity pages, indexes, 404, robots,
sitemap, and the rules every page keeps (CSP, no inline script, search box)."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from newsarchive.site.entities import letter_of
from newsarchive.site.sitemap import write_sitemap
from newsarchive.site.state import ensure_state
from newsarchive.slugs import slugify

from .conftest import ROOT
from .site_helpers import BUSY_PERSON, GENERATED, Site, content_stories, html_files, names, shared_site

ENTITY_FOLDERS = {"people": "people", "organizations": "organizations", "places": "places"}
HREF = re.compile(r'href="([^"]+)"')
CSP = ('<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\'; '
       "style-src 'self';")


@pytest.fixture(scope="module")
def site() -> Site:
    return shared_site()


def page(site: Site, url: str) -> str:
    return (site.output / url).read_text(encoding="utf-8")


def later_pages(site: Site, url: str) -> list[str]:
    """The later pages of a list, newest first: numbered from the oldest, page 1 the oldest."""
    base = url[: -len(".html")] if not url.endswith("index.html") else url[: -len("index.html")].rstrip("/")
    folder = site.output / base / "page"
    numbers = sorted((int(p.name) for p in folder.iterdir() if p.name.isdigit()), reverse=True) if folder.is_dir() else []
    assert numbers == list(range(len(numbers), 0, -1))  # 1..n, none missing
    return [f"{base}/page/{n}/index.html" for n in numbers]


def all_pages_of(site: Site, url: str) -> str:
    """A paginated page and all its later pages, newest first, concatenated."""
    return page(site, url) + "".join(page(site, later) for later in later_pages(site, url))


def story(site: Site, slug: str) -> dict[str, Any]:
    return next(s for s in content_stories(site) if s["slug"] == slug)


def test_every_entity_has_a_page_listing_each_story(site: Site) -> None:
    missing = []
    checked = 0
    for item in content_stories(site):
        for key, folder in ENTITY_FOLDERS.items():
            for name in names(item.get(key, "")):
                url = f"{folder}/{slugify(name)}.html"
                path = site.output / url
                if not path.is_file() or f'href="{site.siteurl}/{item["url"]}"' not in all_pages_of(site, url):
                    missing.append(f"{item['url']}: {key} {name}")
                checked += 1
    assert checked >= 10
    assert missing == []


def test_entity_page_is_paginated_newest_first(site: Site) -> None:
    slug = slugify(BUSY_PERSON)
    text = all_pages_of(site, f"people/{slug}.html")
    listed = [u for u in HREF.findall(text) if re.search(r"/\d{4}/\d\d/[^/]+\.html$", u)]
    mentions = [s for s in content_stories(site) if BUSY_PERSON in names(s.get("people", ""))]
    dated = sorted((s for s in mentions if s["date_value"]), key=lambda s: s["date_value"], reverse=True)
    stories = [u for u in dict.fromkeys(listed) if any(u.endswith("/" + s["url"]) for s in mentions)]
    assert len(mentions) > GENERATED
    assert stories[: len(dated)] == [f"{site.siteurl}/{s['url']}" for s in dated]
    # 20 a page: the front page shows the newest 20 to 39, later pages 20 each from the oldest.
    later = later_pages(site, f"people/{slug}.html")
    assert len(later) == max(0, len(mentions) // 20 - 1)
    for path in later:
        assert len(set(HREF.findall(page(site, path))) & {f"{site.siteurl}/{s['url']}" for s in mentions}) == 20
    assert f"{site.siteurl}/undated/undated-ferry-story.html" in text


def test_entity_page_has_chart_companions_and_feeds(site: Site) -> None:
    text = page(site, f"people/{slugify(BUSY_PERSON)}.html")
    assert '<svg class="chart"' in text and "Mentions per " in text
    assert "Often named together" in text and 'href="http://127.0.0.1' in text
    assert f'people/{slugify("Person 0")}.html' in text  # named with her in the generated stories
    assert f"feeds/people/{slugify(BUSY_PERSON)}.atom.xml" in text
    assert f"feeds/people/{slugify(BUSY_PERSON)}.rss.xml" not in text  # topic feeds are Atom only


@pytest.mark.parametrize(
    "name, letter",
    [("Ada Kestrel", "a"), ("Zoë Ünal", "z"), ("Владимир Путин", "other"), ("Émile Zola", "e"), ("42 Club", "other")],
)
def test_letter_buckets(name: str, letter: str) -> None:
    assert letter_of(name) == letter


def test_entity_indexes_by_letter_with_counts(site: Site) -> None:
    index = page(site, "people/index.html")
    assert "people/letter-a.html" in index and "people/letter-other.html" in index
    letter_a = page(site, "people/letter-a.html")
    mentions = sum(BUSY_PERSON in names(s.get("people", "")) for s in content_stories(site))
    assert re.search(rf'{BUSY_PERSON}</a> <span class="count">{mentions}</span>', letter_a)
    other = page(site, "people/letter-other.html")
    assert "Владимир Путин" in other
    for folder in ENTITY_FOLDERS.values():
        assert (site.output / folder / "index.html").is_file()


def test_article_page_links_in_every_direction(site: Site) -> None:
    text = page(site, "2021/03/mayor-opens-harbour-bridge.html")
    base = site.siteurl
    assert f'<a rel="author" href="{base}/author/jane-doe.html">Jane Doe</a>' in text
    assert f'<a rel="author" href="{base}/author/john-roe.html">John Roe</a>' in text
    assert f'<a href="{base}/2021/03/"><time datetime="2021-03-04T10:00:00+01:00">' in text
    assert f'href="{base}/category/local-news.html">Local News</a>' in text
    assert "Originally published by The Port Ellis Gazette." in text
    for url, name in [("people/ada-kestrel.html", "Ada Kestrel"), ("organizations/harbour-authority.html", "Harbour Authority"), ("places/port-ellis.html", "Port Ellis")]:
        assert f'<a href="{base}/{url}">{name}</a>' in text
    assert f'<a rel="tag" href="{base}/tag/transport.html">transport</a>' in text
    for heading in ("<h3>People</h3>", "<h3>Organisations</h3>", "<h3>Places</h3>"):
        assert heading in text


def test_lead_image_only_when_the_archive_has_it(site: Site) -> None:
    with_image = page(site, "2021/03/mayor-opens-harbour-bridge.html")
    base = site.siteurl
    assert f'<img src="{base}/images/0f1c7e00000000ca-960.png" width="960" height="540"' in with_image
    assert f'srcset="{base}/images/0f1c7e00000000ca-480.png 480w, {base}/images/0f1c7e00000000ca-960.png 960w"' in with_image
    assert "Mayor Ada Kestrel cuts the ribbon on the Harbour Bridge." in with_image
    assert "Sam Lens/Gazette" in with_image
    without = page(site, "2021/03/council-approves-tolls.html")
    assert "A caption whose image the archive does not have." not in without
    assert "Nobody/Nowhere" not in without and "<figure" not in without


def related_links(text: str) -> list[str]:
    section = text.split('id="related-heading"', 1)[1].split("</section>", 1)[0]
    return HREF.findall(section)


def test_five_related_stories_sharing_rare_entities_first(site: Site) -> None:
    text = page(site, "2021/03/mayor-opens-harbour-bridge.html")
    links = related_links(text)
    assert len(links) == 5
    # Tom Birch (in 2 stories) and the Harbour Authority (in 3) are rarer than Ada Kestrel (in 29):
    # the three stories that share them come first, in an order the archive's size decides
    sharing = {f"{site.siteurl}/{url}" for url in ("2021/03/council-approves-tolls.html",
                                                    "undated/undated-ferry-story.html", "2022/01/norland-rail-link.html")}
    assert set(links[:3]) == sharing


def test_newer_and_older_by_date(site: Site) -> None:
    text = page(site, "2021/03/council-approves-tolls.html")
    older = re.search(r'<a rel="prev" href="([^"]+)"', text).group(1)
    newer = re.search(r'<a rel="next" href="([^"]+)"', text).group(1)
    assert older == f"{site.siteurl}/2021/03/mayor-opens-harbour-bridge.html"
    assert newer == f"{site.siteurl}/2021/06/hostile-headline.html"


def test_undated_story_is_published_and_listed(site: Site) -> None:
    text = page(site, "undated/undated-ferry-story.html")
    assert "Date unknown" in text
    assert f'href="{site.siteurl}/author/jane-doe.html"' in text
    assert "undated/undated-ferry-story.html" in all_pages_of(site, "undated/index.html")


def test_archives_by_year_and_month(site: Site) -> None:
    archives = page(site, "archives.html")
    assert f'href="{site.siteurl}/2021/"' in archives and f'href="{site.siteurl}/2021/03/"' in archives
    month = page(site, "2021/03/index.html")
    assert "Stories from March 2021" in month
    assert "mayor-opens-harbour-bridge.html" in month and "council-approves-tolls.html" in month
    assert "norland-rail-link.html" not in month


@pytest.mark.parametrize("url", ["categories.html", "tags.html", "authors.html"])
def test_taxonomy_index_pages_link_their_pages(site: Site, url: str) -> None:
    links = [u for u in HREF.findall(page(site, url)) if u.startswith(site.siteurl + "/" + url.split("s.html")[0].replace("categorie", "category"))]
    assert links
    assert all(site.url_to_file(u).is_file() for u in links)


def test_no_page_lists_every_story(site: Site) -> None:
    """Build cost stays linear: a page links to a bounded number of stories, whatever the archive size."""
    urls = {f"{site.siteurl}/{s['url']}" for s in content_stories(site)}
    worst = max(html_files(site), key=lambda p: len(urls & set(HREF.findall(p.read_text(encoding="utf-8")))))
    # A list's front page shows up to two pages' worth less one (newsarchive.site.pagination);
    # a story page links up to 7 others (neighbours and related).
    assert len(urls & set(HREF.findall(worst.read_text(encoding="utf-8")))) <= 2 * 20 - 1 + 7


def test_every_page_keeps_the_rules(site: Site) -> None:
    for path in html_files(site):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(site.output)
        assert CSP in text, where
        scripts = re.findall(r"<script\b([^>]*)>", text)
        assert all('type="application/ld+json"' in attrs or "src=" in attrs for attrs in scripts), where
        assert " style=" not in text and "<style" not in text, where
        assert ' on' not in re.sub(r'"[^"]*"', '""', "".join(re.findall(r"<[a-zA-Z][^>]*>", text))), where
        assert f'action="{site.siteurl}/search.html" method="get"' in text, where
        assert '<label for="site-search">' in text and 'name="q"' in text, where
        assert f'href="{site.siteurl}/search.html"' in text, where
        assert 'class="skip-link" href="#main"' in text and '<main id="main"' in text, where


def test_404_robots_and_sitemap(site: Site) -> None:
    assert "Page not found" in page(site, "404.html")
    robots = page(site, "robots.txt")
    assert f"Sitemap: {site.siteurl}/sitemap.xml" in robots
    tree = ET.parse(site.output / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in tree.getroot().findall("s:url/s:loc", ns)]
    assert f"{site.siteurl}/" in locs
    assert f"{site.siteurl}/2021/03/mayor-opens-harbour-bridge.html" in locs
    assert f"{site.siteurl}/404.html" not in locs
    pages = {p.relative_to(site.output).as_posix() for p in html_files(site)} - {"404.html"}
    listed = {loc[len(site.siteurl) + 1 :] for loc in locs}
    assert {p[: -len("index.html")] if p.endswith("index.html") else p for p in pages} == listed


def test_sitemap_splits_into_an_index_past_the_limit(tmp_path: Path) -> None:
    class Fake:
        settings = {"OUTPUT_PATH": str(tmp_path), "SITEURL": "https://x.org/sub", "NEWSARCHIVE_SITEMAP_MAX_URLS": 3}

    state = ensure_state(Fake.settings)
    for n in range(7):
        state.sitemap[f"page-{n}.html"] = ""
    write_sitemap(Fake())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.parse(tmp_path / "sitemap.xml").getroot()
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    parts = [e.text for e in index.findall("s:sitemap/s:loc", ns)]
    assert parts == [f"https://x.org/sub/sitemap-{n}.xml" for n in (1, 2, 3)]
    counts = [len(ET.parse(tmp_path / f"sitemap-{n}.xml").getroot()) for n in (1, 2, 3)]
    assert counts == [3, 3, 1]


def test_publishconf_takes_siteurl_from_the_environment() -> None:
    code = "import publishconf as p; print(p.SITEURL, p.FEED_DOMAIN, bool(p.FEED_ALL_ATOM), bool(p.TAG_FEED_ATOM))"
    env = {"SITEURL": "https://example.org/archive/", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["https://example.org/archive", "https://example.org/archive", "True", "True"]


@pytest.mark.parametrize("count, hours", [(0, 1), (1, 1), (50, 24 * 400), (600, 24 * 900)])
def test_linear_period_archives_equal_pelicans(count: int, hours: int) -> None:
    import random
    from datetime import datetime, timedelta, timezone
    from types import SimpleNamespace

    from pelican.generators import ArticlesGenerator

    from newsarchive.site.taxonomies import build_period_archives

    settings = {
        "YEAR_ARCHIVE_SAVE_AS": "{date:%Y}/index.html", "YEAR_ARCHIVE_URL": "{date:%Y}/",
        "MONTH_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/index.html", "MONTH_ARCHIVE_URL": "{date:%Y}/{date:%m}/",
        "DAY_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/{date:%d}/index.html", "DAY_ARCHIVE_URL": "{date:%Y}/{date:%m}/{date:%d}/",
    }
    chance = random.Random(count)
    start = datetime(2019, 12, 20, tzinfo=timezone.utc)
    articles = [SimpleNamespace(date=start + timedelta(hours=chance.randrange(hours)), n=n) for n in range(count)]
    articles.sort(key=lambda a: (a.date, a.n), reverse=True)
    dates = sorted(articles, key=lambda a: a.date, reverse=True)
    expected = ArticlesGenerator._build_period_archives(None, dates, articles, settings)
    assert build_period_archives(None, dates, articles, settings) == dict(expected)
