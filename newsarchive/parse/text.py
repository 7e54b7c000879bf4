"""The text-dump reader: headline, byline, dateline, caption, body and furniture → Article.

The rule reader picks the headline and finds the body as the densest run of prose (`boilerplate`);
the line model (`lines`) then tags every line's role with the rule reader's decisions among its
features, and gives the section, the body's edges and bylines the grammar cannot read. Metadata
comes from the furniture before the body (authors, dates, caption, credit) and the source outlet
from the lines around it. Every line left out of the body is recorded with its rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo
from functools import cached_property, lru_cache

from ..article import Article, Removed
from ..errors import SeedError
from ..seeds import RawSeed
from .boilerplate import (
    BREADCRUMB_SEPARATOR,
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
    split_lines,
)
from .bylines import (
    LEADING_BY,
    NAME,
    author_of_bio,
    clean_name,
    desk_names,
    desk_of,
    looks_like_name,
    names_of_list,
    parse_byline,
    parse_byline_parts,
    parse_wire_credits,
)
from .credits import clean_credit, parse_credit_line, split_caption_credit
from .dates import CLOCK, DATE, NUMERIC_PAIR, WEEKDAY, date_order, find_dates, parse_date, search_date
from .outlets import agencies, not_name_words
from .lines import SECTION_PREFIX, Roles, case_pattern, chance_bucket, rank_chances, read_roles, words_bucket
from .rules import RuleSet, home_labels, is_weak_section, load_rules, not_section_labels

TITLE_SCAN = 6  # the headline is one of the first lines
REPEAT_SCAN = 20  # a first line seen again this near the top is the headline
META_SCAN = 10  # the first byline or dateline, searched this near the top, has the headline above it
HEADLINE_WORDS = 16  # a longer line between the headline and the byline is a standfirst
META_WORDS = 25  # longer lines are never bylines or datelines
NEAR_TITLE = 4  # the first header lines after the headline, where a dateline may hold other words
NEAR_TITLE_WORDS = 12  # ... if it is at most this long
GLUED_LABEL_WORDS = 6  # a section label run into a dateline is at most this long ...
AFTER_DATE_WORDS = 3  # ... and one after a space, or before a separator, at most this long
LABEL_BEFORE_DATE = re.compile(r"^\s*(?P<label>[^|•·]{2,40}?)\s*[|•·]\s*$")
STANDFIRST_PROSE = 2  # prose lines before a byline/dateline in the body that are a standfirst
HEADLINE_CANDIDATES = 12  # the headline is sought among the first lines (and the line model's and the rules' picks)
MIN_SECTION = 0.35  # a section is given only when the model is at least this sure of its line
MIN_SECTION_BEFORE = 0.1  # ... or this sure of a line right before the headline (or its copy), where labels sit
SECTION_WORDS = 5  # a section label is at most this long
LABEL_WORDS = 3  # ... and a bare label above the headline at most this long
CRUMB_LINES = 3  # a path written one label a line has at most this many labels after 'Home'
FIELD_SPLIT = re.compile(r"\s+[-–—|/•·]\s+|\s*[|/•·]\s*")  # the fields of a dateline or byline
# The category at the end of a 'Posted ... in Politics' line (not 'By Jane Doe in London': a place).
POSTED_IN = re.compile(r"\s(?:in|under)\s+(?P<label>[A-Z][\w&'’-]*(?:\s+(?:[A-Z&][\w&'’-]*|and|of|the)){0,2})\.?$")
IN_SECTION = re.compile(r"^in\s+(?=[A-Z])")  # 'in Reviews': a field naming the section
ADD_BODY = 0.9  # a line the rule reader left out joins the body when the model is this sure of it
DROP_BODY = 0.02  # a line the rule reader kept leaves the body when the model gives it less than this
BREADCRUMB = re.compile(r"\s*(?:>|»|›|/|\|)\s*")
GLUED_WORDS = re.compile(r"[a-z][A-Z]")  # 'MoreBikes', 'HomeSPORT': menu entries run together
OUTLET_LIKE = re.compile(r"^the\s", re.I)  # 'The Republic': a section name does not start with an article
SOURCE_LINE = re.compile(r"^(?:from|via|source|quelle|fonte|fuente)\s*:?\s+(?P<source>.{2,60}?)\.?$", re.I)
COPYRIGHT = re.compile(
    r"^(?:copyright|©|\(c\))\s*(?:@|©)?\s*(?:(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?)?\s*,?\s*"
    r"(?P<owner>[^|]{2,60}?)\s*(?:,?\s*(?:inc|ltd|llc)\.?)?\s*(?:\.\s|\.$|\||[-–—]\s|,?\s*all rights|\s+unless|$)",
    re.I,
)
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
TIMED_LABEL = re.compile(r"^(?:published|posted|updated|last updated)\b\s*:?.*\b\d{1,2}:\d{2}\b", re.I)
DATE_WORD = re.compile(r"\b(published|posted|updated|modified|first published|last updated|date)\b", re.I)
PUBLISHED_WORD = re.compile(r"\b(published|posted|first published|publicado|veröffentlicht)\b", re.I)
BYLINE_END = re.compile(r"\s*(?:@|/|\||•|·|,|\s[-–—]\s|\(|\d)")  # where the name of a bare byline ends
LIST_LABELS = 3  # a blog's category list after its dateline: at least this many comma-separated labels
CONTROL_BEFORE_LIST = re.compile(r"^.*[!?:]\s+")  # a comments link run into the list ('Comente! Música')
GLUED_TITLE_CHARS = 20  # a headline run into a path above it is found by this many of its first characters
LONE_LIST_WORDS = 14  # a line listing the authors' names alone is at most this long
SITE_SUFFIX = re.compile(r"^\s+[-|–—·•]\s+(?P<site>\S.*)$")  # ' - The Daily Paper' after a headline's copy
SITE_WORDS = 6  # a site's name after a headline is at most this long
BIO_WORDS = 40  # the story's last paragraph read as its author's bio is at most this long
OUTLET_WORDS = 5  # the outlet after a byline's name and comma is at most this long
PHOTO_AGENCY = re.compile(r"\b(?:images?|photos?|pictures?|pool|stock|epa|afp|shutterstock|alamy)\b", re.I)
LIST_RUN = 3  # short lines in a row, not all names, are a list (captions, a menu), not a byline
# A bare time or weekday, the date a page shows for a recent story ('Monday 6:30PM', '3 hours ago').
TIME_LINE = re.compile(
    rf"^(?:(?:{WEEKDAY})\s*,?\s*)?(?:{CLOCK})(?:\s*[A-Z]{{2,4}})?$|^(?:{WEEKDAY})$|^\d{{1,2}}\s+(?:minutes?|mins?|hours?|hrs?|days?)\s+ago$",
    re.I,
)
DATE_REST_JUNK = re.compile(r"\b(published|updated|posted|last|modified|on|at|by)\b|[:|·•,]", re.I)


@dataclass
class _State:
    """What the reader has learnt so far about one dump."""

    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    modified: datetime | None = None
    category: str = ""
    source: str = ""
    caption: str = ""
    credit: str = ""
    copyright: str = ""  # the owner a copyright line names: the source when nothing better says
    title_number: int = -1  # the headline's line number: a run of header lines never crosses it
    page: str = ""  # the whole dump: the order of its numeric dates, read only when a line is ambiguous
    seed_tags: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)

    def drop(self, line: Line, rule: str) -> None:
        self.removed.append(Removed(line.number, line.text, rule))

    def day_first(self, text: str) -> bool | None:
        """Whether a line's numeric date puts the day first: the line's own evidence, else the dump's."""
        if not NUMERIC_PAIR.search(text):
            return None
        order = date_order(text)
        return self.page_order if order is None else order

    @cached_property
    def page_order(self) -> bool | None:
        """The order of the dump's numeric dates (read once, and only when a line needs it)."""
        return date_order(self.page)

    def add_authors(self, names: tuple[str, ...]) -> None:
        self.authors.extend(name for name in names if name not in self.authors)


