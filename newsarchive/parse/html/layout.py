"""Where things sit in the page: the headline, the story's place in document order, the page's
menus, and the short lines (under the headline and elsewhere) where a page prints its byline,
dateline and section."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import lxml.etree
import lxml.html

from .markup import WHITESPACE, element_text

RAW_TEXT_FACTOR = 4  # raw text (with its markup's whitespace) this many times a short line's length is no short line
# Elements a short meta line is printed in ('<small>05/10/2018 - Publicado por: A - Categoria: B</small>').
SHORT_BLOCKS = ("p", "div", "span", "li", "small", "address")
HEADER_LINES = 8  # short lines read under the headline for its date
HEADER_SCAN = 150  # elements after the headline looked at for them
HEADER_LINE_CHARS = 150  # ... each at most this long
HEADER_STORY_CHARS = 200  # a paragraph this long opens the story: no dateline after it
MENU_TOKENS = {"menu", "nav", "navbar", "navigation", "masthead", "footer", "sidebar", "header", "site-header", "dropdown",
               "megamenu", "mega-menu", "widget", "related", "trending", "cat-item"}
MENU_PREFIXES = ("menu", "nav-", "navbar", "footer", "sidebar", "dropdown", "site-header", "widget", "related")
MENU_SUFFIXES = ("-menu", "-nav", "__nav", "-navigation", "-footer", "-sidebar", "-dropdown", "-widget", "-related")
PROSE_WORDS = 18  # a block this long is prose whatever its ending


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


def first_headline(tree: lxml.html.HtmlElement) -> str:
    """The text of the page's headline <h1>: inside <article> or <main> when there is one."""
    element = headline_element(tree)
    return element_text(element) if element is not None else ""


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


def headline_element(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The page's headline <h1> (as `first_headline` finds it), or None."""
    for path in ("//article//h1", "//main//h1", "//*[@itemprop='headline']", "//h1"):
        for element in tree.xpath(path):
            text = element_text(element)
            if text and len(text) <= 300:
                return element
    return None
