"""The archive's story pages: links in every direction, related stories, images, JSON-LD.

At `all_generators_finalized` every story (dated article or undated page) gets: newer/older
neighbours by date, related stories (newsarchive/site/related.py), its lead image when the archive
has the file, links for its byline, category and tags (only to pages that exist), and its canonical
URL. Templates also get a few globals (`jsonld`, `absolute`, `month_url`), and the undated stories
get a paginated index page.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup

from pelican import signals
from pelican.generators import ArticlesGenerator

from newsarchive.slugs import slugify

from . import jsonld
from .incremental.plugin import file_memo
from .incremental.signatures import pack_rows, unpack_rows
from .incremental.store import BuildStore, build_store
from .related import RelatedCache, related_stories
from .settings import absolute_base, absolute_url, bound_content_memos, publisher_name, setting
from .state import find_state, note_mismatches
from .stories import collect_stories, is_dated, metadata_text

log = logging.getLogger(__name__)
RELATED_CACHE_FORMAT = "related 7"  # the record's base: a new format starts afresh
RELATED_FIELDS = ("ids", "ties", "times", "features", "related", "scores", "postings", "options")  # RelatedCache's kept fields
MEMO_NAME = "features"  # what the plugin remembers of each story's file (OwnMemo.known)


class Link:
    """A name with the URL of its page, or no URL when the archive has no such page (a story's
    author, category or tag): never changed once made."""

    def __init__(self, name: str, url: str | None) -> None:
        self.name, self.url = name, url
        self._fingerprint = f"{name}\x00{url}"

    def __str__(self) -> str:
        return self.name

    def __fingerprint__(self, level: int) -> str:
        return self._fingerprint


class Links(list):  # type: ignore[type-arg]
    """A story's Links of one kind (authors, tags), declared for incremental builds in one pass."""

    __slots__ = ()

    def __fingerprint__(self, level: int) -> str:
        return "\x01".join([link.__fingerprint__(level) for link in self])


def project_slugs(stories: list[Any]) -> None:
    """Author, category and tag slugs by the project's slugify, as entities get theirs: never
    empty (Pelican's is empty for a name in a non-Latin script, and those pages would collide)."""
    slugs: dict[tuple[str, str], str] = {}  # once per name, not once per story

    def slug_of(name: str, fallback: str) -> str:
        key = (name, fallback)
        if key not in slugs:
            slugs[key] = slugify(name, fallback=fallback)
        return slugs[key]

    done: set[int] = set()  # an object several stories share is slugged once
    for story in stories:
        for kind in ("authors", "tags"):
            for item in getattr(story, kind, None) or ():
                if id(item) not in done:
                    done.add(id(item))
                    item.slug = slug_of(item.name, kind[:-1])
        category = getattr(story, "category", None)
        if category is not None and id(category) not in done:
            done.add(id(category))
            category.slug = slug_of(category.name, "category")


def slug_articles(generator: ArticlesGenerator) -> None:
    project_slugs(generator.articles + generator.hidden_articles + generator.drafts)


def slug_pages(generator: Any) -> None:
    project_slugs(generator.pages + generator.hidden_pages)


def story_features(story: Any) -> list[str]:
    """What related stories may share: entities, tags, category (each weighted by IDF later)."""
    features = [f"{e.type.key}:{e.slug}" for e in getattr(story, "entities", ())]
    features += [f"tag:{t.slug}" for t in getattr(story, "tags", ()) or ()]
    category = getattr(story, "category", None)
    if category is not None and getattr(category, "slug", ""):
        features.append(f"category:{category.slug}")
    return features


def features_of(stories: list[Any], memo: Any) -> list[list[str]]:
    """Each story's features (story_features): those remembered for its file, or worked out. A
    story's entities, tags and category, and so its features, are decided by its file and the
    settings (the slugs are the project's, see project_slugs)."""
    if memo is None:
        return [story_features(story) for story in stories]
    result = []
    for story in stories:
        rows = unpack_rows(memo.known(story, MEMO_NAME))
        if rows is not None and len(rows) == 1:
            result.append(rows[0])
            continue
        features = story_features(story)
        packed = pack_rows([features])
        if packed is not None:
            memo.remember(story, MEMO_NAME, packed)
        result.append(features)
    return result


