"""When the story was published as the page shows it (dated elements, bylines, labelled lines,
`<time>` texts, the lines under the headline), set beside the markup's timestamp; htmldate last."""

from __future__ import annotations

import logging
import re
from datetime import datetime, time, timedelta, timezone, tzinfo

import lxml.html
from dateutil import parser as dateutil_parser

from ..dates import ZONE_WORD, date_order, find_dates
from .markup import element_text
from .layout import header_lines, short_lines
from .metadata import PUBLISHED_META, PageMeta, first_meta, language_code, meta_tags, parse_iso
from .authors import byline_texts

log = logging.getLogger(__name__)

DATE_CLASS = re.compile(r"date|time|publish|posted|stamp|byline", re.I)
OFFSET_IN_TEXT = re.compile(r"(?:Z|[+-]\d{2}:?\d{2}|\b(?:UTC|GMT))\s*$", re.I)
CLOCK_IN_TEXT = re.compile(r"\d{1,2}:\d{2}")
PUBLISHED_TEXT = re.compile(
    r"^\s*(?:first\s+)?(?:published|posted|publicado|publicada|publié|veröffentlicht|publiziert|erschienen|pubblicato|diterbitkan|"
    r"опубликовано)\b",
    re.I,
)
NOT_PUBLISHED_CLASS = re.compile(r"updat|modif|comment|related|footer|copyright", re.I)
LABELLED_DATE_CHARS = 120
NUMERIC_DATE_HINT = re.compile(r"\d[/.-]\d{1,2}[/.-]\d{2}")
DATE_ORDER_LINES = 40  # dated lines read for the order of a page's numeric dates
DAY_FIRST_ENGLISH = {"en-gb", "en-au", "en-nz", "en-ie", "en-in", "en-za", "en-sg", "en-pk", "en-ng", "en-ke"}
PUBLISHED_HINT = re.compile(r"published|posted|publicad|publié|veröffentlicht|publiziert|erschienen|pubblicato|diterbitkan|опубликовано", re.I)


def page_date_order(tree: lxml.html.HtmlElement, meta: PageMeta) -> bool | None:
    """Whether the page's numeric dates put the day first: its dated lines say so (a date such as
    19/11/2019 settles it), else its locale when that is one that writes the day first ('en-GB',
    'pt-BR', any language but English); else None. 'en-US' is many publishing tools' default
    whatever the outlet's country, so it is no evidence."""
    lines = [text for _, text in short_lines(tree, LABELLED_DATE_CHARS, NUMERIC_DATE_HINT, article_first=False)]
    order = date_order(" ".join(lines[:DATE_ORDER_LINES]))
    if order is not None:
        return order
    locale = (tree.get("lang") or "").replace("_", "-").lower()
    if not locale:
        locale = first_meta(meta_tags(tree), ("og:locale", "content-language", "language")).replace("_", "-").lower()
    language = language_code(locale)
    if language and (language != "en" or locale in DAY_FIRST_ENGLISH):
        return True
    return None


def visible_date(tree: lxml.html.HtmlElement, tz: tzinfo, order: bool | None = None) -> datetime | None:
    """The publication date as the page shows it to readers, in its own zone: a dateline element,
    a date in the byline element, the text of a `<time>` element."""
    return (dateline_date(tree, tz, order) or byline_date(tree, tz, order) or labelled_date(tree, tz, order)
            or time_text_date(tree, tz, order))


def wall_times(tree: lxml.html.HtmlElement) -> list[str]:
    """Texts that may state the publication moment in the page's local time without a zone: the
    published-time meta values and the text of `<time>` elements ('Posted Nov 18, 8:19 PM')."""
    texts = [value for key, values in meta_tags(tree).items() if key in PUBLISHED_META for value in values]
    texts.extend(element_text(element) for element in tree.xpath("//time[@datetime]")[:5])
    return [text for text in texts if 0 < len(text) <= 80]


