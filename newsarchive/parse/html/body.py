"""The story's paragraphs: trafilatura's main text, then the project's rules and checks on top (the
headline and standfirst repeated, link-only paragraphs, captions, credits), each removal recorded."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass

import lxml.etree
import lxml.html
import trafilatura

from ...article import Removed
from ..bylines import looks_like_name, parse_byline
from ..credits import parse_credit_line, split_caption_credit
from ..dates import find_date
from ..rules import RuleSet, match_rule
from .markup import clean_text, element_text, normalize, same_title
from .layout import PROSE_WORDS
from .metadata import PageMeta

EMBEDDED_POSTS = '//blockquote[contains(@class, "twitter-tweet") or contains(@class, "instagram-media")]'
EMBED_CLASS = re.compile(r"social|embed|twitter|tweet|instagram", re.I)
EMBED_DEPTH = 3  # wrappers around an embedded post that may carry social class names
MIN_BODY_WORDS = 3
MIN_STORY_WORDS = 15  # less text than this is a page's furniture, not a story
SHORT_LABEL_WORDS = 6
SENTENCE_WORDS = 6  # a block ending like a sentence is prose from this many words
SENTENCE_END = re.compile(r"[.!?”\"')\]]\s*$")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.I)
CONTACT_WORDS = 40
LINK_ONLY_WORDS = 20  # a related-story headline is shorter; a paragraph wrapped in a link is not


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-sized piece of extracted text: its kind and how much of it is link text."""

    kind: str  # p, head, item, quote, cell, text
    text: str
    link_share: float = 0.0


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
