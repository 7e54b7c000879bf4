"""The archive in headless Chromium: no serious or critical axe-core violations (light and dark),
no console errors, no request leaving the site, usable on a phone and from the keyboard."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsarchive.slugs import slugify

from .conftest import ROOT
from .site_helpers import BUSY_PERSON, Site, shared_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
PAGES = {
    "article": "2021/03/mayor-opens-harbour-bridge.html",
    "seed article": "2023/02/blinken-says-beijing-almost-certainly-provided-russia-with-dual-use-aid.html",
    "home": "",
    "entity": f"people/{slugify(BUSY_PERSON)}.html",
    "tag": "tag/bridges.html",
    "undated story": "undated/undated-ferry-story.html",
    "entity index": "people/letter-a.html",
    "archives": "archives.html",
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required under CI")
        pytest.skip("chromium not installed")
    if not AXE.exists():
        pytest.skip("axe-core not installed (npm install)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site() -> Site:
    built = shared_site()
    built.serve()
    return built


def visit(browser: Any, url: str, **options: Any) -> tuple[Any, Any, list[str], list[str]]:
    """Open url in a fresh context; return the context, page, console errors and requested URLs."""
    context = browser.new_context(**options)
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(url, wait_until="load")
    return context, page, errors, requests


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_cleanly_and_stays_on_the_site(browser: Any, site: Site, name: str) -> None:
    context, page, errors, requests = visit(browser, f"{site.siteurl}/{PAGES[name]}")
    try:
        assert page.locator("h1").count() == 1
        assert page.locator("main#main").count() == 1
        assert page.evaluate("document.styleSheets.length") >= 1
    finally:
        context.close()
    assert errors == []
    assert requests and all(r.startswith(site.siteurl + "/") for r in requests), requests


def serious_violations(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(browser: Any, site: Site, name: str, scheme: str) -> None:
    # axe is injected as a script, which the page's CSP would rightly refuse
    context, page, _, _ = visit(browser, f"{site.siteurl}/{PAGES[name]}", bypass_csp=True, color_scheme=scheme)
    try:
        assert serious_violations(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("name", ["article", "home", "entity"])
def test_fits_a_phone_screen(browser: Any, site: Site, name: str) -> None:
    context, page, _, _ = visit(browser, f"{site.siteurl}/{PAGES[name]}", viewport={"width": 360, "height": 740})
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


def test_skip_link_is_first_and_moves_focus_to_main(browser: Any, site: Site) -> None:
    context, page, _, _ = visit(browser, f"{site.siteurl}/{PAGES['article']}")
    try:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
    finally:
        context.close()


def test_search_box_submits_to_the_search_page_without_javascript(browser: Any, site: Site) -> None:
    context, page, _, _ = visit(browser, f"{site.siteurl}/{PAGES['home']}", java_script_enabled=False)
    try:
        page.fill("#site-search", "harbour bridge")
        with page.expect_navigation():
            page.press("#site-search", "Enter")
        assert page.url == f"{site.siteurl}/search.html?q=harbour+bridge"
    finally:
        context.close()
