"""Defaults for the site's NEWSARCHIVE_* settings, in one place; pelicanconf.py overrides them."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

DEFAULTS: dict[str, Any] = {
    # Absolute base used for feeds, canonical links and the sitemap while SITEURL is empty.
    "NEWSARCHIVE_PREVIEW_URL": "http://localhost:8000",
    "NEWSARCHIVE_PUBLISHER": "",  # JSON-LD publisher name; SITENAME when empty
    "NEWSARCHIVE_RELATED_COUNT": 5,
    # Postings longer than this are sampled by date nearness when scoring related articles,
    # which keeps the cost per article bounded (see newsarchive/site/related.py).
    "NEWSARCHIVE_RELATED_POSTINGS": 400,
    # The N of the rarity weight log(1 + N / df); None: the number of stories (see related.py).
    "NEWSARCHIVE_RELATED_SCALE": None,
    "NEWSARCHIVE_ENTITY_TYPES": {
        # metadata key: (URL folder, heading, singular, schema.org type)
        "people": ("people", "People", "person", "Person"),
        "organizations": ("organizations", "Organisations", "organisation", "Organization"),
        "places": ("places", "Places", "place", "Place"),
    },
    "NEWSARCHIVE_ENTITY_URL": "{folder}/{slug}.html",
    "NEWSARCHIVE_ENTITY_INDEX_URL": "{folder}/index.html",
    "NEWSARCHIVE_ENTITY_LETTER_URL": "{folder}/letter-{letter}.html",
    "NEWSARCHIVE_ENTITY_FEED_ATOM": "feeds/{folder}/{slug}.atom.xml",
    "NEWSARCHIVE_ENTITY_FEED_RSS": None,  # e.g. "feeds/{folder}/{slug}.rss.xml"
    "NEWSARCHIVE_ENTITY_FEED_MIN_STORIES": 2,  # an entity named in fewer dated stories has no feed
    "NEWSARCHIVE_COMENTIONS": 10,
    "NEWSARCHIVE_UNDATED_URL": "undated/index.html",
    "NEWSARCHIVE_CARDS": True,
    "NEWSARCHIVE_CARD_URL": "cards/{key}.png",
    "NEWSARCHIVE_CARD_CACHE": "",  # folder; empty: PATH/.newsarchive/cards
    "NEWSARCHIVE_CARD_WORKERS": -1,  # processes drawing missing cards while pages render; -1: cores - 1
    "NEWSARCHIVE_CARD_FONTS": [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ],
    "NEWSARCHIVE_SITEMAP_MAX_URLS": 50_000,
    # Processes rendering pages: None, two when the platform forks and has two cores (a worker
    # renders the entity pages while the build renders Pelican's, see site/workers.py); 1: one.
    "NEWSARCHIVE_WORKERS": None,
    # A rebuild that reads again at most one story file in this many leaves Pelican's content cache
    # file as it was (see site/reading.py); 0: always saved.
    "NEWSARCHIVE_CACHE_SAVE_SHARE": 1000,
}


def setting(settings: Mapping[str, Any], key: str) -> Any:
    """A NEWSARCHIVE_* setting from Pelican's settings, else its default."""
    value = settings.get(key)
    return DEFAULTS[key] if value is None else value


def publisher_name(settings: Mapping[str, Any]) -> str:
    """The archive as publisher: NEWSARCHIVE_PUBLISHER, else SITENAME."""
    return str(setting(settings, "NEWSARCHIVE_PUBLISHER") or settings.get("SITENAME", ""))


def absolute_base(settings: Mapping[str, Any]) -> str:
    """The site's absolute URL without a trailing slash (SITEURL, or the preview URL in development)."""
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    if siteurl.startswith(("http://", "https://")):
        return siteurl
    return str(setting(settings, "NEWSARCHIVE_PREVIEW_URL")).rstrip("/") + siteurl


def absolute_url(settings: Mapping[str, Any], url: str) -> str:
    """An absolute URL for a site-relative URL such as '2023/02/slug.html'."""
    if url.startswith(("http://", "https://")):
        return url
    return absolute_base(settings) + "/" + url.lstrip("/")


def plugin_enabled(settings: Mapping[str, Any], module: str) -> bool:
    """Whether a build lists the plugin. Pelican's signals are process-wide: a plugin registered by
    an earlier build in the same process stays connected, so its receivers check this."""
    names = {p if isinstance(p, str) else getattr(p, "__name__", "") for p in settings.get("PLUGINS") or ()}
    return module in names


class BoundedCache(OrderedDict):  # type: ignore[type-arg]
    """A dict that keeps its `size` most recently used entries: a per-build cache whose memory
    stays the same whatever the size of the archive."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get(self, key: Any, default: Any = None) -> Any:
        if key in self:
            self.move_to_end(key)
            return self[key]
        return default

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        if len(self) > self.size:
            self.popitem(last=False)


def bound_content_memos(size: int = 16_384) -> None:
    """Keep Pelican's memo of each story's HTML to the `size` most recently used stories.

    Pelican memoises `Content.get_content` and `get_summary` (the HTML with its links replaced)
    in one dict per process that is never emptied: every story's HTML a second time, held to
    the end (and across builds in one process): gigabytes for a large archive. A
    memo bounded this way only changes how often the HTML is worked out again: each story's
    page and feed entries are written close together, so that is seldom."""
    from pelican.contents import Content
    from pelican.utils import memoized

    for name in ("get_content", "get_summary"):
        memo = vars(Content).get(name)
        if isinstance(memo, memoized) and not isinstance(memo.cache, BoundedCache):
            memo.cache = BoundedCache(size)
