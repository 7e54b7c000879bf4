"""The text-dump reader: headline, byline, dateline, caption, body and furniture → Article."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo

from ..article import Article, Removed
from ..errors import SeedError
from ..seeds import RawSeed
from .bylines import looks_like_name, parse_byline
from .credits import parse_credit_line, split_caption_credit
from .dates import find_date, find_date_text, is_updated_line
from .rules import Rule, load_rules, match_rule

HEADER_SCAN = 40  # lines after the title in which metadata is looked for
SOURCE_LINE = re.compile(r"^from\s+(?P<source>(?:the\s+)?[A-Z][\w.&'’\- ]{1,60})$", re.I)
AGENCY_DATELINE = re.compile(r"\((?P<source>AP|Reuters|AFP|UPI|CNN|Bloomberg)\)\s*[—–-]")
COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}\s*)?(?P<owner>[^.]{2,80})", re.I)
AGENCIES = {"AP": "Associated Press", "AFP": "Agence France-Presse", "UPI": "United Press International"}
SENTENCE_END = re.compile(r"[.!?…:”\"')\]]\s*$")


@dataclass
class _State:
    """What the reader has learnt so far about one dump."""

    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    modified: datetime | None = None
    category: str = ""
    source: str = ""
    caption: str = ""
    credit: str = ""
    seed_tags: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)

    def drop(self, number: int, text: str, rule: str) -> None:
        self.removed.append(Removed(number, text, rule))


def parse_text(
    raw: RawSeed,
    allow_undated: bool = False,
    default_tz: tzinfo = timezone.utc,
    rule_files: tuple[str, ...] = (),
) -> Article:
    """Parse a text dump into an Article; raise SeedError when no title, body or date is found."""
    rules = load_rules(rule_files)
    lines = [(n, line.strip()) for n, line in enumerate(raw.text.split("\n"), start=1)]
    lines = [(n, line) for n, line in lines if line]
    if not lines:
        raise SeedError(raw.path, "no text")
    title_no, title = lines[0]
    if len(title) > 300:
        raise SeedError(raw.path, "first line is too long to be a headline", title_no)
    state = _State()
    start = find_body_start(lines, title)
    read_header(lines[1:start], title, state, default_tz)
    body = read_body(lines[start:], title, state, rules)
    if not body:
        raise SeedError(raw.path, "no article body found after the headline")
    if state.published is None and not allow_undated:
        raise SeedError(raw.path, f"no date found in the first {HEADER_SCAN} lines")
    if not state.source:
        state.source = find_source(body)
    return Article(
        title=title,
        published=state.published,
        modified=state.modified,
        body=tuple(body),
        authors=tuple(state.authors),
        category=state.category,
        source=state.source,
        caption=state.caption,
        credit=state.credit,
        seed_tags=tuple(state.seed_tags),
        removed=tuple(sorted(state.removed, key=lambda r: r.line)),
        seed_path=raw.path,
        seed_hash=raw.sha256,
    )


def is_body_line(line: str) -> bool:
    """A line that reads as article prose: long enough and ending like a sentence."""
    words = len(line.split())
    return words >= 20 or (words >= 8 and bool(SENTENCE_END.search(line)) and not line.endswith(")"))


def find_body_start(lines: list[tuple[int, str]], title: str) -> int:
    """Index of the first body line (after the title and the header furniture)."""
    for index, (_, line) in enumerate(lines[1:HEADER_SCAN + 1], start=1):
        if is_body_line(line) and not split_caption_credit(line) and line != title:
            return index
    return 1


def read_header(lines: list[tuple[int, str]], title: str, state: _State, tz: tzinfo) -> None:
    """Take authors, dates, category, caption and credit from the lines before the body."""
    for number, line in lines:
        state.drop(number, line, classify_header_line(line, title, state, tz))


def classify_header_line(line: str, title: str, state: _State, tz: tzinfo) -> str:
    """Record what a header line says and return the name of the rule that removes it."""
    if line == title:
        return "repeated-headline"
    authors = parse_byline(line)
    if authors:
        state.authors.extend(a for a in authors if a not in state.authors)
        return "byline"
    if line in state.authors:
        return "byline"
    caption = split_caption_credit(line)
    if caption and not state.caption:
        state.caption, state.credit = caption
        return "caption"
    date_text = find_date_text(line)
    if date_text:
        when = find_date(line, tz)
        if when and is_updated_line(line):
            state.modified = state.modified or when
            return "updated-line"
        if when and state.published is None:
            state.published = when
            rest = line.replace(date_text, " ").strip(" |·•-–—,")
            if rest and not state.category and len(rest.split()) <= 5:
                state.category = rest
            return "dateline"
        if when:
            return "dateline"
    credit = parse_credit_line(line)
    if credit:
        state.credit = state.credit or credit
        return "photo-credit"
    if looks_like_name(line) and not state.authors and len(line.split()) <= 4:
        state.authors.append(line)
        return "byline"
    return "header-furniture"


def read_body(lines: list[tuple[int, str]], title: str, state: _State, rules: tuple[Rule, ...]) -> list[str]:
    """Body paragraphs: every line up to the first tail rule, minus line rules and repeats."""
    body: list[str] = []
    for index, (number, line) in enumerate(lines):
        tail = match_rule(line, rules, "tail")
        if tail:
            source = SOURCE_LINE.match(line)
            if source and not state.source:
                state.source = source.group("source").strip()
            for n, rest in lines[index:]:
                state.drop(n, rest, tail.name)
            break
        rule = match_rule(line, rules, "line")
        if rule:
            state.drop(number, line, rule.name)
        elif line == title:
            state.drop(number, line, "repeated-headline")
        else:
            body.append(line)
    return body


def find_source(body: list[str]) -> str:
    """The outlet named in an agency dateline '(AP) —' or a copyright line, or ''."""
    for line in body[:3]:
        match = AGENCY_DATELINE.search(line)
        if match:
            return AGENCIES.get(match.group("source"), match.group("source"))
    for line in body[-3:]:
        match = COPYRIGHT.match(line)
        if match:
            return match.group("owner").strip()
    return ""
