"""The page as a tree and its text as a reader sees it: a tolerant parse that drops comments,
visible text with blocks kept apart, and the folded form titles and names are compared in."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from ...errors import SeedError

# Elements whose edges separate words (HTML blocks and trafilatura's own block tags).
BREAK_TAGS = {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
              "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
              "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "lb", "item", "list", "head",
              "quote", "row", "cell"}
INVISIBLE_TAGS = {"script", "style", "noscript", "template"}
WHITESPACE = re.compile(r"\s+")
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


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


def normalize(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def same_title(a: str, b: str) -> bool:
    """Two titles that say the same (case, punctuation and a cut-off end aside)."""
    na, nb = normalize(a), normalize(b)
    return bool(na and nb) and (na == nb or (min(len(na), len(nb)) >= 20 and (na.startswith(nb) or nb.startswith(na))))
