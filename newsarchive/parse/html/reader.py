"""The saved-page reader's entry point: `parse_html` reads the markup, then the visible page, the
headline, the body and the date, and makes the Article."""

from __future__ import annotations

from datetime import timezone, tzinfo

import lxml.html

from ...article import Article, Removed
from ...errors import SeedError
from ...seeds import RawSeed
from ..bylines import BIO_WORDS, author_of_bio
from ..rules import load_rules
from .markup import clean_text, parse_tree
from .layout import first_headline
from .metadata import (
    PageMeta, choose_source, find_article_ld, is_person_name, meta_tags, page_language, read_ld, read_meta_tags,
    resolve_ld, time_element_date,
)
from .title import choose_title
from .authors import read_visible_byline, shown_names
from .published import (
    choose_published, guess_date, header_date, local_time_of, page_date_order, visible_date, wall_times,
)
from .sections import page_section
from .figure import find_lead_figure, lead_image_ref, read_figure
from .body import MIN_STORY_WORDS, number_removed, read_body, word_count

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
    bio_author = author_of_bio(body[-1]) if not meta.authors and len(body[-1].split()) <= BIO_WORDS else ""
    if bio_author:
        meta.authors = [bio_author]  # an op-ed's closing bio: 'Jane Doe is a columnist for ...'
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


def read_visible(tree: lxml.html.HtmlElement, meta: PageMeta, tz: tzinfo) -> None:
    """What the visible page adds: the <h1>, <time datetime>, byline elements, the <title>."""
    meta.headline = first_headline(tree)
    if meta.published is None:
        meta.published = time_element_date(tree, tz)
    read_visible_byline(tree, meta)
    title = tree.find(".//title")
    if title is not None and clean_text(title.text_content()):
        meta.titles.append(clean_text(title.text_content()))
