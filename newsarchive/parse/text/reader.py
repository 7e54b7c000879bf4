"""The text-dump reader's entry point: `parse_text` runs the rule reader, the line model and the
furniture readers over a dump and makes the Article."""

from __future__ import annotations

from datetime import timezone, tzinfo

from ...article import Article
from ...errors import SeedError
from ...seeds import RawSeed
from ..boilerplate import is_date_line as _is_date_line, split_lines
from ..bylines import BIO_WORDS, author_of_bio, parse_byline
from ..lines import read_roles
from ..rulereader import read_by_rules, rule_hints
from ..rules import load_rules
from .outlet import agency_of
from .sections import (
    field_section,
    find_breadcrumb,
    glued_breadcrumb,
    label_above_headline,
    pick_section,
    section_name,
    stacked_breadcrumb,
)
from .state import _State
from .header import names_of_bylines, read_dates_above, read_header
from .tail import read_tail, record_removed
from .roles import header_of, headline_candidates, pick_body, pick_title, unsuffixed_copy

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
