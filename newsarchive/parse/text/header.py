"""The furniture before a text dump's body: bylines, datelines, captions, credits and the author's
name on a line of its own, read into the reader's state."""

from __future__ import annotations

import re
from datetime import tzinfo

from ..boilerplate import Line, is_date_line as _is_date_line
from ..bylines import (
    LEADING_BY,
    NAME,
    clean_name,
    desk_names,
    desk_of,
    looks_like_name,
    names_of_list,
    parse_byline,
    parse_byline_parts,
)
from ..credits import parse_credit_line, split_caption_credit
from ..dates import CLOCK, DATE, WEEKDAY, find_dates, search_date
from ..lines import Roles, case_pattern
from ..outlets import not_name_words
from ..rulereader import META_WORDS, NEAR_TITLE_WORDS
from .sections import LABEL_WORDS, label_by_date, listed_after_date
from .state import _State

NEAR_TITLE = 4  # the first header lines after the headline, where a dateline may hold other words
DATE_WORD = re.compile(r"\b(published|posted|updated|modified|first published|last updated|date)\b", re.I)
BYLINE_END = re.compile(r"\s*(?:@|/|\||•|·|,|\s[-–—]\s|\(|\d)")  # where the name of a bare byline ends
LONE_LIST_WORDS = 14  # a line listing the authors' names alone is at most this long
OUTLET_WORDS = 5  # the outlet after a byline's name and comma is at most this long
PHOTO_AGENCY = re.compile(r"\b(?:images?|photos?|pictures?|pool|stock|epa|afp|shutterstock|alamy)\b", re.I)
LIST_RUN = 3  # short lines in a row, not all names, are a list (captions, a menu), not a byline
# A bare time or weekday, the date a page shows for a recent story ('Monday 6:30PM', '3 hours ago').
TIME_LINE = re.compile(
    rf"^(?:(?:{WEEKDAY})\s*,?\s*)?(?:{CLOCK})(?:\s*[A-Z]{{2,4}})?$|^(?:{WEEKDAY})$|^\d{{1,2}}\s+(?:minutes?|mins?|hours?|hrs?|days?)\s+ago$",
    re.I,
)
DATE_REST_JUNK = re.compile(r"\b(published|updated|posted|last|modified|on|at|by)\b|[:|·•,]", re.I)


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
