"""Feeds as readers expect them: absolute links, stable ids, every author, on every feed Pelican
or the entity plugin writes.

Pelican's writer builds each feed; at its `feed_generated` signal this plugin makes the links
absolute (SITEURL, or NEWSARCHIVE_PREVIEW_URL while SITEURL is empty), derives each entry's id from
its absolute link and publication date (a tag: URI, stable across rebuilds), lists every author
of an entry, not only the first, and keeps titles verbatim (they are plain text, escaped as XML).
"""

from __future__ import annotations

import io
from typing import Any

from feedgenerator import Atom1Feed, Rss201rev2Feed, get_tag_uri
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator

from pelican import signals

from .pelican_compat import close_start_element, write_raw_xml
from .settings import absolute_url, publisher_name
from .state import ensure_state, find_state, give_state
from .stories import collect_stories



def cached_items(feed: Any, element: str, handler: Any) -> None:
    """Write each entry from its cached XML (the build's, given to the feed by fix_feed), rendering
    it the first time a build meets it."""
    close_start_element(handler)
    cache: dict[tuple[type, str, str], str] | None = getattr(feed, "entry_xml", None)
    if cache is None:  # a feed fix_feed did not see (an empty cache is falsy: not `or`)
        cache = {}
    for item in feed.items:
        key = (type(feed), str(item.get("unique_id")), str(item.get("link")))
        text = cache.get(key)
        if text is None:
            buffer = io.StringIO()
            entry = SimplerXMLGenerator(buffer, "utf-8", short_empty_elements=True)
            entry.startElement(element, feed.item_attributes(item))
            feed.add_item_elements(entry, item)
            entry.endElement(element)
            close_start_element(entry)
            text = cache[key] = buffer.getvalue()
        write_raw_xml(handler, text)


class ArchiveAtomFeed(Atom1Feed):
    """Atom with one <author> element per author."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        for name, link in item.get("more_authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            if link:
                handler.addQuickElement("uri", link)
            handler.endElement("author")

    def write_items(self, handler: Any) -> None:
        cached_items(self, "entry", handler)


class ArchiveRssFeed(Rss201rev2Feed):
    """RSS 2.0 with one <dc:creator> per author."""

    def rss_attributes(self) -> dict[str, str]:
        attributes = super().rss_attributes()
        attributes["xmlns:dc"] = "http://purl.org/dc/elements/1.1/"
        return attributes

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        for name, _ in item.get("more_authors", ()):
            handler.addQuickElement("dc:creator", name)

    def write_items(self, handler: Any) -> None:
        cached_items(self, "item", handler)


def remember_stories(generators: list[Any]) -> None:
    """Index the build's stories by address, for the feeds' entries; forget an earlier run's."""
    if not generators:
        return
    state = ensure_state(generators[0].settings)
    state.entry_fixes.clear()
    state.entry_xml.clear()
    state.stories_by_url = {story.url: story for story in collect_stories(generators)}


def make_absolute(settings: dict[str, Any], link: str) -> str:
    """Pelican's link, which is root-relative while SITEURL is empty, as an absolute URL."""
    if link.startswith(("http://", "https://")):
        return link
    siteurl = str(settings.get("SITEURL") or "")
    path = link.lstrip("/")
    if siteurl.startswith("/"):  # the link already carries the sub-path
        path = path[len(siteurl.strip("/")) :].lstrip("/")
    return absolute_url(settings, path)


def feed_address(settings: dict[str, Any], feed_url: str) -> str:
    """The feed's own URL: Pelican joins it to FEED_DOMAIN, which is the preview URL in development."""
    domain = str(settings.get("FEED_DOMAIN") or "").rstrip("/")
    defaults = {str(settings.get("SITEURL") or "").rstrip("/"), str(settings.get("NEWSARCHIVE_PREVIEW_URL") or "").rstrip("/")}
    if domain and domain in defaults and feed_url.startswith(domain + "/"):
        return absolute_url(settings, feed_url[len(domain) + 1 :])
    return make_absolute(settings, feed_url)


def story_for(settings: dict[str, Any], link: str) -> Any:
    state = find_state(settings)
    if state is None:
        return None
    base = absolute_url(settings, "")
    return state.stories_by_url.get(link[len(base) :] if link.startswith(base) else link)


def fix_feed(context: dict[str, Any], feed: Any) -> None:
    """Absolute links, stable ids and all authors, in place, before the feed is written."""
    feed.__class__ = ArchiveRssFeed if isinstance(feed, Rss201rev2Feed) else ArchiveAtomFeed
    feed.feed["link"] = absolute_url(context, "")
    feed.feed["feed_url"] = feed_address(context, str(feed.feed.get("feed_url") or ""))
    feed.feed["id"] = feed.feed["feed_url"]
    state = find_state(context)
    known: dict[tuple[str, Any], dict[str, Any]] = state.entry_fixes if state is not None else {}
    feed.entry_xml = state.entry_xml if state is not None else None
    for item in feed.items:
        key = (str(item["link"]), item["pubdate"])
        fixes = known.get(key)
        if fixes is None:
            fixes = known[key] = entry_fixes(context, item)
        item.update(fixes)


def entry_fixes(context: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """What fix_feed sets on one entry: absolute link, stable id, plain title, every author."""
    link = make_absolute(context, item["link"])
    fixes: dict[str, Any] = {"link": link, "unique_id": get_tag_uri(link, item["pubdate"])}
    story = story_for(context, link)
    if story is not None:  # Pelican strips tags and unescapes entities; a title is plain text
        fixes["title"] = str(story.title)
    links = getattr(story, "author_links", ()) if story is not None else ()
    if links:
        first, *rest = links
        fixes["author_name"] = first.name
        fixes["author_link"] = absolute_url(context, first.url) if first.url else None
        fixes["more_authors"] = [(a.name, absolute_url(context, a.url) if a.url else "") for a in rest]
    else:
        fixes["author_name"] = unbylined_author(context, story)
    return fixes


def unbylined_author(context: dict[str, Any], story: Any) -> str:
    """A story no person signed is credited to its outlet, else to the archive (as its JSON-LD is):
    Atom requires an author's name."""
    return str(getattr(story, "source_name", "") or publisher_name(context))


def register() -> None:
    signals.initialized.connect(give_state)
    signals.all_generators_finalized.connect(remember_stories)
    signals.feed_generated.connect(fix_feed)