def parse_text(
    raw: RawSeed,
    allow_undated: bool = False,
    default_tz: tzinfo = timezone.utc,
    rule_files: tuple[str, ...] = (),
    line_model: str | None = None,
) -> Article:
    """Parse a text dump into an Article; raise SeedError when no title, body or date is found.

    The rule reader runs first; the line model (`lines.read_roles`) then tags every line, taking the
    rule reader's decisions as features, and its roles give the headline, section and body.
    """
    rules = load_rules(rule_files)
    lines = split_lines(raw.text)
    if not lines:
        raise SeedError(raw.path, "no text")
    rule_title, rule_body = read_by_rules(lines, rules)
    hints = rule_hints(lines)
    roles = read_roles(lines, rule_title, rule_body, line_model, hints)
    title_at = pick_title(lines, headline_candidates(lines, roles, rule_title, hints), line_model, rule_title)
    title_at = unsuffixed_copy(lines, title_at)
    title_line = lines[title_at]
    if len(title_line.text) > 300:
        raise SeedError(raw.path, "first line is too long to be a headline", title_line.number)
    if parse_byline(title_line.text) or _is_date_line(title_line.text):
        raise SeedError(raw.path, "no headline found (the dump starts with a byline or a date)", title_line.number)
    state = _State(title=title_line.text, page=raw.text, title_number=title_line.number)
    state.drop(title_line, "headline")
    body_at = pick_body(roles, rule_body, title_at)
    if not body_at:
        raise SeedError(raw.path, "no article body found after the headline")
    last = body_at[-1]
    header_at = header_of(lines, roles, title_at, body_at)
    section_at = pick_section(lines, roles, title_at)
    if section_at is None:
        section_at = find_breadcrumb(lines[:body_at[0]])
    if section_at is None:
        state.category = field_section(lines[:body_at[0]])
    if section_at is None and not state.category:
        section_at = label_above_headline(lines, title_at, body_at[0])
    if section_at is None and not state.category:
        section_at = stacked_breadcrumb(lines[:title_at])
    if section_at is None and not state.category:
        state.category = glued_breadcrumb(lines[:title_at], lines[title_at].text)
    if section_at is not None:
        state.category = section_name(lines[section_at].text)
        lines[section_at].kind, lines[section_at].rule = "line", "section"
    read_header([lines[index] for index in header_at], state, default_tz)
    if not state.authors:
        state.add_authors(names_of_bylines(lines, roles, title_at, header_at))
    if state.category in state.authors:
        state.category = ""  # a person is never a section
    if state.published is None and state.modified is None:
        read_dates_above(lines[:title_at], state, default_tz)
    read_tail(lines[last + 1:], state, default_tz)
    if not state.authors and lines[last].words <= BIO_WORDS:
        state.add_authors(tuple(filter(None, [author_of_bio(lines[last].text)])))  # an op-ed's closing bio
    record_removed(lines, title_at, set(body_at) | set(header_at), state)
    if state.published is None:
        state.published, state.modified = state.modified, None
    if state.published is None and not allow_undated:
        raise SeedError(raw.path, "no date found in the lines around the headline")
    paragraphs = [lines[index].text for index in body_at]
    state.source = state.source or agency_of(paragraphs) or state.copyright
    return Article(
        title=state.title,
        published=state.published,
        modified=state.modified,
        body=tuple(paragraphs),
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


def header_of(lines: list[Line], roles: Roles, title_at: int, body_at: list[int]) -> list[int]:
    """Indexes of the lines read for metadata: those before the body, and the bylines, datelines
    and standfirst inside it."""
    body = set(body_at)
    first, last = body_at[0], body_at[-1]
    return [
        index for index, line in enumerate(lines[:last])
        if index != title_at and index not in body
        and (index < first or line.kind in ("meta", "standfirst") or roles.labels[index] in ("byline", "dateline"))
    ]


def headline_candidates(lines: list[Line], roles: Roles, rule_title: int, hints: list[list[str]]) -> list[tuple[int, list[str]]]:
    """The lines that could be the headline, with what the headline ranker reads of each: which
    headline rules pick it, the line model's chance and its rank, its place and its shape."""
    best = max(range(len(lines)), key=lambda index: roles.headline[index])
    indexes = sorted({*range(min(len(lines), HEADLINE_CANDIDATES)), rule_title, best})
    fit = [index for index in indexes
           if index == rule_title or (could_be_headline(lines[index]) and not parse_byline(lines[index].text))]
    ranked = sorted(fit, key=lambda index: (-roles.headline[index], index))
    meta_at = next((index for index, line in enumerate(lines[:META_SCAN]) if is_header_meta(line)), len(lines))
    rows = []
    for index in fit:
        line = lines[index]
        features = ["bias", f"hm={chance_bucket(roles.headline[index])}", f"hr={min(ranked.index(index), 3)}",
                    f"i={min(index, 6)}", "before-meta" if index < meta_at else "after-meta",
                    f"w={words_bucket(line.words)}", f"cap={case_pattern(line.text)}"]
        if index == rule_title:
            features.append("rt")
        features.extend(hint for hint in hints[index] if hint.startswith("t-"))
        rows.append((index, features))
    return rows


def pick_title(lines: list[Line], candidates: list[tuple[int, list[str]]], model: str | None, rule_title: int) -> int:
    """The candidate the headline ranker gives the best chance (the first of equals, and the first
    showing of a headline shown twice); the rule reader's headline when the ranker knows none."""
    chances = rank_chances([features for _, features in candidates], model, "headline")
    if not any(chances):
        return rule_title
    best = candidates[max(range(len(candidates)), key=lambda at: (chances[at], -at))][0]
    return next(index for index, _ in candidates if lines[index].text == lines[best].text)


def unsuffixed_copy(lines: list[Line], title_at: int) -> int:
    """The headline's own line when the one picked is its copy with the site's name after a
    separator ('Mayor resigns - The Daily Paper' over 'Mayor resigns', as a page's <title> is
    printed first); the line picked otherwise."""
    title = lines[title_at].text
    for index, line in enumerate(lines[:HEADLINE_CANDIDATES]):
        rest = title[len(line.text):] if index != title_at and line.words >= 2 and title.startswith(line.text) else ""
        suffix = SITE_SUFFIX.match(rest)
        site = suffix.group("site") if suffix else ""
        if site and len(site.split()) <= SITE_WORDS and case_pattern(site) in ("title", "upper"):
            return index
    return title_at


def pick_body(roles: Roles, rule_body: list[int], title_at: int) -> list[int]:
    """Indexes of the body lines: the rule reader's, less those the model is sure are not body,
    plus those it is sure are (the headline never is one)."""
    ruled = set(rule_body)
    return [
        index for index, chance in enumerate(roles.body)
        if index != title_at and (chance >= ADD_BODY or (index in ruled and chance >= DROP_BODY))
    ]


def pick_section(lines: list[Line], roles: Roles, title_at: int) -> int | None:
    """The line naming the section the model is surest of; none rather than a doubtful one.

    Of labels stacked one a line ('News' / 'Afghanistan'), the last is the narrower section.
    """
    title = lines[title_at].text
    for before in [index - 1 for index, line in enumerate(lines) if line.text == title and index > 0]:
        if roles.section[before] >= MIN_SECTION_BEFORE and section_name(lines[before].text):
            return before
    for index in sorted(range(len(lines)), key=lambda index: -roles.section[index]):
        if roles.section[index] < MIN_SECTION:
            break
        while index + 1 < len(lines) and index + 1 != title_at and roles.section[index + 1] >= MIN_SECTION:
            index += 1
        if lines[index].text != title and section_name(lines[index].text):
            return index
    return None


def find_breadcrumb(header: list[Line]) -> int | None:
    """Index of the first path of section labels with explicit separators ('BLOG > Nutrition >
    Meal Plans') before the body that names a section: the page's own filing of the story."""
    for index, line in enumerate(header):
        if BREADCRUMB_SEPARATOR.search(line.text) and is_breadcrumb(line.text) and section_name(line.text):
            return index
    return None


def field_section(header: list[Line]) -> str:
    """The section a labelled field of a header line names ('By Jane Doe | Topic: Hardware',
    'Publicado por: X - Categoria: Saúde', 'October 12, 2018 / 0 Comments / in Reviews / by admin'), or ''."""
    for line in header:
        name = labelled_field(line.text) if line.words <= META_WORDS else ""
        if name:
            return name
    return ""


def labelled_field(text: str) -> str:
    """The section one meta line names in a labelled field ('Topic: Hardware', '/ in Reviews /') or
    after 'Posted ... in' ('Posted on March 3, 2021 by admin in Local Politics'), or ''."""
    for at, part in enumerate(FIELD_SPLIT.split(text)):
        named_in = at > 0 and IN_SECTION.match(part)
        name = section_name(part[named_in.end():] if named_in else part) if named_in or SECTION_PREFIX.match(part) else ""
        if name:
            return name
    return posted_in_label(text)


def posted_in_label(text: str) -> str:
    """The label after 'in' ending a line that says posted or published, or ''."""
    posted_in = POSTED_IN.search(text) if PUBLISHED_WORD.search(text) else None
    if posted_in and section_name(posted_in.group("label")) == posted_in.group("label"):
        return posted_in.group("label")
    return ""


def meta_line_section(text: str) -> str:
    """The section a short meta line shows beside its date or after 'Posted ... in', as the text
    reader reads a dump's header; '' when none. The saved-page reader asks it of the lines under a
    page's headline (its labelled fields it reads itself, telling tag lists apart)."""
    match = DATE.search(text) if len(text.split()) <= META_WORDS else None
    if match is None:
        return ""
    return posted_in_label(text) or label_by_date(text) or listed_after_date(text[match.end():])[1]


def label_above_headline(lines: list[Line], title_at: int, body_at: int) -> int | None:
    """A short section label right above the headline or right under it (past a photo credit), or so
    around its copy before the body ('Local News' over 'CPD arrests six'), that is no person's name;
    None when there is none. A label under the headline followed by another is a menu's first entry."""
    title = lines[title_at].text
    copies = [at for at, line in enumerate(lines[:body_at]) if line.text == title]
    below = [at for at in (below_headline(lines, copy) for copy in copies) if not is_label(lines, at + 1)]
    for index in [at - 1 for at in copies if at > 0] + below:
        if is_label(lines, index) and not looks_like_name(lines[index].text):
            return index
    return None


def is_label(lines: list[Line], index: int) -> bool:
    """The line is a short label naming a section ('Local News')."""
    if index >= len(lines):
        return False
    line = lines[index]
    return line.words <= LABEL_WORDS and section_name(line.text) == line.text


def below_headline(lines: list[Line], title_at: int) -> int:
    """Index of the first line under the headline past a photo credit ('© REUTERS / POOL')."""
    index = title_at + 1
    while index + 1 < len(lines) and parse_credit_line(lines[index].text):
        index += 1
    return min(index, len(lines) - 1)


def stacked_breadcrumb(header: list[Line]) -> int | None:
    """The last section label of a path written one label a line above the headline ('Home' /
    'Sport' / 'Boys Swimming' / 'Article'); None when no 'Home' line opens one."""
    start = next((index for index, line in enumerate(header) if line.text.casefold() == "home"), None)
    if start is None:
        return None
    labels = [index for index in range(start + 1, start + 1 + CRUMB_LINES) if is_label(header, index)]
    return labels[-1] if labels else None


def glued_breadcrumb(header: list[Line], title: str) -> str:
    """The section of a path run together with the headline on one line above it, the labels' links
    copied without spaces ('HomeSport NewsChelsea sign keeper' over 'Chelsea sign keeper'), or ''."""
    start = title[:GLUED_TITLE_CHARS]
    for line in header[:TITLE_SCAN]:
        at = line.text.find(start) if len(start) == GLUED_TITLE_CHARS else -1
        if at <= 0:
            continue
        path = line.text[:at].strip()
        home = next((label for label in home_labels() if path.casefold().startswith(label)), "")
        name = path[len(home):].strip(" >»›/|") if home else ""
        if name and not GLUED_WORDS.search(name) and section_name(name) == name:
            return name
    return ""


def section_name(text: str) -> str:
    """The section a label, breadcrumb or 'Filed under' line names ('News > Nation' → 'Nation'), or ''."""
    filed = SECTION_PREFIX.match(text)
    if filed:
        text = re.split(r"\s*[|,;/]\s*|\s+(?:on|by)\s+", text[filed.end():].strip(" |"))[0]  # '... in Politics on May 3
    parts = [part.strip() for part in BREADCRUMB.split(text) if part.strip()]
    parts = [part for part in parts if part.lower() != "home"] or parts
    name = parts[-1] if parts else ""
    if not (1 <= len(name.split()) <= SECTION_WORDS) or not is_section_name(name) or GLUED_WORDS.search(name):
        return ""
    if name.casefold() in not_section_labels():
        return ""  # 'Home', 'Latest', 'Top Stories': labels that file a story nowhere (rules/sections.toml)
    if OUTLET_LIKE.match(name) or parse_credit_line(text) or parse_byline(text) or _is_furniture_text(text):
        return ""  # 'The Republic', 'Alex Wong | Getty Images', 'By Jane Doe', 'Share'
    return name


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


NOT_SECTION = re.compile(
    r"\d|[:@]|\b(ago|read|min|log|login|sign|register|close|menu|search|admin|by|submit|subscribe|share|watch|live|"
    r"breaking|comments?|e-?mail|print|follow|advertisement|sponsored|home|skip|more|next|previous|back|url|link|permalink|"
    r"article|story|page|updated?|published|posted|modified|edited|am|pm|e[sd]?t|c[sd]?t|m[sd]?t|p[sd]?t|gmt|utc|bst|cet|cest|ist|hst)\b",
    re.I,
)


def is_section_name(text: str) -> bool:
    """A short label without digits, colons or interface words ('China News', not '2 min read')."""
    return not NOT_SECTION.search(text) and text[:1].isupper()


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


def read_header(lines: list[Line], state: _State, tz: tzinfo) -> None:
    """Take authors, dates, section, caption and credit from the lines before the body."""
    lines = sorted(lines, key=lambda line: line.number)
    date_at: list[int] = []
    for index, line in enumerate(lines):
        rule = read_header_line(line, state, tz, near_title=index < NEAR_TITLE)
        if rule == "dateline" or rule == "byline":
            date_at.append(index)
        state.drop(line, rule)
    if not state.authors:
        read_lone_names(lines, date_at, state)


def read_header_line(line: Line, state: _State, tz: tzinfo, near_title: bool = False) -> str:
    """Record what a header line says and return the rule that removes it. Near the headline, a
    short line that is not a sentence gives its date ('Carlos Nadalim 27/09/2018 Comente! Música')."""
    text = line.text
    if text == state.title or (line.words >= 4 and text in state.title):
        return "repeated-headline"
    before_body_byline = line.kind == "tail" and line.words <= META_WORDS and bool(parse_byline(text))  # 'Written by A'
    if line.kind in ("line", "block", "tail") and line.rule not in ("updated-line", "copyright", "dateline") and not before_body_byline:
        if line.kind == "block" and line.rule.startswith("related-tags"):
            state.seed_tags.extend(_tags_of(text))
        return line.rule
    if line.words <= META_WORDS:
        byline = parse_byline_parts(text)
        if byline.authors:
            state.add_authors(byline.authors)
            read_dates(text, state, tz)
            return "byline"
        desk = byline.source
        if desk and (LEADING_BY.match(text) or search_date(text)):  # a desk byline, not a lone 'Editorial' label
            if desk.casefold() in desk_names():
                state.source = state.source or desk
            read_dates(text, state, tz)
            return "byline"
    if line.kind == "caption" or split_caption_credit(text):
        return read_caption(text, state)
    meta_line = near_title and line.words <= NEAR_TITLE_WORDS and not line.prose
    if line.words <= META_WORDS and (_is_date_line(text) or DATE_WORD.search(text) or meta_line) and read_dates(text, state, tz):
        return "dateline"
    credit = parse_credit_line(text) if line.words <= 14 else None
    if credit:
        state.credit = state.credit or credit
        return "photo-credit"
    if text in state.authors:
        return "byline"
    return line.rule or "before-body"


def names_of_bylines(lines: list[Line], roles: Roles, title_at: int, header_at: list[int]) -> tuple[str, ...]:
    """Names on the lines right after the headline that the model tags as bylines, and on the
    line after a bare 'By' line: bylines the byline grammar cannot read. A line of a list of short
    lines (a slideshow's captions) names no author."""
    found: list[str] = []
    header = [lines[index] for index in header_at]
    anchors = {at for at, index in enumerate(header_at) if roles.labels[index] == "dateline" or TIME_LINE.match(lines[index].text)}
    for at, index in enumerate(header_at):
        if LEADING_BY.match(lines[index].text + " ") and lines[index].words == 1 and index + 1 < len(lines):
            found.append(name_of_byline(lines[index + 1].text))
        elif 0 < index - title_at < NEAR_TITLE and roles.labels[index] == "byline" and not in_short_list(
                header, at, anchors, lines[title_at].number):
            found.append(name_of_byline(lines[index].text))
    return tuple(name for name in found if name)


def name_of_byline(text: str) -> str:
    """The person a line the model tags as a byline names when the byline grammar reads none:
    'Catherine Shu @catherineshu / 2 days', 'by Lewis White', 'Ed Cara'; '' when it is no name
    or a desk ('HNN Staff')."""
    text = BYLINE_END.split(LEADING_BY.sub("", text.strip()), maxsplit=1)[0].strip()
    if text.isupper() or not NAME.match(text) or text.split()[0].casefold() in not_name_words() or desk_of(text):
        return ""
    return text


def read_dates(text: str, state: _State, tz: tzinfo) -> bool:
    """Record the published/modified dates a line names; True when it names one."""
    published, modified = find_dates(text, tz, state.day_first(text))
    if published is None and modified is None:
        return False
    if published and state.published is None:
        state.published = published
        if not state.category:
            state.category = label_by_date(text)
        name, listed = fields_by_date(text)
        if name and not state.authors:
            state.add_authors((name,))
        if listed and not state.category:
            state.category = listed
    if modified and state.modified is None:
        state.modified = modified
    return True


def read_dates_above(lines: list[Line], state: _State, tz: tzinfo) -> None:
    """The date of a short dateline above the headline (a page's date strip), when the header named none."""
    for line in lines:
        if line.words <= NEAR_TITLE_WORDS and read_dates(line.text, state, tz):
            return


def fields_by_date(text: str) -> tuple[str, str]:
    """The author and the section a dateline names beside its date: the rest of the line when it
    is a name ('Chris Davies - Nov 19, 2019'), else the name before the date ('Carlos Nadalim
    27/09/2018 Comente!'), and a category list after it ('21/06/2014 Tony Carter All, Books, News')."""
    match = DATE.search(text)
    if match is None:
        return "", ""
    left = DATE.sub(" ", text, count=1)
    rest = _meta_rest(left)
    name, section = listed_after_date(text[match.end():])
    if looks_like_name(rest) and "," not in left.strip(" ,"):  # not 'Nov 3, 2019, London, Paris'
        return rest, section
    before = _meta_rest(text[: match.start()])
    return (before if looks_like_name(before) else name), section


def _meta_rest(text: str) -> str:
    """A dateline's text without its field words and separators ('published', 'by', '|')."""
    return " ".join(DATE_REST_JUNK.sub(" ", text).strip(" -–—|/").split())


def listed_after_date(text: str) -> tuple[str, str]:
    """The author and the section of a blog's meta line after its date: a name, then the post's
    categories as a comma-separated list of labels ('Tony Carter All, Books, Kit Reviews' → Tony
    Carter, Books: a catch-all label is no section); ('', '') when no such list follows."""
    parts = [part.strip(" .|") for part in text.split(",")]
    if len(parts) < LIST_LABELS or not all(is_label_text(part) for part in parts[1:]):
        return "", ""
    head = CONTROL_BEFORE_LIST.sub("", parts[0]).strip()
    name, first = name_before_label(head)
    if not first:
        return "", ""  # 'Nov 3, 2019, London, Paris': a place, not a list opened by a label
    labels = [label for label in [first, *parts[1:]] if label and section_name(label) == label]
    broad = [label for label in labels if is_weak_section(label)]
    narrow = [label for label in labels if label not in broad]
    return name, (narrow or broad or [""])[0]


def name_before_label(head: str) -> tuple[str, str]:
    """A list's first field split into a name and the label run into it ('Tony Carter All'), the
    label alone ('Alfabetização') or neither: the label after a name must be a known catch-all or
    broad label (rules/sections.toml), so a three-word name is never cut."""
    words = head.split()
    for cut in range(2, len(words)):
        label = " ".join(words[cut:])
        if looks_like_name(" ".join(words[:cut])) and (label.casefold() in not_section_labels() or is_weak_section(label)):
            return " ".join(words[:cut]), label
    return ("", head) if is_label_text(head) else ("", "")


def is_label_text(text: str) -> bool:
    """A short capitalised label of a list ('Kit Reviews', 'Brinquedos e Brincadeiras', 'All')."""
    words = text.split()
    return 1 <= len(words) <= LABEL_WORDS and is_section_name(text) and all(
        word[:1].isupper() or word.casefold() in LABEL_JOINERS for word in words)


def label_by_date(text: str) -> str:
    """A section label a dateline carries: run into the date ('March 4, 2021World News'), after it
    ('... 2019-11-18T20:51:19Z Science & Astronomy', the first field of 'March 3, 2021 · Politics ·
    4 min read') or before it behind a separator ('Sport | January 1, 2005'); '' when none."""
    match = DATE.search(text)
    if match is None:
        return ""
    before = LABEL_BEFORE_DATE.match(text[: match.start()])
    if before and _is_date_label(before.group("label"), AFTER_DATE_WORDS):
        return before.group("label")
    if match.end() >= len(text):
        return ""
    rest = text[match.end():].strip(" \u00a0|-–—·•")
    if match.start() == 0 and text[match.end()].isalpha():
        return rest if _is_date_label(rest, GLUED_LABEL_WORDS) else ""
    label = FIELD_SPLIT.split(rest, maxsplit=1)[0]
    return label if _is_date_label(label, AFTER_DATE_WORDS) else ""


def _is_date_label(label: str, most: int) -> bool:
    """A short title-case label beside a date that names a section."""
    return 1 <= len(label.split()) <= most and case_pattern(label) in ("title", "upper") and section_name(label) == label


def read_caption(text: str, state: _State) -> str:
    split = split_caption_credit(text)
    caption, credit = split if split else (text, "")
    if not state.caption:
        state.caption = caption
        state.credit = state.credit or credit
    return "caption"


def read_lone_names(lines: list[Line], date_at: list[int], state: _State) -> None:
    """A line that is just a name, next to a dateline or a bare time ('Monday 6:30PM'), is the
    author ('Ed Cara', 'Name@handle'); not one of a list of short lines (a slideshow's captions)."""
    anchors = set(date_at) | {index for index, line in enumerate(lines) if TIME_LINE.match(line.text)}
    first_after = next((index for index, line in enumerate(lines) if line.number > state.title_number), -1)
    for index, line in enumerate(lines):
        name = line.text.split("@")[0].strip()
        near = any(abs(index - at) <= 2 for at in anchors)
        shouted = name.isupper()  # 'KOMENTAR ISIS': a kicker or section, not a name
        if not near or shouted or line.rule == "section" or in_short_list(lines, index, anchors, state.title_number):
            continue
        names = names_of_list(name) if line.words <= LONE_LIST_WORDS else ()
        if names:
            state.add_authors(names)  # 'Jane Doe and John Roe'
            return
        outlet_name = name_before_outlet(name) if index == first_after else ""
        if outlet_name:
            state.add_authors((outlet_name,))  # 'Jane Doe, The Daily Paper' right under the headline
            return
        if line.words <= 5:
            if not looks_like_name(name) and "," not in name:  # not 'Al Goldis, Associated Press': a photo credit
                name = clean_name(name)  # 'Elliot Brownstein Florida Today'
            if looks_like_name(name):
                state.add_authors((name,))
                return


def name_before_outlet(text: str) -> str:
    """The name of 'Jane Doe, The Daily Paper': a name, a comma and a short capitalised outlet that
    is no agency (a photo credit names one: 'Al Goldis, Associated Press'); '' otherwise."""
    head, comma, rest = text.partition(",")
    rest = rest.strip()
    if not comma or not looks_like_name(head.strip()) or parse_credit_line(text) or desk_names().get(rest.casefold()):
        return ""
    words = rest.split()
    if not 1 <= len(words) <= OUTLET_WORDS or case_pattern(rest) not in ("title", "upper") or agencies_in(rest):
        return ""
    return head.strip()


def agencies_in(text: str) -> bool:
    """Whether a text names a news or photo agency ('AP Photo', 'Getty Images', 'Reuters')."""
    return bool(PHOTO_AGENCY.search(text)) or any(word.casefold() in desk_names() for word in re.findall(r"[\w.]+", text))


def in_short_list(lines: list[Line], index: int, anchors: set[int], title_number: int) -> bool:
    """Of the header lines, the line is one of a run of LIST_RUN or more short lines on one side of
    the headline that are not all names (captions of a slideshow, a menu): a name among them is a
    caption's, not the byline's. Anchors (datelines) end a run."""
    def joins(at: int, other: int) -> bool:
        low, high = sorted((lines[at].number, lines[other].number))
        short = at not in anchors and lines[at].words <= LABEL_WORDS + 2 and not lines[at].prose
        return short and not low < title_number < high

    start, end = index, index + 1
    while start > 0 and joins(start - 1, start):
        start -= 1
    while end < len(lines) and joins(end, end - 1):
        end += 1
    run = [lines[at].text for at in range(start, end)]
    return len(run) >= LIST_RUN and not all(looks_like_name(text) for text in run)


def _tags_of(text: str) -> list[str]:
    _, _, rest = text.partition(":")
    return [tag.strip() for tag in re.split(r"[,;|]", rest) if tag.strip()]


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


def agency_of(paragraphs: list[str]) -> str:
    """The outlet named in an agency dateline 'CITY (AP) —' in the first paragraphs, or ''."""
    names = agencies()
    for paragraph in paragraphs[:3]:
        match = AGENCY_DATELINE.search(paragraph[:200])
        if match:
            return names.get(match.group("agency"), match.group("agency"))
    return ""


AGENCY_DATELINE = re.compile(r"\((?P<agency>[A-Z][A-Za-z]{1,12})\)\s*[—–-]")

__all__ = ["parse_text", "clean_credit", "parse_date"]
