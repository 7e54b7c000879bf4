"""What the page's machine-readable markup says about the story (JSON-LD, Open Graph and other
`<meta>` tags, `<time datetime>`), gathered in `PageMeta` before the visible page is read."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

import lxml.html

from ..bylines import looks_like_name, parse_byline, split_authors
from ..dates import find_date, parse_date
from .markup import clean_text, element_text, normalize

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
TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—·•:]|-{1,2}|::)\s+")
URLISH = re.compile(r"^(?:https?:)?//|^www\.|\.(?:com|org|net)/", re.I)


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


def time_element_date(tree: lxml.html.HtmlElement, tz: tzinfo) -> datetime | None:
    """The first `<time datetime>` (or itemprop datePublished) in the article, else in the page."""
    for path in ("//*[@itemprop='datePublished']", "//article//time[@datetime]", "//time[@pubdate]", "//time[@datetime]"):
        for element in tree.xpath(path):
            value = element.get("datetime") or element.get("content") or element_text(element)
            when = parse_iso(value, tz) or find_date(value, tz)
            if when:
                return when
    return None


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
    when: datetime | None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    except ValueError:
        when = parse_date(value, tz) if re.search(r"\d{4}", value) else None
    if when is None or not 1800 <= when.year <= 2200:
        return None
    return when if when.tzinfo else when.replace(tzinfo=tz)