def load_related_cache(store: BuildStore | None) -> RelatedCache:
    """The related lists and postings the last build worked out; empty when there are none to trust."""
    data = store.load("related", RELATED_CACHE_FORMAT) if store is not None else {}
    try:
        cache = RelatedCache(**{name: list(data[name]) for name in RELATED_FIELDS[:-2]},
                             postings=dict(data["postings"]), options=list(data["options"]))
    except (KeyError, TypeError, ValueError):
        return RelatedCache()  # missing or unreadable: every list is worked out again
    if len({len(getattr(cache, name)) for name in RELATED_FIELDS[:-2]}) != 1:
        return RelatedCache()
    return cache


def save_related_cache(store: BuildStore, cache: RelatedCache) -> None:
    """Keep the related lists and postings for the next build."""
    store.save("related", {name: getattr(cache, name) for name in RELATED_FIELDS}, RELATED_CACHE_FORMAT)


def assign_related(stories: list[Any], settings: dict[str, Any]) -> None:
    """Each story's related stories; the lists the last build kept are reused where nothing they
    are made from changed (a verified build works them all out as well, and reports a difference)."""
    times = [s.date.timestamp() if is_dated(s) else 0.0 for s in stories]
    store = build_store(settings)
    cache: RelatedCache | None = load_related_cache(store)
    ids = [str(s.url) for s in stories]
    if len(set(ids)) != len(ids):  # ids must be unique for the cache and ties; fall back to none
        ids, cache, store = None, None, None
    features = features_of(stories, file_memo(settings))
    options = {"count": int(setting(settings, "NEWSARCHIVE_RELATED_COUNT")),
               "cap": int(setting(settings, "NEWSARCHIVE_RELATED_POSTINGS")),
               "scale": setting(settings, "NEWSARCHIVE_RELATED_SCALE"), "ids": ids}
    best = related_stories(features, times, cache=cache, **options)
    state = find_state(settings)
    if state is not None and state.verify and cache is not None:
        cache = RelatedCache()  # empty: every list worked out, and kept for the next build
        full = related_stories(features, times, cache=cache, **options)
        note_mismatches(state, "related lists", [ids[i] for i, (a, b) in enumerate(zip(best, full)) if a != b])
        best = full
    for story, indices in zip(stories, best):
        story.related = [stories[i] for i in indices]
    if store is not None and cache is not None and ids is not None:
        save_related_cache(store, cache)


def assign_neighbours(articles: list[Any]) -> None:
    """newer/older by date; `articles` is newest first, as Pelican orders them."""
    for index, article in enumerate(articles):
        article.newer = articles[index - 1] if index > 0 else None
        article.older = articles[index + 1] if index + 1 < len(articles) else None


def lead_image(story: Any, settings: dict[str, Any]) -> dict[str, Any] | None:
    """The story's lead image when its file is in a static folder of the content; else None.
    With the widths ingest published (newsarchive/images.py), for srcset, and its size."""
    from PIL import Image

    from newsarchive.images import image_variants

    image = metadata_text(story, "image")
    if not image or "://" in image or image.startswith(("/", "data:")) or ".." in Path(image).parts:
        return None
    content = Path(settings["PATH"])
    static = [Path(p) for p in settings.get("STATIC_PATHS", ())]
    if not (content / image).is_file() or not any(Path(image).is_relative_to(p) for p in static):
        return None
    try:
        with Image.open(content / image) as opened:
            width, height = opened.size
    except OSError:
        return None
    return {
        "url": image, "width": width, "height": height,
        "variants": [v for v in image_variants(image, content) if (content / v[0]).is_file()],
        "caption": metadata_text(story, "caption"), "credit": metadata_text(story, "credit"),
    }


def existing(urls: set[str], items: Any) -> Links:
    """Links to the pages of authors, a category or tags, None for a page that is not written."""
    return Links(Link(str(item), item.url if item.url in urls else None) for item in items or ())


