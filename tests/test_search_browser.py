"""The search page in headless Chromium, on the shared test archive (seeds/ plus fixture stories),
served under a sub-path: results from the URL, results as one types, messages, escaping, keys."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .site_helpers import Site, shared_site

CHROMIUM = Path("/usr/bin/chromium")
SEED_TITLE = "Blinken Says Beijing ‘Almost Certainly’ Provided Russia With Dual-Use Aid"
pytestmark = pytest.mark.browser

if not CHROMIUM.exists() and os.environ.get("CI") != "true":
    pytest.skip("headless Chromium (/usr/bin/chromium) is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def site() -> Site:
    built = shared_site()
    built.serve()
    return built


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page that fails the test on any console error, page error or dialog."""
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    # (Chromium logs a console error for every 404, such as its own /favicon.ico request: those
    # are checked by URL instead.)
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") and "Failed to load resource" not in m.text else None)
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield page
    context.close()
    assert not problems, problems


def status_of(page: Any, pattern: str) -> str:
    page.wait_for_function(
        "(re) => new RegExp(re, 'i').test(document.getElementById('search-status').textContent)", arg=pattern
    )
    return str(page.text_content("#search-status"))


def titles(page: Any) -> list[str]:
    return [str(t) for t in page.locator("#search-results h2 a").all_text_contents()]


def test_query_in_the_url_finds_the_seed_first(site: Site, page: Any) -> None:
    page.goto(f"{site.siteurl}/search.html?q=blinken")
    status_of(page, "found")
    assert titles(page)[0] == SEED_TITLE
    link = page.locator("#search-results h2 a").first
    assert link.get_attribute("href") == f"{site.siteurl}/2023/02/blinken-says-beijing-almost-certainly-provided-russia-with-dual-use-aid.html"
    assert page.locator("#search-results h2 a mark").first.text_content() == "Blinken"
    assert page.locator("#search-results .snippet mark").count() > 0
    assert page.input_value("#search-q") == "blinken"


def test_results_follow_typing_and_the_url_follows_the_query(site: Site, page: Any) -> None:
    page.goto(f"{site.siteurl}/search.html")
    page.locator("#search-q").press_sequentially("harbour bri", delay=30)
    status_of(page, "found for “harbour bri”")
    assert any("Bridge" in t for t in titles(page)), titles(page)
    page.locator("#search-q").fill("")
    page.locator("#search-q").press_sequentially("blinken", delay=30)
    status_of(page, "found for “blinken”")
    assert titles(page)[0] == SEED_TITLE
    assert page.url.endswith("search.html?q=blinken")


@pytest.mark.parametrize(
    "query, message",
    [
        ("foo:", "“foo:” is not something you can search in"),
        ("~", "could not be read"),
        ("^", "could not be read"),
        ('"dual use', "quotation mark is not closed"),
        ("+ - *", "could not be read"),
    ],
)
def test_unreadable_queries_show_a_message(site: Site, page: Any, query: str, message: str) -> None:
    page.goto(f"{site.siteurl}/search.html")
    page.fill("#search-q", query)
    status_of(page, re.escape(message))
    assert page.locator("#search-results li").count() == 0


def test_hostile_text_stays_text(site: Site, page: Any) -> None:
    """A headline made of markup and a query made of markup both show as text."""
    page.goto(f"{site.siteurl}/search.html?q=" + "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E%20curly")
    status_of(page, "found")
    results = page.locator("#search-results")
    assert results.locator("script, img, b").count() == 0
    assert "Quote </script><script>alert(1)</script> and {{ 7*7 }}" in titles(page)[0]
    assert page.locator("#search-status").locator("img").count() == 0


def test_keyboard_moves_through_results(site: Site, page: Any) -> None:
    page.goto(f"{site.siteurl}/search.html?q=harbour")
    status_of(page, "found")
    assert page.locator("#search-results h2 a").count() >= 2
    page.focus("#search-q")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.textContent")
    assert [first, second] == titles(page)[:2]
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "search-q"


def test_filters_narrow_results_and_go_in_the_url(site: Site, page: Any) -> None:
    page.goto(f"{site.siteurl}/search.html?q=harbour")
    status_of(page, "found")
    everything = len(titles(page))
    page.select_option("#search-year", "2021")
    page.wait_for_url(re.compile(r"year=2021"))
    status_of(page, "found|no stories")
    # the results re-render after the URL changes: wait for the filtered list (times out if it never comes)
    page.wait_for_function(
        "() => { const ts = [...document.querySelectorAll('#search-results time')];"
        " return ts.length > 0 && ts.every(t => t.getAttribute('datetime').startsWith('2021')); }",
        timeout=10000,
    )
    dates = page.locator("#search-results time").evaluate_all("ts => ts.map(t => t.getAttribute('datetime'))")
    assert dates and all(d.startswith("2021") for d in dates)
    assert len(titles(page)) < everything


def test_page_is_labelled_and_announces(site: Site, page: Any) -> None:
    page.goto(f"{site.siteurl}/search.html")
    assert page.get_by_label("Words to search for").count() == 1
    assert page.get_attribute("#search-status", "aria-live") == "polite"
    assert page.locator("script:not([src])").count() == 0, "the CSP forbids inline scripts"
