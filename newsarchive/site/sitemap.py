"""sitemap.xml (an index of sitemap files past NEWSARCHIVE_SITEMAP_MAX_URLS URLs) and robots.txt.

Every HTML page Pelican writes is announced by its `content_written` signal, and the pages an
incremental build kept as they were are listed in the build's state (`kept_pages`); the sitemap
lists them all except the 404 page, with the story's modification or publication date where it
has one.
"""

from __future__ import annotations

from pathlib import Path
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

from pelican import signals

from ..fsutil import write_atomic
from .settings import absolute_url, setting
from .state import ensure_state, find_state, give_state

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
EXCLUDED = {"404.html"}


def begin_pages(generators: list[Any]) -> None:
    """The pages are written next: start the build's list of them afresh."""
    if generators:
        ensure_state(generators[0].settings).sitemap.clear()


def record_page(path: str, context: dict[str, Any]) -> None:
    """A page Pelican wrote (its `content_written` signal)."""
    state = find_state(context)
    if state is not None:
        add_page(state.sitemap, str(context.get("output_file") or ""), context)


def add_page(entries: dict[str, str], name: str, context: Mapping[str, Any]) -> None:
    """A page by its output name, with the values it is written with."""
    if not name.endswith(".html") or name in EXCLUDED:
        return
    story = context.get("article") or context.get("page")
    stamp = getattr(story, "modified", None) or getattr(story, "date", None)
    url = name[: -len("index.html")] if name.endswith("index.html") else name
    entries[url] = stamp.isoformat() if stamp else ""


def write_sitemap(pelican: Any) -> None:
    """sitemap.xml (or an index of sitemap files) and robots.txt, from the pages written and kept."""
    state = find_state(pelican.settings)
    if state is None:
        return
    entries = state.sitemap
    for names, values in state.kept_pages:
        for name in names:
            add_page(entries, name, values)
    settings = pelican.settings
    output = Path(settings["OUTPUT_PATH"])
    limit = int(setting(settings, "NEWSARCHIVE_SITEMAP_MAX_URLS"))
    urls = sorted(entries.items())
    chunks = [urls[i : i + limit] for i in range(0, len(urls), limit)] or [[]]
    if len(chunks) == 1:
        write_text(output / "sitemap.xml", urlset(settings, chunks[0]))
    else:
        names = [f"sitemap-{n}.xml" for n in range(1, len(chunks) + 1)]
        for name, chunk in zip(names, chunks):
            write_text(output / name, urlset(settings, chunk))
        write_text(output / "sitemap.xml", sitemap_index(settings, names))
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {absolute_url(settings, 'sitemap.xml')}\n"
    write_text(output / "robots.txt", robots)


def urlset(settings: dict[str, Any], entries: list[tuple[str, str]]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{NS}">']
    for url, lastmod in entries:
        stamp = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(absolute_url(settings, url))}</loc>{stamp}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def sitemap_index(settings: dict[str, Any], names: list[str]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{NS}">']
    lines += [f"<sitemap><loc>{escape(absolute_url(settings, name))}</loc></sitemap>" for name in names]
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"


def write_text(path: Path, text: str) -> None:
    """Write atomically, so an interrupted build never leaves half a sitemap."""
    write_atomic(path, text.encode("utf-8"), fsync=False)


def register() -> None:
    signals.initialized.connect(give_state)
    signals.all_generators_finalized.connect(begin_pages)
    signals.content_written.connect(record_page)
    signals.finalized.connect(write_sitemap)
