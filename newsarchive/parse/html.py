"""The saved-page reader: an HTML page → Article.

Metadata comes from the page's own machine-readable markup first (JSON-LD `NewsArticle`, Open
Graph, `<meta>` tags, `<time datetime>`), then from its visible byline and dateline. The body is
trafilatura's main-text extraction, then the project's boilerplate rules and a few structural
checks on top (the headline and standfirst repeated, whole-link paragraphs, captions and
credits). Nothing from the page is executed, fetched or kept as markup: the Article holds text.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone, tzinfo
from typing import Any

import lxml.etree
import lxml.html
import trafilatura
from dateutil import parser as dateutil_parser

from ..article import Article, Removed
from ..errors import SeedError
from ..seeds import RawSeed
from .bylines import Byline, author_of_bio, desk_names, looks_like_name, names_of_list, parse_byline, parse_byline_parts, split_authors
from .credits import parse_credit_line, split_caption_credit
from .dates import ZONE_WORD, date_order, find_date, find_dates, parse_date
from .text import meta_line_section
from .rules import RuleSet, has_control_word, is_weak_section, load_rules, match_rule, not_section_labels

log = logging.getLogger(__name__)

ARTICLE_TYPES = ("NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
                 "OpinionNewsArticle", "BlogPosting", "Report", "LiveBlogPosting", "TechArticle",
                 "ScholarlyArticle", "SocialMediaPosting", "WebPage")
PUBLISHED_META = ("article:published_time", "og:published_time", "og:article:published_time",
                  "datepublished", "date", "pubdate", "publishdate", "publish-date", "publish_date",
                  "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date", "sailthru.date",
                  "parsely-pub-date", "article.published", "published_time", "displaydate",
                  "original-publish-date", "cxenseparse:recs:publishtime")
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified",
                 "dcterms.modified", "article.updated")
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator",
               "byl", "cxenseparse:author")
SECTION_META = ("article:section", "og:section", "article.section", "articlesection", "section", "category",
                "parsely-section", "sailthru.vertical")
CONTENT_TYPES = {"post", "article", "page", "blog", "story", "default", "all", "home", "uncategorized"}
DOMAIN = re.compile(r"\w\.(?:com|org|net|co|uk|de|io)\b", re.I)
# Where a person's name in a metadata value ends: "Name. Outlet", "Name | email", "Name - Outlet".
AUTHOR_END = re.compile(r"(?<=[a-z]{2})\.\s+|\s+[|–—-]\s+|\s*\||\s+<|\s*[\w.+-]+@")
ORGANIZATION_WORDS = {"staff", "agency", "press", "news", "post", "times", "today", "service", "international",
                      "team", "desk", "bureau", "reports", "media", "network", "group", "inc", "ltd", "editors",
                      "editorial", "wire", "newsroom", "magazine", "online", "daily", "herald", "journal"}
# Elements whose edges separate words (HTML blocks and trafilatura's own block tags).
BREAK_TAGS = {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
              "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
              "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "lb", "item", "list", "head",
              "quote", "row", "cell"}
INVISIBLE_TAGS = {"script", "style", "noscript", "template"}
HEADLINE_WORDS = 4  # an <h1> shorter than this that the metadata does not repeat is a logo or section
DATE_CLASS = re.compile(r"date|time|publish|posted|stamp|byline", re.I)
OFFSET_IN_TEXT = re.compile(r"(?:Z|[+-]\d{2}:?\d{2}|\b(?:UTC|GMT))\s*$", re.I)
CLOCK_IN_TEXT = re.compile(r"\d{1,2}:\d{2}")
PUBLISHED_TEXT = re.compile(
    r"^\s*(?:first\s+)?(?:published|posted|publicado|publicada|publié|veröffentlicht|publiziert|erschienen|pubblicato|diterbitkan|"
    r"опубликовано)\b",
    re.I,
)
NOT_PUBLISHED_CLASS = re.compile(r"updat|modif|comment|related|footer|copyright", re.I)
EMBEDDED_POSTS = '//blockquote[contains(@class, "twitter-tweet") or contains(@class, "instagram-media")]'
EMBED_CLASS = re.compile(r"social|embed|twitter|tweet|instagram", re.I)
EMBED_DEPTH = 3  # wrappers around an embedded post that may carry social class names
CAPTION_LABEL = re.compile(r"^(?:image|photo|picture)?\s*caption\s*:?\s*", re.I)
CREDIT_LABEL = re.compile(r"^(?:(?:photo(?:graph)?|image|picture|credit|source|foto)s?\s*(?:credit)?\s*(?::|by\b)\s*)", re.I)
CREDIT_AT_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"]))\s*(?P<credit>(?:photo(?:graph)?|image|picture|credit)s?\s*(?:by|:)\s*[^.]{2,80})\.?$", re.I)
DATA_URI = re.compile(r"^data:(?P<type>image/(?:png|jpeg|jpg|gif|webp));base64,", re.I)
MIN_DATA_URI = 2048  # smaller embedded images are placeholders, spacers and icons, not photographs
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—·•:]|-{1,2}|::)\s+")
BYLINE_CLASS = re.compile(r"byline|author|contributor|writer|reporter", re.I)
CREDIT_CLASS = re.compile(r"credit|copyright|source|photographer|attribution|byline|courtesy", re.I)
WHITESPACE = re.compile(r"\s+")
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
URLISH = re.compile(r"^(?:https?:)?//|^www\.|\.(?:com|org|net)/", re.I)
MIN_BODY_WORDS = 3
BYLINE_LINE_CHARS = 150  # a visible line read as a byline is at most this long
LABELLED_DATE_CHARS = 120
NUMERIC_DATE_HINT = re.compile(r"\d[/.-]\d{1,2}[/.-]\d{2}")
DATE_ORDER_LINES = 40  # dated lines read for the order of a page's numeric dates
DAY_FIRST_ENGLISH = {"en-gb", "en-au", "en-nz", "en-ie", "en-in", "en-za", "en-sg", "en-pk", "en-ng", "en-ke"}
RAW_TEXT_FACTOR = 4  # raw text (with its markup's whitespace) this many times a short line's length is no short line
# Elements a short meta line is printed in ('<small>05/10/2018 - Publicado por: A - Categoria: B</small>').
SHORT_BLOCKS = ("p", "div", "span", "li", "small", "address")
HEADER_LINES = 8  # short lines read under the headline for its date
HEADER_SCAN = 150  # elements after the headline looked at for them
HEADER_LINE_CHARS = 150  # ... each at most this long
BIO_WORDS = 40  # the story's last paragraph read as its author's bio is at most this long
CAPTION_RUN = 3  # undated short lines in a row under the headline, not all names, are captions
CAPTION_WORDS = 6  # ... each of at most this many words
HEADER_STORY_CHARS = 200  # a paragraph this long opens the story: no dateline after it
BY_HINT = re.compile(r"\b(?:by|por|par|von|oleh|author|autor)\b", re.I)
SECTION_HINT = re.compile(r"filed under|posted in|topic|categor|section|rubrik|kategori|seção|sección", re.I)
PUBLISHED_HINT = re.compile(r"published|posted|publicad|publié|veröffentlicht|publiziert|erschienen|pubblicato|diterbitkan|опубликовано", re.I)
SECTION_WORDS = 5  # a breadcrumb label longer than this is a headline, not a section
KICKER_WORDS = 4
KICKER_LEVELS = 3  # containers around the headline searched for a kicker before it
KICKER_CHARS = 80  # a kicker element holds a label or two, not a block of the page
KICKER_CLASS = re.compile(
    r"kicker|eyebrow|rubric|overline|article-?label|articlelabel|top-label|section-?(?:name|label|title)|"
    r"(?:post|entry|article|meta)[-_]?categor|\bcategory\b|categories",
    re.I,
)
SECTION_LABEL = re.compile(
    r"(?:^|[|•·]\s*|\s[-–—]\s+)(?:filed under|posted in|topics?|categor(?:y|ies)|section|rubrik|kategori|categoria|catégorie|"
    r"sección|seção)\s*:?\s+(?P<label>[^|•·,;:]{2,40}?)\s*(?:[|•·,;]|\s[-–—]\s|$)",
    re.I,
)
KICKER_SEPARATOR = re.compile(r"\s+[/>»›|]\s+")
BREADCRUMB_MARK = re.compile(r"[\s»›>/|•·\-–—]*")
MENU_TOKENS = {"menu", "nav", "navbar", "navigation", "masthead", "footer", "sidebar", "header", "site-header", "dropdown",
               "megamenu", "mega-menu", "widget", "related", "trending", "cat-item"}
MENU_PREFIXES = ("menu", "nav-", "navbar", "footer", "sidebar", "dropdown", "site-header", "widget", "related")
MENU_SUFFIXES = ("-menu", "-nav", "__nav", "-navigation", "-footer", "-sidebar", "-dropdown", "-widget", "-related")
SINGLE_PERSON = re.compile(r"^[A-Z][a-z’'\-]{2,20}$")  # one given name alone ("By Regan")
MIN_STORY_WORDS = 15  # less text than this is a page's furniture, not a story
SHORT_LABEL_WORDS = 6
PROSE_WORDS = 18  # a block this long is prose whatever its ending
SENTENCE_WORDS = 6  # a block ending like a sentence is prose from this many words
SENTENCE_END = re.compile(r"[.!?”\"')\]]\s*$")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.I)
CONTACT_WORDS = 40
LINK_ONLY_WORDS = 20  # a related-story headline is shorter; a paragraph wrapped in a link is not


@dataclass
class PageMeta:
    """What the page's markup says about the story, before the body is read."""

    titles: list[str] = field(default_factory=list)  # best first
    headline: str = ""  # the visible <h1>
    authors: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)  # single names a visible byline gives ('By Regan')
    published: datetime | None = None
    modified: datetime | None = None
    category: str = ""
    sections: list[str] = field(default_factory=list)  # sections the markup declares, in page order
    source: str = ""
    sources: list[str] = field(default_factory=list)  # outlet names the page gives, best first
    description: str = ""
    language: str = ""
    keywords: list[str] = field(default_factory=list)
    image: str = ""
    caption: str = ""
    credit: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-sized piece of extracted text: its kind and how much of it is link text."""

    kind: str  # p, head, item, quote, cell, text
    text: str
    link_share: float = 0.0


def parse_html(
    raw: RawSeed,
    allow_undated: bool = False,
    default_tz: tzinfo = timezone.utc,
    rule_files: tuple[str, ...] = (),
) -> Article:
    """Parse a saved page into an Article; raise SeedError when no title, body or date is found."""
    tree = parse_tree(raw.text, raw.path)
    meta = read_metadata(tree, default_tz)
    title = choose_title(meta)
    if not title:
        raise SeedError(raw.path, "no headline found (no <h1>, og:title, JSON-LD headline or <title>)")
    removed: list[Removed] = []
    body = read_body(tree, title, meta, load_rules(rule_files), removed)
    if word_count(body) < MIN_STORY_WORDS:
        raise SeedError(raw.path, f"no article body found in the page (under {MIN_STORY_WORDS} words of text)")
    if not meta.authors and len(body[-1].split()) <= BIO_WORDS and author_of_bio(body[-1]):
        meta.authors = [author_of_bio(body[-1])]  # an op-ed's closing bio: 'Jane Doe is a columnist for ...'
    markup = local_time_of(meta.published, wall_times(tree))
    order = page_date_order(tree, meta)
    meta.published = (choose_published(visible_date(tree, default_tz, order), markup) or header_date(tree, default_tz, order)
                      or guess_date(tree, default_tz))
    if meta.published is None and not allow_undated:
        raise SeedError(raw.path, "no publication date found in the page's metadata or text")
    return Article(
        title=title,
        published=meta.published,
        modified=meta.modified if meta.modified and meta.modified != meta.published else None,
        body=tuple(body),
        authors=tuple(meta.authors),
        category=meta.category,
        source=meta.source,
        caption=meta.caption,
        credit=meta.credit,
        image=meta.image,
        seed_tags=tuple(meta.keywords),
        language=meta.language or "en",
        removed=tuple(number_removed(removed, raw.text)),
        seed_path=raw.path,
        seed_hash=raw.sha256,
    )


# --- the tree -------------------------------------------------------------------------------


def parse_tree(text: str, shown: str) -> lxml.html.HtmlElement:
    """A tolerant parse of the page. Comments go at once: text after a comment inside a
    paragraph would otherwise hang off the comment, where extraction does not look for it."""
    text = XML_DECLARATION.sub("", text, count=1)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False)
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise SeedError(shown, f"not readable as HTML ({exc})") from None
    return tree


def clean_text(text: str | None) -> str:
    """Collapse whitespace (including non-breaking spaces) into single spaces."""
    return WHITESPACE.sub(" ", text or "").strip()


def element_text(element: lxml.etree._Element) -> str:
    """The visible text of an element as a reader sees it: inline markup joined without spaces,
    block elements and line breaks apart, scripts, styles and comments left out."""
    parts: list[str] = []
    collect_text(element, parts)
    return clean_text("".join(parts))


def collect_text(element: lxml.etree._Element, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    block = tag.lower() in BREAK_TAGS
    if block:
        parts.append(" ")
    if tag and tag.lower() not in INVISIBLE_TAGS and element.text:
        parts.append(element.text)
    if tag.lower() not in INVISIBLE_TAGS:
        for child in element:
            collect_text(child, parts)
            if child.tail:
                parts.append(child.tail)
    if block:
        parts.append(" ")


# --- metadata -------------------------------------------------------------------------------


def read_metadata(tree: lxml.html.HtmlElement, tz: tzinfo) -> PageMeta:
    """Everything the page's markup says about the story: JSON-LD first, then meta tags."""
    meta = PageMeta()
    metas = meta_tags(tree)
    ld = resolve_ld(find_article_ld(tree), tree)
    read_ld(ld, meta, tz)
    read_meta_tags(metas, meta, tz)
    meta.authors = shown_names(meta.authors, tree)
    read_visible(tree, meta, tz)
    figure = find_lead_figure(tree)
    if figure is not None:
        read_figure(figure, meta)
    meta.image = lead_image_ref(tree, figure, metas)
    meta.source = choose_source(meta.sources)
    meta.category = page_section(tree, meta)
    meta.authors = [a for a in meta.authors if is_person_name(a, meta) or a in meta.persons]
    meta.language = meta.language or page_language(tree)
    return meta


