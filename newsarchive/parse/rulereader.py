"""The text dumps' rule reader: the headline by rules, then the body as the densest run of prose.

Each headline rule's pick is kept on its line as a vote (`rule_hints`). The line model (`lines`) reads
these decisions as features, so this module sits below it and imports nothing of the line model.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .boilerplate import (
    LABEL_JOINERS,
    Line,
    best_span,
    classify,
    drop_captions_before_credits,
    drop_link_blocks,
    drop_repeated_sentences,
    extend_lists,
    is_breadcrumb,
    is_date_line as _is_date_line,
    mark_repeats,
    score_lines,
)
from .bylines import LEADING_BY, clean_name, desk_of, looks_like_name, parse_byline, parse_byline_parts
from .credits import parse_credit_line, split_caption_credit
from .dates import search_date
from .rules import RuleSet, load_rules

TITLE_SCAN = 6  # the headline is one of the first lines
REPEAT_SCAN = 20  # a first line seen again this near the top is the headline
META_SCAN = 10  # the first byline or dateline, searched this near the top, has the headline above it
HEADLINE_WORDS = 16  # a longer line between the headline and the byline is a standfirst
META_WORDS = 25  # longer lines are never bylines, datelines or section labels
NEAR_TITLE_WORDS = 12  # a dateline near the headline that holds other words (or a labelled time) is at most this long
STANDFIRST_PROSE = 2  # prose lines before a byline/dateline in the body that are a standfirst
TIMED_LABEL = re.compile(r"^(?:published|posted|updated|last updated)\b\s*:?.*\b\d{1,2}:\d{2}\b", re.I)


def read_by_rules(lines: list[Line], rules: RuleSet) -> tuple[int, list[int]]:
    """The rule reader: (headline index, body line indexes); sets every line's kind and rule.

    The headline comes first (`find_title`); the body is the densest run of prose after it
    (`boilerplate.best_span`) without the furniture that rules, credits and link lists mark.
    """
    title_at = find_title(lines)
    title = lines[title_at].text
    for line in lines:
        classify(line, rules)
    rest = lines[title_at + 1:]
    for line in rest:
        if line.text == title:
            line.kind, line.rule = "line", "repeated-headline"
    mark_repeats(rest)
    drop_captions_before_credits(rest)
    start, end = best_span(score_lines(rest))
    end = extend_lists(rest, end)
    body = rest[start:end]
    drop_link_blocks(body)
    drop_repeated_sentences(body)
    mark_meta_lines(body)
    offset = title_at + 1 + start
    return title_at, [offset + index for index, line in enumerate(body) if line.kind in ("prose", "short")]


def rule_hints(lines: list[Line]) -> list[list[str]]:
    """Which of the headline rules picked each line (`find_title` records them), as features of
    the line model and the headline ranker: they learn from the labelled dumps (each fold's, under
    cross-validation) how far to trust each rule, and the ranker makes the choice."""
    return [list(line.votes) for line in lines]


def title_votes(lines: list[Line]) -> list[tuple[str, int | None]]:
    """The line each headline rule picks (None when it picks none), in the order `find_title`
    trusts them."""
    first = lines[0]
    window = lines[:TITLE_SCAN]
    meta = [index for index, line in enumerate(window) if is_meta_line(line.text)]
    stop = meta[0] if meta else len(window)
    glued = len(lines) > 1 and lines[1].words >= 4 and first.text.endswith(lines[1].text) and first.text != lines[1].text
    return [
        ("t-glued", 1 if glued else None),
        ("t-repeat", 0 if is_repeated_headline(lines) else None),
        ("t-above-meta", headline_above_meta(lines)),
        ("t-short-first", 0 if _is_short_sentence(first) and could_be_headline(first) else None),
        ("t-shaped", next((index for index, line in enumerate(window[:stop]) if looks_like_headline(line)), None)),
        ("t-short", _short_headline(window, meta)),
        ("t-after-meta", next((index for index in range(stop, len(window)) if looks_like_headline(window[index])), None)),
    ]


def looks_like_headline(line: Line) -> bool:
    """Four to thirty words not ending in a full stop, not a date, breadcrumb, caption or credit."""
    return 4 <= line.words <= 30 and could_be_headline(line)


def could_be_headline(line: Line) -> bool:
    """A line of any length up to thirty words, in any script, that is not furniture or metadata."""
    return line.words <= 30 and could_be_headline_text(line.text)


@lru_cache(maxsize=4096)
def could_be_headline_text(text: str) -> bool:
    """`could_be_headline` of a line's text (read once per text: the headline rules and the
    headline ranker ask it of the same first lines)."""
    return (
        True
        and not text.endswith((".", ":"))
        and not search_date(text)
        and not is_breadcrumb(text)
        and not split_caption_credit(text)
        and not parse_credit_line(text)
        and not _is_furniture_text(text)
    )


@lru_cache(maxsize=4096)
def is_meta_line(text: str) -> bool:
    """A byline or a dateline: the headline comes before them."""
    return bool(parse_byline(text)) or _is_date_line(text)


def find_title(lines: list[Line]) -> int:
    """Index of the headline among the first lines.

    The headline comes before the byline and dateline. The first line when the page shows it again;
    else the headline-like line right above the first byline or dateline (`headline_above_meta`);
    else the first line when it is a short sentence ('Mayor resigns'); else the first line of headline length (four to thirty words) before the
    first byline or dateline that is not furniture, a section path, a date or a caption; failing
    that, a shorter headline there (one to three words, or a few characters of a script written
    without spaces); failing that, the first line of headline length after the dateline; failing
    that, the first line (which may have no words at all: '🔥🔥🔥'). Every rule's pick is recorded
    on its line (`Line.votes`): the line model and the headline ranker learn how far to trust each.
    """
    picked = [(name, index) for name, index in title_votes(lines) if index is not None]
    for line in lines:
        line.votes = ()
    for name, index in picked:
        lines[index].votes += (name,)
    return picked[0][1] if picked else 0


def headline_above_meta(lines: list[Line]) -> int | None:
    """The headline-like line right above the first byline or dateline near the top, past the lines
    that sit between them on news pages: a standfirst, a caption or credit, the author's bare name.

    None when no byline or dateline is near the top, or the line above them is no headline."""
    meta = next((index for index, line in enumerate(lines[:META_SCAN]) if is_header_meta(line)), None)
    if not meta:
        return None
    index = meta - 1
    if is_author_line(lines[index]) or is_unread_byline(lines[index]):
        index -= 1  # 'Jane Doe' / 'Nov. 18, 2019': the author's name over the dateline
    right_above = index
    for index in range(index, -1, -1):
        line = lines[index]
        if looks_like_headline(line) and line.words <= HEADLINE_WORDS and not is_author_line(line):
            deck = index == right_above == 1 and is_deck_of_first(lines)
            return 0 if deck else index  # a page has a deck or a standfirst under its headline, not both
        if not is_between_headline_and_meta(line):
            return None
    return None


def is_unread_byline(line: Line) -> bool:
    """A short line opening with 'By' that the byline grammar could not read: still the byline's
    place, never the headline above it."""
    return line.words <= HEADLINE_WORDS and LEADING_BY.match(line.text) is not None and line.text[:1] == "B"


def is_deck_of_first(lines: list[Line]) -> bool:
    """The second line runs on from a headline-like first line with no blank line between: the
    headline's deck, the first line being the headline."""
    first = lines[0]
    headline_like = looks_like_headline(first) or (_is_short_sentence(first) and could_be_headline(first))
    return lines[1].number == first.number + 1 and headline_like