def assign_links(stories: list[Any], taxonomy_urls: set[str], settings: dict[str, Any]) -> None:
    for story in stories:
        story.author_links = existing(taxonomy_urls, getattr(story, "authors", ()))
        category = getattr(story, "category", None)
        story.category_link = existing(taxonomy_urls, [category])[0] if category else None
        story.tag_links = existing(taxonomy_urls, getattr(story, "tags", ()))
        story.lead_image = lead_image(story, settings)
        story.canonical = absolute_url(settings, story.url)
        story.source_name = metadata_text(story, "source")


def taxonomy_urls(generator: ArticlesGenerator) -> set[str]:
    """URLs of the author, category and tag pages Pelican will write."""
    urls = {tag.url for tag in generator.tags}
    urls |= {category.url for category, _ in generator.categories}
    urls |= {author.url for author, _ in generator.authors}
    return urls


def finalize(generators: list[Any]) -> None:
    articles_generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if articles_generator is None:
        return
    settings = articles_generator.settings
    stories = collect_stories(generators)
    undated = [s for s in stories if not is_dated(s)]
    assign_neighbours(articles_generator.articles)
    assign_links(stories, taxonomy_urls(articles_generator), settings)
    assign_related(stories, settings)
    context = articles_generator.context
    context["undated_stories"] = undated
    context["UNDATED_URL"] = setting(settings, "NEWSARCHIVE_UNDATED_URL") if undated else ""
    context["SITE_ABSOLUTE_URL"] = absolute_base(settings)


def write_undated(generator: ArticlesGenerator, writer: Any) -> None:
    """A paginated index of the stories without a date, which the date archives cannot list."""
    undated = generator.context.get("undated_stories") or []
    if not undated:
        return
    url = setting(generator.settings, "NEWSARCHIVE_UNDATED_URL")
    writer.write_file(
        url, generator.get_template("undated"), generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"], paginated={"articles": undated},
        template_name="undated", url=url, articles=undated, page_name=url.rsplit(".", 1)[0],
    )


def article_jsonld(story: Any, settings: dict[str, Any]) -> Markup:
    """The story's NewsArticle as script-safe JSON text."""
    def absolute(url: str | None) -> str:
        return absolute_url(settings, url) if url else ""

    entities = [(e.type.schema, e.name, absolute(e.url)) for e in getattr(story, "entities", ())]
    headline = str(story.title)
    about = [e for e in entities if e[1].lower() in headline.lower()] or entities[:3]
    images = []
    if getattr(story, "lead_image", None):
        images.append(absolute(story.lead_image["url"]))
    if getattr(story, "card_url", ""):
        images.append(absolute(story.card_url))
    data = jsonld.news_article(
        headline=headline,
        url=story.canonical,
        published=getattr(story, "date", None),
        modified=getattr(story, "modified", None),
        authors=[(link.name, absolute(link.url)) for link in getattr(story, "author_links", ())],
        publisher=(publisher_name(settings), absolute_base(settings) + "/"),
        description=plain_summary(story),
        section=str(getattr(story, "category", "") or ""),
        keywords=[str(t) for t in getattr(story, "tags", ()) or ()],
        image=images[0] if images else "",
        source=getattr(story, "source_name", ""),
        entities=entities,
        about=about,
        language=str(getattr(story, "lang", "") or ""),
    )
    if len(images) > 1:
        data["image"] = images
    return Markup(jsonld.dumps_for_script(data))


def plain_summary(story: Any) -> str:
    """The summary as plain text (Pelican renders it to HTML)."""
    summary = getattr(story, "summary", "") or ""
    return " ".join(Markup(summary).striptags().split())


def month_url(settings: dict[str, Any], date: datetime) -> str:
    return str(settings["MONTH_ARCHIVE_URL"]).format(date=date)


def add_template_helpers(generator: Any) -> None:
    settings = generator.settings
    generator.env.globals.update(
        jsonld=lambda story: article_jsonld(story, settings),
        absolute=lambda url: absolute_url(settings, str(url)),
        month_url=lambda date: month_url(settings, date),
        plain_summary=plain_summary,
    )


def register() -> None:
    bound_content_memos()
    signals.generator_init.connect(add_template_helpers)
    signals.article_generator_pretaxonomy.connect(slug_articles)
    signals.page_generator_finalized.connect(slug_pages)
    signals.all_generators_finalized.connect(finalize)
    signals.article_writer_finalized.connect(write_undated)
