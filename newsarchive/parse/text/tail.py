"""The furniture after a text dump's body (source, copyright, tags, a late byline or date) and the
record of every line left out of the body."""

from __future__ import annotations

import re
from datetime import tzinfo

from ..boilerplate import Line
from ..bylines import author_of_bio, parse_byline, parse_wire_credits
from ..dates import find_dates
from ..rulereader import META_WORDS
from .sections import PUBLISHED_WORD
from .state import _State
from .header import _tags_of

SOURCE_LINE = re.compile(r"^(?:from|via|source|quelle|fonte|fuente)\s*:?\s+(?P<source>.{2,60}?)\.?$", re.I)
COPYRIGHT = re.compile(
    r"^(?:copyright|©|\(c\))\s*(?:@|©)?\s*(?:(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?)?\s*,?\s*"
    r"(?P<owner>[^|]{2,60}?)\s*(?:,?\s*(?:inc|ltd|llc)\.?)?\s*(?:\.\s|\.$|\||[-–—]\s|,?\s*all rights|\s+unless|$)",
    re.I,
)
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def read_tail(lines: list[Line], state: _State, tz: tzinfo) -> None:
    """Source, tags and (when the header had none) the date, from the furniture after the body."""
    for index, line in enumerate(lines):
        source = SOURCE_LINE.match(line.text) if line.kind == "tail" else None
        if source and not state.source:
            state.source = source.group("source").strip()
        copyright = COPYRIGHT.match(line.text) if YEAR.search(line.text) else None
        if copyright and not state.copyright:
            state.copyright = copyright.group("owner").strip(" ,")
        if line.rule.startswith("related-tags") and not state.seed_tags:
            state.seed_tags.extend(_tags_of(line.text) or _short_lines_after(lines, index))
        if not state.authors:
            state.add_authors(parse_wire_credits(line.text))  # 'Reporting by A and B; Editing by C'
        if not state.authors and line.rule == "author-box":
            state.add_authors(parse_byline(line.text))  # 'Written by A' after the story
        if not state.authors and line.kind in ("tail", "short", "line", "block"):
            bio = author_of_bio(line.text)
            if bio:
                state.add_authors((bio,))  # 'A is a freelance writer based in Leeds'
        if state.published is None and line.words <= META_WORDS and PUBLISHED_WORD.search(line.text):
            published, modified = find_dates(line.text, tz, state.day_first(line.text))
            state.published = published
            state.modified = state.modified or modified


def _short_lines_after(lines: list[Line], index: int) -> list[str]:
    """Tags listed one a line (or comma-separated) after a 'Tags' heading."""
    tags: list[str] = []
    for line in lines[index + 1: index + 12]:
        if line.kind not in ("short", "line") or line.words > 8 or line.rule not in ("", "related-tags-list"):
            break
        tags.extend(tag.strip() for tag in re.split(r"[,;|]", line.text) if tag.strip())
    return tags


def record_removed(lines: list[Line], title_at: int, read: set[int], state: _State) -> None:
    """Record every line left out of the body and not read as header (`read`), with its rule;
    lines after a tail heading ('Comments', 'About the author') carry that heading's rule."""
    tail_rule = ""
    for index, line in enumerate(lines):
        if index in read or index == title_at:
            continue
        if line.kind == "tail" and not tail_rule and index > title_at:
            tail_rule = line.rule
        where = "before-headline" if index < title_at else tail_rule or "after-body"
        state.drop(line, line.rule or where)