def is_desk_line(line: Line) -> bool:
    """A short line naming a desk or agency instead of a person ('Detroit News wire services', 'By Staff
    Reports -'); a shouted label ('BREAKING NEWS') is none."""
    text = line.text
    bylined = bool(LEADING_BY.match(text))
    if line.words > 6 or (text.isupper() and not bylined):
        return False
    return bool(desk_of(LEADING_BY.sub("", text).strip(" -–—|")))


def is_header_meta(line: Line) -> bool:
    """A byline (of persons or a desk) or a dateline, or a labelled time without a year
    ('Updated Nov 19, 6:55 AM; Posted Nov 19, 6:51 AM')."""
    return is_header_meta_line(line.text, line.words)


@lru_cache(maxsize=4096)
def is_header_meta_line(text: str, words: int) -> bool:
    """`is_header_meta` of a line's text and word count (read once per line)."""
    timed = words <= NEAR_TITLE_WORDS and bool(TIMED_LABEL.match(text))
    return timed or is_byline(text) or _is_date_line(text) or is_desk_line(Line(0, text, words, False))


def is_author_line(line: Line) -> bool:
    """A bare name, with or without its outlet ('Elliot Brownstein Florida Today', 'Name@handle')."""
    text = line.text.split("@")[0].strip()
    return line.words <= 6 and (looks_like_name(text) or looks_like_name(clean_name(text)) or is_desk_line(line))


