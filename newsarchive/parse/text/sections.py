"""The section a text dump files its story under: the line the model is surest of, else a
breadcrumb, a labelled field of a meta line, a label by the headline or beside the date."""

from __future__ import annotations

import re

from ..boilerplate import BREADCRUMB_SEPARATOR, LABEL_JOINERS, Line, is_breadcrumb
from ..bylines import looks_like_name, parse_byline
from ..credits import parse_credit_line
from ..dates import DATE
from ..lines import Roles, SECTION_PREFIX, case_pattern
from ..rulereader import META_WORDS, TITLE_SCAN, _is_furniture_text
from ..rules import home_labels, is_weak_section, not_section_labels

GLUED_LABEL_WORDS = 6  # a section label run into a dateline is at most this long ...
AFTER_DATE_WORDS = 3  # ... and one after a space, or before a separator, at most this long
LABEL_BEFORE_DATE = re.compile(r"^\s*(?P<label>[^|•·]{2,40}?)\s*[|•·]\s*$")
MIN_SECTION = 0.35  # a section is given only when the model is at least this sure of its line
MIN_SECTION_BEFORE = 0.1  # ... or this sure of a line right before the headline (or its copy), where labels sit
SECTION_WORDS = 5  # a section label is at most this long
LABEL_WORDS = 3  # ... and a bare label above the headline at most this long
CRUMB_LINES = 3  # a path written one label a line has at most this many labels after 'Home'
FIELD_SPLIT = re.compile(r"\s+[-–—|/•·]\s+|\s*[|/•·]\s*")  # the fields of a dateline or byline
# The category at the end of a 'Posted ... in Politics' line (not 'By Jane Doe in London': a place).
POSTED_IN = re.compile(r"\s(?:in|under)\s+(?P<label>[A-Z][\w&'’-]*(?:\s+(?:[A-Z&][\w&'’-]*|and|of|the)){0,2})\.?$")
IN_SECTION = re.compile(r"^in\s+(?=[A-Z])")  # 'in Reviews': a field naming the section
BREADCRUMB = re.compile(r"\s*(?:>|»|›|/|\|)\s*")
GLUED_WORDS = re.compile(r"[a-z][A-Z]")  # 'MoreBikes', 'HomeSPORT': menu entries run together
OUTLET_LIKE = re.compile(r"^the\s", re.I)  # 'The Republic': a section name does not start with an article
PUBLISHED_WORD = re.compile(r"\b(published|posted|first published|publicado|veröffentlicht)\b", re.I)
LIST_LABELS = 3  # a blog's category list after its dateline: at least this many comma-separated labels
CONTROL_BEFORE_LIST = re.compile(r"^.*[!?:]\s+")  # a comments link run into the list ('Comente! Música')
GLUED_TITLE_CHARS = 20  # a headline run into a path above it is found by this many of its first characters
NOT_SECTION = re.compile(
    r"\d|[:@]|\b(ago|read|min|log|login|sign|register|close|menu|search|admin|by|submit|subscribe|share|watch|live|"
    r"breaking|comments?|e-?mail|print|follow|advertisement|sponsored|home|skip|more|next|previous|back|url|link|permalink|"
    r"article|story|page|updated?|published|posted|modified|edited|am|pm|e[sd]?t|c[sd]?t|m[sd]?t|p[sd]?t|gmt|utc|bst|cet|cest|ist|hst)\b",
    re.I,
)


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


def is_section_name(text: str) -> bool:
    """A short label without digits, colons or interface words ('China News', not '2 min read')."""
    return not NOT_SECTION.search(text) and text[:1].isupper()


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
