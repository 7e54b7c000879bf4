"""Article → Pelican Markdown. The one place that escapes seed text."""

from __future__ import annotations

import re
from datetime import datetime

from .article import Article

# Characters Markdown (with Pelican's 'extra' extensions) or HTML would interpret anywhere in a
# line, replaced by numeric character references so they render as themselves.
INLINE = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "\\": "&#92;",
    "`": "&#96;",
    "*": "&#42;",
    "_": "&#95;",
    "[": "&#91;",
    "]": "&#93;",
    "{": "&#123;",
    "}": "&#125;",
    "|": "&#124;",
    "~": "&#126;",
    "$": "&#36;",
    "^": "&#94;",
    "#": "&#35;",
    ":": "&#58;",
}
INLINE_RE = re.compile("[" + re.escape("".join(INLINE)) + "]")
# Block syntax that only matters at the start of a line: lists, headings, rules, setext
# underlines, ordered lists, definition lists, tables, indentation (code blocks).
LINE_START = re.compile(r"^([-+=!%.]|\d+(?=[.)]))")
# Runs of whitespace, including what some parsers take for a line break (vertical tab, form feed,
# file/group/record/unit separators, NEL, line and paragraph separators), become one space.
WHITESPACE = re.compile(r"[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u2028\u2029]+")
# Removed outright: other C0/C1 controls, bidirectional embeddings, overrides and isolates (a
# "trojan source" headline could display reversed), lone surrogates (not encodable) and
# noncharacters.
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def escape_inline(text: str) -> str:
    """Escape text so Markdown renders exactly these characters, as text, on one line."""
    text = WHITESPACE.sub(" ", CONTROL.sub("", text)).strip()
    text = INLINE_RE.sub(lambda m: INLINE[m.group(0)], text)
    return LINE_START.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group(0)), text)


def escape_paragraph(text: str) -> str:
    """A paragraph as one escaped Markdown line."""
    return escape_inline(text)


def metadata_value(text: str) -> str:
    """A metadata value on one line: no newlines, no control characters."""
    return WHITESPACE.sub(" ", CONTROL.sub("", text)).strip()


def list_item(text: str) -> str:
    """One item of a metadata list. Pelican splits a list on ';' when it holds one, else on ',',
    so both go from inside an item (rather than cut a name in two)."""
    return WHITESPACE.sub(" ", metadata_value(text).replace(",", " ").replace(";", " ")).strip()


def list_value(items: tuple[str, ...]) -> str:
    """A comma-separated metadata list."""
    return ", ".join(item for item in map(list_item, items) if item)


def format_date(value: datetime) -> str:
    """ISO 8601 with the offset, which Pelican reads as an aware datetime."""
    return value.isoformat()


def summarize(article: Article, limit: int = 300) -> str:
    """The first paragraph, cut at a word boundary."""
    first = article.body[0] if article.body else ""
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def to_markdown(article: Article, slug: str) -> str:
    """Pelican Markdown for an article: metadata header, blank line, escaped paragraphs."""
    fields: list[tuple[str, str]] = [("Title", metadata_value(article.title))]
    if article.published:
        fields.append(("Date", format_date(article.published)))
    if article.modified:
        fields.append(("Modified", format_date(article.modified)))
    fields += [
        ("Authors", list_value(article.authors)),
        ("Category", metadata_value(article.category)),
        ("Tags", list_value(article.tags)),
        ("Slug", slug),
        ("Summary", escape_inline(summarize(article))),
        ("Source", metadata_value(article.source)),
        ("Caption", metadata_value(article.caption)),
        ("Credit", metadata_value(article.credit)),
        ("Image", metadata_value(article.image)),
        ("People", list_value(article.people)),
        ("Organizations", list_value(article.organizations)),
        ("Places", list_value(article.places)),
        ("Language", metadata_value(article.language)),
        ("Seed", f"{metadata_value(article.seed_path)} sha256:{article.seed_hash}"),
    ]
    header = "\n".join(f"{key}: {value}" for key, value in fields if value)
    body = "\n\n".join(escape_paragraph(p) for p in article.body)
    return f"{header}\n\n{body}\n"