def is_between_headline_and_meta(line: Line) -> bool:
    """A line news pages put between the headline and its byline: a standfirst (a sentence, or more
    words than a headline has), a caption or its credit."""
    text = line.text
    return (
        line.words > HEADLINE_WORDS
        or (line.prose and text.endswith("."))
        or bool(split_caption_credit(text) or parse_credit_line(text))
    )


def is_repeated_headline(lines: list[Line]) -> bool:
    """The first line, of headline length and not a date or byline, comes again among the next lines
    (a headline copied above the page it heads)."""
    first = lines[0]
    if not 4 <= first.words <= 30 or search_date(first.text) or parse_byline(first.text):
        return False
    return any(line.text == first.text for line in lines[1:REPEAT_SCAN])


def _is_short_sentence(line: Line) -> bool:
    """Two or three words, a later one in lower case ('Mayor resigns', not 'Local News')."""
    words = line.text.split()
    return 2 <= len(words) <= 3 and any(word[:1].islower() and word not in LABEL_JOINERS for word in words[1:])


def _short_headline(window: list[Line], meta: list[int]) -> int | None:
    """The last short headline-like line before the first byline or dateline (or after it, if none
    comes before), skipping a lone name next to the dateline ('Mayor resigns' / 'Jane Doe' / date)."""
    stop = meta[0] if meta else len(window)
    spans = [range(0, stop)]
    if meta and stop == 0:
        later = [index for index in meta if index > stop + 1]
        spans.append(range(stop + 1, later[0] if later else len(window)))
    for span in spans:
        found = [index for index in span if window[index].kind != "line" and could_be_headline(window[index])]
        named = [index for index in found if looks_like_name(window[index].text)]
        unnamed = [index for index in found if index not in named]
        if unnamed:
            return unnamed[-1]
        if found:
            return found[0]
    return None


def _is_furniture_text(text: str) -> bool:
    rules = load_rules()
    return any(rules.match(text, kind) for kind in ("line", "block", "tail"))


def mark_meta_lines(body: list[Line]) -> list[Line]:
    """Bylines and datelines inside the body run, plus a standfirst before them; returns them all."""
    meta: list[Line] = []
    prose_at = [index for index, line in enumerate(body) if line.kind == "prose"]
    for index, line in enumerate(body):
        dated = line.kind == "line" and line.rule in ("dateline", "updated-line")
        if not dated and not (line.kind in ("prose", "short") and line.words <= META_WORDS and is_byline(line.text)):
            continue
        line.kind = "meta"
        meta.append(line)
        before = sum(1 for at in prose_at if at < index)
        if before <= STANDFIRST_PROSE and len(prose_at) - before >= 2:
            for earlier in body[:index]:
                if earlier.kind in ("prose", "short"):
                    earlier.kind, earlier.rule = "standfirst", "standfirst"
                    meta.append(earlier)
    return meta


def is_byline(text: str) -> bool:
    """A byline naming persons or a desk ('By HNN Staff | November 18, 2019')."""
    found = parse_byline_parts(text)
    return bool(found.authors or found.source)
