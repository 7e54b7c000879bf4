"""Finding publication dates in dump lines, timezone-aware, with dateutil.

A regular expression finds the date-like part of a line (month names and their abbreviations,
numeric and ISO forms, with a time and a zone before or after, glued to other text or not);
dateutil parses that part. Only lines that may hold a date are parsed: callers test short lines.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

# North American abbreviations name a zone (so summer time is right); the rest are fixed offsets.
TZ_NAMES: dict[str, tzinfo] = {
    "ET": ZoneInfo("America/New_York"),
    "EST": ZoneInfo("America/New_York"),
    "EDT": ZoneInfo("America/New_York"),
    "CT": ZoneInfo("America/Chicago"),
    "CST": ZoneInfo("America/Chicago"),
    "CDT": ZoneInfo("America/Chicago"),
    "MT": ZoneInfo("America/Denver"),
    "MST": ZoneInfo("America/Denver"),
    "MDT": ZoneInfo("America/Denver"),
    "PT": ZoneInfo("America/Los_Angeles"),
    "PST": ZoneInfo("America/Los_Angeles"),
    "PDT": ZoneInfo("America/Los_Angeles"),
    "GMT": timezone.utc,
    "UTC": timezone.utc,
    "Z": timezone.utc,
    "BST": timezone(timedelta(hours=1)),
    "CET": timezone(timedelta(hours=1)),
    "CEST": timezone(timedelta(hours=2)),
    "EET": timezone(timedelta(hours=2)),
    "MSK": timezone(timedelta(hours=3)),
    "IST": timezone(timedelta(hours=5, minutes=30)),
    "SGT": timezone(timedelta(hours=8)),
    "HKT": timezone(timedelta(hours=8)),
    "JST": timezone(timedelta(hours=9)),
    "KST": timezone(timedelta(hours=9)),
    "AEST": timezone(timedelta(hours=10)),
    "AEDT": timezone(timedelta(hours=11)),
}

ENGLISH_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# Full month names in other languages written with the Latin or Cyrillic alphabet (Portuguese,
# Spanish, French, German, Italian, Dutch, Indonesian, Turkish, Russian with its genitive forms),
# mapped to the month. Only names that no other language uses for another month.
FOREIGN_MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            "janeiro enero janvier januar jänner gennaio januari ocak январь января",
            "fevereiro febrero février fevrier februar febbraio februari şubat subat февраль февраля",
            "março marco marzo mars märz maret maart mart март марта",
            "abril avril aprile nisan апрель апреля",
            "maio mayo mai maggio mei mayıs mayis май мая",
            "junho junio juin juni giugno haziran июнь июня",
            "julho julio juillet juli luglio temmuz июль июля",
            "agosto août aout agustus augustus ağustos agustos август августа",
            "setembro septiembre setiembre septembre settembre eylül eylul сентябрь сентября",
            "outubro octubre octobre oktober ottobre ekim октябрь октября",
            "novembro noviembre novembre kasım kasim ноябрь ноября",
            "dezembro diciembre décembre decembre dezember dicembre desember aralık aralik декабрь декабря",
        ),
        start=1,
    )
    for name in names.split()
}
FOREIGN_MONTH = "|".join(sorted(FOREIGN_MONTHS, key=len, reverse=True))
MONTH = rf"(?:{ENGLISH_MONTH}|(?:{FOREIGN_MONTH})(?![^\W\d_]))"
WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?"
YEAR = r"(?:19|20)\d{2}"
TIME = r"(?<!\d)\d{1,2}(?:[:.]\d{2}){1,2}(?:\s*[ap]\.?\s?m\.?)?(?![\d.])|(?<!\d)\d{1,2}\s*[ap]\.?m\.?(?![a-z])"
ZONE_NAMES = "|".join(sorted(TZ_NAMES, key=len, reverse=True))
ZONE = rf"(?:\(?(?:GMT|UTC)?\s?[+-]\d{{1,2}}(?::?\d{{2}})?(?!\d)\)?|\(?(?:{ZONE_NAMES})\)?(?!(?-i:[a-z])))"
DAY = r"\d{1,2}(?:st|nd|rd|th)?"

CORE = (
    rf"(?<!\d){YEAR}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?"
    rf"|\b{MONTH}\s*{DAY},?\s+{YEAR}"
    rf"|(?<!\d){DAY}\.?\s+(?:de\s+)?{MONTH},?\s+(?:de\s+|del\s+)?{YEAR}"
    rf"|(?<!\d){YEAR}\s?[年년]\s?\d{{1,2}}\s?[月월]\s?\d{{1,2}}\s?[日일]?"
    rf"|(?<![\d/.]){YEAR}/\d{{1,2}}/\d{{1,2}}(?![\d/])"
    rf"|(?<![\d/.])\d{{1,2}}/\d{{1,2}}/(?:{YEAR}|\d{{2}})(?![\d/])"
    rf"|(?<![\d/.])\d{{1,2}}\.\d{{1,2}}\.{YEAR}(?!\d)"
)
# The time and zone may come after the date ("Nov. 19, 2019, 6:18 p.m. ET", glued "20194:29 AM")
# or before it ("10:48, Tue, Nov 19, 2019", "5:45 AM PST 11/19/2019").
GLUED_TIME = r"\d{1,2}(?:[:.]\d{2}){1,2}(?:\s*[ap]\.?\s?m\.?)?(?![\d.])|\d{1,2}\s*[ap]\.?m\.?(?![a-z])"
AFTER = rf"(?:\s*(?:,|\||at|@|[-–—]{{1,2}}|/)?\s*(?:{WEEKDAY},?\s*)?(?:{GLUED_TIME})(?:\s*{ZONE})?|\s*{ZONE}(?=\s|$|[,|;]))?"
BEFORE = rf"(?:(?:{TIME})(?:\s*{ZONE})?\s*(?:,|\||-|–|—|on)?\s*(?:{WEEKDAY},?\s*)?|(?:{WEEKDAY},?\s*))?"
DATE = re.compile(rf"{BEFORE}(?:{CORE}){AFTER}", re.I)
# Every date form above holds a four-digit year or a d/m/yy date: a fast test before the slow search.
DATE_HINT = re.compile(rf"{YEAR}|\d/\d{{1,2}}/\d\d")

UPDATED = re.compile(r"^\s*(?:last\s+)?(?:updated|modified|edited)\b", re.I)
UPDATED_SPLIT = re.compile(r"(?:last\s+)?(?:updated|modified|edited)\b", re.I)
ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.I)
MERIDIEM = re.compile(r"\b([ap])\.?\s?m\.?", re.I)
DOT_TIME = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{2})(?![\d.])")
GLUED_YEAR = re.compile(rf"({YEAR})(?=\d{{1,2}}:\d{{2}})")
NUMERIC = re.compile(r"(?<![\d/.])(\d{1,4})([/.])(\d{1,2})\2(\d{2,4})(?![\d/])")
ZONE_WORD = re.compile(rf"\(?(?<![A-Za-z])({ZONE_NAMES})(?![A-Za-z])\)?")
OFFSET = re.compile(r"(?:GMT|UTC)\s?([+-])(\d{1,2})(?::?(\d{2}))?(?!\d)", re.I)
NOISE = re.compile(r"[|,;@–—]|\bat\b", re.I)
EAST_ASIAN = re.compile(r"(\d{4})\s?[年년]\s?(\d{1,2})\s?[月월]\s?(\d{1,2})\s?[日일]?")
FOREIGN = re.compile(rf"(?<![^\W\d_])(?:{FOREIGN_MONTH})(?![^\W\d_])|(?<=\d)\s+(?:de|del)\s+(?=[^\W\d_])|(?<=[^\W\d_])\s+(?:de|del)\s+(?=\d)", re.I)
ENGLISH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December")


def _english_month(match: re.Match[str]) -> str:
    """A foreign month name as its English name; a Spanish/Portuguese 'de' between parts as a space."""
    number = FOREIGN_MONTHS.get(match.group(0).lower())
    return ENGLISH_NAMES[number] if number else " "


def search_date(text: str) -> re.Match[str] | None:
    """The first date in the text (with its time and zone), as DATE.search, but fast on text without one."""
    return DATE.search(text) if DATE_HINT.search(text) else None


def find_date_text(line: str) -> str | None:
    """The first date-like substring of a line (with its time and zone), or None."""
    match = search_date(line)
    return match.group(0).strip(" ,|-–—/") if match else None


def _numeric_to_iso(match: re.Match[str]) -> str:
    first, sep, second, year = match.group(1), match.group(2), match.group(3), match.group(4)
    if len(first) == 4:  # 2019/11/19
        return f"{first}-{int(second):02d}-{int(year):02d}"
    a, b = int(first), int(second)
    if len(year) == 2:
        year = f"20{year}"
    # Day first when it cannot be a month, or in the European dotted form; US order otherwise.
    day, month = (a, b) if a > 12 or sep == "." else (b, a)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return match.group(0)
    return f"{year}-{month:02d}-{day:02d}"


def _zone_of(text: str) -> tuple[str, tzinfo | None]:
    """Take the time zone named in the text out of it."""
    offset = OFFSET.search(text)
    if offset:
        sign = -1 if offset.group(1) == "-" else 1
        delta = timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3) or 0))
        return text[: offset.start()] + " " + text[offset.end():], timezone(sign * delta)
    zone = ZONE_WORD.search(text)
    if zone:
        return text[: zone.start()] + " " + text[zone.end():], TZ_NAMES[zone.group(1).upper()]
    return text, None


def parse_date(text: str, default_tz: tzinfo = timezone.utc) -> datetime | None:
    """Parse one date string into an aware datetime; None when it is not a date."""
    cleaned = EAST_ASIAN.sub(r"\1-\2-\3 ", text)
    cleaned = FOREIGN.sub(_english_month, cleaned)
    cleaned = GLUED_YEAR.sub(r"\1 ", cleaned)
    cleaned = NUMERIC.sub(_numeric_to_iso, cleaned)
    cleaned = ORDINAL.sub("", cleaned)
    cleaned = MERIDIEM.sub(r"\1m", cleaned)
    cleaned = DOT_TIME.sub(r"\1:\2", cleaned)
    cleaned, zone = (cleaned, None) if re.search(r"\d[T ]\d{2}:\d{2}.*[+-]\d{2}:?\d{2}$|\dZ$", cleaned) else _zone_of(cleaned)
    cleaned = NOISE.sub(" ", cleaned)
    try:
        value = dateutil_parser.parse(cleaned, fuzzy=True, default=datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return None
    if not 1800 <= value.year <= 2200:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone or default_tz)
    return value


def find_date(line: str, default_tz: tzinfo = timezone.utc) -> datetime | None:
    """The date a line holds, parsed, or None."""
    text = find_date_text(line)
    return parse_date(text, default_tz) if text else None


def find_dates(line: str, default_tz: tzinfo = timezone.utc) -> tuple[datetime | None, datetime | None]:
    """(published, modified) named by a line such as 'Published: X | Updated: Y'."""
    split = UPDATED_SPLIT.search(line)
    if split is None:
        return find_date(line, default_tz), None
    before, after = line[: split.start()], line[split.end():]
    return find_date(before, default_tz), find_date(after, default_tz)


def is_updated_line(line: str) -> bool:
    """True for 'Updated ...' / 'Last modified ...' lines."""
    return bool(UPDATED.match(line))
