"""Zero broken internal links: a crawler over every page of the built archive."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from .site_helpers import Site, html_files, shared_site

LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("form", "action"), ("source", "src")}


class LinkParser(HTMLParser):
    """Collects the URLs a page links to, and the ids it defines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if (tag, name) in LINK_ATTRIBUTES and value is not None:
                self.links.append(value)
            if tag == "img" and name == "srcset" and value:
                self.links += [part.split()[0] for part in value.split(",") if part.strip()]


def parse(path: Path) -> LinkParser:
    parser = LinkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site() -> Site:
    return shared_site()


def pending(site: Site, target: Path) -> bool:
    """search.html is the search issue's page; until its template exists, links to it wait."""
    search_template = Path(__file__).resolve().parent.parent / "theme" / "templates" / "search.html"
    return target == site.output / "search.html" and not search_template.exists()


def broken_links(site: Site) -> list[str]:
    from urllib.parse import urljoin, urlsplit

    broken = []
    pages = {path: parse(path) for path in html_files(site)}
    for path, parser in pages.items():
        page_url = site.siteurl + "/" + path.relative_to(site.output).as_posix()
        for link in parser.links:
            absolute = urljoin(page_url, link)
            if urlsplit(absolute).scheme not in ("http", "https"):
                broken.append(f"{path.relative_to(site.output)}: {link} (not a web link)")
                continue
            target = site.url_to_file(absolute)
            if target is None:
                continue  # leaves the site (checked to be absent by the browser tests)
            if not target.is_file() and not pending(site, target):
                broken.append(f"{path.relative_to(site.output)}: {link}")
                continue
            fragment = urlsplit(absolute).fragment
            if fragment and target in pages and fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(site.output)}: {link} (no #{fragment})")
    return broken


def test_build_logs_no_errors(site: Site) -> None:
    assert site.errors == []


def test_no_broken_internal_links(site: Site) -> None:
    assert len(html_files(site)) > 100
    assert broken_links(site) == []


def test_pages_link_nowhere_else(site: Site) -> None:
    """Pages link only inside the site (the seeds' own links are escaped text, never links)."""
    from urllib.parse import urljoin

    outside = []
    for path in html_files(site):
        page_url = site.siteurl + "/" + path.relative_to(site.output).as_posix()
        for link in parse(path).links:
            if not urljoin(page_url, link).startswith(site.siteurl + "/"):
                outside.append(f"{path.relative_to(site.output)}: {link}")
    assert outside == []


def test_crawler_finds_a_broken_link(site: Site, tmp_path: Path) -> None:
    """The crawler itself can fail: a page with a dead link is reported."""
    page = site.output / "zz-broken-link-probe.html"
    page.write_text('<a href="nowhere.html">x</a><a href="index.html#no-such-id">y</a>', encoding="utf-8")
    try:
        found = broken_links(site)
    finally:
        page.unlink()
    assert "zz-broken-link-probe.html: nowhere.html" in found
    assert "zz-broken-link-probe.html: index.html#no-such-id (no #no-such-id)" in found
