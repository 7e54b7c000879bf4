"""The archive's default Pelican settings. `newsarchive build` uses them when the folder it runs in
has no pelicanconf.py of its own; a user's pelicanconf.py can start with
`from newsarchive.pelicanconf import *` and change what it needs."""

from __future__ import annotations

from pathlib import Path

from newsarchive.resources import find_theme

# No AUTHOR setting: Pelican would give every story without a byline that made-up author.
SITENAME = "News Archive"
SITESUBTITLE = "Stories from many outlets, cross-linked by who, what and where"
# Empty in development: links are root-relative, so `make serve` works on any port. Absolute URLs
# (feeds, canonical, Open Graph, JSON-LD, sitemap) then use NEWSARCHIVE_PREVIEW_URL instead.
SITEURL = ""
RELATIVE_URLS = False

PATH = "content"
OUTPUT_PATH = "output"
THEME = str(find_theme())  # the folder's own theme/, else the one installed with the package
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

IGNORE_FILES = [".*", "__pycache__"]
# Each story is published once, under a slug ingest keeps unique: no translations to pair up.
# (Pelican's pairing compares every story with every other: its cost grows with the square of the archive.)
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None


def newest_first(article: object) -> tuple[float, str]:
    """Stories newest first, those with the same date by slug: the order never depends on how the
    file system lists the content folder."""
    return (-article.date.timestamp(), article.slug)  # type: ignore[attr-defined]


ARTICLE_ORDER_BY = newest_first
# Metadata comes from the seed only: not the folder (ingest files stories by year, and a story
# without a section would be filed under "2019"), nor a date-like slug ("2024-01-05-minutes" would
# give an undated story a date). Empty patterns are skipped (None is not: Pelican would warn and
# fall back to its date pattern).
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "Uncategorised"
FILENAME_METADATA = ""
PATH_METADATA = ""
READERS = {"html": None, "htm": None}  # content/ holds only the Markdown that ingest writes
ARTICLE_EXCLUDES = ["undated"]
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}.html"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}.html"
# Stories without a date (ingest --allow-undated) are Pelican pages: they need no date in their URL.
PAGE_PATHS = ["undated"]
PAGE_URL = "undated/{slug}.html"
PAGE_SAVE_AS = "undated/{slug}.html"
STATIC_PATHS = ["images"]
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
CATEGORY_URL = "category/{slug}.html"
CATEGORY_SAVE_AS = "category/{slug}.html"
TAG_URL = "tag/{slug}.html"
TAG_SAVE_AS = "tag/{slug}.html"
AUTHOR_URL = "author/{slug}.html"
AUTHOR_SAVE_AS = "author/{slug}.html"
ARCHIVES_SAVE_AS = "archives.html"
CATEGORIES_SAVE_AS = "categories.html"
TAGS_SAVE_AS = "tags.html"
AUTHORS_SAVE_AS = "authors.html"
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "404"]
if (Path(THEME) / "templates" / "search.html").exists():
    DIRECT_TEMPLATES.append("search")
DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "author": None,
                       "period_archives": None, "entity": None, "undated": None}
# Page 2 onwards in a folder named after page 1, so no page number can collide with a slug.
PAGINATION_PATTERNS = [
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
]
SUMMARY_MAX_LENGTH = 60
NEWEST_FIRST_ARCHIVES = True

# Seed text is untrusted: the theme relies on autoescaping for every field.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
MARKDOWN = {
    "extension_configs": {"markdown.extensions.extra": {}},
    "output_format": "html5",
}

# Feeds are on in development too, so what is tested is what is published. The whole archive has
# an Atom and an RSS feed; each section, author, tag and entity has an Atom feed only: every feed
# reader reads Atom, and a second format of every topic feed would double the feed files (there are
# more topics than stories) for no reader. Set the *_FEED_RSS settings to add them.
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = "feeds/author/{slug}.atom.xml"
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
TAG_FEED_RSS = None
NEWSARCHIVE_ENTITY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = False

PLUGINS: list[str] = ["newsarchive.site.taxonomies", "newsarchive.site.archive", "newsarchive.site.entities", "newsarchive.site.feeds", "newsarchive.site.cards", "newsarchive.site.sitemap", "newsarchive.site.pagination", "newsarchive.site.incremental", "newsarchive.site.search"]

# newsarchive's own settings (the site's defaults live in newsarchive/site/settings.py)
NEWSARCHIVE_PREVIEW_URL = "http://localhost:8000"  # absolute base while SITEURL is empty
NEWSARCHIVE_PUBLISHER = SITENAME
FEED_DOMAIN = NEWSARCHIVE_PREVIEW_URL  # newsarchive.site.feeds rebases it on SITEURL when that is set