def meta_tags(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    """`<meta>` name/property/itemprop (lower case) → contents, in page order."""
    found: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        value = clean_text(element.get("content") or element.get("datetime"))
        if key and value:
            found.setdefault(key.strip().lower(), []).append(value)
    return found


def first_meta(metas: dict[str, list[str]], keys: tuple[str, ...]) -> str:
    """The first value of the first key present."""
    for key in keys:
        if metas.get(key):
            return metas[key][0]
    return ""


def find_article_ld(tree: lxml.html.HtmlElement) -> dict[str, Any]:
    """The JSON-LD object describing the story (NewsArticle and kin), or {}."""
    candidates: list[dict[str, Any]] = []
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        data = load_json(script.text or "")
        candidates.extend(ld_objects(data))
    ranked = [c for c in candidates if ld_rank(c) < len(ARTICLE_TYPES) * 2]
    ranked.sort(key=ld_rank)
    return ranked[0] if ranked else {}


def load_json(text: str) -> Any:
    """Parse a JSON-LD block, tolerating HTML comments, CDATA wrappers and trailing semicolons."""
    text = re.sub(r"^\s*(?:<!--|//\s*<!\[CDATA\[)|(?:-->|//\s*\]\]>)\s*$", "", text.strip()).strip().rstrip(";")
    try:
        return json.loads(text, strict=False)
    except ValueError:
        return None


def ld_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object in a block: top level, lists and @graph members."""
    if isinstance(data, list):
        for item in data:
            yield from ld_objects(item)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from ld_objects(graph)
        main = data.get("mainEntity")
        if isinstance(main, dict):
            yield from ld_objects(main)


def ld_types(obj: dict[str, Any]) -> list[str]:
    kinds = obj.get("@type", [])
    return [str(k) for k in (kinds if isinstance(kinds, list) else [kinds])]


def ld_rank(obj: dict[str, Any]) -> int:
    """How article-like an object is: its best type's position in ARTICLE_TYPES, after every object
    with a headline or date when it has neither; len(ARTICLE_TYPES) * 2 for other types."""
    ranks = [ARTICLE_TYPES.index(t) for t in ld_types(obj) if t in ARTICLE_TYPES]
    if not ranks:
        return len(ARTICLE_TYPES) * 2
    return min(ranks) + (0 if obj.get("headline") or obj.get("datePublished") else len(ARTICLE_TYPES))


def ld_names(value: Any) -> list[str]:
    """Names from a JSON-LD person/organisation value: a string, an object or a list of them."""
    if isinstance(value, list):
        return [name for item in value for name in ld_names(item)]
    if isinstance(value, dict):
        return ld_names(value.get("name", ""))
    return [clean_text(str(value))] if value else []


def ld_text(value: Any) -> str:
    """A plain string from a JSON-LD value that may be a list or an object."""
    if isinstance(value, list):
        return ld_text(value[0]) if value else ""
    if isinstance(value, dict):
        return ld_text(value.get("name") or value.get("@value") or "")
    return clean_text(unescape_entities(str(value))) if value is not None else ""


def unescape_entities(text: str) -> str:
    """HTML character references some sites leave inside JSON-LD strings."""
    import html

    return html.unescape(text) if "&" in text else text


def read_ld(ld: dict[str, Any], meta: PageMeta, tz: tzinfo) -> None:
    """Fill PageMeta from a JSON-LD article object."""
    if not ld:
        return
    headline = ld_text(ld.get("headline") or ld.get("name"))
    if headline:
        meta.titles.append(headline)
    meta.published = parse_iso(ld_text(ld.get("datePublished") or ld.get("dateCreated")), tz)
    meta.modified = parse_iso(ld_text(ld.get("dateModified")), tz)
    for author in ld_people(ld.get("author") or ld.get("creator")):
        add_author(meta, author)

    meta.sections.extend(declared_sections(ld.get("articleSection")))
    meta.sources.append(ld_text(ld.get("publisher")))
    meta.description = ld_text(ld.get("description"))
    meta.language = language_code(ld_text(ld.get("inLanguage")))
    meta.keywords = keyword_list(ld.get("keywords"))
    image = ld.get("image")
    if isinstance(image, list):
        image = image[0] if image else None
    if isinstance(image, dict):
        meta.caption = ld_text(image.get("caption"))
        meta.credit = ld_text(image.get("creditText") or image.get("copyrightHolder") or image.get("author"))


def ld_list(value: Any) -> list[Any]:
    """A JSON-LD value that may be one item or a list, as a list."""
    return value if isinstance(value, list) else [value]


def resolve_ld(ld: dict[str, Any], tree: lxml.html.HtmlElement) -> dict[str, Any]:
    """The article object with its author references ({"@id": ...}) replaced by the graph's
    objects they point at."""
    authors = ld_list(ld.get("author"))
    if not ld or not any(isinstance(a, dict) and set(a) == {"@id"} for a in authors):
        return ld
    index: dict[str, dict[str, Any]] = {}
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        for obj in ld_objects(load_json(script.text or "")):
            if isinstance(obj.get("@id"), str) and len(obj) > 1:
                index.setdefault(obj["@id"], obj)
    resolved = [index.get(a["@id"], a) if isinstance(a, dict) and set(a) == {"@id"} else a for a in authors]
    return {**ld, "author": resolved}


def ld_people(value: Any) -> list[str]:
    """Author names from a JSON-LD author value, leaving organisations out."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict) and "Organization" in ld_types(item):
            continue
        names.extend(ld_names(item))
    return names


def section_name(value: Any) -> str:
    """A category from articleSection / article:section: the first when several, not a URL or a
    content type ('post'), and 'News - News' said once."""
    if isinstance(value, list):
        value = next((v for v in value if v), "")
    text = re.split(r"\s*[,|;]\s*", ld_text(value))[0]
    parts = list(dict.fromkeys(TITLE_SEPARATORS.split(text)))
    text = " - ".join(parts)
    if not 0 < len(text) <= 60 or URLISH.search(text) or DOMAIN.search(text) or text.lower() in CONTENT_TYPES:
        return ""
    return text


def declared_sections(value: Any) -> list[str]:
    """Every section an articleSection / article:section value names ('A, B' and lists give several)."""
    items = value if isinstance(value, list) else [value]
    names = [section_name(part) for item in items for part in re.split(r"\s*[,|;]\s*", ld_text(item))]
    return [name for name in names if name]


def choose_source(candidates: list[str]) -> str:
    """The outlet's name: the first candidate that reads as a name (not a URL or a @handle)."""
    names = [re.split(r"\s+\|\s+", clean_text(c))[0] for c in candidates if clean_text(c)]
    names = [n for n in names if not URLISH.search(n) and not n.startswith("@")]
    for name in names:
        if any(ch.isupper() for ch in name):
            return name
    return names[0] if names else ""


def keyword_list(value: Any) -> list[str]:
    """The page's own topic keywords, when they are a short list rather than an SEO dump."""
    if isinstance(value, str):
        items = [k.strip() for k in value.split(",")]
    elif isinstance(value, list):
        items = [ld_text(k) for k in value]
    else:
        items = []
    items = list(dict.fromkeys(k for k in items if 2 < len(k) <= 40 and not re.search(r"[:@_/]", k)))
    return items if len(items) <= 12 else []


def add_author(meta: PageMeta, text: str) -> None:
    """Add the author names in a metadata value ('A and B', 'By A'), skipping URLs and outlets."""
    text = clean_text(text)
    if not text or URLISH.search(text):
        return
    text = AUTHOR_END.split(text, maxsplit=1)[0]
    for name in parse_byline(text) or split_authors(text):
        if is_person_name(name, meta) and name not in meta.authors:
            meta.authors.append(name)


def is_person_name(name: str, meta: PageMeta) -> bool:
    """A name of two or more capitalised words that is not the outlet's."""
    words = name.split()
    return (
        len(words) >= 2
        and words[0].lower() != "by"
        and looks_like_name(name)
        and normalize(name) not in normalize(meta.source)
        and not any(w.lower() in ORGANIZATION_WORDS for w in words)
    )


def read_meta_tags(metas: dict[str, list[str]], meta: PageMeta, tz: tzinfo) -> None:
    """Fill what JSON-LD left empty from Open Graph, article:* and other meta tags."""
    for key in ("og:title", "twitter:title", "dc.title", "title"):
        for value in metas.get(key, []):
            meta.titles.append(value)
    meta.published = meta.published or parse_iso(first_meta(metas, PUBLISHED_META), tz)
    meta.modified = meta.modified or parse_iso(first_meta(metas, MODIFIED_META), tz)
    if not meta.authors:
        for key in AUTHOR_META:
            for value in metas.get(key, []):
                add_author(meta, value)
    for key in SECTION_META:
        for value in metas.get(key, []):
            meta.sections.extend(declared_sections(value))
    meta.sources[:0] = metas.get("og:site_name", [])[:1]
    meta.sources.extend(metas.get("publisher", [])[:1])
    meta.description = meta.description or first_meta(metas, ("og:description", "description", "twitter:description"))
    meta.language = meta.language or language_code(first_meta(metas, ("og:locale", "language", "content-language")))
    if not meta.keywords:
        meta.keywords = keyword_list(metas.get("article:tag", []))


def read_visible(tree: lxml.html.HtmlElement, meta: PageMeta, tz: tzinfo) -> None:
    """What the visible page adds: the <h1>, <time datetime>, byline elements, the <title>."""
    meta.headline = first_headline(tree)
    if meta.published is None:
        meta.published = time_element_date(tree, tz)
    read_visible_byline(tree, meta)
    title = tree.find(".//title")
    if title is not None and clean_text(title.text_content()):
        meta.titles.append(clean_text(title.text_content()))


def shown_names(names: list[str], tree: lxml.html.HtmlElement) -> list[str]:
    """The markup's author names whose surname the page shows somewhere in its text: a name only in
    the metadata (a press release's uploader, an editor) is not the byline readers see."""
    if not names:
        return names
    body = tree.find("body")
    shown = f" {normalize(element_text(body if body is not None else tree))} "
    return [name for name in names if normalize(name) and f" {normalize(name).split()[-1]} " in shown]


@dataclass
class StoryPlace:
    """Where the story sits in the page: each element's place in document order and the place
    where the story's own <article> ends (labels after it belong to other stories)."""

    order: dict[lxml.etree._Element, int]
    start: int  # the headline's place
    end: int  # the last place inside the story's <article>, or past the page's end


def story_place(tree: lxml.html.HtmlElement) -> StoryPlace:
    """The story's headline and the end of the <article> around it, as places in document order."""
    order = {element: index for index, element in enumerate(tree.iter())}
    headlines = tree.xpath("//article//h1 | //main//h1 | //h1")
    start = min((order[h] for h in headlines), default=0)
    end = len(order)
    container = next(iter(tree.xpath("(//article//h1)[1]/ancestor::article[1]")), None)
    if container is not None:
        end = order[container] + sum(1 for _ in container.iter()) - 1
    return StoryPlace(order, start, end)


def page_section(tree: lxml.html.HtmlElement, meta: PageMeta) -> str:
    """The section the page files the story under, '' when it shows none. The filing sources come
    first (the breadcrumb trail's last label, then a section the markup declares and the story shows
    as a label), then a section link over the story (kicker, eyebrow) or a 'Filed under' label. A
    broad label ('News') is taken only when no source names a specific one."""
    title = meta.headline or (meta.titles[0] if meta.titles else "")
    place = story_place(tree)
    weak = ""
    for label in filed_sections(tree, meta, title, place):
        if names_no_section(label, meta):
            continue
        if not is_weak_section(label):
            return label
        weak = weak or label
    label = kicker_label(tree, meta, place) or headline_kicker(tree, meta) or labelled_section(tree, meta) or header_section(tree, meta)
    return label if label and not is_weak_section(label) else weak or label


def header_section(tree: lxml.html.HtmlElement, meta: PageMeta) -> str:
    """A section a meta line under the headline shows as the text reader reads it ('Posted on May 3,
    2021 by admin in Politics', 'May 3, 2021 · Politics · 4 min read', a blog's category list)."""
    for _, text in header_lines(tree):
        label = meta_line_section(text)
        if label and is_kicker_text(label, meta):
            return label
    return ""


def filed_sections(tree: lxml.html.HtmlElement, meta: PageMeta, title: str, place: StoryPlace) -> Iterator[str]:
    """The sections the page files the story under, strongest first: the breadcrumb trail's last
    label (a JSON-LD trail only when the story shows it), then each declared section it shows."""
    labels = section_labels(ld_breadcrumb(tree), title)
    shown = shown_label(tree, labels[-1], place) if labels else ""
    if shown:
        yield labels[-1]
    else:
        labels = section_labels(markup_breadcrumb(tree), title)
        if labels:
            yield labels[-1]
    for name in dict.fromkeys(meta.sections):
        if name.casefold() not in not_section_labels():
            shown = shown_label(tree, name, place)
            if shown:
                yield shown


def names_no_section(label: str, meta: PageMeta) -> bool:
    """A label that is the outlet's name, an author's or a page control's ('Share'): never a section,
    whichever source gives it."""
    folded = normalize(label)
    return (
        not folded
        or (bool(meta.source) and folded == normalize(meta.source))
        or any(folded == normalize(author) for author in meta.authors)
        or has_control_word(label)
    )


def kicker_label(tree: lxml.html.HtmlElement, meta: PageMeta, place: StoryPlace) -> str:
    """The section label the page prints over its story (a kicker, an eyebrow, a category link in
    the article's header), before the story's first paragraph and outside its menus. A section is a
    place to go: the label must be a link (or the section the markup declares); an unlinked kicker
    is a strapline ('BLACK DEATH FEARS')."""
    order = place.order
    first_prose = next((order[p] for p in tree.xpath("//body//p")
                        if order[p] > place.start and len(element_text(p).split()) >= PROSE_WORDS), len(order))
    declared = {name.casefold() for name in meta.sections}
    for element in tree.xpath("//body//*[@class]"):
        if order.get(element, len(order)) >= first_prose:
            break
        if not KICKER_CLASS.search(element.get("class", "")) or not is_short_raw(element.text_content(), KICKER_CHARS):
            continue
        if len(element_text(element)) > KICKER_CHARS or in_menu(element):
            continue
        links = {element_text(link).casefold() for link in element.xpath("self::a | ancestor::a | .//a")}
        path = KICKER_SEPARATOR.split(element_text(element))
        labels = [path[-1]] if len(path) > 1 else [element_text(link) for link in element.xpath(".//a")] or path
        for text in (label.strip() for label in labels):
            if text and is_kicker_text(text, meta) and text.casefold() in links | declared:
                return text  # the last of a path ('News / Afghanistan'), else the first fit link
    return ""


def short_lines(
    tree: lxml.html.HtmlElement, limit: int, hint: re.Pattern[str], article_first: bool = True
) -> Iterator[tuple[lxml.html.HtmlElement, str]]:
    """Short blocks (p, div, span, li, small, address) whose text holds the hint, with their text: in the article
    first, then the main element, then the page. The raw text is tested first, so big containers
    cost one pass in C rather than a reading of their text."""
    roots = (tree.xpath("//article") + tree.xpath("//main") if article_first else []) + tree.xpath("//body")
    seen: set[lxml.html.HtmlElement] = set()
    for root in roots:
        for element in root.iter(*SHORT_BLOCKS):
            if element in seen:
                continue
            seen.add(element)
            raw = element.text_content()
            if not is_short_raw(raw, limit) or not hint.search(raw):
                continue
            text = element_text(element)
            if 0 < len(text) <= limit:
                yield element, text


def is_short_raw(raw: str, limit: int) -> bool:
    """Whether an element's raw text (markup whitespace and script text included) may read as at
    most `limit` characters: a cheap test before the real reading."""
    return len(raw) <= RAW_TEXT_FACTOR * limit or len(WHITESPACE.sub("", raw)) <= RAW_TEXT_FACTOR * limit


def headline_kicker(tree: lxml.html.HtmlElement, meta: PageMeta) -> str:
    """A section link printed just over the headline: the nearest block before the story's <h1>
    (in the headline's own container or the one around it) when it is one short link."""
    headlines = tree.xpath("//article//h1 | //main//h1") or tree.xpath("//h1")
    if not headlines:
        return ""
    level = headlines[0]
    for _ in range(KICKER_LEVELS):
        for before in level.itersiblings(preceding=True):
            if not isinstance(before.tag, str) or before.tag in INVISIBLE_TAGS:
                continue
            text = element_text(before)
            if not text:
                continue
            links = before.xpath("self::a | .//a")
            if len(links) == 1 and element_text(links[0]) == text and is_kicker_text(text, meta) and not in_menu(before):
                return text
            return ""  # the nearest block before the headline is something else
        level = level.getparent()
        if level is None or level.tag in ("article", "main", "body"):
            break
    return ""


def labelled_section(tree: lxml.html.HtmlElement, meta: PageMeta) -> str:
    """A section the article names in words ('Filed under: Khawarij |', 'Topic: Hardware'), in the
    article first and outside the page's menus. A label opening a list ('Filed under a, b, c',
    'Topics Health China' as two links) lists the story's tags, not its section."""
    for element, text in short_lines(tree, BYLINE_LINE_CHARS, SECTION_HINT):
        match = SECTION_LABEL.search(text)
        if match and not in_menu(element):
            label = match.group("label").strip(" .")
            links = {element_text(link).casefold() for link in element.xpath(".//a")}
            listed = text[match.end("label"):].lstrip().startswith(",") or (links and label.casefold() not in links)
            return label if is_kicker_text(label, meta) and not listed else ""
    return ""


def is_kicker_text(text: str, meta: PageMeta) -> bool:
    """A label that can name a section: short, no date or handle, not generic, not the outlet's or
    a person's name, not a phrase (a label capitalises its words: 'Top Local Stories')."""
    return (
        len(text) <= 40
        and len(text.split()) <= KICKER_WORDS
        and is_section_label(text)
        and text.casefold() not in not_section_labels()
        and not has_control_word(text)
        and normalize(text) not in normalize(meta.source)
        and not (looks_like_name(text) and text != text.upper())
        and not (len(text.split()) > 1 and any(word[:1].islower() and len(word) >= 4 for word in text.split()))
    )


def ld_breadcrumb(tree: lxml.html.HtmlElement) -> list[str]:
    """The names of a JSON-LD BreadcrumbList's items, in order."""
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        for obj in ld_objects(load_json(script.text or "")):
            if "BreadcrumbList" not in ld_types(obj) or not isinstance(obj.get("itemListElement"), list):
                continue
            items = [i for i in obj["itemListElement"] if isinstance(i, dict)]
            items.sort(key=lambda i: int(i.get("position", 0)) if str(i.get("position", "")).isdigit() else 0)
            names = []
            for item in items:
                inner = item.get("item")
                names.append(ld_text(item.get("name") or (inner.get("name") if isinstance(inner, dict) else "")))
            return names
    return []


def markup_breadcrumb(tree: lxml.html.HtmlElement) -> list[str]:
    """The labels of the page's breadcrumb element (class, id or aria-label 'breadcrumb')."""
    path = ('//*[contains(translate(@class, "BREADCRUMB", "breadcrumb"), "breadcrumb") or '
            'contains(translate(@id, "BREADCRUMB", "breadcrumb"), "breadcrumb") or '
            'contains(translate(@aria-label, "BREADCRUMB", "breadcrumb"), "breadcrumb")]')
    for element in tree.xpath(path):
        leaves = [e for e in element.xpath(".//a | .//li[not(.//a)] | .//span[not(.//a) and not(.//span)]")]
        labels = [element_text(e) for e in leaves]
        labels = [label for label in labels if label and not BREADCRUMB_MARK.fullmatch(label)]
        labels = [label for index, label in enumerate(labels) if index == 0 or labels[index - 1] != label]
        if labels:
            return labels
    return []


def section_labels(trail: list[str], title: str) -> list[str]:
    """A breadcrumb trail's section labels: without the home link, up to the story's own headline,
    a second trail or anything that is no section's name (a handle, a date, a sentence)."""
    labels: list[str] = []
    for label in trail:
        label = clean_text(label).strip(" »›>/|")
        if not label or label.casefold() in not_section_labels():
            continue
        if (title and same_title(label, title)) or label in labels or not is_section_label(label):
            break
        if labels and label[:1].islower() and labels[-1][:1].isupper():
            break
        labels.append(label)
    return labels


def is_section_label(label: str) -> bool:
    """Short, no handle, address, number or date: a section's name."""
    return (
        len(label.split()) <= SECTION_WORDS
        and not URLISH.search(label)
        and not re.search(r"@|\d{2,}|\d[:/]|^\d", label)
        and not find_date(label)
    )


def shown_label(tree: lxml.html.HtmlElement, name: str, place: StoryPlace) -> str:
    """The name as the page shows it as a label of its own (a kicker, a section link), outside its
    menus, header and footer and not after the story's <article> (a list of other stories); ''
    when the story shows no such label."""
    wanted = name.casefold()
    for element in tree.xpath("//body//a | //body//span | //body//li | //body//p | //body//div"):
        text = element.text_content().strip()
        if len(text) > 60 or text.casefold() != wanted:
            continue
        if not in_menu(element) and not is_menu_box(element) and place.order.get(element, 0) <= place.end:
            return clean_text(text)
    return ""


def in_menu(element: lxml.html.HtmlElement) -> bool:
    """Inside the page's menus, masthead, sidebar or footer (not the article's own header)."""
    for ancestor in element.iterancestors():
        tag = ancestor.tag if isinstance(ancestor.tag, str) else ""
        if tag in ("article", "main"):
            return False
        if tag in ("nav", "footer", "aside") or (tag == "header" and not ancestor.xpath("ancestor::article | ancestor::main")):
            return True
        if is_menu_box(ancestor):
            return True
    return False


def is_menu_box(element: lxml.html.HtmlElement) -> bool:
    """An element whose class, id or role names a menu, sidebar, footer or widget."""
    tokens = f"{element.get('class', '')} {element.get('id', '')} {element.get('role', '')}".lower().split()
    return any(token in MENU_TOKENS or token.startswith(MENU_PREFIXES) or token.endswith(MENU_SUFFIXES) for token in tokens)


def read_visible_byline(tree: lxml.html.HtmlElement, meta: PageMeta) -> None:
    """Authors from the byline the page shows: it wins over the markup's when it names them all and
    more ('By A, B, C' beside one JSON-LD author). A byline naming an agency or desk ('By HNN Staff')
    names no person; a known agency is the story's source."""
    byline = first_visible_byline(tree)
    if byline is None:
        return
    names = [name for name in byline.authors if is_person_name(name, meta) or SINGLE_PERSON.match(name)]
    meta.persons.extend(name for name in names if SINGLE_PERSON.match(name))
    if names and (not meta.authors or (set(meta.authors) < set(names))):
        meta.authors = names
    if byline.source and not meta.authors:
        if byline.source.casefold() in desk_names():
            meta.sources.insert(0, byline.source)


def first_visible_byline(tree: lxml.html.HtmlElement) -> Byline | None:
    """The first byline element's authors or desk, else the first short line that reads as a byline
    ('By A , B on Monday, ...', 'Publicado por: A'), in the article first, else a byline under the
    headline in another form (`header_byline`)."""
    for text in byline_texts(tree):
        found = parse_byline_parts(text)
        if not found.authors and not found.source:
            found = Byline(split_authors(text), "")
        if found.authors or found.source:
            return found
    for _, text in short_lines(tree, BYLINE_LINE_CHARS, BY_HINT):
        found = parse_byline_parts(text)
        if found.authors or found.source:
            return found
    return header_byline(tree)


def find_lead_figure(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The story's lead picture: the first <figure> with an image and a caption, in the article first."""
    for path in ("//article//figure", "//main//figure", "//figure"):
        for figure in tree.xpath(path):
            if figure.xpath(".//img | .//picture") and len(figure_caption_text(figure).split()) >= 2:
                return figure
    return None


def figure_caption_text(figure: lxml.html.HtmlElement) -> str:
    captions = figure.xpath(".//figcaption")
    return element_text(captions[0]) if captions else ""


def read_figure(figure: lxml.html.HtmlElement, meta: PageMeta) -> None:
    """Caption and credit from the lead figure: credit from its credit markup or the caption's end."""
    caption_element = figure.xpath(".//figcaption")[0]
    credits = [e for e in figure.xpath(".//*[@class or @itemprop]") if is_credit_element(e)]
    credits = [e for e in credits if not any(c is not e and is_descendant(c, e) for c in credits)]
    credit = clean_credit(element_text(credits[0])) if credits else ""
    caption = element_text(caption_element)
    for element in credits[:1]:
        caption = clean_text(caption.replace(element_text(element), " "))
    caption = CAPTION_LABEL.sub("", caption).strip()
    if not credit:
        caption, credit = split_credit(caption)
    if caption:
        meta.caption = caption
    if credit:
        meta.credit = credit


def is_descendant(element: lxml.html.HtmlElement, ancestor: lxml.html.HtmlElement) -> bool:
    return any(a is ancestor for a in element.iterancestors())


def is_credit_element(element: lxml.html.HtmlElement) -> bool:
    """Markup that holds a photo credit: class names like 'credit', itemprop copyrightHolder."""
    if element.get("itemprop") in ("copyrightHolder", "creditText", "author", "copyrightNotice"):
        return True
    return bool(CREDIT_CLASS.search(element.get("class", ""))) and 0 < len(element_text(element)) <= 120


def split_credit(caption: str) -> tuple[str, str]:
    """(caption, credit) from a caption that ends in its credit: '(AP)', 'Photo: X', 'Photo by X.'"""
    parts = split_caption_credit(caption)
    if parts:
        return parts[0], clean_credit(parts[1])
    match = CREDIT_AT_END.search(caption)
    if match and match.start() > 0:
        return caption[: match.start()].strip(), clean_credit(match.group("credit"))
    return caption, ""


def clean_credit(text: str) -> str:
    """'Photo: X', '(Image: X)', 'Credit: X' → 'X'."""
    text = clean_text(text).strip("()[] ")
    return CREDIT_LABEL.sub("", text).strip(" .;,") if text else ""


def lead_image_ref(tree: lxml.html.HtmlElement, figure: lxml.html.HtmlElement | None, metas: dict[str, list[str]]) -> str:
    """Where the lead image is, when the saved page has it: a relative path next to the page or
    a data URI (as 'data:<type>;sha256=<hex>', the data staying in the page). '' for remote images.

    A browser's 'save complete page' rewrites <img src> to local copies but leaves og:image
    remote, so the local image whose file name matches og:image is the lead one.
    """
    announced = {url_basename(v) for key in ("og:image", "twitter:image", "og:image:url") for v in metas.get(key, [])}
    images = tree.xpath("//article//img | //main//img | //img")
    local = [ref for ref in (local_ref(image_source(i)) for i in images) if ref]
    for ref in local:
        if url_basename(ref) in announced:
            return ref
    if figure is not None:
        for image in figure.xpath(".//img"):
            ref = local_ref(image_source(image))
            if ref:
                return ref
    return ""


def image_source(image: lxml.html.HtmlElement) -> str:
    """An <img>'s own source; lazy-loading pages keep it in data-src behind a placeholder."""
    src = (image.get("src") or "").strip()
    if not src or (src.startswith("data:") and len(src) < MIN_DATA_URI):
        for key in ("data-src", "data-lazy-src", "data-original"):
            if image.get(key):
                return image.get(key, "").strip()
    return src


def local_ref(src: str) -> str:
    """The reference in src when it names an image the seed carries: a data URI or a relative path
    that stays inside the page's folder; '' for anything remote or escaping."""
    if DATA_URI.match(src) and len(src) >= MIN_DATA_URI:
        payload = re.sub(r"\s+", "", src.split(",", 1)[1])
        digest = hashlib.sha256(payload.encode("ascii", "ignore")).hexdigest()
        return f"data:{DATA_URI.match(src).group('type')};sha256={digest}"  # type: ignore[union-attr]
    if not src or src.startswith("data:") or SCHEME.match(src) or src.startswith(("/", "\\")) or "\\" in src:
        return ""
    path = urllib.parse.unquote(src.split("#", 1)[0].split("?", 1)[0])
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if not parts or ".." in parts or "\\" in path or "\x00" in path:
        return ""
    return "/".join(parts)


def url_basename(url: str) -> str:
    path = urllib.parse.urlsplit(url.strip()).path if "://" in url else url.split("?", 1)[0]
    return urllib.parse.unquote(path.rsplit("/", 1)[-1]).lower()


def first_headline(tree: lxml.html.HtmlElement) -> str:
    """The text of the page's headline <h1>: inside <article> or <main> when there is one."""
    element = headline_element(tree)
    return element_text(element) if element is not None else ""


def time_element_date(tree: lxml.html.HtmlElement, tz: tzinfo) -> datetime | None:
    """The first `<time datetime>` (or itemprop datePublished) in the article, else in the page."""
    for path in ("//*[@itemprop='datePublished']", "//article//time[@datetime]", "//time[@pubdate]", "//time[@datetime]"):
        for element in tree.xpath(path):
            value = element.get("datetime") or element.get("content") or element_text(element)
            when = parse_iso(value, tz) or find_date(value, tz)
            if when:
                return when
    return None


def byline_texts(tree: lxml.html.HtmlElement) -> Iterator[str]:
    """Texts of elements marked as a byline or author (rel=author, itemprop=author, class names)."""
    for element in tree.xpath("//*[@rel='author'] | //*[@itemprop='author']"):
        name = element.xpath(".//*[@itemprop='name']")
        yield element_text(name[0] if name else element)
    for element in tree.xpath("//*[@class]"):
        if BYLINE_CLASS.search(element.get("class", "")) and element.tag not in ("body", "html", "article", "main"):
            text = element_text(element)
            if 0 < len(text) <= 100:
                yield text


def page_date_order(tree: lxml.html.HtmlElement, meta: PageMeta) -> bool | None:
    """Whether the page's numeric dates put the day first: its dated lines say so (a date such as
    19/11/2019 settles it), else its locale when that is one that writes the day first ('en-GB',
    'pt-BR', any language but English); else None. 'en-US' is many publishing tools' default
    whatever the outlet's country, so it is no evidence."""
    lines = [text for _, text in short_lines(tree, LABELLED_DATE_CHARS, NUMERIC_DATE_HINT, article_first=False)]
    order = date_order(" ".join(lines[:DATE_ORDER_LINES]))
    if order is not None:
        return order
    locale = (tree.get("lang") or "").replace("_", "-").lower()
    if not locale:
        locale = first_meta(meta_tags(tree), ("og:locale", "content-language", "language")).replace("_", "-").lower()
    language = language_code(locale)
    if language and (language != "en" or locale in DAY_FIRST_ENGLISH):
        return True
    return None


def visible_date(tree: lxml.html.HtmlElement, tz: tzinfo, order: bool | None = None) -> datetime | None:
    """The publication date as the page shows it to readers, in its own zone: a dateline element,
    a date in the byline element, the text of a `<time>` element."""
    return (dateline_date(tree, tz, order) or byline_date(tree, tz, order) or labelled_date(tree, tz, order)
            or time_text_date(tree, tz, order))


def wall_times(tree: lxml.html.HtmlElement) -> list[str]:
    """Texts that may state the publication moment in the page's local time without a zone: the
    published-time meta values and the text of `<time>` elements ('Posted Nov 18, 8:19 PM')."""
    texts = [value for key, values in meta_tags(tree).items() if key in PUBLISHED_META for value in values]
    texts.extend(element_text(element) for element in tree.xpath("//time[@datetime]")[:5])
    return [text for text in texts if 0 < len(text) <= 80]


def local_time_of(instant: datetime | None, texts: list[str]) -> datetime | None:
    """A UTC timestamp moved to the page's own offset, when another value on the page states the same
    moment as a local wall-clock time ('2019-11-18 20:58:46' beside '2019-11-19T04:58:46Z'): the
    offset is their difference. The timestamp unchanged otherwise; no date is made up."""
    if instant is None or instant.utcoffset() != timedelta(0):
        return instant
    utc_wall = instant.replace(tzinfo=None)
    for text in texts:
        if OFFSET_IN_TEXT.search(text) or ZONE_WORD.search(text) or not CLOCK_IN_TEXT.search(text):
            continue  # a value with its own zone, or without a time, states no wall-clock time
        try:
            wall = dateutil_parser.parse(text, fuzzy=True, default=datetime(instant.year, 1, 1))
        except (ValueError, OverflowError):
            continue
        if wall.tzinfo is not None:
            continue
        delta = wall - (utc_wall.replace(second=0, microsecond=0) if wall.second == 0 else utc_wall.replace(microsecond=0))
        if timedelta(0) < abs(delta) <= timedelta(hours=14) and delta % timedelta(minutes=15) == timedelta(0):
            return instant.astimezone(timezone(delta))
    return instant


def choose_published(visible: datetime | None, markup: datetime | None) -> datetime | None:
    """The date to publish under: the day the page shows, which the markup's timestamp (often in
    UTC, or the first version's) may not be. The markup's value when it falls on the shown day
    and the page shows no time, for its time and offset."""
    if visible is None:
        return markup
    if markup is not None and markup.date() == visible.date() and visible.timetz().replace(tzinfo=None) == time(0):
        return markup
    return visible


def dateline_date(tree: lxml.html.HtmlElement, tz: tzinfo, order: bool | None = None) -> datetime | None:
    """The date in the first element marked as a dateline ('published', 'date', 'timestamp'),
    in the article first; update and comment dates are not the publication date."""
    for path in ("//article//*[@class]", "//main//*[@class]", "//*[@class]"):
        for element in tree.xpath(path):
            kind = element.get("class", "")
            if DATE_CLASS.search(kind) and not NOT_PUBLISHED_CLASS.search(kind):
                text = element_text(element)
                when = find_dates(text, tz, order)[0] if 0 < len(text) <= 200 else None
                if when:
                    return when
    return None


def byline_date(tree: lxml.html.HtmlElement, tz: tzinfo, order: bool | None = None) -> datetime | None:
    """A date printed in the byline ('By Jane Doe - 2019-04-10')."""
    for text in byline_texts(tree):
        when = find_dates(text, tz, order)[0] if len(text) <= 200 else None
        if when:
            return when
    return None


def labelled_date(tree: lxml.html.HtmlElement, tz: tzinfo, order: bool | None = None) -> datetime | None:
    """A date in a short line the page labels as the publication's ('Published: Monday, ...')."""
    for _, text in short_lines(tree, LABELLED_DATE_CHARS, PUBLISHED_HINT, article_first=False):
        if PUBLISHED_TEXT.match(text):
            when = find_dates(text, tz, order)[0]
            if when:
                return when
    return None


def time_text_date(tree: lxml.html.HtmlElement, tz: tzinfo, order: bool | None = None) -> datetime | None:
    """The date a `<time>` element shows as text ('November 18, 2019'), in the article first;
    its datetime attribute when that is a bare day (a day with no time is the page's own)."""
    for path in ("//article//time", "//main//time", "//time"):
        for element in tree.xpath(path):
            text = element_text(element)
            when = find_dates(text, tz, order)[0] if 0 < len(text) <= 200 else None
            value = element.get("datetime") or ""
            if when is None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
                when = parse_iso(value, tz)
            if when:
                return when
    return None


def header_date(tree: lxml.html.HtmlElement, tz: tzinfo, order: bool | None = None) -> datetime | None:
    """The date of a short line under the headline, before the story's first long paragraph ('March
    3, 2021', 'By Jane Doe | March 3, 2021'), for pages whose markup and classes date nothing."""
    for _, text in header_lines(tree):
        when = find_dates(text, tz, order)[0]
        if when:
            return when
    return None


def header_lines(tree: lxml.html.HtmlElement) -> list[tuple[lxml.html.HtmlElement, str]]:
    """The first short lines under the headline, outside menus, before the story's first long
    paragraph: where a page prints its byline and dateline."""
    heading = headline_element(tree)
    if heading is None:
        return []
    found: list[tuple[lxml.html.HtmlElement, str]] = []
    following = heading.xpath("following::*[self::p or self::div or self::span or self::time or self::small or self::li]")
    for element in following[:HEADER_SCAN]:
        raw = element.text_content()
        if not is_short_raw(raw, HEADER_LINE_CHARS) and element.tag != "p":
            continue  # a container of the page, not a line
        text = element_text(element)
        if len(text) >= HEADER_STORY_CHARS and element.tag == "p":
            break  # the story has begun
        if text and len(text) <= HEADER_LINE_CHARS and not in_menu(element) and text not in (line for _, line in found):
            found.append((element, text))
            if len(found) >= HEADER_LINES:
                break
    return found


def header_byline(tree: lxml.html.HtmlElement) -> Byline | None:
    """A byline among the short lines under the headline that the byline elements and 'By' lines
    did not give: 'Text: A', 'A @handle', 'A and B', or a lone name beside a dated line."""
    lines = [text for _, text in header_lines(tree)]
    for at, text in enumerate(lines):
        found = parse_byline_parts(text)
        if found.authors:
            return found
        names = names_of_list(text)
        if names:
            return Byline(names, "")
        beside = lines[max(at - 1, 0): at] + lines[at + 1: at + 2]
        if looks_like_name(text) and any(find_date(line) for line in beside) and not in_caption_run(lines, at):
            return Byline((text,), "")
    return None


def in_caption_run(lines: list[str], at: int) -> bool:
    """The line is one of CAPTION_RUN or more undated short lines in a row that are not all names
    (a slideshow's captions): a name among them names no author."""
    def undated(index: int) -> bool:
        return len(lines[index].split()) <= CAPTION_WORDS and not find_date(lines[index])

    start, end = at, at + 1
    while start > 0 and undated(start - 1):
        start -= 1
    while end < len(lines) and undated(end):
        end += 1
    return end - start >= CAPTION_RUN and not all(looks_like_name(line) for line in lines[start:end])


def headline_element(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The page's headline <h1> (as `first_headline` finds it), or None."""
    for path in ("//article//h1", "//main//h1", "//*[@itemprop='headline']", "//h1"):
        for element in tree.xpath(path):
            text = element_text(element)
            if text and len(text) <= 300:
                return element
    return None


def guess_date(tree: lxml.html.HtmlElement, tz: tzinfo) -> datetime | None:
    """Last resort: htmldate's search of the page (URLs, text, attributes) for the original date."""
    try:
        import htmldate

        found = htmldate.find_date(tree, original_date=True, extensive_search=False)
    except Exception:  # noqa: BLE001 - a date guesser must never fail a page
        log.debug("htmldate failed", exc_info=True)
        return None
    return parse_iso(found, tz) if found else None


def page_language(tree: lxml.html.HtmlElement) -> str:
    return language_code(tree.get("lang") or tree.get("xml:lang") or "")


def language_code(value: str) -> str:
    """'en-US', 'en_GB' → 'en'; '' for anything that is not a language tag."""
    match = re.match(r"^([a-z]{2,3})(?:[-_][A-Za-z0-9]+)*$", (value or "").strip(), re.I)
    return match.group(1).lower() if match else ""


def parse_iso(value: str, tz: tzinfo) -> datetime | None:
    """An aware datetime from an ISO 8601 (or other machine-readable) date string, or None."""
    value = clean_text(value)
    if not value or len(value) > 60:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    except ValueError:
        when = parse_date(value, tz) if re.search(r"\d{4}", value) else None
    if when is None or not 1800 <= when.year <= 2200:
        return None
    return when if when.tzinfo else when.replace(tzinfo=tz)


def choose_title(meta: PageMeta) -> str:
    """The headline as readers saw it: the visible <h1> when the metadata agrees with it or it reads
    as a headline (a site's logo or section name in an <h1> does not), else the best metadata title."""
    titles = [strip_site_name(t, meta.source) for t in meta.titles if t]
    titles = [t for t in titles if t]
    if meta.headline and (not titles or any(same_title(meta.headline, t) for t in titles)):
        return meta.headline
    if is_headline_like(meta.headline, meta.source):
        return meta.headline
    return titles[0] if titles else meta.headline


def is_headline_like(text: str, site: str) -> bool:
    """Long enough to be a story's headline and not the outlet's own name."""
    return len(text.split()) >= HEADLINE_WORDS and not (site and normalize(site) in normalize(text))


def strip_site_name(title: str, site: str) -> str:
    """'Headline | Site Name' → 'Headline' (the site part named by og:site_name, or short and last)."""
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    last = parts[-1]
    if (site and normalize(site) in normalize(last)) or len(last.split()) <= 3 < len(" ".join(parts[:-1]).split()):
        return title[: title.rfind(last)].rstrip(" |–—-·•:")
    return title


def normalize(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def same_title(a: str, b: str) -> bool:
    """Two titles that say the same (case, punctuation and a cut-off end aside)."""
    na, nb = normalize(a), normalize(b)
    return bool(na and nb) and (na == nb or (min(len(na), len(nb)) >= 20 and (na.startswith(nb) or nb.startswith(na))))


# --- body -----------------------------------------------------------------------------------


def read_body(tree: lxml.html.HtmlElement, title: str, meta: PageMeta, rules: RuleSet, removed: list[Removed]) -> list[str]:
    """The story's paragraphs; when the balanced extraction finds next to nothing, once more
    favouring recall (a short page whose text trafilatura took for furniture)."""
    body: list[str] = []
    for favor_recall in (False, True):
        removed.clear()
        body = clean_body(extract_blocks(tree, favor_recall), title, meta, rules, removed)
        if word_count(body) >= MIN_STORY_WORDS:
            break
    return body


def word_count(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def extract_blocks(tree: lxml.html.HtmlElement, favor_recall: bool = False) -> list[Block]:
    """The main text as blocks, by trafilatura (comments left out: they are not the story)."""
    document = trafilatura.bare_extraction(
        keep_embedded_posts(copy.deepcopy(tree)),
        include_comments=False,
        include_tables=True,
        include_links=True,
        with_metadata=False,
        favor_recall=favor_recall,
    )
    body = getattr(document, "body", None)
    if body is None:
        return []
    return list(walk_blocks(body))


def keep_embedded_posts(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """Let quoted social posts (an embedded tweet's text) through: they are part of the story, but
    their social-media class names make extraction take them for share widgets."""
    for post in tree.xpath(EMBEDDED_POSTS):
        for element in [post, *list(post.iterancestors())[:EMBED_DEPTH]]:
            for key in ("class", "id"):
                if element.get(key) and (element is post or EMBED_CLASS.search(element.get(key, ""))):
                    del element.attrib[key]
    return tree


def walk_blocks(element: lxml.etree._Element) -> Iterator[Block]:
    """Blocks in document order: paragraphs, headings, list items, quotes, table rows, loose text."""
    for child in element:
        if child.tag in ("list", "table", "div", "quote") and any(c.tag in BLOCK_TAGS for c in child):
            yield from walk_blocks(child)
        elif child.tag in ("row",):
            yield block_of(child, "cell")
        else:
            yield block_of(child, child.tag if child.tag in BLOCK_TAGS else "text")
        tail = clean_text(child.tail)
        if tail:
            yield Block("text", tail)


BLOCK_TAGS = {"p", "head", "item", "list", "quote", "table", "row", "cell", "code", "div"}


def block_of(element: lxml.etree._Element, kind: str) -> Block:
    """One block: its whitespace-collapsed text and the share of that text inside links."""
    text = element_text(element)
    linked = sum(len(element_text(ref)) for ref in element.iter("ref"))
    return Block(kind, text, linked / len(text) if text else 0.0)


def clean_body(blocks: list[Block], title: str, meta: PageMeta, rules: RuleSet, removed: list[Removed]) -> list[str]:
    """Body paragraphs from the extracted blocks, minus furniture; what goes is recorded."""
    blocks = [b for b in blocks if b.text]
    reasons = label_blocks(blocks, title, meta, rules)
    label_related_headings(blocks, reasons)
    label_trailing_furniture(blocks, reasons)
    body: list[str] = []
    for block, reason in zip(blocks, reasons):
        if reason:
            removed.append(Removed(0, block.text, reason))
        elif not body or block.text != body[-1]:
            body.append(block.text)
    return body


def label_blocks(blocks: list[Block], title: str, meta: PageMeta, rules: RuleSet) -> list[str]:
    """For each block, the rule that removes it ('' for body text), block by block."""
    reasons: list[str] = []
    kept_words = 0
    total_words = sum(len(b.text.split()) for b in blocks)
    list_rule = ""  # a block rule's name while the link list it introduced goes on
    for index, block in enumerate(blocks):
        tail = match_rule(block.text, rules, "tail") if kept_words else None
        # a tail rule ends the story only near its end: trafilatura has already cut the page's tail
        if tail and total_words - kept_words <= kept_words:
            reasons.extend([tail.name] * (len(blocks) - index))
            break
        heading = None if is_prose(block.text) else match_rule(block.text, rules, "block")
        list_rule = heading.name if heading else list_rule if list_rule and not is_prose(block.text) else ""
        reason = list_rule or furniture_reason(block, title, meta, rules, at_start=not kept_words)
        reasons.append(reason)
        if not reason:
            kept_words += len(block.text.split())
    return reasons


def is_prose(text: str) -> bool:
    """A block that reads as a sentence of the story rather than a link or a label."""
    words = len(text.split())
    return words >= PROSE_WORDS or (words >= SENTENCE_WORDS and bool(SENTENCE_END.search(text)))


def label_related_headings(blocks: list[Block], reasons: list[str]) -> None:
    """A short heading-like block introducing a list of removed links ('More on this', 'Explore
    further') goes too. One link after a label is more often a product or a source in the story."""
    for index in range(len(blocks) - 2):
        if not reasons[index] and is_short_label(blocks[index].text) and reasons[index + 1 : index + 3] == ["link-only"] * 2:
            reasons[index] = "related-heading"


def label_trailing_furniture(blocks: list[Block], reasons: list[str]) -> None:
    """Short label-like blocks left at the very end ('Explore further', 'Most read') go."""
    for index in range(len(blocks) - 1, -1, -1):
        if reasons[index]:
            continue
        if not is_short_label(blocks[index].text):
            break
        reasons[index] = "trailing-furniture"


def is_short_label(text: str) -> bool:
    """A few words that do not end a sentence: a heading, a label, a button."""
    return (
        len(text.split()) <= SHORT_LABEL_WORDS
        and not SENTENCE_END.search(text)
        and not text.startswith(("“", '"', "‘", "'", "—"))
        and find_date(text) is None
    )


def furniture_reason(block: Block, title: str, meta: PageMeta, rules: RuleSet, at_start: bool) -> str:
    """The rule name that removes a block, or '' when it is body text."""
    text = block.text
    if same_title(text, title) and len(text) <= len(title) + 10:
        return "repeated-headline"
    rule = match_rule(text, rules, "line")
    if rule:
        return rule.name
    if normalize(text) in {normalize(meta.caption), normalize(f"{meta.caption} {meta.credit}")} - {""}:
        return "caption"
    if meta.credit and normalize(text) == normalize(meta.credit):
        return "photo-credit"
    if is_link_only(block):
        return "link-only"
    if EMAIL.search(text) and len(text.split()) <= CONTACT_WORDS:
        return "contact-line"
    if at_start:
        return header_reason(block, meta)
    return ""


def is_link_only(block: Block) -> bool:
    """A short block that is all link text: a related-story headline or a navigation link."""
    words = len(block.text.split())
    return block.link_share > 0.9 and words <= LINK_ONLY_WORDS and find_date(block.text) is None


def header_reason(block: Block, meta: PageMeta) -> str:
    """Furniture that only appears before the body starts: standfirst, byline, dateline, credit."""
    text = block.text
    if block.kind == "head" and meta.description and normalize(text) == normalize(meta.description):
        return "standfirst"
    if parse_byline(text) or (text in meta.authors):
        return "byline"
    if split_caption_credit(text) or parse_credit_line(text):
        return "caption"
    words = len(text.split())
    if words <= 12 and find_date(text) is not None:
        return "dateline"
    if words < MIN_BODY_WORDS and not looks_like_name(text):
        return "header-furniture"
    return ""


def number_removed(removed: list[Removed], page: str) -> Iterator[Removed]:
    """Give each removed block the line of the page where its text starts (0 when not found)."""
    for item in removed:
        probe = item.text[:40]
        position = page.find(probe) if probe else -1
        line = page.count("\n", 0, position) + 1 if position >= 0 else 0
        yield Removed(line, item.text, item.rule)