def local_time_of(instant: datetime | None, texts: list[str]) -> datetime | None:
    """A UTC timestamp moved to the page's own offset, when another value on the page states the same
    moment as a local wall-clock time ('2019-11-18 20:58:46' beside '2019-11-19T04:58:46Z'): the
    offset is their difference. The timestamp unchanged otherwise; no date is made up."""
    if instant is None or instant.utcoffset() != timedelta(0):
        return instant
    utc_wall = instant.replace(tzinfo=None)
    for text in texts:
        if OFFSET_IN_TEXT.search(text) or ZONE_WORD.search(text) or not CLOCK_IN_TEXT.search(text):
            continue  # a value with its own zone, or without a time, states no wall-clock time
        try:
            wall = dateutil_parser.parse(text, fuzzy=True, default=datetime(instant.year, 1, 1))
        except (ValueError, OverflowError):
            continue
        if wall.tzinfo is not None:
            continue
        delta = wall - (utc_wall.replace(second=0, microsecond=0) if wall.second == 0 else utc_wall.replace(microsecond=0))
        if timedelta(0) < abs(delta) <= timedelta(hours=14) and delta % timedelta(minutes=15) == timedelta(0):
            return instant.astimezone(timezone(delta))
    return instant


def choose_published(visible: datetime | None, markup: datetime | None) -> datetime | None:
    """The date to publish under: the day the page shows, which the markup's timestamp (often in
    UTC, or the first version's) may not be. The markup's value when it falls on the shown day
    and the page shows no time, for its time and offset."""
    if visible is None:
        return markup
    if markup is not None and markup.date() == visible.date() and visible.timetz().replace(tzinfo=None) == time(0):
        return markup
    return visible


def dateline_date(tree: lxml.html.HtmlElement, tz: tzinfo, order: bool | None = None) -> datetime | None:
    """The date in the first element marked as a dateline ('published', 'date', 'timestamp'),
    in the article first; update and comment dates are not the publication date."""
    for path in ("//article//*[@class]", "//main//*[@class]", "//*[@class]"):
        for element in tree.xpath(path):
            kind = element.get("class", "")
            if DATE_CLASS.search(kind) and not NOT_PUBLISHED_CLASS.search(kind):
                text = element_text(element)
                when = find_dates(text, tz, order)[0] if 0 < len(text) <= 200 else None
                if when:
                    return when
    return None


def byline_date(tree: lxml.html.HtmlElement, tz: tzinfo, order: bool | None = None) -> datetime | None:
    """A date printed in the byline ('By Jane Doe - 2019-04-10')."""
    for text in byline_texts(tree):
        when = find_dates(text, tz, order)[0] if len(text) <= 200 else None
        if when:
            return when
    return None


def labelled_date(tree: lxml.html.HtmlElement, tz: tzinfo, order: bool | None = None) -> datetime | None:
    """A date in a short line the page labels as the publication's ('Published: Monday, ...')."""
    for _, text in short_lines(tree, LABELLED_DATE_CHARS, PUBLISHED_HINT, article_first=False):
        if PUBLISHED_TEXT.match(text):
            when = find_dates(text, tz, order)[0]
            if when:
                return when
    return None


def time_text_date(tree: lxml.html.HtmlElement, tz: tzinfo, order: bool | None = None) -> datetime | None:
    """The date a `<time>` element shows as text ('November 18, 2019'), in the article first;
    its datetime attribute when that is a bare day (a day with no time is the page's own)."""
    for path in ("//article//time", "//main//time", "//time"):
        for element in tree.xpath(path):
            text = element_text(element)
            when = find_dates(text, tz, order)[0] if 0 < len(text) <= 200 else None
            value = element.get("datetime") or ""
            if when is None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
                when = parse_iso(value, tz)
            if when:
                return when
    return None


def header_date(tree: lxml.html.HtmlElement, tz: tzinfo, order: bool | None = None) -> datetime | None:
    """The date of a short line under the headline, before the story's first long paragraph ('March
    3, 2021', 'By Jane Doe | March 3, 2021'), for pages whose markup and classes date nothing."""
    for _, text in header_lines(tree):
        when = find_dates(text, tz, order)[0]
        if when:
            return when
    return None


def guess_date(tree: lxml.html.HtmlElement, tz: tzinfo) -> datetime | None:
    """Last resort: htmldate's search of the page (URLs, text, attributes) for the original date."""
    try:
        import htmldate

        found = htmldate.find_date(tree, original_date=True, extensive_search=False)
    except Exception:  # noqa: BLE001 - a date guesser must never fail a page
        log.debug("htmldate failed", exc_info=True)
        return None
    return parse_iso(found, tz) if found else None
